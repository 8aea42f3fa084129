//! Beat windows between the record's rate and the canonical rate the wave rules run at.

/// Copies `len` samples of `row` from `start` (which may lie before 0 or run past the end) into
/// `out`, holding the nearest valid sample where the row is missing (outside the record or not
/// finite). Returns how many samples were missing; a window with no valid sample is all zeros.
pub(crate) fn fetch(row: &[f32], start: isize, out: &mut [f32]) -> usize {
    let n = row.len() as isize;
    // The common case: inside the record and all finite.
    if start >= 0 && start + out.len() as isize <= n {
        let src = &row[start as usize..start as usize + out.len()];
        out.copy_from_slice(src);
        if super::kernels::all_finite(out) {
            return 0;
        }
    }
    let mut missing = 0usize;
    let mut last: Option<f32> = None;
    let mut first_gap = 0usize; // leading missing samples, filled once a valid one is seen
    for (k, o) in out.iter_mut().enumerate() {
        let t = start + k as isize;
        let v = if (0..n).contains(&t) {
            row[t as usize]
        } else {
            f32::NAN
        };
        if v.is_finite() {
            if last.is_none() {
                first_gap = k;
            }
            last = Some(v);
            *o = v;
        } else {
            missing += 1;
            *o = last.unwrap_or(0.0);
        }
    }
    match last {
        None => out.iter_mut().for_each(|o| *o = 0.0),
        Some(_) if first_gap > 0 => {
            let v = out[first_gap];
            out[..first_gap].iter_mut().for_each(|o| *o = v);
        }
        _ => {}
    }
    missing
}

/// Resamples `src` (sampled at `fs`, fiducial at index `src_fid`) onto `dst` at `to_hz`, whose
/// fiducial is index `dst_fid`: `dst[u]` is `src` at `src_fid + (u − dst_fid)·fs/to_hz`, by
/// Catmull-Rom cubic interpolation (exact copy when the rates are equal). When `fs` exceeds
/// `to_hz` by half or more, `src` is first averaged over about `fs/to_hz` samples (an odd-width
/// centred box, a low-pass against aliasing), using `scratch`.
pub(crate) fn resample(
    src: &[f32],
    src_fid: usize,
    fs: f64,
    dst: &mut [f32],
    dst_fid: usize,
    to_hz: f64,
    scratch: &mut Vec<f32>,
) {
    let n = src.len();
    if n == 0 {
        dst.iter_mut().for_each(|d| *d = 0.0);
        return;
    }
    let step = fs / to_hz;
    if (step - 1.0).abs() < 1e-9 {
        for (u, d) in dst.iter_mut().enumerate() {
            let t = src_fid as isize + u as isize - dst_fid as isize;
            *d = src[t.clamp(0, n as isize - 1) as usize];
        }
        return;
    }
    let src: &[f32] = if step >= 1.5 {
        // An odd width keeps the average centred.
        let w = ((step / 2.0).floor() as usize) * 2 + 1;
        scratch.clear();
        scratch.resize(n, 0.0);
        // Centred moving average (window w), edges averaged over what exists.
        let half = w / 2;
        let mut acc = 0.0f64;
        let mut cnt = 0usize;
        let (mut lo, mut hi) = (0usize, 0usize); // current window [lo, hi)
        for (t, out) in scratch.iter_mut().enumerate() {
            let want_lo = t.saturating_sub(half);
            let want_hi = (t + w - half).min(n);
            while hi < want_hi {
                acc += src[hi] as f64;
                cnt += 1;
                hi += 1;
            }
            while lo < want_lo {
                acc -= src[lo] as f64;
                cnt -= 1;
                lo += 1;
            }
            *out = (acc / cnt.max(1) as f64) as f32;
        }
        scratch
    } else {
        src
    };
    let at = |i: isize| src[i.clamp(0, n as isize - 1) as usize];
    for (u, d) in dst.iter_mut().enumerate() {
        let p = src_fid as f64 + (u as f64 - dst_fid as f64) * step;
        let i = p.floor();
        let f = (p - i) as f32;
        let i = i as isize;
        let (p0, p1, p2, p3) = (at(i - 1), at(i), at(i + 1), at(i + 2));
        *d = p1
            + 0.5
                * f
                * (p2 - p0
                    + f * (2.0 * p0 - 5.0 * p1 + 4.0 * p2 - p3 + f * (3.0 * (p1 - p2) + p3 - p0)));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fetch_holds_edges_and_counts_missing() {
        let row = [1.0, 2.0, f32::NAN, 4.0];
        let mut out = [0.0; 7];
        let m = fetch(&row, -2, &mut out);
        assert_eq!(out, [1.0, 1.0, 1.0, 2.0, 2.0, 4.0, 4.0]);
        assert_eq!(m, 4);
        let mut out = [9.0; 3];
        assert_eq!(fetch(&[f32::NAN; 2], 0, &mut out), 3);
        assert_eq!(out, [0.0; 3]);
    }

    #[test]
    fn resampling_a_line_is_exact_and_keeps_the_fiducial() {
        let src: Vec<f32> = (0..100).map(|t| t as f32 * 0.5).collect();
        let mut dst = vec![0.0; 40];
        let mut s = Vec::new();
        // 250 Hz → 500 Hz: dst[u] = src at 50 + (u − 20)/2.
        resample(&src, 50, 250.0, &mut dst, 20, 500.0, &mut s);
        for (u, d) in dst.iter().enumerate() {
            let want = (50.0 + (u as f32 - 20.0) / 2.0) * 0.5;
            assert!((d - want).abs() < 1e-4, "{u}: {d} vs {want}");
        }
        // 1000 Hz → 500 Hz averages pairs but keeps a line where it is.
        let mut dst = vec![0.0; 30];
        resample(&src, 50, 1000.0, &mut dst, 15, 500.0, &mut s);
        assert!((dst[15] - 25.0).abs() < 0.3, "{}", dst[15]);
    }
}
