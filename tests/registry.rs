//! Meta-tests over the rule registry: codes stable and well formed, every rule documented the same way.

use obslint::rules::registry::ALL;
use std::collections::HashSet;

#[test]
fn codes_and_names_are_unique_and_well_formed() {
    let mut codes = HashSet::new();
    let mut names = HashSet::new();
    for rule in ALL {
        assert!(codes.insert(rule.code), "duplicate code {}", rule.code);
        assert!(names.insert(rule.name), "duplicate name {}", rule.name);
        let split = rule
            .code
            .find(|c: char| c.is_ascii_digit())
            .unwrap_or(rule.code.len());
        let (letters, digits) = rule.code.split_at(split);
        assert!((2..=3).contains(&letters.len()), "{}", rule.code);
        assert!(
            letters.chars().all(|c| c.is_ascii_uppercase()),
            "{}",
            rule.code
        );
        assert!(
            digits.len() == 3 && digits.chars().all(|c| c.is_ascii_digit()),
            "{}",
            rule.code
        );
        assert!(
            rule.name.split('-').all(|w| !w.is_empty()
                && w.chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit())),
            "{} is not kebab-case",
            rule.name
        );
        assert_eq!(rule.family(), letters);
    }
}

#[test]
fn every_rule_has_its_doc_sections() {
    for rule in ALL {
        let doc = rule.documentation();
        for section in ["## What it does", "## Why is this bad?", "## Example"] {
            assert!(doc.contains(section), "{} lacks `{section}`", rule.code);
        }
        if let Some(options) = doc.split("## Options").nth(1) {
            assert!(
                options.contains("\n- `"),
                "{}: `## Options` lists each option as `- `name``",
                rule.code
            );
        }
        assert!(
            !rule.summary.is_empty() && !rule.summary.ends_with('.'),
            "{} summary",
            rule.code
        );
        assert!(
            doc.lines()
                .all(|l| !l.starts_with(' ') || l.starts_with("  ")),
            "{}: doc lines keep one leading space stripped",
            rule.code
        );
    }
}

#[test]
fn registry_is_in_code_order_and_find_works() {
    let codes: Vec<_> = ALL.iter().map(|r| r.code).collect();
    let mut sorted = codes.clone();
    sorted.sort();
    assert_eq!(codes, sorted);
    assert_eq!(
        obslint::rules::registry::find("run001").map(|r| r.code),
        Some("RUN001")
    );
    assert_eq!(
        obslint::rules::registry::find("alert-missing-runbook").map(|r| r.code),
        Some("RUN001")
    );
    assert!(obslint::rules::registry::find("RUN999").is_none());
}

/// The codes the parse stages emit (`src/codes.rs`) are the codes their rules declare.
#[test]
fn parse_stage_codes_agree_with_their_rules() {
    use obslint::{codes, rules};
    assert_eq!(
        codes::YAML_SYNTAX_ERROR,
        rules::yaml::yaml_syntax_error::CODE
    );
    assert_eq!(
        codes::RULE_SCHEMA_VIOLATION,
        rules::yaml::rule_schema_violation::CODE
    );
    assert_eq!(
        codes::PROMQL_SYNTAX_ERROR,
        rules::promql::promql_syntax_error::CODE
    );
    assert_eq!(
        codes::REGISTRY_INVALID,
        rules::trace::registry_invalid::CODE
    );
    assert_eq!(codes::FILE_SKIPPED, rules::obs::file_skipped::CODE);
}

/// `codes::ALL` is what suppression comments and selectors below the rules resolve against: the same
/// codes and names as the registry, in the same order.
#[test]
fn codes_table_is_the_registry() {
    let registry: Vec<(&str, &str)> = ALL.iter().map(|r| (r.code, r.name)).collect();
    assert_eq!(obslint::codes::ALL, registry.as_slice());
}
