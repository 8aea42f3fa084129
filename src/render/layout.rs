//! Where everything goes: the page frame (header, grid, footer) and the cells of each layout,
//! in millimetres. Drawing reads this; tests read it too ([`super::Sheet::geometry`]).

use super::options::{Layout, RenderOptions};
use crate::lead::Lead;
use crate::quality::{Grade, Issue, LeadQuality};
use crate::record::Record;
use crate::report::Report;
use serde::Serialize;

/// A rectangle in millimetres from the page's top-left corner.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize)]
pub struct RectMm {
    /// Left edge.
    pub x: f64,
    /// Top edge.
    pub y: f64,
    /// Width.
    pub w: f64,
    /// Height.
    pub h: f64,
}

impl RectMm {
    /// Right edge.
    pub fn right(&self) -> f64 {
        self.x + self.w
    }
    /// Bottom edge.
    pub fn bottom(&self) -> f64 {
        self.y + self.h
    }
}

/// How a lead is drawn, besides its trace.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum LeadStatus {
    /// Drawn as recorded.
    Ok,
    /// Readable by eye at best (noise, wander): drawn, labelled "poor signal".
    Poor,
    /// Clipped at the amplifier's rails: drawn with its flat tops, labelled "clipped".
    Clipped,
    /// Flat line or lead off: drawn flat, labelled.
    Flat,
    /// Every sample of the window missing: a dashed baseline, labelled "no signal".
    NoSignal,
    /// The record has no such lead: a dashed baseline, labelled "not recorded".
    NotRecorded,
}

/// One lead in one time window on the page.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CellGeometry {
    /// The label printed (`"aVR"`, `"−aVR"` in Cabrera order, `"MLII"`).
    pub label: String,
    /// The record row drawn, `None` when the record lacks the lead.
    pub row: Option<usize>,
    /// Drawn upside down (−aVR).
    pub inverted: bool,
    /// Left edge of the trace (mm), where `start_s` is drawn.
    pub x_mm: f64,
    /// Width of the trace (mm).
    pub width_mm: f64,
    /// The zero line (mm): where the window's median sample is drawn.
    pub baseline_mm: f64,
    /// Top of the row (mm).
    pub top_mm: f64,
    /// Height of the row (mm); traces may cross into the neighbours, as on paper.
    pub height_mm: f64,
    /// First second of the record shown.
    pub start_s: f64,
    /// End of the window (s); the record may end before it.
    pub end_s: f64,
    /// The level drawn on the baseline (mV): the median of the window's finite samples (of the
    /// inverted signal for −aVR), so that a raw signal's offset does not push it off its row.
    pub offset_mv: f32,
    /// How it is drawn.
    pub status: LeadStatus,
    /// A rhythm strip or a rhythm-page row (beat marks go under it).
    pub rhythm: bool,
}

/// Where things are on one page (mm).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PageGeometry {
    /// Paper width and height.
    pub paper_mm: (f64, f64),
    /// The grid (ECG paper) area.
    pub grid: RectMm,
    /// The header area above the grid.
    pub header: RectMm,
    /// The box of the statements in the header (empty on rhythm pages).
    pub statements: RectMm,
    /// Every lead window drawn.
    pub cells: Vec<CellGeometry>,
    /// The calibration pulses, one per row: the rectangle the 1 mV × 200 ms pulse encloses.
    pub calibrations: Vec<RectMm>,
    /// Paper speed (mm/s).
    pub mm_per_s: f64,
    /// Gain (mm/mV).
    pub mm_per_mv: f64,
}

/// Trace width of every layout (mm): 10 s at 25 mm/s.
pub(crate) const TRACE_MM: f64 = 250.0;
/// Top of the grid on the lead page (below the header).
const LEAD_GRID_TOP: f64 = 38.0;
/// Top of the grid on rhythm and representative-beat pages (one header line).
const SHORT_GRID_TOP: f64 = 18.0;
/// Room below the grid for the footer.
const FOOTER_MM: f64 = 11.0;

