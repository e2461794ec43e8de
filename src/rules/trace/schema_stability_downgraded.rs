use super::{changes, finding};
use crate::declare_rule;
use crate::diagnostic::Diagnostic;
use crate::rules::{Check, ProjectContext};
use crate::trace::compat::{Change, Subject};

declare_rule! {
    /// ## What it does
    /// Compares the registry with its base and reports an attribute or a span group that was `stable`
    /// and is now `development`, `alpha`, `beta` or `release_candidate` (a missing stability counts as
    /// development). Deprecating a stable attribute or span is not a downgrade.
    ///
    /// ## Why is this bad?
    /// Stable means consumers may rely on it: teams build dashboards and alerts on stable conventions
    /// only. Taking the promise back makes future breaking changes look allowed. It is a warning, not an
    /// error, because nothing breaks at once: the next change to it might.
    ///
    /// ## Example
    /// ```yaml
    /// - id: span.checkout.charge
    ///   type: span
    ///   stability: development    # TRC103: was stable in the base
    /// ```
    pub static RULE = {
        code: "TRC103",
        name: "schema-stability-downgraded",
        severity: Warning,
        summary: "Compared with the base, a stable attribute or span became unstable",
        check: Check::Project(check),
    }
}

fn check(cx: &ProjectContext, out: &mut Vec<Diagnostic>) {
    for change in changes(cx) {
        if let Change::StabilityDowngraded { subject, to, new } = change {
            let (what, name) = match subject {
                Subject::Attribute(id) => ("attribute", id),
                Subject::Span(name) => ("span", name),
            };
            let to = to.map_or("development (no stability)", |s| s.as_str());
            out.push(
                finding(
                    CODE,
                    new,
                    format!("stable {what} `{name}` became {to}"),
                    format!("{what}/{name}"),
                )
                .with_help("keep it stable; to change it, deprecate it and describe the replacement as a new attribute or span"),
            );
        }
    }
}
