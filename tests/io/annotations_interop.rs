//! Interoperability with wfdb-python (4.3.1): real annotation files read the same by both, and
//! files this crate writes are read by `rdann` exactly as written. Runs scripts/annot_rdann.py.

use crate::common;

use sinus::annotation::{Annotation, Code};
use sinus::io::annotations::{read_annotations, write_annotations};
use std::path::Path;

/// Run scripts/annot_rdann.py on `files`; `None` (skip) when python or wfdb is missing, unless
/// SINUS_REQUIRE_DATA=1.
fn rdann(files: &[&Path]) -> Option<Vec<serde_json::Value>> {
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("scripts/annot_rdann.py");
    let out = std::process::Command::new("python3")
        .arg(script)
        .args(files)
        .output();
    match out {
        Ok(o) if o.status.success() => Some(
            String::from_utf8(o.stdout)
                .unwrap()
                .lines()
                .map(|l| serde_json::from_str(l).unwrap())
                .collect(),
        ),
        other => {
            let why = match other {
                Ok(o) => String::from_utf8_lossy(&o.stderr).into_owned(),
                Err(e) => e.to_string(),
            };
            if std::env::var("SINUS_REQUIRE_DATA").as_deref() == Ok("1") {
                panic!("wfdb-python reference script failed: {why}");
            }
            eprintln!("skipping: wfdb-python not usable: {why}");
            None
        }
    }
}

/// Compare this crate's reading of `path` with rdann's JSON, field by field.
fn assert_same_as_rdann(path: &Path, reference: &serde_json::Value) {
    let anns = read_annotations(path).unwrap();
    // rdann leaves out definition NOTEs at sample 0 and code-0 annotations.
    let ours: Vec<_> = anns
        .iter()
        .filter(|a| !(a.sample == 0 && a.code == sinus::Code::NOTE) && a.code.0 != 0)
        .collect();
    let col = |k: &str| reference[k].as_array().unwrap().clone();
    let n = reference["n"].as_u64().unwrap() as usize;
    assert_eq!(ours.len(), n, "{}: annotation count", path.display());
    let (sample, store, symbol) = (col("sample"), col("label_store"), col("symbol"));
    let (subtype, chan, num, aux) = (col("subtype"), col("chan"), col("num"), col("aux"));
    for (i, a) in ours.iter().enumerate() {
        let at = format!("{} annotation {i}", path.display());
        assert_eq!(a.sample, sample[i].as_u64().unwrap(), "{at}: sample");
        assert_eq!(
            u64::from(a.code.0),
            store[i].as_u64().unwrap(),
            "{at}: code"
        );
        assert_eq!(a.code.symbol(), symbol[i].as_str().unwrap(), "{at}: symbol");
        assert_eq!(
            i64::from(a.subtype),
            subtype[i].as_i64().unwrap(),
            "{at}: subtype"
        );
        assert_eq!(
            u64::from(a.channel),
            chan[i].as_u64().unwrap(),
            "{at}: chan"
        );
        assert_eq!(i64::from(a.num), num[i].as_i64().unwrap(), "{at}: num");
        assert_eq!(
            a.aux.as_deref().unwrap_or(""),
            aux[i].as_str().unwrap(),
            "{at}: aux"
        );
    }
}

#[test]
fn real_files_match_wfdb_python_field_by_field() {
    let (Some(mitdb), Some(ludb)) = (common::db("mitdb"), common::db("ludb/data")) else {
        return;
    };
    // Rhythm aux texts, many beat types, subtypes/chan/num (MIT-BIH), and LUDB wave markers.
    let files = [
        mitdb.join("100.atr"),
        mitdb.join("203.atr"),
        mitdb.join("207.atr"),
        mitdb.join("232.atr"),
        ludb.join("1.ii"),
        ludb.join("1.v6"),
    ];
    let refs: Vec<&Path> = files.iter().map(|p| p.as_path()).collect();
    let Some(reference) = rdann(&refs) else {
        return;
    };
    assert_eq!(reference.len(), files.len());
    for (path, r) in files.iter().zip(&reference) {
        assert_same_as_rdann(path, r);
    }
}

