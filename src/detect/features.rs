//! Feature signals: zero-phase box-car band-pass, slope energy envelope, local level.
//!
//! Every filter here is a centred running sum (O(1) per sample whatever the window) so the
//! envelope lines up with the QRS without delay compensation, at any sample rate.

/// Filter lengths in samples, derived once from the configuration and the sample rate.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Design {
    /// Half-length of the two cascaded low-pass box-cars.
    pub lp_half: usize,
    /// Half-span of the central difference (the derivative).
    pub diff_k: usize,
    /// Half-length of the moving-window integrator.
    pub mwi_half: usize,
}

/// Replaces NaN/inf by the last finite value (0 before the first) and returns whether any was
/// seen; `gap` is then filled with the mask, else left empty.
pub(crate) fn fill_gaps(x: &mut [f32], gap: &mut Vec<bool>) -> bool {
    gap.clear();
    if x.iter().all(|v| v.is_finite()) {
        return false;
    }
    gap.resize(x.len(), false);
    let mut last = x.iter().copied().find(|v| v.is_finite()).unwrap_or(0.0);
    for (v, g) in x.iter_mut().zip(gap.iter_mut()) {
        if v.is_finite() {
            last = *v;
        } else {
            *v = last;
            *g = true;
        }
    }
    true
}

/// Centred moving average of length `2 * half + 1`, edges replicated. `out` is resized.
pub(crate) fn box_centered(x: &[f32], half: usize, out: &mut Vec<f32>) {
    let n = x.len();
    out.clear();
    out.resize(n, 0.0);
    if n == 0 {
        return;
    }
    if half == 0 {
        out.copy_from_slice(x);
        return;
    }
    let len = 2 * half + 1;
    let inv = 1.0 / len as f64;
    let at = |i: isize| -> f64 {
        let j = i.clamp(0, n as isize - 1) as usize;
        x[j] as f64
    };
    let mut acc: f64 = (-(half as isize)..=half as isize).map(at).sum();
    out[0] = (acc * inv) as f32;
    // Edges use the clamped accessor; the interior (both ends inside) takes the fast path.
    let fast_lo = half + 1;
    let fast_hi = n.saturating_sub(half);
    for (i, o) in out.iter_mut().enumerate().skip(1) {
        if i >= fast_lo && i < fast_hi {
            acc += x[i + half] as f64 - x[i - half - 1] as f64;
        } else {
            acc += at(i as isize + half as isize) - at(i as isize - half as isize - 1);
        }
        *o = (acc * inv) as f32;
    }
}

/// The slope envelope of one lead: RMS over the integration window of the central difference
/// of the low-passed signal, and that slope's magnitude in `slope_abs` (a zero-phase form of the Pan–Tompkins derivative, squaring and
/// moving-window integration). Gap samples are forced to zero slope.
pub(crate) fn envelope(
    x: &[f32],
    gap: &[bool],
    d: Design,
    slope_abs: &mut Vec<f32>,
    tmp_b: &mut Vec<f32>,
    out: &mut Vec<f32>,
) {
    let n = x.len();
    box_centered(x, d.lp_half, slope_abs);
    box_centered(slope_abs, d.lp_half, tmp_b);
    slope_abs.clear();
    slope_abs.resize(n, 0.0);
    let k = d.diff_k;
    if n > 2 * k {
        for i in k..n - k {
            slope_abs[i] = (tmp_b[i + k] - tmp_b[i - k]).abs();
        }
    }
    for (v, &g) in slope_abs.iter_mut().zip(gap) {
        if g {
            *v = 0.0;
        }
    }
    tmp_b.clear();
    tmp_b.extend(slope_abs.iter().map(|v| v * v));
    box_centered(tmp_b, d.mwi_half, out);
    for v in out.iter_mut() {
        *v = v.max(0.0).sqrt();
    }
}
