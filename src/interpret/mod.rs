//! Interpretation: the statements a cardiologist writes, from the rhythm, the beats, the
//! measurements and the patient, each with its severity and the evidence (leads and values)
//! that triggered it, ending with the conclusion; the triage is the worst severity among them.
//!
//! One rule per statement, grouped by concern, in the order of a Chinese ECG report:
//! - [`rhythm`](self) statements (rhythm, ectopic beats, pauses) — `rhythm.rs`;
//! - axis (电轴左偏/右偏, 不确定电轴) — `axis.rs`;
//! - conduction (一度房室传导阻滞, 预激, 束支/分支传导阻滞, 室内传导阻滞) — `conduction.rs`;
//! - chambers (心房异常, 左/右心室肥厚, 低电压) — `chambers.rs`;
//! - infarction (急性ST段抬高型心肌梗死 by territory on 12 or 18 leads, its confounders,
//!   posterior and right-ventricular signs, 异常Q波) — `infarction.rs`;
//! - repolarization (ST段压低, T波倒置/低平, 早期复极) — `repolarization.rs`;
//! - QT (QT间期延长/缩短) — `qt.rs`;
//! - what could not be assessed, and the conclusion (正常心电图 only when it is) —
//!   `conclusion.rs`.
//!
//! Thresholds live in [`InterpretConfig`] (criteria, with their sources) and
//! [`SeverityConfig`] (rate and pause severities). Where sex or age is unknown, the most
//! sensitive cut-point applies and the report says so.
//!
//! ```
//! use sinus::interpret::{InterpretConfig, InterpretInput, Patient, SeverityConfig, interpret};
//! use sinus::report::{BeatCounts, StatementCode};
//! use sinus::rhythm::{Rhythm, RhythmLabel};
//! let rhythm = Rhythm::undetermined("example");
//! let input = InterpretInput {
//!     rhythm: &rhythm,
//!     counts: &BeatCounts::default(),
//!     rates: None,
//!     pauses: &[],
//!     leads: &sinus::Lead::STANDARD_12,
//!     excluded_leads: &[],
//!     episodes: &[],
//!     min_af_episode_s: 30.0,
//!     measurements: None,
//!     patient: &Patient::default(),
//! };
//! let st = interpret(&input, &SeverityConfig::default(), &InterpretConfig::default());
//! assert_eq!(st[0].code, StatementCode::RhythmUndetermined);
//! // Without measurements nothing beyond the rhythm is judged, and the report says so.
//! assert!(st.iter().any(|s| s.code == StatementCode::NotAssessed));
//! assert_ne!(st.last().unwrap().code, StatementCode::NormalEcg);
//! ```

mod axis;
mod chambers;
mod conclusion;
mod conduction;
mod config;
mod infarction;
pub(crate) mod leads;
mod patient;
mod qt;
mod repolarization;
mod rhythm;
pub mod technical;

pub use config::{
    AxisCriteria, ChamberCriteria, ConductionCriteria, InfarctionCriteria, InterpretConfig,
    InvalidCriterion, QtCriteria, RepolarizationCriteria,
};
pub use patient::{ParseSexError, Patient, PatientSource, Sex};

use crate::beats::Pause;
use crate::lead::Lead;
use crate::measure::{GlobalMeasurements, Measurements};
use crate::report::{
    BeatCounts, Evidence, Rates, RhythmEpisode, Severity, Statement, StatementCode, Topic,
};
use crate::rhythm::{Rhythm, RhythmLabel};
use leads::{L, LeadTable};
use serde::{Deserialize, Serialize};

/// Where rhythm findings turn from borderline to abnormal or critical.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct SeverityConfig {
    /// A rate below this is abnormal (bpm). Default 40 (marked bradycardia).
    pub marked_bradycardia_bpm: f64,
    /// A rate above this is abnormal (bpm). Default 130.
    pub marked_tachycardia_bpm: f64,
    /// A rate above this is critical (bpm). Default 150.
    pub critical_tachycardia_bpm: f64,
    /// A rate below this is critical (bpm). Default 40.
    #[serde(default = "default_critical_bradycardia_bpm")]
    pub critical_bradycardia_bpm: f64,
    /// A pause longer than this is critical (s). Default 3.0 (2018 ACC/AHA/HRS bradycardia
    /// guideline: pauses > 3 s while awake are significant).
    pub critical_pause_s: f64,
    /// This many premature ventricular beats or more make the finding abnormal. Default 3.
    pub abnormal_pvc_count: usize,
}

fn default_critical_bradycardia_bpm() -> f64 {
    40.0
}

impl Default for SeverityConfig {
    fn default() -> Self {
        SeverityConfig {
            marked_bradycardia_bpm: 40.0,
            marked_tachycardia_bpm: 130.0,
            critical_tachycardia_bpm: 150.0,
            critical_bradycardia_bpm: default_critical_bradycardia_bpm(),
            critical_pause_s: 3.0,
            abnormal_pvc_count: 3,
        }
    }
}

