//! The first read end to end: [`Config`] → [`Pipeline`] → [`Pipeline::analyze`] → [`Report`].
//!
//! Stages, one module each, data flowing one way: signal quality per lead ([`crate::quality`]) →
//! QRS detection on the usable leads ([`crate::detect`], which filters internally) → RR and beat
//! analysis with the P-wave evidence ([`crate::beats`]) → rhythm classification
//! ([`crate::rhythm`]) → report ([`crate::report`]).
//!
//! Conditioning ([`crate::filter::condition`]) is optional ([`ConfigBuilder::conditioning`]) and
//! off by default: the detector band-passes internally and the beat analysis removes baseline
//! locally around each beat, while a zero-phase band-pass of twelve 10 s leads alone costs
//! 0.3–0.9 ms on one core, the whole budget of a first read. When it is on, quality is still
//! judged on the raw signal, and detection and measurement run on the conditioned one.
//!
//! A [`Pipeline`] is immutable and `Send + Sync`: build one, share it between threads.

use crate::beats::{BeatAnalysis, BeatClass, BeatConfig, analyze_beats};
use crate::lead::Lead;
use crate::quality::{QualityConfig, assess};
use crate::record::Record;
use crate::report::{
    BeatCounts, Rates, RecordFacts, Report, RhythmEpisode, SCHEMA_VERSION, Severity, Statement,
    StatementCode, time_by_label,
};
use crate::rhythm::{Rhythm, RhythmConfig, RhythmEvidence, RhythmInput, RhythmLabel, classify};
use ndarray::{ArrayView2, s};
use serde::{Deserialize, Serialize};
use std::time::Instant;

/// A configuration value out of its allowed range.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum ConfigError {
    /// A threshold is outside its allowed range.
    #[error("invalid configuration: {field} = {found}, expected {expected}")]
    InvalidValue {
        /// The field.
        field: &'static str,
        /// The value given.
        found: f64,
        /// What is allowed.
        expected: &'static str,
    },
}

/// Why a record could not be analysed at all (a record that is merely unreadable yields a
/// report saying so, not an error).
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum AnalyzeError {
    /// The record has no lead.
    #[error("record {record:?} has no lead: expected at least one signal")]
    NoLeads {
        /// The record name.
        record: String,
    },
    /// The record has no sample.
    #[error("record {record:?} has no samples: expected at least one")]
    NoSamples {
        /// The record name.
        record: String,
    },
    /// Conditioning failed (e.g. on missing samples, which the filters do not accept).
    #[error("record {record:?}: conditioning failed: {source}")]
    Conditioning {
        /// The record name.
        record: String,
        /// The filter's error.
        #[source]
        source: crate::filter::FilterError,
    },
    /// The QRS detector refused the record (e.g. a sample rate it does not support).
    #[error("record {record:?}: QRS detection failed: {source}")]
    Detect {
        /// The record name.
        record: String,
        /// The detector's error.
        #[source]
        source: crate::detect::DetectError,
    },
}

/// Everything the pipeline's stages are tuned by, in physical units.
///
/// `Config::default()` suits a 10 s resting 12- or 18-lead ECG. Change thresholds with the
/// builder:
///
/// ```
/// use sinus::Config;
/// let cfg = Config::builder().bradycardia_bpm(50.0).pause_s(3.0).build().unwrap();
/// assert_eq!(cfg.rhythm.bradycardia_bpm, 50.0);
/// assert!(Config::builder().tachycardia_bpm(-1.0).build().is_err());
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct Config {
    /// Signal quality thresholds.
    pub quality: QualityConfig,
    /// Beat analysis thresholds (prematurity, QRS width, pauses).
    pub beats: BeatConfig,
    /// Rhythm thresholds (bradycardia, tachycardia, sinus arrhythmia, AF irregularity).
    pub rhythm: RhythmConfig,
    /// Severity thresholds of the report.
    pub severity: SeverityConfig,
    /// The QRS detector's configuration.
    pub detector: crate::detect::DetectorConfig,
    /// How long recordings are also read window by window.
    #[serde(default)]
    pub episodes: EpisodeConfig,
    /// Conditioning before detection, if any (default none; not serialised).
    #[serde(skip)]
    pub conditioning: Option<crate::filter::Conditioning>,
}

/// Where findings turn from borderline to abnormal or critical.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SeverityConfig {
    /// A rate below this is abnormal (bpm). Default 40 (marked bradycardia).
    pub marked_bradycardia_bpm: f64,
    /// A rate above this is abnormal (bpm). Default 130.
    pub marked_tachycardia_bpm: f64,
    /// A rate above this is critical (bpm). Default 150.
    pub critical_tachycardia_bpm: f64,
    /// A pause longer than this is critical (s). Default 3.0 (2018 ACC/AHA/HRS bradycardia
    /// guideline: pauses > 3 s while awake are significant).
    pub critical_pause_s: f64,
    /// This many premature ventricular beats or more make the finding abnormal. Default 3.
    pub abnormal_pvc_count: usize,
}

