//! AV conduction and pacing for the generator: P waves at their own rate, each conducted to
//! the ventricles after its own PR or blocked, escape rhythms, and pacemaker spikes.
//!
//! With [`SynthConfig::conduction`] the atria beat at `atrial_rate_bpm`, and each P wave is
//! conducted or not by the [`AvConduction`] pattern: normal or first-degree (every P, one PR),
//! Mobitz I (the PR lengthens until a P is dropped), Mobitz II (a constant PR, then a dropped
//! P), fixed N:1 (2:1, 3:1 ...), or complete block (no P conducted; a junctional or
//! ventricular escape rhythm at its own rate). With [`SynthConfig::pacemaker`] a pacemaker adds
//! its spikes (a rectangular pulse of the given width and amplitude, at least one sample) and
//! drives the chamber it paces: the ventricles at a fixed rate (VOO, dissociated from any P
//! wave), or after each P wave (P-synchronous, when a conducting pattern is also given); the
//! atria; or both in sequence.
//!
//! The truth lists every P wave ([`GroundTruth::p_waves`]) with whether it was conducted, and
//! every spike ([`GroundTruth::spikes`]).
//!
//! ```
//! use sinus::synth::{generate, AvConduction, Conduction, SynthConfig};
//! let cfg = SynthConfig {
//!     conduction: Some(Conduction {
//!         atrial_rate_bpm: 80.0,
//!         pattern: AvConduction::Ratio { pr_ms: 180.0, n: 2 },
//!     }),
//!     ..SynthConfig::default()
//! };
//! let syn = generate(&cfg).unwrap();
//! let conducted = syn.truth.p_waves.iter().filter(|p| p.conducted).count();
//! let blocked = syn.truth.p_waves.len() - conducted;
//! assert!(conducted.abs_diff(blocked) <= 1); // 2:1
//! ```
//!
//! [`SynthConfig::conduction`]: super::SynthConfig::conduction
//! [`SynthConfig::pacemaker`]: super::SynthConfig::pacemaker
//! [`GroundTruth::p_waves`]: super::GroundTruth::p_waves
//! [`GroundTruth::spikes`]: super::GroundTruth::spikes

use super::rng::Rng;
use super::{BeatKind, LEAD_IN_S, PlannedBeat, SynthConfig, SynthError, check};
use serde::{Deserialize, Serialize};

/// The atrial rhythm and how it is conducted.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Conduction {
    /// Atrial (P-wave) rate (/min), 20–250.
    pub atrial_rate_bpm: f64,
    /// How the P waves are conducted.
    pub pattern: AvConduction,
}

/// How P waves reach the ventricles.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub enum AvConduction {
    /// Every P wave conducted after `pr_ms` (first-degree AV block above 200 ms).
    Normal {
        /// PR interval (ms), P onset to QRS onset.
        pr_ms: f64,
    },
    /// Wenckebach: `conducted` P waves with the PR growing by `increment_ms` from `pr_ms`,
    /// then one blocked.
    MobitzI {
        /// The first PR of each cycle (ms).
        pr_ms: f64,
        /// Added to the PR at each conducted beat (ms).
        increment_ms: f64,
        /// Conducted P waves per cycle (≥ 1).
        conducted: usize,
    },
    /// `conducted` P waves with a constant PR, then one blocked.
    MobitzII {
        /// The PR (ms).
        pr_ms: f64,
        /// Conducted P waves per cycle (≥ 1).
        conducted: usize,
    },
    /// One P wave conducted out of every `n` (2:1, 3:1 ...).
    Ratio {
        /// The PR of the conducted P (ms).
        pr_ms: f64,
        /// P waves per QRS (≥ 2).
        n: usize,
    },
    /// No P wave conducted; an escape rhythm at its own rate.
    Complete {
        /// The escape rate (bpm), 15–100.
        escape_rate_bpm: f64,
        /// A ventricular (wide) escape; otherwise junctional (narrow).
        ventricular: bool,
    },
}

/// Which chamber a pacemaker drives.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub enum PacingMode {
    /// The ventricles: at a fixed rate, or after each P wave when a conducting pattern is given.
    Ventricular,
    /// The atria, at a fixed rate; the QRS is conducted.
    Atrial,
    /// The atria at a fixed rate, then the ventricles after the AV delay.
    AvSequential,
}

/// A pacemaker.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Pacemaker {
    /// The paced chamber(s).
    pub mode: PacingMode,
    /// The pacing rate (/min), 30–180.
    pub rate_bpm: f64,
    /// Atrial spike (or P onset) to ventricular spike (ms).
    pub av_delay_ms: f64,
    /// Spike width (ms), 0.05–5; at least one sample is drawn.
    pub spike_width_ms: f64,
    /// Spike amplitude along its own direction (mV), 0.1–20.
    pub spike_amplitude_mv: f64,
}

