//! Sensitive names: decides from a *name* alone (a variable, parameter, attribute chain, dict key,
//! function name or span/log field key) whether the value it holds is sensitive, and in which category.
//!
//! A name is split into words (`userEmail`, `user_email`, `user-email`, `user.email` all give
//! `user` `email`; digits are words of their own: `address2` gives `address` `2`). Words are matched
//! against word *sequences* (never substrings, so `tokenizer` is not `token` and `passage` is not
//! `pass`). Of all matches the right-most one (English compounds put the head noun last:
//! `password_reset_token` is a token) decides, unless a *modifier* word says the value is metadata
//! about the sensitive thing rather than the thing itself (`password_hash`, `max_tokens`,
//! `is_secret`, `email_template`, `api_key_id`).
//!
//! Everything is ASCII case-insensitive comparison on slices of the input: no regex and no
//! allocation beyond the small `Vec` of word slices.

// ---------------------------------------------------------------------------------------------
// Categories
// ---------------------------------------------------------------------------------------------

#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
pub enum Category {
    Secret,
    Pii,
    Financial,
    Health,
}

impl Category {
    pub fn as_str(self) -> &'static str {
        match self {
            Category::Secret => "secret",
            Category::Pii => "pii",
            Category::Financial => "financial",
            Category::Health => "health",
        }
    }
}

use self::Category::{Pii, Secret};

mod words;
// The tables are this classifier's vocabulary, read throughout.
use words::*;

// ---------------------------------------------------------------------------------------------
// API
// ---------------------------------------------------------------------------------------------

/// What the file around a name says about how to read it. Nothing yet: the file-level evidence that
/// used to live here (whether bare session ids are a web session's) is now the flow's provenance.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Context;

/// How a name is read: as the value it holds, or as a function whose result it names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Role {
    Value,
    Call,
}

/// The category a single name says its value belongs to, or None.
/// `name` may be snake_case, camelCase, kebab-case, dotted (`user.email`), or a function name
/// (`get_api_token`).
pub fn classify(name: &str) -> Option<Category> {
    Context.classify(name)
}

/// [`Context::classify_chain`] in the default context.
pub fn classify_chain(segments: &[&str]) -> Option<Category> {
    Context.classify_chain(segments)
}

impl Context {
    /// The category of the value a name (variable, parameter, attribute, dict key) holds, or None.
    pub fn classify(self, name: &str) -> Option<Category> {
        let mut words = Vec::with_capacity(8);
        split_words(name, &mut words);
        classify_words_or_singular(&words, Role::Value)
    }

    /// The category of what a called function returns, judged by its name: a producer's result
    /// (`get_api_token()`, `generate_credentials()`) is the value; an acknowledging verb's
    /// (`rotate_root_credentials()`, `list_secrets()`) is not.
    pub fn classify_call(self, name: &str) -> Option<Category> {
        let mut words = Vec::with_capacity(8);
        split_words(name, &mut words);
        // Tornado's `get_secure_cookie()`, `get_signed_cookie()`: the payload the signature verified
        // (a user id, a user model), not the signed cookie that could be replayed.
        if words.windows(2).any(|w| {
            matches!(w[0].to_ascii_lowercase().as_str(), "secure" | "signed")
                && w[1].to_ascii_lowercase().starts_with("cookie")
        }) {
            return None;
        }
        classify_words_or_singular(&words, Role::Call)
    }

    /// For an attribute/subscript chain like `["request", "user", "email"]`: the category of the last
    /// segment, except that a bare `id` / `name` / `number` last segment is read together with the
    /// segment before it (`customer.name` -> Pii, `card.number` -> Financial, `passport.number` -> Pii,
    /// `user.id` -> None, `user.name` -> None: the login, as in OTel/ECS `user.name`).
    pub fn classify_chain(self, segments: &[&str]) -> Option<Category> {
        let found = self.classify_chain_last(segments);
        if found.is_some() || segments.len() < 2 {
            return found;
        }
        // The owner took the name away (`challenge.token`, `repo.full_name`): the join below must not
        // give it back.
        let mut last_words = Vec::with_capacity(4);
        split_words(segments[segments.len() - 1], &mut last_words);
        if best_match(&last_words).is_some()
            && !owner_keeps(segments[segments.len() - 2], &last_words)
        {
            return None;
        }
        // `order.billing.address`, `conn.client.ip`: the segment before qualifies a bare word.
        let mut words = Vec::with_capacity(8);
        split_words(segments[segments.len() - 2], &mut words);
        split_words(segments[segments.len() - 1], &mut words);
        let category = classify_words(&words, Role::Value)?;
        // Only when the qualifier is what made the difference: `user.token` yes, `response.status` no.
        let mut last = Vec::with_capacity(4);
        split_words(segments[segments.len() - 1], &mut last);
        best_match(&last).map(|_| category)
    }

    fn classify_chain_last(self, segments: &[&str]) -> Option<Category> {
        let (last, rest) = segments.split_last()?;
        // `token_cache._cache`: the private storage of a sensitive container is its content.
        if in_table(last, PRIVATE_STORAGE) && !rest.is_empty() {
            return self.classify_chain(rest);
        }
        let mut words = Vec::with_capacity(8);
        split_words(last, &mut words);
        if let Some(c) = classify_words_or_singular(&words, Role::Value) {
            return rest
                .last()
                .is_none_or(|owner| owner_keeps(owner, &words))
                .then_some(c);
        }
        let inherits = words.len() == 1 && in_table(words[0], INHERITING_SEGMENTS);
        let prev = rest.last()?;
        if !inherits {
            return None;
        }
        // `sender.name` as a whole chain: `sender` is the parameter every signal framework (Django,
        // Celery, blinker) passes the emitting class or task in, and its name is a code name. A
        // message's sender (`event.sender.name`) stays a person's.
        if rest.len() == 1 && prev.eq_ignore_ascii_case("sender") {
            return None;
        }
        let mut joined = Vec::with_capacity(8);
        split_words(prev, &mut joined);
        if joined.is_empty() {
            return None;
        }
        joined.push(words[0]);
        classify_words(&joined, Role::Value)
    }
}

