use super::{alert_pairs, windows_text};
use crate::declare_rule;
use crate::diagnostic::Diagnostic;
use crate::duration::format_ms;
use crate::rules::{Check, RuleContext};

declare_rule! {
    /// ## What it does
    /// Checks that the short window of a multiwindow burn-rate pair is between 1/20 and 1/6 of the long
    /// one. The SRE workbook uses 1/12 (1h/5m, 6h/30m, 1d/2h, 3d/6h); Sloth and Pyrra generate 1/12 to
    /// 1/16.
    ///
    /// ## Why is this bad?
    /// A short window much shorter than 1/20 of the long one (6h/5m) lets a single bad minute, inside a
    /// long window already over the threshold, page on its own; one longer than 1/6 (1h/30m) keeps the
    /// alert firing half an hour after the errors stop, which the short window is there to prevent.
    ///
    /// ## Example
    /// ```yaml
    /// - alert: CheckoutErrorBudgetBurn
    ///   expr: |
    ///     slo:sli_error:ratio_rate6h{slo="checkout"} > (6 * (1 - 0.999))
    ///     and
    ///     slo:sli_error:ratio_rate5m{slo="checkout"} > (6 * (1 - 0.999))   # use the 30m window
    /// ```
    pub static RULE = {
        code: "SLO002",
        name: "burn-rate-window-ratio",
        severity: Warning,
        summary: "A burn-rate alert's short window is not between 1/20 and 1/6 of its long window",
        check: Check::Rule(check),
    }
}

fn check(cx: &RuleContext, out: &mut Vec<Diagnostic>) {
    for pair in alert_pairs(cx) {
        let (long, short) = (pair.long.window_ms, pair.short.window_ms);
        if long == short || (short * 20 >= long && short * 6 <= long) {
            continue; // The same window twice is SLO001.
        }
        let what = if short * 20 < long { "short" } else { "long" };
        out.push(
            cx.diagnostic(
                CODE,
                cx.name_span(),
                format!(
                    "burn-rate windows {}: the short window is 1/{} of the long one, too {what} (1/20 to 1/6 is usual)",
                    windows_text(&pair),
                    number_of(long, short)
                ),
            )
            .with_help(format!(
                "use a short window of 1/12 of the long one: [{}] with [{}]",
                format_ms(long / 12),
                format_ms(long)
            )),
        );
    }
}

/// long/short as people say it: 72, 2, 1.5.
fn number_of(long: u64, short: u64) -> String {
    super::number(long as f64 / short.max(1) as f64)
}
