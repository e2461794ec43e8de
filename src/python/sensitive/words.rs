//! The word tables of the sensitive-name classifier, as data: the sensitive word sequences by
//! category, and the modifiers and exclusions that turn a sensitive name into metadata about it.
//! The classifier that reads them is `sensitive/mod.rs`; a new sensitive word goes here.

use super::Category::{self, Financial, Health, Pii, Secret};

// ---------------------------------------------------------------------------------------------
// Word tables: the sensitive word sequences
// ---------------------------------------------------------------------------------------------

/// Which family-specific exclusions apply to a pattern (besides the general modifiers).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(super) enum Family {
    Plain,
    /// `token`: also a word in NLP (`eos_token`), LLM accounting and pagination (`next_page_token`).
    Token,
    /// `*_key`: `public_api_key` / `publishable_key` are meant to be public.
    Key,
    /// `ip` / `address` / `addr`: only personal when it is an end user's, not a server's.
    Network,
    /// `email`: a person's, unless it is a machine's (`service_account_email`, `bot_email`).
    Email,
    /// `account_number`: a bank account's, unless it is a cloud provider's (`aws_account_number`).
    Account,
}

pub(super) struct Pattern {
    pub(super) words: &'static [&'static str],
    pub(super) category: Category,
    /// The word is too ambiguous as a qualifier (`pin_memory`, `mobile_app`, `pan_x`, `ip_range`):
    /// it only counts as the head of the name, i.e. followed by nothing but digits or
    /// [`CONTENT_SUFFIXES`].
    pub(super) head_only: bool,
    pub(super) family: Family,
}

pub(super) const fn p(words: &'static [&'static str], category: Category) -> Pattern {
    Pattern {
        words,
        category,
        head_only: false,
        family: Family::Plain,
    }
}
pub(super) const fn head(words: &'static [&'static str], category: Category) -> Pattern {
    Pattern {
        words,
        category,
        head_only: true,
        family: Family::Plain,
    }
}
pub(super) const fn token(words: &'static [&'static str]) -> Pattern {
    Pattern {
        words,
        category: Secret,
        head_only: false,
        family: Family::Token,
    }
}
pub(super) const fn key(words: &'static [&'static str]) -> Pattern {
    Pattern {
        words,
        category: Secret,
        head_only: false,
        family: Family::Key,
    }
}
pub(super) const fn mail(words: &'static [&'static str]) -> Pattern {
    Pattern {
        words,
        category: Pii,
        head_only: false,
        family: Family::Email,
    }
}
pub(super) const fn account(words: &'static [&'static str]) -> Pattern {
    Pattern {
        words,
        category: Financial,
        head_only: false,
        family: Family::Account,
    }
}
pub(super) const fn net(words: &'static [&'static str], head_only: bool) -> Pattern {
    Pattern {
        words,
        category: Pii,
        head_only,
        family: Family::Network,
    }
}

