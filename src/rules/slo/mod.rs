//! Burn-rate alerts on SLOs (the Google SRE workbook's multiwindow, multi-burn-rate alerts), as
//! hand-written pairs or as Sloth and Pyrra generate them. The expression is taken apart by
//! `promql::burnrate`; what the expression cannot say (the SLO period, an objective held in a recorded
//! series, whether the alert pages) is resolved here from the rest of the project.

pub mod burn_rate_factor_period;
pub mod burn_rate_for_too_long;
pub mod burn_rate_never_fires;
pub mod burn_rate_objective_drift;
pub mod burn_rate_single_window;
pub mod burn_rate_threshold_mismatch;
pub mod burn_rate_window_ratio;
pub mod burn_rate_windows_inverted;
pub mod slo_recording_window_mismatch;
pub mod slo_spec_without_rules;

pub use crate::alerts::settings::SloOptions;

use crate::duration::format_ms;
use crate::promql::burnrate::{self, Budget, Pair, Threshold};
use crate::rules::RuleContext;

/// The SLO period of 30 days, when nothing says otherwise.
pub const DEFAULT_PERIOD_MS: u64 = 30 * DAY_MS;
const DAY_MS: u64 = 86_400_000;

/// The SLO period an alert is judged by, and where it came from.
pub struct Period {
    pub ms: u64,
    /// "Sloth's `slo:time_period:days`", "`[slo] period`", "the default".
    pub source: String,
    /// Stated somewhere (config or the generated rules), not the default.
    pub declared: bool,
}

/// The period of the SLO the alert belongs to: what its generated rules record (Sloth's
/// `slo:time_period:days` of its `sloth_id`, Pyrra's `pyrra_window` or `…:increase<period>` of its
/// `slo`), else its spec (Pyrra's `window`, OpenSLO's `timeWindows`), else `[slo] period`, else 30 days.
pub fn period(cx: &RuleContext) -> Period {
    if let Some(id) = slo_label(cx, "sloth_id") {
        let days = cx
            .index
            .recording_rules("slo:time_period:days")
            .filter(|r| r.label("sloth_id").is_some_and(|v| v.value == id))
            .find_map(|r| r.expr.as_ref()?.ast.as_ref().and_then(burnrate::constant));
        if let Some(days) = days.filter(|d| *d > 0.0 && *d <= 366.0) {
            return Period {
                ms: (days * DAY_MS as f64).round() as u64,
                source: format!("Sloth's `slo:time_period:days` for `{id}`"),
                declared: true,
            };
        }
    }
    if let Some(slo) = slo_label(cx, "slo") {
        let seconds = recorded_constant(cx.index, "pyrra_window", "slo", &slo);
        if let Some(seconds) = seconds.filter(|s| *s >= 86_400.0 && *s <= 366.0 * 86_400.0) {
            return Period {
                ms: (seconds * 1000.0).round() as u64,
                source: format!("Pyrra's `pyrra_window` for `{slo}`"),
                declared: true,
            };
        }
        if let Some((name, ms)) = pyrra_period(cx, &slo) {
            return Period {
                ms,
                source: format!("Pyrra's `{name}` for `{slo}`"),
                declared: true,
            };
        }
    }
    for (label, tool) in [
        ("sloth_id", crate::alerts::slospec::Tool::Sloth),
        ("slo", crate::alerts::slospec::Tool::Pyrra),
    ] {
        let Some(id) = slo_label(cx, label) else {
            continue;
        };
        let spec = cx
            .index
            .slo_specs
            .iter()
            .find(|s| s.tool == tool && s.id == id);
        if let Some((spec, ms)) = spec.and_then(|s| Some((s, s.period_ms?))) {
            let path = &cx.index.files[spec.file].display_path;
            return Period {
                ms,
                source: format!("the {} spec in {path}", tool.as_str()),
                declared: true,
            };
        }
    }
    match cx.settings.slo.period_ms {
        Some(ms) => Period {
            ms,
            source: "`[slo] period`".into(),
            declared: true,
        },
        None => Period {
            ms: DEFAULT_PERIOD_MS,
            source: "the default; set `[slo] period`".into(),
            declared: false,
        },
    }
}

/// The value of the recording rule `series` whose label `label` is `value`, when it is a constant
/// (`vector(0.999)`, `"0.99"`) and all such rules agree.
pub fn recorded_constant(
    index: &crate::index::ProjectIndex,
    series: &str,
    label: &str,
    value: &str,
) -> Option<f64> {
    let values: Vec<f64> = index
        .recording_rules(series)
        .filter(|r| r.label(label).is_some_and(|v| v.value == value))
        .filter_map(|r| r.expr.as_ref()?.ast.as_ref().and_then(burnrate::constant))
        .collect();
    let first = *values.first()?;
    values.iter().all(|v| same(*v, first)).then_some(first)
}

