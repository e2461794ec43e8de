use super::{changes, finding};
use crate::declare_rule;
use crate::diagnostic::Diagnostic;
use crate::rules::{Check, ProjectContext};
use crate::trace::compat::Change;

declare_rule! {
    /// ## What it does
    /// Compares the registry with its base and reports a span group that was `stable` in the base
    /// and whose `span_kind` changed (or was dropped). Spans are paired by the name they describe.
    /// Development spans may still change kind.
    ///
    /// ## Why is this bad?
    /// Backends derive service graphs, RED metrics and client/server pairing from the kind: a `client`
    /// span that becomes `internal` drops out of dependency maps and latency panels. It is a warning
    /// because the data still arrives, only read differently.
    ///
    /// ## Example
    /// ```yaml
    /// - id: span.payment.authorize
    ///   type: span
    ///   stability: stable
    ///   span_kind: internal     # TRC105: was client in the base
    /// ```
    pub static RULE = {
        code: "TRC105",
        name: "schema-span-kind-changed",
        severity: Warning,
        summary: "Compared with the base, a stable span's span_kind changed",
        check: Check::Project(check),
    }
}

fn check(cx: &ProjectContext, out: &mut Vec<Diagnostic>) {
    for change in changes(cx) {
        if let Change::SpanKindChanged {
            span,
            from,
            to,
            new,
        } = change
        {
            let to = to.map_or("no kind", |k| k.as_str());
            out.push(
                finding(
                    CODE,
                    new,
                    format!(
                        "stable span `{span}` changed span_kind from `{}` to `{to}`",
                        from.as_str()
                    ),
                    format!("span/{span}"),
                )
                .with_help("keep the kind; describe a span of another kind as a new span group"),
            );
        }
    }
}
