//! `obslint noise`: how the alerts really behaved, from the server's `ALERTS` history over the
//! lookback: per alert, how often it fired, for how long, how many firings were short, how often it
//! flapped, and its share of all paging time.

use super::api::{self, Labels};
use super::client::{Client, LiveError};
use std::collections::BTreeMap;

/// `obslint noise` reads 30 days unless told otherwise.
pub const DEFAULT_LOOKBACK_MS: u64 = 30 * 24 * 3_600_000;

pub struct NoiseOptions {
    pub lookback_ms: u64,
    /// The resolution the history is read at.
    pub step_ms: u64,
    /// A firing shorter than this is short; a re-firing within this after resolving is a flap.
    pub short_ms: u64,
    pub severity_label: String,
    pub owner_labels: Vec<String>,
    pub paging_severities: Vec<String>,
}

/// One alert (by name, severity and owner), or one severity, or one owner.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct NoiseRow {
    pub alertname: String,
    pub severity: Option<String>,
    pub owner: Option<String>,
    pub firings: usize,
    pub firing_ms: i64,
    pub median_ms: i64,
    pub short: usize,
    pub flaps: usize,
    /// Share of all paging time (0 for an alert that does not page).
    pub paging_share: f64,
}

#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct NoiseReport {
    pub server: String,
    pub start_ms: i64,
    pub end_ms: i64,
    pub short_ms: u64,
    /// Noisiest first: most firings, then longest firing.
    pub alerts: Vec<NoiseRow>,
    pub by_severity: Vec<NoiseRow>,
    pub by_owner: Vec<NoiseRow>,
}

/// One firing of one ALERTS series.
struct Span {
    start: i64,
    end: i64,
}

pub fn fetch(client: &Client, options: &NoiseOptions) -> Result<NoiseReport, LiveError> {
    let step = options.step_ms.max(1000) as i64;
    let now = super::now_ms();
    let end = now - now.rem_euclid(step);
    let start = end - options.lookback_ms as i64;
    // The sample times, not only presence: history written without staleness markers (imported, or a
    // remote-write copy) would otherwise look firing for 5 more minutes after each resolve.
    let history = api::range(
        client,
        "timestamp(ALERTS{alertstate=\"firing\"})",
        start,
        end,
        step as u64,
    )?;
    // A firing alert is written at every evaluation: a sample a whole step old is from before it resolved.
    let tolerance = step;
    let mut per_series: Vec<(Labels, Vec<Span>)> = Vec::new();
    for s in history {
        let mut spans: Vec<Span> = Vec::new();
        for &(t, sample_s) in &s.points {
            let sampled = (sample_s * 1000.0) as i64;
            if !sample_s.is_finite() || t - sampled >= tolerance {
                continue;
            }
            match spans.last_mut() {
                Some(span) if span.end == t => span.end = t + step,
                _ => spans.push(Span {
                    start: t,
                    end: t + step,
                }),
            }
        }
        // A firing still on at the end lasts until the end.
        if let Some(last) = spans.last_mut() {
            last.end = last.end.min(end);
        }
        per_series.push((s.labels, spans));
    }
    Ok(summarise(client.url(), start, end, options, per_series))
}

fn summarise(
    server: &str,
    start: i64,
    end: i64,
    options: &NoiseOptions,
    per_series: Vec<(Labels, Vec<Span>)>,
) -> NoiseReport {
    #[derive(Default)]
    struct Acc {
        durations: Vec<i64>,
        short: usize,
        flaps: usize,
        /// Time firing at a paging severity.
        paging_ms: i64,
    }
    let owner_of = |l: &Labels| options.owner_labels.iter().find_map(|n| l.get(n).cloned());
    type Key = (String, Option<String>, Option<String>);
    let mut alerts: BTreeMap<Key, Acc> = BTreeMap::new();
    let short = options.short_ms as i64;
    for (labels, spans) in &per_series {
        let key = (
            labels.get("alertname").cloned().unwrap_or_default(),
            labels.get(&options.severity_label).cloned(),
            owner_of(labels),
        );
        let acc = alerts.entry(key).or_default();
        for (i, span) in spans.iter().enumerate() {
            let d = span.end - span.start;
            acc.durations.push(d);
            // Cut off by the end of the lookback: not known to be short.
            if d < short && span.end < end {
                acc.short += 1;
            }
            if i > 0 && span.start - spans[i - 1].end < short {
                acc.flaps += 1;
            }
        }
    }
    let pages = |sev: &Option<String>| {
        sev.as_ref()
            .is_some_and(|s| options.paging_severities.contains(s))
    };
    for ((_, sev, _), acc) in alerts.iter_mut() {
        if pages(sev) {
            acc.paging_ms = acc.durations.iter().sum();
        }
    }
    let paging_total: i64 = alerts.values().map(|a| a.paging_ms).sum();
    let row = |name: String, sev: Option<String>, owner: Option<String>, acc: &Acc| {
        let total: i64 = acc.durations.iter().sum();
        let mut sorted = acc.durations.clone();
        sorted.sort_unstable();
        let median = match sorted.len() {
            0 => 0,
            n if n % 2 == 1 => sorted[n / 2],
            n => (sorted[n / 2 - 1] + sorted[n / 2]) / 2,
        };
        let paging_share = if paging_total > 0 {
            acc.paging_ms as f64 / paging_total as f64
        } else {
            0.0
        };
        NoiseRow {
            alertname: name,
            severity: sev,
            owner,
            firings: acc.durations.len(),
            firing_ms: total,
            median_ms: median,
            short: acc.short,
            flaps: acc.flaps,
            paging_share,
        }
    };
    let mut rows: Vec<NoiseRow> = alerts
        .iter()
        .map(|((n, s, o), acc)| row(n.clone(), s.clone(), o.clone(), acc))
        .collect();
    rows.sort_by(|a, b| {
        b.firings
            .cmp(&a.firings)
            .then(b.firing_ms.cmp(&a.firing_ms))
            .then(a.alertname.cmp(&b.alertname))
    });
    let group = |pick: &dyn Fn(&Key) -> Option<String>| {
        let mut by: BTreeMap<Option<String>, Acc> = BTreeMap::new();
        for (key, acc) in &alerts {
            let a = by.entry(pick(key)).or_default();
            a.durations.extend(&acc.durations);
            a.short += acc.short;
            a.flaps += acc.flaps;
            a.paging_ms += acc.paging_ms;
        }
        let mut out: Vec<NoiseRow> = by
            .iter()
            .map(|(k, acc)| {
                let mut r = row(String::new(), None, None, acc);
                r.alertname = k.clone().unwrap_or_else(|| "(none)".into());
                r
            })
            .collect();
        out.sort_by(|a, b| {
            b.firings
                .cmp(&a.firings)
                .then(a.alertname.cmp(&b.alertname))
        });
        out
    };
    let by_severity = group(&|k| k.1.clone());
    let by_owner = group(&|k| k.2.clone());
    NoiseReport {
        server: server.to_string(),
        start_ms: start,
        end_ms: end,
        short_ms: options.short_ms,
        alerts: rows,
        by_severity,
        by_owner,
    }
}
