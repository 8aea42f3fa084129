//! The header (record, patient, measurements, statements, triage, the "unconfirmed" notice)
//! and the footer (speed, gain, filter, page).

use super::layout::{PageGeometry, RectMm};
use super::svg::{Anchor, Font, text, wrap};
use super::words::{Words, severity, severity_color, words};
use super::{RenderOptions, Sheet};
use crate::measure::GlobalMeasurements;
use crate::record::{Record, StartTime};
use crate::report::text::sentence;
use crate::report::{Lang, Severity};

/// Sex as a header comment gives it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Sex {
    Male,
    Female,
}

/// What the header comments say about the patient (LUDB writes `<age>: 51` and `<sex>: F`, the
/// PhysioNet Challenge `Age: 53` and `Sex: Male`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) struct Patient {
    pub age: Option<u32>,
    pub sex: Option<Sex>,
}

pub(crate) fn patient(record: &Record) -> Patient {
    let mut p = Patient::default();
    for c in record.comments() {
        let Some((key, value)) = c.split_once(':') else {
            continue;
        };
        let key = key
            .trim()
            .trim_start_matches('<')
            .trim_end_matches('>')
            .to_ascii_lowercase();
        let value = value.trim();
        match key.as_str() {
            "age" if p.age.is_none() => {
                p.age = value
                    .split_whitespace()
                    .next()
                    .and_then(|v| v.parse::<u32>().ok())
                    .filter(|&a| a <= 130);
            }
            "sex" | "gender" if p.sex.is_none() => {
                p.sex = match value.to_ascii_lowercase().as_str() {
                    "m" | "male" => Some(Sex::Male),
                    "f" | "female" => Some(Sex::Female),
                    _ => None,
                };
            }
            _ => {}
        }
    }
    p
}

/// "2024-05-01 10:32:05", the parts known, or "—".
pub(crate) fn start_time(s: Option<StartTime>) -> String {
    let Some(s) = s else {
        return DASH.into();
    };
    let mut out = Vec::new();
    if let Some((y, m, d)) = s.date {
        out.push(format!("{y:04}-{m:02}-{d:02}"));
    }
    if let Some((h, m, sec)) = s.time {
        out.push(format!("{h:02}:{m:02}:{:02}", sec.floor() as u32));
    }
    if out.is_empty() {
        DASH.into()
    } else {
        out.join(" ")
    }
}

/// Printed where a value is absent.
pub(crate) const DASH: &str = "\u{2014}";

/// A value in whole units, or "—".
pub(crate) fn value(v: Option<f64>) -> String {
    match v {
        Some(v) if v.is_finite() => format!("{v:.0}"),
        _ => DASH.into(),
    }
}

/// The measurement lines of the header: (label, value with unit).
pub(crate) fn measurement_lines(sheet: &Sheet<'_>, w: &Words) -> Vec<(&'static str, String)> {
    let g = sheet.measurements.map(|m| &m.global);
    let get = |f: fn(&GlobalMeasurements) -> Option<f64>| g.and_then(f);
    // The rate: measured on the representative beats when there, else the report's mean rate.
    let hr = get(|g| g.heart_rate_bpm).or(sheet.report.rates.map(|r| r.mean_bpm));
    let ms = |v: Option<f64>| match v {
        Some(_) => format!("{} ms", value(v)),
        None => DASH.into(),
    };
    vec![
        (
            w.hr,
            match hr {
                Some(_) => format!("{} {}", value(hr), w.bpm),
                None => DASH.into(),
            },
        ),
        (w.pr, ms(get(|g| g.pr_ms))),
        (w.qrs, ms(get(|g| g.qrs_ms))),
        (
            w.qt_qtc,
            match (get(|g| g.qt_ms), get(|g| g.qtc_ms)) {
                (None, None) => DASH.into(),
                (qt, qtc) => format!("{}/{} ms", value(qt), value(qtc)),
            },
        ),
        (
            w.axes,
            match (
                get(|g| g.p_axis_deg),
                get(|g| g.qrs_axis_deg),
                get(|g| g.t_axis_deg),
            ) {
                (None, None, None) => DASH.into(),
                (p, q, t) => format!("{}/{}/{}°", value(p), value(q), value(t)),
            },
        ),
    ]
}

const BODY: f64 = 2.8;
const LINE: f64 = 3.9;

/// Draws the lead page's header into `out`.
pub(crate) fn lead_header(out: &mut String, sheet: &Sheet<'_>, g: &PageGeometry, title: &str) {
    let opts = &sheet.opts;
    let w = words(opts.lang);
    let h = &g.header;
    let rec = sheet.record;
    let report = sheet.report;
    let y0 = h.y + 3.6;
    text(
        out,
        h.x,
        y0,
        Font::new(4.0).bold(),
        &format!("{title} \u{00b7} {}", rec.name()),
    );
    // Triage, top right.
    let tri = report.triage;
    let tri_text = format!("{}{}{}", w.triage, w.colon, severity(tri, opts.lang));
    text(
        out,
        h.right(),
        y0,
        Font::new(3.4)
            .bold()
            .color(severity_color(tri))
            .anchor(Anchor::End),
        &tri_text,
    );
    // Block A: record and patient.
    let p = patient(rec);
    let age = p
        .age
        .map_or_else(|| DASH.to_string(), |a| format!("{a}{}", w.years));
    let sex = match p.sex {
        Some(Sex::Male) => w.male.to_string(),
        Some(Sex::Female) => w.female.to_string(),
        None => DASH.to_string(),
    };
    let a = [
        (w.record, rec.name().to_string()),
        (w.acquired, start_time(rec.start())),
        (w.age, age),
        (w.sex, sex),
        (
            w.leads,
            format!(
                "{} \u{00b7} {:.1} s \u{00b7} {} Hz",
                rec.n_leads(),
                rec.duration_s(),
                rec.fs().hz()
            ),
        ),
    ];
    let top = h.y + 6.0 + LINE;
    label_block(out, h.x, top, 20.0, &a);
    // Block B: measurements.
    let m = measurement_lines(sheet, w);
    label_block(out, h.x + 64.0, top, 24.0, &m);
    // Block C: statements, then the notice.
    statements(out, sheet, &g.statements, opts.lang);
}

