use crate::declare_rule;
use crate::diagnostic::Diagnostic;
use crate::rules::{Check, RuleContext};

declare_rule! {
    /// ## What it does
    /// Applies the `[[alerts.policy]]` entries of the config: for alerts matching a policy's `when`
    /// (label values, group name, alert name, file; globs), it requires the listed labels and annotations.
    ///
    /// ## Why is this bad?
    /// Teams agree on more than the basics: every critical alert links a dashboard, every paging alert
    /// names a pager rotation. A policy in the config makes that agreement checked instead of remembered.
    ///
    /// ## Example
    /// ```toml
    /// [[alerts.policy]]
    /// when = { labels = { severity = "critical" } }
    /// require-annotations = ["dashboard"]
    /// require-labels = ["pager"]
    /// ```
    ///
    /// ## Options
    /// - `when`: `labels = { name = "glob" }`, `group = "glob"`, `alert = "glob"`, `file = "glob"`; all must match.
    /// - `require-labels`, `require-annotations`: what matching alerts must have.
    /// - `exempt`: rule codes or prefixes that do not apply to matching alerts (generated rules).
    pub static RULE = {
        code: "ALR012",
        name: "policy-violation",
        severity: Error,
        summary: "The alert lacks a label or annotation a config policy requires",
        check: Check::Rule(check),
    }
}

fn check(cx: &RuleContext, out: &mut Vec<Diagnostic>) {
    if !cx.is_alert() {
        return;
    }
    for policy in crate::rules::policy::matching(cx) {
        for label in &policy.require_labels {
            if cx.effective_label(label).is_none() {
                out.push(
                    cx.diagnostic(
                        CODE,
                        cx.name_span(),
                        format!("alert `{}` has no `{label}` label", cx.rule.name.value),
                    )
                    .with_identity(format!("{}/label:{label}", cx.rule.identity(cx.group)))
                    .with_help(format!(
                        "policy #{} of the config requires it for alerts like this one",
                        policy.number
                    )),
                );
            }
        }
        for annotation in &policy.require_annotations {
            if cx.rule.annotation(annotation).is_none() {
                out.push(
                    cx.diagnostic(
                        CODE,
                        cx.name_span(),
                        format!(
                            "alert `{}` has no `{annotation}` annotation",
                            cx.rule.name.value
                        ),
                    )
                    .with_identity(format!(
                        "{}/annotation:{annotation}",
                        cx.rule.identity(cx.group)
                    ))
                    .with_help(format!(
                        "policy #{} of the config requires it for alerts like this one",
                        policy.number
                    )),
                );
            }
        }
    }
}
