//! The trace stage of `obslint check`: reads the registry folder and the base registry (their files
//! become files of the run, so findings can show them), builds both registries and compares them. Runs
//! once, after the per-file stage; registry folders hold tens of files, not thousands. The command
//! stores what it returns in the index.

use super::parse::{parse_text, ParsedFile};
use super::plan::{BaseFile, TraceSettings};
use super::{compat, Registry, TraceFacts};
use crate::diagnostic::Diagnostic;
use crate::source::SourceFile;
use crate::suppress::Suppression;
use std::path::{Path, PathBuf};

/// Deeper than any registry layout; stops a walk through a folder loop early.
const MAX_DEPTH: usize = 32;

/// The `.yaml`/`.yml` files below `dir`, sorted; symbolic links are not followed out of it.
pub fn yaml_files(dir: &Path) -> Vec<PathBuf> {
    let top = dir.canonicalize().unwrap_or_else(|_| dir.to_path_buf());
    let mut out = Vec::new();
    let mut stack = vec![(dir.to_path_buf(), 0)];
    while let Some((d, depth)) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&d) else {
            continue;
        };
        for e in entries.flatten() {
            let path = e.path();
            let Ok(kind) = e.file_type() else { continue };
            if kind.is_symlink() && !path.canonicalize().is_ok_and(|t| t.starts_with(&top)) {
                continue;
            }
            if path.is_dir() {
                if depth < MAX_DEPTH && !kind.is_symlink() {
                    stack.push((path, depth + 1));
                }
            } else if path
                .extension()
                .is_some_and(|x| x.eq_ignore_ascii_case("yaml") || x.eq_ignore_ascii_case("yml"))
            {
                out.push(path);
            }
        }
    }
    out.sort();
    out
}

/// What the trace stage needs from the plan.
pub struct LoadOptions<'a> {
    pub trace: &'a TraceSettings,
    /// The paths given: registry findings are kept for files below them only.
    pub paths: &'a [PathBuf],
    /// Where config globs are anchored.
    pub root: &'a Path,
    /// Display paths are relative to this.
    pub cwd: &'a Path,
    pub max_file_size: u64,
}

/// The files the trace stage read, numbered on from the files the index already holds, each with its
/// suppression comments, and the facts built from them.
pub struct Loaded {
    pub files: Vec<(SourceFile, Vec<Suppression>)>,
    pub facts: TraceFacts,
}

/// The files of the run so far: the index's `first` files, then the ones read here.
struct Files {
    first: usize,
    read: Vec<(SourceFile, Vec<Suppression>)>,
}

impl Files {
    fn get(&self, file: usize) -> Option<&SourceFile> {
        let i = file.checked_sub(self.first)?;
        self.read.get(i).map(|(source, _)| source)
    }
}

/// Reads the registry and its base, with their files numbered from `first_file` on; the registry's own
/// problems go to `diagnostics`.
pub fn run(settings: &LoadOptions, first_file: usize, diagnostics: &mut Vec<Diagnostic>) -> Loaded {
    let mut index = Files {
        first: first_file,
        read: Vec::new(),
    };
    let index = &mut index;
    let registry = settings.trace.registry.as_ref().map(|dir| {
        let checked: Vec<PathBuf> = settings
            .paths
            .iter()
            .filter_map(|p| p.canonicalize().ok())
            .collect();
        let mut problems = Vec::new();
        let files = read_current(index, dir, settings, &mut problems);
        let registry = Registry::build(files, &mut problems);
        // Findings only for registry files the user asked to check; the model serves the rest anyway.
        diagnostics.extend(problems.into_iter().filter(|d| {
            index.get(d.file).is_some_and(|f| {
                f.disk_path
                    .canonicalize()
                    .is_ok_and(|p| checked.iter().any(|c| p.starts_with(c)))
            })
        }));
        registry
    });
    // The base is reference only: its own problems are not the change's to fix.
    let base = settings.trace.base.as_ref().map(|base| {
        let files = base
            .files
            .iter()
            .map(|f| read_base(index, f))
            .collect::<Vec<_>>();
        Registry::build(files, &mut Vec::new())
    });
    let changes = match (&base, &registry) {
        (Some(old), Some(new)) => compat::compare(old, new),
        _ => Vec::new(),
    };
    Loaded {
        files: std::mem::take(&mut index.read),
        facts: TraceFacts {
            registry,
            base,
            changes,
        },
    }
}

