//! ANSI/AAMI EC57 beat-by-beat comparison of detected beats against reference annotations,
//! counting exactly as WFDB's `bxb` does.
//!
//! The rules, as `bxb` applies them (this is an independent implementation from its documented
//! behaviour, checked against its output on every MIT-BIH record for three detectors):
//!
//! - **Reference beats** are the annotations whose code is a QRS label ([`Code::is_beat`]).
//!   Everything between a `[` (start of ventricular flutter) and the next `]` is skipped;
//!   detections that find no match *inside* such an episode are not counted as false positives
//!   either.
//! - **Matching** walks both beat streams in time order, always looking at the earlier of the
//!   current reference beat `R` and the current detection `d`, and pairs them when they are within
//!   the window (150 ms) and the pairing is the better choice: the earlier one is closer to the
//!   other than the other's successor is, or the two successors are closer to each other than
//!   that successor is to the earlier one (the November 2002 amendment for beats closer together
//!   than twice the window). Otherwise the earlier one is unmatched: a false positive (detection)
//!   or a false negative (reference). Every beat is used at most once.
//! - **Learning period**: with [`ScoreStart::AfterLearning`] (EC57's standard: 5 minutes)
//!   reference beats before the start are ignored. The last detection before the start may still
//!   pair with the first reference beat after it; a first detection just after the start (within
//!   the window) that the first reference beat does not want is dropped without being counted.
//! - **End**: scoring continues while the current reference beat or the current detection lies
//!   at or before [`EvalOptions::end`] (normally the record length); with no end it stops when
//!   the reference beats run out, so later detections are not counted.
//! - Signal-loss ("shutdown") noise annotations change only *which* column `bxb` reports an
//!   unmatched beat in, not whether it is one, so they do not affect [`Counts`].
//!
//! ```
//! use sinus::annotation::{Annotation, Code};
//! use sinus::eval::beats::{compare, EvalOptions};
//! use sinus::SampleRate;
//!
//! let fs = SampleRate::new(360.0).unwrap();
//! let reference: Vec<_> = [100, 400, 700, 1000].iter().map(|&s| Annotation::new(s, Code::NORMAL)).collect();
//! // One beat found 20 samples late, one missed, one extra detection far from any beat.
//! let detected = [100, 420, 850, 1000];
//! let c = compare(&reference, &detected, fs, &EvalOptions::from_zero());
//! assert_eq!((c.tp, c.fn_, c.fp), (3, 1, 1));
//! assert_eq!(c.score().se, Some(0.75));
//! ```

use crate::annotation::{Annotation, Code};
use crate::record::SampleRate;
use serde::Serialize;
use std::iter::Sum;
use std::ops::{Add, AddAssign};

/// Where scoring begins.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[non_exhaustive]
pub enum ScoreStart {
    /// From the first sample (`bxb -f 0`).
    FromZero,
    /// After a learning period (EC57: 300 s, `bxb`'s default).
    AfterLearning {
        /// Length of the learning period in seconds.
        seconds: f64,
    },
}

/// Options of the beat-by-beat comparison.
///
/// ```
/// use sinus::eval::beats::{EvalOptions, ScoreStart};
/// let opts = EvalOptions::ec57().end(650_000u64).window_s(0.1);
/// assert_eq!((opts.end, opts.window_s), (Some(650_000), 0.1));
/// assert_eq!(EvalOptions::default().start(ScoreStart::FromZero), EvalOptions::from_zero());
/// ```
#[derive(Debug, Clone, PartialEq, Serialize)]
#[non_exhaustive]
pub struct EvalOptions {
    /// Match window in seconds (EC57: 0.15). Converted to samples by rounding.
    pub window_s: f64,
    /// Where scoring starts.
    pub start: ScoreStart,
    /// The last sample of the scored interval: the record length in samples, as `bxb` takes it
    /// from the header. `None`: score until the reference beats run out (detections after the
    /// last reference beat are then not counted).
    pub end: Option<u64>,
}

