//! The first read end to end: [`Config`] → [`Pipeline`] → [`Pipeline::analyze`] → [`Report`].
//!
//! Stages, one module each, data flowing one way: signal quality per lead ([`crate::quality`]) →
//! QRS detection on the usable leads ([`crate::detect`], which filters internally) → RR and beat
//! analysis with the P-wave evidence ([`crate::beats`]) → rhythm classification
//! ([`crate::rhythm`]) → report ([`crate::report`]).
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

pub use crate::interpret::SeverityConfig;
pub use config::{Config, ConfigBuilder, ConfigError, EpisodeConfig};

use crate::beats::{BeatAnalysis, BeatClass};
use crate::interpret::{InterpretInput, interpret};
use crate::lead::Lead;
use crate::quality::assess;
use crate::record::Record;
use crate::report::{
    BeatCounts, Rates, RecordFacts, Report, SCHEMA_VERSION, Severity, Statement, StatementCode,
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
    /// Conditioning failed (e.g. on missing samples, which the filters do not accept).
    #[error("record {record:?}: conditioning failed: {source}")]
    Conditioning {
        /// The record name.
        record: String,
        /// The filter's error.
        #[source]
        source: crate::filter::FilterError,
    },
    /// The QRS detector refused the record (e.g. a sample rate it does not support).
    #[error("record {record:?}: QRS detection failed: {source}")]
    Detect {
        /// The record name.
        record: String,
        /// The detector's error.
        #[source]
        source: crate::detect::DetectError,
    },
}

/// A report with the beats it was read from.
#[derive(Debug, Clone, PartialEq)]
pub struct Analysis {
    /// The report.
    pub report: Report,
    /// Every beat, in order, with its class as settled by the rhythm.
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
        self.analyze_full(record).map(|a| a.report)
    }

    /// As [`analyze`](Self::analyze), also returning every beat with its class (for beat
    /// annotation files and beat-by-beat scoring).
    pub fn analyze_full(&self, record: &Record) -> Result<Analysis, AnalyzeError> {
        let t0 = Instant::now();
        let q = self.check_and_assess(record)?;
        let usable = Self::usable(&q);
        if !usable.iter().any(|u| *u) {
            return Ok(self.finish(record, q, &[], &[], t0));
        }
        // Pacemaker spikes are found on the signal as recorded, then bridged so that
        // detection and morphology read the heart's own signal.
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
        let weights: Vec<f32> = usable.iter().map(|&u| if u { 1.0 } else { 0.0 }).collect();
        let det = crate::detect::detect(
            signal_record.signals(),
            record.fs(),
            Some(&weights),
            &self.cfg.detector,
        )
        .map_err(|source| AnalyzeError::Detect {
            record: record.name().to_string(),
            source,
        })?;
        let beats: Vec<usize> = det.beats.iter().map(|b| b.sample).collect();
        let mut out = self.finish(signal_record, q, &beats, &spikes, t0);
        out.report.record.mains_hz = mains_hz;
        out.report.processing_ms = t0.elapsed().as_secs_f64() * 1e3;
        Ok(out)
    }

    /// Analyses a record whose beats are already known (sample indices), skipping detection:
    /// useful to read a rhythm from reference annotations, or to re-read a record.
    pub fn analyze_with_beats(
        &self,
        record: &Record,
        beats: &[usize],
    ) -> Result<Report, AnalyzeError> {
        let t0 = Instant::now();
        let q = self.check_and_assess(record)?;
        let usable = Self::usable(&q);
        let spikes = crate::pacing::find_spikes(
            record.signals(),
            record.fs().hz(),
            &usable,
            &self.cfg.pacing,
        );
        let despiked = despiked(record, &spikes, &self.cfg.pacing);
        let record = despiked.as_ref().unwrap_or(record);
        Ok(self.finish(record, q, beats, &spikes, t0).report)
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
                record: facts,
                quality,
                excluded_leads: excluded,
                beats: BeatCounts::default(),
                rates: None,
                rr: None,
                rr_dominant: None,
                rhythm,
                pauses: Vec::new(),
                rhythm_episodes: Vec::new(),
                dominant_qrs_ms: None,
                statements,
                triage: Severity::Abnormal,
                processing_ms: t0.elapsed().as_secs_f64() * 1e3,
            };
            return Analysis {
                report,
                beats: Vec::new(),
            };
        }
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
        let v1 = [Lead::V1, Lead::MV1]
            .iter()
            .filter_map(|l| record.lead_index(l))
            .find(|&k| usable[k]);
        let inferior: Vec<usize> = [Lead::II, Lead::III, Lead::AVF, Lead::MLII]
            .iter()
            .filter_map(|l| record.lead_index(l))
            .filter(|&k| usable[k])
            .collect();
        let leads = ReadLeads {
            usable: &usable,
            p_leads: &p_leads,
            flutter: &fl_leads,
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
                crate::rhythm::settle_beat_classes(r, &mut a.beats[lo..hi]);
            }
            let mut headline = match headline {
                Some(h) => h,
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
        let counts = count(&a);
        let rates = a.rr.map(|s| Rates {
            mean_bpm: 60_000.0 / s.mean_ms,
            min_bpm: 60_000.0 / s.max_ms,
            max_bpm: 60_000.0 / s.min_ms,
        });
        let statements = interpret(
            &InterpretInput {
                rhythm: &rhythm,
                counts: &counts,
                rates,
                pauses: &a.pauses,
                excluded_leads: &excluded,
                episodes: &episodes,
                min_af_episode_s: self.cfg.episodes.min_af_episode_s,
                measurements: None,
            },
            &self.cfg.severity,
        );
        let triage = statements
            .iter()
            .map(|s| s.severity)
            .max()
            .unwrap_or(Severity::Normal);
        let report = Report {
            schema_version: SCHEMA_VERSION,
            record: facts,
            quality,
            excluded_leads: excluded,
            beats: counts,
            rates,
            rr: a.rr,
            rr_dominant: a.rr_dominant,
            rhythm,
            pauses: a.pauses,
            rhythm_episodes: episodes,
            dominant_qrs_ms: a.dominant_qrs_ms,
            statements,
            triage,
            processing_ms: t0.elapsed().as_secs_f64() * 1e3,
        };
        Analysis {
            report,
            beats: a.beats,
        }
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
        let mut rhythm = classify(&RhythmInput::read(a, flutter.as_ref()), rc);
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
    fn bad_values_are_refused() {
        assert!(Config::builder().bradycardia_bpm(f64::NAN).build().is_err());
        assert!(Config::builder().bradycardia_bpm(120.0).build().is_err());
        assert!(Config::builder().premature_fraction(1.5).build().is_err());
        assert!(Config::builder().pause_s(0.0).build().is_err());
    }
}
