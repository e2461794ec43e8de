//! `--format gitlab`: GitLab Code Quality JSON, shown in merge request widgets.

use crate::diagnostic::Severity;
use crate::finding::Outcome;
use serde_json::json;

fn issue(outcome: &Outcome, f: &crate::finding::Finding) -> serde_json::Value {
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
}

/// Writes the issues as they are serialized, one at a time (the bytes of the whole array pretty-printed).
pub fn write(outcome: &Outcome, out: &mut dyn std::io::Write) -> std::io::Result<()> {
    let issues = super::Each(outcome.findings.iter().map(|f| issue(outcome, f)));
    super::write_json(&issues, out)
}

pub fn render(outcome: &Outcome) -> String {
    super::json_string(|out| write(outcome, out), "[]\n")
}
