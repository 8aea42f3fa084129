//! The decision stage: per-lead level normalisation, lead combination, candidate peaks,
//! adaptive thresholding with T-wave test and RR-based search-back.

use super::features::{self, Design};
use super::{Beat, Detection, DetectionFlag, DetectorConfig};
use ndarray::ArrayView1;

/// Length of the blocks over which peak levels are collected, s.
const BLOCK_S: f64 = 1.0;
/// Pruning: neighbours closer than this many local RR intervals make the beat between them
/// suspect ...
const PRUNE_SPAN_RR: f32 = 1.15;
/// ... and it is removed if its envelope peak is below this fraction of the weaker neighbour's.
const PRUNE_RATIO: f32 = 0.7;
/// Lower bound of a lead's noise floor in the inverse-noise weights (a clean lead's floor).
const MIN_NOISE_FLOOR: f32 = 0.05;
/// Exponent of the artefact penalty in the lead weights.
const ART_POW: f32 = 2.0;
/// In search-back, candidates must clear this fraction of the pass-1 noise-floor threshold.
const SEARCH_BACK_NOISE_FRACTION: f32 = 0.75;

pub(crate) fn design(fs: f64, cfg: &DetectorConfig) -> Design {
    let (lo, hi) = cfg.band_hz;
    // Two cascaded box-cars of length L have their -3 dB point near 0.32 fs / L.
    let box_len = (0.32 * fs / hi).max(1.0);
    let lp_half = ((box_len - 1.0) / 2.0).round().max(0.0) as usize;
    // |sin(2 pi f k / fs)| of the central difference is -3 dB at f = fs / (8 k).
    let diff_k = (fs / (8.0 * lo)).round().max(1.0) as usize;
    let mwi_half = (cfg.qrs_width_ms * fs / 2000.0).round().max(1.0) as usize;
    Design {
        lp_half,
        diff_k,
        mwi_half,
    }
}

/// The envelope peak a triangular QRS of 1 mV and 80 ms base gives, for the absolute floor.
fn unit_response(fs: f64, d: Design) -> f32 {
    let n = (fs * 1.0) as usize;
    let c = n / 2;
    let half = (0.04 * fs).max(1.0);
    let x: Vec<f32> = (0..n)
        .map(|i| {
            let t = (i as f64 - c as f64).abs() / half;
            if t < 1.0 { (1.0 - t) as f32 } else { 0.0 }
        })
        .collect();
    let gap = vec![false; n];
    let (mut a, mut b, mut e) = (Vec::new(), Vec::new(), Vec::new());
    features::envelope(&x, &gap, d, &mut a, &mut b, &mut e);
    e.iter().copied().fold(0.0, f32::max)
}

/// The largest of `x` (0 for an empty slice or all-negative values), in eight lanes so the
/// compiler can vectorise it.
fn max_of(x: &[f32]) -> f32 {
    let mut lanes = [0.0f32; 8];
    let mut it = x.chunks_exact(8);
    for c in &mut it {
        for (l, &v) in lanes.iter_mut().zip(c) {
            *l = if v > *l { v } else { *l };
        }
    }
    let tail = it
        .remainder()
        .iter()
        .fold(0.0f32, |a, &v| if v > a { v } else { a });
    lanes.iter().fold(tail, |a, &v| if v > a { v } else { a })
}

/// Whether every value is finite: the largest magnitude bit pattern is below infinity's (no
/// early exit, so it vectorises).
fn all_finite(x: &[f32]) -> bool {
    x.chunks(1024)
        .all(|c| c.iter().fold(0u32, |m, v| m.max(v.to_bits() & 0x7fff_ffff)) < 0x7f80_0000)
}

fn median(v: &mut [f32]) -> f32 {
    if v.is_empty() {
        return 0.0;
    }
    if v.len() <= 64 {
        // Short slices (the common case): select on integer keys in a stack buffer.
        let mut k = [0i32; 64];
        for (k, &x) in k.iter_mut().zip(v.iter()) {
            *k = order_key(x);
        }
        return median_keys(&mut k[..v.len()]);
    }
    let m = v.len() / 2;
    let (_, x, _) = v.select_nth_unstable_by(m, |a, b| a.total_cmp(b));
    *x
}

/// The (upper) median of a window `v[lo..hi]` moving forward through `v`, kept sorted
/// incrementally (a selection per beat cost more than the rest of the decision stage).
#[derive(Default)]
struct RollingMedian {
    sorted: Vec<usize>,
    lo: usize,
    hi: usize,
}

