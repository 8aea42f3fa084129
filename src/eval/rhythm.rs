//! Rhythm-label scoring: reference labels from LUDB (`ludb.csv`, `#Rhythm:` header lines), from
//! the PhysioNet/CinC 2020 headers (`#Dx:` SNOMED CT codes) and from MIT-BIH rhythm annotations
//! (episodes cut into windows), and a confusion matrix with per-class precision, recall and F1.
//!
//! ```
//! use sinus::eval::rhythm::{ludb_rhythm, snomed_rhythm, Confusion};
//! use sinus::rhythm::RhythmLabel as L;
//! assert_eq!(ludb_rhythm("Sinus bradycardia."), Some(L::SinusBradycardia));
//! assert_eq!(snomed_rhythm(&[164889003, 164909002]), Some(L::AtrialFibrillation));
//! let mut c = Confusion::default();
//! c.add(L::SinusRhythm, L::SinusRhythm);
//! c.add(L::SinusRhythm, L::SinusArrhythmia);
//! assert_eq!(c.accuracy(), 0.5);
//! ```

use crate::annotation::{Annotation, Code};
use crate::rhythm::{Rhythm, RhythmFamily, RhythmLabel};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The rhythm named by a LUDB rhythm text (`ludb.csv`'s `Rhythms` cell or a header's
/// `Rhythm:` line). Only the first line counts (`"Atrial fibrillation\nAberrant conduction"` is
/// atrial fibrillation). "Irregular sinus rhythm" is read as sinus arrhythmia.
pub fn ludb_rhythm(text: &str) -> Option<RhythmLabel> {
    let first = text.lines().next()?.trim().trim_end_matches('.').trim();
    let t = first.to_ascii_lowercase();
    let t = t.strip_prefix("rhythm:").map(str::trim).unwrap_or(&t);
    Some(match t {
        "sinus rhythm" => RhythmLabel::SinusRhythm,
        "sinus bradycardia" => RhythmLabel::SinusBradycardia,
        "sinus tachycardia" => RhythmLabel::SinusTachycardia,
        "sinus arrhythmia" | "irregular sinus rhythm" => RhythmLabel::SinusArrhythmia,
        "atrial fibrillation" => RhythmLabel::AtrialFibrillation,
        t if t.starts_with("atrial flutter") => RhythmLabel::AtrialFlutter,
        _ => return None,
    })
}

/// The rhythm of a LUDB record from its header comments (the `Rhythm:` line).
pub fn ludb_header_rhythm(comments: &[String]) -> Option<RhythmLabel> {
    comments
        .iter()
        .find(|c| c.trim_start().to_ascii_lowercase().starts_with("rhythm:"))
        .and_then(|c| ludb_rhythm(c.trim()))
}

/// Rhythm labels from `ludb.csv` (columns `ID` and `Rhythms`), as (record id, label or None
/// when the text names no rhythm this crate classifies). Needs the `csv` feature.
#[cfg(feature = "csv")]
pub fn ludb_csv(text: &str) -> Result<Vec<(String, Option<RhythmLabel>)>, csv::Error> {
    let mut rdr = csv::Reader::from_reader(text.as_bytes());
    let headers = rdr.headers()?.clone();
    let id = headers.iter().position(|h| h.trim() == "ID");
    let rh = headers.iter().position(|h| h.trim() == "Rhythms");
    let mut out = Vec::new();
    for row in rdr.records() {
        let row = row?;
        let (Some(i), Some(r)) = (id, rh) else { break };
        let name = row.get(i).unwrap_or("").trim().to_string();
        out.push((name, ludb_rhythm(row.get(r).unwrap_or(""))));
    }
    Ok(out)
}

/// SNOMED CT rhythm codes this crate classifies, as listed in the Challenge's scored mapping.
pub const SNOMED_RHYTHMS: [(u64, RhythmLabel); 6] = [
    (164889003, RhythmLabel::AtrialFibrillation),
    (164890007, RhythmLabel::AtrialFlutter),
    (427084000, RhythmLabel::SinusTachycardia),
    (426177001, RhythmLabel::SinusBradycardia),
    (427393009, RhythmLabel::SinusArrhythmia),
    (426783006, RhythmLabel::SinusRhythm),
];

/// The reference rhythm of a CinC record from its `#Dx` codes: the first of AF, AFL, sinus
/// tachycardia, sinus bradycardia, sinus arrhythmia, sinus rhythm present (a record coded both
/// sinus bradycardia and sinus arrhythmia counts as bradycardia, the label this crate gives it).
/// None when no such code is present (the record is not scored).
pub fn snomed_rhythm(codes: &[u64]) -> Option<RhythmLabel> {
    SNOMED_RHYTHMS
        .iter()
        .find(|(c, _)| codes.contains(c))
        .map(|(_, l)| *l)
}

/// The SNOMED codes of a header's `Dx:` comment line (comments without their `#`).
pub fn dx_codes(comments: &[String]) -> Vec<u64> {
    comments
        .iter()
        .filter_map(|c| c.trim().strip_prefix("Dx:"))
        .flat_map(|v| v.split(','))
        .filter_map(|c| c.trim().parse().ok())
        .collect()
}

/// The rhythm named by a MIT-BIH rhythm annotation's aux text (`"(N"`, `"(SBR"`, `"(AFIB"`,
/// `"(AFL"`); None for the rhythms this crate does not label (`(B` bigeminy, `(T` trigeminy,
/// `(VT`, `(SVTA`, `(NOD`, `(P` paced, `(PREX`, `(VFL`, `(BII`, `(IVR`, `(AB`, …).
/// MIT-BIH's `(N` is sinus rhythm at any rate, so it is scored against the sinus family
/// (see [`sinus_family`]).
pub fn mit_rhythm(aux: &str) -> Option<RhythmLabel> {
    Some(match aux.trim_end_matches('\0').trim() {
        "(N" => RhythmLabel::SinusRhythm,
        "(SBR" => RhythmLabel::SinusBradycardia,
        "(AFIB" => RhythmLabel::AtrialFibrillation,
        "(AFL" => RhythmLabel::AtrialFlutter,
        _ => return None,
    })
}

/// Every sinus label (rhythm, bradycardia, tachycardia, arrhythmia) as sinus rhythm; others
/// unchanged. For references that do not tell the sinus labels apart (MIT-BIH's `(N`).
pub fn sinus_family(label: RhythmLabel) -> RhythmLabel {
    if label.is_sinus() {
        RhythmLabel::SinusRhythm
    } else {
        label
    }
}

/// The rhythm family of a LUDB record from its header comments: paced when a line names
/// pacing ("UNIpolar ventricular pacing", "Biventricular pacing", "P-synchrony"; not
/// "Wandering atrial pacemaker", which is an atrial rhythm), AV block for a second- or
/// third-degree block, otherwise the family of the `Rhythm:` line. LUDB names the atrial
/// rhythm of a paced record in `Rhythm:` and the pacing on another line.
pub fn ludb_family(comments: &[String]) -> Option<RhythmFamily> {
    let lines: Vec<String> = comments
        .iter()
        .map(|c| c.trim().to_ascii_lowercase())
        .collect();
    if lines
        .iter()
        .any(|l| l.contains(" pacing") || l.starts_with("pacing") || l.contains("p-synchrony"))
    {
        return Some(RhythmFamily::Paced);
    }
    if lines
        .iter()
        .any(|l| l.starts_with("ii degree av") || l.starts_with("iii degree av"))
    {
        return Some(RhythmFamily::AvBlock);
    }
    ludb_header_rhythm(comments).map(RhythmLabel::family)
}

/// SNOMED CT code of "pacing rhythm" in the Challenge's mapping.
pub const SNOMED_PACING: u64 = 10370003;

/// The rhythm family of a CinC record from its `#Dx` codes: paced when the pacing-rhythm
/// code is present, otherwise the family of [`snomed_rhythm`]. None when neither is present.
pub fn snomed_family(codes: &[u64]) -> Option<RhythmFamily> {
    if codes.contains(&SNOMED_PACING) {
        return Some(RhythmFamily::Paced);
    }
    snomed_rhythm(codes).map(RhythmLabel::family)
}

/// The rate class of a sinus rhythm.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum RateClass {
    /// Below the bradycardia limit.
    Bradycardia,
    /// Between the limits.
    Normal,
    /// Above the tachycardia limit.
    Tachycardia,
}

