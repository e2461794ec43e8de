//! The obslint binary: everything lives in the library so tests can run it without a process.

use std::ffi::c_void;

// Parsing builds many small nodes and strings; mimalloc makes that about a quarter cheaper than glibc's.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    use_mimalloc_for_tree_sitter();
    std::process::exit(obslint::app::run(std::env::args_os()));
}

// tree-sitter's C core allocates through its own hooks (glibc malloc by default), and parsing Python is
// most of a run's time: give it the same allocator. tree-sitter requires non-null results for non-zero
// sizes, so out-of-memory aborts, as glibc's default would.
unsafe extern "C" fn ts_malloc(size: usize) -> *mut c_void {
    let p = unsafe { libmimalloc_sys::mi_malloc(size) };
    if p.is_null() && size > 0 {
        std::process::abort();
    }
    p
}

unsafe extern "C" fn ts_calloc(count: usize, size: usize) -> *mut c_void {
    let p = unsafe { libmimalloc_sys::mi_calloc(count, size) };
    if p.is_null() && count > 0 && size > 0 {
        std::process::abort();
    }
    p
}

unsafe extern "C" fn ts_realloc(ptr: *mut c_void, size: usize) -> *mut c_void {
    let p = unsafe { libmimalloc_sys::mi_realloc(ptr, size) };
    if p.is_null() && size > 0 {
        std::process::abort();
    }
    p
}

unsafe extern "C" fn ts_free(ptr: *mut c_void) {
    unsafe { libmimalloc_sys::mi_free(ptr) }
}

fn use_mimalloc_for_tree_sitter() {
    // SAFETY: called once, first thing in main, before any tree-sitter object exists; the four functions
    // are one allocator family and return malloc-aligned memory.
    unsafe {
        tree_sitter::set_allocator(Some(tree_sitter::Allocator {
            malloc: ts_malloc,
            calloc: ts_calloc,
            realloc: ts_realloc,
            free: ts_free,
        }));
    }
}
