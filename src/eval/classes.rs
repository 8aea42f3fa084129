//! Beat-class scoring: how the premature beats sinus reports (ventricular, supraventricular)
//! agree with reference beat labels, in the ANSI/AAMI EC57 classes.
//!
//! Reference and detected beats are paired one to one, in time order, when they lie within the
//! match window (150 ms in EC57); each pair adds to a confusion matrix of reference class
//! (N, S, V, F, Q) against reported class, and unpaired beats count as missed (reference) or
//! extra (detected). The figures follow EC57's gross statistics:
//!
//! - VEB sensitivity = Vv / (all reference V, paired or missed);
//! - VEB positive predictivity = Vv / (detections reported V that pair with an N, S or V
//!   reference beat, plus extra detections reported V). Reference F and Q beats reported V
//!   count neither for nor against, as in EC57.
//! - SVEB likewise with S.
//!
//! ```
//! use sinus::annotation::AamiClass as A;
//! use sinus::eval::classes::{ClassConfusion, pair};
//! let pairs = pair(&[100, 400, 700], &[102, 520, 690], 54);
//! assert_eq!(pairs, vec![Some(0), None, Some(2)]);
//! let mut c = ClassConfusion::default();
//! c.add(Some(A::V), Some(A::V));
//! c.add(Some(A::V), Some(A::N));
//! c.add(Some(A::N), Some(A::V));
//! assert_eq!(c.sensitivity(A::V), Some(0.5));
//! assert_eq!(c.positive_predictivity(A::V), Some(0.5));
//! ```

use crate::annotation::{AamiClass, Annotation, Code};
use crate::beats::BeatClass;
use crate::eval::beats::{EvalOptions, MatchEvent, match_events};
use crate::record::SampleRate;
use serde::{Deserialize, Serialize};

/// How reference beat codes map to the EC57 classes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum ClassMapping {
    /// As WFDB's `bxb` maps them when it reports SVEB statistics (`-L`, `-C`, `-S`): nodal,
    /// atrial and supraventricular *escape* beats (`j`, `e`, `n`) count as S, with the
    /// premature ones (`A`, `a`, `J`, `S`); paced beats (`/`, `f`) as Q.
    Bxb,
    /// As the AAMI recommended practice and most of the literature (de Chazal et al. 2004):
    /// escape beats `e` and `j` count as N ([`Code::aami_class`]).
    AamiRp,
}

/// The class of a reference (or test) beat code under `mapping`; None for a non-beat code.
pub fn map_class(code: Code, mapping: ClassMapping) -> Option<AamiClass> {
    match mapping {
        ClassMapping::AamiRp => code.aami_class(),
        ClassMapping::Bxb => match code {
            Code::NORMAL | Code::LBBB | Code::RBBB | Code::BBB => Some(AamiClass::N),
            Code::NPC
            | Code::APC
            | Code::SVPB
            | Code::ABERR
            | Code::NESC
            | Code::AESC
            | Code::SVESC => Some(AamiClass::S),
            Code::PVC | Code::RONT | Code::VESC => Some(AamiClass::V),
            Code::FUSION => Some(AamiClass::F),
            Code::UNKNOWN | Code::PACE | Code::PFUS | Code::LEARN => Some(AamiClass::Q),
            _ => None,
        },
    }
}

/// Compares classified detections (sample, class; in time order) against reference
/// annotations beat by beat as `bxb` does ([`match_events`]), counting each pair, missed
/// beat and extra detection in a [`ClassConfusion`].
pub fn compare_classes(
    reference: &[Annotation],
    detected: &[(u64, AamiClass)],
    fs: SampleRate,
    opts: &EvalOptions,
    mapping: ClassMapping,
) -> ClassConfusion {
    let samples: Vec<u64> = detected.iter().map(|d| d.0).collect();
    let mut c = ClassConfusion::default();
    let ref_class = |i: usize| reference.get(i).and_then(|a| map_class(a.code, mapping));
    for e in match_events(reference, &samples, fs, opts) {
        match e {
            MatchEvent::Matched(r, t) => c.add(ref_class(r), detected.get(t).map(|d| d.1)),
            MatchEvent::Missed(r) => c.add(ref_class(r), None),
            MatchEvent::Extra(t) => c.add(None, detected.get(t).map(|d| d.1)),
        }
    }
    c
}

