//! The P and T waves, every lead: a first pass finds the wave in each lead; the leads where it
//! is large (relative to the largest lead) agree on where its peak is; a second pass delineates
//! every lead near that peak, so a lead with a small or noisy wave cannot wander off to a bump
//! elsewhere. Each wave's onset and offset are where the slope into its first lobe and out of
//! its last lobe falls to a fraction of its steepest (Martínez et al. 2004, at a coarse scale).

use super::canon::{CWave, extreme_slope, median, walk_through};
use super::wavelet::Pyramid;

/// The rules of one kind of wave, in canonical samples and mV.
#[derive(Debug, Clone, Copy)]
pub(crate) struct WaveRule {
    /// Pyramid level of the smoothed signal the lobes are read on.
    pub y_level: usize,
    /// Pyramid level of the derivative the boundaries are read on.
    pub w_level: usize,
    /// Least lobe amplitude (mV).
    pub min_mv: f32,
    /// Least amplitude, as a fraction of the largest lead's, for a lead to vote on the peak.
    pub vote_rel: f32,
    /// A second lobe of the other sign counts from this fraction of the first ...
    pub second: f32,
    /// ... within this many samples of it.
    pub reach: usize,
    /// The second pass searches this far either side of the agreed peak.
    pub guide: usize,
    /// The steepest slope into the first lobe lies within this many samples before it.
    pub head: usize,
    /// The steepest slope out of the last lobe lies within this many samples after it.
    pub tail: usize,
    /// Onset where the slope falls below this fraction of its steepest.
    pub on_ratio: f32,
    /// Offset where the slope falls below this fraction of its steepest.
    pub off_ratio: f32,
    /// The onset and offset walks stop this far from the lobes at most.
    pub max_walk: usize,
    /// The whole wave must lie in the window (a wave whose onset reaches the window's start
    /// is refused).
    pub whole: bool,
    /// The boundary walks go through ripples of the slope smaller than this many times the
    /// lead's noise (as passed to [`delineate`]) in slope units (scaled by the wave's steepest
    /// slope over its lobe amplitude); 0: they stop at the first ripple.
    pub walk_noise: f32,
}

/// A lobe: its position and signed amplitude.
type Lobe = (usize, f32);

/// The lobes of a wave in `[a, b]` of the smoothed signal `y`: the largest interior extremum
/// and, if one of the other sign reaches `second` of it within `reach` samples, that one too.
/// Returns the first and last lobes (position, amplitude) and the main lobe's position.
pub(crate) fn lobes(
    y: &[f32],
    a: usize,
    b: usize,
    min_mv: f32,
    second: f32,
    reach: usize,
) -> Option<(Lobe, Lobe, usize)> {
    if b + 1 >= y.len() || a < 1 || a + 2 > b {
        return None;
    }
    // The largest interior extremum: one pass over triples, no bounds checks.
    let mut best: Option<Lobe> = None;
    let mut best_abs = -1.0f32;
    for (i, w3) in y[a - 1..=b + 1].windows(3).enumerate() {
        let (p, c, n) = (w3[0], w3[1], w3[2]);
        let ext = (c >= p && c > n) || (c <= p && c < n);
        if ext && c.abs() > best_abs {
            best_abs = c.abs();
            best = Some((a + i, c));
        }
    }
    let (pk, amp) = best?;
    if amp.abs() < min_mv {
        return None;
    }
    let mut other: Option<Lobe> = None;
    let (lo, hi) = (
        pk.saturating_sub(reach).max(1),
        (pk + reach).min(y.len() - 2),
    );
    let mut other_abs = -1.0f32;
    for (i, w3) in y[lo - 1..=hi + 1].windows(3).enumerate() {
        let (p, c, n) = (w3[0], w3[1], w3[2]);
        let ext = (c >= p && c > n) || (c <= p && c < n);
        if ext && c * amp < 0.0 && c.abs() > other_abs {
            other_abs = c.abs();
            other = Some((lo + i, c));
        }
    }
    // A second lobe is a wave, not a shifted level: beyond it (away from the main lobe) the
    // signal comes back at least halfway towards the baseline.
    let returns = |(o, v): Lobe| {
        let far = if o > pk {
            &y[o..=(o + reach).min(y.len() - 1)]
        } else {
            &y[o.saturating_sub(reach)..=o]
        };
        far.iter().any(|x| x.abs() <= 0.5 * v.abs() || x * v < 0.0)
    };
    let other = other
        .filter(|(_, v)| v.abs() >= (second * amp.abs()).max(min_mv))
        .filter(|&o| returns(o));
    Some(match other {
        Some(o) if o.0 < pk => (o, (pk, amp), pk),
        Some(o) => ((pk, amp), o, pk),
        None => ((pk, amp), (pk, amp), pk),
    })
}

