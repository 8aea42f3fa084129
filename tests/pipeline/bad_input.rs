//! Bad input never panics: it yields a report (with quality flags) or a typed error.

use ndarray::Array2;
use proptest::prelude::*;
use sinus::synth::{Rhythm, SynthConfig, generate};
use sinus::{Lead, Record, SampleRate};

fn synth(duration_s: f64, fs: f64, leads: Vec<Lead>) -> Record {
    generate(&SynthConfig {
        duration_s,
        fs: SampleRate::new(fs).unwrap(),
        leads,
        seed: 3,
        ..SynthConfig::default()
    })
    .unwrap()
    .record
}

#[test]
fn nan_runs_are_flagged_and_read_around() {
    let mut rec = synth(10.0, 500.0, Lead::STANDARD_12.to_vec());
    // 1 s of NaN in every lead, and lead II nearly all NaN.
    rec.signals_mut()
        .slice_mut(ndarray::s![.., 2000..2500])
        .fill(f32::NAN);
    rec.signals_mut()
        .slice_mut(ndarray::s![1, 500..])
        .fill(f32::NAN);
    let r = sinus::analyze(&rec).unwrap();
    assert!(
        r.excluded_leads.contains(&"II".to_string()),
        "{:?}",
        r.excluded_leads
    );
    let i = &r.quality[0];
    assert!(
        i.issues.contains(&sinus::quality::Issue::MissingSamples),
        "{i:?}"
    );
    assert!(r.rhythm.label.is_sinus(), "{:?}", r.rhythm);
}

#[test]
fn three_seconds_gives_a_report() {
    let r = sinus::analyze(&synth(3.0, 500.0, Lead::STANDARD_12.to_vec())).unwrap();
    assert!(r.beats.total <= 5);
    assert_eq!(r.record.duration_s, 3.0);
}

#[test]
fn one_hour_of_two_leads() {
    let r = sinus::analyze(&synth(3600.0, 250.0, vec![Lead::MLII, Lead::V1])).unwrap();
    let n = r.beats.total as f64;
    assert!((n - 4200.0).abs() < 100.0, "{n} beats in an hour at 70 bpm");
    assert!(r.rhythm.label.is_sinus(), "{:?}", r.rhythm);
}

#[test]
fn eighteen_leads_one_lead_and_odd_rates() {
    let r = sinus::analyze(&synth(10.0, 500.0, Lead::STANDARD_18.to_vec())).unwrap();
    assert_eq!(r.quality.len(), 18);
    assert_eq!(r.rhythm.label, sinus::rhythm::RhythmLabel::SinusRhythm);
    let r = sinus::analyze(&synth(10.0, 500.0, vec![Lead::II])).unwrap();
    assert!(r.rhythm.label.is_sinus(), "{:?}", r.rhythm);
    for fs in [128.0, 1000.0] {
        let r = sinus::analyze(&synth(10.0, fs, Lead::STANDARD_12.to_vec())).unwrap();
        assert!(r.rhythm.label.is_sinus(), "{fs} Hz: {:?}", r.rhythm);
    }
}

#[test]
fn empty_and_unsupported_records_are_typed_errors() {
    let fs = SampleRate::new(500.0).unwrap();
    let empty = Record::new("e", vec![Lead::I], fs, Array2::zeros((1, 0))).unwrap();
    assert!(matches!(
        sinus::analyze(&empty),
        Err(sinus::pipeline::AnalyzeError::NoSamples { .. })
    ));
    let none = Record::new("n", vec![], fs, Array2::zeros((0, 100))).unwrap();
    assert!(matches!(
        sinus::analyze(&none),
        Err(sinus::pipeline::AnalyzeError::NoLeads { .. })
    ));
    // 50 Hz is below what the detector supports: an error, not a panic.
    let slow = Record::new(
        "s",
        vec![Lead::II],
        SampleRate::new(50.0).unwrap(),
        Array2::from_shape_fn((1, 500), |(_, i)| (i as f32 * 0.3).sin()),
    )
    .unwrap();
    assert!(sinus::analyze(&slow).is_err());
}

