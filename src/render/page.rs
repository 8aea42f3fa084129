//! Composing pages: paper, grid, calibration pulses, traces, labels, header, footer.

use super::header::{footer, lead_header, short_header};
use super::layout::{
    self, CellGeometry, GroupLabel, LeadStatus, PageGeometry, RectMm, cal_zone_mm,
};
use super::svg::{Anchor, FONT_FAMILY, Font, UNITS_PER_MM, line, num, text};
use super::trace::write_cell;
use super::words::{Words, beat_letter, words};
use super::{RepresentativeBeats, Sheet};
use ndarray::ArrayView1;
use std::fmt::Write;

/// Grid colours: the pink of ECG paper, minor and major lines.
const MINOR: &str = "#f2b8b8";
const MAJOR: &str = "#e07a7a";
/// Trace stroke width (mm).
const TRACE_WIDTH: f64 = 0.28;

/// Opens the root element: size in mm, a viewBox in mm, the font list.
fn open(out: &mut String, paper: (f64, f64), lang_zh: bool) {
    out.push_str("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"");
    num(out, paper.0);
    out.push_str("mm\" height=\"");
    num(out, paper.1);
    out.push_str("mm\" viewBox=\"0 0 ");
    num(out, paper.0);
    out.push(' ');
    num(out, paper.1);
    let _ = writeln!(
        out,
        "\" font-family=\"{FONT_FAMILY}\" xml:lang=\"{}\">",
        if lang_zh { "zh-CN" } else { "en" }
    );
    out.push_str("<rect width=\"100%\" height=\"100%\" fill=\"#fff\"/>\n");
}

/// The grid: 1 mm minor lines, 5 mm major lines (one path each).
fn grid(out: &mut String, g: &RectMm) {
    let nx = (g.w.round() as i64).max(0);
    let ny = (g.h.round() as i64).max(0);
    for (major, color, width) in [(false, MINOR, 0.1), (true, MAJOR, 0.2)] {
        out.push_str("<path d=\"");
        for i in 0..=nx {
            if (i % 5 == 0) == major {
                out.push('M');
                num(out, g.x + i as f64);
                out.push(' ');
                num(out, g.y);
                out.push('v');
                num(out, g.h);
            }
        }
        for j in 0..=ny {
            if (j % 5 == 0) == major {
                out.push('M');
                num(out, g.x);
                out.push(' ');
                num(out, g.y + j as f64);
                out.push('h');
                num(out, g.w);
            }
        }
        let _ = writeln!(
            out,
            "\" stroke=\"{color}\" stroke-width=\"{width}\" fill=\"none\"/>"
        );
    }
}

/// The 1 mV × 200 ms calibration pulses (one path), clipped to the grid (clip `id`).
fn calibrations(out: &mut String, g: &PageGeometry, id: &str) {
    if g.calibrations.is_empty() {
        return;
    }
    let zone = cal_zone_mm(g.mm_per_s);
    out.push_str("<path d=\"");
    for c in &g.calibrations {
        let base = c.bottom();
        out.push('M');
        num(out, g.grid.x + 1.0);
        out.push(' ');
        num(out, base);
        out.push('H');
        num(out, c.x);
        out.push('V');
        num(out, c.y);
        out.push('H');
        num(out, c.right());
        out.push('V');
        num(out, base);
        out.push('H');
        num(out, g.grid.x + zone - 1.0);
    }
    let _ = writeln!(
        out,
        "\" clip-path=\"url(#{id})\" fill=\"none\" stroke=\"#000\" stroke-width=\"{TRACE_WIDTH}\"/>"
    );
}

/// The clip path of the grid, named `id`: traces and pulses stop at the paper's edge.
fn clip(out: &mut String, g: &PageGeometry, id: &str) {
    let _ = write!(out, "<clipPath id=\"{id}\"><rect x=\"");
    num(out, g.grid.x);
    out.push_str("\" y=\"");
    num(out, g.grid.y);
    out.push_str("\" width=\"");
    num(out, g.grid.w);
    out.push_str("\" height=\"");
    num(out, g.grid.h);
    out.push_str("\"/></clipPath>\n");
}

/// The traces of every cell, clipped to the grid (clip `id`), in 0.1 mm units.
fn traces<'s>(
    out: &mut String,
    g: &PageGeometry,
    id: &str,
    lead: impl Fn(usize) -> Option<(ArrayView1<'s, f32>, f64)>,
) {
    let _ = writeln!(
        out,
        "<g clip-path=\"url(#{id})\"><g transform=\"scale({})\" fill=\"none\" stroke=\"#000\" \
         stroke-width=\"{}\" stroke-linejoin=\"round\" stroke-linecap=\"round\">",
        1.0 / UNITS_PER_MM,
        TRACE_WIDTH * UNITS_PER_MM
    );
    for c in &g.cells {
        if let Some((x, fs)) = c.row.and_then(&lead) {
            write_cell(out, x, fs, c, &g.grid, g.mm_per_s, g.mm_per_mv);
        }
    }
    out.push_str("</g></g>\n");
}

/// What a status adds to the label, and its colour.
fn status_note(s: LeadStatus, w: &Words) -> Option<&'static str> {
    match s {
        LeadStatus::Ok => None,
        LeadStatus::Poor => Some(w.poor),
        LeadStatus::Clipped => Some(w.clipped),
        LeadStatus::Flat => Some(w.flat),
        LeadStatus::NoSignal => Some(w.no_signal),
        LeadStatus::NotRecorded => Some(w.not_recorded),
    }
}

