//! The monitor's filter stage: scipy-exact second-order sections run by the `biquad` crate.

use crate::filter::{FilterError, Sos, sosfilt_zi};
use biquad::{Biquad, Coefficients, DirectForm2Transposed};

/// A causal filter for one lead: the sections of a [`Sos`] (designed as `scipy.signal` designs
/// them, see [`crate::filter::design`]) loaded into `biquad`'s direct form II transposed in
/// `f64`, run one sample at a time through the whole cascade.
///
/// The coefficients are written into `biquad::Coefficients` directly: `biquad`'s own designs
/// are not used (its notch is not scipy's `iirnotch`). The state is set, at the first finite
/// sample, to the steady state for a constant input equal to that sample, so a high-pass on a
/// signal with an offset starts without a transient. The output equals
/// [`StreamingFilter::new_steady`](crate::filter::StreamingFilter::new_steady) bit for bit on
/// finite input, whatever the chunking.
///
/// A NaN or infinite sample gives a NaN output at that position (a gap to draw), while the
/// filter runs on the last finite sample, so one bad sample does not poison the state.
///
/// ```
/// use sinus::SampleRate;
/// use sinus::filter::{preset_sos, Preset, StreamingFilter};
/// use sinus::monitor::Cascade;
/// let sos = preset_sos(Preset::Monitoring, Some(50.0), SampleRate::new(500.0).unwrap()).unwrap();
/// let x: Vec<f32> = (0..2000).map(|i| 0.3 + (i as f32 * 0.05).sin()).collect();
/// let (mut a, mut b) = (vec![0.0; 2000], vec![0.0; 2000]);
/// let mut c = Cascade::new(&sos);
/// c.process(&x[..700], &mut a[..700]).unwrap();
/// c.process(&x[700..], &mut a[700..]).unwrap();
/// StreamingFilter::new_steady(&sos).process(&x, &mut b).unwrap();
/// assert_eq!(a, b);
/// ```
#[derive(Debug, Clone)]
pub struct Cascade {
    sections: Vec<DirectForm2Transposed<f64>>,
    zi: Vec<[f64; 2]>,
    /// The last finite input, once one has been seen.
    last: Option<f64>,
}

impl Cascade {
    /// A cascade of `sos`'s sections, at rest until its first finite sample.
    pub fn new(sos: &Sos) -> Cascade {
        let sections = sos
            .sections()
            .iter()
            .map(|&[b0, b1, b2, _, a1, a2]| {
                DirectForm2Transposed::<f64>::new(Coefficients { a1, a2, b0, b1, b2 })
            })
            .collect();
        Cascade {
            sections,
            zi: sosfilt_zi(sos),
            last: None,
        }
    }

    /// Filters `input` into `out` (same length) and keeps the state for the next chunk.
    ///
    /// Errors: [`FilterError::LengthMismatch`], before touching the state.
    pub fn process(&mut self, input: &[f32], out: &mut [f32]) -> Result<(), FilterError> {
        if input.len() != out.len() {
            return Err(FilterError::LengthMismatch {
                input: input.len(),
                output: out.len(),
            });
        }
        for (&x, y) in input.iter().zip(out.iter_mut()) {
            *y = self.step(x);
        }
        Ok(())
    }

    /// One sample through every section.
    #[inline]
    pub fn step(&mut self, x: f32) -> f32 {
        let finite = x.is_finite();
        let v = if finite {
            f64::from(x)
        } else {
            match self.last {
                Some(v) => v,
                // Nothing to hold yet: stay at rest.
                None => return f32::NAN,
            }
        };
        if self.last.is_none() {
            for (s, z) in self.sections.iter_mut().zip(&self.zi) {
                s.s1 = z[0] * v;
                s.s2 = z[1] * v;
            }
        }
        self.last = Some(v);
        let y = self.sections.iter_mut().fold(v, |acc, s| s.run(acc));
        if finite { y as f32 } else { f32::NAN }
    }

    /// Back to rest, as if no sample had been seen.
    pub fn reset(&mut self) {
        self.sections.iter_mut().for_each(|s| s.reset_state());
        self.last = None;
    }
}
