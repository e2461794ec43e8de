use crate::declare_rule;
use crate::diagnostic::Diagnostic;
use crate::rules::{Check, ProjectContext};

declare_rule! {
    /// ## What it does
    /// Reports an attribute the Python code sets on a span (at start, with `set_attribute(s)`, on events
    /// and recorded exceptions) whose key neither the span's group, nor the project's registry, nor the
    /// OpenTelemetry registry shipped with obslint defines (`template[...]` attributes cover their
    /// prefix). Silent when the project has no registry.
    ///
    /// ## Why is this bad?
    /// An undeclared attribute is unknown to every consumer of the schema: no dashboard reads it, and a
    /// typo (`payment.provder`) means the real attribute is missing.
    ///
    /// ## Example
    /// ```python
    /// span.set_attribute("payment.provider", provider)   # fine: declared
    /// span.set_attribute("payment.provder", provider)    # TRC002
    /// ```
    ///
    /// ## Options
    /// - `trace.registry`: the registry folder.
    pub static RULE = {
        code: "TRC002",
        name: "attribute-not-in-registry",
        severity: Warning,
        summary: "Code sets a span attribute that neither the span's group nor the registries define",
        check: Check::Project(check),
    }
}

fn check(cx: &ProjectContext, out: &mut Vec<Diagnostic>) {
    let Some(registry) = &cx.index.trace.registry else {
        return;
    };
    for (file, facts) in super::code_spans(cx) {
        for set in facts.all_attributes() {
            if registry.attribute(&set.key).is_some() {
                continue;
            }
            out.push(
                Diagnostic::new(
                    CODE,
                    file,
                    set.key_span.clone(),
                    format!("attribute `{}` is not defined in the registry", set.key),
                )
                .with_identity(set.key.clone())
                .with_help("declare it in the registry (and in the span's group), or use a defined attribute"),
            );
        }
    }
}
