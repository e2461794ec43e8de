use crate::declare_rule;
use crate::diagnostic::{Applicability, Diagnostic, Edit, Fix};
use crate::instrument::catalog::{Library, MetricDef};
use crate::rules::{Check, ProjectContext};
use std::collections::HashMap;

declare_rule! {
    /// ## What it does
    /// Checks the names of the metrics the code defines against the Prometheus naming conventions: names
    /// are snake_case; units are base units (`_seconds`, `_bytes`, `_ratio`, not `_ms`, `_milliseconds`,
    /// `_kb`, `_percent`); a counter's name ends in `_total` alone (not `jobs_count`, exposed as
    /// `jobs_count_total`); a histogram or summary of a duration or size names its unit; a gauge does not
    /// end in a suffix reserved for other types (`_total`, `_count`, `_sum`, `_bucket`, `_created`).
    /// OpenTelemetry instruments are checked under the name the Prometheus exporter gives them.
    ///
    /// ## Why is this bad?
    /// Queries, recording rules and dashboards assume the conventions: `rate()` on a `_total`, a latency
    /// in seconds next to another in milliseconds, a gauge that looks like a counter. Each break is a
    /// wrong graph or a wrong alert threshold waiting to happen.
    ///
    /// ## Example
    /// ```python
    /// Histogram("checkout_latency_ms", "...")      # MET003: use checkout_latency_seconds
    /// Gauge("queue_messages_total", "...")          # MET003: a gauge named like a counter
    /// Histogram("checkout_latency_seconds", "...")  # fine
    /// ```
    ///
    /// ## Fix
    /// Unsafe (`--fix --unsafe-fixes`): a prometheus_client histogram or summary of a duration that
    /// names no unit (`Histogram("checkout_latency", ...)`) gets `_seconds`, in the code and in every
    /// alert and recording rule of the run that selects its series (`checkout_latency_bucket` becomes
    /// `checkout_latency_seconds_bucket`). Dashboards and rules outside the repository still read the
    /// old name, and the values must really be seconds: review before merging. Offered only when the
    /// name is a string literal and every use in the rules could be located; never for sizes (a length
    /// may count items, not bytes).
    pub static RULE = {
        code: "MET003",
        name: "metric-name-convention",
        severity: Warning,
        summary: "A metric name breaks the Prometheus naming conventions",
        check: Check::Project(check),
    }
}

fn check(cx: &ProjectContext, out: &mut Vec<Diagnostic>) {
    let Some(telemetry) = cx.telemetry() else {
        return;
    };
    for def in &telemetry.catalog {
        let fix = unit_fix(cx, def);
        for (message, help) in crate::instrument::naming::convention_problems(def) {
            let mut d = Diagnostic::new(CODE, def.file, def.name_span.clone(), message)
                .with_identity(def.shown())
                .with_help(help);
            if d.message.ends_with("names no unit") {
                d.fix = fix.clone();
            }
            out.push(d);
        }
    }
}

/// `checkout_latency` → `checkout_latency_seconds`, in the definition and in the rules that read it.
fn unit_fix(cx: &ProjectContext, def: &MetricDef) -> Option<Fix> {
    let (Some(written), Some(exposed)) = (&def.written, &def.exposed) else {
        return None;
    };
    let unit = crate::instrument::naming::missing_unit(def.kind, exposed)?;
    if def.library != Library::Prometheus || unit != "seconds" {
        return None;
    }
    // The name must be the literal itself, not a constant defined elsewhere.
    let source = cx.index.files.get(def.file)?;
    let literal = source.text.get(def.name_span.clone())?;
    let quote = literal.chars().next().filter(|q| *q == '"' || *q == '\'')?;
    if literal.len() < 2 || !literal.ends_with(quote) || &literal[1..literal.len() - 1] != written {
        return None;
    }
    let inner = def.name_span.start + 1..def.name_span.end - 1;
    let mut edits = vec![Edit {
        file: def.file,
        span: inner,
        replacement: format!("{written}_{unit}"),
    }];
    let renamed = |series: &str| {
        let rest = series.strip_prefix(exposed.as_str())?;
        Some(format!("{exposed}_{unit}{rest}"))
    };
    for document in &cx.index.rule_documents {
        let file = &cx.index.files[document.file];
        for rule in document.groups.iter().flat_map(|g| &g.rules) {
            let Some(expr) = &rule.expr else { continue };
            let mut nth: HashMap<String, usize> = HashMap::new();
            for name in super::selected(rule) {
                if !def.series.contains(&name) {
                    continue;
                }
                let n = nth.entry(name.clone()).or_default();
                let at = crate::promql::locate::series_name(&expr.text.value, &name, *n);
                *n += 1;
                // Every use is renamed or none is: a half-renamed rule reads a series that is gone.
                let at = at?;
                let span = crate::yaml::scalar_map::locate(
                    &file.text,
                    &expr.text.span,
                    &expr.text.value,
                    at,
                );
                if file.text.get(span.clone()) != Some(name.as_str()) {
                    return None;
                }
                edits.push(Edit {
                    file: document.file,
                    span,
                    replacement: renamed(&name)?,
                });
            }
        }
    }
    Some(Fix {
        applicability: Applicability::Unsafe,
        edits,
    })
}