/// Credentials and anything that lets its holder act as someone.
/// Deliberately absent: `pass` (far more often "did it pass" / "first_pass" of an algorithm),
/// `auth` alone (auth objects, modules, flags), `session` alone, `key` alone (dict keys, cache keys),
/// bare plural `tokens` (in Python code overwhelmingly `tokenizer.encode(...)` output or LLM
/// counts; only credential-qualified plurals like `access_tokens` count).
pub(super) const SECRET_PATTERNS: &[Pattern] = &[
    p(&["password"], Secret),
    p(&["passwords"], Secret),
    p(&["passwd"], Secret),
    // `pwd` is also "present working directory"; kept because the brief asks for it and
    // `pwd = os.getcwd()` rarely reaches a log call.
    p(&["pwd"], Secret),
    p(&["passphrase"], Secret),
    p(&["passcode"], Secret),
    p(&["secret"], Secret),
    p(&["secrets"], Secret),
    p(&["credential"], Secret),
    p(&["credentials"], Secret),
    p(&["creds"], Secret),
    // The HTTP `Authorization` header (and OAuth `authorization_code`).
    p(&["authorization"], Secret),
    p(&["auth", "header"], Secret),
    p(&["auth", "code"], Secret),
    p(&["basic", "auth"], Secret),
    p(&["http", "auth"], Secret),
    p(&["proxy", "auth"], Secret),
    // Session cookies carry the session.
    p(&["cookie"], Secret),
    p(&["cookies"], Secret),
    p(&["session", "id"], Secret),
    p(&["sessionid"], Secret),
    p(&["session", "key"], Secret),
    // One-time codes.
    p(&["otp"], Secret),
    p(&["totp"], Secret),
    p(&["verification", "code"], Secret),
    p(&["mfa", "code"], Secret),
    p(&["recovery", "code"], Secret),
    p(&["recovery", "codes"], Secret),
    p(&["backup", "codes"], Secret),
    // `pin_memory` (PyTorch) and `pin_version` are not PINs: head only.
    head(&["pin"], Secret),
    p(&["pin", "code"], Secret),
    p(&["pin", "number"], Secret),
    p(&["jwt"], Secret),
    p(&["bearer"], Secret),
    token(&["token"]),
    token(&["access", "tokens"]),
    token(&["refresh", "tokens"]),
    token(&["auth", "tokens"]),
    token(&["api", "tokens"]),
    token(&["id", "tokens"]),
    token(&["bearer", "tokens"]),
    token(&["session", "tokens"]),
    token(&["oauth", "tokens"]),
    token(&["csrf", "tokens"]),
    key(&["api", "key"]),
    key(&["api", "keys"]),
    key(&["apikey"]),
    key(&["apikeys"]),
    key(&["private", "key"]),
    key(&["private", "keys"]),
    key(&["privatekey"]),
    key(&["secret", "key"]),
    key(&["secret", "keys"]),
    key(&["secretkey"]),
    key(&["signing", "key"]),
    key(&["ssh", "key"]),
    key(&["access", "key"]),
    key(&["encryption", "key"]),
    key(&["decryption", "key"]),
    key(&["master", "key"]),
    key(&["hmac", "key"]),
];

/// Personal data: contact details, identity documents, names, network location of an end user.
/// Deliberately absent: `username` / `user_name` / `login` / `display_name` (chosen handles, the
/// thing audit logs are *supposed* to contain; OTel and ECS `user.name` is the login), `enduser.id`
/// / `user_id` (internal identifiers), `name` alone, `mail` alone (mail objects, Flask-Mail), `zip`
/// alone (the builtin and archives), `city` / `country` (too coarse to identify anyone), `tel`.
pub(super) const PII_PATTERNS: &[Pattern] = &[
    mail(&["email"]),
    mail(&["emails"]),
    mail(&["e", "mail"]),
    p(&["phone"], Pii),
    p(&["phones"], Pii),
    p(&["phonenumber"], Pii),
    p(&["telephone"], Pii),
    p(&["msisdn"], Pii),
    p(&["fax"], Pii),
    // `mobile_app`, `is_mobile`, `mobile_os`: head only, plus the explicit number forms.
    head(&["mobile"], Pii),
    p(&["mobile", "number"], Pii),
    p(&["mobile", "num"], Pii),
    p(&["mobile", "no"], Pii),
    // Postal addresses and an end user's network address share the infrastructure exclusions
    // (`server.address`, `bind_addr`, `host_ip`).
    net(&["address"], false),
    net(&["addresses"], false),
    net(&["ip", "address"], false),
    net(&["ip", "addresses"], false),
    net(&["forwarded", "for"], false),
    net(&["ip"], true),
    net(&["ips"], true),
    net(&["addr"], true),
    net(&["addrs"], true),
    p(&["street"], Pii),
    p(&["street", "name"], Pii),
    p(&["postal", "code"], Pii),
    p(&["post", "code"], Pii),
    p(&["postcode"], Pii),
    p(&["zip", "code"], Pii),
    p(&["zipcode"], Pii),
    p(&["billing", "zip"], Pii),
    p(&["shipping", "zip"], Pii),
    // Identity documents and numbers.
    p(&["ssn"], Pii),
    p(&["social", "security"], Pii),
    p(&["national", "id"], Pii),
    p(&["tax", "id"], Pii),
    p(&["taxid"], Pii),
    p(&["passport"], Pii),
    p(&["driver", "license"], Pii),
    p(&["drivers", "license"], Pii),
    p(&["driving", "license"], Pii),
    p(&["driving", "licence"], Pii),
    p(&["driver", "licence"], Pii),
    // Birth dates (`date` and `birth` would otherwise be modifiers / neutral).
    p(&["date", "of", "birth"], Pii),
    p(&["dob"], Pii),
    p(&["birthdate"], Pii),
    p(&["birth", "date"], Pii),
    p(&["birthday"], Pii),
    // A person's name (`name` alone is a modifier; see also PERSON_NOUNS).
    p(&["full", "name"], Pii),
    p(&["first", "name"], Pii),
    p(&["firstname"], Pii),
    p(&["last", "name"], Pii),
    p(&["lastname"], Pii),
    p(&["surname"], Pii),
    p(&["given", "name"], Pii),
    p(&["family", "name"], Pii),
    p(&["middle", "name"], Pii),
    p(&["maiden", "name"], Pii),
    // An OpenID Connect / SAML userinfo document: the user's claims (e-mail, name, ...).
    p(&["userinfo"], Pii),
    p(&["user", "info"], Pii),
    // Precise location.
    p(&["latitude"], Pii),
    p(&["longitude"], Pii),
    p(&["geolocation"], Pii),
];

