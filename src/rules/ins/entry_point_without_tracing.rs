use crate::declare_rule;
use crate::diagnostic::Diagnostic;
use crate::rules::{Check, ProjectContext};

declare_rule! {
    /// ## What it does
    /// Reports entry points (routes, tasks, consumers, critical functions; see INS001) that start no
    /// span: no `tracer.start_as_current_span(...)` or `start_span(...)` in the function or in a project
    /// function it calls (three calls deep), no `@tracer.start_as_current_span(...)` decorator, and no
    /// app-wide instrumentation of its framework (`FlaskInstrumentor().instrument_app(app)`,
    /// `FastAPIInstrumentor.instrument_app(app)`, `DjangoInstrumentor().instrument()`,
    /// `CeleryInstrumentor().instrument()`, `AioHttpServerInstrumentor`, the Kafka, Pika and botocore
    /// instrumentors, or `opentelemetry-instrument` in a Dockerfile, Procfile or compose file).
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
        |c| c.tracing.is_none(),
        "starts no span",
        "instrument the framework app-wide (an OpenTelemetry instrumentor or \
         `opentelemetry-instrument`), or wrap the work in `tracer.start_as_current_span(...)`",
    );
}
