//! The true measurements of a synthetic record: the representative beat (RR = the mean RR,
//! unit gain, no noise) evaluated from the model's kernels on a 0.1 ms grid and measured with
//! the boundaries the model knows exactly. This is what a perfect delineator would report; the
//! interpretation rules are tested on it until delineation exists, and delineation is
//! measured against it afterwards.
//!
//! The baseline is the model's isoelectric line (0 mV). QRS waves are the lobes of the QRS
//! between zero crossings, lobes under 0.02 mV ignored: a first negative lobe is Q, positive
//! lobes R and R′, later negative lobes S and S′; no positive lobe makes a QS. Intervals are
//! the model's kernel spans (2.5 widths).

use super::model::PlacedWave;
use super::pathology::lead_vector;
use super::{BeatKind, PlannedBeat, Rhythm, SynthConfig, SynthError, place_beat, validate};
use crate::measure::{GlobalMeasurements, LeadMeasurements, Measurements, Qtc, QtcFormula};

/// Time step of the evaluation grid (s).
const DT: f64 = 1e-4;
/// Lobes smaller than this (mV) are not waves.
const MIN_LOBE_MV: f64 = 0.02;
/// A dip of at least this (mV) between two maxima of one positive lobe is a notch.
const NOTCH_MV: f64 = 0.02;

