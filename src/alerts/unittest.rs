//! promtool unit-test files (`rule_files` + `tests` with `alert_rule_test`): which alerts they test and
//! with what expectations, and what promtool would refuse in them (TST003). promtool reads the file with
//! `yaml.UnmarshalStrict`, so an unknown key or a value of the wrong type stops every test in it.

use crate::alerts::model::{RuleDocument, RuleKind};
use crate::diagnostic::Diagnostic;
use crate::source::Str;
use crate::yaml::node::{Node, Value};
use std::ops::Range;

/// One test file's facts.
#[derive(Debug, Clone)]
pub struct UnitTestFile {
    pub file: usize,
    /// The `rule_files` entries as written (globs, relative to the test file's folder).
    pub rule_files: Vec<Str>,
    pub alert_tests: Vec<AlertTest>,
    /// promtool would refuse the file (a TST003 finding): none of its tests run.
    pub refused: bool,
}

/// One `alert_rule_test` item.
#[derive(Debug, Clone)]
pub struct AlertTest {
    pub alertname: Str,
    /// Where the item starts.
    pub span: Range<usize>,
    pub exp_alerts: Vec<ExpAlert>,
}

/// One `exp_alerts` item.
#[derive(Debug, Clone)]
pub struct ExpAlert {
    pub span: Range<usize>,
    /// The number of `exp_annotations` entries; None when the key is absent.
    pub annotations: Option<usize>,
}

/// Whether the bytes could be a promtool test file: cheap, before any parse.
pub fn looks_like(bytes: &[u8]) -> bool {
    let has = |w: &[u8]| bytes.windows(w.len()).any(|b| b == w);
    has(b"tests") && (has(b"input_series") || has(b"alert_rule_test") || has(b"rule_files"))
}

/// Whether a parsed document is a test file: a top-level `tests` list of test groups.
pub fn is_test_document(doc: &Node) -> bool {
    let Some(tests) = doc.get("tests") else {
        return false;
    };
    if doc.get("rule_files").is_some() {
        return true;
    }
    tests.as_seq().is_some_and(|items| {
        items.iter().any(|t| {
            ["input_series", "alert_rule_test", "promql_expr_test"]
                .iter()
                .any(|k| t.get(k).is_some())
        })
    })
}

/// `$schema` heads app-interface's test files (Red Hat's qontract), which strip it before promtool runs.
const FILE_KEYS: &[&str] = &[
    "$schema",
    "rule_files",
    "evaluation_interval",
    "group_eval_order",
    "tests",
    "fuzzy_compare",
];
const GROUP_KEYS: &[&str] = &[
    "interval",
    "input_series",
    "alert_rule_test",
    "promql_expr_test",
    "external_labels",
    "external_url",
    "name",
];
const SERIES_KEYS: &[&str] = &["series", "values"];
const ALERT_TEST_KEYS: &[&str] = &["eval_time", "alertname", "exp_alerts"];
const EXP_ALERT_KEYS: &[&str] = &["exp_labels", "exp_annotations"];
const PROMQL_TEST_KEYS: &[&str] = &["expr", "eval_time", "exp_samples"];
const SAMPLE_KEYS: &[&str] = &["labels", "value", "histogram"];

