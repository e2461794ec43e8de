//! The plan: command-line arguments and the config file resolved, before any file is read, into the
//! settings every later stage uses. A bad config fails here, with exit 2, before any work.

use crate::alerts::dialect::Dialect;
use crate::alerts::settings::{AlertSettings, Explicit, Inferred, NameValidation, Policy};
use crate::cli::{CheckArgs, FailOn, SchemaDiffArgs};
use crate::config::{ConfigError, LoadedConfig};
use crate::diagnostic::Severity;
use crate::python::settings::{CriticalPath, PythonSettings};
use crate::report::Format;
use crate::rules::met::MetricSettings;
use crate::rules::registry::{self, expand_selector};
use crate::rules::selection::RuleSelection;
use crate::rules::RuleDef;
use crate::source::{canonical_or_new, StdinFile};
use crate::trace::plan::{Base, BaseFile, TraceSettings, DEFAULT_REGISTRY};
use globset::{Glob, GlobMatcher, GlobSet, GlobSetBuilder};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use toml::Spanned;

/// A severity written in the config (`"error"`), or a located error.
fn severity_value(loaded: &LoadedConfig, level: &Spanned<String>) -> Result<Severity, ConfigError> {
    Severity::parse(level.get_ref()).ok_or_else(|| {
        ConfigError::at(
            loaded,
            level.span(),
            format!("unknown severity `{}`", level.get_ref()),
        )
        .with_help("use error, warning or info")
    })
}

