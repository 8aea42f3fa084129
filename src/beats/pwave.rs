//! The P wave before each beat, against the record's sinus P wave.
//!
//! The stretch before each QRS (from `span` before the end of the atrial segment to that end,
//! 20 ms before the dominant QRS onset), averaged in 10 ms bins and detrended, is compared
//! with the mean of that stretch over the beats of the dominant rhythm that come on time: the
//! best correlation over shifts of −60 to +20 ms (a longer or slightly shorter PR), summed over
//! the two best P leads. A conducted sinus beat scores 0.7–1; a beat without a P wave (a
//! ventricular beat, a junctional beat, atrial fibrillation) or with a different, early P wave
//! hidden in the T wave scores low.

use ndarray::ArrayView2;

/// Bin width (s).
const BIN_S: f64 = 0.01;
/// Shifts searched, in bins (−60 to +20 ms).
const SHIFT_EARLY: usize = 6;
const SHIFT_LATE: usize = 2;

/// Per beat: the P-wave match (correlation with the sinus P template), or None where the
/// stretch cannot be read; and whether a template could be made at all.
pub(crate) struct PMatch {
    pub per_beat: Vec<Option<f64>>,
    pub has_template: bool,
}

fn binned(row: &[f32], start: usize, bins: usize, bin: usize, out: &mut Vec<f64>) -> bool {
    out.clear();
    for b in 0..bins {
        let a = start + b * bin;
        let Some(seg) = row.get(a..a + bin) else {
            return false;
        };
        let m = seg.iter().map(|&x| f64::from(x)).sum::<f64>() / bin as f64;
        if !m.is_finite() {
            return false;
        }
        out.push(m);
    }
    // Detrend by the line through the two end bins.
    let n = out.len();
    if n < 3 {
        return false;
    }
    let (l0, l1) = (out[0], out[n - 1]);
    for (i, x) in out.iter_mut().enumerate() {
        *x -= l0 + (l1 - l0) * i as f64 / (n - 1) as f64;
    }
    true
}

fn corr(a: &[f64], b: &[f64]) -> f64 {
    let n = a.len().min(b.len());
    if n < 3 {
        return 0.0;
    }
    let ma = a[..n].iter().sum::<f64>() / n as f64;
    let mb = b[..n].iter().sum::<f64>() / n as f64;
    let (mut sab, mut saa, mut sbb) = (0.0, 0.0, 0.0);
    for (x, y) in a[..n].iter().zip(&b[..n]) {
        sab += (x - ma) * (y - mb);
        saa += (x - ma).powi(2);
        sbb += (y - mb).powi(2);
    }
    if saa <= 0.0 || sbb <= 0.0 {
        0.0
    } else {
        sab / (saa * sbb).sqrt()
    }
}

/// The P-wave match of every beat. `end_s`: the atrial stretch ends this long before the
/// fiducial; `span_s`: its length; `template[i]`: beat i goes into the template; `leads`: P
/// leads, best first (the first two readable are used).
pub(crate) fn p_match(
    signals: ArrayView2<'_, f32>,
    fs: f64,
    beats: &[usize],
    leads: &[usize],
    end_s: f64,
    span_s: f64,
    template: &[bool],
) -> PMatch {
    let nb = beats.len();
    let none = PMatch {
        per_beat: vec![None; nb],
        has_template: false,
    };
    let bin = ((BIN_S * fs).round() as usize).max(1);
    let bins = (span_s / BIN_S).round() as usize;
    let end = (end_s * fs).round() as usize;
    if bins < 6 || nb < 3 {
        return none;
    }
    let back = bins * bin + end + SHIFT_EARLY * bin;
    // The rows as slices (copied only when the array is not in standard layout).
    let owned: Vec<Vec<f32>>;
    let rows: Vec<&[f32]> = {
        let picked: Vec<usize> = leads
            .iter()
            .copied()
            .filter(|&k| k < signals.nrows())
            .take(2)
            .collect();
        let direct: Option<Vec<&[f32]>> =
            picked.iter().map(|&k| signals.row(k).to_slice()).collect();
        match direct {
            Some(d) => d,
            None => {
                owned = picked
                    .iter()
                    .map(|&k| signals.row(k).iter().copied().collect())
                    .collect();
                owned.iter().map(|v| v.as_slice()).collect()
            }
        }
    };
    if rows.is_empty() {
        return none;
    }
    let mut seg = Vec::new();
    // Template per lead.
    let mut templ: Vec<Vec<f64>> = vec![vec![0.0; bins]; rows.len()];
    let mut count = 0usize;
    for (i, &r) in beats.iter().enumerate() {
        if !template.get(i).copied().unwrap_or(false) || r < back {
            continue;
        }
        let start = r - end - bins * bin;
        let mut parts: Vec<Vec<f64>> = Vec::with_capacity(rows.len());
        for row in &rows {
            if !binned(row, start, bins, bin, &mut seg) {
                break;
            }
            parts.push(seg.clone());
        }
        if parts.len() != rows.len() {
            continue;
        }
        for (t, p) in templ.iter_mut().zip(&parts) {
            for (a, b) in t.iter_mut().zip(p) {
                *a += b;
            }
        }
        count += 1;
    }
    if count < 3 {
        return none;
    }
    for t in &mut templ {
        t.iter_mut().for_each(|a| *a /= count as f64);
    }
    let flat: Vec<f64> = templ.concat();
    let mut per_beat = vec![None; nb];
    let mut cand: Vec<f64> = Vec::with_capacity(flat.len());
    let total = bins + SHIFT_EARLY + SHIFT_LATE;
    // Per lead, the bins of the whole stretch searched (every shift is a whole number of
    // bins), made once per beat.
    let mut ext: Vec<Vec<f64>> = vec![Vec::with_capacity(total); rows.len()];
    for (i, &r) in beats.iter().enumerate() {
        if r < back {
            continue;
        }
        let Some(start) = (r - end - bins * bin).checked_sub(SHIFT_EARLY * bin) else {
            continue;
        };
        if start + total * bin > r + SHIFT_LATE * bin {
            continue;
        }
        let mut ok = true;
        for (row, e) in rows.iter().zip(ext.iter_mut()) {
            e.clear();
            for b in 0..total {
                let a = start + b * bin;
                let Some(seg) = row.get(a..a + bin) else {
                    ok = false;
                    break;
                };
                let m = seg.iter().map(|&x| f64::from(x)).sum::<f64>() / bin as f64;
                ok &= m.is_finite();
                e.push(m);
            }
            if !ok {
                break;
            }
        }
        if !ok {
            continue;
        }
        let mut best: Option<f64> = None;
        for sh in 0..=(SHIFT_EARLY + SHIFT_LATE) {
            // sh = 0: 60 ms earlier; sh = SHIFT_EARLY: no shift.
            cand.clear();
            for e in &ext {
                let part = &e[sh..sh + bins];
                let (l0, l1) = (part[0], part[bins - 1]);
                cand.extend(
                    part.iter()
                        .enumerate()
                        .map(|(k, x)| x - (l0 + (l1 - l0) * k as f64 / (bins - 1) as f64)),
                );
            }
            let c = corr(&cand, &flat);
            if best.is_none_or(|b| c > b) {
                best = Some(c);
            }
        }
        per_beat[i] = best;
    }
    PMatch {
        per_beat,
        has_template: true,
    }
}
