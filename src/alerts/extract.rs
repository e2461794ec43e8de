//! Turns the YAML documents of a file into rule facts, plus the diagnostics that reading them produced
//! (schema violations, PromQL syntax errors). Extraction is tolerant: a malformed rule still yields the
//! facts that can be read from it, so one typo does not hide every other finding in the file.

use super::model::{Expression, Rule, RuleDocument, RuleFileKind, RuleGroup, RuleKind};
use crate::diagnostic::Diagnostic;
use crate::source::Str;
use crate::yaml::node::{Node, Value};

/// What a YAML document is, as far as obslint cares.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DocumentRole {
    /// Rule groups at the top (`groups:`); the document itself is validated.
    PlainRules,
    /// A Kubernetes PrometheusRule; its `spec` is validated.
    PrometheusRule,
    /// Anything else: skipped silently.
    Other,
}

/// Recognises rule documents: `groups:` holding rule groups, or a `kind: PrometheusRule`.
/// `forced` (config `rule-files`) makes every non-empty document a plain rule document.
pub fn classify(doc: &Node, forced: bool) -> DocumentRole {
    if doc.get("kind").and_then(Node::as_str) == Some("PrometheusRule") {
        return DocumentRole::PrometheusRule;
    }
    if let Some(groups) = doc.get("groups") {
        let looks_like_groups = match &groups.value {
            Value::Seq(items) => {
                items.is_empty()
                    || items
                        .iter()
                        .any(|g| g.get("rules").is_some() || g.get("name").is_some())
            }
            Value::Null => true,
            _ => false,
        };
        if looks_like_groups {
            return DocumentRole::PlainRules;
        }
    }
    if forced && doc.value != Value::Null {
        return DocumentRole::PlainRules;
    }
    DocumentRole::Other
}

/// The node whose groups a rule document holds: the document, or a PrometheusRule's `spec`.
pub fn groups_root(doc: &Node, role: DocumentRole) -> Option<&Node> {
    match role {
        DocumentRole::PlainRules => Some(doc),
        DocumentRole::PrometheusRule => doc.get("spec"),
        DocumentRole::Other => None,
    }
}

/// Reads the facts of one rule document. Structural problems are the schema's to report; here we take
/// what has the expected shape and pass over what does not.
/// Parsed expressions by text: generated rule files repeat the same expression many times.
type ExprCache = std::collections::HashMap<String, Result<promql_parser::parser::Expr, String>>;

pub fn extract_document(file: usize, root: &Node, role: DocumentRole) -> RuleDocument {
    extract_document_cached(file, root, role, &mut ExprCache::new())
}

fn extract_document_cached(
    file: usize,
    root: &Node,
    role: DocumentRole,
    cache: &mut ExprCache,
) -> RuleDocument {
    let kind = match role {
        DocumentRole::PrometheusRule => RuleFileKind::PrometheusRule,
        _ => RuleFileKind::Plain,
    };
    let groups = root
        .get("groups")
        .and_then(Node::as_seq)
        .unwrap_or_default()
        .iter()
        .filter(|g| g.as_map().is_some())
        .map(|g| extract_group(g, cache))
        .collect();
    RuleDocument { file, kind, groups }
}

fn extract_group(node: &Node, cache: &mut ExprCache) -> RuleGroup {
    RuleGroup {
        name: string_field(node, "name"),
        interval: string_field(node, "interval"),
        labels: string_map(node, "labels"),
        rules: node
            .get("rules")
            .and_then(Node::as_seq)
            .unwrap_or_default()
            .iter()
            .filter_map(|r| extract_rule(r, cache))
            .collect(),
        span: map_span(node),
    }
}

fn extract_rule(node: &Node, cache: &mut ExprCache) -> Option<Rule> {
    let (kind, name) = match (string_field(node, "alert"), string_field(node, "record")) {
        (Some(alert), _) => (RuleKind::Alert, alert),
        (None, Some(record)) => (RuleKind::Record, record),
        (None, None) => return None,
    };
    let expr = string_field(node, "expr").map(|text| {
        let parsed = cache
            .entry(text.value.clone())
            .or_insert_with(|| crate::promql::parse::parse(&text.value));
        let (ast, error) = match parsed {
            Ok(ast) => (Some(ast.clone()), None),
            Err(error) => (None, Some(error.clone())),
        };
        Expression { text, ast, error }
    });
    Some(Rule {
        kind,
        name,
        expr,
        for_: string_field(node, "for"),
        keep_firing_for: string_field(node, "keep_firing_for"),
        labels: string_map(node, "labels"),
        annotations: string_map(node, "annotations"),
        span: map_span(node),
    })
}

/// A mapping's extent: from its first key to the end of its last value.
pub fn map_span(node: &Node) -> std::ops::Range<usize> {
    match node.as_map() {
        Some(entries) if !entries.is_empty() => {
            let start = entries
                .iter()
                .map(|(k, _)| k.span.start)
                .min()
                .unwrap_or(node.span.start);
            let end = entries
                .iter()
                .map(|(k, v)| k.span.end.max(v.span.end))
                .max()
                .unwrap_or(node.span.end);
            start..end.max(start)
        }
        _ => node.span.clone(),
    }
}

fn string_field(node: &Node, key: &str) -> Option<Str> {
    let (k, v) = node.entry(key)?;
    Some(Str {
        value: v.as_str()?.to_string(),
        key_span: k.span.clone(),
        span: v.span.clone(),
    })
}

fn string_map(node: &Node, key: &str) -> Vec<(Str, Str)> {
    let Some(entries) = node.get(key).and_then(Node::as_map) else {
        return Vec::new();
    };
    entries
        .iter()
        .filter_map(|(k, v)| {
            let name = k.as_str()?.to_string();
            let value = v.as_str().unwrap_or("").to_string();
            Some((
                Str {
                    value: name,
                    key_span: k.span.clone(),
                    span: k.span.clone(),
                },
                Str {
                    value,
                    key_span: k.span.clone(),
                    span: v.span.clone(),
                },
            ))
        })
        .collect()
}

/// Reads a whole file's documents into rule facts and the diagnostics found on the way.
pub fn extract_file(
    file: usize,
    text: &str,
    docs: &[Node],
    forced: bool,
    settings: &crate::alerts::settings::AlertSettings,
    dialect: super::dialect::Dialect,
) -> (Vec<RuleDocument>, Vec<Diagnostic>) {
    let mut documents = Vec::new();
    let mut diagnostics = Vec::new();
    let mut cache = ExprCache::new();
    for doc in docs {
        let role = classify(doc, forced);
        let Some(root) = groups_root(doc, role) else {
            if role == DocumentRole::PrometheusRule {
                diagnostics.push(
                    Diagnostic::new(
                        super::validate::SCHEMA_CODE,
                        file,
                        doc.span.start..doc.span.start,
                        "PrometheusRule has no `spec`",
                    )
                    .with_help("put the rule groups under `spec.groups`"),
                );
            }
            continue;
        };
        // Validation and extraction read the same tree independently: run them side by side.
        let (schema_findings, document) = rayon::join(
            || super::schema::validate(file, root, dialect),
            || extract_document_cached(file, root, role, &mut cache),
        );
        diagnostics.extend(schema_findings);
        diagnostics.extend(super::validate::check_document(
            file, text, &document, settings, dialect,
        ));
        documents.push(document);
    }
    (documents, diagnostics)
}
