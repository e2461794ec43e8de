//! Alert unit tests (promtool `test rules` files), read as facts: which alerts they test, whether
//! promtool would run them at all, and whether they can pass.

pub mod alert_without_test;
pub mod test_annotations_missing;
pub mod test_file_invalid;
pub mod test_unknown_alert;

use crate::alerts::model::{Rule, RuleKind};
use crate::alerts::unittest::{Target, UnitTestFile};
use crate::index::ProjectIndex;

/// Each test file with what its `rule_files` resolve to.
pub(crate) fn resolved(index: &ProjectIndex) -> Vec<(&UnitTestFile, Vec<Target>)> {
    let targets = crate::alerts::unittest::resolve_all(&index.unit_tests, &index.files);
    index.unit_tests.iter().zip(targets).collect()
}

/// The rule files a test loads, when every one of them was read as rules in this run: only then do
/// we know every alert the test can see.
pub(crate) fn loaded_files(targets: &[Target], index: &ProjectIndex) -> Option<Vec<usize>> {
    if targets.is_empty() {
        return None;
    }
    let mut out = Vec::new();
    for t in targets {
        let Target::Files(files) = t else {
            return None;
        };
        for f in files {
            if !index.rule_documents.iter().any(|d| d.file == *f) {
                return None; // Not read as rules (a template, a broken file): its alerts are unknown.
            }
            out.push(*f);
        }
    }
    Some(out)
}

/// The alerting rules of these files.
pub(crate) fn alerts_in<'a>(index: &'a ProjectIndex, files: &[usize]) -> Vec<&'a Rule> {
    index
        .rule_documents
        .iter()
        .filter(|d| files.contains(&d.file))
        .flat_map(|d| &d.groups)
        .flat_map(|g| &g.rules)
        .filter(|r| r.kind == RuleKind::Alert)
        .collect()
}

pub use crate::alerts::settings::TestOptions;
