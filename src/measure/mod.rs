//! Measurements: the intervals, axes and amplitudes a cardiologist reads, from the
//! representative beat and the per-beat boundaries found by delineation.
//!
//! Units are in the field names (`_ms`, `_mv`, `_deg`, `_bpm`); a value that could not be
//! measured is `None`, never a guess. Amplitudes are signed, in mV against the PR-segment
//! baseline (the isoelectric level before the QRS onset): R, R′, P+ and T+ are ≥ 0; Q, S, S′,
//! P− and T− are ≤ 0. ST levels are signed the same way (elevation > 0, depression < 0).
//!
//! These types are the contract between delineation (which fills them) and interpretation
//! (which reads them).

mod axis;
mod compute;
mod lead;

pub use axis::frontal_axis;
pub use compute::{MeasureInput, measure};

use crate::lead::Lead;
use serde::{Deserialize, Serialize};

/// The QT correction a report shows as "QTc".
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize, schemars::JsonSchema,
)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum QtcFormula {
    /// Bazett 1920: QT / √RR (RR in s).
    #[default]
    Bazett,
    /// Fridericia 1920: QT / ∛RR.
    Fridericia,
    /// Framingham (Sagie et al. 1992): QT + 154 ms × (1 − RR).
    Framingham,
    /// Hodges et al. 1983: QT + 1.75 ms × (HR − 60).
    Hodges,
}

/// QT corrected for rate by each formula (ms).
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Qtc {
    /// Bazett.
    pub bazett_ms: Option<f64>,
    /// Fridericia.
    pub fridericia_ms: Option<f64>,
    /// Framingham.
    pub framingham_ms: Option<f64>,
    /// Hodges.
    pub hodges_ms: Option<f64>,
}

/// The record's global measurements, from the representative beat delineated across all leads
/// together (earliest onset, latest offset, outlying leads left out).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, schemars::JsonSchema)]
pub struct GlobalMeasurements {
    /// Ventricular rate (bpm).
    pub heart_rate_bpm: Option<f64>,
    /// Mean RR of the dominant beats (ms).
    pub rr_ms: Option<f64>,
    /// P-wave duration (ms).
    pub p_ms: Option<f64>,
    /// PR interval: P onset to QRS onset (ms).
    pub pr_ms: Option<f64>,
    /// QRS duration (ms).
    pub qrs_ms: Option<f64>,
    /// QT interval: QRS onset to T offset (ms).
    pub qt_ms: Option<f64>,
    /// QTc by the configured formula ([`GlobalMeasurements::qtc_formula`]) (ms).
    pub qtc_ms: Option<f64>,
    /// The formula behind `qtc_ms`.
    pub qtc_formula: QtcFormula,
    /// QTc by every formula.
    pub qtc: Qtc,
    /// Frontal-plane P axis (degrees, −180..180], from the net P areas in the limb leads.
    pub p_axis_deg: Option<f64>,
    /// Frontal-plane QRS axis (degrees).
    pub qrs_axis_deg: Option<f64>,
    /// Frontal-plane T axis (degrees).
    pub t_axis_deg: Option<f64>,
    /// Ventricular pacing: pacemaker spikes precede the QRS of the dominant beats. `None`
    /// when not looked for. (Added for interpretation: paced rhythm confounds ST elevation and
    /// is read with the Sgarbossa criteria.)
    #[serde(default)]
    pub paced: Option<bool>,
}

