//! SLO specs kept beside the rules: Sloth (`version: prometheus/v1`, or `kind: PrometheusServiceLevel`),
//! Pyrra (`kind: ServiceLevelObjective`) and OpenSLO (`kind: SLO`, as Sloth reads it). Each SLO is a
//! fact with the `sloth_id` or `slo` label its generated rules carry and its objective, so rules can
//! tell whether those rules are in the repository and match.

use crate::yaml::node::Node;
use std::ops::Range;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tool {
    Sloth,
    Pyrra,
}

impl Tool {
    pub fn as_str(self) -> &'static str {
        match self {
            Tool::Sloth => "Sloth",
            Tool::Pyrra => "Pyrra",
        }
    }
}

/// One SLO a spec declares.
#[derive(Debug, Clone, PartialEq)]
pub struct SloSpec {
    pub file: usize,
    /// Which generator its rules come from.
    pub tool: Tool,
    /// The label value the generated rules carry: Sloth's `sloth_id` (`<service>-<slo>`), Pyrra's `slo`.
    pub id: String,
    /// The objective as a ratio (`0.999`).
    pub objective: f64,
    /// Where the objective is written.
    pub span: Range<usize>,
    /// A Kubernetes resource: a controller generates its rules in the cluster, not in the repository.
    pub in_cluster: bool,
    /// The SLO period the spec states (Pyrra's `window`, OpenSLO's `timeWindows`), in ms.
    pub period_ms: Option<u64>,
}

/// Whether a file could hold a spec: cheap, so other YAML is not parsed for it.
pub fn worth_reading(bytes: &[u8]) -> bool {
    const WORDS: &[&[u8]] = &[
        b"prometheus/v1",
        b"PrometheusServiceLevel",
        b"ServiceLevelObjective",
        b"openslo/",
    ];
    WORDS
        .iter()
        .any(|w| bytes.windows(w.len()).any(|b| b == *w))
}

/// Every SLO of every document of a file.
pub fn extract(file: usize, docs: &[Node]) -> Vec<SloSpec> {
    let mut out = Vec::new();
    for doc in docs {
        read(file, doc, &mut out);
    }
    out
}

fn text<'a>(node: &'a Node, key: &str) -> Option<&'a str> {
    node.get(key)?
        .as_str()
        .map(str::trim)
        .filter(|s| !s.is_empty())
}

/// `99.9` (percent) → 0.999.
fn percent(node: &Node) -> Option<(f64, Range<usize>)> {
    let v: f64 = node.as_str()?.trim().trim_matches('"').parse().ok()?;
    (v > 0.0 && v < 100.0).then(|| (v / 100.0, node.span.clone()))
}

fn read(file: usize, doc: &Node, out: &mut Vec<SloSpec>) {
    let kind = text(doc, "kind");
    let api = text(doc, "apiVersion").unwrap_or("");
    let sloth_plain = text(doc, "version") == Some("prometheus/v1") && kind.is_none();
    let sloth_k8s = kind == Some("PrometheusServiceLevel") && api.starts_with("sloth.slok.dev/");
    if sloth_plain || sloth_k8s {
        let spec = if sloth_k8s {
            doc.get("spec")
        } else {
            Some(doc)
        };
        let Some(spec) = spec else { return };
        let Some(service) = text(spec, "service") else {
            return;
        };
        for slo in spec.get("slos").and_then(Node::as_seq).unwrap_or(&[]) {
            let (Some(name), Some((objective, span))) =
                (text(slo, "name"), slo.get("objective").and_then(percent))
            else {
                continue;
            };
            out.push(SloSpec {
                file,
                tool: Tool::Sloth,
                id: format!("{service}-{name}"),
                objective,
                span,
                in_cluster: sloth_k8s,
                period_ms: None,
            });
        }
        return;
    }
    if kind == Some("ServiceLevelObjective") && api.starts_with("pyrra.dev/") {
        let name = doc.get("metadata").and_then(|m| text(m, "name"));
        let target = doc
            .get("spec")
            .and_then(|s| s.get("target"))
            .and_then(percent);
        let period_ms = doc
            .get("spec")
            .and_then(|s| text(s, "window"))
            .and_then(crate::duration::parse_ms);
        if let (Some(name), Some((objective, span))) = (name, target) {
            out.push(SloSpec {
                file,
                tool: Tool::Pyrra,
                id: name.to_string(),
                objective,
                span,
                // The Pyrra operator writes PrometheusRules in the cluster; its filesystem mode writes files.
                in_cluster: true,
                period_ms,
            });
        }
        return;
    }
    if kind == Some("SLO") && api.starts_with("openslo/") {
        let name = doc.get("metadata").and_then(|m| text(m, "name"));
        let spec = doc.get("spec");
        let service = spec.and_then(|s| text(s, "service"));
        let (Some(name), Some(service)) = (name, service) else {
            return;
        };
        let objectives = spec
            .and_then(|s| s.get("objectives"))
            .and_then(Node::as_seq)
            .unwrap_or(&[]);
        let period_ms = spec
            .and_then(|s| s.get("timeWindows"))
            .and_then(Node::as_seq)
            .and_then(|w| w.first())
            .and_then(time_window);
        // Sloth names the n-th objective `<name>-<n>`.
        for (i, objective) in objectives.iter().enumerate() {
            let Some(target) = objective.get("target") else {
                continue;
            };
            let Some(v) = target.as_str().and_then(|t| t.trim().parse::<f64>().ok()) else {
                continue;
            };
            if v > 0.0 && v < 1.0 {
                out.push(SloSpec {
                    file,
                    tool: Tool::Sloth,
                    id: format!("{service}-{name}-{i}"),
                    objective: v,
                    span: target.span.clone(),
                    in_cluster: false,
                    period_ms,
                });
            }
        }
    }
}

/// OpenSLO's `{count: 30, unit: Day}`.
fn time_window(node: &Node) -> Option<u64> {
    let count: u64 = text(node, "count")?.parse().ok()?;
    let unit = match text(node, "unit")?.to_ascii_lowercase().as_str() {
        "day" | "days" | "d" => 86_400_000,
        "week" | "weeks" | "w" => 7 * 86_400_000,
        _ => return None,
    };
    count.checked_mul(unit)
}
