//! Every P wave of a stretch, conducted or not, and the AV block read from them.
//!
//! [`super::av`] reads AV block from a list of P waves that includes those no QRS follows; the
//! beat analysis only looks before each QRS. This module finds them over the whole stretch, in
//! one inferior lead (II, or MLII), where the sinus P wave is upright:
//!
//! 1. The lead is averaged in bins of about 5 ms (so the cost does not grow with the sample
//!    rate) and its baseline removed (minus a 300 ms moving mean).
//! 2. The QRS–T complex is cancelled beat by beat: the median complex of the dominant shape
//!    cluster, from `qrs_pre_ms` before the fiducial to `cancel_after_ms` after it, is
//!    subtracted at each of its beats (P waves that fall at random places in the T wave, as in
//!    complete block, stay; the median does not keep them). Complexes of another shape are
//!    blanked whole, and the QRS itself is never searched (`blank_after_ms`).
//! 3. A P-shaped bump (a Gaussian of `p_sigma_ms`, P wave ≈ 4 σ ≈ 100 ms) is matched by
//!    normalised correlation; upright peaks above `min_corr`, the best within `refractory_ms`,
//!    whose amplitude lies within `min_amplitude_ratio`–`max_amplitude_ratio` of the
//!    P waves that a QRS follows at a conducted PR (the record's own P wave), and above
//!    `min_amplitude_mv`, are kept.
//!
//! The reading ([`read`]) keeps only second- and third-degree block, and only when the P waves
//! march at their own regular rate, faster than the ventricles: a spurious P wave (noise, a
//! T-wave remnant) splits a PP interval and fails that test. First-degree block is read from
//! the PR of the representative beat ([`crate::interpret`]), whose P onset delineation marks
//! over all leads, more exactly than this single-lead bump; it is not reported twice.

use super::av::{AvConfig, PWaveMark, read_av_block};
use super::{AvBlock, AvBlockDegree};
use crate::beats::BeatInfo;
use ndarray::ArrayView2;
use serde::{Deserialize, Serialize};

/// Thresholds of the P-wave finder and of the AV-block reading from it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
#[non_exhaustive]
pub struct PWaveConfig {
    /// Width (σ) of the Gaussian P-wave template (ms). Default 25: a P wave lasts 80–110 ms
    /// (AHA/ACCF/HRS 2009 part II), about 4 σ.
    pub p_sigma_ms: f64,
    /// Normalised correlation a P wave must reach with the template. Default 0.8.
    pub min_corr: f64,
    /// …within the T wave, where its remnant after cancellation can pass for a P wave.
    /// Default 0.9.
    pub min_corr_on_t: f64,
    /// Two P waves are at least this far apart (ms). Default 200 (an atrial rate up to 300
    /// /min; flutter is read elsewhere).
    pub refractory_ms: f64,
    /// The QRS starts at most this long before the detector's fiducial (ms). Default 80.
    pub qrs_pre_ms: f64,
    /// The QRS–T complex cancelled lasts this long after the fiducial (ms), at most 70 % of
    /// the median RR. Default 450 (a QT at 60 bpm).
    pub cancel_after_ms: f64,
    /// The search is blanked this long after each fiducial, where the QRS leaves a residue
    /// (ms). Default 100.
    pub blank_after_ms: f64,
    /// A P wave is at least this fraction of the median amplitude of the conducted ones.
    /// Default 0.5.
    pub min_amplitude_ratio: f64,
    /// …and at most this multiple. Default 2.5.
    pub max_amplitude_ratio: f64,
    /// Smallest P wave (mV). Default 0.04 (a P wave is 0.05–0.25 mV).
    pub min_amplitude_mv: f64,
    /// The P waves march regularly: normalised RMSSD of the PP intervals (once those of a
    /// P wave lost in a QRS are set aside) at most this. Default 0.12 (sinus arrhythmia
    /// stays well under it; a spurious P wave halving an interval gives about 0.3).
    pub max_pp_nrmssd: f64,
    /// The atria beat at least this much faster than the ventricles: P waves per QRS between
    /// the first and the last P wave. Default 1.15 (a 6:5 block still passes; sinus gives 1).
    pub min_atrial_to_ventricular: f64,
    /// P waves march: a candidate stays when another lies one or two PP cycles from it within
    /// this fraction of the cycle. Default 0.1.
    pub march_tolerance: f64,
    /// The P waves no QRS follows are the same wave as those conducted: the ratio of their
    /// median amplitudes lies within `1 / x`–`x`. Default 1.6 (a T or U wave remnant taken
    /// for a blocked P wave in mid-cycle would otherwise read as 2:1 block).
    pub max_blocked_amplitude_ratio: f64,
    /// Fewest blocked P waves for a second-degree or higher reading. Default 2.
    pub min_blocked: usize,
    /// The reading is not made above this ventricular rate (bpm). Default 100.
    pub max_ventricular_rate_bpm: f64,
    /// One P wave found per QRS, the midpoints between them in the QRS: the atria may beat at
    /// twice the rate found, every other P wave hidden (complete block at exactly half the
    /// P rate). Read so only when the P waves found drift against the QRS, on both sides, by
    /// at least this (ms), and the QRS rhythm is regular (RR range within `march_tolerance`
    /// of the longest). Default 80 (a wave coupled to the QRS drifts about 10 ms; a P rate
    /// 0.4 /min off twice a 30 bpm escape drifts about 110 ms over 20 s).
    pub min_hidden_drift_ms: f64,
    /// The AV-block rules applied to the P waves found.
    pub av: AvConfig,
}

