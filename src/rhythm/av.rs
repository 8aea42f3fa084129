//! AV block from the P waves and the QRS complexes, beat by beat.
//!
//! The input is a list of P waves (onset and peak, each P wave of the record including those
//! not followed by a QRS) and the QRS onsets: [`PWaveMark`]. [`super::p_waves`] finds them
//! over the record and the pipeline reads second- and third-degree block from them; the rules
//! themselves are tested on the synthetic generator's ground truth.
//!
//! Each P wave is *conducted* when a QRS begins `min_pr_ms`–`max_pr_ms` after its onset with
//! no other P wave in between, its PR being that delay; otherwise it is *blocked*. Then, in
//! this order (2018 ACC/AHA/HRS bradycardia guideline, Kusumoto et al., Circulation
//! 2019;140:e382, section 3.2):
//!
//! 1. **Third degree**: P waves at their own regular rate, faster than a regular ventricular
//!    rhythm, at least `min_blocked` blocked, and the "PR" of the P waves that happen to
//!    precede a QRS scattered over more than `dissociation_pr_range_ms` (no fixed relation).
//! 2. **High grade**: two or more consecutive P waves blocked (3:1, 4:1 …).
//! 3. **2:1**: every other P wave blocked, throughout.
//! 4. **Mobitz I**: before each blocked P the PR has grown (last minus first PR of the group
//!    at least `wenckebach_min_increment_ms`), and the PR after the block is shorter than the
//!    one before it.
//! 5. **Mobitz II**: blocked P waves among conducted ones whose PR stays constant (range at
//!    most `constant_pr_range_ms`).
//! 6. Otherwise with blocked P waves: second degree, type not determined.
//! 7. **First degree**: every P conducted, median PR above `first_degree_pr_ms`.

use super::{AvBlock, AvBlockDegree};
use serde::{Deserialize, Serialize};

/// One P wave, as delineation marks it (samples of the record).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct PWaveMark {
    /// Onset.
    pub onset: usize,
    /// Peak.
    pub peak: usize,
}

/// Thresholds of the AV-block reading, with their sources.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
#[non_exhaustive]
pub struct AvConfig {
    /// First-degree AV block above this PR (ms). Default 200 (AHA/ACCF/HRS 2009 recommendations
    /// for the standardization and interpretation of the ECG, part III).
    pub first_degree_pr_ms: f64,
    /// Shortest PR for a P wave to count as conducted (ms). Default 80 (a pre-excited PR is
    /// still ≥ 80 ms; shorter, the P wave and the QRS are unrelated or junctional).
    pub min_pr_ms: f64,
    /// Longest PR for a P wave to count as conducted (ms). Default 600 (the longest PRs of
    /// first-degree block and of Wenckebach's last beat).
    pub max_pr_ms: f64,
    /// Mobitz I: the PR grows by at least this much over a Wenckebach group (ms). Default 30.
    pub wenckebach_min_increment_ms: f64,
    /// Mobitz II: the PR of the conducted beats stays within this range (ms). Default 30.
    pub constant_pr_range_ms: f64,
    /// Third degree: the apparent PRs spread over more than this (ms). Default 120.
    pub dissociation_pr_range_ms: f64,
    /// Fewest blocked P waves for a second- or third-degree reading. Default 2 for third
    /// degree; one suffices for second degree.
    pub min_blocked: usize,
    /// Fewest P waves to read anything. Default 4.
    pub min_p_waves: usize,
}

impl Default for AvConfig {
    fn default() -> Self {
        AvConfig {
            first_degree_pr_ms: 200.0,
            min_pr_ms: 80.0,
            max_pr_ms: 600.0,
            wenckebach_min_increment_ms: 30.0,
            constant_pr_range_ms: 30.0,
            dissociation_pr_range_ms: 120.0,
            min_blocked: 2,
            min_p_waves: 4,
        }
    }
}

