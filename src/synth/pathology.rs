//! Pathology injected into the conducted beats: injury currents (ST elevation facing a
//! territory, reciprocal depression opposite; or subendocardial depression), T-wave inversion
//! and infarct Q waves by territory — on any of the 18 leads, V7–V9 and V3R–V5R included —
//! bundle branch block, ventricular hypertrophy and low voltage, axis rotation, atrial
//! abnormality, and PR and QTc changes.
//!
//! Everything stays a dipole: each change is a 3-D vector (Frank x left, y feet, z back) on a
//! wave kernel, so the limb leads keep Einthoven's and Goldberger's relations and every lead
//! shows the change its lead vector sees — elevation facing the injury, reciprocal depression
//! opposite — as a real heart would. A territory's direction is scaled so that the largest
//! change among the leads facing it equals the amplitude asked for; the exact level in every
//! lead is in the ground truth ([`super::true_measurements`]).
//!
//! ```
//! use sinus::report::Territory;
//! use sinus::synth::{Injury, Pathology, SynthConfig, generate, true_measurements};
//! let cfg = SynthConfig {
//!     leads: sinus::Lead::STANDARD_18.to_vec(),
//!     pathology: Pathology {
//!         st: vec![Injury { territory: Territory::Inferior, mv: 0.2 }],
//!         ..Pathology::default()
//!     },
//!     ..SynthConfig::default()
//! };
//! let syn = generate(&cfg).unwrap();
//! let m = true_measurements(&cfg).unwrap();
//! let iii = m.leads.iter().find(|l| l.lead == "III").unwrap();
//! assert!((iii.j_mv.unwrap() - 0.2).abs() < 0.02); // elevation facing the inferior wall
//! let avl = m.leads.iter().find(|l| l.lead == "aVL").unwrap();
//! assert!(avl.j_mv.unwrap() < -0.05); // reciprocal depression
//! # let _ = syn;
//! ```

use super::model::{self, LeadSource, LimbKind, Wave};
use crate::lead::Lead;
use crate::report::Territory;
use serde::{Deserialize, Serialize};

/// A change facing one territory: its amplitude is the largest change (mV) among the leads
/// facing it. For ST, positive is elevation (an injury current towards the territory),
/// negative subendocardial depression; for T and Q, the depth of the inversion or of the Q wave.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Injury {
    /// The territory.
    pub territory: Territory,
    /// The largest change among its leads (mV).
    pub mv: f64,
}

/// Bundle branch block.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Block {
    /// Normal conduction.
    #[default]
    None,
    /// Complete right bundle branch block (QRS ≈ 150 ms, rSR′ in V1, broad S in I and V6,
    /// secondary T inversion in V1–V3).
    Rbbb,
    /// Incomplete right bundle branch block (QRS ≈ 115 ms).
    IncompleteRbbb,
    /// Complete left bundle branch block (QRS ≈ 150 ms, QS in V1, broad notched R without q
    /// in I, aVL, V5, V6, discordant ST-T).
    Lbbb,
}

/// What the conducted beats carry beyond a normal ECG. The default is nothing.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Pathology {
    /// Injury currents (ST elevation or depression) by territory.
    pub st: Vec<Injury>,
    /// T-wave inversion by territory.
    pub t_inversion: Vec<Injury>,
    /// Infarct Q waves by territory.
    pub q_waves: Vec<Injury>,
    /// Bundle branch block.
    pub block: Block,
    /// Gain on the main left-ventricular QRS forces (1 = normal; 1.6 doubles nothing but gives
    /// the voltages of left ventricular hypertrophy).
    pub lv_voltage_gain: f64,
    /// Right-ventricular forces (mV of R in V1 they add; 0 = none).
    pub rv_hypertrophy_mv: f64,
    /// Gain on every QRS wave (1 = normal; 0.3 gives low voltage).
    pub qrs_gain: f64,
    /// Rotation of the QRS in the frontal plane (degrees, positive clockwise towards +90°):
    /// −80 gives left axis deviation, +70 right axis deviation.
    pub frontal_rotation_deg: f64,
    /// Gain on the P wave's amplitude (1 = normal; 2 gives right atrial abnormality).
    pub p_gain: f64,
    /// P-wave duration (s), with a terminal negative (posterior) part in V1 when longer than
    /// 0.12 s (left atrial abnormality); `None`: 0.11 s.
    pub p_duration_s: Option<f64>,
    /// PR interval (s); `None`: 0.16 s.
    pub pr_s: Option<f64>,
    /// QTc (Bazett, s); `None`: 0.40 s.
    pub qtc_s: Option<f64>,
}

