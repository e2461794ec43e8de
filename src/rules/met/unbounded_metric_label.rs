use crate::declare_rule;
use crate::diagnostic::Diagnostic;
use crate::rules::{Check, ProjectContext};

declare_rule! {
    /// ## What it does
    /// Reports label names of prometheus_client metrics, and attribute keys written in OpenTelemetry
    /// instrument calls (`counter.add(1, {"user_id": ...})`), that take a value per user, request or
    /// address (`user_id`, `request_id`, `trace_id`, `session_id`, `ip`, `url`, a raw `path`) or carry
    /// personal data (`email`, `phone`).
    ///
    /// ## Why is this bad?
    /// Every distinct value is a new time series: memory and cost grow with traffic until the
    /// Prometheus server falls over, and personal data ends up in a store kept for months.
    ///
    /// ## Example
    /// ```python
    /// Counter("checkout_orders", "...", ["user_id"])   # MET004: one series per user
    /// Counter("checkout_orders", "...", ["route"])     # fine: bounded
    /// ```
    pub static RULE = {
        code: "MET004",
        name: "unbounded-metric-label",
        severity: Warning,
        summary: "A metric label or attribute key is unbounded or personal",
        check: Check::Project(check),
    }
}

fn check(cx: &ProjectContext, out: &mut Vec<Diagnostic>) {
    let Some(telemetry) = cx.telemetry() else {
        return;
    };
    let labels = telemetry.catalog.iter().flat_map(|d| {
        d.labels
            .iter()
            .map(move |(name, span)| (d.file, name, span, d.shown()))
    });
    let keys = telemetry
        .attribute_keys
        .iter()
        .map(|k| (k.file, &k.key, &k.span, k.metric.clone()));
    for (file, name, span, metric) in labels.chain(keys) {
        let Some(why) = crate::instrument::naming::unbounded_label(name) else {
            continue;
        };
        out.push(
            Diagnostic::new(
                CODE,
                file,
                span.clone(),
                format!("label `{name}` of `{metric}`: {why}"),
            )
            .with_identity(format!("{metric}:{name}"))
            .with_help("drop the label, or replace it with a bounded one (a route template, a status class); put ids in logs or span attributes"),
        );
    }
}
