//! Atrial-flutter evidence: a regular atrial oscillation at 240–350 /min that fills the baseline
//! between the QRS complexes, measured as an autocorrelation in a few leads.
//!
//! Each lead is averaged into bins of about 10 ms (100 Hz whatever the sample rate), the QRS
//! complexes are blanked out, and the baseline is removed by subtracting a 0.5 s running mean
//! of the unblanked bins (0.5 s is two flutter cycles at 240 /min, where a running mean passes
//! the oscillation unchanged). The average beat is taken over a window from 100 ms before the
//! QRS to 65 % of the RR interval after it. Three signals come out:
//!
//! - the *residual*, the blanked signal minus the average beat (QRST cancellation): atrial
//!   activity not locked to the QRS survives, and a regular oscillation keeps its
//!   autocorrelation at one cycle (*periodicity*), while the residual of sinus rhythm is noise
//!   and that of atrial fibrillation is irregular;
//! - the blanked signal minus the average beat smoothed over 200 ms, about one flutter cycle,
//!   which removes the T wave but not F waves at 4–6 Hz: read for F waves of any conduction,
//!   its autocorrelation at one cycle (*dominance*) says that the F waves fill the baseline
//!   between the QRS complexes, with no isoelectric segment, where sinus rhythm shows a P wave
//!   and a flat TP segment;
//! - the blanked signal itself, read for F waves locked to the QRS (N:1 conduction), for which
//!   the previous signal would not do: the average beat minus its smoothed self keeps the beat's
//!   own 4–6 Hz content, which rings at a flutter-like cycle in every rhythm.
//!
//! A record's reading is that of the best *pair* of leads agreeing on the cycle length within
//! 20 ms: one lead alone can be fooled by a T wave or by noise. How the figures are judged, and
//! why flutter locked at 2:1 is out of reach, is in [`crate::rhythm`].
//!
//! ```
//! use ndarray::Array2;
//! use sinus::atrial::{flutter_evidence, FlutterParams};
//! // Two leads of 10 s at 500 Hz: F waves at 300 /min and QRS spikes every 0.8 s (4:1).
//! let fs = 500.0;
//! let mut sig = Array2::<f32>::zeros((2, 5000));
//! let beats: Vec<usize> = (1..12).map(|k| k * 400 + 50).collect();
//! for t in 0..5000 {
//!     let phase = (t as f64 / fs * 5.0).fract();
//!     let f = (0.15 * (2.0 * phase - 1.0)) as f32; // sawtooth, 0.3 mV peak to peak
//!     sig[[0, t]] = f;
//!     sig[[1, t]] = 0.8 * f;
//! }
//! for &b in &beats {
//!     for k in 0..2 { sig[[k, b]] += 1.0; }
//! }
//! let e = flutter_evidence(sig.view(), fs, &beats, &[0, 1], 0.09, &FlutterParams::default()).unwrap();
//! let locked = e.locked.unwrap();
//! assert!((locked.atrial_rate_bpm - 300.0).abs() < 15.0, "{locked:?}");
//! // The F waves fill the baseline, and the RR interval is four atrial cycles.
//! assert!(locked.dominance > 0.9 && (locked.rr_over_period - 4.0).abs() < 0.1, "{locked:?}");
//! ```

use ndarray::ArrayView2;
use serde::{Deserialize, Serialize};

/// The search range and amplitude floor of [`flutter_evidence`].
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct FlutterParams {
    /// Slowest atrial rate searched (/min).
    pub min_rate_bpm: f64,
    /// Fastest atrial rate searched (/min).
    pub max_rate_bpm: f64,
    /// A lead is read only if its blanked, baseline-removed signal has at least this RMS (mV).
    pub min_rms_mv: f64,
}

impl Default for FlutterParams {
    /// The defaults of [`crate::rhythm::RhythmConfig`].
    fn default() -> Self {
        FlutterParams {
            min_rate_bpm: 240.0,
            max_rate_bpm: 350.0,
            min_rms_mv: 0.02,
        }
    }
}

