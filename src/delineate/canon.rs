//! One beat at [`super::CANON_HZ`], every lead: the QRS region the leads agree on, each lead
//! levelled on its PR segment, then the QRS, T and P rules lead by lead, and the boundaries the
//! leads agree on for the leads where a wave is too small to delineate.

use super::wavelet::Pyramid;
use super::waves::{self, WaveRule};
use super::{CANON_HZ, DelineateConfig, qrs};
use serde::{Deserialize, Serialize};

/// Samples at [`CANON_HZ`] in `ms` milliseconds.
pub(crate) fn cs(ms: f64) -> f32 {
    (ms * CANON_HZ / 1000.0) as f32
}

/// One deflection of the QRS complex in one lead: a stretch on one side of the PR-segment
/// level (sample indices of the representative beat).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Deflection {
    /// First sample.
    pub start: usize,
    /// Last sample.
    pub end: usize,
    /// Its peak.
    pub peak: usize,
    /// Signed amplitude at the peak (mV, against the PR-segment level).
    pub amplitude_mv: f32,
}

/// A P or T wave in canonical samples.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct CWave {
    pub on: f32,
    pub pk: f32,
    pub pk2: Option<f32>,
    pub off: f32,
}

/// A QRS in canonical samples; `turning` holds Q, R, S, R′, S′.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct CQrs {
    pub on: f32,
    pub off: f32,
    pub pk: f32,
    pub turning: [Option<f32>; 5],
}

/// One lead's result.
#[derive(Debug, Clone, PartialEq, Default)]
pub(crate) struct CLead {
    pub p: Option<CWave>,
    pub qrs: Option<CQrs>,
    pub t: Option<CWave>,
    pub p_own: bool,
    pub t_own: bool,
    pub deflections: Vec<Deflection>,
}

/// Boundaries across leads (canonical samples).
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub(crate) struct CGlobal {
    pub p_on: Option<f32>,
    pub p_off: Option<f32>,
    pub qrs_on: Option<f32>,
    pub qrs_off: Option<f32>,
    pub t_off: Option<f32>,
}

/// What the rules need to know about the beat besides its samples.
#[derive(Debug, Clone, Copy)]
pub(crate) struct CanonSpec {
    /// Index of the QRS fiducial.
    pub fid: usize,
    /// The cycle ending at this beat (ms), if known.
    pub rr_ms: Option<f64>,
    /// Look for a P wave.
    pub find_p: bool,
    /// A P wave cannot start before this index (the previous beat's T wave).
    pub p_floor: Option<f32>,
    /// Keep the QRS deflections (for the representative beat's measurements).
    pub deflections: bool,
    /// A paced beat: a pacemaker spike is sought before its QRS. Only then: the sharp notch
    /// of a native rSr′ complex passes the spike test too, and taking it for a spike cut the
    /// QRS of LUDB 99 to its last 38 ms and levelled the beat on its R wave.
    pub paced: bool,
}

/// Reusable buffers.
#[derive(Debug, Clone, Default)]
pub(crate) struct Work {
    pyr: Vec<Pyramid>,
    w: Vec<f32>,
    env: Vec<f32>,
}

/// Levels kept in each lead's pyramid.
fn levels(cfg: &DelineateConfig) -> usize {
    cfg.qrs_level.max(cfg.t_level).max(cfg.p_level).clamp(2, 7)
}

