//! The EPUB carries the print edition's pages: every book is built as EPUB and PDF, and the
//! EPUB's page break markers and page list are judged against the PDF as PyMuPDF reads it —
//! the folio printed on each page, and the words its text block starts with.

mod common;

use common::*;
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

/// A book built in both formats.
struct Built {
    name: String,
    epub: PathBuf,
    pdf: PathBuf,
}

/// Every book, built once per test binary with `--format all`.
fn built() -> &'static [Built] {
    static BUILT: OnceLock<Vec<Built>> = OnceLock::new();
    BUILT.get_or_init(|| {
        let out = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("page-list");
        let _ = std::fs::remove_dir_all(&out);
        book_names()
            .into_iter()
            .map(|name| {
                let o = build_format(&repo().join("books").join(&name), &out, "all");
                assert!(
                    o.status.success(),
                    "building {name} failed:\n{}",
                    String::from_utf8_lossy(&o.stderr)
                );
                Built {
                    epub: out.join(format!("{name}.epub")),
                    pdf: out.join(format!("{name}.pdf")),
                    name,
                }
            })
            .collect()
    })
}

// ---------------------------------------------------------------------------------------
// Reading the EPUB.

/// A page break marker found in a content document.
#[derive(Debug, Clone)]
struct Marker {
    /// The content document, relative to the package document.
    file: String,
    id: String,
    label: String,
    /// The text before the marker in its document (tags left out).
    before: String,
    /// The text after it.
    after: String,
    /// The text after it up to the next marker that stands somewhere else.
    reach: String,
    /// The first start tag after it that is not another marker.
    next_tag: String,
}

/// The value of attribute `name` in the start tag `tag`.
fn attr(tag: &str, name: &str) -> Option<String> {
    let key = format!(" {name}=\"");
    let start = tag.find(&key)? + key.len();
    let end = start + tag[start..].find('"')?;
    Some(unescape(&tag[start..end]))
}

fn unescape(s: &str) -> String {
    s.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
}

/// The text of a stretch of XHTML: tags dropped, block ends and line breaks as spaces.
fn text_of_markup(markup: &str) -> String {
    let mut out = String::new();
    let mut rest = markup;
    while let Some(lt) = rest.find('<') {
        out.push_str(&rest[..lt]);
        let Some(gt) = rest[lt..].find('>') else {
            break;
        };
        let tag = &rest[lt..lt + gt + 1];
        if tag.starts_with("</") || tag.starts_with("<br") || tag.starts_with("<li") {
            // Inline end tags join their text to what follows; block ends do not, but an
            // extra space between words changes no word.
            if !["</em>", "</strong>", "</a>", "</span>", "</code>"].contains(&tag) {
                out.push(' ');
            }
        }
        rest = &rest[lt + gt + 1..];
    }
    out.push_str(rest);
    unescape(&out)
}

/// The body of an XHTML document.
fn body(html: &str) -> &str {
    let start = html.find("<body").expect("a body");
    let end = html.rfind("</body>").expect("a body end");
    &html[start..end]
}

/// The package's spine: content documents in reading order, relative to the package.
fn spine(epub: &Path) -> Vec<String> {
    let opf = zip_entry(epub, "EPUB/package.opf");
    let mut hrefs = HashMap::new();
    for item in opf.split("<item ").skip(1) {
        let tag = &item[..item.find("/>").expect("item end")];
        let tag = format!(" {tag}");
        hrefs.insert(
            attr(&tag, "id").expect("item id"),
            attr(&tag, "href").expect("item href"),
        );
    }
    opf.split("<itemref ")
        .skip(1)
        .map(|r| {
            let tag = format!(" {}", &r[..r.find("/>").expect("itemref end")]);
            hrefs[&attr(&tag, "idref").expect("idref")].clone()
        })
        .collect()
}

