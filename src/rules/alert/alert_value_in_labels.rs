use crate::declare_rule;
use crate::diagnostic::Diagnostic;
use crate::gotemplate;
use crate::rules::{Check, RuleContext};

declare_rule! {
    /// ## What it does
    /// Reports `$value` or `.Value` used in an alert's labels.
    ///
    /// ## Why is this bad?
    /// Labels identify an alert. When a label changes with the sample value, every evaluation creates a new
    /// alert and resolves the old one: Alertmanager sends a fresh notification each time, and `for` never
    /// completes because the alert keeps restarting. Put the value in an annotation.
    ///
    /// ## Example
    /// ```yaml
    /// labels:
    ///   current: "{{ $value }}"        # move to annotations
    /// ```
    pub static RULE = {
        code: "ALR010",
        name: "alert-value-in-labels",
        severity: Error,
        summary: "A label uses `$value`, creating a new alert on every value change",
        check: Check::Rule(check),
    }
}

fn check(cx: &RuleContext, out: &mut Vec<Diagnostic>) {
    if !cx.is_alert() {
        return;
    }
    for (key, value) in &cx.rule.labels {
        let Ok(info) = gotemplate::analyze(&value.value) else {
            continue;
        };
        if let Some(first) = info.value_refs.first() {
            out.push(
                cx.diagnostic(
                    CODE,
                    super::span_in_value(cx, value, first.clone()),
                    format!("label `{}` uses the sample value", key.value),
                )
                .with_help("a label that changes with the value makes a new alert on every evaluation; move it to `annotations`"),
            );
        }
    }
}
