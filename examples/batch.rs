//! Analyse many records in parallel: `cargo run --release --example batch --
//! INPUT_DIR_OR_RECORDS_FILE --out DIR [--threads N] [--shard K/N]`.
//!
//! INPUT is a folder (every `*.hea` below it, sorted) or a text file listing record paths one per
//! line (relative paths are taken from the file's folder; a PhysioNet `RECORDS` file works).
//! Writes `DIR/<record>.json` per record, `DIR/reports.jsonl` (one line per record, in input
//! order, errors included) and `DIR/summary.csv`. A record that cannot be read or analysed is
//! listed with its error; the others go on.
//!
//! `--shard K/N` analyses only the records at positions K mod N of the list (one machine of N;
//! see `sinus::batch::Shard`): the shards' `summary.csv` and `reports.jsonl` concatenate, in
//! shard order, into the lines one run writes (only shard 0 writes the CSV header).
//!
//! Folders are walked by `sinus::batch::find_records`, which survives what real folders hold:
//! symbolic link loops and links out of the folder are skipped (and said so on stderr),
//! unreadable entries are skipped, names need not be UTF-8 (output names escape such bytes as
//! `%XX`); a record that vanishes or cannot be read during the run is listed with its error.

use clap::Parser;
use sinus::Pipeline;
use sinus::batch::{
    Outcome, SUMMARY_HEADER, Shard, Skipped, find_records, output_names, run, summary_row,
};
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};

/// Analyse every record of a folder or a records file.
#[derive(Parser)]
struct Args {
    /// A folder of WFDB records, or a file listing record paths.
    input: PathBuf,
    /// Output folder (created if absent).
    #[arg(long)]
    out: PathBuf,
    /// Worker threads (default: all cores).
    #[arg(long, default_value_t = 0)]
    threads: usize,
    /// Also write `DIR/<record>.html`: the printed ECG and the report on one self-contained page.
    #[arg(long)]
    html: bool,
    /// Only the records at positions K mod N of the list, e.g. 0/4 (default: all).
    #[arg(long, default_value_t = Shard::ALL)]
    shard: Shard,
}

/// The records to read, and the entries skipped while finding them.
fn list_inputs(input: &Path) -> std::io::Result<(Vec<PathBuf>, Vec<Skipped>)> {
    if input.is_dir() {
        Ok(find_records(input))
    } else {
        let base = input.parent().unwrap_or(Path::new("."));
        let text = std::fs::read(input)?;
        let list = String::from_utf8_lossy(&text)
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
            .map(|l| base.join(l))
            .collect();
        Ok((list, Vec::new()))
    }
}

fn base_of(input: &Path) -> &Path {
    if input.is_dir() {
        input
    } else {
        input.parent().unwrap_or(Path::new("."))
    }
}

#[derive(Clone)]
struct Item {
    path: PathBuf,
    name: String,
}

impl std::fmt::Display for Item {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.name)
    }
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args = Args::parse();
    let (paths, skipped) = list_inputs(&args.input)?;
    for s in &skipped {
        eprintln!("skipped {}: {}", s.path.display(), s.reason);
    }
    let names = output_names(&paths, base_of(&args.input));
    // Output names come from the whole list, so a record keeps its name in any shard.
    let all: Vec<Item> = paths
        .into_iter()
        .zip(names)
        .map(|(path, name)| Item { path, name })
        .collect();
    let items = args.shard.select(&all);
    std::fs::create_dir_all(&args.out)?;
    let mut jsonl = std::io::BufWriter::new(std::fs::File::create(args.out.join("reports.jsonl"))?);
    let mut csv = csv::Writer::from_path(args.out.join("summary.csv"))?;
    if args.shard.writes_header() {
        csv.write_record(SUMMARY_HEADER)?;
    }
    let bar = std::io::stderr().is_terminal().then(|| {
        let b = indicatif::ProgressBar::new(items.len() as u64);
        b.set_style(
            indicatif::ProgressStyle::with_template("{bar:40} {pos}/{len} {per_sec} eta {eta}")
                .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
        );
        b
    });
    let pipeline = Pipeline::default();
    let (mut ok, mut failed) = (0usize, 0usize);
    let mut io_error: Option<std::io::Error> = None;
    let t0 = std::time::Instant::now();
    run(
        &items,
        &pipeline,
        args.threads,
        |it: &Item| {
            sinus::io::wfdb::read_record(&it.path).map_err(|e| sinus::error::Chain(&e).to_string())
        },
        |o: Outcome| {
            let line = match &o.result {
                Ok(r) => {
                    ok += 1;
                    let path = args.out.join(format!("{}.json", o.name));
                    if let Err(e) = r
                        .to_json_pretty()
                        .map_err(std::io::Error::other)
                        .and_then(|j| std::fs::write(&path, j))
                    {
                        io_error.get_or_insert(e);
                    }
                    if args.html {
                        let html = args.out.join(format!("{}.html", o.name));
                        if let Err(e) = write_html(&items[o.index].path, r, &html) {
                            io_error.get_or_insert(e);
                        }
                    }
                    r.to_json().unwrap_or_else(|e| {
                        serde_json::json!({ "record": o.name, "error": e.to_string() }).to_string()
                    })
                }
                Err(e) => {
                    failed += 1;
                    serde_json::json!({ "record": o.name, "error": e }).to_string()
                }
            };
            if let Err(e) = writeln!(jsonl, "{line}") {
                io_error.get_or_insert(e);
            }
            if let Err(e) = csv.write_record(summary_row(&o)) {
                io_error.get_or_insert(std::io::Error::other(e));
            }
            if let Some(b) = &bar {
                b.inc(1);
            }
        },
    )?;
    if let Some(b) = bar {
        b.finish_and_clear();
    }
    jsonl.flush()?;
    csv.flush()?;
    if let Some(e) = io_error {
        return Err(e.into());
    }
    eprintln!(
        "{} records: {ok} reported, {failed} failed ({} folder entries skipped), in {:.2} s; output in {}",
        items.len(),
        skipped.len(),
        t0.elapsed().as_secs_f64(),
        args.out.display()
    );
    Ok(())
}

/// The HTML page of one record (read again here: the batch hands its sink the report only).
fn write_html(record: &Path, report: &sinus::Report, out: &Path) -> std::io::Result<()> {
    let rec = sinus::io::wfdb::read_record(record).map_err(std::io::Error::other)?;
    let html = sinus::render::html(&rec, report, &sinus::render::RenderOptions::default())
        .map_err(std::io::Error::other)?;
    std::fs::write(out, html)
}