impl Default for PWaveConfig {
    fn default() -> Self {
        PWaveConfig {
            p_sigma_ms: 25.0,
            min_corr: 0.8,
            min_corr_on_t: 0.9,
            refractory_ms: 200.0,
            qrs_pre_ms: 80.0,
            cancel_after_ms: 450.0,
            blank_after_ms: 100.0,
            min_amplitude_ratio: 0.5,
            max_amplitude_ratio: 2.5,
            min_amplitude_mv: 0.04,
            max_pp_nrmssd: 0.12,
            min_atrial_to_ventricular: 1.15,
            march_tolerance: 0.1,
            max_blocked_amplitude_ratio: 1.6,
            min_blocked: 2,
            max_ventricular_rate_bpm: 100.0,
            min_hidden_drift_ms: 80.0,
            av: AvConfig::default(),
        }
    }
}

/// Bin width (s): the finder works at about 200 Hz, whatever the sample rate.
const BIN_S: f64 = 0.005;

fn median(v: &mut [f64]) -> Option<f64> {
    if v.is_empty() {
        return None;
    }
    v.sort_by(f64::total_cmp);
    v.get(v.len() / 2).copied()
}

/// Every P wave of the stretch in lead row `row`, in samples of the stretch. `beats` are the
/// analysed beats (fiducials in samples of the stretch).
pub fn find_p_waves(
    signals: ArrayView2<'_, f32>,
    fs: f64,
    beats: &[BeatInfo],
    row: usize,
    cfg: &PWaveConfig,
) -> Vec<PWaveMark> {
    find(signals, fs, beats, row, cfg).0
}

