//! Presets, mains detection and baseline-wander removal on synthetic signals, and conditioning
//! of real records.
//!
//! The test ECG is a sum of Gaussian P, Q, R, S, T waves (R = 1 mV, QRS ~ 80 ms) with a slowly
//! varying RR interval: ECG-like in shape and spectrum, but simpler than a recording (no noise
//! other than what each test adds, identical beat morphology).

use crate::common;

use ndarray::Array2;
use sinus::filter::{Conditioning, Mains, Preset, condition, detect_mains, preset_sos};
use sinus::{Lead, Record, SampleRate};
use std::f64::consts::PI;

/// Synthetic ECG (mV) at `fs` for `secs`, R peaks returned as sample indices.
fn ecg(fs: f64, secs: f64, hr_bpm: f64) -> (Vec<f64>, Vec<usize>) {
    let n = (fs * secs) as usize;
    let mut x = vec![0.0; n];
    let mut peaks = Vec::new();
    // (offset from R in s, amplitude mV, width σ in s)
    let waves = [
        (-0.20, 0.15, 0.025),
        (-0.03, -0.12, 0.010),
        (0.0, 1.0, 0.011),
        (0.03, -0.25, 0.010),
        (0.30, 0.30, 0.050),
    ];
    let mut t_r = 0.5;
    let mut k = 0.0f64;
    while t_r < secs - 0.5 {
        let r = (t_r * fs).round() as usize;
        peaks.push(r);
        for (off, amp, sd) in waves {
            let c = t_r + off;
            let lo = ((c - 5.0 * sd) * fs).max(0.0) as usize;
            let hi = (((c + 5.0 * sd) * fs) as usize).min(n);
            for (i, v) in x.iter_mut().enumerate().take(hi).skip(lo) {
                let t = i as f64 / fs;
                *v += amp * (-0.5 * ((t - c) / sd).powi(2)).exp();
            }
        }
        k += 1.0;
        // RR varies by ±4 % (respiratory sinus arrhythmia), so harmonics are not exact lines.
        t_r += 60.0 / hr_bpm * (1.0 + 0.04 * (k * 0.7).sin());
    }
    (x, peaks)
}

fn record(fs: f64, leads: Vec<Vec<f64>>) -> Record {
    let n = leads[0].len();
    let rows = leads.len();
    let x = Array2::from_shape_fn((rows, n), |(k, i)| leads[k][i] as f32);
    let names = [Lead::I, Lead::II, Lead::V1, Lead::V2, Lead::V5, Lead::V6];
    Record::new(
        "synthetic",
        names[..rows].to_vec(),
        SampleRate::new(fs).unwrap(),
        x,
    )
    .unwrap()
}

fn sine(fs: f64, n: usize, f: f64, amp: f64, phase: f64) -> Vec<f64> {
    (0..n)
        .map(|i| amp * (2.0 * PI * f * i as f64 / fs + phase).sin())
        .collect()
}

fn add(a: &[f64], b: &[f64]) -> Vec<f64> {
    a.iter().zip(b).map(|(x, y)| x + y).collect()
}

/// Deterministic white-ish noise of standard deviation ≈ `sd`.
fn noise(n: usize, sd: f64, seed: u64) -> Vec<f64> {
    let mut s = seed | 1;
    (0..n)
        .map(|_| {
            let mut u = 0.0;
            for _ in 0..12 {
                s ^= s << 13;
                s ^= s >> 7;
                s ^= s << 17;
                u += (s >> 11) as f64 / (1u64 << 53) as f64;
            }
            (u - 6.0) * sd
        })
        .collect()
}

