//! Reading and writing records and annotations: WFDB (headers, signal files, MATLAB v4 `.mat`),
//! MIT annotation files, WAV and CSV.

pub mod annotations;
#[cfg(feature = "csv")]
pub mod csv;
#[cfg(feature = "wav")]
pub mod wav;
pub mod wfdb;

/// `"path: "` when the path is known, else nothing (the prefix of the CSV and WAV errors).
#[cfg(any(feature = "csv", feature = "wav"))]
pub(crate) fn path_prefix(path: &Option<std::path::PathBuf>) -> String {
    path.as_ref()
        .map(|p| format!("{}: ", p.display()))
        .unwrap_or_default()
}
