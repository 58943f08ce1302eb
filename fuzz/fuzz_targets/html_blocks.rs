//! Any bytes, as a page: decoding, parsing and block extraction never
//! panic, and when every text position is exact, every character of every
//! block maps back to source that decodes to it (the text as decoded, and
//! for UTF-8 and single-byte encodings the bytes as stored).

#![no_main]

use copydesk::document::Document;
use copydesk::html::entities::decode_at;
use copydesk::source::{SourceFile, TextRange};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(source) = SourceFile::from_bytes("fuzz.html".into(), data.to_vec()) else {
        return;
    };
    let Ok(doc) = Document::parse(&source) else {
        return;
    };
    if doc.html.approximate_text_bytes > 0 {
        return;
    }
    let stored_checked = source.encoding == encoding_rs::UTF_8 || source.encoding.is_single_byte();
    for block in &doc.blocks {
        for (offset, ch) in block.text.char_indices() {
            let range = block.source_range(offset, offset + ch.len_utf8());
            let raw = source
                .text
                .get(range.start..range.end)
                .unwrap_or_else(|| panic!("{ch:?} of {:?} maps outside the text: {range:?}", block.text));
            assert!(
                maps_to(raw, ch),
                "{ch:?} at {offset} of {:?} maps to {raw:?}",
                block.text
            );
            if stored_checked {
                let (start, end) = source.stored_range(TextRange::new(range.start, range.end));
                let bytes = &source.bytes[start..end];
                let (decoded, _) = source.encoding.decode_without_bom_handling(bytes);
                assert_eq!(decoded, raw, "stored bytes {start}..{end} of {ch:?}");
            }
        }
    }
});

/// Whether source text `raw` can print as `ch` in a block: the character
/// itself, an entity or character reference for it, whitespace or markup
/// for a space, a NUL for U+FFFD.
fn maps_to(raw: &str, ch: char) -> bool {
    if ch == ' ' {
        return raw.chars().all(char::is_whitespace) || raw.starts_with('<') || raw.starts_with('&');
    }
    raw == ch.to_string().as_str()
        || decode_at(raw.as_bytes()).is_some_and(|(chars, _, len)| len == raw.len() && chars.contains(&ch))
        || (ch == '\u{FFFD}' && raw == "\0")
        || (ch == '\n' && (raw == "\r\n" || raw == "\r"))
}
