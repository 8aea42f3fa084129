//! `atrial::flutter_evidence` never panics and keeps its figures in range, whatever the signal,
//! sample rate, beat list (unsorted, repeated, out of range) and lead list.

use ndarray::Array2;
use proptest::prelude::*;
use sinus::atrial::{FlutterParams, flutter_evidence};

proptest! {
    #![proptest_config(crate::common::proptest_config(128))]

    #[test]
    fn figures_in_range(
        fs in prop_oneof![Just(128.0f64), Just(250.0), Just(360.0), Just(500.0), Just(1000.0), 1.0f64..2000.0],
        secs in prop_oneof![0.0f64..12.0, 8.0f64..12.0],
        n_leads in prop_oneof![Just(3usize), 1usize..4],
        values in prop::collection::vec(prop_oneof![-5.0f32..5.0, Just(0.0)], 1..64),
        rr_s in 0.25f64..1.6,
        extra in prop::collection::vec(0usize..15_000, 0..6),
        leads in prop_oneof![Just(vec![0usize, 1, 2]), prop::collection::vec(0usize..5, 0..8)],
        qrs_s in prop_oneof![0.0f64..0.3, Just(f64::NAN), Just(-1.0)],
        f_hz in prop_oneof![4.0f64..5.8, 0.0f64..8.0],
        nan_at in prop::option::of(0usize..15_000),
    ) {
        let n = (fs * secs) as usize;
        // A sawtooth at f_hz plus a repeating pattern of arbitrary values.
        let mut sig = Array2::from_shape_fn((n_leads, n), |(k, t)| {
            let saw = (t as f64 / fs * f_hz).fract() as f32 * 0.2;
            saw + values[(t * (k + 1) / 7) % values.len()] * 0.01
        });
        // A missing sample in the first lead, which then cannot be read.
        if let Some(t) = nan_at.filter(|&t| t < n) {
            sig[[0, t]] = f32::NAN;
        }
        // A regular beat train, plus arbitrary extra beats (unsorted, maybe out of range).
        let step = ((rr_s * fs) as usize).max(1);
        let mut beats: Vec<usize> = (1..n / step.max(1)).map(|k| k * step).collect();
        beats.extend(&extra);
        let p = FlutterParams::default();
        let r = flutter_evidence(sig.view(), fs, &beats, &leads, qrs_s, &p);
        if let Some(e) = r {
            for r in [&e.unlocked, &e.locked].into_iter().flatten() {
                prop_assert!(r.periodicity.abs() <= 1.0 + 1e-9 && r.dominance.abs() <= 1.0 + 1e-9, "{r:?}");
                prop_assert!(r.atrial_period_ms > 0.0 && r.atrial_rate_bpm.is_finite(), "{r:?}");
                prop_assert!(r.rr_over_period.is_finite(), "{r:?}");
                prop_assert!((0.0..=1.0 + 1e-9).contains(&r.rr_phase_coherence), "{r:?}");
                prop_assert!(r.rr_phase_rayleigh_z.is_finite() && r.rr_phase_rayleigh_z >= 0.0, "{r:?}");
                prop_assert!(r.pair.iter().all(|k| *k < n_leads) && r.pair[0] != r.pair[1], "{r:?}");
            }
            prop_assert!(e.leads.len() >= 2 && e.leads.len() <= 6, "{e:?}");
        }
    }
}
