//! Clinical presets and whole-record conditioning.

use super::design::{Band, butter, iirnotch};
use super::gaps;
use super::sos::filtfilt_rows_checked;
use super::{FilterError, Sos, detect_mains, padlen};
use crate::{Record, SampleRate};
use serde::{Deserialize, Serialize};

/// Named band-limiting presets; each is one Butterworth cascade applied zero-phase.
///
/// Serialised in lowercase (`"diagnostic"`, `"monitoring"`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
#[non_exhaustive]
pub enum Preset {
    /// AHA/IEC diagnostic bandwidth: Butterworth high-pass 0.05 Hz order 2, then Butterworth
    /// low-pass order 4 at 150 Hz, capped at 0.45 × fs (90 % of Nyquist) for low sample rates.
    Diagnostic,
    /// Monitoring bandwidth: Butterworth high-pass 0.67 Hz order 2, then Butterworth low-pass
    /// 40 Hz order 4.
    #[default]
    Monitoring,
}

/// Mains (power-line) interference handling.
///
/// Serialised as `"50"`, `"60"`, `"auto"` or `"none"`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[non_exhaustive]
pub enum Mains {
    /// Notch 50 Hz and its harmonics.
    #[serde(rename = "50")]
    Hz50,
    /// Notch 60 Hz and its harmonics.
    #[serde(rename = "60")]
    Hz60,
    /// Detect 50, 60 or no mains from the spectrum ([`detect_mains`]) and notch accordingly.
    #[default]
    #[serde(rename = "auto")]
    Auto,
    /// No notch.
    #[serde(rename = "none")]
    None,
}

/// Notch quality factor for the mains fundamental and every harmonic.
pub const MAINS_Q: f64 = 30.0;

/// What [`condition`] does: a band preset and the mains notch.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
#[non_exhaustive]
pub struct Conditioning {
    /// Band-limiting preset.
    pub preset: Preset,
    /// Mains notch choice.
    pub mains: Mains,
}

impl Conditioning {
    /// A preset and a mains notch (`const`, for configurations kept in constants).
    ///
    /// ```
    /// use sinus::filter::{Conditioning, Mains, Preset};
    /// const HOLTER: Conditioning = Conditioning::new(Preset::Diagnostic, Mains::Hz50);
    /// assert_eq!(HOLTER, Conditioning::default().preset(Preset::Diagnostic).mains(Mains::Hz50));
    /// ```
    pub const fn new(preset: Preset, mains: Mains) -> Conditioning {
        Conditioning { preset, mains }
    }
}

/// A conditioned record and the mains frequency that was notched (if any).
#[derive(Debug, Clone, PartialEq)]
pub struct Conditioned {
    /// Same leads, rate, length and metadata as the input; filtered signals in mV.
    pub record: Record,
    /// The mains frequency notched, `None` when no notch was applied.
    pub mains_hz: Option<f64>,
}

/// The full cascade of a preset: high-pass, then low-pass, then a notch (Q = [`MAINS_Q`]) at
/// `mains_hz` and each of its harmonics strictly below Nyquist (scipy's
/// `np.vstack([hp, lp, notch(f0), notch(2 f0), ...])`).
pub fn preset_sos(
    preset: Preset,
    mains_hz: Option<f64>,
    fs: SampleRate,
) -> Result<Sos, FilterError> {
    let (hp, lp) = match preset {
        Preset::Diagnostic => (
            butter(2, Band::Highpass(0.05), fs)?,
            butter(4, Band::Lowpass(150f64.min(0.45 * fs.hz())), fs)?,
        ),
        Preset::Monitoring => (
            butter(2, Band::Highpass(0.67), fs)?,
            butter(4, Band::Lowpass(40.0), fs)?,
        ),
    };
    let mut parts = vec![hp, lp];
    if let Some(f0) = mains_hz {
        let nyq = fs.hz() / 2.0;
        let mut k = 1.0;
        while k * f0 < nyq {
            parts.push(iirnotch(k * f0, MAINS_Q, fs)?);
            k += 1.0;
        }
    }
    Ok(Sos::cascade(&parts))
}

/// Conditions every lead of `record` with one zero-phase pass of the preset cascade and the mains
/// notches (see [`preset_sos`]); allocation is per record, not per sample.
///
/// The mains frequency is the caller's, or detected for [`Mains::Auto`]; a mains frequency at or
/// above Nyquist is not notched and reported as `None`.
///
/// Missing (NaN) or infinite samples are bridged for the filters and missing again in the output
/// (see the module's NaN policy).
///
/// Errors: [`FilterError::TooShort`] for a record not longer than the padding, design errors for
/// sample rates too low for the preset (e.g. the 40 Hz low-pass needs fs > 80 Hz).
pub fn condition(record: &Record, c: &Conditioning) -> Result<Conditioned, FilterError> {
    let fs = record.fs();
    let mut out = record.clone();
    let gaps = gaps::bridge(out.signals_mut());
    let mains = match c.mains {
        Mains::Hz50 => Some(50.0),
        Mains::Hz60 => Some(60.0),
        Mains::None => None,
        Mains::Auto => detect_mains(out.signals(), fs),
    }
    .filter(|&f| f < fs.hz() / 2.0);
    let sos = preset_sos(c.preset, mains, fs)?;
    filtfilt_in_place(&sos, &mut out)?;
    gaps::restore(out.signals_mut(), &gaps);
    Ok(Conditioned {
        record: out,
        mains_hz: mains,
    })
}

/// Zero-phase filters every lead of `record` by `sos` in place; the caller has made the samples
/// finite. Errors when the record is not longer than the filter's padding.
pub(super) fn filtfilt_in_place(sos: &Sos, record: &mut Record) -> Result<(), FilterError> {
    let pad = padlen(sos);
    if record.n_samples() <= pad && record.n_leads() > 0 {
        return Err(FilterError::TooShort {
            len: record.n_samples(),
            padlen: pad,
        });
    }
    filtfilt_rows_checked(sos, record.signals_mut());
    Ok(())
}
