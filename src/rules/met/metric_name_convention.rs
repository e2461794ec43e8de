use crate::declare_rule;
use crate::diagnostic::Diagnostic;
use crate::rules::{Check, ProjectContext};

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
        for (message, help) in crate::instrument::naming::convention_problems(def) {
            out.push(
                Diagnostic::new(CODE, def.file, def.name_span.clone(), message)
                    .with_identity(def.shown())
                    .with_help(help),
            );
        }
    }
}
