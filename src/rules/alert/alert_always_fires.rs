use crate::declare_rule;
use crate::diagnostic::Diagnostic;
use crate::promql::{analysis, locate};
use crate::rules::{Check, RuleContext};

declare_rule! {
    /// ## What it does
    /// Reports alerts whose expression has no comparison (`>`, `==`, ... without `bool`), no `and`/`unless`
    /// and no `absent()`: such an alert fires for every series the expression returns, that is, always.
    /// An expression that reads no series at all (`vector(1)`) is taken as a deliberate heartbeat
    /// (a Watchdog or dead man's switch) and left alone.
    ///
    /// ## Why is this bad?
    /// An alert that always fires is either a forgotten threshold (`rate(errors_total[5m])` instead of
    /// `... > 0.1`) or noise that trains people to ignore the channel.
    ///
    /// ## Example
    /// ```yaml
    /// - alert: CheckoutErrors
    ///   expr: sum(rate(checkout_errors_total[5m]))          # add the threshold: > 0.5
    /// ```
    pub static RULE = {
        code: "ALR011",
        name: "alert-always-fires",
        severity: Warning,
        summary: "The alert's expression has no comparison or filter, so it always fires",
        check: Check::Rule(check),
    }
}

fn check(cx: &RuleContext, out: &mut Vec<Diagnostic>) {
    if !cx.is_alert() {
        return;
    }
    let Some(expr) = &cx.rule.expr else { return };
    let Some(ast) = &expr.ast else { return };
    if analysis::can_filter(ast) || analysis::is_constant(ast) {
        return;
    }
    let span = locate::in_expression(cx.file(), &expr.text, locate::first_token);
    out.push(
        cx.diagnostic(
            CODE,
            span,
            format!("alert `{}` fires whenever its series exist: the expression has no comparison", cx.rule.name.value),
        )
        .with_help("add the threshold that makes this a problem, e.g. `... > 0.05`, or `absent(...)` for a missing series"),
    );
}
