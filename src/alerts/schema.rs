//! Validates rule documents against `schemas/prometheus-rules.schema.json` and turns each violation into a
//! YML002 finding on the exact key or value, with a message written for people rather than for JSON Schema.

use super::dialect::Dialect;
use crate::diagnostic::Diagnostic;
use crate::yaml::node::{Node, Value};
use jsonschema::error::ValidationErrorKind;
use jsonschema::paths::LocationSegment;
use std::sync::OnceLock;

pub const RULE_SCHEMA: &str = include_str!("../../schemas/prometheus-rules.schema.json");

/// Two validators from the one schema file: the file with its rule items left open, and one rule item.
/// Rule items are then validated in parallel, each on its own small JSON value.
struct Validators {
    file: jsonschema::Validator,
    rule: jsonschema::Validator,
}

fn validators() -> Option<&'static Validators> {
    static VALIDATORS: OnceLock<Option<Validators>> = OnceLock::new();
    VALIDATORS
        .get_or_init(|| {
            let schema: serde_json::Value = serde_json::from_str(RULE_SCHEMA).ok()?;
            let mut file_schema = schema.clone();
            *file_schema.pointer_mut("/$defs/group/properties/rules/items")? =
                serde_json::Value::Bool(true);
            let mut rule_schema = schema;
            let object = rule_schema.as_object_mut()?;
            object.retain(|k, _| k == "$schema" || k == "$defs");
            object.insert(
                "$ref".into(),
                serde_json::Value::String("#/$defs/rule".into()),
            );
            Some(Validators {
                file: jsonschema::validator_for(&file_schema).ok()?,
                rule: jsonschema::validator_for(&rule_schema).ok()?,
            })
        })
        .as_ref()
}

/// The file as JSON with every rule item replaced by null (validated separately).
fn to_json_without_rules(root: &Node) -> serde_json::Value {
    let mut value = to_json(&Node {
        value: Value::Null,
        span: 0..0,
    });
    if let Value::Map(entries) = &root.value {
        let mut object = serde_json::Map::new();
        for (k, v) in entries {
            let key = k.as_str().unwrap_or("").to_string();
            let converted = if key == "groups" {
                match &v.value {
                    Value::Seq(groups) => {
                        serde_json::Value::Array(groups.iter().map(group_without_rules).collect())
                    }
                    _ => to_json(v),
                }
            } else {
                to_json(v)
            };
            object.insert(key, converted);
        }
        value = serde_json::Value::Object(object);
    } else if root.value != Value::Null {
        value = to_json(root);
    }
    value
}

fn group_without_rules(group: &Node) -> serde_json::Value {
    let Value::Map(entries) = &group.value else {
        return to_json(group);
    };
    let object = entries
        .iter()
        .map(|(k, v)| {
            let key = k.as_str().unwrap_or("").to_string();
            let value = match (&*key, &v.value) {
                ("rules", Value::Seq(items)) => {
                    serde_json::Value::Array(vec![serde_json::Value::Null; items.len()])
                }
                _ => to_json(v),
            };
            (key, value)
        })
        .collect();
    serde_json::Value::Object(object)
}

/// Every rule item of the file: its node and its JSON pointer prefix.
fn rule_items(root: &Node) -> Vec<(&Node, String)> {
    let mut out = Vec::new();
    let Some(groups) = root.get("groups").and_then(Node::as_seq) else {
        return out;
    };
    for (g, group) in groups.iter().enumerate() {
        if let Some(rules) = group.get("rules").and_then(Node::as_seq) {
            out.extend(
                rules
                    .iter()
                    .enumerate()
                    .map(|(r, rule)| (rule, format!("/groups/{g}/rules/{r}"))),
            );
        }
    }
    out
}

