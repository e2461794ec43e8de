use crate::declare_rule;
use crate::rules::Check;

declare_rule! {
    /// ## What it does
    /// Reports a suppression comment whose `until=` date has passed. The findings it suppressed are
    /// reported again.
    ///
    /// ## Why is this bad?
    /// An expiry is a promise to fix something by a date. When the date passes, the finding is back and
    /// this note says why, so nobody has to wonder where the new error came from.
    ///
    /// ## Example
    /// ```yaml
    /// # obslint: ignore[RUN001] until=2026-01-31
    /// - alert: CheckoutLegacyQueueStuck
    /// ```
    pub static RULE = {
        code: "OBS002",
        name: "suppression-expired",
        severity: Info,
        summary: "A suppression comment's `until=` date has passed",
        check: Check::Parse,
    }
}