/// One lead's measurements on the representative beat.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, schemars::JsonSchema)]
pub struct LeadMeasurements {
    /// The lead's name (as in the record).
    pub lead: String,
    /// Positive P deflection (mV, ≥ 0).
    pub p_pos_mv: Option<f64>,
    /// Negative P deflection (mV, ≤ 0).
    pub p_neg_mv: Option<f64>,
    /// P duration in this lead (ms).
    pub p_ms: Option<f64>,
    /// Duration of the negative part of the P wave (ms); with `p_neg_mv` it gives the P
    /// terminal force in V1 (left atrial abnormality). (Added for interpretation.)
    #[serde(default)]
    pub p_neg_ms: Option<f64>,
    /// Q wave amplitude (mV, ≤ 0).
    pub q_mv: Option<f64>,
    /// Q wave duration (ms).
    pub q_ms: Option<f64>,
    /// R wave amplitude (mV, ≥ 0).
    pub r_mv: Option<f64>,
    /// R wave duration (ms).
    pub r_ms: Option<f64>,
    /// S wave amplitude (mV, ≤ 0).
    pub s_mv: Option<f64>,
    /// S wave duration (ms).
    pub s_ms: Option<f64>,
    /// R′ amplitude (mV, ≥ 0).
    pub r_prime_mv: Option<f64>,
    /// R′ duration (ms).
    pub r_prime_ms: Option<f64>,
    /// S′ amplitude (mV, ≤ 0).
    pub s_prime_mv: Option<f64>,
    /// S′ duration (ms).
    pub s_prime_ms: Option<f64>,
    /// QRS duration in this lead (ms).
    pub qrs_ms: Option<f64>,
    /// R-peak time (intrinsicoid deflection): QRS onset to the peak of the last R (ms).
    pub r_peak_time_ms: Option<f64>,
    /// QRS morphology in the usual notation, e.g. `qRs`, `rSR'`, `QS` (capitals for waves of
    /// 0.5 mV or more).
    pub qrs_morphology: Option<String>,
    /// A delta wave: slurred initial QRS upstroke (ventricular pre-excitation). `None` when
    /// not assessed. (Added for interpretation.)
    #[serde(default)]
    pub delta_wave: Option<bool>,
    /// A notched or slurred R wave (mid-QRS notch, as in left bundle branch block). `None`
    /// when not assessed. (Added for interpretation.)
    #[serde(default)]
    pub qrs_notch: Option<bool>,
    /// An end-QRS notch or slur on the downstroke of the R wave (J wave of early
    /// repolarization, Macfarlane et al. 2015). `None` when not assessed. (Added for
    /// interpretation.)
    #[serde(default)]
    pub j_wave: Option<bool>,
    /// The J-peak (Jp) amplitude of that notch or slur against the baseline (mV). (Added for
    /// interpretation.)
    #[serde(default)]
    pub j_peak_mv: Option<f64>,
    /// QRS net amplitude: largest positive plus largest negative deflection (mV).
    pub qrs_net_mv: Option<f64>,
    /// QRS area, onset to offset (mV·ms).
    pub qrs_area_mv_ms: Option<f64>,
    /// Level at the J point (QRS offset) (mV).
    pub j_mv: Option<f64>,
    /// ST level at J + 60 ms (mV).
    pub st60_mv: Option<f64>,
    /// ST level at J + 80 ms (mV).
    pub st80_mv: Option<f64>,
    /// ST slope from J to J + 80 ms (mV/s): > 0 upsloping, < 0 downsloping.
    pub st_slope_mv_per_s: Option<f64>,
    /// Positive T deflection (mV, ≥ 0).
    pub t_pos_mv: Option<f64>,
    /// Negative T deflection (mV, ≤ 0).
    pub t_neg_mv: Option<f64>,
}

/// One beat's own intervals (the rhythm needs PR beat by beat for AV block).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, schemars::JsonSchema)]
pub struct BeatMeasurements {
    /// The beat's fiducial sample (as detected).
    pub sample: usize,
    /// PR interval of this beat (ms); None when no P wave precedes it.
    pub pr_ms: Option<f64>,
    /// QRS duration of this beat (ms).
    pub qrs_ms: Option<f64>,
    /// QT interval of this beat (ms).
    pub qt_ms: Option<f64>,
}

/// Everything measured on a record.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Measurements {
    /// Global intervals and axes.
    pub global: GlobalMeasurements,
    /// Per-lead amplitudes and ST levels, in the record's lead order.
    pub leads: Vec<LeadMeasurements>,
    /// Per-beat intervals.
    pub beats: Vec<BeatMeasurements>,
}

impl Measurements {
    /// The measurements of this lead, if the record has it and it was measured.
    pub fn lead(&self, lead: &Lead) -> Option<&LeadMeasurements> {
        self.leads.iter().find(|l| Lead::parse(&l.lead) == *lead)
    }
}

/// Measurement choices.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
#[non_exhaustive]
pub struct MeasureConfig {
    /// The QTc formula the report shows as "QTc". Default Bazett (every formula is in
    /// [`GlobalMeasurements::qtc`] regardless).
    pub qtc_formula: QtcFormula,
}

impl Default for MeasureConfig {
    fn default() -> Self {
        MeasureConfig {
            qtc_formula: QtcFormula::Bazett,
        }
    }
}
