use crate::alerts::model::RuleKind;
use crate::declare_rule;
use crate::diagnostic::Diagnostic;
use crate::rules::{Check, ProjectContext};
use std::collections::{BTreeSet, HashMap, HashSet};

declare_rule! {
    /// ## What it does
    /// Builds the catalog of every metric the Python code defines (prometheus_client `Counter`, `Gauge`,
    /// `Histogram`, `Summary`, `Info`, `Enum` with `namespace`, `subsystem` and `unit`, and OpenTelemetry
    /// `meter.create_*` instruments as the Prometheus exporter names them) and reports a series an alert
    /// or recording rule selects when its name is in a namespace this repository owns but no code and no
    /// recording rule produces it. A repository owns the first name segment of every metric its code
    /// defines (`checkout_` for `checkout_requests_total`), or what `metrics.metric-prefixes` says; with
    /// no Python metrics and no config the rule stays silent.
    ///
    /// ## Why is this bad?
    /// The alert can never fire: its series does not exist. It usually means the metric was renamed in
    /// code and the rule was not updated, and the outage it guards against now pages nobody.
    ///
    /// ## Example
    /// ```yaml
    /// # the code defines Counter("checkout_payment_failures", ...)
    /// - alert: PaymentErrors
    ///   expr: rate(checkout_payment_errors_total[5m]) > 1   # MET001: no code emits this series
    /// ```
    ///
    /// ## Options
    /// - `metrics.metric-prefixes`: the name prefixes this repository owns (`["checkout"]`).
    pub static RULE = {
        code: "MET001",
        name: "alert-metric-not-emitted",
        severity: Error,
        summary: "An alert or recording rule selects a series in an owned namespace that nothing produces",
        check: Check::Project(check),
    }
}

fn check(cx: &ProjectContext, out: &mut Vec<Diagnostic>) {
    let Some(telemetry) = cx.telemetry() else {
        return;
    };
    let owned: BTreeSet<String> = match &cx.metrics.prefixes {
        Some(prefixes) => prefixes
            .iter()
            .map(|p| p.trim_end_matches('_').to_string())
            .collect(),
        None => telemetry
            .catalog
            .iter()
            .filter_map(|d| d.exposed.as_deref())
            .filter_map(|n| n.split('_').next())
            .filter(|s| !s.is_empty())
            .map(str::to_string)
            .collect(),
    };
    if owned.is_empty() {
        return;
    }
    let mut produced: HashSet<&str> = telemetry
        .catalog
        .iter()
        .flat_map(|d| d.series.iter().map(String::as_str))
        .collect();
    produced.extend(
        super::rules(cx.index)
            .filter(|(_, r)| r.kind == RuleKind::Record)
            .map(|(_, r)| r.name.value.as_str()),
    );
    let dynamic: Vec<_> = telemetry
        .catalog
        .iter()
        .filter(|d| d.exposed.is_none())
        .collect();
    for document in &cx.index.rule_documents {
        let file = &cx.index.files[document.file];
        for group in &document.groups {
            for rule in &group.rules {
                let Some(expr) = &rule.expr else { continue };
                let mut nth: HashMap<String, usize> = HashMap::new();
                for name in super::selected(rule) {
                    let n = nth.entry(name.clone()).or_default();
                    let this = *n;
                    *n += 1;
                    let is_owned = owned
                        .iter()
                        .any(|p| name == *p || name.starts_with(&format!("{p}_")));
                    if !is_owned || produced.contains(name.as_str()) {
                        continue;
                    }
                    let span = crate::promql::locate::in_expression(file, &expr.text, |e| {
                        crate::promql::locate::series_name(e, &name, this)
                    });
                    let what = if rule.kind == RuleKind::Alert {
                        "alert"
                    } else {
                        "recording rule"
                    };
                    let near = similar(&name, &produced);
                    let counter = format!("{name}_total");
                    let mut help = if produced.contains(counter.as_str()) {
                        format!("the counter is exposed as `{counter}`: prometheus_client adds `_total`")
                    } else if near.is_empty() {
                        format!("no metric the code defines and no recording rule produces `{name}`: fix the name, or emit it")
                    } else {
                        format!(
                            "the code emits {}: was the metric renamed?",
                            near.join(", ")
                        )
                    };
                    if let Some(d) = dynamic.first() {
                        let at = cx.index.files[d.file].line_col(d.name_span.start);
                        help.push_str(&format!(
                            "; {} metric name(s) are built at run time (first at {}:{}) and were not matched",
                            dynamic.len(),
                            cx.index.files[d.file].display_path,
                            at.line
                        ));
                    }
                    out.push(
                        Diagnostic::new(
                            CODE,
                            document.file,
                            span,
                            format!(
                                "{what} `{}` selects `{name}`, which no code or recording rule produces",
                                rule.name.value
                            ),
                        )
                        .with_identity(rule.identity(group))
                        .with_help(help),
                    );
                }
            }
        }
    }
}

/// Produced series that share at least two leading name segments with `name` and its last segment
/// (`_total`, `_bucket`), longest shared prefix first: the likely new names of a renamed metric.
fn similar(name: &str, produced: &HashSet<&str>) -> Vec<String> {
    let common = |a: &str, b: &str| {
        a.split('_')
            .zip(b.split('_'))
            .take_while(|(x, y)| x == y)
            .count()
    };
    let last = name.rsplit('_').next().unwrap_or("");
    let mut found: Vec<(usize, &str)> = produced
        .iter()
        .map(|p| (common(name, p), *p))
        .filter(|(n, p)| *n >= 2 && p.rsplit('_').next() == Some(last))
        .collect();
    found.sort_unstable_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(b.1)));
    found
        .into_iter()
        .take(3)
        .map(|(_, p)| format!("`{p}`"))
        .collect()
}
