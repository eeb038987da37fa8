//! Broken books: `check` and `build` must name the file, the line and the problem, exit
//! non-zero, and leave nothing behind.

mod common;

use common::*;

/// Runs `check` and `build` on a broken book; returns check's stderr after asserting both
/// failed and nothing was written.
fn assert_broken(book: &ScratchBook) -> String {
    let check = pamphlet(&["check", book.arg()]);
    assert_eq!(check.status.code(), Some(1), "check should report problems");
    let stderr = String::from_utf8_lossy(&check.stderr).into_owned();
    let out = book.path().join("out");
    let build = build_epub(book.path(), &out);
    assert_eq!(build.status.code(), Some(1), "build should refuse the book");
    assert!(!out.exists(), "a refused build created {}", out.display());
    let build_err = String::from_utf8_lossy(&build.stderr);
    assert!(build_err.contains("nothing was written"), "{build_err}");
    stderr
}

fn assert_names(stderr: &str, file_and_line: &str, words: &str) {
    let block = diagnostic_naming(stderr, file_and_line);
    assert!(
        block.contains(words),
        "diagnostic `{block}` does not say `{words}`"
    );
    assert!(block.contains("help:"), "no hint given:\n{block}");
}

#[test]
fn a_good_scratch_book_passes() {
    let book = ScratchBook::new(&[
        ("book.toml", &manifest(&["a.md"])),
        ("a.md", &piece("Text.[^1]\n\n[^1]: A note.\n")),
    ]);
    let check = pamphlet(&["check", book.arg()]);
    assert!(
        check.status.success(),
        "{}",
        String::from_utf8_lossy(&check.stderr)
    );
    let out = book.path().join("out");
    let build = build_epub(book.path(), &out);
    assert!(
        build.status.success(),
        "{}",
        String::from_utf8_lossy(&build.stderr)
    );
    let files: Vec<_> = std::fs::read_dir(&out)
        .expect("out")
        .map(|e| e.expect("entry").file_name())
        .collect();
    assert_eq!(
        files.len(),
        1,
        "only the EPUB, no temporary files: {files:?}"
    );
}

#[test]
fn missing_piece_file() {
    let book = ScratchBook::new(&[
        ("book.toml", &manifest(&["a.md", "gone.md"])),
        ("a.md", &piece("Text.\n")),
    ]);
    let err = assert_broken(&book);
    assert_names(&err, "book.toml:5:", "`gone.md` does not exist");
}

#[test]
fn piece_path_leaving_the_book_folder() {
    let book = ScratchBook::new(&[
        ("book.toml", &manifest(&["../outside.md"])),
        ("a.md", &piece("Text.\n")),
    ]);
    std::fs::write(
        book.path().parent().expect("parent").join("outside.md"),
        piece("x"),
    )
    .ok();
    let err = assert_broken(&book);
    assert_names(&err, "book.toml:5:", "leaves the book folder");
}

#[cfg(unix)]
#[test]
fn symlink_leading_out_of_the_book_folder() {
    let book = ScratchBook::new(&[("book.toml", &manifest(&["a.md"]))]);
    let outside = tempfile::NamedTempFile::new().expect("temp");
    std::fs::write(outside.path(), piece("secret")).expect("write");
    std::os::unix::fs::symlink(outside.path(), book.path().join("a.md")).expect("symlink");
    let err = assert_broken(&book);
    assert_names(&err, "book.toml:5:", "leads out of the book folder");
}

#[test]
fn unknown_manifest_key() {
    let toml = format!("{}autor = \"X\"\n", manifest(&["a.md"]));
    let book = ScratchBook::new(&[("book.toml", &toml), ("a.md", &piece("Text.\n"))]);
    let err = assert_broken(&book);
    assert_names(&err, "book.toml:6:", "unknown field `autor`");
}

#[test]
fn invalid_toml() {
    let toml = manifest(&["a.md"]).replace("title = \"Test\"", "title = \"Test");
    let book = ScratchBook::new(&[("book.toml", &toml), ("a.md", &piece("Text.\n"))]);
    let err = assert_broken(&book);
    assert_names(&err, "book.toml:1:", "error");
}

#[test]
fn bad_manifest_values() {
    let toml = manifest(&["a.md"])
        .replace(
            "urn:uuid:12345678-1234-4234-8234-123456789abc",
            "urn:uuid:nope",
        )
        .replace("2026-01-01", "January 2026")
        .replace("language = \"en\"", "language = \"english!\"");
    let book = ScratchBook::new(&[("book.toml", &toml), ("a.md", &piece("Text.\n"))]);
    let err = assert_broken(&book);
    assert_names(&err, "book.toml:2:", "not a BCP 47 language tag");
    assert_names(&err, "book.toml:3:", "not a valid urn:uuid");
    assert_names(&err, "book.toml:4:", "not a date");
}

