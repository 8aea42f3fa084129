//! Lead quality within a second (lead off, NaN, clipping, mains and muscle noise), the running
//! heart rate, the latency bound, and the errors for bad chunks and configurations.

use crate::stream;
use ndarray::{Array2, s};
use sinus::monitor::{Monitor, MonitorConfig, MonitorError};
use sinus::quality::{Grade, Issue};
use sinus::synth::{SynthConfig, generate};
use sinus::{Lead, Record, SampleRate};

fn ecg(seconds: f64, bpm: f64) -> Record {
    generate(&SynthConfig {
        duration_s: seconds,
        heart_rate_bpm: bpm,
        seed: 3,
        ..Default::default()
    })
    .unwrap()
    .record
}

/// The first block end (s) from which `lead`'s quality shows `issue`, pushing 40 ms chunks.
fn first_seen(rec: &Record, lead: usize, issue: Issue) -> Option<f64> {
    let got = stream(rec, &MonitorConfig::default(), &[20]);
    got.updates.iter().find_map(|u| {
        let q = u.quality.as_ref()?;
        q[lead]
            .issues
            .contains(&issue)
            .then(|| u.analysed as f64 / rec.fs().hz())
    })
}

#[test]
fn a_lead_coming_off_shows_within_a_second() {
    let fs = 500.0;
    let onset = 5.0;
    let at = (onset * fs) as usize;
    let cases: [(usize, Issue, f32); 4] = [
        (7, Issue::Flat, 0.0),                // V2 reads a flat line
        (9, Issue::MissingSamples, f32::NAN), // V4: the device marks the samples missing
        (1, Issue::Saturation, 4.0),          // II: the amplifier sits at its rail...
        (0, Issue::Flat, -4.0),               // ...or at the other one (flat at the rail)
    ];
    for (lead, issue, value) in cases {
        let mut rec = ecg(10.0, 70.0);
        if issue == Issue::Saturation {
            // Clipping: the complexes run into the rail at +0.4 mV.
            rec.signals_mut()
                .slice_mut(s![lead, at..])
                .mapv_inplace(|v| v.min(0.4));
        } else {
            rec.signals_mut().slice_mut(s![lead, at..]).fill(value);
        }
        let seen = first_seen(&rec, lead, issue)
            .unwrap_or_else(|| panic!("lead {lead}: {issue:?} never shown"));
        assert!(
            seen > onset && seen - onset <= 1.0,
            "lead {lead}: {issue:?} shown at {seen} s for an onset at {onset} s"
        );
    }
}

#[test]
fn noise_is_named_per_lead_and_beats_go_on() {
    let mut rec = ecg(12.0, 80.0);
    let fs = rec.fs().hz();
    // 0.5 mV of 50 Hz on V6 and strong muscle noise on aVL, from 4 s.
    let mut x = rec.signals_mut();
    for i in 2000..6000 {
        let t = i as f64 / fs;
        x[[11, i]] += 0.5 * (2.0 * std::f64::consts::PI * 50.0 * t).sin() as f32;
        // A deterministic broadband "noise": a fast pseudo-random sequence of ±0.4 mV.
        let r = ((i as u64).wrapping_mul(6364136223846793005) >> 33) as f32 / (1u64 << 31) as f32;
        x[[4, i]] += 0.8 * (r - 0.5);
    }
    let got = stream(&rec, &MonitorConfig::default(), &[33]);
    let q = got
        .updates
        .iter()
        .rev()
        .find_map(|u| u.quality.clone())
        .unwrap();
    assert!(q[11].issues.contains(&Issue::MainsNoise), "{:?}", q[11]);
    assert!(q[4].issues.contains(&Issue::MuscleNoise), "{:?}", q[4]);
    assert!(q[1].grade.is_usable(), "{:?}", q[1]);
    // 12 s at 80 bpm: 16 beats; the noisy leads do not add or lose any.
    assert!((15..=17).contains(&got.beats.len()), "{}", got.beats.len());
}

