//! INS003: an entry point that catches a failure and then neither re-raises it, logs it, counts it
//! nor records it on a span. The request or task "succeeds" and nobody learns it failed.
//!
//! Two kinds of handler are judged: broad ones (`except:`, `except Exception`, `except
//! BaseException`), and handlers of a dependency failure (an HTTP client's, database driver's,
//! cache's or broker's error, `TimeoutError`, `ConnectionError`, `OSError`) that answer with a
//! fallback. A handler of a domain error (`except Order.DoesNotExist: return 404`, `KeyError`,
//! `ValidationError`) is the intended answer, not a hidden failure. Neither is a handler that raises
//! or aborts, answers with an error status (4xx too), shows the user an error, hands the exception
//! on to another call (`mark_failed(exc)`, `Result(error=str(exc))`) or to the caller (`return
//! {"error": str(e)}`), guards only input parsing, retries the guarded call, does best-effort
//! cleanup (file sweeps included), answers a failed validation check with a redirect, or sits
//! inside another handler (that one is the error path, and is judged itself).

use super::coverage::Analysis;
use super::entry::EntryPoint;
use super::modules::{callee, Modules, Target};
use super::Swallowed;
use crate::python::model::{Event, Expr, ExprKind, Handler};
use crate::python::sinks::FileContext;
use std::collections::HashMap;

const BROAD: &[&str] = &["Exception", "BaseException", "builtins.Exception"];

/// Error classes that mean a dependency failed (the last segment of the caught name).
const DEPENDENCY_ERRORS: &[&str] = &[
    "TimeoutError",
    "ConnectionError",
    "ConnectionRefusedError",
    "ConnectionResetError",
    "ConnectionAbortedError",
    "BrokenPipeError",
    "OSError",
    "IOError",
    "EnvironmentError",
    "RequestException",
    "RequestError",
    "HTTPError",
    "HTTPStatusError",
    "TransportError",
    "URLError",
    "Timeout",
    "ReadTimeout",
    "ConnectTimeout",
    "ClientError",
    "ClientConnectionError",
    "ClientResponseError",
    "ServerTimeoutError",
    "OperationalError",
    "DatabaseError",
    "InterfaceError",
    "RedisError",
    "PyMongoError",
    "AutoReconnect",
    "ServerSelectionTimeoutError",
    "AMQPError",
    "AMQPConnectionError",
    "KafkaError",
    "RpcError",
    "SMTPException",
    "BotoCoreError",
    "EndpointConnectionError",
    "ElasticsearchException",
];
/// Modules whose error classes are dependency failures (`redis.exceptions.ResponseError`).
const DEPENDENCY_MODULES: &[&str] = &[
    "requests",
    "httpx",
    "aiohttp",
    "urllib3",
    "redis",
    "aioredis",
    "psycopg2",
    "psycopg",
    "asyncpg",
    "pymysql",
    "MySQLdb",
    "pymongo",
    "motor",
    "kombu",
    "amqp",
    "pika",
    "aio_pika",
    "botocore",
    "grpc",
    "socket",
    "smtplib",
    "kafka",
    "confluent_kafka",
    "elasticsearch",
    "pymemcache",
    "ldap",
];

/// Calls that end the request or task instead of answering it: Flask's `abort`, `sys.exit`,
/// Celery's `self.retry()` (it raises `Retry`), a test's `fail`.
const ABORTS: &[&str] = &["abort", "exit", "_exit", "retry", "fail"];

/// Calls that show the user an error: Django's `messages.error`, Flask's `flash`, a form error.
const USER_ERRORS: &[&str] = &["flash", "add_error", "message_user", "show_error"];

/// Best-effort cleanup: a `try` whose body, or a handler whose body, does only this is not hiding a
/// failure that anyone would page on.
const CLEANUP: &[&str] = &[
    "close",
    "aclose",
    "clear",
    "unlink",
    "remove",
    "rmtree",
    "rmdir",
    "rollback",
    "delete",
    "cleanup",
    "shutdown",
    "terminate",
    "kill",
    "release",
    "discard",
    "cancel",
    "disconnect",
    "stop",
    "flush",
    "unregister",
];

