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
    out
}
