//! Prometheus API answers: any status, content type and body through the reader live mode uses
//! (`live::client::decode_answer`), and the series of a range answer through the backtest's alert
//! state machine (`live::backtest::simulate`) over a fixed window.
#![no_main]

use libfuzzer_sys::fuzz_target;
use obslint::live::api::Series;
use obslint::live::backtest::{simulate, AlertSpec};
use obslint_fuzz::{guard, parts, quiet_caught_panics};

const CONTENT_TYPES: &[&str] = &[
    "application/json",
    "text/html; charset=utf-8",
    "text/plain",
    "",
];

/// A range answer's `result`, read the way `api::range` reads it: `[{metric, values: [[t, "v"]]}]`.
fn series_of(data: &serde_json::Value) -> Vec<Series> {
    let Some(items) = data.get("result").and_then(|r| r.as_array()) else {
        return Vec::new();
    };
    items
        .iter()
        .map(|item| {
            let mut points: Vec<(i64, f64)> = item
                .get("values")
                .and_then(|v| v.as_array())
                .into_iter()
                .flatten()
                .filter_map(|p| {
                    let t = p.get(0)?.as_f64()?;
                    let v = p.get(1)?.as_str()?.parse().unwrap_or(f64::NAN);
                    Some(((t * 1000.0).round() as i64, v))
                })
                .collect();
            points.sort_by_key(|p| p.0);
            points.dedup_by_key(|p| p.0);
            Series {
                labels: Default::default(),
                points,
            }
        })
        .collect()
}

fuzz_target!(init: quiet_caught_panics(), |data: &[u8]| {
    let (head, rest) = data.split_at(data.len().min(2));
    let status = match head {
        [a, b] => 100 + (u16::from(*a) << 8 | u16::from(*b)) % 500,
        _ => 200,
    };
    let p = parts(rest, 2);
    let content_type = CONTENT_TYPES[p[0].len() % CONTENT_TYPES.len()];
    let body = &p[1];
    guard(|| {
        let first = obslint::live::client::decode_answer::<serde_json::Value>(status, content_type, body);
        let again = obslint::live::client::decode_answer::<serde_json::Value>(status, content_type, body);
        assert_eq!(format!("{first:?}"), format!("{again:?}"), "the same answer read twice differs");
        let _ = obslint::live::client::decode_answer::<Vec<std::collections::BTreeMap<String, String>>>(
            status,
            content_type,
            body,
        );
        if let Ok(value) = first {
            let series = series_of(&value);
            // One day at one-minute evaluations, with `for` and `keep_firing_for` from the input.
            let alert = AlertSpec {
                expr: "x",
                for_ms: (data.len() as u64 % 7) * 60_000,
                keep_firing_for_ms: (data.len() as u64 % 3) * 60_000,
                interval_ms: 60_000,
            };
            let start = 1_700_000_000_000;
            let b = simulate(&series, &alert, start, start + 86_400_000);
            let share = b.firing_share();
            assert!(share.is_nan() || (0.0..=1.0 + 1e-9).contains(&share), "firing share {share}");
            let _ = (b.per_week(), b.short(300_000), b.refired(300_000));
        }
    });
});
