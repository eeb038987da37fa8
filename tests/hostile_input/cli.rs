//! The command line against what surrounds it: closed pipes, files that are not files,
//! destinations in the way, signals in the middle of a build, control characters on the
//! terminal, backups of files that cannot be replaced, and help texts that must be true.

use super::common::{manifest, piece, ScratchBook};
use super::{assert_whole_outputs, build_into, files_in, pamphlet, small_book, HANG};
use std::io::Read;
use std::os::unix::fs::PermissionsExt;
use std::os::unix::process::ExitStatusExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::time::{Duration, Instant};

/// SIGPIPE's number: the signal a Unix tool dies of when its reader goes away.
const SIGPIPE: i32 = 13;

/// Which of pamphlet's output streams a case closes.
#[derive(Debug, Clone, Copy)]
enum Closed {
    Stdout,
    Stderr,
}

/// Runs `pamphlet` with one output stream's reader gone before it writes anything; returns
/// how it ended and what it wrote on the other stream.
fn with_closed(closed: Closed, args: &[&str]) -> (ExitStatus, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_pamphlet"))
        .args(args)
        .env("RUST_BACKTRACE", "1")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run pamphlet");
    let mut open: Box<dyn Read + Send> = match closed {
        Closed::Stdout => {
            drop(child.stdout.take());
            Box::new(child.stderr.take().expect("stderr"))
        }
        Closed::Stderr => {
            drop(child.stderr.take());
            Box::new(child.stdout.take().expect("stdout"))
        }
    };
    let reader = std::thread::spawn(move || {
        let mut text = Vec::new();
        let _ = open.read_to_end(&mut text);
        String::from_utf8_lossy(&text).into_owned()
    });
    let status = wait_unless_hung(&mut child, args);
    (status, reader.join().expect("the reader"))
}

