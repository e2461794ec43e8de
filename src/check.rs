//! `obslint check` end to end: discover → read and extract facts (parallel, per file) → index → rules →
//! filter → findings ready to render. Every stage only reads what the one before produced.

use crate::alerts::extract;
use crate::alerts::model::RuleDocument;
use crate::diagnostic::Diagnostic;
use crate::discover::{self, Candidate};
use crate::finding::{Finding, Outcome};
use crate::index::ProjectIndex;
use crate::rules::{registry, Check, ProjectContext, RuleCheck, RuleContext};
use crate::settings::Settings;
use crate::source::SourceFile;
use crate::yaml::load::{load_documents, PARSE_STACK_BYTES};
use rayon::prelude::*;
use sha2::{Digest, Sha256};

mod python;

/// What reading one file produced.
struct FileFacts {
    source: SourceFile,
    documents: Vec<RuleDocument>,
    diagnostics: Vec<Diagnostic>,
    suppressions: Vec<crate::suppress::Suppression>,
    python: Option<crate::python::PythonFacts>,
    /// Where `opentelemetry-instrument` starts the app, in a Dockerfile, Procfile or compose file.
    launcher: Option<usize>,
    /// Scrape intervals and paging routes, from a Prometheus or Alertmanager config.
    monitoring: Option<crate::alerts::monitoring::MonitoringFacts>,
    /// A promtool unit-test file's facts.
    unit_test: Option<crate::alerts::unittest::UnitTestFile>,
    /// A Python file's content hash and encoded facts, for the cache to record.
    pending: Option<Pending>,
    /// The SLOs of a Sloth, Pyrra or OpenSLO spec.
    slo_specs: Vec<crate::alerts::slospec::SloSpec>,
}

struct Pending {
    hash: crate::cache::Hash,
    facts: Vec<u8>,
}

impl FileFacts {
    /// Nothing yet, for the file `c` stands for.
    fn empty(c: &Candidate) -> FileFacts {
        FileFacts {
            source: SourceFile::new(
                c.display_path.clone(),
                c.disk_path.clone(),
                c.root_relative.clone(),
                String::new(),
            ),
            documents: Vec::new(),
            diagnostics: Vec::new(),
            suppressions: Vec::new(),
            python: None,
            launcher: None,
            monitoring: None,
            unit_test: None,
            pending: None,
            slo_specs: Vec::new(),
        }
    }
}

pub fn run(settings: &Settings) -> Outcome {
    // saphyr recurses per nesting level: parse on threads with room for the deepest YAML we admit.
    let pool = rayon::ThreadPoolBuilder::new()
        .stack_size(PARSE_STACK_BYTES)
        .build();
    match pool {
        Ok(pool) => pool.install(|| run_stages(settings)),
        Err(e) => Outcome {
            index: ProjectIndex::default(),
            findings: Vec::new(),
            baseline: None,
            outside_diff: None,
            errors: vec![format!("cannot start worker threads: {e}")],
            inferred: Default::default(),
            fatal: None,
            live_not_run: false,
        },
    }
}

