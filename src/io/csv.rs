//! CSV records: one column per lead with a header row of lead names, and an optional time column.
//!
//! ```text
//! time,I,II,V1
//! 0,0.012,0.020,-0.004
//! 0.002,0.013,0.022,-0.005
//! ```
//!
//! The sample rate comes from [`CsvOptions::fs`] if given, otherwise from a uniformly spaced time
//! column. Every cell must be a finite number: CSV has no agreed marker for a missing sample, so
//! `NaN`, `inf` and empty cells are errors naming their line and column. Lines starting with `#`
//! are comments.
//!
//! Reading is bounded by [`CsvOptions`]: a line longer than [`CsvOptions::max_line_bytes`] stops
//! the reader as soon as it is seen (so a file of 50 MB of commas costs a megabyte, not
//! gigabytes), the header may name at most [`CsvOptions::max_columns`] columns, the record at
//! most [`CsvOptions::max_samples`] samples, and error messages quote at most
//! [`CsvOptions::max_excerpt_chars`] characters of a cell. Files are opened under the policy of
//! [`crate::io::file`] (regular files only).
//!
//! ```
//! use sinus::io::csv::{read_csv_from, CsvOptions};
//! let text = "t,I,II\n0,0.1,0.2\n0.004,0.3,0.5\n0.008,0.2,0.1\n";
//! let rec = read_csv_from(text.as_bytes(), &CsvOptions::default()).unwrap();
//! assert_eq!(rec.n_leads(), 2);
//! assert!((rec.fs().hz() - 250.0).abs() < 1e-9);
//! assert_eq!(rec.lead(&sinus::Lead::II).unwrap()[1], 0.5);
//! ```

use super::path_prefix;
use crate::lead::Lead;
use crate::record::{Record, SampleRate};
use ndarray::Array2;
use std::io::Read;
use std::path::{Path, PathBuf};

/// Which column, if any, holds the time in seconds.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
#[non_exhaustive]
pub enum TimeColumn {
    /// The first column named `time`, `t`, `time_s`, `seconds` or `time (s)` (any case), if any.
    #[default]
    Auto,
    /// No time column: every column is a lead.
    None,
    /// The column with this header (compared case-insensitively after trimming).
    Named(String),
}

/// How to read a CSV record, and the caps that bound the reading.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct CsvOptions {
    /// The sample rate. When given it wins over the time column, which is then not checked.
    pub fs: Option<SampleRate>,
    /// The time column.
    pub time_column: TimeColumn,
    /// The most columns the header row may hold ([`CsvErrorKind::TooManyColumns`]). Default
    /// 1024 (an 18-lead record with a time column has 19).
    pub max_columns: usize,
    /// The longest line, in bytes ([`CsvErrorKind::LineTooLong`]), checked as bytes arrive.
    /// Default 1 MiB (a row of 1024 values takes about 20 kB).
    pub max_line_bytes: u64,
    /// The most samples (rows × leads) read ([`CsvErrorKind::TooManySamples`]). Default 2^28,
    /// as for WFDB.
    pub max_samples: u64,
    /// The most characters of a cell or column name quoted in an error message. Default 80,
    /// as in WFDB header errors.
    pub max_excerpt_chars: usize,
}

impl Default for CsvOptions {
    fn default() -> Self {
        CsvOptions {
            fs: None,
            time_column: TimeColumn::Auto,
            max_columns: 1024,
            max_line_bytes: 1 << 20,
            max_samples: 1 << 28,
            max_excerpt_chars: 80,
        }
    }
}