impl ScoredLabel for RateClass {
    fn code(self) -> &'static str {
        match self {
            RateClass::Bradycardia => "brady",
            RateClass::Normal => "normal",
            RateClass::Tachycardia => "tachy",
        }
    }
}

impl RateClass {
    /// The class of a rate under the limits (bradycardia below `brady_bpm`, tachycardia above
    /// `tachy_bpm`, as [`crate::rhythm::RhythmConfig`] reads them).
    pub fn of_rate(bpm: f64, brady_bpm: f64, tachy_bpm: f64) -> RateClass {
        if bpm < brady_bpm {
            RateClass::Bradycardia
        } else if bpm > tachy_bpm {
            RateClass::Tachycardia
        } else {
            RateClass::Normal
        }
    }

    /// The rate class a sinus label states (None for other labels).
    pub fn of_label(label: RhythmLabel) -> Option<RateClass> {
        match label {
            RhythmLabel::SinusBradycardia => Some(RateClass::Bradycardia),
            RhythmLabel::SinusTachycardia => Some(RateClass::Tachycardia),
            RhythmLabel::SinusRhythm | RhythmLabel::SinusArrhythmia => Some(RateClass::Normal),
            _ => None,
        }
    }
}

/// The mean rate (bpm) of beat marks (sample indices, increasing) at `fs_hz`: 60 times the
/// number of intervals over the time they span. None with fewer than two marks.
pub fn marks_rate_bpm(marks: &[u64], fs_hz: f64) -> Option<f64> {
    let (first, last) = (*marks.first()?, *marks.last()?);
    if marks.len() < 2 || last <= first || fs_hz.is_nan() || fs_hz <= 0.0 {
        return None;
    }
    Some(60.0 * (marks.len() - 1) as f64 * fs_hz / (last - first) as f64)
}

