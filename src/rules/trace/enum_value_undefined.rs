use crate::declare_rule;
use crate::diagnostic::Diagnostic;
use crate::python::spans::Value;
use crate::rules::{Check, ProjectContext};

declare_rule! {
    /// ## What it does
    /// Reports a string literal set on a span attribute that the project's registry declares as an enum,
    /// when the value is none of its members' values. OpenTelemetry's own enums are open (custom values
    /// are allowed), so only the project's are checked.
    ///
    /// ## Why is this bad?
    /// Dashboards and alerts filter on the declared values: a span with `payment.status = "sucess"` is
    /// counted nowhere.
    ///
    /// ## Example
    /// ```python
    /// span.set_attribute("payment.status", "captured")   # fine: a member
    /// span.set_attribute("payment.status", "done")       # TRC006
    /// ```
    pub static RULE = {
        code: "TRC006",
        name: "enum-value-undefined",
        severity: Error,
        summary: "A literal attribute value is not a member of the declared enum",
        check: Check::Project(check),
    }
}

fn check(cx: &ProjectContext, out: &mut Vec<Diagnostic>) {
    let Some(registry) = &cx.index.trace.registry else {
        return;
    };
    for (file, facts) in super::code_spans(cx) {
        for set in facts.all_attributes() {
            let Value::Str(value) = &set.value else {
                continue;
            };
            let Some(attribute) = registry.project_attribute(&set.key) else {
                continue;
            };
            let members = attribute.ty.members();
            if members.is_empty() || members.iter().any(|m| &m.value == value) {
                continue;
            }
            let allowed: Vec<String> = members.iter().map(|m| format!("`{}`", m.value)).collect();
            out.push(
                Diagnostic::new(
                    CODE,
                    file,
                    set.value_span.clone(),
                    format!("`{value}` is not a value of the enum `{}`", set.key),
                )
                .with_identity(format!("{}={value}", set.key))
                .with_help(format!(
                    "use one of {}, or add the member to the registry",
                    allowed.join(", ")
                )),
            );
        }
    }
}
