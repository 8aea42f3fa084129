//! Bad input never panics, and the conclusion stays honest: any lead set in any order (missing
//! leads, limb leads only, 18 leads shuffled, duplicates, unknown names), any measurement
//! missing or absurd (NaN, infinite, huge), unknown or absurd age and sex, measurements `None`.

use proptest::prelude::*;
use sinus::Lead;
use sinus::interpret::{InterpretConfig, InterpretInput, Patient, SeverityConfig, Sex, interpret};
use sinus::measure::{GlobalMeasurements, LeadMeasurements, Measurements};
use sinus::report::{BeatCounts, Lang, Rates, Severity, StatementCode as C, Topic, text};
use sinus::rhythm::{Rhythm, RhythmLabel};

fn value() -> impl Strategy<Value = Option<f64>> {
    prop_oneof![
        3 => Just(None),
        6 => (-3.0f64..3.0).prop_map(Some),
        3 => (0.0f64..600.0).prop_map(Some),
        1 => prop_oneof![
            Just(f64::NAN),
            Just(f64::INFINITY),
            Just(f64::NEG_INFINITY),
            Just(1e300),
            Just(-1e300),
            Just(0.0),
        ]
        .prop_map(Some),
    ]
}

fn flag() -> impl Strategy<Value = Option<bool>> {
    prop_oneof![Just(None), Just(Some(false)), Just(Some(true))]
}

fn lead_name() -> impl Strategy<Value = String> {
    prop_oneof![
        8 => (0usize..18).prop_map(|k| Lead::STANDARD_18[k].name().to_string()),
        1 => Just("MLII".to_string()),
        1 => Just("ABP".to_string()),
        1 => Just("v4r".to_string()),
    ]
}

prop_compose! {
    fn lead_m()(
        lead in lead_name(),
        a in proptest::collection::vec(value(), 26),
        f in proptest::collection::vec(flag(), 4),
        morph in prop_oneof![Just(None), Just(Some("QS".to_string())), Just(Some("rSR'".to_string()))],
    ) -> LeadMeasurements {
        LeadMeasurements {
            lead,
            p_pos_mv: a[0], p_neg_mv: a[1], p_ms: a[2], p_neg_ms: a[3],
            q_mv: a[4], q_ms: a[5], r_mv: a[6], r_ms: a[7], s_mv: a[8], s_ms: a[9],
            r_prime_mv: a[10], r_prime_ms: a[11], s_prime_mv: a[12], s_prime_ms: a[13],
            qrs_ms: a[14], r_peak_time_ms: a[15], qrs_morphology: morph,
            delta_wave: f[0], qrs_notch: f[1], j_wave: f[2], j_peak_mv: a[16],
            qrs_net_mv: a[17], qrs_area_mv_ms: a[18], j_mv: a[19], st60_mv: a[20],
            st80_mv: a[21], st_slope_mv_per_s: a[22], t_pos_mv: a[23], t_neg_mv: a[24],
        }
    }
}

prop_compose! {
    fn measurements()(
        g in proptest::collection::vec(value(), 12),
        paced in flag(),
        leads in proptest::collection::vec(lead_m(), 0..22),
    ) -> Measurements {
        Measurements {
            global: GlobalMeasurements {
                heart_rate_bpm: g[0], rr_ms: g[1], p_ms: g[2], pr_ms: g[3], qrs_ms: g[4],
                qt_ms: g[5], qtc_ms: g[6], p_axis_deg: g[7], qrs_axis_deg: g[8],
                t_axis_deg: g[9], paced, ..GlobalMeasurements::default()
            },
            leads,
            beats: Vec::new(),
        }
    }
}

fn patient() -> impl Strategy<Value = Patient> {
    (
        prop_oneof![
            Just(None),
            (0.0f64..100.0).prop_map(Some),
            Just(Some(f64::NAN)),
            Just(Some(-5.0)),
            Just(Some(1e9))
        ],
        prop_oneof![Just(None), Just(Some(Sex::Male)), Just(Some(Sex::Female))],
    )
        .prop_map(|(a, s)| Patient::new(a, s))
}

fn label() -> impl Strategy<Value = RhythmLabel> {
    (0usize..RhythmLabel::ALL.len()).prop_map(|k| RhythmLabel::ALL[k])
}

const CONCLUSIONS: [C; 5] = [
    C::NormalEcg,
    C::BorderlineEcg,
    C::AbnormalEcg,
    C::NoAbnormalityReadableLeads,
    C::NoAbnormalityAssessed,
];

proptest! {
    #![proptest_config(crate::common::proptest_config(400))]

    #[test]
    fn never_panics_and_the_conclusion_is_honest(
        m in measurements(),
        with_m in any::<bool>(),
        record_leads in proptest::collection::vec(lead_name(), 0..20),
        excluded in proptest::collection::vec(lead_name(), 0..3),
        p in patient(),
        label in label(),
        rate in prop_oneof![Just(None), (1.0f64..400.0).prop_map(Some)],
    ) {
        let leads: Vec<Lead> = record_leads.iter().map(|n| Lead::parse(n)).collect();
        let mut rhythm = Rhythm::undetermined("prop");
        rhythm.label = label;
        let input = InterpretInput {
            rhythm: &rhythm,
            counts: &BeatCounts::default(),
            rates: rate.map(|r| Rates { mean_bpm: r, min_bpm: r, max_bpm: r }),
            pauses: &[],
            leads: &leads,
            excluded_leads: &excluded,
            episodes: &[],
            min_af_episode_s: 30.0,
            measurements: with_m.then_some(&m),
            patient: &p,
        };
        let st = interpret(&input, &SeverityConfig::default(), &InterpretConfig::default());
        let last = st.last().expect("a conclusion");
        prop_assert!(CONCLUSIONS.contains(&last.code), "{:?}", last.code);
        let worst = st.iter().map(|s| s.severity).max().unwrap_or(Severity::Normal);
        prop_assert_eq!(last.severity, worst);
        for s in &st {
            for lang in [Lang::En, Lang::Zh] {
                prop_assert!(!text::sentence(s, lang).is_empty(), "{:?}", s.code);
                let _ = text::evidence(s, lang);
            }
            if s.code == C::AcuteStemi {
                prop_assert!(!s.evidence.is_empty());
            }
            for e in &s.evidence {
                prop_assert!(e.value.is_finite(), "{:?}: {e:?}", s.code);
            }
        }
        if last.code == C::NormalEcg {
            prop_assert!(with_m);
            prop_assert!(excluded.is_empty());
            prop_assert_eq!(label, RhythmLabel::SinusRhythm);
            for l in &Lead::STANDARD_12 {
                prop_assert!(leads.contains(l) || m.leads.iter().any(|x| Lead::parse(&x.lead) == *l));
                prop_assert!(m.leads.iter().any(|x| Lead::parse(&x.lead) == *l));
            }
            prop_assert!(!st.iter().any(|s| s.code == C::NotAssessed));
            prop_assert!(st.iter().all(|s| s.severity == Severity::Normal));
        }
        if !with_m {
            let na = st.iter().find(|s| s.code == C::NotAssessed).expect("not assessed");
            prop_assert_eq!(&na.topics, &Topic::ALL.to_vec());
            prop_assert!(last.code != C::NormalEcg);
        }
    }
}
