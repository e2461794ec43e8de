//! `--fix`, `--unsafe-fixes` and `--diff` on fixtures that state their findings and carry the expected
//! result of each fixed file beside it (`NAME.fixed`).

mod common;

use assert_cmd::Command;
use common::repo;
use std::path::{Path, PathBuf};

fn fixture(name: &str) -> PathBuf {
    repo().join("tests/fixtures/fixes").join(name)
}

/// A scratch copy of a fixture folder without its `.fixed` files.
fn scratch(name: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy(&fixture(name), dir.path());
    dir
}

fn copy(from: &Path, to: &Path) {
    for entry in std::fs::read_dir(from).unwrap().flatten() {
        let target = to.join(entry.file_name());
        if entry.path().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
            copy(&entry.path(), &target);
        } else if entry.path().extension().is_none_or(|e| e != "fixed") {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

fn obslint(dir: &Path, args: &[&str]) -> std::process::Output {
    Command::cargo_bin("obslint")
        .unwrap()
        .current_dir(dir)
        .arg("check")
        .args(args)
        .output()
        .unwrap()
}

/// Every file with a `.fixed` twin in the fixture equals it in `dir`; the others are unchanged.
fn assert_fixed(name: &str, dir: &Path, expect_fixed: bool) {
    for entry in std::fs::read_dir(fixture(name)).unwrap().flatten() {
        let path = entry.path();
        if path.extension().is_some_and(|e| e == "fixed") {
            let file = path.file_stem().unwrap();
            let wanted = if expect_fixed {
                std::fs::read_to_string(&path).unwrap()
            } else {
                std::fs::read_to_string(fixture(name).join(file)).unwrap()
            };
            let got = std::fs::read_to_string(dir.join(file)).unwrap();
            assert_eq!(got, wanted, "{}", file.to_string_lossy());
        }
    }
}

fn codes(out: &std::process::Output) -> Vec<String> {
    common::path_codes(&serde_json::from_slice(&out.stdout).unwrap())
}

#[test]
fn fixtures_state_their_findings() {
    for name in ["safe", "unsafe"] {
        let dir = fixture(name);
        let found = common::found(&common::check_dir(&dir));
        assert_eq!(found, common::expected(&dir), "{name}");
    }
}

#[test]
fn safe_fixes_apply_and_the_fixed_files_check_clean_of_them() {
    let dir = scratch("safe");
    let out = obslint(dir.path(), &["--fix", "--format", "json"]);
    assert_fixed("safe", dir.path(), true);
    assert!(String::from_utf8_lossy(&out.stderr).contains("fixed 3 findings"));
    // What remains is what had no fix: the two anchors near two headings or none.
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(codes(&out), ["rules.yml:RUN002", "rules.yml:RUN002"]);
    // A second run finds nothing more to fix.
    let again = obslint(dir.path(), &["--fix", "--format", "json"]);
    assert!(String::from_utf8_lossy(&again.stderr).contains("fixed 0 findings"));
}

#[test]
fn unsafe_fixes_need_their_flag() {
    let dir = scratch("unsafe");
    let out = obslint(dir.path(), &["--fix", "--format", "json"]);
    assert_fixed("unsafe", dir.path(), false);
    let all = [
        "app.py:MET003",
        "app.py:MET003",
        "app.py:MET003",
        "rules.yml:PQL002",
    ];
    assert_eq!(codes(&out), all);
    let out = obslint(dir.path(), &["--fix", "--unsafe-fixes", "--format", "json"]);
    assert_fixed("unsafe", dir.path(), true);
    assert!(String::from_utf8_lossy(&out.stderr).contains("fixed 2 findings"));
    // Left: the name held in a constant and the size, which have no fix.
    assert_eq!(codes(&out), ["app.py:MET003", "app.py:MET003"]);
}

#[test]
fn diff_prints_the_fixes_and_writes_nothing() {
    let dir = scratch("safe");
    let out = obslint(dir.path(), &["--diff"]);
    assert_eq!(out.status.code(), Some(1), "there are fixes");
    assert_fixed("safe", dir.path(), false);
    insta::assert_snapshot!("diff_of_safe_fixes", String::from_utf8(out.stdout).unwrap());
    let clean = scratch("unsafe");
    let out = obslint(clean.path(), &["--diff"]);
    assert_eq!(out.status.code(), Some(0), "no safe fix to show");
    assert!(out.stdout.is_empty());
}