impl Default for SeverityConfig {
    fn default() -> Self {
        SeverityConfig {
            marked_bradycardia_bpm: 40.0,
            marked_tachycardia_bpm: 130.0,
            critical_tachycardia_bpm: 150.0,
            critical_pause_s: 3.0,
            abnormal_pvc_count: 3,
        }
    }
}

/// Long recordings (Holter-like, or the 30 min of a MIT-BIH record) hold more than one rhythm,
/// and the rhythm figures of the whole record (RR irregularity over 30 min, one averaged atrial
/// segment) mix them. Such records are also read in windows of a resting ECG's length, each
/// with the same classifier, and the report lists the rhythm episodes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct EpisodeConfig {
    /// Records at least this long (s) are read window by window, and their headline rhythm is
    /// the one that holds longest. Default 60: shorter records (a 10–50 s resting ECG) keep the
    /// reading of the whole record.
    pub min_record_s: f64,
    /// The window (s). Default 10, the length of the resting ECGs the thresholds were set on.
    /// A remainder shorter than half a window joins the last window.
    pub window_s: f64,
    /// Atrial fibrillation lasting at least this long (s) in a record whose main rhythm is
    /// another is reported as an episode. Default 30 (2020 ESC AF guideline, Hindricks et al.,
    /// Eur Heart J 2021;42:373: an episode lasting at least 30 s on a recording establishes
    /// the diagnosis).
    pub min_af_episode_s: f64,
}

impl Default for EpisodeConfig {
    fn default() -> Self {
        EpisodeConfig {
            min_record_s: 60.0,
            window_s: 10.0,
            min_af_episode_s: 30.0,
        }
    }
}

/// Builds a [`Config`], checking every value once at [`build`](ConfigBuilder::build).
#[derive(Debug, Clone, Default)]
pub struct ConfigBuilder {
    cfg: Config,
}

impl Config {
    /// A builder starting from the defaults.
    pub fn builder() -> ConfigBuilder {
        ConfigBuilder::default()
    }

