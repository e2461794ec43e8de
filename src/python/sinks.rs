//! Where data leaves the process in telemetry: log calls (stdlib logging, structlog, loguru, print and
//! std streams), span attributes and events (OpenTelemetry), metric labels (prometheus_client and
//! OpenTelemetry instruments). Each sink call yields the arguments whose content ends up there.

use super::model::{Call, Expr, ExprKind, PythonFile};
use std::collections::HashSet;
use std::ops::Range;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum SinkKind {
    /// A log message, its arguments, `print`, `sys.stdout/stderr.write` (PII001).
    LogMessage,
    /// Structured log fields: `extra=`, structlog/loguru keywords, `bind()` (PII002).
    LogField,
    /// Span attributes, events, recorded exception attributes (PII003).
    Span,
    /// Metric label values and attributes (PII004).
    MetricLabel,
}

/// One argument of a sink call.
#[derive(Debug, Clone)]
pub struct SinkArg<'a> {
    pub kind: SinkKind,
    pub value: &'a Expr,
    /// The field, attribute or label name the value is stored under, when the code names it literally.
    pub key: Option<(&'a str, Range<usize>)>,
    /// What the call is, for messages: `logger.info`, `span.set_attribute`, `print`.
    pub sink: String,
}

const LEVELS: &[&str] = &[
    "debug",
    "info",
    "warning",
    "warn",
    "error",
    "exception",
    "critical",
    "fatal",
    "log",
    "msg",
    "trace",
    "success",
];
/// stdlib logging keywords that are not fields.
const STDLIB_KEYWORDS: &[&str] = &["exc_info", "stack_info", "stacklevel", "extra", "msg"];
const LOGGER_FACTORIES: &[&str] = &[
    "getLogger",
    "get_logger",
    "getlogger",
    "wrap_logger",
    "LoggerAdapter",
    "get_task_logger",
];
const INSTRUMENT_FACTORIES: &[&str] = &[
    "create_counter",
    "create_up_down_counter",
    "create_histogram",
    "create_gauge",
    "create_observable_gauge",
];

/// Command-line frameworks: a module that imports one is a program whose `print()` is its output.
const TERMINAL_OUTPUT: &[&str] = &["colorama", "termcolor", "blessed", "rich", "tabulate"];
const CLI_FRAMEWORKS: &[&str] = &["argparse", "optparse", "click", "typer", "docopt", "fire"];

/// Lexer and parser libraries: a module that imports one handles text tokens.
const LEXERS: &[&str] = &[
    "ply",
    "sly",
    "lark",
    "pygments",
    "tokenize",
    "token",
    "parso",
    "pyparsing",
    "antlr4",
    "rply",
];

/// HTTP mocking libraries: in a module that imports one, API calls return canned test literals.
const HTTP_MOCKS: &[&str] = &[
    "requests_mock",
    "responses",
    "httpretty",
    "respx",
    "aioresponses",
    "pytest_httpx",
    "httmock",
];

/// What a file says about its loggers, tracers and metrics, gathered once before its calls are read.
#[derive(Debug, Default)]
pub struct FileContext {
    /// Local names of the `logging` module (`import logging as lg`).
    logging_modules: HashSet<String>,
    /// Dotted names known to hold loggers (`log`, `self.logger`, `LOGGER`).
    loggers: HashSet<String>,
    /// Dotted names known to hold OpenTelemetry instruments.
    instruments: HashSet<String>,
    uses_otel: bool,
    uses_prometheus: bool,
    imports_http_mock: bool,
    /// The module is test code (`tests/`, `test_*.py`, `conftest.py`).
    test_module: bool,
    /// The module is a command-line program (a Django management command, or it imports a CLI
    /// framework): its `print()` and `sys.stdout.write()` are the command's output to the operator
    /// who ran it, not a log. Its logger calls still count.
    cli_output: bool,
    /// The module is a lexer or parser (`lexer.py`, `tokenize.py`, or it imports `ply`, `tokenize`,
    /// `pygments`, ...): its tokens are pieces of text, not credentials.
    lexer: bool,
    /// The module serves or speaks raw sockets (`socket`, `socketserver`, `asyncio` streams): a
    /// `client_address` is a connection's peer.
    sockets: bool,
}