/// One reading of an atrial oscillation in one lead: the lag of highest autocorrelation of a
/// signal within the searched cycle lengths.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct LeadCycle {
    /// The atrial cycle length (ms).
    pub period_ms: f64,
    /// Whether the highest autocorrelation lies inside the searched range rather than at its
    /// edge (a peak at the edge is a slope, not a cycle).
    pub interior: bool,
    /// The autocorrelation of the signal searched at `period_ms` (−1 to 1): the dominance.
    pub dominance: f64,
    /// Autocorrelation of the QRST-cancelled residual at `period_ms` (±10 ms).
    pub periodicity: f64,
}

/// The atrial oscillation in one lead, read twice.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FlutterLead {
    /// The lead's row index.
    pub lead: usize,
    /// RMS of the QRS-blanked, baseline-removed signal (mV).
    pub rms_mv: f64,
    /// Read on the QRS-blanked signal with the smoothed average beat (its T wave) removed: F
    /// waves of any conduction, and the T wave no longer hides them.
    pub unlocked: LeadCycle,
    /// Read on the QRS-blanked signal itself: F waves locked to the QRS, which the smoothed
    /// average beat would otherwise turn into a ringing at the same cycle in every rhythm.
    pub locked: LeadCycle,
}

/// The oscillation of a record: the two leads agreeing on the cycle within 20 ms with the
/// highest lower dominance.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct FlutterReading {
    /// The two leads (row indices).
    pub pair: [usize; 2],
    /// Mean atrial cycle length of the pair (ms).
    pub atrial_period_ms: f64,
    /// The atrial rate it gives (/min).
    pub atrial_rate_bpm: f64,
    /// The lower periodicity of the pair (residual autocorrelation at one cycle).
    pub periodicity: f64,
    /// The lower dominance of the pair.
    pub dominance: f64,
    /// Median RR interval over the atrial cycle: near an integer N for N:1 conduction.
    pub rr_over_period: f64,
    /// How closely the RR intervals are whole numbers of atrial cycles: the length of the mean
    /// of the unit vectors at phase 2π·RR/cycle (1 when every RR is a multiple of the cycle, as
    /// in flutter with any conduction ratio; about 1/√n for RR intervals unrelated to the
    /// cycle, as in fibrillation).
    #[serde(default)]
    pub rr_phase_coherence: f64,
    /// The Rayleigh statistic of those phases, n·coherence² over n RR intervals: the chance that
    /// n phases unrelated to the cycle line up as well is about exp(−z) (Rayleigh test; z ≥ 3 is
    /// p < 0.05).
    #[serde(default)]
    pub rr_phase_rayleigh_z: f64,
}

/// The flutter evidence of a record.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FlutterEvidence {
    /// Every lead read.
    pub leads: Vec<FlutterLead>,
    /// The reading with the T wave removed (see [`FlutterLead::unlocked`]).
    pub unlocked: Option<FlutterReading>,
    /// The reading of the blanked signal (see [`FlutterLead::locked`]).
    pub locked: Option<FlutterReading>,
}

/// Most leads read (the caller lists the best first).
const MAX_LEADS: usize = 6;
/// Two leads agree on the atrial cycle within this (ms).
const PAIR_TOLERANCE_MS: f64 = 20.0;

