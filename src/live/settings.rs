//! What live mode is told: the server, how to authenticate, how far back to look and how hard it may
//! be asked. Resolved by the commands from `--prometheus*` flags and `[prometheus]` in the config.

use std::time::Duration;

/// Defaults: a week of history, 30 s per query, 4 queries at a time, at most 2,000 per run.
pub const DEFAULT_LOOKBACK_MS: u64 = 7 * 24 * 3_600_000;
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);
pub const DEFAULT_CONCURRENCY: usize = 4;
pub const DEFAULT_MAX_QUERIES: usize = 2_000;
/// LIV003: more firings per week than this is noisy.
pub const DEFAULT_NOISY_PER_WEEK: f64 = 7.0;
/// LIV004: a firing shorter than this, or a re-firing within this after resolving, is a flap.
pub const DEFAULT_FLAP_MS: u64 = 5 * 60_000;
/// LIV005: firing for more than this share of the lookback is always firing.
pub const ALWAYS_FIRING_SHARE: f64 = 0.9;

#[derive(Debug, Clone)]
pub struct LiveSettings {
    /// The API root, without a trailing slash (`http://prometheus:9090`).
    pub url: String,
    /// Sent with every request, with `$VAR` already replaced from the environment.
    pub headers: Vec<(String, String)>,
    pub lookback_ms: u64,
    pub timeout: Duration,
    pub concurrency: usize,
    pub max_queries: usize,
    pub thresholds: Thresholds,
}

/// The limits the LIV rules judge a backtest by (`[prometheus]` options).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Thresholds {
    pub noisy_per_week: f64,
    pub flap_ms: u64,
}

impl Default for Thresholds {
    fn default() -> Self {
        Thresholds {
            noisy_per_week: DEFAULT_NOISY_PER_WEEK,
            flap_ms: DEFAULT_FLAP_MS,
        }
    }
}

impl LiveSettings {
    pub fn new(url: &str) -> Self {
        LiveSettings {
            url: url.trim().trim_end_matches('/').to_string(),
            headers: Vec::new(),
            lookback_ms: DEFAULT_LOOKBACK_MS,
            timeout: DEFAULT_TIMEOUT,
            concurrency: DEFAULT_CONCURRENCY,
            max_queries: DEFAULT_MAX_QUERIES,
            thresholds: Thresholds::default(),
        }
    }
}

/// `Name: value` with `$VAR` / `${VAR}` replaced from the environment; Err says what is wrong.
pub fn parse_header(spec: &str) -> Result<(String, String), String> {
    let (name, value) = spec
        .split_once(':')
        .filter(|(n, _)| !n.trim().is_empty())
        .ok_or_else(|| format!("invalid header `{spec}`: write it as `Name: value`"))?;
    let name = name.trim();
    if !name
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
    {
        return Err(format!("invalid header name `{name}`"));
    }
    Ok((name.to_string(), expand_env(value.trim())?))
}

/// Replaces `$VAR` and `${VAR}` with the variable's value; a variable that is not set is an error, so a
/// token never goes out as the literal text `$TOKEN`. `$$` is a literal `$`.
fn expand_env(value: &str) -> Result<String, String> {
    let mut out = String::new();
    let mut rest = value;
    while let Some(at) = rest.find('$') {
        out.push_str(&rest[..at]);
        rest = &rest[at + 1..];
        if let Some(r) = rest.strip_prefix('$') {
            out.push('$');
            rest = r;
            continue;
        }
        let (name, after) = if let Some(r) = rest.strip_prefix('{') {
            let end = r
                .find('}')
                .ok_or_else(|| format!("unclosed `${{` in header value `{value}`"))?;
            (&r[..end], &r[end + 1..])
        } else {
            let end = rest
                .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
                .unwrap_or(rest.len());
            (&rest[..end], &rest[end..])
        };
        if name.is_empty() {
            out.push('$');
            continue;
        }
        let v = std::env::var(name).map_err(|_| {
            format!("the header names ${name}, which is not set in the environment")
        })?;
        out.push_str(&v);
        rest = after;
    }
    out.push_str(rest);
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_read_the_environment() {
        std::env::set_var("OBSLINT_TEST_TOKEN_X", "s3cret");
        assert_eq!(
            parse_header("Authorization: Bearer $OBSLINT_TEST_TOKEN_X").unwrap(),
            ("Authorization".into(), "Bearer s3cret".into())
        );
        assert_eq!(
            parse_header("X-A: ${OBSLINT_TEST_TOKEN_X}-$$").unwrap().1,
            "s3cret-$"
        );
        assert!(parse_header("X-A: $OBSLINT_UNSET_VAR_Y")
            .unwrap_err()
            .contains("OBSLINT_UNSET_VAR_Y"));
        assert!(parse_header("no colon").is_err());
    }
}
