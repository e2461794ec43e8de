//! Baselines: adopt obslint on an old repository by recording today's findings and reporting only new
//! ones. Entries are matched by fingerprint, which does not depend on line numbers, so a finding stays
//! baselined when unrelated lines move; a fixed finding leaves the file on the next write.

use crate::config::ConfigError;
use crate::finding::{BaselineStats, Finding};
use serde::{Deserialize, Serialize};
use std::collections::HashSet;
use std::path::Path;

#[derive(Debug, Serialize, Deserialize)]
pub struct BaselineFile {
    pub schema_version: u64,
    pub findings: Vec<Entry>,
}

/// Enough to recognise a finding and for a person to read the file.
#[derive(Debug, Serialize, Deserialize)]
pub struct Entry {
    pub fingerprint: String,
    pub code: String,
    pub path: String,
    pub message: String,
}

#[derive(Debug, Default)]
pub struct Baseline {
    fingerprints: HashSet<String>,
}

impl Baseline {
    /// Reads a baseline; an unreadable or malformed file is an error (exit 2), never "no baseline".
    pub fn read(path: &Path) -> Result<Baseline, ConfigError> {
        let text = crate::source::read_regular_string(path, None).map_err(|e| {
            ConfigError::plain(format!("cannot read baseline {}: {e}", path.display()))
        })?;
        let file: BaselineFile = serde_json::from_str(&text).map_err(|e| {
            ConfigError::plain(format!(
                "baseline {} is not an obslint baseline: {e}",
                path.display()
            ))
            .with_help("write one with `obslint check --write-baseline FILE`")
        })?;
        if file.schema_version != 1 {
            return Err(ConfigError::plain(format!(
                "baseline {} has schema_version {}; this obslint reads version 1",
                path.display(),
                file.schema_version
            )));
        }
        Ok(Baseline {
            fingerprints: file.findings.into_iter().map(|e| e.fingerprint).collect(),
        })
    }

    /// Removes baselined findings and counts what happened.
    pub fn apply(&self, findings: &mut Vec<Finding>) -> BaselineStats {
        let before = findings.len();
        let mut matched = HashSet::new();
        findings.retain(|f| {
            if self.fingerprints.contains(&f.fingerprint) {
                matched.insert(f.fingerprint.clone());
                false
            } else {
                true
            }
        });
        BaselineStats {
            hidden: before - findings.len(),
            stale: self.fingerprints.len() - matched.len(),
        }
    }
}

/// The baseline file for the current findings (sorted as the findings are).
pub fn render(findings: &[Finding], path_of: impl Fn(&Finding) -> String) -> String {
    let file = BaselineFile {
        schema_version: 1,
        findings: findings
            .iter()
            .map(|f| Entry {
                fingerprint: f.fingerprint.clone(),
                code: f.rule.code.to_string(),
                path: path_of(f),
                message: f.diagnostic.message.clone(),
            })
            .collect(),
    };
    let mut out = serde_json::to_string_pretty(&file).unwrap_or_else(|_| "{}".into());
    out.push('\n');
    out
}
