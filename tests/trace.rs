//! The trace registry end to end: `obslint schema-diff`, `obslint check --schema-base REF` on a real git
//! history, registry folders next to rule files, and hostile registry YAML.

mod common;

use assert_cmd::Command;
use common::{git, repo};
use std::collections::BTreeSet;
use std::path::Path;

fn obslint(dir: &Path) -> Command {
    let mut cmd = Command::cargo_bin("obslint").unwrap();
    cmd.current_dir(dir)
        .env_remove("NO_COLOR")
        .timeout(std::time::Duration::from_secs(120));
    cmd
}

/// Runs obslint in `dir`.
fn run(dir: &Path, args: &[&str]) -> std::process::Output {
    obslint(dir).args(args).output().unwrap()
}

fn case(name: &str) -> std::path::PathBuf {
    repo().join("tests/fixtures/schema-diff").join(name)
}

/// (path, line, code) of every finding of a JSON report.
fn findings(stdout: &[u8]) -> BTreeSet<(String, u64, String)> {
    let report: serde_json::Value = serde_json::from_slice(stdout).expect("a JSON report");
    report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["path"].as_str().unwrap().to_string(),
                f["line"].as_u64().unwrap(),
                f["code"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

fn set(items: &[(&str, u64, &str)]) -> BTreeSet<(String, u64, String)> {
    items
        .iter()
        .map(|(p, l, c)| (p.to_string(), *l, c.to_string()))
        .collect()
}

#[test]
fn schema_diff_text_output_is_pinned() {
    let out = run(
        &case("example"),
        &["schema-diff", "old", "new", "--no-color"],
    );
    assert_eq!(out.status.code(), Some(1));
    insta::assert_snapshot!("schema_diff_text", String::from_utf8_lossy(&out.stdout));
}

#[test]
fn schema_diff_exit_codes() {
    let example = run(
        &case("example"),
        &["schema-diff", "old", "new", "--format", "json"],
    );
    assert_eq!(example.status.code(), Some(1));
    assert_eq!(
        findings(&example.stdout),
        set(&[
            ("new/checkout.yaml", 6, "TRC102"),
            ("new/checkout.yaml", 10, "TRC105"),
            ("new/checkout.yaml", 14, "TRC107"),
            ("old/checkout.yaml", 8, "TRC101"),
        ])
    );
    let compatible = run(
        &case("compatible"),
        &["schema-diff", "old", "new", "--format", "json"],
    );
    assert_eq!(compatible.status.code(), Some(0));
    assert!(findings(&compatible.stdout).is_empty());
    // TRC105 is a warning: below the default threshold, at `--fail-on warning`.
    let warnings = |fail_on: &str| {
        run(
            &case("TRC105/invalid"),
            &["schema-diff", "old", "new", "-q", "--fail-on", fail_on],
        )
        .status
        .code()
    };
    assert_eq!(warnings("error"), Some(0));
    assert_eq!(warnings("warning"), Some(1));
    let missing = run(&case("example"), &["schema-diff", "old", "nowhere"]);
    assert_eq!(missing.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&missing.stderr).contains("`nowhere` is not a folder"));
    let usage = run(&case("example"), &["schema-diff", "old"]);
    assert_eq!(usage.status.code(), Some(2));
}

const RULES: &str = "groups:\n- name: g\n  rules:\n  - alert: A\n    expr: up == 0\n    labels: {severity: warning, team: t}\n    annotations: {summary: s, description: d, runbook_url: https://example.com/r}\n";

/// A repository with the example's old registry committed, then its new one committed on top.
fn repository() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let registry = d.join("telemetry/registry");
    std::fs::create_dir_all(&registry).unwrap();
    std::fs::write(d.join("rules.yml"), RULES).unwrap();
    git(d, &["init", "-q"]);
    for side in ["old", "new"] {
        std::fs::copy(
            case("example").join(side).join("checkout.yaml"),
            registry.join("checkout.yaml"),
        )
        .unwrap();
        git(d, &["add", "."]);
        git(d, &["commit", "-q", "-m", side]);
    }
    dir
}

#[test]
fn check_schema_base_reads_the_registry_at_a_revision() {
    let dir = repository();
    let d = dir.path();
    let out = run(d, &["check", "--format", "json", "--schema-base", "HEAD~1"]);
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // The rule file is still a rule file (clean); the registry files are never read as rule files.
    assert_eq!(
        findings(&out.stdout),
        set(&[
            ("telemetry/registry/checkout.yaml", 6, "TRC102"),
            ("telemetry/registry/checkout.yaml", 10, "TRC105"),
            ("telemetry/registry/checkout.yaml", 14, "TRC107"),
            ("HEAD~1:telemetry/registry/checkout.yaml", 8, "TRC101"),
        ])
    );
    // With --diff-base too: schema findings are the change's, also a removal in the base.
    let diff = run(
        d,
        &[
            "check",
            "--format",
            "json",
            "--schema-base",
            "HEAD~1",
            "--diff-base",
            "HEAD~1",
        ],
    );
    assert_eq!(findings(&diff.stdout), findings(&out.stdout));
    // Against itself nothing changed; the work tree was never touched.
    let same = run(d, &["check", "--format", "json", "--schema-base", "HEAD"]);
    assert_eq!(same.status.code(), Some(0));
    assert!(findings(&same.stdout).is_empty());
    assert_eq!(git(d, &["status", "--porcelain"]), "");
    // Uncommitted edits count: the work tree is compared with the revision.
    let registry = d.join("telemetry/registry/checkout.yaml");
    let text = std::fs::read_to_string(&registry).unwrap();
    std::fs::write(
        &registry,
        text.replace(
            "stability: stable\n    attributes",
            "stability: development\n    attributes",
        ),
    )
    .unwrap();
    let edited = run(d, &["check", "--format", "json", "--schema-base", "HEAD"]);
    assert_eq!(
        findings(&edited.stdout),
        set(&[("telemetry/registry/checkout.yaml", 11, "TRC103")])
    );
}

