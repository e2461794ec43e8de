//! Loading YAML safely: every document of a file into spanned trees, with budgets that turn alias
//! bombs, deep nesting and node floods into a located error instead of a crash or a hang.

use super::node::{Node, Value};
use std::ops::Range;

/// Stack a thread needs to parse the deepest YAML the budget admits. saphyr's deserializer recurses per
/// nesting level (about 30 KiB a level in debug builds), so parsing must run on threads given this much.
pub const PARSE_STACK_BYTES: usize = 64 * 1024 * 1024;

/// Why a file could not be read as YAML, and where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct YamlError {
    pub span: Range<usize>,
    pub message: String,
}

fn options() -> serde_saphyr::Options {
    let mut budget = serde_saphyr::Budget::default();
    // Big enough for promtool's own 10,002-rule test file many times over; small enough to stop floods.
    budget.max_nodes = 4_000_000;
    budget.max_events = 8_000_000;
    budget.max_documents = 10_000;
    // Nesting in real rule files is under 10 levels; 64 keeps our recursive tree walk far from the stack limit.
    budget.max_depth = 64;
    let mut options = serde_saphyr::Options::default();
    options.budget = Some(budget);
    options.with_snippet = false;
    options
}

/// Parses every document in `text`. Empty documents come back as `Value::Null` nodes.
pub fn load_documents(text: &str) -> Result<Vec<Node>, YamlError> {
    match serde_saphyr::from_multiple_with_options::<Option<Node>>(text, options()) {
        Ok(docs) => Ok(docs
            .into_iter()
            .map(|doc| {
                let mut node = doc.unwrap_or(Node {
                    value: Value::Null,
                    span: 0..0,
                });
                keep_plain_spelling(&mut node, text);
                node
            })
            .collect()),
        Err(err) => Err(to_yaml_error(&err, text)),
    }
}

fn to_yaml_error(err: &serde_saphyr::Error, text: &str) -> YamlError {
    let location = err.location();
    // Scanner errors carry a line and column but no byte offset.
    let offset = location
        .and_then(|loc| loc.span().byte_offset().map(|o| o as usize))
        .or_else(|| location.map(|loc| offset_of(text, loc.line() as usize, loc.column() as usize)))
        .filter(|&offset| offset <= text.len() && text.is_char_boundary(offset))
        .unwrap_or(0);
    let mut message = clean_message(&err.to_string());
    // "found a tab" is reported where the scalar before it ends; point at the tab itself.
    let offset = if message.contains("found a tab") {
        text[offset..].find('\t').map_or(offset, |i| offset + i)
    } else {
        offset
    };
    let lower = message.to_lowercase();
    if lower.contains("recursion") || lower.contains("depth") {
        message = format!("nesting is too deep ({message})");
    }
    YamlError {
        span: offset..char_end(text, offset),
        message,
    }
}

/// Byte offset of a 1-based line and character column (clamped to the line).
fn offset_of(text: &str, line: usize, column: usize) -> usize {
    let line_start = if line <= 1 {
        0
    } else {
        text.match_indices('\n')
            .nth(line - 2)
            .map_or(text.len(), |(i, _)| i + 1)
    };
    let line_text = &text[line_start..];
    let line_len = line_text.find('\n').unwrap_or(line_text.len());
    line_start
        + line_text[..line_len]
            .char_indices()
            .nth(column.saturating_sub(1))
            .map_or(line_len, |(i, _)| i)
}

/// One character from `offset`, so the caret has something to point at.
fn char_end(text: &str, offset: usize) -> usize {
    text[offset..]
        .chars()
        .next()
        .map_or(offset, |c| offset + c.len_utf8())
}

/// saphyr appends " at line X column Y" to messages; we print positions ourselves.
fn clean_message(message: &str) -> String {
    let first_line = message.lines().next().unwrap_or(message).trim();
    let cut = first_line
        .find(" at line ")
        .map_or(first_line, |i| &first_line[..i]);
    cut.trim_end_matches(':').trim().to_string()
}

