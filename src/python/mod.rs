//! Python: the fact pass (tree-sitter → `model`), the sinks and sensitive names rules look for, and the
//! in-function flow of sensitive values.

pub mod extract;
pub mod flow;
pub mod model;
pub mod paths;
pub mod prefilter;
pub mod sensitive;
pub mod settings;
pub mod sinks;
pub mod spans;

/// A Python file's facts for the rules.
pub struct PythonFacts {
    pub file: usize,
    pub leaks: Vec<flow::Leak>,
    /// The file's facts, kept when the instrumentation checks need them after every file is read.
    pub model: Option<std::sync::Arc<model::PythonFile>>,
    /// The spans the file starts and what it sets on them (when a TRC rule runs).
    pub spans: spans::SpanFacts,
    /// Every class the file defines, and whether its `__repr__`/`__str__` leaves secrets out
    /// (`ClassDef::repr_hides_secrets`).
    pub repr_classes: Vec<(String, Option<bool>)>,
}