/// The measurements a perfect delineator would make on `cfg`'s representative beat: global
/// intervals, QTc by the four formulas, frontal axes, and every lead's amplitudes and ST levels.
///
/// ```
/// let cfg = sinus::synth::SynthConfig::default();
/// let m = sinus::synth::true_measurements(&cfg).unwrap();
/// assert_eq!(m.leads.len(), 12);
/// let qrs = m.global.qrs_ms.unwrap();
/// assert!((80.0..100.0).contains(&qrs));
/// assert!((m.global.pr_ms.unwrap() - 160.0).abs() < 1.0);
/// ```
pub fn true_measurements(cfg: &SynthConfig) -> Result<Measurements, SynthError> {
    validate(cfg)?;
    let rr = 60.0 / cfg.heart_rate_bpm;
    let beat = PlannedBeat {
        t_r: 0.0,
        kind: BeatKind::Normal,
        rr_prev: rr,
        p_wave: cfg.rhythm == Rhythm::Sinus,
    };
    let bw = place_beat(&beat, 1.0, &cfg.pathology);
    let (qrs_on, qrs_off) = bw.qrs;
    let (t_on, t_off) = bw.t;
    let start = bw.p.map_or(qrs_on, |p| p.0.min(qrs_on)) - 0.05;
    let end = t_off + 0.1;
    let n = ((end - start) / DT).ceil() as usize + 1;
    let times: Vec<f64> = (0..n).map(|i| start + i as f64 * DT).collect();
    let dipole: Vec<[f64; 3]> = times.iter().map(|&t| dipole_at(&bw.waves, t)).collect();
    let idx = |t: f64| (((t - start) / DT).round().max(0.0) as usize).min(n - 1);

    let mut leads = Vec::with_capacity(cfg.leads.len());
    let mut areas = std::collections::HashMap::new();
    for lead in &cfg.leads {
        let Some(lv) = lead_vector(lead) else {
            continue;
        };
        let sig: Vec<f64> = dipole
            .iter()
            .map(|d| lv[0] * d[0] + lv[1] * d[1] + lv[2] * d[2])
            .collect();
        let at = |t: f64| sig[idx(t)];
        let qrs = &sig[idx(qrs_on)..=idx(qrs_off)];
        let mut m = measure_qrs(qrs, DT);
        m.lead = lead.name().to_string();
        m.qrs_ms = Some((qrs_off - qrs_on) * 1e3);
        let j = at(qrs_off);
        let st80 = at(qrs_off + 0.08);
        m.j_mv = Some(j);
        m.st60_mv = Some(at(qrs_off + 0.06));
        m.st80_mv = Some(st80);
        m.st_slope_mv_per_s = Some((st80 - j) / 0.08);
        let t = &sig[idx(t_on)..=idx(t_off)];
        m.t_pos_mv = Some(t.iter().copied().fold(0.0, f64::max));
        m.t_neg_mv = Some(t.iter().copied().fold(0.0, f64::min));
        let mut p_area = 0.0;
        if let Some((p_on, p_off)) = bw.p {
            let p = &sig[idx(p_on)..=idx(p_off)];
            m.p_pos_mv = Some(p.iter().copied().fold(0.0, f64::max));
            let neg = p.iter().copied().fold(0.0, f64::min);
            m.p_neg_mv = Some(neg);
            m.p_ms = Some((p_off - p_on) * 1e3);
            let neg_ms = p.iter().filter(|&&v| v < -0.005).count() as f64 * DT * 1e3;
            m.p_neg_ms = Some(neg_ms);
            p_area = p.iter().sum::<f64>() * DT * 1e3;
        }
        m.delta_wave = Some(false);
        m.j_wave = Some(false);
        let t_area = t.iter().sum::<f64>() * DT * 1e3;
        areas.insert(
            lead.name().to_string(),
            (m.qrs_area_mv_ms.unwrap_or(0.0), p_area, t_area),
        );
        leads.push(m);
    }

    // Frontal axes from the net areas in I and aVF (I = E cos θ, aVF = E (√3/2) sin θ),
    // computed from the lead vectors when the record lacks those leads.
    let area_of = |name: &str, k: usize| -> f64 {
        match areas.get(name) {
            Some(a) => [a.0, a.1, a.2][k],
            None => {
                let lead = crate::lead::Lead::parse(name);
                let lv = lead_vector(&lead).unwrap_or([0.0; 3]);
                let (lo, hi) = match k {
                    0 => (qrs_on, qrs_off),
                    1 => bw.p.unwrap_or((0.0, 0.0)),
                    _ => (t_on, t_off),
                };
                if hi <= lo {
                    return 0.0;
                }
                (idx(lo)..=idx(hi))
                    .map(|i| {
                        let d = dipole[i];
                        lv[0] * d[0] + lv[1] * d[1] + lv[2] * d[2]
                    })
                    .sum::<f64>()
                    * DT
                    * 1e3
            }
        }
    };
    let axis = |k: usize| {
        let (i, avf) = (area_of("I", k), area_of("aVF", k));
        (i != 0.0 || avf != 0.0).then(|| (avf * 2.0 / 3f64.sqrt()).atan2(i).to_degrees())
    };
    let qt = t_off - qrs_on;
    let hr = cfg.heart_rate_bpm;
    let qtc = Qtc {
        bazett_ms: Some(qt / rr.sqrt() * 1e3),
        fridericia_ms: Some(qt / rr.cbrt() * 1e3),
        framingham_ms: Some((qt + 0.154 * (1.0 - rr)) * 1e3),
        hodges_ms: Some(qt * 1e3 + 1.75 * (hr - 60.0)),
    };
    let global = GlobalMeasurements {
        heart_rate_bpm: Some(hr),
        rr_ms: Some(rr * 1e3),
        p_ms: bw.p.map(|p| (p.1 - p.0) * 1e3),
        pr_ms: bw.p.map(|p| (qrs_on - p.0) * 1e3),
        qrs_ms: Some((qrs_off - qrs_on) * 1e3),
        qt_ms: Some(qt * 1e3),
        qtc_ms: qtc.bazett_ms,
        qtc_formula: QtcFormula::Bazett,
        qtc,
        p_axis_deg: bw.p.and_then(|_| axis(1)),
        qrs_axis_deg: axis(0),
        t_axis_deg: axis(2),
        paced: Some(false),
    };
    Ok(Measurements {
        global,
        leads,
        beats: Vec::new(),
    })
}