/// One record scored both ways: against the raw label, and harmonised (the family against the
/// label's family; for sinus records read as sinus, the rate class against the one the
/// database's own beat marks give under this crate's limits, when there are marks).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct HarmonisedScore {
    /// The reference family.
    pub reference_family: RhythmFamily,
    /// The reported family.
    pub reported_family: RhythmFamily,
    /// The rate class from the beat marks, for a sinus reference with marks.
    pub reference_rate: Option<RateClass>,
    /// The rate class the report states, for a sinus reading.
    pub reported_rate: Option<RateClass>,
}

impl HarmonisedScore {
    /// Right when the families agree and, where both rate classes are known, those too.
    pub fn is_right(&self) -> bool {
        self.reference_family == self.reported_family
            && match (self.reference_rate, self.reported_rate) {
                (Some(a), Some(b)) => a == b,
                _ => true,
            }
    }
}

/// Scores a reading harmonised: `reference_family` from the database, `marks_bpm` the rate of
/// its beat marks (if any), under the limits `brady_bpm` / `tachy_bpm`.
pub fn harmonise(
    reference_family: RhythmFamily,
    marks_bpm: Option<f64>,
    reading: &Rhythm,
    brady_bpm: f64,
    tachy_bpm: f64,
) -> HarmonisedScore {
    let sinus = reference_family == RhythmFamily::Sinus;
    HarmonisedScore {
        reference_family,
        reported_family: reading.family(),
        reference_rate: marks_bpm
            .filter(|_| sinus)
            .map(|r| RateClass::of_rate(r, brady_bpm, tachy_bpm)),
        reported_rate: RateClass::of_label(reading.label),
    }
}

/// The MIT-BIH rhythm code (as in `.atr` aux texts, e.g. `"(AFIB"`) a reading stands for, for
/// scoring windows against MIT-BIH's rhythm episodes. The strongest finding names it: pacing
/// `(P`, ventricular flutter/fibrillation `(VFL`, ventricular tachycardia `(VT`,
/// idioventricular `(IVR`, atrial fibrillation `(AFIB`, flutter `(AFL`, second- or
/// third-degree AV block `(BII` / `(BIII`, ventricular bigeminy `(B`, trigeminy `(T`,
/// supraventricular tachycardia `(SVTA`, junctional `(NOD`, atrial bigeminy `(AB`, sinus
/// `(N` (at any rate, as MIT-BIH's `(N`); the label's own code otherwise (`IRR`, `REG`,
/// `UND`, `EAR`).
pub fn mit_reading(r: &Rhythm) -> &'static str {
    use crate::rhythm::{AvBlockDegree, EctopicPattern};
    use RhythmLabel as L;
    if r.label.is_paced() {
        return "(P";
    }
    match r.label {
        L::VentricularFlutterFibrillation => return "(VFL",
        L::VentricularTachycardia => return "(VT",
        L::IdioventricularRhythm => return "(IVR",
        L::AtrialFibrillation => return "(AFIB",
        L::AtrialFlutter => return "(AFL",
        _ => {}
    }
    if let Some(b) = &r.av_block {
        match b.degree {
            AvBlockDegree::Third => return "(BIII",
            d if d.is_second_or_higher() => return "(BII",
            _ => {}
        }
    }
    match r.pattern {
        Some(EctopicPattern::VentricularBigeminy) => return "(B",
        Some(EctopicPattern::VentricularTrigeminy) => return "(T",
        Some(EctopicPattern::SupraventricularBigeminy) => return "(AB",
        _ => {}
    }
    match r.label {
        L::SupraventricularTachycardia => "(SVTA",
        L::JunctionalRhythm | L::AcceleratedJunctionalRhythm => "(NOD",
        l if l.is_sinus() => "(N",
        l => l.code(),
    }
}

