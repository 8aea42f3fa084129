//! A long record read piece by piece (`Pipeline::analyze_long`) says what `analyze` says about
//! the recording: the start time and patient from its header, and the beat list over the whole
//! record (bounded by `LongOptions::max_beat_list`, the cut said in the report).

use crate::common;
use sinus::Pipeline;
use sinus::io::wfdb::{ReadOptions, WfdbReader};
use sinus::pipeline::{InMemory, LongOptions};
use sinus::{Record, Report, StartTime};

/// MIT-BIH 100 from memory, with a start time added to its record line and the patient in
/// comments as the Challenge headers give it (MIT-BIH's headers give neither in a form read).
fn mitdb_100_with_start(dir: &std::path::Path) -> WfdbReader {
    let header = std::fs::read_to_string(dir.join("100.hea")).unwrap();
    let (first, rest) = header.split_once('\n').unwrap();
    let header = format!(
        "{} 09:30:15 28/11/2026\n{rest}#Age: 69\n#Sex: M\n",
        first.trim_end()
    );
    let dat = std::fs::read(dir.join("100.dat")).unwrap();
    WfdbReader::from_memory(
        header.as_bytes(),
        vec![("100.dat", dat)],
        &ReadOptions::default(),
    )
    .unwrap()
}

/// The fraction of `a`'s samples with one of `b`'s within `tol` samples (both sorted).
fn matched(a: &[usize], b: &[usize], tol: usize) -> f64 {
    let hits = a
        .iter()
        .filter(|&&x| {
            let i = b.partition_point(|&y| y + tol < x);
            b.get(i).is_some_and(|&y| y <= x + tol)
        })
        .count();
    hits as f64 / a.len().max(1) as f64
}

fn check_beat_list(r: &Report, rec_leads: &[String], fs: f64) {
    assert!(!r.beat_list_truncated);
    assert_eq!(r.beat_list.len(), r.beats.total);
    assert!(r.beat_list.windows(2).all(|w| w[0].sample < w[1].sample));
    for b in &r.beat_list {
        assert!((b.time_s - b.sample as f64 / fs).abs() < 1e-9, "{b:?}");
        assert!(!b.leads.is_empty(), "{b:?}");
        assert!(b.leads.iter().all(|l| rec_leads.contains(l)), "{b:?}");
    }
    // The classes listed are the classes counted.
    let count = |c: sinus::beats::BeatClass| r.beat_list.iter().filter(|b| b.class == c).count();
    assert_eq!(
        count(sinus::beats::BeatClass::VentricularPremature),
        r.beats.ventricular_premature
    );
    assert_eq!(
        count(sinus::beats::BeatClass::SupraventricularPremature),
        r.beats.supraventricular_premature
    );
    assert_eq!(count(sinus::beats::BeatClass::Dominant), r.beats.dominant);
}

#[test]
fn analyze_long_reports_the_start_time_and_every_beat_of_mitdb_100() {
    let Some(mitdb) = common::db("mitdb") else {
        return;
    };
    let mut reader = mitdb_100_with_start(&mitdb);
    let leads: Vec<String> = reader.leads().iter().map(|l| l.to_string()).collect();
    let fs = reader.fs().hz();
    let long = Pipeline::default()
        .analyze_long(&mut reader, &LongOptions::default())
        .unwrap();
    let start = StartTime {
        date: Some((2026, 11, 28)),
        time: Some((9, 30, 15.0)),
    };
    assert_eq!(long.record.start, Some(start));
    // The patient from the header's comments, as `analyze` reads it.
    let whole_rec: Record = mitdb_100_with_start(&mitdb)
        .read_samples(0, 650_000)
        .unwrap();
    let whole = Pipeline::default().analyze(&whole_rec).unwrap();
    assert_eq!(whole.record.start, Some(start));
    assert_eq!(long.patient, whole.patient);
    assert_eq!(long.patient.age_years, Some(69.0));
    assert_eq!(long.patient.sex, Some(sinus::interpret::Sex::Male));

    check_beat_list(&long, &leads, fs);
    // The listed beats are MIT-BIH 100's beats: against the cardiologists' annotations
    // (150 ms, EC57's match window), and against the record analysed whole.
    let reference: Vec<usize> = sinus::io::annotations::read_annotations(mitdb.join("100.atr"))
        .unwrap()
        .iter()
        .filter(|a| a.code.is_beat())
        .map(|a| a.sample as usize)
        .collect();
    let listed: Vec<usize> = long.beat_list.iter().map(|b| b.sample).collect();
    let tol = (0.15 * fs).round() as usize;
    let se = matched(&reference, &listed, tol);
    let ppv = matched(&listed, &reference, tol);
    assert!(se > 0.995 && ppv > 0.995, "Se {se:.4}, +P {ppv:.4}");
    let whole_list: Vec<usize> = whole.beat_list.iter().map(|b| b.sample).collect();
    assert!(matched(&listed, &whole_list, 2) > 0.99);

    // The same through a record in memory.
    let in_memory = Pipeline::default()
        .analyze_long(&mut InMemory(&whole_rec), &LongOptions::default())
        .unwrap();
    assert_eq!(in_memory.record.start, Some(start));
    assert_eq!(in_memory.beat_list, long.beat_list);
}

#[test]
fn analyze_long_cuts_the_beat_list_at_its_bound_and_says_so() {
    let Some(mitdb) = common::db("mitdb") else {
        return;
    };
    let p = Pipeline::default();
    let full = p
        .analyze_long(&mut mitdb_100_with_start(&mitdb), &LongOptions::default())
        .unwrap();
    let cut = p
        .analyze_long(
            &mut mitdb_100_with_start(&mitdb),
            &LongOptions::default().max_beat_list(100),
        )
        .unwrap();
    assert!(cut.beat_list_truncated);
    assert_eq!(cut.beat_list[..], full.beat_list[..100]);
    // Only the list is cut: the counts, rates and rhythm cover the whole record.
    assert_eq!(cut.beats, full.beats);
    assert_eq!(cut.rhythm.label, full.rhythm.label);
    let v: serde_json::Value = serde_json::from_str(&cut.to_json().unwrap()).unwrap();
    assert_eq!(v["beat_list_truncated"], true);
    assert_eq!(v["beat_list"].as_array().unwrap().len(), 100);
    // A bound at the record's beat count does not cut.
    let exact = p
        .analyze_long(
            &mut mitdb_100_with_start(&mitdb),
            &LongOptions::default().max_beat_list(full.beats.total),
        )
        .unwrap();
    assert!(!exact.beat_list_truncated);
    assert_eq!(exact.beat_list, full.beat_list);
}
