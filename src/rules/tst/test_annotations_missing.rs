use crate::declare_rule;
use crate::diagnostic::Diagnostic;
use crate::rules::{Check, ProjectContext};

declare_rule! {
    /// ## What it does
    /// Checks that each `exp_alerts` entry of a promtool unit test for an alert with annotations states
    /// them in `exp_annotations`. Only alerts whose every rule of that name has an annotation with
    /// literal text (so it cannot render empty) are judged.
    ///
    /// ## Why is this bad?
    /// promtool compares the expected alerts with the firing ones exactly, annotations included: an
    /// entry without `exp_annotations` expects none, so the test fails as soon as it runs. Often the
    /// test was written before the annotations and never run since.
    ///
    /// ## Example
    /// ```yaml
    /// alert_rule_test:
    ///   - alertname: CheckoutDown
    ///     eval_time: 10m
    ///     exp_alerts:
    ///       - exp_labels: {severity: critical, job: checkout}
    ///         exp_annotations:
    ///           summary: Checkout is down.
    /// ```
    pub static RULE = {
        code: "TST004",
        name: "test-annotations-missing",
        severity: Error,
        summary: "An `exp_alerts` entry for an alert with annotations sets no `exp_annotations`",
        check: Check::Project(check),
    }
}

/// Whether an annotation renders to something whatever the labels: text outside `{{ }}`.
fn surely_not_empty(value: &str) -> bool {
    let mut rest = value;
    while let Some(open) = rest.find("{{") {
        if !rest[..open].trim().is_empty() {
            return true;
        }
        let Some(close) = rest[open..].find("}}") else {
            return false;
        };
        rest = &rest[open + close + 2..];
    }
    !rest.trim().is_empty()
}

fn check(cx: &ProjectContext, out: &mut Vec<Diagnostic>) {
    for (test, targets) in super::resolved(cx.index) {
        if test.refused {
            continue; // promtool runs none of its tests (TST003).
        }
        let Some(files) = super::loaded_files(&targets, cx.index) else {
            continue;
        };
        let alerts = super::alerts_in(cx.index, &files);
        for t in &test.alert_tests {
            let rules: Vec<_> = alerts
                .iter()
                .filter(|a| a.name.value == t.alertname.value)
                .collect();
            let annotated = |r: &&&crate::alerts::model::Rule| {
                r.annotations
                    .iter()
                    .any(|(_, v)| surely_not_empty(&v.value))
            };
            if rules.is_empty() || !rules.iter().all(annotated) {
                continue;
            }
            let names: Vec<String> = rules[0]
                .annotations
                .iter()
                .map(|(k, _)| format!("`{}`", k.value))
                .collect();
            for exp in t
                .exp_alerts
                .iter()
                .filter(|e| e.annotations.unwrap_or(0) == 0)
            {
                out.push(
                    Diagnostic::new(
                        CODE,
                        test.file,
                        exp.span.clone(),
                        format!(
                            "expected alert `{}` sets no `exp_annotations`, but the alert has {}: promtool compares annotations exactly, so this test fails",
                            t.alertname.value,
                            names.join(", ")
                        ),
                    )
                    .with_help("add `exp_annotations` with the rendered text of each annotation"),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn literal_text_is_never_empty() {
        assert!(super::surely_not_empty("Disk {{ $labels.device }} is full"));
        assert!(super::surely_not_empty("{{ $value }} errors"));
        assert!(!super::surely_not_empty("{{ $labels.summary }}"));
        assert!(!super::surely_not_empty("  "));
    }
}
