//! Follows sensitive values inside each function to the telemetry sinks they reach. A value is
//! sensitive when its name says so (`password`, `user.email`, `data["ssn"]`, `get_api_token()`), or
//! when it is a whole request payload or a dump of a user-like object. Assignments, f-strings, `%`,
//! `.format`, `+`, `join`, containers and pass-through calls carry it; sanitisers end it.

use super::model::{Call, Event, Expr, ExprKind, PythonFile};
use super::sensitive::{self, Category};
use super::sinks::{FileContext, SinkKind};
use std::collections::HashMap;
use std::ops::Range;

/// Where a sensitive value came from.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Taint {
    pub category: Category,
    /// The name that makes it sensitive: `password`, `user.email`, `request.json`.
    pub origin: String,
    /// Where that name is in the file.
    pub origin_span: Range<usize>,
}

/// A sensitive value (or a sensitive key) reaching a sink.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Leak {
    pub kind: SinkKind,
    /// The sensitive expression inside the call (or the key naming it).
    pub span: Range<usize>,
    pub taint: Taint,
    /// True when the value came through a variable assigned earlier (its origin is elsewhere).
    pub flowed: bool,
    /// The key is what is sensitive (`set_attribute("user.email", v)`), whatever the value.
    pub by_key: bool,
    pub sink: String,
}

/// Calls that pass their argument's content through.
const PASS_THROUGH: &[&str] = &[
    "str", "repr", "format", "dumps", "dump", "list", "tuple", "dict", "sorted", "set", "reversed",
    "ascii",
];
/// Methods that return their receiver's content.
const PASS_THROUGH_METHODS: &[&str] = &[
    "lower",
    "upper",
    "strip",
    "lstrip",
    "rstrip",
    "title",
    "capitalize",
    "casefold",
    "encode",
    "decode",
    "replace",
    "split",
    "rsplit",
    "splitlines",
    "center",
    "ljust",
    "rjust",
    "zfill",
    "removeprefix",
    "removesuffix",
    "copy",
    "items",
    "values",
    "keys",
    "format_map",
    "expandtabs",
    "swapcase",
    "partition",
    "rpartition",
];
/// Words in a function's name that say it redacts or derives something without the content.
const SANITISER_WORDS: &[&str] = &[
    "redact",
    "mask",
    "anonymi",
    "scrub",
    "sanitiz",
    "sanitis",
    "obfuscat",
    "hash",
    "encrypt",
    "tokeniz",
    "tokenis",
    "pseudonymi",
    "censor",
    "elide",
    "truncate_secret",
];
/// Calls whose result carries no content of their argument.
const CONTENT_FREE: &[&str] = &[
    "len",
    "bool",
    "type",
    "isinstance",
    "id",
    "callable",
    "hash",
    "SecretStr",
    "SecretBytes",
    "int",
    "float",
    "any",
    "all",
];
const SANITISER_MODULES: &[&str] = &["hashlib", "hmac", "bcrypt", "argon2", "passlib", "secrets"];
/// Request attributes that hold a whole payload.
const PAYLOAD_ATTRS: &[(&str, Category)] = &[
    ("json", Category::Pii),
    ("form", Category::Pii),
    ("data", Category::Pii),
    ("body", Category::Pii),
    ("values", Category::Pii),
    ("headers", Category::Secret),
    ("cookies", Category::Secret),
    // The client's address: Flask/Werkzeug `request.remote_addr`, Django `request.META` is a dict.
    ("remote_addr", Category::Pii),
    ("access_route", Category::Pii),
    // Tornado's `request.remote_ip`, Sanic's `request.ip`, Falcon's `req.remote_addr`.
    ("remote_ip", Category::Pii),
    ("ip", Category::Pii),
    ("client_ip", Category::Pii),
];
/// WSGI/CGI environment keys (`request.META`, `environ`) that hold the client's address.
const CLIENT_ADDRESS_KEYS: &[&str] = &["REMOTE_ADDR", "HTTP_X_REAL_IP"];
const PAYLOAD_METHODS: &[&str] = &["get_json", "get_data", "json", "body", "form"];
/// Object names whose dump is a person's record.
const USER_LIKE: &[&str] = &[
    "user",
    "customer",
    "account",
    "person",
    "patient",
    "member",
    "client",
    "profile",
    "employee",
    "buyer",
    "payer",
    "subscriber",
    "contact",
    "applicant",
    "cardholder",
    "guest",
    "shopper",
];
const DUMP_METHODS: &[&str] = &[
    "model_dump",
    "dict",
    "to_dict",
    "model_dump_json",
    "as_dict",
    "asdict",
    "to_json",
];

