//! What must land on the page: deep nesting, notes on notes, extreme paper sizes, wide
//! tables and characters written as entities. Every character of the source is drawn inside
//! the trim — read back from the PDF with PyMuPDF — or the build is refused with its line.

use super::common::{self, has_pymupdf, manifest, piece, repo, ScratchBook};
use super::{assert_whole_outputs, book_name, build_piece, files_in, pamphlet};
use std::path::Path;

/// A word of a page, as PyMuPDF reads it, with its box from the page's top left.
#[derive(serde::Deserialize)]
struct Word {
    text: String,
    #[serde(rename = "box")]
    bounds: [f64; 4],
}

/// A page's trim box and words.
#[derive(serde::Deserialize)]
struct PageWords {
    trim: [f64; 4],
    words: Vec<Word>,
}

/// The words of every page of `pdf`, or `None` (with a notice; a failure under CI) without
/// PyMuPDF.
fn words_of(pdf: &Path) -> Option<Vec<PageWords>> {
    if !has_pymupdf() {
        common::missing("PyMuPDF", "pip install pymupdf");
        return None;
    }
    let tool = repo().join("tests/tools/pdf_words.py");
    let o = std::process::Command::new("python3")
        .arg(tool)
        .arg(pdf)
        .output()
        .expect("run python3");
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    Some(serde_json::from_slice(&o.stdout).expect("the words as JSON"))
}

/// Every word of `pdf` lies inside its page's trim box, and each of `tokens` is read from it
/// exactly once.
fn assert_inside_and_whole(pdf: &Path, tokens: &[String], case: &str) {
    let Some(pages) = words_of(pdf) else {
        return;
    };
    for (n, page) in pages.iter().enumerate() {
        let [left, top, right, bottom] = page.trim;
        for w in &page.words {
            let [x0, y0, x1, y1] = w.bounds;
            assert!(
                x0 >= left - 0.5 && y0 >= top - 0.5 && x1 <= right + 0.5 && y1 <= bottom + 0.5,
                "{case}: “{}” at {:?} is outside page {}'s trim {:?}",
                w.text,
                w.bounds,
                n + 1,
                page.trim
            );
        }
    }
    let read: Vec<&str> = pages
        .iter()
        .flat_map(|p| &p.words)
        .map(|w| w.text.trim_end_matches(['.', ',']))
        .collect();
    for token in tokens {
        let times = read.iter().filter(|w| **w == token).count();
        assert_eq!(
            times, 1,
            "{case}: “{token}” is read {times} times from the PDF"
        );
    }
}

/// The text of an XHTML document, its tags left out.
fn without_tags(xhtml: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for c in xhtml.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            _ if !in_tag => out.push(c),
            _ => {}
        }
    }
    out
}

/// Words that nothing hyphenates or cuts (they hold a digit and are short), distinct so that
/// each can be found once: `prefix` and a number.
fn tokens(prefix: &str, count: usize) -> Vec<String> {
    (1..=count).map(|i| format!("{prefix}{i}")).collect()
}

/// A piece with quotes and lists nested `depth` deep, each level's text made of `tokens`,
/// a note called only from another note, and a table.
fn deep_piece(depth: usize) -> (String, Vec<String>) {
    let mut body = String::new();
    let mut all = Vec::new();
    let quote_words = tokens("q", depth * 6);
    for (level, chunk) in quote_words.chunks(6).enumerate() {
        body.push_str(&"> ".repeat(level + 1));
        body.push_str(&chunk.join(" "));
        body.push_str("\n\n");
    }
    let list_words = tokens("l", depth * 6);
    for (level, chunk) in list_words.chunks(6).enumerate() {
        body.push_str(&"  ".repeat(level));
        body.push_str("- ");
        body.push_str(&chunk.join(" "));
        body.push('\n');
    }
    body.push_str("\nText n1 n2 with a note.[^a]\n\n");
    body.push_str("[^a]: The note n3 n4 calls another.[^b]\n\n[^b]: Inner n5 n6 note.\n\n");
    body.push_str("| c1 head | c2 head |\n|---|---|\n| c3 c4 | c5 c6 |\n");
    all.extend(quote_words);
    all.extend(list_words);
    all.extend(tokens("n", 6));
    all.extend(tokens("c", 6));
    (piece(&body), all)
}

