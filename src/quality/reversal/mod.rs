//! Electrode interchange: the vocabulary ([`Electrode`], [`Interchange`]) and its detection from
//! the averaged beat of each lead.

use crate::lead::Lead;
use serde::{Deserialize, Serialize};

/// The recording electrodes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Electrode {
    /// Right arm.
    Ra,
    /// Left arm.
    La,
    /// Left leg.
    Ll,
    /// Right leg (the amplifier's ground).
    Rl,
    /// A chest electrode, by the lead it records (V1 … V9, V3R … V5R).
    Chest(ChestSite),
}

/// A chest electrode's site.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, schemars::JsonSchema)]
#[allow(missing_docs)]
pub enum ChestSite {
    V1,
    V2,
    V3,
    V4,
    V5,
    V6,
    V3R,
    V4R,
    V5R,
    V7,
    V8,
    V9,
}

impl ChestSite {
    /// The site of a chest lead (None for other leads).
    pub fn of(lead: &Lead) -> Option<ChestSite> {
        Some(match lead {
            Lead::V1 => ChestSite::V1,
            Lead::V2 => ChestSite::V2,
            Lead::V3 => ChestSite::V3,
            Lead::V4 => ChestSite::V4,
            Lead::V5 => ChestSite::V5,
            Lead::V6 => ChestSite::V6,
            Lead::V3R => ChestSite::V3R,
            Lead::V4R => ChestSite::V4R,
            Lead::V5R => ChestSite::V5R,
            Lead::V7 => ChestSite::V7,
            Lead::V8 => ChestSite::V8,
            Lead::V9 => ChestSite::V9,
            _ => return None,
        })
    }

    /// The lead this electrode records.
    pub fn lead(self) -> Lead {
        match self {
            ChestSite::V1 => Lead::V1,
            ChestSite::V2 => Lead::V2,
            ChestSite::V3 => Lead::V3,
            ChestSite::V4 => Lead::V4,
            ChestSite::V5 => Lead::V5,
            ChestSite::V6 => Lead::V6,
            ChestSite::V3R => Lead::V3R,
            ChestSite::V4R => Lead::V4R,
            ChestSite::V5R => Lead::V5R,
            ChestSite::V7 => Lead::V7,
            ChestSite::V8 => Lead::V8,
            ChestSite::V9 => Lead::V9,
        }
    }
}

/// An electrode interchange: which cables were put on which electrodes.
///
/// The limb interchanges permute the potentials seen at the RA, LA and LL inputs; those moving
/// the right-leg (ground) cable put the right leg's potential on an input, and with it shift
/// Wilson's central terminal and so every chest lead (Jekova et al., "Simulating arbitrary
/// electrode reversals in standard 12-lead ECG", Sensors 2019;19:2920). The right leg's potential
/// is unknown; as Jekova et al. suggest, it is taken as the left leg's, less 5 % of lead I (the
/// legs are not quite equipotential), so a lead flattened by the interchange keeps a trace.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Interchange {
    /// Left and right arm cables swapped: I inverted, II ↔ III, aVR ↔ aVL.
    LaRa,
    /// Left arm and left leg: I ↔ II, III inverted, aVL ↔ aVF.
    LaLl,
    /// Right arm and left leg: I ↔ −III, II inverted, aVR ↔ aVF.
    RaLl,
    /// Rotation: RA cable on LA, LA cable on LL, LL cable on RA (I = III, II = −I, III = −II).
    RotationRaToLa,
    /// Rotation: RA cable on LL, LL cable on LA, LA cable on RA (I = −II, II = −III, III = I).
    RotationRaToLl,
    /// Right arm and right leg: II flat, chest leads shifted.
    RaRl,
    /// Left arm and right leg: III flat, chest leads shifted.
    LaRl,
    /// Both arm cables on the legs and the leg cables on the arms (LA ↔ LL, RA ↔ RL): I flat.
    BilateralArmLeg,
    /// Two chest cables swapped.
    Chest(ChestSite, ChestSite),
}

