//! What gives an entry point its metrics and its traces: a metric or span call in the function itself,
//! in a project function it calls (followed across modules through imports, three calls deep), or
//! instrumentation of the whole app. Each answer says where, so `--explain-coverage` can show it.

use super::auto::AutoCoverage;
use super::catalog::MetricDef;
use super::entry::EntryPoint;
use super::modules::imports_any;
use super::modules::{Modules, Target};
use crate::python::model::{Call, Event, Expr, ExprKind, PythonFile, Scope};
use std::collections::{HashMap, HashSet, VecDeque};

/// How deep calls are followed from an entry point.
const MAX_CALL_DEPTH: usize = 3;

/// Metric methods no other common object has: a call of one is a metric use even when the metric
/// object cannot be traced to its definition.
const METRIC_METHODS: &[&str] = &["inc", "observe", "count_exceptions", "track_inprogress"];
/// Methods that are metric uses only on a known metric or instrument (`set`, `add` are everywhere).
const METRIC_METHODS_ON_KNOWN: &[&str] = &[
    "set",
    "dec",
    "time",
    "set_to_current_time",
    "set_function",
    "info",
    "state",
    "add",
    "record",
];
const SPAN_STARTS: &[&str] = &["start_as_current_span", "start_span"];

#[derive(Debug, Clone, Default)]
pub struct Coverage {
    /// What emits a metric for this entry point; None when nothing does.
    pub metrics: Option<String>,
    pub tracing: Option<String>,
    /// Catalog indexes of the metrics it emits, directly or through calls.
    pub emitted: Vec<usize>,
    /// The metric (span) is the entry point's own or a function's it calls, not the app's.
    pub by_hand_metrics: bool,
    pub by_hand_tracing: bool,
}

pub struct Analysis<'m, 'a> {
    modules: &'m Modules<'a>,
    /// (module, binding) → catalog index.
    by_binding: HashMap<(usize, String), usize>,
}

impl<'m, 'a> Analysis<'m, 'a> {
    pub fn new(modules: &'m Modules<'a>, catalog: &[MetricDef]) -> Self {
        let by_binding = catalog
            .iter()
            .enumerate()
            .filter_map(|(i, d)| d.binding.clone().map(|b| ((d.module, b), i)))
            .collect();
        Analysis {
            modules,
            by_binding,
        }
    }

    /// What covers an entry point: what it reaches by hand (itself, calls it makes, a task base class
    /// that measures), else what instruments its app as a whole.
    pub fn cover(&self, entry: &EntryPoint, app: usize, auto: &AutoCoverage) -> Coverage {
        let mut out = self.reach(entry.module, entry.scope);
        out.by_hand_metrics = out.metrics.is_some();
        out.by_hand_tracing = out.tracing.is_some();
        if let Some((bm, bs, base)) = &entry.task_base {
            // `@app.task(base=Profiled)`: the base class's hooks run around every call of the task.
            for hook in bs {
                let r = self.reach(*bm, *hook);
                let via = |w: String| format!("base task class `{base}`: {w}");
                if out.metrics.is_none() {
                    out.metrics = r.metrics.map(via);
                }
                if out.tracing.is_none() {
                    out.tracing = r.tracing.map(via);
                }
                out.emitted.extend(r.emitted);
            }
        }
        if out.tracing.is_none() {
            out.tracing = auto
                .tracing_of(entry.framework, app)
                .map(|w| format!("app-wide: {w}"));
        }
        if out.metrics.is_none() {
            out.metrics = auto
                .metrics_of(entry.framework, app)
                .map(|w| format!("app-wide: {w}"));
        }
        out.emitted.sort_unstable();
        out.emitted.dedup();
        out
    }

    /// The metrics and spans a function records: in its body or decorators, or in a project function it
    /// calls (followed `MAX_CALL_DEPTH` calls deep; each function is visited once, so call cycles end).
    pub fn reach(&self, module: usize, scope: usize) -> Coverage {
        let mut out = Coverage::default();
        let mut seen = HashSet::new();
        let mut queue = VecDeque::from([(module, scope, 0usize, String::new())]);
        while let Some((m, s, depth, via)) = queue.pop_front() {
            if !seen.insert((m, s)) {
                continue;
            }
            let Some(model) = self.modules.model(m).cloned() else {
                continue;
            };
            let Some(scope) = model.scopes.get(s) else {
                continue;
            };
            let calls = scope
                .decorators
                .iter()
                .chain(scope.events.iter().filter_map(|e| match e {
                    Event::Call(c) => Some(c),
                    Event::Assign { .. } => None,
                }));
            for expr in calls {
                let ExprKind::Call(call) = &expr.kind else {
                    continue;
                };
                let shown = || {
                    format!(
                        "{via}`{}` at {}",
                        call_text(call),
                        self.modules.location(m, expr.span.start)
                    )
                };
                if let Some(def) = self.metric_use(m, scope, call) {
                    out.emitted.extend(def);
                    if out.metrics.is_none() {
                        out.metrics = Some(shown());
                    }
                } else if out.metrics.is_none() && is_statsd_call(&model, call) {
                    out.metrics = Some(shown());
                }
                if out.tracing.is_none() && is_span_start(&model, call) {
                    out.tracing = Some(shown());
                }
                if depth < MAX_CALL_DEPTH {
                    if let Some(chain) = call.func.dotted() {
                        if let Some(Target::Function(tm, ts)) =
                            self.modules.resolve_name(m, scope, &chain)
                        {
                            let via = format!("{via}via `{}()` → ", chain.join("."));
                            queue.push_back((tm, ts, depth + 1, via));
                        }
                    }
                }
            }
        }
        out
    }

