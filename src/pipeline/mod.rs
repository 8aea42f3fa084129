//! The first read end to end: [`Config`] → [`Pipeline`] → [`Pipeline::analyze`] → [`Report`].
//!
//! Stages, one module each, data flowing one way: signal quality per lead ([`crate::quality`]),
//! whose findings steer the rest ([`crate::quality::noise`]: leads with mains hum notched, leads
//! with muscle noise low-passed; nothing is copied for a clean record) → QRS detection on the
//! usable leads ([`crate::detect`], which filters internally) → RR and beat analysis with the
//! P-wave evidence and the beat classes ([`crate::beats`]) → rhythm classification
//! ([`crate::rhythm`]) → electrode interchange ([`crate::quality::reversal`]) → delineation
//! and measurements ([`crate::delineate`], [`crate::measure`]) → statements
//! ([`crate::interpret`], with the technical ones) → report ([`crate::report`]). Pacemaker
//! spikes ([`crate::pacing`]) are found first, on the signal as recorded, and bridged, so that
//! every later stage reads the heart's own signal.
//!
//! Conditioning ([`crate::filter::condition`]) is optional ([`ConfigBuilder::conditioning`]) and
//! off by default: the detector band-passes internally and the beat analysis removes baseline
//! locally around each beat, while a zero-phase band-pass of twelve 10 s leads alone costs
//! 0.3–0.9 ms on one core, the whole budget of a first read. When it is on, quality is still
//! judged on the raw signal, and detection and measurement run on the conditioned one.
//!
//! A [`Pipeline`] is immutable and `Send + Sync`: build one, share it between threads.

mod config;
mod episodes;
mod long;

pub use crate::interpret::{InterpretConfig, Patient, SeverityConfig};
pub use config::{Config, ConfigBuilder, ConfigError, EpisodeConfig};
pub use long::{InMemory, LongError, LongOptions, SampleSource};

use crate::beats::{BeatAnalysis, BeatClass};
use crate::delineate::{BeatInput, DelineateInput, Delineation, delineate};
use crate::interpret::technical::TechnicalInput;
use crate::interpret::{InterpretInput, interpret_with_technical};
use crate::lead::Lead;
use crate::measure::{MeasureInput, measure};
use crate::quality::assess;
use crate::record::Record;
use crate::report::{
    BeatCounts, CRATE_VERSION, Rates, RecordFacts, Report, ReportBeat, SCHEMA_VERSION, Severity,
    Statement, StatementCode,
};
use crate::rhythm::{Rhythm, RhythmInput, classify};
use ndarray::ArrayView2;
use std::time::Instant;

/// Why a record could not be analysed at all (a record that is merely unreadable yields a
/// report saying so, not an error).
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum AnalyzeError {
    /// The record has no lead.
    #[error("record {record:?} has no lead: expected at least one signal")]
    NoLeads {
        /// The record name.
        record: String,
    },
    /// The record has no sample.
    #[error("record {record:?} has no samples: expected at least one")]
    NoSamples {
        /// The record name.
        record: String,
    },
    /// Conditioning failed (e.g. a sample rate too low for the preset's band).
    #[error("record {record:?}: conditioning failed")]
    Conditioning {
        /// The record name.
        record: String,
        /// The filter's error.
        #[source]
        source: crate::filter::FilterError,
    },
    /// The QRS detector refused the record (e.g. a sample rate it does not support).
    #[error("record {record:?}: QRS detection failed")]
    Detect {
        /// The record name.
        record: String,
        /// The detector's error.
        #[source]
        source: crate::detect::DetectError,
    },
}

/// A report with the delineation it was measured from and the beats it was read from (see
/// [`Pipeline::analyze_full`]).
#[derive(Debug, Clone, PartialEq)]
pub struct Analysis {
    /// The report.
    pub report: Report,
    /// Every beat's P, QRS and T boundaries in every lead, and the representative beat; empty
    /// when no lead could be read.
    pub delineation: Delineation,
    /// Every beat, in order, with its class as settled by the rhythm (for beat annotation
    /// files and beat-by-beat scoring); empty when no lead could be read.
    pub beats: Vec<crate::beats::BeatInfo>,
}