/// Every element carrying `epub:type="pagebreak"`, in spine order, with the text around it.
fn markers(epub: &Path) -> Vec<Marker> {
    let mut out = Vec::new();
    for file in spine(epub) {
        let html = zip_entry(epub, &format!("EPUB/{file}"));
        let html = body(&html);
        // Each marker's tag, as a byte range.
        let mut tags = Vec::new();
        let mut from = 0;
        while let Some(at) = html[from..].find("epub:type=\"pagebreak\"") {
            let at = from + at;
            let start = html[..at].rfind('<').expect("tag start");
            let end = at + html[at..].find('>').expect("tag end") + 1;
            tags.push(start..end);
            from = end;
        }
        for (i, range) in tags.iter().enumerate() {
            let tag = &html[range.clone()];
            assert!(
                tag.starts_with("<span ") && tag.ends_with("/>"),
                "{file}: a page break is an empty span: {tag}"
            );
            assert_eq!(
                attr(tag, "role").as_deref(),
                Some("doc-pagebreak"),
                "{file}: {tag}"
            );
            let reach_end = tags[i + 1..]
                .iter()
                .find(|next| {
                    !text_of_markup(&html[range.end..next.start])
                        .trim()
                        .is_empty()
                })
                .map_or(html.len(), |next| next.start);
            let mut rest = &html[range.end..];
            let next_tag = loop {
                let Some(lt) = rest.find('<') else {
                    break String::new();
                };
                let gt = lt + rest[lt..].find('>').expect("tag end") + 1;
                let next = &rest[lt..gt];
                if !next.contains("epub:type=\"pagebreak\"") {
                    break next.to_string();
                }
                rest = &rest[gt..];
            };
            out.push(Marker {
                file: file.clone(),
                id: attr(tag, "id").unwrap_or_else(|| panic!("{file}: no id on {tag}")),
                label: attr(tag, "aria-label")
                    .unwrap_or_else(|| panic!("{file}: no aria-label on {tag}")),
                before: text_of_markup(&html[..range.start]),
                after: text_of_markup(&html[range.end..]),
                reach: text_of_markup(&html[range.end..reach_end]),
                next_tag,
            });
        }
    }
    out
}

/// The nav document's page list: `(href, label)` in order.
fn page_list(epub: &Path) -> Vec<(String, String)> {
    let nav = zip_entry(epub, "EPUB/nav.xhtml");
    let Some(at) = nav.find("epub:type=\"page-list\"") else {
        return Vec::new();
    };
    let start = nav[..at].rfind("<nav").expect("nav start");
    let tag = &nav[start..start + nav[start..].find('>').expect("nav tag end")];
    assert!(tag.contains("role=\"doc-pagelist\""), "{tag}");
    assert!(tag.contains("hidden="), "the page list is hidden: {tag}");
    assert!(
        attr(tag, "aria-label").is_some_and(|l| !l.trim().is_empty()),
        "the page list has a name: {tag}"
    );
    let list = &nav[start..start + nav[start..].find("</nav>").expect("nav end")];
    list.split("<a ")
        .skip(1)
        .map(|a| {
            let tag = format!(" {}", &a[..a.find('>').expect("a end")]);
            let label = &a[a.find('>').expect("a end") + 1..a.find("</a>").expect("</a>")];
            (attr(&tag, "href").expect("href"), unescape(label))
        })
        .collect()
}

/// The ids defined in a content document.
fn ids(epub: &Path, file: &str) -> HashSet<String> {
    let html = zip_entry(epub, &format!("EPUB/{file}"));
    html.split(" id=\"")
        .skip(1)
        .map(|s| s[..s.find('"').expect("id end")].to_string())
        .collect()
}

// ---------------------------------------------------------------------------------------
// Reading the PDF.

#[derive(Debug, serde::Deserialize)]
struct PdfPage {
    /// The folio as extracted.
    folio: Option<String>,
    /// Lines of the text block, top to bottom.
    lines: Vec<PdfLine>,
}

#[derive(Debug, serde::Deserialize)]
struct PdfLine {
    size: f64,
    text: String,
}

/// The A5 text block: the running head's baseline is above it, the folio's below.
const TEXT_TOP: f64 = 40.0;
const TEXT_BOTTOM: f64 = 595.28 - 68.0 + 10.0;
/// Notes are set at 8.5 pt (English) or 9 pt (Persian); every kind of piece text, quotes
/// included, is larger.
const NOTE_SIZE_MAX: f64 = 9.25;

