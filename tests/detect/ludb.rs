//! The QRS detector on the LUDB records at hand (12 leads, 500 Hz): reference = the `N`
//! annotations of each record's lead-II annotator `.ii`, scored between its first and last
//! annotation, EC57 150 ms. Floors are the figures reached minus 0.05 points.

use crate::common;
use crate::qrs;

use qrs::{Leads, score_db};
use sinus::eval::beats::Counts;

fn gross(leads: Leads) -> Option<Counts> {
    let db = common::db("ludb")?;
    let scores = score_db(&db, &[], &leads, false).expect("scoring ludb");
    assert!(scores.len() >= 100, "{} records", scores.len());
    Some(scores.iter().map(|s| s.counts).sum())
}

#[test]
fn ludb_twelve_leads() {
    // Reached: 928 / 928 beats, no false positive (Se 100 %, +P 100 %).
    if let Some(g) = gross(Leads::All) {
        eprintln!("12 leads: {g:?}");
        assert!(100.0 * g.sensitivity().unwrap() >= 99.95, "{g:?}");
        assert!(100.0 * g.positive_predictivity().unwrap() >= 99.95, "{g:?}");
    }
}

#[test]
fn ludb_lead_ii_alone() {
    // Reached: Se 100 %, +P 100 %.
    if let Some(g) = gross(Leads::Rows(vec![1])) {
        eprintln!("lead II: {g:?}");
        assert!(100.0 * g.sensitivity().unwrap() >= 99.95, "{g:?}");
        assert!(100.0 * g.positive_predictivity().unwrap() >= 99.95, "{g:?}");
    }
}
