//! Pacemaker spikes, found on the unfiltered signal, and the paced chamber of each beat.
//!
//! A pacing stimulus lasts 0.1–1 ms; an electrocardiograph shows it as a spike one or two
//! samples wide (at 250–1000 Hz), often followed by a short decay from the amplifier's
//! recovery, in most leads at the same sample (the stimulus is one dipole, every lead a
//! projection of it). Two features tell it from a QRS, whose steepest parts still take
//! several milliseconds to rise and fall:
//!
//! - **Two-sided jump.** At each sample and lead, the smaller of the two jumps to the samples
//!   `k` before and after (`k` = 2 ms, at least one sample), counted only when both go the
//!   same way (a peak, not a slope or a step); the leads combine as a root sum of squares. A
//!   spike stands as tall as itself; an R peak 2 ms from its summit has barely moved.
//! - **Prominence.** The spike stands at least `min_prominence` times above the 90th percentile
//!   of the same measure within ±40 ms (muscle noise and mains ripple make many similar peaks;
//!   a pacing spike, or a pair of biventricular spikes, stands alone).
//!
//! A spike at the start of a QRS (within 150 ms before the detector's fiducial, 20 ms after)
//! paces the ventricles; one 80–450 ms before the fiducial and before that, the atria. A
//! record is paced when at least half its beats carry a spike ([`PacingConfig`]); fewer paced
//! beats are still counted (intermittent pacing), and paced beats are never called premature
//! ventricular beats.
//!
//! Devices that filter their output (Holter tapes, some 12-lead machines that remove the spike
//! and draw a marker instead) leave no spike to find; such records read as their QRS shape
//! suggests.
//!
//! ```
//! use ndarray::Array2;
//! use sinus::pacing::{find_spikes, PacingConfig};
//! // 2 s of flat signal in three leads with a one-sample spike at 0.5 s and 1.5 s.
//! let mut sig = Array2::<f32>::zeros((3, 1000));
//! for &t in &[250usize, 750] {
//!     sig[[0, t]] = 0.6;
//!     sig[[1, t]] = -0.4;
//!     sig[[2, t]] = 0.5;
//! }
//! let spikes = find_spikes(sig.view(), 500.0, &[true, true, true], &PacingConfig::default());
//! assert_eq!(spikes.iter().map(|s| s.sample).collect::<Vec<_>>(), vec![250, 750]);
//! ```

use ndarray::{Array2, ArrayView2};
use serde::{Deserialize, Serialize};

