//! `evaluate rhythm DBDIR [--json] [--bradycardia-bpm X] [--tachycardia-bpm Y] [--window-s S]
//! [--windows-out FILE] [--ludb-convention]`: scores the rhythm reading two ways.
//!
//! - **LUDB** (`ludb/`: the header's `Rhythm:` line and diagnosis lines) and **CinC 2020**
//!   (`#Dx` SNOMED codes): against the raw labels (confusion matrix, per-class F1), and
//!   harmonised: the rhythm *family* (sinus, AF, flutter, paced, junctional, ventricular, AV
//!   block, other) against the label's, and for sinus records the rate class (brady, normal,
//!   tachy) against the one the database's own beat marks give under the configured limits
//!   (LUDB: the `N` marks of the lead-II annotator `.ii`; CinC has no beat marks, so there the
//!   rate class is left out of the harmonised score). The rate itself is checked against the
//!   marks: within 3 bpm.
//! - **MIT-BIH style** (records with `.atr` rhythm annotations): windows of `S` seconds
//!   (default 10) lying wholly inside one rhythm episode, each analysed as a record of its own,
//!   scored as MIT-BIH rhythm codes (`(N` for sinus at any rate, `(AFIB`, `(B`, `(VT`, `(P`,
//!   ...; see `sinus::eval::rhythm::mit_reading`). The AF and sinus figures are also printed
//!   for the even- and the odd-numbered records apart (tune on one half, check on the other);
//!   `--windows-out FILE` writes one JSON line per window (record, start, reference, reading,
//!   rule and the classifier's inputs).
//!
//! `--ludb-convention` also scores the raw labels under LUDB's own conventions (55/90 bpm,
//! sinus arrhythmia only with nRMSSD ≥ 0.08), for comparison.

use sinus::eval::rhythm::{
    Confusion, HarmonisedScore, RateClass, dx_codes, episode_windows, harmonise, ludb_family,
    ludb_header_rhythm, marks_rate_bpm, mit_reading, mit_reference, rhythm_episodes, snomed_family,
    snomed_rhythm,
};
use sinus::rhythm::RhythmFamily;
use sinus::{Config, Pipeline};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// One record where reference and report disagree.
#[derive(serde::Serialize)]
struct Disagreement {
    record: String,
    reference: &'static str,
    predicted: &'static str,
    reference_family: &'static str,
    predicted_family: &'static str,
    rate_bpm: Option<f64>,
    marks_bpm: Option<f64>,
    rule: String,
}

fn records(db: &Path) -> Result<Vec<String>, Box<dyn std::error::Error>> {
    let text = std::fs::read_to_string(db.join("RECORDS"))
        .map_err(|e| format!("{}: {e}", db.join("RECORDS").display()))?;
    Ok(text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(String::from)
        .collect())
}

/// LUDB's lead-II beat marks (`N` in `RECORD.ii`), if present.
pub fn ludb_marks(base: &Path) -> Option<Vec<u64>> {
    let ann = sinus::io::annotations::read_annotations(base.with_extension("ii")).ok()?;
    Some(
        ann.iter()
            .filter(|a| a.code == sinus::annotation::Code::NORMAL)
            .map(|a| a.sample)
            .collect(),
    )
}

/// The rate of the detected beats over the stretch the marks cover (their first to last,
/// 150 ms either side): LUDB's cardiologists marked the central beats only.
pub fn rate_over_marks(beats: &[u64], marks: &[u64], fs_hz: f64) -> Option<f64> {
    let tol = (0.15 * fs_hz) as u64;
    let (a, b) = (marks.first()?.saturating_sub(tol), marks.last()? + tol);
    let inside: Vec<u64> = beats
        .iter()
        .copied()
        .filter(|&x| x >= a && x <= b)
        .collect();
    marks_rate_bpm(&inside, fs_hz)
}

