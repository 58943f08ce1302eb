//! End-to-end tests of which files `copydesk check` reads: only regular
//! files, never a wait on a FIFO, walks and globs that end on symlink loops,
//! `.gitignore` (inside a git repository), `--exclude`, hidden folders, and
//! an order that does not depend on the thread count.

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

const PAGE: &str = "<!doctype html><html lang=en><body><article>\n<p>We saw the the launch,, twice.</p>\n</article></body></html>\n";

/// Long enough for a debug build on a busy machine, short enough that a
/// hang fails the test instead of stalling the suite.
const DEADLINE: Duration = Duration::from_secs(60);

/// Runs copydesk in `dir`, killing it (and failing) if it outlives the
/// deadline. The global git configuration is pointed away from the user's,
/// so their excludes cannot change what a walk finds.
fn run_in(dir: &Path, args: &[&str]) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_copydesk"))
        .args(args)
        .current_dir(dir)
        .env("HOME", dir)
        .env("XDG_CONFIG_HOME", dir.join(".config"))
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("copydesk starts");
    let started = Instant::now();
    while child.try_wait().expect("wait works").is_none() {
        if started.elapsed() > DEADLINE {
            let _ = child.kill();
            panic!("copydesk {args:?} still running after {DEADLINE:?}");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    child.wait_with_output().expect("output is collected")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// A temporary folder with an empty copydesk.toml, so no configuration
/// from above it applies.
fn workspace() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("copydesk.toml"), "").unwrap();
    dir
}

fn write_page(path: &Path) {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, PAGE).unwrap();
}

/// The files linted, from the JSON output, in the order reported.
fn linted_paths(o: &Output) -> Vec<String> {
    let findings: Vec<serde_json::Value> = serde_json::from_slice(&o.stdout)
        .unwrap_or_else(|e| panic!("not JSON ({e}): {}{}", stdout(o), stderr(o)));
    let mut paths: Vec<String> = findings
        .iter()
        .map(|f| f["path"].as_str().unwrap().to_owned())
        .collect();
    paths.dedup();
    paths
}

#[cfg(unix)]
fn mkfifo(path: &Path) {
    let status = Command::new("mkfifo")
        .arg(path)
        .status()
        .expect("mkfifo runs");
    assert!(status.success());
}

#[cfg(unix)]
fn symlink(target: &str, link: &Path) {
    std::os::unix::fs::symlink(target, link).unwrap();
}

#[cfg(unix)]
#[test]
fn a_fifo_named_on_the_command_line_is_an_error_not_a_wait() {
    let dir = workspace();
    mkfifo(&dir.path().join("pipe.html"));
    write_page(&dir.path().join("page.html"));
    let out = run_in(dir.path(), &["check", "-q", "pipe.html", "page.html"]);
    assert_eq!(out.status.code(), Some(2), "{}", stdout(&out));
    let text = stdout(&out);
    assert!(
        text.contains("pipe.html: error: not a regular file (a FIFO)"),
        "{text}"
    );
    assert!(
        text.contains("page.html:2:15: warning[repeated-word]"),
        "the other file is still linted: {text}"
    );
}

