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

pub mod evidence;
mod findings_text;
mod rhythm_text;
mod technical_text;
pub mod text;

pub use evidence::{Confounder, Evidence, Quantity, Role, Territory, Topic};
pub use text::{Lang, ParseLangError};

use crate::beats::{Pause, RrStats};
use crate::measure::Measurements;
use crate::quality::LeadQuality;
use crate::rhythm::{Rhythm, RhythmLabel};
use serde::{Deserialize, Serialize};

/// The version of the report's JSON layout; bumped on any change of the layout (2: the
/// patient, statement evidence, the `measurements` section; 3: `crate_version`,
/// `config_hash`, `record.start`, `beat_list`, `texts`, and every optional field written as
/// `null` or `[]` instead of omitted; 4: `beat_list_truncated`, and long records read piece by
/// piece list their beats too). The committed JSON Schema of each version
/// (`schema/report-v{N}.schema.json`, see [`json_schema`]) is checked against this number by
/// a test: a layout change without a bump fails it.
pub const SCHEMA_VERSION: u32 = 4;

/// The JSON Schema of [`Report`] as written by [`Report::to_json`] (draft 2020-12), generated
/// from the types; committed as `schema/report-v{SCHEMA_VERSION}.schema.json` and checked by a
/// test.
///
/// ```
/// let s = sinus::report::json_schema();
/// assert_eq!(s["title"], "Report");
/// ```
pub fn json_schema() -> serde_json::Value {
    let schema = schemars::generate::SchemaSettings::draft2020_12()
        .for_serialize()
        .into_generator()
        .into_root_schema_for::<Report>();
    serde_json::to_value(schema).unwrap_or_default()
}

/// The version of this crate, as written in every report ([`Report::crate_version`]).
pub const CRATE_VERSION: &str = env!("CARGO_PKG_VERSION");

/// How urgently a finding (or the whole record) needs a reader.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    Serialize,
    Deserialize,
    schemars::JsonSchema,
)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Severity {
    /// Within normal limits.
    Normal,
    /// A finding of uncertain or minor significance.
    Borderline,
    /// An abnormal finding.
    Abnormal,
    /// A technical problem (electrode interchange, a recording too noisy to read): the record
    /// goes back to the village doctor to be re-recorded and its interpretation is unreliable.
    /// Above every finding but a critical one, which still needs a reader now.
    Technical,
    /// A finding that needs attention now.
    Critical,
}