/// Calls that format the exception without handing it on.
const FORMATTERS: &[&str] = &["str", "repr", "format", "type", "getattr", "isinstance"];

/// Calls that make a failure visible without a logger, a metric or a span: error trackers, Flask's
/// `abort` (it raises), printing a traceback.
const REPORTERS: &[&str] = &[
    "capture_exception",
    "capture_message",
    "record_exception",
    "set_status",
    "abort",
    "print_exc",
    "print_exception",
    "notify",
];

/// What a caught type is, by its written name.
fn is_broad(caught: &str) -> bool {
    BROAD.contains(&caught)
}

fn is_dependency_failure(caught: &str) -> bool {
    let last = caught.rsplit('.').next().unwrap_or(caught);
    let root = caught.split('.').next().unwrap_or(caught);
    DEPENDENCY_ERRORS.contains(&last)
        || (caught.contains('.')
            && DEPENDENCY_MODULES.contains(&root)
            && (last.ends_with("Error")
                || last.ends_with("Exception")
                || last.ends_with("Timeout")))
}

fn last_segment(expr: &Expr) -> Option<&str> {
    callee(expr).and_then(|c| c.last().copied())
}

/// The calls among `events`.
fn calls(events: &[Event]) -> impl Iterator<Item = (&Expr, &crate::python::model::Call)> {
    events.iter().filter_map(|e| match e {
        Event::Call(expr) => match &expr.kind {
            ExprKind::Call(call) => Some((expr, &**call)),
            _ => None,
        },
        Event::Assign { .. } => None,
    })
}

/// Whether every call in `events` is cleanup, and there is at least one.
fn only_cleanup(events: &[Event]) -> bool {
    let mut any = false;
    for (expr, _) in calls(events) {
        match last_segment(expr) {
            Some(name) if CLEANUP.contains(&name) => any = true,
            _ => return false,
        }
    }
    any
}

/// Whether `e` holds the exception bound to `name` (directly, formatted, or inside a string).
fn mentions(e: &Expr, name: &str) -> bool {
    match &e.kind {
        ExprKind::Name(n) => n == name,
        ExprKind::Attribute(v, _) | ExprKind::Subscript(v, _) => mentions(v, name),
        ExprKind::Call(call) => {
            call.func
                .dotted()
                .and_then(|c| c.last().copied())
                .is_some_and(|f| FORMATTERS.contains(&f))
                && call.args.iter().any(|a| mentions(a, name))
        }
        ExprKind::FString(parts) | ExprKind::Combine(parts) | ExprKind::Collection(parts) => {
            parts.iter().any(|p| mentions(p, name))
        }
        ExprKind::Dict(entries) => entries.iter().any(|en| mentions(&en.value, name)),
        ExprKind::Str(_) | ExprKind::Literal(_) | ExprKind::Opaque => false,
    }
}

/// The handler passes the exception to a call that records or answers with it
/// (`mail.mark_failed(exc)`, `results.append(Result(error=str(exc)))`, `close(reason=f"{e}")`).
fn hands_on(events: &[Event], name: &str) -> bool {
    calls(events).any(|(expr, call)| {
        !last_segment(expr).is_some_and(|f| FORMATTERS.contains(&f))
            && call
                .args
                .iter()
                .chain(call.kwargs.iter().map(|k| &k.value))
                .chain(&call.star_args)
                .any(|a| mentions(a, name))
    })
}

