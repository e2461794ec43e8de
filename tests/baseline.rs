//! Baselines end to end: record, move lines, add a finding, fix one, break the file.

use assert_cmd::Command;
use std::path::Path;

fn obslint(dir: &Path) -> Command {
    let mut cmd = Command::cargo_bin("obslint").unwrap();
    cmd.current_dir(dir);
    cmd
}

fn report(dir: &Path, args: &[&str]) -> (i32, serde_json::Value) {
    let out = obslint(dir)
        .args(["check", "--format", "json"])
        .args(args)
        .output()
        .unwrap();
    (
        out.status.code().unwrap(),
        serde_json::from_slice(&out.stdout).unwrap(),
    )
}

fn codes(report: &serde_json::Value) -> Vec<String> {
    report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| format!("{}:{}", f["code"].as_str().unwrap(), f["line"]))
        .collect()
}

const ALERTS: &str = "groups:\n- name: g\n  rules:\n  - alert: A\n    expr: up == 0\n    labels: {severity: warning, team: t}\n    annotations: {summary: s, description: d}\n";

#[test]
fn baseline_hides_old_findings_survives_moves_and_reports_new_ones() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::write(d.join("rules.yml"), ALERTS).unwrap();
    // Before: one finding (no runbook), exit 1.
    let (code, before) = report(d, &[]);
    assert_eq!((code, codes(&before)), (1, vec!["RUN001:4".to_string()]));
    // Record it.
    obslint(d)
        .args(["check", "--write-baseline", "baseline.json"])
        .assert()
        .code(0);
    let recorded: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(d.join("baseline.json")).unwrap()).unwrap();
    assert_eq!(recorded["findings"][0]["code"], "RUN001");
    // Everything baselined: exit 0, and the summary says what was hidden.
    let (code, after) = report(d, &["--baseline", "baseline.json"]);
    assert_eq!(code, 0);
    assert_eq!(
        after["summary"]["baseline"],
        serde_json::json!({"hidden": 1, "stale": 0})
    );
    // Lines move above the finding: still baselined.
    std::fs::write(d.join("rules.yml"), format!("# moved\n# down\n\n{ALERTS}")).unwrap();
    let (code, moved) = report(d, &["--baseline", "baseline.json"]);
    assert_eq!((code, codes(&moved)), (0, vec![]));
    // A new finding: exit 1, and only it is reported.
    let added = format!("# moved\n# down\n\n{ALERTS}  - alert: B\n    expr: up == 0\n    labels: {{severity: warning, team: t}}\n    annotations: {{summary: s, description: d}}\n");
    std::fs::write(d.join("rules.yml"), &added).unwrap();
    let (code, new) = report(d, &["--baseline", "baseline.json"]);
    assert_eq!((code, codes(&new)), (1, vec!["RUN001:11".to_string()]));
    // Fix the old one: its entry is stale, and a rewrite drops it.
    let fixed = added.replacen(
        "annotations: {summary: s, description: d}",
        "annotations: {summary: s, description: d, runbook_url: https://x/y}",
        1,
    );
    std::fs::write(d.join("rules.yml"), &fixed).unwrap();
    let (_, stale) = report(d, &["--baseline", "baseline.json"]);
    assert_eq!(stale["summary"]["baseline"]["stale"], 1);
    let text = obslint(d)
        .args(["check", "--baseline", "baseline.json", "--no-color"])
        .output()
        .unwrap();
    assert!(String::from_utf8(text.stdout)
        .unwrap()
        .contains("1 baseline entries are stale"));
    obslint(d)
        .args(["check", "--write-baseline", "baseline.json"])
        .assert()
        .code(0);
    let rewritten: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(d.join("baseline.json")).unwrap()).unwrap();
    let messages: Vec<_> = rewritten["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["message"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(messages, ["alert `B` has no runbook"]);
}

#[test]
fn config_baseline_and_broken_baselines() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::write(d.join("rules.yml"), ALERTS).unwrap();
    obslint(d)
        .args(["check", "--write-baseline", "obslint-baseline.json"])
        .assert()
        .code(0);
    std::fs::write(
        d.join("obslint.toml"),
        "baseline = \"obslint-baseline.json\"\n",
    )
    .unwrap();
    obslint(d).args(["check"]).assert().code(0);
    // Unreadable and malformed baselines stop the run with exit 2.
    obslint(d)
        .args(["check", "--baseline", "missing.json"])
        .assert()
        .code(2);
    std::fs::write(d.join("bad.json"), "{\"findings\": 3}").unwrap();
    let out = obslint(d)
        .args(["check", "--baseline", "bad.json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8(out.stderr)
        .unwrap()
        .contains("is not an obslint baseline"));
}
