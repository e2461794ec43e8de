//! End-to-end tests of the built binary: exit codes, stdout and stderr.

mod common;

use assert_cmd::Command;
use common::repo;
use predicates::prelude::*;

fn obslint() -> Command {
    let mut cmd = Command::cargo_bin("obslint").unwrap();
    cmd.env_remove("NO_COLOR")
        .env_remove("FORCE_COLOR")
        .env_remove("CLICOLOR_FORCE");
    cmd
}

fn demo() -> std::path::PathBuf {
    repo().join("fixtures/demo")
}

fn json_of(output: &[u8]) -> serde_json::Value {
    serde_json::from_slice(output).expect("stdout is JSON")
}

fn validate_report(report: &serde_json::Value) {
    let schema: serde_json::Value =
        serde_json::from_str(include_str!("../schemas/report.schema.json")).unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    let errors: Vec<String> = validator
        .iter_errors(report)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    assert!(
        errors.is_empty(),
        "report does not match schemas/report.schema.json: {errors:#?}"
    );
}

#[test]
fn demo_text_output_is_pinned() {
    let out = obslint()
        .current_dir(demo())
        .args(["check", "--no-color"])
        .assert()
        .code(1);
    let stdout = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    insta::assert_snapshot!("demo_text", stdout);
}

#[test]
fn demo_json_matches_the_report_schema_and_is_sorted() {
    let out = obslint()
        .current_dir(demo())
        .args(["check", "--format", "json"])
        .assert()
        .code(1);
    let report = json_of(&out.get_output().stdout);
    validate_report(&report);
    let findings = report["findings"].as_array().unwrap();
    assert!(!findings.is_empty());
    let keys: Vec<(String, u64, u64, String)> = findings
        .iter()
        .map(|f| {
            (
                f["path"].as_str().unwrap().to_string(),
                f["line"].as_u64().unwrap(),
                f["column"].as_u64().unwrap(),
                f["code"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    let mut sorted = keys.clone();
    sorted.sort();
    assert_eq!(keys, sorted);
    let summary = &report["summary"];
    assert_eq!(
        summary["findings"].as_u64().unwrap() as usize,
        findings.len()
    );
    let errors = findings.iter().filter(|f| f["severity"] == "error").count();
    assert_eq!(
        summary["by_severity"]["error"].as_u64().unwrap() as usize,
        errors
    );
    insta::assert_json_snapshot!("demo_json", report);
}

#[test]
fn clean_run_exits_zero_with_a_valid_empty_report() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("rules.yml"),
        "groups:\n- name: g\n  rules:\n  - record: job:up:sum\n    expr: sum by (job) (up)\n",
    )
    .unwrap();
    let out = obslint()
        .current_dir(dir.path())
        .args(["check", "--format", "json"])
        .assert()
        .code(0);
    let report = json_of(&out.get_output().stdout);
    validate_report(&report);
    assert_eq!(report["summary"]["files"], 1);
    assert_eq!(report["findings"].as_array().unwrap().len(), 0);
    obslint()
        .current_dir(dir.path())
        .args(["check"])
        .assert()
        .code(0)
        .stdout("All clear: no findings in 1 file.\n");
}

#[test]
fn fail_on_threshold_and_selection() {
    // The demo has errors and warnings: never → 0; selecting only a warning-level rule → exit 1 only with --fail-on warning.
    obslint()
        .current_dir(demo())
        .args(["check", "--fail-on", "never", "-q"])
        .assert()
        .code(0);
    let out = obslint()
        .current_dir(demo())
        .args(["check", "--select", "MET002", "--format", "json"])
        .assert()
        .code(0);
    let report = json_of(&out.get_output().stdout);
    let codes: Vec<_> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["code"].as_str().unwrap().to_string())
        .collect();
    assert!(
        !codes.is_empty() && codes.iter().all(|c| c == "MET002"),
        "{codes:?}"
    );
    obslint()
        .current_dir(demo())
        .args(["check", "--select", "MET002", "--fail-on", "warning"])
        .assert()
        .code(1);
    // A family prefix selects the whole family; --ignore removes from it.
    let out = obslint()
        .current_dir(demo())
        .args([
            "check", "--select", "RUN", "--ignore", "RUN001", "--format", "json",
        ])
        .assert()
        .code(1);
    let report = json_of(&out.get_output().stdout);
    let codes: Vec<_> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["code"].as_str().unwrap().to_string())
        .collect();
    assert!(
        codes.iter().all(|c| c.starts_with("RUN") && c != "RUN001"),
        "{codes:?}"
    );
    assert!(codes.contains(&"RUN002".to_string()));
}

