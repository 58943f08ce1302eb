//! End-to-end tests of what a new user meets first: hooks and CI options
//! (`--exit-zero`, `--output-file`, lists of files), `init`, completions and
//! the man page, `--unsafe-fixes` and the fixable count, and each command-line
//! defect of issue 12 (empty folders, `-j`, `--statistics` in every format,
//! `--diff` with other formats, closed pipes, `blocks -`, configuration
//! errors, `config --show` on a missing file).

use clap::Parser;
use copydesk::cli::Cli;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

fn copydesk() -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_copydesk"));
    cmd.current_dir(env!("CARGO_MANIFEST_DIR"));
    cmd.env_remove("NO_COLOR");
    cmd
}

fn run(args: &[&str]) -> Output {
    copydesk().args(args).output().expect("copydesk runs")
}

fn run_in(dir: &Path, args: &[&str]) -> Output {
    copydesk()
        .current_dir(dir)
        .args(args)
        .output()
        .expect("copydesk runs")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn repo_file(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(path)
}

const TYPO: &str = "<!doctype html><html lang=en><body><article>\n<h1>Launch</h1>\n<p class=byline>By Ann Writer</p>\n<p>The crew reached the the station after a six-hour flight.</p>\n</article></body></html>\n";
const CLEAN: &str = "<!doctype html><html lang=en><body><article>\n<h1>Launch</h1>\n<p class=byline>By Ann Writer</p>\n<p>The crew reached the station after a six-hour flight.</p>\n</article></body></html>\n";

/// A folder with an empty copydesk.toml (so the repository's is not used)
/// and the given pages.
fn site(pages: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("copydesk.toml"), "").unwrap();
    for (name, html) in pages {
        std::fs::write(dir.path().join(name), html).unwrap();
    }
    dir
}

// --- hooks and CI ---

