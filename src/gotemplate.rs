//! A parser for Go `text/template` strings as Prometheus uses them in alert labels and annotations.
//!
//! `promtool check rules` rejects any label or annotation that Go's template parser rejects. This module
//! follows the lexer and parser in Go's `text/template/parse` closely enough to find the same errors,
//! and points at the offending token. While parsing it also collects which series labels the template
//! reads (`$labels.instance`, `index $labels "pod"`, ...) and where it uses the sample value.
//!
//! Prometheus parses each template with this preamble in front of it:
//! `{{$labels := .Labels}}{{$externalLabels := .ExternalLabels}}{{$externalURL := .ExternalURL}}{{$value := .Value}}`
//! so those variables (and `$`) start out defined and dot is the alert's data.
//!
//! The target is a current Prometheus: `{{else with}}` (Go 1.23) and the `toDuration` and `now`
//! functions are accepted, although older releases (e.g. promtool 2.42) reject them.
//!
//! Known gaps, all on the lenient side so that no error is reported that Go would not report:
//! complex-number literals (`1+2i`) are not checked, and Unicode letters/digits in identifiers use
//! Rust's definitions, which differ from Go's on a few rare code points.

use std::collections::HashMap;
use std::ops::Range;

/// A template Go's parser would reject. `span` is a byte range into the template text, pointing at the
/// offending token (or the `{{` of the offending action when no single token is to blame).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TemplateError {
    pub span: Range<usize>,
    pub message: String,
}

/// A label the template reads from the alert's series: `$labels.instance`, `$.Labels.instance`,
/// `.Labels.instance` (where dot is still the root), `index $labels "instance"`, `index .Labels "instance"`.
/// `span` covers the whole reference (the bytes of `$labels.instance`, or of `index $labels "instance"`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LabelRef {
    pub name: String,
    pub span: Range<usize>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TemplateInfo {
    pub label_refs: Vec<LabelRef>,
    /// Every use of the sample value: `$value`, `.Value` (dot at root), `$.Value` (spans of those tokens).
    pub value_refs: Vec<Range<usize>>,
    /// String literals that mention `$labels`, `$value` or `{{`: text that reads as interpolated but never
    /// is (`query "up{instance='$labels.instance'}"`). Spans of the string tokens.
    pub literal_refs: Vec<Range<usize>>,
    /// Field accesses that fail when the template runs (`.labels` on a query result).
    pub bad_fields: Vec<BadField>,
}

/// A `.field` that the value it is read from does not have: Go's "can't evaluate field" at execution.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BadField {
    /// The `.field` token.
    pub span: Range<usize>,
    pub field: String,
    /// What it was read from: "the alert data", "a query result sample", "a query result".
    pub on: &'static str,
    /// The field meant, when only the case differs (`Labels` for `labels`).
    pub suggestion: Option<&'static str>,
}

/// Parses like Go's text/template (with Prometheus's preamble and function map) and collects references.
/// Text without `{{` returns Ok(TemplateInfo::default()) immediately.
pub fn analyze(text: &str) -> Result<TemplateInfo, TemplateError> {
    if !text.contains("{{") {
        return Ok(TemplateInfo::default());
    }
    let (toks, lex_err) = lex(text);
    let mut parser = Parser::new(text, toks, lex_err);
    parser.parse_template()?;
    Ok(parser.info)
}

/// Blocks and parenthesised pipelines nest at most this deep; the parser recurses once per level.
const MAX_DEPTH: usize = 100;

fn error(span: Range<usize>, message: impl Into<String>) -> TemplateError {
    TemplateError {
        span,
        message: message.into(),
    }
}

// ---------------------------------------------------------------------------------------------------
// Lexer: a port of Go's text/template/parse/lex.go. It runs to completion up front; a lexing error
// becomes a final `Error` token so the parser reports errors in the same order Go does (Go's parser
// consumes its lexer lazily, so a parse error earlier in the text wins over a later lex error).
// ---------------------------------------------------------------------------------------------------

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kw {
    Block,
    Break,
    Continue,
    Define,
    Else,
    End,
    If,
    Range,
    Template,
    With,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Tk {
    Text,
    LeftDelim,
    RightDelim,
    Space,
    Ident,
    Field,
    Var,
    Dot,
    Bool,
    Nil,
    Number,
    CharConst,
    Complex,
    Str,
    RawStr,
    LParen,
    RParen,
    Pipe,
    Assign,
    Declare,
    /// Any other printable ASCII character; only `,` means something (in `range $i, $e :=`).
    Char,
    Kw(Kw),
    Eof,
    Error,
}

#[derive(Debug, Clone, Copy)]
struct Tok {
    kind: Tk,
    start: usize,
    end: usize,
}

fn is_space(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\r' | '\n')
}

fn is_alnum(c: char) -> bool {
    c == '_' || c.is_alphabetic() || c.is_numeric()
}

/// Go's `%#U` rendering, used in its lexer messages: `U+002D '-'`.
fn go_rune(c: char) -> String {
    format!("U+{:04X} '{}'", c as u32, c)
}

fn lex(src: &str) -> (Vec<Tok>, Option<TemplateError>) {
    let mut lx = Lexer {
        src,
        pos: 0,
        toks: Vec::new(),
    };
    let err = lx.run().err();
    let kind = if err.is_some() { Tk::Error } else { Tk::Eof };
    lx.toks.push(Tok {
        kind,
        start: src.len(),
        end: src.len(),
    });
    (lx.toks, err)
}

struct Lexer<'a> {
    src: &'a str,
    /// Always on a char boundary: it only moves by whole chars.
    pos: usize,
    toks: Vec<Tok>,
}

