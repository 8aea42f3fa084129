//! The P-wave evidence of a record: the atrial segment before each QRS, averaged per lead.

use super::*;

/// P-wave evidence from the atrial segments (from 0.40 s, or 60 % of the typical RR, to `end_s`
/// before each QRS fiducial: 20 ms before the dominant QRS onset, at least 50 ms), averaged per
/// lead in 10 ms bins.
#[allow(clippy::too_many_arguments)]
pub(super) fn atrial_evidence(
    signals: ArrayView2<'_, f32>,
    fs: f64,
    beats: &[usize],
    rr_ms: &[f64],
    info: &[BeatInfo],
    p_leads: &[usize],
    usable: &[bool],
    end_s: f64,
) -> Option<AtrialEvidence> {
    let mut rr_sorted: Vec<f64> = rr_ms.iter().copied().filter(|r| r.is_finite()).collect();
    let med_rr = median(&mut rr_sorted)? / 1000.0;
    let start_s = (end_s + 0.35).min(0.6 * med_rr);
    if start_s <= end_s + 0.1 {
        return None;
    }
    let bin = ((0.01 * fs).round() as usize).max(1);
    let a = (start_s * fs).round() as usize;
    let e = (end_s * fs).round() as usize;
    let n_bins = (a - e) / bin;
    if n_bins < 8 {
        return None;
    }
    // Beats with a full segment after the previous beat's QRS (not premature ones).
    let chosen: Vec<usize> = (1..beats.len())
        .filter(|&i| {
            let s = beats[i];
            s >= a
                && rr_ms.get(i - 1).is_some_and(|r| r / 1000.0 > start_s + 0.1)
                && !matches!(info[i].class, BeatClass::VentricularPremature)
        })
        .collect();
    if chosen.len() < 3 {
        return None;
    }
    let mut leads_out = Vec::new();
    let mut segs = vec![0f64; chosen.len() * n_bins];
    for &k in p_leads {
        if !usable.get(k).copied().unwrap_or(false) || k >= signals.nrows() {
            continue;
        }
        let row = signals.row(k);
        let mut bad = false;
        let chosen: Vec<usize> = chosen
            .iter()
            .copied()
            .filter(|&i| {
                let s0 = beats[i] - a;
                row.iter().skip(s0).take(a - e).all(|v| v.is_finite())
            })
            .collect();
        if chosen.len() < 3 {
            continue;
        }
        for (ci, &i) in chosen.iter().enumerate() {
            let s0 = beats[i] - a;
            let out = &mut segs[ci * n_bins..(ci + 1) * n_bins];
            for (bi, o) in out.iter_mut().enumerate() {
                let mut acc = 0.0f64;
                for t in 0..bin {
                    acc += row[s0 + bi * bin + t] as f64;
                }
                *o = acc / bin as f64;
            }
            if out.iter().any(|x| !x.is_finite()) {
                bad = true;
                break;
            }
            // Straight line through the first and last 2 bins.
            let (l0, l1) = (
                (out[0] + out[1]) / 2.0,
                (out[n_bins - 2] + out[n_bins - 1]) / 2.0,
            );
            let span = (n_bins - 2) as f64;
            for (bi, o) in out.iter_mut().enumerate() {
                let f = (bi as f64 - 0.5) / span;
                *o -= l0 + (l1 - l0) * f;
            }
        }
        if bad {
            continue;
        }
        let nc = chosen.len();
        let mut avg = vec![0f64; n_bins];
        for ci in 0..nc {
            for (bi, a) in avg.iter_mut().enumerate() {
                *a += segs[ci * n_bins + bi];
            }
        }
        avg.iter_mut().for_each(|a| *a /= nc as f64);
        let mut corr_sum = 0.0;
        let mut var = 0.0;
        let mut loo = vec![0f64; n_bins];
        for ci in 0..nc {
            let seg = &segs[ci * n_bins..(ci + 1) * n_bins];
            for bi in 0..n_bins {
                loo[bi] = (avg[bi] * nc as f64 - seg[bi]) / (nc - 1) as f64;
                var += (seg[bi] - avg[bi]).powi(2);
            }
            corr_sum += correlation(seg, &loo);
        }
        let amplitude = avg.iter().fold(0.0f64, |m, x| m.max(x.abs()));
        leads_out.push(AtrialLead {
            lead: k,
            beats: nc,
            consistency: corr_sum / nc as f64,
            amplitude_mv: amplitude,
            variation_mv: (var / (nc * n_bins) as f64).sqrt(),
        });
    }
    if leads_out.is_empty() {
        return None;
    }
    let mut best: Vec<&AtrialLead> = leads_out.iter().collect();
    best.sort_by(|x, y| y.consistency.total_cmp(&x.consistency));
    let top = best.len().min(2);
    let p_consistency = best[..top].iter().map(|l| l.consistency).sum::<f64>() / top as f64;
    // Among leads as consistent as the best (within 0.01), the largest P: a lead where the P
    // wave is isoelectric can be just as consistent with nothing in it (noise-free signals).
    let p_amplitude_mv = best
        .iter()
        .take_while(|l| l.consistency >= best[0].consistency - 0.01)
        .map(|l| l.amplitude_mv)
        .fold(0.0f64, f64::max);
    let p_snr = best[..top]
        .iter()
        .map(|l| l.amplitude_mv / l.variation_mv.max(1e-6))
        .sum::<f64>()
        / top as f64;
    Some(AtrialEvidence {
        leads: leads_out,
        p_consistency,
        p_amplitude_mv,
        p_snr,
    })
}
