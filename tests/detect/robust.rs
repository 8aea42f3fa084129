//! Robustness of the QRS detector on generated signals: flat lines, asystole, noise, NaN gaps,
//! inversion, extreme sample rates, very short inputs, bad arguments, and random input.

use ndarray::{Array1, Array2, s};
use proptest::prelude::*;
use sinus::SampleRate;
use sinus::detect::{DetectError, DetectionFlag, DetectorConfig, detect, detect_lead};

/// A deterministic xorshift generator, so the tests need no seed handling.
struct Rng(u64);
impl Rng {
    fn next_f32(&mut self) -> f32 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 >> 40) as f32 / (1u64 << 24) as f32
    }
    /// Roughly Gaussian, unit variance (sum of 12 uniforms).
    fn gauss(&mut self) -> f32 {
        (0..12).map(|_| self.next_f32()).sum::<f32>() - 6.0
    }
}

fn gauss_bump(t: f64, centre: f64, sd: f64, amp: f64) -> f64 {
    let z = (t - centre) / sd;
    amp * (-0.5 * z * z).exp()
}

/// A synthetic ECG sampled at `fs` for `dur` seconds: P-QRS-T complexes with RR alternating
/// around 0.8 s, baseline wander and a little noise. Returns the signal and the R-peak times.
fn synth(fs: f64, dur: f64, noise_mv: f32, seed: u64) -> (Vec<f32>, Vec<f64>) {
    let mut r_times = Vec::new();
    let mut t = 0.5;
    let mut k = 0;
    while t < dur - 0.5 {
        r_times.push(t);
        t += 0.8 + 0.08 * ((k as f64) * 0.7).sin();
        k += 1;
    }
    let n = (dur * fs).round() as usize;
    let mut rng = Rng(seed | 1);
    let x = (0..n)
        .map(|i| {
            let t = i as f64 / fs;
            let mut v = 0.2 * (2.0 * std::f64::consts::PI * 0.3 * t).sin();
            for &r in &r_times {
                if (t - r).abs() > 0.6 {
                    continue;
                }
                v += gauss_bump(t, r - 0.16, 0.025, 0.15)
                    + gauss_bump(t, r - 0.025, 0.008, -0.12)
                    + gauss_bump(t, r, 0.01, 1.0)
                    + gauss_bump(t, r + 0.025, 0.008, -0.25)
                    + gauss_bump(t, r + 0.28, 0.045, 0.35);
            }
            v as f32 + noise_mv * rng.gauss()
        })
        .collect();
    (x, r_times)
}

fn fs(hz: f64) -> SampleRate {
    SampleRate::new(hz).unwrap()
}

/// Every expected R time has exactly one detection within `tol` s, and nothing else is detected.
fn assert_matches(samples: &[usize], r_times: &[f64], rate: f64, tol: f64) {
    assert_eq!(samples.len(), r_times.len(), "beat count: got {samples:?}");
    for (&s, &r) in samples.iter().zip(r_times) {
        let dt = (s as f64 / rate - r).abs();
        assert!(
            dt <= tol,
            "beat at {} s is {dt} s from the R peak at {r} s",
            s as f64 / rate
        );
    }
}

#[test]
fn synthetic_ecg_all_beats_at_360_hz() {
    let (x, r) = synth(360.0, 30.0, 0.02, 7);
    let det = detect_lead(
        Array1::from(x).view(),
        fs(360.0),
        &DetectorConfig::default(),
    )
    .unwrap();
    assert_matches(&det.samples(), &r, 360.0, 0.03);
    assert!(det.flags.is_empty(), "{:?}", det.flags);
}

#[test]
fn flat_line_gives_no_beats_and_a_flag() {
    for v in [0.0f32, 1.5, -3.0] {
        let x = Array1::from_elem(3600, v);
        let det = detect_lead(x.view(), fs(360.0), &DetectorConfig::default()).unwrap();
        assert!(det.beats.is_empty());
        assert!(det.flags.contains(&DetectionFlag::NoBeats));
        assert!(det.flags.contains(&DetectionFlag::FlatLeads(vec![0])));
    }
}

