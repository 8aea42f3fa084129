//! Score sinus against a PhysioNet database.
//!
//! ```text
//! cargo run --release --example evaluate -- qrs DBDIR [--records 100,101] [--from-5min] [--leads 0|all|0,1] [--json]
//! cargo run --release --example evaluate -- rhythm ...
//! cargo run --release --example evaluate -- classes DBDIR [--json]
//! cargo run --release --example evaluate -- statements DBDIR [DBDIR ...] [--reference-boundaries] [--json]
//! cargo run --release --example evaluate -- stress DBDIR [--json] [--records a,b] [--seed S] [--verbose]
//! cargo run --release --example evaluate -- delineation DBDIR [--json] [--even|--odd] [--set key=value]
//! ```
//! `qrs` runs the QRS detector on every record of `DBDIR` (its `RECORDS` file) and compares the
//! beats with the reference EC57 beat by beat (150 ms): MIT-BIH style databases against `.atr`,
//! LUDB against the `N` annotations of the lead-II annotator `.ii`, scored between its first and
//! last annotation.

mod classes;
mod delineation;
mod delineation_report;
mod qrs;
mod rhythm;
mod statements;
mod stress;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("qrs") => qrs::run(&args[1..]),
        Some("rhythm") => rhythm::run(&args[1..]),
        Some("classes") => classes::run(&args[1..]),
        Some("statements") => statements::run(&args[1..]),
        Some("stress") => stress::run(&args[1..]),
        Some("delineation") => delineation_report::run(&args[1..]),
        _ => Err("usage: evaluate qrs DBDIR [--records a,b] [--from-5min] [--leads 0|all] [--json]\n       evaluate rhythm ...\n       evaluate classes DBDIR [--json]\n       evaluate statements DBDIR [DBDIR ...] [--reference-boundaries] [--json]\n       evaluate stress DBDIR [--json] [--records a,b] [--seed S] [--verbose]\n       evaluate delineation DBDIR [--json] [--even|--odd] [--set key=value]".into()),
    };
    if let Err(e) = result {
        eprintln!("evaluate: {e}");
        std::process::exit(1);
    }
}
