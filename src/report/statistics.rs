//! `--statistics`: how many findings each rule produced, instead of the findings.

use crate::finding::Outcome;
use crate::report::Format;

pub fn render(outcome: &Outcome, format: Format) -> String {
    let mut counts: Vec<(&str, &str, &str, usize)> = Vec::new();
    for f in &outcome.findings {
        match counts.iter_mut().find(|(code, ..)| *code == f.rule.code) {
            Some(entry) => entry.3 += 1,
            None => counts.push((f.rule.code, f.rule.name, f.severity.as_str(), 1)),
        }
    }
    // Most frequent first, then by code: the order to fix them in.
    counts.sort_by(|a, b| b.3.cmp(&a.3).then(a.0.cmp(b.0)));
    if format == Format::Json {
        let rows: Vec<_> = counts
            .iter()
            .map(|(code, name, severity, count)| serde_json::json!({"code": code, "name": name, "severity": severity, "count": count}))
            .collect();
        let mut out = serde_json::to_string_pretty(&rows).unwrap_or_else(|_| "[]".into());
        out.push('\n');
        return out;
    }
    let mut out = String::new();
    for (code, name, severity, count) in &counts {
        out.push_str(&format!("{count:>6}  {code}  {name:<30} {severity}\n"));
    }
    out.push_str(&coverage_text(outcome));
    out
}

/// Alert test coverage, per rule file: alerts some promtool test makes fire / all alerts. Only when the
/// project has unit-test files: without any, coverage says nothing the user does not know.
pub fn coverage(outcome: &Outcome) -> Option<Vec<crate::alerts::unittest::Coverage>> {
    let index = &outcome.index;
    if index.unit_tests.is_empty() {
        return None;
    }
    let targets = crate::alerts::unittest::resolve_all(&index.unit_tests, &index.files);
    let rows =
        crate::alerts::unittest::coverage(&index.rule_documents, &index.unit_tests, |t, file| {
            index
                .unit_tests
                .iter()
                .position(|u| u.file == t.file)
                .and_then(|i| targets.get(i))
                .is_some_and(|ts| {
                    ts.iter().any(|x| {
                    matches!(x, crate::alerts::unittest::Target::Files(f) if f.contains(&file))
                })
                })
        });
    Some(rows)
}

/// The coverage as JSON: totals and one row per rule file.
pub fn coverage_json(outcome: &Outcome) -> Option<serde_json::Value> {
    let rows = coverage(outcome)?;
    let (tested, alerts) = rows
        .iter()
        .fold((0, 0), |(t, a), r| (t + r.tested, a + r.alerts));
    let files: Vec<_> = rows
        .iter()
        .filter_map(|r| {
            let path = &outcome.index.files.get(r.file)?.display_path;
            Some(serde_json::json!({"path": path, "tested": r.tested, "alerts": r.alerts}))
        })
        .collect();
    Some(serde_json::json!({"tested": tested, "alerts": alerts, "files": files}))
}

fn coverage_text(outcome: &Outcome) -> String {
    let Some(rows) = coverage(outcome) else {
        return String::new();
    };
    let (tested, alerts) = rows
        .iter()
        .fold((0, 0), |(t, a), r| (t + r.tested, a + r.alerts));
    let mut out = format!(
        "\nAlert test coverage: {tested}/{alerts} alerts have a test that makes them fire\n"
    );
    for r in &rows {
        if let Some(file) = outcome.index.files.get(r.file) {
            let shown = format!("{}/{}", r.tested, r.alerts);
            out.push_str(&format!("{shown:>9}  {}\n", file.display_path));
        }
    }
    out
}
