//! Alert and recording rules: recognising rule files, validating them, and extracting facts.

pub mod extract;
pub mod model;
pub mod monitoring;
pub mod schema;
pub mod validate;
