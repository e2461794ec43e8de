use crate::declare_rule;
use crate::diagnostic::Diagnostic;
use crate::rules::{Check, RuleContext};

declare_rule! {
    /// ## What it does
    /// Checks that every alert has a severity label (`severity` unless `severity-label` says otherwise),
    /// set on the alert or on its group.
    ///
    /// ## Why is this bad?
    /// Alertmanager routes on severity: whether to page someone now or open a ticket for the morning.
    /// Without it the alert lands on the default route, which usually means it pages for something minor
    /// or never reaches anyone.
    ///
    /// ## Example
    /// ```yaml
    /// - alert: CheckoutHighLatency
    ///   expr: histogram_quantile(0.99, sum by (le) (rate(http_request_duration_seconds_bucket[5m]))) > 1
    ///   labels:
    ///     severity: warning
    /// ```
    ///
    /// ## Options
    /// - `alerts.severity-label` (default `severity`).
    pub static RULE = {
        code: "ALR001",
        name: "alert-missing-severity",
        severity: Error,
        summary: "The alert has no severity label",
        check: Check::Rule(check),
    }
}

fn check(cx: &RuleContext, out: &mut Vec<Diagnostic>) {
    if !cx.is_alert() || cx.effective_label(&cx.settings.severity_label).is_some() {
        return;
    }
    out.push(
        cx.diagnostic(
            CODE,
            cx.name_span(),
            format!(
                "alert `{}` has no `{}` label",
                cx.rule.name.value, cx.settings.severity_label
            ),
        )
        .with_help(format!(
            "add `{}: <{}>` under `labels:` so Alertmanager can route it",
            cx.settings.severity_label,
            cx.settings.allowed_severities.join("|")
        )),
    );
}
