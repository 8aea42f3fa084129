//! The paced reading: which chamber the pacemaker drives, how many beats it paces, and the
//! atrial rhythm beneath ventricular pacing where the record shows it.

use super::findings::paced_label;
use super::{PacedChamber, PacingReading, Rhythm, RhythmConfig, RhythmLabel, UnderlyingAtrial};
use crate::beats::BeatInfo;
use crate::pacing::{BeatPacing, PacingConfig};

/// Drops the ventricular (atrial) spikes of `pace` when too few beats carry one, or when their
/// delays to the QRS spread more than a pacemaker's would (noise, not pacing): a ventricular
/// spike starts the QRS, an atrial one precedes it by the AV conduction time.
///
/// Ventricular spikes are also dropped when the beats they start have a median QRS narrower
/// than [`PacingConfig::min_paced_qrs_ms`]: a paced ventricle depolarises cell to cell, not
/// through the conduction system.
pub fn check_pacing(pace: &mut [BeatPacing], beats: &[BeatInfo], fs_hz: f64, cfg: &PacingConfig) {
    let mut widths: Vec<f64> = pace
        .iter()
        .zip(beats)
        .filter(|(p, _)| p.ventricular)
        .filter_map(|(_, b)| b.qrs_ms)
        .collect();
    widths.sort_by(f64::total_cmp);
    let narrow = widths
        .get(widths.len() / 2)
        .is_some_and(|&w| w < cfg.min_paced_qrs_ms);
    // Intermittent pacing: the paced beats are not the beats of the dominant rhythm (a
    // spike-like notch found in a few conducted beats is).
    let spiked = pace.iter().filter(|p| p.ventricular).count();
    let mut corr: Vec<f64> = pace
        .iter()
        .zip(beats)
        .filter(|(p, _)| p.ventricular)
        .filter_map(|(_, b)| b.template_corr)
        .collect();
    corr.sort_by(f64::total_cmp);
    let like_dominant = (spiked as f64) < cfg.min_paced_fraction * beats.len() as f64
        && corr.get(corr.len() / 2).is_some_and(|&c| c >= 0.9);
    let narrow = narrow || like_dominant;
    let spread_ok = |mut d: Vec<i64>| {
        d.sort_unstable();
        let spread_ms = if d.len() >= 4 {
            (d[3 * d.len() / 4] - d[d.len() / 4]) as f64 * 1000.0 / fs_hz
        } else {
            0.0
        };
        d.len() >= cfg.min_paced_beats && spread_ms <= cfg.max_delay_spread_ms
    };
    if narrow || !spread_ok(pace.iter().filter_map(|p| p.ventricular_delay).collect()) {
        for p in pace.iter_mut() {
            p.ventricular = false;
            p.ventricular_delay = None;
        }
    }
    // Atrial spikes followed by a conducted QRS (no ventricular spike) keep the AV delay.
    let conducted: Vec<i64> = pace
        .iter()
        .filter(|p| !p.ventricular)
        .filter_map(|p| p.atrial_delay)
        .collect();
    let atrial_ok = if conducted.len() >= cfg.min_paced_beats {
        spread_ok(conducted)
    } else {
        spread_ok(pace.iter().filter_map(|p| p.atrial_delay).collect())
    };
    if !atrial_ok {
        for p in pace.iter_mut() {
            p.atrial = false;
            p.atrial_delay = None;
        }
    }
}

