//! Rule-file YAML to facts: the YAML loader with spans, then extraction and the per-file checks.
#![no_main]

use libfuzzer_sys::fuzz_target;
use obslint_fuzz::{assert_span, guard, quiet_caught_panics};

fn facts(text: &str) -> Vec<(String, std::ops::Range<usize>)> {
    let settings = obslint::alerts::settings::AlertSettings::default();
    // Every dialect gets inputs: which one comes from the input's length, so it is stable per input.
    let dialects = obslint::alerts::dialect::Dialect::NAMES;
    let dialect = dialects[text.len() % dialects.len()].1;
    match obslint::yaml::load::load_documents(text) {
        Ok(docs) => {
            let (documents, diagnostics) =
                obslint::alerts::extract::extract_file(0, text, &docs, true, &settings, dialect);
            for rule in documents
                .iter()
                .flat_map(|d| d.groups.iter().flat_map(|g| &g.rules))
            {
                assert_span(text, &rule.span, "rule");
            }
            diagnostics
                .into_iter()
                .map(|d| {
                    assert_span(text, &d.span, d.code);
                    (format!("{} {}", d.code, d.message), d.span)
                })
                .collect()
        }
        Err(e) => {
            assert_span(text, &e.span, "YAML error");
            vec![(e.message, e.span)]
        }
    }
}

fuzz_target!(init: quiet_caught_panics(), |data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    guard(|| {
        let first = facts(text);
        assert_eq!(first, facts(text), "the same input gave other findings");
    });
});