#[test]
fn mains_detection_on_synthetic_records() {
    for fs in [250.0, 360.0, 500.0, 1000.0] {
        for secs in [10.0, 60.0] {
            for hr in [60.0, 72.0, 100.0] {
                let (x, _) = ecg(fs, secs, hr);
                let n = x.len();
                let clean = add(&x, &noise(n, 0.01, 1));
                let fs_ = SampleRate::new(fs).unwrap();
                let one =
                    |v: &[f64]| record(fs, vec![v.to_vec(), v.iter().map(|a| -0.5 * a).collect()]);
                assert_eq!(
                    detect_mains(one(&clean).signals(), fs_),
                    None,
                    "clean, fs {fs}, {secs} s, {hr} bpm"
                );
                // A noiseless perfectly periodic ECG at 60 bpm has harmonics exactly at 50 and
                // 60 Hz; they must not pass as mains either.
                let (p, _) = ecg(fs, secs, 60.0);
                let r = record(fs, vec![p]);
                assert_eq!(detect_mains(r.signals(), fs_), None, "periodic, fs {fs}");
                for (f0, amp) in [(50.0, 0.05), (60.0, 0.05), (50.0, 0.02), (60.0, 0.3)] {
                    // Mains drifts a little off nominal; add a harmonic too.
                    let hum = add(
                        &sine(fs, n, f0 + 0.1, amp, 0.3),
                        &sine(fs, n, 3.0 * f0 + 0.3, amp / 3.0, 1.0),
                    );
                    let y = add(&clean, &hum);
                    let r = record(fs, vec![y.clone(), y.iter().map(|a| 0.3 * a).collect()]);
                    if 3.0 * f0 >= fs / 2.0 {
                        // the harmonic would alias; keep the fundamental only
                        let y = add(&clean, &sine(fs, n, f0 + 0.1, amp, 0.3));
                        let r = record(fs, vec![y]);
                        assert_eq!(detect_mains(r.signals(), fs_), Some(f0), "fs {fs} f0 {f0}");
                    } else {
                        assert_eq!(
                            detect_mains(r.signals(), fs_),
                            Some(f0),
                            "fs {fs}, {secs} s, {hr} bpm, {f0} Hz at {amp} mV"
                        );
                    }
                }
            }
        }
    }
    // Too short or too slow to tell: None.
    let fs = SampleRate::new(500.0).unwrap();
    let r = record(500.0, vec![sine(500.0, 300, 50.0, 1.0, 0.0)]);
    assert_eq!(detect_mains(r.signals(), fs), None);
    let r = record(100.0, vec![sine(100.0, 3000, 45.0, 1.0, 0.0)]);
    assert_eq!(
        detect_mains(r.signals(), SampleRate::new(100.0).unwrap()),
        None
    );
}

#[test]
fn auto_mains_notches_what_it_detects() {
    let fs = 500.0;
    let (x, _) = ecg(fs, 10.0, 75.0);
    let n = x.len();
    let y = add(&x, &sine(fs, n, 60.0, 0.2, 0.0));
    let r = record(fs, vec![y]);
    let out = condition(&r, &Conditioning::default()).unwrap();
    assert_eq!(out.mains_hz, Some(60.0));
    let want = condition(
        &record(fs, vec![x]),
        &Conditioning::new(Preset::Monitoring, Mains::Hz60),
    )
    .unwrap();
    // The 0.2 mV hum is gone: what is left is within 5 µV RMS of the hum-free result (edges
    // excluded: the notch rings for ~Q/f0 s).
    let a = out.record.signals();
    let b = want.record.signals();
    let m = 1000..n - 1000;
    let rms = (m
        .clone()
        .map(|i| f64::from(a[[0, i]] - b[[0, i]]).powi(2))
        .sum::<f64>()
        / m.len() as f64)
        .sqrt();
    assert!(rms < 0.005, "hum residual {rms} mV RMS");
}

