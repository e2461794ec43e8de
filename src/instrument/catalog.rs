//! The metric catalog: every metric the code defines, with the series names Prometheus will see.
//!
//! prometheus_client builds a name from `namespace`, `subsystem`, `name` and `unit`, drops a `_total`
//! a counter was given and adds its own suffixes (`_total`/`_created` for counters, `_bucket`, `_count`,
//! `_sum` for histograms). OpenTelemetry instruments are translated as the OpenTelemetry Prometheus
//! exporter does: dots become underscores, the unit becomes a suffix, counters get `_total`. A name built
//! at run time is recorded as dynamic and never guessed.

use crate::python::model::{Call, Event, Expr, ExprKind, Literal, PythonFile};
use std::ops::Range;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MetricKind {
    Counter,
    Gauge,
    Histogram,
    Summary,
    Info,
    Enum,
}

impl MetricKind {
    pub fn as_str(self) -> &'static str {
        match self {
            MetricKind::Counter => "counter",
            MetricKind::Gauge => "gauge",
            MetricKind::Histogram => "histogram",
            MetricKind::Summary => "summary",
            MetricKind::Info => "info",
            MetricKind::Enum => "enum",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Library {
    Prometheus,
    OpenTelemetry,
}

#[derive(Debug, Clone)]
pub struct MetricDef {
    /// Index into the modules (`instrument::modules`).
    pub module: usize,
    /// Index into `ProjectIndex::files`.
    pub file: usize,
    /// The name the definition is assigned to: `REQUESTS`, `self.requests`.
    pub binding: Option<String>,
    pub kind: MetricKind,
    pub library: Library,
    /// The name as written (after a module constant is looked up); None when built at run time.
    pub written: Option<String>,
    /// The name argument, where findings point.
    pub name_span: Range<usize>,
    /// The name Prometheus sees before type suffixes (`checkout_requests`), None when dynamic.
    pub exposed: Option<String>,
    /// Every series name Prometheus will see.
    pub series: Vec<String>,
    /// Label names declared with the metric, with their spans.
    pub labels: Vec<(String, Range<usize>)>,
    pub unit: Option<String>,
    /// A histogram's bucket boundaries (upper bounds, `le`), when the code states them or takes
    /// prometheus_client's defaults; None when unknown (built at run time, OpenTelemetry's defaults).
    pub buckets: Option<Vec<f64>>,
}

/// prometheus_client's `Histogram.DEFAULT_BUCKETS`.
pub const PROMETHEUS_DEFAULT_BUCKETS: &[f64] = &[
    0.005,
    0.01,
    0.025,
    0.05,
    0.075,
    0.1,
    0.25,
    0.5,
    0.75,
    1.0,
    2.5,
    5.0,
    7.5,
    10.0,
    f64::INFINITY,
];

impl MetricDef {
    /// The name to show: the main series (`checkout_requests_total`), or the written one.
    pub fn shown(&self) -> String {
        self.series
            .first()
            .cloned()
            .or_else(|| self.written.clone())
            .unwrap_or_else(|| "<dynamic>".into())
    }
}

const PROMETHEUS_TYPES: &[(&str, MetricKind)] = &[
    ("Counter", MetricKind::Counter),
    ("Gauge", MetricKind::Gauge),
    ("Histogram", MetricKind::Histogram),
    ("Summary", MetricKind::Summary),
    ("Info", MetricKind::Info),
    ("Enum", MetricKind::Enum),
];

const OTEL_FACTORIES: &[(&str, MetricKind)] = &[
    ("create_counter", MetricKind::Counter),
    ("create_observable_counter", MetricKind::Counter),
    ("create_up_down_counter", MetricKind::Gauge),
    ("create_observable_up_down_counter", MetricKind::Gauge),
    ("create_gauge", MetricKind::Gauge),
    ("create_observable_gauge", MetricKind::Gauge),
    ("create_histogram", MetricKind::Histogram),
];

/// Every metric definition in one module.
pub fn definitions(module: usize, file: usize, model: &PythonFile, source: &str) -> Vec<MetricDef> {
    let prom_locals = prometheus_locals(model);
    let mut out = Vec::new();
    for scope in &model.scopes {
        for event in &scope.events {
            let (targets, value) = match event {
                Event::Assign { targets, value, .. } => (Some(targets), value),
                Event::Call(value) => (None, value),
            };
            let ExprKind::Call(call) = &value.kind else {
                continue;
            };
            let def = prometheus_def(call, &prom_locals, model, source)
                .or_else(|| otel_def(call, model, source));
            let Some(mut def) = def else { continue };
            // An assigned definition is reported once, with its binding; the bare call event that
            // precedes the assignment is skipped.
            if targets.is_none()
                && scope
                    .events
                    .iter()
                    .any(|e| matches!(e, Event::Assign { value: v, .. } if v.span == value.span))
            {
                continue;
            }
            def.module = module;
            def.file = file;
            def.binding = targets.and_then(|t| t.first().cloned());
            out.push(def);
        }
    }
    out
}

/// Local names that mean a prometheus_client metric type: `Counter`, `prom.Counter`, `pc.Histogram`.
fn prometheus_locals(model: &PythonFile) -> Vec<(String, MetricKind)> {
    let mut out = Vec::new();
    for import in &model.imports {
        if import.module.split('.').next() != Some("prometheus_client") {
            continue;
        }
        match &import.name {
            Some(name) => {
                if let Some((_, kind)) = PROMETHEUS_TYPES.iter().find(|(t, _)| t == name) {
                    out.push((import.alias.clone(), *kind));
                }
            }
            None => {
                for (t, kind) in PROMETHEUS_TYPES {
                    out.push((format!("{}.{t}", import.alias), *kind));
                }
            }
        }
    }
    out
}

fn prometheus_def(
    call: &Call,
    locals: &[(String, MetricKind)],
    model: &PythonFile,
    source: &str,
) -> Option<MetricDef> {
    let func = call.func.dotted()?.join(".");
    let kind = locals.iter().find(|(l, _)| *l == func)?.1;
    let arg = |pos: usize, name: &str| call.argument(pos, name);
    let literal = |e: &Expr| model.string_value(e);
    let name_expr = arg(0, "name")?;
    let written = literal(name_expr);
    let part = |pos: usize, key: &str| arg(pos, key).and_then(literal);
    let namespace = part(3, "namespace");
    let subsystem = part(4, "subsystem");
    let unit = part(5, "unit").filter(|u| !u.is_empty());
    let dynamic_part = [(3, "namespace"), (4, "subsystem"), (5, "unit")]
        .iter()
        .any(|(p, k)| arg(*p, k).is_some_and(|e| literal(e).is_none()));
    let exposed = match (&written, dynamic_part) {
        (Some(name), false) => Some(prometheus_full_name(
            kind,
            name,
            namespace.as_deref().unwrap_or(""),
            subsystem.as_deref().unwrap_or(""),
            unit.as_deref().unwrap_or(""),
        )),
        _ => None,
    };
    let labels = arg(2, "labelnames").map(label_names).unwrap_or_default();
    let buckets = match (kind, arg(8, "buckets")) {
        (MetricKind::Histogram, None) => Some(PROMETHEUS_DEFAULT_BUCKETS.to_vec()),
        (MetricKind::Histogram, Some(e)) => number_list(e, source).map(|mut b| {
            // prometheus_client appends +Inf when the list does not end with it.
            if b.last() != Some(&f64::INFINITY) {
                b.push(f64::INFINITY);
            }
            b
        }),
        _ => None,
    };
    Some(MetricDef {
        module: 0,
        file: 0,
        binding: None,
        kind,
        library: Library::Prometheus,
        written,
        name_span: name_expr.span.clone(),
        series: exposed
            .as_deref()
            .map(|e| prometheus_series(kind, e))
            .unwrap_or_default(),
        exposed,
        labels,
        unit,
        buckets,
    })
}

/// `[0.1, 0.3, 1.2, float("inf")]` written out as numbers; None for anything computed.
fn number_list(expr: &Expr, source: &str) -> Option<Vec<f64>> {
    let ExprKind::Collection(items) = &expr.kind else {
        return None;
    };
    let text = source.get(expr.span.clone())?;
    if text.contains(" for ") || items.is_empty() {
        return None; // A comprehension's element is not the list.
    }
    items
        .iter()
        .map(|item| match &item.kind {
            ExprKind::Literal(Literal::Int | Literal::Float) => source
                .get(item.span.clone())?
                .replace('_', "")
                .parse::<f64>()
                .ok(),
            ExprKind::Call(c) => {
                let is_float = c.func.dotted().is_some_and(|d| d == ["float"]);
                let arg = c.args.first().and_then(|a| match &a.kind {
                    ExprKind::Str(s) => Some(s.to_ascii_lowercase()),
                    _ => None,
                });
                (is_float && matches!(arg.as_deref(), Some("inf" | "+inf")))
                    .then_some(f64::INFINITY)
            }
            ExprKind::Attribute(..) => item
                .dotted()
                .is_some_and(|d| d == ["math", "inf"])
                .then_some(f64::INFINITY),
            _ => None,
        })
        .collect()
}

/// An OpenTelemetry SDK `View(instrument_name=..., aggregation=ExplicitBucketHistogramAggregation(...))`:
/// the instrument name it selects (None: every instrument, or a wildcard) and the boundaries it sets
/// (None when they are not written out).
#[derive(Debug, Clone, PartialEq)]
pub struct BucketView {
    pub instrument: Option<String>,
    pub boundaries: Option<Vec<f64>>,
}

/// Every View of a module that sets explicit bucket boundaries.
pub fn bucket_views(model: &PythonFile, source: &str) -> Vec<BucketView> {
    let last = |c: &Call| {
        c.func
            .dotted()
            .and_then(|d| d.last().map(|s| s.to_string()))
    };
    let mut out = Vec::new();
    for scope in &model.scopes {
        for event in &scope.events {
            let value = match event {
                Event::Assign { value, .. } | Event::Call(value) => value,
            };
            let ExprKind::Call(call) = &value.kind else {
                continue;
            };
            if last(call).as_deref() != Some("View") {
                continue;
            }
            let Some(aggregation) = call.keyword("aggregation") else {
                continue; // Buckets unchanged.
            };
            let boundaries = match &aggregation.kind {
                ExprKind::Call(a)
                    if last(a).as_deref() == Some("ExplicitBucketHistogramAggregation") =>
                {
                    a.argument(0, "boundaries")
                        .and_then(|b| number_list(b, source))
                }
                _ => None,
            };
            let instrument = call
                .keyword("instrument_name")
                .and_then(|e| model.string_value(e))
                .filter(|n| !n.contains(['*', '?']));
            out.push(BucketView {
                instrument,
                boundaries,
            });
        }
    }
    out
}

/// Applies the Views to the OpenTelemetry histograms they select: one exact View with written
/// boundaries sets them; any other selecting View makes them unknown.
pub fn apply_views(catalog: &mut [MetricDef], views: &[BucketView]) {
    if views.is_empty() {
        return;
    }
    for def in catalog
        .iter_mut()
        .filter(|d| d.library == Library::OpenTelemetry && d.kind == MetricKind::Histogram)
    {
        let selecting: Vec<&BucketView> = views
            .iter()
            .filter(|v| v.instrument.is_none() || v.instrument == def.written)
            .collect();
        def.buckets = match selecting[..] {
            [] => continue,
            [BucketView {
                instrument: Some(_),
                boundaries: Some(b),
            }] => {
                let mut b = b.clone();
                b.push(f64::INFINITY);
                Some(b)
            }
            _ => None,
        };
    }
}

/// prometheus_client's `_build_full_name`.
pub fn prometheus_full_name(
    kind: MetricKind,
    name: &str,
    namespace: &str,
    subsystem: &str,
    unit: &str,
) -> String {
    let mut full = String::new();
    for part in [namespace, subsystem] {
        if !part.is_empty() {
            full.push_str(part);
            full.push('_');
        }
    }
    full.push_str(name);
    if kind == MetricKind::Counter {
        if let Some(stripped) = full.strip_suffix("_total") {
            full = stripped.to_string();
        }
    }
    if !unit.is_empty() && !full.ends_with(&format!("_{unit}")) {
        full.push('_');
        full.push_str(unit);
    }
    full
}

/// The series a prometheus_client metric exposes.
pub fn prometheus_series(kind: MetricKind, name: &str) -> Vec<String> {
    let with = |suffixes: &[&str]| suffixes.iter().map(|s| format!("{name}{s}")).collect();
    match kind {
        MetricKind::Counter => with(&["_total", "_created"]),
        MetricKind::Gauge | MetricKind::Enum => with(&[""]),
        MetricKind::Histogram => with(&["_bucket", "_count", "_sum", "_created"]),
        MetricKind::Summary => with(&["_count", "_sum", "_created", ""]),
        MetricKind::Info => with(&["_info"]),
    }
}

fn otel_def(call: &Call, model: &PythonFile, source: &str) -> Option<MetricDef> {
    let ExprKind::Attribute(_, method) = &call.func.kind else {
        return None;
    };
    let kind = OTEL_FACTORIES.iter().find(|(f, _)| f == method)?.1;
    let literal = |e: &Expr| model.string_value(e);
    let name_expr = call.argument(0, "name")?;
    let written = literal(name_expr);
    let unit_arg = call.argument(1, "unit");
    let unit = unit_arg.and_then(literal).filter(|u| !u.is_empty());
    let monotonic = method == "create_counter" || method == "create_observable_counter";
    let exposed = written
        .as_deref()
        .filter(|_| unit_arg.is_none_or(|e| literal(e).is_some()))
        .map(|n| otel_prometheus_name(n, unit.as_deref().unwrap_or(""), kind));
    let series = match &exposed {
        Some(e) if kind == MetricKind::Histogram => prometheus_series(kind, e)
            .into_iter()
            .filter(|s| !s.ends_with("_created"))
            .collect(),
        // The exporter adds `_total` unless the name already ends with it.
        Some(e) if monotonic && e.ends_with("_total") => vec![e.clone()],
        Some(e) if monotonic => vec![format!("{e}_total")],
        Some(e) => vec![e.clone()],
        None => Vec::new(),
    };
    Some(MetricDef {
        module: 0,
        file: 0,
        binding: None,
        kind,
        library: Library::OpenTelemetry,
        written,
        name_span: name_expr.span.clone(),
        exposed,
        series,
        labels: Vec::new(),
        unit,
        // The advisory boundaries of the OpenTelemetry API (1.23+); a View may still override them.
        buckets: (kind == MetricKind::Histogram)
            .then(|| call.keyword("explicit_bucket_boundaries_advisory"))
            .flatten()
            .and_then(|e| number_list(e, source))
            .map(|mut b| {
                b.push(f64::INFINITY);
                b
            }),
    })
}

/// The OpenTelemetry → Prometheus name translation: invalid characters become `_`, the unit (in UCUM,
/// `ms`, `By`, `{request}`) becomes a word suffix, `1` on a gauge becomes `_ratio`.
pub fn otel_prometheus_name(name: &str, unit: &str, kind: MetricKind) -> String {
    let mut out: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '_' || c == ':' {
                c
            } else {
                '_'
            }
        })
        .collect();
    while out.contains("__") {
        out = out.replace("__", "_");
    }
    let suffix = unit_suffix(unit, kind);
    if let Some(suffix) = suffix {
        if !out.ends_with(&format!("_{suffix}")) {
            out.push('_');
            out.push_str(&suffix);
        }
    }
    out
}

