//! `evaluate delineation`: P, QRS and T boundaries in every lead against LUDB's per-lead marks,
//! the global intervals per record, and the QRS axis.
//!
//! Scoring, for each fiducial (P, QRS, T × onset, peak, offset) over all 12 leads: the reference
//! marks of a lead are matched one-to-one to the detections of the same kind within 150 ms,
//! nearest pairs first; an unmatched detection counts as false only between the first and the
//! last reference mark of the lead (LUDB leaves the record's edges unmarked). Se = matched /
//! reference marks, PPV = matched / (matched + false), and the mean and SD of the error
//! (detection − reference, ms) over the matched pairs.
//!
//! Global intervals per record (P duration, PR, QRS, QT): the marks of all leads are grouped
//! into beats (QRS complexes whose peaks lie within 100 ms; a P wave belongs to the next QRS, a
//! T wave to the one before), each beat's interval runs from the earliest onset to the latest
//! offset across the leads, outlying leads left out as the delineator does ([`GlobalRule`]),
//! and the record's value is the median over its beats; the same computation on LUDB's marks
//! and on the pipeline's gives one difference per record (the plain extremes are printed
//! beside).
//!
//! QRS axis: the frontal axis (least squares over the six limb leads) of the net QRS areas
//! summed over the beats, between each beat's earliest QRS onset and latest offset across the
//! leads from LUDB's marks, against the pipeline's measured axis; LUDB's own axis labels are
//! compared too (their convention: normal 30–69°, horizontal 0–29°, vertical 70–90°, left
//! deviation below 0°, right deviation beyond 90°), without tuning anything to them.
//!
//! Also compiled into `tests/delineate/` (through `#[path]`), so the figures the CI test holds
//! are the ones this example prints.

use rayon::prelude::*;
use sinus::annotation::{Annotation, Code};
use sinus::delineate::Delineation;
use sinus::io::annotations::read_annotations;
use sinus::io::wfdb::read_record;
use sinus::{Pipeline, Record};
use std::error::Error;
use std::path::Path;

/// Matching window (ms).
pub const WINDOW_MS: f64 = 150.0;

/// Wave kinds in LUDB's convention.
pub const KINDS: [(char, &str); 3] = [('p', "P"), ('N', "QRS"), ('t', "T")];
/// The three marks of a wave.
pub const MARKS: [&str; 3] = ["onset", "peak", "offset"];

/// One wave in one lead: onset, peak, offset (any may be missing in a reference file).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct WaveMarks {
    /// 0 = P, 1 = QRS, 2 = T.
    pub kind: usize,
    /// The three marks.
    pub at: [Option<i64>; 3],
}

/// Reads LUDB-style marks: `(` onset, a peak symbol (`p`, `N`, `t`), `)` offset. A few of
/// LUDB's files write the onset just after the peak when the two nearly coincide (`N (` `)`):
/// that onset is read as the wave's too.
pub fn waves_from_annotations(anns: &[Annotation]) -> Vec<WaveMarks> {
    let mut out = Vec::new();
    for (i, a) in anns.iter().enumerate() {
        let kind = match a.code.symbol() {
            "p" => 0,
            "N" => 1,
            "t" => 2,
            _ => continue,
        };
        let swapped = anns
            .get(i + 1)
            .filter(|b| b.code == Code::WFON && b.sample <= a.sample + 2)
            .filter(|_| anns.get(i + 2).is_some_and(|c| c.code == Code::WFOFF));
        let on = i
            .checked_sub(1)
            .and_then(|j| anns.get(j))
            .filter(|b| b.code == Code::WFON)
            .or(swapped)
            .map(|b| b.sample as i64);
        let off = anns
            .get(i + 1 + usize::from(swapped.is_some()))
            .filter(|b| b.code == Code::WFOFF)
            .map(|b| b.sample as i64);
        out.push(WaveMarks {
            kind,
            at: [on, Some(a.sample as i64), off],
        });
    }
    out
}

