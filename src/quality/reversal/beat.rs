//! The averaged beat of the leads the interchange checks read, with its P, QRS and T windows.

use ndarray::ArrayView2;

/// Rows of [`Averaged::rows`]: I, II, then V1–V6 (absent leads are `None`).
pub(super) const I: usize = 0;
pub(super) const II: usize = 1;
pub(super) const V1: usize = 2;

/// The median of the dominant beats, per lead, at about 250 Hz, from `pre` samples before the fiducial to `post`
/// after, each beat levelled on the line through the PR segments (90–60 ms before the fiducial)
/// of the beats either side of it.
pub(super) struct Averaged {
    /// One averaged beat per row (I, II, V1 … V6), `None` for a lead absent or unusable.
    pub rows: [Option<Vec<f64>>; 8],
    /// Samples per second.
    pub fs: f64,
    /// Window of the QRS complex (start, end), of the P wave and of the T wave.
    pub qrs: (usize, usize),
    pub p: (usize, usize),
    pub t: (usize, usize),
}

impl Averaged {
    /// Averages the rows `src[k]` (signal row of I, II, V1 … V6, or `None`) over `beats`, with
    /// the windows set by the median RR and the dominant QRS width `qrs_ms`. None with fewer
    /// than three whole beats or a window of fewer than 8 samples.
    pub(super) fn new(
        signals: ArrayView2<'_, f32>,
        fs: f64,
        src: &[Option<usize>; 8],
        beats: &[usize],
        qrs_ms: f64,
    ) -> Option<Averaged> {
        if !(fs.is_finite() && fs > 0.0) || beats.len() < 3 {
            return None;
        }
        let mut rr: Vec<usize> = beats
            .windows(2)
            .map(|w| w[1].saturating_sub(w[0]))
            .collect();
        rr.sort_unstable();
        let rr_s = *rr.get(rr.len() / 2)? as f64 / fs;
        if rr_s <= 0.0 {
            return None;
        }
        // The checks read waves of 10 ms and more: the beat is averaged at about 250 Hz (bins
        // of `step` samples), which costs a fraction of the full rate at 500 or 1000 Hz.
        let step = ((fs / 250.0).floor() as usize).max(1);
        let fs_in = fs;
        let fs = fs_in / step as f64;
        let s = |sec: f64| (sec * fs).round().max(0.0) as usize;
        let pre = s((0.5 * rr_s).min(0.35));
        let post = s((0.75 * rr_s).min(0.5));
        let n = signals.ncols();
        let whole: Vec<usize> = beats
            .iter()
            .copied()
            .filter(|&b| b >= pre * step && b + post * step <= n)
            .collect();
        if whole.len() < 3 || pre + post < 8 {
            return None;
        }
        let len = pre + post;
        // Each beat is levelled on its PR segment (90–60 ms before the fiducial), and the level
        // is followed from beat to beat along the straight lines joining the PR levels: baseline
        // wander of 0.5 mV at 0.3 Hz tilts a beat by up to half a millivolt, enough to reorder
        // the chest leads' correlations.
        let at_in = |sec: f64| (sec * fs_in).round().max(1.0) as usize;
        let (d0, d1) = (at_in(0.09), at_in(0.06).min(at_in(0.09) - 1));
        let mut rows: [Option<Vec<f64>>; 8] = Default::default();
        let mut anchors: Vec<(f64, f64)> = Vec::with_capacity(beats.len());
        let mut segs: Vec<f64> = Vec::with_capacity(whole.len() * len);
        let mut col: Vec<f64> = Vec::with_capacity(whole.len());
        let inv = 1.0 / step as f64;
        for (slot, k) in rows.iter_mut().zip(src) {
            let Some(k) = *k else { continue };
            if k >= signals.nrows() {
                continue;
            }
            let view = signals.row(k);
            let owned;
            let row: &[f32] = match view.as_slice() {
                Some(x) => x,
                None => {
                    owned = view.to_vec();
                    &owned
                }
            };
            anchors.clear();
            for &b in beats {
                if b < d0 || b > n {
                    continue;
                }
                let w = &row[b - d0..b - d1];
                let level = w.iter().map(|&v| f64::from(v)).sum::<f64>() / w.len().max(1) as f64;
                if level.is_finite() {
                    anchors.push((b as f64, level));
                }
            }
            segs.clear();
            for &b in &whole {
                let start = b - pre * step;
                let seg = &row[start..start + len * step];
                if seg.iter().any(|v| !v.is_finite()) {
                    continue;
                }
                let Some(j) = anchors.iter().position(|a| a.0 == b as f64) else {
                    continue;
                };
                let here = anchors[j];
                let (prev, next) = (j.checked_sub(1).map(|i| anchors[i]), anchors.get(j + 1));
                // The baseline is a straight line before the fiducial and another after it.
                let line = |a: (f64, f64), c: (f64, f64)| {
                    let slope = (c.1 - a.1) / (c.0 - a.0).max(1.0);
                    (a.1 - slope * a.0, slope)
                };
                let before =
                    prev.map_or_else(|| next.map(|&c| line(here, c)), |a| Some(line(a, here)));
                let after = next.map_or(before, |&c| Some(line(here, c)));
                let (before, after) = (
                    before.unwrap_or((here.1, 0.0)),
                    after.unwrap_or((here.1, 0.0)),
                );
                let mid = (step as f64 - 1.0) / 2.0;
                for (t, bin) in seg.chunks_exact(step).enumerate() {
                    let v: f64 = bin.iter().map(|&x| f64::from(x)).sum();
                    let u = (start + t * step) as f64 + mid;
                    let (c0, c1) = if u >= b as f64 { after } else { before };
                    segs.push(v * inv - (c0 + c1 * u));
                }
            }
            // The median beat: an odd beat (a missed premature one, a burst of noise) moves a
            // mean.
            let used = segs.len() / len;
            if used < 3 {
                continue;
            }
            let mut out = vec![0.0f64; len];
            for (t, o) in out.iter_mut().enumerate() {
                col.clear();
                col.extend((0..used).map(|j| segs[j * len + t]));
                let mid = used / 2;
                let (_, m, _) = col.select_nth_unstable_by(mid, f64::total_cmp);
                *o = *m;
            }
            *slot = Some(out);
        }
        let q = if qrs_ms.is_finite() && qrs_ms > 0.0 {
            qrs_ms.clamp(60.0, 200.0) / 1000.0
        } else {
            0.09
        };
        let at = |sec: f64| ((pre as f64 + sec * fs).round().max(0.0) as usize).min(len);
        let qrs = (at(-q / 2.0 - 0.01), at(q / 2.0 + 0.02));
        let p = (
            at(-(0.45 * rr_s).min(0.28)),
            at(-(q / 2.0 + 0.025).max(0.07)),
        );
        let t = (at(q / 2.0 + 0.06), at((0.6 * rr_s).min(0.45)));
        Some(Averaged {
            rows,
            fs,
            qrs,
            p,
            t,
        })
    }

