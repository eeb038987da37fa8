//! Whole PDF builds of every book, judged by tools nobody here wrote: poppler (pdftotext,
//! pdffonts), pdf.js, PyMuPDF and qpdf.

mod common;

use common::*;
use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

/// Builds the PDFs of every book into `out`.
fn build_pdfs(out: &Path) -> Vec<PathBuf> {
    book_names()
        .iter()
        .map(|name| {
            let dir = repo().join("books").join(name);
            let o = build_format(&dir, out, "pdf");
            assert!(
                o.status.success(),
                "building {name} failed:\n{}",
                String::from_utf8_lossy(&o.stderr)
            );
            out.join(format!("{name}.pdf"))
        })
        .collect()
}

fn built_pdfs() -> &'static [PathBuf] {
    static BUILT: OnceLock<Vec<PathBuf>> = OnceLock::new();
    BUILT.get_or_init(|| {
        let out = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("pdf-a");
        let _ = std::fs::remove_dir_all(&out);
        build_pdfs(&out)
    })
}

fn pdf_named(name: &str) -> PathBuf {
    built_pdfs()
        .iter()
        .find(|p| p.file_stem().is_some_and(|s| s == name))
        .expect("built")
        .clone()
}

/// Runs a command and returns its standard output, or None when the program is missing.
fn run(program: &str, args: &[&str]) -> Option<String> {
    let out = Command::new(program).args(args).output().ok()?;
    assert!(
        out.status.success(),
        "{program} {args:?} failed:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    Some(String::from_utf8_lossy(&out.stdout).into_owned())
}

#[derive(Debug, Clone, Copy)]
enum Extractor {
    Poppler,
    PdfJs,
    PyMuPdf,
}

impl Extractor {
    const ALL: [Extractor; 3] = [Extractor::Poppler, Extractor::PdfJs, Extractor::PyMuPdf];

    /// The text of each page, or None when the tool is not installed.
    fn pages(self, pdf: &Path) -> Option<Vec<String>> {
        let pdf = pdf.to_str().expect("utf-8");
        let tools = repo().join("tests/tools");
        let text = match self {
            Extractor::Poppler => run("pdftotext", &[pdf, "-"]),
            Extractor::PdfJs => {
                let pdfjs = std::env::var("PDFJS_DIST")
                    .unwrap_or_else(|_| "/opt/pamphlet-tools/node_modules/pdfjs-dist".into());
                if !Path::new(&pdfjs).is_dir() {
                    return None;
                }
                run(
                    "node",
                    &[
                        tools.join("extract_pdfjs.mjs").to_str().expect("utf-8"),
                        pdf,
                    ],
                )
            }
            Extractor::PyMuPdf => {
                if !has_pymupdf() {
                    return None;
                }
                run(
                    "python3",
                    &[
                        tools.join("extract_pymupdf.py").to_str().expect("utf-8"),
                        pdf,
                    ],
                )
            }
        }?;
        Some(text.split('\u{c}').map(str::to_string).collect())
    }

    /// How to install the tool.
    fn install(self) -> &'static str {
        match self {
            Extractor::Poppler => "apt-get install poppler-utils (or .ci/install-tools)",
            Extractor::PdfJs => {
                "npm install pdfjs-dist into /opt/pamphlet-tools (or .ci/install-tools)"
            }
            Extractor::PyMuPdf => "pip install pymupdf (or .ci/install-tools)",
        }
    }
}

/// Each extractor's pages of `pdf`; a tool that is missing is reported (a failure under CI).
fn extractions(pdf: &Path) -> Vec<(Extractor, Vec<String>)> {
    Extractor::ALL
        .into_iter()
        .filter_map(|extractor| match extractor.pages(pdf) {
            Some(pages) => Some((extractor, pages)),
            None => {
                missing(&format!("{extractor:?}"), extractor.install());
                None
            }
        })
        .collect()
}

/// Text reduced to what every extractor can give back: no bidi controls, no ZWNJ (dropped
/// with its zero-width glyph), no optional Arabic marks, ۀ as ه, one space between words
/// and none before or after Arabic punctuation (poppler moves the space across it).
fn normalize(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        let c = match c {
            'ۀ' => 'ه',
            '\u{200B}'..='\u{200F}'
            | '\u{202A}'..='\u{202E}'
            | '\u{2066}'..='\u{2069}'
            | '\u{064B}'..='\u{065F}'
            | '\u{0670}' => continue,
            c if c.is_whitespace() => ' ',
            c => c,
        };
        if c == ' ' && out.ends_with(' ') {
            continue;
        }
        out.push(c);
    }
    let mut squeezed = String::with_capacity(out.len());
    let chars: Vec<char> = out.trim().chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        let near_punct = |j: Option<usize>| {
            j.and_then(|j| chars.get(j))
                .is_some_and(|p| "،؛؟".contains(*p))
        };
        if c == ' ' && (near_punct(i.checked_sub(1)) || near_punct(Some(i + 1))) {
            continue;
        }
        squeezed.push(c);
    }
    squeezed
}

