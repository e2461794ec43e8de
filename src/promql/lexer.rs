//! A position-keeping PromQL tokenizer.
//!
//! promql-parser 0.11.1 returns an AST without source positions and errors as bare strings, so
//! obslint could not point at the offending token. [`tokenize`] re-lexes the expression the way
//! promql-parser's lexer (`parser/lex.rs`, a port of Prometheus's) does, keeping byte spans; the
//! shadow parser (`shadow.rs`) and the error locator (`errors.rs`) work on its tokens.

use std::ops::Range;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenKind {
    Ident,
    Keyword,
    Number,
    Duration,
    String,
    Op,
    LeftParen,
    RightParen,
    LeftBrace,
    RightBrace,
    LeftBracket,
    RightBracket,
    Comma,
    Colon,
    At,
    Comment,
    /// Text the Prometheus lexer rejects: a stray character, an unmatched `)`/`}`/`]`, a bad number,
    /// an unterminated string or one with an invalid escape.
    Error,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    pub kind: TokenKind,
    /// Byte range into the expression, always on char boundaries.
    pub span: Range<usize>,
}

impl Token {
    /// The token's text in `expr` (empty if `expr` is not the string it was lexed from).
    pub fn text<'a>(&self, expr: &'a str) -> &'a str {
        expr.get(self.span.clone()).unwrap_or("")
    }
}

#[rustfmt::skip]
pub(super) const AGGREGATORS: &[&str] = &[
    "sum", "avg", "count", "min", "max", "group", "stddev", "stdvar", "topk", "bottomk",
    "count_values", "quantile", "limitk", "limit_ratio",
];
/// Aggregators that take a parameter before the aggregated expression.
#[rustfmt::skip]
pub(super) const PARAM_AGGREGATORS: &[&str] =
    &["topk", "bottomk", "count_values", "quantile", "limitk", "limit_ratio"];
#[rustfmt::skip]
const OTHER_KEYWORDS: &[&str] = &[
    "and", "or", "unless", "atan2", "offset", "by", "without", "on", "ignoring", "group_left",
    "group_right", "bool", "smoothed", "anchored", "fill", "fill_left", "fill_right", "start", "end",
];
/// Keywords that promql.y also accepts as a metric name (`metric_identifier`), besides aggregators.
#[rustfmt::skip]
pub(super) const METRIC_KEYWORDS: &[&str] = &[
    "and", "or", "unless", "offset", "by", "without", "fill", "fill_left", "fill_right", "start",
    "end",
];
/// Escapes promql-parser's lexer accepts (lex.rs `ESCAPE_SYMBOLS`), besides the quote itself.
pub(super) const LEXER_ESCAPES: &str = "abfnrtv\\01234567xuU";

/// Argument types of promql-parser 0.11.1's functions (function.rs), one letter per argument:
/// v vector, m matrix, s scalar, t string; the last one repeats for variadic functions. Needed to
/// tell which argument an "expected type T in call to function 'f'" message is about.
#[rustfmt::skip]
pub(super) const FUNCTION_ARGS: &[(&str, &[&str])] = &[
    ("v", &[
        "abs", "absent", "acos", "acosh", "asin", "asinh", "atan", "atanh", "ceil", "cos", "cosh",
        "days_in_month", "day_of_month", "day_of_week", "day_of_year", "deg", "exp", "floor",
        "histogram_avg", "histogram_count", "histogram_stddev", "histogram_stdvar",
        "histogram_sum", "hour", "ln", "log10", "log2", "minute", "month", "rad", "scalar", "sgn",
        "sin", "sinh", "sort", "sort_desc", "sqrt", "start_timestamp", "tan", "tanh", "timestamp",
        "year",
    ]),
    ("m", &[
        "absent_over_time", "avg_over_time", "changes", "count_over_time", "delta", "deriv",
        "first_over_time", "idelta", "increase", "irate", "last_over_time", "mad_over_time",
        "max_over_time", "min_over_time", "present_over_time", "rate", "resets",
        "stddev_over_time", "stdvar_over_time", "sum_over_time", "ts_of_first_over_time",
        "ts_of_last_over_time", "ts_of_max_over_time", "ts_of_min_over_time",
    ]),
    ("vs", &["clamp_max", "clamp_min", "round"]),
    ("vss", &["clamp"]),
    ("ms", &["integral", "predict_linear"]),
    ("mss", &["double_exponential_smoothing"]),
    ("ssv", &["histogram_fraction"]),
    ("sv", &["histogram_quantile"]),
    ("vtss", &["histogram_quantiles"]),
    ("vv", &["info"]),
    ("vtttt", &["label_replace"]),
    ("vttt", &["label_join"]),
    ("ss", &["max_of", "min_of"]),
    ("sm", &["quantile_over_time"]),
    ("vt", &["sort_by_label", "sort_by_label_desc"]),
    ("s", &["vector"]),
];
/// Functions returning a scalar; all others return an instant vector.
#[rustfmt::skip]
pub(super) const SCALAR_FUNCTIONS: &[&str] =
    &["end", "max_of", "min_of", "pi", "range", "scalar", "start", "step", "time"];

