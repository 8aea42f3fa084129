//! Rhythms read from the sequence of beat classes: runs of ectopic beats, ventricular
//! tachycardia and idioventricular rhythm, and bigeminal or trigeminal patterns.
//!
//! - A **run** is three or more consecutive ventricular (or supraventricular premature) beats;
//!   a ventricular run at or above the tachycardia limit is (non-sustained) ventricular
//!   tachycardia, a critical finding (2017 AHA/ACC/HRS ventricular arrhythmia guideline,
//!   Al-Khatib et al., Circulation 2018;138:e272: VT is ≥ 3 consecutive ventricular beats at
//!   > 100 bpm).
//! - When ventricular beats make up at least half the beats of the stretch, they are the
//!   rhythm: **ventricular tachycardia** at or above the tachycardia limit, **idioventricular
//!   rhythm** below it.
//! - **Bigeminy**: at least `pattern_min_cycles` consecutive pairs of a dominant beat followed
//!   by an ectopic one; **trigeminy**: triplets of two dominant beats and an ectopic one.
//!   Irregularity that the pattern explains is not fibrillation.

use super::{EctopicPattern, EctopicRun, Rhythm, RhythmConfig, RhythmLabel, RunKind};
use crate::beats::{BeatClass, BeatInfo};

fn kind(c: BeatClass) -> Option<RunKind> {
    match c {
        BeatClass::VentricularPremature => Some(RunKind::Ventricular),
        BeatClass::SupraventricularPremature => Some(RunKind::Supraventricular),
        _ => None,
    }
}

/// Runs of three or more consecutive ectopic beats of one kind.
pub fn runs(beats: &[BeatInfo], fs: f64, tachycardia_bpm: f64) -> Vec<EctopicRun> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < beats.len() {
        let Some(k) = kind(beats[i].class) else {
            i += 1;
            continue;
        };
        let mut j = i + 1;
        while j < beats.len() && kind(beats[j].class) == Some(k) {
            j += 1;
        }
        if j - i >= 3 {
            let rr: Vec<f64> = beats[i + 1..j].iter().filter_map(|b| b.rr_ms).collect();
            let mean = rr.iter().sum::<f64>() / rr.len().max(1) as f64;
            if !rr.is_empty() && mean > 0.0 {
                out.push(EctopicRun {
                    kind: k,
                    start_s: beats[i].sample as f64 / fs.max(f64::MIN_POSITIVE),
                    beats: j - i,
                    rate_bpm: 60_000.0 / mean,
                    tachycardia: 60_000.0 / mean >= tachycardia_bpm,
                });
            }
        }
        i = j;
    }
    out
}

/// The bigeminal or trigeminal pattern of ventricular (or supraventricular) beats covering at
/// least half the beats, with at least `min_cycles` consecutive cycles.
pub fn pattern(beats: &[BeatInfo], min_cycles: usize) -> Option<EctopicPattern> {
    let n = beats.len();
    if n < 2 * min_cycles {
        return None;
    }
    let is_v = |i: usize| beats[i].class == BeatClass::VentricularPremature;
    let is_s = |i: usize| beats[i].class == BeatClass::SupraventricularPremature;
    let is_n = |i: usize| matches!(beats[i].class, BeatClass::Dominant);
    // Longest stretch of consecutive cycles of `len` beats: `len - 1` dominant beats, then an
    // ectopic one of the kind.
    let longest = |len: usize, ectopic: &dyn Fn(usize) -> bool| -> (usize, usize) {
        let mut best = (0usize, 0usize); // (cycles, beats covered)
        for offset in 0..len {
            let mut run = 0usize;
            let mut i = offset;
            while i + len <= n {
                let ok = (i..i + len - 1).all(is_n) && ectopic(i + len - 1);
                if ok {
                    run += 1;
                    if run > best.0 {
                        best = (run, run * len);
                    }
                } else {
                    run = 0;
                }
                i += len;
            }
        }
        best
    };
    let enough = |(cycles, covered): (usize, usize)| cycles >= min_cycles && 2 * covered >= n;
    if enough(longest(2, &is_v)) {
        return Some(EctopicPattern::VentricularBigeminy);
    }
    if enough(longest(3, &is_v)) {
        return Some(EctopicPattern::VentricularTrigeminy);
    }
    if enough(longest(2, &is_s)) {
        return Some(EctopicPattern::SupraventricularBigeminy);
    }
    None
}

