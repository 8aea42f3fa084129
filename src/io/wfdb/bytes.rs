//! Where a record's signal bytes come from — files on disk, opened under the policy of
//! [`crate::io::file`] at each read, or an upload in memory — and byte ranges of them, with the
//! running state of format 8's differences.

use super::WfdbError;
use super::signal::Format;
use crate::io::file;
use std::collections::HashMap;
use std::io::{Read, Seek, SeekFrom};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// Format 8 accumulators after `frame` frames: where a read in order resumes.
#[derive(Debug, Clone)]
pub(super) struct DiffState {
    pub(super) frame: u64,
    pub(super) acc: Vec<i64>,
}

/// Where a signal file's bytes are: a file on disk (opened under the policy of
/// [`crate::io::file`] at each read), or bytes in memory (an upload).
#[derive(Debug, Clone)]
pub(super) enum Bytes {
    File,
    Memory(Arc<[u8]>),
    /// The header names a file the upload does not hold.
    Missing,
}

/// The signals stored in one file, in header order.
#[derive(Debug)]
pub(super) struct Group {
    pub(super) file_name: String,
    /// The file on disk, or its name for an upload (in errors).
    pub(super) path: PathBuf,
    pub(super) bytes: Bytes,
    pub(super) format: Format,
    pub(super) byte_offset: u64,
    pub(super) signals: Vec<usize>,
    pub(super) max_skew: u64,
    /// Format 8 only: differences accumulate from the start, so reads resume from here.
    pub(super) diff: Option<DiffState>,
}

/// Where the record's signal files are.
pub(super) enum Source {
    /// In this directory (the header's).
    Dir(PathBuf),
    /// In memory, by file name.
    Memory(HashMap<String, Arc<[u8]>>),
}

pub(super) fn not_in_upload(path: &Path) -> WfdbError {
    WfdbError::Io {
        path: path.to_path_buf(),
        source: std::io::Error::new(
            std::io::ErrorKind::NotFound,
            "the header names this signal file but the upload does not hold it",
        ),
    }
}

impl Group {
    /// The file's length in bytes (from the open handle for a file on disk).
    pub(super) fn len(&self) -> Result<u64, WfdbError> {
        match &self.bytes {
            Bytes::File => Ok(file::open_regular(&self.path)?
                .metadata()
                .map_err(|source| WfdbError::Io {
                    path: self.path.clone(),
                    source,
                })?
                .len()),
            Bytes::Memory(b) => Ok(b.len() as u64),
            Bytes::Missing => Err(not_in_upload(&self.path)),
        }
    }

    /// The first `n` bytes (fewer if the file is shorter) into `buf`.
    pub(super) fn read_prefix(&self, n: u64, buf: &mut Vec<u8>) -> Result<(), WfdbError> {
        buf.clear();
        match &self.bytes {
            Bytes::File => {
                file::open_regular(&self.path)?
                    .take(n)
                    .read_to_end(buf)
                    .map_err(|source| WfdbError::Io {
                        path: self.path.clone(),
                        source,
                    })?;
            }
            Bytes::Memory(b) => {
                let end = usize::try_from(n).unwrap_or(usize::MAX).min(b.len());
                buf.extend_from_slice(b.get(..end).unwrap_or(&[]));
            }
            Bytes::Missing => return Err(not_in_upload(&self.path)),
        }
        Ok(())
    }
}

/// Reads `len` bytes of a signal file from byte `start` into `buf` (reused), opening a file on
/// disk under the policy of [`crate::io::file`]; a short read is [`WfdbError::Truncated`].
pub(super) fn read_range<'a>(
    path: &Path,
    bytes: &Bytes,
    start: u64,
    len: u64,
    buf: &'a mut Vec<u8>,
) -> Result<&'a [u8], WfdbError> {
    let io = |source| WfdbError::Io {
        path: path.to_path_buf(),
        source,
    };
    buf.clear();
    match bytes {
        Bytes::File => {
            let mut f = file::open_regular(path)?;
            f.seek(SeekFrom::Start(start)).map_err(io)?;
            // `take` bounds the read by what the header implies, whatever the file holds now.
            f.take(len).read_to_end(buf).map_err(io)?;
        }
        Bytes::Memory(b) => {
            let a = usize::try_from(start).unwrap_or(usize::MAX).min(b.len());
            let e = usize::try_from(start.saturating_add(len))
                .unwrap_or(usize::MAX)
                .min(b.len());
            buf.extend_from_slice(b.get(a..e).unwrap_or(&[]));
        }
        Bytes::Missing => return Err(not_in_upload(path)),
    }
    if (buf.len() as u64) < len {
        return Err(WfdbError::Truncated {
            file: path.to_path_buf(),
            expected_bytes: start.saturating_add(len),
            found_bytes: start + buf.len() as u64,
        });
    }
    Ok(buf)
}

/// Adds format 8 differences (frame-interleaved, `acc.len()` channels) to the accumulators, with
/// the same 32-bit wrapping as the decoder.
pub(super) fn accumulate_diff(acc: &mut [i64], bytes: &[u8]) {
    let nch = acc.len().max(1);
    for frame in bytes.chunks(nch) {
        for (a, &b) in acc.iter_mut().zip(frame) {
            *a = i64::from((*a as i32).wrapping_add(i32::from(b as i8)));
        }
    }
}

/// Streams a format 8 file from `state.frame` to frame `to`, in bounded blocks.
pub(super) fn advance_diff(
    path: &Path,
    src: &Bytes,
    offset: u64,
    nch: u64,
    state: &mut DiffState,
    to: u64,
    buf: &mut Vec<u8>,
) -> Result<(), WfdbError> {
    const BLOCK: u64 = 1 << 16;
    let frames_per_block = (BLOCK / nch.max(1)).max(1);
    while state.frame < to {
        let frames = (to - state.frame).min(frames_per_block);
        let bytes = read_range(path, src, offset + state.frame * nch, frames * nch, buf)?;
        accumulate_diff(&mut state.acc, bytes);
        state.frame += frames;
    }
    Ok(())
}