/// Payment-card and bank-account data. Deliberately absent: `bic` / `swift` (public bank codes),
/// `card` alone (`card_type`, `card_brand`, `card_id`), `account` alone, `cc` alone (email CC).
pub(super) const FINANCIAL_PATTERNS: &[Pattern] = &[
    p(&["card", "number"], Financial),
    p(&["card", "num"], Financial),
    p(&["card", "no"], Financial),
    p(&["cardnumber"], Financial),
    p(&["credit", "card"], Financial),
    p(&["creditcard"], Financial),
    p(&["debit", "card"], Financial),
    p(&["cc", "number"], Financial),
    p(&["cc", "num"], Financial),
    p(&["cc", "no"], Financial),
    // Primary account number; `pan_x`, `pan_speed` (camera pan) are not: head only.
    head(&["pan"], Financial),
    p(&["cvv"], Financial),
    p(&["cvc"], Financial),
    p(&["cvn"], Financial),
    p(&["security", "code"], Financial),
    p(&["iban"], Financial),
    account(&["account", "number"]),
    account(&["account", "num"]),
    account(&["account", "no"]),
    account(&["acct", "number"]),
    account(&["acct", "num"]),
    // Credit card number, bank number (Dutch/German forms: `bank_number`, `banknummer`).
    p(&["ccn"], Financial),
    p(&["bank", "number"], Financial),
    p(&["bank", "num"], Financial),
    p(&["bank", "account"], Financial),
    p(&["routing", "number"], Financial),
    p(&["routing", "num"], Financial),
    p(&["sort", "code"], Financial),
];

/// Health data. `health` alone is NOT here: in code it is overwhelmingly service health
/// (`health`, `health_check`, `healthcheck`, `healthy`, `health_status`), so only the
/// compounds that name a person's health count.
pub(super) const HEALTH_PATTERNS: &[Pattern] = &[
    p(&["diagnosis"], Health),
    p(&["diagnoses"], Health),
    p(&["icd"], Health),
    p(&["medical"], Health),
    p(&["medication"], Health),
    p(&["medications"], Health),
    p(&["prescription"], Health),
    p(&["prescriptions"], Health),
    p(&["blood", "type"], Health),
    p(&["blood", "group"], Health),
    p(&["allergy"], Health),
    p(&["allergies"], Health),
    p(&["symptom"], Health),
    p(&["symptoms"], Health),
    p(&["disability"], Health),
    p(&["disabilities"], Health),
    p(&["health", "record"], Health),
    p(&["health", "records"], Health),
    p(&["health", "condition"], Health),
    p(&["health", "conditions"], Health),
    p(&["health", "data"], Health),
    p(&["health", "info"], Health),
    p(&["health", "history"], Health),
    p(&["health", "insurance"], Health),
    p(&["mental", "health"], Health),
];

pub(super) const ALL_PATTERNS: &[&[Pattern]] = &[
    SECRET_PATTERNS,
    PII_PATTERNS,
    FINANCIAL_PATTERNS,
    HEALTH_PATTERNS,
];

/// `<noun>_name` is a person's (full) name when the noun is a person: `customer_name`,
/// `patient.name`. `user` is deliberately absent: `user_name` / `user.name` is the login handle.
/// `client`, `owner`, `driver`, `tenant` are absent too: usually apps, orgs, DB drivers.
/// `billing` / `shipping` are not persons, but the name on a billing/shipping address is.
pub(super) const PERSON_NOUNS: &[&str] = &[
    "customer",
    "patient",
    "employee",
    "person",
    "contact",
    "recipient",
    "sender",
    "applicant",
    "guest",
    "cardholder",
    "holder",
    "beneficiary",
    "payee",
    "payer",
    "buyer",
    "passenger",
    "student",
    "subscriber",
    "attendee",
    "spouse",
    "billing",
    "shipping",
];