#[test]
fn preset_definitions() {
    let fs = |f| SampleRate::new(f).unwrap();
    // monitoring: hp2 (1 section) + lp4 (2) + notches below Nyquist
    assert_eq!(
        preset_sos(Preset::Monitoring, None, fs(500.0))
            .unwrap()
            .len(),
        3
    );
    assert_eq!(
        preset_sos(Preset::Monitoring, Some(50.0), fs(500.0))
            .unwrap()
            .len(),
        3 + 4
    ); // 50..200
    assert_eq!(
        preset_sos(Preset::Monitoring, Some(60.0), fs(500.0))
            .unwrap()
            .len(),
        3 + 4
    ); // 60..240
    assert_eq!(
        preset_sos(Preset::Monitoring, Some(50.0), fs(360.0))
            .unwrap()
            .len(),
        3 + 3
    );
    assert_eq!(
        preset_sos(Preset::Monitoring, Some(60.0), fs(360.0))
            .unwrap()
            .len(),
        3 + 2
    ); // 180 = Nyquist excluded
    assert_eq!(
        preset_sos(Preset::Diagnostic, Some(50.0), fs(1000.0))
            .unwrap()
            .len(),
        3 + 9
    );
    // diagnostic low-pass is 150 Hz, capped at 0.45 fs below 333 Hz
    let gain = |sos: &sinus::filter::Sos, f: f64, fs: f64| {
        let w = 2.0 * PI * f / fs;
        let (c1, s1, c2, s2) = (w.cos(), w.sin(), (2.0 * w).cos(), (2.0 * w).sin());
        sos.sections().iter().fold(1.0, |g, s| {
            let num =
                ((s[0] + s[1] * c1 + s[2] * c2).powi(2) + (s[1] * s1 + s[2] * s2).powi(2)).sqrt();
            let den =
                ((1.0 + s[4] * c1 + s[5] * c2).powi(2) + (s[4] * s1 + s[5] * s2).powi(2)).sqrt();
            g * num / den
        })
    };
    let half = std::f64::consts::FRAC_1_SQRT_2;
    let d500 = preset_sos(Preset::Diagnostic, None, fs(500.0)).unwrap();
    assert!((gain(&d500, 150.0, 500.0) - half).abs() < 1e-9);
    assert!((gain(&d500, 0.05, 500.0) - half).abs() < 1e-6);
    let d250 = preset_sos(Preset::Diagnostic, None, fs(250.0)).unwrap();
    assert!((gain(&d250, 112.5, 250.0) - half).abs() < 1e-9);
    let m = preset_sos(Preset::Monitoring, Some(50.0), fs(500.0)).unwrap();
    assert!((gain(&m, 40.0, 500.0) - half).abs() < 1e-2); // notches barely touch 40 Hz
    assert!((gain(&m, 0.67, 500.0) - half).abs() < 1e-3);
    assert!(gain(&m, 50.0, 500.0) < 1e-9 && gain(&m, 100.0, 500.0) < 1e-9);
}

/// Residual wander (RMS, mV) and worst R-amplitude change after the monitoring preset, for
/// 1 mV peak of wander made of `freqs` (equal amplitudes).
fn wander_result(fs: f64, freqs: &[f64]) -> (f64, f64) {
    let secs = 60.0;
    let (x, peaks) = ecg(fs, secs, 72.0);
    let n = x.len();
    let mut w = vec![0.0; n];
    for (k, &f) in freqs.iter().enumerate() {
        let s = sine(fs, n, f, 1.0, 0.7 * k as f64);
        w = add(&w, &s);
    }
    let peak = w.iter().fold(0.0f64, |m, v| m.max(v.abs()));
    let w: Vec<f64> = w.iter().map(|v| v / peak).collect(); // 1 mV peak
    let c = Conditioning::new(Preset::Monitoring, Mains::None);
    let clean = condition(&record(fs, vec![x.clone()]), &c).unwrap().record;
    let dirty = condition(&record(fs, vec![add(&x, &w)]), &c)
        .unwrap()
        .record;
    // Residual wander: the filter is linear, so dirty - clean is the filtered wander. Skip the
    // first and last 5 s, where the zero-phase padding of a few samples meets a 0.1 Hz wave.
    let m = (5.0 * fs) as usize..n - (5.0 * fs) as usize;
    let rms = (m
        .clone()
        .map(|i| f64::from(dirty.signals()[[0, i]] - clean.signals()[[0, i]]).powi(2))
        .sum::<f64>()
        / m.len() as f64)
        .sqrt();
    // R amplitude: R peak minus the level 50 ms before Q, against the noiseless input.
    let amp = |v: &dyn Fn(usize) -> f64, r: usize| v(r) - v(r - (0.08 * fs) as usize);
    let worst = peaks
        .iter()
        .filter(|&&r| m.contains(&r))
        .map(|&r| {
            let a0 = amp(&|i| x[i], r);
            let a1 = amp(&|i| f64::from(dirty.signals()[[0, i]]), r);
            (a1 / a0 - 1.0).abs()
        })
        .fold(0.0, f64::max);
    (rms, worst)
}

