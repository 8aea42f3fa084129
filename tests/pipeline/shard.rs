//! Scale-out: the shards of a batch (`--shard K/N`) concatenate into what one run writes.

use crate::common;

use sinus::Pipeline;
use sinus::batch::{Outcome, SUMMARY_HEADER, Shard, run, summary_row};

/// `summary.csv` and `reports.jsonl` as the `batch` example writes them for `shard`.
fn batch_files(db: &std::path::Path, names: &[String], shard: Shard) -> (String, String) {
    let mine = shard.select(names);
    let mut csv = csv::Writer::from_writer(Vec::new());
    if shard.writes_header() {
        csv.write_record(SUMMARY_HEADER).unwrap();
    }
    let mut jsonl = String::new();
    run(
        &mine,
        &Pipeline::default(),
        2,
        |n: &String| sinus::io::wfdb::read_record(db.join(n)).map_err(|e| e.to_string()),
        |o: Outcome| {
            let line = match &o.result {
                Ok(r) => r.to_json().unwrap(),
                Err(e) => serde_json::json!({ "record": o.name, "error": e }).to_string(),
            };
            jsonl.push_str(&line);
            jsonl.push('\n');
            csv.write_record(summary_row(&o)).unwrap();
        },
    )
    .unwrap();
    let csv = String::from_utf8(csv.into_inner().unwrap()).unwrap();
    (csv, jsonl)
}

/// The lines of a reports.jsonl with the wall-clock `processing_ms` taken out (it differs
/// between any two runs), sorted.
fn report_lines(jsonl: &str) -> Vec<String> {
    let mut v: Vec<String> = jsonl
        .lines()
        .map(|l| {
            let mut j: serde_json::Value = serde_json::from_str(l).unwrap();
            if let Some(o) = j.as_object_mut() {
                o.remove("processing_ms");
            }
            j.to_string()
        })
        .collect();
    v.sort();
    v
}

#[test]
fn shards_concatenate_into_one_run() {
    let Some(db) = common::db("ludb") else { return };
    let mut names = common::records(&db);
    names.truncate(13);
    names.insert(4, "data/does-not-exist".into());
    let (one_csv, one_jsonl) = batch_files(&db, &names, Shard::ALL);
    assert_eq!(one_jsonl.lines().count(), names.len());

    let n = 3;
    let (mut csv, mut jsonl) = (String::new(), String::new());
    for k in 0..n {
        let (c, j) = batch_files(&db, &names, Shard::new(k, n).unwrap());
        // Each shard lists its own records in list order.
        let rows: Vec<&str> = c.lines().skip(usize::from(k == 0)).collect();
        let want: Vec<String> = Shard::new(k, n).unwrap().select(&names);
        assert_eq!(rows.len(), want.len());
        for (row, name) in rows.iter().zip(&want) {
            assert!(row.starts_with(&format!("{name},")), "{row} / {name}");
        }
        csv.push_str(&c);
        jsonl.push_str(&j);
    }

    // Concatenation: one header (shard 0's), then every row of the single run, each once.
    let (one_head, one_rows) = one_csv.split_once('\n').unwrap();
    let (head, rows) = csv.split_once('\n').unwrap();
    assert_eq!(head, one_head);
    let sorted = |s: &str| {
        let mut v: Vec<String> = s.lines().map(String::from).collect();
        v.sort();
        v
    };
    assert_eq!(sorted(rows), sorted(one_rows));
    assert_eq!(report_lines(&jsonl), report_lines(&one_jsonl));
    // The bad record is in the merged output exactly once, with its error.
    let bad: Vec<&str> = jsonl
        .lines()
        .filter(|l| l.contains("does-not-exist"))
        .collect();
    assert_eq!(bad.len(), 1, "{bad:?}");
    assert!(bad[0].contains("\"error\""));
}
