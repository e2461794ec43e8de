//! Which labels an expression's result series can carry: what `{{ $labels.x }}` can read.
//!
//! A selector's series can carry any label (we do not know the target's labels), so its set is "open";
//! aggregations with `by`, `absent()`, `on(...)` matching and friends close it to a known list.

use promql_parser::label::{MatchOp, Matcher};
use promql_parser::parser::{Expr, LabelModifier, VectorMatchCardinality};
use std::collections::{BTreeMap, BTreeSet};

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LabelSet {
    /// Any label except `removed`; `known` are certainly present (from `=` matchers and the like).
    Open {
        removed: BTreeSet<String>,
        known: BTreeSet<String>,
    },
    /// At most these labels.
    Closed(BTreeSet<String>),
}

impl LabelSet {
    fn closed<I: IntoIterator<Item = String>>(labels: I) -> Self {
        LabelSet::Closed(labels.into_iter().collect())
    }

    fn empty() -> Self {
        LabelSet::Closed(BTreeSet::new())
    }

    /// Whether a series of the result can carry `label` at all.
    pub fn may_have(&self, label: &str) -> bool {
        match self {
            LabelSet::Open { removed, .. } => !removed.contains(label),
            LabelSet::Closed(set) => set.contains(label),
        }
    }

    /// Whether the expression itself shows that its series carry `label` (a matcher, a `by`).
    pub fn surely_has(&self, label: &str) -> bool {
        match self {
            LabelSet::Open { known, .. } => known.contains(label),
            LabelSet::Closed(set) => set.contains(label),
        }
    }

    fn add(mut self, label: String) -> Self {
        match &mut self {
            LabelSet::Open { removed, known } => {
                removed.remove(&label);
                known.insert(label);
            }
            LabelSet::Closed(set) => {
                set.insert(label);
            }
        }
        self
    }

    fn remove_all(self, labels: &[String]) -> Self {
        match self {
            LabelSet::Open {
                mut removed,
                mut known,
            } => {
                for l in labels {
                    known.remove(l);
                    removed.insert(l.clone());
                }
                LabelSet::Open { removed, known }
            }
            LabelSet::Closed(mut set) => {
                for l in labels {
                    set.remove(l);
                }
                LabelSet::Closed(set)
            }
        }
    }

    fn keep_only(self, labels: &[String]) -> Self {
        LabelSet::closed(labels.iter().filter(|l| self.may_have(l)).cloned())
    }

    /// Either side's series (`or`).
    fn union(self, other: LabelSet) -> Self {
        match (self, other) {
            (LabelSet::Closed(a), LabelSet::Closed(b)) => {
                LabelSet::Closed(a.union(&b).cloned().collect())
            }
            (
                LabelSet::Open {
                    removed: ra,
                    known: ka,
                },
                LabelSet::Open {
                    removed: rb,
                    known: kb,
                },
            ) => LabelSet::Open {
                removed: ra.intersection(&rb).cloned().collect(),
                known: ka.intersection(&kb).cloned().collect(),
            },
            (LabelSet::Open { removed, .. }, LabelSet::Closed(set))
            | (LabelSet::Closed(set), LabelSet::Open { removed, .. }) => LabelSet::Open {
                removed: removed.difference(&set).cloned().collect(),
                known: BTreeSet::new(),
            },
        }
    }
}

fn names(labels: &promql_parser::label::Labels) -> Vec<String> {
    labels.labels.clone()
}

fn string_arg(expr: Option<&Expr>) -> Option<String> {
    match expr? {
        Expr::StringLiteral(s) => Some(s.val.clone()),
        Expr::Paren(p) => string_arg(Some(&p.expr)),
        _ => None,
    }
}

fn is_scalar(expr: &Expr) -> bool {
    match expr {
        Expr::NumberLiteral(_) | Expr::StringLiteral(_) => true,
        Expr::Paren(p) => is_scalar(&p.expr),
        Expr::Unary(u) => is_scalar(&u.expr),
        Expr::Binary(b) => is_scalar(&b.lhs) && is_scalar(&b.rhs),
        // scalar(), time(), pi() and the date functions called without an argument return scalars.
        Expr::Call(c) => {
            c.func.name == "scalar" || (c.args.args.is_empty() && c.func.name != "vector")
        }
        _ => false,
    }
}

