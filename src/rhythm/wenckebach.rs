//! Mobitz I (Wenckebach) read as AV block, not as atrial fibrillation.
//!
//! Wenckebach groups the beats (an irregular RR) and the changing PR smears the averaged
//! P wave, so the classifier can call it atrial fibrillation. Fibrillation has no P waves
//! marching at a regular rate; when [`super::p_waves::read`] finds them, more than the QRS
//! complexes, with the PR growing before each blocked one, the atria are sinus and the
//! reading is replaced (issue 12).

use super::{AvBlock, Rhythm, RhythmConfig, RhythmLabel};

/// Whether a reading of this label is checked for Wenckebach: atrial fibrillation, or an
/// irregular rhythm left unclassified.
pub(crate) fn applies(label: RhythmLabel) -> bool {
    matches!(
        label,
        RhythmLabel::AtrialFibrillation | RhythmLabel::IrregularUnclassified
    )
}

/// Replaces the reading by sinus rhythm (named by the atrial rate) with `block`, the
/// Mobitz I block read from the P waves, and says so in the evidence.
pub(crate) fn apply(rhythm: &mut Rhythm, block: AvBlock, rc: &RhythmConfig) {
    let rate = block.p_rate_bpm.unwrap_or(f64::NAN);
    let before = rhythm.label;
    rhythm.label = rc.sinus_label(rate);
    rhythm.sinus_arrhythmia = false;
    rhythm.evidence.p_wave = true;
    rhythm.evidence.irregular = false;
    rhythm.evidence.rule = format!(
        "P waves march at {rate:.0} /min, {} of them not conducted, the PR growing before each (Wenckebach): sinus rhythm with second-degree AV block Mobitz I, not {:?} (read before: {})",
        block.blocked, before, rhythm.evidence.rule
    );
    rhythm.av_block = Some(block);
}