#[test]
fn output_file_gets_the_report() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("report.json");
    obslint()
        .current_dir(demo())
        .args(["check", "--format", "json", "--output"])
        .arg(&path)
        .assert()
        .code(1)
        .stdout("");
    validate_report(&serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap());
}

#[test]
fn usage_and_config_errors_exit_two() {
    obslint()
        .args(["check", "--format", "xml"])
        .assert()
        .code(2);
    obslint()
        .args(["check", "--select", "NOPE"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("unknown rule selector `NOPE`"));
    obslint().args(["frobnicate"]).assert().code(2);
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("obslint.toml"),
        "[alerts]\nscrape-interval = \"30 seconds\"\n",
    )
    .unwrap();
    obslint()
        .current_dir(dir.path())
        .args(["check", "--no-color"])
        .assert()
        .code(2)
        .stderr(
            predicate::str::contains("invalid duration `30 seconds`")
                .and(predicate::str::contains("obslint.toml:2:19")),
        );
    std::fs::write(
        dir.path().join("obslint.toml"),
        "[alerts]\nrunbook-anotations = []\n",
    )
    .unwrap();
    obslint()
        .current_dir(dir.path())
        .args(["check"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("runbook-anotations"));
    // A missing path is an error and only that: no "All clear" on stdout, whatever the format.
    let clean = tempfile::tempdir().unwrap();
    for format in ["text", "json"] {
        obslint()
            .current_dir(clean.path())
            .args(["check", "missing-dir", "--format", format])
            .assert()
            .code(2)
            .stdout("")
            .stderr(predicate::str::contains(
                "missing-dir: no such file or directory",
            ));
    }
}

#[test]
fn rules_and_rule_documentation() {
    let out = obslint().args(["rules"]).assert().code(0);
    let text = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    assert_eq!(text.lines().count(), obslint::rules::registry::ALL.len());
    assert!(text.contains("RUN001  alert-missing-runbook"));
    let out = obslint()
        .args(["rules", "--format", "json"])
        .assert()
        .code(0);
    let rules = json_of(&out.get_output().stdout);
    assert_eq!(
        rules.as_array().unwrap().len(),
        obslint::rules::registry::ALL.len()
    );
    assert_eq!(rules[0]["family"], "ALR");
    obslint().args(["rule", "RUN001"]).assert().code(0).stdout(
        predicate::str::starts_with("RUN001 alert-missing-runbook (error, family RUN)")
            .and(predicate::str::contains("## Why is this bad?")),
    );
    obslint()
        .args(["rule", "alert-missing-runbook"])
        .assert()
        .code(0);
    obslint().args(["rule", "XYZ123"]).assert().code(2);
}

const BARE_ALERT: &str = "groups:\n- name: g\n  rules:\n  - alert: A\n    expr: up == 0\n";

/// Two fields of every finding of a run in `dir` (which must exit 0 with `--fail-on never`).
fn report_pairs(dir: &std::path::Path, a: &str, b: &str) -> Vec<(String, String)> {
    let out = obslint()
        .current_dir(dir)
        .args(["check", "--format", "json", "--fail-on", "never"])
        .assert()
        .code(0);
    json_of(&out.get_output().stdout)["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f[a].as_str().unwrap().to_string(),
                f[b].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

fn owned(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
    pairs
        .iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect()
}

#[test]
fn gitignore_exclude_and_per_file_ignores() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    for sub in ["rules", "vendor/x", "ignored", "legacy"] {
        std::fs::create_dir_all(d.join(sub)).unwrap();
        std::fs::write(d.join(sub).join("a.yml"), BARE_ALERT).unwrap();
    }
    std::fs::write(d.join(".gitignore"), "ignored/\n").unwrap();
    std::fs::write(
        d.join("obslint.toml"),
        // `owner-labels` set: each alert without one is a finding (not one for the whole project).
        "exclude = [\"vendor\"]\n[rules]\nselect = [\"RUN001\", \"ALR003\"]\nper-file-ignores = { \"legacy/**\" = [\"ALR003\"] }\n[alerts]\nowner-labels = [\"team\"]\n",
    )
    .unwrap();
    let expected = owned(&[
        ("legacy/a.yml", "RUN001"),
        ("rules/a.yml", "ALR003"),
        ("rules/a.yml", "RUN001"),
    ]);
    assert_eq!(report_pairs(d, "path", "code"), expected);
}

#[test]
fn policies_require_and_exempt() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::create_dir_all(d.join("generated")).unwrap();
    let critical = "groups:\n- name: g\n  rules:\n  - alert: A\n    expr: up == 0\n    for: 5m\n    labels: {severity: critical}\n";
    std::fs::write(d.join("hand.yml"), critical).unwrap();
    std::fs::write(d.join("generated/slo.yml"), critical).unwrap();
    std::fs::write(
        d.join("obslint.toml"),
        "[rules]\nselect = [\"ALR012\", \"RUN001\"]\n\n[[alerts.policy]]\nwhen = { labels = { severity = \"crit*\" } }\nrequire-annotations = [\"dashboard\"]\nrequire-labels = [\"pager\"]\n\n[[alerts.policy]]\nwhen = { file = \"generated/**\" }\nexempt = [\"RUN\", \"ALR012\"]\n",
    )
    .unwrap();
    let expected = owned(&[
        ("hand.yml", "ALR012"),
        ("hand.yml", "ALR012"),
        ("hand.yml", "RUN001"),
    ]);
    assert_eq!(report_pairs(d, "path", "code"), expected);
}

#[test]
fn fingerprints_survive_unrelated_edits() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let fingerprints = |d: &std::path::Path| {
        let mut v = report_pairs(d, "code", "fingerprint");
        v.sort();
        v
    };
    let two = "groups:\n- name: g\n  rules:\n  - alert: A\n    expr: up == 0\n  - alert: B\n    expr: up == 1\n";
    std::fs::write(d.join("r.yml"), two).unwrap();
    let before = fingerprints(d);
    // Comments and a new rule above move every line; the findings about A and B keep their fingerprints.
    let moved = "# a comment\n# another\ngroups:\n- name: g\n  rules:\n  - record: x\n    expr: up\n  - alert: A\n    expr: up == 0\n  - alert: B\n    expr: up == 1\n";
    std::fs::write(d.join("r.yml"), moved).unwrap();
    let after = fingerprints(d);
    assert_eq!(before, after);
    let unique: std::collections::HashSet<_> = after.iter().map(|(_, f)| f).collect();
    assert_eq!(
        unique.len(),
        after.len(),
        "fingerprints are unique within a report"
    );
}

