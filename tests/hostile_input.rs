//! Hostile input: what an editor can type or paste, each case a book of its own. None may
//! panic or leave a partial file; each is built whole or refused with its file and line.

mod common;

use common::{manifest, piece, ScratchBook};
use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

// Cases by what they break, one file each in tests/hostile_input/.
#[path = "hostile_input/cli.rs"]
mod cli;
#[path = "hostile_input/epub.rs"]
mod epub;
#[path = "hostile_input/linear.rs"]
mod linear;
#[path = "hostile_input/markdown.rs"]
mod markdown;
#[path = "hostile_input/new_user.rs"]
mod new_user;
#[path = "hostile_input/pages.rs"]
mod pages;

/// Longer than any of these cases takes in a debug build; past it the run counts as a hang.
const HANG: Duration = Duration::from_secs(240);

/// Runs `pamphlet` with a backtrace on panic, failing the test if it panics or hangs.
fn pamphlet(args: &[&str]) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_pamphlet"))
        .args(args)
        .env("RUST_BACKTRACE", "1")
        .env_remove("SOURCE_DATE_EPOCH")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run pamphlet");
    let start = Instant::now();
    while child.try_wait().expect("wait for pamphlet").is_none() {
        if start.elapsed() > HANG {
            let _ = child.kill();
            panic!("pamphlet {args:?} hung: still running after {HANG:?}");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    let o = child.wait_with_output().expect("pamphlet's output");
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert!(!stderr.contains("panicked"), "pamphlet panicked:\n{stderr}");
    assert_ne!(o.status.code(), Some(101), "pamphlet panicked:\n{stderr}");
    o
}

/// Builds `book` into `out`.
fn build_into(book: &ScratchBook, out: &Path) -> Output {
    pamphlet(&[
        "build",
        book.arg(),
        "--out",
        out.to_str().expect("utf-8 path"),
    ])
}

/// `dir` holds the book `name`'s EPUB and PDF, whole, and nothing else (no temporary file);
/// EPUBCheck finds no error and no warning in the EPUB.
fn assert_whole_outputs(dir: &Path, name: &str) {
    assert_whole_files(dir, name);
    common::assert_epubcheck_clean(&dir.join(format!("{name}.epub")));
}

/// `dir` holds the book `name`'s EPUB and PDF, whole, and nothing else (no temporary file).
fn assert_whole_files(dir: &Path, name: &str) {
    assert_eq!(
        files_in(dir),
        [format!("{name}.epub"), format!("{name}.pdf")],
        "in {}",
        dir.display()
    );
    let pdf = std::fs::read(dir.join(format!("{name}.pdf"))).expect("read the PDF");
    assert!(
        pdf.starts_with(b"%PDF-") && pdf.trim_ascii_end().ends_with(b"%%EOF"),
        "{name}.pdf is not a whole PDF"
    );
    let epub = std::fs::File::open(dir.join(format!("{name}.epub"))).expect("open the EPUB");
    let mut zip = zip::ZipArchive::new(epub).expect("the EPUB is a whole zip");
    for i in 0..zip.len() {
        let mut entry = zip.by_index(i).expect("an entry");
        std::io::copy(&mut entry, &mut std::io::sink()).expect("every entry reads back");
    }
}

/// The files in `dir`, by name (none if it does not exist).
fn files_in(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .filter_map(|e| e.ok())
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    names
}

/// Builds a book of one piece `a.md` holding `body` (bytes, so that invalid UTF-8 can be
/// written) into its `out/`; returns the exit code and stderr.
fn build_piece(body: &[u8]) -> (Option<i32>, String, ScratchBook) {
    let book = ScratchBook::new(&[("book.toml", &manifest(&["a.md"]))]);
    std::fs::write(book.path().join("a.md"), body).expect("write piece");
    let o = pamphlet(&["build", book.arg()]);
    let stderr = String::from_utf8_lossy(&o.stderr).into_owned();
    let out = book.path().join("out");
    if o.status.success() {
        let name = book_name(&book);
        assert_whole_outputs(&out, &name);
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
    // U+FFFF, which every font's cmap sends to its empty box and XML does not allow (the
    // fuzzer found it).
    let (code, stderr, _) = build_piece(piece("Text \u{FFFF} here.\n").as_bytes());
    assert_eq!(code, Some(1));
    assert!(
        stderr.contains("U+FFFF") && stderr.contains("a.md:7"),
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
    // 10,000 list levels, written the short way (each `- ` opens a list inside the last
    // item; indenting each level would make a 100 MB file), and quotes, lists and numbered
    // lists mixed.
    for deep in ["- ".repeat(10_000), "> - 1. ".repeat(3_400)] {
        let (code, stderr, _) = build_piece(piece(&format!("{deep}item\n")).as_bytes());
        assert_eq!(code, Some(1));
        assert!(stderr.contains("nested more than"), "{stderr}");
    }
}

#[test]
fn one_megabyte_paragraphs_are_set() {
    // One paragraph of 200,000 words: set line by line in time linear in its length (it
    // once took minutes: every line walked the whole paragraph).
    let words = vec!["word"; 200_000].join(" ");
    assert_eq!(build_piece(piece(&words).as_bytes()).0, Some(0));
    // A Farsi one with digits and English words: tens of thousands of short bidi and script
    // runs, each once looked up by a search from the paragraph's start (51 s in release).
    let mixed: Vec<&str> = ["کارگران", "۱۲", "work", "3", "سازمان"]
        .into_iter()
        .cycle()
        .take(150_000)
        .collect();
    let farsi = piece(&mixed.join(" ")).replace("lang = \"en\"", "lang = \"fa\"");
    assert_eq!(build_piece(farsi.as_bytes()).0, Some(0));
}

#[test]
fn a_piece_in_a_language_pamphlet_has_no_rules_for_is_set_with_a_warning() {
    let text = "+++\ntitle = \"A piece\"\nlang = \"zz\"\nsource = \"seed.txt\"\n+++\n\nText.\n";
    let (code, stderr, _) = build_piece(text.as_bytes());
    assert_eq!(code, Some(0), "{stderr}");
    assert!(
        stderr.contains("no rules for the language `zz`") && stderr.contains("a.md:3"),
        "{stderr}"
    );
}

#[test]
fn an_unknown_font_or_a_corrupt_or_missing_cover_is_refused_with_its_line() {
    let fonts = format!("{}[fonts]\nfarsi = \"comic-sans\"\n", manifest(&["a.md"]));
    let book = ScratchBook::new(&[("book.toml", &fonts), ("a.md", &piece("Text.\n"))]);
    let o = pamphlet(&["build", book.arg()]);
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("book.toml:7"), "{stderr}");
    assert!(files_in(&book.path().join("out")).is_empty());

    let covered = format!("cover = \"cover.png\"\n{}", manifest(&["a.md"]));
    let book = ScratchBook::new(&[
        ("book.toml", &covered),
        ("a.md", &piece("Text.\n")),
        ("cover.png", "not a PNG at all"),
    ]);
    for case in ["corrupt", "missing"] {
        let o = pamphlet(&["build", book.arg()]);
        let stderr = String::from_utf8_lossy(&o.stderr);
        assert_eq!(o.status.code(), Some(1), "{case} cover:\n{stderr}");
        assert!(stderr.contains("book.toml:1"), "{case} cover:\n{stderr}");
        assert!(files_in(&book.path().join("out")).is_empty());
        std::fs::remove_file(book.path().join("cover.png")).ok();
    }
}

#[test]
fn a_ten_thousand_piece_manifest_is_built() {
    // EPUBCheck's time grows faster than the book's (about 9 minutes for 10,000 documents,
    // 30 s for 1,000), so it judges the same generated book at 300 pieces: every document
    // has the same form at both sizes.
    for (pieces, validate) in [(300, true), (10_000, false)] {
        let names: Vec<String> = (0..pieces).map(|i| format!("p{i:05}.md")).collect();
        let listed: Vec<&str> = names.iter().map(String::as_str).collect();
        let book = ScratchBook::new(&[("book.toml", &manifest(&listed))]);
        for (i, name) in names.iter().enumerate() {
            let text = format!(
                "+++\ntitle = \"Piece {i}\"\nlang = \"en\"\nsource = \"s.txt\"\n+++\n\nText {i}.\n"
            );
            std::fs::write(book.path().join(name), text).expect("write piece");
        }
        let o = build_into(&book, &book.path().join("out"));
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        let name = book_name(&book);
        if validate {
            assert_whole_outputs(&book.path().join("out"), &name);
        } else {
            assert_whole_files(&book.path().join("out"), &name);
        }
        let epub = book.path().join("out").join(format!("{name}.epub"));
        let zip = zip::ZipArchive::new(std::fs::File::open(epub).expect("open")).expect("a zip");
        let documents = zip.file_names().filter(|n| n.ends_with(".xhtml")).count();
        assert!(
            documents >= pieces,
            "{documents} XHTML documents for {pieces} pieces"
        );
    }
}

/// The name of `book`'s output files: its folder's name.
fn book_name(book: &ScratchBook) -> String {
    book.path()
        .file_name()
        .expect("name")
        .to_string_lossy()
        .into_owned()
}

/// A small book built into its own `out/`, and the name of its files.
fn small_book() -> (ScratchBook, String) {
    let book = ScratchBook::new(&[
        ("book.toml", &manifest(&["a.md"])),
        ("a.md", &piece("Text.\n")),
    ]);
    let name = book_name(&book);
    (book, name)
}

#[test]
fn a_read_only_output_is_kept_and_nothing_else_is_written() {
    use std::os::unix::fs::PermissionsExt;
    let (book, name) = small_book();
    let out = book.path().join("out");
    std::fs::create_dir_all(&out).expect("mkdir");
    let pdf = out.join(format!("{name}.pdf"));
    std::fs::write(&pdf, "the copy sent to the printer").expect("write");
    std::fs::set_permissions(&pdf, std::fs::Permissions::from_mode(0o444)).expect("chmod");
    let o = pamphlet(&["build", book.arg()]);
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains(&format!("{name}.pdf")) && stderr.contains("read-only"),
        "{stderr}"
    );
    assert_eq!(
        std::fs::read_to_string(&pdf).expect("read"),
        "the copy sent to the printer"
    );
    assert_eq!(
        files_in(&out),
        [format!("{name}.pdf")],
        "no EPUB and no temporary file"
    );
}

#[test]
fn a_missing_output_folder_is_made_and_a_file_in_its_way_is_an_error() {
    let (book, name) = small_book();
    let deep = book.path().join("not/yet/there");
    let o = build_into(&book, &deep);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert_whole_outputs(&deep, &name);

    let blocked = book.path().join("a-file");
    std::fs::write(&blocked, "in the way").expect("write");
    let o = build_into(&book, &blocked);
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("a-file"), "{stderr}");
    assert_eq!(
        std::fs::read_to_string(&blocked).expect("read"),
        "in the way"
    );
}

