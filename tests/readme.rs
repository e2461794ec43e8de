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
