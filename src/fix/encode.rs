//! Edits of the decoded text turned into edits of the stored bytes.
//!
//! A fix is written in the file's own encoding, over the bytes of exactly the
//! characters it replaces. Most encodings are stateless, so that is the whole
//! story; UTF-16 is written by hand (encoding_rs only decodes it); and
//! ISO-2022-JP, whose escape sequences switch the meaning of the bytes after
//! them, needs the replacement written from the state the previous character
//! left to the state the next character needs. Whatever the encoding, the
//! caller decodes the result once more and drops a fix whose bytes do not
//! decode to the fixed text, so a mistake here costs a fix, never a page.

use crate::diagnostic::Edit;
use crate::source::{Iso2022JpState, SourceFile, iso_2022_jp_escape, iso_2022_jp_state_after};

/// One edit of a fix, in both the decoded text and the stored bytes.
#[derive(Debug, Clone)]
pub(super) struct StoredEdit {
    /// The edited range of the decoded text.
    pub text_start: usize,
    pub text_end: usize,
    pub replacement: String,
    /// The stored bytes it replaces (with, in ISO-2022-JP, the escape
    /// sequences on either side) and the bytes written instead.
    pub start: usize,
    pub end: usize,
    pub bytes: Vec<u8>,
}

/// The stored form of an edit, or why the fix cannot be written in the
/// file's encoding.
pub(super) fn stored_edit(source: &SourceFile, edit: &Edit) -> Result<StoredEdit, String> {
    let range = edit.range;
    let on_boundaries = range.start <= range.end
        && source.text.is_char_boundary(range.start)
        && source.text.is_char_boundary(range.end);
    if !on_boundaries {
        return Err("its range does not fall on character boundaries".to_string());
    }
    let encoding = source.encoding;
    let name = encoding.name();
    let (start, end, bytes) = if encoding == encoding_rs::ISO_2022_JP {
        iso_2022_jp_edit(source, edit)?
    } else {
        let (start, end) = source.stored_range(edit.range);
        let text = edit.replacement.as_str();
        let bytes = if encoding == encoding_rs::UTF_8 {
            text.as_bytes().to_vec()
        } else if encoding == encoding_rs::UTF_16LE {
            text.encode_utf16().flat_map(u16::to_le_bytes).collect()
        } else if encoding == encoding_rs::UTF_16BE {
            text.encode_utf16().flat_map(u16::to_be_bytes).collect()
        } else if encoding.output_encoding() != encoding {
            // The "replacement" encoding: the page decodes to one U+FFFD.
            return Err(format!("{name} pages cannot be fixed"));
        } else {
            encode_stateless(encoding, text)?
        };
        (start, end, bytes)
    };
    Ok(StoredEdit {
        text_start: edit.range.start,
        text_end: edit.range.end,
        replacement: edit.replacement.clone(),
        start,
        end,
        bytes,
    })
}

/// `text` in a single- or multi-byte encoding without state.
fn encode_stateless(
    encoding: &'static encoding_rs::Encoding,
    text: &str,
) -> Result<Vec<u8>, String> {
    let (bytes, _, unmappable) = encoding.encode(text);
    if unmappable {
        return Err(format!("`{text}` cannot be written in {}", encoding.name()));
    }
    Ok(bytes.into_owned())
}

/// An ISO-2022-JP edit. Its range takes in the escape sequences just before
/// and after the replaced characters, and the replacement switches from the
/// state the previous character was written in to the state the next one
/// is written in. Two escape sequences in a row are an error to a decoder,
/// so a replacement that starts (or ends) with its own escape does without
/// the switch.
fn iso_2022_jp_edit(source: &SourceFile, edit: &Edit) -> Result<(usize, usize, Vec<u8>), String> {
    let start = source.stored_end_offset(edit.range.start);
    let end = source.stored_offset(edit.range.end).max(start);
    let before = iso_2022_jp_state_after(&source.bytes()[..start]);
    let after = iso_2022_jp_state_after(&source.bytes()[..end]);
    let body = encode_stateless(encoding_rs::ISO_2022_JP, &edit.replacement)?;
    let ascii = Iso2022JpState::Ascii.escape();
    let mut bytes = Vec::with_capacity(body.len() + 6);
    if body.is_empty() {
        if before != after {
            bytes.extend_from_slice(after.escape());
        }
        return Ok((start, end, bytes));
    }
    // encoding_rs writes from the ASCII state and returns to it at the end.
    if before != Iso2022JpState::Ascii && !body.starts_with(b"\x1b") {
        bytes.extend_from_slice(ascii);
    }
    bytes.extend_from_slice(&body);
    // An escape sequence right after the edit sets the state itself (it is
    // one a decoder reports as an error, or it would be in the gap).
    let escape_follows = iso_2022_jp_escape(&source.bytes()[end..]).is_some();
    if after != Iso2022JpState::Ascii || escape_follows {
        if bytes.ends_with(ascii) {
            bytes.truncate(bytes.len() - ascii.len());
        }
        if !escape_follows {
            bytes.extend_from_slice(after.escape());
        }
    }
    Ok((start, end, bytes))
}
