//! Error chains: every message once (a cause is either in its parent's message or returned by
//! `source()`, never both), and the operating system's error reachable by downcasting.

use sinus::error::Chain;
use std::error::Error;

/// The messages of an error and of each of its causes, outermost first.
fn messages(e: &(dyn Error + 'static)) -> Vec<String> {
    let mut out = vec![e.to_string()];
    let mut next = e.source();
    while let Some(c) = next {
        out.push(c.to_string());
        next = c.source();
    }
    out
}

/// Asserts that no message of the chain repeats a deeper one, and that the chain is `depth`
/// long at least; returns the chain's text.
fn assert_each_once(e: &(dyn Error + 'static), depth: usize) -> String {
    let m = messages(e);
    assert!(m.len() >= depth, "chain {m:?} shorter than {depth}");
    for (i, outer) in m.iter().enumerate() {
        for inner in &m[i + 1..] {
            assert!(
                !outer.contains(inner.as_str()),
                "{outer:?} repeats its cause {inner:?} (chain {m:?})"
            );
        }
    }
    let text = Chain(e).to_string();
    for part in &m {
        assert_eq!(
            text.matches(part.as_str()).count(),
            1,
            "{part:?} in {text:?}"
        );
    }
    text
}

fn os_not_found(e: &(dyn Error + 'static)) -> bool {
    let mut next = Some(e);
    while let Some(c) = next {
        if let Some(io) = c.downcast_ref::<std::io::Error>() {
            return io.kind() == std::io::ErrorKind::NotFound;
        }
        next = c.source();
    }
    false
}

#[test]
fn a_missing_wfdb_file_prints_its_cause_once() {
    let dir = tempfile::tempdir().unwrap();
    let e = sinus::io::wfdb::read_record(dir.path().join("absent")).unwrap_err();
    let text = assert_each_once(&e, 2);
    assert!(text.contains("absent.hea"), "{text}");
    assert!(os_not_found(&e));
}

#[test]
fn a_signal_file_missing_from_an_upload_is_not_found() {
    let header = b"up 1 250 2\nup.dat 16 200 16 0 0 0 0 II\n";
    let e = sinus::io::wfdb::read_record_from_bytes(header, &[], &Default::default()).unwrap_err();
    assert_each_once(&e, 2);
    assert!(os_not_found(&e));
}

#[test]
fn a_missing_annotation_file_prints_its_cause_once() {
    let dir = tempfile::tempdir().unwrap();
    let e = sinus::io::annotations::read_annotations(dir.path().join("x.atr")).unwrap_err();
    assert_each_once(&e, 2);
    assert!(os_not_found(&e));
}

#[cfg(feature = "csv")]
#[test]
fn a_missing_csv_file_keeps_its_io_source() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("x.csv");
    let e = sinus::io::csv::read_csv(&path, &Default::default()).unwrap_err();
    assert!(
        matches!(e.kind(), sinus::CsvErrorKind::Io(io) if io.kind() == std::io::ErrorKind::NotFound)
    );
    let text = assert_each_once(&e, 2);
    assert!(text.contains("x.csv"), "{text}");
    assert!(os_not_found(&e));
}

#[cfg(feature = "wav")]
#[test]
fn a_missing_or_broken_wav_file_prints_its_cause_once() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("x.wav");
    let opts = sinus::io::wav::WavOptions::new(1.0).leads(vec![]);
    let e = sinus::io::wav::read_wav(&path, &opts).unwrap_err();
    assert_each_once(&e, 2);
    assert!(os_not_found(&e));
    // hound's own error is the cause of a file that is not WAV.
    std::fs::write(&path, b"not a wav file at all").unwrap();
    let e = sinus::io::wav::read_wav(&path, &opts).unwrap_err();
    assert_each_once(&e, 2);
}

#[test]
fn analysis_and_config_errors_print_their_cause_once() {
    use ndarray::Array2;
    use sinus::{Lead, Record, SampleRate};
    // 50 Hz is too slow for the conditioning preset's 40 Hz low-pass.
    let fs = SampleRate::new(50.0).unwrap();
    let mut x = Array2::<f32>::zeros((1, 2000));
    x.iter_mut()
        .enumerate()
        .for_each(|(t, v)| *v = (t as f32 * 0.3).sin());
    let rec = Record::new("slow", vec![Lead::II], fs, x).unwrap();
    let e = sinus::Pipeline::default().analyze(&rec).unwrap_err();
    assert!(
        matches!(
            e,
            sinus::AnalyzeError::Conditioning { .. } | sinus::AnalyzeError::Detect { .. }
        ),
        "{e:?}"
    );
    assert_each_once(&e, 2);
    // The detector's own error, not a stand-in.
    let mut cfg = sinus::Config::default();
    cfg.detector.refractory_ms = f64::NAN;
    let e = sinus::Pipeline::new(cfg).unwrap_err();
    assert!(matches!(e, sinus::ConfigError::Detector(_)), "{e:?}");
    assert!(e.to_string().contains("refractory"), "{e}");
    assert_each_once(&e, 1);
}