/// Measures the flutter evidence on the rows `leads` of `signals` (mV, lead-major) sampled at
/// `fs_hz`, with QRS fiducials at `beats` (sample indices, increasing) and a dominant QRS
/// duration of `qrs_s` seconds. Reads at most six distinct leads, skips any with missing samples or below
/// the amplitude floor. None with fewer than four beats, fewer than two readable leads or no pair
/// agreeing on a cycle.
pub fn flutter_evidence(
    signals: ArrayView2<'_, f32>,
    fs_hz: f64,
    beats: &[usize],
    leads: &[usize],
    qrs_s: f64,
    params: &FlutterParams,
) -> Option<FlutterEvidence> {
    if !(fs_hz.is_finite() && fs_hz > 0.0) || beats.len() < 4 {
        return None;
    }
    let bin = ((fs_hz / 100.0).round() as usize).max(1);
    let fb = fs_hz / bin as f64;
    let n = signals.ncols() / bin;
    let to_bin = |s: f64| (s * fb).round() as usize;
    // Lags of one atrial cycle, one bin either side to tell a peak from an edge.
    let lo = to_bin(60.0 / params.max_rate_bpm.max(1.0)).max(2);
    let hi = to_bin(60.0 / params.min_rate_bpm.max(1.0)).max(lo);
    if n < 4 * (hi + 1) {
        return None;
    }
    let mut beats_b: Vec<usize> = beats.iter().map(|&b| b / bin).filter(|&b| b < n).collect();
    beats_b.sort_unstable();
    beats_b.dedup();
    let mut rr: Vec<usize> = beats_b.windows(2).map(|w| w[1] - w[0]).collect();
    rr.sort_unstable();
    let median_rr = *rr.get(rr.len() / 2)?;
    if median_rr == 0 {
        return None;
    }
    // QRS blanking: the complex plus 30 ms of slope either side, at least 60 ms before and 100 ms
    // after the fiducial (which lies near the R peak, after the onset).
    let qrs = if qrs_s.is_finite() {
        qrs_s.clamp(0.0, 0.25)
    } else {
        0.1
    };
    let extra = (qrs - 0.10).max(0.0) / 2.0;
    let blank_pre = to_bin(0.06 + extra);
    let blank_post = to_bin(0.10 + extra);
    // Cancellation window: 100 ms before the fiducial to 65 % of the RR interval after it.
    let cpre = to_bin(0.10);
    let cpost = (median_rr as f64 * 0.65).round() as usize;
    let mut work = Work::new(n, cpre + cpost);
    let mut out = Vec::new();
    let mut rows: Vec<usize> = Vec::with_capacity(MAX_LEADS);
    for &k in leads {
        if k < signals.nrows() && !rows.contains(&k) && rows.len() < MAX_LEADS {
            rows.push(k);
        }
    }
    for &k in &rows {
        let row = signals.row(k);
        // Bin means; a bin with a missing sample makes the lead unreadable.
        let mut finite = true;
        let inv = 1.0 / bin as f64;
        if let Some(samples) = row.as_slice() {
            for (x, c) in work.x.iter_mut().zip(samples.chunks_exact(bin)) {
                *x = c.iter().map(|&v| f64::from(v)).sum::<f64>() * inv;
                finite &= x.is_finite();
            }
        } else {
            let mut samples = row.iter();
            for x in work.x.iter_mut() {
                let acc: f64 = samples.by_ref().take(bin).map(|&v| f64::from(v)).sum();
                *x = acc * inv;
                finite &= x.is_finite();
            }
        }
        if !finite {
            continue;
        }
        work.blank(&beats_b, blank_pre, blank_post);
        work.highpass(to_bin(0.5) | 1);
        let rms = work.rms();
        if rms < params.min_rms_mv {
            continue;
        }
        work.mask.clear();
        work.mask
            .extend(work.valid.iter().map(|&v| if v { 1.0 } else { 0.0 }));
        work.cancel(&beats_b, cpre, cpost, to_bin(0.2) | 1);
        work.squares();
        let res = (&work.res[..], &work.sq_res[..]);
        let read = |x: (&[f32], &[f32])| -> Option<LeadCycle> {
            let (lag, dominance, interior) = best_lag(x, &work.mask, lo, hi)?;
            // The residual's cycle may differ by a bin of rounding.
            let periodicity = (lag - 1..=lag + 1)
                .map(|l| autocorr(res, &work.mask, l))
                .fold(f64::NEG_INFINITY, f64::max);
            Some(LeadCycle {
                period_ms: lag as f64 * 1000.0 / fb,
                interior,
                dominance,
                periodicity,
            })
        };
        let (Some(unlocked), Some(locked)) = (
            read((&work.detr, &work.sq_detr)),
            read((&work.hp, &work.sq_hp)),
        ) else {
            continue;
        };
        out.push(FlutterLead {
            lead: k,
            rms_mv: rms,
            unlocked,
            locked,
        });
    }
    if out.len() < 2 {
        return None;
    }
    let rr_ms = median_rr as f64 * 1000.0 / fb;
    let rrs: Vec<f64> = beats_b
        .windows(2)
        .map(|w| (w[1] - w[0]) as f64 * 1000.0 / fb)
        .collect();
    Some(FlutterEvidence {
        unlocked: best_pair(&out, |l| &l.unlocked, rr_ms, &rrs),
        locked: best_pair(&out, |l| &l.locked, rr_ms, &rrs),
        leads: out,
    })
}

