//! Reading and writing records and annotations: WFDB (headers, signal files, MATLAB v4 `.mat`),
//! MIT annotation files, WAV and CSV.
//!
//! Every reader opens files under one policy ([`file`]): regular files only, symbolic links only
//! inside their own directory, sizes capped by the bytes actually read.

pub mod annotations;
pub mod csv;
pub mod file;
pub mod wav;
pub mod wfdb;

pub use file::{FileError, FileKind};
