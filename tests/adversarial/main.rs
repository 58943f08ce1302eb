//! The adversarial set (issue 14): hostile and merely unusual pages, made by
//! small generators here rather than stored, each run through the
//! `copydesk` binary with a time limit.
//!
//! - `scaling`: inputs that were quadratic (one huge word, thousands of
//!   suppressions, fixes, repeated sentences, glossary terms, config
//!   entries) run at `n` and `4n`; the CPU times and their ratio are
//!   printed, and linear growth is asserted with a generous bound.
//! - `encodings`: UTF-16 with a BOM, broken UTF-8, a NUL after the first
//!   64 KB, a bogus charset name, CR and U+2028 line breaks: no panic, and
//!   `--fix` keeps every byte it does not fix and is idempotent.
//! - `limits`: `max-file-size` refuses a page with an error naming the
//!   file and the limit, for files and standard input, and the run goes on.
//!
//! Every run must end within [`time_limit`] (wall clock; `COPYDESK_CASE_TIMEOUT`
//! seconds, 60 by default, since CI machines are shared) and exit 0, 1 or 2,
//! never 101 (a panic) or by a signal.

mod encodings;
mod limits;
mod scaling;

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// How long one run may take before it counts as a hang.
pub fn time_limit() -> Duration {
    let seconds = std::env::var("COPYDESK_CASE_TIMEOUT")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(60);
    Duration::from_secs(seconds)
}

/// What one run of the binary did.
#[derive(Debug)]
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
    pub wall: Duration,
    /// User plus system CPU time of the run: steadier than wall time on a
    /// loaded machine, so growth ratios use it.
    pub cpu: Duration,
    /// Peak resident memory, in KiB (0 where the platform does not say).
    pub peak_kib: u64,
}

/// Runs `copydesk ARGS` in `dir`, feeding `stdin` if given, killing it after
/// [`time_limit`]. Panics (failing the test) on a hang, a panic or a signal.
pub fn run(dir: &Path, args: &[&str], stdin: Option<&Path>) -> Run {
    let out_path = dir.join(".stdout");
    let err_path = dir.join(".stderr");
    let out = std::fs::File::create(&out_path).expect("stdout file");
    let err = std::fs::File::create(&err_path).expect("stderr file");
    let input = match stdin {
        Some(path) => Stdio::from(std::fs::File::open(path).expect("stdin file")),
        None => Stdio::null(),
    };
    let mut child = Command::new(env!("CARGO_BIN_EXE_copydesk"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .stdin(input)
        .stdout(out)
        .stderr(err)
        .spawn()
        .expect("copydesk starts");
    let started = Instant::now();
    let (status, cpu, peak_kib) = wait_with_limit(&mut child, started, args);
    let wall = started.elapsed();
    let read =
        |p: &PathBuf| String::from_utf8_lossy(&std::fs::read(p).unwrap_or_default()).into_owned();
    let (stdout, stderr) = (read(&out_path), read(&err_path));
    let Some(code) = status else {
        panic!("copydesk {args:?} was killed by a signal\n{stderr}");
    };
    assert!(
        matches!(code, 0..=2),
        "copydesk {args:?} exited {code} (0, 1 or 2 expected; 101 is a panic)\n{stderr}"
    );
    Run {
        code,
        stdout,
        stderr,
        wall,
        cpu,
        peak_kib,
    }
}

/// Waits for the child, polling, and kills it at the time limit. Returns
/// its exit code (`None`: a signal), CPU time and peak memory.
#[cfg(unix)]
fn wait_with_limit(
    child: &mut std::process::Child,
    started: Instant,
    args: &[&str],
) -> (Option<i32>, Duration, u64) {
    let pid = child.id() as libc::pid_t;
    loop {
        let mut status: libc::c_int = 0;
        // SAFETY: an all-zero rusage is a valid value for wait4 to fill in.
        let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
        // SAFETY: `pid` is our own child, not yet reaped; both pointers are
        // to live locals.
        let reaped = unsafe { libc::wait4(pid, &mut status, libc::WNOHANG, &mut usage) };
        if reaped == pid {
            let time = |t: libc::timeval| {
                Duration::from_secs(t.tv_sec as u64) + Duration::from_micros(t.tv_usec as u64)
            };
            let cpu = time(usage.ru_utime) + time(usage.ru_stime);
            let code = libc::WIFEXITED(status).then(|| libc::WEXITSTATUS(status));
            return (code, cpu, usage.ru_maxrss as u64);
        }
        assert!(reaped == 0, "wait4 failed for copydesk {args:?}");
        if started.elapsed() > time_limit() {
            let _ = child.kill();
            let _ = child.wait();
            panic!(
                "copydesk {args:?} still running after {:?}: a hang",
                time_limit()
            );
        }
        std::thread::sleep(Duration::from_millis(5));
    }
}

#[cfg(not(unix))]
fn wait_with_limit(
    child: &mut std::process::Child,
    started: Instant,
    args: &[&str],
) -> (Option<i32>, Duration, u64) {
    loop {
        if let Some(status) = child.try_wait().expect("wait") {
            return (status.code(), started.elapsed(), 0);
        }
        if started.elapsed() > time_limit() {
            let _ = child.kill();
            let _ = child.wait();
            panic!(
                "copydesk {args:?} still running after {:?}: a hang",
                time_limit()
            );
        }
        std::thread::sleep(Duration::from_millis(5));
    }
}

/// A folder holding an empty `copydesk.toml`, so the runs use the defaults
/// whatever lies above the temporary directory.
pub fn workspace() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(dir.path().join("copydesk.toml"), "").expect("config");
    dir
}

/// The start of an English article with a byline, so every rule runs.
pub const HEAD: &str = "<!doctype html><html lang=en><head><meta charset=\"utf-8\">\
    <title>t</title></head><body><article><p class=\"byline\">By Jane Doe</p>\n";
pub const TAIL: &str = "</article></body></html>\n";