/// The P waves and their amplitudes (mV).
fn find(
    signals: ArrayView2<'_, f32>,
    fs: f64,
    beats: &[BeatInfo],
    row: usize,
    cfg: &PWaveConfig,
) -> (Vec<PWaveMark>, Vec<f64>) {
    let mut out = Vec::new();
    let mut amps = Vec::new();
    if !(fs.is_finite() && fs > 0.0) || row >= signals.nrows() || beats.len() < 2 {
        return (out, amps);
    }
    let lead = signals.row(row);
    let bin = ((BIN_S * fs).round() as usize).max(1);
    let dt = bin as f64 / fs;
    let nb = lead.len() / bin;
    let bins_of = |ms: f64| ((ms / 1000.0 / dt).round() as usize).max(1);
    let sigma = cfg.p_sigma_ms / 1000.0 / dt;
    let half = ((2.5 * sigma).round() as usize).max(2);
    if nb < 4 * half + 2 {
        return (out, amps);
    }
    // 1. Binned, baseline removed.
    let mut x: Vec<f64> = Vec::with_capacity(nb);
    for b in 0..nb {
        let mut s = 0.0f64;
        for k in b * bin..(b + 1) * bin {
            s += lead.get(k).map_or(0.0, |&v| f64::from(v));
        }
        x.push(if s.is_finite() { s / bin as f64 } else { 0.0 });
    }
    let mut cum = Vec::with_capacity(nb + 1);
    cum.push(0.0f64);
    for v in &x {
        cum.push(cum[cum.len() - 1] + v);
    }
    let w = bins_of(150.0);
    let base: Vec<f64> = (0..nb)
        .map(|i| {
            let (a, b) = (i.saturating_sub(w), (i + w + 1).min(nb));
            (cum[b] - cum[a]) / (b - a) as f64
        })
        .collect();
    for (v, m) in x.iter_mut().zip(&base) {
        *v -= m;
    }
    // 2. QRS–T cancellation.
    let fid: Vec<usize> = beats.iter().map(|b| b.sample / bin).collect();
    let mut rr: Vec<f64> = fid.windows(2).map(|w| w[1].abs_diff(w[0]) as f64).collect();
    let Some(rr_med) = median(&mut rr) else {
        return (out, amps);
    };
    let pre = bins_of(cfg.qrs_pre_ms);
    let post = bins_of(cfg.cancel_after_ms)
        .min((0.7 * rr_med) as usize)
        .max(1);
    let blank_post = bins_of(cfg.blank_after_ms).min(post);
    let mut counts: Vec<(u32, usize)> = Vec::new();
    for c in beats.iter().filter_map(|b| b.cluster) {
        match counts.iter_mut().find(|(k, _)| *k == c) {
            Some((_, n)) => *n += 1,
            None => counts.push((c, 1)),
        }
    }
    let dominant = counts.iter().max_by_key(|(_, n)| *n).map(|(c, _)| *c);
    let is_dom = |b: &BeatInfo| dominant.is_some() && b.cluster == dominant;
    let len = pre + post;
    let members: Vec<usize> = beats
        .iter()
        .zip(&fid)
        .filter(|(b, f)| is_dom(b) && **f >= pre && **f + post <= nb)
        .map(|(_, f)| *f - pre)
        .collect();
    let mut searchable = vec![true; nb];
    // Where the T wave was cancelled, a stricter match (its remnant can look like a P wave).
    let mut on_t = vec![false; nb];
    if members.len() >= 3 {
        // At most 41 beats, evenly spread, make the median complex.
        let step = members.len().div_ceil(41).max(1);
        let picked: Vec<usize> = members.iter().step_by(step).copied().collect();
        let mut col = Vec::with_capacity(picked.len());
        let mut templ = Vec::with_capacity(len);
        for k in 0..len {
            col.clear();
            col.extend(picked.iter().filter_map(|&s| x.get(s + k)));
            templ.push(median(&mut col).unwrap_or(0.0));
        }
        // The QRS part is subtracted in place; the T part at the shift (±40 ms) that fits it
        // best, since the QT follows the preceding RR (a T wave after a pause comes later).
        let split = (pre + blank_post).min(len);
        let max_shift = bins_of(40.0) as isize;
        for &s in &members {
            for (k, t) in templ.iter().enumerate().take(split) {
                if let Some(v) = x.get_mut(s + k) {
                    *v -= t;
                }
            }
            let sse = |sh: isize| {
                let mut e = 0.0;
                for (k, t) in templ.iter().enumerate().skip(split) {
                    let j = (s + k) as isize + sh;
                    let v = usize::try_from(j).ok().and_then(|j| x.get(j)).copied();
                    e += v.map_or(f64::INFINITY, |v| (v - t) * (v - t));
                }
                e
            };
            // Each shift's error once (a `min_by` comparing `sse(a)` with `sse(b)` computed
            // it twice per comparison).
            let best = (-max_shift..=max_shift)
                .map(|sh| (sse(sh), sh))
                .min_by(|a, b| a.0.total_cmp(&b.0))
                .map_or(0, |(_, sh)| sh);
            for (k, t) in templ.iter().enumerate().skip(split) {
                let j = (s + k) as isize + best;
                if let Some(v) = usize::try_from(j).ok().and_then(|j| x.get_mut(j)) {
                    *v -= t;
                }
            }
        }
    }
    for (b, &f) in beats.iter().zip(&fid) {
        let cancelled = members.len() >= 3 && is_dom(b) && f >= pre && f + post <= nb;
        let end = if cancelled { blank_post } else { post };
        let (a, e) = (f.saturating_sub(pre), (f + end).min(nb));
        if let Some(s) = searchable.get_mut(a..e) {
            s.fill(false);
        }
        if cancelled && let Some(t) = on_t.get_mut(e..(f + post).min(nb)) {
            t.fill(true);
        }
    }
    // 3. Normalised correlation with a zero-mean Gaussian bump.
    let g: Vec<f64> = (0..=2 * half)
        .map(|k| {
            let t = (k as f64 - half as f64) / sigma;
            (-0.5 * t * t).exp()
        })
        .collect();
    let gm = g.iter().sum::<f64>() / g.len() as f64;
    let g: Vec<f64> = g.iter().map(|v| v - gm).collect();
    let gg: f64 = g.iter().map(|v| v * v).sum();
    let m = g.len() as f64;
    let mut corr = vec![f64::NEG_INFINITY; nb];
    let mut amp = vec![0.0f64; nb];
    // Bins not searchable up to each bin, so a window's test is one subtraction.
    let mut blocked = Vec::with_capacity(nb + 1);
    blocked.push(0u32);
    for &s in &searchable {
        blocked.push(blocked[blocked.len() - 1] + u32::from(!s));
    }
    for i in half..nb.saturating_sub(half) {
        // The whole bump must lie in the searchable signal.
        if blocked[i + half + 1] != blocked[i - half] {
            continue;
        }
        let seg = &x[i - half..=i + half];
        // One pass: the template has zero mean, so Σ(v − mean)·g = Σ v·g, and
        // Σ(v − mean)² = Σ v² − (Σ v)² / m.
        let (mut sx, mut sxx, mut sxg) = (0.0, 0.0, 0.0);
        for (v, gk) in seg.iter().zip(&g) {
            sx += v;
            sxx += v * v;
            sxg += v * gk;
        }
        let sxx = sxx - sx * sx / m;
        // A flat stretch: the sums cancel to rounding, not to the exact zero of a two-pass sum.
        if sxx > 1e-12 && gg > 0.0 {
            corr[i] = sxg / (sxx * gg).sqrt();
            // The bump's height above its surroundings.
            amp[i] = sxg / gg;
        }
    }
    // Peaks: upright, above the match threshold, the best within the refractory period.
    let refr = bins_of(cfg.refractory_ms);
    let mut cand: Vec<usize> = Vec::new();
    for i in 0..nb {
        let c = corr[i];
        let min = if on_t[i] {
            cfg.min_corr_on_t
        } else {
            cfg.min_corr
        };
        if c < min || amp[i] <= 0.0 {
            continue;
        }
        let (a, e) = (i.saturating_sub(refr), (i + refr + 1).min(nb));
        let best = (a..e).all(|j| corr[j] < c || (corr[j] == c && j >= i));
        if best {
            cand.push(i);
        }
    }
    // The record's own P wave: the candidates a QRS follows at a conducted PR.
    let (lo, hi) = (
        bins_of(cfg.av.min_pr_ms) + pre / 2,
        bins_of(cfg.av.max_pr_ms.min(400.0)) + pre,
    );
    let mut conducted: Vec<f64> = cand
        .iter()
        .filter(|&&i| {
            let j = fid.partition_point(|&f| f <= i);
            fid.get(j).is_some_and(|&f| f - i >= lo && f - i <= hi)
        })
        .map(|&i| amp[i])
        .collect();
    let reference = match median(&mut conducted) {
        Some(r) => r,
        None => {
            let mut all: Vec<f64> = cand.iter().map(|&i| amp[i]).collect();
            median(&mut all).unwrap_or(0.0)
        }
    };
    let onset_back = (2.0 * sigma * dt * fs).round() as usize;
    for i in cand {
        let a = amp[i];
        if a < cfg.min_amplitude_mv
            || a < cfg.min_amplitude_ratio * reference
            || a > cfg.max_amplitude_ratio * reference
        {
            continue;
        }
        let peak = i * bin + bin / 2;
        out.push(PWaveMark {
            onset: peak.saturating_sub(onset_back),
            peak,
        });
        amps.push(a);
    }
    (out, amps)
}

