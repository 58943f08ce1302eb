//! Pages in unusual encodings and with unusual line breaks, each holding
//! problems with safe fixes. For each: `check` and `--diff` end in time
//! without a panic, and `--fix`
//!
//! - replaces only bytes that decode to the text its fixes name (a fix
//!   never eats a neighbouring byte),
//! - keeps every other byte (the changes the fix loop reports account for
//!   every byte that differs),
//! - writes what the library computes, and
//! - is idempotent: a second `--fix` leaves the file as it is.

use super::{run, workspace};
use copydesk::config::{CliOverrides, ConfigLoader};
use copydesk::fix::apply_safe_fixes;
use copydesk::fix_loop::fix_until_stable;
use copydesk::lint::lint_source;
use copydesk::rules::Resources;
use copydesk::source::SourceFile;
use std::path::Path;

/// An English article whose paragraphs have a doubled word and doubled
/// punctuation (safe fixes), written with `eol` between lines.
fn article(eol: &str, charset: &str) -> String {
    [
        "<!doctype html>",
        &format!("<html lang=en><head><meta charset=\"{charset}\"><title>t</title></head>"),
        "<body><article><p class=\"byline\">By Jane Doe</p>",
        "<p>We saw the the launch,, and the crew waved.</p>",
        "<p>Caf\u{e9} au lait was served;; nobody minded the delay.</p>",
        "<p>The hatch closed on time today, said the flight director.</p>",
        "</article></body></html>",
        "",
    ]
    .join(eol)
}

fn utf16(text: &str, big_endian: bool) -> Vec<u8> {
    let mut bytes = if big_endian {
        vec![0xFE, 0xFF]
    } else {
        vec![0xFF, 0xFE]
    };
    for unit in text.encode_utf16() {
        let pair = if big_endian {
            unit.to_be_bytes()
        } else {
            unit.to_le_bytes()
        };
        bytes.extend_from_slice(&pair);
    }
    bytes
}

/// The pages, by name.
fn pages() -> Vec<(&'static str, Vec<u8>)> {
    let mut invalid_utf8 = article("\n", "utf-8").into_bytes();
    // A stray continuation byte, a lone lead byte and an overlong form, each
    // between words (not next to a fixed span).
    let at = invalid_utf8
        .windows(5)
        .position(|w| w == b"crew ")
        .expect("crew")
        + 5;
    invalid_utf8.splice(at..at, b"\x80 \xff \xc0\xaf ".iter().copied());
    let mut nul_late = article("\n", "utf-8");
    let filler = "<p>Filler text about the mission and its long preparation.</p>\n";
    nul_late = nul_late.replace(
        "<p class=\"byline\">",
        &format!(
            "{}<p class=\"byline\">",
            filler.repeat(70 * 1024 / filler.len())
        ),
    );
    let mut nul_late = nul_late.into_bytes();
    let at = nul_late.len() - 40;
    nul_late.insert(at, 0);
    let windows_1252: Vec<u8> = article("\r\n", "windows-1252")
        .chars()
        .map(|c| u8::try_from(u32::from(c)).unwrap_or(b'?'))
        .collect();
    vec![
        ("utf-16le-bom", utf16(&article("\n", "utf-16"), false)),
        ("utf-16be-bom", utf16(&article("\r\n", "utf-16"), true)),
        (
            "utf-8-bom",
            [
                b"\xef\xbb\xbf".as_slice(),
                article("\n", "utf-8").as_bytes(),
            ]
            .concat(),
        ),
        ("invalid-utf-8", invalid_utf8),
        ("nul-after-64k", nul_late),
        (
            "bogus-charset",
            article("\n", "x-no-such-charset-42").into_bytes(),
        ),
        ("cr-line-breaks", article("\r", "utf-8").into_bytes()),
        ("crlf-line-breaks", article("\r\n", "utf-8").into_bytes()),
        (
            "u2028-line-breaks",
            article("\u{2028}", "utf-8").into_bytes(),
        ),
        ("windows-1252", windows_1252),
    ]
}

