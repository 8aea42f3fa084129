//! The HTML page of a LUDB record in Chinese, screenshot by headless Chromium: the grid pitch in
//! pixels at a known device scale, a page that is not blank, and the Chinese statements drawn
//! in a CJK font, not as missing-glyph boxes (compared with the same page rendered by resvg
//! with Noto Sans CJK alone, and with a font that has no Chinese).
//!
//! `.ci/run` installs `chromium` and `fonts-noto-cjk` from Debian. Without them the test says so
//! and skips, or fails when `SINUS_REQUIRE_DATA=1` (as CI sets).

use crate::raster::{Image, run_centres, slope};
use resvg::usvg;
use sinus::render::{RectMm, RenderOptions, Sheet};
use sinus::report::Lang;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// Device pixels per CSS pixel in the screenshot.
const DEVICE_SCALE: f64 = 2.0;
/// Device pixels per mm: CSS has 96 px to the inch.
const DEV_PX_PER_MM: f64 = 96.0 / 25.4 * DEVICE_SCALE;

fn required() -> bool {
    std::env::var("SINUS_REQUIRE_DATA").as_deref() == Ok("1")
}

/// Skips (returns None) or, when required, fails, saying why.
fn missing(what: &str) -> Option<()> {
    if required() {
        panic!(
            "SINUS_REQUIRE_DATA=1 but {what} (.ci/run installs it: apt-get install -y chromium fonts-noto-cjk)"
        );
    }
    eprintln!("skipping the browser test: {what}");
    None
}

fn which(names: &[&str]) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    for dir in std::env::split_paths(&path) {
        for n in names {
            let p = dir.join(n);
            if p.is_file() {
                return Some(p);
            }
        }
    }
    None
}

/// The file of the font fontconfig gives for `family`, if it is that family.
fn font_file(family: &str, must_contain: &str) -> Option<PathBuf> {
    let out = Command::new("fc-match")
        .args(["-f", "%{file}", family])
        .output()
        .ok()?;
    let p = PathBuf::from(String::from_utf8_lossy(&out.stdout).trim());
    (p.is_file() && p.to_string_lossy().contains(must_contain)).then_some(p)
}

/// Runs Chromium headless on `html`, as the environment requires (no sandbox as root, no GPU,
/// no network: the background services are switched off), and returns the screenshot.
fn screenshot(chromium: &Path, html: &Path, dir: &Path, window: (u32, u32)) -> PathBuf {
    let shot = dir.join("shot.png");
    let profile = tempfile::tempdir().unwrap();
    let mut child = Command::new(chromium)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--hide-scrollbars",
            "--force-color-profile=srgb",
        ])
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .arg(format!("--force-device-scale-factor={DEVICE_SCALE}"))
        .arg(format!("--window-size={},{}", window.0, window.1))
        .arg(format!("--screenshot={}", shot.display()))
        .arg(format!("file://{}", html.display()))
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("chromium starts");
    let t0 = Instant::now();
    loop {
        match child.try_wait().unwrap() {
            Some(status) => {
                let mut err = String::new();
                if let Some(mut e) = child.stderr.take() {
                    let _ = std::io::Read::read_to_string(&mut e, &mut err);
                }
                assert!(
                    status.success() && shot.is_file(),
                    "chromium failed: {status}\n{err}"
                );
                return shot;
            }
            None if t0.elapsed() > Duration::from_secs(120) => {
                let _ = child.kill();
                panic!("chromium took more than 120 s");
            }
            None => std::thread::sleep(Duration::from_millis(100)),
        }
    }
}

