//! The obslint binary: everything lives in the library so tests can run it without a process.

fn main() {
    std::process::exit(obslint::app::run(std::env::args_os()));
}

// Parsing builds many small nodes and strings; mimalloc makes that about a quarter cheaper than glibc's.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;
