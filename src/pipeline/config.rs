//! The pipeline's configuration: every stage's thresholds in one [`Config`], checked once by
//! [`Config::validate`] (or [`ConfigBuilder::build`]).

use crate::beats::BeatConfig;
use crate::interpret::{InterpretConfig, SeverityConfig};
use crate::quality::QualityConfig;
use crate::rhythm::RhythmConfig;
use serde::{Deserialize, Serialize};

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
    /// The QRS detector's configuration is invalid (its own error, naming the field).
    #[error(transparent)]
    Detector(#[from] crate::detect::DetectError),
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
///
/// Each stage's configuration has a setter per field, like the options structs:
///
/// ```
/// use sinus::{Config, detect::DetectorConfig, rhythm::RhythmConfig};
/// let cfg = Config::builder()
///     .rhythm(RhythmConfig::default().bradycardia_bpm(55.0).flutter_min_rate_bpm(220.0))
///     .detector(DetectorConfig::default().refractory_ms(250.0))
///     .build()?;
/// assert_eq!(cfg.rhythm.flutter_min_rate_bpm, 220.0);
/// # Ok::<(), sinus::ConfigError>(())
/// ```
///
/// A service loads it from a file: every part serialises (conditioning included), and a key
/// the config does not have is an error naming it.
///
/// ```
/// let cfg: sinus::Config = serde_json::from_str(&serde_json::to_string(&sinus::Config::default())?)?;
/// let typo = r#"{"rhythm": {"bradycardia_bmp": 50}}"#;
/// let e = serde_json::from_str::<sinus::Config>(typo).unwrap_err();
/// assert!(e.to_string().contains("bradycardia_bmp"), "{e}");
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct Config {
    /// Signal quality thresholds.
    pub quality: QualityConfig,
    /// Beat analysis thresholds (prematurity, QRS width, pauses).
    pub beats: BeatConfig,
    /// Rhythm thresholds (bradycardia, tachycardia, sinus arrhythmia, AF irregularity).
    pub rhythm: RhythmConfig,
    /// Severity thresholds of the report.
    pub severity: SeverityConfig,
    /// The criteria of the measurement-based statements (axis, conduction, chambers,
    /// infarction, ST-T, QT), each with its source.
    #[serde(default)]
    pub interpret: InterpretConfig,
    /// The QRS detector's configuration.
    pub detector: crate::detect::DetectorConfig,
    /// How long recordings are also read window by window.
    #[serde(default)]
    pub episodes: EpisodeConfig,
    /// Pacemaker-spike detection and the paced reading.
    #[serde(default)]
    pub pacing: crate::pacing::PacingConfig,
    /// Conditioning before detection, if any (default none).
    #[serde(default)]
    pub conditioning: Option<crate::filter::Conditioning>,
    /// Delineation parameters (P, QRS and T boundaries).
    #[serde(default)]
    pub delineate: crate::delineate::DelineateConfig,
    /// Measurement choices (the QTc formula the report shows, ST measurement points).
    #[serde(default)]
    pub measure: crate::measure::MeasureConfig,
}

/// Long recordings (Holter-like, or the 30 min of a MIT-BIH record) hold more than one rhythm,
/// and the rhythm figures of the whole record (RR irregularity over 30 min, one averaged atrial
/// segment) mix them. Such records are also read in windows of a resting ECG's length, each
/// with the same classifier, and the report lists the rhythm episodes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
#[non_exhaustive]
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

    /// A stable hash of every setting: 64-bit FNV-1a of the config's compact JSON, as 16 hex
    /// digits. The same settings give the same hash on every machine and run (the JSON writes
    /// fields in declaration order and floats exactly); every report carries it
    /// ([`crate::Report::config_hash`]).
    ///
    /// ```
    /// let a = sinus::Config::default().fingerprint();
    /// assert_eq!(a.len(), 16);
    /// assert_eq!(a, sinus::Config::default().fingerprint());
    /// assert_ne!(a, sinus::Config::builder().bradycardia_bpm(55.0).build()?.fingerprint());
    /// # Ok::<(), sinus::ConfigError>(())
    /// ```
    pub fn fingerprint(&self) -> String {
        let json = serde_json::to_string(self).unwrap_or_default();
        let mut h: u64 = 0xcbf2_9ce4_8422_2325;
        for b in json.bytes() {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0000_0100_0000_01b3);
        }
        format!("{h:016x}")
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
        let pw = &r.p_waves;
        pos("rhythm.p_waves.p_sigma_ms", pw.p_sigma_ms)?;
        pos("rhythm.p_waves.refractory_ms", pw.refractory_ms)?;
        pos("rhythm.p_waves.cancel_after_ms", pw.cancel_after_ms)?;
        unit("rhythm.p_waves.min_corr", pw.min_corr)?;
        unit("rhythm.p_waves.min_corr_on_t", pw.min_corr_on_t)?;
        unit("rhythm.p_waves.march_tolerance", pw.march_tolerance)?;
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
        pos("rhythm.atrial_max_noise_mv", r.atrial_max_noise_mv)?;
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
        let pc = &self.pacing;
        pos("pacing.min_spike_mv", pc.min_spike_mv)?;
        pos("pacing.min_prominence", pc.min_prominence)?;
        pos("pacing.min_lead_jump_mv", pc.min_lead_jump_mv)?;
        pos("pacing.max_shoulder", pc.max_shoulder)?;
        pos("pacing.jump_ms", pc.jump_ms)?;
        pos("pacing.ventricular_lead_ms", pc.ventricular_lead_ms)?;
        pos("pacing.ventricular_lag_ms", pc.ventricular_lag_ms)?;
        pos("pacing.atrial_lead_ms", pc.atrial_lead_ms)?;
        pos("pacing.min_av_delay_ms", pc.min_av_delay_ms)?;
        unit("pacing.min_paced_fraction", pc.min_paced_fraction)?;
        pos("pacing.max_delay_spread_ms", pc.max_delay_spread_ms)?;
        pos("pacing.min_paced_qrs_ms", pc.min_paced_qrs_ms)?;
        if pc.atrial_lead_ms <= pc.ventricular_lead_ms {
            return Err(ConfigError::InvalidValue {
                field: "pacing.atrial_lead_ms",
                found: pc.atrial_lead_ms,
                expected: "more than pacing.ventricular_lead_ms",
            });
        }
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
            ("quality.steering.notch_min_mv", q.steering.notch_min_mv),
            ("quality.steering.lowpass_min_mv", q.steering.lowpass_min_mv),
            ("quality.steering.lowpass_hz", q.steering.lowpass_hz),
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
            ("quality.hf_flag_fraction", q.hf_flag_fraction),
        ] {
            unit(f, v)?;
        }
        self.detector.validate()?;
        let d = &self.delineate;
        for (f, v) in [
            ("delineate.before_ms", d.before_ms),
            ("delineate.after_ms", d.after_ms),
            ("delineate.align_ms", d.align_ms),
            ("delineate.pq_ms", d.pq_ms),
            ("delineate.t_max_qt_ms", d.t_max_qt_ms),
            ("delineate.t_guide_ms", d.t_guide_ms),
            ("delineate.t_slope_reach_ms", d.t_slope_reach_ms),
            ("delineate.t_max_walk_ms", d.t_max_walk_ms),
            ("delineate.p_window_ms", d.p_window_ms),
            ("delineate.p_guide_ms", d.p_guide_ms),
            ("delineate.p_slope_reach_ms", d.p_slope_reach_ms),
            ("delineate.p_max_walk_ms", d.p_max_walk_ms),
            ("delineate.max_median_beats", d.max_median_beats as f64),
        ] {
            pos(f, v)?;
        }
        for (f, v) in [
            ("delineate.min_median_corr", d.min_median_corr),
            ("delineate.own_below_corr", d.own_below_corr),
            ("delineate.qrs_significant", d.qrs_significant),
            ("delineate.qrs_onset_ratio", d.qrs_onset_ratio),
            ("delineate.qrs_offset_ratio", d.qrs_offset_ratio),
            ("delineate.t_onset_ratio", d.t_onset_ratio),
            ("delineate.t_offset_ratio", d.t_offset_ratio),
            ("delineate.t_vote_rel", d.t_vote_rel),
            ("delineate.p_onset_ratio", d.p_onset_ratio),
            ("delineate.p_offset_ratio", d.p_offset_ratio),
            ("delineate.p_vote_rel", d.p_vote_rel),
            ("delineate.p_min_corr", d.p_min_corr),
            ("delineate.qrs_lead_weight", d.qrs_lead_weight),
            ("delineate.p_lead_weight", d.p_lead_weight),
            ("delineate.t_lead_weight", d.t_lead_weight),
            ("delineate.wander_step_mv", d.wander_step_mv),
        ] {
            unit(f, v)?;
        }
        if !(d.p_walk_noise.is_finite() && d.p_walk_noise >= 0.0) {
            return Err(ConfigError::InvalidValue {
                field: "delineate.p_walk_noise",
                found: d.p_walk_noise,
                expected: "a finite number >= 0",
            });
        }
        for (f, v) in [
            ("delineate.qrs_level", d.qrs_level),
            ("delineate.t_level", d.t_level),
            ("delineate.p_level", d.p_level),
        ] {
            if !(1..=6).contains(&v) {
                return Err(ConfigError::InvalidValue {
                    field: f,
                    found: v as f64,
                    expected: "a derivative level from 1 to 6",
                });
            }
        }
        for (f, v) in [
            ("delineate.qrs_onset_shift_ms", d.qrs_onset_shift_ms),
            ("delineate.qrs_offset_shift_ms", d.qrs_offset_shift_ms),
            ("delineate.p_onset_shift_ms", d.p_onset_shift_ms),
            ("delineate.p_offset_shift_ms", d.p_offset_shift_ms),
            ("delineate.t_offset_shift_ms", d.t_offset_shift_ms),
            (
                "delineate.global_p_onset_shift_ms",
                d.global_p_onset_shift_ms,
            ),
            (
                "delineate.global_p_offset_shift_ms",
                d.global_p_offset_shift_ms,
            ),
            (
                "delineate.global_t_offset_shift_ms",
                d.global_t_offset_shift_ms,
            ),
        ] {
            if !(v.is_finite() && v.abs() <= 100.0) {
                return Err(ConfigError::InvalidValue {
                    field: f,
                    found: v,
                    expected: "a shift within ±100 ms",
                });
            }
        }
        let s = &self.severity;
        pos("severity.marked_bradycardia_bpm", s.marked_bradycardia_bpm)?;
        pos("severity.marked_tachycardia_bpm", s.marked_tachycardia_bpm)?;
        pos(
            "severity.critical_tachycardia_bpm",
            s.critical_tachycardia_bpm,
        )?;
        pos("severity.critical_pause_s", s.critical_pause_s)?;
        pos(
            "severity.critical_bradycardia_bpm",
            s.critical_bradycardia_bpm,
        )?;
        self.interpret
            .validate()
            .map_err(|e| ConfigError::InvalidValue {
                field: e.field,
                found: e.found,
                expected: e.expected,
            })?;
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
    /// Replaces the interpretation criteria.
    pub fn interpret(mut self, c: InterpretConfig) -> Self {
        self.cfg.interpret = c;
        self
    }
    /// Replaces the pacing thresholds.
    pub fn pacing(mut self, p: crate::pacing::PacingConfig) -> Self {
        self.cfg.pacing = p;
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
    /// Conditions the record with this mains notch (and the current or default preset).
    ///
    /// ```
    /// use sinus::filter::{Mains, Preset};
    /// let cfg = sinus::Config::builder().mains(Mains::Hz50).preset(Preset::Diagnostic).build()?;
    /// let c = cfg.conditioning.unwrap();
    /// assert_eq!((c.mains, c.preset), (Mains::Hz50, Preset::Diagnostic));
    /// # Ok::<(), sinus::ConfigError>(())
    /// ```
    pub fn mains(mut self, m: crate::filter::Mains) -> Self {
        self.cfg
            .conditioning
            .get_or_insert_with(Default::default)
            .mains = m;
        self
    }
    /// Conditions the record with this band preset (and the current or default mains notch).
    pub fn preset(mut self, p: crate::filter::Preset) -> Self {
        self.cfg
            .conditioning
            .get_or_insert_with(Default::default)
            .preset = p;
        self
    }
    /// Replaces the delineation parameters.
    pub fn delineate(mut self, d: crate::delineate::DelineateConfig) -> Self {
        self.cfg.delineate = d;
        self
    }
    /// Replaces the measurement choices.
    pub fn measure(mut self, m: crate::measure::MeasureConfig) -> Self {
        self.cfg.measure = m;
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pipeline::Pipeline;

    #[test]
    fn default_config_is_valid() {
        Config::default().validate().unwrap();
        assert!(Pipeline::new(Config::default()).is_ok());
    }

    #[test]
    fn configs_written_before_the_interpretation_criteria_still_read() {
        let mut v = serde_json::to_value(Config::default()).unwrap();
        let o = v.as_object_mut().unwrap();
        assert!(o.remove("interpret").is_some());
        o["severity"]
            .as_object_mut()
            .unwrap()
            .remove("critical_bradycardia_bpm");
        let c: Config = serde_json::from_value(v).unwrap();
        assert_eq!(c, Config::default());
        let mut i = InterpretConfig::default();
        i.qt.long_qtc_men_ms = f64::NAN;
        assert!(Config::builder().interpret(i).build().is_err());
    }

    #[test]
    fn bad_values_are_refused() {
        assert!(Config::builder().bradycardia_bpm(f64::NAN).build().is_err());
        assert!(Config::builder().bradycardia_bpm(120.0).build().is_err());
        assert!(Config::builder().premature_fraction(1.5).build().is_err());
        assert!(Config::builder().pause_s(0.0).build().is_err());
        let mut c = Config::default();
        c.delineate.qrs_onset_ratio = 1.5;
        assert!(c.validate().is_err());
        let mut c = Config::default();
        c.delineate.t_level = 9;
        assert!(c.validate().is_err());
        let mut c = Config::default();
        c.delineate.global_t_offset_shift_ms = f64::NAN;
        assert!(c.validate().is_err());
    }
}
