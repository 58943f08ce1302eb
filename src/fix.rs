//! Applying safe fixes: only the bytes of the flagged spans change, never
//! markup; writes are atomic (temporary file in the same folder, then rename)
//! and keep the file's permissions.

use crate::changes::Replaced;
use crate::diagnostic::Diagnostic;
use crate::source::SourceFile;
use std::io::Write;
use std::path::Path;

/// How many fix-and-relint rounds `--fix` runs at most.
pub const MAX_PASSES: usize = 4;

/// The file with fixes applied, and how many fixes that was.
pub struct Applied {
    pub bytes: Vec<u8>,
    pub count: usize,
    /// The byte ranges replaced, in order (for `--diff`).
    pub edits: Vec<Replaced>,
}

/// Applies every safe fix that does not overlap an earlier one, to the bytes
/// as stored. `None` when there is nothing to apply.
pub fn apply_safe_fixes(source: &SourceFile, diagnostics: &[Diagnostic]) -> Option<Applied> {
    // (stored start, stored end, replacement bytes) per fix, all edits of a fix together.
    let mut fixes: Vec<Vec<(usize, usize, Vec<u8>)>> = Vec::new();
    for diagnostic in diagnostics {
        let Some(fix) = diagnostic.fix.as_ref().filter(|f| f.is_safe()) else {
            continue;
        };
        let mut edits = Vec::new();
        for edit in &fix.edits {
            let Some(replacement) = encode(source, &edit.replacement) else {
                edits.clear();
                break;
            };
            let (start, end) = source.stored_range(edit.range);
            edits.push((start, end, replacement));
        }
        if !edits.is_empty() {
            edits.sort_by_key(|e| (e.0, e.1));
            fixes.push(edits);
        }
    }
    fixes.sort_by_key(|f| (f[0].0, f[0].1));
    let mut accepted: Vec<(usize, usize, Vec<u8>)> = Vec::new();
    let mut count = 0;
    let mut last_end = 0usize;
    for fix in fixes {
        // A fix overlapping one already taken waits for the next pass.
        if fix[0].0 < last_end || (count > 0 && fix[0].0 == last_end && fix[0].1 == fix[0].0) {
            continue;
        }
        last_end = fix.iter().map(|e| e.1).max().unwrap_or(last_end);
        accepted.extend(fix);
        count += 1;
    }
    if accepted.is_empty() {
        return None;
    }
    let mut bytes = Vec::with_capacity(source.bytes.len());
    let mut pos = 0;
    for (start, end, replacement) in &accepted {
        bytes.extend_from_slice(&source.bytes[pos..*start]);
        bytes.extend_from_slice(replacement);
        pos = *end;
    }
    bytes.extend_from_slice(&source.bytes[pos..]);
    let edits = accepted
        .iter()
        .map(|(start, end, replacement)| Replaced {
            range: *start..*end,
            len: replacement.len(),
        })
        .collect();
    Some(Applied {
        bytes,
        count,
        edits,
    })
}

/// The replacement in the file's own encoding; `None` if it cannot be written
/// in it (then the fix is not applied).
fn encode(source: &SourceFile, text: &str) -> Option<Vec<u8>> {
    if source.encoding == encoding_rs::UTF_8 {
        return Some(text.as_bytes().to_vec());
    }
    if source.encoding.output_encoding() != source.encoding {
        return None; // UTF-16 and friends: encoding_rs cannot write them.
    }
    let (bytes, _, unmappable) = source.encoding.encode(text);
    (!unmappable).then(|| bytes.into_owned())
}

/// Writes `bytes` to `path` atomically: a temporary file in the same folder,
/// flushed, given the original's permissions, then renamed over it. A
/// symlink is followed, so the link stays a link.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let target = std::fs::canonicalize(path)?;
    let dir = target.parent().unwrap_or(Path::new("."));
    let permissions = std::fs::metadata(&target)?.permissions();
    let mut temp = tempfile::NamedTempFile::new_in(dir)?;
    temp.write_all(bytes)?;
    temp.as_file().sync_all()?;
    std::fs::set_permissions(temp.path(), permissions)?;
    temp.persist(&target).map_err(|e| e.error)?;
    Ok(())
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
    fn unsafe_fixes_are_not_applied() {
        let source = SourceFile::from_text("a.html", "<p>x</p>");
        let d = Diagnostic::new("t", Severity::Warning, TextRange::new(3, 4), "m")
            .with_fix(Fix::unsafe_(TextRange::new(3, 4), "y"));
        assert!(apply_safe_fixes(&source, &[d]).is_none());
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
        write_atomically(&path, b"new").unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"new");
        let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o640);
    }
}
