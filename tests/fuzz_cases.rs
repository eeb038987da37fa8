//! The inputs the fuzz targets in `fuzz/` found bugs with, kept in `tests/fuzz-cases/TARGET/`
//! and run through the same code and the same checks as their target
//! (`tests/fuzz_checks/`). `markdown_xhtml` and `manifest` cases are the raw bytes;
//! `paragraph_layout` cases are text (`cargo fuzz fmt paragraph_layout ARTIFACT` prints one).
//! Each folder's README.md says which case found which bug, and which were picked by hand
//! from the fuzzers' corpora as hard inputs without having found one.

mod fuzz_checks;

use std::path::PathBuf;

/// The case files of a target; a missing or empty folder fails.
fn cases(target: &str) -> Vec<(PathBuf, Vec<u8>)> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fuzz-cases")
        .join(target);
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|entry| entry.expect("a folder entry").path())
        .filter(|p| p.is_file() && !p.ends_with("README.md"))
        .collect();
    files.sort();
    assert!(!files.is_empty(), "no cases in {}", dir.display());
    files
        .into_iter()
        .map(|p| {
            let bytes = std::fs::read(&p).expect("read a case");
            (p, bytes)
        })
        .collect()
}

/// Runs every case, naming each one that fails.
fn run(target: &str, check: impl Fn(&[u8])) {
    let mut failed = Vec::new();
    for (path, bytes) in cases(target) {
        let name = path
            .file_name()
            .expect("a name")
            .to_string_lossy()
            .into_owned();
        if std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| check(&bytes))).is_err() {
            failed.push(name);
        }
    }
    assert!(failed.is_empty(), "{target}: failing cases {failed:?}");
}

#[test]
fn markdown_xhtml_cases() {
    run("markdown_xhtml", fuzz_checks::markdown_xhtml);
}

#[test]
fn paragraph_layout_cases() {
    run("paragraph_layout", |bytes| {
        let text = std::str::from_utf8(bytes).expect("a paragraph case is UTF-8");
        fuzz_checks::paragraph_layout(&fuzz_checks::ParagraphCase::from_text(text));
    });
}

#[test]
fn manifest_cases() {
    run("manifest", fuzz_checks::manifest);
}
