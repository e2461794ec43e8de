//! Expressions: tree-sitter expression nodes → `model::Expr`, calls with their arguments, and string
//! literals (f-strings, concatenations). The statements that hold them are read in `mod.rs`.

use super::{Extractor, MAX_DEPTH};
use crate::python::model::{Call, DictEntry, Expr, ExprKind, Keyword, Literal};
use tree_sitter::Node;

impl Extractor<'_> {
    pub(super) fn expr(&self, node: Node, depth: usize) -> Expr {
        let span = node.byte_range();
        if depth > MAX_DEPTH {
            return Expr {
                kind: ExprKind::Opaque,
                span,
            };
        }
        let d = depth + 1;
        let sub = |field: &str| node.child_by_field_name(field).map(|n| self.expr(n, d));
        let named = || {
            let mut cursor = node.walk();
            node.named_children(&mut cursor).collect::<Vec<_>>()
        };
        let kind = match node.kind() {
            "identifier" => ExprKind::Name(self.text(node).to_string()),
            "integer" => ExprKind::Literal(Literal::Int),
            "float" => ExprKind::Literal(Literal::Float),
            "true" | "false" => ExprKind::Literal(Literal::Bool),
            // `-1`, `-0.5`: still a number.
            "unary_operator" => match node.child_by_field_name("argument").map(|a| a.kind()) {
                Some("integer") => ExprKind::Literal(Literal::Int),
                Some("float") => ExprKind::Literal(Literal::Float),
                _ => ExprKind::Opaque,
            },
            "none" => ExprKind::Literal(Literal::None),
            "attribute" => match (sub("object"), node.child_by_field_name("attribute")) {
                (Some(object), Some(attr)) => {
                    ExprKind::Attribute(Box::new(object), self.text(attr).to_string())
                }
                _ => ExprKind::Opaque,
            },
            // `secret[:4]`, `key[-4:]`: a few characters of a value are how it is masked for a log
            // line, not the value.
            "subscript"
                if node
                    .child_by_field_name("subscript")
                    .is_some_and(|k| self.is_short_slice(k)) =>
            {
                ExprKind::Opaque
            }
            "subscript" => match sub("value") {
                Some(value) => {
                    let key = node
                        .child_by_field_name("subscript")
                        .and_then(|k| self.string_literal(k));
                    ExprKind::Subscript(Box::new(value), key)
                }
                None => ExprKind::Opaque,
            },
            "call" => match sub("function") {
                Some(func) => ExprKind::Call(Box::new(self.call(
                    func,
                    node.child_by_field_name("arguments"),
                    d,
                ))),
                None => ExprKind::Opaque,
            },
            "string" => self.string(node, d),
            "concatenated_string" => {
                ExprKind::Combine(named().into_iter().map(|c| self.expr(c, d)).collect())
            }
            // Arithmetic with a number (`attempt + 1`, `expiry - 30`) gives a number: no content.
            "binary_operator"
                if ["left", "right"].iter().any(|f| {
                    node.child_by_field_name(f)
                        .is_some_and(|o| matches!(o.kind(), "integer" | "float"))
                }) =>
            {
                ExprKind::Opaque
            }
            "binary_operator" | "boolean_operator" => {
                ExprKind::Combine(["left", "right"].iter().filter_map(|f| sub(f)).collect())
            }
            "conditional_expression" => {
                let parts = named();
                // a if cond else b: the value is a or b.
                let values = [parts.first(), parts.get(2)]
                    .into_iter()
                    .flatten()
                    .map(|c| self.expr(*c, d))
                    .collect();
                ExprKind::Combine(values)
            }
            "parenthesized_expression"
            | "await"
            | "list_splat"
            | "dictionary_splat"
            | "named_expression"
            | "expression_statement" => {
                let parts = named();
                let inner = match node.kind() {
                    "named_expression" => node.child_by_field_name("value"),
                    _ => parts.last().copied(),
                };
                match inner {
                    Some(inner) => return self.expr(inner, d),
                    None => ExprKind::Opaque,
                }
            }
            "list" | "tuple" | "set" | "expression_list" | "pattern_list" => {
                ExprKind::Collection(named().into_iter().map(|c| self.expr(c, d)).collect())
            }
            "list_comprehension" | "generator_expression" | "set_comprehension" => {
                ExprKind::Collection(sub("body").into_iter().collect())
            }
            "dictionary" => ExprKind::Dict(
                named()
                    .into_iter()
                    .filter_map(|pair| match pair.kind() {
                        "pair" => {
                            let key = pair.child_by_field_name("key");
                            let value = pair.child_by_field_name("value")?;
                            Some(DictEntry {
                                key: key.and_then(|k| {
                                    self.string_literal(k).map(|s| (s, k.byte_range()))
                                }),
                                value: self.expr(value, d),
                            })
                        }
                        "dictionary_splat" => Some(DictEntry {
                            key: None,
                            value: self.expr(pair, d),
                        }),
                        _ => None,
                    })
                    .collect(),
            ),
            "dictionary_comprehension" => ExprKind::Dict(
                node.child_by_field_name("body")
                    .and_then(|p| p.child_by_field_name("value"))
                    .map(|v| DictEntry {
                        key: None,
                        value: self.expr(v, d),
                    })
                    .into_iter()
                    .collect(),
            ),
            _ => ExprKind::Opaque,
        };
        Expr { kind, span }
    }

    fn call(&self, func: Expr, arguments: Option<Node>, depth: usize) -> Call {
        let mut call = Call {
            func,
            args: Vec::new(),
            kwargs: Vec::new(),
            star_args: Vec::new(),
            star_kwargs: Vec::new(),
        };
        let Some(arguments) = arguments else {
            return call;
        };
        if arguments.kind() == "generator_expression" {
            call.args.push(self.expr(arguments, depth));
            return call;
        }
        let mut cursor = arguments.walk();
        let children: Vec<Node> = arguments.named_children(&mut cursor).collect();
        for arg in children {
            match arg.kind() {
                "keyword_argument" => {
                    if let (Some(name), Some(value)) = (
                        arg.child_by_field_name("name"),
                        arg.child_by_field_name("value"),
                    ) {
                        call.kwargs.push(Keyword {
                            name: self.text(name).to_string(),
                            name_span: name.byte_range(),
                            value: self.expr(value, depth),
                        });
                    }
                }
                "list_splat" => call.star_args.push(self.expr(arg, depth)),
                "dictionary_splat" => call.star_kwargs.push(self.expr(arg, depth)),
                "comment" => {}
                _ => call.args.push(self.expr(arg, depth)),
            }
        }
        call
    }

    /// A string literal's text, when it has no interpolation.
    pub(super) fn string_literal(&self, node: Node) -> Option<String> {
        match self.string(node, 0) {
            ExprKind::Str(s) => Some(s),
            _ => None,
        }
    }

    fn string(&self, node: Node, depth: usize) -> ExprKind {
        if node.kind() != "string" {
            return ExprKind::Opaque;
        }
        let mut cursor = node.walk();
        let parts: Vec<Node> = node.named_children(&mut cursor).collect();
        let interpolations: Vec<Expr> = parts
            .iter()
            .filter(|p| p.kind() == "interpolation")
            .filter_map(|p| {
                p.child_by_field_name("expression")
                    .or_else(|| p.named_child(0))
            })
            .map(|e| self.expr(e, depth))
            .collect();
        if !interpolations.is_empty() {
            return ExprKind::FString(interpolations);
        }
        ExprKind::Str(
            parts
                .iter()
                .filter(|p| p.kind() == "string_content")
                .map(|p| self.text(*p))
                .collect(),
        )
    }
}