impl Default for EvalOptions {
    /// The EC57 standard comparison (`bxb` without options): 150 ms, 5-minute learning period,
    /// no end given.
    fn default() -> Self {
        EvalOptions::ec57()
    }
}

impl EvalOptions {
    /// The EC57 standard comparison: 150 ms window, scoring after the 5-minute learning period.
    pub fn ec57() -> Self {
        EvalOptions {
            window_s: 0.15,
            start: ScoreStart::AfterLearning { seconds: 300.0 },
            end: None,
        }
    }

    /// 150 ms window, scoring from t = 0 (`bxb -f 0`).
    pub fn from_zero() -> Self {
        EvalOptions {
            start: ScoreStart::FromZero,
            ..EvalOptions::ec57()
        }
    }
}

/// Beat-by-beat counts of one comparison; add them up for a gross figure.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Counts {
    /// Reference beats matched by a detection.
    pub tp: u64,
    /// Reference beats not matched (missed).
    #[serde(rename = "fn")]
    pub fn_: u64,
    /// Detections matching no reference beat (outside ventricular flutter).
    pub fp: u64,
}

/// Summary statistics of [`Counts`], as fractions (0.9973, not 99.73); `None` where undefined
/// (no reference beats for `se`, no detections for `ppv`).
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Score {
    /// Sensitivity, TP / (TP + FN).
    pub se: Option<f64>,
    /// Positive predictivity, TP / (TP + FP).
    pub ppv: Option<f64>,
    /// F1, 2 TP / (2 TP + FN + FP).
    pub f1: Option<f64>,
    /// True positives.
    pub tp: u64,
    /// False negatives.
    #[serde(rename = "fn")]
    pub fn_: u64,
    /// False positives.
    pub fp: u64,
}

fn ratio(a: u64, b: u64) -> Option<f64> {
    (b > 0).then(|| a as f64 / b as f64)
}

impl Counts {
    /// Sensitivity TP / (TP + FN); `None` with no reference beats.
    pub fn sensitivity(&self) -> Option<f64> {
        ratio(self.tp, self.tp + self.fn_)
    }

    /// Positive predictivity TP / (TP + FP); `None` with no detections.
    pub fn positive_predictivity(&self) -> Option<f64> {
        ratio(self.tp, self.tp + self.fp)
    }

    /// F1 = 2 TP / (2 TP + FN + FP); `None` when all counts are zero.
    pub fn f1(&self) -> Option<f64> {
        ratio(2 * self.tp, 2 * self.tp + self.fn_ + self.fp)
    }

    /// All statistics at once.
    pub fn score(&self) -> Score {
        Score {
            se: self.sensitivity(),
            ppv: self.positive_predictivity(),
            f1: self.f1(),
            tp: self.tp,
            fn_: self.fn_,
            fp: self.fp,
        }
    }
}

impl Add for Counts {
    type Output = Counts;
    fn add(self, o: Counts) -> Counts {
        Counts {
            tp: self.tp + o.tp,
            fn_: self.fn_ + o.fn_,
            fp: self.fp + o.fp,
        }
    }
}

impl AddAssign for Counts {
    fn add_assign(&mut self, o: Counts) {
        *self = *self + o;
    }
}

impl Sum for Counts {
    fn sum<I: Iterator<Item = Counts>>(iter: I) -> Counts {
        iter.fold(Counts::default(), Add::add)
    }
}

impl<'a> Sum<&'a Counts> for Counts {
    fn sum<I: Iterator<Item = &'a Counts>>(iter: I) -> Counts {
        iter.copied().sum()
    }
}

/// Compare detected beat samples against reference annotations, EC57 beat by beat.
///
/// `reference` is an annotation list in time order (as read from an `.atr` file: non-beat
/// annotations are allowed and used for the flutter episodes). `detected` are sample indices
/// of detected beats in any order. See the [module documentation](self) for the rules.
pub fn compare(
    reference: &[Annotation],
    detected: &[u64],
    fs: SampleRate,
    opts: &EvalOptions,
) -> Counts {
    let mut test: Vec<i64> = detected.iter().map(|&s| to_time(s)).collect();
    test.sort_unstable();
    counts(reference, &test, fs, opts)
}

