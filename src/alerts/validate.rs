//! What promtool rejects that a JSON Schema cannot say: duplicate group names, invalid label and
//! annotation names, invalid recording-rule names, and expressions that do not parse.

use super::dialect::{foreign_construct, Dialect};
use super::model::{RuleDocument, RuleKind};
use super::settings::{AlertSettings, NameValidation};
use crate::diagnostic::Diagnostic;
use crate::source::first_line;
use crate::yaml::scalar_map;

pub const SCHEMA_CODE: &str = crate::codes::RULE_SCHEMA_VIOLATION;
const PROMQL_CODE: &str = crate::codes::PROMQL_SYNTAX_ERROR;

fn is_legacy_name(name: &str) -> bool {
    let mut chars = name.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

fn is_legacy_metric_name(name: &str) -> bool {
    let mut chars = name.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_' || c == ':')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_' || c == ':')
}

pub fn check_document(
    file: usize,
    text: &str,
    doc: &RuleDocument,
    settings: &AlertSettings,
    dialect: Dialect,
) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let legacy = settings.name_validation == NameValidation::Legacy;
    let mut seen_groups: Vec<&str> = Vec::new();
    for group in &doc.groups {
        if let Some(name) = &group.name {
            if seen_groups.contains(&name.value.as_str()) {
                out.push(
                    Diagnostic::new(SCHEMA_CODE, file, name.span.clone(), format!("duplicate group name `{}`", name.value))
                        .with_help("Prometheus refuses a file whose groups share a name; rename or merge the groups")
                        .with_identity(name.value.clone()),
                );
            }
            seen_groups.push(&name.value);
        }
        for rule in &group.rules {
            let identity = rule.identity(group);
            let schema = |span: std::ops::Range<usize>, message: String, help: &str| {
                Diagnostic::new(SCHEMA_CODE, file, span, message)
                    .with_help(help.to_string())
                    .with_identity(identity.clone())
            };
            if rule.kind == RuleKind::Record {
                let name = &rule.name.value;
                if name.contains('{') || name.contains('}') {
                    out.push(schema(
                        rule.name.span.clone(),
                        format!("recording rule name `{name}` contains braces"),
                        "a recording rule's name is a metric name; put label matchers in `expr` and labels under `labels`",
                    ));
                } else if legacy && !is_legacy_metric_name(name) {
                    out.push(schema(
                        rule.name.span.clone(),
                        format!("invalid recording rule name `{name}`"),
                        "under legacy name validation metric names match [a-zA-Z_:][a-zA-Z0-9_:]*",
                    ));
                }
            }
            for (key, _) in &rule.labels {
                if key.value == "__name__" {
                    out.push(schema(
                        key.span.clone(),
                        "invalid label name `__name__`".into(),
                        "the metric name cannot be set as a label; rename the series in a recording rule instead",
                    ));
                } else if legacy && !is_legacy_name(&key.value) {
                    out.push(schema(
                        key.span.clone(),
                        format!("invalid label name `{}`", key.value),
                        "under legacy name validation label names match [a-zA-Z_][a-zA-Z0-9_]*",
                    ));
                }
            }
            if legacy {
                for (key, _) in &rule.annotations {
                    if !is_legacy_name(&key.value) {
                        out.push(schema(
                            key.span.clone(),
                            format!("invalid annotation name `{}`", key.value),
                            "under legacy name validation annotation names match [a-zA-Z_][a-zA-Z0-9_]*",
                        ));
                    }
                }
            }
            if let Some(expr) = &rule.expr {
                if let Some(error) = &expr.error {
                    let value = &expr.text.value;
                    if let Some((construct, at, extension)) = foreign_construct(value) {
                        if !extension.accepted(dialect) {
                            let span = scalar_map::locate(
                                text,
                                &expr.text.span,
                                value,
                                at..at + construct.len(),
                            );
                            out.push(
                                Diagnostic::new(
                                    SCHEMA_CODE,
                                    file,
                                    span,
                                    format!(
                                        "`{construct}` is {}, not PromQL: {} cannot evaluate it",
                                        extension.what,
                                        dialect.ruler()
                                    ),
                                )
                                .with_help(extension.help())
                                .with_identity(identity.clone()),
                            );
                        }
                        continue;
                    }
                    if !dialect.speaks_promql() {
                        // MetricsQL and LogQL have syntax of their own that we cannot parse: not an error.
                        continue;
                    }
                    let span = crate::promql::locate::error_span(value, error)
                        .map(|r| scalar_map::locate(text, &expr.text.span, value, r))
                        .unwrap_or_else(|| first_line(text, &expr.text.span));
                    // Our size guards refuse what Prometheus may still load: say which it is.
                    let (message, help) = if crate::promql::parse::is_size_guard(error) {
                        (
                            format!("PromQL not checked: {error}"),
                            "obslint does not parse expressions this large; no reviewer can read one either",
                        )
                    } else {
                        (
                            format!("invalid PromQL: {error}"),
                            "Prometheus refuses to load a rule whose expression does not parse",
                        )
                    };
                    out.push(
                        Diagnostic::new(PROMQL_CODE, file, span, message)
                            .with_help(help)
                            .with_identity(identity.clone()),
                    );
                }
            }
        }
    }
    out
}