/// Every leak in a file.
pub fn leaks(file: &PythonFile, cx: &FileContext, redaction_functions: &[String]) -> Vec<Leak> {
    let mut out = Vec::new();
    let names = sensitive::Context;
    for scope in &file.scopes {
        let mut flow = Flow {
            vars: HashMap::new(),
            redaction_functions,
            names,
            canned_responses: cx.canned_responses(),
            lexer: cx.lexer(),
            sockets: cx.sockets(),
            file,
        };
        // Parameters that only ever receive string literals hold no data.
        for p in &scope.literal_params {
            flow.vars.insert(p.clone(), None);
        }
        // `token.expires_at`, `token.mint(...)`: a weakly named object (a model, a client), whose
        // repr is the project's, not the credential: logging the object itself is not reported.
        for name in objects(scope) {
            if sensitive::is_weak_secret_name(&name) {
                flow.vars.entry(name).or_insert(None);
            }
        }
        // A value opened as a file is a path (`open(settings.DB_ENCRYPTION_KEY)`), not the key.
        for event in &scope.events {
            if let Some(path) = opened_path(event) {
                flow.vars.entry(path).or_insert(None);
            }
            // `policy.enforce(credentials, action, target)`: in a policy engine (oslo.policy, casbin)
            // the weakly named `credentials` are the caller's identity attributes (user id, project,
            // roles) handed to an authorization decision, not a secret.
            for subject in policy_subjects(event) {
                flow.vars.entry(subject).or_insert(None);
            }
        }
        for (i, event) in scope.events.iter().enumerate() {
            match event {
                Event::Assign {
                    targets,
                    value,
                    augment,
                    unpack,
                } => {
                    let taint = flow.taint(value, 0);
                    // `a, b = customer.email, "text"`: each target takes its own element.
                    let elements = match &value.kind {
                        ExprKind::Collection(parts) if *unpack && parts.len() == targets.len() => {
                            Some(parts)
                        }
                        _ => None,
                    };
                    for (i, t) in targets.iter().enumerate() {
                        let previous = flow.vars.get(t).cloned().flatten();
                        let new = if *augment {
                            previous.or_else(|| taint.clone())
                        } else if let Some(parts) = elements {
                            flow.taint(&parts[i], 0)
                        } else if *unpack {
                            flow.unpacked(
                                t,
                                targets,
                                matches!(value.kind, ExprKind::Call(_)),
                                &taint,
                            )
                        } else {
                            taint
                                .clone()
                                .or_else(|| flow.looked_up(t, value))
                                .filter(|_| {
                                    !sensitive::is_callable_name(t) && !sensitive::is_lookalike(t)
                                })
                        };
                        flow.vars.insert(t.clone(), new);
                    }
                }
                Event::Call(e) => {
                    let ExprKind::Call(call) = &e.kind else {
                        continue;
                    };
                    let before = out.len();
                    flow.check_call(call, cx, &mut out);
                    // A whole payload logged at DEBUG on the path that rejects it (`except
                    // ValueError: log.debug("bad JSON %r", body); raise HTTPError(400)`) is a
                    // diagnostic of malformed input that production does not emit.
                    if out.len() > before && rejects(scope, i) {
                        let mut kept = out.split_off(before);
                        kept.retain(|l| {
                            !(is_whole_payload(&l.taint) && l.sink.ends_with(".debug"))
                        });
                        out.extend(kept);
                    }
                }
            }
        }
    }
    out
}

struct Flow<'a> {
    /// What each assigned variable holds now (None: assigned something harmless).
    vars: HashMap<String, Option<Taint>>,
    redaction_functions: &'a [String],
    /// How this file's names read (whether its session ids are web sessions).
    names: sensitive::Context,
    /// Calls return canned test data (the module mocks HTTP, or is a test): a callee's name says
    /// nothing.
    canned_responses: bool,
    /// The module is a lexer or parser: a `token` is text.
    lexer: bool,
    /// The module works on raw sockets: a peer address is a connection handle.
    sockets: bool,
    file: &'a PythonFile,
}

