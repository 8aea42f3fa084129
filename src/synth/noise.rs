//! Disturbances added to any record, real or synthetic, reproducible from a seed: mains hum with
//! harmonics, muscle noise at a given SNR, baseline wander, electrode-motion bursts, a lead off,
//! and every electrode interchange of a 12- or 18-lead ECG (the algebra of Jekova et al. 2019).
//!
//! The stress protocol (`evaluate stress`) reads each record clean and with each disturbance, and
//! compares the two reports; the noise models are calibrated so that a level means the same thing
//! on every record:
//!
//! - **mains**: every lead carries the fundamental at exactly `amplitude_mv` (peak), with its own
//!   phase, plus the 2nd and 3rd harmonics at 10 % and 20 % of it (those below Nyquist). The
//!   frequency is off its nominal value by up to ±0.1 Hz, as on a real grid.
//! - **muscle noise**: white Gaussian noise whose RMS is the lead's own RMS (about its mean) less
//!   `snr_db`, lead by lead. This is harsher than the NSTDB convention, which measures the signal
//!   by its QRS amplitude (about 6 dB more signal power on a resting ECG).
//! - **baseline wander**: two sinusoids at frequencies shared by all leads (respiration moves the
//!   whole heart), one in 0.15–0.35 Hz and one in 0.1–0.5 Hz, weighted 0.6 and 0.4; each lead
//!   scales them by 0.5–1 with its own phases, so no lead exceeds `amplitude_mv`.
//! - **electrode motion**: one electrode (a limb or a chest electrode) jolts once every 5 s on
//!   average: a step of up to `amplitude_mv` decaying over 0.2–0.6 s, with a 1–10 Hz tremor of
//!   half that amplitude for 0.2–0.8 s. A limb electrode's jolt reaches every limb lead through
//!   Einthoven's and Goldberger's relations and every chest lead through Wilson's central
//!   terminal, as on a real electrocardiograph.
//! - **lead off**: one chest lead reads a flat line with 2 µV of amplifier noise.
//!
//! ```
//! use sinus::synth::{generate, SynthConfig};
//! use sinus::synth::noise::{disturb, interchange, Disturbance, Interchange};
//! use sinus::Lead;
//! let clean = generate(&SynthConfig::default()).unwrap().record;
//! let hum = disturb(&clean, &Disturbance::Mains { freq_hz: 50.0, amplitude_mv: 0.1 }, 7).unwrap();
//! assert_eq!(hum.n_samples(), clean.n_samples());
//! // Swapping the arm electrodes inverts lead I.
//! let swapped = interchange(&clean, Interchange::LaRa).unwrap();
//! let (i, i2) = (clean.lead(&Lead::I).unwrap(), swapped.lead(&Lead::I).unwrap());
//! assert!(i.iter().zip(i2.iter()).all(|(a, b)| (a + b).abs() < 1e-6));
//! ```

use super::SynthError;
use super::rng::{Rng, label_hash};
use crate::lead::Lead;
pub use crate::quality::reversal::{ChestSite, Electrode, Interchange};
use crate::record::Record;
use serde::{Deserialize, Serialize};
use std::f64::consts::TAU;

/// One calibrated disturbance (see the module documentation for each model).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Disturbance {
    /// Mains hum at `freq_hz` (50 or 60), `amplitude_mv` peak in every lead, with harmonics.
    Mains {
        /// Nominal mains frequency (Hz).
        freq_hz: f64,
        /// Peak amplitude of the fundamental in every lead (mV).
        amplitude_mv: f64,
    },
    /// White muscle noise at `snr_db` below each lead's RMS.
    Muscle {
        /// Signal-to-noise ratio (dB), lead by lead.
        snr_db: f64,
    },
    /// Baseline wander of at most `amplitude_mv` peak at 0.1–0.5 Hz.
    Wander {
        /// Peak amplitude (mV).
        amplitude_mv: f64,
    },
    /// Electrode-motion bursts of one electrode, steps of up to `amplitude_mv`.
    ElectrodeMotion {
        /// Largest step (mV).
        amplitude_mv: f64,
    },
    /// One chest lead off: a flat line.
    LeadOff,
}