/// The two leads agreeing on the cycle (both interior peaks, within `PAIR_TOLERANCE_MS`) with
/// the highest lower dominance.
fn best_pair(
    leads: &[FlutterLead],
    cycle: impl Fn(&FlutterLead) -> &LeadCycle,
    rr_ms: f64,
    rrs: &[f64],
) -> Option<FlutterReading> {
    let mut best: Option<(f64, usize, usize)> = None;
    for (i, a) in leads.iter().enumerate() {
        for (j, b) in leads.iter().enumerate().skip(i + 1) {
            let (ca, cb) = (cycle(a), cycle(b));
            if ca.interior
                && cb.interior
                && (ca.period_ms - cb.period_ms).abs() <= PAIR_TOLERANCE_MS
            {
                let s = ca.dominance.min(cb.dominance);
                if best.is_none_or(|(bs, _, _)| s > bs) {
                    best = Some((s, i, j));
                }
            }
        }
    }
    let (dominance, i, j) = best?;
    let (ca, cb) = (cycle(&leads[i]), cycle(&leads[j]));
    let period = (ca.period_ms + cb.period_ms) / 2.0;
    Some(FlutterReading {
        pair: [leads[i].lead, leads[j].lead],
        atrial_period_ms: period,
        atrial_rate_bpm: 60_000.0 / period,
        periodicity: ca.periodicity.min(cb.periodicity),
        dominance,
        rr_over_period: rr_ms / period,
        rr_phase_coherence: phase_coherence(rrs, period),
        rr_phase_rayleigh_z: rrs.len() as f64 * phase_coherence(rrs, period).powi(2),
    })
}

/// Length of the mean unit vector at phase 2π·x/period over `xs` (0 when empty).
fn phase_coherence(xs: &[f64], period: f64) -> f64 {
    if xs.is_empty() || period.is_nan() || period <= 0.0 {
        return 0.0;
    }
    let (mut c, mut s) = (0.0, 0.0);
    for &x in xs {
        let ph = std::f64::consts::TAU * x / period;
        c += ph.cos();
        s += ph.sin();
    }
    (c * c + s * s).sqrt() / xs.len() as f64
}

/// Buffers reused from lead to lead (one allocation per record, none per sample).
struct Work {
    /// Bin means (mV).
    x: Vec<f64>,
    /// Bins outside the QRS blanking with enough unblanked neighbours for a baseline.
    valid: Vec<bool>,
    /// `valid` as 1.0 / 0.0, for branch-free sums.
    mask: Vec<f32>,
    /// Baseline-removed signal, 0 where not valid.
    hp: Vec<f32>,
    /// `hp` after QRST cancellation.
    res: Vec<f32>,
    /// Prefix sums for the running mean.
    csum: Vec<f64>,
    ccount: Vec<u32>,
    /// The average beat and its counts, by offset from the fiducial.
    tmpl: Vec<f64>,
    tcount: Vec<u32>,
    /// `tmpl` smoothed, and `hp` minus it.
    tsmooth: Vec<f64>,
    detr: Vec<f32>,
    /// Squares of `hp`, `res` and `detr`.
    sq_hp: Vec<f32>,
    sq_res: Vec<f32>,
    sq_detr: Vec<f32>,
}

