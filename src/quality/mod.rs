//! Signal quality per lead: a grade and the reasons for it, measured on the raw signal in mV.
//!
//! Each lead is checked for missing samples (NaN runs), a flat line or a lead that is off,
//! saturation (clipping at the amplifier's rails), mains interference, muscle (high-frequency)
//! noise and baseline wander. The checks are cheap (one or two passes over the samples) because
//! they run on every lead of every record before detection.
//!
//! A lead graded [`Grade::Unusable`] or [`Grade::Poor`] is left out of QRS detection by the
//! pipeline; a record where every lead is unusable is reported as a technical problem.
//!
//! ```
//! use sinus::quality::{assess_lead, Grade, QualityConfig, Issue};
//! let flat = vec![0.0f32; 5000];
//! let q = assess_lead(&flat, 500.0, &QualityConfig::default());
//! assert_eq!(q.grade, Grade::Unusable);
//! assert!(q.issues.contains(&Issue::Flat));
//! ```

pub mod noise;
pub mod reversal;

use serde::{Deserialize, Serialize};

/// How readable a lead is.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    Serialize,
    Deserialize,
    schemars::JsonSchema,
)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Grade {
    /// No defect found.
    Good,
    /// A minor defect (some noise or wander) that does not prevent reading the lead.
    Acceptable,
    /// Readable by eye at best; left out of automatic detection.
    Poor,
    /// Nothing to read: flat, off, saturated or mostly missing.
    Unusable,
}

impl Grade {
    /// True when the lead is good enough to feed the QRS detector.
    pub fn is_usable(self) -> bool {
        matches!(self, Grade::Good | Grade::Acceptable)
    }
}

/// A reason for a grade below [`Grade::Good`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Issue {
    /// Samples marked missing (NaN) beyond the tolerated fraction.
    MissingSamples,
    /// Flat line or lead off: peak-to-peak amplitude below the floor over most of the record.
    Flat,
    /// The signal sits at its extreme values for runs long enough to be clipping.
    Saturation,
    /// Mains (50/60 Hz) interference above the tolerated amplitude.
    MainsNoise,
    /// Broadband high-frequency (muscle) noise above the tolerated level.
    MuscleNoise,
    /// Baseline wander beyond the tolerated range.
    BaselineWander,
    /// Too short to assess.
    TooShort,
}

/// The figures a grade was decided from (all amplitudes in mV).
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Metrics {
    /// Fraction of samples that are NaN.
    pub nan_fraction: f64,
    /// Fraction of 1 s windows whose peak-to-peak amplitude is below the flat floor.
    pub flat_fraction: f64,
    /// Fraction of samples inside clipping runs at the signal's extreme values.
    pub clipped_fraction: f64,
    /// Amplitude of the strongest of the 50 Hz and 60 Hz components.
    pub mains_mv: f64,
    /// Which of 50 and 60 Hz that is (None when neither is below Nyquist or the lead is empty).
    #[serde(default)]
    pub mains_hz: Option<f64>,
    /// Robust standard deviation of the high-frequency noise (from the second difference).
    pub hf_noise_mv: f64,
    /// Peak-to-peak range of the 1 s window means (baseline wander).
    pub wander_mv: f64,
    /// Peak-to-peak amplitude of the whole lead (finite samples).
    pub range_mv: f64,
    /// Median over the 1 s windows of their peak-to-peak amplitude: about the lead's QRS
    /// amplitude, whatever the baseline does over the record.
    #[serde(default)]
    pub beat_range_mv: f64,
}

/// Per-lead quality: the grade, the reasons and the measured figures.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct LeadQuality {
    /// The lead's name.
    pub lead: String,
    /// The grade.
    pub grade: Grade,
    /// The reasons for a grade below good (empty when good).
    pub issues: Vec<Issue>,
    /// The figures measured.
    pub metrics: Metrics,
}