impl Flow<'_> {
    /// `password = get_required(data, "password")`, `secret = os.getenv("APP_SECRET")`: a neutral
    /// call that looks up a key saying what the target's name says. Both must agree, so a
    /// translated label (`email = _("Email")` is text) or a model row stays clean.
    fn looked_up(&self, target: &str, value: &Expr) -> Option<Taint> {
        let ExprKind::Call(call) = &value.kind else {
            return None;
        };
        if self.is_sanitiser(&call.func) {
            return None;
        }
        let verb = match &call.func.kind {
            ExprKind::Name(n) => n.as_str(),
            ExprKind::Attribute(_, m) => m.as_str(),
            _ => return None,
        };
        let lookup = verb.starts_with("get")
            || verb.starts_with("require")
            || verb.starts_with("read")
            || matches!(
                verb,
                "pop" | "param" | "arg" | "lookup" | "env" | "config" | "setting"
            );
        let wanted = self.names.classify(target)?;
        let key = call.args.iter().find_map(|a| match &a.kind {
            ExprKind::Str(k) => Some(k.as_str()),
            _ => None,
        })?;
        (lookup && self.key(key) == Some(wanted)).then(|| Taint {
            category: wanted,
            origin: target.to_string(),
            origin_span: value.span.clone(),
        })
    }

    /// `SECRET_HEADER`, `ConfigKey.SECRET_KEY`: a constant that names a secret (a header, a setting,
    /// a route) holds that name, not the secret. A module-level string constant of this file, or an
    /// upper-case member of a class (`ConfigKey.X`), not of a module or object (`settings.SECRET_KEY`).
    fn names_a_constant(&self, chain: &[&str]) -> bool {
        let Some((last, rest)) = chain.split_last() else {
            return false;
        };
        if !is_constant_name(last) {
            return false;
        }
        match rest.last() {
            None => self.file.constant(last).is_some(),
            Some(owner) => {
                owner.chars().next().is_some_and(char::is_uppercase) && !is_constant_name(owner)
            }
        }
    }

    /// What one target of `a, b = value` holds. The value's taint is often only its callee's name
    /// (`client_id, client_secret = extract_basic_authorization(h)`): each target's own name decides
    /// first, and only a name that says nothing (`uri`, `x`, `result`) inherits the whole taint, and
    /// when the taint is only a callee's name, only when no sibling claims it and the name is not the
    /// envelope of a credential: in `origin, key, sig, dest = parse_auth_header(h)` the secret is
    /// `key` or `sig`, not the server names beside them. (`login, rest = credentials` keeps `login`:
    /// the value itself was named a credential.)
    fn unpacked(
        &self,
        target: &str,
        siblings: &[String],
        from_call: bool,
        taint: &Option<Taint>,
    ) -> Option<Taint> {
        let taint = taint.as_ref()?;
        if let Some(category) = self.names.classify(target) {
            return Some(Taint {
                category,
                ..taint.clone()
            });
        }
        if sensitive::holds_no_content(target) {
            return None;
        }
        // The parts of a parsed credential that address it rather than prove it.
        const ENVELOPE: &[&str] = &[
            "scheme",
            "realm",
            "origin",
            "destination",
            "host",
            "domain",
            "method",
            "algorithm",
        ];
        if from_call && ENVELOPE.contains(&target.to_ascii_lowercase().as_str()) {
            return None;
        }
        let claimed = from_call
            && siblings
                .iter()
                .any(|s| s != target && self.names.classify(s).is_some());
        (!claimed).then(|| taint.clone())
    }

    fn check_call(&self, call: &Call, cx: &FileContext, out: &mut Vec<Leak>) {
        for arg in cx.sink_args(call) {
            if let Some((key, key_span)) = &arg.key {
                // `email=mask_email(e)`: the sanitiser makes the field clean, whatever its name.
                if self.sanitised(arg.value) {
                    continue;
                }
                if let Some(category) = self.names.classify(key) {
                    out.push(Leak {
                        kind: arg.kind,
                        span: key_span.clone(),
                        taint: Taint {
                            category,
                            origin: key.to_string(),
                            origin_span: key_span.clone(),
                        },
                        flowed: false,
                        by_key: true,
                        sink: arg.sink.clone(),
                    });
                    continue;
                }
            }
            if let Some((span, taint, flowed)) = self.find(arg.value, 0) {
                out.push(Leak {
                    kind: arg.kind,
                    span,
                    taint,
                    flowed,
                    by_key: false,
                    sink: arg.sink.clone(),
                });
            }
        }
    }

    /// The innermost sensitive part of an expression: (its span, where it came from, through a variable).
    fn find(&self, e: &Expr, depth: usize) -> Option<(Range<usize>, Taint, bool)> {
        if depth > 64 {
            return None;
        }
        match &e.kind {
            // Look inside containers and strings so the finding points at the sensitive part.
            ExprKind::FString(parts) | ExprKind::Combine(parts) | ExprKind::Collection(parts) => {
                parts.iter().find_map(|p| self.find(p, depth + 1))
            }
            ExprKind::Dict(entries) => entries.iter().find_map(|entry| {
                if let Some((key, span)) = &entry.key {
                    if let Some(category) = self
                        .names
                        .classify(key)
                        .filter(|_| !self.is_clean(&entry.value, depth))
                    {
                        return Some((
                            entry.value.span.clone(),
                            Taint {
                                category,
                                origin: key.clone(),
                                origin_span: span.clone(),
                            },
                            false,
                        ));
                    }
                }
                self.find(&entry.value, depth + 1)
            }),
            _ => {
                let taint = self.taint(e, depth)?;
                let flowed = !(taint.origin_span.start >= e.span.start
                    && taint.origin_span.end <= e.span.end);
                Some((e.span.clone(), taint, flowed))
            }
        }
    }

    fn is_clean(&self, e: &Expr, depth: usize) -> bool {
        // A variable this scope already knows to hold no data (a literal-only parameter, a policy
        // subject, an opened path) is clean under any key.
        if let ExprKind::Name(n) = &e.kind {
            return matches!(self.vars.get(n), Some(None));
        }
        matches!(e.kind, ExprKind::Call(_)) && self.taint(e, depth).is_none() && self.sanitised(e)
    }

    fn sanitised(&self, e: &Expr) -> bool {
        let ExprKind::Call(call) = &e.kind else {
            return false;
        };
        self.is_sanitiser(&call.func)
    }

    fn is_sanitiser(&self, func: &Expr) -> bool {
        let (root, last) = match &func.kind {
            ExprKind::Name(n) => (n.as_str(), n.as_str()),
            ExprKind::Attribute(v, m) => (
                v.dotted().and_then(|c| c.first().copied()).unwrap_or(""),
                m.as_str(),
            ),
            _ => return false,
        };
        let lower = last.to_ascii_lowercase();
        CONTENT_FREE.contains(&last)
            || SANITISER_MODULES.contains(&root)
            || SANITISER_WORDS.iter().any(|w| lower.contains(w))
            || self
                .redaction_functions
                .iter()
                .any(|f| f == last || func.dotted().is_some_and(|c| c.join(".") == *f))
    }

    /// What a dict key (`data["password"]`, `request.META.get("REMOTE_ADDR")`) says its value is.
    fn key(&self, k: &str) -> Option<Category> {
        if CLIENT_ADDRESS_KEYS.contains(&k) {
            return Some(Category::Pii);
        }
        self.names.classify(k)
    }

    /// What a call returns, judged by the callee's name.
    fn returned(&self, callee: &str) -> Option<Category> {
        if self.canned_responses {
            return None;
        }
        self.names.classify_call(callee)
    }

    /// The taint of an expression's value, if it is sensitive.
    fn taint(&self, e: &Expr, depth: usize) -> Option<Taint> {
        if depth > 64 {
            return None;
        }
        let d = depth + 1;
        let named = |category: Category, origin: String| {
            Some(Taint {
                category,
                origin,
                origin_span: e.span.clone(),
            })
        };
        match &e.kind {
            ExprKind::Name(n) => match self.vars.get(n) {
                Some(held) => held.clone(),
                None if self.names_a_constant(&[n.as_str()]) => None,
                None if self.lexer && sensitive::is_text_token_name(n) => None,
                None if self.sockets && sensitive::is_network_name(n) => None,
                None => self.names.classify(n).and_then(|c| named(c, n.clone())),
            },
            ExprKind::Attribute(value, attr) => {
                if let Some(chain) = e.dotted() {
                    let dotted = chain.join(".");
                    if let Some(held) = self.vars.get(&dotted) {
                        return held.clone();
                    }
                    if self.names_a_constant(&chain)
                        || (self.lexer && chain.iter().any(|c| sensitive::is_text_token_name(c)))
                        || (self.sockets
                            && !is_request(&chain[..chain.len() - 1])
                            && sensitive::is_network_name(attr))
                    {
                        return None;
                    }
                    if is_request(&chain[..chain.len() - 1]) {
                        if let Some((_, c)) = PAYLOAD_ATTRS.iter().find(|(a, _)| a == attr) {
                            return named(*c, dotted);
                        }
                    }
                    if let Some(c) = web_session(&chain) {
                        return named(c, dotted);
                    }
                    if attr == "__dict__" && is_user_like(&chain[..chain.len() - 1]) {
                        return named(Category::Pii, dotted);
                    }
                    return self
                        .names
                        .classify_chain(&chain)
                        .and_then(|c| named(c, dotted));
                }
                // `get_user().email`: the attribute names the content.
                let _ = value;
                self.names
                    .classify(attr)
                    .and_then(|c| named(c, attr.clone()))
            }
            ExprKind::Subscript(value, key) => match key {
                // `data["password"]`: the key names the content; `data["count"]` is not sensitive.
                Some(k) => {
                    let chain = value.dotted();
                    // `compliance_hook["access_token_request"]`: a registry of callables, keyed by event.
                    if chain
                        .as_ref()
                        .and_then(|c| c.last())
                        .is_some_and(|last| sensitive::is_callable_name(last))
                    {
                        return None;
                    }
                    let session_cookie =
                        chain.as_deref().is_some_and(is_cookie_jar) && is_session_cookie(k);
                    // `payload["repository"]["full_name"]`, `challenge["token"]`: the owner takes
                    // the name away, as it does for attributes.
                    let owner_keeps = chain
                        .as_ref()
                        .and_then(|c| c.last())
                        .is_none_or(|owner| sensitive::owner_keeps_key(owner, k));
                    let base = chain.map(|c| c.join(".")).unwrap_or_default();
                    if session_cookie {
                        return named(Category::Secret, format!("{base}[\"{k}\"]"));
                    }
                    self.key(k)
                        .filter(|_| owner_keeps)
                        .and_then(|c| named(c, format!("{base}[\"{k}\"]")))
                }
                // `items[0]` of a sensitive list is still sensitive.
                None => self.taint(value, d),
            },
            ExprKind::Call(call) => self.call_taint(call, e, d),
            ExprKind::FString(parts) | ExprKind::Combine(parts) | ExprKind::Collection(parts) => {
                parts.iter().find_map(|p| self.taint(p, d))
            }
            ExprKind::Dict(entries) => entries.iter().find_map(|en| {
                en.key
                    .as_ref()
                    .and_then(|(k, span)| {
                        self.names.classify(k).map(|c| Taint {
                            category: c,
                            origin: k.clone(),
                            origin_span: span.clone(),
                        })
                    })
                    .filter(|_| !self.is_clean(&en.value, d))
                    .or_else(|| self.taint(&en.value, d))
            }),
            ExprKind::Str(_) | ExprKind::Literal(_) | ExprKind::Opaque => None,
        }
    }

    fn call_taint(&self, call: &Call, e: &Expr, d: usize) -> Option<Taint> {
        if self.is_sanitiser(&call.func) {
            return None;
        }
        let named = |category: Category, origin: String| {
            Some(Taint {
                category,
                origin,
                origin_span: e.span.clone(),
            })
        };
        let args_taint = || {
            call.args
                .iter()
                .chain(call.kwargs.iter().map(|k| &k.value))
                .find_map(|a| self.taint(a, d))
        };
        match &call.func.kind {
            ExprKind::Name(n) => {
                if PASS_THROUGH.contains(&n.as_str()) {
                    return args_taint();
                }
                if n == "getpass" {
                    return named(Category::Secret, "getpass()".into());
                }
                if matches!(n.as_str(), "vars" | "asdict") {
                    let arg = call.args.first()?;
                    return arg
                        .dotted()
                        .filter(|c| is_user_like(c))
                        .and_then(|_| named(Category::Pii, format!("{n}(...)")));
                }
                // get_api_token(): the function's name says what it returns.
                self.returned(n).and_then(|c| named(c, format!("{n}()")))
            }
            ExprKind::Attribute(receiver, method) => {
                let m = method.as_str();
                let chain = receiver.dotted();
                if m == "getpass" {
                    return named(Category::Secret, "getpass.getpass()".into());
                }
                if PAYLOAD_METHODS.contains(&m) && chain.as_deref().is_some_and(is_request) {
                    let category = if m == "headers" {
                        Category::Secret
                    } else {
                        Category::Pii
                    };
                    return named(
                        category,
                        format!("{}.{m}()", chain.unwrap_or_default().join(".")),
                    );
                }
                if DUMP_METHODS.contains(&m) && chain.as_deref().is_some_and(is_user_like) {
                    return named(
                        Category::Pii,
                        format!("{}.{m}()", chain.unwrap_or_default().join(".")),
                    );
                }
                if m == "asdict"
                    && call
                        .args
                        .first()
                        .and_then(|a| a.dotted())
                        .is_some_and(|c| is_user_like(&c))
                {
                    return named(Category::Pii, "asdict(...)".into());
                }
                if matches!(m, "get" | "pop" | "getlist" | "setdefault") {
                    if let Some(ExprKind::Str(k)) = call.args.first().map(|a| &a.kind) {
                        if chain.as_deref().is_some_and(is_cookie_jar) && is_session_cookie(k) {
                            return named(Category::Secret, format!(".{m}(\"{k}\")"));
                        }
                        return match self.key(k) {
                            Some(c) => named(c, format!(".{m}(\"{k}\")")),
                            None => None,
                        };
                    }
                }
                if m == "dumps" || m == "dump" {
                    return args_taint();
                }
                if m == "join" || m == "format" {
                    return args_taint().or_else(|| self.taint(receiver, d));
                }
                if PASS_THROUGH_METHODS.contains(&m) {
                    return self.taint(receiver, d);
                }
                self.returned(m).and_then(|c| named(c, format!("{m}()")))
            }
            _ => None,
        }
    }
}