/// [`owner_keeps`] for a dict key: whether `owner["name"]` is still what `name` says. A dict is
/// mostly a container (`data`, `payload`, `cleaned_data`) that says nothing about its rows, so the
/// word before the container words decides: `service_data["full_name"]` is a repository's path,
/// `user_data["full_name"]` and `form.cleaned_data["full_name"]` stay a person's.
pub fn owner_keeps_key(owner: &str, key: &str) -> bool {
    let mut words = Vec::with_capacity(8);
    split_words(key, &mut words);
    let mut owner_words = Vec::with_capacity(4);
    split_words(owner, &mut owner_words);
    while owner_words
        .last()
        .is_some_and(|w| in_table(w, CONTAINER_WORDS))
    {
        owner_words.pop();
    }
    match owner_words.last() {
        None => true,
        Some(qualifier) => owner_keeps(qualifier, &words),
    }
}

/// Whether the segment before a sensitive attribute leaves it sensitive: `challenge.token` is an
/// ACME challenge's, `aws.account_number` a cloud account, `repo.full_name` a path, while
/// `user.token` and `customer.full_name` stay.
fn owner_keeps(owner: &str, words: &[&str]) -> bool {
    let Some(m) = best_match(words) else {
        return true;
    };
    let mut owner_words = Vec::with_capacity(4);
    split_words(owner, &mut owner_words);
    let Some(q) = owner_words.last() else {
        return true;
    };
    let exclusions: &[&str] = match m.family {
        Family::Token => TOKEN_PREFIX_EXCLUSIONS,
        Family::Key => KEY_PREFIX_EXCLUSIONS,
        Family::Network => NETWORK_PREFIX_EXCLUSIONS,
        Family::Email => EMAIL_PREFIX_EXCLUSIONS,
        Family::Account => ACCOUNT_PREFIX_EXCLUSIONS,
        Family::Plain => &[],
    };
    if in_table(q, exclusions) {
        return false;
    }
    let full_name = words.len() == m.end
        && (matches_at(words, m.start, &["full", "name"])
            || matches_at(words, m.start, &["fullname"]));
    !full_name
        || m.start > 0
        || in_table(q, NAME_OWNERS)
        || in_table(q, PERSON_NOUNS)
        || in_table(q, ADDRESS_QUALIFIERS)
}

/// A name that says its value has no content, whatever it was computed from: an identifier, a kind,
/// a quantity, a callable or a look-alike (`client_id`, `token_type`, `attempt`, `hook`,
/// `password_hash`). Used for destructured names, which a call's name alone should not taint.
pub fn holds_no_content(name: &str) -> bool {
    let mut words = Vec::with_capacity(8);
    split_words(name, &mut words);
    let Some(head) = words.iter().rev().find(|w| !is_digits(w)) else {
        return false;
    };
    if [
        IDENTIFIER_HEADS,
        QUANTITY_HEADS,
        CALLABLE_HEADS,
        METADATA_HEADS,
    ]
    .iter()
    .any(|t| in_table(head, t))
        || in_table(words[0], PREDICATE_PREFIXES)
    {
        return true;
    }
    best_match(&words).is_some() && classify_words_or_singular(&words, Role::Value).is_none()
}

/// A name that talks about a sensitive thing and says it is not the thing: a look-alike
/// (`challenge_token`, `password_hash`, `token_count`, `aws_account_number`). What it is assigned is
/// read as that, whatever the value's own name (`challenge_token = order.challenge.token`).
pub fn is_lookalike(name: &str) -> bool {
    let mut words = Vec::with_capacity(8);
    split_words(name, &mut words);
    best_match(&words).is_some_and(|m| neutralised_by_modifiers(&words, &m))
}

/// A secret name that is as often an object as the secret itself (`token`, `credentials`,
/// `cookie`): a model row, a client, a cookie jar. Strong names (`password`, `secret`, `api_key`,
/// `private_key`) are never objects.
pub fn is_weak_secret_name(name: &str) -> bool {
    let mut words = Vec::with_capacity(8);
    split_words(name, &mut words);
    let weak = ["token", "credentials", "credential", "creds", "cookie"];
    let strong = [
        "password",
        "passwd",
        "secret",
        "api",
        "private",
        "pwd",
        "passphrase",
    ];
    classify_words_or_singular(&words, Role::Value) == Some(Secret)
        && words.iter().any(|w| in_table(w, &weak))
        && !words.iter().any(|w| in_table(w, &strong))
}

/// A name about a `token` with no stronger secret word (`token`, `tok.value`, `next_token`): in a
/// lexer or parser it is a piece of text.
pub fn is_text_token_name(name: &str) -> bool {
    let mut words = Vec::with_capacity(8);
    split_words(name, &mut words);
    let strong = [
        "password", "passwd", "secret", "api", "private", "key", "auth", "access",
    ];
    words
        .iter()
        .any(|w| in_table(w, &["token", "tokens", "tok"]))
        && !words.iter().any(|w| in_table(w, &strong))
}

/// A name for a network address (`client_address`, `peer_ip`, `addr`): in a socket server it is a
/// connection's peer, a handle, unless its provenance is a web request.
pub fn is_network_name(name: &str) -> bool {
    let mut words = Vec::with_capacity(8);
    split_words(name, &mut words);
    best_match(&words).is_some_and(|m| m.family == Family::Network)
}