fn dipole_at(waves: &[PlacedWave], t: f64) -> [f64; 3] {
    let mut d = [0.0; 3];
    for w in waves {
        let g = w.kernel(t);
        for (c, v) in d.iter_mut().enumerate() {
            *v += w.v[c] * g;
        }
    }
    d
}

/// One lobe of the QRS: sign, extreme value, duration (s), and the sample of its extreme.
struct Lobe {
    positive: bool,
    extreme: f64,
    dur_s: f64,
    peak: usize,
    notched: bool,
}

/// Q, R, S, R′, S′ amplitudes and durations, R-peak time, morphology, net amplitude and area,
/// from the QRS samples (onset to offset, against the baseline, `dt_s` apart). Also used on
/// real records measured between reference boundaries ([`crate::eval::reference`]).
pub(crate) fn measure_qrs(qrs: &[f64], dt_s: f64) -> LeadMeasurements {
    let dt = dt_s;
    let mut lobes: Vec<Lobe> = Vec::new();
    let mut k = 0;
    while k < qrs.len() {
        let positive = qrs[k] >= 0.0;
        let a = k;
        while k < qrs.len() && (qrs[k] >= 0.0) == positive {
            k += 1;
        }
        let seg = &qrs[a..k];
        let (peak, extreme) =
            seg.iter()
                .enumerate()
                .map(|(i, &v)| (a + i, v))
                .fold(
                    (a, 0.0f64),
                    |b, x| {
                        if x.1.abs() > b.1.abs() { x } else { b }
                    },
                );
        lobes.push(Lobe {
            positive,
            extreme,
            dur_s: seg.len() as f64 * dt,
            peak,
            notched: positive && has_notch(seg),
        });
    }
    // A last lobe still rising or falling at the J point is the ST segment's shift (an
    // elevated or depressed J point), not a wave.
    let end = qrs.len().saturating_sub(1);
    let st_shift = (2e-3 / dt) as usize;
    if lobes.len() > 1 && lobes.last().is_some_and(|l| l.peak + st_shift >= end) {
        lobes.pop();
    }
    // Lobes too small to be waves (the larger of 0.02 mV and 5 % of the QRS peak-to-peak: noise
    // crossing the baseline) are dropped, and the neighbours they separated are one wave.
    let hi = qrs.iter().copied().fold(0.0, f64::max);
    let lo = qrs.iter().copied().fold(0.0, f64::min);
    let min_lobe = MIN_LOBE_MV.max(0.05 * (hi - lo));
    let mut kept: Vec<Lobe> = Vec::new();
    for l in lobes.into_iter().filter(|l| l.extreme.abs() >= min_lobe) {
        match kept.last_mut() {
            Some(prev) if prev.positive == l.positive => {
                prev.dur_s += l.dur_s;
                prev.notched = true;
                if l.extreme.abs() > prev.extreme.abs() {
                    prev.extreme = l.extreme;
                    prev.peak = l.peak;
                }
            }
            _ => kept.push(l),
        }
    }
    let lobes = kept;
    let mut m = LeadMeasurements::default();
    let mut morph = String::new();
    if lobes.is_empty() {
        // Nothing reaches a wave's size: report the residual deflections as they are.
        let hi = qrs.iter().copied().fold(0.0, f64::max);
        let lo = qrs.iter().copied().fold(0.0, f64::min);
        m.r_mv = Some(hi);
        m.s_mv = Some(lo);
        m.qrs_net_mv = Some(hi + lo);
        m.qrs_area_mv_ms = Some(qrs.iter().sum::<f64>() * dt * 1e3);
        m.qrs_notch = Some(false);
        m.qrs_morphology = Some("rs".into());
        return m;
    }
    let letter = |c: char, v: f64| {
        if v.abs() >= 0.5 {
            c.to_ascii_uppercase()
        } else {
            c
        }
    };
    let n_pos = lobes.iter().filter(|l| l.positive).count();
    if n_pos == 0 {
        if let Some(l) = lobes.iter().min_by(|a, b| a.extreme.total_cmp(&b.extreme)) {
            m.q_mv = Some(l.extreme);
            m.q_ms = Some(qrs.len() as f64 * dt * 1e3);
        }
        morph.push_str("QS");
    } else {
        let mut seen_r = 0;
        for (i, l) in lobes.iter().enumerate() {
            let ms = Some(l.dur_s * 1e3);
            match (l.positive, i, seen_r) {
                (false, 0, _) => {
                    m.q_mv = Some(l.extreme);
                    m.q_ms = ms;
                    morph.push(letter('q', l.extreme));
                }
                (true, _, 0) => {
                    m.r_mv = Some(l.extreme);
                    m.r_ms = ms;
                    m.r_peak_time_ms = Some(l.peak as f64 * dt * 1e3);
                    seen_r = 1;
                    morph.push(letter('r', l.extreme));
                }
                (true, _, 1) => {
                    m.r_prime_mv = Some(l.extreme);
                    m.r_prime_ms = ms;
                    m.r_peak_time_ms = Some(l.peak as f64 * dt * 1e3);
                    seen_r = 2;
                    morph.push(letter('r', l.extreme));
                    morph.push('\'');
                }
                (false, _, 1) if m.s_mv.is_none() => {
                    m.s_mv = Some(l.extreme);
                    m.s_ms = ms;
                    morph.push(letter('s', l.extreme));
                }
                (false, _, 2) if m.s_prime_mv.is_none() => {
                    m.s_prime_mv = Some(l.extreme);
                    m.s_prime_ms = ms;
                    morph.push(letter('s', l.extreme));
                    morph.push('\'');
                }
                _ => {}
            }
        }
    }
    m.qrs_notch = Some(lobes.iter().any(|l| l.notched));
    m.qrs_morphology = Some(morph);
    m.qrs_net_mv = Some(hi + lo);
    m.qrs_area_mv_ms = Some(qrs.iter().sum::<f64>() * dt * 1e3);
    m
}