fn is_alpha(c: char) -> bool {
    c == '_' || c.is_ascii_alphabetic()
}

fn is_alnum(c: char) -> bool {
    is_alpha(c) || c.is_ascii_digit()
}

fn is_keyword(lower: &str) -> bool {
    AGGREGATORS.contains(&lower) || OTHER_KEYWORDS.contains(&lower)
}

pub(super) fn is_quote(c: char) -> bool {
    matches!(c, '"' | '\'' | '`')
}

// ---------------------------------------------------------------------------------------------
// Tokenizer
// ---------------------------------------------------------------------------------------------

/// Tokenizes PromQL as Prometheus's lexer does (identifiers incl. `:` in metric names, keywords
/// such as by/without/on/ignoring/group_left/group_right/bool/offset/and/or/unless/atan2,
/// aggregators, numbers incl. hex, Inf/NaN, exponent, durations like 5m, 1h30m, 1.5m in newer
/// Prometheus, strings "..." '...' `...` with escapes, operators == != >= <= > < =~ !~ + - * / % ^,
/// `#` comments to end of line). Never panics; an unterminated string or a stray character yields
/// an Error token and lexing goes on.
///
/// Like the Prometheus lexer it is modal: inside `{...}` only label matchers are lexed (keywords
/// are plain identifiers, except `or`), inside `[...]` only durations and `:`. What that lexer
/// rejects in the current mode becomes an `Error` token.
pub fn tokenize(expr: &str) -> Vec<Token> {
    let mut lx = Lexer {
        src: expr,
        chars: expr.char_indices().collect(),
        i: 0,
        out: Vec::new(),
        mode: Mode::Normal,
        parens: 0,
    };
    while let Some(c) = lx.peek() {
        let start = lx.i;
        lx.i += 1;
        match lx.mode {
            Mode::Normal => lx.normal(c, start),
            Mode::Braces => lx.braces(c, start),
            Mode::Brackets { colon } => lx.brackets(c, start, colon),
        }
    }
    lx.out
}

#[derive(Clone, Copy)]
enum Mode {
    Normal,
    Braces,
    /// `colon`: a `:` was already seen in these brackets.
    Brackets {
        colon: bool,
    },
}

struct Lexer<'a> {
    src: &'a str,
    /// Working on (byte offset, char) pairs keeps every span on a char boundary.
    chars: Vec<(usize, char)>,
    i: usize,
    out: Vec<Token>,
    mode: Mode,
    parens: usize,
}

