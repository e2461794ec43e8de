//! Burn-rate alerts taken apart (the Google SRE workbook's multiwindow, multi-burn-rate alerts): which
//! error ratio is compared over which windows against which threshold, hand-written or as Sloth and
//! Pyrra generate them. Tiers joined by `or` are read one by one; within a tier, the `and` of the same
//! ratio over two windows is a pair.

use super::analysis;
pub use super::analysis::{window_in_name, windows};
use promql_parser::parser::Expr;

/// What an error ratio is compared with: `14.4 * (1 - 0.999)`, `14.4 * 0.001`,
/// `14.4 * on() group_left() slo:error_budget:ratio{sloth_id="x"}`, or a bare number.
#[derive(Debug, Clone, PartialEq)]
pub struct Threshold {
    /// The burn-rate factor, when the threshold is written as factor × budget.
    pub factor: Option<f64>,
    pub budget: Option<Budget>,
    /// The threshold's value, when it is made of numbers only.
    pub value: Option<f64>,
}

/// The error budget (1 − objective) a threshold multiplies.
#[derive(Debug, Clone, PartialEq)]
pub enum Budget {
    /// `0.001`.
    Number(f64),
    /// `(1 - 0.999)`: the objective is written out.
    Objective(f64),
    /// A recorded series (Sloth's `slo:error_budget:ratio{sloth_id="..."}`), with its `=` matchers.
    Series {
        name: String,
        matchers: Vec<(String, String)>,
    },
}

impl Budget {
    /// The budget's value, when written as numbers.
    pub fn value(&self) -> Option<f64> {
        match self {
            Budget::Number(b) => Some(*b),
            Budget::Objective(o) => Some(1.0 - o),
            Budget::Series { .. } => None,
        }
    }
}

impl Threshold {
    /// Written as factor × budget: what tells a burn-rate alert from any ratio compared with a number.
    pub fn is_burn_rate(&self) -> bool {
        self.factor.is_some() && self.budget.is_some()
    }
}

/// One window of a burn-rate condition: `ratio[window] > threshold`.
#[derive(Debug, Clone)]
pub struct Side {
    pub window_ms: u64,
    /// The compared expression printed with its windows blanked: equal for both windows of one ratio.
    pub ratio: String,
    pub threshold: Threshold,
    /// The subject is a ratio: it divides, or reads a series named for a ratio or burn rate.
    pub is_ratio: bool,
}

impl Side {
    /// A ratio, or compared with factor × budget: what an error-budget condition looks like. Counts
    /// over two windows (`increase(x[1h]) > 2 and increase(x[5m]) > 0`) are not.
    fn is_error_ratio(&self) -> bool {
        self.is_ratio || self.threshold.is_burn_rate()
    }
}

/// The same ratio over two windows, joined by `and`. `long` has the larger window (either when equal).
#[derive(Debug, Clone)]
pub struct Pair {
    pub long: Side,
    pub short: Side,
}

/// Every burn-rate pair of the expression, tier by tier, in source order.
pub fn pairs(expr: &Expr) -> Vec<Pair> {
    let mut out = Vec::new();
    for tier in tiers(expr) {
        let mut sides: Vec<Side> = Vec::new();
        and_leaves(tier, &mut |leaf| sides.extend(side(leaf)));
        let mut used = vec![false; sides.len()];
        for i in 0..sides.len() {
            for j in i + 1..sides.len() {
                if used[i] || used[j] || sides[i].ratio != sides[j].ratio {
                    continue;
                }
                let (a, b) = (&sides[i], &sides[j]);
                if !(a.is_error_ratio() && b.is_error_ratio()) {
                    continue;
                }
                // The same window twice is a pair only when both thresholds are burn rates.
                let same = a.window_ms == b.window_ms;
                if same && !(a.threshold.is_burn_rate() && b.threshold.is_burn_rate()) {
                    continue;
                }
                used[i] = true;
                used[j] = true;
                let (long, short) = if a.window_ms >= b.window_ms {
                    (a.clone(), b.clone())
                } else {
                    (b.clone(), a.clone())
                };
                out.push(Pair { long, short });
            }
        }
    }
    out
}