/// A name for a callable or a registry of callables (`token_updater`, `compliance_hook`, `handlers`).
pub fn is_callable_name(name: &str) -> bool {
    let mut words = Vec::with_capacity(8);
    split_words(name, &mut words);
    words
        .iter()
        .rev()
        .find(|w| !is_digits(w))
        .is_some_and(|head| in_table(head, CALLABLE_HEADS))
}

/// A list of card numbers is as sensitive as one: `card_numbers`, `credit_cards`, `ibans` are read as
/// their singular when the plural itself matches nothing. `tokens` stays a count or text (LLM, NLP).
fn classify_words_or_singular(words: &[&str], role: Role) -> Option<Category> {
    if let Some(c) = classify_words(words, role) {
        return Some(c);
    }
    let (last, rest) = words.split_last()?;
    if last.len() <= 3 || !last.ends_with(['s', 'S']) || last.eq_ignore_ascii_case("tokens") {
        return None;
    }
    let singular = &last[..last.len() - 1];
    let mut words: Vec<&str> = rest.to_vec();
    words.push(singular);
    // Only the plural of the sensitive word itself: `password_retries` is not a `password_retrie`.
    best_match(&words).filter(|m| m.end == words.len())?;
    classify_words(&words, role)
}

// ---------------------------------------------------------------------------------------------
// Implementation
// ---------------------------------------------------------------------------------------------

/// The words of a name, lower-cased: `PersonalToken` → `personal`, `token`; `secrets_group` →
/// `secrets`, `group`.
pub fn lower_words(name: &str) -> Vec<String> {
    let mut words = Vec::new();
    split_words(name, &mut words);
    words.iter().map(|w| w.to_lowercase()).collect()
}

/// Splits on anything not alphanumeric, on lower->Upper (`userEmail`), before the last capital
/// of an acronym (`IPAddress` -> `IP` `Address`) and between letters and digits (`address2`).
fn split_words<'a>(name: &'a str, out: &mut Vec<&'a str>) {
    let mut start: Option<usize> = None;
    let mut prev: Option<char> = None;
    let mut chars = name.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if !c.is_alphanumeric() {
            if let Some(s) = start.take() {
                out.push(&name[s..i]);
            }
            prev = None;
            continue;
        }
        match (start, prev) {
            (Some(s), Some(p)) => {
                let boundary = p.is_ascii_digit() != c.is_ascii_digit()
                    || (p.is_lowercase() && c.is_uppercase())
                    || (p.is_uppercase()
                        && c.is_uppercase()
                        && chars.peek().is_some_and(|&(_, n)| n.is_lowercase()));
                if boundary {
                    out.push(&name[s..i]);
                    start = Some(i);
                }
            }
            _ => start = Some(i),
        }
        prev = Some(c);
    }
    if let Some(s) = start {
        out.push(&name[s..]);
    }
}

fn in_table(word: &str, table: &[&str]) -> bool {
    table.iter().any(|t| word.eq_ignore_ascii_case(t))
}

fn is_digits(word: &str) -> bool {
    !word.is_empty() && word.bytes().all(|b| b.is_ascii_digit())
}

/// `last4`, `last_four`, `first6`: a masked fragment marker starting at `words[i]`.
fn is_mask_marker(words: &[&str], i: usize) -> bool {
    let w = words[i];
    (w.eq_ignore_ascii_case("last") || w.eq_ignore_ascii_case("first"))
        && words
            .get(i + 1)
            .is_some_and(|n| is_digits(n) || in_table(n, MASK_COUNTS))
}

#[derive(Clone, Copy)]
struct Match {
    start: usize,
    end: usize,
    category: Category,
    family: Family,
}

fn matches_at(words: &[&str], i: usize, pattern: &[&str]) -> bool {
    words.len() - i >= pattern.len()
        && pattern
            .iter()
            .zip(&words[i..])
            .all(|(p, w)| w.eq_ignore_ascii_case(p))
}

/// Nothing but digits and content words after position `end`.
fn is_head(words: &[&str], end: usize) -> bool {
    words[end..]
        .iter()
        .all(|w| is_digits(w) || in_table(w, CONTENT_SUFFIXES))
}

/// The right-most match (ties: the longest), head-only patterns counted only where they are heads.
fn best_match(words: &[&str]) -> Option<Match> {
    let mut best: Option<Match> = None;
    let mut consider = |m: Match| {
        let better = match best {
            None => true,
            Some(b) => m.end > b.end || (m.end == b.end && m.start < b.start),
        };
        if better {
            best = Some(m);
        }
    };
    for i in 0..words.len() {
        for table in ALL_PATTERNS {
            for pat in table.iter() {
                if matches_at(words, i, pat.words) {
                    let end = i + pat.words.len();
                    if pat.head_only && !is_head(words, end) {
                        continue;
                    }
                    consider(Match {
                        start: i,
                        end,
                        category: pat.category,
                        family: pat.family,
                    });
                }
            }
        }
        // `customer_name`, `patient.name`: a person's name.
        if i > 0
            && (words[i].eq_ignore_ascii_case("name") || words[i].eq_ignore_ascii_case("names"))
            && in_table(words[i - 1], PERSON_NOUNS)
        {
            consider(Match {
                start: i - 1,
                end: i + 1,
                category: Pii,
                family: Family::Plain,
            });
        }
    }
    best
}