/// Waits for `child`, failing the test if it is still running after [`HANG`].
fn wait_unless_hung(child: &mut Child, args: &[&str]) -> ExitStatus {
    let start = Instant::now();
    loop {
        if let Some(status) = child.try_wait().expect("wait for pamphlet") {
            return status;
        }
        if start.elapsed() > HANG {
            let _ = child.kill();
            panic!("pamphlet {args:?} hung: still running after {HANG:?}");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// Makes a named pipe at `path`; no writer ever opens it, so reading it would wait forever.
fn make_fifo(path: &Path) {
    rustix::fs::mkfifoat(rustix::fs::CWD, path, rustix::fs::Mode::from(0o600)).expect("mkfifo");
}

/// Makes the file at `path` (keeping what it holds) 33 MiB long, over the 32 MiB a text
/// source may hold: sparse, so nothing is stored past its text.
fn make_oversized(path: &Path) {
    std::fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(path)
        .and_then(|f| f.set_len(33 << 20))
        .expect("a sparse file");
}

/// A Farsi piece with an Arabic yeh, which `fix` changes and `check` warns about.
fn farsi_piece_to_fix() -> String {
    piece("كتاب خوب است.\n").replace("lang = \"en\"", "lang = \"fa\"")
}

/// The names in `dir` that are temporary files of pamphlet's.
fn temporary_files(dir: &Path) -> Vec<String> {
    files_in(dir)
        .into_iter()
        .filter(|n| n.contains("pamphlet-tmp") || n.starts_with(".tmp"))
        .collect()
}

#[test]
fn a_closed_pipe_ends_every_command_quietly_as_a_unix_tool() {
    let (book, name) = small_book();
    std::fs::write(book.path().join("fa.md"), farsi_piece_to_fix()).expect("write");
    let raw = book.path().join("raw.txt");
    std::fs::write(&raw, "A Title\n\nA paragraph of raw text.\n").expect("write");
    let fa = book.path().join("fa.md");
    let out = book.path().join("out");
    let cases: Vec<(Closed, Vec<&str>)> = vec![
        (Closed::Stderr, vec!["check", book.arg()]),
        (
            Closed::Stdout,
            vec!["check", book.arg(), "--format", "json"],
        ),
        (Closed::Stdout, vec!["build", book.arg()]),
        (Closed::Stderr, vec!["build", "no/such/book"]),
        (
            Closed::Stdout,
            vec!["import", raw.to_str().expect("utf-8"), "--lang", "en"],
        ),
        (
            Closed::Stderr,
            vec!["import", raw.to_str().expect("utf-8"), "--lang", "en"],
        ),
        (Closed::Stdout, vec!["fix", fa.to_str().expect("utf-8")]),
        (Closed::Stderr, vec!["fix", fa.to_str().expect("utf-8")]),
        // Not a one-off: the watch ends with its reader instead of building on for no one.
        (
            Closed::Stdout,
            vec!["watch", book.arg(), "--format", "epub"],
        ),
    ];
    for (closed, args) in cases {
        let (status, other) = with_closed(closed, &args);
        assert_eq!(
            status.signal(),
            Some(SIGPIPE),
            "pamphlet {args:?} with {closed:?} closed ended with {status}:\n{other}"
        );
        assert!(
            !other.contains("panicked") && !other.contains("Broken pipe"),
            "pamphlet {args:?} with {closed:?} closed:\n{other}"
        );
    }
    // The build finished before it said so: its outputs are whole.
    std::fs::remove_file(book.path().join("fa.md")).expect("remove");
    std::fs::remove_file(&raw).expect("remove");
    assert_whole_outputs(&out, &name);
}

#[test]
fn import_and_fix_refuse_a_device_a_fifo_and_an_oversized_file_unread() {
    let dir = tempfile::tempdir().expect("temp dir");
    let fifo = dir.path().join("pipe.txt");
    make_fifo(&fifo);
    let huge = dir.path().join("huge.md");
    make_oversized(&huge);
    let cases = [
        (
            PathBuf::from("/dev/zero"),
            "is a character device, not a regular file",
        ),
        (fifo, "is a named pipe (FIFO), not a regular file"),
        (huge, "more than the 32 MiB"),
        (dir.path().to_path_buf(), "is a folder, not a regular file"),
    ];
    for (file, why) in &cases {
        let shown = file.to_str().expect("utf-8");
        for args in [
            vec!["import", shown, "--lang", "en"],
            vec![
                "import",
                shown,
                "--lang",
                "fa",
                "--into",
                dir.path().to_str().expect("utf-8"),
            ],
            vec!["fix", shown],
            vec!["fix", "--write", shown],
        ] {
            let o = pamphlet(&args);
            let stderr = String::from_utf8_lossy(&o.stderr);
            assert_eq!(o.status.code(), Some(2), "{args:?}:\n{stderr}");
            assert!(
                stderr.contains(&format!("cannot read {shown}: it")) && stderr.contains(why),
                "{args:?}:\n{stderr}"
            );
            assert!(o.stdout.is_empty(), "{args:?} printed something");
        }
    }
    assert_eq!(
        files_in(dir.path()),
        ["huge.md", "pipe.txt"],
        "nothing was written"
    );
}

/// A book whose piece `a.md` (listed on line 5 of book.toml) is replaced by `make(path)`.
fn book_with_piece_made_by(make: impl FnOnce(&Path)) -> ScratchBook {
    let book = ScratchBook::new(&[("book.toml", &manifest(&["a.md"]))]);
    make(&book.path().join("a.md"));
    book
}

/// Runs `check` and `build` on `book`; both must fail with status 1 naming `place` and
/// saying `why`, and the build must write nothing.
fn assert_refused(book: &ScratchBook, place: &str, why: &str) {
    for command in ["check", "build"] {
        let o = pamphlet(&[command, book.arg()]);
        let stderr = String::from_utf8_lossy(&o.stderr);
        assert_eq!(o.status.code(), Some(1), "{command}:\n{stderr}");
        let diagnostic = super::common::diagnostic_naming(&stderr, place);
        assert!(diagnostic.contains(why), "{command}:\n{stderr}");
        assert!(
            !book.path().join("out").exists(),
            "{command} wrote into out/"
        );
    }
}

#[test]
fn a_fifo_a_device_or_a_link_out_as_a_piece_is_refused_with_its_manifest_line() {
    let book = book_with_piece_made_by(make_fifo);
    assert_refused(
        &book,
        "book.toml:5",
        "is a named pipe (FIFO), not a regular file",
    );

    // A link inside the book to a FIFO inside it is the FIFO.
    let book = book_with_piece_made_by(|path| {
        make_fifo(&path.with_file_name("pipe"));
        std::os::unix::fs::symlink("pipe", path).expect("symlink");
    });
    assert_refused(
        &book,
        "book.toml:5",
        "is a named pipe (FIFO), not a regular file",
    );

    let book = book_with_piece_made_by(|path| std::fs::create_dir(path).expect("mkdir"));
    assert_refused(&book, "book.toml:5", "is a folder, not a regular file");

    for outside in ["/dev/zero", "/etc/hostname"] {
        let book = book_with_piece_made_by(|path| {
            std::os::unix::fs::symlink(outside, path).expect("symlink");
        });
        assert_refused(&book, "book.toml:5", "leads out of the book folder");
    }
    for written in ["../a.md", "/dev/zero"] {
        let book = ScratchBook::new(&[("book.toml", &manifest(&[written]))]);
        assert_refused(&book, "book.toml:5", "leaves the book folder");
    }
}

#[test]
fn an_oversized_piece_or_manifest_is_refused_without_being_read() {
    let big_piece = book_with_piece_made_by(|path| {
        std::fs::write(path, piece("Text.\n")).expect("write");
        make_oversized(path);
    });
    let big_manifest = ScratchBook::new(&[("a.md", &piece("Text.\n"))]);
    make_oversized(&big_manifest.path().join("book.toml"));
    let cases = [
        (
            &big_piece,
            "a.md",
            "cannot read the piece",
            "split the text",
        ),
        (
            &big_manifest,
            "book.toml",
            "cannot read the manifest",
            "keep texts in the pieces",
        ),
    ];
    for (book, file, what, hint) in cases {
        for command in ["check", "build"] {
            let o = pamphlet(&[command, book.arg()]);
            let stderr = String::from_utf8_lossy(&o.stderr);
            assert_eq!(o.status.code(), Some(1), "{command}:\n{stderr}");
            let diagnostic = super::common::diagnostic_naming(&stderr, file);
            for needle in [what, "more than the 32 MiB", hint] {
                assert!(diagnostic.contains(needle), "{command}:\n{stderr}");
            }
            assert!(!book.path().join("out").exists());
        }
    }
}

#[test]
fn a_fifo_or_a_link_out_as_the_cover_or_the_manifest_is_refused() {
    let covered = format!("cover = \"cover.png\"\n{}", manifest(&["a.md"]));
    let book = ScratchBook::new(&[("book.toml", &covered), ("a.md", &piece("Text.\n"))]);
    let cover = book.path().join("cover.png");
    make_fifo(&cover);
    assert_refused(
        &book,
        "book.toml:1",
        "is a named pipe (FIFO), not a regular file",
    );
    std::fs::remove_file(&cover).expect("remove");
    std::os::unix::fs::symlink("/dev/zero", &cover).expect("symlink");
    assert_refused(&book, "book.toml:1", "leads out of the book folder");

    let book = ScratchBook::new(&[("a.md", &piece("Text.\n"))]);
    let manifest_file = book.path().join("book.toml");
    make_fifo(&manifest_file);
    assert_refused(
        &book,
        "book.toml",
        "is a named pipe (FIFO), not a regular file",
    );
    let elsewhere = tempfile::tempdir().expect("temp dir");
    std::fs::write(elsewhere.path().join("book.toml"), manifest(&["a.md"])).expect("write");
    std::fs::remove_file(&manifest_file).expect("remove");
    std::os::unix::fs::symlink(elsewhere.path().join("book.toml"), &manifest_file)
        .expect("symlink");
    assert_refused(&book, "book.toml", "leads out of the book folder");
}

/// `pamphlet import BOOK/raw.txt --lang en --into BOOK`, with `--force` if asked.
fn import_into(book: &ScratchBook, force: bool) -> std::process::Output {
    let raw = book.path().join("raw.txt");
    let mut args = vec![
        "import",
        raw.to_str().expect("utf-8"),
        "--lang",
        "en",
        "--into",
        book.arg(),
    ];
    if force {
        args.push("--force");
    }
    pamphlet(&args)
}

#[test]
fn a_fifo_or_a_link_out_as_the_books_debris_list_is_refused_by_import() {
    let book = ScratchBook::new(&[("raw.txt", "A paragraph of raw text.\n")]);
    let debris = book.path().join("debris.txt");
    let import = || import_into(&book, false);
    make_fifo(&debris);
    let o = import();
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("debris.txt") && stderr.contains("named pipe"),
        "{stderr}"
    );
    std::fs::remove_file(&debris).expect("remove");
    std::os::unix::fs::symlink("/etc/hostname", &debris).expect("symlink");
    let o = import();
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("debris.txt") && stderr.contains("leads out of the book folder"),
        "{stderr}"
    );
    assert_eq!(files_in(book.path()), ["debris.txt", "raw.txt"]);
}

#[test]
fn a_folder_where_an_output_goes_stops_the_build_before_any_file_is_replaced() {
    let (book, name) = small_book();
    let out = book.path().join("out");
    let o = build_into(&book, &out);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let epub = out.join(format!("{name}.epub"));
    let pdf = out.join(format!("{name}.pdf"));
    let before = std::fs::read(&epub).expect("read");
    let modified = std::fs::metadata(&epub)
        .and_then(|m| m.modified())
        .expect("mtime");
    // The book is edited, and a folder stands where the PDF goes.
    std::fs::write(book.path().join("a.md"), piece("Other text.\n")).expect("write");
    std::fs::remove_file(&pdf).expect("remove");
    std::fs::create_dir(&pdf).expect("mkdir");
    let o = build_into(&book, &out);
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains(&format!("{name}.pdf")) && stderr.contains("folder"),
        "{stderr}"
    );
    assert!(stderr.contains("--out DIR"), "{stderr}");
    assert_eq!(
        std::fs::read(&epub).expect("read"),
        before,
        "the EPUB was replaced"
    );
    assert_eq!(
        std::fs::metadata(&epub)
            .and_then(|m| m.modified())
            .expect("mtime"),
        modified
    );
    assert_eq!(
        files_in(&out),
        [format!("{name}.epub"), format!("{name}.pdf")],
        "no temporary file"
    );
}