fn is_request(chain: &[&str]) -> bool {
    matches!(chain.last(), Some(&"request") | Some(&"req"))
}

fn is_user_like(chain: &[&str]) -> bool {
    chain.last().is_some_and(|last| {
        let lower = last.trim_start_matches('_').to_ascii_lowercase();
        USER_LIKE.iter().any(|u| {
            lower == *u || lower.ends_with(&format!("_{u}")) || lower.starts_with(&format!("{u}_"))
        })
    })
}

/// `request.session.session_key`, `self.request.session.id`: the web session's key, a credential
/// (a bare `session_id` is not, see `sensitive`). Starlette's `request.client.host` is the client's
/// address.
fn web_session(chain: &[&str]) -> Option<Category> {
    let n = chain.len();
    if n >= 3 && is_request(&chain[..n - 2]) {
        let (owner, last) = (chain[n - 2], chain[n - 1]);
        if owner == "session"
            && matches!(
                last,
                "session_key" | "session_id" | "sessionid" | "id" | "key"
            )
        {
            return Some(Category::Secret);
        }
        if owner == "client" && matches!(last, "host" | "ip") {
            return Some(Category::Pii);
        }
    }
    None
}

/// `request.COOKIES`, `request.cookies`, `self.cookies`: a jar of cookies.
fn is_cookie_jar(chain: &[&str]) -> bool {
    chain
        .last()
        .is_some_and(|l| l.eq_ignore_ascii_case("cookies"))
}

