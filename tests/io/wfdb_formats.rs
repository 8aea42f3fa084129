//! Every decoded format (8, 16, 61, 80, 212, 310, 311; interleaved and single-signal, odd lengths
//! that end in partial blocks; invalid-sample sentinels; skew and byte offset) equals the
//! physical values wfdb-python read from the same files, committed in
//! fixtures/formats/reference.json by scripts/make_format_fixtures.py.

use sinus::io::wfdb::{ChecksumVerdict, ReadOptions, read_detailed};
use std::path::PathBuf;

#[test]
fn formats_equal_wfdb_python() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("fixtures/formats");
    let text = std::fs::read_to_string(dir.join("reference.json")).unwrap();
    let reference: serde_json::Map<String, serde_json::Value> =
        serde_json::from_str(&text).unwrap();
    assert_eq!(reference.len(), 15);
    let mut nans = 0;
    for (name, signals) in &reference {
        let out = read_detailed(dir.join(name), &ReadOptions::default())
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        assert!(
            out.checksums.iter().all(|c| *c == ChecksumVerdict::Match),
            "{name}"
        );
        let sig = out.record.signals();
        let signals = signals.as_array().unwrap();
        assert_eq!(sig.nrows(), signals.len(), "{name}");
        for (k, col) in signals.iter().enumerate() {
            let col = col.as_array().unwrap();
            assert_eq!(sig.ncols(), col.len(), "{name}");
            for (t, want) in col.iter().enumerate() {
                let ours = sig[[k, t]];
                match want.as_f64() {
                    None => {
                        assert!(ours.is_nan(), "{name} signal {k} sample {t}: {ours} vs NaN");
                        nans += 1;
                    }
                    Some(w) => assert!(
                        (f64::from(ours) - w).abs() <= 1e-4,
                        "{name} signal {k} sample {t}: {ours} vs {w}"
                    ),
                }
            }
        }
    }
    // Sentinels in every format but 8, plus the skewed tail.
    assert!(nans > 50, "{nans} NaN compared");
}
