//! The rhythm labels, their stable codes, and the families they are scored by.

use serde::{Deserialize, Serialize};
use std::fmt;

/// The rhythm label: the rhythm that drives the ventricles over the record (or window), with
/// its rate class for sinus rhythm. What modifies it (sinus arrhythmia with a bradycardia, AV
/// block, pacing, bigeminy, runs) is in [`super::Rhythm`]'s other fields.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    PartialOrd,
    Ord,
    Serialize,
    Deserialize,
    schemars::JsonSchema,
)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum RhythmLabel {
    /// Sinus rhythm, 60–100 bpm, regular.
    SinusRhythm,
    /// Sinus rhythm below the bradycardia threshold.
    SinusBradycardia,
    /// Sinus rhythm above the tachycardia threshold.
    SinusTachycardia,
    /// Sinus rhythm at a normal rate whose cycle varies beyond the sinus-arrhythmia criterion
    /// (with a bradycardia or tachycardia the label is that, and
    /// [`super::Rhythm::sinus_arrhythmia`] is set).
    SinusArrhythmia,
    /// Atrial fibrillation: irregularly irregular RR, no consistent P wave.
    AtrialFibrillation,
    /// Atrial flutter.
    AtrialFlutter,
    /// Irregular rhythm that fits none of the above.
    IrregularUnclassified,
    /// Regular rhythm without an identifiable P wave (junctional, ectopic atrial or P hidden).
    RegularUnclassified,
    /// Too few beats (or no readable lead) to name a rhythm.
    Undetermined,
    /// Ectopic atrial rhythm: a consistent P wave of abnormal axis (negative in II and aVF)
    /// at a rate below the tachycardia limit.
    EctopicAtrialRhythm,
    /// Junctional rhythm: narrow QRS without a P wave before it (or a retrograde P), regular,
    /// below 60 bpm.
    JunctionalRhythm,
    /// Accelerated junctional rhythm: as junctional, 60–100 bpm.
    AcceleratedJunctionalRhythm,
    /// Supraventricular tachycardia: a regular narrow-QRS tachycardia above the tachycardia
    /// limit without sinus P waves (nor flutter waves).
    SupraventricularTachycardia,
    /// Ventricular tachycardia: ventricular beats in a run at or above the tachycardia limit.
    VentricularTachycardia,
    /// Idioventricular rhythm: ventricular beats below the tachycardia limit driving the
    /// ventricles (accelerated when above 40 bpm).
    IdioventricularRhythm,
    /// Ventricular flutter or fibrillation: no discrete QRS, a sine-like or chaotic oscillation.
    VentricularFlutterFibrillation,
    /// Atrial pacing: a pacing spike before the P wave, conducted QRS.
    AtrialPaced,
    /// Ventricular pacing: a pacing spike at the start of a wide QRS.
    VentricularPaced,
    /// AV sequential (dual-chamber) pacing: an atrial and a ventricular spike per beat.
    AvSequentialPaced,
}

impl RhythmLabel {
    /// Every label, in a fixed order (for confusion matrices).
    pub const ALL: [RhythmLabel; 19] = [
        RhythmLabel::SinusRhythm,
        RhythmLabel::SinusBradycardia,
        RhythmLabel::SinusTachycardia,
        RhythmLabel::SinusArrhythmia,
        RhythmLabel::AtrialFibrillation,
        RhythmLabel::AtrialFlutter,
        RhythmLabel::IrregularUnclassified,
        RhythmLabel::RegularUnclassified,
        RhythmLabel::Undetermined,
        RhythmLabel::EctopicAtrialRhythm,
        RhythmLabel::JunctionalRhythm,
        RhythmLabel::AcceleratedJunctionalRhythm,
        RhythmLabel::SupraventricularTachycardia,
        RhythmLabel::VentricularTachycardia,
        RhythmLabel::IdioventricularRhythm,
        RhythmLabel::VentricularFlutterFibrillation,
        RhythmLabel::AtrialPaced,
        RhythmLabel::VentricularPaced,
        RhythmLabel::AvSequentialPaced,
    ];