/// Thresholds of the quality checks, in physical units.
///
/// The defaults are set for a resting diagnostic ECG recorded at 10 mm/mV: an ECG lead carries at
/// least a few tenths of a millivolt of QRS, so a lead moving less than 0.02 mV in a second is off
/// or flat; AAMI EC11 asks a diagnostic electrocardiograph to keep its own noise below 0.03 mV
/// peak-to-valley, so noise several times that level degrades the reading.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct QualityConfig {
    /// A 1 s window with peak-to-peak below this is flat (mV). Default 0.02.
    pub flat_floor_mv: f64,
    /// A lead with more than this fraction of flat windows is flat or off. Default 0.5.
    pub flat_max_fraction: f64,
    /// Tolerated fraction of NaN samples before the lead is flagged ([`Issue::MissingSamples`],
    /// grade acceptable). Default 0: any missing sample is flagged, so a report read across a
    /// gap says so.
    pub nan_flag_fraction: f64,
    /// Fraction of NaN samples that makes the lead unusable. Default 0.5.
    pub nan_unusable_fraction: f64,
    /// Minimum run at an extreme value counted as clipping (s). Default 0.02.
    pub clip_min_run_s: f64,
    /// Fraction of clipped samples flagged as saturation. Default 0.005.
    pub clip_flag_fraction: f64,
    /// Fraction of clipped samples that makes the lead poor (clipped QRS peaks in a few beats
    /// still leave the lead readable; clipping over whole complexes does not). Default 0.05.
    pub clip_poor_fraction: f64,
    /// Fraction of clipped samples that makes the lead unusable. Default 0.2.
    pub clip_unusable_fraction: f64,
    /// Mains amplitude flagged (mV). Default 0.05.
    pub mains_flag_mv: f64,
    /// Mains amplitude that makes the lead poor (mV). Default 0.3.
    pub mains_poor_mv: f64,
    /// High-frequency noise flagged (mV, robust SD). Default 0.04.
    pub hf_flag_mv: f64,
    /// High-frequency noise flagged as a fraction of the lead's beat amplitude
    /// ([`Metrics::beat_range_mv`]), for
    /// low-voltage leads whose noise stays under `hf_flag_mv`. Default 0.06: no lead of a LUDB
    /// or CinC record reaches 0.042; with muscle noise 6 dB under the lead's RMS, the median lead
    /// measures 0.06 and the noisiest 0.08–0.17.
    #[serde(default = "default_hf_flag_fraction")]
    pub hf_flag_fraction: f64,
    /// High-frequency noise that makes the lead poor (mV). Default 0.15.
    pub hf_poor_mv: f64,
    /// Baseline wander flagged (mV peak-to-peak of 1 s means). Default 1.5.
    pub wander_flag_mv: f64,
    /// Baseline wander that makes the lead poor (mV). Default 5.0.
    pub wander_poor_mv: f64,
    /// Shortest record the checks assess (s). Default 1.0.
    pub min_duration_s: f64,
    /// How the findings steer the later stages (notch, low-pass).
    #[serde(default)]
    pub steering: noise::SteeringConfig,
    /// The electrode-interchange checks.
    #[serde(default)]
    pub reversal: reversal::ReversalConfig,
}

fn default_hf_flag_fraction() -> f64 {
    0.06
}

impl QualityConfig {
    /// The muscle noise of a lead (mV) on the scale of `hf_flag_mv`: its own, or, for a
    /// low-voltage lead, as much more as its noise reaches of `hf_flag_fraction` of its
    /// amplitude (so a lead is flagged exactly when this reaches `hf_flag_mv`).
    pub fn effective_hf_mv(&self, m: &Metrics) -> f64 {
        let relative = if m.beat_range_mv > 0.0 && self.hf_flag_fraction > 0.0 {
            self.hf_flag_mv * m.hf_noise_mv / (self.hf_flag_fraction * m.beat_range_mv)
        } else {
            0.0
        };
        m.hf_noise_mv.max(relative)
    }
}

impl Default for QualityConfig {
    fn default() -> Self {
        QualityConfig {
            flat_floor_mv: 0.02,
            flat_max_fraction: 0.5,
            nan_flag_fraction: 0.0,
            nan_unusable_fraction: 0.5,
            clip_min_run_s: 0.02,
            clip_flag_fraction: 0.005,
            clip_poor_fraction: 0.05,
            clip_unusable_fraction: 0.2,
            mains_flag_mv: 0.05,
            mains_poor_mv: 0.3,
            hf_flag_mv: 0.04,
            hf_flag_fraction: default_hf_flag_fraction(),
            hf_poor_mv: 0.15,
            wander_flag_mv: 1.5,
            wander_poor_mv: 5.0,
            min_duration_s: 1.0,
            steering: noise::SteeringConfig::default(),
            reversal: reversal::ReversalConfig::default(),
        }
    }
}

