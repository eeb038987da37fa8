//! Ctrl-C, `kill` and a closed terminal in the middle of a build: the temporary files of the
//! outputs being written are removed before the process ends, and it then ends by the same
//! signal, so that a shell or a supervisor sees what stopped it.

#[cfg(unix)]
use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};

/// Watches for SIGINT, SIGTERM and SIGHUP on a thread of its own for the rest of the
/// process. If they cannot be watched, they keep their default action (the process ends at
/// once; the next build removes what it left).
pub fn remove_outputs_on_interrupt() {
    #[cfg(unix)]
    {
        let Ok(mut signals) = signal_hook::iterator::Signals::new([SIGINT, SIGTERM, SIGHUP]) else {
            return;
        };
        std::thread::spawn(move || {
            if let Some(signal) = signals.forever().next() {
                pamphlet::remove_unfinished_outputs();
                let _ = signal_hook::low_level::emulate_default_handler(signal);
                // Only if the signal could not be raised again: the status a shell gives.
                std::process::exit(128 + signal);
            }
        });
    }
}
