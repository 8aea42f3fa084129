//! The decoding of signal bytes into physical values (mV) that every read, whole or windowed,
//! goes through: digital-to-physical conversion by table or division, the fused decoder of
//! unskewed signals, and the skewed conversion.

use super::header::SignalSpec;
use super::signal::{self, Format};
use super::unit_scale;
use ndarray::Array2;

/// Digital-to-physical conversion of one signal.
enum Conv {
    /// Narrow formats over long reads: a table gives the same values with no division.
    Table { table: Box<[f32; 4096]>, lo: i32 },
    Divide {
        gain: f64,
        baseline: i64,
        scale: f64,
        invalid: Option<i32>,
    },
}

impl Conv {
    fn new(fmt: Format, spec: &SignalSpec, n: usize) -> Conv {
        let div = Conv::Divide {
            gain: spec.gain,
            baseline: spec.baseline,
            scale: unit_scale(&spec.units),
            invalid: fmt.invalid(),
        };
        let bits = fmt.bits();
        // The 16 kB table pays only over reads several times its size.
        if fmt != Format::Diff8 && bits <= 12 && n > 4 * 4096 {
            let lo = -(1i32 << (bits - 1));
            let mut table = Box::new([f32::NAN; 4096]);
            for (i, v) in table.iter_mut().take(1 << bits).enumerate() {
                *v = div.apply(lo + i as i32);
            }
            Conv::Table { table, lo }
        } else {
            div
        }
    }

    #[inline(always)]
    fn apply(&self, d: i32) -> f32 {
        match self {
            Conv::Table { table, lo } => table[d.wrapping_sub(*lo) as usize & 4095],
            Conv::Divide {
                gain,
                baseline,
                scale,
                invalid,
            } => {
                if Some(d) == *invalid {
                    return f32::NAN;
                }
                // Both within 32 bits (the header parser checks baselines): no overflow.
                let v = (i64::from(d) - baseline) as f64 / gain;
                if *scale == 1.0 {
                    v as f32
                } else {
                    (v * scale) as f32
                }
            }
        }
    }
}

/// Decodes `n` frames of one file's signals (no skew) into their rows of `out`, returning each
/// signal's 16-bit checksum over them. `body` starts on a block boundary, `skip` samples before
/// the first frame. Samples pass through a small frame buffer that stays in cache, so both the
/// decoding loop and the per-signal conversion loops are tight, with no window-sized
/// intermediate buffer; the buffer never exceeds the samples read.
#[allow(clippy::too_many_arguments)]
pub(super) fn decode_fused(
    fmt: Format,
    body: &[u8],
    skip: usize,
    n: usize,
    rows: &[usize],
    specs: &[&SignalSpec],
    initial: &[i64],
    out: &mut Array2<f32>,
) -> Vec<u16> {
    const FRAMES: usize = 3072;
    let nch = rows.len().max(1);
    let mut sums = vec![0u16; nch];
    let convs: Vec<Conv> = specs.iter().map(|s| Conv::new(fmt, s, n)).collect();
    let ncols = out.ncols();
    let Some(flat) = out.as_slice_mut() else {
        return sums;
    };
    // A multiple of 6 frames, so every chunk starts on a 212/310/311 block boundary.
    let chunk = FRAMES * nch;
    let total = n * nch;
    let mut buf = vec![0i32; chunk.min(total) + skip];
    let mut flush = |samples: &[i32], t0: usize, sums: &mut [u16]| {
        let frames = samples.len() / nch;
        for (c, ((&k, conv), sum)) in rows.iter().zip(&convs).zip(sums.iter_mut()).enumerate() {
            let start = k * ncols + t0;
            let Some(row) = flat.get_mut(start..start + frames) else {
                continue;
            };
            let samples = samples.iter().skip(c).step_by(nch);
            let mut s = *sum;
            match conv {
                Conv::Table { table, lo } => {
                    for (o, &d) in row.iter_mut().zip(samples) {
                        s = s.wrapping_add(d as u16);
                        // Masked index: in bounds by construction, so no check in the loop.
                        *o = table[d.wrapping_sub(*lo) as usize & 4095];
                    }
                }
                conv => {
                    for (o, &d) in row.iter_mut().zip(samples) {
                        s = s.wrapping_add(d as u16);
                        *o = conv.apply(d);
                    }
                }
            }
            *sum = s;
        }
    };
    if fmt == Format::Diff8 {
        // Differences carry state from sample to sample: one streaming pass (`skip` is 0:
        // format 8 reads start on the window's first frame).
        let cap = buf.len();
        let (mut len, mut t0) = (0usize, 0usize);
        signal::decode_with(fmt, body, total, initial, |d| {
            if let Some(slot) = buf.get_mut(len) {
                *slot = d;
            }
            len += 1;
            if len == cap {
                flush(&buf[..len], t0, &mut sums);
                t0 += len / nch;
                len = 0;
            }
        });
        if len > 0 {
            flush(&buf[..len], t0, &mut sums);
        }
    } else {
        let (mut start, mut t0) = (0usize, 0usize);
        while start < total {
            let count = (total - start).min(chunk);
            let byte0 = fmt.bytes_for(start as u64).unwrap_or(u64::MAX);
            let bytes = usize::try_from(byte0)
                .ok()
                .and_then(|b| body.get(b..))
                .unwrap_or(&[]);
            if let Some(chunk_buf) = buf.get_mut(..count + skip) {
                signal::decode(fmt, bytes, chunk_buf, initial);
                flush(chunk_buf.get(skip..).unwrap_or(&[]), t0, &mut sums);
            }
            start += count;
            t0 += count / nch;
        }
    }
    sums
}

/// Converts channel `c` of frame-interleaved digital samples (starting at the window's first
/// frame) into physical values in `row`, applying the skew as wfdb-python does: output `t` is
/// stored frame `t + skew`, and the outputs from `valid` on (pushed past the record's end) are
/// NaN. Returns the 16-bit checksum of the samples used.
pub(super) fn convert_skewed(
    digital: &[i32],
    nch: usize,
    c: usize,
    fmt: Format,
    spec: &SignalSpec,
    valid: u64,
    row: &mut [f32],
) -> u16 {
    let n = row.len();
    let valid = usize::try_from(valid).unwrap_or(usize::MAX).min(n);
    let skew = usize::try_from(spec.skew).unwrap_or(usize::MAX);
    let conv = Conv::new(fmt, spec, n);
    let mut sum: u16 = 0;
    let (head, tail) = row.split_at_mut(valid);
    let samples = digital
        .iter()
        .skip(skew.saturating_mul(nch).saturating_add(c))
        .step_by(nch.max(1));
    for (o, &d) in head.iter_mut().zip(samples) {
        sum = sum.wrapping_add(d as u16);
        *o = conv.apply(d);
    }
    tail.fill(f32::NAN);
    sum
}
