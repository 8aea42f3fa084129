//! The driver: alignment, the representative beat and its wave rules, then every beat's marks
//! (moved from the representative beat, or found on the beat's own window).

use super::canon::{self, CGlobal, CLead, CanonSpec, Work};
use super::kernels::LagSearch;
use super::resample::{fetch, resample};
use super::template::{self, BeatRef, TemplateSpec};
use super::{
    BeatSource, BeatWaves, CANON_HZ, DelineateConfig, DelineateInput, Delineation, GlobalWaves,
    LeadWaves, Qrs, Representative, RepresentativeLead, Wave,
};
use crate::beats::BeatClass;
use std::borrow::Cow;

/// Samples at `fs` in `ms` milliseconds.
fn samples(ms: f64, fs: f64) -> usize {
    (ms * fs / 1000.0).round().max(0.0) as usize
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

/// The representative beat's data the per-beat step needs.
struct Rep {
    /// Canonical window: fiducial index and length.
    fid_c: usize,
    leads: Vec<CLead>,
    global: CGlobal,
    /// Native-rate median (row-major) and its fiducial index.
    native: Vec<f32>,
    pre: usize,
    w: usize,
    /// Leads (up to three) with the largest P and T waves.
    p_leads: Vec<usize>,
    t_leads: Vec<usize>,
}

/// Moves canonical positions onto the record: `anchor` is the beat's aligned fiducial.
#[derive(Clone, Copy)]
struct Place {
    anchor: f64,
    fid_c: usize,
    step: f64,
    n: usize,
}

impl Place {
    fn at(&self, u: f32, lag: f64) -> f64 {
        self.anchor + lag + (u as f64 - self.fid_c as f64) * self.step
    }
    fn idx(&self, u: f32, lag: f64) -> Option<usize> {
        let p = self.at(u, lag).round();
        (p >= 0.0 && p < self.n as f64).then_some(p as usize)
    }
    fn wave(&self, w: &canon::CWave, lag: f64) -> Option<Wave> {
        Some(Wave {
            onset: self.idx(w.on, lag)?,
            peak: self.idx(w.pk, lag)?,
            peak2: w.pk2.and_then(|p| self.idx(p, lag)),
            offset: self.idx(w.off, lag)?,
        })
    }
    fn qrs(&self, q: &canon::CQrs) -> Option<Qrs> {
        let t = |i: usize| q.turning[i].and_then(|u| self.idx(u, 0.0));
        Some(Qrs {
            onset: self.idx(q.on, 0.0)?,
            offset: self.idx(q.off, 0.0)?,
            peak: self.idx(q.pk, 0.0)?,
            q: t(0),
            r: t(1),
            s: t(2),
            r_prime: t(3),
            s_prime: t(4),
        })
    }
}

/// Runs the whole delineation (see the module documentation).
pub(crate) fn run(input: &DelineateInput<'_>, cfg: &DelineateConfig) -> Delineation {
    WORK.with(|w| match w.try_borrow_mut() {
        Ok(mut w) => run_with(input, cfg, &mut w),
        // Re-entered on this thread (never in practice): fresh buffers.
        Err(_) => run_with(input, cfg, &mut Work::default()),
    })
}

thread_local! {
    /// Buffers reused from one record to the next on the same thread (the pyramids of twelve
    /// leads are most of a record's allocations).
    static WORK: std::cell::RefCell<Work> = std::cell::RefCell::new(Work::default());
}

/// [`run`] with the reusable buffers.
fn run_with(input: &DelineateInput<'_>, cfg: &DelineateConfig, work: &mut Work) -> Delineation {
    let fs = input.fs;
    let sig = input.signals;
    let (nl, n) = (sig.nrows(), sig.ncols());
    let mut out = Delineation {
        fs_hz: fs,
        beats: Vec::with_capacity(input.beats.len()),
        representative: None,
    };
    let empty = |s: usize| BeatWaves {
        sample: s,
        fiducial: s as f64,
        source: BeatSource::Own,
        leads: vec![LeadWaves::default(); nl],
        global: GlobalWaves {
            fs_hz: fs,
            ..GlobalWaves::default()
        },
    };
    let active: Vec<bool> = (0..nl)
        .map(|k| input.usable.get(k).copied().unwrap_or(false))
        .collect();
    if !(fs.is_finite() && fs > 0.0) || n < 4 || !active.iter().any(|a| *a) {
        out.beats = input.beats.iter().map(|b| empty(b.sample)).collect();
        return out;
    }
    let owned: Vec<Cow<'_, [f32]>> = sig
        .rows()
        .into_iter()
        .map(|r| match r.to_slice() {
            Some(s) => Cow::Borrowed(s),
            None => Cow::Owned(r.to_vec()),
        })
        .collect();
    let rows: Vec<&[f32]> = owned.iter().map(|c| c.as_ref()).collect();
    // Beats inside the record, in time order.
    let idx: Vec<usize> = {
        let mut v: Vec<usize> = (0..input.beats.len())
            .filter(|&i| input.beats[i].sample < n)
            .collect();
        v.sort_by_key(|&i| input.beats[i].sample);
        v
    };
    // Ventricular paced beats are the dominant beats of a paced rhythm, and are delineated on
    // their own, as ventricular beats are, among native ones.
    let n_paced = idx
        .iter()
        .filter(|&&i| input.beats[i].class == BeatClass::Paced)
        .count();
    let paced_rhythm = 2 * n_paced > idx.len();
    let refs: Vec<BeatRef> = idx
        .iter()
        .map(|&i| {
            let b = &input.beats[i];
            let paced = b.class == BeatClass::Paced;
            BeatRef {
                sample: b.sample,
                dominant: b.class == BeatClass::Dominant || (paced && paced_rhythm),
                ventricular: b.class == BeatClass::VentricularPremature || (paced && !paced_rhythm),
            }
        })
        .collect();
    let nb = refs.len();
    let rr_prev: Vec<Option<f64>> = (0..nb)
        .map(|j| (j > 0).then(|| (refs[j].sample - refs[j - 1].sample) as f64 * 1000.0 / fs))
        .collect();
    let rr_dom = {
        let mut v: Vec<f64> = (1..nb)
            .filter(|&j| refs[j].dominant && refs[j - 1].dominant)
            .filter_map(|j| rr_prev[j])
            .filter(|r| (200.0..3000.0).contains(r))
            .collect();
        if v.is_empty() {
            v = rr_prev.iter().flatten().copied().collect();
        }
        median(&mut v)
    };
    let cycle = rr_dom.unwrap_or(1000.0).clamp(300.0, 2000.0);
    let pre = samples(cfg.before_ms.min(0.75 * cycle).max(200.0), fs);
    let post = samples(cfg.after_ms.min(cycle).max(300.0), fs);
    let step = fs / CANON_HZ;
    let pre_c = (pre as f64 / step).round() as usize;
    let post_c = (post as f64 / step).round() as usize;
    let len_c = pre_c + post_c + 1;
    let al = template::align(&rows, fs, &refs, &active, samples(cfg.align_ms, fs).max(1));
    let spec = TemplateSpec {
        pre,
        post,
        pq_len: samples(cfg.pq_ms, fs).max(1),
        pq_gap: samples(cfg.pq_gap_ms, fs),
        max_beats: cfg.max_median_beats.max(1),
        min_corr: cfg.min_median_corr,
        max_line: samples(2500.0, fs),
        wander_step: cfg.wander_step_mv as f32,
    };
    let mut scratch = Vec::new();
    let mut rep: Option<Rep> = None;
    if let Some(t) = template::build(&rows, &refs, &al, &active, &spec) {
        let w = pre + post + 1;
        let mut x = vec![0f32; nl * len_c];
        let mut sp = vec![0f32; nl * len_c];
        for k in (0..nl).filter(|&k| active[k]) {
            let r = k * len_c..(k + 1) * len_c;
            resample(
                &t.median[k * w..(k + 1) * w],
                pre,
                fs,
                &mut x[r.clone()],
                pre_c,
                CANON_HZ,
                &mut scratch,
            );
            resample(
                &t.spread[k * w..(k + 1) * w],
                pre,
                fs,
                &mut sp[r],
                pre_c,
                CANON_HZ,
                &mut scratch,
            );
        }
        let m = t.members.len();
        let cspec = CanonSpec {
            fid: pre_c,
            rr_ms: rr_dom,
            find_p: input.atrial_activity,
            p_floor: None,
            deflections: true,
            paced: paced_rhythm,
        };
        let (leads, global) = canon::delineate(
            &mut x,
            len_c,
            (m >= 4).then_some(&sp[..]),
            &active,
            &cspec,
            cfg,
            work,
        );
        let top = |pick: &dyn Fn(&CLead) -> Option<f32>| -> Vec<usize> {
            let mut v: Vec<(usize, f32)> = (0..nl)
                .filter_map(|k| {
                    pick(&leads[k]).map(|pk| {
                        (
                            k,
                            x[k * len_c + (pk.round().max(0.0) as usize).min(len_c - 1)].abs(),
                        )
                    })
                })
                .collect();
            v.sort_by(|a, b| b.1.total_cmp(&a.1));
            v.into_iter().take(3).map(|v| v.0).collect()
        };
        // The per-beat P and T alignment reads the two leads of largest P wave and the lead
        // of largest T wave: enough to place a slow wave, and cheap.
        let mut p_leads = top(&|l: &CLead| l.p.filter(|_| l.p_own).map(|p| p.pk));
        p_leads.truncate(2);
        let mut t_leads = top(&|l: &CLead| l.t.filter(|_| l.t_own).map(|p| p.pk));
        t_leads.truncate(1);
        out.representative = Some(representative(
            &x, &sp, len_c, pre_c, m, &leads, &global, &active, rr_dom,
        ));
        rep = Some(Rep {
            fid_c: pre_c,
            leads,
            global,
            native: t.median,
            pre,
            w,
            p_leads,
            t_leads,
        });
    }

    let mut per_beat: Vec<Option<BeatWaves>> = vec![None; input.beats.len()];
    let mut own_x = vec![0f32; nl * len_c];
    let mut win = vec![0f32; pre + post + 1];
    let mut lagbuf = Vec::new();
    let mut cum = Vec::new();
    for (j, &i) in idx.iter().enumerate() {
        let b = &refs[j];
        let anchor = b.sample as f64 + al.shift[j];
        let place = Place {
            anchor,
            fid_c: pre_c,
            step,
            n,
        };
        let own = b.ventricular || al.corr[j] < cfg.own_below_corr || rep.is_none();
        // A beat whose QRS is cut by the record's edge cannot be delineated on its own.
        let core = (anchor - 0.1 * fs, anchor + 0.15 * fs);
        if own && (core.0 < 0.0 || core.1 >= n as f64) {
            continue;
        }
        let bw = match (&rep, own) {
            (Some(r), false) => {
                let class = input.beats[i].class;
                let mut leads = vec![LeadWaves::default(); nl];
                let mut g = GlobalWaves {
                    fs_hz: fs,
                    qrs_onset: r.global.qrs_on.map(|u| place.at(u, 0.0)),
                    qrs_offset: r.global.qrs_off.map(|u| place.at(u, 0.0)),
                    ..GlobalWaves::default()
                };
                // T: the lag at which this beat's T matches the representative's.
                let t_lag = r
                    .global
                    .t_off
                    .and_then(|_| {
                        wave_lag(
                            &rows,
                            r,
                            &r.t_leads,
                            anchor,
                            fs,
                            cfg.t_lag_ms,
                            false,
                            &mut lagbuf,
                            &mut cum,
                        )
                    })
                    .map_or(0.0, |(l, _)| l);
                g.t_offset = r.global.t_off.map(|u| place.at(u, t_lag));
                // P: matched to the representative's, or searched for on its own window.
                let mut p_lag = None;
                let mut own_p: Option<(Vec<CLead>, CGlobal)> = None;
                if r.global.p_on.is_some() {
                    if class == BeatClass::SupraventricularPremature {
                        own_p = Some(own_beat(
                            &rows,
                            &active,
                            anchor,
                            pre,
                            step,
                            len_c,
                            pre_c,
                            rr_prev[j],
                            true,
                            false,
                            &mut own_x,
                            &mut win,
                            &mut scratch,
                            cfg,
                            work,
                        ));
                    } else {
                        p_lag = wave_lag(
                            &rows,
                            r,
                            &r.p_leads,
                            anchor,
                            fs,
                            cfg.p_lag_ms,
                            true,
                            &mut lagbuf,
                            &mut cum,
                        )
                        .filter(|(_, c)| *c >= cfg.p_min_corr)
                        .map(|(l, _)| {
                            // Never later than the representative's own gap to the QRS allows.
                            let room = match (r.global.p_off, r.global.qrs_on) {
                                (Some(p), Some(q)) => (q - p) as f64 * step,
                                _ => 0.0,
                            };
                            l.min(room.max(0.0))
                        });
                    }
                }
                if let Some(l) = p_lag {
                    g.p_onset = r.global.p_on.map(|u| place.at(u, l));
                    g.p_offset = r.global.p_off.map(|u| place.at(u, l));
                }
                // An own window was read at the rounded anchor.
                let own_lag = anchor.round() - anchor;
                if let Some((_, og)) = &own_p {
                    g.p_onset = og.p_on.map(|u| place.at(u, own_lag));
                    g.p_offset = og.p_off.map(|u| place.at(u, own_lag));
                }
                // A P wave that would run into its QRS is not this beat's P wave.
                let p_ok = match (g.p_offset, g.qrs_onset) {
                    (Some(p), Some(q)) => p <= q,
                    _ => true,
                };
                if !p_ok {
                    g.p_onset = None;
                    g.p_offset = None;
                }
                for k in (0..nl).filter(|&k| active[k]) {
                    let rl = &r.leads[k];
                    leads[k].qrs = rl.qrs.as_ref().and_then(|q| place.qrs(q));
                    leads[k].t = rl.t.as_ref().and_then(|t| place.wave(t, t_lag));
                    leads[k].p = match (&own_p, p_lag) {
                        _ if !p_ok => None,
                        (Some((ol, _)), _) => ol[k].p.as_ref().and_then(|p| place.wave(p, own_lag)),
                        (None, Some(l)) => rl.p.as_ref().and_then(|p| place.wave(p, l)),
                        _ => None,
                    };
                }
                BeatWaves {
                    sample: b.sample,
                    fiducial: anchor,
                    source: BeatSource::Representative,
                    leads,
                    global: g,
                }
            }
            _ => {
                let place = Place {
                    anchor: anchor.round(),
                    ..place
                };
                let (cl, cg) = own_beat(
                    &rows,
                    &active,
                    anchor,
                    pre,
                    step,
                    len_c,
                    pre_c,
                    rr_prev[j],
                    !b.ventricular && input.atrial_activity,
                    input.beats[i].class == BeatClass::Paced,
                    &mut own_x,
                    &mut win,
                    &mut scratch,
                    cfg,
                    work,
                );
                let leads = cl
                    .iter()
                    .map(|l| LeadWaves {
                        p: l.p.as_ref().and_then(|p| place.wave(p, 0.0)),
                        qrs: l.qrs.as_ref().and_then(|q| place.qrs(q)),
                        t: l.t.as_ref().and_then(|t| place.wave(t, 0.0)),
                    })
                    .collect();
                let at = |u: Option<f32>| u.map(|u| place.at(u, 0.0));
                BeatWaves {
                    sample: b.sample,
                    fiducial: place.anchor,
                    source: BeatSource::Own,
                    leads,
                    global: GlobalWaves {
                        fs_hz: fs,
                        p_onset: at(cg.p_on),
                        p_offset: at(cg.p_off),
                        qrs_onset: at(cg.qrs_on),
                        qrs_offset: at(cg.qrs_off),
                        t_offset: at(cg.t_off),
                    },
                }
            }
        };
        per_beat[i] = Some(bw);
    }
    out.beats = per_beat
        .into_iter()
        .zip(input.beats)
        .map(|(b, inb)| b.unwrap_or_else(|| empty(inb.sample)))
        .collect();
    out
}

/// Delineates one beat on its own window (resampled to the canonical rate).
#[allow(clippy::too_many_arguments)]
fn own_beat(
    rows: &[&[f32]],
    active: &[bool],
    anchor: f64,
    pre: usize,
    step: f64,
    len_c: usize,
    pre_c: usize,
    rr_ms: Option<f64>,
    find_p: bool,
    paced: bool,
    x: &mut [f32],
    win: &mut [f32],
    scratch: &mut Vec<f32>,
    cfg: &DelineateConfig,
    work: &mut Work,
) -> (Vec<CLead>, CGlobal) {
    let a = anchor.round() as isize;
    for (k, row) in rows.iter().enumerate() {
        let dst = &mut x[k * len_c..(k + 1) * len_c];
        if !active[k] {
            dst.iter_mut().for_each(|v| *v = 0.0);
            continue;
        }
        fetch(row, a - pre as isize, win);
        resample(win, pre, step * CANON_HZ, dst, pre_c, CANON_HZ, scratch);
    }
    let spec = CanonSpec {
        fid: pre_c,
        rr_ms,
        find_p,
        p_floor: None,
        deflections: false,
        paced,
    };
    canon::delineate(x, len_c, None, active, &spec, cfg, work)
}

/// The lag (record samples, fractional) within `±lag_ms` at which this beat's P (`p`) or T
/// wave best matches the representative's over `leads`, and that correlation.
#[allow(clippy::too_many_arguments)]
fn wave_lag(
    rows: &[&[f32]],
    r: &Rep,
    leads: &[usize],
    anchor: f64,
    fs: f64,
    lag_ms: f64,
    p: bool,
    buf: &mut Vec<f32>,
    cum: &mut Vec<f64>,
) -> Option<(f64, f64)> {
    if leads.is_empty() {
        return None;
    }
    let step = fs / CANON_HZ;
    let (on, off) = if p {
        (r.global.p_on?, r.global.p_off?)
    } else {
        // The T wave from its onset in the largest leads to the global offset.
        let on = leads
            .iter()
            .filter_map(|&k| r.leads[k].t.map(|t| t.on))
            .reduce(f32::min)?;
        (on, r.global.t_off?)
    };
    let pad = 10.0 * fs / 1000.0;
    let nat = |u: f32| r.pre as f64 + (u as f64 - r.fid_c as f64) * step;
    let a = (nat(on) - pad).round().max(0.0) as usize;
    let b = ((nat(off) + pad).round() as usize).min(r.w - 1);
    if b <= a + 3 {
        return None;
    }
    let seg = b - a + 1;
    let l = samples(lag_ms, fs).max(1);
    let span = seg + 2 * l;
    let nl = leads.len();
    buf.clear();
    buf.resize(nl * (span + seg), 0.0);
    let (xs, ts) = buf.split_at_mut(nl * span);
    let anchor_i = anchor.round() as isize;
    for (li, &k) in leads.iter().enumerate() {
        let t = &mut ts[li * seg..(li + 1) * seg];
        t.copy_from_slice(&r.native[k * r.w + a..=k * r.w + b]);
        let m = t.iter().sum::<f32>() / seg as f32;
        t.iter_mut().for_each(|v| *v -= m);
        let start = anchor_i - r.pre as isize + a as isize - l as isize;
        if fetch(rows[k], start, &mut xs[li * span..(li + 1) * span]) > span / 2 {
            return None;
        }
    }
    // P and T waves are slow: every other lag first (every fourth at high rates).
    let coarse = ((4.0 * fs / 1000.0).round() as usize).max(1);
    let search = LagSearch::new(xs, ts, nl, seg, span, cum)?;
    let (bi, bc) = search.best(coarse);
    // The segment was read at the rounded anchor; the marks are placed from the exact one.
    Some((bi - l as f64 - (anchor - anchor_i as f64), bc))
}

/// The public representative beat from the canonical one.
#[allow(clippy::too_many_arguments)]
fn representative(
    x: &[f32],
    sp: &[f32],
    len_c: usize,
    fid_c: usize,
    m: usize,
    leads: &[CLead],
    global: &CGlobal,
    active: &[bool],
    rr_ms: Option<f64>,
) -> Representative {
    let idx = |u: f32| (u.round().max(0.0) as usize).min(len_c - 1);
    let wave = |w: &canon::CWave| Wave {
        onset: idx(w.on),
        peak: idx(w.pk),
        peak2: w.pk2.map(idx),
        offset: idx(w.off),
    };
    let out_leads = leads
        .iter()
        .map(|l| RepresentativeLead {
            waves: LeadWaves {
                p: l.p.as_ref().map(wave),
                qrs: l.qrs.as_ref().map(|q| Qrs {
                    onset: idx(q.on),
                    offset: idx(q.off),
                    peak: idx(q.pk),
                    q: q.turning[0].map(idx),
                    r: q.turning[1].map(idx),
                    s: q.turning[2].map(idx),
                    r_prime: q.turning[3].map(idx),
                    s_prime: q.turning[4].map(idx),
                }),
                t: l.t.as_ref().map(wave),
            },
            deflections: l.deflections.clone(),
            p_own: l.p_own,
            t_own: l.t_own,
        })
        .collect();
    let f = |u: Option<f32>| u.map(|v| v as f64);
    Representative {
        fs_hz: CANON_HZ,
        fiducial: fid_c,
        n_beats: m,
        signals: (0..active.len())
            .map(|k| {
                if active[k] {
                    x[k * len_c..(k + 1) * len_c].to_vec()
                } else {
                    Vec::new()
                }
            })
            .collect(),
        spread: (0..active.len())
            .map(|k| {
                if active[k] && m >= 4 {
                    sp[k * len_c..(k + 1) * len_c].to_vec()
                } else {
                    Vec::new()
                }
            })
            .collect(),
        leads: out_leads,
        global: GlobalWaves {
            fs_hz: CANON_HZ,
            p_onset: f(global.p_on),
            p_offset: f(global.p_off),
            qrs_onset: f(global.qrs_on),
            qrs_offset: f(global.qrs_off),
            t_offset: f(global.t_off),
        },
        rr_ms,
    }
}
