//! Semantic-convention registry YAML: parsed, built (refs, extends, cycles) and asked what each group has.
#![no_main]

use libfuzzer_sys::fuzz_target;
use obslint_fuzz::{assert_span, guard, parts, quiet_caught_panics};

fuzz_target!(init: quiet_caught_panics(), |data: &[u8]| {
    // Two registry files: cross-file checks see both.
    let files = parts(data, 2);
    guard(|| {
        let mut out = Vec::new();
        let parsed = files
            .iter()
            .enumerate()
            .map(|(i, t)| obslint::trace::parse::parse_text(i, t, &mut out))
            .collect();
        let registry = obslint::trace::Registry::build(parsed, &mut out);
        for d in &out {
            assert_span(&files[d.file], &d.span, d.code);
        }
        for group in registry.groups() {
            let _ = registry.attributes_of(group);
        }
        let _ = registry.span_for_name("GET /orders/42");
    });
});
