//! RR and beat analysis: intervals, premature beats (ventricular or supraventricular), pauses,
//! and the atrial-activity evidence (a consistent P wave before the QRS, or not) that the rhythm
//! classifier in [`crate::rhythm`] decides from.
//!
//! Everything here works on plain arrays: the raw multi-lead signal in mV (lead-major), the sample
//! rate, the detected beat positions and a mask of the leads fit to read. Baseline is removed
//! locally (a straight line through the ends of each short window), which is what a reader's eye
//! does and costs far less than filtering whole leads.
//!
//! ```
//! use ndarray::Array2;
//! use sinus::beats::{analyze_beats, BeatConfig};
//! // 10 s of silence with beats every 0.8 s: RR statistics still come out.
//! let sig = Array2::<f32>::zeros((1, 5000));
//! let beats: Vec<usize> = (1..12).map(|k| k * 400).collect();
//! let a = analyze_beats(sig.view(), 500.0, &beats, &[true], &[0], &BeatConfig::default());
//! assert_eq!(a.rr.as_ref().unwrap().n, 10);
//! assert!((a.rr.unwrap().mean_ms - 800.0).abs() < 1e-9);
//! ```

mod atrial_segment;
mod classify;
mod cluster;
mod pwave;
mod shape;

use atrial_segment::atrial_evidence;
use shape::classify_by_shape;

use ndarray::ArrayView2;
use serde::{Deserialize, Serialize};

/// The class of one beat.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum BeatClass {
    /// A beat of the dominant rhythm.
    Dominant,
    /// Premature with the dominant beat's QRS: supraventricular (atrial or junctional) premature beat.
    SupraventricularPremature,
    /// Premature with a wide or different QRS: ventricular premature beat.
    VentricularPremature,
    /// Too close to the record's edge (or to a gap) to classify.
    Unclassified,
    /// Ventricular paced: a pacemaker spike at the start of the QRS (see [`crate::pacing`]).
    Paced,
}

impl BeatClass {
    /// The MIT annotation code a beat of this class is written with: `N` (dominant), `S`
    /// (supraventricular premature), `V` (ventricular), `/` (paced), `Q` (unclassified).
    pub fn code(self) -> crate::annotation::Code {
        use crate::annotation::Code;
        match self {
            BeatClass::Dominant => Code::NORMAL,
            BeatClass::SupraventricularPremature => Code::SVPB,
            BeatClass::VentricularPremature => Code::PVC,
            BeatClass::Paced => Code::PACE,
            BeatClass::Unclassified => Code::UNKNOWN,
        }
    }
}

/// One beat as analysed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BeatInfo {
    /// The detector's fiducial sample.
    pub sample: usize,
    /// The RR interval ending at this beat (ms), if there is a beat before.
    pub rr_ms: Option<f64>,
    /// The class.
    pub class: BeatClass,
    /// The RR interval as a fraction of the local reference RR (prematurity), if computable.
    pub rr_ratio: Option<f64>,
    /// Multi-lead QRS width of this beat (ms), if measurable.
    pub qrs_ms: Option<f64>,
    /// Correlation of this beat's QRS with the dominant template (all usable leads together).
    pub template_corr: Option<f64>,
    /// The shape cluster of this beat (see [`classify_by_shape`]); None for a paced beat or
    /// one too near an edge.
    #[serde(default)]
    pub cluster: Option<u32>,
    /// Correlation of the stretch before this beat with the record's sinus P wave, at the
    /// best PR (None where it could not be read or the record has no sinus P wave).
    #[serde(default)]
    pub p_match: Option<f64>,
    /// Whether its shape cluster is of ventricular shape (unlike the dominant QRS or wider),
    /// whether or not it was found conducted.
    #[serde(default)]
    pub ventricular_shape: bool,
    /// Peak-to-peak amplitude of its QRS window in its largest lead (mV).
    #[serde(default)]
    pub qrs_mv: Option<f64>,
}

/// RR statistics (ms), over every interval between consecutive beats.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct RrStats {
    /// Number of intervals.
    pub n: usize,
    /// Mean RR.
    pub mean_ms: f64,
    /// Shortest RR.
    pub min_ms: f64,
    /// Longest RR.
    pub max_ms: f64,
    /// Standard deviation of RR (SDNN).
    pub sdnn_ms: f64,
    /// Root mean square of successive differences.
    pub rmssd_ms: f64,
}

