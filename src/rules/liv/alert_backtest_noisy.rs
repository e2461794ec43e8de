use crate::declare_rule;
use crate::diagnostic::Diagnostic;
use crate::rules::{Check, RuleContext};

declare_rule! {
    /// ## What it does
    /// Live mode (`--prometheus URL`): evaluates the alert's expression over the lookback (`--lookback`,
    /// default 7d) at its group's evaluation interval, replays Prometheus's alert states with `for` and
    /// `keep_firing_for`, and reports an alert that would have fired more often than the limit per week.
    ///
    /// ## Why is this bad?
    /// An alert that fires every day is an alert people learn to ignore; the page that matters then
    /// gets the same treatment. Most such alerts want a higher threshold, a longer `for`, or to be a
    /// ticket instead of a page.
    ///
    /// ## Example
    /// ```yaml
    /// # fired 28 times in the last 7 days
    /// - alert: HighErrorRatio
    ///   expr: api_errors_ratio > 0.1
    /// ```
    ///
    /// ## Options
    /// - `prometheus.noisy-firings-per-week` (default 7): more firings per week than this is noisy.
    pub static RULE = {
        code: "LIV003",
        name: "alert-backtest-noisy",
        severity: Warning,
        summary: "Backtested over the lookback, the alert fires more often than the limit per week",
        check: Check::Rule(check),
    }
}

fn check(cx: &RuleContext, out: &mut Vec<Diagnostic>) {
    let Some((live, b)) = super::backtest(cx) else {
        return;
    };
    let limit = live.thresholds.noisy_per_week;
    if b.per_week() <= limit {
        return;
    }
    // With --diff-base, a changed alert is compared with itself before the change.
    let before = live
        .before
        .get(&crate::live::key_of(cx.document.file, cx.rule))
        .map_or_else(String::new, |old| {
            format!(", before the change {}", old.firings.len())
        });
    out.push(
        cx.diagnostic(
            CODE,
            cx.name_span(),
            format!(
                "`{}` would have fired {} times in the last {}{before} on {} ({:.1} per week; the limit is {limit})",
                cx.rule.name.value,
                b.firings.len(),
                super::lookback(live),
                live.url,
                b.per_week()
            ),
        )
        .with_help("raise the threshold, add or lengthen `for`, or route it as a ticket rather than a page"),
    );
}
