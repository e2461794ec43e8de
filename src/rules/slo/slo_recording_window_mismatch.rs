use crate::declare_rule;
use crate::diagnostic::Diagnostic;
use crate::duration::format_ms;
use crate::promql::{analysis, burnrate};
use crate::rules::{Check, RuleContext};
use promql_parser::parser::Expr;

declare_rule! {
    /// ## What it does
    /// Checks recording rules that burn-rate alerts read:
    /// - a rule named for a window (`slo:sli_error:ratio_rate1h`, `http_requests:burnrate5m`) whose
    ///   range selectors never use that window (`rate(x[5m])` recorded as `…rate1h`);
    /// - a ratio whose numerator and denominator use different ranges (`[5m]` over `[1h]`), or select
    ///   the same metric with a label the numerator leaves out (`x{code=~"5.."}` over `x{job="api"}`).
    ///
    /// ## Why is this bad?
    /// Alerts pick the window by the series name: a `…rate1h` that holds a 5m rate turns the long window
    /// of a burn-rate pair into a second short one, and the alert pages on every blip. A ratio over
    /// different ranges or different series is not an error ratio: it can exceed 1 or stay near 0
    /// whatever fails.
    ///
    /// ## Example
    /// ```yaml
    /// - record: slo:sli_error:ratio_rate1h
    ///   expr: |
    ///     sum(rate(http_requests_total{job="api",code=~"5.."}[5m]))
    ///     / sum(rate(http_requests_total{job="api"}[5m]))
    /// ```
    pub static RULE = {
        code: "SLO009",
        name: "slo-recording-window-mismatch",
        severity: Error,
        summary: "A recording rule named for one window computes another, or its ratio mixes ranges or series",
        check: Check::Rule(check),
    }
}

fn check(cx: &RuleContext, out: &mut Vec<Diagnostic>) {
    if cx.is_alert() {
        return;
    }
    let Some(ast) = cx.rule.expr.as_ref().and_then(|e| e.ast.as_ref()) else {
        return;
    };
    let name = &cx.rule.name.value;
    let mut ranges: Vec<u64> = analysis::range_calls(ast)
        .iter()
        .map(|c| c.range_ms)
        .collect();
    ranges.sort_unstable();
    ranges.dedup();
    if let Some(named) = burnrate::window_in_name(name) {
        if !ranges.is_empty() && !ranges.contains(&named) {
            let used: Vec<String> = ranges
                .iter()
                .map(|r| format!("[{}]", format_ms(*r)))
                .collect();
            out.push(
                cx.diagnostic(
                    CODE,
                    cx.name_span(),
                    format!(
                        "`{name}` is named for the {} window but computes over {}",
                        format_ms(named),
                        used.join(", ")
                    ),
                )
                .with_help(format!(
                    "use [{}] in the expression, or rename the series: alerts choose windows by name",
                    format_ms(named)
                )),
            );
            return;
        }
    }
    let Some((numerator, denominator)) = division(ast) else {
        return;
    };
    let (n, d) = (single_range(numerator), single_range(denominator));
    if let (Some(n), Some(d)) = (n, d) {
        if n != d {
            out.push(
                cx.diagnostic(
                    CODE,
                    cx.name_span(),
                    format!(
                        "the ratio `{name}` divides a rate over [{}] by one over [{}]",
                        format_ms(n),
                        format_ms(d)
                    ),
                )
                .with_help("use the same range in numerator and denominator"),
            );
            return;
        }
    }
    if let Some(label) = dropped_label(numerator, denominator) {
        out.push(
            cx.diagnostic(
                CODE,
                cx.name_span(),
                format!(
                    "the ratio `{name}`: the denominator selects `{}=\"{}\"` and the numerator does not, so it counts errors of other series",
                    label.0, label.1
                ),
            )
            .with_help(format!(
                "add `{}=\"{}\"` to the numerator's selector",
                label.0, label.1
            )),
        );
    }
}

/// The top-level `a / b` of the expression (through parentheses).
fn division(expr: &Expr) -> Option<(&Expr, &Expr)> {
    match expr {
        Expr::Paren(p) => division(&p.expr),
        Expr::Binary(b) if b.op.to_string() == "/" => Some((&b.lhs, &b.rhs)),
        _ => None,
    }
}

fn single_range(expr: &Expr) -> Option<u64> {
    let mut ranges: Vec<u64> = analysis::range_calls(expr)
        .iter()
        .map(|c| c.range_ms)
        .collect();
    ranges.sort_unstable();
    ranges.dedup();
    match ranges[..] {
        [r] => Some(r),
        _ => None,
    }
}

/// An `=` matcher of the denominator's only selector that the numerator's only selector, of the same
/// metric, has no matcher for.
fn dropped_label(numerator: &Expr, denominator: &Expr) -> Option<(String, String)> {
    let (n, d) = (
        analysis::selectors(numerator),
        analysis::selectors(denominator),
    );
    let ([n], [d]) = (&n[..], &d[..]) else {
        return None;
    };
    if n.name.is_none() || n.name != d.name {
        return None;
    }
    d.matchers
        .matchers
        .iter()
        .filter(|m| matches!(m.op, promql_parser::label::MatchOp::Equal))
        .filter(|m| m.name != "__name__" && m.name != "le" && !m.value.is_empty())
        .find(|m| !n.matchers.matchers.iter().any(|x| x.name == m.name))
        .map(|m| (m.name.clone(), m.value.clone()))
}
