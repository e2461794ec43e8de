//! Loading YAML safely: every document of a file into spanned trees, with budgets that turn alias
//! bombs, deep nesting and node floods into a located error instead of a crash or a hang.

use super::node::{Node, Value};
use serde_saphyr::granit_parser::{self, Event, ScalarStyle};
use std::collections::HashMap;
use std::ops::Range;

/// Stack a thread should have to parse and walk the deepest YAML we admit. Building the tree is
/// iterative, but dropping it and converting it for the schema recurse once per level.
pub const PARSE_STACK_BYTES: usize = 64 * 1024 * 1024;

/// Deeper than any real rule file (they nest under 10 levels).
pub const MAX_DEPTH: usize = 128;
/// Nodes a file may expand to, aliases included: stops alias bombs ("billion laughs") early.
pub const MAX_NODES: usize = 4_000_000;

/// Why a file could not be read as YAML, and where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct YamlError {
    pub span: Range<usize>,
    pub message: String,
}

/// A collection being built.
enum Frame {
    Seq {
        items: Vec<Node>,
        start: usize,
        anchor: usize,
    },
    Map {
        entries: Vec<(Node, Node)>,
        key: Option<Node>,
        /// `<<: *base` values, applied at the end so explicit keys win whatever their order.
        merges: Vec<Node>,
        start: usize,
        anchor: usize,
    },
}

/// Parses every document in `text` into spanned trees.
///
/// Built from the event stream of serde-saphyr's parser (granit) rather than through its serde
/// deserializer, which alone costs more than our whole time budget on large files. The protections
/// the deserializer gave are kept here: duplicate keys, nesting depth and alias expansion are bounded
/// and reported at their position.
pub fn load_documents(text: &str) -> Result<Vec<Node>, YamlError> {
    let mut options = granit_parser::Options::default();
    options.flow_nesting_limit = MAX_DEPTH;
    options.block_nesting_limit = MAX_DEPTH;
    let parser = granit_parser::Parser::new_from_str_with_options(text, options);
    let mut docs = Vec::new();
    let mut stack: Vec<Frame> = Vec::new();
    // Anchored nodes with their size, for aliases.
    let mut anchors: HashMap<usize, (Node, usize)> = HashMap::new();
    let mut nodes = 0usize;
    for event in parser {
        let (event, span) = event.map_err(|e| scan_error(&e, text))?;
        let start = byte(&span.start, text);
        let end = byte(&span.end, text).max(start);
        let finished = match event {
            Event::Scalar(value, style, anchor, tag) => {
                nodes += 1;
                let value = scalar_value(value, style, tag.is_some());
                let node = Node {
                    value,
                    span: start..end,
                };
                remember(&mut anchors, anchor, &node);
                Some(node)
            }
            Event::Alias(id) => {
                let Some((target, size)) = anchors.get(&id) else {
                    return Err(error(start..end, text, "alias to an unknown anchor"));
                };
                nodes += size;
                if nodes > MAX_NODES {
                    return Err(error(
                        start..end,
                        text,
                        "aliases expand to too many nodes (an alias bomb?)",
                    ));
                }
                Some(Node {
                    value: target.value.clone(),
                    span: start..end,
                })
            }
            Event::SequenceStart(_, anchor, _) | Event::MappingStart(_, anchor, _) => {
                if stack.len() >= MAX_DEPTH {
                    return Err(error(
                        start..end,
                        text,
                        &format!("nesting is too deep (more than {MAX_DEPTH} levels)"),
                    ));
                }
                nodes += 1;
                stack.push(if matches!(event, Event::SequenceStart(..)) {
                    Frame::Seq {
                        items: Vec::new(),
                        start,
                        anchor,
                    }
                } else {
                    Frame::Map {
                        entries: Vec::new(),
                        key: None,
                        merges: Vec::new(),
                        start,
                        anchor,
                    }
                });
                None
            }
            Event::SequenceEnd | Event::MappingEnd => match stack.pop() {
                Some(Frame::Seq {
                    items,
                    start,
                    anchor,
                }) => {
                    let node = Node {
                        value: Value::Seq(items),
                        span: start..end,
                    };
                    remember(&mut anchors, anchor, &node);
                    Some(node)
                }
                Some(Frame::Map {
                    mut entries,
                    merges,
                    start,
                    anchor,
                    ..
                }) => {
                    apply_merges(&mut entries, merges);
                    let node = Node {
                        value: Value::Map(entries),
                        span: start..end,
                    };
                    remember(&mut anchors, anchor, &node);
                    Some(node)
                }
                None => None,
            },
            _ => None,
        };
        if nodes > MAX_NODES {
            return Err(error(start..end, text, "the document has too many nodes"));
        }
        if let Some(node) = finished {
            attach(node, &mut stack, &mut docs, text)?;
        }
    }
    Ok(docs)
}