impl Default for Pacemaker {
    fn default() -> Self {
        Pacemaker {
            mode: PacingMode::Ventricular,
            rate_bpm: 60.0,
            av_delay_ms: 160.0,
            spike_width_ms: 0.5,
            spike_amplitude_mv: 2.0,
        }
    }
}

/// A planned P wave.
#[derive(Debug, Clone, Copy)]
pub(super) struct PlannedP {
    pub onset_s: f64,
    pub conducted: bool,
}

/// The plan of a record with conduction or pacing.
pub(super) struct Plan {
    pub beats: Vec<PlannedBeat>,
    pub p: Vec<PlannedP>,
    /// Spike times (s) and their chamber (true: ventricular).
    pub spikes: Vec<(f64, bool)>,
}

/// From the QRS onset to the R peak of the sinus beat, and of the wide (ventricular or paced)
/// beat (s): 2.5 widths before the first kernel.
pub(super) const NARROW_ONSET_S: f64 = 0.024 + 2.5 * 0.007;
pub(super) const WIDE_ONSET_S: f64 = 0.030 + 2.5 * 0.015;

pub(super) fn validate(cfg: &SynthConfig) -> Result<(), SynthError> {
    if let Some(c) = &cfg.conduction {
        let r = c.atrial_rate_bpm;
        check(
            "conduction.atrial_rate_bpm",
            "20–250 /min",
            r,
            (20.0..=250.0).contains(&r),
        )?;
        let pr = |v: f64| {
            check(
                "conduction.pattern.pr_ms",
                "60–600 ms",
                v,
                (60.0..=600.0).contains(&v),
            )
        };
        match &c.pattern {
            AvConduction::Normal { pr_ms } => pr(*pr_ms)?,
            AvConduction::MobitzI {
                pr_ms,
                increment_ms,
                conducted,
            } => {
                pr(*pr_ms)?;
                check(
                    "conduction.pattern.increment_ms",
                    "0–200 ms",
                    *increment_ms,
                    (0.0..=200.0).contains(increment_ms),
                )?;
                check(
                    "conduction.pattern.conducted",
                    "1–20",
                    *conducted as f64,
                    (1..=20).contains(conducted),
                )?;
            }
            AvConduction::MobitzII { pr_ms, conducted } => {
                pr(*pr_ms)?;
                check(
                    "conduction.pattern.conducted",
                    "1–20",
                    *conducted as f64,
                    (1..=20).contains(conducted),
                )?;
            }
            AvConduction::Ratio { pr_ms, n } => {
                pr(*pr_ms)?;
                check(
                    "conduction.pattern.n",
                    "2–8",
                    *n as f64,
                    (2..=8).contains(n),
                )?;
            }
            AvConduction::Complete {
                escape_rate_bpm, ..
            } => check(
                "conduction.pattern.escape_rate_bpm",
                "15–100 bpm",
                *escape_rate_bpm,
                (15.0..=100.0).contains(escape_rate_bpm),
            )?,
        }
    }
    if let Some(p) = &cfg.pacemaker {
        check(
            "pacemaker.rate_bpm",
            "30–180 /min",
            p.rate_bpm,
            (30.0..=180.0).contains(&p.rate_bpm),
        )?;
        check(
            "pacemaker.av_delay_ms",
            "60–350 ms",
            p.av_delay_ms,
            (60.0..=350.0).contains(&p.av_delay_ms),
        )?;
        check(
            "pacemaker.spike_width_ms",
            "0.05–5 ms",
            p.spike_width_ms,
            (0.05..=5.0).contains(&p.spike_width_ms),
        )?;
        check(
            "pacemaker.spike_amplitude_mv",
            "0.1–20 mV",
            p.spike_amplitude_mv,
            (0.1..=20.0).contains(&p.spike_amplitude_mv),
        )?;
    }
    Ok(())
}

fn beat(t_r: f64, kind: BeatKind) -> PlannedBeat {
    PlannedBeat {
        t_r,
        kind,
        rr_prev: 1.0,
        p_wave: false,
    }
}

