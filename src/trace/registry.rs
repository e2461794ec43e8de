//! The project's registry, built from its parsed files: cross-file checks (unknown refs, duplicate ids,
//! `extends`, two groups describing one span) and the questions the other checks ask of it.

use super::model::{Attribute, Entry, Group, GroupKind, RequirementLevel};
use super::parse::ParsedFile;
use super::{pattern, semconv};
use crate::codes::REGISTRY_INVALID as CODE;
use crate::diagnostic::Diagnostic;
use std::collections::{HashMap, HashSet};

/// The project's semantic conventions, with OpenTelemetry's shipped attributes behind them.
#[derive(Debug, Default)]
pub struct Registry {
    groups: Vec<Group>,
    attributes: Vec<Attribute>,
    group_index: HashMap<String, usize>,
    attribute_index: HashMap<String, usize>,
    /// Definitions dropped as invalid: refs to them are not reported a second time.
    broken: HashSet<String>,
}

/// An attribute as a group has it: listed there, or inherited through `extends`.
#[derive(Debug, Clone)]
pub struct GroupAttribute<'a> {
    pub id: &'a str,
    /// The definition (the project's, else OpenTelemetry's); None for an unknown `ref` (a TRC000).
    pub attribute: Option<&'a Attribute>,
    pub requirement: RequirementLevel,
    /// The group and entry that list it; None when inherited from an OpenTelemetry group.
    pub listed: Option<(&'a Group, &'a Entry)>,
}

/// Longer `extends` chains than any real registry has; inheritance stops there, and it is reported.
pub const MAX_EXTENDS_HOPS: usize = 64;

fn invalid(file: usize, span: std::ops::Range<usize>, message: String, help: &str) -> Diagnostic {
    Diagnostic::new(CODE, file, span, message)
        .with_help(help)
        .with_identity("registry")
}

impl Registry {
    /// Builds the registry from its files (in a stable order) and reports problems across them. The
    /// first of two groups or attributes with one id wins; the second is reported and left out.
    pub fn build(files: Vec<ParsedFile>, out: &mut Vec<Diagnostic>) -> Registry {
        let mut registry = Registry::default();
        for file in files {
            registry.broken.extend(file.broken);
            for attribute in file.attributes {
                registry.add_attribute(attribute, out);
            }
            for group in file.groups {
                registry.add_group(group, out);
            }
        }
        registry.check_refs(out);
        registry.check_extends(out);
        registry.check_span_names(out);
        registry
    }

    fn add_attribute(&mut self, attribute: Attribute, out: &mut Vec<Diagnostic>) {
        if let Some(&first) = self.attribute_index.get(&attribute.id) {
            if let super::model::Origin::Project { file, id_span, .. } = &attribute.origin {
                let message = format!(
                    "attribute `{}` is defined twice (first in group `{}`)",
                    attribute.id,
                    self.attributes[first].group_name()
                );
                out.push(invalid(
                    *file,
                    id_span.clone(),
                    message,
                    "define it once and `ref` it from other groups",
                ));
            }
            return;
        }
        self.attribute_index
            .insert(attribute.id.clone(), self.attributes.len());
        self.attributes.push(attribute);
    }

    fn add_group(&mut self, group: Group, out: &mut Vec<Diagnostic>) {
        if self.group_index.contains_key(&group.id.value) {
            out.push(invalid(
                group.file,
                group.id.span.clone(),
                format!("group id `{}` is used twice", group.id.value),
                "give every group its own id",
            ));
            return;
        }
        self.group_index
            .insert(group.id.value.clone(), self.groups.len());
        self.groups.push(group);
    }

    fn check_refs(&self, out: &mut Vec<Diagnostic>) {
        let version = semconv::data().version();
        for group in &self.groups {
            for entry in group.entries.iter().filter(|e| e.is_ref) {
                if self.attribute(&entry.id.value).is_none()
                    && !self.broken.contains(&entry.id.value)
                {
                    out.push(invalid(
                        group.file,
                        entry.id.span.clone(),
                        format!("`ref: {}` names no attribute of this registry or of OpenTelemetry semantic conventions {version}", entry.id.value),
                        "fix the id, or define the attribute with `id:` and `type:` in an attribute_group",
                    ));
                }
            }
        }
    }

