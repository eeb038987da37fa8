//! Whole builds of every book in `books/`, judged by EPUBCheck, Ace and by reading the EPUB.

mod common;

use common::*;
use std::path::PathBuf;
use std::process::Command;

#[test]
fn epubcheck_finds_no_errors_or_warnings() {
    // One JVM per book, in parallel: a run takes seconds, mostly start-up.
    let reports: Vec<(PathBuf, Option<std::process::Output>)> = std::thread::scope(|s| {
        let handles: Vec<_> = built_epubs()
            .iter()
            .map(|epub| s.spawn(move || (epub.clone(), epubcheck(epub))))
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().expect("thread"))
            .collect()
    });
    let mut failures = String::new();
    for (epub, out) in &reports {
        let Some(out) = out else {
            return;
        };
        if !out.status.success() {
            failures.push_str(&format!(
                "{}:\n{}{}\n",
                epub.display(),
                String::from_utf8_lossy(&out.stdout),
                String::from_utf8_lossy(&out.stderr)
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "EPUBCheck reported problems:\n{failures}"
    );
}

#[test]
fn ace_finds_no_accessibility_violations() {
    let (Some(ace), Some(chromium)) = (ace(), chromium()) else {
        missing("Ace by DAISY with Chromium", ".ci/install-tools");
        return;
    };
    let mut failures = String::new();
    for epub in built_epubs() {
        let report_dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(format!(
            "ace-{}",
            epub.file_stem().expect("name").to_string_lossy()
        ));
        let out = Command::new(&ace)
            .args(["-E", "-f", "-s", "-o"])
            .arg(&report_dir)
            .arg(epub)
            .env("PUPPETEER_EXECUTABLE_PATH", &chromium)
            .output()
            .expect("run ace");
        let report = std::fs::read_to_string(report_dir.join("report.json")).unwrap_or_default();
        // The overall outcome; exit status 2 means violations, 1 that Ace itself failed.
        let passed = out.status.success() && report.contains("\"earl:outcome\": \"pass\"");
        if !passed {
            let violations: Vec<&str> = report
                .lines()
                .filter(|l| l.contains("\"dct:title\"") || l.contains("\"dct:description\""))
                .collect();
            failures.push_str(&format!(
                "{} (exit {:?}):\n{}\n{}\n",
                epub.display(),
                out.status.code(),
                violations.join("\n"),
                String::from_utf8_lossy(&out.stderr)
            ));
        }
    }
    assert!(failures.is_empty(), "Ace found violations:\n{failures}");
}

#[test]
fn building_twice_gives_identical_bytes() {
    let second = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("books-b");
    let _ = std::fs::remove_dir_all(&second);
    let again = build_all_into(&second);
    for (a, b) in built_epubs().iter().zip(&again) {
        let (x, y) = (
            std::fs::read(a).expect("read"),
            std::fs::read(b).expect("read"),
        );
        assert!(x == y, "{} and {} differ", a.display(), b.display());
    }
}

#[test]
fn container_starts_with_stored_mimetype() {
    for epub in built_epubs() {
        let bytes = std::fs::read(epub).expect("read");
        // Local file header: name at offset 30, compression method 0 (stored) at offset 8.
        assert_eq!(&bytes[30..38], b"mimetype", "{}", epub.display());
        assert_eq!(&bytes[8..10], &[0, 0], "{}", epub.display());
        assert_eq!(&bytes[38..58], b"application/epub+zip");
    }
}

fn epub_named(name: &str) -> PathBuf {
    built_epubs()
        .iter()
        .find(|p| p.file_stem().is_some_and(|s| s == name))
        .unwrap_or_else(|| panic!("book {name} was built"))
        .clone()
}

#[test]
fn farsi_book_reads_right_to_left() {
    let epub = epub_named("aurora-may-day-2012");
    let opf = zip_entry(&epub, "EPUB/package.opf");
    assert!(opf.contains("page-progression-direction=\"rtl\""), "{opf}");
    assert!(opf.contains("<dc:language>fa</dc:language>"));
    for doc in [
        "EPUB/nav.xhtml",
        "EPUB/titlepage.xhtml",
        "EPUB/piece-01.xhtml",
    ] {
        let html = zip_entry(&epub, doc);
        assert!(
            html.contains(r#"lang="fa" xml:lang="fa" dir="rtl""#),
            "{doc} is not marked rtl"
        );
    }
    // Persian emphasis is never slanted.
    let css = zip_entry(&epub, "EPUB/css/book.css");
    assert!(css.contains(":lang(fa) em, em:lang(fa), :lang(ar) em, em:lang(ar) { font-style: normal; font-weight: 700; }"));
}

#[test]
fn mixed_book_keeps_each_chapters_direction() {
    let epub = epub_named("organising-among-workers");
    let opf = zip_entry(&epub, "EPUB/package.opf");
    assert!(opf.contains("page-progression-direction=\"ltr\""));
    assert!(
        opf.contains("<dc:language>en</dc:language>\n<dc:language>fa</dc:language>"),
        "{opf}"
    );
    let english = zip_entry(&epub, "EPUB/piece-01.xhtml");
    assert!(english.contains(r#"<html xmlns="http://www.w3.org/1999/xhtml" xmlns:epub="http://www.idpf.org/2007/ops" lang="en" xml:lang="en" dir="ltr">"#));
    let farsi = zip_entry(&epub, "EPUB/piece-05.xhtml");
    assert!(farsi.contains(r#"lang="fa" xml:lang="fa" dir="rtl""#));
    // The Latin phrase inside the Farsi statement is isolated with its own language.
    assert!(
        farsi.contains(r#"(<span lang="en" xml:lang="en" dir="ltr">Bretton Woods</span>)"#),
        "Bretton Woods is not isolated"
    );
    // « » and Persian digits, no ASCII quotes turned into “ ”.
    assert!(farsi.contains("«رشد سالم»"));
    assert!(farsi.contains("۱۹۷۱"));
    assert!(!farsi.contains('“') && !farsi.contains('”'));
    // The nav gives the Farsi chapter its own direction.
    let nav = zip_entry(&epub, "EPUB/nav.xhtml");
    assert!(nav.contains(r#"<li lang="fa" xml:lang="fa" dir="rtl"><a href="piece-05.xhtml">"#));
}

#[test]
fn metadata_names_contributors_with_roles_and_accessibility() {
    let epub = epub_named("organising-among-workers");
    let opf = zip_entry(&epub, "EPUB/package.opf");
    for needle in [
        "<dc:identifier id=\"pub-id\">urn:uuid:",
        "<dc:contributor id=\"edt-1\">",
        "property=\"role\" scheme=\"marc:relators\">edt</meta>",
        "property=\"role\" scheme=\"marc:relators\">aut</meta>",
        "<dc:publisher>",
        "<dc:date>2026-11-22</dc:date>",
        "<meta property=\"dcterms:modified\">2026-11-22T00:00:00Z</meta>",
        "schema:accessModeSufficient",
        "schema:accessibilityHazard\">none",
        "schema:accessibilitySummary",
        "<dc:source>004_8dca83688104d47a.txt</dc:source>",
    ] {
        assert!(opf.contains(needle), "package.opf lacks {needle}");
    }
    let colophon = zip_entry(&epub, "EPUB/colophon.xhtml");
    assert!(colophon.contains("004_8dca83688104d47a.txt"));
    assert!(colophon.contains("CC BY-SA 4.0"));
}

#[test]
fn letters_use_the_epigraph_and_signature_conventions() {
    let epub = epub_named("letters-and-interview");
    let html = zip_entry(&epub, "EPUB/piece-01.xhtml");
    assert!(html
        .contains("<blockquote class=\"epigraph\" epub:type=\"epigraph\" role=\"doc-epigraph\">"));
    assert!(html.contains("<p class=\"attribution\">— Marx, <em>The Eighteenth Brumaire of Louis Bonaparte</em></p>"), "{html}");
    assert!(html.contains("<p class=\"signature\">Internationalist Greetings<br/>Internationalist Voice<br/>15 October 2011</p>"));
}

#[test]
fn lettered_lists_keep_their_letters() {
    let epub = epub_named("organising-among-workers");
    let html = zip_entry(&epub, "EPUB/piece-01.xhtml");
    assert!(html.contains("<ol class=\"lower-alpha\" type=\"a\">"));
    assert!(
        !html.contains("<p>a. "),
        "a lettered item was left as a paragraph"
    );
}

/// A 2×3 PNG, for a book with a cover image.
const COVER_PNG: &[u8] = &[
    0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52,
    0x00, 0x00, 0x00, 0x02, 0x00, 0x00, 0x00, 0x03, 0x08, 0x02, 0x00, 0x00, 0x00, 0x36, 0x88, 0x49,
    0xd6, 0x00, 0x00, 0x00, 0x10, 0x49, 0x44, 0x41, 0x54, 0x78, 0x9c, 0x63, 0x38, 0xa0, 0xa0, 0x00,
    0x44, 0x0c, 0x28, 0x14, 0x00, 0x42, 0xd5, 0x06, 0x01, 0xe6, 0xdf, 0xda, 0x8b, 0x00, 0x00, 0x00,
    0x00, 0x49, 0x45, 0x4e, 0x44, 0xae, 0x42, 0x60, 0x82,
];

#[test]
fn a_cover_image_becomes_the_cover() {
    let book = ScratchBook::new(&[
        (
            "book.toml",
            &format!("cover = \"cover.png\"\n{}", manifest(&["a.md"])),
        ),
        (
            "a.md",
            &piece("Text with a Persian word, سازمان‌ها, in it.\n"),
        ),
    ]);
    std::fs::write(book.path().join("cover.png"), COVER_PNG).expect("write cover");
    let out = book.path().join("out");
    let o = build_epub(book.path(), &out);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let epub = std::fs::read_dir(&out)
        .expect("out")
        .next()
        .expect("one file")
        .expect("entry")
        .path();
    let opf = zip_entry(&epub, "EPUB/package.opf");
    assert!(
        opf.contains(r#"href="images/cover.png" media-type="image/png" properties="cover-image""#),
        "{opf}"
    );
    let cover = zip_entry(&epub, "EPUB/cover.xhtml");
    assert!(
        cover.contains(r#"<img src="images/cover.png" alt="Test"/>"#),
        "{cover}"
    );
    common::assert_epubcheck_clean(&epub);
}