/// Thresholds of spike detection and of the paced reading.
///
/// The jump is measured at two scales, `jump_ms` and one sample more, so a spike one or two
/// samples wide is seen at any rate; at either scale the jump must be at least twice the
/// slope just before it (the spike rises from a flat shoulder).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
#[non_exhaustive]
pub struct PacingConfig {
    /// Smallest spike: the root sum of squares over the leads of the two-sided jump (mV).
    /// Default 0.15: the biventricular spikes of LUDB 93 reach 0.18–1.1 mV this way, the
    /// unipolar spikes of LUDB 8, 72 and 74 0.4–2.1.
    pub min_spike_mv: f64,
    /// A lead shows the spike when its own two-sided jump reaches this (mV), and at least
    /// half the leads read must show it: a stimulus is one dipole, seen in every lead, where a
    /// notch of the QRS or a burst of muscle noise shows in one or a few (in LUDB's paced
    /// records 8–12 of 12 leads show each spike; the spike-like notches and noise of its other
    /// records, 1–5). Default 0.03.
    pub min_lead_jump_mv: f64,
    /// In the 20 ms before the spike the leads move at most this many times its size (root
    /// sum of squares over the leads of the largest excursion from the sample just before it):
    /// a pacing spike leaves an isoelectric or slow baseline, where a notch inside a QRS comes
    /// after steep slopes. Default 2 (LUDB's spikes 0.0–1.8, notches and noise 3–11).
    pub max_shoulder: f64,
    /// The spike must stand this many times above the 90th percentile of the measure within
    /// ±40 ms. Default 3.
    pub min_prominence: f64,
    /// Half-width of the two-sided jump (ms): the jump is measured `k` samples either side,
    /// `k` = this at the record's rate, at least one sample. Default 2: a stimulus of ≤ 1 ms
    /// smeared by the device's anti-alias filter stays within it at 250–1000 Hz.
    pub jump_ms: f64,
    /// A spike this long before the fiducial (ms) or less paces the ventricles. Default 150:
    /// the paced QRS is wide, and the detector's fiducial lies up to ~100 ms into it.
    pub ventricular_lead_ms: f64,
    /// …or this long after it (ms). Default 20.
    pub ventricular_lag_ms: f64,
    /// A spike up to this long before the fiducial (ms), and at least
    /// `min_av_delay_ms` before any ventricular spike, paces the atria. Default 450.
    pub atrial_lead_ms: f64,
    /// See `atrial_lead_ms`. Default 80 (programmed AV delays are 100–250 ms).
    pub min_av_delay_ms: f64,
    /// The rhythm is paced when at least this fraction of the beats carries a spike of the
    /// chamber. Default 0.5.
    pub min_paced_fraction: f64,
    /// A pacemaker drives the ventricles at a fixed delay from spike to QRS: the delays of the
    /// ventricular spikes to the detector's fiducials must spread (interquartile range) at
    /// most this much (ms), or the spikes are taken for noise. Default 15 (LUDB's paced
    /// records: 0–8 ms).
    pub max_delay_spread_ms: f64,
    /// The beats a ventricular spike starts must have a median QRS at least this wide (ms),
    /// or the spikes are taken for notches of a conducted QRS. Default 80 (the coarse width of
    /// [`crate::beats`] reads LUDB 72's paced QRS, 134 ms by its annotators, as 98 ms; the notched
    /// narrow QRS of LUDB 17 as 54 ms): a paced ventricle
    /// depolarises cell to cell (paced QRS 120–200 ms; biventricular 120–160).
    pub min_paced_qrs_ms: f64,
    /// …and at least this many beats. Default 3.
    pub min_paced_beats: usize,
    /// Scale (ms) of the two-sided jump of a spike smeared by the recorder's own band limit,
    /// searched when no sharp spike is found ([`find_smeared_spikes`]): MIT-BIH's paced
    /// records (102, 104, 107; tape recordings played back at 360 Hz) show each stimulus as
    /// a pulse of ~1 mV rising in 3 samples and falling in 3–4 (8–11 ms), where the sharp
    /// scale finds nothing. Default 8; 0 turns the search off.
    pub smeared_ms: f64,
    /// Smallest smeared spike (root sum of squares over the leads of the two-sided jump at
    /// `smeared_ms`, mV). Default 0.4: MIT-BIH's reach 0.6–1.2; at 0.15 the Q and r waves of
    /// its bundle-branch-block records (118, 124) pass too.
    pub min_smeared_mv: f64,
    /// Smeared spikes count only when they start at least this fraction of the record's
    /// beats. Default 0.5: MIT-BIH 102, 104 and 107 reach 0.65–0.94; the sharp QRS waves
    /// taken for smeared spikes in unpaced records (118, 124), at most 0.27.
    pub min_smeared_fraction: f64,
    /// A smeared spike is at most this wide at half its height (ms), in the lead it rises
    /// most in, and does not swing on past its starting level the other way by more than half
    /// its height within 30 ms. Default 15: MIT-BIH's paced records 8–14 ms (3–5 samples at
    /// 360 Hz); the Q and r waves of its bundle-branch-block records that pass the other tests,
    /// 17–90 ms, or narrower ones (124) followed by an R wave as tall as themselves.
    pub max_smeared_width_ms: f64,
}

impl Default for PacingConfig {
    fn default() -> Self {
        PacingConfig {
            min_spike_mv: 0.15,
            min_lead_jump_mv: 0.03,
            max_shoulder: 2.0,
            min_prominence: 3.0,
            jump_ms: 2.0,
            ventricular_lead_ms: 150.0,
            ventricular_lag_ms: 20.0,
            atrial_lead_ms: 450.0,
            min_av_delay_ms: 80.0,
            min_paced_fraction: 0.5,
            max_delay_spread_ms: 15.0,
            min_paced_qrs_ms: 80.0,
            min_paced_beats: 3,
            smeared_ms: 8.0,
            min_smeared_mv: 0.4,
            min_smeared_fraction: 0.5,
            max_smeared_width_ms: 15.0,
        }
    }
}

/// A pacemaker spike.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Spike {
    /// The sample of its peak.
    pub sample: usize,
    /// Its size: root sum of squares over the leads of the two-sided jump (mV).
    pub amplitude_mv: f64,
    /// How far it stands above its surroundings (see [`PacingConfig::min_prominence`]).
    pub prominence: f64,
    /// Leads showing it.
    pub leads: usize,
}