/// One step of the beat-by-beat comparison, as `bxb` counts it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MatchEvent {
    /// The reference annotation at this index (into the reference list) and the detection at
    /// this index (into the detections, in time order) are paired.
    Matched(usize, usize),
    /// The reference beat at this index found no detection.
    Missed(usize),
    /// The detection at this index matched no reference beat (and lies outside a reference
    /// flutter episode).
    Extra(usize),
}

/// The beat-by-beat comparison step by step: every pairing, missed reference beat and extra
/// detection, in the order `bxb` decides them. `detected` must be in time order.
pub fn match_events(
    reference: &[Annotation],
    detected: &[u64],
    fs: SampleRate,
    opts: &EvalOptions,
) -> Vec<MatchEvent> {
    let test: Vec<i64> = detected.iter().map(|&s| to_time(s)).collect();
    let mut out = Vec::new();
    run(reference, &test, fs, opts, &mut |e| out.push(e));
    out
}

fn counts(reference: &[Annotation], test: &[i64], fs: SampleRate, opts: &EvalOptions) -> Counts {
    let mut c = Counts::default();
    run(reference, test, fs, opts, &mut |e| match e {
        MatchEvent::Matched(..) => c.tp += 1,
        MatchEvent::Missed(_) => c.fn_ += 1,
        MatchEvent::Extra(_) => c.fp += 1,
    });
    c
}

/// Like [`compare`], with the detections given as annotations (as read from a detector's
/// annotation file): their beat annotations are the detections, and those inside the
/// detector's own `[` ... `]` episodes are skipped, as `bxb` does.
pub fn compare_annotations(
    reference: &[Annotation],
    detected: &[Annotation],
    fs: SampleRate,
    opts: &EvalOptions,
) -> Counts {
    let mut test = Vec::with_capacity(detected.len());
    let mut in_vf = false;
    for a in detected {
        if in_vf {
            in_vf = a.code != Code::VFOFF;
        } else if a.code == Code::VFON {
            in_vf = true;
        } else if a.code.is_beat() {
            test.push(to_time(a.sample));
        }
    }
    counts(reference, &test, fs, opts)
}

/// Stands for "no more beats": later than any beat.
const END: i64 = i64::MAX;

fn to_time(sample: u64) -> i64 {
    i64::try_from(sample).unwrap_or(END - 1).min(END - 1)
}

/// What the current or next beat of a stream is.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Slot {
    /// Before the first beat was read: pairs with nothing.
    Before,
    /// A beat.
    Beat,
    /// After the last beat.
    Done,
}

/// The reference beats in reading order, remembering the flutter episodes read so far (the
/// latest one and the one before), which decide whether an unmatched detection counts.
struct RefStream<'a> {
    anns: &'a [Annotation],
    pos: usize,
    vf: (i64, i64),
    prev_vf: (i64, i64),
}

impl RefStream<'_> {
    /// The next beat's time and kind, with its index in the list (or the list's length).
    fn next_beat(&mut self) -> (i64, Slot, usize) {
        while let Some(a) = self.anns.get(self.pos) {
            self.pos += 1;
            if a.code.is_beat() {
                return (to_time(a.sample), Slot::Beat, self.pos - 1);
            }
            if a.code == Code::VFON {
                self.prev_vf = self.vf;
                // The end stays as it was until a `]` is read.
                self.vf.0 = to_time(a.sample);
                loop {
                    let Some(b) = self.anns.get(self.pos) else {
                        return (END, Slot::Done, self.anns.len());
                    };
                    self.pos += 1;
                    if b.code == Code::VFOFF {
                        self.vf.1 = to_time(b.sample);
                        break;
                    }
                }
            }
        }
        (END, Slot::Done, self.anns.len())
    }

    /// Whether an unmatched detection at `t` falls in a known flutter episode (not counted).
    fn in_flutter(&self, t: i64) -> bool {
        let (on, off) = self.vf;
        let (pon, poff) = self.prev_vf;
        (on != -1 && on <= t && (t <= off || off == -1)) || (pon != -1 && pon <= t && t <= poff)
    }
}

