//! The representative beat: the dominant beats aligned on their QRS, each levelled on its PR
//! segment, and their sample-by-sample median per lead, as the commercial programs measure.
//!
//! The median runs as a sorting network (Batcher's merge exchange) applied to whole rows of
//! beats at once, so it costs a few vectorised min/max passes per lead instead of one small sort
//! per sample. The same sort gives the spread across beats (interquartile range / 1.349, a
//! robust standard deviation) at every sample, which tells a P wave that repeats beat after beat
//! from fibrillatory waves that do not.

use super::kernels::LagSearch;
use super::resample::fetch;

/// What the template builder needs to know about one beat.
#[derive(Debug, Clone, Copy)]
pub(crate) struct BeatRef {
    /// The detector's fiducial sample.
    pub sample: usize,
    /// A beat of the dominant rhythm (not premature, not ventricular).
    pub dominant: bool,
    /// A ventricular beat.
    pub ventricular: bool,
}

/// Each beat's QRS aligned on a common template.
#[derive(Debug, Clone)]
pub(crate) struct Alignment {
    /// Per beat: the aligned fiducial minus the detector's sample (fractional samples).
    pub shift: Vec<f64>,
    /// Per beat: correlation of its QRS with the template at that shift (0 when unknown).
    pub corr: Vec<f64>,
    /// The QRS onset of the mean template, samples before the fiducial (a coarse estimate
    /// that places the PR segment).
    pub onset_before: usize,
}

/// Batcher's merge-exchange sorting network for `n` items (Knuth, TAOCP 5.2.2, algorithm M).
pub(crate) fn sorting_network(n: usize) -> Vec<(usize, usize)> {
    let mut pairs = Vec::new();
    if n < 2 {
        return pairs;
    }
    let t = usize::BITS - (n - 1).leading_zeros();
    let mut p = 1usize << (t - 1);
    while p > 0 {
        let mut q = 1usize << (t - 1);
        let mut r = 0usize;
        let mut d = p;
        while d > 0 {
            for i in 0..n - d.min(n) {
                if i & p == r {
                    pairs.push((i, i + d));
                }
            }
            d = q - p;
            q >>= 1;
            r = p;
        }
        p >>= 1;
    }
    pairs
}

/// Sorts, sample by sample, the `n` rows of `w` samples in `buf` (row-major) with `net`.
pub(crate) fn sort_rows(buf: &mut [f32], w: usize, net: &[(usize, usize)]) {
    for &(i, j) in net {
        let (a, b) = buf.split_at_mut(j * w);
        let ri = &mut a[i * w..(i + 1) * w];
        let rj = &mut b[..w];
        for (x, y) in ri.iter_mut().zip(rj.iter_mut()) {
            let (p, q) = (*x, *y);
            let lo = if p < q { p } else { q };
            let hi = if p < q { q } else { p };
            *x = lo;
            *y = hi;
        }
    }
}

/// Mean of `row` over `[from, to)` where finite; None when nothing is.
fn level(row: &[f32], from: isize, to: isize) -> Option<f32> {
    let (mut s, mut k) = (0.0f64, 0usize);
    for t in from.max(0)..to.min(row.len() as isize) {
        let v = row[t as usize];
        if v.is_finite() {
            s += v as f64;
            k += 1;
        }
    }
    (k > 0).then(|| (s / k as f64) as f32)
}

