use crate::alerts::model::RuleKind;
use crate::declare_rule;
use crate::diagnostic::Diagnostic;
use crate::rules::{Check, ProjectContext};
use std::collections::HashMap;

declare_rule! {
    /// ## What it does
    /// Reports alerts that share a name and the same static labels (group labels included) anywhere in the
    /// scanned tree. The later one is reported, pointing back at the first.
    ///
    /// ## Why is this bad?
    /// Both produce the same alert identity, so Alertmanager merges them: one expression's firing hides the
    /// other's, inhibitions and silences apply to both, and the notification shows whichever annotations
    /// came last. Usually one is a stale copy.
    ///
    /// ## Example
    /// ```yaml
    /// - alert: CheckoutDown          # in rules/api.yml
    ///   labels: {severity: critical}
    /// - alert: CheckoutDown          # in rules/legacy.yml, same labels
    ///   labels: {severity: critical}
    /// ```
    pub static RULE = {
        code: "ALR009",
        name: "duplicate-alert",
        severity: Error,
        summary: "Two alerts share a name and static labels",
        check: Check::Project(check),
    }
}

/// An alert's identity in Alertmanager: its name and its static labels, sorted.
type AlertIdentity = (String, Vec<(String, String)>);

fn check(cx: &ProjectContext, out: &mut Vec<Diagnostic>) {
    // Key: name plus sorted static labels. Value: where it was first seen.
    let mut first: HashMap<AlertIdentity, (usize, std::ops::Range<usize>)> = HashMap::new();
    for document in &cx.index.rule_documents {
        for group in &document.groups {
            for rule in group.rules.iter().filter(|r| r.kind == RuleKind::Alert) {
                let mut labels: Vec<(String, String)> = group
                    .labels
                    .iter()
                    .chain(&rule.labels)
                    .map(|(k, v)| (k.value.clone(), v.value.clone()))
                    .collect();
                labels.sort();
                labels.dedup_by(|a, b| a.0 == b.0);
                let key = (rule.name.value.clone(), labels);
                match first.get(&key) {
                    None => {
                        first.insert(key, (document.file, rule.name.span.clone()));
                    }
                    Some((file, span)) => {
                        let other = &cx.index.files[*file];
                        let at = other.line_col(span.start);
                        let mut d = Diagnostic::new(
                            CODE,
                            document.file,
                            rule.name.span.clone(),
                            format!(
                                "alert `{}` duplicates the one at {}:{}:{}",
                                rule.name.value, other.display_path, at.line, at.column
                            ),
                        )
                        .with_identity(rule.identity(group))
                        .with_help(
                            "remove the copy, or give the two alerts different names or labels",
                        );
                        if *file == document.file {
                            d = d.with_label(span.clone(), "first defined here");
                        }
                        out.push(d);
                    }
                }
            }
        }
    }
}