/// Scalars become strings (as Prometheus reads them); null stays null so "no value" can be told apart.
fn to_json(node: &Node) -> serde_json::Value {
    match &node.value {
        Value::Null => serde_json::Value::Null,
        Value::Bool(b) => serde_json::Value::String(b.to_string()),
        Value::Scalar(s) => serde_json::Value::String(s.clone()),
        Value::Seq(items) => serde_json::Value::Array(items.iter().map(to_json).collect()),
        Value::Map(entries) => serde_json::Value::Object(
            entries
                .iter()
                .map(|(k, v)| (k.as_str().unwrap_or("").to_string(), to_json(v)))
                .collect(),
        ),
    }
}

/// The node at a JSON pointer, with the key node that leads to it (None at the root and in sequences).
fn resolve<'a>(root: &'a Node, path: &jsonschema::paths::Location) -> (Option<&'a Node>, &'a Node) {
    let mut key = None;
    let mut node = root;
    for segment in path.iter() {
        let next = match segment {
            LocationSegment::Property(name) => node.entry(&name).map(|(k, v)| (Some(k), v)),
            LocationSegment::Index(i) => node
                .as_seq()
                .and_then(|items| items.get(i))
                .map(|v| (None, v)),
        };
        match next {
            Some((k, v)) => {
                key = k;
                node = v;
            }
            None => break,
        }
    }
    (key, node)
}

fn last_property(path: &jsonschema::paths::Location) -> Option<String> {
    path.iter().last().and_then(|s| match s {
        LocationSegment::Property(name) => Some(name.into_owned()),
        LocationSegment::Index(_) => None,
    })
}

/// What kind of object a path points into, for messages: "rule", "group" or "rule file".
fn context_name(pointer: &str) -> &'static str {
    let segments: Vec<&str> = pointer.split('/').filter(|s| !s.is_empty()).collect();
    match segments
        .iter()
        .rposition(|s| *s == "rules" || *s == "groups")
    {
        Some(i) if segments[i] == "rules" && segments.len() > i + 1 => "rule",
        Some(i) if segments[i] == "groups" && segments.len() > i + 1 => "rule group",
        _ => "rule file",
    }
}

pub fn validate(file: usize, root: &Node, dialect: Dialect) -> Vec<Diagnostic> {
    use rayon::prelude::*;
    let Some(validators) = validators() else {
        return Vec::new();
    };
    let mut out = check(
        file,
        &validators.file,
        &to_json_without_rules(root),
        root,
        "",
        dialect,
    );
    let items = rule_items(root);
    let per_rule: Vec<Vec<Diagnostic>> = items
        .par_iter()
        .map(|(rule, prefix)| {
            check(
                file,
                &validators.rule,
                &to_json(rule),
                rule,
                prefix,
                dialect,
            )
        })
        .collect();
    out.extend(per_rule.into_iter().flatten());
    out
}

