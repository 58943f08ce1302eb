//! `--fix` never loses data (issue 14): end-to-end tests of the binary on
//! pages in unusual encodings, on files that change while it runs, on two
//! runs at once, and on files with other owners, no write permission or
//! more than one name.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The binary under test; `COPYDESK_BIN` names another build, to show that
/// these tests fail on one without the fixes.
fn copydesk() -> Command {
    let bin =
        std::env::var_os("COPYDESK_BIN").unwrap_or_else(|| env!("CARGO_BIN_EXE_copydesk").into());
    let mut cmd = Command::new(bin);
    cmd.env_remove("NO_COLOR");
    cmd
}

fn fix(path: &Path) -> Output {
    copydesk()
        .arg("check")
        .arg("--fix")
        .arg(path)
        .output()
        .expect("copydesk runs")
}

/// What a run printed: a file's error goes to standard output in the human
/// format, refused fixes to standard error.
fn printed(o: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

/// A folder with an empty configuration (so the repository's is not used)
/// holding one page.
fn temp_page(name: &str, bytes: &[u8]) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("copydesk.toml"), "").unwrap();
    let path = dir.path().join(name);
    std::fs::write(&path, bytes).unwrap();
    (dir, path)
}

const PAGE: &str = "<article><p class=\"byline\">By Jane Doe</p>\
    <p>Tokyo,, the crew waved and the hatch closed on time today.</p></article>\n";
const FIXED: &str = "<article><p class=\"byline\">By Jane Doe</p>\
    <p>Tokyo, the crew waved and the hatch closed on time today.</p></article>\n";

#[test]
fn iso_2022_jp_fix_keeps_the_escape_before_the_fixed_span() {
    // The page of issue 14: "Tokyo 日本,, the crew ...".
    let page = b"<meta charset=\"iso-2022-jp\"><article><p class=\"byline\">By Jane Doe</p>\
        <p>Tokyo \x1b$BF|K\\\x1b(B,, the crew waved and the hatch closed on time today.</p></article>\n";
    let (_dir, path) = temp_page("jp.html", page);
    let out = fix(&path);
    assert_eq!(out.status.code(), Some(0), "{}", printed(&out));
    let expected = String::from_utf8_lossy(page).replacen(",,", ",", 1);
    assert_eq!(std::fs::read(&path).unwrap(), expected.as_bytes());
}

#[test]
fn truncated_utf8_sequence_before_a_fixed_word_is_kept() {
    let page = b"<meta charset=\"utf-8\"><article><p class=\"byline\">By Jane Doe</p>\
        <p>a \xe2\x82Soyug-FG,, the crew waved and the hatch closed on time today.</p></article>\n";
    let (_dir, path) = temp_page("broken.html", page);
    let out = fix(&path);
    assert_eq!(out.status.code(), Some(0), "{}", printed(&out));
    let expected = b"<meta charset=\"utf-8\"><article><p class=\"byline\">By Jane Doe</p>\
        <p>a \xe2\x82Soyuz-FG, the crew waved and the hatch closed on time today.</p></article>\n";
    assert_eq!(std::fs::read(&path).unwrap(), expected);
}

#[test]
fn utf16_pages_are_fixed_in_utf16() {
    for (bom, big_endian) in [([0xFF, 0xFE], false), ([0xFE, 0xFF], true)] {
        let encode = |text: &str| -> Vec<u8> {
            let units = text.encode_utf16();
            let mut bytes = bom.to_vec();
            if big_endian {
                bytes.extend(units.flat_map(u16::to_be_bytes));
            } else {
                bytes.extend(units.flat_map(u16::to_le_bytes));
            }
            bytes
        };
        let (_dir, path) = temp_page("utf16.html", &encode(PAGE));
        let out = fix(&path);
        assert_eq!(out.status.code(), Some(0), "{}", printed(&out));
        assert_eq!(std::fs::read(&path).unwrap(), encode(FIXED));
    }
}