fn run_stages(settings: &Settings) -> Outcome {
    let (candidates, walk_errors) = discover::discover(&settings.walk());
    let today = crate::suppress::today();
    let progress = crate::progress::Progress::new(settings.progress, candidates.len());
    // Only Python facts are cached: a run without Python files leaves the cache alone.
    let cache = (settings.cache && candidates.iter().any(|c| c.python))
        .then(|| crate::cache::Cache::open(&settings.root, &settings.python_cache_key()))
        .flatten();
    let facts: Vec<FileFacts> = candidates
        .par_iter()
        .enumerate()
        .map(|(i, c)| {
            progress.file_done();
            let mut facts = cache
                .as_ref()
                .and_then(|cache| python::from_cache(i, c, settings, cache))
                .unwrap_or_else(|| read_file(i, c, settings, cache.as_ref()));
            facts.suppressions = crate::suppress::parse(&facts.source, &facts.documents, &today);
            let nothing_to_show = facts.diagnostics.is_empty()
                && facts.suppressions.is_empty()
                && facts
                    .python
                    .as_ref()
                    .is_none_or(|p| p.leaks.is_empty() && p.model.is_none() && p.spans.is_empty());
            if let (Some(cache), Some(pending)) = (&cache, facts.pending.take()) {
                let entry = cache.entry(
                    c.size,
                    c.modified,
                    pending.hash,
                    !nothing_to_show,
                    pending.facts,
                );
                cache.record(&c.root_relative, entry);
            }
            if c.python && nothing_to_show {
                // Thousands of Python files hold nothing to report: keep memory flat, drop their text.
                facts.source = SourceFile::new(
                    c.display_path.clone(),
                    c.disk_path.clone(),
                    c.root_relative.clone(),
                    String::new(),
                );
            }
            facts
        })
        .collect();
    // Written before the rules run: what a later run can skip does not depend on what they find.
    // A cache that cannot be written costs only speed, so the run goes on without a word.
    if let Some(cache) = cache {
        let _ = cache.save(&settings.root);
    }

    let mut index = ProjectIndex::default();
    let mut diagnostics = Vec::new();
    for (i, f) in facts.into_iter().enumerate() {
        // A FIFO named `x.py` is reported as skipped; no later stage may open it.
        if candidates[i].python && candidates[i].special.is_none() {
            index.python_files.push(i);
        }
        if let Some(offset) = f.launcher {
            index.launchers.push((i, offset));
        }
        index.files.push(f.source);
        index.rule_documents.extend(f.documents);
        index.suppressions.push(f.suppressions);
        index.python.extend(f.python);
        index.monitoring.extend(f.monitoring);
        index.unit_tests.extend(f.unit_test);
        index.slo_specs.extend(f.slo_specs);
        diagnostics.extend(f.diagnostics);
    }
    if wants(settings, &["TRC"]) {
        let options = crate::trace::load::LoadOptions {
            trace: &settings.trace,
            paths: &settings.paths,
            root: &settings.root,
            cwd: &settings.cwd,
            max_file_size: settings.max_file_size,
        };
        let loaded = crate::trace::load::run(&options, index.files.len(), &mut diagnostics);
        for (source, suppressions) in loaded.files {
            index.files.push(source);
            index.suppressions.push(suppressions);
        }
        index.trace = loaded.facts;
    }
    // Learned before any rule runs, and before runbook links are resolved by the annotation names.
    let mut alerts = settings.alerts.clone();
    crate::conventions::infer(&index, &index.monitoring, &mut alerts);
    index.collect_recorded_labels();
    index.resolve_runbooks(&alerts);
    if wants(settings, CATALOG_FAMILIES) {
        let inputs = crate::instrument::Inputs {
            files: &index.files,
            python: &index.python,
            python_files: &index.python_files,
            launchers: &index.launchers,
        };
        let (telemetry, sources) = crate::instrument::build(inputs, &settings.python);
        for (file, source) in sources {
            // Parsed only now: its suppression comments count as any other file's.
            index.suppressions[file] = crate::suppress::parse(&source, &[], &today);
            index.files[file] = source;
        }
        index.telemetry = Some(telemetry);
    }

    progress.finish();
    if let Err(e) = gather_live(&mut index, settings) {
        return Outcome {
            index,
            findings: Vec::new(),
            baseline: None,
            outside_diff: None,
            errors: Vec::new(),
            inferred: alerts.inferred,
            fatal: Some(e),
            live_not_run: false,
        };
    }
    diagnostics.extend(run_rules(&index, settings, &alerts));
    let mut findings = finish(diagnostics, &index, settings);
    if let Some(wanted) = &settings.report_only {
        keep_reported(&mut findings, &index, wanted);
    }
    let outside_diff = settings
        .diff
        .as_ref()
        .map(|diff| keep_changed(&mut findings, &index, diff));
    let baseline = settings.baseline.as_ref().map(|b| b.apply(&mut findings));
    Outcome {
        index,
        findings,
        baseline,
        outside_diff,
        errors: walk_errors.into_iter().map(|e| e.message).collect(),
        inferred: alerts.inferred,
        fatal: None,
        live_not_run: settings.live_not_run,
    }
}

/// Live mode's facts, fetched once before any rule runs: only with a server URL and a LIV rule enabled.
fn gather_live(
    index: &mut ProjectIndex,
    settings: &Settings,
) -> Result<(), crate::live::client::LiveError> {
    let Some(live) = &settings.live else {
        return Ok(());
    };
    let on = |codes: &[&str]| codes.iter().any(|c| settings.rules.is_enabled(c));
    let wanted = crate::live::Wanted {
        series: on(&["LIV001"]),
        backtests: on(&["LIV003", "LIV004", "LIV005"]),
        scrape_intervals: on(&["LIV002"]),
    };
    if !(wanted.series || wanted.backtests || wanted.scrape_intervals) {
        return Ok(());
    }
    let known: std::collections::HashSet<String> = index
        .rule_documents
        .iter()
        .flat_map(|d| &d.groups)
        .flat_map(|g| &g.rules)
        .filter(|r| r.kind == crate::alerts::model::RuleKind::Record)
        .map(|r| r.name.value.clone())
        .collect();
    // With --diff-base, only the alerts the change touched are backtested, and as they were before too.
    let mut scope = crate::live::Scope::default();
    if let Some(diff) = &settings.diff {
        let changed = changed_rules(index, diff);
        if wanted.backtests {
            scope.before = alerts_at_base(index, settings, diff, &changed);
        }
        scope.changed = Some(changed);
    }
    let facts = crate::live::gather(live, &index.rule_documents, &known, wanted, &scope)?;
    index.live = Some(facts);
    Ok(())
}

