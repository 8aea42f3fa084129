//! Streaming analysis for devices: samples of every lead pushed chunk by chunk as they are
//! recorded; per-lead quality, the beats and the running heart rate out within a second.
//!
//! A [`Monitor`] is what the acquisition screen of a device runs while the village doctor places
//! the electrodes: a lead that is off, clipping or noisy shows within a second, so it can be fixed
//! before the 10 s are recorded and uploaded; the beats and the heart rate show as they come.
//!
//! # How it works
//! - **Filter stage**, per sample: each lead goes through the monitoring band-pass and the mains
//!   notches ([`Cascade`]: scipy-exact sections in `biquad`'s direct form II transposed), and
//!   comes back in [`Update::filtered`] for display, with no delay beyond the filter's own.
//! - **Blocks**: samples are analysed in fixed blocks of [`MonitorConfig::block_ms`] of the
//!   signal's own clock, whatever the sizes of the chunks the device sends. Everything the monitor
//!   reports is computed at block ends from the samples before them, so the beats, the rates and
//!   the quality do not depend on how the input was chunked.
//! - **Quality**, at every block end: [`quality::assess_lead`](crate::quality::assess_lead) on the
//!   last [`MonitorConfig::quality_window_ms`] of each raw lead (flat or off, NaN, clipping, mains
//!   and muscle noise, wander).
//! - **Beats**: the offline detector ([`crate::detect`]) runs again at every block end over the
//!   last [`MonitorConfig::lookback_s`] of the raw signal (leads whose quality is unusable left
//!   out), as [`crate::Pipeline`] runs it on a whole record. A beat is reported once it is
//!   [`MonitorConfig::horizon_ms`] old, the look-ahead the detector's tests need (T and P waves,
//!   QRS width), and only once: a detection within the refractory period of the beat reported
//!   before it is the same beat seen again. A beat first found later than that (say by a
//!   search-back over a long RR) is not reported: latency is bounded instead.
//!
//! Latency: a beat is reported at most `block_ms + horizon_ms + 50 ms` after its sample was
//! recorded (the 50 ms absorb a detection moving by a few samples between two windows), 950 ms
//! with the defaults; a quality defect filling the quality window shows at most `block_ms` after
//! it does (a lead coming off shows within `quality_window_ms + block_ms`, 950 ms). Detection
//! starts once [`MonitorConfig::warmup_s`] of signal has come (the detector learns its levels
//! from the signal itself); the beats of that first stretch are reported then.
//!
//! Bad samples are quality, not errors: NaN or infinite samples are counted as missing by the
//! quality check, treated as gaps by the detector and drawn as gaps (NaN) in the filtered output.
//! The errors are a bad configuration and a chunk of the wrong shape.
//!
//! ```
//! use ndarray::s;
//! use sinus::monitor::{Monitor, MonitorConfig};
//! use sinus::synth::{generate, SynthConfig};
//!
//! let ecg = generate(&SynthConfig { duration_s: 8.0, heart_rate_bpm: 75.0, ..Default::default() })
//!     .unwrap()
//!     .record;
//! let mut monitor =
//!     Monitor::new(ecg.leads().to_vec(), ecg.fs(), MonitorConfig::default()).unwrap();
//! let mut beats = Vec::new();
//! // The device sends 40 ms of its 12 leads at a time.
//! for start in (0..ecg.n_samples()).step_by(20) {
//!     let end = (start + 20).min(ecg.n_samples());
//!     let update = monitor.push(ecg.signals().slice(s![.., start..end])).unwrap();
//!     assert_eq!(update.filtered.dim(), (12, end - start));
//!     for b in &update.beats {
//!         // After the 2 s warm-up, every beat comes within a second.
//!         assert!(b.reported_at <= 1000 || b.latency_ms(ecg.fs()) <= 1000.0);
//!     }
//!     beats.extend(update.beats);
//! }
//! assert!(monitor.quality().iter().all(|q| q.grade.is_usable()));
//! assert!((monitor.heart_rate_bpm().unwrap() - 75.0).abs() < 5.0);
//! beats.extend(monitor.finish().unwrap().beats);
//! assert_eq!(beats.len(), 10); // 8 s at 75 bpm
//! ```

