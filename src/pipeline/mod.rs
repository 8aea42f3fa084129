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
mod tally;

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
use crate::rhythm::Rhythm;
use crate::rhythm::read::{ReadLeads, reading_leads, two_to_one_leads};
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
#[non_exhaustive]
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
        let spikes = self.or_smeared(spikes, record, &usable, &beats);
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
        let spikes = self.or_smeared(spikes, record, &usable, beats);
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

    /// `spikes`, or the smeared spikes of `record` (as recorded) if they start most of its
    /// `beats` and more of them than `spikes` do (see [`crate::pacing::find_smeared_spikes`]):
    /// a stray sharp spike or two in a smeared-paced record must not hide the pacing.
    fn or_smeared(
        &self,
        spikes: Vec<crate::pacing::Spike>,
        record: &Record,
        usable: &[bool],
        beats: &[usize],
    ) -> Vec<crate::pacing::Spike> {
        if beats.is_empty() {
            return spikes;
        }
        let fs = record.fs().hz();
        let smeared =
            crate::pacing::find_smeared_spikes(record.signals(), fs, usable, &self.cfg.pacing);
        let mut sorted = beats.to_vec();
        sorted.sort_unstable();
        sorted.dedup();
        let cfg = &self.cfg.pacing;
        let starts = |sp: &[crate::pacing::Spike]| {
            crate::pacing::assign(sp, &sorted, fs, cfg)
                .iter()
                .filter(|p| p.ventricular)
                .count()
        };
        if crate::pacing::smeared_pacing(&smeared, &sorted, fs, cfg)
            && (spikes.is_empty() || starts(&smeared) > starts(&spikes))
        {
            smeared
        } else {
            spikes
        }
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
                beat_list_truncated: false,
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
            self.read_long(record.signals(), fs, &mut a, &pace, &leads)
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
        let counts = BeatCounts::of(&a.beats);
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
            beat_list_truncated: false,
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

    /// The rhythm of an analysed stretch (see [`crate::rhythm::read::read`]).
    fn rhythm_of(
        &self,
        signals: ArrayView2<'_, f32>,
        fs: f64,
        a: &BeatAnalysis,
        pace: &[crate::pacing::BeatPacing],
        leads: &ReadLeads<'_>,
    ) -> Rhythm {
        crate::rhythm::read::read(
            signals,
            fs,
            a,
            pace,
            leads,
            &self.cfg.rhythm,
            &self.cfg.pacing,
        )
    }
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
