//! Reading and writing records and annotations: WFDB (headers, signal files, MATLAB v4 `.mat`),
//! MIT annotation files, WAV and CSV.
//!
//! Every reader opens files under one policy ([`file`]): regular files only, symbolic links only
//! inside their own directory, sizes capped by the bytes actually read.

pub mod annotations;
#[cfg(feature = "csv")]
pub mod csv;
pub mod file;
#[cfg(feature = "wav")]
pub mod wav;
pub mod wfdb;

pub use file::{FileError, FileKind};

/// `"path: "` when the path is known, else nothing (the prefix of the CSV and WAV errors).
#[cfg(any(feature = "csv", feature = "wav"))]
pub(crate) fn path_prefix(path: &Option<std::path::PathBuf>) -> String {
    path.as_ref()
        .map(|p| format!("{}: ", p.display()))
        .unwrap_or_default()
}
