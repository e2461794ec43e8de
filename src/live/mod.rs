//! Live mode: facts from a Prometheus-compatible HTTP API, fetched once per run before any rule runs
//! and handed to the LIV rules in the index. Nothing here runs, and nothing touches the network,
//! unless a server URL was given (`--prometheus` or `[prometheus] url`).

pub mod api;
pub mod backtest;
pub mod client;
pub mod noise;
pub mod series;
pub mod settings;

use crate::alerts::model::{Rule, RuleDocument, RuleKind};
use backtest::{AlertSpec, Backtest};
use client::{Client, LiveError};
use promql_parser::parser::{Expr, VectorSelector};
use series::Missing;
use settings::{LiveSettings, Thresholds};
use std::collections::{BTreeMap, HashMap, HashSet};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Mutex;

/// A rule's place in the run: (file, byte offset where the rule item starts).
pub type RuleKey = (usize, usize);

/// The key of a rule of a document.
pub fn key_of(file: usize, rule: &Rule) -> RuleKey {
    (file, rule.span.start)
}

/// Series every Prometheus writes itself: never missing.
pub const BUILTIN_SERIES: &[&str] = &["ALERTS", "ALERTS_FOR_STATE"];

/// A selector of a rule that matched nothing now.
#[derive(Debug, Clone, PartialEq)]
pub struct MissingSelector {
    /// As looked up: `http_requests_total{code="503"}`.
    pub selector: String,
    pub metric: Option<String>,
    /// Which selector of the expression this is, counting from 0 in source order.
    pub nth: usize,
    pub why: Missing,
}

/// Everything live mode learned, for the rules.
#[derive(Debug, Clone, Default)]
pub struct LiveFacts {
    pub url: String,
    pub now_ms: i64,
    pub lookback_ms: u64,
    pub thresholds: Thresholds,
    pub missing: HashMap<RuleKey, Vec<MissingSelector>>,
    pub backtests: HashMap<RuleKey, Backtest>,
    /// With `--diff-base`: the backtest of a changed alert as it was before the change.
    pub before: HashMap<RuleKey, Backtest>,
    /// Scrape interval per job, from the server's active targets.
    pub job_intervals: BTreeMap<String, u64>,
    /// The one scrape interval of every target, when all share it (from the targets, or else from
    /// `prometheus_target_interval_length_seconds` on servers without a targets API).
    pub common_interval: Option<u64>,
    /// Queries sent.
    pub queries: usize,
}

/// Which facts the enabled rules need.
#[derive(Debug, Clone, Copy, Default)]
pub struct Wanted {
    pub series: bool,
    pub backtests: bool,
    pub scrape_intervals: bool,
}

/// The current time in unix milliseconds.
pub fn now_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_millis() as i64)
}

/// Checks that the server answers a trivial query, so a server that is down, answers HTML or refuses
/// the credentials is one error before any real work.
pub fn connect(settings: &LiveSettings) -> Result<Client, LiveError> {
    let client = Client::new(settings);
    api::instant(&client, "1", now_ms())?;
    Ok(client)
}

/// A changed alert as it was at the diff base.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BaseAlert {
    pub expr: String,
    pub for_ms: u64,
    pub keep_firing_for_ms: u64,
}

/// What limits the backtests: with `--diff-base`, only the alerts the change touched (`changed`), and
/// the changed alerts as they were before (`before`), backtested too for comparison.
#[derive(Debug, Clone, Default)]
pub struct Scope {
    pub changed: Option<HashSet<RuleKey>>,
    pub before: HashMap<RuleKey, BaseAlert>,
}

