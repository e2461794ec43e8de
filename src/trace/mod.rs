//! Trace schema: the project's OpenTelemetry semantic-convention registry (the `groups:` YAML that
//! Weaver and the semantic-conventions repository use), checked on its own (TRC000) and against an
//! older version of itself (TRC101–TRC107).
//!
//! - [`parse`] reads one registry file into [`model`] facts with spans, reporting what is wrong inside it.
//! - [`registry`] builds the [`Registry`] from all files and reports what is wrong across them.
//! - [`semconv`] is OpenTelemetry's attribute registry shipped with obslint (`ref:` resolves there too),
//!   derived from a semantic-conventions release by [`generate`].
//! - [`compat`] compares a base registry with the current one; [`git`] reads the base at a git revision;
//!   [`load`] is the pipeline stage that reads both into the index; [`plan`] resolves the settings.
//!
//! # For checks of code against the registry
//!
//! The index holds the registry as `index.trace.registry` (None when the project has no registry folder).
//!
//! - [`Registry::span_for_name`]`(literal) -> Option<&Group>`: the span group that describes a span name
//!   used in code, an exact name first, else the most specific `{placeholder}` pattern ([`matches`]).
//! - [`Registry::attributes_of`]`(&Group) -> Vec<GroupAttribute>`: what the group has, own entries,
//!   `ref`s and what it inherits through `extends`, each with its [`model::RequirementLevel`] and the
//!   resolved [`model::Attribute`] (type, enum members, stability, deprecation).
//! - [`Registry::attribute`]`(id) -> Option<&Attribute>`: any attribute id, the project's definition,
//!   else OpenTelemetry's, else a `template[...]` attribute whose id is a prefix; with
//!   [`model::Attribute::renamed_to`] and [`model::Attribute::is_deprecated`].
//! - [`Registry::spans`], [`Registry::groups`], [`Registry::group`], [`Registry::project_attribute`]
//!   and [`semconv::data`] for the rest.
//!
//! Spans in the model are byte ranges into `index.files[group.file]` (or the file in
//! [`model::Origin::Project`]); OpenTelemetry attributes have no position.

pub mod compat;
pub mod generate;
pub mod git;
pub mod load;
pub mod model;
pub mod parse;
pub mod pattern;
pub mod plan;
pub mod registry;
pub mod semconv;

pub use pattern::matches;
pub use registry::{GroupAttribute, Registry};

/// What the trace stage adds to the index.
#[derive(Debug, Default)]
pub struct TraceFacts {
    /// The project's registry (None when it has no registry folder or no trace rule runs).
    pub registry: Option<Registry>,
    /// The registry compared with (`--schema-base`, or `schema-diff`'s OLD_DIR).
    pub base: Option<Registry>,
    /// What changed between them.
    pub changes: Vec<compat::Change>,
}