/// The crop of `img` over `r` (mm at `px_per_mm`), as darkness 0..1, lightly blurred so that a
/// pixel of hinting or rounding between two renderers does not matter.
fn crop(img: &Image, r: &RectMm, px_per_mm: f64) -> (usize, usize, Vec<f64>) {
    let (x0, y0) = ((r.x * px_per_mm) as usize, (r.y * px_per_mm) as usize);
    let (w, h) = ((r.w * px_per_mm) as usize, (r.h * px_per_mm) as usize);
    let dark = |x: usize, y: usize| {
        let [r, g, b] = img.px((x0 + x).min(img.w - 1), (y0 + y).min(img.h - 1));
        1.0 - (f64::from(r) + f64::from(g) + f64::from(b)) / 765.0
    };
    let mut out = vec![0.0; w * h];
    let rad = 2i64;
    for y in 0..h {
        for x in 0..w {
            let (mut s, mut n) = (0.0, 0.0);
            for dy in -rad..=rad {
                for dx in -rad..=rad {
                    let (xx, yy) = (x as i64 + dx, y as i64 + dy);
                    if xx >= 0 && yy >= 0 && (xx as usize) < w && (yy as usize) < h {
                        s += dark(xx as usize, yy as usize);
                        n += 1.0;
                    }
                }
            }
            out[y * w + x] = s / n;
        }
    }
    (w, h, out)
}

/// Normalised cross-correlation of two same-size crops, best over shifts of up to 4 px.
fn ncc(a: &(usize, usize, Vec<f64>), b: &(usize, usize, Vec<f64>)) -> f64 {
    let (w, h) = (a.0, a.1);
    assert_eq!((w, h), (b.0, b.1));
    let mut best = 0.0f64;
    for sy in -4i64..=4 {
        for sx in -4i64..=4 {
            let mut pairs = Vec::new();
            for y in 4..h.saturating_sub(4) {
                for x in 4..w.saturating_sub(4) {
                    let (xb, yb) = ((x as i64 + sx) as usize, (y as i64 + sy) as usize);
                    pairs.push((a.2[y * w + x], b.2[yb * w + xb]));
                }
            }
            let n = pairs.len() as f64;
            let ma = pairs.iter().map(|p| p.0).sum::<f64>() / n;
            let mb = pairs.iter().map(|p| p.1).sum::<f64>() / n;
            let (mut sab, mut saa, mut sbb) = (0.0, 0.0, 0.0);
            for (x, y) in &pairs {
                sab += (x - ma) * (y - mb);
                saa += (x - ma) * (x - ma);
                sbb += (y - mb) * (y - mb);
            }
            if saa > 0.0 && sbb > 0.0 {
                best = best.max(sab / (saa * sbb).sqrt());
            }
        }
    }
    best
}

/// The page rendered by resvg with only the fonts in `files`, at the screenshot's scale.
fn resvg_with(svg: &str, files: &[&Path], sans: &str) -> Image {
    let mut db = usvg::fontdb::Database::new();
    for f in files {
        db.load_font_file(f).unwrap();
    }
    db.set_sans_serif_family(sans);
    let opt = usvg::Options {
        fontdb: std::sync::Arc::new(db),
        ..usvg::Options::default()
    };
    let tree = usvg::Tree::from_str(svg, &opt).unwrap();
    let scale = (DEV_PX_PER_MM * 25.4 / 96.0) as f32;
    let s = tree.size();
    let mut pm = resvg::tiny_skia::Pixmap::new(
        (s.width() * scale).ceil() as u32,
        (s.height() * scale).ceil() as u32,
    )
    .unwrap();
    pm.fill(resvg::tiny_skia::Color::WHITE);
    resvg::render(
        &tree,
        resvg::tiny_skia::Transform::from_scale(scale, scale),
        &mut pm.as_mut(),
    );
    Image::from_pixmap(&pm)
}

