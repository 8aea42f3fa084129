//! Beat classes from shape, timing and the P wave.
//!
//! 1. **Shape.** The beats are clustered by their multi-lead QRS ([`super::cluster`]). The
//!    dominant cluster is the one holding most beats that come on time; a cluster is of
//!    *ventricular shape* when its template is unlike the dominant one (correlation below
//!    `min_template_corr`) or wider by `wider_than_dominant_ms`, or wide (`wide_qrs_ms`) where
//!    the dominant is narrow.
//! 2. **Conducted or not.** A cluster of ventricular shape whose beats carry the sinus P wave
//!    at the dominant PR (median P match at least `conducted_min_p_match`, see
//!    [`super::pwave`]) is conducted: intermittent bundle-branch block or aberrancy, not
//!    ventricular.
//! 3. **Timing.** A beat of supraventricular shape is premature when its RR falls below
//!    `premature_fraction` of the sinus cycle (the median of the last eight intervals between
//!    beats of the dominant rhythm); the beats that follow it at a like interval continue the
//!    run.
//!
//! Beats of ventricular shape are ventricular whatever their timing (an escape or a late
//! ventricular beat is still ventricular); paced beats are paced.

use super::cluster::{BeatWindows, Clustering, best_fit};
use super::{BeatClass, BeatConfig};

/// What the classifier knows of each beat.
pub(crate) struct Inputs<'a> {
    /// RR interval ending at each beat (ms), None for the first or across a gap.
    pub rr: &'a [Option<f64>],
    /// Paced beats.
    pub paced: &'a [bool],
    /// P-wave match per beat.
    pub p_match: &'a [Option<f64>],
    /// Whether the P match means anything (a sinus P template was made).
    pub p_template: bool,
    /// Each beat's RR over the median of its neighbours (four either side, leaving out its own
    /// interval and the next, the compensatory pause).
    pub rr_ratio: &'a [Option<f64>],
}

/// Per cluster: whether it is of ventricular shape.
pub(crate) struct ClusterShape {
    pub ventricular: bool,
}

/// The dominant cluster: most beats coming on time (RR at least 0.9 of the median).
pub(crate) fn dominant(cl: &Clustering, rr: &[Option<f64>]) -> Option<usize> {
    let mut v: Vec<f64> = rr.iter().flatten().copied().collect();
    v.sort_by(f64::total_cmp);
    let med = v.get(v.len() / 2).copied();
    let mut on_time = vec![0usize; cl.clusters.len()];
    for (i, c) in cl.of.iter().enumerate() {
        let Some(c) = c else { continue };
        let ok = match (rr.get(i).copied().flatten(), med) {
            (Some(r), Some(m)) => r >= 0.9 * m,
            _ => true,
        };
        if ok {
            on_time[*c] += 1;
        }
    }
    (0..cl.clusters.len()).max_by_key(|&c| (on_time[c], cl.clusters[c].n))
}

/// The shape of every cluster against the dominant one.
pub(crate) fn shapes(
    cl: &Clustering,
    win: &BeatWindows,
    dom: Option<usize>,
    width_of: impl Fn(&[f32]) -> Option<f64>,
    cfg: &BeatConfig,
) -> Vec<ClusterShape> {
    let dw = dom.and_then(|d| width_of(&cl.clusters[d].template));
    let reach = ((0.017 * win.fs).round() as i32).max(1);
    cl.clusters
        .iter()
        .enumerate()
        .map(|(c, k)| {
            let width_ms = width_of(&k.template);
            let Some(d) = dom else {
                return ClusterShape { ventricular: false };
            };
            if c == d {
                return ClusterShape { ventricular: false };
            }
            let (r, _, _) = best_fit(&k.template, &cl.clusters[d].template, win.nl, win.w, reach);
            let wider = match (width_ms, dw) {
                (Some(w), Some(d)) => {
                    w > d + cfg.wider_than_dominant_ms
                        || (w > cfg.wide_qrs_ms && d <= cfg.wide_qrs_ms - 10.0 && w > d + 20.0)
                }
                _ => false,
            };
            ClusterShape {
                ventricular: r < cfg.min_template_corr || wider,
            }
        })
        .collect()
}

/// A run of this many premature beats is examined as a possible new sinus rate.
const RUN_RESET: usize = 8;

fn median(mut v: Vec<f64>) -> Option<f64> {
    if v.is_empty() {
        return None;
    }
    v.sort_by(f64::total_cmp);
    Some(v[v.len() / 2])
}

