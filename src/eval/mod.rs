//! Scoring against reference annotations: EC57 beat-by-beat comparison ([`beats`]), beat-class
//! scoring of the premature beats ([`classes`]) and rhythm-label scoring ([`rhythm`]).

pub mod beats;
pub mod classes;
pub mod rhythm;
