//! `check --show-settings` and `check --show-files`: what a run would use, without running it (ruff's
//! flags of the same names), for the user who wonders why a file or a rule is (not) looked at.

use crate::config::LoadedConfig;
use crate::duration::format_ms;
use crate::settings::Settings;

/// The files discovery finds (narrowed to the paths given, as findings are), one per line.
pub fn files(settings: &Settings) -> String {
    let (candidates, _) = crate::discover::discover(&settings.walk());
    let mut out = String::new();
    for c in candidates {
        let reported = settings.report_only.as_ref().is_none_or(|wanted| {
            c.disk_path
                .canonicalize()
                .is_ok_and(|p| wanted.iter().any(|w| p.starts_with(w)))
        });
        if reported {
            out.push_str(&c.display_path);
            out.push('\n');
        }
    }
    out
}

/// The resolved settings, one `key = value` per line under the config's section names.
pub fn settings(settings: &Settings, loaded: &LoadedConfig) -> String {
    let list = |v: &[String]| format!("[{}]", v.join(", "));
    let paths = |v: &[std::path::PathBuf]| {
        list(
            &v.iter()
                .map(|p| p.display().to_string())
                .collect::<Vec<_>>(),
        )
    };
    let a = &settings.alerts;
    let enabled: Vec<String> = settings
        .rules
        .enabled()
        .iter()
        .map(|r| format!("{} ({})", r.code, settings.rules.severity_of(r).as_str()))
        .collect();
    let mut out = String::new();
    let mut line = |key: &str, value: String| out.push_str(&format!("{key} = {value}\n"));
    line(
        "config",
        loaded
            .path
            .as_ref()
            .map_or_else(|| "none (defaults)".into(), |p| p.display().to_string()),
    );
    line("root", settings.root.display().to_string());
    line("walked", paths(&settings.paths));
    if let Some(wanted) = &settings.report_only {
        line("reported", paths(wanted));
    }
    line(
        "max-file-size-kb",
        (settings.max_file_size / 1024).to_string(),
    );
    line("rules.enabled", list(&enabled));
    line("alerts.scrape-interval", format_ms(a.scrape_interval_ms));
    line("alerts.severity-label", a.severity_label.clone());
    line("alerts.allowed-severities", list(&a.allowed_severities));
    line("alerts.paging-severities", list(&a.paging_severities));
    line("alerts.min-paging-for", format_ms(a.min_paging_for_ms));
    line("alerts.owner-labels", list(&a.owner_labels));
    line("alerts.summary-annotations", list(&a.summary_annotations));
    line(
        "alerts.description-annotations",
        list(&a.description_annotations),
    );
    line("alerts.runbook-annotations", list(&a.runbook_annotations));
    line("alerts.runbook-base-urls", list(&a.runbook_base_urls));
    line(
        "alerts.runbook-sections",
        list(
            &a.runbook_sections
                .iter()
                .map(|group| group.join(" | "))
                .collect::<Vec<_>>(),
        ),
    );
    line("alerts.policies", a.policies.len().to_string());
    line(
        "python.logger-objects",
        list(&settings.python.logger_objects),
    );
    line(
        "python.redaction-functions",
        list(&settings.python.redaction_functions),
    );
    line(
        "python.critical-paths",
        settings.python.critical_paths.len().to_string(),
    );
    line(
        "metrics.metric-prefixes",
        settings.metrics.prefixes.as_deref().map_or_else(
            || "none (the prefixes of the metrics the code defines)".into(),
            list,
        ),
    );
    line("metrics.critical-metrics", list(&settings.metrics.critical));
    if let Some(live) = &settings.live {
        line("prometheus.url", live.url.clone());
        // Names only: a header's value is usually a credential.
        let names: Vec<String> = live.headers.iter().map(|(n, _)| n.clone()).collect();
        line("prometheus.headers", list(&names));
        line("prometheus.lookback", format_ms(live.lookback_ms));
        line(
            "prometheus.timeout",
            format_ms(live.timeout.as_millis() as u64),
        );
        line("prometheus.concurrency", live.concurrency.to_string());
        line("prometheus.max-queries", live.max_queries.to_string());
        line(
            "prometheus.noisy-firings-per-week",
            live.thresholds.noisy_per_week.to_string(),
        );
        line(
            "prometheus.flap-threshold",
            format_ms(live.thresholds.flap_ms),
        );
    }
    out
}
