//! Interpretation bench: the statements of a 12-lead record from its measurements (axis,
//! conduction, chambers, infarction, ST-T, QT, conclusion), without the signal stages.
//!
//! Until delineation lands, the measurements are the synthetic generator's ground truth
//! (`synth::true_measurements`) of a 12-lead ECG with an inferior injury (so that the STEMI,
//! reciprocal and advice paths run) and of a normal one; the rules do not care where the numbers
//! come from. Each bench checks its answer.

use criterion::{Criterion, criterion_group, criterion_main};
use sinus::Lead;
use sinus::interpret::{InterpretConfig, InterpretInput, Patient, SeverityConfig, Sex, interpret};
use sinus::report::{BeatCounts, Rates, StatementCode, Territory};
use sinus::rhythm::{Rhythm, RhythmLabel};
use sinus::synth::{Injury, Pathology, SynthConfig, true_measurements};
use std::hint::black_box;

fn bench(c: &mut Criterion) {
    let leads = Lead::STANDARD_12.to_vec();
    let stemi = true_measurements(&SynthConfig {
        leads: leads.clone(),
        pathology: Pathology {
            st: vec![Injury {
                territory: Territory::Inferior,
                mv: 0.25,
            }],
            ..Pathology::default()
        },
        ..SynthConfig::default()
    })
    .expect("synth measurements");
    let normal = true_measurements(&SynthConfig {
        leads: leads.clone(),
        ..SynthConfig::default()
    })
    .expect("synth measurements");
    let mut rhythm = Rhythm::undetermined("bench");
    rhythm.label = RhythmLabel::SinusRhythm;
    let patient = Patient::new(Some(60.0), Some(Sex::Male));
    let (sv, cfg) = (SeverityConfig::default(), InterpretConfig::default());
    let mut g = c.benchmark_group("interpret");
    for (name, m, want) in [
        ("ludb-12lead", &stemi, StatementCode::AcuteStemi),
        ("normal-12lead", &normal, StatementCode::NormalEcg),
    ] {
        let input = InterpretInput {
            rhythm: &rhythm,
            counts: &BeatCounts::default(),
            rates: Some(Rates {
                mean_bpm: 70.0,
                min_bpm: 68.0,
                max_bpm: 72.0,
            }),
            pauses: &[],
            leads: &leads,
            excluded_leads: &[],
            episodes: &[],
            min_af_episode_s: 30.0,
            measurements: Some(m),
            patient: &patient,
        };
        g.bench_function(name, |b| {
            b.iter(|| {
                let st = interpret(black_box(&input), &sv, &cfg);
                assert!(st.iter().any(|s| s.code == want));
                st
            })
        });
    }
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
