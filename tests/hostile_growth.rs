//! Hostile inputs, by class: each input is generated here at two sizes, and the cost must grow like the
//! input (a quadratic version of the same code blows the budget by a wide margin). The budget is the
//! growth of the cost between the sizes, never a wall-clock limit: the machine's speed cancels out.

mod common;

use assert_cmd::Command;
use std::time::{Duration, Instant};

/// The fastest of three runs: the other engineers' builds only ever add time.
fn cost(run: &dyn Fn()) -> Duration {
    (0..3)
        .map(|_| {
            let t = Instant::now();
            run();
            t.elapsed()
        })
        .min()
        .unwrap_or_default()
}

/// How much larger the second run is than the first.
const GROWTH: usize = 8;

/// Runs the input at size `n` and `8 n`: a linear cost grows 8 times, a quadratic one 64 times. The
/// budget is 24 times (room for a loaded machine), plus 50 ms for the constant part of small runs.
fn assert_linear(what: &str, n: usize, run: impl Fn(usize)) {
    let small = cost(&|| run(n));
    let large = cost(&|| run(GROWTH * n));
    let budget = small * (3 * GROWTH as u32) + Duration::from_millis(50);
    assert!(
        large <= budget,
        "{what}: {n} items took {small:?}, {} took {large:?} (budget {budget:?}): the cost grows faster than the input",
        GROWTH * n
    );
}

#[test]
fn runbook_headings_are_linear() {
    let make = |n: usize| {
        let mut text = String::new();
        for i in 0..n {
            // Every slug repeats: the de-duplication counts are what a quadratic version rescans.
            text.push_str(&format!("## Triage {}\n\ntext\n", i % 3));
        }
        text
    };
    let check = |n: usize| {
        let doc = obslint::runbook::RunbookDoc::parse(&make(n));
        assert_eq!(doc.headings.len(), n);
        assert_eq!(
            doc.headings[n - 1].slug,
            format!("triage-{}-{}", (n - 1) % 3, (n - 1) / 3)
        );
    };
    assert_linear("runbook headings", 5_000, check);
    // A line of unclosed `<a ` tags.
    assert_linear("unclosed anchors", 20_000, |n| {
        let doc = obslint::runbook::RunbookDoc::parse(&"<a name=\"x\" ".repeat(n));
        assert!(doc.html_anchors.len() <= n);
    });
}

#[test]
fn registry_extends_chains_are_linear() {
    let make = |n: usize| {
        let mut text = String::from("groups:\n");
        for i in 0..n {
            text.push_str(&format!("  - id: g{i}\n    type: span\n"));
            if i + 1 < n {
                text.push_str(&format!("    extends: g{}\n", i + 1));
            }
            text.push_str(&format!(
                "    attributes:\n      - id: a{i}\n        type: string\n        stability: stable\n"
            ));
        }
        // And a cycle at the end of the file: reported, still linear.
        text.push_str("  - id: c0\n    type: span\n    extends: c1\n  - id: c1\n    type: span\n    extends: c0\n");
        text
    };
    let check = |n: usize| {
        let mut out = Vec::new();
        let parsed = obslint::trace::parse::parse_text(0, &make(n), &mut out);
        let registry = obslint::trace::Registry::build(vec![parsed], &mut out);
        let cycles = out
            .iter()
            .filter(|d| d.message.contains("leads back to itself"))
            .count();
        assert_eq!(
            cycles,
            2,
            "{:?}",
            out.iter().map(|d| &d.message).collect::<Vec<_>>()
        );
        let long = out
            .iter()
            .filter(|d| d.message.contains("groups long"))
            .count();
        assert_eq!(long, 1, "one finding where the chain passes the limit");
        // What every group inherits is bounded by the hop limit, so asking every group stays linear.
        for g in registry.groups() {
            let inherited = registry.attributes_of(g).len();
            assert!(inherited <= obslint::trace::registry::MAX_EXTENDS_HOPS + 1);
        }
    };
    assert_linear("registry extends chain", 1_000, check);
}

