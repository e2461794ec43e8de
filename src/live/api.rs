//! Prometheus HTTP API answers as plain types, and the few calls live mode makes: an instant query, a
//! range query (split into pieces the server accepts), the series of a selector, the active targets.

use super::client::{Client, LiveError};
use serde::Deserialize;
use std::collections::BTreeMap;

pub type Labels = BTreeMap<String, String>;

/// Prometheus refuses a range query of more than 11,000 points per series: stay below it.
const MAX_POINTS_PER_QUERY: u64 = 10_000;

#[derive(Debug, Deserialize)]
struct QueryData {
    #[serde(rename = "resultType")]
    result_type: String,
    result: serde_json::Value,
}

#[derive(Debug, Deserialize)]
struct VectorItem {
    metric: Labels,
    value: (f64, String),
}

#[derive(Debug, Deserialize)]
struct MatrixItem {
    metric: Labels,
    values: Vec<(f64, String)>,
}

/// One series of an instant query: its labels and value.
#[derive(Debug, Clone, PartialEq)]
pub struct Sample {
    pub labels: Labels,
    pub value: f64,
}

/// One series of a range query: its labels and (unix ms, value) points in time order.
#[derive(Debug, Clone, PartialEq)]
pub struct Series {
    pub labels: Labels,
    pub points: Vec<(i64, f64)>,
}

fn number(text: &str) -> f64 {
    text.parse().unwrap_or(f64::NAN)
}

fn seconds(ms: i64) -> String {
    format!("{:.3}", ms as f64 / 1000.0)
}

fn not_understood(client: &Client, what: &str) -> LiveError {
    LiveError {
        message: format!(
            "{} answered {what} with a result obslint does not understand",
            client.url()
        ),
        help: Some("check that --prometheus is a Prometheus-compatible API".into()),
    }
}

/// `/api/v1/query` at `at_ms`.
pub fn instant(client: &Client, query: &str, at_ms: i64) -> Result<Vec<Sample>, LiveError> {
    let data: QueryData = client.get(
        "/api/v1/query",
        &[("query", query.to_string()), ("time", seconds(at_ms))],
    )?;
    match data.result_type.as_str() {
        "vector" => {
            let items: Vec<VectorItem> =
                serde_json::from_value(data.result).map_err(|_| not_understood(client, query))?;
            Ok(items
                .into_iter()
                .map(|i| Sample {
                    labels: i.metric,
                    value: number(&i.value.1),
                })
                .collect())
        }
        "scalar" => {
            let (_, v): (f64, String) =
                serde_json::from_value(data.result).map_err(|_| not_understood(client, query))?;
            Ok(vec![Sample {
                labels: Labels::new(),
                value: number(&v),
            }])
        }
        _ => Err(not_understood(client, query)),
    }
}

/// `/api/v1/query_range` over `[start_ms, end_ms]` every `step_ms`, in pieces of at most
/// `MAX_POINTS_PER_QUERY` steps; the pieces of one series are joined.
pub fn range(
    client: &Client,
    query: &str,
    start_ms: i64,
    end_ms: i64,
    step_ms: u64,
) -> Result<Vec<Series>, LiveError> {
    let step = step_ms.max(1000) as i64;
    let piece = step * MAX_POINTS_PER_QUERY as i64;
    let mut by_labels: BTreeMap<Labels, Vec<(i64, f64)>> = BTreeMap::new();
    let mut from = start_ms;
    while from <= end_ms {
        let to = (from + piece - step).min(end_ms);
        let data: QueryData = client.get(
            "/api/v1/query_range",
            &[
                ("query", query.to_string()),
                ("start", seconds(from)),
                ("end", seconds(to)),
                ("step", format!("{:.3}", step as f64 / 1000.0)),
            ],
        )?;
        if data.result_type != "matrix" {
            return Err(not_understood(client, query));
        }
        let items: Vec<MatrixItem> =
            serde_json::from_value(data.result).map_err(|_| not_understood(client, query))?;
        for item in items {
            by_labels.entry(item.metric).or_default().extend(
                item.values
                    .iter()
                    .map(|(t, v)| ((t * 1000.0).round() as i64, number(v))),
            );
        }
        from = to + step;
    }
    Ok(by_labels
        .into_iter()
        .map(|(labels, mut points)| {
            points.sort_by_key(|p| p.0);
            points.dedup_by_key(|p| p.0);
            Series { labels, points }
        })
        .collect())
}

/// `/api/v1/series`: the label sets of the series a selector matched between the two times.
pub fn series(
    client: &Client,
    selector: &str,
    start_ms: i64,
    end_ms: i64,
) -> Result<Vec<Labels>, LiveError> {
    client.get(
        "/api/v1/series",
        &[
            ("match[]", selector.to_string()),
            ("start", seconds(start_ms)),
            ("end", seconds(end_ms)),
        ],
    )
}

#[derive(Debug, Deserialize)]
struct TargetsData {
    #[serde(rename = "activeTargets", default)]
    active_targets: Vec<Target>,
}

#[derive(Debug, Deserialize)]
struct Target {
    #[serde(default)]
    labels: Labels,
    #[serde(rename = "scrapeInterval")]
    scrape_interval: Option<String>,
}

/// The scrape interval of each job, from the active targets (the shortest when targets differ).
pub fn job_intervals(client: &Client) -> Result<BTreeMap<String, u64>, LiveError> {
    let data: TargetsData = client.get("/api/v1/targets", &[("state", "active".to_string())])?;
    let mut out: BTreeMap<String, u64> = BTreeMap::new();
    for t in data.active_targets {
        let (Some(job), Some(interval)) = (t.labels.get("job"), t.scrape_interval.as_deref())
        else {
            continue;
        };
        if let Some(ms) = crate::duration::parse_ms(interval) {
            let e = out.entry(job.clone()).or_insert(ms);
            *e = (*e).min(ms);
        }
    }
    Ok(out)
}
