//! Maps a position inside a scalar's decoded value back to the file.
//!
//! A PromQL error on the third line of an `expr: |` block, or a template error inside a double-quoted
//! annotation, must be reported at its real line and column. The parser gives us the decoded value and the
//! byte span of the scalar in the file; we align the two, character by character. Decoding only ever drops
//! indentation, folds line breaks and whitespace, collapses `''` and turns escapes into one character, so a
//! greedy walk that skips what decoding dropped finds each character's origin.

use std::ops::Range;

/// Byte range in the file of `range` (byte offsets into `decoded`), where `decoded` is the value of the
/// scalar at `node_span` in `file_text`. Falls back to the scalar's first character when the two cannot be
/// aligned (an alias `*a`, say, whose span is the alias rather than the value).
pub fn locate(
    file_text: &str,
    node_span: &Range<usize>,
    decoded: &str,
    range: Range<usize>,
) -> Range<usize> {
    let offsets = align(file_text, node_span, decoded);
    let fallback = node_span.start..node_span.start + first_char_len(file_text, node_span.start);
    let Some(offsets) = offsets else {
        return fallback;
    };
    let start_idx = decoded_char_index(decoded, range.start);
    let Some(&start) = offsets.get(start_idx) else {
        // An empty range at the very end: just past the last character.
        return match offsets.last() {
            Some(&last) => {
                let end = last + first_char_len(file_text, last);
                end..end
            }
            None => fallback,
        };
    };
    if range.end <= range.start {
        return start..start;
    }
    let last_idx = decoded_char_index(decoded, range.end)
        .saturating_sub(1)
        .max(start_idx);
    let last = offsets.get(last_idx).copied().unwrap_or(start).max(start);
    start..last + first_char_len(file_text, last)
}

/// The scalar's value position per decoded character, or None when they do not line up.
fn align(file_text: &str, node_span: &Range<usize>, decoded: &str) -> Option<Vec<usize>> {
    let raw = file_text.get(node_span.clone())?;
    let quote = raw.chars().next().filter(|c| *c == '\'' || *c == '"');
    let body_start = node_span.start + quote.map_or(0, char::len_utf8);
    let src: Vec<(usize, char)> = file_text
        .get(body_start..node_span.end)?
        .char_indices()
        .map(|(i, c)| (body_start + i, c))
        .collect();

    let mut out = Vec::with_capacity(decoded.len());
    let mut p = 0;
    for c in decoded.chars() {
        loop {
            let &(pos, s) = src.get(p)?;
            if s == c {
                out.push(pos);
                p += 1;
                break;
            }
            if quote == Some('"') && s == '\\' {
                out.push(pos);
                p += escape_len(&src[p..]);
                break;
            }
            if c.is_whitespace() && s.is_whitespace() {
                // A folded line break becomes a space (or stays a newline): map it to the break itself.
                out.push(pos);
                p += 1;
                break;
            }
            if s.is_whitespace() || (quote == Some('\'') && s == '\'') {
                // Indentation, folding or the second quote of `''`: dropped by decoding.
                p += 1;
                continue;
            }
            return None;
        }
    }
    Some(out)
}

/// Characters a double-quoted escape takes in the source: `\t` 2, `\x41` 4, `\u0041` 6, `\U0001F600` 10.
fn escape_len(rest: &[(usize, char)]) -> usize {
    match rest.get(1).map(|(_, c)| *c) {
        Some('x') => 4,
        Some('u') => 6,
        Some('U') => 10,
        _ => 2,
    }
}

fn decoded_char_index(decoded: &str, byte: usize) -> usize {
    decoded.get(..byte.min(decoded.len())).map_or_else(
        || {
            decoded
                .char_indices()
                .take_while(|(i, _)| *i < byte)
                .count()
        },
        |s| s.chars().count(),
    )
}

fn first_char_len(text: &str, offset: usize) -> usize {
    text.get(offset..)
        .and_then(|s| s.chars().next())
        .map_or(0, char::len_utf8)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::yaml::load::load_documents;

    /// Locates `needle` in the decoded value of key `key` and returns the file text there.
    fn find(text: &str, key: &str, needle: &str) -> String {
        let docs = load_documents(text).unwrap();
        let node = docs[0].get(key).unwrap();
        let value = node.as_str().unwrap();
        let at = value.find(needle).unwrap();
        let span = locate(text, &node.span, value, at..at + needle.len());
        text[span].to_string()
    }

    #[test]
    fn literal_block_lines_map_to_their_own_lines() {
        let text = "expr: |\n  sum(rate(a[5m]))\n  /\n  sum(rate(b[1m]))\n";
        assert_eq!(find(text, "expr", "b[1m]"), "b[1m]");
        let docs = load_documents(text).unwrap();
        let node = docs[0].get("expr").unwrap();
        let value = node.as_str().unwrap();
        let at = value.find("[1m]").unwrap();
        let span = locate(text, &node.span, value, at..at + 4);
        assert_eq!(span.start, text.find("[1m]").unwrap());
    }

    #[test]
    fn folded_block_and_plain_multiline() {
        let text = "expr: >-\n  sum(x)\n  > 5\nb: plain\n  continued here\n";
        assert_eq!(find(text, "expr", "> 5"), "> 5");
        assert_eq!(find(text, "b", "continued"), "continued");
        // The folded line break maps to the break in the file.
        assert_eq!(find(text, "expr", ") >"), ")\n  >");
    }

    #[test]
    fn quoted_scalars_with_escapes_and_doubled_quotes() {
        let text = "a: \"x\\ty {{ $label.foo }}\"\nb: 'it''s {{ bad }}'\n";
        assert_eq!(find(text, "a", "$label"), "$label");
        assert_eq!(find(text, "a", "\ty"), "\\ty");
        assert_eq!(find(text, "b", "bad"), "bad");
    }

    #[test]
    fn alias_falls_back_to_the_alias() {
        let text = "a: &x foo bar\nb: *x\n";
        let docs = load_documents(text).unwrap();
        let node = docs[0].get("b").unwrap();
        let span = locate(text, &node.span, "foo bar", 4..7);
        assert_eq!(&text[span], "*");
    }
}
