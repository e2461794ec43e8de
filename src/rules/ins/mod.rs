//! Critical-path instrumentation: entry points that emit no signal, or hide their failures.

pub mod entry_point_swallows_errors;
pub mod entry_point_without_metrics;
pub mod entry_point_without_tracing;

use crate::diagnostic::{Diagnostic, Severity};
use crate::instrument::apps::App;
use crate::instrument::entry::Framework;
use crate::instrument::Entry;
use crate::rules::ProjectContext;

/// INS001/INS002, judged per app. An app none of whose entry points records the signal app-wide, and
/// fewer than a quarter by hand, gets one finding at the app object with the framework's app-wide fix;
/// only its critical entry points are reported on their own too. In an app that records it by hand for
/// more of its entry points (or app-wide for some), each entry point without it is reported: the
/// inconsistency is the finding.
pub fn report_uncovered(
    cx: &ProjectContext,
    out: &mut Vec<Diagnostic>,
    code: &'static str,
    signal: Signal,
    help: &str,
) {
    let Some(telemetry) = cx.telemetry() else {
        return;
    };
    let missing = |e: &Entry| match signal {
        Signal::Metrics => e.coverage.metrics.is_none(),
        Signal::Tracing => e.coverage.tracing.is_none(),
    };
    let by_hand = |e: &Entry| match signal {
        Signal::Metrics => e.coverage.by_hand_metrics,
        Signal::Tracing => e.coverage.by_hand_tracing,
    };
    let what = signal.what();
    for (a, app) in telemetry.apps.iter().enumerate() {
        let entries: Vec<&Entry> = telemetry.entries.iter().filter(|e| e.app == a).collect();
        let uncovered: Vec<&Entry> = entries.iter().copied().filter(|e| missing(e)).collect();
        if uncovered.is_empty() {
            continue;
        }
        // Configured critical functions belong to no framework app: each is judged on its own.
        // An app that measures a quarter of its entry points or more by hand means to measure them
        // all; a stray gauge in one route of two hundred does not make the others findings of their own.
        let hand = entries.iter().filter(|e| by_hand(e)).count();
        let aggregate = app.framework != Framework::Configured
            && uncovered.len() + hand == entries.len()
            && hand * 4 < entries.len();
        for entry in &uncovered {
            if aggregate && !entry.point.critical {
                continue;
            }
            out.push(finding(
                entry,
                code,
                format!("{} {what}", describe(entry)),
                help,
            ));
        }
        // A framework's entry points with no app object in the repository belong to a library: the
        // application that mounts them instruments them, not this repository.
        let library =
            app.module.is_none() && crate::instrument::apps::has_app_objects(app.framework);
        if aggregate && !library && uncovered.iter().any(|e| !e.point.critical) {
            out.push(app_finding(app, &entries, hand, code, signal));
        }
    }
}

/// What INS001 and INS002 look for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Signal {
    Metrics,
    Tracing,
}

impl Signal {
    fn what(self) -> &'static str {
        match self {
            Signal::Metrics => "emits no metric",
            Signal::Tracing => "starts no span",
        }
    }

    /// "emits a metric", or "emit a metric" said of `many`.
    fn recorded(self, many: bool) -> &'static str {
        match (self, many) {
            (Signal::Metrics, false) => "emits a metric",
            (Signal::Metrics, true) => "emit a metric",
            (Signal::Tracing, false) => "starts a span",
            (Signal::Tracing, true) => "start a span",
        }
    }
}