/// The pipeline's waves in lead `k`.
pub fn waves_from_delineation(d: &Delineation, k: usize) -> Vec<WaveMarks> {
    let mut out = Vec::new();
    for b in &d.beats {
        let Some(l) = b.leads.get(k) else { continue };
        if let Some(p) = l.p {
            out.push(WaveMarks {
                kind: 0,
                at: [
                    Some(p.onset as i64),
                    Some(p.peak as i64),
                    Some(p.offset as i64),
                ],
            });
        }
        if let Some(q) = l.qrs {
            out.push(WaveMarks {
                kind: 1,
                at: [
                    Some(q.onset as i64),
                    Some(q.peak as i64),
                    Some(q.offset as i64),
                ],
            });
        }
        if let Some(t) = l.t {
            out.push(WaveMarks {
                kind: 2,
                at: [
                    Some(t.onset as i64),
                    Some(t.peak as i64),
                    Some(t.offset as i64),
                ],
            });
        }
    }
    out
}

/// Counts and error sums of one fiducial.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct FidScore {
    /// Matched reference marks.
    pub tp: u64,
    /// Unmatched reference marks.
    pub fn_: u64,
    /// Unmatched detections in the scored range.
    pub fp: u64,
    /// Σ error (ms).
    pub sum: f64,
    /// Σ error² (ms²).
    pub sum2: f64,
}

impl FidScore {
    fn add(&mut self, o: &FidScore) {
        self.tp += o.tp;
        self.fn_ += o.fn_;
        self.fp += o.fp;
        self.sum += o.sum;
        self.sum2 += o.sum2;
    }
    /// Sensitivity (%).
    pub fn se(&self) -> Option<f64> {
        let n = self.tp + self.fn_;
        (n > 0).then(|| 100.0 * self.tp as f64 / n as f64)
    }
    /// Positive predictivity (%).
    pub fn ppv(&self) -> Option<f64> {
        let n = self.tp + self.fp;
        (n > 0).then(|| 100.0 * self.tp as f64 / n as f64)
    }
    /// Mean error (ms).
    pub fn mean(&self) -> Option<f64> {
        (self.tp > 0).then(|| self.sum / self.tp as f64)
    }
    /// SD of the error (ms).
    pub fn sd(&self) -> Option<f64> {
        let m = self.mean()?;
        (self.tp > 1).then(|| ((self.sum2 / self.tp as f64 - m * m).max(0.0)).sqrt())
    }
}

/// Matches `reference` to `detected` one-to-one within `tol`, nearest pairs first; an
/// unmatched detection is a false positive only inside `[lo, hi]` (a detection matched to the
/// first reference mark counts even if it lies a little before it).
pub fn match_marks(
    reference: &[i64],
    detected: &[i64],
    tol: i64,
    lo: i64,
    hi: i64,
    fs: f64,
) -> FidScore {
    let det: Vec<i64> = detected
        .iter()
        .copied()
        .filter(|d| (lo - tol..=hi + tol).contains(d))
        .collect();
    let mut pairs: Vec<(i64, usize, usize)> = Vec::new();
    for (i, r) in reference.iter().enumerate() {
        for (j, d) in det.iter().enumerate() {
            let e = (d - r).abs();
            if e <= tol {
                pairs.push((e, i, j));
            }
        }
    }
    pairs.sort_unstable();
    let mut ru = vec![false; reference.len()];
    let mut du = vec![false; det.len()];
    let mut s = FidScore::default();
    for (_, i, j) in pairs {
        if ru[i] || du[j] {
            continue;
        }
        ru[i] = true;
        du[j] = true;
        let e = (det[j] - reference[i]) as f64 * 1000.0 / fs;
        s.tp += 1;
        s.sum += e;
        s.sum2 += e * e;
    }
    s.fn_ = ru.iter().filter(|u| !**u).count() as u64;
    s.fp = du
        .iter()
        .zip(&det)
        .filter(|(u, d)| !**u && (lo..=hi).contains(*d))
        .count() as u64;
    s
}