#[test]
fn a_fix_the_encoding_cannot_hold_is_named_and_the_others_applied() {
    // windows-1251 has no ñ or ó: the glossary's spelling fix cannot be written.
    let page = "<meta charset=\"windows-1251\"><article><p class=\"byline\">By Jane Doe</p>\
        <p>The crew of Prokopyev, Gerst and Serena Aunon-Chancelor waved,, and the hatch \
        closed on time today.</p></article>\n";
    let (_dir, path) = temp_page("cyrillic.html", page.as_bytes());
    let out = fix(&path);
    assert_eq!(out.status.code(), Some(1), "{}", printed(&out));
    let warning = String::from_utf8_lossy(&out.stderr);
    assert!(
        warning.contains("cyrillic.html:1:")
            && warning.contains("safe fix of glossary-spelling not applied")
            && warning.contains("cannot be written in windows-1251"),
        "{warning}"
    );
    assert_eq!(
        std::fs::read_to_string(&path).unwrap(),
        page.replace(",,", ",")
    );
}

/// A page with many fixes, slow enough to append to while it is fixed.
fn long_page() -> String {
    let words = [
        "launch", "crew", "hatch", "orbit", "module", "docking", "capsule",
    ];
    let mut page = String::from("<article><p class=\"byline\">By Jane Doe</p>\n");
    for i in 0..300 {
        let word = |k: usize| words[(i * 7 + k * 3) % words.len()];
        page.push_str(&format!(
            "<p>{} {} {},, item {i} {} {} closed on time.</p>\n",
            word(1),
            word(2),
            word(3),
            word(4),
            word(5)
        ));
    }
    page.push_str("</article>\n");
    page
}

#[test]
fn a_page_appended_to_during_fix_keeps_every_appended_line() {
    use std::io::Write;
    let (_dir, path) = temp_page("growing.html", long_page().as_bytes());
    let mut child = copydesk()
        .arg("check")
        .arg("--fix")
        .arg("--quiet")
        .arg(&path)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut appended = 0;
    while child.try_wait().unwrap().is_none() {
        let mut file = std::fs::OpenOptions::new()
            .append(true)
            .open(&path)
            .unwrap();
        writeln!(file, "<!-- appended {appended} -->").unwrap();
        appended += 1;
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
    let out = child.wait_with_output().unwrap();
    let page = std::fs::read_to_string(&path).unwrap();
    for i in 0..appended {
        assert!(
            page.contains(&format!("<!-- appended {i} -->\n")),
            "line {i} of {appended} lost"
        );
    }
    // The file changed under the run, so it was left alone with an error.
    assert_eq!(out.status.code(), Some(2), "{}", printed(&out));
    let message = printed(&out);
    assert!(
        message.contains("growing.html") && message.contains("changed on disk"),
        "{message}"
    );
    assert!(page.contains(",,"), "the page was rewritten");
}

#[test]
fn two_fixes_at_once_leave_a_whole_fixed_file() {
    let page: String = long_page().lines().take(40).collect::<Vec<_>>().join("\n") + "</article>";
    let (_dir, path) = temp_page("twice.html", page.as_bytes());
    assert!(fix(&path).status.code().is_some());
    let expected = std::fs::read(&path).unwrap();
    assert_ne!(expected, page.as_bytes());
    for _ in 0..8 {
        std::fs::write(&path, &page).unwrap();
        let spawn = || {
            copydesk()
                .args(["check", "--fix", "--quiet"])
                .arg(&path)
                .stdout(std::process::Stdio::piped())
                .stderr(std::process::Stdio::piped())
                .stderr(std::process::Stdio::piped())
                .spawn()
                .unwrap()
        };
        let (first, second) = (spawn(), spawn());
        for out in [first.wait_with_output(), second.wait_with_output()] {
            let out = out.unwrap();
            let code = out.status.code();
            // Either run may find the other's result and leave it alone.
            assert!(
                code == Some(0) || (code == Some(2) && printed(&out).contains("changed on disk")),
                "{code:?}: {}",
                printed(&out)
            );
        }
        assert_eq!(std::fs::read(&path).unwrap(), expected);
    }
}

#[cfg(unix)]
fn running_as_root() -> bool {
    use std::os::unix::fs::MetadataExt;
    let probe = tempfile::NamedTempFile::new().unwrap();
    probe.as_file().metadata().unwrap().uid() == 0
}

#[cfg(unix)]
#[test]
fn fixing_as_root_keeps_the_owner_group_and_mode() {
    use std::os::unix::fs::{MetadataExt, PermissionsExt};
    if !running_as_root() {
        eprintln!("skipped: needs root to give a file another owner");
        return;
    }
    let (_dir, path) = temp_page("theirs.html", PAGE.as_bytes());
    std::os::unix::fs::chown(&path, Some(1234), Some(2345)).unwrap();
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o640)).unwrap();
    let out = fix(&path);
    assert_eq!(out.status.code(), Some(0), "{}", printed(&out));
    assert_eq!(std::fs::read_to_string(&path).unwrap(), FIXED);
    let meta = std::fs::metadata(&path).unwrap();
    assert_eq!(
        (meta.uid(), meta.gid(), meta.mode() & 0o7777),
        (1234, 2345, 0o640)
    );
}