    /// Checks every threshold.
    pub fn validate(&self) -> Result<(), ConfigError> {
        fn pos(field: &'static str, v: f64) -> Result<(), ConfigError> {
            if v.is_finite() && v > 0.0 {
                Ok(())
            } else {
                Err(ConfigError::InvalidValue {
                    field,
                    found: v,
                    expected: "a finite number > 0",
                })
            }
        }
        fn unit(field: &'static str, v: f64) -> Result<(), ConfigError> {
            if v.is_finite() && (0.0..=1.0).contains(&v) {
                Ok(())
            } else {
                Err(ConfigError::InvalidValue {
                    field,
                    found: v,
                    expected: "a number in 0..=1",
                })
            }
        }
        let r = &self.rhythm;
        pos("rhythm.bradycardia_bpm", r.bradycardia_bpm)?;
        pos("rhythm.tachycardia_bpm", r.tachycardia_bpm)?;
        if r.bradycardia_bpm >= r.tachycardia_bpm {
            return Err(ConfigError::InvalidValue {
                field: "rhythm.bradycardia_bpm",
                found: r.bradycardia_bpm,
                expected: "less than rhythm.tachycardia_bpm",
            });
        }
        pos(
            "rhythm.sinus_arrhythmia_range_ms",
            r.sinus_arrhythmia_range_ms,
        )?;
        unit(
            "rhythm.sinus_arrhythmia_min_nrmssd",
            r.sinus_arrhythmia_min_nrmssd,
        )?;
        unit("rhythm.af_min_nrmssd", r.af_min_nrmssd)?;
        unit("rhythm.af_min_nrmssd_without_p", r.af_min_nrmssd_without_p)?;
        unit("rhythm.p_min_consistency", r.p_min_consistency)?;
        unit("rhythm.p_strong_consistency", r.p_strong_consistency)?;
        pos("rhythm.p_strong_snr", r.p_strong_snr)?;
        pos("rhythm.p_salient_snr", r.p_salient_snr)?;
        unit(
            "rhythm.p_salient_min_consistency",
            r.p_salient_min_consistency,
        )?;
        unit(
            "rhythm.af_min_premature_fraction",
            r.af_min_premature_fraction,
        )?;
        pos("rhythm.p_min_amplitude_mv", r.p_min_amplitude_mv)?;
        pos("rhythm.flutter_min_rate_bpm", r.flutter_min_rate_bpm)?;
        pos("rhythm.flutter_max_rate_bpm", r.flutter_max_rate_bpm)?;
        if r.flutter_min_rate_bpm >= r.flutter_max_rate_bpm {
            return Err(ConfigError::InvalidValue {
                field: "rhythm.flutter_min_rate_bpm",
                found: r.flutter_min_rate_bpm,
                expected: "less than rhythm.flutter_max_rate_bpm",
            });
        }
        pos("rhythm.flutter_min_rms_mv", r.flutter_min_rms_mv)?;
        unit("rhythm.flutter_min_periodicity", r.flutter_min_periodicity)?;
        unit("rhythm.flutter_min_dominance", r.flutter_min_dominance)?;
        unit("rhythm.flutter_ratio_tolerance", r.flutter_ratio_tolerance)?;
        unit(
            "rhythm.flutter_min_locked_dominance",
            r.flutter_min_locked_dominance,
        )?;
        pos(
            "rhythm.flutter_min_rr_rayleigh_z",
            r.flutter_min_rr_rayleigh_z,
        )?;
        pos(
            "rhythm.af_organised_min_amplitude_mv",
            r.af_organised_min_amplitude_mv,
        )?;
        unit(
            "rhythm.af_organised_min_consistency",
            r.af_organised_min_consistency,
        )?;
        let e = &self.episodes;
        pos("episodes.window_s", e.window_s)?;
        pos("episodes.min_af_episode_s", e.min_af_episode_s)?;
        if !(e.min_record_s.is_finite() && e.min_record_s >= 2.0 * e.window_s) {
            return Err(ConfigError::InvalidValue {
                field: "episodes.min_record_s",
                found: e.min_record_s,
                expected: "a finite number at least twice episodes.window_s",
            });
        }
        let b = &self.beats;
        unit("beats.premature_fraction", b.premature_fraction)?;
        pos("beats.wide_qrs_ms", b.wide_qrs_ms)?;
        pos("beats.wider_than_dominant_ms", b.wider_than_dominant_ms)?;
        unit("beats.min_template_corr", b.min_template_corr)?;
        pos("beats.pause_s", b.pause_s)?;
        let q = &self.quality;
        for (f, v) in [
            ("quality.flat_floor_mv", q.flat_floor_mv),
            ("quality.clip_min_run_s", q.clip_min_run_s),
            ("quality.mains_flag_mv", q.mains_flag_mv),
            ("quality.mains_poor_mv", q.mains_poor_mv),
            ("quality.hf_flag_mv", q.hf_flag_mv),
            ("quality.hf_poor_mv", q.hf_poor_mv),
            ("quality.wander_flag_mv", q.wander_flag_mv),
            ("quality.wander_poor_mv", q.wander_poor_mv),
            ("quality.min_duration_s", q.min_duration_s),
        ] {
            pos(f, v)?;
        }
        for (f, v) in [
            ("quality.flat_max_fraction", q.flat_max_fraction),
            ("quality.nan_flag_fraction", q.nan_flag_fraction),
            ("quality.nan_unusable_fraction", q.nan_unusable_fraction),
            ("quality.clip_flag_fraction", q.clip_flag_fraction),
            ("quality.clip_poor_fraction", q.clip_poor_fraction),
            ("quality.clip_unusable_fraction", q.clip_unusable_fraction),
        ] {
            unit(f, v)?;
        }
        self.detector
            .validate()
            .map_err(|_| ConfigError::InvalidValue {
                field: "detector",
                found: f64::NAN,
                expected: "a valid DetectorConfig (see DetectorConfig::validate)",
            })?;
        let s = &self.severity;
        pos("severity.marked_bradycardia_bpm", s.marked_bradycardia_bpm)?;
        pos("severity.marked_tachycardia_bpm", s.marked_tachycardia_bpm)?;
        pos(
            "severity.critical_tachycardia_bpm",
            s.critical_tachycardia_bpm,
        )?;
        pos("severity.critical_pause_s", s.critical_pause_s)?;
        Ok(())
    }
}

