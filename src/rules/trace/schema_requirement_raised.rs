use super::{changes, finding};
use crate::declare_rule;
use crate::diagnostic::Diagnostic;
use crate::rules::{Check, ProjectContext};
use crate::trace::compat::Change;

declare_rule! {
    /// ## What it does
    /// Compares the registry with its base and reports an attribute that is `required` on a span that
    /// already existed, when it was `recommended`, `opt_in` or `conditionally_required` there, or not
    /// listed at all. Attributes a span has through `extends` count; the finding points at the
    /// `requirement_level` that makes it required.
    ///
    /// ## Why is this bad?
    /// Every producer of the span that does not set the attribute yet breaks the contract the moment
    /// the registry changes, and consumers that trust `required` (joins, alerts, sampling rules) see
    /// missing values as errors.
    ///
    /// ## Example
    /// ```yaml
    /// - id: span.checkout.charge
    ///   type: span
    ///   attributes:
    ///     - ref: payment.provider
    ///       requirement_level: required   # TRC107: was recommended in the base
    /// ```
    /// Instead, keep it `recommended` (or `{conditionally_required: ...}`) until every producer sets it.
    pub static RULE = {
        code: "TRC107",
        name: "schema-requirement-raised",
        severity: Error,
        summary: "Compared with the base, an attribute became required on an existing span",
        check: Check::Project(check),
    }
}

fn check(cx: &ProjectContext, out: &mut Vec<Diagnostic>) {
    for change in changes(cx) {
        if let Change::RequirementRaised {
            span,
            attribute,
            from,
            new,
        } = change
        {
            let was = from
                .as_ref()
                .map_or("not listed".to_string(), |r| format!("`{}`", r.as_str()));
            out.push(
                finding(
                    CODE,
                    new,
                    format!("`{attribute}` became required on span `{span}` (was {was})"),
                    format!("span/{span}/{attribute}"),
                )
                .with_help("producers that do not set it yet now break the contract: make it `recommended` or `{conditionally_required: \"...\"}` until they all do"),
            );
        }
    }
}
