use crate::declare_rule;
use crate::diagnostic::Diagnostic;
use crate::rules::{Check, ProjectContext};

declare_rule! {
    /// ## What it does
    /// Reports a span attribute the code sets whose definition is deprecated, in the project's registry
    /// or in the OpenTelemetry semantic conventions shipped with obslint (so it works with no registry at
    /// all), and names its replacement (`http.method` → `http.request.method`).
    ///
    /// ## Why is this bad?
    /// Backends, dashboards and instrumentation libraries move to the new name: spans with the old one
    /// stop matching queries, and mixed data splits every graph in two.
    ///
    /// ## Example
    /// ```python
    /// span.set_attribute("http.method", "POST")           # TRC004: use http.request.method
    /// span.set_attribute("http.request.method", "POST")   # fine
    /// ```
    pub static RULE = {
        code: "TRC004",
        name: "deprecated-attribute",
        severity: Warning,
        summary: "Code sets a deprecated span attribute",
        check: Check::Project(check),
    }
}

fn check(cx: &ProjectContext, out: &mut Vec<Diagnostic>) {
    for (file, facts) in super::code_spans(cx) {
        for set in facts.all_attributes() {
            let Some(attribute) = super::definition(cx, &set.key) else {
                continue;
            };
            if !attribute.is_deprecated() {
                continue;
            }
            let help = match attribute.renamed_to() {
                Some(new) => format!("use `{new}`: `{}` was renamed", set.key),
                None => "remove it: the attribute is deprecated without a replacement".to_string(),
            };
            out.push(
                Diagnostic::new(
                    CODE,
                    file,
                    set.key_span.clone(),
                    format!("attribute `{}` is deprecated", set.key),
                )
                .with_identity(set.key.clone())
                .with_help(help),
            );
        }
    }
}
