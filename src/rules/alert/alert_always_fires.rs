use crate::declare_rule;
use crate::diagnostic::Diagnostic;
use crate::promql::{analysis, locate};
use crate::rules::{Check, RuleContext};

declare_rule! {
    /// ## What it does
    /// Reports alerts whose expression has no comparison (`>`, `==`, ... without `bool`), no `and`/`unless`
    /// and no `absent()`: such an alert fires for every series the expression returns, that is, always.
    /// An expression that reads no series at all (`vector(1)`) is taken as a deliberate heartbeat
    /// (a Watchdog or dead man's switch) and left alone. So is a selector of an info or state metric with
    /// an equality or regex matcher on one of its labels (`node_network_info{operstate="down"}`,
    /// `kube_pod_status_phase{phase="Failed"}`, `kube_namespace_labels{label_team="x"}`): such series exist
    /// only while the state holds, so the matcher is the alert's condition.
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
    if analysis::can_filter(ast) || analysis::is_constant(ast) || filters_state(ast) {
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

/// Whether the expression selects an info or state metric by one of its labels: the matcher is the
/// condition (`x_info{state="down"}`).
fn filters_state(ast: &promql_parser::parser::Expr) -> bool {
    use promql_parser::label::MatchOp;
    analysis::selectors(ast).iter().any(|vs| {
        vs.name.as_deref().is_some_and(is_state_metric)
            && vs.matchers.matchers.iter().any(|m| {
                m.name != "__name__"
                    && match &m.op {
                        MatchOp::Equal => !m.value.is_empty(),
                        // `.*` matches every series; anything narrower selects a state.
                        MatchOp::Re(_) => !matches!(m.value.as_str(), ".*" | ".+" | ""),
                        _ => false,
                    }
            })
    })
}

/// Info and state metrics by name: `_info` (also inside, as in `pg_general_index_info_pg_relation_size`),
/// kube-state-metrics' `_labels`/`_annotations`, and `_status`/`_state`/`_phase`/`_condition` series.
fn is_state_metric(name: &str) -> bool {
    const SUFFIXES: &[&str] = &[
        "_info",
        "_labels",
        "_annotations",
        "_status",
        "_state",
        "_phase",
        "_condition",
    ];
    SUFFIXES.iter().any(|s| name.ends_with(s))
        || name.contains("_info_")
        || name.contains("_status_")
}