#[cfg(unix)]
#[test]
fn a_file_whose_owner_cannot_be_kept_is_left_alone() {
    use std::os::unix::fs::{MetadataExt, PermissionsExt};
    use std::os::unix::process::CommandExt;
    if !running_as_root() {
        eprintln!("skipped: needs root to run copydesk as another user");
        return;
    }
    // User 65534 may write the page and its folder but cannot give a new
    // file to user 1234, so the page would change hands: refused.
    let (dir, path) = temp_page("shared.html", PAGE.as_bytes());
    std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o777)).unwrap();
    std::os::unix::fs::chown(&path, Some(1234), Some(1234)).unwrap();
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o666)).unwrap();
    let out = copydesk()
        .args(["check", "--fix"])
        .arg(&path)
        .uid(65534)
        .gid(65534)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "{}", printed(&out));
    assert!(
        printed(&out).contains("shared.html") && printed(&out).contains("owner"),
        "{}",
        printed(&out)
    );
    assert_eq!(std::fs::read_to_string(&path).unwrap(), PAGE);
    assert_eq!(std::fs::metadata(&path).unwrap().uid(), 1234);
    let leftovers = std::fs::read_dir(dir.path()).unwrap().count();
    assert_eq!(leftovers, 2, "a temporary file was left behind");
}

#[cfg(unix)]
#[test]
fn a_read_only_file_is_refused() {
    use std::os::unix::fs::PermissionsExt;
    let (_dir, path) = temp_page("locked.html", PAGE.as_bytes());
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o444)).unwrap();
    let out = fix(&path);
    assert_eq!(out.status.code(), Some(2), "{}", printed(&out));
    assert!(
        printed(&out).contains("locked.html") && printed(&out).contains("read-only"),
        "{}",
        printed(&out)
    );
    assert_eq!(std::fs::read_to_string(&path).unwrap(), PAGE);
    let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o444);
}

#[cfg(unix)]
#[test]
fn a_hard_linked_file_is_refused_and_stays_linked() {
    use std::os::unix::fs::MetadataExt;
    let (dir, path) = temp_page("linked.html", PAGE.as_bytes());
    let other = dir.path().join("other-name.html");
    std::fs::hard_link(&path, &other).unwrap();
    let out = fix(&path);
    assert_eq!(out.status.code(), Some(2), "{}", printed(&out));
    assert!(
        printed(&out).contains("linked.html") && printed(&out).contains("hard links"),
        "{}",
        printed(&out)
    );
    assert_eq!(std::fs::read_to_string(&path).unwrap(), PAGE);
    let (a, b) = (
        std::fs::metadata(&path).unwrap(),
        std::fs::metadata(&other).unwrap(),
    );
    assert_eq!((a.ino(), a.nlink()), (b.ino(), 2));
}

#[cfg(unix)]
#[test]
fn a_symlinked_page_is_fixed_through_the_link() {
    let (dir, path) = temp_page("real.html", PAGE.as_bytes());
    let link = dir.path().join("link.html");
    std::os::unix::fs::symlink(&path, &link).unwrap();
    let out = fix(&link);
    assert_eq!(out.status.code(), Some(0), "{}", printed(&out));
    assert!(
        std::fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink()
    );
    assert_eq!(std::fs::read_to_string(&path).unwrap(), FIXED);
}

#[test]
fn writing_over_a_file_that_changed_since_it_was_read_is_refused() {
    let (_dir, path) = temp_page("moved.html", b"<p>new text</p>");
    let result = copydesk::fix::write_atomically(&path, b"<p>old text</p>", b"<p>fixed</p>");
    assert!(
        matches!(result, Err(copydesk::fix::WriteError::Changed)),
        "{result:?}"
    );
    assert_eq!(std::fs::read(&path).unwrap(), b"<p>new text</p>");
}
