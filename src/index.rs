//! The index: every fact of the project in one place, built once after all files are read. Project-scope
//! rules and the runbook checks read it; it also resolves runbook links to the Markdown files they name,
//! reading each runbook once, never outside the project root.

use crate::alerts::model::{RuleDocument, RuleKind};
use crate::alerts::settings::AlertSettings;
use crate::runbook::RunbookDoc;
use crate::source::SourceFile;
use std::collections::{BTreeMap, HashMap};
use std::path::{Component, Path, PathBuf};
use std::sync::Arc;

#[derive(Default)]
pub struct ProjectIndex {
    pub files: Vec<SourceFile>,
    pub rule_documents: Vec<RuleDocument>,
    /// Recorded series by name, with the static labels every recording rule of that name gives them.
    pub recorded_labels: crate::promql::labels::Recorded,
    /// The same labels with their value, where every recording rule of the name gives the same one.
    pub recorded_values: HashMap<String, BTreeMap<String, String>>,
    /// Per `runbook-sections` group: whether any runbook the alerts link to has a heading for it.
    pub runbook_sections_in_use: Vec<bool>,
    /// Runbook links of alerts, resolved: keyed by (rule file, link text).
    pub runbooks: HashMap<(usize, String), RunbookLink>,
    /// Python files worth checking, with what the flow analysis found in them.
    pub python: Vec<crate::python::PythonFacts>,
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
    /// promtool unit-test files.
    pub unit_tests: Vec<crate::alerts::unittest::UnitTestFile>,
    /// What a Prometheus server said about the rules, in live mode (`--prometheus`).
    pub live: Option<crate::live::LiveFacts>,
    /// SLOs declared by Sloth, Pyrra and OpenSLO specs.
    pub slo_specs: Vec<crate::alerts::slospec::SloSpec>,
    /// Recording rules by the series they record, as (document, group, rule) indexes; built on first use.
    recorded: std::sync::OnceLock<HashMap<String, Vec<RuleAt>>>,
    /// Project classes by name key: whether one hides secrets and none shows them (see
    /// `repr_hides_secrets`); built on first use.
    repr_classes: std::sync::OnceLock<HashMap<String, (bool, bool)>>,
}

/// What a runbook link leads to.
#[derive(Debug, Clone)]
pub enum RunbookLink {
    /// A link obslint does not check: an external URL, or a template that depends on the alert.
    Unchecked,
    /// The annotation holds a placeholder (`TODO`, `TBD`, `n/a`), not a link.
    Placeholder,
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

/// A rule's place: (document, group, rule) indexes into `rule_documents`.
type RuleAt = (usize, usize, usize);

/// Markdown larger than this is not a runbook anyone reads; it is not parsed.
const MAX_RUNBOOK_BYTES: u64 = 4 * 1024 * 1024;

impl ProjectIndex {
    /// Whether a value named `name` (`token`, `self.secrets_group`) is an object of a project class
    /// named for it (`PersonalToken`, `OAuthToken`; `SecretsGroup`): one of them writes a
    /// `__repr__`/`__str__` that shows no secret, and none shows one (by its own method or a
    /// generated repr of every field). A one-word name matches the last word of a class name, a
    /// longer one all of its words.
    pub fn repr_hides_secrets(&self, name: &str) -> bool {
        let classes = self.repr_classes.get_or_init(|| {
            // key → (some class hides, some class shows)
            let mut map: HashMap<String, (bool, bool)> = HashMap::new();
            for (class, hides) in self.python.iter().flat_map(|p| &p.repr_classes) {
                let Some(hides) = *hides else { continue };
                let words = crate::python::sensitive::lower_words(class);
                let Some(last) = words.last() else { continue };
                for key in [words.join("_"), format!("last:{last}")] {
                    let entry = map.entry(key).or_default();
                    entry.0 |= hides;
                    entry.1 |= !hides;
                }
            }
            map
        });
        let words = crate::python::sensitive::lower_words(name);
        let key = match words.as_slice() {
            [] => return false,
            [one] => format!("last:{one}"),
            _ => words.join("_"),
        };
        classes
            .get(&key)
            .is_some_and(|&(hides, shows)| hides && !shows)
    }

    /// What an alert's runbook link leads to.
    pub fn runbook(&self, file: usize, link: &crate::source::Str) -> Option<&RunbookLink> {
        self.runbooks.get(&(file, runbook_key(link)))
    }

    /// Collects the static labels of recorded series (rule and group labels); a name recorded twice
    /// keeps only the labels all its rules give it.
    pub fn collect_recorded_labels(&mut self) {
        // Only alerts read them: a file of recording rules alone needs none of this.
        let any_alert = self
            .rule_documents
            .iter()
            .flat_map(|d| &d.groups)
            .any(|g| g.rules.iter().any(|r| r.kind == RuleKind::Alert));
        if !any_alert {
            return;
        }
        let mut values: HashMap<String, BTreeMap<String, Option<String>>> = HashMap::new();
        for group in self.rule_documents.iter().flat_map(|d| &d.groups) {
            for rule in group.rules.iter().filter(|r| r.kind == RuleKind::Record) {
                // A rule's own label wins over its group's.
                let mut labels: BTreeMap<String, Option<String>> = BTreeMap::new();
                for (k, v) in group.labels.iter().chain(&rule.labels) {
                    labels.insert(k.value.clone(), Some(v.value.clone()));
                }
                values
                    .entry(rule.name.value.clone())
                    .and_modify(|known| {
                        known.retain(|l, _| labels.contains_key(l));
                        for (l, v) in known.iter_mut() {
                            if labels.get(l) != Some(v) {
                                *v = None;
                            }
                        }
                    })
                    .or_insert(labels);
            }
        }
        self.recorded_labels = values
            .iter()
            .map(|(name, labels)| (name.clone(), labels.keys().cloned().collect()))
            .collect();
        self.recorded_values = values
            .into_iter()
            .map(|(name, labels)| {
                let fixed = labels
                    .into_iter()
                    .filter_map(|(l, v)| Some((l, v?)))
                    .collect();
                (name, fixed)
            })
            .collect();
    }