fn median(mut v: Vec<f64>) -> Option<f64> {
    if v.is_empty() {
        return None;
    }
    v.sort_by(f64::total_cmp);
    Some(v[v.len() / 2])
}

/// Coefficient of variation of successive differences (nRMSSD) of an interval series.
fn nrmssd(v: &[f64]) -> Option<f64> {
    if v.len() < 3 {
        return None;
    }
    let mean = v.iter().sum::<f64>() / v.len() as f64;
    let s: f64 = v.windows(2).map(|w| (w[1] - w[0]).powi(2)).sum();
    Some((s / (v.len() - 1) as f64).sqrt() / mean)
}

/// The AV conduction of a stretch: None when there are too few P waves or the conduction is
/// normal. `qrs` are QRS onsets (samples, increasing), at `fs_hz`.
pub fn read_av_block(
    p_waves: &[PWaveMark],
    qrs: &[usize],
    fs_hz: f64,
    cfg: &AvConfig,
) -> Option<AvBlock> {
    if !(fs_hz.is_finite() && fs_hz > 0.0) || p_waves.len() < cfg.min_p_waves || qrs.len() < 2 {
        return None;
    }
    let mut p: Vec<PWaveMark> = p_waves.to_vec();
    p.sort_by_key(|m| m.onset);
    let ms = |samples: usize| samples as f64 * 1000.0 / fs_hz;
    // The PR of each P wave that a QRS follows within the window with no P wave between
    // (None: blocked).
    let pr: Vec<Option<f64>> = p
        .iter()
        .enumerate()
        .map(|(i, m)| {
            let j = qrs.partition_point(|&q| q <= m.onset);
            let q = *qrs.get(j)?;
            let next_p = p.get(i + 1).map(|n| n.onset);
            if next_p.is_some_and(|n| n < q) {
                return None;
            }
            let d = ms(q - m.onset);
            (d >= cfg.min_pr_ms && d <= cfg.max_pr_ms).then_some(d)
        })
        .collect();
    let blocked = pr.iter().filter(|x| x.is_none()).count();
    // P waves beyond the last QRS cannot be judged.
    let last_q = *qrs.last()?;
    let judged: Vec<Option<f64>> = p
        .iter()
        .zip(&pr)
        .filter(|(m, _)| m.onset < last_q)
        .map(|(_, x)| *x)
        .collect();
    let blocked_judged = judged.iter().filter(|x| x.is_none()).count();
    let prs: Vec<f64> = judged.iter().flatten().copied().collect();
    let pp: Vec<f64> = p.windows(2).map(|w| ms(w[1].onset - w[0].onset)).collect();
    let rr: Vec<f64> = qrs.windows(2).map(|w| ms(w[1] - w[0])).collect();
    let p_rate = median(pp.clone()).map(|m| 60_000.0 / m);
    let qrs_rate = median(rr.clone()).map(|m| 60_000.0 / m);
    let out = |degree: AvBlockDegree, rule: String| {
        Some(AvBlock {
            degree,
            p_rate_bpm: p_rate,
            qrs_rate_bpm: qrs_rate,
            p_waves: p.len(),
            blocked,
            pr_ms: prs.iter().take(32).copied().collect(),
            rule,
        })
    };
    let _ = blocked;
    if blocked_judged == 0 {
        let m = median(prs.clone())?;
        if m > cfg.first_degree_pr_ms {
            return out(
                AvBlockDegree::First,
                format!(
                    "every P wave conducted, PR {m:.0} ms > {:.0} ms",
                    cfg.first_degree_pr_ms
                ),
            );
        }
        return None;
    }
    // 1. Dissociation.
    let pr_range = match (
        prs.iter().copied().reduce(f64::min),
        prs.iter().copied().reduce(f64::max),
    ) {
        (Some(a), Some(b)) => b - a,
        _ => f64::INFINITY,
    };
    let regular = |v: &[f64]| nrmssd(v).is_some_and(|x| x <= 0.08);
    // A P wave lost in a QRS doubles a PP interval; the atrial rhythm is still regular.
    let pp_found: Vec<f64> = {
        let m = median(pp.clone()).unwrap_or(f64::INFINITY);
        pp.iter().copied().filter(|&x| x < 1.6 * m).collect()
    };
    if blocked_judged >= cfg.min_blocked
        && p_rate.zip(qrs_rate).is_some_and(|(a, v)| a > v * 1.05)
        && regular(&pp_found)
        && regular(&rr)
        && (prs.len() < 2 || pr_range > cfg.dissociation_pr_range_ms)
    {
        return out(
            AvBlockDegree::Third,
            format!(
                "P waves at {:.0} /min march through a regular ventricular rhythm at {:.0} bpm; {blocked_judged} of {} not conducted, apparent PR spread {}",
                p_rate.unwrap_or(0.0),
                qrs_rate.unwrap_or(0.0),
                judged.len(),
                if pr_range.is_finite() {
                    format!("{pr_range:.0} ms")
                } else {
                    "-".to_string()
                }
            ),
        );
    }
    // 2. Consecutive blocked P waves.
    let mut longest = 0usize;
    let mut cur = 0usize;
    for x in &judged {
        if x.is_none() {
            cur += 1;
            longest = longest.max(cur);
        } else {
            cur = 0;
        }
    }
    if longest >= 2 {
        return out(
            AvBlockDegree::HighGrade,
            format!("{longest} consecutive P waves not conducted"),
        );
    }
    // 3. 2:1 throughout.
    let alternating = judged.len() >= 4
        && (0..judged.len()).all(|i| i == 0 || judged[i].is_none() != judged[i - 1].is_none());
    if alternating {
        return out(
            AvBlockDegree::TwoToOne,
            format!(
                "every other P wave not conducted (2:1), PR {:.0} ms",
                median(prs.clone()).unwrap_or(0.0)
            ),
        );
    }
    // 4–5. The PR around each blocked P wave.
    let mut wenckebach = 0usize;
    let mut constant = 0usize;
    let mut groups = 0usize;
    let mut i = 0;
    while i < judged.len() {
        if judged[i].is_some() {
            i += 1;
            continue;
        }
        // The conducted group before this blocked P.
        let mut a = i;
        while a > 0 && judged[a - 1].is_some() {
            a -= 1;
        }
        let group: Vec<f64> = judged[a..i].iter().flatten().copied().collect();
        let after = judged.get(i + 1).copied().flatten();
        if group.len() >= 2 {
            groups += 1;
            let (first, last) = (group[0], group[group.len() - 1]);
            let range = group.iter().copied().fold(f64::NEG_INFINITY, f64::max)
                - group.iter().copied().fold(f64::INFINITY, f64::min);
            if last - first >= cfg.wenckebach_min_increment_ms
                && after.is_none_or(|x| x < last - cfg.wenckebach_min_increment_ms / 2.0)
            {
                wenckebach += 1;
            } else if range <= cfg.constant_pr_range_ms
                && after.is_none_or(|x| (x - last).abs() <= cfg.constant_pr_range_ms)
            {
                constant += 1;
            }
        }
        i += 1;
    }
    let seq = prs
        .iter()
        .take(8)
        .map(|x| format!("{x:.0}"))
        .collect::<Vec<_>>()
        .join(", ");
    if groups > 0 && 2 * wenckebach > groups {
        return out(
            AvBlockDegree::SecondMobitzI,
            format!(
                "the PR lengthens before each non-conducted P wave (Wenckebach; PR {seq} ms); {blocked_judged} P waves not conducted"
            ),
        );
    }
    if groups > 0 && 2 * constant > groups {
        return out(
            AvBlockDegree::SecondMobitzII,
            format!(
                "constant PR ({seq} ms), then a P wave suddenly not conducted; {blocked_judged} P waves not conducted"
            ),
        );
    }
    out(
        AvBlockDegree::SecondDegree,
        format!("{blocked_judged} P waves not conducted (PR {seq} ms); type not determined"),
    )
}
