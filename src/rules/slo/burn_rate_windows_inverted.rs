use super::{alert_pairs, windows_text};
use crate::declare_rule;
use crate::diagnostic::Diagnostic;
use crate::duration::{format_ms, parse_ms};
use crate::rules::{Check, RuleContext};

declare_rule! {
    /// ## What it does
    /// Checks that the two windows of a multiwindow burn-rate alert differ, the short one shorter: the
    /// same error ratio compared with a burn-rate threshold (`14.4 * (1 - 0.999)`) over the same window
    /// twice, or labels that name a `short` window no shorter than the `long` one (Pyrra's
    /// `short`/`long`, `short_window`/`long_window`, `short_burnrate_window`/`long_burnrate_window`).
    ///
    /// ## Why is this bad?
    /// The short window is what makes the alert resolve minutes after the errors stop; the long one is
    /// what keeps a blip from paging. The same window twice has neither property of the pair: it is a
    /// single-window alert that looks like a multiwindow one, usually a copy-paste slip.
    ///
    /// ## Example
    /// ```yaml
    /// - alert: CheckoutErrorBudgetBurn
    ///   expr: |
    ///     slo:sli_error:ratio_rate1h{slo="checkout"} > (14.4 * (1 - 0.999))
    ///     and
    ///     slo:sli_error:ratio_rate1h{slo="checkout"} > (14.4 * (1 - 0.999))   # meant ratio_rate5m
    /// ```
    pub static RULE = {
        code: "SLO001",
        name: "burn-rate-windows-inverted",
        severity: Error,
        summary: "A burn-rate alert's short window is not shorter than its long window",
        check: Check::Rule(check),
    }
}

const LABELS: &[(&str, &str)] = &[
    ("short", "long"),
    ("short_window", "long_window"),
    ("short_burnrate_window", "long_burnrate_window"),
];

fn check(cx: &RuleContext, out: &mut Vec<Diagnostic>) {
    let pairs = alert_pairs(cx);
    for pair in &pairs {
        if pair.long.window_ms == pair.short.window_ms {
            out.push(
                cx.diagnostic(
                    CODE,
                    cx.name_span(),
                    format!(
                        "burn-rate alert `{}` compares the same error ratio over {} twice: it has no short window",
                        cx.rule.name.value,
                        format_ms(pair.long.window_ms)
                    ),
                )
                .with_help(format!(
                    "make one side the short window, 1/12 of the long one ({}), so the alert resolves soon after the errors stop",
                    format_ms(pair.long.window_ms / 12)
                )),
            );
        }
    }
    if pairs.is_empty() {
        return;
    }
    for (short, long) in LABELS {
        let (Some(s), Some(l)) = (cx.rule.label(short), cx.rule.label(long)) else {
            continue;
        };
        let (Some(s_ms), Some(l_ms)) = (parse_ms(&s.value), parse_ms(&l.value)) else {
            continue;
        };
        if s_ms >= l_ms {
            let expr = pairs.first().map(windows_text).unwrap_or_default();
            out.push(
                cx.diagnostic(
                    CODE,
                    s.span.clone(),
                    format!(
                        "label `{short}: {}` is not shorter than `{long}: {}` (the expression reads {expr})",
                        s.value, l.value
                    ),
                )
                .with_help("swap the window labels, or the windows: routing and dashboards read them"),
            );
        }
    }
}
