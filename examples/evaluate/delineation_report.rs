//! `evaluate delineation`: the command line and the printed tables (the scoring itself is in
//! `delineation.rs`, which the tests compile too).
//!
//! Options: `--json`; `--records a,b`; `--even` / `--odd` (the development and check halves);
//! `--set key=value` (a `DelineateConfig` field, JSON value); `--worst N` (records listed per
//! fiducial); `--detail I` (per record and lead, fiducial I = kind·3 + mark); `--dump FILE`
//! (per record and lead counts and error sums, the representative beats and the matched pairs,
//! as JSON, for a closer look).

use super::delineation::{
    INTERVALS, KINDS, MARKS, WINDOW_MS, angle_diff, axis_category, score_db, summarise,
};
use sinus::delineate::DelineateConfig;
use sinus::{Config, Pipeline};
use std::error::Error;
use std::path::Path;

fn f1(v: Option<f64>) -> String {
    v.map_or("-".into(), |x| format!("{x:.1}"))
}

fn f2(v: Option<f64>) -> String {
    v.map_or("-".into(), |x| format!("{x:.2}"))
}

/// Entry point of `evaluate delineation`.
pub fn run(args: &[String]) -> Result<(), Box<dyn Error>> {
    let mut db = None;
    let mut only = Vec::new();
    let mut json = false;
    let mut half: Option<u32> = None;
    let mut worst = 3usize;
    let mut detail: Option<usize> = None;
    let mut dump: Option<String> = None;
    let mut sets: Vec<(String, String)> = Vec::new();
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "--records" => {
                let v = it.next().ok_or("--records needs a value")?;
                only = v.split(',').map(|s| s.trim().to_string()).collect();
            }
            "--json" => json = true,
            "--dump" => dump = Some(it.next().ok_or("--dump needs a file")?.clone()),
            "--even" => half = Some(0),
            "--odd" => half = Some(1),
            "--worst" => worst = it.next().ok_or("--worst needs a value")?.parse()?,
            "--detail" => {
                detail = Some(
                    it.next()
                        .ok_or("--detail needs a fiducial number 0-8")?
                        .parse()?,
                )
            }
            "--set" => {
                let v = it.next().ok_or("--set needs key=value")?;
                let (k, x) = v.split_once('=').ok_or("--set needs key=value")?;
                sets.push((k.to_string(), x.to_string()));
            }
            s if s.starts_with("--") => return Err(format!("unknown option {s}").into()),
            s => db = Some(s.to_string()),
        }
    }
    let db = db.ok_or("missing DBDIR")?;
    let mut dcfg = serde_json::to_value(DelineateConfig::default())?;
    for (k, v) in &sets {
        let val: serde_json::Value = serde_json::from_str(v)?;
        match dcfg.get_mut(k) {
            Some(slot) => *slot = val,
            None => return Err(format!("--set: no delineation parameter {k:?}").into()),
        }
    }
    let cfg = Config::builder()
        .delineate(serde_json::from_value(dcfg)?)
        .build()?;
    let pipeline = Pipeline::new(cfg)?;
    let mut results = score_db(Path::new(&db), &only, &pipeline, dump.is_some())?;
    if let Some(h) = half {
        results.retain(|r| {
            r.record
                .rsplit('/')
                .next()
                .and_then(|n| n.parse::<u32>().ok())
                .is_some_and(|n| n % 2 == h)
        });
    }
    if let Some(path) = &dump {
        // Per record and lead: tp, fn, fp, Σe, Σe² of each fiducial, and the intervals.
        let v: Vec<_> = results
            .iter()
            .map(|r| {
                let leads: Vec<_> = r
                    .per_lead
                    .iter()
                    .map(|(l, f)| {
                        let f: Vec<_> = f.iter().map(|x| [x.tp as f64, x.fn_ as f64, x.fp as f64, x.sum, x.sum2]).collect();
                        serde_json::json!({"lead": l, "fid": f})
                    })
                    .collect();
                serde_json::json!({"record": r.record, "leads": leads,
                    "ref_intervals": r.ref_intervals, "ref_intervals_extreme": r.ref_intervals_extreme, "our_intervals": r.our_intervals, "measured_intervals": r.measured_intervals,
                    "ref_axis": r.ref_axis, "our_axis": r.our_axis, "debug": r.debug})
            })
            .collect();
        std::fs::write(path, serde_json::to_string(&v)?)?;
    }
    let s = summarise(&results);
    if json {
        let fids: Vec<_> = (0..9)
            .map(|i| {
                let f = &s.fid[i];
                serde_json::json!({"fiducial": format!("{} {}", KINDS[i / 3].1, MARKS[i % 3]),
                    "n": f.tp + f.fn_, "se": f.se(), "ppv": f.ppv(), "mean_ms": f.mean(), "sd_ms": f.sd()})
            })
            .collect();
        let ivs: Vec<_> = (0..4)
            .map(|i| {
                let (n, m, sd, one) = s.intervals[i];
                serde_json::json!({"interval": INTERVALS[i], "records": n, "mean_diff_ms": m, "sd_ms": sd, "one_sided": one})
            })
            .collect();
        let meas: Vec<_> = (0..4)
            .map(|i| {
                let (n, m, sd, one) = s.measured[i];
                serde_json::json!({"interval": INTERVALS[i], "records": n, "mean_diff_ms": m, "sd_ms": sd, "one_sided": one})
            })
            .collect();
        let out = serde_json::json!({
            "records": results.len(),
            "fiducials": fids,
            "intervals": ivs,
            "measured_intervals": meas,
            "qrs_axis": {"records": s.axis.0, "within_15_deg": s.axis.1, "mean_abs_diff_deg": s.axis.2},
            "ludb_axis_labels": {"agree": s.axis_labels.0, "labelled": s.axis_labels.1},
        });
        println!("{}", serde_json::to_string_pretty(&out)?);
        return Ok(());
    }
    if let Some(i) = detail.filter(|i| *i < 9) {
        println!(
            "{} {}: record lead tp fn fp mean sd",
            KINDS[i / 3].1,
            MARKS[i % 3]
        );
        for r in &results {
            for (lead, f) in &r.per_lead {
                let f = &f[i];
                if f.fn_ + f.fp > 0 || f.mean().is_some_and(|m| m.abs() > 20.0) {
                    println!(
                        "{:>5} {:>4} {:>3} {:>3} {:>3} {:>7} {:>6}",
                        r.record.rsplit('/').next().unwrap_or(&r.record),
                        lead,
                        f.tp,
                        f.fn_,
                        f.fp,
                        f1(f.mean()),
                        f1(f.sd())
                    );
                }
            }
        }
    }
    println!(
        "{} records, all leads, matching within {WINDOW_MS} ms",
        results.len()
    );
    println!(
        "{:<12} {:>6} {:>7} {:>7} {:>7} {:>6}   worst records (mean |err| ms; FN+FP)",
        "fiducial", "n", "Se%", "PPV%", "mean", "SD"
    );
    for i in 0..9 {
        let f = &s.fid[i];
        let mut by_err: Vec<(&str, f64)> = results
            .iter()
            .filter_map(|r| {
                let m = r.fid[i].mean()?;
                Some((r.record.rsplit('/').next().unwrap_or(&r.record), m))
            })
            .collect();
        by_err.sort_by(|a, b| b.1.abs().total_cmp(&a.1.abs()));
        let mut by_miss: Vec<(&str, u64)> = results
            .iter()
            .map(|r| {
                (
                    r.record.rsplit('/').next().unwrap_or(&r.record),
                    r.fid[i].fn_ + r.fid[i].fp,
                )
            })
            .filter(|x| x.1 > 0)
            .collect();
        by_miss.sort_by_key(|x| std::cmp::Reverse(x.1));
        let we: Vec<String> = by_err
            .iter()
            .take(worst)
            .map(|(n, m)| format!("{n}:{m:+.0}"))
            .collect();
        let wm: Vec<String> = by_miss
            .iter()
            .take(worst)
            .map(|(n, m)| format!("{n}:{m}"))
            .collect();
        println!(
            "{:<12} {:>6} {:>7} {:>7} {:>7} {:>6}   {}; {}",
            format!("{} {}", KINDS[i / 3].1, MARKS[i % 3]),
            f.tp + f.fn_,
            f2(f.se()),
            f2(f.ppv()),
            f1(f.mean()),
            f1(f.sd()),
            we.join(" "),
            wm.join(" ")
        );
    }
    // Where the spread comes from: the per-lead mean errors (the same for every beat of a
    // lead: the representative beat's marks) and the rest (beat to beat).
    println!("\nerror SD split: between leads (per-lead means) / within leads (beat to beat)");
    for i in [0, 2, 3, 5, 8] {
        let (mut n, mut sb, mut sw) = (0u64, 0.0f64, 0.0f64);
        let g = s.fid[i].mean().unwrap_or(0.0);
        for r in &results {
            for (_, f) in &r.per_lead {
                let f = &f[i];
                if let Some(m) = f.mean() {
                    n += f.tp;
                    sb += f.tp as f64 * (m - g).powi(2);
                    sw += f.sum2 - f.tp as f64 * m * m;
                }
            }
        }
        if n > 0 {
            println!(
                "  {:<12} {:>5.1} / {:>5.1}",
                format!("{} {}", KINDS[i / 3].1, MARKS[i % 3]),
                (sb / n as f64).sqrt(),
                (sw.max(0.0) / n as f64).sqrt()
            );
        }
    }
    println!("\nglobal intervals per record (pipeline − LUDB marks)");
    println!(
        "{:<12} {:>7} {:>9} {:>7} {:>10}",
        "interval", "records", "mean ms", "SD ms", "one-sided"
    );
    for (name, &(n, m, sd, one)) in INTERVALS.iter().zip(&s.intervals) {
        println!(
            "{:<12} {:>7} {:>9} {:>7} {:>10}",
            name,
            n,
            f1(m),
            f1(sd),
            one
        );
    }
    println!(
        "\nglobal intervals the pipeline measured (representative beat) − LUDB's global marks"
    );
    println!(
        "{:<12} {:>7} {:>9} {:>7} {:>10} | {:>9} {:>7} | {:>8} {:>8} {:>8}",
        "interval",
        "records",
        "mean ms",
        "SD ms",
        "one-sided",
        "vs ext.",
        "SD",
        "LUDB",
        "LUDB ext",
        "measured"
    );
    for (i, name) in INTERVALS.iter().enumerate() {
        let (n, m, sd, one) = s.measured[i];
        let (_, me, sde, _) = s.measured_extreme[i];
        println!(
            "{:<12} {:>7} {:>9} {:>7} {:>10} | {:>9} {:>7} | {:>8} {:>8} {:>8}",
            name,
            n,
            f1(m),
            f1(sd),
            one,
            f1(me),
            f1(sde),
            f1(s.means[0][i]),
            f1(s.means[1][i]),
            f1(s.means[2][i])
        );
    }
    println!(
        "LUDB's global marks: the second earliest onset and second latest offset over the leads \
         (the earliest and latest, \"ext.\", in the side columns); means over the records"
    );
    println!(
        "\nQRS axis: {} of {} records within 15° of the axis from LUDB's marks (mean |diff| {}°)",
        s.axis.1,
        s.axis.0,
        f1(s.axis.2)
    );
    let mut far: Vec<(&str, f64, f64, f64)> = results
        .iter()
        .filter_map(|r| {
            let (o, f) = (r.our_axis?, r.ref_axis?);
            Some((
                r.record.rsplit('/').next().unwrap_or(&r.record),
                o,
                f,
                angle_diff(o, f),
            ))
        })
        .filter(|x| x.3 > 15.0)
        .collect();
    far.sort_by(|a, b| b.3.total_cmp(&a.3));
    for (n, o, f, d) in &far {
        println!("  {n:>5}: measured {o:+.0}°, from LUDB's marks {f:+.0}° ({d:.0}° apart)");
    }
    println!(
        "LUDB's axis labels: {} of {} agree with the measured axis's category",
        s.axis_labels.0, s.axis_labels.1
    );
    for r in &results {
        if let (Some(l), Some(o)) = (r.ludb_axis, r.our_axis)
            && l != axis_category(o)
        {
            println!(
                "  {:>5}: LUDB {l}, measured {o:+.0}° ({}), from LUDB's marks {}",
                r.record.rsplit('/').next().unwrap_or(&r.record),
                axis_category(o),
                r.ref_axis.map_or("-".into(), |a| format!("{a:+.0}°"))
            );
        }
    }
    Ok(())
}
