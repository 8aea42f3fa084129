//! Synthetic multi-lead ECGs with their ground truth, for tests, fixtures and benches.
//!
//! The model follows McSharry et al. (2003), "A dynamical model for generating synthetic
//! electrocardiogram signals" (ECGSYN): each heartbeat is a sum of Gaussian kernels for the P, Q,
//! R, S and T waves, and the beat times follow an RR tachogram whose spectrum has a low-frequency
//! (Mayer wave, ≈ 0.1 Hz) and a high-frequency (respiratory, ≈ 0.25 Hz) peak. Two departures:
//!
//! - **A 3-D heart vector.** Each kernel carries a 3-D amplitude in Frank coordinates (x left,
//!   y feet, z back), so the P, QRS and T loops form a plausible vectorcardiogram; each lead is
//!   the projection of that vector on its lead vector (Dower's inverse transform for I, II and
//!   V1–V6, extrapolated for V3R–V5R and V7–V9). III, aVR, aVL and aVF are then computed from I
//!   and II, so Einthoven's and Goldberger's relations hold exactly, noise included.
//! - **Closed form instead of integration.** ECGSYN integrates an ODE whose z-component relaxes
//!   onto the sum of Gaussians; here the kernels are evaluated directly at each sample time
//!   (`t = i / fs`), which is the fast-relaxation limit of the same model. So any sample rate
//!   works (257.3 Hz as well as 500 Hz), nothing is tied to a rate, and the ground truth (R peak,
//!   wave onsets and offsets) is known exactly.
//!
//! Wave timing follows physiology rather than ECGSYN's phase scaling: the QRS (≈ 90 ms) and PR
//! (160 ms) stay fixed, the QT follows Bazett (QTc = 400 ms, QT = QTc·√RR of the preceding RR).
//!
//! Rhythms: sinus; atrial fibrillation (irregularly irregular RR drawn independently from a
//! log-normal law, no P waves, fibrillatory f-waves of 4–9 Hz); premature ventricular beats
//! (early, wide QRS with a superior axis, no P wave, discordant T, full compensatory pause).
//! Noise: baseline wander, mains interference, and white muscle (EMG) noise at a chosen SNR.
//!
//! ```
//! use sinus::synth::{generate, SynthConfig};
//! use sinus::Lead;
//! let cfg = SynthConfig { duration_s: 5.0, heart_rate_bpm: 72.0, ..SynthConfig::default() };
//! let syn = generate(&cfg).unwrap();
//! assert_eq!(syn.record.n_leads(), 12);
//! assert_eq!(syn.record.n_samples(), 2500); // 5 s at the default 500 Hz
//! assert!(syn.truth.beats.len() >= 5);
//! let ii = syn.record.lead(&Lead::II).unwrap();
//! let r = syn.truth.beats[0].r_peak;
//! assert!(ii[r] > 0.8); // the R wave in lead II is about 1 mV
//! ```

mod conduction;
mod config;
mod model;
pub mod noise;
mod pathology;
mod plan;
mod rng;
pub(crate) mod truth;

pub use pathology::{Block, Injury, Pathology};
pub use truth::true_measurements;

pub use conduction::{AvConduction, Conduction, Pacemaker, PacingMode};
pub use config::{
    AfParams, Hrv, MAX_VALUES, Mains, Noise, PvcParams, Rhythm, SynthConfig, SynthError,
};

use config::{check, validate};
use plan::{LEAD_IN_S, PlannedBeat, plan_beats};

use crate::annotation::{Annotation, Code};
use crate::lead::Lead;
use crate::record::{Record, SampleRate};
use model::{LeadSource, LimbKind, PlacedWave};
use ndarray::Array2;
use rng::Rng;
use serde::{Deserialize, Serialize};
use std::f64::consts::TAU;

/// The kind of a synthetic beat.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[non_exhaustive]
pub enum BeatKind {
    /// A normally conducted beat (sinus, or conducted during atrial fibrillation).
    Normal,
    /// A premature ventricular beat (or a ventricular escape beat).
    Ventricular,
    /// A ventricular paced beat (wide, after a pacemaker spike).
    Paced,
}

impl BeatKind {
    /// The MIT annotation code of the beat (`N` or `V`).
    pub fn code(self) -> Code {
        match self {
            BeatKind::Normal => Code::NORMAL,
            BeatKind::Ventricular => Code::PVC,
            BeatKind::Paced => Code::PACE,
        }
    }
}

