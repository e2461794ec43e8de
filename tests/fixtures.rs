//! Every fixture states its expected findings in the file (`# expect: CODE` on the offending line); the
//! findings obslint reports must equal that set exactly: nothing missing, nothing extra.

mod common;

use common::{check_dir, expected, found, repo};
use std::path::Path;

fn assert_matches_expectations(dir: &Path) {
    let outcome = check_dir(dir);
    let found = found(&outcome);
    let expected = expected(dir);
    let missing: Vec<_> = expected.difference(&found).collect();
    let extra: Vec<_> = found.difference(&expected).collect();
    assert!(
        missing.is_empty() && extra.is_empty(),
        "{}:\n  expected but not reported: {missing:#?}\n  reported but not expected: {extra:#?}",
        dir.display()
    );
}

#[test]
fn demo_project_reports_exactly_its_expectations() {
    assert_matches_expectations(&repo().join("fixtures/demo"));
}

#[test]
fn every_rule_fixture_reports_exactly_its_expectations() {
    let root = repo().join("tests/fixtures/rules");
    let mut dirs: Vec<_> = std::fs::read_dir(&root)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.is_dir() && p.file_name().is_some_and(|n| n != "runbooks"))
        .collect();
    dirs.sort();
    assert!(
        dirs.len() >= 20,
        "expected a fixture folder per rule, found {}",
        dirs.len()
    );
    let mut failures = Vec::new();
    for dir in dirs {
        if let Err(e) = std::panic::catch_unwind(|| assert_matches_expectations(&dir)) {
            failures.push(e.downcast_ref::<String>().cloned().unwrap_or_default());
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Whole projects, one per folder: checks whose answer depends on the rest of the project (app-wide
/// instrumentation, a helper in another module, alert rules next to the code) need a project each.
#[test]
fn every_fixture_project_reports_exactly_its_expectations() {
    let root = repo().join("tests/fixtures/projects");
    let mut dirs: Vec<_> = std::fs::read_dir(&root)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.is_dir())
        .collect();
    dirs.sort();
    assert!(
        dirs.len() >= 10,
        "expected the framework projects, found {}",
        dirs.len()
    );
    let mut failures = Vec::new();
    for dir in dirs {
        if let Err(e) = std::panic::catch_unwind(|| assert_matches_expectations(&dir)) {
            failures.push(e.downcast_ref::<String>().cloned().unwrap_or_default());
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn every_rule_has_an_invalid_fixture_that_fires_it() {
    for rule in obslint::rules::registry::ALL {
        if rule.code == "OBS001" {
            continue; // A 10 MiB fixture does not belong in the repository; tests/hostile.rs makes one.
        }
        let dir = repo().join("tests/fixtures/rules").join(rule.code);
        let expected = expected(&dir);
        assert!(
            expected
                .iter()
                .any(|(path, _, code)| code == rule.code && path.starts_with("invalid")),
            "{} has no invalid fixture expecting it",
            rule.code
        );
        assert!(
            dir.join("valid.yml").exists() || dir.join("valid.py").exists(),
            "{} has no valid.yml or valid.py",
            rule.code
        );
    }
}