/// Words allowed after a head-only word without taking the name away from it
/// (`pin_value`, `ip_str`, `mobile_input`).
pub(super) const CONTENT_SUFFIXES: &[&str] = &[
    "value",
    "val",
    "str",
    "string",
    "raw",
    "plain",
    "plaintext",
    "text",
    "input",
    "data",
    "bytes",
    "b64",
    "base64",
    "hex",
    "header",
    "headers",
    "list",
    "lst",
    "array",
    "arr",
    "confirm",
    "confirmation",
];

// ---------------------------------------------------------------------------------------------
// Word tables: modifiers that turn a sensitive name into metadata about it
// ---------------------------------------------------------------------------------------------

/// Before the sensitive word only. Predicates, flags and action verbs whose *result* is not the
/// value (`is_secret`, `has_phone`, `validate_email()`, `send_email()`, `revoke_token()`), and
/// counts (`num_tokens`, `n_tokens`, `no_password`). `num`/`no` cannot be suffixes:
/// `phone_num`, `account_no` are the value.
pub(super) const PREFIX_MODIFIERS: &[&str] = &[
    // package and commit metadata, public by intent (`author_email`, `maintainer_email`)
    "author",
    "maintainer",
    // sets of names rather than values (`ignored_credentials`, `missing_fields`)
    "ignored",
    "missing",
    "unused",
    "supported",
    "allowed",
    "is",
    "has",
    "have",
    "should",
    "can",
    "could",
    "was",
    "were",
    "will",
    "did",
    "does",
    "need",
    "needs",
    "require",
    "requires",
    "allow",
    "allows",
    "enable",
    "disable",
    "use",
    "uses",
    "verify",
    "validate",
    "ensure",
    "send",
    "revoke",
    "invalidate",
    "delete",
    "remove",
    "clear",
    "expire",
    "num",
    "n",
    "no",
];

/// On either side. Quantities (`token_count`, `max_tokens`, `password_length`), hashes
/// (`password_hash`, `hashed_password`, `hash_password()`), masking (`masked_email`,
/// `mask_token`, `token_prefix`), checks (`password_check`, `check_password()`).
/// `encrypted` / `encrypt` are deliberately NOT here: ciphertext is reversible, unlike a hash.
pub(super) const BOTH_MODIFIERS: &[&str] = &[
    // quantities
    "count",
    "counts",
    "max",
    "min",
    "len",
    "length",
    "size",
    "total",
    "limit",
    "index",
    "idx",
    "offset",
    "pos",
    "position",
    // one-way transforms: the value is gone
    "hash",
    "hashed",
    "hashes",
    "digest",
    "salt",
    "salted",
    "fingerprint",
    "checksum",
    // masking: the value is gone (see also `last4` / `last_four`, handled in code)
    "mask",
    "masked",
    "redact",
    "redacted",
    "obfuscated",
    "truncated",
    "prefix",
    "suffix",
    // checks give a boolean
    "check",
    "checks",
];

