//! `max-file-size`: a page over the limit is refused with an error naming
//! the file and the limit, exit 2, while the other files are still linted;
//! standard input is read no further than the limit.

use super::{HEAD, TAIL, run, workspace};

fn big_page(bytes: usize) -> String {
    let paragraph = "<p>The crew waved and the hatch closed on time today.</p>\n";
    format!(
        "{HEAD}{}{TAIL}",
        paragraph.repeat(bytes / paragraph.len() + 1)
    )
}

#[test]
fn a_page_over_the_configured_limit_is_skipped_and_the_run_goes_on() {
    let dir = workspace();
    std::fs::write(dir.path().join("copydesk.toml"), "max-file-size = \"4K\"\n").unwrap();
    std::fs::write(dir.path().join("big.html"), big_page(5_000)).unwrap();
    std::fs::write(
        dir.path().join("small.html"),
        format!("{HEAD}<p>We saw the the launch.</p>{TAIL}"),
    )
    .unwrap();
    let out = run(dir.path(), &["check", "big.html", "small.html"], None);
    assert_eq!(out.code, 2, "{}", out.stderr);
    let all = format!("{}{}", out.stdout, out.stderr);
    assert!(
        all.contains("big.html: error: file is larger than the 4 KiB (4096 bytes) limit"),
        "{all}"
    );
    assert!(
        all.contains("small.html:"),
        "the small page is still linted: {all}"
    );
}

#[test]
fn the_command_line_limit_wins_and_applies_to_standard_input() {
    let dir = workspace();
    std::fs::write(dir.path().join("copydesk.toml"), "max-file-size = \"1M\"\n").unwrap();
    let page = dir.path().join("stdin.html");
    std::fs::write(&page, big_page(3_000)).unwrap();
    let out = run(
        dir.path(),
        &["check", "--max-file-size", "2K", "-"],
        Some(&page),
    );
    assert_eq!(out.code, 2);
    assert!(
        format!("{}{}", out.stdout, out.stderr)
            .contains("<stdin>: error: file is larger than the 2 KiB (2048 bytes) limit"),
        "{}{}",
        out.stdout,
        out.stderr
    );
    let out = run(
        dir.path(),
        &["check", "-q", "--max-file-size", "1M", "-"],
        Some(&page),
    );
    assert_eq!(out.code, 1, "linted, with findings: {}", out.stderr);
    assert!(!out.stderr.contains("larger than"), "{}", out.stderr);
}

#[test]
fn a_bad_limit_on_the_command_line_is_a_usage_error() {
    let dir = workspace();
    let out = run(dir.path(), &["check", "--max-file-size", "lots", "."], None);
    assert_eq!(out.code, 2);
    assert!(out.stderr.contains("invalid size `lots`"), "{}", out.stderr);
}
