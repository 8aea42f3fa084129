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

/// Windows up to this half-length are summed directly (vectorised shifted adds) rather than
/// by a running sum, whose loop-carried dependency is slower for short windows.
const SHORT_BOX: usize = 6;

/// [`box_centered`] for short windows: `out` is already sized; edges replicate.
fn box_short(x: &[f32], half: usize, out: &mut [f32]) {
    let n = x.len();
    let inv = 1.0 / (2 * half + 1) as f32;
    let interior = &mut out[half..n - half];
    interior.copy_from_slice(&x[..n - 2 * half]);
    for j in 1..=2 * half {
        for (o, &v) in interior.iter_mut().zip(&x[j..n - 2 * half + j]) {
            *o += v;
        }
    }
    interior.iter_mut().for_each(|o| *o *= inv);
    let at = |i: isize| x[i.clamp(0, n as isize - 1) as usize];
    for i in (0..half).chain(n - half..n) {
        let sum: f32 = (-(half as isize)..=half as isize)
            .map(|j| at(i as isize + j))
            .sum();
        out[i] = sum * inv;
    }
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
    if half <= SHORT_BOX && n > len {
        return box_short(x, half, out);
    }
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

/// Outputs per tile of the fused slope pass: the tile's working set stays in L1.
const TILE: usize = 1024;

/// `out[i] = (x[i] + x[i + 1] + ... + x[i + 2 h]) * inv`, summed left to right as in
/// [`box_short`], in one pass with the window length known at compile time.
fn box_tile(h: usize, x: &[f32], out: &mut [f32], inv: f32) {
    debug_assert!((1..=SHORT_BOX).contains(&h));
    fn go<const W: usize>(x: &[f32], out: &mut [f32], inv: f32) {
        let x = &x[..out.len() + W - 1];
        for (i, o) in out.iter_mut().enumerate() {
            let w = &x[i..i + W];
            let mut a = w[0];
            for &v in &w[1..] {
                a += v;
            }
            *o = a * inv;
        }
    }
    match h {
        1 => go::<3>(x, out, inv),
        2 => go::<5>(x, out, inv),
        3 => go::<7>(x, out, inv),
        4 => go::<9>(x, out, inv),
        5 => go::<11>(x, out, inv),
        // The caller takes this path only for h <= SHORT_BOX (6).
        _ => go::<13>(x, out, inv),
    }
}

/// `|lp2[i + k] - lp2[i - k]|` of the two cascaded box-cars, gap samples zeroed: the
/// straightforward full-length passes, used near the ends of the record and for long boxes.
fn slope_plain(x: &[f32], gap: &[bool], d: Design, slope_abs: &mut Vec<f32>, tmp: &mut Vec<f32>) {
    let n = x.len();
    box_centered(x, d.lp_half, slope_abs);
    box_centered(slope_abs, d.lp_half, tmp);
    slope_abs.clear();
    slope_abs.resize(n, 0.0);
    let k = d.diff_k;
    if n > 2 * k {
        for i in k..n - k {
            slope_abs[i] = (tmp[i + k] - tmp[i - k]).abs();
        }
    }
    for (v, &g) in slope_abs.iter_mut().zip(gap) {
        if g {
            *v = 0.0;
        }
    }
}

/// [`slope_plain`] with both box-cars and the difference fused tile by tile in the interior (the
/// same operations in the same order, so bit-identical), and the plain passes on short stretches
/// at both ends where the edges are replicated.
pub(crate) fn slope(
    x: &[f32],
    gap: &[bool],
    d: Design,
    slope_abs: &mut Vec<f32>,
    tmp: &mut Vec<f32>,
) {
    let n = x.len();
    let (h, k) = (d.lp_half, d.diff_k);
    let margin = 2 * h + k;
    // Long enough that the ends processed plainly hold every replicated-edge sample.
    let p = 2 * margin + 2 * h + 2;
    // A tile holds 2 * margin extra samples; longer filters take the plain passes.
    if h == 0 || h > SHORT_BOX || 2 * margin > 64 || n < 4 * p {
        return slope_plain(x, gap, d, slope_abs, tmp);
    }
    // Every sample is written below: only a grown part needs initialising.
    slope_abs.truncate(n);
    slope_abs.resize(n, 0.0);
    // Ends: the plain passes on a prefix and a suffix are exact away from their cut ends.
    let mut part = Vec::new();
    slope_plain(&x[..p], &[], d, &mut part, tmp);
    slope_abs[..p - margin].copy_from_slice(&part[..p - margin]);
    slope_plain(&x[n - p..], &[], d, &mut part, tmp);
    slope_abs[n - p + margin..].copy_from_slice(&part[margin..]);

    let inv = 1.0 / (2 * h + 1) as f32;
    let mut lp1 = [0.0f32; TILE + 64];
    let mut lp2 = [0.0f32; TILE + 64];
    let (lo, hi) = (p - margin, n - p + margin);
    let mut a = lo;
    while a < hi {
        let b = (a + TILE).min(hi);
        let len = b - a;
        // lp1 over global [a - k - h, b + k + h), from x over [a - margin, b + margin).
        let xs = &x[a - margin..b + margin];
        let n1 = len + 2 * k + 2 * h;
        let l1 = &mut lp1[..n1];
        box_tile(h, xs, l1, inv);
        // lp2 over global [a - k, b + k).
        let n2 = len + 2 * k;
        let l2 = &mut lp2[..n2];
        box_tile(h, l1, l2, inv);
        for ((o, &r), &l) in slope_abs[a..b].iter_mut().zip(&l2[2 * k..]).zip(&l2[..len]) {
            *o = (r - l).abs();
        }
        a = b;
    }
    for (v, &g) in slope_abs.iter_mut().zip(gap) {
        if g {
            *v = 0.0;
        }
    }
}

/// The slope envelope of one lead: RMS over the integration window of the central difference
/// of the low-passed signal, and that slope's magnitude in `slope_abs` (a zero-phase form of the
/// Pan–Tompkins derivative, squaring and moving-window integration). Gap samples are forced to
/// zero slope.
pub(crate) fn envelope(
    x: &[f32],
    gap: &[bool],
    d: Design,
    slope_abs: &mut Vec<f32>,
    tmp_b: &mut Vec<f32>,
    out: &mut Vec<f32>,
) {
    slope(x, gap, d, slope_abs, tmp_b);
    integrate(
        &[slope_abs.as_slice()],
        d.mwi_half,
        std::slice::from_mut(out),
        tmp_b,
    );
}

/// Samples per tile of the integrator's vectorised stages.
const MWI_TILE: usize = 256;

/// The envelopes `out[l]` of the slopes `slopes[l]` (all of one length): squaring, the centred
/// moving-window integrator of half-length `m` and square root. Up to four leads run together so
/// that their running sums, each a serial chain of additions, overlap in time; every lead's
/// arithmetic is still exactly that of the plain running sum on it alone.
pub(crate) fn integrate(slopes: &[&[f32]], m: usize, out: &mut [Vec<f32>], tmp: &mut Vec<f32>) {
    let n = slopes.first().map_or(0, |s| s.len());
    if m <= SHORT_BOX || n <= 2 * m + 1 {
        for (s, o) in slopes.iter().zip(out.iter_mut()) {
            tmp.clear();
            tmp.extend(s.iter().map(|v| v * v));
            box_centered(tmp, m, o);
            for v in o.iter_mut() {
                *v = v.max(0.0).sqrt();
            }
        }
        return;
    }
    for o in out.iter_mut() {
        // Every sample is written below: only a grown part needs initialising.
        o.truncate(n);
        o.resize(n, 0.0);
    }
    for (s, o) in slopes.chunks(4).zip(out.chunks_mut(4)) {
        let mut o: Vec<&mut [f32]> = o.iter_mut().map(|v| v.as_mut_slice()).collect();
        match s.len() {
            1 => integrate_group::<1>(s, m, &mut o),
            2 => integrate_group::<2>(s, m, &mut o),
            3 => integrate_group::<3>(s, m, &mut o),
            _ => integrate_group::<4>(s, m, &mut o),
        }
    }
}

/// [`integrate`] on `N` leads (`n > 2 m + 1`): the running-sum path of [`box_centered`] on the
/// squared slopes with the square root fused in. Per tile, the differences entering the sums and
/// the final square roots are computed in vectorised passes; only the sums themselves are serial.
fn integrate_group<const N: usize>(s: &[&[f32]], m: usize, out: &mut [&mut [f32]]) {
    let n = s[0].len();
    let inv = 1.0 / (2 * m + 1) as f64;
    let fin = |acc: f64| ((acc * inv) as f32).max(0.0).sqrt();
    let sq_at = |x: &[f32], i: isize| -> f64 {
        let v = x[i.clamp(0, n as isize - 1) as usize];
        (v * v) as f64
    };
    let (mi, fast_hi) = (m as isize, n - m);
    let mut acc = [0.0f64; N];
    for l in 0..N {
        let x = s[l];
        let mut a: f64 = (-mi..=mi).map(|i| sq_at(x, i)).sum();
        out[l][0] = fin(a);
        for i in 1..=m as isize {
            a += sq_at(x, i + mi) - sq_at(x, i - mi - 1);
            out[l][i as usize] = fin(a);
        }
        acc[l] = a;
    }
    let mut dlt = [[0.0f64; MWI_TILE]; N];
    let mut avg = [[0.0f32; MWI_TILE]; N];
    let mut i0 = m + 1;
    while i0 < fast_hi {
        let len = (fast_hi - i0).min(MWI_TILE);
        for l in 0..N {
            let x = s[l];
            for ((dv, &a), &b) in dlt[l][..len]
                .iter_mut()
                .zip(&x[i0 + m..i0 + m + len])
                .zip(&x[i0 - m - 1..i0 - m - 1 + len])
            {
                *dv = (a * a) as f64 - (b * b) as f64;
            }
        }
        for t in 0..len {
            for l in 0..N {
                acc[l] += dlt[l][t];
                avg[l][t] = (acc[l] * inv) as f32;
            }
        }
        for l in 0..N {
            for (o, &v) in out[l][i0..i0 + len].iter_mut().zip(&avg[l][..len]) {
                *o = v.max(0.0).sqrt();
            }
        }
        i0 += len;
    }
    for l in 0..N {
        let x = s[l];
        let mut a = acc[l];
        for (i, o) in out[l].iter_mut().enumerate().skip(fast_hi) {
            let ii = i as isize;
            a += sq_at(x, ii + mi) - sq_at(x, ii - mi - 1);
            *o = fin(a);
        }
    }
}
