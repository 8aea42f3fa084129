//! Measurements: QTc by each formula, the frontal axis, and the per-lead amplitudes and ST
//! levels of a synthetic record whose waves are known.

use sinus::Lead;
use sinus::measure::{QtcFormula, frontal_axis};
use sinus::synth::{SynthConfig, generate};
use sinus::{Config, Pipeline};

fn measured(cfg: &Config, syn: &sinus::synth::Synthetic) -> sinus::measure::Measurements {
    Pipeline::new(cfg.clone())
        .unwrap()
        .analyze(&syn.record)
        .unwrap()
        .measurements
        .expect("measurements")
}

#[test]
fn qtc_follows_each_formula() {
    let syn = generate(&SynthConfig {
        heart_rate_bpm: 75.0,
        hrv: sinus::synth::Hrv {
            rr_std_s: 0.0,
            ..Default::default()
        },
        ..SynthConfig::default()
    })
    .unwrap();
    let m = measured(&Config::default(), &syn);
    let g = &m.global;
    let (qt, rr) = (g.qt_ms.unwrap(), g.rr_ms.unwrap() / 1000.0);
    assert!((rr - 0.8).abs() < 0.01, "RR {rr}");
    assert!((g.heart_rate_bpm.unwrap() - 75.0).abs() < 1.0);
    let q = &g.qtc;
    assert!((q.bazett_ms.unwrap() - qt / rr.sqrt()).abs() < 1e-9);
    assert!((q.fridericia_ms.unwrap() - qt / rr.cbrt()).abs() < 1e-9);
    assert!((q.framingham_ms.unwrap() - (qt + 154.0 * (1.0 - rr))).abs() < 1e-9);
    assert!((q.hodges_ms.unwrap() - (qt + 1.75 * (60.0 / rr - 60.0))).abs() < 1e-9);
    assert_eq!(g.qtc_formula, QtcFormula::Bazett);
    assert_eq!(g.qtc_ms, q.bazett_ms);
    // The generator's QT follows Bazett with QTc 400 ms (its T offset, 4 % of the kernel).
    assert!((q.bazett_ms.unwrap() - 400.0).abs() < 30.0, "{q:?}");
    // The formula the report shows is a Config choice.
    let mut cfg = Config::default();
    cfg.measure.qtc_formula = QtcFormula::Fridericia;
    let m = measured(&cfg, &syn);
    assert_eq!(m.global.qtc_ms, m.global.qtc.fridericia_ms);
    assert_eq!(m.global.qtc_formula, QtcFormula::Fridericia);
}

#[test]
fn frontal_axis_of_known_vectors() {
    // Areas that are projections of a heart vector at θ on the hexaxial leads.
    for deg in [-170.0f64, -90.0, -30.0, 0.0, 45.0, 60.0, 95.0, 150.0, 180.0] {
        let t = deg.to_radians();
        let proj = |a: f64, m: f64| m * (t - a.to_radians()).cos();
        let aug = 3f64.sqrt() / 2.0;
        let areas = [
            (Lead::I, proj(0.0, 1.0)),
            (Lead::II, proj(60.0, 1.0)),
            (Lead::III, proj(120.0, 1.0)),
            (Lead::AVR, proj(-150.0, aug)),
            (Lead::AVL, proj(-30.0, aug)),
            (Lead::AVF, proj(90.0, aug)),
            (Lead::V1, 5.0), // ignored
        ];
        let got = frontal_axis(&areas).unwrap();
        let d = (got - deg).rem_euclid(360.0);
        assert!(d.min(360.0 - d) < 1e-6, "{deg}: {got}");
        assert!(got > -180.0 && got <= 180.0);
    }
    assert!(frontal_axis(&[(Lead::I, 1.0)]).is_none());
    assert!(frontal_axis(&[(Lead::V1, 1.0), (Lead::V2, 1.0)]).is_none());
    assert!(frontal_axis(&[(Lead::I, 0.0), (Lead::II, 0.0)]).is_none());
}

