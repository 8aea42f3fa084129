//! Rhythm classification from the RR intervals, the beat classes and the atrial-activity
//! evidence of [`crate::beats`] and [`crate::atrial`].
//!
//! The decision follows the order a reader takes: are there flutter waves, a regular atrial
//! oscillation at 240–350 /min filling the baseline (atrial flutter, whose F waves would
//! otherwise pass for a P wave at a fixed PR); is there a consistent P wave before the QRS
//! (sinus or not); if sinus, the rate (bradycardia, tachycardia) and then the regularity of the
//! underlying cycle (sinus arrhythmia); if not, whether the ventricular response is irregularly
//! irregular (atrial fibrillation) or regular. Every figure used is returned in
//! [`RhythmEvidence`] so the report can show why.
//!
//! ```
//! use sinus::rhythm::{classify, RhythmConfig, RhythmInput, RhythmLabel};
//! let input = RhythmInput {
//!     n_beats: 12, mean_rate_bpm: Some(72.0), dominant_rate_bpm: Some(72.0),
//!     nrmssd: Some(0.02), nrmssd_dominant: Some(0.02), nrmssd_no_ventricular: Some(0.02),
//!     dominant_rr_range_ms: Some(40.0),
//!     premature_fraction: 0.0, p_consistency: Some(0.8), p_amplitude_mv: Some(0.12), p_snr: Some(6.0),
//!     p_variation_mv: Some(0.02),
//!     turning_point_ratio: Some(0.6),
//!     flutter_unlocked: None, flutter_locked: None, atrial_noise_mv: None,
//! };
//! let r = classify(&input, &RhythmConfig::default());
//! assert_eq!(r.label, RhythmLabel::SinusRhythm);
//! ```

pub mod av;
pub(crate) mod escape;
mod findings;
pub mod half_cycle;
mod label;
pub(crate) mod paced;
pub(crate) mod read;
pub(crate) mod ventricular;
pub mod vf;

pub use findings::{
    AvBlock, AvBlockDegree, EctopicPattern, EctopicRun, PacedChamber, PacingReading, RunKind,
    UnderlyingAtrial,
};
pub use label::{RhythmFamily, RhythmLabel};

use crate::atrial::FlutterReading;
use crate::beats::{BeatAnalysis, BeatClass};
use serde::{Deserialize, Serialize};