impl RollingMedian {
    /// The element at rank `len / 2` of `v[lo..hi]` (0 for an empty window).
    fn median(&mut self, v: &[usize], lo: usize, hi: usize) -> usize {
        let hi = hi.min(v.len());
        let lo = lo.min(hi);
        if lo < self.lo || hi < self.hi || lo >= self.hi {
            self.sorted.clear();
            self.sorted.extend_from_slice(&v[lo..hi]);
            self.sorted.sort_unstable();
        } else {
            for x in &v[self.lo..lo] {
                if let Ok(p) = self.sorted.binary_search(x) {
                    self.sorted.remove(p);
                }
            }
            for &x in &v[self.hi..hi] {
                let p = self.sorted.partition_point(|&y| y < x);
                self.sorted.insert(p, x);
            }
        }
        self.lo = lo;
        self.hi = hi;
        self.sorted.get(self.sorted.len() / 2).copied().unwrap_or(0)
    }
}

/// An integer whose order is [`f32::total_cmp`]'s (the transform is its own inverse).
fn order_key(v: f32) -> i32 {
    let b = v.to_bits() as i32;
    b ^ ((((b >> 31) as u32) >> 1) as i32)
}

/// [`median`] of the values whose [`order_key`]s are in `k` (integer selection is cheaper).
fn median_keys(k: &mut [i32]) -> f32 {
    if k.is_empty() {
        return 0.0;
    }
    let m = k.len() / 2;
    let (_, x, _) = k.select_nth_unstable(m);
    f32::from_bits(order_key(f32::from_bits(*x as u32)) as u32)
}

/// Per-block QRS level of one envelope: the median of block maxima over the level window,
/// floored by a fraction of the whole-record level and by the absolute floor.
fn block_levels(env: &[f32], blk: usize, half_blocks: usize, floor: f32) -> Vec<f32> {
    let maxima: Vec<f32> = env.chunks(blk).map(max_of).collect();
    let nb = maxima.len();
    let mut scratch: Vec<f32> = maxima.clone();
    let global = median(&mut scratch);
    let floor = floor.max(0.3 * global);
    let mut out = Vec::with_capacity(nb);
    for j in 0..nb {
        let a = j.saturating_sub(half_blocks);
        let b = (j + half_blocks + 1).min(nb);
        scratch.clear();
        scratch.extend_from_slice(&maxima[a..b]);
        out.push(median(&mut scratch).max(floor));
    }
    out
}

/// Divides `env` in place by the block levels, linearly interpolated between block centres.
fn normalise(env: &mut [f32], levels: &[f32], blk: usize) {
    let inv: Vec<f32> = levels.iter().map(|&l| 1.0 / l).collect();
    let nb = inv.len();
    let step = 1.0 / blk as f32;
    // Position of each sample in its block relative to the centre, computed once.
    let ramp: Vec<f32> = (0..blk).map(|i| i as f32 * step - 0.5).collect();
    for (j, chunk) in env.chunks_mut(blk).enumerate() {
        // The gain ramps linearly between block centres: from the previous block's in the first
        // half, towards the next block's in the second.
        let (prev, cur, next) = (inv[j.saturating_sub(1)], inv[j], inv[(j + 1).min(nb - 1)]);
        let half = (blk / 2).min(chunk.len());
        let (first, second) = chunk.split_at_mut(half);
        let (d1, d2) = (cur - prev, next - cur);
        for (v, &r) in first.iter_mut().zip(&ramp) {
            *v *= cur + d1 * r;
        }
        for (v, &r) in second.iter_mut().zip(&ramp[half..]) {
            *v *= cur + d2 * r;
        }
    }
}

/// Per-sample values linearly interpolated between block centres.
fn interp_blocks(v: &[f32], blk: usize, out: &mut Vec<f32>) {
    out.clear();
    out.resize(v.len() * blk, 0.0);
    let nb = v.len();
    if nb == 0 {
        return;
    }
    let pos: Vec<f32> = (0..blk).map(|i| i as f32 / blk as f32 - 0.5).collect();
    let half = pos.iter().take_while(|&&p| p < 0.0).count();
    for (j, chunk) in out.chunks_mut(blk).enumerate() {
        let (p, c, nx) = (v[j.saturating_sub(1)], v[j], v[(j + 1).min(nb - 1)]);
        let (first, second) = chunk.split_at_mut(half);
        for (o, &q) in first.iter_mut().zip(&pos) {
            *o = p + (c - p) * (1.0 + q);
        }
        for (o, &q) in second.iter_mut().zip(&pos[half..]) {
            *o = c + (nx - c) * q;
        }
    }
}

