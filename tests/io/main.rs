//! Readers and writers: WFDB (headers, formats, malformed input, wfdb-python agreement), CSV, WAV, MIT annotations.
//!
//! One test binary for the area (each binary costs a link on every fresh build).

#[path = "../common/mod.rs"]
mod common;

/// Asserts that an error kind matches a pattern, printing it when it does not.
macro_rules! assert_kind {
    ($kind:expr, $($pat:tt)+) => {
        match $kind {
            k => assert!(matches!(k, $($pat)+), "unexpected error kind: {k:?}"),
        }
    };
}

mod alloc;
mod annotations_interop;
mod annotations_props;
mod annotations_real;
mod batch_folder;
#[cfg(feature = "csv")]
mod csv_io;
mod error_chain;
mod fuzz_replay;
mod long_records;
mod robustness_readers;
mod robustness_wfdb;
mod upload;
#[cfg(feature = "wav")]
mod wav_io;
mod wfdb_derivation;
mod wfdb_formats;
mod wfdb_malformed;
mod wfdb_proptest;
mod wfdb_python;
mod wfdb_read;
mod wfdb_write;

#[global_allocator]
static ALLOC: alloc::Counting = alloc::Counting;