impl FileContext {
    pub fn new(file: &PythonFile, extra_loggers: &[String]) -> Self {
        let mut cx = FileContext::default();
        for import in &file.imports {
            let root = import.module.split('.').next().unwrap_or("");
            if import.module == "logging" && import.name.is_none() {
                cx.logging_modules.insert(import.alias.clone());
            }
            // from loguru import logger; from structlog import get_logger as gl (a factory, see below).
            if import.module == "loguru" && import.name.as_deref() == Some("logger") {
                cx.loggers.insert(import.alias.clone());
            }
            cx.uses_otel |= root == "opentelemetry";
            cx.imports_http_mock |= HTTP_MOCKS.contains(&root);
            cx.sockets |= matches!(root, "socket" | "socketserver" | "selectors" | "ssl");
            cx.lexer |= LEXERS.contains(&root) || import.module.starts_with("lib2to3.pgen2");
            // A module that colours or lays out terminal output (colorama, rich, a project's
            // `util.console`) prints to the operator's terminal.
            cx.cli_output |= TERMINAL_OUTPUT.contains(&root)
                || import.module.rsplit('.').next() == Some("console");
            cx.cli_output |= CLI_FRAMEWORKS.contains(&root)
                || import.module == "traitlets.config.application"
                || import.module == "django.core.management.base";
            cx.uses_prometheus |=
                root == "prometheus_client" || root == "prometheus_flask_exporter";
        }
        cx.loggers.extend(extra_loggers.iter().cloned());
        // Loggers and instruments are bound by assignment, often in one function and used in another
        // (`self.log = logging.getLogger()` in __init__): gather them over the whole file, twice so
        // aliases of aliases resolve.
        for _ in 0..2 {
            for scope in &file.scopes {
                for event in &scope.events {
                    let super::model::Event::Assign { targets, value, .. } = event else {
                        continue;
                    };
                    let is_logger = cx.is_logger(value) || cx.is_logger_factory_call(value);
                    let is_instrument =
                        call_name(value).is_some_and(|n| INSTRUMENT_FACTORIES.contains(&n));
                    for t in targets {
                        if is_logger {
                            cx.loggers.insert(t.clone());
                        }
                        if is_instrument {
                            cx.instruments.insert(t.clone());
                        }
                    }
                }
            }
        }
        cx
    }

    /// Marks the module as test code, by its path relative to the project root.
    pub fn with_path(mut self, root_relative: &str) -> Self {
        self.test_module = is_test_path(root_relative);
        let path = root_relative.replace('\\', "/");
        self.cli_output |= path.contains("management/commands/");
        let file = path.rsplit('/').next().unwrap_or("").to_ascii_lowercase();
        let stem = file.trim_end_matches(".py");
        self.lexer |= stem == "lex"
            || ["lexer", "tokeniz", "grammar", "scanner"]
                .iter()
                .any(|w| stem.contains(w));
        self
    }

    /// Whether what a call returns here is canned test data, whatever the call's name says
    /// (`generate_credentials()`, `self._get_access_token()`): the module mocks HTTP
    /// (`requests_mock`), or is test code, whose helpers answer with fixtures.
    pub fn canned_responses(&self) -> bool {
        self.imports_http_mock || self.test_module
    }

    /// Whether the module works on raw sockets, whose peer addresses are connection handles.
    pub fn sockets(&self) -> bool {
        self.sockets
    }

    /// Whether the module is a lexer or parser, whose `token`s are text.
    pub fn lexer(&self) -> bool {
        self.lexer
    }

    /// `logging.getLogger(...)`, `structlog.get_logger()`, `LoggerAdapter(...)`, `x.bind(...)` on a logger.
    fn is_logger_factory_call(&self, e: &Expr) -> bool {
        let ExprKind::Call(call) = &e.kind else {
            return false;
        };
        match &call.func.kind {
            ExprKind::Name(n) => LOGGER_FACTORIES.contains(&n.as_str()),
            ExprKind::Attribute(receiver, method) => {
                LOGGER_FACTORIES.contains(&method.as_str())
                    || (matches!(method.as_str(), "bind" | "new" | "opt" | "patch")
                        && self.is_logger(receiver))
            }
            _ => false,
        }
    }

    /// Whether an expression is a logger object.
    pub fn is_logger(&self, e: &Expr) -> bool {
        if self.is_logger_factory_call(e) {
            return true;
        }
        let Some(chain) = e.dotted() else {
            return false;
        };
        let dotted = chain.join(".");
        if self.loggers.contains(&dotted) {
            return true;
        }
        // Names people give loggers: log, logger, _log, LOGGER, audit_logger, self.log, app.logger.
        let last = chain
            .last()
            .copied()
            .unwrap_or("")
            .trim_start_matches('_')
            .to_ascii_lowercase();
        last == "log"
            || last == "logger"
            || last.ends_with("_logger")
            || last.ends_with("_log")
            || last == "structlogger"
    }