/// A modifier around the match says the name is about the sensitive thing, not the thing
/// (`password_hash`, `max_tokens`, `challenge_token`).
fn neutralised_by_modifiers(words: &[&str], m: &Match) -> bool {
    // Read after the sensitive word, for every family: what the name is about, not the value.
    const HEADS: [&[&str]; 4] = [
        SUFFIX_MODIFIERS,
        QUANTITY_HEADS,
        CALLABLE_HEADS,
        METADATA_HEADS,
    ];
    let (prefix_tables, suffix_tables): (&[&[&str]], &[&[&str]]) = match m.family {
        Family::Plain => (&[PREFIX_MODIFIERS, BOTH_MODIFIERS], &[BOTH_MODIFIERS]),
        Family::Token => (
            &[PREFIX_MODIFIERS, BOTH_MODIFIERS, TOKEN_PREFIX_EXCLUSIONS],
            &[BOTH_MODIFIERS, TOKEN_SUFFIX_EXCLUSIONS],
        ),
        Family::Key => (
            &[PREFIX_MODIFIERS, BOTH_MODIFIERS, KEY_PREFIX_EXCLUSIONS],
            &[BOTH_MODIFIERS],
        ),
        Family::Network => (
            &[PREFIX_MODIFIERS, BOTH_MODIFIERS, NETWORK_PREFIX_EXCLUSIONS],
            &[BOTH_MODIFIERS, NETWORK_SUFFIX_EXCLUSIONS],
        ),
        Family::Email => (
            &[PREFIX_MODIFIERS, BOTH_MODIFIERS, EMAIL_PREFIX_EXCLUSIONS],
            &[BOTH_MODIFIERS],
        ),
        Family::Account => (
            &[PREFIX_MODIFIERS, BOTH_MODIFIERS, ACCOUNT_PREFIX_EXCLUSIONS],
            &[BOTH_MODIFIERS],
        ),
    };
    let neutralised = |range: std::ops::Range<usize>, tables: &[&[&str]]| {
        range
            .into_iter()
            .any(|i| is_mask_marker(words, i) || tables.iter().any(|t| in_table(words[i], t)))
    };
    // A JWT's header and claims are readable by anyone holding it; only the signed whole is the
    // credential (`key.jwt_header`, `jwt_payload`, `jwt_claims`).
    let jwt_part = matches_at(words, m.start, &["jwt"])
        && m.end == m.start + 1
        && words[m.end..].iter().any(|w| in_table(w, JWT_PARTS));
    jwt_part
        || neutralised(0..m.start, prefix_tables)
        || neutralised(m.end..words.len(), suffix_tables)
        || neutralised(m.end..words.len(), &HEADS)
}

fn classify_words(words: &[&str], role: Role) -> Option<Category> {
    let m = best_match(words)?;
    if neutralised_by_modifiers(words, &m) {
        return None;
    }
    if !qualified(words, &m) {
        return None;
    }
    let holds_it = match role {
        Role::Value => !action_phrase(words, &m) && !names_an_action(words, &m),
        Role::Call => produces(words, &m),
    };
    holds_it.then_some(m.category)
}

/// `write_secret_before_test`, `rotate_token_on_refresh`: a verb, its sensitive object and a
/// preposition name an action or an option (a flag, a count), not the value.
fn action_phrase(words: &[&str], m: &Match) -> bool {
    m.start > 0
        && (in_table(words[0], ACK_VERBS) || in_table(words[0], PRODUCER_VERBS))
        && words[m.end..]
            .iter()
            .any(|w| in_table(w, PHRASE_PREPOSITIONS))
}

/// `UPDATE_USER_PASSWORD`, `change_email` as a value: the name of an action (a
/// route, a permission, a flag), not the secret or address itself.
fn names_an_action(words: &[&str], m: &Match) -> bool {
    m.start > 0 && in_table(words[0], ACTION_VERBS)
}

/// Leading verbs that make a value's name the name of an action on the sensitive thing.
/// `write` is not here: `write_access_token` is a token with write access.
const ACTION_VERBS: &[&str] = &[
    "update",
    "set",
    "unset",
    "delete",
    "del",
    "remove",
    "change",
    "rotate",
    "revoke",
    "destroy",
    "forgot",
    "forgotten",
    "recover",
];

/// Whether a function named `words` returns the value it names: the last verb before the sensitive
/// words decides (`create_or_update_secret()` acknowledges, `rotate_and_get_token()` produces); no
/// verb at all (`api_token()`, `jwt_login()`) reads as a getter.
fn produces(words: &[&str], m: &Match) -> bool {
    for w in words[..m.start].iter().rev() {
        if w.eq_ignore_ascii_case("sign") {
            return m.family != Family::Key;
        }
        if in_table(w, ACK_VERBS) {
            return false;
        }
        if in_table(w, PRODUCER_VERBS) {
            return true;
        }
    }
    true
}

/// Words whose meaning depends on whose they are. Read on the Python standard library and popular
/// packages, most `*_token`s are lexer, cache, pagination or semaphore tokens, most addresses are a
/// server's, and most session ids are not web sessions: such a word counts only alone or after a
/// qualifier that makes it a credential or a person's. A bare `session_id` or `session_key` is as
/// often a chat, kernel, trace, lock or database session's as a web login's: only a qualifier
/// (`user_session_id`) or its provenance (`request.session.session_key`, a cookie; see the flow)
/// makes it a credential. Django's cookie name `sessionid` stays one.
fn qualified(words: &[&str], m: &Match) -> bool {
    let before = m.start.checked_sub(1).map(|i| words[i]);
    let first = words[m.start];
    let single = m.end - m.start == 1;
    if m.family == Family::Token && single && first.eq_ignore_ascii_case("token") {
        return before.is_none_or(|w| in_table(w, TOKEN_QUALIFIERS));
    }
    if first.eq_ignore_ascii_case("session") {
        return before.is_some_and(|w| in_table(w, SESSION_QUALIFIERS));
    }
    if m.family == Family::Network && !first.eq_ignore_ascii_case("forwarded") {
        // A bare `address`, `ip` or `addr` is far more often a server's than a person's.
        return before.is_some_and(|w| in_table(w, ADDRESS_QUALIFIERS));
    }
    true
}

