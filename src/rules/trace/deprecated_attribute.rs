use crate::declare_rule;
use crate::diagnostic::{Applicability, Diagnostic};
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
    ///
    /// ## Fix
    /// Safe: `--fix` renames a deprecated key that was renamed (`"http.method"` → `"http.request.method"`)
    /// where the key is a plain string literal.
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
            let mut finding = Diagnostic::new(
                CODE,
                file,
                set.key_span.clone(),
                format!("attribute `{}` is deprecated", set.key),
            )
            .with_identity(set.key.clone())
            .with_help(help);
            // The rename keeps the value and its meaning: a safe fix, where the key is a plain literal.
            if let (Some(new), Some(inner)) = (
                attribute.renamed_to(),
                literal_inner(&cx.index.files[file].text, &set.key_span, &set.key),
            ) {
                finding = finding.with_fix(Applicability::Safe, inner, new.to_string());
            }
            out.push(finding);
        }
    }
}

/// The bytes of `key` inside the string literal at `span` (`"http.method"` or `'http.method'`), when the
/// literal spells it plainly (no escapes, no f-string parts).
fn literal_inner(
    text: &str,
    span: &std::ops::Range<usize>,
    key: &str,
) -> Option<std::ops::Range<usize>> {
    let literal = text.get(span.clone())?;
    let at = literal.find(key)?;
    let quoted =
        literal[..at].ends_with(['"', '\'']) && literal[at + key.len()..].starts_with(['"', '\'']);
    (quoted || literal == key).then(|| span.start + at..span.start + at + key.len())
}