/// Thresholds of the rhythm classifier, in physical units, with their sources.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
#[non_exhaustive]
pub struct RhythmConfig {
    /// Sinus bradycardia below this rate (bpm). Default 60, the product owner's decision: the
    /// limit of the Chinese diagnostic textbook the platform's physicians use and of the
    /// AHA/ACC/HRS 2009 standardization recommendations. The 2018 ACC/AHA/HRS bradycardia
    /// guideline (Kusumoto et al., Circulation 2019;140:e382) suggests 50 bpm: see
    /// [`RhythmConfig::guideline_2018`].
    pub bradycardia_bpm: f64,
    /// Sinus tachycardia above this rate (bpm). Default 100 (AHA/ACC/HRS 2009 recommendations for
    /// the standardization and interpretation of the ECG, Mason et al., Circulation
    /// 2007;115:1325; 2015 ACC/AHA/HRS SVT guideline, Page et al.).
    pub tachycardia_bpm: f64,
    /// Sinus arrhythmia when the longest and shortest sinus RR (PP) intervals differ by more
    /// than this (ms). Default 120, the product owner's decision: the criterion of Chinese
    /// diagnostic teaching (诊断学, 人民卫生出版社: 同一导联 P-P 间期差值 > 0.12 s) that the
    /// platform's physicians use. Surawicz & Knilans (Chou's Electrocardiography in Clinical
    /// Practice, 6th ed.) use 160 ms. Sinus arrhythmia is a modifier of the sinus rhythm: with a
    /// bradycardia the reading is "sinus bradycardia with sinus arrhythmia".
    pub sinus_arrhythmia_range_ms: f64,
    /// …and the normalised RMSSD of the sinus cycle is at least this. Default 0 (off): the
    /// product owner's criterion is the range alone. LUDB's cardiologists labelled many
    /// records with a 120–250 ms range but a smooth swing (nRMSSD 0.04–0.09) as sinus rhythm;
    /// 0.08 reproduces that convention (`evaluate rhythm` scores the raw labels both ways).
    /// Intervals longer than 1.5 times the median (a pause, a blocked beat or a missed
    /// detection) never count toward the range.
    pub sinus_arrhythmia_min_nrmssd: f64,
    /// Irregularly irregular RR: normalised RMSSD (RMSSD / mean RR) of all intervals above this.
    /// Default 0.10; nRMSSD > 0.1 separates AF from sinus rhythm in short recordings
    /// (Dash et al., Ann Biomed Eng 2009;37:1701, RMSSD/mean with TPR and Shannon entropy;
    /// the AF detectors of Bashar et al. 2020 use the same family of measures).
    pub af_min_nrmssd: f64,
    /// P wave present when the leave-one-out consistency of the atrial segment is at least this
    /// (correlation, 0–1). Default 0.5 (tuned on LUDB's sinus and AF records: sinus records
    /// mostly score above 0.8, AF records below 0.6).
    pub p_min_consistency: f64,
    /// A P wave is "strong" with a consistency of at least this and a signal-to-variation ratio
    /// of at least `p_strong_snr`; otherwise it is "weak", and an irregular rhythm (nRMSSD of the
    /// non-premature intervals above `af_min_nrmssd`, or of all intervals with more than
    /// `af_min_premature_fraction` of the beats premature) reads as atrial fibrillation, since
    /// sinus arrhythmia and sinus rhythm with ectopic beats keep a clear P wave. Default 0.7.
    pub p_strong_consistency: f64,
    /// See `p_strong_consistency`. Default 2.5 (LUDB and CinC sinus records score 3–13, AF
    /// records 1–2.4).
    pub p_strong_snr: f64,
    /// See `p_strong_consistency`. Default 0.4.
    pub af_min_premature_fraction: f64,
    /// A P wave is also present, and strong, when its averaged amplitude is at least this many
    /// times its beat-to-beat variation, with a consistency of at least
    /// `p_salient_min_consistency`: noise bursts in a few beats lower the mean correlation of a
    /// long, noisy recording, not a P wave that stands this far out of the baseline. Default
    /// 4.0: no AF record or window of LUDB, CinC or MIT-BIH scores above 3.8 (LUDB 93, paced)
    /// or 2.3 (the others), while 72 MIT-BIH sinus windows read "no P wave" at 4–9.
    pub p_salient_snr: f64,
    /// See `p_salient_snr`. Default 0.3.
    pub p_salient_min_consistency: f64,
    /// Without a P wave, RR irregularity (nRMSSD of all intervals) above this reads as atrial
    /// fibrillation even below `af_min_nrmssd` (AF with a slow, fairly even response). Default
    /// 0.05.
    pub af_min_nrmssd_without_p: f64,
    /// P wave present only if the averaged atrial segment reaches this amplitude (mV). Default
    /// 0.01: below that nothing in a 10 s average stands out of the noise (a normal P wave is
    /// 0.05–0.25 mV in II, but the most consistent lead need not be II).
    pub p_min_amplitude_mv: f64,
    /// An irregular rhythm is not read as atrial fibrillation when its averaged atrial segment
    /// still holds a deflection of at least this amplitude (mV) with a consistency of at least
    /// `af_organised_min_consistency`: averaging ten or so beats cancels fibrillatory waves,
    /// which are not locked to the QRS, but keeps P waves, even those of premature atrial
    /// beats. Such a rhythm is "irregular, unclassified" instead. Default 0.08, with 0.35:
    /// tuned on 10 s MIT-BIH windows (`evaluate rhythm mitdb`), where it takes 290 of the 503
    /// sinus windows read as AF out of AF and costs 23 of 723 AF windows read right; it
    /// changes no LUDB or CinC record (their AF records average 0.005–0.07 mV).
    pub af_organised_min_amplitude_mv: f64,
    /// See `af_organised_min_amplitude_mv`. Default 0.35.
    pub af_organised_min_consistency: f64,
    /// …and only with at least this many beats: averaging cancels fibrillatory waves as one
    /// over the square root of the number of beats, so with fewer (a slow AF over 10 s) their
    /// residue can reach the amplitude limit. Default 9 (a synthetic AF at 40 bpm, 7 beats,
    /// kept 0.08 mV).
    pub af_organised_min_beats: usize,
    /// Fewest beats needed to name a rhythm. Default 4.
    pub min_beats: usize,
    /// Slowest atrial rate read as flutter (/min). Default 240: typical (cavotricuspid-isthmus)
    /// flutter runs at 250–350 /min (2015 ACC/AHA/HRS SVT guideline, Page et al., Circulation
    /// 2016;133:e506: "atrial rate usually 250–330 bpm"; ESC 2019 SVT guideline, Brugada et al.,
    /// Eur Heart J 2020;41:655: 250–330 /min), less 10 /min for the 10 ms lag resolution of
    /// [`crate::atrial`]. Flutter slowed below that by antiarrhythmic drugs (down to ~200 /min)
    /// is not searched: at those cycle lengths T and P waves of sinus rhythm repeat too.
    pub flutter_min_rate_bpm: f64,
    /// Fastest atrial rate read as flutter (/min). Default 350 (same sources; faster, regular
    /// atrial activity is rare and shades into fibrillation).
    pub flutter_max_rate_bpm: f64,
    /// A lead's F waves must reach this RMS to be read (mV). Default 0.02, about 0.06 mV peak to
    /// peak for a sawtooth: under half a small square at 10 mm/mV, where a reader sees no F wave
    /// (flutter waves in II, III, aVF are usually 0.1–0.3 mV). It also keeps out records whose
    /// gain is wrong (QRS of 0.1 mV).
    pub flutter_min_rms_mv: f64,
    /// Flutter waves not locked to the QRS: the QRST-cancelled residual of two leads repeats after
    /// one atrial cycle with at least this autocorrelation (the *periodicity* of
    /// [`crate::atrial`]). Default 0.30, tuned on LUDB, CinC 2020 and the 7098 10 s windows of
    /// mitdb rhythm episodes: LUDB 103 scores 0.44; the highest non-flutter record whose
    /// dominance passes scores 0.20 (CinC E07538, sinus at 91 bpm); fibrillation reaches 0.34
    /// (CinC E09657) with a dominance of 0.13, and 0.33–0.38 with a dominance of 0.38–0.42 in
    /// three windows of mitdb 201, which `flutter_min_rr_rayleigh_z` turns away.
    pub flutter_min_periodicity: f64,
    /// Flutter needs the oscillation to dominate the baseline between the QRS complexes, with no
    /// isoelectric segment between F waves (the ECG criterion of flutter, Page et al. 2016): its
    /// autocorrelation at one cycle (the *dominance* of [`crate::atrial`]), in the same two
    /// leads, at least this. Default 0.30, tuned on the same windows: LUDB 103 and CinC Q0096
    /// score 0.63–0.82; on LUDB and CinC, fibrillation records whose periodicity passes score
    /// at most 0.13. The locked reading needs more (`flutter_min_locked_dominance`).
    pub flutter_min_dominance: f64,
    /// The conduction ratio N:1 is named when the median RR is within this many atrial cycles
    /// of an integer N ≥ 2 and the RR is regular (nRMSSD at most `af_min_nrmssd_without_p`);
    /// otherwise the conduction is "variable". Default 0.15 (the atrial cycle is measured to
    /// ±5 ms, a 0.06 error at 4:1 and 210 ms; the rest is RR variation).
    pub flutter_ratio_tolerance: f64,
    /// F waves locked to the QRS (regular N:1 conduction, which QRST cancellation removes) are
    /// read as flutter only for N at least this. Default 4: at 3:1 and 2:1 the T and P waves of
    /// sinus rhythm at 90–150 bpm also repeat at a third or a half of the RR interval (four CinC
    /// records at 95–104 bpm do, with dominance 0.31–0.45), and even ratios (2:1, 4:1) are the
    /// usual ones in flutter (Surawicz & Knilans, Chou's Electrocardiography, 6th ed., ch. 17).
    pub flutter_min_locked_ratio: u32,
    /// The locked reading, which has no cancellation evidence behind it, needs a dominance of at
    /// least this. Default 0.45, tuned on LUDB, CinC and main's 7098 mitdb windows: CinC Q0096
    /// (4:1) scores 0.63; the highest non-flutter window with the RR a whole number (≥ 4) of
    /// cycles, sinus in mitdb 103 with noise, 0.34; on LUDB and CinC at most 0.09.
    pub flutter_min_locked_dominance: f64,
    /// The unlocked reading needs the RR intervals to be whole numbers of atrial cycles, as each
    /// conducted QRS follows an F wave (Rayleigh statistic of the RR phases, see
    /// [`crate::atrial::FlutterReading::rr_phase_rayleigh_z`]), at least this. Default 3.0: p <
    /// 0.05 that RR intervals unrelated to the cycle line up as well (Rayleigh test; Zar,
    /// Biostatistical Analysis, ch. 27). LUDB 103 scores 11.6; the mitdb 201 fibrillation windows
    /// whose periodicity and dominance pass, below 0.5.
    pub flutter_min_rr_rayleigh_z: f64,
    /// A missing or weak P wave is evidence of atrial fibrillation only if the leads it was
    /// searched in are quiet enough to have shown one: with muscle noise
    /// ([`RhythmInput::atrial_noise_mv`]) of at least this (mV) in the best pair of P leads,
    /// the atrial activity is "not assessable" and an irregular rhythm is not named. Default
    /// 0.04, the quality stage's muscle-noise flag ([`crate::quality::QualityConfig::hf_flag_mv`]):
    /// at that level the noise in a 10 ms bin (about 0.02 mV) is a third of a small P wave, and
    /// with 6 dB of muscle noise sinus arrhythmia read as fibrillation on 3–4 % of LUDB and CinC
    /// records; clean records measure below 0.025 in every lead.
    pub atrial_max_noise_mv: f64,
    /// Under ventricular pacing without a strong P wave, an atrial segment (the stretch before
    /// each QRS, see [`crate::beats::AtrialEvidence`]) varying from beat to beat by at least
    /// this RMS (mV) is read as atrial fibrillation beneath the pacing. Default 0.025: f waves
    /// of 0.05–0.1 mV peak to peak. LUDB 93 (AF, biventricular pacing) varies 0.043 mV; its
    /// paced records with sinus P waves or no visible atrial activity 0.004–0.006.
    pub paced_fibrillation_min_mv: f64,
    /// Bigeminy and trigeminy need at least this many consecutive cycles (and to cover half
    /// the beats). Default 3.
    pub pattern_min_cycles: usize,
    /// Atrial flutter with 2:1 conduction (see [`half_cycle`]): the average beat of V1 correlates
    /// with itself shifted by half the RR interval at least this much. Default 0.85.
    pub two_to_one_min_v1: f64,
    /// …and that of an inferior lead (II, III, aVF) at least this. Default 0.8.
    pub two_to_one_min_inferior: f64,
    /// A regular rhythm without P waves is junctional only when the averaged atrial segment
    /// stays below this (mV)… Default 0.03 (a P wave is 0.05–0.25 mV in II).
    pub junctional_max_atrial_mv: f64,
    /// …and varies from beat to beat by less than this (mV): a clean, empty baseline, not one
    /// whose noise could hide P waves. Default 0.02.
    pub junctional_max_variation_mv: f64,
    /// A regular rhythm without a consistent P wave whose dominant QRS is at least this wide
    /// (ms) is ventricular (idioventricular, or ventricular tachycardia at the tachycardia
    /// limit). Default 120 (AHA/ACCF/HRS 2009: QRS ≥ 120 ms is wide; the coarse width of
    /// [`crate::beats`] reads wide complexes 10–30 ms short, never narrow ones wide).
    pub idioventricular_min_qrs_ms: f64,
    /// The rhythm is not named when the dominant QRS template reaches less than this peak to
    /// peak in its largest lead (mV): what was detected may be P waves alone (ventricular
    /// standstill) or noise. Default 0.2 (low voltage is < 0.5 mV in the limb leads and
    /// < 1 mV in the chest leads; a P wave is 0.05–0.25 mV).
    pub min_qrs_mv: f64,
    /// Ventricular flutter/fibrillation when the VF-filter leakage (see [`vf`]) of every lead
    /// read stays at or below this… Default 0.5.
    pub vf_max_leakage: f64,
    /// …and every lead oscillates at least this much peak to peak (mV). Default 0.3.
    pub vf_min_mv: f64,
}

