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
        if shows_project_repr(cx, leak) {
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
    "admin",
    "granted",
    "revoked",
    "privilege",
    "origin",
    "suspicious",
    "security",
];

/// Whether the log call around `span` (its lines, the eight before and the three after, where a long
/// message's other lines sit) records who tried to get in. The client's address is what such a line is for: OWASP's logging guidance
/// asks for the source address of every authentication and access-control event, and fail2ban-style
/// tools read it there. It is reported elsewhere (a metric label) but not in those lines.
fn is_access_decision(file: &crate::source::SourceFile, span: &std::ops::Range<usize>) -> bool {
    let line = file.line_col(span.start).line;
    // Up to eight lines above, but not past the start of the function the call is in.
    let mut first = line;
    while first > 1 && line - first < 8 {
        let above = file.line_start(first - 1);
        let text = file
            .text
            .get(above..file.line_start(first))
            .unwrap_or("")
            .trim_start();
        if ["def ", "async def ", "class ", "@"]
            .iter()
            .any(|p| text.starts_with(p))
        {
            break;
        }
        first -= 1;
    }
    let from = file.line_start(first);
    // Through three lines below the sensitive expression's: a message may continue below it.
    let end = span.end.min(file.text.len());
    let mut to = file.text[end..]
        .find('\n')
        .map_or(file.text.len(), |n| end + n);
    for _ in 0..3 {
        let next = file.text.get(to + 1..).unwrap_or("");
        let head = next.trim_start();
        if next.is_empty()
            || ["def ", "async def ", "class ", "@"]
                .iter()
                .any(|p| head.starts_with(p))
        {
            break;
        }
        to = next.find('\n').map_or(file.text.len(), |n| to + 1 + n);
    }
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

/// A secret by name only (`token`, `self.token`, `record.secrets_group`) that is an object of a project
/// class named for it whose `__repr__`/`__str__` leaves the secret out (`<PersonalToken(3, name)>`):
/// the log line shows what the project chose to show. `token.key` or `token.access_token` stays a
/// secret: the attribute is named, not the object.
fn shows_project_repr(cx: &PythonContext, leak: &crate::python::flow::Leak) -> bool {
    if leak.by_key || leak.taint.category != crate::python::sensitive::Category::Secret {
        return false;
    }
    // `token = PersonalToken(...)`: the object of a class, named by its constructor.
    let origin = leak.taint.origin.as_str();
    let origin = origin
        .strip_suffix("()")
        .filter(|o| {
            o.rsplit('.')
                .next()
                .is_some_and(|c| c.starts_with(char::is_uppercase))
        })
        .unwrap_or(origin);
    let plain = origin
        .chars()
        .all(|c| c.is_alphanumeric() || c == '_' || c == '.');
    let last = origin.rsplit('.').next().unwrap_or(origin);
    plain && !last.is_empty() && cx.index.repr_hides_secrets(last)
}
