use super::{number, recorded_constant};
use crate::alerts::slospec::{SloSpec, Tool};
use crate::declare_rule;
use crate::diagnostic::Diagnostic;
use crate::rules::{Check, ProjectContext};

declare_rule! {
    /// ## What it does
    /// Checks the SLO specs in the repository against the rules generated from them:
    /// - an SLO whose generated objective differs from the spec's: Sloth's `slo:objective:ratio` of its
    ///   `sloth_id` (`<service>-<slo>`; OpenSLO: `<service>-<name>-<n>`), Pyrra's `pyrra_objective` of
    ///   its `slo` (the resource's name);
    /// - a Sloth or OpenSLO spec (run through `sloth generate`) whose SLO has no generated rules while
    ///   the repository holds Sloth's rules for other SLOs.
    ///
    /// Kubernetes resources (`PrometheusServiceLevel`, Pyrra's `ServiceLevelObjective`) are turned into
    /// rules by a controller in the cluster: their missing rules are not reported.
    ///
    /// ## Why is this bad?
    /// The spec is what people read and change; the generated rules are what pages. When the objective
    /// was raised in the spec and the rules were not regenerated, the alerts still burn the old budget
    /// and the dashboards show the old objective; a new SLO whose rules were never generated has no
    /// alert at all.
    ///
    /// ## Example
    /// ```yaml
    /// version: "prometheus/v1"
    /// service: "checkout"
    /// slos:
    ///   - name: "availability"
    ///     objective: 99.95    # the committed rules say vector(0.999): regenerate them
    /// ```
    pub static RULE = {
        code: "SLO010",
        name: "slo-spec-without-rules",
        severity: Error,
        summary: "A Sloth/Pyrra/OpenSLO spec declares an SLO whose generated rules are missing or from another objective",
        check: Check::Project(check),
    }
}

fn check(cx: &ProjectContext, out: &mut Vec<Diagnostic>) {
    let index = cx.index;
    // Whether the repository commits Sloth's generated rules at all.
    let sloth_rules = super::super::met::rules(index).any(|(_, r)| r.label("sloth_id").is_some());
    for spec in &index.slo_specs {
        let (series, label) = match spec.tool {
            Tool::Sloth => ("slo:objective:ratio", "sloth_id"),
            Tool::Pyrra => ("pyrra_objective", "slo"),
        };
        match recorded_constant(index, series, label, &spec.id) {
            Some(generated) if (generated - spec.objective).abs() > 1e-6 => out.push(
                finding(
                    spec,
                    format!(
                        "SLO `{}` declares an objective of {}, but its generated rules were made for {} (`{series}`)",
                        spec.id,
                        number(spec.objective),
                        number(generated)
                    ),
                )
                .with_help(regenerate(spec.tool)),
            ),
            Some(_) => {}
            None if spec.tool == Tool::Sloth && !spec.in_cluster && sloth_rules => out.push(
                finding(
                    spec,
                    format!(
                        "SLO `{}` has no generated rules in the repository (no `{series}{{{label}=\"{}\"}}`), while other SLOs' are",
                        spec.id, spec.id
                    ),
                )
                .with_help(regenerate(spec.tool)),
            ),
            None => {}
        }
    }
}

fn finding(spec: &SloSpec, message: String) -> Diagnostic {
    Diagnostic::new(CODE, spec.file, spec.span.clone(), message).with_identity(spec.id.clone())
}

fn regenerate(tool: Tool) -> String {
    match tool {
        Tool::Sloth => "regenerate the rules (`sloth generate -i <spec> -o <rules>`) and commit them with the spec".into(),
        Tool::Pyrra => format!("regenerate the rules with {} from this spec", tool.as_str()),
    }
}
