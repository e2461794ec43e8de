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

/// Checks every folder below `root` as a project of its own (`runbooks` is shared material, not a
/// project), collecting all failures before failing.
fn every_folder_matches(root: &Path, at_least: usize) {
    let mut dirs: Vec<_> = std::fs::read_dir(root)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.is_dir() && p.file_name().is_some_and(|n| n != "runbooks"))
        .collect();
    dirs.sort();
    assert!(
        dirs.len() >= at_least,
        "expected at least {at_least} fixture folders in {}, found {}",
        root.display(),
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
fn every_rule_fixture_reports_exactly_its_expectations() {
    every_folder_matches(&repo().join("tests/fixtures/rules"), 20);
}

/// Whole projects, one per folder: checks whose answer depends on the rest of the project (app-wide
/// instrumentation, a helper in another module, alert rules next to the code) need a project each.
#[test]
fn every_fixture_project_reports_exactly_its_expectations() {
    every_folder_matches(&repo().join("tests/fixtures/projects"), 10);
}

#[test]
fn every_rule_has_an_invalid_fixture_that_fires_it() {
    for rule in obslint::rules::registry::ALL {
        if rule.code == "OBS001" {
            continue; // A 10 MiB fixture does not belong in the repository; tests/hostile.rs makes one.
        }
        if is_schema_rule(rule.code) {
            continue; // A pair of registries: every_schema_rule_has_an_invalid_and_a_valid_case.
        }
        if rule.family() == "LIV" {
            continue; // Needs a server: tests/live.rs checks tests/fixtures/live against a real Prometheus.
        }
        let dir = repo().join("tests/fixtures/rules").join(rule.code);
        let expected = expected(&dir);
        // Registry fixtures sit in the registry folder (`telemetry/registry/invalid-*.yaml`).
        let file_name = |path: &str| path.rsplit('/').next().unwrap_or(path).to_string();
        assert!(
            expected
                .iter()
                .any(|(path, _, code)| code == rule.code && file_name(path).starts_with("invalid")),
            "{} has no invalid fixture expecting it",
            rule.code
        );
        let registry = dir.join("telemetry/registry");
        assert!(
            dir.join("valid.yml").exists()
                || dir.join("valid.py").exists()
                || registry.join("valid.yaml").exists(),
            "{} has no valid.yml, valid.py or telemetry/registry/valid.yaml",
            rule.code
        );
    }
}

/// TRC101–TRC107 compare two registries, so their fixtures are pairs of folders:
/// `tests/fixtures/schema-diff/<CODE>/{invalid,valid}/{old,new}/`, expectations in the new files (or in
/// the old ones, for removals).
fn is_schema_rule(code: &str) -> bool {
    code.starts_with("TRC1")
}

/// Runs `obslint schema-diff old new` from inside `case`, so paths read `old/...` and `new/...`.
fn schema_diff(case: &Path) -> obslint::finding::Outcome {
    let args = obslint::cli::SchemaDiffArgs {
        old: case.join("old"),
        new: case.join("new"),
        config: None,
        format: obslint::report::Format::Json,
        output: None,
        fail_on: obslint::cli::FailOn::Error,
        no_color: true,
        quiet: false,
    };
    let loaded = obslint::config::load(None, case).expect("fixture config loads");
    let settings = obslint::settings::schema_diff(&args, &loaded, case.to_path_buf())
        .expect("schema-diff settings resolve");
    obslint::check::run(&settings)
}

/// Every folder below `root` that holds an `old` and a `new` registry.
fn schema_cases(root: &Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        if dir.join("old").is_dir() && dir.join("new").is_dir() {
            out.push(dir);
            continue;
        }
        for e in std::fs::read_dir(&dir).unwrap().flatten() {
            if e.path().is_dir() {
                stack.push(e.path());
            }
        }
    }
    out.sort();
    out
}

#[test]
fn every_schema_diff_fixture_reports_exactly_its_expectations() {
    let cases = schema_cases(&repo().join("tests/fixtures/schema-diff"));
    assert!(cases.len() >= 14, "found {} schema-diff cases", cases.len());
    let mut failures = Vec::new();
    for case in cases {
        let outcome = schema_diff(&case);
        let found = found(&outcome);
        let expected = expected(&case);
        let missing: Vec<_> = expected.difference(&found).collect();
        let extra: Vec<_> = found.difference(&expected).collect();
        if !missing.is_empty() || !extra.is_empty() {
            failures.push(format!(
                "{}:\n  expected but not reported: {missing:#?}\n  reported but not expected: {extra:#?}",
                case.display()
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn every_schema_rule_has_an_invalid_and_a_valid_case() {
    let root = repo().join("tests/fixtures/schema-diff");
    for rule in obslint::rules::registry::ALL
        .iter()
        .filter(|r| is_schema_rule(r.code))
    {
        let invalid = root.join(rule.code).join("invalid");
        assert!(
            expected(&invalid)
                .iter()
                .any(|(_, _, code)| code == rule.code),
            "{} has no invalid case expecting it",
            rule.code
        );
        let valid = root.join(rule.code).join("valid");
        assert!(
            valid.join("old").is_dir() && valid.join("new").is_dir() && expected(&valid).is_empty(),
            "{} has no valid case (old and new folders, nothing expected)",
            rule.code
        );
    }
}

/// Copies `from` into `to`, folder by folder.
fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap().flatten() {
        let target = to.join(entry.file_name());
        if entry.path().is_dir() {
            copy_tree(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

/// Git keeps no `.git` folder inside a repository: the fixture holds `git-config` and `gitmodules`,
/// which this test puts where git has them, in a copy of the project.
#[test]
fn runbook_links_to_the_repository_s_own_pages_resolve_by_its_remotes() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("checkout");
    copy_tree(&repo().join("tests/fixtures/git/remote-runbooks"), &dir);
    std::fs::create_dir_all(dir.join(".git")).unwrap();
    std::fs::rename(dir.join("git-config"), dir.join(".git/config")).unwrap();
    std::fs::rename(dir.join("gitmodules"), dir.join(".gitmodules")).unwrap();
    assert_matches_expectations(&dir);
}