/// The changed alerts as they were at the diff base, matched by group and alert name.
fn alerts_at_base(
    index: &ProjectIndex,
    settings: &Settings,
    diff: &crate::diff::DiffFilter,
    changed: &std::collections::HashSet<crate::live::RuleKey>,
) -> std::collections::HashMap<crate::live::RuleKey, crate::live::BaseAlert> {
    use crate::alerts::model::RuleKind;
    let mut out = std::collections::HashMap::new();
    for document in &index.rule_documents {
        let keys: Vec<_> = document
            .groups
            .iter()
            .flat_map(|g| g.rules.iter().map(move |r| (g, r)))
            .filter(|(_, r)| {
                r.kind == RuleKind::Alert
                    && changed.contains(&crate::live::key_of(document.file, r))
            })
            .collect();
        if keys.is_empty() {
            continue;
        }
        let file = &index.files[document.file];
        let Some(text) = diff.text_at_base(&file.disk_path) else {
            continue; // a new file: nothing to compare with
        };
        let Ok(docs) = load_documents(&text) else {
            continue;
        };
        let dialect = settings.alerts.dialect_for(&file.root_relative);
        let (old, _) =
            extract::extract_file(document.file, &text, &docs, true, &settings.alerts, dialect);
        for (group, rule) in keys {
            let before = old
                .iter()
                .flat_map(|d| &d.groups)
                .filter(|g| {
                    g.name.as_ref().map(|n| &n.value) == group.name.as_ref().map(|n| &n.value)
                })
                .flat_map(|g| &g.rules)
                .find(|r| r.kind == RuleKind::Alert && r.name.value == rule.name.value);
            if let Some(before) = before {
                out.insert(
                    crate::live::key_of(document.file, rule),
                    crate::live::BaseAlert {
                        expr: before
                            .expr
                            .as_ref()
                            .map_or_else(String::new, |e| e.text.value.clone()),
                        for_ms: crate::live::duration_field(&before.for_),
                        keep_firing_for_ms: crate::live::duration_field(&before.keep_firing_for),
                    },
                );
            }
        }
    }
    out
}

/// The rules a change touched, by their live key.
fn changed_rules(
    index: &ProjectIndex,
    diff: &crate::diff::DiffFilter,
) -> std::collections::HashSet<crate::live::RuleKey> {
    let mut out = std::collections::HashSet::new();
    for document in &index.rule_documents {
        let file = &index.files[document.file];
        let Some(changed) = diff.changes_of(&file.disk_path) else {
            continue;
        };
        for rule in document.groups.iter().flat_map(|g| &g.rules) {
            let first = file.line_col(rule.span.start).line;
            if changed.touches(first, last_content_line(file, &rule.span), true) {
                out.insert(crate::live::key_of(document.file, rule));
            }
        }
    }
    out
}

/// The conventions of the rules below `root`, as `check` would learn them with no config: for
/// `obslint init`. Only the alert checks are selected, so Python files are not parsed.
pub fn conventions(root: &std::path::Path) -> crate::alerts::settings::Inferred {
    let args = crate::cli::CheckArgs {
        select: Some(vec!["ALR".to_string()]),
        ..crate::cli::CheckArgs::new(vec![root.to_path_buf()])
    };
    let loaded = crate::config::LoadedConfig {
        root: root.to_path_buf(),
        ..Default::default()
    };
    match crate::settings::resolve(&args, &loaded, root.to_path_buf()) {
        Ok(settings) => run(&settings).inferred,
        Err(_) => Default::default(),
    }
}

/// A candidate's bytes: from disk, or from standard input for the file it stands for.
fn read_bytes(
    settings: &Settings,
    path: &std::path::Path,
) -> Result<Vec<u8>, crate::source::ReadError> {
    match &settings.stdin {
        Some(stdin) if stdin.is(path) => Ok(stdin.bytes.clone()),
        _ => crate::source::read_regular(path, Some(settings.max_file_size)),
    }
}

const SKIPPED_CODE: &str = crate::rules::obs::file_skipped::CODE;
const YAML_CODE: &str = crate::rules::yaml::yaml_syntax_error::CODE;