/// Normalised RMSSD of the PP intervals, those about twice the median (a P wave lost in a
/// QRS) set aside.
fn pp_nrmssd(p: &[PWaveMark]) -> Option<f64> {
    let pp: Vec<f64> = p
        .windows(2)
        .map(|w| w[1].peak.abs_diff(w[0].peak) as f64)
        .collect();
    let mut s = pp.clone();
    let med = median(&mut s)?;
    let kept: Vec<f64> = pp.into_iter().filter(|&v| v < 1.6 * med).collect();
    if kept.len() < 3 {
        return None;
    }
    let mean = kept.iter().sum::<f64>() / kept.len() as f64;
    let ss: f64 = kept.windows(2).map(|w| (w[1] - w[0]).powi(2)).sum();
    Some((ss / (kept.len() - 1) as f64).sqrt() / mean)
}

/// Keeps the P waves that march with the others: the commonest interval between any two
/// candidates less than 2 s apart (within `tol`) is the PP cycle, and a candidate
/// stays when others lie at two of the four places one or two cycles before and after it
/// (within `tol` of the cycle). A T-wave
/// remnant or a noise bump seldom falls in step.
fn in_step(p: &mut Vec<PWaveMark>, fs: f64, tol: f64) -> Option<f64> {
    // Bounded work: the intervals of at most this many pairs are compared with each other.
    const MAX_PAIRS: usize = 4000;
    const SHORTEST_MS: f64 = 250.0;
    if p.len() < 3 || fs.is_nan() || fs <= 0.0 {
        return None;
    }
    let ms = |d: usize| d as f64 * 1000.0 / fs;
    let mut diffs: Vec<f64> = Vec::new();
    'pairs: for (i, a) in p.iter().enumerate() {
        for b in p.iter().skip(i + 1) {
            let d = ms(b.peak.saturating_sub(a.peak));
            if d >= 2000.0 {
                break;
            }
            if diffs.len() >= MAX_PAIRS {
                break 'pairs;
            }
            diffs.push(d);
        }
    }
    let near_c = |c: f64| -> Vec<f64> {
        diffs
            .iter()
            .copied()
            .filter(|&d| (d - c).abs() <= tol * c)
            .collect()
    };
    let count = |c: f64| near_c(c).len();
    // The commonest interval, refined to the median of those near it.
    let best = diffs
        .iter()
        .copied()
        .filter(|&d| d >= SHORTEST_MS)
        .max_by(|&a, &b| count(a).cmp(&count(b)).then(b.total_cmp(&a)))?;
    let mut cycle = median(&mut near_c(best))?;
    // The fundamental, not a multiple (in 3:1 block every other pair of P waves found is
    // three cycles apart).
    if let Some(d) = [4.0, 3.0, 2.0]
        .into_iter()
        .find(|&d| cycle / d >= SHORTEST_MS && 2 * count(cycle / d) >= count(cycle))
    {
        cycle = median(&mut near_c(cycle / d)).unwrap_or(cycle / d);
    }
    let peaks: Vec<usize> = p.iter().map(|m| m.peak).collect();
    let near = |t: f64| peaks.iter().any(|&q| (ms(q) - t).abs() <= tol * cycle);
    p.retain(|m| {
        let t = ms(m.peak);
        [-2.0, -1.0, 1.0, 2.0]
            .iter()
            .filter(|&&k| near(t + k * cycle))
            .count()
            >= 2
    });
    Some(cycle / 1000.0 * fs)
}