mod cascade;

pub use cascade::Cascade;

use crate::detect::{DetectError, DetectorConfig, detect};
use crate::filter::{FilterError, Mains, Preset, preset_sos};
use crate::lead::Lead;
use crate::quality::{Grade, LeadQuality, QualityConfig, assess_lead};
use crate::record::SampleRate;
use ndarray::{Array2, ArrayView2, s};
use serde::Serialize;
use std::collections::VecDeque;

/// How far a detection may move between two windows and still be reported late (ms): part of
/// the latency bound.
const JITTER_MS: f64 = 50.0;

/// The latency the monitor promises at most (ms).
pub const MAX_LATENCY_MS: f64 = 1000.0;

/// Why a monitor cannot be built or a chunk was refused.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum MonitorError {
    /// A configuration field out of its range.
    #[error("invalid monitor configuration: {field} = {found}, expected {expected}")]
    InvalidConfig {
        /// The field.
        field: &'static str,
        /// The value found.
        found: f64,
        /// The allowed range, in words.
        expected: &'static str,
    },
    /// [`Mains::Auto`] was asked for: detecting the mains frequency needs the whole record.
    #[error("mains detection (Mains::Auto) needs the whole record: expected Hz50, Hz60 or None")]
    AutoMains,
    /// No lead.
    #[error("a monitor needs at least one lead")]
    NoLeads,
    /// The sample rate is outside what the detector supports.
    #[error("sample rate {found} Hz is outside the supported 100–1000 Hz")]
    UnsupportedSampleRate {
        /// The rate given.
        found: f64,
    },
    /// The detector's configuration was refused.
    #[error("invalid detector configuration")]
    Detector(#[source] DetectError),
    /// The filter could not be designed for this sample rate.
    #[error("the monitoring filter cannot be designed")]
    Filter(#[source] FilterError),
    /// A chunk whose number of rows is not the number of leads.
    #[error("chunk has {found} leads: expected {expected}")]
    ChunkLeads {
        /// Leads the monitor was built for.
        expected: usize,
        /// Rows in the chunk.
        found: usize,
    },
    /// Interleaved samples that are not whole frames (one sample of every lead).
    #[error("{len} interleaved samples are not whole frames of {leads} leads")]
    PartialFrame {
        /// Samples given.
        len: usize,
        /// Leads per frame.
        leads: usize,
    },
}

/// The monitor's parameters, in physical units; [`Default`] gives a 950 ms latency bound.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct MonitorConfig {
    /// Analysis step, ms: quality and beats are updated at the end of every block. Default 200.
    pub block_ms: f64,
    /// Age at which a beat is reported, ms: the look-ahead the detector gets. `block_ms +
    /// horizon_ms` may be at most 950 (the latency bound is that plus 50 ms). Default 700.
    pub horizon_ms: f64,
    /// Signal re-examined by the detector at every block end, s. Default 10.
    pub lookback_s: f64,
    /// Signal needed before the first detection, s. Default 2.
    pub warmup_s: f64,
    /// Raw signal each quality assessment looks at, ms. Default 750.
    pub quality_window_ms: f64,
    /// Running heart rate: from the median of the last this many RR intervals. Default 8.
    pub rate_beats: usize,
    /// Filter of the displayed signal ([`Update::filtered`]). Default [`Preset::Monitoring`]
    /// (0.67–40 Hz).
    pub preset: Preset,
    /// Mains notch of the displayed signal: 50 Hz, 60 Hz or none ([`Mains::Auto`] needs the
    /// whole record and is refused). Default [`Mains::Hz50`].
    pub mains: Mains,
    /// The QRS detector's parameters.
    pub detector: DetectorConfig,
    /// The quality checks' thresholds. Default: [`QualityConfig::default`] with
    /// `min_duration_s` 0.5, so that a quality window under 1 s is assessed.
    pub quality: QualityConfig,
}

