//! Bad and odd input to the rhythm reading: paced beats only, P waves with (almost) no QRS
//! (ventricular standstill), a single beat, complete AV block at 30 bpm, 2-sample spikes at
//! 1000 Hz, and bursts of noise that look like spikes. Each gives the right label or an honest
//! "undetermined", never a panic.

use proptest::prelude::*;
use sinus::SampleRate;
use sinus::rhythm::RhythmLabel as L;
use sinus::synth::{AvConduction, Conduction, Pacemaker, PacingMode, SynthConfig, generate};

fn fs_of(i: usize) -> SampleRate {
    SampleRate::new([250.0, 360.0, 500.0, 1000.0, 257.3][i % 5]).unwrap()
}

/// Complete AV block: P waves at `atrial` /min, a ventricular escape at `escape` bpm, 20 s.
fn complete_block(fsi: usize, atrial: f64, escape: f64, seed: u64) -> SynthConfig {
    SynthConfig {
        fs: fs_of(fsi),
        seed,
        duration_s: 20.0,
        conduction: Some(Conduction {
            atrial_rate_bpm: atrial,
            pattern: AvConduction::Complete {
                escape_rate_bpm: escape,
                ventricular: true,
            },
        }),
        ..SynthConfig::default()
    }
}

proptest! {
    #![proptest_config(crate::common::proptest_config(24))]

    /// Paced beats only, at any pacing rate, spike size and sample rate: paced.
    #[test]
    fn paced_beats_only(
        fsi in 0usize..5, rate in 40.0f64..150.0, width in 0.05f64..2.0, amp in 0.3f64..15.0,
        seed in 0u64..1000,
    ) {
        let c = SynthConfig {
            fs: fs_of(fsi), seed,
            pacemaker: Some(Pacemaker { mode: PacingMode::Ventricular, rate_bpm: rate, spike_width_ms: width, spike_amplitude_mv: amp, ..Pacemaker::default() }),
            ..SynthConfig::default()
        };
        let r = sinus::analyze(&generate(&c).unwrap().record).unwrap();
        prop_assert_eq!(r.rhythm.label, L::VentricularPaced, "{}", r.rhythm.evidence.rule);
        prop_assert_eq!(r.beats.ventricular_premature, 0);
    }

    /// P waves with at most a beat or two (ventricular standstill): undetermined, or a rhythm
    /// read from what few beats there are; never sinus rhythm at the atrial rate.
    #[test]
    fn p_waves_only(fsi in 0usize..5, atrial in 50.0f64..110.0, seed in 0u64..1000) {
        // The generator's default length, not the helper's 20 s.
        let c = SynthConfig { duration_s: SynthConfig::default().duration_s, ..complete_block(fsi, atrial, 15.0, seed) };
        let r = sinus::analyze(&generate(&c).unwrap().record).unwrap();
        prop_assert!(!r.rhythm.label.is_sinus(), "{:?}: {}", r.rhythm.label, r.rhythm.evidence.rule);
        prop_assert!(
            matches!(r.rhythm.label, L::Undetermined | L::IdioventricularRhythm | L::RegularUnclassified | L::IrregularUnclassified),
            "{:?}: {}", r.rhythm.label, r.rhythm.evidence.rule
        );
    }

    /// One beat (or none) in the record: undetermined.
    #[test]
    fn one_beat(fsi in 0usize..5, secs in 0.3f64..1.4, seed in 0u64..1000) {
        let c = SynthConfig { fs: fs_of(fsi), seed, duration_s: secs, heart_rate_bpm: 50.0, ..SynthConfig::default() };
        let r = sinus::analyze(&generate(&c).unwrap().record).unwrap();
        prop_assert_eq!(r.rhythm.label, L::Undetermined);
    }

    /// Complete AV block with a ventricular escape at 30 bpm: a ventricular (idioventricular)
    /// rhythm, or undetermined, or sinus rhythm at the P rate beneath a high-grade or complete
    /// block; never sinus at the QRS rate, never a paced rhythm.
    #[test]
    fn complete_block_at_30(fsi in 0usize..5, atrial in 60.0f64..100.0, seed in 0u64..1000) {
        let c = complete_block(fsi, atrial, 30.0, seed);
        let r = sinus::analyze(&generate(&c).unwrap().record).unwrap();
        let escape = matches!(r.rhythm.label, L::IdioventricularRhythm | L::Undetermined | L::RegularUnclassified | L::IrregularUnclassified);
        // Sinus only at the P rate, beneath a block that stops P waves in runs.
        let block = r.rhythm.av_block.as_ref().map(|b| b.degree);
        let sinus_at_p_rate = r.rhythm.label == L::SinusRhythm
            && matches!(block, Some(sinus::rhythm::AvBlockDegree::HighGrade | sinus::rhythm::AvBlockDegree::Third));
        prop_assert!(escape || sinus_at_p_rate, "{:?} ({:?}): {}", r.rhythm.label, block, r.rhythm.evidence.rule);
        prop_assert!(r.rhythm.pacing.is_none());
    }

    /// Bursts of noise that look like spikes (one to a few samples, in one lead or in all, at
    /// random times) on a sinus rhythm: never paced.
    #[test]
    fn spike_like_noise_is_not_pacing(
        fsi in 0usize..5,
        bursts in prop::collection::vec((0.0f64..9.9, 0usize..13, 0.2f32..5.0, 1usize..4), 1..25),
        seed in 0u64..1000,
    ) {
        let c = SynthConfig { fs: fs_of(fsi), seed, ..SynthConfig::default() };
        let mut rec = generate(&c).unwrap().record;
        let fs = rec.fs().hz();
        let n = rec.n_samples();
        let nl = rec.n_leads();
        {
            let mut sig = rec.signals_mut();
            for (at, lead, amp, width) in &bursts {
                let t0 = ((at * fs) as usize).min(n - 1);
                for t in t0..(t0 + width).min(n) {
                    if *lead >= nl {
                        for k in 0..nl { sig[[k, t]] += amp * if k % 2 == 0 { 1.0 } else { -0.6 }; }
                    } else {
                        sig[[*lead, t]] += *amp;
                    }
                }
            }
        }
        let r = sinus::analyze(&rec).unwrap();
        prop_assert!(!r.rhythm.label.is_paced(), "{}", r.rhythm.evidence.rule);
    }
}

