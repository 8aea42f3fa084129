//! # sinus — 18-lead ECG analysis in pure Rust
//!
//! sinus reads a 12- or 18-lead ECG (WFDB, WAV, CSV, or samples in memory), conditions it, finds
//! every heartbeat, measures it, classifies the rhythm and writes a draft report for a
//! cardiologist to confirm.
//!
//! ## Quick start
//!
//! ```
//! use sinus::report::Lang;
//! use sinus::{Lead, Record, SampleRate};
//!
//! # fn main() -> Result<(), Box<dyn std::error::Error>> {
//! # // A device's upload, made here from the built-in synthetic ECG: 10 s of 12 leads at
//! # // 500 Hz, sample-interleaved 16-bit counts at 2.5 µV per count, baseline 0.
//! # let syn = sinus::synth::generate(&Default::default())?.record;
//! # let counts: Vec<i16> = (0..syn.n_samples())
//! #     .flat_map(|t| syn.signals().column(t).iter().map(|mv| (mv * 400.0).round() as i16).collect::<Vec<_>>())
//! #     .collect();
//! // Twelve leads as a device uploads them: interleaved ADC counts (sample 0 of every lead,
//! // then sample 1, ...), 2.5 µV per count, count 0 = 0 mV. From a file it would be
//! // `sinus::io::wfdb::read_record("mitdb/100")?`; from an upload's bytes,
//! // `sinus::io::wfdb::read_record_from_bytes`.
//! let fs = SampleRate::new(500.0)?;
//! let record = Record::from_interleaved_i16("upload-0042", Lead::STANDARD_12.to_vec(), fs, &counts, 2.5, 0)?;
//!
//! let report = sinus::analyze(&record)?; // typed errors, never a panic
//! println!("{}", report.text(Lang::Zh)); // the draft report in Chinese (Lang::En: English)
//! let json = report.to_json()?; // the whole report, for storage
//! println!("{json}");
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
//! [`interpret`] → [`report`] → `render`, driven by [`pipeline`]; with `batch` and [`eval`]
//! beside it, [`monitor`] for devices streaming samples, and [`synth`] generating test ECGs.
//!
//! ## Features
//!
//! All but `png` on by default; `default-features = false` keeps WFDB reading and the whole
//! analysis.
//!
//! | feature | gives | through |
//! |---|---|---|
//! | `wav` | `io::wav` | hound |
//! | `csv` | `io::csv`, `eval::rhythm::ludb_csv`, `eval::statements::ludb_csv_labels` | csv |
//! | `batch` | `batch`: many records on a thread pool | rayon |
//! | `render` | `render`: the printed ECG as SVG pages and an HTML page | (none) |
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
mod builders;
pub mod delineate;
pub mod detect;
pub mod error;
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
#[cfg(feature = "render")]
pub mod render;
pub mod report;
pub mod rhythm;
pub mod synth;

pub use annotation::{AamiClass, Annotation, Code};
pub use lead::Lead;
/// The `ndarray` crate (0.17) this crate's signatures use ([`Record::signals`] is an
/// `ArrayView2<f32>`): build arrays with `sinus::ndarray` and they match whatever `ndarray`
/// the service depends on itself. See `docs/design.md` (public dependencies).
pub use ndarray;
pub use pipeline::{Config, Pipeline};
pub use record::{Record, SampleRate, StartTime};
pub use report::Report;

// The error types a user meets, at the root (each stays in its module too).
#[cfg(feature = "batch")]
pub use batch::{BatchError, ShardError};
pub use detect::DetectError;
pub use filter::FilterError;
pub use interpret::ParseSexError;
#[cfg(feature = "csv")]
pub use io::csv::{CsvError, CsvErrorKind};
pub use io::file::FileError;
#[cfg(feature = "wav")]
pub use io::wav::{WavError, WavErrorKind};
pub use io::{annotations::AnnotationError, wfdb::WfdbError};
pub use monitor::MonitorError;
pub use pipeline::{AnalyzeError, ConfigError, LongError};
pub use record::RecordError;
#[cfg(feature = "render")]
pub use render::{ParseOptionError, RenderError};
pub use report::ParseLangError;
pub use synth::SynthError;

/// The README's Rust examples, compiled as doc tests so they cannot rot.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
struct ReadmeDoctests;

/// Analyses a record with the default [`Config`] (see [`Pipeline::analyze`]).
pub fn analyze(record: &Record) -> Result<Report, pipeline::AnalyzeError> {
    static DEFAULT: std::sync::OnceLock<Pipeline> = std::sync::OnceLock::new();
    DEFAULT.get_or_init(Pipeline::default).analyze(record)
}
