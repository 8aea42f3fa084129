//! Long recordings (Holter, hours to days) analysed piece by piece, in memory bounded by the
//! piece, not the record.
//!
//! [`Pipeline::analyze_long`] reads the record from a [`SampleSource`] (a [`WfdbReader`] reads
//! only the bytes of each piece) in chunks of [`LongOptions::chunk_s`], each with
//! [`LongOptions::margin_s`] of signal on either side so that QRS detection and the beat
//! analysis see their context across chunk edges. Each chunk goes through the stages of
//! [`Pipeline::analyze`] (quality, detection, beats and rhythm), its 10 s rhythm windows through
//! the same episode reading ([`super::episodes`]), and what the report needs is kept as it
//! comes: beat counts, RR intervals (eight bytes a beat), pauses, episodes and per-lead quality
//! figures. Nothing of a chunk's signal outlives the chunk.
//!
//! Chunks start on whole rhythm windows, so the windows, episodes and headline are those a
//! record held in memory would get; beats and beat classes can differ slightly near chunk
//! edges, where each chunk's analysis sees only its margins.
//!
//! ```
//! use sinus::pipeline::{InMemory, LongOptions};
//! use sinus::synth::{generate, SynthConfig};
//! let rec = generate(&SynthConfig { duration_s: 90.0, ..SynthConfig::default() })?.record;
//! let opts = LongOptions::default().chunk_s(30.0);
//! let report = sinus::Pipeline::default().analyze_long(&mut InMemory(&rec), &opts)?;
//! assert_eq!(report.rhythm_episodes.iter().map(|e| e.windows).sum::<usize>(), 9);
//! assert!(report.beats.total > 95 && report.beats.total < 115); // 70 bpm for 90 s
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use super::episodes::{EpisodeTally, window_bounds};
use super::tally::{BeatTally, Kept, QualityTally, Reading, is_ectopic, weighted_median};
use super::{AnalyzeError, Pipeline, ReadLeads, reading_leads, two_to_one_leads};
use crate::Lead;
use crate::beats::{Pause, rr_stats};
use crate::interpret::{InterpretInput, Patient, interpret};
use crate::io::wfdb::{WfdbError, WfdbReader};
use crate::quality::{LeadQuality, assess};
use crate::record::{Record, SampleRate, StartTime};
use crate::report::{
    BeatCounts, CRATE_VERSION, Rates, RecordFacts, Report, SCHEMA_VERSION, Severity, Statement,
    StatementCode,
};
use crate::rhythm::Rhythm;
use std::time::Instant;

/// A record read piece by piece: what [`Pipeline::analyze_long`] reads from.
pub trait SampleSource {
    /// Why a piece could not be read.
    type Error: std::error::Error + Send + Sync + 'static;
    /// The record's name.
    fn name(&self) -> String;
    /// Its leads, one per signal row.
    fn leads(&self) -> Vec<Lead>;
    /// Its sample rate.
    fn fs(&self) -> SampleRate;
    /// When the recording started, if the source knows (the report's `record.start`).
    /// Default: unknown.
    fn start(&self) -> Option<StartTime> {
        None
    }
    /// The header's comments, from which the patient's age and sex are read as
    /// [`Pipeline::analyze`] reads them. Default: none.
    fn comments(&self) -> Vec<String> {
        Vec::new()
    }
    /// Samples per lead.
    fn n_samples(&self) -> u64;
    /// Samples `start .. start + len` of every lead (clamped to the record).
    fn read(&mut self, start: u64, len: u64) -> Result<Record, Self::Error>;
}

impl SampleSource for WfdbReader {
    type Error = WfdbError;
    fn name(&self) -> String {
        self.header().name.clone()
    }
    fn leads(&self) -> Vec<Lead> {
        WfdbReader::leads(self).to_vec()
    }
    fn fs(&self) -> SampleRate {
        WfdbReader::fs(self)
    }
    fn start(&self) -> Option<StartTime> {
        self.header().start
    }
    fn comments(&self) -> Vec<String> {
        self.header().comments.clone()
    }
    fn n_samples(&self) -> u64 {
        WfdbReader::n_samples(self)
    }
    fn read(&mut self, start: u64, len: u64) -> Result<Record, WfdbError> {
        self.read_samples(start, len)
    }
}