impl Lexer<'_> {
    fn rest(&self) -> &str {
        self.src.get(self.pos..).unwrap_or("")
    }

    fn peek(&self) -> Option<char> {
        self.rest().chars().next()
    }

    fn bump(&mut self) -> Option<char> {
        let c = self.peek()?;
        self.pos += c.len_utf8();
        Some(c)
    }

    fn accept(&mut self, valid: &str) -> bool {
        match self.peek() {
            Some(c) if valid.contains(c) => {
                self.pos += c.len_utf8();
                true
            }
            _ => false,
        }
    }

    fn accept_run(&mut self, valid: &str) {
        while self.accept(valid) {}
    }

    fn push(&mut self, kind: Tk, start: usize, end: usize) {
        self.toks.push(Tok { kind, start, end });
    }

    fn run(&mut self) -> Result<(), TemplateError> {
        while let Some(offset) = self.rest().find("{{") {
            let open = self.pos + offset;
            if offset > 0 {
                self.push(Tk::Text, self.pos, open);
            }
            self.pos = open + 2;
            // "{{- " trims the text before; only whitespace goes, so it changes nothing we check.
            let b = self.rest().as_bytes();
            let trim = b.len() >= 2 && b[0] == b'-' && is_space(char::from(b[1]));
            let after = if trim { self.pos + 2 } else { self.pos };
            // Comments must start right after the delimiter (and optional trim marker).
            if self.src.get(after..).is_some_and(|s| s.starts_with("/*")) {
                self.lex_comment(open, after + 2)?;
            } else {
                self.push(Tk::LeftDelim, open, open + 2);
                self.pos = after;
                self.lex_action(open)?;
            }
        }
        if self.pos < self.src.len() {
            self.push(Tk::Text, self.pos, self.src.len());
        }
        Ok(())
    }

    /// Length of the right delimiter at `pos`: `}}`, or ` -}}` with a trim marker.
    fn right_delim_len(&self) -> Option<usize> {
        let rest = self.rest();
        let b = rest.as_bytes();
        if rest.starts_with("}}") {
            Some(2)
        } else if b.len() >= 4 && is_space(char::from(b[0])) && rest[1..].starts_with("-}}") {
            Some(4)
        } else {
            None
        }
    }

    fn lex_comment(&mut self, open: usize, body: usize) -> Result<(), TemplateError> {
        let Some(len) = self.src.get(body..).and_then(|s| s.find("*/")) else {
            return Err(error(open..open + 2, "unclosed comment"));
        };
        self.pos = body + len + 2;
        match self.right_delim_len() {
            Some(n) => {
                self.pos += n;
                Ok(())
            }
            None => Err(error(
                self.pos - 2..self.pos,
                "comment ends before closing delimiter",
            )),
        }
    }

    fn lex_action(&mut self, open: usize) -> Result<(), TemplateError> {
        let mut parens: Vec<usize> = Vec::new();
        loop {
            let start = self.pos;
            if let Some(n) = self.right_delim_len() {
                if let Some(&p) = parens.last() {
                    return Err(error(p..p + 1, "unclosed left paren"));
                }
                self.pos += n;
                self.push(Tk::RightDelim, start, self.pos);
                return Ok(());
            }
            let Some(c) = self.bump() else {
                return Err(error(open..open + 2, "unclosed action"));
            };
            let kind = match c {
                ' ' | '\t' | '\r' | '\n' => match self.lex_space(start) {
                    Some(kind) => kind,
                    None => continue,
                },
                '=' => Tk::Assign,
                ':' if self.accept("=") => Tk::Declare,
                ':' => return Err(error(start..start + 1, "expected :=")),
                '|' => Tk::Pipe,
                '"' => self.lex_quote(start, '"', "unterminated quoted string", Tk::Str)?,
                '\'' => {
                    self.lex_quote(start, '\'', "unclosed character constant", Tk::CharConst)?
                }
                '`' => match self.rest().find('`') {
                    Some(i) => {
                        self.pos += i + 1;
                        Tk::RawStr
                    }
                    None => return Err(error(start..start + 1, "unterminated raw quoted string")),
                },
                '$' => self.lex_word(Tk::Var)?,
                // ".5" is a number; "." at the very end of input falls through to the number lexer too.
                '.' if self.peek().is_some_and(|d| !d.is_ascii_digit()) => {
                    self.lex_word(Tk::Field)?
                }
                '.' | '+' | '-' | '0'..='9' => {
                    self.pos = start;
                    self.lex_number(start)?
                }
                c if is_alnum(c) => self.lex_identifier(start)?,
                '(' => {
                    parens.push(start);
                    Tk::LParen
                }
                ')' => {
                    if parens.pop().is_none() {
                        return Err(error(start..start + 1, "unexpected right paren"));
                    }
                    Tk::RParen
                }
                ' '..='~' => Tk::Char,
                c => {
                    let msg = format!("unrecognized character in action: {}", go_rune(c));
                    return Err(error(start..self.pos, msg));
                }
            };
            self.push(kind, start, self.pos);
        }
    }

    /// A run of spaces, minus the one that belongs to a ` -}}` trim marker; None if nothing is left.
    fn lex_space(&mut self, start: usize) -> Option<Tk> {
        while self.peek().is_some_and(is_space) {
            self.pos += 1;
        }
        if self.rest().starts_with("-}}") {
            self.pos -= 1;
            if self.pos == start {
                return None;
            }
        }
        Some(Tk::Space)
    }

    fn lex_quote(
        &mut self,
        start: usize,
        quote: char,
        msg: &str,
        kind: Tk,
    ) -> Result<Tk, TemplateError> {
        loop {
            let before = self.pos;
            match self.bump() {
                Some('\\') => match self.bump() {
                    Some(c) if c != '\n' => {}
                    Some(_) => return Err(error(start..self.pos - 1, msg)),
                    None => return Err(error(start..self.pos, msg)),
                },
                Some(c) if c == quote => return Ok(kind),
                Some('\n') | None => return Err(error(start..before, msg)),
                Some(_) => {}
            }
        }
    }

    /// Go's atTerminator: what may follow an identifier, field or variable.
    fn at_terminator(&self) -> bool {
        match self.peek() {
            None => true,
            Some(c) => {
                is_space(c)
                    || matches!(c, '.' | ',' | '|' | ':' | ')' | '(')
                    || self.rest().starts_with("}}")
            }
        }
    }

    fn check_terminator(&self) -> Result<(), TemplateError> {
        match self.peek() {
            Some(c) if !self.at_terminator() => Err(error(
                self.pos..self.pos + c.len_utf8(),
                format!("bad character {}", go_rune(c)),
            )),
            _ => Ok(()),
        }
    }

    /// The rest of `$name` or `.name`, after the `$` or `.`; a lone `$` or `.` is valid too.
    fn lex_word(&mut self, kind: Tk) -> Result<Tk, TemplateError> {
        if self.at_terminator() {
            return Ok(if kind == Tk::Field { Tk::Dot } else { Tk::Var });
        }
        while self.peek().is_some_and(is_alnum) {
            self.bump();
        }
        self.check_terminator()?;
        Ok(kind)
    }

    fn lex_identifier(&mut self, start: usize) -> Result<Tk, TemplateError> {
        while self.peek().is_some_and(is_alnum) {
            self.bump();
        }
        self.check_terminator()?;
        Ok(match self.src.get(start..self.pos).unwrap_or("") {
            "block" => Tk::Kw(Kw::Block),
            "break" => Tk::Kw(Kw::Break),
            "continue" => Tk::Kw(Kw::Continue),
            "define" => Tk::Kw(Kw::Define),
            "else" => Tk::Kw(Kw::Else),
            "end" => Tk::Kw(Kw::End),
            "if" => Tk::Kw(Kw::If),
            "range" => Tk::Kw(Kw::Range),
            "template" => Tk::Kw(Kw::Template),
            "with" => Tk::Kw(Kw::With),
            "nil" => Tk::Nil,
            "true" | "false" => Tk::Bool,
            _ => Tk::Ident,
        })
    }

    /// Go's lexNumber: scans generously; the parser checks the value (see `check_number`).
    fn lex_number(&mut self, start: usize) -> Result<Tk, TemplateError> {
        let mut ok = self.scan_number();
        let mut kind = Tk::Number;
        if ok && matches!(self.peek(), Some('+' | '-')) {
            // A complex constant like 1+2i: no spaces, must end in 'i'.
            ok = self.scan_number() && self.src.get(..self.pos).is_some_and(|s| s.ends_with('i'));
            kind = Tk::Complex;
        }
        if ok {
            return Ok(kind);
        }
        let text = self.src.get(start..self.pos).unwrap_or("");
        Err(error(
            start..self.pos,
            format!("bad number syntax: {text:?}"),
        ))
    }

    fn scan_number(&mut self) -> bool {
        const DEC: &str = "0123456789_";
        const HEX: &str = "0123456789abcdefABCDEF_";
        self.accept("+-");
        let mut digits = DEC;
        if self.accept("0") {
            if self.accept("xX") {
                digits = HEX;
            } else if self.accept("oO") {
                digits = "01234567_";
            } else if self.accept("bB") {
                digits = "01_";
            }
        }
        self.accept_run(digits);
        if self.accept(".") {
            self.accept_run(digits);
        }
        if (digits == DEC && self.accept("eE")) || (digits == HEX && self.accept("pP")) {
            self.accept("+-");
            self.accept_run(DEC);
        }
        self.accept("i");
        if self.peek().is_some_and(is_alnum) {
            self.bump();
            return false;
        }
        true
    }
}

// ---------------------------------------------------------------------------------------------------
// Literal checks: what Go's parser does with strconv on numbers, strings and character constants.
// ---------------------------------------------------------------------------------------------------

/// Go's newNumber for an itemNumber token.
fn check_number(text: &str) -> Result<(), String> {
    if text.strip_suffix('i').is_some_and(parse_float) || parse_int(text) {
        return Ok(());
    }
    if parse_float(text) {
        // Go: a float that looks like an integer is one too large for 64 bits.
        if !text.contains(['.', 'e', 'E', 'p', 'P']) {
            return Err(format!("integer overflow: {text:?}"));
        }
        return Ok(());
    }
    Err(format!("illegal number syntax: {text:?}"))
}

/// Go's underscoreOK: underscores only between digits, or between a base prefix and a digit.
fn underscore_ok(text: &str) -> bool {
    let s = text.strip_prefix(['+', '-']).unwrap_or(text).as_bytes();
    let mut saw = b'^';
    let mut i = 0;
    let mut hex = false;
    if s.len() >= 2 && s[0] == b'0' && matches!(s[1].to_ascii_lowercase(), b'b' | b'o' | b'x') {
        i = 2;
        saw = b'0';
        hex = s[1].eq_ignore_ascii_case(&b'x');
    }
    for &c in &s[i..] {
        if c.is_ascii_digit() || (hex && c.is_ascii_hexdigit()) {
            saw = b'0';
        } else if c == b'_' {
            if saw != b'0' {
                return false;
            }
            saw = b'_';
        } else {
            if saw == b'_' {
                return false;
            }
            saw = b'!';
        }
    }
    saw != b'_'
}

