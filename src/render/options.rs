//! What the caller chooses: paper, layout, speed, gain, language, lead order, rhythm lead.

use crate::lead::Lead;
use crate::report::Lang;
use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// A printout option [`FromStr`] does not know (paper, layout, speed or gain).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown {what} {found:?}: expected {expected}")]
#[non_exhaustive]
pub struct ParseOptionError {
    /// Which option.
    pub what: &'static str,
    /// The text given.
    pub found: String,
    /// What is accepted.
    pub expected: &'static str,
}

fn unknown(what: &'static str, found: &str, expected: &'static str) -> ParseOptionError {
    ParseOptionError {
        what,
        found: found.to_string(),
        expected,
    }
}

/// Paper size, always landscape.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
#[non_exhaustive]
pub enum Paper {
    /// ISO A4, 297 × 210 mm.
    #[default]
    A4,
    /// US Letter, 279.4 × 215.9 mm.
    Letter,
}

impl Paper {
    /// Width and height in mm (landscape).
    pub fn size_mm(self) -> (f64, f64) {
        match self {
            Paper::A4 => (297.0, 210.0),
            Paper::Letter => (279.4, 215.9),
        }
    }
}

impl FromStr for Paper {
    type Err = ParseOptionError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.to_ascii_lowercase().as_str() {
            "a4" => Ok(Paper::A4),
            "letter" | "us-letter" => Ok(Paper::Letter),
            _ => Err(unknown("paper", s, "a4 or letter")),
        }
    }
}

/// How the leads are arranged on the page.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Layout {
    /// Three rows of four columns (2.5 s each at 25 mm/s: I–III, aVR–aVF, V1–V3, V4–V6) and a
    /// full-width rhythm strip of [`RenderOptions::rhythm_lead`] below.
    #[default]
    ThreeByFour,
    /// Six rows of two columns: the limb leads, then V1–V6.
    SixByTwo,
    /// Twelve rows, each lead over the whole page width.
    TwelveByOne,
    /// All 18 leads in six rows of three columns: limb leads, V1–V6, and a third column of the
    /// right-sided (V3R–V5R) and posterior (V7–V9) leads, each group labelled.
    Eighteen,
}

impl FromStr for Layout {
    type Err = ParseOptionError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.to_ascii_lowercase().as_str() {
            "3x4" | "3x4+1" => Ok(Layout::ThreeByFour),
            "6x2" => Ok(Layout::SixByTwo),
            "12x1" => Ok(Layout::TwelveByOne),
            "18" | "6x3" | "18-lead" => Ok(Layout::Eighteen),
            _ => Err(unknown("layout", s, "3x4, 6x2, 12x1 or 18")),
        }
    }
}

impl fmt::Display for Layout {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Layout::ThreeByFour => "3x4",
            Layout::SixByTwo => "6x2",
            Layout::TwelveByOne => "12x1",
            Layout::Eighteen => "18",
        })
    }
}

/// Paper speed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[non_exhaustive]
pub enum Speed {
    /// 12.5 mm/s.
    #[serde(rename = "12.5")]
    Mm12_5,
    /// 25 mm/s, the standard.
    #[default]
    #[serde(rename = "25")]
    Mm25,
    /// 50 mm/s.
    #[serde(rename = "50")]
    Mm50,
}

impl Speed {
    /// Millimetres per second.
    pub fn mm_per_s(self) -> f64 {
        match self {
            Speed::Mm12_5 => 12.5,
            Speed::Mm25 => 25.0,
            Speed::Mm50 => 50.0,
        }
    }
}

impl FromStr for Speed {
    type Err = ParseOptionError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().trim_end_matches("mm/s").trim() {
            "12.5" => Ok(Speed::Mm12_5),
            "25" => Ok(Speed::Mm25),
            "50" => Ok(Speed::Mm50),
            _ => Err(unknown("speed", s, "12.5, 25 or 50 (mm/s)")),
        }
    }
}

/// Amplitude gain.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[non_exhaustive]
pub enum Gain {
    /// 5 mm/mV.
    #[serde(rename = "5")]
    Mm5,
    /// 10 mm/mV, the standard.
    #[default]
    #[serde(rename = "10")]
    Mm10,
    /// 20 mm/mV.
    #[serde(rename = "20")]
    Mm20,
}

impl Gain {
    /// Millimetres per millivolt.
    pub fn mm_per_mv(self) -> f64 {
        match self {
            Gain::Mm5 => 5.0,
            Gain::Mm10 => 10.0,
            Gain::Mm20 => 20.0,
        }
    }
}

impl FromStr for Gain {
    type Err = ParseOptionError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().trim_end_matches("mm/mV").trim() {
            "5" => Ok(Gain::Mm5),
            "10" => Ok(Gain::Mm10),
            "20" => Ok(Gain::Mm20),
            _ => Err(unknown("gain", s, "5, 10 or 20 (mm/mV)")),
        }
    }
}

/// Everything the caller chooses about the printout.
///
/// ```
/// use sinus::render::{Layout, RenderOptions, Speed};
/// let opts = RenderOptions::default()
///     .lang(sinus::report::Lang::Zh)
///     .speed(Speed::Mm50)
///     .cabrera(true)
///     .filter("0.05–150 Hz, 50 Hz notch".to_string());
/// assert_eq!(opts.layout, Layout::ThreeByFour);
/// assert_eq!(opts.filter.as_deref(), Some("0.05–150 Hz, 50 Hz notch"));
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
#[non_exhaustive]
pub struct RenderOptions {
    /// Paper size (landscape). Default A4.
    pub paper: Paper,
    /// Lead arrangement. Default 3×4 with a rhythm strip.
    pub layout: Layout,
    /// Paper speed. Default 25 mm/s.
    pub speed: Speed,
    /// Gain. Default 10 mm/mV.
    pub gain: Gain,
    /// Language of the header, labels and statements. Default English.
    pub lang: Lang,
    /// Limb leads in Cabrera order (aVL, I, −aVR, II, aVF, III) instead of I, II, III, aVR, aVL,
    /// aVF. Default false.
    pub cabrera: bool,
    /// The lead of the rhythm strip (3×4) and of the rhythm pages; when the record lacks it (and
    /// its modified form, e.g. MLII for II), the first lead. Default II.
    pub rhythm_lead: Lead,
    /// Where the lead page starts in the record (s). Default 0.
    pub start_s: f64,
    /// What was done to the signal before drawing, printed in the footer (e.g.
    /// "0.05–150 Hz, 50 Hz notch"); `None` prints "none (raw signal)".
    pub filter: Option<String>,
    /// Add rhythm pages (the whole record on consecutive rows of the rhythm lead) when the record
    /// is longer than one page. Default true.
    pub rhythm_pages: bool,
    /// At most this many rhythm pages (bounds the output of a very long record). Default 60
    /// (about 80 min at 25 mm/s and 10 mm/mV).
    pub max_rhythm_pages: usize,
}

impl Default for RenderOptions {
    fn default() -> Self {
        RenderOptions {
            paper: Paper::A4,
            layout: Layout::ThreeByFour,
            speed: Speed::Mm25,
            gain: Gain::Mm10,
            lang: Lang::En,
            cabrera: false,
            rhythm_lead: Lead::II,
            start_s: 0.0,
            filter: None,
            rhythm_pages: true,
            max_rhythm_pages: 60,
        }
    }
}
