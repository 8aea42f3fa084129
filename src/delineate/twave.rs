//! The T wave in one lead: its peak (and the other lobe of a biphasic T), then the onset and
//! offset where the slope into the first lobe and out of the last lobe fall to a fraction of
//! their steepest (Martínez et al. 2004, at the coarse scale).

use super::DelineateConfig;
use super::canon::{CWave, cs, extreme_slope, walk};
use super::wavelet::Pyramid;

/// The lobes of a P or T wave in `[a, b]` of the smoothed signal `y`: the largest interior
/// extremum and, if one of the other sign reaches `second` of it within `reach` samples, that
/// one too. Returns `(first, last, main)` positions, each with its amplitude.
pub(crate) fn lobes(
    y: &[f32],
    a: usize,
    b: usize,
    min_mv: f32,
    second: f32,
    reach: usize,
) -> Option<((usize, f32), (usize, f32), usize)> {
    if b >= y.len() || a + 2 > b {
        return None;
    }
    let is_ext =
        |t: usize| (y[t] >= y[t - 1] && y[t] > y[t + 1]) || (y[t] <= y[t - 1] && y[t] < y[t + 1]);
    let mut best: Option<(usize, f32)> = None;
    for t in a + 1..b {
        if is_ext(t) && best.is_none_or(|(_, v)| y[t].abs() > v.abs()) {
            best = Some((t, y[t]));
        }
    }
    let (pk, amp) = best?;
    if amp.abs() < min_mv {
        return None;
    }
    let mut other: Option<(usize, f32)> = None;
    let (lo, hi) = (pk.saturating_sub(reach).max(a + 1), (pk + reach).min(b - 1));
    for t in lo..=hi {
        if is_ext(t) && y[t] * amp < 0.0 && other.is_none_or(|(_, v)| y[t].abs() > v.abs()) {
            other = Some((t, y[t]));
        }
    }
    let other = other.filter(|(_, v)| v.abs() >= (second * amp.abs()).max(min_mv));
    Some(match other {
        Some(o) if o.0 < pk => (o, (pk, amp), pk),
        Some(o) => ((pk, amp), o, pk),
        None => ((pk, amp), (pk, amp), pk),
    })
}

/// Onset and offset of a wave with lobes `first` and `last` in `[a, b]`: where the derivative
/// `w`, walking out from its steepest point into the first lobe and out of the last, falls
/// below `on_ratio` and `off_ratio` of it.
pub(crate) fn bounds(
    w: &[f32],
    a: usize,
    b: usize,
    first: (usize, f32),
    last: (usize, f32),
    on_ratio: f32,
    off_ratio: f32,
) -> Option<(f32, f32)> {
    let up = extreme_slope(w, a, first.0, first.1.signum())?;
    let down = extreme_slope(w, last.0, b, -last.1.signum())?;
    let on = walk(w, up, -1, on_ratio * w[up].abs(), a);
    let off = walk(w, down, 1, off_ratio * w[down].abs(), b);
    (off > on).then_some((on, off))
}

/// Delineates the T wave of one lead in `[a, b]`; `w` is the derivative at the T level.
pub(crate) fn lead(
    pyr: &Pyramid,
    w: &[f32],
    a: usize,
    b: usize,
    cfg: &DelineateConfig,
) -> Option<CWave> {
    let y = pyr.level(cfg.t_level.saturating_sub(1).max(2));
    let (first, last, main) = lobes(
        y,
        a,
        b,
        cfg.t_min_mv as f32,
        cfg.t_biphasic as f32,
        cs(160.0) as usize,
    )?;
    let (on, off) = bounds(
        w,
        a,
        b,
        first,
        last,
        cfg.t_onset_ratio as f32,
        cfg.t_offset_ratio as f32,
    )?;
    let pk2 = [first.0, last.0].into_iter().find(|&p| p != main);
    Some(CWave {
        on,
        pk: main as f32,
        pk2: pk2.map(|p| p as f32),
        off: off + cs(cfg.t_offset_shift_ms),
    })
}