/// Delineates one canonical beat: `x` holds `active.len()` leads of `len` samples, row-major;
/// it is levelled in place on each lead's PR segment. `spread`, when given, is the spread
/// across beats in the same layout.
pub(crate) fn delineate(
    x: &mut [f32],
    len: usize,
    spread: Option<&[f32]>,
    active: &[bool],
    spec: &CanonSpec,
    cfg: &DelineateConfig,
    work: &mut Work,
) -> (Vec<CLead>, CGlobal) {
    let nl = active.len();
    let mut leads = vec![CLead::default(); nl];
    let mut global = CGlobal::default();
    if len < 16 || x.len() < nl * len || spec.fid >= len {
        return (leads, global);
    }
    let nlev = levels(cfg);
    if work.pyr.len() < nl {
        work.pyr.resize(nl, Pyramid::new(len, nlev));
    }
    for p in work.pyr.iter_mut() {
        if p.len() != len || p.levels() != nlev {
            p.reshape(len, nlev);
        }
    }
    work.w.resize(len, 0.0);
    work.env.clear();
    work.env.resize(len, 0.0);
    let spike = if spec.paced {
        remove_pacing_spike(x, len, active, spec.fid)
    } else {
        None
    };
    for k in (0..nl).filter(|&k| active[k]) {
        work.pyr[k].fill(&x[k * len..(k + 1) * len]);
        work.pyr[k].wavelet(2, &mut work.w);
        for (e, v) in work.env.iter_mut().zip(&work.w) {
            *e += v.abs();
        }
    }
    let Some((mut ra, rb)) = qrs_region(&work.env, spec.fid, spec.paced) else {
        return (leads, global);
    };
    // A paced QRS starts where its pacing spike ends.
    if let Some(s) = spike.filter(|&s| s + cs(40.0) as usize >= ra && s < rb) {
        ra = ra.max(s);
    }
    // Level every lead on its PR segment before the QRS region's onset.
    let pq_end = ra as f32 - cs(cfg.pq_gap_ms);
    let pq_start = pq_end - cs(cfg.pq_ms).max(1.0);
    for k in (0..nl).filter(|&k| active[k]) {
        let s = work.pyr[k].level(1);
        let (a, b) = (
            (pq_start.round().max(0.0) as usize).min(len - 1),
            (pq_end.round().max(0.0) as usize).min(len - 1),
        );
        let base = if b > a {
            s[a..b].iter().sum::<f32>() / (b - a) as f32
        } else {
            s[a]
        };
        work.pyr[k].shift(-base);
        for v in &mut x[k * len..(k + 1) * len] {
            *v -= base;
        }
    }
    // QRS lead by lead, inside the region widened by 30 ms each side.
    let qa = match spike {
        Some(s) if s >= ra => s.max(1),
        _ => (ra as f32 - cs(30.0)).max(1.0) as usize,
    };
    let qb = ((rb as f32 + cs(30.0)) as usize).min(len - 2);
    for k in (0..nl).filter(|&k| active[k]) {
        work.pyr[k].wavelet(cfg.qrs_level, &mut work.w);
        if let Some((q, d)) = qrs::lead(&work.pyr[k], &work.w, qa, qb, spec.deflections, cfg) {
            leads[k].qrs = Some(q);
            leads[k].deflections = d;
        }
    }
    let (Some(on), Some(off)) = (
        global_bound(
            leads.iter().filter_map(|l| l.qrs.map(|q| q.on)),
            false,
            &GLOBAL_TRIM,
        ),
        global_bound(
            leads.iter().filter_map(|l| l.qrs.map(|q| q.off)),
            true,
            &GLOBAL_TRIM,
        ),
    ) else {
        return (leads, global);
    };
    if !(on.is_finite() && off.is_finite() && off > on) {
        return (leads, global);
    }
    global.qrs_on = Some(on);
    global.qrs_off = Some(off);
    let mut t_latest: Option<f32> = None;

    // T wave: from shortly after the QRS to the longest QT of this cycle.
    let rr_s = spec.rr_ms.map_or(1.0, |r| (r / 1000.0).clamp(0.25, 3.0));
    let t_a = off + cs(cfg.t_start_ms);
    let mut t_b = on + cs(cfg.t_max_qt_ms * rr_s.sqrt());
    if let Some(rr) = spec.rr_ms {
        // Not into the next beat's QRS.
        t_b = t_b.min(spec.fid as f32 + cs(rr) - cs(60.0));
    }
    let t_b = t_b.min((len - 2) as f32);
    if t_b > t_a + cs(60.0) {
        let (a, b) = (t_a as usize, t_b as usize);
        let rule = WaveRule {
            y_level: cfg.t_level.saturating_sub(1).max(1),
            w_level: cfg.t_level,
            min_mv: cfg.t_min_mv as f32,
            vote_rel: cfg.t_vote_rel as f32,
            second: cfg.t_biphasic as f32,
            reach: cs(cfg.t_biphasic_reach_ms) as usize,
            guide: cs(cfg.t_guide_ms) as usize,
            head: cs(cfg.t_slope_reach_ms) as usize,
            tail: cs(cfg.t_slope_reach_ms) as usize,
            on_ratio: cfg.t_onset_ratio as f32,
            off_ratio: cfg.t_offset_ratio as f32,
            max_walk: cs(cfg.t_max_walk_ms) as usize,
            whole: false,
            walk_noise: 0.0,
        };
        let found = waves::delineate(&work.pyr, active, a, b, &rule, &[], 0.0, &mut work.w);
        let amp = |k: usize, t: &CWave| {
            work.pyr[k].level(rule.y_level)[(t.pk.max(0.0) as usize).min(len - 1)].abs()
        };
        let largest = found
            .iter()
            .enumerate()
            .filter_map(|(k, t)| t.as_ref().map(|t| amp(k, t)))
            .fold(0.0f32, f32::max);
        // A small T wave's boundaries are too uncertain to stand alone: such leads take the
        // boundaries the leads with a clear T wave agree on (with the largest ones, if none is).
        let own_min = if largest >= cfg.t_own_min_mv as f32 {
            cfg.t_own_min_mv as f32
        } else {
            0.5 * largest
        };
        for (k, t) in found.into_iter().enumerate() {
            if let Some(mut t) = t {
                if amp(k, &t) < own_min {
                    continue;
                }
                t.off += cs(cfg.t_offset_shift_ms);
                leads[k].t = Some(t);
                leads[k].t_own = true;
            }
        }
        if let Some(agreed) = agree(leads.iter().filter(|l| l.t_own).filter_map(|l| l.t)) {
            for (k, l) in leads.iter_mut().enumerate() {
                if active[k] && l.t.is_none() {
                    l.t = Some(agreed);
                }
            }
            let offs = || {
                leads
                    .iter()
                    .filter(|l| l.t_own)
                    .filter_map(|l| l.t.map(|t| t.off))
            };
            t_latest = offs().reduce(f32::max);
            global.t_off = global_bound(offs(), true, &GLOBAL_TRIM)
                .map(|t| t + cs(cfg.global_t_offset_shift_ms));
        }
    }

    // P wave: before the QRS onset, after the previous beat's T wave.
    if spec.find_p {
        let p_b = on - cs(cfg.p_end_gap_ms);
        let mut p_a = (on - cs(cfg.p_window_ms)).max(1.0);
        if let Some(f) = spec.p_floor {
            p_a = p_a.max(f);
        }
        // The previous beat's T wave, if this beat's T and cycle say where it ends.
        if let (Some(t_off), Some(rr)) = (t_latest, spec.rr_ms) {
            p_a = p_a.max(t_off - cs(rr) + cs(10.0));
        }
        if p_b > p_a + cs(40.0) {
            let (a, b) = (p_a as usize, p_b as usize);
            let noise: Vec<Option<f32>> = (0..nl)
                .map(|k| {
                    spread.map(|sp| {
                        let s = &sp[k * len + a..k * len + b];
                        s.iter().sum::<f32>() / s.len().max(1) as f32
                    })
                })
                .collect();
            let rule = WaveRule {
                y_level: cfg.p_level.saturating_sub(1).max(1),
                w_level: cfg.p_level,
                min_mv: cfg.p_min_mv as f32,
                vote_rel: cfg.p_vote_rel as f32,
                second: cfg.p_biphasic as f32,
                reach: cs(cfg.p_biphasic_reach_ms) as usize,
                guide: cs(cfg.p_guide_ms) as usize,
                head: cs(cfg.p_slope_reach_ms) as usize,
                tail: cs(cfg.p_slope_reach_ms) as usize,
                on_ratio: cfg.p_onset_ratio as f32,
                off_ratio: cfg.p_offset_ratio as f32,
                max_walk: cs(cfg.p_max_walk_ms) as usize,
                whole: true,
                walk_noise: cfg.p_walk_noise as f32,
            };
            let found = waves::delineate(
                &work.pyr,
                active,
                a,
                b,
                &rule,
                &noise,
                cfg.p_min_snr as f32,
                &mut work.w,
            );
            let cand: Vec<(usize, CWave)> = found
                .into_iter()
                .enumerate()
                .filter_map(|(k, p)| {
                    p.map(|mut p| {
                        p.on += cs(cfg.p_onset_shift_ms);
                        p.off += cs(cfg.p_offset_shift_ms);
                        (k, p)
                    })
                })
                .collect();
            let n_active = active.iter().filter(|a| **a).count();
            if cand.len() >= cfg.p_min_leads.clamp(1, n_active.max(1)) {
                let agreed = agree(cand.iter().map(|c| c.1));
                for (k, p) in &cand {
                    leads[*k].p = Some(*p);
                    leads[*k].p_own = true;
                }
                if let Some(agreed) = agreed {
                    for (k, l) in leads.iter_mut().enumerate() {
                        if active[k] && l.p.is_none() {
                            l.p = Some(agreed);
                        }
                    }
                }
                global.p_on = global_bound(cand.iter().map(|c| c.1.on), false, &P_GLOBAL_TRIM)
                    .map(|t| t + cs(cfg.global_p_onset_shift_ms));
                global.p_off = global_bound(cand.iter().map(|c| c.1.off), true, &P_GLOBAL_TRIM)
                    .map(|t| (t + cs(cfg.global_p_offset_shift_ms)).min(on));
            }
        }
    }
    // QRS for the leads where it could not be placed: the leads' agreement.
    let agreed_q = {
        let mut ons: Vec<f32> = leads.iter().filter_map(|l| l.qrs.map(|q| q.on)).collect();
        let mut offs: Vec<f32> = leads.iter().filter_map(|l| l.qrs.map(|q| q.off)).collect();
        let mut pks: Vec<f32> = leads.iter().filter_map(|l| l.qrs.map(|q| q.pk)).collect();
        match (median(&mut ons), median(&mut offs), median(&mut pks)) {
            (Some(on), Some(off), Some(pk)) => Some(CQrs {
                on,
                off,
                pk,
                turning: [None; 5],
            }),
            _ => None,
        }
    };
    for (k, l) in leads.iter_mut().enumerate() {
        if active[k] && l.qrs.is_none() {
            l.qrs = agreed_q;
        }
    }
    shrink(&mut leads, cfg);
    (leads, global)
}

