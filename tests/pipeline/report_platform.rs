//! The report as a platform stores it: provenance, start time, patient, beat list, texts, and
//! one absence rule.

use crate::common;
use serde_json::Value;
use sinus::report::{CRATE_VERSION, Lang, SCHEMA_VERSION};

#[test]
fn a_report_says_what_produced_it_and_lists_every_beat() {
    let syn = sinus::synth::generate(&Default::default()).unwrap();
    let start = sinus::StartTime {
        date: Some((2026, 11, 28)),
        time: Some((9, 30, 15.5)),
    };
    let rec = syn.record.clone().with_start(Some(start));
    let r = sinus::analyze(&rec)
        .unwrap()
        .with_texts(&[Lang::Zh, Lang::En]);
    assert_eq!(r.schema_version, SCHEMA_VERSION);
    assert_eq!(r.crate_version, CRATE_VERSION);
    assert_eq!(r.config_hash, sinus::Config::default().fingerprint());
    let other = sinus::Config::builder()
        .bradycardia_bpm(50.0)
        .build()
        .unwrap();
    let r2 = sinus::Pipeline::new(other).unwrap().analyze(&rec).unwrap();
    assert_ne!(r2.config_hash, r.config_hash);
    assert_eq!(r.record.start, Some(start));
    // Every beat, in order, with its time, class and the leads it was seen in.
    assert_eq!(r.beat_list.len(), r.beats.total);
    assert!(r.beat_list.windows(2).all(|w| w[0].sample < w[1].sample));
    let fs = rec.fs().hz();
    for b in &r.beat_list {
        assert!((b.time_s - b.sample as f64 / fs).abs() < 1e-9);
        assert!(!b.leads.is_empty(), "{b:?}");
    }
    let truth = &syn.truth.beats;
    assert!(
        r.beat_list.len().abs_diff(truth.len()) <= 1,
        "{} beats vs {} generated",
        r.beat_list.len(),
        truth.len()
    );
    // The texts in both languages.
    assert_eq!(r.texts.len(), 2);
    assert_eq!(r.texts[0].text, r.text(Lang::Zh));
    let v: Value = serde_json::from_str(&r.to_json().unwrap()).unwrap();
    assert_eq!(v["texts"][0]["lang"], "zh");
    assert_eq!(v["crate_version"], CRATE_VERSION);
    assert_eq!(
        v["record"]["start"]["date"],
        serde_json::json!([2026, 11, 28])
    );
    let back: sinus::Report = serde_json::from_value(v).unwrap();
    assert_eq!(back.beat_list, r.beat_list);
}

/// Every `null` and every key of every object, by path.
fn walk(v: &Value, path: &str, keys: &mut Vec<String>) {
    match v {
        Value::Object(m) => {
            for (k, x) in m {
                let p = format!("{path}/{k}");
                keys.push(p.clone());
                walk(x, &p, keys);
            }
        }
        Value::Array(a) => a.iter().for_each(|x| walk(x, &format!("{path}/*"), keys)),
        _ => {}
    }
}

#[test]
fn optional_fields_are_always_written() {
    // One rule: an absent value is `null` (or `[]`), never an omitted key.
    let Some(db) = common::db("ludb/data") else {
        return;
    };
    for name in ["1", "10", "102", "103"] {
        let rec = sinus::io::wfdb::read_record(db.join(name)).unwrap();
        let r = sinus::analyze(&rec).unwrap();
        let v: Value = serde_json::from_str(&r.to_json().unwrap()).unwrap();
        for k in [
            "rates",
            "interchange",
            "measurements",
            "rhythm_episodes",
            "texts",
        ] {
            assert!(v.get(k).is_some(), "{name}: {k} missing");
        }
        // Every statement object has every key, `null` or `[]` where it has no value.
        for st in v["statements"].as_array().unwrap() {
            for k in [
                "count",
                "value",
                "leads",
                "territory",
                "confounder",
                "topics",
                "evidence",
            ] {
                assert!(st.get(k).is_some(), "{name}: statement {st} lacks {k}");
            }
        }
        let mut keys = Vec::new();
        walk(&v, "", &mut keys);
        assert!(keys.iter().any(|k| k == "/record/mains_hz"), "{name}");
    }
}

