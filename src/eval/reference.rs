//! Measurements taken between reference wave boundaries (LUDB's per-lead P, QRS and T onset,
//! peak and offset marks): what a delineator that agreed with LUDB's cardiologists would hand
//! the interpretation. Scoring the statements on them separates the rules' errors from the
//! delineator's; it is an evaluation tool, not the pipeline's measurement.
//!
//! Per beat and lead: the baseline is the mean of the 10 ms before the beat's global QRS onset
//! (the PR segment); Q, R, S, R′, S′ are the lobes of the lead's own QRS (its marks); J, ST60
//! and ST80 are read at the beat's global J point, as the commercial programs do; P and T
//! amplitudes within the lead's own marks. Global boundaries are the earliest onset and latest
//! offset across leads, less the single most outlying lead (LUDB marks each lead on its own,
//! and one early or late mark would otherwise widen every interval). Each value is the median
//! over the beats; axes from the net QRS, P and T areas in I and aVF. Notches are not assessed.
//!
//! ```no_run
//! use sinus::eval::reference::{ludb_waves, measure_from_waves};
//! use sinus::io::annotations::read_annotations;
//! let rec = sinus::io::wfdb::read_record("../shared/physionet/ludb/data/1").unwrap();
//! let waves: Vec<_> = rec
//!     .leads()
//!     .iter()
//!     .map(|l| {
//!         let ext = l.name().to_ascii_lowercase();
//!         let a = read_annotations(format!("../shared/physionet/ludb/data/1.{ext}")).unwrap();
//!         (l.clone(), ludb_waves(&a))
//!     })
//!     .collect();
//! let m = measure_from_waves(&rec, &waves);
//! assert!(m.global.qrs_ms.is_some());
//! ```

use crate::annotation::{Annotation, Code};
use crate::lead::Lead;
use crate::measure::{GlobalMeasurements, LeadMeasurements, Measurements, Qtc, QtcFormula};
use crate::record::Record;

/// The kind of a wave.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum WaveKind {
    /// P wave.
    P,
    /// QRS complex.
    Qrs,
    /// T wave.
    T,
}

/// One wave's marks in one lead (samples).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WaveMarks {
    /// The kind.
    pub kind: WaveKind,
    /// Onset.
    pub onset: usize,
    /// Peak.
    pub peak: usize,
    /// Offset.
    pub offset: usize,
}

/// The waves of a LUDB annotation file: each peak mark (`p`, `N`, `t`) with the `(` before and
/// the `)` after it; a peak without both is left out.
pub fn ludb_waves(annotations: &[Annotation]) -> Vec<WaveMarks> {
    let mut out = Vec::new();
    for (k, a) in annotations.iter().enumerate() {
        let kind = match a.code {
            Code::PWAVE => WaveKind::P,
            Code::TWAVE => WaveKind::T,
            c if c.is_beat() => WaveKind::Qrs,
            _ => continue,
        };
        let on = k
            .checked_sub(1)
            .and_then(|j| annotations.get(j))
            .filter(|b| b.code == Code::WFON);
        let off = annotations.get(k + 1).filter(|b| b.code == Code::WFOFF);
        if let (Some(on), Some(off)) = (on, off)
            && on.sample <= a.sample
            && a.sample <= off.sample
        {
            out.push(WaveMarks {
                kind,
                onset: on.sample as usize,
                peak: a.sample as usize,
                offset: off.sample as usize,
            });
        }
    }
    out
}

fn median(mut v: Vec<f64>) -> Option<f64> {
    v.retain(|x| x.is_finite());
    if v.is_empty() {
        return None;
    }
    v.sort_by(f64::total_cmp);
    let n = v.len();
    Some(if n % 2 == 1 {
        v[n / 2]
    } else {
        0.5 * (v[n / 2 - 1] + v[n / 2])
    })
}

/// One beat across the leads: the global boundaries and each lead's own waves.
struct Beat {
    qrs_on: usize,
    qrs_off: usize,
    p_on: Option<usize>,
    p_off: Option<usize>,
    t_off: Option<usize>,
    peak: usize,
}