fn read_file(
    file: usize,
    c: &Candidate,
    settings: &Settings,
    cache: Option<&crate::cache::Cache>,
) -> FileFacts {
    let mut facts = FileFacts::empty(c);
    if let Some(kind) = c.special {
        facts.diagnostics.push(
            Diagnostic::new(
                SKIPPED_CODE,
                file,
                0..0,
                format!("skipped: {kind}, not a regular file"),
            )
            .with_help("obslint reads only regular files (a pipe or device can block forever); add it to `exclude`"),
        );
        return facts;
    }
    if c.size > settings.max_file_size {
        facts.diagnostics.push(
            Diagnostic::new(
                SKIPPED_CODE,
                file,
                0..0,
                format!(
                    "skipped: {:.1} MiB is over the {} KiB limit",
                    c.size as f64 / (1024.0 * 1024.0),
                    settings.max_file_size / 1024
                ),
            )
            .with_help("raise `max-file-size-kb` in the config, or add the file to `exclude`"),
        );
        return facts;
    }
    if c.python {
        python::read(file, c, settings, cache, &mut facts);
        return facts;
    }
    if c.launcher {
        let text = read_bytes(settings, &c.disk_path).unwrap_or_default();
        if let Some(at) = crate::instrument::auto::launcher_command(&text) {
            facts.launcher = Some(at);
            facts.source = SourceFile::new(
                c.display_path.clone(),
                c.disk_path.clone(),
                c.root_relative.clone(),
                String::from_utf8_lossy(&text).into_owned(),
            );
        }
        if !c
            .disk_path
            .extension()
            .is_some_and(|e| e == "yml" || e == "yaml")
        {
            return facts;
        }
    }
    let bytes = match read_bytes(settings, &c.disk_path) {
        Ok(b) => b,
        Err(e) => {
            facts.diagnostics.push(Diagnostic::new(
                YAML_CODE,
                file,
                0..0,
                format!("cannot read the file: {e}"),
            ));
            return facts;
        }
    };
    // Do less work: a YAML file that never says `groups` holds no rule groups.
    let mentions_groups = bytes.windows(6).any(|w| w == b"groups");
    let rules_candidate = c.forced_rule_file || mentions_groups;
    let test_candidate = !c.forced_rule_file && crate::alerts::unittest::looks_like(&bytes);
    if !rules_candidate && !test_candidate {
        // A prometheus.yml or Alertmanager config: read for the conventions, never reported on.
        let monitoring = crate::alerts::monitoring::worth_reading(&bytes);
        let spec = crate::alerts::slospec::worth_reading(&bytes);
        if !monitoring && !spec {
            return facts;
        }
        let Ok(text) = std::str::from_utf8(&bytes) else {
            return facts;
        };
        if let Ok(docs) = load_documents(text) {
            if monitoring {
                facts.monitoring = crate::alerts::monitoring::extract(&c.display_path, &docs);
            }
            if spec {
                facts.slo_specs = crate::alerts::slospec::extract(file, &docs);
            }
        }
        if !facts.slo_specs.is_empty() {
            // Findings point into the spec.
            facts.source = SourceFile::new(
                c.display_path.clone(),
                c.disk_path.clone(),
                c.root_relative.clone(),
                text.to_string(),
            );
        }
        return facts;
    }
    let text = match String::from_utf8(bytes) {
        Ok(text) => text,
        Err(e) => {
            let valid_up_to = e.utf8_error().valid_up_to();
            let bytes = e.into_bytes();
            let binary = bytes.contains(&0);
            facts.source = SourceFile::new(
                c.display_path.clone(),
                c.disk_path.clone(),
                c.root_relative.clone(),
                String::from_utf8_lossy(&bytes).into_owned(),
            );
            // The lossy text is identical up to the first invalid byte, so the offset holds.
            let message = if binary {
                "binary content: this is not a YAML text file".to_string()
            } else {
                format!(
                    "invalid UTF-8 (byte 0x{:02x})",
                    bytes.get(valid_up_to).copied().unwrap_or(0)
                )
            };
            let end = facts.source.text[valid_up_to..]
                .chars()
                .next()
                .map_or(valid_up_to, |ch| valid_up_to + ch.len_utf8());
            facts.diagnostics.push(
                Diagnostic::new(YAML_CODE, file, valid_up_to..end, message).with_help(
                    "rule files must be UTF-8 text; Prometheus refuses to load this file",
                ),
            );
            return facts;
        }
    };
    facts.source = SourceFile::new(
        c.display_path.clone(),
        c.disk_path.clone(),
        c.root_relative.clone(),
        text,
    );
    let text = &facts.source.text;
    let parsed = load_documents(text);
    if test_candidate {
        match &parsed {
            Ok(docs)
                if docs
                    .first()
                    .is_some_and(crate::alerts::unittest::is_test_document) =>
            {
                if let Some(doc) = docs.first() {
                    let (test, diagnostics) = crate::alerts::unittest::extract(file, text, doc);
                    facts.unit_test = Some(test);
                    facts.diagnostics = diagnostics;
                }
                return facts;
            }
            Err(e) if !rules_candidate => {
                facts.diagnostics.push(
                    Diagnostic::new(crate::codes::TEST_FILE_INVALID, file, e.span.clone(), e.message.clone())
                        .with_help("promtool refuses a test file that is not valid YAML and runs none of its tests"),
                );
                return facts;
            }
            _ => {}
        }
    }
    if let Some(engine) = crate::alerts::templated::template_engine(text, parsed.is_ok()) {
        // Its rules exist only after rendering: judging the template would report the template language.
        facts.diagnostics.push(
            Diagnostic::new(
                SKIPPED_CODE,
                file,
                0..0,
                format!("skipped: a {engine} template, not a rule file yet"),
            )
            .with_help("templated: render it first (`helm template`, your Jinja step) and check the output"),
        );
        return facts;
    }
    match parsed {
        Ok(docs) => {
            // A rule file that is also a Prometheus config: the parsed top-level keys say so cheaply.
            facts.monitoring = crate::alerts::monitoring::extract(&c.display_path, &docs);
            let dialect = settings.alerts.dialect_for(&c.root_relative);
            let (documents, diagnostics) = extract::extract_file(
                file,
                text,
                &docs,
                c.forced_rule_file,
                &settings.alerts,
                dialect,
            );
            facts.documents = documents;
            facts.diagnostics = diagnostics;
        }
        Err(e) => facts.diagnostics.push(
            Diagnostic::new(YAML_CODE, file, e.span, e.message).with_help(
                "Prometheus refuses to load a file that is not valid YAML; none of its rules run",
            ),
        ),
    }
    facts
}

