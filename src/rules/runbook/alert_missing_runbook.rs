use crate::declare_rule;
use crate::diagnostic::Diagnostic;
use crate::rules::{Check, RuleContext};

declare_rule! {
    /// ## What it does
    /// Checks that every alert links a runbook through one of the runbook annotations
    /// (`runbook_url` or `runbook` by default).
    ///
    /// ## Why is this bad?
    /// The engineer paged at 3 a.m. needs to know what the alert means and what to do first. Without a
    /// runbook they start from the expression, and the incident lasts longer. kube-prometheus, the Google
    /// SRE book and every on-call guide ask for one on every alert.
    ///
    /// ## Example
    /// ```yaml
    /// - alert: CheckoutHighErrorRate
    ///   expr: job:checkout_errors:ratio_rate5m > 0.05
    ///   annotations:
    ///     summary: Checkout is failing for more than 5% of requests
    ///     runbook_url: https://github.com/acme/checkout/blob/main/docs/runbooks/checkout.md#high-error-rate
    /// ```
    ///
    /// ## Options
    /// - `alerts.runbook-annotations` (default `["runbook_url", "runbook"]`). Unset, `playbook`,
    ///   `runbook_link`, `sop_url`… is adopted when most alerts use it instead (see OBS004).
    pub static RULE = {
        code: "RUN001",
        name: "alert-missing-runbook",
        severity: Error,
        summary: "The alert has no runbook annotation",
        check: Check::Rule(check),
    }
}

fn check(cx: &RuleContext, out: &mut Vec<Diagnostic>) {
    if !cx.is_alert() {
        return;
    }
    let has_runbook = super::runbook_link(cx).is_some_and(|r| !r.value.trim().is_empty());
    if has_runbook {
        return;
    }
    let annotation = &cx
        .settings
        .runbook_annotations
        .first()
        .map_or("runbook_url", String::as_str);
    out.push(
        cx.diagnostic(CODE, cx.name_span(), format!("alert `{}` has no runbook", cx.rule.name.value))
            .with_help(format!(
                "add a `{annotation}` annotation linking the page that tells the on-call engineer what to do"
            )),
    );
}
