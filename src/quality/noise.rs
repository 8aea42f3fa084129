//! How the quality findings steer the later stages: which leads are notch-filtered for mains
//! hum and which are low-passed for muscle noise before beat morphology, P-wave and flutter
//! analysis.
//!
//! Mains hum folds into the 10 ms bins of the atrial analyses ([`crate::beats`],
//! [`crate::atrial`]) as a regular oscillation, which the flutter reading took for F waves: LUDB
//! record 2 with 0.05 mV of 50 Hz read "atrial flutter 4:1". Muscle noise widens the QRS the
//! morphology measures and lowers its correlation with the dominant beat, which made premature
//! ventricular complexes out of ordinary beats. Filtering only the leads that need it keeps the
//! clean record's read, and its cost, unchanged: on a clean record [`steer`] finds nothing to do
//! and returns without touching a sample.
//!
//! ```
//! use sinus::quality::{assess, QualityConfig};
//! use sinus::quality::noise::steer;
//! use sinus::synth::{generate, SynthConfig};
//! use sinus::synth::noise::{disturb, Disturbance};
//! let clean = generate(&SynthConfig::default()).unwrap().record;
//! let names: Vec<String> = clean.leads().iter().map(|l| l.to_string()).collect();
//! let cfg = QualityConfig::default();
//! let mut q = assess(clean.signals(), 500.0, &names, &cfg);
//! let s = steer(&clean, &mut q, &cfg, false).unwrap();
//! assert!(s.record.is_none() && s.plan.is_empty());
//! let hum = disturb(&clean, &Disturbance::Mains { freq_hz: 50.0, amplitude_mv: 0.1 }, 1).unwrap();
//! let mut q = assess(hum.signals(), 500.0, &names, &cfg);
//! let s = steer(&hum, &mut q, &cfg, false).unwrap();
//! assert_eq!(s.plan.mains_hz, Some(50.0));
//! let q = assess(s.record.unwrap().signals(), 500.0, &names, &cfg);
//! assert!(q.iter().all(|l| l.metrics.mains_mv < 0.01));
//! //! ```

use super::LeadQuality;
use crate::filter::design::{Band, butter, iirnotch};
use crate::filter::{FilterError, MAINS_Q, Sos, padlen, sosfiltfilt_rows};
use crate::record::{Record, SampleRate};
use ndarray::Array2;
use serde::{Deserialize, Serialize};

/// Thresholds of the noise steering, in physical units.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
#[non_exhaustive]
pub struct SteeringConfig {
    /// A lead whose mains component (50 or 60 Hz, [`super::Metrics::mains_mv`]) reaches this is
    /// notch-filtered (mV). Default 0.01: a clean 10 s record measures 0.002–0.005 at 50/60 Hz
    /// from its own QRS complexes, while 0.02 mV of hum already made the flutter reading invent
    /// flutter on 7 % of LUDB records.
    pub notch_min_mv: f64,
    /// The notches: the mains fundamental and its harmonics up to this multiple (those below
    /// Nyquist). Default 3: the 2nd and 3rd harmonics carry most of the rest of a hum's power.
    pub notch_harmonics: usize,
    /// A lead whose high-frequency noise ([`super::Metrics::hf_noise_mv`], robust SD) reaches
    /// this is low-passed (mV). Default 0.02: clean resting ECGs measure below 0.01 in most
    /// leads.
    pub lowpass_min_mv: f64,
    /// The low-pass cut-off (Hz): Butterworth order 4, zero phase. Default 40, the monitoring
    /// bandwidth: the QRS width and the template correlation then measure the complex, not the
    /// noise, and P and F waves (below 20 Hz) pass unchanged.
    pub lowpass_hz: f64,
    /// A lead whose baseline wander ([`super::Metrics::wander_mv`], peak-to-peak of the 1 s
    /// means) reaches this is high-passed by [`crate::filter::baseline::wander_sos`] with its
    /// defaults (Butterworth 0.67 Hz, order 8, zero phase) (mV). Default 0.4: 0.5 mV of
    /// respiratory wander (0.1–0.5 Hz) curved the PR-to-PR baseline of the median beat enough
    /// to hide its P wave (the PR interval and the atrial statements lost on half the LUDB
    /// records); resting LUDB leads measure a median 0.02–0.36, and at 0.25 the filter also
    /// reached clean leads whose P waves it shortened (LUDB P-onset Se 98.6 % → 97.6 %).
    pub highpass_min_mv: f64,
}

