//! End-to-end tests of the `copydesk` binary: exit codes, output formats,
//! error messages, fixes and suppression, on the fixtures.

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

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn fixture(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures")
        .join(path)
}

/// Writes a page into a temporary folder (with an empty copydesk.toml so the
/// repository's own configuration is not picked up).
fn temp_page(html: &str) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("copydesk.toml"), "").unwrap();
    let path = dir.path().join("page.html");
    std::fs::write(&path, html).unwrap();
    (dir, path)
}

fn json(o: &Output) -> Vec<serde_json::Value> {
    serde_json::from_slice(&o.stdout).unwrap_or_else(|e| panic!("not JSON ({e}): {}", stdout(o)))
}

const PAGE: &str = "<!doctype html><html lang=en><body><article>\n<p>We saw the the launch,, twice.</p>\n</article></body></html>\n";

#[test]
fn findings_exit_1_and_point_at_the_flagged_text() {
    let (_dir, path) = temp_page(PAGE);
    let out = run(&["check", "--output-format", "json", path.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let findings = json(&out);
    let rules: Vec<&str> = findings
        .iter()
        .map(|f| f["rule"].as_str().unwrap())
        .collect();
    assert_eq!(rules, ["repeated-word", "doubled-punctuation"]);
    let bytes = std::fs::read(&path).unwrap();
    let repeated = &findings[0];
    assert_eq!(
        (repeated["line"].as_u64(), repeated["column"].as_u64()),
        (Some(2), Some(15))
    );
    let (s, e) = (
        repeated["byte_start"].as_u64().unwrap() as usize,
        repeated["byte_end"].as_u64().unwrap() as usize,
    );
    assert_eq!(&bytes[s..e], b"the");
    let (s, e) = (
        findings[1]["byte_start"].as_u64().unwrap() as usize,
        findings[1]["byte_end"].as_u64().unwrap() as usize,
    );
    assert_eq!(&bytes[s..e], b",,");
    assert_eq!(findings[1]["fix"]["replacement"], ",");
    assert_eq!(findings[1]["fix"]["safe"], true);
}

#[test]
fn clean_page_exits_0_and_fail_on_raises_the_bar() {
    let (_dir, clean) = temp_page("<html lang=en><body><p>All fine here.</p></body></html>");
    let out = run(&["check", clean.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
    assert!(
        stdout(&out).contains("No problems found"),
        "{}",
        stdout(&out)
    );

    let (_dir, page) = temp_page(PAGE);
    let out = run(&["check", "--fail-on", "error", page.to_str().unwrap()]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "warnings do not fail with --fail-on error"
    );
}

#[test]
fn unreadable_files_exit_2_but_others_are_still_linted() {
    let (_dir, page) = temp_page(PAGE);
    let out = run(&[
        "check",
        "-q",
        page.to_str().unwrap(),
        "fixtures/edge/binary.html",
        "fixtures/edge/not-html.html",
        "no/such/file.html",
    ]);
    assert_eq!(out.status.code(), Some(2));
    let text = stdout(&out);
    assert!(
        text.contains("fixtures/edge/binary.html: error: not a text file (it contains NUL bytes)"),
        "{text}"
    );
    assert!(
        text.contains("fixtures/edge/not-html.html: error: not an HTML file"),
        "{text}"
    );
    assert!(
        text.contains("no/such/file.html: error: no such file or directory"),
        "{text}"
    );
    assert!(
        text.contains("warning[repeated-word]"),
        "the readable file was linted: {text}"
    );
}

#[test]
fn usage_errors_exit_2() {
    assert_eq!(
        run(&["check", "--output-format", "xml"]).status.code(),
        Some(2)
    );
    let out = run(&["check", "--select", "no-such-rule", "fixtures/seed"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("no-such-rule"), "{}", stderr(&out));
    let out = run(&["explain", "repeated-wrd"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("did you mean `repeated-word`"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn directories_and_globs_are_searched_and_output_is_sorted() {
    let out = run(&["check", "-q", "--select", "repeated-word", "fixtures/edge"]);
    let text = stdout(&out);
    let paths: Vec<&str> = text
        .lines()
        .filter(|l| l.contains("warning["))
        .map(|l| l.split(':').next().unwrap())
        .collect();
    let mut sorted = paths.clone();
    sorted.sort();
    assert_eq!(paths, sorted);
    assert!(paths.contains(&"fixtures/edge/crlf.html"));

    let out = run(&[
        "check",
        "-q",
        "--select",
        "repeated-word",
        "fixtures/**/multibyte.html",
    ]);
    assert!(
        stdout(&out).contains("fixtures/edge/multibyte.html:10:43"),
        "{}",
        stdout(&out)
    );
}

#[test]
fn parallel_runs_give_identical_output() {
    let one = run(&["check", "-q", "-j", "1", "fixtures"]);
    let many = run(&["check", "-q", "-j", "4", "fixtures"]);
    assert_eq!(stdout(&one), stdout(&many));
    assert!(!stdout(&one).is_empty());
}

#[test]
fn stdin_is_linted_under_its_given_name() {
    let mut child = copydesk()
        .args(["check", "-q", "-", "--stdin-filename", "news/draft.html"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(PAGE.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stdout(&out).starts_with("news/draft.html:2:15: warning[repeated-word]"),
        "{}",
        stdout(&out)
    );
}

#[test]
fn github_and_sarif_formats() {
    let (_dir, page) = temp_page(PAGE);
    let out = run(&["check", "--output-format", "github", page.to_str().unwrap()]);
    let text = stdout(&out);
    assert!(
        text.contains(",line=2,col=15,endLine=2,endColumn=18,title=repeated-word::"),
        "{text}"
    );
    assert!(text.starts_with("::warning file="), "{text}");

    let out = run(&["check", "--output-format", "sarif", page.to_str().unwrap()]);
    let sarif: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(sarif["version"], "2.1.0");
    assert_eq!(sarif["runs"][0]["results"].as_array().unwrap().len(), 2);
}

#[test]
fn colour_follows_the_flag_and_no_color() {
    let (_dir, page) = temp_page(PAGE);
    let p = page.to_str().unwrap();
    let coloured = run(&["check", "--color", "always", p]);
    assert!(stdout(&coloured).contains("\u{1b}["));
    let plain = run(&["check", "--color", "never", p]);
    assert!(!stdout(&plain).contains("\u{1b}["));
    let auto = copydesk()
        .args(["check", p])
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    assert!(
        !stdout(&auto).contains("\u{1b}["),
        "not a terminal, and NO_COLOR set"
    );
}

#[test]
fn fix_changes_only_the_flagged_bytes_atomically_and_is_idempotent() {
    let html = "<html lang=en><body>\r\n<p class=\"a,,b\">One the the <b>two</b>,, three;;</p>\r\n<script>var a = 'the the',, b;</script></body></html>";
    let (_dir, page) = temp_page(html);
    let p = page.to_str().unwrap();
    let out = run(&["check", "--fix", p]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "nothing left after fixing: {}",
        stdout(&out)
    );
    assert!(
        stdout(&out).contains("Fixed 3 problems"),
        "{}",
        stdout(&out)
    );
    let fixed = std::fs::read_to_string(&page).unwrap();
    assert_eq!(
        fixed,
        "<html lang=en><body>\r\n<p class=\"a,,b\">One the <b>two</b>, three;</p>\r\n<script>var a = 'the the',, b;</script></body></html>"
    );
    let again = run(&["check", "--fix", p]);
    assert!(!stdout(&again).contains("Fixed"), "{}", stdout(&again));
    assert_eq!(std::fs::read_to_string(&page).unwrap(), fixed);
}

#[test]
fn diff_prints_the_fixes_without_writing() {
    let (_dir, page) = temp_page(PAGE);
    let out = run(&["check", "--diff", page.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    let text = stdout(&out);
    assert!(
        text.contains("-<p>We saw the the launch,, twice.</p>"),
        "{text}"
    );
    assert!(text.contains("+<p>We saw the launch, twice.</p>"), "{text}");
    assert_eq!(std::fs::read_to_string(&page).unwrap(), PAGE);
}

#[test]
fn fix_keeps_windows_1252_bytes() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("copydesk.toml"), "").unwrap();
    let path = dir.path().join("w.html");
    std::fs::copy(fixture("edge/windows-1252.html"), &path).unwrap();
    let before = std::fs::read(&path).unwrap();
    run(&["check", "--fix", path.to_str().unwrap()]);
    let after = std::fs::read(&path).unwrap();
    // Only the fixed spans shrank; every other byte (0x93, 0xE9, ...) is kept.
    assert!(after.len() < before.len());
    assert!(after.contains(&0x93) && after.contains(&0xE9));
    let text: String = after.iter().map(|&b| b as char).collect();
    assert!(!text.contains("the the") && !text.contains(",,"));
}

#[test]
fn suppression_forms() {
    let html = "<html lang=en><body>\n\
        <!-- copydesk-disable repeated-word -->\n<p>one the the</p>\n<!-- copydesk-enable -->\n\
        <p>two the the</p>\n\
        <!-- copydesk-disable-next doubled-punctuation -->\n<p>three,, four</p>\n<p>five,, six</p>\n\
        <div data-copydesk-ignore><p>seven the the,,</p></div>\n\
        <p data-copydesk-ignore=\"doubled-punctuation\">eight the the,,</p>\n\
        <!-- copydesk-disable-next repeated-word -->\n<p>nothing here</p>\n\
        <p data-copydesk-ignore=\"repeated-wrd\">nine</p>\n\
        </body></html>";
    let (_dir, page) = temp_page(html);
    let out = run(&["check", "-q", page.to_str().unwrap()]);
    let text = stdout(&out);
    let found: Vec<String> = text
        .lines()
        .map(|l| {
            let parts: Vec<&str> = l.splitn(4, ':').collect();
            format!("{}:{}", parts[1], parts[3].trim())
        })
        .collect();
    assert_eq!(
        found,
        [
            "5:warning[repeated-word]: `the` is printed twice in a row",
            "8:warning[doubled-punctuation]: doubled punctuation `,,`",
            "10:warning[repeated-word]: `the` is printed twice in a row",
            "11:info[unused-suppression]: suppression of repeated-word suppressed nothing",
            "13:info[unused-suppression]: suppression names unknown rule `repeated-wrd`",
        ],
        "{text}"
    );
}

#[test]
fn config_errors_name_file_line_and_column() {
    let (dir, page) = temp_page(PAGE);
    std::fs::write(
        dir.path().join("copydesk.toml"),
        "[rules.repeated-word]\nseverity = \"loud\"\n",
    )
    .unwrap();
    let out = run(&["check", page.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    let text = stdout(&out) + &stderr(&out);
    assert!(text.contains("copydesk.toml:2:12"), "{text}");
}

#[test]
fn config_discovery_switches_rules_off() {
    let (dir, page) = temp_page(PAGE);
    std::fs::write(
        dir.path().join("copydesk.toml"),
        "ignore = [\"repeated-word\"]\n",
    )
    .unwrap();
    let out = run(&["check", "--output-format", "json", page.to_str().unwrap()]);
    let rules: Vec<String> = json(&out)
        .iter()
        .map(|f| f["rule"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(rules, ["doubled-punctuation"]);
}

#[test]
fn rules_explain_blocks_and_config_show() {
    let out = run(&["rules"]);
    assert!(stdout(&out).contains("repeated-word"));
    let out = run(&["explain", "repeated-word"]);
    assert_eq!(out.status.code(), Some(0));
    let text = stdout(&out);
    assert!(
        text.contains("## What it does") && text.contains("## Options"),
        "{text}"
    );

    let out = run(&[
        "blocks",
        "--output-format",
        "json",
        "fixtures/seed/article.html",
    ]);
    let blocks: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let first = blocks["blocks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|b| b["kind"] == "caption")
        .expect("the figcaption is a block");
    assert_eq!(first["line"], 80);
    assert!(
        first["text"]
            .as_str()
            .unwrap()
            .starts_with("The Soyuz MS-09 spacecraft is launched")
    );
    assert!(blocks["scope"].is_string());

    let out = run(&["config", "--show", "fixtures/seed/article.html"]);
    assert_eq!(out.status.code(), Some(0));
    assert!(stdout(&out).contains("repeated-word"));
}

#[test]
fn minified_page_reports_the_same_findings_on_line_1() {
    let normal = run(&[
        "check",
        "--output-format",
        "json",
        "--select",
        "doubled-punctuation",
        "fixtures/seed/article.html",
    ]);
    let minified = run(&[
        "check",
        "--output-format",
        "json",
        "--select",
        "doubled-punctuation",
        "fixtures/seed/article.min.html",
    ]);
    let (normal, minified) = (json(&normal), json(&minified));
    assert_eq!(normal.len(), minified.len());
    let bytes = std::fs::read(fixture("seed/article.min.html")).unwrap();
    for finding in &minified {
        assert_eq!(finding["line"], 1);
        let (s, e) = (
            finding["byte_start"].as_u64().unwrap() as usize,
            finding["byte_end"].as_u64().unwrap() as usize,
        );
        assert_eq!(&bytes[s..e], b",,");
    }
}

#[test]
fn every_edge_fixture_finding_slices_back_to_the_flagged_text_in_the_stored_bytes() {
    let out = run(&[
        "check",
        "--output-format",
        "json",
        "--select",
        "repeated-word,doubled-punctuation",
        "fixtures/edge",
    ]);
    let findings = json(&out);
    assert!(findings.len() >= 40, "{}", findings.len());
    let mut files = std::collections::BTreeSet::new();
    for f in &findings {
        let path = f["path"].as_str().unwrap();
        files.insert(path.to_owned());
        let bytes = std::fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join(path)).unwrap();
        let (s, e) = (
            f["byte_start"].as_u64().unwrap() as usize,
            f["byte_end"].as_u64().unwrap() as usize,
        );
        let raw = &bytes[s..e];
        let ok = match f["rule"].as_str().unwrap() {
            "repeated-word" => raw.eq_ignore_ascii_case(b"the"),
            // `,&#44;` (a comma written as a reference) is a doubled comma too.
            _ => raw == b",," || raw == b",&#44;",
        };
        assert!(ok, "{path}: {:?} at {s}..{e}", String::from_utf8_lossy(raw));
        // Line and column agree with the byte offset (characters counted).
        let line_start = bytes[..s]
            .iter()
            .rposition(|&b| b == b'\n')
            .map_or(0, |p| p + 1);
        let line = bytes[..s].iter().filter(|&&b| b == b'\n').count() + 1;
        assert_eq!(f["line"].as_u64().unwrap() as usize, line, "{path}");
        let column = if path.contains("1252") || path.contains("latin1") {
            s - line_start + 1 // one byte per character
        } else {
            let prefix = &bytes[line_start..s];
            let prefix = prefix.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(prefix);
            String::from_utf8_lossy(prefix).chars().count() + 1
        };
        assert_eq!(
            f["column"].as_u64().unwrap() as usize,
            column,
            "{path} line {line}"
        );
    }
    for name in [
        "bom",
        "broken",
        "crlf",
        "entities",
        "latin1-http-equiv",
        "minified",
        "multibyte",
        "windows-1252",
    ] {
        assert!(
            files.contains(&format!("fixtures/edge/{name}.html")),
            "{name}: {files:?}"
        );
    }
}

#[test]
fn fix_on_the_seed_article_corrects_the_glossary_misspellings_and_nothing_else() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("article.html");
    std::fs::copy(fixture("seed/article.html"), &path).unwrap();
    let before = std::fs::read_to_string(&path).unwrap();
    let out = run(&["check", "--fix", "-q", path.to_str().unwrap()]);
    let after = std::fs::read_to_string(&path).unwrap();
    // Exactly the safe fixes: three glossary corrections and one comma.
    let expected = before
        .replacen("Soyug-FG", "Soyuz-FG", 1)
        .replacen("Alexy Ovchinin", "Aleksey Ovchinin", 1)
        .replacen("micrometeroid", "micrometeoroid", 1)
        .replacen("Technology,,", "Technology,", 1);
    assert_eq!(after, expected, "{}", stdout(&out));
    // What is left needs an editor: the near-duplicate caption, the byline,
    // the accents (an unsafe fix).
    let left = stdout(&out);
    assert!(
        left.contains("near-duplicate-paragraph") && left.contains("missing-byline"),
        "{left}"
    );
    assert!(left.contains("glossary-diacritics"), "{left}");
    let again = run(&["check", "--diff", path.to_str().unwrap()]);
    assert!(
        stdout(&again).is_empty(),
        "nothing left to fix: {}",
        stdout(&again)
    );
}

#[test]
fn a_broken_glossary_is_reported_once_with_file_and_line() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("copydesk.toml"),
        "glossaries = [\"terms.toml\"]\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("terms.toml"),
        "[[term]]\nterm = \"Soyuz-FG\"\n\n[[term]]\nnote = \"no term\"\n",
    )
    .unwrap();
    for name in ["a.html", "b.html", "c.html"] {
        std::fs::write(dir.path().join(name), PAGE).unwrap();
    }
    let out = run(&["check", "-q", dir.path().to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    // A configuration error, on standard error, not a page that could not
    // be read.
    assert!(stdout(&out).is_empty(), "{}", stdout(&out));
    let text = stderr(&out);
    let errors: Vec<&str> = text
        .lines()
        .filter(|l| l.contains("glossary error"))
        .collect();
    assert_eq!(errors.len(), 1, "{text}");
    assert!(
        errors[0].starts_with("copydesk: error: glossary error: "),
        "{text}"
    );
    assert!(errors[0].contains("terms.toml:4:1: "), "{text}");
    assert!(errors[0].contains("(3 files not linted)"), "{text}");
}
