use crate::declare_rule;
use crate::diagnostic::Diagnostic;
use crate::rules::{Check, RuleContext};

declare_rule! {
    /// ## What it does
    /// Checks that every alert names its owner with one of `owner-labels` (default `team`, `owner`), on the
    /// alert or inherited from the group's `labels:`.
    ///
    /// When the config does not set `owner-labels` and most alerts carry another owner-like label
    /// (`service`, `squad`, `owner_team`…), that label is adopted (see OBS004). When no alert at all
    /// carries an owner label, the repository has no owner convention yet: that is one decision to
    /// make, not one defect per alert, so it is reported once, at the first alert, naming the option.
    /// Setting `owner-labels` in the config turns the per-alert findings back on.
    ///
    /// ## Why is this bad?
    /// An alert nobody owns is routed to whoever is on call for everything, who then has to find the team
    /// that understands it, in the middle of the incident.
    ///
    /// ## Example
    /// ```yaml
    /// groups:
    ///   - name: checkout
    ///     labels:
    ///       team: payments          # every rule of the group inherits it
    ///     rules:
    ///       - alert: CheckoutDown
    ///         expr: up{job="checkout"} == 0
    /// ```
    ///
    /// ## Options
    /// - `alerts.owner-labels` (default `["team", "owner"]`, or the label most alerts carry).
    pub static RULE = {
        code: "ALR003",
        name: "alert-missing-owner",
        severity: Error,
        summary: "The alert has no owner label (team, owner), on itself or its group",
        check: Check::Rule(check),
    }
}

fn check(cx: &RuleContext, out: &mut Vec<Diagnostic>) {
    if !cx.is_alert() {
        return;
    }
    let owners = &cx.settings.owner_labels;
    if cx.settings.owner_convention_absent {
        let first = cx.settings.inferred.first_alert;
        if first == Some((cx.document.file, cx.name_span().start)) {
            out.push(project_finding(cx));
        }
        return;
    }
    if owners.iter().any(|o| {
        cx.effective_label(o)
            .is_some_and(|v| !v.value.trim().is_empty())
    }) {
        return;
    }
    out.push(
        cx.diagnostic(
            CODE,
            cx.name_span(),
            format!("alert `{}` has no owner", cx.rule.name.value),
        )
        .with_help(format!(
            "add one of the labels {} to the alert, or to its group's `labels:`",
            crate::conventions::quoted(owners)
        )),
    );
}

/// No alert of the repository names an owner: said once, at its first alert.
fn project_finding(cx: &RuleContext) -> Diagnostic {
    let owners = &cx.settings.owner_labels;
    let n = cx.settings.inferred.alerts;
    cx.diagnostic(
        CODE,
        cx.name_span(),
        format!(
            "none of the {n} alerts in this repository has an owner label ({}): Alertmanager cannot route them by team",
            crate::conventions::quoted(owners)
        ),
    )
    .with_help(format!(
        "add `{}: <name>` to each group's `labels:` (its rules inherit it), or name the label this repository routes on with `owner-labels = [\"...\"]` under `[alerts]` in obslint.toml; once set, every alert without it is reported",
        owners.first().map_or("team", String::as_str)
    ))
}
