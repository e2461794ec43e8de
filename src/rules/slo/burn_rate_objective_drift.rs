use super::{alert_pairs, declared_objective, number};
use crate::declare_rule;
use crate::diagnostic::Diagnostic;
use crate::promql::burnrate::Budget;
use crate::rules::{Check, RuleContext};

declare_rule! {
    /// ## What it does
    /// Checks that the objective a burn-rate threshold is computed from (`14.4 * (1 - 0.999)`, or the
    /// budget `14.4 * 0.001`) is the objective the repository declares for that SLO: Sloth's
    /// `slo:objective:ratio` recording rule of the same `sloth_id`, Pyrra's `pyrra_objective` of the
    /// same `slo`, the Sloth or Pyrra spec in the repository (a `ServiceLevelObjective` named as the
    /// `slo` label), or an `objective` / `slo_objective` label on the alert (`99.9` or `0.999`).
    /// Thresholds that read the budget from a recorded series follow the objective by construction and
    /// are left alone.
    ///
    /// ## Why is this bad?
    /// The objective was changed in one place only: the SLO says 99.9 % but the alert still pages on the
    /// budget of 99 %, ten times too late (or too early the other way round). Generated rules drift like
    /// this when the spec is edited and the alerts are not regenerated.
    ///
    /// ## Example
    /// ```yaml
    /// - alert: CheckoutErrorBudgetBurn
    ///   expr: |
    ///     slo:sli_error:ratio_rate1h{slo="checkout"} > (14.4 * (1 - 0.99))
    ///     and
    ///     slo:sli_error:ratio_rate5m{slo="checkout"} > (14.4 * (1 - 0.99))
    ///   labels:
    ///     objective: "99.9"
    /// ```
    pub static RULE = {
        code: "SLO008",
        name: "burn-rate-objective-drift",
        severity: Error,
        summary: "A burn-rate threshold's objective differs from the objective the repository declares for the SLO",
        check: Check::Rule(check),
    }
}

fn check(cx: &RuleContext, out: &mut Vec<Diagnostic>) {
    let pairs = alert_pairs(cx);
    if pairs.is_empty() {
        return;
    }
    let Some((declared, source)) = declared_objective(cx) else {
        return;
    };
    let mut reported: Vec<f64> = Vec::new();
    for pair in &pairs {
        for threshold in [&pair.long.threshold, &pair.short.threshold] {
            let written = match &threshold.budget {
                Some(Budget::Objective(o)) => *o,
                Some(Budget::Number(b)) => 1.0 - b,
                _ => continue,
            };
            if (written - declared).abs() <= 1e-6
                || reported.iter().any(|r| (r - written).abs() <= 1e-6)
            {
                continue;
            }
            reported.push(written);
            out.push(
                cx.diagnostic(
                    CODE,
                    cx.name_span(),
                    format!(
                        "burn-rate threshold is computed for an objective of {}, but the SLO declares {} ({source})",
                        number(written),
                        number(declared)
                    ),
                )
                .with_help(format!(
                    "use `(1 - {})` in the threshold, or regenerate the rules from the SLO's spec",
                    number(declared)
                )),
            );
        }
    }
}