    /// The recording rules that record `series`, anywhere in the project.
    pub fn recording_rules(
        &self,
        series: &str,
    ) -> impl Iterator<Item = &crate::alerts::model::Rule> {
        let recorded = self.recorded.get_or_init(|| {
            let mut map: HashMap<String, Vec<RuleAt>> = HashMap::new();
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
                let key = (document.file, runbook_key(link));
                if resolved.contains_key(&key) {
                    continue;
                }
                // A templated link is followed when every label it reads has one value for this alert.
                let rendered = link
                    .value
                    .contains("{{")
                    .then(|| {
                        let ast = rule.expr.as_ref()?.ast.as_ref()?;
                        render_link(
                            &link.value,
                            ast,
                            &self.recorded_labels,
                            &self.recorded_values,
                        )
                    })
                    .flatten();
                if link.value.contains("{{") && rendered.is_none() {
                    resolved.insert(key, RunbookLink::Unchecked);
                    continue;
                }
                let result = resolve_link(
                    rendered.as_deref().unwrap_or(&link.value),
                    &rule_file.disk_path,
                    &root,
                    &boundary,
                    settings,
                    &mut docs,
                );
                resolved.insert(key, result);
            }
        }
        self.runbook_sections_in_use = settings
            .runbook_sections
            .iter()
            .map(|group| {
                resolved.values().any(|link| match link {
                    RunbookLink::Found { doc, .. } => doc.headings.iter().any(|h| {
                        let text = h.text.to_lowercase();
                        group.iter().any(|w| text.contains(&w.to_lowercase()))
                    }),
                    _ => false,
                })
            })
            .collect();
        self.runbooks = resolved;
    }
}

/// A plain link resolves the same wherever it is written; a templated one per alert, by its position.
fn runbook_key(link: &crate::source::Str) -> String {
    if link.value.contains("{{") {
        format!("{}\u{0}{}", link.value, link.span.start)
    } else {
        link.value.clone()
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
            None => match crate::gitremote::local_candidates(path_part, &settings.repo_urls) {
                Some(candidates) => Target::Path { candidates, anchor },
                None => Target::Unchecked,
            },
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
    if is_placeholder(link) {
        return RunbookLink::Placeholder;
    }
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

/// The link with each `{{ $labels.x }}` (or `{{ .Labels.x }}`) replaced by the one value the alert's
/// series carry for `x`: from `x="v"` matchers on its selectors, or the static labels of the recorded
/// series it reads. None when an action is anything else or a value is not fixed.
fn render_link(
    link: &str,
    ast: &promql_parser::parser::Expr,
    recorded: &crate::promql::labels::Recorded,
    values: &HashMap<String, BTreeMap<String, String>>,
) -> Option<String> {
    let mut out = String::new();
    let mut rest = link;
    let mut output = None;
    while let Some(start) = rest.find("{{") {
        out.push_str(&rest[..start]);
        let after = &rest[start + 2..];
        let end = after.find("}}")?;
        let action = after[..end].trim_matches('-').trim();
        let label = action
            .strip_prefix("$labels.")
            .or_else(|| action.strip_prefix(".Labels."))?;
        if label.is_empty() || !label.chars().all(|c| c.is_alphanumeric() || c == '_') {
            return None;
        }
        let set =
            output.get_or_insert_with(|| crate::promql::labels::output_labels_with(ast, recorded));
        if !set.surely_has(label) {
            return None;
        }
        out.push_str(&fixed_value(ast, label, values)?);
        rest = &after[end + 2..];
    }
    out.push_str(rest);
    Some(out)
}

/// The one value every selector that fixes `label` gives it.
fn fixed_value(
    ast: &promql_parser::parser::Expr,
    label: &str,
    values: &HashMap<String, BTreeMap<String, String>>,
) -> Option<String> {
    let mut found: Option<String> = None;
    for vs in crate::promql::analysis::selectors(ast) {
        let from_matcher = vs
            .matchers
            .matchers
            .iter()
            .find(|m| m.name == label && matches!(m.op, promql_parser::label::MatchOp::Equal))
            .map(|m| m.value.clone());
        let from_record = vs
            .name
            .as_deref()
            .and_then(|n| values.get(n)?.get(label).cloned());
        let Some(value) = from_matcher.or(from_record) else {
            continue;
        };
        match &found {
            Some(v) if *v != value => return None,
            _ => found = Some(value),
        }
    }
    found
}

/// `TODO`, `TBD`, `none`, `n/a`: words where a link should be. A relative link has a `.` or `/`.
fn is_placeholder(link: &str) -> bool {
    let link = link.trim();
    let lower = link.to_lowercase();
    matches!(lower.as_str(), "n/a" | "tbd" | "todo" | "none" | "-" | "?")
        || (!link.is_empty()
            && !link.contains("{{")
            && link
                .chars()
                .all(|c| c.is_alphanumeric() || c == '_' || c == ' ' || c == '-')
            && link.chars().any(char::is_alphabetic)
            && !link.chars().any(char::is_lowercase))
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
