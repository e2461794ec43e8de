//! The one finding type every rule produces, kept apart from how findings are rendered.

use std::ops::Range;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Info,
    Warning,
    Error,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }

    pub fn parse(s: &str) -> Option<Severity> {
        match s {
            "info" => Some(Severity::Info),
            "warning" => Some(Severity::Warning),
            "error" => Some(Severity::Error),
            _ => None,
        }
    }
}

/// A secondary location shown next to the primary one ("first defined here").
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Label {
    pub span: Range<usize>,
    pub message: String,
}

/// Whether a fix may be applied without a person's judgement (ruff's applicability): a safe fix keeps
/// what the rule or code means; an unsafe one changes behaviour (an alert's window, a metric's name).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Applicability {
    Safe,
    Unsafe,
}

/// One replacement of a byte range of a file of the run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Edit {
    pub file: usize,
    pub span: Range<usize>,
    pub replacement: String,
}

/// What `--fix` does about a finding: edits applied together or not at all.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fix {
    pub applicability: Applicability,
    pub edits: Vec<Edit>,
}

/// A finding. `file` indexes the run's file table; spans are byte ranges into that file.
/// Severity is filled in from the rule's default (or the config override) by the runner.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub code: &'static str,
    pub message: String,
    pub help: Option<String>,
    pub file: usize,
    pub span: Range<usize>,
    pub labels: Vec<Label>,
    /// What the finding is about, stable across unrelated edits: the group and alert name, say.
    /// Feeds the fingerprint together with the code, path and offending text.
    pub identity: String,
    /// A severity of the finding's own (a PII leak's category), used unless the config sets the code's.
    pub severity: Option<Severity>,
    /// The rule's fix, when it has one for this finding.
    pub fix: Option<Fix>,
}

impl Diagnostic {
    pub fn new(
        code: &'static str,
        file: usize,
        span: Range<usize>,
        message: impl Into<String>,
    ) -> Self {
        Diagnostic {
            code,
            message: message.into(),
            help: None,
            file,
            span,
            labels: Vec::new(),
            identity: String::new(),
            severity: None,
            fix: None,
        }
    }

    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    pub fn with_identity(mut self, identity: impl Into<String>) -> Self {
        self.identity = identity.into();
        self
    }

    /// A fix replacing `span` of this finding's file with `replacement`.
    pub fn with_fix(
        mut self,
        applicability: Applicability,
        span: Range<usize>,
        replacement: String,
    ) -> Self {
        self.fix = Some(Fix {
            applicability,
            edits: vec![Edit {
                file: self.file,
                span,
                replacement,
            }],
        });
        self
    }

    pub fn with_label(mut self, span: Range<usize>, message: impl Into<String>) -> Self {
        self.labels.push(Label {
            span,
            message: message.into(),
        });
        self
    }
}