    /// A log call: a level method on a logger or the logging module, or `print`, arguments or not.
    pub fn is_log_call(&self, call: &Call) -> bool {
        match &call.func.kind {
            ExprKind::Name(name) => name == "print",
            ExprKind::Attribute(receiver, method) => {
                LEVELS.contains(&method.as_str())
                    && (self.is_logger(receiver) || self.is_logging_module(receiver))
            }
            _ => false,
        }
    }

    /// The arguments of `call` that reach telemetry, with their kind.
    pub fn sink_args<'a>(&self, call: &'a Call) -> Vec<SinkArg<'a>> {
        let mut out = Vec::new();
        match &call.func.kind {
            ExprKind::Name(name) => match name.as_str() {
                "print" if self.cli_output => {}
                "print" => out.extend(
                    call.args
                        .iter()
                        .chain(&call.star_args)
                        .map(|a| message(a, "print")),
                ),
                "bind_contextvars" => fields(call, "bind_contextvars", &[], &mut out),
                _ => {}
            },
            ExprKind::Attribute(receiver, method) => {
                let sink = format!("{}.{method}", short(receiver));
                let m = method.as_str();
                if m == "write"
                    && !self.cli_output
                    && receiver
                        .dotted()
                        .is_some_and(|c| c == ["sys", "stdout"] || c == ["sys", "stderr"])
                {
                    out.extend(call.args.iter().map(|a| message(a, &sink)));
                } else if LEVELS.contains(&m)
                    && (self.is_logger(receiver) || self.is_logging_module(receiver))
                {
                    // logger.log(level, msg, *args): the level is not content.
                    let skip = usize::from(m == "log");
                    out.extend(
                        call.args
                            .iter()
                            .skip(skip)
                            .chain(&call.star_args)
                            .map(|a| message(a, &sink)),
                    );
                    if let Some(msg) = call.kwargs.iter().find(|k| k.name == "msg") {
                        out.push(message(&msg.value, &sink));
                    }
                    if let Some(extra) = call.kwargs.iter().find(|k| k.name == "extra") {
                        dict_fields(&extra.value, SinkKind::LogField, &sink, &mut out);
                    }
                    fields(call, &sink, STDLIB_KEYWORDS, &mut out);
                } else if matches!(m, "bind" | "new" | "contextualize") && self.is_logger(receiver)
                {
                    fields(call, &sink, &[], &mut out);
                } else if m == "bind_contextvars" {
                    // structlog.contextvars.bind_contextvars(...), however it is reached.
                    fields(call, &sink, &[], &mut out);
                } else if self.uses_otel || is_span_like(receiver) {
                    self.span_args(call, m, &sink, &mut out);
                }
                if m == "labels" && self.uses_prometheus {
                    out.extend(call.args.iter().map(|a| SinkArg {
                        kind: SinkKind::MetricLabel,
                        value: a,
                        key: None,
                        sink: sink.clone(),
                    }));
                    for k in &call.kwargs {
                        out.push(SinkArg {
                            kind: SinkKind::MetricLabel,
                            value: &k.value,
                            key: Some((k.name.as_str(), k.name_span.clone())),
                            sink: sink.clone(),
                        });
                    }
                }
                let instrument = receiver
                    .dotted()
                    .is_some_and(|c| self.instruments.contains(&c.join(".")));
                if matches!(m, "add" | "record" | "set") && (instrument || self.uses_otel) {
                    if let Some(attrs) = call.kwargs.iter().find(|k| k.name == "attributes") {
                        dict_fields(&attrs.value, SinkKind::MetricLabel, &sink, &mut out);
                    } else if instrument {
                        if let Some(attrs) = call.args.get(1) {
                            dict_fields(attrs, SinkKind::MetricLabel, &sink, &mut out);
                        }
                    }
                }
            }
            _ => {}
        }
        out
    }

    /// The `logging` module, or its root logger (`logging.root.info(...)`).
    fn is_logging_module(&self, e: &Expr) -> bool {
        match &e.kind {
            ExprKind::Name(n) => self.logging_modules.contains(n),
            ExprKind::Attribute(v, attr) => attr == "root" && self.is_logging_module(v),
            _ => false,
        }
    }

    fn span_args<'a>(&self, call: &'a Call, method: &str, sink: &str, out: &mut Vec<SinkArg<'a>>) {
        match method {
            "set_attribute" => {
                if let Some(value) = call.args.get(1) {
                    let key = call.args.first().and_then(|k| match &k.kind {
                        ExprKind::Str(s) => Some((s.as_str(), k.span.clone())),
                        _ => None,
                    });
                    out.push(SinkArg {
                        kind: SinkKind::Span,
                        value,
                        key,
                        sink: sink.to_string(),
                    });
                }
            }
            "set_attributes" => {
                if let Some(attrs) = call.args.first() {
                    dict_fields(attrs, SinkKind::Span, sink, out);
                }
            }
            "add_event" | "record_exception" | "start_as_current_span" | "start_span" => {
                if let Some(attrs) = call.kwargs.iter().find(|k| k.name == "attributes") {
                    dict_fields(&attrs.value, SinkKind::Span, sink, out);
                } else if let Some(attrs) = call
                    .args
                    .get(1)
                    .filter(|_| method == "add_event" || method == "record_exception")
                {
                    dict_fields(attrs, SinkKind::Span, sink, out);
                }
            }
            _ => {}
        }
    }
}

