//! The repository's own conventions, learned from its rules before they are judged: which severity
//! values it uses and which of them page, what it calls the summary, description and runbook
//! annotations, which label names the owner, and the scrape intervals its Prometheus configs set.
//!
//! A convention is adopted only when most alerts follow it (or, for severities, when a value is used
//! more than once), and only for the keys the config leaves unset: the config always wins. What was
//! adopted is reported once (OBS004) with the `obslint.toml` lines that make it explicit.

use crate::alerts::model::{RuleGroup, RuleKind};
use crate::alerts::monitoring::MonitoringFacts;
use crate::alerts::settings::{AlertSettings, Explicit, Inferred, Item};
use crate::index::ProjectIndex;
use std::collections::HashMap;

/// Below this many alerts a repository has no conventions to learn: a handful of rules is an example.
pub const MIN_ALERTS: usize = 5;

const SUMMARY_NAMES: &[&str] = &["summary", "title", "message", "subject", "headline"];
const DESCRIPTION_NAMES: &[&str] = &[
    "description",
    "message",
    "details",
    "detail",
    "body",
    "text",
];
const RUNBOOK_NAMES: &[&str] = &[
    "runbook_url",
    "runbook",
    "runbook_link",
    "playbook",
    "playbook_url",
    "sop_url",
    "sop",
];
const OWNER_NAMES: &[&str] = &[
    "team", "owner", "squad", "tribe", "service", "product", "oncall",
];

/// Label names that say who owns an alert.
fn owner_like(name: &str) -> bool {
    OWNER_NAMES.contains(&name) || ["team", "owner", "squad"].iter().any(|w| name.contains(w))
}

/// Severity values that are named for paging itself.
const PAGE_WORDS: &[&str] = &["page", "pager", "paging"];

/// Severity values whose name says they page: `critical`, `page`, `s1`, `p1`, `sev1`, `emergency`…
pub fn pages_by_name(value: &str) -> bool {
    let v = value.to_ascii_lowercase();
    if [
        "critical",
        "crit",
        "page",
        "pager",
        "paging",
        "emergency",
        "urgent",
    ]
    .contains(&v.as_str())
    {
        return true;
    }
    ["severity", "sev", "prio", "priority", "s", "p"]
        .iter()
        .any(|prefix| {
            v.strip_prefix(prefix)
                .map(|rest| rest.trim_start_matches(['-', '_', ' ']))
                .is_some_and(|level| level == "0" || level == "1")
        })
}

/// `Critical` beside `critical`, `warn` beside `warning`: spellings of a value already adopted.
fn variant_of(adopted: &str, value: &str) -> bool {
    let (a, v) = (adopted.to_ascii_lowercase(), value.to_ascii_lowercase());
    a == v || (a.len().min(v.len()) >= 3 && (a.starts_with(&v) || v.starts_with(&a)))
}

