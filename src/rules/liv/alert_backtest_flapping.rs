use crate::declare_rule;
use crate::diagnostic::Diagnostic;
use crate::duration::format_ms;
use crate::rules::{Check, RuleContext};

declare_rule! {
    /// ## What it does
    /// Live mode (`--prometheus URL`): backtests the alert over the lookback, as LIV003 does, and
    /// reports firings shorter than the flap threshold (default 5m) and firings that started again
    /// within the threshold after the same series resolved.
    ///
    /// ## Why is this bad?
    /// A page that resolves before anyone can look at it, or resolves and fires again minutes later,
    /// costs attention and tells nothing. `for:` holds a short spike back; `keep_firing_for:` keeps a
    /// wavering condition from resolving and re-paging.
    ///
    /// ## Example
    /// ```yaml
    /// # 28 firings of 3 minutes each in the last 7 days
    /// - alert: HighErrorRatio
    ///   expr: api_errors_ratio > 0.1
    /// ```
    ///
    /// ## Options
    /// - `prometheus.flap-threshold` (default `5m`): shorter firings, and re-firings within it, flap.
    pub static RULE = {
        code: "LIV004",
        name: "alert-backtest-flapping",
        severity: Warning,
        summary: "Backtested over the lookback, the alert fires briefly or re-fires soon after resolving",
        check: Check::Rule(check),
    }
}

fn check(cx: &RuleContext, out: &mut Vec<Diagnostic>) {
    let Some((live, b)) = super::backtest(cx) else {
        return;
    };
    let threshold = live.thresholds.flap_ms;
    let short = b.short(threshold);
    let refired = b.refired(threshold);
    if short == 0 && refired == 0 {
        return;
    }
    let t = format_ms(threshold);
    out.push(
        cx.diagnostic(
            CODE,
            cx.name_span(),
            format!(
                "`{}` flaps: of {} firings in the last {} on {}, {short} lasted under {t} and {refired} started within {t} of resolving",
                cx.rule.name.value,
                b.firings.len(),
                super::lookback(live),
                live.url,
            ),
        )
        .with_help("add `for:` to hold short spikes back, or `keep_firing_for:` so a wavering condition does not resolve and page again"),
    );
}
