//! The obslint binary: everything lives in the library so tests can run it without a process.

fn main() {
    std::process::exit(obslint::app::run(std::env::args_os()));
}
