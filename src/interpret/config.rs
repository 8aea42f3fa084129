//! The criteria of the measurement-based statements, in physical units, each with its source.
//!
//! Sources, cited by short name in the field docs:
//! - **AHA 2009**: AHA/ACCF/HRS Recommendations for the Standardization and Interpretation of
//!   the Electrocardiogram — Part III intraventricular conduction (Surawicz et al., JACC
//!   2009;53:976), Part IV ST segment, T and U waves and the QT interval (Rautaharju et al.,
//!   JACC 2009;53:982), Part V chamber hypertrophy (Hancock et al., JACC 2009;53:992), Part VI
//!   acute ischemia/infarction (Wagner et al., JACC 2009;53:1003).
//! - **UDMI 2018**: Fourth Universal Definition of Myocardial Infarction (Thygesen et al.,
//!   Circulation 2018;138:e618), ECG manifestations of acute ischaemia and of prior infarction.
//! - **诊断学**: 《诊断学》(人民卫生出版社, 第9版) 心电图 chapter, the textbook Chinese ECG
//!   readers are trained on.
//! - Named papers where a criterion is theirs (Sokolow-Lyon 1949, Casale/Cornell 1985–87,
//!   Molloy 1992, Sgarbossa 1996, Smith 2012, Armstrong 2012, Macfarlane 2015, the 2015 ESC ventricular arrhythmia guideline).

use serde::{Deserialize, Serialize};

/// A criterion outside its allowed range.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("invalid criterion {field} = {found}: expected {expected}")]
#[non_exhaustive]
pub struct InvalidCriterion {
    /// The field, e.g. `interpret.qt.long_qtc_men_ms`.
    pub field: &'static str,
    /// The value given.
    pub found: f64,
    /// What is allowed.
    pub expected: &'static str,
}

/// Every threshold of the measurement-based statements.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
#[non_exhaustive]
pub struct InterpretConfig {
    /// Frontal QRS axis.
    pub axis: AxisCriteria,
    /// AV and intraventricular conduction.
    pub conduction: ConductionCriteria,
    /// Atrial abnormality, ventricular hypertrophy, low voltage.
    pub chambers: ChamberCriteria,
    /// Acute ST-elevation infarction, its confounders, pathological Q waves.
    pub infarction: InfarctionCriteria,
    /// ST depression, T waves, early repolarization.
    pub repolarization: RepolarizationCriteria,
    /// QT.
    pub qt: QtCriteria,
}

/// Frontal-plane QRS axis (AHA 2009 Part I; 诊断学: normal −30° to +90°, 电轴左偏 −30° to
/// −90°, 电轴右偏 +90° to +180°, 不确定电轴 −90° to −180°).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
#[non_exhaustive]
pub struct AxisCriteria {
    /// Left axis deviation below this (degrees). Default −30.
    pub left_deg: f64,
    /// Right axis deviation above this (degrees). Default +90.
    pub right_deg: f64,
    /// Indeterminate axis when every limb lead is equiphasic: |net| at most this fraction of
    /// its peak-to-peak amplitude in all six (AHA 2009: "indeterminate axis"). Default 0.2.
    pub equiphasic_max_net_fraction: f64,
}

impl Default for AxisCriteria {
    fn default() -> Self {
        AxisCriteria {
            left_deg: -30.0,
            right_deg: 90.0,
            equiphasic_max_net_fraction: 0.2,
        }
    }
}