/// The matched (reference, detection) pairs, as [`match_marks`] makes them.
fn pair_list(reference: &[i64], detected: &[i64], tol: i64) -> Vec<(i64, i64)> {
    let mut pairs: Vec<(i64, usize, usize)> = Vec::new();
    for (i, r) in reference.iter().enumerate() {
        for (j, d) in detected.iter().enumerate() {
            if (d - r).abs() <= tol {
                pairs.push(((d - r).abs(), i, j));
            }
        }
    }
    pairs.sort_unstable();
    let (mut ru, mut du) = (vec![false; reference.len()], vec![false; detected.len()]);
    let mut out = Vec::new();
    for (_, i, j) in pairs {
        if !ru[i] && !du[j] {
            ru[i] = true;
            du[j] = true;
            out.push((reference[i], detected[j]));
        }
    }
    out
}

/// Global intervals of one record: P duration, PR, QRS, QT (ms), medians over beats.
pub type Intervals = [Option<f64>; 4];
/// Their names.
pub const INTERVALS: [&str; 4] = ["P duration", "PR", "QRS", "QT"];

/// One beat's marks across the leads: every lead's P onset, P offset, QRS onset, QRS offset,
/// T offset.
type BeatMarks = [Vec<i64>; 5];

/// How a beat's global boundary is taken from the leads' marks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GlobalRule {
    /// The earliest onset and the latest offset over the leads.
    Extreme,
    /// The earliest onset and latest offset with the outlying leads left out: one when three
    /// to six leads mark the wave, two when seven or more do; one for the P wave (the
    /// delineator's rule).
    Robust,
}

/// Groups the waves of all leads into beats (see the module documentation).
fn beats_across_leads(leads: &[Vec<WaveMarks>], lo: i64, hi: i64, fs: f64) -> Vec<BeatMarks> {
    let near = (0.1 * fs).round() as i64;
    let mut qrs: Vec<WaveMarks> = leads
        .iter()
        .flatten()
        .filter(|w| w.kind == 1 && w.at[1].is_some_and(|p| (lo..=hi).contains(&p)))
        .copied()
        .collect();
    qrs.sort_by_key(|w| w.at[1]);
    let mut clusters: Vec<(i64, BeatMarks)> = Vec::new();
    for w in &qrs {
        let pk = w.at[1].unwrap_or(0);
        if !matches!(clusters.last(), Some((p0, _)) if pk - *p0 <= near) {
            clusters.push((pk, Default::default()));
        }
        if let Some((_, m)) = clusters.last_mut() {
            m[2].extend(w.at[0]);
            m[3].extend(w.at[2]);
        }
    }
    let peaks: Vec<i64> = clusters.iter().map(|c| c.0).collect();
    for w in leads.iter().flatten() {
        let Some(pk) = w.at[1] else { continue };
        match w.kind {
            0 => {
                // The first QRS after the P peak.
                if let Some(i) = peaks.iter().position(|&q| q > pk) {
                    let m = &mut clusters[i].1;
                    m[0].extend(w.at[0]);
                    m[1].extend(w.at[2]);
                }
            }
            2 => {
                if let Some(i) = peaks.iter().rposition(|&q| q < pk) {
                    clusters[i].1[4].extend(w.at[2]);
                }
            }
            _ => {}
        }
    }
    clusters.into_iter().map(|c| c.1).collect()
}

/// A beat's global boundary from the leads' marks: onsets (`late` false) take the earliest,
/// offsets the latest, by `rule`.
fn global_mark(marks: &[i64], late: bool, rule: GlobalRule, p_wave: bool) -> Option<i64> {
    let mut v = marks.to_vec();
    v.sort_unstable();
    if late {
        v.reverse();
    }
    let k = match rule {
        GlobalRule::Extreme => 0,
        GlobalRule::Robust if v.len() >= 7 && !p_wave => 2,
        GlobalRule::Robust if v.len() >= 3 => 1,
        GlobalRule::Robust => 0,
    };
    v.get(k).copied()
}