/// strconv.ParseUint / ParseInt with base 0 (one of them succeeding).
fn parse_int(text: &str) -> bool {
    let (sign, s) = match text.as_bytes().first() {
        Some(b'+') | Some(b'-') => (text.get(..1).unwrap_or(""), text.get(1..).unwrap_or("")),
        _ => ("", text),
    };
    let (radix, digits) = match s.get(..2) {
        Some("0x" | "0X") => (16, &s[2..]),
        Some("0o" | "0O") => (8, &s[2..]),
        Some("0b" | "0B") => (2, &s[2..]),
        _ if s.len() > 1 && s.starts_with('0') => (8, &s[1..]),
        _ => (10, s),
    };
    if !underscore_ok(text) {
        return false;
    }
    let digits: String = digits.chars().filter(|&c| c != '_').collect();
    if digits.is_empty() || digits.starts_with('+') {
        return false;
    }
    match u64::from_str_radix(&digits, radix) {
        Ok(v) if sign == "-" => v <= 1 << 63,
        Ok(v) if sign == "+" => v <= i64::MAX as u64,
        Ok(_) => true,
        Err(_) => false,
    }
}

/// strconv.ParseFloat: decimal, or hex with a mandatory `p` exponent; overflow to ±Inf is an error.
fn parse_float(text: &str) -> bool {
    if text.contains('_') && !underscore_ok(text) {
        return false;
    }
    let s: String = text.chars().filter(|&c| c != '_').collect();
    let body = s.strip_prefix(['+', '-']).unwrap_or(&s);
    if let Some(hex) = body.strip_prefix("0x").or_else(|| body.strip_prefix("0X")) {
        let Some((mantissa, exp)) = hex.split_once(['p', 'P']) else {
            return false;
        };
        let exp = exp.strip_prefix(['+', '-']).unwrap_or(exp);
        let has_digit = mantissa.chars().any(|c| c.is_ascii_hexdigit());
        let mantissa_ok = mantissa.chars().all(|c| c.is_ascii_hexdigit() || c == '.')
            && mantissa.matches('.').count() <= 1;
        return has_digit
            && mantissa_ok
            && !exp.is_empty()
            && exp.chars().all(|c| c.is_ascii_digit());
    }
    // Restricting the alphabet keeps Rust from accepting "inf"/"nan", which Go's lexer never produces.
    body.chars()
        .all(|c| c.is_ascii_digit() || matches!(c, '.' | 'e' | 'E' | '+' | '-'))
        && s.parse::<f64>().is_ok_and(f64::is_finite)
}

/// strconv.UnquoteChar: decodes one (possibly escaped) character of a quoted literal.
/// Byte escapes (`\xff`, `\377`) decode to the char with that code, which is enough for label names.
fn unquote_char(it: &mut std::str::Chars, quote: char) -> Option<char> {
    let c = it.next()?;
    if c == quote {
        return None;
    }
    if c != '\\' {
        return Some(c);
    }
    let e = it.next()?;
    let simple = match e {
        'a' => '\u{7}',
        'b' => '\u{8}',
        'f' => '\u{c}',
        'n' => '\n',
        'r' => '\r',
        't' => '\t',
        'v' => '\u{b}',
        '\\' => '\\',
        '\'' | '"' if e == quote => e,
        'x' | 'u' | 'U' => {
            let n = match e {
                'x' => 2,
                'u' => 4,
                _ => 8,
            };
            let mut v: u32 = 0;
            for _ in 0..n {
                v = v * 16 + it.next()?.to_digit(16)?;
            }
            return char::from_u32(v);
        }
        '0'..='7' => {
            let mut v = e.to_digit(8)?;
            for _ in 0..2 {
                v = v * 8 + it.next()?.to_digit(8)?;
            }
            return if v <= 255 { char::from_u32(v) } else { None };
        }
        _ => return None,
    };
    Some(simple)
}

/// The value of a `"..."` or `` `...` `` token, or Go's "invalid syntax" for a bad escape.
fn string_value(tok: Tok, text: &str) -> Result<String, TemplateError> {
    let inner = text.get(1..text.len().saturating_sub(1)).unwrap_or("");
    if tok.kind == Tk::RawStr {
        // Go drops carriage returns from raw strings.
        return Ok(inner.chars().filter(|&c| c != '\r').collect());
    }
    let mut it = inner.chars();
    let mut out = String::new();
    while !it.as_str().is_empty() {
        match unquote_char(&mut it, '"') {
            Some(c) => out.push(c),
            None => return Err(error(tok.start..tok.end, "invalid syntax")),
        }
    }
    Ok(out)
}

fn check_char_const(text: &str) -> Result<(), String> {
    let mut it = text.get(1..).unwrap_or("").chars();
    unquote_char(&mut it, '\'').ok_or("invalid syntax")?;
    if it.as_str() != "'" {
        return Err(format!("malformed character constant: {text}"));
    }
    Ok(())
}

/// Go's builtin template functions.
const BUILTINS: &[&str] = &[
    "and", "call", "html", "index", "slice", "js", "len", "not", "or", "print", "printf",
    "println", "urlquery", "eq", "ge", "gt", "le", "lt", "ne",
];

/// The function map Prometheus registers for alert templates.
const PROMETHEUS_FUNCTIONS: &[&str] = &[
    "query",
    "first",
    "label",
    "value",
    "strvalue",
    "args",
    "reReplaceAll",
    "safeHtml",
    "match",
    "title",
    "toUpper",
    "toLower",
    "graphLink",
    "tableLink",
    "sortByLabel",
    "humanize",
    "humanize1024",
    "humanizeDuration",
    "humanizePercentage",
    "humanizeTimestamp",
    "toTime",
    "toDuration",
    "now",
    "pathPrefix",
    "externalURL",
    "parseDuration",
    "stripPort",
    "stripDomain",
];

// ---------------------------------------------------------------------------------------------------
// Parser: a port of Go's text/template/parse/parse.go that keeps no tree, only what the checks and the
// reference collection need.
// ---------------------------------------------------------------------------------------------------

/// What a value is known to be, to tell which fields are series labels.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// The alert data (`.Labels`, `.Value`, ...).
    Root,
    /// The series labels map.
    Labels,
    /// The sample value.
    Value,
    /// What `query` returns: a list of samples, with no fields.
    Query,
    /// One sample of a query result (`range query ...`, `query ... | first`): `.Labels`, `.Value`.
    Sample,
    /// A query result sample's labels: any key, none of them the alert's.
    SampleLabels,
    Other,
}

/// The fields of the alert data and of a query result sample, as Prometheus defines them.
const ROOT_FIELDS: &[&str] = &["Labels", "ExternalLabels", "ExternalURL", "Value"];
const SAMPLE_FIELDS: &[&str] = &["Labels", "Value"];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Ctl {
    If,
    Range,
    With,
}

impl Ctl {
    fn name(self) -> &'static str {
        match self {
            Ctl::If => "if",
            Ctl::Range => "range",
            Ctl::With => "with",
        }
    }
}

/// A parsed node, as far as its caller cares.
enum Node {
    /// Text or an action; `empty` for whitespace-only text (Go's IsEmptyTree).
    Item {
        empty: bool,
    },
    End(Tok),
    Else(Tok),
}

/// How an item list ended.
enum Close {
    End,
    Else(Tok),
}

struct Pipe {
    /// Indexes into `Parser::vars` of the variables the pipeline declares.
    decls: Vec<usize>,
    /// The pipeline's value when it is a single operand; `Other` otherwise.
    kind: Kind,
    /// The token that ended it (`}}` or `)`).
    end: Tok,
}

struct Operand {
    tok: Tok,
    end: usize,
    kind: Kind,
}