/// The spikes found before one beat.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct BeatPacing {
    /// A spike at the start of the QRS: the beat is ventricular paced.
    pub ventricular: bool,
    /// Samples from that spike to the beat's fiducial (negative: the spike comes first).
    pub ventricular_delay: Option<i64>,
    /// A spike before the P wave: the beat is atrial paced.
    pub atrial: bool,
    /// Samples from that spike to the beat's fiducial (negative: the spike comes first).
    pub atrial_delay: Option<i64>,
}

/// Pacemaker spikes are sought only at this sample rate or above (Hz): the jump of
/// [`PacingConfig::jump_ms`] is resolved at 250–1000 Hz, the rates of the records it was set on.
pub const MIN_SPIKE_FS_HZ: f64 = 250.0;

/// The spikes of a record (rows `usable` of `signals`, mV, at `fs_hz`), in time order.
pub fn find_spikes(
    signals: ArrayView2<'_, f32>,
    fs_hz: f64,
    usable: &[bool],
    cfg: &PacingConfig,
) -> Vec<Spike> {
    if !(fs_hz.is_finite() && fs_hz >= MIN_SPIKE_FS_HZ) {
        return Vec::new();
    }
    let k1 = ((cfg.jump_ms / 1000.0 * fs_hz).round() as usize).max(1);
    let scan = Scan {
        scales: [k1, k1 + 1],
        min_mv: cfg.min_spike_mv,
        exclude: ((0.006 * fs_hz).round() as usize).max(2),
        max_width: None,
    };
    scan.run(signals, fs_hz, usable, cfg)
}

/// Spikes smeared by the recorder's own filter (see [`PacingConfig::smeared_ms`]): the same
/// two-sided jump, flat shoulder, prominence and lead count as [`find_spikes`], at a scale of
/// `smeared_ms` and above `min_smeared_mv`. Such a pulse is hard to tell from a sharp QRS
/// wave on its own, so the pipeline keeps them only when they start most beats
/// ([`smeared_pacing`]) and then pass the same checks as sharp spikes (a fixed delay to a
/// wide QRS); they are not bridged, being as wide as a QRS wave.
pub fn find_smeared_spikes(
    signals: ArrayView2<'_, f32>,
    fs_hz: f64,
    usable: &[bool],
    cfg: &PacingConfig,
) -> Vec<Spike> {
    if !(fs_hz.is_finite() && fs_hz >= MIN_SPIKE_FS_HZ && cfg.smeared_ms > 0.0) {
        return Vec::new();
    }
    let k = ((cfg.smeared_ms / 1000.0 * fs_hz).round() as usize).max(1);
    let scan = Scan {
        scales: [k, k],
        min_mv: cfg.min_smeared_mv,
        exclude: ((0.006 * fs_hz).round() as usize).max(2) + k,
        max_width: Some((cfg.max_smeared_width_ms / 1000.0 * fs_hz).floor().max(1.0) as usize),
    };
    scan.run(signals, fs_hz, usable, cfg)
}

/// Whether smeared spikes (see [`find_smeared_spikes`]) start at least
/// [`PacingConfig::min_smeared_fraction`] of the beats (fiducial samples, increasing), within
/// the window of a ventricular spike; at least [`PacingConfig::min_paced_beats`] of them.
pub fn smeared_pacing(spikes: &[Spike], beats: &[usize], fs_hz: f64, cfg: &PacingConfig) -> bool {
    if beats.is_empty() || spikes.is_empty() {
        return false;
    }
    let paced = assign(spikes, beats, fs_hz, cfg)
        .iter()
        .filter(|p| p.ventricular)
        .count();
    paced >= cfg.min_paced_beats && paced as f64 >= cfg.min_smeared_fraction * beats.len() as f64
}

/// One spike search: the two-sided jump at two scales (samples), the smallest spike (mV),
/// and the half-width around the peak left out of its background (samples).
struct Scan {
    scales: [usize; 2],
    min_mv: f64,
    exclude: usize,
    /// Widest pulse (samples at half its height, in the lead it is tallest in), if bounded.
    max_width: Option<usize>,
}

