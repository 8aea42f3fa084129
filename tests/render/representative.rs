//! The representative-beat page: one beat per lead with the fiducial marks of the delineation
//! (from `sinus::synth`'s ground truth, and from the delineation itself).

use sinus::render::{
    FiducialMarks, PageKind, RenderError, RenderOptions, RepresentativeBeats, Sheet,
};
use sinus::synth::{SynthConfig, generate};

/// The average of every beat from 300 ms before to 600 ms after its R peak, and the truth's
/// marks of one beat relative to the same window.
pub fn averaged(s: &sinus::synth::Synthetic) -> RepresentativeBeats {
    let fs = s.record.fs().hz();
    let (pre, post) = ((0.3 * fs) as usize, (0.6 * fs) as usize);
    let beats: Vec<_> = s
        .truth
        .beats
        .iter()
        .filter(|b| b.r_peak >= pre && b.r_peak + post <= s.record.n_samples())
        .collect();
    let sig = s.record.signals();
    let leads = s
        .record
        .leads()
        .iter()
        .enumerate()
        .map(|(k, l)| {
            let mut avg = vec![0.0f32; pre + post];
            for b in &beats {
                for (i, v) in avg.iter_mut().enumerate() {
                    *v += sig[[k, b.r_peak - pre + i]] / beats.len() as f32;
                }
            }
            (l.clone(), avg)
        })
        .collect();
    let b = beats[1];
    let ms = |x: Option<usize>| {
        x.map(|x| (x + pre) as f64 / fs * 1000.0 - b.r_peak as f64 / fs * 1000.0)
    };
    RepresentativeBeats {
        fs_hz: fs,
        leads,
        marks: FiducialMarks {
            p_on_ms: ms(b.p_onset),
            p_off_ms: ms(b.p_offset),
            qrs_on_ms: ms(b.qrs_onset),
            qrs_off_ms: ms(b.qrs_offset),
            t_off_ms: None,
        },
    }
}

#[test]
fn representative_beats_get_their_page_with_marks() {
    let s = generate(&SynthConfig::default()).unwrap();
    let report = sinus::analyze(&s.record).unwrap();
    let beats = averaged(&s);
    let sheet = Sheet::new(&s.record, &report, RenderOptions::default())
        .unwrap()
        .with_representative(&beats)
        .unwrap();
    let pages = sheet.pages();
    assert_eq!(pages.len(), 2);
    assert_eq!(pages[1].kind, PageKind::Representative);
    let svg = &pages[1].svg;
    // Four marks known, one absent ("—" in the header), on each of the 12 leads.
    assert_eq!(svg.matches("stroke-dasharray=\"0.8 0.6\"").count(), 4 * 12);
    assert!(
        svg.contains("Toff \u{2014}"),
        "the absent mark printed as a dash"
    );
    assert!(svg.contains("Page 2/2"));
    resvg::usvg::Tree::from_str(svg, &Default::default()).unwrap();
    // Without them, the HTML says so with a dash.
    let plain = Sheet::new(&s.record, &report, RenderOptions::default()).unwrap();
    assert_eq!(plain.pages().len(), 1);
    // Absurd input is refused, not drawn.
    let bad = RepresentativeBeats {
        fs_hz: 0.0,
        ..beats.clone()
    };
    assert!(matches!(
        plain.clone().with_representative(&bad),
        Err(RenderError::InvalidBeats(_))
    ));
    let long = RepresentativeBeats {
        leads: vec![(sinus::Lead::II, vec![0.0; 500 * 60])],
        ..beats
    };
    assert!(plain.with_representative(&long).is_err());
}

/// The delineation's own representative beat: drawn for every lead, its marks where the synthetic
/// truth puts the waves (±20 ms of the truth's QRS and P boundaries relative to the R peak).
#[test]
fn the_delineation_fills_the_representative_page() {
    let s = generate(&SynthConfig::default()).unwrap();
    let analysis = sinus::Pipeline::default()
        .analyze_full(&s.record, &Default::default())
        .unwrap();
    let rep = analysis.delineation.representative.as_ref().unwrap();
    let beats = RepresentativeBeats::from_delineation(rep, s.record.leads()).unwrap();
    assert_eq!(beats.leads.len(), s.record.n_leads());
    let fid_ms = rep.fiducial as f64 * 1000.0 / rep.fs_hz;
    let fs = s.record.fs().hz();
    let b = &s.truth.beats[2];
    let truth = |x: Option<usize>| (x.unwrap() as f64 - b.r_peak as f64) * 1000.0 / fs;
    let m = &beats.marks;
    for (name, got, want) in [
        ("QRS onset", m.qrs_on_ms, truth(b.qrs_onset)),
        ("QRS offset", m.qrs_off_ms, truth(b.qrs_offset)),
        ("P onset", m.p_on_ms, truth(b.p_onset)),
        ("P offset", m.p_off_ms, truth(b.p_offset)),
    ] {
        let got = got.unwrap_or_else(|| panic!("{name} marked")) - fid_ms;
        assert!(
            (got - want).abs() <= 20.0,
            "{name}: {got:.0} ms vs truth {want:.0} ms"
        );
    }
    let sheet = Sheet::new(&s.record, &analysis.report, RenderOptions::default())
        .unwrap()
        .with_representative(&beats)
        .unwrap();
    let pages = sheet.pages();
    assert_eq!(pages[1].kind, PageKind::Representative);
    assert_eq!(
        pages[1].svg.matches("stroke-dasharray=\"0.8 0.6\"").count(),
        5 * s.record.n_leads()
    );
    // An empty delineation draws nothing rather than an empty page.
    let empty = sinus::delineate::Representative {
        signals: vec![Vec::new(); s.record.n_leads()],
        ..rep.clone()
    };
    assert!(RepresentativeBeats::from_delineation(&empty, s.record.leads()).is_none());
}