/// How many outlying leads a global QRS or T boundary leaves out, by the number of leads
/// marking the wave: (at least this many leads, leave out).
pub(crate) const GLOBAL_TRIM: [(usize, usize); 2] = [(3, 1), (7, 2)];
/// The same for the P wave: one lead only. Leaving two out shortens the P by about 7 ms, and
/// the P duration sits at its 120 ms limit in many records: on LUDB, six records its readers
/// call left atrial hypertrophy then fall under it and read "Normal ECG" (false normals 5 → 11
/// of 90). Until a reference measured the way the limit was set says which is right, the
/// longer reading stands: a false normal costs more than a borderline call.
pub(crate) const P_GLOBAL_TRIM: [(usize, usize); 1] = [(3, 1)];

/// A global boundary from the leads' own marks (CSE: the earliest onset, the latest offset
/// over the leads), robust to outlying leads ([`GLOBAL_TRIM`]). A lead's onset drifting into
/// the baseline or offset trailing into noise or a U wave would otherwise widen every
/// interval (two leads of a twelve-lead record often do: V1 and V2 running 60 ms past the
/// others made a QRS of 288 ms).
fn global_bound(
    marks: impl Iterator<Item = f32>,
    late: bool,
    trim: &[(usize, usize)],
) -> Option<f32> {
    // At most 18 leads; any beyond the buffer are ignored rather than allocated for.
    let mut buf = [0.0f32; 24];
    let mut n = 0usize;
    for m in marks.filter(|m| m.is_finite()) {
        if let Some(slot) = buf.get_mut(n) {
            *slot = if late { -m } else { m };
            n += 1;
        }
    }
    let v = &mut buf[..n];
    v.sort_unstable_by(f32::total_cmp);
    let k = trim
        .iter()
        .rev()
        .find(|(min_leads, _)| n >= *min_leads)
        .map_or(0, |t| t.1);
    let x = *v.get(k)?;
    Some(if late { -x } else { x })
}

