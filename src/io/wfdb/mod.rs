//! WFDB records: header (`.hea`) parsing, signal files in formats 8, 16, 61, 80, 212, 310 and 311,
//! MATLAB v4 `.mat` containers (format `16+24`), checksums, and writing format 16 records.
//!
//! Reading is bounded: the header's sample count is checked against a cap
//! ([`ReadOptions::max_samples`]) and against each signal file's length before anything is
//! allocated, and signal files must lie in the header's own directory.
//!
//! Physical values are `(digital − baseline) / gain` computed in f64 and stored as f32 millivolts
//! (µV and V units are scaled to mV; other units are kept as written). Invalid-sample sentinels
//! (−32768 in format 16, −2048 in 212, ...) become NaN, as in wfdb-python.
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

pub use header::{DEFAULT_FS, DEFAULT_GAIN, Header, SignalSpec, parse_header};
pub use signal::Format;
pub use write::{WriteOptions, write_record, write_record_with};

use crate::{Lead, Record, RecordError, SampleRate};
use ndarray::Array2;
use serde::Serialize;
use std::path::{Path, PathBuf};

/// Largest header file read (headers are a few kB; this bounds a bogus `.hea`).
const MAX_HEADER_BYTES: u64 = 16 << 20;

/// Errors reading or writing WFDB records. Each names the file and, where it applies, the header
/// line, the signal index or the byte offset.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum WfdbError {
    /// A file could not be read or written.
    #[error("{}: {source}", path.display())]
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
    /// The header file is larger than any real header.
    #[error("{}: header is {bytes} bytes, expected at most {max}", path.display())]
    HeaderTooLarge {
        /// The header file.
        path: PathBuf,
        /// Its size.
        bytes: u64,
        /// The limit.
        max: u64,
    },
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
    /// The header declares more samples than the cap allows.
    #[error("{}: header declares {declared} samples, more than the cap of {max_samples} (ReadOptions::max_samples)", path.display())]
    TooLarge {
        /// The header file.
        path: PathBuf,
        /// Samples declared (per signal × signals).
        declared: u128,
        /// The cap.
        max_samples: u64,
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

/// Options for [`read_record_with`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReadOptions {
    /// The most samples (per-signal samples × signals) a header may declare; larger records are
    /// refused before allocating. Default 2^28 (1 GiB of f32).
    pub max_samples: u64,
    /// Verify each signal's checksum against the header (default true).
    pub verify_checksums: bool,
}

