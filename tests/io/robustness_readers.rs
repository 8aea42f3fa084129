//! The CSV, WAV and annotation findings of the robustness campaign (issue 9), one named test
//! each, the large inputs built in a temporary directory.

use crate::alloc::peak_bytes;
use crate::robustness_wfdb::{mkfifo, within};
use sinus::io::annotations::{
    AnnotationError, AnnotationOptions, parse_annotations_with, read_annotations,
    read_annotations_with,
};
use sinus::io::csv::{CsvErrorKind, CsvOptions, read_csv, read_csv_from};
use sinus::io::wav::{WavErrorKind, WavOptions, read_wav};
use sinus::io::{FileError, FileKind};
use std::io::Write;

#[test]
fn f6_csv_of_50_mb_of_commas_stops_at_the_line_cap_in_bounded_memory() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("commas.csv");
    let mut f = std::io::BufWriter::new(std::fs::File::create(&path).unwrap());
    let block = vec![b','; 1 << 20];
    for _ in 0..50 {
        f.write_all(&block).unwrap();
    }
    f.write_all(b"\n").unwrap();
    drop(f);
    // It took 22 s and 4.3 GB before ending in NoData.
    let (r, peak) = peak_bytes(|| read_csv(&path, &CsvOptions::default()));
    let e = r.unwrap_err();
    assert_kind!(
        e.kind(),
        CsvErrorKind::LineTooLong {
            line: 1,
            max_bytes: 1_048_576
        }
    );
    assert!(peak < 32 << 20, "peak {peak} bytes");
    // Under the line cap, the column cap: 5,000 empty columns.
    let text = format!("{}\n", ",".repeat(4999));
    let e = read_csv_from(text.as_bytes(), &CsvOptions::default()).unwrap_err();
    assert_kind!(
        e.kind(),
        CsvErrorKind::TooManyColumns {
            found: 5000,
            max: 1024
        }
    );
    // Both caps are the caller's to raise.
    let opts = CsvOptions::default()
        .max_columns(10_000)
        .fs(sinus::SampleRate::new(250.0).unwrap());
    let e = read_csv_from(text.as_bytes(), &opts).unwrap_err();
    assert_kind!(e.kind(), CsvErrorKind::NoData);
}

#[test]
fn f7_csv_error_quotes_a_short_excerpt_of_a_huge_cell() {
    // A 900 kB cell under the line cap: the error quotes 80 characters of it, not 900 kB.
    let cell = "x".repeat(900_000);
    let text = format!("t,I\n0,1\n0.004,{cell}\n");
    let e = read_csv_from(text.as_bytes(), &CsvOptions::default()).unwrap_err();
    match e.kind() {
        CsvErrorKind::NotNumeric {
            line: 3,
            column: 2,
            found,
            ..
        } => assert_eq!(found, &format!("{}…", "x".repeat(80))),
        k => panic!("{k:?}"),
    }
    assert!(e.to_string().len() < 200, "{}", e.to_string().len());
    // The campaign's 100 MB cell is stopped by the line cap before it is held.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("cell.csv");
    let mut f = std::io::BufWriter::new(std::fs::File::create(&path).unwrap());
    f.write_all(b"t,I\n0,").unwrap();
    let block = vec![b'7'; 1 << 20];
    for _ in 0..100 {
        f.write_all(&block).unwrap();
    }
    f.write_all(b"x\n").unwrap();
    drop(f);
    let e = read_csv(&path, &CsvOptions::default()).unwrap_err();
    assert!(
        matches!(e.kind(), CsvErrorKind::LineTooLong { line: 2, .. }),
        "{e}"
    );
    // The excerpt length is an option, and a long column name is cut too.
    let opts = CsvOptions::default().max_excerpt_chars(5);
    let text = format!("t,{}\n0,abcdefgh\n", "L".repeat(1000));
    match read_csv_from(text.as_bytes(), &opts).unwrap_err().kind() {
        CsvErrorKind::NotNumeric { found, header, .. } => {
            assert_eq!(found, "abcde…");
            assert_eq!(header, "LLLLL…");
        }
        k => panic!("{k:?}"),
    }
}

