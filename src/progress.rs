//! The progress line of a long run: `files done of total` on stderr, drawn only on a terminal, never
//! under --quiet, and only once the run has taken a second (a quick run stays silent, as ruff's does).

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

/// How long a run goes unseen before the line appears.
const SHOW_AFTER: Duration = Duration::from_secs(1);

pub struct Progress {
    bar: Option<ProgressBar>,
    started: Instant,
    show_after: Duration,
    shown: AtomicBool,
}

impl Progress {
    /// A progress line for `total` files; `enabled` is the plan's verdict (a terminal, not quiet).
    pub fn new(enabled: bool, total: usize) -> Self {
        Self::after(enabled, total, SHOW_AFTER)
    }

    fn after(enabled: bool, total: usize, show_after: Duration) -> Self {
        let bar = enabled.then(|| {
            let bar =
                ProgressBar::with_draw_target(Some(total as u64), ProgressDrawTarget::hidden());
            if let Ok(style) = ProgressStyle::with_template("{spinner} checking {pos}/{len} files")
            {
                bar.set_style(style);
            }
            bar
        });
        Progress {
            bar,
            started: Instant::now(),
            show_after,
            shown: AtomicBool::new(false),
        }
    }

    /// One more file read; draws the line once the run has gone on for a while.
    pub fn file_done(&self) {
        let Some(bar) = &self.bar else { return };
        bar.inc(1);
        if self.started.elapsed() >= self.show_after && !self.shown.swap(true, Ordering::Relaxed) {
            bar.set_draw_target(ProgressDrawTarget::stderr());
        }
    }

    /// Clears the line before the report is printed.
    pub fn finish(&self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn drawn_only_when_enabled_and_once_the_run_is_long() {
        let off = Progress::after(false, 3, Duration::ZERO);
        off.file_done();
        assert!(off.bar.is_none() && !off.shown.load(Ordering::Relaxed));
        let quick = Progress::after(true, 3, Duration::from_secs(3600));
        quick.file_done();
        assert!(
            !quick.shown.load(Ordering::Relaxed),
            "a quick run stays silent"
        );
        let long = Progress::after(true, 3, Duration::ZERO);
        long.file_done();
        long.file_done();
        assert!(long.shown.load(Ordering::Relaxed));
        assert_eq!(long.bar.as_ref().map(ProgressBar::position), Some(2));
        long.finish();
    }
}
