use crate::declare_rule;
use crate::diagnostic::Diagnostic;
use crate::index::ProjectIndex;
use crate::instrument::catalog::MetricKind;
use crate::promql::{analysis, locate};
use crate::rules::{Check, RuleContext};
use promql_parser::parser::Expr;

declare_rule! {
    /// ## What it does
    /// Flags `rate()`, `irate()` and `increase()` over a series that is known not to be a counter:
    /// - a gauge, up-down counter, info or enum metric defined in the project's own Python code;
    /// - a series recorded in the project by an expression that yields a gauge: a rate
    ///   (`sum(rate(x_total[5m]))`), a ratio of two series, a quantile, a count;
    /// - a name that says it is a gauge: `up`, `*_info`, `*_ratio`, `*_percent`, `*_temperature*`,
    ///   `*_celsius`, `*_timestamp_seconds`, `*_average`.
    ///
    /// Any other name is left alone, `_total` or not: many exporters publish counters without the suffix
    /// (postgres_exporter's `pg_stat_database_xact_commit`, `node_vmstat_*`, `kubelet_evictions`, Envoy's
    /// `*_rq_completed`), and a name alone cannot tell them from gauges.
    ///
    /// ## Why is this bad?
    /// `rate` assumes every decrease is a counter reset. Over a gauge (a ratio, a recorded rate) every
    /// drop is read as a reset and the result is nonsense: large spikes that page for nothing, or nothing
    /// when the gauge falls. Use `deriv()` or `delta()` for gauges, and compare a recorded rate directly.
    ///
    /// ## Example
    /// ```yaml
    /// - record: job:http_requests:rate5m
    ///   expr: sum by (job) (rate(http_requests_total[5m]))
    /// - alert: TrafficSpike
    ///   expr: rate(job:http_requests:rate5m[10m]) > 100      # already a rate: compare it directly
    /// ```
    pub static RULE = {
        code: "PQL003",
        name: "rate-of-non-counter",
        severity: Warning,
        summary: "rate/increase over a series that is known not to be a counter",
        check: Check::Rule(check),
    }
}

fn check(cx: &RuleContext, out: &mut Vec<Diagnostic>) {
    let Some(expr) = &cx.rule.expr else { return };
    let Some(ast) = &expr.ast else { return };
    let mut seen: Vec<&str> = Vec::new();
    for call in analysis::range_calls(ast) {
        let nth = seen.iter().filter(|f| **f == call.func).count();
        seen.push(call.func);
        if !matches!(call.func, "rate" | "irate" | "increase") {
            continue;
        }
        let Some(metric) = call.metric else { continue };
        let Some(why) = not_a_counter(cx.index, metric) else {
            continue;
        };
        let span = locate::in_expression(cx.file(), &expr.text, |text| {
            locate::selector_of_call(text, call.func, nth)
        });
        out.push(
            cx.diagnostic(
                CODE,
                span,
                format!("`{}` over `{metric}`, which is not a counter: {why}", call.func),
            )
            .with_help(
                "`rate` reads every decrease as a counter reset; for a gauge use `deriv()` or `delta()`, \
                 and compare a recorded rate or ratio directly",
            ),
        );
    }
}

/// What a series is, as far as the project shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum SeriesType {
    Counter,
    NotCounter,
    Unknown,
}

/// Why `metric` is known not to be a counter, or None when it may be one.
fn not_a_counter(index: &ProjectIndex, metric: &str) -> Option<String> {
    if let Some(kind) = catalog_kind(index, metric) {
        return (!matches!(
            kind,
            MetricKind::Counter | MetricKind::Histogram | MetricKind::Summary
        ))
        .then(|| format!("the project defines it as a {}", kind.as_str()));
    }
    let mut recorded = index.recording_rules(metric).peekable();
    if recorded.peek().is_some() {
        // Every recording of it must yield a gauge (per-environment copies may differ).
        let all_gauges = recorded.all(|rule| {
            rule.expr
                .as_ref()
                .and_then(|e| e.ast.as_ref())
                .is_some_and(|ast| series_type(index, ast, 0) == SeriesType::NotCounter)
        });
        return all_gauges
            .then(|| "it is recorded from an expression that yields a gauge".to_string());
    }
    (name_type(metric) == SeriesType::NotCounter).then(|| "its name says it is a gauge".to_string())
}

fn catalog_kind(index: &ProjectIndex, metric: &str) -> Option<MetricKind> {
    let telemetry = index.telemetry.as_ref()?;
    telemetry
        .catalog
        .iter()
        .find(|d| d.series.iter().any(|s| s == metric))
        .map(|d| d.kind)
}

