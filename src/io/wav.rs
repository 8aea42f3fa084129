//! WAV records through `hound`: one lead per channel, 8/16/24/32-bit integer or 32-bit float.
//!
//! A WAV file carries neither the physical gain nor the lead names, so the caller supplies both
//! in [`WavOptions`]: a sample `x` reads as `x · gain_uv_per_unit / 1000` mV (for float files a
//! gain of 1000 µV per unit means the file holds millivolts). The sample rate is the file's.
//!
//! Reading is bounded: files are opened under the policy of [`crate::io::file`] (regular files
//! only), the samples reserved up front are capped whatever the header claims, and a file holding
//! more than [`MAX_SAMPLES`] samples is refused ([`WavErrorKind::TooLarge`]).
//!
//! Writing to an integer format never clips silently: a value that does not fit the format at the
//! given gain is an error ([`WavErrorKind::OutOfRange`]) naming the lead, the sample and the value,
//! and so is a NaN (integer formats have no marker for a missing sample). Float files carry NaN
//! through unchanged.
//!
//! ```
//! use sinus::io::wav::{read_wav, write_wav, WavOptions, WavSampleFormat};
//! use sinus::synth::{generate, SynthConfig};
//! let rec = generate(&SynthConfig { duration_s: 2.0, ..SynthConfig::default() }).unwrap().record;
//! let dir = tempfile::tempdir().unwrap();
//! let path = dir.path().join("demo.wav");
//! write_wav(&rec, &path, WavSampleFormat::Int16, 1.0).unwrap(); // 1 µV per unit
//! let back = read_wav(&path, &WavOptions::new(1.0).leads(rec.leads().to_vec())).unwrap();
//! assert_eq!(back.fs(), rec.fs());
//! let err = (&back.signals() - &rec.signals()).iter().fold(0.0f32, |m, d| m.max(d.abs()));
//! assert!(err <= 0.0005 + 1e-6); // half a quantisation step, in mV
//! ```

use crate::lead::Lead;
use crate::record::{Record, SampleRate};
use ndarray::Array2;
use std::io::Read;
use std::path::{Path, PathBuf};

/// How to interpret a WAV file.
///
/// A WAV file does not say what a sample unit is in µV, so there is no `Default`: a wrong
/// assumed gain would scale every amplitude criterion (voltage, ST) silently. Build it with
/// [`WavOptions::new`] and the setters:
///
/// ```
/// use sinus::{Lead, io::wav::WavOptions};
/// let opts = WavOptions::new(2.5).leads(vec![Lead::I, Lead::II]);
/// assert_eq!((opts.gain_uv_per_unit, opts.leads.len()), (2.5, 2));
/// ```
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct WavOptions {
    /// Microvolts per sample unit (per integer step, or per 1.0 in a float file).
    pub gain_uv_per_unit: f64,
    /// One lead per channel, in channel order. Empty: the channels are named `ch1`, `ch2`, ...
    /// as [`Lead::Other`].
    pub leads: Vec<Lead>,
}

impl WavOptions {
    /// `gain_uv_per_unit` µV per sample unit, channels named `ch1`, `ch2`, ...
    pub fn new(gain_uv_per_unit: f64) -> WavOptions {
        WavOptions {
            gain_uv_per_unit,
            leads: Vec::new(),
        }
    }
}

/// The sample encoding [`write_wav`] uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum WavSampleFormat {
    /// 16-bit signed integer.
    Int16,
    /// 24-bit signed integer.
    Int24,
    /// 32-bit signed integer.
    Int32,
    /// 32-bit IEEE float.
    Float32,
}