fn resolve_python(loaded: &LoadedConfig) -> Result<PythonSettings, ConfigError> {
    use crate::python::sensitive::Category;
    let cfg = &loaded.config.python;
    let mut out = PythonSettings {
        logger_objects: cfg.logger_objects.clone(),
        redaction_functions: cfg.redaction_functions.clone(),
        ..PythonSettings::default()
    };
    for (name, level) in &cfg.category_severity {
        let category = [
            Category::Secret,
            Category::Pii,
            Category::Financial,
            Category::Health,
        ]
        .into_iter()
        .find(|c| c.as_str() == name)
        .ok_or_else(|| {
            ConfigError::at(
                loaded,
                level.span(),
                format!("unknown category `{name}` in category-severity"),
            )
            .with_help("use secret, pii, financial or health")
        })?;
        let severity = severity_value(loaded, level)?;
        out.category_severity.insert(category, severity);
    }
    for entry in &cfg.critical_paths {
        let glob = |pattern: &Spanned<String>| {
            Glob::new(pattern.get_ref())
                .map(|g| g.compile_matcher())
                .map_err(|e| ConfigError::at(loaded, pattern.span(), format!("invalid glob: {e}")))
        };
        if entry.function.is_none() && entry.decorator.is_none() {
            return Err(ConfigError::at(
                loaded,
                entry.path.span(),
                "a critical path needs `function` or `decorator`",
            )
            .with_help(r#"e.g. { path = "billing/*.py", function = "reconcile_*" }"#));
        }
        out.critical_paths.push(CriticalPath {
            path: glob(&entry.path)?,
            function: entry.function.as_ref().map(glob).transpose()?,
            decorator: entry.decorator.as_ref().map(|d| d.get_ref().clone()),
        });
    }
    Ok(out)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FixMode {
    Off,
    Apply,
    Diff,
}

pub struct Settings {
    /// Where config globs and runbook base URLs are anchored: the config file's directory.
    pub root: PathBuf,
    /// Paths in reports are relative to this.
    pub cwd: PathBuf,
    /// What is walked and known: the project root when the paths given lie inside it (see `narrow`).
    pub paths: Vec<PathBuf>,
    /// When set, findings are reported only for files at or below these canonical paths.
    pub report_only: Option<Vec<PathBuf>>,
    /// Draw a progress line on stderr for a long run (stderr is a terminal and not --quiet).
    pub progress: bool,
    /// `check --stdin-filename PATH -`: the text read from standard input stands for the file at PATH.
    pub stdin: Option<StdinFile>,
    /// `--fix` / `--diff`, and whether unsafe fixes are taken too.
    pub fix: FixMode,
    pub unsafe_fixes: bool,
    pub exclude: GlobSet,
    pub max_file_size: u64,
    pub rules: RuleSelection,
    pub alerts: AlertSettings,
    pub python: PythonSettings,
    pub metrics: MetricSettings,
    /// `--explain-coverage`: print what instruments each entry point.
    pub explain_coverage: bool,
    /// `[trace]`: the registry folder, and the base registry to compare it with.
    pub trace: TraceSettings,
    /// None for `--fail-on never`.
    pub fail_on: Option<Severity>,
    pub format: Format,
    pub output: Option<PathBuf>,
    /// Further reports written in the same run (`--report FORMAT=FILE`, `--output-sarif FILE`).
    pub reports: Vec<(Format, PathBuf)>,
    pub statistics: bool,
    /// Findings to hide, from `--baseline` or config `baseline` (read here: a bad one stops the run).
    pub baseline: Option<crate::baseline::Baseline>,
    pub write_baseline: Option<PathBuf>,
    /// `--diff-base`: what changed, read from git before any file is checked.
    pub diff: Option<crate::diff::DiffFilter>,
    pub color: bool,
    pub quiet: bool,
    /// Read and write the cache at the project root (not with `--no-cache`).
    pub cache: bool,
    /// Live mode (`--prometheus` or `[prometheus] url`); None: nothing touches the network.
    pub live: Option<crate::live::settings::LiveSettings>,
    /// LIV rules were asked for by name but no server was given: the summary says they did not run.
    pub live_not_run: bool,
}

impl Settings {
    /// What discovery walks, and which kinds of file it keeps: Python only when a rule reads it.
    pub fn walk(&self) -> crate::discover::Walk<'_> {
        let family = |families: &[&str]| {
            self.rules
                .enabled()
                .iter()
                .any(|r| families.contains(&r.family()))
        };
        crate::discover::Walk {
            paths: &self.paths,
            root: &self.root,
            cwd: &self.cwd,
            exclude: &self.exclude,
            report_only: self.report_only.as_deref(),
            rule_files: &self.alerts.rule_files,
            trace: &self.trace,
            stdin: self.stdin.as_ref(),
            python: family(&["PII", "PY", "TRC"]) || family(crate::discover::CATALOG_FAMILIES),
            launchers: family(&["INS"]),
        }
    }
}

impl Settings {
    /// Everything that shapes a Python file's facts besides its content and path: the enabled rules
    /// (which decide what is parsed), the file size limit and `[python]`. The cache is keyed by it.
    pub fn python_cache_key(&self) -> Vec<u8> {
        let codes: Vec<&str> = self.rules.enabled().iter().map(|r| r.code).collect();
        let critical: Vec<String> = self
            .python
            .critical_paths
            .iter()
            .map(|p| {
                format!(
                    "{} {:?} {:?}",
                    p.path.glob(),
                    p.function.as_ref().map(|f| f.glob().glob()),
                    p.decorator
                )
            })
            .collect();
        format!(
            "codes={codes:?} max={} loggers={:?} redaction={:?} critical={critical:?}",
            self.max_file_size, self.python.logger_objects, self.python.redaction_functions,
        )
        .into_bytes()
    }
}

/// `sarif=obslint.sarif` → (Sarif, "obslint.sarif").
fn parse_report(spec: &str) -> Result<(Format, PathBuf), ConfigError> {
    use clap::ValueEnum;
    let (format, file) = spec
        .split_once('=')
        .filter(|(f, p)| !f.is_empty() && !p.is_empty())
        .ok_or_else(|| {
            ConfigError::plain(format!("invalid --report `{spec}`"))
                .with_help("write it as FORMAT=FILE, e.g. --report sarif=obslint.sarif")
        })?;
    let format = Format::from_str(format, true).map_err(|_| {
        ConfigError::plain(format!(
            "unknown report format `{format}` in --report `{spec}`"
        ))
        .with_help("use text, json, sarif, github, gitlab, junit or concise")
    })?;
    Ok((format, PathBuf::from(file)))
}

pub const DEFAULT_MAX_FILE_SIZE_KB: u64 = 10 * 1024;

/// The nearest folder at or above `root` that holds `.git`, else `root`.
fn repository_of(root: &Path) -> PathBuf {
    let root = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
    root.ancestors()
        .find(|dir| dir.join(".git").exists())
        .map_or_else(|| root.clone(), Path::to_path_buf)
}

/// Paths given inside a project narrow what is *reported*, not what is *known*: pre-commit passes only
/// the staged files, and a cross-file check (an alert on a metric no code emits, a duplicate in another
/// file, a runbook link) must still see the rest. So with a config file whose folder holds every given
/// path, the walk starts at that folder and findings are kept for the given paths. Without a config
/// there is no project to know, and the paths are walked as given.
fn narrow(
    paths: &[PathBuf],
    loaded: &LoadedConfig,
    cwd: &Path,
) -> (Vec<PathBuf>, Option<Vec<PathBuf>>) {
    let as_given = || (paths.to_vec(), None);
    if loaded.path.is_none() {
        return as_given();
    }
    let Ok(root) = loaded.root.canonicalize() else {
        return as_given();
    };
    let mut wanted = Vec::new();
    for path in paths {
        let p = canonical_or_new(&cwd.join(path));
        if !p.starts_with(&root) || p.parent().is_none_or(|dir| !dir.exists()) {
            return as_given(); // outside the project, or missing (reported as such later)
        }
        wanted.push(p);
    }
    if wanted.contains(&root) {
        return as_given();
    }
    (vec![loaded.root.clone()], Some(wanted))
}

/// Whether text output is coloured. The flags win over the environment; with `auto`, FORCE_COLOR or
/// CLICOLOR_FORCE (set and not `0`) turn colours on (CI logs render them), NO_COLOR turns them off, and
/// otherwise only a terminal on stdout gets them (never a file given with --output).
fn use_color(args: &CheckArgs) -> bool {
    let set = |name: &str| std::env::var_os(name).is_some_and(|v| !v.is_empty() && v != "0");
    match (args.no_color, args.color) {
        (true, _) | (_, crate::cli::ColorChoice::Never) => false,
        (_, crate::cli::ColorChoice::Always) => true,
        (_, crate::cli::ColorChoice::Auto) => {
            if set("FORCE_COLOR") || set("CLICOLOR_FORCE") {
                true
            } else {
                std::env::var_os("NO_COLOR").is_none()
                    && args.output.is_none()
                    && std::io::IsTerminal::is_terminal(&std::io::stdout())
            }
        }
    }
}

/// Resolves `obslint check` arguments and the config into settings.
pub fn resolve(
    args: &CheckArgs,
    loaded: &LoadedConfig,
    cwd: PathBuf,
) -> Result<Settings, ConfigError> {
    let config = &loaded.config;
    let rules = resolve_rules(args, loaded)?;
    let mut alerts = resolve_alerts(loaded)?;
    // TST001 is off by default: naming it in a selection turns it on, as `[tests] require` does.
    let names_tst001 = |s: &str| {
        s.eq_ignore_ascii_case(crate::rules::tst::alert_without_test::CODE)
            || s == crate::rules::tst::alert_without_test::RULE.name
    };
    alerts.tests.require |= selection_names(args, loaded, names_tst001);
    let exclude = glob_set(loaded, &config.exclude)?;
    // A summary view prints text or JSON only: any other format is a mistake to say, not to ignore.
    for (flag, on) in [
        ("--statistics", args.statistics),
        ("--explain-coverage", args.explain_coverage),
    ] {
        if on && !matches!(args.format, Format::Text | Format::Json) {
            return Err(ConfigError::plain(format!(
                "{flag} prints text or json, not `{}`",
                clap::ValueEnum::to_possible_value(&args.format)
                    .map_or_else(String::new, |v| v.get_name().to_string())
            )));
        }
    }
    let live = resolve_live(
        &args.live,
        loaded,
        crate::live::settings::DEFAULT_LOOKBACK_MS,
    )?;
    let diff_cwd = cwd.clone();
    let narrowed = narrow(&args.paths, loaded, &cwd);
    let color = use_color(args);
    Ok(Settings {
        root: loaded.root.clone(),
        cwd,
        paths: narrowed.0,
        report_only: narrowed.1,
        progress: !args.quiet && std::io::IsTerminal::is_terminal(&std::io::stderr()),
        fix: match (args.fix, args.diff) {
            (_, true) => FixMode::Diff,
            (true, false) => FixMode::Apply,
            (false, false) => FixMode::Off,
        },
        unsafe_fixes: args.unsafe_fixes,
        stdin: None,
        exclude,
        max_file_size: config.max_file_size_kb.unwrap_or(DEFAULT_MAX_FILE_SIZE_KB) * 1024,
        rules,
        alerts,
        python: resolve_python(loaded)?,
        metrics: MetricSettings {
            prefixes: loaded.config.metrics.metric_prefixes.clone(),
            critical: loaded.config.metrics.critical_metrics.clone(),
        },
        explain_coverage: args.explain_coverage,
        trace: resolve_trace(args, loaded)?,
        fail_on: match args.fail_on {
            FailOn::Error => Some(Severity::Error),
            FailOn::Warning => Some(Severity::Warning),
            FailOn::Info => Some(Severity::Info),
            FailOn::Never => None,
        },
        format: args.format,
        output: args.output.clone(),
        reports: args
            .reports
            .iter()
            .map(|r| parse_report(r))
            .chain(
                args.output_sarif
                    .iter()
                    .map(|p| Ok((Format::Sarif, p.clone()))),
            )
            .collect::<Result<_, _>>()?,
        statistics: args.statistics,
        baseline: match (&args.baseline, &config.baseline) {
            _ if args.write_baseline.is_some() => None,
            (Some(path), _) => Some(crate::baseline::Baseline::read(path)?),
            (None, Some(path)) => Some(crate::baseline::Baseline::read(&loaded.root.join(path))?),
            (None, None) => None,
        },
        write_baseline: args.write_baseline.clone(),
        diff: match &args.diff_base {
            Some(base) => Some(crate::diff::changes_since(base, &diff_cwd)?),
            None => None,
        },
        color,
        quiet: args.quiet,
        cache: !args.no_cache,
        live_not_run: live.is_none() && names_live(args, loaded),
        live,
    })
}

/// Whether a selection names the LIV family or one of its rules (not only `ALL`).
fn names_live(args: &CheckArgs, loaded: &LoadedConfig) -> bool {
    let is_live = |s: &str| {
        let s = s.trim();
        s.len() >= 3 && s[..3].eq_ignore_ascii_case("LIV")
            || registry::find(s).is_some_and(|r| r.family() == "LIV")
    };
    selection_names(args, loaded, is_live)
}

/// Whether an entry of `--select` or of the config's `select` satisfies `names`.
fn selection_names(args: &CheckArgs, loaded: &LoadedConfig, names: impl Fn(&str) -> bool) -> bool {
    args.select.iter().flatten().any(|s| names(s))
        || loaded
            .config
            .rules
            .select
            .iter()
            .flatten()
            .any(|s| names(s.get_ref()))
}

/// `--prometheus*` flags and `[prometheus]` resolved; None when no URL is given (live mode off).
pub fn resolve_live(
    args: &crate::cli::LiveArgs,
    loaded: &LoadedConfig,
    default_lookback_ms: u64,
) -> Result<Option<crate::live::settings::LiveSettings>, ConfigError> {
    use crate::live::settings::{parse_header, LiveSettings};
    let cfg = &loaded.config.prometheus;
    let url = match (&args.prometheus, &cfg.url) {
        (Some(url), _) => url.clone(),
        (None, Some(url)) => url.get_ref().clone(),
        (None, None) if args.lookback.is_some() || !args.prometheus_headers.is_empty() => {
            return Err(ConfigError::plain(
                "--lookback and --prometheus-header go with a server: none is given",
            )
            .with_help("add --prometheus URL, or `url` under [prometheus] in the config"))
        }
        (None, None) => return Ok(None),
    };
    let lower = url.trim().to_ascii_lowercase();
    if !(lower.starts_with("http://") || lower.starts_with("https://")) || lower.len() < 9 {
        let message = format!("invalid Prometheus URL `{url}`");
        let err = match (&args.prometheus, &cfg.url) {
            (None, Some(u)) => ConfigError::at(loaded, u.span(), message),
            _ => ConfigError::plain(message),
        };
        return Err(err.with_help("write it as http://host:9090 or https://host/prefix"));
    }
    let mut live = LiveSettings::new(&url);
    for h in &cfg.headers {
        live.headers.push(parse_header(h.get_ref()).map_err(|e| {
            ConfigError::at(loaded, h.span(), format!("[prometheus] headers: {e}"))
        })?);
    }
    for h in &args.prometheus_headers {
        live.headers.push(
            parse_header(h).map_err(|e| ConfigError::plain(format!("--prometheus-header: {e}")))?,
        );
    }
    live.lookback_ms = match &args.lookback {
        Some(text) => crate::duration::parse_ms(text)
            .filter(|ms| *ms > 0)
            .ok_or_else(|| {
                ConfigError::plain(format!("invalid --lookback `{text}`"))
                    .with_help("use a Prometheus duration such as `7d` or `12h`")
            })?,
        None => duration(loaded, &cfg.lookback, default_lookback_ms)?,
    };
    if live.lookback_ms == 0 {
        return Err(ConfigError::plain("the lookback must be longer than 0"));
    }
    let timeout = duration(loaded, &cfg.timeout, live.timeout.as_millis() as u64)?;
    live.timeout = std::time::Duration::from_millis(timeout.max(1));
    live.concurrency = cfg.concurrency.unwrap_or(live.concurrency).clamp(1, 64);
    live.max_queries = cfg.max_queries.unwrap_or(live.max_queries).max(1);
    if let Some(n) = cfg.noisy_firings_per_week {
        live.thresholds.noisy_per_week = n;
    }
    live.thresholds.flap_ms = duration(loaded, &cfg.flap_threshold, live.thresholds.flap_ms)?;
    Ok(Some(live))
}

/// `[trace]` of the config and `--schema-base` of `obslint check`.
fn resolve_trace(args: &CheckArgs, loaded: &LoadedConfig) -> Result<TraceSettings, ConfigError> {
    let registry = match &loaded.config.trace.registry {
        Some(value) => {
            let dir = loaded.root.join(value.get_ref());
            if !dir.is_dir() {
                return Err(ConfigError::at(
                    loaded,
                    value.span(),
                    format!("trace.registry `{}` is not a folder", value.get_ref()),
                )
                .with_help("name the folder that holds the semantic-convention YAML, relative to this config file"));
            }
            Some(dir)
        }
        None => Some(loaded.root.join(DEFAULT_REGISTRY)).filter(|d| d.is_dir()),
    };
    let base = match (&args.schema_base, &registry) {
        (None, _) => None,
        (Some(reference), Some(dir)) => Some(Base {
            name: reference.clone(),
            files: crate::trace::git::files_at(reference, dir, &loaded.root)?,
        }),
        (Some(_), None) => {
            return Err(ConfigError::plain(format!(
                "--schema-base: no registry folder (`{DEFAULT_REGISTRY}` does not exist and config `trace.registry` is not set)"
            ))
            .with_help("set `[trace] registry = \"...\"` in obslint.toml to the folder with the semantic-convention YAML"))
        }
    };
    Ok(TraceSettings::new(registry, base))
}

/// The settings of `obslint schema-diff OLD_DIR NEW_DIR`: a check of NEW_DIR as the registry, compared
/// with OLD_DIR, with only the registry rules (TRC000 and TRC1xx) selected.
pub fn schema_diff(
    args: &SchemaDiffArgs,
    loaded: &LoadedConfig,
    cwd: PathBuf,
) -> Result<Settings, ConfigError> {
    for dir in [&args.old, &args.new] {
        if !dir.is_dir() {
            return Err(ConfigError::plain(format!(
                "schema-diff: `{}` is not a folder",
                dir.display()
            ))
            .with_help(
                "give the old and the new registry folders: obslint schema-diff OLD_DIR NEW_DIR",
            ));
        }
    }
    let check = CheckArgs {
        config: args.config.clone(),
        format: args.format,
        output: args.output.clone(),
        fail_on: args.fail_on,
        no_color: args.no_color,
        quiet: args.quiet,
        select: Some(vec!["TRC000".into(), "TRC1".into()]),
        ..CheckArgs::new(vec![args.new.clone()])
    };
    let mut settings = resolve(&check, loaded, cwd)?;
    let base = Base {
        name: args.old.display().to_string(),
        files: crate::trace::load::yaml_files(&args.old)
            .into_iter()
            .filter_map(|path| {
                let text = crate::source::read_regular(&path, None).ok()?;
                Some(BaseFile {
                    display_path: crate::source::relative_to(&path, &settings.cwd),
                    root_relative: crate::source::relative_to(&path, &settings.root),
                    text: String::from_utf8_lossy(&text).into_owned(),
                })
            })
            .collect(),
    };
    settings.trace = TraceSettings::new(Some(args.new.clone()), Some(base));
    Ok(settings)
}

fn expand_spanned(
    loaded: &LoadedConfig,
    selectors: &[Spanned<String>],
) -> Result<Vec<&'static RuleDef>, ConfigError> {
    let mut out = Vec::new();
    for s in selectors {
        let rules = expand_selector(s.get_ref())
            .ok_or_else(|| unknown_selector(loaded, s.get_ref(), Some(s.span())))?;
        out.extend(rules);
    }
    Ok(out)
}

fn unknown_selector(
    loaded: &LoadedConfig,
    selector: &str,
    span: Option<std::ops::Range<usize>>,
) -> ConfigError {
    let message = format!("unknown rule selector `{selector}`");
    let err = match span {
        Some(span) => ConfigError::at(loaded, span, message),
        None => ConfigError::plain(message),
    };
    err.with_help(format!(
        "use a rule code (RUN001), a family prefix ({}) or ALL; `obslint rules` lists them",
        registry::families().join(", ")
    ))
}

fn resolve_rules(args: &CheckArgs, loaded: &LoadedConfig) -> Result<RuleSelection, ConfigError> {
    let cfg = &loaded.config.rules;
    // The command line's --select replaces the config's, as in ruff; --ignore adds to it.
    let selected: Vec<&'static RuleDef> = match (&args.select, &cfg.select) {
        (Some(cli), _) => {
            let mut out = Vec::new();
            for s in cli {
                out.extend(expand_selector(s).ok_or_else(|| unknown_selector(loaded, s, None))?);
            }
            out
        }
        (None, Some(config)) => expand_spanned(loaded, config)?,
        (None, None) => registry::ALL.to_vec(),
    };
    let mut ignored = expand_spanned(loaded, &cfg.ignore)?;
    for s in &args.ignore {
        ignored.extend(expand_selector(s).ok_or_else(|| unknown_selector(loaded, s, None))?);
    }
    let mut enabled: Vec<&'static RuleDef> = Vec::new();
    for rule in selected {
        if !ignored.iter().any(|r| r.code == rule.code)
            && !enabled.iter().any(|r| r.code == rule.code)
        {
            enabled.push(rule);
        }
    }

    let mut severity = HashMap::new();
    for (selector, level) in &cfg.severity {
        let rules = expand_selector(selector)
            .ok_or_else(|| unknown_selector(loaded, selector, Some(level.span())))?;
        let sev = severity_value(loaded, level)?;
        for rule in rules {
            severity.insert(rule.code, sev);
        }
    }

    let mut per_file_ignores = Vec::new();
    for (pattern, selectors) in &cfg.per_file_ignores {
        let glob = Glob::new(pattern)
            .map_err(|e| {
                ConfigError::plain(format!("invalid glob `{pattern}` in per-file-ignores: {e}"))
            })?
            .compile_matcher();
        per_file_ignores.push((glob, expand_spanned(loaded, selectors)?));
    }
    Ok(RuleSelection::new(enabled, severity, per_file_ignores))
}

