//! PromQL: the guarded parser, our lexer and error locator, and the label analysis.
#![no_main]

use libfuzzer_sys::fuzz_target;
use obslint_fuzz::{assert_span, guard, quiet_caught_panics};

fuzz_target!(init: quiet_caught_panics(), |data: &[u8]| {
    let Ok(expr) = std::str::from_utf8(data) else {
        return;
    };
    guard(|| {
        for token in obslint::promql::lexer::tokenize(expr) {
            assert_span(expr, &token.span, "token");
        }
        match obslint::promql::parse::parse(expr) {
            Ok(parsed) => {
                let labels = obslint::promql::labels::output_labels(&parsed);
                let _ = labels.may_have("job");
                let _ = obslint::promql::analysis::range_calls(&parsed);
                let _ = obslint::promql::analysis::selectors(&parsed);
                let _ = obslint::promql::analysis::is_multiwindow_burn_rate(&parsed);
                let mut nodes = 0usize;
                obslint::promql::analysis::walk(&parsed, &mut |_| nodes += 1);
                if let Some(span) = obslint::promql::locate::first_token(expr) {
                    assert_span(expr, &span, "first token");
                }
            }
            Err(message) => {
                if let Some(span) = obslint::promql::locate::error_span(expr, &message) {
                    assert_span(expr, &span, "error span");
                }
            }
        }
    });
});