/// Validates `instance` (the JSON of `node`, found at `prefix` in the file) and explains each error.
fn check(
    file: usize,
    validator: &jsonschema::Validator,
    instance: &serde_json::Value,
    node: &Node,
    prefix: &str,
    dialect: Dialect,
) -> Vec<Diagnostic> {
    // Most files are valid: the yes/no check is much cheaper than collecting errors.
    if validator.is_valid(instance) {
        return Vec::new();
    }
    let mut out = Vec::new();
    for error in validator.iter_errors(instance) {
        let path = error.instance_path();
        let full_path = format!("{prefix}{}", path.as_str());
        let (key, node) = resolve(node, path);
        let field = last_property(path).unwrap_or_default();
        let value_span = node.span.clone();
        let key_span = key.map_or(value_span.clone(), |k| k.span.clone());
        let first_key_span = node
            .as_map()
            .and_then(|m| m.first())
            .map_or(value_span.clone(), |(k, _)| k.span.clone());
        let context = context_name(&full_path);
        let (span, message, help) = match error.kind() {
            ValidationErrorKind::AdditionalProperties { unexpected } => {
                for name in unexpected {
                    let span = node
                        .entry(name)
                        .map_or(value_span.clone(), |(k, _)| k.span.clone());
                    let extension = match context {
                        "rule group" => super::dialect::group_field(name),
                        "rule" => super::dialect::rule_field(name),
                        _ => None,
                    };
                    if let Some(extension) = extension {
                        if !extension.accepted(dialect) {
                            out.push(
                                Diagnostic::new(
                                    super::validate::SCHEMA_CODE,
                                    file,
                                    span,
                                    format!(
                                        "`{name}` is {}, not a {context} field {} reads",
                                        extension.what,
                                        dialect.ruler()
                                    ),
                                )
                                .with_help(extension.help())
                                .with_identity(name.clone()),
                            );
                        }
                        continue;
                    }
                    let mut d = Diagnostic::new(
                        super::validate::SCHEMA_CODE,
                        file,
                        span,
                        format!("unknown field `{name}` in a {context}"),
                    )
                    .with_identity(name.clone());
                    d.help = Some(match suggest(name, context) {
                        Some(s) => format!("did you mean `{s}`? Prometheus refuses to load a file with unknown fields"),
                        None => format!("remove it: Prometheus refuses to load a file with unknown fields ({})", known_fields(context)),
                    });
                    out.push(d);
                }
                continue;
            }
            ValidationErrorKind::Required { property } => {
                let property = property.as_str().unwrap_or("?");
                (
                    first_key_span,
                    format!("{context} has no `{property}`"),
                    format!("every {context} needs `{property}`"),
                )
            }
            ValidationErrorKind::AnyOf { .. } => (
                first_key_span,
                "rule sets neither `alert` nor `record`".to_string(),
                "add `alert: Name` for an alerting rule or `record: name` for a recording rule"
                    .to_string(),
            ),
            ValidationErrorKind::Not { .. } => {
                let second = ["alert", "record"]
                    .iter()
                    .filter_map(|k| node.entry(k))
                    .map(|(k, _)| k.span.clone())
                    .max_by_key(|s| s.start)
                    .unwrap_or(first_key_span);
                (
                    second,
                    "rule sets both `alert` and `record`".to_string(),
                    "split it into an alerting rule and a recording rule".to_string(),
                )
            }
            ValidationErrorKind::FalseSchema => (
                key_span,
                format!("`{field}` is not allowed in a recording rule"),
                format!("only alerting rules take `{field}`; remove it or make this an alert"),
            ),
            ValidationErrorKind::Type { .. } => (
                value_span,
                format!(
                    "`{field}` must be {}, not a {}",
                    expected_type(&field),
                    node.kind_name()
                ),
                format!("see the Prometheus rule format for `{field}`"),
            ),
            ValidationErrorKind::Pattern { .. } | ValidationErrorKind::Constant { .. }
                if is_duration(&field) =>
            {
                (
                    value_span,
                    format!(
                        "`{field}` is not a valid duration: `{}`",
                        node.as_str().unwrap_or("")
                    ),
                    "use a Prometheus duration such as `30s`, `5m` or `1h30m`".to_string(),
                )
            }
            ValidationErrorKind::MinLength { .. } => (
                if value_span.is_empty() {
                    key_span
                } else {
                    value_span
                },
                format!("`{field}` must not be empty"),
                format!("give the {context} a `{field}`"),
            ),
            _ => (
                value_span,
                format!("invalid `{field}`: {}", error.masked()),
                "see the Prometheus rule format".to_string(),
            ),
        };
        out.push(
            Diagnostic::new(super::validate::SCHEMA_CODE, file, span, message)
                .with_help(help)
                .with_identity(full_path.clone()),
        );
    }
    out
}

fn is_duration(field: &str) -> bool {
    matches!(
        field,
        "for" | "keep_firing_for" | "interval" | "query_offset"
    )
}