impl Work {
    fn new(n: usize, w: usize) -> Work {
        Work {
            x: vec![0.0; n],
            valid: vec![true; n],
            mask: Vec::with_capacity(n),
            hp: vec![0.0; n],
            res: vec![0.0; n],
            csum: vec![0.0; n + 1],
            ccount: vec![0; n + 1],
            tmpl: vec![0.0; w],
            tcount: vec![0; w],
            tsmooth: vec![0.0; w],
            detr: vec![0.0; n],
            sq_hp: vec![0.0; n],
            sq_res: vec![0.0; n],
            sq_detr: vec![0.0; n],
        }
    }

    fn blank(&mut self, beats: &[usize], pre: usize, post: usize) {
        self.valid.fill(true);
        let n = self.valid.len();
        for &b in beats {
            let a = b.saturating_sub(pre);
            let e = (b + post + 1).min(n);
            if a < e {
                self.valid[a..e].fill(false);
            }
        }
    }

    /// `hp` = x minus the mean of the valid bins within `len / 2` either side; bins whose window
    /// holds fewer than a fifth valid bins become invalid.
    fn highpass(&mut self, len: usize) {
        let n = self.x.len();
        for i in 0..n {
            let v = self.valid[i];
            self.csum[i + 1] = self.csum[i] + if v { self.x[i] } else { 0.0 };
            self.ccount[i + 1] = self.ccount[i] + u32::from(v);
        }
        let half = len / 2;
        for i in 0..n {
            let a = i.saturating_sub(half);
            let e = (i + half + 1).min(n);
            let c = self.ccount[e] - self.ccount[a];
            if self.valid[i] && c as usize * 5 >= len {
                self.hp[i] = (self.x[i] - (self.csum[e] - self.csum[a]) / c as f64) as f32;
            } else {
                self.valid[i] = false;
                self.hp[i] = 0.0;
            }
        }
    }

    fn squares(&mut self) {
        for (sq, x) in [
            (&mut self.sq_hp, &self.hp),
            (&mut self.sq_res, &self.res),
            (&mut self.sq_detr, &self.detr),
        ] {
            for (q, v) in sq.iter_mut().zip(x) {
                *q = v * v;
            }
        }
    }

    fn rms(&self) -> f64 {
        let (s, c) = self
            .hp
            .iter()
            .zip(&self.valid)
            .filter(|(_, v)| **v)
            .fold((0.0f64, 0usize), |(s, c), (&x, _)| {
                (s + f64::from(x) * f64::from(x), c + 1)
            });
        if c == 0 { 0.0 } else { (s / c as f64).sqrt() }
    }

    /// Each bin belongs to the beat whose window `[b - pre, b + post)` holds it, the later beat
    /// winning where windows overlap; `res` = `hp` minus the average of the bins at the same
    /// offset (offsets seen in fewer than three beats are left alone).
    fn cancel(&mut self, beats: &[usize], pre: usize, post: usize, smooth: usize) {
        let n = self.hp.len();
        self.tmpl.fill(0.0);
        self.tcount.fill(0);
        let span = |i: usize, b: usize| -> (usize, usize) {
            let end = beats
                .get(i + 1)
                .map_or(n, |&nb| nb.saturating_sub(pre))
                .min(b + post)
                .min(n);
            (b.saturating_sub(pre), end)
        };
        for (i, &b) in beats.iter().enumerate() {
            let (a, e) = span(i, b);
            for t in a..e {
                if self.valid[t] {
                    let o = t + pre - b;
                    self.tmpl[o] += f64::from(self.hp[t]);
                    self.tcount[o] += 1;
                }
            }
        }
        for (m, &c) in self.tmpl.iter_mut().zip(&self.tcount) {
            *m = if c >= 3 { *m / c as f64 } else { 0.0 };
        }
        // The average beat smoothed over about one atrial cycle: its T wave without the F waves
        // locked to the QRS.
        let w = self.tmpl.len();
        let half = smooth / 2;
        for o in 0..w {
            let (a, e) = (o.saturating_sub(half), (o + half + 1).min(w));
            self.tsmooth[o] = self.tmpl[a..e].iter().sum::<f64>() / (e - a) as f64;
        }
        self.res.copy_from_slice(&self.hp);
        self.detr.copy_from_slice(&self.hp);
        for (i, &b) in beats.iter().enumerate() {
            let (a, e) = span(i, b);
            for t in a..e {
                if self.valid[t] {
                    self.res[t] -= self.tmpl[t + pre - b] as f32;
                    self.detr[t] -= self.tsmooth[t + pre - b] as f32;
                }
            }
        }
    }
}

