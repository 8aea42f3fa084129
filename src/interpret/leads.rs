//! The leads as the rules see them: the 18 standard leads by position, each readable and
//! measured or not; contiguity (Cabrera order aVL, I, −aVR, II, aVF, III in the frontal plane;
//! V1…V6, V7…V9 and V3R…V5R across the chest) and the territories the leads face.

use crate::lead::Lead;
use crate::measure::{GlobalMeasurements, LeadMeasurements, Measurements};
use crate::report::Territory;

/// One of the 18 standard leads, by its position in [`Lead::STANDARD_18`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[allow(missing_docs, clippy::upper_case_acronyms, clippy::enum_variant_names)]
pub(crate) enum L {
    I,
    II,
    III,
    AVR,
    AVL,
    AVF,
    V1,
    V2,
    V3,
    V4,
    V5,
    V6,
    V3R,
    V4R,
    V5R,
    V7,
    V8,
    V9,
}

impl L {
    pub(crate) const ALL: [L; 18] = [
        L::I,
        L::II,
        L::III,
        L::AVR,
        L::AVL,
        L::AVF,
        L::V1,
        L::V2,
        L::V3,
        L::V4,
        L::V5,
        L::V6,
        L::V3R,
        L::V4R,
        L::V5R,
        L::V7,
        L::V8,
        L::V9,
    ];
    pub(crate) const LIMB: [L; 6] = [L::I, L::II, L::III, L::AVR, L::AVL, L::AVF];
    pub(crate) const PRECORDIAL: [L; 6] = [L::V1, L::V2, L::V3, L::V4, L::V5, L::V6];
    pub(crate) const STANDARD_12: [L; 12] = [
        L::I,
        L::II,
        L::III,
        L::AVR,
        L::AVL,
        L::AVF,
        L::V1,
        L::V2,
        L::V3,
        L::V4,
        L::V5,
        L::V6,
    ];
    pub(crate) const POSTERIOR: [L; 3] = [L::V7, L::V8, L::V9];
    pub(crate) const RIGHT: [L; 3] = [L::V3R, L::V4R, L::V5R];

    pub(crate) fn idx(self) -> usize {
        self as usize
    }

    pub(crate) fn name(self) -> &'static str {
        const NAMES: [&str; 18] = [
            "I", "II", "III", "aVR", "aVL", "aVF", "V1", "V2", "V3", "V4", "V5", "V6", "V3R",
            "V4R", "V5R", "V7", "V8", "V9",
        ];
        NAMES[self.idx()]
    }

    fn from_lead(lead: &Lead) -> Option<L> {
        Lead::STANDARD_18
            .iter()
            .position(|l| l == lead)
            .map(|k| L::ALL[k])
    }
}

/// A place in a contiguity chain: a lead, or −aVR (aVR inverted) in the Cabrera sequence.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Site {
    pub lead: L,
    pub inverted: bool,
}

impl Site {
    const fn of(lead: L) -> Site {
        Site {
            lead,
            inverted: false,
        }
    }
    pub(crate) fn name(self) -> String {
        if self.inverted {
            format!("−{}", self.lead.name())
        } else {
            self.lead.name().to_string()
        }
    }
}

/// The contiguity chains: neighbours in a chain are contiguous leads.
pub(crate) const CHAINS: [&[Site]; 4] = [
    &[
        Site::of(L::AVL),
        Site::of(L::I),
        Site {
            lead: L::AVR,
            inverted: true,
        },
        Site::of(L::II),
        Site::of(L::AVF),
        Site::of(L::III),
    ],
    &[
        Site::of(L::V1),
        Site::of(L::V2),
        Site::of(L::V3),
        Site::of(L::V4),
        Site::of(L::V5),
        Site::of(L::V6),
    ],
    &[Site::of(L::V7), Site::of(L::V8), Site::of(L::V9)],
    &[Site::of(L::V3R), Site::of(L::V4R), Site::of(L::V5R)],
];

