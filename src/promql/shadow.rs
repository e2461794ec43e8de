//! A small recursive-descent "shadow" parser over the tokens of `lexer.rs` that mirrors `promql.y`
//! and records, with token positions, the constructs promql-parser's checks reject. Most semantic
//! messages name no token at all ("comparisons between scalars must use BOOL modifier"), so the error
//! locator (`errors.rs`) reads these events to find what a message is about.

use super::lexer::{Token, TokenKind, AGGREGATORS, METRIC_KEYWORDS, SCALAR_FUNCTIONS};

/// PromQL value types, named as promql-parser prints them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Ty {
    Scalar,
    Vector,
    Matrix,
    Str,
}

impl Ty {
    pub(super) fn name(self) -> &'static str {
        match self {
            Ty::Scalar => "scalar",
            Ty::Vector => "vector",
            Ty::Matrix => "matrix",
            Ty::Str => "string",
        }
    }

    pub(super) fn from_letter(letter: u8) -> Ty {
        match letter {
            b'm' => Ty::Matrix,
            b's' => Ty::Scalar,
            b't' => Ty::Str,
            _ => Ty::Vector,
        }
    }
}

/// What a `[...]`, `offset` or `@` applies to; promql-parser allows them only on some of these.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Target {
    Selector,
    Matrix,
    Subquery,
    Other,
}

/// A call argument: first and last token index, and its type.
#[derive(Debug)]
pub(super) struct Arg {
    pub(super) first: usize,
    pub(super) last: usize,
    pub(super) ty: Ty,
}

/// A label matcher: token indexes of name, operator and value.
#[derive(Debug)]
pub(super) struct Matcher {
    pub(super) name: usize,
    pub(super) op: Option<usize>,
    pub(super) value: Option<usize>,
}

/// Constructs the grammar accepts only to reject them with a dedicated message.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Note {
    TrailingComma,
    LeadingComma,
    BadMatchOp,
    BadMatchValue,
    MissingMatchOp,
    BadGroupingLabel,
    GroupWithoutOn,
    GroupLabelInOn,
    EmptyRange,
}

/// What the shadow parser saw, with token indexes, in the order promql-parser checks it
/// (children before parents, left to right).
#[derive(Debug)]
pub(super) enum Event {
    Call {
        name: usize,
        aggregation: bool,
        args: Vec<Arg>,
    },
    Unary {
        op: usize,
        ty: Ty,
    },
    Binary {
        op: usize,
        lhs: Ty,
        rhs: Ty,
        mods: BinModifiers,
    },
    Range {
        open: usize,
        close: usize,
        subquery: bool,
        target: Target,
        ty: Ty,
        offset_before: Option<usize>,
        at_before: Option<usize>,
    },
    Modifier {
        kw: usize,
        target: Target,
        duplicate: bool,
    },
    Selector {
        name: Option<usize>,
        open: Option<usize>,
        close: Option<usize>,
        matchers: Vec<Matcher>,
    },
    Note(Note, usize),
}

/// Token indexes of a binary operator's `bool`, `on`/`ignoring` and `group_left`/`group_right`.
#[derive(Debug, Default)]
pub(super) struct BinModifiers {
    pub(super) bool_kw: Option<usize>,
    pub(super) matching: Option<usize>,
    pub(super) group: Option<usize>,
}

/// `Err(i)`: the syntax breaks at token `i` (`i == tokens.len()` for the end of input).
pub(super) type Parsed<T> = Result<T, usize>;

/// Deeper nesting is reported as a syntax error instead of risking the stack.
const MAX_DEPTH: usize = 128;

/// A recursive-descent recognizer following promql.y closely enough to find where a syntax error
/// is, and to record the constructs promql-parser's semantic checks complain about.
pub(super) struct Shadow<'a> {
    src: &'a str,
    toks: &'a [Token],
    pos: usize,
    depth: usize,
    events: Vec<Event>,
}

impl<'a> Shadow<'a> {
    pub(super) fn run(src: &'a str, toks: &'a [Token]) -> (Parsed<Ty>, Vec<Event>) {
        let mut p = Shadow {
            src,
            toks,
            pos: 0,
            depth: 0,
            events: Vec::new(),
        };
        let result = p.expr(0).and_then(|ty| {
            if p.pos < toks.len() {
                Err(p.pos)
            } else {
                Ok(ty)
            }
        });
        (result, p.events)
    }

    fn kind_at(&self, i: usize) -> Option<TokenKind> {
        self.toks.get(i).map(|t| t.kind)
    }

