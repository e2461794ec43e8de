//! The spans a Python file starts and what it sets on them: span names (literal, module constant, or
//! built at run time), attributes given at start and through `set_attribute(s)` on a span bound by
//! `with ... as span`, by assignment, by `trace.get_current_span()`, or held in a parameter; event
//! names and their attributes; and the literal type of each value where the code shows it. The trace
//! schema checks (TRC) compare these facts with the registry.

use super::model::{Call, Event, Expr, ExprKind, Literal, PythonFile, Scope};
use std::collections::HashMap;
use std::ops::Range;

/// What a span name is.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub enum SpanName {
    /// A string literal, or a module constant holding one.
    Literal(String),
    /// Built at run time (`f"GET {path}"`, `"x" + y`, `"%s" % y`, `.format(...)`): how.
    /// (A `Cow` so the cache can read it back; the rules' own texts stay borrowed.)
    Built(std::borrow::Cow<'static, str>),
    /// A variable or attribute whose value the file does not show.
    Unknown,
}

/// The type of a literal attribute value.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub enum Value {
    Str(String),
    /// A string whose content is built at run time (an f-string).
    AnyStr,
    Int,
    Double,
    Bool,
    /// A list or tuple whose items are all of one literal type (`string[]`, `int[]`, ...).
    Array(Box<Value>),
    Unknown,
}

impl Value {
    /// The semantic-convention spelling of the type: `string`, `int`, `double`, `boolean`, `string[]`.
    pub fn type_name(&self) -> Option<String> {
        Some(match self {
            Value::Str(_) | Value::AnyStr => "string".into(),
            Value::Int => "int".into(),
            Value::Double => "double".into(),
            Value::Bool => "boolean".into(),
            Value::Array(item) => format!("{}[]", item.type_name()?),
            Value::Unknown => return None,
        })
    }
}

#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct AttributeSet {
    pub key: String,
    pub key_span: Range<usize>,
    pub value: Value,
    pub value_span: Range<usize>,
}

#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct SpanEvent {
    pub name: Option<String>,
    pub name_span: Range<usize>,
    pub attributes: Vec<AttributeSet>,
}

#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct SpanStart {
    pub name: SpanName,
    /// The name argument (or the call when there is none): where span findings point.
    pub name_span: Range<usize>,
    pub attributes: Vec<AttributeSet>,
    pub events: Vec<SpanEvent>,
    /// The span object is handed to another function (`enrich(span)`), which may set more on it.
    pub escapes: bool,
}

#[derive(Debug, Clone, Default, serde::Serialize, serde::Deserialize)]
pub struct SpanFacts {
    pub spans: Vec<SpanStart>,
    /// Attributes set on a span the file does not start (a parameter, an unknown current span).
    pub loose: Vec<AttributeSet>,
}

impl SpanFacts {
    pub fn is_empty(&self) -> bool {
        self.spans.is_empty() && self.loose.is_empty()
    }

    /// Every attribute set in the file, on a known span or not, with events' attributes.
    pub fn all_attributes(&self) -> impl Iterator<Item = &AttributeSet> {
        self.spans
            .iter()
            .flat_map(|s| {
                s.attributes
                    .iter()
                    .chain(s.events.iter().flat_map(|e| &e.attributes))
            })
            .chain(&self.loose)
    }
}

const STARTS: &[&str] = &["start_as_current_span", "start_span"];

pub fn spans(file: &PythonFile) -> SpanFacts {
    let mut out = SpanFacts::default();
    // A decorator call is also an event of the enclosing scope; it is the decorated function's span.
    let decorators: std::collections::HashSet<(usize, usize)> = file
        .scopes
        .iter()
        .flat_map(|s| s.decorators.iter().map(|d| (d.span.start, d.span.end)))
        .collect();
    for scope in &file.scopes {
        Scan::new(file, &mut out, &decorators).scope(scope);
    }
    out
}

struct Scan<'f, 'o> {
    file: &'f PythonFile,
    out: &'o mut SpanFacts,
    /// Local names bound to a span this scope started.
    bound: HashMap<String, usize>,
    /// Call spans of the start calls seen, to bind `with ... as span` and `span = ...` to them.
    started_at: HashMap<(usize, usize), usize>,
    /// The span current in this function: its decorator's, else the last one started.
    current: Option<usize>,
    /// Decorator calls of the file, which belong to the functions they decorate.
    decorators: &'f std::collections::HashSet<(usize, usize)>,
}

