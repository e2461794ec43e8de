//! The persistent cache, from the built binary: a warm run reports byte for byte what a cold run
//! reports; the stat fast path is taken only for files that were already old when recorded; a cache
//! that is corrupt, foreign or sealed with another key is ignored; `--no-cache` and `obslint clean`.

mod common;

use assert_cmd::Command;
use common::repo;
use std::path::Path;
use std::time::{Duration, SystemTime};

/// obslint with its cache key in `home` (a folder of the test's), never the user's.
fn obslint(home: &Path) -> Command {
    let mut cmd = Command::cargo_bin("obslint").unwrap();
    cmd.env("XDG_CACHE_HOME", home)
        .env_remove("NO_COLOR")
        .env_remove("FORCE_COLOR")
        .env_remove("CLICOLOR_FORCE");
    cmd
}

fn report(home: &Path, dir: &Path, format: &str, extra: &[&str]) -> Vec<u8> {
    let out = obslint(home)
        .current_dir(dir)
        .args(["check", ".", "--format", format, "--fail-on", "never"])
        .args(extra)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    out.stdout
}

fn copy_tree(from: &Path, to: &Path) {
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
            copy_tree(&entry.path(), &target);
        } else if entry.file_type().unwrap().is_file() {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// Every file below `dir` modified an hour ago: old enough for the stat fast path.
fn age(dir: &Path) {
    let then = SystemTime::now() - Duration::from_secs(3600);
    for entry in std::fs::read_dir(dir).unwrap() {
        let entry = entry.unwrap();
        if entry.file_type().unwrap().is_dir() {
            age(&entry.path());
        } else {
            let file = std::fs::File::options()
                .write(true)
                .open(entry.path())
                .unwrap();
            file.set_modified(then).unwrap();
        }
    }
}

fn cache_files(dir: &Path) -> Vec<std::path::PathBuf> {
    let versions = dir.join(".obslint_cache");
    let mut out = Vec::new();
    for v in std::fs::read_dir(&versions).into_iter().flatten().flatten() {
        if v.path().is_dir() {
            out.extend(
                std::fs::read_dir(v.path())
                    .unwrap()
                    .flatten()
                    .map(|e| e.path()),
            );
        }
    }
    out
}

/// The rule fixtures and the demo project, cold and warm, in every report format: the same bytes.
#[test]
fn warm_runs_report_what_cold_runs_report() {
    let home = tempfile::tempdir().unwrap();
    for suite in [
        "tests/fixtures/rules",
        "tests/fixtures/projects",
        "fixtures/demo",
    ] {
        let tree = tempfile::tempdir().unwrap();
        copy_tree(&repo().join(suite), tree.path());
        age(tree.path());
        for format in ["json", "text", "sarif"] {
            let cold = report(home.path(), tree.path(), format, &["--no-cache"]);
            let first = report(home.path(), tree.path(), format, &[]);
            let warm = report(home.path(), tree.path(), format, &[]);
            assert_eq!(
                String::from_utf8_lossy(&cold),
                String::from_utf8_lossy(&first),
                "{suite} {format}: the run that fills the cache differs"
            );
            assert_eq!(
                String::from_utf8_lossy(&cold),
                String::from_utf8_lossy(&warm),
                "{suite} {format}: the warm run differs"
            );
        }
        assert!(
            !cache_files(tree.path()).is_empty(),
            "{suite}: no cache written"
        );
    }
}

const QUIET: &str = "def handler(user):\n    log.info('handled %s', user.id)\n";
/// The same size as QUIET, and a leak.
const LEAKS: &str = "def handler(user):\n    log.info('handled %s', user.email)\n";

fn setup() -> (tempfile::TempDir, tempfile::TempDir) {
    assert_eq!(QUIET.len(), LEAKS.len() - 3);
    let home = tempfile::tempdir().unwrap();
    let tree = tempfile::tempdir().unwrap();
    std::fs::write(tree.path().join("obslint.toml"), "").unwrap();
    std::fs::write(tree.path().join("app.py"), QUIET).unwrap();
    (home, tree)
}

fn pii_lines(home: &Path, dir: &Path) -> usize {
    let json = report(home, dir, "json", &["--select", "PII"]);
    let value: serde_json::Value = serde_json::from_slice(&json).unwrap();
    value["findings"].as_array().unwrap().len()
}

/// Rewrites app.py with `text` and gives it `modified` as its modification time.
fn rewrite(dir: &Path, text: &str, modified: SystemTime) {
    let path = dir.join("app.py");
    std::fs::write(&path, text).unwrap();
    let file = std::fs::File::options().write(true).open(&path).unwrap();
    file.set_modified(modified).unwrap();
}

/// An edit is seen when the modification time moves, and also when it does not but the file was
/// modified just before the run that recorded it (the same clock tick may hold a later edit).
#[test]
fn edits_are_seen() {
    let (home, tree) = setup();
    let old = SystemTime::now() - Duration::from_secs(3600);
    rewrite(tree.path(), QUIET, old);
    assert_eq!(pii_lines(home.path(), tree.path()), 0);
    // Changed after the record: read and hashed again.
    let now = SystemTime::now();
    rewrite(tree.path(), LEAKS, now);
    assert_eq!(pii_lines(home.path(), tree.path()), 1);
    // Same size, same modification time as recorded, but that time was within the racy window of
    // the run that recorded it: hashed again, and the change is seen.
    let quiet = format!("{QUIET}   ");
    rewrite(tree.path(), &quiet[..LEAKS.len()], now);
    assert_eq!(pii_lines(home.path(), tree.path()), 0);
}

/// The fast path trusts size and modification time (as git's index and ruff's cache do): a file
/// whose content changes while both stay what they were is not read again. This is what makes the
/// cache fast, and this test shows it is taken; a different key makes the cache worthless, and a
/// corrupt file is ignored.
#[test]
fn the_stat_fast_path_is_taken_and_only_under_our_key() {
    let (home, tree) = setup();
    let old = SystemTime::now() - Duration::from_secs(3600);
    // Same size on purpose: pad the quiet text to the leaking one's length.
    let quiet = format!("{QUIET}   ");
    let quiet = &quiet[..LEAKS.len()];
    rewrite(tree.path(), quiet, old);
    assert_eq!(pii_lines(home.path(), tree.path()), 0);
    rewrite(tree.path(), LEAKS, old);
    assert_eq!(
        pii_lines(home.path(), tree.path()),
        0,
        "an unchanged size and time are trusted without reading"
    );
    assert_eq!(
        report(
            home.path(),
            tree.path(),
            "json",
            &["--select", "PII", "--no-cache"]
        )
        .windows(6)
        .filter(|w| w == b"PII001")
        .count(),
        1,
        "--no-cache reads the file"
    );
    // Another user's (or an attacker's) key: the sealed file is not believed.
    let stranger = tempfile::tempdir().unwrap();
    assert_eq!(pii_lines(stranger.path(), tree.path()), 1);
    // A corrupt cache file: ignored, the run reads the file.
    for file in cache_files(tree.path()) {
        std::fs::write(&file, b"obslint-cache-1\nnot a sealed cache").unwrap();
    }
    assert_eq!(pii_lines(home.path(), tree.path()), 1);
}

#[test]
fn no_cache_writes_nothing_and_clean_removes_it() {
    let (home, tree) = setup();
    report(home.path(), tree.path(), "json", &["--no-cache"]);
    assert!(!tree.path().join(".obslint_cache").exists());
    report(home.path(), tree.path(), "json", &[]);
    let dir = tree.path().join(".obslint_cache");
    assert_eq!(
        std::fs::read_to_string(dir.join(".gitignore"))
            .unwrap()
            .lines()
            .last(),
        Some("*")
    );
    assert!(dir.join("CACHEDIR.TAG").is_file());
    let out = obslint(home.path())
        .current_dir(tree.path())
        .arg("clean")
        .output()
        .unwrap();
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("removed"));
    assert!(!dir.exists());
    let again = obslint(home.path())
        .current_dir(tree.path())
        .arg("clean")
        .output()
        .unwrap();
    assert!(again.status.success());
    assert!(String::from_utf8_lossy(&again.stderr).contains("no cache"));
}

/// A `.obslint_cache` that is a symbolic link (a pull request can commit one) is neither written
/// through nor followed by `clean`.
#[cfg(unix)]
#[test]
fn a_linked_cache_folder_is_not_used() {
    let (home, tree) = setup();
    let outside = tempfile::tempdir().unwrap();
    std::os::unix::fs::symlink(outside.path(), tree.path().join(".obslint_cache")).unwrap();
    report(home.path(), tree.path(), "json", &[]);
    assert_eq!(std::fs::read_dir(outside.path()).unwrap().count(), 0);
    obslint(home.path())
        .current_dir(tree.path())
        .arg("clean")
        .assert()
        .success();
    assert!(
        outside.path().is_dir(),
        "clean removed the link, not its target"
    );
    assert!(!tree.path().join(".obslint_cache").exists());
}
