//! The whole `check` over a small generated tree: a rule file, a runbook, a registry file and a Python
//! package of three modules that import each other (module resolution), every rule enabled. The JSON
//! report must validate against `schemas/report.schema.json`, and the same tree twice gives the same report.
#![no_main]

use libfuzzer_sys::fuzz_target;
use obslint_fuzz::{assert_round_trip, assert_span, guard, parts, quiet_caught_panics};
use std::sync::OnceLock;

fn schema() -> &'static jsonschema::Validator {
    static SCHEMA: OnceLock<jsonschema::Validator> = OnceLock::new();
    SCHEMA.get_or_init(|| {
        let text = include_str!("../../schemas/report.schema.json");
        let value: serde_json::Value = serde_json::from_str(text).expect("the schema is JSON");
        jsonschema::validator_for(&value).expect("the schema compiles")
    })
}

fn report(dir: &std::path::Path) -> String {
    let loaded = obslint::config::load(None, dir).expect("the generated config loads");
    let mut args = obslint::cli::CheckArgs::new(vec![dir.to_path_buf()]);
    args.format = obslint::report::Format::Json;
    let settings = obslint::settings::resolve(&args, &loaded, dir.to_path_buf())
        .expect("the generated settings resolve");
    let outcome = obslint::check::run(&settings);
    for f in &outcome.findings {
        let file = &outcome.index.files[f.diagnostic.file];
        if !file.text.is_empty() {
            assert_span(&file.text, &f.diagnostic.span, f.rule.code);
            assert_round_trip(file, f.diagnostic.span.start);
        }
    }
    let json = obslint::report::json::render(&outcome);
    let _ = obslint::report::text::render(&outcome, false, false);
    let _ = obslint::report::sarif::render(&outcome);
    std::mem::forget(outcome);
    json
}

fuzz_target!(init: quiet_caught_panics(), |data: &[u8]| {
    let p = parts(data, 6);
    let Ok(dir) = tempfile::tempdir() else {
        return;
    };
    let d = dir.path();
    let files = [
        ("rules/r.yml", &p[0]),
        ("docs/runbook.md", &p[1]),
        ("registry/r.yaml", &p[2]),
        ("app/__init__.py", &p[3]),
        ("app/views.py", &p[4]),
        ("app/models.py", &p[5]),
    ];
    for (name, text) in files {
        let path = d.join(name);
        let _ = std::fs::create_dir_all(path.parent().unwrap_or(d));
        if std::fs::write(&path, text).is_err() {
            return;
        }
    }
    if std::fs::write(d.join("obslint.toml"), "[trace]\nregistry = \"registry\"\n").is_err() {
        return;
    }
    guard(|| {
        let first = report(d);
        let value: serde_json::Value =
            serde_json::from_str(&first).expect("the JSON report is JSON");
        assert!(schema().is_valid(&value), "the JSON report does not validate: {first}");
        assert_eq!(first, report(d), "the same tree gave another report");
    });
});