#[test]
fn suppression_comments_are_linear() {
    // n comment lines above one rule, and n rules each with an inline comment: every comment scans
    // forward, and every finding is matched against every comment, in a quadratic version.
    let make = |n: usize| {
        let mut text = String::from("groups:\n- name: g\n  rules:\n");
        for _ in 0..n {
            text.push_str("  # obslint: ignore[RUN001]\n");
        }
        for i in 0..n {
            text.push_str(&format!(
                "  - alert: A{i}  # obslint: ignore[RUN001]\n    expr: up == 0\n"
            ));
        }
        text
    };
    let dir = tempfile::tempdir().unwrap();
    let check = |n: usize| {
        std::fs::write(dir.path().join("r.yml"), make(n)).unwrap();
        let outcome = common::check_dir(dir.path());
        assert!(
            !outcome.findings.iter().any(|f| f.rule.code == "RUN001"),
            "every RUN001 is suppressed"
        );
        // The n standalone comments all cover the first rule; the ones above it are used.
        assert!(!outcome
            .findings
            .iter()
            .any(|f| f.rule.code == "OBS003" && f.diagnostic.message.contains("RUN001")));
    };
    assert_linear("suppression comments", 1_000, check);
}

#[test]
fn findings_on_one_minified_line_are_linear() {
    // Every alert on one line, each with several findings: a column counted from the line start for
    // each finding is quadratic, in the sort, the fingerprints and every renderer.
    let make = |n: usize| {
        let rules: Vec<String> = (0..n)
            .map(|i| format!("{{alert: A{i}, expr: up == 0}}"))
            .collect();
        format!("groups: [{{name: g, rules: [{}]}}]\n", rules.join(", "))
    };
    let dir = tempfile::tempdir().unwrap();
    let check = |n: usize| {
        std::fs::write(dir.path().join("r.yml"), make(n)).unwrap();
        let outcome = common::check_dir(dir.path());
        assert!(outcome.findings.len() >= n);
        let text = obslint::report::text::render(&outcome, false, true);
        assert!(text.lines().all(|l| l.chars().count() < 1_000));
        let _ = obslint::report::json::render(&outcome);
        std::mem::forget(outcome);
    };
    assert_linear("findings on one line", 500, check);
}

#[test]
fn promql_chains_are_refused_before_parsing() {
    for op in ["+", "^", "or", "==", "*"] {
        let check = |n: usize| {
            let expr = vec!["up"; n].join(&format!(" {op} "));
            let error = obslint::promql::parse::parse(&expr).unwrap_err();
            assert!(error.contains("binary operators"), "{op}: {error}");
        };
        assert_linear(&format!("`{op}` chain"), 40_000, check);
    }
    // At the limit it still parses: real rules are far shorter.
    let at_limit = vec!["up"; obslint::promql::parse::MAX_BINARY_OPERATORS + 1].join(" + ");
    assert!(obslint::promql::parse::parse(&at_limit).is_ok());
}

#[test]
fn python_modules_of_many_functions_are_linear() {
    // One module with n imports, n routes that each swallow an error, and n assignments: reading
    // the module's imports per assignment, its consumers per function and its loggers per handler
    // (each a pass over the whole module) made the instrumentation checks quadratic; found by the
    // `python` fuzz target on a 64 KB input that took 23 s.
    let make = |n: usize| {
        let mut text =
            String::from("from flask import Flask\nimport logging\napp = Flask(__name__)\n");
        for i in 0..n {
            text.push_str(&format!("from flask import Blueprint as B{i}\n"));
        }
        for i in 0..n {
            text.push_str(&format!(
                "@app.route('/r{i}')\ndef r{i}():\n    x{i} = B{i}('b')\n    try:\n        return str(x{i})\n    except Exception:\n        pass\n"
            ));
        }
        text
    };
    let dir = tempfile::tempdir().unwrap();
    let check = |n: usize| {
        std::fs::write(dir.path().join("app.py"), make(n)).unwrap();
        let outcome = common::check_dir(dir.path());
        let swallowed = outcome
            .findings
            .iter()
            .filter(|f| f.rule.code == "INS003")
            .count();
        assert_eq!(swallowed, n, "every route swallows its error");
    };
    assert_linear("routes in one module", 150, check);
}

