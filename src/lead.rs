//! ECG lead names: the 18 leads of an 18-lead ECG plus the other leads met in PhysioNet data.

use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// One ECG lead.
///
/// The first eighteen variants are the leads of an 18-lead ECG (the 12 standard leads, the right
/// precordial leads V3R–V5R and the posterior leads V7–V9). The others are met in PhysioNet data:
/// the modified limb lead II of Holter records (`MLII`), modified precordial leads (`MV1`–`MV5`,
/// written "modified V1" etc.), Frank's orthogonal leads X, Y, Z, and any other name as
/// [`Lead::Other`].
///
/// Names parse case-insensitively, so `"i"`, `"I"`, `"avr"` and `"aVR"` all work:
///
/// ```
/// use sinus::Lead;
/// assert_eq!("avr".parse::<Lead>().unwrap(), Lead::AVR);
/// assert_eq!("MLII".parse::<Lead>().unwrap(), Lead::MLII);
/// assert_eq!("V4R".parse::<Lead>().unwrap(), Lead::V4R);
/// assert_eq!(Lead::AVF.to_string(), "aVF");
/// assert_eq!("ABP".parse::<Lead>().unwrap(), Lead::Other("ABP".into()));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[non_exhaustive]
#[allow(missing_docs)]
pub enum Lead {
    I,
    II,
    III,
    AVR,
    AVL,
    AVF,
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
    /// Modified limb lead II (Holter, MIT-BIH).
    MLII,
    /// Modified limb lead I.
    MLI,
    /// Modified limb lead III.
    MLIII,
    /// Modified precordial lead V1.
    MV1,
    /// Modified precordial lead V2.
    MV2,
    /// Modified precordial lead V3.
    MV3,
    /// Modified precordial lead V4.
    MV4,
    /// Modified precordial lead V5.
    MV5,
    /// Frank orthogonal lead X.
    X,
    /// Frank orthogonal lead Y.
    Y,
    /// Frank orthogonal lead Z.
    Z,
    /// Any other signal name, kept as written.
    Other(String),
}

impl Lead {
    /// The 12 standard leads in the order of a 12-lead report.
    pub const STANDARD_12: [Lead; 12] = [
        Lead::I,
        Lead::II,
        Lead::III,
        Lead::AVR,
        Lead::AVL,
        Lead::AVF,
        Lead::V1,
        Lead::V2,
        Lead::V3,
        Lead::V4,
        Lead::V5,
        Lead::V6,
    ];

    /// The 18 leads of an 18-lead ECG: the 12 standard leads, V3R, V4R, V5R, V7, V8, V9.
    pub const STANDARD_18: [Lead; 18] = [
        Lead::I,
        Lead::II,
        Lead::III,
        Lead::AVR,
        Lead::AVL,
        Lead::AVF,
        Lead::V1,
        Lead::V2,
        Lead::V3,
        Lead::V4,
        Lead::V5,
        Lead::V6,
        Lead::V3R,
        Lead::V4R,
        Lead::V5R,
        Lead::V7,
        Lead::V8,
        Lead::V9,
    ];

    /// The conventional name of the lead (`"aVR"`, `"V4R"`, `"MLII"`, ...).
    pub fn name(&self) -> &str {
        match self {
            Lead::I => "I",
            Lead::II => "II",
            Lead::III => "III",
            Lead::AVR => "aVR",
            Lead::AVL => "aVL",
            Lead::AVF => "aVF",
            Lead::V1 => "V1",
            Lead::V2 => "V2",
            Lead::V3 => "V3",
            Lead::V4 => "V4",
            Lead::V5 => "V5",
            Lead::V6 => "V6",
            Lead::V3R => "V3R",
            Lead::V4R => "V4R",
            Lead::V5R => "V5R",
            Lead::V7 => "V7",
            Lead::V8 => "V8",
            Lead::V9 => "V9",
            Lead::MLII => "MLII",
            Lead::MLI => "MLI",
            Lead::MLIII => "MLIII",
            Lead::MV1 => "MV1",
            Lead::MV2 => "MV2",
            Lead::MV3 => "MV3",
            Lead::MV4 => "MV4",
            Lead::MV5 => "MV5",
            Lead::X => "X",
            Lead::Y => "Y",
            Lead::Z => "Z",
            Lead::Other(s) => s,
        }
    }

