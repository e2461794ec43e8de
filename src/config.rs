//! `obslint.toml`, or `[tool.obslint]` in `pyproject.toml`: the file format, how it is found, and its
//! errors, which carry the position of the offending key so the user can fix them without guessing.

use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use toml::Spanned;

/// The config file as written. Every table refuses unknown keys: a typo must not silently do nothing.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Config {
    /// Globs relative to the project root, skipped on top of `.gitignore`.
    #[serde(default)]
    pub exclude: Vec<Spanned<String>>,
    /// Files larger than this many KiB are skipped with an OBS001 finding.
    pub max_file_size_kb: Option<u64>,
    /// A baseline file (relative to the config's folder) whose findings are hidden.
    pub baseline: Option<String>,
    /// The ruler the rule files are written for: "prometheus" (default), "thanos", "mimir",
    /// "victoriametrics" or "loki".
    pub dialect: Option<Spanned<String>>,
    /// Per-path dialects: `[[dialects]] path = "thanos/**" dialect = "thanos"`; the first match wins.
    #[serde(default)]
    pub dialects: Vec<DialectConfig>,
    #[serde(default)]
    pub rules: RulesConfig,
    #[serde(default)]
    pub alerts: AlertsConfig,
    #[serde(default)]
    pub python: PythonConfig,
    #[serde(default)]
    pub metrics: MetricsConfig,
    #[serde(default)]
    pub trace: TraceConfig,
    #[serde(default)]
    pub slo: SloConfig,
    #[serde(default)]
    pub tests: TestsConfig,
    #[serde(default)]
    pub prometheus: PrometheusConfig,
}

/// `[prometheus]`: live mode. Off unless `url` (or `--prometheus`) is given.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct PrometheusConfig {
    /// The HTTP API root of a Prometheus-compatible server.
    pub url: Option<Spanned<String>>,
    /// Headers sent with every query, `Name: value`; `$VAR` in a value is read from the environment.
    #[serde(default)]
    pub headers: Vec<Spanned<String>>,
    /// History the live checks read (default 7d; `obslint noise`: 30d).
    pub lookback: Option<Spanned<String>>,
    /// Per query (default 30s).
    pub timeout: Option<Spanned<String>>,
    /// Queries in flight at once (default 4).
    pub concurrency: Option<usize>,
    /// Queries per run at most (default 2000).
    pub max_queries: Option<usize>,
    /// LIV003: more firings per week than this is noisy (default 7).
    pub noisy_firings_per_week: Option<f64>,
    /// LIV004: firings shorter than this, or re-firing within this after resolving, flap (default 5m).
    pub flap_threshold: Option<Spanned<String>>,
}

/// `[slo]`: what burn-rate alerts are judged against.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct SloConfig {
    /// The SLO period the error budget is spent over (`30d`, `28d`); default: what the repository
    /// says (a Sloth/Pyrra spec, Sloth's `slo:time_period:days`), else 30d.
    pub period: Option<Spanned<String>>,
}

/// `[tests]`: alert unit tests (promtool `test rules`).
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct TestsConfig {
    /// Every alert needs a unit test that makes it fire (TST001).
    #[serde(default)]
    pub require: bool,
    /// Only alerts with these severities need one.
    pub require_for: Option<Vec<String>>,
}

/// One `[[dialects]]` entry: files matching `path` (a glob from the config's folder) are written for
/// `dialect`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct DialectConfig {
    pub path: Spanned<String>,
    pub dialect: Spanned<String>,
}

/// `[metrics]`: which metric names this repository owns and which must be alerted on.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct MetricsConfig {
    /// Name prefixes this repository owns (`checkout`); default: the first name segment of every
    /// metric the code defines.
    pub metric_prefixes: Option<Vec<String>>,
    /// Metrics some alert must watch, by their exposed name (`checkout_orders_total`) or base name.
    #[serde(default)]
    pub critical_metrics: Vec<String>,
}

