//! Markdown an editor writes that CommonMark alone reads differently from what was meant:
//! list styles changing, strikethrough, task lists, code.

use super::common::{missing, piece, zip_entry};
use super::{build_piece, ScratchBook};
use std::path::{Path, PathBuf};
use std::process::Command;

/// Builds a one-piece book of `body`, which must be accepted; returns the book (kept alive)
/// and the paths of its EPUB and PDF.
fn accepted(body: &str) -> (ScratchBook, PathBuf, PathBuf) {
    let (code, stderr, book) = build_piece(piece(body).as_bytes());
    assert_eq!(code, Some(0), "refused:\n{stderr}");
    let out = book.path().join("out");
    // build_piece has checked that out/ holds the EPUB and the PDF, whole, and nothing else.
    let files = super::files_in(&out);
    let [epub, pdf] = files.as_slice() else {
        panic!("not two outputs in {}", out.display())
    };
    let (epub, pdf) = (out.join(epub), out.join(pdf));
    (book, epub, pdf)
}

/// The piece's XHTML in the EPUB.
fn piece_xhtml(epub: &Path) -> String {
    zip_entry(epub, "EPUB/piece-01.xhtml")
}

/// What a poppler tool (`pdftotext`, `pdffonts`) prints for `pdf`, or None when it is not
/// installed (a failure under CI).
fn poppler(tool: &str, args: &[&str], pdf: &Path) -> Option<String> {
    let out = Command::new(tool)
        .args(args)
        .arg(pdf)
        .args(if tool == "pdftotext" { &["-"][..] } else { &[] })
        .output();
    let Ok(out) = out else {
        missing(tool, "apt-get install poppler-utils");
        return None;
    };
    assert!(out.status.success(), "{tool} failed on {}", pdf.display());
    Some(String::from_utf8_lossy(&out.stdout).into_owned())
}

#[test]
fn a_lettered_list_after_a_numbered_one_is_a_list_of_its_own() {
    let body = "Steps:\n\n1. one\n2. two\na. three\nb. four\n\nAnd back:\n\ni. first\nii. second\n\n1. again\n";
    let (_book, epub, pdf) = accepted(body);
    let xhtml = piece_xhtml(&epub);
    let lists: Vec<&str> = xhtml
        .match_indices("<ol")
        .map(|(at, _)| {
            let end = xhtml[at..].find("</ol>").map_or(xhtml.len(), |e| at + e);
            &xhtml[at..end]
        })
        .collect();
    assert_eq!(lists.len(), 4, "{xhtml}");
    assert!(
        lists[0].starts_with("<ol class=\"decimal\">"),
        "{}",
        lists[0]
    );
    assert_eq!(lists[0].matches("<li>").count(), 2, "{}", lists[0]);
    assert!(
        lists[1].starts_with("<ol class=\"lower-alpha\" type=\"a\">"),
        "{}",
        lists[1]
    );
    assert!(!lists[1].contains("start="), "{}", lists[1]);
    assert_eq!(lists[1].matches("<li>").count(), 2, "{}", lists[1]);
    assert!(
        lists[2].starts_with("<ol class=\"lower-roman\""),
        "{}",
        lists[2]
    );
    assert!(
        lists[3].starts_with("<ol class=\"decimal\">"),
        "{}",
        lists[3]
    );
    if let Some(text) = poppler("pdftotext", &["-layout"], &pdf) {
        for item in [
            "1. one",
            "2. two",
            "a. three",
            "b. four",
            "i. first",
            "ii. second",
            "1. again",
        ] {
            assert!(text.contains(item), "{item:?} not in:\n{text}");
        }
    }
}
