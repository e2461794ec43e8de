use crate::declare_rule;
use crate::rules::Check;

declare_rule! {
    /// ## What it does
    /// Reports a rule file (or trace registry file) that is not valid YAML: a syntax error, a duplicate
    /// key, an alias bomb (aliases that expand exponentially), nesting too deep, invalid UTF-8 or binary
    /// content.
    ///
    /// ## Why is this bad?
    /// Prometheus refuses to load the whole file, so every alert in it stops being evaluated. A duplicate
    /// key is worse: YAML parsers disagree on which value wins, so the rule you read is not the rule that runs.
    ///
    /// ## Example
    /// ```yaml
    /// groups:
    ///   - name: api
    ///     rules:
    ///       - alert: HighErrorRate
    ///         expr: rate(http_errors_total[5m]) > 1
    ///         expr: rate(http_errors_total[5m]) > 2   # duplicate key
    /// ```
    ///
    /// Fix the YAML; `yamllint` or an editor with a YAML language server shows the same position.
    pub static RULE = {
        code: "YML001",
        name: "yaml-syntax-error",
        severity: Error,
        summary: "The file is not valid YAML (syntax, duplicate keys, alias bombs, nesting, encoding)",
        check: Check::Parse,
    }
}
