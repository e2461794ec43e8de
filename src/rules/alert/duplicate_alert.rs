use crate::alerts::model::{Rule, RuleGroup, RuleKind};
use crate::declare_rule;
use crate::diagnostic::Diagnostic;
use crate::promql::{analysis, labels};
use crate::rules::{Check, ProjectContext};
use std::collections::{BTreeSet, HashMap};
use std::ops::Range;

declare_rule! {
    /// ## What it does
    /// Reports an alert that can fire for the same label set as an earlier one in the same rule file: the
    /// same name and static labels (group labels included), and expressions that can return the same
    /// series. Alerts whose expressions cannot both hold are not duplicates: a label matcher that survives
    /// to the output and tells them apart (`handler="a"` against `handler!="a"`, `sum by (env)` over
    /// `env="prod"` against `env="stage"`, a `label_replace` constant), or thresholds on the same
    /// expression that do not overlap (`x > 0` against `x == 0`). Two alerts with the same
    /// annotations that read different series (a YAML `<<:` copy watching `load15` beside `load1`) are
    /// one alert written as an OR: whichever fires, the page is the same, so they are not reported
    /// either; another threshold on the same series still is.
    ///
    /// ## Why is this bad?
    /// Both produce the same alert identity, so Alertmanager merges them: one expression's firing hides the
    /// other's, inhibitions and silences apply to both, and the notification shows whichever annotations
    /// came last. Usually one is a stale copy, or a second threshold that wants its own severity.
    ///
    /// ## Example
    /// ```yaml
    /// - alert: CheckoutDown
    ///   expr: up{job="checkout"} == 0
    ///   labels: {severity: critical}
    /// - alert: CheckoutDown          # same labels, same series
    ///   expr: sum by (job) (up{job="checkout"}) == 0
    ///   labels: {severity: critical}
    /// ```
    ///
    /// ## Options
    /// - `alerts.rule-sets`: files that one Prometheus loads together, as `[[alerts.rule-sets]]` tables with
    ///   `files` (globs relative to the project root) and an optional `name`. Alerts are compared across
    ///   all files of a set. Without it each file is judged on its own, so per-environment copies and
    ///   examples in other files are never reported:
    ///
    /// ```toml
    /// [[alerts.rule-sets]]
    /// name = "production"
    /// files = ["rules/common/*.yml", "rules/prod/*.yml"]
    /// ```
    pub static RULE = {
        code: "ALR009",
        name: "duplicate-alert",
        severity: Error,
        summary: "Two alerts can fire for the same name and labels",
        check: Check::Project(check),
    }
}

/// An alert's identity in Alertmanager, before the expression: its name and its static labels, sorted.
type AlertIdentity = (String, Vec<(String, String)>);

/// One alert seen earlier in the same set: where it is and what its expression says about its output.
struct Seen<'a> {
    file: usize,
    rule: &'a Rule,
    fixed: labels::FixedLabels,
    /// The only labels its series can carry, when the expression says (`absent(...)`, `sum by (...)`).
    closed: Option<BTreeSet<String>>,
    conditions: Vec<analysis::Condition>,
}

