//! WFDB records: header (`.hea`) parsing, signal files in formats 8, 16, 61, 80, 212, 310 and 311,
//! MATLAB v4 `.mat` containers (format `16+24`), checksums, and writing format 16 records.
//!
//! Reading is bounded:
//! - the header's size, its signal count and the samples one read may return are capped
//!   ([`ReadOptions`], each cap with its own error), and the sample count is checked against each
//!   signal file's length before anything is allocated;
//! - signal files are plain names in the header's own directory; files are opened under the
//!   policy of [`crate::io::file`]: only regular files (no FIFO, device or directory), and a
//!   symbolic link only if it resolves inside the directory holding it (the record's
//!   directory), otherwise [`WfdbError::File`];
//! - bytes are read through `take`, so a file that changed since it was checked cannot make a
//!   read larger than the header implies.
//!
//! Long records are read by sample range or time window with [`WfdbReader`]: only the bytes of
//! the window are read (format 8, whose differences accumulate from the start, streams up to it),
//! so memory follows the window, not the record.
//!
//! Physical values are `(digital − baseline) / gain` computed in f64 and stored as f32 millivolts
//! (µV and V units are scaled to mV; other units are kept as written). Invalid-sample sentinels
//! (−32768 in format 16, −2048 in 212, ...) become NaN, as in wfdb-python.
//!
//! Skew is applied as wfdb-python does: sample `t` of a signal with skew `s` is the one stored in
//! frame `t + s`, and the last `s` samples are NaN. Not supported (clear errors): multi-segment
//! records, more than one sample per frame (none of mitdb, ludb or cinc2020-dev uses either),
//! formats other than those above (24, 32, 160, FLAC 5xx), and several formats in one file.
//!
//! ```no_run
//! use sinus::io::wfdb;
//! let rec = wfdb::read_record("../shared/physionet/mitdb/100")?;
//! println!("{}: {} leads, {} s", rec.name(), rec.n_leads(), rec.duration_s());
//! # Ok::<(), wfdb::WfdbError>(())
//! ```

mod header;
mod mat;
mod signal;
mod write;

mod bytes;
mod decode;
mod reader;

pub use header::{
    DEFAULT_FS, DEFAULT_GAIN, DEFAULT_MAX_SIGNALS, Header, MIN_GAIN, SignalSpec, parse_header,
    parse_header_with,
};
pub use reader::{WfdbReader, Windows};
pub use signal::Format;
pub use write::{WriteOptions, write_record, write_record_with};

use crate::io::file::{FileError, OpenError};
use crate::{Record, RecordError};
use serde::Serialize;
use std::path::{Path, PathBuf};

