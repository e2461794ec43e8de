use crate::declare_rule;
use crate::diagnostic::Diagnostic;
use crate::rules::{Check, ProjectContext};

declare_rule! {
    /// ## What it does
    /// Finds the entry points of a Python service (Flask, FastAPI, Django/DRF and aiohttp routes,
    /// Celery and Dramatiq tasks, Kafka, RabbitMQ and SQS consumers, and functions the config or a
    /// `# obslint: critical` comment names) and reports those that emit no metric: none in the function,
    /// none in a project function it calls (followed through imports, three calls deep), and no
    /// app-wide exporter for its framework (`PrometheusMetrics(app)`, `Instrumentator().instrument(app)`,
    /// `django_prometheus` middleware). `obslint check --explain-coverage` shows what covers each one.
    /// Liveness, readiness and scrape endpoints (a fixed path ending in `health`, `healthz`, `livez`,
    /// `readyz`, `ping`, `metrics` and the like) are watched from outside and not judged.
    ///
    /// ## Why is this bad?
    /// An alert can only watch what is measured. A route or task without a request count, error count
    /// or duration fails silently: no alert fires, no dashboard moves, and users notice first.
    ///
    /// ## Example
    /// ```python
    /// @app.post("/refund")            # INS001: no counter, histogram or exporter covers it
    /// def refund():
    ///     return issue_refund(request.json)
    ///
    /// @app.post("/refund")            # fine
    /// def refund():
    ///     with REFUND_LATENCY.time():
    ///         return issue_refund(request.json)
    /// ```
    ///
    /// ## Options
    /// - `python.critical-paths`: `[{ path = "billing/*.py", function = "reconcile_*" }]` (or
    ///   `decorator = "..."`) makes entry points critical: errors instead of warnings, and new entry
    ///   points where a function is named that no framework marks.
    pub static RULE = {
        code: "INS001",
        name: "entry-point-without-metrics",
        severity: Warning,
        summary: "An entry point emits no metric, directly, through calls, or app-wide",
        check: Check::Project(check),
    }
}

fn check(cx: &ProjectContext, out: &mut Vec<Diagnostic>) {
    super::report_uncovered(
        cx,
        out,
        CODE,
        |c| c.metrics.is_none(),
        "emits no metric",
        "count requests and errors and time them (a prometheus_client Counter and Histogram, or an \
         OpenTelemetry instrument), in the function, a helper it calls, or app-wide",
    );
}
