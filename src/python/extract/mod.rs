//! tree-sitter-python → our model (`model.rs`). Error-tolerant: the parts of a file that parse still
//! yield facts, and the first syntax error is recorded for PY001.
//!
//! The statements are read here, the expressions in `expr.rs`.

mod expr;

use super::model::{ClassDef, Event, Expr, ExprKind, Handler, Import, PythonFile, Scope};
use std::cell::RefCell;
use tree_sitter::{Node, Parser, Tree};

/// Deeper expression nesting than real code has; past it an expression becomes opaque.
const MAX_DEPTH: usize = 200;

thread_local! {
    // One parser per thread: tree-sitter parsers are not shareable, and creating one per file costs.
    static PARSER: RefCell<Option<Parser>> = const { RefCell::new(None) };
}

/// Parses `text`, or only `text[from..]` (with positions still those of the whole text).
fn parse_tree(text: &str, from: usize) -> Option<Tree> {
    PARSER.with(|cell| {
        let mut slot = cell.borrow_mut();
        if slot.is_none() {
            let mut parser = Parser::new();
            parser
                .set_language(&tree_sitter_python::LANGUAGE.into())
                .ok()?;
            *slot = Some(parser);
        }
        let parser = slot.as_mut()?;
        let ranges = if from == 0 {
            Vec::new()
        } else {
            vec![tree_sitter::Range {
                start_byte: from,
                end_byte: text.len(),
                start_point: point(text, from),
                end_point: point(text, text.len()),
            }]
        };
        parser.set_included_ranges(&ranges).ok()?;
        parser.parse(text, None)
    })
}

fn point(text: &str, offset: usize) -> tree_sitter::Point {
    let before = &text.as_bytes()[..offset.min(text.len())];
    let row = before.iter().filter(|b| **b == b'\n').count();
    let column = before.iter().rev().take_while(|b| **b != b'\n').count();
    tree_sitter::Point { row, column }
}

/// After a syntax error, where parsing can start afresh: the next line that begins a top-level `def`,
/// `async def`, `class` or decorator. tree-sitter's recovery can swallow everything after an unclosed
/// bracket; the functions after it are still worth checking.
fn restart_after(text: &str, error_start: usize) -> Option<usize> {
    let line_end = text[error_start.min(text.len())..].find('\n')? + error_start + 1;
    let mut offset = line_end;
    for line in text[line_end..].split_inclusive('\n') {
        if ["def ", "async def ", "class ", "@"]
            .iter()
            .any(|k| line.starts_with(k))
        {
            return Some(offset);
        }
        offset += line.len();
    }
    None
}

/// Parses and extracts the facts of one Python file, for the leak checks only: function bodies with no
/// telemetry call in them are left empty.
pub fn extract(text: &str) -> PythonFile {
    extract_with(text, false)
}

/// Parses and extracts the facts of one Python file. `full`: every function body is converted, as the
/// instrumentation and schema checks need (what a function calls, its `except` clauses).
pub fn extract_with(text: &str, full: bool) -> PythonFile {
    let mut x = Extractor {
        src: text.as_bytes(),
        file: PythonFile::default(),
        full,
        classes: Vec::new(),
    };
    let mut module = Scope {
        span: 0..0,
        ..Scope::default()
    };
    // Parse from the top; after a syntax error, parse again from the next top-level definition, so one
    // broken function does not hide the rest of the file. Bounded: a file of errors is not re-parsed forever.
    let mut from = 0;
    for _ in 0..32 {
        let Some(tree) = parse_tree(text, from) else {
            x.file.syntax_error.get_or_insert(0..0);
            break;
        };
        let root = tree.root_node();
        let error = first_error(root);
        let until = error
            .as_ref()
            .and_then(|e| restart_after(text, e.start))
            .unwrap_or(text.len());
        if x.file.syntax_error.is_none() {
            x.file.syntax_error = error.clone();
        }
        let mut cursor = root.walk();
        let statements: Vec<Node> = root
            .named_children(&mut cursor)
            .filter(|n| n.start_byte() >= from && n.start_byte() < until)
            .collect();
        for statement in statements {
            x.statement(statement, &mut module, 1);
        }
        if until >= text.len() || until <= from {
            break;
        }
        from = until;
    }
    x.file.scopes.insert(0, module);
    x.file
}

fn first_error(root: Node) -> Option<std::ops::Range<usize>> {
    if !root.has_error() {
        return None;
    }
    let mut cursor = root.walk();
    loop {
        let node = cursor.node();
        if node.is_error() || node.is_missing() {
            let range = node.byte_range();
            // A MISSING node is empty: point at where it is missing.
            return Some(range);
        }
        if node.has_error() && cursor.goto_first_child() {
            continue;
        }
        loop {
            if cursor.goto_next_sibling() {
                break;
            }
            if !cursor.goto_parent() {
                return Some(root.byte_range().start..root.byte_range().start);
            }
        }
    }
}

