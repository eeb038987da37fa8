//! Inputs that were quadratic or worse: text repeated tens of thousands of times, a paragraph
//! of a hundred thousand note references, megabyte titles and headings. Each is run at a size
//! the old code could not finish within the hang guard; that it now does, with the right
//! result, is the test (their growth is measured by benches/hostile-sizes.py, not here).

use super::common::{manifest, piece, ScratchBook};
use super::{assert_whole_outputs, build_piece, files_in, pamphlet};

/// `check` on `book`: its exit code and stderr.
fn check(book: &ScratchBook) -> (Option<i32>, String) {
    let o = pamphlet(&["check", book.arg()]);
    (
        o.status.code(),
        String::from_utf8_lossy(&o.stderr).into_owned(),
    )
}

/// A book of one piece, `a.md`, holding `body`.
fn one_piece_book(body: &str) -> ScratchBook {
    ScratchBook::new(&[("book.toml", &manifest(&["a.md"])), ("a.md", &piece(body))])
}

#[test]
fn text_repeated_forty_thousand_times_is_checked_as_one_repeat() {
    // 600 KB on one line: the check once took minutes and gigabytes (a warning for every
    // twelve words, each showing the whole line).
    let repeated = "very long note ".repeat(40_000);
    let book = one_piece_book(&format!("{repeated}\n"));
    let (code, stderr) = check(&book);
    assert_eq!(code, Some(0), "{stderr}");
    // The first 12 words are the text; the other 119,988 repeat it, in one run.
    assert!(
        stderr.contains("warning: 119988 words repeat the text at")
            && stderr.contains("a.md:7:61")
            && stderr.contains("no errors, 1 warning(s)"),
        "{stderr}"
    );
    // The line is shown cut around the span, not whole.
    assert!(
        stderr.len() < 2_000,
        "{} bytes of diagnostics",
        stderr.len()
    );
    assert!(files_in(&book.path().join("out")).is_empty());
}

#[test]
fn a_paragraph_repeated_forty_thousand_times_is_reported_twenty_times_and_counted() {
    // Each repeat is a run of its own (a different word follows each), 40,000 of them.
    let paragraph = "The workers of the factory met on Monday and decided to strike until paid";
    let body: String = (0..40_000).map(|i| format!("{paragraph} n{i} ")).collect();
    let book = one_piece_book(&format!("{body}\n"));
    let (code, stderr) = check(&book);
    assert_eq!(code, Some(0), "{stderr}");
    assert_eq!(
        stderr.matches("14 words repeat the text at").count(),
        20,
        "{stderr}"
    );
    assert!(
        stderr.contains(
            "39979 more runs of repeated text in this piece, from here on, are not shown"
        ) && stderr.contains("no errors, 21 warning(s)"),
        "{stderr}"
    );
}

/// A body of one paragraph with `n` note references, and the `n` notes.
fn notes_body(n: usize) -> String {
    let refs: String = (0..n).map(|i| format!("x[^n{i}] ")).collect();
    let notes: String = (0..n).map(|i| format!("[^n{i}]: Note {i}.\n")).collect();
    format!("{refs}\n\n{notes}")
}

