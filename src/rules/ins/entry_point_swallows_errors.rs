use crate::declare_rule;
use crate::diagnostic::Diagnostic;
use crate::rules::{Check, ProjectContext};

declare_rule! {
    /// ## What it does
    /// Reports an `except` clause in an entry point (see INS001) that hides a failure: a broad
    /// handler (`except:`, `except Exception`, `except BaseException`), or a handler of a
    /// **dependency failure** (an HTTP client's, database driver's, cache's or broker's error class
    /// such as `requests.RequestException`, `redis.ConnectionError`, `OperationalError`, and
    /// `TimeoutError`, `ConnectionError`, `OSError`) that answers with a fallback, when its body
    /// neither logs, counts the error on a metric, records it on a span (`record_exception`,
    /// `set_status`) nor reports it to an error tracker (`capture_exception`), itself or through a
    /// project function it calls.
    ///
    /// Not reported, because the failure is not hidden or is the intended answer:
    /// - a handler of a domain error (`KeyError`, `ObjectDoesNotExist`, `ValidationError`, the
    ///   project's own business exceptions);
    /// - a handler that raises (any `raise`) or aborts (`abort(...)`, `sys.exit`, Celery's
    ///   `self.retry()`), or sits inside another handler's error path;
    /// - a handler that answers with an error status, 4xx included (`return body, 400`,
    ///   `Response(status=500)`, `status = 400`, `status=status.HTTP_502_BAD_GATEWAY`,
    ///   `HttpResponseBadRequest`, a helper named for it such as `self.response_403()`), or shows
    ///   the user an error (`messages.error`, `flash`, `form.add_error`);
    /// - a handler that hands the exception on (`mail.mark_failed(exc)`,
    ///   `results.append(Result(status="FAILED", error=str(exc)))`) or gives its text to the
    ///   caller (`return {"error": str(e)}`, `text = "Error: " + str(e)`);
    /// - a handler of input parsing: the guarded code only parses request data or literals
    ///   (`json.loads(request.args.get("q"))`, `int(...)`, `body = request.json`), with no I/O;
    /// - a retry: the handler repeats a call of the guarded code, so a second failure propagates;
    /// - best-effort cleanup: the guarded code or the handler only closes, clears, unlinks or rolls
    ///   back (`close()`, `clear()`, `unlink()`, `rollback()`), or an `OSError` from listing or
    ///   removing files (`os.listdir`, `os.scandir`, `os.remove`, `shutil.rmtree`);
    /// - a validation or CSRF check (`_check_token(request)`) answered with a redirect.
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
    ///
    /// @app.get("/price")
    /// def price():
    ///     try:
    ///         return requests.get(PRICING_URL, timeout=2).json()
    ///     except requests.RequestException:   # INS003: the pricing outage is answered with a default
    ///         return {"price": None}
    /// ```
    pub static RULE = {
        code: "INS003",
        name: "entry-point-swallows-errors",
        severity: Error,
        summary: "An entry point catches a broad exception or a dependency failure and neither re-raises, logs, counts nor records it",
        check: Check::Project(check),
    }
}

fn check(cx: &ProjectContext, out: &mut Vec<Diagnostic>) {
    let Some(telemetry) = cx.telemetry() else {
        return;
    };
    for s in &telemetry.swallowed {
        let message = if s.dependency {
            format!(
                "`{}` catches a dependency failure ({}) and answers with a fallback: the outage is not re-raised, logged, counted or recorded on a span",
                s.entry, s.catches
            )
        } else {
            format!(
                "`{}` catches {} and hides the failure: it is not re-raised, logged, counted or recorded on a span",
                s.entry, s.catches
            )
        };
        out.push(
            Diagnostic::new(CODE, s.file, s.span.clone(), message)
                .with_identity(format!("{}:{}", s.entry, s.catches))
                .with_help(
                    "log it with `log.exception(...)`, count it on an error metric, or re-raise",
                ),
        );
    }
}