/// Everything scored on a LUDB or CinC folder.
#[derive(Default)]
pub struct RecordScores {
    /// Raw labels.
    pub raw: Confusion,
    /// Families.
    pub family: Confusion<RhythmFamily>,
    /// Harmonised: family, and rate class against the marks for sinus records.
    pub harmonised: Vec<(String, HarmonisedScore)>,
    /// Rate class from the marks against the reported one (sinus records read sinus).
    pub rate_class: Confusion<RateClass>,
    /// (record, reported rate, marks rate) where the database has beat marks.
    pub rates: Vec<(String, f64, f64)>,
    /// (record, rate of the detected beats over the marked stretch, marks rate).
    pub span_rates: Vec<(String, f64, f64)>,
    /// Records left unscored (no rhythm label this crate reads).
    pub unscored: usize,
    /// Records that failed.
    pub failed: Vec<String>,
    disagreements: Vec<Disagreement>,
}

impl RecordScores {
    /// Fraction of records right, harmonised.
    pub fn harmonised_accuracy(&self) -> f64 {
        let n = self.harmonised.len().max(1);
        self.harmonised.iter().filter(|(_, h)| h.is_right()).count() as f64 / n as f64
    }
    /// Fraction of records whose reported rate lies within `tol` bpm of the marks' rate.
    pub fn rate_within(&self, tol: f64) -> f64 {
        within(&self.rates, tol)
    }
    /// Fraction of records whose rate over the marked stretch lies within `tol` bpm of the
    /// marks' rate.
    pub fn span_rate_within(&self, tol: f64) -> f64 {
        within(&self.span_rates, tol)
    }
}

fn within(v: &[(String, f64, f64)], tol: f64) -> f64 {
    let n = v.len().max(1);
    v.iter().filter(|(_, a, b)| (a - b).abs() <= tol).count() as f64 / n as f64
}

/// Scores every record of a LUDB (`ludb` true, the folder holding `ludb.csv`) or CinC folder.
pub fn score_records(db: &Path, pipeline: &Pipeline, ludb: bool) -> RecordScores {
    let mut out = RecordScores::default();
    let cfg = &pipeline.config().rhythm;
    let names = records(db).unwrap_or_default();
    for name in names {
        let base = db.join(&name);
        let rec = match sinus::io::wfdb::read_record(&base) {
            Ok(r) => r,
            Err(e) => {
                out.failed.push(format!("{name}: {e}"));
                continue;
            }
        };
        let (reference, family) = if ludb {
            (
                ludb_header_rhythm(rec.comments()),
                ludb_family(rec.comments()),
            )
        } else {
            let codes = dx_codes(rec.comments());
            (snomed_rhythm(&codes), snomed_family(&codes))
        };
        if reference.is_none() && family.is_none() {
            out.unscored += 1;
            continue;
        }
        let full = match pipeline.analyze_full(&rec, &sinus::interpret::Patient::default()) {
            Ok(r) => r,
            Err(e) => {
                out.failed.push(format!("{name}: {e}"));
                continue;
            }
        };
        let report = &full.report;
        let fs = rec.fs().hz();
        let mark_samples = if ludb { ludb_marks(&base) } else { None };
        let marks = mark_samples.as_deref().and_then(|m| marks_rate_bpm(m, fs));
        let rate = report.rates.map(|r| r.mean_bpm);
        if let (Some(a), Some(b)) = (rate, marks) {
            out.rates.push((name.clone(), a, b));
        }
        let detected: Vec<u64> = full.beats.iter().map(|b| b.sample as u64).collect();
        if let (Some(m), Some(b)) = (mark_samples.as_deref(), marks)
            && let Some(a) = rate_over_marks(&detected, m, fs)
        {
            out.span_rates.push((name.clone(), a, b));
        }
        let predicted = report.rhythm.label;
        if let Some(reference) = reference {
            out.raw.add(reference, predicted);
        }
        let mut h = None;
        if let Some(f) = family {
            out.family.add(f, report.rhythm.family());
            let s = harmonise(
                f,
                marks,
                &report.rhythm,
                cfg.bradycardia_bpm,
                cfg.tachycardia_bpm,
            );
            if let (Some(a), Some(b)) = (s.reference_rate, s.reported_rate) {
                out.rate_class.add(a, b);
            }
            h = Some(s.clone());
            out.harmonised.push((name.clone(), s));
        }
        let raw_wrong = reference.is_some_and(|r| r != predicted);
        let harm_wrong = h.as_ref().is_some_and(|h| !h.is_right());
        if raw_wrong || harm_wrong {
            out.disagreements.push(Disagreement {
                record: name.clone(),
                reference: reference.map_or("-", |r| r.code()),
                predicted: predicted.code(),
                reference_family: family.map_or("-", |f| f.code()),
                predicted_family: report.rhythm.family().code(),
                rate_bpm: rate.map(|r| (r * 10.0).round() / 10.0),
                marks_bpm: marks.map(|r| (r * 10.0).round() / 10.0),
                rule: report.rhythm.evidence.rule.clone(),
            });
        }
    }
    out
}

