//! Config TOML (`obslint.toml`), loaded and resolved into settings as `check` does.
#![no_main]

use libfuzzer_sys::fuzz_target;
use obslint_fuzz::{guard, quiet_caught_panics};

fuzz_target!(init: quiet_caught_panics(), |data: &[u8]| {
    let Ok(dir) = tempfile::tempdir() else {
        return;
    };
    let path = dir.path().join("obslint.toml");
    if std::fs::write(&path, data).is_err() {
        return;
    }
    guard(|| {
        if let Ok(loaded) = obslint::config::load(Some(&path), dir.path()) {
            let args = obslint::cli::CheckArgs::new(vec![dir.path().to_path_buf()]);
            let _ = obslint::settings::resolve(&args, &loaded, dir.path().to_path_buf());
        }
    });
});
