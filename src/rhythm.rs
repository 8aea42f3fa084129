//! Rhythm classification from the RR intervals, the beat classes and the atrial-activity
//! evidence of [`crate::beats`] and [`crate::atrial`].
//!
//! The decision follows the order a reader takes: are there flutter waves, a regular atrial
//! oscillation at 240–350 /min filling the baseline (atrial flutter, whose F waves would
//! otherwise pass for a P wave at a fixed PR); is there a consistent P wave before the QRS
//! (sinus or not); if sinus, the rate (bradycardia, tachycardia) and then the regularity of the
//! underlying cycle (sinus arrhythmia); if not, whether the ventricular response is irregularly
//! irregular (atrial fibrillation) or regular. Every figure used is returned in
//! [`RhythmEvidence`] so the report can show why.
//!
//! ```
//! use sinus::rhythm::{classify, RhythmConfig, RhythmInput, RhythmLabel};
//! let input = RhythmInput {
//!     n_beats: 12, mean_rate_bpm: Some(72.0), dominant_rate_bpm: Some(72.0),
//!     nrmssd: Some(0.02), nrmssd_dominant: Some(0.02), nrmssd_no_ventricular: Some(0.02),
//!     dominant_rr_range_ms: Some(40.0),
//!     premature_fraction: 0.0, p_consistency: Some(0.8), p_amplitude_mv: Some(0.12), p_snr: Some(6.0),
//!     p_variation_mv: Some(0.02),
//!     turning_point_ratio: Some(0.6),
//!     flutter_unlocked: None, flutter_locked: None, atrial_noise_mv: None,
//!     p_beat_match_q20: Some(0.9), rr_unexplained: Some(0.0),
//! };
//! let r = classify(&input, &RhythmConfig::default());
//! assert_eq!(r.label, RhythmLabel::SinusRhythm);
//! ```

pub mod av;
mod config;
pub(crate) mod escape;
mod findings;
mod flutter_rule;
pub mod half_cycle;
mod label;
pub mod p_waves;
pub(crate) mod paced;
pub(crate) mod read;
pub mod rr_pattern;
pub(crate) mod ventricular;
pub mod vf;
pub(crate) mod wenckebach;

pub use config::RhythmConfig;
pub use findings::{
    AvBlock, AvBlockDegree, EctopicPattern, EctopicRun, PacedChamber, PacingReading, RunKind,
    UnderlyingAtrial,
};
pub use flutter_rule::apply_two_to_one;
use flutter_rule::flutter;
pub use label::{RhythmFamily, RhythmLabel};

use crate::atrial::FlutterReading;
use crate::beats::{BeatAnalysis, BeatClass};
use serde::{Deserialize, Serialize};

/// What the classifier reads (all from [`crate::beats::BeatAnalysis`]).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct RhythmInput {
    /// Number of beats.
    pub n_beats: usize,
    /// Mean ventricular rate over all intervals (bpm).
    pub mean_rate_bpm: Option<f64>,
    /// Rate of the underlying (non-premature) cycle (bpm).
    pub dominant_rate_bpm: Option<f64>,
    /// Normalised RMSSD of all intervals.
    pub nrmssd: Option<f64>,
    /// Normalised RMSSD of the underlying cycle.
    pub nrmssd_dominant: Option<f64>,
    /// Normalised RMSSD of the intervals not touching a ventricular beat (None when too few
    /// are left).
    pub nrmssd_no_ventricular: Option<f64>,
    /// Longest minus shortest interval of the underlying cycle (ms).
    pub dominant_rr_range_ms: Option<f64>,
    /// Fraction of beats classified premature.
    pub premature_fraction: f64,
    /// P-wave consistency (see [`crate::beats::AtrialEvidence`]).
    pub p_consistency: Option<f64>,
    /// P-wave amplitude (mV).
    pub p_amplitude_mv: Option<f64>,
    /// P-wave amplitude over its beat-to-beat variation.
    pub p_snr: Option<f64>,
    /// The largest beat-to-beat variation of the atrial segment among the leads examined (mV).
    #[serde(default)]
    pub p_variation_mv: Option<f64>,
    /// Turning-point ratio of the RR series.
    pub turning_point_ratio: Option<f64>,
    /// The atrial oscillation read with the T wave removed (see [`crate::atrial`]).
    #[serde(default)]
    pub flutter_unlocked: Option<FlutterReading>,
    /// The atrial oscillation read on the QRS-blanked signal (see [`crate::atrial`]).
    #[serde(default)]
    pub flutter_locked: Option<FlutterReading>,
    /// Muscle noise (mV, [`crate::quality::QualityConfig::effective_hf_mv`]: the robust SD,
    /// raised for low-voltage leads) of the second-quietest lead searched for P waves: the noise
    /// under the best pair of leads the P-wave evidence can rest on. None when unknown.
    #[serde(default)]
    pub atrial_noise_mv: Option<f64>,
    /// The P wave beat by beat: the match (correlation, [`crate::beats::BeatInfo::p_match`])
    /// with the record's sinus P wave that four in five of the beats of supraventricular shape
    /// reach (their 20th percentile). None with fewer than four such beats read.
    #[serde(default)]
    pub p_beat_match_q20: Option<f64>,
    /// The share of RR intervals that a base cycle, premature beats with the longer interval
    /// after them, and pauses do not explain ([`rr_pattern::unexplained_fraction`] under
    /// [`RhythmConfig::af_base_cycle_tolerance`] and the limits beside it): near 0
    /// for sinus rhythm with ectopic beats or sinus arrest, a third or more for fibrillation.
    /// None when unknown (fewer than four intervals, or a ventricular premature beat among
    /// them). Not serialised (the rule's words give it): the report's schema is unchanged.
    #[serde(skip)]
    pub rr_unexplained: Option<f64>,
}

