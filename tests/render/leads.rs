//! Flat, clipped, missing and absent leads are drawn as such and labelled.

use crate::raster::{Image, PX_PER_MM, raster};
use ndarray::Axis;
use sinus::quality::Issue;
use sinus::render::{LeadStatus, RenderOptions, Sheet};
use sinus::report::Lang;
use sinus::synth::{SynthConfig, generate};
use sinus::{Lead, Record};

/// 10 s of synthetic 12-lead sinus rhythm with V2 flat, V3 clipped at 0.3 mV, V4 all missing
/// and V5 not recorded at all.
fn damaged() -> Record {
    let s = generate(&SynthConfig::default()).unwrap();
    let rec = s.record;
    let mut sig = rec.signals().to_owned();
    let k = |l: Lead| rec.lead_index(&l).unwrap();
    sig.row_mut(k(Lead::V2)).fill(0.0);
    sig.row_mut(k(Lead::V3)).mapv_inplace(|v| v.min(0.3));
    sig.row_mut(k(Lead::V4)).fill(f32::NAN);
    let v5 = k(Lead::V5);
    let keep: Vec<usize> = (0..rec.n_leads()).filter(|&r| r != v5).collect();
    let sig = sig.select(Axis(0), &keep);
    let leads = keep.iter().map(|&r| rec.leads()[r].clone()).collect();
    Record::new("damaged", leads, rec.fs(), sig).unwrap()
}

#[test]
fn damaged_leads_are_drawn_as_such_and_labelled() {
    let rec = damaged();
    let report = sinus::analyze(&rec).unwrap();
    let q = |name: &str| report.quality.iter().find(|q| q.lead == name).unwrap();
    assert!(q("V2").issues.contains(&Issue::Flat), "{:?}", q("V2"));
    assert!(q("V3").issues.contains(&Issue::Saturation), "{:?}", q("V3"));
    assert!(
        q("V4").issues.contains(&Issue::MissingSamples),
        "{:?}",
        q("V4")
    );
    for (lang, words) in [
        (
            Lang::En,
            ["flat / lead off", "clipped", "no signal", "not recorded"],
        ),
        (Lang::Zh, ["直线/导联脱落", "信号饱和", "无信号", "未记录"]),
    ] {
        let opts = RenderOptions::default().lang(lang);
        let sheet = Sheet::new(&rec, &report, opts).unwrap();
        let g = sheet.geometry();
        let cell = |label: &str| {
            g.cells
                .iter()
                .find(|c| c.label == label && !c.rhythm)
                .unwrap()
        };
        assert_eq!(cell("V2").status, LeadStatus::Flat);
        assert_eq!(cell("V3").status, LeadStatus::Clipped);
        assert_eq!(cell("V4").status, LeadStatus::NoSignal);
        assert_eq!(cell("V5").status, LeadStatus::NotRecorded);
        assert_eq!(cell("V5").row, None);
        assert_eq!(cell("V1").status, LeadStatus::Ok);
        let svg = sheet.lead_page();
        for w in words {
            assert_eq!(svg.matches(w).count(), 1, "label {w:?} once");
        }
        if lang == Lang::Zh {
            continue;
        }
        // In the pixels: V2 a straight line on its baseline over the whole cell; V4 and V5 a
        // dashed grey baseline (ink over part of the cell, none of it black); V3's tops flat
        // at 0.3 mV.
        let img = Image::from_pixmap(&raster(&svg, PX_PER_MM));
        let p = |mm: f64| (mm * f64::from(PX_PER_MM)).round() as usize;
        let along = |label: &str, y_mm: f64| -> (f64, f64) {
            let c = cell(label);
            let y = p(y_mm);
            let xs = p(c.x_mm + 0.5)..p(c.x_mm + c.width_mm - 0.5);
            let n = xs.len() as f64;
            let inked = xs.clone().filter(|&x| img.ink(x, y) > 0.3).count() as f64;
            let black = xs.filter(|&x| img.ink(x, y) > 0.8).count() as f64;
            (inked / n, black / n)
        };
        let (v2, _) = along("V2", cell("V2").baseline_mm);
        assert!(v2 > 0.99, "V2 drawn flat on its baseline: {v2}");
        for l in ["V4", "V5"] {
            let (inked, black) = along(l, cell(l).baseline_mm);
            assert!(
                (0.3..0.7).contains(&inked) && black == 0.0,
                "{l} dashed: {inked} {black}"
            );
        }
        let c3 = cell("V3");
        let top = c3.baseline_mm - f64::from(0.3 - c3.offset_mv) * g.mm_per_mv;
        let (v3, _) = along("V3", top);
        assert!(v3 > 0.02, "V3's clipped tops drawn flat at 0.3 mV: {v3}");
    }
}
