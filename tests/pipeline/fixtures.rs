//! The committed synthetic fixtures (CSV), read and analysed as the README's command does.

use sinus::report::Lang;
use sinus::rhythm::RhythmLabel;

fn analyze(name: &str) -> sinus::Report {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures/synth")
        .join(name);
    let rec = sinus::io::csv::read_csv(&path, &Default::default()).expect("fixture reads");
    sinus::analyze(&rec).expect("report")
}

#[test]
fn fixtures_read_as_generated() {
    let r = analyze("sinus18.csv");
    assert_eq!(r.quality.len(), 18);
    // The README's first command: a normal 18-lead ECG.
    assert_eq!(r.summary(Lang::En), "Sinus rhythm. Normal ECG.");
    assert_eq!(r.summary(Lang::Zh), "窦性心律。正常心电图。");
    // A sinus rhythm's rate is the heart rate; AF's is the ventricular rate.
    assert!(r.text(Lang::Zh).contains("\n心率 "), "{}", r.text(Lang::Zh));
    assert!(
        r.text(Lang::En).contains("\nHeart rate "),
        "{}",
        r.text(Lang::En)
    );

    let r = analyze("af12.csv");
    assert_eq!(
        r.rhythm.label,
        RhythmLabel::AtrialFibrillation,
        "{:?}",
        r.rhythm
    );
    assert_eq!(r.beats.ventricular_premature, 0, "{:?}", r.beats);
    // The rhythm first and the conclusion last; what lies between depends on the measurements
    // (the synthetic AF's QTc sits at the long-QT limit of an unknown sex).
    let zh = r.summary(Lang::Zh);
    assert!(
        zh.starts_with("心房颤动。") && zh.ends_with("异常心电图。"),
        "{zh}"
    );
    assert!(
        r.text(Lang::Zh).contains("\n心室率 "),
        "{}",
        r.text(Lang::Zh)
    );
    assert!(
        r.text(Lang::En).contains("\nVentricular rate "),
        "{}",
        r.text(Lang::En)
    );

    let r = analyze("pvc12.csv");
    assert!(r.rhythm.label.is_sinus(), "{:?}", r.rhythm);
    assert_eq!(r.beats.ventricular_premature, 2, "{:?}", r.beats);
}