/// The rhythm and the figures that decided it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Rhythm {
    /// The label.
    pub label: RhythmLabel,
    /// The evidence.
    pub evidence: RhythmEvidence,
    /// Sinus arrhythmia beside a sinus bradycardia or tachycardia ("sinus bradycardia with
    /// sinus arrhythmia"); at a normal rate the label itself is
    /// [`RhythmLabel::SinusArrhythmia`] and this is true as well.
    #[serde(default)]
    pub sinus_arrhythmia: bool,
    /// AV block, when found.
    #[serde(default)]
    pub av_block: Option<AvBlock>,
    /// Pacing, when pacemaker spikes were found.
    #[serde(default)]
    pub pacing: Option<PacingReading>,
    /// A bigeminal or trigeminal pattern of ectopic beats.
    #[serde(default)]
    pub pattern: Option<EctopicPattern>,
    /// Runs of three or more consecutive ectopic beats.
    #[serde(default)]
    pub runs: Vec<EctopicRun>,
}

impl Rhythm {
    /// A reading with this label and evidence, and nothing modifying it.
    pub fn new(label: RhythmLabel, evidence: RhythmEvidence) -> Rhythm {
        Rhythm {
            label,
            evidence,
            sinus_arrhythmia: false,
            av_block: None,
            pacing: None,
            pattern: None,
            runs: Vec::new(),
        }
    }

    /// The family of the reading: paced when pacing drives the ventricles, AV block for a
    /// second- or third-degree block, otherwise the label's family.
    pub fn family(&self) -> RhythmFamily {
        if self.label.is_paced() {
            return RhythmFamily::Paced;
        }
        if self
            .av_block
            .as_ref()
            .is_some_and(|b| b.degree.is_second_or_higher())
        {
            return RhythmFamily::AvBlock;
        }
        self.label.family()
    }

    /// An undetermined rhythm with no figures, for the reason given (e.g. "no readable lead").
    pub fn undetermined(rule: &str) -> Rhythm {
        Rhythm::new(
            RhythmLabel::Undetermined,
            RhythmEvidence {
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
                    p_variation_mv: None,
                    turning_point_ratio: None,
                    flutter_unlocked: None,
                    flutter_locked: None,
                    atrial_noise_mv: None,
                    p_beat_match_q20: None,
                    rr_unexplained: None,
                },
                p_wave: false,
                irregular: false,
                rule: rule.into(),
                conduction_ratio: None,
                flutter: None,
                atrial_not_assessable: false,
            },
        )
    }
}

/// The figures behind a rhythm label, and the rule that fired.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct RhythmEvidence {
    /// The inputs as read.
    #[serde(flatten)]
    pub input: RhythmInput,
    /// Whether a consistent P wave was found.
    pub p_wave: bool,
    /// Whether the ventricular rhythm was judged irregularly irregular.
    pub irregular: bool,
    /// The rule that fired, in words.
    pub rule: String,
    /// For atrial flutter, the conduction ratio N of N:1 conduction (None when variable).
    #[serde(default)]
    pub conduction_ratio: Option<u32>,
    /// For atrial flutter, the reading that decided it (locked or unlocked).
    #[serde(default)]
    pub flutter: Option<FlutterReading>,
    /// No consistent P wave was found, but the leads were too noisy to show one: the atrial
    /// activity is not assessable, and no atrial rhythm (fibrillation) is named.
    #[serde(default)]
    pub atrial_not_assessable: bool,
}