struct Extractor<'a> {
    src: &'a [u8],
    file: PythonFile,
    /// Convert every function body (see `extract_with`).
    full: bool,
    /// The classes whose bodies are being read, innermost last (empty inside a function body).
    classes: Vec<String>,
}

impl<'a> Extractor<'a> {
    fn text(&self, node: Node) -> &'a str {
        node.utf8_text(self.src).unwrap_or("")
    }

    /// Statements of a block (module, function body, if/for/while/try/with bodies) into `scope`.
    fn block(&mut self, node: Node, scope: &mut Scope, depth: usize) {
        if depth > MAX_DEPTH {
            return;
        }
        let mut cursor = node.walk();
        let children: Vec<Node> = node.named_children(&mut cursor).collect();
        for child in children {
            self.statement(child, scope, depth + 1);
        }
    }

    fn statement(&mut self, node: Node, scope: &mut Scope, depth: usize) {
        match node.kind() {
            "function_definition" => {
                let critical = self.marked_critical(node.start_byte());
                self.function(node, Vec::new(), critical, depth)
            }
            "decorated_definition" => {
                let mut cursor = node.walk();
                let decorators: Vec<Expr> = node
                    .named_children(&mut cursor)
                    .filter(|c| c.kind() == "decorator")
                    .filter_map(|d| d.named_child(0))
                    .map(|e| self.expr(e, depth))
                    .collect();
                for d in &decorators {
                    push_calls(d, &mut scope.events);
                }
                let critical = self.marked_critical(node.start_byte());
                if let Some(def) = node.child_by_field_name("definition") {
                    match def.kind() {
                        "function_definition" => self.function(def, decorators, critical, depth),
                        "class_definition" => self.class(def, decorators, critical, scope, depth),
                        _ => self.statement(def, scope, depth),
                    }
                }
            }
            "class_definition" => {
                let critical = self.marked_critical(node.start_byte());
                self.class(node, Vec::new(), critical, scope, depth)
            }
            "try_statement" => {
                let mut cursor = node.walk();
                let children: Vec<Node> = node.named_children(&mut cursor).collect();
                let mut guarded = scope.events.len()..scope.events.len();
                for child in children {
                    match child.kind() {
                        "except_clause" | "except_group_clause" => {
                            let start = scope.events.len();
                            self.statement(child, scope, depth + 1);
                            let line_end = self
                                .text(child)
                                .find('\n')
                                .unwrap_or(child.byte_range().len());
                            scope.handlers.push(Handler {
                                span: child.start_byte()..child.start_byte() + line_end,
                                events: start..scope.events.len(),
                                raises: has_raise(child),
                                catches: self.caught_types(child),
                                bound: self.bound_name(child),
                                answers_error_status: self.answers_error_status(child),
                                clause: child.byte_range(),
                                guarded: guarded.clone(),
                                returns: self.returned_values(child, depth),
                            });
                        }
                        "block" if Some(child) == node.child_by_field_name("body") => {
                            let start = scope.events.len();
                            self.block(child, scope, depth + 1);
                            guarded = start..scope.events.len();
                        }
                        _ => self.block_or_statement(child, scope, depth + 1),
                    }
                }
            }
            "import_statement" | "import_from_statement" | "future_import_statement" => {
                self.import(node)
            }
            "expression_statement" => {
                let mut cursor = node.walk();
                let children: Vec<Node> = node.named_children(&mut cursor).collect();
                for child in children {
                    match child.kind() {
                        "assignment" | "augmented_assignment" => {
                            self.assignment(child, scope, depth)
                        }
                        _ => {
                            let e = self.expr(child, depth);
                            push_calls(&e, &mut scope.events);
                        }
                    }
                }
            }
            "for_statement" => {
                if let Some(right) = node.child_by_field_name("right") {
                    let value = self.expr(right, depth);
                    push_calls(&value, &mut scope.events);
                    let left = node.child_by_field_name("left");
                    let targets = left.map(|l| self.targets(l)).unwrap_or_default();
                    scope.events.push(Event::Assign {
                        targets,
                        value,
                        augment: false,
                        unpack: left.is_some_and(is_unpacking),
                    });
                }
                for field in ["body", "alternative"] {
                    if let Some(b) = node.child_by_field_name(field) {
                        self.block_or_statement(b, scope, depth);
                    }
                }
            }
            "with_statement" => {
                let mut cursor = node.walk();
                let children: Vec<Node> = node.named_children(&mut cursor).collect();
                for child in children {
                    match child.kind() {
                        "with_clause" => self.with_clause(child, scope, depth),
                        "block" => self.block(child, scope, depth),
                        _ => {}
                    }
                }
            }
            _ => {
                // Blocks and compound statements (if/while/try/match) recurse into their statements;
                // conditions, exception types, return/raise/assert values: only their calls matter.
                let mut cursor = node.walk();
                let children: Vec<Node> = node.named_children(&mut cursor).collect();
                for child in children {
                    if is_statement_like(child.kind()) {
                        self.statement(child, scope, depth + 1);
                    } else {
                        let e = self.expr(child, depth);
                        push_calls(&e, &mut scope.events);
                    }
                }
            }
        }
    }

    fn block_or_statement(&mut self, node: Node, scope: &mut Scope, depth: usize) {
        if node.kind() == "block" {
            self.block(node, scope, depth);
        } else {
            self.statement(node, scope, depth);
        }
    }

    fn with_clause(&mut self, node: Node, scope: &mut Scope, depth: usize) {
        let mut cursor = node.walk();
        let items: Vec<Node> = node.named_children(&mut cursor).collect();
        for item in items {
            let Some(value) = item.child_by_field_name("value") else {
                continue;
            };
            // `with x as y` parses as an as_pattern: the expression and its alias.
            if value.kind() == "as_pattern" {
                let expr = value.named_child(0).map(|e| self.expr(e, depth));
                let alias_node = value.child_by_field_name("alias");
                let alias = alias_node.map(|a| self.targets(a)).unwrap_or_default();
                if let Some(expr) = expr {
                    push_calls(&expr, &mut scope.events);
                    scope.events.push(Event::Assign {
                        targets: alias,
                        value: expr,
                        augment: false,
                        unpack: alias_node.is_some_and(is_unpacking),
                    });
                }
            } else {
                let e = self.expr(value, depth);
                push_calls(&e, &mut scope.events);
            }
        }
    }

    fn assignment(&mut self, node: Node, scope: &mut Scope, depth: usize) {
        let augment = node.kind() == "augmented_assignment";
        let Some(right) = node.child_by_field_name("right") else {
            return;
        };
        // `a = b = value`: the right side is itself an assignment.
        if right.kind() == "assignment" {
            self.assignment(right, scope, depth);
        }
        let value = if right.kind() == "assignment" {
            right
                .child_by_field_name("right")
                .map(|r| self.expr(r, depth))
        } else {
            Some(self.expr(right, depth))
        };
        let Some(value) = value else { return };
        push_calls(&value, &mut scope.events);
        let left = node.child_by_field_name("left");
        let mut targets = left.map(|l| self.targets(l)).unwrap_or_default();
        // `d["k"] = v` adds to d rather than replacing it.
        let subscript_target = left.is_some_and(|l| l.kind() == "subscript");
        if right.kind() == "assignment" {
            if let Some(l) = right.child_by_field_name("left") {
                targets.extend(self.targets(l));
            }
        }
        if scope.function.is_none() && !augment && targets.len() == 1 {
            if let ExprKind::Str(text) = &value.kind {
                self.file.constants.push((targets[0].clone(), text.clone()));
            }
        }
        scope.events.push(Event::Assign {
            targets,
            value,
            augment: augment || subscript_target,
            // `a = b = value` binds the whole value twice: not an unpacking.
            unpack: left.is_some_and(is_unpacking),
        });
    }

    /// Names bound by an assignment target: `a`, `self.logger`, `a, (b, c)`, `d["k"]` (→ d).
    fn targets(&self, node: Node) -> Vec<String> {
        match node.kind() {
            "identifier" => vec![self.text(node).to_string()],
            "attribute" => vec![self.text(node).split_whitespace().collect::<String>()],
            "subscript" => node
                .child_by_field_name("value")
                .map(|v| self.targets(v))
                .unwrap_or_default(),
            "pattern_list"
            | "tuple_pattern"
            | "list_pattern"
            | "expression_list"
            | "tuple"
            | "list"
            | "parenthesized_expression"
            | "list_splat_pattern"
            | "list_splat"
            | "as_pattern_target" => {
                let mut cursor = node.walk();
                let children: Vec<Node> = node.named_children(&mut cursor).collect();
                children.into_iter().flat_map(|c| self.targets(c)).collect()
            }
            _ => Vec::new(),
        }
    }

    /// A `# obslint: critical` comment on the line directly above `start` (a `def` or its first decorator).
    fn marked_critical(&self, start: usize) -> bool {
        let before = &self.src[..start.min(self.src.len())];
        let Some(line_start) = before.iter().rposition(|b| *b == b'\n') else {
            return false;
        };
        let above = &before[..line_start];
        let from = above.iter().rposition(|b| *b == b'\n').map_or(0, |p| p + 1);
        let line = String::from_utf8_lossy(&above[from..]);
        let comment = line.trim().trim_start_matches('#').trim();
        comment
            .strip_prefix("obslint:")
            .is_some_and(|rest| rest.trim() == "critical")
    }

    /// `except (A, b.C) as e:` → ["A", "b.C"].
    /// `except E as name`: the name.
    fn bound_name(&self, clause: Node) -> Option<String> {
        let mut cursor = clause.walk();
        let pattern = clause
            .named_children(&mut cursor)
            .find(|c| c.kind() == "as_pattern")?;
        let alias = pattern.child_by_field_name("alias")?;
        let name = self.text(alias).trim();
        (!name.is_empty()).then(|| name.to_string())
    }

    /// Whether the clause answers with an HTTP error status, outside nested functions:
    /// `return body, 502`, `Response(..., status=503)`, `JSONResponse(status_code=500)`,
    /// `status=status.HTTP_502_BAD_GATEWAY`, `response.status_code = 500`.
    fn answers_error_status(&self, clause: Node) -> bool {
        let mut stack = vec![clause];
        while let Some(n) = stack.pop() {
            let mut cursor = n.walk();
            for c in n.named_children(&mut cursor) {
                match c.kind() {
                    "return_statement" => {
                        let last = c
                            .named_child(0)
                            .filter(|v| v.kind() == "expression_list")
                            .and_then(|v| {
                                v.named_child_count()
                                    .checked_sub(1)
                                    .and_then(|i| v.named_child(i as u32))
                            });
                        if last.is_some_and(|l| is_error_status(self.text(l))) {
                            return true;
                        }
                        stack.push(c);
                    }
                    "keyword_argument" => {
                        let name = c.child_by_field_name("name").map(|n| self.text(n));
                        let value = c.child_by_field_name("value").map(|v| self.text(v));
                        if matches!(name, Some("status" | "status_code" | "code"))
                            && value.is_some_and(is_error_status)
                        {
                            return true;
                        }
                        stack.push(c);
                    }
                    "assignment" => {
                        let left = c.child_by_field_name("left").map(|n| self.text(n));
                        let right = c.child_by_field_name("right").map(|v| self.text(v));
                        // `response.status_code = 500`, and a status kept for the answer
                        // (`status = 400`, `http_status = 503`).
                        if left.is_some_and(|l| l.ends_with("status_code") || l.ends_with("status"))
                            && right.is_some_and(is_error_status)
                        {
                            return true;
                        }
                        stack.push(c);
                    }
                    "function_definition" | "class_definition" | "lambda" => {}
                    _ => stack.push(c),
                }
            }
        }
        false
    }

    /// The values of the `return` statements in the clause, outside nested functions.
    fn returned_values(&self, clause: Node, depth: usize) -> Vec<Expr> {
        let mut out = Vec::new();
        let mut stack = vec![clause];
        while let Some(n) = stack.pop() {
            let mut cursor = n.walk();
            for c in n.named_children(&mut cursor) {
                match c.kind() {
                    "return_statement" => {
                        if let Some(v) = c.named_child(0) {
                            out.push(self.expr(v, depth + 1));
                        }
                    }
                    "function_definition" | "class_definition" | "lambda" => {}
                    _ => stack.push(c),
                }
            }
        }
        out
    }

    fn caught_types(&self, clause: Node) -> Vec<String> {
        let mut cursor = clause.walk();
        let Some(mut ty) = clause
            .named_children(&mut cursor)
            .find(|c| c.kind() != "block" && c.kind() != "comment")
        else {
            return Vec::new();
        };
        if ty.kind() == "as_pattern" {
            match ty.named_child(0) {
                Some(inner) => ty = inner,
                None => return Vec::new(),
            }
        }
        let compact = |n: Node| self.text(n).split_whitespace().collect::<String>();
        if matches!(ty.kind(), "tuple" | "parenthesized_expression") {
            let mut cursor = ty.walk();
            let items: Vec<Node> = ty.named_children(&mut cursor).collect();
            return items.into_iter().map(compact).collect();
        }
        vec![compact(ty)]
    }

    /// `[:4]`, `[-4:]`, `[0:3]`: a slice of at most four items from one end (`iban[:8]` still names the
    /// bank).
    fn is_short_slice(&self, node: Node) -> bool {
        if node.kind() != "slice" {
            return false;
        }
        let text: String = self
            .text(node)
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect();
        let small = |n: &str| n.parse::<u32>().is_ok_and(|n| n <= 4);
        match text.split_once(':') {
            Some(("" | "0", end)) => small(end),
            Some((start, "")) => start.strip_prefix('-').is_some_and(small),
            _ => false,
        }
    }

    /// Whether a class body defines `__repr__`/`__str__` and none of the words in them (attribute
    /// names, format strings: `format_repr(self, 'id', 'name')`) is a secret's name.
    fn repr_hides_secrets(&self, body: Node, class: &str) -> Option<bool> {
        let mut cursor = body.walk();
        let mut found = false;
        for child in body.named_children(&mut cursor) {
            let def = if child.kind() == "decorated_definition" {
                child.child_by_field_name("definition")
            } else {
                Some(child)
            };
            let Some(def) = def.filter(|d| d.kind() == "function_definition") else {
                continue;
            };
            let named = def
                .child_by_field_name("name")
                .is_some_and(|n| matches!(self.text(n), "__repr__" | "__str__"));
            if !named {
                continue;
            }
            found = true;
            let text = def.child_by_field_name("body").map_or("", |b| self.text(b));
            let reveals = text
                .split(|c: char| !(c.is_alphanumeric() || c == '_'))
                // The class's own name (`<PersonalToken(3)>`) says what it is, not what it shows.
                .filter(|w| *w != class)
                .any(|w| super::sensitive::classify(w) == Some(super::sensitive::Category::Secret));
            if reveals {
                return Some(false);
            }
        }
        found.then_some(true)
    }

    fn class(
        &mut self,
        node: Node,
        decorators: Vec<Expr>,
        marked_critical: bool,
        scope: &mut Scope,
        depth: usize,
    ) {
        let Some(name_node) = node.child_by_field_name("name") else {
            return;
        };
        let name = self.text(name_node).to_string();
        let bases = node
            .child_by_field_name("superclasses")
            .map(|s| {
                let mut cursor = s.walk();
                s.named_children(&mut cursor)
                    .filter(|b| b.kind() != "keyword_argument")
                    .map(|b| self.expr(b, depth))
                    .collect()
            })
            .unwrap_or_default();
        let generated_repr = decorators.iter().chain(&bases).any(|e| {
            e.dotted().is_some_and(|d| {
                d.last().is_some_and(|l| {
                    matches!(
                        *l,
                        "dataclass"
                            | "s"
                            | "attrs"
                            | "define"
                            | "frozen"
                            | "BaseModel"
                            | "NamedTuple"
                    )
                })
            }) || matches!(&e.kind, crate::python::model::ExprKind::Call(c)
                    if c.func.dotted().is_some_and(|d| d.last().is_some_and(|l| *l == "dataclass")))
        });
        let repr_hides_secrets = match node
            .child_by_field_name("body")
            .and_then(|body| self.repr_hides_secrets(body, &name))
        {
            Some(hides) => Some(hides),
            None if generated_repr => Some(false),
            None => None,
        };
        self.file.classes.push(ClassDef {
            name: name.clone(),
            name_span: name_node.byte_range(),
            bases,
            decorators,
            marked_critical,
            repr_hides_secrets,
        });
        if let Some(body) = node.child_by_field_name("body") {
            self.classes.push(name);
            self.block(body, scope, depth);
            self.classes.pop();
        }
    }

    fn function(&mut self, node: Node, decorators: Vec<Expr>, marked_critical: bool, depth: usize) {
        let name_node = node.child_by_field_name("name");
        let name = name_node.map(|n| self.text(n).to_string());
        let mut params = Vec::new();
        // Parameters annotated as an identifier or a number (`token: UUID`): no content to leak.
        let mut opaque = Vec::new();
        if let Some(p) = node.child_by_field_name("parameters") {
            let mut cursor = p.walk();
            for param in p.named_children(&mut cursor) {
                let id = match param.kind() {
                    "identifier" => Some(param),
                    "typed_parameter" => param.named_child(0),
                    _ => param.child_by_field_name("name"),
                };
                if let Some(id) = id.filter(|i| i.kind() == "identifier") {
                    params.push(self.text(id).to_string());
                    let annotation = param.child_by_field_name("type").map(|t| self.text(t));
                    if annotation.is_some_and(holds_no_data) {
                        opaque.push(self.text(id).to_string());
                    }
                }
            }
        }
        let mut scope = Scope {
            function: name,
            class: self.classes.last().cloned(),
            params,
            decorators,
            events: Vec::new(),
            span: node.byte_range(),
            name_span: name_node.map_or(node.byte_range(), |n| n.byte_range()),
            handlers: Vec::new(),
            marked_critical,
            literal_params: Vec::new(),
        };
        if let Some(body) = node.child_by_field_name("body") {
            if self.full || super::prefilter::body_matters(&self.src[body.byte_range()]) {
                // A class defined inside a function body is not the method's class.
                let outer = std::mem::take(&mut self.classes);
                self.block(body, &mut scope, depth + 1);
                self.classes = outer;
                scope.literal_params = self.literal_params(node);
                scope.literal_params.extend(opaque);
            }
        }
        self.file.scopes.push(scope);
    }

    /// The parameters of a nested function that every call passes a string literal. Its name is
    /// local to the enclosing function, so every use is in that body: if each is a call and each
    /// call passes a literal for a parameter (a self-test vector, a constant), the parameter holds
    /// no data. Any other use of the name (passed on, returned, spread arguments) proves nothing.
    fn literal_params(&self, def: Node) -> Vec<String> {
        let (Some(name), Some(params)) = (
            def.child_by_field_name("name"),
            def.child_by_field_name("parameters"),
        ) else {
            return Vec::new();
        };
        // Positional parameters, up to `*`, `*args` or `**kwargs`.
        let mut positional = Vec::new();
        let mut cursor = params.walk();
        for param in params.named_children(&mut cursor) {
            let id = match param.kind() {
                "identifier" => Some(param),
                "typed_parameter" => param.named_child(0),
                "default_parameter" | "typed_default_parameter" => {
                    param.child_by_field_name("name")
                }
                _ => break,
            };
            match id.filter(|i| i.kind() == "identifier") {
                Some(id) => positional.push(self.text(id)),
                None => break,
            }
        }
        if positional.is_empty() {
            return Vec::new();
        }
        let Some(enclosing) = std::iter::successors(def.parent(), |n| n.parent())
            .find(|n| n.kind() == "function_definition")
            .and_then(|f| f.child_by_field_name("body"))
        else {
            return Vec::new();
        };
        let name_text = self.text(name);
        let mut literal = vec![true; positional.len()];
        let mut calls = 0;
        let mut cursor = enclosing.walk();
        let mut stack = vec![enclosing];
        while let Some(node) = stack.pop() {
            if node.kind() == "identifier"
                && node.byte_range() != name.byte_range()
                && self.text(node) == name_text
            {
                let call = node
                    .parent()
                    .filter(|p| p.kind() == "call")
                    .filter(|p| p.child_by_field_name("function") == Some(node));
                let Some(args) = call.and_then(|c| c.child_by_field_name("arguments")) else {
                    return Vec::new();
                };
                if !self.passes_literals(args, &positional, &mut literal) {
                    return Vec::new();
                }
                calls += 1;
            }
            stack.extend(node.named_children(&mut cursor));
        }
        if calls == 0 {
            return Vec::new();
        }
        positional
            .iter()
            .zip(literal)
            .filter(|(_, l)| *l)
            .map(|(p, _)| p.to_string())
            .collect()
    }

    /// Clears `literal[i]` for each parameter this call does not pass a string literal; false when
    /// the call spreads `*args` / `**kwargs` (its arguments are unknown).
    fn passes_literals(&self, args: Node, params: &[&str], literal: &mut [bool]) -> bool {
        let mut positional = Vec::new();
        let mut keywords = Vec::new();
        let mut cursor = args.walk();
        for arg in args.named_children(&mut cursor) {
            match arg.kind() {
                "list_splat" | "dictionary_splat" => return false,
                "keyword_argument" => {
                    if let (Some(k), Some(v)) = (
                        arg.child_by_field_name("name"),
                        arg.child_by_field_name("value"),
                    ) {
                        keywords.push((self.text(k), v));
                    }
                }
                "comment" => {}
                _ => positional.push(arg),
            }
        }
        for (i, param) in params.iter().enumerate() {
            let value = positional
                .get(i)
                .copied()
                .or_else(|| keywords.iter().find(|(k, _)| k == param).map(|(_, v)| *v));
            if value.is_none_or(|v| self.string_literal(v).is_none()) {
                literal[i] = false;
            }
        }
        true
    }

    fn import(&mut self, node: Node) {
        let module = node
            .child_by_field_name("module_name")
            .map(|m| self.text(m).to_string());
        let mut cursor = node.walk();
        let children: Vec<Node> = node.named_children(&mut cursor).collect();
        for child in children {
            if Some(child) == node.child_by_field_name("module_name") {
                continue;
            }
            let (path, alias) = match child.kind() {
                "aliased_import" => (
                    child
                        .child_by_field_name("name")
                        .map(|n| self.text(n).to_string()),
                    child
                        .child_by_field_name("alias")
                        .map(|a| self.text(a).to_string()),
                ),
                "dotted_name" => (Some(self.text(child).to_string()), None),
                _ => continue,
            };
            let Some(path) = path else { continue };
            let import = match &module {
                // from m import path [as alias]
                Some(m) => Import {
                    module: m.clone(),
                    alias: alias.unwrap_or_else(|| path.clone()),
                    name: Some(path),
                },
                // import path [as alias]: without an alias the root name is bound.
                None => Import {
                    alias: alias
                        .unwrap_or_else(|| path.split('.').next().unwrap_or(&path).to_string()),
                    module: path,
                    name: None,
                },
            };
            self.file.imports.push(import);
        }
    }
}

