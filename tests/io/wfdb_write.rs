//! `write_record` round trips: through this crate's reader (within the chosen gain's 0.5 µV
//! quantisation), and through wfdb-python (`scripts/wfdb_dump.py` values and
//! `scripts/wfdb_verify_written.py` checksums and initial values).

use crate::common;

use ndarray::Array2;
use sinus::io::wfdb::{WfdbError, WriteOptions, read_record, write_record, write_record_with};
use sinus::{Lead, Record, SampleRate, StartTime};
use std::io::Read;
use std::path::Path;
use std::process::{Command, Stdio};

fn max_diff(a: &Record, b: &Record) -> f64 {
    assert_eq!(a.signals().dim(), b.signals().dim());
    let mut m = 0f64;
    for (&x, &y) in a.signals().iter().zip(b.signals().iter()) {
        assert_eq!(x.is_nan(), y.is_nan());
        if !x.is_nan() {
            m = m.max((f64::from(x) - f64::from(y)).abs());
        }
    }
    m
}

fn synthetic() -> Record {
    let n = 1234;
    let mut sig = Array2::<f32>::zeros((3, n));
    for t in 0..n {
        let x = t as f32 / 500.0;
        sig[[0, t]] = (x * 7.0).sin() * 1.3;
        sig[[1, t]] = (x * 3.0).cos() * 0.25 - 0.1;
        sig[[2, t]] = if t % 100 == 7 { f32::NAN } else { -4.0 + x };
    }
    Record::new(
        "synthetic",
        vec![Lead::I, Lead::V4R, Lead::Other("resp belt".into())],
        SampleRate::new(500.0).unwrap(),
        sig,
    )
    .unwrap()
    .with_start(Some(StartTime {
        date: Some((2024, 2, 29)),
        time: Some((23, 5, 7.5)),
    }))
    .with_comments(vec!["Age: 60".into(), "Dx: 426783006".into()])
}

/// Originals to write: the synthetic record plus one record per database, when present.
fn originals() -> Vec<(String, Record)> {
    let mut v = vec![("synthetic".to_string(), synthetic())];
    for (db, name) in [
        ("mitdb", "100"),
        ("ludb", "data/1"),
        ("cinc2020-dev", "A0001"),
    ] {
        if let Some(dir) = common::db(db) {
            let rec = read_record(dir.join(name)).unwrap();
            v.push((format!("{db}-{}", name.replace('/', "-")), rec));
        }
    }
    v
}

#[test]
fn round_trip_through_sinus() {
    let dir = tempfile::tempdir().unwrap();
    for (name, rec) in originals() {
        write_record(&rec, dir.path(), &name).unwrap();
        let back = read_record(dir.path().join(&name)).unwrap();
        let d = max_diff(&rec, &back);
        eprintln!("{name}: largest write/read difference {d:.2e} mV");
        assert!(d <= 0.5e-3 + 1e-6, "{name}: {d} mV");
        assert_eq!(back.leads(), rec.leads());
        assert_eq!(back.fs(), rec.fs());
        assert_eq!(back.comments(), rec.comments());
        assert_eq!(back.start(), rec.start());
        assert_eq!(back.name(), name);
    }
}

fn python_ok() -> bool {
    let ok = Command::new("python3")
        .args(["-c", "import wfdb, numpy"])
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    if !ok && std::env::var("SINUS_REQUIRE_DATA").as_deref() == Ok("1") {
        panic!("SINUS_REQUIRE_DATA=1 but python3 with wfdb is missing");
    }
    ok
}

