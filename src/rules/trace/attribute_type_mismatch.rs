use crate::declare_rule;
use crate::diagnostic::Diagnostic;
use crate::python::spans::Value;
use crate::rules::{Check, ProjectContext};
use crate::trace::model::{AttrType, Primitive};

declare_rule! {
    /// ## What it does
    /// Reports a span attribute whose value in the code is a literal (a string, number, boolean, or a
    /// list of one of them) of another type than its definition declares. An integer is accepted for a
    /// `double`; an enum is checked against the type of its values.
    ///
    /// ## Why is this bad?
    /// Backends index attributes by type: `"3"` and `3` are different values, so filters and
    /// aggregations miss the spans with the wrong type.
    ///
    /// ## Example
    /// ```python
    /// span.set_attribute("order.items", "3")   # TRC005: order.items is an int
    /// span.set_attribute("order.items", 3)     # fine
    /// ```
    pub static RULE = {
        code: "TRC005",
        name: "attribute-type-mismatch",
        severity: Error,
        summary: "A literal attribute value has another type than its definition declares",
        check: Check::Project(check),
    }
}

fn check(cx: &ProjectContext, out: &mut Vec<Diagnostic>) {
    for (file, facts) in super::code_spans(cx) {
        for set in facts.all_attributes() {
            let Some(found) = set.value.type_name() else {
                continue;
            };
            let Some(attribute) = super::definition(cx, &set.key) else {
                continue;
            };
            if matches(&attribute.ty, &set.value) {
                continue;
            }
            out.push(
                Diagnostic::new(
                    CODE,
                    file,
                    set.value_span.clone(),
                    format!(
                        "`{}` is declared {}, but the code sets {} {found}",
                        set.key,
                        attribute.ty.spelled(),
                        if found.starts_with(['a', 'e', 'i', 'o', 'u']) {
                            "an"
                        } else {
                            "a"
                        }
                    ),
                )
                .with_identity(set.key.clone())
                .with_help(format!("set a {} value", attribute.ty.wire())),
            );
        }
    }
}

fn matches(declared: &AttrType, value: &Value) -> bool {
    let primitive = |p: Primitive, v: &Value| {
        matches!(
            (p, v),
            (Primitive::Any, _)
                | (Primitive::String, Value::Str(_) | Value::AnyStr)
                | (Primitive::Int, Value::Int)
                | (Primitive::Double, Value::Int | Value::Double)
                | (Primitive::Boolean, Value::Bool)
        )
    };
    match declared {
        AttrType::Primitive(p) => primitive(*p, value),
        AttrType::Enum { base, .. } => primitive(*base, value),
        AttrType::Array(p) => matches!(value, Value::Array(item) if primitive(*p, item)),
        AttrType::Template(_) => true,
    }
}
