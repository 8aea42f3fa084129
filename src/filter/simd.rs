//! The f64 section recursion, several leads at once in SIMD lanes.
//!
//! The recursion is scipy's direct form II transposed, `y = b0*x + z0; z0 = (b1*x + z1) - a1*y;
//! z1 = b2*x - a2*y`. scipy adds in the order `(b1*x - a1*y) + z1`; adding `z1` first takes one
//! operation off the recursion's critical path (3 instead of 4 dependent operations per sample,
//! ~13 % faster on two leads) and changes results by f64 rounding only (~1e-16 relative, far
//! below the f32 output). Leads are interleaved `L` to a
//! `[f64; L]` (L = 4, or 2 / 1 for what is left), which the compiler keeps in vector registers;
//! up to [`GROUP`] sections run per sample so their recursions overlap in the pipeline. The
//! signal is walked in cache-sized chunks: each chunk is interleaved (forward pass) or
//! de-interleaved (backward pass) while it is in L1, so a long record crosses memory only twice.

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

/// Scratch kept per thread between calls, at most (bytes per lane width): enough for a 30 min
/// two-lead record at 360 Hz; longer records allocate per call.
pub(crate) const KEEP_BYTES: usize = 16 << 20;

impl Scratch {
    /// Frees any buffer larger than `bytes`.
    pub(crate) fn shrink_above(&mut self, bytes: usize) {
        fn cap<T>(v: &mut Vec<T>, bytes: usize) {
            if v.capacity() * std::mem::size_of::<T>() > bytes {
                *v = Vec::new();
            }
        }
        cap(&mut self.l4, bytes);
        cap(&mut self.l2, bytes);
        cap(&mut self.l1, bytes);
    }
}

/// One sample through `S` sections (DF2T; see the module docs for the operation order).
#[inline(always)]
fn step<const L: usize, const S: usize>(
    c: &[Coef; S],
    z: &mut [[[f64; L]; 2]; S],
    v: &mut [f64; L],
) {
    let mut x = *v;
    for s in 0..S {
        let [b0, b1, b2, a1, a2] = c[s];
        for l in 0..L {
            let y = b0 * x[l] + z[s][0][l];
            z[s][0][l] = (b1 * x[l] + z[s][1][l]) - a1 * y;
            z[s][1][l] = b2 * x[l] - a2 * y;
            x[l] = y;
        }
    }
    *v = x;
}