/// Delineates the wave in every active lead within `[a, b]` (see the module documentation).
/// `noise[k]`, when given, raises lead `k`'s least amplitude to `snr` times it. Returns the
/// waves found, per lead.
#[allow(clippy::too_many_arguments)]
pub(crate) fn delineate(
    pyr: &[Pyramid],
    active: &[bool],
    a: usize,
    b: usize,
    rule: &WaveRule,
    noise: &[Option<f32>],
    snr: f32,
    w: &mut [f32],
) -> Vec<Option<CWave>> {
    let nl = active.len();
    let mut out = vec![None; nl];
    let min_of = |k: usize| {
        rule.min_mv
            .max(noise.get(k).copied().flatten().map_or(0.0, |s| snr * s))
    };
    // First pass: each lead's main lobe.
    let mut first: Vec<(usize, usize, f32)> = Vec::new(); // (lead, peak, |amplitude|)
    for k in (0..nl).filter(|&k| active[k]) {
        let y = pyr[k].level(rule.y_level);
        if let Some((_, _, main)) = lobes(y, a, b, min_of(k), rule.second, rule.reach) {
            first.push((k, main, y[main].abs()));
        }
    }
    let amax = first.iter().map(|f| f.2).fold(0.0f32, f32::max);
    let mut votes: Vec<f32> = first
        .iter()
        .filter(|f| f.2 >= rule.vote_rel * amax)
        .map(|f| f.1 as f32)
        .collect();
    let Some(peak) = median(&mut votes) else {
        return out;
    };
    let peak = peak.round() as usize;
    let (ga, gb) = (
        peak.saturating_sub(rule.guide).max(a),
        (peak + rule.guide).min(b),
    );
    // Second pass: every lead near the agreed peak.
    for k in (0..nl).filter(|&k| active[k]) {
        let y = pyr[k].level(rule.y_level);
        let Some((l0, l1, main)) = lobes(y, ga, gb, min_of(k), rule.second, rule.reach) else {
            continue;
        };
        pyr[k].wavelet(rule.w_level, w);
        let up = extreme_slope(
            w,
            l0.0.saturating_sub(rule.head).max(a),
            l0.0,
            l0.1.signum(),
        );
        let down = extreme_slope(w, l1.0, (l1.0 + rule.tail).min(b), -l1.1.signum());
        let (Some(up), Some(down)) = (up, down) else {
            continue;
        };
        // Noise ripples on the slope would stop the walks early and shorten the wave: the
        // walks go through ripples within the lead's noise, in slope units.
        let n_mv = noise.get(k).copied().flatten().unwrap_or(0.0).max(0.0);
        let tol = |s: usize, lobe: f32| {
            let r = rule.walk_noise * n_mv * w[s].abs() / lobe.abs().max(1e-6);
            if r.is_finite() { r } else { 0.0 }
        };
        let on = walk_through(
            w,
            up,
            -1,
            rule.on_ratio * w[up].abs(),
            l0.0.saturating_sub(rule.max_walk).max(a),
            tol(up, l0.1),
        );
        let off = walk_through(
            w,
            down,
            1,
            rule.off_ratio * w[down].abs(),
            (l1.0 + rule.max_walk).min(b),
            tol(down, l1.1),
        );
        // A wave still rising at the window's start began before it: it is not this wave.
        if rule.whole && on <= (a + 1) as f32 {
            continue;
        }
        if off > on {
            let pk2 = [l0.0, l1.0].into_iter().find(|&p| p != main);
            out[k] = Some(CWave {
                on,
                pk: main as f32,
                pk2: pk2.map(|p| p as f32),
                off,
            });
        }
    }
    out
}
