use crate::declare_rule;
use crate::diagnostic::Diagnostic;
use crate::promql::{analysis, locate};
use crate::rules::{Check, RuleContext};

declare_rule! {
    /// ## What it does
    /// Flags `rate()` and `increase()` over a series whose name says it is not a counter: counters end in
    /// `_total` (or are a histogram's or summary's `_count`, `_sum`, `_bucket`).
    ///
    /// ## Why is this bad?
    /// `rate` assumes every decrease is a counter reset. Over a gauge (`queue_depth`, `memory_bytes`) every
    /// drop is read as a reset and the result is nonsense: large spikes that page for nothing, or nothing
    /// when the gauge falls. Use `deriv()` or `delta()` for gauges.
    ///
    /// ## Example
    /// ```yaml
    /// expr: rate(node_memory_MemFree_bytes[5m]) < 0      # a gauge: use deriv()
    /// ```
    pub static RULE = {
        code: "PQL003",
        name: "rate-of-non-counter",
        severity: Warning,
        summary: "rate/increase over a series whose name says it is not a counter",
        check: Check::Rule(check),
    }
}

const COUNTER_SUFFIXES: &[&str] = &["_total", "_count", "_sum", "_bucket"];

fn check(cx: &RuleContext, out: &mut Vec<Diagnostic>) {
    let Some(expr) = &cx.rule.expr else { return };
    let Some(ast) = &expr.ast else { return };
    let mut seen: Vec<&str> = Vec::new();
    for call in analysis::range_calls(ast) {
        let nth = seen.iter().filter(|f| **f == call.func).count();
        seen.push(call.func);
        if call.func != "rate" && call.func != "increase" {
            continue;
        }
        let Some(metric) = call.metric else { continue };
        if COUNTER_SUFFIXES.iter().any(|s| metric.ends_with(s)) {
            continue;
        }
        let span = locate::in_expression(cx.file(), &expr.text, |text| {
            locate::selector_of_call(text, call.func, nth)
        });
        out.push(
            cx.diagnostic(
                CODE,
                span,
                format!("`{}` over `{metric}`, which is not named like a counter", call.func),
            )
            .with_help(
                "counters end in `_total` (or `_count`, `_sum`, `_bucket`); for a gauge use `deriv()` or `delta()`, \
                 for a counter without the suffix rename it in the exporter",
            ),
        );
    }
}