#[test]
fn baseline_wander_removal() {
    for fs in [360.0, 500.0] {
        // 1 mV of wander at 0.1–0.25 Hz: respiration-rate drift is removed to < 20 µV RMS.
        let (rms, r_change) = wander_result(fs, &[0.1, 0.15, 0.2, 0.25]);
        eprintln!(
            "fs {fs}: wander 0.1-0.25 Hz: residual {:.1} µV RMS, R change {:.2} %",
            rms * 1e3,
            r_change * 100.0
        );
        assert!(rms < 0.020, "residual {rms} mV RMS");
        assert!(r_change < 0.02, "R amplitude changed by {r_change}");
        // NOT the target: up to 0.5 Hz the monitoring high-pass as the issue defines it
        // (0.67 Hz, order 2, zero-phase so |H|^2) passes 24 % of a 0.5 Hz wave, so 1 mV of
        // 0.1–0.5 Hz wander leaves ~40 µV RMS, and that residual slope shifts the R amplitude
        // measured against the level 80 ms earlier by ~3 %. Bounded here so a regression shows;
        // reported in docs/filter.md. `filter::baseline::remove_wander` (tests/filter/wander.rs)
        // is the removal that meets the target over 0.1–0.5 Hz.
        let (rms, r_change) = wander_result(fs, &[0.1, 0.2, 0.3, 0.4, 0.5]);
        eprintln!(
            "fs {fs}: wander 0.1-0.5 Hz: residual {:.1} µV RMS, R change {:.2} %",
            rms * 1e3,
            r_change * 100.0
        );
        assert!(rms < 0.050, "residual {rms} mV RMS");
        assert!(r_change < 0.04, "R amplitude changed by {r_change}");
    }
}

#[test]
fn conditions_real_records() {
    let Some(dir) = common::db("ludb/data") else {
        return;
    };
    for name in ["1", "2", "4"] {
        let r = sinus::io::wfdb::read_record(dir.join(name)).expect("reads");
        let out = condition(&r, &Conditioning::default()).unwrap();
        assert_eq!(out.record.leads(), r.leads());
        assert_eq!(out.record.signals().dim(), r.signals().dim());
        // The high-pass removes each lead's offset: mean of the middle within 0.1 mV of zero.
        for row in out.record.signals().rows() {
            let mid = row.slice(ndarray::s![1000..4000]);
            let mean = mid.iter().map(|&v| f64::from(v)).sum::<f64>() / mid.len() as f64;
            assert!(mean.abs() < 0.1, "ludb {name}: mean {mean}");
        }
        eprintln!("ludb {name}: mains {:?}", out.mains_hz);
    }
    let Some(dir) = common::db("mitdb") else {
        return;
    };
    for name in ["100", "105", "203"] {
        let r = sinus::io::wfdb::read_record(dir.join(name)).expect("reads");
        let m = detect_mains(r.signals(), r.fs());
        eprintln!("mitdb {name}: mains {m:?}");
        // MIT-BIH was recorded in Boston: mains is 60 Hz when present, never 50.
        assert_ne!(m, Some(50.0), "mitdb {name}");
    }
    // cinc2020-dev: Georgia (E*, USA, 60 Hz) and PTB (S*, Germany, 50 Hz) records with visible
    // hum are found as such; the whole folder (127 records) gives no 60 for PTB or 50 for
    // Georgia (checked when this was written).
    let Some(dir) = common::db("cinc2020-dev") else {
        return;
    };
    for (name, want) in [
        ("E07504", Some(60.0)),
        ("E07509", Some(60.0)),
        ("S0006", Some(50.0)),
        ("S0007", Some(50.0)),
        ("A0001", None),
    ] {
        let r = sinus::io::wfdb::read_record(dir.join(name)).expect("reads");
        assert_eq!(
            detect_mains(r.signals(), r.fs()),
            want,
            "cinc2020-dev {name}"
        );
    }
}