/// Before a bare `token`: credentials (`access_token`, `github_token`, `reset_token`).
const TOKEN_QUALIFIERS: &[&str] = &[
    "access",
    "refresh",
    "id",
    "auth",
    "authentication",
    "authorization",
    "bearer",
    "api",
    "session",
    "csrf",
    "xsrf",
    "oauth",
    "oauth2",
    "reset",
    "verification",
    "verify",
    "invite",
    "invitation",
    "personal",
    "github",
    "gitlab",
    "slack",
    "bot",
    "service",
    "security",
    "secret",
    "client",
    "device",
    "push",
    "fcm",
    "apns",
    "jwt",
    "login",
    "magic",
    "confirmation",
    "activation",
    "registration",
    "sso",
    "saml",
    "identity",
    "user",
    "admin",
    "app",
    "webhook",
    "signing",
    "password",
    "unsubscribe",
    "otp",
    "mfa",
    "twofa",
    "remember",
    "hf",
    "huggingface",
    "npm",
    "pypi",
    "docker",
    "registry",
    "vault",
    "cloud",
    "aws",
    "gcp",
    "azure",
    "stripe",
    "twilio",
    "sendgrid",
    "discord",
    "telegram",
    "openai",
    "anthropic",
    "auth0",
    "okta",
    "firebase",
];

/// Before `session_id`: a web or user session (`user_session_id`), not a game, database or TLS one.
const SESSION_QUALIFIERS: &[&str] = &[
    "user", "login", "auth", "http", "web", "browser", "client", "current", "active", "customer",
    "flask", "django",
];

/// Before `address`, `ip`, `addr`: a person's, or the client's of a request.
const ADDRESS_QUALIFIERS: &[&str] = &[
    "client",
    "user",
    "visitor",
    "customer",
    "source",
    "src",
    "origin",
    "real",
    "end",
    "requester",
    "caller",
    "home",
    "billing",
    "shipping",
    "postal",
    "street",
    "mailing",
    "email",
    "mail",
    "residential",
    "delivery",
    "contact",
    "patient",
    "employee",
    "sender",
    "recipient",
    "personal",
    "physical",
    "member",
    "subscriber",
    "buyer",
    "payer",
    "guest",
    "student",
    "applicant",
    "cardholder",
    "holder",
];

// ---------------------------------------------------------------------------------------------
// Tests
// ---------------------------------------------------------------------------------------------

#[cfg(test)]
mod tests {
    use super::Category::{Financial, Health};
    use super::*;