#[test]
fn fifty_thousand_note_references_in_one_paragraph_are_built() {
    // 30,000 took 10 s in a release build and 100,000 took 106 s: every glyph looked through
    // the paragraph's notes, every note through every marker, every page through every note
    // still to come. Quadratic, 50,000 would be past the hang guard in a debug build.
    let n = 50_000;
    let book = one_piece_book(&notes_body(n));
    let o = pamphlet(&["build", book.arg()]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let out = book.path().join("out");
    let name = super::book_name(&book);
    assert_eq!(
        files_in(&out),
        [format!("{name}.epub"), format!("{name}.pdf")]
    );
    let pdf = std::fs::read(out.join(format!("{name}.pdf"))).expect("read the PDF");
    assert!(pdf.starts_with(b"%PDF-") && pdf.trim_ascii_end().ends_with(b"%%EOF"));
    // Every note and every reference is in the EPUB. (EPUBCheck takes minutes on an EPUB
    // of a few thousand notes, growing with them: it is run on the same paragraph with 300
    // notes below.)
    let epub = out.join(format!("{name}.epub"));
    let text = super::common::zip_entry(&epub, "EPUB/piece-01.xhtml");
    assert_eq!(text.matches("epub:type=\"footnote\"").count(), n);
    assert_eq!(text.matches("epub:type=\"noteref\"").count(), n);
}

#[test]
fn a_paragraph_of_note_references_gives_a_valid_epub() {
    assert_eq!(build_piece(piece(&notes_body(300)).as_bytes()).0, Some(0));
}

#[test]
fn a_ten_megabyte_book_title_is_refused_by_check_and_build_with_its_line() {
    let title = "long title words ".repeat(600_000);
    let toml = manifest(&["a.md"]).replace("title = \"Test\"", &format!("title = \"{title}\""));
    let book = ScratchBook::new(&[("book.toml", &toml), ("a.md", &piece("Text.\n"))]);
    for command in ["check", "build"] {
        let o = pamphlet(&[command, book.arg()]);
        let stderr = String::from_utf8_lossy(&o.stderr);
        assert_eq!(o.status.code(), Some(1), "{command}: {stderr}");
        assert!(
            stderr.contains("the book's title has 10200000 characters; at most 300 are allowed")
                && stderr.contains("book.toml:1:9")
                && stderr.contains("subtitle"),
            "{command}: {}",
            &stderr[..stderr.len().min(2_000)]
        );
        assert!(
            stderr.len() < 2_000,
            "{command}: the title was echoed whole"
        );
        assert!(files_in(&book.path().join("out")).is_empty(), "{command}");
    }
}

#[test]
fn a_megabyte_piece_title_or_heading_is_refused_with_its_line() {
    let long = "words ".repeat(200_000);
    let titled = piece("Text.\n").replace("title = \"A piece\"", &format!("title = \"{long}\""));
    let (code, stderr, _) = build_piece(titled.as_bytes());
    assert_eq!(code, Some(1));
    assert!(
        stderr.contains("the piece's title has 1200000 characters") && stderr.contains("a.md:2:9"),
        "{}",
        &stderr[..stderr.len().min(2_000)]
    );
    let (code, stderr, book) = build_piece(piece(&format!("## {long}\n\nText.\n")).as_bytes());
    assert_eq!(code, Some(1));
    assert!(
        stderr.contains("the heading has 1199999 characters; at most 1000 are allowed")
            && stderr.contains("a.md:7:1"),
        "{}",
        &stderr[..stderr.len().min(2_000)]
    );
    let (code, stderr) = check(&book);
    assert_eq!(code, Some(1));
    assert!(stderr.contains("the heading has 1199999 characters"));
}

#[test]
fn a_long_title_and_a_paragraph_long_heading_are_built_whole() {
    // At the limits: a 300-character title, for the book and the piece, and a heading of
    // 1,000 characters, on the title page, the openings, running heads, the colophon, the
    // contents and the EPUB's metadata and navigation.
    let title: String = "A long title of the kind once printed whole on a title page; "
        .repeat(5)
        .chars()
        .take(300)
        .collect();
    let heading: String = "A heading as long as a paragraph, which some editors write. "
        .repeat(20)
        .chars()
        .take(1_000)
        .collect();
    let toml = manifest(&["a.md"]).replace("title = \"Test\"", &format!("title = \"{title}\""));
    let text = piece(&format!(
        "Text.\n\n## {}\n\nMore text.\n",
        heading.trim_end()
    ))
    .replace("title = \"A piece\"", &format!("title = \"{title}\""));
    let book = ScratchBook::new(&[("book.toml", &toml), ("a.md", &text)]);
    let (code, stderr) = check(&book);
    assert_eq!(code, Some(0), "{stderr}");
    let o = pamphlet(&["build", book.arg()]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert_whole_outputs(&book.path().join("out"), &super::book_name(&book));
}