/// Lead labels, status notes, lead-change ticks, and the dashed baseline of absent leads.
fn labels(out: &mut String, g: &PageGeometry, w: &Words, time_labels: bool) {
    let trace_x0 = g.grid.x + cal_zone_mm(g.mm_per_s);
    for c in &g.cells {
        let y = c.top_mm + 3.8;
        let x = c.x_mm + 1.0;
        let label = if time_labels {
            clock(c.start_s)
        } else {
            c.label.clone()
        };
        text(out, x, y, Font::new(3.3).bold().halo(), &label);
        if let Some(note) = status_note(c.status, w) {
            let lx = x + super::svg::text_width(&label, 3.3) + 2.0;
            text(
                out,
                lx,
                y,
                Font::new(2.8).bold().color("#b91c1c").halo(),
                note,
            );
        }
        if matches!(c.status, LeadStatus::NotRecorded | LeadStatus::NoSignal) {
            line(
                out,
                c.x_mm,
                c.baseline_mm,
                c.x_mm + c.width_mm,
                c.baseline_mm,
                "stroke=\"#888\" stroke-width=\"0.25\" stroke-dasharray=\"1 1\"",
            );
        }
        if c.x_mm > trace_x0 + 0.01 {
            line(
                out,
                c.x_mm,
                c.baseline_mm - 2.5,
                c.x_mm,
                c.baseline_mm + 2.5,
                "stroke=\"#000\" stroke-width=\"0.35\"",
            );
        }
    }
}

/// `h:mm:ss` from seconds.
fn clock(s: f64) -> String {
    let t = s.max(0.0).round() as u64;
    format!("{}:{:02}:{:02}", t / 3600, (t / 60) % 60, t % 60)
}

/// The class letters of the beats under each rhythm cell.
fn beat_marks(out: &mut String, g: &PageGeometry, sheet: &Sheet<'_>) {
    let Some(marks) = sheet.beats else {
        return;
    };
    let fs = sheet.record.fs().hz();
    for c in g.cells.iter().filter(|c| c.rhythm) {
        let y = c.top_mm + c.height_mm - 1.0;
        // Beats are sorted by sample in every producer, but do not rely on it.
        for m in marks {
            let t = m.sample as f64 / fs;
            if t < c.start_s || t >= c.end_s {
                continue;
            }
            let x = c.x_mm + (t - c.start_s) * g.mm_per_s;
            let (letter, color) = beat_letter(m.class);
            text(
                out,
                x,
                y,
                Font::new(2.4).color(color).anchor(Anchor::Middle),
                letter,
            );
        }
    }
}

/// The group labels of the 18-lead layout's third column.
fn groups(out: &mut String, groups: &[GroupLabel], w: &Words) {
    for gl in groups {
        let name = if gl.posterior {
            w.posterior
        } else {
            w.right_sided
        };
        text(
            out,
            gl.x + gl.w - 1.5,
            gl.y + 3.8,
            Font::new(3.0).bold().color("#1d4ed8").anchor(Anchor::End),
            name,
        );
        line(
            out,
            gl.x - 0.6,
            gl.y + 1.0,
            gl.x - 0.6,
            gl.y + gl.h - 1.0,
            "stroke=\"#1d4ed8\" stroke-width=\"0.5\"",
        );
    }
}