fn label_block(out: &mut String, x: f64, y: f64, tab: f64, rows: &[(&str, String)]) {
    for (k, (label, v)) in rows.iter().enumerate() {
        let yy = y + LINE * k as f64;
        text(out, x, yy, Font::new(BODY).color("#555"), label);
        text(out, x + tab, yy, Font::new(BODY).bold(), v);
    }
}

/// The statements, one per line, wrapped to the box, the abnormal ones in their colour; the
/// last line of the box holds the "unconfirmed machine reading" notice.
fn statements(out: &mut String, sheet: &Sheet<'_>, b: &RectMm, lang: Lang) {
    let w = words(lang);
    let max_lines = ((b.h - LINE) / LINE).floor().max(1.0) as usize;
    let mut lines: Vec<(String, Severity)> = Vec::new();
    for s in &sheet.report.statements {
        for l in wrap(&sentence(s, lang), BODY, b.w - 2.0) {
            lines.push((l, s.severity));
        }
    }
    if lines.len() > max_lines {
        lines.truncate(max_lines);
        if let Some(last) = lines.last_mut() {
            last.0.push_str(" \u{2026}");
        }
    }
    for (k, (l, sev)) in lines.iter().enumerate() {
        let color = if *sev >= Severity::Abnormal {
            severity_color(*sev)
        } else {
            "#000"
        };
        text(
            out,
            b.x,
            b.y + LINE * (k + 1) as f64 - 0.8,
            Font::new(BODY).color(color),
            l,
        );
    }
    text(
        out,
        b.right(),
        b.bottom() + 0.2,
        Font::new(BODY).bold().color("#b91c1c").anchor(Anchor::End),
        w.unconfirmed,
    );
}

/// The footer: speed, gain, filter, sample rate, leads not shown; the page number on the right.
pub(crate) fn footer(
    out: &mut String,
    g: &PageGeometry,
    opts: &RenderOptions,
    fs_hz: f64,
    not_shown: &[String],
    page: (usize, usize),
) {
    let w = words(opts.lang);
    let y = g.grid.bottom() + 4.6;
    let filter = opts.filter.as_deref().unwrap_or(w.no_filter);
    let sep = "  \u{00b7}  ";
    let mut s = format!(
        "{} {} mm/s{sep}{} {} mm/mV{sep}{}{}{filter}{sep}{fs_hz} Hz",
        w.speed,
        opts.speed.mm_per_s(),
        w.gain,
        opts.gain.mm_per_mv(),
        w.filter,
        w.colon,
    );
    if !not_shown.is_empty() {
        s.push_str(&format!(
            "{sep}{}{}{}",
            w.not_shown,
            w.colon,
            not_shown.join(", ")
        ));
    }
    text(out, g.grid.x, y, Font::new(2.8), &s);
    let right = format!(
        "sinus {}{sep}{} {}/{}",
        env!("CARGO_PKG_VERSION"),
        w.page,
        page.0,
        page.1
    );
    text(
        out,
        g.grid.right(),
        y,
        Font::new(2.8).color("#555").anchor(Anchor::End),
        &right,
    );
}

/// The one-line header of rhythm and representative-beat pages.
pub(crate) fn short_header(out: &mut String, g: &PageGeometry, left: &str, right: &str) {
    let y = g.header.y + 5.0;
    text(out, g.grid.x, y, Font::new(3.6).bold(), left);
    text(
        out,
        g.grid.right(),
        y,
        Font::new(3.0).color("#555").anchor(Anchor::End),
        right,
    );
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lead::Lead;
    use crate::record::SampleRate;
    use ndarray::Array2;

    fn rec(comments: &[&str]) -> Record {
        Record::new(
            "x",
            vec![Lead::I],
            SampleRate::new(500.0).unwrap(),
            Array2::zeros((1, 10)),
        )
        .unwrap()
        .with_comments(comments.iter().map(|s| s.to_string()).collect())
    }

    #[test]
    fn patient_from_ludb_and_challenge_comments() {
        let p = patient(&rec(&["<age>: 51", "<sex>: F", "<diagnoses>:"]));
        assert_eq!(p.age, Some(51));
        assert_eq!(p.sex, Some(Sex::Female));
        let p = patient(&rec(&["Age: 74", "Sex: Male", "Dx: 426783006"]));
        assert_eq!((p.age, p.sex), (Some(74), Some(Sex::Male)));
        let p = patient(&rec(&["Age: NaN", "Sex: Unknown"]));
        assert_eq!(p, Patient::default());
    }

    #[test]
    fn start_time_prints_what_is_known() {
        assert_eq!(start_time(None), DASH);
        let s = StartTime {
            date: Some((2024, 5, 1)),
            time: Some((9, 3, 7.5)),
        };
        assert_eq!(start_time(Some(s)), "2024-05-01 09:03:07");
    }
}
