use super::{alert_pairs, number, same, threshold_value, windows_text};
use crate::declare_rule;
use crate::diagnostic::Diagnostic;
use crate::duration::format_ms;
use crate::rules::{Check, RuleContext};

declare_rule! {
    /// ## What it does
    /// Checks that both windows of a multiwindow burn-rate pair compare the error ratio with the same
    /// threshold: `ratio_rate1h > 14.4 * B and ratio_rate5m > 14.4 * B`. Thresholds held in a recorded
    /// series (Sloth's `slo:error_budget:ratio`) are resolved through the recording rule.
    ///
    /// ## Why is this bad?
    /// The pair means "the budget burns at this rate now (short window) and has for a while (long
    /// window)". With two thresholds it means neither: usually one tier's factor was edited and its
    /// partner was not, so the alert pages at a rate nobody chose.
    ///
    /// ## Example
    /// ```yaml
    /// - alert: CheckoutErrorBudgetBurn
    ///   expr: |
    ///     slo:sli_error:ratio_rate1h{slo="checkout"} > (14.4 * (1 - 0.999))
    ///     and
    ///     slo:sli_error:ratio_rate5m{slo="checkout"} > (6 * (1 - 0.999))
    /// ```
    pub static RULE = {
        code: "SLO003",
        name: "burn-rate-threshold-mismatch",
        severity: Error,
        summary: "The two windows of a burn-rate pair compare against different thresholds",
        check: Check::Rule(check),
    }
}

fn check(cx: &RuleContext, out: &mut Vec<Diagnostic>) {
    for pair in alert_pairs(cx) {
        let long = threshold_value(cx, &pair.long.threshold);
        let short = threshold_value(cx, &pair.short.threshold);
        let (Some(long), Some(short)) = (long, short) else {
            continue;
        };
        if same(long, short) {
            continue;
        }
        let factors = match (pair.long.threshold.factor, pair.short.threshold.factor) {
            (Some(l), Some(s)) if !same(l, s) => {
                format!(" (factors {} and {})", number(l), number(s))
            }
            _ => String::new(),
        };
        out.push(
            cx.diagnostic(
                CODE,
                cx.name_span(),
                format!(
                    "burn-rate pair {}: the {} window compares with {} and the {} window with {}{factors}",
                    windows_text(&pair),
                    format_ms(pair.long.window_ms),
                    number(long),
                    format_ms(pair.short.window_ms),
                    number(short)
                ),
            )
            .with_help("use one threshold for both windows: the factor of the tier times the error budget"),
        );
    }
}
