//! The HTTP side of live mode: GET requests to the Prometheus HTTP API at the one URL the user gave,
//! with a timeout per query, a budget of queries per run, one retry on a transient failure, and one
//! clear error for each way a server can fail to be Prometheus (down, HTML, 401, slow, refusing).

use super::settings::LiveSettings;
use serde::de::DeserializeOwned;
use serde::Deserialize;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

/// An answer larger than this is not read (a runaway selector); the query is reported instead.
const MAX_BODY_BYTES: u64 = 64 * 1024 * 1024;

/// Why live mode could not get its facts: one message for the whole run (exit 2).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct LiveError {
    pub message: String,
    pub help: Option<String>,
}

impl LiveError {
    fn new(message: impl Into<String>, help: impl Into<String>) -> Self {
        LiveError {
            message: message.into(),
            help: Some(help.into()),
        }
    }
}

/// What the API wraps every answer in.
#[derive(Deserialize)]
struct Envelope<T> {
    status: String,
    data: Option<T>,
    #[serde(rename = "errorType")]
    error_type: Option<String>,
    error: Option<String>,
}

pub struct Client {
    agent: ureq::Agent,
    base: String,
    headers: Vec<(String, String)>,
    timeout: Duration,
    max_queries: usize,
    sent: AtomicUsize,
}

/// How one attempt failed: transient failures are tried once more.
enum Attempt {
    Transient(LiveError),
    Final(LiveError),
}

impl Client {
    pub fn new(settings: &LiveSettings) -> Self {
        let config = ureq::Agent::config_builder()
            .timeout_global(Some(settings.timeout))
            .http_status_as_error(false)
            // Never anywhere but the given URL: no redirects followed, no proxy from the environment.
            .max_redirects(0)
            .max_redirects_will_error(false)
            .proxy(None)
            .user_agent(concat!("obslint/", env!("CARGO_PKG_VERSION")))
            .build();
        Client {
            agent: config.into(),
            base: settings.url.clone(),
            headers: settings.headers.clone(),
            timeout: settings.timeout,
            max_queries: settings.max_queries,
            sent: AtomicUsize::new(0),
        }
    }

    pub fn url(&self) -> &str {
        &self.base
    }

    /// Queries sent so far.
    pub fn queries_sent(&self) -> usize {
        self.sent.load(Ordering::Relaxed)
    }

    /// `GET {url}{path}?params`, the API envelope unwrapped into `T`.
    pub fn get<T: DeserializeOwned>(
        &self,
        path: &str,
        params: &[(&str, String)],
    ) -> Result<T, LiveError> {
        let n = self.sent.fetch_add(1, Ordering::Relaxed);
        if n >= self.max_queries {
            return Err(LiveError::new(
                format!(
                    "live mode stopped after {} queries to {}: the per-run query budget is spent",
                    self.max_queries, self.base
                ),
                "raise `max-queries` under [prometheus] in the config, shorten --lookback, or check fewer rule files at once",
            ));
        }
        match self.attempt(path, params) {
            Ok(v) => Ok(v),
            Err(Attempt::Final(e)) => Err(e),
            Err(Attempt::Transient(_)) => match self.attempt(path, params) {
                Ok(v) => Ok(v),
                Err(Attempt::Final(e) | Attempt::Transient(e)) => Err(e),
            },
        }
    }

    fn attempt<T: DeserializeOwned>(
        &self,
        path: &str,
        params: &[(&str, String)],
    ) -> Result<T, Attempt> {
        let url = format!("{}{path}", self.base);
        let mut request = self.agent.get(&url);
        for (k, v) in params {
            request = request.query(*k, v);
        }
        for (k, v) in &self.headers {
            request = request.header(k.as_str(), v.as_str());
        }
        let what = describe(path, params);
        let mut response = request.call().map_err(|e| self.transport_error(e, &what))?;
        let status = response.status().as_u16();
        let content_type = response
            .headers()
            .get("content-type")
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
            .to_ascii_lowercase();
        let body = response
            .body_mut()
            .with_config()
            .limit(MAX_BODY_BYTES)
            .lossy_utf8(true)
            .read_to_string()
            .map_err(|e| self.transport_error(e, &what))?;
        let location = response
            .headers()
            .get("location")
            .and_then(|v| v.to_str().ok())
            .map(str::to_string);
        answer(
            &self.base,
            &what,
            status,
            &content_type,
            location.as_deref(),
            &body,
        )
    }

    fn transport_error(&self, e: ureq::Error, what: &str) -> Attempt {
        let base = &self.base;
        match e {
            ureq::Error::Timeout(_) => Attempt::Final(LiveError::new(
                format!(
                    "{base} did not answer {what} within {} s",
                    self.timeout.as_secs_f64()
                ),
                "the server is slow or overloaded: raise `timeout` under [prometheus], or shorten --lookback",
            )),
            ureq::Error::Io(io) if io.kind() == std::io::ErrorKind::ConnectionRefused => {
                Attempt::Final(LiveError::new(
                    format!("cannot reach Prometheus at {base}: connection refused"),
                    "is the server up, and is this its address and port?",
                ))
            }
            ureq::Error::Io(io) => Attempt::Transient(LiveError::new(
                format!("cannot reach Prometheus at {base}: {io}"),
                "is the server up, and is this its address and port?",
            )),
            ureq::Error::HostNotFound => Attempt::Final(LiveError::new(
                format!("cannot reach Prometheus at {base}: the host name does not resolve"),
                "check the host name in --prometheus",
            )),
            ureq::Error::BadUri(reason) => Attempt::Final(LiveError::new(
                format!("invalid --prometheus URL `{base}`: {reason}"),
                "write it as http://host:9090 or https://host/prefix",
            )),
            other => Attempt::Transient(LiveError::new(
                format!("cannot talk to Prometheus at {base}: {other}"),
                "is this the address of a Prometheus-compatible HTTP API?",
            )),
        }
    }
}