/// Numbers and plain words keep the spelling they have in the file (`1.0` stays `1.0`), as Prometheus
/// reads them into strings.
fn keep_plain_spelling(node: &mut Node, text: &str) {
    match &mut node.value {
        Value::Scalar(s) => {
            if let Some(raw) = text.get(node.span.clone()) {
                let plain = !raw.is_empty()
                    && !raw.contains('\n')
                    && !raw.starts_with(['\'', '"', '|', '>', '*', '&', '!', '<']);
                if plain && raw != s && raw.trim() == raw {
                    *s = raw.to_string();
                }
            }
        }
        Value::Seq(items) => items.iter_mut().for_each(|n| keep_plain_spelling(n, text)),
        Value::Map(entries) => entries.iter_mut().for_each(|(k, v)| {
            keep_plain_spelling(k, text);
            keep_plain_spelling(v, text);
        }),
        Value::Null | Value::Bool(_) => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn slice<'a>(text: &'a str, n: &Node) -> &'a str {
        &text[n.span.clone()]
    }

    #[test]
    fn spans_point_at_keys_and_values() {
        let text = "groups:\n  - name: a\n    rules:\n      - alert: X\n        expr: up == 0\n";
        let docs = load_documents(text).unwrap();
        let group = &docs[0].get("groups").unwrap().as_seq().unwrap()[0];
        let rule = &group.get("rules").unwrap().as_seq().unwrap()[0];
        let (k, v) = rule.entry("expr").unwrap();
        assert_eq!(slice(text, k), "expr");
        assert_eq!(slice(text, v), "up == 0");
        assert_eq!(v.as_str(), Some("up == 0"));
    }

    #[test]
    fn numbers_keep_their_spelling() {
        let docs = load_documents("expr: 1.0\nfor: 0x1f\n").unwrap();
        assert_eq!(docs[0].get("expr").unwrap().as_str(), Some("1.0"));
    }

    #[test]
    fn multi_document_files_give_every_document() {
        let text = "kind: A\n---\n---\nkind: B\n";
        let docs = load_documents(text).unwrap();
        let kinds: Vec<_> = docs
            .iter()
            .filter_map(|d| d.get("kind")?.as_str())
            .collect();
        assert_eq!(kinds, ["A", "B"]);
        assert_eq!(
            &text[docs.last().unwrap().get("kind").unwrap().span.clone()],
            "B"
        );
    }

    #[test]
    fn duplicate_keys_are_located_errors() {
        let text = "a: 1\nb: 2\na: 3\n";
        let err = load_documents(text).unwrap_err();
        assert!(
            err.message.to_lowercase().contains("duplicate"),
            "{}",
            err.message
        );
        assert_eq!(err.span.start, 10, "{err:?}");
    }

    #[test]
    fn alias_bomb_is_refused() {
        let mut text = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
        for i in 1..10 {
            let p = i - 1;
            text.push_str(&format!(
                "a{i}: &a{i} [*a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}]\n"
            ));
        }
        assert!(load_documents(&text).is_err());
    }

    #[test]
    fn deep_nesting_is_refused() {
        // The runner parses on threads with PARSE_STACK_BYTES of stack; so does this test.
        let run = || {
            let flow = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
            let flow_err = load_documents(&flow).unwrap_err();
            let block = (0..2_000)
                .map(|i| format!("{}k:\n", " ".repeat(i)))
                .collect::<String>();
            let block_err = load_documents(&block).unwrap_err();
            (flow_err, block_err)
        };
        let (flow_err, block_err) = std::thread::Builder::new()
            .stack_size(PARSE_STACK_BYTES)
            .spawn(run)
            .unwrap()
            .join()
            .unwrap();
        assert!(flow_err.message.contains("nesting"), "{flow_err:?}");
        assert!(block_err.message.contains("nesting"), "{block_err:?}");
        assert!(block_err.span.start > 0, "{block_err:?}");
    }
}
