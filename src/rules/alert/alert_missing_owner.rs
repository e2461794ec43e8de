use crate::declare_rule;
use crate::diagnostic::Diagnostic;
use crate::rules::{Check, RuleContext};

declare_rule! {
    /// ## What it does
    /// Checks that every alert names its owner with one of `owner-labels` (default `team`, `owner`), on the
    /// alert or inherited from the group's `labels:`.
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
    /// - `alerts.owner-labels` (default `["team", "owner"]`).
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
            owners
                .iter()
                .map(|o| format!("`{o}`"))
                .collect::<Vec<_>>()
                .join(", ")
        )),
    );
}