impl Scan {
    fn run(
        &self,
        signals: ArrayView2<'_, f32>,
        fs_hz: f64,
        usable: &[bool],
        cfg: &PacingConfig,
    ) -> Vec<Spike> {
        let n = signals.ncols();
        // Below MIN_SPIKE_FS_HZ a sample lasts longer than a QRS upstroke takes, so the two-sided
        // jump of a spike cannot be told from an R wave (a 128 Hz synthetic sinus rhythm had half
        // its QRS complexes bridged as spikes).
        if n < 8 {
            return Vec::new();
        }
        let [k1, k] = self.scales;
        if n <= 6 * k + 2 {
            return Vec::new();
        }
        let rows: Vec<usize> = (0..signals.nrows())
            .filter(|&r| usable.get(r).copied().unwrap_or(false))
            .collect();
        if rows.is_empty() {
            return Vec::new();
        }
        // Per scale (k1 samples, and one more for a spike two samples wide), the sum over the
        // leads of the squared two-sided jump, counted in a lead when the jump is at least twice
        // the slope just before it (a spike rises from a flat shoulder; an R peak keeps rising on
        // its way up).
        let mut jump = [vec![0f32; n], vec![0f32; if k == k1 { 0 } else { n }]];
        let mut buf: Vec<f32> = Vec::new();
        for &r in &rows {
            let row = signals.row(r);
            let x: &[f32] = match row.as_slice() {
                Some(s) => s,
                None => {
                    buf.clear();
                    buf.extend(row.iter().copied());
                    &buf
                }
            };
            for (si, kk) in [k1, k]
                .into_iter()
                .enumerate()
                .take(if k == k1 { 1 } else { 2 })
            {
                let acc = &mut jump[si][3 * kk..n - kk];
                // x[t - 3k], x[t - k], x[t], x[t + k] for t in 3k..n-k, without bounds checks.
                let (a, b) = (&x[..n - 4 * kk], &x[2 * kk..n - 2 * kk]);
                let (c, d) = (&x[3 * kk..n - kk], &x[4 * kk..]);
                for ((((o, &x3), &x1), &x0), &xp) in acc.iter_mut().zip(a).zip(b).zip(c).zip(d) {
                    let l = x0 - x1;
                    let rr = x0 - xp;
                    let (al, ar) = (l.abs(), rr.abs());
                    let m = if al < ar { al } else { ar };
                    // Branch-free so the loop vectorises; NaN compares false, so a missing
                    // sample adds nothing.
                    let keep = (l * rr > 0.0) & (m >= 2.0 * (x1 - x3).abs());
                    *o += if keep { m * m } else { 0.0 };
                }
            }
        }
        let [mut a2, j2] = jump;
        if k != k1 {
            for (a, b) in a2.iter_mut().zip(&j2) {
                *a = a.max(*b);
            }
        }
        let thr2 = (self.min_mv * self.min_mv) as f32;
        let half = ((0.04 * fs_hz).round() as usize).max(2);
        let peak = ((0.02 * fs_hz).round() as usize).max(1);
        let ex = self.exclude;
        let mut out: Vec<Spike> = Vec::new();
        let mut around: Vec<f32> = Vec::with_capacity(2 * half + 1);
        let mut t = 0;
        while t < n {
            let v = a2[t];
            if v < thr2 {
                t += 1;
                continue;
            }
            // A local maximum within ±20 ms (the first of equal values).
            let lo = t.saturating_sub(peak);
            let hi = (t + peak + 1).min(n);
            if a2[lo..hi]
                .iter()
                .enumerate()
                .any(|(i, &w)| w > v || (w == v && lo + i < t))
            {
                t += 1;
                continue;
            }
            around.clear();
            let (lo, hi) = (t.saturating_sub(half), (t + half + 1).min(n));
            around.extend(
                (lo..hi)
                    .filter(|&i| i + ex < t || i > t + ex)
                    .map(|i| a2[i]),
            );
            let bg2 = if around.is_empty() {
                0.0
            } else {
                let q = ((around.len() as f64 * 0.9).floor() as usize).min(around.len() - 1);
                around.select_nth_unstable_by(q, f32::total_cmp);
                around[q]
            };
            let amp = f64::from(v).sqrt();
            let bg = f64::from(bg2).max(0.0).sqrt();
            let prominence = amp / bg.max(0.01 * self.min_mv);
            let (leads, shoulder) = if prominence >= cfg.min_prominence {
                spread(signals, &rows, t, k1, k, fs_hz, cfg)
            } else {
                (0, f64::INFINITY)
            };
            let narrow = self
                .max_width
                .is_none_or(|w| pulse_width(signals, &rows, t, k1, fs_hz) <= w);
            if 2 * leads >= rows.len() && leads > 0 && shoulder <= cfg.max_shoulder * amp && narrow
            {
                out.push(Spike {
                    sample: t,
                    amplitude_mv: amp,
                    prominence,
                    leads,
                });
                t += peak;
            } else {
                t += 1;
            }
        }
        out
    }
}