#[test]
fn check_schema_base_errors_exit_two() {
    let dir = repository();
    let d = dir.path();
    let bad = run(d, &["check", "--schema-base", "no-such-branch"]);
    assert_eq!(bad.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&bad.stderr);
    assert!(
        stderr.contains("--schema-base: `no-such-branch` is not a commit in this clone")
            && stderr.contains("git fetch"),
        "{stderr}"
    );
    assert!(bad.stdout.is_empty(), "no work before the plan is sound");
    let plain = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(plain.path().join("telemetry/registry")).unwrap();
    let outside = run(plain.path(), &["check", "--schema-base", "HEAD"]);
    assert_eq!(outside.status.code(), Some(2));
    let nothing = tempfile::tempdir().unwrap();
    let no_registry = run(nothing.path(), &["check", "--schema-base", "HEAD"]);
    assert_eq!(no_registry.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&no_registry.stderr).contains("no registry folder"));
}

#[test]
fn config_names_the_registry_folder() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::create_dir_all(d.join("semconv")).unwrap();
    std::fs::write(
        d.join("semconv/spans.yaml"),
        "groups:\n  - id: span.a\n    type: span\n    attributes:\n      - ref: nope.nothing\n",
    )
    .unwrap();
    std::fs::write(d.join("obslint.toml"), "[trace]\nregistry = \"semconv\"\n").unwrap();
    let out = run(d, &["check", "--format", "json"]);
    assert_eq!(
        findings(&out.stdout),
        set(&[("semconv/spans.yaml", 5, "TRC000")])
    );
    // Checking another folder reads the registry but does not report on it.
    std::fs::create_dir_all(d.join("rules")).unwrap();
    std::fs::write(d.join("rules/r.yml"), RULES).unwrap();
    let elsewhere = run(d, &["check", "rules", "--format", "json"]);
    assert_eq!(elsewhere.status.code(), Some(0));
    assert!(findings(&elsewhere.stdout).is_empty());
    // A folder that is not there is a located config error.
    std::fs::write(d.join("obslint.toml"), "[trace]\nregistry = \"schemas\"\n").unwrap();
    let missing = run(d, &["check"]);
    assert_eq!(missing.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&missing.stderr);
    assert!(
        stderr.contains("trace.registry `schemas` is not a folder"),
        "{stderr}"
    );
    assert!(stderr.contains("obslint.toml:2:"), "{stderr}");
}

#[test]
fn hostile_registry_files_give_findings_and_the_run_goes_on() {
    let dir = tempfile::tempdir().unwrap();
    let registry = dir.path().join("telemetry/registry");
    std::fs::create_dir_all(&registry).unwrap();
    let mut bomb =
        String::from("groups:\na0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
    for i in 1..10 {
        let p = i - 1;
        bomb.push_str(&format!(
            "a{i}: &a{i} [*a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}]\n"
        ));
    }
    let files: &[(&str, Vec<u8>)] = &[
        ("bomb.yaml", bomb.into_bytes()),
        ("deep.yaml", format!("groups: {}{}\n", "[".repeat(100_000), "]".repeat(100_000)).into_bytes()),
        ("binary.yaml", vec![0, 159, 146, 150, 0, 1, 2]),
        ("latin1.yaml", b"groups:\n  - id: caf\xe9\n".to_vec()),
        ("scalar.yaml", b"groups: 5\n".to_vec()),
        ("types.yaml", b"groups:\n  - id: g\n    type: attribute_group\n    attributes:\n      - id: a.b\n        type: [1, 2]\n      - id: [x]\n      - ref: {a: b}\n".to_vec()),
        ("duplicate.yaml", b"groups:\n  - id: g2\n    id: g3\n".to_vec()),
        ("ok.yaml", b"groups:\n  - id: span.fine\n    type: span\n    attributes:\n      - ref: http.nonsense\n".to_vec()),
    ];
    for (name, bytes) in files {
        std::fs::write(registry.join(name), bytes).unwrap();
    }
    let out = run(dir.path(), &["check", "--format", "json"]);
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let found = findings(&out.stdout);
    for (name, _) in files {
        let path = format!("telemetry/registry/{name}");
        assert!(
            found
                .iter()
                .any(|(p, _, c)| *p == path && (c == "YML001" || c == "TRC000")),
            "{name}: {found:#?}"
        );
    }
    assert!(found.contains(&(
        "telemetry/registry/ok.yaml".to_string(),
        5,
        "TRC000".to_string()
    )));
    assert!(!found.iter().any(|(_, _, c)| c == "YML002"), "{found:#?}");
}

/// The README's `--schema-base` session, replayed on the history `repository()` creates.
#[test]
fn readme_schema_base_example_is_real_output() {
    let dir = repository();
    let out = run(
        dir.path(),
        &[
            "check",
            "--schema-base",
            "HEAD~1",
            "--select",
            "TRC",
            "--format",
            "concise",
        ],
    );
    assert_eq!(out.status.code(), Some(1));
    let stdout = String::from_utf8(out.stdout).unwrap();
    let readme = std::fs::read_to_string(repo().join("README.md")).unwrap();
    for line in stdout.lines() {
        assert!(readme.contains(line), "README lacks the line: {line}");
    }
    assert_eq!(stdout.lines().count(), 4, "{stdout}");
}