fn script(name: &str) -> String {
    format!("{}/scripts/{name}", env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn wfdb_python_reads_what_we_write() {
    if !python_ok() {
        eprintln!("skipping: python3 with wfdb not found");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let originals = originals();
    let names: Vec<&str> = originals.iter().map(|(n, _)| n.as_str()).collect();
    for (name, rec) in &originals {
        write_record(rec, dir.path(), name).unwrap();
    }
    let verify = Command::new("python3")
        .arg(script("wfdb_verify_written.py"))
        .arg(dir.path())
        .args(&names)
        .output()
        .unwrap();
    assert!(
        verify.status.success(),
        "wfdb_verify_written.py: {}",
        String::from_utf8_lossy(&verify.stderr)
    );
    assert_eq!(
        String::from_utf8_lossy(&verify.stdout).lines().count(),
        names.len()
    );

    let mut child = Command::new("python3")
        .arg(script("wfdb_dump.py"))
        .arg(dir.path())
        .args(&names)
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut bytes = Vec::new();
    child
        .stdout
        .take()
        .unwrap()
        .read_to_end(&mut bytes)
        .unwrap();
    assert!(child.wait().unwrap().success());
    let mut rest = bytes.as_slice();
    for name in &names {
        let nl = rest.iter().position(|&b| b == b'\n').unwrap();
        let head = std::str::from_utf8(&rest[..nl]).unwrap().to_string();
        let f: Vec<&str> = head.split_whitespace().collect();
        assert_eq!(f[0], *name);
        let (k, n): (usize, usize) = (f[1].parse().unwrap(), f[2].parse().unwrap());
        let body = &rest[nl + 1..nl + 1 + k * n * 8];
        rest = &rest[nl + 1 + k * n * 8..];
        let ours = read_record(dir.path().join(name)).unwrap();
        assert_eq!(ours.signals().dim(), (k, n));
        let mut worst = 0f64;
        for (i, &x) in ours.signals().iter().enumerate() {
            let y = f64::from_le_bytes(body[i * 8..i * 8 + 8].try_into().unwrap());
            assert_eq!(x.is_nan(), y.is_nan(), "{name}: NaN at {i}");
            if !y.is_nan() {
                worst = worst.max((f64::from(x) - y).abs());
            }
        }
        eprintln!("{name}: wfdb-python reads our file; largest difference {worst:.2e} mV");
        assert!(worst < 1e-6, "{name}: {worst}");
    }
}

#[test]
fn given_gain_is_used_and_checked() {
    let dir = tempfile::tempdir().unwrap();
    let rec = synthetic();
    let opts = WriteOptions::default().gain(200.0);
    write_record_with(&rec, dir.path(), "g200", &opts).unwrap();
    let hea = std::fs::read_to_string(dir.path().join("g200.hea")).unwrap();
    assert!(hea.lines().nth(1).unwrap().contains(" 200(0)/mV "), "{hea}");
    let back = read_record(dir.path().join("g200")).unwrap();
    assert!(max_diff(&rec, &back) <= 0.5 / 200.0 + 1e-6);

    let too_big = WriteOptions::default().gain(1e5);
    assert!(matches!(
        write_record_with(&rec, dir.path(), "big", &too_big),
        Err(WfdbError::InvalidForWrite { .. })
    ));
    for bad in [0.0, -1.0, f64::NAN] {
        let o = WriteOptions::default().gain(bad);
        assert!(write_record_with(&rec, dir.path(), "bad", &o).is_err());
    }
    assert!(write_record(&rec, dir.path(), "../escape").is_err());
    assert!(write_record(&rec, Path::new("/nonexistent/dir"), "x").is_err());
}

#[test]
fn large_values_get_a_smaller_gain() {
    let dir = tempfile::tempdir().unwrap();
    let sig = ndarray::array![[0.0f32, 100.0, -50.0, 0.123]];
    let rec = Record::new("big", vec![Lead::II], SampleRate::new(250.0).unwrap(), sig).unwrap();
    write_record(&rec, dir.path(), "big").unwrap();
    let back = read_record(dir.path().join("big")).unwrap();
    // gain = floor(32767 / 100) = 327: steps of ~3 µV.
    assert!(max_diff(&rec, &back) <= 0.5 / 327.0 + 1e-6);
}
