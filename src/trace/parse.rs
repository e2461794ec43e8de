//! One registry file → groups and attribute definitions. Every problem inside the file (a missing id, a
//! bad type or requirement level, an unknown stability) is a TRC000 finding at its key or value; problems
//! across files (unknown refs, duplicates, `extends`) are found when the registry is built.

use super::model::{
    AttrType, Attribute, Deprecation, Entry, EnumMember, Group, GroupKind, Origin, Primitive,
    RequirementLevel, SpanKind, SpanName, Spanned, Stability,
};
use super::pattern;
use crate::codes::REGISTRY_INVALID as CODE;
use crate::diagnostic::Diagnostic;
use crate::yaml::load::load_documents;
use crate::yaml::node::{Node, Value};
use std::ops::Range;

/// What one file defines.
#[derive(Debug, Default)]
pub struct ParsedFile {
    pub groups: Vec<Group>,
    pub attributes: Vec<Attribute>,
    /// Ids of definitions too broken to keep (already reported): `ref`s to them are not reported again.
    pub broken: Vec<String>,
}

const YAML_CODE: &str = crate::codes::YAML_SYNTAX_ERROR;

/// Parses a registry file's text. A YAML error is a YML001 finding and yields nothing.
pub fn parse_text(file: usize, text: &str, out: &mut Vec<Diagnostic>) -> ParsedFile {
    match load_documents(text) {
        Ok(docs) => {
            let mut parser = Parser {
                file,
                text,
                out,
                parsed: ParsedFile::default(),
            };
            for doc in &docs {
                parser.document(doc);
            }
            parser.parsed
        }
        Err(e) => {
            out.push(
                Diagnostic::new(YAML_CODE, file, e.span, e.message).with_help(
                    "fix the YAML: nothing in this registry file can be read until then",
                ),
            );
            ParsedFile::default()
        }
    }
}

struct Parser<'a> {
    file: usize,
    text: &'a str,
    out: &'a mut Vec<Diagnostic>,
    parsed: ParsedFile,
}

/// The first key of a mapping (or the node): where "this item lacks X" points, one line, not the block.
fn head(node: &Node) -> Range<usize> {
    match node.as_map().and_then(|m| m.first()) {
        Some((k, _)) => k.span.clone(),
        None => node.span.clone(),
    }
}

/// A text value, without the line break a folded block (`>`) ends with.
fn text_of(node: Option<&Node>) -> Option<String> {
    node.and_then(Node::as_str)
        .map(|s| s.trim_end().to_string())
}

/// Scalars in an `examples:` value, nested lists flattened.
fn examples(node: Option<&Node>) -> Vec<String> {
    let mut out = Vec::new();
    let mut stack: Vec<&Node> = node.into_iter().collect();
    while let Some(n) = stack.pop() {
        match &n.value {
            Value::Seq(items) => stack.extend(items.iter().rev()),
            _ => out.extend(n.as_str().map(str::to_string)),
        }
    }
    out
}

/// Keys a Weaver registry manifest or a schema file has: such files sit in registry folders too.
const NOT_GROUP_FILE_KEYS: &[&str] = &[
    "semconv_version",
    "schema_base_url",
    "schema_url",
    "versions",
    "dependencies",
];

/// Sections of the `definition/2` format obslint does not read yet.
const V2_SECTIONS: &[&str] = &["spans", "attribute_groups", "metrics", "events", "entities"];