impl<'f, 'o> Scan<'f, 'o> {
    fn new(
        file: &'f PythonFile,
        out: &'o mut SpanFacts,
        decorators: &'f std::collections::HashSet<(usize, usize)>,
    ) -> Self {
        Scan {
            file,
            out,
            bound: HashMap::new(),
            started_at: HashMap::new(),
            current: None,
            decorators,
        }
    }

    fn scope(&mut self, scope: &Scope) {
        // `@tracer.start_as_current_span("x")`: the function body runs inside that span.
        for d in &scope.decorators {
            if let ExprKind::Call(call) = &d.kind {
                if is_start(call) {
                    self.current = Some(self.start(call, d.span.clone()));
                }
            }
        }
        for event in &scope.events {
            match event {
                Event::Call(expr) => {
                    let ExprKind::Call(call) = &expr.kind else {
                        continue;
                    };
                    if self.decorators.contains(&(expr.span.start, expr.span.end)) {
                        continue;
                    }
                    if is_start(call) {
                        let i = self.start(call, expr.span.clone());
                        self.started_at.insert((expr.span.start, expr.span.end), i);
                        self.current = Some(i);
                    } else {
                        self.use_span(call, scope);
                    }
                }
                Event::Assign { targets, value, .. } => {
                    let span = match &value.kind {
                        ExprKind::Call(call) if is_start(call) => self
                            .started_at
                            .get(&(value.span.start, value.span.end))
                            .copied(),
                        ExprKind::Call(call) if is_current_span(call) => self.current,
                        _ => None,
                    };
                    for t in targets {
                        match span {
                            Some(i) => {
                                self.bound.insert(t.clone(), i);
                            }
                            None => {
                                self.bound.remove(t);
                            }
                        }
                    }
                }
            }
        }
    }

    fn start(&mut self, call: &Call, call_span: Range<usize>) -> usize {
        // Sentry's `start_span(op="http.client", name=f"GET {url}")`: `op` is the low-cardinality key
        // spans are grouped by, `name` (or `description`) free text, so the span is judged by its `op`.
        let name_arg = call.keyword("op").or_else(|| call.argument(0, "name"));
        let (name, name_span) = match name_arg {
            Some(e) => (self.name_of(e), e.span.clone()),
            None => (SpanName::Unknown, call_span),
        };
        let attributes = call
            .keyword("attributes")
            .map(|a| dict_attributes(a, self.file))
            .unwrap_or_default();
        self.out.spans.push(SpanStart {
            name,
            name_span,
            attributes,
            events: Vec::new(),
            escapes: false,
        });
        self.out.spans.len() - 1
    }

    fn name_of(&self, e: &Expr) -> SpanName {
        match &e.kind {
            ExprKind::Str(s) => SpanName::Literal(s.clone()),
            ExprKind::Name(n) => match self.file.constant(n) {
                Some(v) => SpanName::Literal(v.to_string()),
                None => SpanName::Unknown,
            },
            // Built only from names the code fixes (`f"{cls.__name__}.run"`): a handful of names.
            ExprKind::FString(parts) | ExprKind::Combine(parts)
                if parts.iter().all(|p| self.bounded(p)) =>
            {
                SpanName::Unknown
            }
            ExprKind::FString(_) => SpanName::Built("an f-string".into()),
            ExprKind::Combine(_) => SpanName::Built("concatenation or `%` formatting".into()),
            ExprKind::Call(call) => match &call.func.kind {
                ExprKind::Attribute(_, m) if m == "format" || m == "join" => {
                    let args = call.args.iter().chain(call.kwargs.iter().map(|k| &k.value));
                    if args.clone().all(|a| self.bounded(a)) && args.count() > 0 {
                        SpanName::Unknown
                    } else {
                        SpanName::Built("`.format()`/`.join()`".into())
                    }
                }
                _ => SpanName::Unknown,
            },
            _ => SpanName::Unknown,
        }
    }