/// The analysis pipeline: immutable, `Send + Sync`, cheap to share.
#[derive(Debug, Clone)]
pub struct Pipeline {
    cfg: Config,
}

impl Default for Pipeline {
    /// The pipeline with [`Config::default`] (whose validity a unit test checks).
    fn default() -> Self {
        Pipeline {
            cfg: Config::default(),
        }
    }
}

const _: () = {
    const fn assert_send_sync<T: Send + Sync>() {}
    assert_send_sync::<Pipeline>();
};

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
struct ReadLeads<'a> {
    /// Usable-lead mask.
    usable: &'a [bool],
    /// Leads searched for P waves, best first.
    p_leads: &'a [usize],
    /// Leads searched for flutter waves, best first.
    flutter: &'a [usize],
    /// Muscle noise of the second-quietest P lead (see [`crate::rhythm::RhythmInput`]).
    atrial_noise_mv: Option<f64>,
    /// V1 (or MV1), if read.
    v1: Option<usize>,
    /// The inferior leads read (II, III, aVF, MLII).
    inferior: &'a [usize],
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

impl Pipeline {
    /// A pipeline with a checked configuration.
    pub fn new(cfg: Config) -> Result<Pipeline, ConfigError> {
        cfg.validate()?;
        Ok(Pipeline { cfg })
    }

    /// The configuration.
    pub fn config(&self) -> &Config {
        &self.cfg
    }

    /// Analyses a record: quality per lead, QRS detection on the usable leads, beats, rhythm,
    /// report. A record with no readable lead yields a report saying so.
    ///
    /// ```
    /// use ndarray::Array2;
    /// use sinus::{Lead, Record, SampleRate};
    /// let fs = SampleRate::new(500.0).unwrap();
    /// let rec = Record::new("flat", vec![Lead::I, Lead::II], fs, Array2::zeros((2, 5000))).unwrap();
    /// let report = sinus::analyze(&rec).unwrap();
    /// assert_eq!(report.summary(sinus::report::Lang::En), "Technical problem: no readable lead. Abnormal ECG.");
    /// ```
    pub fn analyze(&self, record: &Record) -> Result<Report, AnalyzeError> {
        self.analyze_with_patient(record, &Patient::default())
    }

    /// Analyses a record for a patient whose age and sex the caller knows (criteria depend on
    /// them). Whatever `patient` leaves unknown is read from the record's header comments
    /// (LUDB `<age>:`/`<sex>:`, the Challenge's `Age:`/`Sex:`), as [`Pipeline::analyze`] does.
    ///
    /// ```
    /// use sinus::interpret::{Patient, Sex};
    /// let syn = sinus::synth::generate(&Default::default()).unwrap();
    /// let p = Patient::new(Some(62.0), Some(Sex::Female));
    /// let report = sinus::Pipeline::default().analyze_with_patient(&syn.record, &p).unwrap();
    /// assert_eq!(report.patient.sex, Some(Sex::Female));
    /// ```
    pub fn analyze_with_patient(
        &self,
        record: &Record,
        patient: &Patient,
    ) -> Result<Report, AnalyzeError> {
        self.analyze_full(record, patient).map(|a| a.report)
    }