impl Default for RhythmConfig {
    fn default() -> Self {
        RhythmConfig {
            bradycardia_bpm: 60.0,
            tachycardia_bpm: 100.0,
            sinus_arrhythmia_range_ms: 120.0,
            sinus_arrhythmia_min_nrmssd: 0.0,
            af_min_nrmssd: 0.10,
            p_min_consistency: 0.5,
            p_strong_consistency: 0.7,
            p_strong_snr: 2.5,
            af_min_premature_fraction: 0.4,
            p_salient_snr: 4.0,
            p_salient_min_consistency: 0.3,
            af_min_nrmssd_without_p: 0.05,
            p_min_amplitude_mv: 0.01,
            af_organised_min_amplitude_mv: 0.08,
            af_organised_min_consistency: 0.35,
            af_organised_min_beats: 9,
            min_beats: 4,
            flutter_min_rate_bpm: 240.0,
            flutter_max_rate_bpm: 350.0,
            flutter_min_rms_mv: 0.02,
            flutter_min_periodicity: 0.30,
            flutter_min_dominance: 0.30,
            flutter_ratio_tolerance: 0.15,
            flutter_min_locked_ratio: 4,
            flutter_min_locked_dominance: 0.45,
            flutter_min_rr_rayleigh_z: 3.0,
            atrial_max_noise_mv: 0.04,
            paced_fibrillation_min_mv: 0.025,
            pattern_min_cycles: 3,
            two_to_one_min_v1: 0.85,
            two_to_one_min_inferior: 0.8,
            junctional_max_atrial_mv: 0.03,
            junctional_max_variation_mv: 0.02,
            idioventricular_min_qrs_ms: 120.0,
            min_qrs_mv: 0.2,
            vf_max_leakage: 0.5,
            vf_min_mv: 0.3,
        }
    }
}

impl RhythmConfig {
    /// The defaults with the sinus-bradycardia limit of the 2018 ACC/AHA/HRS bradycardia
    /// guideline (Kusumoto et al., Circulation 2019;140:e382): 50 bpm instead of 60. The
    /// platform's reports keep 60 (the Chinese textbook's limit, the product owner's decision);
    /// this preset is for reading records by the guideline's convention.
    ///
    /// ```
    /// use sinus::rhythm::RhythmConfig;
    /// use sinus::Config;
    /// let cfg = Config::builder().rhythm(RhythmConfig::guideline_2018()).build().unwrap();
    /// assert_eq!(cfg.rhythm.bradycardia_bpm, 50.0);
    /// assert_eq!(cfg.rhythm.tachycardia_bpm, 100.0);
    /// ```
    pub fn guideline_2018() -> RhythmConfig {
        RhythmConfig {
            bradycardia_bpm: 50.0,
            ..RhythmConfig::default()
        }
    }
}