/// The width at half height (samples) of the pulse peaking at `t`, in the lead where it rises
/// most over `k` samples, from the level `2k` before it; counted up to 30 ms either side.
/// `usize::MAX` when within 30 ms after it the lead swings past that level the other way by
/// more than half the pulse's height.
fn pulse_width(
    signals: ArrayView2<'_, f32>,
    rows: &[usize],
    t: usize,
    k: usize,
    fs_hz: f64,
) -> usize {
    let n = signals.ncols();
    if t < 2 * k || t >= n {
        return usize::MAX;
    }
    let rise = |r: usize| (signals[[r, t]] - signals[[r, t - k]]).abs();
    let Some(&r) = rows.iter().max_by(|&&a, &&b| rise(a).total_cmp(&rise(b))) else {
        return usize::MAX;
    };
    let row = signals.row(r);
    let base = row[t - 2 * k];
    let half = (row[t] - base) / 2.0;
    let above = |i: usize| (row[i] - base - half) * half.signum() > 0.0;
    let reach = ((0.03 * fs_hz).round() as usize).max(1);
    let before = (1..=reach.min(t)).take_while(|&d| above(t - d)).count();
    let after = (1..=reach.min(n - 1 - t))
        .take_while(|&d| above(t + d))
        .count();
    // A Q or S wave swings on through the baseline into the rest of the QRS, as far again as
    // it went; a stimulus pulse returns to about where it started.
    let rebound = (t + 1..=(t + reach).min(n - 1))
        .map(|i| (base - row[i]) * half.signum())
        .fold(0.0f32, f32::max);
    if rebound > half.abs() {
        return usize::MAX;
    }
    before + after + 1
}

/// How many leads show the spike at `t` (a two-sided jump of at least
/// `min_lead_jump_mv` at either scale), and how far the leads move in the 20 ms before it
/// (root sum of squares over the leads of the largest excursion from the sample before the
/// spike).
fn spread(
    signals: ArrayView2<'_, f32>,
    rows: &[usize],
    t: usize,
    k1: usize,
    k2: usize,
    fs_hz: f64,
    cfg: &PacingConfig,
) -> (usize, f64) {
    let n = signals.ncols();
    let w = ((0.02 * fs_hz).round() as usize).max(k1 + 2);
    let mut leads = 0;
    let mut pre2 = 0.0f64;
    for &r in rows {
        let row = signals.row(r);
        let at = |i: usize| f64::from(row[i]);
        let seen = [k1, k2].into_iter().any(|k| {
            if t < 3 * k || t + k >= n {
                return false;
            }
            let (l, rr) = (at(t) - at(t - k), at(t) - at(t + k));
            let m = l.abs().min(rr.abs());
            l * rr > 0.0
                && m >= cfg.min_lead_jump_mv
                && m >= 2.0 * (at(t - k) - at(t - 3 * k)).abs()
        });
        if seen {
            leads += 1;
        }
        if t > w {
            let base = at(t - k1 - 1);
            let m = (t - w..t - k1)
                .map(|i| (at(i) - base).abs())
                .filter(|v| v.is_finite())
                .fold(0.0f64, f64::max);
            pre2 += m * m;
        }
    }
    (leads, pre2.sqrt())
}

/// A copy of `signals` with each spike bridged by a straight line (from 1.5 jump widths
/// before it to 3 after, the amplifier's recovery included), so the QRS detector and the
/// morphology see the heart's own signal.
pub fn despike(
    signals: ArrayView2<'_, f32>,
    fs_hz: f64,
    spikes: &[Spike],
    cfg: &PacingConfig,
) -> Array2<f32> {
    let mut out = signals.to_owned();
    let n = out.ncols();
    if spikes.is_empty() || n < 3 || !(fs_hz.is_finite() && fs_hz > 0.0) {
        return out;
    }
    let k = ((cfg.jump_ms / 1000.0 * fs_hz).round() as usize).max(1);
    let before = (3 * k).div_ceil(2).max(1);
    let after = 3 * k + ((0.004 * fs_hz).round() as usize);
    for mut row in out.rows_mut() {
        for s in spikes {
            let a = s.sample.saturating_sub(before);
            let b = (s.sample + after).min(n - 1);
            if b <= a + 1 {
                continue;
            }
            let (ya, yb) = (row[a], row[b]);
            if !(ya.is_finite() && yb.is_finite()) {
                continue;
            }
            let span = (b - a) as f32;
            for i in a + 1..b {
                let f = (i - a) as f32 / span;
                row[i] = ya + (yb - ya) * f;
            }
        }
    }
    out
}

