//! The f64 section recursion, several leads at once in SIMD lanes.
//!
//! The recursion is scipy's direct form II transposed, with the same operation order:
//! `y = b0*x + z0; z0 = b1*x - a1*y + z1; z1 = b2*x - a2*y`. Leads are interleaved `L` to a
//! `[f64; L]` (L = 4, or 2 / 1 for what is left), which the compiler keeps in vector registers;
//! up to [`GROUP`] sections run per sample so their recursions overlap in the pipeline, and the
//! signal is walked in cache-sized chunks so every group finds its chunk in L1.

use ndarray::ArrayViewMut2;

/// Leads processed together at most.
pub(crate) const LANES: usize = 4;

/// `[b0, b1, b2, a1, a2]` of one section (`a0 = 1`).
pub(crate) type Coef = [f64; 5];

/// Sections run together per sample in the portable kernel, so their recursions (each
/// latency-bound: four dependent operations per sample) overlap; measured best at 4 for the
/// two-lane SSE2 case (8 spills registers). The AVX kernel uses 8.
const GROUP: usize = 4;
/// Samples per chunk (chunk × 4 lanes × 8 bytes = 32 KiB).
const CHUNK: usize = 1024;

/// Reusable interleaved buffers, one per lane width.
#[derive(Debug, Default)]
pub(crate) struct Scratch {
    l4: Vec<[f64; 4]>,
    l2: Vec<[f64; 2]>,
    l1: Vec<[f64; 1]>,
}

#[inline(always)]
fn block<const L: usize, const S: usize>(
    c: &[Coef; S],
    st: &mut [[[f64; L]; 2]; S],
    buf: &mut [[f64; L]],
    rev: bool,
) {
    let mut z = *st;
    let mut step = |v: &mut [f64; L]| {
        let mut x = *v;
        for s in 0..S {
            let [b0, b1, b2, a1, a2] = c[s];
            for l in 0..L {
                let y = b0 * x[l] + z[s][0][l];
                z[s][0][l] = b1 * x[l] - a1 * y + z[s][1][l];
                z[s][1][l] = b2 * x[l] - a2 * y;
                x[l] = y;
            }
        }
        *v = x;
    };
    if rev {
        buf.iter_mut().rev().for_each(&mut step);
    } else {
        buf.iter_mut().for_each(&mut step);
    }
    *st = z;
}

#[inline(always)]
fn groups<const L: usize>(
    coefs: &[Coef],
    state: &mut [[[f64; L]; 2]],
    buf: &mut [[f64; L]],
    rev: bool,
) {
    for (c, s) in coefs.chunks(GROUP).zip(state.chunks_mut(GROUP)) {
        // Chunk lengths are 1..=GROUP, so exactly one conversion succeeds.
        if let (Ok(c), Ok(s)) = (<&[Coef; 8]>::try_from(c), <&mut [_; 8]>::try_from(&mut *s)) {
            block::<L, 8>(c, s, buf, rev);
        } else if let (Ok(c), Ok(s)) = (<&[Coef; 7]>::try_from(c), <&mut [_; 7]>::try_from(&mut *s))
        {
            block::<L, 7>(c, s, buf, rev);
        } else if let (Ok(c), Ok(s)) = (<&[Coef; 6]>::try_from(c), <&mut [_; 6]>::try_from(&mut *s))
        {
            block::<L, 6>(c, s, buf, rev);
        } else if let (Ok(c), Ok(s)) = (<&[Coef; 5]>::try_from(c), <&mut [_; 5]>::try_from(&mut *s))
        {
            block::<L, 5>(c, s, buf, rev);
        } else if let (Ok(c), Ok(s)) = (<&[Coef; 4]>::try_from(c), <&mut [_; 4]>::try_from(&mut *s))
        {
            block::<L, 4>(c, s, buf, rev);
        } else if let (Ok(c), Ok(s)) = (<&[Coef; 3]>::try_from(c), <&mut [_; 3]>::try_from(&mut *s))
        {
            block::<L, 3>(c, s, buf, rev);
        } else if let (Ok(c), Ok(s)) = (<&[Coef; 2]>::try_from(c), <&mut [_; 2]>::try_from(&mut *s))
        {
            block::<L, 2>(c, s, buf, rev);
        } else if let (Ok(c), Ok(s)) = (<&[Coef; 1]>::try_from(c), <&mut [_; 1]>::try_from(&mut *s))
        {
            block::<L, 1>(c, s, buf, rev);
        }
    }
}

