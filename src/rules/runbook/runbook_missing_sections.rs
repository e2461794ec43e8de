use crate::declare_rule;
use crate::diagnostic::Diagnostic;
use crate::index::RunbookLink;
use crate::rules::{Check, RuleContext};

declare_rule! {
    /// ## What it does
    /// Reads runbooks found in the repository and checks that they have a heading for each required section
    /// group. By default: triage (or diagnosis, investigation, troubleshooting, debugging), mitigation (or
    /// remediation, rollback) and escalation (or contacts). A heading matches a group when its text
    /// contains one of the group's words, ignoring case. With an `#anchor`, only the anchored heading and
    /// the headings under it count, and chapters of the file above its level (a top-level `# Escalation`
    /// that serves every alert's `## Alert` section), unless the anchored heading is itself one of the sections
    /// (`#remediation`): then the whole file is judged. Without `runbook-sections` in the config, a group
    /// that no runbook of the repository has a heading for is not required: it is not the house style
    /// (a repository whose runbooks read Meaning / Impact / Diagnosis / Mitigation is not asked for
    /// escalation on every alert).
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
    let Some(RunbookLink::Found { shown, doc, anchor }) = cx.index.runbook(cx.document.file, link)
    else {
        return;
    };
    if anchor.as_deref().is_some_and(|a| !doc.has_anchor(a)) {
        return; // RUN002 reports the missing anchor.
    }
    let groups = &cx.settings.runbook_sections;
    let matches = |heading: &str, group: &[String]| {
        group
            .iter()
            .any(|word| heading.contains(&word.to_lowercase()))
    };
    let section = doc.section_headings(anchor.as_deref());
    // A link to `#remediation` points at one of the sections, not at the alert's part of the runbook:
    // the reader has the whole file in front of them.
    let anchor_is_a_section = section
        .first()
        .filter(|_| anchor.is_some())
        .is_some_and(|h| groups.iter().any(|g| matches(&h.text.to_lowercase(), g)));
    let anchor = anchor.as_ref().filter(|_| !anchor_is_a_section);
    let anchor_text = anchor.map(String::as_str);
    let headings: Vec<String> = doc
        .section_headings(anchor_text)
        .into_iter()
        .chain(doc.file_wide_headings(anchor_text))
        .map(|h| h.text.to_lowercase())
        .collect();
    // Unconfigured, a section no runbook of the repository has is not its convention: not required.
    let required = |i: usize| {
        cx.settings.runbook_sections_configured
            || cx
                .index
                .runbook_sections_in_use
                .get(i)
                .copied()
                .unwrap_or(true)
    };
    let missing: Vec<&Vec<String>> = groups
        .iter()
        .enumerate()
        .filter(|(i, group)| required(*i) && !headings.iter().any(|h| matches(h, group)))
        .map(|(_, group)| group)
        .collect();
    if missing.is_empty() {
        return;
    }
    let names: Vec<String> = missing
        .iter()
        .map(|g| g.first().cloned().unwrap_or_default())
        .collect();
    let place = anchor.map_or(String::new(), |a| format!(" (section #{a})"));
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
