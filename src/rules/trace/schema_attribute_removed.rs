use super::{changes, finding};
use crate::declare_rule;
use crate::diagnostic::Diagnostic;
use crate::rules::{Check, ProjectContext};
use crate::trace::compat::Change;

declare_rule! {
    /// ## What it does
    /// Compares the registry with its base (`obslint check --schema-base REF`, or `obslint schema-diff
    /// OLD_DIR NEW_DIR`) and reports an attribute the base defined that is gone, when the base had not
    /// deprecated it. The finding points at the attribute in the base. An attribute the project now
    /// takes from OpenTelemetry's registry (same id) is not removed.
    ///
    /// ## Why is this bad?
    /// Dashboards, alerts, saved queries and sampling rules select on attribute names. When the name
    /// disappears without warning they silently match nothing: the graph goes flat and the alert never
    /// fires. Deprecating first (with `renamed_to` when there is a successor) gives every consumer a
    /// release to move.
    ///
    /// ## Example
    /// ```yaml
    /// # base                                  # now: the attribute is simply gone
    /// - id: checkout.cart.size                # TRC101
    ///   type: int
    /// ```
    /// Instead, keep it for a release with `deprecated: {reason: renamed, renamed_to: checkout.cart.items}`.
    pub static RULE = {
        code: "TRC101",
        name: "schema-attribute-removed",
        severity: Error,
        summary: "Compared with the base, an attribute was removed without first being deprecated",
        check: Check::Project(check),
    }
}

fn check(cx: &ProjectContext, out: &mut Vec<Diagnostic>) {
    for change in changes(cx) {
        if let Change::AttributeRemoved { id, old } = change {
            out.push(
                finding(
                    CODE,
                    old,
                    format!("attribute `{id}` was removed without being deprecated first"),
                    format!("attribute/{id}"),
                )
                .with_help("restore it with `deprecated: {reason: renamed, renamed_to: <new id>}` (or `reason: obsoleted`) for a release, then remove it"),
            );
        }
    }
}