/// `query `rate(x[5m])`` or `/api/v1/targets`: what a message says was asked.
/// What a server's answer means once its body is read: the API envelope unwrapped into `T`, or one
/// clear error. No I/O, so the fuzzer can hand it any answer (`decode_answer`).
fn answer<T: DeserializeOwned>(
    base: &str,
    what: &str,
    status: u16,
    content_type: &str,
    location: Option<&str>,
    body: &str,
) -> Result<T, Attempt> {
    if (300..400).contains(&status) {
        let location = location.unwrap_or("another address");
        return Err(Attempt::Final(LiveError::new(
            format!("{base} redirects to {location} (HTTP {status}); obslint follows no redirects"),
            "pass the address it redirects to as --prometheus, if you trust it with your headers",
        )));
    }
    if status == 401 || status == 403 {
        return Err(Attempt::Final(LiveError::new(
            format!("{base} refused the request: HTTP {status} {}", reason(status)),
            "pass credentials with --prometheus-header 'Authorization: Bearer $TOKEN' (the value may name environment variables)",
        )));
    }
    let looks_html = content_type.contains("html") || body.trim_start().starts_with('<');
    if looks_html {
        return Err(Attempt::Final(LiveError::new(
            format!("{base} answered {what} with an HTML page (HTTP {status}), not the Prometheus API"),
            "give the API root, e.g. http://prometheus:9090 (a login page or proxy in between also answers HTML)",
        )));
    }
    if matches!(status, 429 | 502 | 503 | 504) {
        return Err(Attempt::Transient(LiveError::new(
            format!(
                "{base} is not available: HTTP {status} {} for {what}",
                reason(status)
            ),
            "try again when the server is up; obslint retried once",
        )));
    }
    let envelope: Envelope<T> = match serde_json::from_str(body) {
        Ok(e) => e,
        Err(_) if status >= 400 => {
            return Err(Attempt::Final(LiveError::new(
                format!("{base} answered {what} with HTTP {status} {}: {}", reason(status), snippet(body)),
                "check that --prometheus is the API root of a Prometheus-compatible server",
            )))
        }
        Err(e) => {
            return Err(Attempt::Final(LiveError::new(
                format!("{base} answered {what} with something that is not a Prometheus API answer ({e}): {}", snippet(body)),
                "check that --prometheus is the API root of a Prometheus-compatible server",
            )))
        }
    };
    if envelope.status != "success" {
        let kind = envelope.error_type.unwrap_or_default();
        let error = envelope.error.unwrap_or_default();
        if kind == "timeout" || kind == "canceled" || status == 503 {
            return Err(Attempt::Transient(LiveError::new(
                format!("{base} gave up on {what}: {error}"),
                "shorten --lookback, or raise the server's query timeout",
            )));
        }
        return Err(Attempt::Final(LiveError::new(
            format!("{base} refused {what}: {kind}: {error}"),
            "the server does not accept this query; check that it speaks the same PromQL as the rules",
        )));
    }
    envelope.data.ok_or_else(|| {
        Attempt::Final(LiveError::new(
            format!("{base} answered {what} with no data"),
            "check that --prometheus is the API root of a Prometheus-compatible server",
        ))
    })
}

/// An answer of HTTP `status` with this content type and body, as live mode reads it.
pub fn decode_answer<T: DeserializeOwned>(
    status: u16,
    content_type: &str,
    body: &str,
) -> Result<T, LiveError> {
    answer(
        "the server",
        "the query",
        status,
        &content_type.to_ascii_lowercase(),
        None,
        body,
    )
    .map_err(|(Attempt::Final(e) | Attempt::Transient(e))| e)
}

fn describe(path: &str, params: &[(&str, String)]) -> String {
    match params
        .iter()
        .find(|(k, _)| *k == "query" || *k == "match[]")
    {
        Some((_, q)) => format!("the query `{q}`"),
        None => path.to_string(),
    }
}

fn reason(status: u16) -> &'static str {
    match status {
        400 => "Bad Request",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "Not Found",
        422 => "Unprocessable Entity",
        429 => "Too Many Requests",
        500 => "Internal Server Error",
        502 => "Bad Gateway",
        503 => "Service Unavailable",
        504 => "Gateway Timeout",
        _ => "",
    }
}

/// The start of an answer, on one line, for a message.
fn snippet(body: &str) -> String {
    let line: String = body.split_whitespace().collect::<Vec<_>>().join(" ");
    let mut out: String = line.chars().take(120).collect();
    if line.chars().count() > 120 {
        out.push('…');
    }
    out
}