fn selector_labels(vs: &promql_parser::parser::VectorSelector, only_equal: bool) -> LabelSet {
    let known = vs
        .matchers
        .matchers
        .iter()
        .filter(|m| m.name != "__name__")
        .filter(|m| match &m.op {
            MatchOp::Equal => !m.value.is_empty(),
            MatchOp::Re(_) => !only_equal && !m.value.is_empty(),
            _ => false,
        })
        .map(|m| m.name.clone())
        .collect();
    LabelSet::Open {
        removed: BTreeSet::new(),
        known,
    }
}

/// The labels the result series of `expr` can carry.
pub fn output_labels(expr: &Expr) -> LabelSet {
    labels_of(expr, None)
}

/// Static labels of recorded series by name: a selector of one carries them (`record: x` with
/// `labels: {service: api}` makes every `x` series carry `service`).
pub type Recorded = std::collections::HashMap<String, BTreeSet<String>>;

/// [`output_labels`], knowing the static labels of the project's recorded series.
pub fn output_labels_with(expr: &Expr, recorded: &Recorded) -> LabelSet {
    labels_of(expr, Some(recorded))
}

fn labels_of(expr: &Expr, rec: Option<&Recorded>) -> LabelSet {
    match expr {
        Expr::VectorSelector(vs) => with_recorded(selector_labels(vs, false), vs, rec),
        Expr::MatrixSelector(m) => with_recorded(selector_labels(&m.vs, false), &m.vs, rec),
        Expr::NumberLiteral(_) | Expr::StringLiteral(_) => LabelSet::empty(),
        Expr::Paren(p) => labels_of(&p.expr, rec),
        Expr::Unary(u) => labels_of(&u.expr, rec),
        Expr::Subquery(s) => labels_of(&s.expr, rec),
        Expr::Call(call) => call_labels(call, rec),
        Expr::Aggregate(agg) => {
            let op = agg.op.to_string();
            if matches!(op.as_str(), "topk" | "bottomk" | "limitk" | "limit_ratio") {
                // These select series; they keep every label of the input.
                return labels_of(&agg.expr, rec);
            }
            let base = match &agg.modifier {
                Some(LabelModifier::Include(by)) => LabelSet::closed(names(by)),
                Some(LabelModifier::Exclude(without)) => {
                    labels_of(&agg.expr, rec).remove_all(&names(without))
                }
                None => LabelSet::empty(),
            };
            match string_arg(agg.param.as_deref()) {
                Some(label) if op == "count_values" => base.add(label),
                _ => base,
            }
        }
        Expr::Binary(b) => {
            if is_scalar(&b.lhs) && is_scalar(&b.rhs) {
                return LabelSet::empty();
            }
            if is_scalar(&b.lhs) {
                return labels_of(&b.rhs, rec);
            }
            if is_scalar(&b.rhs) {
                return labels_of(&b.lhs, rec);
            }
            let (lhs, rhs) = (labels_of(&b.lhs, rec), labels_of(&b.rhs, rec));
            let op = b.op.to_string();
            if op == "or" {
                return lhs.union(rhs);
            }
            if op == "and" || op == "unless" {
                return lhs;
            }
            let Some(modifier) = &b.modifier else {
                return lhs;
            };
            match (&modifier.card, &modifier.matching) {
                (VectorMatchCardinality::OneToOne, Some(LabelModifier::Include(on))) => {
                    lhs.keep_only(&names(on))
                }
                (VectorMatchCardinality::OneToOne, Some(LabelModifier::Exclude(ignoring))) => {
                    lhs.remove_all(&names(ignoring))
                }
                (VectorMatchCardinality::ManyToOne(extra), _) => {
                    names(extra).into_iter().fold(lhs, LabelSet::add)
                }
                (VectorMatchCardinality::OneToMany(extra), _) => {
                    names(extra).into_iter().fold(rhs, LabelSet::add)
                }
                _ => lhs,
            }
        }
        Expr::Extension(_) => LabelSet::Open {
            removed: BTreeSet::new(),
            known: BTreeSet::new(),
        },
    }
}

