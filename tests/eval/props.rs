//! Invariants of the EC57 beat-by-beat evaluator on generated beat trains.

use proptest::prelude::*;
use sinus::SampleRate;
use sinus::annotation::{Annotation, Code};
use sinus::eval::beats::{EvalOptions, compare};

/// Reference beats with RR intervals of 0.3 to 2 s at 360 Hz, starting after sample 0.
fn beat_train() -> impl Strategy<Value = Vec<u64>> {
    prop::collection::vec(108u64..720, 0..300).prop_map(|rr| {
        rr.iter()
            .scan(0u64, |t, &d| {
                *t += d;
                Some(*t)
            })
            .collect()
    })
}

proptest! {
    #![proptest_config(crate::common::proptest_config(256))]

    /// Detections within a third of the window of every beat: all found, nothing extra.
    #[test]
    fn jittered_detections_all_match(beats in beat_train(), jitter in prop::collection::vec(-18i64..=18, 300)) {
        let fs = SampleRate::new(360.0).unwrap();
        let reference: Vec<_> = beats.iter().map(|&s| Annotation::new(s, Code::NORMAL)).collect();
        let detected: Vec<u64> = beats.iter().zip(&jitter).map(|(&s, &j)| (s as i64 + j).max(1) as u64).collect();
        let c = compare(&reference, &detected, fs, &EvalOptions::from_zero());
        prop_assert_eq!((c.tp, c.fn_, c.fp), (beats.len() as u64, 0, 0));
    }

    /// Every reference beat is either found or missed; every detection is used at most once.
    #[test]
    fn counts_partition_the_beats(beats in beat_train(), detected in prop::collection::vec(1u64..200_000, 0..400)) {
        let fs = SampleRate::new(360.0).unwrap();
        let reference: Vec<_> = beats.iter().map(|&s| Annotation::new(s, Code::NORMAL)).collect();
        let end = 200_000.max(beats.last().copied().unwrap_or(0));
        let c = compare(&reference, &detected, fs, &EvalOptions::from_zero().end(end));
        prop_assert_eq!(c.tp + c.fn_, beats.len() as u64);
        prop_assert_eq!(c.tp + c.fp, detected.len() as u64);
    }
}
