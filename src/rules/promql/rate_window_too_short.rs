use crate::declare_rule;
use crate::diagnostic::{Applicability, Diagnostic};
use crate::duration::format_ms;
use crate::promql::{analysis, locate};
use crate::rules::{Check, RuleContext};

declare_rule! {
    /// ## What it does
    /// Checks the range of `rate`, `irate`, `increase` and `delta` against the scrape interval: the window
    /// must cover at least 3 scrape intervals.
    ///
    /// ## Why is this bad?
    /// These functions need two samples inside the window. With a window of one or two scrape intervals a
    /// single slow or missed scrape leaves one sample, the function returns nothing, and the alert resolves
    /// and fires again: a flapping page. Three intervals still hold two samples after a missed scrape.
    /// (pint's `promql/rate` reports below 2 intervals, where even a perfect scrape can leave one sample;
    /// the common advice of 4 intervals also tolerates a late one.)
    ///
    /// ## Example
    /// ```yaml
    /// # scrape-interval = "1m"
    /// expr: rate(http_requests_total[2m]) > 10     # use [3m] or more
    /// ```
    ///
    /// ## Options
    /// - `alerts.scrape-interval` (default `1m`): the interval the series are scraped at. Without it
    ///   obslint reads `global.scrape_interval` from a `prometheus.yml` in the repository (or a
    ///   Prometheus Operator `Prometheus` resource's `scrapeInterval`, 30s when unset); with neither,
    ///   rules that are mostly `PrometheusRule` resources are taken to be scraped at the Operator's
    ///   default of 30s. A selector
    ///   that names its job (`job="node"`) is judged by that job's own interval when the repository
    ///   sets one: a `scrape_configs` entry's `scrape_interval`, or the `interval` of the
    ///   ServiceMonitor/PodMonitor of that name. The message says which interval was assumed and
    ///   where it came from.
    ///
    /// ## Fix
    /// Unsafe (`--fix --unsafe-fixes`): widens the window to 3 scrape intervals. The alert then reacts
    /// more slowly; review the threshold with it.
    pub static RULE = {
        code: "PQL002",
        name: "rate-window-too-short",
        severity: Warning,
        summary: "A rate/irate/increase/delta window covers fewer than 3 scrape intervals",
        check: Check::Rule(check),
    }
}

const FUNCTIONS: &[&str] = &["rate", "irate", "increase", "delta"];
const MIN_INTERVALS: u64 = 3;

fn check(cx: &RuleContext, out: &mut Vec<Diagnostic>) {
    let Some(expr) = &cx.rule.expr else { return };
    let Some(ast) = &expr.ast else { return };
    let mut seen: Vec<&str> = Vec::new();
    for call in analysis::range_calls(ast) {
        let nth = seen.iter().filter(|f| **f == call.func).count();
        seen.push(call.func);
        let (interval, source) = interval_of(cx, call.job);
        let minimum = interval * MIN_INTERVALS;
        if !FUNCTIONS.contains(&call.func) || call.range_ms >= minimum {
            continue;
        }
        let span = locate::in_expression(cx.file(), &expr.text, |text| {
            locate::range_of_call(text, call.func, nth)
        });
        // Widening the window changes when the alert fires: an unsafe fix, for a person to review.
        let text = cx.file().slice(&span);
        let fix = (text.starts_with('[') && text.ends_with(']') && !text.contains(':'))
            .then(|| format!("[{}]", format_ms(minimum)));
        let mut finding = cx.diagnostic(
                CODE,
                span.clone(),
                format!(
                    "`{}` over [{}] covers fewer than {MIN_INTERVALS} scrape intervals of {} ({source})",
                    call.func,
                    format_ms(call.range_ms),
                    format_ms(interval)
                ),
            )
            .with_help(format!(
                "use a window of at least [{}]: with fewer samples one missed scrape empties the window and the alert flaps",
                format_ms(minimum)
            ));
        if let Some(replacement) = fix {
            finding = finding.with_fix(Applicability::Unsafe, span, replacement);
        }
        out.push(finding);
    }
}

/// The scrape interval a selector's series are assumed to have, and where that came from.
fn interval_of(cx: &RuleContext, job: Option<&str>) -> (u64, String) {
    let settings = cx.settings;
    match job.and_then(|j| settings.job_scrape_intervals.get(j).map(|i| (j, i))) {
        Some((job, (ms, source))) => (*ms, format!("job `{job}` in {source}")),
        None => (
            settings.scrape_interval_ms,
            settings.scrape_interval_source.clone(),
        ),
    }
}
