//! Delineate a record and write one WFDB annotation file per lead, in LUDB's own convention.
//!
//! ```text
//! cargo run --release --example delineate -- RECORD --out DIR
//! ```
//! `RECORD` is the record path without extension (`../shared/physionet/ludb/data/1`). For each
//! lead the pipeline read, `DIR/<record>.<lead>` (the lead name in lower case: `i`, `ii`, `avr`,
//! `v1`, ..., `v4r`, `v7`) gets, for every wave, the three marks `(` onset, the peak symbol (`p`
//! for P, `N` for QRS, `t` for T) and `)` offset, in time order, as LUDB's annotators wrote
//! them; so LUDB's tools, WFDB's (`rdann -r 1 -a i`) and this crate's own scorer read the output
//! as they read LUDB.

use sinus::annotation::{Annotation, Code};
use sinus::delineate::Delineation;
use sinus::io::annotations::write_annotations;
use sinus::io::wfdb::read_record;
use sinus::{Config, Pipeline};
use std::error::Error;
use std::path::PathBuf;

/// The marks of lead `k` in LUDB's convention, in time order.
fn lead_annotations(d: &Delineation, k: usize) -> Vec<Annotation> {
    let mut out = Vec::new();
    let mut wave = |on: usize, pk: usize, off: usize, code: Code| {
        out.push(Annotation::new(on as u64, Code::WFON));
        out.push(Annotation::new(pk as u64, code));
        out.push(Annotation::new(off as u64, Code::WFOFF));
    };
    for b in &d.beats {
        let Some(l) = b.leads.get(k) else { continue };
        if let Some(p) = l.p {
            wave(p.onset, p.peak, p.offset, Code::PWAVE);
        }
        if let Some(q) = l.qrs {
            wave(q.onset, q.peak, q.offset, Code::NORMAL);
        }
        if let Some(t) = l.t {
            wave(t.onset, t.peak, t.offset, Code::TWAVE);
        }
    }
    // Waves of neighbouring beats can overlap at fast rates; a stable sort keeps each wave's
    // marks in order.
    out.sort_by_key(|a| a.sample);
    out
}

fn run() -> Result<(), Box<dyn Error>> {
    let mut record = None;
    let mut out_dir: Option<PathBuf> = None;
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--out" => out_dir = Some(args.next().ok_or("--out needs a value")?.into()),
            s if s.starts_with("--") => return Err(format!("unknown option {s}").into()),
            s => record = Some(PathBuf::from(s)),
        }
    }
    let record = record.ok_or("usage: delineate RECORD --out DIR")?;
    let out_dir = out_dir.ok_or("usage: delineate RECORD --out DIR")?;
    std::fs::create_dir_all(&out_dir)?;
    let rec = read_record(&record)?;
    let a = Pipeline::new(Config::default())?.analyze_full(&rec, &Default::default())?;
    let name = record
        .file_name()
        .and_then(|s| s.to_str())
        .ok_or("record path has no file name")?;
    let mut written = 0;
    for (k, lead) in rec.leads().iter().enumerate() {
        let anns = lead_annotations(&a.delineation, k);
        if anns.is_empty() {
            continue;
        }
        let path = out_dir.join(format!("{name}.{}", lead.name().to_ascii_lowercase()));
        write_annotations(&path, &anns)?;
        written += 1;
    }
    println!(
        "{name}: {} beats, {written} lead files in {}",
        a.delineation.beats.len(),
        out_dir.display()
    );
    if let Some(m) = &a.report.measurements {
        let g = &m.global;
        let f = |v: Option<f64>| v.map_or("-".to_string(), |x| format!("{x:.0}"));
        println!(
            "PR {} ms, QRS {} ms, QT/QTc {}/{} ms, P/QRS/T axes {}/{}/{}°",
            f(g.pr_ms),
            f(g.qrs_ms),
            f(g.qt_ms),
            f(g.qtc_ms),
            f(g.p_axis_deg),
            f(g.qrs_axis_deg),
            f(g.t_axis_deg)
        );
    }
    Ok(())
}

fn main() {
    if let Err(e) = run() {
        eprintln!("delineate: {e}");
        std::process::exit(1);
    }
}