/// Reads the first document (all promtool reads) of a test file.
pub fn extract(file: usize, text: &str, doc: &Node) -> (UnitTestFile, Vec<Diagnostic>) {
    let mut cx = Reader {
        file,
        text,
        out: Vec::new(),
    };
    let mut facts = UnitTestFile {
        file,
        rule_files: Vec::new(),
        alert_tests: Vec::new(),
        refused: false,
    };
    if !cx.map(doc, FILE_KEYS, "the test file") {
        facts.refused = !cx.out.is_empty();
        return (facts, cx.out);
    }
    if let Some((k, v)) = doc.entry("rule_files") {
        facts.rule_files = cx
            .strings(v, "rule_files")
            .into_iter()
            .map(|n| Str {
                value: n.as_str().unwrap_or_default().to_string(),
                key_span: k.span.clone(),
                span: n.span.clone(),
            })
            .collect();
    }
    if let Some(v) = doc.get("evaluation_interval") {
        cx.duration(v, "evaluation_interval");
    }
    if let Some(v) = doc.get("fuzzy_compare") {
        if !matches!(v.value, Value::Bool(_) | Value::Null) {
            cx.report(v, "`fuzzy_compare` must be true or false");
        }
    }
    if let Some(v) = doc.get("group_eval_order") {
        let names = cx.strings(v, "group_eval_order");
        for (i, n) in names.iter().enumerate() {
            let name = n.as_str().unwrap_or_default();
            if names[..i].iter().any(|m| m.as_str() == Some(name)) {
                cx.report(
                    n,
                    format!("group `{name}` is repeated in `group_eval_order`"),
                );
            }
        }
    }
    for group in cx.items(doc.get("tests"), "tests") {
        if !cx.map(group, GROUP_KEYS, "a test group") {
            continue;
        }
        if let Some(v) = group.get("interval") {
            cx.duration(v, "interval");
        }
        for key in ["external_url", "name"] {
            if let Some(v) = group.get(key) {
                cx.scalar(v, key);
            }
        }
        if let Some(v) = group.get("external_labels") {
            cx.string_map(v, "external_labels");
        }
        for series in cx.items(group.get("input_series"), "input_series") {
            if !cx.map(series, SERIES_KEYS, "an input series") {
                continue;
            }
            if let Some(v) = series.get("series") {
                if cx.scalar(v, "series") {
                    cx.series(v);
                }
            }
            if let Some(v) = series.get("values") {
                if cx.scalar(v, "values") {
                    cx.values(v);
                }
            }
        }
        for test in cx.items(group.get("alert_rule_test"), "alert_rule_test") {
            if !cx.map(test, ALERT_TEST_KEYS, "an alert_rule_test item") {
                continue;
            }
            if let Some(v) = test.get("eval_time") {
                cx.duration(v, "eval_time");
            }
            let name = test
                .entry("alertname")
                .filter(|(_, v)| cx.scalar(v, "alertname"));
            let mut exp_alerts = Vec::new();
            for exp in cx.items(test.get("exp_alerts"), "exp_alerts") {
                if !cx.map(exp, EXP_ALERT_KEYS, "an exp_alerts item") {
                    continue;
                }
                if let Some(v) = exp.get("exp_labels") {
                    cx.string_map(v, "exp_labels");
                }
                let annotations = exp.get("exp_annotations").map(|v| {
                    cx.string_map(v, "exp_annotations");
                    v.as_map().map_or(0, <[_]>::len)
                });
                exp_alerts.push(ExpAlert {
                    span: crate::alerts::extract::map_span(exp),
                    annotations,
                });
            }
            match name.and_then(|(k, v)| Some((k, v, v.as_str()?))) {
                Some((k, v, value)) if !value.is_empty() => facts.alert_tests.push(AlertTest {
                    alertname: Str {
                        value: value.to_string(),
                        key_span: k.span.clone(),
                        span: v.span.clone(),
                    },
                    span: crate::alerts::extract::map_span(test),
                    exp_alerts,
                }),
                _ => cx.report_span(
                    crate::alerts::extract::map_span(test),
                    "this `alert_rule_test` item has no `alertname`: promtool stops the whole test group",
                ),
            }
        }
        for test in cx.items(group.get("promql_expr_test"), "promql_expr_test") {
            if !cx.map(test, PROMQL_TEST_KEYS, "a promql_expr_test item") {
                continue;
            }
            if let Some(v) = test.get("eval_time") {
                cx.duration(v, "eval_time");
            }
            if let Some(v) = test.get("expr") {
                cx.scalar(v, "expr");
            }
            for sample in cx.items(test.get("exp_samples"), "exp_samples") {
                if !cx.map(sample, SAMPLE_KEYS, "an exp_samples item") {
                    continue;
                }
                for key in ["labels", "histogram"] {
                    if let Some(v) = sample.get(key) {
                        cx.scalar(v, key);
                    }
                }
                if let Some(v) = sample.get("value") {
                    cx.float(v);
                }
            }
        }
    }
    facts.refused = !cx.out.is_empty();
    (facts, cx.out)
}

struct Reader<'a> {
    file: usize,
    text: &'a str,
    out: Vec<Diagnostic>,
}

const HELP: &str =
    "promtool refuses the file and runs none of its tests; fix it so `promtool test rules` passes";

