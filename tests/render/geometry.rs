//! Geometry measured on the rasterised page at 300 dpi: grid pitch, calibration pulse, a 1 mV
//! square wave, and a real record's samples found back in the pixels.

use crate::raster::{Image, PX_PER_MM, raster, run_centres, runs, slope};
use ndarray::Array2;
use sinus::render::{Gain, PageGeometry, RenderOptions, Sheet, Speed};
use sinus::{Lead, Record, SampleRate};

fn flat12() -> Record {
    Record::new(
        "flat",
        Lead::STANDARD_12.to_vec(),
        SampleRate::new(500.0).unwrap(),
        Array2::zeros((12, 5000)),
    )
    .unwrap()
}

fn page(rec: &Record, opts: RenderOptions) -> (PageGeometry, Image) {
    let report = sinus::analyze(rec).unwrap();
    let sheet = Sheet::new(rec, &report, opts).unwrap();
    let g = sheet.geometry();
    let img = Image::from_pixmap(&raster(&sheet.lead_page(), PX_PER_MM));
    (g, img)
}

fn px(mm: f64) -> f64 {
    mm * f64::from(PX_PER_MM)
}
fn mm(px: f64) -> f64 {
    px / f64::from(PX_PER_MM)
}

#[test]
fn minor_grid_pitch_is_one_mm_and_major_five() {
    let (g, img) = page(&flat12(), RenderOptions::default());
    // A horizontal scan through the last minor box of the grid (below every trace) crosses
    // every vertical line; a vertical scan near the right edge crosses every horizontal one.
    let y = px(g.grid.bottom() - 0.5).round() as usize;
    let x0 = px(g.grid.x - 2.0).round() as usize;
    let x1 = px(g.grid.right() + 2.0).round() as usize;
    let row: Vec<f64> = (x0..x1).map(|x| img.pink(x, y)).collect();
    // Left of the calibration pulses' lead-in, where no trace is drawn.
    let xc = px(g.grid.x + 0.5).round() as usize;
    let y0 = px(g.grid.y - 2.0).round() as usize;
    let y1 = px(g.grid.bottom() + 2.0).round() as usize;
    let col: Vec<f64> = (y0..y1).map(|y| img.pink(xc, y)).collect();
    for (profile, span, what) in [(&row, g.grid.w, "vertical"), (&col, g.grid.h, "horizontal")] {
        let lines = run_centres(profile, 0.08);
        assert_eq!(
            lines.len(),
            span.round() as usize + 1,
            "{what} grid lines: one per mm"
        );
        let pitch = mm(slope(&lines));
        assert!((pitch - 1.0).abs() < 0.005, "{what} mean pitch {pitch} mm");
        for w in lines.windows(2) {
            let gap = mm(w[1] - w[0]);
            assert!((gap - 1.0).abs() <= 0.05, "{what} minor pitch {gap} mm");
        }
        // Major lines (redder) every 5 mm, starting on the grid's edge.
        let major: Vec<f64> = runs(profile, 0.08)
            .into_iter()
            .filter(|&(a, b)| profile[a..=b].iter().cloned().fold(0.0, f64::max) > 0.3)
            .map(|(a, b)| (a + b) as f64 / 2.0)
            .collect();
        assert_eq!(
            major.len(),
            (span / 5.0).round() as usize + 1,
            "{what} majors"
        );
        let mp = mm(slope(&major));
        assert!((mp - 5.0).abs() < 0.02, "{what} major pitch {mp} mm");
    }
}

/// The ink runs (first, last px) along a vertical scan at `x_mm` between `ya` and `yb` (mm).
fn ink_runs_v(img: &Image, x_mm: f64, ya: f64, yb: f64) -> Vec<(f64, f64)> {
    let x = px(x_mm).round() as usize;
    let a = px(ya).round().max(0.0) as usize;
    let b = (px(yb).round() as usize).min(img.h - 1);
    let prof: Vec<f64> = (a..=b).map(|y| img.ink(x, y)).collect();
    runs(&prof, 0.35)
        .into_iter()
        .map(|(s, e)| (mm((a + s) as f64), mm((a + e) as f64)))
        .collect()
}

fn ink_centres_v(img: &Image, x_mm: f64, ya: f64, yb: f64) -> Vec<f64> {
    let x = px(x_mm).round() as usize;
    let a = px(ya).round().max(0.0) as usize;
    let b = (px(yb).round() as usize).min(img.h - 1);
    let prof: Vec<f64> = (a..=b).map(|y| img.ink(x, y)).collect();
    run_centres(&prof, 0.2)
        .into_iter()
        .map(|c| mm(a as f64 + c))
        .collect()
}

fn ink_centres_h(img: &Image, y_mm: f64, xa: f64, xb: f64) -> Vec<f64> {
    let y = px(y_mm).round() as usize;
    let a = px(xa).round().max(0.0) as usize;
    let b = (px(xb).round() as usize).min(img.w - 1);
    let prof: Vec<f64> = (a..=b).map(|x| img.ink(x, y)).collect();
    run_centres(&prof, 0.2)
        .into_iter()
        .map(|c| mm(a as f64 + c))
        .collect()
}

