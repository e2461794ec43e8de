use crate::declare_rule;
use crate::diagnostic::Diagnostic;
use crate::instrument::catalog::MetricKind;
use crate::promql::analysis;
use crate::promql::locate;
use crate::rules::{Check, ProjectContext};
use promql_parser::parser::Expr;

declare_rule! {
    /// ## What it does
    /// Joins alert and recording rules with the histograms the Python code declares. Where the code
    /// states the bucket boundaries (prometheus_client `Histogram(..., buckets=[...])`, its default
    /// buckets when none are given, OpenTelemetry's `explicit_bucket_boundaries_advisory`, or an SDK
    /// `View` with `ExplicitBucketHistogramAggregation(boundaries=...)`), it reports:
    /// - `histogram_quantile(q, ...x_bucket...)` compared with a constant that is not a boundary;
    /// - a selector `x_bucket{le="0.3"}` whose `le` is not a boundary.
    ///
    /// Boundaries built at run time, and histograms whose buckets are not known (OpenTelemetry's
    /// defaults, a wildcard View), are not judged.
    ///
    /// ## Why is this bad?
    /// `histogram_quantile` interpolates inside a bucket: with buckets at 0.25 and 0.5, "p99 above 0.3"
    /// fires at a latency the code never measured, so the alert fires early or late depending on how
    /// requests spread inside the bucket. `le="0.3"` selects no series at all: the ratio built on it is
    /// empty and the alert never fires.
    ///
    /// ## Example
    /// ```python
    /// LATENCY = Histogram("checkout_duration_seconds", "Checkout latency", buckets=[0.1, 0.25, 0.5, 1])
    /// ```
    /// ```yaml
    /// - alert: CheckoutSlow
    ///   expr: histogram_quantile(0.99, sum by (le) (rate(checkout_duration_seconds_bucket[5m]))) > 0.3
    /// ```
    pub static RULE = {
        code: "MET005",
        name: "histogram-threshold-not-a-bucket",
        severity: Warning,
        summary: "A histogram threshold or `le` is not one of the bucket boundaries the code declares",
        check: Check::Project(check),
    }
}

fn check(cx: &ProjectContext, out: &mut Vec<Diagnostic>) {
    let Some(telemetry) = cx.telemetry() else {
        return;
    };
    // Series name → every boundary list declared for it (several definitions must agree).
    let buckets_of = |series: &str| -> Option<Vec<f64>> {
        let mut lists = telemetry
            .catalog
            .iter()
            .filter(|d| d.kind == MetricKind::Histogram && d.series.iter().any(|s| s == series))
            .map(|d| d.buckets.clone());
        let first = lists.next()??;
        lists.all(|l| l.as_ref() == Some(&first)).then_some(first)
    };
    for document in &cx.index.rule_documents {
        let file = &cx.index.files[document.file];
        for group in &document.groups {
            for rule in &group.rules {
                let Some(expr) = &rule.expr else { continue };
                let Some(ast) = &expr.ast else { continue };
                let mut findings: Vec<(String, String, String)> = Vec::new();
                for (series, threshold) in quantile_thresholds(ast) {
                    let Some(buckets) = buckets_of(&series) else {
                        continue;
                    };
                    let top = buckets
                        .iter()
                        .copied()
                        .filter(|b| b.is_finite())
                        .fold(f64::MIN, f64::max);
                    if threshold > top && top > f64::MIN {
                        findings.push((
                            series.clone(),
                            format!(
                                "`histogram_quantile` over `{series}` is compared with {}, above the highest finite bucket ({}): the quantile never exceeds {}",
                                show(threshold),
                                show(top),
                                show(top)
                            ),
                            format!("add buckets up to {} or more, or compare with at most {}", show(threshold), show(top)),
                        ));
                    } else if !is_boundary(threshold, &buckets) {
                        findings.push((
                            series.clone(),
                            format!(
                                "`histogram_quantile` over `{series}` is compared with {}, which is not a bucket boundary",
                                show(threshold)
                            ),
                            nearest(threshold, &buckets),
                        ));
                    }
                }
                for vs in analysis::selectors(ast) {
                    let Some(series) = vs.name.as_deref() else {
                        continue;
                    };
                    let Some(le) = analysis::equal_matcher(vs, "le") else {
                        continue;
                    };
                    let Some(value) = parse_le(le) else { continue };
                    let Some(buckets) = buckets_of(series) else {
                        continue;
                    };
                    if !is_boundary(value, &buckets) {
                        findings.push((
                            series.to_string(),
                            format!("`{series}{{le=\"{le}\"}}` selects nothing: {le} is not a bucket boundary"),
                            nearest(value, &buckets),
                        ));
                    }
                }
                let mut nth: std::collections::HashMap<String, usize> = Default::default();
                for (series, message, help) in findings {
                    let n = nth.entry(series.clone()).or_default();
                    let this = *n;
                    *n += 1;
                    let span = locate::in_expression(file, &expr.text, |e| {
                        locate::series_name(e, &series, this)
                            .or_else(|| locate::series_name(e, &series, 0))
                    });
                    out.push(
                        Diagnostic::new(CODE, document.file, span, message)
                            .with_identity(rule.identity(group))
                            .with_help(help),
                    );
                }
            }
        }
    }
}