/// A timeout the code asked for (`asyncio.wait_for(q.get(), timeout=1)` in a polling loop) is
/// control flow, not an outage: a handler of only timeouts around such a wait is not judged.
fn polling_timeout(catches: &[String], guarded: &[Event]) -> bool {
    catches.iter().all(|c| {
        let last = c.rsplit('.').next().unwrap_or(c);
        matches!(last, "TimeoutError" | "Timeout" | "CancelledError")
    }) && calls(guarded).any(|(expr, call)| {
        last_segment(expr).is_some_and(|f| matches!(f, "wait_for" | "wait" | "timeout"))
            || (matches!(last_segment(expr), Some("get" | "join" | "result"))
                && (call.keyword("timeout").is_some()
                    // Celery's `AsyncResult.get(5)`, `thread.join(1.0)`: the timeout comes first.
                    || call
                        .args
                        .first()
                        .is_some_and(|a| {
                            matches!(
                                a.kind,
                                ExprKind::Literal(crate::python::model::Literal::Int | crate::python::model::Literal::Float)
                            )
                        })))
    })
}

/// Words that say a stored or answered value is the failure (`{"error": "unavailable"}`,
/// `status="FAILED"`).
fn says_failure(text: &str) -> bool {
    let lower = text.to_ascii_lowercase();
    ["error", "fail", "unavailable"]
        .iter()
        .any(|w| lower.contains(w))
}

/// The handler records the failure as a state (`settings.set("result", {"error": "unavailable"})`,
/// `job.update(status="failed")`): whoever reads that state sees it failed.
fn records_failure(events: &[Event]) -> bool {
    fn failure_value(e: &Expr) -> bool {
        match &e.kind {
            ExprKind::Str(s) => says_failure(s),
            ExprKind::Dict(entries) => entries.iter().any(|en| {
                en.key.as_ref().is_some_and(|(k, _)| says_failure(k)) || failure_value(&en.value)
            }),
            ExprKind::Collection(parts) => parts.iter().any(failure_value),
            _ => false,
        }
    }
    calls(events).any(|(_, call)| {
        call.args.iter().any(failure_value)
            || call
                .kwargs
                .iter()
                .any(|k| says_failure(&k.name) || failure_value(&k.value))
    })
}

/// The handler ends the request, answers with an error, or tells the user.
fn answers_failure(events: &[Event]) -> bool {
    calls(events).any(|(expr, _)| {
        let Some(chain) = callee(expr) else {
            return false;
        };
        let Some(&last) = chain.last() else {
            return false;
        };
        ABORTS.contains(&last)
            || USER_ERRORS.contains(&last)
            || (matches!(last, "error" | "warning")
                && chain.len() >= 2
                && chain[chain.len() - 2] == "messages")
            || names_error_answer(last)
    })
}

/// A call whose name says it answers with an error status: Django's `HttpResponseBadRequest`,
/// `HttpResponseForbidden`, WebOb's `HTTPBadRequest`, a project helper `self.response_400(...)`,
/// `json_error_response(...)`, `bad_request(...)`.
fn names_error_answer(last: &str) -> bool {
    if last == "HTTPException" {
        return true;
    }
    // `response_400`, `json_404`, `handle_500_error`: a status number among the name's words.
    if last
        .split('_')
        .any(|w| w.len() == 3 && w.parse::<u16>().is_ok_and(|c| (400..600).contains(&c)))
    {
        return true;
    }
    let lower = last.to_ascii_lowercase().replace('_', "");
    let framework = lower.starts_with("httpresponse") || lower.starts_with("http");
    const ERROR_WORDS: &[&str] = &[
        "badrequest",
        "forbidden",
        "notfound",
        "unauthorized",
        "notallowed",
        "gone",
        "conflict",
        "servererror",
        "unavailable",
        "unprocessable",
    ];
    (framework && ERROR_WORDS.iter().any(|w| lower.contains(w)))
        || ERROR_WORDS
            .iter()
            .any(|w| lower == *w || lower == format!("{w}response"))
        || lower.ends_with("errorresponse")
        || lower == "jsonerror"
}