/// What the classifier reads (all from [`crate::beats::BeatAnalysis`]).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct RhythmInput {
    /// Number of beats.
    pub n_beats: usize,
    /// Mean ventricular rate over all intervals (bpm).
    pub mean_rate_bpm: Option<f64>,
    /// Rate of the underlying (non-premature) cycle (bpm).
    pub dominant_rate_bpm: Option<f64>,
    /// Normalised RMSSD of all intervals.
    pub nrmssd: Option<f64>,
    /// Normalised RMSSD of the underlying cycle.
    pub nrmssd_dominant: Option<f64>,
    /// Normalised RMSSD of the intervals not touching a ventricular beat (None when too few
    /// are left).
    pub nrmssd_no_ventricular: Option<f64>,
    /// Longest minus shortest interval of the underlying cycle (ms).
    pub dominant_rr_range_ms: Option<f64>,
    /// Fraction of beats classified premature.
    pub premature_fraction: f64,
    /// P-wave consistency (see [`crate::beats::AtrialEvidence`]).
    pub p_consistency: Option<f64>,
    /// P-wave amplitude (mV).
    pub p_amplitude_mv: Option<f64>,
    /// P-wave amplitude over its beat-to-beat variation.
    pub p_snr: Option<f64>,
    /// The largest beat-to-beat variation of the atrial segment among the leads examined (mV).
    #[serde(default)]
    pub p_variation_mv: Option<f64>,
    /// Turning-point ratio of the RR series.
    pub turning_point_ratio: Option<f64>,
    /// The atrial oscillation read with the T wave removed (see [`crate::atrial`]).
    #[serde(default)]
    pub flutter_unlocked: Option<FlutterReading>,
    /// The atrial oscillation read on the QRS-blanked signal (see [`crate::atrial`]).
    #[serde(default)]
    pub flutter_locked: Option<FlutterReading>,
    /// Muscle noise (mV, [`crate::quality::QualityConfig::effective_hf_mv`]: the robust SD,
    /// raised for low-voltage leads) of the second-quietest lead searched for P waves: the noise
    /// under the best pair of leads the P-wave evidence can rest on. None when unknown.
    #[serde(default)]
    pub atrial_noise_mv: Option<f64>,
}

/// The rhythm and the figures that decided it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Rhythm {
    /// The label.
    pub label: RhythmLabel,
    /// The evidence.
    pub evidence: RhythmEvidence,
    /// Sinus arrhythmia beside a sinus bradycardia or tachycardia ("sinus bradycardia with
    /// sinus arrhythmia"); at a normal rate the label itself is
    /// [`RhythmLabel::SinusArrhythmia`] and this is true as well.
    #[serde(default)]
    pub sinus_arrhythmia: bool,
    /// AV block, when found.
    #[serde(default)]
    pub av_block: Option<AvBlock>,
    /// Pacing, when pacemaker spikes were found.
    #[serde(default)]
    pub pacing: Option<PacingReading>,
    /// A bigeminal or trigeminal pattern of ectopic beats.
    #[serde(default)]
    pub pattern: Option<EctopicPattern>,
    /// Runs of three or more consecutive ectopic beats.
    #[serde(default)]
    pub runs: Vec<EctopicRun>,
}

impl Rhythm {
    /// A reading with this label and evidence, and nothing modifying it.
    pub fn new(label: RhythmLabel, evidence: RhythmEvidence) -> Rhythm {
        Rhythm {
            label,
            evidence,
            sinus_arrhythmia: false,
            av_block: None,
            pacing: None,
            pattern: None,
            runs: Vec::new(),
        }
    }

    /// The family of the reading: paced when pacing drives the ventricles, AV block for a
    /// second- or third-degree block, otherwise the label's family.
    pub fn family(&self) -> RhythmFamily {
        if self.label.is_paced() {
            return RhythmFamily::Paced;
        }
        if self
            .av_block
            .as_ref()
            .is_some_and(|b| b.degree.is_second_or_higher())
        {
            return RhythmFamily::AvBlock;
        }
        self.label.family()
    }

    /// An undetermined rhythm with no figures, for the reason given (e.g. "no readable lead").
    pub fn undetermined(rule: &str) -> Rhythm {
        Rhythm::new(
            RhythmLabel::Undetermined,
            RhythmEvidence {
                input: RhythmInput {
                    n_beats: 0,
                    mean_rate_bpm: None,
                    dominant_rate_bpm: None,
                    nrmssd: None,
                    nrmssd_dominant: None,
                    nrmssd_no_ventricular: None,
                    dominant_rr_range_ms: None,
                    premature_fraction: 0.0,
                    p_consistency: None,
                    p_amplitude_mv: None,
                    p_snr: None,
                    p_variation_mv: None,
                    turning_point_ratio: None,
                    flutter_unlocked: None,
                    flutter_locked: None,
                    atrial_noise_mv: None,
                },
                p_wave: false,
                irregular: false,
                rule: rule.into(),
                conduction_ratio: None,
                flutter: None,
                atrial_not_assessable: false,
            },
        )
    }
}

/// The figures behind a rhythm label, and the rule that fired.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct RhythmEvidence {
    /// The inputs as read.
    #[serde(flatten)]
    pub input: RhythmInput,
    /// Whether a consistent P wave was found.
    pub p_wave: bool,
    /// Whether the ventricular rhythm was judged irregularly irregular.
    pub irregular: bool,
    /// The rule that fired, in words.
    pub rule: String,
    /// For atrial flutter, the conduction ratio N of N:1 conduction (None when variable).
    #[serde(default)]
    pub conduction_ratio: Option<u32>,
    /// For atrial flutter, the reading that decided it (locked or unlocked).
    #[serde(default)]
    pub flutter: Option<FlutterReading>,
    /// No consistent P wave was found, but the leads were too noisy to show one: the atrial
    /// activity is not assessable, and no atrial rhythm (fibrillation) is named.
    #[serde(default)]
    pub atrial_not_assessable: bool,
}

impl RhythmInput {
    /// The classifier's input from a beat analysis and the flutter evidence, if any.
    pub fn read(a: &BeatAnalysis, flutter: Option<&crate::atrial::FlutterEvidence>) -> RhythmInput {
        let premature = a
            .beats
            .iter()
            .filter(|b| {
                matches!(
                    b.class,
                    BeatClass::SupraventricularPremature | BeatClass::VentricularPremature
                )
            })
            .count();
        RhythmInput {
            n_beats: a.beats.len(),
            mean_rate_bpm: a.rr.map(|s| 60_000.0 / s.mean_ms),
            dominant_rate_bpm: a.rr_dominant.map(|s| 60_000.0 / s.mean_ms),
            nrmssd: a.nrmssd,
            nrmssd_dominant: a.nrmssd_dominant,
            nrmssd_no_ventricular: a.nrmssd_no_ventricular,
            dominant_rr_range_ms: sinus_cycle_range_ms(a),
            premature_fraction: premature as f64 / a.beats.len().max(1) as f64,
            p_consistency: a.atrial.as_ref().map(|x| x.p_consistency),
            p_amplitude_mv: a.atrial.as_ref().map(|x| x.p_amplitude_mv),
            p_snr: a.atrial.as_ref().map(|x| x.p_snr),
            p_variation_mv: a
                .atrial
                .as_ref()
                .and_then(|x| x.leads.iter().map(|l| l.variation_mv).reduce(f64::max)),
            turning_point_ratio: a.turning_point_ratio,
            flutter_unlocked: flutter.and_then(|f| f.unlocked.clone()),
            flutter_locked: flutter.and_then(|f| f.locked.clone()),
            atrial_noise_mv: None,
        }
    }
}

