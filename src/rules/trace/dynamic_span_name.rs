use crate::declare_rule;
use crate::diagnostic::Diagnostic;
use crate::python::spans::SpanName;
use crate::rules::{Check, ProjectContext};

declare_rule! {
    /// ## What it does
    /// Reports a span whose name is built at run time: an f-string, concatenation, `%` formatting,
    /// `.format()` or `.join()`, from a value that is not fixed by the code. Not reported: names built
    /// only from literals, module constants, identifiers of code (`f"{cls.__name__}.{fn.__qualname__}"`,
    /// as autolog and tracing decorators do) and names of operations, handlers and tools (`func_name`,
    /// `self.method`, `call.tool_name`), unless they belong to a person (`user.name`, `user_name`). Works
    /// with no registry. A Sentry span
    /// (`sentry_sdk.start_span(op=..., name=...)`) is judged by its `op`, the low-cardinality key
    /// Sentry groups spans by; its `name` or `description` is free text.
    ///
    /// ## Why is this bad?
    /// Span names are grouped and indexed: one name per user, order or URL creates unbounded
    /// cardinality in the tracing backend, and no registry group can describe it. The varying part
    /// belongs in an attribute.
    ///
    /// ## Example
    /// ```python
    /// with tracer.start_as_current_span(f"charge {order.id}"):          # TRC007
    /// with tracer.start_as_current_span("charge", attributes={"order.id": order.id}):   # fine
    /// with sentry_sdk.start_span(op="charge", name=f"charge {order.id}"):  # fine: `op` is the key
    /// ```
    pub static RULE = {
        code: "TRC007",
        name: "dynamic-span-name",
        severity: Warning,
        summary: "A span name is built from run-time values",
        check: Check::Project(check),
    }
}

fn check(cx: &ProjectContext, out: &mut Vec<Diagnostic>) {
    for (file, facts) in super::code_spans(cx) {
        for span in &facts.spans {
            let SpanName::Built(how) = &span.name else {
                continue;
            };
            out.push(
                Diagnostic::new(
                    CODE,
                    file,
                    span.name_span.clone(),
                    format!("span name is built at run time ({how}): one name per value"),
                )
                .with_identity(format!("{how}:{}", span.name_span.start))
                .with_help("use a fixed name and move the varying value into an attribute (`attributes={...}`)"),
            );
        }
    }
}
