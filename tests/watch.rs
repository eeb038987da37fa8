//! `pamphlet watch`: it builds, then picks up a save and typesets only the piece saved.

mod common;

use common::*;
use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

/// Long enough for a debug build of a small book on a busy machine, short enough that a
/// watcher that never reacts fails the test rather than hanging it.
const WAIT: Duration = Duration::from_secs(60);

/// The watcher process, killed however the test ends.
struct Watching(Child);

impl Drop for Watching {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

#[test]
fn an_edit_rebuilds_only_the_edited_piece() {
    let book = ScratchBook::new(&[
        ("book.toml", &manifest(&["a.md", "b.md", "c.md"])),
        ("a.md", &piece("The first piece.[^1]\n\n[^1]: Its note.\n")),
        ("b.md", &piece("The second piece.\n")),
        ("c.md", &piece("The third piece.\n")),
    ]);
    let (_watching, built) = start_watching(&book);
    let first = built
        .recv_timeout(WAIT)
        .expect("the first build is reported");
    assert!(
        first.starts_with("built in ") && first.contains("typeset a.md, b.md, c.md, reused 0"),
        "{first}"
    );
    assert!(book
        .path()
        .join("out/")
        .read_dir()
        .is_ok_and(|mut d| d.next().is_some()));

    std::fs::write(
        book.path().join("b.md"),
        piece("The second piece, edited.\n"),
    )
    .expect("edit");
    let second = built.recv_timeout(WAIT).expect("the edit is picked up");
    assert!(
        second.starts_with("built in ")
            && second.contains("typeset b.md, reused 2 piece(s); wrote "),
        "{second}"
    );
    // The build's own writes to out/ are not edits: nothing more is rebuilt.
    assert!(
        built.recv_timeout(Duration::from_secs(2)).is_err(),
        "a rebuild without an edit"
    );
}

/// Starts `pamphlet watch` on `book` (EPUB only); its stdout lines arrive on the receiver.
fn start_watching(book: &ScratchBook) -> (Watching, mpsc::Receiver<String>) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_pamphlet"))
        .args(["watch", book.arg(), "--format", "epub"])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("start pamphlet watch");
    let stdout = child.stdout.take().expect("stdout");
    let (lines, built) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            if lines.send(line).is_err() {
                break;
            }
        }
    });
    (Watching(child), built)
}

/// The next line reporting a build that went through, passing over failed ones.
fn next_build(built: &mpsc::Receiver<String>, what: &str) -> String {
    loop {
        let line = built
            .recv_timeout(WAIT)
            .unwrap_or_else(|_| panic!("{what}: no build reported"));
        if line.starts_with("built in ") {
            return line;
        }
        assert!(line.starts_with("not built"), "{what}: {line}");
    }
}

#[test]
fn a_book_folder_deleted_and_made_again_is_watched_again() {
    let files = [
        ("book.toml", manifest(&["a.md", "b.md"])),
        ("a.md", piece("The first piece.\n")),
        ("b.md", piece("The second piece.\n")),
    ];
    let as_refs: Vec<(&str, &str)> = files.iter().map(|(n, t)| (*n, t.as_str())).collect();
    let book = ScratchBook::new(&as_refs);
    let (_watching, built) = start_watching(&book);
    let first = next_build(&built, "the first build");
    assert!(first.contains("typeset a.md, b.md"), "{first}");
    for round in 0..2 {
        // Deleted and restored at once (a checkout, a restore from a backup), or after a
        // moment: the watch follows the new folder either way.
        std::fs::remove_dir_all(book.path()).expect("delete the book folder");
        if round == 1 {
            std::thread::sleep(Duration::from_secs(2));
        }
        std::fs::create_dir(book.path()).expect("make it again");
        for (name, text) in &files {
            std::fs::write(book.path().join(name), text).expect("write");
        }
        let again = next_build(&built, "the new folder");
        assert!(again.contains("wrote "), "round {round}: {again}");
        std::fs::write(
            book.path().join("b.md"),
            piece(&format!("The second piece, edited in round {round}.\n")),
        )
        .expect("edit");
        let edited = loop {
            let line = next_build(&built, "the edit in the new folder");
            if line.contains("typeset b.md,") {
                break line;
            }
        };
        assert!(
            edited.contains("reused 1 piece(s)"),
            "round {round}: {edited}"
        );
    }
}
