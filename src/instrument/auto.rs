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

/// Where a Dockerfile, Procfile or compose file runs the app under `opentelemetry-instrument`: the
/// command itself, not a package name that starts the same (`opentelemetry-instrumentation-flask` in a
/// `pip install`) and not a commented-out line.
pub fn launcher_command(text: &[u8]) -> Option<usize> {
    const COMMAND: &[u8] = b"opentelemetry-instrument";
    let mut from = 0;
    while let Some(found) = text[from..]
        .windows(COMMAND.len())
        .position(|w| w == COMMAND)
    {
        let at = from + found;
        let after = text.get(at + COMMAND.len()).copied();
        let is_command =
            !after.is_some_and(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
        let line_start = text[..at]
            .iter()
            .rposition(|b| *b == b'\n')
            .map_or(0, |p| p + 1);
        let commented = text[line_start..at]
            .iter()
            .find(|b| !b.is_ascii_whitespace())
            == Some(&b'#');
        if is_command && !commented {
            return Some(at);
        }
        from = at + COMMAND.len();
    }
    None
}

pub fn detect(modules: &Modules, launchers: &[(String, usize)]) -> AutoCoverage {
    let mut out = AutoCoverage::default();
    if let Some((path, line)) = launchers.first() {
        out.zero_code = Some(format!("`opentelemetry-instrument` at {path}:{line}"));
    }
    for (m, model) in modules.parsed() {
        // `instrumentor = FlaskInstrumentor()` then `instrumentor.instrument_app(app)`.
        let mut bound: std::collections::HashMap<String, String> = Default::default();
        for scope in &model.scopes {
            for event in &scope.events {
                if let Event::Assign { targets, value, .. } = event {
                    if let (ExprKind::Call(_), Some(chain)) = (&value.kind, callee(value)) {
                        let class = chain.last().copied().unwrap_or("");
                        let known = INSTRUMENTORS.iter().any(|(n, _)| *n == class)
                            || METRIC_EXPORTERS.iter().any(|(n, _)| *n == class);
                        if known {
                            for t in targets {
                                bound.insert(t.clone(), class.to_string());
                            }
                        }
                    }
                }
            }
        }
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
                    let receiver = chain[..chain.len() - 1].join(".");
                    let owner = bound
                        .get(&receiver)
                        .map_or(chain[chain.len() - 2], String::as_str);
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

#[cfg(test)]
mod tests {
    use super::launcher_command;

    #[test]
    fn the_launcher_command_not_a_package_or_a_comment() {
        assert_eq!(
            launcher_command(b"CMD [\"opentelemetry-instrument\", \"gunicorn\"]"),
            Some(6)
        );
        assert_eq!(
            launcher_command(b"web: opentelemetry-instrument gunicorn app:app"),
            Some(5)
        );
        assert_eq!(
            launcher_command(b"RUN pip install opentelemetry-instrumentation-flask"),
            None
        );
        assert_eq!(
            launcher_command(b"# CMD opentelemetry-instrument gunicorn"),
            None
        );
    }
}
