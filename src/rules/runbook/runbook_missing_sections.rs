use crate::declare_rule;
use crate::diagnostic::Diagnostic;
use crate::index::RunbookLink;
use crate::rules::{Check, RuleContext};

declare_rule! {
    /// ## What it does
    /// Reads runbooks found in the repository and checks that they have a heading for each required section
    /// group. By default: triage (or diagnosis, investigation), mitigation (or remediation, rollback) and
    /// escalation (or contacts). A heading matches a group when its text contains one of the group's words,
    /// ignoring case. With an `#anchor`, only the anchored heading and the headings under it count.
    ///
    /// ## Why is this bad?
    /// A runbook that only describes the alert leaves the on-call engineer without the three things they
    /// need: how to tell what is wrong, how to stop the bleeding, and whom to call when that fails.
    ///
    /// ## Example
    /// ```markdown
    /// # Checkout high error rate
    /// ## Triage
    /// ## Mitigation
    /// ## Escalation
    /// ```
    ///
    /// ## Options
    /// - `alerts.runbook-sections`: a list of word groups, e.g. `[["triage", "diagnosis"], ["mitigation"], ["escalation"]]`.
    pub static RULE = {
        code: "RUN003",
        name: "runbook-missing-sections",
        severity: Error,
        summary: "The runbook lacks triage, mitigation or escalation sections",
        check: Check::Rule(check),
    }
}

fn check(cx: &RuleContext, out: &mut Vec<Diagnostic>) {
    if !cx.is_alert() {
        return;
    }
    let Some(link) = super::runbook_link(cx) else {
        return;
    };
    let Some(RunbookLink::Found { shown, doc, anchor }) =
        cx.index.runbook(cx.document.file, &link.value)
    else {
        return;
    };
    if anchor.as_deref().is_some_and(|a| !doc.has_anchor(a)) {
        return; // RUN002 reports the missing anchor.
    }
    let headings: Vec<String> = doc
        .section_headings(anchor.as_deref())
        .iter()
        .map(|h| h.text.to_lowercase())
        .collect();
    let missing: Vec<&Vec<String>> = cx
        .settings
        .runbook_sections
        .iter()
        .filter(|group| {
            !group
                .iter()
                .any(|word| headings.iter().any(|h| h.contains(&word.to_lowercase())))
        })
        .collect();
    if missing.is_empty() {
        return;
    }
    let names: Vec<String> = missing
        .iter()
        .map(|g| g.first().cloned().unwrap_or_default())
        .collect();
    let place = anchor
        .as_ref()
        .map_or(String::new(), |a| format!(" (section #{a})"));
    out.push(
        cx.diagnostic(
            CODE,
            link.span.clone(),
            format!(
                "runbook `{shown}`{place} has no {} section",
                names.join(", no ")
            ),
        )
        .with_help(format!(
            "add headings for: {}",
            missing
                .iter()
                .map(|g| g.join(" / "))
                .collect::<Vec<_>>()
                .join("; ")
        )),
    );
}