/// A MIT-BIH rhythm aux text as scored: trailing NULs and spaces removed, `(SBR` as `(N`
/// (MIT-BIH's `(N` is sinus rhythm at any rate). None for an empty text.
pub fn mit_reference(aux: &str) -> Option<&'static str> {
    const KNOWN: [&str; 16] = [
        "(N", "(AFIB", "(AFL", "(B", "(T", "(VT", "(P", "(BII", "(AB", "(SVTA", "(NOD", "(IVR",
        "(VFL", "(PREX", "(BIII", "(SBR",
    ];
    let t = aux.trim_end_matches('\0').trim();
    if t == "(SBR" {
        return Some("(N");
    }
    KNOWN.iter().find(|k| **k == t).copied()
}

/// A stretch of a record under one rhythm annotation: from its rhythm-change annotation to the
/// next one (or the end of the record).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AnnotatedEpisode {
    /// First sample.
    pub start: u64,
    /// One past the last sample.
    pub end: u64,
    /// The aux text of the rhythm annotation (`"(AFIB"`), trailing NULs removed.
    pub rhythm: String,
}

/// The rhythm episodes of an annotation list (rhythm-change annotations, code `+`, with an
/// aux text), in order; `n_samples` closes the last. Nothing before the first rhythm
/// annotation is an episode.
pub fn rhythm_episodes(annotations: &[Annotation], n_samples: u64) -> Vec<AnnotatedEpisode> {
    let changes: Vec<(u64, &str)> = annotations
        .iter()
        .filter(|a| a.code == Code::RHYTHM)
        .filter_map(|a| Some((a.sample, a.aux.as_deref()?.trim_end_matches('\0'))))
        .filter(|(s, aux)| *s < n_samples && !aux.is_empty())
        .collect();
    changes
        .iter()
        .enumerate()
        .map(|(i, &(start, rhythm))| AnnotatedEpisode {
            start,
            end: changes.get(i + 1).map_or(n_samples, |c| c.0),
            rhythm: rhythm.to_string(),
        })
        .filter(|e| e.end > e.start)
        .collect()
}

/// Non-overlapping windows of `len` samples lying wholly inside one episode, as (first sample,
/// index of the episode), laid from each episode's start.
pub fn episode_windows(episodes: &[AnnotatedEpisode], len: u64) -> Vec<(u64, usize)> {
    if len == 0 {
        return Vec::new();
    }
    episodes
        .iter()
        .enumerate()
        .flat_map(|(i, e)| {
            let n = (e.end - e.start) / len;
            (0..n).map(move |k| (e.start + k * len, i))
        })
        .collect()
}

/// What a confusion matrix counts: a label with a short code, ordered.
pub trait ScoredLabel: Copy + Ord + Serialize {
    /// The short code printed in tables.
    fn code(self) -> &'static str;
}

impl ScoredLabel for RhythmLabel {
    fn code(self) -> &'static str {
        RhythmLabel::code(self)
    }
}

impl ScoredLabel for RhythmFamily {
    fn code(self) -> &'static str {
        RhythmFamily::code(self)
    }
}

impl ScoredLabel for &'static str {
    fn code(self) -> &'static str {
        self
    }
}

/// A confusion matrix over rhythm labels (or families, or MIT-BIH rhythm codes):
/// `counts[(reference, predicted)]`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Confusion<L: ScoredLabel = RhythmLabel> {
    counts: BTreeMap<(L, L), usize>,
}