/// The P waves hidden in a QRS–T complex: where a PP interval spans a whole number `k ≥ 2`
/// of the PP cycle `med` (samples) (within 15 %), the `k − 1` P waves due inside it are added when each falls
/// within a beat's QRS–T window (`[fiducial − pre, fiducial + post]`, samples), where the
/// finder cannot see them or the cancellation took them away. A P wave due in the diastole
/// (sinus pause, SA block) is not added.
fn fill_hidden(
    p: &mut Vec<PWaveMark>,
    med: f64,
    fid: &[usize],
    pre: usize,
    post: usize,
    onset_back: usize,
) {
    if med <= 0.0 {
        return;
    }
    let hidden = |t: usize| {
        let j = fid.partition_point(|&f| f + post < t);
        fid.get(j).is_some_and(|&f| t + pre >= f && t <= f + post)
    };
    let mut added = Vec::new();
    for w in p.windows(2) {
        let d = w[1].peak.abs_diff(w[0].peak) as f64;
        let k = (d / med).round();
        if !(2.0..=4.0).contains(&k) || (d - k * med).abs() > 0.15 * med {
            continue;
        }
        for j in 1..k as usize {
            let t = w[0].peak + (j as f64 * d / k).round() as usize;
            if hidden(t) {
                added.push(PWaveMark {
                    onset: t.saturating_sub(onset_back),
                    peak: t,
                });
            }
        }
    }
    p.extend(added);
    p.sort_by_key(|m| m.peak);
}