/// A manifest with everything the front matter sets: a long title, a subtitle, authors,
/// an editor, a translator and a publisher.
fn full_manifest() -> String {
    let base = manifest(&["a.md"]).replace(
        "title = \"Test\"",
        "title = \"A Rather Long Title for a Book Set on the Smallest Pages There Are\"\nsubtitle = \"With a subtitle that runs on\"\npublisher = \"The Publisher\"",
    );
    format!(
        "{base}[[contributors]]\nname = \"Ann Author\"\nrole = \"author\"\n[[contributors]]\nname = \"Ed Editor\"\nrole = \"editor\"\n[[contributors]]\nname = \"Tess Translator\"\nrole = \"translator\"\n"
    )
}

#[test]
fn nesting_at_the_limit_notes_and_front_matter_are_drawn_inside_the_trim_on_every_paper() {
    let depth = pamphlet::book::MAX_NESTING;
    let (text, tokens) = deep_piece(depth);
    let book = ScratchBook::new(&[("book.toml", &full_manifest()), ("a.md", &text)]);
    let name = book_name(&book);
    // The smallest and largest pages allowed, the widest and narrowest shapes, and A5.
    for paper in ["a5", "70x100mm", "420x100mm", "70x594mm", "420x594mm", "a6"] {
        let out = book.path().join(paper);
        let o = pamphlet(&[
            "build",
            book.arg(),
            "--paper",
            paper,
            "--out",
            out.to_str().expect("utf-8"),
        ]);
        let stderr = String::from_utf8_lossy(&o.stderr);
        assert_eq!(o.status.code(), Some(0), "{paper}:\n{stderr}");
        if paper == "a5" {
            // The EPUB does not depend on the paper: checked once.
            assert_whole_outputs(&out, &name);
        } else {
            assert_eq!(
                files_in(&out),
                [format!("{name}.epub"), format!("{name}.pdf")]
            );
        }
        let pdf = out.join(format!("{name}.pdf"));
        assert_inside_and_whole(&pdf, &tokens, paper);
        // The front matter too: the title page's words and the half-title's.
        let Some(pages) = words_of(&pdf) else {
            return;
        };
        let read: Vec<&str> = pages
            .iter()
            .flat_map(|p| &p.words)
            .map(|w| w.text.as_str())
            .collect();
        for word in [
            "Smallest",
            "subtitle",
            "Author",
            "Editor",
            "Translator",
            "Publisher",
        ] {
            assert!(read.contains(&word), "{paper}: “{word}” is not in the PDF");
        }
    }
}

#[test]
fn nesting_past_the_limit_is_refused_by_check_and_build_with_its_line() {
    let depth = pamphlet::book::MAX_NESTING + 1;
    let quotes = format!("{}too deep\n", "> ".repeat(depth));
    let lists: String = (0..depth)
        .map(|level| format!("{}- level {level}\n", "  ".repeat(level)))
        .collect();
    let mixed = format!("{}too deep\n", "> - ".repeat(depth.div_ceil(2)));
    for (case, body, line) in [
        ("quotes", quotes, "a.md:7:"),
        ("lists", lists, &format!("a.md:{}:", 7 + depth - 1)),
        ("mixed", mixed, "a.md:7:"),
    ] {
        let text = piece(&body);
        let (code, stderr, book) = build_piece(text.as_bytes());
        assert_eq!(code, Some(1), "{case}:\n{stderr}");
        assert!(
            stderr.contains("nested more than") && stderr.contains(line),
            "{case}: build does not name {line}:\n{stderr}"
        );
        let o = pamphlet(&["check", book.arg()]);
        let stderr = String::from_utf8_lossy(&o.stderr);
        assert_eq!(o.status.code(), Some(1), "{case}:\n{stderr}");
        assert!(
            stderr.contains("nested more than") && stderr.contains(line),
            "{case}: check does not name {line}:\n{stderr}"
        );
    }
}

#[test]
fn a_note_called_only_from_another_note_is_set_in_the_pdf_with_the_epubs_number() {
    let text = piece(
        "Body b1 calls one.[^a] And b2 another.[^c]\n\n[^a]: Outer o1 calls the inner.[^b]\n\n[^b]: Inner i1 note, calling itself.[^b]\n\n[^c]: Plain p1 note.\n",
    );
    let (code, stderr, book) = build_piece(text.as_bytes());
    assert_eq!(code, Some(0), "{stderr}");
    let name = book_name(&book);
    let out = book.path().join("out");
    let pdf = out.join(format!("{name}.pdf"));
    let tokens: Vec<String> = ["b1", "b2", "o1", "i1", "p1"].map(String::from).into();
    assert_inside_and_whole(&pdf, &tokens, "notes");
    // The EPUB numbers the inner note 3 (its reference is read after the body's two):
    // so does the PDF, at the foot of the page.
    let epub = common::zip_entry(&out.join(format!("{name}.epub")), "EPUB/piece-01.xhtml");
    let epub_text = without_tags(&epub);
    assert!(epub_text.contains("3. Inner i1"), "{epub_text}");
    let Some(pages) = words_of(&pdf) else {
        return;
    };
    let page = pages
        .iter()
        .find(|p| p.words.iter().any(|w| w.text == "i1"))
        .expect("a page with the inner note");
    let i = page
        .words
        .iter()
        .position(|w| w.text == "Inner")
        .expect("the inner note's first word");
    assert_eq!(page.words[i - 1].text, "3.", "the inner note's number");
}

