//! Which labels an expression's result series can carry: what `{{ $labels.x }}` can read.
//!
//! A selector's series can carry any label (we do not know the target's labels), so its set is "open";
//! aggregations with `by`, `absent()`, `on(...)` matching and friends close it to a known list.

use promql_parser::label::MatchOp;
use promql_parser::parser::{Expr, LabelModifier, VectorMatchCardinality};
use std::collections::BTreeSet;

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
