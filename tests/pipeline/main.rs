//! The pipeline end to end: synthetic records, fixtures, long records, batch, bad input, quality.
//!
//! One test binary for the area (each binary costs a link on every fresh build).

#[path = "../common/mod.rs"]
mod common;

mod bad_input;
#[cfg(feature = "batch")]
mod batch;
mod config_serde;
mod episodes;
#[cfg(feature = "csv")]
mod fixtures;
mod long_report;
mod quality_databases;
mod report_platform;
#[cfg(all(feature = "batch", feature = "csv"))]
mod shard;
mod synth;
