//! The printed ECG, checked like a printout: geometry measured on rasterised pages, page sizes,
//! every layout on every lead count, flat/clipped/missing leads, the HTML page, and the HTML page
//! screenshot by a real browser.
//!
//! One test binary for the area (each binary costs a link on every fresh build).

#[path = "../common/mod.rs"]
mod common;

mod browser;
mod geometry;
mod html;
mod leads;
#[cfg(feature = "png")]
mod png;
mod props;
mod raster;
mod representative;
mod size;