/// One unit of work for the query pool.
enum Task<'a> {
    Selector(String, &'a VectorSelector),
    Backtest(RuleKey, AlertSpec<'a>),
    Before(RuleKey, AlertSpec<'a>),
}

enum Answer {
    Selector(String, Option<Missing>),
    Backtest(RuleKey, Backtest),
    Before(RuleKey, Backtest),
}

/// A duration field of a rule in milliseconds (0 when absent or invalid).
pub fn duration_field(s: &Option<crate::source::Str>) -> u64 {
    s.as_ref()
        .and_then(|v| crate::duration::parse_ms(&v.value))
        .unwrap_or(0)
}

/// Gathers the facts the LIV rules need about these rule documents. `known` are the series the
/// repository's recording rules produce; `scope` limits the backtests.
pub fn gather(
    settings: &LiveSettings,
    documents: &[RuleDocument],
    known: &HashSet<String>,
    wanted: Wanted,
    scope: &Scope,
) -> Result<LiveFacts, LiveError> {
    let client = connect(settings)?;
    let now = now_ms();
    let mut facts = LiveFacts {
        url: settings.url.clone(),
        now_ms: now,
        lookback_ms: settings.lookback_ms,
        thresholds: settings.thresholds,
        ..LiveFacts::default()
    };
    if wanted.scrape_intervals {
        // Thanos, Mimir and others may have no targets API: LIV002 then judges by what is known.
        facts.job_intervals = api::job_intervals(&client).unwrap_or_default();
        let mut all: Vec<u64> = facts.job_intervals.values().copied().collect();
        if all.is_empty() {
            all = api::instant(
                &client,
                "count by (interval) (prometheus_target_interval_length_seconds)",
                now,
            )
            .unwrap_or_default()
            .iter()
            .filter_map(|s| crate::duration::parse_ms(s.labels.get("interval")?))
            .collect();
        }
        all.sort_unstable();
        all.dedup();
        facts.common_interval = match all.as_slice() {
            [one] => Some(*one),
            _ => None,
        };
    }
    // Selectors, looked up once each however many rules use them.
    let mut uses: Vec<(RuleKey, usize, String, Option<String>)> = Vec::new();
    let mut tasks: Vec<Task> = Vec::new();
    let mut queued: HashSet<String> = HashSet::new();
    for document in documents {
        for group in &document.groups {
            let interval = group
                .interval
                .as_ref()
                .and_then(|i| crate::duration::parse_ms(&i.value))
                .filter(|ms| *ms > 0)
                .unwrap_or(60_000);
            for rule in &group.rules {
                let Some(ast) = rule.expr.as_ref().and_then(|e| e.ast.as_ref()) else {
                    continue;
                };
                let key = key_of(document.file, rule);
                if wanted.series {
                    for (nth, vs) in checked_selectors(ast, known) {
                        let text = series::selector_text(vs);
                        if queued.insert(text.clone()) {
                            tasks.push(Task::Selector(text.clone(), vs));
                        }
                        uses.push((key, nth, text, vs.name.clone()));
                    }
                }
                let in_scope = scope.changed.as_ref().is_none_or(|o| o.contains(&key));
                if wanted.backtests && rule.kind == RuleKind::Alert && in_scope {
                    let expr = rule.expr.as_ref().map_or("", |e| e.text.value.as_str());
                    let now = AlertSpec {
                        expr,
                        for_ms: duration_field(&rule.for_),
                        keep_firing_for_ms: duration_field(&rule.keep_firing_for),
                        interval_ms: interval,
                    };
                    if let Some(old) = scope.before.get(&key) {
                        let same = old.expr == now.expr
                            && old.for_ms == now.for_ms
                            && old.keep_firing_for_ms == now.keep_firing_for_ms;
                        if !same {
                            tasks.push(Task::Before(
                                key,
                                AlertSpec {
                                    expr: &old.expr,
                                    for_ms: old.for_ms,
                                    keep_firing_for_ms: old.keep_firing_for_ms,
                                    interval_ms: interval,
                                },
                            ));
                        }
                    }
                    tasks.push(Task::Backtest(key, now));
                }
            }
        }
    }
    let answers = run_pool(&tasks, settings.concurrency, |task| match task {
        Task::Selector(text, vs) => Ok(Answer::Selector(
            text.clone(),
            series::lookup(&client, vs, now, settings.lookback_ms)?,
        )),
        Task::Backtest(key, spec) => Ok(Answer::Backtest(
            *key,
            backtest::run(&client, spec, now, settings.lookback_ms)?,
        )),
        Task::Before(key, spec) => Ok(Answer::Before(
            *key,
            backtest::run(&client, spec, now, settings.lookback_ms)?,
        )),
    })?;
    let mut missing: HashMap<String, Missing> = HashMap::new();
    for answer in answers {
        match answer {
            Answer::Selector(text, Some(why)) => {
                missing.insert(text, why);
            }
            Answer::Selector(_, None) => {}
            Answer::Backtest(key, b) => {
                facts.backtests.insert(key, b);
            }
            Answer::Before(key, b) => {
                facts.before.insert(key, b);
            }
        }
    }
    for (key, nth, text, metric) in uses {
        if let Some(why) = missing.get(&text) {
            facts.missing.entry(key).or_default().push(MissingSelector {
                selector: text,
                metric,
                nth,
                why: why.clone(),
            });
        }
    }
    facts.queries = client.queries_sent();
    Ok(facts)
}

/// The selectors LIV001 looks up, with their position among all selectors of the expression: not
/// inside `absent()` (meant to match nothing), not a series the repository records or Prometheus
/// writes itself, and only selectors that name their metric.
pub fn checked_selectors<'a>(
    ast: &'a Expr,
    known: &HashSet<String>,
) -> Vec<(usize, &'a VectorSelector)> {
    fn visit<'a>(e: &'a Expr, absent: bool, out: &mut Vec<(&'a VectorSelector, bool)>) {
        match e {
            Expr::VectorSelector(vs) => out.push((vs, absent)),
            Expr::MatrixSelector(m) => out.push((&m.vs, absent)),
            Expr::Call(c) => {
                let inside = absent || matches!(c.func.name, "absent" | "absent_over_time");
                for a in &c.args.args {
                    visit(a, inside, out);
                }
            }
            other => {
                for child in crate::promql::analysis::children(other) {
                    visit(child, absent, out);
                }
            }
        }
    }
    let mut all = Vec::new();
    visit(ast, false, &mut all);
    all.into_iter()
        .enumerate()
        .filter(|(_, (vs, absent))| {
            !absent
                && vs.matchers.or_matchers.is_empty()
                && vs
                    .name
                    .as_deref()
                    .is_some_and(|n| !known.contains(n) && !BUILTIN_SERIES.contains(&n))
        })
        .map(|(i, (vs, _))| (i, vs))
        .collect()
}

/// Runs `work` over `tasks` on at most `concurrency` threads; the first error stops the rest.
fn run_pool<T: Sync, R: Send>(
    tasks: &[T],
    concurrency: usize,
    work: impl Fn(&T) -> Result<R, LiveError> + Sync,
) -> Result<Vec<R>, LiveError> {
    let next = AtomicUsize::new(0);
    let stop = AtomicBool::new(false);
    let results: Mutex<Vec<R>> = Mutex::new(Vec::new());
    let error: Mutex<Option<LiveError>> = Mutex::new(None);
    std::thread::scope(|scope| {
        for _ in 0..concurrency.clamp(1, tasks.len().max(1)) {
            scope.spawn(|| {
                while !stop.load(Ordering::Relaxed) {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    let Some(task) = tasks.get(i) else { break };
                    match work(task) {
                        Ok(r) => results.lock().unwrap_or_else(|p| p.into_inner()).push(r),
                        Err(e) => {
                            stop.store(true, Ordering::Relaxed);
                            error
                                .lock()
                                .unwrap_or_else(|p| p.into_inner())
                                .get_or_insert(e);
                        }
                    }
                }
            });
        }
    });
    if let Some(e) = error.into_inner().unwrap_or_else(|p| p.into_inner()) {
        return Err(e);
    }
    Ok(results.into_inner().unwrap_or_else(|p| p.into_inner()))
}

/// `2026-12-04 20:40 UTC`.
pub fn format_time(ms: i64) -> String {
    let secs = ms.div_euclid(1000);
    let days = secs.div_euclid(86_400);
    let rem = secs.rem_euclid(86_400);
    let (y, m, d) = crate::duration::civil_from_days(days);
    format!(
        "{y:04}-{m:02}-{d:02} {:02}:{:02} UTC",
        rem / 3600,
        (rem % 3600) / 60
    )
}

#[cfg(test)]
mod tests {
    #[test]
    fn times_format_in_utc() {
        assert_eq!(super::format_time(0), "1970-01-01 00:00 UTC");
        assert_eq!(
            super::format_time(1_796_675_000_000),
            "2026-12-07 20:23 UTC"
        );
    }
}
