//! Diff-aware runs against a real git history: which findings remain, and the errors for bases that are
//! not there.

mod common;

use assert_cmd::Command;
use common::git;
use std::path::Path;

fn alert(name: &str, expr: &str) -> String {
    format!("  - alert: {name}\n    expr: {expr}\n    labels: {{severity: warning, team: t}}\n    annotations: {{summary: s, description: d}}\n")
}

fn findings(dir: &Path, args: &[&str]) -> (i32, Vec<String>, serde_json::Value) {
    let out = Command::cargo_bin("obslint")
        .unwrap()
        .current_dir(dir)
        .args(["check", "--format", "json"])
        .args(args)
        .output()
        .unwrap();
    let code = out.status.code().unwrap();
    if code == 2 {
        return (
            code,
            vec![String::from_utf8_lossy(&out.stderr).into_owned()],
            serde_json::Value::Null,
        );
    }
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let list = common::path_line_codes(&report);
    (code, list, report)
}

/// A repository whose base commit has two alerts without runbooks.
fn repo_with_base() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    git(d, &["init", "-q"]);
    let base = format!(
        "groups:\n- name: g\n  rules:\n{}{}",
        alert("Old", "up == 0"),
        alert("Edited", "up == 0")
    );
    std::fs::write(d.join("rules.yml"), base).unwrap();
    git(d, &["add", "."]);
    git(d, &["commit", "-q", "-m", "base"]);
    git(d, &["branch", "base"]);
    dir
}

#[test]
fn only_findings_the_change_is_responsible_for() {
    let dir = repo_with_base();
    let d = dir.path();
    // The change: edit one rule's threshold, add an alert, add a new file (committed) and an untracked one.
    let changed = format!(
        "groups:\n- name: g\n  rules:\n{}{}{}",
        alert("Old", "up == 0"),
        alert("Edited", "up == 1"),
        alert("New", "up == 0")
    );
    std::fs::write(d.join("rules.yml"), changed).unwrap();
    std::fs::write(
        d.join("other.yml"),
        format!(
            "groups:\n- name: h\n  rules:\n{}",
            alert("Other", "up == 0")
        ),
    )
    .unwrap();
    git(d, &["add", "."]);
    git(d, &["commit", "-q", "-m", "change"]);
    std::fs::write(
        d.join("wip.yml"),
        format!("groups:\n- name: w\n  rules:\n{}", alert("Wip", "up == 0")),
    )
    .unwrap();

    let (code, found, report) = findings(d, &["--diff-base", "base"]);
    assert_eq!(code, 1);
    assert_eq!(
        found,
        [
            "other.yml:4:RUN001",
            "rules.yml:8:RUN001",
            "rules.yml:12:RUN001",
            "wip.yml:4:RUN001"
        ]
    );
    assert_eq!(
        report["summary"]["outside_diff"], 1,
        "Old's finding is hidden"
    );
}

#[test]
fn nothing_changed_near_a_finding_exits_zero() {
    let dir = repo_with_base();
    let d = dir.path();
    let text = std::fs::read_to_string(d.join("rules.yml")).unwrap();
    std::fs::write(
        d.join("rules.yml"),
        format!("# owned by the payments team\n{text}"),
    )
    .unwrap();
    let (code, found, _) = findings(d, &["--diff-base", "base"]);
    assert_eq!((code, found), (0, vec![]));
    // A deleted line inside a rule makes the rule changed.
    let edited = text.replace(
        "    annotations: {summary: s, description: d}\n  - alert: Edited",
        "  - alert: Edited",
    );
    std::fs::write(d.join("rules.yml"), edited).unwrap();
    let (code, found, _) = findings(d, &["--diff-base", "base"]);
    assert_eq!(code, 1);
    assert!(
        found.contains(&"rules.yml:4:RUN001".to_string()),
        "{found:?}"
    );
}

#[test]
fn bases_that_are_not_there_exit_two_and_say_what_to_fetch() {
    let dir = repo_with_base();
    let d = dir.path();
    let (code, stderr, _) = findings(d, &["--diff-base", "no-such-branch"]);
    assert_eq!(code, 2);
    assert!(
        stderr[0].contains("`no-such-branch` is not a commit in this clone")
            && stderr[0].contains("git fetch"),
        "{stderr:?}"
    );
    // A shallow clone without the base.
    std::fs::write(d.join("x.txt"), "x").unwrap();
    git(d, &["add", "."]);
    git(d, &["commit", "-q", "-m", "second"]);
    let clone = tempfile::tempdir().unwrap();
    let url = format!("file://{}", d.display());
    git(clone.path(), &["clone", "-q", "--depth", "1", &url, "c"]);
    let (code, stderr, _) = findings(&clone.path().join("c"), &["--diff-base", "HEAD~1"]);
    assert_eq!(code, 2);
    assert!(
        stderr[0].contains("shallow clone") && stderr[0].contains("--deepen"),
        "{stderr:?}"
    );
    // Outside a repository.
    let plain = tempfile::tempdir().unwrap();
    let (code, stderr, _) = findings(plain.path(), &["--diff-base", "main"]);
    assert_eq!(code, 2, "{stderr:?}");
}

