//! Go text/template, as alert annotations use it.
#![no_main]

use libfuzzer_sys::fuzz_target;
use obslint_fuzz::{assert_span, guard, quiet_caught_panics};

fuzz_target!(init: quiet_caught_panics(), |data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    guard(|| match obslint::gotemplate::analyze(text) {
        Ok(info) => {
            for r in &info.label_refs {
                assert_span(text, &r.span, "label ref");
            }
            for r in &info.value_refs {
                assert_span(text, r, "value ref");
            }
            assert_eq!(Ok(info), obslint::gotemplate::analyze(text));
        }
        Err(e) => assert_span(text, &e.span, "template error"),
    });
});