/// What went wrong reading or writing a WAV record (see [`WavError::kind`]).
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum WavErrorKind {
    /// The file could not be opened or created.
    #[error("I/O error")]
    Io(#[source] std::io::Error),
    /// hound rejected the file (bad RIFF/WAVE structure, zero channels, unsupported encoding...).
    #[error("not a readable WAV file")]
    Hound(#[source] hound::Error),
    /// The data chunk ends before the number of samples its header declares.
    #[error("truncated data: header declares {expected} samples, file holds {found}")]
    Truncated {
        /// Samples (all channels) declared by the data chunk header.
        expected: u64,
        /// Samples actually read.
        found: u64,
    },
    /// The number of lead names differs from the number of channels.
    #[error("{leads} lead names given for {channels} channels")]
    LeadCount {
        /// Lead names given.
        leads: usize,
        /// Channels in the file (or leads in the record, when writing).
        channels: usize,
    },
    /// A bit depth or sample format this crate does not read.
    #[error(
        "unsupported sample encoding: {bits}-bit {format}; expected 8/16/24/32-bit integer or 32-bit float"
    )]
    UnsupportedFormat {
        /// Bits per sample in the header.
        bits: u16,
        /// `"integer"` or `"float"`.
        format: &'static str,
    },
    /// The file could not be read under the file policy (not a regular file, symbolic link
    /// leaving its directory).
    #[error(transparent)]
    File(crate::io::FileError),
    /// The file holds more samples than [`MAX_SAMPLES`].
    #[error("more than {max_samples} samples: refused")]
    TooLarge {
        /// The cap.
        max_samples: u64,
    },
    /// The header's sample rate is zero.
    #[error("sample rate is 0 Hz: expected a positive rate")]
    ZeroSampleRate,
    /// The gain is not a finite positive number.
    #[error("gain {0} µV per unit: expected a finite number > 0")]
    InvalidGain(f64),
    /// Writing: WAV stores the sample rate as a whole number of hertz.
    #[error(
        "sample rate {0} Hz cannot be stored in WAV: expected a whole number of hertz ≤ 4294967295"
    )]
    NonIntegerSampleRate(f64),
    /// Writing: a record with no leads.
    #[error("record has no leads: a WAV file needs at least one channel")]
    NoLeads,
    /// Writing: a value does not fit the integer format at this gain.
    #[error(
        "lead {lead}, sample {sample}: {value_mv} mV outside the {min_mv}..={max_mv} mV the format holds at this gain"
    )]
    OutOfRange {
        /// The lead.
        lead: Lead,
        /// 0-based sample index.
        sample: usize,
        /// The value (mV).
        value_mv: f32,
        /// Smallest representable value (mV).
        min_mv: f64,
        /// Largest representable value (mV).
        max_mv: f64,
    },
    /// Writing: NaN or infinity cannot be stored in an integer format.
    #[error("lead {lead}, sample {sample}: NaN or infinite value cannot be stored as an integer")]
    NonFiniteSample {
        /// The lead.
        lead: Lead,
        /// 0-based sample index.
        sample: usize,
    },
}

/// An error reading or writing a WAV record: what went wrong and, when known, in which file.
///
/// Its message is the file and the [`kind`](WavError::kind)'s message; its
/// [`source`](std::error::Error::source) is the kind's own cause (the I/O or hound error), so
/// walking the chain prints each message once.
#[derive(Debug)]
pub struct WavError {
    path: Option<PathBuf>,
    kind: WavErrorKind,
}

impl std::fmt::Display for WavError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}{}", crate::io::path_prefix(&self.path), self.kind)
    }
}

impl std::error::Error for WavError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        std::error::Error::source(&self.kind)
    }
}

impl WavError {
    fn new(kind: WavErrorKind) -> Self {
        WavError { path: None, kind }
    }
    fn at(mut self, path: &Path) -> Self {
        self.path = Some(path.to_path_buf());
        self
    }
    /// What went wrong.
    pub fn kind(&self) -> &WavErrorKind {
        &self.kind
    }
    /// The file, when the error came from [`read_wav`] or [`write_wav`].
    pub fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }
}

impl From<WavErrorKind> for WavError {
    fn from(kind: WavErrorKind) -> Self {
        WavError::new(kind)
    }
}

fn hound_err(e: hound::Error) -> WavError {
    match e {
        hound::Error::IoError(io) => WavErrorKind::Io(io).into(),
        other => WavErrorKind::Hound(other).into(),
    }
}

/// Reads a WAV file as a record named after the file stem.
pub fn read_wav(path: impl AsRef<Path>, opts: &WavOptions) -> Result<Record, WavError> {
    let path = path.as_ref();
    let file = crate::io::file::open_regular(path).map_err(|e| {
        WavError::new(match e {
            crate::io::file::OpenError::Io { source, .. } => WavErrorKind::Io(source),
            crate::io::file::OpenError::Refused(f) => WavErrorKind::File(f),
        })
        .at(path)
    })?;
    let name = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    read_inner(std::io::BufReader::new(file), opts, name).map_err(|e| e.at(path))
}

