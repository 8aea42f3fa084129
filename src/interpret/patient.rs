//! The patient: age and sex, on which several criteria depend (ST elevation in V2–V3, V7–V9 and
//! V3R–V4R; Cornell voltage; the 诊断学 RV5 + SV1 limit; QTc).
//!
//! Given by the caller, or read from the record's header comments: LUDB writes `<age>: 51` and
//! `<sex>: F`, the PhysioNet/CinC Challenge `Age: 74` and `Sex: Male`. Where either is unknown,
//! each criterion uses its most sensitive cut-point and the report says so.

use serde::{Deserialize, Serialize};

/// Sex, as the sex-specific ECG criteria use it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Sex {
    /// Male.
    Male,
    /// Female.
    Female,
}

impl Sex {
    /// Parses the spellings met in headers: `M`, `Male`, `man`, `男`, `F`, `Female`, `woman`,
    /// `女` (case-insensitive). Anything else (`NaN`, `Unknown`, empty) is `None`.
    /// (Headers say "unknown" in many ways; a caller who needs to know why a text was refused
    /// uses [`str::parse`], whose error names it.)
    pub fn parse(s: &str) -> Option<Sex> {
        s.parse().ok()
    }
}

/// A sex [`Sex::from_str`](std::str::FromStr) does not know.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown sex {found:?}: expected M or F (male, female, 男, 女)")]
#[non_exhaustive]
pub struct ParseSexError {
    /// The text given.
    pub found: String,
}

impl std::str::FromStr for Sex {
    type Err = ParseSexError;
    /// The spellings of [`Sex::parse`].
    ///
    /// ```
    /// use sinus::interpret::Sex;
    /// assert_eq!("Female".parse::<Sex>(), Ok(Sex::Female));
    /// assert_eq!("男".parse::<Sex>(), Ok(Sex::Male));
    /// assert_eq!("NaN".parse::<Sex>().unwrap_err().found, "NaN");
    /// ```
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_lowercase().as_str() {
            "m" | "male" | "man" | "男" => Ok(Sex::Male),
            "f" | "female" | "woman" | "女" => Ok(Sex::Female),
            _ => Err(ParseSexError {
                found: s.to_string(),
            }),
        }
    }
}

/// Where the patient facts came from.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize, schemars::JsonSchema,
)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum PatientSource {
    /// Nothing known.
    #[default]
    Unknown,
    /// Read from the record's header comments.
    Header,
    /// Given by the caller (any field the caller left out read from the header).
    Caller,
}

/// Age and sex of the patient; either may be unknown.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize, schemars::JsonSchema)]
#[non_exhaustive]
pub struct Patient {
    /// Age in years.
    #[serde(default)]
    pub age_years: Option<f64>,
    /// Sex.
    #[serde(default)]
    pub sex: Option<Sex>,
    /// Where these came from.
    #[serde(default)]
    pub source: PatientSource,
}

/// Ages outside this range (years) are taken as unknown.
const AGE_RANGE: std::ops::RangeInclusive<f64> = 0.0..=130.0;

impl Patient {
    /// A patient of known age and sex (either may be `None`), as a caller gives it.
    pub fn new(age_years: Option<f64>, sex: Option<Sex>) -> Patient {
        Patient {
            age_years: age_years.filter(|a| a.is_finite() && AGE_RANGE.contains(a)),
            sex,
            source: PatientSource::Caller,
        }
    }

