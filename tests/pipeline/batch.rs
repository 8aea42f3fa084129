//! Batch: input order kept, a bad record listed with its error, the others reported.

use crate::common;

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

fn tiny(name: &str) -> Result<sinus::Record, String> {
    let fs = sinus::SampleRate::new(250.0).map_err(|e| e.to_string())?;
    sinus::Record::new(
        name.to_string(),
        vec![sinus::Lead::II],
        fs,
        ndarray::Array2::zeros((1, 500)),
    )
    .map_err(|e| e.to_string())
}

#[test]
fn order_is_kept_past_the_window_with_uneven_work() {
    // More inputs than the in-flight window (32 per thread), with the first record much slower
    // than the rest, so workers run ahead and must wait for the sink to catch up.
    let names: Vec<String> = (0..300).map(|i| format!("r{i}")).collect();
    let pipeline = Pipeline::default();
    for threads in [1, 2, 3] {
        let mut got = Vec::new();
        run(
            &names,
            &pipeline,
            threads,
            |n: &String| {
                if n == "r0" || n == "r150" {
                    std::thread::sleep(std::time::Duration::from_millis(30));
                }
                if n == "r77" {
                    return Err("bad".to_string());
                }
                tiny(n)
            },
            |o| got.push((o.index, o.name, o.result.is_ok())),
        )
        .unwrap();
        assert_eq!(got.len(), names.len(), "{threads} threads");
        for (i, (index, name, ok)) in got.iter().enumerate() {
            assert_eq!(*index, i);
            assert_eq!(name, &names[i]);
            assert_eq!(*ok, i != 77, "record {i}");
        }
    }
}

#[test]
fn a_panicking_sink_is_propagated_without_hanging() {
    let names: Vec<String> = (0..200).map(|i| format!("r{i}")).collect();
    let res = std::panic::catch_unwind(|| {
        let mut seen = 0;
        run(
            &names,
            &Pipeline::default(),
            2,
            |n: &String| tiny(n),
            |_| {
                seen += 1;
                if seen == 10 {
                    panic!("sink failed");
                }
            },
        )
    });
    let err = res.expect_err("the sink's panic reaches the caller");
    assert_eq!(err.downcast_ref::<&str>(), Some(&"sink failed"));
}

#[test]
fn an_empty_batch_calls_nothing() {
    let names: Vec<String> = Vec::new();
    let mut calls = 0;
    run(
        &names,
        &Pipeline::default(),
        2,
        |n: &String| tiny(n),
        |_| calls += 1,
    )
    .unwrap();
    assert_eq!(calls, 0);
}
