use crate::declare_rule;
use crate::diagnostic::Diagnostic;
use crate::rules::{Check, ProjectContext};
use std::collections::BTreeSet;

declare_rule! {
    /// ## What it does
    /// Reports a metric the code defines that is *critical*, because a critical entry point emits it
    /// (directly or through the functions it calls; see INS001 and `python.critical-paths`) or because
    /// `metrics.critical-metrics` names it, when no alert reads it, directly or through a recording rule.
    ///
    /// ## Why is this bad?
    /// The signal exists but nobody is told when it goes wrong: the failures of the most important path
    /// are counted on a graph no one is looking at.
    ///
    /// ## Example
    /// ```python
    /// PAYMENT_FAILURES = Counter("checkout_payment_failures", "...")   # MET002 when no alert reads
    ///                                                                  # checkout_payment_failures_total
    /// ```
    ///
    /// ## Options
    /// - `metrics.critical-metrics`: metrics that must be alerted on, by exposed name
    ///   (`checkout_orders_total`) or as written in the code (`checkout_orders`).
    pub static RULE = {
        code: "MET002",
        name: "critical-metric-not-alerted",
        severity: Warning,
        summary: "A metric emitted on a critical path, or named critical, is read by no alert",
        check: Check::Project(check),
    }
}

fn check(cx: &ProjectContext, out: &mut Vec<Diagnostic>) {
    let Some(telemetry) = cx.telemetry() else {
        return;
    };
    let mut critical: BTreeSet<usize> = telemetry
        .entries
        .iter()
        .filter(|e| e.point.critical)
        .flat_map(|e| e.coverage.emitted.iter().copied())
        .collect();
    // Named in the config by its exposed name, a series name, or as written in the code.
    let named = |def: &crate::instrument::catalog::MetricDef| {
        cx.metrics.critical.iter().any(|c| {
            def.written.as_deref() == Some(c.as_str())
                || def.exposed.as_deref() == Some(c.as_str())
                || def.series.contains(c)
        })
    };
    for (i, def) in telemetry.catalog.iter().enumerate() {
        if named(def) {
            critical.insert(i);
        }
    }
    if critical.is_empty() {
        return;
    }
    let watched = super::watched(cx.index);
    for i in critical {
        let def = &telemetry.catalog[i];
        if def.series.is_empty() || def.series.iter().any(|s| watched.contains(s)) {
            continue;
        }
        let why = if named(def) {
            "named in `metrics.critical-metrics`"
        } else {
            "emitted on a critical path"
        };
        out.push(
            Diagnostic::new(
                CODE,
                def.file,
                def.name_span.clone(),
                format!("critical metric `{}` ({why}) is read by no alert", def.shown()),
            )
            .with_identity(def.shown())
            .with_help(format!(
                "add an alert on `{}` (an error rate or latency objective), or a recording rule an alert reads",
                def.shown()
            )),
        );
    }
}