/// The objective the repository declares for the alert's SLO: Sloth's `slo:objective:ratio` of its
/// `sloth_id`, Pyrra's `pyrra_objective` of its `slo`, the Sloth or Pyrra spec of that id, or an
/// `objective`/`slo_objective` label (`99.9` or `0.999`); with where it came from.
pub fn declared_objective(cx: &RuleContext) -> Option<(f64, String)> {
    if let Some(id) = slo_label(cx, "sloth_id") {
        if let Some(o) = recorded_constant(cx.index, "slo:objective:ratio", "sloth_id", &id) {
            return Some((o, format!("Sloth's `slo:objective:ratio` for `{id}`")));
        }
    }
    if let Some(slo) = slo_label(cx, "slo") {
        if let Some(o) = recorded_constant(cx.index, "pyrra_objective", "slo", &slo) {
            return Some((o, format!("Pyrra's `pyrra_objective` for `{slo}`")));
        }
    }
    // A spec in the repository (its generated rules, when they differ, are SLO010's).
    for (label, tool) in [
        ("sloth_id", crate::alerts::slospec::Tool::Sloth),
        ("slo", crate::alerts::slospec::Tool::Pyrra),
    ] {
        let Some(id) = slo_label(cx, label) else {
            continue;
        };
        if let Some(spec) = cx
            .index
            .slo_specs
            .iter()
            .find(|s| s.tool == tool && s.id == id)
        {
            let path = &cx.index.files[spec.file].display_path;
            return Some((
                spec.objective,
                format!("the {} spec in {path}", tool.as_str()),
            ));
        }
    }
    for name in ["objective", "slo_objective"] {
        let Some(label) = cx.effective_label(name) else {
            continue;
        };
        let text = label.value.trim().trim_end_matches('%');
        let Ok(v) = text.parse::<f64>() else { continue };
        let o = if v > 1.0 && v < 100.0 { v / 100.0 } else { v };
        if o > 0.5 && o < 1.0 {
            return Some((o, format!("label `{name}: {}`", label.value)));
        }
    }
    None
}

/// The SLO an alert belongs to: its label, or the `=` matcher its selectors share (Sloth puts
/// `sloth_id` only in the selectors).
pub fn slo_label(cx: &RuleContext, name: &str) -> Option<String> {
    if let Some(v) = cx.effective_label(name) {
        return Some(v.value.clone());
    }
    let ast = cx.rule.expr.as_ref()?.ast.as_ref()?;
    let mut values: Vec<&str> = crate::promql::analysis::selectors(ast)
        .into_iter()
        .filter_map(|vs| crate::promql::analysis::equal_matcher(vs, name))
        .collect();
    values.dedup();
    match values[..] {
        [v] => Some(v.to_string()),
        _ => None,
    }
}

/// Pyrra records the errors over the whole period as `<metric>:increase<period>{slo="<name>"}`.
fn pyrra_period(cx: &RuleContext, slo: &str) -> Option<(String, u64)> {
    for document in &cx.index.rule_documents {
        for group in &document.groups {
            for rule in &group.rules {
                let name = &rule.name.value;
                let Some((_, window)) = name.rsplit_once(":increase") else {
                    continue;
                };
                if rule.kind != crate::alerts::model::RuleKind::Record
                    || rule.label("slo").is_none_or(|v| v.value != slo)
                {
                    continue;
                }
                if let Some(ms) = crate::duration::parse_ms(window).filter(|ms| *ms >= DAY_MS) {
                    return Some((name.clone(), ms));
                }
            }
        }
    }
    None
}

/// Whether the alert pages: its severity is a paging one, or Sloth marked it `sloth_severity: page`.
pub fn is_paging(cx: &RuleContext) -> bool {
    let severity = cx.effective_label(&cx.settings.severity_label);
    severity.is_some_and(|s| cx.settings.paging_severities.contains(&s.value))
        || cx
            .effective_label("sloth_severity")
            .is_some_and(|s| s.value == "page")
}

/// The error budget of a threshold: written out, or recorded (Sloth's `slo:error_budget:ratio` of the
/// same `sloth_id`, `vector(1-0.999)`).
pub fn budget(cx: &RuleContext, threshold: &Threshold) -> Option<f64> {
    match threshold.budget.as_ref()? {
        Budget::Series { name, matchers } => {
            let values: Vec<f64> = cx
                .index
                .recording_rules(name)
                .filter(|r| {
                    matchers
                        .iter()
                        .all(|(k, v)| k == "__name__" || r.label(k).is_some_and(|l| &l.value == v))
                })
                .filter_map(|r| r.expr.as_ref()?.ast.as_ref().and_then(burnrate::constant))
                .collect();
            // One SLO, one budget: several recorded values mean the matchers did not pick one.
            match values[..] {
                [v] if v > 0.0 && v < 1.0 => Some(v),
                _ => None,
            }
        }
        b => b.value().filter(|v| *v > 0.0 && *v < 1.0),
    }
}

/// The threshold's value: written out, or factor × a recorded budget.
pub fn threshold_value(cx: &RuleContext, threshold: &Threshold) -> Option<f64> {
    threshold
        .value
        .or_else(|| Some(threshold.factor? * budget(cx, threshold)?))
}

/// The burn-rate pairs of an alert (none for recording rules or expressions that do not parse).
pub fn alert_pairs(cx: &RuleContext) -> Vec<Pair> {
    if !cx.is_alert() {
        return Vec::new();
    }
    cx.rule
        .expr
        .as_ref()
        .and_then(|e| e.ast.as_ref())
        .map(burnrate::pairs)
        .unwrap_or_default()
}

/// `1h/5m`, for messages.
pub fn windows_text(pair: &Pair) -> String {
    format!(
        "{}/{}",
        format_ms(pair.long.window_ms),
        format_ms(pair.short.window_ms)
    )
}

/// A number as people write it: `14.4`, `6`, `0.001`.
pub fn number(v: f64) -> String {
    let rounded = (v * 1e6).round() / 1e6;
    let text = format!("{rounded}");
    if text.contains('e') {
        format!("{v}")
    } else {
        text
    }
}

/// Whether two thresholds are the same number (Sloth prints `0.0009999999999999432` for 0.001).
pub fn same(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-9_f64.max(a.abs().max(b.abs()) * 1e-6)
}
