//! Beats grouped by the shape of their QRS complex over all usable leads.
//!
//! Each beat's window (100 ms before the fiducial to 120 ms after, every lead, the line
//! through its ends removed, box-averaged to about 180 Hz) is compared with the template of
//! every cluster so far, shifted up to ±17 ms to undo the detector's jitter, by the Pearson
//! correlation over all leads together. It joins the best cluster when the correlation reaches
//! [`MIN_CORR`] and its size lies within a factor [`MAX_GAIN`] of the template's; otherwise it
//! starts a cluster of its own. A template is the running mean of its first 32 beats, then an
//! exponential mean with weight 1/32, so it follows slow changes of axis or gain.
//!
//! Most beats join the dominant cluster at the first comparison, so a 30-minute record of two
//! leads is grouped in about a millisecond.

use ndarray::ArrayView2;

/// A beat joins a cluster at this correlation or above. 0.90: two beats of one focus keep
/// 0.95–0.99 through noise and respiration; an aberrant or ectopic beat usually falls below
/// 0.8.
pub(crate) const MIN_CORR: f64 = 0.90;
/// …and when its RMS lies within this factor of the template's.
pub(crate) const MAX_GAIN: f64 = 1.6;
/// A window whose every lead stays within this (mV) peak to peak is flat: no shape.
const FLAT_MV: f32 = 0.005;
/// At most this many clusters; later misfits join the nearest one without updating it.
const MAX_CLUSTERS: usize = 48;

/// The beat windows, decimated, one flat vector per beat (`nl` leads of `w` samples).
pub(crate) struct BeatWindows {
    /// Samples per lead.
    pub w: usize,
    /// Leads.
    pub nl: usize,
    /// The fiducial's index within a lead's window.
    pub pre: usize,
    /// The decimated rate (Hz).
    pub fs: f64,
    /// Per beat: its window, or None near an edge or a gap.
    pub data: Vec<Option<Vec<f32>>>,
}

impl BeatWindows {
    pub fn new(
        signals: ArrayView2<'_, f32>,
        fs: f64,
        beats: &[usize],
        leads: &[usize],
    ) -> BeatWindows {
        let step = ((fs / 180.0).round() as usize).max(1);
        let fsd = fs / step as f64;
        let pre = (0.10 * fsd).round() as usize;
        let post = (0.12 * fsd).round() as usize;
        let w = pre + post;
        let nl = leads.len();
        let n = signals.ncols();
        let data = beats
            .iter()
            .map(|&s| {
                let first = s.checked_sub(pre * step)?;
                if first + w * step > n || nl == 0 || w < 8 {
                    return None;
                }
                let mut v = vec![0f32; nl * w];
                for (li, &k) in leads.iter().enumerate() {
                    let row = signals.row(k);
                    let seg = &mut v[li * w..(li + 1) * w];
                    for (t, o) in seg.iter_mut().enumerate() {
                        let a = first + t * step;
                        let mut acc = 0f32;
                        for j in 0..step {
                            acc += row[a + j];
                        }
                        *o = acc / step as f32;
                    }
                    if seg.iter().any(|x| !x.is_finite()) {
                        return None;
                    }
                    detrend_ends(seg);
                }
                // A flat window (a gap, a lead off) has no shape to compare.
                let (lo, hi) = v
                    .iter()
                    .fold((f32::INFINITY, f32::NEG_INFINITY), |(a, b), &x| {
                        (a.min(x), b.max(x))
                    });
                (hi - lo > FLAT_MV).then_some(v)
            })
            .collect();
        BeatWindows {
            w,
            nl,
            pre,
            fs: fsd,
            data,
        }
    }
}

/// Removes the straight line through the means of the first and last three samples.
fn detrend_ends(seg: &mut [f32]) {
    let n = seg.len();
    let e = 3.min(n / 4).max(1);
    let a: f32 = seg[..e].iter().sum::<f32>() / e as f32;
    let b: f32 = seg[n - e..].iter().sum::<f32>() / e as f32;
    let span = (n - e) as f32;
    let c0 = (e as f32 - 1.0) / 2.0;
    for (t, x) in seg.iter_mut().enumerate() {
        let f = (t as f32 - c0) / span;
        *x -= a + (b - a) * f;
    }
}

/// One cluster.
#[derive(Debug, Clone)]
pub(crate) struct Cluster {
    /// The template (as a beat window).
    pub template: Vec<f32>,
    /// Beats in it.
    pub n: usize,
}

/// The clusters of a record and each beat's cluster, its correlation with it and the shift
/// (decimated samples) at which it fits.
pub(crate) struct Clustering {
    pub clusters: Vec<Cluster>,
    pub of: Vec<Option<usize>>,
    pub corr: Vec<Option<f64>>,
}