impl Lexer<'_> {
    fn peek(&self) -> Option<char> {
        self.chars.get(self.i).map(|&(_, c)| c)
    }

    fn offset(&self, idx: usize) -> usize {
        self.chars.get(idx).map_or(self.src.len(), |&(o, _)| o)
    }

    fn accept(&mut self, f: impl Fn(char) -> bool) -> bool {
        match self.peek() {
            Some(c) if f(c) => {
                self.i += 1;
                true
            }
            _ => false,
        }
    }

    fn accept_run(&mut self, f: impl Fn(char) -> bool) {
        while self.accept(&f) {}
    }

    fn emit(&mut self, kind: TokenKind, start: usize) {
        let span = self.offset(start)..self.offset(self.i);
        self.out.push(Token { kind, span });
    }

    fn normal(&mut self, c: char, start: usize) {
        use TokenKind::*;
        let kind = match c {
            c if c.is_ascii_whitespace() => return,
            '#' => return self.comment(start),
            '@' => At,
            ',' => Comma,
            '*' | '/' | '%' | '+' | '-' | '^' => Op,
            // `=~` and `!~` are matchers, which the lexer only allows inside braces.
            '=' if self.accept(|c| c == '~') => Error,
            '=' => {
                self.accept(|c| c == '=');
                Op
            }
            '!' if self.accept(|c| c == '=') => Op,
            '!' => {
                self.accept(|c| c == '~');
                Error
            }
            '<' | '>' => {
                self.accept(|c| c == '=');
                Op
            }
            '0'..='9' => return self.number(start),
            '.' if self.peek().is_some_and(|c| c.is_ascii_digit()) => return self.number(start),
            c if is_alpha(c) || c == ':' => return self.word(start, false),
            c if is_quote(c) => return self.string(start, c),
            '(' => {
                self.parens += 1;
                LeftParen
            }
            ')' if self.parens > 0 => {
                self.parens -= 1;
                RightParen
            }
            '{' => {
                self.mode = Mode::Braces;
                LeftBrace
            }
            '[' => {
                self.mode = Mode::Brackets { colon: false };
                LeftBracket
            }
            // An unmatched `)`, a `}` or `]` outside their mode, a lone `.`, anything else.
            _ => Error,
        };
        self.emit(kind, start);
    }

    fn braces(&mut self, c: char, start: usize) {
        use TokenKind::*;
        let kind = match c {
            c if c.is_ascii_whitespace() => return,
            '#' => return self.comment(start),
            ',' => Comma,
            c if is_alpha(c) => return self.word(start, true),
            c if is_quote(c) => return self.string(start, c),
            '=' => {
                self.accept(|c| c == '~');
                Op
            }
            '!' if self.accept(|c| c == '~' || c == '=') => Op,
            '}' => {
                self.mode = Mode::Normal;
                RightBrace
            }
            _ => Error,
        };
        self.emit(kind, start);
    }

    fn brackets(&mut self, c: char, start: usize, colon: bool) {
        use TokenKind::*;
        let after_bracket = start
            .checked_sub(1)
            .and_then(|p| self.chars.get(p))
            .is_some_and(|&(_, c)| c == '[');
        let kind = match c {
            c if c.is_ascii_whitespace() => return,
            // promql-parser rejects a second `:` and a `:` right after `[`.
            ':' if colon || after_bracket => Error,
            ':' => {
                self.mode = Mode::Brackets { colon: true };
                Colon
            }
            '0'..='9' => return self.number(start),
            ']' => {
                self.mode = Mode::Normal;
                RightBracket
            }
            _ => Error,
        };
        self.emit(kind, start);
    }

    fn comment(&mut self, start: usize) {
        self.accept_run(|c| c != '\n' && c != '\r');
        self.emit(TokenKind::Comment, start);
    }

    /// Number or duration starting at `start`, scanned exactly like lex.rs
    /// (`accept_number_or_duration`), so a bad one yields the same text promql-parser quotes in
    /// "bad number or duration syntax: X": the scanned part plus the offending character.
    fn number(&mut self, start: usize) {
        self.i = start;
        let kind = if self.scan_number() {
            TokenKind::Number
        } else if self.scan_duration_units() {
            TokenKind::Duration
        } else {
            self.i = (self.i + 1).min(self.chars.len());
            TokenKind::Error
        };
        self.emit(kind, start);
    }

    fn scan_number(&mut self) -> bool {
        let hex = self.accept(|c| c == '0') && self.accept(|c| c == 'x' || c == 'X');
        let digit = move |c: char| {
            if hex {
                c.is_ascii_hexdigit()
            } else {
                c.is_ascii_digit()
            }
        };
        self.accept_run(digit);
        if self.accept(|c| c == '.') {
            self.accept_run(digit);
        }
        if self.accept(|c| c == 'e' || c == 'E') {
            self.accept(|c| c == '+' || c == '-');
            self.accept_run(|c| c.is_ascii_digit());
        }
        // A letter may start a duration unit; a `.` makes it invalid.
        !self.peek().is_some_and(|c| is_alpha(c) || c == '.')
    }

    /// Units after the number part: `5m`, `1h30m`, `1.5m`, `100ms` (bad unit orders such as `5hs`
    /// are left for the duration parser, as in lex.rs).
    fn scan_duration_units(&mut self) -> bool {
        if !self.accept(|c| "smhdwy".contains(c)) {
            return false;
        }
        self.accept(|c| c == 's');
        while self.accept(|c| c.is_ascii_digit()) {
            self.accept_run(|c| c.is_ascii_digit());
            if !self.accept(|c| "smhdw".contains(c)) {
                return false;
            }
            self.accept(|c| c == 's');
        }
        !self.peek().is_some_and(is_alnum)
    }

    fn word(&mut self, start: usize, in_braces: bool) {
        if in_braces {
            self.accept_run(is_alnum);
        } else {
            self.accept_run(|c| is_alnum(c) || c == ':');
        }
        let text = self
            .src
            .get(self.offset(start)..self.offset(self.i))
            .unwrap_or("");
        let lower = text.to_ascii_lowercase();
        let kind = if in_braces {
            // Label names may be keywords; only `or` followed by a space (exactly what lex.rs
            // checks) separates matcher groups.
            if lower == "or" && self.peek() == Some(' ') {
                TokenKind::Keyword
            } else {
                TokenKind::Ident
            }
        } else if lower == "inf" || lower == "nan" {
            TokenKind::Number
        } else if is_keyword(&lower) {
            // fill/fill_left/fill_right are keywords only before `(`; otherwise metric names.
            let rest = self.chars.get(self.i..).unwrap_or(&[]);
            let paren_follows = rest
                .iter()
                .map(|&(_, c)| c)
                .find(|c| !c.is_ascii_whitespace())
                == Some('(');
            if lower.starts_with("fill") && !paren_follows {
                TokenKind::Ident
            } else {
                TokenKind::Keyword
            }
        } else {
            TokenKind::Ident
        };
        self.emit(kind, start);
    }

    /// A quoted string; the opening quote is consumed. Escapes are checked the way promql-parser's
    /// lexer and `unquote_string` do, so a string promql-parser rejects becomes an Error token. As in
    /// Prometheus, backquoted strings have no escapes and `"`/`'` strings cannot span lines (the
    /// unterminated string stops before the newline so that lexing resumes on the next line).
    fn string(&mut self, start: usize, quote: char) {
        let mut valid = true;
        let kind = loop {
            let Some(c) = self.peek() else {
                break TokenKind::Error;
            };
            if c == '\n' && quote != '`' {
                break TokenKind::Error;
            }
            self.i += 1;
            if c == quote {
                break if valid {
                    TokenKind::String
                } else {
                    TokenKind::Error
                };
            }
            if c == '\\' && quote != '`' {
                valid &= self.escape(quote);
            }
        };
        self.emit(kind, start);
    }

    /// Consumes the escape after a `\`; false if promql-parser would reject it.
    fn escape(&mut self, quote: char) -> bool {
        let Some(c) = self.peek() else {
            return false;
        };
        if c == '\n' {
            return false;
        }
        self.i += 1;
        let (digits, radix) = match c {
            c if c == quote || "abfnrtv\\".contains(c) => return true,
            'x' => (2, 16),
            'u' => (4, 16),
            'U' => (8, 16),
            '0'..='7' => (2, 8),
            _ => return false,
        };
        let mut value = c.to_digit(8).filter(|_| radix == 8).unwrap_or(0);
        for _ in 0..digits {
            match self.peek().and_then(|d| d.to_digit(radix)) {
                Some(d) => {
                    value = value.saturating_mul(radix).saturating_add(d);
                    self.i += 1;
                }
                None => return false,
            }
        }
        match c {
            'x' => true,
            '0'..='7' => value <= 255,
            _ => char::from_u32(value).is_some(),
        }
    }
}