#[test]
fn chromium_shows_the_chinese_page_on_true_grid() {
    let Some(chromium) = which(&["chromium", "chromium-browser", "google-chrome"]) else {
        missing("chromium is not installed");
        return;
    };
    let Some(noto) = font_file("Noto Sans CJK SC", "NotoSansCJK") else {
        missing("Noto Sans CJK (fonts-noto-cjk) is not installed");
        return;
    };
    let Some(dir) = crate::common::db("ludb/data") else {
        return;
    };
    let rec = sinus::io::wfdb::read_record(dir.join("1")).unwrap();
    let report = sinus::analyze(&rec).unwrap();
    let opts = RenderOptions::default().lang(Lang::Zh);
    let sheet = Sheet::new(&rec, &report, opts).unwrap();
    let g = sheet.geometry();
    let tmp = tempfile::tempdir().unwrap();
    let html = tmp.path().join("ludb1.html");
    std::fs::write(&html, sheet.html()).unwrap();
    // 1200 × 900 CSS px: wider than the 297 mm page (1123 px), so it shows at its true size.
    let shot = screenshot(&chromium, &html, tmp.path(), (1200, 900));
    let pm = resvg::tiny_skia::Pixmap::load_png(&shot).expect("a PNG screenshot");
    let img = Image::from_pixmap(&pm);
    assert_eq!((img.w, img.h), (2400, 1800), "device scale {DEVICE_SCALE}");

    // Not blank: paper, grid and ink.
    let n = (img.w * img.h) as f64;
    let pinkish = img
        .rgb
        .iter()
        .filter(|p| p[0] as i32 - p[1] as i32 > 20)
        .count() as f64;
    let dark = img.rgb.iter().filter(|p| p.iter().all(|&c| c < 90)).count() as f64;
    assert!(
        pinkish / n > 0.1,
        "grid covers {:.1} % of the shot",
        100.0 * pinkish / n
    );
    assert!(
        dark / n > 0.003,
        "ink covers {:.2} % of the shot",
        100.0 * dark / n
    );

    // The grid: one vertical line per mm along the last minor box, 1 mm apart at 96 CSS px per
    // inch times the device scale; its left edge where the page puts it.
    let y = ((g.grid.bottom() - 0.5) * DEV_PX_PER_MM).round() as usize;
    let x0 = ((g.grid.x - 2.0) * DEV_PX_PER_MM) as usize;
    let x1 = ((g.grid.right() + 2.0) * DEV_PX_PER_MM) as usize;
    let profile: Vec<f64> = (x0..x1).map(|x| img.pink(x, y)).collect();
    let lines = run_centres(&profile, 0.06);
    assert_eq!(
        lines.len(),
        g.grid.w.round() as usize + 1,
        "minor lines across the grid"
    );
    let pitch_px = slope(&lines);
    let pitch_mm = pitch_px / DEV_PX_PER_MM;
    eprintln!(
        "browser grid pitch: {pitch_px:.3} px = {pitch_mm:.4} mm at device scale {DEVICE_SCALE}"
    );
    assert!((pitch_mm - 1.0).abs() <= 0.01, "mean pitch {pitch_mm} mm");
    for w in lines.windows(2) {
        let gap = (w[1] - w[0]) / DEV_PX_PER_MM;
        assert!((gap - 1.0).abs() <= 0.1, "a minor box {gap} mm wide");
    }
    let left = (x0 as f64 + lines[0]) / DEV_PX_PER_MM;
    assert!(
        (left - g.grid.x).abs() < 0.3,
        "grid starts at {left} mm, page says {}",
        g.grid.x
    );

    // The Chinese statements, against resvg's rendering of the same page with Noto Sans CJK
    // alone (the font drawn directly) and with DejaVu Sans alone (no Chinese: missing glyphs).
    let dejavu = font_file("DejaVu Sans", "DejaVuSans").expect("DejaVu Sans");
    let box_ = RectMm {
        h: 4.0 * report.statements.len() as f64 + 1.0,
        ..g.statements
    };
    let chrome = crop(&img, &box_, DEV_PX_PER_MM);
    let ink = chrome.2.iter().filter(|v| **v > 0.25).count();
    assert!(ink > 200, "statements drawn ({ink} dark px)");
    let svg = sheet.lead_page();
    let with_noto = crop(
        &resvg_with(&svg, &[&noto], "Noto Sans CJK SC"),
        &box_,
        DEV_PX_PER_MM,
    );
    let with_tofu = crop(
        &resvg_with(&svg, &[&dejavu], "DejaVu Sans"),
        &box_,
        DEV_PX_PER_MM,
    );
    let (same, tofu) = (ncc(&chrome, &with_noto), ncc(&chrome, &with_tofu));
    eprintln!(
        "statements: correlation with Noto Sans CJK {same:.3}, with missing glyphs {tofu:.3}"
    );
    assert!(
        same > 0.8,
        "Chromium's statements differ from Noto Sans CJK: {same:.3}"
    );
    assert!(
        same > tofu + 0.2,
        "no clearer than missing glyphs: {same:.3} vs {tofu:.3}"
    );
}
