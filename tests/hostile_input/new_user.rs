//! What a new user meets first: a manifest written from memory, original writing with no
//! source, dates written as TOML dates, warnings from the typesetter, ASCII digits in Farsi.

use super::common::{manifest, piece, zip_entry, ScratchBook};
use super::{assert_whole_outputs, build_into, files_in, pamphlet};
use std::path::Path;

/// The valid manifest's lines without the keys named in `without`.
fn manifest_without(without: &[&str]) -> String {
    manifest(&["a.md"])
        .lines()
        .filter(|line| {
            !without
                .iter()
                .any(|key| line.starts_with(&format!("{key} =")))
        })
        .map(|line| format!("{line}\n"))
        .collect()
}

/// The valid manifest with its `date` line replaced by `date_line`.
fn manifest_dated(date_line: &str) -> String {
    manifest(&["a.md"]).replace("date = \"2026-01-01\"", date_line)
}

/// `pamphlet check BOOK --format json` parsed.
fn check_json(book: &ScratchBook) -> (Option<i32>, Vec<serde_json::Value>) {
    let o = pamphlet(&["check", book.arg(), "--format", "json"]);
    let found: Vec<serde_json::Value> =
        serde_json::from_slice(&o.stdout).expect("check prints one JSON array");
    (o.status.code(), found)
}

/// The book folder's name, which its outputs take.
fn name_of(book: &ScratchBook) -> String {
    book.path()
        .file_name()
        .expect("a named folder")
        .to_string_lossy()
        .into_owned()
}

/// Builds `book` into its `out/`: the exit status and stderr. On success the outputs are
/// whole and pass EPUBCheck; on failure nothing is written.
fn build_checked(book: &ScratchBook) -> (Option<i32>, String) {
    let target = book.path().join("out");
    let o = build_into(book, &target);
    let stderr = String::from_utf8_lossy(&o.stderr).into_owned();
    if o.status.success() {
        assert_whole_outputs(&target, &name_of(book));
    } else {
        assert!(files_in(&target).is_empty(), "a refused build wrote files");
    }
    (o.status.code(), stderr)
}

/// `check` of a one-piece book whose `a.md` is `text`: it must fail, and the diagnostic
/// naming `place` is returned.
fn refused_piece(text: &str, place: &str) -> String {
    let book = ScratchBook::new(&[("book.toml", &manifest(&["a.md"])), ("a.md", text)]);
    let o = pamphlet(&["check", book.arg()]);
    assert_eq!(o.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&o.stderr);
    super::common::diagnostic_naming(&stderr, place).to_string()
}

#[test]
fn every_missing_manifest_key_is_reported_at_once_with_an_example() {
    let book = ScratchBook::new(&[
        (
            "book.toml",
            &manifest_without(&["language", "identifier", "date"]),
        ),
        ("a.md", &piece("Text.\n")),
    ]);
    let o = pamphlet(&["check", book.arg()]);
    assert_eq!(o.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&o.stderr);
    for (key, example) in [
        ("language", "language = \"en\""),
        ("identifier", "identifier = \"urn:uuid:"),
        ("date", "date = 2026-12-04"),
    ] {
        let block = super::common::diagnostic_naming(&stderr, &format!("has no `{key}`"));
        assert!(block.contains("book.toml"), "{block}");
        assert!(block.contains(example), "no example for {key}:\n{block}");
    }
    let (status, found) = check_json(&book);
    assert_eq!(status, Some(1));
    let missing: Vec<&str> = found
        .iter()
        .filter(|d| d["file"].as_str().is_some_and(|f| f.ends_with("book.toml")))
        .filter_map(|d| d["message"].as_str())
        .collect();
    assert_eq!(missing.len(), 3, "{missing:?}");
    // A build refuses the same way and writes nothing.
    let (status, stderr) = build_checked(&book);
    assert_eq!(status, Some(1), "{stderr}");
    assert_eq!(stderr.matches("book.toml has no").count(), 3, "{stderr}");
}

#[test]
fn a_manifest_with_no_keys_at_all_names_all_five() {
    let book = ScratchBook::new(&[("book.toml", "# nothing yet\n"), ("a.md", &piece("x\n"))]);
    let (status, found) = check_json(&book);
    assert_eq!(status, Some(1));
    let keys: Vec<&str> = ["title", "language", "identifier", "date", "pieces"]
        .into_iter()
        .filter(|key| {
            found.iter().any(|d| {
                d["message"]
                    .as_str()
                    .is_some_and(|m| m.contains(&format!("has no `{key}`")))
                    && d["hint"]
                        .as_str()
                        .is_some_and(|h| h.contains(&format!("{key} =")))
            })
        })
        .collect();
    assert_eq!(keys.len(), 5, "{found:?}");
}