/// The truth about one beat, in samples from the record start: onset, peak and offset of every
/// wave (the QRS peak is `r_peak`). A fiducial is `None` when the wave is absent (no P in AF or
/// in a PVC) or falls outside the record.
///
/// Onsets and offsets are where the model's Gaussian kernels fall to 4.4 % of their peak
/// (2.5 widths from the centre).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BeatTruth {
    /// The R peak (for a PVC, the peak of its main kernel).
    pub r_peak: usize,
    /// The kind of beat.
    pub kind: BeatKind,
    /// P-wave onset.
    pub p_onset: Option<usize>,
    /// P-wave peak (the centre of its kernel).
    #[serde(default)]
    pub p_peak: Option<usize>,
    /// P-wave offset.
    pub p_offset: Option<usize>,
    /// QRS onset.
    pub qrs_onset: Option<usize>,
    /// QRS offset.
    pub qrs_offset: Option<usize>,
    /// T-wave onset.
    pub t_onset: Option<usize>,
    /// T-wave peak (the centre of its kernel).
    #[serde(default)]
    pub t_peak: Option<usize>,
    /// T-wave offset.
    pub t_offset: Option<usize>,
}

/// The ground truth of a synthetic record.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GroundTruth {
    /// The sample rate the sample indices refer to.
    pub fs: SampleRate,
    /// Beats whose R peak lies in the record, in time order.
    pub beats: Vec<BeatTruth>,
    /// The underlying rhythm.
    pub rhythm: Rhythm,
    /// Every P wave whose onset lies in the record, conducted or not, when the record was
    /// made with [`SynthConfig::conduction`] or a pacemaker (empty otherwise: the sinus beats'
    /// P waves are in [`BeatTruth`]).
    #[serde(default)]
    pub p_waves: Vec<PWaveTruth>,
    /// Every pacemaker spike in the record (its first sample).
    #[serde(default)]
    pub spikes: Vec<usize>,
}

/// One P wave of a record made with AV conduction or pacing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct PWaveTruth {
    /// Onset (sample).
    pub onset: usize,
    /// Peak (sample).
    pub peak: usize,
    /// Offset (sample), if in the record.
    pub offset: Option<usize>,
    /// Whether it was conducted to the ventricles.
    pub conducted: bool,
}

impl GroundTruth {
    /// The truth as MIT annotations: a rhythm annotation at sample 0, then one beat annotation
    /// per R peak (`N` or `V`).
    pub fn annotations(&self) -> Vec<Annotation> {
        let mut out = Vec::with_capacity(self.beats.len() + 1);
        let mut rhythm = Annotation::new(0, Code::RHYTHM);
        rhythm.aux = Some(self.rhythm.mit_label().to_string());
        out.push(rhythm);
        out.extend(
            self.beats
                .iter()
                .map(|b| Annotation::new(b.r_peak as u64, b.kind.code())),
        );
        out
    }

    /// RR intervals in seconds between consecutive beats.
    pub fn rr_s(&self) -> Vec<f64> {
        self.beats
            .windows(2)
            .map(|w| self.fs.seconds(w[1].r_peak - w[0].r_peak))
            .collect()
    }
}

/// A synthetic record and its ground truth.
#[derive(Debug, Clone, PartialEq)]
pub struct Synthetic {
    /// The signals, in mV.
    pub record: Record,
    /// Where the beats and waves are.
    pub truth: GroundTruth,
}

/// The kernels of one beat and its truth in seconds.
struct BeatWaves {
    waves: Vec<PlacedWave>,
    /// Onset and offset (s).
    p: Option<(f64, f64)>,
    qrs: (f64, f64),
    t: (f64, f64),
    /// Peaks (s).
    p_peak: Option<f64>,
    t_peak: f64,
}

/// Earliest onset and latest offset (s) of a group of waves.
fn span(waves: &[PlacedWave]) -> (f64, f64) {
    let on = waves
        .iter()
        .map(PlacedWave::onset_s)
        .fold(f64::INFINITY, f64::min);
    let off = waves
        .iter()
        .map(PlacedWave::offset_s)
        .fold(f64::NEG_INFINITY, f64::max);
    (on, off)
}

