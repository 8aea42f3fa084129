//! The report: what the first read found, as data (serde, versioned by [`SCHEMA_VERSION`]) and as
//! short text in English or Chinese ([`text`]).
//!
//! A report always exists for a record that could be read, even when nothing in it can be
//! interpreted: then it says so ("technical problem: no readable lead") instead of failing.
//!
//! ```
//! use sinus::report::{Severity, StatementCode, Statement};
//! let s = Statement::new(StatementCode::SinusRhythm, Severity::Normal);
//! assert_eq!(serde_json::to_string(&s.code).unwrap(), "\"SINUS_RHYTHM\"");
//! assert!(Severity::Critical > Severity::Abnormal);
//! ```

mod rhythm_text;
pub mod text;

pub use text::Lang;

use crate::beats::{Pause, RrStats};
use crate::quality::LeadQuality;
use crate::rhythm::{Rhythm, RhythmLabel};
use serde::{Deserialize, Serialize};

/// The version of the report's JSON layout; bumped on any incompatible change.
pub const SCHEMA_VERSION: u32 = 1;

/// How urgently a finding (or the whole record) needs a reader.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// Within normal limits.
    Normal,
    /// A finding of uncertain or minor significance.
    Borderline,
    /// An abnormal finding.
    Abnormal,
    /// A finding that needs attention now.
    Critical,
}

/// The stable code of a statement (serialised as `SCREAMING_SNAKE_CASE`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
#[non_exhaustive]
pub enum StatementCode {
    /// Sinus rhythm.
    SinusRhythm,
    /// Sinus bradycardia.
    SinusBradycardia,
    /// Sinus tachycardia.
    SinusTachycardia,
    /// Sinus arrhythmia.
    SinusArrhythmia,
    /// Atrial fibrillation.
    AtrialFibrillation,
    /// Atrial flutter.
    AtrialFlutter,
    /// Irregular rhythm, unclassified.
    IrregularRhythm,
    /// Regular rhythm without an identifiable P wave.
    RegularRhythmNoP,
    /// Episodes of atrial fibrillation in a long recording whose main rhythm is another
    /// (count = episodes, value = the longest, in seconds).
    AtrialFibrillationEpisodes,
    /// Rhythm cannot be determined (too few beats).
    RhythmUndetermined,
    /// Premature ventricular complexes.
    PrematureVentricular,
    /// Premature supraventricular (atrial) complexes.
    PrematureSupraventricular,
    /// A pause longer than the configured limit.
    Pause,
    /// Leads left out of the analysis for poor signal.
    LeadsExcluded,
    /// Technical problem: no readable lead.
    NoReadableLead,
    /// Sinus bradycardia with sinus arrhythmia.
    SinusBradycardiaWithArrhythmia,
    /// Sinus tachycardia with sinus arrhythmia.
    SinusTachycardiaWithArrhythmia,
    /// Ectopic atrial rhythm.
    EctopicAtrialRhythm,
    /// Junctional rhythm.
    JunctionalRhythm,
    /// Accelerated junctional rhythm.
    AcceleratedJunctionalRhythm,
    /// Supraventricular tachycardia.
    SupraventricularTachycardia,
    /// Ventricular tachycardia (the rhythm of the record).
    VentricularTachycardia,
    /// Idioventricular rhythm (accelerated above 40 bpm).
    IdioventricularRhythm,
    /// Ventricular flutter or fibrillation.
    VentricularFlutterFibrillation,
    /// Atrial paced rhythm.
    AtrialPacedRhythm,
    /// Ventricular paced rhythm (atrial rhythm not read).
    VentricularPacedRhythm,
    /// Atrial fibrillation with ventricular pacing.
    AtrialFibrillationWithVentricularPacing,
    /// Complete AV block with ventricular pacing.
    CompleteAvBlockWithVentricularPacing,
    /// Sinus rhythm with atrial-sensed ventricular pacing.
    SinusRhythmWithVentricularPacing,
    /// AV sequential (dual-chamber) paced rhythm.
    AvSequentialPacedRhythm,
    /// Paced beats in a rhythm that is not paced throughout (count = paced beats).
    IntermittentPacing,
    /// First-degree AV block (value = PR, ms).
    AvBlockFirstDegree,
    /// Second-degree AV block, Mobitz type I (figures = the PR sequence, ms).
    AvBlockMobitzI,
    /// Second-degree AV block, Mobitz type II (value = the constant PR, ms).
    AvBlockMobitzII,
    /// Second-degree AV block with 2:1 conduction.
    AvBlockTwoToOne,
    /// High-grade AV block.
    AvBlockHighGrade,
    /// Third-degree (complete) AV block (figures = P rate, QRS rate).
    AvBlockThirdDegree,
    /// Second-degree AV block, type not determined.
    AvBlockSecondDegree,
    /// Runs of ventricular tachycardia (≥ 3 ventricular beats at ≥ the tachycardia limit) in
    /// another rhythm (count = runs, value = the fastest rate).
    VentricularTachycardiaRuns,
    /// Runs of supraventricular premature beats (count = runs, value = the fastest rate).
    SupraventricularRuns,
    /// Ventricular premature beats in bigeminy.
    VentricularBigeminy,
    /// Ventricular premature beats in trigeminy.
    VentricularTrigeminy,
    /// Atrial premature beats in bigeminy.
    SupraventricularBigeminy,
    /// Normal ECG (conclusion).
    NormalEcg,
    /// Borderline ECG (conclusion).
    BorderlineEcg,
    /// Abnormal ECG (conclusion).
    AbnormalEcg,
}