impl Default for SteeringConfig {
    fn default() -> Self {
        SteeringConfig {
            notch_min_mv: 0.01,
            notch_harmonics: 3,
            lowpass_min_mv: 0.02,
            lowpass_hz: 40.0,
            highpass_min_mv: 0.4,
        }
    }
}

/// What to do to which lead (rows of the record), decided from the quality findings.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Plan {
    /// The mains frequency notched (the one of the lead with the strongest hum), if any.
    pub mains_hz: Option<f64>,
    /// Leads to notch.
    pub notch: Vec<bool>,
    /// Leads to low-pass.
    pub lowpass: Vec<bool>,
    /// Leads to high-pass (baseline wander).
    #[serde(default)]
    pub highpass: Vec<bool>,
}

impl Plan {
    /// Drops the notches (when conditioning has notched the mains already).
    pub fn unset_notch(&mut self) {
        self.mains_hz = None;
        self.notch.iter_mut().for_each(|b| *b = false);
    }

    /// True when no lead needs filtering.
    pub fn is_empty(&self) -> bool {
        !self
            .notch
            .iter()
            .chain(&self.lowpass)
            .chain(&self.highpass)
            .any(|b| *b)
    }
}

/// The leads to filter, from the per-lead quality (rows in the order of `quality`); leads with
/// missing samples are left alone (the filters do not accept them).
pub fn plan(quality: &[LeadQuality], fs_hz: f64, cfg: &SteeringConfig) -> Plan {
    let finite = |q: &LeadQuality| q.metrics.nan_fraction == 0.0;
    let hum = |q: &LeadQuality| {
        finite(q)
            && q.metrics.mains_mv >= cfg.notch_min_mv
            && q.metrics.mains_hz.is_some_and(|f| f < fs_hz / 2.0)
    };
    let mains_hz = quality
        .iter()
        .filter(|q| hum(q))
        .max_by(|a, b| a.metrics.mains_mv.total_cmp(&b.metrics.mains_mv))
        .and_then(|q| q.metrics.mains_hz);
    let lowpass_ok = cfg.lowpass_hz.is_finite() && cfg.lowpass_hz < 0.45 * fs_hz;
    Plan {
        mains_hz,
        notch: quality
            .iter()
            .map(|q| mains_hz.is_some() && hum(q))
            .collect(),
        lowpass: quality
            .iter()
            .map(|q| lowpass_ok && finite(q) && q.metrics.hf_noise_mv >= cfg.lowpass_min_mv)
            .collect(),
        highpass: quality
            .iter()
            .map(|q| finite(q) && q.metrics.wander_mv >= cfg.highpass_min_mv)
            .collect(),
    }
}

/// The record for the later stages and the plan that made it.
#[derive(Debug, Clone, PartialEq)]
pub struct Steered {
    /// The filtered record, `None` when no lead needed filtering (nothing was copied).
    pub record: Option<Record>,
    /// What was done to which lead.
    pub plan: Plan,
}