/// AV and intraventricular conduction (AHA 2009 Part III; 诊断学).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
#[non_exhaustive]
pub struct ConductionCriteria {
    /// First-degree AV block: PR above this (ms). Default 200 (AHA 2009; 诊断学 PR > 0.20 s).
    pub first_degree_pr_ms: f64,
    /// Short PR: PR below this (ms). Default 120 (AHA 2009).
    pub short_pr_ms: f64,
    /// Pre-excitation: short PR, a delta wave in at least two leads and QRS at least this
    /// (ms). Default 110 (AHA 2009 and 诊断学 give ≥ 120 for the full pattern; 110 keeps the
    /// minor pre-excitation a delta wave already proves).
    pub preexcitation_min_qrs_ms: f64,
    /// Complete bundle branch block: QRS at least this (ms). Default 120 (AHA 2009).
    pub complete_bbb_qrs_ms: f64,
    /// Incomplete bundle branch block: QRS at least this (ms) and below the complete limit.
    /// Default 110 (AHA 2009).
    pub incomplete_bbb_qrs_ms: f64,
    /// Non-specific intraventricular conduction delay: QRS at least this (ms) without a bundle
    /// branch block pattern. Default 120 (诊断学 室内传导阻滞 QRS ≥ 0.12 s; AHA 2009 uses > 110
    /// ms, which on LUDB's own marks calls a third of the normal records).
    pub ivcd_qrs_ms: f64,
    /// RBBB: an R′ in V1 or V2 at least this tall (mV). Default 0.05.
    pub rbbb_min_r_prime_mv: f64,
    /// RBBB: or a dominant R in V1 with R-peak time above this (ms). Default 50 (AHA 2009).
    pub rbbb_v1_r_peak_time_ms: f64,
    /// RBBB: S in I or V6 longer than this (ms), or longer than the R. Default 40 (AHA 2009).
    pub rbbb_lateral_s_ms: f64,
    /// LBBB: R-peak time in V5 or V6 above this (ms). Default 60 (AHA 2009).
    pub lbbb_r_peak_time_ms: f64,
    /// LBBB: a q wave in I, V5, V6 counts as present from this depth (mV). Default 0.05.
    pub lbbb_q_present_mv: f64,
    /// LAFB: QRS axis at or below this (degrees), down to −90. Default −45 (AHA 2009).
    pub lafb_axis_deg: f64,
    /// LAFB: R-peak time in aVL at least this (ms), when measured. Default 45 (AHA 2009).
    pub lafb_avl_r_peak_time_ms: f64,
    /// LPFB: QRS axis above this (degrees), up to 180. Default 90 (AHA 2009).
    pub lpfb_axis_deg: f64,
    /// Wide-QRS tachycardia: QRS at least this (ms). Default 120.
    pub wide_qrs_tachycardia_qrs_ms: f64,
    /// Wide-QRS tachycardia: rate above this (bpm). Default 100.
    pub wide_qrs_tachycardia_rate_bpm: f64,
}

impl Default for ConductionCriteria {
    fn default() -> Self {
        ConductionCriteria {
            first_degree_pr_ms: 200.0,
            short_pr_ms: 120.0,
            preexcitation_min_qrs_ms: 110.0,
            complete_bbb_qrs_ms: 120.0,
            incomplete_bbb_qrs_ms: 110.0,
            ivcd_qrs_ms: 120.0,
            rbbb_min_r_prime_mv: 0.05,
            rbbb_v1_r_peak_time_ms: 50.0,
            rbbb_lateral_s_ms: 40.0,
            lbbb_r_peak_time_ms: 60.0,
            lbbb_q_present_mv: 0.05,
            lafb_axis_deg: -45.0,
            lafb_avl_r_peak_time_ms: 45.0,
            lpfb_axis_deg: 90.0,
            wide_qrs_tachycardia_qrs_ms: 120.0,
            wide_qrs_tachycardia_rate_bpm: 100.0,
        }
    }
}

