use crate::declare_rule;
use crate::diagnostic::Diagnostic;
use crate::live::series::Missing;
use crate::promql::{analysis, locate};
use crate::rules::{Check, RuleContext};

declare_rule! {
    /// ## What it does
    /// Live mode (`--prometheus URL`): looks up every series selector of every alerting and recording
    /// rule on the server, and reports those that match no series now. The message says why, from the
    /// server's history over the lookback (`--lookback`, default 7d): the metric never existed, it
    /// disappeared at a given time (last seen), the label never existed on the metric, or the label
    /// never had that value. Series recorded by the repository's own recording rules, `ALERTS` and
    /// `ALERTS_FOR_STATE`, and selectors inside `absent()` are not looked up.
    ///
    /// ## Why is this bad?
    /// An alert over a series that does not exist can never fire: the outage it guards against goes
    /// unnoticed. Metrics get renamed by a library upgrade (`http_requests_total` →
    /// `http_server_requests_total`), labels by a relabelling change, and the alert is silent from then on.
    ///
    /// ## Example
    /// ```yaml
    /// # the server has http_requests_total{code="200"} and {code="500"}, never "503"
    /// expr: rate(http_requests_total{code="503"}[5m]) > 1
    /// ```
    pub static RULE = {
        code: "LIV001",
        name: "series-missing",
        severity: Warning,
        summary: "A selector matches no series on the Prometheus server (live mode)",
        check: Check::Rule(check),
    }
}

fn check(cx: &RuleContext, out: &mut Vec<Diagnostic>) {
    let Some(live) = cx.index.live.as_ref() else {
        return;
    };
    let Some(missing) = live
        .missing
        .get(&crate::live::key_of(cx.document.file, cx.rule))
    else {
        return;
    };
    let Some(expr) = &cx.rule.expr else { return };
    let Some(ast) = &expr.ast else { return };
    let all = analysis::selectors(ast);
    let lookback = super::lookback(live);
    for m in missing {
        let metric = m.metric.as_deref().unwrap_or("");
        // The n-th use of this name among the selectors, for the span.
        let same_name_before = all
            .iter()
            .take(m.nth)
            .filter(|vs| vs.name.as_deref() == Some(metric))
            .count();
        let span = locate::in_expression(cx.file(), &expr.text, |text| {
            locate::series_name(text, metric, same_name_before)
        });
        let why = match &m.why {
            Missing::NeverExisted => format!("the metric `{metric}` never existed in the last {lookback}"),
            Missing::Disappeared { last_seen_ms: Some(t) } => format!(
                "it disappeared at {} (last seen)",
                crate::live::format_time(*t)
            ),
            Missing::Disappeared { last_seen_ms: None } => {
                format!("it existed in the last {lookback} but is gone now")
            }
            Missing::LabelNeverExisted { label } => {
                format!("`{metric}` never had the label `{label}` in the last {lookback}")
            }
            Missing::ValueNeverOccurred { label, value, seen } => format!(
                "the label `{label}` of `{metric}` never had the value `{value}` in the last {lookback} (seen: {})",
                seen.join(", ")
            ),
            Missing::MatcherNeverMatched { matcher, seen } => format!(
                "no series of `{metric}` matched `{matcher}` in the last {lookback} (values seen: {})",
                seen.join(", ")
            ),
            Missing::NeverTogether => format!(
                "no series had all of these labels together in the last {lookback}"
            ),
        };
        let help = match &m.why {
            Missing::Disappeared { .. } => "the target stopped exporting it or was removed: check the scrape target, or whether the metric was renamed",
            Missing::NeverExisted => "check the metric name against what the service exports (a renamed metric, a missing `_total`), or whether this server scrapes it",
            _ => "fix the matcher to a label and value the series really have; until then the alert can never fire",
        };
        out.push(
            cx.diagnostic(
                CODE,
                span,
                format!("`{}` matches no series on {}: {why}", m.selector, live.url),
            )
            .with_help(help),
        );
    }
}
