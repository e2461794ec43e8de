//! promtool unit-test files to facts: the YAML loader, then the test-file reader (schema, `values`
//! expanding notation, durations) that TST001-TST004 read.
#![no_main]

use libfuzzer_sys::fuzz_target;
use obslint_fuzz::{assert_span, guard, quiet_caught_panics};

fn facts(text: &str) -> String {
    let Ok(docs) = obslint::yaml::load::load_documents(text) else {
        return String::new();
    };
    let Some(doc) = docs.first() else {
        return String::new();
    };
    let _ = obslint::alerts::unittest::is_test_document(doc);
    let (test, diagnostics) = obslint::alerts::unittest::extract(0, text, doc);
    for d in &diagnostics {
        assert_span(text, &d.span, d.code);
    }
    format!("{test:?} {diagnostics:?}")
}

fuzz_target!(init: quiet_caught_panics(), |data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    guard(|| {
        let _ = obslint::alerts::unittest::looks_like(text.as_bytes());
        let first = facts(text);
        assert_eq!(first, facts(text), "the same input gave other facts");
    });
});
