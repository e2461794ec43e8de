//! Baseline JSON, read as `--baseline` does.
#![no_main]

use libfuzzer_sys::fuzz_target;
use obslint_fuzz::{guard, quiet_caught_panics};

fuzz_target!(init: quiet_caught_panics(), |data: &[u8]| {
    let Ok(dir) = tempfile::tempdir() else {
        return;
    };
    let path = dir.path().join("baseline.json");
    if std::fs::write(&path, data).is_err() {
        return;
    }
    guard(|| {
        let _ = obslint::baseline::Baseline::read(&path);
    });
});