/// The burn-rate comparisons (threshold written as factor × budget) of an expression that reads only one
/// window in all: a burn rate without a short window.
pub fn single_window(expr: &Expr) -> Option<Side> {
    if windows(expr).len() != 1 || !pairs(expr).is_empty() {
        return None;
    }
    let mut found = None;
    for tier in tiers(expr) {
        and_leaves(tier, &mut |leaf| {
            if found.is_none() {
                found = side(leaf).filter(|s| s.threshold.is_burn_rate() && s.is_ratio);
            }
        });
    }
    found
}

/// The operands of top-level `or`s (through parentheses): each a tier of its own.
fn tiers(expr: &Expr) -> Vec<&Expr> {
    match expr {
        Expr::Paren(p) => tiers(&p.expr),
        Expr::Binary(b) if b.op.to_string() == "or" => {
            let mut out = tiers(&b.lhs);
            out.extend(tiers(&b.rhs));
            out
        }
        e => vec![e],
    }
}

/// The operands of an `and` chain (through parentheses).
fn and_leaves<'a>(expr: &'a Expr, visit: &mut impl FnMut(&'a Expr)) {
    match expr {
        Expr::Paren(p) => and_leaves(&p.expr, visit),
        Expr::Binary(b) if b.op.to_string() == "and" => {
            and_leaves(&b.lhs, visit);
            and_leaves(&b.rhs, visit);
        }
        e => visit(e),
    }
}

/// A comparison `subject > threshold` (or `>=`, either way round), found through parentheses and
/// aggregations (Sloth writes `max(ratio > threshold) without (sloth_window)`), whose subject reads one
/// window.
fn side(expr: &Expr) -> Option<Side> {
    let (subject, threshold) = comparison(expr)?;
    let found = windows(subject);
    let [window_ms] = found[..] else {
        return None;
    };
    Some(Side {
        window_ms,
        ratio: blank_windows(subject),
        threshold: self::threshold(threshold)?,
        is_ratio: is_ratio(subject),
    })
}

/// Divides, or reads a series whose name says ratio or burn rate.
fn is_ratio(expr: &Expr) -> bool {
    let mut found = false;
    analysis::walk(expr, &mut |e| match e {
        Expr::Binary(b) if b.op.to_string() == "/" => found = true,
        Expr::VectorSelector(vs) => {
            let name = vs.name.as_deref().unwrap_or("").to_ascii_lowercase();
            found |= ["ratio", "burnrate", "burn_rate", "error_rate", "errorrate"]
                .iter()
                .any(|w| name.contains(w));
        }
        _ => {}
    });
    found
}

fn comparison(expr: &Expr) -> Option<(&Expr, &Expr)> {
    match expr {
        Expr::Paren(p) => comparison(&p.expr),
        Expr::Aggregate(a) if a.param.is_none() => comparison(&a.expr),
        Expr::Binary(b) => {
            if b.modifier.as_ref().is_some_and(|m| m.return_bool) {
                return None;
            }
            let op = b.op.to_string();
            let reads = |e: &Expr| !is_threshold_like(e);
            match op.as_str() {
                ">" | ">=" if reads(&b.lhs) && is_threshold_like(&b.rhs) => Some((&b.lhs, &b.rhs)),
                "<" | "<=" if reads(&b.rhs) && is_threshold_like(&b.lhs) => Some((&b.rhs, &b.lhs)),
                _ => None,
            }
        }
        _ => None,
    }
}

/// Numbers, or numbers with an error-budget or objective series: never the ratio itself.
fn is_threshold_like(expr: &Expr) -> bool {
    analysis::selectors(expr)
        .iter()
        .all(|vs| vs.name.as_deref().is_some_and(is_budget_series))
}

fn is_budget_series(name: &str) -> bool {
    name.contains("error_budget") || name.contains("objective")
}

fn threshold(expr: &Expr) -> Option<Threshold> {
    if let Some(value) = constant(expr) {
        if let Some((factor, budget)) = product(expr) {
            return Some(Threshold {
                factor: Some(factor),
                budget: Some(budget),
                value: Some(value),
            });
        }
        return Some(Threshold {
            factor: None,
            budget: None,
            value: Some(value),
        });
    }
    let (factor, budget) = product(expr)?;
    Some(Threshold {
        factor: Some(factor),
        budget: Some(budget),
        value: None,
    })
}

/// Burn-rate factors people use lie well inside this; `1e9 * 0.9` is a bandwidth, not a burn rate.
const MAX_FACTOR: f64 = 1000.0;
/// An error budget above half is an objective below 50 %: no SLO.
const MAX_BUDGET: f64 = 0.5;