fn call_labels(call: &promql_parser::parser::Call, rec: Option<&Recorded>) -> LabelSet {
    let args: Vec<&Expr> = call.args.args.iter().map(|a| a.as_ref()).collect();
    match call.func.name {
        // absent() returns one series whose labels are the selector's equality matchers.
        "absent" | "absent_over_time" => match args.first() {
            Some(Expr::VectorSelector(vs)) => closed_from(selector_labels(vs, true)),
            Some(Expr::MatrixSelector(m)) => closed_from(selector_labels(&m.vs, true)),
            _ => LabelSet::empty(),
        },
        "vector" | "time" | "scalar" | "pi" => LabelSet::empty(),
        "label_replace" | "label_join" => {
            let inner = args
                .first()
                .map_or_else(LabelSet::empty, |a| labels_of(a, rec));
            match string_arg(args.get(1).copied()) {
                Some(dst) => inner.add(dst),
                None => inner,
            }
        }
        "histogram_quantile" => {
            let inner = args
                .get(1)
                .map_or_else(LabelSet::empty, |a| labels_of(a, rec));
            inner.remove_all(&["le".to_string()])
        }
        _ => args
            .iter()
            .find(|a| !is_scalar(a))
            .map_or_else(LabelSet::empty, |a| labels_of(a, rec)),
    }
}

/// A recorded series carries its recording rule's static labels.
fn with_recorded(
    set: LabelSet,
    vs: &promql_parser::parser::VectorSelector,
    rec: Option<&Recorded>,
) -> LabelSet {
    let static_labels = vs.name.as_deref().and_then(|name| rec?.get(name));
    match static_labels {
        Some(labels) => labels.iter().cloned().fold(set, LabelSet::add),
        None => set,
    }
}

fn closed_from(set: LabelSet) -> LabelSet {
    match set {
        LabelSet::Open { known, .. } => LabelSet::Closed(known),
        closed => closed,
    }
}

/// What every result series of an expression satisfies on its labels: the matchers that survive to the
/// output (`job="api"` under `sum by (job)`), and the constants `label_replace` writes. Two alerts whose
/// expressions conflict on one label (`handler="a"` against `handler!="a"`) never fire for the same series.
pub type FixedLabels = BTreeMap<String, Vec<Matcher>>;

/// The label constraints that hold on every series `expr` returns (see [`FixedLabels`]).
pub fn fixed_labels(expr: &Expr) -> FixedLabels {
    match expr {
        Expr::VectorSelector(vs) => selector_fixed(vs),
        Expr::MatrixSelector(m) => selector_fixed(&m.vs),
        Expr::Paren(p) => fixed_labels(&p.expr),
        Expr::Unary(u) => fixed_labels(&u.expr),
        Expr::Subquery(s) => fixed_labels(&s.expr),
        Expr::Call(call) => call_fixed(call),
        Expr::Aggregate(agg) => {
            let op = agg.op.to_string();
            let inner = fixed_labels(&agg.expr);
            let mut out = match &agg.modifier {
                _ if matches!(op.as_str(), "topk" | "bottomk" | "limitk" | "limit_ratio") => inner,
                Some(LabelModifier::Include(by)) => keep(inner, &by.labels),
                Some(LabelModifier::Exclude(without)) => drop(inner, &without.labels),
                None => FixedLabels::new(),
            };
            if let Some(label) = string_arg(agg.param.as_deref()).filter(|_| op == "count_values") {
                out.remove(&label);
            }
            out
        }
        Expr::Binary(b) => binary_fixed(b),
        Expr::NumberLiteral(_) | Expr::StringLiteral(_) | Expr::Extension(_) => FixedLabels::new(),
    }
}

fn selector_fixed(vs: &promql_parser::parser::VectorSelector) -> FixedLabels {
    let mut out = FixedLabels::new();
    // `{a="1" or b="2"}` (Prometheus 3) holds no single constraint.
    if !vs.matchers.or_matchers.is_empty() {
        return out;
    }
    for m in vs.matchers.matchers.iter().filter(|m| m.name != "__name__") {
        out.entry(m.name.clone()).or_default().push(m.clone());
    }
    out
}

fn keep(mut set: FixedLabels, labels: &[String]) -> FixedLabels {
    set.retain(|k, _| labels.contains(k));
    set
}

fn drop(mut set: FixedLabels, labels: &[String]) -> FixedLabels {
    set.retain(|k, _| !labels.contains(k));
    set
}

fn merge(mut into: FixedLabels, from: FixedLabels) -> FixedLabels {
    for (k, v) in from {
        into.entry(k).or_default().extend(v);
    }
    into
}

