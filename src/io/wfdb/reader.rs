//! Reading a WFDB record by sample range or time window ([`WfdbReader`]); the bytes come from
//! `bytes.rs` and are decoded by `decode.rs`.

use super::bytes::{Bytes, DiffState, Group, Source, accumulate_diff, advance_diff, read_range};
use super::decode::{convert_skewed, decode_fused};
use super::header::{Header, SignalSpec};
use super::signal::{self, Format};
use super::{ChecksumVerdict, ReadOptions, WfdbError, is_safe_file_name, mat};
use crate::{Lead, Record, SampleRate};
use ndarray::Array2;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// A WFDB record opened for reading by sample range or time window.
///
/// Opening reads and checks the header and each signal file's type and length (nothing
/// proportional to the record's length is allocated); each read then reads only the bytes of
/// its window. [`ReadOptions::max_samples`] caps one read, not the record, so a 24-hour Holter
/// record is read in bounded memory one window at a time.
///
/// Checksums cover whole signals: they are checked once every sample has been read in order
/// from the start ([`checksums`](WfdbReader::checksums)); [`windows`](WfdbReader::windows)
/// does so by itself.
///
/// ```no_run
/// use sinus::io::wfdb::{ReadOptions, WfdbReader};
/// let reader = WfdbReader::open("../shared/physionet/mitdb/100", &ReadOptions::default())?;
/// let mut minutes = 0;
/// for window in reader.windows(60.0) {
///     let w = window?; // one minute, 2 leads
///     minutes += 1;
///     assert!(w.n_samples() <= 21_600);
/// }
/// assert_eq!(minutes, 31); // 30:05.6
/// # Ok::<(), sinus::io::wfdb::WfdbError>(())
/// ```
#[derive(Debug)]
pub struct WfdbReader {
    hea: PathBuf,
    header: Header,
    fs: SampleRate,
    n_samples: u64,
    leads: Vec<Lead>,
    groups: Vec<Group>,
    opts: ReadOptions,
    /// Per signal: the 16-bit sum of the samples read in order from frame 0.
    sums: Vec<u16>,
    /// The frame the next read in order starts at; None once reads left the order.
    in_order: Option<u64>,
    bytes: Vec<u8>,
    scratch: Vec<i32>,
}

impl WfdbReader {
    /// Opens a record (`path` with or without `.hea`): reads and checks the header, and each
    /// signal file's type, length and (for `.mat`) container header.
    pub fn open(path: impl AsRef<Path>, opts: &ReadOptions) -> Result<WfdbReader, WfdbError> {
        Self::open_inner(path.as_ref(), opts, false)
    }

    /// Opens a record to be read whole: the cap applies to the whole record, and is checked
    /// before the signal files are looked at.
    pub(super) fn open_whole(path: &Path, opts: &ReadOptions) -> Result<WfdbReader, WfdbError> {
        Self::open_inner(path, opts, true)
    }

    fn open_inner(path: &Path, opts: &ReadOptions, whole: bool) -> Result<WfdbReader, WfdbError> {
        let hea = super::header_path(path);
        let bytes = super::read_header_bytes(&hea, opts)?;
        let header = super::parse_header_with(&bytes, &hea, opts.max_signals)?;
        drop(bytes);
        let dir = match hea.parent() {
            Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
            _ => PathBuf::from("."),
        };
        Self::from_parts(hea, header, Source::Dir(dir), opts, whole)
    }