/// A parameter annotation whose values carry no content: identifiers, numbers, flags
/// (`UUID`, `uuid.UUID`, `int`, `Optional[UUID]`, `UUID | None`).
fn holds_no_data(annotation: &str) -> bool {
    let compact: String = annotation.split_whitespace().collect();
    let inner = compact
        .strip_prefix("Optional[")
        .and_then(|r| r.strip_suffix(']'))
        .or_else(|| compact.strip_suffix("|None"))
        .unwrap_or(&compact);
    matches!(
        inner,
        "UUID" | "uuid.UUID" | "int" | "bool" | "float" | "UUID4" | "pydantic.UUID4"
    )
}

/// An HTTP status that says the request failed: `500`, `HTTPStatus.BAD_GATEWAY`,
/// `status.HTTP_503_SERVICE_UNAVAILABLE`.
fn is_error_status(text: &str) -> bool {
    let text = text.trim();
    if let Ok(code) = text.parse::<u16>() {
        return (400..600).contains(&code);
    }
    let last = text.rsplit('.').next().unwrap_or(text);
    last.starts_with("HTTP_4")
        || last.starts_with("HTTP_5")
        || (text.contains("HTTPStatus")
            && [
                "ERROR",
                "BAD_",
                "UNAVAILABLE",
                "TIMEOUT",
                "NOT_FOUND",
                "FORBIDDEN",
                "UNAUTHORIZED",
                "CONFLICT",
            ]
            .iter()
            .any(|w| last.contains(w)))
}