/// Each page of `pdf` as PyMuPDF reads it, or None when PyMuPDF is missing.
fn pdf_pages(pdf: &Path) -> Option<Vec<PdfPage>> {
    if !has_pymupdf() {
        return None;
    }
    let out = Command::new("python3")
        .arg(repo().join("tests/tools/pdf_page_tops.py"))
        .arg(pdf)
        .arg(TEXT_TOP.to_string())
        .arg(TEXT_BOTTOM.to_string())
        .output()
        .expect("run python3");
    assert!(
        out.status.success(),
        "pdf_page_tops.py failed:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    Some(serde_json::from_slice(&out.stdout).expect("page JSON"))
}

/// The printed page number of a folio (ASCII or Persian digits), if it is a number: front
/// matter folios are roman or letters.
fn folio_number(folio: &str) -> Option<usize> {
    let digits: String = folio
        .chars()
        .filter_map(|c| match c {
            '0'..='9' => Some(c),
            '۰'..='۹' => char::from_digit(c as u32 - '۰' as u32, 10),
            _ => None,
        })
        .collect();
    let letters = folio.chars().any(|c| c.is_alphabetic());
    (!digits.is_empty() && !letters).then(|| digits.parse().expect("digits"))
}

/// A folio as a reader reads it: without the invisible direction marks set before it.
fn visible(s: &str) -> String {
    s.chars()
        .filter(|c| !matches!(c, '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}'))
        .collect::<String>()
        .trim()
        .to_string()
}

/// The printed body pages of a PDF: printed number → page.
fn body_pages(pages: &[PdfPage]) -> HashMap<usize, &PdfPage> {
    pages
        .iter()
        .filter_map(|p| Some((folio_number(p.folio.as_deref()?)?, p)))
        .collect()
}

/// A page starts with piece text: its text block's first line is not a note.
fn starts_with_text(page: &PdfPage) -> bool {
    page.lines.first().is_some_and(|l| l.size > NOTE_SIZE_MAX)
}

// ---------------------------------------------------------------------------------------
// Comparing words.

/// Words and numbers, as extractors and XHTML can both give them back: runs of letters and
/// runs of digits, lower-cased, with what PDF extraction drops or changes (ZWNJ, tatweel,
/// bidi controls, optional Arabic marks, the hamza of ۀ) left out, Arabic letter forms
/// as Persian, digits as ASCII.
fn tokens(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut word = String::new();
    let mut digit = false;
    for c in text.chars() {
        let c = match c {
            '\u{200B}'..='\u{200F}'
            | '\u{202A}'..='\u{202E}'
            | '\u{2066}'..='\u{2069}'
            | '\u{00AD}'
            | '\u{0640}'
            | '\u{064B}'..='\u{065F}'
            | '\u{0670}' => continue,
            'ۀ' => 'ه',
            'ي' => 'ی',
            'ك' => 'ک',
            '۰'..='۹' => char::from_digit(c as u32 - '۰' as u32, 10).expect("digit"),
            '٠'..='٩' => char::from_digit(c as u32 - '٠' as u32, 10).expect("digit"),
            c => c,
        };
        if c.is_alphanumeric() {
            let is_digit = c.is_numeric();
            if !word.is_empty() && is_digit != digit {
                out.push(std::mem::take(&mut word));
            }
            digit = is_digit;
            word.extend(c.to_lowercase());
        } else if !word.is_empty() {
            out.push(std::mem::take(&mut word));
        }
    }
    if !word.is_empty() {
        out.push(word);
    }
    out
}

fn is_arabic(token: &str) -> bool {
    token
        .chars()
        .any(|c| ('\u{0600}'..='\u{06FF}').contains(&c) && c.is_alphabetic())
}

/// How many words after a marker must be found at the top of its page.
const WORDS: usize = 4;

/// How well a marker matches the top of its printed page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Match {
    /// The words after the marker are the words the page starts with.
    Exact,
    /// The marker stands at the start of a list, quote, signature or other block that is not
    /// a paragraph, and the page starts inside that block: the layout gives a page's place
    /// inside such blocks only as the block itself.
    InBlock,
}

/// Whether a line starts with a list item's number or letter (`2.`, `a.`, `iv)`), which
/// the XHTML leaves to its `<ol>`.
fn list_label(line: &str) -> bool {
    let line = line.trim_start();
    let label: String = line.chars().take_while(|c| c.is_alphanumeric()).collect();
    let n = label.chars().count();
    (1..=4).contains(&n)
        && line[label.len()..].starts_with(['.', ')'])
        && line[label.len()..]
            .chars()
            .nth(1)
            .is_some_and(char::is_whitespace)
}

/// The Persian words of `tokens`, in order.
fn persian(tokens: &[String]) -> Vec<String> {
    tokens.iter().filter(|t| is_arabic(t)).cloned().collect()
}

/// Whether `needle` occurs in `haystack` as a run.
fn occurs(needle: &[String], haystack: &[String]) -> bool {
    !needle.is_empty() && haystack.windows(needle.len()).any(|w| w == needle)
}