impl<L: ScoredLabel> Default for Confusion<L> {
    fn default() -> Self {
        Confusion {
            counts: BTreeMap::new(),
        }
    }
}

/// Precision, recall and F1 of one class.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct ClassScore<L: ScoredLabel = RhythmLabel> {
    /// The class.
    pub label: L,
    /// Records with this reference label.
    pub support: usize,
    /// Records predicted with this label.
    pub predicted: usize,
    /// Correct predictions.
    pub true_positives: usize,
    /// TP / predicted (None when nothing was predicted).
    pub precision: Option<f64>,
    /// TP / support (None when there is no support).
    pub recall: Option<f64>,
    /// Harmonic mean of precision and recall (0 when either is 0 or absent but support exists).
    pub f1: Option<f64>,
}

impl<L: ScoredLabel> Confusion<L> {
    /// Counts one record.
    pub fn add(&mut self, reference: L, predicted: L) {
        *self.counts.entry((reference, predicted)).or_default() += 1;
    }
    /// The count of (reference, predicted).
    pub fn get(&self, reference: L, predicted: L) -> usize {
        self.counts
            .get(&(reference, predicted))
            .copied()
            .unwrap_or(0)
    }
    /// Records counted.
    pub fn total(&self) -> usize {
        self.counts.values().sum()
    }
    /// Fraction of records whose prediction equals the reference (0 when empty).
    pub fn accuracy(&self) -> f64 {
        let t = self.total();
        if t == 0 {
            return 0.0;
        }
        let ok: usize = self
            .counts
            .iter()
            .filter(|((r, p), _)| r == p)
            .map(|(_, n)| n)
            .sum();
        ok as f64 / t as f64
    }
    /// The labels that occur as reference or prediction, in their order.
    pub fn labels(&self) -> Vec<L> {
        let mut v: Vec<L> = self.counts.keys().flat_map(|&(r, p)| [r, p]).collect();
        v.sort_unstable();
        v.dedup();
        v
    }
    /// Scores of one class.
    pub fn score(&self, label: L) -> ClassScore<L> {
        let tp = self.get(label, label);
        let support: usize = self
            .counts
            .iter()
            .filter(|((r, _), _)| *r == label)
            .map(|(_, n)| n)
            .sum();
        let predicted: usize = self
            .counts
            .iter()
            .filter(|((_, p), _)| *p == label)
            .map(|(_, n)| n)
            .sum();
        let precision = (predicted > 0).then(|| tp as f64 / predicted as f64);
        let recall = (support > 0).then(|| tp as f64 / support as f64);
        let f1 = match (precision, recall) {
            (Some(p), Some(r)) if p + r > 0.0 => Some(2.0 * p * r / (p + r)),
            (_, Some(_)) | (Some(_), _) => Some(0.0),
            _ => None,
        };
        ClassScore {
            label,
            support,
            predicted,
            true_positives: tp,
            precision,
            recall,
            f1,
        }
    }
    /// Scores of every label present.
    pub fn scores(&self) -> Vec<ClassScore<L>> {
        self.labels().into_iter().map(|l| self.score(l)).collect()
    }
    /// The matrix as text: rows are references, columns predictions, then per-class scores.
    pub fn to_table(&self) -> String {
        use std::fmt::Write;
        let labels = self.labels();
        let mut s = String::new();
        let _ = write!(s, "{:>8} |", "ref\\pred");
        for l in &labels {
            let _ = write!(s, "{:>6}", l.code());
        }
        s.push('\n');
        for r in &labels {
            let _ = write!(s, "{:>8} |", r.code());
            for p in &labels {
                let _ = write!(s, "{:>6}", self.get(*r, *p));
            }
            s.push('\n');
        }
        let _ = writeln!(
            s,
            "\n{:>5} {:>7} {:>9} {:>10} {:>7} {:>6}",
            "class", "support", "predicted", "precision", "recall", "F1"
        );
        let f = |v: Option<f64>| v.map_or("-".to_string(), |x| format!("{x:.3}"));
        for c in self.scores() {
            let _ = writeln!(
                s,
                "{:>5} {:>7} {:>9} {:>10} {:>7} {:>6}",
                c.label.code(),
                c.support,
                c.predicted,
                f(c.precision),
                f(c.recall),
                f(c.f1)
            );
        }
        let _ = writeln!(
            s,
            "\naccuracy {:.3} ({} records)",
            self.accuracy(),
            self.total()
        );
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use RhythmLabel as L;

    #[test]
    fn ludb_texts() {
        assert_eq!(
            ludb_rhythm("Atrial flutter, typical"),
            Some(L::AtrialFlutter)
        );
        assert_eq!(
            ludb_rhythm("Atrial fibrillation\nAberrant conduction"),
            Some(L::AtrialFibrillation)
        );
        assert_eq!(
            ludb_rhythm("Irregular sinus rhythm"),
            Some(L::SinusArrhythmia)
        );
        assert_eq!(
            ludb_header_rhythm(&["<age>: 51".into(), "Rhythm: Sinus rhythm.".into()]),
            Some(L::SinusRhythm)
        );
        assert_eq!(ludb_rhythm("Pacemaker"), None);
    }

    #[test]
    #[cfg(feature = "csv")]
    fn csv_multiline_cells() {
        let t = "ID,Sex,Rhythms\n1,\"F\n\",Sinus bradycardia\n2,M,\"Sinus arrhythmia\nWandering atrial pacemaker\"\n";
        let v = ludb_csv(t).unwrap();
        assert_eq!(
            v,
            vec![
                ("1".into(), Some(L::SinusBradycardia)),
                ("2".into(), Some(L::SinusArrhythmia))
            ]
        );
    }

    #[test]
    fn dx_and_priority() {
        let codes = dx_codes(&["Age: 3".into(), "Dx: 270492004,426177001,427393009".into()]);
        assert_eq!(codes, vec![270492004, 426177001, 427393009]);
        assert_eq!(snomed_rhythm(&codes), Some(L::SinusBradycardia));
        assert_eq!(snomed_rhythm(&[59118001]), None);
    }

    #[test]
    fn mit_episodes_and_windows() {
        let ann = |sample: u64, code: Code, aux: Option<&str>| {
            let mut a = Annotation::new(sample, code);
            a.aux = aux.map(String::from);
            a
        };
        let list = vec![
            ann(10, Code::NORMAL, None),
            ann(18, Code::RHYTHM, Some("(N\0")),
            ann(40, Code::NORMAL, None),
            ann(75, Code::RHYTHM, Some("(AFIB")),
            ann(80, Code::RHYTHM, Some("(VT")),
            ann(90, Code::RHYTHM, Some("(AFL")),
            ann(500, Code::RHYTHM, Some("(N")),
        ];
        let eps = rhythm_episodes(&list, 125);
        let got: Vec<(u64, u64, &str)> = eps
            .iter()
            .map(|e| (e.start, e.end, e.rhythm.as_str()))
            .collect();
        assert_eq!(
            got,
            vec![
                (18, 75, "(N"),
                (75, 80, "(AFIB"),
                (80, 90, "(VT"),
                (90, 125, "(AFL")
            ]
        );
        assert_eq!(episode_windows(&eps, 20), vec![(18, 0), (38, 0), (90, 3)]);
        assert!(episode_windows(&eps, 0).is_empty());
        assert_eq!(mit_rhythm(&eps[0].rhythm), Some(L::SinusRhythm));
        assert_eq!(mit_rhythm("(AFL"), Some(L::AtrialFlutter));
        assert_eq!(mit_rhythm("(B"), None);
        assert_eq!(sinus_family(L::SinusTachycardia), L::SinusRhythm);
        assert_eq!(sinus_family(L::AtrialFlutter), L::AtrialFlutter);
    }

    #[test]
    fn scores() {
        let mut c = Confusion::default();
        for _ in 0..8 {
            c.add(L::SinusRhythm, L::SinusRhythm);
        }
        c.add(L::SinusRhythm, L::AtrialFibrillation);
        c.add(L::AtrialFibrillation, L::AtrialFibrillation);
        let sr = c.score(L::SinusRhythm);
        assert_eq!(sr.precision, Some(1.0));
        assert!((sr.recall.unwrap() - 8.0 / 9.0).abs() < 1e-12);
        let af = c.score(L::AtrialFibrillation);
        assert_eq!(af.precision, Some(0.5));
        assert!((af.f1.unwrap() - 2.0 / 3.0).abs() < 1e-12);
        assert!((c.accuracy() - 0.9).abs() < 1e-12);
        assert!(c.to_table().contains("accuracy 0.900"));
    }
}
