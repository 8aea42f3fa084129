//! Uploads held in memory: WFDB from bytes and readers (the same record, checks and caps as
//! from files), and `Record` built from what devices send.

use crate::common;
use sinus::io::wfdb::{
    ReadOptions, WfdbError, read_record, read_record_from_bytes, read_record_from_readers,
};
use sinus::{Lead, Record, RecordError, SampleRate};

fn ludb_1() -> Option<(Vec<u8>, Vec<u8>, Record)> {
    let db = common::db("ludb/data")?;
    let hea = std::fs::read(db.join("1.hea")).unwrap();
    let dat = std::fs::read(db.join("1.dat")).unwrap();
    Some((hea, dat, read_record(db.join("1")).unwrap()))
}

#[test]
fn a_real_record_reads_the_same_from_bytes_readers_and_files() {
    let Some((hea, dat, from_file)) = ludb_1() else {
        return;
    };
    let opts = ReadOptions::default();
    let from_bytes = read_record_from_bytes(&hea, &[("1.dat", &dat)], &opts).unwrap();
    assert_eq!(from_bytes, from_file);
    let mut opened = Vec::new();
    let from_readers = read_record_from_readers(
        &hea[..],
        |name| {
            opened.push(name.to_string());
            Ok(std::io::Cursor::new(dat.clone()))
        },
        &opts,
    )
    .unwrap();
    assert_eq!(opened, vec!["1.dat"]);
    assert_eq!(from_readers, from_file);
}

#[test]
fn uploads_get_the_file_checks_and_caps() {
    let Some((hea, dat, _)) = ludb_1() else {
        return;
    };
    let opts = ReadOptions::default();
    // A truncated signal file.
    let short = &dat[..dat.len() / 2];
    let e = read_record_from_bytes(&hea, &[("1.dat", short)], &opts).unwrap_err();
    assert!(matches!(e, WfdbError::Truncated { .. }), "{e:?}");
    let e = read_record_from_readers(&hea[..], |_| Ok(short), &opts).unwrap_err();
    assert!(matches!(e, WfdbError::Truncated { .. }), "{e:?}");
    // A longer one than the header says: read_record's verdict, from either entry point (a
    // reader is read only a few frames past what the header implies, so it counts fewer).
    let mut long = dat.clone();
    long.extend_from_slice(&[0u8; 24 * 10]);
    let e = read_record_from_bytes(&hea, &[("1.dat", &long)], &opts).unwrap_err();
    assert!(
        matches!(
            e,
            WfdbError::SampleCountMismatch {
                declared: 5000,
                found: 5010,
                ..
            }
        ),
        "{e:?}"
    );
    let e = read_record_from_readers(&hea[..], |_| Ok(&long[..]), &opts).unwrap_err();
    assert!(
        matches!(e, WfdbError::SampleCountMismatch { declared: 5000, found, .. } if found > 5000),
        "{e:?}"
    );
    // The sample cap.
    let tight = ReadOptions::default().max_samples(1000);
    assert!(read_record_from_bytes(&hea, &[("1.dat", &dat)], &tight).is_err());
    assert!(read_record_from_readers(&hea[..], |_| Ok(&dat[..]), &tight).is_err());
    // The header cap.
    let small = ReadOptions::default().max_header_bytes(16);
    let e = read_record_from_bytes(&hea, &[("1.dat", &dat)], &small).unwrap_err();
    assert!(matches!(e, WfdbError::HeaderTooLarge { .. }), "{e:?}");
    let e = read_record_from_readers(&hea[..], |_| Ok(&dat[..]), &small).unwrap_err();
    assert!(matches!(e, WfdbError::HeaderTooLarge { .. }), "{e:?}");
    // A file name that leaves the upload is never opened.
    let evil = b"e 1 250 2\n../etc/passwd 16 200 16 0 0 0 0 II\n";
    let e = read_record_from_readers(
        &evil[..],
        |n| -> std::io::Result<&[u8]> { panic!("opened {n}") },
        &opts,
    );
    assert!(e.is_err());
}