    /// A value from a small set the code itself fixes: literals, module constants, identifiers of code
    /// (`__name__`, `__qualname__`), and names of operations, handlers and tools (`func_name`,
    /// `self.method`), unless they name a person (`user.name`).
    fn bounded(&self, e: &Expr) -> bool {
        match &e.kind {
            ExprKind::Str(_) | ExprKind::Literal(_) => true,
            ExprKind::Name(n) => {
                self.file.constant(n).is_some()
                    || n.chars()
                        .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_')
                    || names_code(n)
            }
            ExprKind::Attribute(owner, attr) => {
                matches!(attr.as_str(), "__name__" | "__qualname__" | "__module__")
                    || (names_code(attr)
                        && !owner
                            .dotted()
                            .is_some_and(|c| c.iter().any(|w| PERSONS.contains(w))))
            }
            ExprKind::Combine(parts) => parts.iter().all(|p| self.bounded(p)),
            // `str(x)`: as bounded as x.
            ExprKind::Call(call) if call.func.dotted().is_some_and(|f| f == ["str"]) => {
                call.args.len() == 1 && self.bounded(&call.args[0])
            }
            _ => false,
        }
    }

    /// `span.set_attribute(...)`, `set_attributes`, `add_event`, `record_exception`, and spans handed on.
    fn use_span(&mut self, call: &Call, scope: &Scope) {
        // A bound span passed to another function may get more attributes there.
        for arg in call.args.iter().chain(call.kwargs.iter().map(|k| &k.value)) {
            if let ExprKind::Name(n) = &arg.kind {
                if let Some(&i) = self.bound.get(n) {
                    self.out.spans[i].escapes = true;
                }
            }
        }
        let ExprKind::Attribute(receiver, method) = &call.func.kind else {
            return;
        };
        if !matches!(
            method.as_str(),
            "set_attribute" | "set_attributes" | "add_event" | "record_exception"
        ) {
            return;
        }
        let target = match &receiver.kind {
            ExprKind::Name(n) => match self.bound.get(n) {
                Some(&i) => Some(i),
                // A parameter or a name this scope did not bind: some span, not one we know.
                None if scope.params.contains(n) || n.contains("span") => None,
                None => return,
            },
            ExprKind::Call(inner) if is_current_span(inner) => self.current,
            _ => match receiver.dotted() {
                Some(chain) if chain.last().is_some_and(|l| l.contains("span")) => None,
                _ => return,
            },
        };
        let file = self.file;
        match method.as_str() {
            "set_attribute" => {
                let (Some(key), Some(value)) = (call.args.first(), call.args.get(1)) else {
                    return;
                };
                let ExprKind::Str(k) = &key.kind else { return };
                let set = AttributeSet {
                    key: k.clone(),
                    key_span: key.span.clone(),
                    value: value_of(value, file),
                    value_span: value.span.clone(),
                };
                self.attach(target, vec![set]);
            }
            "set_attributes" => {
                if let Some(d) = call.args.first() {
                    let sets = dict_attributes(d, file);
                    self.attach(target, sets);
                }
            }
            "add_event" | "record_exception" => {
                let attributes = call
                    .keyword("attributes")
                    .or_else(|| (method == "add_event").then(|| call.args.get(1)).flatten())
                    .map(|a| dict_attributes(a, file))
                    .unwrap_or_default();
                let name = (method == "add_event")
                    .then(|| call.argument(0, "name"))
                    .flatten();
                let event = SpanEvent {
                    name: name.and_then(|n| match &n.kind {
                        ExprKind::Str(s) => Some(s.clone()),
                        _ => None,
                    }),
                    name_span: name.map_or(call.func.span.clone(), |n| n.span.clone()),
                    attributes,
                };
                match target {
                    Some(i) => self.out.spans[i].events.push(event),
                    None => self.out.loose.extend(event.attributes),
                }
            }
            _ => {}
        }
    }

    fn attach(&mut self, target: Option<usize>, sets: Vec<AttributeSet>) {
        match target {
            Some(i) => self.out.spans[i].attributes.extend(sets),
            None => self.out.loose.extend(sets),
        }
    }
}

fn is_start(call: &Call) -> bool {
    match &call.func.kind {
        ExprKind::Attribute(_, m) => STARTS.contains(&m.as_str()),
        _ => false,
    }
}

/// `trace.get_current_span()` / `get_current_span()`.
fn is_current_span(call: &Call) -> bool {
    match &call.func.kind {
        ExprKind::Attribute(_, m) => m == "get_current_span",
        ExprKind::Name(n) => n == "get_current_span",
        _ => false,
    }
}

