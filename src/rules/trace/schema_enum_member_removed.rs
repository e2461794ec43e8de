use super::{changes, finding};
use crate::declare_rule;
use crate::diagnostic::Diagnostic;
use crate::rules::{Check, ProjectContext};
use crate::trace::compat::Change;

declare_rule! {
    /// ## What it does
    /// Compares the registry with its base and reports an enum value of an attribute that is gone,
    /// when the base had not deprecated that member. Members are matched by value (renaming a member's
    /// `id` keeps its value and is fine). The finding points at the member in the base. Turning the enum
    /// into a plain type that accepts any value is not a removal.
    ///
    /// ## Why is this bad?
    /// Producers still send the value and queries still filter on it: data that was valid yesterday is
    /// now outside the contract, and a `status = "cancelled"` panel shows nothing.
    ///
    /// ## Example
    /// ```yaml
    /// # base: members retry, abort, skip      # now: skip is gone
    /// - id: skip          # TRC104 (in the base file)
    ///   value: skip
    /// ```
    /// Instead, keep the member with `deprecated: {reason: obsoleted}` for a release.
    pub static RULE = {
        code: "TRC104",
        name: "schema-enum-member-removed",
        severity: Error,
        summary: "Compared with the base, an enum member was removed",
        check: Check::Project(check),
    }
}

fn check(cx: &ProjectContext, out: &mut Vec<Diagnostic>) {
    for change in changes(cx) {
        if let Change::EnumMemberRemoved {
            attribute,
            member,
            value,
            old,
        } = change
        {
            out.push(
                finding(
                    CODE,
                    old,
                    format!("enum member `{member}` (`{value}`) of `{attribute}` was removed without being deprecated first"),
                    format!("attribute/{attribute}/{value}"),
                )
                .with_help("keep the member with `deprecated: {reason: obsoleted}` (or `renamed`) for a release, then remove it"),
            );
        }
    }
}