fn add_file(index: &mut Files, source: SourceFile, suppressions: bool) -> usize {
    let today = crate::suppress::today();
    let found = if suppressions {
        crate::suppress::parse(&source, &[], &today)
    } else {
        Vec::new()
    };
    index.read.push((source, found));
    index.first + index.read.len() - 1
}

const SKIPPED_CODE: &str = crate::codes::FILE_SKIPPED;
const YAML_CODE: &str = crate::codes::YAML_SYNTAX_ERROR;

fn read_current(
    index: &mut Files,
    dir: &Path,
    settings: &LoadOptions,
    out: &mut Vec<Diagnostic>,
) -> Vec<ParsedFile> {
    let mut parsed = Vec::new();
    for path in yaml_files(dir) {
        let display = crate::source::relative_to(&path, settings.cwd);
        let root_relative = crate::source::relative_to(&path, settings.root);
        let read = crate::source::read_regular(&path, Some(settings.max_file_size));
        let (bytes, unread) = match read {
            Ok(bytes) => (Some(bytes), None),
            Err(e) => (None, Some(e)),
        };
        let (text, bad_encoding) = match bytes.map(String::from_utf8) {
            None => (None, None),
            Some(Ok(text)) => (Some(text), None),
            Some(Err(e)) => {
                let at = e.utf8_error().valid_up_to();
                let lossy = String::from_utf8_lossy(e.as_bytes()).into_owned();
                (Some(lossy), Some(at))
            }
        };
        let source = SourceFile::new(
            display,
            path.clone(),
            root_relative,
            text.clone().unwrap_or_default(),
        );
        let file = add_file(index, source, true);
        match (text, bad_encoding) {
            // The lossy text is identical up to the first invalid byte, so the offset holds.
            (Some(text), Some(at)) => {
                let end = text[at..].chars().next().map_or(at, |c| at + c.len_utf8());
                out.push(
                    Diagnostic::new(
                        YAML_CODE,
                        file,
                        at..end,
                        "invalid UTF-8: this is not a YAML text file",
                    )
                    .with_help("registry files must be UTF-8 text; nothing in this one was read"),
                );
            }
            (Some(text), None) => parsed.push(parse_text(file, &text, out)),
            (None, _) => {
                let (message, help) = match unread {
                    Some(crate::source::ReadError::TooLarge(size)) => (
                        format!(
                            "skipped: {size} bytes is over the {} KiB limit",
                            settings.max_file_size / 1024
                        ),
                        "raise `max-file-size-kb` in the config, or split the registry file",
                    ),
                    Some(crate::source::ReadError::NotRegular(kind)) => (
                        format!("skipped: {kind}, not a regular file"),
                        "obslint reads only regular files (a pipe or device can block forever); remove it from the registry folder",
                    ),
                    Some(crate::source::ReadError::Io(e)) => (
                        format!("skipped: cannot read the file: {e}"),
                        "fix the file's permissions",
                    ),
                    None => (String::from("skipped"), ""),
                };
                out.push(Diagnostic::new(SKIPPED_CODE, file, 0..0, message).with_help(help))
            }
        }
    }
    parsed
}

fn read_base(index: &mut Files, file: &BaseFile) -> ParsedFile {
    let source = SourceFile::new(
        file.display_path.clone(),
        PathBuf::from(&file.display_path),
        file.root_relative.clone(),
        file.text.clone(),
    );
    let at = add_file(index, source, false);
    parse_text(at, &file.text, &mut Vec::new())
}