impl ConfigBuilder {
    /// Sinus bradycardia below this rate (bpm).
    pub fn bradycardia_bpm(mut self, v: f64) -> Self {
        self.cfg.rhythm.bradycardia_bpm = v;
        self
    }
    /// Sinus tachycardia above this rate (bpm).
    pub fn tachycardia_bpm(mut self, v: f64) -> Self {
        self.cfg.rhythm.tachycardia_bpm = v;
        self
    }
    /// Sinus arrhythmia above this PP (RR) range (ms).
    pub fn sinus_arrhythmia_range_ms(mut self, v: f64) -> Self {
        self.cfg.rhythm.sinus_arrhythmia_range_ms = v;
        self
    }
    /// A pause is an RR interval longer than this (s).
    pub fn pause_s(mut self, v: f64) -> Self {
        self.cfg.beats.pause_s = v;
        self
    }
    /// A beat is premature below this fraction of the local RR.
    pub fn premature_fraction(mut self, v: f64) -> Self {
        self.cfg.beats.premature_fraction = v;
        self
    }
    /// Replaces the quality thresholds.
    pub fn quality(mut self, q: QualityConfig) -> Self {
        self.cfg.quality = q;
        self
    }
    /// Replaces the beat-analysis thresholds.
    pub fn beats(mut self, b: BeatConfig) -> Self {
        self.cfg.beats = b;
        self
    }
    /// Replaces the rhythm thresholds.
    pub fn rhythm(mut self, r: RhythmConfig) -> Self {
        self.cfg.rhythm = r;
        self
    }
    /// Replaces the severity thresholds.
    pub fn severity(mut self, s: SeverityConfig) -> Self {
        self.cfg.severity = s;
        self
    }
    /// How long recordings are read window by window.
    pub fn episodes(mut self, e: EpisodeConfig) -> Self {
        self.cfg.episodes = e;
        self
    }
    /// Conditions the record (band-pass, mains notch) before detection and measurement.
    pub fn conditioning(mut self, c: Option<crate::filter::Conditioning>) -> Self {
        self.cfg.conditioning = c;
        self
    }
    /// Replaces the QRS detector's configuration.
    pub fn detector(mut self, d: crate::detect::DetectorConfig) -> Self {
        self.cfg.detector = d;
        self
    }
    /// The checked configuration.
    pub fn build(self) -> Result<Config, ConfigError> {
        self.cfg.validate()?;
        Ok(self.cfg)
    }
}

/// The analysis pipeline: immutable, `Send + Sync`, cheap to share.
#[derive(Debug, Clone)]
pub struct Pipeline {
    cfg: Config,
}

impl Default for Pipeline {
    /// The pipeline with [`Config::default`] (whose validity a unit test checks).
    fn default() -> Self {
        Pipeline {
            cfg: Config::default(),
        }
    }
}

const _: () = {
    const fn assert_send_sync<T: Send + Sync>() {}
    assert_send_sync::<Pipeline>();
};

/// The leads searched for P waves, best first: II and V1 show atrial activity best, then the
/// other inferior and limb leads.
const P_LEADS: [Lead; 9] = [
    Lead::II,
    Lead::V1,
    Lead::MLII,
    Lead::I,
    Lead::III,
    Lead::AVF,
    Lead::V2,
    Lead::MV1,
    Lead::AVL,
];

/// The lead rows each stage of the rhythm reading looks at.
struct ReadLeads<'a> {
    /// Usable-lead mask.
    usable: &'a [bool],
    /// Leads searched for P waves, best first.
    p_leads: &'a [usize],
    /// Leads searched for flutter waves, best first.
    flutter: &'a [usize],
}

/// The leads searched for flutter waves, best first: the inferior leads and V1 show them best
/// (sawtooth in II, III, aVF; discrete waves in V1).
const FLUTTER_LEADS: [Lead; 6] = [
    Lead::II,
    Lead::III,
    Lead::AVF,
    Lead::V1,
    Lead::MLII,
    Lead::MV1,
];

impl Pipeline {
    /// A pipeline with a checked configuration.
    pub fn new(cfg: Config) -> Result<Pipeline, ConfigError> {
        cfg.validate()?;
        Ok(Pipeline { cfg })
    }

    /// The configuration.
    pub fn config(&self) -> &Config {
        &self.cfg
    }

    /// Analyses a record: quality per lead, QRS detection on the usable leads, beats, rhythm,
    /// report. A record with no readable lead yields a report saying so.
    ///
    /// ```
    /// use ndarray::Array2;
    /// use sinus::{Lead, Record, SampleRate};
    /// let fs = SampleRate::new(500.0).unwrap();
    /// let rec = Record::new("flat", vec![Lead::I, Lead::II], fs, Array2::zeros((2, 5000))).unwrap();
    /// let report = sinus::analyze(&rec).unwrap();
    /// assert_eq!(report.summary(sinus::report::Lang::En), "Technical problem: no readable lead. Abnormal ECG.");
    /// ```
    pub fn analyze(&self, record: &Record) -> Result<Report, AnalyzeError> {
        let t0 = Instant::now();
        let q = self.check_and_assess(record)?;
        let usable = Self::usable(&q);
        if !usable.iter().any(|u| *u) {
            return Ok(self.finish(record, q, &[], t0));
        }
        let conditioned = match &self.cfg.conditioning {
            Some(c) => Some(crate::filter::condition(record, c).map_err(|source| {
                AnalyzeError::Conditioning {
                    record: record.name().to_string(),
                    source,
                }
            })?),
            None => None,
        };
        let (signal_record, mains_hz) = match &conditioned {
            Some(c) => (&c.record, c.mains_hz),
            None => (record, None),
        };
        let weights: Vec<f32> = usable.iter().map(|&u| if u { 1.0 } else { 0.0 }).collect();
        let det = crate::detect::detect(
            signal_record.signals(),
            record.fs(),
            Some(&weights),
            &self.cfg.detector,
        )
        .map_err(|source| AnalyzeError::Detect {
            record: record.name().to_string(),
            source,
        })?;
        let beats: Vec<usize> = det.beats.iter().map(|b| b.sample).collect();
        let mut report = self.finish(signal_record, q, &beats, t0);
        report.record.mains_hz = mains_hz;
        report.processing_ms = t0.elapsed().as_secs_f64() * 1e3;
        Ok(report)
    }