/// `{"http.route": "/x", "retries": 3}` → attribute sets; keys that are not literals are skipped.
fn dict_attributes(e: &Expr, file: &PythonFile) -> Vec<AttributeSet> {
    let ExprKind::Dict(entries) = &e.kind else {
        return Vec::new();
    };
    entries
        .iter()
        .filter_map(|entry| {
            let (key, key_span) = entry.key.clone()?;
            Some(AttributeSet {
                key,
                key_span,
                value: value_of(&entry.value, file),
                value_span: entry.value.span.clone(),
            })
        })
        .collect()
}

fn value_of(e: &Expr, file: &PythonFile) -> Value {
    match &e.kind {
        ExprKind::Str(s) => Value::Str(s.clone()),
        ExprKind::FString(_) => Value::AnyStr,
        ExprKind::Literal(Literal::Int) => Value::Int,
        ExprKind::Literal(Literal::Float) => Value::Double,
        ExprKind::Literal(Literal::Bool) => Value::Bool,
        ExprKind::Name(n) => file
            .constant(n)
            .map_or(Value::Unknown, |v| Value::Str(v.to_string())),
        ExprKind::Collection(items) if !items.is_empty() => {
            let first = value_of(&items[0], file);
            let same = items.iter().all(|i| {
                std::mem::discriminant(&value_of(i, file)) == std::mem::discriminant(&first)
            });
            match first {
                Value::Unknown | Value::Array(_) => Value::Unknown,
                _ if !same => Value::Unknown,
                Value::Str(_) | Value::AnyStr => Value::Array(Box::new(Value::AnyStr)),
                other => Value::Array(Box::new(other)),
            }
        }
        _ => Value::Unknown,
    }
}

/// Last words of a name that names a piece of code or an operation (`func_name`, `tool_name`,
/// `http_method`), not a value from outside.
const CODE_WORDS: &[&str] = &[
    "name",
    "qualname",
    "method",
    "op",
    "operation",
    "kind",
    "type",
    "action",
    "endpoint",
    "handler",
    "command",
    "verb",
    "tool",
    "stage",
    "step",
    "task",
    "component",
];

/// Owners whose `name` is a person's.
const PERSONS: &[&str] = &[
    "user", "customer", "person", "member", "account", "profile", "author", "owner", "contact",
];

fn names_code(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    let words: Vec<&str> = lower.split('_').filter(|w| !w.is_empty()).collect();
    words.last().is_some_and(|w| CODE_WORDS.contains(w))
        && !words.iter().any(|w| PERSONS.contains(w))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_attributes_and_bindings() {
        let src = r#"
from opentelemetry import trace
tracer = trace.get_tracer(__name__)
CHARGE = "checkout.charge"

def charge(order, path):
    with tracer.start_as_current_span(CHARGE, attributes={"order.items": 3}) as span:
        span.set_attribute("payment.provider", "stripe")
        span.set_attribute("payment.amount", 12.5)
        span.add_event("retry", {"attempt": 2})
        enrich(span)
    with tracer.start_as_current_span(f"GET {path}"):
        pass

@tracer.start_as_current_span("refund")
def refund():
    trace.get_current_span().set_attribute("refund.reason", "fraud")

def enrich(span):
    span.set_attribute("http.method", "GET")
"#;
        let file = crate::python::extract::extract_with(src, true);
        let facts = spans(&file);
        let names: Vec<_> = facts.spans.iter().map(|s| s.name.clone()).collect();
        assert_eq!(
            names,
            [
                SpanName::Literal("checkout.charge".into()),
                SpanName::Built("an f-string".into()),
                SpanName::Literal("refund".into()),
            ]
        );
        let charge = &facts.spans[0];
        let keys: Vec<_> = charge
            .attributes
            .iter()
            .map(|a| (a.key.as_str(), a.value.type_name()))
            .collect();
        assert_eq!(
            keys,
            [
                ("order.items", Some("int".into())),
                ("payment.provider", Some("string".into())),
                ("payment.amount", Some("double".into())),
            ]
        );
        assert!(charge.escapes);
        assert_eq!(charge.events[0].attributes[0].key, "attempt");
        assert_eq!(facts.spans[2].attributes[0].key, "refund.reason");
        assert_eq!(facts.loose[0].key, "http.method");
    }
}
