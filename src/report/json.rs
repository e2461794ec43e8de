//! `--format json`: one object, described by `schemas/report.schema.json`.

use super::{position, Summary};
use crate::check::Outcome;
use serde_json::json;

pub const SCHEMA_VERSION: u64 = 1;

pub fn render(outcome: &Outcome) -> String {
    let findings: Vec<serde_json::Value> = outcome
        .findings
        .iter()
        .map(|f| {
            let p = position(outcome, f);
            json!({
                "code": f.rule.code,
                "name": f.rule.name,
                "severity": f.severity.as_str(),
                "message": f.diagnostic.message,
                "help": f.diagnostic.help,
                "path": outcome.index.files[f.diagnostic.file].display_path,
                "line": p.line,
                "column": p.column,
                "end_line": p.end_line,
                "end_column": p.end_column,
                "fingerprint": f.fingerprint,
            })
        })
        .collect();
    let s = Summary::of(outcome);
    let mut report = json!({
        "schema_version": SCHEMA_VERSION,
        "tool": {"name": "obslint", "version": env!("CARGO_PKG_VERSION")},
        "findings": findings,
        "summary": {
            "files": s.files,
            "findings": s.findings,
            "by_severity": {"error": s.errors, "warning": s.warnings, "info": s.infos},
        },
    });
    if let Some(n) = s.outside_diff {
        report["summary"]["outside_diff"] = json!(n);
    }
    if let Some(b) = s.baseline {
        report["summary"]["baseline"] = json!({"hidden": b.hidden, "stale": b.stale});
    }
    let mut out = serde_json::to_string_pretty(&report).unwrap_or_else(|_| "{}".into());
    out.push('\n');
    out
}
