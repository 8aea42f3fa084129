//! Whether an irregular RR series is *irregularly* irregular: atrial fibrillation conducts at
//! random intervals, while sinus rhythm with premature beats and pauses keeps a base cycle that
//! every interval relates to (a premature beat's short coupling interval followed by a longer
//! one that together span about two cycles, a pause of sinus arrest or a blocked premature
//! beat). The figure is the share of intervals that such a pattern does not explain.
//!
//! ```
//! use sinus::rhythm::rr_pattern::unexplained_fraction;
//! let limits = (0.10, 1.5, (1.6, 2.3));
//! // Sinus at 700 ms with two long pauses (sinus arrest) and a premature beat: all explained.
//! let sinus = [700.0, 720.0, 1830.0, 680.0, 450.0, 950.0, 710.0, 1860.0, 690.0];
//! assert_eq!(unexplained_fraction(&sinus, limits.0, limits.1, limits.2), Some(0.0));
//! // Fibrillation: intervals scattered between 450 and 1100 ms.
//! let af = [620.0, 910.0, 480.0, 760.0, 1050.0, 560.0, 840.0, 700.0, 990.0];
//! assert!(unexplained_fraction(&af, limits.0, limits.1, limits.2).unwrap() > 0.3);
//! ```

/// The share of the RR intervals `rr_ms` (ms, in order; non-finite ones are skipped) that are
/// neither within `tolerance` (a fraction) of the base cycle, nor at least `pause_ratio` times
/// it (a pause), nor a short interval (under the base cycle by more than `tolerance`) followed
/// by a long one (over it by more than `tolerance`: a premature beat and the pause after it)
/// that together span `pair_cycles` (least, most) base cycles, nor that long one. The base cycle is the interval with the most others within `tolerance`
/// of it (the shortest of equals). None with fewer than four intervals.
pub fn unexplained_fraction(
    rr_ms: &[f64],
    tolerance: f64,
    pause_ratio: f64,
    pair_cycles: (f64, f64),
) -> Option<f64> {
    let rr: Vec<f64> = rr_ms
        .iter()
        .copied()
        .filter(|r| r.is_finite() && *r > 0.0)
        .collect();
    if rr.len() < 4 {
        return None;
    }
    let mut sorted = rr.clone();
    sorted.sort_by(f64::total_cmp);
    // The base cycle: the most populous ±tolerance neighbourhood, in O(n log n).
    let mut base = sorted[0];
    let mut most = 0usize;
    for &c in &sorted {
        let lo = sorted.partition_point(|&r| r < c * (1.0 - tolerance));
        let hi = sorted.partition_point(|&r| r <= c * (1.0 + tolerance));
        if hi - lo > most {
            most = hi - lo;
            base = c;
        }
    }
    let short = base * (1.0 - tolerance);
    let long = base * (1.0 + tolerance);
    let mut explained: Vec<bool> = rr
        .iter()
        .map(|&r| (short..=long).contains(&r) || r >= pause_ratio * base)
        .collect();
    for j in 1..rr.len() {
        let span = (rr[j - 1] + rr[j]) / base;
        if rr[j - 1] < short && rr[j] > long && span >= pair_cycles.0 && span <= pair_cycles.1 {
            explained[j - 1] = true;
            explained[j] = true;
        }
    }
    let unexplained = explained.iter().filter(|e| !**e).count();
    Some(unexplained as f64 / rr.len() as f64)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn u(rr: &[f64]) -> Option<f64> {
        unexplained_fraction(rr, 0.1, 1.5, (1.6, 2.3))
    }

    #[test]
    fn pattern_and_scatter() {
        assert_eq!(u(&[800.0; 3]), None);
        assert_eq!(u(&[800.0; 6]), Some(0.0));
        // Ventricular bigeminy: short-long pairs.
        let big = [500.0, 1100.0, 510.0, 1090.0, 505.0, 1095.0];
        assert_eq!(u(&big), Some(0.0));
        // Premature beats with a full compensatory pause amid sinus at 800 ms.
        let pvc = [800.0, 810.0, 480.0, 1120.0, 790.0, 805.0, 500.0, 1100.0];
        assert_eq!(u(&pvc), Some(0.0));
        // One interval 25 % long without a premature beat before it is not explained.
        let odd = [800.0, 810.0, 1000.0, 790.0, 805.0];
        assert_eq!(u(&odd), Some(0.2));
        // A short-long pair spanning 2.35 base cycles (790 ms), the long one no pause (< 1.5
        // cycles), is no premature beat's.
        let wide = [800.0, 810.0, 700.0, 1160.0, 790.0, 805.0];
        assert_eq!(u(&wide), Some(2.0 / 6.0));
        // NaN (a gap) is skipped, never a panic.
        let gap = [800.0, f64::NAN, 810.0, 790.0, 805.0];
        assert_eq!(u(&gap), Some(0.0));
    }
}