/// Checks one page through the library and the binary.
fn check_page(name: &str, bytes: &[u8]) {
    let dir = workspace();
    let path = dir.path().join(format!("{name}.html"));
    std::fs::write(&path, bytes).unwrap();
    let file = path.file_name().unwrap().to_str().unwrap();
    run(dir.path(), &["check", file], None);
    run(dir.path(), &["check", "--diff", file], None);
    run(
        dir.path(),
        &["check", "--output-format", "sarif", file],
        None,
    );

    let expected = library_fix(dir.path(), &path, bytes, name);
    let first = run(dir.path(), &["check", "--fix", file], None);
    let after = std::fs::read(&path).unwrap();
    assert_eq!(
        after,
        expected.as_deref().unwrap_or(bytes),
        "{name}: --fix wrote something else than the fix loop computes\n{}",
        first.stderr
    );
    run(dir.path(), &["check", "--fix", file], None);
    assert_eq!(
        std::fs::read(&path).unwrap(),
        after,
        "{name}: a second --fix changed the file"
    );
}

/// The fixed bytes the library computes (`None` when nothing is fixed),
/// after checking that each replaced byte range decodes to the text its fix
/// names and that the composed changes account for every differing byte.
fn library_fix(dir: &Path, path: &Path, bytes: &[u8], name: &str) -> Option<Vec<u8>> {
    let loader = ConfigLoader::new(CliOverrides {
        config: Some(dir.join("copydesk.toml")),
        ..CliOverrides::default()
    })
    .unwrap();
    let settings = loader.settings_for(path).unwrap();
    let resources = Resources::load(&settings.glossaries).unwrap();
    let source = SourceFile::from_bytes(path.to_owned(), bytes.to_vec()).ok()?;
    let diagnostics = lint_source(&source, &settings, &resources).ok()?;
    if apply_safe_fixes(&source, &diagnostics).is_some() {
        for d in &diagnostics {
            let Some(fix) = d.fix.as_ref().filter(|f| f.is_safe()) else {
                continue;
            };
            for edit in &fix.edits {
                let (start, end) = source.stored_range(edit.range);
                let (stored, _) = source
                    .encoding
                    .decode_without_bom_handling(&source.bytes()[start..end]);
                assert_eq!(
                    stored,
                    &source.text[edit.range.start..edit.range.end],
                    "{name}: the bytes {start}..{end} a {} fix replaces are not the text it names",
                    d.rule
                );
            }
        }
    }
    let fixed = fix_until_stable(source, diagnostics, &settings, &resources).unwrap();
    if fixed.count == 0 {
        return None;
    }
    let (mut before, mut after) = (0, 0);
    for (old, new) in fixed.changes.ranges() {
        assert_eq!(
            bytes[before..old.start],
            fixed.source.bytes()[after..new.start],
            "{name}: bytes outside the fixes changed"
        );
        (before, after) = (old.end, new.end);
    }
    assert_eq!(
        bytes[before..],
        fixed.source.bytes()[after..],
        "{name}: tail changed"
    );
    Some(fixed.source.bytes().to_vec())
}

#[test]
fn unusual_encodings_and_line_breaks_lint_and_fix_byte_exactly() {
    for (name, bytes) in pages() {
        check_page(name, &bytes);
    }
}

#[test]
fn a_nul_after_the_first_64_kib_does_not_make_a_page_binary() {
    let (_, bytes) = pages()
        .into_iter()
        .find(|(name, _)| *name == "nul-after-64k")
        .unwrap();
    let dir = workspace();
    std::fs::write(dir.path().join("p.html"), &bytes).unwrap();
    let out = run(dir.path(), &["check", "-q", "p.html"], None);
    assert!(
        out.stdout.contains("repeated-word"),
        "{}{}",
        out.stdout,
        out.stderr
    );
}