/// A record already in memory as a [`SampleSource`] (pieces are copied out of it).
#[derive(Debug, Clone, Copy)]
pub struct InMemory<'a>(pub &'a Record);

impl SampleSource for InMemory<'_> {
    type Error = std::convert::Infallible;
    fn name(&self) -> String {
        self.0.name().to_string()
    }
    fn leads(&self) -> Vec<Lead> {
        self.0.leads().to_vec()
    }
    fn fs(&self) -> SampleRate {
        self.0.fs()
    }
    fn start(&self) -> Option<StartTime> {
        self.0.start()
    }
    fn comments(&self) -> Vec<String> {
        self.0.comments().to_vec()
    }
    fn n_samples(&self) -> u64 {
        self.0.n_samples() as u64
    }
    fn read(&mut self, start: u64, len: u64) -> Result<Record, Self::Error> {
        let a = usize::try_from(start).unwrap_or(usize::MAX);
        let b = usize::try_from(start.saturating_add(len)).unwrap_or(usize::MAX);
        Ok(self.0.slice_samples(a, b))
    }
}

/// How [`Pipeline::analyze_long`] cuts a record.
///
/// ```
/// let opts = sinus::pipeline::LongOptions::default().chunk_s(300.0);
/// assert_eq!((opts.chunk_s, opts.margin_s), (300.0, 5.0));
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
#[non_exhaustive]
pub struct LongOptions {
    /// Length of the piece analysed at a time (s), rounded to whole rhythm windows
    /// ([`super::EpisodeConfig::window_s`]). Memory follows it: about 20 times the piece's
    /// signal at its peak. Default 120 s.
    pub chunk_s: f64,
    /// Signal read on either side of a piece for context (s): detection and beat analysis near
    /// the piece's edges see it, but only beats inside the piece count. Default 5 s.
    pub margin_s: f64,
    /// The most beats listed in the report's `beat_list` (the first ones; the counts and
    /// rates cover every beat, and `beat_list_truncated` says when the list was cut).
    /// Default 10,000 (about 2 hours at 80 bpm): a listed beat seen in two leads takes about
    /// 230 bytes in memory (more with more leads: its lead names are strings) and 150 in
    /// pretty JSON (17 MB for a whole 24-hour list), so the 109,000 beats of a 24-hour two-lead record add 23 MB to the 9.6 MB the
    /// analysis needs; 10,000 keep it within its 12.4 MB budget (11.8 MB measured). Raise it
    /// to list every beat; 0 lists none.
    pub max_beat_list: usize,
}

impl Default for LongOptions {
    fn default() -> Self {
        LongOptions {
            chunk_s: 120.0,
            margin_s: 5.0,
            max_beat_list: 10_000,
        }
    }
}

/// Why a long record could not be analysed.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum LongError {
    /// A piece of the record could not be read.
    #[error("record {record:?}: reading {len} samples at sample {start} failed")]
    Read {
        /// The record name.
        record: String,
        /// First sample of the piece.
        start: u64,
        /// Samples asked for.
        len: u64,
        /// The source's error.
        #[source]
        source: Box<dyn std::error::Error + Send + Sync>,
    },
    /// A piece could not be analysed (see [`AnalyzeError`]).
    #[error(transparent)]
    Analyze(#[from] AnalyzeError),
    /// The options are not finite positive lengths (margin ≥ 0).
    #[error(
        "invalid LongOptions: chunk {chunk_s} s, margin {margin_s} s: expected chunk > 0 and margin >= 0, finite"
    )]
    InvalidOptions {
        /// The chunk length given.
        chunk_s: f64,
        /// The margin given.
        margin_s: f64,
    },
}