/// The stable code of a statement (serialised as `SCREAMING_SNAKE_CASE`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, schemars::JsonSchema)]
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

    // ---- Statements read from the measurements (crate::interpret), in report order. ----
    /// Wide-QRS tachycardia (ventricular tachycardia possible).
    WideQrsTachycardia,
    /// Left axis deviation (QRS axis < −30°).
    LeftAxisDeviation,
    /// Right axis deviation (QRS axis > +90°).
    RightAxisDeviation,
    /// Indeterminate (north-west, −90° to −180°) or undeterminable axis.
    IndeterminateAxis,
    /// First-degree AV block (PR > 200 ms).
    FirstDegreeAvBlock,
    /// Short PR interval (< 120 ms) without pre-excitation.
    ShortPr,
    /// Ventricular pre-excitation (WPW pattern).
    Preexcitation,
    /// Complete right bundle branch block.
    CompleteRbbb,
    /// Incomplete right bundle branch block.
    IncompleteRbbb,
    /// Complete left bundle branch block.
    CompleteLbbb,
    /// Incomplete left bundle branch block.
    IncompleteLbbb,
    /// Left anterior fascicular block.
    LeftAnteriorFascicularBlock,
    /// Left posterior fascicular block.
    LeftPosteriorFascicularBlock,
    /// Non-specific intraventricular conduction delay.
    NonspecificIvcd,
    /// Left atrial abnormality.
    LeftAtrialAbnormality,
    /// Right atrial abnormality.
    RightAtrialAbnormality,
    /// Left ventricular hypertrophy (voltage with a supporting finding).
    LeftVentricularHypertrophy,
    /// Left ventricular high voltage (voltage criteria alone).
    LeftVentricularHighVoltage,
    /// Right ventricular hypertrophy.
    RightVentricularHypertrophy,
    /// Low QRS voltage in the limb leads.
    LowVoltageLimb,
    /// Low QRS voltage in the precordial leads.
    LowVoltagePrecordial,
    /// Acute ST-elevation myocardial infarction (territory on the statement).
    AcuteStemi,
    /// ST elevation explained by a confounder (named on the statement); acute infarction not
    /// excluded.
    StElevationConfounded,
    /// ST depression in V1–V3 with tall R waves: posterior infarction possible.
    PosteriorMiSuspected,
    /// Pathological Q waves (old infarction by territory).
    PathologicalQWaves,
    /// ST depression.
    StDepression,
    /// T-wave inversion.
    TWaveInversion,
    /// Flat (low) T waves.
    FlatTWave,
    /// Early repolarization pattern.
    EarlyRepolarization,
    /// Long QTc.
    LongQtc,
    /// Short QT.
    ShortQt,
    /// Recommendation: record the posterior leads V7–V9.
    RecordPosteriorLeads,
    /// Recommendation: record the right-sided leads V3R–V5R.
    RecordRightLeads,
    /// Leads of the standard 12 that the record does not contain.
    LeadsMissing,
    /// Parts of the reading that could not be assessed (topics on the statement).
    NotAssessed,
    /// Age or sex unknown: the most sensitive sex- and age-specific limits were applied.
    PatientUnknown,
    /// Conclusion: no abnormality in the readable leads (a lead is missing or unreadable).
    NoAbnormalityReadableLeads,
    /// Conclusion: no abnormality in what could be assessed (the reading is incomplete).
    NoAbnormalityAssessed,
    /// Technical: mains (50/60 Hz) interference in the leads named (value = the largest
    /// amplitude, mV); the leads were notch-filtered before analysis.
    MainsInterference,
    /// Technical: muscle (EMG) noise in the leads named (value = the largest noise RMS, mV).
    MuscleNoise,
    /// Technical: baseline wander in the leads named (value = the largest, mV).
    BaselineWander,
    /// Technical: the recording is too noisy for the atrial activity (P, flutter or
    /// fibrillatory waves) to be assessed; no atrial rhythm is named.
    AtrialActivityNotAssessable,
    /// Technical: a limb-electrode interchange is suspected; `leads` names the electrodes
    /// (e.g. `["LA", "RA"]`, three for a rotation). The record should be re-recorded.
    LimbLeadReversal,
    /// Technical: two chest electrodes are suspected interchanged; `leads` names them
    /// (e.g. `["V1", "V2"]`). The record should be re-recorded.
    ChestLeadReversal,
    /// Conclusion of a record with a technical problem: the interpretation is unreliable and
    /// the record goes back to be re-recorded (severity [`Severity::Technical`]).
    InterpretationUnreliable,
}

impl StatementCode {
    /// True for the conclusions, one of which ends every report: normal, borderline, abnormal
    /// ECG, no abnormality in the readable leads or in what was assessed, interpretation
    /// unreliable.
    pub fn is_conclusion(self) -> bool {
        use StatementCode as C;
        matches!(
            self,
            C::NormalEcg
                | C::BorderlineEcg
                | C::AbnormalEcg
                | C::NoAbnormalityReadableLeads
                | C::NoAbnormalityAssessed
                | C::InterpretationUnreliable
        )
    }

    /// True for the statements about the recording rather than the heart (noise, excluded
    /// leads, electrode interchange, unreliable interpretation).
    pub fn is_technical(self) -> bool {
        use StatementCode as C;
        matches!(
            self,
            C::LeadsExcluded
                | C::NoReadableLead
                | C::MainsInterference
                | C::MuscleNoise
                | C::BaselineWander
                | C::AtrialActivityNotAssessable
                | C::LimbLeadReversal
                | C::ChestLeadReversal
                | C::InterpretationUnreliable
        )
    }
}

/// One finding: a stable code, its severity, and the figures the text needs.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[non_exhaustive]
pub struct Statement {
    /// The code.
    pub code: StatementCode,
    /// The severity.
    pub severity: Severity,
    /// A count (premature beats, pauses, AF episodes; for atrial flutter the conduction ratio
    /// N of N:1), when the statement has one.
    #[serde(default)]
    pub count: Option<usize>,
    /// A value (the longest pause in s, the rate in bpm), when the statement has one.
    #[serde(default)]
    pub value: Option<f64>,
    /// Leads concerned (excluded leads; the leads of a finding).
    #[serde(default)]
    pub leads: Vec<String>,
    /// The infarct territory (acute ST-elevation infarction, pathological Q waves).
    #[serde(default)]
    pub territory: Option<Territory>,
    /// The condition that mimics or masks ST elevation, where one was found.
    #[serde(default)]
    pub confounder: Option<Confounder>,
    /// The parts of the reading not assessed (for [`StatementCode::NotAssessed`]).
    #[serde(default)]
    pub topics: Vec<Topic>,
    /// The leads and values that triggered the statement.
    #[serde(default)]
    pub evidence: Vec<Evidence>,
    /// Further figures the sentence shows, in its order (the P and QRS rates of a complete AV
    /// block, the PR sequence of a Wenckebach period).
    #[serde(default)]
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
            territory: None,
            confounder: None,
            topics: Vec::new(),
            evidence: Vec::new(),
            figures: Vec::new(),
        }
    }

    /// The same statement with its evidence.
    pub fn with_evidence(mut self, evidence: Vec<Evidence>) -> Statement {
        self.evidence = evidence;
        self
    }
}

