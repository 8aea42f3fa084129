//! Measurements from a delineation: the global intervals, QTc and axes from the representative
//! beat's global boundaries, every lead's amplitudes and ST levels on the representative beat,
//! and each beat's own PR, QRS and QT.

use super::axis::frontal_axis;
use super::{
    BeatMeasurements, GlobalMeasurements, LeadMeasurements, MeasureConfig, Measurements, Qtc,
    QtcFormula,
};
use crate::beats::RrStats;
use crate::delineate::{Delineation, Representative, RepresentativeLead};
use crate::lead::Lead;

/// What [`measure`] reads.
#[derive(Debug, Clone, Copy)]
pub struct MeasureInput<'a> {
    /// The delineation.
    pub delineation: &'a Delineation,
    /// The record's leads, in row order.
    pub leads: &'a [Lead],
    /// RR statistics over all intervals (the ventricular rate).
    pub rr: Option<&'a RrStats>,
    /// RR statistics of the dominant rhythm (the cycle QTc is corrected for).
    pub rr_dominant: Option<&'a RrStats>,
}

/// Net areas smaller than this (mV·ms) in every limb lead leave an axis indeterminate.
const MIN_AXIS_AREA_MV_MS: f64 = 1.0;

/// Measures a delineated record.
///
/// ```
/// use sinus::beats::rr_stats;
/// use sinus::delineate::{delineate, BeatInput, DelineateConfig, DelineateInput};
/// use sinus::measure::{measure, MeasureConfig, MeasureInput};
/// use sinus::synth::{generate, SynthConfig};
/// let syn = generate(&SynthConfig::default()).unwrap();
/// let beats: Vec<BeatInput> =
///     syn.truth.beats.iter().map(|b| BeatInput::dominant(b.r_peak)).collect();
/// let usable = vec![true; 12];
/// let d = delineate(
///     &DelineateInput { signals: syn.record.signals(), fs: 500.0, beats: &beats, usable: &usable, atrial_activity: true },
///     &DelineateConfig::default(),
/// );
/// let rr: Vec<f64> = syn.truth.rr_s().iter().map(|s| s * 1000.0).collect();
/// let rr = rr_stats(&rr);
/// let m = measure(
///     &MeasureInput { delineation: &d, leads: syn.record.leads(), rr: rr.as_ref(), rr_dominant: rr.as_ref() },
///     &MeasureConfig::default(),
/// );
/// let hr = m.global.heart_rate_bpm.unwrap();
/// assert!((hr - 70.0).abs() < 5.0, "{hr}");
/// assert!(m.global.qtc_ms.is_some() && m.global.qrs_axis_deg.is_some());
/// ```
pub fn measure(input: &MeasureInput<'_>, cfg: &MeasureConfig) -> Measurements {
    let d = input.delineation;
    let rr_ms = input
        .rr_dominant
        .or(input.rr)
        .map(|s| s.mean_ms)
        .filter(|r| r.is_finite() && *r > 0.0);
    let mut global = GlobalMeasurements {
        heart_rate_bpm: input
            .rr
            .map(|s| s.mean_ms)
            .filter(|r| r.is_finite() && *r > 0.0)
            .map(|r| 60_000.0 / r),
        rr_ms,
        qtc_formula: cfg.qtc_formula,
        ..GlobalMeasurements::default()
    };
    let mut leads: Vec<LeadMeasurements> = input
        .leads
        .iter()
        .map(|l| LeadMeasurements {
            lead: l.to_string(),
            ..LeadMeasurements::default()
        })
        .collect();
    if let Some(rep) = &d.representative {
        let g = &rep.global;
        global.p_ms = g.p_ms();
        global.pr_ms = g.pr_ms();
        global.qrs_ms = g.qrs_ms();
        global.qt_ms = g.qt_ms();
        global.qtc = qtc(global.qt_ms, rr_ms);
        global.qtc_ms = match cfg.qtc_formula {
            QtcFormula::Bazett => global.qtc.bazett_ms,
            QtcFormula::Fridericia => global.qtc.fridericia_ms,
            QtcFormula::Framingham => global.qtc.framingham_ms,
            QtcFormula::Hodges => global.qtc.hodges_ms,
        };
        let span = |a: Option<f64>, b: Option<f64>| Some((a?, b?)).filter(|(a, b)| b > a);
        global.p_axis_deg = span(g.p_onset, g.p_offset).and_then(|s| axis(rep, input.leads, s));
        global.qrs_axis_deg =
            span(g.qrs_onset, g.qrs_offset).and_then(|s| axis(rep, input.leads, s));
        global.t_axis_deg = span(g.qrs_offset, g.t_offset).and_then(|s| axis(rep, input.leads, s));
        for (k, lm) in leads.iter_mut().enumerate() {
            if let (Some(x), Some(rl)) = (rep.signals.get(k), rep.leads.get(k))
                && !x.is_empty()
            {
                lead(lm, x, rl, rep);
            }
        }
    }
    let fs = d.fs_hz;
    let beats = d
        .beats
        .iter()
        .map(|b| BeatMeasurements {
            sample: b.sample,
            pr_ms: b.global.pr_ms(),
            qrs_ms: b.global.qrs_ms(),
            qt_ms: b.global.qt_ms(),
        })
        .collect();
    let _ = fs;
    Measurements {
        global,
        leads,
        beats,
    }
}