impl Reader<'_> {
    fn report(&mut self, node: &Node, message: impl Into<String>) {
        self.report_span(node.span.clone(), message);
    }

    fn report_span(&mut self, span: Range<usize>, message: impl Into<String>) {
        self.out.push(
            Diagnostic::new(crate::codes::TEST_FILE_INVALID, self.file, span, message)
                .with_help(HELP),
        );
    }

    /// A mapping (or null) whose keys are all known; false when it is not a mapping.
    fn map(&mut self, node: &Node, known: &[&'static str], what: &str) -> bool {
        match &node.value {
            Value::Null => false,
            Value::Map(entries) => {
                for (k, _) in entries {
                    let Some(key) = k.as_str() else {
                        self.report(k, format!("{what} has a key that is not a string"));
                        continue;
                    };
                    if known.contains(&key) {
                        continue;
                    }
                    let hint = suggest(key, known)
                        .map(|s| format!(" (did you mean `{s}`?)"))
                        .unwrap_or_default();
                    self.report(
                        k,
                        format!("unknown key `{key}` in {what}{hint}: promtool refuses the file"),
                    );
                }
                true
            }
            _ => {
                self.report(
                    node,
                    format!("{what} must be a mapping, not a {}", node.kind_name()),
                );
                false
            }
        }
    }

    /// The items of a list (null or absent: none).
    fn items<'n>(&mut self, node: Option<&'n Node>, key: &str) -> &'n [Node] {
        match node.map(|n| (n, &n.value)) {
            None | Some((_, Value::Null)) => &[],
            Some((_, Value::Seq(items))) => items,
            Some((n, _)) => {
                self.report(
                    n,
                    format!("`{key}` must be a list, not a {}", n.kind_name()),
                );
                &[]
            }
        }
    }

    /// A list of scalars; returns the scalar items.
    fn strings<'n>(&mut self, node: &'n Node, key: &str) -> Vec<&'n Node> {
        let mut out = Vec::new();
        for item in self.items(Some(node), key) {
            if self.scalar(item, key) && item.as_str().is_some() {
                out.push(item);
            }
        }
        out
    }

    /// A string field: any scalar or null (yaml.v2 turns numbers and booleans into their text).
    fn scalar(&mut self, node: &Node, key: &str) -> bool {
        match node.value {
            Value::Seq(_) | Value::Map(_) => {
                self.report(
                    node,
                    format!("`{key}` must be a string, not a {}", node.kind_name()),
                );
                false
            }
            _ => true,
        }
    }

    /// A map of strings.
    fn string_map(&mut self, node: &Node, key: &str) {
        match &node.value {
            Value::Null => {}
            Value::Map(entries) => {
                for (_, v) in entries {
                    self.scalar(v, key);
                }
            }
            _ => self.report(
                node,
                format!("`{key}` must be a mapping, not a {}", node.kind_name()),
            ),
        }
    }

    fn duration(&mut self, node: &Node, key: &str) {
        let text = match &node.value {
            Value::Null => return,
            Value::Scalar(s) => s.as_str(),
            _ => {
                self.report(
                    node,
                    format!("`{key}` must be a duration, not a {}", node.kind_name()),
                );
                return;
            }
        };
        if crate::duration::parse_ms(text).is_none() || text.trim() != text {
            let hint = if !text.is_empty() && text.chars().all(|c| c.is_ascii_digit()) {
                format!(" (a number needs a unit: `{text}s` or `{text}m`)")
            } else {
                String::new()
            };
            self.report(
                node,
                format!("`{key}: {text}` is not a Prometheus duration{hint}"),
            );
        }
    }

    /// `value` of an expected sample: a float64 as yaml.v2 reads one (a quoted number is a string).
    fn float(&mut self, node: &Node) {
        let quoted = self
            .text
            .get(node.span.start..)
            .is_some_and(|t| t.starts_with(['"', '\'']));
        let ok = match &node.value {
            Value::Null => true,
            Value::Scalar(s) => !quoted && yaml_float(s),
            _ => false,
        };
        if !ok {
            let shown = self
                .text
                .get(node.span.clone())
                .filter(|t| !t.contains('\n'))
                .unwrap_or(node.kind_name());
            self.report(
                node,
                format!("`value: {shown}` is not a number promtool reads (use `.inf`, `-.inf` or `.nan` for the specials, unquoted)"),
            );
        }
    }

    /// `series`: a metric name with `=` label pairs.
    fn series(&mut self, node: &Node) {
        let Some(text) = node.as_str() else {
            return;
        };
        if text.trim().is_empty() {
            self.report(node, "`series` is empty");
            return;
        }
        if text.contains(['"', '\'', '`']) && !text.contains('{') {
            return; // A quoted UTF-8 name of a newer Prometheus: not ours to judge.
        }
        match promql_parser::parser::parse(text) {
            Ok(promql_parser::parser::Expr::VectorSelector(vs)) => {
                if let Some(m) = vs
                    .matchers
                    .matchers
                    .iter()
                    .find(|m| !matches!(m.op, promql_parser::label::MatchOp::Equal))
                {
                    self.report(
                        node,
                        format!("`series` label `{}` uses `{}`: a series is written with `=` only, as it is stored", m.name, m.op),
                    );
                }
            }
            Ok(_) => self.report(
                node,
                format!("`series: {text}` is not a series: write a metric name and `=` label pairs (`up{{job=\"api\"}}`)"),
            ),
            Err(e) => self.report(
                node,
                format!("`series: {text}` does not parse: {}", e.lines().next().unwrap_or("")),
            ),
        }
    }

    fn values(&mut self, node: &Node) {
        let Some(text) = node.as_str() else {
            return;
        };
        if text.contains("{{") {
            return; // Native histogram samples (newer promtool): not checked.
        }
        if let Some(bad) = text.split_whitespace().find(|item| !value_item(item)) {
            self.report(
                node,
                format!("`{bad}` in `values` is not expanding notation: write numbers, `a+bxn`, `a-bxn`, `axn`, `_`, `_xn` or `stale`, separated by spaces"),
            );
        }
    }
}