/// Whether a rule of one of these families is enabled.
use crate::discover::CATALOG_FAMILIES;

fn wants(settings: &Settings, families: &[&str]) -> bool {
    settings
        .rules
        .enabled()
        .iter()
        .any(|r| families.contains(&r.family()))
}

/// Runs every enabled rule: per-rule checks in parallel over documents, then project checks.
fn run_rules(
    index: &ProjectIndex,
    settings: &Settings,
    alerts: &crate::alerts::settings::AlertSettings,
) -> Vec<Diagnostic> {
    let enabled = settings.rules.enabled();
    let rule_checks: Vec<(&str, RuleCheck)> = enabled
        .iter()
        .filter_map(|r| match r.check {
            Check::Rule(f) => Some((r.code, f)),
            _ => None,
        })
        .collect();
    let mut out: Vec<Diagnostic> = index
        .rule_documents
        .par_iter()
        .flat_map_iter(|document| {
            let mut found = Vec::new();
            for group in &document.groups {
                for rule in &group.rules {
                    let cx = RuleContext {
                        index,
                        settings: alerts,
                        document,
                        group,
                        rule,
                    };
                    for (code, check) in &rule_checks {
                        if !alerts.policies.is_empty() && crate::rules::policy::exempts(&cx, code) {
                            continue;
                        }
                        check(&cx, &mut found);
                    }
                }
            }
            found
        })
        .collect();
    let python_checks: Vec<crate::rules::PythonCheck> = enabled
        .iter()
        .filter_map(|r| match r.check {
            Check::Python(f) => Some(f),
            _ => None,
        })
        .collect();
    if !python_checks.is_empty() {
        let found: Vec<Diagnostic> = index
            .python
            .par_iter()
            .flat_map_iter(|facts| {
                let cx = crate::rules::PythonContext {
                    index,
                    settings: &settings.python,
                    file: facts.file,
                    leaks: &facts.leaks,
                };
                let mut found = Vec::new();
                for check in &python_checks {
                    check(&cx, &mut found);
                }
                found
            })
            .collect();
        out.extend(found);
    }
    let project = ProjectContext {
        index,
        settings: alerts,
        metrics: &settings.metrics,
    };
    for rule in enabled {
        if let Check::Project(check) = rule.check {
            check(&project, &mut out);
        }
    }
    out
}

