//! A piece's bytes → front matter → the document model → XHTML, which must be well-formed.
#![no_main]

#[path = "../../tests/fuzz_checks/mod.rs"]
mod checks;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    checks::markdown_xhtml(data);
});