fn place_beat(b: &PlannedBeat, gain: f64, p: &Pathology) -> BeatWaves {
    match b.kind {
        BeatKind::Normal => {
            let mut waves: Vec<PlacedWave> = pathology::qrs(p)
                .iter()
                .map(|w| PlacedWave::from_wave(w, b.t_r, 1.0, gain))
                .collect();
            let (qrs_on, qrs_off) = span(&waves);
            let mut p_span = None;
            let mut p_peak = None;
            if b.p_wave {
                let pr = p.pr_s.unwrap_or(model::PR_S);
                let pw: Vec<PlacedWave> = pathology::p_waves(p)
                    .iter()
                    .map(|w| PlacedWave::from_wave(w, qrs_on - pr, 1.0, gain))
                    .collect();
                p_span = Some(span(&pw));
                // The peak of a P made of several waves (atrial abnormality) is its largest.
                let norm = |w: &PlacedWave| w.v.iter().map(|x| x * x).sum::<f64>();
                p_peak = pw
                    .iter()
                    .max_by(|x, y| norm(x).total_cmp(&norm(y)))
                    .map(|w| w.centre_s);
                waves.extend(pw);
            }
            // Bazett: QT scales with the square root of the preceding RR.
            let s = b.rr_prev.clamp(0.3, 2.0).sqrt();
            let t_end = qrs_on + p.qtc_s.unwrap_or(model::QTC_S) * s;
            let centre = t_end - model::FIDUCIAL_WIDTHS * model::SINUS_T.sigma_right_s * s;
            let t_wave = model::Wave {
                v: pathology::t_vector(p),
                ..model::SINUS_T
            };
            let tw = PlacedWave::from_wave(&t_wave, centre, s, gain);
            let t = (tw.onset_s(), tw.offset_s());
            // Injury currents: rising over the last 35 ms of the QRS (full at the J point), flat
            // to the T peak.
            let st_start = qrs_off - 0.0335;
            for v in pathology::injuries(p) {
                waves.push(PlacedWave {
                    centre_s: st_start,
                    sigma_left_s: 0.012,
                    sigma_right_s: tw.sigma_right_s,
                    plateau_s: (tw.centre_s - st_start).max(0.0),
                    v: [v[0] * gain, v[1] * gain, v[2] * gain],
                });
            }
            let t_peak = tw.centre_s;
            waves.push(tw);
            BeatWaves {
                waves,
                p: p_span,
                qrs: (qrs_on, qrs_off),
                t,
                p_peak,
                t_peak,
            }
        }
        BeatKind::Ventricular | BeatKind::Paced => {
            let mut waves: Vec<PlacedWave> = model::PVC_QRS
                .iter()
                .map(|w| PlacedWave::from_wave(w, b.t_r, 1.0, gain))
                .collect();
            let (qrs_on, qrs_off) = span(&waves);
            let tw = PlacedWave::from_wave(&model::PVC_T, b.t_r, 1.0, gain);
            let t = (tw.onset_s(), tw.offset_s());
            let t_peak = tw.centre_s;
            waves.push(tw);
            BeatWaves {
                waves,
                p: None,
                qrs: (qrs_on, qrs_off),
                t,
                p_peak: None,
                t_peak,
            }
        }
    }
}

/// Adds a kernel to the three dipole components, evaluated at `t = i / fs`.
fn add_wave(dipole: &mut [Vec<f64>; 3], w: &PlacedWave, fs: f64) {
    let n = dipole[0].len();
    let lo = ((w.centre_s - model::SUPPORT_WIDTHS * w.sigma_left_s) * fs)
        .ceil()
        .max(0.0);
    let hi = ((w.centre_s + w.plateau_s + model::SUPPORT_WIDTHS * w.sigma_right_s) * fs).floor();
    if hi < 0.0 || lo >= n as f64 {
        return;
    }
    let (lo, hi) = (lo as usize, (hi as usize).min(n - 1));
    for i in lo..=hi {
        let g = w.kernel(i as f64 / fs);
        for (c, comp) in dipole.iter_mut().enumerate() {
            comp[i] += w.v[c] * g;
        }
    }
}

/// Atrial fibrillatory activity: a frequency- and amplitude-modulated quasi-sawtooth.
fn add_f_waves(dipole: &mut [Vec<f64>; 3], cfg: &SynthConfig) {
    let mut rng = Rng::new(cfg.seed, 1);
    let f0 = cfg.af.f_wave_hz;
    // Frequency wanders by up to 5 % but never leaves 4–9 Hz.
    let df = (0.05 * f0).min(f0 - 4.0).min(9.0 - f0).max(0.0);
    let fm = 0.1;
    let (ph0, phm, pha, phh) = (
        rng.range(0.0, TAU),
        rng.range(0.0, TAU),
        rng.range(0.0, TAU),
        rng.range(0.0, TAU),
    );
    let fs = cfg.fs.hz();
    for i in 0..dipole[0].len() {
        let t = i as f64 / fs;
        let theta = TAU * f0 * t + (df / fm) * (TAU * fm * t + phm).sin() + ph0;
        let amp = cfg.af.f_wave_mv * (1.0 + 0.3 * (TAU * 0.13 * t + pha).sin()) / 1.3;
        let f = amp * (theta.sin() + 0.25 * (2.0 * theta + phh).sin());
        for (c, comp) in dipole.iter_mut().enumerate() {
            comp[i] += model::F_WAVE_DIRECTION[c] * f;
        }
    }
}

