//! Real corpora from `../shared/corpora` (skipped when absent): promtool's own test data, kube-prometheus
//! and awesome-prometheus-alerts. `scripts/promtool-conformance.py` runs the same promtool comparison
//! live against `promtool`; here its verdicts are pinned so CI checks them without promtool installed.

mod common;

use obslint::check;
use obslint::cli::{CheckArgs, FailOn};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

fn corpora() -> Option<PathBuf> {
    let dir = common::repo().join("../shared/corpora");
    if dir.is_dir() {
        Some(dir)
    } else {
        eprintln!("skipped: ../shared/corpora is not here");
        None
    }
}

/// Runs obslint on `path` with the given config text; returns (code, line) of every finding.
fn run(path: &Path, config: &str) -> Vec<(String, usize)> {
    let dir = tempfile::tempdir().unwrap();
    let config_path = dir.path().join("obslint.toml");
    std::fs::write(&config_path, config).unwrap();
    let args = CheckArgs {
        config: Some(config_path.clone()),
        fail_on: FailOn::Never,
        ..CheckArgs::new(vec![path.to_path_buf()])
    };
    let loaded = obslint::config::load(Some(&config_path), dir.path()).unwrap();
    let settings = obslint::settings::resolve(&args, &loaded, dir.path().to_path_buf()).unwrap();
    let outcome = check::run(&settings);
    outcome
        .findings
        .iter()
        .map(|f| {
            let file = &outcome.index.files[f.diagnostic.file];
            (
                f.rule.code.to_string(),
                file.line_col(f.diagnostic.span.start).line,
            )
        })
        .collect()
}

fn counts(found: &[(String, usize)]) -> BTreeMap<String, usize> {
    let mut out = BTreeMap::new();
    for (code, _) in found {
        *out.entry(code.clone()).or_insert(0) += 1;
    }
    out
}

const REJECTING: &[&str] = &["YML001", "YML002", "PQL001", "ALR006"];

/// promtool 2.42's verdict per file (true = accepted) and the line it names, as
/// `scripts/promtool-conformance.py` records them; utf-8_*.good.yaml follow Prometheus 3 (accepted).
const PROMTOOL: &[(&str, bool, Option<usize>)] = &[
    ("cmd/promtool/testdata/rules-bad.yml", false, None),
    ("cmd/promtool/testdata/rules.yml", true, None),
    ("cmd/promtool/testdata/rules_duplicates.yml", true, None),
    (
        "cmd/promtool/testdata/rules_extrafields.yml",
        false,
        Some(7),
    ),
    ("cmd/promtool/testdata/rules_large.yml", true, None),
    ("cmd/promtool/testdata/rules_run.yml", false, Some(1)),
    (
        "cmd/promtool/testdata/rules_run_extrafields.yml",
        false,
        Some(4),
    ),
    ("cmd/promtool/testdata/rules_run_fuzzy.yml", false, Some(5)),
    (
        "cmd/promtool/testdata/rules_run_no_fuzzy.yml",
        false,
        Some(4),
    ),
    ("model/rulefmt/testdata/bad_expr.bad.yaml", false, Some(5)),
    ("model/rulefmt/testdata/bad_field.bad.yaml", false, Some(8)),
    (
        "model/rulefmt/testdata/duplicate_grp.bad.yaml",
        false,
        Some(3),
    ),
    (
        "model/rulefmt/testdata/invalid_label_name.bad.yaml",
        false,
        None,
    ),
    (
        "model/rulefmt/testdata/invalid_record_name.bad.yaml",
        false,
        Some(4),
    ),
    (
        "model/rulefmt/testdata/legacy_validation_annotation.bad.yaml",
        false,
        None,
    ),
    (
        "model/rulefmt/testdata/legacy_validation_annotation.good.yaml",
        true,
        None,
    ),
    ("model/rulefmt/testdata/no_rec_alert.bad.yaml", false, None),
    ("model/rulefmt/testdata/noexpr.bad.yaml", false, None),
    (
        "model/rulefmt/testdata/record_and_alert.bad.yaml",
        false,
        Some(5),
    ),
    // promtool names the rule (line 4); obslint the `for`/`keep_firing_for` key that is not allowed.
    (
        "model/rulefmt/testdata/record_and_for.bad.yaml",
        false,
        Some(6),
    ),
    (
        "model/rulefmt/testdata/record_and_keep_firing_for.bad.yaml",
        false,
        Some(6),
    ),
    ("model/rulefmt/testdata/test.yaml", true, None),
    ("model/rulefmt/testdata/test_aliases.yaml", true, None),
    (
        "model/rulefmt/testdata/utf-8_annotation.good.yaml",
        true,
        None,
    ),
    ("model/rulefmt/testdata/utf-8_lname.good.yaml", true, None),
];