impl Default for MonitorConfig {
    fn default() -> Self {
        MonitorConfig {
            block_ms: 200.0,
            horizon_ms: 700.0,
            lookback_s: 10.0,
            warmup_s: 2.0,
            quality_window_ms: 750.0,
            rate_beats: 8,
            preset: Preset::Monitoring,
            mains: Mains::Hz50,
            detector: DetectorConfig::default(),
            quality: QualityConfig {
                min_duration_s: 0.5,
                ..QualityConfig::default()
            },
        }
    }
}

impl MonitorConfig {
    /// The longest time from a beat's sample to its report, ms.
    pub fn max_latency_ms(&self) -> f64 {
        self.block_ms + self.horizon_ms + JITTER_MS
    }

    /// Checks every field ([`Monitor::new`] calls it).
    pub fn validate(&self) -> Result<(), MonitorError> {
        fn check(
            field: &'static str,
            v: f64,
            ok: bool,
            expected: &'static str,
        ) -> Result<(), MonitorError> {
            if ok && v.is_finite() {
                Ok(())
            } else {
                Err(MonitorError::InvalidConfig {
                    field,
                    found: v,
                    expected,
                })
            }
        }
        let c = self;
        check(
            "block_ms",
            c.block_ms,
            (20.0..=500.0).contains(&c.block_ms),
            "20–500 ms",
        )?;
        check(
            "horizon_ms",
            c.horizon_ms,
            (300.0..=900.0).contains(&c.horizon_ms),
            "300–900 ms",
        )?;
        check(
            "horizon_ms",
            c.horizon_ms,
            c.max_latency_ms() <= MAX_LATENCY_MS,
            "block_ms + horizon_ms <= 950 ms (a 1 s latency bound)",
        )?;
        check(
            "lookback_s",
            c.lookback_s,
            (2.0..=60.0).contains(&c.lookback_s),
            "2–60 s",
        )?;
        check(
            "warmup_s",
            c.warmup_s,
            (0.0..=c.lookback_s).contains(&c.warmup_s),
            "0 up to lookback_s",
        )?;
        check(
            "quality_window_ms",
            c.quality_window_ms,
            (250.0..=1000.0 * c.lookback_s).contains(&c.quality_window_ms)
                && c.quality_window_ms >= 1000.0 * c.quality.min_duration_s,
            "250 ms up to lookback_s, and at least quality.min_duration_s",
        )?;
        check(
            "rate_beats",
            c.rate_beats as f64,
            (1..=64).contains(&c.rate_beats),
            "1–64",
        )?;
        if c.mains == Mains::Auto {
            return Err(MonitorError::AutoMains);
        }
        c.detector.validate().map_err(MonitorError::Detector)
    }
}

/// One beat, reported once.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[non_exhaustive]
pub struct MonitorBeat {
    /// Sample index of the QRS, counted from the first sample pushed.
    pub sample: u64,
    /// The leads (rows) it was seen in, ascending.
    pub leads: Vec<usize>,
    /// Interval from the beat reported before it, ms (`None` for the first).
    pub rr_ms: Option<f64>,
    /// Samples pushed when it was reported: `reported_at - sample` is its latency in samples.
    pub reported_at: u64,
}

impl MonitorBeat {
    /// Time of the QRS from the first sample, s.
    pub fn time_s(&self, fs: SampleRate) -> f64 {
        self.sample as f64 / fs.hz()
    }

    /// How long after its sample the beat was reported, ms.
    pub fn latency_ms(&self, fs: SampleRate) -> f64 {
        self.reported_at.saturating_sub(self.sample) as f64 * 1000.0 / fs.hz()
    }
}