/// Whether `e` carries the exception bound to `name` anywhere in it, also inside calls that build
/// the answer (`JsonResponse({"error": str(e)})`).
fn carries(e: &Expr, name: &str) -> bool {
    match &e.kind {
        ExprKind::Call(call) => {
            mentions(e, name)
                || call
                    .args
                    .iter()
                    .chain(call.kwargs.iter().map(|k| &k.value))
                    .any(|a| carries(a, name))
        }
        ExprKind::FString(parts) | ExprKind::Combine(parts) | ExprKind::Collection(parts) => {
            parts.iter().any(|p| carries(p, name))
        }
        ExprKind::Dict(entries) => entries.iter().any(|en| carries(&en.value, name)),
        _ => mentions(e, name),
    }
}

/// A value that tells its reader the operation failed: a dict with an error key
/// (`{"error": "unavailable"}`), also inside a tuple or a call that builds the answer.
fn error_payload(e: &Expr) -> bool {
    match &e.kind {
        ExprKind::Dict(entries) => entries
            .iter()
            .any(|en| en.key.as_ref().is_some_and(|(k, _)| says_failure(k))),
        ExprKind::Collection(parts) => parts.iter().any(error_payload),
        ExprKind::Call(call) => call
            .args
            .iter()
            .chain(call.kwargs.iter().map(|k| &k.value))
            .any(error_payload),
        _ => false,
    }
}

/// Whether a string in `e` or a dict key says failure (`"Error: "`, `{"error": ...}`).
fn says_error(e: &Expr, depth: usize) -> bool {
    if depth > 16 {
        return false;
    }
    match &e.kind {
        ExprKind::Str(t) => says_failure(t),
        ExprKind::FString(parts) | ExprKind::Combine(parts) | ExprKind::Collection(parts) => {
            parts.iter().any(|p| says_error(p, depth + 1))
        }
        ExprKind::Dict(entries) => entries.iter().any(|en| {
            en.key.as_ref().is_some_and(|(k, _)| says_failure(k))
                || says_error(&en.value, depth + 1)
        }),
        ExprKind::Call(call) => call
            .args
            .iter()
            .chain(call.kwargs.iter().map(|k| &k.value))
            .any(|a| says_error(a, depth + 1)),
        _ => false,
    }
}

/// The handler hands the failure to the caller: the exception's text or an error payload is in
/// what it returns (`return {"error": str(e)}`), or in a value it builds for the answer
/// (`object_repr = "Error: " + str(e)`, `response[method] = {"error": f"failed: {e}"}`).
fn answers_with_error(handler: &Handler, events: &[Event]) -> bool {
    let bound = handler.bound.as_deref();
    // The exception's text counts where the value says it is an error (`"Error: " + str(e)`,
    // `{"error": f"failed: {e}"}`), not as any field (`{"status": "declined", "reason": str(e)}`).
    let shows =
        |v: &Expr| error_payload(v) || (bound.is_some_and(|n| carries(v, n)) && says_error(v, 0));
    handler.returns.iter().any(shows)
        || events.iter().any(|e| match e {
            // A bare `err = e` proves nothing on its own; a formatted or wrapped one is shown.
            Event::Assign { value, .. } => !matches!(value.kind, ExprKind::Name(_)) && shows(value),
            Event::Call(_) => false,
        })
}

/// Calls that only parse or reshape data in memory: no network, database or file behind them.
const PURE: &[&str] = &[
    "loads",
    "parse",
    "literal_eval",
    "int",
    "float",
    "bool",
    "str",
    "Decimal",
    "UUID",
    "fromisoformat",
    "strptime",
    "parse_qs",
    "parse_qsl",
    "urlparse",
    "urlsplit",
    "unquote",
    "unquote_plus",
    "b64decode",
    "urlsafe_b64decode",
    "decode",
    "encode",
    "split",
    "rsplit",
    "strip",
    "lstrip",
    "rstrip",
    "replace",
    "lower",
    "upper",
    "items",
    "keys",
    "values",
    "len",
    "dict",
    "list",
    "tuple",
    "set",
    "isinstance",
    "startswith",
    "endswith",
    "format",
    "append",
    "BytesIO",
    "StringIO",
];

