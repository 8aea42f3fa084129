//! The order of the chest leads: adjacent swaps V1/V2 … V5/V6.
//!
//! Three readings of the averaged beat (QRS and T) of V1–V6, with I and aVR as anchors:
//!
//! - *smoothness*: neighbouring chest leads look alike; the sum of the correlations between
//!   neighbours gains when a swapped pair is put back;
//! - *betweenness*: a chest lead's lead vector lies between its neighbours', so it is a positive
//!   mixture of them (least squares on the two); a swapped lead needs a negative weight;
//! - *anchors*: from V1 to V6 the chest leads run from the right (like aVR) to the left (like
//!   I): each lead correlates more with I, and less with aVR, than the one before.
//!
//! Each swap needs smoothness plus the reading that tells its position apart on LUDB and CinC:
//! the anchors for V1/V2 and V4/V5 (those pairs differ in how leftward they look), betweenness
//! for V3/V4 (broken as recorded and, on average over the two moved leads, restored once the
//! swap is undone), both for V2/V3 with a larger smoothness gain (the transition zone changes fast in
//! normal hearts); for V5/V6 (V5 and V6 look equally leftward) a clear smoothness gain alone,
//! or any gain with V5 well outside V4 and V6 (swapped, the lead at V5 ends the chain).

use super::beat::{Averaged, I, II, V1, corr};
use super::{Check, ChestSite, Interchange, InterchangeFinding, ReversalConfig};

const SITES: [ChestSite; 6] = [
    ChestSite::V1,
    ChestSite::V2,
    ChestSite::V3,
    ChestSite::V4,
    ChestSite::V5,
    ChestSite::V6,
];

/// Weights (a, b) of the least-squares fit y ≈ a·x1 + b·x2 over `w` (means removed); None when
/// singular.
fn mix(y: &[f64], x1: &[f64], x2: &[f64], w: (usize, usize)) -> Option<(f64, f64)> {
    let hi = w.1.min(y.len()).min(x1.len()).min(x2.len());
    let lo = w.0.min(hi);
    if hi <= lo + 2 {
        return None;
    }
    let m = (hi - lo) as f64;
    let mean = |v: &[f64]| v[lo..hi].iter().sum::<f64>() / m;
    let (my, m1, m2) = (mean(y), mean(x1), mean(x2));
    let (mut s11, mut s22, mut s12, mut s1y, mut s2y) = (0.0, 0.0, 0.0, 0.0, 0.0);
    for t in lo..hi {
        let (a, b, c) = (x1[t] - m1, x2[t] - m2, y[t] - my);
        s11 += a * a;
        s22 += b * b;
        s12 += a * b;
        s1y += a * c;
        s2y += b * c;
    }
    let det = s11 * s22 - s12 * s12;
    if det.abs() <= 1e-12 * (s11 * s22).max(f64::MIN_POSITIVE) {
        return None;
    }
    Some(((s22 * s1y - s12 * s2y) / det, (s11 * s2y - s12 * s1y) / det))
}

/// The adjacent chest swap the averaged beat points to, if any (see the module documentation).
pub(super) fn order(avg: &Averaged, cfg: &ReversalConfig) -> Option<InterchangeFinding> {
    let v: Vec<&[f64]> = (0..6).map(|k| avg.row(V1 + k)).collect::<Option<_>>()?;
    let (i, ii) = (avg.row(I)?, avg.row(II)?);
    let avr: Vec<f64> = i.iter().zip(ii).map(|(a, b)| -0.5 * (a + b)).collect();
    let w = (avg.qrs.0, avg.t.1);
    let mut m = [[0.0f64; 6]; 6];
    for a in 0..6 {
        for b in a + 1..6 {
            m[a][b] = corr(v[a], v[b], w);
            m[b][a] = m[a][b];
        }
    }
    let c_i: Vec<f64> = v.iter().map(|x| corr(x, i, w)).collect();
    let c_r: Vec<f64> = v.iter().map(|x| corr(x, &avr, w)).collect();
    // Betweenness of V2..V5: the smaller weight over the summed magnitudes (negative: outside).
    let between: Vec<f64> = (1..5)
        .map(|k| {
            mix(v[k], v[k - 1], v[k + 1], w)
                .map_or(0.0, |(a, b)| a.min(b) / (a.abs() + b.abs()).max(1e-12))
        })
        .collect();
    let path = |o: &[usize; 6]| (0..5).map(|j| m[o[j]][o[j + 1]]).sum::<f64>();
    let straight = path(&[0, 1, 2, 3, 4, 5]);
    let mut best: Option<(usize, f64)> = None;
    for k in 0..5 {
        let mut o = [0, 1, 2, 3, 4, 5];
        o.swap(k, k + 1);
        let gain = path(&o) - straight;
        let anchors = (c_i[k] - c_i[k + 1]) - (c_r[k] - c_r[k + 1]) > 0.0;
        // Interior leads whose betweenness the swap breaks: V2 for V1/V2, V2 and V3 for V2/V3...
        let lo = k.saturating_sub(1);
        let hi = k.min(3);
        let outside = between[lo..=hi].iter().any(|&b| b < 0.0);
        // Undone, the swap should put the moved leads back between their neighbours: a lone
        // odd lead (unlike both neighbours wherever it sits) breaks betweenness as recorded
        // and still breaks it after the swap.
        let fits = || {
            let b: Vec<f64> = (k..=k + 1)
                .filter(|p| (1..5).contains(p))
                .filter_map(|p| mix(v[o[p]], v[o[p - 1]], v[o[p + 1]], w))
                .map(|(a, b)| a.min(b) / (a.abs() + b.abs()).max(1e-12))
                .collect();
            b.is_empty() || b.iter().sum::<f64>() >= 0.0
        };
        let flagged = match k {
            0 | 3 => gain > cfg.chest_margin && anchors,
            1 => gain > cfg.chest_margin_v2_v3 && anchors && outside,
            2 => gain > cfg.chest_margin && outside && fits(),
            _ => {
                gain > cfg.chest_margin_v5_v6
                    || (gain > 0.0 && between[3] < cfg.chest_between_v5_v6)
            }
        };
        if flagged && best.is_none_or(|(_, g)| gain > g) {
            best = Some((k, gain));
        }
    }
    let (k, gain) = best?;
    Some(InterchangeFinding {
        interchange: Interchange::Chest(SITES[k], SITES[k + 1]),
        check: Check::ChestOrder { gain },
    })
}