/// A book of `pieces` pieces of 40 long paragraphs each: its build takes seconds, most of
/// them writing the outputs.
fn long_book(pieces: usize) -> ScratchBook {
    let names: Vec<String> = (0..pieces).map(|i| format!("p{i:03}.md")).collect();
    let listed: Vec<&str> = names.iter().map(String::as_str).collect();
    let book = ScratchBook::new(&[("book.toml", &manifest(&listed))]);
    let words: Vec<String> = (0..120).map(|j| format!("word{j} text")).collect();
    let paragraph = words.join(" ");
    for (i, name) in names.iter().enumerate() {
        let body: Vec<String> = (0..40)
            .map(|k| format!("Paragraph {k} of piece {i}: {paragraph}."))
            .collect();
        std::fs::write(book.path().join(name), piece(&body.join("\n\n"))).expect("write");
    }
    book
}

/// Starts a build of `book` into `out` and waits until it is writing its outputs (a
/// temporary file of its own is in `out`).
fn build_caught_writing(book: &ScratchBook, out: &Path) -> Child {
    let mut child = Command::new(env!("CARGO_BIN_EXE_pamphlet"))
        .args(["build", book.arg(), "--out", out.to_str().expect("utf-8")])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("run pamphlet");
    let mark = format!("pamphlet-tmp-{}-", child.id());
    let start = Instant::now();
    while !files_in(out).iter().any(|n| n.contains(&mark)) {
        if let Some(status) = child.try_wait().expect("wait") {
            panic!("the build ended ({status}) before it was caught writing");
        }
        assert!(start.elapsed() < HANG, "the build never wrote");
        std::thread::sleep(Duration::from_millis(2));
    }
    child
}

