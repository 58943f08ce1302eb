//! Rule options through the real binary: a configured value changes what a
//! rule reports, a bad value stops the run with its position, and an old
//! spelling still works with a warning naming the new one.

use std::path::Path;
use std::process::{Command, Output};
use tempfile::TempDir;

/// A page with one caption repeated in the body with one word changed
/// (19 words of 20 alike: 95% similar).
const PAGE: &str = "<html lang=\"en\"><body><article>
<h1>Launch</h1>
<figure><img src=\"a.jpg\" alt=\"x\"><figcaption>The Soyuz MS-09 spacecraft is launched with three members of the Expedition 56 crew from the Baikonur Cosmodrome in Kazakhstan on June 6.</figcaption></figure>
<p>The Soyuz MS-09 spacecraft was launched with three members of the Expedition 56 crew from the Baikonur Cosmodrome in Kazakhstan on June 6.</p>
</article></body></html>
";

fn project(config: &str) -> TempDir {
    let dir = TempDir::new().expect("tempdir");
    std::fs::write(dir.path().join("copydesk.toml"), config).expect("write config");
    std::fs::write(dir.path().join("page.html"), PAGE).expect("write page");
    dir
}

fn check(dir: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_copydesk"))
        .current_dir(dir)
        .args([
            "check",
            "--output-format",
            "json",
            "--select",
            "near-duplicate-paragraph",
            "page.html",
        ])
        .output()
        .expect("copydesk runs")
}

fn findings(out: &Output) -> usize {
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON output");
    json.as_array().expect("an array").len()
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

#[test]
fn a_configured_threshold_changes_what_is_reported() {
    let loose = project("[rules.near-duplicate-paragraph]\nthreshold = 0.9\n");
    let out = check(loose.path());
    assert_eq!(findings(&out), 1, "{}", stderr(&out));
    let strict = project("[rules.near-duplicate-paragraph]\nthreshold = 0.99\n");
    let out = check(strict.path());
    assert_eq!(findings(&out), 0, "{}", stderr(&out));
    assert_eq!(out.status.code(), Some(0));
}

#[test]
fn an_out_of_range_option_stops_the_run_with_its_position() {
    let dir = project("[rules.near-duplicate-paragraph]\nthreshold = 2.5\n");
    let out = check(dir.path());
    assert_eq!(out.status.code(), Some(2));
    let config = dir.path().join("copydesk.toml");
    assert!(
        stderr(&out).contains(&format!(
            "{}:2:13: option `threshold` must be between 0 and 1, found 2.5",
            config.display()
        )),
        "{}",
        stderr(&out)
    );
}

#[test]
fn an_old_spelling_works_and_warns_with_the_new_one() {
    let dir = project("[rules.near-duplicate-paragraph]\nmin_words = 40\n");
    let out = check(dir.path());
    // 40 words is more than the page's blocks have: nothing compared.
    assert_eq!(findings(&out), 0, "{}", stderr(&out));
    assert_eq!(out.status.code(), Some(0));
    let config = dir.path().join("copydesk.toml");
    assert_eq!(
        stderr(&out),
        format!(
            "copydesk: warning: {}:2:1: option `min_words` of rule `near-duplicate-paragraph` \
             is now spelled `min-words`; the old spelling will stop working\n",
            config.display()
        )
    );
}