impl Disturbance {
    /// A short label for tables: `mains50 0.10 mV`, `muscle 18 dB`, `wander 0.50 mV`, ...
    pub fn label(&self) -> String {
        match *self {
            Disturbance::Mains {
                freq_hz,
                amplitude_mv,
            } => format!("mains{freq_hz:.0} {amplitude_mv:.2} mV"),
            Disturbance::Muscle { snr_db } => format!("muscle {snr_db:.0} dB"),
            Disturbance::Wander { amplitude_mv } => format!("wander {amplitude_mv:.2} mV"),
            Disturbance::ElectrodeMotion { amplitude_mv } => {
                format!("motion {amplitude_mv:.2} mV")
            }
            Disturbance::LeadOff => "lead off".to_string(),
        }
    }

    fn check(&self) -> Result<(), SynthError> {
        let bad = |field: &'static str, expected: &'static str, found: f64| {
            Err(SynthError::InvalidParameter {
                field,
                expected,
                found,
            })
        };
        match *self {
            Disturbance::Mains {
                freq_hz,
                amplitude_mv,
            } => {
                if !(freq_hz.is_finite() && freq_hz > 0.0 && freq_hz <= 1000.0) {
                    return bad("mains.freq_hz", "a frequency in (0, 1000] Hz", freq_hz);
                }
                if !(0.0..=10.0).contains(&amplitude_mv) {
                    return bad("mains.amplitude_mv", "0–10 mV", amplitude_mv);
                }
            }
            Disturbance::Muscle { snr_db } => {
                if !(-20.0..=100.0).contains(&snr_db) {
                    return bad("muscle.snr_db", "-20–100 dB", snr_db);
                }
            }
            Disturbance::Wander { amplitude_mv }
            | Disturbance::ElectrodeMotion { amplitude_mv } => {
                if !(0.0..=10.0).contains(&amplitude_mv) {
                    return bad("amplitude_mv", "0–10 mV", amplitude_mv);
                }
            }
            Disturbance::LeadOff => {}
        }
        Ok(())
    }

    /// A tag that separates the random streams of different disturbances.
    fn stream(&self) -> u64 {
        match self {
            Disturbance::Mains { .. } => 0x6d61_696e,
            Disturbance::Muscle { .. } => 0x656d_6700,
            Disturbance::Wander { .. } => 0x7761_6e64,
            Disturbance::ElectrodeMotion { .. } => 0x6d6f_7469,
            Disturbance::LeadOff => 0x6f66_6600,
        }
    }
}

/// Relative amplitudes of the mains harmonics 2 and 3.
const MAINS_HARMONICS: [f64; 2] = [0.1, 0.2];

