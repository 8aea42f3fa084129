//! Rasterising pages (resvg) and finding lines in the pixels.

use resvg::tiny_skia::Pixmap;
use resvg::usvg;

/// 300 dpi, the resolution of a clinic's printer.
pub const PX_PER_MM: f32 = 300.0 / 25.4;

/// The page at `px_per_mm`, on white. Text is not drawn (no fonts loaded): geometry only.
pub fn raster(svg: &str, px_per_mm: f32) -> Pixmap {
    let tree = usvg::Tree::from_str(svg, &usvg::Options::default()).expect("the SVG parses");
    // usvg sizes mm at 96 px per inch.
    let scale = px_per_mm * 25.4 / 96.0;
    let size = tree.size();
    let mut pm = Pixmap::new(
        (size.width() * scale).ceil() as u32,
        (size.height() * scale).ceil() as u32,
    )
    .expect("a raster");
    pm.fill(resvg::tiny_skia::Color::WHITE);
    resvg::render(
        &tree,
        resvg::tiny_skia::Transform::from_scale(scale, scale),
        &mut pm.as_mut(),
    );
    pm
}

/// An RGB view of a decoded or rendered image.
pub struct Image {
    pub w: usize,
    pub h: usize,
    /// RGB, row-major, alpha composited on white.
    pub rgb: Vec<[u8; 3]>,
}

impl Image {
    pub fn from_pixmap(pm: &Pixmap) -> Image {
        let rgb = pm
            .pixels()
            .iter()
            .map(|p| {
                let c = p.demultiply();
                let a = f32::from(c.alpha()) / 255.0;
                let mix = |v: u8| (f32::from(v) * a + 255.0 * (1.0 - a)).round() as u8;
                [mix(c.red()), mix(c.green()), mix(c.blue())]
            })
            .collect();
        Image {
            w: pm.width() as usize,
            h: pm.height() as usize,
            rgb,
        }
    }

    pub fn px(&self, x: usize, y: usize) -> [u8; 3] {
        self.rgb[y * self.w + x]
    }

    /// Darkness of the trace ink (black): 0 on white or pink paper, up to 1 on black.
    pub fn ink(&self, x: usize, y: usize) -> f64 {
        let [r, g, b] = self.px(x, y);
        // Black ink darkens red too; the grid's pink keeps red near 255.
        let _ = (g, b);
        (1.0 - f64::from(r) / 255.0).max(0.0)
    }

    /// Redness of the grid: how far green falls below red (0 on white, black or grey).
    pub fn pink(&self, x: usize, y: usize) -> f64 {
        let [r, g, _] = self.px(x, y);
        (f64::from(r) - f64::from(g)).max(0.0) / 255.0
    }
}

/// Centres of the runs where `profile` exceeds `thr`, each the profile-weighted centroid (px).
pub fn run_centres(profile: &[f64], thr: f64) -> Vec<f64> {
    let mut out = Vec::new();
    let mut k = 0;
    while k < profile.len() {
        if profile[k] > thr {
            let (mut sw, mut swx) = (0.0, 0.0);
            while k < profile.len() && profile[k] > thr {
                sw += profile[k];
                swx += profile[k] * k as f64;
                k += 1;
            }
            out.push(swx / sw);
        } else {
            k += 1;
        }
    }
    out
}

/// Runs (first, last) where `profile` exceeds `thr`.
pub fn runs(profile: &[f64], thr: f64) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut k = 0;
    while k < profile.len() {
        if profile[k] > thr {
            let a = k;
            while k < profile.len() && profile[k] > thr {
                k += 1;
            }
            out.push((a, k - 1));
        } else {
            k += 1;
        }
    }
    out
}

/// Least-squares slope of `y` against 0, 1, 2, ...
pub fn slope(y: &[f64]) -> f64 {
    let n = y.len() as f64;
    let mx = (n - 1.0) / 2.0;
    let my = y.iter().sum::<f64>() / n;
    let (mut sxy, mut sxx) = (0.0, 0.0);
    for (i, v) in y.iter().enumerate() {
        let dx = i as f64 - mx;
        sxy += dx * (v - my);
        sxx += dx * dx;
    }
    sxy / sxx
}
