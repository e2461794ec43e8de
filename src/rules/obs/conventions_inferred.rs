use crate::declare_rule;
use crate::diagnostic::Diagnostic;
use crate::rules::{Check, ProjectContext};

declare_rule! {
    /// ## What it does
    /// Says, once per run, which conventions obslint learned from the repository's own alerts because
    /// the config does not set them, and gives the `obslint.toml` lines that make them explicit:
    ///
    /// - the severity values in use (a value used by two alerts or more; a value used once, or another
    ///   spelling of a value in use such as `Critical` or `warn`, is still reported by ALR002);
    /// - which of them page: the severities an Alertmanager config in the repository routes to a
    ///   PagerDuty, Opsgenie, VictorOps or Pushover receiver, else those named `critical`, `page`,
    ///   `s1`, `p1`, `sev1`, `emergency`…; only `page` when a severity is called that (ALR008 judges
    ///   those);
    /// - the summary, description and runbook annotation names (`title`, `message`, `playbook`…) and
    ///   the owner label (`service`, `squad`…), when most alerts use one other than the default;
    /// - the scrape interval from a `prometheus.yml` `global.scrape_interval` (PQL002).
    ///
    /// Nothing is learned from fewer than 5 alerts, and a key the config sets is never inferred.
    /// Reported at the first rule file, as info: it never fails a run.
    ///
    /// ## Why is this bad?
    /// It is not: it explains why obslint judges this repository by its own habits rather than the
    /// defaults (no 945 × "severity `s2` not allowed" in a repository that uses `s1`–`s4`). Writing the
    /// lines into the config makes the convention a rule that a new alert cannot quietly change.
    ///
    /// ## Example
    /// ```text
    /// rules/api.yml:1:1: OBS004 learned from 554 alerts: severities `medium` (326), `high` (204),
    ///   `critical` (14), `info` (10); owner label `service` (554 of 554 alerts)
    ///   help: add under [alerts] in obslint.toml: allowed-severities = ["medium", "high", "critical", "info"] ...
    /// ```
    ///
    /// ## Options
    /// - `alerts.allowed-severities`, `paging-severities`, `owner-labels`, `summary-annotations`,
    ///   `description-annotations`, `runbook-annotations`, `scrape-interval`: a key set in the config is
    ///   never inferred. `obslint init` writes the inferred values; ignore `OBS004` to silence the note.
    pub static RULE = {
        code: "OBS004",
        name: "conventions-inferred",
        severity: Info,
        summary: "Conventions were learned from the rules because the config does not set them",
        check: Check::Project(check),
    }
}

fn check(cx: &ProjectContext, out: &mut Vec<Diagnostic>) {
    let inferred = &cx.settings.inferred;
    let Some(file) = inferred.first_file else {
        return;
    };
    if inferred.items.is_empty() {
        return;
    }
    let what: Vec<&str> = inferred.items.iter().map(|i| i.what.as_str()).collect();
    let lines: Vec<&str> = inferred.items.iter().map(|i| i.toml.as_str()).collect();
    out.push(
        Diagnostic::new(
            CODE,
            file,
            0..0,
            format!(
                "learned from {} alerts: {}",
                inferred.alerts,
                what.join("; ")
            ),
        )
        .with_help(format!(
            "to keep these conventions (or change them), add under [alerts] in obslint.toml: {}",
            lines.join("; ")
        )),
    );
}
