//! Do less work: most Python files log nothing sensitive. A file is parsed only when its text has both
//! something that looks like a telemetry sink call and a word that could name sensitive data; everything
//! else is skipped without building a tree. Both lists are supersets of what `sinks` and `sensitive`
//! accept, so a skipped file can hold no finding; keep them in step when those change.

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};
use std::sync::OnceLock;

/// Text every sink call contains: a log level method, print, std streams, span and metric calls.
const SINK_MARKERS: &[&str] = &[
    ".debug(",
    ".info(",
    ".warning(",
    ".warn(",
    ".error(",
    ".exception(",
    ".critical(",
    ".fatal(",
    ".log(",
    ".msg(",
    ".trace(",
    ".success(",
    "print(",
    "stdout.write(",
    "stderr.write(",
    "set_attribute",
    "add_event",
    "record_exception",
    "start_as_current_span",
    "start_span",
    ".labels(",
    "attributes=",
    ".bind(",
    ".new(",
    "contextualize",
    "bind_contextvars",
];

/// Text every sensitive name or payload contains (ASCII case ignored). Mirrors the word tables of
/// `sensitive.rs` and the payload and dump shapes of `flow.rs`.
const SENSITIVE_MARKERS: &[&str] = &[
    // secret
    "passw",
    "passphrase",
    "passcode",
    "secret",
    "credential",
    "creds",
    "authorization",
    "auth_header",
    "auth_code",
    "basic_auth",
    "http_auth",
    "proxy_auth",
    "cookie",
    "sessionid",
    "session_id",
    "session_key",
    "verification_code",
    "mfa_code",
    "recovery_code",
    "backup_code",
    "jwt",
    "bearer",
    "token",
    "api_key",
    "apikey",
    "api-key",
    "private_key",
    "privatekey",
    "signing_key",
    "ssh_key",
    "access_key",
    "encryption_key",
    "decryption_key",
    "master_key",
    "hmac_key",
    // the same, camelCase (`accessKey`, `authHeader`): the snake forms above do not match them
    "authheader",
    "authcode",
    "basicauth",
    "httpauth",
    "proxyauth",
    "sessionkey",
    "verificationcode",
    "recoverycode",
    "backupcode",
    "signingkey",
    "sshkey",
    "accesskey",
    "encryptionkey",
    "decryptionkey",
    "masterkey",
    "hmackey",
    // pii
    "mail",
    "phone",
    "telephone",
    "msisdn",
    "mobile",
    "address",
    "addr",
    "forwarded_for",
    "forwardedfor",
    "forwarded-for",
    "street",
    "postal",
    "postcode",
    "zipcode",
    "zip_code",
    "billing_zip",
    "shipping_zip",
    "social_security",
    "national_id",
    "tax_id",
    "passport",
    "driver",
    "driving",
    "birth",
    "surname",
    "firstname",
    "lastname",
    "fullname",
    "first_name",
    "last_name",
    "full_name",
    "given_name",
    "family_name",
    "middle_name",
    "maiden",
    "nationalid",
    "socialsecurity",
    "taxid",
    "givenname",
    "familyname",
    "middlename",
    "userinfo",
    "user_info",
    "user-info",
    "user.info",
    // financial
    "cc_",
    "cvv",
    "cvc",
    "cvn",
    "security_code",
    "iban",
    "ccn",
    "bank_num",
    "banknum",
    "latitude",
    "longitude",
    "geolocation",
    "getpass",
    "remote_ip",
    "client.host",
    "account_n",
    "acct_n",
    "bank_account",
    "accountnumber",
    "routing",
    "sort_code",
    "creditcard",
    "debitcard",
    "bankaccount",
    "ccnum",
    "acctn",
    "securitycode",
    "sortcode",
    // health
    "diagnosis",
    "diagnoses",
    "medical",
    "medication",
    "prescription",
    "blood",
    "allerg",
    "symptom",
    "disabilit",
    "health",
    // payloads: the request attributes and methods `flow.rs` treats as whole payloads
    "request.json",
    "request.form",
    "request.data",
    "request.body",
    "request.values",
    "request.headers",
    "request.cookies",
    "request.get_json",
    "request.get_data",
    "req.json",
    "req.form",
    "req.data",
    "req.body",
    "req.values",
    "req.headers",
    "req.cookies",
    "req.get_json",
    "req.get_data",
];