/// An alert in block style, whose mapping's span runs on to the next item.
fn block_alert(indent: &str, name: &str) -> String {
    format!("{indent}- alert: {name}\n{indent}  expr: up == 0\n{indent}  labels:\n{indent}    severity: warning\n{indent}    team: t\n{indent}  annotations:\n{indent}    summary: s\n{indent}    description: d\n")
}

/// Commits `before` as the base, writes `after`, and returns the alerts whose RUN001 remains.
fn blamed(before: &str, after: &str) -> Vec<String> {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    git(d, &["init", "-q"]);
    std::fs::write(d.join("rules.yaml"), before).unwrap();
    git(d, &["add", "."]);
    git(d, &["commit", "-q", "-m", "base"]);
    git(d, &["branch", "base"]);
    std::fs::write(d.join("rules.yaml"), after).unwrap();
    let (code, found, _) = findings(d, &["--diff-base", "base", "--select", "RUN001"]);
    assert!(code < 2, "{found:?}");
    let lines: Vec<&str> = after.lines().collect();
    found
        .iter()
        .map(|f| {
            let line: usize = f.split(':').nth(1).unwrap().parse().unwrap();
            lines[line - 1]
                .trim()
                .trim_start_matches("- alert: ")
                .to_string()
        })
        .collect()
}

#[test]
fn inserting_or_removing_whole_alerts_blames_only_what_was_added() {
    // Plain rule files and PrometheusRule manifests, block style: the items around a change keep quiet.
    let plain = |names: &[&str]| {
        let rules: String = names.iter().map(|n| block_alert("  ", n)).collect();
        format!("groups:\n- name: g\n  rules:\n{rules}")
    };
    let manifest = |names: &[&str]| {
        let rules: String = names.iter().map(|n| block_alert("    ", n)).collect();
        format!("apiVersion: monitoring.coreos.com/v1\nkind: PrometheusRule\nmetadata:\n  name: r\nspec:\n  groups:\n  - name: g\n    rules:\n{rules}")
    };
    for wrap in [&plain as &dyn Fn(&[&str]) -> String, &manifest] {
        let base = wrap(&["A", "B"]);
        assert_eq!(blamed(&base, &wrap(&["A", "B", "New"])), ["New"], "after");
        assert_eq!(blamed(&base, &wrap(&["New", "A", "B"])), ["New"], "before");
        assert_eq!(blamed(&base, &wrap(&["A", "New", "B"])), ["New"], "between");
        assert!(blamed(&base, &wrap(&["A"])).is_empty(), "deleting the last");
        assert!(
            blamed(&base, &wrap(&["B"])).is_empty(),
            "deleting the first"
        );
        let three = wrap(&["A", "B", "C"]);
        assert!(
            blamed(&three, &wrap(&["A", "C"])).is_empty(),
            "deleting one between"
        );
    }
    // Flow style: one line per alert.
    let flow = |names: &[&str]| {
        let rules: String = names.iter().map(|n| alert(n, "up == 0")).collect();
        format!("groups:\n- name: g\n  rules:\n{rules}")
    };
    assert_eq!(blamed(&flow(&["A"]), &flow(&["A", "New"])), ["New"]);
    assert_eq!(
        blamed(&flow(&["A", "B"]), &flow(&["A", "New", "B"])),
        ["New"]
    );
    // A comment appended after an item belongs to no rule.
    let commented = format!(
        "{}  # the next alerts are the database team's\n",
        plain(&["A"])
    );
    assert_eq!(
        blamed(
            &plain(&["A"]),
            &format!("{commented}{}", block_alert("  ", "New"))
        ),
        ["New"]
    );
    // Still blamed: a line removed from inside an item, and an edited line.
    let base = plain(&["A", "B"]);
    let without_team = base.replacen("    team: t\n", "", 1);
    assert_eq!(
        blamed(&base, &without_team),
        ["A"],
        "a line removed inside A"
    );
    assert_eq!(
        blamed(&base, &base.replacen("up == 0", "up == 1", 1)),
        ["A"]
    );
}