/// Chunk length for skipping quiet stretches in [`candidates`].
const QUIET: usize = 16;

/// Local maxima of `x` that are the largest within `radius` samples on either side (greedy
/// non-maximum suppression in time order).
fn candidates(x: &[f32], radius: usize, min: f32) -> Vec<usize> {
    let mut out: Vec<usize> = Vec::new();
    let n = x.len();
    let mut i = 0;
    while i + 1 < n.saturating_sub(1) {
        i += 1;
        // Stretches below `min` hold no candidate: skip them a vectorised chunk at a time.
        if i % QUIET == 1 && i + QUIET <= n && x[i..i + QUIET].iter().all(|&v| v < min) {
            i += QUIET - 1;
            continue;
        }
        let v = x[i];
        if v < min || !(v > x[i - 1] && v >= x[i + 1]) {
            continue;
        }
        match out.last() {
            Some(&p) if i - p <= radius => {
                if v > x[p] {
                    out.pop();
                    // The new peak may now also dominate an earlier kept one.
                    while let Some(&q) = out.last() {
                        if i - q <= radius && v > x[q] {
                            out.pop();
                        } else {
                            break;
                        }
                    }
                    out.push(i);
                }
            }
            _ => out.push(i),
        }
    }
    out
}

/// Total length of the buffers a thread keeps between calls (32 MB of f32): enough for a
/// two-lead 30-min Holter record at 360 Hz or many short 12-lead records.
const POOL_MAX_ELEMS: usize = 1 << 23;

/// Full-length work buffers kept between calls on the same thread: fresh multi-megabyte
/// allocations cost more in page faults than the filters that fill them.
#[derive(Default)]
struct Pool(Vec<Vec<f32>>);

impl Pool {
    /// A buffer of `n` zeros.
    fn take(&mut self, n: usize) -> Vec<f32> {
        let mut v = self.0.pop().unwrap_or_default();
        v.clear();
        v.resize(n, 0.0);
        v
    }

    /// A buffer of any length and content, for a caller that overwrites it.
    fn take_scratch(&mut self) -> Vec<f32> {
        self.0.pop().unwrap_or_default()
    }

    fn give(&mut self, v: Vec<f32>) {
        let held: usize = self.0.iter().map(Vec::capacity).sum();
        if v.capacity() > 0 && held + v.capacity() <= POOL_MAX_ELEMS {
            self.0.push(v);
        }
    }
}

thread_local! {
    static POOL: std::cell::RefCell<Pool> = std::cell::RefCell::default();
}

pub(crate) fn run(
    rows: Vec<ArrayView1<'_, f32>>,
    selected: &[(usize, f32)],
    fs: f64,
    cfg: &DetectorConfig,
) -> Detection {
    // `try_with`: during thread teardown the pool may be gone; then work without one.
    let mut pool = POOL
        .try_with(|p| p.try_borrow_mut().map(|mut p| std::mem::take(&mut *p)).ok())
        .ok()
        .flatten()
        .unwrap_or_default();
    let det = run_pooled(&mut pool, rows, selected, fs, cfg);
    let _ = POOL.try_with(|p| {
        if let Ok(mut p) = p.try_borrow_mut() {
            *p = pool;
        }
    });
    det
}

