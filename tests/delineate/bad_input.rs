//! Bad input: no P waves, no T waves, a single beat, no beats, one lead, inverted leads, NaN
//! runs, 100 and 1000 Hz, a 1-hour record. Delineation and measurement answer `None` where
//! a value cannot be measured and never panic; a report comes out regardless.

use ndarray::Array2;
use proptest::prelude::*;
use sinus::delineate::{BeatInput, DelineateConfig, DelineateInput, Delineation, delineate};
use sinus::measure::Measurements;
use sinus::synth::{Noise, PvcParams, Rhythm, SynthConfig, generate};
use sinus::{Lead, Pipeline, Record, SampleRate};

/// Every mark lies in the record, every wave's onset before its offset, each beat's P before
/// its QRS and its T after it; every measured value is finite and every axis in (−180, 180].
fn check(d: &Delineation, m: Option<&Measurements>, n: usize, n_leads: usize) {
    for b in &d.beats {
        assert_eq!(b.leads.len(), n_leads);
        for l in &b.leads {
            for (on, off) in [
                l.p.map(|w| (w.onset, w.offset)),
                l.qrs.map(|w| (w.onset, w.offset)),
                l.t.map(|w| (w.onset, w.offset)),
            ]
            .into_iter()
            .flatten()
            {
                assert!(on < n && off < n && on < off, "{on}..{off} of {n}");
            }
        }
        let g = &b.global;
        if let (Some(p), Some(q)) = (g.p_offset, g.qrs_onset) {
            assert!(p <= q + 1.0, "P offset {p} after QRS onset {q}");
        }
        if let (Some(q), Some(t)) = (g.qrs_offset, g.t_offset) {
            assert!(t > q, "T offset {t} before QRS offset {q}");
        }
        for v in [g.p_ms(), g.pr_ms(), g.qrs_ms(), g.qt_ms()]
            .into_iter()
            .flatten()
        {
            assert!(v.is_finite() && v > 0.0, "{v}");
        }
    }
    let Some(m) = m else { return };
    let g = &m.global;
    for v in [
        g.heart_rate_bpm,
        g.rr_ms,
        g.p_ms,
        g.pr_ms,
        g.qrs_ms,
        g.qt_ms,
        g.qtc_ms,
        g.qtc.bazett_ms,
        g.qtc.fridericia_ms,
        g.qtc.framingham_ms,
        g.qtc.hodges_ms,
    ]
    .into_iter()
    .flatten()
    {
        assert!(v.is_finite(), "{g:?}");
    }
    for a in [g.p_axis_deg, g.qrs_axis_deg, g.t_axis_deg]
        .into_iter()
        .flatten()
    {
        assert!(a > -180.0 && a <= 180.0, "axis {a}");
    }
    for l in &m.leads {
        let vals = [
            l.p_pos_mv,
            l.p_neg_mv,
            l.q_mv,
            l.r_mv,
            l.s_mv,
            l.r_prime_mv,
            l.s_prime_mv,
            l.qrs_net_mv,
            l.qrs_area_mv_ms,
            l.j_mv,
            l.st60_mv,
            l.st80_mv,
            l.st_slope_mv_per_s,
            l.t_pos_mv,
            l.t_neg_mv,
        ];
        assert!(vals.into_iter().flatten().all(f64::is_finite), "{l:?}");
        assert!(l.r_mv.is_none_or(|v| v >= 0.0) && l.s_mv.is_none_or(|v| v <= 0.0));
        assert!(l.p_pos_mv.is_none_or(|v| v >= 0.0) && l.t_neg_mv.is_none_or(|v| v <= 0.0));
    }
}

fn analyze(rec: &Record) -> sinus::pipeline::Analysis {
    let a = Pipeline::default()
        .analyze_full(rec, &Default::default())
        .expect("a report");
    check(
        &a.delineation,
        a.report.measurements.as_ref(),
        rec.n_samples(),
        rec.n_leads(),
    );
    a
}

fn synth(f: impl FnOnce(&mut SynthConfig)) -> Record {
    let mut cfg = SynthConfig::default();
    f(&mut cfg);
    generate(&cfg).unwrap().record
}