/// Baseline wander on the synth generator's ECG (12 leads, 60 s, 500 Hz): 1 mV of its wander
/// (two components, 0.15–0.35 Hz and 0.1–0.5 Hz, per-lead gain 0.5–1) against the same record
/// without wander. Returns (worst residual RMS over leads in mV, worst R change in lead II).
fn synth_wander(seed: u64) -> (f64, f64) {
    use sinus::synth::{SynthConfig, generate};
    let mut cfg = SynthConfig {
        seed,
        duration_s: 60.0,
        ..SynthConfig::default()
    };
    let clean = generate(&cfg).unwrap();
    cfg.noise.baseline_wander_mv = 1.0;
    let dirty = generate(&cfg).unwrap();
    let c = Conditioning::new(Preset::Monitoring, Mains::None);
    let fc = condition(&clean.record, &c).unwrap().record;
    let fd = condition(&dirty.record, &c).unwrap().record;
    let fs = 500.0;
    let n = fc.n_samples();
    let m = (5.0 * fs) as usize..n - (5.0 * fs) as usize;
    let mut worst_rms = 0.0f64;
    for (a, b) in fd.signals().rows().into_iter().zip(fc.signals().rows()) {
        let rms = (m
            .clone()
            .map(|i| f64::from(a[i] - b[i]).powi(2))
            .sum::<f64>()
            / m.len() as f64)
            .sqrt();
        worst_rms = worst_rms.max(rms);
    }
    let ii = clean.record.lead_index(&Lead::II).unwrap();
    let raw = clean.record.signals();
    let out = fd.signals();
    let back = (0.08 * fs) as usize;
    let worst_r = clean
        .truth
        .beats
        .iter()
        .filter(|b| m.contains(&b.r_peak))
        .map(|b| {
            let a0 = f64::from(raw[[ii, b.r_peak]] - raw[[ii, b.r_peak - back]]);
            let a1 = f64::from(out[[ii, b.r_peak]] - out[[ii, b.r_peak - back]]);
            (a1 / a0 - 1.0).abs()
        })
        .fold(0.0, f64::max);
    (worst_rms, worst_r)
}

#[test]
fn baseline_wander_removal_on_synth_ecg() {
    let mut all = Vec::new();
    for seed in 0..6 {
        let (rms, r) = synth_wander(seed);
        eprintln!(
            "synth seed {seed}: residual wander {:.1} µV RMS (worst lead), R change {:.2} % (lead II)",
            rms * 1e3,
            r * 100.0
        );
        all.push((rms, r));
    }
    let worst_rms = all.iter().map(|a| a.0).fold(0.0, f64::max);
    let worst_r = all.iter().map(|a| a.1).fold(0.0, f64::max);
    eprintln!(
        "worst: {:.1} µV RMS, R change {:.2} %",
        worst_rms * 1e3,
        worst_r * 100.0
    );
    // Measured when written: 10–22 µV for seeds 1–5, 47 µV for seed 0 (whose second component
    // is near 0.5 Hz, which the monitoring high-pass passes at 24 %; see
    // `baseline_wander_removal`). The 20 µV / 2 % holds only for wander well below 0.5 Hz,
    // so these are regression bounds, not the target; `filter::baseline::remove_wander`
    // meets it on these records (tests/filter/wander.rs).
    assert!(worst_rms < 0.060, "residual {worst_rms} mV RMS");
    assert!(worst_r < 0.03, "R amplitude changed by {worst_r}");
    let median_rms = {
        let mut v: Vec<f64> = all.iter().map(|a| a.0).collect();
        v.sort_by(f64::total_cmp);
        v[v.len() / 2]
    };
    assert!(median_rms < 0.025, "median residual {median_rms} mV RMS");
}

/// Mains detection on the synth generator's records: its 50 / 60 Hz interference is found,
/// and a record without it (with or without muscle noise and wander) gives `None`.
#[test]
fn mains_detection_on_synth_ecg() {
    use sinus::synth::{Mains as SynthMains, SynthConfig, generate};
    for seed in 0..4 {
        for fs in [250.0, 360.0, 500.0] {
            for (hum, emg) in [
                (None, None),
                (None, Some(20.0)),
                (Some(50.0), Some(20.0)),
                (Some(60.0), None),
                (Some(60.0), Some(25.0)),
            ] {
                let mut cfg = SynthConfig {
                    seed,
                    fs: SampleRate::new(fs).unwrap(),
                    ..SynthConfig::default()
                };
                cfg.noise.emg_snr_db = emg;
                cfg.noise.baseline_wander_mv = 0.5;
                cfg.noise.mains = hum.map(|f| SynthMains {
                    freq_hz: f,
                    amplitude_mv: 0.05,
                });
                let r = generate(&cfg).unwrap().record;
                assert_eq!(
                    detect_mains(r.signals(), r.fs()),
                    hum,
                    "seed {seed}, fs {fs}, emg {emg:?}"
                );
            }
        }
    }
}
