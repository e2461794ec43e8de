use super::alert_pairs;
use crate::declare_rule;
use crate::diagnostic::Diagnostic;
use crate::duration::{format_ms, parse_ms};
use crate::rules::{Check, RuleContext};

declare_rule! {
    /// ## What it does
    /// Checks that a multiwindow burn-rate alert's `for` is shorter than its short window (the
    /// shortest one, when tiers are joined by `or`). Sloth sets no `for`; Pyrra sets half the short
    /// window.
    ///
    /// ## Why is this bad?
    /// The long window already keeps a blip from paging; `for` on top only delays the page. A `for` as
    /// long as the short window doubles the detection time the window pair was chosen for, and at the
    /// fast-burn rate the budget keeps burning meanwhile.
    ///
    /// ## Example
    /// ```yaml
    /// - alert: CheckoutErrorBudgetBurn
    ///   expr: |
    ///     slo:sli_error:ratio_rate1h{slo="checkout"} > (14.4 * (1 - 0.999))
    ///     and
    ///     slo:sli_error:ratio_rate5m{slo="checkout"} > (14.4 * (1 - 0.999))
    ///   for: 15m   # at most 2m
    /// ```
    pub static RULE = {
        code: "SLO007",
        name: "burn-rate-for-too-long",
        severity: Warning,
        summary: "A burn-rate alert's `for` is at least its short window, delaying detection for nothing",
        check: Check::Rule(check),
    }
}

fn check(cx: &RuleContext, out: &mut Vec<Diagnostic>) {
    let Some(for_) = &cx.rule.for_ else { return };
    let Some(for_ms) = parse_ms(&for_.value) else {
        return;
    };
    let shortest = alert_pairs(cx)
        .iter()
        .filter(|p| p.short.window_ms < p.long.window_ms)
        .map(|p| p.short.window_ms)
        .min();
    let Some(short) = shortest else { return };
    if for_ms < short {
        return;
    }
    out.push(
        cx.diagnostic(
            CODE,
            for_.span.clone(),
            format!(
                "`for: {}` is at least the short burn-rate window [{}]: the page comes {} later than the windows allow",
                for_.value,
                format_ms(short),
                format_ms(for_ms)
            ),
        )
        .with_help(format!(
            "drop `for`, or keep it below the short window (Pyrra uses half of it: `for: {}`)",
            format_ms(short / 2)
        )),
    );
}