    const CASES: &[(&str, Option<Category>)] = &[
        // --- secret ---
        ("password", Some(Secret)),
        ("PASSWORD", Some(Secret)),
        ("db_password", Some(Secret)),
        ("userPassword", Some(Secret)),
        ("new_password", Some(Secret)),
        ("password_confirmation", Some(Secret)),
        ("passwd", Some(Secret)),
        ("pwd", Some(Secret)),
        ("passphrase", Some(Secret)),
        ("secret", Some(Secret)),
        ("client_secret", Some(Secret)),
        ("webhook_secret", Some(Secret)),
        ("secret_key", Some(Secret)),
        ("SECRET_KEY", Some(Secret)),
        ("aws_secret_access_key", Some(Secret)),
        ("token", Some(Secret)),
        ("access_token", Some(Secret)),
        ("refresh_token", Some(Secret)),
        ("id_token", Some(Secret)),
        ("auth_token", Some(Secret)),
        ("csrf_token", Some(Secret)),
        ("password_reset_token", Some(Secret)),
        ("access_tokens", Some(Secret)),
        ("get_api_token", Some(Secret)),
        ("getApiToken", Some(Secret)),
        ("bearer", Some(Secret)),
        ("bearer_token", Some(Secret)),
        ("jwt", Some(Secret)),
        ("api_key", Some(Secret)),
        ("apiKey", Some(Secret)),
        ("APIKey", Some(Secret)),
        ("apikey", Some(Secret)),
        ("x-api-key", Some(Secret)),
        ("private_key", Some(Secret)),
        ("privateKeyPem", Some(Secret)),
        ("signing_key", Some(Secret)),
        ("signingKey", Some(Secret)),
        ("sshKey", Some(Secret)),
        ("accessKey", Some(Secret)),
        ("encryptionKey", Some(Secret)),
        ("masterKey", Some(Secret)),
        ("hmacKey", Some(Secret)),
        ("authHeader", Some(Secret)),
        ("authCode", Some(Secret)),
        ("basicAuth", Some(Secret)),
        ("sessionKey", None),
        ("userSessionKey", Some(Secret)),
        ("verificationCode", Some(Secret)),
        ("recoveryCodes", Some(Secret)),
        ("backupCodes", Some(Secret)),
        ("ssh_key", Some(Secret)),
        ("credentials", Some(Secret)),
        ("credential", Some(Secret)),
        ("session_id", None),
        ("sessionid", Some(Secret)),
        ("sessionId", None),
        ("cookie", Some(Secret)),
        ("cookies", Some(Secret)),
        ("session_cookie", Some(Secret)),
        ("http.response.header.set-cookie", Some(Secret)),
        ("Authorization", Some(Secret)),
        ("authorization_header", Some(Secret)),
        ("auth_header", Some(Secret)),
        ("http.request.header.authorization", Some(Secret)),
        ("X-Amz-Security-Token", Some(Secret)),
        ("otp", Some(Secret)),
        ("otp_code", Some(Secret)),
        ("verification_code", Some(Secret)),
        ("pin", Some(Secret)),
        ("user_pin", Some(Secret)),
        ("pin_code", Some(Secret)),
        ("pin2", Some(Secret)),
        // --- secret look-alikes ---
        ("password_hash", None),
        ("hashed_password", None),
        ("hash_password", None),
        ("hashed_token", None),
        ("token_hash", None),
        ("token_count", None),
        ("max_tokens", None),
        ("num_tokens", None),
        ("n_tokens", None),
        ("count_tokens", None),
        ("tokens", None),
        ("prompt_tokens", None),
        ("input_token", None),
        ("eos_token", None),
        ("next_page_token", None),
        ("token_ids", None),
        ("token_embeddings", None),
        ("token_type", None),
        ("token_url", None),
        ("token_endpoint", None),
        ("token_expires_at", None),
        ("tokenizer", None),
        ("passage", None),
        ("bypass", None),
        ("is_secret", None),
        ("has_secret", None),
        ("secret_name", None),
        ("secret_id", None),
        ("secret_arn", None),
        ("secret_path", None),
        ("secret_ref", None),
        ("secrets_manager", None),
        ("password_policy", None),
        ("password_length", None),
        ("password_reset_url", None),
        ("password_changed_at", None),
        ("password_field", None),
        ("password_file", None),
        ("check_password", None),
        ("validate_token", None),
        ("cookie_name", None),
        ("cookie_domain", None),
        ("cookie_max_age", None),
        ("session", None),
        ("session_timeout", None),
        ("session_count", None),
        ("api_key_id", None),
        ("access_key_id", None),
        ("key_id", None),
        ("key", None),
        ("public_key", None),
        ("public_api_key", None),
        ("api_key_prefix", None),
        ("auth", None),
        ("auth_url", None),
        ("authorization_url", None),
        ("otp_enabled", None),
        ("pin_memory", None),
        // ACME challenges, leases, MFA serials, action names
        ("challenge_token", None),
        ("acme_token", None),
        ("lease_token", None),
        ("token_serial", None),
        ("mfa_serial", None),
        ("UPDATE_USER_PASSWORD", None),
        ("reset_token", Some(Secret)),
        ("change_email", None),
        ("spinner", None),
        ("credentials_path", None),
        // numbers, times and flags about a secret: the head noun decides
        ("_credential_refresh_attempt", None),
        ("refresh_token_expire_timedelta", None),
        ("token_timeout", None),
        ("password_retries", None),
        ("token_timeouts", None),
        ("secret_rotation_interval", None),
        ("write_secret_before_test", None),
        ("rotate_token_on_refresh", None),
        // callables and registries of them
        ("token_updater", None),
        ("auth_token_callback", None),
        ("password_validators", None),
        ("credentials_provider", None),
        ("api_key_getter", None),
        ("refresh_token_hooks", None),
        // metadata about secrets
        ("secret_metadata", None),
        ("secret_versions", None),
        // what they must not hide
        ("write_access_token", Some(Secret)),
        ("token_cache", Some(Secret)),
        ("credentials_info", Some(Secret)),
        ("secret_for_test", Some(Secret)),
        // --- pii ---
        ("email", Some(Pii)),
        ("user_email", Some(Pii)),
        ("userEmail", Some(Pii)),
        ("user.email", Some(Pii)),
        ("client_email", Some(Pii)),
        ("userinfo", Some(Pii)),
        ("user_info", Some(Pii)),
        ("userInfo", Some(Pii)),
        ("account_email", Some(Pii)),
        ("support_ticket_email", Some(Pii)),
        ("email_address", Some(Pii)),
        ("e_mail", Some(Pii)),
        ("eMail", Some(Pii)),
        ("mail_address", Some(Pii)),
        ("normalize_email", Some(Pii)),
        ("phone", Some(Pii)),
        ("phone_number", Some(Pii)),
        ("phoneNumber", Some(Pii)),
        ("phone_num", Some(Pii)),
        ("request.user.phone_number", Some(Pii)),
        ("mobile", Some(Pii)),
        ("mobile_number", Some(Pii)),
        ("telephone", Some(Pii)),
        ("address", None),
        ("address2", None),
        ("address_line1", None),
        ("billing_address", Some(Pii)),
        ("street", Some(Pii)),
        ("postal_code", Some(Pii)),
        ("zip_code", Some(Pii)),
        ("zipcode", Some(Pii)),
        ("address_book", None),
        ("ssn", Some(Pii)),
        ("SSN", Some(Pii)),
        ("social_security_number", Some(Pii)),
        ("national_id", Some(Pii)),
        ("nationalIdNumber", Some(Pii)),
        ("taxId", Some(Pii)),
        ("socialSecurityNumber", Some(Pii)),
        ("givenName", Some(Pii)),
        ("familyName", Some(Pii)),
        ("middleName", Some(Pii)),
        ("passport", Some(Pii)),
        ("passport_number", Some(Pii)),
        ("tax_id", Some(Pii)),
        ("date_of_birth", Some(Pii)),
        ("dateOfBirth", Some(Pii)),
        ("dob", Some(Pii)),
        ("birthdate", Some(Pii)),
        ("birth_date", Some(Pii)),
        ("birthday", Some(Pii)),
        ("full_name", Some(Pii)),
        ("first_name", Some(Pii)),
        ("firstName", Some(Pii)),
        ("last_name", Some(Pii)),
        ("surname", Some(Pii)),
        ("given_name", Some(Pii)),
        ("family_name", Some(Pii)),
        ("customer_name", Some(Pii)),
        ("cardholder_name", Some(Pii)),
        ("ip", None),
        ("ip_address", None),
        ("IPAddress", None),
        ("userIPAddress", Some(Pii)),
        ("client_ip", Some(Pii)),
        ("remote_addr", None),
        ("client.address", Some(Pii)),
        ("net.peer.ip", None),
        ("x-forwarded-for", Some(Pii)),
        // --- pii look-alikes ---
        ("email_verified", None),
        ("user_info_url", None),
        ("userinfo_endpoint", None),
        ("service_account_email", None),
        ("sa_email", None),
        ("bot_email", None),
        ("robot_email", None),
        ("email_template", None),
        ("email_subject", None),
        ("email_enabled", None),
        ("email_backend", None),
        ("email_hash", None),
        ("masked_email", None),
        ("validate_email", None),
        ("is_email", None),
        ("has_phone", None),
        ("phone_verified", None),
        ("phone_type", None),
        ("is_mobile", None),
        ("mobile_app", None),
        ("username", None),
        ("user_name", None),
        ("enduser.id", None),
        ("user_id", None),
        ("name", None),
        ("display_name", None),
        ("zip", None),
        ("zip_path", None),
        ("mail", None),
        ("server.address", None),
        ("server_ip", None),
        ("host_ip", None),
        ("bind_addr", None),
        ("ip_version", None),
        ("ip_range", None),
        ("address_family", None),
        ("memory_address", None),
        ("ssn_last4", None),
        ("passport_expiry", None),
        ("birth_year_count", None),
        // --- financial ---
        ("card_number", Some(Financial)),
        ("cardNumber", Some(Financial)),
        ("creditCardNumber", Some(Financial)),
        ("debitCard", Some(Financial)),
        ("bankAccountNumber", Some(Financial)),
        ("ccNumber", Some(Financial)),
        ("acctNumber", Some(Financial)),
        ("securityCode", Some(Financial)),
        ("sortCode", Some(Financial)),
        ("credit_card", Some(Financial)),
        ("cc_number", Some(Financial)),
        ("pan", Some(Financial)),
        ("card_pan", Some(Financial)),
        ("cvv", Some(Financial)),
        ("cvv2", Some(Financial)),
        ("cvc", Some(Financial)),
        ("security_code", Some(Financial)),
        ("iban", Some(Financial)),
        ("IBAN", Some(Financial)),
        ("account_number", Some(Financial)),
        ("bank_account", Some(Financial)),
        ("bank_account_number", Some(Financial)),
        ("routing_number", Some(Financial)),
        ("sort_code", Some(Financial)),
        ("ccn", Some(Financial)),
        ("bank_number", Some(Financial)),
        // --- financial look-alikes ---
        ("aws_account_number", None),
        ("cloud_account_number", None),
        ("card_type", None),
        ("card_brand", None),
        ("card_last4", None),
        ("card_number_last4", None),
        ("last_four", None),
        ("card_last_four", None),
        ("credit_card_type", None),
        ("account_type", None),
        ("account_id", None),
        ("bic", None),
        ("pan_x", None),
        ("bank_account_id", None),
        // --- health ---
        ("diagnosis", Some(Health)),
        ("diagnosis_code", Some(Health)),
        ("icd10", Some(Health)),
        ("medical_record", Some(Health)),
        ("medication", Some(Health)),
        ("prescription", Some(Health)),
        ("blood_type", Some(Health)),
        ("bloodType", Some(Health)),
        ("allergies", Some(Health)),
        ("health_record", Some(Health)),
        ("health_condition", Some(Health)),
        ("mental_health", Some(Health)),
        ("latitude", Some(Pii)),
        ("longitude", Some(Pii)),
        // --- health look-alikes ---
        ("health", None),
        ("health_check", None),
        ("healthcheck", None),
        ("healthy", None),
        ("health_status", None),
        ("is_healthy", None),
        ("diagnosis_count", None),
        ("prescription_id", None),
        // --- degenerate input ---
        ("", None),
        ("___", None),
        ("..", None),
        ("2", None),
        ("pässwörd", None),
        ("名前", None),
    ];

