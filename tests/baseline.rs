//! Baselines end to end: `--write-baseline` records today's findings and
//! `--baseline` reports only new ones, across the edits a site really makes
//! (lines added above, the page re-indented and re-wrapped), from another
//! working directory, and with clear errors for a missing or broken file.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn copydesk_in(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_copydesk"))
        .current_dir(dir)
        .env_remove("NO_COLOR")
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

fn json(o: &Output) -> Vec<serde_json::Value> {
    serde_json::from_slice(&o.stdout).unwrap_or_else(|e| panic!("not JSON ({e}): {}", stdout(o)))
}

fn seed() -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/seed/article.html");
    std::fs::read_to_string(path).unwrap()
}

/// A site folder (empty copydesk.toml) holding the seed article.
fn site() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("copydesk.toml"), "").unwrap();
    let page = dir.path().join("article.html");
    std::fs::write(&page, seed()).unwrap();
    (dir, page)
}

/// The page with 20 lines inserted at the top, every line indented by four
/// more spaces, and one long paragraph re-wrapped over two lines.
fn moved_and_reformatted(html: &str) -> String {
    let mut out: String = (0..20)
        .map(|i| format!("<!-- build {i}: inserted above everything -->\n"))
        .collect();
    for line in html.lines() {
        if line.trim().is_empty() {
            out.push('\n');
        } else {
            out.push_str("    ");
            out.push_str(line);
            out.push('\n');
        }
    }
    let wrapped = out.replacen(
        " on June 6, 2018. They are",
        " on June 6,\n        2018. They are",
        1,
    );
    assert_ne!(wrapped, out, "the re-wrap point is in the seed");
    wrapped
}

#[test]
fn baseline_survives_moved_lines_and_reformatting_and_reports_one_new_typo() {
    let (dir, page) = site();
    let write = copydesk_in(
        dir.path(),
        &["check", "--write-baseline", "baseline.json", "article.html"],
    );
    assert_eq!(write.status.code(), Some(0), "{}", stderr(&write));
    assert!(stdout(&write).is_empty(), "a recording run reports nothing");
    assert!(
        stderr(&write).contains("Wrote a baseline of 7 findings in 1 file to baseline.json."),
        "{}",
        stderr(&write)
    );

    // Unchanged: nothing new.
    let same = copydesk_in(
        dir.path(),
        &["check", "--baseline", "baseline.json", "article.html"],
    );
    assert_eq!(same.status.code(), Some(0), "{}", stdout(&same));
    assert!(
        stdout(&same)
            .ends_with("No problems found in 1 file.\n7 known findings hidden by the baseline.\n"),
        "{}",
        stdout(&same)
    );

    // 20 lines above, re-indented, re-wrapped: every old finding moved (the
    // lines and columns all changed) and is still recognised.
    std::fs::write(&page, moved_and_reformatted(&seed())).unwrap();
    let moved_all = copydesk_in(
        dir.path(),
        &["check", "--output-format", "json", "article.html"],
    );
    assert_eq!(json(&moved_all).len(), 7, "the edit changed no finding");
    let moved = copydesk_in(
        dir.path(),
        &[
            "check",
            "--baseline",
            "baseline.json",
            "--output-format",
            "json",
            "article.html",
        ],
    );
    assert_eq!(moved.status.code(), Some(0));
    assert_eq!(json(&moved), Vec::<serde_json::Value>::new());

    // One new typo: exactly one finding.
    let edited = std::fs::read_to_string(&page).unwrap().replacen(
        "They are expected",
        "They are are expected",
        1,
    );
    std::fs::write(&page, edited).unwrap();
    let new = copydesk_in(
        dir.path(),
        &[
            "check",
            "--baseline",
            "baseline.json",
            "--output-format",
            "json",
            "article.html",
        ],
    );
    assert_eq!(new.status.code(), Some(1));
    let findings = json(&new);
    assert_eq!(findings.len(), 1, "{findings:#?}");
    assert_eq!(findings[0]["rule"], "repeated-word");
}