/// The PP cycle `cycle` (samples), or its half when the atria beat at exactly twice the
/// found rate with every other P wave hidden in a QRS–T complex (complete block whose P rate is
/// twice the escape rate): then the P waves seen are one per QRS at a fixed distance, and
/// their spacing passes for the cycle. Halved only when no P wave found is followed by a QRS at
/// a conductible PR (`conductible`, samples: sinus P waves are), most found intervals are one
/// cycle, and the midpoint of every such interval (at least `min_blocked` of them) falls in
/// a QRS, where the finder is blind (`[fiducial − pre, fiducial + post]`, samples; the T wave
/// is searched, so a midpoint there would have been found), and the P waves found drift
/// against the QRS by at least `min_drift` samples, measured both from the QRS before and to
/// the QRS after (dissociation; a wave coupled to the QRS does not drift).
fn half_if_hidden(
    p: &[PWaveMark],
    cycle: f64,
    fid: &[usize],
    (pre, post): (usize, usize),
    conductible: (usize, usize),
    min_drift: usize,
    cfg: &PWaveConfig,
) -> f64 {
    let (lo, hi) = conductible;
    let conducted = p.iter().any(|m| {
        let j = fid.partition_point(|&f| f <= m.onset);
        fid.get(j)
            .is_some_and(|&f| f - m.onset >= lo && f - m.onset <= hi)
    });
    if conducted || cycle <= 0.0 {
        return cycle;
    }
    let hidden = |t: usize| {
        let j = fid.partition_point(|&f| f + post < t);
        fid.get(j).is_some_and(|&f| t + pre >= f && t <= f + post)
    };
    let tol = cfg.march_tolerance * cycle;
    let mids: Vec<usize> = p
        .windows(2)
        .filter(|w| (w[1].peak.abs_diff(w[0].peak) as f64 - cycle).abs() <= tol)
        .map(|w| w[0].peak + (w[1].peak - w[0].peak) / 2)
        .collect();
    // Dissociated: the P waves found drift against the QRS on both sides; a wave at a fixed
    // distance after or before each QRS (a U wave, a P wave at a very long PR) does not.
    let drift = |d: Vec<usize>| {
        let (lo, hi) = (d.iter().min(), d.iter().max());
        lo.zip(hi).map_or(0, |(a, b)| b - a)
    };
    let after_next: Vec<usize> = p
        .iter()
        .filter_map(|m| {
            let j = fid.partition_point(|&f| f <= m.peak);
            fid.get(j).map(|&f| f - m.peak)
        })
        .collect();
    let after_prev: Vec<usize> = p
        .iter()
        .filter_map(|m| {
            let j = fid.partition_point(|&f| f <= m.peak);
            j.checked_sub(1)
                .and_then(|j| fid.get(j))
                .map(|&f| m.peak - f)
        })
        .collect();
    // …beneath a regular escape rhythm (sinus arrhythmia moves a coupled wave too).
    let rr: Vec<usize> = fid.windows(2).map(|w| w[1].saturating_sub(w[0])).collect();
    let rr_range = drift(rr.clone()) as f64;
    let rr_max = rr.iter().max().copied().unwrap_or(0) as f64;
    if drift(after_next).min(drift(after_prev)) < min_drift
        || rr_range > cfg.march_tolerance * rr_max
    {
        return cycle;
    }
    if mids.len() >= cfg.min_blocked.max(2)
        && 2 * mids.len() >= p.len().saturating_sub(1)
        && mids.iter().all(|&t| hidden(t))
    {
        cycle / 2.0
    } else {
        cycle
    }
}

