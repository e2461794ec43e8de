//! Finding the files to check: ripgrep's walker (`.gitignore`-aware), config `exclude` globs, and no
//! symlink that leads out of the scanned tree. Only files some check reads are returned.

use crate::source::{relative_to, slash, StdinFile};
use crate::trace::plan::TraceSettings;
use globset::GlobSet;
use ignore::WalkBuilder;
use std::path::{Path, PathBuf};

#[derive(Debug, Clone)]
pub struct Candidate {
    pub disk_path: PathBuf,
    /// Relative to the working directory, `/`-separated: what the user sees.
    pub display_path: String,
    /// Relative to the project root, `/`-separated: what config globs match.
    pub root_relative: String,
    /// Named by config `rule-files`: a rule file whatever it looks like.
    pub forced_rule_file: bool,
    /// A Python file (only found when a Python check is enabled).
    pub python: bool,
    /// A Dockerfile, Procfile or compose file, read for `opentelemetry-instrument` (INS checks only).
    pub launcher: bool,
    pub size: u64,
    /// When the file was last modified (None from standard input, or where the platform cannot say):
    /// with `size`, what lets the cache trust its facts without reading the file again.
    pub modified: Option<std::time::SystemTime>,
    /// Set for a FIFO, socket or device with a name we would read: never opened, reported as skipped.
    pub special: Option<&'static str>,
}

/// Problems met while walking that the user should hear about (unreadable directories, missing paths).
#[derive(Debug, Clone)]
pub struct WalkError {
    pub message: String,
}

/// Python sources; stubs (`.pyi`) declare types and run nothing, so no value flows in them.
fn is_python(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e == "py")
}

/// Files that say how the app is started: `opentelemetry-instrument` there traces the whole process.
fn is_launcher(path: &Path) -> bool {
    let Some(name) = path.file_name().and_then(|n| n.to_str()) else {
        return false;
    };
    let lower = name.to_ascii_lowercase();
    lower == "procfile"
        || lower.starts_with("dockerfile")
        || lower.ends_with(".dockerfile")
        || lower == "containerfile"
        || ((lower.starts_with("docker-compose") || lower.starts_with("compose")) && is_yaml(path))
}

/// The files the walker itself opens in a folder (ignore rules, git's pointers). One that is a FIFO or a
/// device would block the walk forever, so the folder is not walked and the user is told why.
fn special_walker_file(dir: &Path) -> Option<String> {
    let names = [
        ".gitignore",
        ".ignore",
        ".git",
        ".git/info/exclude",
        ".git/commondir",
    ];
    names.iter().find_map(|name| {
        let path = dir.join(name);
        let kind = crate::source::is_special(&path)?;
        // `.git` is normally a folder; only a special file there is a problem.
        (kind != "a directory").then(|| format!("{name} is {kind}"))
    })
}

/// The folder is not walked: one of the files the walker opens there is not a regular file.
fn skipped_folder(dir: &Path, why: &str) -> WalkError {
    WalkError {
        message: format!(
            "{}: skipped this folder: {why}, not a regular file, and reading it could block forever",
            dir.display()
        ),
    }
}

/// A folder named `testdata` below the walk root holds fixtures for the project's own tests (Go's
/// convention, which Prometheus projects follow): rules written to be wrong on purpose. It is walked only
/// when given as a path, or when a file given lies inside it.
fn is_test_data(dir: &Path, wanted: &[PathBuf]) -> bool {
    dir.file_name().is_some_and(|n| n == "testdata")
        && !dir
            .canonicalize()
            .is_ok_and(|d| wanted.iter().any(|w| w.starts_with(&d)))
}

fn is_yaml(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("yml") || e.eq_ignore_ascii_case("yaml"))
}

/// The families that read the Python metric catalog and entry points (PQL003 asks it which series are
/// gauges).
pub const CATALOG_FAMILIES: &[&str] = &["INS", "MET", "PQL"];

