//! `obslint noise` reports, one renderer per format, all from the same `NoiseReport`.

pub mod json;
pub mod markdown;
pub mod text;

use crate::live::noise::{NoiseReport, NoiseRow};

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum NoiseFormat {
    Text,
    Json,
    Markdown,
}

pub fn render(report: &NoiseReport, format: NoiseFormat, top: usize) -> String {
    match format {
        NoiseFormat::Text => text::render(report, top),
        NoiseFormat::Json => json::render(report),
        NoiseFormat::Markdown => markdown::render(report, top),
    }
}

/// `3h05m`, `4m`, `0s`: how long, to the minute (seconds below one minute).
pub fn span(ms: i64) -> String {
    let s = ms.max(0) / 1000;
    match s {
        0..=59 => format!("{s}s"),
        60..=3599 => format!("{}m", s / 60),
        3600..=86_399 => format!("{}h{:02}m", s / 3600, (s % 3600) / 60),
        _ => format!("{}d{:02}h", s / 86_400, (s % 86_400) / 3600),
    }
}

/// The columns of one row, shared by the text and Markdown tables: an alert's, or (`grouped`) those of
/// a severity or owner, without the severity and owner columns.
pub fn cells(r: &NoiseRow, grouped: bool) -> Vec<String> {
    let mut out = vec![r.alertname.clone()];
    if !grouped {
        out.push(r.severity.clone().unwrap_or_else(|| "-".into()));
        out.push(r.owner.clone().unwrap_or_else(|| "-".into()));
    }
    out.extend([
        r.firings.to_string(),
        span(r.firing_ms),
        span(r.median_ms),
        r.short.to_string(),
        r.flaps.to_string(),
        if r.paging_share > 0.0 {
            format!("{:.0}%", r.paging_share * 100.0)
        } else {
            "-".into()
        },
    ]);
    out
}

/// The header of a table whose first column is `first`.
pub fn header(first: &str, grouped: bool) -> Vec<String> {
    let mut out: Vec<String> = HEADER.iter().map(|h| h.to_string()).collect();
    out[0] = first.to_string();
    if grouped {
        out.drain(1..3);
    }
    out
}

pub const HEADER: [&str; 9] = [
    "alert", "severity", "owner", "firings", "firing", "median", "short", "flaps", "paging",
];

/// The heading line: what was read.
pub fn title(report: &NoiseReport) -> String {
    format!(
        "Alert noise on {} over {} ({} to {}); short = under {}",
        report.server,
        span(report.end_ms - report.start_ms),
        crate::live::format_time(report.start_ms),
        crate::live::format_time(report.end_ms),
        span(report.short_ms as i64),
    )
}