/// Second- or third-degree AV block in a stretch, read from the P waves of lead row `row`:
/// None when none is found, the P waves are too few or irregular, or the block is first
/// degree only (read from the PR elsewhere).
pub fn read(
    signals: ArrayView2<'_, f32>,
    fs: f64,
    beats: &[BeatInfo],
    row: usize,
    cfg: &PWaveConfig,
) -> Option<AvBlock> {
    let (mut p, amps) = find(signals, fs, beats, row, cfg);
    let samples = |ms: f64| (ms / 1000.0 * fs).round() as usize;
    let fid: Vec<usize> = beats.iter().map(|b| b.sample).collect();
    {
        // Conducted (a QRS 80–400 ms after) and blocked P waves found, by amplitude.
        let (lo, hi) = (
            samples(cfg.av.min_pr_ms),
            samples(cfg.av.max_pr_ms.min(400.0)),
        );
        let (mut cond, mut blocked) = (Vec::new(), Vec::new());
        for (m, &a) in p.iter().zip(&amps) {
            let j = fid.partition_point(|&f| f <= m.onset);
            let followed = fid
                .get(j)
                .is_some_and(|&f| f - m.onset >= lo && f - m.onset <= hi);
            if followed { &mut cond } else { &mut blocked }.push(a);
        }
        if let (Some(c), Some(b)) = (median(&mut cond), median(&mut blocked)) {
            let r = cfg.max_blocked_amplitude_ratio;
            if c <= 0.0 || b / c > r || b / c < 1.0 / r {
                return None;
            }
        }
    }
    let cycle = in_step(&mut p, fs, cfg.march_tolerance)?;
    let mut rr: Vec<f64> = fid.windows(2).map(|w| w[1].abs_diff(w[0]) as f64).collect();
    let rr_med = median(&mut rr)?;
    let post = samples(cfg.cancel_after_ms).min((0.7 * rr_med) as usize);
    // A P wave overlapping the blanked stretch by its half-width is hidden too.
    let half = samples(2.5 * cfg.p_sigma_ms);
    let (hid_pre, hid_post) = (samples(cfg.qrs_pre_ms) + half, post + half);
    let conductible = (
        samples(cfg.av.min_pr_ms),
        samples(cfg.av.max_pr_ms.min(400.0)),
    );
    // Only the QRS hides a P wave from the finder (it searches the cancelled T wave).
    let qrs_post = samples(cfg.blank_after_ms).min(post) + half;
    let min_drift = samples(cfg.min_hidden_drift_ms);
    let cycle = half_if_hidden(
        &p,
        cycle,
        &fid,
        (hid_pre, qrs_post),
        conductible,
        min_drift,
        cfg,
    );
    fill_hidden(
        &mut p,
        cycle,
        &fid,
        hid_pre,
        hid_post,
        samples(2.0 * cfg.p_sigma_ms),
    );
    if p.len() < cfg.av.min_p_waves || pp_nrmssd(&p)? > cfg.max_pp_nrmssd {
        return None;
    }
    // More P waves than QRS complexes over the same span.
    let (first, last) = (p.first()?.peak, p.last()?.peak);
    let n_qrs = fid.iter().filter(|&&f| f >= first && f <= last).count();
    let n_p = p.len().saturating_sub(1);
    if (n_p as f64) < cfg.min_atrial_to_ventricular * n_qrs as f64 {
        return None;
    }
    let pre = samples(cfg.qrs_pre_ms / 2.0);
    let qrs: Vec<usize> = fid.iter().map(|&f| f.saturating_sub(pre)).collect();
    let b = read_av_block(&p, &qrs, fs, &cfg.av)?;
    let slow = b
        .qrs_rate_bpm
        .is_some_and(|v| v <= cfg.max_ventricular_rate_bpm);
    (b.degree != AvBlockDegree::First && b.blocked >= cfg.min_blocked && slow).then_some(b)
}

/// Whether the atria may be read for P waves under this rhythm: not in fibrillation or
/// flutter (no P wave), ventricular flutter/fibrillation, tachycardia or pacing.
pub fn applies(label: super::RhythmLabel) -> bool {
    use super::RhythmLabel as L;
    !matches!(
        label,
        L::AtrialFibrillation
            | L::AtrialFlutter
            | L::VentricularFlutterFibrillation
            | L::SupraventricularTachycardia
            | L::VentricularTachycardia
            | L::SinusTachycardia
            | L::AtrialPaced
            | L::VentricularPaced
            | L::AvSequentialPaced
            | L::Undetermined
    )
}
