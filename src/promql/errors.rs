//! A mapping from promql-parser error strings to the byte range of the token they are about.
//! [`locate_error`] recognises the family of an error message and finds its token among the tokens of
//! `lexer.rs`, with the events of the shadow parser (`shadow.rs`) for messages that name none.
//!
//! # Message families of promql-parser 0.11.1 and how they are located
//!
//! No message carries a position. promql-parser's lexer stops at its first error, and the grammar
//! actions and `check_ast` (ast.rs) report the first failing construct bottom-up, which is the
//! order the shadow parser records events in.
//!
//! | source | message (`X` = text quoted in the message) | located at |
//! |---|---|---|
//! | lex.rs | `unclosed left parenthesis` | innermost `(` never closed |
//! | lex.rs | `unexpected end of input inside braces` / `... brackets` | innermost unclosed `{` / `[` |
//! | lex.rs | `unexpected character: 'c'`, `... inside braces: 'c'`, `... inside brackets: 'c'`, `unexpected character after '.'/'!'/'=': 'c'`, `'!' can not be at the end`, `unexpected right parenthesis/brace/bracket`, `unexpected left brace '{'/'['`, `unexpected second colon(:) in brackets`, `expect duration before first colon(:) in brackets` | first non-string `Error` token (tokenize marks what the lexer rejects) |
//! | lex.rs | `bad number or duration syntax: X` | the `Error` token whose text is `X` |
//! | lex.rs | `unterminated quoted string Q`, `escape sequence not terminated` | the `Error` string token opened by `Q` |
//! | lex.rs | `unknown escape sequence 'c'` | the two characters `\c` |
//! | util/string.rs | `invalid syntax` (unquote: bad `\x`/`\u`/octal escape, newline in string) | the `Error` string token |
//! | util/number.rs | `ParseFloatError. X can't be parsed into f64/i64` | number token `X` |
//! | util/duration.rs | `not a valid duration string: X` / `duration must be greater than 0` | duration token `X` / first all-zero duration |
//! | promql.y | `invalid promql query` (any grammar error; the parser drops its details) | token where the shadow parser fails; at end of input, the last token |
//! | promql.y | `no expression found in input` | nothing (None) |
//! | promql.y | `unknown function with name 'X'` | function name `X` |
//! | promql.y | `trailing commas not allowed in function call args` | the `,` before `)` |
//! | promql.y | `unexpected end of input in offset, expected duration` / `... in @, expected timestamp` | last `offset` / `@` |
//! | promql.y | `missing unit character in duration` (`x[]`) | `[]` |
//! | promql.y | `unexpected ',' in label matching, ...` | the `,` after `{` |
//! | promql.y | `unexpected 'X' in label matching, expected string` | second match operator `X` |
//! | promql.y | `unexpected identifier 'X' in label matching, expected string` | identifier `X` after the operator |
//! | promql.y | `invalid label matcher, expected label matching operator after 'X'` | label name `X` |
//! | promql.y | `X is not valid label in grouping opts` | label `X` in `by (...)` etc. |
//! | promql.y | `unexpected <group_left>` / `<group_right>` | `group_left`/`group_right` without `on`/`ignoring` |
//! | promql.y | `Number expected for fill value` | first `fill*` keyword |
//! | ast.rs | `expected type T in call to function 'F', got A` | the argument of `F(...)` whose slot expects `T` and whose type is `A` |
//! | ast.rs | `expected [at least / at most] N argument(s) in call to 'F', got M` | name of the call `F` with `M` arguments |
//! | ast.rs | `expected type T in aggregation expression, got A` | aggregated expression (`T` = vector) or parameter of topk/bottomk/quantile/count_values |
//! | ast.rs | `no arguments for aggregate expression 'X' provided`, `wrong number of arguments for aggregate expression provided, expected N, got M` | aggregation keyword |
//! | ast.rs | `bool modifier can only be used on comparison operators` | the `bool` |
//! | ast.rs | `comparisons between scalars must use BOOL modifier` | the comparison operator |
//! | ast.rs | `label 'X' must not occur in ON and GROUP clause at once` | `X` in the `group_left(...)` list |
//! | ast.rs | `set operator 'X' not allowed in binary scalar expression` | operator `X` |
//! | ast.rs | `no grouping allowed for 'X' operation` | the `group_left`/`group_right` |
//! | ast.rs | `binary expression must contain only scalar and instant vector types` | the operator with a string or range operand |
//! | ast.rs | `vector matching only allowed between vectors` | the `on`/`ignoring` |
//! | ast.rs | `unary expression only allowed on expressions of type scalar or vector, got[:] T` | the unary `-` |
//! | ast.rs | `ranges only allowed for vector selectors` / `subquery is only allowed on vector, got T instead` | the `[...]` |
//! | ast.rs | `no offset modifiers allowed before range` / `no @ modifiers allowed before range` | the `offset` / `@` |
//! | ast.rs | `offset may not be set multiple times` / `@ <timestamp> may not be set multiple times` | the second `offset` / `@` |
//! | ast.rs | `offset modifier must be preceded by ...` / `@ modifier must be preceded by ...` | the `offset` / `@` |
//! | ast.rs | `timestamp out of bounds for @ modifier: V` | the number after `@` |
//! | ast.rs | `metric name must not be set twice: 'N' or 'V'` | the `__name__` (or bare string) matcher |
//! | ast.rs | `vector selector must contain at least one non-empty matcher` | the `{...}` |
//! | label/matcher.rs | `illegal regex for X` | the regex string |
//! | other | any message quoting `'X'` | first token with text `X`; otherwise None |

