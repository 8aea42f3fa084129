//! Rasterising a page to PNG (feature `png`), through `resvg` (pure Rust).

use super::RenderError;
use std::sync::{Arc, OnceLock};

/// The system fonts, loaded once per process (loading scans the font folders: tens of ms).
fn fonts() -> Arc<resvg::usvg::fontdb::Database> {
    static DB: OnceLock<Arc<resvg::usvg::fontdb::Database>> = OnceLock::new();
    DB.get_or_init(|| {
        let mut db = resvg::usvg::fontdb::Database::new();
        db.load_system_fonts();
        Arc::new(db)
    })
    .clone()
}

/// A fallback that follows the page's font-family list, as a browser does, for characters the
/// first face lacks (usvg's own takes the first face in the database that has the glyph, which
/// may be a serif CJK face), then falls back to usvg's choice.
fn fallback() -> resvg::usvg::FallbackSelectionFn<'static> {
    use resvg::usvg::fontdb::{Family, Query};
    let default = resvg::usvg::FontResolver::default_fallback_selector();
    Box::new(move |c, exclude, db| {
        let weight = exclude
            .first()
            .and_then(|id| db.face(*id))
            .map(|f| f.weight)
            .unwrap_or_default();
        for name in super::svg::FONT_FAMILY.split(',') {
            let name = name.trim().trim_matches('\'');
            let family = match name {
                "sans-serif" => Family::SansSerif,
                n => Family::Name(n),
            };
            let q = Query {
                families: &[family],
                weight,
                ..Query::default()
            };
            if let Some(id) = db.query(&q)
                && !exclude.contains(&id)
                && has_char(db, id, c)
            {
                return Some(id);
            }
        }
        default(c, exclude, db)
    })
}

fn has_char(db: &resvg::usvg::fontdb::Database, id: resvg::usvg::fontdb::ID, c: char) -> bool {
    db.with_face_data(id, |data, index| {
        ttf_parser::Face::parse(data, index)
            .ok()
            .and_then(|f| f.glyph_index(c))
            .is_some()
    }) == Some(true)
}

/// The largest raster made (pixels per side), so a caller's typo cannot ask for gigabytes.
const MAX_SIDE_PX: f32 = 20_000.0;

/// Rasterises an SVG page at `px_per_mm` pixels per millimetre (e.g. 11.81 for 300 dpi) and
/// returns the PNG bytes. Text uses the system fonts (install `fonts-noto-cjk` for Chinese).
pub fn to_png(svg: &str, px_per_mm: f32) -> Result<Vec<u8>, RenderError> {
    if !(px_per_mm.is_finite() && px_per_mm > 0.0) {
        return Err(RenderError::InvalidOption {
            what: "px_per_mm",
            found: px_per_mm.to_string(),
            expected: "a finite number > 0",
        });
    }
    let opt = resvg::usvg::Options {
        fontdb: fonts(),
        font_resolver: resvg::usvg::FontResolver {
            select_fallback: fallback(),
            ..Default::default()
        },
        ..Default::default()
    };
    let tree =
        resvg::usvg::Tree::from_str(svg, &opt).map_err(|e| RenderError::Raster(e.to_string()))?;
    // usvg sizes a document given in mm at 96 px per inch.
    let scale = px_per_mm * 25.4 / 96.0;
    let size = tree.size();
    let (w, h) = (size.width() * scale, size.height() * scale);
    if !(w >= 1.0 && h >= 1.0 && w <= MAX_SIDE_PX && h <= MAX_SIDE_PX) {
        return Err(RenderError::Raster(format!(
            "a {w:.0} × {h:.0} px raster: expected 1 to {MAX_SIDE_PX} px per side"
        )));
    }
    let mut pixmap = resvg::tiny_skia::Pixmap::new(w.ceil() as u32, h.ceil() as u32)
        .ok_or_else(|| RenderError::Raster("cannot allocate the raster".into()))?;
    pixmap.fill(resvg::tiny_skia::Color::WHITE);
    resvg::render(
        &tree,
        resvg::tiny_skia::Transform::from_scale(scale, scale),
        &mut pixmap.as_mut(),
    );
    pixmap
        .encode_png()
        .map_err(|e| RenderError::Raster(e.to_string()))
}
