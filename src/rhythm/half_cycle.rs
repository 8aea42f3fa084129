//! Atrial flutter with 2:1 conduction: F waves at exactly half the RR interval.
//!
//! At 2:1 one F wave falls midway between the QRS complexes and the other inside the QRS or
//! the T wave, so the flutter detector's "locked" reading (F waves dividing the RR interval
//! into N ≥ 4 cycles, [`crate::atrial`]) cannot tell it from the P and T waves of a sinus
//! tachycardia, which also repeat once per cycle. What differs is the shape of the two halves
//! of the cycle: in 2:1 flutter the atrial signal repeats every half cycle, so the average
//! beat (QRS blanked) correlates with itself shifted by half the RR interval; in sinus
//! tachycardia the half before the QRS holds a P wave and the half after it a T wave of
//! another shape and, in V1, usually of opposite polarity.
//!
//! The test is read in V1, where flutter waves are discrete and the T wave small, and must be
//! confirmed in an inferior lead (II, III, aVF), where the sawtooth is. LUDB 35 (2:1 flutter at
//! 132 bpm) scores 0.98 in V1 and 0.88 in III; the sinus tachycardias of LUDB and CinC 2020 at
//! 105–155 bpm score −0.98 to 0.66 in V1.

use ndarray::ArrayView2;

/// The half-cycle correlation of each lead asked for: the average beat over one RR interval
/// from the fiducial, QRS blanked (`blank_s` after the fiducial and before the next), against
/// itself shifted by half the interval. None for a lead with missing samples or too few
/// beats.
pub fn half_cycle_correlation(
    signals: ArrayView2<'_, f32>,
    fs: f64,
    beats: &[usize],
    rows: &[usize],
    blank_s: f64,
) -> Vec<Option<f64>> {
    let mut rr: Vec<usize> = beats.windows(2).map(|w| w[1] - w[0]).collect();
    if rr.len() < 4 || !(fs.is_finite() && fs > 0.0) {
        return vec![None; rows.len()];
    }
    rr.sort_unstable();
    let cycle = rr[rr.len() / 2];
    let half = cycle / 2;
    let blank = (blank_s * fs).round() as usize;
    if cycle < 8 || 2 * blank + 4 >= cycle {
        return vec![None; rows.len()];
    }
    let n = signals.ncols();
    rows.iter()
        .map(|&k| {
            if k >= signals.nrows() {
                return None;
            }
            let row = signals.row(k);
            let mut avg = vec![0f64; cycle];
            let mut count = 0usize;
            for &b in beats {
                if b + cycle > n {
                    continue;
                }
                let seg = row.slice(ndarray::s![b..b + cycle]);
                if seg.iter().any(|v| !v.is_finite()) {
                    continue;
                }
                for (a, &v) in avg.iter_mut().zip(seg.iter()) {
                    *a += f64::from(v);
                }
                count += 1;
            }
            if count < 4 {
                return None;
            }
            let valid = |t: usize| t > blank && t + blank < cycle;
            let (mut xs, mut ys) = (Vec::new(), Vec::new());
            for t in 0..cycle {
                let u = (t + half) % cycle;
                if t < u && valid(t) && valid(u) {
                    xs.push(avg[t]);
                    ys.push(avg[u]);
                }
            }
            let m = xs.len() as f64;
            if m < 4.0 {
                return None;
            }
            let (mx, my) = (xs.iter().sum::<f64>() / m, ys.iter().sum::<f64>() / m);
            let (mut sxy, mut sxx, mut syy) = (0.0, 0.0, 0.0);
            for (x, y) in xs.iter().zip(&ys) {
                sxy += (x - mx) * (y - my);
                sxx += (x - mx).powi(2);
                syy += (y - my).powi(2);
            }
            (sxx > 0.0 && syy > 0.0).then(|| sxy / (sxx * syy).sqrt())
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use ndarray::Array2;

    #[test]
    fn flutter_halves_alike_sinus_halves_not() {
        let fs = 500.0;
        let n = 5000;
        let rr = 440usize; // 136 bpm
        let beats: Vec<usize> = (0..11).map(|k| 20 + k * rr).collect();
        let mut fl = Array2::<f32>::zeros((1, n));
        let mut st = Array2::<f32>::zeros((1, n));
        for t in 0..n {
            // F waves every half cycle.
            let ph = (t % (rr / 2)) as f32 / (rr / 2) as f32;
            fl[[0, t]] = 0.15 * (ph * std::f32::consts::TAU).sin();
        }
        for &b in &beats {
            for d in 0..rr {
                let t = b + d;
                if t >= n {
                    break;
                }
                let x = d as f32 / fs as f32;
                // T wave at +200 ms (broad, negative), P wave at +340 ms (narrow, positive).
                st[[0, t]] = -0.2 * (-((x - 0.2) / 0.05).powi(2)).exp()
                    + 0.1 * (-((x - 0.34) / 0.02).powi(2)).exp();
            }
        }
        let f = half_cycle_correlation(fl.view(), fs, &beats, &[0], 0.06)[0].unwrap();
        let s = half_cycle_correlation(st.view(), fs, &beats, &[0], 0.06)[0].unwrap();
        assert!(f > 0.9, "{f}");
        assert!(s < 0.3, "{s}");
        assert_eq!(
            half_cycle_correlation(fl.view(), fs, &beats[..3], &[0], 0.06),
            vec![None]
        );
    }
}
