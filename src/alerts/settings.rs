//! `[alerts]` of the plan: what the alert-rule checks need to know, resolved from the config by the
//! command layer, then adjusted by the conventions learned from the rules (`conventions::infer`).

use super::dialect::Dialect;
use globset::{GlobMatcher, GlobSet};
use std::collections::HashMap;
use std::path::PathBuf;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NameValidation {
    /// Prometheus 3: any UTF-8 label name.
    Utf8,
    /// Prometheus 2: `[a-zA-Z_][a-zA-Z0-9_]*`.
    Legacy,
}

#[derive(Clone)]
pub struct AlertSettings {
    pub rule_files: GlobSet,
    pub scrape_interval_ms: u64,
    /// Where `scrape_interval_ms` came from, for messages ("the default", a prometheus.yml).
    pub scrape_interval_source: String,
    /// A job's own scrape interval read from the repository: job → (ms, file it came from).
    pub job_scrape_intervals: HashMap<String, (u64, String)>,
    pub runbook_annotations: Vec<String>,
    pub runbook_base_urls: Vec<String>,
    pub runbook_url_pattern: Option<regex::Regex>,
    pub runbook_sections: Vec<Vec<String>>,
    /// Whether the config sets `runbook-sections`; the defaults bend to the repository's runbooks.
    pub runbook_sections_configured: bool,
    pub severity_label: String,
    pub allowed_severities: Vec<String>,
    pub paging_severities: Vec<String>,
    pub owner_labels: Vec<String>,
    pub summary_annotations: Vec<String>,
    pub description_annotations: Vec<String>,
    pub min_paging_for_ms: u64,
    pub name_validation: NameValidation,
    pub policies: Vec<Policy>,
    /// `[[alerts.rule-sets]]`: files loaded together, as (name, globs). Empty: each file stands alone.
    pub rule_sets: Vec<(String, GlobSet)>,
    /// Config `dialect`: the ruler rule files are written for, unless a `[[dialects]]` glob says otherwise.
    pub dialect: Dialect,
    /// Config `[[dialects]]`, in order: the first glob matching a file's path gives its dialect.
    pub dialect_paths: Vec<(GlobMatcher, Dialect)>,
    /// Needed by rules that look at files around a rule file (runbooks).
    pub root: PathBuf,
    /// Runbook links may lead anywhere inside this folder and nowhere outside it: the git repository
    /// that holds the project root (a monorepo's shared docs), else the root itself.
    pub boundary: PathBuf,
    /// The convention keys the config set; the others are learned from the rules.
    pub explicit: Explicit,
    /// What was learned from the rules (reported once, as OBS004).
    pub inferred: Inferred,
    /// No config names owner labels and no alert carries one: ALR003 reports it once for the project.
    pub owner_convention_absent: bool,
    /// The web addresses of the `boundary` repository (its remotes) and of its submodules, with their folders:
    /// runbook links to them resolve to files without `runbook-base-urls`.
    pub repo_urls: Vec<crate::gitremote::RepoUrl>,
    /// `[slo]`: the SLO period burn-rate alerts are judged by.
    pub slo: SloOptions,
    /// `[tests]`: which alerts need a unit test (TST001).
    pub tests: TestOptions,
}

/// `[slo]` in the config.
#[derive(Debug, Clone, Default)]
pub struct SloOptions {
    /// `period`, in ms: the SLO period the error budget is spent over.
    pub period_ms: Option<u64>,
}

/// `[tests]` in the config.
#[derive(Debug, Clone, Default)]
pub struct TestOptions {
    /// TST001 runs (config `require = true`, or TST001 selected by name).
    pub require: bool,
    /// Only alerts with these severities need a test; empty: every alert.
    pub require_for: Vec<String>,
}

impl AlertSettings {
    /// The dialect of a file, by its path relative to the config's folder.
    pub fn dialect_for(&self, root_relative: &str) -> Dialect {
        self.dialect_paths
            .iter()
            .find(|(glob, _)| glob.is_match(root_relative))
            .map_or(self.dialect, |(_, d)| *d)
    }
}

/// An `[[alerts.policy]]` entry: for alerts matching `when`, extra requirements or exemptions.
#[derive(Clone)]
pub struct Policy {
    pub labels: Vec<(String, GlobMatcher)>,
    pub group: Option<GlobMatcher>,
    pub alert: Option<GlobMatcher>,
    pub file: Option<GlobMatcher>,
    pub require_labels: Vec<String>,
    pub require_annotations: Vec<String>,
    /// The codes of the rules it exempts from.
    pub exempt: Vec<&'static str>,
    /// 1-based position in the config, for messages ("policy #2").
    pub number: usize,
}

/// How PQL002 names the interval when nothing set it.
pub const DEFAULT_INTERVAL_SOURCE: &str =
    "the default; set `alerts.scrape-interval` or keep a prometheus.yml here";

fn strings(v: &[&str]) -> Vec<String> {
    v.iter().map(|s| s.to_string()).collect()
}

impl Default for AlertSettings {
    fn default() -> Self {
        AlertSettings {
            rule_files: GlobSet::empty(),
            scrape_interval_ms: 60_000,
            scrape_interval_source: DEFAULT_INTERVAL_SOURCE.into(),
            job_scrape_intervals: HashMap::new(),
            runbook_annotations: strings(&["runbook_url", "runbook"]),
            runbook_base_urls: Vec::new(),
            runbook_url_pattern: None,
            runbook_sections: vec![
                strings(&[
                    "triage",
                    "diagnosis",
                    "investigation",
                    "troubleshooting",
                    "debugging",
                ]),
                strings(&["mitigation", "remediation", "rollback"]),
                strings(&["escalation", "contacts"]),
            ],
            runbook_sections_configured: false,
            severity_label: "severity".into(),
            allowed_severities: strings(&["critical", "warning", "info"]),
            paging_severities: strings(&["critical"]),
            owner_labels: strings(&["team", "owner"]),
            summary_annotations: strings(&["summary"]),
            description_annotations: strings(&["description"]),
            min_paging_for_ms: 60_000,
            name_validation: NameValidation::Utf8,
            policies: Vec::new(),
            rule_sets: Vec::new(),
            dialect: Dialect::Prometheus,
            dialect_paths: Vec::new(),
            repo_urls: Vec::new(),
            root: PathBuf::from("."),
            boundary: PathBuf::from("."),
            explicit: Explicit::default(),
            inferred: Inferred::default(),
            owner_convention_absent: false,
            slo: SloOptions::default(),
            tests: TestOptions::default(),
        }
    }
}

/// What was learned, for OBS004 and `obslint init`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Inferred {
    /// How many alerts the conventions were learned from.
    pub alerts: usize,
    pub items: Vec<Item>,
    /// The rule file OBS004 is reported at: the first by path.
    pub first_file: Option<usize>,
    /// The first alert of that order (file, offset of its name): where a project-wide ALR003 goes.
    pub first_alert: Option<(usize, usize)>,
}

/// One adopted convention.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Item {
    /// "severities `s1`, `s2` (used by 40, 12 alerts)".
    pub what: String,
    /// The key under `[alerts]` and its value as TOML: `allowed-severities = ["s1", "s2"]`.
    pub toml: String,
}

/// Which `[alerts]` keys the config set: those are never inferred.
#[derive(Debug, Clone, Default)]
pub struct Explicit {
    pub allowed_severities: bool,
    pub paging_severities: bool,
    pub owner_labels: bool,
    pub summary_annotations: bool,
    pub description_annotations: bool,
    pub runbook_annotations: bool,
    pub scrape_interval: bool,
}