/// Facts about the record analysed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[non_exhaustive]
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
    #[serde(default)]
    pub mains_hz: Option<f64>,
    /// When the recording started, as far as its header says (`null` when it does not).
    #[serde(default)]
    pub start: Option<crate::record::StartTime>,
}

/// One detected beat, for drawing beat marks and for a platform's own statistics.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[non_exhaustive]
pub struct ReportBeat {
    /// The detector's fiducial sample (0-based, in the record's samples).
    pub sample: usize,
    /// The same, in seconds from the start of the record.
    pub time_s: f64,
    /// The beat's class.
    pub class: crate::beats::BeatClass,
    /// The leads the complex was seen in (empty when the beats were given, not detected).
    pub leads: Vec<String>,
}

/// The report's text in one language, as [`Report::text`] and [`Report::summary`] write it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[non_exhaustive]
pub struct ReportText {
    /// The language.
    pub lang: Lang,
    /// The one-line conclusion.
    pub summary: String,
    /// The full text.
    pub text: String,
}

/// Beats counted by class.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, schemars::JsonSchema,
)]
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

impl BeatCounts {
    /// The counts of these beats by class.
    pub(crate) fn of(beats: &[crate::beats::BeatInfo]) -> BeatCounts {
        let mut c = BeatCounts::default();
        for b in beats {
            c.add(b.class);
        }
        c
    }

    /// Counts one more beat of this class.
    pub(crate) fn add(&mut self, class: crate::beats::BeatClass) {
        use crate::beats::BeatClass as C;
        self.total += 1;
        match class {
            C::Dominant => self.dominant += 1,
            C::SupraventricularPremature => self.supraventricular_premature += 1,
            C::VentricularPremature => self.ventricular_premature += 1,
            C::Unclassified => self.unclassified += 1,
            C::Paced => self.paced += 1,
        }
    }
}

/// Ventricular rates (bpm): mean over the record, and the extremes of the beat-to-beat rate.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Rates {
    /// 60 000 / mean RR.
    pub mean_bpm: f64,
    /// 60 000 / longest RR.
    pub min_bpm: f64,
    /// 60 000 / shortest RR.
    pub max_bpm: f64,
}

/// The report of one record.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[non_exhaustive]
pub struct Report {
    /// [`SCHEMA_VERSION`] at the time of writing.
    pub schema_version: u32,
    /// The version of sinus that wrote the report ([`CRATE_VERSION`]).
    #[serde(default)]
    pub crate_version: String,
    /// A stable hash of the effective configuration ([`crate::Config::fingerprint`]): two
    /// reports with the same `crate_version` and `config_hash` were produced by the same
    /// algorithm with the same settings.
    #[serde(default)]
    pub config_hash: String,
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
    /// The patient's age and sex, as given by the caller or read from the header.
    #[serde(default)]
    pub patient: crate::interpret::Patient,
    /// Pauses.
    pub pauses: Vec<Pause>,
    /// For long recordings (see [`crate::pipeline::EpisodeConfig`]): the rhythm window by
    /// window, consecutive windows with the same label merged. Empty for a resting ECG.
    #[serde(default)]
    pub rhythm_episodes: Vec<RhythmEpisode>,
    /// QRS width of the dominant beat (ms), a coarse multi-lead estimate.
    pub dominant_qrs_ms: Option<f64>,
    /// A suspected electrode interchange and the check that found it.
    #[serde(default)]
    pub interchange: Option<crate::quality::reversal::InterchangeFinding>,
    /// Intervals, axes, amplitudes and ST levels (`global`, `leads`, `beats`), when there was a
    /// readable lead.
    #[serde(default)]
    pub measurements: Option<Measurements>,
    /// Findings, in reading order, ending with the conclusion.
    pub statements: Vec<Statement>,
    /// The worst severity among the statements.
    pub triage: Severity,
    /// Every beat, in time order: sample, time, class and leads. A long record read piece by
    /// piece ([`crate::Pipeline::analyze_long`]) lists at most
    /// [`LongOptions::max_beat_list`](crate::pipeline::LongOptions::max_beat_list) beats, the
    /// first ones; [`beats`](Report::beats) counts them all.
    #[serde(default)]
    pub beat_list: Vec<ReportBeat>,
    /// True when `beat_list` was cut at that bound: it then holds fewer beats than
    /// `beats.total`.
    #[serde(default)]
    pub beat_list_truncated: bool,
    /// The rendered text in the languages asked for ([`Report::with_texts`]); empty unless
    /// asked.
    #[serde(default)]
    pub texts: Vec<ReportText>,
    /// Time spent analysing (ms).
    pub processing_ms: f64,
}