fn unit_suffix(unit: &str, kind: MetricKind) -> Option<String> {
    // Annotations in braces say what is counted; they are not units.
    let unit: String = {
        let mut depth = 0;
        unit.chars()
            .filter(|c| match c {
                '{' => {
                    depth += 1;
                    false
                }
                '}' => {
                    depth -= 1;
                    false
                }
                _ => depth == 0,
            })
            .collect()
    };
    if unit.is_empty() {
        return None;
    }
    if unit == "1" {
        return (kind == MetricKind::Gauge).then(|| "ratio".to_string());
    }
    let word = |u: &str| -> String {
        match u {
            "d" => "days",
            "h" => "hours",
            "min" => "minutes",
            "s" => "seconds",
            "ms" => "milliseconds",
            "us" => "microseconds",
            "ns" => "nanoseconds",
            "By" => "bytes",
            "KiBy" => "kibibytes",
            "MiBy" => "mebibytes",
            "GiBy" => "gibibytes",
            "KBy" => "kilobytes",
            "MBy" => "megabytes",
            "GBy" => "gigabytes",
            "m" => "meters",
            "V" => "volts",
            "A" => "amperes",
            "J" => "joules",
            "W" => "watts",
            "g" => "grams",
            "Cel" => "celsius",
            "Hz" => "hertz",
            "%" => "percent",
            other => return other.to_string(),
        }
        .to_string()
    };
    Some(match unit.split_once('/') {
        Some((a, b)) => format!(
            "{}_per_{}",
            word(a),
            match b {
                "s" => "second".to_string(),
                "m" => "minute".to_string(),
                "h" => "hour".to_string(),
                "d" => "day".to_string(),
                other => word(other),
            }
        ),
        None => word(&unit),
    })
}