    fn check_extends(&self, out: &mut Vec<Diagnostic>) {
        // Each group extends at most one other: walk every chain once (a functional graph), marking the
        // groups that lie on a cycle and how many hops each chain has, so a 20k-group chain stays linear.
        let n = self.groups.len();
        let next: Vec<Option<usize>> = self
            .groups
            .iter()
            .map(|g| {
                g.extends
                    .as_ref()
                    .and_then(|e| self.group_index.get(&e.value).copied())
            })
            .collect();
        const UNSEEN: usize = usize::MAX;
        const WALKING: usize = usize::MAX - 1;
        // Hops to the end of the chain; cycles count as 0 (they are reported as cycles).
        let mut hops = vec![UNSEEN; n];
        let mut on_cycle = vec![false; n];
        let mut path = Vec::new();
        for start in 0..n {
            let mut cur = Some(start);
            let mut tail = 0;
            while let Some(c) = cur {
                match hops[c] {
                    UNSEEN => {
                        hops[c] = WALKING;
                        path.push(c);
                        cur = next[c];
                    }
                    WALKING => {
                        let at = path.iter().rposition(|&p| p == c).unwrap_or(0);
                        for &p in &path[at..] {
                            on_cycle[p] = true;
                            hops[p] = 0;
                        }
                        path.truncate(at);
                        tail = 1;
                        break;
                    }
                    done => {
                        tail = done + 1;
                        break;
                    }
                }
            }
            while let Some(p) = path.pop() {
                hops[p] = tail;
                tail += 1;
            }
        }
        for (i, group) in self.groups.iter().enumerate() {
            let Some(extends) = &group.extends else {
                continue;
            };
            let known = self.group_index.contains_key(&extends.value)
                || semconv::data().group(&extends.value).is_some();
            if !known {
                out.push(invalid(
                    group.file,
                    extends.span.clone(),
                    format!("`extends: {}` names no group of this registry", extends.value),
                    "fix the group id (OpenTelemetry registry groups such as `registry.http` are known too)",
                ));
                continue;
            }
            // A chain that comes back to this group never ends: report it where it starts.
            if on_cycle[i] {
                out.push(invalid(
                    group.file,
                    extends.span.clone(),
                    format!(
                        "`extends` of group `{}` leads back to itself",
                        group.id.value
                    ),
                    "break the cycle: a group cannot extend itself, directly or through others",
                ));
            } else if hops[i] == MAX_EXTENDS_HOPS + 1 {
                // Reported once, on the group where the chain passes the limit.
                out.push(invalid(
                    group.file,
                    extends.span.clone(),
                    format!(
                        "`extends` chain from group `{}` is more than {MAX_EXTENDS_HOPS} groups long; groups on it inherit only from the first {MAX_EXTENDS_HOPS}",
                        group.id.value
                    ),
                    "flatten the chain: real registries extend a few groups deep",
                ));
            }
        }
    }

    fn check_span_names(&self, out: &mut Vec<Diagnostic>) {
        let mut seen: HashMap<&str, &Group> = HashMap::new();
        for group in self.spans() {
            let Some(name) = &group.span_name else {
                continue;
            };
            if let Some(first) = seen.get(name.name.as_str()) {
                out.push(invalid(
                    group.file,
                    name.span.clone(),
                    format!(
                        "span `{}` is already described by group `{}`",
                        name.name, first.id.value
                    ),
                    "describe each span in one group, or name this one with `annotations: {obslint: {span_name: ...}}`",
                ));
                continue;
            }
            seen.insert(&name.name, group);
        }
    }

    /// Every group, in file order.
    pub fn groups(&self) -> &[Group] {
        &self.groups
    }

    pub fn group(&self, id: &str) -> Option<&Group> {
        self.group_index.get(id).map(|&i| &self.groups[i])
    }