impl Pipeline {
    /// Analyses a long record piece by piece (see the [module docs](self)): the same report as
    /// [`Pipeline::analyze`], in memory bounded by [`LongOptions::chunk_s`].
    ///
    /// ```no_run
    /// use sinus::io::wfdb::{ReadOptions, WfdbReader};
    /// use sinus::pipeline::LongOptions;
    /// // A 24-hour Holter record, never held whole.
    /// let mut holter = WfdbReader::open("holter/24h", &ReadOptions::default())?;
    /// let report = sinus::Pipeline::default().analyze_long(&mut holter, &LongOptions::default())?;
    /// println!("{}", report.text(sinus::report::Lang::En));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn analyze_long<S: SampleSource>(
        &self,
        source: &mut S,
        opts: &LongOptions,
    ) -> Result<Report, LongError> {
        let t0 = Instant::now();
        if !(opts.chunk_s.is_finite()
            && opts.chunk_s > 0.0
            && opts.margin_s.is_finite()
            && opts.margin_s >= 0.0)
        {
            return Err(LongError::InvalidOptions {
                chunk_s: opts.chunk_s,
                margin_s: opts.margin_s,
            });
        }
        let name = source.name();
        let leads = source.leads();
        let fs = source.fs();
        let hz = fs.hz();
        let n = usize::try_from(source.n_samples()).unwrap_or(usize::MAX);
        if leads.is_empty() {
            return Err(AnalyzeError::NoLeads { record: name }.into());
        }
        if n == 0 {
            return Err(AnalyzeError::NoSamples { record: name }.into());
        }
        let window_s = self.cfg.episodes.window_s;
        let w = ((window_s * hz).round() as usize).max(1);
        let chunk = w.saturating_mul(((opts.chunk_s / window_s).round() as usize).max(1));
        let margin = fs.samples(opts.margin_s);
        let names: Vec<String> = leads.iter().map(|l| l.to_string()).collect();

        let mut quality: Vec<QualityTally> =
            (0..leads.len()).map(|_| QualityTally::default()).collect();
        let mut beats = BeatTally {
            max_list: opts.max_beat_list,
            ..BeatTally::default()
        };
        // The list's room at once, not by doubling (whose slack and copies would cost up to
        // three times the list): the bound, or 5 beats/s (300 bpm) over the record if fewer.
        let most_beats = (fs.seconds(n) * 5.0).ceil() as usize;
        beats.list.reserve_exact(opts.max_beat_list.min(most_beats));
        let mut episodes = EpisodeTally::new(hz);
        let mut mains_hz: Option<f64> = None;
        let mut readable = false;
        let mut acc_a = 0usize;
        while acc_a < n {
            // The last piece takes the rest when less than a window would be left after it.
            let mut acc_b = acc_a.saturating_add(chunk).min(n);
            if n - acc_b < w {
                acc_b = n;
            }
            let data_a = acc_a.saturating_sub(margin);
            let data_b = acc_b.saturating_add(margin).min(n);
            let rec = source
                .read(data_a as u64, (data_b - data_a) as u64)
                .map_err(|e| LongError::Read {
                    record: name.clone(),
                    start: data_a as u64,
                    len: (data_b - data_a) as u64,
                    source: Box::new(e),
                })?;
            if rec.n_samples() != data_b - data_a || rec.n_leads() != leads.len() {
                return Err(AnalyzeError::NoSamples { record: name }.into());
            }
            let bounds = window_bounds(acc_a, acc_b, w);
            let piece = self.analyze_piece(&rec, &names, (acc_a, acc_b), data_a, &bounds)?;
            let seconds = (acc_b - acc_a) as f64 / hz;
            for (t, q) in quality.iter_mut().zip(&piece.quality) {
                t.add(q, seconds);
            }
            mains_hz = mains_hz.or(piece.mains_hz);
            match piece.reading {
                None => {
                    for (a, b) in bounds {
                        episodes.push(a, b, Rhythm::undetermined("no readable lead"));
                    }
                }
                Some(mut r) => {
                    for (a, b, rhythm) in r.windows.drain(..) {
                        episodes.push(a, b, rhythm);
                    }
                    beats.add(&r, data_a, hz, &names);
                    readable = true;
                }
            }
            acc_a = acc_b;
        }

        let quality: Vec<LeadQuality> = quality.into_iter().map(QualityTally::finish).collect();
        let excluded: Vec<String> = quality
            .iter()
            .filter(|q| !q.grade.is_usable())
            .map(|q| q.lead.clone())
            .collect();
        let facts = RecordFacts {
            name,
            leads: names,
            fs_hz: hz,
            n_samples: n,
            duration_s: fs.seconds(n),
            mains_hz,
            start: source.start(),
        };
        let patient = Patient::from_comments(&source.comments());
        let (headline, episodes) = episodes.finish(n, window_s);
        if !readable {
            let mut r = unreadable(facts, quality, excluded, episodes, t0);
            r.patient = patient;
            r.config_hash = self.cfg.fingerprint();
            return Ok(r);
        }
        let rhythm =
            headline.unwrap_or_else(|| Rhythm::undetermined("no window with a readable rhythm"));
        let rr = rr_stats(&beats.rr_ms);
        let rr_dominant = rr_stats(&beats.rr_dominant_ms);
        let rates = rr.map(|s| Rates {
            mean_bpm: 60_000.0 / s.mean_ms,
            min_bpm: 60_000.0 / s.max_ms,
            max_bpm: 60_000.0 / s.min_ms,
        });
        let dominant_qrs_ms = weighted_median(&mut beats.qrs);
        let statements = interpret(
            &InterpretInput {
                rhythm: &rhythm,
                counts: &beats.counts,
                rates,
                pauses: &beats.pauses,
                leads: &leads,
                excluded_leads: &excluded,
                episodes: &episodes,
                min_af_episode_s: self.cfg.episodes.min_af_episode_s,
                measurements: None,
                patient: &patient,
            },
            &self.cfg.severity,
            &self.cfg.interpret,
        );
        let triage = statements
            .iter()
            .map(|s| s.severity)
            .max()
            .unwrap_or(Severity::Normal);
        Ok(Report {
            schema_version: SCHEMA_VERSION,
            crate_version: CRATE_VERSION.to_string(),
            config_hash: self.cfg.fingerprint(),
            record: facts,
            quality,
            excluded_leads: excluded,
            beats: beats.counts,
            rates,
            rr,
            rr_dominant,
            rhythm,
            patient,
            pauses: beats.pauses,
            rhythm_episodes: episodes,
            dominant_qrs_ms,
            interchange: None,
            measurements: None,
            statements,
            triage,
            beat_list: beats.list,
            beat_list_truncated: beats.cut,
            texts: Vec::new(),
            processing_ms: t0.elapsed().as_secs_f64() * 1e3,
        })
    }

    /// Quality, detection and beat analysis of one piece (`rec` starts at sample `offset`;
    /// `accepted` is the part whose beats count), and the rhythm of each of its windows
    /// (`bounds`, samples of the record): as [`Pipeline::analyze`] reads a long record, the
    /// beats are classified once and each window's rhythm settles its beats.
    fn analyze_piece(
        &self,
        rec: &Record,
        names: &[String],
        accepted: (usize, usize),
        offset: usize,
        bounds: &[(usize, usize)],
    ) -> Result<Piece, AnalyzeError> {
        let hz = rec.fs().hz();
        let quality = assess(rec.signals(), hz, names, &self.cfg.quality);
        let usable: Vec<bool> = quality.iter().map(|q| q.grade.is_usable()).collect();
        if !usable.iter().any(|u| *u) {
            return Ok(Piece {
                quality,
                mains_hz: None,
                reading: None,
            });
        }
        let (conditioned, mains_hz) = match &self.cfg.conditioning {
            Some(c) => {
                let out = crate::filter::condition(rec, c).map_err(|source| {
                    AnalyzeError::Conditioning {
                        record: rec.name().to_string(),
                        source,
                    }
                })?;
                (Some(out.record), out.mains_hz)
            }
            None => (None, None),
        };
        let signal = conditioned.as_ref().unwrap_or(rec);
        let det = self.detect_beats(signal.signals(), rec, &usable)?;
        let beats: Vec<usize> = det.beats.iter().map(|b| b.sample).collect();
        let (p_leads, flutter) = reading_leads(rec, &usable);
        let (v1, inferior) = two_to_one_leads(rec, &usable);
        let leads = ReadLeads {
            usable: &usable,
            p_leads: &p_leads,
            flutter: &flutter,
            atrial_noise_mv: None,
            v1,
            inferior: &inferior,
        };
        let (mut a, pace) = self.analyze_stretch(signal.signals(), hz, &beats, &[], &leads, false);
        let mut windows = Vec::with_capacity(bounds.len());
        let all = signal.signals();
        for &(wa, wb) in bounds {
            let (la, lb) = (wa.saturating_sub(offset), wb.saturating_sub(offset));
            let lb = lb.min(signal.n_samples());
            let la = la.min(lb);
            let slice = all.slice(ndarray::s![.., la..lb]);
            let local = a.window(slice, hz, la, lb, &usable, &p_leads, &self.cfg.beats);
            let lo = a.beats.partition_point(|x| x.sample < la);
            let hi = a.beats.partition_point(|x| x.sample < lb);
            let r = self.rhythm_of(slice, hz, &local, pace.get(lo..hi).unwrap_or(&[]), &leads);
            if let Some(bs) = a.beats.get_mut(lo..hi) {
                crate::rhythm::settle_beat_classes(&r, bs);
            }
            windows.push((wa, wb, r));
        }
        let (lo, hi) = (accepted.0 - offset, accepted.1 - offset);
        // Only what the tallies need: the accepted beats (with the one before, for RR
        // context), the pauses starting among them, the dominant QRS width.
        let first = a
            .beats
            .iter()
            .position(|b| b.sample >= lo)
            .unwrap_or(a.beats.len());
        let kept: Vec<Kept> = a
            .beats
            .iter()
            .enumerate()
            .skip(first)
            .take_while(|(_, b)| b.sample < hi)
            .map(|(i, b)| {
                let prev_ectopic = i
                    .checked_sub(1)
                    .and_then(|j| a.beats.get(j))
                    .is_some_and(|p| is_ectopic(p.class));
                // The leads the detector saw it in (the beat analysis keeps its samples).
                let leads = det
                    .beats
                    .binary_search_by_key(&b.sample, |d| d.sample)
                    .ok()
                    .and_then(|k| det.beats.get(k))
                    .map(|d| d.leads.clone())
                    .unwrap_or_default();
                Kept {
                    sample: b.sample,
                    class: b.class,
                    rr_ms: b.rr_ms,
                    prev_ectopic,
                    leads,
                }
            })
            .collect();
        let pauses = a
            .pauses
            .iter()
            .filter(|p| {
                let s = (p.start_s * hz).round() as usize;
                s >= lo && s < hi
            })
            .map(|p| Pause {
                start_s: p.start_s + offset as f64 / hz,
                duration_s: p.duration_s,
            })
            .collect();
        Ok(Piece {
            quality,
            mains_hz,
            reading: Some(Reading {
                windows,
                kept,
                pauses,
                dominant_qrs_ms: a.dominant_qrs_ms,
            }),
        })
    }
}