    /// Analyses a record as [`Pipeline::analyze_with_patient`] does, and also returns the
    /// delineation the measurements were read from (every beat's marks in every lead) and
    /// every beat with its class (for beat annotation files and beat-by-beat scoring).
    pub fn analyze_full(
        &self,
        record: &Record,
        patient: &Patient,
    ) -> Result<Analysis, AnalyzeError> {
        let t0 = Instant::now();
        let mut q = self.check_and_assess(record)?;
        let patient = patient.or(Patient::from_comments(record.comments()));
        let usable = Self::usable(&q);
        if !usable.iter().any(|u| *u) {
            return Ok(self.finish(record, q, &[], &[], &patient, t0));
        }
        // Pacemaker spikes are found on the signal as recorded, then bridged so that
        // conditioning, noise steering, detection and morphology read the heart's own signal.
        let spikes = crate::pacing::find_spikes(
            record.signals(),
            record.fs().hz(),
            &usable,
            &self.cfg.pacing,
        );
        let despiked = despiked(record, &spikes, &self.cfg.pacing);
        let record = despiked.as_ref().unwrap_or(record);
        let conditioned = match &self.cfg.conditioning {
            Some(c) => Some(crate::filter::condition(record, c).map_err(|source| {
                AnalyzeError::Conditioning {
                    record: record.name().to_string(),
                    source,
                }
            })?),
            None => None,
        };
        let (signal_record, mains_hz) = match &conditioned {
            Some(c) => (&c.record, c.mains_hz),
            None => (record, None),
        };
        let steered = self.steer(signal_record, &mut q, mains_hz.is_some())?;
        let usable = Self::usable(&q);
        // The detector reads leads with mains hum through a one-period moving average: its own
        // low-pass leaks part of a strong hum, and a notch rings after pacing spikes.
        let combed = crate::quality::noise::mains_comb(signal_record, &steered.plan);
        let det = self.detect_beats(
            combed.as_ref().unwrap_or(signal_record).signals(),
            record,
            &usable,
        )?;
        let beats: Vec<usize> = det.beats.iter().map(|b| b.sample).collect();
        // Morphology, P waves, flutter and delineation read the notched and low-passed signal.
        let body = steered.record.as_ref().unwrap_or(signal_record);
        let mut a = self.finish(body, q, &beats, &spikes, &patient, t0);
        a.report.record.mains_hz = mains_hz.or(steered.plan.mains_hz);
        // The leads each beat was seen in, from the detector (finish sees samples only).
        for (b, d) in a.report.beat_list.iter_mut().zip(&det.beats) {
            if b.sample == d.sample {
                b.leads = d
                    .leads
                    .iter()
                    .filter_map(|&k| record.leads().get(k).map(|l| l.to_string()))
                    .collect();
            }
        }
        a.report.processing_ms = t0.elapsed().as_secs_f64() * 1e3;
        Ok(a)
    }

    /// Analyses a record whose beats are already known (sample indices), skipping detection:
    /// useful to read a rhythm from reference annotations, or to re-read a record.
    pub fn analyze_with_beats(
        &self,
        record: &Record,
        beats: &[usize],
    ) -> Result<Report, AnalyzeError> {
        self.analyze_full_with_beats(record, beats)
            .map(|a| a.report)
    }

    /// [`Pipeline::analyze_with_beats`] with the delineation (see [`Pipeline::analyze_full`]).
    pub fn analyze_full_with_beats(
        &self,
        record: &Record,
        beats: &[usize],
    ) -> Result<Analysis, AnalyzeError> {
        let t0 = Instant::now();
        let mut q = self.check_and_assess(record)?;
        let usable = Self::usable(&q);
        let spikes = crate::pacing::find_spikes(
            record.signals(),
            record.fs().hz(),
            &usable,
            &self.cfg.pacing,
        );
        let despiked = despiked(record, &spikes, &self.cfg.pacing);
        let record = despiked.as_ref().unwrap_or(record);
        let steered = self.steer(record, &mut q, false)?;
        let patient = Patient::from_comments(record.comments());
        let mut a = self.finish(
            steered.record.as_ref().unwrap_or(record),
            q,
            beats,
            &spikes,
            &patient,
            t0,
        );
        a.report.record.mains_hz = steered.plan.mains_hz;
        Ok(a)
    }

