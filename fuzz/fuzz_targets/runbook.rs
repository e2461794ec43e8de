//! Markdown runbooks: headings, anchors and sections.
#![no_main]

use libfuzzer_sys::fuzz_target;
use obslint_fuzz::{guard, quiet_caught_panics, text};

fuzz_target!(init: quiet_caught_panics(), |data: &[u8]| {
    let source = text(data);
    guard(|| {
        let doc = obslint::runbook::RunbookDoc::parse(&source);
        for h in &doc.headings {
            assert!(doc.has_anchor(&h.slug), "heading {:?} has no anchor", h.slug);
            let _ = doc.section_headings(Some(&h.slug));
        }
        assert_eq!(doc, obslint::runbook::RunbookDoc::parse(&source));
    });
});
