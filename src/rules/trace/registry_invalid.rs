use crate::declare_rule;
use crate::rules::Check;

declare_rule! {
    /// ## What it does
    /// Checks the project's trace registry: the OpenTelemetry semantic-convention YAML (`groups:` of
    /// `attribute_group` and `span` groups) in the registry folder (config `trace.registry`, default
    /// `telemetry/registry`). It reports a group or attribute without `id`, a group without `type`, an
    /// unknown type, stability, span_kind or deprecation reason, a `requirement_level` that is not
    /// `required`, `recommended`, `opt_in` or `{conditionally_required: "..."}`, an enum without
    /// members or with repeated values, a `ref` that names no attribute of the registry or of the
    /// OpenTelemetry semantic conventions shipped with obslint, an `extends` that names no group (or
    /// leads back to itself), ids defined twice, and two span groups describing one span name. A file
    /// that is not valid YAML is YML001.
    ///
    /// ## Why is this bad?
    /// The registry is the contract between the code that emits spans and the dashboards, alerts and
    /// queries that read them. Weaver and code generators refuse an invalid registry, and every check
    /// obslint makes against it (schema drift, code that emits attributes) is only as good as the
    /// registry itself: a misspelt `ref` silently documents an attribute no one sends.
    ///
    /// ## Example
    /// ```yaml
    /// groups:
    ///   - id: span.checkout.charge
    ///     type: span
    ///     span_kind: client
    ///     attributes:
    ///       - ref: payment.amout          # TRC000: no such attribute
    ///         requirement_level: always   # TRC000: not a requirement level
    /// ```
    ///
    /// ## Options
    /// - `trace.registry`: the registry folder, relative to the config file (default
    ///   `telemetry/registry` when it exists). Files there are read as registry files only, never as
    ///   Prometheus rule files.
    pub static RULE = {
        code: "TRC000",
        name: "registry-invalid",
        severity: Error,
        summary: "The trace registry (semantic-convention YAML) is invalid: unknown ref, duplicate id, bad type or requirement level",
        check: Check::Parse,
    }
}
