//! What rules are given: the facts of one rule with its group and document, or the whole project index.

use crate::alerts::model::{Rule, RuleDocument, RuleGroup};
use crate::alerts::settings::AlertSettings;
use crate::diagnostic::Diagnostic;
use crate::index::ProjectIndex;
use crate::source::SourceFile;
use crate::source::Str;

/// One alerting or recording rule, with everything around it.
pub struct RuleContext<'a> {
    pub index: &'a ProjectIndex,
    pub settings: &'a AlertSettings,
    pub document: &'a RuleDocument,
    pub group: &'a RuleGroup,
    pub rule: &'a Rule,
}

impl<'a> RuleContext<'a> {
    pub fn file(&self) -> &'a SourceFile {
        &self.index.files[self.document.file]
    }

    pub fn is_alert(&self) -> bool {
        self.rule.kind == crate::alerts::model::RuleKind::Alert
    }

    /// A finding about this rule, carrying its identity for the fingerprint.
    pub fn diagnostic(
        &self,
        code: &'static str,
        span: std::ops::Range<usize>,
        message: impl Into<String>,
    ) -> Diagnostic {
        Diagnostic::new(code, self.document.file, span, message)
            .with_identity(self.rule.identity(self.group))
    }

    /// A label of the rule, or else of its group (Prometheus adds group labels to every rule).
    pub fn effective_label(&self, name: &str) -> Option<&'a Str> {
        self.rule.label(name).or_else(|| self.group.label(name))
    }

    /// The first of `names` that is an annotation of the rule.
    pub fn first_annotation(&self, names: &[String]) -> Option<&'a Str> {
        names.iter().find_map(|n| self.rule.annotation(n))
    }

    /// Where "this alert" findings point: the name after `alert:`.
    pub fn name_span(&self) -> std::ops::Range<usize> {
        self.rule.name.span.clone()
    }
}

/// The whole project, for cross-file checks.
pub struct ProjectContext<'a> {
    pub index: &'a ProjectIndex,
    pub settings: &'a AlertSettings,
    pub metrics: &'a crate::rules::met::MetricSettings,
}

impl<'a> ProjectContext<'a> {
    /// Entry points, coverage and the metric catalog (built whenever an INS or MET rule runs).
    pub fn telemetry(&self) -> Option<&'a crate::instrument::Telemetry> {
        self.index.telemetry.as_ref()
    }
}

/// One Python file's facts: the sensitive values that reach telemetry in it.
pub struct PythonContext<'a> {
    pub index: &'a ProjectIndex,
    pub settings: &'a crate::python::settings::PythonSettings,
    pub file: usize,
    pub leaks: &'a [crate::python::flow::Leak],
}

impl<'a> PythonContext<'a> {
    pub fn file(&self) -> &'a SourceFile {
        &self.index.files[self.file]
    }
}