/// Width of the calibration zone at the start of each row: the pulse (200 ms) plus 2.5 mm either
/// side, rounded up to whole 5 mm boxes, at least 10 mm.
pub(crate) fn cal_zone_mm(mm_per_s: f64) -> f64 {
    let w = 0.2 * mm_per_s + 5.0;
    ((w / 5.0).ceil() * 5.0).max(10.0)
}

/// The page frame: paper, grid and header rectangles.
pub(crate) fn frame(opts: &RenderOptions, grid_top: f64) -> (RectMm, RectMm, (f64, f64)) {
    let (pw, ph) = opts.paper.size_mm();
    let gw = cal_zone_mm(opts.speed.mm_per_s()) + TRACE_MM;
    let gx = ((pw - gw) / 2.0 * 2.0).floor() / 2.0;
    let gh = ((ph - grid_top - FOOTER_MM) / 5.0).floor() * 5.0;
    let grid = RectMm {
        x: gx,
        y: grid_top,
        w: gw,
        h: gh,
    };
    let header = RectMm {
        x: gx,
        y: 4.0,
        w: gw,
        h: grid_top - 5.0,
    };
    (grid, header, (pw, ph))
}

/// One place in a layout: the lead it wants, drawn inverted or not.
#[derive(Debug, Clone, PartialEq)]
struct Slot {
    lead: Lead,
    inverted: bool,
}

fn slot(lead: Lead) -> Slot {
    Slot {
        lead,
        inverted: false,
    }
}

/// The limb leads in reading order: I, II, III, aVR, aVL, aVF, or Cabrera's aVL, I, −aVR, II,
/// aVF, III.
fn limb(cabrera: bool) -> Vec<Slot> {
    if cabrera {
        vec![
            slot(Lead::AVL),
            slot(Lead::I),
            Slot {
                lead: Lead::AVR,
                inverted: true,
            },
            slot(Lead::II),
            slot(Lead::AVF),
            slot(Lead::III),
        ]
    } else {
        [
            Lead::I,
            Lead::II,
            Lead::III,
            Lead::AVR,
            Lead::AVL,
            Lead::AVF,
        ]
        .into_iter()
        .map(slot)
        .collect()
    }
}

fn chest() -> Vec<Slot> {
    [Lead::V1, Lead::V2, Lead::V3, Lead::V4, Lead::V5, Lead::V6]
        .into_iter()
        .map(slot)
        .collect()
}

fn extra() -> Vec<Slot> {
    [
        Lead::V3R,
        Lead::V4R,
        Lead::V5R,
        Lead::V7,
        Lead::V8,
        Lead::V9,
    ]
    .into_iter()
    .map(slot)
    .collect()
}

/// The columns of a layout, each a list of slots from top to bottom.
fn columns(layout: Layout, cabrera: bool) -> Vec<Vec<Slot>> {
    let l = limb(cabrera);
    let c = chest();
    match layout {
        Layout::ThreeByFour => vec![
            l[0..3].to_vec(),
            l[3..6].to_vec(),
            c[0..3].to_vec(),
            c[3..6].to_vec(),
        ],
        Layout::SixByTwo => vec![l, c],
        Layout::TwelveByOne => vec![l.into_iter().chain(c).collect()],
        Layout::Eighteen => vec![l, c, extra()],
    }
}

/// The modified lead that stands in for a standard one in Holter-style records.
fn modified(lead: &Lead) -> Option<Lead> {
    Some(match lead {
        Lead::I => Lead::MLI,
        Lead::II => Lead::MLII,
        Lead::III => Lead::MLIII,
        Lead::V1 => Lead::MV1,
        Lead::V2 => Lead::MV2,
        Lead::V3 => Lead::MV3,
        Lead::V4 => Lead::MV4,
        Lead::V5 => Lead::MV5,
        _ => return None,
    })
}

/// The record row for `lead`, or its modified form.
pub(crate) fn find(record: &Record, lead: &Lead) -> Option<usize> {
    record
        .lead_index(lead)
        .or_else(|| modified(lead).and_then(|m| record.lead_index(&m)))
}

/// The row of the rhythm lead: the chosen one, its modified form, else the first lead.
pub(crate) fn rhythm_row(record: &Record, opts: &RenderOptions) -> Option<usize> {
    find(record, &opts.rhythm_lead).or(if record.n_leads() > 0 { Some(0) } else { None })
}

