//! `filter::baseline::remove_wander` against the target: on a synthetic ECG with 1 mV of
//! 0.1–0.5 Hz baseline wander, residual wander < 20 µV RMS and R amplitude changed by < 2 %.
//!
//! Definitions (measured over the middle of a 60 s record, 5 s excluded at each end where the
//! zero-phase padding meets a 0.1 Hz wave):
//! - **residual wander** = `remove_wander(clean + wander) − remove_wander(clean)`, RMS per lead,
//!   worst lead reported: the wander the filter leaves (the filter is linear, so this is the
//!   filtered wander alone, and does not count what the filter does to the ECG itself);
//! - **R change** = R amplitude (sample at the truth R peak minus the sample 80 ms earlier) of
//!   `remove_wander(clean + wander)` against that of the unfiltered clean ECG, |ratio − 1|, worst
//!   beat over every lead whose clean R amplitude is at least 0.3 mV;
//! - **ST shift** (reported, not the issue's): ST level (80 ms after QRS offset) minus PR level
//!   (20 ms before QRS onset) of `remove_wander(clean)` against the clean ECG, worst beat/lead.
//!
//! Run `cargo test --test filter wander -- --nocapture` for the figures.

use ndarray::Array2;
use sinus::filter::FilterError;
use sinus::filter::baseline::{MAX_WANDER_ORDER, WanderConfig, remove_wander, wander_sos};
use sinus::synth::{SynthConfig, Synthetic, generate};
use sinus::{Lead, Record, SampleRate};
use std::f64::consts::TAU;

const SECS: f64 = 60.0;

fn synth(seed: u64, fs: f64, wander_mv: f64) -> Synthetic {
    let cfg = SynthConfig {
        seed,
        duration_s: SECS,
        fs: SampleRate::new(fs).unwrap(),
        ..SynthConfig::default()
    };
    let mut cfg = cfg;
    cfg.noise.baseline_wander_mv = wander_mv;
    generate(&cfg).unwrap()
}

/// `clean` plus 1 mV peak of wander at `f` Hz, a different phase per lead.
fn with_sine_wander(clean: &Record, f: f64) -> Record {
    let fs = clean.fs().hz();
    let x = Array2::from_shape_fn(clean.signals().dim(), |(k, i)| {
        let t = i as f64 / fs;
        clean.signals()[[k, i]] + (TAU * f * t + 0.9 * k as f64).sin() as f32
    });
    Record::new("wander", clean.leads().to_vec(), clean.fs(), x).unwrap()
}

struct Figures {
    rms_mv: f64,
    r_change: f64,
    st_shift_mv: f64,
}

fn measure(clean: &Synthetic, dirty: &Record, cfg: &WanderConfig) -> Figures {
    let fs = clean.record.fs().hz();
    let fc = remove_wander(&clean.record, cfg).unwrap();
    let fd = remove_wander(dirty, cfg).unwrap();
    let n = fc.n_samples();
    let edge = (5.0 * fs) as usize;
    let m = edge..n - edge;
    let mut rms_mv = 0.0f64;
    for (a, b) in fd.signals().rows().into_iter().zip(fc.signals().rows()) {
        let ss = m
            .clone()
            .map(|i| f64::from(a[i] - b[i]).powi(2))
            .sum::<f64>();
        rms_mv = rms_mv.max((ss / m.len() as f64).sqrt());
    }
    let raw = clean.record.signals();
    let back = (0.08 * fs) as usize;
    let st = (0.08 * fs) as usize;
    let pr = (0.02 * fs) as usize;
    let mut r_change = 0.0f64;
    let mut st_shift_mv = 0.0f64;
    for b in clean.truth.beats.iter().filter(|b| m.contains(&b.r_peak)) {
        for k in 0..raw.nrows() {
            let amp = |v: &ndarray::ArrayView2<f32>| {
                f64::from(v[[k, b.r_peak]]) - f64::from(v[[k, b.r_peak - back]])
            };
            let a0 = amp(&raw);
            if a0.abs() >= 0.3 {
                r_change = r_change.max((amp(&fd.signals()) / a0 - 1.0).abs());
            }
            if let (Some(on), Some(off)) = (b.qrs_onset, b.qrs_offset) {
                let (p, s) = (on.saturating_sub(pr), off + st);
                if m.contains(&p) && m.contains(&s) {
                    let lvl =
                        |v: &ndarray::ArrayView2<f32>| f64::from(v[[k, s]]) - f64::from(v[[k, p]]);
                    st_shift_mv = st_shift_mv.max((lvl(&fc.signals()) - lvl(&raw)).abs());
                }
            }
        }
    }
    Figures {
        rms_mv,
        r_change,
        st_shift_mv,
    }
}

