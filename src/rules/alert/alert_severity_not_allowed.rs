use crate::declare_rule;
use crate::diagnostic::Diagnostic;
use crate::rules::{Check, RuleContext};

declare_rule! {
    /// ## What it does
    /// Checks that the severity label's value is one of `allowed-severities`
    /// (default `critical`, `warning`, `info`). The comparison is exact: `Critical` is not `critical`.
    ///
    /// ## Why is this bad?
    /// Alertmanager routes match exact values. `severity: page` or `severity: Critical` matches no route, so
    /// the alert goes to the default receiver instead of the pager it was meant for.
    ///
    /// ## Example
    /// ```yaml
    /// labels:
    ///   severity: high      # not one of critical, warning, info
    /// ```
    ///
    /// ## Options
    /// - `alerts.allowed-severities` (default `["critical", "warning", "info"]`). Unset, the values the
    ///   repository's alerts use (each by two alerts or more) are adopted when they are not the
    ///   defaults (see OBS004); a value one alert uses, or another spelling of one in use, is reported.
    pub static RULE = {
        code: "ALR002",
        name: "alert-severity-not-allowed",
        severity: Error,
        summary: "The severity label has a value outside `allowed-severities`",
        check: Check::Rule(check),
    }
}

fn check(cx: &RuleContext, out: &mut Vec<Diagnostic>) {
    if !cx.is_alert() {
        return;
    }
    let Some(severity) = cx.effective_label(&cx.settings.severity_label) else {
        return;
    };
    let allowed = &cx.settings.allowed_severities;
    if allowed.contains(&severity.value) {
        return;
    }
    let hint = allowed
        .iter()
        .find(|a| a.eq_ignore_ascii_case(&severity.value))
        .map_or(String::new(), |a| format!("; did you mean `{a}`?"));
    out.push(
        cx.diagnostic(
            CODE,
            severity.span.clone(),
            format!("severity `{}` is not an allowed severity", severity.value),
        )
        .with_help(format!(
            "use one of {}{}{hint}",
            allowed.join(", "),
            learned(cx)
        )),
    );
}

/// Says where the allowed values came from when they were learned rather than configured.
fn learned(cx: &RuleContext) -> &'static str {
    let inferred = &cx.settings.inferred.items;
    if inferred
        .iter()
        .any(|i| i.toml.starts_with("allowed-severities"))
    {
        " (the values this repository's alerts use; `alerts.allowed-severities` sets them)"
    } else {
        ""
    }
}