/// A generated record of the first `n_leads` standard leads.
fn generated(seed: u64, af: bool, rate: f64, fs: f64, duration_s: f64, n_leads: usize) -> Record {
    generate(&SynthConfig {
        seed,
        heart_rate_bpm: rate,
        rhythm: if af {
            Rhythm::AtrialFibrillation
        } else {
            Rhythm::Sinus
        },
        fs: SampleRate::new(fs).unwrap(),
        duration_s,
        leads: Lead::STANDARD_12[..n_leads].to_vec(),
        ..SynthConfig::default()
    })
    .unwrap()
    .record
}

/// Fills every lead with NaN from `start` for `len` (fractions of the record).
fn nan_run(rec: &mut Record, start: f64, len: f64) {
    let n = rec.n_samples();
    let a = ((start * n as f64) as usize).min(n);
    let b = (a + (len * n as f64) as usize).min(n);
    rec.signals_mut()
        .slice_mut(ndarray::s![.., a..b])
        .fill(f32::NAN);
}

proptest! {
    #![proptest_config(crate::common::proptest_config(24))]

    #[test]
    fn generated_records_never_panic(
        seed in 0u64..1000,
        af in any::<bool>(),
        rate in 35.0f64..180.0,
        fs in prop::sample::select(vec![128.0, 250.0, 360.0, 500.0, 1000.0]),
        duration in 2.0f64..20.0,
        n_leads in 1usize..=12,
        dead in prop::collection::vec(any::<bool>(), 12),
        nan_start in 0.0f64..1.0,
        nan_len in 0.0f64..0.5,
        scale in prop::sample::select(vec![0.0f32, 1e-4, 1.0, 50.0]),
    ) {
        let mut rec = generated(seed, af, rate, fs, duration, n_leads);
        for (k, mut row) in rec.signals_mut().rows_mut().into_iter().enumerate() {
            row.mapv_inplace(|v| v * scale);
            if dead[k] { row.fill(0.0); }
        }
        nan_run(&mut rec, nan_start, nan_len);
        let r = sinus::analyze(&rec).unwrap();
        prop_assert_eq!(r.quality.len(), n_leads);
        prop_assert!(r.statements.last().is_some());
        prop_assert!(r.beats.total == r.beats.dominant + r.beats.supraventricular_premature
            + r.beats.ventricular_premature + r.beats.unclassified + r.beats.paced);
        if let Some(rt) = r.rates {
            prop_assert!(rt.min_bpm <= rt.mean_bpm + 1e-9 && rt.mean_bpm <= rt.max_bpm + 1e-9);
        }
        let _ = (r.text(sinus::report::Lang::En), r.text(sinus::report::Lang::Zh), r.to_json().unwrap());
    }
}