/// The status the report's quality gives a lead.
fn status_from_quality(q: Option<&LeadQuality>) -> LeadStatus {
    let Some(q) = q else {
        return LeadStatus::Ok;
    };
    if q.issues.contains(&Issue::MissingSamples) && q.grade == Grade::Unusable {
        LeadStatus::NoSignal
    } else if q.issues.contains(&Issue::Flat) {
        LeadStatus::Flat
    } else if q.issues.contains(&Issue::Saturation) {
        LeadStatus::Clipped
    } else if !q.grade.is_usable() {
        LeadStatus::Poor
    } else {
        LeadStatus::Ok
    }
}

/// The median of the finite samples in `x` (0 when there are none), and whether any was finite.
pub(crate) fn median_finite(x: impl Iterator<Item = f32>, scratch: &mut Vec<f32>) -> Option<f32> {
    scratch.clear();
    scratch.extend(x.filter(|v| v.is_finite()));
    if scratch.is_empty() {
        return None;
    }
    let mid = scratch.len() / 2;
    let (_, m, _) = scratch.select_nth_unstable_by(mid, f32::total_cmp);
    Some(*m)
}

/// Builds cells for one lead window; the status and offset come from the record and report.
pub(crate) struct CellBuilder<'a> {
    pub record: &'a Record,
    pub report: &'a Report,
    pub mm_per_mv: f64,
    pub scratch: Vec<f32>,
}

impl CellBuilder<'_> {
    #[allow(clippy::too_many_arguments)]
    pub fn cell(
        &mut self,
        label: String,
        row: Option<usize>,
        inverted: bool,
        x_mm: f64,
        width_mm: f64,
        (top_mm, height_mm): (f64, f64),
        start_s: f64,
        end_s: f64,
        rhythm: bool,
    ) -> CellGeometry {
        let (offset, status) = match row {
            None => (0.0, LeadStatus::NotRecorded),
            Some(r) => {
                let fs = self.record.fs();
                let n = self.record.n_samples();
                let a = fs.samples(start_s.max(0.0)).min(n);
                let b = fs.samples(end_s.max(0.0)).min(n).max(a);
                let sig = self.record.signals();
                let lane = sig.row(r);
                let sign = if inverted { -1.0 } else { 1.0 };
                let med = median_finite(
                    lane.iter().skip(a).take(b - a).map(|v| sign * v),
                    &mut self.scratch,
                );
                let name = self.record.leads().get(r).map(|l| l.to_string());
                let q = name.and_then(|n| self.report.quality.iter().find(|q| q.lead == n));
                match med {
                    // An empty window (past the record's end) is not "no signal".
                    None if b > a => (0.0, LeadStatus::NoSignal),
                    None => (0.0, status_from_quality(q)),
                    Some(m) => (m, status_from_quality(q)),
                }
            }
        };
        CellGeometry {
            label,
            row,
            inverted,
            x_mm,
            width_mm,
            baseline_mm: baseline_in_row(top_mm, height_mm, self.mm_per_mv),
            top_mm,
            height_mm,
            start_s,
            end_s,
            offset_mv: offset,
            status,
            rhythm,
        }
    }
}

/// Where the baseline sits in a row: below the middle, as positive QRS deflections are the
/// larger, and low enough in a short row (12×1) that a 1 mV pulse stays inside it.
pub(crate) fn baseline_in_row(top: f64, pitch: f64, mm_per_mv: f64) -> f64 {
    let frac = if pitch > 0.0 {
        ((mm_per_mv + 2.5) / pitch).clamp(0.6, 0.8)
    } else {
        0.6
    };
    top + pitch * frac
}

/// The calibration pulse of a row whose baseline is at `baseline`.
pub(crate) fn cal_rect(grid: &RectMm, baseline: f64, mm_per_s: f64, mm_per_mv: f64) -> RectMm {
    let zone = cal_zone_mm(mm_per_s);
    let w = 0.2 * mm_per_s;
    RectMm {
        x: grid.x + (zone - w) / 2.0,
        y: baseline - mm_per_mv,
        w,
        h: mm_per_mv,
    }
}