    /// Analyses a record whose beats are already known (sample indices), skipping detection:
    /// useful to read a rhythm from reference annotations, or to re-read a record.
    pub fn analyze_with_beats(
        &self,
        record: &Record,
        beats: &[usize],
    ) -> Result<Report, AnalyzeError> {
        let t0 = Instant::now();
        let q = self.check_and_assess(record)?;
        Ok(self.finish(record, q, beats, t0))
    }

    fn check_and_assess(
        &self,
        record: &Record,
    ) -> Result<Vec<crate::quality::LeadQuality>, AnalyzeError> {
        if record.n_leads() == 0 {
            return Err(AnalyzeError::NoLeads {
                record: record.name().to_string(),
            });
        }
        if record.n_samples() == 0 {
            return Err(AnalyzeError::NoSamples {
                record: record.name().to_string(),
            });
        }
        let names: Vec<String> = record.leads().iter().map(|l| l.to_string()).collect();
        Ok(assess(
            record.signals(),
            record.fs().hz(),
            &names,
            &self.cfg.quality,
        ))
    }

    /// Usable-lead mask: usable grades; if none, nothing.
    fn usable(q: &[crate::quality::LeadQuality]) -> Vec<bool> {
        q.iter().map(|l| l.grade.is_usable()).collect()
    }

