//! MATLAB v4 `.mat` signal containers (PhysioNet/CinC Challenge 2020 records).
//!
//! The header names the `.mat` file with format `16+24`: a little-endian int16 matrix with one row
//! per signal and one column per sample, stored column-major, so the data after the 24-byte MAT
//! header are frame-interleaved exactly like a format 16 file. This is how wfdb-python reads them
//! (format 16 at the byte offset, ignoring the MAT header). Here the MAT header is checked too, so
//! a transposed or non-int16 matrix is an error rather than silently scrambled samples.

use super::WfdbError;
use std::path::Path;

/// True when a signal file name has a `.mat` extension.
pub fn is_mat(file_name: &str) -> bool {
    file_name.len() > 4 && file_name[file_name.len() - 4..].eq_ignore_ascii_case(".mat")
}

fn field(bytes: &[u8], k: usize) -> Option<i32> {
    let b = bytes.get(4 * k..4 * k + 4)?;
    Some(i32::from_le_bytes([b[0], b[1], b[2], b[3]]))
}

/// Checks a MATLAB v4 header against what the WFDB header declares: an int16 little-endian real
/// matrix with `rows` rows and `cols` columns whose data start at `data_offset`.
pub fn check(
    bytes: &[u8],
    file: &Path,
    format: u16,
    rows: u64,
    cols: u64,
    data_offset: u64,
) -> Result<(), WfdbError> {
    let err = |what: &'static str, expected: String, found: String| WfdbError::MatHeader {
        file: file.to_path_buf(),
        field: what,
        expected,
        found,
    };
    if format != 16 {
        return Err(err(
            "WFDB format",
            "16 (int16 matrix)".into(),
            format.to_string(),
        ));
    }
    let (Some(ty), Some(mrows), Some(ncols), Some(imagf), Some(namelen)) = (
        field(bytes, 0),
        field(bytes, 1),
        field(bytes, 2),
        field(bytes, 3),
        field(bytes, 4),
    ) else {
        return Err(err(
            "header",
            "20 bytes of MATLAB v4 header".into(),
            format!("{} bytes", bytes.len()),
        ));
    };
    // MOPT = 0030: little-endian, reserved 0, int16 precision, full numeric matrix.
    if ty != 30 {
        return Err(err(
            "type",
            "30 (little-endian int16 full matrix)".into(),
            ty.to_string(),
        ));
    }
    if imagf != 0 {
        return Err(err("imagf", "0 (real)".into(), imagf.to_string()));
    }
    let start = 20 + i64::from(namelen);
    if namelen < 1 || start != data_offset as i64 {
        return Err(err(
            "data offset",
            format!("{data_offset} (the header's byte offset)"),
            start.to_string(),
        ));
    }
    if i64::from(mrows) != rows as i64 || i64::from(ncols) != cols as i64 {
        return Err(err(
            "shape",
            format!("{rows} rows (signals) x {cols} columns (samples)"),
            format!("{mrows} x {ncols}"),
        ));
    }
    Ok(())
}
