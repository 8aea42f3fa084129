//! What the monitor reports does not depend on how the device chunks its samples.

use crate::stream;
use ndarray::s;
use proptest::prelude::*;
use sinus::Record;
use sinus::monitor::{Monitor, MonitorConfig};
use sinus::synth::{Noise, PvcParams, SynthConfig, generate};
use std::sync::OnceLock;

/// 14 s of 12 leads with premature beats and muscle noise; lead V1 has a NaN gap and lead V5
/// comes off (flat) at 8 s, so lead weights change while the stream goes on.
fn record() -> &'static Record {
    static REC: OnceLock<Record> = OnceLock::new();
    REC.get_or_init(|| {
        let mut rec = generate(&SynthConfig {
            duration_s: 14.0,
            heart_rate_bpm: 88.0,
            seed: 7,
            pvc: PvcParams {
                rate: 0.15,
                ..Default::default()
            },
            noise: Noise {
                emg_snr_db: Some(20.0),
                baseline_wander_mv: 0.2,
                ..Default::default()
            },
            ..Default::default()
        })
        .unwrap()
        .record;
        let mut x = rec.signals_mut();
        x.slice_mut(s![6, 2400..2700]).fill(f32::NAN);
        x.slice_mut(s![10, 4000..]).fill(0.0);
        rec
    })
}

fn whole() -> &'static crate::Streamed {
    static W: OnceLock<crate::Streamed> = OnceLock::new();
    W.get_or_init(|| stream(record(), &MonitorConfig::default(), &[usize::MAX]))
}

#[test]
fn the_reference_stream_sees_the_beats() {
    let w = whole();
    // 14 s at 88 bpm: about 20 beats, PVCs included.
    assert!((18..=23).contains(&w.beats.len()), "{}", w.beats.len());
    let q = w.updates.last().unwrap().quality.as_ref().unwrap();
    assert!(q[10].issues.contains(&sinus::quality::Issue::Flat), "{q:?}");
}

proptest! {
    #![proptest_config(crate::common::proptest_config(48))]

    #[test]
    fn same_output_whatever_the_chunking(sizes in prop::collection::vec(1usize..900, 1..12)) {
        let got = stream(record(), &MonitorConfig::default(), &sizes);
        let w = whole();
        prop_assert_eq!(&got.beats, &w.beats);
        // Bit patterns: the NaN gap must stay a NaN gap, and NaN != NaN.
        let bits = |f: &Vec<Vec<f32>>| -> Vec<Vec<u32>> {
            f.iter().map(|r| r.iter().map(|v| v.to_bits()).collect()).collect()
        };
        prop_assert!(bits(&got.filtered) == bits(&w.filtered), "filtered output differs");
        prop_assert_eq!(
            &got.updates.last().unwrap().quality,
            &w.updates.last().unwrap().quality
        );
    }

    #[test]
    fn interleaved_frames_give_the_same_beats(frames in prop::collection::vec(1usize..400, 1..8)) {
        let rec = record();
        let k = rec.n_leads();
        // Sample-interleaved, as a device's frames: one sample of every lead, then the next.
        let inter: Vec<f32> = rec.signals().t().iter().copied().collect();
        let mut m = Monitor::new(rec.leads().to_vec(), rec.fs(), MonitorConfig::default()).unwrap();
        let mut beats = Vec::new();
        let (mut a, mut i) = (0, 0);
        while a < rec.n_samples() {
            let b = (a + frames[i % frames.len()]).min(rec.n_samples());
            i += 1;
            beats.extend(m.push_interleaved(&inter[a * k..b * k]).unwrap().beats);
            a = b;
        }
        beats.extend(m.finish().unwrap().beats);
        prop_assert_eq!(&beats, &whole().beats);
    }
}
