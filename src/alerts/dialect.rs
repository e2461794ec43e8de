//! Rule-file dialects: what Thanos Ruler, Mimir/Cortex, vmalert and the Loki ruler accept beyond the
//! Prometheus rule format. Prometheus and promtool refuse all of it, so under the default dialect each
//! is a YML002 finding whose help names the config setting that accepts it.

/// The rule evaluator a file is written for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Dialect {
    #[default]
    Prometheus,
    Thanos,
    /// Grafana Mimir and Cortex share the ruler format.
    Mimir,
    /// vmalert: MetricsQL expressions and its own group fields.
    VictoriaMetrics,
    /// The Loki ruler: LogQL expressions.
    Loki,
}

impl Dialect {
    /// The names `dialect = "..."` accepts, with the dialect each means.
    pub const NAMES: &'static [(&'static str, Dialect)] = &[
        ("prometheus", Dialect::Prometheus),
        ("thanos", Dialect::Thanos),
        ("mimir", Dialect::Mimir),
        ("cortex", Dialect::Mimir),
        ("victoriametrics", Dialect::VictoriaMetrics),
        ("loki", Dialect::Loki),
    ];

    pub fn from_name(name: &str) -> Option<Dialect> {
        Self::NAMES
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, d)| *d)
    }

    /// The config value that selects this dialect.
    pub fn config_name(self) -> &'static str {
        match self {
            Dialect::Prometheus => "prometheus",
            Dialect::Thanos => "thanos",
            Dialect::Mimir => "mimir",
            Dialect::VictoriaMetrics => "victoriametrics",
            Dialect::Loki => "loki",
        }
    }

    /// The ruler's name in messages.
    pub fn ruler(self) -> &'static str {
        match self {
            Dialect::Prometheus => "Prometheus",
            Dialect::Thanos => "Thanos Ruler",
            Dialect::Mimir => "the Mimir/Cortex ruler",
            Dialect::VictoriaMetrics => "vmalert",
            Dialect::Loki => "the Loki ruler",
        }
    }

    /// Whether expressions are PromQL (so a parse error is a real error and the analyses apply).
    pub fn speaks_promql(self) -> bool {
        !matches!(self, Dialect::VictoriaMetrics | Dialect::Loki)
    }
}

/// Who reads a field or function that Prometheus does not, as the message names them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Extension {
    /// Dialects that accept it.
    pub accepted_by: &'static [Dialect],
    /// "a Thanos Ruler field", "a MetricsQL function".
    pub what: &'static str,
}

impl Extension {
    pub fn accepted(&self, dialect: Dialect) -> bool {
        self.accepted_by.contains(&dialect)
    }

    /// The help for a file whose dialect does not accept it.
    pub fn help(&self) -> String {
        let settings: Vec<String> = self
            .accepted_by
            .iter()
            .map(|d| format!("`dialect = \"{}\"`", d.config_name()))
            .collect();
        format!(
            "Prometheus and promtool refuse it; if this file is loaded by another ruler, set {} in obslint.toml (or a `[[dialects]]` entry whose `path` matches this file)",
            settings.join(" or ")
        )
    }
}

const THANOS: Extension = Extension {
    accepted_by: &[Dialect::Thanos],
    what: "a Thanos Ruler field",
};
const MIMIR: Extension = Extension {
    accepted_by: &[Dialect::Mimir],
    what: "a Mimir/Cortex ruler field",
};
const VMALERT: Extension = Extension {
    accepted_by: &[Dialect::VictoriaMetrics],
    what: "a vmalert field",
};
const METRICSQL: Extension = Extension {
    accepted_by: &[Dialect::VictoriaMetrics],
    what: "a MetricsQL (VictoriaMetrics) function",
};
const LOGQL: Extension = Extension {
    accepted_by: &[Dialect::Loki],
    what: "LogQL (Loki)",
};

