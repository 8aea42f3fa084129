//! The frontal-plane axis from the net areas (or amplitudes) of a wave in the limb leads.

use crate::lead::Lead;

/// Direction (degrees) and relative length of each limb lead's axis in the hexaxial
/// (Einthoven–Goldberger) system: the augmented leads are √3/2 as long as the bipolar ones
/// (aVF = (II + III) / 2 projects the heart vector on 90° with that factor).
fn lead_axis(lead: &Lead) -> Option<(f64, f64)> {
    let aug = 3f64.sqrt() / 2.0;
    Some(match lead {
        Lead::I | Lead::MLI => (0.0, 1.0),
        Lead::II | Lead::MLII => (60.0, 1.0),
        Lead::III | Lead::MLIII => (120.0, 1.0),
        Lead::AVR => (-150.0, aug),
        Lead::AVL => (-30.0, aug),
        Lead::AVF => (90.0, aug),
        _ => return None,
    })
}

/// The frontal axis (degrees, in (−180, 180]) of a wave whose net area (or amplitude) in each
/// limb lead is given: the heart vector whose projections on the lead axes fit the areas best
/// in least squares. Leads other than the limb leads are ignored; None with fewer than two
/// limb leads of different directions, or when every area is zero.
///
/// ```
/// use sinus::Lead;
/// use sinus::measure::frontal_axis;
/// // Equal areas in I and aVF (aVF scaled by √3/2): +49°, not +45°.
/// let a = frontal_axis(&[(Lead::I, 1.0), (Lead::AVF, 1.0)]).unwrap();
/// assert!((a - 49.1).abs() < 0.1, "{a}");
/// // Einthoven: I = cos θ, II = cos(θ − 60°) for θ = −30° (left axis deviation).
/// let t = -30f64.to_radians();
/// let b = frontal_axis(&[(Lead::I, t.cos()), (Lead::II, (t - 60f64.to_radians()).cos())]).unwrap();
/// assert!((b + 30.0).abs() < 1e-9);
/// ```
pub fn frontal_axis(areas: &[(Lead, f64)]) -> Option<f64> {
    let (mut sxx, mut sxy, mut syy, mut bx, mut by) = (0.0, 0.0, 0.0, 0.0, 0.0);
    for (lead, a) in areas {
        let Some((deg, m)) = lead_axis(lead) else {
            continue;
        };
        if !a.is_finite() {
            continue;
        }
        let (c, s) = (m * deg.to_radians().cos(), m * deg.to_radians().sin());
        sxx += c * c;
        sxy += c * s;
        syy += s * s;
        bx += c * a;
        by += s * a;
    }
    let det = sxx * syy - sxy * sxy;
    if det <= 1e-9 {
        return None;
    }
    let x = (syy * bx - sxy * by) / det;
    let y = (sxx * by - sxy * bx) / det;
    if x == 0.0 && y == 0.0 || !(x.is_finite() && y.is_finite()) {
        return None;
    }
    let d = y.atan2(x).to_degrees();
    Some(if d <= -180.0 { d + 360.0 } else { d })
}