    /// The record with the leads the quality findings call for notch-filtered (mains hum) or
    /// low-passed (muscle noise), with the plan (see [`crate::quality::noise::steer`]); no copy
    /// for a clean record. `notched`: conditioning has notched the mains already.
    fn steer(
        &self,
        record: &Record,
        q: &mut [crate::quality::LeadQuality],
        notched: bool,
    ) -> Result<crate::quality::noise::Steered, AnalyzeError> {
        crate::quality::noise::steer(record, q, &self.cfg.quality, notched).map_err(|source| {
            AnalyzeError::Conditioning {
                record: record.name().to_string(),
                source,
            }
        })
    }

    fn check_and_assess(
        &self,
        record: &Record,
    ) -> Result<Vec<crate::quality::LeadQuality>, AnalyzeError> {
        if record.n_leads() == 0 {
            return Err(AnalyzeError::NoLeads {
                record: record.name().to_string(),
            });
        }
        if record.n_samples() == 0 {
            return Err(AnalyzeError::NoSamples {
                record: record.name().to_string(),
            });
        }
        let names: Vec<String> = record.leads().iter().map(|l| l.to_string()).collect();
        Ok(assess(
            record.signals(),
            record.fs().hz(),
            &names,
            &self.cfg.quality,
        ))
    }

    /// Usable-lead mask: usable grades; if none, nothing.
    fn usable(q: &[crate::quality::LeadQuality]) -> Vec<bool> {
        q.iter().map(|l| l.grade.is_usable()).collect()
    }