#[test]
fn interleaved_counts_read_as_the_wfdb_record_does() {
    let Some((hea, dat, rec)) = ludb_1() else {
        return;
    };
    // LUDB 1 is format 16, 12 signals interleaved: the device's own counts. Lead I's gain is
    // 1716 adu/mV, i.e. 1000/1716 µV per count, baseline 6 ("1716(6)/mV"); the comparison uses lead I only
    // (each lead has its own gain in this header).
    let _ = hea;
    let counts: Vec<i16> = dat
        .chunks_exact(2)
        .map(|b| i16::from_le_bytes([b[0], b[1]]))
        .collect();
    let leads = rec.leads().to_vec();
    let built =
        Record::from_interleaved_i16("1", leads, rec.fs(), &counts, 1000.0 / 1716.0, 6).unwrap();
    assert_eq!(built.n_samples(), rec.n_samples());
    let (a, b) = (built.lead(&Lead::I).unwrap(), rec.lead(&Lead::I).unwrap());
    let worst = a
        .iter()
        .zip(b.iter())
        .map(|(x, y)| (x - y).abs())
        .fold(0.0f32, f32::max);
    assert!(worst < 1e-5, "worst {worst} mV");
    // The same counts as i32 (a 24-bit device) and with a baseline.
    let wide: Vec<i32> = counts.iter().map(|&c| i32::from(c) + 100).collect();
    let built32 = Record::from_interleaved_i32(
        "1",
        rec.leads().to_vec(),
        rec.fs(),
        &wide,
        1000.0 / 1716.0,
        106,
    )
    .unwrap();
    assert_eq!(built32, built);
}

#[test]
fn device_constructors_refuse_bad_shapes() {
    let fs = SampleRate::new(500.0).unwrap();
    let two = || vec![Lead::I, Lead::II];
    assert!(matches!(
        Record::from_interleaved_i16("x", two(), fs, &[1, 2, 3], 1.0, 0),
        Err(RecordError::PartialFrame {
            samples: 3,
            leads: 2
        })
    ));
    assert!(matches!(
        Record::from_interleaved_i16("x", two(), fs, &[1, 2], f64::NAN, 0),
        Err(RecordError::InvalidGain { .. })
    ));
    assert!(matches!(
        Record::from_interleaved_i16("x", vec![], fs, &[], 1.0, 0),
        Err(RecordError::PartialFrame { .. })
    ));
    assert!(matches!(
        Record::from_rows("x", two(), fs, vec![vec![0.0; 3], vec![0.0; 2]]),
        Err(RecordError::RaggedRows {
            row: 1,
            expected: 3,
            found: 2
        })
    ));
    assert!(matches!(
        Record::from_rows("x", two(), fs, vec![vec![0.0; 3]]),
        Err(RecordError::ShapeMismatch { .. })
    ));
    let rows = Record::from_rows("x", two(), fs, vec![vec![1.0, 2.0], vec![3.0, 4.0]]).unwrap();
    assert_eq!(rows.signals()[[1, 0]], 3.0);
    assert_eq!(rows.renamed("upload-9").name(), "upload-9");
}

#[test]
fn a_lead_listed_twice_is_refused_by_new_and_by_deserialize() {
    let fs = SampleRate::new(250.0).unwrap();
    let e = Record::new(
        "x",
        vec![Lead::II, Lead::V1, Lead::II],
        fs,
        ndarray::Array2::zeros((3, 4)),
    )
    .unwrap_err();
    assert!(
        matches!(
            e,
            RecordError::DuplicateLead {
                first: 0,
                second: 2,
                ..
            }
        ),
        "{e:?}"
    );
    let ok = Record::new(
        "x",
        vec![Lead::II, Lead::V1],
        fs,
        ndarray::Array2::zeros((2, 4)),
    )
    .unwrap();
    let json = serde_json::to_string(&ok).unwrap();
    assert_eq!(serde_json::from_str::<Record>(&json).unwrap(), ok);
    let twice = json.replace("\"V1\"", "\"II\"");
    assert_ne!(twice, json);
    let e = serde_json::from_str::<Record>(&twice).unwrap_err();
    assert!(e.to_string().contains("listed twice"), "{e}");
}
