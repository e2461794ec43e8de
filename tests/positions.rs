//! Exact positions: every YAML and PromQL finding points at the key, value or token, on its real line and
//! column (1-based, counted in characters), also inside block scalars and later documents of a file.

mod common;

use std::path::Path;

/// (code, line, column, end_line, end_column) of every finding for one rule file's text.
fn positions(text: &str, select: &str) -> Vec<(String, usize, usize, usize, usize)> {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("rules.yml"), text).unwrap();
    positions_in(dir.path(), select)
}

fn positions_in(dir: &Path, select: &str) -> Vec<(String, usize, usize, usize, usize)> {
    let mut args = common::args(vec![dir.to_path_buf()]);
    args.select = Some(select.split(',').map(str::to_string).collect());
    let loaded = obslint::config::load(None, dir).unwrap();
    let settings = obslint::settings::resolve(&args, &loaded, dir.to_path_buf()).unwrap();
    let outcome = obslint::check::run(&settings);
    outcome
        .findings
        .iter()
        .map(|f| {
            let p = obslint::report::position(&outcome, f);
            (
                f.rule.code.to_string(),
                p.line,
                p.column,
                p.end_line,
                p.end_column,
            )
        })
        .collect()
}

fn one(found: Vec<(String, usize, usize, usize, usize)>) -> (String, usize, usize, usize, usize) {
    assert_eq!(found.len(), 1, "{found:?}");
    found.into_iter().next().unwrap()
}

#[test]
fn promql_error_inside_a_literal_block_points_at_the_token() {
    let text = "groups:\n- name: g\n  rules:\n  - record: r\n    expr: |\n      sum(rate(a_total[5m]))\n        / sum(rate(b_total[5m])\n";
    // promql-parser reports the unclosed parenthesis: the `(` of `sum(` on line 7.
    let (code, line, column, _, _) = one(positions(text, "PQL001"));
    assert_eq!((code.as_str(), line), ("PQL001", 7));
    assert_eq!(column, 14, "the `(` after `/ sum`");
}

#[test]
fn promql_type_error_in_a_folded_block_points_at_the_argument() {
    let text = "groups:\n- name: g\n  rules:\n  - record: r\n    expr: >-\n      sum(x)\n      + rate(hi)\n";
    assert_eq!(
        one(positions(text, "PQL001")),
        ("PQL001".into(), 7, 14, 7, 16)
    );
}

#[test]
fn rate_window_in_the_second_document_of_a_multi_document_file() {
    let text = "kind: Deployment\nmetadata: {name: x}\n---\napiVersion: monitoring.coreos.com/v1\nkind: PrometheusRule\nspec:\n  groups:\n  - name: g\n    rules:\n    - record: r\n      expr: |\n        sum(\n          rate(x_total[1m])\n        )\n";
    assert_eq!(
        one(positions(text, "PQL002")),
        ("PQL002".into(), 13, 23, 13, 27)
    );
}

#[test]
fn rate_of_non_counter_points_at_the_series_name() {
    let text =
        "groups:\n- name: g\n  rules:\n  - record: r\n    expr: rate(node_disk_usage_percent[5m])\n";
    assert_eq!(
        one(positions(text, "PQL003")),
        ("PQL003".into(), 5, 16, 5, 39)
    );
}

#[test]
fn yaml_errors_point_at_the_offending_key() {
    let text = "groups:\n- name: g\n  rules:\n  - alert: A\n    expr: up == 0\n    expr: up == 1\n";
    assert_eq!(
        one(positions(text, "YML001")),
        ("YML001".into(), 6, 5, 6, 9)
    );
    let text =
        "groups:\n- name: g\n  rules:\n  - alert: A\n    expr: up == 0\n    anotations: {}\n";
    assert_eq!(
        one(positions(text, "YML002")),
        ("YML002".into(), 6, 5, 6, 15)
    );
    let text = "groups:\n- name: g\n  rules:\n  - alert: A\n    expr: up == 0\n    for: 5 min\n";
    assert_eq!(
        one(positions(text, "YML002")),
        ("YML002".into(), 6, 10, 6, 15)
    );
}

#[test]
fn template_error_inside_a_double_quoted_value_with_escapes_and_unicode() {
    // `é` is two bytes but one column; `\t` is two characters in the file but one in the value.
    let text = "groups:\n- name: g\n  rules:\n  - alert: A\n    expr: up == 0\n    annotations:\n      summary: \"é\\t{{ $label.x }}\"\n";
    assert_eq!(
        one(positions(text, "ALR006")),
        ("ALR006".into(), 7, 23, 7, 29)
    );
}

#[test]
fn rule_files_globs_force_the_classification() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("obslint.toml"),
        "[alerts]\nrule-files = [\"*.rules\"]\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("api.rules"),
        "groups:\n- name: g\n  rules:\n  - alert: A\n    expr: up == 0\n",
    )
    .unwrap();
    std::fs::write(dir.path().join("other.yml"), "services: {}\n").unwrap();
    let found = positions_in(dir.path(), "RUN001,YML");
    assert_eq!(found, vec![("RUN001".into(), 4, 12, 4, 13)]);
}