impl Interchange {
    /// The limb interchanges (those detectable: the left-leg/right-leg swap changes nothing).
    pub const LIMB: [Interchange; 8] = [
        Interchange::LaRa,
        Interchange::LaLl,
        Interchange::RaLl,
        Interchange::RotationRaToLa,
        Interchange::RotationRaToLl,
        Interchange::RaRl,
        Interchange::LaRl,
        Interchange::BilateralArmLeg,
    ];

    /// The adjacent precordial swaps V1/V2 … V5/V6.
    pub const ADJACENT_CHEST: [Interchange; 5] = [
        Interchange::Chest(ChestSite::V1, ChestSite::V2),
        Interchange::Chest(ChestSite::V2, ChestSite::V3),
        Interchange::Chest(ChestSite::V3, ChestSite::V4),
        Interchange::Chest(ChestSite::V4, ChestSite::V5),
        Interchange::Chest(ChestSite::V5, ChestSite::V6),
    ];

    /// The electrodes a statement names: `["LA", "RA"]`; for a rotation the three in the
    /// order "RA cable on LA, LA cable on LL, LL cable on RA" (`["RA", "LA", "LL"]`); for the
    /// bilateral swap the two pairs (`["LA", "LL", "RA", "RL"]`); `["V1", "V2"]` for chest.
    pub fn electrodes(&self) -> Vec<String> {
        let v: &[&str] = match self {
            Interchange::LaRa => &["LA", "RA"],
            Interchange::LaLl => &["LA", "LL"],
            Interchange::RaLl => &["RA", "LL"],
            Interchange::RotationRaToLa => &["RA", "LA", "LL"],
            Interchange::RotationRaToLl => &["RA", "LL", "LA"],
            Interchange::RaRl => &["RA", "RL"],
            Interchange::LaRl => &["LA", "RL"],
            Interchange::BilateralArmLeg => &["LA", "LL", "RA", "RL"],
            Interchange::Chest(a, b) => {
                return vec![a.lead().to_string(), b.lead().to_string()];
            }
        };
        v.iter().map(|s| s.to_string()).collect()
    }

    /// True for the interchanges of limb electrodes (including the right leg).
    pub fn is_limb(&self) -> bool {
        !matches!(self, Interchange::Chest(..))
    }

    /// A short label: `LA/RA`, `rotation RA>LA>LL`, `V1/V2`, ...
    pub fn label(&self) -> String {
        match self {
            Interchange::LaRa => "LA/RA".into(),
            Interchange::LaLl => "LA/LL".into(),
            Interchange::RaLl => "RA/LL".into(),
            Interchange::RotationRaToLa => "rotation RA>LA>LL>RA".into(),
            Interchange::RotationRaToLl => "rotation RA>LL>LA>RA".into(),
            Interchange::RaRl => "RA/RL".into(),
            Interchange::LaRl => "LA/RL".into(),
            Interchange::BilateralArmLeg => "LA/LL+RA/RL".into(),
            Interchange::Chest(a, b) => format!("{}/{}", a.lead(), b.lead()),
        }
    }

    /// Where each of the RA, LA and LL input cables was placed.
    pub(crate) fn limb_positions(&self) -> Option<[Electrode; 3]> {
        use Electrode as E;
        Some(match self {
            Interchange::LaRa => [E::La, E::Ra, E::Ll],
            Interchange::LaLl => [E::Ra, E::Ll, E::La],
            Interchange::RaLl => [E::Ll, E::La, E::Ra],
            Interchange::RotationRaToLa => [E::La, E::Ll, E::Ra],
            Interchange::RotationRaToLl => [E::Ll, E::Ra, E::La],
            Interchange::RaRl => [E::Rl, E::La, E::Ll],
            Interchange::LaRl => [E::Ra, E::Rl, E::Ll],
            Interchange::BilateralArmLeg => [E::Rl, E::Ll, E::La],
            Interchange::Chest(..) => return None,
        })
    }
}

