//! Decoding one character reference (`&amp;`, `&#8217;`, `&#x2019;`, `&copy`)
//! the way the HTML tokenizer does in text, so decoded characters can be
//! mapped back to the exact bytes of the reference.

use html5ever::data::{C1_REPLACEMENTS, NAMED_ENTITIES};

/// Longest entity name in the HTML table, semicolon included.
const MAX_NAME_LEN: usize = 32;

/// If `raw` starts with a character reference, returns the characters it
/// decodes to (one or two) and its length in bytes.
pub fn decode_at(raw: &[u8]) -> Option<([char; 2], usize, usize)> {
    if raw.first() != Some(&b'&') {
        return None;
    }
    match raw.get(1) {
        Some(b'#') => decode_numeric(raw),
        Some(b) if b.is_ascii_alphanumeric() => decode_named(raw),
        _ => None,
    }
}

fn decode_numeric(raw: &[u8]) -> Option<([char; 2], usize, usize)> {
    let (digits_start, radix) = match raw.get(2) {
        Some(b'x' | b'X') => (3, 16),
        _ => (2, 10),
    };
    let mut i = digits_start;
    let mut value: u32 = 0;
    while let Some(d) = raw.get(i).and_then(|b| (*b as char).to_digit(radix)) {
        value = value.saturating_mul(radix).saturating_add(d);
        i += 1;
    }
    if i == digits_start {
        return None;
    }
    if raw.get(i) == Some(&b';') {
        i += 1;
    }
    let ch = match value {
        0 => '\u{FFFD}',
        0x80..=0x9F => C1_REPLACEMENTS[(value - 0x80) as usize]
            .unwrap_or_else(|| char::from_u32(value).unwrap_or('\u{FFFD}')),
        0xD800..=0xDFFF => '\u{FFFD}',
        v if v > 0x10FFFF => '\u{FFFD}',
        v => char::from_u32(v).unwrap_or('\u{FFFD}'),
    };
    Some(([ch, '\0'], 1, i))
}

fn decode_named(raw: &[u8]) -> Option<([char; 2], usize, usize)> {
    let mut end = 1;
    while end < raw.len() && end <= MAX_NAME_LEN && raw[end].is_ascii_alphanumeric() {
        end += 1;
    }
    if raw.get(end) == Some(&b';') {
        end += 1;
    }
    // Longest prefix of the name that is a complete entity.
    for len in (2..=end).rev() {
        let Ok(name) = std::str::from_utf8(&raw[1..len]) else {
            continue;
        };
        if let Some(&(first, second)) = NAMED_ENTITIES.get(name)
            && first != 0
        {
            let first = char::from_u32(first)?;
            return match second {
                0 => Some(([first, '\0'], 1, len)),
                s => Some(([first, char::from_u32(s)?], 2, len)),
            };
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_named_numeric_and_legacy_references() {
        assert_eq!(decode_at(b"&amp; x"), Some((['&', '\0'], 1, 5)));
        assert_eq!(decode_at(b"&#8217;s"), Some((['\u{2019}', '\0'], 1, 7)));
        assert_eq!(decode_at(b"&#x2019;"), Some((['\u{2019}', '\0'], 1, 8)));
        assert_eq!(decode_at(b"&copy2018"), Some((['\u{a9}', '\0'], 1, 5)));
        assert_eq!(decode_at(b"&#150;"), Some((['\u{2013}', '\0'], 1, 6)));
        assert_eq!(decode_at(b"& x"), None);
        assert_eq!(decode_at(b"&nosuch;"), None);
    }
}