#[test]
fn init_writes_a_starter_config_once() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("rules.yml"), BARE_ALERT).unwrap();
    obslint()
        .current_dir(dir.path())
        .args(["init"])
        .assert()
        .code(0);
    let text = std::fs::read_to_string(dir.path().join("obslint.toml")).unwrap();
    assert!(text.contains("# Rule files found in: ."), "{text}");
    // The written config is what `check` then reads.
    obslint()
        .current_dir(dir.path())
        .args(["check", "-q"])
        .assert()
        .code(1);
    obslint()
        .current_dir(dir.path())
        .args(["init"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("does not overwrite"));
}

#[test]
fn explain_coverage_says_what_covers_each_entry_point() {
    let out = obslint()
        .current_dir(demo())
        .args(["check", ".", "--explain-coverage"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "explaining is not failing");
    let text = String::from_utf8(out.stdout).unwrap();
    // A direct metric call, a decorator span, app-wide Celery tracing, and the uncovered critical route.
    assert!(text.contains("Flask route `checkout` (/checkout)\n    metrics: `metrics.INFLIGHT.inc()` at app/main.py:25\n    tracing: `tracer.start_as_current_span()` at app/main.py:22"), "{text}");
    assert!(
        text.contains("app-wide: `CeleryInstrumentor().instrument(...)` at app/tasks.py:"),
        "{text}"
    );
    assert!(text.contains("critical Flask route `refund` (/refund)\n    metrics: none (INS001)\n    tracing: none (INS002)"), "{text}");
    assert!(
        !text.contains("healthz"),
        "probes are not entry points to judge: {text}"
    );

    let out = obslint()
        .current_dir(demo())
        .args(["check", ".", "--explain-coverage", "--format", "json"])
        .output()
        .unwrap();
    let items = json_of(&out.stdout);
    let refund = items
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["name"] == "refund")
        .expect("refund is an entry point");
    assert_eq!(refund["critical"], true);
    assert_eq!(refund["framework"], "Flask");
    assert!(refund["metrics"].is_null() && refund["tracing"].is_null());
}

