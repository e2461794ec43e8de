use super::{alert_pairs, is_paging, number, period, same};
use crate::declare_rule;
use crate::diagnostic::Diagnostic;
use crate::duration::format_ms;
use crate::rules::{Check, RuleContext};

declare_rule! {
    /// ## What it does
    /// Checks a burn-rate factor against the SLO period P. A tier with factor BR over a long window L
    /// spends C = BR·L/P of the error budget before it fires. Reported:
    /// - a paging tier (a paging severity, or Sloth's `sloth_severity: page`) that spends more than
    ///   10 % (the SRE workbook pages at 2 % over 1h and 5 % over 6h);
    /// - a factor copied from the 30-day table (14.4 over 1h, 6 over 6h, 3 over 1d, 1 over 3d) with a
    ///   28-day period, or from the 28-day table (13.44, 5.6, 2.8) with a 30-day period, when the period
    ///   is stated (config, or the SLO's generated rules).
    ///
    /// Pyrra's factors (14, 7, 2, 1 over windows scaled to the period) are its own choice and fit.
    ///
    /// ## Why is this bad?
    /// A paging tier that waits for 30 % of the month's budget pages when the month is already lost. A
    /// copied factor shifts every tier by the ratio of the periods: 14.4 over 1h in a 28-day SLO spends
    /// 2.14 % instead of 2 %.
    ///
    /// ## Example
    /// ```yaml
    /// - alert: CheckoutErrorBudgetBurn
    ///   expr: |
    ///     slo:sli_error:ratio_rate3d{slo="checkout"} > (3 * (1 - 0.999))
    ///     and
    ///     slo:sli_error:ratio_rate6h{slo="checkout"} > (3 * (1 - 0.999))
    ///   labels:
    ///     severity: critical   # 3 × 3d / 30d = 30 % of the budget before it pages
    /// ```
    ///
    /// ## Options
    /// - `[slo] period` (default: what the SLO's generated rules record, Sloth's `slo:time_period:days`
    ///   or Pyrra's `…:increase4w`, else `30d`).
    pub static RULE = {
        code: "SLO004",
        name: "burn-rate-factor-period",
        severity: Warning,
        summary: "A burn-rate factor does not fit the SLO period",
        check: Check::Rule(check),
    }
}

const HOUR: u64 = 3_600_000;
const DAY: u64 = 24 * HOUR;
/// The SRE workbook's tiers: long window and budget share.
const TIERS: &[(u64, f64)] = &[(HOUR, 0.02), (6 * HOUR, 0.05), (DAY, 0.1), (3 * DAY, 0.1)];
const MAX_PAGING_SHARE: f64 = 0.10;

fn check(cx: &RuleContext, out: &mut Vec<Diagnostic>) {
    let pairs = alert_pairs(cx);
    if pairs.is_empty() {
        return;
    }
    let period = period(cx);
    let paging = is_paging(cx);
    let p = period.ms as f64;
    for pair in &pairs {
        let long = pair.long.window_ms;
        let (Some(factor), Some(other)) = (pair.long.threshold.factor, pair.short.threshold.factor)
        else {
            continue;
        };
        if !same(factor, other) || !pair.long.threshold.is_burn_rate() || long == 0 {
            continue; // Two factors are SLO003.
        }
        if period.declared {
            if let Some((table, right)) = copied(factor, long, period.ms) {
                out.push(
                    cx.diagnostic(
                        CODE,
                        cx.name_span(),
                        format!(
                            "burn-rate factor {} over [{}] is the {table} table's, but the SLO period is {} ({})",
                            number(factor),
                            format_ms(long),
                            format_ms(period.ms),
                            period.source
                        ),
                    )
                    .with_help(format!(
                        "use {} for [{}] in a {} SLO (budget share × period / window)",
                        number(right),
                        format_ms(long),
                        format_ms(period.ms)
                    )),
                );
                continue;
            }
        }
        let share = factor * long as f64 / p;
        if paging && share > MAX_PAGING_SHARE * (1.0 + 1e-6) {
            let most = MAX_PAGING_SHARE * p / long as f64;
            out.push(
                cx.diagnostic(
                    CODE,
                    cx.name_span(),
                    format!(
                        "paging burn-rate tier {} × [{}] spends {} % of the {} error budget before it fires ({})",
                        number(factor),
                        format_ms(long),
                        number((share * 1000.0).round() / 10.0),
                        format_ms(period.ms),
                        period.source
                    ),
                )
                .with_help(format!(
                    "a page should come before 10 % of the budget is gone: use a factor of at most {} over [{}], or make this tier a ticket",
                    number((most * 100.0).round() / 100.0),
                    format_ms(long)
                )),
            );
        }
    }
}

/// The table a factor was copied from when it is the other period's factor for this window, with the
/// factor that fits `period_ms`.
fn copied(factor: f64, long: u64, period_ms: u64) -> Option<(&'static str, f64)> {
    let (other, table) = match period_ms {
        p if p == 28 * DAY => (30 * DAY, "30-day"),
        p if p == 30 * DAY => (28 * DAY, "28-day"),
        _ => return None,
    };
    let (_, share) = TIERS.iter().find(|(l, _)| *l == long)?;
    let theirs = share * other as f64 / long as f64;
    let ours = share * period_ms as f64 / long as f64;
    (same_factor(factor, theirs) && !same_factor(factor, ours)).then_some((table, ours))
}

/// Factors as printed: 0.9333 for 28/30.
fn same_factor(a: f64, b: f64) -> bool {
    (a - b).abs() <= 0.005
}