#[test]
fn an_output_that_fails_while_rendered_leaves_no_file_and_no_folder() {
    // The EPUB fails as it is written (its date cannot be made); the PDF beside it is
    // rendered whole, and must go with the EPUB's temporary file and the folder made for them.
    let (book, _) = small_book();
    let out = book.path().join("new/out");
    let o = Command::new(env!("CARGO_BIN_EXE_pamphlet"))
        .args(["build", book.arg(), "--out", out.to_str().expect("utf-8")])
        .env("RUST_BACKTRACE", "1")
        .env("SOURCE_DATE_EPOCH", "yesterday")
        .output()
        .expect("run pamphlet");
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert_eq!(o.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("SOURCE_DATE_EPOCH"), "{stderr}");
    assert!(
        !book.path().join("new").exists(),
        "a failed build left {}",
        out.display()
    );
    // A folder that was there before is kept, with nothing new in it.
    std::fs::create_dir_all(&out).expect("mkdir");
    let o = Command::new(env!("CARGO_BIN_EXE_pamphlet"))
        .args(["build", book.arg(), "--out", out.to_str().expect("utf-8")])
        .env("SOURCE_DATE_EPOCH", "yesterday")
        .output()
        .expect("run pamphlet");
    assert_eq!(o.status.code(), Some(2));
    assert!(files_in(&out).is_empty(), "{:?}", files_in(&out));
}

#[test]
fn two_builds_of_one_book_at_once_leave_whole_files() {
    // Builds are reproducible, so whatever the order of the renames, each file must be
    // byte for byte what a build on its own writes.
    let (book, name) = small_book();
    let alone = book.path().join("alone");
    let o = build_into(&book, &alone);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    for round in 0..3 {
        let runs: Vec<_> = (0..2)
            .map(|_| {
                let arg = book.arg().to_string();
                std::thread::spawn(move || pamphlet(&["build", &arg]))
            })
            .collect();
        for run in runs {
            let o = run.join().expect("a build thread");
            assert!(
                o.status.success(),
                "round {round}: {}",
                String::from_utf8_lossy(&o.stderr)
            );
        }
        let out = book.path().join("out");
        assert_whole_outputs(&out, &name);
        for ext in ["epub", "pdf"] {
            let file = format!("{name}.{ext}");
            assert!(
                std::fs::read(out.join(&file)).expect("read")
                    == std::fs::read(alone.join(&file)).expect("read"),
                "round {round}: {file} differs from a build on its own"
            );
        }
    }
}
