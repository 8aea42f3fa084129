//! Scoring against reference annotations: EC57 beat-by-beat comparison ([`beats`]) and rhythm-label
//! scoring ([`rhythm`]).

pub mod beats;
pub mod rhythm;