#[test]
fn bad_front_matter() {
    let text = "+++\ntitle = \"A piece\"\nlang = \"en\"\nauthor = \"X\"\nsource = \"s.txt\"\n+++\n\nText.\n";
    let book = ScratchBook::new(&[("book.toml", &manifest(&["a.md"])), ("a.md", text)]);
    let err = assert_broken(&book);
    assert_names(&err, "a.md:4:", "unknown field `author`");
}

#[test]
fn front_matter_missing_title_or_fences() {
    // A piece needs a title; its `source` may be left out (original writing).
    let no_title = "+++\nlang = \"en\"\n+++\n\nText.\n";
    let no_fences = "Just text.\n";
    let book = ScratchBook::new(&[
        ("book.toml", &manifest(&["a.md", "b.md"])),
        ("a.md", no_title),
        ("b.md", no_fences),
    ]);
    let err = assert_broken(&book);
    assert_names(&err, "a.md:2", "missing field `title`");
    assert_names(&err, "b.md:1", "no front matter");
}

#[test]
fn raw_html_is_rejected() {
    let body = "A paragraph.\n\nAnother line<br>with a break.\n\n<div>block</div>\n\n<!-- an editor's comment is fine -->\n";
    let book = ScratchBook::new(&[("book.toml", &manifest(&["a.md"])), ("a.md", &piece(body))]);
    let err = assert_broken(&book);
    assert_names(&err, "a.md:9:", "raw HTML is not allowed: `<br>`");
    assert_names(
        &err,
        "a.md:11:",
        "raw HTML is not allowed: `<div>block</div>`",
    );
    assert!(
        !err.contains("comment"),
        "an HTML comment was reported:\n{err}"
    );
}

#[test]
fn footnote_reference_without_its_note() {
    let body = "First.[^1]\n\nSecond.[^missing]\n\n[^1]: The first note.\n";
    let book = ScratchBook::new(&[("book.toml", &manifest(&["a.md"])), ("a.md", &piece(body))]);
    let err = assert_broken(&book);
    assert_names(&err, "a.md:9:", "`[^missing]` has no note");
}

#[test]
fn note_never_referenced() {
    let body = "Text.\n\n[^lost]: Nobody points here.\n";
    let book = ScratchBook::new(&[("book.toml", &manifest(&["a.md"])), ("a.md", &piece(body))]);
    let err = assert_broken(&book);
    assert_names(&err, "a.md:9:", "`[^lost]` is never referenced");
}

#[test]
fn fences_must_match() {
    let body = "Text.\n::: epigraph\nQuote.\n\n::: sidebar\nx\n:::\n";
    let book = ScratchBook::new(&[("book.toml", &manifest(&["a.md"])), ("a.md", &piece(body))]);
    let err = assert_broken(&book);
    assert_names(&err, "a.md:11:", "opens inside `::: epigraph`");
}

#[test]
fn title_heading_and_bad_span() {
    let body = "# Title again\n\nSome [Latin]{lang=??} here.\n";
    let book = ScratchBook::new(&[("book.toml", &manifest(&["a.md"])), ("a.md", &piece(body))]);
    let err = assert_broken(&book);
    assert_names(&err, "a.md:7:", "`#` headings are not used inside a piece");
    assert_names(&err, "a.md:9", "not a BCP 47 language tag");
}

#[test]
fn empty_piece_and_invalid_utf8() {
    let book = ScratchBook::new(&[
        ("book.toml", &manifest(&["a.md", "b.md"])),
        ("a.md", &piece("")),
    ]);
    std::fs::write(book.path().join("b.md"), b"+++\ntitle = \"x\"\n\xff\xfe\n").expect("write");
    let err = assert_broken(&book);
    assert_names(&err, "a.md:6", "has no text");
    assert_names(&err, "b.md:3", "not valid UTF-8");
}

#[test]
fn missing_book_folder_or_manifest() {
    let book = ScratchBook::new(&[("a.md", &piece("x"))]);
    let err = assert_broken(&book);
    assert_names(&err, "book.toml", "cannot read the manifest");
}

#[test]
fn characters_no_font_has_are_reported() {
    let book = ScratchBook::new(&[
        ("book.toml", &manifest(&["a.md"])),
        ("a.md", &piece("A smile 😀 and 漢字.\n")),
    ]);
    let err = assert_broken(&book);
    assert_names(
        &err,
        "a.md:7:9",
        "no font of the book has a glyph for ‘😀’ (U+1F600)",
    );
    assert_names(&err, "a.md:7:15", "‘漢’ (U+6F22)");
}