fn project(dipole: &[Vec<f64>; 3], v: [f64; 3]) -> Vec<f64> {
    (0..dipole[0].len())
        .map(|i| v[0] * dipole[0][i] + v[1] * dipole[1][i] + v[2] * dipole[2][i])
        .collect()
}

/// Adds the configured noise to one projected lead and converts it to f32.
fn add_noise(clean: Vec<f64>, lead: &Lead, cfg: &SynthConfig, shared: (f64, f64)) -> Vec<f32> {
    let mut rng = Rng::new(cfg.seed, rng::label_hash(lead.name()));
    let fs = cfg.fs.hz();
    let noise = &cfg.noise;
    let (bw_gain, bw_ph1, bw_ph2) = (
        rng.range(0.5, 1.0),
        rng.range(0.0, TAU),
        rng.range(0.0, TAU),
    );
    let (mains_gain, mains_ph) = (rng.range(0.7, 1.0), rng.range(0.0, TAU));
    let emg_sd = match noise.emg_snr_db {
        Some(snr) if !clean.is_empty() => {
            let rms = (clean.iter().map(|x| x * x).sum::<f64>() / clean.len() as f64).sqrt();
            rms / 10f64.powf(snr / 20.0)
        }
        _ => 0.0,
    };
    let bw = noise.baseline_wander_mv * bw_gain;
    clean
        .iter()
        .enumerate()
        .map(|(i, &x)| {
            let t = i as f64 / fs;
            let mut y = x;
            if bw > 0.0 {
                y += bw
                    * (0.6 * (TAU * shared.0 * t + bw_ph1).sin()
                        + 0.4 * (TAU * shared.1 * t + bw_ph2).sin());
            }
            if let Some(m) = &noise.mains {
                y += m.amplitude_mv * mains_gain * (TAU * m.freq_hz * t + mains_ph).sin();
            }
            if emg_sd > 0.0 {
                y += emg_sd * rng.normal();
            }
            y as f32
        })
        .collect()
}

