//! Streaming monitor speed: `monitor/ludb-12lead` pushes LUDB record 1 (10 s, 12 leads, 500 Hz)
//! 40 ms at a time, as a device sends it, and finishes; `monitor/mitdb-100` pushes the 30 min of
//! MIT-BIH record 100 (2 leads, 360 Hz) the same way. The real-time factor is the record's
//! duration over the time per iteration (≥ 100 per core is the target). Each asserts its beats.

#[path = "../tests/common/mod.rs"]
mod common;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use ndarray::s;
use sinus::Record;
use sinus::monitor::{Monitor, MonitorConfig};
use std::hint::black_box;

/// Streams `rec` through a fresh monitor in chunks of 40 ms; the number of beats reported.
fn stream(rec: &Record) -> usize {
    let mut m =
        Monitor::new(rec.leads().to_vec(), rec.fs(), MonitorConfig::default()).expect("monitor");
    let step = rec.fs().samples(0.04).max(1);
    let n = rec.n_samples();
    let mut beats = 0;
    for a in (0..n).step_by(step) {
        let up = m
            .push(black_box(rec.signals().slice(s![.., a..(a + step).min(n)])))
            .expect("push");
        beats += up.beats.len();
    }
    beats + m.finish().expect("finish").beats.len()
}

fn bench(c: &mut Criterion) {
    let mut g = c.benchmark_group("monitor");
    if let Some(db) = common::db("ludb/data") {
        let rec = sinus::io::wfdb::read_record(db.join("1")).expect("ludb 1");
        g.throughput(Throughput::Elements(rec.n_samples() as u64));
        g.bench_function("ludb-12lead", |b| {
            b.iter(|| {
                let n = stream(&rec);
                // Record 1: about 45 bpm, 8 beats in 10 s.
                assert!((7..=9).contains(&n), "{n} beats");
                n
            })
        });
    }
    if let Some(db) = common::db("mitdb") {
        let rec = sinus::io::wfdb::read_record(db.join("100")).expect("mitdb 100");
        g.throughput(Throughput::Elements(rec.n_samples() as u64));
        g.sample_size(10);
        g.bench_function("mitdb-100", |b| {
            b.iter(|| {
                let n = stream(&rec);
                // 2273 reference beats in record 100.
                assert!(n.abs_diff(2273) < 25, "{n} beats");
                n
            })
        });
    }
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
