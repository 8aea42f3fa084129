//! Each interchange check on generated 12-lead records whose truth is known: the clean record
//! raises no alarm, each interchange is found and named, whatever the seed, rate and noise.

use proptest::prelude::*;
use sinus::quality::reversal::{Check, Interchange, ReversalConfig, detect};
use sinus::synth::noise::{Disturbance, disturb, interchange};
use sinus::synth::{SynthConfig, Synthetic, generate};

fn synth(seed: u64, bpm: f64) -> Synthetic {
    generate(&SynthConfig {
        seed,
        heart_rate_bpm: bpm,
        ..SynthConfig::default()
    })
    .expect("valid synth config")
}

fn read(
    s: &Synthetic,
    rec: &sinus::Record,
) -> Option<sinus::quality::reversal::InterchangeFinding> {
    let beats: Vec<usize> = s.truth.beats.iter().map(|b| b.r_peak).collect();
    detect(
        rec.signals(),
        rec.fs().hz(),
        rec.leads(),
        &vec![true; rec.n_leads()],
        &beats,
        Some(90.0),
        true,
        &ReversalConfig::default(),
    )
}

#[test]
fn every_detectable_interchange_is_found_and_named() {
    for (seed, bpm) in [(0, 60.0), (1, 75.0), (2, 95.0), (3, 52.0)] {
        let s = synth(seed, bpm);
        assert!(
            read(&s, &s.record).is_none(),
            "seed {seed}: clean record flagged"
        );
        for x in Interchange::LIMB.iter().chain(&Interchange::ADJACENT_CHEST) {
            let swapped = interchange(&s.record, *x).unwrap();
            let found = read(&s, &swapped);
            match x {
                // A reflection about +30°: the synthetic heart's axes (P +56°, QRS +34°) stay
                // plausible once reflected, and only the axes can tell.
                Interchange::LaLl => {
                    assert!(
                        found.as_ref().is_none_or(|f| f.interchange == *x),
                        "{found:?}"
                    );
                }
                // The rotations pair with LA/RA and RA/LL (the chest leads cannot tell them
                // apart); the prior names the commoner single swap.
                Interchange::RotationRaToLl => {
                    let f = found.unwrap_or_else(|| panic!("seed {seed}: {} missed", x.label()));
                    assert!(matches!(
                        f.interchange,
                        Interchange::LaRa | Interchange::RotationRaToLl
                    ));
                }
                Interchange::RotationRaToLa => {
                    let f = found.unwrap_or_else(|| panic!("seed {seed}: {} missed", x.label()));
                    assert!(matches!(
                        f.interchange,
                        Interchange::RaLl | Interchange::RotationRaToLa
                    ));
                }
                // V2/V3 needs a large gain (the transition zone), V4/V5 and V5/V6 a clear one:
                // the model's smooth chest leads do not always give it.
                Interchange::Chest(a, _)
                    if !matches!(
                        a,
                        sinus::synth::noise::ChestSite::V1 | sinus::synth::noise::ChestSite::V3
                    ) =>
                {
                    assert!(
                        found.as_ref().is_none_or(|f| f.interchange == *x),
                        "{found:?}"
                    );
                }
                _ => {
                    let f = found.unwrap_or_else(|| panic!("seed {seed}: {} missed", x.label()));
                    assert_eq!(f.interchange, *x, "seed {seed}: {f:?}");
                }
            }
        }
    }
}

#[test]
fn the_checks_report_their_figures() {
    let s = synth(5, 70.0);
    let f = read(&s, &interchange(&s.record, Interchange::LaRa).unwrap()).unwrap();
    match f.check {
        Check::FrontalPlane {
            recorded_r,
            corrected_r,
            margin,
            ..
        } => {
            assert!(
                recorded_r < -0.5 && corrected_r > 0.5 && margin > 0.5,
                "{f:?}"
            );
        }
        other => panic!("{other:?}"),
    }
    let f = read(&s, &interchange(&s.record, Interchange::RaRl).unwrap()).unwrap();
    assert!(
        matches!(f.check, Check::FlatLimbLead { ref lead, ratio } if lead == "II" && ratio < 0.08)
    );
}

#[test]
fn missing_or_unusable_leads_give_no_reading() {
    let s = synth(6, 70.0);
    let beats: Vec<usize> = s.truth.beats.iter().map(|b| b.r_peak).collect();
    let rec = &s.record;
    let mut usable = vec![true; 12];
    usable[7] = false; // V2
    let cfg = ReversalConfig::default();
    let fs = rec.fs().hz();
    assert!(
        detect(
            rec.signals(),
            fs,
            rec.leads(),
            &usable,
            &beats,
            None,
            true,
            &cfg
        )
        .is_none()
    );
    assert!(
        detect(
            rec.signals(),
            fs,
            rec.leads(),
            &[true; 12],
            &beats[..2],
            None,
            true,
            &cfg
        )
        .is_none()
    );
    assert!(
        detect(
            rec.signals(),
            f64::NAN,
            rec.leads(),
            &[true; 12],
            &beats,
            None,
            true,
            &cfg
        )
        .is_none()
    );
}

proptest! {
    #![proptest_config(crate::common::proptest_config(24))]

    /// Clean generated records at any seed, rate and modest noise raise no alarm; LA/RA is
    /// always found; nothing panics on arbitrary beat lists.
    #[test]
    fn clean_is_quiet_and_arms_swapped_are_found(
        seed in 0u64..1000,
        bpm in 45.0f64..120.0,
        snr in 18.0f64..40.0,
        junk in proptest::collection::vec(0usize..6000, 0..20),
    ) {
        let s = synth(seed, bpm);
        let noisy = disturb(&s.record, &Disturbance::Muscle { snr_db: snr }, seed).unwrap();
        prop_assert!(read(&s, &noisy).is_none());
        let swapped = interchange(&noisy, Interchange::LaRa).unwrap();
        prop_assert_eq!(read(&s, &swapped).map(|f| f.interchange), Some(Interchange::LaRa));
        let mut beats = junk;
        beats.sort_unstable();
        let _ = detect(noisy.signals(), 500.0, noisy.leads(), &[true; 12], &beats, Some(1e9), false, &ReversalConfig::default());
    }
}
