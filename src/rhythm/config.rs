//! The thresholds of the rhythm classifier, in physical units, with their sources.

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
    /// An irregular rhythm whose atrial activity is organised (see
    /// `af_organised_min_amplitude_mv`), or irregular only through ventricular beats, is sinus
    /// rhythm with premature beats when the sinus P wave stands before four in five of the
    /// beats of supraventricular shape with a match (correlation, see
    /// [`super::RhythmInput::p_beat_match_q20`]) of at least this. Default 0.6, the match at which a
    /// beat counts as carrying the sinus P wave
    /// ([`crate::beats::BeatConfig::conducted_min_p_match`]). Checked on the 10 s windows of
    /// MIT-BIH rhythm episodes, even and odd records apart (`evaluate rhythm mitdb`): it takes
    /// the sinus windows read otherwise from 15.1 to 11.6 % on the even records and from 5.6
    /// to 4.1 % on the odd ones, and reads 4 more of the 752 fibrillation windows as sinus
    /// (fibrillation windows so read were "irregular, unclassified" before).
    pub sinus_p_beat_min_match: f64,
    /// An irregular rhythm whose averaged atrial segment is not organised (too small or too
    /// varied: a small P wave, or premature P waves of another shape) is still sinus rhythm with
    /// premature beats when the sinus P wave stands before four in five of the beats of
    /// supraventricular shape with a match of at least this. Default 0.85: fibrillation windows
    /// of MIT-BIH reach a median of 0.34, nine in ten below 0.61. Tuned on the even records of
    /// the MIT-BIH windows (AF F1 0.736 → 0.746, sinus windows read otherwise 7.16 → 6.93 %),
    /// checked on the odd ones (F1 0.872 → 0.888, 3.94 → 3.63 %; AF recall unchanged). Only
    /// with at least `af_organised_min_beats` beats (a synthetic fibrillation at 40 bpm, 7 beats,
    /// matched 0.94). Off by default (1.01, above any correlation): on whole MIT-BIH records
    /// read window by window (`Pipeline::analyze`) it read 221's fibrillation as sinus, its AF
    /// share 0.85 against the reference 0.97 (the pipeline's episode test), though the 10 s
    /// windows analysed alone did not show it; set 0.85 to reproduce the figures above.
    pub sinus_p_beat_clear_match: f64,
    /// Atrial fibrillation needs an *irregularly* irregular RR: more than this share of the
    /// intervals unexplained by a base cycle, premature beats with the longer interval after
    /// them, and pauses ([`super::RhythmInput::rr_unexplained`]). Default 0: a single interval
    /// that fits no such pattern is enough, but an RR series made wholly of a base cycle,
    /// premature/compensatory pairs and pauses (sinus arrest, blocked premature beats) is not
    /// fibrillation (ESC 2020 AF guideline, Hindricks et al., Eur Heart J 2021;42:373:
    /// "irregularly irregular RR intervals"; a regularly irregular rhythm has a pattern). Tuned
    /// on the even records of the 10 s MIT-BIH windows (`evaluate rhythm mitdb`) and checked on
    /// the odd ones: 4 of the 700 fibrillation windows read as fibrillation fit such a pattern
    /// (all odd: 221), 86 of the 211 sinus windows read as fibrillation do (76 even, mostly
    /// 232's sinus arrest; 10 odd), and 74 sinus windows read "irregular" become sinus. Not
    /// judged where a ventricular premature beat lies in the stretch (its short-long pair
    /// fits fibrillation as well: 221), which keeps those 4 and gives back about 15 of the
    /// sinus windows. LUDB, CinC 2020: no record changes.
    pub af_max_patterned_rr: f64,
    /// The base cycle of `af_max_patterned_rr`: intervals within this fraction of it belong to
    /// it, and a premature beat's coupling interval is shorter by more than this. Default 0.10
    /// (sinus rhythm varies by less than 10 % from beat to beat at rest; 0.08 and 0.12 read
    /// 19 and 18 fewer of the sinus windows above out of fibrillation).
    pub af_base_cycle_tolerance: f64,
    /// A pause of `af_max_patterned_rr`: an interval at least this many base cycles long.
    /// Default 1.5 (a pause is usually reported from 1.5–2 cycles, or 2 s at normal rates).
    pub af_pause_ratio: f64,
    /// A premature beat of `af_max_patterned_rr`: a short interval and the long one after it
    /// spanning at least this many base cycles… Default 1.6: the pause after an atrial premature
    /// beat resets the sinus node (less than two cycles, about 1.6–1.9), that after a
    /// ventricular one is fully compensatory (two cycles).
    pub af_premature_pair_min_cycles: f64,
    /// …and at most this many. Default 2.3 (two cycles and the sinus cycle's own variation): a
    /// short and a long interval of fibrillation need not add up to two cycles (CinC A1041,
    /// fibrillation, has a pair spanning 2.4 that would otherwise fit the pattern).
    pub af_premature_pair_max_cycles: f64,
    /// The pattern is judged only on at least this many intervals (a slow fibrillation with
    /// few intervals may fit one by chance). Default 6.
    pub af_pattern_min_intervals: usize,
    /// An RR series fitting such a pattern reads as sinus rhythm (with premature beats or
    /// pauses) when the atrial segment shows a P wave of at least this consistency (and
    /// `p_min_amplitude_mv`); otherwise "irregular, unclassified". Default 0.3: fibrillation
    /// windows of MIT-BIH score a median of 0.12, three in four below 0.23; the premature
    /// P waves of atrial ectopy lower the consistency of a sinus record, hence the limit below
    /// `p_min_consistency`.
    pub sinus_pattern_min_p_consistency: f64,
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
    /// ([`super::RhythmInput::atrial_noise_mv`]) of at least this (mV) in the best pair of P leads,
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
    /// Atrial flutter with 2:1 conduction (see [`super::half_cycle`]): the average beat of V1 correlates
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
    /// Ventricular flutter/fibrillation when the VF-filter leakage (see [`super::vf`]) of every lead
    /// read stays at or below this… Default 0.5.
    pub vf_max_leakage: f64,
    /// …and every lead oscillates at least this much peak to peak (mV). Default 0.3.
    pub vf_min_mv: f64,
    /// Second- and third-degree AV block read from every P wave of the record (see
    /// [`super::p_waves`]).
    pub p_waves: super::p_waves::PWaveConfig,
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
            sinus_p_beat_min_match: 0.6,
            sinus_p_beat_clear_match: 1.01,
            af_max_patterned_rr: 0.0,
            af_base_cycle_tolerance: 0.10,
            af_pause_ratio: 1.5,
            af_premature_pair_min_cycles: 1.6,
            af_premature_pair_max_cycles: 2.3,
            af_pattern_min_intervals: 6,
            sinus_pattern_min_p_consistency: 0.3,
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
            p_waves: super::p_waves::PWaveConfig::default(),
        }
    }
}

impl RhythmConfig {
    /// The sinus label for a sinus rate (bpm) under these limits: bradycardia below
    /// `bradycardia_bpm`, tachycardia above `tachycardia_bpm`, sinus rhythm otherwise
    /// (a NaN rate included).
    pub(crate) fn sinus_label(&self, rate_bpm: f64) -> super::RhythmLabel {
        if rate_bpm < self.bradycardia_bpm {
            super::RhythmLabel::SinusBradycardia
        } else if rate_bpm > self.tachycardia_bpm {
            super::RhythmLabel::SinusTachycardia
        } else {
            super::RhythmLabel::SinusRhythm
        }
    }

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
