//! The cardiac dipole model: Gaussian wave kernels with 3-D amplitude vectors, and lead vectors.
//!
//! Coordinates are Frank's: x towards the patient's left, y towards the feet, z towards the back.
//! A lead's voltage is the dot product of its lead vector with the heart vector.

use crate::lead::Lead;

/// One wave kernel: an asymmetric Gaussian in time carrying a 3-D dipole amplitude (mV).
#[derive(Debug, Clone, Copy)]
pub(crate) struct Wave {
    /// Centre relative to the beat's anchor (s).
    pub at_s: f64,
    /// Width before the centre (s).
    pub sigma_left_s: f64,
    /// Width after the centre (s).
    pub sigma_right_s: f64,
    /// Dipole amplitude (mV), Frank x, y, z.
    pub v: [f64; 3],
}

/// A wave placed on the absolute time axis.
#[derive(Debug, Clone, Copy)]
pub(crate) struct PlacedWave {
    pub centre_s: f64,
    pub sigma_left_s: f64,
    pub sigma_right_s: f64,
    /// A flat top between the rising and the falling half (s); 0 for the Gaussian waves, the
    /// ST segment's length for an injury current (`pathology.rs`).
    pub plateau_s: f64,
    pub v: [f64; 3],
}

impl PlacedWave {
    pub(crate) fn from_wave(w: &Wave, anchor_s: f64, time_scale: f64, gain: f64) -> Self {
        PlacedWave {
            centre_s: anchor_s + w.at_s * time_scale,
            sigma_left_s: w.sigma_left_s * time_scale,
            sigma_right_s: w.sigma_right_s * time_scale,
            plateau_s: 0.0,
            v: [w.v[0] * gain, w.v[1] * gain, w.v[2] * gain],
        }
    }

    /// The kernel's value (0–1) at time `t` (s).
    pub(crate) fn kernel(&self, t: f64) -> f64 {
        let d = t - self.centre_s;
        let d = if d > self.plateau_s {
            d - self.plateau_s
        } else if d >= 0.0 {
            0.0
        } else {
            d
        };
        let s = if d < 0.0 {
            self.sigma_left_s
        } else {
            self.sigma_right_s
        };
        (-0.5 * (d / s) * (d / s)).exp()
    }

    /// Where the wave starts and ends for ground-truth purposes: 2.5 widths from the centre,
    /// where the kernel has fallen to 4.4 % of its peak.
    pub(crate) fn onset_s(&self) -> f64 {
        self.centre_s - FIDUCIAL_WIDTHS * self.sigma_left_s
    }
    pub(crate) fn offset_s(&self) -> f64 {
        self.centre_s + self.plateau_s + FIDUCIAL_WIDTHS * self.sigma_right_s
    }
}

/// Widths from a kernel's centre at which its onset/offset is declared.
pub(crate) const FIDUCIAL_WIDTHS: f64 = 2.5;
/// Widths from a kernel's centre beyond which it is not evaluated (exp(-12.5) ≈ 4e-6 of peak).
pub(crate) const SUPPORT_WIDTHS: f64 = 5.0;

/// Normal sinus beat, QRS waves relative to the R peak (s). QRS ≈ 90 ms.
pub(crate) const SINUS_QRS: [Wave; 3] = [
    // Q: septal activation, rightward and anterior.
    Wave {
        at_s: -0.024,
        sigma_left_s: 0.007,
        sigma_right_s: 0.007,
        v: [-0.15, -0.05, -0.10],
    },
    // R: main left-ventricular forces, leftward, inferior, posterior.
    Wave {
        at_s: 0.0,
        sigma_left_s: 0.011,
        sigma_right_s: 0.011,
        v: [1.20, 0.80, 0.40],
    },
    // S: terminal basal forces, rightward and posterior.
    Wave {
        at_s: 0.026,
        sigma_left_s: 0.009,
        sigma_right_s: 0.009,
        v: [-0.30, -0.10, 0.30],
    },
];

/// P wave, centre relative to its own onset (s): width ≈ 110 ms.
pub(crate) const SINUS_P: Wave = Wave {
    at_s: 0.055,
    sigma_left_s: 0.022,
    sigma_right_s: 0.022,
    v: [0.10, 0.15, -0.03],
};