/// Measurements from reference wave boundaries, one list of waves per lead (leads absent from
/// `waves` are not measured).
pub fn measure_from_waves(record: &Record, waves: &[(Lead, Vec<WaveMarks>)]) -> Measurements {
    let fs = record.fs().hz();
    let n = record.n_samples();
    let ms = |samples: f64| samples / fs * 1e3;
    let signals = record.signals();
    // The lead with the most QRS marks drives the beats.
    let master = waves
        .iter()
        .max_by_key(|(_, w)| w.iter().filter(|x| x.kind == WaveKind::Qrs).count());
    let tol = (0.06 * fs) as usize;
    let mut beats: Vec<Beat> = Vec::new();
    // The k-th smallest (k = 1: second) of the values, or the smallest when there are fewer
    // than three: one lead's outlying mark does not set a global boundary.
    fn trimmed(mut v: Vec<usize>, largest: bool) -> Option<usize> {
        v.sort_unstable();
        if largest {
            v.reverse();
        }
        let k = usize::from(v.len() >= 3);
        v.get(k).copied()
    }
    if let Some((_, mw)) = master {
        for q in mw.iter().filter(|x| x.kind == WaveKind::Qrs) {
            let (mut on, mut off, mut p_on, mut p_off, mut t_off) =
                (Vec::new(), Vec::new(), Vec::new(), Vec::new(), Vec::new());
            for (_, w) in waves {
                let Some(lq) = w
                    .iter()
                    .find(|x| x.kind == WaveKind::Qrs && x.peak.abs_diff(q.peak) <= tol)
                else {
                    continue;
                };
                on.push(lq.onset);
                off.push(lq.offset);
                if let Some(p) = w.iter().rev().find(|x| {
                    x.kind == WaveKind::P
                        && x.offset <= lq.onset
                        && lq.onset - x.offset < (0.3 * fs) as usize
                }) {
                    p_on.push(p.onset);
                    p_off.push(p.offset);
                }
                if let Some(t) = w.iter().find(|x| {
                    x.kind == WaveKind::T
                        && x.onset >= lq.offset
                        && x.onset - lq.offset < (0.5 * fs) as usize
                }) {
                    t_off.push(t.offset);
                }
            }
            let (Some(qrs_on), Some(qrs_off)) = (trimmed(on, false), trimmed(off, true)) else {
                continue;
            };
            beats.push(Beat {
                qrs_on,
                qrs_off,
                p_on: trimmed(p_on, false),
                p_off: trimmed(p_off, true),
                t_off: trimmed(t_off, true),
                peak: q.peak,
            });
        }
    }
    let base_len = ((0.01 * fs).round() as usize).max(1);
    let baseline = |row: usize, b: &Beat| -> Option<f64> {
        let end = b.qrs_on.min(n);
        let start = end.checked_sub(base_len)?;
        let v: Vec<f64> = (start..end)
            .filter_map(|i| signals.get([row, i]).map(|&x| f64::from(x)))
            .collect();
        let m = v.iter().sum::<f64>() / v.len().max(1) as f64;
        (!v.is_empty() && m.is_finite()).then_some(m)
    };
    let at = |row: usize, i: usize, b: f64| -> Option<f64> {
        signals
            .get([row, i])
            .map(|&x| f64::from(x) - b)
            .filter(|v| v.is_finite())
    };
    // The samples of `row` from `a` to `b` (inclusive) against the baseline; empty when out of
    // the record.
    let span = |row: usize, a: usize, b: usize, base: f64| -> Vec<f64> {
        if a > b || b >= n {
            return Vec::new();
        }
        (a..=b)
            .filter_map(|i| signals.get([row, i]).map(|&x| f64::from(x) - base))
            .collect()
    };

    let mut leads = Vec::new();
    let mut areas: Vec<(Lead, f64, f64, f64)> = Vec::new();
    for (lead, w) in waves {
        let Some(row) = record.lead_index(lead) else {
            continue;
        };
        let mut per: Vec<LeadMeasurements> = Vec::new();
        let mut p_areas = Vec::new();
        let mut t_areas = Vec::new();
        for b in &beats {
            let Some(lq) = w
                .iter()
                .find(|x| x.kind == WaveKind::Qrs && x.peak.abs_diff(b.peak) <= tol)
            else {
                continue;
            };
            let Some(base) = baseline(row, b) else {
                continue;
            };
            let qrs = span(row, lq.onset, lq.offset, base);
            if qrs.len() < 2 {
                continue;
            }
            let mut m = crate::synth::truth::measure_qrs(&qrs, 1.0 / fs);
            m.qrs_ms = Some(ms((lq.offset - lq.onset) as f64));
            let j = b.qrs_off;
            m.j_mv = at(row, j, base);
            m.st60_mv = at(row, j + (0.06 * fs).round() as usize, base);
            m.st80_mv = at(row, j + (0.08 * fs).round() as usize, base);
            if let (Some(a), Some(c)) = (m.j_mv, m.st80_mv) {
                m.st_slope_mv_per_s = Some((c - a) / 0.08);
            }
            if let Some(t) = w.iter().find(|x| {
                x.kind == WaveKind::T
                    && x.onset >= lq.offset
                    && x.onset - lq.offset < (0.5 * fs) as usize
            }) && let v = span(row, t.onset, t.offset, base)
                && !v.is_empty()
            {
                m.t_pos_mv = Some(v.iter().copied().fold(0.0, f64::max));
                m.t_neg_mv = Some(v.iter().copied().fold(0.0, f64::min));
                t_areas.push(ms(v.iter().sum::<f64>()));
            }
            if let Some(p) = w
                .iter()
                .rev()
                .find(|x| x.kind == WaveKind::P && x.offset <= lq.onset)
                && lq.onset - p.offset < (0.3 * fs) as usize
                && let v = span(row, p.onset, p.offset, base)
                && !v.is_empty()
            {
                m.p_pos_mv = Some(v.iter().copied().fold(0.0, f64::max));
                m.p_neg_mv = Some(v.iter().copied().fold(0.0, f64::min));
                m.p_ms = Some(ms((p.offset - p.onset) as f64));
                m.p_neg_ms = Some(ms(v.iter().filter(|&&x| x < -0.02).count() as f64));
                p_areas.push(ms(v.iter().sum::<f64>()));
            }
            per.push(m);
        }
        if per.is_empty() {
            continue;
        }
        let med = |f: fn(&LeadMeasurements) -> Option<f64>| -> Option<f64> {
            let v: Vec<f64> = per.iter().filter_map(f).collect();
            // A wave present in fewer than half the beats is not the lead's wave.
            (2 * v.len() >= per.len()).then(|| median(v)).flatten()
        };
        let mut morph: Vec<(String, usize)> = Vec::new();
        for m in &per {
            if let Some(s) = &m.qrs_morphology {
                match morph.iter_mut().find(|(x, _)| x == s) {
                    Some(e) => e.1 += 1,
                    None => morph.push((s.clone(), 1)),
                }
            }
        }
        morph.sort_by_key(|m| std::cmp::Reverse(m.1));
        let lm = LeadMeasurements {
            lead: lead.name().to_string(),
            p_pos_mv: med(|m| m.p_pos_mv),
            p_neg_mv: med(|m| m.p_neg_mv),
            p_ms: med(|m| m.p_ms),
            p_neg_ms: med(|m| m.p_neg_ms),
            q_mv: med(|m| m.q_mv),
            q_ms: med(|m| m.q_ms),
            r_mv: med(|m| m.r_mv),
            r_ms: med(|m| m.r_ms),
            s_mv: med(|m| m.s_mv),
            s_ms: med(|m| m.s_ms),
            r_prime_mv: med(|m| m.r_prime_mv),
            r_prime_ms: med(|m| m.r_prime_ms),
            s_prime_mv: med(|m| m.s_prime_mv),
            s_prime_ms: med(|m| m.s_prime_ms),
            qrs_ms: med(|m| m.qrs_ms),
            r_peak_time_ms: med(|m| m.r_peak_time_ms),
            qrs_morphology: morph.first().map(|(s, _)| s.clone()),
            delta_wave: None,
            // Notches found by zero crossings of a real signal are mostly noise: not assessed.
            qrs_notch: None,
            j_wave: None,
            j_peak_mv: None,
            qrs_net_mv: med(|m| m.qrs_net_mv),
            qrs_area_mv_ms: med(|m| m.qrs_area_mv_ms),
            j_mv: med(|m| m.j_mv),
            st60_mv: med(|m| m.st60_mv),
            st80_mv: med(|m| m.st80_mv),
            st_slope_mv_per_s: med(|m| m.st_slope_mv_per_s),
            t_pos_mv: med(|m| m.t_pos_mv),
            t_neg_mv: med(|m| m.t_neg_mv),
        };
        areas.push((
            lead.clone(),
            lm.qrs_area_mv_ms.unwrap_or(0.0),
            median(p_areas).unwrap_or(0.0),
            median(t_areas).unwrap_or(0.0),
        ));
        leads.push(lm);
    }

    let rr: Vec<f64> = beats
        .windows(2)
        .map(|w| ms(w[1].peak.abs_diff(w[0].peak) as f64))
        .collect();
    let rr_ms = (!rr.is_empty()).then(|| rr.iter().sum::<f64>() / rr.len() as f64);
    let qrs_ms = median(
        beats
            .iter()
            .map(|b| ms(b.qrs_off.saturating_sub(b.qrs_on) as f64))
            .collect(),
    );
    let pr_ms = median(
        beats
            .iter()
            .filter_map(|b| Some(ms(b.qrs_on.checked_sub(b.p_on?)? as f64)))
            .collect(),
    );
    let p_ms = median(
        beats
            .iter()
            .filter_map(|b| Some(ms(b.p_off?.checked_sub(b.p_on?)? as f64)))
            .collect(),
    );
    let qt_ms = median(
        beats
            .iter()
            .filter_map(|b| Some(ms(b.t_off?.checked_sub(b.qrs_on)? as f64)))
            .collect(),
    );
    let qtc = match (qt_ms, rr_ms) {
        (Some(qt), Some(rr)) if rr > 0.0 => {
            let rr_s = rr / 1e3;
            Qtc {
                bazett_ms: Some(qt / rr_s.sqrt()),
                fridericia_ms: Some(qt / rr_s.cbrt()),
                framingham_ms: Some(qt + 154.0 * (1.0 - rr_s)),
                hodges_ms: Some(qt + 1.75 * (60_000.0 / rr - 60.0)),
            }
        }
        _ => Qtc::default(),
    };
    let axis = |k: usize| -> Option<f64> {
        let get = |l: &Lead| {
            areas.iter().find(|a| a.0 == *l).map(|a| match k {
                0 => a.1,
                1 => a.2,
                _ => a.3,
            })
        };
        let (i, avf) = (get(&Lead::I)?, get(&Lead::AVF)?);
        (i != 0.0 || avf != 0.0).then(|| (avf * 2.0 / 3f64.sqrt()).atan2(i).to_degrees())
    };
    Measurements {
        global: GlobalMeasurements {
            heart_rate_bpm: rr_ms.filter(|&r| r > 0.0).map(|r| 60_000.0 / r),
            rr_ms,
            p_ms,
            pr_ms,
            qrs_ms,
            qt_ms,
            qtc_ms: qtc.bazett_ms,
            qtc_formula: QtcFormula::Bazett,
            qtc,
            p_axis_deg: pr_ms.and_then(|_| axis(1)),
            qrs_axis_deg: axis(0),
            t_axis_deg: axis(2),
            paced: None,
        },
        leads,
        beats: Vec::new(),
    }
}

