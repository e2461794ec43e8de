use crate::declare_rule;
use crate::diagnostic::Diagnostic;
use crate::python::sinks::SinkKind;
use crate::rules::{Check, PythonContext};

declare_rule! {
    /// ## What it does
    /// Follows personal data and secrets inside each function (assignments, f-strings, `%`, `.format`,
    /// `+`, `join`, containers, pass-through calls such as `str()` and `json.dumps`) and reports those
    /// that reach a log message. A value is sensitive when its name says so (a variable, parameter,
    /// attribute such as `user.email`, dict key such as `data["password"]`, or a function such as
    /// `get_api_token()`), or when it is a whole request payload (`request.json`, `request.headers`) or
    /// a dump of a user-like object (`vars(user)`, `customer.model_dump()`). Categories: secret,
    /// pii, financial, health; names that only look sensitive (`password_hash`, `token_count`,
    /// `email_verified`, `credential_refresh_attempt`, `token_updater`, `service_account_email`) are
    /// not, nor are calls that return an acknowledgement or metadata (`rotate_root_credentials()`,
    /// `list_secrets()`, `read_secret_metadata()`). Sanitisers end the flow: `redact`, `mask`,
    /// `anonymize`, `scrub`, `sanitize`, `obfuscate`, `hash`, `encrypt`, `tokenize`, `pseudonymize`
    /// in a function's name, `hashlib`, `hmac`, `bcrypt`, `SecretStr`, and content-free values
    /// (`len(x)`, `bool(x)`).
    ///
    /// Weak names need provenance: a bare `session_id` (not a web session's unless it comes from
    /// `request.session` or a cookie), ACME challenge and lease tokens, `token: UUID` parameters, MFA
    /// serials, constants naming a secret (`API_KEY_HEADER`, `ConfigKey.SECRET_KEY`), a weakly named
    /// object whose other attributes are read (`token.expires_at`), cloud account numbers,
    /// `repo.full_name`, tokens in a lexer, peers of a socket server, the client's address in a log
    /// line about an authentication or access-control decision (OWASP asks for it there), the
    /// payload of `get_secure_cookie()`, a log call under an explicit opt-in to log credentials
    /// (`if setting_log_credentials:`), and `print()` in a
    /// command-line program are not reported. Strong names (`password`, `api_key`, `ssn`,
    /// `card_number`, `email`) are sensitive on their own. Every category is an error by default.
    ///
    /// ## Why is this bad?
    /// Telemetry is copied to log stores, tracing backends and vendors, kept for months and read by many
    /// people: a password or an e-mail address there is a breach, and under GDPR or PCI DSS a reportable one.
    ///
    /// ## Example
    /// ```python
    /// log.info("login for %s with %s", email, password)      # PII001 twice
    /// print(f"token={token}")                                # PII001
    /// log.info("login for %s", mask_email(email))            # fixed: one call
    /// ```
    ///
    /// ## Options
    /// - `python.redaction-functions`: the project's own sanitisers, named in the help.
    /// - `python.logger-objects`: project-specific logger names.
    /// - `python.category-severity`: severity per category (default: every category is an error, as the rule list says; e.g. `{ health = "warning" }`).
    pub static RULE = {
        code: "PII001",
        name: "sensitive-data-in-log-message",
        severity: Error,
        summary: "Sensitive data reaches a log message, its arguments, print or std*.write",
        check: Check::Python(check),
    }
}

fn check(cx: &PythonContext, out: &mut Vec<Diagnostic>) {
    super::report(cx, SinkKind::LogMessage, CODE, out);
}