/// Longest minus shortest interval of the underlying cycle (ms): intervals between two
/// beats of the dominant rhythm, leaving out those longer than 1.5 times their median (a
/// pause, a blocked beat or a missed detection is reported as such, not as sinus arrhythmia).
fn sinus_cycle_range_ms(a: &BeatAnalysis) -> Option<f64> {
    let mut rr: Vec<f64> = a
        .beats
        .windows(2)
        .filter(|w| w[0].class == BeatClass::Dominant && w[1].class == BeatClass::Dominant)
        .filter_map(|w| w[1].rr_ms)
        .collect();
    if rr.is_empty() {
        return a.rr_dominant.map(|s| s.max_ms - s.min_ms);
    }
    rr.sort_by(f64::total_cmp);
    let med = rr[rr.len() / 2];
    let kept: Vec<f64> = rr.into_iter().filter(|&r| r <= 1.5 * med).collect();
    let (lo, hi) = (kept.first()?, kept.last()?);
    Some(hi - lo)
}

/// Settles the beat classes once the rhythm is known. Prematurity means nothing in atrial
/// fibrillation, nor in flutter with variable conduction, nor in an irregular rhythm whose atrial
/// activity is not assessable (noise may hide fibrillatory waves): there every beat of
/// supraventricular shape is counted as conducted. Beats of ventricular shape stay ventricular.
pub fn settle_beat_classes(rhythm: &Rhythm, beats: &mut [crate::beats::BeatInfo]) {
    let unread =
        rhythm.label == RhythmLabel::IrregularUnclassified && rhythm.evidence.atrial_not_assessable;
    let fibrillating = unread
        || matches!(
            rhythm.label,
            RhythmLabel::AtrialFibrillation | RhythmLabel::AtrialFlutter
        )
        || rhythm
            .pacing
            .as_ref()
            .is_some_and(|p| p.underlying == Some(UnderlyingAtrial::AtrialFibrillation));
    if !fibrillating {
        return;
    }
    for b in beats {
        if b.class == BeatClass::SupraventricularPremature {
            b.class = BeatClass::Dominant;
        }
    }
}