/// What the statements are read from: the outputs of the stages before.
#[derive(Debug, Clone, Copy)]
pub struct InterpretInput<'a> {
    /// The rhythm and its evidence.
    pub rhythm: &'a Rhythm,
    /// Beat counts by class.
    pub counts: &'a BeatCounts,
    /// Ventricular rates, when there are at least two beats.
    pub rates: Option<Rates>,
    /// Pauses.
    pub pauses: &'a [Pause],
    /// The record's leads, in signal order (any order, any subset of the 18, other leads
    /// ignored by the morphology rules).
    pub leads: &'a [Lead],
    /// Leads left out for poor signal (names).
    pub excluded_leads: &'a [String],
    /// Rhythm episodes of a long recording (empty for a resting ECG).
    pub episodes: &'a [RhythmEpisode],
    /// Atrial fibrillation episodes at least this long (s) are reported when the main rhythm is
    /// another ([`crate::pipeline::EpisodeConfig::min_af_episode_s`]).
    pub min_af_episode_s: f64,
    /// Intervals, axes and amplitudes, when the record was delineated; `None` leaves every
    /// measurement-based statement unassessed (and the report says so).
    pub measurements: Option<&'a Measurements>,
    /// Age and sex.
    pub patient: &'a Patient,
}

/// What every rule reads.
pub(crate) struct Ctx<'a> {
    pub t: LeadTable,
    pub g: Option<GlobalMeasurements>,
    pub cfg: &'a InterpretConfig,
    pub patient: &'a Patient,
    pub rhythm: RhythmLabel,
    pub rate: Option<f64>,
}

impl Ctx<'_> {
    /// A global measurement, `None` when unmeasured (or not finite).
    pub(crate) fn global(&self, f: impl Fn(&GlobalMeasurements) -> Option<f64>) -> Option<f64> {
        self.g.as_ref().and_then(f)
    }
}

/// Facts one rule establishes for the rules after it.
#[derive(Debug, Clone, Default)]
pub(crate) struct Flags {
    pub complete_lbbb: bool,
    pub complete_rbbb: bool,
    pub incomplete_rbbb: bool,
    pub preexcitation: bool,
    pub paced: bool,
    /// A non-specific intraventricular conduction delay with a QRS ≥ 120 ms.
    pub wide_ivcd: bool,
    /// Left ventricular voltage criteria met (hypertrophy or high voltage).
    pub lv_voltage: bool,
    pub rvh: bool,
    /// Leads already named for reciprocal ST depression or the posterior sign.
    pub st_named: Vec<L>,
}

/// The statements found so far, what could not be assessed, and the flags.
#[derive(Debug, Default)]
pub(crate) struct Findings {
    pub st: Vec<Statement>,
    pub unassessed: Vec<Topic>,
    pub flags: Flags,
    /// True when a sex- or age-specific limit was used while sex or age was unknown.
    pub used_unknown_patient: bool,
}

impl Findings {
    pub(crate) fn unassessed(&mut self, t: Topic) {
        if !self.unassessed.contains(&t) {
            self.unassessed.push(t);
        }
    }
    pub(crate) fn push(&mut self, code: StatementCode, sev: Severity, evidence: Vec<Evidence>) {
        self.st
            .push(Statement::new(code, sev).with_evidence(evidence));
    }
}

/// The names of leads, in the order given.
pub(crate) fn names(ls: &[L]) -> Vec<String> {
    ls.iter().map(|l| l.name().to_string()).collect()
}

/// The statements of a record, in reading order (rhythm first), ending with the conclusion.
pub fn interpret(
    input: &InterpretInput<'_>,
    sv: &SeverityConfig,
    cfg: &InterpretConfig,
) -> Vec<Statement> {
    let ctx = Ctx {
        t: LeadTable::new(input.leads, input.excluded_leads, input.measurements),
        g: input
            .measurements
            .map(|m| leads::sanitise_global(&m.global)),
        cfg,
        patient: input.patient,
        rhythm: input.rhythm.label,
        rate: leads::sane(input.rates.map(|r| r.mean_bpm)),
    };
    let mut f = Findings {
        st: rhythm::statements(input, sv),
        ..Findings::default()
    };
    if input.measurements.is_some() && ctx.t.any() {
        conduction::wide_qrs_tachycardia(&ctx, &mut f);
        axis::read(&ctx, &mut f);
        conduction::read(&ctx, &mut f);
        chambers::read(&ctx, &mut f);
        conduction::posterior_fascicle(&ctx, &mut f);
        infarction::read(&ctx, &mut f);
        repolarization::read(&ctx, &mut f);
        qt::read(&ctx, &mut f);
    } else {
        for t in Topic::ALL {
            f.unassessed(t);
        }
    }
    conclusion::finish(input, &ctx, f)
}

/// [`interpret`], then the technical statements ([`technical::amend`]): noise, atrial activity
/// not assessable, electrode interchange, and the unreliable conclusion of a record to re-record.
pub fn interpret_with_technical(
    input: &InterpretInput<'_>,
    tech: &technical::TechnicalInput<'_>,
    sv: &SeverityConfig,
    icfg: &InterpretConfig,
) -> Vec<Statement> {
    let mut st = interpret(input, sv, icfg);
    technical::amend(&mut st, tech);
    st
}

#[cfg(test)]
pub(crate) mod testkit;
#[cfg(test)]
mod tests;
