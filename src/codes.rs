//! Rule codes as data, for the stages below the rules: a parser or fact extractor emits its diagnostics
//! with these and never imports a rule's module. Each rule declares the same code in its own file;
//! `tests/registry.rs` checks that the two agree.

/// YML001 yaml-syntax-error.
pub const YAML_SYNTAX_ERROR: &str = "YML001";
/// YML002 rule-schema-violation.
pub const RULE_SCHEMA_VIOLATION: &str = "YML002";
/// PQL001 promql-syntax-error.
pub const PROMQL_SYNTAX_ERROR: &str = "PQL001";
/// TRC000 registry-invalid.
pub const REGISTRY_INVALID: &str = "TRC000";
/// OBS001 file-skipped.
pub const FILE_SKIPPED: &str = "OBS001";
/// TST003 test-file-invalid.
pub const TEST_FILE_INVALID: &str = "TST003";

/// Every rule's code and name, in code order: what a suppression comment or a selector may name. The
/// rules themselves (`rules::registry::ALL`) hold the same pairs; `tests/registry.rs` keeps them equal.
pub const ALL: &[(&str, &str)] = &[
    ("ALR001", "alert-missing-severity"),
    ("ALR002", "alert-severity-not-allowed"),
    ("ALR003", "alert-missing-owner"),
    ("ALR004", "alert-missing-summary"),
    ("ALR005", "alert-missing-description"),
    ("ALR006", "alert-template-invalid"),
    ("ALR007", "alert-template-unknown-label"),
    ("ALR008", "paging-alert-flaps"),
    ("ALR009", "duplicate-alert"),
    ("ALR010", "alert-value-in-labels"),
    ("ALR011", "alert-always-fires"),
    ("ALR012", "policy-violation"),
    ("ALR013", "template-query-label-literal"),
    ("INS001", "entry-point-without-metrics"),
    ("INS002", "entry-point-without-tracing"),
    ("INS003", "entry-point-swallows-errors"),
    ("LIV001", "series-missing"),
    ("LIV002", "rate-window-vs-real-scrape"),
    ("LIV003", "alert-backtest-noisy"),
    ("LIV004", "alert-backtest-flapping"),
    ("LIV005", "alert-backtest-always-firing"),
    ("MET001", "alert-metric-not-emitted"),
    ("MET002", "critical-metric-not-alerted"),
    ("MET003", "metric-name-convention"),
    ("MET004", "unbounded-metric-label"),
    ("MET005", "histogram-threshold-not-a-bucket"),
    ("OBS001", "file-skipped"),
    ("OBS002", "suppression-expired"),
    ("OBS003", "unused-suppression"),
    ("OBS004", "conventions-inferred"),
    ("PII001", "sensitive-data-in-log-message"),
    ("PII002", "sensitive-data-in-log-fields"),
    ("PII003", "sensitive-data-in-span"),
    ("PII004", "sensitive-data-in-metric-label"),
    ("PQL001", "promql-syntax-error"),
    ("PQL002", "rate-window-too-short"),
    ("PQL003", "rate-of-non-counter"),
    ("PY001", "python-syntax-error"),
    ("RUN001", "alert-missing-runbook"),
    ("RUN002", "runbook-not-found"),
    ("RUN003", "runbook-missing-sections"),
    ("RUN004", "runbook-url-not-allowed"),
    ("SLO001", "burn-rate-windows-inverted"),
    ("SLO002", "burn-rate-window-ratio"),
    ("SLO003", "burn-rate-threshold-mismatch"),
    ("SLO004", "burn-rate-factor-period"),
    ("SLO005", "burn-rate-never-fires"),
    ("SLO006", "burn-rate-single-window"),
    ("SLO007", "burn-rate-for-too-long"),
    ("SLO008", "burn-rate-objective-drift"),
    ("SLO009", "slo-recording-window-mismatch"),
    ("SLO010", "slo-spec-without-rules"),
    ("TRC000", "registry-invalid"),
    ("TRC001", "span-not-in-registry"),
    ("TRC002", "attribute-not-in-registry"),
    ("TRC003", "required-attribute-missing"),
    ("TRC004", "deprecated-attribute"),
    ("TRC005", "attribute-type-mismatch"),
    ("TRC006", "enum-value-undefined"),
    ("TRC007", "dynamic-span-name"),
    ("TRC101", "schema-attribute-removed"),
    ("TRC102", "schema-attribute-type-changed"),
    ("TRC103", "schema-stability-downgraded"),
    ("TRC104", "schema-enum-member-removed"),
    ("TRC105", "schema-span-kind-changed"),
    ("TRC106", "schema-span-removed"),
    ("TRC107", "schema-requirement-raised"),
    ("TST001", "alert-without-test"),
    ("TST002", "test-unknown-alert"),
    ("TST003", "test-file-invalid"),
    ("TST004", "test-annotations-missing"),
    ("YML001", "yaml-syntax-error"),
    ("YML002", "rule-schema-violation"),
];

/// The codes a selector names: `ALL`, a code, a prefix of codes (`RUN`, `ALR00`), or a rule name.
pub fn expand_selector(selector: &str) -> Option<Vec<&'static str>> {
    let upper = selector.trim().to_ascii_uppercase();
    if upper.is_empty() {
        return None;
    }
    let matched: Vec<&'static str> = ALL
        .iter()
        .filter(|(code, name)| {
            upper == "ALL" || code.starts_with(&upper) || *name == selector.trim()
        })
        .map(|(code, _)| *code)
        .collect();
    (!matched.is_empty()).then_some(matched)
}