    fn finish(
        &self,
        record: &Record,
        quality: Vec<crate::quality::LeadQuality>,
        beats: &[usize],
        t0: Instant,
    ) -> Report {
        let usable = Self::usable(&quality);
        let fs = record.fs().hz();
        let facts = RecordFacts {
            name: record.name().to_string(),
            leads: record.leads().iter().map(|l| l.to_string()).collect(),
            fs_hz: fs,
            n_samples: record.n_samples(),
            duration_s: record.duration_s(),
            mains_hz: None,
        };
        let excluded: Vec<String> = quality
            .iter()
            .zip(&usable)
            .filter(|(_, u)| !**u)
            .map(|(q, _)| q.lead.clone())
            .collect();
        if !usable.iter().any(|u| *u) {
            let rhythm = Rhythm {
                label: RhythmLabel::Undetermined,
                evidence: RhythmEvidence {
                    input: RhythmInput {
                        n_beats: 0,
                        mean_rate_bpm: None,
                        dominant_rate_bpm: None,
                        nrmssd: None,
                        nrmssd_dominant: None,
                        nrmssd_no_ventricular: None,
                        dominant_rr_range_ms: None,
                        premature_fraction: 0.0,
                        p_consistency: None,
                        p_amplitude_mv: None,
                        p_snr: None,
                        turning_point_ratio: None,
                        flutter_unlocked: None,
                        flutter_locked: None,
                    },
                    p_wave: false,
                    irregular: false,
                    rule: "no readable lead".into(),
                    conduction_ratio: None,
                    flutter: None,
                },
            };
            let statements = vec![
                Statement::new(StatementCode::NoReadableLead, Severity::Abnormal),
                Statement::new(StatementCode::AbnormalEcg, Severity::Abnormal),
            ];
            return Report {
                schema_version: SCHEMA_VERSION,
                record: facts,
                quality,
                excluded_leads: excluded,
                beats: BeatCounts::default(),
                rates: None,
                rr: None,
                rr_dominant: None,
                rhythm,
                pauses: Vec::new(),
                rhythm_episodes: Vec::new(),
                dominant_qrs_ms: None,
                statements,
                triage: Severity::Abnormal,
                processing_ms: t0.elapsed().as_secs_f64() * 1e3,
            };
        }
        let mut p_leads: Vec<usize> = P_LEADS
            .iter()
            .filter_map(|l| record.lead_index(l))
            .filter(|&k| usable[k])
            .collect();
        if p_leads.len() < 2 {
            for k in (0..usable.len()).filter(|&k| usable[k]) {
                if p_leads.len() >= 4 {
                    break;
                }
                if !p_leads.contains(&k) {
                    p_leads.push(k);
                }
            }
        }
        let mut fl_leads: Vec<usize> = FLUTTER_LEADS
            .iter()
            .filter_map(|l| record.lead_index(l))
            .filter(|&k| usable[k])
            .collect();
        if fl_leads.len() < 2 {
            for &k in &p_leads {
                if !fl_leads.contains(&k) {
                    fl_leads.push(k);
                }
            }
        }
        let leads = ReadLeads {
            usable: &usable,
            p_leads: &p_leads,
            flutter: &fl_leads,
        };
        let (mut a, whole) = self.read_rhythm(record.signals(), fs, beats, &leads);
        let (rhythm, episodes) = if record.duration_s() >= self.cfg.episodes.min_record_s {
            let (headline, episodes) = self.read_episodes(record.signals(), fs, beats, &leads);
            (headline.unwrap_or(whole), episodes)
        } else {
            (whole, Vec::new())
        };
        let mut rhythm = rhythm;
        if let Some(f) = &rhythm.evidence.flutter {
            // The classifier sees lead rows; the reader wants lead names.
            let name = |k: usize| {
                record
                    .leads()
                    .get(k)
                    .map_or("?".to_string(), |l| l.to_string())
            };
            let (a, b) = (name(f.pair[0]), name(f.pair[1]));
            rhythm.evidence.rule.push_str(&format!(", in {a} and {b}"));
        }
        if matches!(
            rhythm.label,
            RhythmLabel::AtrialFibrillation | RhythmLabel::AtrialFlutter
        ) {
            // Prematurity means nothing in AF, nor in flutter with variable conduction: only a
            // beat both wider than and unlike the dominant QRS stays ventricular (fibrillatory
            // waves alone lower the correlation).
            let bc = &self.cfg.beats;
            let dom = a.dominant_qrs_ms;
            for b in &mut a.beats {
                let wide = b.qrs_ms.is_some_and(|w| {
                    w > bc.wide_qrs_ms || dom.is_some_and(|d| w > d + bc.wider_than_dominant_ms)
                });
                let unlike = b.template_corr.is_some_and(|c| c < bc.min_template_corr);
                if b.class == BeatClass::SupraventricularPremature
                    || (b.class == BeatClass::VentricularPremature && !(wide && unlike))
                {
                    b.class = BeatClass::Dominant;
                }
            }
        }
        let counts = count(&a);
        let rates = a.rr.map(|s| Rates {
            mean_bpm: 60_000.0 / s.mean_ms,
            min_bpm: 60_000.0 / s.max_ms,
            max_bpm: 60_000.0 / s.min_ms,
        });
        let statements = self.statements(&rhythm, &counts, rates, &a, &excluded, &episodes);
        let triage = statements
            .iter()
            .map(|s| s.severity)
            .max()
            .unwrap_or(Severity::Normal);
        Report {
            schema_version: SCHEMA_VERSION,
            record: facts,
            quality,
            excluded_leads: excluded,
            beats: counts,
            rates,
            rr: a.rr,
            rr_dominant: a.rr_dominant,
            rhythm,
            pauses: a.pauses,
            rhythm_episodes: episodes,
            dominant_qrs_ms: a.dominant_qrs_ms,
            statements,
            triage,
            processing_ms: t0.elapsed().as_secs_f64() * 1e3,
        }
    }

    /// Beat analysis, flutter evidence and rhythm of one stretch of signal.
    fn read_rhythm(
        &self,
        signals: ArrayView2<'_, f32>,
        fs: f64,
        beats: &[usize],
        leads: &ReadLeads<'_>,
    ) -> (BeatAnalysis, Rhythm) {
        let a = analyze_beats(
            signals,
            fs,
            beats,
            leads.usable,
            leads.p_leads,
            &self.cfg.beats,
        );
        let rc = &self.cfg.rhythm;
        let flutter = crate::atrial::flutter_evidence(
            signals,
            fs,
            beats,
            leads.flutter,
            a.dominant_qrs_ms.map_or(0.1, |q| q / 1000.0),
            &crate::atrial::FlutterParams {
                min_rate_bpm: rc.flutter_min_rate_bpm,
                max_rate_bpm: rc.flutter_max_rate_bpm,
                min_rms_mv: rc.flutter_min_rms_mv,
            },
        );
        let rhythm = classify(&rhythm_input(&a, flutter.as_ref()), rc);
        (a, rhythm)
    }