/// Calls that parse their input (`json.loads`, `prison.loads`, `int(...)`).
const PARSERS: &[&str] = &[
    "loads",
    "parse",
    "literal_eval",
    "int",
    "float",
    "Decimal",
    "UUID",
    "fromisoformat",
    "strptime",
    "parse_qs",
    "parse_qsl",
    "b64decode",
    "urlsafe_b64decode",
];

/// The name a call calls, also behind subscripts and calls (`data["id"].replace` → `replace`,
/// `Middleware(f)._check_token` → `_check_token`).
fn method_name(expr: &Expr) -> Option<&str> {
    let ExprKind::Call(call) = &expr.kind else {
        return None;
    };
    match &call.func.kind {
        ExprKind::Name(n) => Some(n),
        ExprKind::Attribute(_, attr) => Some(attr),
        _ => None,
    }
}

/// Dict-like reads that are pure only on request data (`request.args.get("q")`), not on a client
/// or cache (`requests.get(url)`, `cache.get(key)`).
const LOOKUPS: &[&str] = &["get", "getlist", "pop"];

/// Whether `e` reads the request (`request.json`, `self.request.GET`).
fn reads_request(e: &Expr) -> bool {
    match &e.kind {
        ExprKind::Name(n) => n == "request" || n == "req",
        ExprKind::Attribute(v, attr) => attr == "request" || reads_request(v),
        ExprKind::Subscript(v, _) => reads_request(v),
        ExprKind::Call(call) => {
            reads_request(&call.func)
                || call
                    .args
                    .iter()
                    .chain(call.kwargs.iter().map(|k| &k.value))
                    .any(reads_request)
        }
        ExprKind::FString(parts) | ExprKind::Combine(parts) | ExprKind::Collection(parts) => {
            parts.iter().any(reads_request)
        }
        ExprKind::Dict(entries) => entries.iter().any(|en| reads_request(&en.value)),
        ExprKind::Str(_) | ExprKind::Literal(_) | ExprKind::Opaque => false,
    }
}

/// The guarded code only parses input (`json.loads(request.body)`, `prison.loads(q)`,
/// `int(request.GET["page"])`, `body = request.json`): no I/O is behind it, so what fails is the
/// caller's input, and a fallback answer is the intended one.
fn parses_input(guarded: &[Event]) -> bool {
    let mut parses = false;
    for (expr, call) in calls(guarded) {
        // Pillow reports undecodable image data as an `OSError` (`UnidentifiedImageError`): decoding
        // an upload is parsing the caller's input, not I/O to a dependency.
        if call
            .func
            .dotted()
            .is_some_and(|d| d.ends_with(&["Image", "open"]))
        {
            parses = true;
            continue;
        }
        match method_name(expr) {
            Some(name) if LOOKUPS.contains(&name) => {
                let on_request = match &call.func.kind {
                    ExprKind::Attribute(receiver, _) => reads_request(receiver),
                    _ => false,
                };
                if !on_request {
                    return false;
                }
            }
            Some(name) if PURE.contains(&name) => parses |= PARSERS.contains(&name),
            _ => return false,
        }
    }
    parses
        || guarded.iter().any(|e| match e {
            Event::Assign { value, .. } => reads_request(value),
            Event::Call(_) => false,
        })
}

/// A structural key for a callee (`type(self).task.apply_async` → `type(self).task.apply_async`),
/// spans left out; None for shapes it does not describe.
fn callee_key(e: &Expr, depth: usize) -> Option<String> {
    if depth > 16 {
        return None;
    }
    match &e.kind {
        ExprKind::Name(n) => Some(n.clone()),
        ExprKind::Attribute(v, attr) => Some(format!("{}.{attr}", callee_key(v, depth + 1)?)),
        ExprKind::Call(call) => Some(format!("{}()", callee_key(&call.func, depth + 1)?)),
        _ => None,
    }
}