/// Classifies the rhythm.
pub fn classify(input: &RhythmInput, cfg: &RhythmConfig) -> Rhythm {
    let salient = input
        .p_consistency
        .is_some_and(|c| c >= cfg.p_salient_min_consistency)
        && input.p_snr.is_some_and(|r| r >= cfg.p_salient_snr);
    let p_wave = (salient
        || input
            .p_consistency
            .is_some_and(|c| c >= cfg.p_min_consistency))
        && input
            .p_amplitude_mv
            .is_some_and(|a| a >= cfg.p_min_amplitude_mv);
    let strong_p = p_wave
        && (salient
            || input
                .p_consistency
                .is_some_and(|c| c >= cfg.p_strong_consistency)
                && input.p_snr.is_some_and(|c| c >= cfg.p_strong_snr));
    let irregular = input.nrmssd.is_some_and(|v| v > cfg.af_min_nrmssd);
    let dominant_irregular = input.nrmssd_dominant.is_some_and(|v| v > cfg.af_min_nrmssd)
        || (irregular && input.premature_fraction > cfg.af_min_premature_fraction);
    // Without a strong P wave, noisy P leads leave the atrial activity unread rather than absent.
    let not_assessable = !strong_p
        && input
            .atrial_noise_mv
            .is_some_and(|n| n >= cfg.atrial_max_noise_mv);
    let done = |label: RhythmLabel, rule: String| {
        Rhythm::new(
            label,
            RhythmEvidence {
                input: input.clone(),
                p_wave,
                irregular,
                rule,
                conduction_ratio: None,
                flutter: None,
                atrial_not_assessable: not_assessable
                    && (!p_wave || label == RhythmLabel::IrregularUnclassified),
            },
        )
    };
    let unread = |why: String| {
        done(
            RhythmLabel::IrregularUnclassified,
            format!(
                "{why}; but muscle noise of {:.3} mV in the P leads leaves the atrial activity not assessable",
                input.atrial_noise_mv.unwrap_or(0.0)
            ),
        )
    };
    if input.n_beats < cfg.min_beats {
        return done(
            RhythmLabel::Undetermined,
            format!("{} beats, fewer than {}", input.n_beats, cfg.min_beats),
        );
    }
    let Some(mean_rate) = input.mean_rate_bpm.or(input.dominant_rate_bpm) else {
        return done(RhythmLabel::Undetermined, "no RR interval".into());
    };
    // Sinus bradycardia and tachycardia are judged on the sinus rate: the cycle of the
    // sinus beats, leaving out premature beats and the pauses after them (a beat carrying
    // the sinus P wave is never premature, so sinus arrhythmia keeps its short cycles).
    let rate = input.dominant_rate_bpm.unwrap_or(mean_rate);
    if let Some(fl) = flutter(input, cfg) {
        return fl;
    }
    // Atrial activity that survives averaging is locked to the QRS: not fibrillation.
    let organised = input.n_beats >= cfg.af_organised_min_beats
        && input
            .p_amplitude_mv
            .is_some_and(|a| a >= cfg.af_organised_min_amplitude_mv)
        && input
            .p_consistency
            .is_some_and(|c| c >= cfg.af_organised_min_consistency);
    let not_af = |why: String| {
        done(
            RhythmLabel::IrregularUnclassified,
            format!(
                "{why}; but the averaged atrial segment holds {:.2} mV (consistency {:.2}): organised atrial activity, not fibrillation",
                input.p_amplitude_mv.unwrap_or(0.0),
                input.p_consistency.unwrap_or(0.0)
            ),
        )
    };
    if p_wave && !strong_p && dominant_irregular {
        if not_assessable {
            return unread(format!(
                "weak P wave (amplitude/variation {:.1}); RR irregular (nRMSSD {:.3})",
                input.p_snr.unwrap_or(0.0),
                input.nrmssd.unwrap_or(0.0)
            ));
        }
        if organised {
            return not_af(format!(
                "weak P wave (amplitude/variation {:.1}); RR irregular (nRMSSD {:.3})",
                input.p_snr.unwrap_or(0.0),
                input.nrmssd.unwrap_or(0.0)
            ));
        }
        return done(
            RhythmLabel::AtrialFibrillation,
            format!(
                "weak P wave (consistency {:.2}, amplitude/variation {:.1}); RR irregular (nRMSSD {:.3}, underlying {:.3}, premature {:.0} %)",
                input.p_consistency.unwrap_or(0.0),
                input.p_snr.unwrap_or(0.0),
                input.nrmssd.unwrap_or(0.0),
                input.nrmssd_dominant.unwrap_or(0.0),
                input.premature_fraction * 100.0
            ),
        );
    }
    if p_wave {
        // Sinus arrhythmia is a modifier of the sinus rhythm: "sinus bradycardia with sinus
        // arrhythmia" (窦性心动过缓伴窦性心律不齐) is one reading.
        let range = input.dominant_rr_range_ms.unwrap_or(0.0);
        let nr = input.nrmssd_dominant.unwrap_or(0.0);
        let arrhythmia =
            range > cfg.sinus_arrhythmia_range_ms && nr >= cfg.sinus_arrhythmia_min_nrmssd;
        let sa_words = if arrhythmia {
            format!(
                "; sinus RR range {range:.0} > {:.0} ms (sinus arrhythmia)",
                cfg.sinus_arrhythmia_range_ms
            )
        } else {
            String::new()
        };
        let with_sa = |mut r: Rhythm| {
            r.sinus_arrhythmia = arrhythmia;
            r
        };
        if rate < cfg.bradycardia_bpm {
            return with_sa(done(
                RhythmLabel::SinusBradycardia,
                format!(
                    "P wave present; sinus rate {rate:.1} < {:.0} bpm{sa_words}",
                    cfg.bradycardia_bpm
                ),
            ));
        }
        if rate > cfg.tachycardia_bpm {
            return with_sa(done(
                RhythmLabel::SinusTachycardia,
                format!(
                    "P wave present; sinus rate {rate:.1} > {:.0} bpm{sa_words}",
                    cfg.tachycardia_bpm
                ),
            ));
        }
        if arrhythmia {
            return with_sa(done(
                RhythmLabel::SinusArrhythmia,
                format!(
                    "P wave present; rate {rate:.0} bpm; sinus RR range {range:.0} > {:.0} ms, nRMSSD {nr:.3}",
                    cfg.sinus_arrhythmia_range_ms
                ),
            ));
        }
        return done(
            RhythmLabel::SinusRhythm,
            format!("P wave present; rate {rate:.0} bpm; regular (sinus RR range {range:.0} ms)"),
        );
    }
    // Irregularly irregular is judged on the supraventricular rhythm, leaving out ventricular
    // beats with their coupling intervals and compensatory pauses: frequent ventricular ectopy
    // on a regular rhythm makes the whole series irregular but is not fibrillation (ESC 2020 AF
    // guideline, Hindricks et al., Eur Heart J 2021;42:373: "irregularly irregular RR intervals
    // and no distinct P waves"; RR-based AF detectors remove ectopic beats first, e.g. Lian,
    // Wang & Muessig, IEEE TBME 2011;58:1551). Supraventricular "premature" beats are kept:
    // in fibrillation every short interval looks premature.
    let supra = input.nrmssd_no_ventricular;
    // A mildly irregular series (below `af_min_nrmssd` even with every beat) without P wave is
    // read as fibrillation with a slow, even response, as before; only where the ectopic beats
    // push the series past `af_min_nrmssd` does their removal decide.
    let mild = !irregular
        && input
            .nrmssd
            .is_some_and(|v| v > cfg.af_min_nrmssd_without_p)
        // …and not made so by ventricular beats alone.
        && supra.is_none_or(|v| v > cfg.af_min_nrmssd_without_p);
    if supra.is_some_and(|v| v > cfg.af_min_nrmssd) || mild {
        if not_assessable {
            return unread(format!(
                "no consistent P wave; RR irregular (nRMSSD {:.3})",
                input.nrmssd.unwrap_or(0.0)
            ));
        }
        if organised {
            return not_af(format!(
                "no consistent P wave; RR irregular (nRMSSD {:.3})",
                input.nrmssd.unwrap_or(0.0)
            ));
        }
        return done(
            RhythmLabel::AtrialFibrillation,
            format!(
                "no consistent P wave; RR irregular (nRMSSD {:.3}; without ventricular beats {}; > {:.2})",
                input.nrmssd.unwrap_or(0.0),
                supra.map_or("-".to_string(), |v| format!("{v:.3}")),
                if mild {
                    cfg.af_min_nrmssd_without_p
                } else {
                    cfg.af_min_nrmssd
                }
            ),
        );
    }
    if irregular {
        return done(
            RhythmLabel::IrregularUnclassified,
            format!(
                "no consistent P wave; RR irregular (nRMSSD {:.3}) through ventricular beats; without them {}",
                input.nrmssd.unwrap_or(0.0),
                supra.map_or("too few intervals".to_string(), |v| format!(
                    "regular (nRMSSD {v:.3})"
                )),
            ),
        );
    }
    done(
        RhythmLabel::RegularUnclassified,
        format!("no consistent P wave; regular RR at {mean_rate:.0} bpm"),
    )
}

/// Reads atrial flutter with 2:1 conduction into a rhythm conducted mostly at one interval
/// (at least 60 % of the RR intervals `rr_ms` within 5 % of their median, which leaves room
/// for the odd 3:1 cycle) whose doubled rate lies in the flutter range, from the half-cycle
/// correlations of V1 and of the best inferior lead (see [`half_cycle`]).
pub fn apply_two_to_one(
    rhythm: &mut Rhythm,
    rr_ms: &[f64],
    v1: Option<f64>,
    inferior: Option<f64>,
    cfg: &RhythmConfig,
) {
    let mut sorted = rr_ms.to_vec();
    sorted.sort_by(f64::total_cmp);
    let Some(&median) = sorted.get(sorted.len() / 2) else {
        return;
    };
    let rate = 60_000.0 / median;
    let regular = sorted.len() >= 4
        && 5 * sorted
            .iter()
            .filter(|r| (*r - median).abs() <= 0.05 * median)
            .count()
            >= 3 * sorted.len();
    let candidate = matches!(
        rhythm.label,
        RhythmLabel::SinusTachycardia
            | RhythmLabel::SupraventricularTachycardia
            | RhythmLabel::RegularUnclassified
    );
    let atrial = 2.0 * rate;
    if !(candidate
        && regular
        && atrial >= cfg.flutter_min_rate_bpm
        && atrial <= cfg.flutter_max_rate_bpm)
    {
        return;
    }
    let (Some(v1), Some(inf)) = (v1, inferior) else {
        return;
    };
    if v1 < cfg.two_to_one_min_v1 || inf < cfg.two_to_one_min_inferior {
        return;
    }
    rhythm.evidence.rule = format!(
        "flutter waves at {atrial:.0} /min, 2:1 conduction (the average beat repeats every half RR interval: V1 {v1:.2} >= {:.2}, inferior lead {inf:.2} >= {:.2}; read before: {})",
        cfg.two_to_one_min_v1, cfg.two_to_one_min_inferior, rhythm.evidence.rule
    );
    rhythm.label = RhythmLabel::AtrialFlutter;
    rhythm.sinus_arrhythmia = false;
    rhythm.evidence.conduction_ratio = Some(2);
    rhythm.evidence.p_wave = false;
}