/// Steers a record by its quality: notches the leads with mains hum, measures their muscle noise
/// again without the hum (whose harmonics the noise estimate would count: the quality figures
/// and grades of those leads are updated in `quality`), then low-passes the leads with muscle
/// noise. `notched` says that conditioning has already notched the mains. A clean record costs
/// the two plans and nothing else.
///
/// Errors only for a filter design the sample rate does not allow; a record too short for the
/// filters' padding is read as it is.
pub fn steer(
    record: &Record,
    quality: &mut [LeadQuality],
    cfg: &super::QualityConfig,
    notched: bool,
) -> Result<Steered, FilterError> {
    let sc = &cfg.steering;
    let fs = record.fs();
    let mut p = plan(quality, fs.hz(), sc);
    if notched {
        p.unset_notch();
    }
    let mut out: Option<Record> = None;
    if let Some(f0) = p.mains_hz {
        let sos = notches(f0, sc.notch_harmonics, fs)?;
        out = filter_rows(record, &p.notch, &sos)?;
        if let Some(o) = &out {
            let dur = record.duration_s();
            for (k, q) in quality.iter_mut().enumerate() {
                if p.notch.get(k).copied().unwrap_or(false) {
                    let sig = o.signals();
                    let row = sig.row(k);
                    q.metrics.hf_noise_mv = match row.as_slice() {
                        Some(x) => super::hf_noise(x),
                        None => super::hf_noise(&row.to_vec()),
                    };
                    (q.grade, q.issues) = super::judge(&q.metrics, dur, fs.hz(), cfg);
                }
            }
            let again = plan(quality, fs.hz(), sc);
            p.lowpass = again.lowpass;
        }
    }
    if p.lowpass.iter().any(|b| *b) {
        let sos = butter(4, Band::Lowpass(sc.lowpass_hz), fs)?;
        let src = out.as_ref().unwrap_or(record);
        if let Some(o) = filter_rows(src, &p.lowpass, &sos)? {
            out = Some(o);
        }
    }
    if p.highpass.iter().any(|b| *b) {
        let sos = crate::filter::baseline::wander_sos(&Default::default(), fs)?;
        let src = out.as_ref().unwrap_or(record);
        if let Some(o) = filter_rows(src, &p.highpass, &sos)? {
            out = Some(o);
        }
    }
    Ok(Steered {
        record: out,
        plan: p,
    })
}

/// A copy of `record` with the rows in `mask` zero-phase filtered by `sos`; `None` when the mask
/// is empty or the record is not longer than the filter's padding.
fn filter_rows(record: &Record, mask: &[bool], sos: &Sos) -> Result<Option<Record>, FilterError> {
    let rows: Vec<usize> = (0..record.n_leads())
        .filter(|&k| mask.get(k).copied().unwrap_or(false))
        .collect();
    if rows.is_empty() || record.n_samples() <= padlen(sos) {
        return Ok(None);
    }
    let mut block = Array2::<f32>::zeros((rows.len(), record.n_samples()));
    for (i, &k) in rows.iter().enumerate() {
        block.row_mut(i).assign(&record.signals().row(k));
    }
    // Missing samples are bridged for the filter and missing again after it.
    let gaps = crate::filter::bridge_gaps(block.view_mut());
    sosfiltfilt_rows(sos, block.view_mut())?;
    crate::filter::restore_gaps(block.view_mut(), &gaps);
    let mut out = record.clone();
    let mut sig = out.signals_mut();
    for (i, &k) in rows.iter().enumerate() {
        sig.row_mut(k).assign(&block.row(i));
    }
    Ok(Some(out))
}