#[inline(always)]
fn cascade<const L: usize>(
    coefs: &[Coef],
    state: &mut [[[f64; L]; 2]],
    buf: &mut [[f64; L]],
    rev: bool,
) {
    if rev {
        for chunk in buf.rchunks_mut(CHUNK) {
            groups(coefs, state, chunk, true);
        }
    } else {
        for chunk in buf.chunks_mut(CHUNK) {
            groups(coefs, state, chunk, false);
        }
    }
}

fn scaled<const L: usize>(zi: &[[f64; 2]], x0: [f64; L]) -> Vec<[[f64; L]; 2]> {
    zi.iter()
        .map(|z| [x0.map(|v| z[0] * v), x0.map(|v| z[1] * v)])
        .collect()
}

/// scipy's sosfiltfilt core on an already extended, interleaved signal.
#[inline(always)]
fn forward_backward<const L: usize>(coefs: &[Coef], zi: &[[f64; 2]], buf: &mut [[f64; L]]) {
    let Some(&x0) = buf.first() else {
        return;
    };
    let mut st = scaled(zi, x0);
    cascade(coefs, &mut st, buf, false);
    let y0 = buf.last().copied().unwrap_or(x0);
    let mut st = scaled(zi, y0);
    cascade(coefs, &mut st, buf, true);
}

/// Zero-phase filtering of up to [`LANES`] rows in place; `rows.ncols() > pad` and all samples
/// finite (checked by the caller).
pub(crate) fn filtfilt_block(
    coefs: &[Coef],
    zi: &[[f64; 2]],
    pad: usize,
    rows: &mut ArrayViewMut2<'_, f32>,
    scratch: &mut Scratch,
) {
    match rows.nrows() {
        0 => {}
        1 => lanes::<1>(coefs, zi, pad, rows, &mut scratch.l1),
        2 => lanes::<2>(coefs, zi, pad, rows, &mut scratch.l2),
        _ => lanes::<4>(coefs, zi, pad, rows, &mut scratch.l4),
    }
}

fn lanes<const L: usize>(
    coefs: &[Coef],
    zi: &[[f64; 2]],
    pad: usize,
    rows: &mut ArrayViewMut2<'_, f32>,
    buf: &mut Vec<[f64; L]>,
) {
    let n = rows.ncols();
    buf.clear();
    buf.resize(n + 2 * pad, [0.0; L]);
    for (l, row) in rows.rows().into_iter().take(L).enumerate() {
        // Odd extension (scipy's odd_ext), computed in f64 from the f32 samples.
        let first = f64::from(row[0]);
        let last = f64::from(row[n - 1]);
        for (d, v) in buf[pad..pad + n].iter_mut().zip(row.iter()) {
            d[l] = f64::from(*v);
        }
        for j in 1..=pad {
            buf[pad - j][l] = 2.0 * first - f64::from(row[j]);
            buf[pad + n - 1 + j][l] = 2.0 * last - f64::from(row[n - 1 - j]);
        }
    }
    dispatch(coefs, zi, buf);
    for (l, mut row) in rows.rows_mut().into_iter().take(L).enumerate() {
        for (v, s) in row.iter_mut().zip(&buf[pad..pad + n]) {
            *v = s[l] as f32;
        }
    }
}

