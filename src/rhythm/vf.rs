//! Ventricular flutter and fibrillation: a large, continuous, nearly sinusoidal oscillation
//! with no discrete QRS, read by the *VF filter leakage* of Kuo & Dillman (Computers in
//! Cardiology 1978; evaluated by Amann, Tratnig & Unterkofler, Biomed Eng Online 2005;4:60).
//!
//! The signal, band-limited to about 1.5–35 Hz, has half its mean period `T` estimated as
//! π·Σ|x| / Σ|Δx| (exact for a sinusoid); adding the
//! signal to itself delayed by half a period cancels a sinusoid of that period, so the leakage
//! Σ|x[i] + x[i − T/2]| / Σ(|x[i]| + |x[i − T/2]|) is small for ventricular flutter and
//! fibrillation and large for the spiky, broadband signal of organised QRS complexes.

use ndarray::ArrayView2;

/// The leakage of one lead (0–1; None when the lead is flat, too short or has missing samples).
pub fn leakage(x: &[f32], fs: f64) -> Option<f64> {
    let n = x.len();
    if n < 16 || !(fs.is_finite() && fs > 0.0) || x.iter().any(|v| !v.is_finite()) {
        return None;
    }
    // Band-limit as the method expects (about 1.5–35 Hz): the signal minus its 250 ms moving
    // mean (baseline wander), then a 15 ms moving mean (muscle noise).
    let box_mean = |v: &[f64], w: usize| -> Vec<f64> {
        let w = w.max(1);
        let mut c = vec![0.0; v.len() + 1];
        for (i, x) in v.iter().enumerate() {
            c[i + 1] = c[i] + x;
        }
        (0..v.len())
            .map(|i| {
                let a = i.saturating_sub(w / 2);
                let b = (i + w / 2 + 1).min(v.len());
                (c[b] - c[a]) / (b - a) as f64
            })
            .collect()
    };
    let raw: Vec<f64> = x.iter().map(|&v| f64::from(v)).collect();
    let base = box_mean(&raw, (0.25 * fs).round() as usize);
    let hp: Vec<f64> = raw.iter().zip(&base).map(|(a, b)| a - b).collect();
    let d = box_mean(&hp, (0.015 * fs).round() as usize);
    let s_abs: f64 = d.iter().map(|v| v.abs()).sum();
    let s_diff: f64 = d.windows(2).map(|w| (w[1] - w[0]).abs()).sum();
    if s_abs <= 0.0 || s_diff <= 0.0 {
        return None;
    }
    // π·Σ|x| / Σ|Δx| is already half the period (a sinusoid of amplitude A and period P has
    // Σ|x| = 2AN/π and Σ|Δx| = 4AN/P over N samples): the delay of Kuo & Dillman's filter.
    let half = (std::f64::consts::PI * s_abs / s_diff).round() as usize;
    if half == 0 || half >= n / 2 {
        return None;
    }
    let (mut num, mut den) = (0.0, 0.0);
    for i in half..n {
        num += (d[i] + d[i - half]).abs();
        den += d[i].abs() + d[i - half].abs();
    }
    (den > 0.0).then(|| num / den)
}

/// The largest leakage and smallest peak-to-peak amplitude (mV) over the rows `leads` of
/// `signals`: VF needs every lead read to leak little and to oscillate widely.
pub fn worst_lead(signals: ArrayView2<'_, f32>, fs: f64, leads: &[usize]) -> Option<(f64, f64)> {
    let mut worst: Option<(f64, f64)> = None;
    for &k in leads {
        if k >= signals.nrows() {
            continue;
        }
        let row: Vec<f32> = signals.row(k).iter().copied().collect();
        let Some(l) = leakage(&row, fs) else { continue };
        let (lo, hi) = row
            .iter()
            .fold((f32::INFINITY, f32::NEG_INFINITY), |(a, b), &v| {
                (a.min(v), b.max(v))
            });
        let p2p = f64::from(hi - lo);
        worst = Some(match worst {
            None => (l, p2p),
            Some((wl, wp)) => (wl.max(l), wp.min(p2p)),
        });
    }
    worst
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sine_leaks_little_qrs_train_a_lot() {
        let fs = 250.0;
        let vf: Vec<f32> = (0..2500)
            .map(|i| (1.0 * (i as f64 / fs * 4.5 * std::f64::consts::TAU).sin()) as f32)
            .collect();
        let l = leakage(&vf, fs).unwrap();
        assert!(l < 0.3, "{l}");
        let mut qrs = vec![0f32; 2500];
        for b in (100..2500).step_by(200) {
            for (k, v) in [0.2f32, 1.0, 0.3, -0.2].iter().enumerate() {
                qrs[b + k] = *v;
            }
        }
        let l = leakage(&qrs, fs).unwrap();
        assert!(l > 0.6, "{l}");
        assert!(leakage(&[0.0; 100], fs).is_none());
    }
}