#[test]
fn baseline_paths_are_relative_to_the_baseline_file() {
    let (dir, _) = site();
    std::fs::create_dir(dir.path().join("ci")).unwrap();
    let write = copydesk_in(
        dir.path(),
        &[
            "check",
            "--write-baseline",
            "ci/baseline.json",
            "article.html",
        ],
    );
    assert_eq!(write.status.code(), Some(0), "{}", stderr(&write));
    let text = std::fs::read_to_string(dir.path().join("ci/baseline.json")).unwrap();
    assert!(text.contains("\"path\": \"../article.html\""), "{text}");
    // From inside ci/, the page is named differently and still matched.
    let from_ci = copydesk_in(
        &dir.path().join("ci"),
        &[
            "check",
            "--baseline",
            "baseline.json",
            "-q",
            "../article.html",
        ],
    );
    assert_eq!(from_ci.status.code(), Some(0), "{}", stdout(&from_ci));
    assert!(stdout(&from_ci).is_empty());
}

#[test]
fn identical_findings_are_counted_not_merged() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("copydesk.toml"), "").unwrap();
    let one = "<article><p>Alpha the the beta.</p>\n<p>Gamma delta.</p></article>";
    std::fs::write(dir.path().join("p.html"), one).unwrap();
    let write = copydesk_in(
        dir.path(),
        &["check", "--write-baseline", "b.json", "p.html"],
    );
    assert_eq!(write.status.code(), Some(0));
    // The same sentence again: a second, identical finding is new.
    let two = "<article><p>Alpha the the beta.</p>\n<p>Gamma delta.</p>\n<p>Alpha the the beta.</p></article>";
    std::fs::write(dir.path().join("p.html"), two).unwrap();
    let out = copydesk_in(
        dir.path(),
        &[
            "check",
            "--baseline",
            "b.json",
            "--select",
            "repeated-word",
            "-q",
            "p.html",
        ],
    );
    assert_eq!(out.status.code(), Some(1));
    let text = stdout(&out);
    assert_eq!(text.lines().count(), 1, "{text}");
    assert!(text.starts_with("p.html:3:"), "{text}");
}

#[test]
fn baseline_of_every_fixture_hides_every_fixture_finding() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let dir = tempfile::tempdir().unwrap();
    let baseline = dir.path().join("b.json");
    let baseline = baseline.to_str().unwrap();
    let all = copydesk_in(root, &["check", "--output-format", "json", "fixtures"]);
    let count = json(&all).len();
    assert!(count > 20, "{count}");
    let write = copydesk_in(root, &["check", "--write-baseline", baseline, "fixtures"]);
    // Some edge fixtures cannot be read (exit 2); the rest are recorded.
    assert_eq!(write.status.code(), all.status.code());
    let written: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(baseline).unwrap()).unwrap();
    assert_eq!(written["findings"].as_array().unwrap().len(), count);
    let again = copydesk_in(
        root,
        &[
            "check",
            "--baseline",
            baseline,
            "--output-format",
            "json",
            "fixtures",
        ],
    );
    assert_eq!(json(&again), Vec::<serde_json::Value>::new());
}

#[test]
fn a_missing_or_broken_baseline_is_an_error_naming_it() {
    let (dir, _) = site();
    let missing = copydesk_in(
        dir.path(),
        &["check", "--baseline", "nope.json", "article.html"],
    );
    assert_eq!(missing.status.code(), Some(2));
    assert!(
        stderr(&missing).contains("nope.json: cannot read baseline"),
        "{}",
        stderr(&missing)
    );
    assert!(stdout(&missing).is_empty());

    std::fs::write(
        dir.path().join("bad.json"),
        "{\n  \"version\": 1,\n  \"findings\": {}\n}\n",
    )
    .unwrap();
    let bad = copydesk_in(
        dir.path(),
        &["check", "--baseline", "bad.json", "article.html"],
    );
    assert_eq!(bad.status.code(), Some(2));
    assert!(stderr(&bad).contains("bad.json:3:"), "{}", stderr(&bad));
}
