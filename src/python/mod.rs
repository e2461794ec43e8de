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

/// What parsing one Python file yields, before it is given its place in the run: what the cache keeps.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct ParsedPython {
    /// Where the first syntax error is (PY001).
    pub syntax_error: Option<std::ops::Range<usize>>,
    pub leaks: Vec<flow::Leak>,
    pub spans: spans::SpanFacts,
    pub repr_classes: Vec<(String, Option<bool>)>,
    /// Kept only when the instrumentation checks need the whole model.
    pub model: Option<model::PythonFile>,
}

impl ParsedPython {
    /// The facts of file number `file` in this run.
    pub fn into_facts(self, file: usize) -> PythonFacts {
        PythonFacts {
            file,
            leaks: self.leaks,
            spans: self.spans,
            repr_classes: self.repr_classes,
            model: self.model.map(std::sync::Arc::new),
        }
    }
}