impl RhythmInput {
    /// The classifier's input from a beat analysis and the flutter evidence, if any.
    pub fn read(a: &BeatAnalysis, flutter: Option<&crate::atrial::FlutterEvidence>) -> RhythmInput {
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
            dominant_rr_range_ms: sinus_cycle_range_ms(a),
            premature_fraction: premature as f64 / a.beats.len().max(1) as f64,
            p_consistency: a.atrial.as_ref().map(|x| x.p_consistency),
            p_amplitude_mv: a.atrial.as_ref().map(|x| x.p_amplitude_mv),
            p_snr: a.atrial.as_ref().map(|x| x.p_snr),
            p_variation_mv: a
                .atrial
                .as_ref()
                .and_then(|x| x.leads.iter().map(|l| l.variation_mv).reduce(f64::max)),
            turning_point_ratio: a.turning_point_ratio,
            flutter_unlocked: flutter.and_then(|f| f.unlocked.clone()),
            flutter_locked: flutter.and_then(|f| f.locked.clone()),
            atrial_noise_mv: None,
            p_beat_match_q20: p_beat_match_q20(a),
            rr_unexplained: None,
        }
    }
}

/// The 20th percentile of the P-wave match of the beats of supraventricular shape (neither
/// ventricular nor paced), with at least four of them read.
fn p_beat_match_q20(a: &BeatAnalysis) -> Option<f64> {
    let mut m: Vec<f64> = a
        .beats
        .iter()
        .filter(|b| {
            !b.ventricular_shape
                && !matches!(b.class, BeatClass::VentricularPremature | BeatClass::Paced)
        })
        .filter_map(|b| b.p_match)
        .filter(|m| m.is_finite())
        .collect();
    if m.len() < 4 {
        return None;
    }
    m.sort_by(f64::total_cmp);
    m.get(m.len() / 5).copied()
}

/// Longest minus shortest interval of the underlying cycle (ms): intervals between two
/// beats of the dominant rhythm, leaving out those longer than 1.5 times their median (a
/// pause, a blocked beat or a missed detection is reported as such, not as sinus arrhythmia).
fn sinus_cycle_range_ms(a: &BeatAnalysis) -> Option<f64> {
    let mut rr: Vec<f64> = a
        .beats
        .windows(2)
        .filter(|w| w[0].class == BeatClass::Dominant && w[1].class == BeatClass::Dominant)
        .filter_map(|w| w[1].rr_ms)
        .collect();
    if rr.is_empty() {
        return a.rr_dominant.map(|s| s.max_ms - s.min_ms);
    }
    rr.sort_by(f64::total_cmp);
    let med = rr[rr.len() / 2];
    let kept: Vec<f64> = rr.into_iter().filter(|&r| r <= 1.5 * med).collect();
    let (lo, hi) = (kept.first()?, kept.last()?);
    Some(hi - lo)
}

/// Settles the beat classes once the rhythm is known. Prematurity means nothing in atrial
/// fibrillation, nor in flutter with variable conduction, nor in an irregular rhythm whose atrial
/// activity is not assessable (noise may hide fibrillatory waves): there every beat of
/// supraventricular shape is counted as conducted. Beats of ventricular shape stay ventricular.
pub fn settle_beat_classes(rhythm: &Rhythm, beats: &mut [crate::beats::BeatInfo]) {
    let unread =
        rhythm.label == RhythmLabel::IrregularUnclassified && rhythm.evidence.atrial_not_assessable;
    let fibrillating = unread
        || matches!(
            rhythm.label,
            RhythmLabel::AtrialFibrillation | RhythmLabel::AtrialFlutter
        )
        || rhythm
            .pacing
            .as_ref()
            .is_some_and(|p| p.underlying == Some(UnderlyingAtrial::AtrialFibrillation));
    if !fibrillating {
        return;
    }
    for b in beats {
        if b.class == BeatClass::SupraventricularPremature {
            b.class = BeatClass::Dominant;
        }
    }
}

