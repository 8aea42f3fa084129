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

mod classify;
mod cluster;
mod pwave;

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

/// One beat's class and what decided it.
struct ShapeClass {
    class: BeatClass,
    cluster: Option<u32>,
    p_match: Option<f64>,
    ventricular_shape: bool,
    qrs_ms: Option<f64>,
    template_corr: Option<f64>,
    qrs_mv: Option<f64>,
}

/// What the shape analysis says of the record as a whole.
struct RecordShape {
    /// QRS width of the dominant template (ms).
    dominant_width_ms: Option<f64>,
    /// Where the atrial segment ends before the fiducial (s): 20 ms before the dominant QRS
    /// onset, at least 50 ms.
    atrial_end_s: f64,
    /// Peak-to-peak amplitude of the dominant template in its largest lead (mV).
    dominant_mv: Option<f64>,
}

/// Clusters the beats by shape, finds the sinus P wave before each, and classifies them (see
/// [`classify`]).
#[allow(clippy::too_many_arguments)]
fn classify_by_shape(
    signals: ArrayView2<'_, f32>,
    fs: f64,
    beats: &[usize],
    leads: &[usize],
    p_leads: &[usize],
    usable: &[bool],
    rr: &[Option<f64>],
    ratios: &[Option<f64>],
    paced: &[bool],
    cfg: &BeatConfig,
) -> (Vec<ShapeClass>, RecordShape) {
    let nb = beats.len();
    let paced: Vec<bool> = (0..nb)
        .map(|i| paced.get(i).copied().unwrap_or(false))
        .collect();
    let win = cluster::BeatWindows::new(signals, fs, beats, leads);
    let cl = cluster::cluster(&win, &paced);
    let dom = classify::dominant(&cl, rr);
    let extent = |t: &[f32]| qrs_extent(t, win.nl, win.w, win.pre, win.fs);
    let width_of = |t: &[f32]| extent(t).map(|(a, b)| (b - a + 1) as f64 * 1000.0 / win.fs);
    let shapes = classify::shapes(&cl, &win, dom, width_of, cfg);
    let dom_template = dom.map(|d| &cl.clusters[d].template);
    // With every beat paced there is no cluster: the QRS onset and width are those of the
    // paced beats' own template.
    let paced_cl = (dom.is_none() && paced.iter().any(|p| *p)).then(|| {
        let all = cluster::cluster(&win, &[]);
        let d = classify::dominant(&all, rr);
        d.map(|d| all.clusters[d].template.clone())
    });
    let shape_template = dom_template.or(paced_cl.as_ref().and_then(|t| t.as_ref()));
    let dominant_width_ms = shape_template.and_then(|t| width_of(t));
    let p2p = |t: &[f32]| {
        t.chunks(win.w.max(1))
            .map(|l| {
                let (lo, hi) = l
                    .iter()
                    .fold((f32::INFINITY, f32::NEG_INFINITY), |(a, b), &x| {
                        (a.min(x), b.max(x))
                    });
                f64::from(hi - lo)
            })
            .fold(0.0, f64::max)
    };
    let dominant_mv = shape_template.map(|t| p2p(t));
    let atrial_end_s = shape_template
        .and_then(|t| extent(t))
        .map_or(0.05, |(a, _)| {
            (win.pre.saturating_sub(a) as f64 / win.fs + 0.02).max(0.05)
        });
    // The sinus P template: beats of the dominant cluster after the longer intervals (at
    // least the 60th percentile), which premature beats never end: where atrial premature beats
    // outnumber sinus beats (runs between pauses), the median interval is theirs.
    let mut sorted: Vec<f64> = rr.iter().flatten().copied().collect();
    sorted.sort_by(f64::total_cmp);
    let med = sorted.get(sorted.len() / 2).copied().unwrap_or(1000.0);
    let long = sorted.get(sorted.len() * 3 / 5).copied().unwrap_or(med);
    let on_time: Vec<bool> = (0..nb)
        .map(|i| {
            dom.is_some()
                && cl.of[i] == dom
                && rr
                    .get(i)
                    .copied()
                    .flatten()
                    .is_some_and(|r| r >= (0.9 * med).max(0.95 * long))
        })
        .collect();
    let span = (0.6 * med / 1000.0 - atrial_end_s).clamp(0.0, 0.25);
    let readable: Vec<usize> = p_leads
        .iter()
        .copied()
        .filter(|&k| usable.get(k).copied().unwrap_or(false))
        .collect();
    let pm = pwave::p_match(signals, fs, beats, &readable, atrial_end_s, span, &on_time);
    let classes = classify::classify(
        &cl,
        &shapes,
        dom,
        &classify::Inputs {
            rr,
            paced: &paced,
            p_match: &pm.per_beat,
            p_template: pm.has_template,
            rr_ratio: ratios,
        },
        cfg,
    );
    let reach = ((0.017 * win.fs).round() as i32).max(1);
    let out = (0..nb)
        .map(|i| {
            let v = win.data[i].as_ref();
            ShapeClass {
                class: classes[i],
                cluster: cl.of[i].map(|c| c as u32),
                p_match: pm.per_beat[i],
                ventricular_shape: cl.of[i].is_some_and(|c| shapes[c].ventricular),
                qrs_ms: v.and_then(|v| width_of(v)),
                qrs_mv: v.map(|v| p2p(v)),
                template_corr: match (v, dom_template) {
                    // A beat of the dominant cluster: its fit when it joined.
                    (Some(_), Some(_)) if cl.of[i] == dom => cl.corr[i],
                    (Some(v), Some(t)) => Some(cluster::best_fit(v, t, win.nl, win.w, reach).0),
                    _ => None,
                },
            }
        })
        .collect();
    (
        out,
        RecordShape {
            dominant_width_ms,
            atrial_end_s,
            dominant_mv,
        },
    )
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

/// QRS extent (first and last window index) from the multi-lead slope envelope: the span, around
/// the steepest point near the fiducial, where the summed absolute slope stays above 20 % of its
/// peak.
fn qrs_extent(v: &[f32], nl: usize, w: usize, pre: usize, fs: f64) -> Option<(usize, usize)> {
    let k = ((0.004 * fs).round() as usize).max(1);
    if w <= 2 * k + 2 {
        return None;
    }
    let mut env = vec![0f32; w];
    for l in 0..nl {
        let seg = &v[l * w..(l + 1) * w];
        for t in k..w - k {
            env[t] += (seg[t + k] - seg[t - k]).abs();
        }
    }
    // Steepest point within ±80 ms of the fiducial.
    let reach = (0.08 * fs).round() as usize;
    let lo = pre.saturating_sub(reach).max(k);
    let hi = (pre + reach).min(w - k);
    if lo >= hi {
        return None;
    }
    let (imax, &emax) = env[lo..hi]
        .iter()
        .enumerate()
        .max_by(|a, b| a.1.total_cmp(b.1))?;
    let imax = imax + lo;
    if emax <= 0.0 {
        return None;
    }
    let thr = 0.2 * emax;
    // Allow short dips (notches) below threshold: up to 20 ms.
    let gap = (0.02 * fs).round() as usize;
    let walk = |dir: isize| -> usize {
        let mut last = imax;
        let mut t = imax as isize;
        loop {
            t += dir;
            if t < k as isize || t >= (w - k) as isize {
                break;
            }
            let tu = t as usize;
            if env[tu] >= thr {
                last = tu;
            } else if tu.abs_diff(last) > gap {
                break;
            }
        }
        last
    };
    Some((walk(-1), walk(1)))
}

/// P-wave evidence from the atrial segments (from 0.40 s, or 60 % of the typical RR, to `end_s`
/// before each QRS fiducial: 20 ms before the dominant QRS onset, at least 50 ms), averaged per
/// lead in 10 ms bins.
#[allow(clippy::too_many_arguments)]
fn atrial_evidence(
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
