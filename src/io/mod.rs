//! Reading and writing records and annotations: WFDB (headers, signal files, MATLAB v4 `.mat`),
//! MIT annotation files, WAV and CSV.

pub mod annotations;
pub mod csv;
pub mod wav;
pub mod wfdb;