    /// Opens a record held in memory (an upload): the header's bytes, and the bytes of each
    /// signal file the header names, by file name. Every check and cap of
    /// [`open`](WfdbReader::open) applies (header size and signal count, formats, file lengths
    /// against the header, `.mat` container headers; [`ReadOptions::max_samples`] caps each
    /// read). A file the header names but `files` lacks is [`WfdbError::Io`] (`NotFound`);
    /// files the header does not name are ignored. Errors name the header `<upload>.hea` and the
    /// signal files by their names.
    ///
    /// ```
    /// use sinus::io::wfdb::{ReadOptions, WfdbReader};
    /// // Two signals in format 16, three samples each, interleaved.
    /// let header = b"rec 2 500 3\nrec.dat 16 1000 16 0 0 0 0 II\nrec.dat 16 1000 16 0 0 0 0 V1\n";
    /// let samples: Vec<u8> = [1000i16, -500, 2000, 0, 0, 500].iter().flat_map(|v| v.to_le_bytes()).collect();
    /// let mut reader = WfdbReader::from_memory(header, vec![("rec.dat", samples)], &ReadOptions::default())?;
    /// let rec = reader.read_samples(0, 3)?;
    /// assert_eq!(rec.signals().row(0).to_vec(), vec![1.0, 2.0, 0.0]);
    /// # Ok::<(), sinus::io::wfdb::WfdbError>(())
    /// ```
    pub fn from_memory<N, B>(
        header: &[u8],
        files: impl IntoIterator<Item = (N, B)>,
        opts: &ReadOptions,
    ) -> Result<WfdbReader, WfdbError>
    where
        N: Into<String>,
        B: Into<Arc<[u8]>>,
    {
        Self::from_memory_inner(header, files, opts, false)
    }

    pub(super) fn from_memory_inner<N, B>(
        header: &[u8],
        files: impl IntoIterator<Item = (N, B)>,
        opts: &ReadOptions,
        whole: bool,
    ) -> Result<WfdbReader, WfdbError>
    where
        N: Into<String>,
        B: Into<Arc<[u8]>>,
    {
        let hea = PathBuf::from(super::UPLOAD_HEADER);
        if header.len() as u64 > opts.max_header_bytes {
            return Err(WfdbError::HeaderTooLarge {
                path: hea,
                max: opts.max_header_bytes,
            });
        }
        let header = super::parse_header_with(header, &hea, opts.max_signals)?;
        let files = files
            .into_iter()
            .map(|(n, b)| (n.into(), b.into()))
            .collect();
        Self::from_parts(hea, header, Source::Memory(files), opts, whole)
    }

