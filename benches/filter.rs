//! Conditioning throughput: monitoring preset + 50 Hz notches, zero-phase, whole record.
//!
//! `filter/monitoring/ludb-12x5000`: LUDB record 1 (12 leads × 5000 samples at 500 Hz);
//! `filter/monitoring/mitdb-100`: MIT-BIH record 100 (2 leads × 650 000 samples at 360 Hz).
//! Throughput is in lead-samples. scipy's figure for the same cascade comes from
//! `scripts/filter_bench_scipy.py`.

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use sinus::filter::{Conditioning, Mains, Preset, condition, preset_sos, sosfiltfilt};
use std::hint::black_box;

#[path = "../tests/common/mod.rs"]
mod common;

fn bench(c: &mut Criterion) {
    let cases = [
        ("ludb", "data/1", "ludb-12x5000"),
        ("mitdb", "100", "mitdb-100"),
    ];
    let mut g = c.benchmark_group("filter/monitoring");
    for (db, rec, label) in cases {
        let Some(dir) = common::db(db) else { continue };
        let record = sinus::io::wfdb::read_record(dir.join(rec)).expect("record reads");
        let cfg = Conditioning::new(Preset::Monitoring, Mains::Hz50);
        // The answer: every lead equals the one-lead sosfiltfilt of the same cascade.
        let sos = preset_sos(Preset::Monitoring, Some(50.0), record.fs()).unwrap();
        let want = condition(&record, &cfg).unwrap();
        for (k, row) in record.signals().rows().into_iter().enumerate() {
            let one = sosfiltfilt(&sos, &row.to_vec()).unwrap();
            assert_eq!(
                want.record.signals().row(k).to_vec(),
                one,
                "{label} lead {k}"
            );
        }
        g.throughput(Throughput::Elements(
            (record.n_leads() * record.n_samples()) as u64,
        ));
        g.bench_function(label, |b| {
            b.iter(|| {
                let out = condition(black_box(&record), &cfg).unwrap();
                assert_eq!(out.mains_hz, Some(50.0));
                out
            })
        });
    }
    g.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(30);
    targets = bench
}
criterion_main!(benches);