/// Errors reading or writing WFDB records. Each names the file and, where it applies, the header
/// line, the signal index or the byte offset.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum WfdbError {
    /// A file could not be read or written (the operating system's error is the
    /// [`source`](std::error::Error::source)).
    #[error("{}: I/O error", path.display())]
    Io {
        /// The file.
        path: PathBuf,
        /// The underlying error.
        source: std::io::Error,
    },
    /// The header is not valid UTF-8.
    #[error("{}:{line}: header is not valid UTF-8 (byte offset {byte_offset})", path.display())]
    NotUtf8 {
        /// The header file.
        path: PathBuf,
        /// Line (1-based) holding the first invalid byte.
        line: usize,
        /// Offset of the first invalid byte.
        byte_offset: u64,
    },
    /// The header has no record line.
    #[error("{}: empty header: expected a record line", path.display())]
    EmptyHeader {
        /// The header file.
        path: PathBuf,
    },
    /// The header file is larger than any real header ([`ReadOptions::max_header_bytes`]).
    #[error("{}: header holds more than {max} bytes (ReadOptions::max_header_bytes)", path.display())]
    HeaderTooLarge {
        /// The header file.
        path: PathBuf,
        /// The limit.
        max: u64,
    },
    /// The record line declares more signals than the cap ([`ReadOptions::max_signals`]).
    #[error("{}: record line declares {declared} signals, more than the cap of {max} (ReadOptions::max_signals)", path.display())]
    TooManySignals {
        /// The header file.
        path: PathBuf,
        /// Signals declared.
        declared: usize,
        /// The cap.
        max: usize,
    },
    /// A file the reader refuses: not a regular file, or a symbolic link leaving the record's
    /// directory (see [`crate::io::file`]).
    #[error(transparent)]
    File(#[from] FileError),
    /// A header field does not parse.
    #[error("{}:{line}: bad {field}: expected {expected}, found `{found}`", path.display())]
    HeaderSyntax {
        /// The header file.
        path: PathBuf,
        /// Line (1-based).
        line: usize,
        /// Which field.
        field: &'static str,
        /// What was expected.
        expected: &'static str,
        /// What was found (truncated to 80 characters).
        found: String,
    },
    /// The sampling frequency is zero, negative or not a number.
    #[error("{}:{line}: invalid sampling frequency `{found}`: expected a finite number > 0", path.display())]
    InvalidSampleRate {
        /// The header file.
        path: PathBuf,
        /// Line (1-based).
        line: usize,
        /// The field as written.
        found: String,
    },
    /// Multi-segment records are not supported.
    #[error("{}:{line}: multi-segment record ({segments} segments) is not supported", path.display())]
    MultiSegment {
        /// The header file.
        path: PathBuf,
        /// Line (1-based).
        line: usize,
        /// Declared number of segments.
        segments: u64,
    },
    /// The number of signal lines differs from the record line's count.
    #[error("{}:{line}: record line declares {declared} signals, found {found} signal lines", path.display())]
    SignalCount {
        /// The header file.
        path: PathBuf,
        /// Line (1-based) where the discrepancy shows.
        line: usize,
        /// Signals declared.
        declared: usize,
        /// Signal lines found.
        found: usize,
    },
    /// A signal uses a storage format this crate does not decode.
    #[error("{}: signal {signal}: unsupported format {format} (supported: 8, 16, 61, 80, 212, 310, 311)", path.display())]
    UnsupportedFormat {
        /// The header file.
        path: PathBuf,
        /// Signal index (0-based).
        signal: usize,
        /// The format code.
        format: u16,
    },
    /// A header feature this reader does not implement.
    #[error("{}: signal {signal}: {what} is not supported", path.display())]
    Unsupported {
        /// The header file.
        path: PathBuf,
        /// Signal index (0-based).
        signal: usize,
        /// What is unsupported.
        what: String,
    },
    /// A signal file name points outside the header's directory.
    #[error("{}: signal {signal}: unsafe signal file name `{file_name}`: expected a plain file name in the header's directory", path.display())]
    UnsafeSignalPath {
        /// The header file.
        path: PathBuf,
        /// Signal index (0-based).
        signal: usize,
        /// The name as written.
        file_name: String,
    },
    /// A read would return more samples than the cap allows (the whole record for
    /// [`read_record`], one window for [`WfdbReader`]).
    #[error("{}: {declared} samples to read (per-signal samples × signals), more than the cap of {max_samples} (ReadOptions::max_samples)", path.display())]
    TooLarge {
        /// The header file.
        path: PathBuf,
        /// Samples the read would return (per signal × signals).
        declared: u128,
        /// The cap.
        max_samples: u64,
    },
    /// A signal's byte offset lies past the end of its file.
    #[error("{}: byte offset {byte_offset} is past the end of the file ({file_bytes} bytes)", file.display())]
    OffsetPastEnd {
        /// The signal file.
        file: PathBuf,
        /// The offset in the header.
        byte_offset: u64,
        /// The file's length.
        file_bytes: u64,
    },
    /// A time window is not a finite, non-negative start and duration.
    #[error(
        "invalid window: start {start_s} s, duration {duration_s} s: expected finite values >= 0 (duration > 0)"
    )]
    InvalidWindow {
        /// Start (s).
        start_s: f64,
        /// Duration (s).
        duration_s: f64,
    },
    /// A signal file is shorter than the header declares.
    #[error("{}: truncated: expected {expected_bytes} bytes, found {found_bytes}", file.display())]
    Truncated {
        /// The signal file.
        file: PathBuf,
        /// Bytes the header implies (byte offset included).
        expected_bytes: u64,
        /// Bytes in the file.
        found_bytes: u64,
    },
    /// A signal file holds more samples than the header declares.
    #[error("{}: header declares {declared} samples per signal, the file holds {found}", file.display())]
    SampleCountMismatch {
        /// The signal file.
        file: PathBuf,
        /// Samples per signal in the header.
        declared: u64,
        /// Whole samples per signal in the file.
        found: u64,
    },
    /// A `.mat` container's header disagrees with the WFDB header.
    #[error("{}: MATLAB v4 header {field}: expected {expected}, found {found}", file.display())]
    MatHeader {
        /// The `.mat` file.
        file: PathBuf,
        /// Which field.
        field: &'static str,
        /// What the WFDB header implies.
        expected: String,
        /// What the `.mat` holds.
        found: String,
    },
    /// A signal's checksum differs from the header's.
    #[error("{}: signal {signal}: checksum mismatch: header says {expected}, samples sum to {found} (mod 2^16)", file.display())]
    ChecksumMismatch {
        /// The signal file.
        file: PathBuf,
        /// Signal index (0-based).
        signal: usize,
        /// Checksum in the header.
        expected: i64,
        /// Checksum of the samples read (as a signed 16-bit value).
        found: i64,
    },
    /// A record name or lead description cannot be written to a header.
    #[error("cannot write record: {what}")]
    InvalidForWrite {
        /// What is wrong.
        what: String,
    },
    /// The decoded data do not form a valid [`Record`].
    #[error(transparent)]
    Record(#[from] RecordError),
}