fn glob_set(loaded: &LoadedConfig, globs: &[Spanned<String>]) -> Result<GlobSet, ConfigError> {
    let mut builder = GlobSetBuilder::new();
    for g in globs {
        builder.add(glob(loaded, g)?);
        // `vendor` should also exclude everything below it, as in .gitignore.
        if let Ok(below) = Glob::new(&format!("{}/**", g.get_ref().trim_end_matches('/'))) {
            builder.add(below);
        }
    }
    builder
        .build()
        .map_err(|e| ConfigError::plain(format!("invalid globs: {e}")))
}

fn glob(loaded: &LoadedConfig, g: &Spanned<String>) -> Result<Glob, ConfigError> {
    Glob::new(g.get_ref())
        .map_err(|e| ConfigError::at(loaded, g.span(), format!("invalid glob: {e}")))
}

fn duration(
    loaded: &LoadedConfig,
    value: &Option<Spanned<String>>,
    default: u64,
) -> Result<u64, ConfigError> {
    match value {
        None => Ok(default),
        Some(v) => crate::duration::parse_ms(v.get_ref()).ok_or_else(|| {
            ConfigError::at(
                loaded,
                v.span(),
                format!("invalid duration `{}`", v.get_ref()),
            )
            .with_help("use a Prometheus duration such as `30s`, `1m` or `1h30m`")
        }),
    }
}

