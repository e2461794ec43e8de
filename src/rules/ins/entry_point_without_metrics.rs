use crate::declare_rule;
use crate::diagnostic::Diagnostic;
use crate::rules::{Check, ProjectContext};

declare_rule! {
    /// ## What it does
    /// Finds the entry points of a Python service (Flask, Flask-AppBuilder `@expose`, Flask-RESTful
    /// resources, FastAPI/Starlette, Django/DRF, aiohttp, Tornado, Pyramid routes, gRPC servicers,
    /// Celery and Dramatiq tasks, Kafka, RabbitMQ and SQS consumers, and functions the config or a
    /// `# obslint: critical` comment names; never test code) and reports those that emit no metric:
    /// none in the function, none in a project function it calls (followed through imports, three calls
    /// deep, so a project's own metrics facade counts), no Celery `base=` task class that measures, and
    /// nothing app-wide for its app: a Prometheus exporter (`PrometheusMetrics(app)`,
    /// `Instrumentator().instrument(app)`, `django_prometheus`), HTTP middleware or request hooks and
    /// Celery signal handlers that count (followed into the project's code), StatsD/DogStatsD calls, New
    /// Relic or Elastic APM.
    ///
    /// Entry points are judged per app (the `Flask(...)`/`FastAPI(...)`/`Celery(...)` object, a class
    /// deriving from one, or the Django settings module whose folder holds them). An app with no
    /// app-wide metric where fewer than a quarter of the entry points measure by hand is reported once,
    /// at the app object, with the number of entry points and the framework's app-wide fix; its
    /// critical entry points are also reported one by one. In an app that measures more of its entry
    /// points by hand, each entry point without a metric is reported. Routes and tasks with no app
    /// object of their framework in the repository (a reusable Django app) are the host's to
    /// instrument. `obslint check --explain-coverage` shows what covers each one. Liveness, readiness,
    /// status and scrape endpoints (a fixed path ending in `health`, `healthz`, `livez`, `readyz`,
    /// `ping`, `status`, `version`, `info`, `metrics` and the like) are watched from outside and not
    /// judged.
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
    ///
    /// app = Flask(__name__)           # INS001 once, when no route of the app emits a metric
    /// PrometheusMetrics(app)          # fine: every route of the app is counted and timed
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
        super::Signal::Metrics,
        "count requests and errors and time them (a prometheus_client Counter and Histogram, or an \
         OpenTelemetry instrument), in the function, a helper it calls, or app-wide",
    );
}
