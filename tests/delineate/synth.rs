//! Delineation against the synthetic generator's ground truth, at rates from 100 to 1000 Hz and
//! with noise, through the whole pipeline (detection, beat classes, delineation).
//!
//! The generator's boundaries are where each Gaussian kernel falls to 4.4 % of its peak, a
//! convention of its own, and the global boundaries are calibrated to the earliest and latest
//! of LUDB's twelve per-lead marks (the global T offset about 20 ms after the kernel's 4 %
//! point, the QRS offset about 11 ms after it): so the tests hold the mean error within 25 ms,
//! the same at every rate, and its spread within a few ms.

use sinus::delineate::{BeatSource, Delineation};
use sinus::synth::{BeatKind, GroundTruth, Noise, PvcParams, Rhythm, SynthConfig, generate};
use sinus::{Pipeline, SampleRate};

const NAMES: [&str; 5] = ["P onset", "P offset", "QRS onset", "QRS offset", "T offset"];

/// Errors (ms) of the beats' global marks against the truth, over the normal beats found:
/// P onset, P offset, QRS onset, QRS offset, T offset; and the number of normal beats.
fn errors(d: &Delineation, truth: &GroundTruth) -> ([Vec<f64>; 5], usize) {
    let fs = truth.fs.hz();
    let mut out: [Vec<f64>; 5] = Default::default();
    let mut n = 0;
    for t in truth.beats.iter().filter(|b| b.kind == BeatKind::Normal) {
        let Some(b) = d
            .beats
            .iter()
            .find(|b| b.sample.abs_diff(t.r_peak) as f64 <= 0.05 * fs)
        else {
            continue;
        };
        n += 1;
        let g = &b.global;
        let pairs = [
            (g.p_onset, t.p_onset),
            (g.p_offset, t.p_offset),
            (g.qrs_onset, t.qrs_onset),
            (g.qrs_offset, t.qrs_offset),
            (g.t_offset, t.t_offset),
        ];
        for (slot, (ours, want)) in out.iter_mut().zip(pairs) {
            if let (Some(o), Some(w)) = (ours, want) {
                slot.push((o - w as f64) * 1000.0 / fs);
            }
        }
    }
    (out, n)
}

fn mean_sd(v: &[f64]) -> (f64, f64) {
    let n = v.len().max(1) as f64;
    let m = v.iter().sum::<f64>() / n;
    (
        m,
        (v.iter().map(|x| (x - m).powi(2)).sum::<f64>() / n).sqrt(),
    )
}

fn config(fs: f64, seed: u64, snr_db: Option<f64>) -> SynthConfig {
    SynthConfig {
        fs: SampleRate::new(fs).unwrap(),
        seed,
        noise: Noise {
            emg_snr_db: snr_db,
            baseline_wander_mv: if snr_db.is_some() { 0.3 } else { 0.0 },
            ..Noise::default()
        },
        ..SynthConfig::default()
    }
}

/// Runs the pipeline on `cfg` and checks every boundary of every normal beat (at least those
/// whose waves lie inside the record) within `max_mean` ms on average and `max_sd` ms of spread.
fn check(cfg: &SynthConfig, max_mean: f64, max_sd: f64) {
    let syn = generate(cfg).unwrap();
    let a = Pipeline::default()
        .analyze_full(&syn.record, &Default::default())
        .unwrap();
    let (e, n) = errors(&a.delineation, &syn.truth);
    let label = format!(
        "{} Hz, seed {}, noise {:?}",
        cfg.fs.hz(),
        cfg.seed,
        cfg.noise.emg_snr_db
    );
    assert!(n >= 9, "{label}: {n} normal beats found");
    for (name, v) in NAMES.iter().zip(&e) {
        // The first and last beats may have a wave outside the record.
        assert!(
            v.len() + 2 >= n,
            "{label}: {name} on {} of {n} beats",
            v.len()
        );
        let (m, s) = mean_sd(v);
        assert!(
            m.abs() <= max_mean && s <= max_sd,
            "{label}: {name} error {m:+.1} ± {s:.1} ms"
        );
    }
    assert!(
        a.delineation
            .beats
            .iter()
            .all(|b| b.source == BeatSource::Representative || b.global.qrs_onset.is_none()),
        "{label}: a normal beat was delineated on its own"
    );
}

#[test]
fn boundaries_hold_at_every_rate() {
    for fs in [500.0, 1000.0, 360.0, 250.0, 257.3] {
        check(&config(fs, 3, None), 25.0, 3.0);
    }
    // At 100 Hz a sample is 10 ms.
    check(&config(100.0, 3, None), 25.0, 5.0);
}

