//! The index: every fact of the project in one place, built once after all files are read. Project-scope
//! rules and the runbook checks read it; it also resolves runbook links to the Markdown files they name,
//! reading each runbook once, never outside the project root.

use crate::alerts::model::{RuleDocument, RuleKind};
use crate::runbook::RunbookDoc;
use crate::settings::AlertSettings;
use crate::source::SourceFile;
use std::collections::HashMap;
use std::path::{Component, Path, PathBuf};
use std::sync::Arc;

#[derive(Default)]
pub struct ProjectIndex {
    pub files: Vec<SourceFile>,
    pub rule_documents: Vec<RuleDocument>,
    /// Runbook links of alerts, resolved: keyed by (rule file, link text).
    pub runbooks: HashMap<(usize, String), RunbookLink>,
    /// Python files worth checking, with what the flow analysis found in them.
    pub python: Vec<PythonFacts>,
    /// Suppression comments, per file (same order as `files`).
    pub suppressions: Vec<Vec<crate::suppress::Suppression>>,
    /// Every Python file found (indexes into `files`), parsed or not.
    pub python_files: Vec<usize>,
    /// Dockerfiles, Procfiles and compose files that start the app under `opentelemetry-instrument`:
    /// (file, offset of the command).
    pub launchers: Vec<(usize, usize)>,
    /// Entry points, their coverage and the metric catalog, when an INS or MET rule is enabled.
    pub telemetry: Option<crate::instrument::Telemetry>,
    /// The trace registry, its base and what changed between them.
    pub trace: crate::trace::TraceFacts,
    /// Prometheus and Alertmanager configs found beside the rules.
    pub monitoring: Vec<crate::alerts::monitoring::MonitoringFacts>,
    /// Recording rules by the series they record, as (document, group, rule) indexes; built on first use.
    recorded: std::sync::OnceLock<HashMap<String, Vec<(usize, usize, usize)>>>,
}

/// A Python file's facts for the rules.
pub struct PythonFacts {
    pub file: usize,
    pub leaks: Vec<crate::python::flow::Leak>,
    /// The file's facts, kept when the instrumentation checks need them after every file is read.
    pub model: Option<std::sync::Arc<crate::python::model::PythonFile>>,
    /// The spans the file starts and what it sets on them (when a TRC rule runs).
    pub spans: crate::python::spans::SpanFacts,
}

/// What a runbook link leads to.
#[derive(Debug, Clone)]
pub enum RunbookLink {
    /// A link obslint does not check: an external URL, or a template that depends on the alert.
    Unchecked,
    /// The file the link names does not exist (`shown` is the path tried, relative to the project root).
    Missing { shown: String },
    /// The link climbs out of the project (`../../etc`), or through a symlink that leads out.
    Outside { shown: String },
    /// The file exists but was not read: over the size limit, unreadable, or not a regular file.
    Unread { shown: String, reason: String },
    Found {
        shown: String,
        doc: Arc<RunbookDoc>,
        anchor: Option<String>,
    },
}

/// Markdown larger than this is not a runbook anyone reads; it is not parsed.
const MAX_RUNBOOK_BYTES: u64 = 4 * 1024 * 1024;

impl ProjectIndex {
    /// The recording rules that record `series`, anywhere in the project.
    pub fn recording_rules(
        &self,
        series: &str,
    ) -> impl Iterator<Item = &crate::alerts::model::Rule> {
        let recorded = self.recorded.get_or_init(|| {
            let mut map: HashMap<String, Vec<(usize, usize, usize)>> = HashMap::new();
            for (d, document) in self.rule_documents.iter().enumerate() {
                for (g, group) in document.groups.iter().enumerate() {
                    for (r, rule) in group.rules.iter().enumerate() {
                        if rule.kind == RuleKind::Record {
                            map.entry(rule.name.value.clone())
                                .or_default()
                                .push((d, g, r));
                        }
                    }
                }
            }
            map
        });
        recorded
            .get(series)
            .into_iter()
            .flatten()
            .filter_map(|&(d, g, r)| self.rule_documents.get(d)?.groups.get(g)?.rules.get(r))
    }

    pub fn runbook(&self, file: usize, link: &str) -> Option<&RunbookLink> {
        self.runbooks.get(&(file, link.to_string()))
    }

    /// Resolves every alert's runbook link. Reads each runbook file once.
    pub fn resolve_runbooks(&mut self, settings: &AlertSettings) {
        let root = settings
            .root
            .canonicalize()
            .unwrap_or_else(|_| settings.root.clone());
        let boundary = settings
            .boundary
            .canonicalize()
            .unwrap_or_else(|_| settings.boundary.clone());
        let mut docs: HashMap<PathBuf, Result<Arc<RunbookDoc>, String>> = HashMap::new();
        let mut resolved = HashMap::new();
        for document in &self.rule_documents {
            let rule_file = &self.files[document.file];
            for rule in document.groups.iter().flat_map(|g| &g.rules) {
                if rule.kind != RuleKind::Alert {
                    continue;
                }
                let Some(link) = settings
                    .runbook_annotations
                    .iter()
                    .find_map(|n| rule.annotation(n))
                else {
                    continue;
                };
                let key = (document.file, link.value.clone());
                if resolved.contains_key(&key) {
                    continue;
                }
                let result = resolve_link(
                    &link.value,
                    &rule_file.disk_path,
                    &root,
                    &boundary,
                    settings,
                    &mut docs,
                );
                resolved.insert(key, result);
            }
        }
        self.runbooks = resolved;
    }
}

