//! The file as stored: its bytes, the decoded text, and conversions between
//! offsets in the decoded text, lines and columns, and byte offsets in the file.
//!
//! Everything downstream (parser, rules, diagnostics) works in byte offsets into
//! [`SourceFile::text`], the decoded UTF-8 text. Only renderers turn those into
//! line and column (counted in characters, or UTF-16 code units for SARIF) and
//! into byte offsets of the file as stored, which differ when the file carries a
//! BOM or is not UTF-8. Which encoding a file is in, and where each character's
//! own bytes are stored, is the `decode` submodule's business.

mod decode;

use decode::StoredOffsets;
pub use decode::{
    Iso2022JpState, decode_text, detect, iso_2022_jp_escape, iso_2022_jp_state_after,
};
use encoding_rs::Encoding;
use std::fmt;
use std::path::{Path, PathBuf};

/// A half-open byte range `[start, end)` into the decoded text of a file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct TextRange {
    pub start: usize,
    pub end: usize,
}

impl TextRange {
    pub fn new(start: usize, end: usize) -> Self {
        debug_assert!(start <= end);
        Self { start, end }
    }
    pub fn empty(at: usize) -> Self {
        Self { start: at, end: at }
    }
    pub fn len(&self) -> usize {
        self.end - self.start
    }
    pub fn is_empty(&self) -> bool {
        self.start == self.end
    }
    pub fn contains(&self, offset: usize) -> bool {
        self.start <= offset && offset < self.end
    }
    pub fn cover(self, other: TextRange) -> TextRange {
        TextRange::new(self.start.min(other.start), self.end.max(other.end))
    }
}

/// A 1-based line and column. `column` counts characters (Unicode scalar values).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct LineColumn {
    pub line: usize,
    pub column: usize,
}

/// Why a file could not be turned into text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SourceError {
    Io(String),
    Binary,
    NotHtml,
}

impl fmt::Display for SourceError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SourceError::Io(e) => write!(f, "cannot read file: {e}"),
            SourceError::Binary => write!(f, "not a text file (it contains NUL bytes)"),
            SourceError::NotHtml => write!(f, "not an HTML file (no HTML markup found)"),
        }
    }
}

/// A file as read from disk (or standard input), decoded to UTF-8.
#[derive(Debug)]
pub struct SourceFile {
    /// The path as the user named it (or the `--stdin-filename`).
    pub path: PathBuf,
    /// The bytes as stored, when they differ from `text` (another encoding,
    /// a BOM, malformed UTF-8); empty when `text` is the file byte for byte,
    /// so a UTF-8 page is held once, not twice. Read through [`Self::bytes`].
    stored: Vec<u8>,
    /// The decoded text, BOM removed.
    pub text: String,
    /// The encoding the bytes were decoded with.
    pub encoding: &'static Encoding,
    /// Byte offset in `bytes` where `text` starts (the BOM length).
    bom_len: usize,
    /// For files not stored as UTF-8: where each character of `text` is
    /// stored in `bytes` (after the BOM). Empty when the text is the bytes.
    stored_offsets: StoredOffsets,
    /// Offsets in `text` where each line starts, found on first use: a
    /// page with no findings never needs them (a pass over the whole text).
    line_starts: std::sync::OnceLock<Vec<usize>>,
    /// Column counts at regular byte offsets, built on first use, so a column
    /// deep in a long (minified) line is counted from a nearby checkpoint
    /// rather than from the start of the line.
    checkpoints: std::sync::OnceLock<Vec<Checkpoint>>,
}

/// The columns (in characters and UTF-16 units, from the start of its line)
/// of a char boundary.
#[derive(Debug, Clone, Copy)]
struct Checkpoint {
    offset: usize,
    chars: usize,
    utf16: usize,
}

/// Bytes between checkpoints: the most a column lookup counts.
const CHECKPOINT_EVERY: usize = 4096;

impl SourceFile {
    /// Reads and decodes a file.
    pub fn read(path: &Path) -> Result<SourceFile, SourceError> {
        let bytes = std::fs::read(path).map_err(|e| SourceError::Io(e.to_string()))?;
        SourceFile::from_bytes(path.to_path_buf(), bytes)
    }