impl Default for ReadOptions {
    fn default() -> Self {
        ReadOptions {
            max_samples: 1 << 28,
            verify_checksums: true,
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

fn read_file_bounded(path: &Path, max: u64) -> Result<Vec<u8>, WfdbError> {
    let io = |source| WfdbError::Io {
        path: path.to_path_buf(),
        source,
    };
    let len = std::fs::metadata(path).map_err(io)?.len();
    if len > max {
        return Err(WfdbError::HeaderTooLarge {
            path: path.to_path_buf(),
            bytes: len,
            max,
        });
    }
    std::fs::read(path).map_err(io)
}

/// Reads and parses a record's header only.
pub fn read_header(path: impl AsRef<Path>) -> Result<Header, WfdbError> {
    let hea = header_path(path.as_ref());
    let bytes = read_file_bounded(&hea, MAX_HEADER_BYTES)?;
    parse_header(&bytes, &hea)
}

fn is_safe_file_name(name: &str) -> bool {
    !name.is_empty()
        && !name.contains(['/', '\\', '\0'])
        && !name.contains("..")
        && !name.starts_with('~')
        && !(name.len() >= 2 && name.as_bytes()[1] == b':')
        && !Path::new(name).is_absolute()
}

/// Multiplier from the header's units to millivolts (1 for units that are not a voltage).
fn unit_scale(units: &str) -> f64 {
    match units {
        "uV" | "µV" | "μV" => 1e-3,
        "V" => 1e3,
        _ => 1.0,
    }
}

/// The signals stored in one file, in header order.
struct FileGroup {
    file_name: String,
    format: Format,
    byte_offset: u64,
    signals: Vec<usize>,
}

/// Reads a record and reports each signal's checksum verdict alongside the header.
///
/// With `opts.verify_checksums` a mismatch is an error ([`WfdbError::ChecksumMismatch`]); without
/// it the verdicts are only reported.
pub fn read_detailed(path: impl AsRef<Path>, opts: &ReadOptions) -> Result<ReadOutcome, WfdbError> {
    let hea = header_path(path.as_ref());
    let bytes = read_file_bounded(&hea, MAX_HEADER_BYTES)?;
    let header = parse_header(&bytes, &hea)?;
    let dir = hea.parent().unwrap_or(Path::new("."));

    // Validate every signal and group them by file before touching any signal file.
    let mut groups: Vec<FileGroup> = Vec::new();
    for (k, s) in header.signals.iter().enumerate() {
        let format = Format::from_code(s.format).ok_or_else(|| WfdbError::UnsupportedFormat {
            path: hea.clone(),
            signal: k,
            format: s.format,
        })?;
        if s.samples_per_frame != 1 {
            return Err(WfdbError::Unsupported {
                path: hea.clone(),
                signal: k,
                what: format!("{} samples per frame", s.samples_per_frame),
            });
        }
        if !is_safe_file_name(&s.file_name) {
            return Err(WfdbError::UnsafeSignalPath {
                path: hea.clone(),
                signal: k,
                file_name: s.file_name.clone(),
            });
        }
        match groups.iter_mut().find(|g| g.file_name == s.file_name) {
            Some(g) => {
                if g.format != format {
                    return Err(WfdbError::Unsupported {
                        path: hea.clone(),
                        signal: k,
                        what: format!(
                            "format {} in file {} that holds format {}",
                            s.format,
                            s.file_name,
                            g.format.code()
                        ),
                    });
                }
                g.signals.push(k);
            }
            None => groups.push(FileGroup {
                file_name: s.file_name.clone(),
                format,
                byte_offset: s.byte_offset,
                signals: vec![k],
            }),
        }
    }

    let fs = SampleRate::new(header.fs)?;
    let n_sig = header.n_signals;
    let too_large = |declared: u128| WfdbError::TooLarge {
        path: hea.clone(),
        declared,
        max_samples: opts.max_samples,
    };
    if let Some(n) = header.n_samples {
        let declared = u128::from(n) * (n_sig.max(1) as u128);
        if declared > u128::from(opts.max_samples) {
            return Err(too_large(declared));
        }
    }

    // File lengths, checked against the header before reading.
    let mut lens = Vec::with_capacity(groups.len());
    for g in &groups {
        let file = dir.join(&g.file_name);
        let len = std::fs::metadata(&file)
            .map_err(|source| WfdbError::Io {
                path: file.clone(),
                source,
            })?
            .len();
        lens.push((file, len));
    }
    let frames_in = |g: &FileGroup, len: u64| {
        g.format.samples_in(len.saturating_sub(g.byte_offset)) / g.signals.len() as u64
    };
    let n_samples = match header.n_samples {
        Some(n) => n,
        None => groups
            .iter()
            .zip(&lens)
            .map(|(g, (_, len))| frames_in(g, *len))
            .min()
            .unwrap_or(0),
    };
    let declared = u128::from(n_samples) * (n_sig.max(1) as u128);
    if declared > u128::from(opts.max_samples) {
        return Err(too_large(declared));
    }
    for (g, (file, len)) in groups.iter().zip(&lens) {
        let total = n_samples * g.signals.len() as u64;
        let expected = g
            .format
            .bytes_for(total)
            .and_then(|b| b.checked_add(g.byte_offset))
            .ok_or_else(|| too_large(declared))?;
        if *len < expected {
            return Err(WfdbError::Truncated {
                file: file.clone(),
                expected_bytes: expected,
                found_bytes: *len,
            });
        }
        let found = frames_in(g, *len);
        if found > n_samples {
            return Err(WfdbError::SampleCountMismatch {
                file: file.clone(),
                declared: n_samples,
                found,
            });
        }
    }

    let n = usize::try_from(n_samples).map_err(|_| too_large(declared))?;
    let mut out = Array2::<f32>::zeros((n_sig, n));
    let mut checksums = vec![ChecksumVerdict::Absent; n_sig];
    let mut scratch: Vec<i32> = Vec::new();
    for (g, (file, len)) in groups.iter().zip(&lens) {
        let data = std::fs::read(file).map_err(|source| WfdbError::Io {
            path: file.clone(),
            source,
        })?;
        if data.len() as u64 != *len {
            // The file changed between the size check and the read.
            return Err(WfdbError::Truncated {
                file: file.clone(),
                expected_bytes: *len,
                found_bytes: data.len() as u64,
            });
        }
        let nch = g.signals.len();
        if mat::is_mat(&g.file_name) {
            mat::check(
                &data,
                file,
                g.format.code(),
                nch as u64,
                n_samples,
                g.byte_offset,
            )?;
        }
        let start = usize::try_from(g.byte_offset).unwrap_or(usize::MAX);
        let body = data.get(start..).unwrap_or(&[]);
        scratch.clear();
        scratch.resize(n * nch, 0);
        let initial: Vec<i64> = g
            .signals
            .iter()
            .map(|&k| header.signals[k].initial_value)
            .collect();
        signal::decode(g.format, body, &mut scratch, &initial);

        for (c, &k) in g.signals.iter().enumerate() {
            let spec = &header.signals[k];
            let mut row = out.row_mut(k);
            let Some(row) = row.as_slice_mut() else {
                continue;
            };
            let sum = convert(&scratch, nch, c, g.format, spec, row);
            checksums[k] = match spec.checksum {
                None => ChecksumVerdict::Absent,
                Some(expected) if expected.rem_euclid(65536) as u16 == sum => {
                    ChecksumVerdict::Match
                }
                Some(expected) => {
                    let found = i64::from(sum as i16);
                    if opts.verify_checksums {
                        return Err(WfdbError::ChecksumMismatch {
                            file: file.clone(),
                            signal: k,
                            expected,
                            found,
                        });
                    }
                    ChecksumVerdict::Mismatch { expected, found }
                }
            };
        }
    }

    let leads = header
        .signals
        .iter()
        .map(|s| Lead::parse(&s.description))
        .collect();
    let record = Record::new(header.name.clone(), leads, fs, out)?
        .with_start(header.start)
        .with_comments(header.comments.clone());
    Ok(ReadOutcome {
        header,
        record,
        checksums,
    })
}

/// Converts channel `c` of frame-interleaved digital samples into physical values in `row`,
/// applying skew and the invalid-sample sentinel. Returns the 16-bit checksum of the samples.
fn convert(
    digital: &[i32],
    nch: usize,
    c: usize,
    fmt: Format,
    spec: &SignalSpec,
    row: &mut [f32],
) -> u16 {
    let n = row.len();
    let skew = usize::try_from(spec.skew).unwrap_or(usize::MAX).min(n);
    let scale = unit_scale(&spec.units);
    let gain = spec.gain;
    let baseline = spec.baseline;
    let invalid = fmt.invalid();
    let phys = |d: i32| -> f32 {
        if Some(d) == invalid {
            return f32::NAN;
        }
        let v = (i64::from(d) - baseline) as f64 / gain;
        if scale == 1.0 {
            v as f32
        } else {
            (v * scale) as f32
        }
    };
    let mut sum: u16 = 0;
    let (valid, tail) = row.split_at_mut(n - skew);
    let samples = digital.iter().skip(skew * nch + c).step_by(nch.max(1));

    // Narrow formats over long records: a lookup table gives the same values with no division.
    let bits = fmt.bits();
    if fmt != Format::Diff8 && bits <= 12 && n > 4 << bits {
        let lo = -(1i32 << (bits - 1));
        let table: Vec<f32> = (0..(1i32 << bits)).map(|i| phys(lo + i)).collect();
        for (o, &d) in valid.iter_mut().zip(samples) {
            sum = sum.wrapping_add(d as u16);
            *o = table.get((d - lo) as usize).copied().unwrap_or(f32::NAN);
        }
    } else {
        for (o, &d) in valid.iter_mut().zip(samples) {
            sum = sum.wrapping_add(d as u16);
            *o = phys(d);
        }
    }
    // Samples that the skew pushes past the end of the record are missing, as in wfdb-python.
    tail.fill(f32::NAN);
    sum
}
