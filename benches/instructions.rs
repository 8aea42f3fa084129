//! Instruction counts of the main stages on PhysioNet records, under callgrind (gungraun):
//! load-independent, so CI can gate on them where wall-clock timings are too noisy.
//!
//! Each stage runs on LUDB record 1 (10 s, 12 leads, 500 Hz) and MIT-BIH record 100 (30 min,
//! 2 leads, 360 Hz); reading the record is setup, not counted (except in `read`).
//! `.ci/run` compares the counts with `benches/instructions.baseline` through
//! `scripts/instructions_gate.py` and fails on a stage more than 10 % above it.
//!
//! Adding a stage is one line, `stage!(name, |rec| work(&rec));` (or `stage!(name, ludb_1 only,
//! |rec| ...)` for a slow one), plus its name in the group at the bottom; then record its
//! baseline (see the README's "Benchmarks").
//!
//! `delineate` (delineation and measurements, beats given) and `render` (the 3×4 SVG page) run
//! on LUDB record 1 only.
//!
//! Run: `cargo bench --bench instructions` (needs valgrind and `gungraun-runner` 0.20.0).

#[path = "../tests/common/mod.rs"]
mod common;

use gungraun::{LibraryBenchmarkConfig, library_benchmark, library_benchmark_group, main};
use ndarray::s;
use sinus::Record;
use sinus::detect::DetectorConfig;
use sinus::filter::{Conditioning, Mains, Preset, condition};
use sinus::monitor::{Monitor, MonitorConfig};
use std::hint::black_box;
use std::path::PathBuf;

/// A record's path under the PhysioNet data directory (CI requires the data).
fn path(db: &str, name: &str) -> PathBuf {
    common::db(db)
        .expect("the instruction benches need the PhysioNet data (SINUS_DATA)")
        .join(name)
}

fn read(p: PathBuf) -> Record {
    sinus::io::wfdb::read_record(&p).expect("record reads")
}

fn ludb_1() -> Record {
    read(path("ludb/data", "1"))
}

fn mitdb_100() -> Record {
    read(path("mitdb", "100"))
}

/// One stage: a benchmark function `$name` whose body works on `$rec`, run on both records
/// (or on LUDB record 1 only). The attributes are spelled out in each arm: gungraun's macro
/// does not accept a setup function passed in as a macro variable.
macro_rules! stage {
    ($name:ident, |$rec:ident| $body:expr) => {
        #[library_benchmark]
        #[bench::ludb_1(setup = ludb_1)]
        #[bench::mitdb_100(setup = mitdb_100)]
        fn $name($rec: Record) {
            black_box($body);
        }
    };
    ($name:ident, ludb_1 only, |$rec:ident| $body:expr) => {
        #[library_benchmark]
        #[bench::ludb_1(setup = ludb_1)]
        fn $name($rec: Record) {
            black_box($body);
        }
    };
}

#[library_benchmark]
#[bench::ludb_1(args = ("ludb/data", "1"), setup = path)]
#[bench::mitdb_100(args = ("mitdb", "100"), setup = path)]
fn read_wfdb(p: PathBuf) {
    black_box(read(black_box(p)));
}

const MONITORING_50: Conditioning = Conditioning::new(Preset::Monitoring, Mains::Hz50);

stage!(filter, |rec| condition(&rec, &MONITORING_50)
    .expect("filters"));
stage!(detect, |rec| sinus::detect::detect(
    rec.signals(),
    rec.fs(),
    None,
    &DetectorConfig::default()
)
.expect("detects"));
stage!(analyze, |rec| sinus::analyze(&rec).expect("analyses"));
// 30 min of streaming is 6.5 G instructions (90 s under callgrind): LUDB only.
stage!(monitor, ludb_1 only, |rec| stream(&rec));

/// The monitor fed 40 ms chunks, as a device sends them.
fn stream(rec: &Record) -> usize {
    let Ok(mut m) = Monitor::new(rec.leads().to_vec(), rec.fs(), MonitorConfig::default()) else {
        return 0;
    };
    let step = rec.fs().samples(0.04).max(1);
    let n = rec.n_samples();
    let mut beats = 0;
    for a in (0..n).step_by(step) {
        if let Ok(up) = m.push(rec.signals().slice(s![.., a..(a + step).min(n)])) {
            beats += up.beats.len();
        }
    }
    beats + m.finish().map_or(0, |u| u.beats.len())
}

/// What delineation is given in the pipeline: the record, its beats with their classes and
/// the dominant RR (all setup, not counted).
struct DelineationInput {
    rec: Record,
    beats: Vec<sinus::delineate::BeatInput>,
    rr: Option<sinus::beats::RrStats>,
    rr_dominant: Option<sinus::beats::RrStats>,
}

fn ludb_1_beats() -> DelineationInput {
    let rec = ludb_1();
    let a = sinus::Pipeline::default()
        .analyze_full(&rec, &Default::default())
        .expect("analyses");
    let beats = sinus::delineate::BeatInput::from_analysis(&a.beats);
    let (rr, rr_dominant) = (a.report.rr, a.report.rr_dominant);
    DelineationInput {
        rec,
        beats,
        rr,
        rr_dominant,
    }
}

// Delineation and measurements of a 10 s 12-lead record, beats given.
#[library_benchmark]
#[bench::ludb_1(setup = ludb_1_beats)]
fn delineate(d: DelineationInput) {
    let usable = vec![true; d.rec.n_leads()];
    let del = sinus::delineate::delineate(
        &sinus::delineate::DelineateInput {
            signals: d.rec.signals(),
            fs: d.rec.fs().hz(),
            beats: &d.beats,
            usable: &usable,
            atrial_activity: true,
        },
        &Default::default(),
    );
    black_box(sinus::measure::measure(
        &sinus::measure::MeasureInput {
            delineation: &del,
            leads: d.rec.leads(),
            rr: d.rr.as_ref(),
            rr_dominant: d.rr_dominant.as_ref(),
        },
        &Default::default(),
    ));
}

fn ludb_1_report() -> (Record, sinus::Report) {
    let rec = ludb_1();
    let report = sinus::analyze(&rec).expect("analyses");
    (rec, report)
}

// The 3×4 page of a 10 s 12-lead record as SVG.
#[library_benchmark]
#[bench::ludb_1(setup = ludb_1_report)]
fn render((rec, report): (Record, sinus::Report)) {
    let sheet = sinus::render::Sheet::new(&rec, &report, Default::default()).expect("renders");
    black_box(sheet.lead_page());
}

library_benchmark_group!(
    name = stages;
    benchmarks = read_wfdb, filter, detect, analyze, monitor, delineate, render
);

main!(
    config = LibraryBenchmarkConfig::default()
        .pass_through_envs(["SINUS_DATA", "SINUS_REQUIRE_DATA"]);
    library_benchmark_groups = stages
);