/// Thresholds of the interchange checks.
///
/// The limb checks compare six readings of the frontal leads, one per permutation of the RA,
/// LA and LL cables, by how plausible each makes the heart: lead I should run with V5 and V6
/// (both see the leftward forces; weight 3 on their correlation), and the P, QRS and T axes
/// should lie near +50°, +40° and +40° (Gaussian log-likelihoods, SD 25°, 40° and 35°, each
/// with a 5 % uniform floor so one odd axis cannot decide alone). The P axis counts (×1.5) only
/// in sinus rhythm with a P wave of at least 3 mV·ms. The permutations come in pairs the chest leads cannot
/// tell apart (each pair differs by the LA/LL reflection about +30°): a pair is flagged when its
/// better reading beats the better of "no interchange" and LA/LL by a log-likelihood margin and
/// makes lead I run better with V5 and V6 than as recorded and than under any other reading
/// (the axes alone, as in an ectopic atrial rhythm or a right axis whose lead II runs with V5
/// and V6, never decide), and named by prior odds (LA/RA and RA/LL are the common ones;
/// the rotations less so).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
#[non_exhaustive]
pub struct ReversalConfig {
    /// The log-likelihood margin a pair needs over no interchange. Default 0.5: among LUDB and
    /// CinC records whose corrected lead I would run better with V5 and V6, the highest margin
    /// is 0.2 (an AF record whose lead I runs opposite to V5/V6); 98 % of their simulated LA/RA
    /// copies pass.
    pub limb_margin: f64,
    /// Margin for LA/LL against no interchange, which only the axes can tell (a reflection
    /// about +30°: a horizontal heart looks like a vertical one swapped). Default 6.0: kept
    /// above every LUDB and CinC record (highest 5.5, a paced record), at the cost of
    /// sensitivity.
    pub limb_margin_la_ll: f64,
    /// A limb lead whose RMS over the beat is below this fraction of the largest of the limb
    /// leads and the median chest lead is flat: the right-leg (ground) cable is on an arm or
    /// both arm cables are on the legs. Default 0.08 (LUDB and CinC records: at least 0.11).
    pub flat_ratio: f64,
    /// Two adjacent chest leads are swapped when the sum of the correlations between
    /// neighbouring chest leads gains at least this by swapping them back, and the position's
    /// second reading agrees (see the chest check). Default 0.05 (LUDB and CinC records: one
    /// at 1.17 whose odd V3 fits between no neighbours in either order, so the second reading
    /// refuses it; the next below 0.04).
    pub chest_margin: f64,
    /// The gain for V5/V6 on its own, without the second reading (V5 and V6 look equally
    /// leftward; see `chest_between_v5_v6`). Default 0.04: no LUDB or CinC record gains more
    /// than 0.03.
    pub chest_margin_v5_v6: f64,
    /// The gain for V2/V3, across the transition zone where the QRS changes most from one
    /// lead to the next and the gain reaches 1.0 in normal records. Default 1.5.
    pub chest_margin_v2_v3: f64,
    /// V5/V6 is also flagged on any positive gain when V5 lies this far outside V4 and V6
    /// (its betweenness, the smaller least-squares weight on V4 and V6 over their summed
    /// magnitudes, in −0.5…0.5): swapped, the lead at V5 is the end of the chain. Default
    /// −0.25: LUDB and CinC records reach −0.23 (none of them with a positive gain below
    /// −0.22), their simulated V5/V6 swaps −0.3 at the median.
    pub chest_between_v5_v6: f64,
}

impl Default for ReversalConfig {
    fn default() -> Self {
        ReversalConfig {
            limb_margin: 0.5,
            limb_margin_la_ll: 6.0,
            flat_ratio: 0.08,
            chest_margin: 0.05,
            chest_margin_v5_v6: 0.04,
            chest_margin_v2_v3: 1.5,
            chest_between_v5_v6: -0.25,
        }
    }
}