use super::lexer::{
    is_quote, tokenize, Token, TokenKind, FUNCTION_ARGS, LEXER_ESCAPES, PARAM_AGGREGATORS,
};
use super::shadow::{Arg, BinModifiers, Event, Matcher, Note, Parsed, Shadow, Target, Ty};
use std::ops::Range;

/// Given an expression and the error string promql-parser returned for it, the byte range of the
/// token the error is about, when it can be found (None when the message names nothing locatable).
///
/// The range may cover several tokens where that is what the message is about (`[5m:1m]`, `{}`,
/// a call argument). It is always within `expr` and on char boundaries.
pub fn locate_error(expr: &str, message: &str) -> Option<Range<usize>> {
    let toks: Vec<Token> = tokenize(expr)
        .into_iter()
        .filter(|t| t.kind != TokenKind::Comment)
        .collect();
    let (syntax, events) = Shadow::run(expr, &toks);
    let cx = Locator {
        src: expr,
        toks: &toks,
        events,
        syntax,
    };
    let range = cx.locate(message.trim())?;
    let valid = range.start <= range.end
        && range.end <= expr.len()
        && expr.is_char_boundary(range.start)
        && expr.is_char_boundary(range.end);
    valid.then_some(range)
}

/// Matches `msg` against `pattern`; each `{}` captures the text up to the next literal part.
fn captures<'m>(msg: &'m str, pattern: &str) -> Option<Vec<&'m str>> {
    let mut parts = pattern.split("{}");
    let mut rest = msg.strip_prefix(parts.next()?)?;
    let literals: Vec<&str> = parts.collect();
    let mut caps = Vec::new();
    for (k, lit) in literals.iter().enumerate() {
        let end = if k + 1 == literals.len() {
            rest.strip_suffix(lit)?.len()
        } else {
            rest.find(lit).filter(|_| !lit.is_empty())?
        };
        caps.push(rest.get(..end)?);
        rest = rest.get(end + lit.len()..)?;
    }
    Some(caps)
}

fn capture1<'m>(msg: &'m str, pattern: &str) -> Option<&'m str> {
    captures(msg, pattern)?.first().copied()
}

fn is_comparison(op: &str) -> bool {
    matches!(op, "==" | "!=" | ">" | "<" | ">=" | "<=")
}

/// The value of a string literal, for comparing with values quoted in messages.
fn unquote_lossy(text: &str) -> String {
    let mut chars = text.chars();
    let quote = chars.next();
    let mut inner: String = chars.collect();
    if inner.ends_with(|c| Some(c) == quote) {
        inner.pop();
    }
    if quote == Some('`') {
        return inner;
    }
    let mut out = String::new();
    let mut it = inner.chars();
    while let Some(c) = it.next() {
        match (c, c == '\\') {
            (_, true) => match it.next() {
                Some('n') => out.push('\n'),
                Some('t') => out.push('\t'),
                Some('r') => out.push('\r'),
                Some(e) => out.push(e),
                None => out.push('\\'),
            },
            (c, false) => out.push(c),
        }
    }
    out
}

/// Number literal value as promql-parser computes it (hex via integer parsing).
fn number_value(text: &str) -> Option<f64> {
    let lower = text.to_ascii_lowercase();
    match lower.strip_prefix("0x") {
        Some(hex) => i64::from_str_radix(hex, 16).ok().map(|v| v as f64),
        None => lower.parse::<f64>().ok(),
    }
}

struct Locator<'a> {
    src: &'a str,
    toks: &'a [Token],
    events: Vec<Event>,
    syntax: Parsed<Ty>,
}

