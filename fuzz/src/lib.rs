//! What every fuzz target shares: a panic guard that aborts only on panics that escape (obslint catches
//! the PromQL parser's own panics, and libFuzzer's default hook would abort on those), and the
//! invariants beyond "does not panic".

use std::ops::Range;

/// Replaces libFuzzer's abort-on-any-panic hook: call once from the target's `init`.
pub fn quiet_caught_panics() {
    std::panic::set_hook(Box::new(|_| {}));
}

/// Runs one input; a panic that escapes obslint is a crash (abort, so libFuzzer keeps the input).
pub fn guard(run: impl FnOnce()) {
    if std::panic::catch_unwind(std::panic::AssertUnwindSafe(run)).is_err() {
        eprintln!("a panic escaped obslint");
        std::process::abort();
    }
}

/// Every span lies inside its text, on char boundaries.
pub fn assert_span(text: &str, span: &Range<usize>, what: &str) {
    assert!(
        span.start <= span.end && span.end <= text.len(),
        "{what}: span {span:?} outside a text of {} bytes",
        text.len()
    );
    assert!(
        text.is_char_boundary(span.start) && text.is_char_boundary(span.end),
        "{what}: span {span:?} not on char boundaries"
    );
}

/// Line and column of every span start round-trip to the same offset.
pub fn assert_round_trip(file: &obslint::source::SourceFile, offset: usize) {
    let at = file.line_col(offset);
    let line_start = file.line_start(at.line);
    let back = line_start
        + file.text[line_start..]
            .chars()
            .take(at.column - 1)
            .map(char::len_utf8)
            .sum::<usize>();
    assert_eq!(
        back,
        offset.min(file.text.len()),
        "line/column of {offset} do not round-trip"
    );
}

/// Input bytes as text, the way obslint reads a file (lossy past invalid UTF-8).
pub fn text(data: &[u8]) -> String {
    String::from_utf8_lossy(data).into_owned()
}

/// Splits one input into up to `n` parts at 0xFF bytes (never valid UTF-8, so never in a seed's text).
pub fn parts(data: &[u8], n: usize) -> Vec<String> {
    let mut out: Vec<String> = data.splitn(n, |&b| b == 0xFF).map(text).collect();
    out.resize(n, String::new());
    out
}