/// Chambers: atrial abnormality, ventricular hypertrophy, low QRS voltage.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
#[non_exhaustive]
pub struct ChamberCriteria {
    /// Sokolow-Lyon: SV1 + max(RV5, RV6) at least this (mV). Default 3.5 (Sokolow & Lyon, Am
    /// Heart J 1949;37:161).
    pub sokolow_lyon_mv: f64,
    /// Sokolow-Lyon aVL: RaVL at least this (mV). Default 1.1.
    pub sokolow_avl_mv: f64,
    /// Cornell voltage RaVL + SV3 above this in men (mV). Default 2.8 (Casale et al.,
    /// Circulation 1987;75:565).
    pub cornell_men_mv: f64,
    /// Cornell voltage above this in women, and when sex is unknown (mV). Default 2.0.
    pub cornell_women_mv: f64,
    /// Cornell product (Cornell voltage, +0.6 mV in women, × QRS) at least this (mV·ms),
    /// counted as support for hypertrophy. Default 244 (Molloy et al., JACC 1992;20:1180:
    /// 2440 mm·ms).
    pub cornell_product_mv_ms: f64,
    /// 诊断学: RV5 or RV6 above this (mV). Default 2.5.
    pub zh_rv5_mv: f64,
    /// 诊断学: RV5 + SV1 above this in men (mV). Default 4.0.
    pub zh_rv5_sv1_men_mv: f64,
    /// 诊断学: RV5 + SV1 above this in women, and when sex is unknown (mV). Default 3.5.
    pub zh_rv5_sv1_women_mv: f64,
    /// LVH support: R-peak time in V5 or V6 above this (ms). Default 50 (诊断学 VAT V5 >
    /// 0.05 s).
    pub lvh_r_peak_time_ms: f64,
    /// RVH: RV1 at least this (mV). Default 0.7 (AHA 2009 Part V).
    pub rvh_rv1_mv: f64,
    /// RVH: RV1 + SV5 (or SV6) above this (mV). Default 1.05 (Sokolow-Lyon; 诊断学).
    pub rvh_rv1_sv5_mv: f64,
    /// RVH: R/S in V1 at least this, with RV1 ≥ 0.5 mV. Default 1.0 (诊断学).
    pub rvh_rs_v1: f64,
    /// RVH: S in V5 or V6 at least this deep (mV). Default 0.7 (AHA 2009).
    pub rvh_s_v6_mv: f64,
    /// RVH: R in aVR above this (mV). Default 0.5 (诊断学).
    pub rvh_ravr_mv: f64,
    /// Left atrial abnormality: P duration at least this (ms). Default 120 (诊断学; AHA 2009).
    pub laa_p_ms: f64,
    /// Left atrial abnormality: P terminal force in V1 at or below this (mV·ms). Default −4.0
    /// (Ptf-V1 ≤ −0.04 mm·s; Morris et al. 1964; 诊断学).
    pub laa_ptf_v1_mv_ms: f64,
    /// Right atrial abnormality: P at least this tall in II, III or aVF (mV). Default 0.25
    /// (诊断学 肺型P波; AHA 2009).
    pub raa_p_mv: f64,
    /// Right atrial abnormality: positive P at least this in V1 or V2 (mV). Default 0.15 (AHA
    /// 2009; 诊断学).
    pub raa_v1_p_mv: f64,
    /// Low voltage: every limb lead's QRS peak-to-peak below this (mV). Default 0.5 (AHA 2009;
    /// 诊断学).
    pub low_voltage_limb_mv: f64,
    /// Low voltage: every precordial lead's QRS peak-to-peak below this (mV). Default 0.8
    /// (诊断学; AHA 2009 uses 1.0).
    pub low_voltage_precordial_mv: f64,
}

impl Default for ChamberCriteria {
    fn default() -> Self {
        ChamberCriteria {
            sokolow_lyon_mv: 3.5,
            sokolow_avl_mv: 1.1,
            cornell_men_mv: 2.8,
            cornell_women_mv: 2.0,
            cornell_product_mv_ms: 244.0,
            zh_rv5_mv: 2.5,
            zh_rv5_sv1_men_mv: 4.0,
            zh_rv5_sv1_women_mv: 3.5,
            lvh_r_peak_time_ms: 50.0,
            rvh_rv1_mv: 0.7,
            rvh_rv1_sv5_mv: 1.05,
            rvh_rs_v1: 1.0,
            rvh_s_v6_mv: 0.7,
            rvh_ravr_mv: 0.5,
            laa_p_ms: 120.0,
            laa_ptf_v1_mv_ms: -4.0,
            raa_p_mv: 0.25,
            raa_v1_p_mv: 0.15,
            low_voltage_limb_mv: 0.5,
            low_voltage_precordial_mv: 0.8,
        }
    }
}