fn record_lead<'r>(sheet: &Sheet<'r>) -> impl Fn(usize) -> Option<(ArrayView1<'r, f32>, f64)> + 'r {
    let rec: &'r crate::record::Record = sheet.record;
    let fs = rec.fs().hz();
    move |k| (k < rec.n_leads()).then(|| (rec.signals().index_axis_move(ndarray::Axis(0), k), fs))
}

/// The title of the lead page for its layout.
pub(crate) fn title(sheet: &Sheet<'_>) -> String {
    let zh = sheet.opts.lang == crate::report::Lang::Zh;
    let n = sheet.record.n_leads();
    match (zh, n) {
        (false, 18) => "18-lead ECG".into(),
        (true, 18) => "十八导联心电图".into(),
        (false, 12) => "12-lead ECG".into(),
        (true, 12) => "十二导联心电图".into(),
        (false, _) => "ECG".into(),
        (true, _) => "心电图".into(),
    }
}

/// The lead page.
pub(crate) fn lead_page(sheet: &Sheet<'_>, id: &str, page: (usize, usize)) -> String {
    let opts = &sheet.opts;
    let w = words(opts.lang);
    let (g, group_labels, not_shown) = layout::lead_page(sheet.record, sheet.report, opts);
    let mut out = String::with_capacity(96 * 1024);
    open(&mut out, g.paper_mm, opts.lang == crate::report::Lang::Zh);
    grid(&mut out, &g.grid);
    clip(&mut out, &g, id);
    calibrations(&mut out, &g, id);
    let lead = record_lead(sheet);
    traces(&mut out, &g, id, lead);
    labels(&mut out, &g, w, false);
    groups(&mut out, &group_labels, w);
    beat_marks(&mut out, &g, sheet);
    lead_header(&mut out, sheet, &g, &title(sheet));
    footer(&mut out, &g, opts, sheet.record.fs().hz(), &not_shown, page);
    out.push_str("</svg>\n");
    out
}

/// Rhythm page `k` (from 0).
pub(crate) fn rhythm_page(sheet: &Sheet<'_>, k: usize, id: &str, page: (usize, usize)) -> String {
    let opts = &sheet.opts;
    let w = words(opts.lang);
    let g = layout::rhythm_page(sheet.record, sheet.report, opts, k);
    let mut out = String::with_capacity(160 * 1024);
    open(&mut out, g.paper_mm, opts.lang == crate::report::Lang::Zh);
    grid(&mut out, &g.grid);
    clip(&mut out, &g, id);
    calibrations(&mut out, &g, id);
    let lead = record_lead(sheet);
    traces(&mut out, &g, id, lead);
    labels(&mut out, &g, w, true);
    beat_marks(&mut out, &g, sheet);
    let (a, b) = (
        g.cells.first().map_or(0.0, |c| c.start_s),
        g.cells
            .last()
            .map_or(0.0, |c| c.end_s.min(sheet.record.duration_s())),
    );
    let left = format!(
        "{} \u{00b7} {} \u{00b7} {}",
        w.rhythm_title,
        sheet.record.name(),
        g.cells.first().map_or("", |c| c.label.as_str())
    );
    let mut right = format!("{}–{}", clock(a), clock(b));
    if k + 1 == opts.max_rhythm_pages && layout::rhythm_page_count(sheet.record, opts) > k + 1 {
        right = format!("{right} \u{00b7} {}", w.truncated);
    }
    short_header(&mut out, &g, &left, &right);
    footer(&mut out, &g, opts, sheet.record.fs().hz(), &[], page);
    out.push_str("</svg>\n");
    out
}

/// The representative-beat page: one averaged beat per lead at 50 mm/s, with the fiducial
/// marks of the global delineation across every cell.
pub(crate) fn representative_page(
    sheet: &Sheet<'_>,
    beats: &RepresentativeBeats,
    id: &str,
    page: (usize, usize),
) -> String {
    let opts = &sheet.opts;
    let w = words(opts.lang);
    let (grid_rect, header, paper) = layout::short_frame(opts);
    let speed = 50.0;
    let gain = opts.gain.mm_per_mv();
    let cols = layout::panel_columns(opts);
    let n_rows = cols.iter().map(Vec::len).max().unwrap_or(1).max(1);
    let pitch = grid_rect.h / n_rows as f64;
    let x0 = grid_rect.x + cal_zone_mm(speed);
    let cw = (grid_rect.right() - x0) / cols.len().max(1) as f64;
    let fs = beats.fs_hz;
    let dur_s = beats.leads.iter().map(|(_, x)| x.len()).max().unwrap_or(0) as f64 / fs;
    // Each cell shows the beat at 50 mm/s, centred in its column.
    let beat_mm = (dur_s * speed).min(cw - 2.0);
    let mut cells = Vec::new();
    let mut sources: Vec<(usize, bool)> = Vec::new();
    let mut scratch = Vec::new();
    for (c, col) in cols.iter().enumerate() {
        for (r, (lead, inverted)) in col.iter().enumerate() {
            let top = grid_rect.y + pitch * r as f64;
            let src = beats.leads.iter().position(|(l, _)| l == lead);
            let x_mm = x0 + cw * c as f64 + (cw - beat_mm) / 2.0;
            let (offset, status) = match src {
                Some(k) => {
                    let sign = if *inverted { -1.0 } else { 1.0 };
                    let x = &beats.leads[k].1;
                    match layout::median_finite(x.iter().map(|v| sign * v), &mut scratch) {
                        Some(m) => (m, LeadStatus::Ok),
                        None => (0.0, LeadStatus::NoSignal),
                    }
                }
                None => (0.0, LeadStatus::NotRecorded),
            };
            let name = lead.to_string();
            cells.push(CellGeometry {
                label: if *inverted {
                    format!("\u{2212}{name}")
                } else {
                    name
                },
                row: src.map(|_| cells.len()),
                inverted: *inverted,
                x_mm,
                width_mm: beat_mm,
                baseline_mm: layout::baseline_in_row(top, pitch, gain),
                top_mm: top,
                height_mm: pitch,
                start_s: 0.0,
                end_s: dur_s,
                offset_mv: offset,
                status,
                rhythm: false,
            });
            sources.push((src.unwrap_or(usize::MAX), *inverted));
        }
    }
    let cals = (0..n_rows)
        .map(|r| {
            let base = layout::baseline_in_row(grid_rect.y + pitch * r as f64, pitch, gain);
            layout::cal_rect(&grid_rect, base, speed, gain)
        })
        .collect();
    let g = PageGeometry {
        paper_mm: paper,
        grid: grid_rect,
        header,
        statements: RectMm::default(),
        cells,
        calibrations: cals,
        mm_per_s: speed,
        mm_per_mv: gain,
    };
    let mut out = String::with_capacity(64 * 1024);
    open(&mut out, g.paper_mm, opts.lang == crate::report::Lang::Zh);
    grid(&mut out, &g.grid);
    clip(&mut out, &g, id);
    calibrations(&mut out, &g, id);
    // Cell k draws beats.leads[sources[k].0]; `row` is the cell index for the lookup.
    let lead = |k: usize| {
        let (src, _) = *sources.get(k)?;
        let (_, x) = beats.leads.get(src)?;
        Some((ArrayView1::from(x.as_slice()), fs))
    };
    traces(&mut out, &g, id, lead);
    labels(&mut out, &g, w, false);
    // Fiducial marks: a dashed line per mark across each cell, named at the top of the grid.
    let m = &beats.marks;
    let marks = [
        ("P", m.p_on_ms),
        ("P", m.p_off_ms),
        ("QRS", m.qrs_on_ms),
        ("QRS", m.qrs_off_ms),
        ("T", m.t_off_ms),
    ];
    let top_row = g
        .cells
        .iter()
        .map(|c| c.top_mm)
        .fold(f64::INFINITY, f64::min);
    for c in g.cells.iter().filter(|c| c.row.is_some()) {
        for (name, ms) in marks.iter() {
            if let Some(ms) = ms.filter(|v| v.is_finite() && *v >= 0.0 && *v / 1000.0 <= dur_s) {
                let x = c.x_mm + ms / 1000.0 * speed;
                line(
                    &mut out,
                    x,
                    c.top_mm + 5.0,
                    x,
                    c.top_mm + c.height_mm - 1.0,
                    "stroke=\"#1d4ed8\" stroke-width=\"0.2\" stroke-dasharray=\"0.8 0.6\"",
                );
                if c.top_mm == top_row {
                    text(
                        &mut out,
                        x,
                        c.top_mm + 4.6,
                        Font::new(1.8).color("#1d4ed8").anchor(Anchor::Middle),
                        name,
                    );
                }
            }
        }
    }
    let left = format!("{} \u{00b7} {}", w.median_title, sheet.record.name());
    let right = marks
        .iter()
        .zip(["on", "off", "on", "off", "off"])
        .map(|((n, v), e)| format!("{n}{e} {}", super::header::value(*v)))
        .collect::<Vec<_>>()
        .join("  ");
    short_header(&mut out, &g, &left, &format!("{right} ms \u{00b7} 50 mm/s"));
    let mut o2 = opts.clone();
    o2.speed = super::Speed::Mm50;
    footer(&mut out, &g, &o2, fs, &[], page);
    out.push_str("</svg>\n");
    out
}
