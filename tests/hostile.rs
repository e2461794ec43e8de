//! Hostile input: every case yields a located finding (or is skipped as not a rule file), never a crash
//! or a hang, and the rest of the run goes on.

mod common;

use assert_cmd::Command;
use std::path::Path;

fn run_json(dir: &Path) -> (i32, serde_json::Value) {
    let out = Command::cargo_bin("obslint")
        .unwrap()
        .current_dir(dir)
        .args(["check", "--format", "json"])
        .timeout(std::time::Duration::from_secs(120))
        .output()
        .unwrap();
    let code = out
        .status
        .code()
        .expect("obslint was not killed by a signal");
    assert!(
        code == 0 || code == 1,
        "exit {code}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    (
        code,
        serde_json::from_slice(&out.stdout).expect("JSON report"),
    )
}

/// (path, code, line) of every finding.
fn findings(report: &serde_json::Value) -> Vec<(String, String, u64)> {
    report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["path"].as_str().unwrap().to_string(),
                f["code"].as_str().unwrap().to_string(),
                f["line"].as_u64().unwrap(),
            )
        })
        .collect()
}

const GOOD_RULE: &str = "groups:\n- name: g\n  rules:\n  - alert: A\n    expr: up == 0\n";

#[test]
fn hostile_files_each_give_a_finding_and_the_run_goes_on() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    // Billion laughs: nine levels of ten aliases.
    let mut bomb =
        String::from("groups:\na0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
    for i in 1..10 {
        let p = i - 1;
        bomb.push_str(&format!(
            "a{i}: &a{i} [*a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}]\n"
        ));
    }
    std::fs::write(d.join("bomb.yml"), bomb).unwrap();
    // 100,000-deep nesting, flow and block.
    std::fs::write(
        d.join("deep_flow.yml"),
        format!("groups: {}{}\n", "[".repeat(100_000), "]".repeat(100_000)),
    )
    .unwrap();
    // Block style: `- - - ... x` nests one sequence per dash on a single line.
    std::fs::write(
        d.join("deep_block.yml"),
        format!("groups:\n  {}x\n", "- ".repeat(100_000)),
    )
    .unwrap();
    // Invalid UTF-8 on line 3.
    std::fs::write(
        d.join("latin1.yml"),
        b"groups:\n- name: g\n  rules: [\xff\xfe]\n",
    )
    .unwrap();
    // Binary content with a NUL.
    std::fs::write(d.join("binary.yaml"), b"groups\x00\x01\x02\xff\x00 binary").unwrap();
    // A 50 MB file.
    let mut big = String::from("groups:\n- name: big\n  rules:\n");
    while big.len() < 50 * 1024 * 1024 {
        big.push_str("  - record: x\n    expr: vector(1)\n");
    }
    std::fs::write(d.join("huge.yml"), big).unwrap();
    // A broken expression, an unterminated quote, an empty file, a null document.
    std::fs::write(
        d.join("badexpr.yml"),
        "groups:\n- name: g\n  rules:\n  - record: r\n    expr: sum(rate(x[5m])\n",
    )
    .unwrap();
    std::fs::write(d.join("quote.yml"), "groups:\n- name: \"g\n").unwrap();
    std::fs::write(d.join("empty.yml"), "").unwrap();
    std::fs::write(d.join("null.yml"), "---\n~\n...\n").unwrap();
    // Deeply nested PromQL.
    std::fs::write(
        d.join("deep_promql.yml"),
        format!(
            "groups:\n- name: g\n  rules:\n  - record: r\n    expr: {}1{}\n",
            "(".repeat(5_000),
            ")".repeat(5_000)
        ),
    )
    .unwrap();
    // And one good rule file that must still be checked: its missing runbook is reported.
    std::fs::write(d.join("zz_good.yml"), GOOD_RULE).unwrap();

    let (code, report) = run_json(d);
    assert_eq!(code, 1);
    let found = findings(&report);
    let has = |path: &str, code: &str| found.iter().any(|(p, c, _)| p == path && c == code);
    for path in [
        "bomb.yml",
        "deep_flow.yml",
        "deep_block.yml",
        "latin1.yml",
        "binary.yaml",
        "quote.yml",
    ] {
        assert!(has(path, "YML001"), "{path}: {found:?}");
    }
    assert!(
        found
            .iter()
            .any(|(p, c, line)| p == "latin1.yml" && c == "YML001" && *line == 3),
        "{found:?}"
    );
    assert!(has("huge.yml", "OBS001"), "{found:?}");
    assert!(has("badexpr.yml", "PQL001"), "{found:?}");
    assert!(has("deep_promql.yml", "PQL001"), "{found:?}");
    assert!(
        !found
            .iter()
            .any(|(p, _, _)| p == "empty.yml" || p == "null.yml"),
        "{found:?}"
    );
    assert!(
        has("zz_good.yml", "RUN001"),
        "the run went on after the hostile files: {found:?}"
    );
}

#[test]
fn symlinks_out_of_the_tree_are_not_followed() {
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(outside.path().join("secret.yml"), GOOD_RULE).unwrap();
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("inside.yml"), GOOD_RULE).unwrap();
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink(
            outside.path().join("secret.yml"),
            dir.path().join("link.yml"),
        )
        .unwrap();
        std::os::unix::fs::symlink(outside.path(), dir.path().join("linkdir")).unwrap();
        std::os::unix::fs::symlink(dir.path().join("inside.yml"), dir.path().join("alias.yml"))
            .unwrap();
    }
    let (_, report) = run_json(dir.path());
    let paths: Vec<_> = findings(&report).into_iter().map(|(p, _, _)| p).collect();
    assert!(
        paths
            .iter()
            .all(|p| p != "link.yml" && !p.starts_with("linkdir")),
        "{paths:?}"
    );
    assert!(paths.iter().any(|p| p == "inside.yml"));
    #[cfg(unix)]
    assert!(
        paths.iter().any(|p| p == "alias.yml"),
        "a link inside the tree is followed: {paths:?}"
    );
}

#[test]
fn runbook_links_do_not_leave_the_repository() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join(".git")).unwrap();
    let rule = "groups:\n- name: g\n  rules:\n  - alert: A\n    expr: up == 0\n    annotations:\n      runbook_url: ../../../../../../etc/passwd\n";
    std::fs::write(dir.path().join("rules.yml"), rule).unwrap();
    let (_, report) = run_json(dir.path());
    let messages: Vec<_> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["code"] == "RUN002")
        .map(|f| f["message"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(messages.len(), 1, "{messages:?}");
    assert!(
        messages[0].contains("out of the repository"),
        "{messages:?}"
    );
}