/// Acute ST-elevation infarction (UDMI 2018), its confounders, and pathological Q waves.
///
/// ST elevation is read at the J point, against the PR-segment baseline, and counts in two
/// contiguous leads. Where sex or age is unknown the lowest (most sensitive) limit applies.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
#[non_exhaustive]
pub struct InfarctionCriteria {
    /// ST elevation at J in every lead but V2–V3 and the extra leads (mV). Default 0.1.
    pub st_mv: f64,
    /// V2–V3, men aged 40 or more (mV). Default 0.2.
    pub st_v2v3_men_mv: f64,
    /// V2–V3, men under 40 (mV). Default 0.25.
    pub st_v2v3_young_men_mv: f64,
    /// V2–V3, women (and sex unknown) (mV). Default 0.15.
    pub st_v2v3_women_mv: f64,
    /// The age (years) below which the young men's limits apply in V2–V3 and V7–V9. Default 40.
    pub young_men_age_years: f64,
    /// V7–V9 (mV). Default 0.05.
    pub st_posterior_mv: f64,
    /// V7–V9 in men under 40 (mV). Default 0.1.
    pub st_posterior_young_men_mv: f64,
    /// V3R–V5R (mV). Default 0.05 (UDMI names V3R and V4R; V5R, their contiguous neighbour, is
    /// read the same way).
    pub st_right_mv: f64,
    /// V3R–V5R in men under `right_young_men_age_years` (mV). Default 0.1.
    pub st_right_young_men_mv: f64,
    /// The age below which the young men's right-sided limit applies. Default 30.
    pub right_young_men_age_years: f64,
    /// Reciprocal ST depression named from this depth (mV). Default 0.05.
    pub reciprocal_mv: f64,
    /// Sgarbossa (NEJM 1996;334:481): concordant ST elevation, or concordant depression in
    /// V1–V3, at least this (mV). Default 0.1.
    pub sgarbossa_concordant_mv: f64,
    /// Sgarbossa: discordant ST elevation at least this (mV). Default 0.5.
    pub sgarbossa_discordant_mv: f64,
    /// Sgarbossa: acute infarction from this score (5 concordant elevation, 3 concordant
    /// depression V1–V3, 2 discordant elevation). Default 3.
    pub sgarbossa_min_score: f64,
    /// Smith-modified Sgarbossa (Ann Emerg Med 2012;60:766): discordant ST elevation at least
    /// this fraction of the S depth. Default 0.25.
    pub smith_st_to_s_ratio: f64,
    /// LVH (Armstrong et al., Am J Cardiol 2012;110:977): ST elevation in V1–V3 with deep S
    /// counts for infarction only from this fraction of the S depth. Default 0.25.
    pub lvh_st_to_s_ratio: f64,
    /// Pathological Q: duration at least this (ms). Default 30 (UDMI 2018).
    pub q_ms: f64,
    /// Pathological Q: and depth at least this (mV). Default 0.1 (UDMI 2018).
    pub q_mv: f64,
    /// Pathological Q in V2–V3: duration at least this (ms), any depth. Default 20 (UDMI 2018).
    pub q_v2v3_ms: f64,
    /// Prior posterior infarction: R in V1 or V2 at least this long (ms) with R/S ≥ 1 and an
    /// upright T (UDMI 2018). Default 40.
    pub posterior_r_ms: f64,
    /// 12-lead posterior sign: ST depression in two of V1–V3 from this depth (mV). Default 0.05.
    pub posterior_sign_mv: f64,
    /// The posterior sign is critical from this depth when the depression is deepest in V1–V3
    /// (mV). Default 0.1.
    pub posterior_sign_critical_mv: f64,
}