fn run_pooled(
    pool: &mut Pool,
    rows: Vec<ArrayView1<'_, f32>>,
    selected: &[(usize, f32)],
    fs: f64,
    cfg: &DetectorConfig,
) -> Detection {
    let n = rows.first().map_or(0, |r| r.len());
    let d = design(fs, cfg);
    let blk = ((BLOCK_S * fs).round() as usize).max(1);
    let half_blocks = ((cfg.level_window_s / BLOCK_S / 2.0).round() as usize).max(1);
    let floor = unit_response(fs, d) * cfg.min_qrs_amplitude_mv as f32;
    let mut flags = Vec::new();

    let multi = selected.len() > 1;
    let alloc = if multi { n } else { 0 };
    let mut combined = pool.take(alloc);
    let mut slope = pool.take(alloc);
    let mut used: Vec<(usize, Vec<f32>)> = Vec::new();
    let mut flat = Vec::new();
    let mut invalid = Vec::new();
    let (mut x, mut gap, mut tb) = (pool.take(0), Vec::new(), pool.take(0));
    let mut wsum = 0.0f32;
    let mut wsum_s = pool.take(alloc);
    let mut wl = pool.take(0);
    // Slopes of every lead first, then their envelopes together (the integrator interleaves
    // leads), then the per-lead decisions.
    let mut lanes: Vec<(usize, f32, Vec<f32>)> = Vec::with_capacity(selected.len());
    for &(k, w) in selected {
        // A contiguous, all-finite row is used in place; otherwise copied and gap-filled.
        let src: &[f32] = match rows[k].as_slice() {
            Some(r) if all_finite(r) => {
                gap.clear();
                r
            }
            _ => {
                x.clear();
                x.extend(rows[k].iter().copied());
                if features::fill_gaps(&mut x, &mut gap) {
                    invalid.push(k);
                }
                &x
            }
        };
        let mut sl = pool.take_scratch();
        features::slope(src, &gap, d, &mut sl, &mut tb);
        lanes.push((k, w, sl));
    }
    let mut envs: Vec<Vec<f32>> = lanes.iter().map(|_| pool.take_scratch()).collect();
    {
        let refs: Vec<&[f32]> = lanes.iter().map(|l| l.2.as_slice()).collect();
        features::integrate(&refs, d.mwi_half, &mut envs, &mut tb);
    }
    for ((k, w, mut ta), mut env) in lanes.into_iter().zip(envs) {
        let peak = max_of(&env);
        if n == 0 || peak < floor || peak <= 0.0 {
            flat.push(k);
            pool.give(env);
            pool.give(ta);
            continue;
        }
        let levels = block_levels(&env, blk, half_blocks, floor);
        normalise(&mut env, &levels, blk);
        // ta holds |slope|. Alone, a lead's raw slope ratios drive the T/P-wave tests (a gain
        // ramp at a sudden level change, e.g. the onset of asystole, would distort them);
        // combined, each lead's slope is put in units of its QRS level.
        if multi {
            normalise(&mut ta, &levels, blk);
        }
        if multi {
            // Inverse-noise weighting per block: a lead counts less where its envelope between
            // beats is high relative to its QRS level.
            // Blocks whose peaks tower over the lead's QRS level hold artefacts (steps, spikes).
            let bmax: Vec<f32> = env.chunks(blk).map(max_of).collect();
            let nb = bmax.len();
            let wq: Vec<f32> = noise_floor(&env, blk)
                .iter()
                .enumerate()
                .map(|(j, &nf)| {
                    let m = bmax[j.saturating_sub(1)..(j + 2).min(nb)]
                        .iter()
                        .copied()
                        .fold(1.0, f32::max);
                    let nf = nf.max(MIN_NOISE_FLOOR);
                    w / (nf * nf * m.powf(ART_POW))
                })
                .collect();
            interp_blocks(&wq, blk, &mut wl);
            for (((c, s), ws), ((&e, &sv), &wv)) in combined
                .iter_mut()
                .zip(slope.iter_mut())
                .zip(wsum_s.iter_mut())
                .zip(env.iter().zip(ta.iter()).zip(wl.iter()))
            {
                *c += wv * e;
                *s += wv * sv;
                *ws += wv;
            }
            used.push((k, env));
            pool.give(ta);
        } else {
            pool.give(std::mem::replace(&mut combined, env));
            pool.give(std::mem::replace(&mut slope, std::mem::take(&mut ta)));
            used.push((k, Vec::new()));
        }
        wsum += w;
    }
    if !invalid.is_empty() {
        flags.push(DetectionFlag::InvalidSamples(invalid));
    }
    if !flat.is_empty() {
        flags.push(DetectionFlag::FlatLeads(flat));
    }
    for v in [x, tb, wl] {
        pool.give(v);
    }
    if wsum <= 0.0 {
        for v in [combined, slope, wsum_s] {
            pool.give(v);
        }
        for (_, e) in used {
            pool.give(e);
        }
        flags.push(DetectionFlag::NoBeats);
        return Detection {
            beats: Vec::new(),
            flags,
        };
    }
    if multi {
        // Branch-free so it vectorises; a zero total weight leaves the sums (zero) as they are.
        for ((c, s), &w) in combined.iter_mut().zip(slope.iter_mut()).zip(&wsum_s) {
            let pos = w > 0.0;
            let d = if pos { w } else { 1.0 };
            *c = if pos { *c / d } else { *c };
            *s = if pos { *s / d } else { *s };
        }
    }

    let refr = ((cfg.refractory_ms * fs / 1000.0).round() as usize).max(1);
    let cands = candidates(&combined, refr, cfg.search_back_threshold as f32);
    let noise = noise_floor(&combined, blk);
    // Peak slope around each candidate, for the T- and P-wave tests.
    let sl: Vec<f32> = cands
        .iter()
        .map(|&c| {
            let a = c.saturating_sub(d.mwi_half);
            let b = (c + d.mwi_half + 1).min(n);
            slope[a..b].iter().copied().fold(0.0, f32::max)
        })
        .collect();
    let beats = threshold(&combined, &cands, &sl, &noise, blk, fs, cfg);

    let out: Vec<Beat> = beats
        .iter()
        .map(|&s| {
            let leads = if let [(k, _)] = used.as_slice() {
                vec![*k]
            } else {
                let a = s.saturating_sub(d.mwi_half);
                let b = (s + d.mwi_half + 1).min(n);
                let mut leads: Vec<usize> = used
                    .iter()
                    .filter(|(_, e)| max_of(&e[a..b]) >= cfg.threshold as f32)
                    .map(|(k, _)| *k)
                    .collect();
                if leads.is_empty()
                    && let Some((k, _)) = used.iter().max_by(|x, y| x.1[s].total_cmp(&y.1[s]))
                {
                    leads.push(*k);
                }
                leads
            };
            Beat { sample: s, leads }
        })
        .collect();

    let max_rr = (cfg.max_rr_ms * fs / 1000.0).round() as usize;
    let mut prev = 0usize;
    for &s in beats.iter().chain(std::iter::once(&n)) {
        if s - prev > max_rr {
            flags.push(DetectionFlag::Pause {
                from: prev,
                to: s.saturating_sub(1),
            });
        }
        prev = s;
    }
    if out.is_empty() {
        flags.push(DetectionFlag::NoBeats);
    }
    for v in [combined, slope, wsum_s] {
        pool.give(v);
    }
    for (_, e) in used {
        pool.give(e);
    }
    Detection { beats: out, flags }
}

