use crate::declare_rule;
use crate::diagnostic::Diagnostic;
use crate::python::sinks::SinkKind;
use crate::rules::{Check, PythonContext};

declare_rule! {
    /// ## What it does
    /// Follows personal data and secrets inside each function (assignments, f-strings, `%`, `.format`,
    /// `+`, `join`, containers, pass-through calls such as `str()` and `json.dumps`) and reports those
    /// that reach a span attribute. A value is sensitive when its name says so (a variable, parameter,
    /// attribute such as `user.email`, dict key such as `data["password"]`, or a function such as
    /// `get_api_token()`), or when it is a whole request payload (`request.json`, `request.headers`) or
    /// a dump of a user-like object (`vars(user)`, `customer.model_dump()`). Categories: secret,
    /// pii, financial, health; names that only look sensitive (`password_hash`, `token_count`,
    /// `email_verified`) are not. Sanitisers end the flow: `redact`, `mask`, `anonymize`, `scrub`,
    /// `sanitize`, `obfuscate`, `hash`, `encrypt`, `tokenize`, `pseudonymize` in a function's name,
    /// `hashlib`, `hmac`, `bcrypt`, `SecretStr`, and content-free values (`len(x)`, `bool(x)`).
    ///
    /// ## Why is this bad?
    /// Telemetry is copied to log stores, tracing backends and vendors, kept for months and read by many
    /// people: a password or an e-mail address there is a breach, and under GDPR or PCI DSS a reportable one.
    ///
    /// ## Example
    /// ```python
    /// span.set_attribute("user.email", user.email)             # PII003: the key names personal data
    /// span.add_event("login", attributes={"token": token})     # PII003
    /// span.set_attribute("user.id", user.id)                   # fine: an internal id
    /// ```
    ///
    /// ## Options
    /// - `python.redaction-functions`: the project's own sanitisers, named in the help.
    /// - `python.logger-objects`: project-specific logger names.
    /// - `python.category-severity`: severity per category (default: every category is an error, as the rule list says; e.g. `{ health = "warning" }`).
    pub static RULE = {
        code: "PII003",
        name: "sensitive-data-in-span",
        severity: Error,
        summary: "Sensitive data, or a sensitive attribute key, reaches a span attribute, event or recorded exception",
        check: Check::Python(check),
    }
}

fn check(cx: &PythonContext, out: &mut Vec<Diagnostic>) {
    super::report(cx, SinkKind::Span, CODE, out);
}
