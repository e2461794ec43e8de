//! LIV001's facts: whether a selector matches any series now, and when it does not, why, looked up
//! over the lookback: the metric never existed, the label never existed on it, the value never
//! occurred, or the series were there and disappeared (last seen at T).

use super::api::{self, Labels};
use super::client::{Client, LiveError};
use promql_parser::label::MatchOp;
use promql_parser::parser::VectorSelector;
use std::collections::BTreeSet;

/// Why a selector matches nothing now.
#[derive(Debug, Clone, PartialEq)]
pub enum Missing {
    /// No series of the metric in the whole lookback.
    NeverExisted,
    /// Series matched within the lookback; the last sample was at this time (unix ms).
    Disappeared { last_seen_ms: Option<i64> },
    /// The metric exists, but none of its series has the label.
    LabelNeverExisted { label: String },
    /// The label exists, but never had this value; `seen` are some values it had.
    ValueNeverOccurred {
        label: String,
        value: String,
        seen: Vec<String>,
    },
    /// A `!=`, `=~` or `!~` matcher that no series of the metric satisfied.
    MatcherNeverMatched { matcher: String, seen: Vec<String> },
    /// Each matcher matched some series, but no series matched all of them together.
    NeverTogether,
}

/// The selector as PromQL, without `offset` and `@`: what is looked up now.
pub fn selector_text(vs: &VectorSelector) -> String {
    let matchers: Vec<String> = vs
        .matchers
        .matchers
        .iter()
        .filter(|m| m.name != "__name__" || vs.name.is_none())
        .map(ToString::to_string)
        .collect();
    let name = vs.name.clone().unwrap_or_default();
    if matchers.is_empty() {
        name
    } else {
        format!("{name}{{{}}}", matchers.join(", "))
    }
}

/// At most this many values are named in a message.
const SEEN_SHOWN: usize = 5;

/// None when the selector matches series now; else why not.
pub fn lookup(
    client: &Client,
    vs: &VectorSelector,
    now_ms: i64,
    lookback_ms: u64,
) -> Result<Option<Missing>, LiveError> {
    let text = selector_text(vs);
    if !api::instant(client, &format!("group({text})"), now_ms)?.is_empty() {
        return Ok(None);
    }
    let Some(metric) = vs.name.as_deref() else {
        return Ok(Some(Missing::NeverTogether));
    };
    let start = now_ms - lookback_ms as i64;
    let known: Vec<Labels> =
        api::series(client, &format!("{{__name__=\"{metric}\"}}"), start, now_ms)?;
    if known.is_empty() {
        return Ok(Some(Missing::NeverExisted));
    }
    for m in vs.matchers.matchers.iter().filter(|m| m.name != "__name__") {
        let values: Vec<&str> = known
            .iter()
            .map(|l| l.get(&m.name).map_or("", String::as_str))
            .collect();
        if values.iter().any(|v| m.is_match(v)) {
            continue;
        }
        let seen: Vec<String> = values
            .iter()
            .filter(|v| !v.is_empty())
            .map(|v| v.to_string())
            .collect::<BTreeSet<_>>()
            .into_iter()
            .take(SEEN_SHOWN)
            .collect();
        if seen.is_empty() {
            return Ok(Some(Missing::LabelNeverExisted {
                label: m.name.clone(),
            }));
        }
        return Ok(Some(match m.op {
            MatchOp::Equal => Missing::ValueNeverOccurred {
                label: m.name.clone(),
                value: m.value.clone(),
                seen,
            },
            _ => Missing::MatcherNeverMatched {
                matcher: m.to_string(),
                seen,
            },
        }));
    }
    let together = known.iter().any(|l| {
        vs.matchers
            .matchers
            .iter()
            .filter(|m| m.name != "__name__")
            .all(|m| m.is_match(l.get(&m.name).map_or("", String::as_str)))
    });
    if !together {
        return Ok(Some(Missing::NeverTogether));
    }
    // The newest sample time of any matching series, by a 1m subquery over the lookback.
    let window = crate::duration::format_ms(lookback_ms);
    let last = api::instant(
        client,
        &format!("max(max_over_time(timestamp({text})[{window}:1m]))"),
        now_ms,
    )?;
    let last_seen_ms = last
        .first()
        .map(|s| s.value)
        .filter(|v| v.is_finite())
        .map(|v| (v * 1000.0) as i64);
    Ok(Some(Missing::Disappeared { last_seen_ms }))
}