/// QTc by every formula, RR in ms.
fn qtc(qt: Option<f64>, rr_ms: Option<f64>) -> Qtc {
    let (Some(qt), Some(rr)) = (qt, rr_ms) else {
        return Qtc::default();
    };
    let rr_s = rr / 1000.0;
    Qtc {
        bazett_ms: Some(qt / rr_s.sqrt()),
        fridericia_ms: Some(qt / rr_s.cbrt()),
        framingham_ms: Some(qt + 154.0 * (1.0 - rr_s)),
        hodges_ms: Some(qt + 1.75 * (60.0 / rr_s - 60.0)),
    }
}

/// The frontal axis of the net areas between samples `span` of the representative beat.
fn axis(rep: &Representative, leads: &[Lead], span: (f64, f64)) -> Option<f64> {
    let dt = 1000.0 / rep.fs_hz;
    let mut areas = Vec::new();
    for (k, lead) in leads.iter().enumerate() {
        let Some(x) = rep.signals.get(k).filter(|x| !x.is_empty()) else {
            continue;
        };
        if !lead.is_limb() {
            continue;
        }
        areas.push((lead.clone(), area(x, span.0, span.1) * dt));
    }
    if areas.iter().all(|(_, a)| a.abs() < MIN_AXIS_AREA_MV_MS) {
        return None;
    }
    frontal_axis(&areas)
}

/// Σ x over the samples from `a` to `b` (inclusive, rounded).
fn area(x: &[f32], a: f64, b: f64) -> f64 {
    let n = x.len();
    if n == 0 {
        return 0.0;
    }
    let (a, b) = (
        (a.round().max(0.0) as usize).min(n - 1),
        (b.round().max(0.0) as usize).min(n - 1),
    );
    x[a..=b.max(a)].iter().map(|&v| v as f64).sum()
}

/// Mean of `x` over 3 samples around `at`, if inside.
fn level_at(x: &[f32], at: f64) -> Option<f64> {
    let i = at.round();
    if i < 1.0 || i + 1.0 >= x.len() as f64 {
        return None;
    }
    let i = i as usize;
    Some((x[i - 1] + x[i] + x[i + 1]) as f64 / 3.0)
}

/// One lead's measurements on the representative beat.
fn lead(lm: &mut LeadMeasurements, x: &[f32], rl: &RepresentativeLead, rep: &Representative) {
    let ms = |a: usize, b: usize| rep.ms(a, b);
    let fs = rep.fs_hz;
    let w = &rl.waves;
    let range = |a: usize, b: usize| -> (f64, f64) {
        let (a, b) = (a.min(x.len() - 1), b.min(x.len() - 1));
        x[a..=b.max(a)]
            .iter()
            .fold((0.0f64, 0.0f64), |(lo, hi), &v| {
                (lo.min(v as f64), hi.max(v as f64))
            })
    };
    if let Some(p) = w.p {
        let (lo, hi) = range(p.onset, p.offset);
        lm.p_pos_mv = Some(hi);
        lm.p_neg_mv = Some(lo);
        lm.p_ms = Some(ms(p.onset, p.offset));
    }
    if let Some(t) = w.t {
        let (lo, hi) = range(t.onset, t.offset);
        lm.t_pos_mv = Some(hi);
        lm.t_neg_mv = Some(lo);
    }
    if let Some(q) = w.qrs {
        lm.qrs_ms = Some(ms(q.onset, q.offset));
        lm.qrs_area_mv_ms = Some(area(x, q.onset as f64, q.offset as f64) * 1000.0 / fs);
        let (lo, hi) = range(q.onset, q.offset);
        lm.qrs_net_mv = Some(hi + lo);
        let labels = super::lead::label_waves(&rl.deflections);
        let dur = |i: usize| {
            let d = &rl.deflections[i];
            ms(d.start, d.end + 1)
        };
        let amp = |i: usize| rl.deflections[i].amplitude_mv as f64;
        for (i, l) in labels.iter().enumerate() {
            match l {
                super::lead::Wave::Q => {
                    lm.q_mv = Some(amp(i));
                    lm.q_ms = Some(dur(i));
                }
                super::lead::Wave::R => {
                    lm.r_mv = Some(amp(i));
                    lm.r_ms = Some(dur(i));
                }
                super::lead::Wave::S => {
                    lm.s_mv = Some(amp(i));
                    lm.s_ms = Some(dur(i));
                }
                super::lead::Wave::RPrime => {
                    lm.r_prime_mv = Some(amp(i));
                    lm.r_prime_ms = Some(dur(i));
                }
                super::lead::Wave::SPrime => {
                    lm.s_prime_mv = Some(amp(i));
                    lm.s_prime_ms = Some(dur(i));
                }
                super::lead::Wave::Extra => {}
            }
        }
        let last_r = labels
            .iter()
            .rposition(|l| matches!(l, super::lead::Wave::R | super::lead::Wave::RPrime));
        lm.r_peak_time_ms = last_r.map(|i| ms(q.onset, rl.deflections[i].peak));
        lm.qrs_morphology = super::lead::morphology(&rl.deflections, &labels);
    }
    // ST at the global J point (the latest QRS offset across leads).
    if let Some(j) = rep.global.qrs_offset {
        let per_ms = fs / 1000.0;
        lm.j_mv = level_at(x, j);
        lm.st60_mv = level_at(x, j + 60.0 * per_ms);
        lm.st80_mv = level_at(x, j + 80.0 * per_ms);
        if let (Some(a), Some(b)) = (lm.j_mv, lm.st80_mv) {
            lm.st_slope_mv_per_s = Some((b - a) / 0.080);
        }
    }
}
