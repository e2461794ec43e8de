//! Questions rules ask of a parsed expression: which range functions it calls over which windows, whether
//! it ever filters, whether it is a multiwindow burn-rate alert.

use promql_parser::parser::{Expr, VectorSelector};

/// The direct sub-expressions, in source order.
pub fn children(expr: &Expr) -> Vec<&Expr> {
    match expr {
        Expr::Aggregate(a) => a
            .param
            .iter()
            .map(|p| p.as_ref())
            .chain([a.expr.as_ref()])
            .collect(),
        Expr::Unary(u) => vec![&u.expr],
        Expr::Binary(b) => vec![&b.lhs, &b.rhs],
        Expr::Paren(p) => vec![&p.expr],
        Expr::Subquery(s) => vec![&s.expr],
        Expr::Call(c) => c.args.args.iter().map(|a| a.as_ref()).collect(),
        _ => Vec::new(),
    }
}

/// Visits every node, parents before children, left to right (the order they appear in the text).
pub fn walk<'a>(expr: &'a Expr, visit: &mut impl FnMut(&'a Expr)) {
    visit(expr);
    for child in children(expr) {
        walk(child, visit);
    }
}

/// A call such as `rate(x_total[5m])`: a function over a range selector.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RangeCall<'a> {
    pub func: &'static str,
    pub range_ms: u64,
    pub metric: Option<&'a str>,
    /// The job an equality matcher names (`job="node"`): the scrape interval to judge the window by.
    pub job: Option<&'a str>,
}

/// Every call of a function taking a range selector directly (not a subquery), in source order.
pub fn range_calls(expr: &Expr) -> Vec<RangeCall<'_>> {
    let mut out = Vec::new();
    walk(expr, &mut |e| {
        if let Expr::Call(call) = e {
            for arg in &call.args.args {
                if let Expr::MatrixSelector(m) = arg.as_ref() {
                    out.push(RangeCall {
                        func: call.func.name,
                        range_ms: u64::try_from(m.range.as_millis()).unwrap_or(u64::MAX),
                        metric: m.vs.name.as_deref(),
                        job: equal_matcher(&m.vs, "job"),
                    });
                }
            }
        }
    });
    out
}

/// The value of a `name="value"` matcher of the selector.
pub fn equal_matcher<'a>(vs: &'a VectorSelector, name: &str) -> Option<&'a str> {
    vs.matchers
        .matchers
        .iter()
        .find(|m| m.name == name && matches!(m.op, promql_parser::label::MatchOp::Equal))
        .map(|m| m.value.as_str())
        .filter(|v| !v.is_empty())
}

/// Every series selector, instant or range, in source order.
pub fn selectors(expr: &Expr) -> Vec<&VectorSelector> {
    let mut out = Vec::new();
    walk(expr, &mut |e| match e {
        Expr::VectorSelector(vs) => out.push(vs),
        Expr::MatrixSelector(m) => out.push(&m.vs),
        _ => {}
    });
    out
}

/// Whether the expression can return nothing: a comparison without `bool`, `and`/`unless`, or
/// `absent()`-style functions. Without one, an alert fires for as long as its series exist.
pub fn can_filter(expr: &Expr) -> bool {
    let mut found = false;
    walk(expr, &mut |e| match e {
        Expr::Binary(b) => {
            let returns_bool = b.modifier.as_ref().is_some_and(|m| m.return_bool);
            let op = b.op.to_string();
            if (b.op.is_comparison_operator() && !returns_bool) || op == "and" || op == "unless" {
                found = true;
            }
        }
        Expr::Call(c) if matches!(c.func.name, "absent" | "absent_over_time") => found = true,
        _ => {}
    });
    found
}

/// Whether the expression reads no series at all (`vector(1)`, `1`): a deliberate heartbeat.
pub fn is_constant(expr: &Expr) -> bool {
    selectors(expr).is_empty()
}

/// A multiwindow burn-rate alert: an `and` whose two sides look at different windows, either as range
/// selectors (`rate(x[1h]) ... and rate(x[5m]) ...`) or as recorded series named for their window
/// (`slo:error_ratio:rate1h ... and slo:error_ratio:rate5m ...`). Such alerts already resist flapping.
pub fn is_multiwindow_burn_rate(expr: &Expr) -> bool {
    let mut found = false;
    walk(expr, &mut |e| {
        if let Expr::Binary(b) = e {
            if b.op.to_string() == "and" {
                let left = windows(&b.lhs);
                let right = windows(&b.rhs);
                if !left.is_empty() && !right.is_empty() && left != right {
                    found = true;
                }
            }
        }
    });
    found
}

/// The windows an expression looks at, sorted: range selectors, and recorded series named for their
/// window (`slo:sli_error:ratio_rate5m`, `apiserver_request:burnrate1h`).
pub fn windows(expr: &Expr) -> Vec<u64> {
    let mut out: Vec<u64> = range_calls(expr).iter().map(|c| c.range_ms).collect();
    for vs in selectors(expr) {
        if let Some(ms) = vs.name.as_deref().and_then(window_in_name) {
            out.push(ms);
        }
    }
    out.sort_unstable();
    out.dedup();
    out
}

/// `slo:sli_error:ratio_rate5m` → 5m; the recording-rule naming convention for windows.
pub fn window_in_name(name: &str) -> Option<u64> {
    let tail = name.rsplit([':', '_']).next()?;
    let digits_at = tail.find(|c: char| c.is_ascii_digit())?;
    crate::duration::parse_ms(&tail[digits_at..])
}

