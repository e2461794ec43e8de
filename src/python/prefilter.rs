//! Do less work: most Python files log nothing sensitive. A file is parsed only when its text has both
//! something that looks like a telemetry sink and a word that could name sensitive data; everything else
//! is skipped without building a tree.

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};
use std::sync::OnceLock;

/// Text that any sink call contains (logging, print, std streams, spans, metrics).
const SINK_MARKERS: &[&str] = &[
    "log",
    "print(",
    ".write(",
    "set_attribute",
    "add_event",
    "record_exception",
    "start_as_current_span",
    "start_span",
    ".labels(",
    "attributes=",
    "bind(",
    "contextualize",
    "bind_contextvars",
];

/// Text that any sensitive name or payload contains (matched ignoring ASCII case). A superset of what
/// `sensitive::classify` accepts, so a file it skips can hold no finding.
const SENSITIVE_MARKERS: &[&str] = &[
    "passw",
    "passwd",
    "pwd",
    "passphrase",
    "secret",
    "token",
    "api_key",
    "apikey",
    "api-key",
    "private",
    "credential",
    "session",
    "cookie",
    "authoriz",
    "auth",
    "bearer",
    "jwt",
    "otp",
    "pin",
    "mail",
    "phone",
    "mobile",
    "telephone",
    "address",
    "addr",
    "street",
    "postal",
    "zip",
    "ssn",
    "social",
    "national",
    "passport",
    "birth",
    "dob",
    "name",
    "surname",
    "ip",
    "card",
    "cc_",
    "pan",
    "cvv",
    "cvc",
    "security_code",
    "iban",
    "account",
    "routing",
    "sort_code",
    "diagnos",
    "medical",
    "medication",
    "prescription",
    "health",
    "allerg",
    "blood",
    "request",
    "req.",
    "__dict__",
    "asdict",
    "model_dump",
    "vars(",
    ".dict(",
    "to_dict",
    "signing",
    "ssh",
    "key",
];

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
    SINKS.get_or_init(|| matcher(SINK_MARKERS)).is_match(text)
        && SENSITIVE
            .get_or_init(|| matcher(SENSITIVE_MARKERS))
            .is_match(text)
}
