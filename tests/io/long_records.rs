//! Long records: WFDB read by window gives exactly the whole read, and a record analysed piece
//! by piece (`Pipeline::analyze_long`) gives the report of the record analysed whole.

use crate::common;
use sinus::io::wfdb::{
    ChecksumVerdict, ReadOptions, WfdbError, WfdbReader, read_detailed, read_record,
    read_record_with, read_window,
};
use sinus::pipeline::{InMemory, LongOptions};
use sinus::{Pipeline, Record};
use std::path::{Path, PathBuf};

fn same(a: f32, b: f32) -> bool {
    a.to_bits() == b.to_bits() || (a.is_nan() && b.is_nan())
}

fn assert_slice_eq(whole: &Record, part: &Record, at: usize, what: &str) {
    assert_eq!(part.n_leads(), whole.n_leads(), "{what}");
    for k in 0..part.n_leads() {
        for (i, &v) in part.signals().row(k).iter().enumerate() {
            let u = whole.signals()[[k, at + i]];
            assert!(same(u, v), "{what}: lead {k} sample {}: {v} vs {u}", at + i);
        }
    }
}

/// Windows of several sizes, and ranges at odd places, against the whole read.
fn check_record(path: &Path) {
    let whole = read_detailed(path, &ReadOptions::default()).expect("whole read");
    let n = whole.record.n_samples();
    for window_s in [0.7, 10.0, 61.3] {
        let reader = WfdbReader::open(path, &ReadOptions::default()).unwrap();
        let mut at = 0;
        for w in reader.windows(window_s) {
            let w = w.unwrap();
            assert_slice_eq(
                &whole.record,
                &w,
                at,
                &format!("{} window {window_s}", path.display()),
            );
            at += w.n_samples();
        }
        assert_eq!(at, n);
    }
    // In order window by window, the checksums come out as in the whole read.
    let mut reader = WfdbReader::open(path, &ReadOptions::default()).unwrap();
    if n > 0 {
        assert_eq!(reader.checksums(), None::<Vec<ChecksumVerdict>>);
    }
    let mut at = 0u64;
    while at < n as u64 {
        reader.read_samples(at, 1001).unwrap();
        at += 1001;
    }
    assert_eq!(reader.checksums(), Some(whole.checksums.clone()));
    let mut reader = WfdbReader::open(path, &ReadOptions::default()).unwrap();
    for (a, len) in [(n / 2, 777), (1, 5), (n.saturating_sub(3), 10), (n / 3, 1)] {
        let w = reader.read_samples(a as u64, len).unwrap();
        assert_eq!(w.n_samples(), (len as usize).min(n - a.min(n)));
        assert_slice_eq(
            &whole.record,
            &w,
            a,
            &format!("{} range {a}+{len}", path.display()),
        );
    }
    // Out of order, no checksum verdict (it would be a guess).
    assert_eq!(reader.checksums(), None);
}

#[test]
fn windows_equal_the_whole_read_in_every_format() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("fixtures/formats");
    for e in std::fs::read_dir(&dir).unwrap() {
        let p = e.unwrap().path();
        if p.extension().is_some_and(|x| x == "hea") {
            check_record(&p.with_extension(""));
        }
    }
}

#[test]
fn windows_equal_the_whole_read_on_physionet_records() {
    let (Some(mitdb), Some(ludb), Some(cinc)) = (
        common::db("mitdb"),
        common::db("ludb/data"),
        common::db("cinc2020-dev"),
    ) else {
        return;
    };
    check_record(&mitdb.join("100"));
    check_record(&mitdb.join("203"));
    check_record(&ludb.join("1"));
    check_record(&cinc.join("A0001"));
}

#[test]
fn a_window_by_time_moves_the_start_time_and_obeys_its_own_cap() {
    let Some(mitdb) = common::db("mitdb") else {
        return;
    };
    let whole = read_record(mitdb.join("100")).unwrap();
    let w = read_window(mitdb.join("100"), 1200.0, 10.0, &ReadOptions::default()).unwrap();
    assert_eq!(w.n_samples(), 3600);
    assert_slice_eq(&whole, &w, 432_000, "20 min in");
    // A cap too small for the record still reads it window by window.
    let small = ReadOptions::default().max_samples(100_000);
    assert!(matches!(
        read_record_with(mitdb.join("100"), &small),
        Err(WfdbError::TooLarge { .. })
    ));
    let windows = WfdbReader::open(mitdb.join("100"), &small)
        .unwrap()
        .windows(60.0)
        .count();
    assert_eq!(windows, 31);
    assert!(matches!(
        read_window(mitdb.join("100"), 0.0, 600.0, &small),
        Err(WfdbError::TooLarge { .. })
    ));
    for (start, dur) in [
        (-1.0, 1.0),
        (0.0, 0.0),
        (f64::NAN, 1.0),
        (0.0, f64::INFINITY),
    ] {
        assert!(matches!(
            read_window(mitdb.join("100"), start, dur, &ReadOptions::default()),
            Err(WfdbError::InvalidWindow { .. })
        ));
    }
    // Start times move with the window (ludb headers have none; a written one does).
    let dir = tempfile::tempdir().unwrap();
    let mut hea = std::fs::read_to_string(mitdb.join("100.hea")).unwrap();
    hea = hea.replacen(
        "100 2 360 650000",
        "100 2 360 650000 23:59:50 31/12/2020",
        1,
    );
    std::fs::write(dir.path().join("100.hea"), hea).unwrap();
    std::fs::copy(mitdb.join("100.dat"), dir.path().join("100.dat")).unwrap();
    let w = read_window(dir.path().join("100"), 20.0, 1.0, &ReadOptions::default()).unwrap();
    let st = w.start().unwrap();
    assert_eq!(st.date, Some((2021, 1, 1)));
    assert_eq!(st.time, Some((0, 0, 10.0)));
}

