//! Markdown an editor writes that CommonMark alone reads differently from what was meant:
//! list styles changing, strikethrough, task lists, code.

use super::common::{missing, piece, zip_entry};
use super::{build_piece, ScratchBook};
use std::path::{Path, PathBuf};
use std::process::Command;

/// Builds a one-piece book of `body` (English), which must be accepted; returns the book
/// (kept alive) and the paths of its EPUB and PDF.
fn accepted(body: &str) -> (ScratchBook, PathBuf, PathBuf) {
    accepted_piece(&piece(body))
}

/// The same for a whole piece, front matter and body.
fn accepted_piece(piece: &str) -> (ScratchBook, PathBuf, PathBuf) {
    let (code, stderr, book) = build_piece(piece.as_bytes());
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

/// A text of `paragraphs` paragraphs, each of `sentences` sentences, hard-wrapped at
/// `column` characters, paragraphs parted by blank lines.
fn wrapped_text(paragraphs: usize, sentences: usize, column: usize) -> String {
    let words = [
        "the",
        "committee",
        "met",
        "on",
        "Tuesday",
        "evening",
        "to",
        "discuss",
        "strike",
        "at",
        "docks",
        "and",
        "what",
        "union",
        "should",
        "do",
        "next",
    ];
    let mut out = String::new();
    for p in 0..paragraphs {
        let mut paragraph = String::new();
        for s in 0..sentences {
            let mut sentence: Vec<&str> = (0..9)
                .map(|w| words[(p * 7 + s * 3 + w) % words.len()])
                .collect();
            let first = sentence[0].to_string();
            let capital = first[..1].to_uppercase() + &first[1..];
            sentence[0] = &capital;
            paragraph.push_str(&sentence.join(" "));
            paragraph.push_str(". ");
        }
        let mut line = String::new();
        for word in paragraph.split_whitespace() {
            if !line.is_empty() && line.len() + 1 + word.len() > column {
                out.push_str(&line);
                out.push('\n');
                line.clear();
            }
            if !line.is_empty() {
                line.push(' ');
            }
            line.push_str(word);
        }
        out.push_str(&line);
        out.push_str("\n\n");
    }
    out
}

#[test]
fn import_keeps_the_first_line_of_a_wrapped_paragraph_in_the_body() {
    // A short text (a few lines, too few to tell its wrapping by counting) and a long one,
    // each opening with a wrapped paragraph whose first line has no punctuation: a line
    // that runs on into the next is not a title.
    for (paragraphs, column) in [(1, 48), (2, 40), (6, 44)] {
        let raw = wrapped_text(paragraphs, 3, column);
        let dir = tempfile::tempdir().expect("temp dir");
        let file = dir.path().join("wrapped.txt");
        std::fs::write(&file, &raw).expect("write the raw text");
        let o = super::pamphlet(&["import", file.to_str().expect("utf-8"), "--lang", "en"]);
        assert_eq!(
            o.status.code(),
            Some(0),
            "{}",
            String::from_utf8_lossy(&o.stderr)
        );
        let piece = String::from_utf8_lossy(&o.stdout);
        assert!(piece.contains("title = \"wrapped\""), "{piece}");
        let body = piece.rsplit("+++").next().expect("a body");
        let words = |t: &str| t.split_whitespace().map(str::to_string).collect::<Vec<_>>();
        assert_eq!(
            words(body),
            words(&raw),
            "a word was lost or moved:\n{piece}"
        );
        // Each paragraph comes out whole, one line of Markdown.
        assert_eq!(body.trim().split("\n\n").count(), paragraphs, "{piece}");
    }
}

/// The font files the EPUB embeds.
fn embedded_fonts(epub: &Path) -> Vec<String> {
    let file = std::fs::File::open(epub).expect("open the EPUB");
    let zip = zip::ZipArchive::new(file).expect("read the EPUB");
    zip.file_names()
        .filter(|n| n.starts_with("EPUB/fonts/"))
        .map(str::to_string)
        .collect()
}

#[test]
fn code_is_set_in_the_monospace_face_only_in_books_that_have_code() {
    let code = "Call `frobnicate(0, O, 1, l)` first:\n\n```\nfn main() {\n    let x = 10;\n\n    println!(\"{x} and a line far too long for the measure of any page: 0123456789 0123456789 0123456789\");\n}\n```\n";
    let (_book, epub, pdf) = accepted(code);
    let fonts = embedded_fonts(&epub);
    assert!(
        fonts.contains(&"EPUB/fonts/JetBrainsMono-Regular.ttf".to_string()),
        "{fonts:?}"
    );
    let css = zip_entry(&epub, "EPUB/css/book.css");
    // The rule names code inside each language too: a bare `code` loses to the `:lang()`
    // rules that set the text faces.
    let rule = css
        .lines()
        .find(|l| !l.starts_with("@font-face") && l.contains("font-family: \"JetBrains Mono\""))
        .unwrap_or_else(|| panic!("no rule sets code in the monospace face:\n{css}"));
    for selector in ["code", ":lang(en) code", ":lang(fa) code", ":lang(en) pre"] {
        assert!(
            rule.split('{')
                .next()
                .is_some_and(|s| s.split(',').any(|part| part.trim() == selector)),
            "`{selector}` is not in {rule}"
        );
    }
    let xhtml = piece_xhtml(&epub);
    assert!(
        xhtml.contains("<pre dir=\"ltr\"><code>fn main()"),
        "{xhtml}"
    );
    if let Some(list) = poppler("pdffonts", &[], &pdf) {
        assert!(list.contains("JetBrainsMono-Regular"), "{list}");
    }
    if let Some(text) = poppler("pdftotext", &["-layout"], &pdf) {
        assert!(text.contains("frobnicate(0, O, 1, l)"), "{text}");
        assert!(
            text.contains("    let x = 10;"),
            "the indent is lost:\n{text}"
        );
        // The long line wraps; nothing of it is lost.
        let joined: String = text.split_whitespace().collect();
        assert!(
            joined.contains("measureofanypage:012345678901234567890123456789\");"),
            "{text}"
        );
    }

    let (_book, epub, pdf) = accepted("No code here, only text.\n");
    let fonts = embedded_fonts(&epub);
    assert!(!fonts.iter().any(|f| f.contains("Mono")), "{fonts:?}");
    assert!(!zip_entry(&epub, "EPUB/css/book.css").contains("Mono"));
    if let Some(list) = poppler("pdffonts", &[], &pdf) {
        assert!(!list.contains("Mono"), "{list}");
    }
}

/// The filled rectangles a PDF's pages draw (`x y w h re`), from its content streams as
/// qpdf writes them uncompressed; None when qpdf is not installed (a failure under CI).
fn filled_rectangles(pdf: &Path) -> Option<Vec<[f32; 4]>> {
    let out = match Command::new("qpdf")
        .args(["--qdf", "--object-streams=disable"])
        .arg(pdf)
        .arg("-")
        .output()
    {
        Ok(out) => out,
        Err(_) => {
            missing("qpdf", "apt-get install qpdf");
            return None;
        }
    };
    assert!(out.status.success(), "qpdf failed on {}", pdf.display());
    let text = String::from_utf8_lossy(&out.stdout);
    Some(
        text.lines()
            .filter_map(|line| {
                let numbers: Vec<f32> = line
                    .strip_suffix(" re")?
                    .split_whitespace()
                    .map(|n| n.parse().ok())
                    .collect::<Option<_>>()?;
                <[f32; 4]>::try_from(numbers).ok()
            })
            .collect(),
    )
}

/// A rectangle a strike-through rule is drawn as: thinner than a point and a half, longer
/// than a word of a few letters.
fn is_strike_rule(r: &[f32; 4]) -> bool {
    r[3] > 0.0 && r[3] < 1.5 && r[2] > 10.0
}

#[test]
fn strikethrough_is_kept_and_drawn_through_the_text_in_english_and_farsi() {
    let english = "Before ~~struck words that go on long enough to run over the end of a line and onto the next~~ after.\n";
    let farsi = "+++\ntitle = \"آزمایش\"\nlang = \"fa\"\nsource = \"seed.txt\"\n+++\n\nکارگران ~~سازمان‌های قدیمی~~ را کنار گذاشتند و ~~[old unions]{lang=en}~~ دیگر نیست.\n";
    for (body, struck) in [
        (piece(english), "struck words"),
        (farsi.to_string(), "سازمان"),
    ] {
        let (_book, epub, pdf) = accepted_piece(&body);
        let xhtml = piece_xhtml(&epub);
        assert!(xhtml.contains("<del>"), "{xhtml}");
        assert!(!xhtml.contains("~~"), "{xhtml}");
        if let Some(text) = poppler("pdftotext", &[], &pdf) {
            assert!(text.contains(struck), "{text}");
            assert!(!text.contains("~~"), "{text}");
        }
        // The struck text has rules through it: over two lines in English, over the Farsi
        // and the Latin run in the Farsi piece; the same text without ~~ has none.
        if let Some(rules) = filled_rectangles(&pdf) {
            let thin: Vec<_> = rules.iter().filter(|r| is_strike_rule(r)).collect();
            assert!(thin.len() >= 2, "{rules:?}");
            let (_plain, _, plain_pdf) = accepted_piece(&body.replace("~~", ""));
            if let Some(rules) = filled_rectangles(&plain_pdf) {
                let thin = rules.iter().filter(|r| is_strike_rule(r)).count();
                assert_eq!(thin, 0, "{rules:?}");
            }
        }
    }
}

#[test]
fn task_lists_show_their_boxes_in_both_outputs() {
    let body = "To do:\n\n- [ ] print the leaflets\n- [x] book the hall\n- a plain item\n\n1. [x] numbered and done\n";
    let (_book, epub, pdf) = accepted(body);
    let xhtml = piece_xhtml(&epub);
    assert!(
        xhtml.contains("<li class=\"task\"><input type=\"checkbox\" disabled=\"disabled\" aria-label=\"Not done\"/> print the leaflets</li>"),
        "{xhtml}"
    );
    assert!(
        xhtml.contains("<input type=\"checkbox\" disabled=\"disabled\" checked=\"checked\" aria-label=\"Done\"/> book the hall"),
        "{xhtml}"
    );
    assert!(xhtml.contains("<li>a plain item</li>"), "{xhtml}");
    assert!(!xhtml.contains("[ ]") && !xhtml.contains("[x]"), "{xhtml}");
    assert!(zip_entry(&epub, "EPUB/css/book.css").contains("ul > li.task"));
    if let Some(text) = poppler("pdftotext", &["-layout"], &pdf) {
        assert!(text.contains("☐ print the leaflets"), "{text}");
        assert!(text.contains("☑ book the hall"), "{text}");
        assert!(text.contains("• a plain item"), "{text}");
        assert!(text.contains("1. ☑ numbered and done"), "{text}");
        assert!(!text.contains("[ ]") && !text.contains("[x]"), "{text}");
    }
    // A book without task items has no task styles.
    let (_book, epub, _) = accepted("- [not a task] item\n");
    assert!(!zip_entry(&epub, "EPUB/css/book.css").contains("li.task"));
    assert!(piece_xhtml(&epub).contains("<li>[not a task] item</li>"));
}

#[test]
fn characters_only_the_monospace_face_has_are_accepted_in_code_only() {
    let (_book, _, pdf) = accepted("```\n┌──┐ → λ\n└──┘\n```\n");
    if let Some(text) = poppler("pdftotext", &[], &pdf) {
        assert!(text.contains("┌──┐") && text.contains("└──┘"), "{text}");
    }
    // Outside code the text faces must have it: refused, with the place named.
    let (code, stderr, _book) = build_piece(piece("A line ┌── in text.\n").as_bytes());
    assert_eq!(code, Some(1), "{stderr}");
    assert!(
        stderr.contains("no font of the book has a glyph for ‘┌’"),
        "{stderr}"
    );
    assert!(stderr.contains("a.md:7:8"), "{stderr}");
}

#[test]
fn code_in_farsi_text_reads_left_to_right() {
    // Without an isolate, the code's `;` took the paragraph's direction and was drawn at the
    // code's other end («;let x = 1»).
    let text =
        piece("برنامه با `let x = 1;` شروع می‌شود.\n").replace("lang = \"en\"", "lang = \"fa\"");
    let (_book, _epub, pdf) = accepted_piece(&text);
    if !super::common::has_pymupdf() {
        missing("PyMuPDF", "pip install pymupdf");
        return;
    }
    let o = Command::new("python3")
        .arg(super::common::repo().join("tests/tools/pdf_words.py"))
        .arg(&pdf)
        .output()
        .expect("run python3");
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let pages: serde_json::Value = serde_json::from_slice(&o.stdout).expect("JSON");
    let words: Vec<(String, f64)> = pages
        .as_array()
        .expect("pages")
        .iter()
        .flat_map(|p| p["words"].as_array().expect("words").iter())
        .map(|w| {
            (
                w["text"].as_str().expect("text").to_string(),
                w["box"][0].as_f64().expect("x"),
            )
        })
        .collect();
    let x_of = |text: &str| {
        words
            .iter()
            .find(|(t, _)| t == text)
            .map(|(_, x)| *x)
            .unwrap_or_else(|| panic!("no word “{text}” in {words:?}"))
    };
    assert!(
        x_of("let") < x_of("x") && x_of("x") < x_of("1;"),
        "the code is not drawn left to right: {words:?}"
    );
}
