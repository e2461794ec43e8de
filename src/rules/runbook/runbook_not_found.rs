use crate::declare_rule;
use crate::diagnostic::{Applicability, Diagnostic};
use crate::index::RunbookLink;
use crate::rules::{Check, RuleContext};

declare_rule! {
    /// ## What it does
    /// Follows runbook links into the repository and reports those that lead nowhere: a relative path
    /// (resolved from the rule file's folder, then from the project root), a `/`-rooted path, a URL
    /// under one of `runbook-base-urls`, or a GitHub/GitLab page of this repository itself
    /// (`https://github.com/acme/shop/blob/<any branch>/docs/x.md`, known from the remotes in
    /// `.git/config` and the submodules in `.gitmodules`, read as files), whose file, or whose `#anchor`
    /// heading, does not exist. Links that climb out of the project are reported too, and so is a
    /// placeholder where the link should be (`TODO`, `TBD`, `n/a`). A templated link (`{{ $labels.x }}`)
    /// is followed when every label it reads has one value for the alert: an `x="v"` matcher, or the
    /// static label of a recorded series the alert reads (`record: x` with `labels: {service: api}`);
    /// otherwise its value depends on the query result and it is not checked. Other URLs are not
    /// fetched: obslint never reaches the network.
    ///
    /// ## Why is this bad?
    /// A dead runbook link is worse than none: the on-call engineer loses minutes finding out that the
    /// page was renamed or never written.
    ///
    /// ## Example
    /// ```yaml
    /// annotations:
    ///   runbook_url: ../docs/runbooks/checkout.md#high-latency   # file or heading missing
    /// ```
    ///
    /// ## Options
    /// - `alerts.runbook-base-urls`: URL prefixes that map to the project root, such as
    ///   `"https://docs.acme.com/runbooks/"`; links to the repository's own GitHub/GitLab pages need none.
    ///
    /// ## Fix
    /// Safe: `--fix` corrects an anchor to the one heading whose slug is within two edits of it
    /// (`#triage-stpes` → `#triage-steps`); with two such headings, or none, nothing is changed.
    pub static RULE = {
        code: "RUN002",
        name: "runbook-not-found",
        severity: Error,
        summary: "The runbook link points at a file or heading that does not exist in the repository",
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
    let Some(resolved) = cx.index.runbook(cx.document.file, link) else {
        return;
    };
    let finding = match resolved {
        RunbookLink::Unchecked => return,
        RunbookLink::Placeholder => cx
            .diagnostic(CODE, link.span.clone(), format!("runbook `{}` is a placeholder, not a link", link.value.trim()))
            .with_help("write the runbook and link it here: the on-call engineer who opens this page has nothing to follow"),
        RunbookLink::Missing { shown } => cx
            .diagnostic(CODE, link.span.clone(), format!("runbook `{shown}` does not exist"))
            .with_help("fix the path, or write the runbook: the link is what the on-call engineer clicks first"),
        RunbookLink::Outside { shown } => cx
            .diagnostic(CODE, link.span.clone(), format!("runbook link leads out of the repository (`{shown}`)"))
            .with_help("keep runbooks inside the repository, or link them by URL"),
        RunbookLink::Unread { shown, reason } => cx
            .diagnostic(CODE, link.span.clone(), format!("runbook `{shown}` was not checked: {reason}"))
            .with_help("a runbook is a Markdown page an on-call engineer reads: keep it small and readable"),
        RunbookLink::Found { shown, doc, anchor } => match anchor {
            Some(anchor) if !doc.has_anchor(anchor) => with_anchor_fix(cx, &link.span, anchor, doc, cx
                .diagnostic(CODE, link.span.clone(), format!("runbook `{shown}` has no heading `#{anchor}`"))
                .with_help(match doc.headings.first() {
                    Some(_) => format!(
                        "anchors in this file: {}",
                        doc.headings.iter().map(|h| format!("#{}", h.slug)).take(8).collect::<Vec<_>>().join(", ")
                    ),
                    None => "the file has no headings; add one for this alert".into(),
                })),
            _ => return,
        },
    };
    out.push(finding);
}

/// A typo'd anchor (`#triage-stpes`) is corrected to the one heading whose slug is within two edits of
/// it: a safe fix, since the link then leads where its author meant. Two candidates: no fix.
fn with_anchor_fix(
    cx: &RuleContext,
    span: &std::ops::Range<usize>,
    anchor: &str,
    doc: &crate::runbook::RunbookDoc,
    finding: Diagnostic,
) -> Diagnostic {
    let near: Vec<&str> = doc
        .headings
        .iter()
        .map(|h| h.slug.as_str())
        .filter(|slug| {
            let d = edit_distance(slug, anchor);
            d <= 2 && d * 3 < anchor.chars().count().max(1)
        })
        .collect();
    let (Some(only), 1) = (near.first(), near.len()) else {
        return finding;
    };
    let value = cx.file().slice(span);
    match value.rfind(&format!("#{anchor}")) {
        Some(at) => {
            let start = span.start + at + 1;
            finding.with_fix(
                Applicability::Safe,
                start..start + anchor.len(),
                (*only).to_string(),
            )
        }
        None => finding,
    }
}

/// Levenshtein distance over characters; anchors are short, so the quadratic table is tiny.
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut previous = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let substitute = previous + usize::from(ca != *cb);
            previous = row[j + 1];
            row[j + 1] = substitute.min(row[j] + 1).min(previous + 1);
        }
    }
    row[b.len()]
}
