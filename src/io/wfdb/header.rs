//! WFDB header (`.hea`) parsing: the record line, one line per signal, and comment lines.

use super::WfdbError;
use crate::StartTime;
use serde::Serialize;
use std::path::Path;

/// The sample rate WFDB assumes when a header gives none.
pub const DEFAULT_FS: f64 = 250.0;
/// The ADC gain WFDB assumes when a header gives none or gives 0.
pub const DEFAULT_GAIN: f64 = 200.0;
/// The smallest ADC gain magnitude accepted: with digital values and baselines within WFDB's
/// 32-bit `int`, and units up to volts, any smaller gain could turn a sample into infinity.
pub const MIN_GAIN: f64 = 1e-20;
/// The most signals [`parse_header`] accepts (see [`parse_header_with`]).
pub const DEFAULT_MAX_SIGNALS: usize = 4096;

/// A parsed WFDB header: the record line, the signal specifications and the comments.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[non_exhaustive]
pub struct Header {
    /// Record name from the record line.
    pub name: String,
    /// Number of signals declared on the record line.
    pub n_signals: usize,
    /// Sampling frequency in frames per second (WFDB default 250 when absent).
    pub fs: f64,
    /// Counter frequency (`fs/counter`), if given.
    pub counter_freq: Option<f64>,
    /// Base counter value (`fs/counter(base)`), if given.
    pub base_counter: Option<f64>,
    /// Number of samples per signal, if given (absent or 0 means "read to the end of the file").
    pub n_samples: Option<u64>,
    /// Base time and date, if given (`HH:MM:SS[.s] DD/MM/YYYY`, or `DD-Mon-YYYY` in either order).
    pub start: Option<StartTime>,
    /// One specification per signal line, in order.
    pub signals: Vec<SignalSpec>,
    /// Comment lines in order, without the leading `#`, trimmed.
    pub comments: Vec<String>,
}

/// One signal line of a WFDB header, with WFDB defaults filled in.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[non_exhaustive]
pub struct SignalSpec {
    /// Signal file name (in the header's directory).
    pub file_name: String,
    /// Storage format code (212, 16, 80, ...).
    pub format: u16,
    /// Samples per frame (`x` suffix of the format field; 1 when absent).
    pub samples_per_frame: u32,
    /// Skew in frames (`:` suffix; 0 when absent).
    pub skew: u64,
    /// Byte offset of the first sample in the file (`+` suffix; 0 when absent).
    pub byte_offset: u64,
    /// ADC gain in digital units per physical unit (200 when absent or 0).
    pub gain: f64,
    /// Digital value of physical zero (defaults to the ADC zero).
    pub baseline: i64,
    /// Physical units (`mV` when absent).
    pub units: String,
    /// ADC resolution in bits, if given and nonzero.
    pub adc_resolution: Option<u32>,
    /// ADC zero (0 when absent).
    pub adc_zero: i64,
    /// Initial value (defaults to the ADC zero); the first sample, and the start of format 8.
    pub initial_value: i64,
    /// Checksum: the 16-bit sum of the signal's samples, if given.
    pub checksum: Option<i64>,
    /// Block size in bytes (0 when absent).
    pub block_size: u64,
    /// Description (usually the lead name); may contain spaces.
    pub description: String,
}

/// Splits off the next whitespace-delimited token, returning it and the rest of the line.
fn next_token(s: &str) -> Option<(&str, &str)> {
    let s = s.trim_start();
    if s.is_empty() {
        return None;
    }
    let end = s.find(|c: char| c.is_ascii_whitespace()).unwrap_or(s.len());
    Some((&s[..end], &s[end..]))
}

struct Ctx<'a> {
    path: &'a Path,
    line: usize,
}

