//! The PDF's navigation — outline, links, page labels, viewer settings — as PyMuPDF and qpdf
//! read it, checked against the books' own pieces, headings and notes and against the text
//! printed on the pages.
//!
//! The books in `books/` have no footnotes, so a small book with notes in an English and a
//! Farsi piece is built beside them for the note links.

mod common;

use common::*;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

/// The name of the book with notes written for these tests.
const NOTES_BOOK: &str = "notes";

/// A built PDF and the book it was built from.
struct Built {
    name: String,
    pdf: PathBuf,
    book: pamphlet::book::Book,
}

/// Writes the book with notes: an English piece long enough for its notes to fall on several
/// pages, with sections and a subsection, and a Farsi piece with notes in Persian digits.
fn write_notes_book(dir: &Path) {
    let _ = std::fs::remove_dir_all(dir);
    std::fs::create_dir_all(dir).expect("mkdir");
    let write = |name: &str, text: &str| std::fs::write(dir.join(name), text).expect("write");
    write("book.toml", &manifest(&["01-notes.md", "02-notes-fa.md"]));
    let para = "Workers organise where they work, and the circles they form meet, argue \
                and act together against the bosses and the state. ";
    let mut body = String::from("## First section\n\n");
    for i in 1..=8 {
        body += &format!(
            "{}This claim needs a source.[^n{i}] {}\n\n",
            para.repeat(3),
            para.repeat(2)
        );
        if i == 4 {
            body += "## Second section\n\n### A subsection\n\n";
        }
    }
    for i in 1..=8 {
        body += &format!(
            "[^n{i}]: Note number {i} explains the claim: see the pamphlet of the year {}, \
             page {}.\n\n",
            1980 + i,
            i * 3
        );
    }
    write(
        "01-notes.md",
        &format!(
            "+++\ntitle = \"A piece with notes\"\nlang = \"en\"\nsource = \"seed.txt\"\n+++\n\n{body}"
        ),
    );
    let fa = "کارگران در محل کار خود سازمان می‌یابند و محفل‌هایی که می‌سازند با هم بحث و عمل \
              می‌کنند. ";
    let mut body = String::from("## بخش نخست\n\n");
    for i in 1..=3 {
        body += &format!(
            "{}این ادعا منبع می‌خواهد.[^f{i}] {}\n\n",
            fa.repeat(4),
            fa.repeat(3)
        );
    }
    // Each note's words differ from the start; a number inside the text would come out of
    // MuPDF elsewhere in the line (it gives a line's runs of each direction in visual order).
    for (i, nth) in ["یکم", "دوم", "سوم"].iter().enumerate() {
        body += &format!("[^f{}]: یادداشت {nth} منبع این ادعا را می‌گوید.\n\n", i + 1);
    }
    write(
        "02-notes-fa.md",
        &format!(
            "+++\ntitle = \"نوشته‌ای با یادداشت\"\nlang = \"fa\"\nsource = \"seed.txt\"\n+++\n\n{body}"
        ),
    );
}

/// Builds the PDFs of the books and of the book with notes, once per test binary.
fn built() -> &'static [Built] {
    static BUILT: OnceLock<Vec<Built>> = OnceLock::new();
    BUILT.get_or_init(|| {
        let root = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("pdf-navigation");
        let out = root.join("out");
        let _ = std::fs::remove_dir_all(&out);
        let notes_dir = root.join(NOTES_BOOK);
        write_notes_book(&notes_dir);
        let mut dirs: Vec<(String, PathBuf)> = book_names()
            .into_iter()
            .map(|name| {
                let dir = repo().join("books").join(&name);
                (name, dir)
            })
            .collect();
        dirs.push((NOTES_BOOK.to_string(), notes_dir));
        dirs.into_iter()
            .map(|(name, dir)| {
                let o = build_format(&dir, &out, "pdf");
                assert!(
                    o.status.success(),
                    "building {name} failed:\n{}",
                    String::from_utf8_lossy(&o.stderr)
                );
                let loaded = pamphlet::book::load(&dir);
                let book = loaded
                    .book
                    .unwrap_or_else(|| panic!("{name} loads: {:?}", loaded.diagnostics));
                Built {
                    pdf: out.join(format!("{name}.pdf")),
                    name,
                    book,
                }
            })
            .collect()
    })
}

