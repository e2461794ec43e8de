use crate::declare_rule;
use crate::diagnostic::Diagnostic;
use crate::python::spans::SpanName;
use crate::rules::{Check, ProjectContext};

declare_rule! {
    /// ## What it does
    /// Reports a span the Python code starts (`start_as_current_span("...")`, `start_span("...")`, as a
    /// call, context manager or decorator; literal names and module constants) whose name no span group
    /// of the project's registry describes. A group `span.checkout.charge` describes span
    /// `checkout.charge`; `annotations: {obslint: {span_name: ...}}` overrides; `{placeholders}` in a
    /// described name match any literal text. Silent when the project has no registry.
    ///
    /// ## Why is this bad?
    /// Dashboards, alerts and trace queries are built from the registry. A span it does not describe is
    /// invisible to them, or a renamed span silently breaks them.
    ///
    /// ## Example
    /// ```python
    /// with tracer.start_as_current_span("checkout.charge"):   # fine: group span.checkout.charge
    /// with tracer.start_as_current_span("checkout.chrage"):   # TRC001
    /// ```
    ///
    /// ## Options
    /// - `trace.registry`: the registry folder (default `telemetry/registry`).
    pub static RULE = {
        code: "TRC001",
        name: "span-not-in-registry",
        severity: Warning,
        summary: "Code starts a span whose name no span group of the registry describes",
        check: Check::Project(check),
    }
}

fn check(cx: &ProjectContext, out: &mut Vec<Diagnostic>) {
    let Some(registry) = &cx.index.trace.registry else {
        return;
    };
    for (file, facts) in super::code_spans(cx) {
        for span in &facts.spans {
            let SpanName::Literal(name) = &span.name else {
                continue;
            };
            if registry.span_for_name(name).is_some() {
                continue;
            }
            out.push(
                Diagnostic::new(
                    CODE,
                    file,
                    span.name_span.clone(),
                    format!("span `{name}` is not described by any span group of the registry"),
                )
                .with_identity(name.clone())
                .with_help(format!(
                    "add a group `span.{name}` to the registry, or use the name a group describes"
                )),
            );
        }
    }
}
