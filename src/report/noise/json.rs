//! `obslint noise --format json`: every alert, with durations in seconds; `schemas/noise.schema.json`
//! describes it.

use crate::live::noise::{NoiseReport, NoiseRow};
use serde_json::{json, Value};

fn row(r: &NoiseRow, name_key: &str) -> Value {
    let mut v = json!({
        name_key: r.alertname,
        "firings": r.firings,
        "firing_seconds": r.firing_ms / 1000,
        "median_firing_seconds": r.median_ms / 1000,
        "short_firings": r.short,
        "flaps": r.flaps,
        "paging_share": (r.paging_share * 1000.0).round() / 1000.0,
    });
    if name_key == "alertname" {
        v["severity"] = json!(r.severity);
        v["owner"] = json!(r.owner);
    }
    v
}

pub fn render(report: &NoiseReport) -> String {
    let value = json!({
        "schema_version": 1,
        "server": report.server,
        "start": report.start_ms / 1000,
        "end": report.end_ms / 1000,
        "short_seconds": report.short_ms / 1000,
        "alerts": report.alerts.iter().map(|r| row(r, "alertname")).collect::<Vec<_>>(),
        "by_severity": report.by_severity.iter().map(|r| row(r, "severity")).collect::<Vec<_>>(),
        "by_owner": report.by_owner.iter().map(|r| row(r, "owner")).collect::<Vec<_>>(),
    });
    let mut s = serde_json::to_string_pretty(&value).unwrap_or_default();
    s.push('\n');
    s
}