/// What went wrong reading or writing a CSV record (see [`CsvError::kind`]).
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum CsvErrorKind {
    /// The file could not be opened, read or written; the operating system's error is the
    /// [`source`](std::error::Error::source) (so a caller can tell `NotFound`).
    #[error("I/O error")]
    Io(#[source] std::io::Error),
    /// The CSV syntax is broken (for example invalid UTF-8); the message is the csv crate's.
    #[error("{}CSV syntax error: {message}", line.map(|l| format!("line {l}: ")).unwrap_or_default())]
    Syntax {
        /// 1-based line, if known.
        line: Option<u64>,
        /// What the parser said.
        message: String,
    },
    /// The file has no header row.
    #[error("empty file: expected a header row of lead names")]
    Empty,
    /// The file has a header row but no data rows.
    #[error("header row but no data rows: expected at least one sample")]
    NoData,
    /// The header names no lead column (only a time column, or nothing).
    #[error("no lead columns: expected at least one column besides time")]
    NoLeadColumns,
    /// The file could not be read under the file policy (not a regular file, symbolic link
    /// leaving its directory).
    #[error(transparent)]
    File(crate::io::FileError),
    /// A line is longer than [`CsvOptions::max_line_bytes`].
    #[error("line {line}: longer than {max_bytes} bytes (CsvOptions::max_line_bytes)")]
    LineTooLong {
        /// 1-based line.
        line: u64,
        /// The cap.
        max_bytes: u64,
    },
    /// The header row holds more columns than [`CsvOptions::max_columns`].
    #[error("header row has {found} columns, more than the cap of {max} (CsvOptions::max_columns)")]
    TooManyColumns {
        /// Columns in the header row.
        found: usize,
        /// The cap.
        max: usize,
    },
    /// The file holds more samples than [`CsvOptions::max_samples`].
    #[error("line {line}: more than {max} samples (CsvOptions::max_samples)")]
    TooManySamples {
        /// 1-based line where the cap was passed.
        line: u64,
        /// The cap.
        max: u64,
    },
    /// The requested time column is not in the header.
    #[error("time column `{0}` not found in the header")]
    TimeColumnNotFound(String),
    /// A row has a different number of fields from the header.
    #[error("line {line}: {found} fields, expected {expected} as in the header")]
    Ragged {
        /// 1-based line.
        line: u64,
        /// Fields in the header.
        expected: usize,
        /// Fields in this row.
        found: usize,
    },
    /// A cell is not a number.
    #[error("line {line}, column {column} ({header}): `{found}` is not a number")]
    NotNumeric {
        /// 1-based line.
        line: u64,
        /// 1-based column.
        column: usize,
        /// The header of that column (cut to [`CsvOptions::max_excerpt_chars`]).
        header: String,
        /// The cell text (cut to [`CsvOptions::max_excerpt_chars`], with `…` when cut).
        found: String,
    },
    /// A cell is NaN or infinite.
    #[error(
        "line {line}, column {column} ({header}): `{found}` is not finite; expected a finite number"
    )]
    NonFinite {
        /// 1-based line.
        line: u64,
        /// 1-based column.
        column: usize,
        /// The header of that column (cut to [`CsvOptions::max_excerpt_chars`]).
        header: String,
        /// The cell text (cut to [`CsvOptions::max_excerpt_chars`]).
        found: String,
    },
    /// No sample rate was given and there is no usable time column.
    #[error("no sample rate: expected CsvOptions::fs or a time column with at least two rows")]
    MissingSampleRate,
    /// The time column is not uniformly increasing, so no sample rate can be inferred.
    #[error("line {line}: time step {found_step_s} s, expected a uniform {expected_step_s} s")]
    NonUniformTime {
        /// 1-based line of the first offending row.
        line: u64,
        /// The step expected from the whole column (s).
        expected_step_s: f64,
        /// The step found before this row (s).
        found_step_s: f64,
    },
    /// Writing: a sample is NaN or infinite, which CSV cannot carry.
    #[error("lead {lead}, sample {sample}: NaN or infinite values cannot be written to CSV")]
    NonFiniteSample {
        /// The lead.
        lead: Lead,
        /// 0-based sample index.
        sample: usize,
    },
}

/// An error reading or writing a CSV record: what went wrong, and in which file if known.
///
/// Its message is the file and the [`kind`](CsvError::kind)'s message; its
/// [`source`](std::error::Error::source) is the kind's own cause (the I/O error), so walking
/// the chain prints each message once.
#[derive(Debug)]
pub struct CsvError {
    path: Option<PathBuf>,
    kind: CsvErrorKind,
}

impl std::fmt::Display for CsvError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}{}", path_prefix(&self.path), self.kind)
    }
}

impl std::error::Error for CsvError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        std::error::Error::source(&self.kind)
    }
}

impl CsvError {
    fn new(kind: CsvErrorKind) -> Self {
        CsvError { path: None, kind }
    }
    fn at(mut self, path: &Path) -> Self {
        self.path = Some(path.to_path_buf());
        self
    }
    /// What went wrong.
    pub fn kind(&self) -> &CsvErrorKind {
        &self.kind
    }
    /// The file, when the error came from [`read_csv`] or [`write_csv`].
    pub fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }
}

const AUTO_TIME_NAMES: [&str; 5] = ["time", "t", "time_s", "seconds", "time (s)"];