/// The sites meeting `meets` that have a contiguous neighbour also meeting it, chain by chain,
/// in chain order. `meets` returns `None` where the site cannot be judged.
pub(crate) fn contiguous(mut meets: impl FnMut(Site) -> bool) -> Vec<Site> {
    let mut out = Vec::new();
    for chain in CHAINS {
        let ok: Vec<bool> = chain.iter().map(|&s| meets(s)).collect();
        for (k, &s) in chain.iter().enumerate() {
            let left = k > 0 && ok[k - 1];
            let right = ok.get(k + 1).copied().unwrap_or(false);
            if ok[k] && (left || right) {
                out.push(s);
            }
        }
    }
    out
}

/// The territories the `sites` face (each site already meets its criterion in two contiguous
/// leads), each with its leads, in report order.
pub(crate) fn territories(sites: &[Site]) -> Vec<(Territory, Vec<L>)> {
    let has = |l: L| sites.iter().any(|s| s.lead == l && !s.inverted);
    let pick = |ls: &[L]| -> Vec<L> { ls.iter().copied().filter(|&l| has(l)).collect() };
    let mut out: Vec<(Territory, Vec<L>)> = Vec::new();
    // Precordial runs of consecutive leads.
    let mut lateral_precordial: Vec<L> = Vec::new();
    let mut k = 0;
    let v = L::PRECORDIAL;
    while k < v.len() {
        if !has(v[k]) {
            k += 1;
            continue;
        }
        let a = k;
        while k < v.len() && has(v[k]) {
            k += 1;
        }
        let b = k - 1; // 0-based: V1 = 0
        let run: Vec<L> = v[a..=b].to_vec();
        let t = match (a + 1, b + 1) {
            (a, b) if a <= 2 && b >= 5 => Territory::ExtensiveAnterior,
            (a, _) if a <= 2 => Territory::Anteroseptal,
            (a, _) if a >= 5 => {
                lateral_precordial = run;
                continue;
            }
            (_, 6) => Territory::Anterolateral,
            _ => Territory::Anterior,
        };
        out.push((t, run));
    }
    let high = pick(&[L::AVL, L::I]);
    if !lateral_precordial.is_empty() {
        let mut leads = high.clone();
        leads.extend(lateral_precordial);
        out.push((Territory::Lateral, leads));
    } else if !high.is_empty() {
        out.push((Territory::HighLateral, high));
    }
    for (t, group) in [
        (Territory::Inferior, &[L::II, L::III, L::AVF][..]),
        (Territory::Posterior, &L::POSTERIOR[..]),
        (Territory::RightVentricular, &L::RIGHT[..]),
    ] {
        let leads = pick(group);
        if !leads.is_empty() {
            out.push((t, leads));
        }
    }
    out.sort_by_key(|(t, _)| *t);
    out
}

/// The leads where ST depression is reciprocal to elevation in `t`.
pub(crate) fn reciprocal(t: Territory) -> &'static [L] {
    match t {
        Territory::Inferior | Territory::RightVentricular => &[L::I, L::AVL],
        Territory::Posterior => &[L::V1, L::V2, L::V3],
        _ => &[L::II, L::III, L::AVF],
    }
}

/// The measurements of the 18 standard leads, by position, sanitised: a value that is not
/// finite or beyond any physiological size (|v| > 10⁴ mV, ms, degrees) is taken as unmeasured.
pub(crate) struct LeadTable {
    m: [Option<LeadMeasurements>; 18],
    recorded: [bool; 18],
}

/// `None` for values no ECG can have (not finite, or beyond ±10⁴ in any of its units).
pub(crate) fn sane(v: Option<f64>) -> Option<f64> {
    v.filter(|x| x.is_finite() && x.abs() <= 1e4)
}