/// Reads WAV data from any reader as a record named `wav`.
pub fn read_wav_from<R: Read>(reader: R, opts: &WavOptions) -> Result<Record, WavError> {
    read_inner(reader, opts, "wav".to_string())
}

/// hound reports a short data chunk as `UnexpectedEof` or as "Failed to read enough bytes."
fn is_eof(e: &std::io::Error) -> bool {
    e.kind() == std::io::ErrorKind::UnexpectedEof || e.to_string().contains("read enough bytes")
}

/// Samples reserved up front at most: the header's count is a claim, not a fact.
const MAX_RESERVE: usize = 1 << 22;
/// The most samples (all channels) a WAV file may hold, as for WFDB's default cap: 1 GiB of f32.
pub const MAX_SAMPLES: u64 = 1 << 28;

fn read_inner<R: Read>(reader: R, opts: &WavOptions, name: String) -> Result<Record, WavError> {
    let gain = opts.gain_uv_per_unit;
    if !(gain.is_finite() && gain > 0.0) {
        return Err(WavErrorKind::InvalidGain(gain).into());
    }
    let mut wav = hound::WavReader::new(reader).map_err(|e| match e {
        hound::Error::IoError(io) if is_eof(&io) => {
            WavErrorKind::Hound(hound::Error::FormatError("header ends early")).into()
        }
        other => hound_err(other),
    })?;
    let spec = wav.spec();
    let channels = usize::from(spec.channels);
    if spec.sample_rate == 0 {
        return Err(WavErrorKind::ZeroSampleRate.into());
    }
    let leads = if opts.leads.is_empty() {
        (1..=channels)
            .map(|k| Lead::Other(format!("ch{k}")))
            .collect()
    } else if opts.leads.len() == channels {
        opts.leads.clone()
    } else {
        return Err(WavErrorKind::LeadCount {
            leads: opts.leads.len(),
            channels,
        }
        .into());
    };
    let declared = u64::from(wav.len());
    if declared > MAX_SAMPLES {
        return Err(WavErrorKind::TooLarge {
            max_samples: MAX_SAMPLES,
        }
        .into());
    }
    let scale = gain / 1000.0;
    let mut interleaved: Vec<f32> = Vec::with_capacity((declared as usize).min(MAX_RESERVE));
    let truncated = |found: usize| WavErrorKind::Truncated {
        expected: declared,
        found: found as u64,
    };
    match (spec.sample_format, spec.bits_per_sample) {
        (hound::SampleFormat::Int, 8 | 16 | 24 | 32) => {
            for s in wav.samples::<i32>() {
                match s {
                    Ok(v) => interleaved.push((f64::from(v) * scale) as f32),
                    Err(hound::Error::IoError(e)) if is_eof(&e) => {
                        return Err(truncated(interleaved.len()).into());
                    }
                    Err(e) => return Err(hound_err(e)),
                }
            }
        }
        (hound::SampleFormat::Float, 32) => {
            for s in wav.samples::<f32>() {
                match s {
                    Ok(v) => interleaved.push((f64::from(v) * scale) as f32),
                    Err(hound::Error::IoError(e)) if is_eof(&e) => {
                        return Err(truncated(interleaved.len()).into());
                    }
                    Err(e) => return Err(hound_err(e)),
                }
            }
        }
        (fmt, bits) => {
            return Err(WavErrorKind::UnsupportedFormat {
                bits,
                format: match fmt {
                    hound::SampleFormat::Int => "integer",
                    hound::SampleFormat::Float => "float",
                },
            }
            .into());
        }
    }
    if (interleaved.len() as u64) < declared {
        return Err(truncated(interleaved.len()).into());
    }
    // hound's data length is a whole number of frames, so this divides exactly.
    let n = interleaved.len() / channels.max(1);
    let mut signals = Array2::<f32>::zeros((channels, n));
    for (i, frame) in interleaved.chunks_exact(channels.max(1)).enumerate() {
        for (k, &v) in frame.iter().enumerate() {
            signals[[k, i]] = v;
        }
    }
    let fs =
        SampleRate::new(f64::from(spec.sample_rate)).map_err(|_| WavErrorKind::ZeroSampleRate)?;
    Record::new(name, leads, fs, signals).map_err(|_| {
        WavErrorKind::LeadCount {
            leads: opts.leads.len(),
            channels,
        }
        .into()
    })
}