/// The pacing found in a stretch: None when no beat carries a spike.
pub fn read_pacing(
    beats: &[BeatInfo],
    pace: &[BeatPacing],
    spikes: usize,
    cfg: &PacingConfig,
) -> Option<PacingReading> {
    let n = beats.len().min(pace.len());
    let paced = pace.iter().take(n).filter(|p| p.ventricular).count();
    let atrial = pace.iter().take(n).filter(|p| p.atrial).count();
    if paced + atrial == 0 || n == 0 {
        return None;
    }
    let frac = |k: usize| k as f64 / n as f64;
    let enough = |k: usize| k >= cfg.min_paced_beats && frac(k) >= cfg.min_paced_fraction;
    let chamber = match (enough(paced), enough(atrial)) {
        (true, true) => PacedChamber::AvSequential,
        (true, false) => PacedChamber::Ventricular,
        (false, true) => PacedChamber::Atrial,
        // Intermittent: the chamber paced more often.
        (false, false) if paced >= atrial => PacedChamber::Ventricular,
        (false, false) => PacedChamber::Atrial,
    };
    // The paced rate: consecutive beats both paced in the chamber.
    let is = |p: &BeatPacing| match chamber {
        PacedChamber::Atrial => p.atrial,
        _ => p.ventricular,
    };
    let mut rr: Vec<f64> = (1..n)
        .filter(|&i| is(&pace[i]) && is(&pace[i - 1]))
        .filter_map(|i| beats[i].rr_ms)
        .collect();
    rr.sort_by(f64::total_cmp);
    let paced_rate_bpm = rr.get(rr.len() / 2).map(|m| 60_000.0 / m);
    Some(PacingReading {
        chamber,
        spikes,
        paced_beats: paced,
        atrial_paced_beats: atrial,
        beats: n,
        paced_rate_bpm,
        underlying: None,
        atrial_rate_bpm: None,
        rule: format!(
            "{spikes} pacemaker spikes; {paced} of {n} beats ventricular paced, {atrial} atrial paced"
        ),
    })
}

/// True when the reading paces enough beats for a paced label.
pub fn is_paced_rhythm(p: &PacingReading, cfg: &PacingConfig) -> bool {
    let k = match p.chamber {
        PacedChamber::Atrial => p.atrial_paced_beats,
        PacedChamber::Ventricular => p.paced_beats,
        PacedChamber::AvSequential => p.paced_beats.min(p.atrial_paced_beats),
    };
    p.beats > 0 && k >= cfg.min_paced_beats && k as f64 / p.beats as f64 >= cfg.min_paced_fraction
}

/// Applies a pacing reading to the rhythm read from the beats: a paced rhythm takes the paced
/// label, and what was read beneath gives the atrial rhythm:
///
/// - a strong P wave before each paced QRS (see [`RhythmConfig::p_strong_consistency`]):
///   sinus rhythm, tracked by the pacemaker;
/// - atrial fibrillation read from the intrinsic beats, or no strong P wave and an atrial
///   segment that varies from beat to beat by at least
///   [`RhythmConfig::paced_fibrillation_min_mv`]: fibrillation;
/// - otherwise not read.
///
/// Intermittent pacing leaves the label.
pub fn apply_pacing(
    rhythm: &mut Rhythm,
    mut p: PacingReading,
    cfg: &PacingConfig,
    rc: &RhythmConfig,
) {
    if !is_paced_rhythm(&p, cfg) {
        p.rule.push_str(" (intermittent)");
        rhythm.pacing = Some(p);
        return;
    }
    if p.chamber != PacedChamber::Atrial {
        let i = &rhythm.evidence.input;
        let strong = i
            .p_consistency
            .is_some_and(|c| c >= rc.p_strong_consistency)
            && i.p_snr.is_some_and(|s| s >= rc.p_strong_snr);
        let variation = match (i.p_amplitude_mv, i.p_snr) {
            (Some(a), Some(s)) if s > 0.0 => a / s,
            _ => 0.0,
        };
        p.underlying = if rhythm.label == RhythmLabel::AtrialFibrillation {
            p.rule
                .push_str("; the intrinsic beats read atrial fibrillation");
            Some(UnderlyingAtrial::AtrialFibrillation)
        } else if !strong && variation >= rc.paced_fibrillation_min_mv {
            p.rule.push_str(&format!(
                "; atrial segment varies {variation:.3} mV beat to beat without a consistent P wave: fibrillation"
            ));
            Some(UnderlyingAtrial::AtrialFibrillation)
        } else if strong && p.chamber == PacedChamber::Ventricular {
            p.rule.push_str(
                "; a P wave before each paced QRS: sinus rhythm, atrial-sensed (tracked)",
            );
            Some(UnderlyingAtrial::SinusTracked)
        } else {
            None
        };
    }
    let beneath = rhythm.label;
    rhythm.label = paced_label(p.chamber);
    rhythm.sinus_arrhythmia = false;
    rhythm.evidence.rule = format!(
        "{}; read beneath the pacing: {} ({})",
        p.rule,
        beneath.code(),
        rhythm.evidence.rule
    );
    rhythm.pacing = Some(p);
}
