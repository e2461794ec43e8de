//! `--format gitlab`: GitLab Code Quality JSON, shown in merge request widgets.

use crate::check::Outcome;
use crate::diagnostic::Severity;
use serde_json::json;

pub fn render(outcome: &Outcome) -> String {
    let issues: Vec<serde_json::Value> = outcome
        .findings
        .iter()
        .map(|f| {
            let file = &outcome.index.files[f.diagnostic.file];
            let begin = file.line_col(f.diagnostic.span.start).line;
            let end = file.line_col(f.diagnostic.span.end).line.max(begin);
            json!({
                "description": format!("{} {}", f.rule.code, f.diagnostic.message),
                "check_name": f.rule.code,
                "fingerprint": f.fingerprint,
                "severity": match f.severity {
                    Severity::Error => "major",
                    Severity::Warning => "minor",
                    Severity::Info => "info",
                },
                "location": {"path": file.display_path, "lines": {"begin": begin, "end": end}},
            })
        })
        .collect();
    let mut out = serde_json::to_string_pretty(&issues).unwrap_or_else(|_| "[]".into());
    out.push('\n');
    out
}