/// A rule group field another ruler reads (Thanos `partial_response_strategy`, Mimir `source_tenants`).
pub fn group_field(name: &str) -> Option<Extension> {
    match name {
        "partial_response_strategy" => Some(THANOS),
        "source_tenants" | "evaluation_delay" | "align_evaluation_time_on_interval" => Some(MIMIR),
        // vmalert's group options (docs.victoriametrics.com/vmalert/#groups).
        "type" | "concurrency" | "params" | "headers" | "notifier_headers" | "eval_offset"
        | "eval_delay" | "eval_alignment" | "tenant" => Some(VMALERT),
        _ => None,
    }
}

/// A rule field another ruler reads (vmalert's `debug`, `update_entries_limit`).
pub fn rule_field(name: &str) -> Option<Extension> {
    match name {
        "debug" | "update_entries_limit" => Some(VMALERT),
        _ => None,
    }
}

/// MetricsQL functions Prometheus lacks (docs.victoriametrics.com/metricsql/), the ones rule authors
/// reach for; names PromQL also has are not listed.
const METRICSQL_FUNCTIONS: &[&str] = &[
    "aggr_over_time",
    "any",
    "ascent_over_time",
    "bitmap_and",
    "bitmap_or",
    "bitmap_xor",
    "bottomk_avg",
    "bottomk_last",
    "bottomk_max",
    "bottomk_min",
    "buckets_limit",
    "count_eq_over_time",
    "count_gt_over_time",
    "count_le_over_time",
    "count_ne_over_time",
    "decreases_over_time",
    "default_rollup",
    "descent_over_time",
    "distinct",
    "distinct_over_time",
    "duration_over_time",
    "first_over_time",
    "geomean",
    "geomean_over_time",
    "histogram",
    "histogram_over_time",
    "histogram_share",
    "hoeffding_bound_lower",
    "hoeffding_bound_upper",
    "ideriv",
    "increase_prometheus",
    "increase_pure",
    "increases_over_time",
    "integrate",
    "interpolate",
    "keep_last_value",
    "keep_next_value",
    "label_copy",
    "label_del",
    "label_keep",
    "label_lowercase",
    "label_map",
    "label_match",
    "label_mismatch",
    "label_move",
    "label_set",
    "label_transform",
    "label_uppercase",
    "label_value",
    "lag",
    "lifetime",
    "limit_offset",
    "median",
    "median_over_time",
    "mode",
    "mode_over_time",
    "outliers_iqr",
    "outliers_mad",
    "outlier_iqr_over_time",
    "prometheus_buckets",
    "range_avg",
    "range_first",
    "range_last",
    "range_max",
    "range_median",
    "range_min",
    "range_quantile",
    "range_sum",
    "rate_over_sum",
    "remove_resets",
    "rollup",
    "rollup_candlestick",
    "rollup_delta",
    "rollup_deriv",
    "rollup_increase",
    "rollup_rate",
    "rollup_scrape_interval",
    "running_avg",
    "running_max",
    "running_min",
    "running_sum",
    "scrape_interval",
    "share",
    "share_gt_over_time",
    "share_le_over_time",
    "share_eq_over_time",
    "stale_samples_over_time",
    "sum2",
    "sum2_over_time",
    "sum_eq_over_time",
    "sum_gt_over_time",
    "sum_le_over_time",
    "tfirst_over_time",
    "tlast_change_over_time",
    "tlast_over_time",
    "tmax_over_time",
    "tmin_over_time",
    "topk_avg",
    "topk_last",
    "topk_max",
    "topk_median",
    "topk_min",
    "union",
    "zscore",
    "zscore_over_time",
];

/// LogQL range functions Prometheus lacks.
const LOGQL_FUNCTIONS: &[&str] = &["bytes_over_time", "bytes_rate", "rate_counter"];

/// LogQL parsers and formatters after a `|`: a log pipeline, which PromQL has no syntax for.
const LOGQL_STAGES: &[&str] = &[
    "json",
    "logfmt",
    "regexp",
    "pattern",
    "unpack",
    "line_format",
    "label_format",
    "unwrap",
    "decolorize",
    "drop",
    "keep",
];