/// The record with each lead the plan notches averaged over one mains period (a centred moving
/// average of fs / f0 samples, fractional ends weighted): every harmonic of the mains falls in
/// one of its zeros, and unlike the notch it does not ring after a pacing spike. For the QRS
/// detector, which low-passes far below the mains anyway. `None` when there is nothing to do.
pub fn mains_comb(record: &Record, plan: &Plan) -> Option<Record> {
    let f0 = plan.mains_hz?;
    if !plan.notch.iter().any(|b| *b) || f0.is_nan() || f0 <= 0.0 {
        return None;
    }
    let len = record.fs().hz() / f0;
    // Ones over the interior, the fractional remainder split over the two end taps; a running
    // sum of the interior keeps it O(1) per sample.
    let half = ((len - 1.0) / 2.0).ceil().max(1.0) as usize;
    let inner = (2 * half - 1) as f64;
    let edge = ((len - inner) / 2.0).clamp(0.0, 1.0);
    let norm = inner + 2.0 * edge;
    let n = record.n_samples();
    if n == 0 {
        return None;
    }
    let mut out = record.clone();
    // A missing sample would stay in the running sum for the rest of the lead: bridge the gaps
    // and mark them missing again afterwards.
    let gaps = crate::filter::bridge_gaps(out.signals_mut());
    let mut padded: Vec<f64> = Vec::with_capacity(n + 2 * half);
    let mut buf = vec![0.0f32; n];
    for (k, _) in plan.notch.iter().enumerate().filter(|(_, b)| **b) {
        if k >= record.n_leads() {
            break;
        }
        let sig = out.signals();
        let row = sig.row(k);
        // Edges replicate the first and last samples.
        padded.clear();
        padded.extend(std::iter::repeat_n(f64::from(row[0]), half));
        padded.extend(row.iter().map(|&v| f64::from(v)));
        padded.extend(std::iter::repeat_n(f64::from(row[n - 1]), half));
        // Output i is centred on padded[i + half]: interior padded[i + 1 .. i + 2·half], ends
        // padded[i] and padded[i + 2·half].
        let mut run: f64 = padded[1..2 * half].iter().sum();
        for (i, o) in buf.iter_mut().enumerate() {
            *o = ((run + edge * (padded[i] + padded[i + 2 * half])) / norm) as f32;
            run += padded[i + 2 * half] - padded[i + 1];
        }
        out.signals_mut()
            .row_mut(k)
            .assign(&ndarray::ArrayView1::from(&buf[..]));
    }
    crate::filter::restore_gaps(out.signals_mut(), &gaps);
    Some(out)
}

/// Notches (Q = [`MAINS_Q`]) at `f0` and its multiples up to `harmonics` × `f0`, below Nyquist.
fn notches(f0: f64, harmonics: usize, fs: SampleRate) -> Result<Sos, FilterError> {
    let mut parts = Vec::new();
    for k in 1..=harmonics.max(1) {
        let f = f0 * k as f64;
        if f >= fs.hz() / 2.0 {
            break;
        }
        parts.push(iirnotch(f, MAINS_Q, fs)?);
    }
    Ok(Sos::cascade(&parts))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lead::Lead;

    #[test]
    fn the_comb_nulls_the_mains_and_keeps_dc() {
        for (fs, f0) in [(500.0, 50.0), (500.0, 60.0), (1000.0, 60.0), (360.0, 60.0)] {
            let n = (4.0 * fs) as usize;
            let x = ndarray::Array2::from_shape_fn((1, n), |(_, i)| {
                let t = i as f64 / fs;
                (1.0 + 0.2 * (std::f64::consts::TAU * f0 * t).sin()
                    + 0.05 * (std::f64::consts::TAU * 3.0 * f0 * t + 0.3).sin())
                    as f32
            });
            let rec = Record::new("x", vec![Lead::II], SampleRate::new(fs).unwrap(), x).unwrap();
            let plan = Plan {
                mains_hz: Some(f0),
                notch: vec![true],
                lowpass: vec![false],
                highpass: vec![false],
            };
            let y = mains_comb(&rec, &plan).unwrap();
            let mid = &y.signals().row(0).to_vec()[n / 4..3 * n / 4];
            let worst = mid.iter().fold(0.0f32, |m, v| m.max((v - 1.0).abs()));
            // A fractional length leaves a residue of a few per cent of the hum.
            assert!(worst < 0.02, "{fs} Hz, {f0} Hz: {worst}");
        }
    }
}
