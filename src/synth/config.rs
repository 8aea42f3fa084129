//! The generator's configuration, its errors and their validation.

use super::conduction::{self, Conduction, Pacemaker};
#[cfg(doc)]
use super::generate;
use super::model;
use super::pathology::{self, Pathology};
use crate::lead::Lead;
use crate::record::{RecordError, SampleRate};
use serde::{Deserialize, Serialize};

/// Largest number of values (leads × samples) one call may generate (1 GiB of f32).
pub const MAX_VALUES: usize = 1 << 28;

/// Errors from [`generate`]: a parameter out of its range, or a lead the model cannot project.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum SynthError {
    /// A numeric parameter is outside its accepted range.
    #[error("synth parameter `{field}` = {found}: expected {expected}")]
    InvalidParameter {
        /// The configuration field.
        field: &'static str,
        /// The accepted range, in words.
        expected: &'static str,
        /// The value given.
        found: f64,
    },
    /// A requested lead has no lead vector in the model.
    #[error(
        "lead {0} cannot be synthesised: expected one of the 18 standard leads, MLI, MLII or X/Y/Z"
    )]
    UnsupportedLead(Lead),
    /// The lead list is empty.
    #[error("no leads requested: expected at least one")]
    NoLeads,
    /// The record would be too large.
    #[error("{values} values requested (leads × samples): at most {max} allowed")]
    TooLarge {
        /// Leads × samples requested.
        values: f64,
        /// The cap, [`MAX_VALUES`].
        max: usize,
    },
    /// The record could not be assembled.
    #[error(transparent)]
    Record(#[from] RecordError),
}

/// The underlying rhythm.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[non_exhaustive]
pub enum Rhythm {
    /// Sinus rhythm: P before every conducted QRS, RR varying smoothly (HRV).
    #[default]
    Sinus,
    /// Atrial fibrillation: no P waves, f-waves, irregularly irregular RR.
    AtrialFibrillation,
}

impl Rhythm {
    /// The rhythm label used in MIT annotation aux text (`"(N"`, `"(AFIB"`).
    pub fn mit_label(self) -> &'static str {
        match self {
            Rhythm::Sinus => "(N",
            Rhythm::AtrialFibrillation => "(AFIB",
        }
    }
}

/// Heart-rate variability of sinus rhythm: an RR tachogram with LF and HF spectral peaks.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Hrv {
    /// Standard deviation of the RR intervals (s); 0 gives a perfectly regular rhythm.
    pub rr_std_s: f64,
    /// Ratio of low- to high-frequency power.
    pub lf_hf_ratio: f64,
    /// Centre of the low-frequency peak (Hz), ≈ 0.1.
    pub lf_hz: f64,
    /// Centre of the high-frequency (respiratory) peak (Hz), ≈ 0.25.
    pub hf_hz: f64,
}

impl Default for Hrv {
    fn default() -> Self {
        Hrv {
            rr_std_s: 0.02,
            lf_hf_ratio: 0.5,
            lf_hz: 0.1,
            hf_hz: 0.25,
        }
    }
}

/// Atrial fibrillation parameters (used when the rhythm is [`Rhythm::AtrialFibrillation`]).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AfParams {
    /// Coefficient of variation of the RR intervals (std / mean), typically 0.15–0.3.
    pub rr_cv: f64,
    /// Dominant frequency of the f-waves (Hz), 4–9.
    pub f_wave_hz: f64,
    /// f-wave amplitude (mV), roughly as seen in V1.
    pub f_wave_mv: f64,
}

impl Default for AfParams {
    fn default() -> Self {
        AfParams {
            rr_cv: 0.22,
            f_wave_hz: 6.0,
            f_wave_mv: 0.08,
        }
    }
}

/// Premature ventricular beats.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PvcParams {
    /// Probability that a beat is replaced by a PVC (0–1); never two PVCs in a row.
    pub rate: f64,
    /// Indices of beats (counted from the first beat whose R peak is in the record) to make PVCs.
    pub at_beats: Vec<usize>,
    /// Coupling interval as a fraction of the current RR (0.4–0.9): how early the PVC comes.
    pub coupling: f64,
}

impl Default for PvcParams {
    fn default() -> Self {
        PvcParams {
            rate: 0.0,
            at_beats: Vec::new(),
            coupling: 0.6,
        }
    }
}

/// Mains interference.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Mains {
    /// Frequency (Hz): 50 or 60 in practice.
    pub freq_hz: f64,
    /// Amplitude (mV, peak).
    pub amplitude_mv: f64,
}

/// Additive noise. The default is none.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct Noise {
    /// Peak amplitude of baseline wander (mV); its components lie in 0.1–0.5 Hz.
    pub baseline_wander_mv: f64,
    /// Mains interference, if any.
    pub mains: Option<Mains>,
    /// White muscle noise at this signal-to-noise ratio (dB, per lead, against the lead's RMS).
    pub emg_snr_db: Option<f64>,
}

