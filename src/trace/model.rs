//! The registry's facts as plain typed structs: groups, the attributes they list, and the attribute
//! definitions with their types, enum members, stability and deprecation. Spans are byte ranges into the
//! file named by `file` (an index into the run's file table); attributes from the shipped OpenTelemetry
//! data have no position.

use std::ops::Range;

/// A value with the byte range it was read from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Spanned<T> {
    pub value: T,
    pub span: Range<usize>,
}

/// The scalar types an attribute value can have.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Primitive {
    String,
    Int,
    Double,
    Boolean,
    /// Weaver's `any`: no constraint (also used for renames known only from the schema file).
    Any,
}

impl Primitive {
    pub fn parse(text: &str) -> Option<Primitive> {
        Some(match text {
            "string" => Primitive::String,
            "int" => Primitive::Int,
            "double" => Primitive::Double,
            "boolean" => Primitive::Boolean,
            "any" => Primitive::Any,
            _ => return None,
        })
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Primitive::String => "string",
            Primitive::Int => "int",
            Primitive::Double => "double",
            Primitive::Boolean => "boolean",
            Primitive::Any => "any",
        }
    }
}

/// An attribute's `type:`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AttrType {
    Primitive(Primitive),
    /// `string[]`, `int[]`, `double[]`, `boolean[]`.
    Array(Primitive),
    /// `template[string]`: a family of attributes `<id>.<key>` whose values have the inner type.
    Template(Box<AttrType>),
    /// `type: {members: [...]}`; `base` is what the values are (int when every value is an integer).
    Enum {
        base: Primitive,
        members: Vec<EnumMember>,
    },
}

impl AttrType {
    /// Parses a type written as text: `string`, `int[]`, `template[string[]]`.
    pub fn parse(text: &str) -> Option<AttrType> {
        let text = text.trim();
        if let Some(inner) = text
            .strip_prefix("template[")
            .and_then(|t| t.strip_suffix(']'))
        {
            return match AttrType::parse(inner)? {
                t @ (AttrType::Primitive(_) | AttrType::Array(_)) => {
                    Some(AttrType::Template(Box::new(t)))
                }
                _ => None,
            };
        }
        if let Some(item) = text.strip_suffix("[]") {
            return match Primitive::parse(item)? {
                Primitive::Any => None,
                p => Some(AttrType::Array(p)),
            };
        }
        Primitive::parse(text).map(AttrType::Primitive)
    }

    /// How the type is spelled in a registry (an enum as `enum` of its base).
    pub fn spelled(&self) -> String {
        match self {
            AttrType::Primitive(p) => p.as_str().to_string(),
            AttrType::Array(p) => format!("{}[]", p.as_str()),
            AttrType::Template(inner) => format!("template[{}]", inner.spelled()),
            AttrType::Enum { base, .. } => format!("enum of {}", base.as_str()),
        }
    }

    /// The type as it travels on the wire: an enum of strings is a string. Two attributes with the same
    /// wire type are read the same way by every consumer.
    pub fn wire(&self) -> String {
        match self {
            AttrType::Enum { base, .. } => base.as_str().to_string(),
            other => other.spelled(),
        }
    }

    pub fn members(&self) -> &[EnumMember] {
        match self {
            AttrType::Enum { members, .. } => members,
            _ => &[],
        }
    }

    pub fn is_template(&self) -> bool {
        matches!(self, AttrType::Template(_))
    }
}

/// One allowed value of an enum attribute.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EnumMember {
    pub id: String,
    /// The value as written (`GET`, `200`).
    pub value: String,
    pub stability: Option<Stability>,
    pub deprecated: Option<Deprecation>,
    /// The member's item in its file (None for shipped OpenTelemetry data).
    pub span: Option<Range<usize>>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Stability {
    Stable,
    ReleaseCandidate,
    Beta,
    Alpha,
    Development,
    /// The older name of `development`.
    Experimental,
    /// The older way to deprecate: `stability: deprecated`.
    Deprecated,
}

impl Stability {
    pub fn parse(text: &str) -> Option<Stability> {
        Some(match text {
            "stable" => Stability::Stable,
            "release_candidate" => Stability::ReleaseCandidate,
            "beta" => Stability::Beta,
            "alpha" => Stability::Alpha,
            "development" => Stability::Development,
            "experimental" => Stability::Experimental,
            "deprecated" => Stability::Deprecated,
            _ => return None,
        })
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Stability::Stable => "stable",
            Stability::ReleaseCandidate => "release_candidate",
            Stability::Beta => "beta",
            Stability::Alpha => "alpha",
            Stability::Development => "development",
            Stability::Experimental => "experimental",
            Stability::Deprecated => "deprecated",
        }
    }
}

/// `deprecated:` in its structured forms, or the older plain text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Deprecation {
    /// `{reason: renamed, renamed_to: x}`: the same meaning under a new id.
    Renamed {
        renamed_to: String,
        note: Option<String>,
    },
    /// `{reason: obsoleted}`: no replacement.
    Obsoleted { note: Option<String> },
    /// `{reason: uncategorized, note: ...}`: the note says what to do.
    Uncategorized { note: Option<String> },
    /// The older form: `deprecated: "Use x instead."`.
    Text(String),
}