/// The local noise floor: per block, the median of the envelope (beats fill a minority of each
/// block), then the median over the block and its two neighbours each side.
fn noise_floor(e: &[f32], blk: usize) -> Vec<f32> {
    // A median of about 64 evenly spaced samples per block is as good a floor and much cheaper.
    let stride = (blk / 64).max(1);
    let mut keys = Vec::with_capacity(blk);
    let med: Vec<f32> = e
        .chunks(blk)
        .map(|c| {
            keys.clear();
            keys.extend(c.iter().step_by(stride).map(|&v| order_key(v)));
            median_keys(&mut keys)
        })
        .collect();
    let mut scratch = Vec::with_capacity(8);
    let nb = med.len();
    (0..nb)
        .map(|j| {
            scratch.clear();
            scratch.extend_from_slice(&med[j.saturating_sub(2)..(j + 3).min(nb)]);
            median(&mut scratch)
        })
        .collect()
}

/// Pass 1: threshold with the T- and P-wave tests; pass 2: RR-based search-back over the whole
/// record. Works on candidate indices; returns beat samples.
fn threshold(
    e: &[f32],
    cands: &[usize],
    sl: &[f32],
    noise: &[f32],
    blk: usize,
    fs: f64,
    cfg: &DetectorConfig,
) -> Vec<usize> {
    let nk = cfg.noise_floor_factor as f32;
    let thr = cfg.threshold as f32;
    let ms = |v: f64| (v * fs / 1000.0).round() as usize;
    let twin = ms(cfg.t_wave_window_ms);
    let pwin = ms(cfg.p_wave_window_ms);
    let tmax = ms(cfg.t_wave_max_ms);
    let pr = cfg.p_wave_slope_ratio as f32;
    let refr = ms(cfg.refractory_ms);
    let tr = cfg.t_wave_slope_ratio as f32;
    let tf = cfg.t_wave_rr_fraction;
    let floor_at = |c: usize| noise.get(c / blk).copied().unwrap_or(0.0) * nk;
    // Is candidate j (after beat i) a T wave of i?
    let is_t = |i: usize, j: usize, rr_avg: f64| {
        let w = twin.max(((tf * rr_avg) as usize).min(tmax));
        cands[j] - cands[i] < w && sl[j] < tr * sl[i]
    };

    let mut beats: Vec<usize> = Vec::with_capacity(cands.len());
    // Mean of the last 8 RR intervals, for the RR-scaled T-wave window.
    let mut rr_hist = [0.0f64; 8];
    let mut rr_n = 0usize;
    for (j, &c) in cands.iter().enumerate() {
        let a = e[c];
        if a < thr.max(floor_at(c)) {
            continue;
        }
        let rr_avg = if rr_n > 0 {
            rr_hist.iter().take(rr_n.min(8)).sum::<f64>() / rr_n.min(8) as f64
        } else {
            0.0
        };
        if let Some(&i) = beats.last()
            && is_t(i, j, rr_avg)
        {
            continue;
        }
        // A weak beat shortly before a much stronger one was a P wave (or pre-QRS noise).
        while let Some(&i) = beats.last() {
            if c - cands[i] < pwin && sl[i] < pr * sl[j] {
                beats.pop();
            } else {
                break;
            }
        }
        if let Some(&i) = beats.last() {
            rr_hist[rr_n % 8] = (c - cands[i]) as f64;
            rr_n += 1;
        }
        beats.push(j);
    }

    // Search-back: fill gaps longer than factor x local median RR with the best sub-threshold
    // candidate that passes the refractory and T-wave tests.
    let sb = cfg.search_back_threshold as f32;
    let f = cfg.search_back_rr_factor;
    // RR intervals stay integers: their median is that of the same values as f32 (rounding
    // keeps the order), and integer selection is cheaper.
    let rr: Vec<usize> = beats
        .windows(2)
        .map(|w| cands[w[1]] - cands[w[0]])
        .collect();
    let mut out: Vec<usize> = Vec::with_capacity(beats.len() + 16);
    let mut rolling = RollingMedian::default();
    let mut found = Vec::new();
    for (k, &i) in beats.iter().enumerate() {
        out.push(cands[i]);
        let Some(&next) = beats.get(k + 1) else { break };
        let lo = k.saturating_sub(8);
        let hi = (k + 9).min(rr.len());
        let ref_rr = rolling.median(&rr, lo, hi) as f32 as f64;
        let mut stack = vec![(i, next)];
        found.clear();
        while let Some((l, r)) = stack.pop() {
            if ((cands[r] - cands[l]) as f64) <= f * ref_rr {
                continue;
            }
            let mut best: Option<usize> = None;
            for j in l + 1..r {
                let c = cands[j];
                if c < cands[l] + refr
                    || c + refr > cands[r]
                    || e[c] < sb.max(SEARCH_BACK_NOISE_FRACTION * floor_at(c))
                {
                    continue;
                }
                if is_t(l, j, ref_rr) {
                    continue;
                }
                if best.is_none_or(|b| e[c] > e[cands[b]]) {
                    best = Some(j);
                }
            }
            if let Some(j) = best {
                found.push(cands[j]);
                stack.push((l, j));
                stack.push((j, r));
            }
        }
        found.sort_unstable();
        out.extend_from_slice(&found);
    }
    prune_interpolated(e, out)
}

/// Post-pass: a weak beat squeezed between two stronger ones, where the two neighbours are about
/// one local RR apart, is an extra detection (P or T wave, noise) and is removed.
fn prune_interpolated(e: &[f32], beats: Vec<usize>) -> Vec<usize> {
    let (k, r) = (PRUNE_SPAN_RR, PRUNE_RATIO);
    if beats.len() < 3 {
        return beats;
    }
    let rr: Vec<usize> = beats.windows(2).map(|w| w[1] - w[0]).collect();
    let mut rolling = RollingMedian::default();
    let mut keep = vec![true; beats.len()];
    let mut prev = 0usize;
    for i in 1..beats.len() - 1 {
        let next = i + 1;
        let lo = i.saturating_sub(8);
        let hi = (i + 8).min(rr.len());
        let ref_rr = rolling.median(&rr, lo, hi) as f32;
        let (p, c, nx) = (beats[prev], beats[i], beats[next]);
        if ((nx - p) as f32) < k * ref_rr && e[c] < r * e[p].min(e[nx]) {
            keep[i] = false;
        } else {
            prev = i;
        }
    }
    beats
        .into_iter()
        .zip(keep)
        .filter(|(_, k)| *k)
        .map(|(b, _)| b)
        .collect()
}