/// Assesses one lead sampled at `fs_hz` (samples in mV, NaN for missing). Unnamed: see
/// [`assess`] for named leads.
pub fn assess_lead(x: &[f32], fs_hz: f64, cfg: &QualityConfig) -> LeadQuality {
    let m = metrics(x, fs_hz, cfg);
    let dur = if fs_hz > 0.0 {
        x.len() as f64 / fs_hz
    } else {
        0.0
    };
    let (grade, issues) = judge(&m, dur, fs_hz, cfg);
    LeadQuality {
        lead: String::new(),
        grade,
        issues,
        metrics: m,
    }
}

/// The grade and the issues of a lead from its figures (`dur` in seconds).
pub(crate) fn judge(m: &Metrics, dur: f64, fs_hz: f64, cfg: &QualityConfig) -> (Grade, Vec<Issue>) {
    let mut issues = Vec::new();
    let mut grade = Grade::Good;
    let raise = |g: Grade, grade: &mut Grade| {
        if g > *grade {
            *grade = g;
        }
    };
    if !(fs_hz.is_finite() && fs_hz > 0.0) || dur < cfg.min_duration_s {
        issues.push(Issue::TooShort);
        raise(Grade::Unusable, &mut grade);
    }
    if m.nan_fraction > cfg.nan_flag_fraction {
        issues.push(Issue::MissingSamples);
        let g = if m.nan_fraction > cfg.nan_unusable_fraction {
            Grade::Unusable
        } else {
            Grade::Acceptable
        };
        raise(g, &mut grade);
    }
    if m.flat_fraction > cfg.flat_max_fraction || m.range_mv < cfg.flat_floor_mv {
        issues.push(Issue::Flat);
        raise(Grade::Unusable, &mut grade);
    }
    if m.clipped_fraction > cfg.clip_flag_fraction {
        issues.push(Issue::Saturation);
        let g = if m.clipped_fraction > cfg.clip_unusable_fraction {
            Grade::Unusable
        } else if m.clipped_fraction > cfg.clip_poor_fraction {
            Grade::Poor
        } else {
            Grade::Acceptable
        };
        raise(g, &mut grade);
    }
    if m.mains_mv > cfg.mains_flag_mv {
        issues.push(Issue::MainsNoise);
        let g = if m.mains_mv > cfg.mains_poor_mv {
            Grade::Poor
        } else {
            Grade::Acceptable
        };
        raise(g, &mut grade);
    }
    if cfg.effective_hf_mv(m) > cfg.hf_flag_mv {
        issues.push(Issue::MuscleNoise);
        let g = if m.hf_noise_mv > cfg.hf_poor_mv {
            Grade::Poor
        } else {
            Grade::Acceptable
        };
        raise(g, &mut grade);
    }
    if m.wander_mv > cfg.wander_flag_mv {
        issues.push(Issue::BaselineWander);
        let g = if m.wander_mv > cfg.wander_poor_mv {
            Grade::Poor
        } else {
            Grade::Acceptable
        };
        raise(g, &mut grade);
    }
    (grade, issues)
}

/// Assesses every row of a lead-major signal array; `names[k]` names row `k`.
pub fn assess(
    signals: ndarray::ArrayView2<'_, f32>,
    fs_hz: f64,
    names: &[String],
    cfg: &QualityConfig,
) -> Vec<LeadQuality> {
    let mut buf = Vec::new();
    signals
        .rows()
        .into_iter()
        .enumerate()
        .map(|(k, row)| {
            let x: &[f32] = match row.as_slice() {
                Some(s) => s,
                None => {
                    buf.clear();
                    buf.extend(row.iter().copied());
                    &buf
                }
            };
            let mut q = assess_lead(x, fs_hz, cfg);
            q.lead = names.get(k).cloned().unwrap_or_else(|| format!("#{k}"));
            q
        })
        .collect()
}