/// The EC57 class a reported beat stands for: ventricular premature → V, supraventricular
/// premature → S, dominant → N, unclassified and paced → Q (as `bxb` counts paced beats).
pub fn reported_class(class: BeatClass) -> AamiClass {
    match class {
        BeatClass::VentricularPremature => AamiClass::V,
        BeatClass::SupraventricularPremature => AamiClass::S,
        BeatClass::Dominant => AamiClass::N,
        BeatClass::Unclassified | BeatClass::Paced => AamiClass::Q,
    }
}

/// Pairs each reference beat (sample indices, in time order) with at most one detection
/// (in time order) within `window` samples, greedily in time order, each detection used
/// once: for every reference beat, the index of its detection or None.
pub fn pair(reference: &[u64], detected: &[u64], window: u64) -> Vec<Option<usize>> {
    let mut out = Vec::with_capacity(reference.len());
    let mut j = 0usize;
    for (i, &r) in reference.iter().enumerate() {
        // Detections too early for this beat can serve no later one either.
        while j < detected.len() && detected[j] + window < r {
            j += 1;
        }
        let here = detected.get(j).filter(|&&d| d <= r + window);
        let Some(&d) = here else {
            out.push(None);
            continue;
        };
        // The next reference beat may want this detection more (it is nearer to it).
        let next_nearer = reference
            .get(i + 1)
            .is_some_and(|&n| n.abs_diff(d) < r.abs_diff(d) && n.abs_diff(d) <= window);
        // Or a later detection may be nearer to this beat.
        let later_nearer = detected
            .get(j + 1)
            .is_some_and(|&d2| d2.abs_diff(r) < d.abs_diff(r));
        if later_nearer {
            j += 1;
            out.push(Some(j));
            j += 1;
        } else if next_nearer {
            out.push(None);
        } else {
            out.push(Some(j));
            j += 1;
        }
    }
    out
}

/// Counts of reference class (or None: an extra detection) against reported class (or None:
/// a missed beat).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ClassConfusion {
    /// `counts[r][t]`, rows N, S, V, F, Q, extra; columns N, S, V, F, Q, missed.
    pub counts: [[u64; 6]; 6],
}

fn index(c: Option<AamiClass>) -> usize {
    match c {
        Some(AamiClass::N) => 0,
        Some(AamiClass::S) => 1,
        Some(AamiClass::V) => 2,
        Some(AamiClass::F) => 3,
        Some(AamiClass::Q) => 4,
        None => 5,
    }
}

impl ClassConfusion {
    /// Adds one beat: its reference class (None for an extra detection) and reported class
    /// (None for a missed beat).
    pub fn add(&mut self, reference: Option<AamiClass>, reported: Option<AamiClass>) {
        self.counts[index(reference)][index(reported)] += 1;
    }

    /// Adds another matrix.
    pub fn merge(&mut self, other: &ClassConfusion) {
        for (a, b) in self.counts.iter_mut().zip(&other.counts) {
            for (x, y) in a.iter_mut().zip(b) {
                *x += y;
            }
        }
    }

    /// Reference beats of `class`, paired or missed.
    pub fn support(&self, class: AamiClass) -> u64 {
        self.counts[index(Some(class))].iter().sum()
    }

    /// Sensitivity for `class` (V or S in EC57): reported `class` over all reference `class`.
    pub fn sensitivity(&self, class: AamiClass) -> Option<f64> {
        let k = index(Some(class));
        let all = self.support(class);
        (all > 0).then(|| self.counts[k][k] as f64 / all as f64)
    }

