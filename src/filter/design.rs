//! Butterworth and notch design, reproducing `scipy.signal` step by step.
//!
//! The Butterworth path is scipy's `iirfilter`: analog prototype poles (`buttap`), frequency
//! transform (`lp2lp_zpk`, `lp2hp_zpk`, `lp2bp_zpk`, `lp2bs_zpk`) at the pre-warped edges, the
//! bilinear transform (`bilinear_zpk`), then `zpk2sos` with `pairing='nearest'`. Section order,
//! pole/zero pairing and gain placement (all in the first section) follow scipy's code, so the
//! coefficients match to rounding (checked to 1e-12 in `tests/filter/design.rs`).
//!
//! Why not the `sci-rs` crate: it ports the same algorithm, but panics on bad input, has
//! `todo!()` branches, and pulls nalgebra plus a second ndarray (+35–45 s build). The design is
//! ~300 lines; owning it gives typed errors and no panics.

use super::{FilterError, Sos};
use crate::SampleRate;
use rustfft::num_complex::Complex64 as C;
use std::f64::consts::PI;

/// Pass band of a Butterworth filter; frequencies in hertz.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Band {
    /// Pass below the cut-off.
    Lowpass(f64),
    /// Pass above the cut-off.
    Highpass(f64),
    /// Pass between the two edges (low, high).
    Bandpass(f64, f64),
    /// Stop between the two edges (low, high).
    Bandstop(f64, f64),
}

/// Largest Butterworth order accepted.
pub const MAX_ORDER: usize = 8;

/// Butterworth filter of `order` (1–8) as second-order sections, equal to
/// `scipy.signal.butter(order, Wn, btype, fs=fs, output="sos")`.
///
/// Band-pass and band-stop designs have `order` sections (scipy doubles the order).
///
/// ```
/// use sinus::SampleRate;
/// use sinus::filter::design::{butter, Band};
/// let fs = SampleRate::new(500.0).unwrap();
/// let lp = butter(4, Band::Lowpass(40.0), fs).unwrap();
/// assert_eq!(lp.len(), 2);
/// assert!(butter(2, Band::Lowpass(250.0), fs).is_err()); // at Nyquist
/// ```
pub fn butter(order: usize, band: Band, fs: SampleRate) -> Result<Sos, FilterError> {
    if order == 0 || order > MAX_ORDER {
        return Err(FilterError::InvalidOrder {
            order,
            max: MAX_ORDER,
        });
    }
    let fs = fs.hz();
    let nyq = fs / 2.0;
    let check = |f: f64| -> Result<f64, FilterError> {
        if !f.is_finite() || f <= 0.0 {
            Err(FilterError::CutoffNotPositive { cutoff: f })
        } else if f >= nyq {
            Err(FilterError::CutoffAboveNyquist {
                cutoff: f,
                nyquist: nyq,
            })
        } else {
            // scipy: Wn = Wn / (fs/2); fs = 2; warped = 2*fs*tan(pi*Wn/fs)
            Ok(4.0 * (PI * (f / nyq) / 2.0).tan())
        }
    };
    let (z, p, k) = buttap(order);
    let (z, p, k) = match band {
        Band::Lowpass(f) => lp2lp(z, p, k, check(f)?),
        Band::Highpass(f) => lp2hp(z, p, k, check(f)?),
        Band::Bandpass(lo, hi) | Band::Bandstop(lo, hi) => {
            let (wl, wh) = (check(lo)?, check(hi)?);
            if lo >= hi {
                return Err(FilterError::BandEdges { low: lo, high: hi });
            }
            let bw = wh - wl;
            let wo = (wl * wh).sqrt();
            if matches!(band, Band::Bandpass(..)) {
                lp2bp(z, p, k, wo, bw)
            } else {
                lp2bs(z, p, k, wo, bw)
            }
        }
    };
    let (z, p, k) = bilinear(z, p, k, 2.0);
    Sos::new(zpk2sos_nearest(z, p, k))
}