    /// The span groups.
    pub fn spans(&self) -> impl Iterator<Item = &Group> {
        self.groups.iter().filter(|g| g.kind == GroupKind::Span)
    }

    /// The span group that describes a span of this name: an exact name first, else the most specific
    /// pattern that matches (`GET /orders/{id}` for `GET /orders/42`).
    pub fn span_for_name(&self, literal: &str) -> Option<&Group> {
        fn named(g: &Group) -> Option<&str> {
            g.span_name.as_ref().map(|n| n.name.as_str())
        }
        self.spans()
            .find(|g| named(g) == Some(literal))
            .or_else(|| {
                self.spans()
                    .filter(|g| {
                        named(g)
                            .is_some_and(|n| pattern::is_pattern(n) && pattern::matches(n, literal))
                    })
                    .max_by_key(|g| named(g).map_or(0, pattern::specificity))
            })
    }

    /// The attributes defined in the project's registry, in file order.
    pub fn project_attributes(&self) -> &[Attribute] {
        &self.attributes
    }

    /// An attribute defined in the project's registry.
    pub fn project_attribute(&self, id: &str) -> Option<&Attribute> {
        self.attribute_index.get(id).map(|&i| &self.attributes[i])
    }

    /// An attribute by id: the project's definition, else OpenTelemetry's; then a template attribute
    /// whose id is a prefix (`http.request.header.content-type` is `http.request.header`).
    pub fn attribute(&self, id: &str) -> Option<&Attribute> {
        let exact = |id: &str| {
            self.project_attribute(id)
                .or_else(|| semconv::data().attribute(id))
        };
        exact(id).or_else(|| {
            id.char_indices()
                .rev()
                .filter(|&(_, c)| c == '.')
                .find_map(|(i, _)| exact(&id[..i]).filter(|a| a.ty.is_template()))
        })
    }

    /// What a group has: what it inherits through `extends` (recursively), then its own entries, which
    /// override inherited ones of the same id.
    pub fn attributes_of<'a>(&'a self, group: &'a Group) -> Vec<GroupAttribute<'a>> {
        let mut chain = vec![group];
        let mut in_chain = HashSet::from([group.id.value.as_str()]);
        let mut otel_base = None;
        let mut next = group.extends.as_ref();
        while let Some(extends) = next {
            if chain.len() > MAX_EXTENDS_HOPS {
                break; // Reported by check_extends.
            }
            match self.group(&extends.value) {
                Some(g) if in_chain.insert(g.id.value.as_str()) => {
                    chain.push(g);
                    next = g.extends.as_ref();
                }
                Some(_) => break,
                None => {
                    otel_base = Some(extends.value.as_str());
                    break;
                }
            }
        }
        let mut out: Vec<GroupAttribute<'a>> = Vec::new();
        let mut slots: HashMap<&'a str, usize> = HashMap::new();
        let mut put = |item: GroupAttribute<'a>| match slots.get(item.id) {
            Some(&slot) => out[slot] = item,
            None => {
                slots.insert(item.id, out.len());
                out.push(item);
            }
        };
        if let Some(ids) = otel_base.and_then(|id| semconv::data().group(id)) {
            for id in ids {
                put(GroupAttribute {
                    id,
                    attribute: semconv::data().attribute(id),
                    requirement: RequirementLevel::Recommended(None),
                    listed: None,
                });
            }
        }
        for g in chain.iter().rev() {
            for entry in &g.entries {
                put(GroupAttribute {
                    id: &entry.id.value,
                    attribute: self.attribute(&entry.id.value),
                    requirement: entry.requirement.clone(),
                    listed: Some((g, entry)),
                });
            }
        }
        out
    }
}

