use crate::declare_rule;
use crate::diagnostic::Diagnostic;
use crate::rules::{Check, RuleContext};

declare_rule! {
    /// ## What it does
    /// Checks that every alert has a `description` annotation (or one of `description-annotations`). One
    /// written out empty (`description: ''`) is the author's decision that the summary says it all, and is
    /// not reported.
    ///
    /// ## Why is this bad?
    /// The description carries what the summary cannot: the impact, the threshold, the current value. It is
    /// what lets the engineer judge how urgent the page is before opening anything.
    ///
    /// ## Example
    /// ```yaml
    /// annotations:
    ///   description: "{{ $value | humanizePercentage }} of checkout requests failed over 5m (threshold 5%)."
    /// ```
    ///
    /// ## Options
    /// - `alerts.description-annotations` (default `["description"]`). Unset, `details`, `message`,
    ///   `body`… is adopted when most alerts use it instead (see OBS004).
    pub static RULE = {
        code: "ALR005",
        name: "alert-missing-description",
        severity: Error,
        summary: "The alert has no description annotation",
        check: Check::Rule(check),
    }
}

fn check(cx: &RuleContext, out: &mut Vec<Diagnostic>) {
    super::require_annotation(
        cx,
        CODE,
        &cx.settings.description_annotations,
        "description",
        "say what the impact is and what the threshold was",
        // `description: ''` written out is the author's decision that the summary says it all.
        true,
        out,
    );
}