#[test]
fn a_checksum_mismatch_ends_the_windows_with_an_error() {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("fixtures/malformed/bad_checksum");
    let items: Vec<_> = WfdbReader::open(&path, &ReadOptions::default())
        .unwrap()
        .windows(0.1)
        .collect();
    let (last, windows) = items.split_last().unwrap();
    assert!(windows.iter().all(|w| w.is_ok()));
    assert_eq!(windows.len(), 4); // 100 samples at 250 Hz in 25-sample windows
    assert!(matches!(
        last,
        Err(WfdbError::ChecksumMismatch { signal: 1, .. })
    ));
}

/// Piece-by-piece against whole: same windows and episodes structure, the same headline, and
/// beat counts and window labels that agree but for edge effects.
fn compare_long_with_whole(rec: &Record, opts: &LongOptions) {
    let p = Pipeline::default();
    let whole = p.analyze(rec).unwrap();
    let long = p.analyze_long(&mut InMemory(rec), opts).unwrap();
    let windows = |r: &sinus::Report| r.rhythm_episodes.iter().map(|e| e.windows).sum::<usize>();
    assert_eq!(windows(&long), windows(&whole), "{}", rec.name());
    assert_eq!(long.rhythm.label, whole.rhythm.label, "{}", rec.name());
    let (a, b) = (long.beats.total as f64, whole.beats.total as f64);
    assert!(
        (a - b).abs() <= 0.01 * b + 2.0,
        "{}: beats {a} vs {b}",
        rec.name()
    );
    // Window labels, expanded per window, agree in at least 94 % of the windows: a piece's
    // beats are clustered by shape within the piece, a record's over the whole record, and on
    // mitdb 203 (fibrillation with multiform ventricular beats) 171 of 181 windows agree.
    let labels = |r: &sinus::Report| {
        r.rhythm_episodes
            .iter()
            .flat_map(|e| std::iter::repeat_n(e.label, e.windows))
            .collect::<Vec<_>>()
    };
    let (la, lb) = (labels(&long), labels(&whole));
    let agree = la.iter().zip(&lb).filter(|(x, y)| x == y).count();
    assert!(
        agree as f64 >= 0.94 * la.len() as f64,
        "{}: {agree} of {} windows agree",
        rec.name(),
        la.len()
    );
    let (ra, rb) = (long.rates.unwrap().mean_bpm, whole.rates.unwrap().mean_bpm);
    assert!((ra - rb).abs() < 0.5, "{}: {ra} vs {rb} bpm", rec.name());
    assert_eq!(long.record.n_samples, rec.n_samples());
}

#[test]
fn analyze_long_agrees_with_analyze_on_mitdb() {
    let Some(mitdb) = common::db("mitdb") else {
        return;
    };
    for name in ["100", "203", "201"] {
        let rec = read_record(mitdb.join(name)).unwrap();
        compare_long_with_whole(&rec, &LongOptions::default());
        // A piece length that is not a whole number of windows is rounded to one.
        compare_long_with_whole(&rec, &LongOptions::default().chunk_s(47.0).margin_s(3.0));
    }
}

#[test]
fn analyze_long_reads_a_wfdb_record_it_never_holds_whole() {
    use sinus::synth::{Rhythm, SynthConfig, generate};
    // 6 min of 12-lead AF at 500 Hz, written as WFDB, read back 60 s at a time.
    let rec = generate(&SynthConfig {
        duration_s: 360.0,
        rhythm: Rhythm::AtrialFibrillation,
        heart_rate_bpm: 95.0,
        ..SynthConfig::default()
    })
    .unwrap()
    .record;
    let dir = tempfile::tempdir().unwrap();
    sinus::io::wfdb::write_record(&rec, dir.path(), "af").unwrap();
    let path = dir.path().join("af");
    // A cap of 30 s of signal: the record cannot be read whole, only piece by piece.
    let opts = ReadOptions::default().max_samples(12 * 500 * 80);
    assert!(read_record_with(&path, &opts).is_err());
    let mut reader = WfdbReader::open(&path, &opts).unwrap();
    let long = Pipeline::default()
        .analyze_long(
            &mut reader,
            &LongOptions::default().chunk_s(60.0).margin_s(5.0),
        )
        .unwrap();
    let whole = Pipeline::default()
        .analyze_long(&mut InMemory(&rec), &LongOptions::default())
        .unwrap();
    assert_eq!(
        long.rhythm.label,
        sinus::rhythm::RhythmLabel::AtrialFibrillation
    );
    assert_eq!(long.rhythm_episodes.len(), whole.rhythm_episodes.len());
    assert!(long.beats.total.abs_diff(whole.beats.total) <= 6);
    assert_eq!(long.record.duration_s, 360.0);
    // Bad options are typed errors.
    assert!(matches!(
        Pipeline::default().analyze_long(
            &mut InMemory(&rec),
            &LongOptions::default().chunk_s(0.0).margin_s(1.0)
        ),
        Err(sinus::pipeline::LongError::InvalidOptions { .. })
    ));
}
