use super::{changes, finding};
use crate::declare_rule;
use crate::diagnostic::Diagnostic;
use crate::rules::{Check, ProjectContext};
use crate::trace::compat::Change;

declare_rule! {
    /// ## What it does
    /// Compares the registry with its base and reports a span group of the base whose span no group
    /// describes any more, when the base had not deprecated it. Spans are paired by the name they
    /// describe (the group id without `span.`, or `annotations.obslint.span_name`), so renaming a group
    /// id alone is fine. The finding points at the group in the base.
    ///
    /// ## Why is this bad?
    /// Trace queries, span-based metrics and alerts select spans by name. When the span is gone without
    /// warning, they silently match nothing.
    ///
    /// ## Example
    /// ```yaml
    /// # base                                  # now: the group is gone
    /// - id: span.checkout.reserve_stock       # TRC106
    ///   type: span
    /// ```
    /// Instead, mark the group `deprecated: {reason: obsoleted}` for a release, then remove it.
    pub static RULE = {
        code: "TRC106",
        name: "schema-span-removed",
        severity: Error,
        summary: "Compared with the base, a span group was removed without first being deprecated",
        check: Check::Project(check),
    }
}

fn check(cx: &ProjectContext, out: &mut Vec<Diagnostic>) {
    for change in changes(cx) {
        if let Change::SpanRemoved { span, group, old } = change {
            out.push(
                finding(
                    CODE,
                    old,
                    format!("span `{span}` (group `{group}`) was removed without being deprecated first"),
                    format!("span/{span}"),
                )
                .with_help("keep the group with `deprecated: {reason: obsoleted}` (or `renamed`) for a release, then remove it"),
            );
        }
    }
}