/// A stretch of a long recording read as one rhythm: consecutive analysis windows with the
/// same label.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[non_exhaustive]
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

impl RecordFacts {
    /// Facts of a record analysed elsewhere (`Report` and `RecordFacts` are `non_exhaustive`:
    /// build them with these constructors, then set the public fields).
    pub fn new(name: impl Into<String>, leads: Vec<String>, fs_hz: f64, n_samples: usize) -> Self {
        RecordFacts {
            name: name.into(),
            leads,
            fs_hz,
            n_samples,
            duration_s: if fs_hz > 0.0 {
                n_samples as f64 / fs_hz
            } else {
                0.0
            },
            mains_hz: None,
            start: None,
        }
    }
}

impl Report {
    /// A report assembled from parts read elsewhere (a research tool feeding its own
    /// measurements to the interpretation): the given record, rhythm and statements, triage
    /// the worst statement's severity, everything else empty; set the public fields after.
    ///
    /// ```
    /// use sinus::report::{RecordFacts, Report, Severity, Statement, StatementCode};
    /// let facts = RecordFacts::new("r", vec!["II".into()], 500.0, 5000);
    /// let s = Statement::new(StatementCode::SinusRhythm, Severity::Normal);
    /// let r = Report::new(facts, sinus::rhythm::Rhythm::undetermined("given"), vec![s]);
    /// assert_eq!((r.triage, r.record.duration_s), (Severity::Normal, 10.0));
    /// ```
    pub fn new(record: RecordFacts, rhythm: Rhythm, statements: Vec<Statement>) -> Report {
        let triage = statements
            .iter()
            .map(|s| s.severity)
            .max()
            .unwrap_or(Severity::Normal);
        Report {
            schema_version: SCHEMA_VERSION,
            crate_version: CRATE_VERSION.to_string(),
            config_hash: String::new(),
            record,
            quality: Vec::new(),
            excluded_leads: Vec::new(),
            beats: BeatCounts::default(),
            rates: None,
            rr: None,
            rr_dominant: None,
            rhythm,
            patient: crate::interpret::Patient::default(),
            pauses: Vec::new(),
            rhythm_episodes: Vec::new(),
            dominant_qrs_ms: None,
            interchange: None,
            measurements: None,
            statements,
            triage,
            beat_list: Vec::new(),
            beat_list_truncated: false,
            texts: Vec::new(),
            processing_ms: 0.0,
        }
    }

    /// The report as pretty JSON.
    pub fn to_json_pretty(&self) -> Result<String, serde_json::Error> {
        serde_json::to_string_pretty(self)
    }
    /// The report as one line of JSON. Every optional field is present, `null` or `[]` when
    /// absent (one rule for the whole report).
    ///
    /// Errors only if serialisation fails, which the report's types do not do (maps have string
    /// keys); the `Result` is there so a failure can never pass for an empty report.
    pub fn to_json(&self) -> Result<String, serde_json::Error> {
        serde_json::to_string(self)
    }
    /// The same report with its text in each of `langs` in [`Report::texts`] (for a platform
    /// that stores the JSON and shows the text).
    ///
    /// ```
    /// use sinus::report::Lang;
    /// let syn = sinus::synth::generate(&Default::default()).unwrap();
    /// let r = sinus::analyze(&syn.record).unwrap().with_texts(&[Lang::Zh, Lang::En]);
    /// assert_eq!(r.texts[0].lang, Lang::Zh);
    /// assert_eq!(r.texts[1].summary, r.summary(Lang::En));
    /// ```
    pub fn with_texts(mut self, langs: &[Lang]) -> Report {
        self.texts = langs
            .iter()
            .map(|&lang| ReportText {
                lang,
                summary: self.summary(lang),
                text: self.text(lang),
            })
            .collect();
        self
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