/// Options for [`read_record_with`], [`read_detailed`] and [`WfdbReader`]: the caps that bound
/// what a header can make the reader do, each with its own error.
///
/// Start from the defaults and set what differs (one setter per field):
///
/// ```
/// use sinus::io::wfdb::ReadOptions;
/// let opts = ReadOptions::default().max_samples(1 << 24).max_signals(64);
/// assert_eq!((opts.max_samples, opts.max_signals), (1 << 24, 64));
/// assert!(opts.verify_checksums);
/// ```
///
/// It is `#[non_exhaustive]`, so that a new cap is not a breaking change: outside this crate a
/// struct literal does not compile.
///
/// ```compile_fail,E0639
/// let opts = sinus::io::wfdb::ReadOptions {
///     max_samples: 1 << 24,
///     verify_checksums: true,
///     max_signals: 64,
///     max_header_bytes: 1 << 20,
/// };
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct ReadOptions {
    /// The most samples (per-signal samples × signals) one read may return: the whole record for
    /// [`read_record`], one window for [`WfdbReader`] (whose record may be longer). Larger reads
    /// are refused before allocating ([`WfdbError::TooLarge`]). Default 2^28 (1 GiB of f32).
    pub max_samples: u64,
    /// Verify each signal's checksum against the header (default true). A [`WfdbReader`]
    /// verifies them once it has read every sample in order.
    pub verify_checksums: bool,
    /// The most signals a header may declare ([`WfdbError::TooManySignals`]). Default 4096
    /// ([`DEFAULT_MAX_SIGNALS`]; the largest PhysioNet records hold a few hundred).
    pub max_signals: usize,
    /// The largest header file read, in bytes ([`WfdbError::HeaderTooLarge`]). Default 1 MiB
    /// (real headers hold a few kB, a 4096-signal header about 300 kB).
    pub max_header_bytes: u64,
}

impl Default for ReadOptions {
    fn default() -> Self {
        ReadOptions {
            max_samples: 1 << 28,
            verify_checksums: true,
            max_signals: DEFAULT_MAX_SIGNALS,
            max_header_bytes: 1 << 20,
        }
    }
}

/// A signal's checksum compared with its header.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(tag = "verdict", rename_all = "snake_case")]
pub enum ChecksumVerdict {
    /// The samples' 16-bit sum equals the header's checksum.
    Match,
    /// They differ.
    Mismatch {
        /// Checksum in the header.
        expected: i64,
        /// Checksum of the samples.
        found: i64,
    },
    /// The header gives no checksum.
    Absent,
}

/// Everything [`read_detailed`] learns: the header, the record and each signal's checksum verdict.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct ReadOutcome {
    /// The parsed header.
    pub header: Header,
    /// The record in mV.
    pub record: Record,
    /// One verdict per signal, in header order.
    pub checksums: Vec<ChecksumVerdict>,
}

/// Reads a WFDB record (`path` with or without `.hea`) with default [`ReadOptions`].
///
/// ```no_run
/// let rec = sinus::io::wfdb::read_record("../shared/physionet/ludb/data/1.hea")?;
/// assert_eq!(rec.n_leads(), 12);
/// # Ok::<(), sinus::io::wfdb::WfdbError>(())
/// ```
pub fn read_record(path: impl AsRef<Path>) -> Result<Record, WfdbError> {
    read_record_with(path, &ReadOptions::default())
}

/// Reads a WFDB record with explicit options.
pub fn read_record_with(path: impl AsRef<Path>, opts: &ReadOptions) -> Result<Record, WfdbError> {
    read_detailed(path, opts).map(|o| o.record)
}

