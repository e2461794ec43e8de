//! Every report format, snapshot-tested on one shared set of findings (the demo project), plus the SARIF
//! schema check, several reports in one run, and a report writer that fails.

mod common;
mod sarif_check;

use assert_cmd::Command;
use common::repo;

/// `obslint check ARGS` run in the demo project.
fn run_demo(args: &[&str]) -> std::process::Output {
    Command::cargo_bin("obslint")
        .unwrap()
        .current_dir(repo().join("fixtures/demo"))
        // The demo stands for a repository of its own: github and sarif paths are relative to it.
        .env("GITHUB_WORKSPACE", repo().join("fixtures/demo"))
        .env_remove("FORCE_COLOR")
        .env_remove("CLICOLOR_FORCE")
        .arg("check")
        .args(args)
        .output()
        .unwrap()
}

fn demo_output(args: &[&str]) -> (i32, String) {
    let out = run_demo(args);
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8(out.stdout).unwrap(),
    )
}

#[test]
fn every_format_is_pinned_on_the_demo() {
    for format in ["concise", "github", "gitlab", "junit", "sarif"] {
        let (code, stdout) = demo_output(&["--format", format]);
        assert_eq!(code, 1, "{format}");
        insta::assert_snapshot!(format!("demo_{format}"), stdout);
    }
    let (code, stdout) = demo_output(&["--statistics"]);
    assert_eq!(code, 1, "statistics keeps the exit code");
    insta::assert_snapshot!("demo_statistics", stdout);
}

#[test]
fn formats_agree_on_the_findings() {
    let (_, json) = demo_output(&["--format", "json"]);
    let json: serde_json::Value = serde_json::from_str(&json).unwrap();
    let n = json["findings"].as_array().unwrap().len();
    let (_, concise) = demo_output(&["--format", "concise"]);
    assert_eq!(concise.lines().count(), n);
    let (_, github) = demo_output(&["--format", "github"]);
    assert_eq!(github.lines().filter(|l| l.starts_with("::")).count(), n);
    let (_, gitlab) = demo_output(&["--format", "gitlab"]);
    let gitlab: serde_json::Value = serde_json::from_str(&gitlab).unwrap();
    assert_eq!(gitlab.as_array().unwrap().len(), n);
    let (_, junit) = demo_output(&["--format", "junit"]);
    assert_eq!(junit.matches("<testcase ").count(), n);
    let (_, sarif) = demo_output(&["--format", "sarif"]);
    let sarif: serde_json::Value = serde_json::from_str(&sarif).unwrap();
    let results = sarif["runs"][0]["results"].as_array().unwrap();
    assert_eq!(results.len(), n);
    // The same fingerprints everywhere a format carries one.
    for (i, f) in json["findings"].as_array().unwrap().iter().enumerate() {
        assert_eq!(
            results[i]["partialFingerprints"]["obslint/v1"],
            f["fingerprint"]
        );
        assert_eq!(gitlab[i]["fingerprint"], f["fingerprint"]);
        assert_eq!(
            results[i]["locations"][0]["physicalLocation"]["region"]["startLine"],
            f["line"]
        );
    }
    let (_, stats) = demo_output(&["--statistics", "--format", "json"]);
    let stats: serde_json::Value = serde_json::from_str(&stats).unwrap();
    let total: u64 = stats
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["count"].as_u64().unwrap())
        .sum();
    assert_eq!(total as usize, n);
}

#[test]
fn sarif_validates_against_the_official_schema() {
    let schema = repo().join("../shared/corpora/sarif/sarif-schema-2.1.0.json");
    let Ok(schema) = std::fs::read_to_string(&schema) else {
        eprintln!("skipped: ../shared/corpora/sarif is not here");
        return;
    };
    let (_, sarif) = demo_output(&["--format", "sarif"]);
    let problems = sarif_check::problems(&sarif, &schema).unwrap();
    assert!(problems.is_empty(), "{problems:#?}");
    // A clean run is valid SARIF too.
    let dir = tempfile::tempdir().unwrap();
    let out = Command::cargo_bin("obslint")
        .unwrap()
        .current_dir(dir.path())
        .args(["check", "--format", "sarif"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let problems = sarif_check::problems(&String::from_utf8(out.stdout).unwrap(), &schema).unwrap();
    assert!(problems.is_empty(), "{problems:#?}");
}

#[test]
fn several_reports_in_one_run() {
    let dir = tempfile::tempdir().unwrap();
    let sarif = dir.path().join("obslint.sarif");
    let junit = dir.path().join("junit.xml");
    let (code, stdout) = demo_output(&[
        "--format",
        "github",
        "--output-sarif",
        sarif.to_str().unwrap(),
        "--report",
        &format!("junit={}", junit.display()),
    ]);
    assert_eq!(code, 1);
    assert!(
        stdout.lines().all(|l| l.starts_with("::")) && stdout.contains("::error file="),
        "{stdout}"
    );
    let sarif: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&sarif).unwrap()).unwrap();
    assert_eq!(sarif["version"], "2.1.0");
    assert!(std::fs::read_to_string(&junit)
        .unwrap()
        .contains("<testsuites name=\"obslint\""));
}

#[test]
fn a_failing_report_writer_exits_two_and_hides_nothing() {
    let out = run_demo(&[
        "--format",
        "concise",
        "--report",
        "sarif=/nonexistent-dir/x.sarif",
    ]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(
        stderr.contains("cannot write the sarif report to /nonexistent-dir/x.sarif"),
        "{stderr}"
    );
    assert!(
        String::from_utf8(out.stdout).unwrap().contains("RUN001"),
        "findings still printed"
    );
    // The main report to an unwritable file: still printed to stdout, exit 2.
    let out = run_demo(&[
        "--format",
        "concise",
        "--output",
        "/nonexistent-dir/out.txt",
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8(out.stdout).unwrap().contains("RUN001"));
    // A malformed --report is a usage error before any work.
    Command::cargo_bin("obslint")
        .unwrap()
        .args(["check", "--report", "sarif"])
        .assert()
        .code(2);
    Command::cargo_bin("obslint")
        .unwrap()
        .args(["check", "--report", "xml=x"])
        .assert()
        .code(2);
}