    /// Decodes bytes, honouring a BOM, `<meta charset>` and the `http-equiv`
    /// content type, in that order; then UTF-8 if the bytes are UTF-8, else
    /// a guess (see [`detect`]). Rejects binary data and files with no HTML
    /// markup at all.
    pub fn from_bytes(path: PathBuf, bytes: Vec<u8>) -> Result<SourceFile, SourceError> {
        if looks_binary(&bytes) {
            return Err(SourceError::Binary);
        }
        if decode::detect(&bytes) == (encoding_rs::UTF_8, 0) {
            // The common case: the text is the bytes, taken without a copy.
            match String::from_utf8(bytes) {
                Ok(text) if looks_like_html(&text) => {
                    return Ok(SourceFile::from_text(path, text));
                }
                Ok(_) => return Err(SourceError::NotHtml),
                Err(e) => return SourceFile::decoded(path, e.into_bytes()),
            }
        }
        SourceFile::decoded(path, bytes)
    }

    /// [`Self::from_bytes`] for bytes that are not the text as they stand.
    fn decoded(path: PathBuf, bytes: Vec<u8>) -> Result<SourceFile, SourceError> {
        let decoded = decode::decode(&bytes);
        if !looks_like_html(&decoded.text) {
            return Err(SourceError::NotHtml);
        }
        Ok(SourceFile::assemble(
            path,
            bytes,
            decoded.text,
            decoded.encoding,
            decoded.bom_len,
            decoded.offsets,
        ))
    }

    /// A source made from text already in memory (tests, standard input that is UTF-8).
    pub fn from_text(path: impl Into<PathBuf>, text: impl Into<String>) -> SourceFile {
        SourceFile::assemble(
            path.into(),
            Vec::new(),
            text.into(),
            encoding_rs::UTF_8,
            0,
            StoredOffsets::default(),
        )
    }

    fn assemble(
        path: PathBuf,
        bytes: Vec<u8>,
        text: String,
        encoding: &'static Encoding,
        bom_len: usize,
        stored_offsets: StoredOffsets,
    ) -> SourceFile {
        SourceFile {
            path,
            stored: bytes,
            text,
            encoding,
            bom_len,
            stored_offsets,
            line_starts: std::sync::OnceLock::new(),
            checkpoints: std::sync::OnceLock::new(),
        }
    }

    /// The bytes as stored in the file.
    pub fn bytes(&self) -> &[u8] {
        if self.stored.is_empty() {
            self.text.as_bytes()
        } else {
            &self.stored
        }
    }

    /// The path as displayed in diagnostics.
    pub fn display_path(&self) -> String {
        self.path.display().to_string()
    }

    /// True when `text` is byte for byte the stored file (after any BOM).
    pub fn is_stored_as_text(&self) -> bool {
        self.stored_offsets.is_empty()
    }

    /// Byte offset in the file as stored for a byte offset in `text`: where
    /// the character starting there is stored (the end of the file at the
    /// end of the text).
    pub fn stored_offset(&self, text_offset: usize) -> usize {
        let text_offset = text_offset.min(self.text.len());
        if self.stored_offsets.is_empty() {
            return self.bom_len + text_offset;
        }
        self.bom_len + self.stored_offsets.start(text_offset)
    }

    /// Byte offset in the file as stored where the character ending at
    /// `text_offset` ends. It differs from [`SourceFile::stored_offset`] only
    /// where bytes that decode to nothing (ISO-2022-JP escape sequences) lie
    /// between two characters.
    pub fn stored_end_offset(&self, text_offset: usize) -> usize {
        let text_offset = text_offset.min(self.text.len());
        if self.stored_offsets.is_empty() {
            return self.bom_len + text_offset;
        }
        self.bom_len + self.stored_offsets.end(text_offset)
    }

    /// Byte range in the file as stored: from the first character's first
    /// byte to the last character's last byte, so bytes that decode to
    /// nothing on either side stay outside. An empty range is stored where
    /// the character after it starts.
    pub fn stored_range(&self, range: TextRange) -> (usize, usize) {
        let start = self.stored_offset(range.start);
        if range.is_empty() {
            return (start, start);
        }
        (start, self.stored_end_offset(range.end).max(start))
    }

    /// Offsets in the text where each line starts.
    fn line_starts(&self) -> &[usize] {
        self.line_starts
            .get_or_init(|| compute_line_starts(&self.text))
    }

    /// Index (0-based) of the line containing `offset`.
    pub fn line_index(&self, offset: usize) -> usize {
        self.line_starts().partition_point(|&s| s <= offset) - 1
    }

    /// Start offset of a 0-based line.
    pub fn line_start(&self, line_index: usize) -> usize {
        self.line_starts()[line_index]
    }

