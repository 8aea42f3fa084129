//! Every record of mitdb, ludb and cinc2020-dev reads, with checksums verified.

use crate::common;

use sinus::io::wfdb::{ChecksumVerdict, ReadOptions, read_detailed};

fn read_all(db: &str, expect_records: usize, expect_leads: usize) {
    let Some(dir) = common::db(db) else { return };
    let names = common::records(&dir);
    assert_eq!(names.len(), expect_records, "{db}: RECORDS count");
    let mut samples = 0usize;
    for name in &names {
        let out = read_detailed(dir.join(name), &ReadOptions::default())
            .unwrap_or_else(|e| panic!("{db}/{name}: {e}"));
        let rec = &out.record;
        assert_eq!(rec.n_leads(), expect_leads, "{db}/{name}");
        assert_eq!(Some(rec.n_samples() as u64), out.header.n_samples);
        assert!(
            out.checksums.iter().all(|c| *c == ChecksumVerdict::Match),
            "{db}/{name}: {:?}",
            out.checksums
        );
        samples += rec.n_samples() * rec.n_leads();
    }
    eprintln!(
        "{db}: {} records, {samples} samples, all checksums match",
        names.len()
    );
}

#[test]
fn mitdb_reads() {
    read_all("mitdb", 48, 2);
}

#[test]
fn ludb_reads() {
    read_all("ludb", 102, 12);
}

#[test]
fn cinc2020_reads() {
    read_all("cinc2020-dev", 127, 12);
}
