//! The f64 section recursion, several leads at once in SIMD lanes.
//!
//! The recursion is scipy's direct form II transposed, with the same operation order:
//! `y = b0*x + z0; z0 = b1*x - a1*y + z1; z1 = b2*x - a2*y`. Leads are interleaved four to a
//! `[f64; 4]`, which the compiler keeps in one (AVX) or two (SSE2) vector registers; all
//! sections of a group of up to four run per sample so their recursions overlap in the pipeline.

use ndarray::ArrayViewMut2;

/// Leads processed together.
pub(crate) const LANES: usize = 4;

/// `[b0, b1, b2, a1, a2]` of one section (`a0 = 1`).
pub(crate) type Coef = [f64; 5];

type Lanes = [f64; LANES];

/// Sections run together per sample; more would spill the state registers.
const GROUP: usize = 4;

#[inline(always)]
fn block<const S: usize>(c: &[Coef; S], st: &mut [[Lanes; 2]; S], buf: &mut [Lanes], rev: bool) {
    let mut z = *st;
    let mut step = |v: &mut Lanes| {
        let mut x = *v;
        for s in 0..S {
            let [b0, b1, b2, a1, a2] = c[s];
            for l in 0..LANES {
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
fn cascade(coefs: &[Coef], state: &mut [[Lanes; 2]], buf: &mut [Lanes], rev: bool) {
    for (c, s) in coefs.chunks(GROUP).zip(state.chunks_mut(GROUP)) {
        // Chunk lengths are 1..=GROUP, so exactly one conversion succeeds.
        if let (Ok(c), Ok(s)) = (<&[Coef; 4]>::try_from(c), <&mut [_; 4]>::try_from(&mut *s)) {
            block::<4>(c, s, buf, rev);
        } else if let (Ok(c), Ok(s)) = (<&[Coef; 3]>::try_from(c), <&mut [_; 3]>::try_from(&mut *s))
        {
            block::<3>(c, s, buf, rev);
        } else if let (Ok(c), Ok(s)) = (<&[Coef; 2]>::try_from(c), <&mut [_; 2]>::try_from(&mut *s))
        {
            block::<2>(c, s, buf, rev);
        } else if let (Ok(c), Ok(s)) = (<&[Coef; 1]>::try_from(c), <&mut [_; 1]>::try_from(&mut *s))
        {
            block::<1>(c, s, buf, rev);
        }
    }
}

fn scaled(zi: &[[f64; 2]], x0: Lanes) -> Vec<[Lanes; 2]> {
    zi.iter()
        .map(|z| [x0.map(|v| z[0] * v), x0.map(|v| z[1] * v)])
        .collect()
}

#[inline(always)]
fn forward_backward(coefs: &[Coef], zi: &[[f64; 2]], buf: &mut [Lanes]) {
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
    scratch: &mut Vec<Lanes>,
) {
    let n = rows.ncols();
    let used = rows.nrows().min(LANES);
    scratch.clear();
    scratch.resize(n + 2 * pad, [0.0; LANES]);
    for (l, row) in rows.rows().into_iter().take(used).enumerate() {
        // Odd extension (scipy's odd_ext), computed in f64 from the f32 samples.
        let first = f64::from(row[0]);
        let last = f64::from(row[n - 1]);
        for (j, v) in row.iter().enumerate() {
            scratch[pad + j][l] = f64::from(*v);
        }
        for j in 1..=pad {
            scratch[pad - j][l] = 2.0 * first - f64::from(row[j]);
            scratch[pad + n - 1 + j][l] = 2.0 * last - f64::from(row[n - 1 - j]);
        }
    }
    run(coefs, zi, scratch);
    for (l, mut row) in rows.rows_mut().into_iter().take(used).enumerate() {
        for (j, v) in row.iter_mut().enumerate() {
            *v = scratch[pad + j][l] as f32;
        }
    }
}

fn run(coefs: &[Coef], zi: &[[f64; 2]], buf: &mut [Lanes]) {
    forward_backward(coefs, zi, buf)
}

/// Causal filtering of one lead with carried state (the streaming path).
pub(crate) fn causal_single(coefs: &[Coef], state: &mut [[f64; 2]], x: &[f32], out: &mut [f32]) {
    const CHUNK: usize = 256;
    let mut buf = [[0.0f64; 1]; CHUNK];
    for (xi, yo) in x.chunks(CHUNK).zip(out.chunks_mut(CHUNK)) {
        let b = &mut buf[..xi.len()];
        for (d, s) in b.iter_mut().zip(xi) {
            d[0] = f64::from(*s);
        }
        for (c, s) in coefs.iter().zip(state.iter_mut()) {
            let [b0, b1, b2, a1, a2] = *c;
            let [mut z0, mut z1] = *s;
            for v in b.iter_mut() {
                let x = v[0];
                let y = b0 * x + z0;
                z0 = b1 * x - a1 * y + z1;
                z1 = b2 * x - a2 * y;
                v[0] = y;
            }
            *s = [z0, z1];
        }
        for (o, v) in yo.iter_mut().zip(b.iter()) {
            *o = v[0] as f32;
        }
    }
}
