//! Facts from the monitoring configs that sit beside rule files: scrape intervals (`prometheus.yml`,
//! ServiceMonitor/PodMonitor, the Prometheus Operator's `Prometheus`) and which severities an
//! Alertmanager config routes to a pager. Conventions are inferred from them; nothing here is reported.

use crate::yaml::node::Node;

/// What one file says about scraping and paging.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MonitoringFacts {
    /// Where the facts came from, as shown to the user.
    pub source: String,
    /// `global.scrape_interval` or a `Prometheus` resource's `spec.scrapeInterval`, in ms.
    pub global_interval_ms: Option<u64>,
    /// (job, interval in ms): a scrape config's `job_name`, or a monitor's name.
    pub job_intervals: Vec<(String, u64)>,
    /// Severity values an Alertmanager route sends to a paging receiver.
    pub paging_severities: Vec<String>,
    /// Whether an Alertmanager config was found (even one that routes nothing by severity).
    pub alertmanager: bool,
}

impl MonitoringFacts {
    fn is_empty(&self) -> bool {
        self.global_interval_ms.is_none() && self.job_intervals.is_empty() && !self.alertmanager
    }
}

/// Whether a file's bytes could hold any of these facts: cheap, so most YAML files are never parsed twice.
pub fn worth_reading(bytes: &[u8]) -> bool {
    const WORDS: &[&[u8]] = &[
        b"scrape_interval",
        b"scrapeInterval",
        b"kind: Prometheus",
        b"ServiceMonitor",
        b"PodMonitor",
        b"receivers",
    ];
    WORDS
        .iter()
        .any(|w| bytes.windows(w.len()).any(|b| b == *w))
}

/// Reads the facts of every document of a file.
pub fn extract(source: &str, docs: &[Node]) -> Option<MonitoringFacts> {
    let mut facts = MonitoringFacts {
        source: source.to_string(),
        ..MonitoringFacts::default()
    };
    for doc in docs {
        read_document(doc, &mut facts);
    }
    (!facts.is_empty()).then_some(facts)
}

fn ms(node: Option<&Node>) -> Option<u64> {
    crate::duration::parse_ms(node?.as_str()?.trim()).filter(|ms| *ms > 0)
}

fn read_document(doc: &Node, facts: &mut MonitoringFacts) {
    match doc.get("kind").and_then(Node::as_str) {
        Some("ServiceMonitor") | Some("PodMonitor") => read_monitor(doc, facts),
        Some("Prometheus") => {
            let operator = doc
                .get("apiVersion")
                .and_then(Node::as_str)
                .is_some_and(|v| v.starts_with("monitoring.coreos.com/"));
            // Prometheus Operator scrapes every 30s unless the resource says otherwise.
            let global = ms(doc.get("spec").and_then(|s| s.get("scrapeInterval")))
                .or(operator.then_some(30_000));
            if let Some(global) = global {
                facts.global_interval_ms.get_or_insert(global);
            }
        }
        Some("AlertmanagerConfig") => {
            if let Some(spec) = doc.get("spec") {
                read_alertmanager(spec, true, facts);
            }
        }
        Some("Secret") => {
            // kube-prometheus ships the Alertmanager config as YAML text inside a Secret.
            for data in ["stringData", "data"] {
                let Some(entries) = doc.get(data).and_then(Node::as_map) else {
                    continue;
                };
                for (key, value) in entries {
                    let is_config = key
                        .as_str()
                        .is_some_and(|k| k.starts_with("alertmanager") && k.contains(".y"));
                    let Some(text) = value.as_str().filter(|_| is_config) else {
                        continue;
                    };
                    if let Ok(inner) = crate::yaml::load::load_documents(text) {
                        for d in &inner {
                            read_alertmanager(d, false, facts);
                        }
                    }
                }
            }
        }
        _ => {
            if let Some(global) = ms(doc.get("global").and_then(|g| g.get("scrape_interval"))) {
                facts.global_interval_ms.get_or_insert(global);
            }
            for job in doc
                .get("scrape_configs")
                .and_then(Node::as_seq)
                .unwrap_or(&[])
            {
                let name = job.get("job_name").and_then(Node::as_str);
                if let (Some(name), Some(interval)) = (name, ms(job.get("scrape_interval"))) {
                    facts.job_intervals.push((name.to_string(), interval));
                }
            }
            if doc.get("route").is_some() && doc.get("receivers").is_some() {
                read_alertmanager(doc, false, facts);
            }
        }
    }
}

