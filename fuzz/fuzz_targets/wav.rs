//! Fuzz target `wav`: the harness body lives in `fuzz/harness`, shared with the replay test.
#![no_main]

#[path = "../harness/mod.rs"]
mod harness;

libfuzzer_sys::fuzz_target!(|data: &[u8]| harness::wav(data));
