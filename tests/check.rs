//! `pamphlet check`: one broken piece per check. Each problem must come back with its file,
//! line and column span, a hint, and the exit status its severity calls for — as rustc-like
//! text on stderr and as JSON on stdout.

mod common;

use common::*;
use serde_json::Value;

/// Runs `check --format json`: the exit status and the diagnostics.
fn check_json(book: &ScratchBook) -> (Option<i32>, Vec<Value>) {
    let out = pamphlet(&["check", book.arg(), "--format", "json"]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    let value: Value = serde_json::from_str(&stdout)
        .unwrap_or_else(|e| panic!("stdout is not one JSON document ({e}):\n{stdout}"));
    let Value::Array(items) = value else {
        panic!("not an array: {stdout}");
    };
    (out.status.code(), items)
}

/// The one diagnostic whose message contains `words`, asserting its place and severity.
fn expect(
    items: &[Value],
    words: &str,
    severity: &str,
    (file, line, column, end_column): (&str, u64, u64, u64),
) {
    let found: Vec<&Value> = items
        .iter()
        .filter(|d| d["message"].as_str().is_some_and(|m| m.contains(words)))
        .collect();
    assert_eq!(
        found.len(),
        1,
        "one diagnostic saying `{words}` in {items:#?}"
    );
    let d = found[0];
    assert_eq!(d["severity"], severity, "{d}");
    assert!(d["file"].as_str().is_some_and(|f| f.ends_with(file)), "{d}");
    assert_eq!(
        (&d["line"], &d["column"], &d["end_column"]),
        (
            &Value::from(line),
            &Value::from(column),
            &Value::from(end_column)
        ),
        "{d}"
    );
    assert!(d["hint"].as_str().is_some_and(|h| !h.is_empty()), "{d}");
}

/// The text rendering names `file:line:column`, shows the source line and a caret run of
/// `width` terminal columns under the span, and gives the hint.
fn expect_rendered(book: &ScratchBook, place: &str, source: &str, width: usize) {
    let out = pamphlet(&["check", book.arg()]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    let block = diagnostic_naming(&stderr, place);
    assert!(block.contains(source), "source line not shown:\n{block}");
    let carets = block
        .lines()
        .find_map(|l| {
            l.trim_start_matches([' ', '│'])
                .strip_prefix('^')
                .map(|_| l)
        })
        .unwrap_or_else(|| panic!("no caret:\n{block}"));
    assert_eq!(carets.matches('^').count(), width, "{block}");
    assert!(block.contains("= help:"), "{block}");
}

fn farsi_piece(body: &str) -> String {
    format!("+++\ntitle = \"نوشته\"\nlang = \"fa\"\nsource = \"seed.txt\"\n+++\n\n{body}")
}

#[test]
fn a_clean_book_exits_0_with_an_empty_array() {
    let book = ScratchBook::new(&[
        ("book.toml", &manifest(&["a.md"])),
        ("a.md", &piece("Text.[^1]\n\n[^1]: A note.\n")),
    ]);
    assert_eq!(check_json(&book), (Some(0), Vec::new()));
}

#[test]
fn a_missing_folder_exits_2() {
    let book = ScratchBook::new(&[]);
    let gone = book.path().join("no-such-book");
    let out = pamphlet(&["check", gone.to_str().expect("utf-8"), "--format", "json"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        out.stdout.is_empty(),
        "no JSON when the check could not run"
    );
    assert!(String::from_utf8_lossy(&out.stderr).contains("is not a book folder"));
}

#[test]
fn characters_the_fonts_lack() {
    let book = ScratchBook::new(&[
        ("book.toml", &manifest(&["a.md"])),
        ("a.md", &piece("A smile 😀 here.\n")),
    ]);
    let (code, items) = check_json(&book);
    assert_eq!(code, Some(1));
    expect(&items, "U+1F600", "error", ("a.md", 7, 9, 10));
    // One character, two columns wide on a terminal.
    expect_rendered(&book, "a.md:7:9", "A smile 😀 here.", 2);
}

#[test]
fn footnote_reference_without_a_note() {
    let book = ScratchBook::new(&[
        ("book.toml", &manifest(&["a.md"])),
        ("a.md", &piece("Said so.[^gone]\n")),
    ]);
    let (code, items) = check_json(&book);
    assert_eq!(code, Some(1));
    expect(&items, "`[^gone]` has no note", "error", ("a.md", 7, 9, 16));
    expect_rendered(&book, "a.md:7:9", "Said so.[^gone]", 7);
}

#[test]
fn note_never_referenced() {
    let book = ScratchBook::new(&[
        ("book.toml", &manifest(&["a.md"])),
        ("a.md", &piece("Text.\n\n[^lost]: Nobody points here.\n")),
    ]);
    let (code, items) = check_json(&book);
    assert_eq!(code, Some(1));
    expect(
        &items,
        "`[^lost]` is never referenced",
        "error",
        ("a.md", 9, 1, 9),
    );
}

#[test]
fn arabic_yeh_and_kaf_in_a_farsi_piece() {
    let book = ScratchBook::new(&[
        ("book.toml", &manifest(&["a.md"])),
        (
            "a.md",
            &farsi_piece("این يك متن است.\n\nنقل قول: [قال]{lang=ar}\n"),
        ),
    ]);
    let (code, items) = check_json(&book);
    assert_eq!(code, Some(1));
    assert_eq!(
        items.len(),
        2,
        "the Arabic span keeps its letters: {items:#?}"
    );
    expect(&items, "Arabic yeh", "error", ("a.md", 7, 5, 6));
    expect(&items, "Arabic kaf", "error", ("a.md", 7, 6, 7));
    expect_rendered(&book, "a.md:7:5", "این يك متن است.", 1);
}

#[test]
fn a_farsi_paragraph_in_an_english_piece_is_a_warning() {
    let body = "The slogan «نان، کار، آزادی» is marked by itself.\n\nکارگران جهان متحد شوید.\n\nEnglish again, and more English.\n";
    let book = ScratchBook::new(&[("book.toml", &manifest(&["a.md"])), ("a.md", &piece(body))]);
    let (code, items) = check_json(&book);
    assert_eq!(code, Some(0), "warnings alone pass");
    assert_eq!(items.len(), 1, "{items:#?}");
    expect(&items, "Farsi paragraph", "warning", ("a.md", 9, 1, 23));
}

#[test]
fn a_repeated_paragraph_is_a_warning() {
    let paragraph = "The workers of the factory met on Monday and decided to strike until the owners paid them.";
    let body = format!("{paragraph}\n\nSomething else.\n\n{paragraph}\n");
    let book = ScratchBook::new(&[("book.toml", &manifest(&["a.md"])), ("a.md", &piece(&body))]);
    let (code, items) = check_json(&book);
    assert_eq!(code, Some(0));
    expect(
        &items,
        "17 words repeat the text at",
        "warning",
        ("a.md", 11, 1, 90),
    );
    assert!(items[0]["message"]
        .as_str()
        .is_some_and(|m| m.ends_with("a.md:7")));
    // The span runs to the last word's end, before the full stop.
    expect_rendered(&book, "a.md:11:1", paragraph, 89);
}

#[test]
fn an_empty_piece() {
    let book = ScratchBook::new(&[
        ("book.toml", &manifest(&["a.md", "b.md"])),
        ("a.md", &piece("Text.\n")),
        ("b.md", &piece("\n\n")),
    ]);
    let (code, items) = check_json(&book);
    assert_eq!(code, Some(1));
    assert_eq!(items.len(), 1, "{items:#?}");
    assert_eq!(
        items[0]["file"].as_str().map(|f| f.ends_with("b.md")),
        Some(true)
    );
    assert_eq!(items[0]["line"], 6, "the line the body starts on");
    assert!(items[0]["message"]
        .as_str()
        .is_some_and(|m| m.contains("has no text")));
}

#[test]
fn words_that_lost_their_lam_alef_are_warnings() {
    // A text pulled out of a PDF: many words with «ل», not one لا, and «انقلب» for «انقلاب».
    let words = [
        "سال",
        "ملت",
        "دلیل",
        "کل",
        "عمل",
        "حاصل",
        "اصل",
        "دولت",
        "مال",
        "شامل",
        "مسئله",
        "طول",
    ];
    let digits = ['۰', '۱', '۲', '۳', '۴', '۵', '۶', '۷', '۸', '۹'];
    let persian = |n: usize| -> String {
        n.to_string()
            .chars()
            .map(|c| digits[c.to_digit(10).unwrap_or(0) as usize])
            .collect()
    };
    let filler: Vec<String> = (1..=48)
        .map(|n| format!("{} {}", words[n % words.len()], persian(n)))
        .collect();
    let body = format!("{}\n\nاین انقلب بود.\n", filler.join(" "));
    let book = ScratchBook::new(&[
        ("book.toml", &manifest(&["a.md"])),
        ("a.md", &farsi_piece(&body)),
    ]);
    let (code, items) = check_json(&book);
    assert_eq!(code, Some(0), "warnings alone pass: {items:#?}");
    expect(&items, "«انقلب» looks like", "warning", ("a.md", 9, 5, 10));
    let hint = items
        .iter()
        .find_map(|d| d["hint"].as_str().filter(|h| h.contains("انقلاب")));
    assert!(hint.is_some(), "no repair offered: {items:#?}");
    // A piece that keeps its لا is not second-guessed.
    let kept = ScratchBook::new(&[
        ("book.toml", &manifest(&["a.md"])),
        ("a.md", &farsi_piece(&format!("{body}\nانقلاب و اطلاعات.\n"))),
    ]);
    assert_eq!(check_json(&kept), (Some(0), Vec::new()));
}

#[test]
fn a_farsi_number_in_ascii_digits_is_a_warning_a_latin_one_is_not() {
    let body = "در سال 1986 آمدند.\n\nکاغذ A4 و COVID-19 و [Red Flag 12]{lang=en}.\n";
    let book = ScratchBook::new(&[
        ("book.toml", &manifest(&["a.md"])),
        ("a.md", &farsi_piece(body)),
    ]);
    let (code, items) = check_json(&book);
    assert_eq!(code, Some(0), "warnings alone pass");
    assert_eq!(items.len(), 1, "{items:#?}");
    expect(&items, "ASCII digits", "warning", ("a.md", 7, 8, 12));
    expect_rendered(&book, "a.md:7:8", "در سال 1986 آمدند.", 4);
}
