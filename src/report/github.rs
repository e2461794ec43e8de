//! `--format github`: GitHub Actions workflow commands, which GitHub shows as annotations on the pull
//! request's changed lines.

use super::position;
use crate::diagnostic::Severity;
use crate::finding::Outcome;

/// Escaping GitHub requires for a command's message.
fn escape_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escaping GitHub requires for a property value (`file=`, `title=`).
fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

pub fn render(outcome: &Outcome) -> String {
    let mut out = String::new();
    let paths = super::RepositoryPaths::default();
    for f in &outcome.findings {
        let p = position(outcome, f);
        let command = match f.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "notice",
        };
        let path = &paths.path(outcome, f.diagnostic.file);
        let message = super::message_with_help(f);
        out.push_str(&format!(
            "::{command} file={},line={},col={},endLine={},endColumn={},title={}::{}\n",
            escape_property(path),
            p.line,
            p.column,
            p.end_line,
            p.end_column,
            escape_property(&format!("obslint {} ({})", f.rule.code, f.rule.name)),
            escape_data(&message),
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_as_github_requires() {
        assert_eq!(escape_data("50% of a\nb\r"), "50%25 of a%0Ab%0D");
        assert_eq!(escape_property("a:b,c%"), "a%3Ab%2Cc%25");
    }
}
