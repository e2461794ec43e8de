//! Instrumentation of a whole app or process, which covers every entry point of the app it is attached
//! to: OpenTelemetry instrumentors (`FlaskInstrumentor().instrument_app(app)`), the Prometheus exporters
//! for Flask, FastAPI and Django, HTTP middleware and request hooks that record metrics or spans
//! (followed into the project's code), Celery signal handlers and base task classes, vendor agents
//! (Sentry performance, ddtrace, New Relic, Elastic APM), and launchers that wrap the process
//! (`opentelemetry-instrument`, `ddtrace-run`, `newrelic-admin run-program`).

use super::apps::{dir_of, is_test_path, is_within, App};
use super::coverage::{Analysis, Coverage};
use super::entry::Framework;
use super::modules::{callee, imports_any, Modules};
use crate::python::model::{Call, Event, Expr, ExprKind, PythonFile};

/// One piece of app-wide instrumentation.
#[derive(Debug, Clone)]
pub struct Wide {
    /// The framework whose apps it covers; None for an agent that instruments every framework it finds.
    pub framework: Option<Framework>,
    /// The module it is written in; None when it wraps the whole process (a launcher).
    pub module: Option<usize>,
    pub tracing: bool,
    pub metrics: bool,
    /// What and where, for `--explain-coverage`.
    pub what: String,
    /// The apps it covers, once bound.
    apps: Vec<usize>,
}

/// What instruments each app as a whole.
#[derive(Debug, Default)]
pub struct AutoCoverage {
    pub wides: Vec<Wide>,
}

impl AutoCoverage {
    fn find(&self, framework: Framework, app: usize, tracing: bool) -> Option<&str> {
        if framework == Framework::Configured {
            return None;
        }
        self.wides
            .iter()
            .find(|w| {
                (if tracing { w.tracing } else { w.metrics })
                    && w.framework.is_none_or(|f| f == framework)
                    && (w.module.is_none() || w.apps.contains(&app))
            })
            .map(|w| w.what.as_str())
    }

    pub fn tracing_of(&self, framework: Framework, app: usize) -> Option<&str> {
        self.find(framework, app, true)
    }

    pub fn metrics_of(&self, framework: Framework, app: usize) -> Option<&str> {
        self.find(framework, app, false)
    }

    /// Ties each piece of instrumentation to the apps it covers: the apps of its framework whose folder
    /// holds its module or lies below its module's folder; when none does (an `instrumentation.py`
    /// beside the packages), every app of its framework.
    pub fn bind(&mut self, apps: &[App], modules: &Modules) {
        for w in &mut self.wides {
            let Some(m) = w.module else { continue };
            let here = dir_of(modules.root_relative(m));
            let of_framework = |a: &App| w.framework.is_none_or(|f| f == a.framework);
            let related: Vec<usize> = apps
                .iter()
                .enumerate()
                .filter(|(_, a)| {
                    of_framework(a) && (is_within(here, &a.dir) || is_within(&a.dir, here))
                })
                .map(|(i, _)| i)
                .collect();
            w.apps = if related.is_empty() {
                (0..apps.len())
                    .filter(|&i| of_framework(&apps[i]))
                    .collect()
            } else {
                related
            };
        }
    }

    fn push(
        &mut self,
        framework: Option<Framework>,
        module: Option<usize>,
        (tracing, metrics): (bool, bool),
        what: String,
    ) {
        if tracing || metrics {
            self.wides.push(Wide {
                framework,
                module,
                tracing,
                metrics,
                what,
                apps: Vec::new(),
            });
        }
    }

    /// Instrumentation found by following a hook, middleware or signal handler into project code.
    fn push_reached(
        &mut self,
        framework: Framework,
        module: usize,
        what: String,
        reached: &Coverage,
    ) {
        let via = |w: &Option<String>| w.clone().unwrap_or_default();
        let shown = match (&reached.metrics, &reached.tracing) {
            (Some(_), _) => format!("{what} → {}", via(&reached.metrics)),
            (None, _) => format!("{what} → {}", via(&reached.tracing)),
        };
        self.push(
            Some(framework),
            Some(module),
            (reached.tracing.is_some(), reached.metrics.is_some()),
            shown,
        );
    }
}