/// Aligns every beat's QRS on a template built from the dominant beats, by the lag (within
/// `±max_lag` samples) of best correlation over up to three leads of largest QRS, refined to a
/// fraction of a sample by a parabola through the peak.
pub(crate) fn align(
    rows: &[&[f32]],
    fs: f64,
    beats: &[BeatRef],
    active: &[bool],
    max_lag: usize,
) -> Alignment {
    let nb = beats.len();
    let n = rows.first().map_or(0, |r| r.len());
    let h = ((0.06 * fs).round() as usize).max(2);
    let l = max_lag.max(1);
    let seg = 2 * h + 1;
    let mut out = Alignment {
        shift: vec![0.0; nb],
        corr: vec![0.0; nb],
        onset_before: (0.05 * fs).round() as usize,
    };
    let inside = |s: usize| s >= h + l && s + h + l < n;
    let mut pool: Vec<usize> = (0..nb)
        .filter(|&b| beats[b].dominant && inside(beats[b].sample))
        .collect();
    if pool.is_empty() {
        pool = (0..nb).filter(|&b| inside(beats[b].sample)).collect();
    }
    if pool.is_empty() {
        return out;
    }
    let pool = spread_pick(&pool, 24);
    // Leads: the four of largest mean QRS range.
    let mut ranges: Vec<(usize, f32)> = Vec::new();
    for (k, row) in rows.iter().enumerate() {
        if !active.get(k).copied().unwrap_or(false) {
            continue;
        }
        let mut acc = 0.0f32;
        for &b in &pool {
            let s = beats[b].sample;
            let w = &row[s - h..=s + h];
            let (lo, hi) = w
                .iter()
                .filter(|v| v.is_finite())
                .fold((f32::INFINITY, f32::NEG_INFINITY), |(a, b), &v| {
                    (a.min(v), b.max(v))
                });
            if hi > lo {
                acc += hi - lo;
            }
        }
        ranges.push((k, acc));
    }
    ranges.sort_by(|a, b| b.1.total_cmp(&a.1));
    let leads: Vec<usize> = ranges
        .iter()
        .take(3)
        .filter(|r| r.1 > 0.0)
        .map(|r| r.0)
        .collect();
    if leads.is_empty() {
        return out;
    }
    let nl = leads.len();
    let span = seg + 2 * l;
    let mut buf = vec![0f32; nl * span];
    let mut tmpl = vec![0f32; nl * seg];
    let mut shifts = vec![0isize; nb];
    let mut cum = Vec::new();
    for pass in 0..2 {
        // Template: the mean of the pool at the current shifts, each lead's segment centred.
        tmpl.iter_mut().for_each(|v| *v = 0.0);
        for &b in &pool {
            let s = beats[b].sample as isize + shifts[b];
            for (li, &k) in leads.iter().enumerate() {
                let dst = &mut buf[li * span..li * span + seg];
                fetch(rows[k], s - h as isize, dst);
                let m = dst.iter().sum::<f32>() / seg as f32;
                for (t, v) in tmpl[li * seg..(li + 1) * seg].iter_mut().zip(dst.iter()) {
                    *t += v - m;
                }
            }
        }
        for (b, beat) in beats.iter().enumerate() {
            let s = beat.sample as isize;
            for (li, &k) in leads.iter().enumerate() {
                fetch(
                    rows[k],
                    s - (h + l) as isize,
                    &mut buf[li * span..(li + 1) * span],
                );
            }
            let Some(search) = LagSearch::new(&buf, &tmpl, nl, seg, span, &mut cum) else {
                return out;
            };
            let (best, bc) = search.best(1);
            let lag = best.round() as isize - l as isize;
            let frac = best - best.round();
            if pass == 0 {
                shifts[b] = lag;
            } else {
                out.shift[b] = lag as f64 + frac;
                out.corr[b] = bc;
            }
        }
    }
    out.onset_before =
        coarse_onset(rows, fs, beats, &pool, &shifts, active).unwrap_or(out.onset_before);
    out
}

