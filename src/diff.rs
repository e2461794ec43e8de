//! Diff-aware runs (`--diff-base REF`): only findings on lines added or changed since the merge base of
//! REF and HEAD (working-tree changes included), in new files, or anywhere in an alert rule the change
//! touched. Git is read through the `git` command; nothing is fetched.

use crate::config::ConfigError;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::Command;

/// What changed in one file, in new-side line numbers (1-based).
#[derive(Debug, Default, Clone)]
pub struct ChangedFile {
    pub new_file: bool,
    /// Inclusive ranges of added or changed lines.
    pub lines: Vec<(usize, usize)>,
    /// Lines next to which something was deleted.
    pub deletions: Vec<usize>,
}

impl ChangedFile {
    /// Whether any line in `first..=last` was added or changed (or had a deletion next to it when
    /// `with_deletions`, which is how a rule item counts as changed when a line of it was removed).
    pub fn touches(&self, first: usize, last: usize, with_deletions: bool) -> bool {
        self.new_file
            || self.lines.iter().any(|&(a, b)| a <= last && first <= b)
            || (with_deletions
                && self
                    .deletions
                    .iter()
                    .any(|&d| d >= first.saturating_sub(1) && d <= last))
    }
}

#[derive(Debug, Clone)]
pub struct DiffFilter {
    /// The repository's top folder, canonical: diff paths are relative to it.
    pub top: PathBuf,
    pub base: String,
    /// The merge base of `base` and HEAD: what the change is compared with.
    pub merge_base: String,
    pub files: HashMap<String, ChangedFile>,
}

impl DiffFilter {
    /// The changes of a file on disk; None when it did not change at all.
    pub fn changes_of(&self, disk_path: &Path) -> Option<&ChangedFile> {
        let absolute = disk_path.canonicalize().ok()?;
        let relative = absolute.strip_prefix(&self.top).ok()?;
        self.files
            .get(&relative.to_string_lossy().replace('\\', "/"))
    }
}

impl DiffFilter {
    /// A file's text at the merge base; None when it did not exist there (or git cannot say).
    pub fn text_at_base(&self, disk_path: &Path) -> Option<String> {
        let absolute = disk_path.canonicalize().ok()?;
        let relative = absolute.strip_prefix(&self.top).ok()?;
        let spec = format!(
            "{}:{}",
            self.merge_base,
            relative.to_string_lossy().replace('\\', "/")
        );
        git(&self.top, &["show", &spec]).ok()
    }
}

pub(crate) fn git(cwd: &Path, args: &[&str]) -> Result<String, String> {
    let out = Command::new("git")
        .current_dir(cwd)
        .args(args)
        .env("GIT_TERMINAL_PROMPT", "0")
        .output()
        .map_err(|e| format!("cannot run git: {e}"))?;
    if out.status.success() {
        Ok(String::from_utf8_lossy(&out.stdout).into_owned())
    } else {
        Err(String::from_utf8_lossy(&out.stderr).trim().to_string())
    }
}

/// What to fetch so that `base` (and its history) is here; a shallow clone needs more than the ref.
fn fetch_help(cwd: &Path, base: &str) -> String {
    let shallow =
        git(cwd, &["rev-parse", "--is-shallow-repository"]).is_ok_and(|s| s.trim() == "true");
    if shallow {
        format!(
            "this is a shallow clone: fetch the base and enough history to find the merge base, e.g. `git fetch --no-tags --deepen=200 origin {base}` (in GitHub Actions: `fetch-depth: 0` on actions/checkout)"
        )
    } else {
        format!("fetch it first, e.g. `git fetch --no-tags origin {base}`")
    }
}

/// A usage error (exit 2) naming `flag` when `base` is not a commit in this clone.
pub(crate) fn verify_commit(cwd: &Path, flag: &str, base: &str) -> Result<(), ConfigError> {
    let found = git(
        cwd,
        &[
            "rev-parse",
            "--verify",
            "--quiet",
            &format!("{base}^{{commit}}"),
        ],
    );
    match found {
        Ok(_) => Ok(()),
        Err(_) => Err(ConfigError::plain(format!(
            "{flag}: `{base}` is not a commit in this clone"
        ))
        .with_help(fetch_help(cwd, base))),
    }
}

