//! `--format junit`: JUnit XML, one test suite per file and one failed test case per finding, for CI
//! systems that show test reports.

use super::position;
use crate::finding::Outcome;

fn xml(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            // XML 1.0 cannot carry other control characters at all.
            c if (c as u32) < 0x20 && !matches!(c, '\n' | '\t' | '\r') => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    out
}

pub fn render(outcome: &Outcome) -> String {
    let total = outcome.findings.len();
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    out.push_str(&format!(
        "<testsuites name=\"obslint\" tests=\"{total}\" failures=\"{total}\" errors=\"0\">\n"
    ));
    // Findings are sorted by path, so each file's findings are contiguous.
    let mut i = 0;
    while i < total {
        let file = outcome.findings[i].diagnostic.file;
        let group: Vec<_> = outcome.findings[i..]
            .iter()
            .take_while(|f| f.diagnostic.file == file)
            .collect();
        let path = xml(&outcome.index.files[file].display_path);
        out.push_str(&format!(
            "  <testsuite name=\"{path}\" tests=\"{n}\" failures=\"{n}\" errors=\"0\">\n",
            n = group.len()
        ));
        for f in &group {
            let p = position(outcome, f);
            out.push_str(&format!(
                "    <testcase name=\"{code} {name} at {line}:{col}\" classname=\"{path}\" file=\"{path}\" line=\"{line}\">\n      <failure type=\"{code}\" message=\"{message}\">{path}:{line}:{col}: {severity} {body}</failure>\n    </testcase>\n",
                code = f.rule.code,
                name = f.rule.name,
                line = p.line,
                col = p.column,
                severity = f.severity.as_str(),
                message = xml(&f.diagnostic.message),
                body = xml(&super::message_with_help(f)),
            ));
        }
        out.push_str("  </testsuite>\n");
        i += group.len();
    }
    out.push_str("</testsuites>\n");
    out
}