/// A pause: an RR interval longer than the configured threshold.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Pause {
    /// Start of the pause (s from the record's start): the beat before it.
    pub start_s: f64,
    /// Its length (s).
    pub duration_s: f64,
}

/// Atrial activity in the segment before each QRS, for one lead.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AtrialLead {
    /// The lead's row index.
    pub lead: usize,
    /// Beats averaged.
    pub beats: usize,
    /// Mean correlation of each beat's atrial segment with the average of the others
    /// (leave-one-out): near 1 for a P wave at a fixed PR, near 0 for fibrillatory waves.
    pub consistency: f64,
    /// Peak absolute amplitude of the averaged atrial segment (mV).
    pub amplitude_mv: f64,
    /// RMS beat-to-beat variation of the atrial segment around its average (mV).
    pub variation_mv: f64,
}

/// The P-wave evidence of a record: per lead, and the figure the classifier reads.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AtrialEvidence {
    /// The leads examined.
    pub leads: Vec<AtrialLead>,
    /// P-wave consistency of the record: the mean of the two most consistent leads.
    pub p_consistency: f64,
    /// Amplitude of the averaged atrial segment (mV): the largest among the leads within 0.01 of
    /// the best consistency.
    pub p_amplitude_mv: f64,
    /// Amplitude over beat-to-beat variation of the atrial segment, averaged over the two most
    /// consistent leads: high for a P wave standing out of a quiet baseline, near 1–2 for
    /// fibrillatory waves.
    pub p_snr: f64,
}

/// The result of the RR and beat analysis.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BeatAnalysis {
    /// Every beat, in order.
    pub beats: Vec<BeatInfo>,
    /// RR statistics over all intervals (None with fewer than two beats).
    pub rr: Option<RrStats>,
    /// RR statistics over the intervals not touching a premature beat (the underlying rhythm).
    pub rr_dominant: Option<RrStats>,
    /// Normalised RMSSD of all intervals (RMSSD / mean RR).
    pub nrmssd: Option<f64>,
    /// Normalised RMSSD of the intervals not touching a premature beat.
    pub nrmssd_dominant: Option<f64>,
    /// Normalised RMSSD of the intervals not touching a ventricular beat (all intervals when
    /// there is none; None when fewer than four are left).
    pub nrmssd_no_ventricular: Option<f64>,
    /// Turning-point ratio of the RR series (about 2/3 for a random series).
    pub turning_point_ratio: Option<f64>,
    /// Pauses, in order.
    pub pauses: Vec<Pause>,
    /// QRS width of the dominant template (ms).
    pub dominant_qrs_ms: Option<f64>,
    /// Atrial activity evidence, when there are enough beats.
    pub atrial: Option<AtrialEvidence>,
    /// Where the atrial segment ends before each fiducial (s): 20 ms before the dominant QRS
    /// onset.
    #[serde(default)]
    pub atrial_end_s: Option<f64>,
    /// Peak-to-peak amplitude of the dominant QRS template in its largest lead (mV).
    #[serde(default)]
    pub dominant_qrs_mv: Option<f64>,
}

/// Thresholds of the beat analysis.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct BeatConfig {
    /// A beat whose RR is below this fraction of the local reference RR is premature. Default
    /// 0.85: premature complexes are usually defined by a coupling interval clearly shorter than
    /// the dominant cycle; 80–90 % is the usual range in computerised ECG analysis.
    pub premature_fraction: f64,
    /// QRS width above which a premature beat is ventricular (ms). Default 120 (AHA/ACCF/HRS 2009
    /// intraventricular conduction recommendations: QRS ≥ 120 ms is wide).
    pub wide_qrs_ms: f64,
    /// A premature beat whose width exceeds the dominant width by this much is ventricular (ms).
    /// Default 40.
    pub wider_than_dominant_ms: f64,
    /// A cluster whose template correlates with the dominant cluster's below this is of
    /// ventricular shape (see `classify`). Default 0.8. Templates are averages, in which the
    /// muscle noise of single beats cancels, so the threshold needs no noise allowance.
    pub min_template_corr: f64,
    /// An RR interval longer than this is a pause (s). Default 2.0.
    pub pause_s: f64,
    /// A cluster of ventricular shape whose beats carry the sinus P wave at the dominant PR
    /// with a median match (correlation, see [`BeatInfo::p_match`]) of at least this is
    /// conducted (bundle-branch block, aberrancy), not ventricular, provided the dominant
    /// beats' own median match reaches it too. Default 0.6.
    #[serde(default = "default_conducted_min_p_match")]
    pub conducted_min_p_match: f64,
    /// A beat of supraventricular shape whose P wave matches the sinus P wave this well
    /// (correlation) is a sinus beat, however early: sinus arrhythmia or a change of rate, not
    /// an atrial premature beat, whose P wave differs or hides in the T wave before it.
    /// Default 0.8.
    #[serde(default = "default_sinus_min_p_match")]
    pub sinus_min_p_match: f64,
}