    /// True for the limb leads (I, II, III, aVR, aVL, aVF and the modified limb leads).
    pub fn is_limb(&self) -> bool {
        matches!(
            self,
            Lead::I
                | Lead::II
                | Lead::III
                | Lead::AVR
                | Lead::AVL
                | Lead::AVF
                | Lead::MLI
                | Lead::MLII
                | Lead::MLIII
        )
    }

    /// True for precordial (chest) leads, standard, right-sided, posterior or modified.
    pub fn is_precordial(&self) -> bool {
        matches!(
            self,
            Lead::V1
                | Lead::V2
                | Lead::V3
                | Lead::V4
                | Lead::V5
                | Lead::V6
                | Lead::V3R
                | Lead::V4R
                | Lead::V5R
                | Lead::V7
                | Lead::V8
                | Lead::V9
                | Lead::MV1
                | Lead::MV2
                | Lead::MV3
                | Lead::MV4
                | Lead::MV5
        )
    }
}

impl fmt::Display for Lead {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for Lead {
    type Err = std::convert::Infallible;

    /// Parses a lead name case-insensitively; unknown names become [`Lead::Other`].
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Ok(Lead::parse(s))
    }
}

impl Lead {
    /// Parses a lead name case-insensitively; an unknown name becomes [`Lead::Other`] (trimmed).
    pub fn parse(s: &str) -> Lead {
        let t = s.trim();
        let mut key: String = t
            .chars()
            .filter(|c| !c.is_whitespace() && *c != '-' && *c != '_')
            .collect::<String>()
            .to_ascii_uppercase();
        // "modified V1", "MODV1" and "MV1" name the same lead.
        for prefix in ["MODIFIED", "MOD"] {
            if let Some(rest) = key.strip_prefix(prefix)
                && rest.starts_with('V')
            {
                key = format!("M{rest}");
            }
        }
        match key.as_str() {
            "I" | "LEADI" => Lead::I,
            "II" | "LEADII" => Lead::II,
            "III" | "LEADIII" => Lead::III,
            "AVR" => Lead::AVR,
            "AVL" => Lead::AVL,
            "AVF" => Lead::AVF,
            "V1" => Lead::V1,
            "V2" => Lead::V2,
            "V3" => Lead::V3,
            "V4" => Lead::V4,
            "V5" => Lead::V5,
            "V6" => Lead::V6,
            "V3R" => Lead::V3R,
            "V4R" => Lead::V4R,
            "V5R" => Lead::V5R,
            "V7" => Lead::V7,
            "V8" => Lead::V8,
            "V9" => Lead::V9,
            "MLII" | "ML2" => Lead::MLII,
            "MLI" | "ML1" => Lead::MLI,
            "MLIII" | "ML3" => Lead::MLIII,
            "MV1" => Lead::MV1,
            "MV2" => Lead::MV2,
            "MV3" => Lead::MV3,
            "MV4" => Lead::MV4,
            "MV5" => Lead::MV5,
            "X" | "VX" => Lead::X,
            "Y" | "VY" => Lead::Y,
            "Z" | "VZ" => Lead::Z,
            _ => Lead::Other(t.to_string()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip_for_all_18() {
        for lead in Lead::STANDARD_18 {
            assert_eq!(Lead::parse(lead.name()), lead);
            assert_eq!(Lead::parse(&lead.name().to_lowercase()), lead);
            assert_eq!(Lead::parse(&lead.name().to_uppercase()), lead);
        }
    }

    #[test]
    fn physionet_spellings() {
        assert_eq!(Lead::parse("i"), Lead::I);
        assert_eq!(Lead::parse("avl"), Lead::AVL);
        assert_eq!(Lead::parse("MLII"), Lead::MLII);
        assert_eq!(Lead::parse("modified V1"), Lead::MV1);
        assert_eq!(Lead::parse("vx"), Lead::X);
        assert_eq!(Lead::parse(" ABP "), Lead::Other("ABP".into()));
        assert!(Lead::V4R.is_precordial() && !Lead::V4R.is_limb());
        assert!(Lead::AVF.is_limb());
    }
}