/// Which beats (fiducial samples, increasing) carry a ventricular or an atrial spike.
pub fn assign(
    spikes: &[Spike],
    beats: &[usize],
    fs_hz: f64,
    cfg: &PacingConfig,
) -> Vec<BeatPacing> {
    let ms = |v: f64| (v / 1000.0 * fs_hz).round().max(0.0) as usize;
    let (v_lead, v_lag) = (ms(cfg.ventricular_lead_ms), ms(cfg.ventricular_lag_ms));
    let (a_lead, av) = (ms(cfg.atrial_lead_ms), ms(cfg.min_av_delay_ms));
    let mut out = Vec::with_capacity(beats.len());
    let mut j = 0usize;
    for (i, &r) in beats.iter().enumerate() {
        let prev = if i > 0 { beats[i - 1] } else { 0 };
        while j < spikes.len() && spikes[j].sample + a_lead < r {
            j += 1;
        }
        let mut v: Option<usize> = None;
        let mut atrial: Option<usize> = None;
        for s in spikes[j..].iter().take_while(|s| s.sample <= r + v_lag) {
            if s.sample + v_lead >= r {
                v = Some(v.map_or(s.sample, |x: usize| x.min(s.sample)));
            }
        }
        let first_v = v.unwrap_or(r.saturating_sub(v_lead / 2));
        for s in spikes[j..].iter().take_while(|s| s.sample + av <= first_v) {
            // After the previous beat's QRS (an atrial spike precedes this beat's P wave).
            if s.sample > prev + v_lag && s.sample + a_lead >= r {
                atrial = Some(s.sample);
            }
        }
        out.push(BeatPacing {
            ventricular: v.is_some(),
            ventricular_delay: v.map(|s| s as i64 - r as i64),
            atrial: atrial.is_some(),
            atrial_delay: atrial.map(|s| s as i64 - r as i64),
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spiky(fs: f64, n: usize, at: &[usize], width: usize) -> Array2<f32> {
        let mut sig = Array2::<f32>::zeros((2, n));
        for t in 0..n {
            // A QRS-like wave (80 ms wide) every 0.8 s, 1 mV; the spikes come 80 ms before it.
            let ph = (t as f64 / fs) % 0.8;
            let q = (-((ph - 0.4) / 0.02).powi(2)).exp() as f32;
            sig[[0, t]] = q;
            sig[[1, t]] = -0.5 * q;
        }
        for &s in at {
            for w in 0..width {
                sig[[0, s + w]] += 0.5;
                sig[[1, s + w]] -= 0.3;
            }
        }
        sig
    }

    #[test]
    fn spikes_of_one_and_two_samples_at_several_rates() {
        for fs in [250.0, 360.0, 500.0, 1000.0] {
            let n = (4.0 * fs) as usize;
            let at: Vec<usize> = [0.32, 1.12, 1.92, 2.72]
                .iter()
                .map(|s| (s * fs) as usize)
                .collect();
            for width in [1usize, 2] {
                let sig = spiky(fs, n, &at, width);
                let found = find_spikes(sig.view(), fs, &[true, true], &PacingConfig::default());
                assert_eq!(found.len(), at.len(), "{fs} Hz, width {width}: {found:?}");
                for (f, &a) in found.iter().zip(&at) {
                    assert!(f.sample.abs_diff(a) <= width, "{fs}: {f:?} vs {a}");
                }
                // The QRS-like waves alone give none.
                let plain = spiky(fs, n, &[], 1);
                assert!(
                    find_spikes(plain.view(), fs, &[true, true], &PacingConfig::default())
                        .is_empty()
                );
                // Bridged, the spikes are gone.
                let clean = despike(sig.view(), fs, &found, &PacingConfig::default());
                assert!(
                    find_spikes(clean.view(), fs, &[true, true], &PacingConfig::default())
                        .is_empty(),
                    "{fs}"
                );
            }
        }
    }

    /// A stimulus smeared to a pulse ~10 ms wide (as MIT-BIH's tape recordings show it at
    /// 360 Hz), starting a wide QRS every 0.8 s; and the same wide QRS led by a Q wave of the
    /// same size and width that swings on into a tall R (a bundle-branch block's QRS).
    fn smeared(fs: f64, n: usize, q_wave: bool) -> Array2<f32> {
        let mut sig = Array2::<f32>::zeros((2, n));
        for t in 0..n {
            let ph = (t as f64 / fs) % 0.8;
            let g = |c: f64, w: f64| (-((ph - c) / w).powi(2)).exp();
            // The wide QRS 30 ms after the pulse (130 ms wide).
            let qrs = 0.8 * g(0.45, 0.035) - 0.4 * g(0.52, 0.03);
            let pulse = if q_wave {
                -0.9 * g(0.4, 0.004) + 0.9 * g(0.412, 0.006)
            } else {
                0.9 * g(0.4, 0.004)
            };
            sig[[0, t]] = (qrs + pulse) as f32;
            sig[[1, t]] = (-0.6 * qrs + 0.7 * pulse) as f32;
        }
        sig
    }

    #[test]
    fn smeared_spikes_are_found_only_at_their_own_scale() {
        let cfg = PacingConfig::default();
        for fs in [360.0, 500.0] {
            let n = (8.0 * fs) as usize;
            let sig = smeared(fs, n, false);
            let found = find_smeared_spikes(sig.view(), fs, &[true, true], &cfg);
            assert_eq!(found.len(), 10, "{fs}: {found:?}");
            for (i, f) in found.iter().enumerate() {
                let at = (0.4 + 0.8 * i as f64) * fs;
                assert!((f.sample as f64 - at).abs() <= 2.0, "{fs}: {f:?}");
            }
            let beats: Vec<usize> = (0..10)
                .map(|i| ((0.45 + 0.8 * i as f64) * fs) as usize)
                .collect();
            assert!(smeared_pacing(&found, &beats, fs, &cfg));
            // Too few beats started by one: not pacing.
            assert!(!smeared_pacing(&found[..4], &beats, fs, &cfg));
            // A Q wave swinging on into the R wave is no stimulus.
            let q = smeared(fs, n, true);
            let found = find_smeared_spikes(q.view(), fs, &[true, true], &cfg);
            assert!(found.is_empty(), "{fs}: {found:?}");
            // Turned off.
            let off = PacingConfig {
                smeared_ms: 0.0,
                ..PacingConfig::default()
            };
            assert!(find_smeared_spikes(sig.view(), fs, &[true, true], &off).is_empty());
        }
    }

    #[test]
    fn chambers_from_timing() {
        let fs = 500.0;
        let cfg = PacingConfig::default();
        let sp = |s: usize| Spike {
            sample: s,
            amplitude_mv: 1.0,
            prominence: 10.0,
            leads: 12,
        };
        // Beat 0: V spike 30 ms before R; beat 1: A spike 200 ms and V spike 20 ms before R;
        // beat 2: nothing; beat 3: A spike only (conducted).
        let beats = [1000, 1500, 2000, 2500];
        let spikes = [sp(985), sp(1400), sp(1490), sp(2400)];
        let got = assign(&spikes, &beats, fs, &cfg);
        let want = [(true, false), (true, true), (false, false), (false, true)];
        for (g, w) in got.iter().zip(want) {
            assert_eq!((g.ventricular, g.atrial), w, "{got:?}");
        }
    }

    #[test]
    fn degenerate_inputs() {
        let sig = Array2::<f32>::zeros((1, 5));
        assert!(find_spikes(sig.view(), 500.0, &[true], &PacingConfig::default()).is_empty());
        assert!(find_spikes(sig.view(), f64::NAN, &[true], &PacingConfig::default()).is_empty());
        let mut sig = Array2::<f32>::zeros((1, 100));
        sig[[0, 50]] = f32::NAN;
        assert!(find_spikes(sig.view(), 500.0, &[true], &PacingConfig::default()).is_empty());
        assert!(
            assign(&[], &[1, 2, 3], 500.0, &PacingConfig::default())
                .iter()
                .all(|b| !b.ventricular)
        );
    }
}
