//! Trace schema rules: the registry's own validity (TRC000) and its compatibility with a base version
//! (TRC101–TRC107, from `check --schema-base REF` or `schema-diff OLD_DIR NEW_DIR`).

pub mod attribute_not_in_registry;
pub mod attribute_type_mismatch;
pub mod deprecated_attribute;
pub mod dynamic_span_name;
pub mod enum_value_undefined;
pub mod registry_invalid;
pub mod required_attribute_missing;
pub mod schema_attribute_removed;
pub mod schema_attribute_type_changed;
pub mod schema_enum_member_removed;
pub mod schema_requirement_raised;
pub mod schema_span_kind_changed;
pub mod schema_span_removed;
pub mod schema_stability_downgraded;
pub mod span_not_in_registry;

use super::ProjectContext;
use crate::diagnostic::Diagnostic;
use crate::trace::compat::{At, Change};

/// Whether a code reports a difference from the base registry (TRC1xx): such a finding is about the
/// change whatever lines it points at, and may point into the base itself.
pub fn compares_with_base(code: &str) -> bool {
    code.starts_with("TRC1")
}

/// The schema changes of the run (empty without a base registry).
fn changes<'a>(cx: &ProjectContext<'a>) -> &'a [Change] {
    &cx.index.trace.changes
}

/// A finding at `at`, with an identity that survives line moves.
fn finding(code: &'static str, at: &At, message: String, identity: String) -> Diagnostic {
    Diagnostic::new(code, at.file, at.span.clone(), message).with_identity(identity)
}

/// `path:line` of a position, for messages that name the other side of a change.
fn place(cx: &ProjectContext, at: &At) -> String {
    cx.index.files.get(at.file).map_or_else(String::new, |f| {
        format!("{}:{}", f.display_path, f.line_col(at.span.start).line)
    })
}

/// Every Python file's span facts, with its file index.
fn code_spans<'a>(
    cx: &ProjectContext<'a>,
) -> impl Iterator<Item = (usize, &'a crate::python::spans::SpanFacts)> {
    cx.index
        .python
        .iter()
        .filter(|p| !p.spans.is_empty())
        .map(|p| (p.file, &p.spans))
}

/// An attribute's definition for code: the project's registry first, else OpenTelemetry's shipped data
/// (so deprecations are found with no registry at all).
fn definition<'a>(cx: &ProjectContext<'a>, id: &str) -> Option<&'a crate::trace::model::Attribute> {
    match &cx.index.trace.registry {
        Some(registry) => registry.attribute(id),
        None => crate::trace::semconv::data().attribute(id),
    }
}
