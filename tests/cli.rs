//! End-to-end tests of the built binary: exit codes, stdout and stderr.

mod common;

use assert_cmd::Command;
use common::repo;
use predicates::prelude::*;

fn obslint() -> Command {
    let mut cmd = Command::cargo_bin("obslint").unwrap();
    cmd.env_remove("NO_COLOR");
    cmd
}

fn demo() -> std::path::PathBuf {
    repo().join("fixtures/demo")
}

fn json_of(output: &[u8]) -> serde_json::Value {
    serde_json::from_slice(output).expect("stdout is JSON")
}

fn validate_report(report: &serde_json::Value) {
    let schema: serde_json::Value =
        serde_json::from_str(include_str!("../schemas/report.schema.json")).unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    let errors: Vec<String> = validator
        .iter_errors(report)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    assert!(
        errors.is_empty(),
        "report does not match schemas/report.schema.json: {errors:#?}"
    );
}

#[test]
fn demo_text_output_is_pinned() {
    let out = obslint()
        .current_dir(demo())
        .args(["check", "--no-color"])
        .assert()
        .code(1);
    let stdout = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    insta::assert_snapshot!("demo_text", stdout);
}

#[test]
fn demo_json_matches_the_report_schema_and_is_sorted() {
    let out = obslint()
        .current_dir(demo())
        .args(["check", "--format", "json"])
        .assert()
        .code(1);
    let report = json_of(&out.get_output().stdout);
    validate_report(&report);
    let findings = report["findings"].as_array().unwrap();
    assert!(!findings.is_empty());
    let keys: Vec<(String, u64, u64, String)> = findings
        .iter()
        .map(|f| {
            (
                f["path"].as_str().unwrap().to_string(),
                f["line"].as_u64().unwrap(),
                f["column"].as_u64().unwrap(),
                f["code"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    let mut sorted = keys.clone();
    sorted.sort();
    assert_eq!(keys, sorted);
    let summary = &report["summary"];
    assert_eq!(
        summary["findings"].as_u64().unwrap() as usize,
        findings.len()
    );
    let errors = findings.iter().filter(|f| f["severity"] == "error").count();
    assert_eq!(
        summary["by_severity"]["error"].as_u64().unwrap() as usize,
        errors
    );
    insta::assert_json_snapshot!("demo_json", report);
}

#[test]
fn clean_run_exits_zero_with_a_valid_empty_report() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("rules.yml"),
        "groups:\n- name: g\n  rules:\n  - record: job:up:sum\n    expr: sum by (job) (up)\n",
    )
    .unwrap();
    let out = obslint()
        .current_dir(dir.path())
        .args(["check", "--format", "json"])
        .assert()
        .code(0);
    let report = json_of(&out.get_output().stdout);
    validate_report(&report);
    assert_eq!(report["summary"]["files"], 1);
    assert_eq!(report["findings"].as_array().unwrap().len(), 0);
    obslint()
        .current_dir(dir.path())
        .args(["check"])
        .assert()
        .code(0)
        .stdout("All clear: no findings in 1 file.\n");
}

#[test]
fn fail_on_threshold_and_selection() {
    // The demo has errors and warnings: never → 0; selecting only a warning-level rule → exit 1 only with --fail-on warning.
    obslint()
        .current_dir(demo())
        .args(["check", "--fail-on", "never", "-q"])
        .assert()
        .code(0);
    let out = obslint()
        .current_dir(demo())
        .args(["check", "--select", "MET002", "--format", "json"])
        .assert()
        .code(0);
    let report = json_of(&out.get_output().stdout);
    let codes: Vec<_> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["code"].as_str().unwrap().to_string())
        .collect();
    assert!(
        !codes.is_empty() && codes.iter().all(|c| c == "MET002"),
        "{codes:?}"
    );
    obslint()
        .current_dir(demo())
        .args(["check", "--select", "MET002", "--fail-on", "warning"])
        .assert()
        .code(1);
    // A family prefix selects the whole family; --ignore removes from it.
    let out = obslint()
        .current_dir(demo())
        .args([
            "check", "--select", "RUN", "--ignore", "RUN001", "--format", "json",
        ])
        .assert()
        .code(1);
    let report = json_of(&out.get_output().stdout);
    let codes: Vec<_> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["code"].as_str().unwrap().to_string())
        .collect();
    assert!(
        codes.iter().all(|c| c.starts_with("RUN") && c != "RUN001"),
        "{codes:?}"
    );
    assert!(codes.contains(&"RUN002".to_string()));
}

