//! Span names with `{placeholders}`: a registry may describe `GET /orders/{id}` or `{db.operation}
//! {db.collection}`, and code names spans with literals. A placeholder matches any non-empty run of
//! characters.

/// One piece of a span-name pattern.
#[derive(Debug, PartialEq, Eq)]
enum Piece<'a> {
    Text(&'a str),
    Hole,
}

/// Splits a pattern; None when a brace is unbalanced or a placeholder is empty.
fn pieces(pattern: &str) -> Option<Vec<Piece<'_>>> {
    let mut out = Vec::new();
    let mut rest = pattern;
    while !rest.is_empty() {
        match rest.find(['{', '}']) {
            None => {
                out.push(Piece::Text(rest));
                break;
            }
            Some(i) if rest[i..].starts_with('}') => return None,
            Some(i) => {
                if i > 0 {
                    out.push(Piece::Text(&rest[..i]));
                }
                let after = &rest[i + 1..];
                let close = after.find(['{', '}'])?;
                if !after[close..].starts_with('}') || close == 0 {
                    return None;
                }
                out.push(Piece::Hole);
                rest = &after[close + 1..];
            }
        }
    }
    Some(out)
}

/// Whether a span name has placeholders (and so is matched as a pattern).
pub fn is_pattern(name: &str) -> bool {
    name.contains('{') || name.contains('}')
}

/// Why a span-name pattern cannot match anything, for TRC000.
pub fn problem(pattern: &str) -> Option<&'static str> {
    if pattern.trim().is_empty() {
        return Some("the span name is empty");
    }
    if pieces(pattern).is_none() {
        return Some("a `{placeholder}` is unbalanced or empty");
    }
    None
}

/// Whether a literal span name matches a pattern; a pattern without placeholders matches itself only.
pub fn matches(pattern: &str, literal: &str) -> bool {
    let Some(pieces) = pieces(pattern) else {
        return pattern == literal;
    };
    // reachable[i]: the pieces so far can consume exactly the first i characters of the literal.
    let chars: Vec<(usize, char)> = literal.char_indices().collect();
    let n = chars.len();
    let byte_at = |i: usize| chars.get(i).map_or(literal.len(), |&(b, _)| b);
    let mut reachable = vec![false; n + 1];
    reachable[0] = true;
    for piece in &pieces {
        let mut next = vec![false; n + 1];
        match piece {
            Piece::Text(text) => {
                for i in (0..=n).filter(|&i| reachable[i]) {
                    if literal[byte_at(i)..].starts_with(text) {
                        let end = byte_at(i) + text.len();
                        if let Ok(j) = chars.binary_search_by_key(&end, |&(b, _)| b) {
                            next[j] = true;
                        } else if end == literal.len() {
                            next[n] = true;
                        }
                    }
                }
            }
            Piece::Hole => {
                // Any non-empty run: every position after the first reachable one.
                if let Some(first) = (0..=n).find(|&i| reachable[i]) {
                    for slot in next.iter_mut().skip(first + 1) {
                        *slot = true;
                    }
                }
            }
        }
        reachable = next;
    }
    reachable[n]
}

/// How specific a pattern is: literal characters outside placeholders. The most specific match wins.
pub fn specificity(pattern: &str) -> usize {
    pieces(pattern).map_or(0, |p| {
        p.iter()
            .map(|piece| match piece {
                Piece::Text(t) => t.chars().count(),
                Piece::Hole => 0,
            })
            .sum()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_match_non_empty_runs() {
        assert!(matches("GET /orders/{id}", "GET /orders/42"));
        assert!(matches("GET /orders/{id}", "GET /orders/a/b"));
        assert!(!matches("GET /orders/{id}", "GET /orders/"));
        assert!(matches("{op} {table}", "SELECT orders"));
        assert!(!matches("{op} {table}", "SELECT"));
        assert!(matches("{a}{b}", "xy") && !matches("{a}{b}", "x"));
        assert!(matches("checkout.charge", "checkout.charge"));
        assert!(!matches("checkout.charge", "checkout.charges"));
        assert!(matches("é/{x}/ü", "é/ß/ü"));
        assert!(!matches("a{x}b", "ab"));
        assert!(matches("a{x}a", "aaa") && !matches("a{x}a", "aa"));
    }

    #[test]
    fn bad_patterns_are_named_and_match_only_themselves() {
        for bad in ["a{", "a}", "{}", "{a{b}}", " "] {
            assert!(problem(bad).is_some(), "{bad}");
        }
        assert!(problem("GET /orders/{id}").is_none());
        assert!(matches("a{", "a{") && !matches("a{", "ab"));
        assert_eq!(specificity("GET /orders/{id}"), 12);
    }
}
