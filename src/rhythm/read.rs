//! The rhythm read from an analysed stretch of signal, as the pipeline asks for it: the leads
//! P and flutter waves are read in, flutter evidence, the classifier, and the readings that
//! override or refine it (ventricular flutter/fibrillation, complexes that are not QRS, 2:1
//! flutter, escape rhythms, ventricular runs, pacing).

use super::{Rhythm, RhythmConfig, RhythmInput, classify};
use crate::beats::BeatAnalysis;
use crate::lead::Lead;
use crate::record::Record;
use ndarray::ArrayView2;

/// The leads searched for P waves, best first: II and V1 show atrial activity best, then the
/// other inferior and limb leads.
const P_LEADS: [Lead; 9] = [
    Lead::II,
    Lead::V1,
    Lead::MLII,
    Lead::I,
    Lead::III,
    Lead::AVF,
    Lead::V2,
    Lead::MV1,
    Lead::AVL,
];

/// The lead rows each stage of the rhythm reading looks at.
pub(crate) struct ReadLeads<'a> {
    /// Usable-lead mask.
    pub(crate) usable: &'a [bool],
    /// Leads searched for P waves, best first.
    pub(crate) p_leads: &'a [usize],
    /// Leads searched for flutter waves, best first.
    pub(crate) flutter: &'a [usize],
    /// Muscle noise of the second-quietest P lead (see [`crate::rhythm::RhythmInput`]).
    pub(crate) atrial_noise_mv: Option<f64>,
    /// V1 (or MV1), if read.
    pub(crate) v1: Option<usize>,
    /// The inferior leads read (II, III, aVF, MLII).
    pub(crate) inferior: &'a [usize],
}

/// The leads searched for flutter waves, best first: the inferior leads and V1 show them best
/// (sawtooth in II, III, aVF; discrete waves in V1).
const FLUTTER_LEADS: [Lead; 6] = [
    Lead::II,
    Lead::III,
    Lead::AVF,
    Lead::V1,
    Lead::MLII,
    Lead::MV1,
];

/// The lead rows searched for P waves and for flutter waves, best first, among the usable ones.
pub(crate) fn reading_leads(record: &Record, usable: &[bool]) -> (Vec<usize>, Vec<usize>) {
    let mut p_leads: Vec<usize> = P_LEADS
        .iter()
        .filter_map(|l| record.lead_index(l))
        .filter(|&k| usable[k])
        .collect();
    if p_leads.len() < 2 {
        for k in (0..usable.len()).filter(|&k| usable[k]) {
            if p_leads.len() >= 4 {
                break;
            }
            if !p_leads.contains(&k) {
                p_leads.push(k);
            }
        }
    }
    let mut fl_leads: Vec<usize> = FLUTTER_LEADS
        .iter()
        .filter_map(|l| record.lead_index(l))
        .filter(|&k| usable[k])
        .collect();
    if fl_leads.len() < 2 {
        for &k in &p_leads {
            if !fl_leads.contains(&k) {
                fl_leads.push(k);
            }
        }
    }
    (p_leads, fl_leads)
}

/// V1 (or MV1) and the inferior leads, among the usable ones: where 2:1 flutter shows.
pub(crate) fn two_to_one_leads(record: &Record, usable: &[bool]) -> (Option<usize>, Vec<usize>) {
    let ok = |k: &usize| usable.get(*k).copied().unwrap_or(false);
    let v1 = [Lead::V1, Lead::MV1]
        .iter()
        .filter_map(|l| record.lead_index(l))
        .find(ok);
    let inferior = [Lead::II, Lead::III, Lead::AVF, Lead::MLII]
        .iter()
        .filter_map(|l| record.lead_index(l))
        .filter(ok)
        .collect();
    (v1, inferior)
}