    /// A call that records a metric: `Some(catalog index)` when the metric is known.
    pub fn metric_use(&self, m: usize, scope: &Scope, call: &Call) -> Option<Option<usize>> {
        let ExprKind::Attribute(receiver, method) = &call.func.kind else {
            return None;
        };
        // `REQUESTS.labels(route="/x").inc()`: the metric is under the `.labels(...)` call.
        let (receiver, labelled) = match &receiver.kind {
            ExprKind::Call(inner) => match &inner.func.kind {
                ExprKind::Attribute(metric, l) if l == "labels" => (metric.as_ref(), true),
                _ => (receiver.as_ref(), false),
            },
            _ => (receiver.as_ref(), false),
        };
        let def = self.definition_of(m, scope, receiver);
        let method = method.as_str();
        let known = def.is_some() || labelled;
        (METRIC_METHODS.contains(&method) || (known && METRIC_METHODS_ON_KNOWN.contains(&method)))
            .then_some(def)
    }

    /// The catalog entry a metric object in the code is: `REQUESTS`, `metrics.REQUESTS`, `self.latency`.
    pub fn definition_of(&self, m: usize, scope: &Scope, expr: &Expr) -> Option<usize> {
        let chain = expr.dotted()?;
        if let Some(&i) = self.by_binding.get(&(m, chain.join("."))) {
            return Some(i);
        }
        match chain.as_slice() {
            [name] => {
                let (from, original) = self.modules.imported_symbol(m, name)?;
                self.by_binding.get(&(from, original)).copied()
            }
            [prefix @ .., name] => match self.modules.resolve_name(m, scope, prefix)? {
                Target::Module(from) => self.by_binding.get(&(from, name.to_string())).copied(),
                Target::Function(..) => None,
            },
            [] => None,
        }
    }
}

/// `tracer.start_as_current_span(...)` / `start_span(...)`, called or used as a decorator; Sentry's
/// `start_transaction`, ddtrace's `tracer.trace(...)`/`@tracer.wrap()`, Elastic APM's `capture_span`,
/// New Relic's `function_trace`/`background_task`.
fn is_span_start(model: &PythonFile, call: &Call) -> bool {
    let Some(chain) = call.func.dotted() else {
        return false;
    };
    let Some(&last) = chain.last() else {
        return false;
    };
    if SPAN_STARTS.contains(&last) || matches!(last, "start_transaction" | "capture_span") {
        return true;
    }
    let receiver = chain.len().checked_sub(2).map(|i| chain[i]);
    match last {
        "trace" | "wrap" => receiver.is_some_and(|r| r == "tracer"),
        "function_trace" | "background_task" | "web_transaction" => {
            chain.first() == Some(&"newrelic")
                || imports_any(model, &["newrelic"]) && chain.len() == 1
        }
        _ => false,
    }
}

/// StatsD, DogStatsD and Datadog metrics: `statsd.incr(...)`, `datadog.statsd.timing(...)`,
/// `self.stats.increment(...)`, `stats_logger.incr(...)`, or a call on a name bound to a `StatsClient`/`DogStatsd`; and
/// `record`/`add` on an instrument named as one (`self.request_duration_histogram.record(...)`).
fn is_statsd_call(model: &PythonFile, call: &Call) -> bool {
    const METHODS: &[&str] = &[
        "incr",
        "increment",
        "decr",
        "decrement",
        "timing",
        "timed",
        "gauge",
        "histogram",
        "distribution",
    ];
    const CLIENTS: &[&str] = &[
        "StatsClient",
        "TCPStatsClient",
        "UDPStatsClient",
        "DogStatsd",
    ];
    let ExprKind::Attribute(receiver, method) = &call.func.kind else {
        return false;
    };
    if !METHODS.contains(&method.as_str()) && !matches!(method.as_str(), "record" | "add") {
        return false;
    }
    let Some(chain) = receiver.dotted() else {
        return false;
    };
    let Some(name) = chain.last() else {
        return false;
    };
    let lower = name.to_ascii_lowercase();
    // A StatsD-style method on a receiver named for stats or metrics anywhere in its chain: project
    // facades over a configured client (`stats_logger.incr(...)`,
    // `stats_logger_manager.instance.timing(...)`, `metrics_client.gauge(...)`).
    let named_for_metrics = |segment: &&str| {
        let l = segment.to_ascii_lowercase();
        l.contains("stats") && !l.contains("pstats") || l.contains("metric")
    };
    if METHODS.contains(&method.as_str()) && chain.iter().any(named_for_metrics) {
        return true;
    }
    // An OpenTelemetry instrument built from a config dict (`meter.create_histogram(**kwargs)`) is not
    // in the catalog; its name still says what it is.
    if matches!(method.as_str(), "record" | "add")
        && ["histogram", "counter", "gauge"]
            .iter()
            .any(|k| lower.contains(k))
    {
        return true;
    }
    if !METHODS.contains(&method.as_str()) {
        return false;
    }
    let joined = chain.join(".");
    model
        .scopes
        .iter()
        .flat_map(|s| &s.events)
        .any(|e| match e {
            Event::Assign { targets, value, .. } => {
                targets.contains(&joined)
                    && super::modules::callee(value)
                        .is_some_and(|c| c.last().is_some_and(|l| CLIENTS.contains(l)))
            }
            Event::Call(_) => false,
        })
}

/// `REQUESTS.labels(...).inc()` → "REQUESTS.labels(...).inc()", for explanations.
fn call_text(call: &Call) -> String {
    fn text(e: &Expr) -> String {
        match &e.kind {
            ExprKind::Name(n) => n.clone(),
            ExprKind::Attribute(v, a) => format!("{}.{a}", text(v)),
            ExprKind::Call(c) => format!("{}(...)", text(&c.func)),
            _ => "…".into(),
        }
    }
    format!("{}()", text(&call.func))
}