    /// A long record read window by window: the headline rhythm (the label holding longest,
    /// with the evidence of its first window; None when no window has a determined rhythm)
    /// and the episodes.
    fn read_episodes(
        &self,
        signals: ArrayView2<'_, f32>,
        fs: f64,
        beats: &[usize],
        leads: &ReadLeads<'_>,
    ) -> (Option<Rhythm>, Vec<RhythmEpisode>) {
        let n = signals.ncols();
        let w = ((self.cfg.episodes.window_s * fs).round() as usize).max(1);
        let mut bounds: Vec<(usize, usize)> = (0..n / w).map(|k| (k * w, (k + 1) * w)).collect();
        let rem = n % w;
        if rem >= w / 2 || bounds.is_empty() {
            bounds.push((n - rem, n));
        } else if let Some(last) = bounds.last_mut() {
            last.1 = n;
        }
        let mut windows: Vec<(usize, usize, Rhythm)> = Vec::with_capacity(bounds.len());
        let mut local: Vec<usize> = Vec::new();
        for (a, b) in bounds {
            local.clear();
            local.extend(beats.iter().filter(|&&x| x >= a && x < b).map(|&x| x - a));
            let (_, r) = self.read_rhythm(signals.slice(s![.., a..b]), fs, &local, leads);
            windows.push((a, b, r));
        }
        let secs = |x: usize| x as f64 / fs;
        let mut episodes: Vec<RhythmEpisode> = Vec::new();
        for (a, b, r) in &windows {
            match episodes.last_mut() {
                Some(e) if e.label == r.label => {
                    e.end_s = secs(*b);
                    e.windows += 1;
                }
                _ => episodes.push(RhythmEpisode {
                    start_s: secs(*a),
                    end_s: secs(*b),
                    label: r.label,
                    windows: 1,
                }),
            }
        }
        // The label holding longest, leaving out windows too poor to read.
        let Some(&(label, held)) = time_by_label(
            episodes
                .iter()
                .filter(|e| e.label != RhythmLabel::Undetermined),
        )
        .first() else {
            return (None, episodes);
        };
        let total = secs(n);
        let count = windows.iter().filter(|(_, _, r)| r.label == label).count();
        let Some((a, _, first)) = windows.iter().find(|(_, _, r)| r.label == label) else {
            return (None, episodes);
        };
        let mut rhythm = first.clone();
        rhythm.evidence.rule = format!(
            "{} in {count} of {} windows of {:.0} s ({:.0} % of the record); first at {:.0} s: {}",
            label.code(),
            windows.len(),
            self.cfg.episodes.window_s,
            100.0 * held / total.max(f64::MIN_POSITIVE),
            secs(*a),
            first.evidence.rule
        );
        (Some(rhythm), episodes)
    }

