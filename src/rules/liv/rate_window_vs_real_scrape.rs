use crate::declare_rule;
use crate::diagnostic::Diagnostic;
use crate::duration::format_ms;
use crate::promql::{analysis, locate};
use crate::rules::{Check, RuleContext};

declare_rule! {
    /// ## What it does
    /// Live mode (`--prometheus URL`): PQL002 with the real scrape interval. The range of `rate`,
    /// `irate`, `increase` and `delta` must cover at least 3 scrape intervals of the job the selector
    /// names (`job="api"`), as the server's active targets report it. A selector without a `job`
    /// matcher is judged by the server's one interval when all its targets share it; a server without
    /// a targets API (Thanos, Mimir) is asked for `prometheus_target_interval_length_seconds`, whose
    /// `interval` label tells the same when it has one value.
    ///
    /// ## Why is this bad?
    /// The configured interval (`alerts.scrape-interval`, a `prometheus.yml` in the repository) is
    /// what someone wrote down; the server may scrape slower. With fewer than 2 samples in the window
    /// the function returns nothing and the alert resolves and fires again.
    ///
    /// ## Example
    /// ```yaml
    /// # the server scrapes job "api" every 1m
    /// expr: rate(http_requests_total{job="api"}[2m]) > 10     # use [3m] or more
    /// ```
    pub static RULE = {
        code: "LIV002",
        name: "rate-window-vs-real-scrape",
        severity: Warning,
        summary: "A rate/irate/increase/delta window covers fewer than 3 real scrape intervals (live mode)",
        check: Check::Rule(check),
    }
}

const FUNCTIONS: &[&str] = &["rate", "irate", "increase", "delta"];
const MIN_INTERVALS: u64 = 3;

fn check(cx: &RuleContext, out: &mut Vec<Diagnostic>) {
    let Some(live) = cx.index.live.as_ref() else {
        return;
    };
    let Some(expr) = &cx.rule.expr else { return };
    let Some(ast) = &expr.ast else { return };
    let common = live.common_interval;
    let mut seen: Vec<&str> = Vec::new();
    for call in analysis::range_calls(ast) {
        let nth = seen.iter().filter(|f| **f == call.func).count();
        seen.push(call.func);
        if !FUNCTIONS.contains(&call.func) {
            continue;
        }
        let (interval, source) = match call
            .job
            .and_then(|j| live.job_intervals.get(j).map(|i| (j, i)))
        {
            Some((job, ms)) => (*ms, format!("job `{job}`'s targets on {}", live.url)),
            None => match common {
                Some(ms) if call.job.is_none() => (ms, format!("every target on {}", live.url)),
                _ => continue,
            },
        };
        let minimum = interval * MIN_INTERVALS;
        if call.range_ms >= minimum {
            continue;
        }
        let span = locate::in_expression(cx.file(), &expr.text, |text| {
            locate::range_of_call(text, call.func, nth)
        });
        out.push(
            cx.diagnostic(
                CODE,
                span,
                format!(
                    "`{}` over [{}] covers fewer than {MIN_INTERVALS} real scrape intervals of {} ({source})",
                    call.func,
                    format_ms(call.range_ms),
                    format_ms(interval)
                ),
            )
            .with_help(format!(
                "use a window of at least [{}]: the server scrapes slower than the window allows",
                format_ms(minimum)
            )),
        );
    }
}