fn remember(anchors: &mut HashMap<usize, (Node, usize)>, anchor: usize, node: &Node) {
    if anchor != 0 {
        anchors.insert(anchor, (node.clone(), count(node)));
    }
}

/// Nodes in a tree, to charge an alias its full expansion.
fn count(node: &Node) -> usize {
    match &node.value {
        Value::Seq(items) => 1 + items.iter().map(count).sum::<usize>(),
        Value::Map(entries) => {
            1 + entries
                .iter()
                .map(|(k, v)| count(k) + count(v))
                .sum::<usize>()
        }
        _ => 1,
    }
}

/// Hands a finished node to its parent: a sequence item, a mapping key or value, or a document.
fn attach(
    node: Node,
    stack: &mut [Frame],
    docs: &mut Vec<Node>,
    text: &str,
) -> Result<(), YamlError> {
    match stack.last_mut() {
        None => docs.push(node),
        Some(Frame::Seq { items, .. }) => items.push(node),
        Some(Frame::Map {
            entries,
            key,
            merges,
            ..
        }) => match key.take() {
            None => {
                if let Some(name) = node.as_str() {
                    if entries.iter().any(|(k, _)| k.as_str() == Some(name)) {
                        return Err(error(
                            node.span.clone(),
                            text,
                            &format!("duplicate key `{name}`"),
                        ));
                    }
                }
                *key = Some(node);
            }
            Some(k) if k.as_str() == Some("<<") && text.get(k.span.clone()) == Some("<<") => {
                merges.push(node)
            }
            Some(k) => entries.push((k, node)),
        },
    }
    Ok(())
}

/// YAML merge keys: entries of the merged mappings that the mapping does not set itself.
fn apply_merges(entries: &mut Vec<(Node, Node)>, merges: Vec<Node>) {
    for merged in merges {
        let sources: Vec<Node> = match merged.value {
            Value::Map(_) => vec![merged],
            Value::Seq(items) => items,
            _ => Vec::new(),
        };
        for source in sources {
            if let Value::Map(more) = source.value {
                for (k, v) in more {
                    if !entries
                        .iter()
                        .any(|(e, _)| e.as_str().is_some() && e.as_str() == k.as_str())
                    {
                        entries.push((k, v));
                    }
                }
            }
        }
    }
}

/// Resolves a scalar as Prometheus's YAML library reads it into strings: plain `null`/`~`/empty is
/// null, plain `true`/`false` is a boolean, everything else is text with its spelling kept (`1.0`).
fn scalar_value(value: std::borrow::Cow<'_, str>, style: ScalarStyle, tagged: bool) -> Value {
    if style != ScalarStyle::Plain || tagged {
        return Value::Scalar(value.into_owned());
    }
    match value.as_ref() {
        "" | "~" | "null" | "Null" | "NULL" => Value::Null,
        "true" | "True" | "TRUE" => Value::Bool(true),
        "false" | "False" | "FALSE" => Value::Bool(false),
        _ => Value::Scalar(value.into_owned()),
    }
}

fn byte(marker: &granit_parser::Marker, text: &str) -> usize {
    marker
        .byte_offset()
        .unwrap_or_else(|| offset_of(text, marker.line(), marker.col() + 1))
        .min(text.len())
}

fn error(span: Range<usize>, text: &str, message: &str) -> YamlError {
    let start = span.start.min(text.len());
    let end = if span.end > start {
        span.end.min(text.len())
    } else {
        char_end(text, start)
    };
    YamlError {
        span: start..end,
        message: message.to_string(),
    }
}

fn scan_error(err: &granit_parser::ScanError, text: &str) -> YamlError {
    let offset = byte(err.marker(), text);
    let offset = if text.is_char_boundary(offset) {
        offset
    } else {
        0
    };
    let mut message = err.info();
    if message.is_empty() {
        message = "invalid YAML".into();
    }
    // "found a tab" is reported where the scalar before it ends; point at the tab itself.
    let offset = if message.contains("found a tab") {
        text[offset..].find('\t').map_or(offset, |i| offset + i)
    } else {
        offset
    };
    let lower = message.to_lowercase();
    if (lower.contains("nesting") || lower.contains("recursion") || lower.contains("depth"))
        && !lower.contains("too deep")
    {
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
    text.get(offset..)
        .and_then(|s| s.chars().next())
        .map_or(offset, |c| offset + c.len_utf8())
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