/// IIR notch at `f0` Hz with quality factor `q` as one section, equal to
/// `scipy.signal.iirnotch(f0, q, fs=fs)` (its `b`, `a` as one SOS row).
///
/// ```
/// use sinus::SampleRate;
/// use sinus::filter::design::iirnotch;
/// let n = iirnotch(50.0, 30.0, SampleRate::new(500.0).unwrap()).unwrap();
/// assert_eq!(n.len(), 1);
/// ```
pub fn iirnotch(f0: f64, q: f64, fs: SampleRate) -> Result<Sos, FilterError> {
    let nyq = fs.hz() / 2.0;
    if !f0.is_finite() || f0 <= 0.0 {
        return Err(FilterError::CutoffNotPositive { cutoff: f0 });
    }
    if f0 >= nyq {
        return Err(FilterError::CutoffAboveNyquist {
            cutoff: f0,
            nyquist: nyq,
        });
    }
    if !q.is_finite() || q <= 0.0 {
        return Err(FilterError::InvalidQ { q });
    }
    // Same operation order as scipy's _design_notch_peak_filter.
    let w0 = 2.0 * f0 / fs.hz();
    let bw = w0 / q * PI;
    let w0 = w0 * PI;
    let beta = (bw / 2.0).tan();
    let gain = 1.0 / (1.0 + beta);
    let c = w0.cos();
    Sos::new(vec![[
        gain,
        gain * (-2.0 * c),
        gain,
        1.0,
        -2.0 * gain * c,
        2.0 * gain - 1.0,
    ]])
}

type Zpk = (Vec<C>, Vec<C>, f64);

fn buttap(n: usize) -> Zpk {
    let n_f = n as f64;
    let p = (0..n)
        .map(|i| {
            let m = -(n_f) + 1.0 + 2.0 * i as f64;
            // -exp(1j*pi*m/(2N)); the middle m = 0 gives an exactly real pole.
            let th = PI * m / (2.0 * n_f);
            -C::new(0.0, th).exp()
        })
        .collect();
    (Vec::new(), p, 1.0)
}

fn lp2lp(z: Vec<C>, p: Vec<C>, k: f64, wo: f64) -> Zpk {
    let degree = p.len() - z.len();
    let z = z.into_iter().map(|x| x * wo).collect();
    let p = p.into_iter().map(|x| x * wo).collect();
    (z, p, k * wo.powi(degree as i32))
}

fn prod(v: &[C]) -> C {
    v.iter().fold(C::new(1.0, 0.0), |a, &b| a * b)
}

fn lp2hp(z: Vec<C>, p: Vec<C>, k: f64, wo: f64) -> Zpk {
    let degree = p.len() - z.len();
    let neg = |v: &[C]| v.iter().map(|&x| -x).collect::<Vec<_>>();
    let kk = k * (prod(&neg(&z)) / prod(&neg(&p))).re;
    let mut zh: Vec<C> = z.iter().map(|&x| C::new(wo, 0.0) / x).collect();
    let ph = p.iter().map(|&x| C::new(wo, 0.0) / x).collect();
    zh.extend(std::iter::repeat_n(C::new(0.0, 0.0), degree));
    (zh, ph, kk)
}

fn lp2bp(z: Vec<C>, p: Vec<C>, k: f64, wo: f64, bw: f64) -> Zpk {
    let degree = p.len() - z.len();
    let tr = |v: &[C]| {
        let l: Vec<C> = v.iter().map(|&x| x * bw / 2.0).collect();
        let mut out: Vec<C> = l.iter().map(|&x| x + csqrt(x * x - wo * wo)).collect();
        out.extend(l.iter().map(|&x| x - csqrt(x * x - wo * wo)));
        out
    };
    let mut zb = tr(&z);
    let pb = tr(&p);
    zb.extend(std::iter::repeat_n(C::new(0.0, 0.0), degree));
    (zb, pb, k * bw.powi(degree as i32))
}

fn lp2bs(z: Vec<C>, p: Vec<C>, k: f64, wo: f64, bw: f64) -> Zpk {
    let degree = p.len() - z.len();
    let tr = |v: &[C]| {
        let h: Vec<C> = v.iter().map(|&x| C::new(bw / 2.0, 0.0) / x).collect();
        let mut out: Vec<C> = h.iter().map(|&x| x + csqrt(x * x - wo * wo)).collect();
        out.extend(h.iter().map(|&x| x - csqrt(x * x - wo * wo)));
        out
    };
    let neg = |v: &[C]| v.iter().map(|&x| -x).collect::<Vec<_>>();
    let kk = k * (prod(&neg(&z)) / prod(&neg(&p))).re;
    let mut zb = tr(&z);
    let pb = tr(&p);
    zb.extend(std::iter::repeat_n(C::new(0.0, wo), degree));
    zb.extend(std::iter::repeat_n(C::new(0.0, -wo), degree));
    (zb, pb, kk)
}