/// Keeps the findings in the files the command line named (`Settings::report_only`).
fn keep_reported(findings: &mut Vec<Finding>, index: &ProjectIndex, wanted: &[std::path::PathBuf]) {
    let inside: Vec<bool> = index
        .files
        .iter()
        .map(|f| {
            // `or_new`: a file read from standard input may not be on disk.
            let p = crate::source::canonical_or_new(&f.disk_path);
            wanted.iter().any(|w| p.starts_with(w))
        })
        .collect();
    findings.retain(|f| inside.get(f.diagnostic.file).copied().unwrap_or(false));
}

/// Keeps the findings the change is responsible for: on changed lines, in new files, or inside an alert
/// rule the change touched (a threshold edit makes the whole rule's findings the author's to see).
/// Returns how many were dropped.
fn keep_changed(
    findings: &mut Vec<Finding>,
    index: &ProjectIndex,
    diff: &crate::diff::DiffFilter,
) -> usize {
    let changes: Vec<Option<&crate::diff::ChangedFile>> = index
        .files
        .iter()
        .map(|f| diff.changes_of(&f.disk_path))
        .collect();
    let before = findings.len();
    findings.retain(|f| {
        let d = &f.diagnostic;
        if crate::rules::trace::compares_with_base(d.code) {
            return true; // A schema change is the change's by definition, also a removal in the base.
        }
        let Some(Some(changed)) = changes.get(d.file) else {
            return false;
        };
        let file = &index.files[d.file];
        let line = |offset: usize| file.line_col(offset).line;
        let mut spans = vec![d.span.clone()];
        spans.extend(d.labels.iter().map(|l| l.span.clone()));
        if spans
            .iter()
            .any(|s| changed.touches(line(s.start), line(s.end.max(s.start)), false))
        {
            return true;
        }
        index
            .rule_documents
            .iter()
            .filter(|doc| doc.file == d.file)
            .flat_map(|doc| doc.groups.iter().flat_map(|g| &g.rules))
            .filter(|r| r.span.start <= d.span.start && d.span.start <= r.span.end)
            .any(|r| changed.touches(line(r.span.start), last_content_line(file, &r.span), true))
    });
    before - findings.len()
}

/// The last line of a rule item that holds part of it. A block mapping's span runs on to where the next
/// item starts, and the comments above that item describe it: neither is this rule's, so an alert
/// appended after this one does not make this one changed.
fn last_content_line(file: &crate::source::SourceFile, span: &std::ops::Range<usize>) -> usize {
    let text = file.slice(span);
    let mut end = text.trim_end().len();
    while let Some(line_start) = text[..end].rfind('\n').map(|i| i + 1) {
        if !text[line_start..end].trim_start().starts_with('#') {
            break;
        }
        end = text[..line_start].trim_end().len();
    }
    file.line_col(span.start + end.saturating_sub(1)).line
}

const EXPIRED_CODE: &str = crate::rules::obs::suppression_expired::CODE;
const UNUSED_CODE: &str = crate::rules::obs::unused_suppression::CODE;

/// Filter (selection, per-file ignores, suppression comments), resolve severity, fingerprint and sort.
fn finish(diagnostics: Vec<Diagnostic>, index: &ProjectIndex, settings: &Settings) -> Vec<Finding> {
    let selected = |d: &Diagnostic| {
        index.files.get(d.file).is_some_and(|file| {
            settings.rules.is_enabled(d.code)
                && !settings.rules.ignored_in(d.code, &file.root_relative)
        })
    };
    let (mut kept, used) =
        apply_suppressions(diagnostics.into_iter().filter(selected).collect(), index);
    kept.extend(
        suppression_findings(index, &used, settings)
            .into_iter()
            .filter(selected),
    );
    let mut findings: Vec<Finding> = kept
        .into_iter()
        .filter_map(|d| {
            let rule = registry::find(d.code)?;
            let file = index.files.get(d.file)?;
            Some(Finding {
                severity: settings.rules.severity_for(rule, d.severity),
                rule,
                fingerprint: fingerprint(&d, file),
                diagnostic: d,
            })
        })
        .collect();
    findings.sort_by_cached_key(|f| {
        let file = &index.files[f.diagnostic.file];
        let at = file.line_col(f.diagnostic.span.start);
        (
            file.display_path.clone(),
            at.line,
            at.column,
            f.diagnostic.code,
            f.diagnostic.message.clone(),
        )
    });
    // Identical findings (the same defect twice in one alert) still need distinct fingerprints.
    let mut seen = std::collections::HashMap::new();
    for f in &mut findings {
        let n = seen.entry(f.fingerprint.clone()).or_insert(0usize);
        if *n > 0 {
            f.fingerprint = hash(&[&f.fingerprint, &n.to_string()]);
        }
        *n += 1;
    }
    findings
}