#[test]
fn amplitudes_and_st_levels() {
    let syn = generate(&SynthConfig::default()).unwrap();
    let m = measured(&Config::default(), &syn);
    assert_eq!(m.leads.len(), 12);
    let ii = m.lead(&Lead::II).unwrap();
    // The model's R in II: 1.2·0.235 + 0.8·1.066 − 0.4·0.132 ≈ 1.08 mV (gain jitter ±3 %).
    let r = ii.r_mv.unwrap();
    assert!((r - 1.08).abs() < 0.1, "R(II) {r}");
    assert!(ii.s_mv.is_some_and(|s| s < -0.05), "{ii:?}");
    assert!(ii.q_mv.is_none_or(|q| q < 0.0), "{ii:?}");
    assert!(ii.t_pos_mv.unwrap() > 0.2 && ii.p_pos_mv.unwrap() > 0.1);
    assert!(
        matches!(ii.qrs_morphology.as_deref(), Some("qRs" | "Rs")),
        "{:?}",
        ii.qrs_morphology
    );
    // No ST deviation in the model: J, ST60 and ST80 near zero everywhere.
    for l in &m.leads {
        for v in [l.st60_mv, l.st80_mv] {
            let v = v.unwrap();
            assert!(v.abs() < 0.1, "{}: ST {v}", l.lead);
        }
        assert!(
            l.qrs_ms.unwrap() > 60.0 && l.qrs_ms.unwrap() < 130.0,
            "{}",
            l.lead
        );
    }
    // aVR mirrors I and II: its main deflection is negative.
    let avr = m.lead(&Lead::AVR).unwrap();
    assert!(avr.qrs_net_mv.unwrap() < -0.3);
    // Axis of the model's QRS vector in the frontal plane: leftward and inferior.
    let axis = m.global.qrs_axis_deg.unwrap();
    assert!((0.0..90.0).contains(&axis), "axis {axis}");
    // Per-beat PR, QRS, QT for every beat whose waves are inside the record.
    let full = m
        .beats
        .iter()
        .filter(|b| b.pr_ms.is_some() && b.qrs_ms.is_some() && b.qt_ms.is_some())
        .count();
    assert!(full + 2 >= m.beats.len(), "{full} of {}", m.beats.len());
    for b in m.beats.iter().filter_map(|b| b.pr_ms) {
        assert!((120.0..220.0).contains(&b), "PR {b}");
    }
}

#[test]
fn st_elevation_is_measured() {
    // Raise every lead's ST-T segment by 0.2 mV from the J point to the T offset.
    let mut syn = generate(&SynthConfig::default()).unwrap();
    let fs = syn.record.fs().hz();
    // Only the ST-T segment moves, so its level rises by 0.2 mV against the unchanged record.
    let beats: Vec<(usize, usize)> = syn
        .truth
        .beats
        .iter()
        .filter_map(|b| Some((b.qrs_offset?, b.t_offset?)))
        .collect();
    let mut sig = syn.record.signals_mut();
    for (off, t_off) in beats {
        // A raised-cosine rise over 30 ms from the J point, a plateau, and a fall over 60 ms
        // to the T offset: ST elevation merging into the T wave, as in an acute infarction.
        let (rise, fall) = ((0.03 * fs) as usize, (0.06 * fs) as usize);
        for t in off..t_off.min(sig.ncols()) {
            let up = ((t - off) as f64 / rise as f64).min(1.0);
            let down = ((t_off - t) as f64 / fall as f64).min(1.0);
            let w = 0.5 - 0.5 * (std::f64::consts::PI * up.min(down)).cos();
            for k in 0..12 {
                sig[[k, t]] += (0.2 * w) as f32;
            }
        }
    }
    let m = measured(&Config::default(), &syn);
    let base = measured(
        &Config::default(),
        &generate(&SynthConfig::default()).unwrap(),
    );
    for (l, b) in m.leads.iter().zip(&base.leads) {
        let j = l.j_mv.unwrap() - b.j_mv.unwrap();
        assert!((j - 0.2).abs() < 0.05, "{}: J rose by {j}", l.lead);
        // The rising ST moves the J point a few ms later, where the T wave has begun: ST60 and
        // ST80 read a little more than the elevation itself (up to half as much again: with the
        // global J point the second latest QRS offset, V4 reads 0.30 mV).
        for (st, st0) in [(l.st60_mv, b.st60_mv), (l.st80_mv, b.st80_mv)] {
            let d = st.unwrap() - st0.unwrap();
            assert!((0.15..0.32).contains(&d), "{}: ST rose by {d}", l.lead);
        }
        assert!(l.st60_mv.unwrap() > 0.15, "{}: {:?}", l.lead, l.st60_mv);
    }
}
