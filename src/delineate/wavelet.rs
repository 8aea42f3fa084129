//! A multiscale derivative transform in the spirit of the à trous quadratic-spline wavelet of
//! Martínez et al. (IEEE TBME 51:570, 2004), on beats resampled to [`super::CANON_HZ`].
//!
//! Level `j` smooths the previous level with the binomial kernel `[1, 2, 1] / 4` dilated by
//! `2^(j-1)` samples (the à trous scheme), and its "wavelet" is the centred difference of that
//! smoothed signal over `2^j` samples. Every kernel is symmetric, so maxima, minima and zero
//! crossings stay where they are at every scale (no filter delays to undo). At 500 Hz the
//! smoothing widths (one standard deviation) are about 1.4, 3.2, 6.5, 13, 26 and 52 ms: level 3
//! matches Martínez's QRS scale 2² at 250 Hz, level 5 his P and T scale 2⁴.

/// Smooths `src` into `dst` with `[1, 2, 1] / 4` taps `d` samples apart, holding the edge values.
pub(crate) fn smooth(src: &[f32], dst: &mut [f32], d: usize) {
    let n = src.len().min(dst.len());
    if n == 0 {
        return;
    }
    let d = d.max(1);
    if n <= 2 * d {
        for t in 0..n {
            let a = src[t.saturating_sub(d)];
            let b = src[(t + d).min(n - 1)];
            dst[t] = 0.25 * (a + b) + 0.5 * src[t];
        }
        return;
    }
    for t in 0..d {
        dst[t] = 0.25 * (src[0] + src[t + d]) + 0.5 * src[t];
    }
    // The interior: a plain loop over slices the compiler vectorises.
    let (lo, mid, hi) = (&src[..n - 2 * d], &src[d..n - d], &src[2 * d..n]);
    for (((o, &a), &m), &b) in dst[d..n - d].iter_mut().zip(lo).zip(mid).zip(hi) {
        *o = 0.25 * (a + b) + 0.5 * m;
    }
    for t in n - d..n {
        dst[t] = 0.25 * (src[t - d] + src[n - 1]) + 0.5 * src[t];
    }
}

/// The centred difference `s[t + d] − s[t − d]` into `dst` (edges held).
pub(crate) fn diff(s: &[f32], dst: &mut [f32], d: usize) {
    let n = s.len().min(dst.len());
    if n == 0 {
        return;
    }
    if n <= 2 * d {
        for (t, o) in dst.iter_mut().enumerate().take(n) {
            *o = s[(t + d).min(n - 1)] - s[t.saturating_sub(d)];
        }
        return;
    }
    for t in 0..d {
        dst[t] = s[t + d] - s[0];
    }
    for ((o, &a), &b) in dst[d..n - d]
        .iter_mut()
        .zip(&s[2 * d..n])
        .zip(&s[..n - 2 * d])
    {
        *o = a - b;
    }
    for t in n - d..n {
        dst[t] = s[n - 1] - s[t - d];
    }
}

/// The smoothed signals `s_0..=s_levels` of one lead, `s_0` the input.
#[derive(Debug, Clone)]
pub(crate) struct Pyramid {
    len: usize,
    levels: usize,
    data: Vec<f32>,
}

impl Pyramid {
    /// An empty pyramid with room for `levels` levels of `len` samples.
    pub(crate) fn new(len: usize, levels: usize) -> Pyramid {
        Pyramid {
            len,
            levels,
            data: vec![0.0; len * (levels + 1)],
        }
    }

    /// Reshapes the pyramid for `len` samples and `levels` levels, keeping its memory.
    pub(crate) fn reshape(&mut self, len: usize, levels: usize) {
        self.len = len;
        self.levels = levels;
        self.data.resize(len * (levels + 1), 0.0);
    }

    /// Samples per level.
    pub(crate) fn len(&self) -> usize {
        self.len
    }

    /// Levels above the input.
    pub(crate) fn levels(&self) -> usize {
        self.levels
    }

    /// Adds `delta` to every level (smoothing keeps a constant, so this is the pyramid of the
    /// input plus `delta`; the derivatives do not change).
    pub(crate) fn shift(&mut self, delta: f32) {
        self.data.iter_mut().for_each(|v| *v += delta);
    }

    /// Fills the pyramid from `x` (its length must be `len`).
    pub(crate) fn fill(&mut self, x: &[f32]) {
        let len = self.len;
        if x.len() != len {
            return;
        }
        self.data[..len].copy_from_slice(x);
        for j in 1..=self.levels {
            let (prev, cur) = self.data.split_at_mut(j * len);
            smooth(&prev[(j - 1) * len..], &mut cur[..len], 1 << (j - 1));
        }
    }

    /// The smoothed signal at level `j` (0 = the input).
    pub(crate) fn level(&self, j: usize) -> &[f32] {
        let j = j.min(self.levels);
        &self.data[j * self.len..(j + 1) * self.len]
    }

    /// The transform at level `j` (≥ 1) into `dst`: `s_j[t + 2^(j−1)] − s_j[t − 2^(j−1)]`.
    pub(crate) fn wavelet(&self, j: usize, dst: &mut [f32]) {
        let j = j.clamp(1, self.levels.max(1));
        diff(self.level(j), dst, 1 << (j - 1));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn smoothing_keeps_a_constant_and_the_centre_of_a_peak() {
        let x = vec![1.0f32; 40];
        let mut y = vec![0.0f32; 40];
        smooth(&x, &mut y, 4);
        assert!(y.iter().all(|v| (v - 1.0).abs() < 1e-6));
        let g: Vec<f32> = (0..101)
            .map(|t| (-0.5 * ((t as f32 - 50.0) / 6.0).powi(2)).exp())
            .collect();
        let mut p = Pyramid::new(101, 5);
        p.fill(&g);
        for j in 0..=5 {
            let s = p.level(j);
            let imax = (0..101).max_by(|&a, &b| s[a].total_cmp(&s[b])).unwrap();
            assert_eq!(imax, 50, "level {j}");
        }
        let mut w = vec![0.0; 101];
        p.wavelet(4, &mut w);
        // The derivative of a peak crosses zero at the peak: rising before, falling after.
        assert!(w[45] > 0.0 && w[55] < 0.0 && w[50].abs() < 1e-6);
        // The interior and the edges agree with the plain definition.
        let s4 = p.level(4);
        for (t, v) in w.iter().enumerate() {
            let want = s4[(t + 8).min(100)] - s4[t.saturating_sub(8)];
            assert!((v - want).abs() < 1e-7, "{t}");
        }
    }
}