/// Reads `duration_s` seconds of a record from `start_s` (clamped to the record), reading only
/// those bytes; [`ReadOptions::max_samples`] caps the window, not the record.
///
/// ```no_run
/// use sinus::io::wfdb::{read_window, ReadOptions};
/// // Ten seconds of MIT-BIH 100, twenty minutes in.
/// let w = read_window("../shared/physionet/mitdb/100", 1200.0, 10.0, &ReadOptions::default())?;
/// assert_eq!(w.n_samples(), 3600);
/// # Ok::<(), sinus::io::wfdb::WfdbError>(())
/// ```
pub fn read_window(
    path: impl AsRef<Path>,
    start_s: f64,
    duration_s: f64,
    opts: &ReadOptions,
) -> Result<Record, WfdbError> {
    WfdbReader::open(path, opts)?.read_window(start_s, duration_s)
}

/// The header file of a record path: `path` itself if it ends in `.hea`, else `path` + `.hea`.
pub fn header_path(path: &Path) -> PathBuf {
    if path.extension().is_some_and(|e| e == "hea") {
        path.to_path_buf()
    } else {
        let mut s = path.as_os_str().to_owned();
        s.push(".hea");
        PathBuf::from(s)
    }
}

impl From<OpenError> for WfdbError {
    fn from(e: OpenError) -> Self {
        match e {
            OpenError::Io { path, source } => WfdbError::Io { path, source },
            OpenError::Refused(e) => WfdbError::File(e),
        }
    }
}

/// Reads a header file under the file policy and `opts`' size cap.
fn read_header_bytes(hea: &Path, opts: &ReadOptions) -> Result<Vec<u8>, WfdbError> {
    crate::io::file::read_file(hea, opts.max_header_bytes).map_err(|e| match e {
        OpenError::Refused(FileError::TooLarge { path, max_bytes }) => WfdbError::HeaderTooLarge {
            path,
            max: max_bytes,
        },
        e => e.into(),
    })
}

/// Reads and parses a record's header only.
pub fn read_header(path: impl AsRef<Path>) -> Result<Header, WfdbError> {
    read_header_with(path, &ReadOptions::default())
}

/// Reads and parses a record's header only, with the caps of `opts`.
pub fn read_header_with(path: impl AsRef<Path>, opts: &ReadOptions) -> Result<Header, WfdbError> {
    let hea = header_path(path.as_ref());
    let bytes = read_header_bytes(&hea, opts)?;
    parse_header_with(&bytes, &hea, opts.max_signals)
}

fn is_safe_file_name(name: &str) -> bool {
    let unsafe_name = name.is_empty()
        || name.contains(['/', '\\', '\0'])
        || name.contains("..")
        || name.starts_with('~')
        || name.as_bytes().get(1) == Some(&b':')
        || Path::new(name).is_absolute();
    !unsafe_name
}

/// Multiplier from the header's units to millivolts (1 for units that are not a voltage).
fn unit_scale(units: &str) -> f64 {
    match units {
        "uV" | "µV" | "μV" => 1e-3,
        "V" => 1e3,
        _ => 1.0,
    }
}

/// Reads a record and reports each signal's checksum verdict alongside the header.
///
/// With `opts.verify_checksums` a mismatch is an error ([`WfdbError::ChecksumMismatch`]); without
/// it the verdicts are only reported.
pub fn read_detailed(path: impl AsRef<Path>, opts: &ReadOptions) -> Result<ReadOutcome, WfdbError> {
    read_whole(WfdbReader::open_whole(path.as_ref(), opts)?, opts)
}

/// The name errors give the header of a record read from memory.
pub(crate) const UPLOAD_HEADER: &str = "<upload>.hea";

/// Reads a record held in memory (an upload): the header's bytes and each signal file's bytes by
/// the name the header gives it, with every check and cap of [`read_record_with`] (see
/// [`WfdbReader::from_memory`]). The signal bytes are copied once.
///
/// ```
/// use sinus::io::wfdb::{read_record_from_bytes, ReadOptions};
/// let header = b"up 1 250 2\nup.dat 16 200 16 0 0 200 0 II\n";
/// let dat = [400i16, -200].iter().flat_map(|v| v.to_le_bytes()).collect::<Vec<u8>>();
/// let rec = read_record_from_bytes(header, &[("up.dat", &dat)], &ReadOptions::default())?;
/// assert_eq!(rec.name(), "up");
/// assert_eq!(rec.signals().row(0).to_vec(), vec![2.0, -1.0]);
/// # Ok::<(), sinus::io::wfdb::WfdbError>(())
/// ```
pub fn read_record_from_bytes(
    header: &[u8],
    files: &[(&str, &[u8])],
    opts: &ReadOptions,
) -> Result<Record, WfdbError> {
    read_detailed_from_bytes(header, files, opts).map(|o| o.record)
}

