//! Mains-frequency detection from the spectrum.

use crate::SampleRate;
use ndarray::ArrayView2;
use realfft::RealFftPlanner;

/// Candidate mains frequencies.
const CANDIDATES: [f64; 2] = [50.0, 60.0];
/// Half-width of the band searched for the mains line (mains drifts by a few tenths of a hertz).
const LINE_HZ: f64 = 0.6;
/// Neighbourhood compared with the line: `NEAR_HZ ..= FAR_HZ` away from the candidate.
const NEAR_HZ: f64 = 1.5;
const FAR_HZ: f64 = 5.0;
/// The line must exceed the loudest neighbouring bin by this power ratio (6 dB) ...
const MIN_OVER_MAX: f64 = 4.0;
/// ... and the median neighbouring bin by this one (13 dB).
const MIN_OVER_MEDIAN: f64 = 20.0;
/// Welch segments used at most, spread over the record (bounds the cost on long records).
const MAX_SEGMENTS: usize = 32;

/// Detects mains interference: `Some(50.0)`, `Some(60.0)` or `None` when neither line stands out.
///
/// Method: Welch power spectrum (Hann window, ~4 s segments, 50 % overlap, at most 32 segments
/// spread over the record), summed over leads. A candidate is present when the strongest bin
/// within ±0.6 Hz of it exceeds the loudest bin 1.5–5 Hz away by 6 dB and the median of those
/// bins by 13 dB. Comparing with the loudest neighbour (not only the median) keeps the harmonic
/// comb of a regular heart rhythm (lines every 1–2 Hz) from passing as mains. If both pass, the
/// one standing out more wins. Records shorter than 1 s, rates with Nyquist below 53 Hz and
/// non-finite segments (skipped) give less or no evidence; no evidence gives `None`.
///
/// ```
/// use ndarray::Array2;
/// use sinus::SampleRate;
/// use sinus::filter::detect_mains;
/// let fs = SampleRate::new(500.0).unwrap();
/// let x = Array2::from_shape_fn((1, 5000), |(_, i)| {
///     let t = i as f32 / 500.0;
///     (6.0 * t).sin() + 0.05 * (2.0 * std::f32::consts::PI * 60.0 * t).sin()
/// });
/// assert_eq!(detect_mains(x.view(), fs), Some(60.0));
/// ```
pub fn detect_mains(signals: ArrayView2<'_, f32>, fs: SampleRate) -> Option<f64> {
    let fs = fs.hz();
    let n = signals.ncols();
    if n < fs.ceil() as usize || fs / 2.0 < CANDIDATES[0] + 3.0 {
        return None;
    }
    let mut nfft = ((4.0 * fs).ceil() as usize)
        .next_power_of_two()
        .min(1 << 14);
    while nfft > n {
        nfft /= 2;
    }
    let hop = nfft / 2;
    let n_seg = ((n - nfft) / hop + 1).min(MAX_SEGMENTS);
    let stride = if n_seg > 1 {
        (n - nfft) / (n_seg - 1)
    } else {
        0
    };
    let window: Vec<f32> = (0..nfft)
        .map(|i| {
            let w = (std::f64::consts::PI * i as f64 / nfft as f64).sin();
            (w * w) as f32
        })
        .collect();
    let fft = RealFftPlanner::<f32>::new().plan_fft_forward(nfft);
    let mut input = fft.make_input_vec();
    let mut spectrum = fft.make_output_vec();
    let mut scratch = fft.make_scratch_vec();
    let mut power = vec![0.0f64; spectrum.len()];
    let mut used = 0;
    for row in signals.rows() {
        for s in 0..n_seg {
            let seg = row.slice(ndarray::s![s * stride..s * stride + nfft]);
            if seg.iter().any(|v| !v.is_finite()) {
                continue;
            }
            let mean = seg.iter().map(|&v| f64::from(v)).sum::<f64>() / nfft as f64;
            for ((d, &v), &w) in input.iter_mut().zip(seg.iter()).zip(&window) {
                *d = (v - mean as f32) * w;
            }
            if fft
                .process_with_scratch(&mut input, &mut spectrum, &mut scratch)
                .is_err()
            {
                continue;
            }
            for (p, c) in power.iter_mut().zip(&spectrum) {
                *p += f64::from(c.norm_sqr());
            }
            used += 1;
        }
    }
    if used == 0 {
        return None;
    }
    let df = fs / nfft as f64;
    let nyq = fs / 2.0;
    let mut best: Option<(f64, f64)> = None;
    for f0 in CANDIDATES {
        if f0 + FAR_HZ >= nyq {
            continue;
        }
        let bin = |f: f64| (f / df).round() as usize;
        let line = (bin(f0 - LINE_HZ)..=bin(f0 + LINE_HZ))
            .filter_map(|k| power.get(k))
            .fold(0.0f64, |a, &b| a.max(b));
        let mut near: Vec<f64> = (bin(f0 - FAR_HZ)..=bin(f0 + FAR_HZ))
            .filter(|&k| ((k as f64 * df) - f0).abs() >= NEAR_HZ)
            .filter_map(|k| power.get(k).copied())
            .collect();
        if near.is_empty() {
            continue;
        }
        near.sort_by(f64::total_cmp);
        let median = near[near.len() / 2];
        let max = near[near.len() - 1];
        let ok = line > MIN_OVER_MAX * max && line > MIN_OVER_MEDIAN * median && line > 0.0;
        let score = line / median.max(f64::MIN_POSITIVE);
        if ok && best.is_none_or(|(_, s)| score > s) {
            best = Some((f0, score));
        }
    }
    best.map(|(f, _)| f)
}
