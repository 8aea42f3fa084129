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
//!
//! Beneath a complete AV block the QRS rhythm is an escape rhythm too, whatever P wave the
//! classifier happened to see before it; beneath a 2:1 or high-grade block the sinus rate is
//! the P rate: [`apply_beneath_block`].

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

/// Names the rhythm beneath an AV block read under a sinus label, when the block makes the
/// QRS rate something other than the sinus rate.
///
/// The classifier saw a P wave before the QRS and named a sinus rhythm at the QRS rate. With
/// P waves blocked 2:1 or in runs (high grade), the sinus rate is the P rate: the label is
/// the sinus label of the P rate. Beneath a complete (third-degree) block the ventricles
/// follow an escape focus (with P waves marching at two or three times the QRS rate, one
/// often falls in the PR window by chance): the rhythm is named by the escape's QRS width,
/// idioventricular when at least `idioventricular_min_qrs_ms`, junctional otherwise. The P
/// rate stays in the block's evidence either way.
pub fn apply_beneath_block(rhythm: &mut Rhythm, dominant_qrs_ms: Option<f64>, cfg: &RhythmConfig) {
    use super::AvBlockDegree as D;
    let Some(block) = &rhythm.av_block else {
        return;
    };
    if !rhythm.label.is_sinus() {
        return;
    }
    let qrs_rate = block.qrs_rate_bpm.or(rhythm.evidence.input.mean_rate_bpm);
    let p_rate = block
        .p_rate_bpm
        .map_or("-".to_string(), |r| format!("{r:.0} /min"));
    let label = match (block.degree, dominant_qrs_ms, qrs_rate) {
        (D::TwoToOne | D::HighGrade, _, _) => match block.p_rate_bpm {
            Some(p) if p.is_finite() => cfg.sinus_label(p),
            _ => return,
        },
        (D::Third, Some(q), _) if q >= cfg.idioventricular_min_qrs_ms => {
            RhythmLabel::IdioventricularRhythm
        }
        (D::Third, Some(_), Some(r)) if r >= cfg.bradycardia_bpm => {
            RhythmLabel::AcceleratedJunctionalRhythm
        }
        (D::Third, Some(_), Some(_)) => RhythmLabel::JunctionalRhythm,
        (D::Third, _, _) => RhythmLabel::RegularUnclassified,
        _ => return,
    };
    let what = if block.degree == D::Third {
        "escape rhythm beneath complete AV block"
    } else {
        "sinus rate read from the P waves, the QRS rate being lowered by the AV block"
    };
    rhythm.evidence.rule = format!(
        "{what} (QRS {}, {}; P waves at {p_rate}; read before: {})",
        dominant_qrs_ms.map_or("-".to_string(), |q| format!("{q:.0} ms")),
        qrs_rate.map_or("-".to_string(), |r| format!("{r:.0} bpm")),
        rhythm.evidence.rule
    );
    rhythm.label = label;
}
