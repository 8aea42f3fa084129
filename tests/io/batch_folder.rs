//! F8 and F9: a batch over a real folder (link loops, links out, broken links, a FIFO and a
//! folder named like headers, a non-UTF-8 name, a record vanishing mid-run) still reports every
//! good record and lists the rest; a serialised `Record` goes through `Record::new`'s checks.

use sinus::Pipeline;
use sinus::batch::{Outcome, find_records, output_names, run};
use std::path::{Path, PathBuf};

fn synth(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures/synth")
        .join(name)
}

/// Copies the 10 s 12-lead `sinus12` record into `dir` as record `name` (signal file
/// `<dat>`, a plain UTF-8 name).
fn put_record(dir: &Path, name: &std::ffi::OsStr, dat: &str) {
    let hea = std::fs::read_to_string(synth("sinus12.hea")).unwrap();
    let hea = hea.replace("sinus12.dat", dat);
    let mut file = name.to_os_string();
    file.push(".hea");
    std::fs::write(dir.join(file), hea).unwrap();
    std::fs::copy(synth("sinus12.dat"), dir.join(dat)).unwrap();
}

#[cfg(unix)]
#[test]
fn f8_batch_survives_a_real_folder() {
    use std::ffi::OsStr;
    use std::os::unix::ffi::OsStrExt;
    use std::os::unix::fs::symlink;
    let outside = tempfile::tempdir().unwrap();
    put_record(outside.path(), OsStr::new("far"), "far.dat");
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path();
    std::fs::create_dir_all(root.join("sub/deeper")).unwrap();
    put_record(root, OsStr::new("a"), "a.dat");
    put_record(&root.join("sub"), OsStr::new("b"), "b.dat");
    put_record(&root.join("sub/deeper"), OsStr::new("c"), "c.dat");
    // A name that is not UTF-8 (Latin-1 "é").
    put_record(root, OsStr::from_bytes(b"caf\xe9"), "cafe.dat");
    // The record that will vanish between listing and reading.
    put_record(root, OsStr::new("gone"), "gone.dat");
    // Link loops, a link out of the folder, a broken link.
    symlink("..", root.join("sub/loop")).unwrap();
    symlink(root, root.join("sub/deeper/to_root")).unwrap();
    symlink(outside.path(), root.join("out")).unwrap();
    symlink("nowhere", root.join("broken")).unwrap();
    // A FIFO and a folder named like headers.
    crate::robustness_wfdb::mkfifo(&root.join("pipe.hea"));
    std::fs::create_dir(root.join("folder.hea")).unwrap();
    // A header that is not valid UTF-8 (an unreadable record, whoever runs the test).
    std::fs::write(root.join("bad.hea"), b"bad 1 250 10\n\xff\xfe 16\n").unwrap();

    let (records, skipped) = find_records(root);
    let rel: Vec<String> = records
        .iter()
        .map(|p| p.strip_prefix(root).unwrap().to_string_lossy().into_owned())
        .collect();
    assert_eq!(
        rel,
        [
            "a",
            "bad",
            "caf\u{fffd}",
            "gone",
            "pipe",
            "sub/b",
            "sub/deeper/c"
        ]
    );
    let why = |name: &str| {
        skipped
            .iter()
            .find(|s| s.path.ends_with(name))
            .map(|s| s.reason.clone())
            .unwrap_or_else(|| panic!("{name} not skipped: {skipped:?}"))
    };
    assert!(why("loop").contains("link loop"), "{}", why("loop"));
    assert!(why("to_root").contains("link loop"));
    assert!(why("out").contains("out of the folder"));
    assert!(why("broken").contains("broken"));

    // Output names: unique, file-name safe, the Latin-1 byte escaped.
    let names = output_names(&records, root);
    assert_eq!(
        names,
        [
            "a",
            "bad",
            "caf%E9",
            "gone",
            "pipe",
            "sub_b",
            "sub_deeper_c"
        ]
    );

    std::fs::remove_file(root.join("gone.dat")).unwrap();
    let mut got: Vec<Outcome> = Vec::new();
    let items: Vec<String> = (0..records.len()).map(|i| i.to_string()).collect();
    run(
        &items,
        &Pipeline::default(),
        2,
        |i: &String| {
            let k: usize = i.parse().map_err(|_| "index".to_string())?;
            // The whole chain: the OS's error is the cause, not part of the message.
            sinus::io::wfdb::read_record(&records[k])
                .map_err(|e| sinus::error::Chain(&e).to_string())
        },
        |o| got.push(o),
    )
    .unwrap();
    assert_eq!(got.len(), records.len());
    for (o, name) in got.iter().zip(&names) {
        let good = ["a", "caf%E9", "sub_b", "sub_deeper_c"].contains(&name.as_str());
        match &o.result {
            Ok(r) => {
                assert!(good, "{name} reported");
                assert!(r.beats.total >= 8, "{name}: {} beats", r.beats.total);
            }
            Err(e) => {
                assert!(!good, "{name}: {e}");
                let expected = match name.as_str() {
                    "gone" => "No such file",
                    "pipe" => "FIFO",
                    "bad" => "UTF-8",
                    _ => unreachable!(),
                };
                assert!(e.contains(expected), "{name}: {e}");
            }
        }
    }
}

#[test]
fn f9_record_deserialised_with_4_leads_and_2_rows_is_refused() {
    let json = std::fs::read_to_string(
        PathBuf::from(env!("CARGO_MANIFEST_DIR"))
            .join("fixtures/malformed/F9_record_4leads_2rows.json"),
    )
    .unwrap();
    // It deserialised, then analysing it panicked (index out of bounds).
    let e = serde_json::from_str::<sinus::Record>(&json).unwrap_err();
    assert!(
        e.to_string().contains("4 lead names for 2 signal rows"),
        "{e}"
    );
    // A sound record still round-trips.
    let rec = sinus::io::wfdb::read_record(synth("sinus12")).unwrap();
    let back: sinus::Record = serde_json::from_str(&serde_json::to_string(&rec).unwrap()).unwrap();
    assert_eq!(back, rec);
    // And a bad sample rate is refused as before.
    let bad = json
        .replace("\"fs\": 500.0", "\"fs\": -1.0")
        .replace("[\"I\", \"II\", \"III\", \"V1\"]", "[\"I\", \"II\"]");
    assert!(serde_json::from_str::<sinus::Record>(&bad).is_err());
}