#[cfg(test)]
pub(super) mod tests {
    use super::*;
    use TokenKind::*;

    fn lexed(expr: &str) -> Vec<(TokenKind, &str)> {
        tokenize(expr)
            .iter()
            .map(|t| (t.kind, t.text(expr)))
            .collect()
    }

    /// Every range must lie within `expr` on char boundaries.
    pub(in crate::promql) fn assert_range_ok(expr: &str, r: &Range<usize>, what: &str) {
        assert!(
            r.start <= r.end
                && r.end <= expr.len()
                && expr.is_char_boundary(r.start)
                && expr.is_char_boundary(r.end),
            "{what}: bad range {r:?} for {expr:?}"
        );
    }

    /// Spans are non-empty, ascending, disjoint, and only whitespace is left between them.
    pub(in crate::promql) fn assert_tokens_ok(expr: &str) {
        let mut covered = 0;
        for t in tokenize(expr) {
            assert_range_ok(expr, &t.span, "token");
            assert!(t.span.start < t.span.end, "empty token {t:?} in {expr:?}");
            assert!(
                t.span.start >= covered,
                "overlapping token {t:?} in {expr:?}"
            );
            let gap = expr.get(covered..t.span.start).unwrap_or("");
            assert!(
                gap.chars().all(|c| c.is_ascii_whitespace()),
                "dropped {gap:?} in {expr:?}"
            );
            covered = t.span.end;
        }
        let tail = expr.get(covered..).unwrap_or("");
        assert!(
            tail.chars().all(|c| c.is_ascii_whitespace()),
            "dropped {tail:?} in {expr:?}"
        );
    }

