//! Physical values equal wfdb-python's `rdrecord(...).p_signal` within 1e-4 mV on every record of
//! mitdb, ludb and cinc2020-dev, with NaN in the same places. The reference comes from
//! `scripts/wfdb_dump.py`, streamed through a pipe (no files written).
//!
//! Needs python3 with wfdb 4.3.1; skips without it unless `SINUS_REQUIRE_DATA=1`.

use crate::common;

use std::io::{BufRead, BufReader, Read};
use std::process::{Command, Stdio};

const TOL_MV: f64 = 1e-4;

fn python_has_wfdb() -> bool {
    let ok = Command::new("python3")
        .args(["-c", "import wfdb, numpy"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    if !ok {
        if std::env::var("SINUS_REQUIRE_DATA").as_deref() == Ok("1") {
            panic!(
                "SINUS_REQUIRE_DATA=1 but python3 with wfdb is missing (pip install wfdb==4.3.1)"
            );
        }
        eprintln!("skipping: python3 with wfdb not found");
    }
    ok
}

fn compare_db(db: &str, expect_records: usize) {
    let Some(dir) = common::db(db) else { return };
    if !python_has_wfdb() {
        return;
    }
    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/scripts/wfdb_dump.py");
    let mut child = Command::new("python3")
        .arg(script)
        .arg(&dir)
        .stdout(Stdio::piped())
        .spawn()
        .expect("spawn python3");
    let mut out = BufReader::with_capacity(1 << 20, child.stdout.take().expect("stdout"));

    let mut records = 0;
    let mut worst = (0f64, String::new());
    let mut values = 0usize;
    let mut nans = 0usize;
    let mut line = String::new();
    let mut buf = Vec::new();
    loop {
        line.clear();
        if out.read_line(&mut line).expect("read python output") == 0 {
            break;
        }
        let f: Vec<&str> = line.split_whitespace().collect();
        assert_eq!(f.len(), 3, "bad line from wfdb_dump.py: {line:?}");
        let (name, n_sig, n): (&str, usize, usize) =
            (f[0], f[1].parse().unwrap(), f[2].parse().unwrap());
        buf.resize(n_sig * n * 8, 0);
        out.read_exact(&mut buf).expect("read p_signal");

        let rec = sinus::io::wfdb::read_record(dir.join(name))
            .unwrap_or_else(|e| panic!("{db}/{name}: {e}"));
        assert_eq!(rec.signals().dim(), (n_sig, n), "{db}/{name}: shape");
        let sig = rec.signals();
        let mut max_diff = 0f64;
        for (k, row) in sig.rows().into_iter().enumerate() {
            for (t, &ours) in row.iter().enumerate() {
                let at = (k * n + t) * 8;
                let theirs = f64::from_le_bytes(buf[at..at + 8].try_into().unwrap());
                assert_eq!(
                    ours.is_nan(),
                    theirs.is_nan(),
                    "{db}/{name}: NaN mismatch at lead {k} sample {t} ({ours} vs {theirs})"
                );
                if theirs.is_nan() {
                    nans += 1;
                } else {
                    max_diff = max_diff.max((f64::from(ours) - theirs).abs());
                }
            }
        }
        values += n_sig * n;
        assert!(
            max_diff <= TOL_MV,
            "{db}/{name}: largest difference from wfdb-python {max_diff} mV > {TOL_MV}"
        );
        if max_diff >= worst.0 {
            worst = (max_diff, name.to_string());
        }
        records += 1;
    }
    assert!(
        child.wait().expect("wait python").success(),
        "wfdb_dump.py failed"
    );
    assert_eq!(records, expect_records, "{db}: records compared");
    eprintln!(
        "{db}: {records} records, {values} values ({nans} NaN) equal wfdb-python; largest difference {:.3e} mV ({})",
        worst.0, worst.1
    );
}

#[test]
fn mitdb_equals_wfdb_python() {
    compare_db("mitdb", 48);
}

#[test]
fn ludb_equals_wfdb_python() {
    compare_db("ludb", 102);
}

#[test]
fn cinc2020_equals_wfdb_python() {
    compare_db("cinc2020-dev", 127);
}