/// What one [`Monitor::push`] produced.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct Update {
    /// The chunk through the filter stage, same shape (leads × samples), mV; NaN where the input
    /// was not finite.
    pub filtered: Array2<f32>,
    /// Beats that became due during this push, in time order.
    pub beats: Vec<MonitorBeat>,
    /// The latest quality of each lead if a block ended during this push (in lead order).
    pub quality: Option<Vec<LeadQuality>>,
    /// The running heart rate as of the last block end (see [`Monitor::heart_rate_bpm`]).
    pub heart_rate_bpm: Option<f64>,
    /// Samples analysed so far (the last block end).
    pub analysed: u64,
}

/// Sizes in samples, from the configuration and the rate.
#[derive(Debug, Clone, Copy)]
struct Sizes {
    block: usize,
    horizon: usize,
    jitter: usize,
    lookback: usize,
    warmup: usize,
    quality: usize,
    refractory: usize,
    max_rr: usize,
}

/// Streaming analysis of one recording: push chunks, read quality, beats and heart rate.
///
/// See the [module docs](self) for what it computes and its latency.
#[derive(Debug, Clone)]
pub struct Monitor {
    leads: Vec<Lead>,
    names: Vec<String>,
    fs: SampleRate,
    cfg: MonitorConfig,
    n: Sizes,
    filters: Vec<Cascade>,
    /// Raw samples, leads × capacity; column 0 is absolute sample `base`.
    raw: Array2<f32>,
    base: u64,
    len: usize,
    /// Samples pushed.
    total: u64,
    /// Last block end.
    analysed: u64,
    /// Beats before this sample are no longer reported.
    report_from: u64,
    last_beat: Option<u64>,
    rr_ms: VecDeque<f64>,
    quality: Vec<LeadQuality>,
    weights: Vec<f32>,
}

impl Monitor {
    /// A monitor for `leads` (the rows of every chunk, in this order) sampled at `fs`.
    ///
    /// Errors: [`MonitorError::NoLeads`], [`MonitorError::UnsupportedSampleRate`] (the detector
    /// works from 100 to 1000 Hz), a configuration error, or [`MonitorError::Filter`] when the
    /// filter preset cannot be designed at this rate.
    pub fn new(
        leads: Vec<Lead>,
        fs: SampleRate,
        cfg: MonitorConfig,
    ) -> Result<Monitor, MonitorError> {
        cfg.validate()?;
        if leads.is_empty() {
            return Err(MonitorError::NoLeads);
        }
        if !(100.0..=1000.0).contains(&fs.hz()) {
            return Err(MonitorError::UnsupportedSampleRate { found: fs.hz() });
        }
        let mains = match cfg.mains {
            Mains::Hz50 => Some(50.0),
            Mains::Hz60 => Some(60.0),
            _ => None,
        }
        .filter(|&f| f < fs.hz() / 2.0);
        let sos = preset_sos(cfg.preset, mains, fs).map_err(MonitorError::Filter)?;
        let ms = |v: f64| fs.samples(v / 1000.0);
        let n = Sizes {
            block: ms(cfg.block_ms).max(1),
            horizon: ms(cfg.horizon_ms),
            jitter: ms(JITTER_MS),
            lookback: fs.samples(cfg.lookback_s),
            warmup: fs.samples(cfg.warmup_s),
            quality: ms(cfg.quality_window_ms).max(1),
            refractory: ms(cfg.detector.refractory_ms),
            max_rr: ms(cfg.detector.max_rr_ms),
        };
        let k = leads.len();
        let names: Vec<String> = leads.iter().map(|l| l.to_string()).collect();
        Ok(Monitor {
            filters: vec![Cascade::new(&sos); k],
            raw: Array2::zeros((k, 2 * n.lookback.max(n.block))),
            base: 0,
            len: 0,
            total: 0,
            analysed: 0,
            report_from: 0,
            last_beat: None,
            rr_ms: VecDeque::with_capacity(cfg.rate_beats),
            quality: Vec::new(),
            weights: vec![1.0; k],
            leads,
            names,
            fs,
            cfg,
            n,
        })
    }

    /// The leads, in row order.
    pub fn leads(&self) -> &[Lead] {
        &self.leads
    }

    /// The sample rate.
    pub fn fs(&self) -> SampleRate {
        self.fs
    }