fn bilinear(z: Vec<C>, p: Vec<C>, k: f64, fs: f64) -> Zpk {
    let degree = p.len() - z.len();
    let fs2 = C::new(2.0 * fs, 0.0);
    let kk = k
        * (prod(&z.iter().map(|&x| fs2 - x).collect::<Vec<_>>())
            / prod(&p.iter().map(|&x| fs2 - x).collect::<Vec<_>>()))
        .re;
    let mut zz: Vec<C> = z.iter().map(|&x| (fs2 + x) / (fs2 - x)).collect();
    let pz = p.iter().map(|&x| (fs2 + x) / (fs2 - x)).collect();
    zz.extend(std::iter::repeat_n(C::new(-1.0, 0.0), degree));
    (zz, pz, kk)
}

/// Principal complex square root as C99 `csqrt` computes it (no cancellation).
fn csqrt(z: C) -> C {
    if z.re == 0.0 && z.im == 0.0 {
        return C::new(0.0, z.im);
    }
    let t = ((z.re.abs() + z.norm()) / 2.0).sqrt();
    if z.re >= 0.0 {
        C::new(t, z.im / (2.0 * t))
    } else {
        C::new(z.im.abs() / (2.0 * t), t.copysign(z.im))
    }
}

/// scipy's `_cplxreal`: conjugate pairs (one per pair, positive imaginary part, sorted by real
/// part then |imag|) followed by the real values sorted; concatenated as scipy's `zpk2sos` does.
fn cplxreal(mut v: Vec<C>) -> Vec<C> {
    if v.is_empty() {
        return v;
    }
    let tol = 100.0 * f64::EPSILON;
    // np.lexsort((abs(imag), real)): primary real, secondary |imag|; stable.
    v.sort_by(|a, b| {
        a.re.total_cmp(&b.re)
            .then(a.im.abs().total_cmp(&b.im.abs()))
    });
    let is_real = |x: &C| x.im.abs() <= tol * x.norm();
    let zr: Vec<f64> = v.iter().filter(|x| is_real(x)).map(|x| x.re).collect();
    let rest: Vec<C> = v.iter().filter(|x| !is_real(x)).copied().collect();
    let mut zp: Vec<C> = rest.iter().filter(|x| x.im > 0.0).copied().collect();
    let mut zn: Vec<C> = rest.iter().filter(|x| x.im < 0.0).copied().collect();
    // Runs of (nearly) equal real part are re-sorted by |imag| in both halves.
    let mut i = 0;
    while i + 1 < zp.len() {
        let mut j = i;
        while j + 1 < zp.len() && zp[j + 1].re - zp[j].re <= tol * zp[j].norm() {
            j += 1;
        }
        if j > i {
            zp[i..=j].sort_by(|a, b| a.im.abs().total_cmp(&b.im.abs()));
            if j < zn.len() {
                zn[i..=j].sort_by(|a, b| a.im.abs().total_cmp(&b.im.abs()));
            }
        }
        i = j + 1;
    }
    let mut out: Vec<C> = zp
        .iter()
        .zip(&zn)
        .map(|(a, b)| (a + b.conj()) / 2.0)
        .collect();
    out.extend(zr.into_iter().map(|r| C::new(r, 0.0)));
    out
}

fn isreal(x: C) -> bool {
    x.im == 0.0
}

/// Index of the element of `from` nearest `to`, restricted to real / complex values
/// (`_nearest_real_complex_idx`). Ties keep the first index (the values tied are equal in the
/// designs made here, so the choice does not change the result).
fn nearest(from: &[C], to: C, which: Option<bool>) -> Option<usize> {
    let mut order: Vec<usize> = (0..from.len()).collect();
    order.sort_by(|&a, &b| (from[a] - to).norm().total_cmp(&(from[b] - to).norm()));
    order
        .into_iter()
        .find(|&i| which.is_none_or(|want_real| isreal(from[i]) == want_real))
}