fn sanitise(m: &LeadMeasurements) -> LeadMeasurements {
    let mut c = m.clone();
    for v in [
        &mut c.p_pos_mv,
        &mut c.p_neg_mv,
        &mut c.p_ms,
        &mut c.p_neg_ms,
        &mut c.q_mv,
        &mut c.q_ms,
        &mut c.r_mv,
        &mut c.r_ms,
        &mut c.s_mv,
        &mut c.s_ms,
        &mut c.r_prime_mv,
        &mut c.r_prime_ms,
        &mut c.s_prime_mv,
        &mut c.s_prime_ms,
        &mut c.qrs_ms,
        &mut c.r_peak_time_ms,
        &mut c.j_peak_mv,
        &mut c.qrs_net_mv,
        &mut c.qrs_area_mv_ms,
        &mut c.j_mv,
        &mut c.st60_mv,
        &mut c.st80_mv,
        &mut c.st_slope_mv_per_s,
        &mut c.t_pos_mv,
        &mut c.t_neg_mv,
    ] {
        *v = sane(*v);
    }
    c
}

/// The global measurements, sanitised as the leads are.
pub(crate) fn sanitise_global(g: &GlobalMeasurements) -> GlobalMeasurements {
    let mut c = g.clone();
    for v in [
        &mut c.heart_rate_bpm,
        &mut c.rr_ms,
        &mut c.p_ms,
        &mut c.pr_ms,
        &mut c.qrs_ms,
        &mut c.qt_ms,
        &mut c.qtc_ms,
        &mut c.p_axis_deg,
        &mut c.qrs_axis_deg,
        &mut c.t_axis_deg,
    ] {
        *v = sane(*v);
    }
    c
}

impl LeadTable {
    /// `record_leads`: the leads of the record; `excluded`: the names of the leads left out for
    /// poor signal; `m`: the measurements, if any.
    pub(crate) fn new(
        record_leads: &[Lead],
        excluded: &[String],
        m: Option<&Measurements>,
    ) -> LeadTable {
        let mut t = LeadTable {
            m: std::array::from_fn(|_| None),
            recorded: [false; 18],
        };
        for lead in record_leads {
            if let Some(l) = L::from_lead(lead) {
                t.recorded[l.idx()] = true;
            }
        }
        let excluded: Vec<Lead> = excluded.iter().map(|n| Lead::parse(n)).collect();
        if let Some(m) = m {
            for lm in &m.leads {
                let lead = Lead::parse(&lm.lead);
                let Some(l) = L::from_lead(&lead) else {
                    continue;
                };
                // Measured leads exist, whatever the lead list says.
                t.recorded[l.idx()] = true;
                if excluded.contains(&lead) || t.m[l.idx()].is_some() {
                    continue;
                }
                t.m[l.idx()] = Some(sanitise(lm));
            }
        }
        t
    }

    /// The lead's measurements, when it is readable and measured.
    pub(crate) fn get(&self, l: L) -> Option<&LeadMeasurements> {
        self.m[l.idx()].as_ref()
    }

    /// True when the lead is in the record.
    pub(crate) fn recorded(&self, l: L) -> bool {
        self.recorded[l.idx()]
    }

    /// One per-lead value, `None` when the lead is unreadable or the value unmeasured.
    pub(crate) fn val(&self, l: L, f: impl Fn(&LeadMeasurements) -> Option<f64>) -> Option<f64> {
        self.get(l).and_then(f)
    }

    /// The ST level at J of a site (−aVR: aVR's level inverted).
    pub(crate) fn st_j(&self, s: Site) -> Option<f64> {
        let v = self.val(s.lead, |m| m.j_mv)?;
        Some(if s.inverted { -v } else { v })
    }

    /// True when at least one of the 18 leads is readable.
    pub(crate) fn any(&self) -> bool {
        self.m.iter().any(Option::is_some)
    }
}

/// Helpers on one lead's measurements.
pub(crate) trait LeadExt {
    /// R amplitude (the larger of R and R′), mV, 0 when absent.
    fn r_max(&self) -> f64;
    /// S depth (the deeper of S and S′; of a QS complex, its depth) as a positive number, mV,
    /// 0 when absent.
    fn s_depth(&self) -> f64;
    /// QRS peak-to-peak amplitude, mV.
    fn peak_to_peak(&self) -> Option<f64>;
    /// True when the QRS is a QS complex.
    fn is_qs(&self) -> bool;
    /// The predominant QRS direction: net amplitude, or R − S depth.
    fn net(&self) -> Option<f64>;
}