/// One finding: a stable code, its severity, and the figures the text needs.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Statement {
    /// The code.
    pub code: StatementCode,
    /// The severity.
    pub severity: Severity,
    /// A count (premature beats, pauses, AF episodes; for atrial flutter the conduction ratio
    /// N of N:1), when the statement has one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub count: Option<usize>,
    /// A value (the longest pause in s, the rate in bpm), when the statement has one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<f64>,
    /// Leads concerned (excluded leads).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub leads: Vec<String>,
    /// Further figures the sentence shows, in its order (the P and QRS rates of a complete AV
    /// block, the PR sequence of a Wenckebach period).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub figures: Vec<f64>,
}

impl Statement {
    /// A statement without figures.
    pub fn new(code: StatementCode, severity: Severity) -> Statement {
        Statement {
            code,
            severity,
            count: None,
            value: None,
            leads: Vec::new(),
            figures: Vec::new(),
        }
    }
}

/// Facts about the record analysed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RecordFacts {
    /// Record name.
    pub name: String,
    /// Lead names, in signal order.
    pub leads: Vec<String>,
    /// Sample rate (Hz).
    pub fs_hz: f64,
    /// Samples per lead.
    pub n_samples: usize,
    /// Duration (s).
    pub duration_s: f64,
    /// Mains frequency found or assumed by conditioning (Hz), if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mains_hz: Option<f64>,
}

/// Beats counted by class.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct BeatCounts {
    /// All beats detected.
    pub total: usize,
    /// Beats of the dominant rhythm.
    pub dominant: usize,
    /// Premature supraventricular beats.
    pub supraventricular_premature: usize,
    /// Premature ventricular beats.
    pub ventricular_premature: usize,
    /// Beats not classified (at the record's edges).
    pub unclassified: usize,
    /// Ventricular paced beats.
    #[serde(default)]
    pub paced: usize,
}

/// Ventricular rates (bpm): mean over the record, and the extremes of the beat-to-beat rate.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Rates {
    /// 60 000 / mean RR.
    pub mean_bpm: f64,
    /// 60 000 / longest RR.
    pub min_bpm: f64,
    /// 60 000 / shortest RR.
    pub max_bpm: f64,
}

/// The report of one record.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Report {
    /// [`SCHEMA_VERSION`] at the time of writing.
    pub schema_version: u32,
    /// The record.
    pub record: RecordFacts,
    /// Per-lead signal quality.
    pub quality: Vec<LeadQuality>,
    /// Leads left out of detection and measurement.
    pub excluded_leads: Vec<String>,
    /// Beat counts by class.
    pub beats: BeatCounts,
    /// Rates, when there are at least two beats.
    pub rates: Option<Rates>,
    /// RR statistics over all intervals.
    pub rr: Option<RrStats>,
    /// RR statistics of the underlying (non-premature) cycle.
    pub rr_dominant: Option<RrStats>,
    /// The rhythm and its evidence.
    pub rhythm: Rhythm,
    /// Pauses.
    pub pauses: Vec<Pause>,
    /// For long recordings (see [`crate::pipeline::EpisodeConfig`]): the rhythm window by
    /// window, consecutive windows with the same label merged. Empty for a resting ECG.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub rhythm_episodes: Vec<RhythmEpisode>,
    /// QRS width of the dominant beat (ms), a coarse multi-lead estimate.
    pub dominant_qrs_ms: Option<f64>,
    /// Findings, in reading order, ending with the conclusion.
    pub statements: Vec<Statement>,
    /// The worst severity among the statements.
    pub triage: Severity,
    /// Time spent analysing (ms).
    pub processing_ms: f64,
}

/// A stretch of a long recording read as one rhythm: consecutive analysis windows with the
/// same label.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RhythmEpisode {
    /// Start, in seconds from the start of the record.
    pub start_s: f64,
    /// End (s).
    pub end_s: f64,
    /// The label of its windows.
    pub label: RhythmLabel,
    /// The number of windows merged.
    pub windows: usize,
}

impl RhythmEpisode {
    /// Its duration (s).
    pub fn duration_s(&self) -> f64 {
        self.end_s - self.start_s
    }
}

/// The time (s) each rhythm holds over `episodes`, longest first (ties in order of first
/// appearance).
pub fn time_by_label<'a>(
    episodes: impl IntoIterator<Item = &'a RhythmEpisode>,
) -> Vec<(RhythmLabel, f64)> {
    let mut time: Vec<(RhythmLabel, f64)> = Vec::new();
    for e in episodes {
        match time.iter_mut().find(|(l, _)| *l == e.label) {
            Some((_, t)) => *t += e.duration_s(),
            None => time.push((e.label, e.duration_s())),
        }
    }
    // Stable: equal times keep their order.
    time.sort_by(|a, b| b.1.total_cmp(&a.1));
    time
}

impl Report {
    /// The report as pretty JSON.
    pub fn to_json_pretty(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_default()
    }
    /// The report as one line of JSON.
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }
    /// The full text in `lang` (see [`text::render`]).
    pub fn text(&self, lang: Lang) -> String {
        text::render(self, lang)
    }
    /// The one-line conclusion in `lang` (see [`text::summary`]).
    pub fn summary(&self, lang: Lang) -> String {
        text::summary(self, lang)
    }
    /// True when the statements include the given code.
    pub fn has(&self, code: StatementCode) -> bool {
        self.statements.iter().any(|s| s.code == code)
    }
}
