//! The README is a contract: its config example must load, and its rule table must list every rule.

mod common;

use common::repo;

fn readme() -> String {
    std::fs::read_to_string(repo().join("README.md")).unwrap()
}

#[test]
fn readme_config_example_loads() {
    let text = readme();
    let section = text
        .split("## Configuration")
        .nth(1)
        .expect("a Configuration section");
    let start = section.find("```toml\n").expect("a toml example") + "```toml\n".len();
    let example = &section[start..start + section[start..].find("```").unwrap()];
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("obslint.toml");
    std::fs::write(&path, example).unwrap();
    std::fs::write(
        dir.path().join(".obslint-baseline.json"),
        "{\"schema_version\": 1, \"findings\": []}",
    )
    .unwrap();
    let loaded = obslint::config::load(Some(&path), dir.path()).expect("README config parses");
    let settings = obslint::settings::resolve(
        &common::args(vec![dir.path().to_path_buf()]),
        &loaded,
        dir.path().to_path_buf(),
    )
    .expect("README config resolves");
    assert_eq!(settings.alerts.scrape_interval_ms, 60_000);
    assert_eq!(settings.alerts.policies.len(), 2);
    assert!(settings.alerts.runbook_url_pattern.is_some());
    assert!(settings.baseline.is_some());
}

#[test]
fn readme_lists_every_rule() {
    let text = readme();
    for rule in obslint::rules::registry::ALL {
        let row = format!(
            "| {} | {} | {} | {} |",
            rule.code,
            rule.name,
            rule.default_severity.as_str(),
            rule.summary
        );
        assert!(
            text.contains(&row),
            "README rule table lacks or misstates: {row}"
        );
    }
}

#[test]
fn readme_states_the_shipped_semconv_data() {
    let text = readme();
    let data = obslint::trace::semconv::data();
    assert!(text.contains(&format!("semantic conventions {}", data.version())));
    assert!(text.contains(data.source()), "{}", data.source());
    assert!(text.contains(&format!("{} in all", data.attributes().len())));
    for (prefix, title) in [
        ("http.", "HTTP"),
        ("db.", "Database"),
        ("messaging.", "Messaging"),
    ] {
        let deprecated: Vec<_> = data
            .attributes()
            .iter()
            .filter(|a| a.id.starts_with(prefix) && a.is_deprecated())
            .collect();
        let head = format!("- **{title}** ({}): ", deprecated.len());
        let line = text
            .lines()
            .find(|l| l.starts_with(&format!("- **{title}** (")))
            .unwrap_or_else(|| panic!("README lists no deprecated {title} attributes"));
        assert!(line.starts_with(&head), "README: `{head}` expected");
        for a in deprecated {
            let item = match a.renamed_to() {
                Some(to) => format!("`{}` → `{to}`", a.id),
                None => format!("`{}` (", a.id),
            };
            assert!(line.contains(&item), "README lacks {item}");
        }
    }
}

#[test]
fn readme_schema_diff_example_is_real_output() {
    let text = readme();
    let command = "$ obslint schema-diff old new --format concise\n";
    let start = text.find(command).expect("the schema-diff example") + command.len();
    let shown = &text[start..start + text[start..].find("```").unwrap()];
    let out = assert_cmd::Command::cargo_bin("obslint")
        .unwrap()
        .current_dir(repo().join("tests/fixtures/schema-diff/example"))
        .args(["schema-diff", "old", "new", "--format", "concise"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(String::from_utf8_lossy(&out.stdout), shown);
}

/// The README's demo excerpt is real output: every line of it is in the pinned snapshot of the demo
/// (which runs from the demo's folder, so its paths lack `fixtures/demo/`), the summary line included.
#[test]
fn readme_demo_excerpt_matches_the_snapshot() {
    let text = readme();
    let after = &text[text.find("Part of its output").expect("the demo excerpt")..];
    let start = after.find("```text\n").expect("a text block") + "```text\n".len();
    let block = &after[start..start + after[start..].find("```").expect("its end")];
    let snapshot =
        std::fs::read_to_string(repo().join("tests/snapshots/cli__demo_text.snap")).unwrap();
    let summary = |s: &str| {
        s.lines()
            .find(|l| l.starts_with("Found "))
            .map(str::to_string)
    };
    assert_eq!(
        summary(block),
        summary(&snapshot),
        "the README's summary line"
    );
    for line in block.lines().filter(|l| !l.trim().is_empty()) {
        let line = line.replace("fixtures/demo/", "");
        assert!(
            snapshot.contains(&line),
            "README line not in the demo snapshot: {line}"
        );
    }
}

/// `check --help` and the README describe config discovery in the same words.
#[test]
fn readme_and_help_describe_config_discovery_alike() {
    let squash = |s: &str| {
        s.replace('#', " ")
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
    };
    let help = assert_cmd::Command::cargo_bin("obslint")
        .unwrap()
        .args(["check", "--help"])
        .output()
        .unwrap();
    let help = squash(&String::from_utf8_lossy(&help.stdout));
    let phrase = "else obslint.toml, or [tool.obslint] in pyproject.toml, found from the first PATH upward, then from the working directory upward";
    assert!(help.contains(phrase), "check --help: {help}");
    assert!(
        squash(&readme()).contains(phrase),
        "the README's usage block"
    );
}

/// Every version pin in the README's snippets names something that exists: a commit of this
/// repository (a full SHA), never a release tag that was not made.
#[test]
fn readme_pins_only_what_exists() {
    let text = readme();
    // Only the snippets: lines inside fenced code blocks.
    let mut fenced = false;
    let pins: Vec<&str> = text
        .lines()
        .filter(|l| {
            if l.trim_start().starts_with("```") {
                fenced = !fenced;
                return false;
            }
            fenced
        })
        .filter_map(|l| {
            let l = l.trim();
            l.strip_prefix("rev: ")
                .or_else(|| l.split("uses: obslint/obslint@").nth(1))
                .or_else(|| l.split("--rev ").nth(1))
                .or_else(|| l.split("--tag ").nth(1))
        })
        .map(|rest| rest.split_whitespace().next().unwrap_or(""))
        .collect();
    assert!(pins.len() >= 3, "{pins:?}");
    for pin in pins {
        assert!(
            pin.len() == 40 && pin.chars().all(|c| c.is_ascii_hexdigit()),
            "`{pin}` is not a full commit SHA: no release tag exists yet"
        );
        let known = std::process::Command::new("git")
            .current_dir(repo())
            .args(["cat-file", "-e", &format!("{pin}^{{commit}}")])
            .status()
            .unwrap();
        let shallow = std::process::Command::new("git")
            .current_dir(repo())
            .args(["rev-parse", "--is-shallow-repository"])
            .output()
            .unwrap();
        // A shallow clone may lack an older commit; a full one must have it.
        if String::from_utf8_lossy(&shallow.stdout).trim() != "true" {
            assert!(known.success(), "{pin} is not a commit of this repository");
        }
    }
}
