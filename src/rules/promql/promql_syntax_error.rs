use crate::declare_rule;
use crate::rules::Check;

declare_rule! {
    /// ## What it does
    /// Parses every `expr` as PromQL and reports the first error at the offending token, on its real line
    /// and column, also inside `expr: |` and folded block scalars.
    ///
    /// ## Why is this bad?
    /// Prometheus refuses to load the file; promtool fails the same way, only later and with a less
    /// precise position. Until fixed, none of the file's rules run.
    ///
    /// ## Example
    /// ```yaml
    /// - alert: HighErrorRate
    ///   expr: |
    ///     sum(rate(http_requests_total{code=~"5.."}[5m]))
    ///       / sum(rate(http_requests_total[5m])   # unclosed parenthesis
    /// ```
    pub static RULE = {
        code: "PQL001",
        name: "promql-syntax-error",
        severity: Error,
        summary: "The rule's `expr` is not valid PromQL",
        check: Check::Parse,
    }
}
