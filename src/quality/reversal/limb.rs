//! The limb-electrode checks: a flat limb lead (the right-leg cable moved), and the frontal
//! plane read under each permutation of the RA, LA and LL cables.

use super::beat::{Averaged, I, II, V1, area, corr, rms};
use super::{Check, Interchange, InterchangeFinding, ReversalConfig};

/// The frontal leads I, II, III as averaged (III by Einthoven's law).
fn frontal_leads(avg: &Averaged) -> Option<[Vec<f64>; 3]> {
    let (i, ii) = (avg.row(I)?, avg.row(II)?);
    let iii: Vec<f64> = ii.iter().zip(i).map(|(b, a)| b - a).collect();
    Some([i.to_vec(), ii.to_vec(), iii])
}

/// A flat limb lead: the RMS over the beat (P to T) of I, II or III below `flat_ratio` of the
/// largest limb lead or of the median chest lead, whichever is larger. Two inputs then see one
/// potential: the right-leg cable on an arm (RA/RL: II flat; LA/RL: III flat) or both arm cables
/// on the legs (I flat).
pub(super) fn flat(avg: &Averaged, cfg: &ReversalConfig) -> Option<InterchangeFinding> {
    let limb = frontal_leads(avg)?;
    let w = (avg.p.0, avg.t.1);
    let r: Vec<f64> = limb.iter().map(|x| rms(x, w)).collect();
    let mut chest: Vec<f64> = (V1..V1 + 6)
        .filter_map(|k| avg.row(k))
        .map(|x| rms(x, w))
        .collect();
    chest.sort_by(f64::total_cmp);
    let reference = r
        .iter()
        .copied()
        .fold(0.0f64, f64::max)
        .max(chest.get(chest.len() / 2).copied().unwrap_or(0.0));
    if reference <= 0.0 {
        return None;
    }
    let (k, &min) = r.iter().enumerate().min_by(|a, b| a.1.total_cmp(b.1))?;
    let ratio = min / reference;
    if ratio >= cfg.flat_ratio {
        return None;
    }
    let (interchange, lead) = match k {
        0 => (Interchange::BilateralArmLeg, "I"),
        1 => (Interchange::RaRl, "II"),
        _ => (Interchange::LaRl, "III"),
    };
    Some(InterchangeFinding {
        interchange,
        check: Check::FlatLimbLead {
            lead: lead.into(),
            ratio,
        },
    })
}

/// The six readings of the frontal plane: the interchange undone, and the true (I, II) as
/// signed recorded leads (index into I, II, III and sign).
/// A signed recorded frontal lead: index into I, II, III and sign.
type Signed = (usize, f64);

const READINGS: [(Option<Interchange>, Signed, Signed); 6] = [
    (None, (0, 1.0), (1, 1.0)),
    (Some(Interchange::LaRa), (0, -1.0), (2, 1.0)),
    (Some(Interchange::LaLl), (1, 1.0), (0, 1.0)),
    (Some(Interchange::RaLl), (2, -1.0), (1, -1.0)),
    (Some(Interchange::RotationRaToLa), (1, -1.0), (2, -1.0)),
    (Some(Interchange::RotationRaToLl), (2, 1.0), (0, -1.0)),
];

/// Log prior odds of each interchange against the rotations, used only to name the one of a
/// pair the chest leads cannot tell apart: LA/RA is the commonest limb interchange, RA/LL and
/// LA/LL next, a rotation (three cables moved) rarer.
fn prior(x: Option<Interchange>) -> f64 {
    match x {
        Some(Interchange::LaRa | Interchange::RaLl | Interchange::LaLl) => 1.0,
        _ => 0.0,
    }
}

/// One reading's figures.
struct Reading {
    /// Correlation of the corrected lead I with V5 and V6 (mean), over QRS and T.
    r: f64,
    /// P axis (degrees).
    p_axis: f64,
    /// Log-likelihood.
    ll: f64,
}

/// The smallest frontal P vector (mV·ms) whose axis is read.
const MIN_P_AREA: f64 = 3.0;

fn axis(i: f64, ii: f64) -> f64 {
    ((2.0 * ii - i) / 3f64.sqrt()).atan2(i).to_degrees()
}