#[test]
fn output_file_gets_the_report() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("report.json");
    obslint()
        .current_dir(demo())
        .args(["check", "--format", "json", "--output"])
        .arg(&path)
        .assert()
        .code(1)
        .stdout("");
    validate_report(&serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap());
}

#[test]
fn usage_and_config_errors_exit_two() {
    obslint()
        .args(["check", "--format", "xml"])
        .assert()
        .code(2);
    obslint()
        .args(["check", "--select", "NOPE"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("unknown rule selector `NOPE`"));
    obslint().args(["frobnicate"]).assert().code(2);
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("obslint.toml"),
        "[alerts]\nscrape-interval = \"30 seconds\"\n",
    )
    .unwrap();
    obslint()
        .current_dir(dir.path())
        .args(["check", "--no-color"])
        .assert()
        .code(2)
        .stderr(
            predicate::str::contains("invalid duration `30 seconds`")
                .and(predicate::str::contains("obslint.toml:2:19")),
        );
    std::fs::write(
        dir.path().join("obslint.toml"),
        "[alerts]\nrunbook-anotations = []\n",
    )
    .unwrap();
    obslint()
        .current_dir(dir.path())
        .args(["check"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("runbook-anotations"));
    obslint()
        .current_dir(dir.path())
        .args(["check", "missing-dir"])
        .assert()
        .code(2);
}

#[test]
fn rules_and_rule_documentation() {
    let out = obslint().args(["rules"]).assert().code(0);
    let text = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    assert_eq!(text.lines().count(), obslint::rules::registry::ALL.len());
    assert!(text.contains("RUN001  alert-missing-runbook"));
    let out = obslint()
        .args(["rules", "--format", "json"])
        .assert()
        .code(0);
    let rules = json_of(&out.get_output().stdout);
    assert_eq!(
        rules.as_array().unwrap().len(),
        obslint::rules::registry::ALL.len()
    );
    assert_eq!(rules[0]["family"], "ALR");
    obslint().args(["rule", "RUN001"]).assert().code(0).stdout(
        predicate::str::starts_with("RUN001 alert-missing-runbook (error, family RUN)")
            .and(predicate::str::contains("## Why is this bad?")),
    );
    obslint()
        .args(["rule", "alert-missing-runbook"])
        .assert()
        .code(0);
    obslint().args(["rule", "XYZ123"]).assert().code(2);
}

const BARE_ALERT: &str = "groups:\n- name: g\n  rules:\n  - alert: A\n    expr: up == 0\n";

/// Two fields of every finding of a run in `dir` (which must exit 0 with `--fail-on never`).
fn report_pairs(dir: &std::path::Path, a: &str, b: &str) -> Vec<(String, String)> {
    let out = obslint()
        .current_dir(dir)
        .args(["check", "--format", "json", "--fail-on", "never"])
        .assert()
        .code(0);
    json_of(&out.get_output().stdout)["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f[a].as_str().unwrap().to_string(),
                f[b].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

fn owned(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
    pairs
        .iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect()
}

#[test]
fn gitignore_exclude_and_per_file_ignores() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    for sub in ["rules", "vendor/x", "ignored", "legacy"] {
        std::fs::create_dir_all(d.join(sub)).unwrap();
        std::fs::write(d.join(sub).join("a.yml"), BARE_ALERT).unwrap();
    }
    std::fs::write(d.join(".gitignore"), "ignored/\n").unwrap();
    std::fs::write(
        d.join("obslint.toml"),
        "exclude = [\"vendor\"]\n[rules]\nselect = [\"RUN001\", \"ALR003\"]\nper-file-ignores = { \"legacy/**\" = [\"ALR003\"] }\n",
    )
    .unwrap();
    let expected = owned(&[
        ("legacy/a.yml", "RUN001"),
        ("rules/a.yml", "ALR003"),
        ("rules/a.yml", "RUN001"),
    ]);
    assert_eq!(report_pairs(d, "path", "code"), expected);
}

#[test]
fn policies_require_and_exempt() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::create_dir_all(d.join("generated")).unwrap();
    let critical = "groups:\n- name: g\n  rules:\n  - alert: A\n    expr: up == 0\n    for: 5m\n    labels: {severity: critical}\n";
    std::fs::write(d.join("hand.yml"), critical).unwrap();
    std::fs::write(d.join("generated/slo.yml"), critical).unwrap();
    std::fs::write(
        d.join("obslint.toml"),
        "[rules]\nselect = [\"ALR012\", \"RUN001\"]\n\n[[alerts.policy]]\nwhen = { labels = { severity = \"crit*\" } }\nrequire-annotations = [\"dashboard\"]\nrequire-labels = [\"pager\"]\n\n[[alerts.policy]]\nwhen = { file = \"generated/**\" }\nexempt = [\"RUN\", \"ALR012\"]\n",
    )
    .unwrap();
    let expected = owned(&[
        ("hand.yml", "ALR012"),
        ("hand.yml", "ALR012"),
        ("hand.yml", "RUN001"),
    ]);
    assert_eq!(report_pairs(d, "path", "code"), expected);
}

#[test]
fn fingerprints_survive_unrelated_edits() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let fingerprints = |d: &std::path::Path| {
        let mut v = report_pairs(d, "code", "fingerprint");
        v.sort();
        v
    };
    let two = "groups:\n- name: g\n  rules:\n  - alert: A\n    expr: up == 0\n  - alert: B\n    expr: up == 1\n";
    std::fs::write(d.join("r.yml"), two).unwrap();
    let before = fingerprints(d);
    // Comments and a new rule above move every line; the findings about A and B keep their fingerprints.
    let moved = "# a comment\n# another\ngroups:\n- name: g\n  rules:\n  - record: x\n    expr: up\n  - alert: A\n    expr: up == 0\n  - alert: B\n    expr: up == 1\n";
    std::fs::write(d.join("r.yml"), moved).unwrap();
    let after = fingerprints(d);
    assert_eq!(before, after);
    let unique: std::collections::HashSet<_> = after.iter().map(|(_, f)| f).collect();
    assert_eq!(
        unique.len(),
        after.len(),
        "fingerprints are unique within a report"
    );
}