#[test]
fn the_header_start_time_reaches_the_report() {
    let Some(db) = common::db("cinc2020-dev") else {
        return;
    };
    let rec = sinus::io::wfdb::read_record(db.join("A0001")).unwrap();
    let r = sinus::analyze(&rec).unwrap();
    let s = r.record.start.unwrap();
    assert_eq!(s.date, Some((2020, 5, 12)));
    assert_eq!(s.time, Some((12, 33, 59.0)));
    // The Challenge header's age and sex reach the report's patient.
    assert!(
        r.patient.age_years.is_some() || r.patient.sex.is_some(),
        "{:?}",
        r.patient
    );
}

/// The committed schema of the current version: `schema/report-v{SCHEMA_VERSION}.schema.json`.
fn committed_schema_path() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("schema")
        .join(format!("report-v{SCHEMA_VERSION}.schema.json"))
}

#[test]
fn the_report_schema_is_committed_and_changes_only_with_schema_version() {
    // A change of the report's types changes the generated schema: it must come with a new
    // SCHEMA_VERSION, whose schema file is written once (SINUS_WRITE_SCHEMA=1 writes a missing
    // file, never an existing one) and committed beside the old versions' files.
    let generated = serde_json::to_string_pretty(&sinus::report::json_schema()).unwrap() + "\n";
    let path = committed_schema_path();
    if !path.exists() && std::env::var("SINUS_WRITE_SCHEMA").is_ok_and(|v| v == "1") {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, &generated).unwrap();
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_else(|e| {
        panic!(
            "{}: {e}. SCHEMA_VERSION {SCHEMA_VERSION} has no committed schema: run \
             SINUS_WRITE_SCHEMA=1 cargo test --test pipeline schema, and commit the file",
            path.display()
        )
    });
    let committed: Value = serde_json::from_str(&committed).unwrap();
    let generated: Value = serde_json::from_str(&generated).unwrap();
    // The layout, not the wording: a doc comment edited in a report type changes only the
    // descriptions, which need no new version (SINUS_WRITE_SCHEMA=1 refreshes them).
    if strip_descriptions(&committed) != strip_descriptions(&generated) {
        panic!(
            "the report's JSON Schema differs from the committed {}: the report's layout \
             changed without a SCHEMA_VERSION bump. Bump SCHEMA_VERSION (src/report/mod.rs), \
             then write the new version's schema with SINUS_WRITE_SCHEMA=1",
            path.display()
        );
    }
    if committed != generated && std::env::var("SINUS_WRITE_SCHEMA").is_ok_and(|v| v == "1") {
        let text = serde_json::to_string_pretty(&generated).unwrap() + "\n";
        std::fs::write(&path, text).unwrap();
    }
    // What a platform relies on is in it, and required (written even when absent: null).
    let required: Vec<&str> = committed["required"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|x| x.as_str())
        .collect();
    for k in [
        "schema_version",
        "crate_version",
        "config_hash",
        "beat_list",
        "rates",
        "texts",
    ] {
        assert!(required.contains(&k), "{k} not required in {required:?}");
    }
}

fn strip_descriptions(v: &Value) -> Value {
    match v {
        Value::Object(m) => Value::Object(
            m.iter()
                .filter(|(k, _)| k.as_str() != "description")
                .map(|(k, x)| (k.clone(), strip_descriptions(x)))
                .collect(),
        ),
        Value::Array(a) => Value::Array(a.iter().map(strip_descriptions).collect()),
        x => x.clone(),
    }
}

#[test]
fn on_a_long_record_the_rhythm_figures_describe_the_whole_record() {
    // mitdb/100 is 30 min: its headline rhythm comes from 10 s windows, but its evidence's
    // figures count every beat, as the report's beat counts do (it said 13 of 2273 before).
    let Some(db) = common::db("mitdb") else {
        return;
    };
    let rec = sinus::io::wfdb::read_record(db.join("100")).unwrap();
    let r = sinus::analyze(&rec).unwrap();
    assert!(!r.rhythm_episodes.is_empty());
    assert_eq!(r.rhythm.evidence.input.n_beats, r.beats.total);
    assert!(r.beats.total > 2000, "{}", r.beats.total);
}