pub fn run(args: &[String]) -> Result<(), Box<dyn std::error::Error>> {
    let mut db: Option<PathBuf> = None;
    let mut json = false;
    let mut window_s = 10.0f64;
    let mut ludb_convention = false;
    let mut windows_out: Option<PathBuf> = None;
    let mut builder = Config::builder();
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "--json" => json = true,
            "--ludb-convention" => ludb_convention = true,
            "--windows-out" => {
                windows_out = Some(PathBuf::from(
                    it.next().ok_or("--windows-out needs a file")?,
                ));
            }
            "--window-s" => {
                window_s = it.next().ok_or("--window-s needs a value")?.parse()?;
                if !(window_s.is_finite() && window_s >= 2.0) {
                    return Err("--window-s must be at least 2".into());
                }
            }
            "--bradycardia-bpm" | "--tachycardia-bpm" => {
                let v: f64 = it
                    .next()
                    .ok_or_else(|| format!("{a} needs a value"))?
                    .parse()?;
                builder = if a == "--bradycardia-bpm" {
                    builder.bradycardia_bpm(v)
                } else {
                    builder.tachycardia_bpm(v)
                };
            }
            s if s.starts_with("--") => return Err(format!("unknown option {s}").into()),
            s => db = Some(PathBuf::from(s)),
        }
    }
    let db = db.ok_or(
        "usage: evaluate rhythm DBDIR [--json] [--bradycardia-bpm X] [--tachycardia-bpm Y] [--window-s S] [--windows-out FILE] [--ludb-convention]",
    )?;
    let pipeline = Pipeline::new(builder.build()?)?;
    let is_ludb = db.join("ludb.csv").is_file();
    let names = records(&db)?;
    if !is_ludb
        && names
            .first()
            .is_some_and(|n| db.join(format!("{n}.atr")).is_file())
    {
        return windows(
            &db,
            &names,
            &pipeline,
            window_s,
            json,
            windows_out.as_deref(),
        );
    }
    let s = score_records(&db, &pipeline, is_ludb);
    let conv = ludb_convention.then(|| {
        let mut rc = pipeline.config().rhythm.clone();
        rc.bradycardia_bpm = 55.0;
        rc.tachycardia_bpm = 90.0;
        rc.sinus_arrhythmia_min_nrmssd = 0.08;
        let mut cfg = pipeline.config().clone();
        cfg.rhythm = rc;
        Pipeline::new(cfg).map(|p| score_records(&db, &p, is_ludb))
    });
    if json {
        let table = |c: &Confusion| {
            c.labels()
                .iter()
                .map(|r| {
                    (
                        r.code(),
                        c.labels()
                            .iter()
                            .map(|p| (p.code(), c.get(*r, *p)))
                            .collect::<BTreeMap<_, _>>(),
                    )
                })
                .collect::<BTreeMap<_, _>>()
        };
        let out = serde_json::json!({
            "database": db.display().to_string(),
            "records_scored": s.raw.total(),
            "records_unscored": s.unscored,
            "failed": s.failed,
            "raw_accuracy": s.raw.accuracy(),
            "raw_confusion": table(&s.raw),
            "raw_classes": s.raw.scores(),
            "family_accuracy": s.family.accuracy(),
            "family_classes": s.family.scores(),
            "harmonised_accuracy": s.harmonised_accuracy(),
            "rate_within_3_bpm": s.rate_within(3.0),
            "span_rate_within_3_bpm": s.span_rate_within(3.0),
            "rate_records": s.rates.len(),
            "disagreements": s.disagreements,
        });
        println!("{}", serde_json::to_string_pretty(&out)?);
        return Ok(());
    }
    let cfg = &pipeline.config().rhythm;
    println!(
        "rhythm evaluation on {} (limits {:.0}/{:.0} bpm, sinus arrhythmia > {:.0} ms)",
        db.display(),
        cfg.bradycardia_bpm,
        cfg.tachycardia_bpm,
        cfg.sinus_arrhythmia_range_ms
    );
    println!(
        "{} records with a raw label, {} with a family, {} without either, {} failed\n",
        s.raw.total(),
        s.family.total(),
        s.unscored,
        s.failed.len()
    );
    println!("1. raw labels");
    print!("{}", s.raw.to_table());
    if let Some(Ok(c)) = &conv {
        println!(
            "   raw accuracy under LUDB's own conventions (55/90 bpm, SA with nRMSSD >= 0.08): {:.3}",
            c.raw.accuracy()
        );
    }
    println!("\n2. harmonised: rhythm family");
    print!("{}", s.family.to_table());
    if s.rate_class.total() > 0 {
        println!(
            "\n   rate class of sinus records (reference: the database's beat marks under {:.0}/{:.0} bpm)",
            cfg.bradycardia_bpm, cfg.tachycardia_bpm
        );
        print!("{}", s.rate_class.to_table());
    }
    println!(
        "\nharmonised accuracy (family, and rate class where marks exist): {:.3} ({} records)",
        s.harmonised_accuracy(),
        s.harmonised.len()
    );
    if !s.rates.is_empty() {
        println!(
            "rate of the detected beats over the marked stretch within 3 bpm of the marks' rate: {:.3} ({} records); within 1.5 bpm: {:.3}",
            s.span_rate_within(3.0),
            s.span_rates.len(),
            s.span_rate_within(1.5)
        );
        for (name, a, b) in s.span_rates.iter().filter(|(_, a, b)| (a - b).abs() > 3.0) {
            println!("  off: {name}: detected {a:.1}, marks {b:.1}");
        }
        println!(
            "reported rate (whole record) within 3 bpm of the marks' rate: {:.3}; within 1.5 bpm: {:.3}",
            s.rate_within(3.0),
            s.rate_within(1.5)
        );
        for (name, a, b) in s.rates.iter().filter(|(_, a, b)| (a - b).abs() > 3.0) {
            println!(
                "  off: {name}: reported {a:.1}, marks {b:.1} (marks cover the central beats only)"
            );
        }
    }
    if !s.disagreements.is_empty() {
        println!(
            "\ndisagreements (raw reference -> report, family reference -> report; * = wrong harmonised):"
        );
        for d in &s.disagreements {
            let harm_wrong = s
                .harmonised
                .iter()
                .any(|(n, h)| *n == d.record && !h.is_right());
            println!(
                "  {:<10} {:>3} -> {:<4} {:>4} -> {:<4}{} {:>6} bpm (marks {:>5})  {}",
                d.record,
                d.reference,
                d.predicted,
                d.reference_family,
                d.predicted_family,
                if harm_wrong { "*" } else { " " },
                d.rate_bpm.map_or("-".into(), |r| format!("{r:.0}")),
                d.marks_bpm.map_or("-".into(), |r| format!("{r:.0}")),
                d.rule
            );
        }
    }
    for f in &s.failed {
        println!("failed: {f}");
    }
    Ok(())
}

