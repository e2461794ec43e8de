//! LIV003–LIV005's facts: the alert's expression evaluated over the lookback at the group's evaluation
//! interval, and the alert states Prometheus would have derived from it, honouring `for` (pending
//! until the condition held that long) and `keep_firing_for` (firing on after the condition cleared).

use super::api::{self, Labels, Series};
use super::client::{Client, LiveError};

/// One firing: from the evaluation that made it fire to the one that resolved it (None: still
/// firing when the lookback ends).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Firing {
    pub labels: Labels,
    pub start_ms: i64,
    pub end_ms: Option<i64>,
}

impl Firing {
    /// How long it fired, counting a firing that is still on up to `until_ms`.
    pub fn duration_ms(&self, until_ms: i64) -> i64 {
        self.end_ms.unwrap_or(until_ms) - self.start_ms
    }
}

/// What the alert would have done over the lookback.
#[derive(Debug, Clone, PartialEq)]
pub struct Backtest {
    pub start_ms: i64,
    pub end_ms: i64,
    pub step_ms: u64,
    /// In start order.
    pub firings: Vec<Firing>,
}

impl Backtest {
    pub fn span_ms(&self) -> i64 {
        (self.end_ms - self.start_ms).max(1)
    }

    /// Firings per 7 days.
    pub fn per_week(&self) -> f64 {
        self.firings.len() as f64 * (7.0 * 86_400_000.0) / self.span_ms() as f64
    }

    /// Firings that resolved within `ms` of firing.
    pub fn short(&self, ms: u64) -> usize {
        self.firings
            .iter()
            .filter(|f| f.end_ms.is_some_and(|end| end - f.start_ms < ms as i64))
            .count()
    }

    /// Firings that started within `ms` after the same series' previous firing resolved.
    pub fn refired(&self, ms: u64) -> usize {
        let mut n = 0;
        for (i, f) in self.firings.iter().enumerate() {
            let previous = self.firings[..i]
                .iter()
                .rev()
                .find(|p| p.labels == f.labels)
                .and_then(|p| p.end_ms);
            if previous.is_some_and(|end| f.start_ms - end < ms as i64) {
                n += 1;
            }
        }
        n
    }

    /// The share of the lookback during which at least one series was firing.
    pub fn firing_share(&self) -> f64 {
        let mut spans: Vec<(i64, i64)> = self
            .firings
            .iter()
            .map(|f| (f.start_ms, f.end_ms.unwrap_or(self.end_ms)))
            .collect();
        spans.sort();
        let mut covered = 0;
        let mut current: Option<(i64, i64)> = None;
        for (s, e) in spans {
            match current {
                Some((cs, ce)) if s <= ce => current = Some((cs, ce.max(e))),
                Some((cs, ce)) => {
                    covered += ce - cs;
                    current = Some((s, e));
                }
                None => current = Some((s, e)),
            }
        }
        if let Some((cs, ce)) = current {
            covered += ce - cs;
        }
        covered as f64 / self.span_ms() as f64
    }
}

/// The alert's rule, as far as a backtest needs it.
pub struct AlertSpec<'a> {
    pub expr: &'a str,
    pub for_ms: u64,
    pub keep_firing_for_ms: u64,
    pub interval_ms: u64,
}

/// Evaluates `alert.expr` over `[now - lookback, now]` and derives the firings.
pub fn run(
    client: &Client,
    alert: &AlertSpec,
    now_ms: i64,
    lookback_ms: u64,
) -> Result<Backtest, LiveError> {
    let step = alert.interval_ms.max(1000);
    let end = now_ms - now_ms.rem_euclid(step as i64);
    let start = end - lookback_ms as i64;
    let series = api::range(client, alert.expr, start, end, step)?;
    Ok(simulate(&series, alert, start, end))
}

