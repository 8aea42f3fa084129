//! QRS detection speed: `qrs/detect/mitdb-100` (30 min, one lead, 650 000 samples) and
//! `qrs/detect/ludb-12lead` (10 s, 12 leads). Each asserts the beats it found.

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use sinus::detect::{DetectorConfig, detect, detect_lead};
use sinus::io::wfdb::read_record;
use std::hint::black_box;

#[path = "../tests/common/mod.rs"]
mod common;

fn bench(c: &mut Criterion) {
    let cfg = DetectorConfig::default();
    let mut g = c.benchmark_group("qrs/detect");
    if let Some(db) = common::db("mitdb") {
        let rec = read_record(db.join("100")).expect("mitdb 100");
        let lead = rec.signals().row(0).to_owned();
        g.throughput(Throughput::Elements(lead.len() as u64));
        g.bench_function("mitdb-100", |b| {
            b.iter(|| {
                let det = detect_lead(black_box(lead.view()), rec.fs(), &cfg).unwrap();
                // 2273 reference beats in record 100.
                assert!(
                    (2270..=2276).contains(&det.beats.len()),
                    "{}",
                    det.beats.len()
                );
                det
            })
        });
    }
    if let Some(db) = common::db("ludb/data") {
        let rec = read_record(db.join("1")).expect("ludb 1");
        g.throughput(Throughput::Elements(rec.signals().len() as u64));
        g.bench_function("ludb-12lead", |b| {
            b.iter(|| {
                let det = detect(black_box(rec.signals()), rec.fs(), None, &cfg).unwrap();
                // Record 1: about 45 bpm, 8 beats in 10 s.
                assert!((7..=9).contains(&det.beats.len()), "{}", det.beats.len());
                det
            })
        });
    }
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