/// The check that found an interchange, with its figures.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case", tag = "check")]
#[non_exhaustive]
pub enum Check {
    /// A limb lead is flat: `lead` (I, II or III) at `ratio` of the largest signal.
    FlatLimbLead {
        /// The flat lead.
        lead: String,
        /// Its RMS over the largest limb lead's or the median chest lead's.
        ratio: f64,
    },
    /// The frontal leads read better with the cables permuted: lead I as recorded against V5
    /// and V6 (`recorded_r`), and as corrected (`corrected_r`); the log-likelihood `margin`;
    /// the P axis as recorded and as corrected (degrees, when a P wave was found).
    FrontalPlane {
        /// Correlation of lead I with V5/V6 as recorded.
        recorded_r: f64,
        /// The same after undoing the interchange.
        corrected_r: f64,
        /// Log-likelihood margin over no interchange.
        margin: f64,
        /// P axis as recorded (degrees).
        #[serde(default)]
        p_axis_deg: Option<f64>,
        /// P axis after undoing the interchange.
        #[serde(default)]
        corrected_p_axis_deg: Option<f64>,
    },
    /// Two chest leads read in a smoother order swapped back: the neighbour correlations gain
    /// `gain`.
    ChestOrder {
        /// Gain of the summed neighbour correlations.
        gain: f64,
    },
}

/// A suspected electrode interchange and the check that found it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct InterchangeFinding {
    /// The interchange.
    pub interchange: Interchange,
    /// Why.
    pub check: Check,
}

mod beat;
mod chest;
mod limb;

use beat::Averaged;
use ndarray::ArrayView2;

/// Looks for an electrode interchange in a 12-lead record (`signals` rows named by `leads`,
/// `usable[k]` whether row `k` may be read) from the averaged dominant beat (`beats`: sample
/// indices of the dominant beats, `qrs_ms` their QRS width); `p_wave` says whether the rhythm is
/// sinus with a consistent P wave (its axis then counts, if the averaged P wave is large enough
/// to have one). Checks, in order: a flat limb lead (the right-leg
/// cable moved), the frontal plane against the chest leads, the order of the chest leads (only
/// when the limb leads are in place). None when nothing is found, or when the leads needed
/// (I, II and V1–V6) are not all there and usable.
///
/// ```
/// use sinus::quality::reversal::{detect, Interchange, ReversalConfig};
/// use sinus::synth::{generate, SynthConfig};
/// use sinus::synth::noise::interchange;
/// let syn = generate(&SynthConfig::default()).unwrap();
/// let beats: Vec<usize> = syn.truth.beats.iter().map(|b| b.r_peak).collect();
/// let read = |r: &sinus::Record| {
///     detect(r.signals(), 500.0, r.leads(), &[true; 12], &beats, Some(90.0), true, &ReversalConfig::default())
/// };
/// assert!(read(&syn.record).is_none());
/// let swapped = interchange(&syn.record, Interchange::LaRa).unwrap();
/// assert_eq!(read(&swapped).unwrap().interchange, Interchange::LaRa);
/// ```
#[allow(clippy::too_many_arguments)]
pub fn detect(
    signals: ArrayView2<'_, f32>,
    fs_hz: f64,
    leads: &[Lead],
    usable: &[bool],
    beats: &[usize],
    qrs_ms: Option<f64>,
    p_wave: bool,
    cfg: &ReversalConfig,
) -> Option<InterchangeFinding> {
    let find = |l: Lead| {
        leads
            .iter()
            .position(|x| *x == l)
            .filter(|&k| usable.get(k).copied().unwrap_or(false))
    };
    let src: [Option<usize>; 8] = [
        find(Lead::I),
        find(Lead::II),
        find(Lead::V1),
        find(Lead::V2),
        find(Lead::V3),
        find(Lead::V4),
        find(Lead::V5),
        find(Lead::V6),
    ];
    if src.iter().any(|s| s.is_none()) {
        return None;
    }
    let avg = Averaged::new(signals, fs_hz, &src, beats, qrs_ms.unwrap_or(90.0))?;
    if let Some(f) = limb::flat(&avg, cfg) {
        return Some(f);
    }
    if let Some(f) = limb::frontal(&avg, p_wave, cfg) {
        return Some(f);
    }
    chest::order(&avg, cfg)
}