/// PR interval (P onset to QRS onset), s.
pub(crate) const PR_S: f64 = 0.160;
/// Corrected QT (Bazett), s: QT = QTc · sqrt(RR).
pub(crate) const QTC_S: f64 = 0.400;

/// T wave widths at RR = 1 s (scaled by sqrt(RR)); the centre is placed so the wave ends at QT.
pub(crate) const SINUS_T: Wave = Wave {
    at_s: 0.0,
    sigma_left_s: 0.060,
    sigma_right_s: 0.035,
    v: [0.35, 0.25, -0.15],
};

/// Premature ventricular beat: wide (≈ 140 ms), superior axis, no P wave, discordant T.
pub(crate) const PVC_QRS: [Wave; 3] = [
    Wave {
        at_s: -0.030,
        sigma_left_s: 0.015,
        sigma_right_s: 0.015,
        v: [0.15, -0.30, 0.25],
    },
    Wave {
        at_s: 0.0,
        sigma_left_s: 0.020,
        sigma_right_s: 0.020,
        v: [0.45, -1.10, 0.80],
    },
    Wave {
        at_s: 0.035,
        sigma_left_s: 0.015,
        sigma_right_s: 0.015,
        v: [0.10, -0.25, 0.15],
    },
];

/// The PVC's T wave, relative to its R peak: opposite in direction to its QRS.
pub(crate) const PVC_T: Wave = Wave {
    at_s: 0.290,
    sigma_left_s: 0.070,
    sigma_right_s: 0.045,
    v: [-0.25, 0.45, -0.35],
};

/// Direction of the atrial fibrillatory activity (unnormalised; its V1 projection is ≈ 1).
pub(crate) const F_WAVE_DIRECTION: [f64; 3] = [-0.30 / 0.8, 0.50 / 0.8, -0.60 / 0.8];

/// How a lead is obtained from the heart vector.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum LeadSource {
    /// Projection on a lead vector.
    Vector([f64; 3]),
    /// Derived from I and II by Einthoven/Goldberger (III, aVR, aVL, aVF).
    Limb(LimbKind),
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum LimbKind {
    Iii,
    Avr,
    Avl,
    Avf,
}

/// Lead vectors: I, II and V1–V6 are the rows of Dower's inverse transform (Frank XYZ → 12 leads,
/// Dower et al. 1980); V3R–V5R and V7–V9 are extrapolated around the chest (right-sided leads
/// towards the right and less anterior than V1, posterior leads beyond V6), smaller because
/// further from the heart. X, Y, Z are Frank's axes; MLII is taken as II.
pub(crate) fn lead_source(lead: &Lead) -> Option<LeadSource> {
    use LeadSource::{Limb, Vector};
    Some(match lead {
        Lead::I | Lead::MLI => Vector([0.632, -0.235, 0.059]),
        Lead::II | Lead::MLII => Vector([0.235, 1.066, -0.132]),
        Lead::III => Limb(LimbKind::Iii),
        Lead::AVR => Limb(LimbKind::Avr),
        Lead::AVL => Limb(LimbKind::Avl),
        Lead::AVF => Limb(LimbKind::Avf),
        Lead::V1 => Vector([-0.515, 0.157, -0.917]),
        Lead::V2 => Vector([0.044, 0.164, -1.387]),
        Lead::V3 => Vector([0.882, 0.098, -1.277]),
        Lead::V4 => Vector([1.213, 0.127, -0.601]),
        Lead::V5 => Vector([1.125, 0.127, -0.086]),
        Lead::V6 => Vector([0.831, 0.076, 0.230]),
        Lead::V3R => Vector([-0.450, 0.100, -0.450]),
        Lead::V4R => Vector([-0.500, 0.090, -0.280]),
        Lead::V5R => Vector([-0.500, 0.080, -0.100]),
        Lead::V7 => Vector([0.600, 0.060, 0.450]),
        Lead::V8 => Vector([0.350, 0.050, 0.550]),
        Lead::V9 => Vector([0.100, 0.040, 0.550]),
        Lead::X => Vector([1.0, 0.0, 0.0]),
        Lead::Y => Vector([0.0, 1.0, 0.0]),
        Lead::Z => Vector([0.0, 0.0, 1.0]),
        _ => return None,
    })
}
