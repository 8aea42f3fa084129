//! Beats and rhythm: labels against LUDB, the Challenge and MIT-BIH, flutter, premature-beat classes.
//!
//! One test binary for the area (each binary costs a link on every fresh build).

#[path = "../common/mod.rs"]
mod common;

/// The `evaluate` example's scorers, so the figures the tests hold are the ones it prints.
#[allow(dead_code)]
#[path = "../../examples/evaluate/classes.rs"]
mod classes;
#[allow(dead_code)]
#[path = "../../examples/evaluate/rhythm.rs"]
mod rhythm;

mod atrial_props;
mod av_databases;
mod av_pipeline;
mod av_synth;
mod bad_input_props;
mod beats_mitdb_classes;
mod databases;
mod flutter;
mod mitdb;
mod pacing_synth;
