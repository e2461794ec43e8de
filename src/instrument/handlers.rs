//! INS003: an entry point that catches a broad exception and then neither re-raises it, logs it,
//! counts it nor records it on a span. The request or task "succeeds" and nobody learns it failed.
//!
//! Only broad handlers are judged (`except:`, `except Exception`, `except BaseException`): a handler for
//! a specific error (`except Order.DoesNotExist: return 404`) is usually the intended answer, not a
//! hidden failure.

use super::coverage::Analysis;
use super::entry::EntryPoint;
use super::modules::{callee, Modules};
use super::Swallowed;
use crate::python::model::{Event, ExprKind};
use crate::python::sinks::FileContext;

const BROAD: &[&str] = &["Exception", "BaseException", "builtins.Exception"];

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
    let loggers = FileContext::new(model, logger_objects);
    let mut out = Vec::new();
    for handler in &scope.handlers {
        let broad = handler.catches.is_empty()
            || handler.catches.iter().any(|c| BROAD.contains(&c.as_str()));
        if !broad || handler.raises {
            continue;
        }
        let events = scope.events.get(handler.events.clone()).unwrap_or_default();
        let visible = events.iter().any(|event| {
            let Event::Call(expr) = event else {
                return false;
            };
            let ExprKind::Call(call) = &expr.kind else {
                return false;
            };
            let logs = loggers.is_log_call(call);
            let reports = callee(expr)
                .and_then(|c| c.last().copied())
                .is_some_and(|last| REPORTERS.contains(&last));
            logs || reports || analysis.metric_use(entry.module, scope, call).is_some()
        });
        if !visible {
            out.push(Swallowed {
                file: modules.file(entry.module),
                span: handler.span.clone(),
                entry: entry.name.clone(),
                catches: if handler.catches.is_empty() {
                    "every exception".into()
                } else {
                    handler.catches.join(", ")
                },
            });
        }
    }
    out
}
