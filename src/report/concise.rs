//! `--format concise`: one line per finding, `path:line:col: CODE message`, for grep and editors.

use super::position;
use crate::finding::Outcome;

pub fn render(outcome: &Outcome) -> String {
    let mut out = String::new();
    for f in &outcome.findings {
        let p = position(outcome, f);
        let path = &outcome.index.files[f.diagnostic.file].display_path;
        out.push_str(&format!(
            "{path}:{}:{}: {} {}\n",
            p.line, p.column, f.rule.code, f.diagnostic.message
        ));
    }
    out
}
