//! The QRS in one lead: the first and last significant slope maxima of the multiscale
//! derivative inside the region the leads agree on, the onset and offset where the slope falls
//! to a fraction of them (Martínez et al. 2004), then the deflections between them against the
//! PR-segment level (Q, R, S, R′, S′).

use super::DelineateConfig;
use super::canon::{CQrs, Deflection, cs, walk};
use super::wavelet::Pyramid;

/// Delineates the QRS of one lead whose derivative `w` (at the QRS level) is given, searching
/// `[a, b]`. With `want_defl` the deflections are returned too (else an empty list).
pub(crate) fn lead(
    pyr: &Pyramid,
    w: &[f32],
    a: usize,
    b: usize,
    want_defl: bool,
    cfg: &DelineateConfig,
) -> Option<(CQrs, Vec<Deflection>)> {
    let n = w.len();
    if n < 3 || a < 1 || b + 1 >= n || a + 2 > b {
        return None;
    }
    let m = w[a..=b].iter().fold(0.0f32, |m, v| m.max(v.abs()));
    if m <= 1e-6 || !m.is_finite() {
        return None;
    }
    // The derivative at this level is a difference over 2^level samples at CANON_HZ.
    let per_slope = (1u32 << cfg.qrs_level.clamp(1, 7)) as f32 / super::CANON_HZ as f32;
    // Noise: the median |w| over the beat (mostly quiet segments) scales what counts.
    let noise = {
        let mut v: Vec<f32> = w.iter().step_by(2).map(|x| x.abs()).collect();
        let mid = v.len() / 2;
        if v.is_empty() {
            0.0
        } else {
            *v.select_nth_unstable_by(mid, f32::total_cmp).1
        }
    };
    let thr = (cfg.qrs_significant as f32 * m)
        .max(cfg.qrs_significant_slope as f32 * per_slope)
        .max(cfg.qrs_noise_factor as f32 * noise);
    let is_max = |t: usize| {
        let v = w[t].abs();
        v >= thr && v >= w[t - 1].abs() && v > w[t + 1].abs()
    };
    let first = (a..=b).find(|&t| is_max(t))?;
    let last = (a..=b).rev().find(|&t| is_max(t))?;
    let margin = cs(40.0) as usize;
    let on = walk(
        w,
        first,
        -1,
        (cfg.qrs_onset_ratio as f32 * w[first].abs())
            .max(cfg.qrs_onset_min_slope as f32 * per_slope),
        a.saturating_sub(margin),
    ) + cs(cfg.qrs_onset_shift_ms);
    let off = walk(
        w,
        last,
        1,
        (cfg.qrs_offset_ratio as f32 * w[last].abs())
            .max(cfg.qrs_offset_min_slope as f32 * per_slope),
        (b + margin).min(n - 1),
    ) + cs(cfg.qrs_offset_shift_ms);
    if off.is_nan() || off <= on {
        return None;
    }
    let x = pyr.level(1);
    let defl = deflections(x, on, off, cfg.min_wave_mv as f32);
    let pk = defl
        .iter()
        .max_by(|p, q| p.amplitude_mv.abs().total_cmp(&q.amplitude_mv.abs()))
        .map_or_else(
            || {
                // No deflection reaches a wave's amplitude: the largest sample.
                let (lo, hi) = (on.max(0.0) as usize, (off as usize).min(n - 1));
                (lo..=hi)
                    .max_by(|&p, &q| x[p].abs().total_cmp(&x[q].abs()))
                    .unwrap_or(lo) as f32
            },
            |d| d.peak as f32,
        );
    let turning = label(&defl);
    Some((
        CQrs {
            on,
            off,
            pk,
            turning,
        },
        if want_defl { defl } else { Vec::new() },
    ))
}

/// The stretches of `x` on one side of 0 between `on` and `off`, those below `min_mv` dropped
/// and their neighbours of the same sign merged.
pub(crate) fn deflections(x: &[f32], on: f32, off: f32, min_mv: f32) -> Vec<Deflection> {
    let n = x.len();
    let (lo, hi) = (
        (on.round().max(0.0) as usize).min(n.saturating_sub(1)),
        (off.round().max(0.0) as usize).min(n.saturating_sub(1)),
    );
    let mut out: Vec<Deflection> = Vec::new();
    let mut t = lo;
    while t <= hi {
        let pos = x[t] >= 0.0;
        let start = t;
        let mut peak = t;
        while t <= hi && (x[t] >= 0.0) == pos {
            if x[t].abs() > x[peak].abs() {
                peak = t;
            }
            t += 1;
        }
        let d = Deflection {
            start,
            end: t - 1,
            peak,
            amplitude_mv: x[peak],
        };
        if d.amplitude_mv.abs() < min_mv {
            continue;
        }
        match out.last_mut() {
            Some(prev) if (prev.amplitude_mv >= 0.0) == pos => {
                prev.end = d.end;
                if d.amplitude_mv.abs() > prev.amplitude_mv.abs() {
                    prev.peak = d.peak;
                    prev.amplitude_mv = d.amplitude_mv;
                }
            }
            _ => out.push(d),
        }
    }
    out
}

/// Q, R, S, R′, S′ from the deflections in order: an initial negative one is Q, then positive
/// and negative ones alternate R, S, R′, S′. A complex with no positive deflection is QS,
/// labelled Q.
pub(crate) fn label(defl: &[Deflection]) -> [Option<f32>; 5] {
    let mut out = [None; 5];
    let mut slot = 0usize; // 0 = Q, 1 = R, 2 = S, 3 = R′, 4 = S′
    for (i, d) in defl.iter().enumerate() {
        let pos = d.amplitude_mv >= 0.0;
        if i == 0 && pos {
            slot = 1;
        }
        // Slots alternate sign: Q (−), R (+), S (−), R′ (+), S′ (−).
        let slot_pos = slot % 2 == 1;
        if pos != slot_pos {
            slot += 1;
        }
        if slot > 4 {
            break;
        }
        out[slot] = Some(d.peak as f32);
        slot += 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(peak: usize, a: f32) -> Deflection {
        Deflection {
            start: peak,
            end: peak,
            peak,
            amplitude_mv: a,
        }
    }

    #[test]
    fn labels_follow_the_convention() {
        let qrs = [d(1, -0.1), d(2, 1.0), d(3, -0.3)];
        assert_eq!(label(&qrs), [Some(1.0), Some(2.0), Some(3.0), None, None]);
        let rsr = [d(1, 0.3), d(2, -0.4), d(3, 0.8)];
        assert_eq!(label(&rsr), [None, Some(1.0), Some(2.0), Some(3.0), None]);
        let qs = [d(5, -1.0)];
        assert_eq!(label(&qs), [Some(5.0), None, None, None, None]);
    }

    #[test]
    fn small_dips_merge_into_one_wave() {
        let x = [0.0, 0.5, 1.0, -0.01, 0.8, 0.2, -0.5, -0.2, 0.0];
        let dd = deflections(&x, 0.0, 8.0, 0.03);
        assert_eq!(dd.len(), 2, "{dd:?}");
        assert_eq!(dd[0].peak, 2);
        assert_eq!(dd[1].peak, 6);
    }
}
