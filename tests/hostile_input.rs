//! Hostile input: what an editor can type or paste, each case a book of its own. None may
//! panic or leave a partial file; each is built whole or refused with its file and line.

mod common;

use common::{manifest, pamphlet, piece, ScratchBook};

/// Builds a book of one piece `a.md` holding `body` (bytes, so that invalid UTF-8 can be
/// written) into its `out/`; returns the exit code and stderr.
fn build_piece(body: &[u8]) -> (Option<i32>, String, ScratchBook) {
    let book = ScratchBook::new(&[("book.toml", &manifest(&["a.md"]))]);
    std::fs::write(book.path().join("a.md"), body).expect("write piece");
    let o = pamphlet(&["build", book.arg()]);
    let stderr = String::from_utf8_lossy(&o.stderr).into_owned();
    assert!(!stderr.contains("panicked"), "pamphlet panicked:\n{stderr}");
    assert_ne!(o.status.code(), Some(101), "pamphlet panicked:\n{stderr}");
    let out = book.path().join("out");
    if o.status.success() {
        let name = book
            .path()
            .file_name()
            .expect("name")
            .to_string_lossy()
            .into_owned();
        for ext in ["epub", "pdf"] {
            let file = out.join(format!("{name}.{ext}"));
            let size = std::fs::metadata(&file).map(|m| m.len()).unwrap_or(0);
            assert!(size > 0, "{} missing or empty", file.display());
        }
    } else {
        assert!(
            !out.exists(),
            "a refused build wrote into {}",
            out.display()
        );
        assert!(
            stderr.contains("a.md"),
            "the error does not name the piece:\n{stderr}"
        );
    }
    (o.status.code(), stderr, book)
}

#[test]
fn a_byte_order_mark_and_crlf_line_ends_are_read_as_text() {
    let mut bom = vec![0xEF, 0xBB, 0xBF];
    bom.extend_from_slice(piece("Text after a byte order mark.\n").as_bytes());
    assert_eq!(build_piece(&bom).0, Some(0));
    let crlf = piece("Text\nwith CRLF\nline ends.\n").replace('\n', "\r\n");
    assert_eq!(build_piece(crlf.as_bytes()).0, Some(0));
}

#[test]
fn invalid_utf8_and_control_characters_are_refused_with_their_line() {
    let mut bytes = piece("Fine.\n\nBroken ").into_bytes();
    bytes.extend_from_slice(&[0xFF, 0xFE, b'\n']);
    let (code, stderr, _) = build_piece(&bytes);
    assert_eq!(code, Some(1));
    assert!(
        stderr.contains("not valid UTF-8") && stderr.contains("a.md:9"),
        "{stderr}"
    );
    let (code, stderr, _) = build_piece(piece("Bell \u{7} and escape \u{1b}[31m.\n").as_bytes());
    assert_eq!(code, Some(1));
    assert!(stderr.contains("control character"), "{stderr}");
}

#[test]
fn raw_html_emoji_and_cjk_are_refused_not_drawn_as_boxes() {
    let (code, stderr, _) = build_piece(piece("<script>alert(1)</script>\n").as_bytes());
    assert_eq!(code, Some(1));
    assert!(stderr.contains("raw HTML"), "{stderr}");
    let (code, stderr, _) = build_piece(piece("Text 😀 and 漢字.\n").as_bytes());
    assert_eq!(code, Some(1));
    assert!(
        stderr.contains("U+1F600") && stderr.contains("a.md:7"),
        "{stderr}"
    );
}

#[test]
fn an_empty_piece_is_refused() {
    let (code, stderr, _) = build_piece(piece("").as_bytes());
    assert_eq!(code, Some(1));
    assert!(stderr.contains("no text"), "{stderr}");
}

#[test]
fn ten_thousand_nested_quotes_or_list_levels_do_not_overflow_the_stack() {
    let quotes = format!("{}deep\n", "> ".repeat(10_000));
    let (code, stderr, _) = build_piece(piece(&quotes).as_bytes());
    assert_eq!(code, Some(1));
    assert!(stderr.contains("nested more than"), "{stderr}");
    let lists: String = (0..10_000)
        .map(|i| format!("{}- item\n", "  ".repeat(i)))
        .collect();
    let (code, stderr, _) = build_piece(piece(&lists).as_bytes());
    assert_eq!(code, Some(1));
    assert!(stderr.contains("nested more than"), "{stderr}");
}

#[test]
fn a_one_megabyte_paragraph_is_set() {
    // One paragraph of 200,000 words: set line by line in time linear in its length (it
    // once took minutes: every line walked the whole paragraph).
    let words = vec!["word"; 200_000].join(" ");
    assert_eq!(build_piece(piece(&words).as_bytes()).0, Some(0));
}