/// Reads the changes since the merge base of `base` and HEAD, as seen from `cwd`.
pub fn changes_since(base: &str, cwd: &Path) -> Result<DiffFilter, ConfigError> {
    let top = git(cwd, &["rev-parse", "--show-toplevel"])
        .map_err(|e| ConfigError::plain(format!("--diff-base needs a git repository: {e}")))?;
    let top = PathBuf::from(top.trim());
    let top = top.canonicalize().unwrap_or(top);
    verify_commit(cwd, "--diff-base", base)?;
    let merge_base = git(cwd, &["merge-base", base, "HEAD"]).map_err(|e| {
        ConfigError::plain(format!(
            "--diff-base: no merge base of `{base}` and HEAD ({e})"
        ))
        .with_help(fetch_help(cwd, base))
    })?;
    let merge_base = merge_base.trim().to_string();
    let diff = git(
        cwd,
        &[
            "diff",
            "--no-color",
            "--no-ext-diff",
            "--no-renames",
            "-U0",
            &merge_base,
            "--",
        ],
    )
    .map_err(|e| ConfigError::plain(format!("--diff-base: git diff failed: {e}")))?;
    let mut files = parse_diff(&diff);
    // Untracked files are new files too (a change not yet added).
    if let Ok(untracked) = git(
        cwd,
        &[
            "ls-files",
            "--others",
            "--exclude-standard",
            "--full-name",
            ":/",
        ],
    ) {
        for path in untracked.lines().filter(|l| !l.is_empty()) {
            files.entry(path.to_string()).or_default().new_file = true;
        }
    }
    Ok(DiffFilter {
        top,
        base: base.to_string(),
        merge_base,
        files,
    })
}

/// Parses `git diff -U0` output into changed lines per file (new-side paths).
pub fn parse_diff(diff: &str) -> HashMap<String, ChangedFile> {
    let mut files: HashMap<String, ChangedFile> = HashMap::new();
    let mut current: Option<String> = None;
    let mut new_file = false;
    // A pure deletion waits for its first removed line: removing whole rule items (the block starts
    // with `- `) leaves the items around it unchanged, removing a line of an item changes that item.
    let mut pending_deletion: Option<usize> = None;
    for line in diff.lines() {
        if let Some(at) = pending_deletion {
            match line.strip_prefix('-') {
                Some(removed) if removed.trim_start().starts_with('#') => continue,
                Some(removed) => {
                    pending_deletion = None;
                    if !removed.trim_start().starts_with("- ") {
                        if let Some(p) = &current {
                            files.entry(p.clone()).or_default().deletions.push(at);
                        }
                    }
                    continue;
                }
                None => pending_deletion = None,
            }
        }
        if line.starts_with("diff --git ") {
            current = None;
            new_file = false;
        } else if line.starts_with("new file mode") {
            new_file = true;
        } else if let Some(path) = line.strip_prefix("+++ ") {
            current = match path {
                "/dev/null" => None,
                p => Some(unquote(p.strip_prefix("b/").unwrap_or(p))),
            };
            if let Some(p) = &current {
                files.entry(p.clone()).or_default().new_file |= new_file;
            }
        } else if let (Some(hunk), Some(path)) = (line.strip_prefix("@@ "), &current) {
            // @@ -a,b +c,d @@: d lines from c are new; d == 0 means lines were deleted after line c.
            let Some(new_side) = hunk.split(' ').find(|p| p.starts_with('+')) else {
                continue;
            };
            let mut parts = new_side[1..].split(',');
            let start: usize = parts.next().and_then(|s| s.parse().ok()).unwrap_or(0);
            let count: usize = parts.next().and_then(|s| s.parse().ok()).unwrap_or(1);
            if count == 0 {
                pending_deletion = Some(start);
            } else {
                let entry = files.entry(path.clone()).or_default();
                entry.lines.push((start, start + count - 1));
            }
        }
    }
    files
}

/// git quotes unusual paths: `"a\tb.yml"`. Unquote the common escapes.
fn unquote(path: &str) -> String {
    let Some(inner) = path.strip_prefix('"').and_then(|p| p.strip_suffix('"')) else {
        return path.to_string();
    };
    let inner = inner.strip_prefix("b/").unwrap_or(inner);
    inner
        .replace("\\\"", "\"")
        .replace("\\t", "\t")
        .replace("\\\\", "\\")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_hunks_new_files_and_deletions() {
        let diff = "diff --git a/rules/a.yml b/rules/a.yml\nindex 1..2 100644\n--- a/rules/a.yml\n+++ b/rules/a.yml\n@@ -3,0 +4,2 @@ groups:\n+x\n+y\n@@ -10 +12 @@\n-a\n+b\n@@ -20,2 +21,0 @@\n-c\n-d\n@@ -30,3 +28,0 @@\n-# the next rule\n-  - alert: Gone\n-    expr: up\ndiff --git a/new.yml b/new.yml\nnew file mode 100644\n--- /dev/null\n+++ b/new.yml\n@@ -0,0 +1,3 @@\n+a\n";
        let files = parse_diff(diff);
        let a = &files["rules/a.yml"];
        assert_eq!(a.lines, vec![(4, 5), (12, 12)]);
        assert_eq!(a.deletions, vec![21]);
        assert!(!a.new_file && files["new.yml"].new_file);
        assert!(a.touches(5, 9, false) && !a.touches(6, 11, false));
        assert!(a.touches(22, 30, true) && !a.touches(22, 30, false));
    }
}