impl Default for Pathology {
    fn default() -> Self {
        Pathology {
            st: Vec::new(),
            t_inversion: Vec::new(),
            q_waves: Vec::new(),
            block: Block::None,
            lv_voltage_gain: 1.0,
            rv_hypertrophy_mv: 0.0,
            qrs_gain: 1.0,
            frontal_rotation_deg: 0.0,
            p_gain: 1.0,
            p_duration_s: None,
            pr_s: None,
            qtc_s: None,
        }
    }
}

impl Pathology {
    /// True when nothing is injected.
    pub fn is_none(&self) -> bool {
        *self == Pathology::default()
    }
}

/// The direction a territory faces (Frank x left, y feet, z back).
fn direction(t: Territory) -> [f64; 3] {
    match t {
        Territory::Anteroseptal => [-0.2, -0.2, -1.0],
        Territory::Anterior => [0.3, -0.3, -1.0],
        Territory::Anterolateral => [0.8, -0.2, -0.5],
        Territory::ExtensiveAnterior => [0.6, -0.3, -0.8],
        Territory::Lateral => [1.0, -0.3, 0.2],
        Territory::HighLateral => [0.5, -0.8, 0.3],
        Territory::Inferior => [0.0, 1.0, 0.1],
        Territory::Posterior => [0.0, 0.0, 1.0],
        Territory::RightVentricular => [-1.0, 0.2, -0.3],
        // `Territory` is non-exhaustive: a new territory faces nowhere until given a direction.
        #[allow(unreachable_patterns)]
        _ => [0.0, 0.0, 0.0],
    }
}

/// The leads facing a territory (诊断学 localisation).
fn facing(t: Territory) -> &'static [Lead] {
    match t {
        Territory::Anteroseptal => &[Lead::V1, Lead::V2, Lead::V3],
        Territory::Anterior => &[Lead::V3, Lead::V4, Lead::V5],
        Territory::Anterolateral => &[Lead::V4, Lead::V5, Lead::V6],
        Territory::ExtensiveAnterior => &[Lead::V1, Lead::V2, Lead::V3, Lead::V4, Lead::V5],
        Territory::Lateral => &[Lead::I, Lead::AVL, Lead::V5, Lead::V6],
        Territory::HighLateral => &[Lead::I, Lead::AVL],
        Territory::Inferior => &[Lead::II, Lead::III, Lead::AVF],
        Territory::Posterior => &[Lead::V7, Lead::V8, Lead::V9],
        Territory::RightVentricular => &[Lead::V3R, Lead::V4R, Lead::V5R],
        #[allow(unreachable_patterns)]
        _ => &[],
    }
}

/// The lead vector of any lead the model projects on (limb leads through I and II).
pub(super) fn lead_vector(lead: &Lead) -> Option<[f64; 3]> {
    let i = [0.632, -0.235, 0.059];
    let ii = [0.235, 1.066, -0.132];
    let comb = |a: f64, b: f64| {
        [
            a * i[0] + b * ii[0],
            a * i[1] + b * ii[1],
            a * i[2] + b * ii[2],
        ]
    };
    Some(match model::lead_source(lead)? {
        LeadSource::Vector(v) => v,
        LeadSource::Limb(LimbKind::Iii) => comb(-1.0, 1.0),
        LeadSource::Limb(LimbKind::Avr) => comb(-0.5, -0.5),
        LeadSource::Limb(LimbKind::Avl) => comb(1.0, -0.5),
        LeadSource::Limb(LimbKind::Avf) => comb(-0.5, 1.0),
    })
}

fn dot(a: [f64; 3], b: [f64; 3]) -> f64 {
    a[0] * b[0] + a[1] * b[1] + a[2] * b[2]
}

