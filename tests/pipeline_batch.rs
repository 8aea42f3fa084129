//! Batch: input order kept, a bad record listed with its error, the others reported.

mod common;

use sinus::Pipeline;
use sinus::batch::{Outcome, run, summary_row};

#[test]
fn ludb_batch_keeps_order_and_survives_bad_records() {
    let Some(db) = common::db("ludb") else { return };
    let mut names = common::records(&db);
    names.truncate(20);
    names.insert(5, "data/does-not-exist".into());
    let pipeline = Pipeline::default();
    for threads in [1, 2] {
        let mut got: Vec<Outcome> = Vec::new();
        run(
            &names,
            &pipeline,
            threads,
            |n: &String| sinus::io::wfdb::read_record(db.join(n)).map_err(|e| e.to_string()),
            |o| got.push(o),
        )
        .unwrap();
        assert_eq!(got.len(), names.len());
        for (i, o) in got.iter().enumerate() {
            assert_eq!(o.index, i);
            assert_eq!(o.name, names[i]);
        }
        assert!(got[5].result.is_err());
        assert!(
            got.iter()
                .enumerate()
                .all(|(i, o)| i == 5 || o.result.is_ok())
        );
        let row = summary_row(&got[5]);
        assert!(!row[5].is_empty() && row[1].is_empty());
        let row = summary_row(&got[0]);
        assert!(row[5].is_empty() && !row[1].is_empty() && !row[2].is_empty());
    }
}

#[test]
fn a_panicking_loader_is_contained() {
    let names = vec!["ok".to_string(), "boom".to_string()];
    let mut got = Vec::new();
    run(
        &names,
        &Pipeline::default(),
        2,
        |n: &String| {
            if n == "boom" {
                panic!("loader exploded");
            }
            let fs = sinus::SampleRate::new(500.0).unwrap();
            sinus::Record::new(
                n.clone(),
                vec![sinus::Lead::II],
                fs,
                ndarray::Array2::zeros((1, 5000)),
            )
            .map_err(|e| e.to_string())
        },
        |o| got.push(o),
    )
    .unwrap();
    assert!(got[0].result.is_ok());
    assert!(
        got[1]
            .result
            .as_ref()
            .unwrap_err()
            .contains("loader exploded")
    );
}