fn metrics(x: &[f32], fs_hz: f64, cfg: &QualityConfig) -> Metrics {
    let n = x.len();
    if n == 0 || !(fs_hz.is_finite() && fs_hz > 0.0) {
        return Metrics {
            nan_fraction: if n == 0 { 1.0 } else { 0.0 },
            flat_fraction: 1.0,
            ..Metrics::default()
        };
    }
    // One pass over 1 s windows: missing samples, extremes and sums per window (flatness,
    // wander) and over the lead. Partial windows shorter than half a second are folded into the
    // lead's figures only.
    let win = ((fs_hz.round() as usize).max(1)).min(n);
    let (mut nan, mut lo, mut hi, mut sum) = (0usize, f32::INFINITY, f32::NEG_INFINITY, 0.0f64);
    let (mut windows, mut flat) = (0usize, 0usize);
    let (mut mlo, mut mhi) = (f64::INFINITY, f64::NEG_INFINITY);
    let mut spans: Vec<f32> = Vec::with_capacity(n / win + 1);
    for w in x.chunks(win) {
        let (mut a, mut b, mut s, mut c) = (f32::INFINITY, f32::NEG_INFINITY, 0.0f32, 0usize);
        for &v in w {
            // NaN compares false: min/max keep the finite side; the sum is masked.
            let ok = v.is_finite();
            a = a.min(v);
            b = b.max(v);
            s += if ok { v } else { 0.0 };
            c += usize::from(ok);
        }
        nan += w.len() - c;
        sum += s as f64;
        lo = lo.min(a);
        hi = hi.max(b);
        if w.len() * 2 < win && windows > 0 {
            continue;
        }
        windows += 1;
        if c * 2 < w.len() || ((b - a) as f64) < cfg.flat_floor_mv {
            flat += 1;
        }
        if c > 0 {
            let mean = s as f64 / c as f64;
            mlo = mlo.min(mean);
            mhi = mhi.max(mean);
            spans.push(b - a);
        }
    }
    let beat_range = if spans.is_empty() {
        0.0
    } else {
        let mid = spans.len() / 2;
        let (_, m, _) = spans.select_nth_unstable_by(mid, f32::total_cmp);
        f64::from(*m)
    };
    let mean = if nan < n { sum / (n - nan) as f64 } else { 0.0 };
    let range = if hi >= lo { (hi - lo) as f64 } else { 0.0 };
    let wander = if mhi >= mlo { mhi - mlo } else { 0.0 };

    // Clipping: runs at the extreme values (within a quantum) lasting at least clip_min_run_s.
    let min_run = ((cfg.clip_min_run_s * fs_hz).round() as usize).max(3);
    let tol = (range as f32) * 1e-3;
    // An extreme close to the lead's mean is a quiet baseline, not a rail: only an extreme at
    // least a quarter of the range away from the mean can be a clipping level.
    let top = if (hi as f64 - mean) > 0.25 * range {
        hi - tol
    } else {
        f32::INFINITY
    };
    let bottom = if (mean - lo as f64) > 0.25 * range {
        lo + tol
    } else {
        f32::NEG_INFINITY
    };
    let mut clipped = 0usize;
    // Cheap count first: clipping needs at least one run of min_run samples at an extreme.
    let near = if range > 0.0 {
        x.iter().filter(|&&v| v >= top || v <= bottom).count()
    } else {
        0
    };
    if near >= min_run {
        let mut run = 0usize;
        let mut at: i8 = 0;
        for &v in x {
            let side = if !v.is_finite() {
                0
            } else if v >= top {
                1
            } else if v <= bottom {
                -1
            } else {
                0
            };
            if side != 0 && side == at {
                run += 1;
            } else {
                if at != 0 && run >= min_run {
                    clipped += run;
                }
                run = usize::from(side != 0);
                at = side;
            }
        }
        if at != 0 && run >= min_run {
            clipped += run;
        }
    }

    let hf = hf_noise(x);

    // Mains: the middle 2 s (whole periods of both 50 and 60 Hz) suffice for a steady tone.
    let span = ((2.0 * fs_hz).round() as usize).min(n);
    let off = (n - span) / 2;
    let (mains, mains_hz) = goertzel_mains(&x[off..off + span], fs_hz, mean);

    Metrics {
        nan_fraction: nan as f64 / n as f64,
        flat_fraction: if windows > 0 {
            flat as f64 / windows as f64
        } else {
            1.0
        },
        clipped_fraction: clipped as f64 / n as f64,
        mains_mv: mains,
        mains_hz,
        beat_range_mv: beat_range,
        hf_noise_mv: hf,
        wander_mv: wander,
        range_mv: range,
    }
}