struct Parser<'a> {
    src: &'a str,
    toks: Vec<Tok>,
    lex_err: Option<TemplateError>,
    i: usize,
    /// Variables in scope, in declaration order; a block truncates back to its mark at `{{end}}`.
    vars: Vec<(&'a str, Kind)>,
    /// Name -> indexes into `vars`, innermost last, so lookups stay O(1) for huge templates.
    var_index: HashMap<&'a str, Vec<usize>>,
    dot: Kind,
    range_depth: usize,
    depth: usize,
    /// The `{{` of the action being parsed, for errors no single token is to blame for.
    action: Tok,
    /// Names of `define`/`block` templates, and whether their body is non-empty.
    templates: HashMap<String, bool>,
    info: TemplateInfo,
}

impl<'a> Parser<'a> {
    fn new(src: &'a str, toks: Vec<Tok>, lex_err: Option<TemplateError>) -> Self {
        let mut p = Parser {
            src,
            toks,
            lex_err,
            i: 0,
            vars: Vec::new(),
            var_index: HashMap::new(),
            dot: Kind::Root,
            range_depth: 0,
            depth: 0,
            action: Tok {
                kind: Tk::LeftDelim,
                start: 0,
                end: 0,
            },
            templates: HashMap::new(),
            info: TemplateInfo::default(),
        };
        // `$` plus the variables of Prometheus's preamble.
        for (name, kind) in [
            ("$", Kind::Root),
            ("$labels", Kind::Labels),
            ("$externalLabels", Kind::Other),
            ("$externalURL", Kind::Other),
            ("$value", Kind::Value),
        ] {
            p.declare(name, kind);
        }
        p
    }

