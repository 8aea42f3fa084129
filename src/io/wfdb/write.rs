//! Writing a [`Record`] as a WFDB record: one format 16 signal file and a header with gains,
//! initial values and checksums.

use super::WfdbError;
use crate::Record;
use std::fmt::Write as _;
use std::path::Path;

/// The digital value written for a NaN sample (format 16's invalid-sample sentinel).
const INVALID16: i16 = -32768;

/// Options for [`write_record_with`].
#[derive(Debug, Clone, Copy, PartialEq, Default)]
#[non_exhaustive]
pub struct WriteOptions {
    /// ADC gain (digital units per mV) for every lead. `None` chooses per lead: 1000 (1 µV steps,
    /// so values round-trip within 0.5 µV) when the lead fits in ±32.767 mV, otherwise the largest
    /// integer gain that fits.
    pub gain: Option<f64>,
}

/// Writes `record` as `dir/name.hea` + `dir/name.dat` (format 16), choosing gains automatically.
///
/// ```
/// use ndarray::array;
/// use sinus::{Lead, Record, SampleRate};
/// let dir = std::env::temp_dir().join(format!("sinus-doc-{}", std::process::id()));
/// std::fs::create_dir_all(&dir).unwrap();
/// let rec = Record::new("demo", vec![Lead::I, Lead::II], SampleRate::new(500.0).unwrap(),
///     array![[0.1f32, -0.25, 1.5], [0.0, 0.5, f32::NAN]]).unwrap();
/// sinus::io::wfdb::write_record(&rec, &dir, "demo").unwrap();
/// let back = sinus::io::wfdb::read_record(dir.join("demo")).unwrap();
/// assert!((back.signals()[[1, 1]] - 0.5).abs() < 1e-6);
/// assert!(back.signals()[[1, 2]].is_nan());
/// # std::fs::remove_dir_all(&dir).ok();
/// ```
pub fn write_record(record: &Record, dir: &Path, name: &str) -> Result<(), WfdbError> {
    write_record_with(record, dir, name, &WriteOptions::default())
}

fn bad(what: String) -> WfdbError {
    WfdbError::InvalidForWrite { what }
}

/// Writes `record` as a format 16 WFDB record with explicit options.
pub fn write_record_with(
    record: &Record,
    dir: &Path,
    name: &str,
    opts: &WriteOptions,
) -> Result<(), WfdbError> {
    if name.is_empty()
        || !name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
    {
        return Err(bad(format!(
            "record name `{name}`: expected letters, digits, `_` or `-`"
        )));
    }
    if let Some(g) = opts.gain
        && !(g.is_finite() && g > 0.0)
    {
        return Err(bad(format!("gain {g}: expected a finite number > 0")));
    }
    let sig = record.signals();
    let (n_leads, n) = sig.dim();

    let mut gains = Vec::with_capacity(n_leads);
    for (k, row) in sig.rows().into_iter().enumerate() {
        let mut peak = 0f64;
        for &v in row {
            if v.is_infinite() {
                return Err(bad(format!("lead {k} holds an infinite value")));
            }
            if v.is_finite() {
                peak = peak.max(f64::from(v).abs());
            }
        }
        let gain = match opts.gain {
            Some(g) => {
                if (peak * g).round() > 32767.0 {
                    return Err(bad(format!(
                        "lead {k}: |{peak}| mV × gain {g} exceeds the format 16 range ±32767"
                    )));
                }
                g
            }
            None if peak * 1000.0 <= 32767.0 => 1000.0,
            None => (32767.0 / peak).floor().max(1.0),
        };
        gains.push(gain);
    }

    // Frame-interleaved little-endian int16, with per-lead checksums and initial values.
    let mut data = Vec::with_capacity(n * n_leads * 2);
    let mut sums = vec![0u16; n_leads];
    let mut first = vec![0i16; n_leads];
    for t in 0..n {
        for k in 0..n_leads {
            let v = sig[[k, t]];
            let d = if v.is_nan() {
                INVALID16
            } else {
                (f64::from(v) * gains[k]).round().clamp(-32767.0, 32767.0) as i16
            };
            if t == 0 {
                first[k] = d;
            }
            sums[k] = sums[k].wrapping_add(d as u16);
            data.extend_from_slice(&d.to_le_bytes());
        }
    }

    let mut hea = String::new();
    let _ = write!(hea, "{name} {n_leads} {} {n}", record.fs().hz());
    if let Some(st) = record.start()
        && let Some((h, m, s)) = st.time
    {
        let _ = write!(hea, " {h:02}:{m:02}:{s:06.3}");
        if let Some((y, mo, d)) = st.date {
            let _ = write!(hea, " {d:02}/{mo:02}/{y:04}");
        }
    }
    hea.push('\n');
    for (k, lead) in record.leads().iter().enumerate() {
        let desc = lead.name();
        if desc.contains(['\n', '\r']) {
            return Err(bad(format!("lead name {desc:?} contains a line break")));
        }
        let _ = writeln!(
            hea,
            "{name}.dat 16 {}(0)/mV 16 0 {} {} 0 {desc}",
            gains[k], first[k], sums[k] as i16
        );
    }
    for c in record.comments() {
        for line in c.lines() {
            let _ = writeln!(hea, "# {line}");
        }
    }

    let io = |path: &Path| {
        let path = path.to_path_buf();
        move |source| WfdbError::Io { path, source }
    };
    let dat = dir.join(format!("{name}.dat"));
    std::fs::write(&dat, &data).map_err(io(&dat))?;
    let hea_path = dir.join(format!("{name}.hea"));
    std::fs::write(&hea_path, hea).map_err(io(&hea_path))?;
    Ok(())
}
