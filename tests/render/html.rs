//! The HTML page is one self-contained file.

use sinus::render::{RenderOptions, Sheet};
use sinus::report::Lang;
use sinus::synth::{SynthConfig, generate};

#[test]
fn the_html_page_is_self_contained_and_complete() {
    let cfg = SynthConfig {
        duration_s: 35.0,
        ..SynthConfig::default()
    };
    let rec = generate(&cfg).unwrap().record;
    let report = sinus::analyze(&rec).unwrap();
    for lang in [Lang::En, Lang::Zh] {
        let opts = RenderOptions::default().lang(lang);
        let sheet = Sheet::new(&rec, &report, opts).unwrap();
        let html = sheet.html();
        assert!(html.starts_with("<!DOCTYPE html>"));
        assert!(html.contains("<meta charset=\"utf-8\">"));
        // No external resource: no script, link, image, import, and no URL but the SVG
        // namespace and in-document references.
        for bad in [
            "<script", "<link", "<img", "@import", "src=", "href=", "https:",
        ] {
            assert!(!html.contains(bad), "{bad} in the page");
        }
        let urls = html.matches("http:").count();
        let ns = html.matches("xmlns=\"http://www.w3.org/2000/svg\"").count();
        assert_eq!(urls, ns, "only the SVG namespace is a URL");
        for (k, _) in html.match_indices("url(") {
            assert!(html[k..].starts_with("url(#"), "url( not to an in-page id");
        }
        // Every page inline (the lead page and the rhythm pages of 35 s), each with its own
        // clip-path ids.
        let pages = sheet.pages();
        assert_eq!(pages.len(), 1 + sheet.rhythm_page_count());
        assert!(sheet.rhythm_page_count() >= 1);
        assert_eq!(html.matches("<svg class=\"page\"").count(), pages.len());
        let mut ids: Vec<&str> = html
            .match_indices("<clipPath id=\"")
            .map(|(k, m)| {
                let rest = &html[k + m.len()..];
                &rest[..rest.find('"').unwrap()]
            })
            .collect();
        let n = ids.len();
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), n, "clip-path ids unique in the page");
        // The report: statements, notice, full text.
        let notice = match lang {
            Lang::En => "Unconfirmed machine reading",
            Lang::Zh => "未经医师确认的机器分析结果",
            other => panic!("no notice text for {other:?} in this test"),
        };
        assert!(
            html.matches(notice).count() >= 2,
            "notice on the page and in the SVG"
        );
        for s in &report.statements {
            let text = sinus::report::text::sentence(s, lang);
            assert!(html.contains(&text), "{text}");
        }
        // No delineation yet: the intervals print as a dash.
        let pr = match lang {
            Lang::En => "PR",
            Lang::Zh => "PR间期",
            other => panic!("no PR label for {other:?} in this test"),
        };
        assert!(
            html.contains(&format!("<th>{pr}</th><td class=\"num\">\u{2014}</td>")),
            "PR as a dash"
        );
    }
}

#[test]
fn measurements_fill_the_header_and_the_tables() {
    use sinus::measure::{GlobalMeasurements, LeadMeasurements, Measurements};
    let rec = generate(&SynthConfig::default()).unwrap().record;
    let report = sinus::analyze(&rec).unwrap();
    let m = Measurements {
        global: GlobalMeasurements {
            heart_rate_bpm: Some(71.2),
            pr_ms: Some(158.0),
            qrs_ms: Some(92.4),
            qt_ms: Some(388.0),
            qtc_ms: Some(421.0),
            p_axis_deg: Some(55.0),
            qrs_axis_deg: Some(-12.0),
            t_axis_deg: None,
            ..GlobalMeasurements::default()
        },
        leads: vec![LeadMeasurements {
            lead: "V5".into(),
            r_mv: Some(1.734),
            qrs_morphology: Some("qRs".into()),
            ..LeadMeasurements::default()
        }],
        beats: Vec::new(),
    };
    let sheet = Sheet::new(&rec, &report, RenderOptions::default())
        .unwrap()
        .with_measurements(&m);
    let svg = sheet.lead_page();
    for want in [
        "71 bpm",
        "158 ms",
        "92 ms",
        "388/421 ms",
        "55/-12/\u{2014}°",
    ] {
        assert!(svg.contains(want), "{want} in the header");
    }
    let html = sheet.html();
    assert!(html.contains("<td>V5</td><td>qRs</td>"), "per-lead table");
    assert!(html.contains("<td class=\"num\">1.73</td>"));
    assert!(html.contains("388/421 ms"));
}