/// Prometheus's alert state machine (rules/alerting.go) replayed on the evaluations of a range query.
pub fn simulate(series: &[Series], alert: &AlertSpec, start_ms: i64, end_ms: i64) -> Backtest {
    let step = alert.interval_ms.max(1000) as i64;
    let mut firings = Vec::new();
    for s in series {
        let mut points = s.points.iter().map(|p| p.0).peekable();
        let mut active_at: Option<i64> = None;
        let mut fired_at: Option<i64> = None;
        let mut keep_since: Option<i64> = None;
        let mut t = start_ms;
        while t <= end_ms {
            while points.next_if(|&p| p < t).is_some() {}
            let present = points.next_if(|&p| p == t).is_some();
            if present {
                keep_since = None;
                if fired_at.is_none() {
                    let since = *active_at.get_or_insert(t);
                    if t - since >= alert.for_ms as i64 {
                        fired_at = Some(t);
                    }
                }
            } else {
                let kept = fired_at.is_some()
                    && alert.keep_firing_for_ms > 0
                    && t - *keep_since.get_or_insert(t) < alert.keep_firing_for_ms as i64;
                if !kept {
                    if let Some(start) = fired_at.take() {
                        firings.push(Firing {
                            labels: s.labels.clone(),
                            start_ms: start,
                            end_ms: Some(t),
                        });
                    }
                    active_at = None;
                    keep_since = None;
                }
            }
            t += step;
        }
        if let Some(start) = fired_at {
            firings.push(Firing {
                labels: s.labels.clone(),
                start_ms: start,
                end_ms: None,
            });
        }
    }
    firings.sort_by_key(|f| f.start_ms);
    Backtest {
        start_ms,
        end_ms,
        step_ms: step as u64,
        firings,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const M: i64 = 60_000;

    fn series(minutes: &[i64]) -> Vec<Series> {
        vec![Series {
            labels: Labels::new(),
            points: minutes.iter().map(|m| (m * M, 1.0)).collect(),
        }]
    }

    fn spec(for_m: u64, keep_m: u64) -> AlertSpec<'static> {
        AlertSpec {
            expr: "x",
            for_ms: for_m * 60_000,
            keep_firing_for_ms: keep_m * 60_000,
            interval_ms: 60_000,
        }
    }

    #[test]
    fn for_holds_the_alert_pending() {
        // True at minutes 10-12 (3 evaluations) and 20-29 (10 evaluations).
        let s = series(&[10, 11, 12, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29]);
        let none = simulate(&s, &spec(0, 0), 0, 60 * M);
        assert_eq!(none.firings.len(), 2);
        assert_eq!(none.firings[0].start_ms, 10 * M);
        assert_eq!(none.firings[0].end_ms, Some(13 * M));
        assert_eq!(none.short(5 * 60_000), 1);
        let five = simulate(&s, &spec(5, 0), 0, 60 * M);
        assert_eq!(five.firings.len(), 1);
        assert_eq!(five.firings[0].start_ms, 25 * M);
        assert_eq!(five.firings[0].end_ms, Some(30 * M));
    }

    #[test]
    fn keep_firing_for_bridges_gaps() {
        let s = series(&[10, 11, 14, 15, 40]);
        let b = simulate(&s, &spec(0, 5), 0, 42 * M);
        // 10-11 and 14-15 join into one firing kept until 5 evaluations after 15; 40 fires again and is
        // still firing at the end.
        assert_eq!(b.firings.len(), 2);
        assert_eq!(b.firings[0].end_ms, Some(21 * M));
        assert_eq!(b.firings[1].end_ms, None);
        assert_eq!(b.refired(5 * 60_000), 0);
        let plain = simulate(&s, &spec(0, 0), 0, 42 * M);
        assert_eq!(plain.firings.len(), 3);
        assert_eq!(plain.refired(5 * 60_000), 1);
    }

    #[test]
    fn share_counts_overlaps_once() {
        let all: Vec<i64> = (0..=100).collect();
        let b = simulate(&series(&all), &spec(0, 0), 0, 100 * M);
        assert_eq!(b.firings.len(), 1);
        assert!((b.firing_share() - 1.0).abs() < 1e-9);
    }
}
