//! Long recordings are read window by window: rhythm episodes, the headline rhythm that holds
//! longest, and paroxysmal AF reported in a record whose main rhythm is another.

use crate::common;

use ndarray::{Axis, concatenate};
use sinus::report::{Lang, StatementCode};
use sinus::rhythm::RhythmLabel as L;
use sinus::synth::{Rhythm, SynthConfig, generate};
use sinus::{Pipeline, Record};

/// `parts` of synthetic ECG (rhythm, seconds) joined end to end, 2 leads at 360 Hz.
fn joined(parts: &[(Rhythm, f64)]) -> Record {
    let mut arrays = Vec::new();
    let mut first = None;
    for (i, &(rhythm, secs)) in parts.iter().enumerate() {
        let cfg = SynthConfig {
            seed: i as u64 + 7,
            duration_s: secs,
            fs: sinus::SampleRate::new(360.0).unwrap(),
            leads: vec![sinus::Lead::II, sinus::Lead::V1],
            rhythm,
            ..SynthConfig::default()
        };
        let rec = generate(&cfg).unwrap().record;
        first.get_or_insert_with(|| (rec.leads().to_vec(), rec.fs()));
        arrays.push(rec.into_signals());
    }
    let views: Vec<_> = arrays.iter().map(|a| a.view()).collect();
    let (leads, fs) = first.unwrap();
    Record::new("joined", leads, fs, concatenate(Axis(1), &views).unwrap()).unwrap()
}

fn share(r: &sinus::Report, label: L) -> f64 {
    let total: f64 = r.rhythm_episodes.iter().map(|e| e.duration_s()).sum();
    r.rhythm_episodes
        .iter()
        .filter(|e| e.label == label)
        .map(|e| e.duration_s())
        .sum::<f64>()
        / total
}

#[test]
fn paroxysmal_af_in_a_sinus_recording() {
    let rec = joined(&[
        (Rhythm::Sinus, 60.0),
        (Rhythm::AtrialFibrillation, 40.0),
        (Rhythm::Sinus, 30.0),
    ]);
    let r = Pipeline::default().analyze(&rec).unwrap();
    assert!(r.rhythm.label.is_sinus(), "{:?}", r.rhythm);
    assert!(r.rhythm.evidence.rule.contains("windows of 10 s"));
    let af: Vec<_> = r
        .rhythm_episodes
        .iter()
        .filter(|e| e.label == L::AtrialFibrillation)
        .collect();
    assert_eq!(af.len(), 1, "{:?}", r.rhythm_episodes);
    assert_eq!((af[0].start_s, af[0].end_s), (60.0, 100.0));
    let st = r
        .statements
        .iter()
        .find(|s| s.code == StatementCode::AtrialFibrillationEpisodes)
        .expect("AF episode statement");
    assert_eq!((st.count, st.value), (Some(1), Some(40.0)));
    let en = r.summary(Lang::En);
    assert!(
        en.contains("Paroxysmal atrial fibrillation: 1 episode, longest 40 s."),
        "{en}"
    );
    assert!(
        r.summary(Lang::Zh)
            .contains("阵发性心房颤动（1阵，最长40秒）")
    );
    // The sinus windows read sinus rhythm, or sinus arrhythmia where the synthetic sinus
    // cycle ranges over more than 120 ms within the window (the product owner's limit).
    let text = r.text(Lang::En);
    assert!(text.contains("atrial fibrillation 31 %"), "{text}");
    let sinus = share(&r, L::SinusRhythm) + share(&r, L::SinusArrhythmia);
    assert!((sinus - 90.0 / 130.0).abs() < 1e-9, "{text}");
    // Episodes cover the record, in order, without gaps.
    let mut t = 0.0;
    for e in &r.rhythm_episodes {
        assert_eq!(e.start_s, t);
        t = e.end_s;
    }
    assert!((t - rec.duration_s()).abs() < 1e-9);
}

#[test]
fn mostly_af_reads_af_and_short_records_have_no_episodes() {
    let rec = joined(&[(Rhythm::Sinus, 25.0), (Rhythm::AtrialFibrillation, 45.0)]);
    let r = Pipeline::default().analyze(&rec).unwrap();
    assert_eq!(
        r.rhythm.label,
        L::AtrialFibrillation,
        "{:?}",
        r.rhythm_episodes
    );
    // The headline is AF: no separate "paroxysmal" statement.
    assert!(
        r.statements
            .iter()
            .all(|s| s.code != StatementCode::AtrialFibrillationEpisodes)
    );
    // The 5 s remainder of 25 s joins neither rhythm's window wrongly: windows are 0-10,
    // 10-20, 20-30 (mixed), ..., 60-70.
    assert_eq!(r.rhythm_episodes.last().map(|e| e.end_s), Some(70.0));
    let short = joined(&[(Rhythm::Sinus, 50.0)]);
    let r = Pipeline::default().analyze(&short).unwrap();
    assert!(r.rhythm_episodes.is_empty());
    // One absence rule: an empty list is written, not omitted.
    assert!(r.to_json().unwrap().contains("\"rhythm_episodes\":[]"));
}

/// MIT-BIH records with atrial fibrillation: the share of time read as AF follows the
/// reference rhythm annotations (fraction of the 30 min under `(AFIB`).
#[test]
fn mitdb_af_share_follows_the_reference() {
    let Some(db) = common::db("mitdb") else {
        return;
    };
    let pipeline = Pipeline::default();
    for (name, reference) in [("202", 0.32), ("210", 0.98), ("219", 0.79), ("221", 0.97)] {
        let rec = sinus::io::wfdb::read_record(db.join(name)).unwrap();
        let r = pipeline.analyze(&rec).unwrap();
        let got = share(&r, L::AtrialFibrillation);
        eprintln!("{name}: AF {got:.2}, reference {reference:.2}");
        assert!(
            (got - reference).abs() <= 0.10,
            "{name}: {got} vs {reference}"
        );
    }
    let rec = sinus::io::wfdb::read_record(db.join("100")).unwrap();
    let r = pipeline.analyze(&rec).unwrap();
    // Sinus throughout: sinus rhythm, or sinus arrhythmia in the windows whose sinus cycle
    // ranges over more than 120 ms (the product owner's limit; MIT-BIH annotates both `(N`).
    assert_eq!(r.rhythm.label, L::SinusRhythm);
    let sinus = share(&r, L::SinusRhythm) + share(&r, L::SinusArrhythmia);
    assert!((sinus - 1.0).abs() < 1e-9, "{:?}", r.rhythm_episodes);
}