/// A deterministic annotation list exercising every field: gaps needing one or several SKIPs,
/// subtype, chan and num changes (negative too), aux texts of odd and even lengths.
fn varied_annotations(seed: u64, n: usize) -> Vec<Annotation> {
    let mut x = seed;
    let mut next = move || {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        x
    };
    let codes: Vec<u8> = (1..=49u8).filter(|&c| Code(c).symbol() != "[?]").collect();
    let mut sample = 0u64;
    (0..n)
        .map(|i| {
            let r = next();
            sample += if i % 97 == 13 {
                (1 << 31) + r % (1 << 33)
            } else {
                match r % 10 {
                    0 => 1024 + r % 100_000,
                    1 => 0,
                    _ => 1 + r % 1023,
                }
            };
            let r2 = next();
            let aux = (r2 % 4 == 0).then(|| {
                let len = 1 + (r2 >> 8) as usize % 40;
                (0..len)
                    .map(|k| (b'(' + ((r2 >> 16) as usize + 7 * k) as u8 % 80) as char)
                    .collect()
            });
            Annotation {
                sample,
                code: Code(codes[(r >> 20) as usize % codes.len()]),
                subtype: if r2 % 3 == 0 { (r2 >> 24) as i8 } else { 0 },
                channel: if r2 % 5 == 0 {
                    (r2 >> 32) as u8 % 12
                } else {
                    0
                },
                num: if r2 % 7 == 0 { (r2 >> 40) as i8 } else { 0 },
                aux,
            }
        })
        .collect()
}

#[test]
fn files_we_write_are_read_identically_by_rdann() {
    let dir = tempfile::tempdir().unwrap();
    let mut files = Vec::new();
    for seed in 1..=4u64 {
        let anns = varied_annotations(seed.wrapping_mul(0x9e37_79b9_7f4a_7c15), 400);
        // The list exercises what it is meant to.
        let gaps: Vec<u64> = anns.windows(2).map(|w| w[1].sample - w[0].sample).collect();
        assert!(gaps.iter().any(|&g| g > i32::MAX as u64) && gaps.iter().any(|&g| g > 1023));
        assert!(anns.iter().any(|a| a.num < 0) && anns.iter().any(|a| a.subtype < 0));
        assert!(anns.iter().any(|a| a.channel > 0));
        let aux_lens: Vec<usize> = anns
            .iter()
            .filter_map(|a| a.aux.as_ref().map(String::len))
            .collect();
        assert!(aux_lens.iter().any(|l| l % 2 == 1) && aux_lens.iter().any(|l| l % 2 == 0));
        let path = dir.path().join(format!("rec{seed}.tst"));
        write_annotations(&path, &anns).unwrap();
        // Our own reader gives the same list back.
        assert_eq!(read_annotations(&path).unwrap(), anns);
        files.push(path);
    }
    // A time-resolution note at sample 0, the way wfdb-python writes fs.
    let mut note = Annotation::new(0, Code::NOTE);
    note.aux = Some("## time resolution: 250".into());
    let mut with_fs = vec![note];
    with_fs.extend(varied_annotations(99, 50).into_iter().map(|mut a| {
        a.sample += 1;
        a
    }));
    let fs_path = dir.path().join("fs.tst");
    write_annotations(&fs_path, &with_fs).unwrap();
    assert_eq!(
        sinus::io::annotations::time_resolution(&read_annotations(&fs_path).unwrap()),
        Some(250.0)
    );
    files.push(fs_path);

    let refs: Vec<&Path> = files.iter().map(|p| p.as_path()).collect();
    let Some(reference) = rdann(&refs) else {
        return;
    };
    assert_eq!(reference.len(), files.len());
    for (path, r) in files.iter().zip(&reference) {
        assert_same_as_rdann(path, r);
    }
    assert_eq!(reference.last().unwrap()["fs"].as_f64(), Some(250.0));
}