/// Runs [`forward_backward`], on four lanes with the AVX kernel when the CPU has AVX.
/// Both kernels execute the same IEEE operations in the same order (no fused multiply-add), so
/// the results are bit-identical on every CPU; AVX only does four lanes per instruction
/// instead of two.
fn dispatch<const L: usize>(coefs: &[Coef], zi: &[[f64; 2]], buf: &mut Vec<[f64; L]>) {
    #[cfg(target_arch = "x86_64")]
    if L == 4 && std::is_x86_feature_detected!("avx") {
        if let Some(b4) = as_lanes4(buf) {
            avx::forward_backward(coefs, zi, b4);
            return;
        }
    }
    forward_backward(coefs, zi, buf)
}

/// `buf` as four-lane rows when `L == 4` (a no-op conversion), without unsafe code.
#[cfg(target_arch = "x86_64")]
#[allow(clippy::ptr_arg)] // a Vec (sized, 'static) is what `Any` can downcast; a slice is not
fn as_lanes4<const L: usize>(buf: &mut Vec<[f64; L]>) -> Option<&mut [[f64; 4]]> {
    (buf as &mut dyn std::any::Any)
        .downcast_mut::<Vec<[f64; 4]>>()
        .map(|v| v.as_mut_slice())
}

#[cfg(target_arch = "x86_64")]
#[allow(unsafe_code)]
mod avx {
    //! The four-lane kernel in AVX registers: one `__m256d` per state and per sample.
    use super::{CHUNK, Coef};
    use std::arch::x86_64::*;

    /// Entry point: checks AVX at run time (cached by std) before entering AVX code.
    pub(super) fn forward_backward(coefs: &[Coef], zi: &[[f64; 2]], buf: &mut [[f64; 4]]) {
        if std::is_x86_feature_detected!("avx") {
            // SAFETY: the only requirement of `run` is AVX, checked just above.
            unsafe { run(coefs, zi, buf) }
        }
    }

    #[inline(always)]
    fn load(v: &[f64; 4]) -> __m256d {
        // SAFETY: `v` is 32 readable bytes; the unaligned load has no alignment requirement.
        // Only called from AVX-enabled functions.
        unsafe { _mm256_loadu_pd(v.as_ptr()) }
    }

    #[inline(always)]
    fn store(v: &mut [f64; 4], x: __m256d) {
        // SAFETY: `v` is 32 writable bytes; unaligned store. Only called from AVX functions.
        unsafe { _mm256_storeu_pd(v.as_mut_ptr(), x) }
    }

    #[target_feature(enable = "avx")]
    fn block<const S: usize>(
        c: &[Coef; S],
        st: &mut [[__m256d; 2]; S],
        buf: &mut [[f64; 4]],
        rev: bool,
    ) {
        let mut z = *st;
        let k: [[__m256d; 5]; S] = std::array::from_fn(|s| c[s].map(|v| _mm256_set1_pd(v)));
        let mut step = |v: &mut [f64; 4]| {
            let mut x = load(v);
            for s in 0..S {
                let [b0, b1, b2, a1, a2] = k[s];
                // Same order as scipy: y = b0*x + z0; z0 = (b1*x - a1*y) + z1; z1 = b2*x - a2*y.
                let y = _mm256_add_pd(_mm256_mul_pd(b0, x), z[s][0]);
                z[s][0] = _mm256_add_pd(
                    _mm256_sub_pd(_mm256_mul_pd(b1, x), _mm256_mul_pd(a1, y)),
                    z[s][1],
                );
                z[s][1] = _mm256_sub_pd(_mm256_mul_pd(b2, x), _mm256_mul_pd(a2, y));
                x = y;
            }
            store(v, x);
        };
        if rev {
            buf.iter_mut().rev().for_each(&mut step);
        } else {
            buf.iter_mut().for_each(&mut step);
        }
        *st = z;
    }

    /// Sections per group in AVX registers (2 state registers each).
    const AVX_GROUP: usize = 8;