/// `["route", "code"]` / `("route",)` → the label names with their spans.
fn label_names(expr: &Expr) -> Vec<(String, Range<usize>)> {
    match &expr.kind {
        ExprKind::Collection(items) => items
            .iter()
            .filter_map(|i| match &i.kind {
                ExprKind::Str(s) => Some((s.clone(), i.span.clone())),
                _ => None,
            })
            .collect(),
        ExprKind::Str(s) => vec![(s.clone(), expr.span.clone())],
        _ => Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prometheus_client_names() {
        assert_eq!(
            prometheus_full_name(MetricKind::Counter, "requests_total", "shop", "api", ""),
            "shop_api_requests"
        );
        assert_eq!(
            prometheus_full_name(MetricKind::Histogram, "latency", "", "", "seconds"),
            "latency_seconds"
        );
        assert_eq!(
            prometheus_full_name(MetricKind::Gauge, "size_bytes", "", "", "bytes"),
            "size_bytes"
        );
        assert_eq!(
            prometheus_series(MetricKind::Counter, "x"),
            ["x_total", "x_created"]
        );
    }

    #[test]
    fn opentelemetry_names_as_the_exporter_writes_them() {
        assert_eq!(
            otel_prometheus_name("http.server.duration", "ms", MetricKind::Histogram),
            "http_server_duration_milliseconds"
        );
        assert_eq!(
            otel_prometheus_name("jobs.processed", "{job}", MetricKind::Counter),
            "jobs_processed"
        );
        assert_eq!(
            otel_prometheus_name("cpu.utilization", "1", MetricKind::Gauge),
            "cpu_utilization_ratio"
        );
        assert_eq!(
            otel_prometheus_name("net.io", "By/s", MetricKind::Counter),
            "net_io_bytes_per_second"
        );
    }

    #[test]
    fn definitions_with_namespace_labels_and_dynamic_names() {
        let src = "from prometheus_client import Counter, Histogram\nimport prometheus_client as pc\nNS = 'shop'\nREQ = Counter('requests_total', 'doc', ['route', 'code'], namespace=NS)\nLAT = pc.Histogram('latency', 'doc', unit='seconds')\ndef f(name):\n    c = Counter(f'{name}_x', 'doc')\nmeter = metrics.get_meter(__name__)\nJOBS = meter.create_counter('jobs.done', unit='{job}')\n";
        let model = crate::python::extract::extract_with(src, true);
        let defs = definitions(0, 0, &model, src);
        let shown: Vec<_> = defs
            .iter()
            .map(|d| (d.binding.clone().unwrap_or_default(), d.shown()))
            .collect();
        assert_eq!(
            shown,
            [
                ("REQ".to_string(), "shop_requests_total".to_string()),
                ("LAT".to_string(), "latency_seconds_bucket".to_string()),
                ("JOBS".to_string(), "jobs_done_total".to_string()),
                ("c".to_string(), "<dynamic>".to_string()),
            ]
        );
        assert_eq!(
            defs[0]
                .labels
                .iter()
                .map(|l| l.0.as_str())
                .collect::<Vec<_>>(),
            ["route", "code"]
        );
    }
}
