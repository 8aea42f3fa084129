//! The beat plan: the R-wave times and beat kinds of the sinus (tachogram), fibrillation and
//! premature-beat rhythms, before any wave is placed.

use super::rng::Rng;
use super::{BeatKind, Hrv, Rhythm, SynthConfig};
use std::f64::consts::TAU;

/// One planned beat on the absolute time axis.
#[derive(Debug, Clone, Copy)]
pub(super) struct PlannedBeat {
    pub(super) t_r: f64,
    pub(super) kind: BeatKind,
    pub(super) rr_prev: f64,
    pub(super) p_wave: bool,
}

/// The sinus RR tachogram: a sum of cosines with the LF/HF spectrum, normalised to `rr_std_s`.
struct Tachogram {
    mean_rr: f64,
    components: Vec<(f64, f64, f64)>, // (frequency Hz, amplitude s, phase)
}

impl Tachogram {
    fn new(mean_rr: f64, hrv: &Hrv, span_s: f64, rng: &mut Rng) -> Self {
        // Frequency grid fine enough to resolve the 0.01 Hz-wide peaks; capped at 2048 s so a
        // day-long record costs a few hundred components per beat (the tachogram then repeats
        // every 2048 s, which no HRV measure over shorter windows can see).
        let df = 1.0 / span_s.clamp(256.0, 2048.0);
        let width = 0.01;
        let lf_power = hrv.lf_hf_ratio / (1.0 + hrv.lf_hf_ratio);
        let hf_power = 1.0 - lf_power;
        let gauss = |f: f64, c: f64| (-0.5 * ((f - c) / width).powi(2)).exp();
        let mut components = Vec::new();
        let mut k = 1usize;
        loop {
            let f = k as f64 * df;
            if f > 0.5 {
                break;
            }
            let s = lf_power * gauss(f, hrv.lf_hz) + hf_power * gauss(f, hrv.hf_hz);
            let phase = rng.range(0.0, TAU); // drawn for every bin so the stream stays aligned
            if s > 1e-8 {
                components.push((f, s.sqrt(), phase));
            }
            k += 1;
        }
        // Variance of a sum of cosines with random phases is Σ a²/2.
        let var: f64 = components.iter().map(|c| c.1 * c.1 / 2.0).sum();
        let scale = if var > 0.0 {
            hrv.rr_std_s / var.sqrt()
        } else {
            0.0
        };
        for c in &mut components {
            c.1 *= scale;
        }
        Tachogram {
            mean_rr,
            components,
        }
    }

    fn rr_at(&self, t: f64) -> f64 {
        let dev: f64 = self
            .components
            .iter()
            .map(|&(f, a, ph)| a * (TAU * f * t + ph).cos())
            .sum();
        (self.mean_rr + dev).clamp(0.2, 4.0)
    }
}

/// Seconds simulated before the record starts, so the first samples show the tail of a beat.
pub(super) const LEAD_IN_S: f64 = 2.0;

pub(super) fn plan_beats(cfg: &SynthConfig, n: usize) -> Vec<PlannedBeat> {
    let mut rng = Rng::new(cfg.seed, 0);
    let mean_rr = 60.0 / cfg.heart_rate_bpm;
    let end = cfg.duration_s + 1.5;
    let mut t = -LEAD_IN_S - rng.uniform() * mean_rr;
    let mut times = Vec::new();
    match cfg.rhythm {
        Rhythm::Sinus => {
            let tach = Tachogram::new(
                mean_rr,
                &cfg.hrv,
                cfg.duration_s + LEAD_IN_S + 2.0,
                &mut rng,
            );
            while t < end {
                times.push(t);
                t += tach.rr_at(t);
            }
        }
        Rhythm::AtrialFibrillation => {
            let cv = cfg.af.rr_cv;
            let sigma = (1.0 + cv * cv).ln().sqrt();
            let mu = mean_rr.ln() - sigma * sigma / 2.0;
            while t < end {
                times.push(t);
                t += (mu + sigma * rng.normal())
                    .exp()
                    .clamp(0.25, 3.0 * mean_rr.max(1.0));
            }
        }
    }
    let p_wave = cfg.rhythm == Rhythm::Sinus;
    let mut beats: Vec<PlannedBeat> = Vec::with_capacity(times.len());
    let mut in_record = 0usize;
    for (k, &t_r) in times.iter().enumerate() {
        let draw = rng.uniform();
        let rr_prev = if k == 0 { mean_rr } else { t_r - times[k - 1] };
        let inside = t_r >= 0.0 && ((t_r * cfg.fs.hz()).round() as usize) < n;
        let mut beat = PlannedBeat {
            t_r,
            kind: BeatKind::Normal,
            rr_prev,
            p_wave,
        };
        if inside {
            let wanted = cfg.pvc.at_beats.contains(&in_record) || draw < cfg.pvc.rate;
            let prev_normal = beats.last().is_some_and(|b| b.kind == BeatKind::Normal);
            let t_prev = if k > 0 { times[k - 1] } else { t_r - rr_prev };
            let early = t_prev + cfg.pvc.coupling * rr_prev;
            // A PVC that would fall before the record starts stays a normal beat.
            if wanted && prev_normal && k > 0 && early >= 0.0 {
                beat = PlannedBeat {
                    t_r: early,
                    kind: BeatKind::Ventricular,
                    rr_prev: early - t_prev,
                    p_wave: false,
                };
            }
            in_record += 1;
        }
        if let Some(prev) = beats.last() {
            beat.rr_prev = beat.t_r - prev.t_r;
        }
        beats.push(beat);
    }
    beats
}
