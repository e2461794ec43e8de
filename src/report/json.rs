//! `--format json`: one object, described by `schemas/report.schema.json`.

use super::{position, Summary};
use crate::finding::Outcome;
use serde_json::json;

pub const SCHEMA_VERSION: u64 = 1;

/// One finding as its JSON object.
fn finding(outcome: &Outcome, f: &crate::finding::Finding) -> serde_json::Value {
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
}

/// The report, serialized as it is written: one finding's value at a time, never the whole tree
/// (600k findings made a 3.8 GB value tree). The bytes are those of the tree pretty-printed.
struct Report<'a>(&'a Outcome);

impl serde::Serialize for Report<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let outcome = self.0;
        let s = Summary::of(outcome);
        let mut summary = json!({
            "files": s.files,
            "findings": s.findings,
            "by_severity": {"error": s.errors, "warning": s.warnings, "info": s.infos},
        });
        if let Some(n) = s.outside_diff {
            summary["outside_diff"] = json!(n);
        }
        if let Some(b) = s.baseline {
            summary["baseline"] = json!({"hidden": b.hidden, "stale": b.stale});
        }
        if let Some(c) = super::statistics::coverage_json(outcome) {
            summary["alert_tests"] = c;
        }
        let mut map = serializer.serialize_map(Some(4))?;
        map.serialize_entry("schema_version", &SCHEMA_VERSION)?;
        map.serialize_entry(
            "tool",
            &json!({"name": "obslint", "version": env!("CARGO_PKG_VERSION")}),
        )?;
        map.serialize_entry(
            "findings",
            &super::Each(outcome.findings.iter().map(|f| finding(outcome, f))),
        )?;
        map.serialize_entry("summary", &summary)?;
        map.end()
    }
}

/// Writes the report as it is serialized.
pub fn write(outcome: &Outcome, out: &mut dyn std::io::Write) -> std::io::Result<()> {
    super::write_json(&Report(outcome), out)
}

pub fn render(outcome: &Outcome) -> String {
    super::json_string(|out| write(outcome, out), "{}\n")
}