#[test]
fn no_beats_and_flat_records() {
    let fs = SampleRate::new(500.0).unwrap();
    let flat = Record::new(
        "flat",
        Lead::STANDARD_12.to_vec(),
        fs,
        Array2::zeros((12, 5000)),
    )
    .unwrap();
    let a = analyze(&flat);
    assert!(a.delineation.beats.is_empty());
    // Delineation itself, given no beats, or beats outside the record.
    let usable = vec![true; 12];
    for beats in [
        vec![],
        vec![BeatInput::dominant(9000), BeatInput::dominant(5000)],
    ] {
        let d = delineate(
            &DelineateInput {
                signals: flat.signals(),
                fs: 500.0,
                beats: &beats,
                usable: &usable,
                atrial_activity: true,
            },
            &DelineateConfig::default(),
        );
        assert_eq!(d.beats.len(), beats.len());
        assert!(d.beats.iter().all(|b| b.global.qrs_onset.is_none()));
    }
}

#[test]
fn a_single_beat() {
    let rec = synth(|c| {
        c.duration_s = 1.2;
        c.heart_rate_bpm = 50.0;
    });
    let a = analyze(&rec);
    assert!(a.delineation.beats.len() <= 2);
    // Too short for a rhythm, but its QRS is measured if it is inside the record.
    if let Some(b) = a.delineation.beats.first()
        && b.sample > 150
        && b.sample + 200 < rec.n_samples()
    {
        assert!(b.global.qrs_onset.is_some());
    }
}

#[test]
fn one_lead() {
    let rec = synth(|c| c.leads = vec![Lead::II]);
    let a = analyze(&rec);
    let g = &a.report.measurements.unwrap().global;
    assert!(
        g.qrs_ms.is_some() && g.qt_ms.is_some() && g.pr_ms.is_some(),
        "{g:?}"
    );
    // One lead has no frontal axis.
    assert!(g.qrs_axis_deg.is_none());
}

#[test]
fn all_leads_inverted() {
    let rec = synth(|_| {});
    let mut inv = rec.clone();
    inv.signals_mut().mapv_inplace(|v| -v);
    let (a, b) = (analyze(&rec), analyze(&inv));
    let (ga, gb) = (
        a.report.measurements.unwrap().global,
        b.report.measurements.unwrap().global,
    );
    // Same boundaries (within a few ms), the axis turned by 180°.
    for (x, y) in [
        (ga.qrs_ms, gb.qrs_ms),
        (ga.pr_ms, gb.pr_ms),
        (ga.qt_ms, gb.qt_ms),
    ] {
        let (x, y) = (x.unwrap(), y.unwrap());
        assert!((x - y).abs() < 12.0, "{x} vs {y}");
    }
    let d = (ga.qrs_axis_deg.unwrap() - gb.qrs_axis_deg.unwrap()).rem_euclid(360.0);
    assert!((d - 180.0).abs() < 10.0, "axes {ga:?} {gb:?}");
}

#[test]
fn no_t_waves_and_no_p_waves() {
    // Narrow QRS-like pulses only: nothing before or after them to call a P or a T wave.
    let fs = 500.0;
    let mut sig = Array2::<f32>::zeros((3, 5000));
    for k in 0..3 {
        for b in (300usize..5000).step_by(400) {
            for t in b.saturating_sub(20)..(b + 20).min(5000) {
                let x = (t as f32 - b as f32) / 6.0;
                sig[[k, t]] = (1.0 + k as f32 * 0.3) * (-0.5 * x * x).exp();
            }
        }
    }
    let rec = Record::new(
        "pulses",
        vec![Lead::I, Lead::II, Lead::V5],
        SampleRate::new(fs).unwrap(),
        sig,
    )
    .unwrap();
    let a = analyze(&rec);
    assert!(a.delineation.beats.len() >= 10);
    for b in &a.delineation.beats {
        assert!(
            b.leads.iter().all(|l| l.p.is_none() && l.t.is_none()),
            "{b:?}"
        );
    }
    let g = a.report.measurements.unwrap().global;
    assert!(g.qt_ms.is_none() && g.qtc_ms.is_none() && g.pr_ms.is_none());
    // A Gaussian pulse of σ = 12 ms: about 80 ms from where its slope rises to where it dies.
    assert!(g.qrs_ms.is_some_and(|q| q > 40.0 && q < 100.0), "{g:?}");
}