/// What the walk needs from the plan; the command fills it in from the settings.
pub struct Walk<'a> {
    pub paths: &'a [PathBuf],
    /// Where config globs are anchored.
    pub root: &'a Path,
    /// Display paths are relative to this.
    pub cwd: &'a Path,
    pub exclude: &'a GlobSet,
    /// Files below these canonical paths are the ones reported; the walk still sees the rest.
    pub report_only: Option<&'a [PathBuf]>,
    /// Config `rule-files`: rule files whatever they look like.
    pub rule_files: &'a GlobSet,
    /// The registry folder, whose files are the trace stage's.
    pub trace: &'a TraceSettings,
    pub stdin: Option<&'a StdinFile>,
    /// Whether a selected rule reads Python files, and launchers (INS).
    pub python: bool,
    pub launchers: bool,
}

/// Walks the paths of the plan. Returns the candidates in a stable order (sorted by display path).
pub fn discover(walk: &Walk) -> (Vec<Candidate>, Vec<WalkError>) {
    let want_python = walk.python;
    let want_launchers = walk.launchers;
    let mut out = Vec::new();
    let mut errors = Vec::new();
    for path in walk.paths {
        if !path.exists() && path.symlink_metadata().is_err() {
            errors.push(WalkError {
                message: format!("{}: no such file or directory", path.display()),
            });
            continue;
        }
        let scan_root = path.canonicalize().unwrap_or_else(|_| path.clone());
        // The walker reads the ignore files of the root and of every folder above it.
        let blocked = scan_root
            .ancestors()
            .filter(|dir| dir.is_dir())
            .find_map(|dir| special_walker_file(dir).map(|why| (dir.to_path_buf(), why)));
        if let Some((dir, why)) = blocked {
            errors.push(skipped_folder(&dir, &why));
            continue;
        }
        // Paths below the walk root, as the config's globs see them: computed once for the root.
        let root_prefix = relative_to(path, walk.root);
        let display_prefix = relative_to(path, walk.cwd);
        let under = |prefix: &str, entry: &Path| -> String {
            let rest = slash(entry.strip_prefix(path).unwrap_or(entry));
            match (prefix, rest.as_str()) {
                (p, "") => p.to_string(),
                ("" | ".", r) => r.to_string(),
                (p, r) => format!("{}/{r}", p.trim_end_matches('/')),
            }
        };
        // A walk from the project root above the working directory (paths narrowed to a subfolder):
        // files below the working directory are still shown relative to it, as the user typed them.
        let cwd_canonical = walk.cwd.canonicalize().ok();
        let display_of = |entry: &Path| -> String {
            let outside = display_prefix.starts_with('/') || display_prefix.starts_with("..");
            match cwd_canonical.as_ref().filter(|_| outside) {
                Some(cwd) => {
                    let absolute = scan_root.join(entry.strip_prefix(path).unwrap_or(entry));
                    match absolute.strip_prefix(cwd) {
                        Ok(rel) => slash(rel),
                        Err(_) => under(&display_prefix, entry),
                    }
                }
                None => under(&display_prefix, entry),
            }
        };
        let exclude = walk.exclude.clone();
        let walk_path = path.clone();
        let prune_prefix = root_prefix.clone();
        let blocked_folders = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
        let blocked_in_walk = blocked_folders.clone();
        let wanted = walk
            .report_only
            .map(<[PathBuf]>::to_vec)
            .unwrap_or_default();
        let walker = WalkBuilder::new(path)
            .follow_links(false)
            .hidden(true)
            .git_ignore(true)
            .git_global(false)
            .git_exclude(true)
            .require_git(false)
            // Excluded folders are not walked at all.
            .filter_entry(move |entry| {
                if entry.depth() == 0 {
                    return true;
                }
                if entry.file_type().is_some_and(|t| t.is_dir()) {
                    if let Some(why) = special_walker_file(entry.path()) {
                        if let Ok(mut b) = blocked_folders.lock() {
                            b.push(skipped_folder(entry.path(), &why));
                        }
                        return false;
                    }
                    if is_test_data(entry.path(), &wanted) {
                        return false;
                    }
                }
                let rest = slash(
                    entry
                        .path()
                        .strip_prefix(&walk_path)
                        .unwrap_or(entry.path()),
                );
                let rel = match prune_prefix.as_str() {
                    "" | "." => rest,
                    p => format!("{}/{rest}", p.trim_end_matches('/')),
                };
                !exclude.is_match(&rel)
            })
            .build_parallel();
        // Walk on every core: on a tree of thousands of files the walk is the part that cannot overlap
        // with parsing. The order is restored by the sort below.
        let found = std::sync::Mutex::new((Vec::new(), Vec::new()));
        walker.run(|| {
            let found = &found;
            let under = &under;
            let scan_root = &scan_root;
            let root_prefix = &root_prefix;
            let display_of = &display_of;
            Box::new(move |entry| {
                let entry = match entry {
                    Ok(e) => e,
                    Err(e) => {
                        if let Ok(mut f) = found.lock() {
                            f.1.push(WalkError {
                                message: e.to_string(),
                            });
                        }
                        return ignore::WalkState::Continue;
                    }
                };
                let Some(file_type) = entry.file_type() else {
                    return ignore::WalkState::Continue;
                };
                let disk_path = entry.path().to_path_buf();
                let mut special = None;
                if file_type.is_symlink() {
                    // Follow a link only when it stays inside the tree being scanned.
                    match disk_path.canonicalize() {
                        Ok(target) if target.starts_with(scan_root) && !target.is_dir() => {
                            special = crate::source::is_special(&target);
                        }
                        _ => return ignore::WalkState::Continue,
                    }
                } else if file_type.is_dir() {
                    return ignore::WalkState::Continue;
                } else if !file_type.is_file() {
                    special = Some(crate::source::file_kind(&file_type));
                }
                let root_relative = under(root_prefix, &disk_path);
                let forced = walk.rule_files.is_match(&root_relative);
                let python = want_python && !forced && is_python(&disk_path);
                let launcher = want_launchers && is_launcher(&disk_path);
                if !forced && !python && !launcher && !is_yaml(&disk_path) {
                    return ignore::WalkState::Continue;
                }
                // Registry files hold `groups:` too, but are read by the trace stage, never as rules.
                if !python && walk.trace.holds(&disk_path) {
                    return ignore::WalkState::Continue;
                }
                let meta = std::fs::metadata(&disk_path).ok();
                let size = meta.as_ref().map_or(0, |m| m.len());
                let modified = meta.and_then(|m| m.modified().ok());
                let candidate = Candidate {
                    display_path: display_of(&disk_path),
                    root_relative,
                    forced_rule_file: forced,
                    python,
                    launcher,
                    disk_path,
                    size,
                    modified,
                    special,
                };
                if let Ok(mut f) = found.lock() {
                    f.0.push(candidate);
                }
                ignore::WalkState::Continue
            })
        });
        let (candidates, walk_errors) = found.into_inner().unwrap_or_default();
        out.extend(candidates);
        errors.extend(walk_errors);
        let blocked: Vec<WalkError> = blocked_in_walk
            .lock()
            .map(|mut b| std::mem::take(&mut *b))
            .unwrap_or_default();
        errors.extend(blocked);
    }
    // A file read from standard input need not exist on disk (an editor's unsaved buffer): the walk
    // cannot find it, so it is added as the path it stands for.
    if let Some(stdin) = walk.stdin.filter(|s| !s.path.exists()) {
        let path = &stdin.path;
        let root_relative = relative_to(path, walk.root);
        out.push(Candidate {
            display_path: relative_to(path, walk.cwd),
            forced_rule_file: walk.rule_files.is_match(&root_relative),
            root_relative,
            python: want_python && is_python(path),
            launcher: false,
            disk_path: path.clone(),
            size: stdin.bytes.len() as u64,
            modified: None,
            special: None,
        });
    }
    out.sort_by(|a, b| a.display_path.cmp(&b.display_path));
    out.dedup_by(|a, b| a.display_path == b.display_path);
    (out, errors)
}
