use crate::declare_rule;
use crate::rules::Check;

declare_rule! {
    /// ## What it does
    /// Reports a suppression comment, or one code in it, that suppresses nothing in this run: the finding
    /// was fixed, moved, or the code is misspelt. Codes of rules that are not enabled in the run are not
    /// reported.
    ///
    /// ## Why is this bad?
    /// A stale suppression hides the next real finding of that kind on the same rule, and misleads the
    /// reader into thinking there is a known problem.
    ///
    /// ## Example
    /// ```yaml
    /// - alert: CheckoutDown   # obslint: ignore[RUN001]   (but the alert has a runbook now)
    ///   annotations:
    ///     runbook_url: docs/runbooks/checkout.md
    /// ```
    pub static RULE = {
        code: "OBS003",
        name: "unused-suppression",
        severity: Info,
        summary: "A suppression comment suppresses nothing",
        check: Check::Parse,
    }
}
