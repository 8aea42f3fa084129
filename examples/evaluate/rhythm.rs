//! Rhythm scoring: placeholder until the pipeline's rhythm classifier lands (this file is
//! replaced by the pipeline work).

/// Always an error for now: rhythm scoring is not built yet.
pub fn run(_args: &[String]) -> Result<(), Box<dyn std::error::Error>> {
    Err("rhythm scoring not built yet".into())
}