#[test]
fn a_piece_without_a_source_is_built_and_credited_without_one() {
    let original =
        "+++\ntitle = \"Original writing\"\nlang = \"en\"\n+++\n\nWritten for this book.\n";
    let curated =
        "+++\ntitle = \"Curated\"\nlang = \"en\"\nsource = \"seed-042.txt\"\n+++\n\nFrom a seed.\n";
    let book = ScratchBook::new(&[
        ("book.toml", &manifest(&["a.md", "b.md"])),
        ("a.md", original),
        ("b.md", curated),
    ]);
    let o = pamphlet(&["check", book.arg()]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let (status, stderr) = build_checked(&book);
    assert_eq!(status, Some(0), "{stderr}");
    let (out, name) = (book.path().join("out"), name_of(&book));
    let epub = out.join(format!("{name}.epub"));
    // The EPUB: one dc:source, for the curated piece; the colophon lists one source.
    let opf = zip_entry(&epub, "EPUB/package.opf");
    assert_eq!(opf.matches("<dc:source>").count(), 1, "{opf}");
    assert!(opf.contains("<dc:source>seed-042.txt</dc:source>"), "{opf}");
    let colophon = zip_entry(&epub, "EPUB/colophon.xhtml");
    assert_eq!(
        colophon.matches("class=\"source\"").count(),
        1,
        "{colophon}"
    );
    assert!(colophon.contains("Original writing"), "{colophon}");
    // The PDF's colophon: the same.
    let pdf = out.join(format!("{name}.pdf"));
    let Ok(text) = std::process::Command::new("pdftotext")
        .args([pdf.to_str().expect("utf-8"), "-"])
        .output()
    else {
        super::common::missing("pdftotext", "apt-get install poppler-utils");
        return;
    };
    let text = String::from_utf8_lossy(&text.stdout);
    assert_eq!(text.matches("Source:").count(), 1, "{text}");
    assert!(text.contains("seed-042.txt"), "{text}");
}

#[test]
fn an_empty_source_is_still_refused_with_its_line() {
    let block = refused_piece(
        "+++\ntitle = \"A\"\nsource = \"  \"\n+++\n\nText.\n",
        "a.md:3:",
    );
    assert!(block.contains("`source` is empty"), "{block}");
}

#[test]
fn toml_dates_and_datetimes_are_accepted_as_the_day_they_name() {
    for date_line in [
        "date = 2026-12-04",
        "date = 2026-12-04T10:30:00",
        "date = 2026-12-04T10:30:00+03:30",
        "date = \"2026-12-04\"",
    ] {
        let book = ScratchBook::new(&[
            ("book.toml", &manifest_dated(date_line)),
            ("a.md", &piece("Text.\n")),
        ]);
        let (status, stderr) = build_checked(&book);
        assert_eq!(status, Some(0), "{date_line}: {stderr}");
        let (out, name) = (book.path().join("out"), name_of(&book));
        let opf = zip_entry(&out.join(format!("{name}.epub")), "EPUB/package.opf");
        assert!(
            opf.contains("<dc:date>2026-12-04</dc:date>"),
            "{date_line}: {opf}"
        );
    }
}

#[test]
fn a_piece_date_may_be_a_toml_date_or_a_bare_year() {
    for (date_line, printed) in [("date = 2011-10-15", "2011"), ("date = 1986", "1986")] {
        let book = ScratchBook::new(&[
            ("book.toml", &manifest(&["a.md"])),
            (
                "a.md",
                &format!("+++\ntitle = \"A\"\nlang = \"en\"\n{date_line}\n+++\n\nText.\n"),
            ),
        ]);
        let o = pamphlet(&["check", book.arg()]);
        assert_eq!(
            o.status.code(),
            Some(0),
            "{date_line}: {}",
            String::from_utf8_lossy(&o.stderr)
        );
        let loaded = pamphlet::book::load(book.path());
        let piece = &loaded.book.expect("loads").pieces[0];
        assert!(
            piece
                .meta
                .date
                .as_deref()
                .is_some_and(|d| d.starts_with(printed)),
            "{date_line}: {:?}",
            piece.meta.date
        );
    }
}

#[test]
fn invalid_dates_are_refused_with_their_line() {
    for (date_line, says) in [
        ("date = 2026-13-04", "month"),
        ("date = 2026-02-30", "day"),
        ("date = 10:30:00", "time of day"),
        ("date = \"2026-02-29\"", "YYYY-MM-DD"),
        ("date = [2026]", "a list"),
    ] {
        let book = ScratchBook::new(&[
            ("book.toml", &manifest_dated(date_line)),
            ("a.md", &piece("Text.\n")),
        ]);
        let o = pamphlet(&["check", book.arg()]);
        assert_eq!(o.status.code(), Some(1), "{date_line}");
        let stderr = String::from_utf8_lossy(&o.stderr);
        let block = super::common::diagnostic_naming(&stderr, "book.toml:4:");
        assert!(block.contains(says), "{date_line}: {block}");
        let (status, stderr) = build_checked(&book);
        assert_eq!(status, Some(1), "{date_line}: {stderr}");
    }
    let block = refused_piece(
        "+++\ntitle = \"A\"\ndate = 10:30:00\n+++\n\nText.\n",
        "a.md:3:",
    );
    assert!(block.contains("time of day"), "{block}");
}

/// A book on narrow paper whose Farsi and English paragraphs each have a line set loose: a
/// Farsi line of short words before a word longer than the line, and an English line
/// between long words.
fn book_with_loose_lines() -> ScratchBook {
    let manifest = manifest(&["a.md", "b.md"])
        .replace("language = \"en\"", "language = \"fa\"")
        .replace("pieces =", "paper = \"70x120mm\"\npieces =");
    let farsi = "+++\ntitle = \"الف\"\n+++\n\nمقدمه کوتاه.\n\nاز به در بین‌المللی‌گرایی‌انترناسیونالیستی‌ترین‌ها و تا کارخانه‌های‌سازمان‌یافته‌ترین‌ها را که سرمایه‌داری‌به‌چالش‌کشیده‌شده‌ها است.\n";
    let english = "+++\ntitle = \"B\"\nlang = \"en\"\n+++\n\nIntro.\n\nThe internationalist communist organisations' counterrevolutionary characterisation of *the* incomprehensibilities of interdenominational institutionalisation stands.\n";
    ScratchBook::new(&[("book.toml", &manifest), ("a.md", farsi), ("b.md", english)])
}

/// The warnings about lines in `diagnostics`, as (file name, line, column, message).
fn line_warnings(diagnostics: &[serde_json::Value]) -> Vec<(String, u64, u64, String)> {
    diagnostics
        .iter()
        .filter(|d| d["message"].as_str().is_some_and(|m| m.contains(" line (")))
        .map(|d| {
            let file = d["file"].as_str().expect("file");
            let name = Path::new(file).file_name().expect("name");
            (
                name.to_string_lossy().into_owned(),
                d["line"].as_u64().expect("every line warning has its line"),
                d["column"].as_u64().expect("and its column"),
                d["message"].as_str().expect("message").to_string(),
            )
        })
        .collect()
}

#[test]
fn line_warnings_quote_farsi_as_written_and_point_at_the_file_line() {
    let book = book_with_loose_lines();
    let (status, found) = check_json(&book);
    assert_eq!(status, Some(0), "{found:?}");
    let warnings = line_warnings(&found);
    // The Farsi line: its words in the order they are written, at the paragraph's line
    // (7 of the file, not line 1 of the paragraph), column 1.
    let farsi = warnings
        .iter()
        .find(|w| w.0 == "a.md")
        .unwrap_or_else(|| panic!("no warning on a.md: {warnings:?}"));
    assert!(farsi.3.contains("از به در"), "{farsi:?}");
    assert_eq!((farsi.1, farsi.2), (7, 1), "{farsi:?}");
    // The English line starts inside a hyphenated word; it is found in the file after the
    // "of" before it, on line 8.
    let english = warnings
        .iter()
        .find(|w| w.0 == "b.md")
        .unwrap_or_else(|| panic!("no warning on b.md: {warnings:?}"));
    let source = std::fs::read_to_string(book.path().join("b.md")).expect("b.md");
    let line8 = source.lines().nth(7).expect("line 8");
    let quoted = english.3.rsplit(": ").next().expect("quoted text");
    let at: String = line8.chars().skip(english.2 as usize - 1).collect();
    let first_word = quoted.split_whitespace().next().expect("a word");
    assert_eq!(english.1, 8, "{english:?}");
    assert!(
        at.starts_with(first_word)
            || at
                .split_whitespace()
                .next()
                .is_some_and(|w| w.ends_with(first_word)),
        "column {} of line 8 does not hold `{first_word}`: {at}",
        english.2
    );
    // `check` wrote nothing.
    assert!(files_in(&book.path().join("out")).is_empty());
}

#[test]
fn check_reports_the_same_line_warnings_as_build() {
    let book = book_with_loose_lines();
    let (status, found) = check_json(&book);
    assert_eq!(status, Some(0));
    let checked = line_warnings(&found);
    assert!(checked.len() >= 2, "{checked:?}");
    // The text form names the same places.
    let o = pamphlet(&["check", book.arg()]);
    let check_text = String::from_utf8_lossy(&o.stderr).into_owned();
    let (status, build_text) = build_checked(&book);
    assert_eq!(status, Some(0), "{build_text}");
    for (file, line, column, message) in &checked {
        let place = format!("{file}:{line}:{column}");
        for (command, text) in [("check", &check_text), ("build", &build_text)] {
            let block = super::common::diagnostic_naming(text, &place);
            assert!(block.starts_with("warning"), "{command}: {block}");
            assert!(block.contains(message.as_str()), "{command}: {block}");
        }
    }
    assert_eq!(
        build_text.matches(" line (").count(),
        checked.len(),
        "build and check report different lines:\n{build_text}"
    );
}

#[test]
fn ascii_digits_in_farsi_are_warned_about_and_fixed_latin_ones_are_left() {
    let farsi = "+++\ntitle = \"ارقام\"\nlang = \"fa\"\ndate = \"2012-05\"\n+++\n\nدر سال 1986 میلادی و روز 1391/02/11 آمدند.\n\nکاغذ A4 و COVID-19 و چاپ 3D و [Red Flag 12]{lang=en} و `کد 7` و [پیوند](https://example.org/2012).\n";
    let book = ScratchBook::new(&[("book.toml", &manifest(&["a.md"])), ("a.md", farsi)]);
    let (status, found) = check_json(&book);
    assert_eq!(status, Some(0), "{found:?}");
    let digits: Vec<&serde_json::Value> = found
        .iter()
        .filter(|d| {
            d["message"]
                .as_str()
                .is_some_and(|m| m.contains("ASCII digits"))
        })
        .collect();
    let places: Vec<(u64, u64, u64)> = digits
        .iter()
        .map(|d| {
            (
                d["line"].as_u64().expect("line"),
                d["column"].as_u64().expect("column"),
                d["end_column"].as_u64().expect("end column"),
            )
        })
        .collect();
    // Only the two Farsi numbers of line 7; none of line 9's Latin ones.
    assert_eq!(places, [(7, 8, 12), (7, 26, 36)], "{digits:?}");
    assert!(
        digits[0]["hint"]
            .as_str()
            .is_some_and(|h| h.contains("۱۹۸۶")),
        "{:?}",
        digits[0]
    );
    let o = pamphlet(&["check", book.arg()]);
    let stderr = String::from_utf8_lossy(&o.stderr);
    let block = super::common::diagnostic_naming(&stderr, "a.md:7:8");
    assert!(
        block.starts_with("warning") && block.contains("۱۹۸۶"),
        "{block}"
    );
    // fix shows the change, --write makes it; the Latin numbers and the front matter stay.
    let piece = book.path().join("a.md");
    let piece_arg = piece.to_str().expect("utf-8 path");
    let shown = pamphlet(&["fix", piece_arg]);
    let diff = String::from_utf8_lossy(&shown.stdout);
    assert!(
        diff.contains("+در سال ۱۹۸۶ میلادی و روز ۱۳۹۱/۰۲/۱۱ آمدند."),
        "{diff}"
    );
    let written = pamphlet(&["fix", "--write", piece_arg]);
    assert_eq!(
        written.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&written.stderr)
    );
    let fixed = std::fs::read_to_string(&piece).expect("the fixed piece");
    assert_eq!(
        fixed,
        farsi
            .replace("1986", "۱۹۸۶")
            .replace("1391/02/11", "۱۳۹۱/۰۲/۱۱")
    );
    std::fs::remove_file(book.path().join("a.md.bak")).expect("the backup fix made");
    let (status, found) = check_json(&book);
    assert_eq!(status, Some(0));
    assert!(
        found
            .iter()
            .all(|d| !d["message"].as_str().unwrap_or("").contains("ASCII digits")),
        "{found:?}"
    );
    let (status, stderr) = build_checked(&book);
    assert_eq!(status, Some(0), "{stderr}");
}