/// One piece's results.
struct Piece {
    quality: Vec<LeadQuality>,
    mains_hz: Option<f64>,
    /// None when no lead was readable.
    reading: Option<Reading>,
}

/// The report of a record with no readable lead anywhere.
fn unreadable(
    facts: RecordFacts,
    quality: Vec<LeadQuality>,
    excluded: Vec<String>,
    episodes: Vec<crate::report::RhythmEpisode>,
    t0: Instant,
) -> Report {
    Report {
        schema_version: SCHEMA_VERSION,
        crate_version: CRATE_VERSION.to_string(),
        config_hash: String::new(),
        record: facts,
        quality,
        excluded_leads: excluded,
        beats: BeatCounts::default(),
        rates: None,
        rr: None,
        rr_dominant: None,
        rhythm: Rhythm::undetermined("no readable lead"),
        patient: Patient::default(),
        pauses: Vec::new(),
        rhythm_episodes: episodes,
        dominant_qrs_ms: None,
        interchange: None,
        measurements: None,
        statements: vec![
            Statement::new(StatementCode::NoReadableLead, Severity::Abnormal),
            Statement::new(StatementCode::AbnormalEcg, Severity::Abnormal),
        ],
        triage: Severity::Abnormal,
        beat_list: Vec::new(),
        beat_list_truncated: false,
        texts: Vec::new(),
        processing_ms: t0.elapsed().as_secs_f64() * 1e3,
    }
}
