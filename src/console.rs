//! What the command line prints, on stdout and stderr, goes through here: when the reader of
//! a pipe goes away (`pamphlet check BOOK 2>&1 | head -1`), the process ends quietly as a
//! Unix tool does, killed by SIGPIPE, instead of panicking in `println!`. Text on stderr is
//! for a terminal, so control characters in it (from a file's name or text) are escaped.

use pamphlet::book::diagnostic::escape_controls;
use std::fmt;
use std::io::Write;

/// Prints on stdout, as `print!` does.
macro_rules! out {
    ($($arg:tt)*) => { $crate::console::write_out(format_args!($($arg)*)) };
}

/// Prints a line on stdout, as `println!` does.
macro_rules! outln {
    ($($arg:tt)*) => { $crate::console::write_out(format_args!("{}\n", format_args!($($arg)*))) };
}

/// Prints on stderr, as `eprint!` does, with control characters escaped.
macro_rules! err {
    ($($arg:tt)*) => { $crate::console::write_err(format_args!($($arg)*)) };
}

/// Prints a line on stderr, as `eprintln!` does, with control characters escaped.
macro_rules! errln {
    ($($arg:tt)*) => { $crate::console::write_err(format_args!("{}\n", format_args!($($arg)*))) };
}

/// Writes `text` on stdout and flushes it (a reader waiting line by line sees it at once).
pub fn write_out(text: fmt::Arguments) {
    let mut stdout = std::io::stdout().lock();
    if let Err(e) = stdout.write_fmt(text).and_then(|()| stdout.flush()) {
        drop(stdout);
        if e.kind() != std::io::ErrorKind::BrokenPipe {
            errln!("error: cannot write to standard output: {e}");
        }
        end_on(e);
    }
}

/// Writes `text` on stderr with its control characters escaped.
pub fn write_err(text: fmt::Arguments) {
    let text = escape_controls(&text.to_string());
    if let Err(e) = std::io::stderr().lock().write_all(text.as_bytes()) {
        end_on(e);
    }
}

/// Ends the process after a failed write: on a closed pipe as SIGPIPE ends a Unix tool
/// (which Rust's runtime ignores, turning it into this error), on any other error with
/// the exit status of a failure. Whatever was being written is removed first.
fn end_on(e: std::io::Error) -> ! {
    pamphlet::remove_unfinished_outputs();
    #[cfg(unix)]
    if e.kind() == std::io::ErrorKind::BrokenPipe {
        use signal_hook::consts::SIGPIPE;
        let _ = signal_hook::low_level::emulate_default_handler(SIGPIPE);
        // Only if the signal could not be raised: the status a shell gives its death.
        std::process::exit(128 + SIGPIPE);
    }
    let _ = e;
    std::process::exit(i32::from(crate::EXIT_FAILURE));
}