/// After the sensitive word only (English puts the head noun last: `password_policy` is a policy,
/// `email_client` a client, while `client_email` is an email).
pub(super) const SUFFIX_MODIFIERS: &[&str] = &[
    // where it comes from or when it refreshes, not the thing (`credential_store`, `credential_refresh_window`)
    "store",
    "window",
    "interval",
    "source",
    "sources",
    "chain",
    "scope",
    "scopes",
    "resolver",
    // what kind of thing it is, not the thing (`full_name` etc. are patterns, so not affected)
    "type",
    "types",
    "kind",
    "name",
    "names",
    "version",
    "algorithm",
    "alg",
    "scheme",
    "format",
    "brand",
    "category",
    "class",
    // pointers to the value, not the value (`api_key_id`, `secret_arn`, `password_file`,
    // `PASSWORD_ENV_VAR`, form fields and columns named after it)
    "id",
    "ids",
    // MFA device and hardware token serials name the device, not the code it makes.
    "serial",
    "serials",
    "arn",
    "path",
    "ref",
    "reference",
    "url",
    "uri",
    "endpoint",
    "domain",
    "file",
    "filename",
    "dir",
    "location",
    "env",
    "var",
    "field",
    "fields",
    "param",
    "params",
    "label",
    "column",
    "col",
    "attr",
    "attribute",
    "selector",
    "placeholder",
    "widget",
    // rules and texts about it (`email_subject` is the message's subject, not an address)
    "policy",
    "rule",
    "rules",
    "regex",
    "re",
    "pattern",
    "template",
    "subject",
    "body",
    "message",
    "msg",
    "html",
    "prompt",
    "schema",
    "validator",
    "strength",
    "complexity",
    "requirement",
    "requirements",
    "notification",
    "notifications",
    "notif",
    "notifs",
    "enable",
    "disable",
    "campaign",
    "error",
    "errors",
    // when / whether, not what (`date_of_birth`, `birth_date` are patterns, so not affected)
    "at",
    "ts",
    "timestamp",
    "time",
    "date",
    "expiry",
    "expires",
    "expired",
    "expiration",
    "exp",
    "ttl",
    "lifetime",
    "age",
    "created",
    "updated",
    "changed",
    "reset",
    "rotated",
    "rotation",
    "enabled",
    "disabled",
    "verified",
    "unverified",
    "verification",
    "valid",
    "invalid",
    "validated",
    "required",
    "optional",
    "present",
    "missing",
    "exists",
    "confirmed",
    "sent",
    "status",
    "state",
    "ok",
    // objects that handle the value (`password_manager`, `email_backend`, `token_provider`)
    "manager",
    "service",
    "client",
    "backend",
    "provider",
    "server",
    "host",
    "port",
    "queue",
    "task",
    "job",
    "handler",
    "factory",
    "generator",
    "parser",
    "formatter",
    "serializer",
    "encoder",
    "decoder",
    "loader",
    "helper",
    "util",
    "utils",
    "module",
    "config",
    "settings",
    "options",
    "mode",
];

/// After the sensitive word: numbers, times and flags *about* it (`credential_refresh_attempt`,
/// `refresh_token_expire_timedelta`, `token_timeout`, `password_retries`). Read as the name's head
/// noun, like `token_count`: the value is a quantity, whatever the words before it.
pub(super) const QUANTITY_HEADS: &[&str] = &[
    "attempt",
    "attempts",
    "retry",
    "retries",
    "tries",
    "counter",
    "timedelta",
    "delta",
    "timeout",
    "timeouts",
    "duration",
    "deadline",
    "elapsed",
    "seconds",
    "secs",
    "sec",
    "ms",
    "millis",
    "minutes",
    "hours",
    "days",
    "epoch",
    "expire",
    "refresh",
    "refreshed",
    "rate",
    "ratio",
    "threshold",
    "entropy",
    "flag",
    "flags",
];

/// After the sensitive word: something that *handles* the value, a callable or a registry of them
/// (`token_updater`, `compliance_hook["access_token_request"]`, `password_validators`). Logging one
/// logs its repr. `cache` and `store` are not here: a `token_cache` holds the tokens.
pub(super) const CALLABLE_HEADS: &[&str] = &[
    "updater",
    "updaters",
    "getter",
    "getters",
    "setter",
    "setters",
    "saver",
    "loader",
    "loaders",
    "fetcher",
    "refresher",
    "handler",
    "handlers",
    "hook",
    "hooks",
    "callback",
    "callbacks",
    "cb",
    "listener",
    "listeners",
    "observer",
    "observers",
    "validator",
    "validators",
    "verifier",
    "checker",
    "provider",
    "providers",
    "factory",
    "func",
    "funcs",
    "function",
    "functions",
    "fn",
    "method",
    "callable",
    "backend",
    "backends",
    "cls",
    "middleware",
    "plugin",
    "plugins",
    "registry",
    "strategy",
];

/// After the sensitive word: what a secrets API returns *about* a secret rather than the secret
/// (`read_secret_metadata()`, `destroy_secret_versions()`, `token_roles`). `info` is not here:
/// `credentials_info` is a service account's JSON, private key included.
pub(super) const METADATA_HEADS: &[&str] = &[
    "metadata",
    "meta",
    "versions",
    "configuration",
    "conf",
    "cfg",
    "policies",
    "role",
    "roles",
    "paths",
    "mount",
    "mounts",
    "stats",
    "engine",
    "engines",
];