/// The rhythm of an analysed stretch: flutter evidence, the classifier, then the readings
/// that override or refine it (ventricular flutter/fibrillation, complexes that are not QRS,
/// 2:1 flutter, escape, ventricular runs, pacing).
pub(crate) fn read(
    signals: ArrayView2<'_, f32>,
    fs: f64,
    a: &BeatAnalysis,
    pace: &[crate::pacing::BeatPacing],
    leads: &ReadLeads<'_>,
    rc: &RhythmConfig,
    pacing: &crate::pacing::PacingConfig,
) -> Rhythm {
    let beats: Vec<usize> = a.beats.iter().map(|b| b.sample).collect();
    let flutter = crate::atrial::flutter_evidence(
        signals,
        fs,
        &beats,
        leads.flutter,
        a.dominant_qrs_ms.map_or(0.1, |q| q / 1000.0),
        &crate::atrial::FlutterParams {
            min_rate_bpm: rc.flutter_min_rate_bpm,
            max_rate_bpm: rc.flutter_max_rate_bpm,
            min_rms_mv: rc.flutter_min_rms_mv,
        },
    );
    let rr: Vec<f64> = a.beats.iter().filter_map(|b| b.rr_ms).collect();
    // Ventricular premature beats make short-long pairs in fibrillation as in sinus rhythm:
    // with one in the stretch the RR pattern tells nothing (MIT-BIH 221, fibrillation with
    // ventricular ectopy, would read as sinus in 3 windows).
    let ventricular = a
        .beats
        .iter()
        .any(|b| b.class == crate::beats::BeatClass::VentricularPremature);
    let input = RhythmInput {
        atrial_noise_mv: leads.atrial_noise_mv,
        rr_unexplained: if ventricular {
            None
        } else {
            crate::rhythm::rr_pattern::unexplained_fraction(
                &rr,
                rc.af_base_cycle_tolerance,
                rc.af_pause_ratio,
                (
                    rc.af_premature_pair_min_cycles,
                    rc.af_premature_pair_max_cycles,
                ),
            )
        },
        ..RhythmInput::read(a, flutter.as_ref())
    };
    let mut rhythm = classify(&input, rc);
    // Ventricular flutter/fibrillation: no discrete QRS for the detector to find, so only
    // where the reading is doubtful or fast.
    let doubtful = matches!(
        rhythm.label,
        crate::rhythm::RhythmLabel::Undetermined
            | crate::rhythm::RhythmLabel::IrregularUnclassified
            | crate::rhythm::RhythmLabel::RegularUnclassified
            | crate::rhythm::RhythmLabel::AtrialFibrillation
    ) || rhythm
        .evidence
        .input
        .mean_rate_bpm
        .is_some_and(|r| r > 150.0);
    if doubtful && pace.iter().all(|p| !p.ventricular) {
        let rows: Vec<usize> = (0..signals.nrows())
            .filter(|&k| leads.usable.get(k).copied().unwrap_or(false))
            .collect();
        if let Some((leak, mv)) = crate::rhythm::vf::worst_lead(signals, fs, &rows)
            && leak <= rc.vf_max_leakage
            && mv >= rc.vf_min_mv
        {
            let mut r = Rhythm::undetermined(&format!(
                "a continuous oscillation without discrete QRS complexes: VF-filter leakage {leak:.2} <= {:.2} in every lead, at least {mv:.2} mV (read before: {})",
                rc.vf_max_leakage, rhythm.evidence.rule
            ));
            r.label = crate::rhythm::RhythmLabel::VentricularFlutterFibrillation;
            r.evidence.input = rhythm.evidence.input;
            return r;
        }
    }
    if !pace.iter().any(|p| p.ventricular)
        && let Some(why) = not_qrs(a, rc)
    {
        let mut r = Rhythm::undetermined(&why);
        r.evidence.input = rhythm.evidence.input;
        return r;
    }
    if let Some(v1) = leads.v1
        && rhythm.evidence.input.mean_rate_bpm.is_some_and(|r| {
            2.0 * r >= 0.8 * rc.flutter_min_rate_bpm && 2.0 * r <= rc.flutter_max_rate_bpm
        })
    {
        let mut rows = vec![v1];
        rows.extend_from_slice(leads.inferior);
        let c = crate::rhythm::half_cycle::half_cycle_correlation(signals, fs, &beats, &rows, 0.06);
        let inferior = c.iter().skip(1).flatten().copied().reduce(f64::max);
        crate::rhythm::apply_two_to_one(&mut rhythm, &rr, c[0], inferior, rc);
    }
    crate::rhythm::escape::apply(&mut rhythm, a.dominant_qrs_ms, rc);
    crate::rhythm::ventricular::apply(&mut rhythm, &a.beats, fs, rc);
    let spikes = pace.iter().filter(|p| p.ventricular || p.atrial).count();
    if spikes > 0
        && let Some(p) = crate::rhythm::paced::read_pacing(&a.beats, pace, spikes, pacing)
    {
        crate::rhythm::paced::apply_pacing(&mut rhythm, p, pacing, rc);
    }
    // Second- and third-degree AV block from every P wave (first degree: from the PR). In
    // fibrillation or an unclassified irregular rhythm the P waves are searched too: P waves
    // marching through a Wenckebach pattern make it sinus rhythm with Mobitz I block.
    if let Some(&row) = leads.inferior.first()
        && rhythm.av_block.is_none()
    {
        let wenckebach = crate::rhythm::wenckebach::applies(rhythm.label);
        if wenckebach || crate::rhythm::p_waves::applies(rhythm.label) {
            let block = crate::rhythm::p_waves::read(signals, fs, &a.beats, row, &rc.p_waves);
            match block {
                Some(b)
                    if wenckebach && b.degree == crate::rhythm::AvBlockDegree::SecondMobitzI =>
                {
                    crate::rhythm::wenckebach::apply(&mut rhythm, b, rc);
                }
                // In fibrillation only Wenckebach overrides; no other block is read.
                _ if rhythm.label == crate::rhythm::RhythmLabel::AtrialFibrillation => {}
                b => rhythm.av_block = b,
            }
        }
    }
    crate::rhythm::escape::apply_beneath_block(&mut rhythm, a.dominant_qrs_ms, rc);
    rhythm
}

/// Why the detected complexes cannot be read as QRS complexes, if they cannot: the dominant
/// ones too small ([`crate::rhythm::RhythmConfig::min_qrs_mv`]: P waves alone, or noise), or
/// a fifth of them under a third of the size of the dominant QRS (P or T waves detected
/// between slow QRS complexes).
fn not_qrs(a: &BeatAnalysis, rc: &RhythmConfig) -> Option<String> {
    if let Some(mv) = a.dominant_qrs_mv.filter(|&mv| mv < rc.min_qrs_mv) {
        return Some(format!(
            "the detected complexes reach {mv:.2} mV, less than {:.2} mV: not read as QRS complexes (P waves alone, or noise)",
            rc.min_qrs_mv
        ));
    }
    let big = a.dominant_qrs_mv?;
    let mv: Vec<f64> = a.beats.iter().filter_map(|b| b.qrs_mv).collect();
    if mv.len() < 5 {
        return None;
    }
    let small = mv.iter().filter(|&&v| v < big / 3.0).count();
    (5 * small >= mv.len()).then(|| {
        format!(
            "{small} of {} detected complexes are under a third of the dominant QRS ({big:.2} mV): P or T waves among the QRS complexes; rhythm not named",
            mv.len()
        )
    })
}
