//! PNG pages (feature `png`): the raster has the page's size, its grid, and its text.

use crate::raster::{Image, run_centres, slope};
use sinus::render::{RenderError, RenderOptions, Sheet, to_png};
use sinus::synth::{SynthConfig, generate};

#[test]
fn png_pages_have_size_grid_and_text() {
    let rec = generate(&SynthConfig::default()).unwrap().record;
    let report = sinus::analyze(&rec).unwrap();
    let sheet = Sheet::new(&rec, &report, RenderOptions::default()).unwrap();
    let g = sheet.geometry();
    let ppm = 8.0f32;
    let bytes = to_png(&sheet.lead_page(), ppm).unwrap();
    let img = Image::from_pixmap(&resvg::tiny_skia::Pixmap::decode_png(&bytes).unwrap());
    assert_eq!((img.w, img.h), (2376, 1680), "297 × 210 mm at 8 px/mm");
    let p = |mm: f64| (mm * f64::from(ppm)).round() as usize;
    let y = p(g.grid.bottom() - 0.5);
    let profile: Vec<f64> = (p(g.grid.x - 1.0)..p(g.grid.right() + 1.0))
        .map(|x| img.pink(x, y))
        .collect();
    let lines = run_centres(&profile, 0.06);
    assert_eq!(lines.len(), g.grid.w.round() as usize + 1);
    assert!((slope(&lines) / f64::from(ppm) - 1.0).abs() < 0.01);
    // The title, top left, is text: ink there means the fonts were found and used.
    let ink = (p(g.header.x)..p(g.header.x + 30.0))
        .flat_map(|x| (p(g.header.y)..p(g.header.y + 5.0)).map(move |y| (x, y)))
        .filter(|&(x, y)| img.ink(x, y) > 0.5)
        .count();
    assert!(ink > 100, "title drawn: {ink} dark px");
    assert!(matches!(
        to_png(&sheet.lead_page(), f32::NAN),
        Err(RenderError::InvalidOption { .. })
    ));
    assert!(matches!(to_png("<svg", 4.0), Err(RenderError::Raster(_))));
}
