//! # sinus — 18-lead ECG analysis in pure Rust
//!
//! sinus reads a 12- or 18-lead ECG (WFDB, WAV, CSV), conditions it, finds every heartbeat,
//! measures it, classifies the rhythm and writes a draft report for a cardiologist to confirm.
//!
//! The pipeline, one stage per module, data flowing one way:
//! [`io`] → [`filter`] → [`quality`] → [`detect`] → [`rhythm`] → [`interpret`] → [`report`] →
//! [`render`], driven by
//! [`pipeline`]; with [`batch`] and [`eval`] beside it and [`synth`] generating test ECGs.
#![deny(missing_docs)]
#![deny(unsafe_code)]

pub mod annotation;
pub mod atrial;
pub mod batch;
pub mod beats;
pub mod detect;
pub mod eval;
pub mod filter;
pub mod interpret;
pub mod io;
pub mod lead;
pub mod measure;
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

/// Analyses a record with the default [`Config`] (see [`Pipeline::analyze`]).
pub fn analyze(record: &Record) -> Result<Report, pipeline::AnalyzeError> {
    static DEFAULT: std::sync::OnceLock<Pipeline> = std::sync::OnceLock::new();
    DEFAULT.get_or_init(Pipeline::default).analyze(record)
}
