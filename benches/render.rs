//! Render benches: the 3×4 lead page of a 10 s 12-lead LUDB record (≤ 2 ms), its HTML page, and
//! the 30 min rhythm pages of mitdb 100 (≤ 200 ms). Each bench checks its answer.

#[path = "../tests/common/mod.rs"]
mod common;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use sinus::render::{RenderOptions, Sheet};
use std::hint::black_box;

fn pages(c: &mut Criterion) {
    let mut g = c.benchmark_group("render");
    if let Some(db) = common::db("ludb") {
        let rec = sinus::io::wfdb::read_record(db.join("data/1")).expect("ludb record 1");
        let report = sinus::analyze(&rec).expect("report");
        g.throughput(Throughput::Elements(1));
        g.bench_function("ludb-12lead-3x4", |b| {
            b.iter(|| {
                let sheet = Sheet::new(black_box(&rec), &report, RenderOptions::default())
                    .expect("options");
                let svg = sheet.lead_page();
                assert!(svg.len() > 10_000 && svg.len() < 250_000, "{} B", svg.len());
                svg
            })
        });
        g.bench_function("ludb-12lead-html", |b| {
            b.iter(|| {
                let sheet = Sheet::new(black_box(&rec), &report, RenderOptions::default())
                    .expect("options");
                let html = sheet.html();
                assert!(html.ends_with("</html>\n"));
                html
            })
        });
    }
    if let Some(db) = common::db("mitdb") {
        let rec = sinus::io::wfdb::read_record(db.join("100")).expect("mitdb 100");
        let report = sinus::analyze(&rec).expect("report");
        g.sample_size(10);
        g.bench_function("mitdb-100-rhythm-pages", |b| {
            b.iter(|| {
                let sheet = Sheet::new(black_box(&rec), &report, RenderOptions::default())
                    .expect("options");
                let pages = sheet.pages();
                // The lead page and 30:06 of MLII at 90 s a page.
                assert_eq!(pages.len(), 1 + 21);
                pages
            })
        });
    }
    g.finish();
}

criterion_group!(benches, pages);
criterion_main!(benches);