/// A copy of `record` with `d` added, reproducible from `seed`: the same record, disturbance and
/// seed give the same samples, bit for bit. Missing samples (NaN) stay missing.
pub fn disturb(record: &Record, d: &Disturbance, seed: u64) -> Result<Record, SynthError> {
    d.check()?;
    let mut out = record.clone();
    let fs = record.fs().hz();
    let n = record.n_samples();
    let leads: Vec<Lead> = record.leads().to_vec();
    let mut shared = Rng::new(seed, d.stream());
    match *d {
        Disturbance::Mains {
            freq_hz,
            amplitude_mv,
        } => {
            let f = freq_hz + shared.range(-0.1, 0.1);
            for (k, lead) in leads.iter().enumerate() {
                let mut rng = lead_rng(seed, d, lead);
                let phases = [
                    rng.range(0.0, TAU),
                    rng.range(0.0, TAU),
                    rng.range(0.0, TAU),
                ];
                let mut row = out.signals_mut();
                let mut row = row.row_mut(k);
                for (i, v) in row.iter_mut().enumerate() {
                    let t = i as f64 / fs;
                    let mut h = (TAU * f * t + phases[0]).sin();
                    for (m, (&rel, &ph)) in MAINS_HARMONICS.iter().zip(&phases[1..]).enumerate() {
                        let fm = f * (m + 2) as f64;
                        if fm < fs / 2.0 {
                            h += rel * (TAU * fm * t + ph).sin();
                        }
                    }
                    *v += (amplitude_mv * h) as f32;
                }
            }
        }
        Disturbance::Muscle { snr_db } => {
            for (k, lead) in leads.iter().enumerate() {
                let mut rng = lead_rng(seed, d, lead);
                let sd = rms(record.signals().row(k).iter().copied()) / 10f64.powf(snr_db / 20.0);
                let mut sig = out.signals_mut();
                for v in sig.row_mut(k).iter_mut() {
                    *v += (sd * rng.normal()) as f32;
                }
            }
        }
        Disturbance::Wander { amplitude_mv } => {
            let (f1, f2) = (shared.range(0.15, 0.35), shared.range(0.1, 0.5));
            for (k, lead) in leads.iter().enumerate() {
                let mut rng = lead_rng(seed, d, lead);
                let (g, p1, p2) = (
                    rng.range(0.5, 1.0),
                    rng.range(0.0, TAU),
                    rng.range(0.0, TAU),
                );
                let a = amplitude_mv * g;
                let mut sig = out.signals_mut();
                for (i, v) in sig.row_mut(k).iter_mut().enumerate() {
                    let t = i as f64 / fs;
                    *v += (a * (0.6 * (TAU * f1 * t + p1).sin() + 0.4 * (TAU * f2 * t + p2).sin()))
                        as f32;
                }
            }
        }
        Disturbance::ElectrodeMotion { amplitude_mv } => {
            let electrodes = available_electrodes(&leads);
            if electrodes.is_empty() {
                return Ok(out);
            }
            let e = electrodes
                [(shared.uniform() * electrodes.len() as f64) as usize % electrodes.len()];
            let wave = motion_wave(n, fs, amplitude_mv, &mut shared);
            for (k, lead) in leads.iter().enumerate() {
                let w = electrode_weight(lead, e);
                if w != 0.0 {
                    let mut sig = out.signals_mut();
                    for (v, &m) in sig.row_mut(k).iter_mut().zip(&wave) {
                        *v += (w * m) as f32;
                    }
                }
            }
        }
        Disturbance::LeadOff => {
            let chest: Vec<usize> = (0..leads.len())
                .filter(|&k| leads[k].is_precordial())
                .collect();
            let pool: Vec<usize> = if chest.is_empty() {
                (0..leads.len()).collect()
            } else {
                chest
            };
            if pool.is_empty() {
                return Ok(out);
            }
            let k = pool[(shared.uniform() * pool.len() as f64) as usize % pool.len()];
            let mut rng = lead_rng(seed, d, &leads[k]);
            let mut sig = out.signals_mut();
            for v in sig.row_mut(k).iter_mut() {
                *v = (0.002 * rng.normal()) as f32;
            }
        }
    }
    Ok(out)
}

fn lead_rng(seed: u64, d: &Disturbance, lead: &Lead) -> Rng {
    Rng::new(seed ^ d.stream(), label_hash(lead.name()))
}

/// RMS about the mean of the finite values.
fn rms(x: impl Iterator<Item = f32> + Clone) -> f64 {
    let (s, c) = x
        .clone()
        .filter(|v| v.is_finite())
        .fold((0.0f64, 0usize), |(s, c), v| (s + f64::from(v), c + 1));
    if c == 0 {
        return 0.0;
    }
    let m = s / c as f64;
    let ss: f64 = x
        .filter(|v| v.is_finite())
        .map(|v| (f64::from(v) - m).powi(2))
        .sum();
    (ss / c as f64).sqrt()
}

fn available_electrodes(leads: &[Lead]) -> Vec<Electrode> {
    let mut out = Vec::new();
    if leads.contains(&Lead::I) && leads.contains(&Lead::II) {
        out.extend([Electrode::Ra, Electrode::La, Electrode::Ll]);
    }
    out.extend(leads.iter().filter_map(ChestSite::of).map(Electrode::Chest));
    out
}