/// What PyMuPDF reads of a PDF's navigation (`tests/tools/pdf_navigation.py`).
#[derive(serde::Deserialize)]
struct Navigation {
    toc: Vec<TocEntry>,
    labels: Vec<LabelRange>,
    pages: Vec<PageView>,
    catalog: Catalog,
    outline_problems: Vec<String>,
}

#[derive(serde::Deserialize, Debug)]
struct TocEntry {
    level: usize,
    title: String,
    collapse: bool,
    kind: String,
    page: Option<usize>,
    y: Option<f64>,
}

#[derive(serde::Deserialize, Debug, PartialEq)]
struct LabelRange {
    startpage: usize,
    prefix: String,
    firstpagenum: usize,
    style: String,
}

#[derive(serde::Deserialize)]
struct PageView {
    label: String,
    height: f64,
    text: String,
    lines: Vec<Line>,
    links: Vec<LinkView>,
}

#[derive(serde::Deserialize, Debug, Clone)]
struct Line {
    top: f64,
    baseline: f64,
    text: String,
}

#[derive(serde::Deserialize, Debug, Clone)]
struct LinkView {
    rect: [f64; 4],
    /// The text PyMuPDF finds under the link's area.
    text: String,
    kind: String,
    page: Option<usize>,
    y: Option<f64>,
}

#[derive(serde::Deserialize)]
struct Catalog {
    #[serde(rename = "PageLayout")]
    page_layout: Option<String>,
    #[serde(rename = "PageMode")]
    page_mode: Option<String>,
    #[serde(rename = "ViewerPreferences/Direction")]
    direction: Option<String>,
    #[serde(rename = "ViewerPreferences/DisplayDocTitle")]
    display_doc_title: Option<String>,
}