fn resolve_alerts(loaded: &LoadedConfig) -> Result<AlertSettings, ConfigError> {
    let cfg = &loaded.config.alerts;
    let defaults = AlertSettings::default();
    let scrape_interval_ms = duration(loaded, &cfg.scrape_interval, defaults.scrape_interval_ms)?;
    if scrape_interval_ms == 0 {
        let span = cfg.scrape_interval.as_ref().map_or(0..0, |s| s.span());
        return Err(ConfigError::at(
            loaded,
            span,
            "scrape-interval must be longer than 0",
        ));
    }
    let runbook_url_pattern = match &cfg.runbook_url_pattern {
        None => None,
        Some(p) => Some(regex::Regex::new(p.get_ref()).map_err(|e| {
            ConfigError::at(
                loaded,
                p.span(),
                format!("invalid runbook-url-pattern: {e}"),
            )
        })?),
    };
    let name_validation = match cfg
        .name_validation
        .as_ref()
        .map(|s| (s.get_ref().as_str(), s.span()))
    {
        None | Some(("utf-8", _)) | Some(("utf8", _)) => NameValidation::Utf8,
        Some(("legacy", _)) => NameValidation::Legacy,
        Some((other, span)) => {
            return Err(
                ConfigError::at(loaded, span, format!("unknown name-validation `{other}`"))
                    .with_help("use \"utf-8\" (Prometheus 3, the default) or \"legacy\""),
            )
        }
    };
    let dialect_of = |name: &Spanned<String>| {
        Dialect::from_name(name.get_ref()).ok_or_else(|| {
            ConfigError::at(
                loaded,
                name.span(),
                format!("unknown dialect `{}`", name.get_ref()),
            )
            .with_help(format!(
                "use one of: {}",
                Dialect::NAMES
                    .iter()
                    .map(|(n, _)| format!("\"{n}\""))
                    .collect::<Vec<_>>()
                    .join(", ")
            ))
        })
    };
    let dialect = loaded
        .config
        .dialect
        .as_ref()
        .map(&dialect_of)
        .transpose()?
        .unwrap_or_default();
    let mut dialect_paths = Vec::new();
    for entry in &loaded.config.dialects {
        dialect_paths.push((
            glob(loaded, &entry.path)?.compile_matcher(),
            dialect_of(&entry.dialect)?,
        ));
    }
    let mut policies = Vec::new();
    for (i, p) in cfg.policy.iter().enumerate() {
        let matcher = |g: &Option<Spanned<String>>| -> Result<Option<GlobMatcher>, ConfigError> {
            g.as_ref()
                .map(|g| glob(loaded, g).map(|g| g.compile_matcher()))
                .transpose()
        };
        let mut labels = Vec::new();
        for (name, value) in &p.when.labels {
            labels.push((name.clone(), glob(loaded, value)?.compile_matcher()));
        }
        policies.push(Policy {
            labels,
            group: matcher(&p.when.group)?,
            alert: matcher(&p.when.alert)?,
            file: matcher(&p.when.file)?,
            require_labels: p.require_labels.clone(),
            require_annotations: p.require_annotations.clone(),
            exempt: expand_spanned(loaded, &p.exempt)?
                .iter()
                .map(|r| r.code)
                .collect(),
            number: i + 1,
        });
    }
    let mut rule_sets = Vec::new();
    for (i, set) in cfg.rule_sets.iter().enumerate() {
        let name = set
            .name
            .clone()
            .unwrap_or_else(|| format!("rule set #{}", i + 1));
        rule_sets.push((name, glob_set(loaded, &set.files)?));
    }
    let or = |v: &Option<Vec<String>>, d: Vec<String>| v.clone().unwrap_or(d);
    let explicit = Explicit {
        allowed_severities: cfg.allowed_severities.is_some(),
        paging_severities: cfg.paging_severities.is_some(),
        owner_labels: cfg.owner_labels.is_some(),
        summary_annotations: cfg.summary_annotations.is_some(),
        description_annotations: cfg.description_annotations.is_some(),
        runbook_annotations: cfg.runbook_annotations.is_some(),
        scrape_interval: cfg.scrape_interval.is_some(),
    };
    let config_name = loaded
        .path
        .as_ref()
        .and_then(|p| p.file_name())
        .map_or_else(
            || "the config".to_string(),
            |n| n.to_string_lossy().into_owned(),
        );
    Ok(AlertSettings {
        rule_files: glob_set(loaded, &cfg.rule_files)?,
        scrape_interval_ms,
        scrape_interval_source: if explicit.scrape_interval {
            format!("`alerts.scrape-interval` in {config_name}")
        } else {
            defaults.scrape_interval_source
        },
        job_scrape_intervals: HashMap::new(),
        runbook_annotations: or(&cfg.runbook_annotations, defaults.runbook_annotations),
        runbook_base_urls: cfg.runbook_base_urls.clone(),
        runbook_url_pattern,
        runbook_sections: cfg
            .runbook_sections
            .clone()
            .unwrap_or(defaults.runbook_sections),
        runbook_sections_configured: cfg.runbook_sections.is_some(),
        severity_label: cfg
            .severity_label
            .clone()
            .unwrap_or(defaults.severity_label),
        allowed_severities: or(&cfg.allowed_severities, defaults.allowed_severities),
        paging_severities: or(&cfg.paging_severities, defaults.paging_severities),
        owner_labels: or(&cfg.owner_labels, defaults.owner_labels),
        summary_annotations: or(&cfg.summary_annotations, defaults.summary_annotations),
        description_annotations: or(
            &cfg.description_annotations,
            defaults.description_annotations,
        ),
        min_paging_for_ms: duration(loaded, &cfg.min_paging_for, defaults.min_paging_for_ms)?,
        name_validation,
        policies,
        rule_sets,
        root: loaded.root.clone(),
        boundary: repository_of(&loaded.root),
        explicit,
        inferred: Inferred::default(),
        owner_convention_absent: false,
        dialect,
        dialect_paths,
        repo_urls: crate::gitremote::repository_urls(&repository_of(&loaded.root)),
        slo: crate::alerts::settings::SloOptions {
            period_ms: match &loaded.config.slo.period {
                None => None,
                Some(p) => Some(duration(loaded, &Some(p.clone()), 0)?).filter(|ms| *ms > 0),
            },
        },
        tests: crate::alerts::settings::TestOptions {
            require: loaded.config.tests.require,
            require_for: loaded.config.tests.require_for.clone().unwrap_or_default(),
        },
    })
}