    /// Positive predictivity for `class`: reported `class` that is right, over reported `class`
    /// on N, S and V reference beats and on extra detections (F and Q references excluded).
    pub fn positive_predictivity(&self, class: AamiClass) -> Option<f64> {
        let k = index(Some(class));
        let called: u64 = [0usize, 1, 2, 5].iter().map(|&r| self.counts[r][k]).sum();
        (called > 0).then(|| self.counts[k][k] as f64 / called as f64)
    }

    /// The 19 counts of a `bxb -L` report line, in its column order: Nn' Sn' Vn' Fn' On'
    /// Ns Ss Vs Fs' Os' Nv Sv Vv Fv' Ov' No' So' Vo' Fo' (a primed column sums the F and Q
    /// columns or rows, as `bxb` prints them).
    pub fn bxb_line(&self) -> [u64; 19] {
        let c = |r: usize, t: usize| self.counts[r][t];
        // Rows N S V F Q extra(=O); columns n s v f q missed(=o).
        let (n, s, v, f, q, o) = (0, 1, 2, 3, 4, 5);
        let nfq = |r: usize| c(r, n) + c(r, f) + c(r, q);
        [
            nfq(n),
            nfq(s),
            nfq(v),
            nfq(f) + nfq(q),
            nfq(o),
            c(n, s),
            c(s, s),
            c(v, s),
            c(f, s) + c(q, s),
            c(o, s),
            c(n, v),
            c(s, v),
            c(v, v),
            c(f, v) + c(q, v),
            c(o, v),
            c(n, o),
            c(s, o),
            c(v, o),
            c(f, o) + c(q, o),
        ]
    }

    /// The matrix as a text table.
    pub fn to_table(&self) -> String {
        let names = ["N", "S", "V", "F", "Q", "-"];
        let mut s = String::from("ref\\rep |");
        for n in names {
            s.push_str(&format!("{n:>8}"));
        }
        s.push('\n');
        for (r, row) in self.counts.iter().enumerate() {
            s.push_str(&format!("{:>7} |", names[r]));
            for v in row {
                s.push_str(&format!("{v:>8}"));
            }
            s.push('\n');
        }
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use AamiClass as A;

    #[test]
    fn pairing_is_one_to_one_and_nearest() {
        // A detection between two close reference beats goes to the nearer one.
        assert_eq!(pair(&[100, 150], &[140], 54), vec![None, Some(0)]);
        // Two detections near one beat: the nearer pairs, the other is extra.
        assert_eq!(pair(&[100], &[60, 98], 54), vec![Some(1)]);
        // Outside the window: missed.
        assert_eq!(pair(&[100, 1000], &[200, 1001], 54), vec![None, Some(1)]);
        assert_eq!(pair(&[], &[1, 2], 54), Vec::<Option<usize>>::new());
        assert_eq!(pair(&[5], &[], 54), vec![None]);
    }

    #[test]
    fn ec57_style_figures() {
        let mut c = ClassConfusion::default();
        for _ in 0..8 {
            c.add(Some(A::V), Some(A::V));
        }
        c.add(Some(A::V), Some(A::N));
        c.add(Some(A::V), None); // missed
        c.add(Some(A::F), Some(A::V)); // not counted against +P
        c.add(None, Some(A::V)); // extra detection called V
        c.add(Some(A::N), Some(A::V));
        assert_eq!(c.support(A::V), 10);
        assert_eq!(c.sensitivity(A::V), Some(0.8));
        assert_eq!(c.positive_predictivity(A::V), Some(0.8));
        assert_eq!(c.sensitivity(A::S), None);
        let mut d = c.clone();
        d.merge(&c);
        assert_eq!(d.support(A::V), 20);
        assert!(c.to_table().contains("ref\\rep"));
        assert_eq!(reported_class(BeatClass::VentricularPremature), A::V);
    }
}