    /// The text of a 0-based line, without its line break.
    pub fn line_text(&self, line_index: usize) -> &str {
        let start = self.line_starts()[line_index];
        let end = self
            .line_starts()
            .get(line_index + 1)
            .copied()
            .unwrap_or(self.text.len());
        self.text[start..end].trim_end_matches(['\n', '\r'])
    }

    pub fn line_count(&self) -> usize {
        self.line_starts().len()
    }

    /// 1-based line and character column of a text offset.
    pub fn line_column(&self, offset: usize) -> LineColumn {
        let (line, chars, _) = self.columns(offset);
        LineColumn {
            line: line + 1,
            column: chars + 1,
        }
    }

    /// 1-based line and column counted in UTF-16 code units (SARIF, LSP).
    pub fn line_column_utf16(&self, offset: usize) -> LineColumn {
        let (line, _, utf16) = self.columns(offset);
        LineColumn {
            line: line + 1,
            column: utf16 + 1,
        }
    }

    /// The 0-based line of `offset` and its column in characters and in
    /// UTF-16 units, counted from the nearest checkpoint on the same line.
    fn columns(&self, offset: usize) -> (usize, usize, usize) {
        let offset = self.floor_char_boundary(offset);
        let line = self.line_index(offset);
        let mut from = self.line_starts()[line];
        let (mut chars, mut utf16) = (0, 0);
        if offset - from > CHECKPOINT_EVERY {
            let checkpoints = self.checkpoints.get_or_init(|| self.build_checkpoints());
            let idx = checkpoints.partition_point(|c| c.offset <= offset);
            if let Some(c) = idx.checked_sub(1).map(|i| checkpoints[i])
                && c.offset >= from
            {
                (from, chars, utf16) = (c.offset, c.chars, c.utf16);
            }
        }
        for ch in self.text[from..offset].chars() {
            chars += 1;
            utf16 += ch.len_utf16();
        }
        (line, chars, utf16)
    }

    /// A checkpoint at the first char boundary after every
    /// [`CHECKPOINT_EVERY`] bytes of the text. Counted byte-wise (a
    /// character starts at every byte that is not a continuation byte, and
    /// takes two UTF-16 units if it starts with a four-byte lead), which
    /// the compiler vectorises: minified pages are one long line, and every
    /// finding on them needs these.
    fn build_checkpoints(&self) -> Vec<Checkpoint> {
        let bytes = self.text.as_bytes();
        let line_starts = self.line_starts();
        let mut out = Vec::with_capacity(bytes.len() / CHECKPOINT_EVERY + 1);
        // Counted from `from`: the later of the last checkpoint and the
        // start of the line being counted.
        let (mut from, mut chars, mut utf16) = (0, 0, 0);
        let mut line = 0;
        let mut next = CHECKPOINT_EVERY;
        while next < bytes.len() {
            let offset = self.ceil_char_boundary(next);
            if offset >= bytes.len() {
                break;
            }
            while line + 1 < line_starts.len() && line_starts[line + 1] <= offset {
                line += 1;
            }
            if line_starts[line] > from {
                (from, chars, utf16) = (line_starts[line], 0, 0);
            }
            let span = &bytes[from..offset];
            let starts = span.iter().filter(|&&b| b & 0xC0 != 0x80).count();
            let astral = span.iter().filter(|&&b| b >= 0xF0).count();
            chars += starts;
            utf16 += starts + astral;
            out.push(Checkpoint {
                offset,
                chars,
                utf16,
            });
            from = offset;
            next = offset + CHECKPOINT_EVERY;
        }
        out
    }

    /// The smallest char boundary at or after `offset`.
    fn ceil_char_boundary(&self, offset: usize) -> usize {
        let mut offset = offset.min(self.text.len());
        while !self.text.is_char_boundary(offset) {
            offset += 1;
        }
        offset
    }

    /// The largest char boundary at or before `offset`.
    pub fn floor_char_boundary(&self, offset: usize) -> usize {
        let mut offset = offset.min(self.text.len());
        while !self.text.is_char_boundary(offset) {
            offset -= 1;
        }
        offset
    }

    /// The decoded text in a range.
    pub fn slice(&self, range: TextRange) -> &str {
        &self.text[range.start..range.end]
    }
}

fn compute_line_starts(text: &str) -> Vec<usize> {
    let bytes = text.as_bytes();
    let mut starts = Vec::with_capacity(bytes.len() / 40 + 1);
    starts.push(0);
    for i in memchr::memchr2_iter(b'\n', b'\r', bytes) {
        // CRLF is one break, counted at its LF.
        if bytes[i] == b'\r' && bytes.get(i + 1) == Some(&b'\n') {
            continue;
        }
        starts.push(i + 1);
    }
    starts
}