/// A cookie that carries a session or a CSRF secret (`sessionid`, `session`, `csrftoken`).
fn is_session_cookie(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    lower.contains("session")
        || lower.contains("csrf")
        || lower.contains("token")
        || lower.contains("auth")
}

/// `SECRET_KEY`, `HEADER_API_KEY`: upper case, digits and underscores, with a letter.
fn is_constant_name(name: &str) -> bool {
    name.chars().any(|c| c.is_ascii_uppercase())
        && name
            .chars()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_')
}

/// The path argument of `open(x)`, `Path(x)`, `os.path.exists(x)`, as a dotted name.
fn opened_path(event: &Event) -> Option<String> {
    let Event::Call(e) = event else {
        return None;
    };
    let ExprKind::Call(call) = &e.kind else {
        return None;
    };
    let func = call.func.dotted()?;
    let opens = matches!(
        func.as_slice(),
        ["open"] | ["io", "open"] | ["Path"] | ["pathlib", "Path"]
    ) || (func.len() == 3 && func[0] == "os" && func[1] == "path");
    if !opens {
        return None;
    }
    call.args.first()?.dotted().map(|c| c.join("."))
}

/// Whether event `i` of the scope lies in an `except` clause that rejects: it raises or answers with
/// an error status.
fn rejects(scope: &super::model::Scope, i: usize) -> bool {
    scope
        .handlers
        .iter()
        .any(|h| h.events.contains(&i) && (h.raises || h.answers_error_status))
}

