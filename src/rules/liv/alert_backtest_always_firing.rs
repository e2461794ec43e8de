use crate::declare_rule;
use crate::diagnostic::Diagnostic;
use crate::rules::{Check, RuleContext};

declare_rule! {
    /// ## What it does
    /// Live mode (`--prometheus URL`): backtests the alert over the lookback, as LIV003 does, and
    /// reports an alert that would have been firing for more than 90 % of it.
    ///
    /// ## Why is this bad?
    /// An alert that is always on is silenced or ignored, and says nothing when things get worse. The
    /// threshold is below normal operation, or the condition is a state, not a problem.
    ///
    /// ## Example
    /// ```yaml
    /// # firing for 100% of the last 7 days
    /// - alert: QueueNotEmpty
    ///   expr: queue_depth > 0
    /// ```
    pub static RULE = {
        code: "LIV005",
        name: "alert-backtest-always-firing",
        severity: Warning,
        summary: "Backtested over the lookback, the alert would have been firing more than 90% of the time",
        check: Check::Rule(check),
    }
}

fn check(cx: &RuleContext, out: &mut Vec<Diagnostic>) {
    let Some((live, b)) = super::backtest(cx) else {
        return;
    };
    let share = b.firing_share();
    if share <= crate::live::settings::ALWAYS_FIRING_SHARE {
        return;
    }
    out.push(
        cx.diagnostic(
            CODE,
            cx.name_span(),
            format!(
                "`{}` would have been firing for {:.0}% of the last {} on {}",
                cx.rule.name.value,
                share * 100.0,
                super::lookback(live),
                live.url
            ),
        )
        .with_help("set the threshold above normal operation, or drop the alert if this state is not a problem"),
    );
}