/// What Logfire's `instrument_<x>` instruments as an application's requests or tasks.
const WEB_INSTRUMENTATIONS: &[&str] = &[
    "fastapi",
    "flask",
    "django",
    "starlette",
    "asgi",
    "wsgi",
    "aiohttp_server",
    "celery",
];

/// Launchers that wrap the process: what each gives (tracing, metrics).
pub const LAUNCHERS: &[(&str, (bool, bool))] = &[
    ("opentelemetry-instrument", (true, false)),
    ("ddtrace-run", (true, false)),
    ("newrelic-admin", (true, true)),
];

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

/// Where a Dockerfile, Procfile or compose file runs the app under a launcher (`opentelemetry-instrument`,
/// `ddtrace-run`, `newrelic-admin`): the command itself, not a package name that starts the same
/// (`opentelemetry-instrumentation-flask` in a `pip install`) and not a commented-out line.
pub fn launcher_command(text: &[u8]) -> Option<usize> {
    LAUNCHERS
        .iter()
        .filter_map(|(command, _)| command_at(text, command.as_bytes()))
        .min()
}

/// The launcher whose command starts at `offset` of a file's text.
pub fn launcher_at(text: &str, offset: usize) -> Option<&'static (&'static str, (bool, bool))> {
    let rest = text.get(offset..)?;
    LAUNCHERS.iter().find(|(c, _)| rest.starts_with(c))
}

fn command_at(text: &[u8], command: &[u8]) -> Option<usize> {
    let mut from = 0;
    while let Some(found) = text[from..]
        .windows(command.len())
        .position(|w| w == command)
    {
        let at = from + found;
        let after = text.get(at + command.len()).copied();
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
        from = at + command.len();
    }
    None
}