    fn finish(
        &self,
        record: &Record,
        quality: Vec<crate::quality::LeadQuality>,
        beats: &[usize],
        spikes: &[crate::pacing::Spike],
        patient: &Patient,
        t0: Instant,
    ) -> Analysis {
        let usable = Self::usable(&quality);
        let fs = record.fs().hz();
        let facts = RecordFacts {
            name: record.name().to_string(),
            leads: record.leads().iter().map(|l| l.to_string()).collect(),
            fs_hz: fs,
            n_samples: record.n_samples(),
            duration_s: record.duration_s(),
            mains_hz: None,
            start: record.start(),
        };
        let excluded: Vec<String> = quality
            .iter()
            .zip(&usable)
            .filter(|(_, u)| !**u)
            .map(|(q, _)| q.lead.clone())
            .collect();
        if !usable.iter().any(|u| *u) {
            let rhythm = Rhythm::undetermined("no readable lead");
            let statements = vec![
                Statement::new(StatementCode::NoReadableLead, Severity::Abnormal),
                Statement::new(StatementCode::AbnormalEcg, Severity::Abnormal),
            ];
            let report = Report {
                schema_version: SCHEMA_VERSION,
                crate_version: CRATE_VERSION.to_string(),
                config_hash: self.cfg.fingerprint(),
                record: facts,
                quality,
                excluded_leads: excluded,
                beats: BeatCounts::default(),
                rates: None,
                rr: None,
                rr_dominant: None,
                rhythm,
                patient: *patient,
                pauses: Vec::new(),
                rhythm_episodes: Vec::new(),
                dominant_qrs_ms: None,
                interchange: None,
                measurements: None,
                statements,
                triage: Severity::Abnormal,
                beat_list: Vec::new(),
                texts: Vec::new(),
                processing_ms: t0.elapsed().as_secs_f64() * 1e3,
            };
            return Analysis {
                report,
                delineation: Delineation {
                    fs_hz: fs,
                    ..Delineation::default()
                },
                beats: Vec::new(),
            };
        }
        let (p_leads, fl_leads) = reading_leads(record, &usable);
        let mut p_noise: Vec<f64> = p_leads
            .iter()
            .filter_map(|&k| quality.get(k))
            .map(|q| self.cfg.quality.effective_hf_mv(&q.metrics))
            .collect();
        p_noise.sort_by(f64::total_cmp);
        let (v1, inferior) = two_to_one_leads(record, &usable);
        let leads = ReadLeads {
            usable: &usable,
            p_leads: &p_leads,
            flutter: &fl_leads,
            atrial_noise_mv: p_noise.get(1).or(p_noise.first()).copied(),
            v1,
            inferior: &inferior,
        };
        let long = record.duration_s() >= self.cfg.episodes.min_record_s;
        let (mut a, pace) =
            self.analyze_stretch(record.signals(), fs, beats, spikes, &leads, !long);
        let (rhythm, episodes) = if long {
            // A long record: the beats are classified once, the rhythm read window by window,
            // and the beats of each window settled by its rhythm.
            let (headline, episodes, windows) =
                self.read_episodes(record.signals(), fs, &a, &pace, &leads);
            for (start, end, r) in &windows {
                let lo = a.beats.partition_point(|b| b.sample < *start);
                let hi = a.beats.partition_point(|b| b.sample < *end);
                if let Some(bs) = a.beats.get_mut(lo..hi) {
                    crate::rhythm::settle_beat_classes(r, bs);
                }
            }
            let mut headline = match headline {
                // The label and its rule come from the windows; the beat and RR figures
                // describe the whole record, as the report's counts do (the atrial figures
                // stay the window's: long records are not read for P waves as a whole).
                Some(mut h) => {
                    let whole = RhythmInput::read(&a, None);
                    let w = &mut h.evidence.input;
                    w.n_beats = whole.n_beats;
                    w.mean_rate_bpm = whole.mean_rate_bpm;
                    w.dominant_rate_bpm = whole.dominant_rate_bpm;
                    w.nrmssd = whole.nrmssd;
                    w.nrmssd_dominant = whole.nrmssd_dominant;
                    w.nrmssd_no_ventricular = whole.nrmssd_no_ventricular;
                    w.dominant_rr_range_ms = whole.dominant_rr_range_ms;
                    w.premature_fraction = whole.premature_fraction;
                    w.turning_point_ratio = whole.turning_point_ratio;
                    h.evidence
                        .rule
                        .push_str("; beat figures over the whole record");
                    h
                }
                None => self.rhythm_of(record.signals(), fs, &a, &pace, &leads),
            };
            // Runs over the whole record (a run may cross windows), and the pattern seen in
            // most windows that show one.
            headline.runs =
                crate::rhythm::ventricular::runs(&a.beats, fs, self.cfg.rhythm.tachycardia_bpm);
            let mut patterns: Vec<(crate::rhythm::EctopicPattern, usize)> = Vec::new();
            for (_, _, r) in &windows {
                if let Some(p) = r.pattern {
                    match patterns.iter_mut().find(|(q, _)| *q == p) {
                        Some((_, n)) => *n += 1,
                        None => patterns.push((p, 1)),
                    }
                }
            }
            if let Some(&(p, _)) = patterns.iter().max_by_key(|(_, n)| *n) {
                headline.pattern = Some(p);
            }
            (headline, episodes)
        } else {
            let whole = self.rhythm_of(record.signals(), fs, &a, &pace, &leads);
            crate::rhythm::settle_beat_classes(&whole, &mut a.beats);
            (whole, Vec::new())
        };
        let mut rhythm = rhythm;
        if let Some(f) = &rhythm.evidence.flutter {
            // The classifier sees lead rows; the reader wants lead names.
            let name = |k: usize| {
                record
                    .leads()
                    .get(k)
                    .map_or("?".to_string(), |l| l.to_string())
            };
            let (a, b) = (name(f.pair[0]), name(f.pair[1]));
            rhythm.evidence.rule.push_str(&format!(", in {a} and {b}"));
        }
        let sinus_p = rhythm.label.is_sinus() && rhythm.evidence.p_wave;
        // A limb lead flattened by the right-leg cable on an arm is the very sign of it: the
        // interchange checks read I and II when flat, though detection left them out.
        let readable: Vec<bool> = quality
            .iter()
            .zip(record.leads())
            .map(|(q, l)| {
                q.grade.is_usable()
                    || (matches!(l, Lead::I | Lead::II)
                        && q.issues == [crate::quality::Issue::Flat])
            })
            .collect();
        let interchange = self.interchange(record, &readable, &a, sinus_p);
        let counts = count(&a);
        let delineation = delineate(
            &DelineateInput {
                signals: record.signals(),
                fs,
                beats: &BeatInput::from_analysis(&a.beats),
                usable: &usable,
                // No P wave to mark in fibrillation or flutter, beneath ventricular pacing
                // included, nor in ventricular flutter/fibrillation.
                atrial_activity: !matches!(
                    rhythm.label,
                    crate::rhythm::RhythmLabel::AtrialFibrillation
                        | crate::rhythm::RhythmLabel::AtrialFlutter
                        | crate::rhythm::RhythmLabel::VentricularFlutterFibrillation
                ) && rhythm.pacing.as_ref().is_none_or(|p| {
                    p.underlying != Some(crate::rhythm::UnderlyingAtrial::AtrialFibrillation)
                }),
            },
            &self.cfg.delineate,
        );
        let measurements = measure(
            &MeasureInput {
                delineation: &delineation,
                leads: record.leads(),
                rr: a.rr.as_ref(),
                rr_dominant: a.rr_dominant.as_ref(),
            },
            &self.cfg.measure,
        );
        let rates = a.rr.map(|s| Rates {
            mean_bpm: 60_000.0 / s.mean_ms,
            min_bpm: 60_000.0 / s.max_ms,
            max_bpm: 60_000.0 / s.min_ms,
        });
        let statements = interpret_with_technical(
            &InterpretInput {
                rhythm: &rhythm,
                counts: &counts,
                rates,
                pauses: &a.pauses,
                leads: record.leads(),
                excluded_leads: &excluded,
                episodes: &episodes,
                min_af_episode_s: self.cfg.episodes.min_af_episode_s,
                measurements: Some(&measurements),
                patient,
            },
            &TechnicalInput {
                quality: &quality,
                rhythm: &rhythm,
                interchange: interchange.as_ref(),
            },
            &self.cfg.severity,
            &self.cfg.interpret,
        );
        let triage = statements
            .iter()
            .map(|s| s.severity)
            .max()
            .unwrap_or(Severity::Normal);
        let beat_list = a
            .beats
            .iter()
            .map(|b| ReportBeat {
                sample: b.sample,
                time_s: b.sample as f64 / fs,
                class: b.class,
                leads: Vec::new(),
            })
            .collect();
        let report = Report {
            schema_version: SCHEMA_VERSION,
            crate_version: CRATE_VERSION.to_string(),
            config_hash: self.cfg.fingerprint(),
            record: facts,
            quality,
            excluded_leads: excluded,
            beats: counts,
            rates,
            rr: a.rr,
            rr_dominant: a.rr_dominant,
            rhythm,
            patient: *patient,
            pauses: a.pauses,
            rhythm_episodes: episodes,
            dominant_qrs_ms: a.dominant_qrs_ms,
            interchange,
            measurements: Some(measurements),
            statements,
            triage,
            beat_list,
            texts: Vec::new(),
            processing_ms: t0.elapsed().as_secs_f64() * 1e3,
        };
        Analysis {
            report,
            delineation,
            beats: a.beats,
        }
    }