/// 2-sample spikes at 1000 Hz, each chamber.
#[test]
fn two_sample_spikes_at_1000_hz() {
    for mode in [
        PacingMode::Ventricular,
        PacingMode::Atrial,
        PacingMode::AvSequential,
    ] {
        let c = SynthConfig {
            fs: SampleRate::new(1000.0).unwrap(),
            pacemaker: Some(Pacemaker {
                mode,
                spike_width_ms: 2.0,
                spike_amplitude_mv: 1.0,
                ..Pacemaker::default()
            }),
            conduction: (mode != PacingMode::Ventricular).then_some(Conduction {
                atrial_rate_bpm: 60.0,
                pattern: AvConduction::Normal { pr_ms: 160.0 },
            }),
            ..SynthConfig::default()
        };
        let r = sinus::analyze(&generate(&c).unwrap().record).unwrap();
        assert!(
            r.rhythm.label.is_paced(),
            "{mode:?}: {}",
            r.rhythm.evidence.rule
        );
    }
}

/// Complete block at 30 bpm under P waves at 90 /min, the two cases a CI run found read as
/// "sinus bradycardia 30 bpm" (a sinus P wave fell in the PR window by chance): at 250 Hz,
/// seeds 388 (read as complete block) and 776 (read as high-grade block, the P waves being
/// found unevenly). Neither may name a sinus rate of 30.
#[test]
fn complete_block_is_not_sinus_at_the_qrs_rate() {
    for seed in [388, 776] {
        let c = complete_block(0, 90.3, 30.0, seed);
        let r = sinus::analyze(&generate(&c).unwrap().record).unwrap();
        let block = r.rhythm.av_block.as_ref().map(|b| b.degree);
        assert!(
            matches!(
                block,
                Some(sinus::rhythm::AvBlockDegree::HighGrade | sinus::rhythm::AvBlockDegree::Third)
            ),
            "seed {seed}: {block:?}"
        );
        assert!(
            !matches!(r.rhythm.label, L::SinusBradycardia),
            "seed {seed}: {:?}: {}",
            r.rhythm.label,
            r.rhythm.evidence.rule
        );
    }
}

/// Complete block at 30 bpm under P waves at 60.4 /min, almost exactly twice the escape rate
/// (a 3000-case property run found it at 250 Hz, seed 832): every other P wave hides in a QRS,
/// so the P waves seen are one per QRS at a fixed distance, which once read as "sinus
/// bradycardia 30 bpm". A block beyond first degree is read and no sinus rate of 30 named.
#[test]
fn complete_block_at_half_the_p_rate_is_not_sinus_at_the_qrs_rate() {
    let c = complete_block(0, 60.4078759477204, 30.0, 832);
    let r = sinus::analyze(&generate(&c).unwrap().record).unwrap();
    let block = r.rhythm.av_block.as_ref().map(|b| b.degree);
    assert!(
        block.is_some_and(|d| d != sinus::rhythm::AvBlockDegree::First),
        "{block:?}: {:?}: {}",
        r.rhythm.label,
        r.rhythm.evidence.rule
    );
    assert!(
        !matches!(r.rhythm.label, L::SinusBradycardia),
        "{:?} ({block:?}): {}",
        r.rhythm.label,
        r.rhythm.evidence.rule
    );
}
