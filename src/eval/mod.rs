//! Scoring against reference annotations: EC57 beat-by-beat comparison ([`beats`]), beat-class
//! scoring of the premature beats ([`classes`]), rhythm-label scoring ([`rhythm`]) and the
//! stress protocol's comparison of disturbed and clean reads ([`stress`]).

pub mod beats;
pub mod classes;
pub mod rhythm;
pub mod stress;