fn default_sinus_min_p_match() -> f64 {
    0.8
}

fn default_conducted_min_p_match() -> f64 {
    0.6
}

impl Default for BeatConfig {
    fn default() -> Self {
        BeatConfig {
            premature_fraction: 0.85,
            wide_qrs_ms: 120.0,
            wider_than_dominant_ms: 40.0,
            min_template_corr: 0.8,
            pause_s: 2.0,
            conducted_min_p_match: default_conducted_min_p_match(),
            sinus_min_p_match: default_sinus_min_p_match(),
        }
    }
}

/// RR statistics of a series of intervals (ms); None when empty.
pub fn rr_stats(rr_ms: &[f64]) -> Option<RrStats> {
    if rr_ms.is_empty() {
        return None;
    }
    let n = rr_ms.len() as f64;
    let mean = rr_ms.iter().sum::<f64>() / n;
    let var = rr_ms.iter().map(|r| (r - mean).powi(2)).sum::<f64>() / n;
    let min = rr_ms.iter().copied().fold(f64::INFINITY, f64::min);
    let max = rr_ms.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let rmssd = if rr_ms.len() > 1 {
        let s: f64 = rr_ms.windows(2).map(|w| (w[1] - w[0]).powi(2)).sum();
        (s / (rr_ms.len() - 1) as f64).sqrt()
    } else {
        0.0
    };
    Some(RrStats {
        n: rr_ms.len(),
        mean_ms: mean,
        min_ms: min,
        max_ms: max,
        sdnn_ms: var.sqrt(),
        rmssd_ms: rmssd,
    })
}

/// Turning-point ratio: the fraction of interior points that are a local maximum or minimum.
fn turning_point_ratio(x: &[f64]) -> Option<f64> {
    if x.len() < 5 {
        return None;
    }
    let tp = x
        .windows(3)
        .filter(|w| (w[1] > w[0] && w[1] > w[2]) || (w[1] < w[0] && w[1] < w[2]))
        .count();
    Some(tp as f64 / (x.len() - 2) as f64)
}

fn median(v: &mut [f64]) -> Option<f64> {
    if v.is_empty() {
        return None;
    }
    v.sort_by(f64::total_cmp);
    let m = v.len() / 2;
    Some(if v.len() % 2 == 1 {
        v[m]
    } else {
        0.5 * (v[m - 1] + v[m])
    })
}

/// Analyses the beats at `beats` (sample indices, increasing) of `signals` (raw mV, lead-major)
/// sampled at `fs_hz`. `usable[k]` says whether lead row `k` may be read; `p_leads` lists the
/// rows to search for P waves, best first (e.g. II, V1, ...).
pub fn analyze_beats(
    signals: ArrayView2<'_, f32>,
    fs_hz: f64,
    beats: &[usize],
    usable: &[bool],
    p_leads: &[usize],
    cfg: &BeatConfig,
) -> BeatAnalysis {
    analyze_paced_beats(signals, fs_hz, beats, &[], usable, p_leads, cfg)
}