    /// The electrode-interchange checks on the dominant beats (at most 64, spread over the
    /// record: an averaged beat needs no more).
    fn interchange(
        &self,
        record: &Record,
        usable: &[bool],
        a: &BeatAnalysis,
        p_wave: bool,
    ) -> Option<crate::quality::reversal::InterchangeFinding> {
        let dominant: Vec<usize> = a
            .beats
            .iter()
            .filter(|b| b.class == BeatClass::Dominant)
            .map(|b| b.sample)
            .collect();
        let step = dominant.len().div_ceil(64).max(1);
        let beats: Vec<usize> = dominant.iter().copied().step_by(step).collect();
        crate::quality::reversal::detect(
            record.signals(),
            record.fs().hz(),
            record.leads(),
            usable,
            &beats,
            a.dominant_qrs_ms,
            p_wave,
            &self.cfg.quality.reversal,
        )
    }

    /// QRS detection on `signals` (the rows of `record`, or a conditioned copy), in the usable
    /// leads only.
    fn detect_beats(
        &self,
        signals: ArrayView2<'_, f32>,
        record: &Record,
        usable: &[bool],
    ) -> Result<crate::detect::Detection, AnalyzeError> {
        let weights: Vec<f32> = usable.iter().map(|&u| if u { 1.0 } else { 0.0 }).collect();
        crate::detect::detect(signals, record.fs(), Some(&weights), &self.cfg.detector).map_err(
            |source| AnalyzeError::Detect {
                record: record.name().to_string(),
                source,
            },
        )
    }

