//! Annotations: MIT annotation codes, the AAMI beat classes they map to, and the annotation record.
//!
//! Reading and writing the MIT binary format lives in [`crate::io::annotations`].

use serde::{Deserialize, Serialize};
use std::fmt;

/// An MIT annotation code (`anntyp`, 0–49), as in WFDB's `ecgcodes.h`.
///
/// ```
/// use sinus::annotation::{AamiClass, Code};
/// assert_eq!(Code::from_symbol("V"), Some(Code::PVC));
/// assert_eq!(Code::PVC.symbol(), "V");
/// assert!(Code::NORMAL.is_beat() && !Code::RHYTHM.is_beat());
/// assert_eq!(Code::APC.aami_class(), Some(AamiClass::S));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Code(pub u8);

macro_rules! codes {
    ($( $name:ident = $val:expr, $sym:expr, $doc:expr; )*) => {
        impl Code {
            $( #[doc = $doc] pub const $name: Code = Code($val); )*

            /// The annotation's mnemonic as WFDB prints it (`"N"`, `"V"`, `"+"`, ...);
            /// `"[n]"` for a code without one.
            pub fn symbol(self) -> &'static str {
                match self.0 {
                    $( $val => $sym, )*
                    _ => "[?]",
                }
            }

            /// The code for a WFDB mnemonic, if it is one.
            pub fn from_symbol(s: &str) -> Option<Code> {
                match s {
                    $( $sym => Some(Code($val)), )*
                    _ => None,
                }
            }
        }
    };
}

codes! {
    NOTQRS = 0, "!0", "Not-QRS (not a real annotation).";
    NORMAL = 1, "N", "Normal beat.";
    LBBB = 2, "L", "Left bundle branch block beat.";
    RBBB = 3, "R", "Right bundle branch block beat.";
    ABERR = 4, "a", "Aberrated atrial premature beat.";
    PVC = 5, "V", "Premature ventricular contraction.";
    FUSION = 6, "F", "Fusion of ventricular and normal beat.";
    NPC = 7, "J", "Nodal (junctional) premature beat.";
    APC = 8, "A", "Atrial premature contraction.";
    SVPB = 9, "S", "Premature or ectopic supraventricular beat.";
    VESC = 10, "E", "Ventricular escape beat.";
    NESC = 11, "j", "Nodal (junctional) escape beat.";
    PACE = 12, "/", "Paced beat.";
    UNKNOWN = 13, "Q", "Unclassifiable beat.";
    NOISE = 14, "~", "Signal quality change.";
    ARFCT = 16, "|", "Isolated QRS-like artifact.";
    STCH = 18, "s", "ST change.";
    TCH = 19, "T", "T-wave change.";
    SYSTOLE = 20, "*", "Systole.";
    DIASTOLE = 21, "D", "Diastole.";
    NOTE = 22, "\"", "Comment annotation.";
    MEASURE = 23, "=", "Measurement annotation.";
    PWAVE = 24, "p", "P-wave peak.";
    BBB = 25, "B", "Left or right bundle branch block beat.";
    PACESP = 26, "^", "Non-conducted pacer spike.";
    TWAVE = 27, "t", "T-wave peak.";
    RHYTHM = 28, "+", "Rhythm change (the rhythm is in the aux text).";
    UWAVE = 29, "u", "U-wave peak.";
    LEARN = 30, "?", "Learning.";
    FLWAV = 31, "!", "Ventricular flutter wave.";
    VFON = 32, "[", "Start of ventricular flutter or fibrillation.";
    VFOFF = 33, "]", "End of ventricular flutter or fibrillation.";
    AESC = 34, "e", "Atrial escape beat.";
    SVESC = 35, "n", "Supraventricular escape beat.";
    LINK = 36, "@", "Link to external data (the aux text is a URL).";
    NAPC = 37, "x", "Non-conducted P wave (blocked APC).";
    PFUS = 38, "f", "Fusion of paced and normal beat.";
    WFON = 39, "(", "Waveform onset.";
    WFOFF = 40, ")", "Waveform end.";
    RONT = 41, "r", "R-on-T premature ventricular contraction.";
}

impl Code {
    /// True for codes that label a QRS complex (WFDB's `isqrs`). A non-conducted P wave
    /// (`x`, [`Code::NAPC`]) is not one: no QRS follows it.
    pub fn is_beat(self) -> bool {
        matches!(self.0, 1..=13 | 25 | 34 | 35 | 38 | 41)
    }

    /// The ANSI/AAMI EC57 beat class of a beat code; `None` for non-beat codes.
    pub fn aami_class(self) -> Option<AamiClass> {
        Some(match self {
            Code::NORMAL | Code::LBBB | Code::RBBB | Code::BBB | Code::AESC | Code::NESC => {
                AamiClass::N
            }
            Code::ABERR | Code::NPC | Code::APC | Code::SVPB | Code::SVESC => AamiClass::S,
            Code::PVC | Code::VESC | Code::RONT => AamiClass::V,
            Code::FUSION => AamiClass::F,
            Code::PACE | Code::PFUS | Code::UNKNOWN => AamiClass::Q,
            _ => return None,
        })
    }
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.symbol())
    }
}

/// The five ANSI/AAMI EC57 beat classes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum AamiClass {
    /// Normal and bundle-branch-block beats, atrial and nodal escape beats.
    N,
    /// Supraventricular ectopic beats.
    S,
    /// Ventricular ectopic beats.
    V,
    /// Fusion of ventricular and normal beats.
    F,
    /// Paced, paced-fusion and unclassifiable beats.
    Q,
}

/// One annotation, as in the MIT annotation format.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Annotation {
    /// Sample index (from the start of the record) the annotation points at.
    pub sample: u64,
    /// Annotation code.
    pub code: Code,
    /// Subtype (`subtyp`), −128..=127.
    pub subtype: i8,
    /// Signal number (`chan`) the annotation applies to.
    pub channel: u8,
    /// Annotator-defined number (`num`), −128..=127.
    pub num: i8,
    /// Auxiliary text (rhythm labels such as `"(AFIB"`), if any.
    pub aux: Option<String>,
}

impl Annotation {
    /// An annotation at `sample` with `code` and zero subtype, channel and number.
    pub fn new(sample: u64, code: Code) -> Self {
        Annotation {
            sample,
            code,
            subtype: 0,
            channel: 0,
            num: 0,
            aux: None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn symbols_round_trip() {
        for v in 0..=49u8 {
            let c = Code(v);
            if let Some(back) = Code::from_symbol(c.symbol()) {
                assert_eq!(back, c);
            }
        }
        assert_eq!(Code::from_symbol("+"), Some(Code::RHYTHM));
    }

    #[test]
    fn every_beat_has_an_aami_class() {
        for v in 0..=49u8 {
            assert_eq!(
                Code(v).is_beat(),
                Code(v).aami_class().is_some(),
                "code {v}"
            );
        }
    }
}