#[test]
fn critical_entry_point_findings_are_errors() {
    let out = obslint()
        .current_dir(demo())
        .args(["check", ".", "--select", "INS", "--format", "json"])
        .output()
        .unwrap();
    let report = json_of(&out.stdout);
    validate_report(&report);
    let severities: Vec<(String, String)> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["code"].as_str().unwrap().to_string(),
                f["severity"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert!(
        severities.contains(&("INS001".into(), "error".into())),
        "{severities:?}"
    );
    assert!(
        severities.contains(&("INS003".into(), "error".into())),
        "{severities:?}"
    );
    assert_eq!(out.status.code(), Some(1));
}

/// pre-commit passes only the staged files. They narrow what is reported, not what is known: an alert
/// on a metric that unstaged code emits is not MET001, and findings in other files are not shown.
#[test]
fn paths_given_narrow_the_report_not_the_project() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::write(
        d.join("obslint.toml"),
        "[rules]\nselect = [\"MET001\", \"RUN001\"]\n[metrics]\nmetric-prefixes = [\"shop\"]\n",
    )
    .unwrap();
    std::fs::create_dir_all(d.join("rules")).unwrap();
    std::fs::create_dir_all(d.join("app")).unwrap();
    std::fs::write(
        d.join("app/metrics.py"),
        "from prometheus_client import Counter\nORDERS = Counter(\"shop_orders_total\", \"Orders.\")\n",
    )
    .unwrap();
    let rule = |name: &str, metric: &str| {
        format!(
            "groups:\n- name: g\n  rules:\n  - alert: {name}\n    expr: rate({metric}[5m]) > 1\n"
        )
    };
    std::fs::write(d.join("rules/a.yml"), rule("A", "shop_orders_total")).unwrap();
    std::fs::write(d.join("rules/b.yml"), rule("B", "shop_refunds_total")).unwrap();
    let codes = |args: &[&str]| -> Vec<String> {
        let out = obslint()
            .current_dir(d)
            .args(["check", "--format", "json"])
            .args(args)
            .output()
            .unwrap();
        common::path_codes(&json_of(&out.stdout))
    };
    // The whole project: A's metric is emitted by the code, B's is not.
    let all = codes(&[]);
    assert!(all.contains(&"rules/b.yml:MET001".to_string()), "{all:?}");
    assert!(!all.contains(&"rules/a.yml:MET001".to_string()), "{all:?}");
    // The staged file alone, as the hook passes it: the same verdict for it, nothing from b.yml.
    assert_eq!(codes(&["rules/a.yml"]), ["rules/a.yml:RUN001"]);
    assert_eq!(
        codes(&["rules/b.yml"]),
        ["rules/b.yml:RUN001", "rules/b.yml:MET001"]
    );
    // From a subfolder, naming a folder: reported below it, known from the root.
    let out = obslint()
        .current_dir(d.join("rules"))
        .args(["check", ".", "--format", "json"])
        .output()
        .unwrap();
    let report = json_of(&out.stdout);
    let paths: Vec<&str> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["path"].as_str().unwrap())
        .collect();
    assert_eq!(paths, ["a.yml", "b.yml", "b.yml"], "{report}");
}

/// Help texts that list the families are made from the registry, so none is left out.
#[test]
fn family_lists_come_from_the_registry() {
    let out = obslint()
        .args(["check", "--select", "NOPE"])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr).to_string();
    let families: Vec<String> = String::from_utf8(obslint().arg("rules").output().unwrap().stdout)
        .unwrap()
        .lines()
        .filter_map(|l| l.split_whitespace().nth(2).map(str::to_string))
        .collect();
    assert!(families.len() >= 10, "{families:?}");
    for family in &families {
        assert!(
            stderr.contains(family.as_str()),
            "{family} missing from: {stderr}"
        );
    }
    let dir = tempfile::tempdir().unwrap();
    obslint()
        .current_dir(dir.path())
        .arg("init")
        .assert()
        .code(0);
    let config = std::fs::read_to_string(dir.path().join("obslint.toml")).unwrap();
    let line = config
        .lines()
        .find(|l| l.contains("codes or families"))
        .unwrap();
    for family in &families {
        assert!(
            line.contains(family.as_str()),
            "{family} missing from: {line}"
        );
    }
}

