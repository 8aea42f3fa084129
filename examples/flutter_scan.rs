//! The flutter figures of every record of a folder, or of 10 s windows cut from the rhythm
//! episodes of mitdb records: `cargo run --release --example flutter_scan -- DBDIR` (LUDB's
//! `ludb/`, a CinC folder) or `... -- MITDB_DIR 202 203 222` (windows from inside `(AFL`, `(AFIB`
//! and `(N` episodes: every window of flutter, one in six of the others, or every one with
//! `ALLWIN=1` in the environment).
//!
//! One line per record or window: reference label, predicted label, ventricular rate, RR
//! irregularity, and the unlocked (U) and locked (L) readings of [`sinus::atrial`] (atrial rate,
//! periodicity, dominance, RR over the atrial cycle, Rayleigh statistic of the RR phases); this
//! is how the thresholds of
//! [`sinus::rhythm::RhythmConfig`] for flutter were read.

use sinus::eval::rhythm::{dx_codes, ludb_header_rhythm, snomed_rhythm};
use sinus::report::Report;
use std::path::{Path, PathBuf};

fn line(name: &str, reference: &str, r: &Report) {
    let i = &r.rhythm.evidence.input;
    let f = |x: &Option<sinus::atrial::FlutterReading>| {
        x.as_ref().map_or("-".to_string(), |x| {
            format!(
                "{:3.0}/min per {:5.2} dom {:5.2} rr/cyc {:4.2} z {:4.1}",
                x.atrial_rate_bpm,
                x.periodicity,
                x.dominance,
                x.rr_over_period,
                x.rr_phase_rayleigh_z
            )
        })
    };
    println!(
        "{name:22} {reference:5} -> {:4} vrate {:>4} nrmssd {:>5} | U {:38} | L {}",
        r.rhythm.label.code(),
        i.mean_rate_bpm
            .map_or("-".to_string(), |v| format!("{v:.0}")),
        i.nrmssd.map_or("-".to_string(), |v| format!("{v:.2}")),
        f(&i.flutter_unlocked),
        f(&i.flutter_locked),
    );
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let db = PathBuf::from(
        args.first()
            .ok_or("usage: flutter_scan DBDIR [mitdb records]")?,
    );
    if args.len() > 1 {
        for name in &args[1..] {
            mitdb_windows(&db, name)?;
        }
        return Ok(());
    }
    let ludb = db.join("ludb.csv").exists();
    let text = std::fs::read_to_string(db.join("RECORDS"))?;
    for name in text.lines().map(str::trim).filter(|l| !l.is_empty()) {
        let rec = sinus::io::wfdb::read_record(db.join(name))?;
        let reference = if ludb {
            ludb_header_rhythm(rec.comments())
        } else {
            snomed_rhythm(&dx_codes(rec.comments()))
        };
        let report = sinus::analyze(&rec)?;
        line(name, reference.map_or("-", |l| l.code()), &report);
    }
    Ok(())
}

fn mitdb_windows(db: &Path, name: &str) -> Result<(), Box<dyn std::error::Error>> {
    let rec = sinus::io::wfdb::read_record(db.join(name))?;
    let ann = sinus::io::annotations::read_annotations(db.join(format!("{name}.atr")))?;
    let mut episodes: Vec<(usize, String)> = ann
        .iter()
        .filter_map(|a| {
            let aux = a.aux.as_deref()?.trim_matches(char::from(0)).trim();
            aux.starts_with('(')
                .then(|| (a.sample as usize, aux.to_string()))
        })
        .collect();
    episodes.push((rec.n_samples(), "END".into()));
    let w = rec.fs().samples(10.0);
    let skip = rec.fs().samples(1.0);
    for e in episodes.windows(2) {
        let ((s0, label), (s1, _)) = (&e[0], &e[1]);
        let step = match label.as_str() {
            "(AFL" => w,
            "(AFIB" | "(N" if std::env::var_os("ALLWIN").is_some() => w,
            "(AFIB" | "(N" => 6 * w,
            _ => continue,
        };
        let mut st = s0 + skip;
        while st + w <= *s1 {
            let report = sinus::analyze(&rec.slice_samples(st, st + w))?;
            let at = format!("{name}@{:.2}min", st as f64 / rec.fs().hz() / 60.0);
            line(&at, label, &report);
            st += step;
        }
    }
    Ok(())
}