    #[test]
    fn tokenizes_multiline_alert_with_comments() {
        let expr = "# 5xx ratio per job\n\
                    sum by (job) (rate(http_requests_total{code=~\"5..\", job!=\"\"}[5m]))\n  \
                    / ignoring(code) group_left\n\
                    sum by (job) (rate(http_requests_total[1h30m] offset 1d)) > 0.05 # page";
        let expected: &[(TokenKind, usize, &str)] = &[
            (Comment, 0, "# 5xx ratio per job"),
            (Keyword, 20, "sum"),
            (Keyword, 24, "by"),
            (LeftParen, 27, "("),
            (Ident, 28, "job"),
            (RightParen, 31, ")"),
            (LeftParen, 33, "("),
            (Ident, 34, "rate"),
            (LeftParen, 38, "("),
            (Ident, 39, "http_requests_total"),
            (LeftBrace, 58, "{"),
            (Ident, 59, "code"),
            (Op, 63, "=~"),
            (String, 65, "\"5..\""),
            (Comma, 70, ","),
            (Ident, 72, "job"),
            (Op, 75, "!="),
            (String, 77, "\"\""),
            (RightBrace, 79, "}"),
            (LeftBracket, 80, "["),
            (Duration, 81, "5m"),
            (RightBracket, 83, "]"),
            (RightParen, 84, ")"),
            (RightParen, 85, ")"),
            (Op, 89, "/"),
            (Keyword, 91, "ignoring"),
            (LeftParen, 99, "("),
            (Ident, 100, "code"),
            (RightParen, 104, ")"),
            (Keyword, 106, "group_left"),
            (Keyword, 117, "sum"),
            (Keyword, 121, "by"),
            (LeftParen, 124, "("),
            (Ident, 125, "job"),
            (RightParen, 128, ")"),
            (LeftParen, 130, "("),
            (Ident, 131, "rate"),
            (LeftParen, 135, "("),
            (Ident, 136, "http_requests_total"),
            (LeftBracket, 155, "["),
            (Duration, 156, "1h30m"),
            (RightBracket, 161, "]"),
            (Keyword, 163, "offset"),
            (Duration, 170, "1d"),
            (RightParen, 172, ")"),
            (RightParen, 173, ")"),
            (Op, 175, ">"),
            (Number, 177, "0.05"),
            (Comment, 182, "# page"),
        ];
        let got = tokenize(expr);
        let got: Vec<_> = got.iter().map(|t| (t.kind, t.span.clone())).collect();
        let want: Vec<_> = expected
            .iter()
            .map(|&(k, start, text)| (k, start..start + text.len()))
            .collect();
        assert_eq!(got, want);
        for &(_, start, text) in expected {
            assert_eq!(&expr[start..start + text.len()], text);
        }
    }