/// Sends `signal` to `child`.
fn send(child: &Child, signal: rustix::process::Signal) {
    let pid = rustix::process::Pid::from_child(child);
    rustix::process::kill_process(pid, signal).expect("kill");
}

#[test]
fn an_interrupted_build_removes_its_temporary_files_and_keeps_the_old_outputs() {
    use rustix::process::Signal;
    let book = long_book(20);
    let name = super::book_name(&book);
    let out = book.path().join("out");
    let o = build_into(&book, &out);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let old: Vec<Vec<u8>> = ["epub", "pdf"]
        .iter()
        .map(|ext| std::fs::read(out.join(format!("{name}.{ext}"))).expect("read"))
        .collect();
    // Edited, so that a build that went through would change the outputs.
    std::fs::write(book.path().join("p000.md"), piece("Edited.\n")).expect("write");
    for signal in [Signal::TERM, Signal::INT, Signal::HUP] {
        let mut child = build_caught_writing(&book, &out);
        send(&child, signal);
        let status = wait_unless_hung(&mut child, &["build"]);
        assert_eq!(
            status.signal(),
            Some(signal.as_raw()),
            "{signal:?} did not end the build as that signal: {status}"
        );
        assert_eq!(
            files_in(&out),
            [format!("{name}.epub"), format!("{name}.pdf")],
            "{signal:?} left a temporary file"
        );
        for (ext, old) in ["epub", "pdf"].iter().zip(&old) {
            assert!(
                std::fs::read(out.join(format!("{name}.{ext}"))).expect("read") == *old,
                "{signal:?} changed {name}.{ext}"
            );
        }
    }
    // The folders the build made for its outputs go with them.
    let new = book.path().join("new");
    let mut child = build_caught_writing(&book, &new.join("out"));
    send(&child, Signal::TERM);
    wait_unless_hung(&mut child, &["build"]);
    assert!(!new.exists(), "an interrupted build left {}", new.display());
}

