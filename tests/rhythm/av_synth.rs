//! AV block read from per-beat P waves: the generator's ground truth (every P wave, conducted
//! or not, and the QRS onsets) at several rates, sample rates and PRs, with the marks jittered
//! as a finder would place them (`av_pipeline` tests the same records read end to end, P
//! waves found by `sinus::rhythm::p_waves`).

use sinus::SampleRate;
use sinus::rhythm::AvBlockDegree as D;
use sinus::rhythm::av::{AvConfig, PWaveMark, read_av_block};
use sinus::synth::{AvConduction, Conduction, SynthConfig, generate};

/// Reads the block of a generated record from its truth, each mark moved by up to `jitter`
/// samples (deterministically).
fn read(cfg: &SynthConfig, jitter: usize) -> Option<sinus::rhythm::AvBlock> {
    let syn = generate(cfg).unwrap();
    let t = &syn.truth;
    let wobble = |i: usize| (i * 7919 % (2 * jitter + 1)) as i64 - jitter as i64;
    let p: Vec<PWaveMark> = t
        .p_waves
        .iter()
        .enumerate()
        .map(|(i, p)| PWaveMark {
            onset: (p.onset as i64 + wobble(i)).max(0) as usize,
            peak: p.peak,
        })
        .collect();
    let q: Vec<usize> = t
        .beats
        .iter()
        .enumerate()
        .filter_map(|(i, b)| {
            b.qrs_onset
                .map(|o| (o as i64 + wobble(i + 3)).max(0) as usize)
        })
        .collect();
    read_av_block(&p, &q, cfg.fs.hz(), &AvConfig::default())
}

fn cfg(fs: f64, atrial: f64, pattern: AvConduction, seed: u64) -> SynthConfig {
    SynthConfig {
        fs: SampleRate::new(fs).unwrap(),
        seed,
        duration_s: 10.0,
        conduction: Some(Conduction {
            atrial_rate_bpm: atrial,
            pattern,
        }),
        ..SynthConfig::default()
    }
}

#[test]
fn every_degree_at_several_rates_and_sample_rates() {
    let cases: Vec<(f64, AvConduction, Option<D>)> = vec![
        (75.0, AvConduction::Normal { pr_ms: 160.0 }, None),
        (75.0, AvConduction::Normal { pr_ms: 280.0 }, Some(D::First)),
        (
            90.0,
            AvConduction::MobitzI {
                pr_ms: 180.0,
                increment_ms: 60.0,
                conducted: 3,
            },
            Some(D::SecondMobitzI),
        ),
        (
            80.0,
            AvConduction::MobitzII {
                pr_ms: 180.0,
                conducted: 3,
            },
            Some(D::SecondMobitzII),
        ),
        (
            80.0,
            AvConduction::Ratio { pr_ms: 200.0, n: 2 },
            Some(D::TwoToOne),
        ),
        (
            110.0,
            AvConduction::Ratio { pr_ms: 180.0, n: 3 },
            Some(D::HighGrade),
        ),
        (
            85.0,
            AvConduction::Complete {
                escape_rate_bpm: 38.0,
                ventricular: true,
            },
            Some(D::Third),
        ),
        (
            72.0,
            AvConduction::Complete {
                escape_rate_bpm: 45.0,
                ventricular: false,
            },
            Some(D::Third),
        ),
    ];
    for fs in [250.0, 360.0, 500.0, 1000.0] {
        for (atrial, pattern, want) in &cases {
            for seed in 0..3 {
                for jitter_ms in [0.0, 8.0] {
                    let c = cfg(fs, *atrial, pattern.clone(), seed);
                    let j = (jitter_ms / 1000.0 * fs) as usize;
                    let got = read(&c, j);
                    assert_eq!(
                        got.as_ref().map(|b| b.degree),
                        *want,
                        "{fs} Hz, {pattern:?}, seed {seed}, jitter {jitter_ms} ms: {got:?}"
                    );
                }
            }
        }
    }
}

#[test]
fn evidence_carries_rates_and_the_pr_sequence() {
    let c = cfg(
        500.0,
        90.0,
        AvConduction::MobitzI {
            pr_ms: 160.0,
            increment_ms: 80.0,
            conducted: 3,
        },
        1,
    );
    let b = read(&c, 0).unwrap();
    assert!(b.rule.contains("Wenckebach"), "{}", b.rule);
    assert!((b.p_rate_bpm.unwrap() - 90.0).abs() < 3.0, "{b:?}");
    assert!(b.blocked >= 2);
    // The PR sequence lengthens within a group.
    let w = &b.pr_ms;
    assert!(w.windows(2).any(|x| x[1] >= x[0] + 60.0), "{w:?}");
    let c = cfg(
        500.0,
        80.0,
        AvConduction::Complete {
            escape_rate_bpm: 30.0,
            ventricular: true,
        },
        2,
    );
    let b = read(&c, 0).unwrap();
    assert_eq!(b.degree, D::Third);
    assert!(b.rule.contains("march through"), "{}", b.rule);
    assert!(b.qrs_rate_bpm.unwrap() < 35.0, "{b:?}");
    assert!(b.degree.is_critical());
}

#[test]
fn too_little_or_bad_input_gives_none() {
    let m = |o: usize| PWaveMark {
        onset: o,
        peak: o + 20,
    };
    let cfg = AvConfig::default();
    assert!(read_av_block(&[], &[100, 600], 500.0, &cfg).is_none());
    assert!(read_av_block(&[m(10), m(400), m(800)], &[100, 600], 500.0, &cfg).is_none());
    assert!(read_av_block(&[m(10), m(400), m(800), m(1200)], &[], 500.0, &cfg).is_none());
    assert!(
        read_av_block(
            &[m(10), m(400), m(800), m(1200)],
            &[100, 600],
            f64::NAN,
            &cfg
        )
        .is_none()
    );
}