/// Moves each lead's boundaries towards the leads' median by the configured weights.
fn shrink(leads: &mut [CLead], cfg: &DelineateConfig) {
    let pull = |vals: Vec<f32>, w: f64| -> Option<(f32, f32)> {
        let mut v = vals;
        median(&mut v).map(|m| (m, w as f32))
    };
    let q_on = pull(
        leads.iter().filter_map(|l| l.qrs.map(|q| q.on)).collect(),
        cfg.qrs_lead_weight,
    );
    let q_off = pull(
        leads.iter().filter_map(|l| l.qrs.map(|q| q.off)).collect(),
        cfg.qrs_lead_weight,
    );
    let p_on = pull(
        leads
            .iter()
            .filter(|l| l.p_own)
            .filter_map(|l| l.p.map(|q| q.on))
            .collect(),
        cfg.p_lead_weight,
    );
    let p_off = pull(
        leads
            .iter()
            .filter(|l| l.p_own)
            .filter_map(|l| l.p.map(|q| q.off))
            .collect(),
        cfg.p_lead_weight,
    );
    let t_on = pull(
        leads
            .iter()
            .filter(|l| l.t_own)
            .filter_map(|l| l.t.map(|q| q.on))
            .collect(),
        cfg.t_lead_weight,
    );
    let t_off = pull(
        leads
            .iter()
            .filter(|l| l.t_own)
            .filter_map(|l| l.t.map(|q| q.off))
            .collect(),
        cfg.t_lead_weight,
    );
    let mv = |x: &mut f32, m: Option<(f32, f32)>| {
        if let Some((m, w)) = m {
            *x = m + w * (*x - m);
        }
    };
    for l in leads.iter_mut() {
        if let Some(q) = l.qrs.as_mut() {
            mv(&mut q.on, q_on);
            mv(&mut q.off, q_off);
        }
        if let Some(p) = l.p.as_mut() {
            mv(&mut p.on, p_on);
            mv(&mut p.off, p_off);
        }
        if let Some(t) = l.t.as_mut() {
            mv(&mut t.on, t_on);
            mv(&mut t.off, t_off);
        }
    }
}