/// Atrial flutter: a regular atrial oscillation in the flutter range that dominates the baseline
/// between the QRS complexes in two leads, and either survives QRST cancellation (F waves not
/// locked to the QRS) or divides the RR interval into N ≥ `flutter_min_locked_ratio` cycles
/// (locked N:1). Judged before the P wave, since flutter waves pass for a consistent P wave at a
/// fixed "PR".
fn flutter(input: &RhythmInput, cfg: &RhythmConfig) -> Option<Rhythm> {
    let in_range = |r: &FlutterReading| {
        r.atrial_rate_bpm >= cfg.flutter_min_rate_bpm
            && r.atrial_rate_bpm <= cfg.flutter_max_rate_bpm
            && r.dominance >= cfg.flutter_min_dominance
    };
    let regular = input
        .nrmssd
        .is_some_and(|v| v <= cfg.af_min_nrmssd_without_p);
    let ratio = |r: &FlutterReading| {
        let n = r.rr_over_period.round();
        (regular && n >= 2.0 && (r.rr_over_period - n).abs() <= cfg.flutter_ratio_tolerance)
            .then_some(n as u32)
    };
    // F waves not locked to the QRS survive QRST cancellation; F waves locked at 4:1 or slower
    // are cancelled with the average beat, but then the RR interval is a whole number of atrial
    // cycles. Locked at 2:1 or 3:1 they cannot be told this way from the T and P waves of a
    // sinus rhythm at 90–150 bpm, which also repeat at a half or a third of the RR interval.
    // The locked reading first: when both hold, its cycle divides the RR interval exactly.
    let (reading, how) = if let Some(l) = input.flutter_locked.as_ref().filter(|l| {
        in_range(l)
            && l.dominance >= cfg.flutter_min_locked_dominance
            && ratio(l).is_some_and(|n| n >= cfg.flutter_min_locked_ratio)
    }) {
        (
            l,
            format!(
                "dominance {:.2} >= {:.2}; locked to the QRS, RR = {:.2} cycles",
                l.dominance, cfg.flutter_min_locked_dominance, l.rr_over_period
            ),
        )
    } else if let Some(u) = input.flutter_unlocked.as_ref().filter(|u| {
        in_range(u)
            && u.periodicity >= cfg.flutter_min_periodicity
            && u.rr_phase_rayleigh_z >= cfg.flutter_min_rr_rayleigh_z
    }) {
        (
            u,
            format!(
                "dominance {:.2} >= {:.2}; periodicity after QRST cancellation {:.2} >= {:.2}; RR whole numbers of cycles, Rayleigh z {:.1} >= {:.1}",
                u.dominance,
                cfg.flutter_min_dominance,
                u.periodicity,
                cfg.flutter_min_periodicity,
                u.rr_phase_rayleigh_z,
                cfg.flutter_min_rr_rayleigh_z
            ),
        )
    } else {
        return None;
    };
    let n = ratio(reading);
    let conduction = match n {
        Some(n) => format!("{n}:1 conduction"),
        None => "variable conduction".to_string(),
    };
    Some(Rhythm::new(
        RhythmLabel::AtrialFlutter,
        RhythmEvidence {
            input: input.clone(),
            p_wave: false,
            irregular: !regular,
            rule: format!(
                "flutter waves at {:.0} /min, {conduction} (filling the baseline: {how})",
                reading.atrial_rate_bpm
            ),
            conduction_ratio: n,
            flutter: Some(reading.clone()),
            atrial_not_assessable: false,
        },
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input(nrmssd: f64, without_v: Option<f64>) -> RhythmInput {
        RhythmInput {
            n_beats: 14,
            mean_rate_bpm: Some(80.0),
            dominant_rate_bpm: Some(75.0),
            nrmssd: Some(nrmssd),
            nrmssd_dominant: Some(0.03),
            nrmssd_no_ventricular: without_v,
            dominant_rr_range_ms: Some(60.0),
            premature_fraction: 0.3,
            p_consistency: Some(0.3),
            p_amplitude_mv: Some(0.02),
            p_snr: Some(1.0),
            p_variation_mv: None,
            turning_point_ratio: Some(0.7),
            flutter_unlocked: None,
            flutter_locked: None,
            atrial_noise_mv: None,
        }
    }

    #[test]
    fn ventricular_ectopy_without_p_is_not_af() {
        let cfg = RhythmConfig::default();
        // Irregular only through ventricular beats.
        let r = classify(&input(0.4, Some(0.03)), &cfg);
        assert_eq!(
            r.label,
            RhythmLabel::IrregularUnclassified,
            "{}",
            r.evidence.rule
        );
        // Too few intervals left without them: still not AF.
        let r = classify(&input(0.4, None), &cfg);
        assert_eq!(r.label, RhythmLabel::IrregularUnclassified);
        // Irregular without them as well: AF.
        let r = classify(&input(0.4, Some(0.2)), &cfg);
        assert_eq!(r.label, RhythmLabel::AtrialFibrillation);
        // Mildly irregular throughout (slow AF): AF, as before.
        let r = classify(&input(0.07, Some(0.07)), &cfg);
        assert_eq!(r.label, RhythmLabel::AtrialFibrillation);
        // Mildly irregular only through ventricular beats: not AF.
        let r = classify(&input(0.07, Some(0.02)), &cfg);
        assert_ne!(r.label, RhythmLabel::AtrialFibrillation);
    }

    /// A rhythm at `rate` with a P wave, and one flutter reading (`locked` or not).
    fn with_flutter(
        rate: f64,
        atrial: f64,
        per: f64,
        dom: f64,
        nrmssd: f64,
        locked: bool,
    ) -> RhythmInput {
        let reading = FlutterReading {
            pair: [0, 1],
            atrial_period_ms: 60_000.0 / atrial,
            atrial_rate_bpm: atrial,
            periodicity: per,
            dominance: dom,
            rr_over_period: atrial / rate,
            rr_phase_coherence: 1.0,
            rr_phase_rayleigh_z: 10.0,
        };
        RhythmInput {
            mean_rate_bpm: Some(rate),
            dominant_rate_bpm: Some(rate),
            nrmssd: Some(nrmssd),
            nrmssd_dominant: Some(nrmssd),
            premature_fraction: 0.0,
            p_consistency: Some(0.9),
            p_amplitude_mv: Some(0.1),
            p_snr: Some(5.0),
            flutter_unlocked: (!locked).then_some(reading.clone()),
            flutter_locked: locked.then_some(reading),
            ..input(nrmssd, Some(nrmssd))
        }
    }

    #[test]
    fn flutter_branch() {
        let cfg = RhythmConfig::default();
        let label = |i: RhythmInput| classify(&i, &cfg);
        // 4:1, locked: the residual shows nothing, the RR is four cycles.
        let r = label(with_flutter(72.0, 288.0, 0.05, 0.6, 0.01, true));
        assert_eq!(r.label, RhythmLabel::AtrialFlutter, "{}", r.evidence.rule);
        assert_eq!(r.evidence.conduction_ratio, Some(4));
        assert!(
            r.evidence.rule.contains("288 /min, 4:1 conduction"),
            "{}",
            r.evidence.rule
        );
        // Variable conduction: periodicity after cancellation.
        let r = label(with_flutter(95.0, 270.0, 0.45, 0.7, 0.4, false));
        assert_eq!(r.label, RhythmLabel::AtrialFlutter, "{}", r.evidence.rule);
        assert_eq!(r.evidence.conduction_ratio, None);
        assert!(
            r.evidence.rule.contains("variable conduction"),
            "{}",
            r.evidence.rule
        );
        // Locked 2:1 and 3:1 stay sinus: T and P waves repeat there too.
        for (rate, atrial) in [(140.0, 280.0), (96.0, 288.0)] {
            let r = label(with_flutter(rate, atrial, 0.05, 0.6, 0.01, true));
            assert!(r.label.is_sinus(), "{rate}: {}", r.evidence.rule);
        }
        // No dominance over the baseline, or atrial rate out of range: not flutter.
        let r = label(with_flutter(95.0, 270.0, 0.45, 0.1, 0.4, false));
        assert_ne!(r.label, RhythmLabel::AtrialFlutter);
        let r = label(with_flutter(60.0, 180.0, 0.05, 0.8, 0.01, true));
        assert_ne!(r.label, RhythmLabel::AtrialFlutter);
        // A periodic residual means nothing in the locked reading; a whole number of cycles
        // means nothing in the unlocked one.
        let r = label(with_flutter(95.0, 270.0, 0.45, 0.7, 0.4, true));
        assert_ne!(r.label, RhythmLabel::AtrialFlutter);
        let r = label(with_flutter(72.0, 288.0, 0.05, 0.6, 0.01, false));
        assert_ne!(r.label, RhythmLabel::AtrialFlutter);
        // Unlocked F waves whose RR intervals are not whole numbers of cycles (fibrillation
        // with an organised stretch), or a locked reading without clear dominance: not flutter.
        let mut i = with_flutter(95.0, 270.0, 0.45, 0.7, 0.4, false);
        if let Some(u) = i.flutter_unlocked.as_mut() {
            u.rr_phase_rayleigh_z = 1.0;
        }
        assert_ne!(label(i).label, RhythmLabel::AtrialFlutter);
        let r = label(with_flutter(72.0, 288.0, 0.05, 0.35, 0.01, true));
        assert_ne!(r.label, RhythmLabel::AtrialFlutter, "{}", r.evidence.rule);
        // Without the figures, nothing changes.
        let mut i = with_flutter(72.0, 288.0, 0.05, 0.6, 0.01, true);
        i.flutter_locked = None;
        assert_eq!(label(i).label, RhythmLabel::SinusRhythm);
    }

    #[test]
    fn a_salient_p_wave_is_present_despite_low_consistency() {
        let cfg = RhythmConfig::default();
        let mut i = input(0.03, Some(0.03));
        i.nrmssd_dominant = Some(0.03);
        i.premature_fraction = 0.0;
        i.p_amplitude_mv = Some(0.15);
        i.p_consistency = Some(0.42);
        i.p_snr = Some(5.5);
        assert_eq!(classify(&i, &cfg).label, RhythmLabel::SinusRhythm);
        // The same consistency without the salience: no P wave.
        i.p_snr = Some(3.0);
        assert_eq!(classify(&i, &cfg).label, RhythmLabel::RegularUnclassified);
        // Salient but irregular underlying cycle: the P wave is strong, so not AF.
        i.p_snr = Some(5.5);
        i.nrmssd_dominant = Some(0.2);
        i.dominant_rr_range_ms = Some(300.0);
        assert_eq!(classify(&i, &cfg).label, RhythmLabel::SinusArrhythmia);
    }

    #[test]
    fn organised_atrial_activity_is_not_af() {
        let cfg = RhythmConfig::default();
        // Irregular, no consistent P wave, but a large deflection survives averaging.
        let mut i = input(0.4, Some(0.3));
        i.p_amplitude_mv = Some(0.12);
        i.p_consistency = Some(0.45);
        let r = classify(&i, &cfg);
        assert_eq!(
            r.label,
            RhythmLabel::IrregularUnclassified,
            "{}",
            r.evidence.rule
        );
        assert!(r.evidence.rule.contains("organised"), "{}", r.evidence.rule);
        // Weak-P branch: consistent enough for a P wave, not for a strong one, with an
        // irregular underlying cycle.
        i.p_consistency = Some(0.6);
        i.nrmssd_dominant = Some(0.2);
        assert_eq!(classify(&i, &cfg).label, RhythmLabel::IrregularUnclassified);
        // Too few beats for averaging to cancel fibrillatory waves: AF.
        i.n_beats = 7;
        assert_eq!(classify(&i, &cfg).label, RhythmLabel::AtrialFibrillation);
        i.n_beats = 14;
        // The same amplitude with an inconsistent segment stays AF, and so does a small one.
        i.p_consistency = Some(0.2);
        assert_eq!(classify(&i, &cfg).label, RhythmLabel::AtrialFibrillation);
        i.p_consistency = Some(0.6);
        i.p_amplitude_mv = Some(0.05);
        assert_eq!(classify(&i, &cfg).label, RhythmLabel::AtrialFibrillation);
    }
}
