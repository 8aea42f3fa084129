//! Conditioning: filter design and zero-phase filtering against scipy, streaming, wander, bad input.
//!
//! One test binary for the area (each binary costs a link on every fresh build).

#[path = "../common/mod.rs"]
mod common;

mod bad_input;
mod condition;
mod design;
mod filtfilt;
mod stream;
mod wander;