    #[target_feature(enable = "avx")]
    fn groups(coefs: &[Coef], state: &mut [[__m256d; 2]], buf: &mut [[f64; 4]], rev: bool) {
        for (c, s) in coefs.chunks(AVX_GROUP).zip(state.chunks_mut(AVX_GROUP)) {
            if let (Ok(c), Ok(s)) = (<&[Coef; 8]>::try_from(c), <&mut [_; 8]>::try_from(&mut *s)) {
                block::<8>(c, s, buf, rev);
            } else if let (Ok(c), Ok(s)) =
                (<&[Coef; 7]>::try_from(c), <&mut [_; 7]>::try_from(&mut *s))
            {
                block::<7>(c, s, buf, rev);
            } else if let (Ok(c), Ok(s)) =
                (<&[Coef; 6]>::try_from(c), <&mut [_; 6]>::try_from(&mut *s))
            {
                block::<6>(c, s, buf, rev);
            } else if let (Ok(c), Ok(s)) =
                (<&[Coef; 5]>::try_from(c), <&mut [_; 5]>::try_from(&mut *s))
            {
                block::<5>(c, s, buf, rev);
            } else if let (Ok(c), Ok(s)) =
                (<&[Coef; 4]>::try_from(c), <&mut [_; 4]>::try_from(&mut *s))
            {
                block::<4>(c, s, buf, rev);
            } else if let (Ok(c), Ok(s)) =
                (<&[Coef; 3]>::try_from(c), <&mut [_; 3]>::try_from(&mut *s))
            {
                block::<3>(c, s, buf, rev);
            } else if let (Ok(c), Ok(s)) =
                (<&[Coef; 2]>::try_from(c), <&mut [_; 2]>::try_from(&mut *s))
            {
                block::<2>(c, s, buf, rev);
            } else if let (Ok(c), Ok(s)) =
                (<&[Coef; 1]>::try_from(c), <&mut [_; 1]>::try_from(&mut *s))
            {
                block::<1>(c, s, buf, rev);
            }
        }
    }

    #[target_feature(enable = "avx")]
    fn scaled(zi: &[[f64; 2]], x0: __m256d) -> Vec<[__m256d; 2]> {
        zi.iter()
            .map(|z| {
                [
                    _mm256_mul_pd(_mm256_set1_pd(z[0]), x0),
                    _mm256_mul_pd(_mm256_set1_pd(z[1]), x0),
                ]
            })
            .collect()
    }

    #[target_feature(enable = "avx")]
    fn run(coefs: &[Coef], zi: &[[f64; 2]], buf: &mut [[f64; 4]]) {
        let Some(x0) = buf.first().map(load) else {
            return;
        };
        let mut st = scaled(zi, x0);
        for chunk in buf.chunks_mut(CHUNK) {
            groups(coefs, &mut st, chunk, false);
        }
        let y0 = buf.last().map(load).unwrap_or(x0);
        let mut st = scaled(zi, y0);
        for chunk in buf.rchunks_mut(CHUNK) {
            groups(coefs, &mut st, chunk, true);
        }
    }
}

/// Causal filtering of one lead with carried state (the streaming path).
pub(crate) fn causal_single(coefs: &[Coef], state: &mut [[f64; 2]], x: &[f32], out: &mut [f32]) {
    const PIECE: usize = 256;
    let mut buf = [[0.0f64; 1]; PIECE];
    let mut st: Vec<[[f64; 1]; 2]> = state.iter().map(|s| [[s[0]], [s[1]]]).collect();
    for (xi, yo) in x.chunks(PIECE).zip(out.chunks_mut(PIECE)) {
        let b = &mut buf[..xi.len()];
        for (d, s) in b.iter_mut().zip(xi) {
            d[0] = f64::from(*s);
        }
        groups::<1>(coefs, &mut st, b, false);
        for (o, v) in yo.iter_mut().zip(b.iter()) {
            *o = v[0] as f32;
        }
    }
    for (s, t) in state.iter_mut().zip(&st) {
        *s = [t[0][0], t[1][0]];
    }
}
