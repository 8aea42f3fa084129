//! A regular rhythm with no P wave named by its QRS: narrow, junctional (accelerated, or a
//! supraventricular tachycardia by rate); wide, idioventricular (or ventricular tachycardia).
//!
//! A narrow-QRS reading needs the baseline before the QRS to be seen *empty*: the averaged
//! atrial segment below `junctional_max_atrial_mv` and its beat-to-beat variation below
//! `junctional_max_variation_mv`. A noisy segment hides P waves rather than showing their
//! absence, and stays "regular rhythm, P waves not identified". A wide regular rhythm without
//! a consistent P wave (dominant QRS at least `idioventricular_min_qrs_ms`) is read as
//! ventricular: the reading a physician must see first (a wide-complex tachycardia is
//! ventricular until proven otherwise: 2017 AHA/ACC/HRS ventricular arrhythmia guideline).

use super::{Rhythm, RhythmConfig, RhythmLabel};

/// Names a [`RhythmLabel::RegularUnclassified`] rhythm by its QRS width (`dominant_qrs_ms`)
/// and rate, when the evidence allows; leaves it otherwise.
pub fn apply(rhythm: &mut Rhythm, dominant_qrs_ms: Option<f64>, cfg: &RhythmConfig) {
    if rhythm.label != RhythmLabel::RegularUnclassified {
        return;
    }
    let i = &rhythm.evidence.input;
    let Some(rate) = i.mean_rate_bpm else { return };
    let Some(qrs) = dominant_qrs_ms else { return };
    let amplitude = i.p_amplitude_mv.unwrap_or(f64::INFINITY);
    let variation = i.p_variation_mv.unwrap_or(f64::INFINITY);
    let (label, what) = if qrs >= cfg.idioventricular_min_qrs_ms {
        if rate >= cfg.tachycardia_bpm {
            (
                RhythmLabel::VentricularTachycardia,
                "wide regular tachycardia without P waves",
            )
        } else {
            (
                RhythmLabel::IdioventricularRhythm,
                "wide regular rhythm without P waves",
            )
        }
    } else if amplitude <= cfg.junctional_max_atrial_mv
        && variation <= cfg.junctional_max_variation_mv
    {
        if rate > cfg.tachycardia_bpm {
            (
                RhythmLabel::SupraventricularTachycardia,
                "narrow regular tachycardia, baseline before the QRS empty",
            )
        } else if rate >= cfg.bradycardia_bpm {
            (
                RhythmLabel::AcceleratedJunctionalRhythm,
                "narrow regular rhythm, baseline before the QRS empty",
            )
        } else {
            (
                RhythmLabel::JunctionalRhythm,
                "narrow regular rhythm, baseline before the QRS empty",
            )
        }
    } else {
        return;
    };
    rhythm.evidence.rule = format!(
        "{what} (QRS {qrs:.0} ms, {rate:.0} bpm, atrial segment {amplitude:.3} mV, varying {variation:.3} mV; {})",
        rhythm.evidence.rule
    );
    rhythm.label = label;
}