/// The dipole vector of a change of `mv` facing `t`: its direction scaled so that the largest
/// projection among the facing leads is `mv`.
fn vector(inj: &Injury) -> [f64; 3] {
    let d = direction(inj.territory);
    let max = facing(inj.territory)
        .iter()
        .filter_map(|l| lead_vector(l).map(|v| dot(v, d)))
        .fold(0.0f64, f64::max);
    if max <= 0.0 || !inj.mv.is_finite() {
        return [0.0; 3];
    }
    let k = inj.mv / max;
    [d[0] * k, d[1] * k, d[2] * k]
}

/// The QRS kernels of a conducted beat, relative to the R peak.
pub(super) fn qrs(p: &Pathology) -> Vec<Wave> {
    let mut waves: Vec<Wave> = match p.block {
        Block::Lbbb => LBBB_QRS.to_vec(),
        _ => model::SINUS_QRS.to_vec(),
    };
    if p.lv_voltage_gain != 1.0 {
        // The main left-ventricular forces: the R of a normal beat, both halves of LBBB's.
        let main = if p.block == Block::Lbbb { 1..3 } else { 1..2 };
        for w in &mut waves[main] {
            for c in &mut w.v {
                *c *= p.lv_voltage_gain;
            }
        }
    }
    match p.block {
        Block::Rbbb => waves.push(Wave {
            at_s: 0.060,
            sigma_left_s: 0.015,
            sigma_right_s: 0.020,
            v: [-0.45, -0.05, -0.55],
        }),
        Block::IncompleteRbbb => waves.push(Wave {
            at_s: 0.045,
            sigma_left_s: 0.010,
            sigma_right_s: 0.012,
            v: [-0.30, -0.03, -0.40],
        }),
        _ => {}
    }
    if p.rv_hypertrophy_mv > 0.0 {
        // Rightward, anterior forces; V1 sees 1.37 of the unit vector below.
        let k = p.rv_hypertrophy_mv / 1.37;
        waves.push(Wave {
            at_s: 0.012,
            sigma_left_s: 0.012,
            sigma_right_s: 0.012,
            v: [-0.9 * k, 0.5 * k, -0.9 * k],
        });
    }
    for q in &p.q_waves {
        let v = vector(q);
        // Loss of the forces facing the infarct: an early wave pointing away from it.
        waves.push(Wave {
            at_s: -0.022,
            sigma_left_s: 0.012,
            sigma_right_s: 0.012,
            v: [-v[0], -v[1], -v[2]],
        });
    }
    if p.frontal_rotation_deg != 0.0 {
        let (s, c) = p.frontal_rotation_deg.to_radians().sin_cos();
        for w in &mut waves {
            let (x, y) = (w.v[0], w.v[1]);
            w.v[0] = x * c - y * s;
            w.v[1] = x * s + y * c;
        }
    }
    if p.qrs_gain != 1.0 {
        for w in &mut waves {
            for c in &mut w.v {
                *c *= p.qrs_gain;
            }
        }
    }
    waves
}

/// The complete LBBB QRS: leftward septal activation (no septal q in I, V6), then two broad
/// leftward posterior waves 40 ms apart (the notched R).
const LBBB_QRS: [Wave; 3] = [
    Wave {
        at_s: -0.035,
        sigma_left_s: 0.015,
        sigma_right_s: 0.015,
        v: [0.25, 0.05, 0.20],
    },
    Wave {
        at_s: -0.005,
        sigma_left_s: 0.018,
        sigma_right_s: 0.018,
        v: [0.80, 0.20, 0.90],
    },
    Wave {
        at_s: 0.035,
        sigma_left_s: 0.018,
        sigma_right_s: 0.018,
        v: [0.90, 0.15, 1.10],
    },
];

/// The T wave's dipole of a conducted beat: normal, discordant in LBBB, with RBBB's secondary
/// inversion in V1–V3, and any inversion by territory.
pub(super) fn t_vector(p: &Pathology) -> [f64; 3] {
    let mut v = match p.block {
        Block::Lbbb => [-0.30, 0.05, -0.45],
        Block::Rbbb => [0.35 + 0.15, 0.25, -0.15 + 0.30],
        _ => model::SINUS_T.v,
    };
    for t in &p.t_inversion {
        let d = vector(t);
        for k in 0..3 {
            v[k] -= d[k];
        }
    }
    v
}

