use crate::declare_rule;
use crate::diagnostic::Diagnostic;
use crate::python::spans::SpanName;
use crate::rules::{Check, ProjectContext};
use crate::trace::model::RequirementLevel;

declare_rule! {
    /// ## What it does
    /// Reports a span the code starts whose group marks an attribute `requirement_level: required` when
    /// the code never sets it on that span: not in `attributes=` at start, not with `set_attribute(s)`
    /// on the span bound by `with ... as span` or taken from `trace.get_current_span()` in a function
    /// the span decorates. A span handed to another function (`enrich(span)`) is not judged: the
    /// attribute may be set there.
    ///
    /// ## Why is this bad?
    /// Consumers rely on required attributes: a query grouped by `payment.provider` silently drops
    /// every span without it.
    ///
    /// ## Example
    /// ```yaml
    /// - id: span.checkout.charge
    ///   type: span
    ///   attributes:
    ///     - ref: payment.provider
    ///       requirement_level: required
    /// ```
    /// ```python
    /// with tracer.start_as_current_span("checkout.charge"):   # TRC003: payment.provider is never set
    ///     charge(order)
    /// ```
    pub static RULE = {
        code: "TRC003",
        name: "required-attribute-missing",
        severity: Error,
        summary: "A span never gets an attribute its group marks required",
        check: Check::Project(check),
    }
}

fn check(cx: &ProjectContext, out: &mut Vec<Diagnostic>) {
    let Some(registry) = &cx.index.trace.registry else {
        return;
    };
    for (file, facts) in super::code_spans(cx) {
        for span in facts.spans.iter().filter(|s| !s.escapes) {
            let SpanName::Literal(name) = &span.name else {
                continue;
            };
            let Some(group) = registry.span_for_name(name) else {
                continue;
            };
            for attribute in registry.attributes_of(group) {
                if attribute.requirement != RequirementLevel::Required
                    || span.attributes.iter().any(|a| a.key == attribute.id)
                {
                    continue;
                }
                out.push(
                    Diagnostic::new(
                        CODE,
                        file,
                        span.name_span.clone(),
                        format!(
                            "span `{name}` never gets `{}`, which group `{}` requires",
                            attribute.id, group.id.value
                        ),
                    )
                    .with_identity(format!("{name}:{}", attribute.id))
                    .with_help(format!(
                        "set it at start (`attributes={{\"{}\": ...}}`) or with `span.set_attribute(\"{}\", ...)`",
                        attribute.id, attribute.id
                    )),
                );
            }
        }
    }
}