/// A whole request payload (`request.body`, `request.get_json()`), which may or may not hold personal
/// data, as opposed to a named field of it (`request.json["email"]`). Headers and cookies are not
/// included: they carry credentials whatever the request is.
pub fn is_whole_payload(taint: &Taint) -> bool {
    if taint.category != Category::Pii {
        return false;
    }
    let origin = taint.origin.trim_end_matches("()");
    let Some((receiver, last)) = origin.rsplit_once('.') else {
        return false;
    };
    let receiver = receiver.rsplit('.').next().unwrap_or(receiver);
    matches!(receiver, "request" | "req")
        && matches!(
            last,
            "json" | "form" | "data" | "body" | "values" | "get_json" | "get_data"
        )
}

/// Weakly named secrets (`credentials`, `creds`) passed by name to an authorization decision
/// (`enforce(...)`, `authorize(...)`).
fn policy_subjects(event: &Event) -> Vec<String> {
    let Event::Call(e) = event else {
        return Vec::new();
    };
    let ExprKind::Call(call) = &e.kind else {
        return Vec::new();
    };
    let decides = call.func.dotted().is_some_and(|f| {
        f.last()
            .is_some_and(|m| matches!(*m, "enforce" | "authorize" | "authorise"))
    });
    if !decides {
        return Vec::new();
    }
    call.args
        .iter()
        .chain(call.kwargs.iter().map(|k| &k.value))
        .filter_map(|a| match &a.kind {
            ExprKind::Name(n) if sensitive::is_weak_secret_name(n) && !n.contains("token") => {
                Some(n.clone())
            }
            _ => None,
        })
        .collect()
}