impl Ctx<'_> {
    fn err(&self, field: &'static str, expected: &'static str, found: &str) -> WfdbError {
        WfdbError::HeaderSyntax {
            path: self.path.to_path_buf(),
            line: self.line,
            field,
            expected,
            found: found.chars().take(80).collect(),
        }
    }

    fn int<T: std::str::FromStr>(
        &self,
        s: &str,
        field: &'static str,
        expected: &'static str,
    ) -> Result<T, WfdbError> {
        s.parse::<T>().map_err(|_| self.err(field, expected, s))
    }

    /// An integer within WFDB's 32-bit `int` (baselines, ADC zeros, initial values): wider
    /// values would overflow the conversion arithmetic, or be silently cut, downstream.
    fn int32(&self, s: &str, field: &'static str) -> Result<i64, WfdbError> {
        s.parse::<i32>()
            .map(i64::from)
            .map_err(|_| self.err(field, "an integer from -2147483648 to 2147483647", s))
    }

    fn float(&self, s: &str, field: &'static str) -> Result<f64, WfdbError> {
        // Rust's parser accepts "inf" and "NaN"; WFDB numbers are plain decimals.
        let ok = !s.is_empty()
            && s.bytes()
                .all(|b| b.is_ascii_digit() || matches!(b, b'.' | b'-' | b'+' | b'e' | b'E'));
        match s.parse::<f64>() {
            Ok(v) if ok && v.is_finite() => Ok(v),
            _ => Err(self.err(field, "a finite decimal number", s)),
        }
    }
}

/// Parses header text with the default signal cap ([`DEFAULT_MAX_SIGNALS`]). `path` is used only
/// for error messages.
pub fn parse_header(bytes: &[u8], path: &Path) -> Result<Header, WfdbError> {
    parse_header_with(bytes, path, DEFAULT_MAX_SIGNALS)
}

/// Parses header text, refusing a record line that declares more than `max_signals` signals
/// ([`WfdbError::TooManySignals`]) before any signal line is parsed. Time and memory are linear
/// in the header's size.
pub fn parse_header_with(
    bytes: &[u8],
    path: &Path,
    max_signals: usize,
) -> Result<Header, WfdbError> {
    let text = std::str::from_utf8(bytes).map_err(|e| {
        let offset = e.valid_up_to();
        let line = bytes[..offset].iter().filter(|&&b| b == b'\n').count() + 1;
        WfdbError::NotUtf8 {
            path: path.to_path_buf(),
            line,
            byte_offset: offset as u64,
        }
    })?;

    let mut comments = Vec::new();
    let mut record: Option<(usize, &str)> = None;
    let mut signal_lines: Vec<(usize, &str)> = Vec::new();
    for (i, raw) in text.split('\n').enumerate() {
        let line = raw.trim();
        if let Some(c) = line.strip_prefix('#') {
            comments.push(c.trim().to_string());
        } else if line.is_empty() {
            continue;
        } else if record.is_none() {
            record = Some((i + 1, line));
        } else {
            signal_lines.push((i + 1, line));
        }
    }
    let Some((rec_line, rec_text)) = record else {
        return Err(WfdbError::EmptyHeader {
            path: path.to_path_buf(),
        });
    };

    let mut h = parse_record_line(
        rec_text,
        &Ctx {
            path,
            line: rec_line,
        },
    )?;
    h.comments = comments;

    if h.n_signals > max_signals {
        return Err(WfdbError::TooManySignals {
            path: path.to_path_buf(),
            declared: h.n_signals,
            max: max_signals,
        });
    }
    if signal_lines.len() != h.n_signals {
        let line = signal_lines.get(h.n_signals).map_or(rec_line, |&(l, _)| l);
        return Err(WfdbError::SignalCount {
            path: path.to_path_buf(),
            line,
            declared: h.n_signals,
            found: signal_lines.len(),
        });
    }
    h.signals.reserve_exact(h.n_signals);
    for (k, &(line, s)) in signal_lines.iter().enumerate() {
        let spec = parse_signal_line(s, k, &Ctx { path, line })?;
        h.signals.push(spec);
    }
    Ok(h)
}

