pub mod alert_always_fires;
pub mod alert_missing_description;
pub mod alert_missing_owner;
pub mod alert_missing_severity;
pub mod alert_missing_summary;
pub mod alert_severity_not_allowed;
pub mod alert_template_invalid;
pub mod alert_template_unknown_label;
pub mod alert_value_in_labels;
pub mod duplicate_alert;
pub mod paging_alert_flaps;
pub mod policy_violation;
pub mod template_query_label_literal;

use super::RuleContext;
use crate::diagnostic::Diagnostic;

/// Reports a missing annotation (summary, description) on alerts: shared by ALR004 and ALR005.
fn require_annotation(
    cx: &RuleContext,
    code: &'static str,
    names: &[String],
    what: &str,
    why: &str,
    empty_is_a_decision: bool,
    out: &mut Vec<Diagnostic>,
) {
    if !cx.is_alert() {
        return;
    }
    if names.iter().any(|n| {
        cx.rule
            .annotation(n)
            .is_some_and(|a| empty_is_a_decision || !a.value.trim().is_empty())
    }) {
        return;
    }
    let first = names.first().map_or(what, String::as_str);
    out.push(
        cx.diagnostic(
            code,
            cx.name_span(),
            format!("alert `{}` has no {what}", cx.rule.name.value),
        )
        .with_help(format!("add a `{first}` annotation: {why}")),
    );
}

/// Every label and annotation value of the rule, with which of the two it is: the templates Prometheus
/// expands for each alert.
fn templates<'a>(
    cx: &RuleContext<'a>,
) -> impl Iterator<Item = (&'static str, &'a crate::source::Str, &'a crate::source::Str)> {
    let labels = cx.rule.labels.iter().map(|(k, v)| ("label", k, v));
    let annotations = cx
        .rule
        .annotations
        .iter()
        .map(|(k, v)| ("annotation", k, v));
    labels.chain(annotations)
}

/// A span inside a label or annotation value, in the file.
fn span_in_value(
    cx: &RuleContext,
    value: &crate::source::Str,
    range: std::ops::Range<usize>,
) -> std::ops::Range<usize> {
    crate::yaml::scalar_map::locate(&cx.file().text, &value.span, &value.value, range)
}