#[test]
fn a_character_written_as_an_entity_is_held_to_the_fonts_with_its_column() {
    for (entity, shown) in [
        ("&#x1F600;", "U+1F600"),
        ("&#128512;", "U+1F600"),
        ("&#x1b;", "U+001B"),
    ] {
        let text = piece(&format!("Fine text.\n\nAn {entity} here.\n"));
        let (code, stderr, book) = build_piece(text.as_bytes());
        assert_eq!(code, Some(1), "{entity}:\n{stderr}");
        assert!(
            stderr.contains(shown) && stderr.contains("a.md:9:4"),
            "{entity}:\n{stderr}"
        );
        let o = pamphlet(&["check", book.arg()]);
        let stderr = String::from_utf8_lossy(&o.stderr);
        assert_eq!(o.status.code(), Some(1), "{entity}:\n{stderr}");
        assert!(stderr.contains("a.md:9:4"), "{entity}:\n{stderr}");
    }
    // Entities the fonts have are set; in code they are not entities at all.
    let text = piece("Caf&eacute; &mdash; and `&#x1F600;` in code.\n");
    let (code, stderr, _) = build_piece(text.as_bytes());
    assert_eq!(code, Some(0), "{stderr}");
}

#[test]
fn a_table_keeps_its_words_whole_or_says_where_it_could_not() {
    // Four columns of long words fit A5 when the columns follow their content: nothing is
    // broken and nothing is said.
    let fits = piece(
        "| Organisation | Responsibilities | Communication | Internationalism |\n|---|---|---|---|\n| Neighbourhood committees meet weekly | distributing newspapers | underground correspondence | solidarity |\n",
    );
    let (code, stderr, book) = build_piece(fits.as_bytes());
    assert_eq!(code, Some(0), "{stderr}");
    assert!(!stderr.contains("warning"), "{stderr}");
    let name = book_name(&book);
    let words: Vec<String> = [
        "Organisation",
        "Responsibilities",
        "Communication",
        "Internationalism",
        "Neighbourhood",
        "distributing",
        "correspondence",
    ]
    .map(String::from)
    .into();
    assert_inside_and_whole(
        &book.path().join("out").join(format!("{name}.pdf")),
        &words,
        "a table that fits",
    );
    // Ten such columns cannot fit even in the smallest type: built, with a warning that
    // names the table's line.
    let head = "| Organisation ".repeat(10) + "|\n" + &"|---".repeat(10) + "|\n";
    let row = "| Internationalism ".repeat(10) + "|\n";
    let wide = piece(&format!("Before.\n\n{head}{row}"));
    let (code, stderr, _) = build_piece(wide.as_bytes());
    assert_eq!(code, Some(0), "{stderr}");
    assert!(
        stderr.contains("table too wide") && stderr.contains("a.md:9"),
        "{stderr}"
    );
}

#[test]
fn a_deep_list_keeps_every_marker_whole_on_the_narrowest_page() {
    // A marker wider than its squeezed slot was broken over two lines, and the second ("."
    // of "1.") was lost.
    let depth = pamphlet::book::MAX_NESTING;
    let items: Vec<String> = (0..depth)
        .map(|i| format!("{}1. level{} item", "   ".repeat(i), i + 1))
        .collect();
    let book = ScratchBook::new(&[
        ("book.toml", &manifest(&["a.md"])),
        ("a.md", &piece(&format!("{}\n", items.join("\n")))),
    ]);
    let out = book.path().join("out");
    let o = pamphlet(&[
        "build",
        book.arg(),
        "--paper",
        "70x100mm",
        "--out",
        out.to_str().expect("utf-8"),
    ]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let pdf = out.join(format!("{}.pdf", book_name(&book)));
    assert_inside_and_whole(&pdf, &tokens("level", depth), "70x100mm");
    let Some(pages) = words_of(&pdf) else {
        return;
    };
    let markers = pages
        .iter()
        .flat_map(|p| &p.words)
        .filter(|w| w.text == "1.")
        .count();
    assert_eq!(markers, depth, "markers read whole");
}