    /// Beat analysis of one stretch of signal, with the pacing of each beat (`spikes` are the
    /// pacemaker spikes, in samples of the stretch).
    fn analyze_stretch(
        &self,
        signals: ArrayView2<'_, f32>,
        fs: f64,
        beats: &[usize],
        spikes: &[crate::pacing::Spike],
        leads: &ReadLeads<'_>,
        atrial: bool,
    ) -> (BeatAnalysis, Vec<crate::pacing::BeatPacing>) {
        let mut sorted: Vec<usize> = beats
            .iter()
            .copied()
            .filter(|&b| b < signals.ncols())
            .collect();
        sorted.sort_unstable();
        sorted.dedup();
        let mut pace = crate::pacing::assign(spikes, &sorted, fs, &self.cfg.pacing);
        let mut a = crate::beats::analyze_inner(
            signals,
            fs,
            &sorted,
            &[],
            leads.usable,
            leads.p_leads,
            &self.cfg.beats,
            atrial,
        );
        if !spikes.is_empty() {
            crate::rhythm::paced::check_pacing(&mut pace, &a.beats, fs, &self.cfg.pacing);
            if pace.iter().any(|p| p.ventricular) {
                // Paced beats take no part in the shape clusters: read again without them.
                let paced: Vec<bool> = pace.iter().map(|p| p.ventricular).collect();
                a = crate::beats::analyze_inner(
                    signals,
                    fs,
                    &sorted,
                    &paced,
                    leads.usable,
                    leads.p_leads,
                    &self.cfg.beats,
                    atrial,
                );
            }
        }
        (a, pace)
    }

