use crate::alerts::unittest::Target;
use crate::declare_rule;
use crate::diagnostic::Diagnostic;
use crate::rules::{Check, ProjectContext};

declare_rule! {
    /// ## What it does
    /// Checks that what a promtool unit test names exists: each `rule_files` entry matches a file, and
    /// each `alert_rule_test` names an alert of those files. An absolute path (where CI mounts the
    /// rules) is not judged, nor are missing rule files in a repository where no test's rule files
    /// exist at all: there the rules are generated before the tests run.
    ///
    /// ## Why is this bad?
    /// promtool only warns about a rule file that matches nothing, and a test of an alert that does not
    /// exist passes when it expects no alert: the test stays green while checking nothing, typically
    /// after an alert was renamed or a file moved.
    ///
    /// ## Example
    /// ```yaml
    /// rule_files: [checkout.yml]          # the file that holds CheckoutDown
    /// tests:
    ///   - interval: 1m
    ///     input_series:
    ///       - series: 'up{job="checkout"}'
    ///         values: '1x10'
    ///     alert_rule_test:
    ///       - alertname: CheckoutDown     # the alert's current name
    ///         eval_time: 10m
    ///         exp_alerts: []
    /// ```
    pub static RULE = {
        code: "TST002",
        name: "test-unknown-alert",
        severity: Error,
        summary: "A unit test names an alert, or a rule file, that does not exist",
        check: Check::Project(check),
    }
}

fn check(cx: &ProjectContext, out: &mut Vec<Diagnostic>) {
    let resolved = super::resolved(cx.index);
    // No test's rule files exist anywhere: the repository generates them (Helm, jsonnet) before testing.
    let rules_in_tree = resolved
        .iter()
        .flat_map(|(_, t)| t)
        .any(|t| matches!(t, Target::Files(_) | Target::Unread));
    for (test, targets) in &resolved {
        if rules_in_tree {
            for (entry, target) in test.rule_files.iter().zip(targets) {
                if *target == Target::Missing {
                    out.push(
                        Diagnostic::new(
                            CODE,
                            test.file,
                            entry.span.clone(),
                            format!("rule file `{}` matches no file: promtool only warns, and the tests run without its rules", entry.value),
                        )
                        .with_help("fix the path (it is relative to the test file's folder), or remove the entry"),
                    );
                }
            }
        }
        let Some(files) = super::loaded_files(targets, cx.index) else {
            continue;
        };
        let alerts = super::alerts_in(cx.index, &files);
        for t in &test.alert_tests {
            if alerts.iter().any(|a| a.name.value == t.alertname.value) {
                continue;
            }
            let closest = alerts
                .iter()
                .map(|a| {
                    (
                        crate::alerts::schema::edit_distance(&t.alertname.value, &a.name.value),
                        a.name.value.as_str(),
                    )
                })
                .filter(|(d, n)| *d <= 2.max(n.len() / 4))
                .min_by_key(|(d, _)| *d);
            let effect = if t.exp_alerts.is_empty() {
                "this test expects no alert, so it passes without checking anything"
            } else {
                "this test can only fail"
            };
            let help = match closest {
                Some((_, n)) => format!("did you mean `{n}`?"),
                None => "name an alert of the test's `rule_files`, or add the file that defines it"
                    .to_string(),
            };
            out.push(
                Diagnostic::new(
                    CODE,
                    test.file,
                    t.alertname.span.clone(),
                    format!(
                        "`{}` is not an alert of the test's rule files: {effect}",
                        t.alertname.value
                    ),
                )
                .with_help(help),
            );
        }
    }
}