/// Finds a pacemaker spike near the QRS (a deflection of a few ms, far sharper than any QRS
/// slope, in at least two leads at once), replaces it in every lead by a straight line, and
/// returns the sample just after it.
fn remove_pacing_spike(x: &mut [f32], len: usize, active: &[bool], fid: usize) -> Option<usize> {
    let k = 2usize; // 4 ms at 500 Hz
    let (lo, hi) = (
        fid.saturating_sub(cs(200.0) as usize).max(2 * k),
        (fid + cs(60.0) as usize).min(len.saturating_sub(2 * k + 1)),
    );
    if lo >= hi {
        return None;
    }
    let mut votes: Vec<usize> = Vec::new();
    for lead in (0..active.len()).filter(|&l| active[l]) {
        let row = &x[lead * len..(lead + 1) * len];
        let (mut mn, mut mx) = (f32::INFINITY, f32::NEG_INFINITY);
        for &v in &row[lo..hi] {
            mn = mn.min(v);
            mx = mx.max(v);
        }
        let pp = mx - mn;
        if pp.is_nan() || pp <= 0.0 {
            continue;
        }
        // Sharpness: the sample against the mean of its neighbours 4 ms away, where a spike
        // has already returned 2 ms away (the apex of even a sharp R wave has not).
        let (mut best, mut at) = (0.0f32, 0usize);
        for t in lo..hi {
            let v2 = (row[t] - 0.5 * (row[t - k] + row[t + k])).abs();
            let v1 = (row[t] - 0.5 * (row[t - 1] + row[t + 1])).abs();
            if v2 > best && v1 >= 0.75 * v2 {
                best = v2;
                at = t;
            }
        }
        // A QRS at 500 Hz bends by far less than a third of its range within 4 ms.
        if best > 0.35 * pp && best > 0.15 {
            votes.push(at);
        }
    }
    if votes.len() < 2 {
        return None;
    }
    votes.sort_unstable();
    let at = votes[votes.len() / 2];
    if votes.iter().filter(|&&v| v.abs_diff(at) <= 2).count() < 2 {
        return None;
    }
    let (a, b) = (at - 2 * k, at + 2 * k);
    for lead in (0..active.len()).filter(|&l| active[l]) {
        let row = &mut x[lead * len..(lead + 1) * len];
        let (va, vb) = (row[a], row[b]);
        for (i, v) in row[a + 1..b].iter_mut().enumerate() {
            *v = va + (vb - va) * (i + 1) as f32 / (b - a) as f32;
        }
    }
    Some(b)
}

