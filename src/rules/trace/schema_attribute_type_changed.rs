use super::{changes, finding, place};
use crate::declare_rule;
use crate::diagnostic::Diagnostic;
use crate::rules::{Check, ProjectContext};
use crate::trace::compat::Change;

declare_rule! {
    /// ## What it does
    /// Compares the registry with its base and reports an attribute whose type changed: `int` to
    /// `string`, `string` to `string[]`, `double` to `int`. An enum counts as the type of its values, so
    /// turning a `string` into an enum of strings (or back) is not a type change.
    ///
    /// ## Why is this bad?
    /// Backends index an attribute by name and type. After the change old and new data no longer
    /// compare (`status = 200` misses `"200"`), queries and alert thresholds stop matching, and
    /// producers built against the old registry send the wrong type.
    ///
    /// ## Example
    /// ```yaml
    /// - id: checkout.order.total
    ///   type: string      # TRC102: was `double` in the base
    /// ```
    /// Instead, add a new attribute with the new type and deprecate the old one with `renamed_to`.
    pub static RULE = {
        code: "TRC102",
        name: "schema-attribute-type-changed",
        severity: Error,
        summary: "Compared with the base, an attribute changed type",
        check: Check::Project(check),
    }
}

fn check(cx: &ProjectContext, out: &mut Vec<Diagnostic>) {
    for change in changes(cx) {
        if let Change::AttributeTypeChanged {
            id,
            from,
            to,
            new,
            old,
        } = change
        {
            out.push(
                finding(
                    CODE,
                    new,
                    format!(
                        "attribute `{id}` changed type from `{from}` ({}) to `{to}`",
                        place(cx, old)
                    ),
                    format!("attribute/{id}"),
                )
                .with_help("keep the type; add a new attribute with the new type and deprecate this one with `renamed_to`"),
            );
        }
    }
}