/// As [`analyze_beats`], with the beats a pacemaker spike starts (`paced[i]` for the i-th of
/// `beats` after sorting; see [`crate::pacing`]): those are [`BeatClass::Paced`] and take no
/// part in the shape clusters.
pub fn analyze_paced_beats(
    signals: ArrayView2<'_, f32>,
    fs_hz: f64,
    beats: &[usize],
    paced: &[bool],
    usable: &[bool],
    p_leads: &[usize],
    cfg: &BeatConfig,
) -> BeatAnalysis {
    analyze_inner(signals, fs_hz, beats, paced, usable, p_leads, cfg, true)
}

/// As [`analyze_paced_beats`]; without the atrial evidence of the whole stretch when
/// `atrial` is false (a long record reads it window by window, see [`BeatAnalysis::window`]).
#[allow(clippy::too_many_arguments)]
pub(crate) fn analyze_inner(
    signals: ArrayView2<'_, f32>,
    fs_hz: f64,
    beats: &[usize],
    paced: &[bool],
    usable: &[bool],
    p_leads: &[usize],
    cfg: &BeatConfig,
    atrial: bool,
) -> BeatAnalysis {
    let fs = if fs_hz.is_finite() && fs_hz > 0.0 {
        fs_hz
    } else {
        1.0
    };
    let n_samples = signals.ncols();
    let mut beats_sorted: Vec<usize> = beats.iter().copied().filter(|&b| b < n_samples).collect();
    beats_sorted.sort_unstable();
    beats_sorted.dedup();
    let beats = &beats_sorted[..];
    let rr_all: Vec<f64> = beats
        .windows(2)
        .map(|w| (w[1] - w[0]) as f64 * 1000.0 / fs)
        .collect();

    // Morphology: QRS windows on the usable leads.
    let leads: Vec<usize> = (0..signals.nrows())
        .filter(|&k| usable.get(k).copied().unwrap_or(false))
        .collect();
    // Intervals spanning a gap (every usable lead missing) are not RR intervals: beats in the gap
    // could not be seen.
    let gap = gap_intervals(signals, beats, &leads);
    let rr: Vec<f64> = rr_all
        .iter()
        .zip(&gap)
        .map(|(&r, &g)| if g { f64::NAN } else { r })
        .collect();

    // Prematurity against the local reference RR (median of neighbours, leaving out the interval
    // itself and the next one, which is the compensatory pause of an ectopic beat).
    let mut ratios: Vec<Option<f64>> = Vec::with_capacity(beats.len());
    for i in 0..beats.len() {
        let rr_i = if i > 0 {
            rr.get(i - 1).copied().filter(|r| r.is_finite())
        } else {
            None
        };
        let ratio = rr_i.and_then(|r| {
            let j = i - 1; // index of this interval in rr
            let mut near: Vec<f64> = (j.saturating_sub(4)..(j + 6).min(rr.len()))
                .filter(|&k| k != j && k != j + 1)
                .map(|k| rr[k])
                .filter(|r| r.is_finite())
                .collect();
            if near.len() < 2 {
                near = rr.iter().copied().filter(|r| r.is_finite()).collect();
            }
            median(&mut near).map(|m| r / m)
        });
        ratios.push(ratio);
    }
    let rr_opt: Vec<Option<f64>> = (0..beats.len())
        .map(|i| {
            if i > 0 {
                rr.get(i - 1).copied().filter(|r| r.is_finite())
            } else {
                None
            }
        })
        .collect();
    let (classes, shape) = classify_by_shape(
        signals, fs, beats, &leads, p_leads, usable, &rr_opt, &ratios, paced, cfg,
    );
    let info: Vec<BeatInfo> = beats
        .iter()
        .zip(classes)
        .enumerate()
        .map(|(i, (&s, c))| BeatInfo {
            sample: s,
            rr_ms: rr_opt[i],
            class: c.class,
            rr_ratio: ratios.get(i).copied().flatten(),
            qrs_ms: c.qrs_ms,
            template_corr: c.template_corr,
            cluster: c.cluster,
            p_match: c.p_match,
            ventricular_shape: c.ventricular_shape,
            qrs_mv: c.qrs_mv,
        })
        .collect();
    let dominant_qrs = shape.dominant_width_ms;
    let end_s = shape.atrial_end_s;
    let dominant_mv = shape.dominant_mv;
    let mut a = summarize(
        signals,
        fs,
        beats,
        &rr,
        info,
        if atrial { p_leads } else { &[] },
        usable,
        end_s,
        dominant_qrs,
        cfg,
    );
    a.dominant_qrs_mv = dominant_mv;
    a
}

