//! QRS detection on MIT-BIH and LUDB, and on degraded signals.
//!
//! One test binary for the area (each binary costs a link on every fresh build).

#[path = "../common/mod.rs"]
mod common;

/// The `evaluate` example's scorer, so the figures the tests hold are the ones it prints.
#[allow(dead_code)]
#[path = "../../examples/evaluate/qrs.rs"]
mod qrs;

mod ludb;
mod mitdb;
mod robust;