/// Whether the words after `marker` are the words `page` starts with. The page may start
/// inside a word broken across the page break: the marker then stands before that word or
/// after it. In a right-to-left line, extractors give numbers and runs of the other
/// direction out of order: there the Persian words alone are compared, in their order.
fn starts_page(marker: &Marker, page: &PdfPage) -> Result<Match, String> {
    let after: Vec<String> = tokens(&marker.after).into_iter().take(WORDS).collect();
    if after.is_empty() {
        return Err("no text follows the marker".into());
    }
    let first_line = page.lines.first().map_or("", |l| l.text.as_str());
    let top: Vec<String> = page
        .lines
        .iter()
        .take(2)
        .flat_map(|l| tokens(&l.text))
        .collect();
    // The page's words, and if its first line may start with a list item's label (which
    // the XHTML leaves to its <ol>), its words without it.
    let mut tops = vec![top.clone()];
    if list_label(first_line) {
        tops.push(top[1..].to_vec());
    }
    // The last word before the marker, as written (a compound keeps its hyphen).
    let last_word = tokens(marker.before.split_whitespace().last().unwrap_or_default());
    let exact = |after: &[String], top: &[String]| {
        let at = |i: usize| top.len() >= i + after.len() && top[i..i + after.len()] == *after;
        let Some(first) = top.first() else {
            return false;
        };
        // The marker before the words the page starts with.
        at(0)
            // Before a word hyphenated across the break: the page starts with its end.
            || (first != &after[0]
                && after[0].ends_with(first.as_str())
                && top.len() >= after.len()
                && top[1..after.len()] == after[1..])
            // After it: the page starts with the end of the word before the marker, or
            // with the part of a compound after its hyphen or dash.
            || (at(1)
                && last_word.last().is_some_and(|w| {
                    (w != first && w.ends_with(first.as_str()))
                        || (w == first && last_word.len() > 1)
                }))
    };
    let rtl = after.iter().any(|t| is_arabic(t));
    for top in &tops {
        if exact(&after, top) || (rtl && exact(&persian(&after), &persian(top))) {
            return Ok(Match::Exact);
        }
    }
    let block = [
        "<ol",
        "<ul",
        "<blockquote",
        "<p class=\"signature\"",
        "<pre",
        "<table",
    ]
    .iter()
    .any(|t| marker.next_tag.starts_with(t));
    if block {
        let reach = tokens(&marker.reach);
        let reach = if rtl { persian(&reach) } else { reach };
        let line = tokens(first_line);
        let line = if rtl { persian(&line) } else { line };
        // The line's first words, or (if it starts with a list label or the end of a word
        // hyphenated on the page before) the words after its first.
        let found = (0..2).any(|skip| {
            let words = &line[skip.min(line.len())..];
            occurs(&words[..words.len().min(WORDS)], &reach)
        });
        if found {
            return Ok(Match::InBlock);
        }
    }
    Err(format!(
        "the marker is followed by {after:?}{} (then {}), the page starts with {:?}",
        last_word
            .last()
            .map(|b| format!(" after `{b}`"))
            .unwrap_or_default(),
        marker.next_tag,
        page.lines
            .iter()
            .take(2)
            .map(|l| l.text.as_str())
            .collect::<Vec<_>>()
    ))
}

// ---------------------------------------------------------------------------------------
// The tests.

#[test]
fn page_list_lists_every_marker_in_reading_order() {
    for book in built() {
        let markers = markers(&book.epub);
        assert!(!markers.is_empty(), "{}: no page breaks", book.name);
        eprintln!("{}: {} page break markers", book.name, markers.len());
        // Ids are unique and name the page in ASCII digits; the pages go up through the
        // spine.
        let mut seen = HashSet::new();
        let mut last = 0;
        for m in &markers {
            assert!(
                seen.insert(m.id.clone()),
                "{}: id {} twice",
                book.name,
                m.id
            );
            let number: usize =
                m.id.strip_prefix("page-")
                    .and_then(|n| n.parse().ok())
                    .unwrap_or_else(|| panic!("{}: id {} is not page-N", book.name, m.id));
            assert!(
                number > last,
                "{}: page {number} comes after page {last} in reading order",
                book.name
            );
            last = number;
            assert_eq!(
                folio_number(&m.label),
                Some(number),
                "{}: marker {} is labelled {}",
                book.name,
                m.id,
                m.label
            );
        }
        // The page list names every marker, in order, with its label.
        let list = page_list(&book.epub);
        let expected: Vec<(String, String)> = markers
            .iter()
            .map(|m| (format!("{}#{}", m.file, m.id), m.label.clone()))
            .collect();
        assert_eq!(list, expected, "{}: the page list", book.name);
        // Every link resolves to an id in the file it names.
        let mut file_ids: HashMap<String, HashSet<String>> = HashMap::new();
        for (href, _) in &list {
            let (file, id) = href.split_once('#').expect("a fragment");
            let ids = file_ids
                .entry(file.to_string())
                .or_insert_with(|| ids(&book.epub, file));
            assert!(ids.contains(id), "{}: {href} points nowhere", book.name);
        }
        // The package names the print edition as the source of the pages.
        let opf = zip_entry(&book.epub, "EPUB/package.opf");
        let identifier = opf
            .split("<dc:identifier id=\"pub-id\">")
            .nth(1)
            .and_then(|s| s.split('<').next())
            .expect("identifier");
        for needle in [
            format!("<meta property=\"pageBreakSource\">{identifier}</meta>"),
            "<meta property=\"schema:accessibilityFeature\">pageBreakMarkers</meta>".into(),
            "<meta property=\"schema:accessibilityFeature\">pageNavigation</meta>".into(),
        ] {
            assert!(
                opf.contains(&needle),
                "{}: package lacks {needle}",
                book.name
            );
        }
    }
}