impl Deprecation {
    pub fn reason(&self) -> &'static str {
        match self {
            Deprecation::Renamed { .. } => "renamed",
            Deprecation::Obsoleted { .. } => "obsoleted",
            Deprecation::Uncategorized { .. } => "uncategorized",
            Deprecation::Text(_) => "text",
        }
    }

    pub fn renamed_to(&self) -> Option<&str> {
        match self {
            Deprecation::Renamed { renamed_to, .. } => Some(renamed_to),
            _ => None,
        }
    }

    /// The explanation written with it, if any.
    pub fn note(&self) -> Option<&str> {
        match self {
            Deprecation::Renamed { note, .. }
            | Deprecation::Obsoleted { note }
            | Deprecation::Uncategorized { note } => note.as_deref(),
            Deprecation::Text(text) => Some(text),
        }
    }
}

/// `requirement_level:` of an attribute in a group. Absent means `recommended`, as in Weaver.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RequirementLevel {
    Required,
    /// `{conditionally_required: "when ..."}`.
    ConditionallyRequired(String),
    /// `recommended`, or `{recommended: "when ..."}`.
    Recommended(Option<String>),
    OptIn,
}

impl RequirementLevel {
    pub fn as_str(&self) -> &'static str {
        match self {
            RequirementLevel::Required => "required",
            RequirementLevel::ConditionallyRequired(_) => "conditionally_required",
            RequirementLevel::Recommended(_) => "recommended",
            RequirementLevel::OptIn => "opt_in",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SpanKind {
    Client,
    Server,
    Producer,
    Consumer,
    Internal,
}

impl SpanKind {
    pub fn parse(text: &str) -> Option<SpanKind> {
        Some(match text {
            "client" => SpanKind::Client,
            "server" => SpanKind::Server,
            "producer" => SpanKind::Producer,
            "consumer" => SpanKind::Consumer,
            "internal" => SpanKind::Internal,
            _ => return None,
        })
    }

    pub fn as_str(self) -> &'static str {
        match self {
            SpanKind::Client => "client",
            SpanKind::Server => "server",
            SpanKind::Producer => "producer",
            SpanKind::Consumer => "consumer",
            SpanKind::Internal => "internal",
        }
    }
}

/// Where an attribute is defined.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    /// In the project's registry: the file and the spans findings point at.
    Project {
        file: usize,
        /// The `id:` value.
        id_span: Range<usize>,
        /// The `type:` value.
        type_span: Range<usize>,
        stability_span: Option<Range<usize>>,
        /// The group that defines it.
        group: String,
    },
    /// In the OpenTelemetry registry shipped with obslint, in this group (`registry.http`).
    OpenTelemetry { group: String },
}

/// An attribute definition (`id:` with a `type:`), from the project or from OpenTelemetry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attribute {
    pub id: String,
    pub ty: AttrType,
    pub stability: Option<Stability>,
    pub deprecated: Option<Deprecation>,
    pub brief: Option<String>,
    pub note: Option<String>,
    /// Scalar examples as written (nested lists flattened).
    pub examples: Vec<String>,
    pub origin: Origin,
}

impl Attribute {
    /// Deprecated by `deprecated:` or the older `stability: deprecated`.
    pub fn is_deprecated(&self) -> bool {
        self.deprecated.is_some() || self.stability == Some(Stability::Deprecated)
    }

    pub fn renamed_to(&self) -> Option<&str> {
        self.deprecated.as_ref().and_then(Deprecation::renamed_to)
    }

    pub fn is_project(&self) -> bool {
        matches!(self.origin, Origin::Project { .. })
    }
}

/// The kinds of group obslint reads. Other Weaver kinds are kept as `Other` and only their attributes
/// are checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GroupKind {
    AttributeGroup,
    Span,
    Other(&'static str),
}

impl GroupKind {
    pub fn parse(text: &str) -> Option<GroupKind> {
        Some(match text {
            "attribute_group" => GroupKind::AttributeGroup,
            "span" => GroupKind::Span,
            "event" => GroupKind::Other("event"),
            "metric" => GroupKind::Other("metric"),
            "metric_group" => GroupKind::Other("metric_group"),
            "resource" => GroupKind::Other("resource"),
            "scope" => GroupKind::Other("scope"),
            "entity" => GroupKind::Other("entity"),
            _ => return None,
        })
    }
}

/// One item of a group's `attributes:` list: a definition (`id:`) or a reference (`ref:`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// The attribute it defines or names.
    pub id: Spanned<String>,
    pub is_ref: bool,
    pub requirement: RequirementLevel,
    /// The `requirement_level:` value, when written.
    pub requirement_span: Option<Range<usize>>,
    /// The whole item.
    pub span: Range<usize>,
}

/// The span a span group describes, and whether the name came from an annotation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SpanName {
    /// A literal name, or a pattern with `{placeholders}`.
    pub name: String,
    /// The `id:` value, or the `span_name:` annotation.
    pub span: Range<usize>,
}

/// A group of the project's registry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Group {
    pub id: Spanned<String>,
    pub kind: GroupKind,
    pub file: usize,
    /// The whole group item.
    pub span: Range<usize>,
    pub brief: Option<String>,
    pub stability: Option<Spanned<Stability>>,
    pub deprecated: Option<Deprecation>,
    pub extends: Option<Spanned<String>>,
    pub span_kind: Option<Spanned<SpanKind>>,
    /// For span groups: the span it describes.
    pub span_name: Option<SpanName>,
    pub entries: Vec<Entry>,
}

impl Group {
    pub fn is_deprecated(&self) -> bool {
        self.deprecated.is_some()
            || self.stability.as_ref().map(|s| s.value) == Some(Stability::Deprecated)
    }

    pub fn is_stable(&self) -> bool {
        self.stability.as_ref().map(|s| s.value) == Some(Stability::Stable)
    }
}