fn median(v: &mut [f64]) -> Option<f64> {
    if v.is_empty() {
        return None;
    }
    v.sort_by(f64::total_cmp);
    let m = v.len() / 2;
    Some(if v.len() % 2 == 1 {
        v[m]
    } else {
        0.5 * (v[m - 1] + v[m])
    })
}

fn intervals(beats: &[BeatMarks], fs: f64, rule: GlobalRule) -> Intervals {
    let ms = |a: Option<i64>, b: Option<i64>| -> Option<f64> {
        let (a, b) = (a?, b?);
        (b > a).then(|| (b - a) as f64 * 1000.0 / fs)
    };
    let g: Vec<[Option<i64>; 5]> = beats
        .iter()
        .map(|b| {
            [
                global_mark(&b[0], false, rule, true),
                global_mark(&b[1], true, rule, true),
                global_mark(&b[2], false, rule, false),
                global_mark(&b[3], true, rule, false),
                global_mark(&b[4], true, rule, false),
            ]
        })
        .collect();
    let pick = |f: &dyn Fn(&[Option<i64>; 5]) -> Option<f64>| {
        let mut v: Vec<f64> = g.iter().filter_map(f).collect();
        median(&mut v)
    };
    [
        pick(&|b| ms(b[0], b[1])),
        pick(&|b| ms(b[0], b[2])),
        pick(&|b| ms(b[2], b[3])),
        pick(&|b| ms(b[2], b[4])),
    ]
}

/// The frontal QRS axis (degrees) of the net areas summed over `spans` (QRS onset and offset
/// samples), each against the mean level of the 16 ms ending 4 ms before its onset.
pub fn axis_from_spans(rec: &Record, spans: &[(i64, i64)]) -> Option<f64> {
    let fs = rec.fs().hz();
    let (base_len, gap) = ((0.016 * fs).round() as i64, (0.004 * fs).round() as i64);
    let mut areas: Vec<(sinus::Lead, f64)> = Vec::new();
    let sig = rec.signals();
    for (k, lead) in rec.leads().iter().enumerate() {
        if !lead.is_limb() {
            continue;
        }
        let row = sig.row(k);
        let n = row.len() as i64;
        let mut area = 0.0;
        for &(on, off) in spans {
            let (b0, b1) = (on - gap - base_len, on - gap);
            if b0 < 0 || off >= n || off <= on {
                continue;
            }
            let base: f64 =
                (b0..b1).map(|t| row[t as usize] as f64).sum::<f64>() / base_len.max(1) as f64;
            area += (on..=off)
                .map(|t| row[t as usize] as f64 - base)
                .sum::<f64>();
        }
        areas.push((lead.clone(), area / fs));
    }
    sinus::measure::frontal_axis(&areas)
}

/// LUDB's axis category (their convention, see the module documentation) of an angle.
pub fn axis_category(deg: f64) -> &'static str {
    if (-90.0..0.0).contains(&deg) {
        "left"
    } else if (0.0..30.0).contains(&deg) {
        "horizontal"
    } else if (30.0..70.0).contains(&deg) {
        "normal"
    } else if (70.0..=90.0).contains(&deg) {
        "vertical"
    } else if deg > 90.0 {
        "right"
    } else {
        "indeterminate"
    }
}

/// LUDB's label (from `ludb.csv`) as one of the categories.
pub fn ludb_axis_label(text: &str) -> Option<&'static str> {
    let t = text.to_ascii_lowercase();
    if t.contains("left") {
        Some("left")
    } else if t.contains("right") {
        Some("right")
    } else if t.contains("horizontal") {
        Some("horizontal")
    } else if t.contains("vertical") {
        Some("vertical")
    } else if t.contains("normal") {
        Some("normal")
    } else {
        None
    }
}