/// The QRS onset of the mean beat over all active leads (samples before the fiducial): where
/// the summed absolute slope, walking back from its peak near the fiducial, stays below 10 % of
/// that peak for 16 ms.
fn coarse_onset(
    rows: &[&[f32]],
    fs: f64,
    beats: &[BeatRef],
    pool: &[usize],
    shifts: &[isize],
    active: &[bool],
) -> Option<usize> {
    let before = (0.2 * fs).round() as usize;
    let after = (0.1 * fs).round() as usize;
    let w = before + after + 1;
    let k = ((0.004 * fs).round() as usize).max(1);
    let mut env = vec![0f32; w];
    let mut seg = vec![0f32; w];
    let mut mean = vec![0f32; w];
    for (row, _) in rows.iter().zip(active).filter(|(_, a)| **a) {
        mean.iter_mut().for_each(|v| *v = 0.0);
        for &b in pool {
            let s = beats[b].sample as isize + shifts[b];
            fetch(row, s - before as isize, &mut seg);
            for (m, v) in mean.iter_mut().zip(&seg) {
                *m += v;
            }
        }
        for t in k..w - k {
            env[t] += (mean[t + k] - mean[t - k]).abs();
        }
    }
    let reach = (0.05 * fs).round() as usize;
    let (ipk, &epk) = env[before - reach.min(before)..=(before + reach).min(w - 1)]
        .iter()
        .enumerate()
        .max_by(|a, b| a.1.total_cmp(b.1))?;
    let ipk = ipk + before - reach.min(before);
    if epk <= 0.0 {
        return None;
    }
    let quiet = ((0.016 * fs).round() as usize).max(1);
    let mut last = ipk;
    let mut t = ipk;
    while t > k {
        t -= 1;
        if env[t] >= 0.1 * epk {
            last = t;
        } else if last - t > quiet {
            break;
        }
    }
    Some(before.saturating_sub(last))
}

/// Up to `cap` items of `v`, evenly spread over it.
pub(crate) fn spread_pick(v: &[usize], cap: usize) -> Vec<usize> {
    if v.len() <= cap || cap == 0 {
        return v.to_vec();
    }
    (0..cap).map(|i| v[i * v.len() / cap]).collect()
}

/// The median beat and its spread, at the record's rate.
#[derive(Debug, Clone)]
pub(crate) struct Template {
    /// Per lead (row-major, `pre + post + 1` samples each): the median, on the PR-segment level.
    pub median: Vec<f32>,
    /// Per lead: the spread across beats (robust SD, mV); zeros with fewer than four beats.
    pub spread: Vec<f32>,
    /// The beats in the median.
    pub members: Vec<usize>,
}

/// Window, PR-segment placement and member selection for [`build`].
#[derive(Debug, Clone, Copy)]
pub(crate) struct TemplateSpec {
    /// Samples before the fiducial.
    pub pre: usize,
    /// Samples after the fiducial.
    pub post: usize,
    /// PR-segment level: the mean over this many samples ...
    pub pq_len: usize,
    /// ... ending this many samples before the coarse QRS onset.
    pub pq_gap: usize,
    /// At most this many beats.
    pub max_beats: usize,
    /// Least QRS correlation with the template for a dominant beat to be a member.
    pub min_corr: f64,
    /// Longest RR (samples) over which the baseline is drawn as a line to the next beat.
    pub max_line: usize,
    /// A change of PR level from the previous beat at least this large (mV) is wander: the
    /// baseline before the PR segment is then drawn from the previous beat's level.
    pub wander_step: f32,
}