fn parse_record_line(s: &str, cx: &Ctx<'_>) -> Result<Header, WfdbError> {
    let (name_tok, rest) = next_token(s).ok_or_else(|| cx.err("record name", "a name", s))?;
    let (name, n_segments) = match name_tok.split_once('/') {
        Some((n, seg)) => (
            n,
            Some(cx.int::<u64>(seg, "number of segments", "an integer")?),
        ),
        None => (name_tok, None),
    };
    if name.is_empty() {
        return Err(cx.err("record name", "a non-empty name", name_tok));
    }
    if let Some(n) = n_segments {
        return Err(WfdbError::MultiSegment {
            path: cx.path.to_path_buf(),
            line: cx.line,
            segments: n,
        });
    }
    let (nsig_tok, mut rest) =
        next_token(rest).ok_or_else(|| cx.err("number of signals", "an integer", ""))?;
    let n_signals: usize = cx.int(nsig_tok, "number of signals", "a non-negative integer")?;
    let mut fs = DEFAULT_FS;
    let mut counter_freq = None;
    let mut base_counter = None;
    let mut n_samples = None;
    let mut start: Option<StartTime> = None;

    if let Some((fs_tok, r)) = next_token(rest) {
        rest = r;
        let (f, counter) = match fs_tok.split_once('/') {
            Some((f, c)) => (f, Some(c)),
            None => (fs_tok, None),
        };
        let value =
            cx.float(f, "sampling frequency")
                .map_err(|_| WfdbError::InvalidSampleRate {
                    path: cx.path.to_path_buf(),
                    line: cx.line,
                    found: fs_tok.chars().take(40).collect(),
                })?;
        if value <= 0.0 {
            return Err(WfdbError::InvalidSampleRate {
                path: cx.path.to_path_buf(),
                line: cx.line,
                found: fs_tok.chars().take(40).collect(),
            });
        }
        fs = value;
        if let Some(c) = counter {
            let (cf, base) = match c.split_once('(') {
                Some((cf, b)) => {
                    let b = b
                        .strip_suffix(')')
                        .ok_or_else(|| cx.err("base counter", "`(value)`", c))?;
                    (cf, Some(cx.float(b, "base counter")?))
                }
                None => (c, None),
            };
            counter_freq = Some(cx.float(cf, "counter frequency")?);
            base_counter = base;
        }
        if let Some((ns_tok, r)) = next_token(rest) {
            rest = r;
            let n: u64 = cx.int(ns_tok, "number of samples", "a non-negative integer")?;
            n_samples = (n > 0).then_some(n);
            while let Some((tok, r)) = next_token(rest) {
                rest = r;
                let st = start.get_or_insert_with(StartTime::default);
                if tok.contains(':') && st.time.is_none() {
                    st.time = Some(parse_time(tok, cx)?);
                } else if !tok.contains(':') && st.date.is_none() {
                    st.date = Some(parse_date(tok, cx)?);
                } else {
                    return Err(cx.err("record line", "at most a base time and a base date", tok));
                }
            }
        }
    }

    Ok(Header {
        name: name.to_string(),
        n_signals,
        fs,
        counter_freq,
        base_counter,
        n_samples,
        start,
        signals: Vec::new(),
        comments: Vec::new(),
    })
}

fn parse_time(tok: &str, cx: &Ctx<'_>) -> Result<(u8, u8, f64), WfdbError> {
    let bad = || cx.err("base time", "HH:MM:SS[.sss]", tok);
    let parts: Vec<&str> = tok.split(':').collect();
    let (h, m, s) = match parts.as_slice() {
        [h, m, s] => (*h, *m, *s),
        [m, s] => ("0", *m, *s),
        _ => return Err(bad()),
    };
    let h: u8 = h.parse().map_err(|_| bad())?;
    let m: u8 = m.parse().map_err(|_| bad())?;
    let s = cx.float(s, "base time").map_err(|_| bad())?;
    if h > 23 || m > 59 || !(0.0..61.0).contains(&s) {
        return Err(bad());
    }
    Ok((h, m, s))
}

const MONTHS: [&str; 12] = [
    "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
];

fn parse_date(tok: &str, cx: &Ctx<'_>) -> Result<(i32, u8, u8), WfdbError> {
    let bad = || cx.err("base date", "DD/MM/YYYY or DD-Mon-YYYY", tok);
    let (d, m, y) = if let [d, m, y] = tok.split('/').collect::<Vec<_>>().as_slice() {
        (*d, m.parse::<u8>().map_err(|_| bad())?, *y)
    } else if let [d, m, y] = tok.split('-').collect::<Vec<_>>().as_slice() {
        let lower = m.to_ascii_lowercase();
        let month = MONTHS.iter().position(|&n| n == lower).ok_or_else(bad)?;
        (*d, month as u8 + 1, *y)
    } else {
        return Err(bad());
    };
    let d: u8 = d.parse().map_err(|_| bad())?;
    let y: i32 = y.parse().map_err(|_| bad())?;
    if !(1..=31).contains(&d) || !(1..=12).contains(&m) {
        return Err(bad());
    }
    Ok((y, m, d))
}

