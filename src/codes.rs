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
