use crate::declare_rule;
use crate::diagnostic::Diagnostic;
use crate::rules::{Check, RuleContext};

declare_rule! {
    /// ## What it does
    /// Checks that every alert has a non-empty `summary` annotation (or one of `summary-annotations`).
    ///
    /// ## Why is this bad?
    /// The summary is the one line the pager, Slack and the phone notification show. Without it the
    /// engineer sees only the alert name and must open a dashboard to learn what broke and where.
    ///
    /// ## Example
    /// ```yaml
    /// annotations:
    ///   summary: "Checkout error rate is {{ $value | humanizePercentage }} in {{ $labels.cluster }}"
    /// ```
    ///
    /// ## Options
    /// - `alerts.summary-annotations` (default `["summary"]`). Unset, `title`, `message`, `subject` or
    ///   `headline` is adopted when most alerts use it instead (see OBS004).
    pub static RULE = {
        code: "ALR004",
        name: "alert-missing-summary",
        severity: Error,
        summary: "The alert has no summary annotation",
        check: Check::Rule(check),
    }
}

fn check(cx: &RuleContext, out: &mut Vec<Diagnostic>) {
    super::require_annotation(
        cx,
        CODE,
        &cx.settings.summary_annotations,
        "summary",
        "one line saying what is wrong and where, shown in every notification",
        false,
        out,
    );
}
