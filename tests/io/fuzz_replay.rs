//! Every crash input the fuzzers ever found (`fixtures/fuzz/<target>/`), replayed through the
//! fuzz harnesses themselves (`fuzz/harness`, compiled here on stable, no fuzzer needed), as
//! hound does. A new crash input goes into its target's folder, and this test keeps it fixed.

#[path = "../../fuzz/harness/mod.rs"]
mod harness;

use std::path::PathBuf;

#[test]
fn every_kept_crash_input_passes_its_harness() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("fixtures/fuzz");
    let mut replayed = 0;
    for target in harness::TARGETS {
        let Ok(entries) = std::fs::read_dir(root.join(target)) else {
            continue;
        };
        let mut files: Vec<PathBuf> = entries.filter_map(|e| Some(e.ok()?.path())).collect();
        files.sort();
        for f in files {
            let data = std::fs::read(&f).unwrap();
            eprintln!("replaying {}", f.display());
            harness::run(target, &data);
            replayed += 1;
        }
    }
    // The campaign's findings (F1-F11) are kept here as harness inputs: an empty folder would
    // mean the replay lost its inputs.
    assert!(replayed >= 8, "only {replayed} inputs replayed");
}

#[test]
fn harnesses_accept_the_malformed_fixtures() {
    // The hand-made malformed files through the byte-level harnesses: typed errors, no panic.
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("fixtures/malformed");
    for e in std::fs::read_dir(&dir).unwrap() {
        let p = e.unwrap().path();
        let Ok(data) = std::fs::read(&p) else {
            continue;
        };
        match p.extension().and_then(|x| x.to_str()) {
            Some("hea") => harness::header(&data),
            Some("csv") => harness::csv(&data),
            Some("wav") => harness::wav(&data),
            Some("dat") => {
                for format in 0..7u8 {
                    let mut input = vec![format, 2, 1, 0, 0, 0, 16];
                    input.extend_from_slice(&data);
                    harness::signal(&input);
                }
            }
            _ => {}
        }
    }
}
