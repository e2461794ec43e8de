//! What gives an entry point its metrics and its traces: a metric or span call in the function itself,
//! in a project function it calls (followed across modules through imports, three calls deep), or
//! instrumentation of the whole app. Each answer says where, so `--explain-coverage` can show it.

use super::auto::AutoCoverage;
use super::catalog::MetricDef;
use super::entry::EntryPoint;
use super::modules::{Modules, Target};
use crate::python::model::{Call, Event, Expr, ExprKind, Scope};
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

    pub fn cover(&self, entry: &EntryPoint, auto: &AutoCoverage) -> Coverage {
        let mut out = Coverage::default();
        let mut seen = HashSet::new();
        let mut queue = VecDeque::from([(entry.module, entry.scope, 0usize, String::new())]);
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
                }
                if out.tracing.is_none() && is_span_start(call) {
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
        if out.tracing.is_none() {
            out.tracing = auto
                .tracing_of(entry.framework)
                .map(|w| format!("app-wide: {w}"));
        }
        if out.metrics.is_none() {
            out.metrics = auto
                .metrics_of(entry.framework)
                .map(|w| format!("app-wide: {w}"));
        }
        out.emitted.sort_unstable();
        out.emitted.dedup();
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

/// `tracer.start_as_current_span(...)` / `start_span(...)`, called or used as a decorator.
fn is_span_start(call: &Call) -> bool {
    match &call.func.kind {
        ExprKind::Attribute(_, method) => SPAN_STARTS.contains(&method.as_str()),
        ExprKind::Name(name) => SPAN_STARTS.contains(&name.as_str()),
        _ => false,
    }
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