fn expected_type(field: &str) -> &'static str {
    match field {
        "labels" | "annotations" => "a mapping of names to strings",
        "groups" | "rules" => "a list",
        "for" | "keep_firing_for" | "interval" | "query_offset" => "a duration string",
        _ => "a string",
    }
}

const RULE_FIELDS: &[&str] = &[
    "alert",
    "record",
    "expr",
    "for",
    "keep_firing_for",
    "labels",
    "annotations",
];
const GROUP_FIELDS: &[&str] = &[
    "name",
    "interval",
    "query_offset",
    "limit",
    "labels",
    "rules",
];

fn fields(context: &str) -> &'static [&'static str] {
    match context {
        "rule" => RULE_FIELDS,
        "rule group" => GROUP_FIELDS,
        _ => &["groups"],
    }
}

fn known_fields(context: &str) -> String {
    format!("a {context} takes {}", fields(context).join(", "))
}

/// The known field closest to a misspelt one (`annotation` → `annotations`).
fn suggest(name: &str, context: &str) -> Option<&'static str> {
    fields(context)
        .iter()
        .map(|f| (edit_distance(name, f), *f))
        .filter(|(d, f)| *d <= 2.max(f.len() / 4))
        .min_by_key(|(d, _)| *d)
        .map(|(_, f)| f)
}

pub(crate) fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1];
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != *cb);
            cur.push((prev[j] + cost).min(prev[j + 1] + 1).min(cur[j] + 1));
        }
        prev = cur;
    }
    prev[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::yaml::load::load_documents;

    fn check(text: &str) -> Vec<(String, String)> {
        let docs = load_documents(text).unwrap();
        validate(0, &docs[0], Dialect::Prometheus)
            .into_iter()
            .map(|d| (text[d.span.clone()].to_string(), d.message))
            .collect()
    }

    #[test]
    fn the_schema_compiles() {
        assert!(validators().is_some());
    }

    #[test]
    fn unknown_field_points_at_the_key_and_suggests() {
        let text = "groups:\n- name: g\n  rules:\n  - alert: A\n    expr: up\n    annotation:\n      x: y\n";
        let docs = load_documents(text).unwrap();
        let found = validate(0, &docs[0], Dialect::Prometheus);
        assert_eq!(found.len(), 1);
        assert_eq!(&text[found[0].span.clone()], "annotation");
        assert!(found[0].help.as_deref().unwrap().contains("`annotations`"));
    }

    #[test]
    fn structural_errors_are_located() {
        let found =
            check("groups:\n- name: g\n  rules:\n  - record: r\n    expr: up\n    for: 1m\n");
        assert_eq!(
            found,
            [(
                "for".to_string(),
                "`for` is not allowed in a recording rule".to_string()
            )]
        );
        let found =
            check("groups:\n- name: g\n  rules:\n  - record: r\n    alert: A\n    expr: up\n");
        assert_eq!(
            found,
            [(
                "alert".to_string(),
                "rule sets both `alert` and `record`".to_string()
            )]
        );
        let found = check("groups:\n- name: g\n  rules:\n  - record: r\n");
        assert_eq!(
            found,
            [("record".to_string(), "rule has no `expr`".to_string())]
        );
        let found =
            check("groups:\n- name: g\n  rules:\n  - alert: A\n    expr: up\n    for: [1m]\n");
        assert_eq!(found[0].0, "[1m]");
        let found =
            check("groups:\n- name: g\n  rules:\n  - alert: A\n    expr: up\n    for: 5 minutes\n");
        assert_eq!(
            found[0],
            (
                "5 minutes".to_string(),
                "`for` is not a valid duration: `5 minutes`".to_string()
            )
        );
    }

    #[test]
    fn valid_files_pass() {
        assert!(check("groups:\n- name: g\n  interval: 30s\n  rules:\n  - alert: A\n    expr: 1\n    for: 0\n    labels: {a: 1}\n").is_empty());
    }
}