    /// Every case of a table at once, so one run lists all that differ.
    fn assert_cases<K: std::fmt::Debug + Copy>(
        cases: &[(K, Option<Category>)],
        read: impl Fn(K) -> Option<Category>,
    ) {
        let failures: Vec<String> = cases
            .iter()
            .filter_map(|&(key, want)| {
                let got = read(key);
                (got != want).then(|| format!("{key:?}: got {got:?}, want {want:?}"))
            })
            .collect();
        assert!(
            failures.is_empty(),
            "{} failures:\n{}",
            failures.len(),
            failures.join("\n")
        );
    }

    #[test]
    fn table() {
        assert_cases(CASES, classify);
    }

    #[test]
    fn prefilter_lets_every_sensitive_name_through() {
        let missed: Vec<&str> = CASES
            .iter()
            .filter(|(name, want)| {
                want.is_some()
                    && !crate::python::prefilter::worth_parsing(
                        format!("log.info({name})").as_bytes(),
                    )
            })
            .map(|(name, _)| *name)
            .collect();
        assert!(missed.is_empty(), "the prefilter skips {missed:?}");
    }

    #[test]
    fn table_is_big_and_balanced() {
        assert!(CASES.len() >= 80);
        for c in [Secret, Pii, Financial, Health] {
            assert!(CASES.iter().any(|&(_, w)| w == Some(c)));
        }
    }