impl Attribute {
    /// The group that defines it (a project group id, or an OpenTelemetry registry group).
    pub fn group_name(&self) -> &str {
        match &self.origin {
            super::model::Origin::Project { group, .. }
            | super::model::Origin::OpenTelemetry { group } => group,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::trace::model::{AttrType, Primitive, Stability};
    use crate::trace::parse::parse_text;

    const REGISTRY: &str = r#"
groups:
  - id: registry.shop
    type: attribute_group
    attributes:
      - id: shop.order.id
        type: string
        stability: stable
      - id: shop.order.status
        type:
          members:
            - {id: open, value: open}
            - {id: paid, value: paid}
      - id: shop.header
        type: template[string[]]
      - id: shop.cart
        type: int
        deprecated: {reason: renamed, renamed_to: shop.cart.items}
  - id: attributes.shop.common
    type: attribute_group
    extends: registry.url
    attributes:
      - ref: shop.order.id
        requirement_level: recommended
  - id: span.shop.checkout
    type: span
    span_kind: server
    extends: attributes.shop.common
    attributes:
      - ref: shop.order.id
        requirement_level: required
      - ref: http.request.method
  - id: span.shop.get_order
    type: span
    annotations: {obslint: {span_name: "GET /orders/{id}"}}
  - id: span.shop.get_any
    type: span
    annotations: {obslint: {span_name: "GET {path}"}}
  - id: span.shop.get_orders
    type: span
    annotations: {obslint: {span_name: "GET /orders"}}
"#;

    fn registry() -> Registry {
        let mut problems = Vec::new();
        let parsed = parse_text(0, REGISTRY, &mut problems);
        let registry = Registry::build(vec![parsed], &mut problems);
        assert!(problems.is_empty(), "{problems:#?}");
        registry
    }

    #[test]
    fn spans_are_found_by_name_exact_first_then_most_specific_pattern() {
        let r = registry();
        let id = |name: &str| r.span_for_name(name).map(|g| g.id.value.as_str());
        assert_eq!(id("shop.checkout"), Some("span.shop.checkout"));
        assert_eq!(id("GET /orders"), Some("span.shop.get_orders"));
        assert_eq!(id("GET /orders/42"), Some("span.shop.get_order"));
        assert_eq!(id("GET /health"), Some("span.shop.get_any"));
        assert_eq!(id("POST /orders"), None);
    }

    #[test]
    fn a_group_has_its_own_refs_and_what_it_extends() {
        let r = registry();
        let span = r.group("span.shop.checkout").unwrap();
        let attrs = r.attributes_of(span);
        let get = |id: &str| attrs.iter().find(|a| a.id == id);
        // Own entry overrides the extended group's recommended.
        let order = get("shop.order.id").unwrap();
        assert_eq!(order.requirement, RequirementLevel::Required);
        assert_eq!(
            order.listed.map(|(g, _)| g.id.value.as_str()),
            Some("span.shop.checkout")
        );
        assert_eq!(order.attribute.unwrap().stability, Some(Stability::Stable));
        // OpenTelemetry's, through a ref and through `extends: registry.url` two groups up.
        let method = get("http.request.method").unwrap().attribute.unwrap();
        assert!(!method.is_project() && !method.ty.members().is_empty());
        let full = get("url.full").unwrap();
        assert!(full.listed.is_none() && full.attribute.is_some());
    }

    #[test]
    fn any_attribute_id_resolves_to_its_definition() {
        let r = registry();
        assert_eq!(
            r.attribute("shop.cart").and_then(|a| a.renamed_to()),
            Some("shop.cart.items")
        );
        let status = r.attribute("shop.order.status").unwrap();
        assert!(matches!(
            status.ty,
            AttrType::Enum {
                base: Primitive::String,
                ..
            }
        ));
        assert_eq!(
            r.attribute("shop.header.x-tenant").map(|a| a.id.as_str()),
            Some("shop.header")
        );
        assert_eq!(
            r.attribute("http.method").and_then(|a| a.renamed_to()),
            Some("http.request.method")
        );
        assert_eq!(
            r.attribute("http.request.header.accept")
                .map(|a| a.id.as_str()),
            Some("http.request.header")
        );
        assert!(r.attribute("shop.nothing").is_none() && r.attribute("").is_none());
    }
}