    fn text_at(&self, i: usize) -> &'a str {
        self.toks.get(i).map_or("", |t| t.text(self.src))
    }

    fn at(&self, kind: TokenKind) -> bool {
        self.kind_at(self.pos) == Some(kind)
    }

    fn at_op(&self, ops: &[&str]) -> bool {
        self.at(TokenKind::Op) && ops.contains(&self.text_at(self.pos))
    }

    fn keyword_at(&self, i: usize, words: &[&str]) -> bool {
        self.kind_at(i) == Some(TokenKind::Keyword)
            && words.contains(&self.text_at(i).to_ascii_lowercase().as_str())
    }

    fn kw(&self, words: &[&str]) -> bool {
        self.keyword_at(self.pos, words)
    }

    fn expect(&mut self, kind: TokenKind) -> Parsed<usize> {
        if self.at(kind) {
            self.pos += 1;
            Ok(self.pos - 1)
        } else {
            Err(self.pos)
        }
    }

    fn note(&mut self, note: Note, i: usize) {
        self.events.push(Event::Note(note, i));
    }

    fn skip_sign(&mut self) {
        if self.at_op(&["+", "-"]) {
            self.pos += 1;
        }
    }

    /// A duration in `[...]`, after `offset` or `@`: promql.y accepts numbers there as well.
    fn duration(&mut self) -> Parsed<usize> {
        if self.at(TokenKind::Number) || self.at(TokenKind::Duration) {
            self.pos += 1;
            Ok(self.pos - 1)
        } else {
            Err(self.pos)
        }
    }

    fn expr(&mut self, min_prec: u8) -> Parsed<Ty> {
        if self.depth >= MAX_DEPTH {
            return Err(self.pos);
        }
        self.depth += 1;
        let result = self.binary(min_prec);
        self.depth -= 1;
        result
    }

    /// Precedence climbing over promql.y's operator table.
    fn binary(&mut self, min_prec: u8) -> Parsed<Ty> {
        let mut lhs = self.unary()?;
        while let Some((prec, right_assoc)) = self.binary_op() {
            if prec < min_prec {
                break;
            }
            let op = self.pos;
            self.pos += 1;
            let mods = self.bin_modifiers()?;
            let rhs = self.expr(if right_assoc { prec } else { prec + 1 })?;
            self.events.push(Event::Binary { op, lhs, rhs, mods });
            lhs = if lhs == Ty::Scalar && rhs == Ty::Scalar {
                Ty::Scalar
            } else {
                Ty::Vector
            };
        }
        Ok(lhs)
    }

    fn binary_op(&self) -> Option<(u8, bool)> {
        let text = self.text_at(self.pos);
        match self.kind_at(self.pos)? {
            TokenKind::Op => match text {
                "^" => Some((6, true)),
                "*" | "/" | "%" => Some((5, false)),
                "+" | "-" => Some((4, false)),
                "==" | "!=" | ">" | "<" | ">=" | "<=" => Some((3, false)),
                _ => None,
            },
            TokenKind::Keyword => match text.to_ascii_lowercase().as_str() {
                "atan2" => Some((5, false)),
                "and" | "unless" => Some((2, false)),
                "or" => Some((1, false)),
                _ => None,
            },
            _ => None,
        }
    }

    fn unary(&mut self) -> Parsed<Ty> {
        if self.at_op(&["+", "-"]) {
            let op = self.pos;
            self.pos += 1;
            // promql.y gives unary minus the precedence of `*`: only `^` binds tighter.
            let ty = self.expr(6)?;
            if self.text_at(op) == "-" {
                self.events.push(Event::Unary { op, ty });
            }
            return Ok(ty);
        }
        let (ty, target) = self.primary()?;
        self.postfix(ty, target)
    }

    fn primary(&mut self) -> Parsed<(Ty, Target)> {
        use TokenKind::*;
        let i = self.pos;
        let Some(kind) = self.kind_at(i) else {
            return Err(i);
        };
        let word = self.text_at(i).to_ascii_lowercase();
        let word = word.as_str();
        let paren_follows = self.kind_at(i + 1) == Some(LeftParen);
        match kind {
            Number | Duration => {
                self.pos += 1;
                Ok((Ty::Scalar, Target::Other))
            }
            String => {
                self.pos += 1;
                Ok((Ty::Str, Target::Other))
            }
            LeftParen => {
                self.pos += 1;
                let ty = self.expr(0)?;
                self.expect(RightParen)?;
                Ok((ty, Target::Other))
            }
            LeftBrace => self.selector(false),
            Ident if paren_follows => self.call(false),
            Ident => self.selector(true),
            Keyword
                if AGGREGATORS.contains(&word)
                    && (paren_follows || self.keyword_at(i + 1, &["by", "without"])) =>
            {
                self.call(true)
            }
            Keyword if (word == "start" || word == "end") && paren_follows => self.call(false),
            Keyword if AGGREGATORS.contains(&word) || METRIC_KEYWORDS.contains(&word) => {
                self.selector(true)
            }
            _ => Err(i),
        }
    }

    /// Range/subquery brackets and `offset`/`@` modifiers after a primary.
    fn postfix(&mut self, mut ty: Ty, mut target: Target) -> Parsed<Ty> {
        let (mut offset_kw, mut at_kw) = (None, None);
        loop {
            if self.at(TokenKind::LeftBracket) {
                let open = self.pos;
                self.pos += 1;
                if self.at(TokenKind::RightBracket) {
                    self.note(Note::EmptyRange, open);
                    self.pos += 1;
                } else {
                    self.duration()?;
                    let subquery = self.at(TokenKind::Colon);
                    if subquery {
                        self.pos += 1;
                        if self.at(TokenKind::Number) || self.at(TokenKind::Duration) {
                            self.pos += 1;
                        }
                    }
                    let close = self.expect(TokenKind::RightBracket)?;
                    self.events.push(Event::Range {
                        open,
                        close,
                        subquery,
                        target,
                        ty,
                        offset_before: offset_kw,
                        at_before: at_kw,
                    });
                    target = if subquery {
                        Target::Subquery
                    } else {
                        Target::Matrix
                    };
                }
                ty = Ty::Matrix;
                (offset_kw, at_kw) = (None, None);
            } else if self.kw(&["offset"]) {
                let kw = self.pos;
                self.pos += 1;
                self.skip_sign();
                self.duration()?;
                self.events.push(Event::Modifier {
                    kw,
                    target,
                    duplicate: offset_kw.is_some(),
                });
                offset_kw = Some(kw);
            } else if self.at(TokenKind::At) {
                let kw = self.pos;
                self.pos += 1;
                if self.kw(&["start", "end"]) {
                    self.pos += 1;
                    self.expect(TokenKind::LeftParen)?;
                    self.expect(TokenKind::RightParen)?;
                } else {
                    self.skip_sign();
                    self.duration()?;
                }
                self.events.push(Event::Modifier {
                    kw,
                    target,
                    duplicate: at_kw.is_some(),
                });
                at_kw = Some(kw);
            } else {
                return Ok(ty);
            }
        }
    }

    fn selector(&mut self, named: bool) -> Parsed<(Ty, Target)> {
        let name = if named {
            self.pos += 1;
            Some(self.pos - 1)
        } else {
            None
        };
        let (mut open, mut close, mut matchers) = (None, None, Vec::new());
        if self.at(TokenKind::LeftBrace) {
            open = Some(self.pos);
            self.pos += 1;
            if self.at(TokenKind::Comma) {
                self.note(Note::LeadingComma, self.pos);
                self.pos += 1;
            }
            while !self.at(TokenKind::RightBrace) {
                matchers.push(self.matcher()?);
                if self.at(TokenKind::Comma) {
                    self.pos += 1;
                } else if self.kw(&["or"]) {
                    self.pos += 1;
                    if self.at(TokenKind::RightBrace) {
                        return Err(self.pos);
                    }
                } else if !self.at(TokenKind::RightBrace) {
                    return Err(self.pos);
                }
            }
            close = Some(self.pos);
            self.pos += 1;
        }
        self.events.push(Event::Selector {
            name,
            open,
            close,
            matchers,
        });
        Ok((Ty::Vector, Target::Selector))
    }

    fn matcher(&mut self) -> Parsed<Matcher> {
        const MATCH_OPS: &[&str] = &["=", "!=", "=~", "!~"];
        let name = self.pos;
        if !(self.at(TokenKind::Ident) || self.at(TokenKind::String)) {
            return Err(name);
        }
        self.pos += 1;
        let mut m = Matcher {
            name,
            op: None,
            value: None,
        };
        if self.at_op(MATCH_OPS) {
            m.op = Some(self.pos);
            self.pos += 1;
            if self.at(TokenKind::String) {
                m.value = Some(self.pos);
                self.pos += 1;
            } else if self.at_op(MATCH_OPS) {
                self.note(Note::BadMatchOp, self.pos);
                self.pos += 1;
                if self.at(TokenKind::String) || self.at(TokenKind::Ident) {
                    self.pos += 1;
                }
            } else if self.at(TokenKind::Ident) {
                self.note(Note::BadMatchValue, self.pos);
                self.pos += 1;
            } else {
                return Err(self.pos);
            }
        } else if self.kind_at(name) == Some(TokenKind::Ident) {
            self.note(Note::MissingMatchOp, name);
        }
        Ok(m)
    }

    /// A function call or an aggregation (with `by`/`without` before or after its arguments).
    fn call(&mut self, aggregation: bool) -> Parsed<(Ty, Target)> {
        let name = self.pos;
        self.pos += 1;
        let mut grouped = false;
        if aggregation && self.kw(&["by", "without"]) {
            self.pos += 1;
            self.grouping_labels()?;
            grouped = true;
        }
        self.expect(TokenKind::LeftParen)?;
        let mut args = Vec::new();
        while !self.at(TokenKind::RightParen) {
            let first = self.pos;
            let ty = self.expr(0)?;
            args.push(Arg {
                first,
                last: self.pos.saturating_sub(1),
                ty,
            });
            if self.at(TokenKind::Comma) {
                self.pos += 1;
                if self.at(TokenKind::RightParen) {
                    self.note(Note::TrailingComma, self.pos - 1);
                }
            } else if !self.at(TokenKind::RightParen) {
                return Err(self.pos);
            }
        }
        self.pos += 1;
        if aggregation && !grouped && self.kw(&["by", "without"]) {
            self.pos += 1;
            self.grouping_labels()?;
        }
        let scalar = !aggregation
            && SCALAR_FUNCTIONS.contains(&self.text_at(name).to_ascii_lowercase().as_str());
        self.events.push(Event::Call {
            name,
            aggregation,
            args,
        });
        Ok((if scalar { Ty::Scalar } else { Ty::Vector }, Target::Other))
    }

    /// `bool`, `on`/`ignoring (...)`, `group_left`/`group_right [(...)]`, `fill*(n)`.
    fn bin_modifiers(&mut self) -> Parsed<BinModifiers> {
        let mut m = BinModifiers::default();
        if self.kw(&["bool"]) {
            m.bool_kw = Some(self.pos);
            self.pos += 1;
        }
        let mut on_labels = Vec::new();
        if self.kw(&["on", "ignoring"]) {
            let is_on = self.kw(&["on"]);
            m.matching = Some(self.pos);
            self.pos += 1;
            let labels = self.grouping_labels()?;
            if is_on {
                on_labels = labels;
            }
        }
        if self.kw(&["group_left", "group_right"]) {
            let group = self.pos;
            m.group = Some(group);
            self.pos += 1;
            if m.matching.is_none() {
                self.note(Note::GroupWithoutOn, group);
            }
            if self.at(TokenKind::LeftParen) {
                for label in self.grouping_labels()? {
                    if on_labels
                        .iter()
                        .any(|&o| self.text_at(o) == self.text_at(label))
                    {
                        self.note(Note::GroupLabelInOn, label);
                    }
                }
            }
        }
        while self.kw(&["fill", "fill_left", "fill_right"]) {
            self.pos += 1;
            self.expect(TokenKind::LeftParen)?;
            self.skip_sign();
            self.expect(TokenKind::Number)?;
            self.expect(TokenKind::RightParen)?;
        }
        Ok(m)
    }

    /// `( label, ... )`, trailing comma allowed; returns the label token indexes.
    fn grouping_labels(&mut self) -> Parsed<Vec<usize>> {
        self.expect(TokenKind::LeftParen)?;
        let mut labels = Vec::new();
        while !self.at(TokenKind::RightParen) {
            match self.kind_at(self.pos) {
                Some(TokenKind::Ident) if self.text_at(self.pos).contains(':') => {
                    self.note(Note::BadGroupingLabel, self.pos)
                }
                Some(TokenKind::Ident | TokenKind::Keyword | TokenKind::String) => {}
                _ => return Err(self.pos),
            }
            labels.push(self.pos);
            self.pos += 1;
            if self.at(TokenKind::Comma) {
                self.pos += 1;
            } else if !self.at(TokenKind::RightParen) {
                return Err(self.pos);
            }
        }
        self.pos += 1;
        Ok(labels)
    }
}
