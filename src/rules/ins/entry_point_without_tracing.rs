use crate::declare_rule;
use crate::diagnostic::Diagnostic;
use crate::rules::{Check, ProjectContext};

declare_rule! {
    /// ## What it does
    /// Reports entry points (routes, tasks, consumers, critical functions; see INS001) that start no
    /// span: no `tracer.start_as_current_span(...)`/`start_span(...)` (or Sentry `start_transaction`,
    /// ddtrace `tracer.trace`, Elastic APM `capture_span`) in the function or in a project function it
    /// calls (three calls deep), no such decorator, and no app-wide instrumentation of its app:
    /// OpenTelemetry instrumentors (`FlaskInstrumentor().instrument_app(app)`,
    /// `FastAPIInstrumentor.instrument_app(app)`, `DjangoInstrumentor().instrument()`,
    /// `CeleryInstrumentor().instrument()`, aiohttp, Kafka, Pika, botocore), middleware, request hooks
    /// and Celery signal handlers that start spans, Sentry with `traces_sample_rate` above zero or a
    /// `traces_sampler`, `ddtrace.patch_all()`, New Relic, Elastic APM, or a launcher in a Dockerfile,
    /// Procfile or compose file (`opentelemetry-instrument`, `ddtrace-run`, `newrelic-admin`).
    ///
    /// Like INS001 it is judged per app: an app none of whose entry points starts a span is reported
    /// once, at the app object, with the framework's app-wide fix (plus its critical entry points).
    ///
    /// ## Why is this bad?
    /// Without a span the request is missing from every trace: latency cannot be broken down, errors
    /// cannot be followed across services, and the on-call engineer debugs from logs alone.
    ///
    /// ## Example
    /// ```python
    /// @shared_task                     # INS002: nothing traces this task
    /// def send_receipt(order_id): ...
    ///
    /// CeleryInstrumentor().instrument()   # fine: every Celery task gets a span
    /// ```
    ///
    /// ## Options
    /// - `python.critical-paths`: see INS001.
    pub static RULE = {
        code: "INS002",
        name: "entry-point-without-tracing",
        severity: Warning,
        summary: "An entry point starts no span, directly, through calls, or app-wide",
        check: Check::Project(check),
    }
}

fn check(cx: &ProjectContext, out: &mut Vec<Diagnostic>) {
    super::report_uncovered(
        cx,
        out,
        CODE,
        super::Signal::Tracing,
        "instrument the framework app-wide (an OpenTelemetry instrumentor or \
         `opentelemetry-instrument`), or wrap the work in `tracer.start_as_current_span(...)`",
    );
}