/// Generates a synthetic ECG and its ground truth.
///
/// Deterministic: the same configuration gives the same record bit for bit, and a lead's
/// samples do not depend on which other leads are requested.
pub fn generate(cfg: &SynthConfig) -> Result<Synthetic, SynthError> {
    let n = validate(cfg)?;
    let fs = cfg.fs.hz();
    let special = conduction::plan(cfg);
    let plan = match &special {
        Some(s) => s.beats.clone(),
        None => plan_beats(cfg, n),
    };

    let mut gain_rng = Rng::new(cfg.seed, 2);
    let mut dipole = [vec![0.0f64; n], vec![0.0f64; n], vec![0.0f64; n]];
    let mut beats = Vec::new();
    let to_sample = |t: f64| {
        let s = (t * fs).round();
        (s >= 0.0 && s < n as f64).then_some(s as usize)
    };
    for b in &plan {
        let gain = (1.0 + 0.03 * gain_rng.normal()).clamp(0.9, 1.1);
        let bw = place_beat(b, gain, &cfg.pathology);
        for w in &bw.waves {
            add_wave(&mut dipole, w, fs);
        }
        if let Some(r_peak) = to_sample(b.t_r) {
            beats.push(BeatTruth {
                r_peak,
                kind: b.kind,
                p_onset: bw.p.and_then(|p| to_sample(p.0)),
                p_peak: bw.p_peak.and_then(to_sample),
                p_offset: bw.p.and_then(|p| to_sample(p.1)),
                qrs_onset: to_sample(bw.qrs.0),
                qrs_offset: to_sample(bw.qrs.1),
                t_onset: to_sample(bw.t.0),
                t_peak: to_sample(bw.t_peak),
                t_offset: to_sample(bw.t.1),
            });
        }
    }
    if cfg.rhythm == Rhythm::AtrialFibrillation && cfg.conduction.is_none() {
        add_f_waves(&mut dipole, cfg);
    }
    let mut p_waves = Vec::new();
    let mut spikes = Vec::new();
    if let Some(s) = &special {
        for pw in &s.p {
            let gain = (1.0 + 0.03 * gain_rng.normal()).clamp(0.9, 1.1);
            let w = PlacedWave::from_wave(&model::SINUS_P, pw.onset_s, 1.0, gain);
            add_wave(&mut dipole, &w, fs);
            if let Some(onset) = to_sample(w.onset_s()) {
                p_waves.push(PWaveTruth {
                    onset,
                    peak: to_sample(w.centre_s).unwrap_or(onset),
                    offset: to_sample(w.offset_s()),
                    conducted: pw.conducted,
                });
            }
        }
        // The conducted beats' P waves, for their truth.
        for b in beats.iter_mut() {
            if b.kind != BeatKind::Normal {
                continue;
            }
            let r_s = b.r_peak as f64 / fs;
            if let Some(pw) =
                s.p.iter()
                    .rev()
                    .find(|p| p.conducted && p.onset_s < r_s && r_s - p.onset_s < 0.7)
            {
                let w = PlacedWave::from_wave(&model::SINUS_P, pw.onset_s, 1.0, 1.0);
                b.p_onset = to_sample(w.onset_s());
                b.p_offset = to_sample(w.offset_s());
            }
        }
        if let Some(pm) = &cfg.pacemaker {
            let width = ((pm.spike_width_ms / 1000.0 * fs).round() as usize).max(1);
            for &(t, _) in &s.spikes {
                let Some(first) = to_sample(t) else { continue };
                spikes.push(first);
                for i in first..(first + width).min(n) {
                    for (c, comp) in dipole.iter_mut().enumerate() {
                        comp[i] += pm.spike_amplitude_mv * SPIKE_DIRECTION[c];
                    }
                }
            }
        }
    }

    // Baseline-wander frequencies are shared by all leads (respiration moves the whole heart).
    let mut shared_rng = Rng::new(cfg.seed, 3);
    let shared = (shared_rng.range(0.15, 0.35), shared_rng.range(0.1, 0.5));
    let source = |lead: &Lead| -> Vec<f32> {
        let v = match model::lead_source(lead) {
            Some(LeadSource::Vector(v)) => v,
            _ => [0.0; 3],
        };
        add_noise(project(&dipole, v), lead, cfg, shared)
    };
    let needs_limb = cfg
        .leads
        .iter()
        .any(|l| matches!(model::lead_source(l), Some(LeadSource::Limb(_))));
    let (lead_i, lead_ii) = if needs_limb {
        (source(&Lead::I), source(&Lead::II))
    } else {
        (Vec::new(), Vec::new())
    };

    let mut signals = Array2::<f32>::zeros((cfg.leads.len(), n));
    for (row, lead) in cfg.leads.iter().enumerate() {
        let values: Vec<f32> = match model::lead_source(lead) {
            Some(LeadSource::Limb(kind)) => lead_i
                .iter()
                .zip(&lead_ii)
                .map(|(&a, &b)| match kind {
                    // The same expressions as `record::derive_limb_leads`, so they agree exactly.
                    LimbKind::Iii => b - a,
                    LimbKind::Avr => -0.5 * (a + b),
                    LimbKind::Avl => a - 0.5 * b,
                    LimbKind::Avf => b - 0.5 * a,
                })
                .collect(),
            _ if *lead == Lead::I && needs_limb => lead_i.clone(),
            _ if *lead == Lead::II && needs_limb => lead_ii.clone(),
            _ => source(lead),
        };
        for (dst, v) in signals.row_mut(row).iter_mut().zip(values) {
            *dst = v;
        }
    }
    let comments = vec![format!(
        "synthetic ECG (sinus::synth): rhythm {:?}, {} bpm, seed {}",
        cfg.rhythm, cfg.heart_rate_bpm, cfg.seed
    )];
    let record =
        Record::new(cfg.name.clone(), cfg.leads.clone(), cfg.fs, signals)?.with_comments(comments);
    Ok(Synthetic {
        record,
        truth: GroundTruth {
            fs: cfg.fs,
            beats,
            rhythm: cfg.rhythm,
            p_waves,
            spikes,
        },
    })
}

/// Direction of a pacemaker spike's dipole (unit length): a right-ventricular apical lead
/// pointing leftward, superior and anterior.
const SPIKE_DIRECTION: [f64; 3] = [0.6, -0.7, -0.387];
