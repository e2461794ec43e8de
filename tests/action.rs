//! The GitHub Action's run script, with a simulated GITHUB_* environment.

mod common;

use std::path::Path;
use std::process::Command;

fn action(step: &str, cwd: &Path, args: &str, sarif: &str, out: &Path) -> std::process::Output {
    let bin_dir = Path::new(env!("CARGO_BIN_EXE_obslint"))
        .parent()
        .unwrap()
        .to_path_buf();
    let path = format!(
        "{}:{}",
        bin_dir.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    Command::new("bash")
        .arg(common::repo().join("scripts/github-action.sh"))
        .arg(step)
        .current_dir(cwd)
        .env("PATH", path)
        .env("GITHUB_ACTION_PATH", common::repo())
        // As on a runner: the repository is checked out at the workspace.
        .env("GITHUB_WORKSPACE", common::repo())
        .env("GITHUB_OUTPUT", out.join("github_output"))
        .env("GITHUB_PATH", out.join("github_path"))
        .env("RUNNER_TEMP", out)
        .env("OBSLINT_ARGS", args)
        .env("OBSLINT_SARIF_FILE", sarif)
        .output()
        .unwrap()
}

#[test]
fn check_step_annotates_writes_sarif_and_sets_the_exit_code() {
    let tmp = tempfile::tempdir().unwrap();
    let sarif = tmp.path().join("obslint.sarif");
    let out = action(
        "check",
        &common::repo(),
        "fixtures/demo --fail-on error",
        sarif.to_str().unwrap(),
        tmp.path(),
    );
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(stdout.lines().all(|l| l.starts_with("::")), "{stdout}");
    assert!(
        stdout.contains("::error file=fixtures/demo/rules/api.yml,line=95"),
        "{stdout}"
    );
    let report: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&sarif).unwrap()).unwrap();
    assert_eq!(report["version"], "2.1.0");
    assert_eq!(
        std::fs::read_to_string(tmp.path().join("github_output")).unwrap(),
        "exit-code=1\n"
    );
}

#[test]
fn inputs_cannot_inject_shell() {
    let tmp = tempfile::tempdir().unwrap();
    let marker = tmp.path().join("pwned");
    let hostile = format!(
        "$(touch {m}) ; touch {m} `touch {m}` && touch {m}",
        m = marker.display()
    );
    let out = action("check", tmp.path(), &hostile, "", tmp.path());
    // The words reach obslint as paths that do not exist: a usage error, and nothing ran.
    assert_eq!(out.status.code(), Some(2));
    assert!(!marker.exists(), "the args input was executed");
    assert_eq!(
        std::fs::read_to_string(tmp.path().join("github_output")).unwrap(),
        "exit-code=2\n"
    );
}

#[test]
fn install_step_keeps_an_installed_matching_version() {
    let tmp = tempfile::tempdir().unwrap();
    let out = action("install", tmp.path(), "", "", tmp.path());
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8(out.stdout)
        .unwrap()
        .contains("already installed"));
}

/// `working-directory: fixtures/demo`: GitHub resolves annotation and SARIF paths from the repository
/// root (GITHUB_WORKSPACE), so they keep the folder, whatever the working directory.
#[test]
fn paths_are_relative_to_the_workspace_under_a_working_directory() {
    let tmp = tempfile::tempdir().unwrap();
    let sarif = tmp.path().join("obslint.sarif");
    let demo = common::repo().join("fixtures/demo");
    let out = action(
        "check",
        &demo,
        ". --fail-on error",
        sarif.to_str().unwrap(),
        tmp.path(),
    );
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(
        stdout.contains("::error file=fixtures/demo/rules/api.yml,line=95"),
        "{stdout}"
    );
    let report: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&sarif).unwrap()).unwrap();
    let uris: Vec<&str> = report["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
                .as_str()
                .unwrap()
        })
        .collect();
    assert!(
        !uris.is_empty() && uris.iter().all(|u| u.starts_with("fixtures/demo/")),
        "{uris:?}"
    );
}

/// A build restored from the Action's cache is used, not compiled again.
#[test]
fn install_step_uses_a_cached_build() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("cache");
    std::fs::create_dir_all(root.join("bin")).unwrap();
    std::fs::copy(env!("CARGO_BIN_EXE_obslint"), root.join("bin/obslint")).unwrap();
    let out = Command::new("bash")
        .arg(common::repo().join("scripts/github-action.sh"))
        .arg("install")
        .current_dir(tmp.path())
        // No obslint on PATH, so only the cache can spare the build.
        .env("PATH", "/usr/bin:/bin")
        .env("GITHUB_ACTION_PATH", common::repo())
        .env("GITHUB_PATH", tmp.path().join("github_path"))
        .env("OBSLINT_INSTALL_ROOT", &root)
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("restored from the cache"));
    assert_eq!(
        std::fs::read_to_string(tmp.path().join("github_path")).unwrap(),
        format!("{}/bin\n", root.display())
    );
}
