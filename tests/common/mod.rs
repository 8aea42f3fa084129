//! Shared helpers for integration tests and benches: where the PhysioNet data is.
#![allow(dead_code)]

use std::path::PathBuf;

/// The PhysioNet data directory: `$SINUS_DATA`, or `../shared/physionet` beside the checkout.
///
/// Returns `None` (after saying so on stderr) when it is absent, so a test can skip; panics when
/// it is absent and `SINUS_REQUIRE_DATA=1`, so CI cannot pass by skipping.
pub fn data_dir() -> Option<PathBuf> {
    let dir = match std::env::var_os("SINUS_DATA") {
        Some(d) => PathBuf::from(d),
        None => PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/physionet"),
    };
    if dir.is_dir() {
        return Some(dir);
    }
    if std::env::var("SINUS_REQUIRE_DATA").as_deref() == Ok("1") {
        panic!(
            "SINUS_REQUIRE_DATA=1 but the PhysioNet data directory {} is missing",
            dir.display()
        );
    }
    eprintln!(
        "skipping: PhysioNet data not found at {} (set SINUS_DATA)",
        dir.display()
    );
    None
}

/// A database folder under the data directory (`mitdb`, `ludb/data`, `cinc2020-dev`), with the
/// same skip/require rule as [`data_dir`].
pub fn db(name: &str) -> Option<PathBuf> {
    let dir = data_dir()?.join(name);
    if dir.is_dir() {
        return Some(dir);
    }
    if std::env::var("SINUS_REQUIRE_DATA").as_deref() == Ok("1") {
        panic!("SINUS_REQUIRE_DATA=1 but {} is missing", dir.display());
    }
    eprintln!("skipping: {} not found", dir.display());
    None
}

/// Record names listed in a database's `RECORDS` file (paths relative to the database folder).
pub fn records(db_dir: &std::path::Path) -> Vec<String> {
    std::fs::read_to_string(db_dir.join("RECORDS"))
        .map(|s| {
            s.lines()
                .map(str::trim)
                .filter(|l| !l.is_empty())
                .map(String::from)
                .collect()
        })
        .unwrap_or_default()
}

/// Proptest settings for the integration tests: `cases` cases, with failing seeds kept beside the
/// test's own source file (`tests/<area>/<module>.proptest-regressions`) and replayed from there.
///
/// proptest's default (`SourceParallel`) looks for the nearest `main.rs` and, with one test
/// binary per area, would pool every area's seeds in `tests/proptest-regressions/<module>.txt`,
/// where modules of the same name in two areas (`filter/bad_input.rs`, `pipeline/bad_input.rs`)
/// would share, and the seeds committed beside each module would never be read.
///
/// `PROPTEST_CASES`, when set, overrides `cases` (to explore: `PROPTEST_CASES=1000 cargo test
/// --release --test rhythm bad_input_props`). CI pins `PROPTEST_RNG_SEED` so that a run is
/// reproducible; without it every run draws new cases.
pub fn proptest_config(cases: u32) -> proptest::test_runner::Config {
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(cases);
    proptest::test_runner::Config {
        cases,
        failure_persistence: Some(Box::new(
            proptest::test_runner::FileFailurePersistence::WithSource("proptest-regressions"),
        )),
        ..proptest::test_runner::Config::default()
    }
}