#[test]
fn summary_views_refuse_formats_they_cannot_print() {
    for flag in ["--statistics", "--explain-coverage"] {
        obslint()
            .current_dir(demo())
            .args(["check", flag, "--format", "sarif"])
            .assert()
            .code(2)
            .stdout("")
            .stderr(predicate::str::contains(format!(
                "{flag} prints text or json, not `sarif`"
            )));
    }
    obslint()
        .current_dir(demo())
        .args(["check", "--statistics", "--format", "json"])
        .assert()
        .code(1);
}

/// `--color` and the environment variables CI tools set, in the order ruff honours them.
#[test]
fn colour_follows_the_flag_then_the_environment() {
    let escapes = |args: &[&str], env: &[(&str, &str)]| -> bool {
        let mut cmd = obslint();
        cmd.current_dir(demo()).arg("check").args(args);
        for (k, v) in env {
            cmd.env(k, v);
        }
        String::from_utf8_lossy(&cmd.output().unwrap().stdout).contains("\u{1b}[")
    };
    assert!(!escapes(&[], &[]), "not a terminal: plain");
    assert!(escapes(&["--color", "always"], &[]));
    assert!(escapes(&[], &[("FORCE_COLOR", "1")]));
    assert!(escapes(&[], &[("CLICOLOR_FORCE", "1")]));
    assert!(!escapes(&[], &[("FORCE_COLOR", "0")]));
    assert!(!escapes(&["--color", "never"], &[("FORCE_COLOR", "1")]));
    assert!(!escapes(&["--no-color", "--color", "always"], &[]));
    assert!(
        escapes(&["--color", "always"], &[("NO_COLOR", "1")]),
        "the flag wins"
    );
    // --output-format is --format, as ruff spells it.
    let out = obslint()
        .current_dir(demo())
        .args(["check", "--output-format", "json"])
        .output()
        .unwrap();
    assert!(json_of(&out.stdout)["findings"].is_array());
}