/// A `raise` in this clause's own body (not in a function defined inside it). Iterative: hostile
/// nesting must not exhaust the stack.
fn has_raise(node: Node) -> bool {
    let mut stack = vec![node];
    while let Some(n) = stack.pop() {
        let mut cursor = n.walk();
        for c in n.named_children(&mut cursor) {
            match c.kind() {
                "raise_statement" => return true,
                "function_definition" | "class_definition" | "lambda" => {}
                _ => stack.push(c),
            }
        }
    }
    false
}

/// `a, b` / `(a, b)` / `[a, *rest]` on the left of `=`, `for` or `as`.
fn is_unpacking(target: Node) -> bool {
    let target = match target.kind() {
        // `with x as (a, b)`: the alias is wrapped.
        "as_pattern_target" => match target.named_child(0) {
            Some(inner) => inner,
            None => return false,
        },
        _ => target,
    };
    matches!(
        target.kind(),
        "pattern_list" | "tuple_pattern" | "list_pattern" | "expression_list" | "tuple" | "list"
    )
}

fn is_statement_like(kind: &str) -> bool {
    kind.ends_with("_statement")
        || kind.ends_with("_definition")
        || kind.ends_with("_clause")
        || matches!(kind, "block" | "decorated_definition")
}

/// Every call inside an expression, innermost first (the order Python evaluates them).
pub fn push_calls(expr: &Expr, events: &mut Vec<Event>) {
    for_each_child(expr, &mut |child| push_calls(child, events));
    if matches!(expr.kind, ExprKind::Call(_)) {
        events.push(Event::Call(expr.clone()));
    }
}