    /// The averaged beat of row `r`.
    pub(super) fn row(&self, r: usize) -> Option<&[f64]> {
        self.rows.get(r).and_then(|x| x.as_deref())
    }
}

/// Pearson correlation of `a` and `b` over `w` (0 when either is flat or the window empty).
pub(super) fn corr(a: &[f64], b: &[f64], w: (usize, usize)) -> f64 {
    let (lo, hi) = (w.0.min(a.len()).min(b.len()), w.1.min(a.len()).min(b.len()));
    if hi <= lo + 1 {
        return 0.0;
    }
    let (a, b) = (&a[lo..hi], &b[lo..hi]);
    let m = a.len() as f64;
    let (ma, mb) = (a.iter().sum::<f64>() / m, b.iter().sum::<f64>() / m);
    let (mut sab, mut saa, mut sbb) = (0.0, 0.0, 0.0);
    for (&x, &y) in a.iter().zip(b) {
        let (x, y) = (x - ma, y - mb);
        sab += x * y;
        saa += x * x;
        sbb += y * y;
    }
    if saa <= 0.0 || sbb <= 0.0 {
        0.0
    } else {
        sab / (saa * sbb).sqrt()
    }
}

/// Area of `x` over `w` (mV·ms); with `detrend`, above the straight line through the means of
/// the window's first and last 20 ms (the baseline either side of a P wave).
pub(super) fn area(x: &[f64], w: (usize, usize), fs: f64, detrend: bool) -> f64 {
    let (lo, hi) = (w.0.min(x.len()), w.1.min(x.len()));
    if hi <= lo {
        return 0.0;
    }
    let s = &x[lo..hi];
    let n = s.len();
    let (mut l0, mut l1) = (0.0, 0.0);
    if detrend && n > 4 {
        let e = ((0.02 * fs).round() as usize).clamp(1, n / 2);
        l0 = s[..e].iter().sum::<f64>() / e as f64;
        l1 = s[n - e..].iter().sum::<f64>() / e as f64;
    }
    let span = (n.max(2) - 1) as f64;
    let sum: f64 = s
        .iter()
        .enumerate()
        .map(|(i, &v)| v - (l0 + (l1 - l0) * i as f64 / span))
        .sum();
    sum / fs * 1000.0
}

/// RMS of `x` about its mean over `w`.
pub(super) fn rms(x: &[f64], w: (usize, usize)) -> f64 {
    let (lo, hi) = (w.0.min(x.len()), w.1.min(x.len()));
    if hi <= lo {
        return 0.0;
    }
    let s = &x[lo..hi];
    let m = s.iter().sum::<f64>() / s.len() as f64;
    (s.iter().map(|v| (v - m).powi(2)).sum::<f64>() / s.len() as f64).sqrt()
}
