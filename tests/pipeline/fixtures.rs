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
    // Without measurements (delineation is not in the pipeline yet) the rhythm alone cannot
    // make a "Normal ECG": the report says so. With measurements this must read
    // "Sinus rhythm. Normal ECG." again.
    assert_eq!(
        r.summary(Lang::En),
        "Sinus rhythm. No abnormality found in what was assessed; not a complete reading."
    );
    assert_eq!(
        r.summary(Lang::Zh),
        "窦性心律。已分析项目未见异常（分析不完整）。"
    );
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
    assert_eq!(r.summary(Lang::Zh), "心房颤动。异常心电图。");
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
