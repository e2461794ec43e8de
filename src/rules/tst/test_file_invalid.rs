use crate::declare_rule;
use crate::rules::Check;

declare_rule! {
    /// ## What it does
    /// Reads promtool unit-test files (`rule_files` and `tests`) as `promtool test rules` does and
    /// reports what it refuses: invalid YAML, unknown or misspelt keys (`exp_annotation`), values of the
    /// wrong type (`exp_labels` as a list, a quoted or `Inf` sample `value`), durations that are not
    /// Prometheus durations (`eval_time: 60`, `1.5m`), `values` that are not expanding notation
    /// (`1+2x10`, `1x5`, `_`, `_x3`, `stale` are; `1 + 2x10`, `1+2`, `0x1f` are not), a `series` written
    /// as a selector (`up{job=~"a"}`), an `alert_rule_test` item without `alertname`, and a group
    /// repeated in `group_eval_order`. Keys newer promtool versions accept (`fuzzy_compare`,
    /// `histogram`, `external_url`) are accepted.
    ///
    /// ## Why is this bad?
    /// promtool reads the file strictly: one bad key or value and none of its tests run. A CI job that
    /// runs only some test files, or ignores promtool's exit code, ships alerts nobody tested.
    ///
    /// ## Example
    /// ```yaml
    /// rule_files: [checkout.yml]
    /// tests:
    ///   - interval: 1m
    ///     input_series:
    ///       - series: 'up{job="checkout"}'
    ///         values: '1 1 0x10'
    ///     alert_rule_test:
    ///       - alertname: CheckoutDown
    ///         eval_time: 10m
    ///         exp_alerts:
    ///           - exp_labels: {severity: critical, job: checkout}
    ///             exp_annotations: {summary: Checkout is down.}
    /// ```
    pub static RULE = {
        code: "TST003",
        name: "test-file-invalid",
        severity: Error,
        summary: "A promtool unit-test file promtool would refuse: schema, `values` notation, durations",
        check: Check::Parse,
    }
}