/// The app-wide fix for a framework: what to attach, and to what.
fn app_wide_fix(framework: Framework, signal: Signal) -> &'static str {
    match (framework, signal) {
        (Framework::Flask, Signal::Metrics) => {
            "attach `PrometheusMetrics(app)` (prometheus_flask_exporter), or count and time requests in \
             `before_request`/`after_request` hooks"
        }
        (Framework::Flask, Signal::Tracing) => "call `FlaskInstrumentor().instrument_app(app)`",
        (Framework::FastApi, Signal::Metrics) => {
            "call `Instrumentator().instrument(app)` (prometheus-fastapi-instrumentator), or add a \
             metrics middleware with `app.add_middleware(...)`"
        }
        (Framework::FastApi, Signal::Tracing) => "call `FastAPIInstrumentor.instrument_app(app)`",
        (Framework::Django, Signal::Metrics) => {
            "add `django_prometheus.middleware.PrometheusBeforeMiddleware` and \
             `...PrometheusAfterMiddleware` around `MIDDLEWARE`"
        }
        (Framework::Django, Signal::Tracing) => {
            "call `DjangoInstrumentor().instrument()` where the settings are loaded (wsgi.py/asgi.py)"
        }
        (Framework::Aiohttp, Signal::Metrics) => {
            "add a middleware that counts and times requests to `web.Application(middlewares=[...])`"
        }
        (Framework::Aiohttp, Signal::Tracing) => "call `AioHttpServerInstrumentor().instrument()`",
        (Framework::Celery, Signal::Metrics) => {
            "count and time tasks in `task_prerun`/`task_postrun`/`task_failure` signal handlers, or \
             run celery-exporter"
        }
        (Framework::Celery, Signal::Tracing) => "call `CeleryInstrumentor().instrument()`",
        (Framework::Tornado, Signal::Metrics) => {
            "count and time requests in the `Application`'s `log_function` or a base handler's \
             `on_finish`"
        }
        (Framework::Tornado, Signal::Tracing) => "call `TornadoInstrumentor().instrument()`",
        (Framework::Grpc, Signal::Metrics) => {
            "add a server interceptor that counts and times calls (py-grpc-prometheus)"
        }
        (Framework::Grpc, Signal::Tracing) => "call `GrpcInstrumentorServer().instrument()`",
        (_, Signal::Metrics) => {
            "count and time the work where every entry point passes (a shared decorator, middleware or \
             base class)"
        }
        (_, Signal::Tracing) => {
            "instrument the framework app-wide (an OpenTelemetry instrumentor, or run under \
             `opentelemetry-instrument`)"
        }
    }
}

/// The one finding for an app that records nothing: at the app object, naming how many entry points
/// it serves and the framework's fix.
fn app_finding(
    app: &App,
    entries: &[&Entry],
    hand: usize,
    code: &'static str,
    signal: Signal,
) -> Diagnostic {
    let framework = app.framework;
    let noun = framework.noun();
    let count = entries.len();
    let plural = if count == 1 { "" } else { "s" };
    let message = match app.module {
        Some(_) if hand > 0 => format!(
            "{} serves {count} {noun}{plural}: {hand} {} by hand, the others not, and nothing does \
             app-wide",
            app.label,
            signal.recorded(hand > 1)
        ),
        Some(_) => format!(
            "{} serves {count} {noun}{plural} and none of them {}, by hand or app-wide",
            app.label,
            signal.recorded(false)
        ),
        None => format!(
            "none of the {count} {} {noun}{plural}{} {}, by hand or app-wide",
            framework.as_str(),
            if app.dir.is_empty() {
                String::new()
            } else {
                format!(" under `{}/`", app.dir)
            },
            signal.recorded(count > 1)
        ),
    };
    let mut d = Diagnostic::new(code, app.file, app.span.clone(), message)
        .with_identity(format!(
            "app:{}:{}:{}",
            framework.as_str(),
            app.dir,
            app.label
        ))
        .with_help(app_wide_fix(framework, signal));
    d.severity = Some(Severity::Warning);
    d
}

/// "critical route `checkout` (POST /checkout)" / "Celery task `send_receipt`".
pub fn describe(entry: &Entry) -> String {
    let p = &entry.point;
    let kind = if p.framework == crate::instrument::entry::Framework::Configured {
        "critical function".to_string()
    } else {
        format!(
            "{}{} {}",
            if p.critical { "critical " } else { "" },
            p.framework.as_str(),
            p.framework.noun()
        )
    };
    match &p.route {
        Some(route) => format!("{kind} `{}` ({route})", p.name),
        None => format!("{kind} `{}`", p.name),
    }
}

/// Errors on critical entry points, warnings on the others (the config's severity for the code wins).
pub fn finding(entry: &Entry, code: &'static str, message: String, help: &str) -> Diagnostic {
    let mut d = Diagnostic::new(code, entry.file, entry.point.span.clone(), message)
        .with_identity(format!(
            "{}:{}",
            entry.point.framework.as_str(),
            entry.point.name
        ))
        .with_help(help);
    d.severity = Some(if entry.point.critical {
        Severity::Error
    } else {
        Severity::Warning
    });
    d
}
