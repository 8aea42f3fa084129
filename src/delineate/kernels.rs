//! Small numeric kernels written so that the compiler vectorises them: floating-point sums are
//! not reassociated by the compiler, so each keeps eight partial sums.

/// True when every value is finite (no early exit, so it vectorises).
pub(crate) fn all_finite(x: &[f32]) -> bool {
    x.iter().fold(0u32, |acc, v| {
        acc | u32::from(v.to_bits() & 0x7f80_0000 == 0x7f80_0000)
    }) == 0
}

/// `Σ x·t` over the common length (eight partial sums).
pub(crate) fn dot(x: &[f32], t: &[f32]) -> f32 {
    let n = x.len().min(t.len());
    let (x, t) = (&x[..n], &t[..n]);
    let mut acc = [0f32; 8];
    let mut xc = x.chunks_exact(8);
    let mut tc = t.chunks_exact(8);
    for (xs, ts) in (&mut xc).zip(&mut tc) {
        for i in 0..8 {
            acc[i] += xs[i] * ts[i];
        }
    }
    acc.iter().sum::<f32>()
        + xc.remainder()
            .iter()
            .zip(tc.remainder())
            .map(|(a, b)| a * b)
            .sum::<f32>()
}

/// Pearson correlation of a multi-lead template with the signal at each lag.
///
/// `xs` holds `nl` rows of `span` samples (the signal from the smallest lag on), `ts` the
/// template's `nl` rows of `seg` samples, each row of zero mean; lag `i` compares `ts` with
/// `xs[.., i..i + seg]`. Window sums of the signal come from prefix sums, so each lag costs one
/// dot product per lead.
pub(crate) struct LagSearch<'a> {
    xs: &'a [f32],
    ts: &'a [f32],
    nl: usize,
    seg: usize,
    span: usize,
    cum: &'a [f64],
    tn: f64,
}

impl<'a> LagSearch<'a> {
    /// Prepares the search; `cum` is scratch. None when the template is flat or the sizes do
    /// not fit.
    pub(crate) fn new(
        xs: &'a [f32],
        ts: &'a [f32],
        nl: usize,
        seg: usize,
        span: usize,
        cum: &'a mut Vec<f64>,
    ) -> Option<LagSearch<'a>> {
        if seg == 0 || span < seg || xs.len() < nl * span || ts.len() < nl * seg {
            return None;
        }
        let tn = ts[..nl * seg]
            .iter()
            .map(|&v| (v as f64).powi(2))
            .sum::<f64>()
            .sqrt();
        if tn.is_nan() || tn <= 0.0 {
            return None;
        }
        cum.clear();
        cum.resize(nl * (span + 1) * 2, 0.0);
        for l in 0..nl {
            let row = &xs[l * span..(l + 1) * span];
            let c = &mut cum[l * (span + 1) * 2..(l + 1) * (span + 1) * 2];
            let (mut s, mut ss) = (0.0f64, 0.0f64);
            for (i, &v) in row.iter().enumerate() {
                s += v as f64;
                ss += (v as f64) * (v as f64);
                c[2 * (i + 1)] = s;
                c[2 * (i + 1) + 1] = ss;
            }
        }
        Some(LagSearch {
            xs,
            ts,
            nl,
            seg,
            span,
            cum,
            tn,
        })
    }

    /// Number of lags.
    pub(crate) fn lags(&self) -> usize {
        self.span - self.seg + 1
    }

    /// The correlation at lag `i` (0 where the signal is flat).
    pub(crate) fn corr(&self, i: usize) -> f64 {
        let (mut sxy, mut sxx) = (0.0f64, 0.0f64);
        for l in 0..self.nl {
            let x = &self.xs[l * self.span + i..l * self.span + i + self.seg];
            let t = &self.ts[l * self.seg..(l + 1) * self.seg];
            let c = &self.cum[l * (self.span + 1) * 2..];
            let s = c[2 * (i + self.seg)] - c[2 * i];
            let ss = c[2 * (i + self.seg) + 1] - c[2 * i + 1];
            // The template rows have zero mean, so Σ(x − x̄)t = Σxt.
            sxy += dot(x, t) as f64;
            sxx += ss - s * s / self.seg as f64;
        }
        if sxx > 0.0 {
            sxy / (sxx.sqrt() * self.tn)
        } else {
            0.0
        }
    }

    /// The best lag, searched every `step` lags and then around the best, refined to a
    /// fraction by a parabola through its neighbours; with its correlation.
    pub(crate) fn best(&self, step: usize) -> (f64, f64) {
        let n = self.lags();
        let mut best = (0usize, f64::NEG_INFINITY);
        for i in (0..n).step_by(step.max(1)) {
            let c = self.corr(i);
            if c > best.1 {
                best = (i, c);
            }
        }
        let (lo, hi) = (
            best.0.saturating_sub(step.max(1) - 1),
            (best.0 + step.max(1) - 1).min(n - 1),
        );
        for i in lo..=hi {
            if i != best.0 {
                let c = self.corr(i);
                if c > best.1 {
                    best = (i, c);
                }
            }
        }
        let (bi, bc) = best;
        let mut frac = 0.0;
        if bi > 0 && bi + 1 < n {
            let (c0, c2) = (self.corr(bi - 1), self.corr(bi + 1));
            let den = c0 - 2.0 * bc + c2;
            if den < 0.0 {
                frac = (0.5 * (c0 - c2) / den).clamp(-0.5, 0.5);
            }
        }
        (bi as f64 + frac, bc)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kernels_match_plain_loops() {
        let x: Vec<f32> = (0..37).map(|i| (i as f32 * 0.37).sin()).collect();
        let t: Vec<f32> = (0..37).map(|i| (i as f32 * 0.11).cos()).collect();
        let st0: f32 = x.iter().zip(&t).map(|(a, b)| a * b).sum();
        assert!((dot(&x, &t) - st0).abs() < 1e-4);
        assert!(all_finite(&x));
        let mut y = x.clone();
        y[20] = f32::NAN;
        assert!(!all_finite(&y));
        y[20] = f32::INFINITY;
        assert!(!all_finite(&y));
    }

    #[test]
    fn the_lag_search_finds_a_shifted_copy() {
        // A template and the same shape 3 samples later in a longer signal.
        let shape: Vec<f32> = (0..20)
            .map(|i| (i as f32 * 0.4).sin() * (i as f32 * 0.15).exp())
            .collect();
        let m = shape.iter().sum::<f32>() / 20.0;
        let ts: Vec<f32> = shape.iter().map(|v| v - m).collect();
        let mut xs = vec![0.3f32; 30];
        xs[3..23].copy_from_slice(&shape);
        let mut cum = Vec::new();
        let s = LagSearch::new(&xs, &ts, 1, 20, 30, &mut cum).unwrap();
        assert_eq!(s.lags(), 11);
        let (lag, c) = s.best(2);
        // The parabola through the neighbours may lean off the exact lag, never by half a lag.
        assert!(
            (lag - 3.0).abs() < 0.5 && (c - 1.0).abs() < 1e-5,
            "{lag} {c}"
        );
        assert!(s.corr(3) > s.corr(2) && s.corr(3) > s.corr(4));
    }
}