/// `histogram_quantile(q, ... x_bucket ...) > c` (either way round, through parentheses): (x_bucket, c).
fn quantile_thresholds(ast: &Expr) -> Vec<(String, f64)> {
    let mut out = Vec::new();
    analysis::walk(ast, &mut |e| {
        let Expr::Binary(b) = e else { return };
        if !b.op.is_comparison_operator() {
            return;
        }
        for (call, other) in [(&b.lhs, &b.rhs), (&b.rhs, &b.lhs)] {
            let Some(value) = analysis::number(other) else {
                continue;
            };
            let Expr::Call(c) = analysis::strip_parens(call) else {
                continue;
            };
            if c.func.name != "histogram_quantile" {
                continue;
            }
            let Some(inner) = c.args.args.get(1) else {
                continue;
            };
            let names: Vec<&str> = analysis::selectors(inner)
                .into_iter()
                .filter_map(|vs| vs.name.as_deref())
                .filter(|n| n.ends_with("_bucket"))
                .collect();
            if let [name] = names[..] {
                out.push((name.to_string(), value));
            }
        }
    });
    out
}

fn parse_le(text: &str) -> Option<f64> {
    match text.trim() {
        "+Inf" | "Inf" | "inf" | "+inf" => Some(f64::INFINITY),
        t => t.parse().ok(),
    }
}

fn is_boundary(value: f64, buckets: &[f64]) -> bool {
    buckets
        .iter()
        .any(|b| *b == value || (b.is_finite() && (b - value).abs() <= 1e-9 * b.abs().max(1.0)))
}

fn show(v: f64) -> String {
    if v.is_infinite() {
        "+Inf".into()
    } else {
        format!("{v}")
    }
}

/// "the nearest boundaries are 0.25 and 0.5".
fn nearest(value: f64, buckets: &[f64]) -> String {
    let below = buckets
        .iter()
        .copied()
        .filter(|b| *b < value)
        .fold(None, |m: Option<f64>, b| Some(m.map_or(b, |m| m.max(b))));
    let above = buckets
        .iter()
        .copied()
        .filter(|b| *b > value)
        .fold(None, |m: Option<f64>, b| Some(m.map_or(b, |m| m.min(b))));
    let list: Vec<String> = buckets.iter().map(|b| show(*b)).collect();
    let near = match (below, above) {
        (Some(b), Some(a)) => format!("the nearest are {} and {}", show(b), show(a)),
        (Some(b), None) => format!("the nearest is {}", show(b)),
        (None, Some(a)) => format!("the nearest is {}", show(a)),
        (None, None) => String::new(),
    };
    format!(
        "compare with a boundary the code declares ({}; {near}), or add this one to the histogram's buckets",
        list.join(", ")
    )
}
