//! Facts about a Python file, in our own small model: rules and the flow analysis never see tree-sitter
//! nodes. Expressions keep their byte spans so findings point at the exact text.

use std::ops::Range;

#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Expr {
    pub kind: ExprKind,
    pub span: Range<usize>,
}

#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub enum ExprKind {
    Name(String),
    /// `value.attr`
    Attribute(Box<Expr>, String),
    /// `value[key]`, with the key when it is a string literal.
    Subscript(Box<Expr>, Option<String>),
    Call(Box<Call>),
    /// A string literal without interpolation: its text.
    Str(String),
    /// An f-string: its interpolated expressions.
    FString(Vec<Expr>),
    /// Operands whose content flows into the result: `a + b`, `"%s" % x`, `a if c else b`, `await x`.
    Combine(Vec<Expr>),
    /// `[a, b]`, `(a, b)`, `{a, b}`, comprehensions (their element).
    Collection(Vec<Expr>),
    /// `{"k": v, **rest}`: literal keys where they are strings.
    Dict(Vec<DictEntry>),
    /// A number, boolean or None literal: no content, but a type (span attribute values are typed).
    Literal(Literal),
    /// Anything whose value carries no content of its operands: comparisons, `not x`, lambdas.
    Opaque,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Literal {
    Int,
    Float,
    Bool,
    None,
}

#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct DictEntry {
    /// The key when it is a string literal, with its span.
    pub key: Option<(String, Range<usize>)>,
    pub value: Expr,
}

#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Call {
    pub func: Expr,
    pub args: Vec<Expr>,
    pub kwargs: Vec<Keyword>,
    /// `*args` spread into the call: more positional arguments.
    pub star_args: Vec<Expr>,
    /// `**kwargs` spread into the call: more keyword arguments.
    pub star_kwargs: Vec<Expr>,
}

#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Keyword {
    pub name: String,
    pub name_span: Range<usize>,
    pub value: Expr,
}

/// What happens in a scope, in source order: the flow analysis replays it.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub enum Event {
    /// `a, b = value` / `a += value` (augmented: `augment`) / `for a in value` / `with value as a`.
    Assign {
        targets: Vec<String>,
        value: Expr,
        augment: bool,
        /// `a, b = value` / `for k, v in value`: each target gets a part of the value.
        unpack: bool,
    },
    /// A call evaluated here (calls nested in arguments come first, in evaluation order).
    Call(Expr),
}

#[derive(Debug, Clone, PartialEq, Default, serde::Serialize, serde::Deserialize)]
pub struct Scope {
    /// `None` for the module's top level.
    pub function: Option<String>,
    /// The class a method is defined in (the innermost one).
    pub class: Option<String>,
    pub params: Vec<String>,
    /// Parameters that hold no data: those of a nested function that every call to it passes a string
    /// literal (`safe_verify("test", h)` in the enclosing function, and no other use of its name), and
    /// those annotated as an identifier or number (`token: UUID`, `attempt: int`).
    pub literal_params: Vec<String>,
    pub decorators: Vec<Expr>,
    pub events: Vec<Event>,
    /// Where the `def` is.
    pub span: Range<usize>,
    /// The function's name, where findings about the function point.
    pub name_span: Range<usize>,
    /// `except` clauses directly in this function, with the events of their bodies.
    pub handlers: Vec<Handler>,
    /// A `# obslint: critical` comment stands directly above the `def` or its decorators.
    pub marked_critical: bool,
}

/// One `except` clause.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Handler {
    /// The `except ...:` line, up to the colon.
    pub span: Range<usize>,
    /// The events of its body: `scope.events[events]`.
    pub events: Range<usize>,
    /// Its body has a `raise` statement (re-raising or raising another error).
    pub raises: bool,
    /// The exception types named, as written (`Exception`, `requests.RequestException`); empty for a
    /// bare `except:`.
    pub catches: Vec<String>,
    /// The name the exception is bound to (`except Exception as error`).
    pub bound: Option<String>,
    /// Its body answers with an HTTP error status (`return body, 502`, `Response(status=503)`).
    pub answers_error_status: bool,
    /// The whole clause, body included: a handler inside another is on that one's error path.
    pub clause: Range<usize>,
    /// The events of the `try` body it guards: `scope.events[guarded]`.
    pub guarded: Range<usize>,
    /// The values its body returns (outside nested functions): what the caller is answered with.
    pub returns: Vec<Expr>,
}

