//! INS003: an entry point that catches a broad exception and then neither re-raises it, logs it,
//! counts it nor records it on a span. The request or task "succeeds" and nobody learns it failed.
//!
//! Only broad handlers are judged (`except:`, `except Exception`, `except BaseException`): a handler for
//! a specific error (`except Order.DoesNotExist: return 404`) is usually the intended answer, not a
//! hidden failure.

use super::coverage::Analysis;
use super::entry::EntryPoint;
use super::modules::{callee, Modules, Target};
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
    let mut out = Vec::new();
    for handler in &scope.handlers {
        let broad = handler.catches.is_empty()
            || handler.catches.iter().any(|c| BROAD.contains(&c.as_str()));
        if !broad || handler.raises {
            continue;
        }
        let events = scope.events.get(handler.events.clone()).unwrap_or_default();
        let look = Look {
            modules,
            analysis,
            logger_objects,
        };
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
            });
        }
    }
    out
}