/// The class of every beat.
pub(crate) fn classify(
    cl: &Clustering,
    shapes: &[ClusterShape],
    dom: Option<usize>,
    inp: &Inputs<'_>,
    cfg: &BeatConfig,
) -> Vec<BeatClass> {
    let nb = cl.of.len();
    // Conducted clusters of ventricular shape: the sinus P wave at the dominant PR.
    let dom_p = dom.and_then(|d| {
        median(
            (0..nb)
                .filter(|&i| cl.of[i] == Some(d))
                .filter_map(|i| inp.p_match.get(i).copied().flatten())
                .collect(),
        )
    });
    let p_usable = inp.p_template && dom_p.is_some_and(|p| p >= cfg.conducted_min_p_match);
    let rr_median = median(inp.rr.iter().flatten().copied().collect());
    let ventricular: Vec<bool> = (0..shapes.len())
        .map(|c| {
            if !shapes[c].ventricular {
                return false;
            }
            if !p_usable {
                return true;
            }
            let members: Vec<usize> = (0..nb).filter(|&i| cl.of[i] == Some(c)).collect();
            let p = median(
                members
                    .iter()
                    .filter_map(|&i| inp.p_match.get(i).copied().flatten())
                    .collect(),
            );
            // Conducted beats come on time (intermittent bundle-branch block) with the sinus
            // P wave before them.
            let on_time = median(
                members
                    .iter()
                    .filter_map(|&i| {
                        let r = inp.rr.get(i).copied().flatten()?;
                        let m = rr_median?;
                        Some(r / m)
                    })
                    .collect(),
            )
            .is_some_and(|q| q >= 0.92);
            !(on_time && p.is_some_and(|p| p >= cfg.conducted_min_p_match))
        })
        .collect();

    let all: Vec<f64> = inp.rr.iter().flatten().copied().collect();
    let global = median(all).unwrap_or(f64::NAN);
    let mut recent: std::collections::VecDeque<f64> = std::collections::VecDeque::new();
    let mut out = vec![BeatClass::Dominant; nb];
    // The current run of premature beats of supraventricular shape (first index).
    let mut run: Option<usize> = None;
    for i in 0..nb {
        if inp.paced.get(i).copied().unwrap_or(false) {
            out[i] = BeatClass::Paced;
            run = None;
            continue;
        }
        let rr = inp.rr.get(i).copied().flatten();
        let Some(c) = cl.of[i] else {
            // Too near an edge or a gap to see its shape: judged by its timing alone.
            out[i] = match (rr, inp.rr_ratio.get(i).copied().flatten()) {
                (None, _) => BeatClass::Unclassified,
                (Some(_), Some(q)) if q < cfg.premature_fraction => {
                    BeatClass::SupraventricularPremature
                }
                _ => BeatClass::Dominant,
            };
            run = None;
            continue;
        };
        if ventricular[c] {
            out[i] = BeatClass::VentricularPremature;
            run = None;
            continue;
        }
        let reference = if recent.len() >= 3 {
            median(recent.iter().copied().collect()).unwrap_or(global)
        } else {
            global
        };
        // A beat carrying the sinus P wave at the sinus PR is a sinus beat however early
        // (sinus arrhythmia, a change of rate): an atrial premature beat has its own P wave,
        // often hidden in the T wave before it.
        let sinus_p = p_usable
            && inp
                .p_match
                .get(i)
                .copied()
                .flatten()
                .is_some_and(|p| p >= cfg.sinus_min_p_match);
        // Premature against the sinus cycle so far, or against the neighbours (which a short
        // record has few of before it).
        let premature = !sinus_p
            && (rr.is_some_and(|r| r < cfg.premature_fraction * reference)
                || inp
                    .rr_ratio
                    .get(i)
                    .copied()
                    .flatten()
                    .is_some_and(|q| q < cfg.premature_fraction));
        let prev_normal = i > 0 && out[i - 1] == BeatClass::Dominant;
        if premature {
            out[i] = BeatClass::SupraventricularPremature;
            let start = *run.get_or_insert(i);
            // A long, even run whose beats carry the sinus P wave is the sinus rhythm at a new
            // rate (or 1:1 conduction after 2:1 block), not a run of premature beats: it
            // becomes the reference.
            let len = i + 1 - start;
            if len >= RUN_RESET {
                let rrs: Vec<f64> = (start..=i)
                    .filter_map(|j| inp.rr.get(j).copied().flatten())
                    .collect();
                let even = rrs.len() >= RUN_RESET - 1 && {
                    let m = rrs.iter().sum::<f64>() / rrs.len() as f64;
                    rrs.iter().all(|r| (r - m).abs() <= 0.1 * m)
                };
                let sinus_p = p_usable
                    && median(
                        (start..=i)
                            .filter_map(|j| inp.p_match.get(j).copied().flatten())
                            .collect(),
                    )
                    .is_some_and(|p| p >= cfg.conducted_min_p_match);
                if even && sinus_p {
                    for o in &mut out[start..=i] {
                        *o = BeatClass::Dominant;
                    }
                    recent.clear();
                    recent.extend(rrs.iter().rev().take(8).copied());
                    run = None;
                }
            }
            continue;
        }
        run = None;
        out[i] = BeatClass::Dominant;
        // The sinus cycle learns from intervals between two beats of the dominant rhythm.
        if let Some(r) = rr
            && prev_normal
        {
            recent.push_back(r);
            if recent.len() > 8 {
                recent.pop_front();
            }
        }
    }
    out
}
