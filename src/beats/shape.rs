//! The beats by shape: clusters of the multi-lead QRS, the sinus P wave before each beat, the
//! class of each beat, and the coarse QRS extent they are measured with.

use super::*;

/// One beat's class and what decided it.
pub(super) struct ShapeClass {
    pub(super) class: BeatClass,
    pub(super) cluster: Option<u32>,
    pub(super) p_match: Option<f64>,
    pub(super) ventricular_shape: bool,
    pub(super) qrs_ms: Option<f64>,
    pub(super) template_corr: Option<f64>,
    pub(super) qrs_mv: Option<f64>,
}

/// What the shape analysis says of the record as a whole.
pub(super) struct RecordShape {
    /// QRS width of the dominant template (ms).
    pub(super) dominant_width_ms: Option<f64>,
    /// Where the atrial segment ends before the fiducial (s): 20 ms before the dominant QRS
    /// onset, at least 50 ms.
    pub(super) atrial_end_s: f64,
    /// Peak-to-peak amplitude of the dominant template in its largest lead (mV).
    pub(super) dominant_mv: Option<f64>,
}

/// Clusters the beats by shape, finds the sinus P wave before each, and classifies them (see
/// [`classify`]).
#[allow(clippy::too_many_arguments)]
pub(super) fn classify_by_shape(
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
