use super::{alert_pairs, budget, number};
use crate::declare_rule;
use crate::diagnostic::Diagnostic;
use crate::promql::burnrate::{self, Threshold};
use crate::rules::{Check, RuleContext};

declare_rule! {
    /// ## What it does
    /// Checks that a burn-rate threshold written as factor × error budget (`14.4 * (1 - 0.95)`) is below
    /// 1. An error ratio is at most 1 (every request failed), so a threshold of 1 or more is never
    /// exceeded.
    ///
    /// ## Why is this bad?
    /// The alert can never fire: not even a total outage pages. It happens with low objectives (95 %,
    /// 90 %) and the fast-burn factors of the 99.9 % table: 14.4 × 5 % = 72 % is still reachable, but
    /// 14.4 × 10 % = 144 % is not.
    ///
    /// ## Example
    /// ```yaml
    /// - alert: BatchErrorBudgetBurn
    ///   expr: |
    ///     slo:sli_error:ratio_rate1h{slo="batch"} > (14.4 * (1 - 0.9))
    ///     and
    ///     slo:sli_error:ratio_rate5m{slo="batch"} > (14.4 * (1 - 0.9))
    /// ```
    pub static RULE = {
        code: "SLO005",
        name: "burn-rate-never-fires",
        severity: Error,
        summary: "A burn-rate threshold is 1 or more, which an error ratio never exceeds",
        check: Check::Rule(check),
    }
}

fn check(cx: &RuleContext, out: &mut Vec<Diagnostic>) {
    let mut thresholds: Vec<Threshold> = Vec::new();
    for pair in alert_pairs(cx) {
        thresholds.push(pair.long.threshold);
        thresholds.push(pair.short.threshold);
    }
    if cx.is_alert() {
        if let Some(side) = cx
            .rule
            .expr
            .as_ref()
            .and_then(|e| e.ast.as_ref())
            .and_then(burnrate::single_window)
        {
            thresholds.push(side.threshold);
        }
    }
    let mut reported: Vec<f64> = Vec::new();
    for t in thresholds {
        let (Some(factor), Some(budget)) = (t.factor, budget(cx, &t)) else {
            continue;
        };
        let value = factor * budget;
        if value < 1.0 || reported.iter().any(|r| super::same(*r, value)) {
            continue;
        }
        reported.push(value);
        let most = 1.0 / budget;
        out.push(
            cx.diagnostic(
                CODE,
                cx.name_span(),
                format!(
                    "burn-rate threshold {} × {} = {} can never be reached: an error ratio is at most 1",
                    number(factor),
                    number(budget),
                    number(value)
                ),
            )
            .with_help(format!(
                "with an error budget of {}, factors below {} can fire; lower the factor (or use longer windows), or reconsider the objective",
                number(budget),
                number(most)
            )),
        );
    }
}