#[test]
fn asystole_after_beats_is_a_pause_without_beats() {
    let rate = 250.0;
    let (mut x, r) = synth(rate, 30.0, 0.01, 3);
    // Flat (with a little noise) from 10 s on.
    let cut = (10.0 * rate) as usize;
    let mut rng = Rng(99);
    for v in x[cut..].iter_mut() {
        *v = 0.01 * rng.gauss();
    }
    let det = detect_lead(Array1::from(x).view(), fs(rate), &DetectorConfig::default()).unwrap();
    let expected: Vec<f64> = r.into_iter().filter(|&t| t < 9.9).collect();
    assert_matches(&det.samples(), &expected, rate, 0.03);
    let pause = det.flags.iter().any(
        |f| matches!(f, DetectionFlag::Pause { from, to } if *from < cut && *to + 1 == 30 * 250),
    );
    assert!(pause, "{:?}", det.flags);
}

#[test]
fn pure_noise_terminates_and_respects_the_refractory_period() {
    let mut rng = Rng(12345);
    let x: Vec<f32> = (0..360 * 60).map(|_| 0.3 * rng.gauss()).collect();
    let cfg = DetectorConfig::default();
    let det = detect_lead(Array1::from(x).view(), fs(360.0), &cfg).unwrap();
    let refr = (cfg.refractory_ms * 360.0 / 1000.0) as usize;
    assert!(det.samples().windows(2).all(|w| w[1] - w[0] >= refr));
    // White noise has no QRS-like structure that stands out of its own noise floor for long.
    assert!(
        det.beats.len() < 60,
        "{} beats detected in a minute of white noise",
        det.beats.len()
    );
}

#[test]
fn nan_runs_are_gaps() {
    let rate = 360.0;
    let (x, r) = synth(rate, 30.0, 0.02, 11);
    let mut y = x.clone();
    let (a, b) = ((12.0 * rate) as usize, (14.0 * rate) as usize);
    y[a..b].iter_mut().for_each(|v| *v = f32::NAN);
    y[100] = f32::INFINITY;
    let cfg = DetectorConfig::default();
    let det = detect_lead(Array1::from(y).view(), fs(rate), &cfg).unwrap();
    assert!(det.flags.contains(&DetectionFlag::InvalidSamples(vec![0])));
    // Beats well away from the gap are all found; none is invented inside it.
    let expected: Vec<f64> = r
        .iter()
        .copied()
        .filter(|&t| !(11.8..=14.2).contains(&t))
        .collect();
    let got: Vec<usize> = det
        .samples()
        .into_iter()
        .filter(|&s| !(11.8..=14.2).contains(&(s as f64 / rate)))
        .collect();
    assert_matches(&got, &expected, rate, 0.03);
    assert!(det.samples().iter().all(|&s| s < a + 18 || s >= b - 18));
}

#[test]
fn inverted_signal_gives_the_same_beats() {
    let rate = 360.0;
    let (x, _) = synth(rate, 60.0, 0.03, 5);
    let cfg = DetectorConfig::default();
    let up = detect_lead(Array1::from(x.clone()).view(), fs(rate), &cfg)
        .unwrap()
        .samples();
    let neg: Vec<f32> = x.iter().map(|v| -v).collect();
    let down = detect_lead(Array1::from(neg).view(), fs(rate), &cfg)
        .unwrap()
        .samples();
    assert_eq!(up.len(), down.len());
    assert!(up.iter().zip(&down).all(|(a, b)| a.abs_diff(*b) <= 2));
}

#[test]
fn sample_rates_100_and_1000_hz() {
    for rate in [100.0, 128.0, 1000.0] {
        let (x, r) = synth(rate, 30.0, 0.02, 21);
        let det =
            detect_lead(Array1::from(x).view(), fs(rate), &DetectorConfig::default()).unwrap();
        assert_matches(&det.samples(), &r, rate, 0.03);
    }
    let x = Array1::<f32>::zeros(1000);
    for bad in [99.0, 1001.0, 50.0] {
        let err = detect_lead(x.view(), fs(bad), &DetectorConfig::default()).unwrap_err();
        assert!(matches!(err, DetectError::UnsupportedSampleRate { .. }));
    }
}

#[test]
fn very_short_inputs() {
    let cfg = DetectorConfig::default();
    for n in [0usize, 1, 2, 5, 50, 200] {
        let (x, _) = synth(360.0, 1.0, 0.0, 1);
        let x = Array1::from(x[..n].to_vec());
        let det = detect_lead(x.view(), fs(360.0), &cfg).unwrap();
        assert!(det.beats.iter().all(|b| b.sample < n));
    }
    // 0.9 s holding one R peak at 0.5 s.
    let (x, _) = synth(360.0, 2.0, 0.0, 1);
    let det = detect_lead(Array1::from(x[..324].to_vec()).view(), fs(360.0), &cfg).unwrap();
    assert_eq!(det.beats.len(), 1);
    assert!(det.beats[0].sample.abs_diff(180) <= 10);
}