impl Default for InfarctionCriteria {
    fn default() -> Self {
        InfarctionCriteria {
            st_mv: 0.1,
            st_v2v3_men_mv: 0.2,
            st_v2v3_young_men_mv: 0.25,
            st_v2v3_women_mv: 0.15,
            young_men_age_years: 40.0,
            st_posterior_mv: 0.05,
            st_posterior_young_men_mv: 0.1,
            st_right_mv: 0.05,
            st_right_young_men_mv: 0.1,
            right_young_men_age_years: 30.0,
            reciprocal_mv: 0.05,
            sgarbossa_concordant_mv: 0.1,
            sgarbossa_discordant_mv: 0.5,
            sgarbossa_min_score: 3.0,
            smith_st_to_s_ratio: 0.25,
            lvh_st_to_s_ratio: 0.25,
            q_ms: 30.0,
            q_mv: 0.1,
            q_v2v3_ms: 20.0,
            posterior_r_ms: 40.0,
            posterior_sign_mv: 0.05,
            posterior_sign_critical_mv: 0.1,
        }
    }
}

/// ST depression, T waves, early repolarization.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
#[non_exhaustive]
pub struct RepolarizationCriteria {
    /// Horizontal or downsloping ST depression at least this deep in two contiguous leads
    /// (mV): at J and still at J + 60 ms (horizontal), or at J + 60 ms and deeper there than at
    /// J (downsloping); a depression at J gone by J + 60 ms is upsloping and not counted.
    /// Default 0.05 (UDMI 2018).
    pub st_depression_mv: f64,
    /// ST depression of at least `st_depression_diffuse_mv` in this many leads with ST
    /// elevation in aVR is critical (UDMI 2018: left main or multivessel ischaemia). Default 8.
    pub st_depression_diffuse_leads: usize,
    /// Depth for the diffuse pattern (mV). Default 0.1.
    pub st_depression_diffuse_mv: f64,
    /// ST elevation in aVR for the diffuse pattern (mV). Default 0.1.
    pub avr_elevation_mv: f64,
    /// T-wave inversion: negative T at least this deep in two contiguous leads (mV). Default
    /// 0.1 (UDMI 2018).
    pub t_inversion_mv: f64,
    /// Flat T: in leads with a dominant R of at least `flat_t_min_r_mv`, T below this fraction
    /// of R (诊断学: T不应低于同导联R波的1/10). Default 0.1.
    pub flat_t_ratio: f64,
    /// Flat T is read in leads whose R is at least this (mV). Default 0.5.
    pub flat_t_min_r_mv: f64,
    /// Early repolarization: J-peak of an end-QRS notch or slur at least this (mV) in two
    /// contiguous inferior or lateral leads (Macfarlane et al., JACC 2015;66:470). Default 0.1.
    pub er_j_peak_mv: f64,
}

impl Default for RepolarizationCriteria {
    fn default() -> Self {
        RepolarizationCriteria {
            st_depression_mv: 0.05,
            st_depression_diffuse_leads: 8,
            st_depression_diffuse_mv: 0.1,
            avr_elevation_mv: 0.1,
            t_inversion_mv: 0.1,
            flat_t_ratio: 0.1,
            flat_t_min_r_mv: 0.5,
            er_j_peak_mv: 0.1,
        }
    }
}

/// QT (AHA 2009 Part IV).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
#[non_exhaustive]
pub struct QtCriteria {
    /// Long QTc in men, and when sex is unknown: at least this (ms). Default 450.
    pub long_qtc_men_ms: f64,
    /// Long QTc in women (ms). Default 460.
    pub long_qtc_women_ms: f64,
    /// QTc at least this is critical (ms). Default 500.
    pub critical_qtc_ms: f64,
    /// Short QT: QTc at most this (ms). Default 340 (2015 ESC ventricular arrhythmia
    /// guideline: short-QT syndrome with QTc ≤ 340 ms; AHA 2009's ≤ 390 ms flags a third of
    /// healthy adults).
    pub short_qtc_ms: f64,
    /// From this QRS width (ms) long QT is judged on the QTc less the QRS excess over 100 ms
    /// (the JT holds the repolarization; AHA 2009 Part IV), and short QT is not judged.
    /// Default 120.
    pub wide_qrs_ms: f64,
}