/// Per record: windows scored, and the disagreeing ones as (reference, predicted) → count.
#[derive(serde::Serialize)]
struct RecordWindows {
    record: String,
    windows: usize,
    disagreements: BTreeMap<String, usize>,
}

/// One MIT-BIH style record cut into windows inside its rhythm episodes.
pub struct ScoredWindows {
    /// (reference, reported) MIT-BIH rhythm code per scored window.
    pub scored: Vec<(&'static str, &'static str)>,
    /// The reference rhythm of each window whose aux text is not a rhythm code scored.
    pub unscored: Vec<String>,
    /// Windows the pipeline refused, with why.
    pub failed: Vec<String>,
    /// Per scored window (same order as `scored`): its start (s) and the rhythm read.
    pub detail: Vec<(f64, sinus::rhythm::Rhythm)>,
    /// Per scored window: each beat's time (s from the window's start) and class code.
    pub beats: Vec<Vec<(f64, String)>>,
}

/// Reads record `name` of `db` and its `.atr`, and analyses every window of `window_s` seconds
/// lying wholly inside one rhythm episode as a record of its own.
pub fn record_windows(
    db: &Path,
    name: &str,
    pipeline: &Pipeline,
    window_s: f64,
) -> Result<ScoredWindows, String> {
    let rec = sinus::io::wfdb::read_record(db.join(name))
        .map_err(|e| sinus::error::Chain(&e).to_string())?;
    let ann = sinus::io::annotations::read_annotations(db.join(format!("{name}.atr")))
        .map_err(|e| e.to_string())?;
    let len = rec.fs().samples(window_s) as u64;
    let episodes = rhythm_episodes(&ann, rec.n_samples() as u64);
    let mut out = ScoredWindows {
        scored: Vec::new(),
        unscored: Vec::new(),
        failed: Vec::new(),
        detail: Vec::new(),
        beats: Vec::new(),
    };
    for (start, e) in episode_windows(&episodes, len) {
        let Some(reference) = mit_reference(&episodes[e].rhythm) else {
            out.unscored.push(episodes[e].rhythm.clone());
            continue;
        };
        let window = rec.slice_samples(start as usize, (start + len) as usize);
        match pipeline.analyze(&window) {
            Ok(r) => {
                out.scored.push((reference, mit_reading(&r.rhythm)));
                out.beats.push(
                    r.beat_list
                        .iter()
                        .map(|b| (b.time_s, b.class.code().symbol().to_string()))
                        .collect(),
                );
                out.detail.push((start as f64 / rec.fs().hz(), r.rhythm));
            }
            Err(e) => out.failed.push(format!("{name} @ {start}: {e}")),
        }
    }
    Ok(out)
}

