//! Python: the fact pass (tree-sitter → `model`), the sinks and sensitive names rules look for, and the
//! in-function flow of sensitive values.

pub mod extract;
pub mod flow;
pub mod model;
pub mod prefilter;
pub mod sensitive;
pub mod sinks;
pub mod spans;
