//! Conditioning: Butterworth and notch filters, zero-phase ([`sosfiltfilt`]) and streaming
//! ([`StreamingFilter`]), clinical presets ([`Preset`]), mains detection ([`detect_mains`]) and a
//! strong baseline-wander removal ([`baseline::remove_wander`]).
//!
//! Filters are second-order sections ([`Sos`]) designed in `f64` exactly as `scipy.signal`
//! designs them ([`design::butter`], [`design::iirnotch`]). Samples stay `f32` (mV) but every
//! recursion runs in `f64`: with `f32` state the 0.05–0.67 Hz high-pass poles (radius ≈ 0.998)
//! drift by ~3e-4 of full scale from scipy.
//!
//! # Non-finite samples
//! Filtering never silently spreads a NaN over a lead. The low-level filters
//! ([`sosfiltfilt`], [`sosfiltfilt_rows`]) return [`FilterError::NonFinite`] naming the first bad
//! lead and sample; [`StreamingFilter`] checks each chunk the same way before touching its
//! state. Whole-record conditioning ([`condition`], and the pipeline's noise steering) bridges
//! each run of missing samples with a straight line, filters, and marks the run missing (NaN)
//! again, so one missing sample costs the record nothing but that sample (the quality stage
//! flags the lead).
//!
//! ```
//! use ndarray::Array2;
//! use sinus::{Lead, Record, SampleRate};
//! use sinus::filter::{condition, Conditioning, Mains, Preset};
//! let fs = SampleRate::new(500.0).unwrap();
//! let x = Array2::from_shape_fn((1, 5000), |(_, i)| (i as f32 / 500.0 * 6.0).sin());
//! let rec = Record::new("demo", vec![Lead::II], fs, x).unwrap();
//! let c = Conditioning::new(Preset::Monitoring, Mains::Hz50);
//! let out = condition(&rec, &c).unwrap();
//! assert_eq!(out.mains_hz, Some(50.0));
//! assert_eq!(out.record.n_samples(), 5000);
//! ```

pub mod baseline;
pub mod design;
mod gaps;
mod mains;
mod preset;
mod simd;
mod sos;
mod stream;

pub use design::Band;
pub(crate) use gaps::{bridge as bridge_gaps, restore as restore_gaps};
pub use mains::detect_mains;
pub use preset::{Conditioned, Conditioning, MAINS_Q, Mains, Preset, condition, preset_sos};
pub use sos::{Sos, padlen, sosfilt_zi, sosfiltfilt, sosfiltfilt_rows};
pub use stream::StreamingFilter;

/// Errors designing or applying a filter.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum FilterError {
    /// A Butterworth order outside 1..=max.
    #[error("filter order {order} is invalid: expected 1 to {max}")]
    InvalidOrder {
        /// The order given.
        order: usize,
        /// The largest order accepted.
        max: usize,
    },
    /// A cut-off or centre frequency that is not a finite positive number.
    #[error("cut-off {cutoff} Hz is invalid: expected a finite frequency > 0")]
    CutoffNotPositive {
        /// The frequency given.
        cutoff: f64,
    },
    /// A cut-off or centre frequency at or above Nyquist.
    #[error("cut-off {cutoff} Hz is at or above Nyquist ({nyquist} Hz): expected below it")]
    CutoffAboveNyquist {
        /// The frequency given.
        cutoff: f64,
        /// Half the sample rate.
        nyquist: f64,
    },
    /// Band edges not in increasing order.
    #[error("band edges {low} Hz, {high} Hz: expected low < high")]
    BandEdges {
        /// Lower edge given.
        low: f64,
        /// Upper edge given.
        high: f64,
    },
    /// A notch quality factor that is not a finite positive number.
    #[error("quality factor {q} is invalid: expected a finite number > 0")]
    InvalidQ {
        /// The value given.
        q: f64,
    },
    /// Second-order sections that cannot be used (none, non-finite, or `a0 != 1`).
    #[error("invalid second-order sections: {reason} (section {section})")]
    InvalidSos {
        /// Index of the offending section.
        section: usize,
        /// What is wrong.
        reason: &'static str,
    },
    /// A NaN or infinite input sample.
    #[error("non-finite sample {value} in lead {lead} at sample {index}: expected finite values")]
    NonFinite {
        /// Row (lead index) of the sample.
        lead: usize,
        /// Sample index within the lead (for streaming: within the chunk).
        index: usize,
        /// The value found.
        value: f32,
    },
    /// A lead too short for zero-phase filtering with scipy's padding.
    #[error(
        "lead of {len} samples is too short: zero-phase filtering pads {padlen} samples per side and needs more than {padlen}"
    )]
    TooShort {
        /// Samples in the lead.
        len: usize,
        /// Padding length (scipy's default `padlen`).
        padlen: usize,
    },
    /// Output buffer length differs from the input.
    #[error("output buffer holds {output} samples for {input} input samples: expected equal")]
    LengthMismatch {
        /// Input samples.
        input: usize,
        /// Output capacity.
        output: usize,
    },
}
