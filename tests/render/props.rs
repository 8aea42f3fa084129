//! Every layout on every lead count from 1 to 18 and records from 1 s to 30 min renders without
//! panic, every page well-formed.

use ndarray::Array2;
use proptest::prelude::*;
use sinus::render::{Gain, Layout, RenderOptions, Sheet, Speed};
use sinus::report::Lang;
use sinus::{Lead, Record, SampleRate};

const LAYOUTS: [Layout; 4] = [
    Layout::ThreeByFour,
    Layout::SixByTwo,
    Layout::TwelveByOne,
    Layout::Eighteen,
];

/// A cheap deterministic signal: a spike train on a slow wave, with optional NaN runs.
fn signal(n_leads: usize, n: usize, seed: u64, nan: bool) -> Array2<f32> {
    let mut state = seed | 1;
    Array2::from_shape_fn((n_leads, n), |(l, i)| {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        let noise = (state % 1000) as f32 / 20_000.0;
        if nan && (i / 97 + l) % 11 == 0 {
            return f32::NAN;
        }
        let spike = if i % 400 < 4 { 1.5 } else { 0.0 };
        spike + 0.2 * ((i as f32) / 300.0).sin() + noise + l as f32 * 0.01
    })
}

/// Lead names: the 18 standard leads, Holter leads, or names render has never heard of.
fn leads(n: usize, kind: u8) -> Vec<Lead> {
    match kind % 3 {
        0 => Lead::STANDARD_18[..n].to_vec(),
        1 => [Lead::MLII, Lead::V5, Lead::MV1, Lead::X, Lead::Y, Lead::Z]
            .into_iter()
            .chain((0..).map(|k| Lead::Other(format!("ch{k}"))))
            .take(n)
            .collect(),
        _ => (0..n).map(|k| Lead::Other(format!("<&\"{k}"))).collect(),
    }
}

fn check_svg(svg: &str) {
    assert!(svg.starts_with("<svg") && svg.trim_end().ends_with("</svg>"));
    resvg::usvg::Tree::from_str(svg, &resvg::usvg::Options::default()).expect("well-formed SVG");
}

fn render_all(rec: &Record, opts: RenderOptions) -> usize {
    // The report of the first 10 s: rendering reads it, whatever made it.
    let head = rec.slice_samples(0, rec.fs().samples(10.0));
    let report = sinus::analyze(&head).expect("a report");
    let sheet = Sheet::new(rec, &report, opts).unwrap();
    let pages = sheet.pages();
    let g = sheet.geometry();
    for c in &g.cells {
        assert!(c.x_mm >= g.grid.x && c.x_mm + c.width_mm <= g.grid.right() + 1e-9);
        assert!(c.baseline_mm >= g.grid.y && c.baseline_mm <= g.grid.bottom());
    }
    for p in &pages {
        check_svg(&p.svg);
    }
    let html = sheet.html();
    assert!(html.ends_with("</html>\n"));
    pages.len()
}

#[test]
fn every_layout_on_every_lead_count() {
    let fs = SampleRate::new(250.0).unwrap();
    for n in 1..=18 {
        for kind in 0..3u8 {
            let rec =
                Record::new("p", leads(n, kind), fs, signal(n, 500, n as u64, kind == 1)).unwrap();
            for layout in LAYOUTS {
                for cabrera in [false, true] {
                    let opts = RenderOptions::default().layout(layout).cabrera(cabrera);
                    assert_eq!(render_all(&rec, opts), 1, "{n} leads, {layout}");
                }
            }
        }
    }
}

#[test]
fn thirty_minutes_of_twelve_leads() {
    let fs = SampleRate::new(500.0).unwrap();
    let n = 30 * 60 * 500;
    let rec = Record::new(
        "long",
        Lead::STANDARD_12.to_vec(),
        fs,
        signal(12, n, 7, false),
    )
    .unwrap();
    let pages = render_all(&rec, RenderOptions::default());
    // 180 rows of 10 s, 9 rows a page at 10 mm/mV on A4 (a 180 mm grid, 2 mV a row).
    assert_eq!(pages, 1 + 20);
}

proptest! {
    #![proptest_config(crate::common::proptest_config(24))]

    #[test]
    fn any_record_any_options_renders(
        n_leads in 1usize..=18,
        kind in 0u8..3,
        log_dur in 0.0f64..(1800.0f64).ln(),
        fs in prop::sample::select(vec![100.0, 128.0, 250.0, 257.3, 360.0, 500.0, 1000.0]),
        nan in any::<bool>(),
        layout in prop::sample::select(LAYOUTS.to_vec()),
        speed in prop::sample::select(vec![Speed::Mm12_5, Speed::Mm25, Speed::Mm50]),
        gain in prop::sample::select(vec![Gain::Mm5, Gain::Mm10, Gain::Mm20]),
        zh in any::<bool>(),
        cabrera in any::<bool>(),
        start_s in 0.0f64..60.0,
        rhythm in 0usize..18,
        seed in any::<u64>(),
    ) {
        // Bound the memory of one case: at most 4 M samples.
        let dur = log_dur.exp();
        let n = ((dur * fs) as usize).clamp(1, 4_000_000 / n_leads);
        let rec = Record::new(
            "prop",
            leads(n_leads, kind),
            SampleRate::new(fs).unwrap(),
            signal(n_leads, n, seed, nan),
        )
        .unwrap();
        let opts = RenderOptions::default().layout(layout).speed(speed).gain(gain).lang(if zh { Lang::Zh } else { Lang::En }).cabrera(cabrera).start_s(start_s).rhythm_lead(Lead::STANDARD_18[rhythm].clone());
        let pages = render_all(&rec, opts);
        prop_assert!(pages >= 1);
    }
}
