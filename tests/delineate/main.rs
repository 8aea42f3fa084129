//! Delineation and measurements: against the synthetic ground truth across rates and noise,
//! on bad input, and on LUDB's per-lead marks (the figures of `evaluate delineation`).
//!
//! One test binary for the area (each binary costs a link on every fresh build).

#[path = "../common/mod.rs"]
mod common;

/// The `evaluate` example's scorer, so the figures the tests hold are the ones it prints.
#[allow(dead_code)]
#[path = "../../examples/evaluate/delineation.rs"]
mod delineation;

mod bad_input;
mod ludb;
mod measure;
mod synth;