/// Destructured names that hold no content whatever the value they come from: identifiers, kinds and
/// states (`client_id, client_secret = parse(header)`: the id is public).
pub(super) const IDENTIFIER_HEADS: &[&str] = &[
    "id",
    "ids",
    "uuid",
    "guid",
    "pk",
    "type",
    "types",
    "kind",
    "status",
    "state",
    "count",
    "total",
    "num",
    "len",
    "length",
    "size",
    "index",
    "idx",
    "version",
    "ttl",
    "expires",
    "expiry",
    "at",
    "ts",
    "timestamp",
    "time",
    "enabled",
    "valid",
    "ok",
];

/// Verbs whose call returns an acknowledgement, a list of names or metadata, never the value they
/// name (`rotate_root_credentials()`, `list_secrets()`, `create_or_update_secret()`); the value, if
/// any, is an argument. `sign` only acknowledges for keys: `sign_ssh_key()` is a public certificate,
/// while `sign_jwt()` is a credential.
pub(super) const ACK_VERBS: &[&str] = &[
    "configure",
    "set",
    "unset",
    "write",
    "update",
    "upsert",
    "put",
    "store",
    "save",
    "persist",
    "delete",
    "del",
    "destroy",
    "undelete",
    "remove",
    "purge",
    "wipe",
    "erase",
    "clear",
    "revoke",
    "invalidate",
    "expire",
    "rotate",
    "introspect",
    "validate",
    "verify",
    "check",
    "list",
    "enable",
    "disable",
    "tidy",
    "send",
    "log",
    "print",
    "emit",
];

/// Verbs whose call returns the value it names (`get_api_token()`, `generate_credentials()`,
/// `decrypt_secret()`). After an acknowledging verb they win: `rotate_and_get_token()`.
pub(super) const PRODUCER_VERBS: &[&str] = &[
    "get",
    "read",
    "fetch",
    "load",
    "generate",
    "gen",
    "issue",
    "create",
    "make",
    "new",
    "obtain",
    "acquire",
    "request",
    "retrieve",
    "extract",
    "decode",
    "decrypt",
    "unwrap",
    "reveal",
    "export",
    "refresh",
    "renew",
    "exchange",
    "login",
    "authenticate",
    "parse",
    "build",
    "mint",
    "find",
    "lookup",
    "resolve",
    "derive",
    "encode",
    "encrypt",
    "sign",
];

/// First words that make a name a yes/no question (`is_secret`, `has_password`).
pub(super) const PREDICATE_PREFIXES: &[&str] = &[
    "is", "has", "have", "should", "can", "could", "was", "were", "will", "did", "does", "needs",
];

/// After a leading verb and its sensitive object, a preposition makes the name an action or an
/// option (`write_secret_before_test`, `rotate_token_on_refresh`), not the value.
pub(super) const PHRASE_PREPOSITIONS: &[&str] = &[
    "before", "after", "on", "in", "into", "during", "when", "if", "via", "until", "upon", "once",
    "without",
];

/// Before `token`: the word is a text token (`eos_token`, `special_token`), an LLM count
/// (`prompt_tokens` is not in the patterns anyway, but `input_token` is) or a pagination
/// cursor / concurrency handle (`next_page_token`, `continuation_token`, `cancellation_token`).
pub(super) const TOKEN_PREFIX_EXCLUSIONS: &[&str] = &[
    "eos",
    "bos",
    "pad",
    "unk",
    "sep",
    "cls",
    "special",
    "start",
    "end",
    "stop",
    "vocab",
    "input",
    "output",
    "prompt",
    "completion",
    "cached",
    "reasoning",
    "usage",
    "next",
    "page",
    "continuation",
    "pagination",
    "cursor",
    "sync",
    "cancellation",
    "cancel",
    "word",
    "sub",
    "lexer",
    // ACME / DNS-01 challenge tokens are published in DNS or over HTTP by design.
    "challenge",
    "acme",
    "dns",
    // Leases, locks and concurrency slots: handles, not credentials.
    "lease",
    "lock",
    "slot",
    "concurrency",
    "idempotency",
];
/// After `token`: NLP tensors (`token_embeddings`, `token_logits`), LLM accounting.
pub(super) const TOKEN_SUFFIX_EXCLUSIONS: &[&str] = &[
    "embedding",
    "embeddings",
    "logits",
    "probs",
    "probabilities",
    "usage",
    "budget",
    "vocab",
];

