//! Helpers shared by the integration tests: run obslint in-process on a folder and read the
//! expectations its fixtures state in `# expect: CODE` comments.

#![allow(dead_code)]

use obslint::check;
use obslint::cli::CheckArgs;
use obslint::finding::Outcome;
use obslint::report::Format;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

pub fn args(paths: Vec<PathBuf>) -> CheckArgs {
    CheckArgs {
        format: Format::Json,
        ..CheckArgs::new(paths)
    }
}

/// Checks `dir` as if obslint were run from inside it (its config found there, paths relative to it).
pub fn check_dir(dir: &Path) -> Outcome {
    let loaded = obslint::config::load(None, dir).expect("fixture config loads");
    let settings =
        obslint::settings::resolve(&args(vec![dir.to_path_buf()]), &loaded, dir.to_path_buf())
            .expect("fixture settings resolve");
    check::run(&settings)
}

/// (path, line, code) of every finding.
pub fn found(outcome: &Outcome) -> BTreeSet<(String, usize, String)> {
    outcome
        .findings
        .iter()
        .map(|f| {
            let file = &outcome.index.files[f.diagnostic.file];
            (
                file.display_path.clone(),
                file.line_col(f.diagnostic.span.start).line,
                f.rule.code.to_string(),
            )
        })
        .collect()
}

/// (path, line, code) for every `# expect: A, B` comment in the YAML and Python files below `dir`.
pub fn expected(dir: &Path) -> BTreeSet<(String, usize, String)> {
    let mut out = BTreeSet::new();
    for entry in walk(dir) {
        let is_checked = entry
            .extension()
            .is_some_and(|e| e == "yml" || e == "yaml" || e == "py");
        if !is_checked {
            continue;
        }
        let Ok(text) = std::fs::read_to_string(&entry) else {
            continue;
        };
        let rel = entry
            .strip_prefix(dir)
            .unwrap()
            .to_string_lossy()
            .replace('\\', "/");
        for (i, line) in text.lines().enumerate() {
            let Some(at) = line.find("# expect:") else {
                continue;
            };
            for code in line[at + "# expect:".len()..].split(',') {
                let code = code.trim();
                if !code.is_empty() && code != "nothing" {
                    out.insert((rel.clone(), i + 1, code.to_string()));
                }
            }
        }
    }
    out
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&d) else {
            continue;
        };
        for e in entries.flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else {
                out.push(p);
            }
        }
    }
    out.sort();
    out
}

/// Runs git in `dir` with a fixed identity and no signing; panics on failure. Returns stdout.
pub fn git(dir: &Path, args: &[&str]) -> String {
    let out = std::process::Command::new("git")
        .current_dir(dir)
        .args([
            "-c",
            "user.name=t",
            "-c",
            "user.email=t@example.com",
            "-c",
            "init.defaultBranch=main",
            "-c",
            "commit.gpgsign=false",
        ])
        .args(args)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// The findings of a JSON report as `path:code`, in report order.
pub fn path_codes(report: &serde_json::Value) -> Vec<String> {
    listed(report, |f| {
        format!(
            "{}:{}",
            f["path"].as_str().unwrap(),
            f["code"].as_str().unwrap()
        )
    })
}

/// The findings of a JSON report as `path:line:code`, in report order.
pub fn path_line_codes(report: &serde_json::Value) -> Vec<String> {
    listed(report, |f| {
        format!(
            "{}:{}:{}",
            f["path"].as_str().unwrap(),
            f["line"],
            f["code"].as_str().unwrap()
        )
    })
}

fn listed(report: &serde_json::Value, show: impl Fn(&serde_json::Value) -> String) -> Vec<String> {
    report["findings"]
        .as_array()
        .expect("a JSON report has findings")
        .iter()
        .map(show)
        .collect()
}