/// The window figures the issue asks for, from a confusion over MIT-BIH codes.
pub struct WindowFigures {
    /// AF precision, recall and F1.
    pub af: (f64, f64, f64),
    /// Fraction of sinus (`(N`) windows read as anything else.
    pub sinus_other: f64,
    /// Recall per reference code: (code, windows, recall).
    pub recall: Vec<(&'static str, usize, f64)>,
}

/// Computes [`WindowFigures`].
pub fn window_figures(c: &Confusion<&'static str>) -> WindowFigures {
    let af = c.score("(AFIB");
    let n = c.score("(N");
    let recall = c
        .labels()
        .into_iter()
        .map(|l| c.score(l))
        .filter(|s| s.support > 0)
        .map(|s| (s.label, s.support, s.recall.unwrap_or(0.0)))
        .collect();
    WindowFigures {
        af: (
            af.precision.unwrap_or(0.0),
            af.recall.unwrap_or(0.0),
            af.f1.unwrap_or(0.0),
        ),
        sinus_other: 1.0 - n.recall.unwrap_or(0.0),
        recall,
    }
}

/// MIT-BIH style: every record cut into windows inside its rhythm episodes.
fn windows(
    db: &Path,
    names: &[String],
    pipeline: &Pipeline,
    window_s: f64,
    json: bool,
    windows_out: Option<&Path>,
) -> Result<(), Box<dyn std::error::Error>> {
    use std::io::Write;
    let mut confusion: Confusion<&'static str> = Confusion::default();
    // Even and odd record numbers apart, so a rule tuned on one half is checked on the other.
    let mut halves: [Confusion<&'static str>; 2] = Default::default();
    let mut out = match windows_out {
        Some(p) => Some(std::io::BufWriter::new(std::fs::File::create(p)?)),
        None => None,
    };
    let mut unscored: BTreeMap<String, usize> = Default::default();
    let mut per_record = Vec::new();
    let mut failed = Vec::new();
    for name in names {
        let scored = match record_windows(db, name, pipeline, window_s) {
            Ok(v) => v,
            Err(e) => {
                failed.push(format!("{name}: {e}"));
                continue;
            }
        };
        for rhythm in scored.unscored {
            *unscored.entry(rhythm).or_default() += 1;
        }
        failed.extend(scored.failed);
        let half = name
            .bytes()
            .rev()
            .find(u8::is_ascii_digit)
            .map_or(0, |d| usize::from(d % 2));
        for ((&(reference, predicted), (start, rhythm)), beats) in
            scored.scored.iter().zip(&scored.detail).zip(&scored.beats)
        {
            halves[half].add(reference, predicted);
            if let Some(f) = out.as_mut() {
                let line = serde_json::json!({
                    "record": name,
                    "start_s": start,
                    "reference": reference,
                    "reading": predicted,
                    "label": rhythm.label.code(),
                    "pattern": rhythm.pattern,
                    "rule": rhythm.evidence.rule,
                    "p_wave": rhythm.evidence.p_wave,
                    "input": rhythm.evidence.input,
                    "av_block": rhythm.av_block.as_ref().map(|b| format!("{:?}", b.degree)),
                    "beats": beats,
                });
                writeln!(f, "{line}")?;
            }
        }
        let mut row = RecordWindows {
            record: name.clone(),
            windows: scored.scored.len(),
            disagreements: Default::default(),
        };
        for (reference, predicted) in scored.scored {
            confusion.add(reference, predicted);
            if reference != predicted {
                *row.disagreements
                    .entry(format!("{reference}->{predicted}"))
                    .or_default() += 1;
            }
        }
        per_record.push(row);
    }
    let fig = window_figures(&confusion);
    if json {
        let out = serde_json::json!({
            "database": db.display().to_string(),
            "window_s": window_s,
            "windows_scored": confusion.total(),
            "windows_unscored": unscored,
            "failed": failed,
            "accuracy": confusion.accuracy(),
            "af_precision": fig.af.0,
            "af_recall": fig.af.1,
            "af_f1": fig.af.2,
            "sinus_called_other": fig.sinus_other,
            "classes": confusion.scores(),
            "records": per_record,
        });
        println!("{}", serde_json::to_string_pretty(&out)?);
        return Ok(());
    }
    println!(
        "rhythm evaluation on {}, {window_s} s windows inside rhythm episodes, scored as MIT-BIH rhythm codes ((N: sinus at any rate)",
        db.display()
    );
    println!(
        "{} windows scored; not scored: {}; {} failed\n",
        confusion.total(),
        if unscored.is_empty() {
            "none".to_string()
        } else {
            unscored
                .iter()
                .map(|(k, v)| format!("{k} {v}"))
                .collect::<Vec<_>>()
                .join(", ")
        },
        failed.len()
    );
    print!("{}", confusion.to_table());
    println!(
        "\nAF: precision {:.3}, recall {:.3}, F1 {:.3}; sinus windows read as anything else: {:.2} %",
        fig.af.0,
        fig.af.1,
        fig.af.2,
        100.0 * fig.sinus_other
    );
    for (h, name) in halves.iter().zip(["even", "odd"]) {
        let f = window_figures(h);
        println!(
            "  {name} records: {} windows; AF precision {:.3}, recall {:.3}, F1 {:.3}; sinus read otherwise {:.2} %",
            h.total(),
            f.af.0,
            f.af.1,
            f.af.2,
            100.0 * f.sinus_other
        );
    }
    println!("recall by reference rhythm:");
    for (code, n, r) in &fig.recall {
        println!("  {code:<6} {n:>5} windows  recall {r:.3}");
    }
    println!("\ndisagreeing windows per record (reference -> report: count):");
    for r in per_record.iter().filter(|r| !r.disagreements.is_empty()) {
        let d: Vec<String> = r
            .disagreements
            .iter()
            .map(|(k, v)| format!("{k}: {v}"))
            .collect();
        println!(
            "  {:<6} {:>4} windows  {}",
            r.record,
            r.windows,
            d.join(", ")
        );
    }
    for f in &failed {
        println!("failed: {f}");
    }
    Ok(())
}
