//! Second-order sections and zero-phase filtering equal to `scipy.signal.sosfiltfilt`.

use super::FilterError;
use super::simd::{self, Coef};
use ndarray::ArrayViewMut2;

/// A cascade of second-order sections in `f64`, one row `[b0, b1, b2, a0, a1, a2]` per section
/// with `a0 = 1`, applied first to last (scipy's `sos` layout).
///
/// ```
/// use sinus::filter::Sos;
/// let s = Sos::new(vec![[0.5, 0.5, 0.0, 1.0, 0.0, 0.0]]).unwrap();
/// let both = Sos::cascade(&[s.clone(), s]);
/// assert_eq!(both.len(), 2);
/// assert!(Sos::new(vec![[1.0, 0.0, 0.0, 2.0, 0.0, 0.0]]).is_err()); // a0 must be 1
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Sos {
    sections: Vec<[f64; 6]>,
}

impl Sos {
    /// Checked sections: at least one, all finite, each with `a0 == 1`.
    pub fn new(sections: Vec<[f64; 6]>) -> Result<Self, FilterError> {
        if sections.is_empty() {
            return Err(FilterError::InvalidSos {
                section: 0,
                reason: "no sections",
            });
        }
        for (i, s) in sections.iter().enumerate() {
            if s.iter().any(|c| !c.is_finite()) {
                return Err(FilterError::InvalidSos {
                    section: i,
                    reason: "non-finite coefficient",
                });
            }
            if s[3] != 1.0 {
                return Err(FilterError::InvalidSos {
                    section: i,
                    reason: "a0 is not 1",
                });
            }
        }
        Ok(Sos { sections })
    }

    /// The sections, scipy layout.
    pub fn sections(&self) -> &[[f64; 6]] {
        &self.sections
    }

    /// Number of sections (always ≥ 1).
    pub fn len(&self) -> usize {
        self.sections.len()
    }

    /// Always false: a `Sos` has at least one section.
    pub fn is_empty(&self) -> bool {
        self.sections.is_empty()
    }

    /// The cascade of `parts` in order (scipy's `np.vstack`); the identity section if empty.
    pub fn cascade(parts: &[Sos]) -> Sos {
        let sections: Vec<[f64; 6]> = parts.iter().flat_map(|s| s.sections.clone()).collect();
        if sections.is_empty() {
            return Sos {
                sections: vec![[1.0, 0.0, 0.0, 1.0, 0.0, 0.0]],
            };
        }
        Sos { sections }
    }

    pub(crate) fn coefs(&self) -> Vec<Coef> {
        self.sections
            .iter()
            .map(|s| [s[0], s[1], s[2], s[4], s[5]])
            .collect()
    }
}

/// scipy's default `padlen` for `sosfiltfilt`:
/// `3 * (2*n + 1 - min((sos[:,2]==0).sum(), (sos[:,5]==0).sum()))`.
pub fn padlen(sos: &Sos) -> usize {
    let b2 = sos.sections.iter().filter(|s| s[2] == 0.0).count();
    let a2 = sos.sections.iter().filter(|s| s[5] == 0.0).count();
    3 * (2 * sos.len() + 1 - b2.min(a2))
}

/// Steady-state initial conditions of the cascade for a unit step, as `scipy.signal.sosfilt_zi`.
pub fn sosfilt_zi(sos: &Sos) -> Vec<[f64; 2]> {
    let mut scale = 1.0;
    sos.sections
        .iter()
        .map(|s| {
            let [b0, b1, b2, _, a1, a2] = *s;
            // lfilter_zi: solve (I - A^T) zi = b[1:] - a[1:] b0 for the 2x2 companion system.
            let (r0, r1) = (b1 - a1 * b0, b2 - a2 * b0);
            let z0 = (r0 + r1) / (1.0 + a1 + a2);
            let z1 = r1 - a2 * z0;
            let zi = [scale * z0, scale * z1];
            scale *= (b0 + b1 + b2) / (1.0 + a1 + a2);
            zi
        })
        .collect()
}

fn check_finite(lead: usize, x: &[f32]) -> Result<(), FilterError> {
    match x.iter().position(|v| !v.is_finite()) {
        Some(index) => Err(FilterError::NonFinite {
            lead,
            index,
            value: x[index],
        }),
        None => Ok(()),
    }
}

/// Zero-phase filtering of one lead, equal to `scipy.signal.sosfiltfilt(sos, x)` with its
/// defaults (odd extension of [`padlen`] samples, initial state from [`sosfilt_zi`]).
/// The recursion runs in `f64`; the result is rounded to `f32`.
///
/// Errors: [`FilterError::NonFinite`] (lead 0), [`FilterError::TooShort`] when
/// `x.len() <= padlen`.
///
/// ```
/// use sinus::SampleRate;
/// use sinus::filter::{design::{butter, Band}, sosfiltfilt};
/// let sos = butter(2, Band::Lowpass(40.0), SampleRate::new(500.0).unwrap()).unwrap();
/// let y = sosfiltfilt(&sos, &[1.0; 100]).unwrap();
/// assert!(y.iter().all(|v| (v - 1.0).abs() < 1e-6)); // DC passes unchanged
/// ```
pub fn sosfiltfilt(sos: &Sos, x: &[f32]) -> Result<Vec<f32>, FilterError> {
    let mut y = x.to_vec();
    let n = y.len();
    let view = ArrayViewMut2::from_shape((1, n), &mut y).map_err(|_| FilterError::TooShort {
        len: n,
        padlen: padlen(sos),
    })?;
    sosfiltfilt_rows(sos, view)?;
    Ok(y)
}

/// Zero-phase filtering of every row (lead) of `signals` in place, as [`sosfiltfilt`] per row.
///
/// Leads are filtered four at a time in SIMD lanes. Nothing is written unless every sample is
/// finite and the rows are longer than [`padlen`]. Allocates one scratch buffer per call.
pub fn sosfiltfilt_rows(sos: &Sos, signals: ArrayViewMut2<'_, f32>) -> Result<(), FilterError> {
    let pad = padlen(sos);
    let n = signals.ncols();
    if signals.nrows() == 0 {
        return Ok(());
    }
    if n <= pad {
        return Err(FilterError::TooShort {
            len: n,
            padlen: pad,
        });
    }
    check_rows_finite(signals.view())?;
    filtfilt_rows_checked(sos, signals);
    Ok(())
}

/// The first non-finite sample of `signals`, as an error.
pub(crate) fn check_rows_finite(signals: ndarray::ArrayView2<'_, f32>) -> Result<(), FilterError> {
    for (k, row) in signals.rows().into_iter().enumerate() {
        match row.as_slice() {
            Some(s) => check_finite(k, s)?,
            None => check_finite(k, &row.to_vec())?,
        }
    }
    Ok(())
}

/// [`sosfiltfilt_rows`] once the rows are known finite and longer than the padding.
pub(crate) fn filtfilt_rows_checked(sos: &Sos, mut signals: ArrayViewMut2<'_, f32>) {
    let pad = padlen(sos);
    if signals.ncols() <= pad {
        return; // callers report TooShort first; never index past a short row
    }
    let coefs = sos.coefs();
    let zi = sosfilt_zi(sos);
    let mut scratch = simd::Scratch::default();
    let rows = signals.nrows();
    let mut k = 0;
    while k < rows {
        let take = (rows - k).min(simd::LANES);
        let mut block = signals.slice_mut(ndarray::s![k..k + take, ..]);
        simd::filtfilt_block(&coefs, &zi, pad, &mut block, &mut scratch);
        k += take;
    }
}
