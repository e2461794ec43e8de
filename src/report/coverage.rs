//! `--explain-coverage`: for every entry point, what gives it metrics and tracing, so the absence of an
//! INS001/INS002 finding can be checked as easily as its presence.

use crate::finding::Outcome;
use crate::report::Format;

pub fn render(outcome: &Outcome, format: Format) -> String {
    let Some(telemetry) = &outcome.index.telemetry else {
        return match format {
            Format::Json => "[]\n".into(),
            _ => "No entry points: enable an INS rule (e.g. --select INS) to find them.\n".into(),
        };
    };
    let rows = telemetry.entries.iter().map(|e| {
        let file = &outcome.index.files[e.file];
        let at = file.line_col(e.point.span.start);
        (
            e,
            format!("{}:{}:{}", file.display_path, at.line, at.column),
        )
    });
    if format == Format::Json {
        let items: Vec<serde_json::Value> = rows
            .map(|(e, location)| {
                serde_json::json!({
                    "location": location,
                    "name": e.point.name,
                    "framework": e.point.framework.as_str(),
                    "route": e.point.route,
                    "critical": e.point.critical,
                    "metrics": e.coverage.metrics,
                    "tracing": e.coverage.tracing,
                })
            })
            .collect();
        return serde_json::to_string_pretty(&items).unwrap_or_default() + "\n";
    }
    let mut out = String::new();
    let mut count = 0;
    for (e, location) in rows {
        count += 1;
        out.push_str(&format!(
            "{location}: {}\n    metrics: {}\n    tracing: {}\n",
            crate::rules::ins::describe(e),
            e.coverage.metrics.as_deref().unwrap_or("none (INS001)"),
            e.coverage.tracing.as_deref().unwrap_or("none (INS002)"),
        ));
    }
    out.push_str(&format!("{count} entry points\n"));
    out
}
