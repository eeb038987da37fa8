//! Input that was accepted but made an EPUB that EPUBCheck refuses: links that lead nowhere
//! or to schemes reading systems do not follow, URLs with characters a URL may not hold,
//! heading ids that collide with the ids the outputs make, damaged covers. Each is now
//! either refused by `check` and `build` alike with its file and line, or built into an
//! EPUB that EPUBCheck passes with no error and no warning.

use super::common::{self, manifest, piece, ScratchBook};
use super::{assert_whole_outputs, build_piece, files_in, pamphlet};
use std::path::Path;
use std::process::Command;

/// `check` and `build` of `book` both refuse it (exit status 1), each naming every one of
/// `places` (`a.md:7`), and nothing is written.
fn refused_by_check_and_build(book: &ScratchBook, places: &[&str]) -> String {
    let check = pamphlet(&["check", book.arg()]);
    let check_err = String::from_utf8_lossy(&check.stderr).into_owned();
    assert_eq!(check.status.code(), Some(1), "check:\n{check_err}");
    let build = pamphlet(&["build", book.arg()]);
    let build_err = String::from_utf8_lossy(&build.stderr).into_owned();
    assert_eq!(build.status.code(), Some(1), "build:\n{build_err}");
    for place in places {
        assert!(
            check_err.contains(place),
            "check names no {place}:\n{check_err}"
        );
        assert!(
            build_err.contains(place),
            "build names no {place}:\n{build_err}"
        );
    }
    assert!(
        files_in(&book.path().join("out")).is_empty(),
        "a refused build wrote {:?}",
        files_in(&book.path().join("out"))
    );
    check_err
}

/// A one-piece book holding `body` in `a.md`, and the other files given.
fn book_with(body: &str, others: &[(&str, &str)]) -> ScratchBook {
    let mut files = vec![("book.toml", manifest(&["a.md"])), ("a.md", piece(body))];
    files.extend(others.iter().map(|(n, t)| (*n, t.to_string())));
    let files: Vec<(&str, &str)> = files.iter().map(|(n, t)| (*n, t.as_str())).collect();
    ScratchBook::new(&files)
}

/// The book folder's name: the name of its output files.
fn name_of(book: &ScratchBook) -> String {
    book.path()
        .file_name()
        .expect("name")
        .to_string_lossy()
        .into_owned()
}