/// One `[[python.critical-paths]]` entry: functions in files matching `path` whose name matches
/// `function`, or that carry the decorator `decorator`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct CriticalPathConfig {
    pub path: Spanned<String>,
    pub function: Option<Spanned<String>>,
    pub decorator: Option<Spanned<String>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct TraceConfig {
    /// The semantic-convention registry folder (default `telemetry/registry` when it exists).
    pub registry: Option<Spanned<String>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct PythonConfig {
    /// Project-specific logger names and wrappers (`audit`, `self.events`).
    #[serde(default)]
    pub logger_objects: Vec<String>,
    /// The project's own redaction functions (`mask_email`, `utils.scrub`).
    #[serde(default)]
    pub redaction_functions: Vec<String>,
    /// Severity per category of sensitive data: `{ pii = "error" }`.
    #[serde(default)]
    pub category_severity: BTreeMap<String, Spanned<String>>,
    /// Code paths that must be instrumented: `{ path = "billing/*.py", function = "reconcile_*" }`.
    #[serde(default)]
    pub critical_paths: Vec<CriticalPathConfig>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct RulesConfig {
    pub select: Option<Vec<Spanned<String>>>,
    #[serde(default)]
    pub ignore: Vec<Spanned<String>>,
    /// Per-code severity: `{ PQL003 = "error" }`.
    #[serde(default)]
    pub severity: BTreeMap<String, Spanned<String>>,
    /// File glob → codes or prefixes to ignore there.
    #[serde(default)]
    pub per_file_ignores: BTreeMap<String, Vec<Spanned<String>>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct AlertsConfig {
    /// Globs of files that are rule files whatever they look like.
    #[serde(default)]
    pub rule_files: Vec<Spanned<String>>,
    pub scrape_interval: Option<Spanned<String>>,
    pub runbook_annotations: Option<Vec<String>>,
    /// URL prefixes that map to the project root, so such runbook links are checked as files.
    #[serde(default)]
    pub runbook_base_urls: Vec<String>,
    pub runbook_url_pattern: Option<Spanned<String>>,
    /// Groups of heading words; a runbook needs a heading from every group.
    pub runbook_sections: Option<Vec<Vec<String>>>,
    pub severity_label: Option<String>,
    pub allowed_severities: Option<Vec<String>>,
    pub paging_severities: Option<Vec<String>>,
    pub owner_labels: Option<Vec<String>>,
    pub summary_annotations: Option<Vec<String>>,
    pub description_annotations: Option<Vec<String>>,
    pub min_paging_for: Option<Spanned<String>>,
    pub name_validation: Option<Spanned<String>>,
    #[serde(default)]
    pub policy: Vec<PolicyConfig>,
    /// Rule files one Prometheus loads together; ALR009 compares alerts across the files of a set.
    #[serde(default)]
    pub rule_sets: Vec<RuleSetConfig>,
}

/// An `[[alerts.rule-sets]]` entry: the files of one Prometheus (or one environment).
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct RuleSetConfig {
    /// For messages only.
    pub name: Option<String>,
    pub files: Vec<Spanned<String>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct PolicyConfig {
    #[serde(default)]
    pub when: WhenConfig,
    #[serde(default)]
    pub require_labels: Vec<String>,
    #[serde(default)]
    pub require_annotations: Vec<String>,
    /// Codes or prefixes that do not apply to matching alerts (generated rules that cannot carry comments).
    #[serde(default)]
    pub exempt: Vec<Spanned<String>>,
}

/// All given conditions must hold. Label values, group, alert and file are globs.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct WhenConfig {
    #[serde(default)]
    pub labels: BTreeMap<String, Spanned<String>>,
    pub group: Option<Spanned<String>>,
    pub alert: Option<Spanned<String>>,
    pub file: Option<Spanned<String>>,
}

/// A config problem, with the file and the byte span of the offending key or value when known.
#[derive(Debug, thiserror::Error, miette::Diagnostic)]
#[error("{message}")]
#[diagnostic(code(obslint::config))]
pub struct ConfigError {
    pub message: String,
    #[source_code]
    pub source_code: Option<miette::NamedSource<String>>,
    #[label("here")]
    pub span: Option<miette::SourceSpan>,
    #[help]
    pub help: Option<String>,
}

impl ConfigError {
    pub fn plain(message: impl Into<String>) -> Self {
        ConfigError {
            message: message.into(),
            source_code: None,
            span: None,
            help: None,
        }
    }

    pub fn at(
        loaded: &LoadedConfig,
        span: std::ops::Range<usize>,
        message: impl Into<String>,
    ) -> Self {
        ConfigError {
            message: message.into(),
            source_code: loaded
                .path
                .as_ref()
                .map(|p| miette::NamedSource::new(p.display().to_string(), loaded.text.clone())),
            span: loaded.path.as_ref().map(|_| span.into()),
            help: None,
        }
    }

    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }
}

/// A config as read, with where it came from (for relative globs and located errors).
#[derive(Debug, Default)]
pub struct LoadedConfig {
    pub config: Config,
    /// None when no config file was found: defaults everywhere.
    pub path: Option<PathBuf>,
    pub text: String,
    /// The directory globs and runbook base URLs are relative to.
    pub root: PathBuf,
}

#[derive(Deserialize)]
struct Pyproject {
    tool: Option<PyprojectTool>,
}

#[derive(Deserialize)]
struct PyprojectTool {
    obslint: Option<Config>,
}

/// Reads `explicit`, or finds `obslint.toml` / a `pyproject.toml` with `[tool.obslint]` from `start` upward.
pub fn load(explicit: Option<&Path>, start: &Path) -> Result<LoadedConfig, ConfigError> {
    if let Some(path) = explicit {
        let is_pyproject = path.file_name().is_some_and(|n| n == "pyproject.toml");
        return read(path, is_pyproject)?.ok_or_else(|| {
            ConfigError::plain(format!("{} has no [tool.obslint] table", path.display()))
        });
    }
    // A FIFO or device named like a config is an error when read, never silently passed over.
    let present = |p: &Path| p.exists() && !p.is_dir();
    for dir in start.ancestors() {
        let own = dir.join("obslint.toml");
        if present(&own) {
            if let Some(loaded) = read(&own, false)? {
                return Ok(loaded);
            }
        }
        let pyproject = dir.join("pyproject.toml");
        if present(&pyproject) {
            if let Some(loaded) = read(&pyproject, true)? {
                return Ok(loaded);
            }
        }
    }
    Ok(LoadedConfig {
        root: start.to_path_buf(),
        ..LoadedConfig::default()
    })
}

/// None for a pyproject.toml without `[tool.obslint]`: the search goes on upward, as ruff's does.
fn read(path: &Path, is_pyproject: bool) -> Result<Option<LoadedConfig>, ConfigError> {
    let text = crate::source::read_regular_string(path, None)
        .map_err(|e| ConfigError::plain(format!("cannot read config {}: {e}", path.display())))?;
    let mut loaded = LoadedConfig {
        config: Config::default(),
        path: Some(path.to_path_buf()),
        text,
        root: path
            .parent()
            .map_or_else(|| PathBuf::from("."), Path::to_path_buf),
    };
    if loaded.root.as_os_str().is_empty() {
        loaded.root = PathBuf::from(".");
    }
    let parsed = if is_pyproject {
        toml::from_str::<Pyproject>(&loaded.text).map(|p| p.tool.and_then(|t| t.obslint))
    } else {
        toml::from_str::<Config>(&loaded.text).map(Some)
    };
    match parsed {
        Ok(Some(config)) => {
            loaded.config = config;
            Ok(Some(loaded))
        }
        Ok(None) => Ok(None),
        Err(e) => {
            let span = e.span().unwrap_or(0..0);
            Err(ConfigError::at(
                &loaded,
                span,
                format!("invalid config: {}", e.message()),
            ))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
        let p = dir.join(name);
        std::fs::write(&p, text).unwrap();
        p
    }

    #[test]
    fn unknown_keys_are_located_errors() {
        let dir = tempfile::tempdir().unwrap();
        let p = write(
            dir.path(),
            "obslint.toml",
            "[alerts]\nscrape-intervall = \"30s\"\n",
        );
        let err = load(Some(&p), dir.path()).unwrap_err();
        assert!(err.message.contains("scrape-intervall"), "{}", err.message);
        let span = err.span.unwrap();
        assert_eq!(span.offset(), 9);
    }

    #[test]
    fn found_upward_and_pyproject_without_section_is_skipped() {
        let dir = tempfile::tempdir().unwrap();
        write(dir.path(), "obslint.toml", "exclude = [\"vendor/**\"]\n");
        let sub = dir.path().join("a/b");
        std::fs::create_dir_all(&sub).unwrap();
        write(&sub, "pyproject.toml", "[project]\nname = \"x\"\n");
        let loaded = load(None, &sub).unwrap();
        assert_eq!(loaded.config.exclude[0].get_ref(), "vendor/**");
        assert_eq!(loaded.root, dir.path());
    }

    #[test]
    fn pyproject_section_is_read() {
        let dir = tempfile::tempdir().unwrap();
        write(
            dir.path(),
            "pyproject.toml",
            "[tool.obslint.alerts]\nowner-labels = [\"squad\"]\n",
        );
        let loaded = load(None, dir.path()).unwrap();
        assert_eq!(
            loaded.config.alerts.owner_labels,
            Some(vec!["squad".to_string()])
        );
    }
}
