//! Instrumentation of a whole app or process, which covers every entry point of its framework:
//! OpenTelemetry instrumentors (`FlaskInstrumentor().instrument_app(app)`), `opentelemetry-instrument`
//! in a Dockerfile, Procfile or compose command (tracing), and the Prometheus exporters for Flask,
//! FastAPI and Django (metrics).

use super::entry::Framework;
use super::modules::{callee, Modules};
use crate::python::model::{Event, ExprKind};
use std::collections::HashMap;

/// What instruments each framework app-wide, as "what, where" for `--explain-coverage`.
#[derive(Debug, Default)]
pub struct AutoCoverage {
    pub tracing: HashMap<Framework, String>,
    pub metrics: HashMap<Framework, String>,
    /// `opentelemetry-instrument` wraps the process: every framework it supports is traced.
    pub zero_code: Option<String>,
}

impl AutoCoverage {
    pub fn tracing_of(&self, framework: Framework) -> Option<&str> {
        self.tracing
            .get(&framework)
            .map(String::as_str)
            .or_else(|| {
                (framework != Framework::Configured)
                    .then_some(self.zero_code.as_deref())
                    .flatten()
            })
    }

    pub fn metrics_of(&self, framework: Framework) -> Option<&str> {
        self.metrics.get(&framework).map(String::as_str)
    }
}

const INSTRUMENTORS: &[(&str, &[Framework])] = &[
    ("FlaskInstrumentor", &[Framework::Flask]),
    ("FastAPIInstrumentor", &[Framework::FastApi]),
    ("StarletteInstrumentor", &[Framework::FastApi]),
    ("DjangoInstrumentor", &[Framework::Django]),
    ("CeleryInstrumentor", &[Framework::Celery]),
    ("AioHttpServerInstrumentor", &[Framework::Aiohttp]),
    ("KafkaInstrumentor", &[Framework::Kafka]),
    ("ConfluentKafkaInstrumentor", &[Framework::Kafka]),
    ("AIOKafkaInstrumentor", &[Framework::Kafka]),
    ("PikaInstrumentor", &[Framework::RabbitMq]),
    ("AioPikaInstrumentor", &[Framework::RabbitMq]),
    ("BotocoreInstrumentor", &[Framework::Sqs]),
    ("Boto3SQSInstrumentor", &[Framework::Sqs]),
];

/// prometheus_flask_exporter, prometheus-fastapi-instrumentator, starlette_exporter.
const METRIC_EXPORTERS: &[(&str, Framework)] = &[
    ("PrometheusMetrics", Framework::Flask),
    ("GunicornPrometheusMetrics", Framework::Flask),
    ("GunicornInternalPrometheusMetrics", Framework::Flask),
    ("RESTfulPrometheusMetrics", Framework::Flask),
    ("Instrumentator", Framework::FastApi),
    ("PrometheusMiddleware", Framework::FastApi),
];

pub fn detect(modules: &Modules, launchers: &[(String, usize)]) -> AutoCoverage {
    let mut out = AutoCoverage::default();
    if let Some((path, line)) = launchers.first() {
        out.zero_code = Some(format!("`opentelemetry-instrument` at {path}:{line}"));
    }
    for (m, model) in modules.parsed() {
        for scope in &model.scopes {
            for event in &scope.events {
                let value = match event {
                    Event::Call(e) => e,
                    Event::Assign { value, .. } => {
                        django_prometheus(modules, m, value, &mut out);
                        continue;
                    }
                };
                let ExprKind::Call(call) = &value.kind else {
                    continue;
                };
                let Some(chain) = callee(value) else {
                    // `FlaskInstrumentor().instrument_app(app)`: the receiver is a call.
                    if let ExprKind::Attribute(receiver, method) = &call.func.kind {
                        if let Some(name) = callee(receiver).and_then(|c| c.last().copied()) {
                            instrumentor(modules, m, value.span.start, name, method, &mut out);
                            metric_exporter(modules, m, value.span.start, name, method, &mut out);
                        }
                    }
                    continue;
                };
                let last = chain.last().copied().unwrap_or("");
                // `FastAPIInstrumentor.instrument_app(app)` (a class method) and exporters built from
                // the app: `PrometheusMetrics(app)`, `app.add_middleware(PrometheusMiddleware)`.
                if chain.len() >= 2 {
                    let owner = chain[chain.len() - 2];
                    instrumentor(modules, m, value.span.start, owner, last, &mut out);
                    metric_exporter(modules, m, value.span.start, owner, last, &mut out);
                }
                metric_exporter(modules, m, value.span.start, last, "", &mut out);
                if last == "add_middleware" {
                    if let Some(first) = call.args.first().and_then(|a| a.dotted()) {
                        let name = first.last().copied().unwrap_or("");
                        metric_exporter(modules, m, value.span.start, name, "", &mut out);
                    }
                }
            }
        }
    }
    out
}

fn instrumentor(
    modules: &Modules,
    m: usize,
    at: usize,
    name: &str,
    method: &str,
    out: &mut AutoCoverage,
) {
    if !matches!(method, "instrument" | "instrument_app") {
        return;
    }
    let Some((_, frameworks)) = INSTRUMENTORS.iter().find(|(n, _)| *n == name) else {
        return;
    };
    for f in *frameworks {
        out.tracing
            .entry(*f)
            .or_insert_with(|| format!("`{name}().{method}(...)` at {}", modules.location(m, at)));
    }
}

fn metric_exporter(
    modules: &Modules,
    m: usize,
    at: usize,
    name: &str,
    method: &str,
    out: &mut AutoCoverage,
) {
    let Some((_, framework)) = METRIC_EXPORTERS.iter().find(|(n, _)| *n == name) else {
        return;
    };
    // `Instrumentator()` does nothing until `.instrument(app)`.
    if name == "Instrumentator" && method != "instrument" {
        return;
    }
    out.metrics
        .entry(*framework)
        .or_insert_with(|| format!("`{name}` at {}", modules.location(m, at)));
}

/// `MIDDLEWARE = [..., "django_prometheus.middleware.PrometheusBeforeMiddleware", ...]` in settings.
fn django_prometheus(
    modules: &Modules,
    m: usize,
    value: &crate::python::model::Expr,
    out: &mut AutoCoverage,
) {
    let ExprKind::Collection(items) = &value.kind else {
        return;
    };
    for item in items {
        if let ExprKind::Str(s) = &item.kind {
            if s.starts_with("django_prometheus.middleware") {
                out.metrics.entry(Framework::Django).or_insert_with(|| {
                    format!("`{s}` at {}", modules.location(m, item.span.start))
                });
            }
        }
    }
}