/// Methods of strings, bytes and dicts: calling one says nothing about the value being an object.
const VALUE_METHODS: &[&str] = &[
    "startswith",
    "endswith",
    "find",
    "rfind",
    "index",
    "count",
    "isdigit",
    "isalnum",
    "isalpha",
    "isascii",
    "isspace",
    "get",
    "pop",
    "update",
    "setdefault",
    "getlist",
    "hex",
    "join",
    "format",
];

/// Names the scope reads attributes of that are neither string/dict methods nor content
/// (`token.expires_at`, `token.mint()`, not `token.strip()` or `token.key`).
fn objects(scope: &super::model::Scope) -> Vec<String> {
    fn walk(e: &Expr, out: &mut Vec<String>) {
        match &e.kind {
            ExprKind::Attribute(v, attr) => {
                if let ExprKind::Name(n) = &v.kind {
                    let method = PASS_THROUGH_METHODS.contains(&attr.as_str())
                        || VALUE_METHODS.contains(&attr.as_str())
                        || attr.starts_with("__");
                    if !method && sensitive::classify(attr).is_none() && !out.contains(n) {
                        out.push(n.clone());
                    }
                }
                walk(v, out);
            }
            ExprKind::Subscript(v, _) => walk(v, out),
            ExprKind::Call(call) => {
                walk(&call.func, out);
                call.args.iter().for_each(|a| walk(a, out));
                call.kwargs.iter().for_each(|k| walk(&k.value, out));
            }
            ExprKind::FString(parts) | ExprKind::Combine(parts) | ExprKind::Collection(parts) => {
                parts.iter().for_each(|p| walk(p, out))
            }
            ExprKind::Dict(entries) => entries.iter().for_each(|en| walk(&en.value, out)),
            ExprKind::Name(_) | ExprKind::Str(_) | ExprKind::Literal(_) | ExprKind::Opaque => {}
        }
    }
    let mut out = Vec::new();
    for event in &scope.events {
        match event {
            Event::Call(e) => walk(e, &mut out),
            Event::Assign { value, .. } => walk(value, &mut out),
        }
    }
    out
}
