pub mod sensitive_data_in_log_fields;
pub mod sensitive_data_in_log_message;
pub mod sensitive_data_in_metric_label;
pub mod sensitive_data_in_span;

use super::PythonContext;
use crate::diagnostic::Diagnostic;
use crate::python::sinks::SinkKind;

fn place(kind: SinkKind) -> &'static str {
    match kind {
        SinkKind::LogMessage => "a log message",
        SinkKind::LogField => "a structured log field",
        SinkKind::Span => "a span attribute",
        SinkKind::MetricLabel => "a metric label",
    }
}

/// One finding per leak of `kind` in the file: at the sensitive expression, naming the category, where
/// the value came from, and the one-call fix.
pub fn report(cx: &PythonContext, kind: SinkKind, code: &'static str, out: &mut Vec<Diagnostic>) {
    let file = cx.file();
    let fix = cx
        .settings
        .redaction_functions
        .first()
        .map_or("redact", String::as_str);
    for leak in cx.leaks.iter().filter(|l| l.kind == kind) {
        let category = leak.taint.category.as_str();
        let text: String = file
            .slice(&leak.span)
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        let text = if text.chars().count() > 60 {
            format!("{}…", text.chars().take(60).collect::<String>())
        } else {
            text
        };
        let message = if leak.by_key {
            format!("{} `{}` is named as {category} data, so its value is {category} whatever it holds (in `{}`)", place(kind), leak.taint.origin, leak.sink)
        } else if leak.flowed {
            let line = file.line_col(leak.taint.origin_span.start).line;
            format!(
                "`{text}` carries `{}` ({category}, from line {line}) into {} (`{}`)",
                leak.taint.origin,
                place(kind),
                leak.sink
            )
        } else {
            format!(
                "`{text}` is {category} data and reaches {} (`{}`)",
                place(kind),
                leak.sink
            )
        };
        let help = if leak.by_key {
            format!("do not record this key; record a non-identifying value instead, or `{fix}(...)` the value")
        } else if leak.taint.category == crate::python::sensitive::Category::Secret {
            format!(
                "never record a secret: drop it, or record whether it was present (`bool({text})`)"
            )
        } else {
            format!("wrap it: `{fix}({text})`, or record a non-identifying value (an id, a length, a hash)")
        };
        let mut d = Diagnostic::new(code, cx.file, leak.span.clone(), message)
            .with_help(help)
            .with_identity(format!("{}/{}", leak.sink, leak.taint.origin));
        d.severity = cx
            .settings
            .category_severity
            .get(&leak.taint.category)
            .copied();
        if leak.flowed {
            d = d.with_label(
                leak.taint.origin_span.clone(),
                format!("{category} data from here"),
            );
        }
        out.push(d);
    }
}