/// A stream's current and next beat, with their indices.
struct Cursor {
    cur: i64,
    cur_kind: Slot,
    cur_idx: usize,
    next: i64,
    next_kind: Slot,
    next_idx: usize,
}

impl Cursor {
    fn new() -> Self {
        Cursor {
            cur: 0,
            cur_kind: Slot::Before,
            cur_idx: 0,
            next: 0,
            next_kind: Slot::Before,
            next_idx: 0,
        }
    }

    fn advance(&mut self, (t, kind, idx): (i64, Slot, usize)) {
        self.cur = self.next;
        self.cur_kind = self.next_kind;
        self.cur_idx = self.next_idx;
        self.next = t;
        self.next_kind = kind;
        self.next_idx = idx;
    }
}

fn run(
    reference: &[Annotation],
    test: &[i64],
    fs: SampleRate,
    opts: &EvalOptions,
    emit: &mut dyn FnMut(MatchEvent),
) {
    let w = (opts.window_s * fs.hz()).round();
    let w = if w.is_finite() && w > 0.0 {
        w.min(1e15) as i64
    } else {
        0
    };
    let start = match opts.start {
        ScoreStart::FromZero => 0,
        ScoreStart::AfterLearning { seconds } => {
            let s = (seconds * fs.hz()).round();
            if s.is_finite() && s > 0.0 {
                s.min(1e15) as i64
            } else {
                0
            }
        }
    };
    let end = opts.end.map(to_time);

    let mut refs = RefStream {
        anns: reference,
        pos: 0,
        vf: (-1, -1),
        prev_vf: (-1, -1),
    };
    let mut tests = test.iter().enumerate();
    let mut next_test = || match tests.next() {
        Some((i, &t)) => (t, Slot::Beat, i),
        None => (END, Slot::Done, test.len()),
    };
    let mut r = Cursor::new();
    let mut d = Cursor::new();

    // Counting a pair: both must be real beats. An unmatched detection counts unless it lies in
    // a reference flutter episode; an unmatched reference beat always counts.
    let matched = |emit: &mut dyn FnMut(MatchEvent), r: &Cursor, d: &Cursor| {
        if r.cur_kind == Slot::Beat && d.cur_kind == Slot::Beat {
            emit(MatchEvent::Matched(r.cur_idx, d.cur_idx));
        }
    };

    // Skip to the first reference beat at or after the start, and to the last detection before
    // it (the next detection being the first at or after the start).
    loop {
        r.advance(refs.next_beat());
        if r.cur >= start {
            break;
        }
    }
    loop {
        d.advance(next_test());
        if d.next >= start {
            break;
        }
    }
    if r.cur - d.cur < (r.cur - d.next).abs() && r.cur - d.cur <= w {
        matched(emit, &r, &d);
        r.advance(refs.next_beat());
        d.advance(next_test());
    } else {
        d.advance(next_test());
        if d.cur - start <= w && (r.cur - d.next).abs() < (r.cur - d.cur).abs() {
            d.advance(next_test());
        }
    }

    loop {
        let go_on = match end {
            Some(e) => r.cur <= e || d.cur <= e,
            None => r.cur != END,
        };
        if !go_on {
            break;
        }
        if d.cur < r.cur {
            let gap = r.cur - d.cur;
            if gap <= w
                && (gap < (r.cur - d.next).abs()
                    || (r.next - d.next).abs() < (r.cur - d.next).abs())
            {
                matched(emit, &r, &d);
                r.advance(refs.next_beat());
                d.advance(next_test());
            } else {
                if d.cur_kind == Slot::Beat && !refs.in_flutter(d.cur) {
                    emit(MatchEvent::Extra(d.cur_idx));
                }
                d.advance(next_test());
            }
        } else {
            let gap = d.cur - r.cur;
            if gap <= w
                && (gap < (d.cur - r.next).abs()
                    || (d.next - r.next).abs() < (d.cur - r.next).abs())
            {
                matched(emit, &r, &d);
                d.advance(next_test());
                r.advance(refs.next_beat());
            } else {
                if r.cur_kind == Slot::Beat {
                    emit(MatchEvent::Missed(r.cur_idx));
                }
                r.advance(refs.next_beat());
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fs() -> SampleRate {
        SampleRate::new(360.0).unwrap()
    }

    fn beats(s: &[u64]) -> Vec<Annotation> {
        s.iter()
            .map(|&s| Annotation::new(s, Code::NORMAL))
            .collect()
    }

    #[test]
    fn close_pairs_use_the_2002_rule() {
        // The documented example: window 37, ref 96/160, test 128/185 -> both matched.
        let opts = EvalOptions {
            window_s: 37.0 / 360.0,
            ..EvalOptions::from_zero()
        };
        let c = compare(&beats(&[96, 160]), &[128, 185], fs(), &opts);
        assert_eq!(
            c,
            Counts {
                tp: 2,
                fn_: 0,
                fp: 0
            }
        );
    }

    #[test]
    fn flutter_episodes_are_not_scored() {
        let mut r = beats(&[100, 500]);
        r.push(Annotation::new(600, Code::VFON));
        r.push(Annotation::new(700, Code::NORMAL));
        r.push(Annotation::new(900, Code::VFOFF));
        r.extend(beats(&[1200]));
        let c = compare(
            &r,
            &[100, 500, 650, 700, 800, 1200],
            fs(),
            &EvalOptions::from_zero(),
        );
        assert_eq!(
            c,
            Counts {
                tp: 3,
                fn_: 0,
                fp: 0
            }
        );
    }

    #[test]
    fn learning_period_boundary() {
        let opts = EvalOptions::ec57().end(200_000); // starts at 108000 samples at 360 Hz
        // A reference beat before the start is ignored; the last detection before the start
        // may pair with the first reference beat after it.
        let c = compare(
            &beats(&[107_000, 108_010]),
            &[107_995, 108_300],
            fs(),
            &opts,
        );
        assert_eq!(
            c,
            Counts {
                tp: 1,
                fn_: 0,
                fp: 1
            }
        );
        // A first detection just after the start that the first reference beat does not want
        // is dropped, not counted as a false positive.
        let c = compare(&beats(&[108_100]), &[108_010, 108_100], fs(), &opts);
        assert_eq!(
            c,
            Counts {
                tp: 1,
                fn_: 0,
                fp: 0
            }
        );
        // Later, the same situation is a false positive.
        let c = compare(
            &beats(&[108_100, 109_100]),
            &[108_100, 109_010, 109_100],
            fs(),
            &opts,
        );
        assert_eq!(
            c,
            Counts {
                tp: 2,
                fn_: 0,
                fp: 1
            }
        );
    }

    #[test]
    fn end_bounds_extra_detections() {
        let r = beats(&[100, 500]);
        let open = compare(&r, &[100, 500, 2000], fs(), &EvalOptions::from_zero());
        assert_eq!(
            open.fp, 0,
            "no end: detections after the last beat are not scored"
        );
        let bounded = compare(
            &r,
            &[100, 500, 2000],
            fs(),
            &EvalOptions::from_zero().end(3000),
        );
        assert_eq!(bounded.fp, 1);
    }

    #[test]
    fn scores() {
        let c = Counts {
            tp: 90,
            fn_: 10,
            fp: 0,
        };
        assert_eq!(c.sensitivity(), Some(0.9));
        assert_eq!(c.positive_predictivity(), Some(1.0));
        assert_eq!(Counts::default().score().se, None);
        let json = serde_json::to_string(&c.score()).unwrap();
        assert!(json.contains("\"fn\":10"), "{json}");
    }
}