/// `factor * budget`, either way round.
fn product(expr: &Expr) -> Option<(f64, Budget)> {
    let (factor, budget) = factor_and_budget(expr)?;
    let plausible = factor > 0.0
        && factor <= MAX_FACTOR
        && budget.value().is_none_or(|b| b > 0.0 && b <= MAX_BUDGET);
    plausible.then_some((factor, budget))
}

fn factor_and_budget(expr: &Expr) -> Option<(f64, Budget)> {
    let Expr::Binary(b) = analysis::strip_parens(expr) else {
        return None;
    };
    if b.op.to_string() != "*" {
        return None;
    }
    let (l, r) = (
        analysis::strip_parens(&b.lhs),
        analysis::strip_parens(&b.rhs),
    );
    if let (Some(x), Some(y)) = (constant(l), constant(r)) {
        // Both numbers: the budget is the objective written out, else the smaller one.
        return match (objective(l), objective(r)) {
            (Some(o), None) => Some((y, Budget::Objective(o))),
            (None, Some(o)) => Some((x, Budget::Objective(o))),
            _ if x >= y && y > 0.0 && y < 1.0 => Some((x, Budget::Number(y))),
            _ if y > x && x > 0.0 && x < 1.0 => Some((y, Budget::Number(x))),
            _ => None,
        };
    }
    let (factor, series) = match (constant(l), constant(r)) {
        (Some(f), None) => (f, r),
        (None, Some(f)) => (f, l),
        _ => return None,
    };
    let vs = match analysis::strip_parens(series) {
        Expr::VectorSelector(vs) => vs,
        _ => return None,
    };
    let name = vs.name.clone().filter(|n| n.contains("error_budget"))?;
    let matchers = vs
        .matchers
        .matchers
        .iter()
        .filter(|m| matches!(m.op, promql_parser::label::MatchOp::Equal))
        .map(|m| (m.name.clone(), m.value.clone()))
        .collect();
    Some((factor, Budget::Series { name, matchers }))
}

/// `1 - 0.999`: the objective.
fn objective(expr: &Expr) -> Option<f64> {
    let Expr::Binary(b) = analysis::strip_parens(expr) else {
        return None;
    };
    if b.op.to_string() != "-" || constant(&b.lhs) != Some(1.0) {
        return None;
    }
    constant(&b.rhs).filter(|o| *o > 0.0 && *o < 1.0)
}

/// The value of an expression made of numbers only: `14.4 * (1 - 0.999)`, `vector(0.001)`, `scalar(30)`.
pub fn constant(expr: &Expr) -> Option<f64> {
    match analysis::strip_parens(expr) {
        Expr::NumberLiteral(n) => Some(n.val),
        Expr::Unary(u) => constant(&u.expr).map(|v| -v),
        Expr::Call(c) if matches!(c.func.name, "vector" | "scalar") && c.args.args.len() == 1 => {
            constant(&c.args.args[0])
        }
        Expr::Binary(b) => {
            let (l, r) = (constant(&b.lhs)?, constant(&b.rhs)?);
            let v = match b.op.to_string().as_str() {
                "+" => l + r,
                "-" => l - r,
                "*" => l * r,
                "/" => l / r,
                _ => return None,
            };
            v.is_finite().then_some(v)
        }
        _ => None,
    }
}

/// The name split before its window: `slo:sli_error:ratio_rate5m` → (`slo:sli_error:ratio_rate`, `5m`).
fn window_suffix(name: &str) -> Option<(&str, &str)> {
    let tail_at = name.rfind([':', '_']).map_or(0, |i| i + 1);
    let tail = &name[tail_at..];
    let digits_at = tail.find(|c: char| c.is_ascii_digit())?;
    let at = tail_at + digits_at;
    crate::duration::parse_ms(&name[at..])?;
    Some((&name[..at], &name[at..]))
}

/// The expression printed with `[5m]` and window-named series blanked.
fn blank_windows(expr: &Expr) -> String {
    let mut text = expr.to_string();
    let mut names: Vec<&str> = analysis::selectors(expr)
        .iter()
        .filter_map(|vs| vs.name.as_deref())
        .filter(|n| window_suffix(n).is_some())
        .collect();
    names.sort_unstable_by_key(|n| std::cmp::Reverse(n.len()));
    names.dedup();
    for name in names {
        if let Some((base, _)) = window_suffix(name) {
            text = text.replace(name, &format!("{base}<W>"));
        }
    }
    range_literal().replace_all(&text, "[<W>]").into_owned()
}

