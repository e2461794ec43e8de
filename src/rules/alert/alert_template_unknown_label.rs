use crate::declare_rule;
use crate::diagnostic::Diagnostic;
use crate::gotemplate;
use crate::promql::labels::output_labels_with;
use crate::rules::{Check, RuleContext};

declare_rule! {
    /// ## What it does
    /// Reports `{{ $labels.x }}` in a template when the expression's result cannot carry label `x`:
    /// - it was aggregated away (`sum by (job) (...)` keeps only `job`; `without (x)` drops `x`; an
    ///   aggregation without `by` keeps nothing), or dropped by `on (...)` matching;
    /// - the series come from `absent()`, which has only the selector's `=` matchers as labels;
    /// - it is `alertname` or one of the rule's own static labels, which annotation templates never see:
    ///   Prometheus adds them after expanding templates, so `{{ $labels.severity }}` renders empty
    ///   (`promtool test rules` shows it), unless the expression shows the series carry that label themselves
    ///   (a matcher or a `by` on it, or a recorded series whose recording rule sets that label).
    ///
    /// ## Why is this bad?
    /// The template renders an empty string: "Instance  is down", in the page that should say which instance.
    ///
    /// ## Example
    /// ```yaml
    /// expr: sum by (job) (rate(http_errors_total[5m])) > 1
    /// annotations:
    ///   summary: "Errors on {{ $labels.instance }}"     # aggregated away: always empty
    /// ```
    pub static RULE = {
        code: "ALR007",
        name: "alert-template-unknown-label",
        severity: Error,
        summary: "A template reads a label the alert's series cannot have",
        check: Check::Rule(check),
    }
}

fn check(cx: &RuleContext, out: &mut Vec<Diagnostic>) {
    if !cx.is_alert() {
        return;
    }
    let Some(ast) = cx.rule.expr.as_ref().and_then(|e| e.ast.as_ref()) else {
        return;
    };
    let mut labels = None;
    for (kind, key, value) in super::templates(cx) {
        let Ok(info) = gotemplate::analyze(&value.value) else {
            continue;
        };
        for reference in info.label_refs {
            let set =
                labels.get_or_insert_with(|| output_labels_with(ast, &cx.index.recorded_labels));
            let name = reference.name.as_str();
            let added_later = name == "alertname"
                || cx.rule.label(name).is_some()
                || cx.group.label(name).is_some();
            let reason = if added_later && !set.surely_has(name) {
                format!(
                    "`{name}` is added by Prometheus after templates are expanded, so `$labels.{name}` renders empty"
                )
            } else if !set.may_have(name) {
                format!("the expression's result has no `{name}` label, so `$labels.{name}` renders empty")
            } else {
                continue;
            };
            let help = if added_later {
                format!("write the value out in the {kind}, or keep `{name}` in the expression's result")
            } else {
                format!("keep `{name}` in the result (`by ({name}, ...)`), or remove it from the {kind}")
            };
            out.push(
                cx.diagnostic(
                    CODE,
                    super::span_in_value(cx, value, reference.span),
                    format!("{kind} `{}`: {reason}", key.value),
                )
                .with_help(help),
            );
        }
    }
}
