use crate::declare_rule;
use crate::rules::Check;

declare_rule! {
    /// ## What it does
    /// Checks rule files against the Prometheus rule format (`schemas/prometheus-rules.schema.json`) and
    /// the checks promtool makes beyond it: unknown fields, wrong types, a rule without `expr`, a rule with
    /// both `alert` and `record` or neither, `for`/`keep_firing_for`/`annotations` on a recording rule,
    /// invalid durations, duplicate group names, `__name__` as a label, braces in a recording rule's name,
    /// and label or annotation names that legacy name validation forbids. Fields and functions of other
    /// rulers are reported with the setting that accepts them: Thanos' `partial_response_strategy`,
    /// Mimir/Cortex `source_tenants` and `evaluation_delay`, vmalert's group fields, MetricsQL functions
    /// (`rollup_rate`) and LogQL (`|=`, `| json`, `bytes_rate`) in an `expr`.
    ///
    /// ## Why is this bad?
    /// Prometheus refuses to load a file with any of these, and keeps running the old rules: the change
    /// you meant to ship silently never happens. A misspelt field (`annotation:`) is worse, since some
    /// loaders drop it and the alert goes out without its text.
    ///
    /// ## Example
    /// ```yaml
    /// groups:
    ///   - name: api
    ///     rules:
    ///       - record: job:errors:rate5m
    ///         expr: sum by (job) (rate(errors_total[5m]))
    ///         for: 5m          # recording rules take no `for`
    /// ```
    ///
    /// ## Options
    /// - `alerts.name-validation`: `"utf-8"` (Prometheus 3, default) accepts any UTF-8 label name;
    ///   `"legacy"` requires `[a-zA-Z_][a-zA-Z0-9_]*` as Prometheus 2 did.
    /// - `dialect` (top level): the ruler the files are written for: `"prometheus"` (default),
    ///   `"thanos"`, `"mimir"` (or `"cortex"`), `"victoriametrics"` or `"loki"`. Under the last two an
    ///   `expr` that is not PromQL is not reported (obslint parses only PromQL).
    /// - `[[dialects]]` (top level): `path` (a glob) and `dialect`, per folder; the first match wins.
    pub static RULE = {
        code: "YML002",
        name: "rule-schema-violation",
        severity: Error,
        summary: "The rule file breaks the Prometheus rule format (fields, types, names, durations)",
        check: Check::Parse,
    }
}