/// Where a link points inside the project, as a path relative to the root plus an anchor.
enum Target {
    Unchecked,
    Path {
        candidates: Vec<PathBuf>,
        anchor: Option<String>,
    },
}

fn target(link: &str, rule_file: &Path, root: &Path, settings: &AlertSettings) -> Target {
    let link = link.trim();
    if link.is_empty() || link.contains("{{") {
        return Target::Unchecked;
    }
    let (path_part, anchor) = match link.split_once('#') {
        Some((p, a)) => (p, Some(a.to_string()).filter(|a| !a.is_empty())),
        None => (link, None),
    };
    let path_part = path_part.split('?').next().unwrap_or(path_part);
    if link.contains("://") || link.starts_with("mailto:") {
        return match settings
            .runbook_base_urls
            .iter()
            .find(|base| link.starts_with(base.as_str()))
        {
            Some(base) => {
                let rest = path_part.get(base.len()..).unwrap_or("");
                Target::Path {
                    candidates: vec![root.join(rest.trim_start_matches('/'))],
                    anchor,
                }
            }
            None => Target::Unchecked,
        };
    }
    if path_part.is_empty() {
        return Target::Unchecked;
    }
    if let Some(absolute) = path_part.strip_prefix('/') {
        // Repository-absolute, as GitHub reads `/docs/runbooks/x.md`.
        return Target::Path {
            candidates: vec![root.join(absolute)],
            anchor,
        };
    }
    let beside = rule_file.parent().unwrap_or(Path::new(".")).join(path_part);
    Target::Path {
        candidates: vec![beside, root.join(path_part)],
        anchor,
    }
}

fn resolve_link(
    link: &str,
    rule_file: &Path,
    root: &Path,
    boundary: &Path,
    settings: &AlertSettings,
    docs: &mut HashMap<PathBuf, Result<Arc<RunbookDoc>, String>>,
) -> RunbookLink {
    let Target::Path { candidates, anchor } = target(link, rule_file, root, settings) else {
        return RunbookLink::Unchecked;
    };
    let shown = |p: &Path| {
        let p = normalize(p);
        p.strip_prefix(root)
            .unwrap_or(&p)
            .to_string_lossy()
            .replace('\\', "/")
    };
    let Some(first) = candidates.first() else {
        return RunbookLink::Unchecked;
    };
    let mut outside = None;
    for candidate in &candidates {
        let Ok(real) = candidate.canonicalize() else {
            continue;
        };
        if !real.starts_with(boundary) {
            outside = Some(shown(candidate));
            continue;
        }
        if real.is_dir() {
            continue;
        }
        let doc = docs
            .entry(real.clone())
            .or_insert_with(|| read_runbook(&real))
            .clone();
        return match doc {
            Ok(doc) => RunbookLink::Found {
                shown: shown(&real),
                doc,
                anchor,
            },
            Err(reason) => RunbookLink::Unread {
                shown: shown(&real),
                reason,
            },
        };
    }
    if let Some(shown) = outside {
        return RunbookLink::Outside { shown };
    }
    // A missing file whose path climbs out of the repository is reported as such, not as missing.
    let absolute = |p: &Path| normalize(&std::env::current_dir().unwrap_or_default().join(p));
    if candidates
        .iter()
        .all(|c| !absolute(c).starts_with(boundary))
    {
        return RunbookLink::Outside {
            shown: shown(first),
        };
    }
    RunbookLink::Missing {
        shown: shown(first),
    }
}

/// The runbook's headings, or why it was not read (said in the finding, never taken for "no heading").
fn read_runbook(path: &Path) -> Result<Arc<RunbookDoc>, String> {
    match crate::source::read_regular(path, Some(MAX_RUNBOOK_BYTES)) {
        Ok(bytes) => Ok(Arc::new(RunbookDoc::parse(&String::from_utf8_lossy(
            &bytes,
        )))),
        Err(crate::source::ReadError::TooLarge(size)) => Err(format!(
            "it is {:.1} MiB, over the {} MiB limit for a runbook",
            size as f64 / (1024.0 * 1024.0),
            MAX_RUNBOOK_BYTES / (1024 * 1024)
        )),
        Err(crate::source::ReadError::NotRegular(kind)) => Err(format!("it is {kind}")),
        Err(crate::source::ReadError::Io(e)) => Err(format!("it cannot be read: {e}")),
    }
}

/// `a/b/../c` → `a/c` without touching the file system (the file may not exist).
fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for component in path.components() {
        match component {
            Component::ParentDir => {
                if !out.pop() {
                    out.push("..");
                }
            }
            Component::CurDir => {}
            other => out.push(other.as_os_str()),
        }
    }
    out
}
