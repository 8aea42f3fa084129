//! # sinus — 18-lead ECG analysis in pure Rust
//!
//! sinus reads a 12- or 18-lead ECG (WFDB, WAV, CSV, or samples in memory), conditions it, finds
//! every heartbeat, measures it, classifies the rhythm and writes a draft report for a
//! cardiologist to confirm.
//!
//! ## Quick start
//!
//! ```
//! use ndarray::Array2;
//! use sinus::report::Lang;
//! use sinus::{Lead, Record, SampleRate};
//!
//! # fn main() -> Result<(), Box<dyn std::error::Error>> {
//! // Twelve leads in mV, one row per lead, as a device uploads them (here 10 s of the built-in
//! // synthetic ECG; from a file it would be `sinus::io::wfdb::read_record("mitdb/100")?`).
//! let fs = SampleRate::new(500.0)?;
//! let samples: Array2<f32> = sinus::synth::generate(&Default::default())?.record.signals().to_owned();
//! let record = Record::new("upload-0042", Lead::STANDARD_12.to_vec(), fs, samples)?;
//!
//! let report = sinus::analyze(&record)?; // typed errors, never a panic
//! println!("{}", report.text(Lang::Zh)); // the draft report in Chinese (Lang::En: English)
//! let json = report.to_json(); // the whole report, for storage
//! assert!(json.contains("\"schema_version\""));
//! assert_eq!(report.rates.map(|r| r.mean_bpm.round()), Some(70.0));
//! # Ok(())
//! # }
//! ```
//!
//! A device streaming samples as it records them uses a [`Monitor`](monitor::Monitor) instead:
//! lead quality, beats and heart rate within a second.
//!
//! ## The pipeline
//!
//! One stage per module, data flowing one way:
//! [`io`] → [`filter`] → [`quality`] → [`detect`] → [`rhythm`] → [`delineate`] → [`measure`] →
//! [`interpret`] → [`report`] → [`render`], driven by [`pipeline`]; with `batch` and [`eval`]
//! beside it, [`monitor`] for devices streaming samples, and [`synth`] generating test ECGs.
//!
//! ## Features
//!
//! All on by default; `default-features = false` keeps WFDB reading and the whole analysis.
//!
//! | feature | gives | through |
//! |---|---|---|
//! | `wav` | `io::wav` | hound |
//! | `csv` | `io::csv`, `eval::rhythm::ludb_csv`, `eval::statements::ludb_csv_labels` | csv |
//! | `batch` | `batch`: many records on a thread pool | rayon |
//! | `png` (off by default) | `render::to_png` | resvg |
//!
//! ## Build profile
//!
//! The analysis is about 20–40× slower in an unoptimised (debug) build (measured: a 10 s 12-lead
//! record 49 ms instead of 1.3 ms, 30 min of two leads 1.7 s instead of 92 ms). A service that
//! depends on sinus keeps its own debug builds fast by optimising this crate alone, which brings
//! it back to release speed:
//!
//! ```toml
//! [profile.dev.package.sinus]
//! opt-level = 3
//! ```
#![deny(missing_docs)]
#![deny(unsafe_code)]

pub mod annotation;
pub mod atrial;
#[cfg(feature = "batch")]
pub mod batch;
pub mod beats;
pub mod delineate;
pub mod detect;
pub mod eval;
pub mod filter;
pub mod interpret;
pub mod io;
pub mod lead;
pub mod measure;
pub mod monitor;
pub mod pacing;
pub mod pipeline;
pub mod quality;
pub mod record;
pub mod render;
pub mod report;
pub mod rhythm;
pub mod synth;

pub use annotation::{AamiClass, Annotation, Code};
pub use lead::Lead;
pub use pipeline::{Config, Pipeline};
pub use record::{Record, RecordError, SampleRate, StartTime};
pub use report::Report;

/// The README's Rust examples, compiled as doc tests so they cannot rot.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
struct ReadmeDoctests;

/// Analyses a record with the default [`Config`] (see [`Pipeline::analyze`]).
pub fn analyze(record: &Record) -> Result<Report, pipeline::AnalyzeError> {
    static DEFAULT: std::sync::OnceLock<Pipeline> = std::sync::OnceLock::new();
    DEFAULT.get_or_init(Pipeline::default).analyze(record)
}