/// High-frequency noise (mV): robust SD of the second difference (white noise: var(d2) = 6 σ²),
/// from every fourth sample position (the median needs no more). NaN samples are skipped.
pub(crate) fn hf_noise(x: &[f32]) -> f64 {
    let n = x.len();
    let mut d2: Vec<f32> = Vec::with_capacity(n / 4 + 1);
    for i in (2..n).step_by(4) {
        let (a, b, c) = (x[i - 2], x[i - 1], x[i]);
        let d = a - 2.0 * b + c;
        if d.is_finite() {
            d2.push(d.abs());
        }
    }
    if d2.is_empty() {
        return 0.0;
    }
    let mid = d2.len() / 2;
    let (_, m, _) = d2.select_nth_unstable_by(mid, f32::total_cmp);
    (*m as f64) / 0.6745 / 6f64.sqrt()
}

/// Amplitude (mV) and frequency of the stronger of the 50 Hz and 60 Hz components (those below
/// Nyquist), by the Goertzel recursion (`mean` removed, NaN taken as the mean).
fn goertzel_mains(x: &[f32], fs: f64, mean: f64) -> (f64, Option<f64>) {
    if x.is_empty() {
        return (0.0, None);
    }
    let coeff = |f: f64| 2.0 * (2.0 * std::f64::consts::PI * f / fs).cos();
    let (c50, c60) = (coeff(50.0), coeff(60.0));
    let (mut a1, mut a2, mut b1, mut b2) = (0.0f64, 0.0f64, 0.0f64, 0.0f64);
    for &v in x {
        let v = if v.is_finite() { v as f64 - mean } else { 0.0 };
        let a0 = v + c50 * a1 - a2;
        a2 = a1;
        a1 = a0;
        let b0 = v + c60 * b1 - b2;
        b2 = b1;
        b1 = b0;
    }
    let amp = |s1: f64, s2: f64, c: f64| {
        2.0 * (s1 * s1 + s2 * s2 - c * s1 * s2).max(0.0).sqrt() / x.len() as f64
    };
    let mut m = (0.0f64, None);
    if 50.0 < fs / 2.0 {
        m = (amp(a1, a2, c50), Some(50.0));
    }
    if 60.0 < fs / 2.0 {
        let b = amp(b1, b2, c60);
        if m.1.is_none() || b > m.0 {
            m = (b, Some(60.0));
        }
    }
    m
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ecg_like(n: usize, fs: f64) -> Vec<f32> {
        (0..n)
            .map(|i| {
                let t = i as f64 / fs;
                let ph = (t % 0.8) - 0.4;
                (1.2 * (-ph * ph / (2.0 * 0.01f64.powi(2))).exp()) as f32
            })
            .collect()
    }

    #[test]
    fn clean_lead_is_good() {
        let q = assess_lead(&ecg_like(5000, 500.0), 500.0, &QualityConfig::default());
        assert_eq!(q.grade, Grade::Good, "{q:?}");
    }

    #[test]
    fn mains_is_measured() {
        let fs = 500.0;
        let x: Vec<f32> = ecg_like(5000, fs)
            .iter()
            .enumerate()
            .map(|(i, v)| {
                v + 0.5 * (2.0 * std::f64::consts::PI * 50.0 * i as f64 / fs).sin() as f32
            })
            .collect();
        let q = assess_lead(&x, fs, &QualityConfig::default());
        assert!((q.metrics.mains_mv - 0.5).abs() < 0.02, "{q:?}");
        assert!(q.issues.contains(&Issue::MainsNoise));
        assert_eq!(q.grade, Grade::Poor);
    }

    #[test]
    fn clipping_is_found() {
        let x: Vec<f32> = ecg_like(5000, 500.0)
            .iter()
            .map(|v| (v * 5.0).min(2.0))
            .collect();
        let q = assess_lead(&x, 500.0, &QualityConfig::default());
        assert!(q.issues.contains(&Issue::Saturation), "{q:?}");
    }

    #[test]
    fn nan_and_short_never_panic() {
        let cfg = QualityConfig::default();
        assert_eq!(assess_lead(&[], 500.0, &cfg).grade, Grade::Unusable);
        assert_eq!(
            assess_lead(&[f32::NAN; 1000], 500.0, &cfg).grade,
            Grade::Unusable
        );
        assert_eq!(assess_lead(&[1.0; 10], 0.0, &cfg).grade, Grade::Unusable);
    }
}
