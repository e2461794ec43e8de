use crate::declare_rule;
use crate::diagnostic::Diagnostic;
use crate::duration::{format_ms, parse_ms};
use crate::promql::analysis;
use crate::rules::{Check, RuleContext};

declare_rule! {
    /// ## What it does
    /// Checks that alerts that page (severity in `paging-severities`, default `critical`) wait before
    /// firing: a `for` of at least `min-paging-for` (default `1m`: two evaluations in a row at the usual
    /// 30s). Left alone, because their condition cannot flap on one bad evaluation: multiwindow burn-rate
    /// alerts (an `and` of a long and a short window); conditions already smoothed over a window at least
    /// that long (`avg_over_time(x[5m])`, `max_over_time`, `min_over_time`...); and conditions on an age
    /// or a countdown (`time() - last_success > 3600`, `cert_expiry - time() < 7 * 86400`), which change
    /// only when the thing they watch happens.
    ///
    /// ## Why is this bad?
    /// Without `for`, one bad scrape or one slow evaluation pages someone, and the alert resolves a minute
    /// later. Pages that fix themselves teach people to ignore pages.
    ///
    /// ## Example
    /// ```yaml
    /// - alert: CheckoutDown
    ///   expr: up{job="checkout"} == 0
    ///   for: 5m
    ///   labels:
    ///     severity: critical
    /// ```
    ///
    /// ## Options
    /// - `alerts.paging-severities` (default `["critical"]`), `alerts.min-paging-for` (default `1m`).
    ///   Unset, the paging severities are learned (see OBS004): those an Alertmanager config in the
    ///   repository routes to a PagerDuty/Opsgenie/VictorOps/Pushover receiver, else the severities in
    ///   use named `critical`, `page`, `s1`, `p1`, `sev1`, `emergency`… (only `page` when one is
    ///   called that: `critical` is then the loudest severity that does not page).
    pub static RULE = {
        code: "ALR008",
        name: "paging-alert-flaps",
        severity: Error,
        summary: "A paging alert has no `for`, or one shorter than `min-paging-for`",
        check: Check::Rule(check),
    }
}

fn check(cx: &RuleContext, out: &mut Vec<Diagnostic>) {
    if !cx.is_alert() {
        return;
    }
    let Some(severity) = cx.effective_label(&cx.settings.severity_label) else {
        return;
    };
    if !cx.settings.paging_severities.contains(&severity.value) {
        return;
    }
    let minimum = cx.settings.min_paging_for_ms;
    let ast = cx.rule.expr.as_ref().and_then(|e| e.ast.as_ref());
    if ast.is_some_and(|a| analysis::is_multiwindow_burn_rate(a) || cannot_flap(a, minimum)) {
        return;
    }
    let help = format!(
        "add `for: {}` or more so one bad scrape does not page, or alert on a multiwindow burn rate",
        format_ms(minimum)
    );
    match &cx.rule.for_ {
        None => out.push(
            cx.diagnostic(
                CODE,
                cx.name_span(),
                format!(
                    "`{}` alert `{}` has no `for`: it pages on the first bad evaluation",
                    severity.value, cx.rule.name.value
                ),
            )
            .with_help(help),
        ),
        Some(for_) => {
            let Some(ms) = parse_ms(&for_.value) else {
                return;
            }; // YML002 reports a bad duration.
            if ms < minimum {
                out.push(
                    cx.diagnostic(
                        CODE,
                        for_.span.clone(),
                        format!(
                            "`{}` alert waits only {} before paging",
                            severity.value,
                            format_ms(ms)
                        ),
                    )
                    .with_help(help),
                );
            }
        }
    }
}

/// Functions over a window that hold their answer for the whole window: one bad sample cannot make the
/// alert fire and resolve within it.
const SMOOTHING: &[&str] = &[
    "avg_over_time",
    "min_over_time",
    "max_over_time",
    "sum_over_time",
    "count_over_time",
    "quantile_over_time",
    "stddev_over_time",
    "stdvar_over_time",
    "present_over_time",
    "absent_over_time",
];

/// A condition smoothed over at least `minimum`, or one on an age or countdown (it reads `time()`).
fn cannot_flap(ast: &promql_parser::parser::Expr, minimum: u64) -> bool {
    let smoothed = analysis::range_calls(ast)
        .iter()
        .any(|c| SMOOTHING.contains(&c.func) && c.range_ms >= minimum);
    let mut reads_time = false;
    analysis::walk(ast, &mut |e| {
        if let promql_parser::parser::Expr::Call(call) = e {
            reads_time |= call.func.name == "time";
        }
    });
    smoothed || reads_time
}