/// The handler retries: it repeats a call of the guarded code (`res = task.apply_async(...)` again),
/// outside a `try` of its own, so a second failure propagates.
fn retries(events: &[Event], guarded: &[Event]) -> bool {
    let keys = |events: &[Event]| -> Vec<String> {
        calls(events)
            .filter(|(expr, _)| {
                !last_segment(expr).is_some_and(|f| FORMATTERS.contains(&f) || PURE.contains(&f))
            })
            .filter_map(|(_, call)| callee_key(&call.func, 0))
            .collect()
    };
    let tried = keys(guarded);
    keys(events).iter().any(|k| tried.contains(k))
}

/// File-system errors: what listing or removing a file that may be missing raises.
const FS_ERRORS: &[&str] = &[
    "OSError",
    "IOError",
    "EnvironmentError",
    "FileNotFoundError",
    "PermissionError",
    "NotADirectoryError",
    "IsADirectoryError",
    "FileExistsError",
];

/// Listing or removing files: a best-effort sweep whose target may not be there.
const FS_SWEEP: &[&str] = &[
    "listdir",
    "scandir",
    "iterdir",
    "walk",
    "glob",
    "remove",
    "unlink",
    "rmtree",
    "rmdir",
    "removedirs",
];

/// An `OSError` from listing or removing files (`os.listdir`, `storage.listdir`, `shutil.rmtree`):
/// the directory or file may not exist yet, and cleanup is best-effort.
fn file_sweep(catches: &[String], guarded: &[Event]) -> bool {
    !catches.is_empty()
        && catches.iter().all(|c| {
            let last = c.rsplit('.').next().unwrap_or(c);
            FS_ERRORS.contains(&last)
        })
        && calls(guarded).any(|(expr, _)| last_segment(expr).is_some_and(|f| FS_SWEEP.contains(&f)))
}

/// A validation check (`CsrfViewMiddleware(...)._check_token(request)`, `validate_token(...)`)
/// answered with a redirect: control flow, not a hidden failure.
fn check_redirected(handler: &Handler, events: &[Event], guarded: &[Event]) -> bool {
    let is_check = |name: &str| {
        let lower = name.to_ascii_lowercase();
        ["check", "validat", "verify", "csrf"]
            .iter()
            .any(|w| lower.contains(w))
    };
    let redirect = |name: &str| name.to_ascii_lowercase().contains("redirect");
    let mut any_check = false;
    for (expr, _) in calls(guarded) {
        match method_name(expr) {
            Some(name) if is_check(name) => any_check = true,
            // The check's own object: `CsrfViewMiddleware(get_response)`.
            Some(name) if name.chars().next().is_some_and(char::is_uppercase) => {}
            _ => return false,
        }
    }
    any_check
        && (calls(events).any(|(expr, _)| last_segment(expr).is_some_and(redirect))
            || handler.returns.iter().any(|r| {
                callee(r)
                    .and_then(|c| c.last().copied())
                    .is_some_and(redirect)
            }))
}

/// How deep a handler's calls are followed to find the log, metric or report (as INS001 follows calls).
const MAX_CALL_DEPTH: usize = 3;

struct Look<'l, 'm, 'a> {
    modules: &'l Modules<'a>,
    analysis: &'l Analysis<'m, 'a>,
    contexts: &'l Contexts<'l>,
}

/// Each module's loggers, gathered on first use and kept for the run: gathering them reads every
/// assignment of the module, so doing it per handler made a module of many handlers quadratic.
pub struct Contexts<'l> {
    logger_objects: &'l [String],
    by_module: std::cell::RefCell<HashMap<usize, std::rc::Rc<FileContext>>>,
}

impl<'l> Contexts<'l> {
    pub fn new(logger_objects: &'l [String]) -> Self {
        Contexts {
            logger_objects,
            by_module: Default::default(),
        }
    }