fn report(what: &str, f: &Figures) {
    eprintln!(
        "{what}: residual {:5.1} µV RMS (worst lead), R change {:.2} %, ST shift {:5.1} µV",
        f.rms_mv * 1e3,
        f.r_change * 100.0,
        f.st_shift_mv * 1e3
    );
}

fn check(what: &str, f: &Figures) {
    report(what, f);
    assert!(f.rms_mv < 0.020, "{what}: residual {} mV RMS", f.rms_mv);
    assert!(
        f.r_change < 0.02,
        "{what}: R amplitude changed by {}",
        f.r_change
    );
}

#[test]
fn meets_target_for_sine_wander_across_band() {
    let cfg = WanderConfig::default();
    for fs in [250.0, 360.0, 500.0] {
        for seed in [0, 1] {
            let clean = synth(seed, fs, 0.0);
            for f in [0.1, 0.2, 0.3, 0.4, 0.5] {
                let dirty = with_sine_wander(&clean.record, f);
                check(
                    &format!("fs {fs} seed {seed} {f} Hz"),
                    &measure(&clean, &dirty, &cfg),
                );
            }
        }
    }
}

#[test]
fn meets_target_for_synth_random_wander() {
    let cfg = WanderConfig::default();
    for fs in [250.0, 360.0, 500.0] {
        for seed in 0..6 {
            let clean = synth(seed, fs, 0.0);
            let dirty = synth(seed, fs, 1.0);
            check(
                &format!("fs {fs} seed {seed} synth mix"),
                &measure(&clean, &dirty.record, &cfg),
            );
        }
    }
}

/// The preset-strength filter (order 2) fails near 0.5 Hz, which is why this one exists; the
/// comparison guards against the test being unable to fail.
#[test]
fn order_two_misses_target_at_half_hertz() {
    let weak = WanderConfig::default().order(2);
    let clean = synth(0, 500.0, 0.0);
    let dirty = with_sine_wander(&clean.record, 0.5);
    let f = measure(&clean, &dirty, &weak);
    report("order 2, 0.5 Hz (for comparison)", &f);
    assert!(f.rms_mv > 0.1, "order 2 left only {} mV", f.rms_mv);
}

#[test]
fn bad_input_gives_typed_errors() {
    let cfg = WanderConfig::default();
    let fs = SampleRate::new(500.0).unwrap();
    let mut x = Array2::<f32>::zeros((2, 1000));
    x[[1, 7]] = f32::NAN;
    let r = Record::new("nan", vec![Lead::I, Lead::II], fs, x).unwrap();
    assert!(matches!(
        remove_wander(&r, &cfg),
        Err(FilterError::NonFinite {
            lead: 1,
            index: 7,
            ..
        })
    ));
    let pad = sinus::filter::padlen(&wander_sos(&cfg, fs).unwrap());
    let r = Record::new("short", vec![Lead::I], fs, Array2::zeros((1, pad))).unwrap();
    assert_eq!(
        remove_wander(&r, &cfg),
        Err(FilterError::TooShort {
            len: pad,
            padlen: pad
        })
    );
    let r = Record::new("ok", vec![Lead::I], fs, Array2::zeros((1, pad + 1))).unwrap();
    assert!(remove_wander(&r, &cfg).is_ok());
    for order in [0, MAX_WANDER_ORDER + 1] {
        let bad = cfg.order(order);
        assert!(matches!(
            remove_wander(&r, &bad),
            Err(FilterError::InvalidOrder { .. })
        ));
    }
    let bad = cfg.cutoff_hz(f64::NAN);
    assert!(remove_wander(&r, &bad).is_err());
}
