//! The premature beats sinus reports against MIT-BIH's beat labels, in the EC57 classes
//! (`sinus::eval::classes`; the full table per record comes from
//! `cargo run --release --example evaluate -- classes ../shared/physionet/mitdb`). The floors
//! sit just below the figures reached, so the classification cannot silently regress.

use crate::classes;
use crate::common;

use sinus::annotation::AamiClass;
use sinus::eval::classes::ClassConfusion;

#[test]
fn mitdb_premature_beat_classes() {
    let Some(db) = common::db("mitdb") else {
        return;
    };
    let mut total = ClassConfusion::default();
    for name in common::records(&db) {
        let c = classes::score_record(&db, &name).unwrap_or_else(|e| panic!("{name}: {e}"));
        total.merge(&c);
    }
    eprintln!("{}", total.to_table());
    assert_eq!(total.support(AamiClass::V), 7236);
    assert_eq!(total.support(AamiClass::S), 2781);
    let se = |c| total.sensitivity(c).unwrap_or(0.0);
    let pp = |c| total.positive_predictivity(c).unwrap_or(0.0);
    // Reached: VEB Se 0.891, +P 0.695; SVEB Se 0.217, +P 0.213.
    assert!(se(AamiClass::V) >= 0.88, "VEB Se {}", se(AamiClass::V));
    assert!(pp(AamiClass::V) >= 0.68, "VEB +P {}", pp(AamiClass::V));
    assert!(se(AamiClass::S) >= 0.20, "SVEB Se {}", se(AamiClass::S));
    assert!(pp(AamiClass::S) >= 0.20, "SVEB +P {}", pp(AamiClass::S));
}