/// The plan, when the configuration asks for conduction or pacing.
pub(super) fn plan(cfg: &SynthConfig) -> Option<Plan> {
    if cfg.conduction.is_none() && cfg.pacemaker.is_none() {
        return None;
    }
    let mut rng = Rng::new(cfg.seed, 7);
    let end = cfg.duration_s + 1.5;
    let start = -LEAD_IN_S;
    let mut p: Vec<PlannedP> = Vec::new();
    let mut beats: Vec<PlannedBeat> = Vec::new();
    let mut spikes: Vec<(f64, bool)> = Vec::new();
    let pace = cfg.pacemaker.as_ref();
    // Atrial activity: the pacemaker's, or the sinus node's at the atrial rate.
    let atrial_paced = pace.is_some_and(|p| p.mode != PacingMode::Ventricular);
    let atrial_rate = match (pace, &cfg.conduction) {
        (Some(pm), _) if atrial_paced => Some(pm.rate_bpm),
        (_, Some(c)) => Some(c.atrial_rate_bpm),
        _ => None,
    };
    let pattern = cfg.conduction.as_ref().map(|c| c.pattern.clone());
    if let Some(rate) = atrial_rate {
        let pp = 60.0 / rate;
        let mut t = start + rng.uniform() * pp;
        let mut k = 0usize;
        while t < end {
            // A little sinus variability, none when paced.
            let jitter = if atrial_paced {
                0.0
            } else {
                0.004 * rng.normal()
            };
            let onset = t + jitter;
            if atrial_paced {
                spikes.push((onset - 0.01, false));
            }
            p.push(PlannedP {
                onset_s: onset,
                conducted: false,
            });
            let _ = k;
            k += 1;
            t += pp;
        }
    }
    // Ventricular activity.
    let v_paced = pace.filter(|p| p.mode != PacingMode::Atrial);
    let tracks = v_paced.is_some_and(|pm| {
        pm.mode == PacingMode::AvSequential
            || !matches!(pattern, None | Some(AvConduction::Complete { .. }))
    });
    if let Some(pm) = v_paced
        && tracks
    {
        // After each P wave (P-synchronous, or AV sequential).
        for pw in &p {
            let qrs_on = pw.onset_s + pm.av_delay_ms / 1000.0;
            spikes.push((qrs_on - 0.002, true));
            beats.push(beat(qrs_on + WIDE_ONSET_S, BeatKind::Paced));
        }
    } else if let Some(pm) = v_paced {
        // Fixed rate, dissociated from any P wave.
        let rr = 60.0 / pm.rate_bpm;
        let mut t = start + rng.uniform() * rr;
        while t < end {
            spikes.push((t - 0.002, true));
            beats.push(beat(t + WIDE_ONSET_S, BeatKind::Paced));
            t += rr;
        }
    } else {
        let pr_of = |pattern: &AvConduction, k: usize| -> Option<f64> {
            match pattern {
                AvConduction::Normal { pr_ms } => Some(*pr_ms),
                AvConduction::MobitzI {
                    pr_ms,
                    increment_ms,
                    conducted,
                } => {
                    let j = k % (conducted + 1);
                    (j < *conducted).then(|| pr_ms + *increment_ms * j as f64)
                }
                AvConduction::MobitzII { pr_ms, conducted } => {
                    (k % (conducted + 1) < *conducted).then_some(*pr_ms)
                }
                AvConduction::Ratio { pr_ms, n } => k.is_multiple_of(*n).then_some(*pr_ms),
                AvConduction::Complete { .. } => None,
            }
        };
        match &pattern {
            Some(AvConduction::Complete {
                escape_rate_bpm,
                ventricular,
            }) => {
                let rr = 60.0 / escape_rate_bpm;
                let mut t = start + rng.uniform() * rr;
                let kind = if *ventricular {
                    BeatKind::Ventricular
                } else {
                    BeatKind::Normal
                };
                while t < end {
                    beats.push(beat(t, kind));
                    t += rr * (1.0 + 0.01 * rng.normal());
                }
            }
            Some(pat) => {
                for (k, pw) in p.iter_mut().enumerate() {
                    if let Some(pr) = pr_of(pat, k) {
                        pw.conducted = true;
                        beats.push(beat(
                            pw.onset_s + pr / 1000.0 + NARROW_ONSET_S,
                            BeatKind::Normal,
                        ));
                    }
                }
            }
            None => {}
        }
    }
    // Conducted P waves under atrial pacing without a conducting pattern: normal PR.
    if pace.is_some_and(|pm| pm.mode == PacingMode::Atrial) && pattern.is_none() {
        for pw in &mut p {
            pw.conducted = true;
            beats.push(beat(pw.onset_s + 0.16 + NARROW_ONSET_S, BeatKind::Normal));
        }
    }
    if tracks {
        for pw in &mut p {
            pw.conducted = true;
        }
    }
    beats.sort_by(|a, b| a.t_r.total_cmp(&b.t_r));
    for i in 1..beats.len() {
        beats[i].rr_prev = beats[i].t_r - beats[i - 1].t_r;
    }
    spikes.sort_by(|a, b| a.0.total_cmp(&b.0));
    Some(Plan { beats, p, spikes })
}