fn parse_signal_line(s: &str, index: usize, cx: &Ctx<'_>) -> Result<SignalSpec, WfdbError> {
    let (file_name, rest) = next_token(s).ok_or_else(|| cx.err("file name", "a name", s))?;
    let (fmt_tok, mut rest) =
        next_token(rest).ok_or_else(|| cx.err("format", "a format such as 212 or 16", ""))?;

    // format[xSPF][:skew][+offset]
    let digits_end = fmt_tok
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(fmt_tok.len());
    let format: u16 = cx.int(
        &fmt_tok[..digits_end],
        "format",
        "a format code such as 212",
    )?;
    let mut tail = &fmt_tok[digits_end..];
    let mut take = |prefix: char, field: &'static str| -> Result<Option<u64>, WfdbError> {
        if let Some(t) = tail.strip_prefix(prefix) {
            let end = t.find(|c: char| !c.is_ascii_digit()).unwrap_or(t.len());
            let v = cx.int::<u64>(&t[..end], field, "an integer")?;
            tail = &t[end..];
            Ok(Some(v))
        } else {
            Ok(None)
        }
    };
    let spf = take('x', "samples per frame")?.unwrap_or(1);
    let skew = take(':', "skew")?.unwrap_or(0);
    let byte_offset = take('+', "byte offset")?.unwrap_or(0);
    if !tail.is_empty() {
        return Err(cx.err("format", "FORMAT[xSPF][:SKEW][+OFFSET]", fmt_tok));
    }
    let samples_per_frame = u32::try_from(spf)
        .ok()
        .filter(|&v| v >= 1)
        .ok_or_else(|| cx.err("samples per frame", "an integer >= 1", fmt_tok))?;

    let mut gain = DEFAULT_GAIN;
    let mut baseline: Option<i64> = None;
    let mut units = "mV".to_string();
    let mut adc_resolution = None;
    let mut adc_zero = 0i64;
    let mut initial_value = None;
    let mut checksum = None;
    let mut block_size = 0u64;
    let mut description = String::new();

    if let Some((gain_tok, r)) = next_token(rest) {
        rest = r;
        let (gain_part, unit_part) = match gain_tok.split_once('/') {
            Some((g, u)) => (g, Some(u)),
            None => (gain_tok, None),
        };
        let g = match gain_part.split_once('(') {
            Some((g, b)) => {
                let b = b
                    .strip_suffix(')')
                    .ok_or_else(|| cx.err("baseline", "GAIN(BASELINE)", gain_tok))?;
                baseline = Some(cx.int32(b, "baseline")?);
                g
            }
            None => gain_part,
        };
        let g = cx.float(g, "ADC gain")?;
        if g != 0.0 && g.abs() < MIN_GAIN {
            return Err(cx.err(
                "ADC gain",
                "0 (the default) or a number of magnitude at least 1e-20",
                gain_tok,
            ));
        }
        gain = if g == 0.0 { DEFAULT_GAIN } else { g };
        if let Some(u) = unit_part {
            units = u.to_string();
        }
        let mut fields = 0;
        while fields < 5 {
            let Some((tok, r)) = next_token(rest) else {
                break;
            };
            rest = r;
            match fields {
                0 => {
                    let v: u32 = cx.int(tok, "ADC resolution", "a non-negative integer")?;
                    adc_resolution = (v > 0).then_some(v);
                }
                1 => adc_zero = cx.int32(tok, "ADC zero")?,
                2 => initial_value = Some(cx.int32(tok, "initial value")?),
                3 => checksum = Some(cx.int(tok, "checksum", "an integer")?),
                _ => block_size = cx.int(tok, "block size", "a non-negative integer")?,
            }
            fields += 1;
        }
        description = rest.trim().to_string();
    }
    if description.is_empty() {
        description = format!("signal {index}");
    }

    Ok(SignalSpec {
        file_name: file_name.to_string(),
        format,
        samples_per_frame,
        skew,
        byte_offset,
        gain,
        baseline: baseline.unwrap_or(adc_zero),
        units,
        adc_resolution,
        adc_zero,
        initial_value: initial_value.unwrap_or(adc_zero),
        checksum,
        block_size,
        description,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(s: &str) -> Result<Header, WfdbError> {
        parse_header(s.as_bytes(), Path::new("t.hea"))
    }

    #[test]
    fn mitdb_style() {
        let h = parse("100 2 360 650000\r\n100.dat 212 200 11 1024 995 -22131 0 MLII\r\n100.dat 212 200 11 1024 1011 20052 0 V5\r\n# 69 M 1085 1629 x1\r\n").unwrap();
        assert_eq!((h.name.as_str(), h.n_signals, h.fs), ("100", 2, 360.0));
        assert_eq!(h.n_samples, Some(650000));
        let s = &h.signals[0];
        assert_eq!(
            (s.format, s.gain, s.baseline, s.adc_zero),
            (212, 200.0, 1024, 1024)
        );
        assert_eq!((s.initial_value, s.checksum), (995, Some(-22131)));
        assert_eq!(s.units, "mV");
        assert_eq!(s.description, "MLII");
        assert_eq!(h.comments, vec!["69 M 1085 1629 x1"]);
    }

    #[test]
    fn ludb_and_cinc_style() {
        let h = parse("1 1 500 5000\n1.dat 16 1716(6)/mV 0 0 -120 -32198 0 i\n").unwrap();
        assert_eq!((h.signals[0].gain, h.signals[0].baseline), (1716.0, 6));
        assert_eq!(h.signals[0].adc_resolution, None);
        let h = parse(
            "A0001 1 500 7500 12-May-2020 12:33:59\nA0001.mat 16+24 1000/mV 16 0 28 -1716 0 I\n",
        )
        .unwrap();
        assert_eq!(h.signals[0].byte_offset, 24);
        let st = h.start.unwrap();
        assert_eq!(st.date, Some((2020, 5, 12)));
        assert_eq!(st.time, Some((12, 33, 59.0)));
    }

    #[test]
    fn full_syntax() {
        let h = parse("r 1 360/720(-3) 10 08:30:15.250 03/04/2001\nr.dat 212x2:3+512 0(-5)/uV 12 7 9 11 0 lead II, modified\n").unwrap();
        assert_eq!((h.counter_freq, h.base_counter), (Some(720.0), Some(-3.0)));
        let st = h.start.unwrap();
        assert_eq!(st.time, Some((8, 30, 15.25)));
        assert_eq!(st.date, Some((2001, 4, 3)));
        let s = &h.signals[0];
        assert_eq!((s.samples_per_frame, s.skew, s.byte_offset), (2, 3, 512));
        assert_eq!((s.gain, s.baseline, s.units.as_str()), (200.0, -5, "uV"));
        assert_eq!(s.description, "lead II, modified");
    }

    #[test]
    fn defaults() {
        let h = parse("r 1\nr.dat 16\n").unwrap();
        assert_eq!(h.fs, DEFAULT_FS);
        assert_eq!(h.n_samples, None);
        let s = &h.signals[0];
        assert_eq!((s.gain, s.baseline, s.initial_value), (200.0, 0, 0));
        assert_eq!(s.checksum, None);
    }

    #[test]
    fn errors() {
        assert!(matches!(parse(""), Err(WfdbError::EmptyHeader { .. })));
        assert!(matches!(
            parse("r 1 0 10\nr.dat 16\n"),
            Err(WfdbError::InvalidSampleRate { .. })
        ));
        assert!(matches!(
            parse("r 1 -5 10\nr.dat 16\n"),
            Err(WfdbError::InvalidSampleRate { .. })
        ));
        assert!(matches!(
            parse("r 1 nan 10\nr.dat 16\n"),
            Err(WfdbError::InvalidSampleRate { .. })
        ));
        assert!(matches!(
            parse("r/2 1 250 10\n"),
            Err(WfdbError::MultiSegment { .. })
        ));
        assert!(matches!(
            parse("r 2 250 10\nr.dat 16\n"),
            Err(WfdbError::SignalCount { .. })
        ));
        assert!(matches!(
            parse_header(b"r 1 250\n\xff\n", Path::new("x")),
            Err(WfdbError::NotUtf8 {
                line: 2,
                byte_offset: 8,
                ..
            })
        ));
    }
}
