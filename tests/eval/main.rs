//! Scoring: EC57 beat-by-beat (WFDB bxb agreement) and its properties.
//!
//! One test binary for the area (each binary costs a link on every fresh build).

#[path = "../common/mod.rs"]
mod common;

mod bxb;
mod props;