/// (file, suppression, selector) triples that suppressed something.
type Used = std::collections::HashSet<(usize, usize, usize)>;

/// Drops suppressed diagnostics; returns the rest and which selectors were used.
fn apply_suppressions(
    diagnostics: Vec<Diagnostic>,
    index: &ProjectIndex,
) -> (Vec<Diagnostic>, Used) {
    let mut used = Used::new();
    let mut suppressed = vec![false; diagnostics.len()];
    let mut by_file: std::collections::HashMap<usize, Vec<usize>> =
        std::collections::HashMap::new();
    for (k, d) in diagnostics.iter().enumerate() {
        if index
            .suppressions
            .get(d.file)
            .is_some_and(|s| !s.is_empty())
        {
            by_file.entry(d.file).or_default().push(k);
        }
    }
    for (file, mut ks) in by_file {
        ks.sort_by_key(|&k| diagnostics[k].span.start);
        let sweep = SuppressionSweep {
            file,
            suppressions: &index.suppressions[file],
        };
        sweep.run(&ks, &diagnostics, &mut suppressed, &mut used);
    }
    let kept = diagnostics
        .into_iter()
        .zip(suppressed)
        .filter_map(|(d, s)| (!s).then_some(d))
        .collect();
    (kept, used)
}

/// One file's suppressions matched against its diagnostics in offset order: a sweep, so the cost is
/// the comments plus the findings, never their product (100k comments and 100k findings in one file).
struct SuppressionSweep<'a> {
    file: usize,
    suppressions: &'a [crate::suppress::Suppression],
}

impl SuppressionSweep<'_> {
    /// `ks` are indexes into `diagnostics`, sorted by start offset.
    fn run(
        &self,
        ks: &[usize],
        diagnostics: &[Diagnostic],
        suppressed: &mut [bool],
        used: &mut Used,
    ) {
        use std::cmp::Reverse;
        use std::collections::{BinaryHeap, HashMap};
        let sups = self.suppressions;
        // Per suppression: each code it names, with the first selector naming it (what `matches` gives).
        let codes: Vec<Vec<(&'static str, usize)>> = sups
            .iter()
            .map(|s| {
                let mut named: Vec<(&'static str, usize)> = Vec::new();
                if s.expired {
                    return named;
                }
                for (j, (_, named_codes)) in s.selectors.iter().enumerate() {
                    for &code in named_codes {
                        if !named.iter().any(|(c, _)| *c == code) {
                            named.push((code, j));
                        }
                    }
                }
                named
            })
            .collect();
        // An empty range covers only its own start: looked up by offset, outside the sweep.
        let mut empties: HashMap<usize, Vec<usize>> = HashMap::new();
        let mut order: Vec<usize> = Vec::new();
        for (i, s) in sups.iter().enumerate() {
            if codes[i].is_empty() {
                continue;
            }
            if s.covers.is_empty() {
                empties.entry(s.covers.start).or_default().push(i);
            } else {
                order.push(i);
            }
        }
        order.sort_by_key(|&i| sups[i].covers.start);
        let mut next = 0;
        let mut ends = BinaryHeap::new();
        // Suppressions covering the current offset, counted per code.
        let mut active: HashMap<&'static str, usize> = HashMap::new();
        // Started suppressions per code not yet marked used: each is marked (or dropped) once.
        let mut pending: HashMap<&'static str, Vec<usize>> = HashMap::new();
        let selector = |i: usize, code: &str| {
            codes[i]
                .iter()
                .find(|(c, _)| *c == code)
                .map_or(0, |&(_, j)| j)
        };
        for &k in ks {
            let d = &diagnostics[k];
            let at = d.span.start;
            while let Some(&i) = order.get(next).filter(|&&i| sups[i].covers.start <= at) {
                next += 1;
                ends.push(Reverse((sups[i].covers.end, i)));
                for &(c, _) in &codes[i] {
                    *active.entry(c).or_default() += 1;
                    pending.entry(c).or_default().push(i);
                }
            }
            while let Some(&Reverse((end, i))) = ends.peek() {
                if end > at {
                    break;
                }
                ends.pop();
                for &(c, _) in &codes[i] {
                    if let Some(n) = active.get_mut(c) {
                        *n = n.saturating_sub(1);
                    }
                }
            }
            let mut hit = false;
            if active.get(d.code).is_some_and(|&n| n > 0) {
                hit = true;
                for i in pending.remove(d.code).unwrap_or_default() {
                    // Started before `at`; still covering it unless it ended (then it never will again).
                    if sups[i].covers.end > at {
                        used.insert((self.file, i, selector(i, d.code)));
                    }
                }
            }
            for &i in empties.get(&at).into_iter().flatten() {
                if let Some(j) = sups[i].matches(d.code, at) {
                    used.insert((self.file, i, j));
                    hit = true;
                }
            }
            suppressed[k] |= hit;
        }
    }
}

/// OBS002 for expired suppressions, OBS003 for selectors that suppressed nothing (of enabled rules).
fn suppression_findings(index: &ProjectIndex, used: &Used, settings: &Settings) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for (file, suppressions) in index.suppressions.iter().enumerate() {
        for (i, s) in suppressions.iter().enumerate() {
            let comment = index.files[file].slice(&s.span).to_string();
            if s.expired {
                let until = s.until.as_deref().unwrap_or("");
                let message = if crate::suppress::is_date(until) {
                    format!("suppression expired on {until}: its findings are reported again")
                } else {
                    format!("suppression has an invalid expiry `{until}` (use YYYY-MM-DD), so it suppresses nothing")
                };
                out.push(
                    Diagnostic::new(EXPIRED_CODE, file, s.span.clone(), message)
                        .with_help("fix the findings, or agree on a new date and update `until=`")
                        .with_identity(comment.clone()),
                );
                continue;
            }
            for (j, (selector, codes)) in s.selectors.iter().enumerate() {
                if used.contains(&(file, i, j)) {
                    continue;
                }
                let message = if codes.is_empty() {
                    format!("`{selector}` names no obslint rule, so it suppresses nothing")
                } else if codes.iter().any(|c| settings.rules.is_enabled(c)) {
                    format!("`{selector}` suppresses nothing here")
                } else {
                    continue; // The rule is not run this time: we cannot tell.
                };
                out.push(
                    Diagnostic::new(UNUSED_CODE, file, s.span.clone(), message)
                        .with_help(
                            "remove it: a stale suppression would hide the next real finding",
                        )
                        .with_identity(format!("{comment}/{selector}")),
                );
            }
        }
    }
    out
}