fn call_fixed(call: &promql_parser::parser::Call) -> FixedLabels {
    let args: Vec<&Expr> = call.args.args.iter().map(|a| a.as_ref()).collect();
    match call.func.name {
        "absent" | "absent_over_time" => {
            // One series carrying the selector's equality matchers.
            let mut inner = args
                .first()
                .map_or_else(FixedLabels::new, |a| fixed_labels(a));
            for v in inner.values_mut() {
                v.retain(|m| m.op == MatchOp::Equal);
            }
            inner.retain(|_, v| !v.is_empty());
            inner
        }
        "vector" | "time" | "scalar" | "pi" => FixedLabels::new(),
        "label_replace" | "label_join" => {
            let mut inner = args
                .first()
                .map_or_else(FixedLabels::new, |a| fixed_labels(a));
            let Some(dst) = string_arg(args.get(1).copied()) else {
                return FixedLabels::new();
            };
            inner.remove(&dst);
            // `label_replace(x, "dst", "const", "", "")` (or a regex that always matches) writes a constant.
            let replacement = string_arg(args.get(2).copied());
            let regex = string_arg(args.get(4).copied());
            if call.func.name == "label_replace" {
                if let (Some(value), Some(regex)) = (replacement, regex) {
                    if !value.contains('$') && matches!(regex.as_str(), "" | ".*" | "(.*)") {
                        inner.insert(
                            dst.clone(),
                            vec![Matcher::new(MatchOp::Equal, &dst, &value)],
                        );
                    }
                }
            }
            inner
        }
        "histogram_quantile" => args.get(1).map_or_else(FixedLabels::new, |a| {
            drop(fixed_labels(a), &["le".to_string()])
        }),
        _ => args
            .iter()
            .find(|a| !is_scalar(a))
            .map_or_else(FixedLabels::new, |a| fixed_labels(a)),
    }
}

fn binary_fixed(b: &promql_parser::parser::BinaryExpr) -> FixedLabels {
    if is_scalar(&b.lhs) && is_scalar(&b.rhs) {
        return FixedLabels::new();
    }
    if is_scalar(&b.lhs) {
        return fixed_labels(&b.rhs);
    }
    if is_scalar(&b.rhs) {
        return fixed_labels(&b.lhs);
    }
    let (lhs, rhs) = (fixed_labels(&b.lhs), fixed_labels(&b.rhs));
    let op = b.op.to_string();
    if op == "or" {
        // Only what both sides say alike holds for every series.
        return lhs
            .into_iter()
            .filter(|(k, v)| rhs.get(k).is_some_and(|r| same(r, v)))
            .collect();
    }
    if op == "unless" {
        return lhs;
    }
    let matching = b.modifier.as_ref().and_then(|m| m.matching.as_ref());
    // The labels both sides must agree on: the rhs constraints on them hold for the output too.
    let on_rhs = match matching {
        Some(LabelModifier::Include(on)) => keep(rhs.clone(), &on.labels),
        Some(LabelModifier::Exclude(ignoring)) => drop(rhs.clone(), &ignoring.labels),
        None => rhs.clone(),
    };
    let card = b.modifier.as_ref().map(|m| &m.card);
    match card {
        Some(VectorMatchCardinality::ManyToOne(extra)) => {
            let extra_fixed = keep(rhs, &extra.labels);
            merge(merge(drop(lhs, &extra.labels), on_rhs), extra_fixed)
        }
        Some(VectorMatchCardinality::OneToMany(extra)) => {
            let on_lhs = match matching {
                Some(LabelModifier::Include(on)) => keep(lhs.clone(), &on.labels),
                Some(LabelModifier::Exclude(ignoring)) => drop(lhs.clone(), &ignoring.labels),
                None => lhs.clone(),
            };
            let extra_fixed = keep(lhs, &extra.labels);
            merge(merge(drop(rhs, &extra.labels), on_lhs), extra_fixed)
        }
        _ => {
            let out = merge(lhs, on_rhs);
            if op == "and" {
                return out;
            }
            // One-to-one: `on(...)` keeps only those labels, `ignoring(...)` drops them.
            match matching {
                Some(LabelModifier::Include(on)) => keep(out, &on.labels),
                Some(LabelModifier::Exclude(ignoring)) => drop(out, &ignoring.labels),
                None => out,
            }
        }
    }
}

fn same(a: &[Matcher], b: &[Matcher]) -> bool {
    a.len() == b.len()
        && a.iter()
            .zip(b)
            .all(|(x, y)| x.op == y.op && x.value == y.value)
}