#[test]
fn init_writes_a_starter_config_once() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("rules.yml"), BARE_ALERT).unwrap();
    obslint()
        .current_dir(dir.path())
        .args(["init"])
        .assert()
        .code(0);
    let text = std::fs::read_to_string(dir.path().join("obslint.toml")).unwrap();
    assert!(text.contains("# Rule files found in: ."), "{text}");
    // The written config is what `check` then reads.
    obslint()
        .current_dir(dir.path())
        .args(["check", "-q"])
        .assert()
        .code(1);
    obslint()
        .current_dir(dir.path())
        .args(["init"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("does not overwrite"));
}

#[test]
fn explain_coverage_says_what_covers_each_entry_point() {
    let out = obslint()
        .current_dir(demo())
        .args(["check", ".", "--explain-coverage"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "explaining is not failing");
    let text = String::from_utf8(out.stdout).unwrap();
    // A direct metric call, a decorator span, app-wide Celery tracing, and the uncovered critical route.
    assert!(text.contains("Flask route `checkout` (/checkout)\n    metrics: `metrics.INFLIGHT.inc()` at app/main.py:25\n    tracing: `tracer.start_as_current_span()` at app/main.py:22"), "{text}");
    assert!(
        text.contains("app-wide: `CeleryInstrumentor().instrument(...)` at app/tasks.py:"),
        "{text}"
    );
    assert!(text.contains("critical Flask route `refund` (/refund)\n    metrics: none (INS001)\n    tracing: none (INS002)"), "{text}");
    assert!(
        !text.contains("healthz"),
        "probes are not entry points to judge: {text}"
    );

    let out = obslint()
        .current_dir(demo())
        .args(["check", ".", "--explain-coverage", "--format", "json"])
        .output()
        .unwrap();
    let items = json_of(&out.stdout);
    let refund = items
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["name"] == "refund")
        .expect("refund is an entry point");
    assert_eq!(refund["critical"], true);
    assert_eq!(refund["framework"], "Flask");
    assert!(refund["metrics"].is_null() && refund["tracing"].is_null());
}

#[test]
fn critical_entry_point_findings_are_errors() {
    let out = obslint()
        .current_dir(demo())
        .args(["check", ".", "--select", "INS", "--format", "json"])
        .output()
        .unwrap();
    let report = json_of(&out.stdout);
    validate_report(&report);
    let severities: Vec<(String, String)> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["code"].as_str().unwrap().to_string(),
                f["severity"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert!(
        severities.contains(&("INS001".into(), "error".into())),
        "{severities:?}"
    );
    assert!(
        severities.contains(&("INS003".into(), "error".into())),
        "{severities:?}"
    );
    assert_eq!(out.status.code(), Some(1));
}
