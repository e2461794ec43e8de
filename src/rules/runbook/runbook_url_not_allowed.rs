use crate::declare_rule;
use crate::diagnostic::Diagnostic;
use crate::rules::{Check, RuleContext};

declare_rule! {
    /// ## What it does
    /// When `runbook-url-pattern` is set, checks every runbook link against it.
    ///
    /// ## Why is this bad?
    /// Teams keep runbooks in one place so they are found, reviewed and kept current. A link to a personal
    /// doc or a wiki page that is about to be retired breaks on the day it is needed.
    ///
    /// ## Example
    /// ```toml
    /// [alerts]
    /// runbook-url-pattern = '^https://runbooks\.acme\.com/'
    /// ```
    /// ```yaml
    /// runbook_url: https://docs.google.com/document/d/1x...   # not under runbooks.acme.com
    /// ```
    ///
    /// ## Options
    /// - `alerts.runbook-url-pattern`: a regular expression (Rust `regex` syntax) a link must match.
    pub static RULE = {
        code: "RUN004",
        name: "runbook-url-not-allowed",
        severity: Error,
        summary: "The runbook link does not match `runbook-url-pattern`",
        check: Check::Rule(check),
    }
}

fn check(cx: &RuleContext, out: &mut Vec<Diagnostic>) {
    let Some(pattern) = &cx.settings.runbook_url_pattern else {
        return;
    };
    if !cx.is_alert() {
        return;
    }
    let Some(link) = super::runbook_link(cx) else {
        return;
    };
    if link.value.trim().is_empty() || pattern.is_match(&link.value) {
        return;
    }
    out.push(
        cx.diagnostic(
            CODE,
            link.span.clone(),
            format!("runbook link `{}` is not an allowed location", link.value),
        )
        .with_help(format!("runbook links must match `{}`", pattern.as_str())),
    );
}