/// Reads a CSV record from a file; the record is named after the file stem.
pub fn read_csv(path: impl AsRef<Path>, opts: &CsvOptions) -> Result<Record, CsvError> {
    let path = path.as_ref();
    let file = crate::io::file::open_regular(path).map_err(|e| {
        CsvError::new(match e {
            crate::io::file::OpenError::Io { source, .. } => CsvErrorKind::Io(source),
            crate::io::file::OpenError::Refused(f) => CsvErrorKind::File(f),
        })
        .at(path)
    })?;
    let name = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    read_inner(std::io::BufReader::new(file), opts, name).map_err(|e| e.at(path))
}

/// Reads a CSV record from any reader; the record is named `csv`.
pub fn read_csv_from<R: Read>(reader: R, opts: &CsvOptions) -> Result<Record, CsvError> {
    read_inner(reader, opts, "csv".to_string())
}

fn syntax(e: csv::Error) -> CsvError {
    let line = e.position().map(|p| p.line());
    let message = e.to_string();
    match e.into_kind() {
        csv::ErrorKind::Io(io) => {
            if let Some(l) = io
                .get_ref()
                .and_then(|e| e.downcast_ref::<crate::io::file::LineTooLong>())
            {
                return CsvError::new(CsvErrorKind::LineTooLong {
                    line: l.line,
                    max_bytes: l.max_bytes,
                });
            }
            CsvError::new(CsvErrorKind::Io(io))
        }
        _ => CsvError::new(CsvErrorKind::Syntax { line, message }),
    }
}

fn read_inner<R: Read>(reader: R, opts: &CsvOptions, name: String) -> Result<Record, CsvError> {
    let mut rdr = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .comment(Some(b'#'))
        .trim(csv::Trim::All)
        .from_reader(crate::io::file::LineCap::new(reader, opts.max_line_bytes));
    let mut rows = rdr.records();
    let header = match rows.next() {
        None => return Err(CsvError::new(CsvErrorKind::Empty)),
        Some(r) => r.map_err(syntax)?,
    };
    if header.len() > opts.max_columns {
        return Err(CsvError::new(CsvErrorKind::TooManyColumns {
            found: header.len(),
            max: opts.max_columns,
        }));
    }
    let cut = |s: &str| crate::io::file::excerpt(s, opts.max_excerpt_chars);
    let names: Vec<String> = header.iter().map(str::to_string).collect();
    let time_idx = match &opts.time_column {
        TimeColumn::None => None,
        TimeColumn::Auto => names
            .iter()
            .position(|h| AUTO_TIME_NAMES.contains(&h.to_ascii_lowercase().as_str())),
        TimeColumn::Named(want) => Some(
            names
                .iter()
                .position(|h| h.eq_ignore_ascii_case(want.trim()))
                .ok_or_else(|| CsvError::new(CsvErrorKind::TimeColumnNotFound(want.clone())))?,
        ),
    };
    let lead_cols: Vec<usize> = (0..names.len()).filter(|&c| Some(c) != time_idx).collect();
    if lead_cols.is_empty() {
        return Err(CsvError::new(CsvErrorKind::NoLeadColumns));
    }
    let leads: Vec<Lead> = lead_cols.iter().map(|&c| Lead::parse(&names[c])).collect();

    // Sample-major while reading (rows arrive one sample at a time); transposed at the end.
    let mut values: Vec<f32> = Vec::new();
    let mut times: Vec<(u64, f64)> = Vec::new();
    let mut n = 0usize;
    for row in rows {
        let row = row.map_err(syntax)?;
        let line = row.position().map_or(0, |p| p.line());
        if row.len() != names.len() {
            return Err(CsvError::new(CsvErrorKind::Ragged {
                line,
                expected: names.len(),
                found: row.len(),
            }));
        }
        if (values.len() + lead_cols.len()) as u64 > opts.max_samples {
            return Err(CsvError::new(CsvErrorKind::TooManySamples {
                line,
                max: opts.max_samples,
            }));
        }
        let cell = |c: usize| -> Result<f64, CsvError> {
            let text = row.get(c).unwrap_or("");
            let header = || cut(names.get(c).map_or("", String::as_str));
            let v: f64 = text.parse().map_err(|_| {
                CsvError::new(CsvErrorKind::NotNumeric {
                    line,
                    column: c + 1,
                    header: header(),
                    found: cut(text),
                })
            })?;
            if !v.is_finite() {
                return Err(CsvError::new(CsvErrorKind::NonFinite {
                    line,
                    column: c + 1,
                    header: header(),
                    found: cut(text),
                }));
            }
            Ok(v)
        };
        if let Some(tc) = time_idx {
            times.push((line, cell(tc)?));
        }
        for &c in &lead_cols {
            let v = cell(c)?;
            // Values beyond f32 range would become infinite.
            if v.abs() > f64::from(f32::MAX) {
                return Err(CsvError::new(CsvErrorKind::NonFinite {
                    line,
                    column: c + 1,
                    header: cut(names.get(c).map_or("", String::as_str)),
                    found: cut(row.get(c).unwrap_or("")),
                }));
            }
            values.push(v as f32);
        }
        n += 1;
    }
    if n == 0 {
        return Err(CsvError::new(CsvErrorKind::NoData));
    }
    let fs = match opts.fs {
        Some(fs) => fs,
        None => infer_fs(&times)?,
    };
    let n_leads = leads.len();
    let mut signals = Array2::<f32>::zeros((n_leads, n));
    for (i, frame) in values.chunks_exact(n_leads).enumerate() {
        for (k, &v) in frame.iter().enumerate() {
            signals[[k, i]] = v;
        }
    }
    Record::new(name, leads, fs, signals).map_err(|e| {
        CsvError::new(CsvErrorKind::Syntax {
            line: None,
            message: e.to_string(),
        })
    })
}