    #[test]
    fn tokenizes_literals_like_prometheus() {
        assert_eq!(
            lexed("0x1F 1e-3 .5 Inf NaN 5m 1h30m 1.5m 100ms 5"),
            [
                (Number, "0x1F"),
                (Number, "1e-3"),
                (Number, ".5"),
                (Number, "Inf"),
                (Number, "NaN"),
                (Duration, "5m"),
                (Duration, "1h30m"),
                (Duration, "1.5m"),
                (Duration, "100ms"),
                (Number, "5"),
            ]
        );
        assert_eq!(
            lexed(r#""a\"b\n" 'c\'d' `e\f` "é""#),
            [
                (String, r#""a\"b\n""#),
                (String, r"'c\'d'"),
                (String, r"`e\f`"),
                (String, "\"é\"")
            ]
        );
        let ops: Vec<_> = lexed("a==b!=c>=d<=e>f<g+h-i*j/k%l^m")
            .into_iter()
            .filter(|(k, _)| *k == Op)
            .map(|(_, t)| t)
            .collect();
        assert_eq!(
            ops,
            ["==", "!=", ">=", "<=", ">", "<", "+", "-", "*", "/", "%", "^"]
        );
        // Keywords are case-insensitive; colons belong to metric names; inside braces keywords are
        // label names; fill is a keyword only before `(`.
        assert_eq!(
            lexed("SUM BY (a) (job:rate5m{by=\"x\", or=\"y\"} @ start())"),
            [
                (Keyword, "SUM"),
                (Keyword, "BY"),
                (LeftParen, "("),
                (Ident, "a"),
                (RightParen, ")"),
                (LeftParen, "("),
                (Ident, "job:rate5m"),
                (LeftBrace, "{"),
                (Ident, "by"),
                (Op, "="),
                (String, "\"x\""),
                (Comma, ","),
                (Ident, "or"),
                (Op, "="),
                (String, "\"y\""),
                (RightBrace, "}"),
                (At, "@"),
                (Keyword, "start"),
                (LeftParen, "("),
                (RightParen, ")"),
                (RightParen, ")"),
            ]
        );
        assert_eq!(lexed("fill + fill(1)")[0], (Ident, "fill"));
        assert_eq!(lexed("fill + fill(1)")[2], (Keyword, "fill"));
        assert_eq!(lexed("{a=\"1\" or b=\"2\"}")[4], (Keyword, "or"));
        assert_eq!(lexed("x[5m:1m]")[3..5], [(Colon, ":"), (Duration, "1m")]);
    }

    #[test]
    fn error_tokens_and_recovery() {
        // Unterminated string: an Error token up to the newline, then lexing goes on.
        assert_eq!(
            lexed("foo{a=\"b\n}"),
            [
                (Ident, "foo"),
                (LeftBrace, "{"),
                (Ident, "a"),
                (Op, "="),
                (Error, "\"b"),
                (RightBrace, "}")
            ]
        );
        assert_eq!(
            lexed("x $ é y"),
            [(Ident, "x"), (Error, "$"), (Error, "é"), (Ident, "y")]
        );
        assert_eq!(
            lexed("(1)) 2"),
            [
                (LeftParen, "("),
                (Number, "1"),
                (RightParen, ")"),
                (Error, ")"),
                (Number, "2")
            ]
        );
        assert_eq!(
            lexed("1 =~ 2 !~ 3 ! 4"),
            [
                (Number, "1"),
                (Error, "=~"),
                (Number, "2"),
                (Error, "!~"),
                (Number, "3"),
                (Error, "!"),
                (Number, "4")
            ]
        );
        assert_eq!(
            lexed("x[5x]"),
            [
                (Ident, "x"),
                (LeftBracket, "["),
                (Error, "5x"),
                (RightBracket, "]")
            ]
        );
        assert_eq!(lexed("x[:5m]")[2], (Error, ":"));
        assert_eq!(
            lexed(r#""\q" "\x4" `a"#),
            [(Error, r#""\q""#), (Error, r#""\x4""#), (Error, "`a")]
        );
        assert_eq!(lexed("foo{a*\"b\"}")[3], (Error, "*"));
        assert_eq!(lexed("} ]")[..], [(Error, "}"), (Error, "]")]);
    }
}