/// Words that are only sensitive as whole words or in a combination, found with a regular expression:
/// short words with word boundaries in snake, camel and upper case (`ip`, not `zip` or `pipe`); `card` and
/// `account` at a word start (not `discard`); a person noun followed by `name` (`customer_name`,
/// `patientName`, `holder.name`); dumps of user-like objects (`vars(user)`, `profile.model_dump()`).
const WORDS: &str = concat!(
    r"(?:^|[^A-Za-z])(?:ip|ips|pin|pan|dob|otp|ssn|icd|fax|pwd|mfa)(?:[^a-z]|$)",
    r"|[a-z](?:Ip|Ips|Pin|Pan|Dob|Otp|Ssn|Fax|Pwd)(?:[^a-z]|$)",
    r"|(?:^|[^A-Z])(?:IP|IPS|PIN|PAN|DOB|OTP|SSN|ICD|FAX|PWD|MFA)(?:[^A-Z]|$)",
    r"|(?:^|[^A-Za-z])(?i:card|account)",
    r"|(?i:customer|patient|employee|member|contact|recipient|sender|holder|payee|payer|buyer|passenger|student|subscriber|author|billing|shipping|cardholder)[._]?(?i:name)",
    r"|(?i:user|customer|account|person|patient|member|client|profile|employee|buyer|payer|subscriber|contact|applicant|cardholder|guest|shopper)\w*(?:\.__dict__|\.(?:model_dump|dict|to_dict|model_dump_json|as_dict|asdict|to_json)\()",
    r"|(?:vars|asdict)\(\s*\w*(?i:user|customer|account|person|patient|member|client|profile|employee|buyer|payer|subscriber|contact|applicant|cardholder|guest|shopper)",
);

fn matcher(patterns: &[&str]) -> AhoCorasick {
    AhoCorasickBuilder::new()
        .ascii_case_insensitive(true)
        .match_kind(MatchKind::LeftmostFirst)
        .build(patterns)
        .expect("constant patterns build")
}

/// Whether the file could hold a leak and must be parsed.
pub fn worth_parsing(text: &[u8]) -> bool {
    static SINKS: OnceLock<AhoCorasick> = OnceLock::new();
    static SENSITIVE: OnceLock<AhoCorasick> = OnceLock::new();
    static WORD: OnceLock<regex::bytes::Regex> = OnceLock::new();
    SINKS.get_or_init(|| matcher(SINK_MARKERS)).is_match(text)
        && (SENSITIVE
            .get_or_init(|| matcher(SENSITIVE_MARKERS))
            .is_match(text)
            || WORD
                .get_or_init(|| regex::bytes::Regex::new(WORDS).expect("a constant, valid pattern"))
                .is_match(text))
}

/// Whether the file defines a `__repr__` or `__str__`: how its classes show in a log line decides
/// whether logging one of their objects leaks (see `ClassDef::repr_hides_secrets`).
pub fn defines_repr(text: &[u8]) -> bool {
    static REPR: OnceLock<AhoCorasick> = OnceLock::new();
    REPR.get_or_init(|| matcher(&["def __repr__", "def __str__"]))
        .is_match(text)
}

/// Whether a function body could hold a sink call or bind a logger or instrument: the bodies of the
/// others are not converted at all (their calls and assignments could not matter).
pub fn body_matters(text: &[u8]) -> bool {
    static BODY: OnceLock<AhoCorasick> = OnceLock::new();
    BODY.get_or_init(|| {
        let mut patterns: Vec<&str> = SINK_MARKERS.to_vec();
        // Instruments' `add`/`record`/`set` may take their attributes positionally.
        patterns.extend([
            ".add(",
            ".record(",
            ".set(",
            "getLogger",
            "get_logger",
            "wrap_logger",
            "LoggerAdapter",
            "create_counter",
            "create_histogram",
            "create_gauge",
            "create_up_down_counter",
            "logger",
        ]);
        matcher(&patterns)
    })
    .is_match(text)
}

/// Text that entry points, metric definitions and app-wide instrumentation contain: a file with none
/// of it defines nothing the instrumentation checks start from. (Helper modules an entry point calls
/// are parsed later, when a call leads into them.) Words such as `task` or `View` are everywhere, so
/// frameworks are recognised by their imports instead.
const STRUCTURE_MARKERS: &[&str] = &[
    ".route(",
    "add_url_rule",
    "add_api_route",
    "urlpatterns",
    "shared_task",
    "Consumer(",
    "basic_consume",
    "receive_message",
    "obslint: critical",
    "create_counter",
    "create_up_down_counter",
    "create_histogram",
    "create_gauge",
    "create_observable",
    "Instrumentor",
    "PrometheusMetrics",
    "Instrumentator",
    "PrometheusMiddleware",
    "django_prometheus",
    // Django settings (the app object and its middleware), app-wide hooks and agents, more entry points.
    "MIDDLEWARE",
    "ROOT_URLCONF",
    "INSTALLED_APPS",
    "wsgi_app",
    "Servicer_to_server",
    "add_resource",
    "@expose",
    "view_config",
    "patch_all",
];

