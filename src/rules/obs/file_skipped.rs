use crate::declare_rule;
use crate::rules::Check;

declare_rule! {
    /// ## What it does
    /// Notes a file that obslint did not check, with the reason: it is larger than `max-file-size-kb`
    /// (default 10 MiB), or it is a template of a rule file (Helm: `{{- if .Values.x }}`,
    /// `{{ include ... }}`; Jinja: `{% ... %}`) rather than a rule file. Prometheus's own `{{ $labels.x }}`
    /// templates inside annotations do not make a template file.
    ///
    /// ## Why is this bad?
    /// Nothing in it was checked. Real rule files are far smaller; a file this large is usually generated
    /// output or data checked in by mistake, and parsing it would slow every CI run. A template is not
    /// what the ruler loads: judging it would report the template language (as broken YAML or PromQL),
    /// not the rules. Render it (`helm template`, the Jinja step) and check the output instead.
    ///
    /// ## Example
    /// A 50 MB `rules/generated.yml` is reported as skipped, with its size; a chart's
    /// `templates/prometheusrule.yaml` as "skipped: a Helm template, not a rule file yet".
    ///
    /// ## Options
    /// - `max-file-size-kb` (top level): the limit in KiB. Or add the path to `exclude`.
    pub static RULE = {
        code: "OBS001",
        name: "file-skipped",
        severity: Info,
        summary: "A file was skipped: too large, or a Helm/Jinja template of a rule file",
        check: Check::Parse,
    }
}