/// The correlation of `a` (shifted by `shift`, per lead) with `b`, over all leads, and the
/// ratio of their RMS (a over b).
pub(crate) fn shifted_corr(a: &[f32], b: &[f32], nl: usize, w: usize, shift: i32) -> (f64, f64) {
    let m = shift.unsigned_abs() as usize;
    if m + 4 >= w {
        return (0.0, 1.0);
    }
    let (mut sa, mut sb, mut sab, mut saa, mut sbb, mut n) = (0.0, 0.0, 0.0, 0.0, 0.0, 0.0);
    for l in 0..nl {
        let (ra, rb) = (&a[l * w..(l + 1) * w], &b[l * w..(l + 1) * w]);
        // a[t + shift] against b[t]
        let (ia, ib) = if shift >= 0 { (m, 0) } else { (0, m) };
        for t in 0..w - m {
            let x = f64::from(ra[ia + t]);
            let y = f64::from(rb[ib + t]);
            sa += x;
            sb += y;
            sab += x * y;
            saa += x * x;
            sbb += y * y;
        }
        n += (w - m) as f64;
    }
    let cov = sab - sa * sb / n;
    let va = saa - sa * sa / n;
    let vb = sbb - sb * sb / n;
    if va <= 0.0 || vb <= 0.0 {
        return (0.0, 1.0);
    }
    (cov / (va * vb).sqrt(), (va / vb).sqrt())
}

/// The best correlation of `a` with `b` over shifts within ±`reach`, with its gain and shift.
/// A beat the detector aligned well (correlation at least 0.97 unshifted) is not searched
/// further.
pub(crate) fn best_fit(a: &[f32], b: &[f32], nl: usize, w: usize, reach: i32) -> (f64, f64, i32) {
    let (c0, g0) = shifted_corr(a, b, nl, w, 0);
    if c0 >= 0.97 {
        return (c0, g0, 0);
    }
    let mut best = (c0, g0, 0);
    for s in (-reach..=reach).filter(|&s| s != 0) {
        let (c, g) = shifted_corr(a, b, nl, w, s);
        if c > best.0 {
            best = (c, g, s);
        }
    }
    best
}

/// Groups the beats (`skip[i]` true: leave beat i out, e.g. a paced beat).
pub(crate) fn cluster(win: &BeatWindows, skip: &[bool]) -> Clustering {
    let nb = win.data.len();
    let reach = ((0.017 * win.fs).round() as i32).max(1);
    let (nl, w) = (win.nl, win.w);
    let mut clusters: Vec<Cluster> = Vec::new();
    let mut of = vec![None; nb];
    let mut corr = vec![None; nb];
    // Clusters in order of size, refreshed now and then, so most beats meet theirs first.
    let mut order: Vec<usize> = Vec::new();
    for i in 0..nb {
        if skip.get(i).copied().unwrap_or(false) {
            continue;
        }
        let Some(v) = &win.data[i] else { continue };
        let mut best: Option<(usize, f64, i32)> = None;
        for &c in &order {
            let (r, g, s) = best_fit(v, &clusters[c].template, nl, w, reach);
            let fits = r >= MIN_CORR && (1.0 / MAX_GAIN..=MAX_GAIN).contains(&g);
            if fits && best.is_none_or(|b| r > b.1) {
                best = Some((c, r, s));
                // Good enough: stop searching.
                if r >= 0.97 {
                    break;
                }
            }
        }
        let (c, r, s) = match best {
            Some(b) => b,
            None if clusters.len() < MAX_CLUSTERS => {
                clusters.push(Cluster {
                    template: v.clone(),
                    n: 0,
                });
                order.push(clusters.len() - 1);
                (clusters.len() - 1, 1.0, 0)
            }
            None => {
                // Full: the nearest cluster, not updated.
                let (c, r) = order
                    .iter()
                    .map(|&c| (c, best_fit(v, &clusters[c].template, nl, w, reach).0))
                    .fold((0, f64::NEG_INFINITY), |a, b| if b.1 > a.1 { b } else { a });
                of[i] = Some(c);
                corr[i] = Some(r);
                continue;
            }
        };
        let cl = &mut clusters[c];
        cl.n += 1;
        let wgt = 1.0 / (cl.n.min(32) as f32);
        update(&mut cl.template, v, nl, w, s, wgt);
        of[i] = Some(c);
        corr[i] = Some(r);
        if cl.n.is_power_of_two() || i % 64 == 0 {
            order.sort_by_key(|&c| std::cmp::Reverse(clusters[c].n));
        }
    }
    Clustering { clusters, of, corr }
}

/// Moves `t` toward `v` (shifted by `s`) with weight `wgt`.
fn update(t: &mut [f32], v: &[f32], nl: usize, w: usize, s: i32, wgt: f32) {
    for l in 0..nl {
        let (rt, rv) = (&mut t[l * w..(l + 1) * w], &v[l * w..(l + 1) * w]);
        for (k, x) in rt.iter_mut().enumerate() {
            let j = k as i64 + i64::from(s);
            if j >= 0 && (j as usize) < w {
                *x += wgt * (rv[j as usize] - *x);
            }
        }
    }
}