/// Reads runs, ventricular rhythms and patterns into `rhythm` (beats of the stretch at
/// `fs`). A ventricular rhythm replaces the label; a pattern is added, and the label of an
/// irregular rhythm that the pattern explains is read again without it.
pub fn apply(rhythm: &mut Rhythm, beats: &[BeatInfo], fs: f64, cfg: &RhythmConfig) {
    rhythm.runs = runs(beats, fs, cfg.tachycardia_bpm);
    let counted: Vec<&BeatInfo> = beats
        .iter()
        .filter(|b| b.class != BeatClass::Unclassified)
        .collect();
    let n = counted.len();
    if n < cfg.min_beats {
        return;
    }
    // Ventricular beats are the rhythm when one run of them covers half the stretch.
    if let Some(run) = rhythm
        .runs
        .iter()
        .filter(|r| r.kind == RunKind::Ventricular && 2 * r.beats >= n)
        .max_by_key(|r| r.beats)
        && !rhythm.label.is_paced()
    {
        let (label, what) = if run.rate_bpm >= cfg.tachycardia_bpm {
            (
                RhythmLabel::VentricularTachycardia,
                "ventricular tachycardia",
            )
        } else {
            (RhythmLabel::IdioventricularRhythm, "idioventricular rhythm")
        };
        rhythm.evidence.rule = format!(
            "a run of {} ventricular beats of {n}, at {:.0} bpm: {what} (read before: {})",
            run.beats, run.rate_bpm, rhythm.evidence.rule
        );
        rhythm.label = label;
        rhythm.sinus_arrhythmia = false;
        return;
    }
    let Some(p) = pattern(beats, cfg.pattern_min_cycles) else {
        return;
    };
    rhythm.pattern = Some(p);
    let explained = matches!(
        rhythm.label,
        RhythmLabel::AtrialFibrillation | RhythmLabel::IrregularUnclassified
    ) && rhythm
        .evidence
        .input
        .nrmssd_no_ventricular
        .is_none_or(|x| x <= cfg.af_min_nrmssd);
    if explained && p != EctopicPattern::SupraventricularBigeminy {
        let before = rhythm.label;
        rhythm.label = if rhythm.evidence.p_wave {
            let rate = rhythm
                .evidence
                .input
                .dominant_rate_bpm
                .or(rhythm.evidence.input.mean_rate_bpm)
                .unwrap_or(75.0);
            cfg.sinus_label(rate)
        } else {
            RhythmLabel::IrregularUnclassified
        };
        rhythm.evidence.rule = format!(
            "{:?}: the irregularity is the pattern's, not {} ({})",
            p,
            before.code(),
            rhythm.evidence.rule
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn seq(s: &str, rr: f64) -> Vec<BeatInfo> {
        s.chars()
            .enumerate()
            .map(|(i, c)| BeatInfo {
                sample: i * 400,
                rr_ms: (i > 0).then_some(rr),
                class: match c {
                    'V' => BeatClass::VentricularPremature,
                    'S' => BeatClass::SupraventricularPremature,
                    _ => BeatClass::Dominant,
                },
                rr_ratio: None,
                qrs_ms: None,
                template_corr: None,
                cluster: None,
                p_match: None,
                ventricular_shape: false,
                qrs_mv: None,
            })
            .collect()
    }

    #[test]
    fn patterns_and_runs() {
        assert_eq!(
            pattern(&seq("NVNVNVNVNV", 800.0), 3),
            Some(EctopicPattern::VentricularBigeminy)
        );
        assert_eq!(
            pattern(&seq("NNVNNVNNVNN", 800.0), 3),
            Some(EctopicPattern::VentricularTrigeminy)
        );
        assert_eq!(pattern(&seq("NNNNVNNNNNVN", 800.0), 3), None);
        assert_eq!(pattern(&seq("NVNVNNNNNNNNNN", 800.0), 3), None);
        let r = runs(&seq("NNVVVVNNSSSN", 500.0), 500.0, 100.0);
        assert_eq!(r.len(), 2);
        assert_eq!((r[0].kind, r[0].beats), (RunKind::Ventricular, 4));
        assert!((r[0].rate_bpm - 120.0).abs() < 1e-9);
        assert!(r[0].is_ventricular_tachycardia(100.0) && r[0].tachycardia);
        assert_eq!((r[1].kind, r[1].beats), (RunKind::Supraventricular, 3));
    }
}
