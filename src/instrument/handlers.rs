//! INS003: an entry point that catches a failure and then neither re-raises it, logs it, counts it
//! nor records it on a span. The request or task "succeeds" and nobody learns it failed.
//!
//! Two kinds of handler are judged: broad ones (`except:`, `except Exception`, `except
//! BaseException`), and handlers of a dependency failure (an HTTP client's, database driver's,
//! cache's or broker's error, `TimeoutError`, `ConnectionError`, `OSError`) that answer with a
//! fallback. A handler of a domain error (`except Order.DoesNotExist: return 404`, `KeyError`,
//! `ValidationError`) is the intended answer, not a hidden failure. Neither is a handler that raises
//! or aborts, answers with an error status, shows the user an error, hands the exception on to
//! another call (`mark_failed(exc)`, `Result(error=str(exc))`), does best-effort cleanup, or sits
//! inside another handler (that one is the error path, and is judged itself).

use super::coverage::Analysis;
use super::entry::EntryPoint;
use super::modules::{callee, Modules, Target};
use super::Swallowed;
use crate::python::model::{Event, Expr, ExprKind};
use crate::python::sinks::FileContext;

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
            || (last_segment(expr) == Some("get") && call.keyword("timeout").is_some())
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
            || last.starts_with("HttpResponseServerError")
            || last.starts_with("HttpResponseBadRequest")
            || last == "HTTPException"
    })
}

/// How deep a handler's calls are followed to find the log, metric or report (as INS001 follows calls).
const MAX_CALL_DEPTH: usize = 3;

struct Look<'l, 'm, 'a> {
    modules: &'l Modules<'a>,
    analysis: &'l Analysis<'m, 'a>,
    logger_objects: &'l [String],
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
        let loggers = FileContext::new(model, self.logger_objects);
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
    logger_objects: &[String],
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
        logger_objects,
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