/// A label on which no series can satisfy both `a` and `b`, if there is one.
pub fn conflict<'a>(a: &'a FixedLabels, b: &FixedLabels) -> Option<&'a str> {
    a.iter()
        .find(|(label, ma)| {
            b.get(*label).is_some_and(|mb| {
                ma.iter()
                    .any(|x| mb.iter().any(|y| matchers_conflict(x, y)))
            })
        })
        .map(|(label, _)| label.as_str())
}

fn matchers_conflict(a: &Matcher, b: &Matcher) -> bool {
    match (&a.op, &b.op) {
        (MatchOp::Equal, _) => !b.is_match(&a.value),
        (_, MatchOp::Equal) => !a.is_match(&b.value),
        (MatchOp::Re(_), MatchOp::NotRe(_)) | (MatchOp::NotRe(_), MatchOp::Re(_))
            if a.value == b.value =>
        {
            true
        }
        (MatchOp::Re(_), _) if literals(&a.value).is_some() => {
            literals(&a.value).is_some_and(|set| set.iter().all(|v| !b.is_match(v)))
        }
        (_, MatchOp::Re(_)) if literals(&b.value).is_some() => {
            literals(&b.value).is_some_and(|set| set.iter().all(|v| !a.is_match(v)))
        }
        // `logging-.*` against `jumbo-.*`, or `dse-k8s-.*` against `!~"dse-k8s.*"`.
        (MatchOp::Re(_), MatchOp::Re(_)) => match (prefix_any(&a.value), prefix_any(&b.value)) {
            (Some(x), Some(y)) => !x.starts_with(y) && !y.starts_with(x),
            _ => false,
        },
        (MatchOp::Re(_), MatchOp::NotRe(_)) => prefix_within(&a.value, &b.value),
        (MatchOp::NotRe(_), MatchOp::Re(_)) => prefix_within(&b.value, &a.value),
        _ => false,
    }
}

/// Whether every value `re` matches starts with what `not_re` excludes: `dse-k8s-.*` within `dse-k8s.*`.
fn prefix_within(re: &str, not_re: &str) -> bool {
    match (prefix_any(re), not_re.strip_suffix(".*")) {
        (Some(x), Some(y)) if is_literal(y) => x.starts_with(y),
        _ => false,
    }
}

/// `abc.*` or `abc.+` as `abc`: a literal prefix and then anything.
fn prefix_any(re: &str) -> Option<&str> {
    let prefix = re.strip_suffix(".*").or_else(|| re.strip_suffix(".+"))?;
    (!prefix.is_empty() && is_literal(prefix)).then_some(prefix)
}

fn is_literal(s: &str) -> bool {
    s.chars()
        .all(|c| c.is_alphanumeric() || matches!(c, '_' | '-' | ':' | '/'))
}