    fn text(&self, t: Tok) -> &'a str {
        self.src.get(t.start..t.end).unwrap_or("")
    }

    // --- token access (the token list always ends with Eof or Error) ---

    fn peek(&self) -> Tok {
        let eof = Tok {
            kind: Tk::Eof,
            start: self.src.len(),
            end: self.src.len(),
        };
        self.toks
            .get(self.i)
            .or(self.toks.last())
            .copied()
            .unwrap_or(eof)
    }

    fn next(&mut self) -> Result<Tok, TemplateError> {
        let t = self.peek();
        if t.kind == Tk::Error {
            return Err(self.lex_error());
        }
        self.i += 1;
        Ok(t)
    }

    fn backup(&mut self) {
        self.i = self.i.saturating_sub(1);
    }

    fn peek_non_space(&mut self) -> Tok {
        while self.peek().kind == Tk::Space {
            self.i += 1;
        }
        self.peek()
    }

    fn next_non_space(&mut self) -> Result<Tok, TemplateError> {
        self.peek_non_space();
        self.next()
    }

    fn expect(&mut self, kind: Tk, context: &str) -> Result<Tok, TemplateError> {
        let t = self.next_non_space()?;
        if t.kind != kind {
            return Err(self.unexpected(t, context));
        }
        Ok(t)
    }

    fn lex_error(&self) -> TemplateError {
        let at = self.src.len();
        self.lex_err
            .clone()
            .unwrap_or_else(|| error(at..at, "lexer error"))
    }

    /// Go's `unexpected %s in %s`, rendering the token the way Go's item.String does.
    fn unexpected(&self, t: Tok, context: &str) -> TemplateError {
        let text = self.text(t);
        let shown = match t.kind {
            Tk::Error => return self.lex_error(),
            Tk::Eof => "EOF".to_string(),
            Tk::Kw(_) | Tk::Nil | Tk::Dot => format!("<{text}>"),
            _ if text.chars().count() > 10 => {
                format!("{:?}...", text.chars().take(10).collect::<String>())
            }
            _ => format!("{text:?}"),
        };
        error(t.start..t.end, format!("unexpected {shown} in {context}"))
    }

    fn enter(&mut self, at: Tok) -> Result<(), TemplateError> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(error(
                at.start..at.end,
                format!("template nesting too deep (more than {MAX_DEPTH} levels)"),
            ));
        }
        Ok(())
    }

    // --- variables ---

    fn declare(&mut self, name: &'a str, kind: Kind) -> usize {
        let idx = self.vars.len();
        self.vars.push((name, kind));
        self.var_index.entry(name).or_default().push(idx);
        idx
    }

    fn pop_vars(&mut self, mark: usize) {
        while self.vars.len() > mark {
            if let Some((name, _)) = self.vars.pop() {
                if let Some(stack) = self.var_index.get_mut(name) {
                    stack.pop();
                }
            }
        }
    }

    fn set_kinds(&mut self, decls: &[usize], kind: Kind) {
        for &idx in decls {
            if let Some(var) = self.vars.get_mut(idx) {
                var.1 = kind;
            }
        }
    }

    /// Runs `f` the way Go parses a `define` or `block` body: as a separate template whose only
    /// variable is `$`, outside any range.
    fn in_fresh_scope<T>(
        &mut self,
        root: Kind,
        f: impl FnOnce(&mut Self) -> Result<T, TemplateError>,
    ) -> Result<T, TemplateError> {
        let vars = std::mem::take(&mut self.vars);
        let index = std::mem::take(&mut self.var_index);
        let (dot, range_depth) = (self.dot, self.range_depth);
        self.declare("$", root);
        self.dot = root;
        self.range_depth = 0;
        let result = f(self);
        self.vars = vars;
        self.var_index = index;
        self.dot = dot;
        self.range_depth = range_depth;
        result
    }

    // --- grammar ---

    /// Go's Tree.parse: the top level, the only place `{{define}}` is recognised.
    fn parse_template(&mut self) -> Result<(), TemplateError> {
        loop {
            let t = self.peek();
            match t.kind {
                Tk::Eof => return Ok(()),
                Tk::LeftDelim => {
                    let saved = self.i;
                    self.i += 1;
                    if self.peek_non_space().kind == Tk::Kw(Kw::Define) {
                        self.i += 1;
                        self.action = t;
                        self.define(t)?;
                        continue;
                    }
                    self.i = saved;
                }
                _ => {}
            }
            match self.text_or_action()? {
                Node::Item { .. } => {}
                Node::End(t) => return Err(error(t.start..t.end, "unexpected {{end}}")),
                Node::Else(t) => return Err(error(t.start..t.end, "unexpected {{else}}")),
            }
        }
    }

    fn text_or_action(&mut self) -> Result<Node, TemplateError> {
        let t = self.next_non_space()?;
        match t.kind {
            Tk::Text => Ok(Node::Item {
                empty: self.text(t).trim().is_empty(),
            }),
            Tk::LeftDelim => {
                self.action = t;
                self.action(t)
            }
            _ => Err(self.unexpected(t, "input")),
        }
    }

    /// Nodes up to the `{{end}}` or `{{else}}` closing the block opened at `open`, and whether any of
    /// them is non-empty.
    fn item_list(&mut self, open: Tok, what: &str) -> Result<(Close, bool), TemplateError> {
        let mut nonempty = false;
        loop {
            if self.peek_non_space().kind == Tk::Eof {
                let msg = format!("unexpected EOF: {{{{{what}}}}} has no matching {{{{end}}}}");
                return Err(error(open.start..open.end, msg));
            }
            match self.text_or_action()? {
                Node::Item { empty } => nonempty |= !empty,
                Node::End(_) => return Ok((Close::End, nonempty)),
                Node::Else(t) => return Ok((Close::Else(t), nonempty)),
            }
        }
    }

    fn action(&mut self, open: Tok) -> Result<Node, TemplateError> {
        let t = self.next_non_space()?;
        match t.kind {
            Tk::Kw(Kw::Block) => self.block(open),
            Tk::Kw(Kw::Break | Kw::Continue) => {
                let name = self.text(t);
                let next = self.next_non_space()?;
                if next.kind != Tk::RightDelim {
                    return Err(self.unexpected(next, &format!("{{{{{name}}}}}")));
                }
                if self.range_depth == 0 {
                    return Err(error(
                        t.start..t.end,
                        format!("{{{{{name}}}}} outside {{{{range}}}}"),
                    ));
                }
                Ok(Node::Item { empty: false })
            }
            Tk::Kw(Kw::Else) => {
                // `{{else if ...}}` and `{{else with ...}}` leave the keyword for the enclosing block.
                if !matches!(self.peek_non_space().kind, Tk::Kw(Kw::If | Kw::With)) {
                    self.expect(Tk::RightDelim, "else")?;
                }
                Ok(Node::Else(t))
            }
            Tk::Kw(Kw::End) => {
                self.expect(Tk::RightDelim, "end")?;
                Ok(Node::End(t))
            }
            Tk::Kw(Kw::If) => self.control(open, Ctl::If),
            Tk::Kw(Kw::Range) => self.control(open, Ctl::Range),
            Tk::Kw(Kw::With) => self.control(open, Ctl::With),
            Tk::Kw(Kw::Template) => {
                self.template_name("template clause")?;
                if self.next_non_space()?.kind != Tk::RightDelim {
                    self.backup();
                    let pipe = self.pipeline("template clause", Tk::RightDelim)?;
                    self.set_kinds(&pipe.decls, pipe.kind);
                }
                Ok(Node::Item { empty: false })
            }
            _ => {
                self.backup();
                // Variables declared here stay in scope until the {{end}} of the enclosing block.
                let pipe = self.pipeline("command", Tk::RightDelim)?;
                self.set_kinds(&pipe.decls, pipe.kind);
                Ok(Node::Item { empty: false })
            }
        }
    }

    /// `if`, `range` and `with`, including `else if` / `else with` chains. Go parses a chain as
    /// nested blocks sharing one `{{end}}`; a loop gives the same scoping without deep recursion.
    fn control(&mut self, open: Tok, ctl: Ctl) -> Result<Node, TemplateError> {
        self.enter(open)?;
        let mark = self.vars.len();
        let outer_dot = self.dot;
        loop {
            let pipe = self.pipeline(ctl.name(), Tk::RightDelim)?;
            // `with` rebinds dot to the pipeline's value, `range` to each element.
            let (decl_kind, body_dot) = match ctl {
                Ctl::If => (pipe.kind, outer_dot),
                Ctl::With => (pipe.kind, pipe.kind),
                Ctl::Range if pipe.kind == Kind::Query => (Kind::Sample, Kind::Sample),
                Ctl::Range => (Kind::Other, Kind::Other),
            };
            self.set_kinds(&pipe.decls, decl_kind);
            // `range $i, $s := query ...`: the first is the index.
            if let (Ctl::Range, [index, _]) = (ctl, pipe.decls.as_slice()) {
                self.set_kinds(&[*index], Kind::Other);
            }
            self.dot = body_dot;
            let in_range = usize::from(ctl == Ctl::Range);
            self.range_depth += in_range;
            let (close, _) = self.item_list(open, ctl.name())?;
            self.range_depth -= in_range;
            self.dot = outer_dot;
            let Close::Else(_) = close else { break };
            let chained = match self.peek().kind {
                Tk::Kw(Kw::If) => ctl == Ctl::If,
                Tk::Kw(Kw::With) => ctl == Ctl::With,
                _ => false,
            };
            if chained {
                self.i += 1;
                continue;
            }
            // A plain {{else}}: its list must end with {{end}}. (A pending `if`/`with` keyword that
            // cannot chain here is reported by text_or_action as "unexpected <if> in input".)
            if let (Close::Else(t), _) = self.item_list(open, ctl.name())? {
                return Err(error(t.start..t.end, "expected end; found {{else}}"));
            }
            break;
        }
        self.pop_vars(mark);
        self.depth -= 1;
        Ok(Node::Item { empty: false })
    }

    /// The quoted name after `template`, `block` or `define`.
    fn template_name(&mut self, context: &str) -> Result<(String, Tok), TemplateError> {
        let t = self.next_non_space()?;
        if !matches!(t.kind, Tk::Str | Tk::RawStr) {
            return Err(self.unexpected(t, context));
        }
        Ok((string_value(t, self.text(t))?, t))
    }

    /// Go rejects a second non-empty definition of the same template name.
    fn add_template(&mut self, name: String, nonempty: bool, at: Tok) -> Result<(), TemplateError> {
        match self.templates.get(&name) {
            Some(true) if nonempty => {
                let msg = format!("template: multiple definition of template {name:?}");
                Err(error(at.start..at.end, msg))
            }
            Some(true) => Ok(()),
            _ => {
                self.templates.insert(name, nonempty);
                Ok(())
            }
        }
    }

    /// `{{define "name"}}...{{end}}`, after the `define` keyword.
    fn define(&mut self, open: Tok) -> Result<(), TemplateError> {
        let (name, name_tok) = self.template_name("define clause")?;
        self.expect(Tk::RightDelim, "define clause")?;
        // Called from anywhere, so nothing is known about its data.
        let nonempty = self.in_fresh_scope(Kind::Other, |p| p.template_body(open, "define"))?;
        self.add_template(name, nonempty, name_tok)
    }

    /// `{{block "name" pipeline}}...{{end}}`: defines a template and runs it on the pipeline's value.
    fn block(&mut self, open: Tok) -> Result<Node, TemplateError> {
        let (name, name_tok) = self.template_name("block clause")?;
        let pipe = self.pipeline("block clause", Tk::RightDelim)?;
        self.set_kinds(&pipe.decls, pipe.kind);
        let nonempty = self.in_fresh_scope(pipe.kind, |p| p.template_body(open, "block"))?;
        self.add_template(name, nonempty, name_tok)?;
        Ok(Node::Item { empty: false })
    }

    fn template_body(&mut self, open: Tok, what: &str) -> Result<bool, TemplateError> {
        self.enter(open)?;
        let (close, nonempty) = self.item_list(open, what)?;
        if let Close::Else(t) = close {
            return Err(error(
                t.start..t.end,
                format!("unexpected {{{{else}}}} in {what} clause"),
            ));
        }
        self.depth -= 1;
        Ok(nonempty)
    }

    /// Go's Tree.pipeline: optional declarations, then commands separated by `|`, up to `end`.
    fn pipeline(&mut self, context: &str, end: Tk) -> Result<Pipe, TemplateError> {
        let mut decls = Vec::new();
        // `$x :=`, `$x =`, and in a range `$i, $e :=`. Go declares the variable before parsing the
        // commands, so `$x := $x` is accepted.
        loop {
            let v = self.peek_non_space();
            if v.kind != Tk::Var {
                break;
            }
            let at_var = self.i;
            self.i += 1;
            let next = self.peek_non_space();
            match next.kind {
                Tk::Assign | Tk::Declare => {
                    self.i += 1;
                    decls.push(self.declare(self.text(v), Kind::Other));
                }
                Tk::Char if self.text(next) == "," => {
                    self.i += 1;
                    decls.push(self.declare(self.text(v), Kind::Other));
                    if context == "range" && decls.len() < 2 {
                        let p = self.peek_non_space();
                        if matches!(p.kind, Tk::Var | Tk::RightDelim | Tk::RParen) {
                            continue;
                        }
                        return Err(error(p.start..p.end, "range can only initialize variables"));
                    }
                    return Err(error(
                        next.start..next.end,
                        format!("too many declarations in {context}"),
                    ));
                }
                // Not a declaration: the variable is the first operand.
                _ => self.i = at_var,
            }
            break;
        }

        let mut cmds: Vec<(Tok, Kind)> = Vec::new();
        let end_tok = loop {
            let t = self.next_non_space()?;
            if t.kind == end {
                break t;
            }
            match t.kind {
                Tk::Bool
                | Tk::CharConst
                | Tk::Complex
                | Tk::Dot
                | Tk::Field
                | Tk::Ident
                | Tk::Number
                | Tk::Nil
                | Tk::RawStr
                | Tk::Str
                | Tk::Var
                | Tk::LParen => {
                    self.backup();
                    let piped = cmds.last().map(|c| c.1);
                    let (first, kind) = self.command(piped)?;
                    cmds.push((first, kind));
                }
                _ => return Err(self.unexpected(t, context)),
            }
        };

        // Go's checkPipeline.
        if cmds.is_empty() {
            let at = if end == Tk::RParen {
                end_tok
            } else {
                self.action
            };
            return Err(error(
                at.start..at.end,
                format!("missing value for {context}"),
            ));
        }
        for (stage, (first, _)) in cmds.iter().enumerate().skip(1) {
            let literal = matches!(
                first.kind,
                Tk::Bool
                    | Tk::Dot
                    | Tk::Nil
                    | Tk::Number
                    | Tk::CharConst
                    | Tk::Complex
                    | Tk::Str
                    | Tk::RawStr
            );
            if literal {
                let msg = format!("non executable command in pipeline stage {}", stage + 1);
                return Err(error(first.start..first.end, msg));
            }
        }
        let kind = cmds.last().map_or(Kind::Other, |c| c.1);
        Ok(Pipe {
            decls,
            kind,
            end: end_tok,
        })
    }

    /// One command: operands separated by spaces. Returns its first token and the kind of its value
    /// (`piped` is the kind of the previous command's value, passed as the last argument).
    fn command(&mut self, piped: Option<Kind>) -> Result<(Tok, Kind), TemplateError> {
        let mut args: Vec<Operand> = Vec::new();
        loop {
            self.peek_non_space();
            if let Some(op) = self.operand()? {
                args.push(op);
            }
            let t = self.next()?;
            match t.kind {
                Tk::Space => continue,
                Tk::RightDelim | Tk::RParen => self.backup(),
                Tk::Pipe => {}
                _ => return Err(self.unexpected(t, "operand")),
            }
            break;
        }
        let Some(first) = args.first() else {
            let t = self.peek();
            return Err(error(t.start..t.end, "empty command"));
        };
        // `index $labels "name"` reads one label, just like `$labels.name`.
        if let [f, map, key] = args.as_slice() {
            if self.text(f.tok) == "index"
                && f.tok.kind == Tk::Ident
                && map.kind == Kind::Labels
                && matches!(key.tok.kind, Tk::Str | Tk::RawStr)
            {
                let name = string_value(key.tok, self.text(key.tok))?;
                self.info.label_refs.push(LabelRef {
                    name,
                    span: f.tok.start..key.end,
                });
            }
        }
        let function = (first.tok.kind == Tk::Ident).then(|| self.text(first.tok));
        // A piped value is passed as the final argument.
        let last_arg = piped.or_else(|| args.get(1..).and_then(|rest| rest.last()).map(|a| a.kind));
        let kind = match (function, args.len()) {
            (Some("query"), _) => Kind::Query,
            (Some("first"), _) if last_arg == Some(Kind::Query) => Kind::Sample,
            (Some("sortByLabel"), _) if last_arg == Some(Kind::Query) => Kind::Query,
            (Some(_), _) => Kind::Other,
            (None, 1) => first.kind,
            (None, _) => Kind::Other,
        };
        Ok((first.tok, kind))
    }

    /// A term followed by any number of `.field`s.
    fn operand(&mut self) -> Result<Option<Operand>, TemplateError> {
        let Some(mut op) = self.term()? else {
            return Ok(None);
        };
        while self.peek().kind == Tk::Field {
            let field = self.next()?;
            let literal = matches!(
                op.tok.kind,
                Tk::Bool
                    | Tk::Str
                    | Tk::RawStr
                    | Tk::Number
                    | Tk::CharConst
                    | Tk::Complex
                    | Tk::Nil
                    | Tk::Dot
            );
            if literal {
                let msg = format!("unexpected . after term {:?}", self.text(op.tok));
                return Err(error(field.start..field.end, msg));
            }
            op.kind = self.resolve_field(op.kind, op.tok.start, field);
            op.end = field.end;
        }
        Ok(Some(op))
    }

    /// The kind of `base.field`, recording label and value references along the way.
    fn resolve_field(&mut self, base: Kind, start: usize, field: Tok) -> Kind {
        let name = self.text(field).get(1..).unwrap_or("");
        match base {
            Kind::Root if name == "Labels" => Kind::Labels,
            Kind::Root if name == "Value" => {
                self.info.value_refs.push(start..field.end);
                Kind::Value
            }
            Kind::Labels => {
                self.info.label_refs.push(LabelRef {
                    name: name.to_string(),
                    span: start..field.end,
                });
                Kind::Other
            }
            Kind::Root if !ROOT_FIELDS.contains(&name) => {
                self.bad_field(field, name, "the alert data", ROOT_FIELDS)
            }
            Kind::Sample if name == "Labels" => Kind::SampleLabels,
            Kind::Sample if !SAMPLE_FIELDS.contains(&name) => {
                self.bad_field(field, name, "a query result sample", SAMPLE_FIELDS)
            }
            Kind::Query => self.bad_field(field, name, "a query result (a list of samples)", &[]),
            _ => Kind::Other,
        }
    }

    fn bad_field(
        &mut self,
        field: Tok,
        name: &str,
        on: &'static str,
        fields: &[&'static str],
    ) -> Kind {
        let suggestion = fields
            .iter()
            .copied()
            .find(|f| f.eq_ignore_ascii_case(name));
        self.info.bad_fields.push(BadField {
            span: field.start..field.end,
            field: name.to_string(),
            on,
            suggestion,
        });
        Kind::Other
    }

    fn term(&mut self) -> Result<Option<Operand>, TemplateError> {
        let t = self.next_non_space()?;
        let text = self.text(t);
        let mut end = t.end;
        let kind = match t.kind {
            Tk::Ident => {
                if !BUILTINS.contains(&text) && !PROMETHEUS_FUNCTIONS.contains(&text) {
                    return Err(error(
                        t.start..t.end,
                        format!("function {text:?} not defined"),
                    ));
                }
                Kind::Other
            }
            Tk::Var => {
                let Some(&idx) = self.var_index.get(text).and_then(|stack| stack.last()) else {
                    return Err(error(
                        t.start..t.end,
                        format!("undefined variable {text:?}"),
                    ));
                };
                self.vars.get(idx).map_or(Kind::Other, |v| v.1)
            }
            Tk::Dot => self.dot,
            Tk::Field => self.resolve_field(self.dot, t.start, t),
            Tk::Nil | Tk::Bool => Kind::Other,
            Tk::Number => {
                check_number(text).map_err(|m| error(t.start..t.end, m))?;
                Kind::Other
            }
            Tk::CharConst => {
                check_char_const(text).map_err(|m| error(t.start..t.end, m))?;
                Kind::Other
            }
            Tk::Complex => Kind::Other,
            Tk::Str | Tk::RawStr => {
                let value = string_value(t, text)?;
                if ["$labels", "$value", "$externalLabels", "{{"]
                    .iter()
                    .any(|m| value.contains(m))
                {
                    self.info.literal_refs.push(t.start..t.end);
                }
                Kind::Other
            }
            Tk::LParen => {
                self.enter(t)?;
                let pipe = self.pipeline("parenthesized pipeline", Tk::RParen)?;
                self.depth -= 1;
                self.set_kinds(&pipe.decls, pipe.kind);
                end = pipe.end.end;
                pipe.kind
            }
            _ => {
                self.backup();
                return Ok(None);
            }
        };
        if kind == Kind::Value && matches!(t.kind, Tk::Var | Tk::Dot) {
            self.info.value_refs.push(t.start..t.end);
        }
        Ok(Some(Operand { tok: t, end, kind }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ok(text: &str) -> TemplateInfo {
        match analyze(text) {
            Ok(info) => info,
            Err(e) => panic!("{text:?} should parse, got {e:?}"),
        }
    }

    /// The error for `text`, with the text its span covers.
    fn err(text: &str) -> (String, &str) {
        match analyze(text) {
            Ok(_) => panic!("{text:?} should be rejected"),
            Err(e) => (e.message.clone(), &text[e.span.clone()]),
        }
    }

    fn labels(text: &str) -> Vec<(String, &str)> {
        ok(text)
            .label_refs
            .into_iter()
            .map(|r| (r.name, &text[r.span]))
            .collect()
    }

    fn values(text: &str) -> Vec<&str> {
        ok(text).value_refs.into_iter().map(|r| &text[r]).collect()
    }

    #[test]
    fn accepts_templates_from_real_rule_files() {
        for text in [
            "{{ $labels.instance }}",
            "Instance {{ $labels.instance }} of job {{ $labels.job }} is down ({{ $value | humanizePercentage }})",
            r#"{{ printf "%.2f" $value }}"#,
            r#"{{ with query "up" }}{{ . | first | value | humanize }}{{ end }}"#,
            r#"{{ range $i, $e := query "x" }}{{ $e.Labels.job }}{{ end }}"#,
            "{{ if gt $value 0.5 }}hi{{ else }}lo{{ end }}",
            "a {{- /* c */ -}} b",
            "{{/* multi\nline */}}",
            r#"{{ index $labels "pod" }}"#,
            r#"{{ reReplaceAll "(.*):.*" "$1" $labels.instance }}"#,
            "{{ $value | humanizeDuration }} {{ humanize1024 $value }} {{ $externalURL }}",
            r#"{{ if eq $labels.severity "critical" }}page{{ else if eq $labels.severity "warning" }}ticket{{ else }}log{{ end }}"#,
            "{{ range $k, $v := $labels }}{{ $k }}={{ $v }} {{ end }}",
            "{{ range query \"up\" }}{{ if eq .Value 0.0 }}{{ break }}{{ end }}{{ continue }}{{ end }}",
            "{{ $x := 1 }}{{ $x = 2 }}{{ $x }}",
            "{{ (printf \"%s\" $labels.job) | toUpper }}",
            "{{ `raw \"string\"` }} {{ 'x' }} {{ '\\n' }} {{ -1.5e3 }} {{ 0x1F }} {{ 1_000 }} {{ nil | print }}",
            "{{ define \"t\" }}x{{ end }}{{ template \"t\" . }}{{ block \"b\" $labels }}{{ .job }}{{ end }}",
            "{{ with $labels.a }}{{ . }}{{ else with $labels.b }}{{ . }}{{ end }}",
            "{{if true}}{{$x := 1}}{{else}}{{$x}}{{end}}",
            "{{ \"}}\" }}",
            "{{ 1 }}{{- 2 -}}{{-3}}",
            "héllo {{ $labels.名前 }} wörld",
            "{{ \"a\" \"b\" }}",
        ] {
            ok(text);
        }
    }

    #[test]
    fn text_without_actions_is_not_parsed() {
        assert_eq!(analyze("plain }} text {"), Ok(TemplateInfo::default()));
        assert_eq!(analyze(""), Ok(TemplateInfo::default()));
    }

    #[test]
    fn undefined_variable_points_at_the_variable() {
        assert_eq!(
            err("{{ $label.foo }}"),
            ("undefined variable \"$label\"".into(), "$label")
        );
        // Declarations end with their block.
        assert_eq!(err("{{ with $x := 1 }}{{ $x }}{{ end }}{{ $x }}").1, "$x");
        let text = "{{ with $x := 1 }}{{ $x }}{{ end }}{{ $x }}";
        assert_eq!(analyze(text).map_err(|e| e.span.start), Err(text.len() - 5));
        // `define` bodies do not see the preamble.
        assert_eq!(
            err("{{define \"t\"}}{{ $labels.a }}{{end}}").0,
            "undefined variable \"$labels\""
        );
        // Only two variables in a range; the second must be declared with `:=`.
        assert_eq!(err("{{ range $i, $e }}{{ end }}").1, "$e");
    }

    #[test]
    fn unknown_function_points_at_the_name() {
        assert_eq!(
            err("{{ foo }}"),
            ("function \"foo\" not defined".into(), "foo")
        );
        assert_eq!(
            err("a {{ $value | humanise }}"),
            ("function \"humanise\" not defined".into(), "humanise")
        );
        assert_eq!(err("{{ é }}"), ("function \"é\" not defined".into(), "é"));
    }

    #[test]
    fn block_structure_errors() {
        let (msg, at) = err("{{ if true }}");
        assert!(msg.starts_with("unexpected EOF"), "{msg}");
        assert_eq!(at, "{{");
        let text = "x {{ range . }}{{ if . }}{{ end }}";
        assert_eq!(analyze(text).map_err(|e| e.span), Err(2..4));
        assert_eq!(err("{{ end }}"), ("unexpected {{end}}".into(), "end"));
        assert_eq!(err("{{ else }}"), ("unexpected {{else}}".into(), "else"));
        assert_eq!(
            err("{{if 1}}{{else}}{{else}}{{end}}"),
            ("expected end; found {{else}}".into(), "else")
        );
        assert_eq!(
            err("{{range .}}{{else if 1}}{{end}}"),
            ("unexpected <if> in input".into(), "if")
        );
        assert_eq!(err("{{ end x }}"), ("unexpected \"x\" in end".into(), "x"));
        assert_eq!(
            err("{{ break }}"),
            ("{{break}} outside {{range}}".into(), "break")
        );
        assert_eq!(
            err("{{ if 1 }}{{ define \"x\" }}{{ end }}{{ end }}").0,
            "unexpected <define> in command"
        );
        let dup = "{{define \"a\"}}x{{end}}{{define \"a\"}}y{{end}}";
        assert_eq!(
            err(dup),
            (
                "template: multiple definition of template \"a\"".into(),
                "\"a\""
            )
        );
        ok("{{define \"a\"}} {{end}}{{define \"a\"}}y{{end}}");
    }

    #[test]
    fn lexical_errors() {
        assert_eq!(err("{{ $labels.x"), ("unclosed action".into(), "{{"));
        assert_eq!(err("{{ ( }}"), ("unclosed left paren".into(), "("));
        assert_eq!(err("{{ ) }}"), ("unexpected right paren".into(), ")"));
        assert_eq!(
            err("{{ $labels.foo-bar }}"),
            ("bad character U+002D '-'".into(), "-")
        );
        assert_eq!(
            err("{{/* c */ }}"),
            ("comment ends before closing delimiter".into(), "*/")
        );
        assert_eq!(err("{{/* c }}"), ("unclosed comment".into(), "{{"));
        assert_eq!(
            err("{{ \"abc }}"),
            ("unterminated quoted string".into(), "\"abc }}")
        );
        assert_eq!(err("{{ 'a }}").0, "unclosed character constant");
        assert_eq!(err("{{ `a }}").0, "unterminated raw quoted string");
        assert_eq!(
            err("{{ → }}"),
            ("unrecognized character in action: U+2192 '→'".into(), "→")
        );
        assert_eq!(err("{{ 3k }}"), ("bad number syntax: \"3k\"".into(), "3k"));
        assert_eq!(err("{{ $labels : 1 }}"), ("expected :=".into(), ":"));
        // ...but an undefined variable before it is reported first, as in Go.
        assert_eq!(err("{{ $x : 1 }}").1, "$x");
        assert_eq!(
            err("{{ $labels\"x\" }}"),
            ("bad character U+0022 '\"'".into(), "\"")
        );
        // A parse error earlier in the text wins over a later lexing error, as in Go.
        assert_eq!(err("{{ foo }}{{ \"x").1, "foo");
    }

    #[test]
    fn syntax_errors_inside_actions() {
        assert_eq!(err("{{ }}"), ("missing value for command".into(), "{{"));
        assert_eq!(
            err("{{ () }}"),
            ("missing value for parenthesized pipeline".into(), ")")
        );
        assert_eq!(
            err("{{ 1 | 2 }}"),
            ("non executable command in pipeline stage 2".into(), "2")
        );
        assert_eq!(
            err("{{ $x, $y := 1 }}"),
            ("too many declarations in command".into(), ",")
        );
        assert_eq!(
            err("{{ \"a\".b }}"),
            ("unexpected . after term \"\\\"a\\\"\"".into(), ".b")
        );
        assert_eq!(
            err("{{ 1\"x\" }}"),
            ("unexpected \"\\\"x\\\"\" in operand".into(), "\"x\"")
        );
        assert_eq!(
            err("{{ /* c */ }}"),
            ("unexpected \"/\" in command".into(), "/")
        );
        assert_eq!(err("{{ \"\\q\" }}"), ("invalid syntax".into(), "\"\\q\""));
        assert_eq!(err("{{ \"\\'\" }}").0, "invalid syntax");
        assert_eq!(err("{{ '' }}").0, "invalid syntax");
        assert_eq!(err("{{ 'ab' }}").0, "malformed character constant: 'ab'");
        assert_eq!(err("{{ 019 }}").0, "integer overflow: \"019\"");
        assert_eq!(
            err("{{ 99999999999999999999 }}").0,
            "integer overflow: \"99999999999999999999\""
        );
        assert_eq!(err("{{ 1e400 }}").0, "illegal number syntax: \"1e400\"");
        assert_eq!(err("{{ 1__0 }}").0, "illegal number syntax: \"1__0\"");
        assert_eq!(
            err("{{ template foo }}").0,
            "unexpected \"foo\" in template clause"
        );
    }

    #[test]
    fn label_refs_with_spans() {
        let text = "Instance {{ $labels.instance }} of job {{ $labels.job }} is down";
        assert_eq!(
            labels(text),
            [
                ("instance".to_string(), "$labels.instance"),
                ("job".to_string(), "$labels.job")
            ]
        );
        assert_eq!(
            labels("{{ $.Labels.pod }}"),
            [("pod".to_string(), "$.Labels.pod")]
        );
        assert_eq!(
            labels("{{ .Labels.ns }}"),
            [("ns".to_string(), ".Labels.ns")]
        );
        assert_eq!(
            labels("{{ index $labels \"pod\" }}"),
            [("pod".to_string(), "index $labels \"pod\"")]
        );
        assert_eq!(
            labels("{{ index .Labels `ns` }}"),
            [("ns".to_string(), "index .Labels `ns`")]
        );
        assert_eq!(
            labels("{{ index $.Labels \"a\" }}"),
            [("a".to_string(), "index $.Labels \"a\"")]
        );
        assert_eq!(
            labels("{{ if gt $value 1.0 }}{{ .Labels.a }}{{ end }}"),
            [("a".to_string(), ".Labels.a")]
        );
        // Dot is no longer the alert inside range/with, but $labels and $ still are.
        let text = "{{ range $i, $e := query \"x\" }}{{ $e.Labels.job }}{{ .Labels.x }}{{ $labels.y }}{{ $.Labels.z }}{{ end }}";
        assert_eq!(
            labels(text),
            [
                ("y".to_string(), "$labels.y"),
                ("z".to_string(), "$.Labels.z")
            ]
        );
        assert_eq!(
            labels("{{ with query \"x\" }}{{ .Labels.x }}{{ index .Labels \"y\" }}{{ end }}"),
            []
        );
        // ...and with $labels, dot is the labels map.
        assert_eq!(
            labels("{{ with $labels }}{{ .pod }}{{ end }}"),
            [("pod".to_string(), ".pod")]
        );
        // Aliases and shadowing.
        assert_eq!(
            labels("{{ $l := $labels }}{{ $l.zone }}"),
            [("zone".to_string(), "$l.zone")]
        );
        assert_eq!(
            labels("{{ with query \"x\" }}{{ $labels := . }}{{ $labels.a }}{{ end }}"),
            []
        );
        assert_eq!(
            labels("{{ (.Labels).a }}"),
            [("a".to_string(), "(.Labels).a")]
        );
        assert_eq!(labels("{{ $externalLabels.a }}{{ .ExternalLabels.b }}"), []);
        // Multi-byte text before a reference.
        assert_eq!(
            labels("ñ→ {{ $labels.pod }}"),
            [("pod".to_string(), "$labels.pod")]
        );
    }

    #[test]
    fn value_refs_with_spans() {
        assert_eq!(values("{{ $value | humanizePercentage }}"), ["$value"]);
        assert_eq!(
            values("{{ .Value }} {{ $.Value }} {{ printf \"%.2f\" $value }}"),
            [".Value", "$.Value", "$value"]
        );
        assert_eq!(
            values("{{ with query \"x\" }}{{ .Value }}{{ end }}"),
            Vec::<&str>::new()
        );
        assert_eq!(values("{{ $v := $value }}{{ $v }}"), ["$value", "$v"]);
    }

    #[test]
    fn nesting_is_capped() {
        let deep_ifs = "{{ if 1 }}".repeat(150) + &"{{ end }}".repeat(150);
        assert!(err(&deep_ifs).0.contains("nesting too deep"));
        let deep_parens = format!("{{{{ {}1{} }}}}", "(".repeat(150), ")".repeat(150));
        assert!(err(&deep_parens).0.contains("nesting too deep"));
        ok(&format!("{{{{ {}1{} }}}}", "(".repeat(50), ")".repeat(50)));
        // An else-if chain is one level however long it is.
        let chain = "{{ if 1 }}".to_string() + &"{{ else if 1 }}".repeat(500) + "{{ end }}";
        ok(&chain);
    }

    #[test]
    fn large_input_is_fast() {
        let text = "{{ $x := 1 }}".repeat(20_000) + &"{{ $x }}{{ $labels.a }}".repeat(20_000);
        let start = std::time::Instant::now();
        assert_eq!(ok(&text).label_refs.len(), 20_000);
        assert!(start.elapsed().as_secs() < 5);
    }

    #[test]
    fn never_panics() {
        let samples = [
            "Instance {{ $labels.instance }} of {{ $labels.job }} ({{ $value | humanizePercentage }})",
            "{{ range $i, $e := query \"x\" }}{{ $e.Labels.job }}{{ else }}none{{ end }}",
            "{{- /* c */ -}}{{ if gt $value 0.5 }}hé{{ else if lt 1 2 }}→{{ else }}lo{{ end }}",
            "{{ index $labels \"pod\" }}{{ `raw` }}{{ '\\x41' }}{{ 0x1p-2 }}{{ 1+2i }}{{ (len \"ü\") }}",
            "{{define \"a\"}}{{ . }}{{end}}{{ block \"b\" . }}{{ .Labels.x }}{{ end }}{{ template \"a\" }}",
        ];
        for s in samples {
            ok(s);
            for (i, _) in s.char_indices() {
                let _ = analyze(&s[..i]);
                let _ = analyze(&s[i..]);
            }
        }
        // Random strings over an alphabet of template fragments (xorshift, fixed seed).
        let alphabet = [
            "{{", "}}", "{{- ", " -}}", "/*", "*/", "$", "$labels", ".Labels", ".x", ".", "(", ")",
            "|", ":=", "=", ",", "\"", "'", "`", "\\", " ", "\n", "if", "else", "end", "range",
            "with", "define", "block", "template", "break", "1", "-", "0x", "e", "é", "→", "index",
            "\"a\"", "nil", "true",
        ];
        let mut state: u64 = 0x2545_F491_4F6C_DD1D;
        let mut rand = move || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        for _ in 0..20_000 {
            let len = rand() % 40;
            let s: String = (0..len)
                .map(|_| alphabet[(rand() % alphabet.len() as u64) as usize])
                .collect();
            if let Err(e) = analyze(&s) {
                assert!(
                    s.get(e.span.clone()).is_some(),
                    "bad span {:?} for {s:?}",
                    e.span
                );
            }
        }
    }

    #[test]
    fn literal_variables_and_fields_of_query_results() {
        let info = ok("{{ range query \"up{i='$labels.instance'}\" }}{{ .Labels.job }}{{ end }}");
        assert_eq!(info.literal_refs.len(), 1);
        assert!(info.bad_fields.is_empty());
        assert!(
            info.label_refs.is_empty(),
            "a sample's labels are not the alert's"
        );
        let info = ok(
            "{{ range printf \"up{i='%s'}\" $labels.instance | query }}{{ .labels.job }}{{ end }}",
        );
        assert!(info.literal_refs.is_empty());
        let bad: Vec<_> = info
            .bad_fields
            .iter()
            .map(|b| (b.field.as_str(), b.suggestion))
            .collect();
        assert_eq!(bad, [("labels", Some("Labels"))]);
        let info = ok(
            "{{ with query \"up\" }}{{ .Value }}{{ with first . }}{{ .Value }}{{ end }}{{ end }}",
        );
        assert_eq!(info.bad_fields.len(), 1);
        assert_eq!(info.bad_fields[0].on, "a query result (a list of samples)");
        let info = ok("{{ $.labels.x }} {{ .ExternalURL }} {{ $.Labels.y }} {{ reReplaceAll \"(.*)\" \"$1\" .Value }}");
        assert_eq!(info.bad_fields.len(), 1);
        assert!(info.literal_refs.is_empty());
    }
}