#[test]
fn multi_lead_weights_and_lead_attribution() {
    let rate = 500.0;
    let (x, r) = synth(rate, 20.0, 0.02, 8);
    let n = x.len();
    let mut rng = Rng(4242);
    let mut m = Array2::<f32>::zeros((3, n));
    for i in 0..n {
        m[[0, i]] = x[i];
        m[[1, i]] = -0.5 * x[i];
        m[[2, i]] = 2.0 * rng.gauss(); // a lead of pure noise
    }
    let cfg = DetectorConfig::default();
    // Weighting the noise lead out gives the two-lead answer; each beat is seen in both leads.
    let det = detect(m.view(), fs(rate), Some(&[1.0, 1.0, 0.0]), &cfg).unwrap();
    assert_matches(&det.samples(), &r, rate, 0.03);
    assert!(det.beats.iter().all(|b| b.leads == vec![0, 1]));
    let two = detect(m.slice(s![0..2, ..]), fs(rate), None, &cfg).unwrap();
    assert_eq!(det.samples(), two.samples());
    // With equal weights the noisy lead must not break detection.
    let all = detect(m.view(), fs(rate), None, &cfg).unwrap();
    assert_matches(&all.samples(), &r, rate, 0.03);
    // Bad weights are errors.
    assert!(matches!(
        detect(m.view(), fs(rate), Some(&[1.0, 1.0]), &cfg),
        Err(DetectError::WeightsMismatch {
            weights: 2,
            leads: 3
        })
    ));
    assert!(matches!(
        detect(m.view(), fs(rate), Some(&[1.0, f32::NAN, 1.0]), &cfg),
        Err(DetectError::InvalidWeight { lead: 1, .. })
    ));
    // All weights zero: nothing to look at.
    let none = detect(m.view(), fs(rate), Some(&[0.0, 0.0, 0.0]), &cfg).unwrap();
    assert!(none.beats.is_empty() && none.flags.contains(&DetectionFlag::NoBeats));
}

#[test]
fn sudden_amplitude_change_keeps_every_beat() {
    let rate = 360.0;
    let (mut x, r) = synth(rate, 40.0, 0.01, 13);
    let cut = (20.0 * rate) as usize;
    x[cut..].iter_mut().for_each(|v| *v *= 0.2);
    let det = detect_lead(Array1::from(x).view(), fs(rate), &DetectorConfig::default()).unwrap();
    assert_matches(&det.samples(), &r, rate, 0.03);
}

#[test]
fn invalid_config_is_rejected() {
    let x = Array1::<f32>::zeros(1000);
    let bad = DetectorConfig::default().threshold(2.0);
    assert!(matches!(
        detect_lead(x.view(), fs(360.0), &bad),
        Err(DetectError::InvalidConfig {
            field: "threshold",
            ..
        })
    ));
    let bad = DetectorConfig::default().band_hz((20.0, 10.0));
    assert!(bad.validate().is_err());
    let bad = DetectorConfig::default().qrs_width_ms(f64::NAN);
    assert!(bad.validate().is_err());
}

proptest! {
    #![proptest_config(crate::common::proptest_config(64))]
    #[test]
    fn never_panics_and_beats_are_ordered(
        rate in 100.0f64..1000.0,
        leads in 1usize..4,
        data in prop::collection::vec(prop_oneof![
            8 => -5.0f32..5.0,
            1 => Just(f32::NAN),
            1 => Just(0.0f32),
            1 => Just(f32::INFINITY),
        ], 0..3000),
    ) {
        let n = data.len() / leads;
        let m = Array2::from_shape_vec((leads, n), data[..leads * n].to_vec()).unwrap();
        let cfg = DetectorConfig::default();
        let det = detect(m.view(), fs(rate), None, &cfg).unwrap();
        let refr = (cfg.refractory_ms * rate / 1000.0).round() as usize;
        prop_assert!(det.beats.windows(2).all(|w| w[1].sample >= w[0].sample + refr));
        prop_assert!(det.beats.iter().all(|b| b.sample < n && !b.leads.is_empty() && b.leads.iter().all(|&k| k < leads)));
        prop_assert_eq!(det.beats.is_empty(), det.flags.contains(&DetectionFlag::NoBeats));
    }
}