/// How much of a potential change at electrode `e` lead `lead` records: +1 for its positive
/// pole, −1 for its negative pole, −½ for a Goldberger pole, −⅓ through Wilson's terminal.
fn electrode_weight(lead: &Lead, e: Electrode) -> f64 {
    use Electrode as E;
    let limb = |ra: f64, la: f64, ll: f64| match e {
        E::Ra => ra,
        E::La => la,
        E::Ll => ll,
        _ => 0.0,
    };
    match lead {
        Lead::I => limb(-1.0, 1.0, 0.0),
        Lead::II => limb(-1.0, 0.0, 1.0),
        Lead::III => limb(0.0, -1.0, 1.0),
        Lead::AVR => limb(1.0, -0.5, -0.5),
        Lead::AVL => limb(-0.5, 1.0, -0.5),
        Lead::AVF => limb(-0.5, -0.5, 1.0),
        l => match (ChestSite::of(l), e) {
            (Some(site), E::Chest(c)) if site == c => 1.0,
            (Some(_), E::Ra | E::La | E::Ll) => -1.0 / 3.0,
            _ => 0.0,
        },
    }
}

/// The potential change of one jolting electrode over the record: about one burst per 5 s.
fn motion_wave(n: usize, fs: f64, amplitude_mv: f64, rng: &mut Rng) -> Vec<f64> {
    let mut w = vec![0.0f64; n];
    let dur = n as f64 / fs;
    let bursts = ((dur / 5.0).round() as usize).max(1);
    for _ in 0..bursts {
        let start = rng.range(0.0, dur.max(0.0));
        let step =
            amplitude_mv * rng.range(0.5, 1.0) * if rng.uniform() < 0.5 { -1.0 } else { 1.0 };
        let tau = rng.range(0.2, 0.6);
        let len = rng.range(0.2, 0.8);
        let tremor: Vec<(f64, f64)> = (0..3)
            .map(|_| (rng.range(1.0, 10.0), rng.range(0.0, TAU)))
            .collect();
        let i0 = (start * fs) as usize;
        for (i, v) in w.iter_mut().enumerate().skip(i0) {
            let t = (i - i0) as f64 / fs;
            if t > 5.0 * tau.max(len) {
                break;
            }
            let mut x = step * (-t / tau).exp();
            if t < len {
                let hann = (std::f64::consts::PI * t / len).sin().powi(2);
                let s: f64 = tremor
                    .iter()
                    .map(|&(f, p)| (TAU * f * t + p).sin())
                    .sum::<f64>()
                    / 3.0;
                x += 0.5 * amplitude_mv * hann * s;
            }
            *v += x;
        }
    }
    w
}

/// The right leg's potential, relative to the left leg's, as a fraction of lead I.
const RL_OFFSET_OF_LEAD_I: f64 = -0.05;