/// The first construct of another query language in an expression that failed to parse as PromQL:
/// its text and offset, and who accepts it.
pub fn foreign_construct(expr: &str) -> Option<(String, usize, Extension)> {
    let bytes = expr.as_bytes();
    let mut i = 0;
    let mut quote: Option<u8> = None;
    while i < bytes.len() {
        let c = bytes[i];
        if let Some(q) = quote {
            if c == b'\\' && q != b'`' {
                i += 2;
                continue;
            }
            if c == q {
                quote = None;
            }
            i += 1;
            continue;
        }
        match c {
            b'"' | b'\'' | b'`' => quote = Some(c),
            b'#' => {
                // A comment runs to the end of the line.
                while i < bytes.len() && bytes[i] != b'\n' {
                    i += 1;
                }
                continue;
            }
            b'|' if matches!(bytes.get(i + 1), Some(b'=' | b'~')) => {
                return Some((expr[i..i + 2].to_string(), i, LOGQL));
            }
            b'|' => {
                let start = i + 1 + count_spaces(&bytes[i + 1..]);
                let word = identifier_at(expr, start);
                if LOGQL_STAGES.contains(&word) {
                    return Some((format!("| {word}"), i, LOGQL));
                }
            }
            c if c.is_ascii_alphabetic() || c == b'_' => {
                let word = identifier_at(expr, i);
                let after = i + word.len();
                let called = bytes
                    .get(after + count_spaces(&bytes[after..]))
                    .is_some_and(|b| *b == b'(');
                // A word right after `{`, `,` or an operator could be a label name; only calls count.
                if called {
                    if METRICSQL_FUNCTIONS.contains(&word) {
                        return Some((word.to_string(), i, METRICSQL));
                    }
                    if LOGQL_FUNCTIONS.contains(&word) {
                        return Some((word.to_string(), i, LOGQL));
                    }
                }
                i = after;
                continue;
            }
            _ => {}
        }
        i += 1;
    }
    None
}

fn count_spaces(bytes: &[u8]) -> usize {
    bytes.iter().take_while(|b| b.is_ascii_whitespace()).count()
}

fn identifier_at(text: &str, start: usize) -> &str {
    let rest = text.get(start..).unwrap_or("");
    let len = rest
        .bytes()
        .take_while(|b| b.is_ascii_alphanumeric() || *b == b'_' || *b == b':')
        .count();
    &rest[..len]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_metricsql_and_logql_constructs() {
        let (word, at, ext) = foreign_construct("rollup_rate(x[5m]) > 1").unwrap();
        assert_eq!((word.as_str(), at), ("rollup_rate", 0));
        assert!(ext.accepted(Dialect::VictoriaMetrics));
        let (word, _, ext) =
            foreign_construct("sum(rate({app=\"api\"} |= \"error\" [5m])) > 0").unwrap();
        assert_eq!(word, "|=");
        assert!(ext.accepted(Dialect::Loki) && !ext.accepted(Dialect::Prometheus));
        assert_eq!(
            foreign_construct("rate({app=\"a\"} | json [5m])").map(|f| f.0),
            Some("| json".to_string())
        );
        // A label called `median`, a string mentioning `|=`, and PromQL's own functions are not foreign.
        assert!(foreign_construct("x{median=\"|= a\"} > 1 or rate(x[5m])").is_none());
    }

    #[test]
    fn fields_name_their_ruler() {
        assert!(
            group_field("partial_response_strategy").is_some_and(|e| e.accepted(Dialect::Thanos))
        );
        assert!(group_field("source_tenants").is_some_and(|e| e.accepted(Dialect::Mimir)));
        assert!(group_field("interval").is_none());
        assert!(THANOS.help().contains("dialect = \"thanos\""));
        assert_eq!(Dialect::from_name("Cortex"), Some(Dialect::Mimir));
    }
}
