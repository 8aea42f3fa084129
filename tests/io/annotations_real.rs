//! The MIT annotation reader on real PhysioNet files, and against wfdb-python's `rdann`.

use crate::common;

use sinus::io::annotations::read_annotations;

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

#[test]
fn mitdb_and_ludb_files_survive_a_write_read_round_trip() {
    let (Some(mitdb), Some(ludb)) = (common::db("mitdb"), common::db("ludb/data")) else {
        return;
    };
    let mut files: Vec<_> = common::records(&mitdb)
        .iter()
        .map(|r| mitdb.join(format!("{r}.atr")))
        .collect();
    files.extend(LUDB_LEADS.iter().map(|l| ludb.join(format!("1.{l}"))));
    for path in files {
        let anns = read_annotations(&path).unwrap();
        let bytes = sinus::io::annotations::encode_annotations(&anns).unwrap();
        assert_eq!(
            sinus::io::annotations::parse_annotations(&bytes).unwrap(),
            anns,
            "{}",
            path.display()
        );
    }
}
