use crate::declare_rule;
use crate::diagnostic::Diagnostic;
use crate::gotemplate;
use crate::rules::{Check, RuleContext};

declare_rule! {
    /// ## What it does
    /// Reports two template mistakes that Prometheus accepts when it loads the rule and that only show
    /// when the alert fires:
    /// - `$labels`, `$value` or `{{ ... }}` written inside a string literal, typically the query of
    ///   `{{ range query "..." }}`. Go templates do not interpolate inside strings, so the query asks for a
    ///   series whose label is the text `$labels.instance`;
    /// - a field that the value does not have, usually by its case: `.labels` or `.value` on a query
    ///   result sample (it has `.Labels` and `.Value`), `$.labels` on the alert data, or any field on the
    ///   list `query` returns (take one sample with `first`, or `range` over them).
    ///
    /// ## Why is this bad?
    /// The literal query matches nothing, so the notification silently lists nothing. A wrong field fails
    /// the template when the alert fires: Prometheus logs the error and sends the annotation as the error
    /// text instead of the message.
    ///
    /// ## Example
    /// ```yaml
    /// annotations:
    ///   description: |
    ///     {{ range query "up{instance='$labels.instance'}" }}{{ .labels.job }}{{ end }}
    ///   # build the query with printf, and use .Labels:
    ///   # {{ range printf "up{instance='%s'}" $labels.instance | query }}{{ .Labels.job }}{{ end }}
    /// ```
    pub static RULE = {
        code: "ALR013",
        name: "template-query-label-literal",
        severity: Error,
        summary: "A template writes `$labels` inside a string, or reads a field the value does not have",
        check: Check::Rule(check),
    }
}

fn check(cx: &RuleContext, out: &mut Vec<Diagnostic>) {
    if !cx.is_alert() {
        return;
    }
    for (kind, key, value) in super::templates(cx) {
        // Invalid templates are ALR006's.
        let Ok(info) = gotemplate::analyze(&value.value) else {
            continue;
        };
        for span in &info.literal_refs {
            out.push(
                cx.diagnostic(
                    CODE,
                    super::span_in_value(cx, value, span.clone()),
                    format!(
                        "{kind} `{}` writes a template variable inside a string literal, where it is never interpolated",
                        key.value
                    ),
                )
                .with_help(
                    "build the string with printf and pipe it on: \
                     `{{ range printf \"up{instance='%s'}\" $labels.instance | query }}`",
                ),
            );
        }
        for bad in &info.bad_fields {
            let help = match bad.suggestion {
                Some(field) => format!("the field is `.{field}`: field names are case-sensitive"),
                None if bad.on.starts_with("a query result (") => {
                    "take one sample with `first` (`{{ with query \"...\" }}{{ with first . }}{{ .Value }}{{ end }}{{ end }}`) \
                     or `range` over them"
                        .to_string()
                }
                None => "the alert data has `.Labels`, `.Value`, `.ExternalLabels`, `.ExternalURL`; a query result sample has `.Labels` and `.Value`".to_string(),
            };
            out.push(
                cx.diagnostic(
                    CODE,
                    super::span_in_value(cx, value, bad.span.clone()),
                    format!(
                        "{kind} `{}` reads `.{}` from {}, which has no such field: the template fails when the alert fires",
                        key.value, bad.field, bad.on
                    ),
                )
                .with_help(help),
            );
        }
    }
}
