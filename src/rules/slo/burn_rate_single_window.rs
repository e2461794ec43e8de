use crate::declare_rule;
use crate::diagnostic::Diagnostic;
use crate::duration::format_ms;
use crate::promql::burnrate;
use crate::rules::{Check, RuleContext};

declare_rule! {
    /// ## What it does
    /// Checks that an alert comparing an error ratio over a long window (30m or more) with a burn-rate
    /// threshold written as factor × budget (`14.4 * (1 - 0.999)`) also requires the same ratio over a
    /// short window (1/12 of the long one) with `and`. Alerts that read more than one window are left
    /// alone.
    ///
    /// ## Why is this bad?
    /// A burn rate over 1h stays above the threshold for up to an hour after the errors stop: the alert
    /// keeps paging through the recovery, and the on-call engineer cannot tell whether the fix worked.
    /// The short window makes it resolve within minutes.
    ///
    /// ## Example
    /// ```yaml
    /// - alert: CheckoutErrorBudgetBurn
    ///   expr: slo:sli_error:ratio_rate1h{slo="checkout"} > (14.4 * (1 - 0.999))
    /// ```
    pub static RULE = {
        code: "SLO006",
        name: "burn-rate-single-window",
        severity: Warning,
        summary: "A burn-rate alert has no short window, so it keeps firing long after recovery",
        check: Check::Rule(check),
    }
}

const MIN_LONG_MS: u64 = 30 * 60_000;

fn check(cx: &RuleContext, out: &mut Vec<Diagnostic>) {
    if !cx.is_alert() {
        return;
    }
    let Some(ast) = cx.rule.expr.as_ref().and_then(|e| e.ast.as_ref()) else {
        return;
    };
    let Some(side) = burnrate::single_window(ast) else {
        return;
    };
    if side.window_ms < MIN_LONG_MS {
        return;
    }
    let window = format_ms(side.window_ms);
    out.push(
        cx.diagnostic(
            CODE,
            cx.name_span(),
            format!(
                "burn-rate alert `{}` reads only the [{window}] window: it keeps firing for up to {window} after the errors stop",
                cx.rule.name.value
            ),
        )
        .with_help(format!(
            "add `and` the same ratio over [{}] with the same threshold (the SRE workbook's multiwindow alert)",
            format_ms(side.window_ms / 12)
        )),
    );
}