/// PyMuPDF's reading of `pdf`.
fn navigation(pdf: &Path) -> Navigation {
    let tool = repo().join("tests/tools/pdf_navigation.py");
    let out = Command::new("python3")
        .arg(tool)
        .arg(pdf)
        .output()
        .expect("run python3");
    assert!(
        out.status.success(),
        "pdf_navigation.py {} failed:\n{}",
        pdf.display(),
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("navigation JSON")
}

/// Every built book with PyMuPDF's reading of its PDF, read once; empty (and reported: a
/// failure under CI) when PyMuPDF is not installed.
fn read_all() -> Vec<(&'static Built, &'static Navigation)> {
    static READ: OnceLock<Option<Vec<Navigation>>> = OnceLock::new();
    let read = READ.get_or_init(|| {
        has_pymupdf().then(|| built().iter().map(|b| navigation(&b.pdf)).collect())
    });
    match read {
        Some(navs) => built().iter().zip(navs).collect(),
        None => {
            missing("PyMuPDF", "pip install pymupdf (or .ci/install-tools)");
            Vec::new()
        }
    }
}

/// The value of a digit in ASCII, Persian or Arabic-Indic digits.
fn digit(c: char) -> Option<u32> {
    match c {
        '0'..='9' => c.to_digit(10),
        '۰'..='۹' => Some(c as u32 - '۰' as u32),
        '٠'..='٩' => Some(c as u32 - '٠' as u32),
        _ => None,
    }
}

/// The numbers written in `text`, in any of those digits.
fn numbers(text: &str) -> Vec<u64> {
    let mut out = Vec::new();
    let mut current: Option<u64> = None;
    for c in text.chars() {
        match (digit(c), current) {
            (Some(d), Some(n)) => current = Some(n * 10 + u64::from(d)),
            (Some(d), None) => current = Some(u64::from(d)),
            (None, Some(n)) => {
                out.push(n);
                current = None;
            }
            (None, None) => {}
        }
    }
    out.extend(current);
    out
}

/// Letters and digits only (digits as ASCII), so that text compares whatever the spaces,
/// line breaks, hyphens at line ends, bidi controls, ZWNJ and marks an extractor gives.
fn letters(text: &str) -> String {
    text.chars()
        .filter_map(|c| match c {
            'ۀ' => Some('ه'),
            '\u{064B}'..='\u{065F}' | '\u{0670}' => None,
            c => digit(c)
                .and_then(|d| char::from_digit(d, 10))
                .or_else(|| c.is_alphanumeric().then_some(c)),
        })
        .collect()
}

/// Runs of letters and digits, as [`letters`] writes them.
fn words(text: &str) -> Vec<String> {
    text.split(|c: char| !(c.is_alphanumeric() || ('\u{064B}'..='\u{065F}').contains(&c)))
        .map(letters)
        .filter(|w| !w.is_empty())
        .collect()
}

/// The text lines of `page` from `y` down (their baselines below it), `n` of them (lines on
/// one baseline count as one), in reading order from the top.
fn lines_from(page: &PageView, y: f64, n: usize) -> Vec<Line> {
    let mut lines: Vec<&Line> = page
        .lines
        .iter()
        .filter(|l| l.baseline > y + 0.5 && l.top >= y - 2.0)
        .collect();
    lines.sort_by(|a, b| a.baseline.total_cmp(&b.baseline));
    let mut out: Vec<Line> = Vec::new();
    for line in lines {
        let full = out.len() == n;
        match out.last_mut() {
            Some(last) if (last.baseline - line.baseline).abs() < 1.0 => {
                last.text.push(' ');
                last.text.push_str(&line.text);
            }
            _ if full => break,
            _ => out.push(line.clone()),
        }
    }
    out
}

/// Whether `text` appears on `page` from `y` down, within `n` lines: all its words, in
/// order, with nothing between them.
fn printed_at(page: &PageView, y: f64, text: &str, n: usize) -> bool {
    let found: String = lines_from(page, y, n)
        .iter()
        .map(|l| letters(l.text.trim_end_matches(['-', '\u{AD}'])))
        .collect();
    found.contains(&letters(text))
}

/// The page index where the body starts: the first piece's opening.
fn first_body_page(nav: &Navigation) -> usize {
    nav.toc
        .iter()
        .find(|e| e.level == 1)
        .and_then(|e| e.page)
        .expect("the outline has a first piece")
}

/// The book's headings per piece, each with its level, as the outline should show them.
fn headings(piece: &pamphlet::book::Piece) -> Vec<(u8, String)> {
    piece
        .blocks
        .iter()
        .filter_map(|b| match b {
            pamphlet::book::Block::Heading { level, content, .. } => {
                Some((*level, pamphlet::book::Inline::plain_text(content)))
            }
            _ => None,
        })
        .collect()
}

/// The outline depth of each heading under its piece (the piece is depth 1): a heading
/// nests under the nearest heading before it of a lower level.
fn depths(levels: &[u8]) -> Vec<usize> {
    let mut open: Vec<u8> = Vec::new();
    levels
        .iter()
        .map(|level| {
            while open.last().is_some_and(|l| l >= level) {
                open.pop();
            }
            open.push(*level);
            open.len() + 1
        })
        .collect()
}

#[test]
fn outline_is_the_pieces_with_their_headings_nested() {
    let mut figures = Vec::new();
    for (built, nav) in read_all() {
        let name = &built.name;
        assert!(
            nav.outline_problems.is_empty(),
            "{name}: outline structure:\n{}",
            nav.outline_problems.join("\n")
        );
        // The top level is exactly the pieces, in order.
        let top: Vec<&str> = nav
            .toc
            .iter()
            .filter(|e| e.level == 1)
            .map(|e| e.title.as_str())
            .collect();
        let pieces: Vec<&str> = built
            .book
            .pieces
            .iter()
            .map(|p| p.meta.title.as_str())
            .collect();
        assert_eq!(top, pieces, "{name}: top-level outline entries");
        // Under each piece, its headings with their nesting.
        let mut expected: Vec<(usize, String)> = Vec::new();
        for piece in &built.book.pieces {
            expected.push((1, piece.meta.title.clone()));
            let hs = headings(piece);
            let levels: Vec<u8> = hs.iter().map(|(l, _)| *l).collect();
            expected.extend(
                depths(&levels)
                    .into_iter()
                    .zip(hs.into_iter().map(|(_, t)| t)),
            );
        }
        let got: Vec<(usize, String)> =
            nav.toc.iter().map(|e| (e.level, e.title.clone())).collect();
        assert_eq!(got, expected, "{name}: the outline");
        // Each entry points where its title is printed: on its page, from its place down.
        for entry in &nav.toc {
            assert_eq!(entry.kind, "goto", "{name}: {entry:?}");
            let (Some(page), Some(y)) = (entry.page, entry.y) else {
                panic!("{name}: {entry:?} has no destination");
            };
            let view = &nav.pages[page];
            assert!(
                (0.0..view.height).contains(&y),
                "{name}: {entry:?} off the page"
            );
            assert!(
                printed_at(view, y, &entry.title, 4),
                "{name}: `{}` is not printed at y {y:.1} of page {} (label {}); there: {:?}",
                entry.title,
                page + 1,
                view.label,
                lines_from(view, y, 4)
            );
        }
        // Pieces open, and every piece with headings shows them.
        for entry in nav.toc.iter().filter(|e| e.level == 1) {
            assert!(!entry.collapse, "{name}: piece `{}` is closed", entry.title);
        }
        figures.push(format!(
            "{name}: {} outline entries ({} pieces)",
            nav.toc.len(),
            top.len()
        ));
    }
    eprintln!("{}", figures.join("\n"));
}

/// The contents links: those on the front matter's pages, in order down the pages.
fn contents_links(nav: &Navigation) -> Vec<(usize, LinkView)> {
    let body = first_body_page(nav);
    let mut out: Vec<(usize, LinkView)> = nav.pages[..body]
        .iter()
        .enumerate()
        .flat_map(|(i, p)| p.links.iter().map(move |l| (i, l.clone())))
        .collect();
    out.sort_by(|a, b| a.0.cmp(&b.0).then(a.1.rect[1].total_cmp(&b.1.rect[1])));
    out
}

#[test]
fn contents_entries_link_to_the_piece_openings() {
    for (built, nav) in read_all() {
        let name = &built.name;
        let links = contents_links(nav);
        let pieces = &built.book.pieces;
        assert_eq!(
            links.len(),
            pieces.len(),
            "{name}: one contents link per piece"
        );
        for ((page, link), piece) in links.iter().zip(pieces) {
            let title = &piece.meta.title;
            // The link's area is on its entry: the title's first words are under it.
            let first_word = words(title).into_iter().next().expect("a word");
            assert!(
                letters(&link.text).contains(&first_word),
                "{name}: the contents link for `{title}` on page {} covers `{}`",
                page + 1,
                link.text
            );
            assert_eq!(link.kind, "goto", "{name}: {link:?}");
            let (Some(to), Some(y)) = (link.page, link.y) else {
                panic!("{name}: {link:?} has no destination");
            };
            assert!(
                printed_at(&nav.pages[to], y, title, 4),
                "{name}: the contents link for `{title}` goes to page {} at y {y:.1}, where \
                 the title is not: {:?}",
                to + 1,
                lines_from(&nav.pages[to], y, 4)
            );
        }
    }
}

#[test]
fn note_markers_link_to_their_notes_and_back() {
    let mut figures = Vec::new();
    let mut notes_seen = 0;
    let all = read_all();
    for (built, nav) in &all {
        let name = &built.name;
        let body = first_body_page(nav);
        let body_links: Vec<(usize, &LinkView)> = nav.pages[body..]
            .iter()
            .enumerate()
            .flat_map(|(i, p)| p.links.iter().map(move |l| (body + i, l)))
            .collect();
        let notes: usize = built.book.pieces.iter().map(|p| p.notes.len()).sum();
        notes_seen += notes;
        // One marker per note here (no note is referred to twice), and one link back.
        assert_eq!(
            body_links.len(),
            2 * notes,
            "{name}: {notes} notes but {} links in the body",
            body_links.len()
        );
        for piece in &built.book.pieces {
            for (k, note) in piece.notes.iter().enumerate() {
                let number = k as u64 + 1;
                let mut text = String::new();
                for block in &note.blocks {
                    if let pamphlet::book::Block::Paragraph(content) = block {
                        text += &pamphlet::book::Inline::plain_text(content);
                        text.push(' ');
                    }
                }
                let opening: String = words(&text).into_iter().take(4).collect();
                // The marker's link: from the marker (its number under the link) to the
                // note, whose first line has the note's number and its first words.
                let markers: Vec<&(usize, &LinkView)> = body_links
                    .iter()
                    .filter(|(_, l)| {
                        let (Some(to), Some(y)) = (l.page, l.y) else {
                            return false;
                        };
                        let first = lines_from(&nav.pages[to], y, 1);
                        first.first().is_some_and(|line| {
                            letters(&line.text).contains(&opening)
                                && numbers(&line.text).contains(&number)
                        }) && numbers(&l.text).contains(&number)
                    })
                    .collect();
                let [(marker_page, marker)] = markers.as_slice() else {
                    panic!(
                        "{name}: note {number} of `{}` (`{opening}`…) has {} marker links",
                        piece.meta.title,
                        markers.len()
                    );
                };
                let note_page = marker.page.expect("target");
                let note_y = marker.y.expect("target");
                assert!(
                    letters(&nav.pages[note_page].text).contains(&opening),
                    "{name}: page {} does not carry note {number}",
                    note_page + 1
                );
                // The link back: on the note's first line, to the marker's line.
                let note_line = &lines_from(&nav.pages[note_page], note_y, 1)[0];
                let backs: Vec<&(usize, &LinkView)> = body_links
                    .iter()
                    .filter(|(p, l)| {
                        let middle = (note_line.top + note_line.baseline) / 2.0;
                        *p == note_page
                            && (l.rect[1]..l.rect[3]).contains(&middle)
                            && numbers(&l.text).contains(&number)
                            && l.page == Some(*marker_page)
                    })
                    .collect();
                let [(_, back)] = backs.as_slice() else {
                    panic!(
                        "{name}: note {number} of `{}` on page {} has {} links back to page {}",
                        piece.meta.title,
                        note_page + 1,
                        backs.len(),
                        marker_page + 1
                    );
                };
                let back_y = back.y.expect("target");
                assert!(
                    back_y <= marker.rect[1] + 1.0 && marker.rect[3] <= back_y + 30.0,
                    "{name}: note {number}'s link back goes to y {back_y:.1}, its marker is at \
                     {:?}",
                    marker.rect
                );
            }
        }
        figures.push(format!(
            "{name}: {notes} notes, {} note links, {} contents links",
            body_links.len(),
            contents_links(nav).len()
        ));
    }
    eprintln!("{}", figures.join("\n"));
    assert!(
        all.is_empty() || notes_seen > 0,
        "no book had notes to follow"
    );
}

#[test]
fn page_labels_are_roman_then_the_printed_numbers() {
    for (built, nav) in read_all() {
        let name = &built.name;
        let body = first_body_page(nav);
        assert_eq!(nav.pages[0].label, "i", "{name}: first page's label");
        assert_eq!(
            nav.pages[body].label, "1",
            "{name}: first body page's label"
        );
        assert_eq!(
            nav.labels,
            vec![
                LabelRange {
                    startpage: 0,
                    prefix: String::new(),
                    firstpagenum: 1,
                    style: "r".into()
                },
                LabelRange {
                    startpage: body,
                    prefix: String::new(),
                    firstpagenum: 1,
                    style: "D".into()
                }
            ],
            "{name}: label ranges"
        );
        for (i, page) in nav.pages.iter().enumerate() {
            let expected = if i < body {
                pamphlet::book::to_roman(i as u64 + 1)
            } else {
                (i - body + 1).to_string()
            };
            assert_eq!(page.label, expected, "{name}: label of page {}", i + 1);
        }
        // The number the contents prints for each piece is the label of its opening.
        let links = contents_links(nav);
        for (k, ((page, link), piece)) in links.iter().zip(&built.book.pieces).enumerate() {
            // The entry runs from its link's line down to the next entry's (whose area
            // starts at the last line's baseline), or three more lines for the last.
            let until = links
                .get(k + 1)
                .filter(|(p, _)| p == page)
                .map_or(link.rect[1] + 64.0, |(_, next)| next.rect[1] + 1.0);
            let entry: String = nav.pages[*page]
                .lines
                .iter()
                .filter(|l| l.baseline > link.rect[1] && l.baseline < until)
                .map(|l| format!("{} ", l.text))
                .collect();
            let mut printed = numbers(&entry);
            for n in numbers(&piece.meta.title) {
                if let Some(at) = printed.iter().position(|p| *p == n) {
                    printed.remove(at);
                }
            }
            let opening = &nav.pages[link.page.expect("target")];
            assert_eq!(
                printed,
                vec![opening.label.parse::<u64>().expect("a decimal label")],
                "{name}: the contents entry `{}` prints {printed:?}; its piece opens on the \
                 page labelled {}",
                entry.trim(),
                opening.label
            );
        }
        // Every folio printed in the body is its page's label (the front matter's is in
        // abjad letters in a Farsi book, which PDF labels cannot write).
        let mut folios = 0;
        for page in &nav.pages[body..] {
            let foot: Vec<&Line> = page
                .lines
                .iter()
                .filter(|l| l.baseline > page.height - 50.0)
                .collect();
            if let [line] = foot.as_slice() {
                let n = numbers(&line.text);
                assert_eq!(
                    n,
                    vec![page.label.parse::<u64>().expect("decimal")],
                    "{name}: folio `{}` on the page labelled {}",
                    line.text,
                    page.label
                );
                folios += 1;
            }
        }
        assert!(
            folios * 2 >= nav.pages.len() - body,
            "{name}: only {folios} folios found"
        );
    }
}

#[test]
fn viewer_opens_facing_pages_with_the_outline() {
    for (built, nav) in read_all() {
        let name = &built.name;
        let rtl = built.book.meta.language.direction() == pamphlet::book::Direction::Rtl;
        assert_eq!(nav.catalog.page_layout.as_deref(), Some("/TwoPageRight"));
        assert_eq!(nav.catalog.page_mode.as_deref(), Some("/UseOutlines"));
        assert_eq!(nav.catalog.display_doc_title.as_deref(), Some("true"));
        assert_eq!(
            nav.catalog.direction.as_deref(),
            rtl.then_some("/R2L"),
            "{name}: direction"
        );
    }
}

#[test]
fn qpdf_finds_nothing_wrong_with_the_navigation() {
    for built in built() {
        let out = match Command::new("qpdf").arg("--check").arg(&built.pdf).output() {
            Ok(out) => out,
            Err(_) => {
                missing("qpdf", "apt-get install qpdf (or .ci/install-tools)");
                return;
            }
        };
        let text = format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        // qpdf exits 3 when it only warns: nothing but 0 is clean.
        assert_eq!(
            out.status.code(),
            Some(0),
            "{}: {text}",
            built.pdf.display()
        );
        assert!(
            text.contains("No syntax or stream encoding errors found")
                && !text.to_lowercase().contains("warning"),
            "{}: {text}",
            built.pdf.display()
        );
    }
}
