//! Paced rhythms from the generator: spikes of several widths and amplitudes at 250–1000 Hz,
//! each chamber, and pacing over complete AV block; and records without pacing that must not
//! read paced.

use sinus::SampleRate;
use sinus::rhythm::{PacedChamber, RhythmLabel};
use sinus::synth::{AvConduction, Conduction, Noise, Pacemaker, PacingMode, SynthConfig, generate};

fn paced(fs: f64, mode: PacingMode, width_ms: f64, amp: f64, seed: u64) -> SynthConfig {
    SynthConfig {
        fs: SampleRate::new(fs).unwrap(),
        seed,
        pacemaker: Some(Pacemaker {
            mode,
            rate_bpm: 70.0,
            av_delay_ms: 160.0,
            spike_width_ms: width_ms,
            spike_amplitude_mv: amp,
        }),
        conduction: (mode != PacingMode::Ventricular).then_some(Conduction {
            atrial_rate_bpm: 70.0,
            pattern: AvConduction::Normal { pr_ms: 160.0 },
        }),
        ..SynthConfig::default()
    }
}

#[test]
fn ventricular_pacing_at_every_rate_width_and_amplitude() {
    for fs in [250.0, 360.0, 500.0, 1000.0] {
        for width_ms in [0.1, 0.5, 2.0] {
            for amp in [0.5, 2.0, 8.0] {
                let c = paced(fs, PacingMode::Ventricular, width_ms, amp, 3);
                let r = sinus::analyze(&generate(&c).unwrap().record).unwrap();
                assert_eq!(
                    r.rhythm.label,
                    RhythmLabel::VentricularPaced,
                    "{fs} Hz, {width_ms} ms, {amp} mV: {}",
                    r.rhythm.evidence.rule
                );
                // Paced beats are never ventricular premature beats.
                assert_eq!(r.beats.ventricular_premature, 0, "{fs} {width_ms} {amp}");
                assert!(r.beats.paced >= r.beats.total - 1, "{:?}", r.beats);
            }
        }
    }
}

#[test]
fn atrial_and_av_sequential_pacing() {
    for fs in [360.0, 500.0, 1000.0] {
        let r = sinus::analyze(
            &generate(&paced(fs, PacingMode::Atrial, 0.5, 3.0, 1))
                .unwrap()
                .record,
        )
        .unwrap();
        assert_eq!(
            r.rhythm.label,
            RhythmLabel::AtrialPaced,
            "{fs}: {}",
            r.rhythm.evidence.rule
        );
        assert_eq!(
            r.rhythm.pacing.as_ref().unwrap().chamber,
            PacedChamber::Atrial
        );
        let r = sinus::analyze(
            &generate(&paced(fs, PacingMode::AvSequential, 0.5, 3.0, 1))
                .unwrap()
                .record,
        )
        .unwrap();
        assert_eq!(
            r.rhythm.label,
            RhythmLabel::AvSequentialPaced,
            "{fs}: {}",
            r.rhythm.evidence.rule
        );
    }
}

#[test]
fn pacing_over_complete_av_block() {
    let c = SynthConfig {
        conduction: Some(Conduction {
            atrial_rate_bpm: 85.0,
            pattern: AvConduction::Complete {
                escape_rate_bpm: 30.0,
                ventricular: true,
            },
        }),
        pacemaker: Some(Pacemaker::default()),
        ..SynthConfig::default()
    };
    let syn = generate(&c).unwrap();
    assert!(!syn.truth.spikes.is_empty());
    assert!(syn.truth.p_waves.iter().all(|p| !p.conducted));
    let r = sinus::analyze(&syn.record).unwrap();
    assert_eq!(
        r.rhythm.label,
        RhythmLabel::VentricularPaced,
        "{}",
        r.rhythm.evidence.rule
    );
}

#[test]
fn unpaced_records_with_noise_do_not_read_paced() {
    for fs in [250.0, 500.0, 1000.0] {
        for snr in [30.0, 15.0] {
            let c = SynthConfig {
                fs: SampleRate::new(fs).unwrap(),
                noise: Noise {
                    emg_snr_db: Some(snr),
                    baseline_wander_mv: 0.2,
                    ..Noise::default()
                },
                ..SynthConfig::default()
            };
            let r = sinus::analyze(&generate(&c).unwrap().record).unwrap();
            assert!(
                r.rhythm.pacing.is_none(),
                "{fs} Hz, {snr} dB: {:?}",
                r.rhythm.pacing
            );
        }
    }
}