fn for_each_child(expr: &Expr, f: &mut impl FnMut(&Expr)) {
    match &expr.kind {
        ExprKind::Attribute(v, _) | ExprKind::Subscript(v, _) => f(v),
        ExprKind::Call(call) => {
            f(&call.func);
            call.args.iter().for_each(&mut *f);
            call.kwargs.iter().for_each(|k| f(&k.value));
            call.star_args.iter().for_each(&mut *f);
            call.star_kwargs.iter().for_each(&mut *f);
        }
        ExprKind::FString(parts) | ExprKind::Combine(parts) | ExprKind::Collection(parts) => {
            parts.iter().for_each(f)
        }
        ExprKind::Dict(entries) => entries.iter().for_each(|e| f(&e.value)),
        ExprKind::Name(_) | ExprKind::Str(_) | ExprKind::Literal(_) | ExprKind::Opaque => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn calls(scope: &Scope) -> Vec<String> {
        scope
            .events
            .iter()
            .filter_map(|e| match e {
                Event::Call(c) => match &c.kind {
                    ExprKind::Call(call) => call.func.dotted().map(|d| d.join(".")),
                    _ => None,
                },
                _ => None,
            })
            .collect()
    }

    #[test]
    fn scopes_events_and_imports() {
        let src = "import logging as lg\nfrom loguru import logger\nlog = lg.getLogger(__name__)\n\n@app.route('/x')\ndef view(user, password):\n    token = get_token(user)\n    with tracer.start_as_current_span('a') as span:\n        span.set_attribute('user.email', user.email)\n    log.info(\"login %s\", f\"{user.email} {password}\")\n";
        let file = extract(src);
        assert!(file.syntax_error.is_none());
        assert_eq!(file.imports.len(), 2);
        assert_eq!(
            (
                file.imports[0].module.as_str(),
                file.imports[0].alias.as_str()
            ),
            ("logging", "lg")
        );
        assert_eq!(file.imports[1].name.as_deref(), Some("logger"));
        assert_eq!(calls(&file.scopes[0]), ["lg.getLogger", "app.route"]);
        let view = &file.scopes[1];
        assert_eq!(view.function.as_deref(), Some("view"));
        assert_eq!(view.params, ["user", "password"]);
        assert_eq!(view.decorators.len(), 1);
        assert_eq!(
            calls(view),
            [
                "get_token",
                "tracer.start_as_current_span",
                "span.set_attribute",
                "log.info"
            ]
        );
        let assigns: Vec<_> = view
            .events
            .iter()
            .filter_map(|e| match e {
                Event::Assign { targets, .. } => Some(targets.join(",")),
                _ => None,
            })
            .collect();
        assert_eq!(assigns, ["token", "span"]);
    }

    #[test]
    fn unpacking_is_told_apart_from_chained_assignment() {
        let src = "def f(x):\n    a, b = g()\n    c = d = g()\n    [e, *rest] = x\n    n = x + 1\n    for k, v in x.items():\n        pass\n    for i in x:\n        pass\n    log.info(n)\n";
        let file = extract(src);
        let assigns: Vec<(String, bool, bool)> = file.scopes[1]
            .events
            .iter()
            .filter_map(|e| match e {
                Event::Assign {
                    targets,
                    unpack,
                    value,
                    ..
                } => Some((
                    targets.join(","),
                    *unpack,
                    matches!(value.kind, ExprKind::Opaque),
                )),
                _ => None,
            })
            .collect();
        let expected = [
            ("a,b", true, false),
            ("d", false, false),
            ("c,d", false, false),
            ("e,rest", true, false),
            ("n", false, true),
            ("k,v", true, false),
            ("i", false, false),
        ];
        let expected: Vec<(String, bool, bool)> = expected
            .iter()
            .map(|(t, u, o)| (t.to_string(), *u, *o))
            .collect();
        assert_eq!(assigns, expected);
    }

    #[test]
    fn nested_parameters_that_only_receive_literals() {
        let literal = |src: &str| -> Vec<String> {
            let file = extract(src);
            let inner = file
                .scopes
                .iter()
                .find(|s| s.function.as_deref() == Some("inner"))
                .expect("the nested function");
            inner.literal_params.clone()
        };
        let body = "    def inner(secret, hash, n=1):\n        log.debug(secret, hash)\n";
        assert_eq!(
            literal(&format!(
                "def outer(h):\n{body}    inner('test', h)\n    inner(b'x', hash='y')\n"
            )),
            ["secret"]
        );
        // Any use that is not a call, or a spread call, proves nothing.
        for uses in [
            "    inner('a', 'b')\n    register(inner)\n",
            "    inner(*args)\n",
            "    inner(f'{x}', x)\n",
            "",
        ] {
            assert!(
                literal(&format!("def outer(args, x):\n{body}{uses}")).is_empty(),
                "{uses}"
            );
        }
        // Only nested functions: a module-level one may be called from anywhere.
        assert!(literal(&format!(
            "{}\ninner('a', 'b')\n",
            body.replace("    def", "def")
        ))
        .is_empty());
    }

    #[test]
    fn syntax_errors_are_located_and_the_rest_still_extracts() {
        let src = "def ok():\n    log.info(password)\n\ndef broken(:\n    pass\n";
        let file = extract(src);
        let err = file.syntax_error.clone().unwrap();
        assert!(err.start >= src.find("def broken").unwrap(), "{err:?}");
        assert!(file
            .scopes
            .iter()
            .any(|s| calls(s).contains(&"log.info".to_string())));
    }
}
