//! Applying safe fixes: only the bytes of the flagged spans change, never
//! markup, in the file's own encoding, and a fix whose bytes would not
//! decode back to the fixed text is refused (`encode`). Writes are atomic,
//! keep the file's owner and mode, and never overwrite a file that changed
//! since it was read (`write`).

mod encode;
mod write;

use crate::changes::Replaced;
use crate::diagnostic::Diagnostic;
use crate::source::SourceFile;
use encode::StoredEdit;
pub use write::{WriteError, write_atomically};

/// How many fix-and-relint rounds `--fix` runs at most.
pub const MAX_PASSES: usize = 4;

/// The file with fixes applied, how many fixes that was, and the safe fixes
/// that were not applied because the file's encoding cannot hold them.
pub struct Applied {
    pub bytes: Vec<u8>,
    pub count: usize,
    /// One line per refused fix, naming the file, the place, the rule and
    /// why (e.g. "`’` cannot be written in KOI8-R").
    pub refused: Vec<String>,
    /// The byte ranges replaced, in order (for `--diff`).
    pub edits: Vec<Replaced>,
}

/// How often a result that does not decode back to the fixed text is retried
/// without the fix that broke it, before every fix of the pass is dropped.
const MAX_VERIFY_ROUNDS: usize = 8;

/// Applies every safe fix that does not overlap an earlier one, to the bytes
/// as stored. The result is decoded again and must give the old text with
/// exactly the fixes' edits: a fix that would change anything else (a
/// replacement the encoding cannot hold, an encoding state it would break)
/// is refused and named in [`Applied::refused`]. `None` when there is nothing
/// to apply and nothing refused; `count` is 0 when every fix was refused.
pub fn apply_safe_fixes(source: &SourceFile, diagnostics: &[Diagnostic]) -> Option<Applied> {
    apply_fixes(source, diagnostics, false)
}

/// Applies every safe fix, and every unsafe one too when `unsafe_fixes`
/// (`--unsafe-fixes`), that does not overlap an earlier one.
pub fn apply_fixes(
    source: &SourceFile,
    diagnostics: &[Diagnostic],
    unsafe_fixes: bool,
) -> Option<Applied> {
    let mut refused = Vec::new();
    let mut fixes: Vec<(&Diagnostic, Vec<StoredEdit>)> = Vec::new();
    for diagnostic in diagnostics {
        let Some(fix) = diagnostic
            .fix
            .as_ref()
            .filter(|f| unsafe_fixes || f.is_safe())
        else {
            continue;
        };
        let edits: Result<Vec<StoredEdit>, String> = fix
            .edits
            .iter()
            .map(|edit| encode::stored_edit(source, edit))
            .collect();
        match edits {
            Ok(mut edits) if !edits.is_empty() => {
                edits.sort_by_key(|e| (e.start, e.end));
                let disjoint = edits.windows(2).all(|pair| {
                    pair[0].end <= pair[1].start && pair[0].text_end <= pair[1].text_start
                });
                if disjoint {
                    fixes.push((diagnostic, edits));
                } else {
                    refused.push(refusal(source, diagnostic, "its edits overlap"));
                }
            }
            Ok(_) => {}
            Err(reason) => refused.push(refusal(source, diagnostic, &reason)),
        }
    }
    fixes.sort_by_key(|(_, edits)| (edits[0].start, edits[0].end));
    let mut accepted: Vec<(&Diagnostic, Vec<StoredEdit>)> = Vec::new();
    let mut last_end = 0usize;
    for (diagnostic, edits) in fixes {
        // A fix overlapping one already taken waits for the next pass.
        let first = &edits[0];
        if first.start < last_end
            || (!accepted.is_empty() && first.start == last_end && first.end == first.start)
        {
            continue;
        }
        last_end = edits.iter().map(|e| e.end).max().unwrap_or(last_end);
        accepted.push((diagnostic, edits));
    }
    for _ in 0..MAX_VERIFY_ROUNDS {
        if accepted.is_empty() {
            break;
        }
        let spliced = splice(source, &accepted);
        let (decoded, _) = crate::source::decode_text(&spliced.bytes);
        if decoded == spliced.text {
            let edits = accepted
                .iter()
                .flat_map(|(_, edits)| edits)
                .map(|edit| Replaced {
                    range: edit.start..edit.end,
                    len: edit.bytes.len(),
                })
                .collect();
            return Some(Applied {
                bytes: spliced.bytes,
                count: accepted.len(),
                refused,
                edits,
            });
        }
        // Decoding runs left to right, so the first character that differs
        // was broken by the last fix starting at or before it.
        let differs_at = common_prefix(decoded.as_bytes(), spliced.text.as_bytes());
        let culprit = spliced.text_starts.partition_point(|&s| s <= differs_at);
        let Some(culprit) = culprit.checked_sub(1) else {
            break;
        };
        let (diagnostic, _) = accepted.remove(culprit);
        let reason = format!(
            "its bytes would not decode back to the fixed text in {}",
            source.encoding.name()
        );
        refused.push(refusal(source, diagnostic, &reason));
    }
    // Not verified after all: apply nothing rather than something wrong.
    let reason = format!(
        "the fixed page would not decode back to the fixed text in {}",
        source.encoding.name()
    );
    for (diagnostic, _) in accepted {
        refused.push(refusal(source, diagnostic, &reason));
    }
    (!refused.is_empty()).then(|| Applied {
        bytes: source.bytes().to_vec(),
        count: 0,
        refused,
        edits: Vec::new(),
    })
}