fn suggest(key: &str, known: &[&'static str]) -> Option<&'static str> {
    known
        .iter()
        .map(|k| (crate::alerts::schema::edit_distance(key, k), *k))
        .filter(|(d, k)| *d <= 2.max(k.len() / 4))
        .min_by_key(|(d, _)| *d)
        .map(|(_, k)| k)
}

/// A float as yaml.v2 resolves a plain scalar: decimal, `0x`/`0o` integers, `_` separators, `.inf`,
/// `.nan`; never `Inf` or `NaN`.
fn yaml_float(s: &str) -> bool {
    let t = s.trim();
    let lower = t.to_ascii_lowercase();
    let unsigned = lower.trim_start_matches(['+', '-']);
    if matches!(unsigned, ".inf") || (lower == ".nan") {
        return true;
    }
    if t.chars()
        .any(|c| c.is_ascii_alphabetic() && !matches!(c, 'e' | 'E' | 'x' | 'o' | 'X'))
        && !unsigned.starts_with("0x")
    {
        return false;
    }
    let clean: String = unsigned.chars().filter(|c| *c != '_').collect();
    if let Some(hex) = clean.strip_prefix("0x") {
        return !hex.is_empty() && hex.chars().all(|c| c.is_ascii_hexdigit());
    }
    if let Some(oct) = clean.strip_prefix("0o") {
        return !oct.is_empty() && oct.chars().all(|c| ('0'..='7').contains(&c));
    }
    !clean.is_empty()
        && clean
            .chars()
            .all(|c| c.is_ascii_digit() || matches!(c, '.' | 'e' | 'E' | '+' | '-'))
        && clean.parse::<f64>().is_ok()
}

/// One item of promtool's expanding notation, as its lexer reads it (checked against promtool 2.42).
fn value_item(item: &str) -> bool {
    if item == "_" || item == "stale" {
        return true;
    }
    if let Some(n) = item.strip_prefix("_x") {
        return digits(n);
    }
    let first = number(item, true);
    if first == 0 {
        return false;
    }
    let rest = &item[first..];
    if rest.is_empty() {
        return true;
    }
    if let Some(n) = rest.strip_prefix('x') {
        return digits(n);
    }
    let Some(step) = rest.strip_prefix(['+', '-']) else {
        return false;
    };
    let len = number(step, false);
    len > 0 && step[len..].strip_prefix('x').is_some_and(digits)
}

fn digits(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit())
}

/// The length of the number at the start of `s` (0 when none): an optional sign, a decimal with an
/// optional exponent, or (with `words`) `Inf`/`NaN` in any case.
fn number(s: &str, words: bool) -> usize {
    let b = s.as_bytes();
    let mut i = 0;
    if words && matches!(b.first(), Some(b'+' | b'-')) {
        i = 1;
    }
    if words {
        let tail = s[i..].to_ascii_lowercase();
        for w in ["inf", "nan"] {
            if tail.starts_with(w) {
                let end = i + 3;
                // The lexer reads letters and digits after it as one identifier (`Infx3`).
                return if b
                    .get(end)
                    .is_some_and(|c| c.is_ascii_alphanumeric() || *c == b'_')
                {
                    0
                } else {
                    end
                };
            }
        }
    }
    let start = i;
    while b.get(i).is_some_and(u8::is_ascii_digit) {
        i += 1;
    }
    let int_digits = i - start;
    let mut frac_digits = 0;
    if b.get(i) == Some(&b'.') {
        i += 1;
        while b.get(i).is_some_and(u8::is_ascii_digit) {
            i += 1;
            frac_digits += 1;
        }
    }
    if int_digits == 0 && frac_digits == 0 {
        return 0;
    }
    if matches!(b.get(i), Some(b'e' | b'E')) {
        let mut j = i + 1;
        if matches!(b.get(j), Some(b'+' | b'-')) {
            j += 1;
        }
        let exp_start = j;
        while b.get(j).is_some_and(u8::is_ascii_digit) {
            j += 1;
        }
        if j == exp_start {
            return 0; // `1e`: promtool cannot parse it
        }
        i = j;
    }
    // A letter or `_` glued to the number (`1_000`, `1f`) is a bad number to promtool.
    if b.get(i)
        .is_some_and(|c| (c.is_ascii_alphanumeric() && *c != b'x') || *c == b'_' || *c == b'.')
    {
        return 0;
    }
    i
}

/// Alert test coverage of one rule file: alerts with a firing test, and all alerts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Coverage {
    pub file: usize,
    pub tested: usize,
    pub alerts: usize,
}

