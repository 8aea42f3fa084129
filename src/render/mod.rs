//! The printed ECG: SVG pages on standard grid paper, and a self-contained HTML report page.
//!
//! A page is what a cardiologist confirms a draft from: A4 (or Letter) landscape in millimetre
//! coordinates, the 1 mm / 5 mm grid, 25 mm/s and 10 mm/mV unless chosen otherwise
//! ([`Speed`], [`Gain`]), a 1 mV × 200 ms calibration pulse at the start of every row, lead
//! labels, and the speed, gain and filter in the footer. The header gives the record, the
//! patient's age and sex when the header comments say them, heart rate, PR, QRS, QT/QTc and the
//! axes (from [`Measurements`], "—" where absent), the statements in English or Chinese with the
//! triage level, and the words "unconfirmed machine reading" (未经医师确认的机器分析结果).
//!
//! Layouts ([`Layout`]): 3×4 with a 10 s rhythm strip, 6×2, 12×1, and an 18-lead page whose third
//! column holds the right-sided (V3R–V5R) and posterior (V7–V9) leads; Cabrera order as an option.
//! A record longer than one page also gets rhythm pages: the whole record, one lead, on
//! consecutive rows. Traces are drawn at display resolution: each 0.2 mm column keeps the minimum
//! and the maximum of its samples, so a 10 s 12-lead page stays small and no peak is lost.
//!
//! Rendering reads only a [`Record`] and a [`Report`] (plus, optionally, [`Measurements`], beat
//! marks and the representative beats): it knows nothing of how the report was made. The SVG is
//! written by this module, with no C dependency; the `png` feature rasterises it with `resvg`.
//!
//! ```
//! use ndarray::Array2;
//! use sinus::render::{RenderOptions, Sheet};
//! use sinus::{Lead, Record, SampleRate};
//! let fs = SampleRate::new(500.0).unwrap();
//! let sig = Array2::from_shape_fn((12, 5000), |(_, i)| ((i % 400) as f32 / 400.0 * 6.28).sin());
//! let rec = Record::new("demo", Lead::STANDARD_12.to_vec(), fs, sig).unwrap();
//! let report = sinus::analyze(&rec).unwrap();
//! let sheet = Sheet::new(&rec, &report, RenderOptions::default()).unwrap();
//! let svg = sheet.lead_page();
//! assert!(svg.starts_with("<svg") && svg.contains("Unconfirmed machine reading"));
//! let html = sheet.html();
//! assert!(html.contains("<svg") && !html.contains("http://example"));
//! ```

mod header;
mod html;
mod layout;
mod options;
mod page;
#[cfg(feature = "png")]
mod png;
mod svg;
mod trace;
mod words;

pub use layout::{CellGeometry, LeadStatus, PageGeometry, RectMm};
pub use options::{Gain, Layout, Paper, ParseOptionError, RenderOptions, Speed};
#[cfg(feature = "png")]
pub use png::to_png;
pub use svg::FONT_FAMILY;

use crate::beats::BeatClass;
use crate::delineate::Representative;
use crate::lead::Lead;
use crate::measure::Measurements;
use crate::record::Record;
use crate::report::Report;
use serde::{Deserialize, Serialize};

/// Why a page could not be drawn.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum RenderError {
    /// An option out of range.
    #[error("render option {what} = {found}: expected {expected}")]
    InvalidOption {
        /// The option.
        what: &'static str,
        /// The value given.
        found: String,
        /// What is accepted.
        expected: &'static str,
    },
    /// Representative beats that cannot be drawn.
    #[error("representative beats: {0}")]
    InvalidBeats(String),
    /// Rasterising failed (feature `png`).
    #[error("rasterising the page failed: {0}")]
    Raster(String),
}

/// A beat to mark under the rhythm strip: its sample in the record and its class.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct BeatMark {
    /// The beat's fiducial sample.
    pub sample: usize,
    /// Its class (printed N, S, V or ?).
    pub class: BeatClass,
}

/// The fiducial marks of the representative beat, in ms from the beat's first sample.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize)]
pub struct FiducialMarks {
    /// P onset.
    pub p_on_ms: Option<f64>,
    /// P offset.
    pub p_off_ms: Option<f64>,
    /// QRS onset.
    pub qrs_on_ms: Option<f64>,
    /// QRS offset (J point).
    pub qrs_off_ms: Option<f64>,
    /// T offset.
    pub t_off_ms: Option<f64>,
}