    fn of(&self, m: usize, model: &crate::python::model::PythonFile) -> std::rc::Rc<FileContext> {
        self.by_module
            .borrow_mut()
            .entry(m)
            .or_insert_with(|| std::rc::Rc::new(FileContext::new(model, self.logger_objects)))
            .clone()
    }
}

impl Look<'_, '_, '_> {
    /// Whether one of `events` logs, counts, records or reports, itself or in a project function it
    /// calls (`report_failure(exc)` that does `log.exception` is as good as the call itself).
    fn any_reports(
        &self,
        m: usize,
        scope: &crate::python::model::Scope,
        events: &[Event],
        depth: usize,
    ) -> bool {
        let Some(model) = self.modules.model(m) else {
            return false;
        };
        let loggers = self.contexts.of(m, model);
        events.iter().any(|event| {
            let Event::Call(expr) = event else {
                return false;
            };
            let ExprKind::Call(call) = &expr.kind else {
                return false;
            };
            let chain = callee(expr);
            let reports = chain
                .as_ref()
                .and_then(|c| c.last().copied())
                .is_some_and(|last| REPORTERS.contains(&last));
            if reports
                || loggers.is_log_call(call)
                || self.analysis.metric_use(m, scope, call).is_some()
            {
                return true;
            }
            if depth >= MAX_CALL_DEPTH {
                return false;
            }
            let Some(Target::Function(tm, ts)) =
                chain.and_then(|c| self.modules.resolve_name(m, scope, &c))
            else {
                return false;
            };
            let Some(callee_model) = self.modules.model(tm).cloned() else {
                return false;
            };
            let Some(callee_scope) = callee_model.scopes.get(ts) else {
                return false;
            };
            self.any_reports(tm, callee_scope, &callee_scope.events, depth + 1)
        })
    }
}

pub fn swallowed(
    modules: &Modules,
    analysis: &Analysis,
    entry: &EntryPoint,
    contexts: &Contexts,
) -> Vec<Swallowed> {
    let Some(model) = modules.model(entry.module) else {
        return Vec::new();
    };
    let Some(scope) = model.scopes.get(entry.scope) else {
        return Vec::new();
    };
    let look = Look {
        modules,
        analysis,
        contexts,
    };
    let mut out = Vec::new();
    for handler in &scope.handlers {
        let broad = handler.catches.is_empty() || handler.catches.iter().any(|c| is_broad(c));
        let dependency = !broad && handler.catches.iter().any(|c| is_dependency_failure(c));
        if !(broad || dependency) || handler.raises || handler.answers_error_status {
            continue;
        }
        // Inside another handler: that one is the error path (it raises, logs or is judged itself).
        let nested = scope.handlers.iter().any(|outer| {
            outer.clause != handler.clause
                && outer.clause.start <= handler.clause.start
                && handler.clause.end <= outer.clause.end
        });
        if nested {
            continue;
        }
        let events = scope.events.get(handler.events.clone()).unwrap_or_default();
        let guarded = scope
            .events
            .get(handler.guarded.clone())
            .unwrap_or_default();
        if answers_failure(events)
            || records_failure(events)
            || (dependency && polling_timeout(&handler.catches, guarded))
            || only_cleanup(events)
            || only_cleanup(guarded)
            || answers_with_error(handler, events)
            || parses_input(guarded)
            || retries(events, guarded)
            || file_sweep(&handler.catches, guarded)
            || check_redirected(handler, events, guarded)
            || handler
                .bound
                .as_deref()
                .is_some_and(|n| hands_on(events, n))
        {
            continue;
        }
        if !look.any_reports(entry.module, scope, events, 0) {
            out.push(Swallowed {
                file: modules.file(entry.module),
                span: handler.span.clone(),
                entry: entry.name.clone(),
                catches: if handler.catches.is_empty() {
                    "every exception".into()
                } else {
                    handler.catches.join(", ")
                },
                dependency,
            });
        }
    }
    out
}