    /// The rhythm of an analysed stretch: flutter evidence, the classifier, the pacing.
    fn rhythm_of(
        &self,
        signals: ArrayView2<'_, f32>,
        fs: f64,
        a: &BeatAnalysis,
        pace: &[crate::pacing::BeatPacing],
        leads: &ReadLeads<'_>,
    ) -> Rhythm {
        let rc = &self.cfg.rhythm;
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
        let input = RhythmInput {
            atrial_noise_mv: leads.atrial_noise_mv,
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
        let rr: Vec<f64> = a.beats.iter().filter_map(|b| b.rr_ms).collect();
        if let Some(v1) = leads.v1
            && rhythm.evidence.input.mean_rate_bpm.is_some_and(|r| {
                2.0 * r >= 0.8 * rc.flutter_min_rate_bpm && 2.0 * r <= rc.flutter_max_rate_bpm
            })
        {
            let mut rows = vec![v1];
            rows.extend_from_slice(leads.inferior);
            let c =
                crate::rhythm::half_cycle::half_cycle_correlation(signals, fs, &beats, &rows, 0.06);
            let inferior = c.iter().skip(1).flatten().copied().reduce(f64::max);
            crate::rhythm::apply_two_to_one(&mut rhythm, &rr, c[0], inferior, rc);
        }
        crate::rhythm::escape::apply(&mut rhythm, a.dominant_qrs_ms, rc);
        crate::rhythm::ventricular::apply(&mut rhythm, &a.beats, fs, rc);
        let spikes = pace.iter().filter(|p| p.ventricular || p.atrial).count();
        if spikes > 0
            && let Some(p) =
                crate::rhythm::paced::read_pacing(&a.beats, pace, spikes, &self.cfg.pacing)
        {
            crate::rhythm::paced::apply_pacing(&mut rhythm, p, &self.cfg.pacing, rc);
        }
        // Second- and third-degree AV block from every P wave (first degree: from the PR).
        if let Some(&row) = leads.inferior.first()
            && rhythm.av_block.is_none()
            && crate::rhythm::p_waves::applies(rhythm.label)
        {
            rhythm.av_block = crate::rhythm::p_waves::read(signals, fs, &a.beats, row, &rc.p_waves);
        }
        rhythm
    }
}

/// Why the detected complexes cannot be read as QRS complexes, if they cannot: the dominant
/// ones too small ([`crate::rhythm::RhythmConfig::min_qrs_mv`]: P waves alone, or noise), or
/// a fifth of them under a third of the size of the dominant QRS (P or T waves detected
/// between slow QRS complexes).
fn not_qrs(a: &BeatAnalysis, rc: &crate::rhythm::RhythmConfig) -> Option<String> {
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

/// The record with its pacemaker spikes bridged, when it has any.
fn despiked(
    record: &Record,
    spikes: &[crate::pacing::Spike],
    cfg: &crate::pacing::PacingConfig,
) -> Option<Record> {
    if spikes.is_empty() {
        return None;
    }
    let clean = crate::pacing::despike(record.signals(), record.fs().hz(), spikes, cfg);
    let mut r = record.clone();
    r.signals_mut().assign(&clean);
    Some(r)
}

/// The lead rows searched for P waves and for flutter waves, best first, among the usable ones.
fn reading_leads(record: &Record, usable: &[bool]) -> (Vec<usize>, Vec<usize>) {
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
fn two_to_one_leads(record: &Record, usable: &[bool]) -> (Option<usize>, Vec<usize>) {
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

fn count(a: &BeatAnalysis) -> BeatCounts {
    let mut c = BeatCounts {
        total: a.beats.len(),
        ..BeatCounts::default()
    };
    for b in &a.beats {
        match b.class {
            BeatClass::Dominant => c.dominant += 1,
            BeatClass::SupraventricularPremature => c.supraventricular_premature += 1,
            BeatClass::VentricularPremature => c.ventricular_premature += 1,
            BeatClass::Unclassified => c.unclassified += 1,
            BeatClass::Paced => c.paced += 1,
        }
    }
    c
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_config_is_valid() {
        Config::default().validate().unwrap();
        assert!(Pipeline::new(Config::default()).is_ok());
    }

    #[test]
    fn configs_written_before_the_interpretation_criteria_still_read() {
        let mut v = serde_json::to_value(Config::default()).unwrap();
        let o = v.as_object_mut().unwrap();
        assert!(o.remove("interpret").is_some());
        o["severity"]
            .as_object_mut()
            .unwrap()
            .remove("critical_bradycardia_bpm");
        let c: Config = serde_json::from_value(v).unwrap();
        assert_eq!(c, Config::default());
        let mut i = InterpretConfig::default();
        i.qt.long_qtc_men_ms = f64::NAN;
        assert!(Config::builder().interpret(i).build().is_err());
    }

    #[test]
    fn bad_values_are_refused() {
        assert!(Config::builder().bradycardia_bpm(f64::NAN).build().is_err());
        assert!(Config::builder().bradycardia_bpm(120.0).build().is_err());
        assert!(Config::builder().premature_fraction(1.5).build().is_err());
        assert!(Config::builder().pause_s(0.0).build().is_err());
        let mut c = Config::default();
        c.delineate.qrs_onset_ratio = 1.5;
        assert!(c.validate().is_err());
        let mut c = Config::default();
        c.delineate.t_level = 9;
        assert!(c.validate().is_err());
        let mut c = Config::default();
        c.delineate.global_t_offset_shift_ms = f64::NAN;
        assert!(c.validate().is_err());
    }
}