/// For each rule file with alerts: how many of its alert names some test file whose `rule_files`
/// include it tests with a non-empty `exp_alerts`. `resolves(test, rule_file)` says whether a test
/// file's `rule_files` name that rule file.
pub fn coverage(
    documents: &[RuleDocument],
    tests: &[UnitTestFile],
    resolves: impl Fn(&UnitTestFile, usize) -> bool,
) -> Vec<Coverage> {
    let mut files: Vec<usize> = documents.iter().map(|d| d.file).collect();
    files.sort_unstable();
    files.dedup();
    let mut out = Vec::new();
    for file in files {
        let mut names: Vec<&str> = documents
            .iter()
            .filter(|d| d.file == file)
            .flat_map(|d| &d.groups)
            .flat_map(|g| &g.rules)
            .filter(|r| r.kind == RuleKind::Alert)
            .map(|r| r.name.value.as_str())
            .collect();
        names.sort_unstable();
        names.dedup();
        if names.is_empty() {
            continue;
        }
        let covering: Vec<&UnitTestFile> = tests.iter().filter(|t| resolves(t, file)).collect();
        let tested = names
            .iter()
            .filter(|n| {
                covering.iter().any(|t| {
                    t.alert_tests
                        .iter()
                        .any(|a| a.alertname.value == **n && !a.exp_alerts.is_empty())
                })
            })
            .count();
        out.push(Coverage {
            file,
            tested,
            alerts: names.len(),
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn expanding_notation_as_promtool_2_42_reads_it() {
        for ok in [
            "1",
            "1+2x10",
            "_",
            "_x3",
            "stale",
            "1x5",
            "-1-2x3",
            "1e3",
            "Inf",
            "-Inf",
            "NaN",
            "iNf",
            "+nan",
            "1.5+0.5x3",
            "+1",
            "0x5",
            "0x10",
            "1e+3",
            "0.1e-2",
            "NaN+1x3",
            "+Inf",
            "1x03",
            "1+0.5e2x3",
            "Inf+1x2",
            "1e3x2",
            "-1x3",
            ".5",
            "5.",
            "_x0",
            "1-1x3",
        ] {
            assert!(value_item(ok), "{ok}");
        }
        for bad in [
            "0x1f", "1+2", "1x", "x5", "1+2x", "1+2x10s", "1+-2x3", "abc", "1_000", ",", "1+2x3+1",
            "1+2x-3", "0x", "1e", "stalex2", "+", "_+1x3", "1+2x3x4", "0b1", "0o7", "Infx3",
            "1x3.5", "-_", "1+Infx2", "1x1e3", "-", "+_", "1x+3", "1.2.3", "1__2", "STALE", "_X3",
            "1X3", "12x",
        ] {
            assert!(!value_item(bad), "{bad}");
        }
    }

    #[test]
    fn floats_as_yaml_v2_reads_them() {
        for ok in [
            "1e3", ".inf", "-.inf", ".nan", "0x10", "1_000", "1.", "+1", "0o7", "0",
        ] {
            assert!(yaml_float(ok), "{ok}");
        }
        for bad in ["Inf", "NaN", "true", "1e", "abc", "inf", "infinity"] {
            assert!(!yaml_float(bad), "{bad}");
        }
    }
}

/// What one `rule_files` entry names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// An absolute path: where CI mounts the rules, not a path in this repository.
    Absolute,
    /// It climbs out of the scanned tree.
    Outside,
    /// Nothing matches: promtool only warns and runs the tests against no rules.
    Missing,
    /// These files of the run (indexes into the project's files).
    Files(Vec<usize>),
    /// The file exists but this run did not read it (excluded, or not YAML).
    Unread,
}

/// A path with `.` and `..` removed, made absolute from the working directory.
fn normal(path: &std::path::Path) -> Option<std::path::PathBuf> {
    use std::path::Component;
    let absolute = if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir().ok()?.join(path)
    };
    let mut out = std::path::PathBuf::new();
    for c in absolute.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => {
                if !out.pop() {
                    return None;
                }
            }
            other => out.push(other.as_os_str()),
        }
    }
    Some(out)
}

