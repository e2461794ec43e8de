//! Compatibility of a registry with its base (an older version of itself): what changed in a way that
//! breaks producers or consumers of the telemetry. Attributes are paired by id, spans by the name they
//! describe. Removing something is fine once it was deprecated in the base; adding, deprecating, raising
//! stability and adding enum members are compatible. Rules TRC101–TRC107 report these changes.

use super::model::{Group, Origin, RequirementLevel, SpanKind, Stability};
use super::registry::Registry;
use std::collections::HashMap;
use std::ops::Range;

/// A position in a file of the run (an old file for removals, a new one otherwise).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct At {
    pub file: usize,
    pub span: Range<usize>,
}

/// What lost its stability.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Subject {
    Attribute(String),
    Span(String),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Change {
    /// An attribute of the base is gone, and the base did not deprecate it.
    AttributeRemoved { id: String, old: At },
    /// An attribute's wire type changed (`int` → `string`; an enum counts as its values' type).
    AttributeTypeChanged {
        id: String,
        from: String,
        to: String,
        new: At,
        old: At,
    },
    /// A stable attribute or span is no longer stable (and not deprecated either).
    StabilityDowngraded {
        subject: Subject,
        to: Option<Stability>,
        new: At,
    },
    /// An enum value of the base is gone, and the base did not deprecate it.
    EnumMemberRemoved {
        attribute: String,
        member: String,
        value: String,
        old: At,
    },
    /// A stable span's kind changed or was dropped.
    SpanKindChanged {
        span: String,
        from: SpanKind,
        to: Option<SpanKind>,
        new: At,
    },
    /// A span group of the base is gone, and the base did not deprecate it.
    SpanRemoved {
        span: String,
        group: String,
        old: At,
    },
    /// An attribute is `required` on a span where it was not before (or was not listed).
    RequirementRaised {
        span: String,
        attribute: String,
        from: Option<RequirementLevel>,
        new: At,
    },
}

/// Every incompatible change from `old` to `new`, attributes first, then spans.
pub fn compare(old: &Registry, new: &Registry) -> Vec<Change> {
    let mut out = Vec::new();
    attributes(old, new, &mut out);
    spans(old, new, &mut out);
    out
}

fn attributes(old: &Registry, new: &Registry, out: &mut Vec<Change>) {
    for before in old.project_attributes() {
        let Origin::Project {
            file: old_file,
            id_span: old_id,
            type_span: old_type,
            ..
        } = &before.origin
        else {
            continue;
        };
        let Some(after) = new.project_attribute(&before.id) else {
            // Still known when the project now uses OpenTelemetry's definition of the same id.
            if !before.is_deprecated() && new.attribute(&before.id).is_none() {
                out.push(Change::AttributeRemoved {
                    id: before.id.clone(),
                    old: At {
                        file: *old_file,
                        span: old_id.clone(),
                    },
                });
            }
            continue;
        };
        let Origin::Project {
            file,
            id_span,
            type_span,
            stability_span,
            ..
        } = &after.origin
        else {
            continue;
        };
        let (from, to) = (before.ty.wire(), after.ty.wire());
        if from != to {
            out.push(Change::AttributeTypeChanged {
                id: after.id.clone(),
                from: before.ty.spelled(),
                to: after.ty.spelled(),
                new: At {
                    file: *file,
                    span: type_span.clone(),
                },
                old: At {
                    file: *old_file,
                    span: old_type.clone(),
                },
            });
        }
        if before.stability == Some(Stability::Stable)
            && after.stability != Some(Stability::Stable)
            && !after.is_deprecated()
        {
            out.push(Change::StabilityDowngraded {
                subject: Subject::Attribute(after.id.clone()),
                to: after.stability,
                new: At {
                    file: *file,
                    span: stability_span.clone().unwrap_or_else(|| id_span.clone()),
                },
            });
        }
        // Turning an enum into its base type accepts more values: only enum to enum can lose one.
        if after.ty.members().is_empty() {
            continue;
        }
        for member in before.ty.members() {
            let kept = after.ty.members().iter().any(|m| m.value == member.value);
            if kept
                || member.deprecated.is_some()
                || member.stability == Some(Stability::Deprecated)
            {
                continue;
            }
            out.push(Change::EnumMemberRemoved {
                attribute: after.id.clone(),
                member: member.id.clone(),
                value: member.value.clone(),
                old: At {
                    file: *old_file,
                    span: member.span.clone().unwrap_or_else(|| old_type.clone()),
                },
            });
        }
    }
}

fn span_name(group: &Group) -> Option<&str> {
    group.span_name.as_ref().map(|n| n.name.as_str())
}

fn spans(old: &Registry, new: &Registry, out: &mut Vec<Change>) {
    let current: HashMap<&str, &Group> = new
        .spans()
        .filter_map(|g| Some((span_name(g)?, g)))
        .collect();
    for before in old.spans() {
        let Some(name) = span_name(before) else {
            continue;
        };
        let Some(after) = current.get(name).copied() else {
            if !before.is_deprecated() {
                out.push(Change::SpanRemoved {
                    span: name.to_string(),
                    group: before.id.value.clone(),
                    old: At {
                        file: before.file,
                        span: before.id.span.clone(),
                    },
                });
            }
            continue;
        };
        if before.is_stable() && !after.is_stable() && !after.is_deprecated() {
            out.push(Change::StabilityDowngraded {
                subject: Subject::Span(name.to_string()),
                to: after.stability.as_ref().map(|s| s.value),
                new: At {
                    file: after.file,
                    span: after
                        .stability
                        .as_ref()
                        .map_or_else(|| after.id.span.clone(), |s| s.span.clone()),
                },
            });
        }
        if let (true, Some(from)) = (before.is_stable(), &before.span_kind) {
            let to = after.span_kind.as_ref().map(|k| k.value);
            if to != Some(from.value) {
                out.push(Change::SpanKindChanged {
                    span: name.to_string(),
                    from: from.value,
                    to,
                    new: At {
                        file: after.file,
                        span: after
                            .span_kind
                            .as_ref()
                            .map_or_else(|| after.id.span.clone(), |k| k.span.clone()),
                    },
                });
            }
        }
        requirements(old, new, before, after, name, out);
    }
}

fn requirements(
    old: &Registry,
    new: &Registry,
    before: &Group,
    after: &Group,
    name: &str,
    out: &mut Vec<Change>,
) {
    let was = old.attributes_of(before);
    for attribute in new.attributes_of(after) {
        if attribute.requirement != RequirementLevel::Required {
            continue;
        }
        let from = was
            .iter()
            .find(|a| a.id == attribute.id)
            .map(|a| a.requirement.clone());
        if from == Some(RequirementLevel::Required) {
            continue;
        }
        let Some((group, entry)) = attribute.listed else {
            continue;
        };
        out.push(Change::RequirementRaised {
            span: name.to_string(),
            attribute: attribute.id.to_string(),
            from,
            new: At {
                file: group.file,
                span: entry
                    .requirement_span
                    .clone()
                    .unwrap_or_else(|| entry.id.span.clone()),
            },
        });
    }
}
