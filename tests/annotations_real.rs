//! The MIT annotation reader on real PhysioNet files, and against wfdb-python's `rdann`.

mod common;

use sinus::io::annotations::read_annotations;
use std::path::Path;

#[test]
fn mitdb_atr_beat_total_is_109494() {
    let Some(dir) = common::db("mitdb") else {
        return;
    };
    let records = common::records(&dir);
    assert_eq!(records.len(), 48, "mitdb RECORDS lists 48 records");
    let mut beats = 0usize;
    for r in &records {
        let anns = read_annotations(dir.join(format!("{r}.atr"))).unwrap();
        assert!(
            anns.windows(2).all(|w| w[0].sample <= w[1].sample),
            "{r}: time order"
        );
        beats += anns.iter().filter(|a| a.code.is_beat()).count();
    }
    assert_eq!(beats, 109_494);
}

const LUDB_LEADS: [&str; 12] = [
    "i", "ii", "iii", "avr", "avl", "avf", "v1", "v2", "v3", "v4", "v5", "v6",
];

#[test]
fn every_ludb_lead_annotation_file_reads() {
    let Some(dir) = common::db("ludb/data") else {
        return;
    };
    let mut files = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("");
        if !LUDB_LEADS.contains(&ext) {
            continue;
        }
        let anns = read_annotations(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        // LUDB marks each wave as onset '(' , peak (N, p or t), offset ')'.
        assert!(
            anns.iter().any(|a| a.code == sinus::Code::NORMAL),
            "{}: no QRS peak",
            path.display()
        );
        files += 1;
    }
    assert!(
        files >= 12 * 100,
        "only {files} LUDB annotation files found"
    );
}

/// Run scripts/annot_rdann.py on `files`; `None` (skip) when python or wfdb is missing, unless
/// SINUS_REQUIRE_DATA=1.
pub fn rdann(files: &[&Path]) -> Option<Vec<serde_json::Value>> {
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
pub fn assert_same_as_rdann(path: &Path, reference: &serde_json::Value) {
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