/// A monitor's scrape interval, under the job names Prometheus Operator gives its targets: the
/// Service's name (usually the monitor's), or `namespace/name` for a PodMonitor.
fn read_monitor(doc: &Node, facts: &mut MonitoringFacts) {
    let Some(spec) = doc.get("spec") else { return };
    let endpoints = spec
        .get("endpoints")
        .or_else(|| spec.get("podMetricsEndpoints"))
        .and_then(Node::as_seq)
        .unwrap_or(&[]);
    // Several endpoints may differ: the longest interval is the one a shared window must cover.
    let Some(interval) = endpoints.iter().filter_map(|e| ms(e.get("interval"))).max() else {
        return;
    };
    let meta = doc.get("metadata");
    let Some(name) = meta.and_then(|m| m.get("name")).and_then(Node::as_str) else {
        return;
    };
    facts.job_intervals.push((name.to_string(), interval));
    if let Some(namespace) = meta.and_then(|m| m.get("namespace")).and_then(Node::as_str) {
        facts
            .job_intervals
            .push((format!("{namespace}/{name}"), interval));
    }
}

/// Receivers that reach a person's phone: the integrations that page, or a name that says so.
fn pages(receiver: &Node, camel: bool) -> bool {
    const SNAKE: &[&str] = &[
        "pagerduty_configs",
        "opsgenie_configs",
        "victorops_configs",
        "pushover_configs",
    ];
    const CAMEL: &[&str] = &[
        "pagerdutyConfigs",
        "opsgenieConfigs",
        "victoropsConfigs",
        "pushoverConfigs",
    ];
    let keys = if camel { CAMEL } else { SNAKE };
    if keys.iter().any(|k| receiver.get(k).is_some()) {
        return true;
    }
    let name = receiver
        .get("name")
        .and_then(Node::as_str)
        .unwrap_or("")
        .to_ascii_lowercase();
    ["pager", "page", "oncall", "on-call", "opsgenie"]
        .iter()
        .any(|w| name.contains(w))
}

fn read_alertmanager(config: &Node, camel: bool, facts: &mut MonitoringFacts) {
    let Some(route) = config.get("route") else {
        return;
    };
    facts.alertmanager = true;
    let paging: Vec<&str> = config
        .get("receivers")
        .and_then(Node::as_seq)
        .unwrap_or(&[])
        .iter()
        .filter(|r| pages(r, camel))
        .filter_map(|r| r.get("name").and_then(Node::as_str))
        .collect();
    walk_route(route, None, &paging, &mut facts.paging_severities);
}

/// Collects the severity values of routes that end at a paging receiver (children inherit it).
fn walk_route(route: &Node, inherited: Option<&str>, paging: &[&str], out: &mut Vec<String>) {
    let receiver = route.get("receiver").and_then(Node::as_str).or(inherited);
    if receiver.is_some_and(|r| paging.contains(&r)) {
        for value in severity_matches(route) {
            if !out.contains(&value) {
                out.push(value);
            }
        }
    }
    for child in route.get("routes").and_then(Node::as_seq).unwrap_or(&[]) {
        walk_route(child, receiver, paging, out);
    }
}

/// The severity values a route matches: `match`, `match_re` (plain alternatives only) and `matchers`.
fn severity_matches(route: &Node) -> Vec<String> {
    let mut out = Vec::new();
    if let Some(v) = route
        .get("match")
        .and_then(|m| m.get("severity"))
        .and_then(Node::as_str)
    {
        out.push(v.to_string());
    }
    if let Some(v) = route
        .get("match_re")
        .and_then(|m| m.get("severity"))
        .and_then(Node::as_str)
    {
        out.extend(alternatives(v));
    }
    for m in route.get("matchers").and_then(Node::as_seq).unwrap_or(&[]) {
        if let Some(text) = m.as_str() {
            out.extend(matcher_values(text));
        } else if m.get("name").and_then(Node::as_str) == Some("severity") {
            // AlertmanagerConfig: `{name: severity, value: critical, matchType: "="}`.
            let value = m.get("value").and_then(Node::as_str).unwrap_or("");
            match m.get("matchType").and_then(Node::as_str).unwrap_or("=") {
                "=" => out.push(value.to_string()),
                "=~" => out.extend(alternatives(value)),
                _ => {}
            }
        }
    }
    out.retain(|v| !v.is_empty());
    out
}

