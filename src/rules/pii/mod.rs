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
        if (is_client_address(&leak.taint.origin) || names_client_address(file.slice(&leak.span)))
            && matches!(kind, SinkKind::LogMessage | SinkKind::LogField)
            && is_access_decision(file, &leak.span)
        {
            continue;
        }
        if matches!(kind, SinkKind::LogMessage | SinkKind::LogField) && opted_in(file, &leak.span) {
            continue;
        }
        if matches!(kind, SinkKind::LogMessage | SinkKind::LogField)
            && crate::python::flow::is_whole_payload(&leak.taint)
            && is_browser_report(file, &leak.span)
        {
            continue;
        }
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

/// The client's network address: `request.remote_addr`, `remote_ip`, `REMOTE_ADDR`, `client_ip`.
fn is_client_address(origin: &str) -> bool {
    let last = origin
        .rsplit(['.', '[', '"', '\''])
        .find(|s| !s.is_empty() && *s != "]" && *s != ")")
        .unwrap_or(origin)
        .trim_end_matches(['"', '\'', ']', ')']);
    matches!(
        last.to_ascii_lowercase().as_str(),
        "remote_addr"
            | "remote_ip"
            | "client_ip"
            | "ip"
            | "access_route"
            | "http_x_real_ip"
            | "http_x_forwarded_for"
    )
}

/// A sensitive expression that reads the client's address (`"...".format(request.META["REMOTE_ADDR"])`).
fn names_client_address(text: &str) -> bool {
    let lower = text.to_ascii_lowercase();
    [
        "remote_addr",
        "remote_ip",
        "client_ip",
        "x_real_ip",
        "x_forwarded_for",
    ]
    .iter()
    .any(|n| lower.contains(n))
}

/// Words of a log line that records an access-control decision or an authentication event.
const ACCESS_WORDS: &[&str] = &[
    "auth",
    "login",
    "log in",
    "logged in",
    "logon",
    "sign in",
    "signed in",
    "forbidden",
    "denied",
    "refused",
    "reject",
    "allow",
    "accept",
    "blocked",
    "permission",
    "access",
    "token",
    "csrf",
    "throttl",
    "rate limit",
    "banned",
    "password",
    "credential",
];

/// Whether the log call around `span` (its lines and the three before, where the message sits) records
/// who tried to get in. The client's address is what such a line is for: OWASP's logging guidance
/// asks for the source address of every authentication and access-control event, and fail2ban-style
/// tools read it there. It is reported elsewhere (a metric label) but not in those lines.
fn is_access_decision(file: &crate::source::SourceFile, span: &std::ops::Range<usize>) -> bool {
    let line = file.line_col(span.start).line;
    let from = file.line_start(line.saturating_sub(3).max(1));
    // Through the end of the sensitive expression's last line: a message may continue below it.
    let end = span.end.min(file.text.len());
    let to = file.text[end..]
        .find('\n')
        .map_or(file.text.len(), |n| end + n);
    let text = file.text.get(from..to).unwrap_or("").to_ascii_lowercase();
    ACCESS_WORDS.iter().any(|w| text.contains(w))
}

/// Whether the log call sits under an explicit opt-in to log sensitive values: an `if` within the five
/// lines above whose condition names logging and what is logged (`if setting_log_credentials.value:`,
/// `if settings.LOG_PASSWORDS:`). Someone switched that on on purpose, for a CI bootstrap or a debug
/// session; the setting is the decision to review, not the line.
fn opted_in(file: &crate::source::SourceFile, span: &std::ops::Range<usize>) -> bool {
    let line = file.line_col(span.start).line;
    let from = file.line_start(line.saturating_sub(5).max(1));
    let text = file.text.get(from..span.start).unwrap_or("");
    text.lines().any(|l| {
        let l = l.trim_start().to_ascii_lowercase();
        l.starts_with("if ")
            && (l.contains("log_") || l.contains("_log"))
            && [
                "credential",
                "password",
                "secret",
                "sensitive",
                "pii",
                "token",
            ]
            .iter()
            .any(|w| l.contains(w))
    })
}

/// Whether the log call around `span` records a report the browser sends about the page (a Content
/// Security Policy violation, a Network Error Logging report): logging it is the endpoint's job, and
/// its payload describes the page, not the person.
fn is_browser_report(file: &crate::source::SourceFile, span: &std::ops::Range<usize>) -> bool {
    let line = file.line_col(span.start).line;
    let from = file.line_start(line.saturating_sub(3).max(1));
    let text = file
        .text
        .get(from..span.end.min(file.text.len()))
        .unwrap_or("")
        .to_ascii_lowercase();
    [
        "content security",
        "content-security",
        "csp",
        "violation report",
        "network error",
    ]
    .iter()
    .any(|w| text.contains(w))
}