/// The stored bytes and the decoded text with some fixes applied, and where
/// each fix starts in that text.
struct Spliced {
    bytes: Vec<u8>,
    text: String,
    text_starts: Vec<usize>,
}

/// Applies fixes that are sorted and do not overlap, to the bytes and to the
/// text alike.
fn splice(source: &SourceFile, fixes: &[(&Diagnostic, Vec<StoredEdit>)]) -> Spliced {
    let mut bytes = Vec::with_capacity(source.bytes().len());
    let mut text = String::with_capacity(source.text.len());
    let mut text_starts = Vec::with_capacity(fixes.len());
    let (mut pos, mut text_pos) = (0, 0);
    for (_, edits) in fixes {
        for (i, edit) in edits.iter().enumerate() {
            bytes.extend_from_slice(&source.bytes()[pos..edit.start]);
            bytes.extend_from_slice(&edit.bytes);
            pos = edit.end;
            text.push_str(&source.text[text_pos..edit.text_start]);
            if i == 0 {
                text_starts.push(text.len());
            }
            text.push_str(&edit.replacement);
            text_pos = edit.text_end;
        }
    }
    bytes.extend_from_slice(&source.bytes()[pos..]);
    text.push_str(&source.text[text_pos..]);
    Spliced {
        bytes,
        text,
        text_starts,
    }
}

fn common_prefix(a: &[u8], b: &[u8]) -> usize {
    a.iter().zip(b).take_while(|(x, y)| x == y).count()
}

/// The message for a safe fix that was not applied.
fn refusal(source: &SourceFile, diagnostic: &Diagnostic, reason: &str) -> String {
    let at = source.line_column(diagnostic.range.start);
    format!(
        "{}:{}:{}: warning: safe fix of {} not applied: {reason}",
        source.display_path(),
        at.line,
        at.column,
        diagnostic.rule
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::{Fix, Severity};
    use crate::source::TextRange;

    fn diag(range: TextRange, replacement: &str) -> Diagnostic {
        Diagnostic::new("t", Severity::Warning, range, "m").with_fix(Fix::safe(range, replacement))
    }

    #[test]
    fn overlapping_fixes_wait_for_the_next_pass() {
        let source = SourceFile::from_text("a.html", "<p>a,, b;;</p>");
        let first = diag(TextRange::new(4, 6), ",");
        let overlapping = diag(TextRange::new(5, 6), "");
        let second = diag(TextRange::new(8, 10), ";");
        let applied = apply_safe_fixes(&source, &[first, overlapping, second]).unwrap();
        assert_eq!(applied.count, 2);
        assert_eq!(applied.bytes, b"<p>a, b;</p>");
    }

    #[test]
    fn unsafe_fixes_are_applied_only_when_asked() {
        let source = SourceFile::from_text("a.html", "<p>x</p>");
        let d = Diagnostic::new("t", Severity::Warning, TextRange::new(3, 4), "m")
            .with_fix(Fix::unsafe_(TextRange::new(3, 4), "y"));
        assert!(apply_safe_fixes(&source, std::slice::from_ref(&d)).is_none());
        let applied = apply_fixes(&source, &[d], true).unwrap();
        assert_eq!(applied.bytes, b"<p>y</p>");
    }

    /// An all-ASCII page that declares windows-1252 needs no offset table,
    /// but its fixes are still written in windows-1252, not UTF-8.
    #[test]
    fn ascii_pages_in_other_encodings_get_fixes_in_their_encoding() {
        let bytes = b"<meta charset=windows-1252><p>cafe x</p>".to_vec();
        let source = SourceFile::from_bytes("a.html".into(), bytes).unwrap();
        assert_eq!(source.encoding, encoding_rs::WINDOWS_1252);
        assert!(source.is_stored_as_text());
        let at = source.text.find('x').unwrap();
        let applied =
            apply_safe_fixes(&source, &[diag(TextRange::new(at, at + 1), "\u{e9}")]).unwrap();
        assert_eq!(
            applied.bytes,
            b"<meta charset=windows-1252><p>cafe \xe9</p>"
        );
    }

    #[test]
    fn windows_1252_replacements_are_encoded() {
        let bytes = b"<meta charset=windows-1252><p>caf\xe9 x</p>".to_vec();
        let source = SourceFile::from_bytes("a.html".into(), bytes).unwrap();
        let at = source.text.find('x').unwrap();
        let applied =
            apply_safe_fixes(&source, &[diag(TextRange::new(at, at + 1), "\u{e9}")]).unwrap();
        assert_eq!(
            applied.bytes,
            b"<meta charset=windows-1252><p>caf\xe9 \xe9</p>"
        );
    }

    #[cfg(unix)]
    #[test]
    fn atomic_write_keeps_permissions() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.html");
        std::fs::write(&path, "old").unwrap();
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o640)).unwrap();
        write_atomically(&path, b"old", b"new").unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"new");
        let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o640);
    }
}
