//! The metric catalog checked against the alert rules, and metric naming.

pub mod alert_metric_not_emitted;
pub mod critical_metric_not_alerted;
pub mod histogram_threshold_not_a_bucket;
pub mod metric_name_convention;
pub mod unbounded_metric_label;

use crate::alerts::model::{Rule, RuleKind};
use crate::index::ProjectIndex;
use std::collections::HashSet;

/// `[metrics]`: the options of the MET rules.
#[derive(Default)]
pub struct MetricSettings {
    /// None: the first name segment of every metric the code defines.
    pub prefixes: Option<Vec<String>>,
    pub critical: Vec<String>,
}

/// Every rule with its file, in file order.
pub fn rules(index: &ProjectIndex) -> impl Iterator<Item = (usize, &Rule)> {
    index.rule_documents.iter().flat_map(|d| {
        d.groups
            .iter()
            .flat_map(move |g| g.rules.iter().map(move |r| (d.file, r)))
    })
}

/// The series names a rule's expression selects.
pub fn selected(rule: &Rule) -> Vec<String> {
    let Some(ast) = rule.expr.as_ref().and_then(|e| e.ast.as_ref()) else {
        return Vec::new();
    };
    crate::promql::analysis::selectors(ast)
        .into_iter()
        .filter_map(|vs| vs.name.clone())
        .collect()
}

/// Series some alert reads, directly or through recording rules (followed to a fixed point).
pub fn watched(index: &ProjectIndex) -> HashSet<String> {
    let mut watched: HashSet<String> = rules(index)
        .filter(|(_, r)| r.kind == RuleKind::Alert)
        .flat_map(|(_, r)| selected(r))
        .collect();
    loop {
        let before = watched.len();
        for (_, rule) in rules(index).filter(|(_, r)| r.kind == RuleKind::Record) {
            if watched.contains(&rule.name.value) {
                watched.extend(selected(rule));
            }
        }
        if watched.len() == before {
            return watched;
        }
    }
}
