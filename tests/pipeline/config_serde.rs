//! Config files: every part round-trips through serde, and an unknown field anywhere is an
//! error naming it.

use serde_json::Value;
use sinus::Config;
use sinus::filter::{Conditioning, Mains, Preset};

#[test]
fn every_part_of_config_round_trips() {
    let cfg = Config::builder()
        .mains(Mains::Hz60)
        .preset(Preset::Diagnostic)
        .bradycardia_bpm(55.0)
        .build()
        .unwrap();
    assert_eq!(
        cfg.conditioning,
        Some(Conditioning::new(Preset::Diagnostic, Mains::Hz60))
    );
    let json = serde_json::to_string_pretty(&cfg).unwrap();
    assert!(json.contains("\"mains\": \"60\""), "{json}");
    assert!(json.contains("\"preset\": \"diagnostic\""), "{json}");
    let back: Config = serde_json::from_str(&json).unwrap();
    assert_eq!(back, cfg);
    // The default, and conditioning off, too.
    for cfg in [
        Config::default(),
        Config::builder().conditioning(None).build().unwrap(),
    ] {
        let back: Config = serde_json::from_str(&serde_json::to_string(&cfg).unwrap()).unwrap();
        assert_eq!(back, cfg);
    }
}

/// Every JSON object of `v`, by its path.
fn objects(v: &Value, path: String, out: &mut Vec<String>) {
    if let Value::Object(m) = v {
        out.push(path.clone());
        for (k, x) in m {
            objects(x, format!("{path}/{k}"), out);
        }
    }
}

#[test]
fn an_unknown_field_anywhere_is_an_error_naming_it() {
    let cfg = Config::builder().mains(Mains::Hz50).build().unwrap();
    let v = serde_json::to_value(&cfg).unwrap();
    let mut paths = Vec::new();
    objects(&v, String::new(), &mut paths);
    assert!(paths.len() > 10, "{paths:?}");
    let mut accepted = Vec::new();
    for p in &paths {
        let mut w = v.clone();
        let Some(Value::Object(m)) = w.pointer_mut(p) else {
            unreachable!()
        };
        m.insert("bradycardia_bmp".into(), Value::from(50.0));
        match serde_json::from_value::<Config>(w) {
            Ok(_) => accepted.push(p.clone()),
            Err(e) => assert!(e.to_string().contains("bradycardia_bmp"), "{p}: {e}"),
        }
    }
    assert!(
        accepted.is_empty(),
        "unknown fields accepted at {accepted:?}"
    );
}