/// Log of a Gaussian around `mu` (degrees, SD `sd`) with a 5 % uniform floor.
fn log_axis(x: f64, mu: f64, sd: f64) -> f64 {
    let d = (x - mu + 540.0).rem_euclid(360.0) - 180.0;
    (0.95 * (-0.5 * (d / sd).powi(2)).exp() + 0.05).ln()
}

/// The frontal plane read under each permutation of the arm and left-leg cables (see
/// [`ReversalConfig`]).
pub(super) fn frontal(
    avg: &Averaged,
    p_wave: bool,
    cfg: &ReversalConfig,
) -> Option<InterchangeFinding> {
    let limb = frontal_leads(avg)?;
    let (v5, v6) = (avg.row(V1 + 4)?, avg.row(V1 + 5)?);
    let w = (avg.qrs.0, avg.t.1);
    let fs = avg.fs;
    // The P axis counts only for a P wave big enough to have one: a frontal P vector of at
    // least 3 mV·ms (0.05 mV over 60 ms).
    let (pi, pii) = (
        area(&limb[0], avg.p, fs, true),
        area(&limb[1], avg.p, fs, true),
    );
    let p_wave = p_wave && pi.hypot((2.0 * pii - pi) / 3f64.sqrt()) >= MIN_P_AREA;
    let readings: Vec<Reading> = READINGS
        .iter()
        .map(|&(_, (ki, si), (kii, sii))| {
            let li: Vec<f64> = limb[ki].iter().map(|v| si * v).collect();
            let lii: Vec<f64> = limb[kii].iter().map(|v| sii * v).collect();
            let r = 0.5 * (corr(&li, v5, w) + corr(&li, v6, w));
            let ax = |win: (usize, usize), detrend: bool| {
                axis(area(&li, win, fs, detrend), area(&lii, win, fs, detrend))
            };
            let (p_axis, qrs_axis, t_axis) =
                (ax(avg.p, true), ax(avg.qrs, false), ax(avg.t, false));
            let mut ll = 3.0 * r + log_axis(qrs_axis, 40.0, 40.0) + log_axis(t_axis, 40.0, 35.0);
            if p_wave {
                ll += 1.5 * log_axis(p_axis, 50.0, 25.0);
            }
            Reading { r, p_axis, ll }
        })
        .collect();
    let ll = |k: usize| readings[k].ll;
    // Pairs: {none, LA/LL}, {LA/RA, rotation RA→LL}, {RA/LL, rotation RA→LA}.
    let best_of = |a: usize, b: usize| {
        if ll(a) + prior(READINGS[a].0) >= ll(b) + prior(READINGS[b].0) {
            a
        } else {
            b
        }
    };
    let base = ll(0).max(ll(2));
    let mut found: Option<(usize, f64)> = None;
    for pair in [(1, 5), (3, 4)] {
        let m = ll(pair.0).max(ll(pair.1)) - base;
        let k = best_of(pair.0, pair.1);
        let r = readings[pair.0].r.max(readings[pair.1].r);
        // The chest leads must prefer this pair on their own: no other reading's lead I may
        // run better with V5 and V6. Else the axes decided (a right axis whose lead II runs
        // with V5/V6 reads like LA/RA by axes alone).
        let chest_agrees = readings
            .iter()
            .enumerate()
            .all(|(j, x)| j == pair.0 || j == pair.1 || x.r <= r);
        if m > cfg.limb_margin
            && r > readings[0].r
            && chest_agrees
            && found.is_none_or(|(_, fm)| m > fm)
        {
            found = Some((k, m));
        }
    }
    if found.is_none() {
        let m = ll(2) - ll(0);
        if m > cfg.limb_margin_la_ll && ll(2) >= ll(1).max(ll(5)).max(ll(3)).max(ll(4)) {
            found = Some((2, m));
        }
    }
    let (k, margin) = found?;
    let interchange = READINGS[k].0?;
    Some(InterchangeFinding {
        interchange,
        check: Check::FrontalPlane {
            recorded_r: readings[0].r,
            corrected_r: readings[k].r,
            margin,
            p_axis_deg: p_wave.then_some(readings[0].p_axis),
            corrected_p_axis_deg: p_wave.then_some(readings[k].p_axis),
        },
    })
}