/// One record's result.
#[derive(Debug, Clone)]
pub struct RecordResult {
    /// Record name.
    pub record: String,
    /// Per fiducial (kind × mark, 9).
    pub fid: [FidScore; 9],
    /// Per lead and fiducial.
    pub per_lead: Vec<(String, [FidScore; 9])>,
    /// Global intervals from LUDB's marks ([`GlobalRule::Robust`]).
    pub ref_intervals: Intervals,
    /// The same by [`GlobalRule::Extreme`] (the earliest and latest of twelve independent
    /// annotations, which lie further out than any one reading of the beat).
    pub ref_intervals_extreme: Intervals,
    /// Global intervals from the pipeline's marks.
    pub our_intervals: Intervals,
    /// Global intervals the pipeline measured (on its representative beat).
    pub measured_intervals: Intervals,
    /// QRS axis from LUDB's marks.
    pub ref_axis: Option<f64>,
    /// QRS axis the pipeline measured.
    pub our_axis: Option<f64>,
    /// The axis label of `ludb.csv`, if found.
    pub ludb_axis: Option<&'static str>,
    /// With `debug`: the representative beat, each beat's aligned fiducial and the matched
    /// (reference, detection) pairs, for `--dump`.
    pub debug: serde_json::Value,
}

/// Scores one record of `db` with pipeline `p`.
pub fn score_record(
    db: &Path,
    name: &str,
    p: &Pipeline,
    ludb_axis: Option<&'static str>,
    debug: bool,
) -> Result<RecordResult, Box<dyn Error>> {
    let base = db.join(name);
    let rec = read_record(&base)?;
    let fs = rec.fs().hz();
    let a = p.analyze_full(&rec, &Default::default())?;
    let tol = (WINDOW_MS * fs / 1000.0).round() as i64;
    let mut fid = [FidScore::default(); 9];
    let mut per_lead = Vec::new();
    let mut ref_leads = Vec::new();
    let mut our_leads = Vec::new();
    let (mut lo_all, mut hi_all) = (i64::MAX, i64::MIN);
    let dump_pairs = debug;
    let mut pairs: Vec<serde_json::Value> = Vec::new();
    for (k, lead) in rec.leads().iter().enumerate() {
        let ext = lead.name().to_ascii_lowercase();
        let path = base.with_extension(&ext);
        if !path.is_file() {
            continue;
        }
        let anns = read_annotations(&path)?;
        let (Some(first), Some(last)) = (anns.first(), anns.last()) else {
            continue;
        };
        let (lo, hi) = (first.sample as i64, last.sample as i64);
        lo_all = lo_all.min(lo);
        hi_all = hi_all.max(hi);
        let r = waves_from_annotations(&anns);
        let d = waves_from_delineation(&a.delineation, k);
        let mut lf = [FidScore::default(); 9];
        for kind in 0..3 {
            for m in 0..3 {
                let rm: Vec<i64> = r
                    .iter()
                    .filter(|w| w.kind == kind)
                    .filter_map(|w| w.at[m])
                    .collect();
                let dm: Vec<i64> = d
                    .iter()
                    .filter(|w| w.kind == kind)
                    .filter_map(|w| w.at[m])
                    .collect();
                let s = match_marks(&rm, &dm, tol, lo, hi, fs);
                if dump_pairs {
                    pairs.extend(
                        pair_list(&rm, &dm, tol)
                            .into_iter()
                            .map(|(r, d)| serde_json::json!([ext, kind, m, r, d])),
                    );
                }
                lf[kind * 3 + m] = s;
                fid[kind * 3 + m].add(&s);
            }
        }
        per_lead.push((ext, lf));
        ref_leads.push(r);
        our_leads.push(d);
    }
    let ref_beats = beats_across_leads(&ref_leads, lo_all, hi_all, fs);
    let our_beats = beats_across_leads(&our_leads, lo_all, hi_all, fs);
    let spans: Vec<(i64, i64)> = ref_beats
        .iter()
        .filter_map(|b| {
            Some((
                global_mark(&b[2], false, GlobalRule::Extreme, false)?,
                global_mark(&b[3], true, GlobalRule::Extreme, false)?,
            ))
        })
        .collect();
    Ok(RecordResult {
        record: name.to_string(),
        fid,
        per_lead,
        ref_intervals: intervals(&ref_beats, fs, GlobalRule::Robust),
        ref_intervals_extreme: intervals(&ref_beats, fs, GlobalRule::Extreme),
        our_intervals: intervals(&our_beats, fs, GlobalRule::Robust),
        measured_intervals: a.report.measurements.as_ref().map_or([None; 4], |m| {
            [
                m.global.p_ms,
                m.global.pr_ms,
                m.global.qrs_ms,
                m.global.qt_ms,
            ]
        }),
        ref_axis: axis_from_spans(&rec, &spans),
        our_axis: a
            .report
            .measurements
            .as_ref()
            .and_then(|m| m.global.qrs_axis_deg),
        ludb_axis,
        debug: match (&a.delineation.representative, debug) {
            (Some(r), true) => serde_json::json!({
                "fs": fs, "fid": r.fiducial, "signals": r.signals, "spread": r.spread,
                "anchors": a.delineation.beats.iter().map(|b| (b.fiducial, b.source == sinus::delineate::BeatSource::Own)).collect::<Vec<_>>(),
                "leads": rec.leads().iter().map(|l| l.name().to_ascii_lowercase()).collect::<Vec<_>>(),
                "rep_leads": r.leads,
                "pairs": pairs,
            }),
            _ => serde_json::Value::Null,
        },
    })
}