#[test]
fn nan_runs() {
    let mut rec = synth(|_| {});
    {
        let mut s = rec.signals_mut();
        for k in 0..12 {
            for t in 1000..1300 {
                s[[k, t]] = f32::NAN;
            }
        }
        for t in 3000..3600 {
            s[[4, t]] = f32::NAN;
        }
    }
    let a = analyze(&rec);
    let with_qrs = a
        .delineation
        .beats
        .iter()
        .filter(|b| b.global.qrs_onset.is_some())
        .count();
    assert!(with_qrs >= 8, "{with_qrs}");
}

#[test]
fn extreme_rates() {
    for fs in [100.0, 1000.0] {
        let rec = synth(|c| c.fs = SampleRate::new(fs).unwrap());
        let g = analyze(&rec).report.measurements.unwrap().global;
        assert!(
            g.qrs_ms.is_some() && g.qt_ms.is_some() && g.pr_ms.is_some(),
            "{fs}: {g:?}"
        );
    }
}

#[test]
fn an_hour_long_record() {
    // Three leads at 250 Hz keep the test short; every beat is delineated.
    let rec = synth(|c| {
        c.duration_s = 3600.0;
        c.fs = SampleRate::new(250.0).unwrap();
        c.leads = vec![Lead::I, Lead::II, Lead::V2];
        c.heart_rate_bpm = 65.0;
    });
    let a = analyze(&rec);
    let n = a.delineation.beats.len();
    assert!(n > 3500, "{n} beats");
    let with_t = a
        .delineation
        .beats
        .iter()
        .filter(|b| b.global.t_offset.is_some())
        .count();
    assert!(with_t * 10 >= n * 9, "{with_t} of {n}");
}

proptest! {
    #![proptest_config(crate::common::proptest_config(32))]

    #[test]
    fn generated_records_never_panic(
        seed in 0u64..1000,
        af in any::<bool>(),
        rate in 30.0f64..200.0,
        fs in prop::sample::select(vec![100.0, 128.0, 250.0, 257.3, 360.0, 500.0, 1000.0]),
        duration in 0.5f64..15.0,
        n_leads in 1usize..=12,
        pvc in 0.0f64..0.3,
        snr in prop::option::of(0.0f64..40.0),
        wander in 0.0f64..1.5,
        invert in any::<bool>(),
        nan_run in prop::option::of((0.0f64..1.0, 0.0f64..0.3)),
    ) {
        let mut rec = synth(|c| {
            c.seed = seed;
            c.rhythm = if af { Rhythm::AtrialFibrillation } else { Rhythm::Sinus };
            c.heart_rate_bpm = rate;
            c.fs = SampleRate::new(fs).unwrap();
            c.duration_s = duration;
            c.leads = Lead::STANDARD_12[..n_leads].to_vec();
            c.pvc = PvcParams { rate: pvc, ..PvcParams::default() };
            c.noise = Noise { emg_snr_db: snr, baseline_wander_mv: wander, ..Noise::default() };
        });
        if invert {
            rec.signals_mut().mapv_inplace(|v| -v);
        }
        if let Some((at, len)) = nan_run {
            let n = rec.n_samples();
            let (a, l) = ((at * n as f64) as usize, (len * n as f64) as usize);
            let mut s = rec.signals_mut();
            for k in 0..n_leads {
                for t in a..(a + l).min(n) {
                    s[[k, t]] = f32::NAN;
                }
            }
        }
        analyze(&rec);
    }

    #[test]
    fn any_beat_list_is_safe(
        beats in prop::collection::vec((0usize..6000, 0u8..4), 0..30),
        fs in prop::sample::select(vec![100.0, 500.0, 1000.0, f64::NAN, -1.0]),
        usable in prop::collection::vec(any::<bool>(), 0..14),
        atrial in any::<bool>(),
    ) {
        use sinus::beats::BeatClass;
        let rec = synth(|c| c.duration_s = 8.0);
        let beats: Vec<BeatInput> = beats
            .into_iter()
            .map(|(s, c)| BeatInput {
                sample: s,
                class: [
                    BeatClass::Dominant,
                    BeatClass::SupraventricularPremature,
                    BeatClass::VentricularPremature,
                    BeatClass::Unclassified,
                ][c as usize],
            })
            .collect();
        let d = delineate(
            &DelineateInput {
                signals: rec.signals(),
                fs,
                beats: &beats,
                usable: &usable,
                atrial_activity: atrial,
            },
            &DelineateConfig::default(),
        );
        prop_assert_eq!(d.beats.len(), beats.len());
        check(&d, None, rec.n_samples(), rec.n_leads());
    }
}