    fn statements(
        &self,
        rhythm: &Rhythm,
        counts: &BeatCounts,
        rates: Option<Rates>,
        a: &BeatAnalysis,
        excluded: &[String],
        episodes: &[RhythmEpisode],
    ) -> Vec<Statement> {
        use RhythmLabel as L;
        use StatementCode as C;
        let sv = &self.cfg.severity;
        let rate = rates.map(|r| r.mean_bpm);
        let rate_sev = |base: Severity| -> Severity {
            match rate {
                Some(r) if r > sv.critical_tachycardia_bpm => Severity::Critical,
                Some(r) if r < sv.marked_bradycardia_bpm || r > sv.marked_tachycardia_bpm => {
                    base.max(Severity::Abnormal)
                }
                _ => base,
            }
        };
        let (code, sev) = match rhythm.label {
            L::SinusRhythm => (C::SinusRhythm, Severity::Normal),
            L::SinusBradycardia => (C::SinusBradycardia, rate_sev(Severity::Borderline)),
            L::SinusTachycardia => (C::SinusTachycardia, rate_sev(Severity::Borderline)),
            L::SinusArrhythmia => (C::SinusArrhythmia, Severity::Borderline),
            L::AtrialFibrillation => (C::AtrialFibrillation, rate_sev(Severity::Abnormal)),
            L::AtrialFlutter => (C::AtrialFlutter, rate_sev(Severity::Abnormal)),
            L::IrregularUnclassified => (C::IrregularRhythm, rate_sev(Severity::Abnormal)),
            L::RegularUnclassified => (C::RegularRhythmNoP, rate_sev(Severity::Abnormal)),
            _ => (C::RhythmUndetermined, Severity::Borderline),
        };
        // For flutter, the count is the conduction ratio N of N:1 (none when variable).
        let count = match rhythm.label {
            L::AtrialFlutter => rhythm.evidence.conduction_ratio.map(|n| n as usize),
            _ => None,
        };
        let mut st = vec![Statement {
            value: rate,
            count,
            ..Statement::new(code, sev)
        }];
        if !matches!(rhythm.label, L::AtrialFibrillation | L::AtrialFlutter) {
            let af: Vec<f64> = episodes
                .iter()
                .filter(|e| e.label == L::AtrialFibrillation)
                .map(RhythmEpisode::duration_s)
                .filter(|&d| d >= self.cfg.episodes.min_af_episode_s)
                .collect();
            if !af.is_empty() {
                st.push(Statement {
                    count: Some(af.len()),
                    value: Some(af.iter().copied().fold(0.0, f64::max)),
                    ..Statement::new(C::AtrialFibrillationEpisodes, Severity::Abnormal)
                });
            }
        }
        if counts.ventricular_premature > 0 {
            let sev = if counts.ventricular_premature >= sv.abnormal_pvc_count {
                Severity::Abnormal
            } else {
                Severity::Borderline
            };
            st.push(Statement {
                count: Some(counts.ventricular_premature),
                ..Statement::new(C::PrematureVentricular, sev)
            });
        }
        if counts.supraventricular_premature > 0 {
            st.push(Statement {
                count: Some(counts.supraventricular_premature),
                ..Statement::new(C::PrematureSupraventricular, Severity::Borderline)
            });
        }
        if !a.pauses.is_empty() {
            let longest = a.pauses.iter().map(|p| p.duration_s).fold(0.0f64, f64::max);
            let sev = if longest > sv.critical_pause_s {
                Severity::Critical
            } else {
                Severity::Abnormal
            };
            st.push(Statement {
                count: Some(a.pauses.len()),
                value: Some(longest),
                ..Statement::new(C::Pause, sev)
            });
        }
        if !excluded.is_empty() {
            st.push(Statement {
                leads: excluded.to_vec(),
                ..Statement::new(C::LeadsExcluded, Severity::Normal)
            });
        }
        let worst = st
            .iter()
            .map(|s| s.severity)
            .max()
            .unwrap_or(Severity::Normal);
        st.push(match worst {
            Severity::Normal => Statement::new(C::NormalEcg, Severity::Normal),
            Severity::Borderline => Statement::new(C::BorderlineEcg, Severity::Borderline),
            s => Statement::new(C::AbnormalEcg, s),
        });
        st
    }
}

/// The classifier's input from a beat analysis and the flutter evidence, if any.
pub fn rhythm_input(
    a: &BeatAnalysis,
    flutter: Option<&crate::atrial::FlutterEvidence>,
) -> RhythmInput {
    let premature = a
        .beats
        .iter()
        .filter(|b| {
            matches!(
                b.class,
                BeatClass::SupraventricularPremature | BeatClass::VentricularPremature
            )
        })
        .count();
    RhythmInput {
        n_beats: a.beats.len(),
        mean_rate_bpm: a.rr.map(|s| 60_000.0 / s.mean_ms),
        dominant_rate_bpm: a.rr_dominant.map(|s| 60_000.0 / s.mean_ms),
        nrmssd: a.nrmssd,
        nrmssd_dominant: a.nrmssd_dominant,
        nrmssd_no_ventricular: a.nrmssd_no_ventricular,
        dominant_rr_range_ms: a.rr_dominant.map(|s| s.max_ms - s.min_ms),
        premature_fraction: premature as f64 / a.beats.len().max(1) as f64,
        p_consistency: a.atrial.as_ref().map(|x| x.p_consistency),
        p_amplitude_mv: a.atrial.as_ref().map(|x| x.p_amplitude_mv),
        p_snr: a.atrial.as_ref().map(|x| x.p_snr),
        turning_point_ratio: a.turning_point_ratio,
        flutter_unlocked: flutter.and_then(|f| f.unlocked.clone()),
        flutter_locked: flutter.and_then(|f| f.locked.clone()),
    }
}

fn count(a: &BeatAnalysis) -> BeatCounts {
    let mut c = BeatCounts {
        total: a.beats.len(),
        ..BeatCounts::default()
    };
    for b in &a.beats {
        match b.class {
            BeatClass::Dominant => c.dominant += 1,
            BeatClass::SupraventricularPremature => c.supraventricular_premature += 1,
            BeatClass::VentricularPremature => c.ventricular_premature += 1,
            BeatClass::Unclassified => c.unclassified += 1,
        }
    }
    c
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_config_is_valid() {
        Config::default().validate().unwrap();
        assert!(Pipeline::new(Config::default()).is_ok());
    }

    #[test]
    fn bad_values_are_refused() {
        assert!(Config::builder().bradycardia_bpm(f64::NAN).build().is_err());
        assert!(Config::builder().bradycardia_bpm(120.0).build().is_err());
        assert!(Config::builder().premature_fraction(1.5).build().is_err());
        assert!(Config::builder().pause_s(0.0).build().is_err());
    }
}