/// Classifies the rhythm.
pub fn classify(input: &RhythmInput, cfg: &RhythmConfig) -> Rhythm {
    let salient = input
        .p_consistency
        .is_some_and(|c| c >= cfg.p_salient_min_consistency)
        && input.p_snr.is_some_and(|r| r >= cfg.p_salient_snr);
    let p_wave = (salient
        || input
            .p_consistency
            .is_some_and(|c| c >= cfg.p_min_consistency))
        && input
            .p_amplitude_mv
            .is_some_and(|a| a >= cfg.p_min_amplitude_mv);
    let strong_p = p_wave
        && (salient
            || input
                .p_consistency
                .is_some_and(|c| c >= cfg.p_strong_consistency)
                && input.p_snr.is_some_and(|c| c >= cfg.p_strong_snr));
    let irregular = input.nrmssd.is_some_and(|v| v > cfg.af_min_nrmssd);
    let dominant_irregular = input.nrmssd_dominant.is_some_and(|v| v > cfg.af_min_nrmssd)
        || (irregular && input.premature_fraction > cfg.af_min_premature_fraction);
    // Without a strong P wave, noisy P leads leave the atrial activity unread rather than absent.
    let not_assessable = !strong_p
        && input
            .atrial_noise_mv
            .is_some_and(|n| n >= cfg.atrial_max_noise_mv);
    let done = |label: RhythmLabel, rule: String| {
        Rhythm::new(
            label,
            RhythmEvidence {
                input: input.clone(),
                p_wave,
                irregular,
                rule,
                conduction_ratio: None,
                flutter: None,
                atrial_not_assessable: not_assessable
                    && (!p_wave || label == RhythmLabel::IrregularUnclassified),
            },
        )
    };
    let unread = |why: String| {
        done(
            RhythmLabel::IrregularUnclassified,
            format!(
                "{why}; but muscle noise of {:.3} mV in the P leads leaves the atrial activity not assessable",
                input.atrial_noise_mv.unwrap_or(0.0)
            ),
        )
    };
    if input.n_beats < cfg.min_beats {
        return done(
            RhythmLabel::Undetermined,
            format!("{} beats, fewer than {}", input.n_beats, cfg.min_beats),
        );
    }
    let Some(mean_rate) = input.mean_rate_bpm.or(input.dominant_rate_bpm) else {
        return done(RhythmLabel::Undetermined, "no RR interval".into());
    };
    // Sinus bradycardia and tachycardia are judged on the sinus rate: the cycle of the
    // sinus beats, leaving out premature beats and the pauses after them (a beat carrying
    // the sinus P wave is never premature, so sinus arrhythmia keeps its short cycles).
    let rate = input.dominant_rate_bpm.unwrap_or(mean_rate);
    if let Some(fl) = flutter(input, cfg) {
        return fl;
    }
    // Atrial activity that survives averaging is locked to the QRS: not fibrillation.
    let organised = input.n_beats >= cfg.af_organised_min_beats
        && input
            .p_amplitude_mv
            .is_some_and(|a| a >= cfg.af_organised_min_amplitude_mv)
        && input
            .p_consistency
            .is_some_and(|c| c >= cfg.af_organised_min_consistency);
    let not_af = |why: String| {
        done(
            RhythmLabel::IrregularUnclassified,
            format!(
                "{why}; but the averaged atrial segment holds {:.2} mV (consistency {:.2}): organised atrial activity, not fibrillation",
                input.p_amplitude_mv.unwrap_or(0.0),
                input.p_consistency.unwrap_or(0.0)
            ),
        )
    };
    // The sinus reading (`via`: why an irregular rhythm reads as sinus, or empty).
    let sinus = |via: String| -> Rhythm {
        // Sinus arrhythmia is a modifier of the sinus rhythm: "sinus bradycardia with sinus
        // arrhythmia" (窦性心动过缓伴窦性心律不齐) is one reading.
        let range = input.dominant_rr_range_ms.unwrap_or(0.0);
        let nr = input.nrmssd_dominant.unwrap_or(0.0);
        let arrhythmia =
            range > cfg.sinus_arrhythmia_range_ms && nr >= cfg.sinus_arrhythmia_min_nrmssd;
        let sa_words = if arrhythmia {
            format!(
                "; sinus RR range {range:.0} > {:.0} ms (sinus arrhythmia)",
                cfg.sinus_arrhythmia_range_ms
            )
        } else {
            String::new()
        };
        let with_sa = |mut r: Rhythm| {
            r.sinus_arrhythmia = arrhythmia;
            r
        };
        if rate < cfg.bradycardia_bpm {
            return with_sa(done(
                RhythmLabel::SinusBradycardia,
                format!(
                    "{via}P wave present; sinus rate {rate:.1} < {:.0} bpm{sa_words}",
                    cfg.bradycardia_bpm
                ),
            ));
        }
        if rate > cfg.tachycardia_bpm {
            return with_sa(done(
                RhythmLabel::SinusTachycardia,
                format!(
                    "{via}P wave present; sinus rate {rate:.1} > {:.0} bpm{sa_words}",
                    cfg.tachycardia_bpm
                ),
            ));
        }
        if arrhythmia {
            return with_sa(done(
                RhythmLabel::SinusArrhythmia,
                format!(
                    "{via}P wave present; rate {rate:.0} bpm; sinus RR range {range:.0} > {:.0} ms, nRMSSD {nr:.3}",
                    cfg.sinus_arrhythmia_range_ms
                ),
            ));
        }
        done(
            RhythmLabel::SinusRhythm,
            format!(
                "{via}P wave present; rate {rate:.0} bpm; regular (sinus RR range {range:.0} ms)"
            ),
        )
    };
    // Sinus rhythm with premature beats: the sinus P wave before (nearly) every beat of
    // supraventricular shape, whatever the RR irregularity the premature beats make.
    let p_each_beat = input
        .p_beat_match_q20
        .is_some_and(|m| m >= cfg.sinus_p_beat_min_match);
    // A match this close before four in five beats is the sinus P wave even where the
    // averaged atrial segment is too small or too varied to be called organised.
    // …with enough beats for the match to mean it (as `af_organised_min_beats`: a synthetic
    // fibrillation at 40 bpm, 7 beats, matched 0.94).
    let p_each_beat_clear = input.n_beats >= cfg.af_organised_min_beats
        && input
            .p_beat_match_q20
            .is_some_and(|m| m >= cfg.sinus_p_beat_clear_match);
    let each_beat_limit = |limit: f64| {
        format!(
            "sinus P wave before four in five supraventricular beats (match {:.2} >= {:.2}), RR irregular (nRMSSD {:.3}) through premature beats; ",
            input.p_beat_match_q20.unwrap_or(0.0),
            limit,
            input.nrmssd.unwrap_or(0.0)
        )
    };
    let each_beat_words = || each_beat_limit(cfg.sinus_p_beat_min_match);
    let clear_words = || each_beat_limit(cfg.sinus_p_beat_clear_match);
    // Irregular but not irregularly irregular: every interval is the base cycle, a premature
    // beat with the longer interval after it, or a pause. Not fibrillation; sinus with
    // premature beats or pauses where a P wave shows, "irregular, unclassified" otherwise.
    let pattern_p = input
        .p_consistency
        .is_some_and(|c| c >= cfg.sinus_pattern_min_p_consistency)
        && input
            .p_amplitude_mv
            .is_some_and(|a| a >= cfg.p_min_amplitude_mv);
    let patterned = input.n_beats > cfg.af_pattern_min_intervals
        && input
            .rr_unexplained
            .is_some_and(|u| u <= cfg.af_max_patterned_rr);
    let pattern_words = || {
        format!(
            "RR irregular (nRMSSD {:.3}) but not irregularly irregular: the intervals are a base cycle, premature beats with the longer interval after them, and pauses (unexplained {:.0} %); ",
            input.nrmssd.unwrap_or(0.0),
            input.rr_unexplained.unwrap_or(0.0) * 100.0
        )
    };
    let patterned_reading = || {
        if pattern_p {
            // The cycle varies through the premature beats and pauses the pattern names, not
            // through sinus arrhythmia (nor Wenckebach's grouped beating, read from the P waves).
            let mut r = sinus(pattern_words());
            if r.label == RhythmLabel::SinusArrhythmia {
                r.label = RhythmLabel::SinusRhythm;
            }
            r.sinus_arrhythmia = false;
            r
        } else {
            done(
                RhythmLabel::IrregularUnclassified,
                format!(
                    "{}no P wave (consistency {:.2}, at least {:.2} needed; amplitude {:.3} mV, at least {:.3}): not fibrillation",
                    pattern_words(),
                    input.p_consistency.unwrap_or(0.0),
                    cfg.sinus_pattern_min_p_consistency,
                    input.p_amplitude_mv.unwrap_or(0.0),
                    cfg.p_min_amplitude_mv
                ),
            )
        }
    };
    if p_wave && !strong_p && dominant_irregular {
        if not_assessable {
            return unread(format!(
                "weak P wave (amplitude/variation {:.1}); RR irregular (nRMSSD {:.3})",
                input.p_snr.unwrap_or(0.0),
                input.nrmssd.unwrap_or(0.0)
            ));
        }
        if patterned {
            return patterned_reading();
        }
        if organised && !p_each_beat {
            return not_af(format!(
                "weak P wave (amplitude/variation {:.1}); RR irregular (nRMSSD {:.3})",
                input.p_snr.unwrap_or(0.0),
                input.nrmssd.unwrap_or(0.0)
            ));
        }
        if !organised && p_each_beat_clear {
            return sinus(clear_words());
        }
        if !organised {
            return done(
                RhythmLabel::AtrialFibrillation,
                format!(
                    "weak P wave (consistency {:.2}, amplitude/variation {:.1}); RR irregular (nRMSSD {:.3}, underlying {:.3}, premature {:.0} %)",
                    input.p_consistency.unwrap_or(0.0),
                    input.p_snr.unwrap_or(0.0),
                    input.nrmssd.unwrap_or(0.0),
                    input.nrmssd_dominant.unwrap_or(0.0),
                    input.premature_fraction * 100.0
                ),
            );
        }
        return sinus(each_beat_words());
    }
    if p_wave {
        return sinus(String::new());
    }
    // Irregularly irregular is judged on the supraventricular rhythm, leaving out ventricular
    // beats with their coupling intervals and compensatory pauses: frequent ventricular ectopy
    // on a regular rhythm makes the whole series irregular but is not fibrillation (ESC 2020 AF
    // guideline, Hindricks et al., Eur Heart J 2021;42:373: "irregularly irregular RR intervals
    // and no distinct P waves"; RR-based AF detectors remove ectopic beats first, e.g. Lian,
    // Wang & Muessig, IEEE TBME 2011;58:1551). Supraventricular "premature" beats are kept:
    // in fibrillation every short interval looks premature.
    let supra = input.nrmssd_no_ventricular;
    // A mildly irregular series (below `af_min_nrmssd` even with every beat) without P wave is
    // read as fibrillation with a slow, even response, as before; only where the ectopic beats
    // push the series past `af_min_nrmssd` does their removal decide.
    let mild = !irregular
        && input
            .nrmssd
            .is_some_and(|v| v > cfg.af_min_nrmssd_without_p)
        // …and not made so by ventricular beats alone.
        && supra.is_none_or(|v| v > cfg.af_min_nrmssd_without_p);
    if supra.is_some_and(|v| v > cfg.af_min_nrmssd) || mild {
        if not_assessable {
            return unread(format!(
                "no consistent P wave; RR irregular (nRMSSD {:.3})",
                input.nrmssd.unwrap_or(0.0)
            ));
        }
        if organised && p_each_beat {
            return sinus(each_beat_words());
        }
        if patterned {
            return patterned_reading();
        }
        if organised {
            return not_af(format!(
                "no consistent P wave; RR irregular (nRMSSD {:.3})",
                input.nrmssd.unwrap_or(0.0)
            ));
        }
        if p_each_beat_clear {
            return sinus(clear_words());
        }
        return done(
            RhythmLabel::AtrialFibrillation,
            format!(
                "no consistent P wave; RR irregular (nRMSSD {:.3}; without ventricular beats {}; > {:.2})",
                input.nrmssd.unwrap_or(0.0),
                supra.map_or("-".to_string(), |v| format!("{v:.3}")),
                if mild {
                    cfg.af_min_nrmssd_without_p
                } else {
                    cfg.af_min_nrmssd
                }
            ),
        );
    }
    if irregular && p_each_beat && !not_assessable {
        return sinus(each_beat_words());
    }
    if irregular && patterned && !not_assessable {
        return patterned_reading();
    }
    if irregular {
        return done(
            RhythmLabel::IrregularUnclassified,
            format!(
                "no consistent P wave; RR irregular (nRMSSD {:.3}) through ventricular beats; without them {}",
                input.nrmssd.unwrap_or(0.0),
                supra.map_or("too few intervals".to_string(), |v| format!(
                    "regular (nRMSSD {v:.3})"
                )),
            ),
        );
    }
    done(
        RhythmLabel::RegularUnclassified,
        format!("no consistent P wave; regular RR at {mean_rate:.0} bpm"),
    )
}

#[cfg(test)]
mod tests;
