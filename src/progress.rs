//! The build's progress bar: pages written of pages planned, with the elapsed time.
//!
//! Drawn only on a terminal (never into CI logs or pipes) and only once a build has run
//! for a moment, so that small builds print nothing but their summary.

use std::io::IsTerminal;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

/// How long a build runs before its bar appears.
const QUIET_FOR: Duration = Duration::from_millis(500);

/// A progress bar for [`prospectus::build`], hidden until [`QUIET_FOR`] has passed.
pub struct Bar {
    bar: ProgressBar,
    started: Instant,
    /// Whether the bar may be drawn at all: standard error is a terminal.
    terminal: bool,
    shown: AtomicBool,
}

impl Bar {
    /// A bar that stays hidden for now.
    pub fn new() -> Self {
        let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::hidden());
        let style = ProgressStyle::with_template("{elapsed:>3} [{bar:30}] {pos}/{len} pages")
            .map(|s| s.progress_chars("=> "))
            .unwrap_or_else(|_| ProgressStyle::default_bar());
        bar.set_style(style);
        let terminal = std::io::stderr().is_terminal();
        Bar { bar, started: Instant::now(), terminal, shown: AtomicBool::new(false) }
    }

    /// Removes the bar, leaving the terminal as it was for the summary line.
    pub fn finish(&self) {
        self.bar.finish_and_clear();
    }
}

impl prospectus::Progress for Bar {
    fn rendering(&self, pages: usize) {
        self.bar.set_length(pages as u64);
    }

    fn written(&self, path: &str) {
        if !path.ends_with(".html") {
            return;
        }
        self.bar.inc(1);
        if self.terminal && self.started.elapsed() >= QUIET_FOR && !self.shown.swap(true, Ordering::Relaxed) {
            self.bar.set_draw_target(ProgressDrawTarget::stderr_with_hz(8));
        }
    }
}
