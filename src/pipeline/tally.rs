//! What a long analysis keeps as the pieces come ([`super::long`]): each lead's quality over
//! time, the beats' counts, RR intervals, pauses and list, each piece's dominant QRS width.

use crate::beats::{BeatClass, Pause};
use crate::quality::{Grade, Issue, LeadQuality, Metrics};
use crate::report::{BeatCounts, ReportBeat};
use crate::rhythm::Rhythm;

/// One lead's quality over the pieces read so far.
#[derive(Default)]
pub(super) struct QualityTally {
    lead: String,
    seconds: f64,
    /// Time-weighted sums of the fraction and level metrics; the largest range.
    sums: Metrics,
    range_mv: f64,
    /// The mains frequency of the first piece that had one.
    mains_hz: Option<f64>,
    /// Seconds at each grade, and the issues seen at each.
    by_grade: [(f64, Vec<Issue>); 4],
}

fn grade_index(g: Grade) -> usize {
    match g {
        Grade::Good => 0,
        Grade::Acceptable => 1,
        Grade::Poor => 2,
        Grade::Unusable => 3,
    }
}

const GRADES: [Grade; 4] = [Grade::Good, Grade::Acceptable, Grade::Poor, Grade::Unusable];

impl QualityTally {
    pub(super) fn add(&mut self, q: &LeadQuality, seconds: f64) {
        if self.lead.is_empty() {
            self.lead = q.lead.clone();
        }
        self.seconds += seconds;
        let m = &q.metrics;
        let s = &mut self.sums;
        s.nan_fraction += m.nan_fraction * seconds;
        s.flat_fraction += m.flat_fraction * seconds;
        s.clipped_fraction += m.clipped_fraction * seconds;
        s.mains_mv += m.mains_mv * seconds;
        s.hf_noise_mv += m.hf_noise_mv * seconds;
        s.wander_mv += m.wander_mv * seconds;
        s.beat_range_mv += m.beat_range_mv * seconds;
        self.range_mv = self.range_mv.max(m.range_mv);
        if self.mains_hz.is_none() {
            self.mains_hz = m.mains_hz;
        }
        let (t, issues) = &mut self.by_grade[grade_index(q.grade)];
        *t += seconds;
        for i in &q.issues {
            if !issues.contains(i) {
                issues.push(*i);
            }
        }
    }

    /// The lead over the whole record: the grade it held longest (the worse on a tie), with
    /// the issues seen at that grade, and time-weighted mean figures.
    pub(super) fn finish(self) -> LeadQuality {
        let w = self.seconds.max(f64::MIN_POSITIVE);
        let best = (0..4)
            .rev()
            .max_by(|&a, &b| self.by_grade[a].0.total_cmp(&self.by_grade[b].0))
            .unwrap_or(0);
        let [g0, g1, g2, g3] = self.by_grade;
        let issues = [g0.1, g1.1, g2.1, g3.1]
            .into_iter()
            .nth(best)
            .unwrap_or_default();
        let s = self.sums;
        LeadQuality {
            lead: self.lead,
            grade: GRADES[best],
            issues: if best == 0 { Vec::new() } else { issues },
            metrics: Metrics {
                nan_fraction: s.nan_fraction / w,
                flat_fraction: s.flat_fraction / w,
                clipped_fraction: s.clipped_fraction / w,
                mains_mv: s.mains_mv / w,
                hf_noise_mv: s.hf_noise_mv / w,
                wander_mv: s.wander_mv / w,
                range_mv: self.range_mv,
                beat_range_mv: s.beat_range_mv / w,
                mains_hz: self.mains_hz,
            },
        }
    }
}

/// What the report needs from the beats, kept as the pieces come.
#[derive(Default)]
pub(super) struct BeatTally {
    pub(super) counts: BeatCounts,
    pub(super) rr_ms: Vec<f64>,
    pub(super) rr_dominant_ms: Vec<f64>,
    pub(super) pauses: Vec<Pause>,
    /// Each piece's dominant QRS width, weighted by its beats.
    pub(super) qrs: Vec<(f64, usize)>,
    /// The beat list, up to `max_list` beats; `cut` once a beat was left out.
    pub(super) list: Vec<ReportBeat>,
    pub(super) max_list: usize,
    pub(super) cut: bool,
}

pub(super) fn is_ectopic(c: BeatClass) -> bool {
    matches!(
        c,
        BeatClass::VentricularPremature | BeatClass::SupraventricularPremature
    )
}

/// An accepted beat of a piece.
pub(super) struct Kept {
    /// Sample, in the piece.
    pub(super) sample: usize,
    pub(super) class: BeatClass,
    /// RR before it.
    pub(super) rr_ms: Option<f64>,
    /// Whether the beat before was ectopic.
    pub(super) prev_ectopic: bool,
    /// The rows it was detected in.
    pub(super) leads: Vec<usize>,
}

pub(super) struct Reading {
    /// Each window's first sample, one past its last (samples of the record), and rhythm.
    pub(super) windows: Vec<(usize, usize, Rhythm)>,
    /// The accepted beats.
    pub(super) kept: Vec<Kept>,
    pub(super) pauses: Vec<Pause>,
    pub(super) dominant_qrs_ms: Option<f64>,
}

impl BeatTally {
    /// Adds a piece's beats (`offset`: the piece's first sample in the record).
    pub(super) fn add(&mut self, r: &Reading, offset: usize, hz: f64, names: &[String]) {
        let c = &mut self.counts;
        for k in &r.kept {
            let (class, rr, prev_ectopic) = (k.class, k.rr_ms, k.prev_ectopic);
            if self.list.len() < self.max_list {
                let sample = offset + k.sample;
                self.list.push(ReportBeat {
                    sample,
                    time_s: sample as f64 / hz,
                    class,
                    leads: k
                        .leads
                        .iter()
                        .filter_map(|&l| names.get(l).cloned())
                        .collect(),
                });
            } else {
                self.cut = true;
            }
            c.add(class);
            if let Some(rr) = rr.filter(|r| r.is_finite()) {
                self.rr_ms.push(rr);
                if !prev_ectopic && !is_ectopic(class) {
                    self.rr_dominant_ms.push(rr);
                }
            }
        }
        self.pauses.extend_from_slice(&r.pauses);
        if let Some(q) = r.dominant_qrs_ms {
            self.qrs.push((q, r.kept.len()));
        }
    }
}

/// The median of values weighted by counts (None without weight).
pub(super) fn weighted_median(v: &mut [(f64, usize)]) -> Option<f64> {
    v.sort_by(|a, b| a.0.total_cmp(&b.0));
    let total: usize = v.iter().map(|x| x.1).sum();
    if total == 0 {
        return None;
    }
    let mut seen = 0;
    for &(x, c) in v.iter() {
        seen += c;
        if 2 * seen >= total {
            return Some(x);
        }
    }
    v.last().map(|x| x.0)
}