#[test]
fn boundaries_hold_with_noise() {
    for seed in [1, 2] {
        check(&config(500.0, seed, Some(20.0)), 25.0, 5.0);
        check(&config(500.0, seed, Some(12.0)), 28.0, 8.0);
        check(&config(250.0, seed, Some(15.0)), 28.0, 8.0);
    }
}

#[test]
fn peaks_are_found() {
    let syn = generate(&config(500.0, 5, None)).unwrap();
    let a = Pipeline::default()
        .analyze_full(&syn.record, &Default::default())
        .unwrap();
    let ii = syn.record.lead_index(&sinus::Lead::II).unwrap();
    let mut n = 0;
    for t in syn.truth.beats.iter() {
        let Some(b) = a
            .delineation
            .beats
            .iter()
            .find(|b| b.sample.abs_diff(t.r_peak) <= 25)
        else {
            continue;
        };
        let l = &b.leads[ii];
        if let (Some(p), Some(want)) = (l.p, t.p_peak) {
            assert!(p.peak.abs_diff(want) <= 5, "P peak {} vs {want}", p.peak);
        }
        if let (Some(tw), Some(want)) = (l.t, t.t_peak) {
            assert!(tw.peak.abs_diff(want) <= 8, "T peak {} vs {want}", tw.peak);
        }
        let q = l.qrs.unwrap();
        assert!(
            q.r.unwrap().abs_diff(t.r_peak) <= 2,
            "R {:?} vs {}",
            q.r,
            t.r_peak
        );
        n += 1;
    }
    assert!(n >= 10);
}

#[test]
fn atrial_fibrillation_has_no_p_wave() {
    let cfg = SynthConfig {
        rhythm: Rhythm::AtrialFibrillation,
        seed: 7,
        ..SynthConfig::default()
    };
    let syn = generate(&cfg).unwrap();
    let a = Pipeline::default()
        .analyze_full(&syn.record, &Default::default())
        .unwrap();
    let d = &a.delineation;
    assert!(d.beats.len() >= 8);
    assert!(
        d.beats
            .iter()
            .all(|b| b.leads.iter().all(|l| l.p.is_none()))
    );
    assert!(d.beats.iter().all(|b| b.global.p_onset.is_none()));
    let with_qrs = d
        .beats
        .iter()
        .filter(|b| b.global.qrs_onset.is_some())
        .count();
    assert!(with_qrs + 2 >= d.beats.len());
    let m = a.report.measurements.unwrap();
    assert!(m.global.pr_ms.is_none() && m.global.p_axis_deg.is_none());
    assert!(m.global.qrs_ms.is_some() && m.global.qt_ms.is_some());
}

#[test]
fn ventricular_beats_are_delineated_on_their_own() {
    let cfg = SynthConfig {
        seed: 11,
        pvc: PvcParams {
            at_beats: vec![3, 7],
            ..PvcParams::default()
        },
        ..SynthConfig::default()
    };
    let syn = generate(&cfg).unwrap();
    let a = Pipeline::default()
        .analyze_full(&syn.record, &Default::default())
        .unwrap();
    let fs = syn.truth.fs.hz();
    for t in syn
        .truth
        .beats
        .iter()
        .filter(|b| b.kind == BeatKind::Ventricular)
    {
        let b = a
            .delineation
            .beats
            .iter()
            .find(|b| b.sample.abs_diff(t.r_peak) as f64 <= 0.05 * fs)
            .expect("the PVC is detected");
        assert_eq!(b.source, BeatSource::Own);
        assert!(b.leads.iter().all(|l| l.p.is_none()), "a PVC has no P wave");
        let qrs = b.global.qrs_ms().unwrap();
        assert!(qrs > 120.0, "PVC QRS {qrs} ms");
        let (on, off) = (b.global.qrs_onset.unwrap(), b.global.qrs_offset.unwrap());
        let (w_on, w_off) = (t.qrs_onset.unwrap() as f64, t.qrs_offset.unwrap() as f64);
        assert!(
            (on - w_on).abs() * 1000.0 / fs < 25.0,
            "PVC onset {on} vs {w_on}"
        );
        assert!(
            (off - w_off).abs() * 1000.0 / fs < 25.0,
            "PVC offset {off} vs {w_off}"
        );
    }
    // The dominant QRS is narrower.
    let m = a.report.measurements.unwrap();
    assert!(m.global.qrs_ms.unwrap() < 120.0);
}
