//! Page sizes: a 10 s 12-lead page is at most 250 KB of SVG (60 KB gzipped).

use flate2::Compression;
use flate2::write::GzEncoder;
use sinus::render::{Layout, RenderOptions, Sheet};
use std::io::Write;

fn gz(s: &str) -> usize {
    let mut e = GzEncoder::new(Vec::new(), Compression::default());
    e.write_all(s.as_bytes()).unwrap();
    e.finish().unwrap().len()
}

#[test]
fn ten_second_twelve_lead_pages_are_small() {
    let Some(dir) = crate::common::db("ludb") else {
        return;
    };
    // The raw signal (noisier than the printed, filtered one), first 25 records, every layout.
    let records = crate::common::records(&dir);
    assert!(records.len() >= 25, "LUDB lists {} records", records.len());
    let (mut worst, mut worst_gz) = ((0, String::new()), (0, String::new()));
    for name in records.iter().take(25) {
        let rec = sinus::io::wfdb::read_record(dir.join(name)).unwrap();
        let report = sinus::analyze(&rec).unwrap();
        for layout in [
            Layout::ThreeByFour,
            Layout::SixByTwo,
            Layout::TwelveByOne,
            Layout::Eighteen,
        ] {
            let opts = RenderOptions::default().layout(layout);
            let sheet = Sheet::new(&rec, &report, opts).unwrap();
            assert_eq!(sheet.pages().len(), 1, "10 s fit on one page");
            let svg = sheet.lead_page();
            let (n, z) = (svg.len(), gz(&svg));
            let what = format!("{name} {layout}");
            if n > worst.0 {
                worst = (n, what.clone());
            }
            if z > worst_gz.0 {
                worst_gz = (z, what);
            }
        }
    }
    eprintln!(
        "largest 10 s 12-lead page: {} B ({}), largest gzipped: {} B ({})",
        worst.0, worst.1, worst_gz.0, worst_gz.1
    );
    assert!(worst.0 <= 250_000, "{} B for {}", worst.0, worst.1);
    assert!(
        worst_gz.0 <= 60_000,
        "{} B gzipped for {}",
        worst_gz.0,
        worst_gz.1
    );
}