#[test]
fn the_next_build_removes_what_a_killed_build_left_and_nothing_of_a_running_one() {
    use rustix::process::Signal;
    let book = long_book(12);
    let name = super::book_name(&book);
    let out = book.path().join("out");
    let mut child = build_caught_writing(&book, &out);
    send(&child, Signal::KILL);
    wait_unless_hung(&mut child, &["build"]);
    let left = temporary_files(&out);
    assert!(!left.is_empty(), "kill -9 leaves the temporary files");
    // Another process's temporary file while it runs: this test's own PID.
    let running = out.join(format!(
        ".{name}.pdf.pamphlet-tmp-{}-xYz123",
        std::process::id()
    ));
    std::fs::write(&running, "being written").expect("write");
    let o = build_into(&book, &out);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(
        running.exists(),
        "a running process's temporary file was removed"
    );
    std::fs::remove_file(&running).expect("remove");
    assert_whole_outputs(&out, &name);
}

#[test]
fn control_characters_of_a_piece_are_escaped_in_every_diagnostic() {
    let book = ScratchBook::new(&[("book.toml", &manifest(&["a.md"]))]);
    std::fs::write(
        book.path().join("a.md"),
        piece("Text with an escape \u{1b}[2J\u{1b}]0;owned\u{7} and a \u{0} here.\n"),
    )
    .expect("write");
    for args in [vec!["check", book.arg()], vec!["build", book.arg()]] {
        let o = pamphlet(&args);
        let stderr = String::from_utf8_lossy(&o.stderr);
        assert_eq!(o.status.code(), Some(1), "{args:?}:\n{stderr}");
        assert!(
            !stderr.contains(|c: char| c.is_control() && c != '\n'),
            "{args:?} printed a control character raw:\n{stderr:?}"
        );
        let diagnostic = super::common::diagnostic_naming(&stderr, "a.md:7:");
        assert!(
            diagnostic.contains("control character U+001B")
                && diagnostic.contains(
                    "Text with an escape \\u{1b}[2J\\u{1b}]0;owned\\u{7} and a \\u{0} here."
                ),
            "{stderr}"
        );
    }
    let o = pamphlet(&["check", book.arg(), "--format", "json"]);
    assert_eq!(o.status.code(), Some(1));
    let json = String::from_utf8(o.stdout).expect("UTF-8");
    assert!(
        !json.contains(|c: char| c.is_control() && c != '\n'),
        "{json:?}"
    );
    let value: serde_json::Value = serde_json::from_str(&json).expect("valid JSON");
    assert_eq!(value[0]["line"], 7, "{json}");
}