    /// A short stable code (`SR`, `SB`, `ST`, `SA`, `AF`, `AFL`, `IRR`, `REG`, `UND`, `EAR`,
    /// `JR`, `AJR`, `SVT`, `VT`, `IVR`, `VF`, `AP`, `VP`, `AVP`).
    pub fn code(self) -> &'static str {
        use RhythmLabel as L;
        match self {
            L::SinusRhythm => "SR",
            L::SinusBradycardia => "SB",
            L::SinusTachycardia => "ST",
            L::SinusArrhythmia => "SA",
            L::AtrialFibrillation => "AF",
            L::AtrialFlutter => "AFL",
            L::IrregularUnclassified => "IRR",
            L::RegularUnclassified => "REG",
            L::Undetermined => "UND",
            L::EctopicAtrialRhythm => "EAR",
            L::JunctionalRhythm => "JR",
            L::AcceleratedJunctionalRhythm => "AJR",
            L::SupraventricularTachycardia => "SVT",
            L::VentricularTachycardia => "VT",
            L::IdioventricularRhythm => "IVR",
            L::VentricularFlutterFibrillation => "VF",
            L::AtrialPaced => "AP",
            L::VentricularPaced => "VP",
            L::AvSequentialPaced => "AVP",
        }
    }

    /// The label for a code given by [`code`](Self::code).
    pub fn from_code(s: &str) -> Option<RhythmLabel> {
        RhythmLabel::ALL.into_iter().find(|l| l.code() == s)
    }

    /// True for the sinus labels.
    pub fn is_sinus(self) -> bool {
        matches!(
            self,
            RhythmLabel::SinusRhythm
                | RhythmLabel::SinusBradycardia
                | RhythmLabel::SinusTachycardia
                | RhythmLabel::SinusArrhythmia
        )
    }

    /// True for the paced labels.
    pub fn is_paced(self) -> bool {
        matches!(
            self,
            RhythmLabel::AtrialPaced
                | RhythmLabel::VentricularPaced
                | RhythmLabel::AvSequentialPaced
        )
    }

    /// The family of the label alone (see [`super::Rhythm::family`] for the family of a
    /// reading, which also weighs AV block).
    pub fn family(self) -> RhythmFamily {
        use RhythmFamily as F;
        use RhythmLabel as L;
        match self {
            L::SinusRhythm | L::SinusBradycardia | L::SinusTachycardia | L::SinusArrhythmia => {
                F::Sinus
            }
            L::AtrialFibrillation => F::AtrialFibrillation,
            L::AtrialFlutter => F::AtrialFlutter,
            L::JunctionalRhythm | L::AcceleratedJunctionalRhythm => F::Junctional,
            L::VentricularTachycardia
            | L::IdioventricularRhythm
            | L::VentricularFlutterFibrillation => F::Ventricular,
            L::AtrialPaced | L::VentricularPaced | L::AvSequentialPaced => F::Paced,
            L::IrregularUnclassified
            | L::RegularUnclassified
            | L::Undetermined
            | L::EctopicAtrialRhythm
            | L::SupraventricularTachycardia => F::Other,
        }
    }
}

impl fmt::Display for RhythmLabel {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// The rhythm families a database's labels are harmonised to: databases name the same
/// rhythm at different grains (MIT-BIH's `(N` is sinus rhythm at any rate; LUDB names the
/// atrial rhythm of a paced record and the pacing in another column), so the family is the
/// level at which a reading can be right or wrong whatever the convention.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    PartialOrd,
    Ord,
    Serialize,
    Deserialize,
    schemars::JsonSchema,
)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum RhythmFamily {
    /// Sinus rhythm at any rate, with or without sinus arrhythmia, first-degree AV block or
    /// ectopic beats.
    Sinus,
    /// Atrial fibrillation.
    AtrialFibrillation,
    /// Atrial flutter.
    AtrialFlutter,
    /// Paced rhythm (any chamber), whatever the atrial rhythm beneath.
    Paced,
    /// Junctional rhythm.
    Junctional,
    /// Ventricular rhythm (tachycardia, idioventricular, flutter/fibrillation).
    Ventricular,
    /// Second- or third-degree AV block.
    AvBlock,
    /// Anything else (unclassified, undetermined, ectopic atrial, SVT).
    Other,
}

impl RhythmFamily {
    /// Every family, in a fixed order.
    pub const ALL: [RhythmFamily; 8] = [
        RhythmFamily::Sinus,
        RhythmFamily::AtrialFibrillation,
        RhythmFamily::AtrialFlutter,
        RhythmFamily::Paced,
        RhythmFamily::Junctional,
        RhythmFamily::Ventricular,
        RhythmFamily::AvBlock,
        RhythmFamily::Other,
    ];

    /// A short stable code (`SIN`, `AF`, `AFL`, `PACE`, `JUN`, `VEN`, `AVB`, `OTH`).
    pub fn code(self) -> &'static str {
        match self {
            RhythmFamily::Sinus => "SIN",
            RhythmFamily::AtrialFibrillation => "AF",
            RhythmFamily::AtrialFlutter => "AFL",
            RhythmFamily::Paced => "PACE",
            RhythmFamily::Junctional => "JUN",
            RhythmFamily::Ventricular => "VEN",
            RhythmFamily::AvBlock => "AVB",
            RhythmFamily::Other => "OTH",
        }
    }
}

impl fmt::Display for RhythmFamily {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip_and_families() {
        for l in RhythmLabel::ALL {
            assert_eq!(RhythmLabel::from_code(l.code()), Some(l));
        }
        let mut codes: Vec<&str> = RhythmLabel::ALL.iter().map(|l| l.code()).collect();
        codes.sort_unstable();
        codes.dedup();
        assert_eq!(codes.len(), RhythmLabel::ALL.len());
        assert_eq!(RhythmLabel::SinusTachycardia.family(), RhythmFamily::Sinus);
        assert_eq!(RhythmLabel::AvSequentialPaced.family(), RhythmFamily::Paced);
        assert!(RhythmLabel::VentricularPaced.is_paced());
        assert!(!RhythmLabel::VentricularPaced.is_sinus());
    }
}