impl Locator<'_> {
    fn text(&self, i: usize) -> &str {
        self.toks.get(i).map_or("", |t| t.text(self.src))
    }

    fn kind(&self, i: usize) -> Option<TokenKind> {
        self.toks.get(i).map(|t| t.kind)
    }

    fn span(&self, i: usize) -> Option<Range<usize>> {
        self.toks.get(i).map(|t| t.span.clone())
    }

    fn span_of(&self, first: usize, last: usize) -> Option<Range<usize>> {
        Some(self.toks.get(first)?.span.start..self.toks.get(last)?.span.end)
    }

    fn last_token(&self) -> Option<Range<usize>> {
        self.span(self.toks.len().checked_sub(1)?)
    }

    /// First token satisfying `pred`.
    fn find(&self, pred: impl Fn(TokenKind, &str) -> bool) -> Option<usize> {
        self.toks
            .iter()
            .position(|t| pred(t.kind, t.text(self.src)))
    }

    fn find_span(&self, pred: impl Fn(TokenKind, &str) -> bool) -> Option<Range<usize>> {
        self.span(self.find(pred)?)
    }

    fn note_span(&self, note: Note, text: Option<&str>) -> Option<Range<usize>> {
        let i = self.events.iter().find_map(|e| match *e {
            Event::Note(n, i) if n == note && text.is_none_or(|t| self.text(i) == t) => Some(i),
            _ => None,
        })?;
        self.span(i)
    }

    /// The innermost `open` never closed (lexer errors at end of input).
    fn unclosed(&self, open: TokenKind, close: TokenKind) -> Option<Range<usize>> {
        let mut stack = Vec::new();
        for (i, t) in self.toks.iter().enumerate() {
            if t.kind == open {
                stack.push(i);
            } else if t.kind == close {
                stack.pop();
            }
        }
        stack
            .last()
            .and_then(|&i| self.span(i))
            .or_else(|| self.last_token())
    }

    fn first_lexer_error(&self) -> Option<Range<usize>> {
        // String errors are excluded: the lexer accepts some strings we flag (a raw newline),
        // and string messages are handled on their own.
        self.find_span(|k, t| k == TokenKind::Error && !t.starts_with(is_quote))
    }

    fn string_error(&self, quote: Option<char>) -> Option<Range<usize>> {
        self.find_span(|k, t| {
            k == TokenKind::Error && t.starts_with(|c| quote.map_or(is_quote(c), |q| c == q))
        })
    }

    /// The `\c` escape promql-parser's lexer rejects (it also scans backquoted strings).
    fn bad_escape(&self, c: char) -> Option<Range<usize>> {
        for t in self.toks {
            let text = t.text(self.src);
            let Some(quote) = text.chars().next().filter(|&q| is_quote(q)) else {
                continue;
            };
            let mut chars = text.char_indices().skip(1);
            while let Some((k, ch)) = chars.next() {
                if ch != '\\' {
                    continue;
                }
                match chars.next() {
                    Some((_, e)) if e == quote || LEXER_ESCAPES.contains(e) => {}
                    Some((k2, e)) if e == c => {
                        return Some(t.span.start + k..t.span.start + k2 + e.len_utf8());
                    }
                    _ => {}
                }
            }
        }
        self.string_error(None)
    }

    fn syntax_error(&self) -> Option<Range<usize>> {
        match self.syntax {
            Ok(_) => None,
            Err(i) => self.span(i).or_else(|| self.last_token()),
        }
    }

    fn calls(&self, aggregation: bool) -> impl Iterator<Item = (usize, &[Arg])> + '_ {
        self.events.iter().filter_map(move |e| match e {
            Event::Call {
                name,
                aggregation: a,
                args,
            } if *a == aggregation => Some((*name, args.as_slice())),
            _ => None,
        })
    }

    fn arg_span(&self, arg: &Arg) -> Option<Range<usize>> {
        self.span_of(arg.first, arg.last)
    }

    /// `expected type T in call to function 'F', got A`: the argument in a slot typed `T` whose
    /// type is `A`.
    fn bad_argument(&self, func: &str, expected: &str, got: &str) -> Option<Range<usize>> {
        let sig = FUNCTION_ARGS
            .iter()
            .find(|(_, names)| names.contains(&func))
            .map(|(s, _)| *s);
        let slot_type = |i: usize| {
            let sig = sig?.as_bytes();
            Some(Ty::from_letter(*sig.get(i.min(sig.len().checked_sub(1)?))?))
        };
        let calls: Vec<_> = self
            .calls(false)
            .filter(|&(n, _)| self.text(n) == func)
            .collect();
        let pick = |pred: &dyn Fn(usize, &Arg) -> bool| {
            calls
                .iter()
                .find_map(|(_, args)| args.iter().enumerate().find(|(i, a)| pred(*i, a)))
        };
        let (_, arg) =
            pick(&|i, a| a.ty.name() == got && slot_type(i).is_none_or(|t| t.name() == expected))
                .or_else(|| pick(&|_, a| a.ty.name() == got))
                .or_else(|| pick(&|_, _| true))?;
        self.arg_span(arg)
    }

    /// `expected type T in aggregation expression, got A`.
    fn bad_aggregation_arg(&self, expected: &str, got: &str) -> Option<Range<usize>> {
        let mut fallback = None;
        for (name, args) in self.calls(true) {
            let op = self.text(name).to_ascii_lowercase();
            let arg = if expected == "vector" {
                args.last()
            } else if (op == "count_values") == (expected == "string")
                && matches!(
                    op.as_str(),
                    "topk" | "bottomk" | "quantile" | "count_values"
                )
            {
                args.first().filter(|_| args.len() == 2)
            } else {
                None
            };
            let Some(arg) = arg else { continue };
            if arg.ty.name() == got {
                return self.arg_span(arg);
            }
            fallback = fallback.or(Some(arg));
        }
        self.arg_span(fallback?)
    }

    /// The token `pick` chooses in the first binary expression it accepts; `pick` gets the operator
    /// index and lowercase text, the operand types and the modifiers.
    fn first_binary(
        &self,
        pick: impl Fn(usize, &str, Ty, Ty, &BinModifiers) -> Option<usize>,
    ) -> Option<Range<usize>> {
        let i = self.events.iter().find_map(|e| match e {
            Event::Binary { op, lhs, rhs, mods } => {
                pick(*op, &self.text(*op).to_ascii_lowercase(), *lhs, *rhs, mods)
            }
            _ => None,
        })?;
        self.span(i)
    }

    /// The `offset`/`@` keyword (per `is_at`) of the first `Modifier` event passing `pred`.
    fn modifier(&self, is_at: bool, pred: impl Fn(Target, bool) -> bool) -> Option<Range<usize>> {
        let kw = self.events.iter().find_map(|e| match *e {
            Event::Modifier {
                kw,
                target,
                duplicate,
            } if (self.kind(kw) == Some(TokenKind::At)) == is_at && pred(target, duplicate) => {
                Some(kw)
            }
            _ => None,
        })?;
        self.span(kw)
    }

    fn range(&self, pred: impl Fn(bool, Target, Ty) -> bool) -> Option<Range<usize>> {
        self.events.iter().find_map(|e| match *e {
            Event::Range {
                open,
                close,
                subquery,
                target,
                ty,
                ..
            } if pred(subquery, target, ty) => self.span_of(open, close),
            _ => None,
        })
    }

    fn modifier_before_range(&self, is_at: bool) -> Option<Range<usize>> {
        self.events.iter().find_map(|e| match *e {
            Event::Range {
                subquery: false,
                target: Target::Selector,
                offset_before,
                at_before,
                ..
            } => self.span(if is_at { at_before } else { offset_before }?),
            _ => None,
        })
    }

    fn selectors(
        &self,
    ) -> impl Iterator<Item = (Option<usize>, Option<usize>, Option<usize>, &[Matcher])> + '_ {
        self.events.iter().filter_map(|e| match e {
            Event::Selector {
                name,
                open,
                close,
                matchers,
            } => Some((*name, *open, *close, matchers.as_slice())),
            _ => None,
        })
    }

    /// `metric name must not be set twice: 'N' or 'V'`: the `__name__` or bare-string matcher.
    fn metric_name_twice(&self, name: &str) -> Option<Range<usize>> {
        let (n, _, _, matchers) = self
            .selectors()
            .find(|(n, ..)| n.is_some_and(|n| self.text(n) == name))?;
        let name_matcher = matchers.iter().find(|m| {
            let kind = self.kind(m.name);
            (kind == Some(TokenKind::Ident) && self.text(m.name) == "__name__")
                || (kind == Some(TokenKind::String) && m.op.is_none())
        });
        match name_matcher {
            Some(m) => self.span_of(m.name, m.value.or(m.op).unwrap_or(m.name)),
            None => self.span(n?),
        }
    }

    /// Roughly whether a matcher selects series without that label (promql-parser's
    /// "empty matcher"); only used to pick among several candidate selectors.
    fn matches_empty(&self, m: &Matcher) -> bool {
        let (Some(op), Some(value)) = (m.op, m.value) else {
            return false;
        };
        let v = unquote_lossy(self.text(value));
        let regex_matches_empty = v.is_empty() || v.ends_with('*') || v.ends_with('?');
        match self.text(op) {
            "=" => v.is_empty(),
            "!=" => !v.is_empty(),
            "=~" => regex_matches_empty,
            _ => !regex_matches_empty,
        }
    }

    fn empty_selector(&self) -> Option<Range<usize>> {
        let nameless: Vec<_> = self.selectors().filter(|(n, ..)| n.is_none()).collect();
        let (_, open, close, _) = nameless
            .iter()
            .find(|(.., ms)| ms.iter().all(|m| self.matches_empty(m)))
            .or(nameless.first())?;
        self.span_of((*open)?, (*close)?)
    }

    fn illegal_regex(&self, regex: &str) -> Option<Range<usize>> {
        let values: Vec<usize> = self
            .selectors()
            .flat_map(|(.., ms)| ms.iter())
            .filter(|m| m.op.is_some_and(|op| self.text(op).ends_with('~')))
            .filter_map(|m| m.value)
            .collect();
        let i = values
            .iter()
            .find(|&&v| unquote_lossy(self.text(v)) == regex)
            .or_else(|| values.iter().find(|&&v| self.text(v).contains(regex)))?;
        self.span(*i)
    }

    /// `timestamp out of bounds for @ modifier: V`: the number after `@` whose value prints as `V`.
    fn at_timestamp(&self, value: &str) -> Option<Range<usize>> {
        let mut numbers = Vec::new();
        for (i, t) in self.toks.iter().enumerate() {
            if t.kind != TokenKind::At {
                continue;
            }
            let negative = self.text(i + 1) == "-";
            let n = if matches!(self.text(i + 1), "+" | "-") {
                i + 2
            } else {
                i + 1
            };
            if self.kind(n) == Some(TokenKind::Number) {
                let v = number_value(self.text(n)).map(|v| if negative { -v } else { v });
                numbers.push((n, v));
            }
        }
        let (n, _) = numbers
            .iter()
            .find(|(_, v)| v.is_some_and(|v| v.to_string() == value))
            .or_else(|| {
                numbers
                    .iter()
                    .find(|(_, v)| v.is_some_and(|v| !v.is_finite()))
            })
            .or(numbers.first())?;
        self.span(*n)
    }

    fn locate(&self, msg: &str) -> Option<Range<usize>> {
        use TokenKind::*;
        const ANY: Option<&str> = None;

        // --- lexer (lex.rs): promql-parser stops at the first one ---
        match msg {
            "unclosed left parenthesis" => return self.unclosed(LeftParen, RightParen),
            "unexpected end of input inside braces" => return self.unclosed(LeftBrace, RightBrace),
            "unexpected end of input inside brackets" => {
                return self.unclosed(LeftBracket, RightBracket)
            }
            "escape sequence not terminated" | "invalid syntax" => return self.string_error(None),
            _ => {}
        }
        if let Some(c) = capture1(msg, "unknown escape sequence '{}'") {
            return self.bad_escape(c.chars().next()?);
        }
        if let Some(q) = capture1(msg, "unterminated quoted string {}") {
            return self.string_error(q.chars().next());
        }
        if let Some(text) = capture1(msg, "bad number or duration syntax: {}") {
            return self
                .find_span(|k, t| k == Error && t == text)
                .or_else(|| self.first_lexer_error());
        }
        // A character the lexer rejected: its Error token has exactly that text (`{:?}`-quoted in
        // the first message, which only differs for control characters: fall through to below).
        for pattern in [
            "unexpected character: '{}'",
            "unexpected character inside braces: '{}'",
            "unexpected character inside brackets: '{}'",
        ] {
            if let Some(c) = capture1(msg, pattern) {
                if let Some(r) = self.find_span(|k, t| k == Error && t == c) {
                    return Some(r);
                }
            }
        }
        const LEXER_PREFIXES: &[&str] = &[
            "unexpected character",
            "unexpected right ",
            "unexpected left brace",
            "unexpected second colon",
            "expect duration before first colon",
            "'!' can not be at the end",
        ];
        if LEXER_PREFIXES.iter().any(|p| msg.starts_with(p)) {
            return self.first_lexer_error();
        }

        // --- number and duration literals (util/) ---
        if let Some(text) = capture1(msg, "ParseFloatError. {} can't be parsed into {}") {
            return self.find_span(|k, t| matches!(k, Number | Duration) && t == text);
        }
        if let Some(text) = capture1(msg, "not a valid duration string: {}") {
            return self.find_span(|k, t| k == Duration && t == text);
        }
        if msg == "duration must be greater than 0" {
            return self.find_span(|k, t| {
                k == Duration && t.chars().filter(char::is_ascii_digit).all(|c| c == '0')
            });
        }

        // --- grammar (promql.y) ---
        if msg.starts_with("no expression found in input") {
            return None;
        }
        if msg == "invalid promql query" {
            return self.syntax_error();
        }
        if let Some(name) = capture1(msg, "unknown function with name '{}'") {
            let call = self.calls(false).find(|&(n, _)| self.text(n) == name);
            return call
                .and_then(|(n, _)| self.span(n))
                .or_else(|| self.find_span(|_, t| t == name));
        }
        if msg == "trailing commas not allowed in function call args" {
            return self.note_span(Note::TrailingComma, ANY);
        }
        if msg == "unexpected end of input in offset, expected duration" {
            let i = self.toks.iter().rposition(|t| {
                t.kind == Keyword && t.text(self.src).eq_ignore_ascii_case("offset")
            })?;
            return self.span(i);
        }
        if msg == "unexpected end of input in @, expected timestamp" {
            return self.span(self.toks.iter().rposition(|t| t.kind == At)?);
        }
        if msg == "missing unit character in duration" {
            let open = self.note_span(Note::EmptyRange, ANY)?;
            return Some(open.start..open.end + 1);
        }
        if msg.starts_with("unexpected ',' in label matching") {
            return self.note_span(Note::LeadingComma, ANY);
        }
        if let Some(op) = capture1(msg, "unexpected '{}' in label matching, expected string") {
            return self.note_span(Note::BadMatchOp, Some(op));
        }
        if let Some(id) = capture1(
            msg,
            "unexpected identifier '{}' in label matching, expected string",
        ) {
            return self.note_span(Note::BadMatchValue, Some(id));
        }
        if let Some(id) = capture1(
            msg,
            "invalid label matcher, expected label matching operator after '{}'",
        ) {
            return self.note_span(Note::MissingMatchOp, Some(id));
        }
        if let Some(label) = capture1(msg, "{} is not valid label in grouping opts") {
            return self
                .note_span(Note::BadGroupingLabel, Some(label))
                .or_else(|| self.find_span(|_, t| t == label));
        }
        if let Some(kw) = capture1(msg, "unexpected <{}>") {
            let i = self.events.iter().find_map(|e| match *e {
                Event::Note(Note::GroupWithoutOn, i) if self.text(i).eq_ignore_ascii_case(kw) => {
                    Some(i)
                }
                _ => None,
            })?;
            return self.span(i);
        }
        if msg == "Number expected for fill value" {
            return self
                .find_span(|k, t| k == Keyword && t.to_ascii_lowercase().starts_with("fill"));
        }

        // --- calls and aggregations (ast.rs check_ast_for_call / _aggregate_expr) ---
        if let Some(c) = captures(msg, "expected type {} in call to function '{}', got {}") {
            return self.bad_argument(c.get(1)?, c.first()?, c.get(2)?);
        }
        if let Some(c) = captures(msg, "expected {} argument(s) in call to '{}', got {}") {
            let (name, got) = (*c.get(1)?, *c.get(2)?);
            let calls: Vec<_> = self
                .calls(false)
                .filter(|&(n, _)| self.text(n) == name)
                .collect();
            let (n, _) = calls
                .iter()
                .find(|(_, args)| args.len().to_string() == got)
                .or(calls.first())?;
            return self.span(*n);
        }
        if let Some(c) = captures(msg, "expected type {} in aggregation expression, got {}") {
            return self.bad_aggregation_arg(c.first()?, c.get(1)?);
        }
        if let Some(op) = capture1(msg, "no arguments for aggregate expression '{}' provided") {
            let (n, _) = self
                .calls(true)
                .find(|(n, args)| args.is_empty() && self.text(*n).eq_ignore_ascii_case(op))?;
            return self.span(n);
        }
        if let Some(c) = captures(
            msg,
            "wrong number of arguments for aggregate expression provided, expected {}, got {}",
        ) {
            let got = *c.get(1)?;
            let (n, _) = self.calls(true).find(|(n, args)| {
                let op = self.text(*n).to_ascii_lowercase();
                let wanted = if PARAM_AGGREGATORS.contains(&op.as_str()) {
                    2
                } else {
                    1
                };
                args.len() != wanted && args.len().to_string() == got
            })?;
            return self.span(n);
        }

        // --- binary expressions (ast.rs check_ast_for_binary_expr) ---
        if msg == "bool modifier can only be used on comparison operators" {
            return self
                .first_binary(|_, op, _, _, m| m.bool_kw.filter(|_| !is_comparison(op)))
                .or_else(|| self.find_span(|k, t| k == Keyword && t.eq_ignore_ascii_case("bool")));
        }
        if msg == "comparisons between scalars must use BOOL modifier" {
            return self.first_binary(|i, op, l, r, m| {
                (is_comparison(op) && m.bool_kw.is_none() && l == Ty::Scalar && r == Ty::Scalar)
                    .then_some(i)
            });
        }
        if let Some(label) = capture1(
            msg,
            "label '{}' must not occur in ON and GROUP clause at once",
        ) {
            return self.note_span(Note::GroupLabelInOn, Some(label));
        }
        if let Some(set_op) = capture1(
            msg,
            "set operator '{}' not allowed in binary scalar expression",
        ) {
            return self
                .first_binary(|i, op, l, r, _| {
                    (op == set_op && (l == Ty::Scalar || r == Ty::Scalar)).then_some(i)
                })
                .or_else(|| self.find_span(|k, t| k == Keyword && t.eq_ignore_ascii_case(set_op)));
        }
        if let Some(set_op) = capture1(msg, "no grouping allowed for '{}' operation") {
            return self.first_binary(|_, op, _, _, m| m.group.filter(|_| op == set_op));
        }
        if msg == "binary expression must contain only scalar and instant vector types" {
            let bad = |t: Ty| matches!(t, Ty::Matrix | Ty::Str);
            return self.first_binary(|i, _, l, r, _| (bad(l) || bad(r)).then_some(i));
        }
        if msg == "vector matching only allowed between vectors" {
            return self.first_binary(|_, _, l, r, m| {
                m.matching.filter(|_| l != Ty::Vector || r != Ty::Vector)
            });
        }
        if let Some(got) = capture1(
            msg,
            "unary expression only allowed on expressions of type scalar or vector, got{}",
        ) {
            let got = got.trim_start_matches(':').trim();
            let unary = |want: Option<&str>| {
                self.events.iter().find_map(|e| match *e {
                    Event::Unary { op, ty } if want.is_none_or(|w| ty.name() == w) => Some(op),
                    _ => None,
                })
            };
            return self.span(unary(Some(got)).or_else(|| unary(None))?);
        }

        // --- ranges, subqueries and modifiers ---
        if msg == "ranges only allowed for vector selectors" {
            return self.range(|subquery, target, _| !subquery && target != Target::Selector);
        }
        if let Some(got) = capture1(msg, "subquery is only allowed on vector, got {} instead") {
            return self
                .range(|subquery, _, ty| subquery && ty.name() == got)
                .or_else(|| self.range(|subquery, _, ty| subquery && ty != Ty::Vector));
        }
        match msg {
            "no offset modifiers allowed before range" => return self.modifier_before_range(false),
            "no @ modifiers allowed before range" => return self.modifier_before_range(true),
            "offset may not be set multiple times" => return self.modifier(false, |_, dup| dup),
            "@ <timestamp> may not be set multiple times" => {
                return self.modifier(true, |_, dup| dup)
            }
            _ => {}
        }
        if msg.starts_with("offset modifier must be preceded by") {
            return self.modifier(false, |target, _| target == Target::Other);
        }
        if msg.starts_with("@ modifier must be preceded by") {
            return self.modifier(true, |target, _| target == Target::Other);
        }
        if let Some(value) = capture1(msg, "timestamp out of bounds for @ modifier: {}") {
            return self.at_timestamp(value);
        }
        if msg.starts_with("invalid float value after @") || msg.starts_with("invalid @ modifier") {
            return self.find_span(|k, _| k == At);
        }

        // --- selectors ---
        if let Some(c) = captures(msg, "metric name must not be set twice: '{}' or '{}'") {
            return self.metric_name_twice(c.first()?);
        }
        if msg == "vector selector must contain at least one non-empty matcher" {
            return self.empty_selector();
        }
        if let Some(regex) = capture1(msg, "illegal regex for {}") {
            return self.illegal_regex(regex);
        }

        // Unknown message: if it quotes some text, point at the first token with that text.
        let quoted = msg
            .split('\'')
            .nth(1)
            .filter(|q| !q.is_empty() && msg.matches('\'').count() >= 2)?;
        self.find_span(|_, t| t == quoted)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::promql::lexer::tests::{assert_range_ok, assert_tokens_ok};
    use TokenKind::*;

    /// Our Error tokens must appear exactly when promql-parser's lexer fails on a character (not at
    /// end of input), which is what lets `locate_error` map lexer messages to the first one.
    #[test]
    fn error_tokens_agree_with_promql_parser_lexer() {
        const PIECES: &[&str] = &[
            "x", "foo", "sum", "by", "(", ")", "{", "}", "[", "]", "5m", "1h30m", "0x1F", "1.5",
            ".5", "1e3", "=", "==", "!=", "=~", "!~", "!", "<", ">=", ",", ":", "@", "#c\n", " ",
            "\n", "offset", "or ", "-", "+", "*", "^", "$", "é", ".", "ms", "5", "a:b", "Inf",
            "fill", "1.2.3", "5x", "\"a\"", "'b'", "`c`", "on", "bool",
        ];
        let mut rng = XorShift(0x9E37_79B9_7F4A_7C15);
        for _ in 0..4000 {
            let n = rng.below(12) + 1;
            let expr: std::string::String =
                (0..n).map(|_| PIECES[rng.below(PIECES.len())]).collect();
            let ours = tokenize(&expr).iter().any(|t| t.kind == Error);
            match promql_parser::parser::lexer(&expr) {
                Ok(_) => assert!(!ours, "we flag an error promql-parser accepts: {expr:?}"),
                Err(msg) => {
                    let at_end = msg == "unclosed left parenthesis"
                        || msg.starts_with("unexpected end of input");
                    assert_eq!(ours, !at_end, "{expr:?}: {msg}");
                    assert!(
                        locate_error(&expr, &msg).is_some(),
                        "{expr:?}: {msg} not located"
                    );
                }
            }
        }
    }

    /// (expression, expected slice, its byte offset) with the real promql-parser message.
    const BROKEN: &[(&str, &str, usize)] = &[
        ("rate(hi)", "hi", 5),
        ("sum(rate(x[5m])", "(", 3),
        ("foo{bar=\"baz\"", "{", 3),
        ("rate(x[5x])", "5x", 7),
        ("up + bool 1", "bool", 5),
        ("foo(bar)", "foo", 0),
        ("1 +", "+", 2),
        ("sum by (job (x)", "(", 7),
        ("1 == 1", "==", 2),
        ("(1))", ")", 3),
        ("x $ y", "$", 2),
        ("x{a=\"é\"} $", "$", 10),
        ("x[\"a\"]", "\"", 2),
        ("foo{a=b}", "b", 6),
        ("foo{a}", "a", 4),
        ("foo{a==\"b\"}", "=", 6),
        ("foo{,}", ",", 4),
        ("'\\q'", "\\q", 1),
        ("\"abc", "\"abc", 0),
        ("\"\\x4\"", "\"\\x4\"", 0),
        ("x[]", "[]", 1),
        ("x[1.5m]", "1.5m", 2),
        ("x[0s]", "0s", 2),
        ("0x", "0x", 0),
        ("x offset", "offset", 2),
        ("x{offset=\"1\"} offset", "offset", 14),
        ("x offset 5m offset 1m", "offset", 12),
        ("x offset 5m [5m]", "offset", 2),
        ("x @ 1 @ 2", "@", 6),
        ("x @ Inf", "Inf", 4),
        ("sum(x) @ 1", "@", 7),
        ("rate(x)[5m]", "x", 5),
        ("1[5m:1m]", "[5m:1m]", 1),
        ("-x[5m]", "-", 0),
        ("x[5m] + 1", "+", 6),
        ("1 + on(a) 2", "on", 4),
        ("a and 1", "and", 2),
        ("a and on(x) group_left b", "group_left", 12),
        ("a * on(x) group_left(x) b", "x", 21),
        ("a + group_left(x) b", "group_left", 4),
        ("sum by (a:b) (x)", "a:b", 8),
        ("sum(x,)", ",", 5),
        ("topk(x, y)", "x", 5),
        ("count_values(1, x)", "1", 13),
        ("sum()", "sum", 0),
        ("topk(x)", "topk", 0),
        ("floor(1, 2)", "floor", 0),
        ("histogram_quantile(x, 0.9)", "x", 19),
        ("clamp(x, y, 1)", "y", 9),
        ("label_replace(x, 1, \"a\", \"b\", \"c\")", "1", 17),
        ("foo{\"bar\"}", "\"bar\"", 4),
        ("foo{__name__=\"bar\"}", "__name__=\"bar\"", 4),
        ("{a=\"\"}", "{a=\"\"}", 0),
        ("foo{a=~\"(\"}", "\"(\"", 7),
        ("foo bar", "bar", 4),
        ("sum (x) by test", "test", 11),
        ("a - on(b) ignoring(c) d", "ignoring", 10),
        ("x @ start", "start", 4),
        ("sum(\n  rate(x[5m]) # per second\n) by (job) +", "+", 43),
        ("max(x) > bool on(job) group_left sum(y[5m])", "y[5m]", 37),
        ("max(x) > bool on(job) group_left y[5m]", ">", 7),
    ];

    #[test]
    fn locates_promql_parser_errors() {
        for &(expr, want, start) in BROKEN {
            let msg = match promql_parser::parser::parse(expr) {
                Ok(_) => panic!("{expr:?} unexpectedly parsed"),
                Err(msg) => msg,
            };
            let got = locate_error(expr, &msg);
            assert_eq!(got, Some(start..start + want.len()), "{expr:?}: {msg}");
            assert_eq!(&expr[start..start + want.len()], want);
        }
    }

    #[test]
    fn unlocatable_messages_give_none() {
        assert_eq!(locate_error("", "no expression found in input"), None);
        assert_eq!(
            locate_error("# just a comment", "no expression found in input"),
            None
        );
        assert_eq!(locate_error("up", "invalid promql query"), None);
        assert_eq!(locate_error("up", "something unforeseen"), None);
        assert_eq!(locate_error("up", "unknown function with name 'foo'"), None);
        // A quoted name in an unknown message still points at its token.
        assert_eq!(locate_error("a + b", "new message about 'b'"), Some(4..5));
    }

    struct XorShift(u64);

    impl XorShift {
        fn next(&mut self) -> u64 {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 7;
            self.0 ^= self.0 << 17;
            self.0
        }

        fn below(&mut self, n: usize) -> usize {
            (self.next() % n as u64) as usize
        }
    }

    /// Messages of every family, with captures taken from the expression, so that each locator runs
    /// on inputs it was not written for.
    fn synthetic_messages(expr: &str) -> Vec<std::string::String> {
        let word = tokenize(expr)
            .first()
            .map_or("x", |t| t.text(expr))
            .to_string();
        let mut msgs: Vec<std::string::String> = [
            "unclosed left parenthesis", "unexpected end of input inside braces",
            "unexpected end of input inside brackets", "escape sequence not terminated",
            "invalid syntax", "unknown escape sequence 'q'", "unterminated quoted string \"",
            "unexpected character: '$'", "unexpected right parenthesis ')'",
            "duration must be greater than 0", "no expression found in input", "invalid promql query",
            "trailing commas not allowed in function call args",
            "unexpected end of input in offset, expected duration",
            "unexpected end of input in @, expected timestamp", "missing unit character in duration",
            "unexpected ',' in label matching, expected identifier or right_brace",
            "unexpected <group_left>", "Number expected for fill value",
            "expected type vector in aggregation expression, got scalar",
            "expected type scalar in aggregation expression, got vector",
            "bool modifier can only be used on comparison operators",
            "comparisons between scalars must use BOOL modifier",
            "binary expression must contain only scalar and instant vector types",
            "vector matching only allowed between vectors",
            "unary expression only allowed on expressions of type scalar or vector, got: matrix",
            "ranges only allowed for vector selectors", "subquery is only allowed on vector, got scalar instead",
            "no offset modifiers allowed before range", "no @ modifiers allowed before range",
            "offset may not be set multiple times", "@ <timestamp> may not be set multiple times",
            "offset modifier must be preceded by an vector selector or matrix selector or a subquery",
            "@ modifier must be preceded by an vector selector or matrix selector or a subquery",
            "timestamp out of bounds for @ modifier: inf", "invalid float value after @ modifier",
            "vector selector must contain at least one non-empty matcher", "'",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        for pattern in [
            "bad number or duration syntax: {}",
            "ParseFloatError. {} can't be parsed into f64",
            "not a valid duration string: {}",
            "unknown function with name '{}'",
            "unexpected '{}' in label matching, expected string",
            "unexpected identifier '{}' in label matching, expected string",
            "invalid label matcher, expected label matching operator after '{}'",
            "{} is not valid label in grouping opts",
            "expected type vector in call to function '{}', got scalar",
            "expected 1 argument(s) in call to '{}', got 2",
            "no arguments for aggregate expression '{}' provided",
            "label '{}' must not occur in ON and GROUP clause at once",
            "set operator '{}' not allowed in binary scalar expression",
            "no grouping allowed for '{}' operation",
            "metric name must not be set twice: '{}' or 'x'",
            "illegal regex for {}",
            "message about '{}'",
        ] {
            msgs.push(pattern.replace("{}", &word));
        }
        msgs.push(
            "wrong number of arguments for aggregate expression provided, expected 2, got 1".into(),
        );
        msgs
    }

    fn check_everything(expr: &str) {
        assert_tokens_ok(expr);
        if let Err(msg) = promql_parser::parser::parse(expr) {
            if let Some(r) = locate_error(expr, &msg) {
                assert_range_ok(expr, &r, &msg);
            }
        }
        for msg in synthetic_messages(expr) {
            if let Some(r) = locate_error(expr, &msg) {
                assert_range_ok(expr, &r, &msg);
            }
        }
    }

    #[test]
    fn never_panics_on_truncations_and_random_input() {
        let valid = [
            "sum by (job) (rate(http_requests_total{code=~\"5..\", job!=\"\"}[5m])) / ignoring(code) group_left sum by (job) (rate(http_requests_total[1h30m] offset 1d)) > 0.05",
            "histogram_quantile(0.99, sum without (instance) (rate(x_bucket{le!=\"+Inf\"}[5m:30s] @ end()))) > bool 1",
            "# comment\nlabel_replace(up{job=\"ünïcödé 日本\"}, \"dst\", \"$1\", 'src', `(.*)`) or vector(0)",
            "-x ^ 2 % 3 atan2 y unless on(a) z and {__name__=~\"a|b\"} offset -5m",
            "topk(3, count_values(\"v\", build_info)) == bool 0x1F",
        ];
        for expr in valid {
            for (end, _) in expr.char_indices().chain([(expr.len(), ' ')]) {
                check_everything(&expr[..end]);
            }
        }
        const CHARS: &[char] = &[
            'a',
            'z',
            '_',
            ':',
            '0',
            '5',
            'x',
            'm',
            's',
            'e',
            '.',
            ' ',
            '\n',
            '\t',
            '(',
            ')',
            '{',
            '}',
            '[',
            ']',
            '"',
            '\'',
            '`',
            '\\',
            '=',
            '!',
            '~',
            '<',
            '>',
            '+',
            '-',
            '*',
            '/',
            '%',
            '^',
            ',',
            '@',
            '#',
            '$',
            'é',
            '日',
            '\u{1F600}',
            '\u{0}',
        ];
        let mut rng = XorShift(0x2545_F491_4F6C_DD1D);
        for _ in 0..3000 {
            let len = rng.below(40);
            let expr: std::string::String =
                (0..len).map(|_| CHARS[rng.below(CHARS.len())]).collect();
            check_everything(&expr);
        }
        // Deep nesting is refused by the shadow parser rather than overflowing the stack.
        let deep = format!("{}x{}", "(".repeat(5000), ")".repeat(5000));
        assert_eq!(
            locate_error(&deep, "invalid promql query").map(|r| r.end <= deep.len()),
            Some(true)
        );
        let unary = format!("{}\"s\"", "-".repeat(20000));
        check_everything(&unary);
    }
}
