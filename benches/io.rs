//! I/O benches: reading WFDB records from disk into a `Record`.
//!
//! `io/read/mitdb-100` (30 min, 2 leads, format 212, 1.3 M samples) and `io/read/ludb-1`
//! (10 s, 12 leads, format 16). Skips when the PhysioNet data are absent (panics with
//! `SINUS_REQUIRE_DATA=1`).

#[path = "../tests/common/mod.rs"]
mod common;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use sinus::io::wfdb::read_record;
use std::hint::black_box;

fn read(c: &mut Criterion) {
    let mut group = c.benchmark_group("io/read");
    for (id, db, name, leads, samples, first) in [
        ("mitdb-100", "mitdb", "100", 2, 650_000, [-0.145, -0.065]),
        (
            "ludb-1",
            "ludb",
            "data/1",
            12,
            5_000,
            [-0.07342657, 0.01907131],
        ),
    ] {
        let Some(dir) = common::db(db) else { continue };
        let path = dir.join(name);
        // The answer, checked once: shape and a known sample (wfdb-python's p_signal[0]).
        let rec = read_record(&path).expect("read");
        assert_eq!(rec.signals().dim(), (leads, samples));
        for (k, want) in first.into_iter().enumerate() {
            assert!((rec.signals()[[k, 0]] - want).abs() < 1e-6, "{id} lead {k}");
        }
        group.throughput(Throughput::Elements((leads * samples) as u64));
        group.bench_function(id, |b| {
            b.iter(|| {
                let r = read_record(black_box(&path)).expect("read");
                assert_eq!(r.n_samples(), samples);
                r
            })
        });
    }
    group.finish();
}

criterion_group!(benches, read);
criterion_main!(benches);
