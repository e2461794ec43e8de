//! Alert and recording rules: recognising rule files, validating them, and extracting facts.

pub mod dialect;
pub mod extract;
pub mod model;
pub mod monitoring;
pub mod schema;
pub mod settings;
pub mod slospec;
pub mod templated;
pub mod unittest;
pub mod validate;
