//! The P wave in one lead, and which leads agree on it: the same lobe and slope rules as the
//! T wave at a finer scale, a wave counted only where it stands out of the beat-to-beat spread
//! (fibrillatory waves average out of the median beat and vary from beat to beat).

use super::DelineateConfig;
use super::canon::{CWave, cs, median};
use super::twave::{bounds, lobes};
use super::wavelet::Pyramid;

/// Delineates the P wave of one lead in `[a, b]`; `w` is the derivative at the P level and
/// `noise`, when known, the spread across beats in the window.
pub(crate) fn lead(
    pyr: &Pyramid,
    w: &[f32],
    a: usize,
    b: usize,
    noise: Option<f32>,
    cfg: &DelineateConfig,
) -> Option<CWave> {
    let y = pyr.level(cfg.p_level.saturating_sub(1).max(2));
    let min = (cfg.p_min_mv as f32).max(noise.map_or(0.0, |s| cfg.p_min_snr as f32 * s));
    let (first, last, main) = lobes(y, a, b, min, 0.4, cs(80.0) as usize)?;
    let (on, off) = bounds(
        w,
        a,
        b,
        first,
        last,
        cfg.p_onset_ratio as f32,
        cfg.p_offset_ratio as f32,
    )?;
    let pk2 = [first.0, last.0].into_iter().find(|&p| p != main);
    Some(CWave {
        on: on + cs(cfg.p_onset_shift_ms),
        pk: main as f32,
        pk2: pk2.map(|p| p as f32),
        off: off + cs(cfg.p_offset_shift_ms),
    })
}

/// The candidates that agree in time: the middle of each wave within 40 ms of the median
/// middle.
pub(crate) fn consistent(cand: Vec<(usize, CWave)>, _cfg: &DelineateConfig) -> Vec<(usize, CWave)> {
    let mut mids: Vec<f32> = cand.iter().map(|c| 0.5 * (c.1.on + c.1.off)).collect();
    let Some(m) = median(&mut mids) else {
        return cand;
    };
    cand.into_iter()
        .filter(|c| (0.5 * (c.1.on + c.1.off) - m).abs() <= cs(40.0))
        .collect()
}