/// The LUDB record at `path` (without extension) read with its reference measurements: the
/// waves of each lead's annotation file (`<path>.i`, `.ii`, … `.v6`; a lead without its file is
/// not measured) measured by [`measure_from_waves`].
pub fn ludb_measurements(
    record: &Record,
    path: &std::path::Path,
) -> Result<Measurements, crate::io::annotations::AnnotationError> {
    let mut waves = Vec::new();
    for lead in record.leads() {
        let ext = lead.name().to_ascii_lowercase();
        let file = path.with_extension(&ext);
        if !file.is_file() {
            continue;
        }
        let a = crate::io::annotations::read_annotations(&file)?;
        waves.push((lead.clone(), ludb_waves(&a)));
    }
    Ok(measure_from_waves(record, &waves))
}

/// The statements of `report` read again with measurements `m` (the report's rhythm, beats,
/// pauses, episodes, excluded leads and patient kept): the interpretation as it would be had
/// the pipeline measured `m`. Returns the statements and the triage.
pub fn reinterpret(
    report: &crate::report::Report,
    record_leads: &[Lead],
    m: &Measurements,
    cfg: &crate::pipeline::Config,
) -> (Vec<crate::report::Statement>, crate::report::Severity) {
    let st = crate::interpret::interpret(
        &crate::interpret::InterpretInput {
            rhythm: &report.rhythm,
            counts: &report.beats,
            rates: report.rates,
            pauses: &report.pauses,
            leads: record_leads,
            excluded_leads: &report.excluded_leads,
            episodes: &report.rhythm_episodes,
            min_af_episode_s: cfg.episodes.min_af_episode_s,
            measurements: Some(m),
            patient: &report.patient,
        },
        &cfg.severity,
        &cfg.interpret,
    );
    let triage = st
        .iter()
        .map(|s| s.severity)
        .max()
        .unwrap_or(crate::report::Severity::Normal);
    (st, triage)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn waves_from_ludb_marks() {
        let a = |s: u64, c: Code| Annotation::new(s, c);
        let marks = vec![
            a(10, Code::WFON),
            a(20, Code::PWAVE),
            a(30, Code::WFOFF),
            a(40, Code::WFON),
            a(50, Code::NORMAL),
            a(60, Code::WFOFF),
            a(100, Code::TWAVE), // no onset: left out
            a(110, Code::WFOFF),
        ];
        let w = ludb_waves(&marks);
        assert_eq!(w.len(), 2);
        assert_eq!((w[0].kind, w[0].onset, w[0].offset), (WaveKind::P, 10, 30));
        assert_eq!((w[1].kind, w[1].peak), (WaveKind::Qrs, 50));
    }
}