/// Builds the median beat from the dominant beats of `beats` (aligned by `al`).
pub(crate) fn build(
    rows: &[&[f32]],
    beats: &[BeatRef],
    al: &Alignment,
    active: &[bool],
    spec: &TemplateSpec,
) -> Option<Template> {
    let n = rows.first().map_or(0, |r| r.len());
    let nb = beats.len();
    let w = spec.pre + spec.post + 1;
    let anchor = |b: usize| beats[b].sample as f64 + al.shift[b];
    let core_ok = |b: usize| {
        let a = anchor(b).round() as isize;
        let from = a - spec.pre.min(al.onset_before + spec.pq_gap + spec.pq_len) as isize;
        let to = a + (spec.post / 2) as isize;
        from >= 0
            && to < n as isize
            && rows
                .iter()
                .zip(active)
                .all(|(r, &on)| !on || r[from as usize..=to as usize].iter().all(|v| v.is_finite()))
    };
    let mut members: Vec<usize> = (0..nb)
        .filter(|&b| beats[b].dominant && al.corr[b] >= spec.min_corr && core_ok(b))
        .collect();
    if members.is_empty() {
        members = (0..nb)
            .filter(|&b| !beats[b].ventricular && al.corr[b] >= 0.5 && core_ok(b))
            .collect();
    }
    if members.is_empty() {
        members = (0..nb).filter(|&b| core_ok(b)).collect();
    }
    if members.is_empty() {
        return None;
    }
    let members = spread_pick(&members, spec.max_beats);
    let m = members.len();
    let net = sorting_network(m);
    let mut buf = vec![0f32; m * w];
    let mut median = vec![0f32; rows.len() * w];
    let mut spread = vec![0f32; rows.len() * w];
    let pq_end = (al.onset_before + spec.pq_gap) as isize;
    let pq_at = spec.pre as f64 - pq_end as f64 - spec.pq_len as f64 / 2.0;
    for (k, row) in rows.iter().enumerate() {
        if !active.get(k).copied().unwrap_or(false) {
            continue;
        }
        for (mi, &b) in members.iter().enumerate() {
            let a = anchor(b).round() as isize;
            let dst = &mut buf[mi * w..(mi + 1) * w];
            fetch(row, a - spec.pre as isize, dst);
            let pq = |a: isize| level(row, a - pq_end - spec.pq_len as isize, a - pq_end);
            let here = pq(a).unwrap_or(0.0);
            // A line to the next beat's PR level when it is close and supraventricular. Where
            // the baseline moves between knots (wander), a line from the previous dominant
            // beat's PR level as well, over the samples before this PR segment: the wander is
            // then interpolated over the P wave rather than extrapolated back onto it, and the
            // spread it leaves across beats no longer hides the P wave. On a steady baseline the
            // extrapolated line is kept (it reads the P wave of clean records best).
            let knot = |c: usize| {
                let ca = anchor(c).round() as isize;
                (ca != a && (ca - a).unsigned_abs() <= spec.max_line)
                    .then(|| pq(ca).map(|v| (v - here, ca - a)))
                    .flatten()
            };
            let next = (b + 1 < nb)
                .then(|| b + 1)
                .filter(|&c| !beats[c].ventricular)
                .and_then(knot);
            let prev = (b > 0)
                .then(|| b - 1)
                .filter(|&c| beats[c].dominant)
                .and_then(knot)
                .filter(|(dv, _)| dv.abs() >= spec.wander_step);
            let slope = |k: Option<(f32, isize)>| k.map_or(0.0, |(dv, d)| dv / d as f32);
            let after = slope(next);
            let before = if prev.is_some() { slope(prev) } else { after };
            let at = pq_at as f32;
            for (t, x) in dst.iter_mut().enumerate() {
                let d = t as f32 - at;
                *x -= here + d * if d < 0.0 { before } else { after };
            }
        }
        sort_rows(&mut buf, w, &net);
        let med = &mut median[k * w..(k + 1) * w];
        if m % 2 == 1 {
            med.copy_from_slice(&buf[(m / 2) * w..(m / 2 + 1) * w]);
        } else {
            let (lo, hi) = (&buf[(m / 2 - 1) * w..(m / 2) * w], &buf[(m / 2) * w..]);
            for ((o, a), b) in med.iter_mut().zip(lo).zip(hi) {
                *o = 0.5 * (a + b);
            }
        }
        if m >= 4 {
            let (q1, q3) = ((m - 1) / 4, (3 * (m - 1)).div_ceil(4));
            let (lo, hi) = (&buf[q1 * w..(q1 + 1) * w], &buf[q3 * w..(q3 + 1) * w]);
            for ((o, a), b) in spread[k * w..(k + 1) * w].iter_mut().zip(lo).zip(hi) {
                *o = (b - a) / 1.349;
            }
        }
    }
    Some(Template {
        median,
        spread,
        members,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_network_sorts_every_size() {
        let mut seed = 12345u64;
        for n in 0..40 {
            let net = sorting_network(n);
            for _ in 0..20 {
                let mut v: Vec<f32> = (0..n)
                    .map(|_| {
                        seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1);
                        (seed >> 40) as f32
                    })
                    .collect();
                let mut want = v.clone();
                want.sort_by(f32::total_cmp);
                sort_rows(&mut v, 1, &net);
                assert_eq!(v, want, "n = {n}");
            }
        }
    }
}