proptest! {
    #![proptest_config(crate::common::proptest_config(12))]

    /// Long records are read window by window: whatever the window, the rate, NaN runs or dead
    /// leads, the episodes tile the record in order and the headline is one of them.
    #[test]
    fn long_records_tile_into_episodes(
        seed in 0u64..1000,
        af in any::<bool>(),
        fs in prop::sample::select(vec![128.0, 360.0, 500.0]),
        duration in 20.0f64..90.0,
        n_leads in 1usize..=3,
        window_s in 2.5f64..12.0,
        nan_start in 0.0f64..1.0,
        nan_len in 0.0f64..0.6,
        dead_first in any::<bool>(),
    ) {
        let mut rec = generated(seed, af, 70.0, fs, duration, n_leads);
        if dead_first {
            rec.signals_mut().row_mut(0).fill(0.0);
        }
        nan_run(&mut rec, nan_start, nan_len);
        let cfg = sinus::Config::builder()
            .episodes(sinus::pipeline::EpisodeConfig::default().min_record_s(2.0 * window_s).window_s(window_s))
            .build()
            .unwrap();
        let r = sinus::Pipeline::new(cfg).unwrap().analyze(&rec).unwrap();
        if rec.duration_s() < 2.0 * window_s {
            prop_assert!(r.rhythm_episodes.is_empty());
        } else if r.excluded_leads.len() < n_leads {
            prop_assert!(!r.rhythm_episodes.is_empty());
        } else {
            prop_assert!(r.rhythm_episodes.is_empty());
        }
        let mut t = 0.0;
        for e in &r.rhythm_episodes {
            prop_assert!((e.start_s - t).abs() < 1e-9 && e.end_s > e.start_s && e.windows >= 1);
            t = e.end_s;
        }
        if !r.rhythm_episodes.is_empty() {
            prop_assert!((t - rec.duration_s()).abs() < 1e-9);
            // The headline is an episode's label, or the whole record's reading when no window
            // could be read.
            let all_undetermined = r
                .rhythm_episodes
                .iter()
                .all(|e| e.label == sinus::rhythm::RhythmLabel::Undetermined);
            prop_assert!(
                all_undetermined || r.rhythm_episodes.iter().any(|e| e.label == r.rhythm.label)
            );
        }
        let _ = (r.text(sinus::report::Lang::En), r.text(sinus::report::Lang::Zh), r.to_json().unwrap());
    }
}

#[test]
fn nan_runs_in_a_real_record_are_flagged_and_the_report_goes_out() {
    use crate::common;
    let Some(db) = common::db("ludb/data") else {
        return;
    };
    let clean = sinus::io::wfdb::read_record(db.join("1")).unwrap();
    // Conditioning on (a NaN used to fail it), and off.
    for conditioning in [Some(sinus::filter::Conditioning::default()), None] {
        let cfg = sinus::Config::builder()
            .conditioning(conditioning)
            .build()
            .unwrap();
        nan_runs_read_around(&clean, &sinus::Pipeline::new(cfg).unwrap());
    }
}

fn nan_runs_read_around(clean: &Record, pipeline: &sinus::Pipeline) {
    use sinus::quality::Issue;
    let before = pipeline.analyze(clean).unwrap();
    // One lost sample in V1, a 200 ms run in lead I and a 0.5 s run in V5 mid-record: what a
    // device drops over a radio link.
    let mut rec = clean.clone();
    let fs = rec.fs().hz();
    let k = |l: &Lead| rec.leads().iter().position(|x| x == l).unwrap();
    let (i, v1, v5) = (k(&Lead::I), k(&Lead::V1), k(&Lead::V5));
    let run = |s: f64, e: f64| (s * fs) as usize..(e * fs) as usize;
    rec.signals_mut()[[v1, 1234]] = f32::NAN;
    rec.signals_mut()
        .slice_mut(ndarray::s![i, run(3.0, 3.2)])
        .fill(f32::NAN);
    rec.signals_mut()
        .slice_mut(ndarray::s![v5, run(6.0, 6.5)])
        .fill(f32::NAN);
    let after = pipeline.analyze(&rec).unwrap();
    for (row, name) in [(i, "I"), (v1, "V1"), (v5, "V5")] {
        let q = &after.quality[row];
        assert_eq!(q.lead, name);
        assert!(q.issues.contains(&Issue::MissingSamples), "{q:?}");
        assert!(q.grade.is_usable(), "{q:?}");
    }
    // The rest of the reading stands: same rhythm, same beats within one, same rate.
    assert_eq!(after.rhythm.label, before.rhythm.label);
    assert!(
        after.beats.total.abs_diff(before.beats.total) <= 1,
        "{} vs {}",
        after.beats.total,
        before.beats.total
    );
    let (a, b) = (after.rates.unwrap(), before.rates.unwrap());
    assert!((a.mean_bpm - b.mean_bpm).abs() < 2.0, "{a:?} vs {b:?}");
    assert!(!after.summary(sinus::report::Lang::Zh).is_empty());
    assert!(!after.to_json().unwrap().is_empty());
}