    /// The configuration.
    pub fn config(&self) -> &MonitorConfig {
        &self.cfg
    }

    /// Samples of each lead pushed so far.
    pub fn samples_pushed(&self) -> u64 {
        self.total
    }

    /// The quality of each lead at the last block end (empty before the first block ends).
    pub fn quality(&self) -> &[LeadQuality] {
        &self.quality
    }

    /// The running heart rate, bpm: 60 000 over the median of the last
    /// [`MonitorConfig::rate_beats`] RR intervals; `None` before two beats, and once no beat has
    /// come for [`DetectorConfig::max_rr_ms`] (a pause, or every lead off).
    pub fn heart_rate_bpm(&self) -> Option<f64> {
        let last = self.last_beat?;
        if self.analysed.saturating_sub(last) > self.n.max_rr as u64 || self.rr_ms.is_empty() {
            return None;
        }
        let mut v: Vec<f64> = self.rr_ms.iter().copied().collect();
        v.sort_unstable_by(f64::total_cmp);
        let m = v.len() / 2;
        let median = if v.len() % 2 == 1 {
            v[m]
        } else {
            0.5 * (v[m - 1] + v[m])
        };
        (median > 0.0).then(|| 60_000.0 / median)
    }

    /// Pushes a chunk of every lead (rows in [`Monitor::leads`] order, any number of samples,
    /// any memory layout), and returns its filtered samples and what became due.
    ///
    /// Errors, leaving the monitor untouched: [`MonitorError::ChunkLeads`].
    pub fn push(&mut self, chunk: ArrayView2<'_, f32>) -> Result<Update, MonitorError> {
        if chunk.nrows() != self.leads.len() {
            return Err(MonitorError::ChunkLeads {
                expected: self.leads.len(),
                found: chunk.nrows(),
            });
        }
        let mut filtered = Array2::<f32>::zeros(chunk.dim());
        for ((f, x), mut y) in self
            .filters
            .iter_mut()
            .zip(chunk.rows())
            .zip(filtered.rows_mut())
        {
            for (v, o) in x.iter().zip(y.iter_mut()) {
                *o = f.step(*v);
            }
        }
        let mut up = Update {
            filtered,
            beats: Vec::new(),
            quality: None,
            heart_rate_bpm: None,
            analysed: self.analysed,
        };
        let n = chunk.ncols();
        let mut i = 0;
        while i < n {
            let pending = (self.total - self.analysed) as usize;
            let m = (n - i).min(self.n.block - pending);
            self.make_room(m);
            self.raw
                .slice_mut(s![.., self.len..self.len + m])
                .assign(&chunk.slice(s![.., i..i + m]));
            self.len += m;
            self.total += m as u64;
            i += m;
            if self.total - self.analysed == self.n.block as u64 {
                self.analyse(&mut up, false)?;
            }
        }
        up.heart_rate_bpm = self.heart_rate_bpm();
        up.analysed = self.analysed;
        Ok(up)
    }

    /// [`push`](Self::push) for sample-interleaved frames, as most devices send them: one sample
    /// of every lead, then the next.
    ///
    /// Errors: [`MonitorError::PartialFrame`] when `frames.len()` is not a multiple of the
    /// number of leads.
    pub fn push_interleaved(&mut self, frames: &[f32]) -> Result<Update, MonitorError> {
        let k = self.leads.len();
        let partial = MonitorError::PartialFrame {
            len: frames.len(),
            leads: k,
        };
        if !frames.len().is_multiple_of(k) {
            return Err(partial);
        }
        let v = ArrayView2::from_shape((frames.len() / k, k), frames).map_err(|_| partial)?;
        self.push(v.reversed_axes())
    }

