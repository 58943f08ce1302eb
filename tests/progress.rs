//! The progress bar, through a real pseudo-terminal: shown on standard
//! error when that is a terminal and the run is long, never on standard
//! output, never without a terminal, never with `--quiet`; and standard
//! output is the same bytes whether or not a bar was drawn beside it.

#![cfg(target_os = "linux")]

use std::io::Read;
use std::os::fd::{FromRawFd, OwnedFd};
use std::path::Path;
use std::process::{Command, Output, Stdio};

/// `count` small pages, each with one finding.
fn pages(dir: &Path, count: usize) {
    for n in 0..count {
        std::fs::write(
            dir.join(format!("page-{n:03}.html")),
            format!(
                "<html><body><article><h1>Harbour news {n}</h1><p class=\"byline\">By Ann Lee</p>\
                 <p>The the ferry to the island left on time on day {n}.</p></article></body></html>"
            ),
        )
        .expect("page written");
    }
}

fn copydesk(args: &[&str]) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_copydesk"));
    command
        .arg("check")
        .args(args)
        .env("TERM", "xterm-256color")
        .env_remove("NO_COLOR")
        .stdin(Stdio::null());
    command
}

/// Runs with standard error on a pseudo-terminal (standard output a pipe);
/// returns the output and everything the terminal received.
fn run_on_pty(args: &[&str]) -> (Output, String) {
    let (mut master, mut slave) = (0, 0);
    let size = libc::winsize {
        ws_row: 30,
        ws_col: 120,
        ws_xpixel: 0,
        ws_ypixel: 0,
    };
    // SAFETY: openpty writes two new descriptors, which we then own.
    let opened = unsafe {
        libc::openpty(
            &mut master,
            &mut slave,
            std::ptr::null_mut(),
            std::ptr::null(),
            &size,
        )
    };
    assert_eq!(opened, 0, "openpty: {}", std::io::Error::last_os_error());
    // SAFETY: both descriptors were just opened and are owned here only.
    let (master, slave) = unsafe { (OwnedFd::from_raw_fd(master), OwnedFd::from_raw_fd(slave)) };
    let child = copydesk(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::from(slave))
        .spawn()
        .expect("copydesk starts");
    let reader = std::thread::spawn(move || {
        let mut terminal = std::fs::File::from(master);
        let mut seen = Vec::new();
        let mut buf = [0u8; 4096];
        // Reading a pty whose other side closed fails with EIO: the end.
        while let Ok(n) = terminal.read(&mut buf) {
            if n == 0 {
                break;
            }
            seen.extend_from_slice(&buf[..n]);
        }
        seen
    });
    let output = child.wait_with_output().expect("copydesk ends");
    let seen = reader.join().expect("the reader thread");
    (output, String::from_utf8_lossy(&seen).into_owned())
}

fn run_piped(args: &[&str]) -> Output {
    copydesk(args).output().expect("copydesk runs")
}

/// What the bar's template always prints.
const BAR_TEXT: &str = " files · ";

#[test]
fn a_long_run_on_a_terminal_shows_the_bar_on_stderr_only() {
    let dir = tempfile::tempdir().expect("temp dir");
    pages(dir.path(), 150);
    let path = dir.path().to_str().expect("UTF-8 path");
    let (with_bar, terminal) = run_on_pty(&["--color", "never", path]);
    assert!(
        terminal.contains(BAR_TEXT),
        "no bar on the terminal: {terminal:?}"
    );
    assert!(terminal.contains("findings"), "{terminal:?}");
    let stdout = String::from_utf8_lossy(&with_bar.stdout);
    assert!(!stdout.contains(BAR_TEXT), "the bar leaked into stdout");
    assert!(!stdout.contains('\u{1b}'), "escape codes in stdout");
    assert!(stdout.contains("Found 150 problems"), "{stdout}");
    // Standard output is byte for byte that of a run without a terminal,
    // which draws no bar at all.
    let piped = run_piped(&["--color", "never", path]);
    assert_eq!(with_bar.stdout, piped.stdout);
    assert_eq!(with_bar.status.code(), piped.status.code());
    assert!(
        !String::from_utf8_lossy(&piped.stderr).contains(BAR_TEXT),
        "a bar without a terminal"
    );
    assert!(
        piped.stderr.is_empty(),
        "{:?}",
        String::from_utf8_lossy(&piped.stderr)
    );
}

#[test]
fn quiet_runs_and_short_runs_draw_no_bar() {
    let dir = tempfile::tempdir().expect("temp dir");
    pages(dir.path(), 150);
    let path = dir.path().to_str().expect("UTF-8 path");
    let (_, terminal) = run_on_pty(&["-q", path]);
    assert!(!terminal.contains(BAR_TEXT), "{terminal:?}");

    let short = tempfile::tempdir().expect("temp dir");
    pages(short.path(), 10);
    let (output, terminal) = run_on_pty(&[short.path().to_str().expect("UTF-8 path")]);
    assert!(!terminal.contains(BAR_TEXT), "{terminal:?}");
    assert!(String::from_utf8_lossy(&output.stdout).contains("Found 10 problems"));
}

#[test]
fn machine_formats_on_stdout_are_untouched_by_the_bar() {
    let dir = tempfile::tempdir().expect("temp dir");
    pages(dir.path(), 60);
    let path = dir.path().to_str().expect("UTF-8 path");
    let (with_bar, terminal) = run_on_pty(&["--output-format", "json", path]);
    assert!(terminal.contains(BAR_TEXT), "{terminal:?}");
    let piped = run_piped(&["--output-format", "json", path]);
    assert_eq!(with_bar.stdout, piped.stdout);
    let parsed: serde_json::Value =
        serde_json::from_slice(&with_bar.stdout).expect("stdout is JSON");
    assert_eq!(parsed.as_array().map(Vec::len), Some(60));
}