/// Counters by name: `_total`, the counter series of a histogram or summary, and recorded series that keep
/// the counter's name (`job:x_total:sum`, `job:requests:total`).
fn name_type(name: &str) -> SeriesType {
    const COUNTER_SUFFIXES: &[&str] = &["_total", "_count", "_sum", "_bucket", ":total"];
    const GAUGE_SUFFIXES: &[&str] = &[
        "_info",
        "_ratio",
        "_percent",
        "_percentage",
        "_celsius",
        "_temperature",
        "_timestamp_seconds",
        "_average",
    ];
    if COUNTER_SUFFIXES.iter().any(|s| name.ends_with(s)) || name.contains("_total:") {
        return SeriesType::Counter;
    }
    let gauge = name == "up"
        || GAUGE_SUFFIXES.iter().any(|s| name.ends_with(s))
        || name.contains("_temperature_");
    if gauge {
        SeriesType::NotCounter
    } else {
        SeriesType::Unknown
    }
}

/// Recorded series that read recorded series are followed this deep.
const MAX_DEPTH: usize = 8;

/// What `expr`'s values are: a counter stays one through `sum`, `max` and scaling; a rate, a ratio, a
/// quantile or a count is a gauge.
fn series_type(index: &ProjectIndex, expr: &Expr, depth: usize) -> SeriesType {
    use SeriesType::*;
    match expr {
        Expr::Paren(p) => series_type(index, &p.expr, depth),
        Expr::NumberLiteral(_) => NotCounter,
        Expr::VectorSelector(vs) => {
            let Some(name) = vs.name.as_deref() else {
                return Unknown;
            };
            let by_name = name_type(name);
            if by_name != Unknown || depth >= MAX_DEPTH {
                return by_name;
            }
            let mut types = index
                .recording_rules(name)
                .filter_map(|r| r.expr.as_ref()?.ast.as_ref())
                .map(|ast| series_type(index, ast, depth + 1));
            match types.next() {
                Some(first) if types.all(|t| t == first) => first,
                _ => Unknown,
            }
        }
        Expr::Aggregate(agg) => match agg.op.to_string().as_str() {
            "sum" | "max" | "min" | "topk" | "bottomk" | "limitk" => {
                series_type(index, &agg.expr, depth)
            }
            "count" | "count_values" | "quantile" | "stddev" | "stdvar" => NotCounter,
            _ => Unknown,
        },
        Expr::Call(call) => match call.func.name {
            "rate" | "irate" | "increase" | "delta" | "idelta" | "deriv" | "predict_linear"
            | "histogram_quantile" | "avg_over_time" | "max_over_time" | "min_over_time"
            | "quantile_over_time" | "stddev_over_time" | "count_over_time" | "vector" | "time"
            | "resets" | "changes" => NotCounter,
            "label_replace" | "label_join" => call
                .args
                .args
                .first()
                .map_or(Unknown, |a| series_type(index, a, depth)),
            _ => Unknown,
        },
        Expr::Binary(b) => {
            let (lhs, rhs) = (
                series_type(index, &b.lhs, depth),
                series_type(index, &b.rhs, depth),
            );
            let op = b.op.to_string();
            let scalar = |e: &Expr| matches!(e, Expr::NumberLiteral(_));
            if scalar(&b.rhs) && matches!(op.as_str(), "*" | "/") {
                return lhs;
            }
            if scalar(&b.lhs) && op == "*" {
                return rhs;
            }
            match op.as_str() {
                // A ratio of two series, or a rate divided by anything.
                "/" if lhs == NotCounter || !scalar(&b.rhs) => NotCounter,
                "+" | "or" if lhs == rhs => lhs,
                _ => Unknown,
            }
        }
        _ => Unknown,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kind(s: &str) -> SeriesType {
        let index = ProjectIndex::default();
        series_type(&index, &promql_parser::parser::parse(s).unwrap(), 0)
    }

    #[test]
    fn recorded_expressions() {
        assert_eq!(
            kind("sum by (job) (rate(x_total[5m]))"),
            SeriesType::NotCounter
        );
        assert_eq!(kind("sum(a_total) / sum(b_total)"), SeriesType::NotCounter);
        assert_eq!(kind("sum without (pod) (x_total)"), SeriesType::Counter);
        assert_eq!(kind("sum(x_total) * 8"), SeriesType::Counter);
        assert_eq!(kind("count(up)"), SeriesType::NotCounter);
        assert_eq!(kind("sum(some_metric)"), SeriesType::Unknown);
        assert_eq!(
            name_type("pg_stat_database_xact_commit"),
            SeriesType::Unknown
        );
        assert_eq!(name_type("job:requests_total:sum"), SeriesType::Counter);
        assert_eq!(
            name_type("node_hwmon_temperature_celsius"),
            SeriesType::NotCounter
        );
        assert_eq!(name_type("kube_pod_info"), SeriesType::NotCounter);
    }
}