/// Two maxima in one positive lobe with a dip of at least [`NOTCH_MV`] between them.
fn has_notch(seg: &[f64]) -> bool {
    let maxima: Vec<usize> = (1..seg.len().saturating_sub(1))
        .filter(|&i| seg[i] > seg[i - 1] && seg[i] >= seg[i + 1])
        .collect();
    maxima.windows(2).any(|w| {
        let dip = seg[w[0]..=w[1]]
            .iter()
            .copied()
            .fold(f64::INFINITY, f64::min);
        seg[w[0]].min(seg[w[1]]) - dip >= NOTCH_MV
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lead::Lead;

    #[test]
    fn a_normal_beat_measures_like_the_model() {
        let cfg = SynthConfig {
            leads: Lead::STANDARD_18.to_vec(),
            ..SynthConfig::default()
        };
        let m = true_measurements(&cfg).unwrap();
        assert_eq!(m.leads.len(), 18);
        let g = &m.global;
        assert!((g.qrs_ms.unwrap() - 89.5).abs() < 1.0, "{g:?}");
        assert!((g.pr_ms.unwrap() - 160.0).abs() < 0.5);
        // QTc = 400 ms by construction (Bazett, the QT measured to the T kernel's end).
        assert!((g.qtc.bazett_ms.unwrap() - 400.0).abs() < 1.0, "{g:?}");
        let axis = g.qrs_axis_deg.unwrap();
        assert!((0.0..90.0).contains(&axis), "axis {axis}");
        let ii = m.leads.iter().find(|l| l.lead == "II").unwrap();
        assert!(ii.r_mv.unwrap() > 0.8, "{ii:?}");
        assert!(ii.j_mv.unwrap().abs() < 0.03, "{ii:?}");
        let v1 = m.leads.iter().find(|l| l.lead == "V1").unwrap();
        assert!(v1.s_mv.unwrap() < -0.5, "{v1:?}");
    }
}
