//! Finding things in an expression's text, since promql-parser's AST has no positions: our lexer's tokens
//! are matched against what the AST says (the n-th `rate(...[..])`, say), then mapped to the file.

use super::lexer::{self, Token, TokenKind};
use crate::source::SourceFile;
use crate::source::Str;
use crate::yaml::scalar_map;
use std::ops::Range;

/// The file span of something found in an expression's decoded text; the expression's first line when
/// `find` finds nothing.
pub fn in_expression(
    file: &SourceFile,
    expr: &Str,
    find: impl FnOnce(&str) -> Option<Range<usize>>,
) -> Range<usize> {
    match find(&expr.value) {
        Some(range) => scalar_map::locate(&file.text, &expr.span, &expr.value, range),
        None => crate::source::first_line(&file.text, &expr.span),
    }
}

/// Where a promql-parser error points, in the expression text.
pub fn error_span(expr: &str, message: &str) -> Option<Range<usize>> {
    super::errors::locate_error(expr, message)
}

fn code_tokens(expr: &str) -> Vec<Token> {
    lexer::tokenize(expr)
        .into_iter()
        .filter(|t| t.kind != TokenKind::Comment)
        .collect()
}

/// For every call of `func` whose argument is a range selector (not a subquery), in source order: the
/// selector's name token and its `[range]`.
fn calls_with_range(expr: &str, func: &str) -> Vec<(Option<Range<usize>>, Range<usize>)> {
    let tokens = code_tokens(expr);
    let mut out = Vec::new();
    for (i, t) in tokens.iter().enumerate() {
        let is_call = t.kind == TokenKind::Ident
            && expr.get(t.span.clone()) == Some(func)
            && tokens
                .get(i + 1)
                .is_some_and(|n| n.kind == TokenKind::LeftParen);
        if !is_call {
            continue;
        }
        // Walk the call's arguments at depth 1, looking for `name{...}[range]`.
        let mut depth = 0usize;
        let mut last_name = None;
        let mut j = i + 1;
        while let Some(tok) = tokens.get(j) {
            match tok.kind {
                TokenKind::LeftParen | TokenKind::LeftBrace => depth += 1,
                TokenKind::RightParen | TokenKind::RightBrace => {
                    depth = depth.saturating_sub(1);
                    if depth == 0 {
                        break;
                    }
                }
                TokenKind::Ident if depth == 1 => last_name = Some(tok.span.clone()),
                TokenKind::LeftBracket if depth == 1 => {
                    let close = tokens[j..]
                        .iter()
                        .position(|t| t.kind == TokenKind::RightBracket)
                        .map(|k| j + k);
                    let Some(close) = close else { break };
                    let subquery = tokens[j..close].iter().any(|t| t.kind == TokenKind::Colon);
                    if !subquery {
                        out.push((last_name.clone(), tok.span.start..tokens[close].span.end));
                    }
                    break;
                }
                _ => {}
            }
            j += 1;
        }
    }
    out
}

/// The `[range]` of the `nth` call of `func` over a range selector.
pub fn range_of_call(expr: &str, func: &str, nth: usize) -> Option<Range<usize>> {
    calls_with_range(expr, func)
        .into_iter()
        .nth(nth)
        .map(|(_, range)| range)
}

/// The series name of the `nth` call of `func` over a range selector.
pub fn selector_of_call(expr: &str, func: &str, nth: usize) -> Option<Range<usize>> {
    calls_with_range(expr, func)
        .into_iter()
        .nth(nth)
        .and_then(|(name, _)| name)
}

/// The first token of the expression (comments skipped): where "the whole expression" findings point.
pub fn first_token(expr: &str) -> Option<Range<usize>> {
    code_tokens(expr).first().map(|t| t.span.clone())
}

/// The `nth` use of a series name as a selector (an identifier not followed by `(`, so not a function).
pub fn series_name(expr: &str, name: &str, nth: usize) -> Option<Range<usize>> {
    let tokens = code_tokens(expr);
    tokens
        .iter()
        .enumerate()
        .filter(|(i, t)| {
            t.kind == TokenKind::Ident
                && t.text(expr) == name
                && tokens
                    .get(i + 1)
                    .is_none_or(|n| n.kind != TokenKind::LeftParen)
        })
        .nth(nth)
        .map(|(_, t)| t.span.clone())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_ranges_and_selectors_in_order() {
        let e = "sum(rate(a_total{x=\"[1m]\"}[5m])) / rate(b[1m]) + rate(c[5m:1m]) + rate(d[2m])";
        assert_eq!(&e[range_of_call(e, "rate", 0).unwrap()], "[5m]");
        assert_eq!(&e[range_of_call(e, "rate", 1).unwrap()], "[1m]");
        assert_eq!(&e[range_of_call(e, "rate", 2).unwrap()], "[2m]");
        assert_eq!(&e[selector_of_call(e, "rate", 1).unwrap()], "b");
        assert_eq!(&e[selector_of_call(e, "rate", 0).unwrap()], "a_total");
        assert_eq!(first_token("# c\n  up == 0").map(|r| r.start), Some(6));
    }
}