#[test]
fn latency_and_heart_rate() {
    let rec = ecg(20.0, 72.0);
    let cfg = MonitorConfig::default();
    let got = stream(&rec, &cfg, &[10]);
    assert!((23..=25).contains(&got.beats.len()), "{}", got.beats.len());
    let warmup = (cfg.warmup_s * rec.fs().hz()) as u64;
    let last = got.updates.len() - 1;
    for u in &got.updates[..last] {
        for b in &u.beats {
            if b.reported_at > warmup {
                assert!(
                    b.latency_ms(rec.fs()) <= cfg.max_latency_ms(),
                    "{b:?}: {} ms",
                    b.latency_ms(rec.fs())
                );
            }
        }
    }
    // Every beat once, in order, at least the refractory period apart.
    assert!(
        got.beats
            .windows(2)
            .all(|w| w[1].sample >= w[0].sample + 100)
    );
    let hr = got.updates[last - 1].heart_rate_bpm.unwrap();
    assert!((hr - 72.0).abs() < 4.0, "{hr}");
}

#[test]
fn heart_rate_goes_away_when_every_lead_comes_off() {
    let mut rec = ecg(16.0, 75.0);
    rec.signals_mut().slice_mut(s![.., 4000..]).fill(0.0);
    let got = stream(&rec, &MonitorConfig::default(), &[50]);
    let at = |t: f64| {
        got.updates
            .iter()
            .find(|u| u.analysed as f64 >= t * 500.0)
            .unwrap()
    };
    assert!(at(7.5).heart_rate_bpm.is_some());
    assert!(at(14.0).heart_rate_bpm.is_none());
    let q = at(14.0).quality.as_ref().unwrap();
    assert!(q.iter().all(|l| l.grade == Grade::Unusable), "{q:?}");
    assert!(got.beats.iter().all(|b| b.sample < 8200));
}

#[test]
fn bad_chunks_and_configurations_are_typed_errors() {
    let fs = SampleRate::new(500.0).unwrap();
    let leads = vec![Lead::I, Lead::II, Lead::V1];
    let mut m = Monitor::new(leads.clone(), fs, MonitorConfig::default()).unwrap();
    assert_eq!(
        m.push(Array2::<f32>::zeros((2, 10)).view()).unwrap_err(),
        MonitorError::ChunkLeads {
            expected: 3,
            found: 2
        }
    );
    assert_eq!(
        m.push_interleaved(&[0.0; 10]).unwrap_err(),
        MonitorError::PartialFrame { len: 10, leads: 3 }
    );
    assert_eq!(m.samples_pushed(), 0, "a refused chunk leaves no trace");
    // NaN everywhere: quality, not an error.
    let up = m.push_interleaved(&[f32::NAN; 3 * 600]).unwrap();
    let q = up.quality.unwrap();
    assert!(q.iter().all(|l| l.issues.contains(&Issue::MissingSamples)));
    assert!(up.filtered.iter().all(|v| v.is_nan()));
    assert!(m.finish().unwrap().beats.is_empty());

    assert_eq!(
        Monitor::new(vec![], fs, MonitorConfig::default()).unwrap_err(),
        MonitorError::NoLeads
    );
    assert!(matches!(
        Monitor::new(
            leads.clone(),
            SampleRate::new(50.0).unwrap(),
            MonitorConfig::default()
        ),
        Err(MonitorError::UnsupportedSampleRate { .. })
    ));
    let bad = MonitorConfig::default().lookback_s(f64::NAN);
    assert!(matches!(
        Monitor::new(leads.clone(), fs, bad),
        Err(MonitorError::InvalidConfig {
            field: "lookback_s",
            ..
        })
    ));
    let bad = MonitorConfig::default()
        .detector(sinus::detect::DetectorConfig::default().refractory_ms(5.0));
    let e = Monitor::new(leads, fs, bad).unwrap_err();
    assert!(matches!(e, MonitorError::Detector(_)));
    // The cause is the source, not repeated in the message.
    let src = std::error::Error::source(&e).unwrap().to_string();
    assert!(!e.to_string().contains(&src), "{e}");
}