#[test]
fn calibration_pulse_is_one_millivolt_by_200_ms() {
    for (speed, gain) in [
        (Speed::Mm25, Gain::Mm10),
        (Speed::Mm50, Gain::Mm5),
        (Speed::Mm12_5, Gain::Mm20),
    ] {
        let opts = RenderOptions::default().speed(speed).gain(gain);
        let (g, img) = page(&flat12(), opts);
        let (want_w, want_h) = (0.2 * speed.mm_per_s(), gain.mm_per_mv());
        assert_eq!(g.calibrations.len(), 4, "one pulse per row of the 3x4 page");
        for c in &g.calibrations {
            let mid = c.y + c.h / 2.0;
            let edges = ink_centres_h(&img, mid, c.x - 1.0, c.right() + 1.0);
            assert_eq!(
                edges.len(),
                2,
                "two vertical edges at mid-height: {edges:?}"
            );
            let w = edges[1] - edges[0];
            assert!(
                (w - want_w).abs() <= 0.05,
                "pulse width {w} mm, want {want_w}"
            );
            let top = ink_centres_v(&img, c.x + c.w / 2.0, c.y - 3.0, c.y + 3.0);
            let base = ink_centres_v(&img, g.grid.x + 1.3, c.bottom() - 3.0, c.bottom() + 3.0);
            assert_eq!((top.len(), base.len()), (1, 1), "{top:?} {base:?}");
            let h = base[0] - top[0];
            assert!(
                (h - want_h).abs() <= 0.05,
                "pulse height {h} mm, want {want_h}"
            );
        }
    }
}

#[test]
fn a_one_millivolt_square_wave_spans_ten_mm() {
    // Lead II: 0 mV for 0.6 s, 1 mV for 0.4 s (so its median, drawn on the baseline, is 0 mV
    // and 1 mV stays on the paper at 20 mm/mV); the other leads flat.
    let mut sig = Array2::<f32>::zeros((12, 5000));
    for i in 0..5000 {
        sig[[1, i]] = if i % 500 >= 300 { 1.0 } else { 0.0 };
    }
    let rec = Record::new(
        "square",
        Lead::STANDARD_12.to_vec(),
        SampleRate::new(500.0).unwrap(),
        sig,
    )
    .unwrap();
    for gain in [Gain::Mm10, Gain::Mm20, Gain::Mm5] {
        let opts = RenderOptions::default().gain(gain);
        let (g, img) = page(&rec, opts);
        let strip = g.cells.iter().find(|c| c.rhythm).expect("the rhythm strip");
        assert_eq!((strip.label.as_str(), strip.offset_mv), ("II", 0.0));
        let level = |t: f64| {
            let x = strip.x_mm + (t - strip.start_s) * g.mm_per_s;
            let c = ink_centres_v(&img, x, strip.baseline_mm - 25.0, strip.baseline_mm + 25.0);
            assert_eq!(c.len(), 1, "one trace at t = {t}: {c:?}");
            c[0]
        };
        for k in 0..9 {
            let low = level(k as f64 + 0.3);
            let high = level(k as f64 + 0.8);
            let span = low - high;
            let want = gain.mm_per_mv();
            assert!(
                (span - want).abs() <= 0.05,
                "1 mV spans {span} mm at {want} mm/mV"
            );
        }
    }
}

/// For each (t, v) of a cell, whether the ink near x(t) covers y(v) within `tol` mm.
fn found(
    img: &Image,
    g: &PageGeometry,
    cell: &sinus::render::CellGeometry,
    t: f64,
    v: f32,
    tol: f64,
) -> bool {
    let x = cell.x_mm + (t - cell.start_s) * g.mm_per_s;
    let y = cell.baseline_mm - f64::from(v - cell.offset_mv) * g.mm_per_mv;
    // The drawn point of a sample may sit up to one 0.1 mm path unit from its exact x.
    [-0.17, -0.085, 0.0, 0.085, 0.17].iter().any(|dx| {
        ink_runs_v(img, x + dx, y - 8.0, y + 8.0)
            .iter()
            .any(|&(a, b)| y >= a - tol && y <= b + tol)
    })
}

#[test]
fn a_real_record_lies_where_its_samples_say() {
    let Some(dir) = crate::common::db("ludb/data") else {
        return;
    };
    let rec = sinus::io::wfdb::read_record(dir.join("1")).unwrap();
    let (g, img) = page(&rec, RenderOptions::default());
    let fs = rec.fs().hz();
    let sig = rec.signals();
    let (mut tried, mut hit) = (0, 0);
    let (mut peaks, mut peaks_hit, mut shifted_hit) = (0, 0, 0);
    for cell in &g.cells {
        let row = sig.row(cell.row.unwrap());
        let a = (cell.start_s * fs).round() as usize;
        let b = ((cell.end_s * fs).round() as usize).min(rec.n_samples());
        // Every 20th sample (40 ms), away from the lead-change tick at the cell's start.
        for i in (a + 10..b).step_by(20) {
            tried += 1;
            if found(&img, &g, cell, i as f64 / fs, row[i], 0.25) {
                hit += 1;
            }
        }
        // The peak of each 1 s stretch: an R wave (or S), where a misplaced trace shows most.
        for s in (a + 10..b).step_by(fs as usize) {
            let e = (s + fs as usize).min(b);
            let Some(i) = (s..e).max_by(|&p, &q| {
                (row[p] - cell.offset_mv)
                    .abs()
                    .total_cmp(&(row[q] - cell.offset_mv).abs())
            }) else {
                continue;
            };
            if (row[i] - cell.offset_mv).abs() < 0.5 {
                continue;
            }
            peaks += 1;
            if found(&img, &g, cell, i as f64 / fs, row[i], 0.25) {
                peaks_hit += 1;
            }
            // The same sample 40 ms late: the check must be able to fail.
            if found(&img, &g, cell, i as f64 / fs + 0.04, row[i], 0.25) {
                shifted_hit += 1;
            }
        }
    }
    assert!(tried > 900 && peaks > 25, "{tried} samples, {peaks} peaks");
    assert_eq!(hit, tried, "samples found in the ink: {hit} of {tried}");
    assert_eq!(peaks_hit, peaks, "peaks found in the ink");
    assert!(
        shifted_hit * 5 < peaks,
        "peaks 40 ms off should not be found: {shifted_hit} of {peaks} were"
    );
}