impl Default for QtCriteria {
    fn default() -> Self {
        QtCriteria {
            long_qtc_men_ms: 450.0,
            long_qtc_women_ms: 460.0,
            critical_qtc_ms: 500.0,
            short_qtc_ms: 340.0,
            wide_qrs_ms: 120.0,
        }
    }
}

impl InterpretConfig {
    /// Checks every criterion: amplitudes, durations and ratios finite and positive, axis
    /// limits within ±180°, the P terminal force negative, and each pair in order.
    pub fn validate(&self) -> Result<(), InvalidCriterion> {
        fn pos(field: &'static str, v: f64) -> Result<(), InvalidCriterion> {
            if v.is_finite() && v > 0.0 {
                Ok(())
            } else {
                Err(InvalidCriterion {
                    field,
                    found: v,
                    expected: "a finite number > 0",
                })
            }
        }
        fn within(
            field: &'static str,
            v: f64,
            lo: f64,
            hi: f64,
            expected: &'static str,
        ) -> Result<(), InvalidCriterion> {
            if v.is_finite() && v >= lo && v <= hi {
                Ok(())
            } else {
                Err(InvalidCriterion {
                    field,
                    found: v,
                    expected,
                })
            }
        }
        let a = &self.axis;
        within(
            "interpret.axis.left_deg",
            a.left_deg,
            -90.0,
            0.0,
            "-90..=0 degrees",
        )?;
        within(
            "interpret.axis.right_deg",
            a.right_deg,
            0.0,
            180.0,
            "0..=180 degrees",
        )?;
        within(
            "interpret.axis.equiphasic_max_net_fraction",
            a.equiphasic_max_net_fraction,
            0.0,
            1.0,
            "0..=1",
        )?;
        let c = &self.conduction;
        for (f, v) in [
            (
                "interpret.conduction.first_degree_pr_ms",
                c.first_degree_pr_ms,
            ),
            ("interpret.conduction.short_pr_ms", c.short_pr_ms),
            (
                "interpret.conduction.preexcitation_min_qrs_ms",
                c.preexcitation_min_qrs_ms,
            ),
            (
                "interpret.conduction.complete_bbb_qrs_ms",
                c.complete_bbb_qrs_ms,
            ),
            (
                "interpret.conduction.incomplete_bbb_qrs_ms",
                c.incomplete_bbb_qrs_ms,
            ),
            ("interpret.conduction.ivcd_qrs_ms", c.ivcd_qrs_ms),
            (
                "interpret.conduction.rbbb_min_r_prime_mv",
                c.rbbb_min_r_prime_mv,
            ),
            (
                "interpret.conduction.rbbb_v1_r_peak_time_ms",
                c.rbbb_v1_r_peak_time_ms,
            ),
            (
                "interpret.conduction.rbbb_lateral_s_ms",
                c.rbbb_lateral_s_ms,
            ),
            (
                "interpret.conduction.lbbb_r_peak_time_ms",
                c.lbbb_r_peak_time_ms,
            ),
            (
                "interpret.conduction.lbbb_q_present_mv",
                c.lbbb_q_present_mv,
            ),
            (
                "interpret.conduction.lafb_avl_r_peak_time_ms",
                c.lafb_avl_r_peak_time_ms,
            ),
            (
                "interpret.conduction.wide_qrs_tachycardia_qrs_ms",
                c.wide_qrs_tachycardia_qrs_ms,
            ),
            (
                "interpret.conduction.wide_qrs_tachycardia_rate_bpm",
                c.wide_qrs_tachycardia_rate_bpm,
            ),
        ] {
            pos(f, v)?;
        }
        if c.short_pr_ms >= c.first_degree_pr_ms {
            return Err(InvalidCriterion {
                field: "interpret.conduction.short_pr_ms",
                found: c.short_pr_ms,
                expected: "less than interpret.conduction.first_degree_pr_ms",
            });
        }
        if c.incomplete_bbb_qrs_ms >= c.complete_bbb_qrs_ms {
            return Err(InvalidCriterion {
                field: "interpret.conduction.incomplete_bbb_qrs_ms",
                found: c.incomplete_bbb_qrs_ms,
                expected: "less than interpret.conduction.complete_bbb_qrs_ms",
            });
        }
        within(
            "interpret.conduction.lafb_axis_deg",
            c.lafb_axis_deg,
            -90.0,
            0.0,
            "-90..=0 degrees",
        )?;
        within(
            "interpret.conduction.lpfb_axis_deg",
            c.lpfb_axis_deg,
            0.0,
            180.0,
            "0..=180 degrees",
        )?;
        let h = &self.chambers;
        for (f, v) in [
            ("interpret.chambers.sokolow_lyon_mv", h.sokolow_lyon_mv),
            ("interpret.chambers.sokolow_avl_mv", h.sokolow_avl_mv),
            ("interpret.chambers.cornell_men_mv", h.cornell_men_mv),
            ("interpret.chambers.cornell_women_mv", h.cornell_women_mv),
            (
                "interpret.chambers.cornell_product_mv_ms",
                h.cornell_product_mv_ms,
            ),
            ("interpret.chambers.zh_rv5_mv", h.zh_rv5_mv),
            ("interpret.chambers.zh_rv5_sv1_men_mv", h.zh_rv5_sv1_men_mv),
            (
                "interpret.chambers.zh_rv5_sv1_women_mv",
                h.zh_rv5_sv1_women_mv,
            ),
            (
                "interpret.chambers.lvh_r_peak_time_ms",
                h.lvh_r_peak_time_ms,
            ),
            ("interpret.chambers.rvh_rv1_mv", h.rvh_rv1_mv),
            ("interpret.chambers.rvh_rv1_sv5_mv", h.rvh_rv1_sv5_mv),
            ("interpret.chambers.rvh_rs_v1", h.rvh_rs_v1),
            ("interpret.chambers.rvh_s_v6_mv", h.rvh_s_v6_mv),
            ("interpret.chambers.rvh_ravr_mv", h.rvh_ravr_mv),
            ("interpret.chambers.laa_p_ms", h.laa_p_ms),
            ("interpret.chambers.raa_p_mv", h.raa_p_mv),
            ("interpret.chambers.raa_v1_p_mv", h.raa_v1_p_mv),
            (
                "interpret.chambers.low_voltage_limb_mv",
                h.low_voltage_limb_mv,
            ),
            (
                "interpret.chambers.low_voltage_precordial_mv",
                h.low_voltage_precordial_mv,
            ),
        ] {
            pos(f, v)?;
        }
        if !(h.laa_ptf_v1_mv_ms.is_finite() && h.laa_ptf_v1_mv_ms < 0.0) {
            return Err(InvalidCriterion {
                field: "interpret.chambers.laa_ptf_v1_mv_ms",
                found: h.laa_ptf_v1_mv_ms,
                expected: "a finite number < 0",
            });
        }
        let i = &self.infarction;
        for (f, v) in [
            ("interpret.infarction.st_mv", i.st_mv),
            ("interpret.infarction.st_v2v3_men_mv", i.st_v2v3_men_mv),
            (
                "interpret.infarction.st_v2v3_young_men_mv",
                i.st_v2v3_young_men_mv,
            ),
            ("interpret.infarction.st_v2v3_women_mv", i.st_v2v3_women_mv),
            (
                "interpret.infarction.young_men_age_years",
                i.young_men_age_years,
            ),
            ("interpret.infarction.st_posterior_mv", i.st_posterior_mv),
            (
                "interpret.infarction.st_posterior_young_men_mv",
                i.st_posterior_young_men_mv,
            ),
            ("interpret.infarction.st_right_mv", i.st_right_mv),
            (
                "interpret.infarction.st_right_young_men_mv",
                i.st_right_young_men_mv,
            ),
            (
                "interpret.infarction.right_young_men_age_years",
                i.right_young_men_age_years,
            ),
            ("interpret.infarction.reciprocal_mv", i.reciprocal_mv),
            (
                "interpret.infarction.sgarbossa_concordant_mv",
                i.sgarbossa_concordant_mv,
            ),
            (
                "interpret.infarction.sgarbossa_discordant_mv",
                i.sgarbossa_discordant_mv,
            ),
            (
                "interpret.infarction.sgarbossa_min_score",
                i.sgarbossa_min_score,
            ),
            (
                "interpret.infarction.smith_st_to_s_ratio",
                i.smith_st_to_s_ratio,
            ),
            (
                "interpret.infarction.lvh_st_to_s_ratio",
                i.lvh_st_to_s_ratio,
            ),
            ("interpret.infarction.q_ms", i.q_ms),
            ("interpret.infarction.q_mv", i.q_mv),
            ("interpret.infarction.q_v2v3_ms", i.q_v2v3_ms),
            ("interpret.infarction.posterior_r_ms", i.posterior_r_ms),
            (
                "interpret.infarction.posterior_sign_mv",
                i.posterior_sign_mv,
            ),
            (
                "interpret.infarction.posterior_sign_critical_mv",
                i.posterior_sign_critical_mv,
            ),
        ] {
            pos(f, v)?;
        }
        let r = &self.repolarization;
        for (f, v) in [
            (
                "interpret.repolarization.st_depression_mv",
                r.st_depression_mv,
            ),
            (
                "interpret.repolarization.st_depression_diffuse_mv",
                r.st_depression_diffuse_mv,
            ),
            (
                "interpret.repolarization.avr_elevation_mv",
                r.avr_elevation_mv,
            ),
            ("interpret.repolarization.t_inversion_mv", r.t_inversion_mv),
            ("interpret.repolarization.flat_t_ratio", r.flat_t_ratio),
            (
                "interpret.repolarization.flat_t_min_r_mv",
                r.flat_t_min_r_mv,
            ),
            ("interpret.repolarization.er_j_peak_mv", r.er_j_peak_mv),
            (
                "interpret.repolarization.st_depression_diffuse_leads",
                r.st_depression_diffuse_leads as f64,
            ),
        ] {
            pos(f, v)?;
        }
        let q = &self.qt;
        for (f, v) in [
            ("interpret.qt.long_qtc_men_ms", q.long_qtc_men_ms),
            ("interpret.qt.long_qtc_women_ms", q.long_qtc_women_ms),
            ("interpret.qt.critical_qtc_ms", q.critical_qtc_ms),
            ("interpret.qt.short_qtc_ms", q.short_qtc_ms),
            ("interpret.qt.wide_qrs_ms", q.wide_qrs_ms),
        ] {
            pos(f, v)?;
        }
        if q.short_qtc_ms >= q.long_qtc_men_ms.min(q.long_qtc_women_ms) {
            return Err(InvalidCriterion {
                field: "interpret.qt.short_qtc_ms",
                found: q.short_qtc_ms,
                expected: "less than the long-QTc limits",
            });
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_validate_and_bad_values_are_named() {
        InterpretConfig::default().validate().unwrap();
        let mut c = InterpretConfig::default();
        c.infarction.st_v2v3_women_mv = f64::NAN;
        assert_eq!(
            c.validate().unwrap_err().field,
            "interpret.infarction.st_v2v3_women_mv"
        );
        let mut c = InterpretConfig::default();
        c.axis.left_deg = 10.0;
        assert!(c.validate().is_err());
        let mut c = InterpretConfig::default();
        c.qt.short_qtc_ms = 470.0;
        assert!(c.validate().is_err());
        // A partial JSON config fills the rest from the defaults.
        let c: InterpretConfig =
            serde_json::from_str(r#"{"qt": {"long_qtc_men_ms": 440}}"#).unwrap();
        assert_eq!(c.qt.long_qtc_men_ms, 440.0);
        assert_eq!(c.qt.long_qtc_women_ms, 460.0);
        assert_eq!(c.axis, AxisCriteria::default());
    }
}