#[cfg(unix)]
#[test]
fn a_fifo_or_device_given_as_config_or_to_blocks_is_an_error() {
    let dir = workspace();
    mkfifo(&dir.path().join("pipe.toml"));
    write_page(&dir.path().join("page.html"));
    let out = run_in(dir.path(), &["check", "--config", "pipe.toml", "page.html"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out)
            .contains("pipe.toml: cannot read configuration file: not a regular file (a FIFO)"),
        "{}",
        stderr(&out)
    );

    mkfifo(&dir.path().join("pipe.html"));
    let out = run_in(dir.path(), &["blocks", "pipe.html"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("pipe.html: not a regular file (a FIFO)"),
        "{}",
        stderr(&out)
    );

    // The only path gave nothing to lint: a fatal error, on standard error.
    let out = run_in(dir.path(), &["check", "/dev/zero"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("/dev/zero: not a regular file (a character device)"),
        "{}",
        stderr(&out)
    );
}

#[cfg(unix)]
#[test]
fn a_fifo_met_in_a_walk_is_skipped() {
    let dir = workspace();
    write_page(&dir.path().join("site/page.html"));
    mkfifo(&dir.path().join("site/pipe.html"));
    let out = run_in(dir.path(), &["check", "--output-format", "json", "site"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert_eq!(linted_paths(&out), ["site/page.html"]);
    assert!(stderr(&out).is_empty(), "{}", stderr(&out));

    let out = run_in(
        dir.path(),
        &["check", "--output-format", "json", "site/*.html"],
    );
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert_eq!(linted_paths(&out), ["site/page.html"]);
}

#[cfg(unix)]
#[test]
fn symlink_loops_end_in_walks_and_in_globs() {
    let dir = workspace();
    write_page(&dir.path().join("site/a.html"));
    write_page(&dir.path().join("site/news/b.html"));
    symlink("..", &dir.path().join("site/news/up"));
    symlink(".", &dir.path().join("site/here"));
    symlink("loop-b", &dir.path().join("site/loop-a"));
    symlink("loop-a", &dir.path().join("site/loop-b"));
    let expected = ["site/a.html", "site/news/b.html"];

    let out = run_in(dir.path(), &["check", "--output-format", "json", "site"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert_eq!(linted_paths(&out), expected);

    for pattern in ["site/**/*.html", "site/*/*.html", "**/*.html"] {
        let out = run_in(dir.path(), &["check", "--output-format", "json", pattern]);
        assert_eq!(out.status.code(), Some(1), "{pattern}: {}", stderr(&out));
        let mut want: Vec<&str> = expected.to_vec();
        if pattern == "site/*/*.html" {
            want = vec!["site/news/b.html"];
        }
        assert_eq!(linted_paths(&out), want, "{pattern}");
    }
}

/// Makes `dir` a git repository (with git if it is installed; a `.git`
/// folder is what marks one for the walker).
fn git_init(dir: &Path) {
    let ran = Command::new("git")
        .args(["init", "-q"])
        .current_dir(dir)
        .env("HOME", dir)
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .status()
        .is_ok_and(|s| s.success());
    if !ran {
        std::fs::create_dir_all(dir.join(".git")).unwrap();
    }
}

#[test]
fn gitignore_is_honoured_inside_a_git_repository_only() {
    let dir = workspace();
    write_page(&dir.path().join("site/a.html"));
    write_page(&dir.path().join("build/a.html"));
    write_page(&dir.path().join("site/draft.tmp.html"));
    std::fs::write(dir.path().join(".gitignore"), "build/\n*.tmp.html\n").unwrap();
    // A walk from `.` names its files `./...`, as the shell would.
    let all = ["./build/a.html", "./site/a.html", "./site/draft.tmp.html"];

    // Not a repository: a .gitignore alone means nothing (as in ripgrep).
    let out = run_in(dir.path(), &["check", "--output-format", "json", "."]);
    assert_eq!(linted_paths(&out), all);

    git_init(dir.path());
    let out = run_in(dir.path(), &["check", "--output-format", "json", "."]);
    assert_eq!(linted_paths(&out), ["./site/a.html"]);
    let out = run_in(
        dir.path(),
        &["check", "--output-format", "json", "**/*.html"],
    );
    assert_eq!(linted_paths(&out), ["site/a.html"]);

    // A folder named on the command line is searched even if ignored.
    let out = run_in(dir.path(), &["check", "--output-format", "json", "build"]);
    assert_eq!(linted_paths(&out), ["build/a.html"]);

    let out = run_in(
        dir.path(),
        &["check", "--output-format", "json", "--no-ignore", "."],
    );
    assert_eq!(linted_paths(&out), all);
}

#[test]
fn exclude_skips_matching_files_and_folders_in_walks_and_globs() {
    let dir = workspace();
    for path in [
        "site/a.html",
        "site/a.amp.html",
        "site/drafts/b.html",
        "site/news/c.html",
    ] {
        write_page(&dir.path().join(path));
    }
    let out = run_in(
        dir.path(),
        &[
            "check",
            "--output-format",
            "json",
            "--exclude",
            "site/drafts,*.amp.html",
            "site",
        ],
    );
    assert_eq!(linted_paths(&out), ["site/a.html", "site/news/c.html"]);

    let out = run_in(
        dir.path(),
        &[
            "check",
            "--output-format",
            "json",
            "--exclude",
            "drafts/",
            "site/**/*.html",
        ],
    );
    assert_eq!(
        linted_paths(&out),
        ["site/a.amp.html", "site/a.html", "site/news/c.html"]
    );

    // A file named on the command line is linted whatever --exclude says.
    let out = run_in(
        dir.path(),
        &[
            "check",
            "--output-format",
            "json",
            "--exclude",
            "*.amp.html",
            "site/a.amp.html",
        ],
    );
    assert_eq!(linted_paths(&out), ["site/a.amp.html"]);

    let out = run_in(dir.path(), &["check", "--exclude", "[z-a]", "site"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("--exclude: error parsing glob '[z-a]'"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn hidden_folders_and_files_are_not_searched() {
    let dir = workspace();
    write_page(&dir.path().join("site/a.html"));
    write_page(&dir.path().join("site/.cache/a.html"));
    write_page(&dir.path().join("site/._a.html"));
    let out = run_in(dir.path(), &["check", "--output-format", "json", "site"]);
    assert_eq!(linted_paths(&out), ["site/a.html"]);
    // Named explicitly, a hidden folder is searched.
    let out = run_in(
        dir.path(),
        &["check", "--output-format", "json", "site/.cache"],
    );
    assert_eq!(linted_paths(&out), ["site/.cache/a.html"]);
}

#[test]
fn output_and_diff_order_are_the_same_with_one_or_two_threads() {
    let dir = workspace();
    let mut pages: Vec<PathBuf> = Vec::new();
    for section in ["b", "a", "c/d", "c", "e/f/g"] {
        for name in ["z.html", "m.htm", "a.xhtml"] {
            pages.push(Path::new("site").join(section).join(name));
        }
    }
    for page in &pages {
        write_page(&dir.path().join(page));
    }
    for mode in [&["-q"][..], &["--output-format", "json"], &["--diff"]] {
        let run = |threads: &str| {
            let mut args = vec!["check", "-j", threads];
            args.extend_from_slice(mode);
            args.push("site");
            run_in(dir.path(), &args)
        };
        let (one, two) = (run("1"), run("2"));
        assert_eq!(stdout(&one), stdout(&two), "{mode:?}");
        assert!(
            stdout(&one).matches("site/").count() >= pages.len(),
            "{mode:?}"
        );
    }
    // A folder's files come before its subfolders in the diff.
    let diff = stdout(&run_in(dir.path(), &["check", "--diff", "site"]));
    let order: Vec<&str> = diff
        .lines()
        .filter_map(|l| l.strip_prefix("--- a/"))
        .collect();
    assert_eq!(order.first(), Some(&"site/a/a.xhtml"), "{diff}");
    let c = order.iter().position(|p| *p == "site/c/z.html").unwrap();
    let cd = order.iter().position(|p| *p == "site/c/d/a.xhtml").unwrap();
    assert!(c < cd, "{order:?}");
}
