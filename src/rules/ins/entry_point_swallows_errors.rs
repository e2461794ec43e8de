use crate::declare_rule;
use crate::diagnostic::Diagnostic;
use crate::rules::{Check, ProjectContext};

declare_rule! {
    /// ## What it does
    /// Reports a broad `except` (`except:`, `except Exception`, `except BaseException`) in an entry
    /// point (see INS001) whose body neither re-raises (any `raise`, or Flask's `abort`), logs, counts
    /// the error on a metric, records it on a span (`record_exception`, `set_status`) nor reports it to
    /// an error tracker (`capture_exception`). Handlers for specific errors
    /// (`except Order.DoesNotExist: return 404`) are answers, not hidden failures, and are not judged.
    ///
    /// ## Why is this bad?
    /// The request or task ends as a success as far as every signal is concerned: error-rate alerts stay
    /// quiet, traces show green, and the failure is found by a customer.
    ///
    /// ## Example
    /// ```python
    /// @app.task
    /// def sync_inventory():
    ///     try:
    ///         push_stock()
    ///     except Exception:          # INS003: the failure is invisible
    ///         return None
    ///
    ///     except Exception:          # fine
    ///         log.exception("inventory sync failed")
    ///         SYNC_FAILURES.inc()
    /// ```
    pub static RULE = {
        code: "INS003",
        name: "entry-point-swallows-errors",
        severity: Error,
        summary: "An entry point catches an exception and neither re-raises, logs, counts nor records it",
        check: Check::Project(check),
    }
}

fn check(cx: &ProjectContext, out: &mut Vec<Diagnostic>) {
    let Some(telemetry) = cx.telemetry() else {
        return;
    };
    for s in &telemetry.swallowed {
        out.push(
            Diagnostic::new(
                CODE,
                s.file,
                s.span.clone(),
                format!(
                    "`{}` catches {} and hides the failure: it is not re-raised, logged, counted or recorded on a span",
                    s.entry, s.catches
                ),
            )
            .with_identity(format!("{}:{}", s.entry, s.catches))
            .with_help("log it with `log.exception(...)`, count it on an error metric, or re-raise"),
        );
    }
}