fn check(cx: &ProjectContext, out: &mut Vec<Diagnostic>) {
    // Key: which set the file belongs to (a configured rule set, else the file alone) plus the identity.
    let mut seen: HashMap<(Scope, AlertIdentity), Vec<Seen>> = HashMap::new();
    for document in &cx.index.rule_documents {
        let path = &cx.index.files[document.file].root_relative;
        let mut scopes: Vec<Scope> = cx
            .settings
            .rule_sets
            .iter()
            .enumerate()
            .filter(|(_, (_, globs))| globs.is_match(path))
            .map(|(i, _)| Scope::Set(i))
            .collect();
        if scopes.is_empty() {
            scopes.push(Scope::File(document.file));
        }
        for group in &document.groups {
            for rule in group.rules.iter().filter(|r| r.kind == RuleKind::Alert) {
                let identity = identity(group, rule);
                let ast = rule.expr.as_ref().and_then(|e| e.ast.as_ref());
                let mut fixed = ast.map(labels::fixed_labels).unwrap_or_default();
                // Static labels overwrite the series' own: the expression's constraints on them do not count.
                fixed.retain(|k, _| !identity.1.iter().any(|(l, _)| l == k));
                let conditions = ast.map(analysis::conditions).unwrap_or_default();
                let closed = match ast.map(labels::output_labels) {
                    Some(labels::LabelSet::Closed(set)) => Some(set),
                    _ => None,
                };
                let current = Seen {
                    file: document.file,
                    rule,
                    fixed,
                    closed,
                    conditions,
                };
                let mut reported = false;
                for scope in &scopes {
                    let earlier = seen.entry((*scope, identity.clone())).or_default();
                    if !reported {
                        if let Some(first) = earlier.iter().find(|e| {
                            overlaps(e, &current) && !one_alert_two_conditions(e.rule, rule)
                        }) {
                            out.push(report(cx, document.file, group, rule, first, *scope));
                            reported = true;
                        }
                    }
                    earlier.push(Seen {
                        file: current.file,
                        rule: current.rule,
                        fixed: current.fixed.clone(),
                        closed: current.closed.clone(),
                        conditions: current.conditions.clone(),
                    });
                }
            }
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Scope {
    File(usize),
    Set(usize),
}

fn identity(group: &RuleGroup, rule: &Rule) -> AlertIdentity {
    // Rule labels override group labels of the same name, so they come first for the dedup.
    let mut labels: Vec<(String, String)> = rule
        .labels
        .iter()
        .chain(&group.labels)
        .map(|(k, v)| (k.value.clone(), v.value.clone()))
        .collect();
    labels.sort_by(|a, b| a.0.cmp(&b.0));
    labels.dedup_by(|a, b| a.0 == b.0);
    (rule.name.value.clone(), labels)
}

/// The same alert written as an OR of two signals that page alike (a YAML `<<:` copy reading another
/// series, say `load1` and `load15`): the same annotations, so whichever fires shows the same page.
/// Another threshold on the same series is still reported: one of the two is redundant, or wanted
/// its own severity.
fn one_alert_two_conditions(a: &Rule, b: &Rule) -> bool {
    let annotations = |r: &Rule| -> BTreeSet<(String, String)> {
        r.annotations
            .iter()
            .map(|(k, v)| (k.value.clone(), v.value.clone()))
            .collect()
    };
    let series = |r: &Rule| -> BTreeSet<String> {
        r.expr
            .as_ref()
            .and_then(|e| e.ast.as_ref())
            .map(|ast| {
                analysis::selectors(ast)
                    .into_iter()
                    .filter_map(|vs| vs.name.clone())
                    .collect()
            })
            .unwrap_or_default()
    };
    annotations(a) == annotations(b) && series(a) != series(b)
}

/// Whether the two alerts can return the same series at the same time.
fn overlaps(a: &Seen, b: &Seen) -> bool {
    if labels::conflict(&a.fixed, &b.fixed).is_some() || lacks(a, b) || lacks(b, a) {
        return false;
    }
    !a.conditions
        .iter()
        .any(|x| b.conditions.iter().any(|y| x.excludes(y)))
}

/// Whether `a`'s series cannot carry a label that every series of `b` carries with a value
/// (`absent(x{job="a"})` against `absent(x{job="a", le="5"})`).
fn lacks(a: &Seen, b: &Seen) -> bool {
    let Some(closed) = &a.closed else {
        return false;
    };
    b.fixed.iter().any(|(label, matchers)| {
        !closed.contains(label)
            && matchers
                .iter()
                .any(|m| m.op == promql_parser::label::MatchOp::Equal && !m.value.is_empty())
    })
}

/// Where a rule is in its file. YAML merge keys (`<<: *base`) copy the name's span with it, so a copy
/// is told from its original by the last key it sets itself (merged keys come from further up).
fn location(rule: &Rule, other: &Rule) -> Range<usize> {
    if rule.name.span != other.name.span {
        return rule.name.span.clone();
    }
    let keys = [rule.expr.as_ref().map(|e| &e.text), rule.for_.as_ref()]
        .into_iter()
        .flatten()
        .chain(rule.labels.iter().chain(&rule.annotations).map(|(k, _)| k));
    keys.map(|s| s.key_span.clone())
        .max_by_key(|span| span.start)
        .unwrap_or_else(|| rule.span.clone())
}

fn report(
    cx: &ProjectContext,
    file: usize,
    group: &RuleGroup,
    rule: &Rule,
    first: &Seen,
    scope: Scope,
) -> Diagnostic {
    let other = &cx.index.files[first.file];
    let first_span = location(first.rule, rule);
    let at = other.line_col(first_span.start);
    let set = match scope {
        Scope::Set(i) => cx
            .settings
            .rule_sets
            .get(i)
            .map(|(name, _)| format!(" (both in {name})"))
            .unwrap_or_default(),
        Scope::File(_) => String::new(),
    };
    let mut d = Diagnostic::new(
        CODE,
        file,
        location(rule, first.rule),
        format!(
            "alert `{}` can fire for the same labels as the one at {}:{}:{}{set}",
            rule.name.value, other.display_path, at.line, at.column
        ),
    )
    .with_identity(rule.identity(group))
    .with_help(
        "remove the copy, or tell the two apart: a different name, a static label (e.g. a severity per \
         threshold), or a matcher that keeps their series apart",
    );
    if first.file == file {
        d = d.with_label(first_span, "first defined here");
    }
    d
}
