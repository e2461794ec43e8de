use crate::declare_rule;
use crate::diagnostic::Diagnostic;
use crate::gotemplate;
use crate::rules::{Check, RuleContext};

declare_rule! {
    /// ## What it does
    /// Parses every label and annotation of an alert as a Go text/template, as Prometheus does, with
    /// Prometheus's variables (`$labels`, `$value`, `$externalLabels`, `$externalURL`) and template
    /// functions, and reports the first error at its position: an undefined variable (`$label`), an unknown
    /// function (`humanise`), an unclosed action, an `{{ end }}` too many or too few.
    ///
    /// ## Why is this bad?
    /// Prometheus refuses to load the file (promtool fails on it too). Until fixed, none of the file's rules run.
    ///
    /// ## Example
    /// ```yaml
    /// annotations:
    ///   summary: "Instance {{ $label.instance }} is down"     # `$labels`, not `$label`
    /// ```
    pub static RULE = {
        code: "ALR006",
        name: "alert-template-invalid",
        severity: Error,
        summary: "A label or annotation is not a valid Go template",
        check: Check::Rule(check),
    }
}

fn check(cx: &RuleContext, out: &mut Vec<Diagnostic>) {
    if !cx.is_alert() {
        return;
    }
    for (kind, key, value) in super::templates(cx) {
        if let Err(error) = gotemplate::analyze(&value.value) {
            out.push(
                cx.diagnostic(
                    CODE,
                    super::span_in_value(cx, value, error.span),
                    format!("{kind} `{}` is not a valid template: {}", key.value, error.message),
                )
                .with_help("Prometheus refuses to load a rule whose templates do not parse; see https://prometheus.io/docs/prometheus/latest/configuration/template_reference/"),
            );
        }
    }
}