fn idx_worst(p: &[C]) -> usize {
    let mut best = 0;
    let mut best_d = f64::INFINITY;
    for (i, x) in p.iter().enumerate() {
        let d = (1.0 - x.norm()).abs();
        if d < best_d {
            best_d = d;
            best = i;
        }
    }
    best
}

/// np.poly via repeated convolution with `[1, -root]`; real part when the roots are conjugate.
fn poly(roots: &[C]) -> Vec<f64> {
    let mut a = vec![C::new(1.0, 0.0)];
    for &r in roots {
        let mut next = vec![C::new(0.0, 0.0); a.len() + 1];
        for (i, &ai) in a.iter().enumerate() {
            next[i] += ai;
            next[i + 1] += ai * -r;
        }
        a = next;
    }
    a.into_iter().map(|c| c.re).collect()
}

fn single_sos(z: &[C], p: &[C]) -> [f64; 6] {
    let b = poly(z);
    let a = poly(p);
    let mut s = [0.0; 6];
    s[3 - b.len()..3].copy_from_slice(&b);
    s[6 - a.len()..6].copy_from_slice(&a);
    s
}

/// scipy's `zpk2sos(z, p, k, pairing='nearest')` for digital filters.
fn zpk2sos_nearest(mut z: Vec<C>, mut p: Vec<C>, k: f64) -> Vec<[f64; 6]> {
    let zero = C::new(0.0, 0.0);
    if z.is_empty() && p.is_empty() {
        return vec![[k, 0.0, 0.0, 1.0, 0.0, 0.0]];
    }
    while p.len() < z.len() {
        p.push(zero);
    }
    while z.len() < p.len() {
        z.push(zero);
    }
    let n_sections = p.len().div_ceil(2);
    if p.len() % 2 == 1 {
        p.push(zero);
        z.push(zero);
    }
    let mut z = cplxreal(z);
    let mut p = cplxreal(p);
    let mut sos = vec![[0.0; 6]; n_sections];
    for si in (0..n_sections).rev() {
        if p.is_empty() {
            break;
        }
        let p1 = p.remove(idx_worst(&p));
        let n_real_p = p.iter().filter(|x| isreal(**x)).count();
        let n_real_z = z.iter().filter(|x| isreal(**x)).count();
        if isreal(p1) && n_real_p == 0 {
            // z is never empty here for the designs made in this module (as many zeros as poles).
            let z1 = nearest(&z, p1, Some(true)).map_or(zero, |i| z.remove(i));
            sos[si] = single_sos(&[z1, zero], &[p1, zero]);
        } else if p.len() + 1 == z.len() && !isreal(p1) && n_real_p == 1 && n_real_z == 1 {
            let z1 = nearest(&z, p1, Some(false)).map_or(zero, |i| z.remove(i));
            sos[si] = single_sos(&[z1, z1.conj()], &[p1, p1.conj()]);
        } else {
            let p2 = if isreal(p1) {
                let real_idx: Vec<usize> = (0..p.len()).filter(|&i| isreal(p[i])).collect();
                let reals: Vec<C> = real_idx.iter().map(|&i| p[i]).collect();
                match real_idx.get(idx_worst(&reals)) {
                    Some(&i) => p.remove(i),
                    None => zero,
                }
            } else {
                p1.conj()
            };
            if z.is_empty() {
                sos[si] = single_sos(&[], &[p1, p2]);
            } else {
                let z1 = nearest(&z, p1, None).map_or(zero, |i| z.remove(i));
                if !isreal(z1) {
                    sos[si] = single_sos(&[z1, z1.conj()], &[p1, p2]);
                } else if let Some(zi2) = nearest(&z, p1, Some(true)) {
                    let z2 = z.remove(zi2);
                    sos[si] = single_sos(&[z1, z2], &[p1, p2]);
                } else {
                    sos[si] = single_sos(&[z1], &[p1, p2]);
                }
            }
        }
    }
    for c in &mut sos[0][..3] {
        *c *= k;
    }
    sos
}