/// Writes a record as a WAV file, one channel per lead, at `gain_uv_per_unit` µV per unit.
///
/// Integer formats round to the nearest step; a value that does not fit, or a NaN, is an error
/// (nothing is written). The sample rate must be a whole number of hertz.
pub fn write_wav(
    record: &Record,
    path: impl AsRef<Path>,
    format: WavSampleFormat,
    gain_uv_per_unit: f64,
) -> Result<(), WavError> {
    let path = path.as_ref();
    write_inner(record, path, format, gain_uv_per_unit).map_err(|e| e.at(path))
}

fn write_inner(
    record: &Record,
    path: &Path,
    format: WavSampleFormat,
    gain: f64,
) -> Result<(), WavError> {
    if !(gain.is_finite() && gain > 0.0) {
        return Err(WavErrorKind::InvalidGain(gain).into());
    }
    let hz = record.fs().hz();
    if hz.fract() != 0.0 || hz > f64::from(u32::MAX) {
        return Err(WavErrorKind::NonIntegerSampleRate(hz).into());
    }
    if record.n_leads() == 0 {
        return Err(WavErrorKind::NoLeads.into());
    }
    let channels = u16::try_from(record.n_leads()).map_err(|_| WavErrorKind::LeadCount {
        leads: record.n_leads(),
        channels: usize::from(u16::MAX),
    })?;
    let (bits, sample_format, max_units) = match format {
        WavSampleFormat::Int16 => (16, hound::SampleFormat::Int, f64::from(i16::MAX)),
        WavSampleFormat::Int24 => (24, hound::SampleFormat::Int, f64::from((1i32 << 23) - 1)),
        WavSampleFormat::Int32 => (32, hound::SampleFormat::Int, f64::from(i32::MAX)),
        WavSampleFormat::Float32 => (32, hound::SampleFormat::Float, f64::INFINITY),
    };
    let per_mv = 1000.0 / gain;
    let sig = record.signals();
    // Check every value before creating the file, so an error leaves nothing half-written.
    let mut units: Vec<i32> = Vec::new();
    if sample_format == hound::SampleFormat::Int {
        units.reserve(sig.len());
        let min_units = -max_units - 1.0;
        for i in 0..record.n_samples() {
            for (k, &v) in sig.column(i).iter().enumerate() {
                let lead = || record.leads()[k].clone();
                if !v.is_finite() {
                    return Err(WavErrorKind::NonFiniteSample {
                        lead: lead(),
                        sample: i,
                    }
                    .into());
                }
                let u = (f64::from(v) * per_mv).round();
                if u > max_units || u < min_units {
                    return Err(WavErrorKind::OutOfRange {
                        lead: lead(),
                        sample: i,
                        value_mv: v,
                        min_mv: min_units / per_mv,
                        max_mv: max_units / per_mv,
                    }
                    .into());
                }
                units.push(u as i32);
            }
        }
    }
    let spec = hound::WavSpec {
        channels,
        sample_rate: hz as u32,
        bits_per_sample: bits,
        sample_format,
    };
    let mut w = hound::WavWriter::create(path, spec).map_err(hound_err)?;
    match format {
        WavSampleFormat::Int16 => {
            for &u in &units {
                w.write_sample(u as i16).map_err(hound_err)?;
            }
        }
        WavSampleFormat::Int24 | WavSampleFormat::Int32 => {
            for &u in &units {
                w.write_sample(u).map_err(hound_err)?;
            }
        }
        WavSampleFormat::Float32 => {
            for i in 0..record.n_samples() {
                for &v in sig.column(i) {
                    w.write_sample((f64::from(v) * per_mv) as f32)
                        .map_err(hound_err)?;
                }
            }
        }
    }
    w.finalize().map_err(hound_err)
}