/// The values one compared sub-expression may take for the alert to fire: `x > 0.5` gives `x` in (0.5, ∞).
#[derive(Debug, Clone, PartialEq)]
pub struct Condition {
    /// The compared expression, printed (the same text for the same expression).
    pub subject: String,
    low: (f64, bool),
    high: (f64, bool),
}

impl Condition {
    /// Whether no value satisfies both.
    pub fn excludes(&self, other: &Condition) -> bool {
        if self.subject != other.subject {
            return false;
        }
        let low = max_bound(self.low, other.low);
        let high = min_bound(self.high, other.high);
        low.0 > high.0 || (low.0 == high.0 && !(low.1 && high.1))
    }
}

fn max_bound(a: (f64, bool), b: (f64, bool)) -> (f64, bool) {
    if a.0 > b.0 || (a.0 == b.0 && !a.1) {
        a
    } else {
        b
    }
}

fn min_bound(a: (f64, bool), b: (f64, bool)) -> (f64, bool) {
    if a.0 < b.0 || (a.0 == b.0 && !a.1) {
        a
    } else {
        b
    }
}

/// The threshold comparisons an alert needs all of (a comparison, or several joined by `and`), each
/// against a number: what tells `x > 0` from `x == 0`.
pub fn conditions(expr: &Expr) -> Vec<Condition> {
    let mut out = Vec::new();
    collect_conditions(expr, &mut out);
    out
}

fn collect_conditions(expr: &Expr, out: &mut Vec<Condition>) {
    let Expr::Binary(b) = expr else {
        if let Expr::Paren(p) = expr {
            collect_conditions(&p.expr, out);
        }
        return;
    };
    let op = b.op.to_string();
    if op == "and" {
        collect_conditions(&b.lhs, out);
        collect_conditions(&b.rhs, out);
        return;
    }
    if !b.op.is_comparison_operator() || b.modifier.as_ref().is_some_and(|m| m.return_bool) {
        return;
    }
    let (subject, value, flipped) = match (number(&b.lhs), number(&b.rhs)) {
        (None, Some(v)) => (&b.lhs, v, false),
        (Some(v), None) => (&b.rhs, v, true),
        _ => return,
    };
    let op = match (op.as_str(), flipped) {
        (">", true) => "<",
        ("<", true) => ">",
        (">=", true) => "<=",
        ("<=", true) => ">=",
        (o, _) => o,
    };
    let inf = (f64::INFINITY, false);
    let neg = (f64::NEG_INFINITY, false);
    let (low, high) = match op {
        ">" => ((value, false), inf),
        ">=" => ((value, true), inf),
        "<" => (neg, (value, false)),
        "<=" => (neg, (value, true)),
        "==" => ((value, true), (value, true)),
        _ => return,
    };
    out.push(Condition {
        subject: strip_parens(subject).to_string(),
        low,
        high,
    });
}

pub fn strip_parens(expr: &Expr) -> &Expr {
    match expr {
        Expr::Paren(p) => strip_parens(&p.expr),
        e => e,
    }
}

/// A number literal, negated or in parentheses.
pub fn number(expr: &Expr) -> Option<f64> {
    match strip_parens(expr) {
        Expr::NumberLiteral(n) => Some(n.val),
        Expr::Unary(u) => number(&u.expr).map(|v| -v),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(s: &str) -> Expr {
        promql_parser::parser::parse(s).unwrap()
    }

    #[test]
    fn finds_range_calls_in_order() {
        let e = p("sum(rate(a_total[1m])) / sum(increase(b[5m:1m])) + irate(c[2m])");
        let calls = range_calls(&e);
        assert_eq!(calls.len(), 2);
        assert_eq!(
            (calls[0].func, calls[0].range_ms, calls[0].metric),
            ("rate", 60_000, Some("a_total"))
        );
        assert_eq!((calls[1].func, calls[1].range_ms), ("irate", 120_000));
    }

    #[test]
    fn filters() {
        assert!(!can_filter(&p("up")));
        assert!(!can_filter(&p("rate(x_total[5m])")));
        assert!(!can_filter(&p("up == bool 0")));
        assert!(can_filter(&p("up == 0")));
        assert!(can_filter(&p("sum(rate(x[5m])) > 1")));
        assert!(can_filter(&p("absent(up{job=\"a\"})")));
        assert!(can_filter(&p("x and y")));
        assert!(is_constant(&p("vector(1)")));
        assert!(!is_constant(&p("up")));
    }

    #[test]
    fn burn_rate() {
        assert!(is_multiwindow_burn_rate(&p(
            "(sum(rate(e_total[1h])) / sum(rate(r_total[1h]))) > 14.4 * 0.001 and (sum(rate(e_total[5m])) / sum(rate(r_total[5m]))) > 14.4 * 0.001"
        )));
        assert!(is_multiwindow_burn_rate(&p(
            "slo:sli_error:ratio_rate1h > 0.1 and slo:sli_error:ratio_rate5m > 0.1"
        )));
        assert!(!is_multiwindow_burn_rate(&p(
            "rate(e_total[5m]) > 1 and rate(f_total[5m]) > 1"
        )));
        assert!(!is_multiwindow_burn_rate(&p("rate(e_total[5m]) > 1")));
    }

    #[test]
    fn exclusive_conditions() {
        let c = |s: &str| conditions(&p(s));
        let excl = |a: &str, b: &str| c(a).iter().any(|x| c(b).iter().any(|y| x.excludes(y)));
        assert!(excl("x > 0", "x == 0"));
        assert!(excl("(x) > 0.5", "x <= 0.5"));
        assert!(excl("x > 10 and y < 3", "0 >= x"));
        assert!(!excl("x < 15", "x < 20"));
        assert!(!excl("x > 0", "y == 0"));
        assert!(!excl("x > 0", "x >= 0"));
    }
}