/// Everything [`generate`] needs. Start from [`SynthConfig::default`] and change fields.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SynthConfig {
    /// Record name.
    pub name: String,
    /// Seed: the same configuration and seed give the same record, bit for bit.
    pub seed: u64,
    /// Duration (s).
    pub duration_s: f64,
    /// Sample rate (any positive real).
    pub fs: SampleRate,
    /// Leads to produce, in this order ([`Lead::STANDARD_12`], [`Lead::STANDARD_18`], or any of
    /// them plus MLI, MLII, X, Y, Z).
    pub leads: Vec<Lead>,
    /// Mean heart rate (bpm), 20–250.
    pub heart_rate_bpm: f64,
    /// Heart-rate variability (sinus rhythm).
    pub hrv: Hrv,
    /// The rhythm.
    pub rhythm: Rhythm,
    /// Atrial fibrillation parameters.
    pub af: AfParams,
    /// Premature ventricular beats.
    pub pvc: PvcParams,
    /// Noise.
    pub noise: Noise,
    /// Pathology carried by every conducted beat (ST, T and Q changes by territory, bundle
    /// branch block, hypertrophy, low voltage, axis, PR, QTc); none by default.
    #[serde(default, skip_serializing_if = "Pathology::is_none")]
    pub pathology: Pathology,
    /// AV conduction: P waves at their own rate, conducted or blocked (see [`Conduction`]).
    /// None: the rhythm's own P waves (sinus), or none (fibrillation).
    #[serde(default)]
    pub conduction: Option<Conduction>,
    /// A pacemaker, with its spikes (see [`Pacemaker`]).
    #[serde(default)]
    pub pacemaker: Option<Pacemaker>,
}

impl Default for SynthConfig {
    /// 10 s of clean 12-lead sinus rhythm at 70 bpm, 500 Hz, seed 0.
    fn default() -> Self {
        SynthConfig {
            name: "synth".into(),
            seed: 0,
            duration_s: 10.0,
            fs: SampleRate::new(500.0).expect("500 Hz is a valid sample rate"),
            leads: Lead::STANDARD_12.to_vec(),
            heart_rate_bpm: 70.0,
            hrv: Hrv::default(),
            rhythm: Rhythm::Sinus,
            af: AfParams::default(),
            pvc: PvcParams::default(),
            noise: Noise::default(),
            pathology: Pathology::default(),
            conduction: None,
            pacemaker: None,
        }
    }
}

pub(super) fn check(
    field: &'static str,
    expected: &'static str,
    found: f64,
    ok: bool,
) -> Result<(), SynthError> {
    if ok && found.is_finite() {
        Ok(())
    } else {
        Err(SynthError::InvalidParameter {
            field,
            expected,
            found,
        })
    }
}

pub(super) fn validate(cfg: &SynthConfig) -> Result<usize, SynthError> {
    let d = cfg.duration_s;
    check(
        "duration_s",
        "a duration in (0, 86400] s",
        d,
        d > 0.0 && d <= 86_400.0,
    )?;
    let hr = cfg.heart_rate_bpm;
    check(
        "heart_rate_bpm",
        "20–250 bpm",
        hr,
        (20.0..=250.0).contains(&hr),
    )?;
    let h = &cfg.hrv;
    check(
        "hrv.rr_std_s",
        "0–0.2 s",
        h.rr_std_s,
        (0.0..=0.2).contains(&h.rr_std_s),
    )?;
    check(
        "hrv.lf_hf_ratio",
        "0–100",
        h.lf_hf_ratio,
        (0.0..=100.0).contains(&h.lf_hf_ratio),
    )?;
    check(
        "hrv.lf_hz",
        "0.01–0.5 Hz",
        h.lf_hz,
        (0.01..=0.5).contains(&h.lf_hz),
    )?;
    check(
        "hrv.hf_hz",
        "0.01–0.5 Hz",
        h.hf_hz,
        (0.01..=0.5).contains(&h.hf_hz),
    )?;
    let a = &cfg.af;
    check("af.rr_cv", "0–0.6", a.rr_cv, (0.0..=0.6).contains(&a.rr_cv))?;
    check(
        "af.f_wave_hz",
        "4–9 Hz",
        a.f_wave_hz,
        (4.0..=9.0).contains(&a.f_wave_hz),
    )?;
    check(
        "af.f_wave_mv",
        "0–1 mV",
        a.f_wave_mv,
        (0.0..=1.0).contains(&a.f_wave_mv),
    )?;
    conduction::validate(cfg)?;
    let p = &cfg.pvc;
    check(
        "pvc.rate",
        "a probability 0–1",
        p.rate,
        (0.0..=1.0).contains(&p.rate),
    )?;
    check(
        "pvc.coupling",
        "0.4–0.9 of the RR",
        p.coupling,
        (0.4..=0.9).contains(&p.coupling),
    )?;
    let n = &cfg.noise;
    check(
        "noise.baseline_wander_mv",
        "0–10 mV",
        n.baseline_wander_mv,
        (0.0..=10.0).contains(&n.baseline_wander_mv),
    )?;
    if let Some(m) = &n.mains {
        check(
            "noise.mains.freq_hz",
            "a frequency in (0, 1000] Hz",
            m.freq_hz,
            m.freq_hz > 0.0 && m.freq_hz <= 1000.0,
        )?;
        check(
            "noise.mains.amplitude_mv",
            "0–10 mV",
            m.amplitude_mv,
            (0.0..=10.0).contains(&m.amplitude_mv),
        )?;
    }
    if let Some(snr) = n.emg_snr_db {
        check(
            "noise.emg_snr_db",
            "-20–100 dB",
            snr,
            (-20.0..=100.0).contains(&snr),
        )?;
    }
    pathology::validate(&cfg.pathology)?;
    if cfg.leads.is_empty() {
        return Err(SynthError::NoLeads);
    }
    if let Some(bad) = cfg.leads.iter().find(|l| model::lead_source(l).is_none()) {
        return Err(SynthError::UnsupportedLead(bad.clone()));
    }
    let samples = (d * cfg.fs.hz()).round();
    let values = samples * cfg.leads.len() as f64;
    if values > MAX_VALUES as f64 {
        return Err(SynthError::TooLarge {
            values,
            max: MAX_VALUES,
        });
    }
    check(
        "duration_s × fs",
        "at least one sample",
        samples,
        samples >= 1.0,
    )?;
    Ok(samples as usize)
}
