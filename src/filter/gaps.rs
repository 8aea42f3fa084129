//! Gaps (NaN or infinite samples) bridged for the zero-phase filters and put back afterwards.
//!
//! A recursive filter spreads one NaN over the rest of a lead (and, run backwards, over all of
//! it). Conditioning therefore draws a straight line across each run of missing samples between
//! the finite samples either side (the nearest finite sample is held at a lead's ends; a lead
//! with no finite sample is filtered as zeros), filters, and marks the run missing again. The
//! filtered samples next to a gap are those of the bridged signal; the gap itself stays NaN for
//! the later stages (which treat NaN as missing) and the quality stage has flagged the lead.

use ndarray::ArrayViewMut2;

/// The runs of non-finite samples of a signal array: `(row, start, end)`, `end` exclusive.
#[derive(Debug, Default)]
pub(crate) struct Gaps(Vec<(usize, usize, usize)>);

impl Gaps {
    /// True when there was no gap.
    #[cfg(test)]
    pub(crate) fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

/// Bridges every run of non-finite samples of every row (see the module docs) and returns the
/// runs. A row without gaps is only read.
pub(crate) fn bridge(mut signals: ArrayViewMut2<'_, f32>) -> Gaps {
    let mut gaps = Vec::new();
    let mut scratch = Vec::new();
    for (k, mut row) in signals.rows_mut().into_iter().enumerate() {
        if row.iter().all(|v| v.is_finite()) {
            continue;
        }
        let start = gaps.len();
        match row.as_slice_mut() {
            Some(x) => bridge_row(k, x, &mut gaps),
            None => {
                scratch.clear();
                scratch.extend(row.iter().copied());
                bridge_row(k, &mut scratch, &mut gaps);
                row.iter_mut().zip(&scratch).for_each(|(o, &v)| *o = v);
            }
        }
        debug_assert!(gaps.len() > start);
    }
    Gaps(gaps)
}

fn bridge_row(k: usize, x: &mut [f32], gaps: &mut Vec<(usize, usize, usize)>) {
    let n = x.len();
    let mut i = 0;
    while i < n {
        if x.get(i).is_some_and(|v| v.is_finite()) {
            i += 1;
            continue;
        }
        let a = i;
        while x.get(i).is_some_and(|v| !v.is_finite()) {
            i += 1;
        }
        let before = a.checked_sub(1).and_then(|j| x.get(j)).copied();
        let after = x.get(i).copied();
        let len = (i - a) as f32;
        if let Some(run) = x.get_mut(a..i) {
            for (j, v) in run.iter_mut().enumerate() {
                *v = match (before, after) {
                    (Some(p), Some(q)) => p + (q - p) * (j as f32 + 1.0) / (len + 1.0),
                    (Some(p), None) => p,
                    (None, Some(q)) => q,
                    (None, None) => 0.0,
                };
            }
        }
        gaps.push((k, a, i));
    }
}

/// Marks the runs of `gaps` missing (NaN) again.
pub(crate) fn restore(mut signals: ArrayViewMut2<'_, f32>, gaps: &Gaps) {
    for &(k, a, b) in &gaps.0 {
        if k < signals.nrows() {
            let mut row = signals.row_mut(k);
            for t in a..b.min(row.len()) {
                row[t] = f32::NAN;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ndarray::array;

    #[test]
    fn runs_are_bridged_and_restored() {
        let nan = f32::NAN;
        let mut x = array![
            [nan, 1.0, nan, nan, 4.0, nan],
            [0.0, 1.0, 2.0, 3.0, 4.0, 5.0],
            [nan, nan, nan, nan, nan, nan]
        ];
        let gaps = bridge(x.view_mut());
        assert_eq!(x.row(0).to_vec(), vec![1.0, 1.0, 2.0, 3.0, 4.0, 4.0]);
        assert_eq!(x.row(1).to_vec(), vec![0.0, 1.0, 2.0, 3.0, 4.0, 5.0]);
        assert!(x.row(2).iter().all(|&v| v == 0.0));
        assert_eq!(gaps.0, vec![(0, 0, 1), (0, 2, 4), (0, 5, 6), (2, 0, 6)]);
        restore(x.view_mut(), &gaps);
        let r0: Vec<bool> = x.row(0).iter().map(|v| v.is_nan()).collect();
        assert_eq!(r0, vec![true, false, true, true, false, true]);
        assert!(x.row(1).iter().all(|v| v.is_finite()));
        assert!(x.row(2).iter().all(|v| v.is_nan()));
    }

    #[test]
    fn infinities_are_gaps_too() {
        let mut x = array![[0.0f32, f32::INFINITY, 2.0]];
        let gaps = bridge(x.view_mut());
        assert_eq!(x.row(0).to_vec(), vec![0.0, 1.0, 2.0]);
        assert!(!gaps.is_empty());
    }
}
