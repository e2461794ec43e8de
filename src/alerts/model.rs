//! Facts about alert and recording rules: plain structs with spans, the only view rules get of a rule file.

use crate::source::Str;
use std::ops::Range;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RuleFileKind {
    /// A Prometheus rule file: `groups:` at the top of the document.
    Plain,
    /// A Kubernetes `kind: PrometheusRule`, with the groups under `spec`.
    PrometheusRule,
}

/// One document that holds rule groups (a file can hold several).
#[derive(Debug, Clone)]
pub struct RuleDocument {
    pub file: usize,
    pub kind: RuleFileKind,
    pub groups: Vec<RuleGroup>,
}

#[derive(Debug, Clone)]
pub struct RuleGroup {
    pub name: Option<Str>,
    pub interval: Option<Str>,
    /// Group-level labels, added to every rule of the group.
    pub labels: Vec<(Str, Str)>,
    pub rules: Vec<Rule>,
    /// Where the group item starts.
    pub span: Range<usize>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RuleKind {
    Alert,
    Record,
}

#[derive(Debug, Clone)]
pub struct Rule {
    pub kind: RuleKind,
    /// The `alert:` or `record:` name.
    pub name: Str,
    pub expr: Option<Expression>,
    pub for_: Option<Str>,
    pub keep_firing_for: Option<Str>,
    pub labels: Vec<(Str, Str)>,
    pub annotations: Vec<(Str, Str)>,
    /// From the rule item's first key to its last value: a diff touching any of it touches the rule.
    pub span: Range<usize>,
}

#[derive(Debug, Clone)]
pub struct Expression {
    pub text: Str,
    /// None when the expression does not parse; `error` says why (reported as PQL001).
    pub ast: Option<promql_parser::parser::Expr>,
    pub error: Option<String>,
}

impl Rule {
    pub fn label(&self, name: &str) -> Option<&Str> {
        find(&self.labels, name)
    }

    pub fn annotation(&self, name: &str) -> Option<&Str> {
        find(&self.annotations, name)
    }

    /// A readable identity for messages and fingerprints: `group/alert`.
    pub fn identity(&self, group: &RuleGroup) -> String {
        let group_name = group.name.as_ref().map_or("", |n| n.value.as_str());
        format!("{group_name}/{}", self.name.value)
    }
}

impl RuleGroup {
    pub fn label(&self, name: &str) -> Option<&Str> {
        find(&self.labels, name)
    }
}

fn find<'a>(pairs: &'a [(Str, Str)], name: &str) -> Option<&'a Str> {
    pairs.iter().find(|(k, _)| k.value == name).map(|(_, v)| v)
}