fn obslint_in(dir: &std::path::Path, args: &[&str]) -> std::process::Output {
    Command::cargo_bin("obslint")
        .unwrap()
        .current_dir(dir)
        .args(args)
        .timeout(Duration::from_secs(120))
        .output()
        .unwrap()
}

#[test]
fn a_finding_past_column_65535_renders_in_every_format() {
    let dir = tempfile::tempdir().unwrap();
    let filler = "a_metric_with_a_long_name".repeat(4_000);
    // One line: a flow mapping 100k characters wide, with a problem at its end.
    let wide = format!(
        "groups: [{{name: g, rules: [{{alert: B, labels: {{x: \"{filler}\"}}, expr: \"rate(x[5m]) ^^ 1\"}}]}}]\n"
    );
    std::fs::write(dir.path().join("wide.yml"), wide).unwrap();
    for format in [
        "text", "json", "sarif", "github", "gitlab", "junit", "concise",
    ] {
        let out = obslint_in(dir.path(), &["check", "--format", format, "--no-color"]);
        let code = out.status.code();
        assert!(
            matches!(code, Some(0 | 1)),
            "{format}: exit {code:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert!(stdout.contains("wide.yml"), "{format}: {stdout:.2000}");
        if format == "text" {
            // The long line is cut around the finding, not printed whole.
            assert!(
                stdout.lines().all(|l| l.chars().count() < 1_000),
                "{stdout:.3000}"
            );
            assert!(stdout.contains("wide.yml:1:"), "{stdout:.3000}");
        }
    }
}

#[test]
fn special_files_are_skipped_and_said() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let mkfifo = |path: &std::path::Path| {
        std::process::Command::new("mkfifo")
            .arg(path)
            .status()
            .is_ok_and(|s| s.success())
    };
    std::fs::write(
        d.join("good.yml"),
        "groups:\n- name: g\n  rules:\n  - alert: A\n    expr: up == 0\n",
    )
    .unwrap();
    if !mkfifo(&d.join("pipe.yml")) {
        eprintln!("no mkfifo here: skipped");
        return;
    }
    mkfifo(&d.join("pipe.py"));
    std::fs::create_dir(d.join("blocked")).unwrap();
    mkfifo(&d.join("blocked/.gitignore"));
    std::fs::write(d.join("blocked/r.yml"), "groups: []\n").unwrap();
    std::fs::create_dir(d.join("registry")).unwrap();
    mkfifo(&d.join("registry/pipe.yaml"));
    std::fs::write(d.join("obslint.toml"), "[trace]\nregistry = \"registry\"\n").unwrap();
    let out = obslint_in(d, &["check", "--format", "json"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    let report: serde_json::Value =
        serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("{e}: {stderr}"));
    let findings = report["findings"].as_array().unwrap();
    let skipped = |path: &str| {
        findings.iter().any(|f| {
            f["code"] == "OBS001"
                && f["path"] == path
                && f["message"].as_str().unwrap_or("").contains("FIFO")
        })
    };
    assert!(skipped("pipe.yml"), "{findings:#?}");
    assert!(skipped("pipe.py"), "{findings:#?}");
    assert!(skipped("registry/pipe.yaml"), "{findings:#?}");
    assert!(
        findings
            .iter()
            .any(|f| f["path"] == "good.yml" && f["code"] == "RUN001"),
        "the rest of the run goes on: {findings:#?}"
    );
    // The folder whose .gitignore is a FIFO is not walked, and the user is told (exit 2).
    assert!(
        stderr.contains("blocked") && stderr.contains(".gitignore is a FIFO"),
        "{stderr}"
    );
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    // A FIFO as the config file is refused, not waited on.
    let fifo_config = tempfile::tempdir().unwrap();
    mkfifo(&fifo_config.path().join("obslint.toml"));
    let out = obslint_in(fifo_config.path(), &["check"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("not a regular file"));
}

#[test]
fn unreadable_or_oversized_runbooks_say_so() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::write(
        d.join("r.yml"),
        "groups:\n- name: g\n  rules:\n  - alert: A\n    expr: up == 0\n    annotations:\n      runbook_url: big.md#triage\n",
    )
    .unwrap();
    // Over the 4 MiB a runbook may have: once reported as "has no heading".
    let mut big = String::from("# Triage\n");
    while big.len() < 5 * 1024 * 1024 {
        big.push_str("some text that goes on and on\n");
    }
    std::fs::write(d.join("big.md"), big).unwrap();
    let outcome = common::check_dir(d);
    let messages: Vec<&str> = outcome
        .findings
        .iter()
        .filter(|f| f.rule.code == "RUN002")
        .map(|f| f.diagnostic.message.as_str())
        .collect();
    assert_eq!(messages.len(), 1, "{messages:?}");
    assert!(
        messages[0].contains("not checked") && messages[0].contains("limit"),
        "{messages:?}"
    );
}

/// Peak memory of one run, in KiB, where GNU time can tell it.
fn peak_kib(dir: &std::path::Path, format: &str) -> Option<u64> {
    let bin = assert_cmd::cargo::cargo_bin("obslint");
    let out = std::process::Command::new("/usr/bin/time")
        .args(["-f", "peak-kib=%M"])
        .arg(bin)
        .args(["check", "--format", format])
        .current_dir(dir)
        .stdout(std::process::Stdio::null())
        .output()
        .ok()?;
    let stderr = String::from_utf8_lossy(&out.stderr);
    stderr
        .lines()
        .rev()
        .find_map(|l| l.strip_prefix("peak-kib="))
        .and_then(|v| v.trim().parse().ok())
}

/// What the findings of a rule file full of duplicates may cost, per byte of the file.
const PEAK_BYTES_PER_INPUT_BYTE: u64 = 400;

#[test]
fn report_memory_grows_with_the_input_not_faster() {
    // Duplicate groups: several findings per group; the report once was a value tree of all of them.
    let make = |n: usize| {
        let mut text = String::from("groups:\n");
        for _ in 0..n {
            text.push_str("- name: g\n  rules:\n  - alert: A\n    expr: up == 0\n");
        }
        text
    };
    let small = tempfile::tempdir().unwrap();
    let large = tempfile::tempdir().unwrap();
    let n = 5_000;
    let (small_text, large_text) = (make(n), make(4 * n));
    std::fs::write(small.path().join("r.yml"), &small_text).unwrap();
    std::fs::write(large.path().join("r.yml"), &large_text).unwrap();
    let grown_kib = ((large_text.len() - small_text.len()) / 1024) as u64;
    for format in ["json", "sarif", "text"] {
        let (Some(a), Some(b)) = (
            peak_kib(small.path(), format),
            peak_kib(large.path(), format),
        ) else {
            eprintln!("no GNU time here: memory not measured");
            return;
        };
        // Each byte of rule file may cost a bounded number of bytes of findings; a report held as a
        // value tree cost about 800 (JSON) to 1,300 (SARIF).
        let budget = a + grown_kib * PEAK_BYTES_PER_INPUT_BYTE;
        assert!(
            b <= budget,
            "{format}: {n} groups peaked at {a} KiB, {} at {b} KiB (budget {budget} KiB)",
            4 * n
        );
    }
}