/// The representative (median or averaged) beat of each lead, all on one time axis, with the
/// marks of the global delineation. Filled by delineation; drawn on its own page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RepresentativeBeats {
    /// Sample rate of the beats (Hz).
    pub fs_hz: f64,
    /// Per lead: the lead and its samples (mV).
    pub leads: Vec<(Lead, Vec<f32>)>,
    /// The fiducial marks.
    pub marks: FiducialMarks,
}

impl RepresentativeBeats {
    /// The representative beat that delineation built, with its global boundaries as the marks;
    /// `leads` names the record's rows (leads left out of the median are not drawn). `None` when
    /// no lead has a median beat.
    ///
    /// ```
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// use sinus::render::RepresentativeBeats;
    /// let record = sinus::synth::generate(&Default::default())?.record;
    /// let analysis = sinus::Pipeline::default().analyze_full(&record, &Default::default())?;
    /// let rep = analysis.delineation.representative.as_ref().expect("beats to average");
    /// let beats = RepresentativeBeats::from_delineation(rep, record.leads()).expect("a median beat");
    /// assert_eq!(beats.leads.len(), record.n_leads());
    /// assert!(beats.marks.qrs_on_ms.is_some());
    /// # Ok(()) }
    /// ```
    pub fn from_delineation(rep: &Representative, leads: &[Lead]) -> Option<Self> {
        let drawn: Vec<(Lead, Vec<f32>)> = leads
            .iter()
            .zip(&rep.signals)
            .filter(|(_, x)| !x.is_empty())
            .map(|(l, x)| (l.clone(), x.clone()))
            .collect();
        if drawn.is_empty() || !(rep.fs_hz.is_finite() && rep.fs_hz > 0.0) {
            return None;
        }
        let g = &rep.global;
        let ms = |s: Option<f64>| s.filter(|v| v.is_finite()).map(|v| v * 1000.0 / g.fs_hz);
        Some(RepresentativeBeats {
            fs_hz: rep.fs_hz,
            leads: drawn,
            marks: FiducialMarks {
                p_on_ms: ms(g.p_onset),
                p_off_ms: ms(g.p_offset),
                qrs_on_ms: ms(g.qrs_onset),
                qrs_off_ms: ms(g.qrs_offset),
                t_off_ms: ms(g.t_offset),
            },
        })
    }
}

/// The longest representative beat drawn (s).
const MAX_BEAT_S: f64 = 3.0;

/// One page of a printout.
#[derive(Debug, Clone, PartialEq)]
pub struct Page {
    /// What the page shows.
    pub kind: PageKind,
    /// The SVG document.
    pub svg: String,
}

/// What a page shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum PageKind {
    /// The leads in the chosen layout.
    Leads,
    /// The representative beats with their fiducial marks.
    Representative,
    /// Rhythm page `n` (from 0) of the whole record.
    Rhythm(usize),
}

/// A record, its report and the printout options: everything a page is drawn from.
#[derive(Debug, Clone)]
pub struct Sheet<'a> {
    record: &'a Record,
    report: &'a Report,
    opts: RenderOptions,
    measurements: Option<&'a Measurements>,
    beats: Option<&'a [BeatMark]>,
    representative: Option<&'a RepresentativeBeats>,
}

