//! `[python]` of the plan: what the Python checks need to know about the project. The command layer
//! resolves it from the config; the fact extractors and rules read it.

use crate::diagnostic::Severity;
use globset::GlobMatcher;
use std::collections::HashMap;

/// `[python]`: what the Python checks need to know about the project.
pub struct PythonSettings {
    pub logger_objects: Vec<String>,
    pub redaction_functions: Vec<String>,
    /// Severity of a leak by category: secret and financial are errors, pii and health warnings.
    pub category_severity: HashMap<super::sensitive::Category, Severity>,
    /// `[[python.critical-paths]]`: entry points that must be instrumented.
    pub critical_paths: Vec<CriticalPath>,
}

/// Functions named critical by the config.
pub struct CriticalPath {
    /// Root-relative file glob.
    pub path: GlobMatcher,
    /// Function name pattern (`reconcile_*`).
    pub function: Option<GlobMatcher>,
    /// A decorator, written as in the code (`billing.job` or `job`).
    pub decorator: Option<String>,
}

impl Default for PythonSettings {
    fn default() -> Self {
        use super::sensitive::Category;
        PythonSettings {
            logger_objects: Vec::new(),
            redaction_functions: Vec::new(),
            category_severity: [
                (Category::Secret, Severity::Error),
                (Category::Financial, Severity::Error),
                // An e-mail address in a log line fails the default gate, as `obslint rules` says.
                (Category::Pii, Severity::Error),
                (Category::Health, Severity::Error),
            ]
            .into_iter()
            .collect(),
            critical_paths: Vec::new(),
        }
    }
}