/// Stable across unrelated edits: code, path, what the finding is about and the offending text, never
/// the line number.
fn fingerprint(d: &Diagnostic, file: &SourceFile) -> String {
    let offending: String = file
        .slice(&d.span)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    hash(&[d.code, &file.display_path, &d.identity, &offending])
}

fn hash(parts: &[&str]) -> String {
    let mut h = Sha256::new();
    for p in parts {
        h.update(p.as_bytes());
        h.update([0]);
    }
    h.finalize()
        .iter()
        .take(8)
        .map(|b| format!("{b:02x}"))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::suppress::Suppression;

    /// The sweep gives what matching every diagnostic against every suppression gives.
    #[test]
    fn suppression_sweep_equals_the_pairwise_match() {
        let rules = &registry::ALL[..4];
        // A small deterministic generator: overlapping, nested, empty and expired ranges.
        let mut seed = 7u64;
        let mut next = |m: u64| {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            ((seed >> 33) % m) as usize
        };
        for _ in 0..200 {
            let sups: Vec<Suppression> = (0..next(8))
                .map(|_| {
                    let start = next(40);
                    let selectors = (0..1 + next(3))
                        .map(|_| {
                            let r = rules[next(4)];
                            (r.code.to_string(), vec![r.code])
                        })
                        .collect();
                    Suppression {
                        span: 0..0,
                        covers: start..start + next(12),
                        selectors,
                        until: None,
                        expired: next(6) == 0,
                    }
                })
                .collect();
            let diagnostics: Vec<Diagnostic> = (0..next(10))
                .map(|_| {
                    let at = next(50);
                    Diagnostic::new(rules[next(4)].code, 0, at..at + 1, "m")
                })
                .collect();
            let mut expected_used = Used::new();
            let expected: Vec<bool> = diagnostics
                .iter()
                .map(|d| {
                    let mut hit = false;
                    for (i, s) in sups.iter().enumerate() {
                        if let Some(j) = s.matches(d.code, d.span.start) {
                            expected_used.insert((0, i, j));
                            hit = true;
                        }
                    }
                    hit
                })
                .collect();
            let mut order: Vec<usize> = (0..diagnostics.len()).collect();
            order.sort_by_key(|&k| diagnostics[k].span.start);
            let mut suppressed = vec![false; diagnostics.len()];
            let mut used = Used::new();
            SuppressionSweep {
                file: 0,
                suppressions: &sups,
            }
            .run(&order, &diagnostics, &mut suppressed, &mut used);
            assert_eq!(suppressed, expected);
            assert_eq!(used, expected_used);
        }
    }
}