    /// Ends the recording: analyses what is left of the last block and reports every beat still
    /// waiting for its horizon (their latency is then up to the horizon).
    pub fn finish(mut self) -> Result<Update, MonitorError> {
        let mut up = Update {
            filtered: Array2::zeros((self.leads.len(), 0)),
            beats: Vec::new(),
            quality: None,
            heart_rate_bpm: None,
            analysed: self.analysed,
        };
        if self.total > 0 {
            self.analyse(&mut up, true)?;
        }
        up.heart_rate_bpm = self.heart_rate_bpm();
        up.analysed = self.analysed;
        Ok(up)
    }

    /// Keeps the last `lookback` samples when `m` more would not fit.
    fn make_room(&mut self, m: usize) {
        if self.len + m <= self.raw.ncols() {
            return;
        }
        let keep = self.len.min(self.n.lookback);
        let drop = self.len - keep;
        for mut row in self.raw.rows_mut() {
            if let Some(r) = row.as_slice_mut() {
                r.copy_within(drop..drop + keep, 0);
            }
        }
        self.base += drop as u64;
        self.len = keep;
    }

    /// Quality and beats at the current end of the signal (a block end, or the end of the
    /// recording when `last`).
    fn analyse(&mut self, up: &mut Update, last: bool) -> Result<(), MonitorError> {
        let end = self.total;
        self.analysed = end;
        let fs = self.fs.hz();
        // Quality of the last window of each raw lead.
        let q0 = self.len.saturating_sub(self.n.quality);
        let window = self.raw.slice(s![.., q0..self.len]);
        self.quality = window
            .rows()
            .into_iter()
            .zip(&self.names)
            .map(|(row, name)| {
                let mut q = match row.as_slice() {
                    Some(x) => assess_lead(x, fs, &self.cfg.quality),
                    None => assess_lead(&row.to_vec(), fs, &self.cfg.quality),
                };
                q.lead.clone_from(name);
                q
            })
            .collect();
        for (w, q) in self.weights.iter_mut().zip(&self.quality) {
            *w = if q.grade == Grade::Unusable { 0.0 } else { 1.0 };
        }
        up.quality = Some(self.quality.clone());

        if end < self.n.warmup as u64 && !last {
            return Ok(());
        }
        let horizon = if last {
            end
        } else {
            end.saturating_sub(self.n.horizon as u64)
        };
        if self.weights.iter().any(|&w| w > 0.0) {
            let w0 = self.len.saturating_sub(self.n.lookback);
            let start = self.base + w0 as u64;
            let det = detect(
                self.raw.slice(s![.., w0..self.len]),
                self.fs,
                Some(&self.weights),
                &self.cfg.detector,
            )
            .map_err(MonitorError::Detector)?;
            for b in det.beats {
                let sample = start + b.sample as u64;
                if sample < self.report_from || sample >= horizon {
                    continue;
                }
                if let Some(prev) = self.last_beat
                    && sample < prev + self.n.refractory as u64
                {
                    continue;
                }
                let rr_ms = self.last_beat.map(|p| (sample - p) as f64 * 1000.0 / fs);
                if let Some(rr) = rr_ms {
                    if self.rr_ms.len() == self.cfg.rate_beats {
                        self.rr_ms.pop_front();
                    }
                    self.rr_ms.push_back(rr);
                }
                self.last_beat = Some(sample);
                up.beats.push(MonitorBeat {
                    sample,
                    leads: b.leads,
                    rr_ms,
                    reported_at: end,
                });
            }
        }
        self.report_from = self
            .report_from
            .max(horizon.saturating_sub(self.n.jitter as u64));
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_config_is_valid_and_bounded() {
        let c = MonitorConfig::default();
        assert!(c.validate().is_ok());
        assert!(c.max_latency_ms() <= MAX_LATENCY_MS);
        let slow = MonitorConfig {
            block_ms: 400.0,
            ..MonitorConfig::default()
        };
        assert!(matches!(
            slow.validate(),
            Err(MonitorError::InvalidConfig {
                field: "horizon_ms",
                ..
            })
        ));
        let auto = MonitorConfig {
            mains: Mains::Auto,
            ..MonitorConfig::default()
        };
        assert_eq!(auto.validate(), Err(MonitorError::AutoMains));
    }
}
