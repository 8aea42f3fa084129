//! The HTML report page: one self-contained file (inline SVG, inline CSS, no script, no external
//! resource) for the physician's view, printable on A4 landscape.

use super::header::{DASH, measurement_lines, patient, start_time, value};
use super::svg::{FONT_FAMILY, escape};
use super::words::{severity, words};
use super::{PageKind, Sheet};
use crate::quality::{Grade, Issue};
use crate::report::Lang;
use crate::report::text::sentence;
use std::fmt::Write;

const STYLE: &str = "
body{margin:0;background:#eee;color:#111;font-family:FONTS;line-height:1.45}
svg.page{display:block;width:297mm;max-width:100%;height:auto;background:#fff;margin:0 0 6px 0}
main{box-sizing:border-box;max-width:297mm;background:#fff;padding:5mm 8mm;margin:0 0 6px 0}
h1{font-size:1.3em;margin:0 0 .3em}h2{font-size:1.05em;margin:1.1em 0 .4em;border-bottom:1px solid #ccc}
.notice{color:#b91c1c;font-weight:bold}
.triage{display:inline-block;padding:.1em .6em;border-radius:.3em;color:#fff;font-weight:bold}
.t-normal{background:#1a7f37}.t-borderline{background:#9a6700}.t-abnormal{background:#c2410c}.t-critical{background:#b91c1c}
ol{margin:.2em 0;padding-left:1.6em}.s-abnormal,.s-critical{color:#b91c1c}.s-borderline{color:#9a6700}
table{border-collapse:collapse;font-size:.92em}td,th{border:1px solid #ccc;padding:.15em .6em;text-align:left}
th{background:#f5f5f5}td.num{text-align:right;font-variant-numeric:tabular-nums}
pre{white-space:pre-wrap;font-family:inherit;margin:0}
.muted{color:#666}
@media print{@page{size:A4 landscape;margin:0}body{background:#fff}svg.page{width:100%;margin:0;break-after:page}main{break-after:page}}
";

fn h(out: &mut String, s: &str) {
    escape(out, s);
}

fn severity_class(s: crate::report::Severity) -> &'static str {
    severity(s, Lang::En)
}

fn grade_name(g: Grade, lang: Lang) -> &'static str {
    match (lang, g) {
        (Lang::En, Grade::Good) => "good",
        (Lang::En, Grade::Acceptable) => "acceptable",
        (Lang::En, Grade::Poor) => "poor",
        (Lang::En, Grade::Unusable) => "unusable",
        (Lang::Zh, Grade::Good) => "良好",
        (Lang::Zh, Grade::Acceptable) => "可接受",
        (Lang::Zh, Grade::Poor) => "差",
        (Lang::Zh, Grade::Unusable) => "不可用",
    }
}

fn issue_name(i: Issue, lang: Lang) -> &'static str {
    match (lang, i) {
        (Lang::En, Issue::MissingSamples) => "missing samples",
        (Lang::En, Issue::Flat) => "flat / lead off",
        (Lang::En, Issue::Saturation) => "clipped",
        (Lang::En, Issue::MainsNoise) => "mains interference",
        (Lang::En, Issue::MuscleNoise) => "muscle noise",
        (Lang::En, Issue::BaselineWander) => "baseline wander",
        (Lang::En, Issue::TooShort) => "too short",
        (Lang::Zh, Issue::MissingSamples) => "数据缺失",
        (Lang::Zh, Issue::Flat) => "直线/导联脱落",
        (Lang::Zh, Issue::Saturation) => "信号饱和",
        (Lang::Zh, Issue::MainsNoise) => "工频干扰",
        (Lang::Zh, Issue::MuscleNoise) => "肌电干扰",
        (Lang::Zh, Issue::BaselineWander) => "基线漂移",
        (Lang::Zh, Issue::TooShort) => "记录过短",
    }
}

/// The per-lead measurement table (only when measurements are given).
fn lead_table(out: &mut String, sheet: &Sheet<'_>, lang: Lang) {
    let Some(m) = sheet.measurements else {
        return;
    };
    if m.leads.is_empty() {
        return;
    }
    let w = words(lang);
    let mv = |v: Option<f64>| match v {
        Some(v) if v.is_finite() => format!("{v:.2}"),
        _ => DASH.into(),
    };
    let _ = writeln!(
        out,
        "<table><tr><th>{}</th><th>QRS</th><th>Q mV</th><th>R mV</th><th>S mV</th>\
         <th>ST60 mV</th><th>T+ mV</th><th>T\u{2212} mV</th></tr>",
        w.lead
    );
    for l in &m.leads {
        out.push_str("<tr><td>");
        h(out, &l.lead);
        out.push_str("</td><td>");
        h(out, l.qrs_morphology.as_deref().unwrap_or(DASH));
        for v in [l.q_mv, l.r_mv, l.s_mv, l.st60_mv, l.t_pos_mv, l.t_neg_mv] {
            let _ = write!(out, "</td><td class=\"num\">{}", mv(v));
        }
        out.push_str("</td></tr>\n");
    }
    out.push_str("</table>\n");
}

/// The whole page.
pub(crate) fn page(sheet: &Sheet<'_>) -> String {
    let opts = &sheet.opts;
    let lang = opts.lang;
    let w = words(lang);
    let report = sheet.report;
    let rec = sheet.record;
    let pages = sheet.pages();
    let mut out = String::with_capacity(pages.iter().map(|p| p.svg.len()).sum::<usize>() + 16_384);
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>",
        if lang == Lang::Zh { "zh-CN" } else { "en" }
    );
    let title = super::page::title(sheet);
    h(&mut out, &format!("{} · {title}", rec.name()));
    out.push_str("</title>\n<style>");
    out.push_str(&STYLE.replace("FONTS", FONT_FAMILY));
    out.push_str("</style>\n</head>\n<body>\n");
    // The lead page first, at the top left: what the physician reads before anything else.
    let mut rest = Vec::new();
    for p in &pages {
        match p.kind {
            PageKind::Leads => push_svg(&mut out, &p.svg),
            _ => rest.push(p),
        }
    }
    out.push_str("<main>\n<h1>");
    h(&mut out, &format!("{title} · {}", rec.name()));
    out.push_str("</h1>\n<p><span class=\"triage t-");
    out.push_str(severity_class(report.triage));
    out.push_str("\">");
    h(
        &mut out,
        &format!("{}{}{}", w.triage, w.colon, severity(report.triage, lang)),
    );
    out.push_str("</span> <span class=\"notice\">");
    h(&mut out, w.unconfirmed);
    out.push_str("</span></p>\n");
    // Record and patient.
    let p = patient(rec);
    let _ = write!(out, "<p class=\"muted\">{} ", w.record);
    h(&mut out, rec.name());
    let _ = write!(out, " · {} ", w.acquired);
    h(&mut out, &start_time(rec.start()));
    let _ = write!(
        out,
        " · {} {} · {} {}",
        w.age,
        p.age
            .map_or_else(|| DASH.to_string(), |a| format!("{a}{}", w.years)),
        w.sex,
        match p.sex {
            Some(super::header::Sex::Male) => w.male,
            Some(super::header::Sex::Female) => w.female,
            None => DASH,
        }
    );
    let _ = writeln!(
        out,
        " · {} {} · {:.1} s · {} Hz</p>",
        rec.n_leads(),
        w.leads,
        rec.duration_s(),
        rec.fs().hz()
    );
    // Statements.
    let _ = writeln!(out, "<h2>{}</h2>\n<ol>", w.statements);
    for s in &report.statements {
        let _ = write!(out, "<li class=\"s-{}\">", severity_class(s.severity));
        h(&mut out, &sentence(s, lang));
        out.push_str("</li>\n");
    }
    out.push_str("</ol>\n");
    // Measurements.
    let _ = writeln!(out, "<h2>{}</h2>\n<table>", w.measurements);
    for (label, v) in measurement_lines(sheet, w) {
        out.push_str("<tr><th>");
        h(&mut out, label);
        out.push_str("</th><td class=\"num\">");
        h(&mut out, &v);
        out.push_str("</td></tr>\n");
    }
    if let Some(rt) = report.rates {
        let _ = writeln!(
            out,
            "<tr><th>{}</th><td class=\"num\">{}–{} {}</td></tr>",
            w.hr_range,
            value(Some(rt.min_bpm)),
            value(Some(rt.max_bpm)),
            w.bpm
        );
    }
    out.push_str("</table>\n");
    lead_table(&mut out, sheet, lang);
    // Representative beats.
    let _ = writeln!(out, "<h2>{}</h2>", w.median_title);
    if sheet.representative.is_none() {
        let _ = writeln!(out, "<p class=\"muted\">{DASH}</p>");
    }
    // Quality.
    let _ = writeln!(
        out,
        "<h2>{}</h2>\n<table><tr><th>{}</th><th>{}</th><th>{}</th></tr>",
        w.quality, w.lead, w.grade, w.issues
    );
    for q in &report.quality {
        out.push_str("<tr><td>");
        h(&mut out, &q.lead);
        out.push_str("</td><td>");
        h(&mut out, grade_name(q.grade, lang));
        out.push_str("</td><td>");
        let issues: Vec<&str> = q.issues.iter().map(|i| issue_name(*i, lang)).collect();
        h(
            &mut out,
            &if issues.is_empty() {
                DASH.to_string()
            } else {
                issues.join(", ")
            },
        );
        out.push_str("</td></tr>\n");
    }
    out.push_str("</table>\n");
    let _ = writeln!(out, "<h2>{}</h2>\n<pre>", w.full_text);
    h(&mut out, &report.text(lang));
    out.push_str("</pre>\n</main>\n");
    for p in rest {
        push_svg(&mut out, &p.svg);
    }
    out.push_str("</body>\n</html>\n");
    out
}

/// Inlines a page's SVG with the `page` class (for the CSS sizing and print breaks).
fn push_svg(out: &mut String, svg: &str) {
    match svg.strip_prefix("<svg ") {
        Some(rest) => {
            out.push_str("<svg class=\"page\" ");
            out.push_str(rest);
        }
        None => out.push_str(svg),
    }
}