/// Frameworks whose entry points or metrics the checks know, recognised by their import
/// (`from flask import`, `import celery`); prefixes such as `import kafka` also match `kafka_x`, which
/// only costs a parse.
const STRUCTURE_IMPORTS: &[&str] = &[
    "flask",
    "fastapi",
    "starlette",
    "quart",
    "django",
    "rest_framework",
    "aiohttp",
    "celery",
    "dramatiq",
    "kafka",
    "aiokafka",
    "confluent_kafka",
    "pika",
    "aio_pika",
    "prometheus_client",
    "tornado",
    "pyramid",
    "grpc",
    "flask_appbuilder",
    "flask_restful",
    "flask_restx",
    "sentry_sdk",
    "ddtrace",
    "newrelic",
    "elasticapm",
    "statsd",
    "datadog",
    "osprofiler",
];
/// Route and task decorators on an object imported from elsewhere (`@bp.get(`, `@app.task`).
const STRUCTURE_DECORATOR: &str =
    r"@[\w.]+\.(?:get|post|put|patch|delete|head|options|websocket|api_route|task|actor)\b";

/// Whether the file could define an entry point or a metric, or instrument an app.
pub fn defines_structure(text: &[u8]) -> bool {
    static MARKERS: OnceLock<AhoCorasick> = OnceLock::new();
    static DECORATOR: OnceLock<regex::bytes::Regex> = OnceLock::new();
    MARKERS
        .get_or_init(|| {
            let imports = STRUCTURE_IMPORTS
                .iter()
                .flat_map(|m| [format!("from {m}"), format!("import {m}")]);
            let all: Vec<String> = STRUCTURE_MARKERS
                .iter()
                .map(|m| m.to_string())
                .chain(imports)
                .collect();
            let all: Vec<&str> = all.iter().map(String::as_str).collect();
            matcher(&all)
        })
        .is_match(text)
        || DECORATOR
            .get_or_init(|| {
                regex::bytes::Regex::new(STRUCTURE_DECORATOR).expect("a constant, valid pattern")
            })
            .is_match(text)
}

/// Whether the file starts spans or sets span attributes (the trace schema checks read it).
pub fn uses_spans(text: &[u8]) -> bool {
    static SPANS: OnceLock<AhoCorasick> = OnceLock::new();
    SPANS
        .get_or_init(|| {
            matcher(&[
                "start_as_current_span",
                "start_span",
                "set_attribute",
                "add_event",
                "record_exception",
            ])
        })
        .is_match(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn structure_needs_a_framework_a_metric_or_a_decorator() {
        assert!(defines_structure(b"from flask import Flask"));
        assert!(defines_structure(b"import celery"));
        assert!(defines_structure(b"@bp.post('/x')\ndef f(): pass"));
        assert!(defines_structure(b"@app.task\ndef f(): pass"));
        assert!(defines_structure(b"X = meter.create_counter('x')"));
        assert!(!defines_structure(
            b"# the factor of a quarter of tasks\nclass View: pass"
        ));
        assert!(!defines_structure(b"d.get('x')"));
    }

    #[test]
    fn needs_a_sink_and_a_sensitive_word() {
        assert!(worth_parsing(b"log.info('x %s', password)"));
        assert!(worth_parsing(b"log.info('x %s', client_ip)"));
        assert!(worth_parsing(b"log.info('x %s', clientIp)"));
        assert!(worth_parsing(b"span.set_attribute('user.ip', x)"));
        assert!(
            !worth_parsing(b"log.info('unzip %s', pipeline)"),
            "ip inside words is not a word"
        );
        assert!(!worth_parsing(b"password = input()"), "no sink");
        assert!(!worth_parsing(b"log.info('started')"), "nothing sensitive");
        assert!(worth_parsing(b"print(vars(current_user))"));
        assert!(worth_parsing(b"print(customer.model_dump())"));
        assert!(worth_parsing(b"log.info(customer.name)"));
        assert!(worth_parsing(b"log.info(card_number)"));
        assert!(!worth_parsing(b"log.info('discard %s', remember)"));
    }
}
