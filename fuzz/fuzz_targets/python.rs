//! Python source to facts: the model, log sinks, the leak flow and span facts.
#![no_main]

use libfuzzer_sys::fuzz_target;
use obslint_fuzz::{guard, quiet_caught_panics, text};

fuzz_target!(init: quiet_caught_panics(), |data: &[u8]| {
    let source = text(data);
    guard(|| {
        let model = obslint::python::extract::extract_with(&source, true);
        if let Some(span) = &model.syntax_error {
            obslint_fuzz::assert_span(&source, span, "syntax error");
        }
        let cx = obslint::python::sinks::FileContext::new(&model, &[]);
        let leaks = obslint::python::flow::leaks(&model, &cx, &[]);
        let spans = obslint::python::spans::spans(&model);
        let again = obslint::python::extract::extract_with(&source, true);
        let cx2 = obslint::python::sinks::FileContext::new(&again, &[]);
        assert_eq!(
            format!("{leaks:?}"),
            format!("{:?}", obslint::python::flow::leaks(&again, &cx2, &[])),
            "the same input gave other leaks"
        );
        let _ = spans.is_empty();
    });
});