#[test]
fn a_hook_file_list_fails_only_on_the_page_with_a_finding() {
    let dir = site(&[("a.html", CLEAN), ("b.html", TYPO), ("c.htm", CLEAN)]);
    let out = run_in(dir.path(), &["check", "-q", "a.html", "b.html", "c.htm"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let text = stdout(&out);
    assert_eq!(text.lines().count(), 1, "{text}");
    assert!(
        text.starts_with("b.html:4:25: warning[repeated-word]"),
        "{text}"
    );

    let out = run_in(dir.path(), &["check", "-q", "a.html", "c.htm"]);
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
    assert!(stdout(&out).is_empty());
}

#[test]
fn exit_zero_keeps_findings_from_failing_but_not_errors() {
    let dir = site(&[("b.html", TYPO)]);
    let out = run_in(dir.path(), &["check", "--exit-zero", "b.html"]);
    assert_eq!(out.status.code(), Some(0));
    assert!(stdout(&out).contains("repeated-word"));
    let out = run_in(
        dir.path(),
        &["check", "--exit-zero", "b.html", "missing.html"],
    );
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn output_file_holds_what_stdout_would_and_nothing_is_left_behind() {
    let dir = site(&[("b.html", TYPO)]);
    let plain = run_in(dir.path(), &["check", "--output-format", "sarif", "b.html"]);
    let out = run_in(
        dir.path(),
        &[
            "check",
            "--output-format",
            "sarif",
            "--output-file",
            "out.sarif",
            "b.html",
        ],
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(stdout(&out).is_empty(), "{}", stdout(&out));
    let written = std::fs::read(dir.path().join("out.sarif")).unwrap();
    assert_eq!(written, plain.stdout);
    // Only the pages, the config and the output: no temporary file left.
    let mut names: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(names, ["b.html", "copydesk.toml", "out.sarif"]);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(dir.path().join("out.sarif"))
            .unwrap()
            .permissions()
            .mode();
        assert_ne!(
            mode & 0o044,
            0,
            "an output file is readable by others: {mode:o}"
        );
    }
}

#[test]
fn output_file_in_a_missing_folder_is_an_error_naming_it() {
    let dir = site(&[("b.html", TYPO)]);
    let out = run_in(dir.path(), &["check", "-o", "no/such/out.json", "b.html"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("no/such/out.json"),
        "{}",
        stderr(&out)
    );
}

/// Every `copydesk ...` command line in the CI workflow and the hook
/// manifest must be one the binary accepts, so the documents cannot go
/// stale.
#[test]
fn documented_command_lines_parse() {
    let mut lines = Vec::new();
    let workflow = std::fs::read_to_string(repo_file("docs/github-actions.yml")).unwrap();
    for line in workflow.lines() {
        if let Some(command) = line.trim().strip_prefix("run: copydesk ") {
            lines.push(format!("copydesk {command}"));
        }
    }
    let hooks = std::fs::read_to_string(repo_file(".pre-commit-hooks.yaml")).unwrap();
    for line in hooks.lines() {
        if let Some(entry) = line.trim().strip_prefix("entry: ") {
            lines.push(format!("{entry} page.html"));
        }
    }
    assert_eq!(lines.len(), 3, "{lines:?}");
    for line in &lines {
        let args: Vec<&str> = line.split_whitespace().collect();
        if let Err(e) = Cli::try_parse_from(&args) {
            panic!("`{line}` does not parse: {e}");
        }
    }
    assert!(workflow.contains("upload-sarif"));
    assert!(workflow.contains("security-events: write"));
}

// --- adoption ---

#[test]
fn init_writes_a_working_configuration_and_refuses_to_overwrite() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("b.html"), TYPO).unwrap();
    let out = run_in(dir.path(), &["init"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(dir.path().join("copydesk.toml").is_file());
    assert!(dir.path().join("glossary.toml").is_file());

    let show = run_in(dir.path(), &["config", "--show", "b.html"]);
    assert_eq!(show.status.code(), Some(0), "{}", stderr(&show));
    assert!(stdout(&show).contains("glossary.toml"), "{}", stdout(&show));
    let check = run_in(dir.path(), &["check", "-q", "b.html"]);
    assert_eq!(check.status.code(), Some(1), "{}", stderr(&check));

    let again = run_in(dir.path(), &["init"]);
    assert_eq!(again.status.code(), Some(2));
    assert!(
        stderr(&again).contains("already exists"),
        "{}",
        stderr(&again)
    );
}

#[test]
fn completions_and_man_page_come_from_the_clap_definition() {
    for shell in ["bash", "zsh", "fish", "elvish", "powershell"] {
        let out = run(&["completions", shell]);
        assert_eq!(out.status.code(), Some(0), "{shell}");
        let text = stdout(&out);
        for word in ["copydesk", "check", "baseline", "output-file"] {
            assert!(text.contains(word), "{shell}: no `{word}`");
        }
    }
    let man = run(&["man"]);
    assert_eq!(man.status.code(), Some(0));
    let text = stdout(&man);
    assert!(
        text.starts_with(".ie") || text.contains(".TH copydesk"),
        "{text}"
    );
    assert!(text.contains("check"), "{text}");
    let bad = run(&["completions", "tcsh"]);
    assert_eq!(bad.status.code(), Some(2));
}

#[test]
fn unsafe_fixes_are_applied_only_with_unsafe_fixes() {
    let dir = site(&[("seed.html", "")]);
    let page = dir.path().join("seed.html");
    let seed = std::fs::read_to_string(repo_file("fixtures/seed/article.html")).unwrap();
    std::fs::write(&page, &seed).unwrap();

    let args = [
        "check",
        "--fix",
        "--select",
        "glossary-diacritics",
        "seed.html",
    ];
    let out = run_in(dir.path(), &args);
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
    assert_eq!(std::fs::read_to_string(&page).unwrap(), seed, "safe only");
    assert!(
        stdout(&out).contains("1 fixable with `--fix --unsafe-fixes`."),
        "{}",
        stdout(&out)
    );

    let mut unsafe_args = args.to_vec();
    unsafe_args.insert(2, "--unsafe-fixes");
    let out = run_in(dir.path(), &unsafe_args);
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
    let fixed = std::fs::read_to_string(&page).unwrap();
    assert!(fixed.contains("Serena Auñón-Chancellor"), "not fixed");
    assert!(!fixed.contains("Aunon-Chancellor"));
    assert!(
        stdout(&out).contains("Fixed 1 problem."),
        "{}",
        stdout(&out)
    );
}

#[test]
fn the_summary_counts_fixable_findings_in_human_output_only() {
    let seed = "fixtures/seed/article.html";
    let out = run(&["check", seed]);
    let text = stdout(&out);
    assert!(
        text.ends_with(
            "Found 7 problems (0 errors, 6 warnings, 1 info) in 1 file.\n\
             4 fixable with `--fix` (1 more with `--fix --unsafe-fixes`).\n"
        ),
        "{text}"
    );
    let quiet = run(&["check", "-q", seed]);
    assert!(!stdout(&quiet).contains("fixable"));
    let json = run(&["check", "--output-format", "json", seed]);
    serde_json::from_slice::<serde_json::Value>(&json.stdout).expect("pure JSON");
}

// --- defects ---

#[test]
fn an_empty_folder_or_a_mistyped_path_exits_2_naming_it() {
    let dir = site(&[]);
    std::fs::create_dir(dir.path().join("emptydir")).unwrap();
    std::fs::write(dir.path().join("emptydir/notes.txt"), "not a page").unwrap();
    let out = run_in(dir.path(), &["check", "emptydir"]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(
        err.contains("copydesk: error: no files to lint: emptydir: no .html"),
        "{err}"
    );
    assert!(stdout(&out).is_empty(), "{}", stdout(&out));

    let out = run_in(dir.path(), &["check", "artcle.html"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("artcle.html: no such file or directory"),
        "{}",
        stderr(&out)
    );

    // Next to a real page, the empty folder is still an error, and the page
    // is still linted.
    std::fs::write(dir.path().join("b.html"), TYPO).unwrap();
    let out = run_in(dir.path(), &["check", "-q", "emptydir", "b.html"]);
    assert_eq!(out.status.code(), Some(2));
    let text = stdout(&out);
    assert!(text.contains("b.html:4:25"), "{text}");
    assert!(text.contains("emptydir: error: no .html"), "{text}");
}

#[test]
fn threads_are_capped_with_a_clear_message() {
    let out = run(&["check", "-j", "100000", "fixtures/seed/article.html"]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(err.contains("at most 256 threads"), "{err}");
    let ok = run(&["check", "-q", "-j", "3", "fixtures/seed/article.html"]);
    assert_eq!(ok.status.code(), Some(1));
}

#[test]
fn statistics_work_with_every_format() {
    let seed = "fixtures/seed/article.html";
    let row = "3  glossary-spelling";
    // Human: above the summary; with -q, after the findings.
    let human = run(&["check", "--statistics", seed]);
    assert!(stdout(&human).contains(row), "{}", stdout(&human));
    let quiet = run(&["check", "-q", "--statistics", seed]);
    let text = stdout(&quiet);
    assert!(text.contains(row), "{text}");
    assert_eq!(text.lines().filter(|l| l.contains(".html:")).count(), 7);
    // Machine formats: standard output stays one valid document; the table
    // goes to standard error.
    for format in ["json", "sarif"] {
        let out = run(&["check", "--statistics", "--output-format", format, seed]);
        serde_json::from_slice::<serde_json::Value>(&out.stdout)
            .unwrap_or_else(|e| panic!("{format}: not JSON: {e}"));
        assert!(stderr(&out).contains(row), "{format}: {}", stderr(&out));
    }
    let github = run(&["check", "--statistics", "--output-format", "github", seed]);
    assert!(stdout(&github).lines().all(|l| l.starts_with("::")));
    assert!(stderr(&github).contains(row));
}

#[test]
fn diff_refuses_a_machine_output_format() {
    let out = run(&[
        "check",
        "--diff",
        "--output-format",
        "json",
        "fixtures/seed/article.html",
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stdout(&out).is_empty());
    let err = stderr(&out);
    assert!(
        err.contains("--diff") && err.contains("--output-format json"),
        "{err}"
    );
    let human = run(&[
        "check",
        "--diff",
        "--output-format",
        "human",
        "fixtures/seed/article.html",
    ]);
    assert_eq!(human.status.code(), Some(1));
    assert!(stdout(&human).starts_with("--- a/"), "{}", stdout(&human));
}

/// Runs a command whose standard output is a pipe nobody reads: the read
/// end is closed before the command starts, so every write fails.
#[cfg(unix)]
fn run_into_closed_pipe(args: &[&str]) -> Output {
    let (reader, writer) = std::io::pipe().unwrap();
    drop(reader);
    copydesk()
        .args(args)
        .stdin(Stdio::null())
        .stdout(writer)
        .stderr(Stdio::piped())
        .output()
        .unwrap()
}

#[cfg(unix)]
#[test]
fn a_closed_pipe_ends_every_command_quietly() {
    let seed = "fixtures/seed/article.html";
    let commands: &[&[&str]] = &[
        &["explain", "repeated-word"],
        &["rules"],
        &["rules", "--output-format", "json"],
        &["check", seed],
        &["check", "--output-format", "json", seed],
        &["check", "--output-format", "sarif", seed],
        &["check", "--output-format", "github", seed],
        &["check", "--diff", seed],
        &["blocks", seed],
        &["blocks", "--output-format", "json", seed],
        &["config", "--show", seed],
        &["completions", "bash"],
        &["man"],
        &["--help"],
        &["--version"],
    ];
    for args in commands {
        let out = run_into_closed_pipe(args);
        assert_eq!(out.status.code(), Some(0), "{args:?}: {}", stderr(&out));
        assert!(stderr(&out).is_empty(), "{args:?}: {}", stderr(&out));
    }
}

#[test]
fn blocks_reads_standard_input() {
    let mut child = copydesk()
        .args(["blocks", "--stdin-filename", "news/page.html", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(b"<article><p>Read from standard input.</p></article>")
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    let text = stdout(&out);
    assert!(text.contains("news/page.html:1:13: paragraph"), "{text}");
    assert!(text.contains("Read from standard input."), "{text}");
}

#[test]
fn a_broken_configuration_is_reported_once_as_a_configuration_error() {
    let dir = site(&[("a.html", CLEAN), ("b.html", CLEAN), ("c.html", CLEAN)]);
    std::fs::write(
        dir.path().join("copydesk.toml"),
        "[rules.repeated-word]\nseverity = \"loud\"\n",
    )
    .unwrap();
    let out = run_in(dir.path(), &["check", "."]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stdout(&out).is_empty(), "{}", stdout(&out));
    let err = stderr(&out);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(
        err.starts_with("copydesk: error: configuration error: "),
        "{err}"
    );
    assert!(err.contains("copydesk.toml:2:12: "), "{err}");
    assert!(err.contains("(3 files not linted)"), "{err}");
    assert!(!err.contains("could not be read"), "{err}");
}

#[test]
fn blocks_and_config_show_name_a_broken_configuration_the_same_way() {
    let dir = site(&[("a.html", CLEAN)]);
    std::fs::write(dir.path().join("copydesk.toml"), "ignor = []\n").unwrap();
    let commands: [&[&str]; 2] = [&["blocks", "a.html"], &["config", "--show", "a.html"]];
    for args in commands {
        let out = run_in(dir.path(), args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let err = stderr(&out);
        assert!(
            err.starts_with("copydesk: error: configuration error: ")
                && err.contains("copydesk.toml:1:1: unknown key `ignor`"),
            "{args:?}: {err}"
        );
    }
}

#[test]
fn config_show_on_a_missing_file_exits_2() {
    let out = run(&["config", "--show", "missing.html"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stdout(&out).is_empty());
    assert!(
        stderr(&out).contains("missing.html: no such file or directory"),
        "{}",
        stderr(&out)
    );
}