/// `severity="critical"` or `severity=~"critical|page"` → the values; negative matchers give none.
fn matcher_values(text: &str) -> Vec<String> {
    let text = text.trim();
    let Some(rest) = text.strip_prefix("severity") else {
        return Vec::new();
    };
    let rest = rest.trim_start();
    let (regex, value) = if let Some(v) = rest.strip_prefix("=~") {
        (true, v)
    } else if let Some(v) = rest.strip_prefix('=') {
        (false, v)
    } else {
        return Vec::new();
    };
    let value = value.trim().trim_matches(|c| c == '"' || c == '\'');
    if regex {
        alternatives(value)
    } else {
        vec![value.to_string()]
    }
}

/// `critical|page` → both; a regex with anything but plain alternatives is not guessed at.
fn alternatives(regex: &str) -> Vec<String> {
    let plain = |s: &&str| {
        !s.is_empty()
            && s.chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
    };
    let parts: Vec<&str> = regex
        .trim_start_matches('(')
        .trim_end_matches(')')
        .split('|')
        .collect();
    if parts.iter().all(plain) {
        parts.into_iter().map(str::to_string).collect()
    } else {
        Vec::new()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn facts(text: &str) -> MonitoringFacts {
        let docs = crate::yaml::load::load_documents(text).unwrap();
        extract("x.yml", &docs).unwrap_or_default()
    }

    #[test]
    fn prometheus_yml_global_and_jobs() {
        let f = facts(
            "global:\n  scrape_interval: 15s\nscrape_configs:\n  - job_name: slow\n    scrape_interval: 2m\n  - job_name: fast\n",
        );
        assert_eq!(f.global_interval_ms, Some(15_000));
        assert_eq!(f.job_intervals, [("slow".to_string(), 120_000)]);
    }

    #[test]
    fn monitors_by_name_and_namespace() {
        let f = facts(
            "apiVersion: monitoring.coreos.com/v1\nkind: ServiceMonitor\nmetadata:\n  name: api\n  namespace: shop\nspec:\n  endpoints:\n    - port: web\n      interval: 30s\n    - port: admin\n      interval: 2m\n",
        );
        assert_eq!(
            f.job_intervals,
            [
                ("api".to_string(), 120_000),
                ("shop/api".to_string(), 120_000)
            ]
        );
    }

    #[test]
    fn prometheus_operator_resource_defaults_to_30s() {
        let f = facts("apiVersion: monitoring.coreos.com/v1\nkind: Prometheus\nmetadata:\n  name: k8s\nspec:\n  replicas: 2\n");
        assert_eq!(f.global_interval_ms, Some(30_000));
        let f = facts(
            "apiVersion: monitoring.coreos.com/v1\nkind: Prometheus\nspec:\n  scrapeInterval: 1m\n",
        );
        assert_eq!(f.global_interval_ms, Some(60_000));
    }

    #[test]
    fn alertmanager_routes_to_pagers() {
        let f = facts(
            r#"
route:
  receiver: slack
  routes:
    - matchers: ['severity=~"page|s1"']
      receiver: pd
    - match: {severity: ticket}
      receiver: jira
    - receiver: phone
      routes:
        - match_re: {severity: "(urgent)"}
        - matchers: ['severity!="x"']
receivers:
  - name: slack
    slack_configs: [{channel: '#alerts'}]
  - name: pd
    pagerduty_configs: [{routing_key: x}]
  - name: jira
    webhook_configs: [{url: 'http://jira'}]
  - name: phone
    opsgenie_configs: [{api_key: x}]
"#,
        );
        assert!(f.alertmanager);
        assert_eq!(f.paging_severities, ["page", "s1", "urgent"]);
    }

    #[test]
    fn alertmanager_in_a_secret_and_as_a_crd() {
        let f = facts(
            "kind: Secret\nstringData:\n  alertmanager.yaml: |-\n    route:\n      receiver: pd\n      routes:\n        - match: {severity: critical}\n    receivers:\n      - name: pd\n        pagerduty_configs: [{service_key: x}]\n",
        );
        assert_eq!(f.paging_severities, ["critical"]);
        let f = facts(
            "kind: AlertmanagerConfig\nspec:\n  route:\n    receiver: x\n    routes:\n      - receiver: ops\n        matchers: [{name: severity, value: sev1}]\n  receivers:\n    - name: ops\n      opsgenieConfigs: [{}]\n",
        );
        assert_eq!(f.paging_severities, ["sev1"]);
    }
}