#[test]
fn show_settings_and_show_files_print_what_a_run_would_use() {
    let out = obslint()
        .current_dir(demo())
        .args(["check", "--show-settings"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains("obslint.toml") && text.contains("alerts.scrape-interval = 30s"),
        "{text}"
    );
    assert!(
        text.contains("python.redaction-functions = [mask_email]"),
        "{text}"
    );
    let out = obslint()
        .current_dir(demo())
        .args(["check", "rules", "--show-files"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(String::from_utf8(out.stdout).unwrap(), "rules/api.yml\n");
}

/// The progress line is for people at a terminal: never on a pipe (these tests), never with --quiet,
/// and a quick run on a terminal stays silent too (run under `script`, which gives it a terminal).
#[test]
fn no_progress_line_off_a_terminal_or_on_a_quick_run() {
    let out = obslint().current_dir(demo()).arg("check").output().unwrap();
    assert!(!String::from_utf8_lossy(&out.stderr).contains("checking"));
    let bin = assert_cmd::cargo::cargo_bin("obslint");
    let typescript = tempfile::NamedTempFile::new().unwrap();
    let status = std::process::Command::new("script")
        .args(["-qec", &format!("{} check . > /dev/null", bin.display())])
        .arg(typescript.path())
        .current_dir(demo())
        .stdout(std::process::Stdio::null())
        .status();
    match status {
        Ok(_) => {
            let seen = std::fs::read(typescript.path()).unwrap();
            assert!(!String::from_utf8_lossy(&seen).contains("checking"));
        }
        Err(e) => panic!("`script` (util-linux) is needed for this test: {e}"),
    }
}

/// Rule files of a repository that grades alerts s1-s4 and routes on `service`, none with a config.
fn s1_to_s4_repository(dir: &std::path::Path) {
    for (file, severities) in [
        ("a.yml", ["s1", "s2", "s3"]),
        ("b.yml", ["s1", "s2", "s4"]),
        ("c.yml", ["s3", "s4", "s2"]),
    ] {
        let mut text = String::from("groups:\n  - name: g\n    rules:\n");
        for (i, severity) in severities.iter().enumerate() {
            text.push_str(&format!(
                "      - alert: {}{i}{severity}\n        expr: up{{job=\"x{i}\"}} == 0\n        for: 5m\n        labels: {{severity: {severity}, service: shop}}\n        annotations: {{summary: s, description: d, runbook_url: 'https://example.com/rb'}}\n",
                file.trim_end_matches(".yml")
            ));
        }
        std::fs::write(dir.join(file), text).unwrap();
    }
}

#[test]
fn learned_conventions_are_reported_once_with_the_lines_to_write() {
    let dir = tempfile::tempdir().unwrap();
    s1_to_s4_repository(dir.path());
    let out = obslint()
        .current_dir(dir.path())
        .args(["check", "--format", "json"])
        .assert()
        .code(0); // The note is info: it never fails a run.
    let report = json_of(&out.get_output().stdout);
    let findings = report["findings"].as_array().unwrap();
    let notes: Vec<_> = findings.iter().filter(|f| f["code"] == "OBS004").collect();
    assert_eq!(notes.len(), 1, "{findings:#?}");
    assert_eq!(
        findings.len(),
        1,
        "nothing else: s1-s4 and `service` are this repository's own"
    );
    let note = notes[0];
    assert_eq!(note["path"], "a.yml", "{note:#?}");
    let message = note["message"].as_str().unwrap();
    assert!(
        message.contains("severities `s2` (3), `s1` (2), `s3` (2), `s4` (2)"),
        "{message}"
    );
    assert!(
        message.contains("paging severities `s1` (by their names)"),
        "{message}"
    );
    assert!(
        message.contains("owner label `service` (9 of 9 alerts)"),
        "{message}"
    );
    let help = note["help"].as_str().unwrap();
    assert!(
        help.contains(r#"allowed-severities = ["s2", "s1", "s3", "s4"]"#),
        "{help}"
    );
    assert!(help.contains(r#"owner-labels = ["service"]"#), "{help}");
}

#[test]
fn init_writes_the_learned_conventions_and_check_then_says_nothing() {
    let dir = tempfile::tempdir().unwrap();
    s1_to_s4_repository(dir.path());
    std::fs::write(
        dir.path().join("prometheus.yml"),
        "global:\n  scrape_interval: 30s\n",
    )
    .unwrap();
    obslint()
        .current_dir(dir.path())
        .args(["init"])
        .assert()
        .code(0);
    let text = std::fs::read_to_string(dir.path().join("obslint.toml")).unwrap();
    for line in [
        r#"allowed-severities = ["s2", "s1", "s3", "s4"]   # learned: "#,
        r#"paging-severities = ["s1"]   # learned: "#,
        r#"owner-labels = ["service"]   # learned: "#,
        r#"scrape-interval = "30s""#,
        r#"# summary-annotations = ["summary"]"#,
    ] {
        assert!(text.contains(line), "{line}\n{text}");
    }
    // The config now says it all: nothing left to learn, nothing to report.
    let out = obslint()
        .current_dir(dir.path())
        .args(["check", "--format", "json"])
        .assert()
        .code(0);
    let report = json_of(&out.get_output().stdout);
    assert_eq!(
        report["findings"].as_array().unwrap().len(),
        0,
        "{report:#?}"
    );
}

/// `check --stdin-filename PATH -`: standard input is checked as the file at PATH, with PATH's config,
/// classification and project, whether or not the file is on disk (and whatever it holds there).
#[test]
fn stdin_stands_for_the_named_file() {
    let run = |args: &[&str], input: &str| {
        obslint()
            .current_dir(demo())
            .args(["check", "--format", "json"])
            .args(args)
            .write_stdin(input.to_string())
            .output()
            .unwrap()
    };
    let rule = "groups:\n- name: g\n  rules:\n  - alert: A\n    expr: up == 0\n    labels: {severity: warning, team: t}\n    annotations: {summary: s, description: d}\n";
    for name in ["rules/api.yml", "rules/unsaved.yml"] {
        let out = run(&["--stdin-filename", name, "-"], rule);
        assert_eq!(
            out.status.code(),
            Some(1),
            "{} {}",
            String::from_utf8_lossy(&out.stderr),
            String::from_utf8_lossy(&out.stdout)
        );
        let found = common::path_line_codes(&json_of(&out.stdout));
        // Only the text given, at the path given: RUN001 for alert A, none of api.yml's findings on disk.
        assert_eq!(found, [format!("{name}:4:RUN001")], "{name}");
    }
    let out = run(&["-"], rule);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--stdin-filename"));
}