/// `pamphlet fix --write` on `piece`, with `--force` if asked.
fn fix_write(piece: &Path, force: bool) -> std::process::Output {
    let mut args = vec!["fix", "--write", piece.to_str().expect("utf-8")];
    if force {
        args.push("--force");
    }
    pamphlet(&args)
}

/// Clears the immutable attribute of a file however the test ends, so that it can be
/// removed.
struct Immutable<'a>(&'a Path);

impl<'a> Immutable<'a> {
    fn set(path: &'a Path) -> Immutable<'a> {
        let o = Command::new("chattr")
            .arg("+i")
            .arg(path)
            .output()
            .expect("run chattr (e2fsprogs)");
        assert!(
            o.status.success(),
            "chattr +i needs root and a file system with attributes: {}",
            String::from_utf8_lossy(&o.stderr)
        );
        Immutable(path)
    }
}

impl Drop for Immutable<'_> {
    fn drop(&mut self) {
        let _ = Command::new("chattr").arg("-i").arg(self.0).status();
    }
}

#[test]
fn fix_write_on_a_file_it_cannot_replace_changes_nothing_and_leaves_no_backup() {
    let dir = tempfile::tempdir().expect("temp dir");
    let piece = dir.path().join("a.md");
    std::fs::write(&piece, farsi_piece_to_fix()).expect("write");
    {
        let _immutable = Immutable::set(&piece);
        let o = fix_write(&piece, false);
        let stderr = String::from_utf8_lossy(&o.stderr);
        assert_eq!(o.status.code(), Some(2), "{stderr}");
        assert!(
            stderr.contains("cannot write") && stderr.contains("nothing was changed"),
            "{stderr}"
        );
        assert_eq!(
            files_in(dir.path()),
            ["a.md"],
            "a backup or temporary file was left"
        );
        assert_eq!(
            std::fs::read_to_string(&piece).expect("read"),
            farsi_piece_to_fix()
        );
    }
    // A read-only piece is kept as it is, with a hint that fix can follow.
    std::fs::set_permissions(&piece, std::fs::Permissions::from_mode(0o444)).expect("chmod");
    let o = fix_write(&piece, false);
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("read-only") && stderr.contains("chmod u+w") && !stderr.contains("--out"),
        "{stderr}"
    );
    assert_eq!(files_in(dir.path()), ["a.md"]);
    // Once it can be replaced, nothing from the failed runs is in the way.
    std::fs::set_permissions(&piece, std::fs::Permissions::from_mode(0o644)).expect("chmod");
    let o = fix_write(&piece, false);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert_eq!(files_in(dir.path()), ["a.md", "a.md.bak"]);
    assert_eq!(
        std::fs::read_to_string(dir.path().join("a.md.bak")).expect("read"),
        farsi_piece_to_fix()
    );
}