/// Words and numbers: runs of letters, and runs of digits.
fn tokens(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start: Option<(usize, bool)> = None;
    for (i, c) in text.char_indices() {
        let class = c.is_alphanumeric().then(|| c.is_numeric());
        match (start, class) {
            (Some((s, digit)), Some(d)) if d != digit => {
                out.push(&text[s..i]);
                start = Some((i, d));
            }
            (None, Some(d)) => start = Some((i, d)),
            (Some((s, _)), None) => {
                out.push(&text[s..i]);
                start = None;
            }
            _ => {}
        }
    }
    if let Some((s, _)) = start {
        out.push(&text[s..]);
    }
    out
}

fn is_arabic_letter(c: char) -> bool {
    ('\u{0600}'..='\u{06FF}').contains(&c) && c.is_alphabetic()
}

/// Pages whose letters are mostly Arabic script (`farsi`) or mostly not.
fn pages_in(pages: &[String], farsi: bool) -> String {
    pages
        .iter()
        .filter(|p| {
            let arabic = p.chars().filter(|c| is_arabic_letter(*c)).count();
            let latin = p.chars().filter(|c| c.is_ascii_alphabetic()).count();
            // A Farsi page of an English book carries the book's title as its running
            // head: a short Farsi page still counts as Farsi.
            (arabic * 3 > latin) == farsi && arabic + latin > 0
        })
        .cloned()
        .collect::<Vec<_>>()
        .join("\n")
}

/// How much of `expected` comes back, in order: LCS / length, on characters.
fn recall(expected: &str, extracted: &str) -> f64 {
    let a: Vec<char> = expected.chars().collect();
    let b: Vec<char> = extracted.chars().collect();
    lcs_len(&a, &b) as f64 / a.len().max(1) as f64
}