/// `a`, `b`: names as messages show them.
pub fn quoted(values: &[String]) -> String {
    values
        .iter()
        .map(|v| format!("`{v}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

fn toml_list(key: &str, values: &[String]) -> String {
    let items: Vec<String> = values
        .iter()
        .map(|v| toml::Value::String(v.clone()).to_string())
        .collect();
    format!("{key} = [{}]", items.join(", "))
}

/// What every alert carries, counted once per alert.
#[derive(Default)]
struct Counts {
    alerts: usize,
    severities: Vec<(String, usize)>,
    labels: HashMap<String, usize>,
    annotations: HashMap<String, usize>,
}

fn count(index: &ProjectIndex, severity_label: &str) -> Counts {
    let mut c = Counts::default();
    let mut severities: HashMap<String, usize> = HashMap::new();
    let group_label = |g: &RuleGroup, name: &str| g.label(name).map(|v| v.value.clone());
    for document in &index.rule_documents {
        for group in &document.groups {
            for rule in group.rules.iter().filter(|r| r.kind == RuleKind::Alert) {
                c.alerts += 1;
                let severity = rule
                    .label(severity_label)
                    .map(|v| v.value.clone())
                    .or_else(|| group_label(group, severity_label));
                if let Some(s) = severity.filter(|s| !s.trim().is_empty()) {
                    *severities.entry(s).or_default() += 1;
                }
                let mut names: Vec<&str> = rule
                    .labels
                    .iter()
                    .chain(&group.labels)
                    .filter(|(_, v)| !v.value.trim().is_empty())
                    .map(|(k, _)| k.value.as_str())
                    .collect();
                names.sort_unstable();
                names.dedup();
                for n in names {
                    *c.labels.entry(n.to_string()).or_default() += 1;
                }
                for (k, v) in &rule.annotations {
                    if !v.value.trim().is_empty() {
                        *c.annotations.entry(k.value.clone()).or_default() += 1;
                    }
                }
            }
        }
    }
    c.severities = severities.into_iter().collect();
    // Most used first; ties by name so the result never depends on file order.
    c.severities
        .sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    c
}

/// The name most alerts use among `candidates`, when it is not already one of `current`.
fn most_used(
    counts: &HashMap<String, usize>,
    alerts: usize,
    candidates: &[&str],
    current: &[String],
) -> Option<(String, usize)> {
    let used = |n: &str| counts.get(n).copied().unwrap_or(0);
    // Alerts already following the current setting: if most do, there is nothing to learn.
    if current.iter().any(|c| used(c) * 2 > alerts) {
        return None;
    }
    candidates
        .iter()
        .map(|n| (n.to_string(), used(n)))
        .filter(|(_, n)| n * 2 > alerts)
        .max_by_key(|(_, n)| *n)
        .filter(|(n, _)| !current.contains(n))
}

/// Learns the conventions the config leaves open and writes them into `settings`.
pub fn infer(index: &ProjectIndex, monitoring: &[MonitoringFacts], settings: &mut AlertSettings) {
    let explicit = settings.explicit.clone();
    let mut out = Inferred::default();
    scrape_intervals(index, monitoring, &explicit, settings, &mut out);
    let c = count(index, &settings.severity_label);
    out.alerts = c.alerts;
    out.first_file = index
        .rule_documents
        .iter()
        .filter(|d| d.groups.iter().any(|g| !g.rules.is_empty()))
        .map(|d| d.file)
        .min_by_key(|f| index.files.get(*f).map(|s| s.display_path.clone()));
    out.first_alert = index
        .rule_documents
        .iter()
        .filter_map(|d| {
            let alert = d
                .groups
                .iter()
                .flat_map(|g| &g.rules)
                .find(|r| r.kind == RuleKind::Alert)?;
            Some((d.file, alert.name.span.start))
        })
        .min_by_key(|(f, at)| (index.files.get(*f).map(|s| s.display_path.clone()), *at));
    if c.alerts >= MIN_ALERTS {
        if !explicit.allowed_severities {
            severities(&c, settings, &mut out);
        }
        if !explicit.paging_severities {
            paging(&c, monitoring, settings, &mut out);
        }
        annotations(&c, &explicit, settings, &mut out);
        if !explicit.owner_labels {
            owners(&c, settings, &mut out);
        }
    }
    if !explicit.owner_labels && c.alerts > 0 {
        let carried = settings
            .owner_labels
            .iter()
            .any(|o| c.labels.get(o).copied().unwrap_or(0) > 0);
        settings.owner_convention_absent = !carried;
    }
    settings.inferred = out;
}

fn severities(c: &Counts, settings: &mut AlertSettings, out: &mut Inferred) {
    let defaults = AlertSettings::default().allowed_severities;
    let mut adopted: Vec<String> = Vec::new();
    for (value, n) in &c.severities {
        if value.contains("{{") || adopted.iter().any(|a| variant_of(a, value)) {
            continue;
        }
        // One alert with a value of its own breaks the convention; it does not make one.
        if *n >= 2 {
            adopted.push(value.clone());
        }
    }
    // The default vocabulary (a rare `info` included) needs nothing learned.
    if adopted.iter().all(|v| defaults.contains(v)) {
        return;
    }
    let used: Vec<String> = adopted
        .iter()
        .map(|v| {
            let n = c.severities.iter().find(|(s, _)| s == v).map_or(0, |s| s.1);
            format!("`{v}` ({n})")
        })
        .collect();
    out.items.push(Item {
        what: format!("severities {}", used.join(", ")),
        toml: toml_list("allowed-severities", &adopted),
    });
    settings.allowed_severities = adopted;
}

fn paging(
    c: &Counts,
    monitoring: &[MonitoringFacts],
    settings: &mut AlertSettings,
    out: &mut Inferred,
) {
    let mut routed: Vec<String> = Vec::new();
    let mut sources: Vec<&str> = Vec::new();
    for m in monitoring
        .iter()
        .filter(|m| !m.paging_severities.is_empty())
    {
        sources.push(&m.source);
        for s in &m.paging_severities {
            if !routed.contains(s) {
                routed.push(s.clone());
            }
        }
    }
    let (paging, why) = if routed.is_empty() {
        let by_name: Vec<String> = settings
            .allowed_severities
            .iter()
            .filter(|v| pages_by_name(v) && c.severities.iter().any(|(s, _)| s == *v))
            .cloned()
            .collect();
        // A repository with a severity called `page` says what pages; its `critical` is the
        // loudest of the ones that do not (Wikimedia's `page` vs `critical`).
        let literal: Vec<String> = by_name
            .iter()
            .filter(|v| PAGE_WORDS.contains(&v.to_ascii_lowercase().as_str()))
            .cloned()
            .collect();
        let by_name = if literal.is_empty() { by_name } else { literal };
        (by_name, "by their names".to_string())
    } else {
        (
            routed,
            format!("routed to a pager in {}", sources.join(", ")),
        )
    };
    if paging.is_empty() || paging == settings.paging_severities {
        return;
    }
    out.items.push(Item {
        what: format!("paging severities {} ({why})", quoted(&paging)),
        toml: toml_list("paging-severities", &paging),
    });
    settings.paging_severities = paging;
}

/// (set in the config, what it is, config key, candidate names, the setting to adopt into).
type AnnotationKey<'a> = (bool, &'a str, &'a str, &'a [&'a str], &'a mut Vec<String>);

fn annotations(c: &Counts, explicit: &Explicit, settings: &mut AlertSettings, out: &mut Inferred) {
    // `message` may be both summary and description: a repository whose one text annotation it is
    // (the older mixin style).
    let table: [AnnotationKey; 3] = [
        (
            explicit.summary_annotations,
            "summary",
            "summary-annotations",
            SUMMARY_NAMES,
            &mut settings.summary_annotations,
        ),
        (
            explicit.description_annotations,
            "description",
            "description-annotations",
            DESCRIPTION_NAMES,
            &mut settings.description_annotations,
        ),
        (
            explicit.runbook_annotations,
            "runbook",
            "runbook-annotations",
            RUNBOOK_NAMES,
            &mut settings.runbook_annotations,
        ),
    ];
    for (set, what, key, names, current) in table {
        if set {
            continue;
        }
        if let Some((name, used)) = most_used(&c.annotations, c.alerts, names, current) {
            out.items.push(Item {
                what: format!("{what} annotation `{name}` ({used} of {} alerts)", c.alerts),
                toml: toml_list(key, std::slice::from_ref(&name)),
            });
            *current = vec![name];
        }
    }
}

fn owners(c: &Counts, settings: &mut AlertSettings, out: &mut Inferred) {
    let mut candidates: Vec<&str> = c
        .labels
        .keys()
        .map(String::as_str)
        .filter(|n| owner_like(n))
        .collect();
    candidates.sort_unstable();
    let n = c.alerts;
    if let Some((name, used)) = most_used(&c.labels, n, &candidates, &settings.owner_labels) {
        out.items.push(Item {
            what: format!("owner label `{name}` ({used} of {n} alerts)"),
            toml: toml_list("owner-labels", std::slice::from_ref(&name)),
        });
        settings.owner_labels = vec![name];
    }
}

/// What the Prometheus Operator scrapes at when neither the `Prometheus` resource nor a monitor sets an
/// interval.
const OPERATOR_DEFAULT_MS: u64 = 30_000;

fn scrape_intervals(
    index: &ProjectIndex,
    monitoring: &[MonitoringFacts],
    explicit: &Explicit,
    settings: &mut AlertSettings,
    out: &mut Inferred,
) {
    for m in monitoring {
        for (job, ms) in &m.job_intervals {
            settings
                .job_scrape_intervals
                .entry(job.clone())
                .or_insert_with(|| (*ms, m.source.clone()));
        }
    }
    if explicit.scrape_interval {
        return;
    }
    // Several Prometheus configs: the value most of them set, the first on a tie.
    let mut globals: Vec<(u64, usize, &str)> = Vec::new();
    for m in monitoring {
        let Some(ms) = m.global_interval_ms else {
            continue;
        };
        match globals.iter_mut().find(|g| g.0 == ms) {
            Some(g) => g.1 += 1,
            None => globals.push((ms, 1, &m.source)),
        }
    }
    let Some(&(ms, _, source)) = globals.iter().rev().max_by_key(|g| g.1) else {
        // Rules shipped as PrometheusRule resources are loaded by the Prometheus Operator, whose
        // default interval (30s) applies unless a monitor says otherwise: a truer guess than 1m.
        let operator = index
            .rule_documents
            .iter()
            .filter(|d| d.kind == crate::alerts::model::RuleFileKind::PrometheusRule)
            .count();
        if operator > 0 && operator * 2 >= index.rule_documents.len() {
            settings.scrape_interval_ms = OPERATOR_DEFAULT_MS;
            settings.scrape_interval_source =
                "the Prometheus Operator's default: the rules are PrometheusRule resources; set \
                 `alerts.scrape-interval` if yours differs"
                    .into();
        }
        return;
    };
    settings.scrape_interval_ms = ms;
    settings.scrape_interval_source = format!("the global scrape interval in {source}");
    out.items.push(Item {
        what: format!(
            "scrape interval {} (from {source})",
            crate::duration::format_ms(ms)
        ),
        toml: format!("scrape-interval = \"{}\"", crate::duration::format_ms(ms)),
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paging_words() {
        for v in [
            "critical",
            "page",
            "P1",
            "s1",
            "sev-1",
            "SEV0",
            "severity1",
            "emergency",
        ] {
            assert!(pages_by_name(v), "{v}");
        }
        for v in ["warning", "s2", "p3", "high", "ticket", "sev10", "speed1"] {
            assert!(!pages_by_name(v), "{v}");
        }
    }

    #[test]
    fn variants() {
        assert!(variant_of("critical", "Critical"));
        assert!(variant_of("warning", "warn"));
        assert!(!variant_of("s1", "s2"));
        assert!(!variant_of("page", "task"));
    }
}