#[test]
fn promtool_testdata_verdicts_and_lines() {
    let Some(corpora) = corpora() else { return };
    let dir = corpora.join("promtool-testdata");
    for (file, accepted, line) in PROMTOOL {
        let config = if file.contains("legacy_validation") {
            "[alerts]\nrule-files = [\"**\"]\nname-validation = \"legacy\"\n"
        } else {
            "[alerts]\nrule-files = [\"**\"]\n"
        };
        let found: Vec<_> = run(&dir.join(file), config)
            .into_iter()
            .filter(|(code, _)| REJECTING.contains(&code.as_str()))
            .collect();
        assert_eq!(found.is_empty(), *accepted, "{file}: {found:?}");
        if let Some(line) = line {
            assert!(
                found.iter().any(|(_, l)| l == line),
                "{file}: expected a finding on line {line}: {found:?}"
            );
        }
    }
}

#[test]
fn kube_prometheus_reports_owners_and_named_defects_only() {
    let Some(corpora) = corpora() else { return };
    // kube-prometheus scrapes every 30s.
    let found = run(
        &corpora.join("kube-prometheus"),
        "[alerts]\nscrape-interval = \"30s\"\n",
    );
    let expected: BTreeMap<String, usize> = [
        // Severity `none` (Watchdog, InfoInhibitor) is the repository's own: learned, not reported.
        ("ALR003", 1), // no alert carries an owner label: one decision, said once
        ("ALR004", 1), // GrafanaRequestsFailing uses the old `message` annotation
        ("ALR005", 1), // ... and so has neither summary nor description
        ("ALR007", 5), // Alertmanager alerts aggregate `job` away, then print {{ $labels.job }}
        ("ALR008", 2), // critical alerts with no `for` (a `for: 1m` is two evaluations: not reported)
        ("PQL002", 1), // increase(...[1m]) at a 30s scrape interval
        ("OBS004", 1), // the conventions learned (severities incl. `none`), said once
    ]
    .into_iter()
    .map(|(c, n)| (c.to_string(), n))
    .collect();
    assert_eq!(counts(&found), expected);
}

#[test]
fn awesome_prometheus_alerts_reports_missing_runbooks_and_owners() {
    let Some(corpora) = corpora() else { return };
    let found = run(&corpora.join("awesome-prometheus-alerts"), "");
    let counts = counts(&found);
    assert_eq!(counts.get("RUN001"), Some(&954), "{counts:?}");
    // No alert has an owner label: reported once for the repository, not 954 times.
    assert_eq!(counts.get("ALR003"), Some(&1), "{counts:?}");
    for code in REJECTING {
        assert_eq!(
            counts.get(*code),
            None,
            "{code} in a corpus Prometheus loads: {counts:?}"
        );
    }
}

/// promtool 2.42 rejects every dialect fixture (a line it names in each, as
/// `scripts/promtool-conformance.py` records); obslint must too under the default Prometheus dialect,
/// and must accept what the fixture project's `dialect`/`[[dialects]]` config accepts.
const PROMTOOL_DIALECTS: &[(&str, usize)] = &[
    ("tests/fixtures/rules/YML002/invalid-dialects.yml", 5),
    ("tests/fixtures/projects/dialects/loki/rules.yml", 7),
    ("tests/fixtures/projects/dialects/mimir/rules.yml", 5),
    ("tests/fixtures/projects/dialects/thanos/rules.yml", 5),
    ("tests/fixtures/projects/dialects/thanos/wrong-ruler.yml", 4),
    ("tests/fixtures/projects/dialects/vm/rules.yml", 5),
];

#[test]
fn dialect_files_are_rejected_as_promtool_rejects_them_unless_the_dialect_is_set() {
    let repo = common::repo();
    let project_config =
        std::fs::read_to_string(repo.join("tests/fixtures/projects/dialects/obslint.toml"))
            .unwrap();
    for (file, line) in PROMTOOL_DIALECTS {
        let rejecting = |config: &str| -> Vec<(String, usize)> {
            run(&repo.join(file), config)
                .into_iter()
                .filter(|(code, _)| REJECTING.contains(&code.as_str()))
                .collect()
        };
        let found = rejecting("[alerts]\nrule-files = [\"**\"]\n");
        assert!(
            found.iter().any(|(_, l)| l == line),
            "{file}: expected a rejecting finding on line {line}, as promtool: {found:?}"
        );
        // The project config's globs are relative to its folder; the same dialects given for this path.
        let Some(rel) = file.strip_prefix("tests/fixtures/projects/dialects/") else {
            continue;
        };
        let folder = rel.split('/').next().unwrap_or("");
        let dialect = match folder {
            "thanos" => "thanos",
            "mimir" => "mimir",
            "vm" => "victoriametrics",
            _ => "loki",
        };
        assert!(project_config.contains(&format!("dialect = \"{dialect}\"")));
        let found = rejecting(&format!(
            "dialect = \"{dialect}\"\n[alerts]\nrule-files = [\"**\"]\n"
        ));
        let expected: Vec<usize> = std::fs::read_to_string(repo.join(file))
            .unwrap()
            .lines()
            .enumerate()
            .filter(|(_, l)| l.contains("# expect: YML002"))
            .map(|(i, _)| i + 1)
            .collect();
        let lines: Vec<usize> = found.iter().map(|(_, l)| *l).collect();
        assert_eq!(lines, expected, "{file} under dialect {dialect}");
    }
}