/// Normalised autocorrelation at `lag` of a signal `x` given with its squares (`x` is 0 where
/// `mask` is 0.0 and zero-mean after the high-pass, so no mean is removed), over the pairs of
/// valid bins; 0 when undefined.
fn autocorr((x, sq): (&[f32], &[f32]), mask: &[f32], lag: usize) -> f64 {
    let n = x.len();
    if lag >= n || mask.len() != n || sq.len() != n {
        return 0.0;
    }
    let m = n - lag;
    let sab = dot(&x[..m], &x[lag..]);
    let saa = dot(&sq[..m], &mask[lag..]);
    let sbb = dot(&sq[lag..], &mask[..m]);
    if saa > 0.0 && sbb > 0.0 {
        // f32 partial sums can overshoot by a rounding error.
        (sab / (saa * sbb).sqrt()).clamp(-1.0, 1.0)
    } else {
        0.0
    }
}

/// Dot product of the common prefix, in eight independent f32 partial sums (about 125 terms
/// each for 10 s at 100 Hz, well within f32's precision for a correlation): one running sum
/// would wait on the adder's latency, and eight lanes let the compiler use SIMD.
fn dot(a: &[f32], b: &[f32]) -> f64 {
    let mut acc = [0.0f32; 8];
    let (ca, cb) = (a.chunks_exact(8), b.chunks_exact(8));
    let (ra, rb) = (ca.remainder(), cb.remainder());
    for (a8, b8) in ca.zip(cb) {
        for l in 0..8 {
            acc[l] += a8[l] * b8[l];
        }
    }
    let tail: f32 = ra.iter().zip(rb).map(|(x, y)| x * y).sum();
    acc.iter().map(|&v| f64::from(v)).sum::<f64>() + f64::from(tail)
}