impl<'a> Sheet<'a> {
    /// A sheet for `record` and its `report`, with checked options.
    pub fn new(
        record: &'a Record,
        report: &'a Report,
        opts: RenderOptions,
    ) -> Result<Sheet<'a>, RenderError> {
        if !(opts.start_s.is_finite() && opts.start_s >= 0.0) {
            return Err(RenderError::InvalidOption {
                what: "start_s",
                found: opts.start_s.to_string(),
                expected: "a finite number of seconds >= 0",
            });
        }
        if opts.max_rhythm_pages > 10_000 {
            return Err(RenderError::InvalidOption {
                what: "max_rhythm_pages",
                found: opts.max_rhythm_pages.to_string(),
                expected: "at most 10000",
            });
        }
        Ok(Sheet {
            record,
            report,
            opts,
            measurements: None,
            beats: None,
            representative: None,
        })
    }

    /// Adds the measurements printed in the header and the HTML table (from delineation).
    pub fn with_measurements(mut self, m: &'a Measurements) -> Self {
        self.measurements = Some(m);
        self
    }

    /// Adds beat marks, printed with their class under the rhythm strip and the rhythm rows.
    pub fn with_beats(mut self, beats: &'a [BeatMark]) -> Self {
        self.beats = Some(beats);
        self
    }

    /// Adds the representative beats, drawn on their own page after the lead page.
    pub fn with_representative(
        mut self,
        beats: &'a RepresentativeBeats,
    ) -> Result<Self, RenderError> {
        if !(beats.fs_hz.is_finite() && beats.fs_hz > 0.0) {
            return Err(RenderError::InvalidBeats(format!(
                "sample rate {} Hz: expected a finite rate > 0",
                beats.fs_hz
            )));
        }
        let longest = beats.leads.iter().map(|(_, x)| x.len()).max().unwrap_or(0);
        if longest as f64 / beats.fs_hz > MAX_BEAT_S {
            return Err(RenderError::InvalidBeats(format!(
                "{longest} samples at {} Hz: expected at most {MAX_BEAT_S} s",
                beats.fs_hz
            )));
        }
        self.representative = Some(beats);
        Ok(self)
    }

    /// The options.
    pub fn options(&self) -> &RenderOptions {
        &self.opts
    }

    /// Where everything is on the lead page (mm).
    pub fn geometry(&self) -> PageGeometry {
        layout::lead_page(self.record, self.report, &self.opts).0
    }

    /// Where everything is on rhythm page `k` (from 0), if the record has it.
    pub fn rhythm_geometry(&self, k: usize) -> Option<PageGeometry> {
        (k < self.rhythm_page_count())
            .then(|| layout::rhythm_page(self.record, self.report, &self.opts, k))
    }

    /// The number of rhythm pages [`Sheet::pages`] draws (0 when the record fits on the lead
    /// page or rhythm pages are off; at most [`RenderOptions::max_rhythm_pages`]).
    pub fn rhythm_page_count(&self) -> usize {
        let one_page = layout::TRACE_MM / self.opts.speed.mm_per_s();
        if !self.opts.rhythm_pages || self.record.duration_s() <= one_page + 1e-9 {
            return 0;
        }
        layout::rhythm_page_count(self.record, &self.opts).min(self.opts.max_rhythm_pages)
    }

    fn page_total(&self) -> usize {
        1 + usize::from(self.representative.is_some()) + self.rhythm_page_count()
    }

    /// The lead page as an SVG document.
    pub fn lead_page(&self) -> String {
        page::lead_page(self, "p0", (1, self.page_total()))
    }

    /// Rhythm page `k` (from 0) as an SVG document, if the record has it.
    pub fn rhythm_page(&self, k: usize) -> Option<String> {
        let total = self.page_total();
        let first = 1 + usize::from(self.representative.is_some());
        (k < self.rhythm_page_count())
            .then(|| page::rhythm_page(self, k, &format!("r{k}"), (first + k + 1, total)))
    }

    /// Every page: the lead page, the representative beats (when given), the rhythm pages.
    pub fn pages(&self) -> Vec<Page> {
        let total = self.page_total();
        let mut pages = vec![Page {
            kind: PageKind::Leads,
            svg: page::lead_page(self, "p0", (1, total)),
        }];
        if let Some(b) = self.representative {
            pages.push(Page {
                kind: PageKind::Representative,
                svg: page::representative_page(self, b, "m0", (2, total)),
            });
        }
        let first = pages.len();
        for k in 0..self.rhythm_page_count() {
            pages.push(Page {
                kind: PageKind::Rhythm(k),
                svg: page::rhythm_page(self, k, &format!("r{k}"), (first + k + 1, total)),
            });
        }
        pages
    }

    /// The self-contained HTML report page: every page inline, the report text, the
    /// measurement and quality tables; no external resource.
    pub fn html(&self) -> String {
        html::page(self)
    }
}

/// The lead page of `record` as SVG (see [`Sheet`]).
pub fn svg(record: &Record, report: &Report, opts: &RenderOptions) -> Result<String, RenderError> {
    Ok(Sheet::new(record, report, opts.clone())?.lead_page())
}

/// The HTML report page of `record` (see [`Sheet::html`]).
pub fn html(record: &Record, report: &Report, opts: &RenderOptions) -> Result<String, RenderError> {
    Ok(Sheet::new(record, report, opts.clone())?.html())
}
