//! Pipeline benches: one 10 s 12-lead LUDB record (clean, with mains hum, with muscle noise) and
//! the 30 min of mitdb 100 from a loaded `Record` to a `Report`, the whole of LUDB through the
//! batch on 1 and 2 threads (reading each record inside the worker), and a synthetic 24-hour
//! 12-lead record analysed piece by piece (`pipeline/analyze/24h-12lead`, throughput in seconds
//! of ECG per second: the real-time factor; under `--test` one hour of it). Each bench checks its
//! answer.

#[path = "../tests/common/mod.rs"]
mod common;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use sinus::Pipeline;
use sinus::rhythm::RhythmLabel;
use sinus::synth::noise::{Disturbance, disturb};
use std::hint::black_box;

fn analyze(c: &mut Criterion) {
    let pipeline = Pipeline::default();
    let mut g = c.benchmark_group("pipeline/analyze");
    if let Some(db) = common::db("ludb") {
        let rec = sinus::io::wfdb::read_record(db.join("data/1")).expect("ludb record 1");
        g.throughput(Throughput::Elements(1));
        g.bench_function("ludb-12lead", |b| {
            b.iter(|| {
                let r = pipeline.analyze(black_box(&rec)).expect("report");
                assert_eq!(r.rhythm.label, RhythmLabel::SinusBradycardia);
                r
            })
        });
        // The same record as a village might send it: with mains hum (notched before the
        // beat and atrial analyses) and with muscle noise (low-passed). May cost up to 2×.
        for (name, d) in [
            (
                "ludb-12lead-mains",
                Disturbance::Mains {
                    freq_hz: 50.0,
                    amplitude_mv: 0.1,
                },
            ),
            ("ludb-12lead-muscle", Disturbance::Muscle { snr_db: 12.0 }),
        ] {
            let noisy = disturb(&rec, &d, 1).expect("disturbance");
            g.bench_function(name, |b| {
                b.iter(|| {
                    let r = pipeline.analyze(black_box(&noisy)).expect("report");
                    assert_eq!(r.rhythm.label, RhythmLabel::SinusBradycardia);
                    r
                })
            });
        }
    }
    if let Some(db) = common::db("mitdb") {
        let rec = sinus::io::wfdb::read_record(db.join("100")).expect("mitdb 100");
        g.throughput(Throughput::Elements(1));
        g.sample_size(10);
        g.bench_function("mitdb-100", |b| {
            b.iter(|| {
                let r = pipeline.analyze(black_box(&rec)).expect("report");
                // 2273 annotated beats in 30 min.
                assert!(r.beats.total.abs_diff(2273) < 25, "{} beats", r.beats.total);
                r
            })
        });
    }
    g.finish();
}

/// Without the `batch` feature there is nothing to measure here.
#[cfg(not(feature = "batch"))]
fn batch(_: &mut Criterion) {}

#[cfg(feature = "batch")]
fn batch(c: &mut Criterion) {
    use criterion::BenchmarkId;
    let Some(db) = common::db("ludb") else { return };
    let names = common::records(&db);
    let pipeline = Pipeline::default();
    let mut g = c.benchmark_group("batch/ludb");
    g.throughput(Throughput::Elements(names.len() as u64));
    g.sample_size(10);
    for threads in [1usize, 2] {
        g.bench_with_input(BenchmarkId::from_parameter(threads), &threads, |b, &t| {
            b.iter(|| {
                let mut ok = 0usize;
                sinus::batch::run(
                    &names,
                    &pipeline,
                    t,
                    |n: &String| {
                        sinus::io::wfdb::read_record(db.join(n)).map_err(|e| e.to_string())
                    },
                    |o| ok += usize::from(o.result.is_ok()),
                )
                .expect("pool");
                assert_eq!(ok, names.len());
                ok
            })
        });
    }
    g.finish();
}

/// A long record served from one synthetic stretch repeated: 24 hours of 12 leads without
/// 2 GB of memory or disk.
struct Repeated {
    stretch: sinus::Record,
    n_samples: u64,
}

impl sinus::pipeline::SampleSource for Repeated {
    type Error = std::convert::Infallible;
    fn name(&self) -> String {
        "24h-12lead".into()
    }
    fn leads(&self) -> Vec<sinus::Lead> {
        self.stretch.leads().to_vec()
    }
    fn fs(&self) -> sinus::SampleRate {
        self.stretch.fs()
    }
    fn n_samples(&self) -> u64 {
        self.n_samples
    }
    fn read(&mut self, start: u64, len: u64) -> Result<sinus::Record, Self::Error> {
        let end = start.saturating_add(len).min(self.n_samples);
        let m = self.stretch.n_samples() as u64;
        let src = self.stretch.signals();
        let out = ndarray::Array2::from_shape_fn(
            (self.stretch.n_leads(), (end - start.min(end)) as usize),
            |(k, i)| src[[k, ((start + i as u64) % m) as usize]],
        );
        Ok(
            sinus::Record::new("24h-12lead", self.leads(), self.fs(), out)
                .expect("same leads and rows"),
        )
    }
}

fn long(c: &mut Criterion) {
    use sinus::synth::{PvcParams, SynthConfig, generate};
    // Under `cargo bench -- --test` (CI) one hour keeps the check quick.
    let hours = if std::env::args().any(|a| a == "--test") {
        1.0
    } else {
        24.0
    };
    // Two minutes of synthesis, repeated: the generation stays cheap.
    let stretch = generate(&SynthConfig {
        duration_s: 120.0,
        pvc: PvcParams {
            rate: 0.02,
            ..PvcParams::default()
        },
        ..SynthConfig::default()
    })
    .expect("synthetic stretch")
    .record;
    let seconds = hours * 3600.0;
    let mut source = Repeated {
        n_samples: (seconds * 500.0) as u64,
        stretch,
    };
    let pipeline = Pipeline::default();
    let opts = sinus::pipeline::LongOptions::default();
    let mut g = c.benchmark_group("pipeline/analyze");
    g.throughput(Throughput::Elements(seconds as u64));
    g.sample_size(10);
    g.bench_function("24h-12lead", |b| {
        b.iter(|| {
            let r = pipeline.analyze_long(&mut source, &opts).expect("report");
            // About 70 bpm throughout.
            let bpm = 60.0 * r.beats.total as f64 / seconds;
            assert!((60.0..80.0).contains(&bpm), "{bpm} bpm");
            r
        })
    });
    g.finish();
}

criterion_group!(benches, analyze, batch, long);
criterion_main!(benches);
