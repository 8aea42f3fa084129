//! Interpretation: the statement rules on measurements taken from the synthetic generator's
//! ground truth (12 and 18 leads, by territory, just above and below each limit), the
//! conclusion's honesty on bad input (property tests), and the statements scored against LUDB
//! and the Challenge's diagnoses.
//!
//! One test binary for the area (each binary costs a link on every fresh build).

#[path = "../common/mod.rs"]
mod common;

#[cfg(feature = "csv")]
mod databases;
mod interpret_props;
mod synth_truth;
