//! Atrial flutter: the unlocked and locked readings of [`crate::atrial`], and 2:1 conduction
//! from the half-cycle correlations.

use super::{Rhythm, RhythmConfig, RhythmEvidence, RhythmInput, RhythmLabel};
use crate::atrial::FlutterReading;

/// Reads atrial flutter with 2:1 conduction into a rhythm conducted mostly at one interval
/// (at least 60 % of the RR intervals `rr_ms` within 5 % of their median, which leaves room
/// for the odd 3:1 cycle) whose doubled rate lies in the flutter range, from the half-cycle
/// correlations of V1 and of the best inferior lead (see [`super::half_cycle`]).
pub fn apply_two_to_one(
    rhythm: &mut Rhythm,
    rr_ms: &[f64],
    v1: Option<f64>,
    inferior: Option<f64>,
    cfg: &RhythmConfig,
) {
    let mut sorted = rr_ms.to_vec();
    sorted.sort_by(f64::total_cmp);
    let Some(&median) = sorted.get(sorted.len() / 2) else {
        return;
    };
    let rate = 60_000.0 / median;
    let regular = sorted.len() >= 4
        && 5 * sorted
            .iter()
            .filter(|r| (*r - median).abs() <= 0.05 * median)
            .count()
            >= 3 * sorted.len();
    let candidate = matches!(
        rhythm.label,
        RhythmLabel::SinusTachycardia
            | RhythmLabel::SupraventricularTachycardia
            | RhythmLabel::RegularUnclassified
    );
    let atrial = 2.0 * rate;
    if !(candidate
        && regular
        && atrial >= cfg.flutter_min_rate_bpm
        && atrial <= cfg.flutter_max_rate_bpm)
    {
        return;
    }
    let (Some(v1), Some(inf)) = (v1, inferior) else {
        return;
    };
    if v1 < cfg.two_to_one_min_v1 || inf < cfg.two_to_one_min_inferior {
        return;
    }
    rhythm.evidence.rule = format!(
        "flutter waves at {atrial:.0} /min, 2:1 conduction (the average beat repeats every half RR interval: V1 {v1:.2} >= {:.2}, inferior lead {inf:.2} >= {:.2}; read before: {})",
        cfg.two_to_one_min_v1, cfg.two_to_one_min_inferior, rhythm.evidence.rule
    );
    rhythm.label = RhythmLabel::AtrialFlutter;
    rhythm.sinus_arrhythmia = false;
    rhythm.evidence.conduction_ratio = Some(2);
    rhythm.evidence.p_wave = false;
}

/// Atrial flutter: a regular atrial oscillation in the flutter range that dominates the baseline
/// between the QRS complexes in two leads, and either survives QRST cancellation (F waves not
/// locked to the QRS) or divides the RR interval into N ≥ `flutter_min_locked_ratio` cycles
/// (locked N:1). Judged before the P wave, since flutter waves pass for a consistent P wave at a
/// fixed "PR".
pub(super) fn flutter(input: &RhythmInput, cfg: &RhythmConfig) -> Option<Rhythm> {
    let in_range = |r: &FlutterReading| {
        r.atrial_rate_bpm >= cfg.flutter_min_rate_bpm
            && r.atrial_rate_bpm <= cfg.flutter_max_rate_bpm
            && r.dominance >= cfg.flutter_min_dominance
    };
    let regular = input
        .nrmssd
        .is_some_and(|v| v <= cfg.af_min_nrmssd_without_p);
    let ratio = |r: &FlutterReading| {
        let n = r.rr_over_period.round();
        (regular && n >= 2.0 && (r.rr_over_period - n).abs() <= cfg.flutter_ratio_tolerance)
            .then_some(n as u32)
    };
    // F waves not locked to the QRS survive QRST cancellation; F waves locked at 4:1 or slower
    // are cancelled with the average beat, but then the RR interval is a whole number of atrial
    // cycles. Locked at 2:1 or 3:1 they cannot be told this way from the T and P waves of a
    // sinus rhythm at 90–150 bpm, which also repeat at a half or a third of the RR interval.
    // The locked reading first: when both hold, its cycle divides the RR interval exactly.
    let (reading, how) = if let Some(l) = input.flutter_locked.as_ref().filter(|l| {
        in_range(l)
            && l.dominance >= cfg.flutter_min_locked_dominance
            && ratio(l).is_some_and(|n| n >= cfg.flutter_min_locked_ratio)
    }) {
        (
            l,
            format!(
                "dominance {:.2} >= {:.2}; locked to the QRS, RR = {:.2} cycles",
                l.dominance, cfg.flutter_min_locked_dominance, l.rr_over_period
            ),
        )
    } else if let Some(u) = input.flutter_unlocked.as_ref().filter(|u| {
        in_range(u)
            && u.periodicity >= cfg.flutter_min_periodicity
            && u.rr_phase_rayleigh_z >= cfg.flutter_min_rr_rayleigh_z
    }) {
        (
            u,
            format!(
                "dominance {:.2} >= {:.2}; periodicity after QRST cancellation {:.2} >= {:.2}; RR whole numbers of cycles, Rayleigh z {:.1} >= {:.1}",
                u.dominance,
                cfg.flutter_min_dominance,
                u.periodicity,
                cfg.flutter_min_periodicity,
                u.rr_phase_rayleigh_z,
                cfg.flutter_min_rr_rayleigh_z
            ),
        )
    } else {
        return None;
    };
    let n = ratio(reading);
    let conduction = match n {
        Some(n) => format!("{n}:1 conduction"),
        None => "variable conduction".to_string(),
    };
    Some(Rhythm::new(
        RhythmLabel::AtrialFlutter,
        RhythmEvidence {
            input: input.clone(),
            p_wave: false,
            irregular: !regular,
            rule: format!(
                "flutter waves at {:.0} /min, {conduction} (filling the baseline: {how})",
                reading.atrial_rate_bpm
            ),
            conduction_ratio: n,
            flutter: Some(reading.clone()),
            atrial_not_assessable: false,
        },
    ))
}