impl LeadExt for LeadMeasurements {
    fn r_max(&self) -> f64 {
        self.r_mv
            .unwrap_or(0.0)
            .max(self.r_prime_mv.unwrap_or(0.0))
            .max(0.0)
    }
    fn s_depth(&self) -> f64 {
        let qs = if self.is_qs() {
            -self.q_mv.unwrap_or(0.0)
        } else {
            0.0
        };
        (-self.s_mv.unwrap_or(0.0))
            .max(-self.s_prime_mv.unwrap_or(0.0))
            .max(qs)
            .max(0.0)
    }
    fn peak_to_peak(&self) -> Option<f64> {
        let pos = [self.r_mv, self.r_prime_mv];
        let neg = [self.q_mv, self.s_mv, self.s_prime_mv];
        if pos.iter().chain(&neg).all(Option::is_none) {
            return None;
        }
        let hi = pos.iter().flatten().fold(0.0f64, |a, &b| a.max(b));
        let lo = neg.iter().flatten().fold(0.0f64, |a, &b| a.min(b));
        Some(hi - lo)
    }
    fn is_qs(&self) -> bool {
        if let Some(m) = &self.qrs_morphology {
            return m.eq_ignore_ascii_case("qs");
        }
        self.r_mv.is_none_or(|r| r <= 0.0)
            && self.r_prime_mv.is_none_or(|r| r <= 0.0)
            && self.q_mv.is_some_and(|q| q < 0.0)
    }
    fn net(&self) -> Option<f64> {
        if let Some(n) = self.qrs_net_mv.filter(|v| v.is_finite()) {
            return Some(n);
        }
        self.peak_to_peak()?;
        let neg = [self.q_mv, self.s_mv, self.s_prime_mv]
            .iter()
            .flatten()
            .fold(0.0f64, |a, &b| a.min(b));
        Some(self.r_max() + neg)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn contiguity_follows_cabrera_and_chest_chains() {
        // II and III are not neighbours; II and aVF are.
        let s = contiguous(|s| matches!(s.lead, L::II | L::III) && !s.inverted);
        assert!(s.is_empty());
        let s = contiguous(|s| matches!(s.lead, L::II | L::AVF) && !s.inverted);
        assert_eq!(s.len(), 2);
        // −aVR sits between I and II.
        let s = contiguous(|s| s.inverted || s.lead == L::I);
        assert_eq!(s.len(), 2);
        // V6 and V7 belong to different chains.
        let s = contiguous(|s| matches!(s.lead, L::V6 | L::V7));
        assert!(s.is_empty());
    }

    #[test]
    fn territories_by_leads() {
        let sites = |ls: &[L]| ls.iter().map(|&l| Site::of(l)).collect::<Vec<_>>();
        let t = territories(&sites(&[L::II, L::III, L::AVF]));
        assert_eq!(t, vec![(Territory::Inferior, vec![L::II, L::III, L::AVF])]);
        let t = territories(&sites(&[L::V1, L::V2, L::V3]));
        assert_eq!(t[0].0, Territory::Anteroseptal);
        let t = territories(&sites(&[L::V2, L::V3, L::V4, L::V5]));
        assert_eq!(t[0].0, Territory::ExtensiveAnterior);
        let t = territories(&sites(&[L::V3, L::V4]));
        assert_eq!(t[0].0, Territory::Anterior);
        let t = territories(&sites(&[L::V4, L::V5, L::V6]));
        assert_eq!(t[0].0, Territory::Anterolateral);
        let t = territories(&sites(&[L::I, L::AVL, L::V5, L::V6]));
        assert_eq!(
            t,
            vec![(Territory::Lateral, vec![L::AVL, L::I, L::V5, L::V6])]
        );
        let t = territories(&sites(&[L::I, L::AVL]));
        assert_eq!(t[0].0, Territory::HighLateral);
        let t = territories(&sites(&[L::V7, L::V8, L::V4R, L::V3R, L::II, L::AVF]));
        let names: Vec<Territory> = t.iter().map(|x| x.0).collect();
        assert_eq!(
            names,
            vec![
                Territory::Inferior,
                Territory::Posterior,
                Territory::RightVentricular
            ]
        );
    }
}