/// Resolves every `rule_files` entry of every test file against the files of the run, as promtool
/// does: relative to the test file's folder, globs with `*` inside one folder.
pub fn resolve_all(
    tests: &[UnitTestFile],
    files: &[crate::source::SourceFile],
) -> Vec<Vec<Target>> {
    let paths: Vec<Option<std::path::PathBuf>> =
        files.iter().map(|f| normal(&f.disk_path)).collect();
    tests
        .iter()
        .map(|test| {
            let Some(base) = files
                .get(test.file)
                .and_then(|f| f.disk_path.parent().map(std::path::Path::to_path_buf))
            else {
                return Vec::new();
            };
            test.rule_files
                .iter()
                .map(|entry| resolve_one(&base, &entry.value, &paths))
                .collect()
        })
        .collect()
}

fn resolve_one(
    base: &std::path::Path,
    pattern: &str,
    paths: &[Option<std::path::PathBuf>],
) -> Target {
    if pattern.is_empty() {
        return Target::Missing;
    }
    if std::path::Path::new(pattern).is_absolute() {
        return Target::Absolute;
    }
    let Some(joined) = normal(&base.join(pattern)) else {
        return Target::Outside;
    };
    let is_glob = pattern.contains(['*', '?', '[']);
    let matched: Vec<usize> = if is_glob {
        let Ok(glob) = globset::GlobBuilder::new(&joined.to_string_lossy())
            .literal_separator(true)
            .build()
        else {
            return Target::Missing;
        };
        let glob = glob.compile_matcher();
        paths
            .iter()
            .enumerate()
            .filter(|(_, p)| p.as_ref().is_some_and(|p| glob.is_match(p)))
            .map(|(i, _)| i)
            .collect()
    } else {
        paths
            .iter()
            .enumerate()
            .filter(|(_, p)| p.as_ref() == Some(&joined))
            .map(|(i, _)| i)
            .collect()
    };
    if !matched.is_empty() {
        Target::Files(matched)
    } else if !is_glob && joined.exists() {
        Target::Unread
    } else {
        Target::Missing
    }
}