/// The wave the leads agree on: the median onset, peak and offset of those given.
fn agree(waves: impl Iterator<Item = CWave>) -> Option<CWave> {
    let (mut on, mut pk, mut off) = (Vec::new(), Vec::new(), Vec::new());
    for w in waves {
        on.push(w.on);
        pk.push(w.pk);
        off.push(w.off);
    }
    Some(CWave {
        on: median(&mut on)?,
        pk: median(&mut pk)?,
        pk2: None,
        off: median(&mut off)?,
    })
}

pub(crate) fn median(v: &mut [f32]) -> Option<f32> {
    if v.is_empty() {
        return None;
    }
    v.sort_by(f32::total_cmp);
    let m = v.len() / 2;
    Some(if v.len() % 2 == 1 {
        v[m]
    } else {
        0.5 * (v[m - 1] + v[m])
    })
}

/// The QRS region: around the largest summed slope within 60 ms of the fiducial, as far as
/// the summed slope stays above 5 % of it (after it, 10 % in a paced beat; dips up to 20 ms
/// allowed), kept within 250 ms before and 300 ms after the fiducial.
fn qrs_region(env: &[f32], fid: usize, paced: bool) -> Option<(usize, usize)> {
    let n = env.len();
    let reach = cs(60.0) as usize;
    let lo = fid.saturating_sub(reach).max(1);
    let hi = (fid + reach).min(n - 2);
    if lo >= hi {
        return None;
    }
    let (i, &e) = env[lo..=hi]
        .iter()
        .enumerate()
        .max_by(|a, b| a.1.total_cmp(b.1))?;
    let ipk = i + lo;
    if e <= 0.0 || !e.is_finite() {
        return None;
    }
    let thr = 0.05 * e;
    // Forward, the summed slope of a paced beat must fall further to end the region: its ST
    // segment runs at 5–7 % of the peak into the T wave (the slow paced QRS has no sharp peak
    // to scale by), and a region reaching into the T wave gave LUDB 74 a QRS of 443 ms. Not
    // so for native beats: at 10 % the slurred end of LUDB 108's wide QRS was cut off.
    let thr_end = if paced { 0.1 * e } else { thr };
    let gap = cs(20.0) as usize;
    let (min, max) = (
        fid.saturating_sub(cs(250.0) as usize).max(1),
        (fid + cs(300.0) as usize).min(n - 2),
    );
    let mut a = ipk;
    let mut t = ipk;
    while t > min {
        t -= 1;
        if env[t] >= thr {
            a = t;
        } else if a - t > gap {
            break;
        }
    }
    let mut b = ipk;
    let mut t = ipk;
    while t < max {
        t += 1;
        if env[t] >= thr_end {
            b = t;
        } else if t - b > gap {
            break;
        }
    }
    Some((a, b))
}