/// A copy of `record` as it would have been recorded with the electrode interchange `x`.
///
/// Limb interchanges need leads I and II (every other limb lead is recomputed from them by
/// Einthoven's and Goldberger's relations, and every chest lead is moved by the shift of Wilson's
/// central terminal); chest interchanges need both chest leads. Errors name the lead missing.
pub fn interchange(record: &Record, x: Interchange) -> Result<Record, SynthError> {
    let mut out = record.clone();
    if let Interchange::Chest(a, b) = x {
        let (la, lb) = (a.lead(), b.lead());
        let ka = record
            .lead_index(&la)
            .ok_or(SynthError::UnsupportedLead(la))?;
        let kb = record
            .lead_index(&lb)
            .ok_or(SynthError::UnsupportedLead(lb))?;
        let sig = record.signals();
        let mut o = out.signals_mut();
        o.row_mut(ka).assign(&sig.row(kb));
        o.row_mut(kb).assign(&sig.row(ka));
        return Ok(out);
    }
    let Some(pos) = x.limb_positions() else {
        return Ok(out);
    };
    let ki = record
        .lead_index(&Lead::I)
        .ok_or(SynthError::UnsupportedLead(Lead::I))?;
    let kii = record
        .lead_index(&Lead::II)
        .ok_or(SynthError::UnsupportedLead(Lead::II))?;
    let sig = record.signals();
    let leads = record.leads().to_vec();
    let mut o = out.signals_mut();
    for t in 0..record.n_samples() {
        let (i, ii) = (f64::from(sig[[ki, t]]), f64::from(sig[[kii, t]]));
        // Electrode potentials with RA as the reference.
        let phi = |e: Electrode| match e {
            Electrode::Ra => 0.0,
            Electrode::La => i,
            Electrode::Ll => ii,
            Electrode::Rl => ii + RL_OFFSET_OF_LEAD_I * i,
            Electrode::Chest(_) => 0.0,
        };
        let (ra, la, ll) = (phi(pos[0]), phi(pos[1]), phi(pos[2]));
        let wct_shift = (i + ii) / 3.0 - (ra + la + ll) / 3.0;
        for (k, lead) in leads.iter().enumerate() {
            let v = match lead {
                Lead::I => la - ra,
                Lead::II => ll - ra,
                Lead::III => ll - la,
                Lead::AVR => ra - (la + ll) / 2.0,
                Lead::AVL => la - (ra + ll) / 2.0,
                Lead::AVF => ll - (ra + la) / 2.0,
                l if l.is_precordial() => f64::from(sig[[k, t]]) + wct_shift,
                _ => f64::from(sig[[k, t]]),
            };
            o[[k, t]] = v as f32;
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::synth::{SynthConfig, generate};

    fn clean() -> Record {
        generate(&SynthConfig::default()).unwrap().record
    }

    fn row(r: &Record, l: Lead) -> Vec<f32> {
        r.lead(&l).unwrap().to_vec()
    }

    fn close(a: &[f32], b: &[f32], tol: f32) -> bool {
        a.iter().zip(b).all(|(x, y)| (x - y).abs() <= tol)
    }

    #[test]
    fn limb_interchanges_follow_the_published_algebra() {
        let r = clean();
        let neg = |v: Vec<f32>| v.iter().map(|x| -x).collect::<Vec<_>>();
        let t = 1e-5;
        let s = interchange(&r, Interchange::LaRa).unwrap();
        assert!(close(&row(&s, Lead::I), &neg(row(&r, Lead::I)), t));
        assert!(close(&row(&s, Lead::II), &row(&r, Lead::III), t));
        assert!(close(&row(&s, Lead::AVR), &row(&r, Lead::AVL), t));
        assert!(close(&row(&s, Lead::V2), &row(&r, Lead::V2), t));
        let s = interchange(&r, Interchange::LaLl).unwrap();
        assert!(close(&row(&s, Lead::I), &row(&r, Lead::II), t));
        assert!(close(&row(&s, Lead::III), &neg(row(&r, Lead::III)), t));
        assert!(close(&row(&s, Lead::AVL), &row(&r, Lead::AVF), t));
        let s = interchange(&r, Interchange::RaLl).unwrap();
        assert!(close(&row(&s, Lead::I), &neg(row(&r, Lead::III)), t));
        assert!(close(&row(&s, Lead::II), &neg(row(&r, Lead::II)), t));
        assert!(close(&row(&s, Lead::AVR), &row(&r, Lead::AVF), t));
        let s = interchange(&r, Interchange::RotationRaToLa).unwrap();
        assert!(close(&row(&s, Lead::I), &row(&r, Lead::III), t));
        assert!(close(&row(&s, Lead::II), &neg(row(&r, Lead::I)), t));
        let s = interchange(&r, Interchange::RotationRaToLl).unwrap();
        assert!(close(&row(&s, Lead::I), &neg(row(&r, Lead::II)), t));
        assert!(close(&row(&s, Lead::III), &row(&r, Lead::I), t));
        // The ground cable on an arm: one lead nearly flat, chest leads shifted.
        let s = interchange(&r, Interchange::RaRl).unwrap();
        let peak = |v: &[f32]| v.iter().fold(0.0f32, |m, x| m.max(x.abs()));
        assert!(peak(&row(&s, Lead::II)) < 0.1 * peak(&row(&r, Lead::II)));
        // Wilson's terminal moves by (RA − RL) / 3 = (0.05 I − II) / 3.
        let shifted: Vec<f32> = row(&r, Lead::V1)
            .iter()
            .zip(row(&r, Lead::II).iter().zip(row(&r, Lead::I)))
            .map(|(v, (ii, i))| v + (0.05 * i - ii) / 3.0)
            .collect();
        assert!(close(&row(&s, Lead::V1), &shifted, 1e-5));
        let s = interchange(&r, Interchange::LaRl).unwrap();
        assert!(peak(&row(&s, Lead::III)) < 0.1 * peak(&row(&r, Lead::III)));
        let s = interchange(&r, Interchange::BilateralArmLeg).unwrap();
        assert!(peak(&row(&s, Lead::I)) < 0.1 * peak(&row(&r, Lead::I)));
        let s = interchange(&r, Interchange::Chest(ChestSite::V2, ChestSite::V3)).unwrap();
        assert_eq!(row(&s, Lead::V2), row(&r, Lead::V3));
        assert_eq!(row(&s, Lead::V3), row(&r, Lead::V2));
    }

    #[test]
    fn disturbances_are_calibrated_and_reproducible() {
        let r = clean();
        let d = Disturbance::Mains {
            freq_hz: 50.0,
            amplitude_mv: 0.1,
        };
        let a = disturb(&r, &d, 3).unwrap();
        assert_eq!(a, disturb(&r, &d, 3).unwrap());
        assert_ne!(a, disturb(&r, &d, 4).unwrap());
        let q = crate::quality::assess_lead(
            &row(&a, Lead::V2),
            500.0,
            &crate::quality::QualityConfig::default(),
        );
        assert!((q.metrics.mains_mv - 0.1).abs() < 0.015, "{q:?}");
        // Muscle noise at 0 dB doubles the power of each lead.
        let m = disturb(&r, &Disturbance::Muscle { snr_db: 0.0 }, 1).unwrap();
        for l in [Lead::I, Lead::V1, Lead::V5] {
            let (p0, p1) = (
                rms(row(&r, l.clone()).into_iter()),
                rms(row(&m, l.clone()).into_iter()),
            );
            assert!((p1 * p1 / (p0 * p0) - 2.0).abs() < 0.15, "{l}: {p0} {p1}");
        }
        let w = disturb(&r, &Disturbance::Wander { amplitude_mv: 1.0 }, 1).unwrap();
        for l in Lead::STANDARD_12 {
            let d: f32 = row(&w, l.clone())
                .iter()
                .zip(row(&r, l))
                .fold(0.0, |m, (a, b)| m.max((a - b).abs()));
            assert!(d <= 1.0 && d > 0.1, "{d}");
        }
        let off = disturb(&r, &Disturbance::LeadOff, 5).unwrap();
        let flat = Lead::STANDARD_12
            .iter()
            .filter(|l| rms(row(&off, (*l).clone()).into_iter()) < 0.01)
            .count();
        assert_eq!(flat, 1);
        // Electrode motion keeps Einthoven's law.
        let e = disturb(&r, &Disturbance::ElectrodeMotion { amplitude_mv: 1.0 }, 2).unwrap();
        let (i, ii, iii) = (row(&e, Lead::I), row(&e, Lead::II), row(&e, Lead::III));
        assert!((0..i.len()).all(|t| (i[t] + iii[t] - ii[t]).abs() < 1e-4));
        assert_ne!(e, r);
    }

    #[test]
    fn bad_parameters_are_refused() {
        let r = clean();
        assert!(disturb(&r, &Disturbance::Muscle { snr_db: f64::NAN }, 0).is_err());
        assert!(
            disturb(
                &r,
                &Disturbance::Mains {
                    freq_hz: -50.0,
                    amplitude_mv: 0.1
                },
                0
            )
            .is_err()
        );
        let two = Record::new(
            "x",
            vec![Lead::V1, Lead::V2],
            r.fs(),
            ndarray::Array2::zeros((2, 100)),
        )
        .unwrap();
        assert!(interchange(&two, Interchange::LaRa).is_err());
        assert!(interchange(&two, Interchange::Chest(ChestSite::V1, ChestSite::V2)).is_ok());
    }
}