/// `book` is built (exit 0) into `out/`, whole, and EPUBCheck passes its EPUB with 0/0.
fn built_clean(book: &ScratchBook) {
    let o = pamphlet(&["build", book.arg()]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let check = pamphlet(&["check", book.arg()]);
    assert!(
        check.status.success(),
        "check refuses what build accepts:\n{}",
        String::from_utf8_lossy(&check.stderr)
    );
    assert_whole_outputs(&book.path().join("out"), &name_of(book));
}

#[test]
fn heading_ids_in_the_form_of_generated_ids_are_refused_with_their_line() {
    // The piece's text starts on line 7 (after the front matter and a blank line).
    for (id, line) in [
        ("fn-1", "a.md:9"),
        ("nr-1", "a.md:9"),
        ("nr-1-2", "a.md:9"),
        ("sec-2", "a.md:9"),
        ("page-3", "a.md:9"),
        ("piece-title", "a.md:9"),
        ("notes-title", "a.md:9"),
    ] {
        let body = format!("Text.[^1]\n\n## Heading {{#{id}}}\n\nMore.\n\n[^1]: The note.\n");
        let stderr = refused_by_check_and_build(&book_with(&body, &[]), &[line]);
        assert!(stderr.contains(&format!("`{id}`")), "{stderr}");
    }
}

#[test]
fn duplicate_and_malformed_heading_ids_and_empty_headings_are_refused() {
    let body = "## One {#same}\n\nText.\n\n## Two {#same}\n\nText.\n\n## Three {#1st}\n\n## {#nothing}\n\nEnd.\n";
    let stderr =
        refused_by_check_and_build(&book_with(body, &[]), &["a.md:11", "a.md:15", "a.md:17"]);
    assert!(stderr.contains("used twice"), "{stderr}");
    assert!(stderr.contains("not a valid identifier"), "{stderr}");
    assert!(stderr.contains("has no text"), "{stderr}");
}

#[test]
fn links_to_schemes_reading_systems_do_not_follow_are_refused_with_their_column() {
    for (link, column) in [
        ("[x](data:text/html,<b>hi</b>)", 7),
        ("[x](file:///etc/passwd)", 7),
        ("[x](javascript:alert(1))", 7),
        ("[x](ftp://example.org/file)", 7),
        ("[x](<C:\\books\\b.md>)", 7),
        ("[x](tel:+4412345)", 7),
    ] {
        let body = format!("Before: {link} after.\n");
        let stderr = refused_by_check_and_build(
            &book_with(&body, &[]),
            &[&format!("a.md:7:{}", column + 2)],
        );
        assert!(stderr.contains("not allowed"), "{link}:\n{stderr}");
    }
}

#[test]
fn urls_that_do_not_parse_and_links_without_text_are_refused() {
    for (link, says) in [
        ("[x](<https://exa mple.org>)", "not a valid URL"),
        ("[x](http://example.org:99999/)", "not a valid URL"),
        (
            "[x](https://example.org/100%)",
            "not followed by two hexadecimal digits",
        ),
        ("[x](https://)", "not a valid URL"),
        ("[](https://example.org)", "has no text"),
        ("[x](mailto:)", "no mail address"),
        (
            "[x](https://a..example.org/)",
            "empty part in its host name",
        ),
    ] {
        let body = format!("Text.\n\nBefore {link}.\n");
        let stderr = refused_by_check_and_build(&book_with(&body, &[]), &["a.md:9:8"]);
        assert!(stderr.contains(says), "{link}:\n{stderr}");
    }
}

#[test]
fn relative_links_that_lead_to_no_piece_or_heading_are_refused() {
    let others = [
        ("notes.txt", "not a piece"),
        ("b.md", &*piece("## Heading {#there}\n\nText.\n")),
    ];
    for (link, says) in [
        ("[x](notes.txt)", "not a piece of this book"),
        ("[x](b.md)", "not a piece of this book"),
        ("[x](missing.md)", "does not exist"),
        ("[x](#nowhere)", "not a heading of `a.md`"),
        ("[x](#sec-1)", "not a heading of `a.md`"),
        ("[x](../outside.md)", "out of the book folder"),
        ("[x](/etc/b.md)", "absolute path"),
        ("[x](a.md?page=2)", "query"),
        ("[x](a.md#)", "empty `#`"),
    ] {
        let body = format!("## A heading\n\nSee {link} here.\n");
        let stderr = refused_by_check_and_build(&book_with(&body, &others), &["a.md:9:5"]);
        assert!(stderr.contains(says), "{link}:\n{stderr}");
    }
    // A piece of the book, but no heading of it has the id.
    let two = ScratchBook::new(&[
        ("book.toml", &manifest(&["a.md", "b.md"])),
        ("a.md", &piece("Text [x](b.md#nope).\n")),
        ("b.md", &piece("## Heading {#there}\n\nText.\n")),
    ]);
    let stderr = refused_by_check_and_build(&two, &["a.md:7:6"]);
    assert!(
        stderr.contains("`#nope`, which is not a heading of `b.md`") && stderr.contains("there"),
        "{stderr}"
    );
}

#[test]
fn urls_with_quotes_spaces_and_unicode_are_percent_encoded_in_both_outputs() {
    let body = "See [quoted](https://example.org/a\"b\"?q=\"1\"&r=<2>), \
                [spaced](<https://example.org/a b>), [Farsi](https://example.org/مقاله), \
                [host](http://bücher.example/), <https://example.org/auto>, \
                <someone@example.org>, <mailto:x+y@example.org> and \
                [brackets](https://example.org/[x]|y#f#g).\n";
    let (code, stderr, book) = build_piece(piece(body).as_bytes());
    assert_eq!(code, Some(0), "{stderr}");
    let epub = book
        .path()
        .join("out")
        .join(format!("{}.epub", name_of(&book)));
    let xhtml = common::zip_entry(&epub, "EPUB/piece-01.xhtml");
    let expected = [
        "https://example.org/a%22b%22?q=%221%22&amp;r=%3C2%3E",
        "https://example.org/a%20b",
        "https://example.org/%D9%85%D9%82%D8%A7%D9%84%D9%87",
        "http://xn--bcher-kva.example/",
        "https://example.org/auto",
        "mailto:someone@example.org",
        "mailto:x+y@example.org",
        "https://example.org/%5Bx%5D%7Cy#f%23g",
    ];
    for url in expected {
        assert!(
            xhtml.contains(&format!("href=\"{url}\"")),
            "no {url} in\n{xhtml}"
        );
    }
    let Some(nav) = pdf_navigation(
        &book
            .path()
            .join("out")
            .join(format!("{}.pdf", name_of(&book))),
    ) else {
        return;
    };
    let uris: Vec<String> = links_of(&nav)
        .filter_map(|l| l["uri"].as_str().map(str::to_string))
        .collect();
    for url in expected {
        assert!(
            uris.contains(&url.replace("&amp;", "&")),
            "no URI link to {url} in the PDF: {uris:?}"
        );
    }
}

#[test]
fn a_link_to_another_piece_leads_to_its_document_and_heading_in_both_outputs() {
    // Enough text that the heading falls pages after the piece's opening; no run of words
    // repeats (repeated text is a warning of its own).
    let filler: String = (1..=160)
        .map(|i| {
            format!(
                "Circle {i} met on day {} and planned {} actions. ",
                i * 3,
                i * 7
            )
        })
        .collect();
    let book = ScratchBook::new(&[
        ("book.toml", &manifest(&["a.md", "part two/b é.md"])),
        (
            "a.md",
            &piece(
                "Read [the next piece](<part two/b é.md>), [its heading](part%20two/b%20%C3%A9.md#some-heading) \
                 or [below](#later).\n\n## Later {#later}\n\nText.\n",
            ),
        ),
        (
            "part two/b é.md",
            &format!(
                "+++\ntitle = \"The second piece\"\nlang = \"en\"\nsource = \"s.txt\"\n+++\n\n{filler}\n\n\
                 ## Some heading {{#some-heading}}\n\nBack to [the first](../a.md#later).\n"
            ),
        ),
    ]);
    built_clean(&book);
    let out = book.path().join("out");
    let epub = out.join(format!("{}.epub", name_of(&book)));
    let first = common::zip_entry(&epub, "EPUB/piece-01.xhtml");
    let second = common::zip_entry(&epub, "EPUB/piece-02.xhtml");
    for href in ["piece-02.xhtml", "piece-02.xhtml#some-heading", "#later"] {
        assert!(
            first.contains(&format!("href=\"{href}\"")),
            "no {href} in\n{first}"
        );
    }
    assert!(first.contains("id=\"later\""), "{first}");
    assert!(second.contains("<h2 id=\"some-heading\">"), "{second}");
    assert!(second.contains("href=\"piece-01.xhtml#later\""), "{second}");

    let Some(nav) = pdf_navigation(&out.join(format!("{}.pdf", name_of(&book)))) else {
        return;
    };
    let pages = nav["pages"].as_array().expect("pages");
    let page_text = |i: u64| pages[i as usize]["text"].as_str().unwrap_or("").to_string();
    let goto = |words: &str| -> u64 {
        let link = links_of(&nav)
            .find(|l| l["kind"] == "goto" && l["text"].as_str().is_some_and(|t| t.contains(words)))
            .unwrap_or_else(|| panic!("no link over “{words}” in the PDF"));
        link["page"].as_u64().expect("a page")
    };
    let piece_page = goto("next piece");
    assert!(
        page_text(piece_page).contains("The second piece"),
        "{}",
        page_text(piece_page)
    );
    let heading_page = goto("heading");
    assert!(heading_page > piece_page, "the heading is after the filler");
    assert!(
        page_text(heading_page).contains("Some heading"),
        "{}",
        page_text(heading_page)
    );
    let back = goto("the first");
    assert!(page_text(back).contains("Later"), "{}", page_text(back));
}

#[test]
fn a_cover_with_a_good_signature_and_a_damaged_body_is_refused() {
    let mut jpeg = vec![0xFF, 0xD8, 0xFF, 0xE0];
    jpeg.extend((0..4_000u32).map(|i| (i * 7 % 251) as u8));
    let png = png_cover();
    let truncated = png[..png.len() - 20].to_vec();
    let mut flipped = png.clone();
    let at = flipped.len() / 2;
    flipped[at] ^= 0x55;
    for (file, bytes) in [
        ("cover.jpg", jpeg),
        ("cover.png", truncated),
        ("cover.png", flipped),
    ] {
        let book = ScratchBook::new(&[
            (
                "book.toml",
                &format!("cover = \"{file}\"\n{}", manifest(&["a.md"])),
            ),
            ("a.md", &piece("Text.\n")),
        ]);
        std::fs::write(book.path().join(file), bytes).expect("write cover");
        let stderr = refused_by_check_and_build(&book, &["book.toml:1"]);
        assert!(stderr.contains("damaged"), "{file}:\n{stderr}");
    }
}

#[test]
fn whole_png_and_jpeg_covers_are_built_clean() {
    let mut covers = vec![("cover.png", png_cover())];
    match jpeg_cover() {
        Some(jpeg) => covers.push(("cover.jpg", jpeg)),
        None => {
            common::missing("PyMuPDF", "`pip install pymupdf` (or .ci/install-tools)");
        }
    }
    for (file, bytes) in covers {
        let book = ScratchBook::new(&[
            (
                "book.toml",
                &format!("cover = \"{file}\"\n{}", manifest(&["a.md"])),
            ),
            ("a.md", &piece("Text.\n")),
        ]);
        std::fs::write(book.path().join(file), bytes).expect("write cover");
        built_clean(&book);
    }
}

#[test]
fn odd_but_valid_input_builds_an_epub_epubcheck_passes() {
    let toml = format!(
        "{}subtitle = \"Sub & <sub> \\\"s\\\" ]]>\"\npublisher = \"P & <p>\"\ndescription = \"D & <d> \\\"e\\\" --\"\nrights = \"R & <r> 'x'\"\n\n[[contributors]]\nname = \"Ed & <itor> \\\"x\\\"\"\nrole = \"editor\"\n",
        manifest(&["a b.md", "ب.md"]).replace("title = \"Test\"", "title = \"Odd & <things> \\\"here\\\" 'x'\"")
    );
    let english = "+++\ntitle = \"T & <t> \\\"q\\\" ]]>\"\nlang = \"en\"\nsource = \"s & <s>.txt\"\n\
        authors = [\"A & <a>\", \"B \\\"b\\\"\"]\ntranslators = [\"T' & <t>\"]\nnote = \"N & <n>\"\n+++\n\n\
        Links: [caps](HTTP://EXAMPLE.ORG/A), [ipv6](http://[::1]:8080/x), [titled](https://example.org \"A & <x>\"), \
        [ref][r], [self](<a b.md>), [dotted](#a.b), [under](./a%20b.md#_x), [`code`](https://example.org/c), \
        [**bold** *em*](https://example.org/e).\n\n[r]: https://example.org/ref\n\n\
        ## Dotted {#a.b}\n\n## Underscore {#_x .wide}\n\n## Farsi one {#fa-h lang=fa}\n\n\
        ## [Linked heading](https://example.org) and *emph* and `code`\n\n\
        > A quote with [a link](#a.b).\n\n- item [link](#_x)\n- item <https://example.org/list>\n\n\
        | a | b |\n|---|---|\n| [cell](https://example.org/cell) | x |\n\n\
        ::: epigraph\nQuote [linked](https://example.org/epi).\n\n— Someone, [site](https://example.org/who)\n:::\n\n\
        ```\ncode [not a link](x) <b>&amp;</b>\n```\n\n\
        Note.[^n]\n\n[^n]: A note [to the other](ب.md#intro) and [back](#a.b).\n";
    let farsi = "+++\ntitle = \"متن\"\nlang = \"fa\"\nsource = \"s.txt\"\n+++\n\n\
        پیوند به [متن اول](<a b.md#a.b>) و [وب](https://example.org/فارسی) و [بخش](#intro).\n\n\
        ## مقدمه {#intro}\n\nمتن.\n";
    let book = ScratchBook::new(&[("book.toml", &toml), ("a b.md", english), ("ب.md", farsi)]);
    built_clean(&book);
}

#[test]
fn control_characters_written_as_toml_escapes_are_refused_at_the_escape() {
    // The raw file cannot hold them, but `\u0007` in a TOML string writes one, and the
    // package document could not be parsed (EPUBCheck RSC-016).
    let toml = manifest(&["a.md"]).replace("title = \"Test\"", "title = \"Bell\\u0007 book\"");
    let book = ScratchBook::new(&[("book.toml", &toml), ("a.md", &piece("Text.\n"))]);
    let stderr = refused_by_check_and_build(&book, &["book.toml:1:14"]);
    assert!(stderr.contains("U+0007"), "{stderr}");
    let front = "+++\ntitle = \"A piece\"\nlang = \"en\"\nsource = \"seed.txt\"\n\
                 authors = [\"Form\\ffeed\"]\nnote = \"Not \\uFFFF here\"\n+++\n\nText.\n";
    let book = ScratchBook::new(&[("book.toml", &manifest(&["a.md"])), ("a.md", front)]);
    let stderr = refused_by_check_and_build(&book, &["a.md:5:17", "a.md:6:13"]);
    assert!(
        stderr.contains("U+000C") && stderr.contains("U+FFFF"),
        "{stderr}"
    );
}

/// A 40×60 PNG, written by the png crate.
fn png_cover() -> Vec<u8> {
    let (w, h) = (40u32, 60u32);
    let mut out = Vec::new();
    let mut encoder = png::Encoder::new(&mut out, w, h);
    encoder.set_color(png::ColorType::Rgb);
    let mut writer = encoder.write_header().expect("PNG header");
    let pixels: Vec<u8> = (0..w * h * 3).map(|i| (i % 256) as u8).collect();
    writer.write_image_data(&pixels).expect("PNG data");
    writer.finish().expect("PNG end");
    out
}

/// A 40×60 JPEG, written by PyMuPDF (MuPDF's JPEG encoder); None without PyMuPDF.
fn jpeg_cover() -> Option<Vec<u8>> {
    let out = Command::new("python3")
        .args([
            "-c",
            "import fitz,sys\n\
             p=fitz.Pixmap(fitz.csRGB,fitz.IRect(0,0,40,60),False)\n\
             p.set_rect(p.irect,(180,40,30))\n\
             sys.stdout.buffer.write(p.tobytes('jpeg'))",
        ])
        .output()
        .ok()?;
    (out.status.success() && out.stdout.starts_with(&[0xFF, 0xD8])).then_some(out.stdout)
}

/// PyMuPDF's reading of a PDF's navigation (`tests/tools/pdf_navigation.py`); None (and
/// said: a failure under CI) without PyMuPDF.
fn pdf_navigation(pdf: &Path) -> Option<serde_json::Value> {
    if !common::has_pymupdf() {
        common::missing("PyMuPDF", "`pip install pymupdf` (or .ci/install-tools)");
        return None;
    }
    let out = Command::new("python3")
        .arg(common::repo().join("tests/tools/pdf_navigation.py"))
        .arg(pdf)
        .output()
        .expect("run python3");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    Some(serde_json::from_slice(&out.stdout).expect("navigation JSON"))
}

/// Every link annotation of the PDF, page by page.
fn links_of(nav: &serde_json::Value) -> impl Iterator<Item = &serde_json::Value> {
    nav["pages"]
        .as_array()
        .into_iter()
        .flatten()
        .flat_map(|p| p["links"].as_array().into_iter().flatten())
}
