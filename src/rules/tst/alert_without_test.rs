use crate::alerts::unittest::Target;
use crate::declare_rule;
use crate::diagnostic::Diagnostic;
use crate::rules::{Check, ProjectContext};

declare_rule! {
    /// ## What it does
    /// Checks that every alert has a promtool unit test that makes it fire: a test file whose
    /// `rule_files` include the alert's file, with an `alert_rule_test` for the alert's name and a
    /// non-empty `exp_alerts`. Off by default.
    ///
    /// ## Why is this bad?
    /// An alert that has never been seen to fire may never fire: a typo in a label matcher, a
    /// threshold in the wrong unit, a `for` longer than the outage. A test that feeds it the bad series
    /// and expects the page is the only proof before the incident.
    ///
    /// ## Example
    /// ```yaml
    /// # checkout_test.yml, beside checkout.yml
    /// rule_files: [checkout.yml]
    /// tests:
    ///   - interval: 1m
    ///     input_series:
    ///       - series: 'up{job="checkout"}'
    ///         values: '0x10'
    ///     alert_rule_test:
    ///       - alertname: CheckoutDown
    ///         eval_time: 10m
    ///         exp_alerts:
    ///           - exp_labels: {severity: critical, job: checkout}
    ///             exp_annotations: {summary: Checkout is down.}
    /// ```
    ///
    /// ## Options
    /// - `tests.require` (default `false`): turn the rule on (selecting `TST001` by name does too).
    /// - `tests.require-for`: only alerts with these severities need a test (`["critical"]`).
    pub static RULE = {
        code: "TST001",
        name: "alert-without-test",
        severity: Warning,
        summary: "An alert has no unit test that makes it fire (off by default)",
        check: Check::Project(check),
    }
}

fn check(cx: &ProjectContext, out: &mut Vec<Diagnostic>) {
    let options = &cx.settings.tests;
    if !options.require {
        return;
    }
    let resolved = super::resolved(cx.index);
    for document in &cx.index.rule_documents {
        let covering: Vec<_> = resolved
            .iter()
            .filter(|(_, targets)| {
                targets
                    .iter()
                    .any(|t| matches!(t, Target::Files(f) if f.contains(&document.file)))
            })
            .collect();
        for group in &document.groups {
            for rule in group
                .rules
                .iter()
                .filter(|r| r.kind == crate::alerts::model::RuleKind::Alert)
            {
                if !options.require_for.is_empty() {
                    let severity = rule
                        .label(&cx.settings.severity_label)
                        .or_else(|| group.label(&cx.settings.severity_label));
                    if !severity.is_some_and(|s| options.require_for.contains(&s.value)) {
                        continue;
                    }
                }
                let tested = covering.iter().any(|(test, _)| {
                    test.alert_tests
                        .iter()
                        .any(|t| t.alertname.value == rule.name.value && !t.exp_alerts.is_empty())
                });
                if tested {
                    continue;
                }
                out.push(
                    Diagnostic::new(
                        CODE,
                        document.file,
                        rule.name.span.clone(),
                        format!("alert `{}` has no unit test that makes it fire", rule.name.value),
                    )
                    .with_identity(rule.identity(group))
                    .with_help("add an `alert_rule_test` with non-empty `exp_alerts` to a test file whose `rule_files` include this file"),
                );
            }
        }
    }
}