impl Parser<'_> {
    fn invalid(&mut self, span: Range<usize>, message: impl Into<String>, help: &str) {
        self.out.push(
            Diagnostic::new(CODE, self.file, span, message)
                .with_help(help)
                .with_identity("registry"),
        );
    }

    fn document(&mut self, doc: &Node) {
        if doc.value == Value::Null {
            return;
        }
        if doc.as_map().is_none() {
            self.invalid(
                head(doc),
                format!(
                    "a registry file holds a mapping with `groups:`, not a {}",
                    doc.kind_name()
                ),
                "write `groups:` with a list of attribute_group and span groups",
            );
            return;
        }
        if let Some(groups) = doc.get("groups") {
            match groups.as_seq() {
                Some(items) => items.iter().for_each(|g| self.group(g)),
                None if groups.value == Value::Null => {}
                None => self.invalid(
                    groups.span.clone(),
                    format!("`groups` must be a list, not a {}", groups.kind_name()),
                    "write `groups:` followed by `- id: ...` items",
                ),
            }
            return;
        }
        if let Some(attributes) = doc.get("attributes") {
            self.v2_attributes(attributes);
            for section in V2_SECTIONS {
                if let Some((key, _)) = doc.entry(section) {
                    self.invalid(
                        key.span.clone(),
                        format!("obslint reads only `attributes:` of the definition/2 format, not `{section}:`"),
                        "describe spans as `groups:` with `type: span` (the format the semantic-conventions repository uses)",
                    );
                }
            }
            return;
        }
        if NOT_GROUP_FILE_KEYS.iter().any(|k| doc.get(k).is_some()) {
            return;
        }
        self.invalid(
            head(doc),
            "no `groups:` here: files in the registry folder hold semantic-convention groups",
            "add `groups:`, or move this file out of the registry folder",
        );
    }

    /// `file_format: definition/2`: a top-level list of attributes keyed by `key`, one implicit group.
    fn v2_attributes(&mut self, list: &Node) {
        let Some(items) = list.as_seq() else {
            self.invalid(
                list.span.clone(),
                format!("`attributes` must be a list, not a {}", list.kind_name()),
                "write `attributes:` followed by `- key: ...` items",
            );
            return;
        };
        let namespace = items
            .iter()
            .find_map(|i| i.get("key")?.as_str())
            .and_then(|k| k.split('.').next())
            .unwrap_or("attributes")
            .to_string();
        let group_id = format!("registry.{namespace}");
        for item in items {
            if let Some((_, Some(definition))) = self.attribute(item, &group_id, "key") {
                self.parsed.attributes.push(definition);
            }
        }
    }

    fn group(&mut self, item: &Node) {
        if item.as_map().is_none() {
            self.invalid(
                head(item),
                format!("a group is a mapping, not a {}", item.kind_name()),
                "write `- id: ...` with `type:` and `attributes:`",
            );
            return;
        }
        let Some(id) = self.required_string(item, "id", "group") else {
            return;
        };
        let kind = match item.get("type") {
            None => {
                self.invalid(
                    id.span.clone(),
                    format!("group `{}` has no `type`", id.value),
                    "add `type: attribute_group` or `type: span`",
                );
                None
            }
            Some(node) => self
                .keyword(node, "group type", GroupKind::parse, "use attribute_group or span (event, metric, resource, scope and entity groups are read for their attributes)")
                .map(|k| k.value),
        };
        let stability = self.stability(item.get("stability"));
        let deprecated = self.deprecation(item.get("deprecated"));
        let extends = item.get("extends").and_then(|n| self.string(n, "extends"));
        let kind = kind.unwrap_or(GroupKind::Other("unknown"));
        let span_kind = item.get("span_kind").and_then(|node| {
            self.keyword(
                node,
                "span_kind",
                SpanKind::parse,
                "use client, server, producer, consumer or internal",
            )
        });
        let span_name = if kind == GroupKind::Span {
            self.span_name(item, &id)
        } else {
            None
        };
        let mut entries: Vec<Entry> = Vec::new();
        match item.get("attributes") {
            None => {}
            Some(list) => match list.as_seq() {
                Some(items) => {
                    for attr in items {
                        let Some((entry, definition)) = self.attribute(attr, &id.value, "id")
                        else {
                            continue;
                        };
                        if entries.iter().any(|e| e.id.value == entry.id.value) {
                            self.invalid(
                                entry.id.span.clone(),
                                format!(
                                    "`{}` is listed twice in group `{}`",
                                    entry.id.value, id.value
                                ),
                                "keep one entry per attribute in a group",
                            );
                            continue;
                        }
                        self.parsed.attributes.extend(definition);
                        entries.push(entry);
                    }
                }
                None if list.value == Value::Null => {}
                None => self.invalid(
                    list.span.clone(),
                    format!("`attributes` must be a list, not a {}", list.kind_name()),
                    "write `attributes:` followed by `- id: ...` or `- ref: ...` items",
                ),
            },
        }
        self.parsed.groups.push(Group {
            id,
            kind,
            file: self.file,
            span: item.span.clone(),
            brief: text_of(item.get("brief")),
            stability,
            deprecated,
            extends,
            span_kind,
            span_name,
            entries,
        });
    }

    /// The span a span group describes: `annotations.obslint.span_name`, else its id without `span.`.
    fn span_name(&mut self, item: &Node, id: &Spanned<String>) -> Option<SpanName> {
        let annotated = item
            .get("annotations")
            .and_then(|a| a.get("obslint"))
            .and_then(|o| o.get("span_name"));
        let (name, span) = match annotated {
            Some(node) => (self.string(node, "span_name")?.value, node.span.clone()),
            None => (
                id.value
                    .strip_prefix("span.")
                    .unwrap_or(&id.value)
                    .to_string(),
                id.span.clone(),
            ),
        };
        if let Some(problem) = pattern::problem(&name) {
            self.invalid(
                span,
                format!("span name `{name}`: {problem}"),
                "write placeholders as `{name}`, e.g. `GET /orders/{id}`",
            );
            return None;
        }
        Some(SpanName { name, span })
    }

    /// One item of an `attributes:` list, with the attribute it defines (None for a `ref`, or for a
    /// definition too broken to keep).
    fn attribute(
        &mut self,
        item: &Node,
        group: &str,
        id_key: &str,
    ) -> Option<(Entry, Option<Attribute>)> {
        if item.as_map().is_none() {
            self.invalid(
                head(item),
                format!("an attribute is a mapping, not a {}", item.kind_name()),
                "write `- id: ...` with `type:`, or `- ref: ...`",
            );
            return None;
        }
        let defined = item.get(id_key);
        let referenced = item.get("ref");
        let (id_node, is_ref) = match (defined, referenced) {
            (Some(_), Some(r)) => {
                self.invalid(
                    r.span.clone(),
                    format!("an attribute has either `{id_key}` (a definition) or `ref`, not both"),
                    "define the attribute in one group and `ref` it from the others",
                );
                return None;
            }
            (Some(d), None) => (d, false),
            (None, Some(r)) => (r, true),
            (None, None) => {
                self.invalid(
                    head(item),
                    format!("attribute in group `{group}` has no `{id_key}` (or `ref`)"),
                    "add `id:` with a `type:` to define an attribute, or `ref:` to use one defined elsewhere",
                );
                return None;
            }
        };
        let key = if is_ref { "ref" } else { id_key };
        let id = self.string(id_node, key)?;
        // A bad level is reported and read as the default, so the entry still counts.
        let requirement = item
            .get("requirement_level")
            .map(|node| (self.requirement(node), node.span.clone()));
        let requirement_span = requirement.as_ref().map(|(_, span)| span.clone());
        let requirement = requirement
            .and_then(|(level, _)| level)
            .unwrap_or(RequirementLevel::Recommended(None));
        let definition = if is_ref {
            if let Some(t) = item.get("type") {
                self.invalid(
                    t.span.clone(),
                    format!(
                        "`ref: {}` takes its type from the attribute it names",
                        id.value
                    ),
                    "remove `type:` here, or define a new attribute with `id:`",
                );
            }
            None
        } else {
            let definition = self.definition(item, &id, group);
            if definition.is_none() {
                self.parsed.broken.push(id.value.clone());
            }
            definition
        };
        Some((
            Entry {
                id,
                is_ref,
                requirement,
                requirement_span,
                span: item.span.clone(),
            },
            definition,
        ))
    }

    fn definition(&mut self, item: &Node, id: &Spanned<String>, group: &str) -> Option<Attribute> {
        let Some((type_key, type_node)) = item.entry("type") else {
            self.invalid(
                id.span.clone(),
                format!("attribute `{}` has no `type`", id.value),
                "add `type:` (string, int, double, boolean, an array such as string[], template[string], or an enum with `members:`)",
            );
            return None;
        };
        let ty = self.attr_type(type_node)?;
        let stability_node = item.get("stability");
        let stability = self.stability(stability_node);
        let deprecated = self.deprecation(item.get("deprecated"));
        Some(Attribute {
            id: id.value.clone(),
            ty,
            stability: stability.map(|s| s.value),
            deprecated,
            brief: text_of(item.get("brief")),
            note: text_of(item.get("note")),
            examples: examples(item.get("examples")),
            origin: Origin::Project {
                file: self.file,
                id_span: id.span.clone(),
                // An enum's mapping starts on the line after `type:`; point at the key instead.
                type_span: if type_node.as_map().is_some() {
                    type_key.span.clone()
                } else {
                    type_node.span.clone()
                },
                stability_span: stability_node.map(|n| n.span.clone()),
                group: group.to_string(),
            },
        })
    }

    fn attr_type(&mut self, node: &Node) -> Option<AttrType> {
        if let Some(text) = node.as_str() {
            let parsed = AttrType::parse(text);
            if parsed.is_none() {
                self.invalid(
                    node.span.clone(),
                    format!("unknown attribute type `{text}`"),
                    "use string, int, double, boolean, any, an array (string[], int[], double[], boolean[]), template[string] or template[string[]], or an enum with `members:`",
                );
            }
            return parsed;
        }
        let Some(list) = node.get("members") else {
            self.invalid(
                node.span.clone(),
                format!(
                    "an attribute type is a name or an enum with `members:`, not a {}",
                    node.kind_name()
                ),
                "write `type: string`, or `type: {members: [{id: a, value: a}]}`",
            );
            return None;
        };
        let Some(items) = list.as_seq().filter(|i| !i.is_empty()) else {
            self.invalid(
                list.span.clone(),
                "an enum needs a non-empty `members:` list",
                "add `- id: ...` with `value: ...` for each allowed value",
            );
            return None;
        };
        let mut members: Vec<EnumMember> = Vec::new();
        let mut kinds = Vec::new();
        for member in items {
            let Some(id) = self.required_string(member, "id", "enum member") else {
                continue;
            };
            let Some(value_node) = member.get("value").filter(|v| v.as_str().is_some()) else {
                self.invalid(
                    id.span.clone(),
                    format!("enum member `{}` has no scalar `value`", id.value),
                    "add `value:` with the exact value code sends",
                );
                continue;
            };
            let value = value_node.as_str().unwrap_or_default().to_string();
            let deprecated = self.deprecation(member.get("deprecated"));
            // A deprecated member may share its value with its successor (renamed ids, one value).
            let clash = members.iter().find(|m| {
                m.id == id.value
                    || (m.value == value && m.deprecated.is_none() && deprecated.is_none())
            });
            if let Some(first) = clash {
                let (what, repeated, span) = if first.id == id.value {
                    ("id", &id.value, id.span.clone())
                } else {
                    ("value", &value, value_node.span.clone())
                };
                self.invalid(
                    span,
                    format!("enum member {what} repeats `{repeated}`"),
                    "give every member its own id and value",
                );
                continue;
            }
            kinds.push(self.value_kind(value_node));
            members.push(EnumMember {
                id: id.value,
                value,
                stability: self.stability(member.get("stability")).map(|s| s.value),
                deprecated,
                span: Some(member.span.clone()),
            });
        }
        if members.is_empty() {
            return None;
        }
        let base = if kinds.iter().all(|k| *k == Primitive::Int) {
            Primitive::Int
        } else if kinds
            .iter()
            .all(|k| matches!(k, Primitive::Int | Primitive::Double))
        {
            Primitive::Double
        } else if kinds.iter().all(|k| *k == Primitive::Boolean) {
            Primitive::Boolean
        } else {
            Primitive::String
        };
        Some(AttrType::Enum { base, members })
    }

    /// What a member's value is, as Weaver reads it: quoted values are strings whatever they spell.
    fn value_kind(&self, node: &Node) -> Primitive {
        let quoted = self
            .text
            .get(node.span.clone())
            .is_some_and(|s| s.starts_with(['"', '\'']));
        match (&node.value, node.as_str()) {
            _ if quoted => Primitive::String,
            (Value::Bool(_), _) => Primitive::Boolean,
            (_, Some(s)) if s.parse::<i64>().is_ok() => Primitive::Int,
            (_, Some(s)) if s.parse::<f64>().is_ok() => Primitive::Double,
            _ => Primitive::String,
        }
    }

    fn requirement(&mut self, node: &Node) -> Option<RequirementLevel> {
        const HELP: &str = "use required, recommended, opt_in, `{conditionally_required: \"when ...\"}` or `{recommended: \"when ...\"}`";
        if let Some(text) = node.as_str() {
            return match text {
                "required" => Some(RequirementLevel::Required),
                "recommended" => Some(RequirementLevel::Recommended(None)),
                "opt_in" => Some(RequirementLevel::OptIn),
                "conditionally_required" => {
                    self.invalid(
                        node.span.clone(),
                        "`conditionally_required` needs its condition",
                        "write `requirement_level: {conditionally_required: \"when ...\"}`",
                    );
                    None
                }
                other => {
                    self.invalid(
                        node.span.clone(),
                        format!("unknown requirement_level `{other}`"),
                        HELP,
                    );
                    None
                }
            };
        }
        let entries = node.as_map().unwrap_or_default();
        let condition = |v: &Node| v.as_str().map(str::to_string);
        match entries {
            [(k, v)] if k.as_str() == Some("conditionally_required") => match condition(v) {
                Some(c) => Some(RequirementLevel::ConditionallyRequired(c)),
                None => {
                    self.invalid(
                        v.span.clone(),
                        "`conditionally_required` needs its condition as text",
                        HELP,
                    );
                    None
                }
            },
            [(k, v)] if k.as_str() == Some("recommended") => {
                Some(RequirementLevel::Recommended(condition(v)))
            }
            _ => {
                self.invalid(
                    node.span.clone(),
                    format!("invalid requirement_level (a {})", node.kind_name()),
                    HELP,
                );
                None
            }
        }
    }

    fn stability(&mut self, node: Option<&Node>) -> Option<Spanned<Stability>> {
        self.keyword(
            node?,
            "stability",
            Stability::parse,
            "use stable, release_candidate, beta, alpha or development",
        )
    }

    /// A value from a fixed vocabulary (`stability: stable`), or a TRC000 saying what is allowed.
    fn keyword<T>(
        &mut self,
        node: &Node,
        what: &str,
        parse: fn(&str) -> Option<T>,
        help: &str,
    ) -> Option<Spanned<T>> {
        match node.as_str().and_then(parse) {
            Some(value) => Some(Spanned {
                value,
                span: node.span.clone(),
            }),
            None => {
                self.invalid(
                    node.span.clone(),
                    format!(
                        "unknown {what} `{}`",
                        node.as_str().unwrap_or(node.kind_name())
                    ),
                    help,
                );
                None
            }
        }
    }

    fn deprecation(&mut self, node: Option<&Node>) -> Option<Deprecation> {
        let node = node?;
        if let Some(text) = node.as_str() {
            return Some(Deprecation::Text(text.to_string()));
        }
        let note = text_of(node.get("note"));
        let reason = node.get("reason");
        match reason.and_then(Node::as_str) {
            Some("renamed") => match node.get("renamed_to").and_then(Node::as_str) {
                Some(to) => Some(Deprecation::Renamed {
                    renamed_to: to.to_string(),
                    note,
                }),
                None => {
                    self.invalid(
                        head(node),
                        "`reason: renamed` needs `renamed_to:` naming the new attribute",
                        "add `renamed_to: <new id>`, or use `reason: obsoleted`",
                    );
                    None
                }
            },
            Some("obsoleted") => Some(Deprecation::Obsoleted { note }),
            Some("uncategorized") => Some(Deprecation::Uncategorized { note }),
            other => {
                let span = reason.map_or_else(|| head(node), |r| r.span.clone());
                self.invalid(
                    span,
                    match other {
                        Some(r) => format!("unknown deprecation reason `{r}`"),
                        None => "`deprecated` needs a `reason`".to_string(),
                    },
                    "write `deprecated: {reason: renamed, renamed_to: <new id>}`, `{reason: obsoleted}` or `{reason: uncategorized, note: ...}`",
                );
                None
            }
        }
    }

    /// A string value of `key`, or a TRC000 finding naming `what` lacks it.
    fn required_string(&mut self, item: &Node, key: &str, what: &str) -> Option<Spanned<String>> {
        match item.get(key) {
            Some(node) => self.string(node, key),
            None => {
                self.invalid(
                    head(item),
                    format!("{what} has no `{key}`"),
                    "every group, attribute and enum member needs an `id`",
                );
                None
            }
        }
    }

    fn string(&mut self, node: &Node, key: &str) -> Option<Spanned<String>> {
        match &node.value {
            Value::Scalar(s) if !s.trim().is_empty() => Some(Spanned {
                value: s.clone(),
                span: node.span.clone(),
            }),
            _ => {
                self.invalid(
                    node.span.clone(),
                    format!(
                        "`{key}` must be a non-empty string, not a {}",
                        node.kind_name()
                    ),
                    "write an id such as `checkout.order.id`",
                );
                None
            }
        }
    }
}