/// After `jwt`: the parts of a token that are not secret (base64 JSON anyone holding it reads).
pub(super) const JWT_PARTS: &[&str] = &[
    "header",
    "headers",
    "payload",
    "claims",
    "alg",
    "algorithm",
    "kid",
];

/// Before `*_key`: keys that are meant to be public (`public_api_key`, Stripe's publishable key).
pub(super) const KEY_PREFIX_EXCLUSIONS: &[&str] = &["public", "publishable"];

/// Before `ip` / `address` / `addr`: the address of infrastructure, not of a person
/// (`server.address`, `host_ip`, `bind_addr`, `memory_address`). `client`, `remote`, `peer`,
/// `source`, `mac` and `wallet` are NOT here: those are (or may be) an end user's.
pub(super) const NETWORK_PREFIX_EXCLUSIONS: &[&str] = &[
    "server",
    "host",
    "node",
    "pod",
    "container",
    "local",
    "localhost",
    "bind",
    "listen",
    "db",
    "database",
    "gateway",
    "dns",
    "proxy",
    "cluster",
    "vpc",
    "subnet",
    "internal",
    "private",
    "loopback",
    "broker",
    "smtp",
    "memory",
    "base",
    "return",
    "multicast",
    "broadcast",
    "service",
    "upstream",
    "backend",
];
/// Before `email`: the address of a machine identity, not of a person (`service_account_email`,
/// `sa_email`, `robot_email`, `noreply_email`). `client_email` stays: in a CRM it is a customer's.
pub(super) const EMAIL_PREFIX_EXCLUSIONS: &[&str] = &[
    "service", "sa", "robot", "bot", "noreply", "system", "workload",
];

/// Before `account_number`: a cloud provider's account (`aws_account_number`), public to anyone who
/// sees an ARN, not a bank account.
pub(super) const ACCOUNT_PREFIX_EXCLUSIONS: &[&str] = &[
    "aws",
    "amazon",
    "gcp",
    "google",
    "azure",
    "cloud",
    "provider",
    "iam",
    "tenant",
    "subscription",
];

/// After `ip` / `address`: properties of address spaces (`address_family`, `ip_range`).
pub(super) const NETWORK_SUFFIX_EXCLUSIONS: &[&str] = &[
    "family",
    "space",
    "range",
    "ranges",
    "pool",
    "block",
    "allocation",
    "allowlist",
    "whitelist",
    "blocklist",
    "blacklist",
];

/// Words after `last` / `first` that make it a masked fragment (`card_last4`, `ssn_last_four`,
/// `card_first6`) rather than `last_name`.
pub(super) const MASK_COUNTS: &[&str] = &["four", "six", "digits", "chars"];

/// Private attributes that hold an object's content (`token_cache._cache`, `vault._secrets`).
pub(super) const PRIVATE_STORAGE: &[&str] =
    &["_cache", "_data", "_store", "_storage", "_dict", "_values"];

/// A bare last chain segment that inherits a category from the one before it (`card.number`,
/// `customer.name`, `passport.number`, `session.id`).
/// `token.key`, `password.value`: the content of the secret-bearing value before it.
pub(super) const INHERITING_SEGMENTS: &[&str] = &["id", "name", "number", "key", "value"];

/// Words for a dict that holds anything: they say nothing about what a key in it is.
pub(super) const CONTAINER_WORDS: &[&str] = &[
    "data",
    "cleaned",
    "validated",
    "payload",
    "json",
    "body",
    "form",
    "post",
    "get",
    "kwargs",
    "params",
    "args",
    "request",
    "row",
    "record",
    "values",
    "dict",
    "info",
    "attrs",
    "fields",
    "item",
    "obj",
    "d",
    "result",
    "response",
    "meta",
    "extra",
    "context",
    "ctx",
];

/// Owners whose `full_name` is a person's. Anything else's (`repo.full_name`, `task.full_name`,
/// `search_model.full_name`) is a dotted path or a title.
pub(super) const NAME_OWNERS: &[&str] = &[
    "self",
    "user",
    "users",
    "author",
    "owner",
    "member",
    "profile",
    "account",
    "people",
    "staff",
    "speaker",
    "submitter",
    "reviewer",
    "participant",
    "requester",
    "assignee",
    "creator",
    "me",
];
