//! The rules a run selected, with their severities and per-file ignores: resolved from the config and
//! the command line by the command layer, read by the stages that skip work no selected rule needs.

use super::RuleDef;
use crate::diagnostic::Severity;
use globset::GlobMatcher;
use std::collections::HashMap;

pub struct RuleSelection {
    enabled: Vec<&'static RuleDef>,
    severity: HashMap<&'static str, Severity>,
    per_file_ignores: Vec<(GlobMatcher, Vec<&'static RuleDef>)>,
}

impl RuleSelection {
    pub fn new(
        enabled: Vec<&'static RuleDef>,
        severity: HashMap<&'static str, Severity>,
        per_file_ignores: Vec<(GlobMatcher, Vec<&'static RuleDef>)>,
    ) -> Self {
        RuleSelection {
            enabled,
            severity,
            per_file_ignores,
        }
    }

    pub fn is_enabled(&self, code: &str) -> bool {
        self.enabled.iter().any(|r| r.code == code)
    }

    pub fn severity_of(&self, rule: &RuleDef) -> Severity {
        self.severity
            .get(rule.code)
            .copied()
            .unwrap_or(rule.default_severity)
    }

    /// The severity of one finding: the config's per-code setting wins, then the finding's own (a PII
    /// finding's category), then the rule's default.
    pub fn severity_for(&self, rule: &RuleDef, own: Option<Severity>) -> Severity {
        self.severity
            .get(rule.code)
            .copied()
            .or(own)
            .unwrap_or(rule.default_severity)
    }

    /// Whether `per-file-ignores` turns `code` off for a path relative to the project root.
    pub fn ignored_in(&self, code: &str, root_relative: &str) -> bool {
        self.per_file_ignores.iter().any(|(glob, rules)| {
            glob.is_match(root_relative) && rules.iter().any(|r| r.code == code)
        })
    }

    pub fn enabled(&self) -> &[&'static RuleDef] {
        &self.enabled
    }
}
