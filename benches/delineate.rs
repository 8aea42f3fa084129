//! Delineation bench: `delineate/ludb-12lead` delineates and measures a 10 s 12-lead LUDB record
//! whose beats (and their classes) are given, as the pipeline does after its beat analysis.
//! Budget: 300 µs on one core. The bench checks its answer.

#[path = "../tests/common/mod.rs"]
mod common;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use sinus::beats::{BeatConfig, analyze_beats};
use sinus::delineate::{BeatInput, DelineateConfig, DelineateInput, delineate};
use sinus::measure::{MeasureConfig, MeasureInput, measure};
use std::hint::black_box;

fn bench(c: &mut Criterion) {
    let Some(db) = common::db("ludb") else { return };
    let rec = sinus::io::wfdb::read_record(db.join("data/1")).expect("ludb record 1");
    let fs = rec.fs().hz();
    let det = sinus::detect::detect(rec.signals(), rec.fs(), None, &Default::default())
        .expect("detection");
    let samples: Vec<usize> = det.beats.iter().map(|b| b.sample).collect();
    let usable = vec![true; rec.n_leads()];
    let p_leads = [1usize, 6, 0];
    let a = analyze_beats(
        rec.signals(),
        fs,
        &samples,
        &usable,
        &p_leads,
        &BeatConfig::default(),
    );
    let beats = BeatInput::from_analysis(&a.beats);
    let (dcfg, mcfg) = (DelineateConfig::default(), MeasureConfig::default());
    let mut g = c.benchmark_group("delineate");
    g.throughput(Throughput::Elements(1));
    g.bench_function("ludb-12lead", |b| {
        b.iter(|| {
            let d = delineate(
                &DelineateInput {
                    signals: black_box(rec.signals()),
                    fs,
                    beats: &beats,
                    usable: &usable,
                    atrial_activity: true,
                },
                &dcfg,
            );
            let m = measure(
                &MeasureInput {
                    delineation: &d,
                    leads: rec.leads(),
                    rr: a.rr.as_ref(),
                    rr_dominant: a.rr_dominant.as_ref(),
                },
                &mcfg,
            );
            // Record 1: sinus bradycardia, QRS about 100 ms.
            let qrs = m.global.qrs_ms.expect("QRS duration");
            assert!((70.0..140.0).contains(&qrs), "QRS {qrs} ms");
            m
        })
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
