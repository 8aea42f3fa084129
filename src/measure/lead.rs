//! Naming the QRS deflections of one lead: Q, R, S, R′, S′ and the morphology string.

use crate::delineate::Deflection;

/// The name of one deflection.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Wave {
    Q,
    R,
    S,
    RPrime,
    SPrime,
    /// Beyond S′.
    Extra,
}

/// Names the deflections in order: an initial negative one is Q, then positive and negative
/// ones alternate R, S, R′, S′; a complex with no positive deflection is a single QS, named Q.
pub(crate) fn label_waves(defl: &[Deflection]) -> Vec<Wave> {
    const SLOTS: [Wave; 5] = [Wave::Q, Wave::R, Wave::S, Wave::RPrime, Wave::SPrime];
    let mut out = Vec::with_capacity(defl.len());
    let mut slot = 0usize;
    for (i, d) in defl.iter().enumerate() {
        let pos = d.amplitude_mv >= 0.0;
        if i == 0 && pos {
            slot = 1;
        }
        if pos != (slot % 2 == 1) {
            slot += 1;
        }
        out.push(SLOTS.get(slot).copied().unwrap_or(Wave::Extra));
        slot += 1;
    }
    out
}

/// The morphology in the usual notation (`qRs`, `rSR'`, `QS`): capitals for waves of 0.5 mV
/// or more.
pub(crate) fn morphology(defl: &[Deflection], labels: &[Wave]) -> Option<String> {
    if defl.is_empty() {
        return None;
    }
    let big = |d: &Deflection| d.amplitude_mv.abs() >= 0.5;
    if defl.iter().all(|d| d.amplitude_mv < 0.0) {
        return Some(if defl.iter().any(big) { "QS" } else { "qs" }.to_string());
    }
    let mut s = String::new();
    for (d, l) in defl.iter().zip(labels) {
        let (c, prime) = match l {
            Wave::Q => ('q', false),
            Wave::R => ('r', false),
            Wave::S => ('s', false),
            Wave::RPrime => ('r', true),
            Wave::SPrime => ('s', true),
            Wave::Extra => continue,
        };
        s.push(if big(d) { c.to_ascii_uppercase() } else { c });
        if prime {
            s.push('\'');
        }
    }
    Some(s)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(a: f32) -> Deflection {
        Deflection {
            start: 0,
            end: 0,
            peak: 0,
            amplitude_mv: a,
        }
    }

    #[test]
    fn morphologies() {
        let m = |v: &[f32]| {
            let dd: Vec<Deflection> = v.iter().map(|&a| d(a)).collect();
            morphology(&dd, &label_waves(&dd)).unwrap()
        };
        assert_eq!(m(&[-0.1, 1.2, -0.2]), "qRs");
        assert_eq!(m(&[0.3, -0.9, 0.7]), "rSR'");
        assert_eq!(m(&[-1.0]), "QS");
        assert_eq!(m(&[0.2, -1.5]), "rS");
    }
}