/// A launcher command and what it gives: (tracing, metrics).
pub type Launcher = (&'static str, (bool, bool));

/// Every piece of app-wide instrumentation outside test code. `launchers` are (where, launcher).
pub fn detect(
    modules: &Modules,
    analysis: &Analysis,
    launchers: &[(String, &'static Launcher)],
) -> AutoCoverage {
    let mut out = AutoCoverage::default();
    for (at, (command, gives)) in launchers {
        out.push(None, None, *gives, format!("`{command}` at {at}"));
    }
    for (m, model) in modules.parsed() {
        if is_test_path(modules.root_relative(m)) {
            continue;
        }
        let model = model.clone();
        let mut found = Finder {
            modules,
            analysis,
            m,
            model: &model,
            out: &mut out,
        };
        found.module();
    }
    out
}

struct Finder<'f, 'm, 'a> {
    modules: &'f Modules<'a>,
    analysis: &'f Analysis<'m, 'a>,
    m: usize,
    model: &'f PythonFile,
    out: &'f mut AutoCoverage,
}

/// Flask request hooks, as decorators or called with the function.
const FLASK_HOOKS: &[&str] = &[
    "before_request",
    "after_request",
    "teardown_request",
    "before_app_request",
    "after_app_request",
    "teardown_app_request",
];
/// Celery signals that run around every task.
const CELERY_SIGNALS: &[&str] = &[
    "task_prerun",
    "task_postrun",
    "task_success",
    "task_failure",
    "task_retry",
    "task_received",
    "task_revoked",
    "task_rejected",
    "task_unknown",
    "task_internal_error",
    "before_task_publish",
    "after_task_publish",
];
/// Methods of a Celery `Task` subclass that run around every call.
pub const TASK_HOOKS: &[&str] = &[
    "__call__",
    "before_start",
    "on_success",
    "on_failure",
    "on_retry",
    "after_return",
];
/// Known middleware classes, by name: what they give.
const KNOWN_MIDDLEWARE: &[(&str, (bool, bool))] = &[
    ("PrometheusMiddleware", (false, true)),
    ("OpenTelemetryMiddleware", (true, false)),
    ("SentryAsgiMiddleware", (true, false)),
    ("SentryWsgiMiddleware", (true, false)),
    ("TraceMiddleware", (true, false)),
    ("ElasticAPM", (true, true)),
];

impl Finder<'_, '_, '_> {
    fn at(&self, offset: usize) -> String {
        self.modules.location(self.m, offset)
    }

    fn module(&mut self) {
        let model = self.model;
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
        if model
            .imports
            .iter()
            .any(|i| i.module == "ddtrace.auto" || i.module == "ddtrace.bootstrap.sitecustomize")
        {
            self.out.push(
                None,
                Some(self.m),
                (true, false),
                format!(
                    "`import ddtrace.auto` in {}",
                    self.modules.root_relative(self.m)
                ),
            );
        }
        for (si, scope) in model.scopes.iter().enumerate() {
            for d in &scope.decorators {
                self.decorator(si, d);
            }
            for event in &scope.events {
                let expr = match event {
                    Event::Call(e) | Event::Assign { value: e, .. } => e,
                };
                self.nested(scope, expr, 0);
            }
            for event in &scope.events {
                let value = match event {
                    Event::Call(e) => e,
                    Event::Assign { targets, value, .. } => {
                        self.assignment(scope, targets, value);
                        continue;
                    }
                };
                let ExprKind::Call(call) = &value.kind else {
                    continue;
                };
                let at = value.span.start;
                let Some(chain) = callee(value) else {
                    // `FlaskInstrumentor().instrument_app(app)`: the receiver is a call.
                    if let ExprKind::Attribute(receiver, method) = &call.func.kind {
                        if let Some(name) = callee(receiver).and_then(|c| c.last().copied()) {
                            self.instrumentor(at, name, method);
                            self.metric_exporter(at, name, method);
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
                    self.instrumentor(at, owner, last);
                    self.metric_exporter(at, owner, last);
                }
                self.metric_exporter(at, last, "");
                self.django_list_call(&chain, call);
                self.call(scope, &chain, call, at);
            }
        }
    }

    /// `@app.before_request`, `@app.middleware("http")`, `@task_prerun.connect`, `@web.middleware`.
    fn decorator(&mut self, scope: usize, d: &Expr) {
        let Some(chain) = callee(d) else { return };
        let Some(&last) = chain.last() else { return };
        let framework = if chain.len() >= 2 && FLASK_HOOKS.contains(&last) {
            Some((Framework::Flask, format!("`@{}` hook", chain.join("."))))
        } else if chain.len() >= 2 && last == "middleware" && matches!(d.kind, ExprKind::Call(_)) {
            Some((
                Framework::FastApi,
                format!("`@{}(...)` middleware", chain.join(".")),
            ))
        } else if last == "middleware" && imports_any(self.model, &["aiohttp"]) {
            Some((Framework::Aiohttp, "`@web.middleware`".to_string()))
        } else if last == "connect" && chain.iter().any(|c| CELERY_SIGNALS.contains(c)) {
            Some((
                Framework::Celery,
                format!("`@{}` signal handler", chain.join(".")),
            ))
        } else {
            None
        };
        if let Some((framework, what)) = framework {
            let reached = self.analysis.reach(self.m, scope);
            let what = format!("{what} at {}", self.at(d.span.start));
            self.out.push_reached(framework, self.m, what, &reached);
        }
    }

    /// The functions or classes a call names as hooks, middleware or signal handlers.
    fn call(
        &mut self,
        scope: &crate::python::model::Scope,
        chain: &[&str],
        call: &Call,
        at: usize,
    ) {
        let last = *chain.last().unwrap_or(&"");
        let (framework, what, handlers): (Framework, String, Vec<&Expr>) = if chain.len() >= 2
            && FLASK_HOOKS.contains(&last)
        {
            (
                Framework::Flask,
                format!("`{}(...)` hook", chain.join(".")),
                call.args.first().into_iter().collect(),
            )
        } else if last == "connect" && chain.iter().any(|c| CELERY_SIGNALS.contains(c)) {
            (
                Framework::Celery,
                format!("`{}(...)` signal handler", chain.join(".")),
                call.argument(0, "receiver").into_iter().collect(),
            )
        } else if last == "add_middleware" {
            (
                Framework::FastApi,
                "`add_middleware(...)`".to_string(),
                call.args.first().into_iter().collect(),
            )
        } else if last == "append" && chain.len() >= 2 && chain[chain.len() - 2] == "middlewares" {
            (
                Framework::Aiohttp,
                "`middlewares.append(...)`".to_string(),
                call.args.first().into_iter().collect(),
            )
        } else if last == "Application" && imports_any(self.model, &["aiohttp"]) {
            let items = match call.keyword("middlewares").map(|e| &e.kind) {
                Some(ExprKind::Collection(items)) => items.iter().collect(),
                _ => Vec::new(),
            };
            (Framework::Aiohttp, "`middlewares=[...]`".to_string(), items)
        } else if last == "Celery" {
            (
                Framework::Celery,
                "`Celery(task_cls=...)`".to_string(),
                call.keyword("task_cls").into_iter().collect(),
            )
        } else {
            self.agent(chain, call, at);
            return;
        };
        let what = format!("{what} at {}", self.at(at));
        for handler in handlers {
            self.handler(scope, framework, &what, handler);
        }
    }

    /// A hook, middleware or task class given by name: known middleware by its name, project code by
    /// what it records.
    fn handler(
        &mut self,
        scope: &crate::python::model::Scope,
        framework: Framework,
        what: &str,
        handler: &Expr,
    ) {
        let target = match &handler.kind {
            // `Wrapper(app.wsgi_app)`, `Middleware(SentryAsgiMiddleware)`: the class called.
            ExprKind::Call(c) => &c.func,
            _ => handler,
        };
        let Some(chain) = target.dotted() else { return };
        let name = *chain.last().unwrap_or(&"");
        if let Some((_, gives)) = KNOWN_MIDDLEWARE.iter().find(|(n, _)| *n == name) {
            self.out.push(
                Some(framework),
                Some(self.m),
                *gives,
                format!("{what}: `{name}`"),
            );
            return;
        }
        if let Some(super::modules::Target::Function(fm, fs)) =
            self.modules.resolve_name(self.m, scope, &chain)
        {
            let reached = self.analysis.reach(fm, fs);
            self.out
                .push_reached(framework, self.m, format!("{what}: `{name}`"), &reached);
            return;
        }
        if let Some((cm, class)) = self.modules.resolve_class(self.m, &chain) {
            let mut reached = Coverage::default();
            for (mm, ms, _) in self.modules.methods(cm, &class) {
                let r = self.analysis.reach(mm, ms);
                reached.metrics = reached.metrics.or(r.metrics);
                reached.tracing = reached.tracing.or(r.tracing);
            }
            self.out
                .push_reached(framework, self.m, format!("{what}: `{class}`"), &reached);
        }
    }

    /// What sits inside an expression: Tornado's `log_function` setting (`{"log_function": f}`,
    /// `log_function=partial(f, ...)`), which runs after every request, and lists of Django middleware
    /// paths built outside `MIDDLEWARE = [...]` (`data["MIDDLEWARE"] = [...]` in a settings hook).
    /// Bounded in depth: the expression is user input.
    fn nested(&mut self, scope: &crate::python::model::Scope, expr: &Expr, depth: usize) {
        if depth > 12 {
            return;
        }
        let log_function = |this: &mut Self, value: &Expr| {
            let target = match &value.kind {
                ExprKind::Call(c)
                    if c.func.dotted().and_then(|d| d.last().copied()) == Some("partial") =>
                {
                    c.args.first().unwrap_or(value)
                }
                _ => value,
            };
            let what = format!("Tornado `log_function` at {}", this.at(value.span.start));
            this.handler(scope, Framework::Tornado, &what, target);
        };
        match &expr.kind {
            ExprKind::Dict(entries) => {
                for e in entries {
                    if e.key.as_ref().is_some_and(|(k, _)| k == "log_function") {
                        log_function(self, &e.value);
                    }
                    self.nested(scope, &e.value, depth + 1);
                }
            }
            ExprKind::Call(call) => {
                for k in &call.kwargs {
                    if k.name == "log_function" {
                        log_function(self, &k.value);
                    }
                    self.nested(scope, &k.value, depth + 1);
                }
                for a in &call.args {
                    self.nested(scope, a, depth + 1);
                }
            }
            ExprKind::Collection(items) => {
                let middleware = items.iter().any(|i| {
                    matches!(&i.kind, ExprKind::Str(p) if p.rsplit('.').next().is_some_and(|c| c.ends_with("Middleware")) && p.contains('.'))
                });
                if middleware {
                    self.django_list(expr);
                }
                for i in items {
                    self.nested(scope, i, depth + 1);
                }
            }
            _ => {}
        }
    }

    /// Assignments: Django `MIDDLEWARE`/`INSTALLED_APPS`, `app.wsgi_app = Wrapper(app.wsgi_app)`,
    /// `app.Task = Profiled`.
    fn assignment(
        &mut self,
        scope: &crate::python::model::Scope,
        targets: &[String],
        value: &Expr,
    ) {
        let Some(target) = targets.first() else {
            return;
        };
        let at = value.span.start;
        if target == "MIDDLEWARE" || target == "INSTALLED_APPS" || target == "MIDDLEWARE_CLASSES" {
            self.django_list(value);
        } else if target.ends_with(".wsgi_app") {
            let what = format!("`{target} = ...` at {}", self.at(at));
            self.handler(scope, Framework::Flask, &what, value);
        } else if target.ends_with(".Task") {
            let what = format!("`{target} = ...` at {}", self.at(at));
            self.handler(scope, Framework::Celery, &what, value);
        }
    }

    /// Django middleware and apps: `django_prometheus`, vendor agents, and project middleware classes
    /// that record metrics or spans.
    fn django_list(&mut self, value: &Expr) {
        if let ExprKind::Collection(items) = &value.kind {
            self.django_items(items.iter());
        }
    }

    /// `MIDDLEWARE.insert(0, "x.Middleware")`, `.append(...)`, `.extend([...])`: settings that add
    /// middleware behind a flag (`if METRICS_ENABLED:`) after the literal list.
    fn django_list_call(&mut self, chain: &[&str], call: &Call) {
        let [list, method] = chain else { return };
        if !matches!(
            *list,
            "MIDDLEWARE" | "MIDDLEWARE_CLASSES" | "INSTALLED_APPS"
        ) {
            return;
        }
        match *method {
            "insert" => self.django_items(call.args.get(1).into_iter()),
            "append" => self.django_items(call.args.first().into_iter()),
            "extend" => {
                if let Some(list) = call.args.first() {
                    self.django_list(list);
                }
            }
            _ => {}
        }
    }

    fn django_items<'e>(&mut self, items: impl Iterator<Item = &'e Expr>) {
        for item in items {
            let ExprKind::Str(path) = &item.kind else {
                continue;
            };
            let what = format!("`{path}` at {}", self.at(item.span.start));
            let gives = if path.starts_with("django_prometheus") {
                (false, true)
            } else if path.starts_with("elasticapm") || path.starts_with("newrelic") {
                (true, true)
            } else if path.starts_with("opentelemetry") || path.starts_with("ddtrace") {
                (true, false)
            } else {
                (false, false)
            };
            if gives != (false, false) {
                self.out
                    .push(Some(Framework::Django), Some(self.m), gives, what);
                continue;
            }
            // A project class: `shop.middleware.TimingMiddleware`.
            let Some((module, class)) = path.rsplit_once('.') else {
                continue;
            };
            let Some(cm) = self.modules.find(module) else {
                continue;
            };
            let mut reached = Coverage::default();
            for (mm, ms, _) in self.modules.methods(cm, class) {
                let r = self.analysis.reach(mm, ms);
                reached.metrics = reached.metrics.or(r.metrics);
                reached.tracing = reached.tracing.or(r.tracing);
            }
            self.out
                .push_reached(Framework::Django, self.m, what, &reached);
        }
    }

    /// Vendor agents: `sentry_sdk.init(traces_sample_rate=...)`, `ddtrace.patch_all()`,
    /// `newrelic.agent.initialize(...)`, Elastic APM clients.
    fn agent(&mut self, chain: &[&str], call: &Call, at: usize) {
        let last = *chain.last().unwrap_or(&"");
        let model = self.model;
        let gives = match last {
            "init"
                if chain.first() == Some(&"sentry_sdk")
                    || (chain.len() == 1 && imports_any(model, &["sentry_sdk"])) =>
            {
                // Sentry records transactions only with a sample rate above zero or a sampler.
                let text = |v: &Expr| self.modules.text(self.m, &v.span).unwrap_or("").trim();
                let on = |v: &Expr| match &v.kind {
                    ExprKind::Literal(crate::python::model::Literal::None) => false,
                    ExprKind::Literal(_) => text(v)
                        .parse::<f64>()
                        .map_or(text(v) == "True", |x| x > 0.0),
                    _ => true,
                };
                // `sentry_sdk.init(**options)` with the options built in code that sets a rate.
                let built = !call.star_kwargs.is_empty()
                    && self.modules.source(self.m).is_some_and(|t| {
                        t.contains("traces_sample_rate") || t.contains("traces_sampler")
                    });
                let traced = built
                    || call.keyword("traces_sampler").is_some_and(on)
                    || call.keyword("traces_sample_rate").is_some_and(on)
                    || call.keyword("enable_tracing").is_some_and(on);
                // Its transactions are request metrics too: Sentry charts and alerts on their
                // throughput, latency percentiles and failure rate.
                (traced, traced)
            }
            "patch_all" if imports_any(model, &["ddtrace"]) => (true, false),
            // OpenStack's OSprofiler: traces every request once initialised.
            "init_from_conf" if chain.contains(&"osprofiler") => (true, false),
            "initialize"
                if chain.first() == Some(&"newrelic")
                    || (imports_any(model, &["newrelic"]) && chain.contains(&"agent")) =>
            {
                (true, true)
            }
            "ElasticAPM" | "make_apm_client" if imports_any(model, &["elasticapm"]) => (true, true),
            // Pydantic Logfire: `logfire.instrument_fastapi(app)` (and `_flask`, `_django`,
            // `_starlette`...) applies OpenTelemetry's instrumentor with Logfire's meter provider set
            // up: request spans and the `http.server.duration` histogram.
            name if chain.first() == Some(&"logfire")
                && name.starts_with("instrument_")
                && WEB_INSTRUMENTATIONS.iter().any(|w| name.ends_with(w)) =>
            {
                (true, true)
            }
            _ => return,
        };
        self.out.push(
            None,
            Some(self.m),
            gives,
            format!("`{}(...)` at {}", chain.join("."), self.at(at)),
        );
    }

    fn instrumentor(&mut self, at: usize, name: &str, method: &str) {
        if !matches!(method, "instrument" | "instrument_app") {
            return;
        }
        let Some((_, frameworks)) = INSTRUMENTORS.iter().find(|(n, _)| *n == name) else {
            return;
        };
        for f in *frameworks {
            let what = format!("`{name}().{method}(...)` at {}", self.at(at));
            self.out.push(Some(*f), Some(self.m), (true, false), what);
        }
    }

    fn metric_exporter(&mut self, at: usize, name: &str, method: &str) {
        let Some((_, framework)) = METRIC_EXPORTERS.iter().find(|(n, _)| *n == name) else {
            return;
        };
        // `Instrumentator()` does nothing until `.instrument(app)`.
        if name == "Instrumentator" && method != "instrument" {
            return;
        }
        let what = format!("`{name}` at {}", self.at(at));
        self.out
            .push(Some(*framework), Some(self.m), (false, true), what);
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