/// Column group labels of the 18-lead layout: (x, y, text key) — "right" or "posterior".
pub(crate) struct GroupLabel {
    pub x: f64,
    pub y: f64,
    pub w: f64,
    pub h: f64,
    pub posterior: bool,
}

/// The lead page: geometry of the chosen layout and the leads of the record not shown on it.
pub(crate) fn lead_page(
    record: &Record,
    report: &Report,
    opts: &RenderOptions,
) -> (PageGeometry, Vec<GroupLabel>, Vec<String>) {
    let (grid, header, paper) = frame(opts, LEAD_GRID_TOP);
    let speed = opts.speed.mm_per_s();
    let gain = opts.gain.mm_per_mv();
    let x0 = grid.x + cal_zone_mm(speed);
    let dur = TRACE_MM / speed;
    let t0 = if opts.start_s.is_finite() {
        opts.start_s.max(0.0)
    } else {
        0.0
    };
    let mut b = CellBuilder {
        record,
        report,
        mm_per_mv: opts.gain.mm_per_mv(),
        scratch: Vec::new(),
    };
    let cols = columns(opts.layout, opts.cabrera);
    let n_slots: usize = cols.iter().map(Vec::len).sum();
    let filled = cols
        .iter()
        .flatten()
        .filter(|s| find(record, &s.lead).is_some())
        .count();
    let mut cells = Vec::new();
    let mut cals = Vec::new();
    let mut groups = Vec::new();
    let mut shown = vec![false; record.n_leads()];
    if filled * 2 >= n_slots && filled > 0 {
        let rhythm = opts.layout == Layout::ThreeByFour;
        let n_rows = cols.iter().map(Vec::len).max().unwrap_or(1) + usize::from(rhythm);
        let pitch = grid.h / n_rows as f64;
        let cw = TRACE_MM / cols.len() as f64;
        let cdur = dur / cols.len() as f64;
        for (c, col) in cols.iter().enumerate() {
            for (r, s) in col.iter().enumerate() {
                let row = find(record, &s.lead);
                if let Some(k) = row {
                    shown[k] = true;
                }
                let name = row
                    .and_then(|k| record.leads().get(k))
                    .unwrap_or(&s.lead)
                    .to_string();
                let label = if s.inverted {
                    format!("\u{2212}{name}")
                } else {
                    name
                };
                let top = grid.y + pitch * r as f64;
                let start = t0 + cdur * c as f64;
                cells.push(b.cell(
                    label,
                    row,
                    s.inverted,
                    x0 + cw * c as f64,
                    cw,
                    (top, pitch),
                    start,
                    start + cdur,
                    false,
                ));
            }
        }
        if opts.layout == Layout::Eighteen {
            let x = x0 + cw * 2.0;
            for (k, posterior) in [(0.0, false), (3.0, true)] {
                groups.push(GroupLabel {
                    x,
                    y: grid.y + pitch * k,
                    w: cw,
                    h: pitch * 3.0,
                    posterior,
                });
            }
        }
        if rhythm && let Some(k) = rhythm_row(record, opts) {
            let top = grid.y + pitch * (n_rows - 1) as f64;
            let label = record
                .leads()
                .get(k)
                .map_or_else(String::new, |l| l.to_string());
            cells.push(b.cell(
                label,
                Some(k),
                false,
                x0,
                TRACE_MM,
                (top, pitch),
                t0,
                t0 + dur,
                true,
            ));
        }
        for r in 0..n_rows {
            let base = baseline_in_row(grid.y + pitch * r as f64, pitch, gain);
            cals.push(cal_rect(&grid, base, speed, gain));
        }
    } else {
        // Not a standard lead set (e.g. MLII and V5 of a Holter record): one full-width row per
        // lead, in the record's order, at most 18.
        let n = record.n_leads().clamp(1, 18);
        let pitch = grid.h / n as f64;
        for (k, lead) in record.leads().iter().enumerate().take(n) {
            shown[k] = true;
            let top = grid.y + pitch * k as f64;
            let base = baseline_in_row(top, pitch, gain);
            cells.push(b.cell(
                lead.to_string(),
                Some(k),
                false,
                x0,
                TRACE_MM,
                (top, pitch),
                t0,
                t0 + dur,
                n == 1,
            ));
            cals.push(cal_rect(&grid, base, speed, gain));
        }
    }
    let not_shown = record
        .leads()
        .iter()
        .zip(&shown)
        .filter(|(_, s)| !**s)
        .map(|(l, _)| l.to_string())
        .collect();
    let statements = RectMm {
        x: header.x + 124.0,
        y: header.y + 6.0,
        w: (header.w - 124.0).max(10.0),
        h: header.h - 10.0,
    };
    (
        PageGeometry {
            paper_mm: paper,
            grid,
            header,
            statements,
            cells,
            calibrations: cals,
            mm_per_s: speed,
            mm_per_mv: gain,
        },
        groups,
        not_shown,
    )
}