#[test]
fn fix_write_keeps_backups_as_documented_and_writes_through_a_link() {
    let dir = tempfile::tempdir().expect("temp dir");
    let piece = dir.path().join("a.md");
    let backup = dir.path().join("a.md.bak");
    std::fs::write(&piece, farsi_piece_to_fix()).expect("write");
    std::fs::write(&backup, "an earlier version").expect("write");
    let o = fix_write(&piece, false);
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("a.md.bak is there from an earlier run")
            && stderr.contains("--force")
            && !stderr.contains(".bak.bak"),
        "{stderr}"
    );
    assert_eq!(
        std::fs::read_to_string(&piece).expect("read"),
        farsi_piece_to_fix()
    );
    // --force replaces the old backup with the version it fixes, as --help says.
    let o = fix_write(&piece, true);
    let stdout = String::from_utf8_lossy(&o.stdout);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(
        stdout.contains(&format!("(the old version is {})", backup.display())),
        "{stdout}"
    );
    assert_eq!(
        std::fs::read_to_string(&backup).expect("read"),
        farsi_piece_to_fix()
    );
    assert!(std::fs::read_to_string(&piece)
        .expect("read")
        .contains("کتاب"));
    assert_eq!(files_in(dir.path()), ["a.md", "a.md.bak"]);

    // A link is written through: the file it names is fixed, the link stays a link.
    let shared = tempfile::tempdir().expect("temp dir");
    let target = shared.path().join("real.md");
    std::fs::write(&target, farsi_piece_to_fix()).expect("write");
    let link = dir.path().join("link.md");
    std::os::unix::fs::symlink(&target, &link).expect("symlink");
    let o = fix_write(&link, false);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(link.symlink_metadata().expect("link").is_symlink());
    assert!(std::fs::read_to_string(&target)
        .expect("read")
        .contains("کتاب"));
    assert_eq!(
        std::fs::read_to_string(dir.path().join("link.md.bak")).expect("read"),
        farsi_piece_to_fix()
    );
    assert_eq!(
        files_in(shared.path()),
        ["real.md"],
        "no temporary file by the target"
    );
}

#[test]
fn import_into_with_force_keeps_the_old_files_as_it_says() {
    let book = ScratchBook::new(&[("raw.txt", "A paragraph of raw text.\n")]);
    let import = |force: bool| import_into(&book, force);
    assert!(import(false).status.success());
    std::fs::write(book.path().join("raw.md"), "edited by hand").expect("write");
    let o = import(false);
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("raw.md already exists") && stderr.contains("raw.md.bak"),
        "{stderr}"
    );
    let o = import(true);
    let stdout = String::from_utf8_lossy(&o.stdout);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(stdout.contains("raw.md (the old one is"), "{stdout}");
    assert!(
        stdout.contains("raw.review.txt (the old one is"),
        "{stdout}"
    );
    assert_eq!(
        std::fs::read_to_string(book.path().join("raw.md.bak")).expect("read"),
        "edited by hand"
    );
    assert_eq!(
        files_in(book.path()),
        [
            "raw.md",
            "raw.md.bak",
            "raw.review.txt",
            "raw.review.txt.bak",
            "raw.txt"
        ]
    );
}

#[test]
fn help_texts_name_the_backups_and_flags_there_are() {
    let help = |command: &str| {
        let o = pamphlet(&[command, "--help"]);
        assert!(o.status.success());
        String::from_utf8(o.stdout).expect("UTF-8")
    };
    let import = help("import");
    assert!(
        import.contains("NAME.md.bak") && import.contains("NAME.review.txt.bak"),
        "{import}"
    );
    assert!(!import.contains("NAME.bak"), "{import}");
    let fix = help("fix");
    assert!(fix.contains("PIECE.md.bak"), "{fix}");
    assert!(
        !fix.contains("PIECE.bak") && !fix.contains("--out"),
        "{fix}"
    );
}