/// The RR statistics, pauses and atrial evidence of classified beats (`rr[j]` runs from beat
/// j to beat j + 1, NaN across a gap).
#[allow(clippy::too_many_arguments)]
fn summarize(
    signals: ArrayView2<'_, f32>,
    fs: f64,
    beats: &[usize],
    rr: &[f64],
    info: Vec<BeatInfo>,
    p_leads: &[usize],
    usable: &[bool],
    end_s: f64,
    dominant_qrs: Option<f64>,
    cfg: &BeatConfig,
) -> BeatAnalysis {
    // Dominant-rhythm intervals: those not ending at or following a premature beat.
    let ectopic: Vec<bool> = info
        .iter()
        .map(|b| {
            matches!(
                b.class,
                BeatClass::VentricularPremature | BeatClass::SupraventricularPremature
            )
        })
        .collect();
    let mut rr_dom = Vec::new();
    for j in 0..rr.len() {
        // rr[j] runs from beat j to beat j+1.
        if !ectopic[j] && !ectopic[j + 1] && rr[j].is_finite() {
            rr_dom.push(rr[j]);
        }
    }
    // Intervals not touching a ventricular beat: the atrial (supraventricular) rhythm's
    // conduction, whose irregularity tells atrial fibrillation from frequent ventricular ectopy.
    let ventricular: Vec<bool> = info
        .iter()
        .map(|b| b.class == BeatClass::VentricularPremature)
        .collect();
    let rr_nv: Vec<f64> = (0..rr.len())
        .filter(|&j| !ventricular[j] && !ventricular[j + 1] && rr[j].is_finite())
        .map(|j| rr[j])
        .collect();
    let rr_valid: Vec<f64> = rr.iter().copied().filter(|r| r.is_finite()).collect();
    let nrmssd_nv = if !ventricular.iter().any(|v| *v) {
        rr_stats(&rr_valid).map(|s| s.rmssd_ms / s.mean_ms)
    } else if rr_nv.len() >= 4 {
        rr_stats(&rr_nv).map(|s| s.rmssd_ms / s.mean_ms)
    } else {
        None
    };
    let stats = rr_stats(&rr_valid);
    let stats_dom = rr_stats(&rr_dom);
    let pauses = beats
        .windows(2)
        .zip(rr)
        .filter(|(_, r)| **r > cfg.pause_s * 1000.0)
        .map(|(w, r)| Pause {
            start_s: w[0] as f64 / fs,
            duration_s: r / 1000.0,
        })
        .collect();
    let atrial = atrial_evidence(signals, fs, beats, rr, &info, p_leads, usable, end_s);

    BeatAnalysis {
        rr: stats,
        rr_dominant: stats_dom,
        nrmssd: stats.map(|s| s.rmssd_ms / s.mean_ms),
        nrmssd_dominant: stats_dom.map(|s| s.rmssd_ms / s.mean_ms),
        nrmssd_no_ventricular: nrmssd_nv,
        turning_point_ratio: turning_point_ratio(&rr_valid),
        pauses,
        dominant_qrs_ms: dominant_qrs,
        atrial,
        atrial_end_s: Some(end_s),
        dominant_qrs_mv: None,
        beats: info,
    }
}

impl BeatAnalysis {
    /// The analysis of the stretch `start..end` (samples) of the record this analysis was
    /// made on: its beats, with their classes as they are, shifted to the stretch, and the RR
    /// statistics, pauses and atrial evidence recomputed on `signals` (the stretch itself).
    /// How long recordings are read window by window without classifying every beat again.
    #[allow(clippy::too_many_arguments)]
    pub fn window(
        &self,
        signals: ArrayView2<'_, f32>,
        fs_hz: f64,
        start: usize,
        end: usize,
        usable: &[bool],
        p_leads: &[usize],
        cfg: &BeatConfig,
    ) -> BeatAnalysis {
        let fs = if fs_hz.is_finite() && fs_hz > 0.0 {
            fs_hz
        } else {
            1.0
        };
        let lo = self.beats.partition_point(|b| b.sample < start);
        let hi = self.beats.partition_point(|b| b.sample < end);
        let mut info: Vec<BeatInfo> = self.beats[lo..hi].to_vec();
        if let Some(first) = info.first_mut() {
            first.rr_ms = None;
        }
        for b in &mut info {
            b.sample -= start;
        }
        let beats: Vec<usize> = info.iter().map(|b| b.sample).collect();
        let rr: Vec<f64> = info
            .iter()
            .skip(1)
            .map(|b| b.rr_ms.unwrap_or(f64::NAN))
            .collect();
        let mut a = summarize(
            signals,
            fs,
            &beats,
            &rr,
            info,
            p_leads,
            usable,
            self.atrial_end_s.unwrap_or(0.05),
            self.dominant_qrs_ms,
            cfg,
        );
        a.dominant_qrs_mv = self.dominant_qrs_mv;
        a
    }
}

