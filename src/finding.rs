//! What a run of the stages produced: each finding with its rule, severity and fingerprint resolved,
//! and the outcome the renderers, the fixer and the baseline writer read. It sits below them so that no
//! filter or renderer needs the command that drives the run.

use crate::diagnostic::{Diagnostic, Severity};
use crate::index::ProjectIndex;
use crate::rules::RuleDef;

/// A diagnostic with everything the renderers need resolved.
#[derive(Debug, Clone)]
pub struct Finding {
    pub diagnostic: Diagnostic,
    pub rule: &'static RuleDef,
    pub severity: Severity,
    pub fingerprint: String,
}

pub struct Outcome {
    pub index: ProjectIndex,
    pub findings: Vec<Finding>,
    /// Set when a baseline was applied.
    pub baseline: Option<BaselineStats>,
    /// With `--diff-base`: findings hidden because the change did not touch them.
    pub outside_diff: Option<usize>,
    /// Problems that are not findings about the user's files (a path that does not exist).
    pub errors: Vec<String>,
    /// The conventions learned from the rules (what OBS004 reports).
    pub inferred: crate::alerts::settings::Inferred,
    /// Live mode could not get its facts (server down, refusing, too slow): the run stops with this
    /// one error instead of a report.
    pub fatal: Option<crate::live::client::LiveError>,
    /// LIV rules were selected but no server was given, so they did not run.
    pub live_not_run: bool,
}

impl Outcome {
    /// Files that were read and checked.
    pub fn files_checked(&self) -> usize {
        self.index.files.len()
    }
}

/// What applying a baseline did, for the summary.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct BaselineStats {
    pub hidden: usize,
    /// Entries that matched no finding: fixed since, and gone at the next `--write-baseline`.
    pub stale: usize,
}