/// `a|b|c` as its alternatives, when the regex is nothing but literal alternatives.
fn literals(re: &str) -> Option<Vec<&str>> {
    let parts: Vec<&str> = re.split('|').collect();
    parts
        .iter()
        .all(|p| {
            !p.is_empty()
                && p.chars()
                    .all(|c| c.is_alphanumeric() || matches!(c, '_' | '-' | ':' | '/'))
        })
        .then_some(parts)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn labels(s: &str) -> LabelSet {
        output_labels(&promql_parser::parser::parse(s).unwrap())
    }

    #[test]
    fn aggregation_closes_the_set() {
        let l = labels("sum by (job) (rate(x_total[5m])) > 1");
        assert!(l.may_have("job"));
        assert!(!l.may_have("instance"));
        let l = labels("sum without (instance) (rate(x_total[5m]))");
        assert!(!l.may_have("instance"));
        assert!(l.may_have("job"));
        assert!(!labels("count(up) > 1").may_have("job"));
    }

    #[test]
    fn selectors_stay_open_with_known_matchers() {
        let l = labels("up{job=\"api\"} == 0");
        assert!(l.may_have("instance"));
        assert!(l.surely_has("job"));
        assert!(!l.surely_has("severity"));
    }

    #[test]
    fn functions_and_matching() {
        let l = labels("absent(up{job=\"api\", env=~\"p.*\"})");
        assert!(l.may_have("job"));
        assert!(!l.may_have("env"));
        assert!(
            !labels("histogram_quantile(0.9, sum by (le, svc) (rate(b_bucket[5m])))")
                .may_have("le")
        );
        assert!(
            labels("histogram_quantile(0.9, sum by (le, svc) (rate(b_bucket[5m])))")
                .may_have("svc")
        );
        let l = labels("rate(a_total[5m]) / on(job) rate(b_total[5m]) > 0.1");
        assert!(l.may_have("job") && !l.may_have("instance"));
        let l = labels("sum by (job) (a) * on(job) group_left(team) b");
        assert!(l.may_have("team") && l.may_have("job") && !l.may_have("pod"));
        assert!(labels("topk(3, sum by (pod) (x))").may_have("pod"));
        assert!(
            labels("label_replace(sum(x), \"dst\", \"$1\", \"src\", \"(.*)\")").may_have("dst")
        );
        let l = labels("sum by (a) (x) or sum by (b) (y)");
        assert!(l.may_have("a") && l.may_have("b") && !l.may_have("c"));
        assert!(!labels("vector(1)").may_have("job"));
    }

    fn fixed(s: &str) -> FixedLabels {
        fixed_labels(&promql_parser::parser::parse(s).unwrap())
    }

    #[test]
    fn fixed_labels_and_conflicts() {
        let a = fixed("sum by (handler) (rate(x_total{handler=\"a\", code=\"500\"}[5m])) > 1");
        assert!(a.contains_key("handler") && !a.contains_key("code"));
        let b = fixed("sum by (handler) (rate(x_total{handler!=\"a\"}[5m])) > 1");
        assert_eq!(conflict(&a, &b), Some("handler"));
        let c = fixed("sum by (handler) (rate(x_total{handler=~\"a|b\"}[5m])) > 1");
        assert_eq!(conflict(&a, &c), None);
        let d = fixed("sum by (handler) (rate(x_total{handler=~\"c|d\"}[5m])) > 1");
        assert_eq!(conflict(&c, &d), Some("handler"));
        let e = fixed("label_replace(up, \"env\", \"prod\", \"\", \"\") == 0");
        let f = fixed("label_replace(up, \"env\", \"stage\", \"\", \"\") == 0");
        assert_eq!(conflict(&e, &f), Some("env"));
        assert!(fixed("sum(up{job=\"a\"})").is_empty());
        let g = fixed("up{job=\"a\"} or up{job=\"b\"}");
        assert!(g.is_empty());
        let h = fixed("rate(a_total{job=\"x\"}[5m]) / on(instance) rate(b_total[5m])");
        assert!(!h.contains_key("job"));
        let i = fixed("rate(x_total{instance=~\"dse-k8s-.*\"}[5m]) > 1");
        let j = fixed("rate(x_total{instance!~\"dse-k8s.*\"}[5m]) > 1");
        assert_eq!(conflict(&i, &j), Some("instance"));
        let k = fixed("rate(x_total{cluster=~\"logging-.+\"}[5m]) > 1");
        let l = fixed("rate(x_total{cluster=~\"jumbo-.+\"}[5m]) > 1");
        let m = fixed("rate(x_total{cluster=~\"logging-eqiad.*\"}[5m]) > 1");
        assert_eq!(conflict(&k, &l), Some("cluster"));
        assert_eq!(conflict(&k, &m), None);
        let n = fixed("rate(x_total{route=~\"/pay|/cart\"}[5m]) > 1");
        let o = fixed("rate(x_total{route!~\"/pay|/cart\"}[5m]) > 1");
        let q = fixed("rate(x_total{route!=\"/pay\"}[5m]) > 1");
        assert_eq!(conflict(&n, &o), Some("route"));
        assert_eq!(conflict(&n, &q), None);
    }

    #[test]
    fn recorded_series_carry_their_static_labels() {
        let recorded: Recorded = [(
            "job:errors:rate5m".to_string(),
            BTreeSet::from(["service".to_string()]),
        )]
        .into();
        let expr = promql_parser::parser::parse("job:errors:rate5m > 0.1").unwrap();
        assert!(output_labels_with(&expr, &recorded).surely_has("service"));
        assert!(!output_labels(&expr).surely_has("service"));
        let expr = promql_parser::parser::parse("sum by (job) (job:errors:rate5m) > 0.1").unwrap();
        assert!(!output_labels_with(&expr, &recorded).may_have("service"));
    }
}