/// LUDB's axis labels by record number, from `ludb.csv` beside `RECORDS`.
fn axis_labels(db: &Path) -> Vec<(String, Option<&'static str>)> {
    let Ok(text) = std::fs::read_to_string(db.join("ludb.csv")) else {
        return Vec::new();
    };
    let mut rd = csv::Reader::from_reader(text.as_bytes());
    let headers = rd.headers().cloned().unwrap_or_default();
    let col = headers.iter().position(|h| h.contains("axis"));
    rd.records()
        .filter_map(|r| r.ok())
        .filter_map(|r| {
            let id = r.get(0)?.trim().to_string();
            Some((id, col.and_then(|c| r.get(c)).and_then(ludb_axis_label)))
        })
        .collect()
}

/// Scores the records of `db` (its `RECORDS`; those named in `only`, if any) in parallel.
/// With `debug`, each result also carries its representative beat and matched pairs.
pub fn score_db(
    db: &Path,
    only: &[String],
    p: &Pipeline,
    debug: bool,
) -> Result<Vec<RecordResult>, String> {
    let list = std::fs::read_to_string(db.join("RECORDS"))
        .map_err(|e| format!("{}: {e}", db.join("RECORDS").display()))?;
    let labels = axis_labels(db);
    let names: Vec<String> = list
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .filter(|l| only.is_empty() || only.iter().any(|o| o == l || l.ends_with(&format!("/{o}"))))
        .map(String::from)
        .collect();
    names
        .par_iter()
        .map(|n| {
            let id = n.rsplit('/').next().unwrap_or(n);
            let label = labels.iter().find(|l| l.0 == id).and_then(|l| l.1);
            score_record(db, n, p, label, debug).map_err(|e| format!("{n}: {e}"))
        })
        .collect()
}