    fn from_parts(
        hea: PathBuf,
        header: Header,
        source: Source,
        opts: &ReadOptions,
        whole: bool,
    ) -> Result<WfdbReader, WfdbError> {
        // Validate every signal and group them by file before touching any signal file. A map
        // keeps this linear in the number of signals.
        let mut groups: Vec<Group> = Vec::new();
        let mut by_name: HashMap<&str, usize> = HashMap::new();
        for (k, s) in header.signals.iter().enumerate() {
            let format =
                Format::from_code(s.format).ok_or_else(|| WfdbError::UnsupportedFormat {
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
            match by_name
                .get(s.file_name.as_str())
                .and_then(|&i| groups.get_mut(i))
            {
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
                    g.max_skew = g.max_skew.max(s.skew);
                }
                None => {
                    by_name.insert(&s.file_name, groups.len());
                    let (path, bytes) = match &source {
                        Source::Dir(dir) => (dir.join(&s.file_name), Bytes::File),
                        Source::Memory(files) => (
                            PathBuf::from(&s.file_name),
                            files
                                .get(&s.file_name)
                                .map_or(Bytes::Missing, |b| Bytes::Memory(Arc::clone(b))),
                        ),
                    };
                    groups.push(Group {
                        file_name: s.file_name.clone(),
                        path,
                        bytes,
                        format,
                        byte_offset: s.byte_offset,
                        signals: vec![k],
                        max_skew: s.skew,
                        diff: None,
                    });
                }
            }
        }
        drop(by_name);
        for g in &mut groups {
            if g.format == Format::Diff8 {
                g.diff = Some(DiffState {
                    frame: 0,
                    acc: g
                        .signals
                        .iter()
                        .map(|&k| header.signals.get(k).map_or(0, |s| s.initial_value))
                        .collect(),
                });
            }
        }

        let fs = SampleRate::new(header.fs)?;
        let n_sig = header.n_signals;
        let too_large = |declared: u128| WfdbError::TooLarge {
            path: hea.clone(),
            declared,
            max_samples: opts.max_samples,
        };
        let declared = |n: u64| u128::from(n) * (n_sig.max(1) as u128);
        if whole
            && let Some(n) = header.n_samples
            && declared(n) > u128::from(opts.max_samples)
        {
            return Err(too_large(declared(n)));
        }

        drop(source);
        // File types and lengths, from the open handle, checked against the header.
        let mut lens = Vec::with_capacity(groups.len());
        for g in &groups {
            lens.push(g.len()?);
        }
        let frames_in = |g: &Group, len: u64| {
            g.format.samples_in(len.saturating_sub(g.byte_offset)) / g.signals.len() as u64
        };
        let n_samples = match header.n_samples {
            Some(n) => n,
            None => groups
                .iter()
                .zip(&lens)
                .map(|(g, &len)| frames_in(g, len))
                .min()
                .unwrap_or(0),
        };
        if whole && declared(n_samples) > u128::from(opts.max_samples) {
            return Err(too_large(declared(n_samples)));
        }
        for (g, &len) in groups.iter().zip(&lens) {
            if g.byte_offset > len {
                return Err(WfdbError::OffsetPastEnd {
                    file: g.path.clone(),
                    byte_offset: g.byte_offset,
                    file_bytes: len,
                });
            }
            let expected = n_samples
                .checked_mul(g.signals.len() as u64)
                .and_then(|s| g.format.bytes_for(s))
                .and_then(|b| b.checked_add(g.byte_offset))
                .unwrap_or(u64::MAX);
            if len < expected {
                return Err(WfdbError::Truncated {
                    file: g.path.clone(),
                    expected_bytes: expected,
                    found_bytes: len,
                });
            }
            // A 310 file pads its last block, so a file of exactly the implied length is never
            // "longer".
            let found = frames_in(g, len);
            if len > expected && found > n_samples {
                return Err(WfdbError::SampleCountMismatch {
                    file: g.path.clone(),
                    declared: n_samples,
                    found,
                });
            }
            if mat::is_mat(&g.file_name) {
                let mut head = Vec::with_capacity(mat::HEADER_BYTES);
                g.read_prefix(mat::HEADER_BYTES as u64, &mut head)?;
                mat::check(
                    &head,
                    &g.path,
                    g.format.code(),
                    g.signals.len() as u64,
                    n_samples,
                    g.byte_offset,
                )?;
            }
        }

        let leads = header
            .signals
            .iter()
            .map(|s| Lead::parse(&s.description))
            .collect();
        Ok(WfdbReader {
            hea,
            fs,
            n_samples,
            leads,
            groups,
            opts: *opts,
            sums: vec![0; n_sig],
            in_order: Some(0),
            bytes: Vec::new(),
            scratch: Vec::new(),
            header,
        })
    }

    /// The parsed header.
    pub fn header(&self) -> &Header {
        &self.header
    }

    /// The header, giving up the reader.
    pub fn into_header(self) -> Header {
        self.header
    }

    /// The sample rate.
    pub fn fs(&self) -> SampleRate {
        self.fs
    }

    /// Samples per signal in the record.
    pub fn n_samples(&self) -> u64 {
        self.n_samples
    }

    /// The record's duration in seconds.
    pub fn duration_s(&self) -> f64 {
        self.n_samples as f64 / self.fs.hz()
    }

    /// The leads, one per signal, in header order.
    pub fn leads(&self) -> &[Lead] {
        &self.leads
    }

    /// Reads samples `start .. start + len` of every signal (clamped to the record) as a
    /// [`Record`] named like the record, its start time moved to the window's first sample.
    pub fn read_samples(&mut self, start: u64, len: u64) -> Result<Record, WfdbError> {
        let n = self.n_samples;
        let f0 = start.min(n);
        let f1 = start.saturating_add(len).min(n);
        let n_sig = self.header.n_signals;
        let declared = u128::from(f1 - f0) * (n_sig.max(1) as u128);
        let cols = usize::try_from(f1 - f0)
            .ok()
            .filter(|_| declared <= u128::from(self.opts.max_samples))
            .ok_or_else(|| WfdbError::TooLarge {
                path: self.hea.clone(),
                declared,
                max_samples: self.opts.max_samples,
            })?;
        let mut out = Array2::<f32>::zeros((n_sig, cols));
        let count_sums = f0 == 0 || self.in_order == Some(f0);
        if f0 == 0 {
            self.sums.fill(0);
        }
        // A failed read leaves the sums incomplete.
        self.in_order = None;
        for gi in 0..self.groups.len() {
            self.read_group(gi, f0, f1, &mut out, count_sums)?;
        }
        if count_sums {
            self.in_order = Some(f1);
        }
        let start = self
            .header
            .start
            .map(|s| s.offset_by(f0 as f64 / self.fs.hz()));
        Ok(
            Record::new(self.header.name.clone(), self.leads.clone(), self.fs, out)?
                .with_start(start)
                .with_comments(self.header.comments.clone()),
        )
    }

    /// Reads `duration_s` seconds from `start_s` (both rounded to whole samples, clamped to the
    /// record).
    pub fn read_window(&mut self, start_s: f64, duration_s: f64) -> Result<Record, WfdbError> {
        if !(start_s.is_finite() && start_s >= 0.0 && duration_s.is_finite() && duration_s > 0.0) {
            return Err(WfdbError::InvalidWindow {
                start_s,
                duration_s,
            });
        }
        let hz = self.fs.hz();
        // Float-to-integer casts saturate: a start past the record reads nothing.
        let f0 = (start_s * hz).round() as u64;
        let len = (duration_s * hz).round() as u64;
        self.read_samples(f0, len)
    }

    /// The record as consecutive windows of `window_s` seconds (the last one shorter), read one
    /// at a time. With [`ReadOptions::verify_checksums`], a checksum mismatch found once the
    /// last window is read comes as one more item, an error.
    pub fn windows(self, window_s: f64) -> Windows {
        let step = window_s * self.fs.hz();
        let bad = !(step.is_finite() && step >= 0.5);
        Windows {
            err: bad.then_some(WfdbError::InvalidWindow {
                start_s: 0.0,
                duration_s: window_s,
            }),
            step: if bad { 1 } else { step.round() as u64 },
            next: 0,
            done: false,
            reader: self,
        }
    }

    /// Each signal's checksum verdict, once every sample has been read in order from the start
    /// (by one whole read, or by consecutive windows); None before.
    pub fn checksums(&self) -> Option<Vec<ChecksumVerdict>> {
        if self.in_order != Some(self.n_samples) {
            return None;
        }
        Some(
            self.header
                .signals
                .iter()
                .zip(&self.sums)
                .map(|(spec, &sum)| match spec.checksum {
                    None => ChecksumVerdict::Absent,
                    Some(expected) if expected.rem_euclid(65536) as u16 == sum => {
                        ChecksumVerdict::Match
                    }
                    Some(expected) => ChecksumVerdict::Mismatch {
                        expected,
                        found: i64::from(sum as i16),
                    },
                })
                .collect(),
        )
    }

    /// The first checksum mismatch as an error (nothing before every sample has been read).
    pub fn verify_checksums(&self) -> Result<(), WfdbError> {
        let Some(verdicts) = self.checksums() else {
            return Ok(());
        };
        for (k, v) in verdicts.into_iter().enumerate() {
            if let ChecksumVerdict::Mismatch { expected, found } = v {
                let file = self
                    .groups
                    .iter()
                    .find(|g| g.signals.contains(&k))
                    .map_or_else(|| self.hea.clone(), |g| g.path.clone());
                return Err(WfdbError::ChecksumMismatch {
                    file,
                    signal: k,
                    expected,
                    found,
                });
            }
        }
        Ok(())
    }

    /// Decodes frames `f0..f1` of one file's signals into their rows of `out`.
    fn read_group(
        &mut self,
        gi: usize,
        f0: u64,
        f1: u64,
        out: &mut Array2<f32>,
        count_sums: bool,
    ) -> Result<(), WfdbError> {
        if f1 <= f0 {
            return Ok(());
        }
        let n = self.n_samples;
        let Some(g) = self.groups.get_mut(gi) else {
            return Ok(());
        };
        let nch = g.signals.len() as u64;
        let fmt = g.format;
        // Frames needed: skewed signals read ahead of the window.
        let need_end = f1.saturating_add(g.max_skew).min(n).max(f1);
        let specs: Vec<&SignalSpec> = g
            .signals
            .iter()
            .filter_map(|&k| self.header.signals.get(k))
            .collect();
        let (byte_a, skip, initial) = match &mut g.diff {
            Some(state) => {
                if state.frame > f0 {
                    state.frame = 0;
                    state.acc = specs.iter().map(|s| s.initial_value).collect();
                }
                advance_diff(
                    &g.path,
                    &g.bytes,
                    g.byte_offset,
                    nch,
                    state,
                    f0,
                    &mut self.bytes,
                )?;
                (g.byte_offset + f0 * nch, 0usize, state.acc.clone())
            }
            None => {
                let spb = fmt.samples_per_block();
                let sa = f0 * nch / spb * spb;
                let skip = usize::try_from(f0 * nch - sa).unwrap_or(0);
                let initial = specs.iter().map(|s| s.initial_value).collect();
                (
                    g.byte_offset + fmt.bytes_for(sa).unwrap_or(0),
                    skip,
                    initial,
                )
            }
        };
        let byte_b = need_end
            .checked_mul(nch)
            .and_then(|s| fmt.bytes_for(s))
            .map_or(u64::MAX, |b| b.saturating_add(g.byte_offset));
        let body = read_range(&g.path, &g.bytes, byte_a, byte_b - byte_a, &mut self.bytes)?;
        let cols = usize::try_from(f1 - f0).unwrap_or(0);
        let sums = if g.max_skew == 0 {
            decode_fused(fmt, body, skip, cols, &g.signals, &specs, &initial, out)
        } else {
            let count = usize::try_from((need_end - f0) * nch).unwrap_or(0);
            self.scratch.clear();
            self.scratch.resize(count + skip, 0);
            signal::decode(fmt, body, &mut self.scratch, &initial);
            let digital = self.scratch.get(skip..).unwrap_or(&[]);
            let mut sums = Vec::with_capacity(specs.len());
            for (c, (&k, spec)) in g.signals.iter().zip(&specs).enumerate() {
                let mut row = out.row_mut(k);
                let valid = n.saturating_sub(spec.skew).saturating_sub(f0);
                let sum = match row.as_slice_mut() {
                    Some(row) => convert_skewed(digital, g.signals.len(), c, fmt, spec, valid, row),
                    None => 0,
                };
                sums.push(sum);
            }
            sums
        };
        if let Some(state) = &mut g.diff {
            // The accumulators after frame f1 - 1: resume the next window in order from there.
            let frames = usize::try_from((f1 - f0) * nch).unwrap_or(0);
            accumulate_diff(&mut state.acc, body.get(..frames).unwrap_or(body));
            state.frame = f1;
        }
        if count_sums {
            for (&k, s) in g.signals.iter().zip(sums) {
                if let Some(total) = self.sums.get_mut(k) {
                    *total = total.wrapping_add(s);
                }
            }
        }
        Ok(())
    }
}

/// The consecutive windows of a [`WfdbReader`] (see [`WfdbReader::windows`]).
#[derive(Debug)]
pub struct Windows {
    reader: WfdbReader,
    step: u64,
    next: u64,
    done: bool,
    err: Option<WfdbError>,
}

impl Windows {
    /// The reader (header, rate, length).
    pub fn reader(&self) -> &WfdbReader {
        &self.reader
    }
}

impl Iterator for Windows {
    type Item = Result<Record, WfdbError>;

    fn next(&mut self) -> Option<Self::Item> {
        if let Some(e) = self.err.take() {
            self.done = true;
            return Some(Err(e));
        }
        if self.done {
            return None;
        }
        if self.next >= self.reader.n_samples() {
            self.done = true;
            if self.reader.opts.verify_checksums
                && let Err(e) = self.reader.verify_checksums()
            {
                return Some(Err(e));
            }
            return None;
        }
        let r = self.reader.read_samples(self.next, self.step);
        self.next = self.next.saturating_add(self.step);
        if r.is_err() {
            self.done = true;
        }
        Some(r)
    }
}