fn range_literal() -> &'static regex::Regex {
    static RE: std::sync::OnceLock<regex::Regex> = std::sync::OnceLock::new();
    RE.get_or_init(|| regex::Regex::new(r"\[[0-9]+[a-z][0-9a-z]*\]").expect("a valid regex"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(s: &str) -> Expr {
        promql_parser::parser::parse(s).unwrap()
    }

    #[test]
    fn hand_written_pair() {
        let e = p("(sum(rate(e_total[1h])) / sum(rate(r_total[1h]))) > (14.4 * (1 - 0.999)) and (sum(rate(e_total[5m])) / sum(rate(r_total[5m]))) > 14.4 * 0.001");
        let found = pairs(&e);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].long.window_ms, 3_600_000);
        assert_eq!(found[0].short.window_ms, 300_000);
        assert_eq!(found[0].long.threshold.factor, Some(14.4));
        assert_eq!(
            found[0].long.threshold.budget,
            Some(Budget::Objective(0.999))
        );
        assert_eq!(found[0].short.threshold.budget, Some(Budget::Number(0.001)));
    }

    #[test]
    fn sloth_tiers() {
        let e = p(
            r#"(max(slo:sli_error:ratio_rate5m{sloth_id="a"} > (14.4 * 0.0009999999999999432)) without (sloth_window) and max(slo:sli_error:ratio_rate1h{sloth_id="a"} > (14.4 * 0.0009999999999999432)) without (sloth_window)) or (max(slo:sli_error:ratio_rate30m{sloth_id="a"} > (6 * 0.001)) without (sloth_window) and max(slo:sli_error:ratio_rate6h{sloth_id="a"} > (6 * 0.001)) without (sloth_window))"#,
        );
        let found = pairs(&e);
        assert_eq!(found.len(), 2);
        assert_eq!(found[1].long.window_ms, 6 * 3_600_000);
        assert_eq!(found[1].short.threshold.factor, Some(6.0));
    }

    #[test]
    fn sloth_budget_series_and_pyrra() {
        let e = p(
            r#"slo:sli_error:ratio_rate5m{sloth_id="a"} > (14.4 * on() group_left() slo:error_budget:ratio{sloth_id="a"}) and slo:sli_error:ratio_rate1h{sloth_id="a"} > (14.4 * on() group_left() slo:error_budget:ratio{sloth_id="a"})"#,
        );
        let found = pairs(&e);
        assert_eq!(found.len(), 1);
        assert!(matches!(
            found[0].long.threshold.budget,
            Some(Budget::Series { .. })
        ));
        let e = p(
            r#"http_requests:burnrate5m{slo="x"} > (14 * (1-0.99)) and http_requests:burnrate1h{slo="x"} > (14 * (1-0.99))"#,
        );
        assert_eq!(pairs(&e).len(), 1);
    }

    #[test]
    fn not_pairs() {
        assert!(pairs(&p("rate(a_total[5m]) > 1 and rate(b_total[1h]) > 1")).is_empty());
        assert!(pairs(&p("rate(a_total[5m]) > 1 and rate(a_total[5m]) < 10")).is_empty());
        assert_eq!(
            pairs(&p(
                "rate(a_total[5m]) > 14.4 * 0.001 and rate(a_total[5m]) > 14.4 * 0.001"
            ))
            .len(),
            1
        );
    }

    #[test]
    fn single() {
        assert!(single_window(&p("slo:sli_error:ratio_rate1h > 14.4 * 0.001")).is_some());
        assert!(single_window(&p("slo:sli_error:ratio_rate1h > 0.0144")).is_none());
        assert!(single_window(&p("x:rate1h > 14.4 * 0.001 and x:rate5m > 14.4 * 0.001")).is_none());
    }

    #[test]
    fn names() {
        assert_eq!(window_in_name("slo:sli_error:ratio_rate5m"), Some(300_000));
        assert_eq!(
            window_in_name("apiserver_request:burnrate1h"),
            Some(3_600_000)
        );
        assert_eq!(window_in_name("job:x:sum:1404"), None);
        assert_eq!(
            constant(&p("vector(1-0.999)")).map(|v| (v * 1e6).round()),
            Some(1000.0)
        );
    }
}
