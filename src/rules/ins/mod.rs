//! Critical-path instrumentation: entry points that emit no signal, or hide their failures.

pub mod entry_point_swallows_errors;
pub mod entry_point_without_metrics;
pub mod entry_point_without_tracing;

use crate::diagnostic::{Diagnostic, Severity};
use crate::instrument::coverage::Coverage;
use crate::instrument::Entry;
use crate::rules::ProjectContext;

/// One finding per entry point whose coverage lacks what `missing` looks for (INS001, INS002).
pub fn report_uncovered(
    cx: &ProjectContext,
    out: &mut Vec<Diagnostic>,
    code: &'static str,
    missing: fn(&Coverage) -> bool,
    what: &str,
    help: &str,
) {
    let Some(telemetry) = cx.telemetry() else {
        return;
    };
    for entry in telemetry.entries.iter().filter(|e| missing(&e.coverage)) {
        out.push(finding(
            entry,
            code,
            format!("{} {what}", describe(entry)),
            help,
        ));
    }
}

/// "critical route `checkout` (POST /checkout)" / "Celery task `send_receipt`".
pub fn describe(entry: &Entry) -> String {
    let p = &entry.point;
    let kind = if p.framework == crate::instrument::entry::Framework::Configured {
        "critical function".to_string()
    } else {
        format!(
            "{}{} {}",
            if p.critical { "critical " } else { "" },
            p.framework.as_str(),
            p.framework.noun()
        )
    };
    match &p.route {
        Some(route) => format!("{kind} `{}` ({route})", p.name),
        None => format!("{kind} `{}`", p.name),
    }
}

/// Errors on critical entry points, warnings on the others (the config's severity for the code wins).
pub fn finding(entry: &Entry, code: &'static str, message: String, help: &str) -> Diagnostic {
    let mut d = Diagnostic::new(code, entry.file, entry.point.span.clone(), message)
        .with_identity(format!(
            "{}:{}",
            entry.point.framework.as_str(),
            entry.point.name
        ))
        .with_help(help);
    d.severity = Some(if entry.point.critical {
        Severity::Error
    } else {
        Severity::Warning
    });
    d
}
