//! The progress bar of long runs: on a terminal, a run over more than
//! [`MIN_FILES`] files shows files done, findings so far, the rate and the
//! time left on standard error. Never on standard output, never when
//! standard error is not a terminal (CI logs, pipes, files), never with
//! `--quiet`: output that is read by programs stays byte for byte what it
//! was.
//!
//! When standard output is the same terminal, the bar is hidden while a
//! file's results are written and drawn again below them, so results
//! scroll up above the bar instead of being torn by it.

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::io::IsTerminal;

/// Runs over this many files or fewer finish too fast for a bar to help.
pub const MIN_FILES: usize = 40;

const TEMPLATE: &str = "{spinner} {bar:30} {pos}/{len} files · {msg} · {rate} · ETA {eta}";

/// Progress of a run; a no-op when no bar is shown.
pub struct Progress {
    bar: Option<ProgressBar>,
    /// Whether output written while the bar is shown goes to the terminal
    /// the bar is drawn on.
    shares_terminal: bool,
    findings: u64,
}

impl Progress {
    /// A bar for `files` files if standard error is a terminal, the run is
    /// long enough and not quiet.
    pub fn new(files: usize, quiet: bool) -> Progress {
        let show = !quiet && files > MIN_FILES && std::io::stderr().is_terminal();
        Progress::with_bar(show.then(|| bar(files, ProgressDrawTarget::stderr())))
    }

    /// No bar.
    pub fn hidden() -> Progress {
        Progress::with_bar(None)
    }

    fn with_bar(bar: Option<ProgressBar>) -> Progress {
        Progress {
            shares_terminal: bar.is_some() && std::io::stdout().is_terminal(),
            bar,
            findings: 0,
        }
    }

    /// Counts a finished file and its findings.
    pub fn file_done(&mut self, findings: usize) {
        if let Some(bar) = &self.bar {
            self.findings += findings as u64;
            bar.set_message(format!(
                "{} finding{}",
                self.findings,
                if self.findings == 1 { "" } else { "s" }
            ));
            bar.inc(1);
        }
    }

    /// Runs `write` (which writes to standard output) with the bar out of
    /// its way.
    pub fn write_out<R>(&self, write: impl FnOnce() -> R) -> R {
        match &self.bar {
            Some(bar) if self.shares_terminal => bar.suspend(write),
            _ => write(),
        }
    }

    /// Removes the bar, leaving the terminal as the output left it.
    pub fn finish(&self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }
}

impl Drop for Progress {
    fn drop(&mut self) {
        self.finish();
    }
}

fn bar(files: usize, target: ProgressDrawTarget) -> ProgressBar {
    let style = ProgressStyle::with_template(TEMPLATE)
        .unwrap_or_else(|_| ProgressStyle::default_bar())
        // indicatif's own `{per_sec}` prints four decimals.
        .with_key(
            "rate",
            |state: &indicatif::ProgressState, out: &mut dyn std::fmt::Write| {
                let _ = write!(out, "{:.0} files/s", state.per_sec());
            },
        );
    let bar = ProgressBar::with_draw_target(Some(files as u64), target).with_style(style);
    bar.set_message("0 findings");
    bar
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_template_parses() {
        // A template error would silently fall back to the plain bar.
        assert!(ProgressStyle::with_template(TEMPLATE).is_ok());
    }

    #[test]
    fn a_hidden_progress_runs_the_writer_and_counts_nothing() {
        let mut progress = Progress::hidden();
        progress.file_done(3);
        assert_eq!(progress.write_out(|| 7), 7);
        assert_eq!(progress.findings, 0);
    }

    #[test]
    fn a_bar_counts_files_and_findings() {
        let mut progress = Progress::with_bar(Some(bar(50, ProgressDrawTarget::hidden())));
        progress.file_done(2);
        progress.file_done(0);
        progress.file_done(1);
        let bar = progress.bar.as_ref().expect("a bar");
        assert_eq!(bar.position(), 3);
        assert_eq!(bar.message(), "3 findings");
    }
}