#[test]
fn every_printed_page_that_starts_with_text_is_marked() {
    for book in built() {
        let Some(pages) = pdf_pages(&book.pdf) else {
            missing("PyMuPDF", "pip install pymupdf (or .ci/install-tools)");
            return;
        };
        let body = body_pages(&pages);
        assert!(!body.is_empty(), "{}: no numbered pages", book.name);
        let markers = markers(&book.epub);
        let marked: HashMap<usize, &Marker> = markers
            .iter()
            .map(|m| (folio_number(&m.label).expect("numbered"), m))
            .collect();
        let mut problems = Vec::new();
        let mut numbers: Vec<_> = body.keys().copied().collect();
        numbers.sort_unstable();
        for n in &numbers {
            let page = body[n];
            match (starts_with_text(page), marked.get(n)) {
                (true, None) => problems.push(format!(
                    "page {n} starts with {:?} and has no marker",
                    page.lines[0].text
                )),
                (false, Some(m)) => problems.push(format!(
                    "page {n} starts with no piece text, yet {} marks it",
                    m.id
                )),
                (true, Some(m)) => {
                    let folio = visible(page.folio.as_deref().unwrap_or_default());
                    if m.label != folio {
                        problems.push(format!(
                            "page {n} is printed {folio:?} but labelled {:?}",
                            m.label
                        ));
                    }
                }
                (false, None) => {}
            }
        }
        for n in marked.keys() {
            if !body.contains_key(n) {
                problems.push(format!(
                    "marker for page {n}, which the PDF does not number"
                ));
            }
        }
        assert!(
            problems.is_empty(),
            "{}:\n{}",
            book.name,
            problems.join("\n")
        );
    }
}

#[test]
fn markers_stand_where_the_printed_pages_start() {
    let mut report = String::new();
    for book in built() {
        let Some(pages) = pdf_pages(&book.pdf) else {
            missing("PyMuPDF", "pip install pymupdf (or .ci/install-tools)");
            return;
        };
        let body = body_pages(&pages);
        let (mut exact, mut in_block) = (Vec::new(), Vec::new());
        for m in markers(&book.epub) {
            let n = folio_number(&m.label).expect("numbered");
            let Some(page) = body.get(&n) else {
                report.push_str(&format!("{}: no printed page {n}\n", book.name));
                continue;
            };
            match starts_page(&m, page) {
                Ok(Match::Exact) => exact.push(n),
                Ok(Match::InBlock) => in_block.push(n),
                Err(problem) => report.push_str(&format!(
                    "{} page {n} ({}#{}): {problem}\n",
                    book.name, m.file, m.id
                )),
            }
        }
        eprintln!(
            "{}: {} markers where their pages start, {} at the start of the block their pages start in (pages {in_block:?})",
            book.name,
            exact.len(),
            in_block.len()
        );
    }
    assert!(report.is_empty(), "misplaced page breaks:\n{report}");
}

#[test]
fn word_tokens_ignore_what_extraction_changes() {
    assert_eq!(tokens("Hello, world—again"), ["hello", "world", "again"]);
    assert_eq!(
        tokens("سرمایه\u{200C}داری ۲۰۱۲"),
        tokens("\u{200E}سرمایهداری 2012")
    );
    assert_eq!(tokens("word1"), ["word", "1"]);
    assert_eq!(folio_number("\u{200E}۱۲"), Some(12));
    assert_eq!(folio_number("v"), None);
    assert_eq!(folio_number("ز"), None);
    assert!(list_label("a. Establish and expand"));
    assert!(list_label("12) twelve"));
    assert!(!list_label("a party that is involved"));
    assert!(!list_label("e.g. this"));
}