/// For each interval between consecutive beats, whether some sample in it is missing (NaN) in
/// every one of `leads`.
fn gap_intervals(signals: ArrayView2<'_, f32>, beats: &[usize], leads: &[usize]) -> Vec<bool> {
    let n_int = beats.len().saturating_sub(1);
    let Some(&first) = leads.first() else {
        return vec![false; n_int];
    };
    if !signals.row(first).iter().any(|v| !v.is_finite()) {
        return vec![false; n_int];
    }
    beats
        .windows(2)
        .map(|w| (w[0]..w[1]).any(|t| leads.iter().all(|&k| !signals[[k, t]].is_finite())))
        .collect()
}

/// Pearson correlation of the common prefix of `a` and `b`, accumulated in f64; 0 when either is
/// constant or empty.
fn correlation<T: Copy + Into<f64>>(a: &[T], b: &[T]) -> f64 {
    let n = a.len().min(b.len());
    if n == 0 {
        return 0.0;
    }
    let ma = a[..n].iter().map(|&x| x.into()).sum::<f64>() / n as f64;
    let mb = b[..n].iter().map(|&x| x.into()).sum::<f64>() / n as f64;
    let (mut sab, mut saa, mut sbb) = (0.0, 0.0, 0.0);
    for (&x, &y) in a[..n].iter().zip(&b[..n]) {
        let (x, y) = (x.into() - ma, y.into() - mb);
        sab += x * y;
        saa += x * x;
        sbb += y * y;
    }
    if saa <= 0.0 || sbb <= 0.0 {
        0.0
    } else {
        sab / (saa * sbb).sqrt()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stats_of_regular_series() {
        let s = rr_stats(&[800.0, 800.0, 800.0]).unwrap();
        assert_eq!(
            (s.n, s.mean_ms, s.sdnn_ms, s.rmssd_ms),
            (3, 800.0, 0.0, 0.0)
        );
        assert!(rr_stats(&[]).is_none());
    }

    #[test]
    fn premature_beat_is_found_by_timing() {
        let sig = ndarray::Array2::<f32>::zeros((1, 6000));
        let mut beats: Vec<usize> = (1..14).map(|k| k * 400).collect();
        beats[6] -= 150; // 300 ms early
        let a = analyze_beats(
            sig.view(),
            500.0,
            &beats,
            &[true],
            &[0],
            &BeatConfig::default(),
        );
        let premature: Vec<usize> = a
            .beats
            .iter()
            .enumerate()
            .filter(|(_, b)| {
                matches!(
                    b.class,
                    BeatClass::SupraventricularPremature | BeatClass::VentricularPremature
                )
            })
            .map(|(i, _)| i)
            .collect();
        assert_eq!(premature, vec![6]);
        let dom = a.rr_dominant.unwrap();
        assert!((dom.mean_ms - 800.0).abs() < 1e-9, "{dom:?}");
    }

    #[test]
    fn pause_is_found() {
        let sig = ndarray::Array2::<f32>::zeros((1, 6000));
        let beats = vec![100, 500, 900, 2200, 2600];
        let a = analyze_beats(
            sig.view(),
            500.0,
            &beats,
            &[true],
            &[0],
            &BeatConfig::default(),
        );
        assert_eq!(a.pauses.len(), 1);
        assert!((a.pauses[0].duration_s - 2.6).abs() < 1e-9);
    }
}