/// The reading text of a book's pieces in one language.
fn expected_text(book: &str, farsi: bool) -> String {
    load_book(book)
        .pieces
        .iter()
        .filter(|p| p.lang.is_persian() == farsi)
        .map(text_of)
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn farsi_text_comes_back_from_every_extractor() {
    let mut report = String::new();
    let mut failures = Vec::new();
    for book in ["aurora-may-day-2012", "organising-among-workers"] {
        let pdf = pdf_named(book);
        let expected = normalize(&expected_text(book, true));
        let words = tokens(&expected);
        for (extractor, pages) in extractions(&pdf) {
            let raw = pages_in(&pages, true);
            if let Some(c) = raw.chars().find(|c| {
                ('\u{FB50}'..='\u{FDFF}').contains(c) || ('\u{FE70}'..='\u{FEFF}').contains(c)
            }) {
                failures.push(format!(
                    "{book}/{extractor:?}: Arabic presentation form U+{:04X} in the text",
                    c as u32
                ));
            }
            let extracted = normalize(&raw);
            let score = recall(&expected, &extracted);
            let found: HashSet<&str> = tokens(&extracted).into_iter().collect();
            // Every word with لا, and every number, must come back whole.
            let lost: Vec<&str> = words
                .iter()
                .copied()
                .filter(|w| w.contains("لا") || w.chars().any(|c| ('۰'..='۹').contains(&c)))
                .filter(|w| !found.contains(w))
                .collect();
            report.push_str(&format!("{book} {extractor:?}: similarity {score:.4}, {} words with لا or digits not found\n", lost.len()));
            // MuPDF 1.26 orders neutral characters at the edges of right-to-left lines by
            // its own rule (a line's final period comes out first, «.است»), whatever the
            // producer writes; measured at 0.972–0.988 on these books. The others: ≥ 0.99.
            let floor = if matches!(extractor, Extractor::PyMuPdf) {
                0.97
            } else {
                0.99
            };
            if score < floor {
                failures.push(format!(
                    "{book}/{extractor:?}: similarity {score:.4} < {floor}"
                ));
            }
            if !lost.is_empty() {
                failures.push(format!(
                    "{book}/{extractor:?}: words not extracted whole: {}",
                    lost.join(" ")
                ));
            }
        }
    }
    eprintln!("{report}");
    assert!(failures.is_empty(), "{report}\n{}", failures.join("\n"));
}

#[test]
fn farsi_punctuation_stays_with_its_word() {
    // pdf.js keeps ، ؛ ؟ after their word, MuPDF all but a few at line edges. Poppler's own bidi pass moves the space
    // before a neutral mark in RTL text («بحران ،خود») whatever the producer writes; that is
    // reported, not asserted.
    let pdf = pdf_named("aurora-may-day-2012");
    let mut failures = Vec::new();
    for (extractor, pages) in extractions(&pdf) {
        let text: String = pages
            .join("\n")
            .chars()
            .filter(|c| !('\u{202A}'..='\u{202E}').contains(c))
            .collect();
        let detached = ["ـ ،", " ،", " ؛", " ؟"]
            .iter()
            .map(|p| text.matches(p).count())
            .sum::<usize>();
        let attached = ["،", "؛", "؟"]
            .iter()
            .map(|p| text.matches(p).count())
            .sum::<usize>();
        eprintln!("{extractor:?}: {detached} of {attached} Arabic punctuation marks detached from their word");
        // MuPDF keeps all but the odd mark at a line's edge, where its ordering rule applies.
        let allowed = match extractor {
            Extractor::PdfJs => 0,
            Extractor::PyMuPdf => attached / 50,
            Extractor::Poppler => usize::MAX,
        };
        if detached > allowed {
            failures.push(format!(
                "{extractor:?}: {detached} marks detached (at most {allowed})"
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn english_text_comes_back_from_every_extractor() {
    let mut report = String::new();
    let mut failures = Vec::new();
    for book in ["letters-and-interview", "organising-among-workers"] {
        let pdf = pdf_named(book);
        let expected = normalize(&expected_text(book, false));
        for (extractor, pages) in extractions(&pdf) {
            let extracted = normalize(&pages_in(&pages, false));
            let score = recall(&expected, &extracted);
            report.push_str(&format!("{book} {extractor:?}: similarity {score:.4}\n"));
            if score < 0.995 {
                failures.push(format!(
                    "{book}/{extractor:?}: similarity {score:.4} < 0.995"
                ));
            }
        }
    }
    eprintln!("{report}");
    assert!(failures.is_empty(), "{report}\n{}", failures.join("\n"));
}

#[test]
fn fonts_are_embedded_subset_with_tounicode() {
    for pdf in built_pdfs() {
        let Some(out) = run("pdffonts", &[pdf.to_str().expect("utf-8")]) else {
            missing("pdffonts", "apt-get install poppler-utils");
            return;
        };
        let rows: Vec<&str> = out.lines().skip(2).collect();
        assert!(!rows.is_empty(), "{} has no fonts", pdf.display());
        for row in rows {
            let cols: Vec<&str> = row.split_whitespace().collect();
            // name type(2 words) encoding emb sub uni id gen
            let n = cols.len();
            assert_eq!(
                &cols[n - 5..n - 2],
                &["yes", "yes", "yes"],
                "{}: {row}",
                pdf.display()
            );
            assert!(
                cols[0].len() > 7 && cols[0].as_bytes()[6] == b'+',
                "subset tag missing: {row}"
            );
        }
    }
}

#[test]
fn qpdf_finds_nothing_wrong() {
    for pdf in built_pdfs() {
        let out = match Command::new("qpdf").arg("--check").arg(pdf).output() {
            Ok(out) => out,
            Err(_) => {
                missing("qpdf", "apt-get install qpdf");
                return;
            }
        };
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(
            out.status.success(),
            "{}: {text}{}",
            pdf.display(),
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(
            text.contains("No syntax or stream encoding errors found"),
            "{text}"
        );
    }
}

#[test]
fn building_twice_gives_identical_pdfs() {
    let second = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("pdf-b");
    let _ = std::fs::remove_dir_all(&second);
    for (a, b) in built_pdfs().iter().zip(build_pdfs(&second)) {
        assert!(
            std::fs::read(a).expect("read") == std::fs::read(&b).expect("read"),
            "{} differs between builds",
            a.display()
        );
    }
}

#[test]
fn metadata_and_direction() {
    let farsi = std::fs::read(pdf_named("aurora-may-day-2012")).expect("read");
    let english = std::fs::read(pdf_named("letters-and-interview")).expect("read");
    let has =
        |bytes: &[u8], needle: &str| bytes.windows(needle.len()).any(|w| w == needle.as_bytes());
    assert!(has(&farsi, "/Lang (fa)"));
    assert!(has(&farsi, "/Direction /R2L"));
    assert!(has(&english, "/Lang (en)"));
    assert!(!has(&english, "/Direction /R2L"));
    let Some(info) = run(
        "pdfinfo",
        &[pdf_named("letters-and-interview").to_str().expect("utf-8")],
    ) else {
        missing("pdfinfo", "apt-get install poppler-utils");
        return;
    };
    assert!(
        info.contains("Title:           Criteria for Debate"),
        "{info}"
    );
    assert!(info.contains("Author:"), "{info}");
    assert!(
        info.contains("Page size:       419.53 x 595.28 pts"),
        "{info}"
    );
}

/// Geometry of each page as PyMuPDF sees it.
#[derive(serde::Deserialize)]
struct PageGeometry {
    height: f64,
    lines: Vec<LineBox>,
    ink: Option<[f64; 4]>,
}

#[derive(serde::Deserialize)]
struct LineBox {
    x0: f64,
    x1: f64,
    y: f64,
    size: f64,
    text: String,
}

fn geometry(pdf: &Path) -> Option<Vec<PageGeometry>> {
    if !has_pymupdf() {
        return None;
    }
    let json = run(
        "python3",
        &[
            repo()
                .join("tests/tools/pdf_geometry.py")
                .to_str()
                .expect("utf-8"),
            pdf.to_str().expect("utf-8"),
        ],
    )?;
    Some(serde_json::from_str(&json).expect("geometry JSON"))
}

/// The text block of A5 pages: inner margin 20 mm, outer 15 mm, text from 54 pt down to
/// 68 pt above the foot. A right-to-left book is bound on the right.
fn text_block(page_number: usize, rtl: bool) -> (f64, f64) {
    let mm = 72.0 / 25.4;
    let inner_left = (page_number % 2 == 1) != rtl;
    let left = if inner_left { 20.0 * mm } else { 15.0 * mm };
    (left, left + 419.53 - 35.0 * mm)
}

#[test]
fn no_glyph_or_ink_outside_the_text_block() {
    for pdf in built_pdfs() {
        let rtl = pdf.file_stem().is_some_and(|s| s == "aurora-may-day-2012");
        let Some(pages) = geometry(pdf) else {
            missing("PyMuPDF", "pip install pymupdf");
            return;
        };
        for (i, page) in pages.iter().enumerate() {
            let (left, right) = text_block(i + 1, rtl);
            for line in &page.lines {
                assert!(
                    line.x0 >= left - 0.5 && line.x1 <= right + 0.5,
                    "{} page {}: line `{}` spans {:.1}–{:.1}, block {left}–{right}",
                    pdf.display(),
                    i + 1,
                    line.text,
                    line.x0,
                    line.x1
                );
                // Running heads sit 22 pt above the text block, folios 30 pt into the foot.
                assert!(
                    line.y >= 54.0 - 22.0 && line.y <= page.height - 30.0,
                    "{} page {}: line `{}` at y {:.1}",
                    pdf.display(),
                    i + 1,
                    line.text,
                    line.y
                );
            }
            if let Some([x0, _, x1, _]) = page.ink {
                // Ink may overhang the text block by a glyph's side bearing, never more.
                assert!(
                    x0 >= left - 2.0 && x1 <= right + 2.0,
                    "{} page {}: ink from {x0:.1} to {x1:.1}, block {left}–{right}",
                    pdf.display(),
                    i + 1
                );
            }
        }
    }
}

#[test]
fn farsi_lines_are_flush_right_and_justified() {
    let pdf = pdf_named("aurora-may-day-2012");
    let Some(pages) = geometry(&pdf) else {
        missing("PyMuPDF", "pip install pymupdf");
        return;
    };
    // The first page of running text (after the front matter and the statement's opening):
    // every body line ends flush right, and most are justified flush left too.
    let is_body = |l: &&LineBox| {
        (l.size - 10.5).abs() < 0.1 && l.text.chars().filter(|c| is_arabic_letter(*c)).count() > 20
    };
    let (index, page) = pages
        .iter()
        .enumerate()
        .find(|(_, p)| p.lines.iter().filter(is_body).count() >= 15)
        .expect("a page of running text");
    let (left, right) = text_block(index + 1, true);
    let body: Vec<&LineBox> = page.lines.iter().filter(is_body).collect();
    assert!(body.len() >= 5, "page {} has too few body lines", index + 1);
    // Flush right, or indented by the paragraph indent (12 pt) on the right.
    for line in &body {
        let from_right = right - line.x1;
        assert!(
            from_right.abs() < 1.0 || (from_right - 12.0).abs() < 1.0,
            "line `{}` ends {from_right:.1} pt from the right edge",
            line.text
        );
    }
    let flush_left = body.iter().filter(|l| (l.x0 - left).abs() < 1.5).count();
    assert!(
        flush_left * 3 >= body.len() * 2,
        "only {flush_left} of {} lines justified",
        body.len()
    );
}

#[test]
fn colophon_sources_keep_their_order_in_a_farsi_book() {
    // A source is a file name or address: in a right-to-left colophon it must come out
    // whole, not with its digits moved to the other end.
    let book = load_book("aurora-may-day-2012");
    let pdf = pdf_named("aurora-may-day-2012");
    let Some(text) = run("pdftotext", &[pdf.to_str().expect("utf-8"), "-"]) else {
        missing("pdftotext", "apt-get install poppler-utils");
        return;
    };
    for piece in &book.pieces {
        let source = piece
            .meta
            .source
            .as_deref()
            .expect("every curated piece names its source");
        assert!(text.contains(source), "{source} not found in the colophon");
    }
}