#[test]
fn csv_sample_cap_is_a_typed_error() {
    let text = "t,I,II\n0,1,2\n0.004,3,4\n0.008,5,6\n";
    let opts = CsvOptions::default().max_samples(4);
    assert_kind!(
        read_csv_from(text.as_bytes(), &opts).unwrap_err().kind(),
        CsvErrorKind::TooManySamples { line: 4, max: 4 }
    );
}

#[test]
fn oddity_100_mb_annotation_file_is_capped_not_2_gb() {
    // 100 MB of annotation words (code N, interval 1), with no end marker.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("r.atr");
    let word = ((1u16 << 10) | 1).to_le_bytes();
    let block: Vec<u8> = word.iter().copied().cycle().take(1 << 20).collect();
    let mut f = std::io::BufWriter::new(std::fs::File::create(&path).unwrap());
    for _ in 0..100 {
        f.write_all(&block).unwrap();
    }
    drop(f);
    // It took 2 GB of memory before; now the file cap stops the read.
    let (r, peak) = peak_bytes(|| read_annotations(&path));
    assert!(
        matches!(
            r,
            Err(AnnotationError::File(FileError::TooLarge {
                max_bytes: 67_108_864,
                ..
            }))
        ),
        "{r:?}"
    );
    assert!(peak < 80 << 20, "peak {peak} bytes");
    // With the file cap raised, the count cap stops it, memory in proportion to what was kept.
    let opts = AnnotationOptions::default()
        .max_file_bytes(200 << 20)
        .max_annotations(100_000);
    let (r, peak) = peak_bytes(|| read_annotations_with(&path, &opts));
    assert!(
        matches!(
            r,
            Err(AnnotationError::TooManyAnnotations {
                max: 100_000,
                offset: 200_000
            })
        ),
        "{r:?}"
    );
    // The 100 MB buffer, plus a few MB of annotations (not 50 M x 40 bytes).
    assert!(peak < 120 << 20, "peak {peak} bytes");
    // Parsing from memory obeys the same count cap.
    let e = parse_annotations_with(&block, &AnnotationOptions::default().max_annotations(3));
    assert!(matches!(
        e,
        Err(AnnotationError::TooManyAnnotations { max: 3, offset: 6 })
    ));
}

#[cfg(unix)]
#[test]
fn f11_csv_wav_and_annotation_readers_refuse_devices_and_fifos() {
    let wav = || WavOptions::new(1.0).leads(vec![]);
    // /dev/zero named directly: a character device, refused before a byte is read.
    let zero = std::path::Path::new("/dev/zero");
    let dev = |e: &FileError| {
        matches!(
            e,
            FileError::NotRegular {
                kind: FileKind::CharDevice,
                ..
            }
        )
    };
    match read_csv(zero, &CsvOptions::default()).unwrap_err().kind() {
        CsvErrorKind::File(e) => assert!(dev(e), "{e:?}"),
        k => panic!("{k:?}"),
    }
    match read_wav(zero, &wav()).unwrap_err().kind() {
        WavErrorKind::File(e) => assert!(dev(e), "{e:?}"),
        k => panic!("{k:?}"),
    }
    match read_annotations(zero) {
        Err(AnnotationError::File(e)) => assert!(dev(&e), "{e:?}"),
        r => panic!("{r:?}"),
    }
    // A FIFO with no writer never blocks any of them.
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("p");
    mkfifo(&fifo);
    let fifo_kind = |e: &FileError| {
        matches!(
            e,
            FileError::NotRegular {
                kind: FileKind::Fifo,
                ..
            }
        )
    };
    let (csv, wavr, ann) = within(30, move || {
        (
            read_csv(&fifo, &CsvOptions::default()),
            read_wav(&fifo, &WavOptions::new(1.0).leads(vec![])),
            read_annotations(&fifo),
        )
    });
    assert!(matches!(csv.unwrap_err().kind(), CsvErrorKind::File(e) if fifo_kind(e)));
    assert!(matches!(wavr.unwrap_err().kind(), WavErrorKind::File(e) if fifo_kind(e)));
    assert!(matches!(ann, Err(AnnotationError::File(ref e)) if fifo_kind(e)));
}