/// The P wave of a conducted beat, relative to its onset, and a terminal posterior part when
/// the P is long (left atrial abnormality).
pub(super) fn p_waves(p: &Pathology) -> Vec<Wave> {
    let mut w = model::SINUS_P;
    if let Some(d) = p.p_duration_s {
        // The sinus P spans 2 × 2.5 widths = 0.11 s.
        let sigma = d / 5.0;
        w.at_s = d / 2.0;
        w.sigma_left_s = sigma;
        w.sigma_right_s = sigma;
    }
    if p.p_gain != 1.0 {
        for c in &mut w.v {
            *c *= p.p_gain;
        }
    }
    let mut out = vec![w];
    if p.p_duration_s.is_some_and(|d| d >= 0.12) {
        // Left atrial activation late and posterior: negative in V1.
        out.push(Wave {
            at_s: w.at_s + 1.2 * w.sigma_right_s,
            sigma_left_s: 0.015,
            sigma_right_s: 0.015,
            v: [0.03, 0.0, 0.12],
        });
    }
    out
}

/// The injury currents: one plateau kernel from the end of the QRS to the T peak per injury
/// (and LBBB's discordant ST shift). Returns (dipole vector, kernel) pairs relative to R.
pub(super) fn injuries(p: &Pathology) -> Vec<[f64; 3]> {
    let mut out: Vec<[f64; 3]> = p.st.iter().map(vector).collect();
    if p.block == Block::Lbbb {
        // Discordant ST: elevation in V1–V3 about a tenth of their S, depression laterally.
        out.push([-0.10, 0.0, -0.12]);
    }
    out
}

/// Checks the pathology's numbers (called by the generator's validation).
pub(super) fn validate(p: &Pathology) -> Result<(), super::SynthError> {
    let bad = |field: &'static str, expected: &'static str, found: f64| {
        Err(super::SynthError::InvalidParameter {
            field,
            expected,
            found,
        })
    };
    for i in p.st.iter().chain(&p.t_inversion).chain(&p.q_waves) {
        if !(i.mv.is_finite() && i.mv.abs() <= 5.0) {
            return bad("pathology.*.mv", "-5–5 mV", i.mv);
        }
    }
    for (f, v, lo, hi, e) in [
        (
            "pathology.lv_voltage_gain",
            p.lv_voltage_gain,
            0.0,
            5.0,
            "0–5",
        ),
        (
            "pathology.rv_hypertrophy_mv",
            p.rv_hypertrophy_mv,
            0.0,
            5.0,
            "0–5 mV",
        ),
        ("pathology.qrs_gain", p.qrs_gain, 0.0, 5.0, "0–5"),
        (
            "pathology.frontal_rotation_deg",
            p.frontal_rotation_deg,
            -180.0,
            180.0,
            "-180–180 degrees",
        ),
        ("pathology.p_gain", p.p_gain, 0.0, 5.0, "0–5"),
    ] {
        if !(v.is_finite() && (lo..=hi).contains(&v)) {
            return bad(f, e, v);
        }
    }
    for (f, v, lo, hi, e) in [
        (
            "pathology.p_duration_s",
            p.p_duration_s,
            0.04,
            0.2,
            "0.04–0.2 s",
        ),
        ("pathology.pr_s", p.pr_s, 0.06, 0.5, "0.06–0.5 s"),
        ("pathology.qtc_s", p.qtc_s, 0.25, 0.7, "0.25–0.7 s"),
    ] {
        if let Some(v) = v
            && !(v.is_finite() && (lo..=hi).contains(&v))
        {
            return bad(f, e, v);
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_territory_vector_gives_its_amplitude_in_its_leads() {
        for t in Territory::ALL {
            let v = vector(&Injury {
                territory: t,
                mv: 0.2,
            });
            let max = facing(t)
                .iter()
                .map(|l| dot(lead_vector(l).unwrap(), v))
                .fold(f64::MIN, f64::max);
            assert!((max - 0.2).abs() < 1e-12, "{t:?}: {max}");
        }
    }

    #[test]
    fn default_changes_nothing() {
        let p = Pathology::default();
        assert!(p.is_none());
        let q = qrs(&p);
        assert_eq!(q.len(), 3);
        for (a, b) in q.iter().zip(&model::SINUS_QRS) {
            assert_eq!(a.v, b.v);
        }
        assert_eq!(t_vector(&p), model::SINUS_T.v);
        assert!(injuries(&p).is_empty());
        assert_eq!(p_waves(&p).len(), 1);
    }
}
