//! Metric naming conventions (MET003) and unbounded or personal label names (MET004), as the
//! Prometheus naming guide and the OpenTelemetry semantic conventions write them.

use super::catalog::{Library, MetricDef, MetricKind};
use super::coverage::Analysis;
use super::modules::Modules;
use super::AttributeKey;
use crate::python::model::{Event, ExprKind};

/// Units that are not the base unit Prometheus expects, with the base unit to use.
const NON_BASE_UNITS: &[(&str, &str)] = &[
    ("ms", "seconds"),
    ("msec", "seconds"),
    ("millis", "seconds"),
    ("milliseconds", "seconds"),
    ("us", "seconds"),
    ("usec", "seconds"),
    ("microseconds", "seconds"),
    ("ns", "seconds"),
    ("nanoseconds", "seconds"),
    ("minutes", "seconds"),
    ("hours", "seconds"),
    ("days", "seconds"),
    ("kb", "bytes"),
    ("kib", "bytes"),
    ("kilobytes", "bytes"),
    ("kibibytes", "bytes"),
    ("mb", "bytes"),
    ("mib", "bytes"),
    ("megabytes", "bytes"),
    ("mebibytes", "bytes"),
    ("gb", "bytes"),
    ("gigabytes", "bytes"),
    ("percent", "ratio"),
];
const BASE_UNITS: &[&str] = &[
    "seconds", "bytes", "ratio", "meters", "volts", "amperes", "joules", "grams", "celsius",
    "hertz", "bits",
];
const DURATION_OR_SIZE_WORDS: &[&str] = &[
    "latency", "duration", "time", "elapsed", "delay", "wait", "size", "length",
];
const RESERVED_SUFFIXES: &[&str] = &["_total", "_count", "_sum", "_bucket", "_created"];

/// One convention a metric name breaks: (message, help).
pub fn convention_problems(def: &MetricDef) -> Vec<(String, String)> {
    let (Some(exposed), Some(written)) = (&def.exposed, &def.written) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    let valid = match def.library {
        Library::Prometheus => is_snake(written, false),
        Library::OpenTelemetry => is_snake(written, true),
    };
    if !valid {
        out.push((
            if written.contains(':') {
                format!(
                    "metric name `{written}` has a colon: colons are reserved for recording rules"
                )
            } else {
                format!("metric name `{written}` is not snake_case")
            },
            match def.library {
                Library::Prometheus => {
                    format!("use lowercase words joined by `_`: `{}`", to_snake(written))
                }
                Library::OpenTelemetry => "use lowercase words joined by `.` or `_`".into(),
            },
        ));
    }
    let segments: Vec<&str> = exposed.split('_').collect();
    if let Some((unit, base)) = segments
        .iter()
        .find_map(|s| NON_BASE_UNITS.iter().find(|(u, _)| u == s))
    {
        out.push((
            format!("`{exposed}` is in `{unit}`, not a base unit"),
            format!("record {base} and name it `_{base}`: Prometheus functions and dashboards assume base units"),
        ));
    }
    let typed_suffix = |suffixes: &[&'static str]| -> Option<&'static str> {
        suffixes.iter().find(|s| exposed.ends_with(*s)).copied()
    };
    match def.kind {
        MetricKind::Counter => {
            if let Some(suffix) = typed_suffix(&["_count", "_sum", "_bucket", "_created", "_info"])
            {
                out.push((
                    format!("counter `{exposed}` is exposed as `{exposed}_total`"),
                    format!("a counter's name ends in `_total` alone: drop `{suffix}`"),
                ));
            }
        }
        MetricKind::Gauge => {
            if let Some(suffix) = typed_suffix(RESERVED_SUFFIXES) {
                out.push((
                    format!("gauge `{exposed}` ends in `{suffix}`, a suffix reserved for counters, histograms and summaries"),
                    "queries and recording rules read the suffix as the type: rename the gauge".into(),
                ));
            }
        }
        MetricKind::Histogram | MetricKind::Summary => {
            if let Some(unit) = missing_unit(def.kind, exposed) {
                out.push((
                    format!(
                        "{} `{exposed}` measures a duration or size but names no unit",
                        def.kind.as_str()
                    ),
                    format!("end the name with its unit, e.g. `{exposed}_{unit}`"),
                ));
            }
        }
        MetricKind::Info | MetricKind::Enum => {}
    }
    out
}

/// The unit a histogram or summary named after a duration or size (`checkout_latency`) leaves out:
/// `bytes` for sizes and lengths, else `seconds`. None when the name ends in a unit or measures neither.
pub fn missing_unit(kind: MetricKind, exposed: &str) -> Option<&'static str> {
    if !matches!(kind, MetricKind::Histogram | MetricKind::Summary) {
        return None;
    }
    let segments: Vec<&str> = exposed.split('_').collect();
    let last = segments.last().copied().unwrap_or("");
    let has_unit = BASE_UNITS.contains(&last) || NON_BASE_UNITS.iter().any(|(u, _)| *u == last);
    let measures = segments.iter().any(|s| DURATION_OR_SIZE_WORDS.contains(s));
    if has_unit || !measures {
        return None;
    }
    Some(
        if segments.iter().any(|s| matches!(*s, "size" | "length")) {
            "bytes"
        } else {
            "seconds"
        },
    )
}