#[inline(always)]
fn block<const L: usize, const S: usize>(
    c: &[Coef; S],
    st: &mut [[[f64; L]; 2]; S],
    buf: &mut [[f64; L]],
    rev: bool,
) {
    // Plain loops over a local copy of the state, so it lives in registers.
    let mut z = *st;
    if rev {
        for v in buf.iter_mut().rev() {
            step(c, &mut z, v);
        }
    } else {
        for v in buf.iter_mut() {
            step(c, &mut z, v);
        }
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

fn scaled<const L: usize>(zi: &[[f64; 2]], x0: [f64; L]) -> Vec<[[f64; L]; 2]> {
    zi.iter()
        .map(|z| [x0.map(|v| z[0] * v), x0.map(|v| z[1] * v)])
        .collect()
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
        1 => lanes::<1>(coefs, zi, pad, rows, &mut scratch.l1, &mut |c, s, b, r| {
            groups(c, s, b, r)
        }),
        2 => lanes::<2>(coefs, zi, pad, rows, &mut scratch.l2, &mut |c, s, b, r| {
            groups(c, s, b, r)
        }),
        _ => lanes::<4>(coefs, zi, pad, rows, &mut scratch.l4, &mut |c, s, b, r| {
            #[cfg(target_arch = "x86_64")]
            if avx::available() {
                return avx::groups_checked(c, s, b, r);
            }
            groups(c, s, b, r)
        }),
    }
}

/// Runs the cascade over one chunk, carrying the state (a kernel).
type Pass<'a, const L: usize> =
    dyn FnMut(&[Coef], &mut [[[f64; L]; 2]], &mut [[f64; L]], bool) + 'a;

/// scipy's `sosfiltfilt` on `rows` (L lanes), chunk by chunk: odd extension of `pad` samples,
/// forward pass from `zi * x[0]`, backward pass from `zi * y[-1]`, result rounded to f32.
fn lanes<const L: usize>(
    coefs: &[Coef],
    zi: &[[f64; 2]],
    pad: usize,
    rows: &mut ArrayViewMut2<'_, f32>,
    buf: &mut Vec<[f64; L]>,
    pass: &mut Pass<'_, L>,
) {
    let n = rows.ncols();
    let total = n + 2 * pad;
    if buf.len() != total {
        buf.clear();
        buf.resize(total, [0.0; L]);
    }
    {
        let owned: Vec<Vec<f32>>; // only for non-contiguous rows
        let src: Vec<&[f32]> = match rows.rows().into_iter().map(|r| r.to_slice()).collect() {
            Some(v) => v,
            None => {
                owned = rows.rows().into_iter().map(|r| r.to_vec()).collect();
                owned.iter().map(Vec::as_slice).collect()
            }
        };
        // The interleaved sample j of the extended signal (scipy's odd_ext, in f64); lanes
        // without a row are zero.
        let lane = |l: usize, j: usize| -> f64 {
            let Some(r) = src.get(l) else { return 0.0 };
            let at = |i: usize| r.get(i).map_or(0.0, |&v| f64::from(v));
            if j < pad {
                2.0 * at(0) - at(pad - j)
            } else if j < pad + n {
                at(j - pad)
            } else {
                2.0 * at(n - 1) - at(2 * n + pad - 2 - j)
            }
        };
        let mut st = scaled(zi, std::array::from_fn(|l| lane(l, 0)));
        let mut start = 0;
        for chunk in buf.chunks_mut(CHUNK) {
            let end = start + chunk.len();
            // Interleave this chunk: the body lane by lane, the padding sample by sample.
            if start < pad || end > pad + n {
                for (k, d) in chunk.iter_mut().enumerate() {
                    let j = start + k;
                    if j < pad || j >= pad + n {
                        *d = std::array::from_fn(|l| lane(l, j));
                    }
                }
            }
            let (b0, b1) = (start.max(pad), end.min(pad + n));
            if b0 < b1 {
                if src.len() < L {
                    // Lanes without a row: zero (the buffer is reused between calls).
                    chunk[b0 - start..b1 - start].fill([0.0; L]);
                }
                for (l, row) in src.iter().take(L).enumerate() {
                    if let Some(part) = row.get(b0 - pad..b1 - pad) {
                        for (d, &v) in chunk[b0 - start..b1 - start].iter_mut().zip(part) {
                            d[l] = f64::from(v);
                        }
                    }
                }
            }
            pass(coefs, &mut st, chunk, false);
            start = end;
        }
    }
    let Some(&y0) = buf.last() else { return };
    let mut st = scaled(zi, y0);
    let mut end = total;
    for chunk in buf.rchunks_mut(CHUNK) {
        let start = end - chunk.len();
        pass(coefs, &mut st, chunk, true);
        // De-interleave the part of this chunk that is output.
        let (b0, b1) = (start.max(pad), end.min(pad + n));
        if b0 < b1 {
            for (l, mut row) in rows.rows_mut().into_iter().take(L).enumerate() {
                let mut part = row.slice_mut(ndarray::s![b0 - pad..b1 - pad]);
                let src = &chunk[b0 - start..b1 - start];
                if let Some(out) = part.as_slice_mut() {
                    for (v, s) in out.iter_mut().zip(src) {
                        *v = s[l] as f32;
                    }
                } else {
                    for (v, s) in part.iter_mut().zip(src) {
                        *v = s[l] as f32;
                    }
                }
            }
        }
        end = start;
    }
}

#[cfg(target_arch = "x86_64")]
#[allow(unsafe_code)]
mod avx {
    //! The four-lane kernel in AVX registers: one `__m256d` per state and per sample. It runs
    //! the same IEEE operations in the same order as the portable kernel (no FMA), so the
    //! output is bit-identical with or without AVX.
    use super::Coef;
    use std::arch::x86_64::*;

    /// Sections per group in AVX registers (2 state registers each).
    const AVX_GROUP: usize = 8;

    /// Whether the CPU has AVX (cached by std after the first call).
    pub(super) fn available() -> bool {
        std::is_x86_feature_detected!("avx")
    }

    /// The cascade over one chunk with carried state; does nothing without AVX (callers check
    /// [`available`] first).
    pub(super) fn groups_checked(
        coefs: &[Coef],
        state: &mut [[[f64; 4]; 2]],
        buf: &mut [[f64; 4]],
        rev: bool,
    ) {
        if available() {
            // SAFETY: `groups` only requires AVX, checked just above.
            unsafe { groups(coefs, state, buf, rev) }
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

    /// One sample through `S` sections; same operation order as the portable kernel.
    #[inline(always)]
    fn step<const S: usize>(k: &[[__m256d; 5]; S], z: &mut [[__m256d; 2]; S], v: &mut [f64; 4]) {
        // SAFETY of the intrinsics: only inlined into `block`, which is AVX-enabled.
        let mut x = load(v);
        for s in 0..S {
            let [b0, b1, b2, a1, a2] = k[s];
            // y = b0*x + z0; z0 = (b1*x + z1) - a1*y; z1 = b2*x - a2*y.
            let y = unsafe { _mm256_add_pd(_mm256_mul_pd(b0, x), z[s][0]) };
            z[s][0] = unsafe {
                _mm256_sub_pd(
                    _mm256_add_pd(_mm256_mul_pd(b1, x), z[s][1]),
                    _mm256_mul_pd(a1, y),
                )
            };
            z[s][1] = unsafe { _mm256_sub_pd(_mm256_mul_pd(b2, x), _mm256_mul_pd(a2, y)) };
            x = y;
        }
        store(v, x);
    }

    #[target_feature(enable = "avx")]
    fn block<const S: usize>(
        c: &[Coef; S],
        st: &mut [[[f64; 4]; 2]; S],
        buf: &mut [[f64; 4]],
        rev: bool,
    ) {
        let mut z: [[__m256d; 2]; S] = std::array::from_fn(|s| [load(&st[s][0]), load(&st[s][1])]);
        let k: [[__m256d; 5]; S] = std::array::from_fn(|s| c[s].map(|v| _mm256_set1_pd(v)));
        if rev {
            for v in buf.iter_mut().rev() {
                step(&k, &mut z, v);
            }
        } else {
            for v in buf.iter_mut() {
                step(&k, &mut z, v);
            }
        }
        for s in 0..S {
            store(&mut st[s][0], z[s][0]);
            store(&mut st[s][1], z[s][1]);
        }
    }

    #[target_feature(enable = "avx")]
    fn groups(coefs: &[Coef], state: &mut [[[f64; 4]; 2]], buf: &mut [[f64; 4]], rev: bool) {
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

#[cfg(test)]
mod tests {
    use super::*;
    use ndarray::Array2;

    /// The portable four-lane kernel, the AVX kernel (when present) and the one-lane kernel give
    /// the same bits (the AVX machine running CI would otherwise never run the portable one).
    #[test]
    fn kernels_agree_bit_for_bit() {
        let fs = crate::SampleRate::new(500.0).unwrap();
        let sos =
            crate::filter::preset_sos(crate::filter::Preset::Diagnostic, Some(50.0), fs).unwrap();
        let (coefs, zi, pad) = (
            sos.coefs(),
            crate::filter::sosfilt_zi(&sos),
            crate::filter::padlen(&sos),
        );
        let x = Array2::from_shape_fn((4, 3000), |(k, i)| {
            ((i * (k + 3)) as f32 * 0.013).sin() + k as f32
        });
        let mut portable = x.clone();
        lanes::<4>(
            &coefs,
            &zi,
            pad,
            &mut portable.view_mut(),
            &mut Vec::new(),
            &mut |c, s, b, r| groups(c, s, b, r),
        );
        for k in 0..4 {
            let mut one = x.slice(ndarray::s![k..k + 1, ..]).to_owned();
            lanes::<1>(
                &coefs,
                &zi,
                pad,
                &mut one.view_mut(),
                &mut Vec::new(),
                &mut |c, s, b, r| groups(c, s, b, r),
            );
            assert_eq!(one.row(0), portable.row(k), "lead {k}");
        }
        #[cfg(target_arch = "x86_64")]
        if avx::available() {
            let mut fast = x.clone();
            lanes::<4>(
                &coefs,
                &zi,
                pad,
                &mut fast.view_mut(),
                &mut Vec::new(),
                &mut |c, s, b, r| avx::groups_checked(c, s, b, r),
            );
            assert_eq!(fast, portable);
        }
    }
}