    #[test]
    fn chains() {
        let cases: &[(&[&str], Option<Category>)] = &[
            (&["customer", "name"], Some(Pii)),
            (&["patient", "name"], Some(Pii)),
            (&["user", "id"], None),
            (&["customer", "id"], None),
            (&["user", "name"], None),
            (&["card", "number"], Some(Financial)),
            (&["credit_card", "number"], Some(Financial)),
            (&["account", "number"], Some(Financial)),
            (&["order", "number"], None),
            (&["passport", "number"], Some(Pii)),
            (&["phone", "number"], Some(Pii)),
            (&["national", "id"], Some(Pii)),
            (&["session", "id"], None),
            (&["challenge", "token"], None),
            (&["search_model", "full_name"], None),
            (&["user", "full_name"], Some(Pii)),
            (&["token", "key"], Some(Secret)),
            (&["creds", "secret"], Some(Secret)),
            (&["cache", "key"], None),
            (&["secret", "name"], None),
            (&["token", "id"], None),
            (&["request", "headers"], None),
            (&["request", "json"], None),
            (&["self", "app", "token_cache", "_cache"], Some(Secret)),
            (&["self", "app", "cache", "_cache"], None),
            (&["_cache"], None),
            (&["oauth", "userinfo"], Some(Pii)),
            (&["user", "email"], Some(Pii)),
            (&["request", "user", "email"], Some(Pii)),
            (&["request", "user", "phone_number"], Some(Pii)),
            (&["settings", "SECRET_KEY"], Some(Secret)),
            (&["user", "password_hash"], None),
            (&["card", "brand"], None),
            (&["email", "template"], None),
            (&["name"], None),
            (&["number"], None),
            (&["", "name"], None),
            (&["customer", ""], None),
            (&[], None),
        ];
        assert_cases(cases, classify_chain);
    }

    #[test]
    fn calls_are_read_by_their_verb() {
        let cx = Context;
        let cases: &[(&str, Option<Category>)] = &[
            // acknowledgements, lists and metadata
            ("read_secret_metadata", None),
            ("list_secrets", None),
            ("rotate_root_credentials", None),
            ("rotate_static_role_credentials", None),
            ("configure_root_iam_credentials", None),
            ("create_or_update_secret", None),
            ("delete_secret", None),
            ("destroy_secret_versions", None),
            ("undelete_secret_versions", None),
            ("introspect_signed_id_token", None),
            ("sign_ssh_key", None),
            ("set_password", None),
            ("refresh_token_expire_timedelta", None),
            // producers, and names without a verb
            ("get_api_token", Some(Secret)),
            ("read_password", Some(Secret)),
            ("read_secret", Some(Secret)),
            ("generate_credentials", Some(Secret)),
            ("generate_signed_id_token", Some(Secret)),
            ("create_authorization_response", Some(Secret)),
            ("decrypt_secret", Some(Secret)),
            ("sign_jwt", Some(Secret)),
            ("rotate_and_get_access_token", Some(Secret)),
            ("get_or_create_api_token", Some(Secret)),
            ("refresh_token", Some(Secret)),
            ("jwt_login", Some(Secret)),
            ("api_token", Some(Secret)),
            ("get_email", Some(Pii)),
            ("get_access_token_from_cache", Some(Secret)),
        ];
        assert_cases(cases, |name| cx.classify_call(name));
        // As a value, `list_secrets` is a list of secrets.
        assert_eq!(cx.classify("list_secrets"), Some(Secret));
    }

    #[test]
    fn bare_session_ids_need_a_qualifier() {
        assert_eq!(classify("session_id"), None);
        assert_eq!(classify("sessionId"), None);
        assert_eq!(classify("session_key"), None);
        assert_eq!(classify_chain(&["lock", "session", "id"]), None);
        assert_eq!(classify("user_session_id"), Some(Secret));
        assert_eq!(classify("sessionid"), Some(Secret));
        assert_eq!(classify("session_token"), Some(Secret));
    }

    #[test]
    fn names_without_content() {
        for name in [
            "client_id",
            "key_id",
            "token_type",
            "status",
            "expires_at",
            "hook",
            "token_updater",
            "password_hash",
            "is_secret",
            "attempt",
            "cache_token",
        ] {
            assert!(holds_no_content(name), "{name}");
        }
        for name in [
            "uri",
            "result",
            "x",
            "body",
            "headers",
            "client_secret",
            "token",
            "",
        ] {
            assert!(!holds_no_content(name), "{name}");
        }
        for name in [
            "token_updater",
            "compliance_hook",
            "handlers",
            "on_token_callback2",
        ] {
            assert!(is_callable_name(name), "{name}");
        }
        for name in ["token", "token_cache", "hooked_secret", ""] {
            assert!(!is_callable_name(name), "{name}");
        }
    }

    #[test]
    fn splitting() {
        let split = |s: &str| {
            let mut v = Vec::new();
            split_words(s, &mut v);
            v.iter()
                .map(|w| w.to_ascii_lowercase())
                .collect::<Vec<_>>()
                .join(" ")
        };
        assert_eq!(split("userEmail"), "user email");
        assert_eq!(split("HTTPRequest.header"), "http request header");
        assert_eq!(split("IPAddress"), "ip address");
        assert_eq!(split("x-api-key"), "x api key");
        assert_eq!(split("address2"), "address 2");
        assert_eq!(split("card_last4"), "card last 4");
        assert_eq!(split("__init__"), "init");
        assert_eq!(split("2FA_code"), "2 fa code");
        assert_eq!(split("naïveUser"), "naïve user");
    }

    #[test]
    fn as_str() {
        assert_eq!(Secret.as_str(), "secret");
        assert_eq!(Pii.as_str(), "pii");
        assert_eq!(Financial.as_str(), "financial");
        assert_eq!(Health.as_str(), "health");
    }

    #[test]
    fn no_panic_on_odd_input() {
        for s in [
            "\u{0}",
            "a\u{301}b",
            "ÆØÅ",
            "İstanbul",
            "A",
            "aB",
            "Ab",
            "AB",
            "a1",
            "1a",
            "-",
            "🦀token🦀",
        ] {
            let _ = classify(s);
            let _ = classify_chain(&[s, s]);
        }
        assert_eq!(classify("🦀token🦀"), Some(Secret));
    }
}