fn message<'a>(value: &'a Expr, sink: &str) -> SinkArg<'a> {
    SinkArg {
        kind: SinkKind::LogMessage,
        value,
        key: None,
        sink: sink.to_string(),
    }
}

/// Keyword arguments as fields, except the reserved ones.
fn fields<'a>(call: &'a Call, sink: &str, reserved: &[&str], out: &mut Vec<SinkArg<'a>>) {
    for k in call
        .kwargs
        .iter()
        .filter(|k| !reserved.contains(&k.name.as_str()))
    {
        out.push(SinkArg {
            kind: SinkKind::LogField,
            value: &k.value,
            key: Some((k.name.as_str(), k.name_span.clone())),
            sink: sink.to_string(),
        });
    }
    for spread in &call.star_kwargs {
        out.push(SinkArg {
            kind: SinkKind::LogField,
            value: spread,
            key: None,
            sink: sink.to_string(),
        });
    }
}

/// A `{"key": value}` literal as keyed arguments; any other expression as one unkeyed argument.
fn dict_fields<'a>(e: &'a Expr, kind: SinkKind, sink: &str, out: &mut Vec<SinkArg<'a>>) {
    match &e.kind {
        ExprKind::Dict(entries) => {
            for entry in entries {
                out.push(SinkArg {
                    kind,
                    value: &entry.value,
                    key: entry
                        .key
                        .as_ref()
                        .map(|(k, span)| (k.as_str(), span.clone())),
                    sink: sink.to_string(),
                });
            }
        }
        _ => out.push(SinkArg {
            kind,
            value: e,
            key: None,
            sink: sink.to_string(),
        }),
    }
}

fn is_span_like(e: &Expr) -> bool {
    e.dotted()
        .and_then(|c| c.last().map(|l| l.to_ascii_lowercase()))
        .is_some_and(|l| {
            l == "span" || l.ends_with("_span") || l == "tracer" || l.ends_with("_tracer")
        })
}

/// The called function's last name: `create_counter` for `meter.create_counter(...)`.
fn call_name(e: &Expr) -> Option<&str> {
    let ExprKind::Call(call) = &e.kind else {
        return None;
    };
    match &call.func.kind {
        ExprKind::Name(n) => Some(n),
        ExprKind::Attribute(_, m) => Some(m),
        _ => None,
    }
}

/// A short readable name for a receiver: `self.log`, `logging.getLogger()`.
fn short(e: &Expr) -> String {
    match e.dotted() {
        Some(chain) => chain.join("."),
        None => match &e.kind {
            ExprKind::Call(call) => format!("{}()", short(&call.func)),
            ExprKind::Attribute(v, a) => format!("{}.{a}", short(v)),
            _ => "…".into(),
        },
    }
}

/// Test code by its path: under a `tests`/`test`/`testing` folder, `test_*.py`, `*_test.py`,
/// `conftest.py`.
pub fn is_test_path(root_relative: &str) -> bool {
    let path = root_relative.replace('\\', "/");
    let mut parts = path.split('/');
    let file = parts.next_back().unwrap_or("");
    parts.any(|d| matches!(d, "tests" | "test" | "testing"))
        || file.starts_with("test_")
        || file.ends_with("_test.py")
        || file == "conftest.py"
}