/// A `class` statement.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct ClassDef {
    pub name: String,
    pub name_span: Range<usize>,
    /// `class V(MethodView, Mixin)`: the base expressions.
    pub bases: Vec<Expr>,
    pub decorators: Vec<Expr>,
    pub marked_critical: bool,
    /// How its objects show in a log line: `Some(true)` when the class defines `__repr__` or
    /// `__str__` and no name or string in them says secret (it shows what the project chose, not a
    /// credential); `Some(false)` when such a method names a secret, or the class is a dataclass,
    /// attrs class, pydantic model or named tuple (whose generated repr shows every field); `None`
    /// otherwise (Python's `<X object at 0x...>`, an ORM's `<X 3>`).
    pub repr_hides_secrets: Option<bool>,
}

/// `import x as y` / `from x import a as b`.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Import {
    /// The module path (`logging`, `opentelemetry.trace`).
    pub module: String,
    /// The imported name for `from` imports (`getLogger`), else None.
    pub name: Option<String>,
    /// The local name it is bound to.
    pub alias: String,
}

#[derive(Debug, Clone, Default, serde::Serialize, serde::Deserialize)]
pub struct PythonFile {
    pub imports: Vec<Import>,
    /// The module scope first, then every function (nested ones too), each analysed on its own.
    pub scopes: Vec<Scope>,
    /// Every class, nested ones too.
    pub classes: Vec<ClassDef>,
    /// Module-level `NAME = "literal"` constants (span names, metric names kept in constants).
    pub constants: Vec<(String, String)>,
    /// Where the first syntax error is, if any (PY001); the rest of the file still yields facts.
    pub syntax_error: Option<Range<usize>>,
    /// The distinct top-level packages imported (`opentelemetry` for `opentelemetry.trace`), worked
    /// out on first use: the instrumentation checks ask per decorator and call, and scanning every
    /// import each time made a module of many imports and functions quadratic.
    #[serde(skip)]
    import_roots: std::sync::OnceLock<Vec<String>>,
}

/// Equal facts, whether or not either side has worked out its import roots yet.
impl PartialEq for PythonFile {
    fn eq(&self, other: &Self) -> bool {
        self.imports == other.imports
            && self.scopes == other.scopes
            && self.classes == other.classes
            && self.constants == other.constants
            && self.syntax_error == other.syntax_error
    }
}

impl Call {
    /// The value of keyword argument `name`.
    pub fn keyword(&self, name: &str) -> Option<&Expr> {
        self.kwargs
            .iter()
            .find(|k| k.name == name)
            .map(|k| &k.value)
    }

    /// An argument given as keyword `name`, else the positional one at `pos`.
    pub fn argument(&self, pos: usize, name: &str) -> Option<&Expr> {
        self.keyword(name).or_else(|| self.args.get(pos))
    }
}

impl PythonFile {
    /// The distinct top-level packages the module imports.
    pub fn import_roots(&self) -> &[String] {
        self.import_roots.get_or_init(|| {
            let mut roots: Vec<String> = self
                .imports
                .iter()
                .map(|i| i.module.split('.').next().unwrap_or("").to_string())
                .collect();
            roots.sort();
            roots.dedup();
            roots
        })
    }

    /// The text of a module constant (`NAME = "literal"`; the last assignment wins).
    pub fn constant(&self, name: &str) -> Option<&str> {
        self.constants
            .iter()
            .rev()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    /// A string literal, or a module constant holding one.
    pub fn string_value(&self, expr: &Expr) -> Option<String> {
        match &expr.kind {
            ExprKind::Str(s) => Some(s.clone()),
            ExprKind::Name(n) => self.constant(n).map(str::to_string),
            _ => None,
        }
    }
}

impl Expr {
    /// `a.b.c` → ["a", "b", "c"]; None when the chain has calls or subscripts in it.
    pub fn dotted(&self) -> Option<Vec<&str>> {
        match &self.kind {
            ExprKind::Name(n) => Some(vec![n.as_str()]),
            ExprKind::Attribute(value, attr) => {
                let mut chain = value.dotted()?;
                chain.push(attr);
                Some(chain)
            }
            _ => None,
        }
    }
}