/// The sample rate from a time column: every step must be within 1 % of the median step (plus
/// 1 µs for times printed with few decimals); the rate is then taken from the whole span.
fn infer_fs(times: &[(u64, f64)]) -> Result<SampleRate, CsvError> {
    let (Some(first), Some(last)) = (times.first(), times.last()) else {
        return Err(CsvError::new(CsvErrorKind::MissingSampleRate));
    };
    if times.len() < 2 {
        return Err(CsvError::new(CsvErrorKind::MissingSampleRate));
    }
    let mut steps: Vec<f64> = times.windows(2).map(|w| w[1].1 - w[0].1).collect();
    steps.sort_by(f64::total_cmp);
    let median = steps[steps.len() / 2];
    let tol = 0.01 * median.abs() + 1e-6;
    for w in times.windows(2) {
        let d = w[1].1 - w[0].1;
        if median <= 0.0 || (d - median).abs() > tol {
            return Err(CsvError::new(CsvErrorKind::NonUniformTime {
                line: w[1].0,
                expected_step_s: median,
                found_step_s: d,
            }));
        }
    }
    let step = (last.1 - first.1) / (times.len() - 1) as f64;
    SampleRate::new(1.0 / step).map_err(|_| CsvError::new(CsvErrorKind::MissingSampleRate))
}

/// Writes a record as CSV: a header of lead names (preceded by `time` if `with_time`), then one
/// row per sample. Values are written in the shortest form that reads back to the same `f32`,
/// so [`read_csv`] returns the signals exactly; times are `i / fs` in seconds.
///
/// NaN or infinite samples are an error ([`CsvErrorKind::NonFiniteSample`]).
pub fn write_csv(record: &Record, path: impl AsRef<Path>, with_time: bool) -> Result<(), CsvError> {
    let path = path.as_ref();
    let sig = record.signals();
    for (k, row) in sig.outer_iter().enumerate() {
        if let Some(i) = row.iter().position(|v| !v.is_finite()) {
            return Err(CsvError::new(CsvErrorKind::NonFiniteSample {
                lead: record.leads()[k].clone(),
                sample: i,
            })
            .at(path));
        }
    }
    let io = |e: std::io::Error| CsvError::new(CsvErrorKind::Io(e)).at(path);
    let file = std::fs::File::create(path).map_err(io)?;
    let mut wtr = csv::Writer::from_writer(std::io::BufWriter::new(file));
    let csv_err = |e: csv::Error| syntax(e).at(path);
    let mut header: Vec<String> = Vec::with_capacity(record.n_leads() + 1);
    if with_time {
        header.push("time".into());
    }
    header.extend(record.leads().iter().map(|l| l.name().to_string()));
    wtr.write_record(&header).map_err(csv_err)?;
    let fs = record.fs().hz();
    let mut fields: Vec<String> = Vec::with_capacity(header.len());
    for i in 0..record.n_samples() {
        fields.clear();
        if with_time {
            fields.push(format!("{}", i as f64 / fs));
        }
        fields.extend(sig.column(i).iter().map(|v| format!("{v}")));
        wtr.write_record(&fields).map_err(csv_err)?;
    }
    wtr.flush().map_err(io)?;
    Ok(())
}