/// The lag in `lo - 1 ..= hi + 1` with the highest autocorrelation, the value, and whether the
/// lag lies in `lo..=hi` (a true peak rather than the edge of a slope).
fn best_lag(x: (&[f32], &[f32]), mask: &[f32], lo: usize, hi: usize) -> Option<(usize, f64, bool)> {
    let mut best: Option<(usize, f64)> = None;
    for lag in lo - 1..=hi + 1 {
        let r = autocorr(x, mask, lag);
        if best.is_none_or(|(_, br)| r > br) {
            best = Some((lag, r));
        }
    }
    best.map(|(l, r)| (l, r, (lo..=hi).contains(&l)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use ndarray::Array2;

    /// Three leads of sawtooth F waves (`f_hz`, 0 for none; 0.2 mV peak to peak, as in II of
    /// typical flutter) plus a QRS spike, a 0.1 mV T wave and optionally a P wave at `beats`.
    fn record(fs: f64, secs: f64, f_hz: f64, beats: &[usize], p_wave: bool) -> Array2<f32> {
        let n = (fs * secs) as usize;
        let mut sig = Array2::<f32>::zeros((3, n));
        let gauss = |t: f64, c: f64, w: f64, a: f64| a * (-((t - c) / w).powi(2) / 2.0).exp();
        for t in 0..n {
            let ts = t as f64 / fs;
            let f = if f_hz > 0.0 {
                let ph = (ts * f_hz).fract();
                0.2 * if ph < 0.8 { ph / 0.8 } else { (1.0 - ph) / 0.2 } - 0.1
            } else {
                0.0
            };
            let mut v = f;
            for &b in beats {
                let bs = b as f64 / fs;
                v += gauss(ts, bs, 0.012, 1.2) + gauss(ts, bs + 0.28, 0.05, 0.1);
                if p_wave {
                    v += gauss(ts, bs - 0.16, 0.025, 0.12);
                }
            }
            for (k, g) in [1.0, 0.8, -0.6].into_iter().enumerate() {
                sig[[k, t]] = (g * v) as f32;
            }
        }
        sig
    }

    fn beats_every(fs: f64, rr_s: &[f64]) -> Vec<usize> {
        let mut t = 0.3;
        let mut out = Vec::new();
        for r in rr_s.iter().cycle() {
            if t > 9.7 {
                break;
            }
            out.push((t * fs) as usize);
            t += r;
        }
        out
    }

    #[test]
    fn variable_conduction_flutter_is_periodic_at_the_atrial_rate() {
        for fs in [128.0, 250.0, 360.0, 500.0, 1000.0] {
            // 300 /min, RR of two to four cycles with a varying AV delay (variable conduction,
            // the QRS falling at a different F-wave phase each time).
            let beats = beats_every(fs, &[0.43, 0.61, 0.78, 0.52]);
            let sig = record(fs, 10.0, 5.0, &beats, false);
            let e = flutter_evidence(
                sig.view(),
                fs,
                &beats,
                &[0, 1, 2],
                0.08,
                &FlutterParams::default(),
            )
            .unwrap()
            .unlocked
            .unwrap();
            assert!((e.atrial_rate_bpm - 300.0).abs() < 15.0, "{fs}: {e:?}");
            assert!(e.periodicity > 0.6, "{fs}: {e:?}");
            assert!(e.dominance > 0.6, "{fs}: {e:?}");
        }
    }

    #[test]
    fn sinus_rhythm_has_no_periodicity() {
        for (fs, rr) in [(500.0, 0.8), (500.0, 0.42), (360.0, 0.6), (128.0, 1.0)] {
            let beats = beats_every(fs, &[rr]);
            let sig = record(fs, 10.0, 0.0, &beats, true);
            let e = flutter_evidence(
                sig.view(),
                fs,
                &beats,
                &[0, 1, 2],
                0.08,
                &FlutterParams::default(),
            );
            // Noise-free sinus: the residual is zero, so either no pair or no periodicity.
            let u = e.as_ref().and_then(|e| e.unlocked.as_ref());
            assert!(u.is_none_or(|u| u.periodicity < 0.3), "{fs} {rr}: {e:?}");
        }
    }

    #[test]
    fn degenerate_inputs_give_none() {
        let sig = Array2::<f32>::zeros((2, 5000));
        let beats: Vec<usize> = (1..12).map(|k| k * 400).collect();
        let p = FlutterParams::default();
        assert!(flutter_evidence(sig.view(), 500.0, &beats, &[0, 1], 0.1, &p).is_none());
        assert!(flutter_evidence(sig.view(), f64::NAN, &beats, &[0, 1], 0.1, &p).is_none());
        assert!(flutter_evidence(sig.view(), 500.0, &beats[..3], &[0, 1], 0.1, &p).is_none());
        assert!(flutter_evidence(sig.view(), 500.0, &beats, &[7], 0.1, &p).is_none());
        let short = Array2::<f32>::zeros((2, 100));
        assert!(
            flutter_evidence(short.view(), 500.0, &[10, 30, 50, 70], &[0, 1], 0.1, &p).is_none()
        );
        let mut nan = record(500.0, 10.0, 5.0, &beats, false);
        nan.row_mut(0).fill(f32::NAN);
        nan.row_mut(1).fill(f32::NAN);
        assert!(flutter_evidence(nan.view(), 500.0, &beats, &[0, 1, 2], 0.1, &p).is_none());
    }
}
