//! Rule files that are templates of rule files (Helm charts, Jinja/Ansible): their text is not what a
//! ruler loads, so they are skipped with a reason instead of being reported as broken YAML.

/// Helm's built-in objects: no Prometheus template can name them (`.Values` is not an alert field).
const HELM_OBJECTS: &[&str] = &[
    ".Values.",
    ".Release.",
    ".Chart.",
    ".Capabilities.",
    ".Files.",
];
/// Helm's and Sprig's template actions that build YAML, never used in alert templates.
const HELM_ACTIONS: &[&str] = &["include ", "toYaml", "nindent ", "tpl "];

/// The template engine a rule file is written for, when it is a template rather than a rule file.
/// `parses` tells whether the text is valid YAML: Prometheus's own `{{ if }}` may open a line of a block
/// scalar, so a line-leading action only counts when it breaks the YAML.
pub fn template_engine(text: &str, parses: bool) -> Option<&'static str> {
    if !text.contains("{{") && !text.contains("{%") {
        return None;
    }
    let mut line_leading_action = false;
    for line in text.lines() {
        let trimmed = line.trim_start();
        // Jinja statements and comments have no meaning in Go templates.
        if trimmed.starts_with("{%")
            || (line.contains("{%") && line.contains("%}"))
            || trimmed.starts_with("{#")
        {
            return Some("Jinja");
        }
        for action in actions(line) {
            if HELM_OBJECTS.iter().any(|o| action.contains(o))
                || HELM_ACTIONS.iter().any(|a| action.contains(a))
                || action.starts_with("define ")
                || action.starts_with("$.Values")
            {
                return Some("Helm");
            }
        }
        line_leading_action |= trimmed.starts_with("{{");
    }
    (!parses && line_leading_action).then_some("Helm/Go")
}

/// The inside of each `{{ ... }}` on a line, without its trim markers.
fn actions(line: &str) -> impl Iterator<Item = &str> {
    line.split("{{").skip(1).filter_map(|part| {
        let inner = part.split("}}").next()?;
        Some(inner.trim_start_matches('-').trim())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn helm_and_jinja_are_templates_prometheus_templates_are_not() {
        assert_eq!(
            template_engine(
                "{{- if .Values.rules.enabled }}\ngroups:\n{{- end }}\n",
                false
            ),
            Some("Helm")
        );
        assert_eq!(
            template_engine("groups:\n- name: {{ include \"name\" . }}\n", false),
            Some("Helm")
        );
        assert_eq!(
            template_engine("{% set x = 1 %}\ngroups: []\n", false),
            Some("Jinja")
        );
        // Prometheus's own templates inside annotation values, even on a line of their own.
        let prometheus = "groups:\n- name: g\n  rules:\n  - alert: A\n    expr: up == 0\n    annotations:\n      description: |\n        {{ if eq $labels.job \"a\" }}x{{ end }}\n";
        assert_eq!(template_engine(prometheus, true), None);
        assert_eq!(template_engine("groups: [", false), None);
    }
}