/// From `from`, walks in direction `dir` while `|w|` stays above `thr`; stops where it falls
/// below (interpolated between samples), at a local minimum of `|w|`, or at `limit`.
pub(crate) fn walk(w: &[f32], from: usize, dir: isize, thr: f32, limit: usize) -> f32 {
    walk_through(w, from, dir, thr, limit, 0.0)
}

/// [`walk`], except that a local minimum of `|w|` stops the walk only when `|w|` then rises
/// by more than `tol` above it: noise ripples smaller than that are walked through (with
/// `tol` = 0, the first local minimum stops it, as in [`walk`]).
pub(crate) fn walk_through(
    w: &[f32],
    from: usize,
    dir: isize,
    thr: f32,
    limit: usize,
    tol: f32,
) -> f32 {
    let n = w.len() as isize;
    let mut i = from as isize;
    // The lowest |w| met so far and where.
    let mut lo = (i, w.get(from).map_or(0.0, |v| v.abs()));
    loop {
        let j = i + dir;
        let beyond = if dir < 0 {
            j < limit as isize
        } else {
            j > limit as isize
        };
        if beyond || j < 0 || j >= n {
            return i as f32;
        }
        let (a, b) = (w[i as usize].abs(), w[j as usize].abs());
        if b <= thr {
            let f = if a > b { (a - thr) / (a - b) } else { 0.0 };
            return i as f32 + dir as f32 * f.clamp(0.0, 1.0);
        }
        if b > lo.1 + tol || (tol == 0.0 && b > a) {
            return lo.0 as f32;
        }
        if b <= lo.1 {
            lo = (j, b);
        }
        i = j;
    }
}

/// Index of the largest `|w|` in `[a, b]` whose sign is `sign` (> 0 or < 0); None if none.
pub(crate) fn extreme_slope(w: &[f32], a: usize, b: usize, sign: f32) -> Option<usize> {
    let b = b.min(w.len().saturating_sub(1));
    if a > b {
        return None;
    }
    let mut best: Option<(usize, f32)> = None;
    for (t, &v) in w.iter().enumerate().take(b + 1).skip(a) {
        let s = v * sign;
        if s > 0.0 && best.is_none_or(|(_, bv)| s > bv) {
            best = Some((t, s));
        }
    }
    best.map(|b| b.0)
}

#[cfg(test)]
mod walk_tests {
    use super::*;

    #[test]
    fn a_ripple_within_the_tolerance_does_not_stop_the_walk() {
        // A slope falling from 1.0 at index 8 towards 0, with a ripple (0.5 → 0.56) on the way.
        let w = [0.0, 0.05, 0.1, 0.3, 0.56, 0.5, 0.7, 0.9, 1.0];
        // Stopped by the ripple: the local minimum at index 5.
        assert_eq!(walk(&w, 8, -1, 0.2, 0), 5.0);
        assert_eq!(walk_through(&w, 8, -1, 0.2, 0, 0.0), 5.0);
        // Through it: the crossing of 0.2 between indices 3 and 2.
        let on = walk_through(&w, 8, -1, 0.2, 0, 0.1);
        assert!((on - 2.5).abs() < 1e-6, "{on}");
        // A rise larger than the tolerance still stops it.
        assert_eq!(walk_through(&w, 8, -1, 0.2, 0, 0.03), 5.0);
    }
}