/// Rows per rhythm page: two millivolts of height per row at the chosen gain, at least 3.
pub(crate) fn rhythm_rows_per_page(opts: &RenderOptions) -> usize {
    let (grid, _, _) = frame(opts, SHORT_GRID_TOP);
    ((grid.h / (2.0 * opts.gain.mm_per_mv())).floor() as usize).max(3)
}

/// How many rhythm pages the record needs (before the cap).
pub(crate) fn rhythm_page_count(record: &Record, opts: &RenderOptions) -> usize {
    let row_s = TRACE_MM / opts.speed.mm_per_s();
    let rows = (record.duration_s() / row_s).ceil() as usize;
    rows.div_ceil(rhythm_rows_per_page(opts))
}

/// Rhythm page `page` (from 0): consecutive rows of the rhythm lead.
pub(crate) fn rhythm_page(
    record: &Record,
    report: &Report,
    opts: &RenderOptions,
    page: usize,
) -> PageGeometry {
    let (grid, header, paper) = frame(opts, SHORT_GRID_TOP);
    let speed = opts.speed.mm_per_s();
    let gain = opts.gain.mm_per_mv();
    let x0 = grid.x + cal_zone_mm(speed);
    let row_s = TRACE_MM / speed;
    let per = rhythm_rows_per_page(opts);
    let pitch = grid.h / per as f64;
    let lead = rhythm_row(record, opts);
    let label = lead
        .and_then(|k| record.leads().get(k))
        .map_or_else(String::new, |l| l.to_string());
    let mut b = CellBuilder {
        record,
        report,
        mm_per_mv: opts.gain.mm_per_mv(),
        scratch: Vec::new(),
    };
    let mut cells = Vec::new();
    let mut cals = Vec::new();
    for r in 0..per {
        let start = row_s * (page * per + r) as f64;
        if start >= record.duration_s() {
            break;
        }
        let top = grid.y + pitch * r as f64;
        let base = baseline_in_row(top, pitch, gain);
        cells.push(b.cell(
            label.clone(),
            lead,
            false,
            x0,
            TRACE_MM,
            (top, pitch),
            start,
            start + row_s,
            true,
        ));
        cals.push(cal_rect(&grid, base, speed, gain));
    }
    PageGeometry {
        paper_mm: paper,
        grid,
        header,
        statements: RectMm::default(),
        cells,
        calibrations: cals,
        mm_per_s: speed,
        mm_per_mv: gain,
    }
}

/// The frame of the representative-beat page.
pub(crate) fn short_frame(opts: &RenderOptions) -> (RectMm, RectMm, (f64, f64)) {
    frame(opts, SHORT_GRID_TOP)
}

/// The slots of the representative-beat panel: the layout's columns without the rhythm strip.
pub(crate) fn panel_columns(opts: &RenderOptions) -> Vec<Vec<(Lead, bool)>> {
    let layout = match opts.layout {
        Layout::Eighteen => Layout::Eighteen,
        _ => Layout::ThreeByFour,
    };
    columns(layout, opts.cabrera)
        .into_iter()
        .map(|c| c.into_iter().map(|s| (s.lead, s.inverted)).collect())
        .collect()
}