/// [`read_record_from_bytes`] with the header and each signal's checksum verdict (see
/// [`read_detailed`]).
pub fn read_detailed_from_bytes(
    header: &[u8],
    files: &[(&str, &[u8])],
    opts: &ReadOptions,
) -> Result<ReadOutcome, WfdbError> {
    let files = files
        .iter()
        .map(|&(name, bytes)| (name, std::sync::Arc::<[u8]>::from(bytes)));
    read_whole(
        WfdbReader::from_memory_inner(header, files, opts, true)?,
        opts,
    )
}

/// Reads a record from readers: the header from `header`, and each signal file the header names
/// from the reader `open` returns for its name (called once per file). Every read is bounded:
/// the header by [`ReadOptions::max_header_bytes`], a signal file by the bytes the header implies
/// (plus one frame, to tell a longer file) or, when the header gives no length, by
/// [`ReadOptions::max_samples`]; then the checks of [`read_record_from_bytes`] apply.
///
/// ```
/// use sinus::io::wfdb::{read_record_from_readers, ReadOptions};
/// let header = &b"up 1 250 2\nup.dat 16 200 16 0 0 200 0 II\n"[..];
/// let dat: Vec<u8> = [400i16, -200].iter().flat_map(|v| v.to_le_bytes()).collect();
/// let rec = read_record_from_readers(header, |name| {
///     assert_eq!(name, "up.dat");
///     Ok(std::io::Cursor::new(dat.clone()))
/// }, &ReadOptions::default())?;
/// assert_eq!(rec.n_samples(), 2);
/// # Ok::<(), sinus::io::wfdb::WfdbError>(())
/// ```
pub fn read_record_from_readers<R: std::io::Read>(
    header: impl std::io::Read,
    mut open: impl FnMut(&str) -> std::io::Result<R>,
    opts: &ReadOptions,
) -> Result<Record, WfdbError> {
    use std::io::Read;
    let hea = PathBuf::from(UPLOAD_HEADER);
    let mut head = Vec::new();
    header
        .take(opts.max_header_bytes.saturating_add(1))
        .read_to_end(&mut head)
        .map_err(|source| WfdbError::Io {
            path: hea.clone(),
            source,
        })?;
    if head.len() as u64 > opts.max_header_bytes {
        return Err(WfdbError::HeaderTooLarge {
            path: hea,
            max: opts.max_header_bytes,
        });
    }
    let parsed = parse_header_with(&head, &hea, opts.max_signals)?;
    let mut files: Vec<(String, Vec<u8>)> = Vec::new();
    for s in &parsed.signals {
        // Unsafe names and unknown formats are refused by the reader below, before any
        // decoding: they are not opened.
        let Some(format) = Format::from_code(s.format) else {
            continue;
        };
        if !is_safe_file_name(&s.file_name) || files.iter().any(|(n, _)| *n == s.file_name) {
            continue;
        }
        let nch = parsed
            .signals
            .iter()
            .filter(|o| o.file_name == s.file_name)
            .count() as u64;
        let cap = match parsed.n_samples {
            // One frame block more than the header implies tells a longer file.
            Some(n) => n
                .checked_add(6)
                .and_then(|n| n.checked_mul(nch))
                .and_then(|v| format.bytes_for(v)),
            None => format.bytes_for(opts.max_samples),
        }
        .and_then(|b| b.checked_add(s.byte_offset))
        .unwrap_or(u64::MAX);
        let path = PathBuf::from(&s.file_name);
        let io = |source| WfdbError::Io {
            path: path.clone(),
            source,
        };
        let mut bytes = Vec::new();
        open(&s.file_name)
            .map_err(io)?
            .take(cap)
            .read_to_end(&mut bytes)
            .map_err(io)?;
        files.push((s.file_name.clone(), bytes));
    }
    drop(parsed);
    let reader = WfdbReader::from_memory_inner(&head, files, opts, true)?;
    read_whole(reader, opts).map(|o| o.record)
}

fn read_whole(mut reader: WfdbReader, opts: &ReadOptions) -> Result<ReadOutcome, WfdbError> {
    let n = reader.n_samples();
    let record = reader.read_samples(0, n)?;
    let checksums = reader.checksums().unwrap_or_default();
    if opts.verify_checksums {
        reader.verify_checksums()?;
    }
    Ok(ReadOutcome {
        header: reader.into_header(),
        record,
        checksums,
    })
}