/// The figures over a set of records.
#[derive(Debug, Clone)]
pub struct Summary {
    /// Per fiducial, gross over all leads and records.
    pub fid: [FidScore; 9],
    /// Per interval: records compared, mean difference, SD (ms); records where only one side
    /// has it. From the pipeline's per-lead marks as from LUDB's.
    pub intervals: [(usize, Option<f64>, Option<f64>, usize); 4],
    /// The same for the intervals the pipeline measured on its representative beat.
    pub measured: [(usize, Option<f64>, Option<f64>, usize); 4],
    /// The measured intervals against LUDB's marks by [`GlobalRule::Extreme`].
    pub measured_extreme: [(usize, Option<f64>, Option<f64>, usize); 4],
    /// Mean intervals (ms) over the records: LUDB's by the robust rule, LUDB's by the extreme
    /// rule, the pipeline's measured.
    pub means: [[Option<f64>; 4]; 3],
    /// QRS axis: records compared, within 15°, mean |difference|, the largest differences.
    pub axis: (usize, usize, Option<f64>),
    /// Records whose LUDB axis label agrees with the measured axis's category, out of those
    /// labelled.
    pub axis_labels: (usize, usize),
}

/// The smaller angle between two directions (degrees).
pub fn angle_diff(a: f64, b: f64) -> f64 {
    let d = (a - b).rem_euclid(360.0);
    if d > 180.0 { 360.0 - d } else { d }
}

/// Sums up `results`.
pub fn summarise(results: &[RecordResult]) -> Summary {
    let mut fid = [FidScore::default(); 9];
    for r in results {
        for (f, s) in fid.iter_mut().zip(&r.fid) {
            f.add(s);
        }
    }
    let compare_to = |ours: &dyn Fn(&RecordResult) -> Intervals,
                      reference: &dyn Fn(&RecordResult) -> Intervals| {
        let mut iv = [(0usize, None, None, 0usize); 4];
        for (i, slot) in iv.iter_mut().enumerate() {
            let d: Vec<f64> = results
                .iter()
                .filter_map(|r| Some(ours(r)[i]? - reference(r)[i]?))
                .collect();
            let one_sided = results
                .iter()
                .filter(|r| ours(r)[i].is_some() != reference(r)[i].is_some())
                .count();
            let n = d.len();
            let mean = (n > 0).then(|| d.iter().sum::<f64>() / n as f64);
            let sd = mean
                .filter(|_| n > 1)
                .map(|m| (d.iter().map(|x| (x - m).powi(2)).sum::<f64>() / (n - 1) as f64).sqrt());
            *slot = (n, mean, sd, one_sided);
        }
        iv
    };
    let compare =
        |ours: &dyn Fn(&RecordResult) -> Intervals| compare_to(ours, &|r| r.ref_intervals);
    let iv = compare(&|r| r.our_intervals);
    let measured = compare(&|r| r.measured_intervals);
    let measured_extreme = compare_to(&|r| r.measured_intervals, &|r| r.ref_intervals_extreme);
    let mean_of = |f: &dyn Fn(&RecordResult) -> Intervals| {
        let mut out = [None; 4];
        for (i, o) in out.iter_mut().enumerate() {
            let v: Vec<f64> = results.iter().filter_map(|r| f(r)[i]).collect();
            *o = (!v.is_empty()).then(|| v.iter().sum::<f64>() / v.len() as f64);
        }
        out
    };
    let diffs: Vec<f64> = results
        .iter()
        .filter_map(|r| Some(angle_diff(r.our_axis?, r.ref_axis?)))
        .collect();
    let axis = (
        diffs.len(),
        diffs.iter().filter(|d| **d <= 15.0).count(),
        (!diffs.is_empty()).then(|| diffs.iter().sum::<f64>() / diffs.len() as f64),
    );
    let labelled: Vec<(&str, &str)> = results
        .iter()
        .filter_map(|r| Some((r.ludb_axis?, axis_category(r.our_axis?))))
        .collect();
    Summary {
        fid,
        intervals: iv,
        measured,
        measured_extreme,
        means: [
            mean_of(&|r| r.ref_intervals),
            mean_of(&|r| r.ref_intervals_extreme),
            mean_of(&|r| r.measured_intervals),
        ],
        axis,
        axis_labels: (
            labelled.iter().filter(|(a, b)| a == b).count(),
            labelled.len(),
        ),
    }
}
