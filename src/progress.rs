//! A long build's progress, drawn on a terminal and nowhere else: a piped or redirected
//! stderr, a test or a tool calling the library sees nothing.

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::time::Duration;

/// Where a build reports what it is doing; cheap to clone, shared by the threads of a build.
#[derive(Debug, Clone)]
pub struct Progress {
    bar: ProgressBar,
}

impl Default for Progress {
    fn default() -> Progress {
        Progress::hidden()
    }
}

impl Progress {
    /// Reports nothing.
    pub fn hidden() -> Progress {
        Progress {
            bar: ProgressBar::hidden(),
        }
    }

    /// Draws on stderr when stderr is a terminal (indicatif draws nothing otherwise).
    pub fn on_terminal() -> Progress {
        let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr());
        bar.enable_steady_tick(Duration::from_millis(120));
        Progress { bar }
    }

    /// Starts a stage counted in `total` steps (a bar), or not counted (`None`, a spinner).
    pub fn stage(&self, message: &'static str, total: Option<usize>) {
        let template = if total.is_some() {
            "{spinner} {msg} [{bar:30}] {pos}/{len} {elapsed}"
        } else {
            "{spinner} {msg} {elapsed}"
        };
        let style = ProgressStyle::with_template(template)
            .unwrap_or_else(|_| ProgressStyle::default_spinner())
            .progress_chars("=> ");
        self.bar.set_style(style);
        self.bar.set_length(total.unwrap_or(0) as u64);
        self.bar.set_position(0);
        self.bar.set_message(message);
    }

    /// `done` steps of the stage are done already.
    pub fn set_position(&self, done: usize) {
        self.bar.set_position(done as u64);
    }

    /// One step of the stage is done.
    pub fn step(&self) {
        self.bar.inc(1);
    }

    /// Removes what was drawn, before the build's own report is printed.
    pub fn finish(&self) {
        self.bar.finish_and_clear();
    }
}