fn looks_binary(bytes: &[u8]) -> bool {
    // UTF-16 files have NULs but announce themselves with a BOM.
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        return false;
    }
    memchr::memchr(0, &bytes[..bytes.len().min(64 * 1024)]).is_some()
}

fn looks_like_html(text: &str) -> bool {
    // A file with no tag at all in its first 64 KiB is not an HTML page (a
    // stray text or data file).
    let head = &text.as_bytes()[..text.len().min(64 * 1024)];
    memchr::memchr_iter(b'<', head).any(|i| {
        head.get(i + 1)
            .is_some_and(|b| b.is_ascii_alphabetic() || *b == b'!' || *b == b'/')
    }) || text.trim().is_empty()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every character of a malformed UTF-8 page maps to exactly the stored
    /// bytes it was decoded from (found by the `html_blocks` fuzz target:
    /// a run of lone lead bytes `\xda\xda…`).
    #[test]
    fn each_replacement_character_maps_to_its_own_bytes() {
        let mut cases: Vec<Vec<u8>> = vec![
            b"<p>a\xda\xda\xda\xda    <b>x</b></p>".to_vec(),
            b"<p>\xe2\x82Soyug\xe2\x82\xe2\x82 \xf0\x9f\x9a\xda\xc3\xa9</p>".to_vec(),
            b"<p>\xff\xfe\xc3\xc3\xa9\xed\xa0\x80\xf4\x90\x80\x80z</p>".to_vec(),
        ];
        let mut fuzz_like = b"<meta charset=utf-8><p>ology.</p>\n".to_vec();
        fuzz_like.extend(std::iter::repeat_n(0xdau8, 85));
        fuzz_like.extend(b"    <>pamNed: caf&eacute;</p>");
        cases.push(fuzz_like);
        for bytes in cases {
            let src = SourceFile::from_bytes("a.html".into(), bytes.clone()).unwrap();
            for (offset, ch) in src.text.char_indices() {
                let range = TextRange::new(offset, offset + ch.len_utf8());
                let (start, end) = src.stored_range(range);
                let (decoded, _) = src.encoding.decode_without_bom_handling(&bytes[start..end]);
                assert_eq!(
                    decoded,
                    ch.to_string(),
                    "{ch:?} at {offset} maps to stored {start}..{end} of {bytes:?}"
                );
            }
        }
    }

    #[test]
    fn line_columns_count_characters() {
        let src = SourceFile::from_text("a.html", "<p>é\r\nxy</p>\nz");
        let off = src.text.find('x').unwrap();
        assert_eq!(src.line_column(off), LineColumn { line: 2, column: 1 });
        let off = src.text.find('é').unwrap() + 2;
        assert_eq!(src.line_column(off), LineColumn { line: 1, column: 5 });
        assert_eq!(src.line_text(0), "<p>é");
    }

    #[test]
    fn columns_deep_in_a_long_line_match_a_plain_count() {
        let line: String = "caf\u{e9} \u{1F600} x ".repeat(5000);
        let text = format!("<p>first</p>\n{line}\n<p>end</p>");
        let src = SourceFile::from_text("a.html", text.clone());
        for offset in [13, 5000, 20_000, 60_000, text.len() - 3] {
            let offset = src.floor_char_boundary(offset);
            let start = src.line_start(src.line_index(offset));
            let chars = text[start..offset].chars().count() + 1;
            let utf16 = text[start..offset]
                .chars()
                .map(char::len_utf16)
                .sum::<usize>()
                + 1;
            assert_eq!(src.line_column(offset).column, chars, "at {offset}");
            assert_eq!(src.line_column_utf16(offset).column, utf16, "at {offset}");
        }
    }

    #[test]
    fn columns_on_long_lines_of_any_script_match_a_plain_count() {
        // Several long lines, short ones between, every UTF-8 length, lines
        // starting just before and after checkpoints.
        let mut text = String::new();
        for (i, piece) in ["a\u{e9}", "\u{4e2d}\u{6587}x", "\u{1F600}!", "ab"]
            .iter()
            .enumerate()
        {
            text.push_str(&piece.repeat(1500 + 700 * i));
            text.push_str(if i % 2 == 0 { "\n" } else { "\r\nshort\n" });
        }
        let src = SourceFile::from_text("a.html", text.clone());
        let mut offset = 0;
        while offset < text.len() {
            let start = src.line_start(src.line_index(offset));
            let before = &text[start..offset];
            let chars = before.chars().count() + 1;
            let utf16 = before.chars().map(char::len_utf16).sum::<usize>() + 1;
            assert_eq!(src.line_column(offset).column, chars, "at {offset}");
            assert_eq!(src.line_column_utf16(offset).column, utf16, "at {offset}");
            offset = src.ceil_char_boundary(offset + 97);
        }
    }

    #[test]
    fn utf16_columns_count_surrogate_pairs() {
        let src = SourceFile::from_text("a.html", "<p>😀x</p>");
        let off = src.text.find('x').unwrap();
        assert_eq!(src.line_column(off).column, 5);
        assert_eq!(src.line_column_utf16(off).column, 6);
    }

    #[test]
    fn windows_1252_offsets_map_to_stored_bytes() {
        let mut bytes = b"<meta charset=\"windows-1252\"><p>caf".to_vec();
        bytes.push(0xE9); // é
        bytes.extend_from_slice(b" \x93ok\x94</p>");
        let src = SourceFile::from_bytes("a.html".into(), bytes.clone()).unwrap();
        assert_eq!(src.encoding, encoding_rs::WINDOWS_1252);
        let ok = src.text.find("ok").unwrap();
        let stored = src.stored_offset(ok);
        assert_eq!(&bytes[stored..stored + 2], b"ok");
        assert!(src.text.contains("café “ok”"));
    }

    /// The stored-offset table keeps one entry per ASCII run, not per
    /// character: every character boundary, in runs and around non-ASCII
    /// characters, must still map to the character's own bytes, in a
    /// single-byte encoding, a multi-byte one and one with escape sequences.
    #[test]
    fn sparse_offsets_map_every_character_to_its_bytes() {
        let cases: [(&str, &[u8]); 3] = [
            (
                "windows-1252",
                b"<p>caf\xe9 \x93ok\x94 plain ascii run\xe9\xe9x</p>",
            ),
            ("shift_jis", b"<p>ab\x93\xfa\x96\x7bcd e\x82\xa0</p>"),
            ("iso-2022-jp", b"<p>Tokyo \x1b$BF|K\\\x1b(B,, ok</p>"),
        ];
        for (charset, body) in cases {
            let mut bytes = format!("<meta charset=\"{charset}\">").into_bytes();
            bytes.extend_from_slice(body);
            let src = SourceFile::from_bytes("a.html".into(), bytes.clone()).unwrap();
            assert!(!src.is_stored_as_text(), "{charset}");
            for (at, ch) in src.text.char_indices() {
                let (start, end) = (
                    src.stored_offset(at),
                    src.stored_end_offset(at + ch.len_utf8()),
                );
                let own = &bytes[start..end];
                if charset == "iso-2022-jp" {
                    // Out of its escape's state a JIS pair decodes as ASCII:
                    // check the range holds the character's bytes alone.
                    let width = if ch.is_ascii() { 1 } else { 2 };
                    assert_eq!(own.len(), width, "{charset} at {at}: {start}..{end}");
                    assert!(!own.contains(&0x1b), "{charset} at {at}: escape in range");
                    continue;
                }
                let (decoded, _) = src.encoding.decode_without_bom_handling(own);
                assert_eq!(decoded, ch.to_string(), "{charset} at {at}: {start}..{end}");
            }
        }
    }

    #[test]
    fn bom_is_stripped_and_counted() {
        let mut bytes = vec![0xEF, 0xBB, 0xBF];
        bytes.extend_from_slice(b"<p>hi</p>");
        let src = SourceFile::from_bytes("a.html".into(), bytes).unwrap();
        assert_eq!(src.text, "<p>hi</p>");
        assert_eq!(src.stored_offset(3), 6);
    }

    #[test]
    fn binary_and_non_html_are_rejected() {
        assert_eq!(
            SourceFile::from_bytes("a".into(), b"\x89PNG\0\0".to_vec()).unwrap_err(),
            SourceError::Binary
        );
        assert_eq!(
            SourceFile::from_bytes("a".into(), b"just some words".to_vec()).unwrap_err(),
            SourceError::NotHtml
        );
    }

    #[test]
    fn http_equiv_content_type_is_honoured() {
        let bytes =
            b"<meta http-equiv=\"Content-Type\" content=\"text/html; charset=iso-8859-1\"><p>\xe9</p>"
                .to_vec();
        let src = SourceFile::from_bytes("a".into(), bytes).unwrap();
        assert!(src.text.contains("<p>é</p>"));
    }
}
