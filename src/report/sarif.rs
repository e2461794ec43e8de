//! `--format sarif`: SARIF 2.1.0 for GitHub code scanning and other review tools. One run; the rule table
//! comes from the registry (so help is the rule documentation); results carry 1-based regions with
//! `columnKind` stated and the finding's fingerprint as a partial fingerprint.

use super::position;
use crate::diagnostic::Severity;
use crate::finding::Outcome;
use crate::rules::registry;
use serde_json::json;

const SARIF_SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";
const INFORMATION_URI: &str = "https://github.com/obslint/obslint";

fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

/// A relative path as a URI reference: `/` separators, reserved characters percent-encoded.
fn uri(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for b in path.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' | b'/' => {
                out.push(b as char)
            }
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

fn result(
    outcome: &Outcome,
    f: &crate::finding::Finding,
    paths: &super::RepositoryPaths,
) -> serde_json::Value {
    let p = position(outcome, f);
    let path = &paths.path(outcome, f.diagnostic.file);
    let mut region = json!({"startLine": p.line, "startColumn": p.column});
    // An empty span (a whole-file note) has no end to give.
    if (p.end_line, p.end_column) > (p.line, p.column) {
        region["endLine"] = json!(p.end_line);
        region["endColumn"] = json!(p.end_column);
    }
    let text = super::message_with_help(f);
    json!({
        "ruleId": f.rule.code,
        "ruleIndex": registry::ALL.iter().position(|r| r.code == f.rule.code),
        "level": level(f.severity),
        "message": {"text": text},
        "locations": [{
            "physicalLocation": {
                "artifactLocation": {"uri": uri(path), "uriBaseId": "%SRCROOT%"},
                "region": region,
            }
        }],
        "partialFingerprints": {"obslint/v1": f.fingerprint},
    })
}

/// The log, serialized as it is written: the results one at a time, never the whole tree (600k
/// results made a 6.4 GB value tree). The bytes are those of the tree pretty-printed.
struct Log<'a>(&'a Outcome);

/// The one run: its results stream.
struct Run<'a>(&'a Outcome);

impl serde::Serialize for Log<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut map = serializer.serialize_map(Some(3))?;
        map.serialize_entry("$schema", SARIF_SCHEMA)?;
        map.serialize_entry("version", "2.1.0")?;
        map.serialize_entry("runs", &[Run(self.0)])?;
        map.end()
    }
}

impl serde::Serialize for Run<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let outcome = self.0;
        let rules: Vec<serde_json::Value> = registry::ALL
            .iter()
            .map(|r| {
                let doc = r.documentation();
                json!({
                    "id": r.code,
                    "name": r.name,
                    "shortDescription": {"text": r.summary},
                    "fullDescription": {"text": first_paragraph(&doc)},
                    "help": {"text": doc, "markdown": doc},
                    "defaultConfiguration": {"level": level(r.default_severity)},
                    "properties": {"tags": [r.family()]},
                })
            })
            .collect();
        let mut map = serializer.serialize_map(Some(3))?;
        map.serialize_entry(
            "tool",
            &json!({"driver": {
                "name": "obslint",
                "version": env!("CARGO_PKG_VERSION"),
                "semanticVersion": env!("CARGO_PKG_VERSION"),
                "informationUri": INFORMATION_URI,
                "rules": rules,
            }}),
        )?;
        map.serialize_entry("columnKind", "unicodeCodePoints")?;
        let paths = super::RepositoryPaths::default();
        map.serialize_entry(
            "results",
            &super::Each(outcome.findings.iter().map(|f| result(outcome, f, &paths))),
        )?;
        map.end()
    }
}

/// Writes the log as it is serialized.
pub fn write(outcome: &Outcome, out: &mut dyn std::io::Write) -> std::io::Result<()> {
    super::write_json(&Log(outcome), out)
}

pub fn render(outcome: &Outcome) -> String {
    super::json_string(|out| write(outcome, out), "{}\n")
}

/// The text under `## What it does`: what a review tool shows as the rule's description.
fn first_paragraph(doc: &str) -> String {
    doc.split("## What it does")
        .nth(1)
        .and_then(|rest| rest.split("\n## ").next())
        .map(|s| s.split_whitespace().collect::<Vec<_>>().join(" "))
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uris_are_encoded_relative_references() {
        assert_eq!(uri("rules/api.yml"), "rules/api.yml");
        assert_eq!(uri("my rules/ä#1.yml"), "my%20rules/%C3%A4%231.yml");
    }
}