fn is_snake(name: &str, dots: bool) -> bool {
    !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_' || (dots && c == '.'))
}

fn to_snake(name: &str) -> String {
    let mut out = String::new();
    for (i, c) in name.chars().enumerate() {
        if c.is_ascii_uppercase() {
            if i > 0 && !out.ends_with('_') {
                out.push('_');
            }
            out.push(c.to_ascii_lowercase());
        } else if c.is_ascii_alphanumeric() || c == '_' {
            out.push(c);
        } else {
            out.push('_');
        }
    }
    out
}

/// Why a label name makes a series per user, request or value, or carries personal data.
pub fn unbounded_label(name: &str) -> Option<&'static str> {
    let key = name.to_ascii_lowercase().replace(['.', '-'], "_");
    const IDS: &[&str] = &[
        "user_id",
        "userid",
        "enduser_id",
        "customer_id",
        "account_id",
        "order_id",
        "request_id",
        "req_id",
        "trace_id",
        "traceid",
        "span_id",
        "spanid",
        "session_id",
        "sessionid",
        "transaction_id",
        "correlation_id",
        "message_id",
        "uuid",
        "guid",
    ];
    const ADDRESSES: &[&str] = &[
        "ip",
        "ip_address",
        "client_ip",
        "remote_addr",
        "remote_ip",
        "client_address",
        "url",
        "uri",
        "full_url",
        "path",
        "raw_path",
        "full_path",
        "query",
        "query_string",
        "user_agent",
        "http_url",
        "http_target",
        "url_full",
        "url_path",
        "url_query",
    ];
    if IDS.contains(&key.as_str()) {
        return Some("one series per id: the series count grows without bound");
    }
    if ADDRESSES.contains(&key.as_str()) {
        return Some("one series per address or raw path: unbounded, and often personal");
    }
    match crate::python::sensitive::classify(&key) {
        Some(category) => Some(match category.as_str() {
            "secret" => "a secret in a label is stored in every sample and shown on every graph",
            _ => "personal data: a series per person, kept for the retention of the metrics store",
        }),
        None => None,
    }
}

/// The attribute keys OpenTelemetry instrument calls write: `counter.add(1, {"user_id": u})`,
/// `histogram.record(v, attributes={...})`.
pub fn attribute_keys(
    modules: &Modules,
    analysis: &Analysis,
    catalog: &[MetricDef],
    m: usize,
) -> Vec<AttributeKey> {
    let Some(model) = modules.model(m) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for scope in &model.scopes {
        for event in &scope.events {
            let Event::Call(expr) = event else { continue };
            let ExprKind::Call(call) = &expr.kind else {
                continue;
            };
            let ExprKind::Attribute(receiver, method) = &call.func.kind else {
                continue;
            };
            if !matches!(method.as_str(), "add" | "record" | "set") {
                continue;
            }
            let Some(def) = analysis.definition_of(m, scope, receiver) else {
                continue;
            };
            if catalog[def].library != Library::OpenTelemetry {
                continue;
            }
            let attributes = call.argument(1, "attributes");
            let Some(ExprKind::Dict(entries)) = attributes.map(|a| &a.kind) else {
                continue;
            };
            for (key, span) in entries.iter().filter_map(|e| e.key.clone()) {
                out.push(AttributeKey {
                    file: modules.file(m),
                    key,
                    span,
                    metric: catalog[def].shown(),
                });
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unbounded_and_personal_labels() {
        assert!(unbounded_label("user_id").is_some());
        assert!(unbounded_label("user.id").is_some());
        assert!(unbounded_label("email").is_some());
        assert!(unbounded_label("path").is_some());
        assert!(unbounded_label("route").is_none());
        assert!(unbounded_label("status_code").is_none());
        assert!(unbounded_label("method").is_none());
    }

    #[test]
    fn snake_case() {
        assert!(is_snake("http_requests", false));
        assert!(!is_snake("httpRequests", false));
        assert!(is_snake("http.server.duration", true));
        assert_eq!(to_snake("httpRequests"), "http_requests");
    }
}
