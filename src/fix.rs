//! `--fix`, `--unsafe-fixes` and `--diff`: the edits the rules declared, applied to the files' text.
//!
//! Fixes are applied per file in file order; a fix whose edits overlap an edit already taken waits for
//! the next pass (as ruff does), and the caller re-checks after writing, so every reported finding is
//! judged on the fixed text. A file that changed on disk since it was read is left alone.

use crate::diagnostic::{Applicability, Edit};
use crate::finding::Outcome;
use std::collections::BTreeMap;
use std::path::PathBuf;

/// The new text of one file, and how many fixes made it.
pub struct FixedFile {
    pub disk_path: PathBuf,
    pub display_path: String,
    pub old: String,
    pub new: String,
    pub fixes: usize,
}

/// The files the fixes of this run change. `unsafe_ok` also takes unsafe fixes.
pub fn plan(outcome: &Outcome, unsafe_ok: bool) -> Vec<FixedFile> {
    // Every fix's edits, grouped per file; a fix spanning files is taken only if all its edits are.
    let mut taken: BTreeMap<usize, Vec<&Edit>> = BTreeMap::new();
    let mut counts: BTreeMap<usize, usize> = BTreeMap::new();
    for finding in &outcome.findings {
        let Some(fix) = &finding.diagnostic.fix else {
            continue;
        };
        if fix.applicability == Applicability::Unsafe && !unsafe_ok {
            continue;
        }
        let fits = fix.edits.iter().all(|e| {
            outcome.index.files.get(e.file).is_some_and(|f| {
                e.span.start <= e.span.end
                    && f.text.get(e.span.clone()).is_some()
                    && !taken
                        .get(&e.file)
                        .is_some_and(|t| t.iter().any(|o| overlaps(o, e)))
            })
        });
        if !fits || fix.edits.is_empty() {
            continue;
        }
        for e in &fix.edits {
            taken.entry(e.file).or_default().push(e);
        }
        *counts.entry(finding.diagnostic.file).or_default() += 1;
    }
    let mut out = Vec::new();
    for (file, mut edits) in taken {
        let source = &outcome.index.files[file];
        // Only a file that still holds what was checked: never overwrite an edit made meanwhile.
        match std::fs::read(&source.disk_path) {
            Ok(bytes) if bytes == source.text.as_bytes() => {}
            _ => continue,
        }
        edits.sort_by_key(|e| e.span.start);
        let mut new = String::with_capacity(source.text.len());
        let mut at = 0;
        for e in edits {
            new.push_str(&source.text[at..e.span.start]);
            new.push_str(&e.replacement);
            at = e.span.end;
        }
        new.push_str(&source.text[at..]);
        out.push(FixedFile {
            disk_path: source.disk_path.clone(),
            display_path: source.display_path.clone(),
            old: source.text.clone(),
            new,
            fixes: counts.get(&file).copied().unwrap_or(0),
        });
    }
    out
}

/// Two edits touch the same text (two insertions at one point count too: their order is unknown).
fn overlaps(a: &Edit, b: &Edit) -> bool {
    a.span.start < b.span.end && b.span.start < a.span.end || a.span.start == b.span.start
}

/// A unified diff of every fixed file, as `--diff` prints it (`git apply` takes it).
pub fn unified_diff(files: &[FixedFile]) -> String {
    let mut out = String::new();
    for f in files {
        let diff = similar::TextDiff::from_lines(&f.old, &f.new);
        out.push_str(
            &diff
                .unified_diff()
                .context_radius(3)
                .header(
                    &format!("a/{}", f.display_path),
                    &format!("b/{}", f.display_path),
                )
                .to_string(),
        );
    }
    out
}

/// Writes the fixed files; returns the error of the first that could not be written.
pub fn write(files: &[FixedFile]) -> Result<(), String> {
    for f in files {
        std::fs::write(&f.disk_path, &f.new)
            .map_err(|e| format!("cannot write {}: {e}", f.disk_path.display()))?;
    }
    Ok(())
}
