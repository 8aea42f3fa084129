//! Causal filtering chunk by chunk, for signals that arrive while they are recorded.

use super::sos::{Sos, sosfilt_zi};
use super::{FilterError, simd};

/// A causal filter for one lead that carries its state between chunks (scipy's `sosfilt` with
/// `zi`/`zf` threaded through). The output does not depend on how the input is split: each
/// sample goes through the same `f64` operations in the same order whatever the chunk sizes.
///
/// ```
/// use sinus::SampleRate;
/// use sinus::filter::{design::{butter, Band}, StreamingFilter};
/// let sos = butter(2, Band::Highpass(0.67), SampleRate::new(500.0).unwrap()).unwrap();
/// let x: Vec<f32> = (0..1000).map(|i| (i as f32 * 0.01).sin()).collect();
/// let mut whole = vec![0.0; 1000];
/// StreamingFilter::new(&sos).process(&x, &mut whole).unwrap();
/// let mut f = StreamingFilter::new(&sos);
/// let mut parts = vec![0.0; 1000];
/// f.process(&x[..333], &mut parts[..333]).unwrap();
/// f.process(&x[333..], &mut parts[333..]).unwrap();
/// assert_eq!(whole, parts);
/// ```
#[derive(Debug, Clone)]
pub struct StreamingFilter {
    coefs: Vec<simd::Coef>,
    zi: Vec<[f64; 2]>,
    state: Vec<[f64; 2]>,
    started: bool,
    steady: bool,
}

impl StreamingFilter {
    /// A filter starting from rest (zero state), like `scipy.signal.sosfilt(sos, x)`.
    pub fn new(sos: &Sos) -> Self {
        StreamingFilter {
            coefs: sos.coefs(),
            zi: sosfilt_zi(sos),
            state: vec![[0.0; 2]; sos.len()],
            started: false,
            steady: false,
        }
    }

    /// A filter whose state is set, at the first sample it sees, to the steady state for a
    /// constant input equal to that sample (`sosfilt(sos, x, zi=sosfilt_zi(sos) * x[0])`), which
    /// avoids the start-up transient of a high-pass on a signal with an offset.
    pub fn new_steady(sos: &Sos) -> Self {
        StreamingFilter {
            steady: true,
            ..Self::new(sos)
        }
    }

    /// Filters `input` into `out` (same length) and keeps the state for the next chunk.
    ///
    /// Errors, leaving the state untouched: [`FilterError::LengthMismatch`],
    /// [`FilterError::NonFinite`] (lead 0, index within the chunk).
    pub fn process(&mut self, input: &[f32], out: &mut [f32]) -> Result<(), FilterError> {
        if input.len() != out.len() {
            return Err(FilterError::LengthMismatch {
                input: input.len(),
                output: out.len(),
            });
        }
        if let Some(index) = input.iter().position(|v| !v.is_finite()) {
            return Err(FilterError::NonFinite {
                lead: 0,
                index,
                value: input[index],
            });
        }
        if let (false, Some(&x0)) = (self.started, input.first()) {
            self.started = true;
            if self.steady {
                let x0 = f64::from(x0);
                for (s, z) in self.state.iter_mut().zip(&self.zi) {
                    *s = [z[0] * x0, z[1] * x0];
                }
            }
        }
        simd::causal_single(&self.coefs, &mut self.state, input, out);
        Ok(())
    }

    /// Returns to the initial state (as if no sample had been seen).
    pub fn reset(&mut self) {
        self.state.iter_mut().for_each(|s| *s = [0.0; 2]);
        self.started = false;
    }
}
