//! The synthetic ECG generator and the fixtures it writes.
//!
//! One test binary for the area (each binary costs a link on every fresh build).

#[path = "../common/mod.rs"]
mod common;

#[cfg(all(feature = "csv", feature = "wav"))]
mod fixtures;
mod model;
