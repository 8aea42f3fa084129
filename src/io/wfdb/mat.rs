//! MATLAB v4 `.mat` signal containers (PhysioNet/CinC Challenge 2020 records).
//!
//! The header names the `.mat` file with format `16+24`: a little-endian int16 matrix with one row
//! per signal and one column per sample, stored column-major, so the data after the 24-byte MAT
//! header are frame-interleaved exactly like a format 16 file. This is how wfdb-python reads them
//! (format 16 at the byte offset, ignoring the MAT header). Here the MAT header is checked too, so
//! a transposed or non-int16 matrix is an error rather than silently scrambled samples.

use super::WfdbError;
use std::path::Path;

/// True when a signal file name has a `.mat` extension (compared as bytes: the name may hold
/// any UTF-8, and byte 4 from the end need not start a character).
pub fn is_mat(file_name: &str) -> bool {
    let b = file_name.as_bytes();
    b.len() > 4
        && b.get(b.len() - 4..)
            .is_some_and(|ext| ext.eq_ignore_ascii_case(b".mat"))
}

/// Bytes of the MATLAB v4 header [`check`] reads.
pub const HEADER_BYTES: usize = 20;

fn field(bytes: &[u8], k: usize) -> Option<i32> {
    let b = bytes.get(4 * k..4 * k + 4)?;
    Some(i32::from_le_bytes([b[0], b[1], b[2], b[3]]))
}

/// Checks a MATLAB v4 header (the file's first [`HEADER_BYTES`] bytes, or fewer if the file is
/// shorter) against what the WFDB header declares: an int16 little-endian real matrix with
/// `rows` rows and `cols` columns whose data start at `data_offset`.
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
    if namelen < 1 || u64::try_from(start).ok() != Some(data_offset) {
        return Err(err(
            "data offset",
            format!("{data_offset} (the header's byte offset)"),
            start.to_string(),
        ));
    }
    if u64::try_from(mrows).ok() != Some(rows) || u64::try_from(ncols).ok() != Some(cols) {
        return Err(err(
            "shape",
            format!("{rows} rows (signals) x {cols} columns (samples)"),
            format!("{mrows} x {ncols}"),
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mat_extension_on_any_utf8_name() {
        assert!(is_mat("A0001.mat"));
        assert!(is_mat("x.MAT"));
        assert!(!is_mat(".mat"));
        // F10: byte 4 from the end is inside the euro sign.
        assert!(!is_mat("€abc"));
        assert!(!is_mat("€"));
        assert!(is_mat("€.mat"));
    }
}