    /// Reads age and sex from header comments (without their `#`): `<age>: 51`, `<sex>: F`
    /// (LUDB), `Age: 74`, `Sex: Male` (the Challenge), `age=60`. Unparseable values (`NaN`,
    /// `Unknown`, ages outside 0–130) stay unknown; `>89` reads as 89.
    ///
    /// ```
    /// use sinus::interpret::{Patient, Sex};
    /// let p = Patient::from_comments(&["<age>: 51".into(), "<sex>: F".into()]);
    /// assert_eq!((p.age_years, p.sex), (Some(51.0), Some(Sex::Female)));
    /// let p = Patient::from_comments(&["Age: NaN".into(), "Sex: Male".into()]);
    /// assert_eq!((p.age_years, p.sex), (None, Some(Sex::Male)));
    /// ```
    pub fn from_comments(comments: &[String]) -> Patient {
        let mut p = Patient::default();
        for c in comments {
            let Some((key, value)) = c.split_once([':', '=']) else {
                continue;
            };
            let key = key
                .trim()
                .trim_start_matches('#')
                .trim_matches(['<', '>'])
                .trim()
                .to_ascii_lowercase();
            let value = value.trim().trim_end_matches('.').trim();
            match key.as_str() {
                "age" if p.age_years.is_none() => {
                    let v = value.trim_start_matches(['>', '<', '≥', '=']).trim();
                    p.age_years = v
                        .parse::<f64>()
                        .ok()
                        .filter(|a| a.is_finite() && AGE_RANGE.contains(a));
                }
                "sex" | "gender" if p.sex.is_none() => p.sex = Sex::parse(value),
                _ => {}
            }
        }
        if p.age_years.is_some() || p.sex.is_some() {
            p.source = PatientSource::Header;
        }
        p
    }

    /// The caller's facts, any unknown one filled from `other` (the header).
    pub fn or(self, other: Patient) -> Patient {
        let given = self.age_years.is_some() || self.sex.is_some();
        Patient {
            age_years: self.age_years.or(other.age_years),
            sex: self.sex.or(other.sex),
            source: if given { self.source } else { other.source },
        }
    }

    /// True when both age and sex are known.
    pub fn is_complete(&self) -> bool {
        self.age_years.is_some() && self.sex.is_some()
    }

    /// True for a man known to be younger than `years` (false when sex or age is unknown).
    pub(crate) fn is_man_under(&self, years: f64) -> bool {
        self.sex == Some(Sex::Male) && self.age_years.is_some_and(|a| a < years)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn c(lines: &[&str]) -> Patient {
        Patient::from_comments(&lines.iter().map(|s| s.to_string()).collect::<Vec<_>>())
    }

    #[test]
    fn header_spellings() {
        let p = c(&[
            "<age>: 51",
            "<sex>: F",
            "<diagnoses>:",
            "Rhythm: Sinus rhythm.",
        ]);
        assert_eq!((p.age_years, p.sex), (Some(51.0), Some(Sex::Female)));
        assert_eq!(p.source, PatientSource::Header);
        let p = c(&["Age: 74", "Sex: Male", "Dx: 426783006"]);
        assert_eq!((p.age_years, p.sex), (Some(74.0), Some(Sex::Male)));
        let p = c(&["Age: NaN", "Sex: Unknown"]);
        assert_eq!((p.age_years, p.sex), (None, None));
        assert_eq!(p.source, PatientSource::Unknown);
        let p = c(&["age: >89", "sex: female"]);
        assert_eq!((p.age_years, p.sex), (Some(89.0), Some(Sex::Female)));
        let p = c(&["Age: -3", "Age: 1e9", "no colon here"]);
        assert_eq!(p.age_years, None);
        // The first value wins.
        let p = c(&["Sex: M", "Sex: F"]);
        assert_eq!(p.sex, Some(Sex::Male));
    }

    #[test]
    fn caller_overrides_header_field_by_field() {
        let header = c(&["Age: 74", "Sex: Male"]);
        let p = Patient::new(None, Some(Sex::Female)).or(header);
        assert_eq!((p.age_years, p.sex), (Some(74.0), Some(Sex::Female)));
        assert_eq!(p.source, PatientSource::Caller);
        let p = Patient::default().or(header);
        assert_eq!(p.source, PatientSource::Header);
        assert!(Patient::new(Some(f64::NAN), None).age_years.is_none());
        assert!(!p.is_man_under(40.0));
        assert!(Patient::new(Some(30.0), Some(Sex::Male)).is_man_under(40.0));
    }
}
