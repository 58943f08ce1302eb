//! Words as the repeated-content rules compare them: each word of a block
//! with a hashed key that ignores case, apostrophe, quote and dash style, and
//! the normalised text that two exact copies share. Keys are `u64`s so the
//! diff and the MinHash index compare integers, never strings; the text is
//! sliced back out of the block only for messages and source ranges.

use crate::document::Block;
use crate::source::TextRange;
use crate::text::chars;

/// A word of a block, with a case- and apostrophe-insensitive key.
///
/// 16 bytes: a page of 50 MB holds about ten million words, and every rule
/// that reads words shares one array of these. Byte offsets are `u32`, so
/// only a block's first [`MAX_BLOCK_BYTES`] are split into words.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Token {
    /// Hash of the lowercased word with typographic apostrophes folded.
    pub key: u64,
    /// Byte range of the word in the block text.
    start: u32,
    end: u32,
}

/// Bytes of a block that are split into words (4 GiB): no page under any
/// sensible `max-file-size` comes near, and words past it are not read.
pub const MAX_BLOCK_BYTES: usize = u32::MAX as usize;

impl Token {
    /// The word's byte range in the block text.
    pub fn range(&self) -> std::ops::Range<usize> {
        self.start()..self.end()
    }

    /// Where the word starts in the block text (bytes).
    #[inline]
    pub fn start(&self) -> usize {
        self.start as usize
    }

    /// Where the word ends in the block text (bytes, exclusive).
    #[inline]
    pub fn end(&self) -> usize {
        self.end as usize
    }
}

/// The words of `text` with their keys.
pub fn tokens(text: &str) -> Vec<Token> {
    let mut out = Vec::new();
    tokens_into(text, &mut out);
    out
}

/// [`tokens`], appended to `out`: how the page facts store every block's
/// words in one array.
///
/// The words are [`crate::text::words`]'s (runs of letters and digits, an
/// apostrophe or hyphen kept between two of them), found and hashed in the
/// same pass over the bytes: an ASCII byte is classified and folded without
/// decoding a character, and each word's characters are read once instead
/// of once to split and again to hash. `words` stays the definition; a test
/// holds the two to the same words and keys.
pub fn tokens_into(text: &str, out: &mut Vec<Token>) {
    let bytes = text.as_bytes();
    let mut pos = 0usize;
    loop {
        // To the start of a word.
        let start = loop {
            let Some(&b) = bytes.get(pos) else {
                return;
            };
            if b.is_ascii() {
                if b.is_ascii_alphanumeric() {
                    break pos;
                }
                pos += 1;
            } else {
                let Some(c) = char_at(text, pos) else {
                    return;
                };
                if chars::is_alphanumeric(c) {
                    break pos;
                }
                pos += c.len_utf8();
            }
        };
        // FNV-1a over the folded characters: one multiply per character.
        let mut key = FNV_OFFSET;
        let end = loop {
            let Some(&b) = bytes.get(pos) else {
                break bytes.len();
            };
            if b.is_ascii() {
                // A joiner stays only between word characters.
                if b.is_ascii_alphanumeric()
                    || ((b == b'\'' || b == b'-') && word_char_at(text, pos + 1))
                {
                    key = fnv(key, char::from(b.to_ascii_lowercase()));
                    pos += 1;
                    continue;
                }
                break pos;
            }
            let Some(c) = char_at(text, pos) else {
                break pos;
            };
            let next = pos + c.len_utf8();
            if chars::is_alphanumeric(c)
                || (matches!(c, '\u{2019}' | '\u{2010}' | '\u{2011}') && word_char_at(text, next))
            {
                key = fnv(key, fold_char(c));
                pos = next;
                continue;
            }
            break pos;
        };
        let (Ok(start), Ok(end)) = (u32::try_from(start), u32::try_from(end)) else {
            return;
        };
        out.push(Token { key, start, end });
    }
}

const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;

/// One FNV-1a step over a folded character.
#[inline]
fn fnv(key: u64, c: char) -> u64 {
    (key ^ u64::from(u32::from(c))).wrapping_mul(0x0100_0000_01b3)
}

/// The character at byte `at` of `text`, if one starts there.
#[inline]
fn char_at(text: &str, at: usize) -> Option<char> {
    text.get(at..).and_then(|rest| rest.chars().next())
}

/// Whether a word character (a letter or digit) starts at byte `at`.
#[inline]
fn word_char_at(text: &str, at: usize) -> bool {
    match text.as_bytes().get(at) {
        None => false,
        Some(b) if b.is_ascii() => b.is_ascii_alphanumeric(),
        Some(_) => char_at(text, at).is_some_and(chars::is_alphanumeric),
    }
}

/// Lowercases one character (its first lowercase mapping: enough for keys)
/// and folds quote and dash styles, so `don’t` and `don't`, `MS–09` and
/// `MS-09` are the same word.
#[inline]
fn fold_char(c: char) -> char {
    if c.is_ascii() {
        return if c.is_ascii_whitespace() {
            ' '
        } else {
            c.to_ascii_lowercase()
        };
    }
    match c {
        '\u{2018}' | '\u{2019}' | '\u{201a}' | '\u{201b}' | '\u{2032}' | '\u{b4}' => '\'',
        '\u{201c}' | '\u{201d}' | '\u{201e}' | '\u{201f}' | '\u{2033}' | '\u{ab}' | '\u{bb}' => '"',
        '\u{2010}' | '\u{2011}' | '\u{2012}' | '\u{2013}' | '\u{2014}' | '\u{2015}'
        | '\u{2212}' => '-',
        c if chars::is_whitespace(c) => ' ',
        c => chars::first_lowercase(c),
    }
}

/// The text two blocks must share to be the same paragraph: lowercased, quote
/// and dash styles folded, whitespace (including no-break spaces) collapsed,
/// and quotes and punctuation trimmed from both ends, so `“Text.”` equals
/// `Text` but `a, b` does not equal `a b`.
pub fn normalise(text: &str) -> String {
    let mut buffer = Vec::with_capacity(text.len());
    fold_collapsed(text, &mut buffer);
    trimmed(&buffer).to_owned()
}

/// `text` folded character by character ([`fold_char`]) into `out`
/// (cleared first), each run of spaces written as one and leading spaces
/// dropped: [`normalise`] before its ends are trimmed.
///
/// An ASCII byte is written whatever it is and kept or not by arithmetic
/// (the next byte overwrites a space that repeats the one before), so the
/// spaces every few letters cost no mispredicted branch.
fn fold_collapsed(text: &str, out: &mut Vec<u8>) {
    let bytes = text.as_bytes();
    // Room for every byte still to read, kept as long as `len` grows no
    // faster than the reading (true of ASCII; checked for other characters).
    out.clear();
    out.resize(bytes.len(), 0);
    let mut len = 0usize;
    // The start counts as after a space: leading spaces are dropped.
    let mut after_space = true;
    let mut i = 0usize;
    while let Some(&b) = bytes.get(i) {
        if b.is_ascii() {
            let space = b.is_ascii_whitespace();
            if let Some(slot) = out.get_mut(len) {
                *slot = if space { b' ' } else { b.to_ascii_lowercase() };
            }
            len += usize::from(!space || !after_space);
            after_space = space;
            i += 1;
            continue;
        }
        let Some(c) = text.get(i..).and_then(|rest| rest.chars().next()) else {
            break;
        };
        i += c.len_utf8();
        let folded = fold_char(c);
        if folded == ' ' {
            if !after_space {
                if let Some(slot) = out.get_mut(len) {
                    *slot = b' ';
                }
                len += 1;
            }
            after_space = true;
            continue;
        }
        let mut encoded = [0u8; 4];
        let encoded = folded.encode_utf8(&mut encoded).as_bytes();
        // Lowercasing can lengthen a character ('Ⱥ' is two bytes, 'ⱥ' three).
        let needed = len + encoded.len() + (bytes.len() - i);
        if out.len() < needed {
            out.resize(needed, 0);
        }
        if let Some(slots) = out.get_mut(len..len + encoded.len()) {
            slots.copy_from_slice(encoded);
        }
        len += encoded.len();
        after_space = false;
    }
    out.truncate(len);
}

/// A folded text ([`fold_collapsed`]) with quotes, punctuation and spaces
/// trimmed from both ends.
fn trimmed(folded: &[u8]) -> &str {
    let is_edge = |c: char| c.is_whitespace() || (!c.is_alphanumeric() && c != ')' && c != '%');
    // Never empty for a non-empty fold: only ASCII bytes and whole encoded
    // characters are written.
    std::str::from_utf8(folded)
        .unwrap_or_default()
        .trim_matches(is_edge)
}

/// A hash of [`normalise`]`(text)`, never 0: what the page facts keep per
/// block instead of the normalised text.
pub fn normalised_hash(text: &str) -> u64 {
    use std::hash::{Hash, Hasher};
    thread_local! {
        static BUFFER: std::cell::RefCell<Vec<u8>> = const { std::cell::RefCell::new(Vec::new()) };
    }
    BUFFER.with_borrow_mut(|buffer| {
        fold_collapsed(text, buffer);
        let mut hasher = rustc_hash::FxHasher::default();
        trimmed(buffer).hash(&mut hasher);
        // A huge block's buffer is not kept for the rest of the run.
        if buffer.capacity() > 1 << 16 {
            *buffer = Vec::new();
        }
        hasher.finish().max(1)
    })
}

/// Whether a word is a slot of a template: a name (capitalised) or a figure.
pub fn is_name_or_figure(text: &str, token: &Token) -> bool {
    let word = &text[token.range()];
    word.chars().next().is_some_and(char::is_uppercase) || word.chars().all(char::is_numeric)
}

pub(crate) fn splitmix64(mut x: u64) -> u64 {
    x = x.wrapping_add(0x9e37_79b9_7f4a_7c15);
    x = (x ^ (x >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    x = (x ^ (x >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    x ^ (x >> 31)
}

/// The source range of tokens `range` of a block (empty range: an empty
/// source range at the place they would be).
pub fn token_range(block: &Block, tokens: &[Token], range: std::ops::Range<usize>) -> TextRange {
    match (
        tokens.get(range.start),
        range.end.checked_sub(1).and_then(|e| tokens.get(e)),
    ) {
        (Some(first), Some(last)) if range.start < range.end => {
            block.source_range(first.start(), last.end())
        }
        _ => {
            let at = tokens
                .get(range.start)
                .map_or(block.text.len(), |t| t.start());
            block.source_range(at, at)
        }
    }
}

/// The text of tokens `range` of a block, as printed (for messages).
pub fn token_text<'b>(
    block: &'b Block,
    tokens: &[Token],
    range: std::ops::Range<usize>,
) -> &'b str {
    match (
        tokens.get(range.start),
        range.end.checked_sub(1).and_then(|e| tokens.get(e)),
    ) {
        (Some(first), Some(last)) if range.start < range.end => {
            &block.text[first.start()..last.end()]
        }
        _ => "",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::words;

    #[test]
    fn normalise_folds_case_quotes_dashes_space_and_end_punctuation() {
        assert_eq!(
            normalise("\u{201c}The  Crew\u{2019}s MS\u{2013}09\u{a0}flight.\u{201d}"),
            "the crew's ms-09 flight"
        );
        assert_eq!(normalise("a, b"), "a, b");
        assert_ne!(normalise("a, b"), normalise("a b"));
    }

    /// [`tokens`] by its definition: [`words`], each hashed over its
    /// folded characters; and [`normalise`] character by character.
    fn reference_tokens(text: &str) -> Vec<Token> {
        let mut out = Vec::new();
        for w in words(text) {
            let (Ok(start), Ok(end)) = (u32::try_from(w.start), u32::try_from(w.end)) else {
                break;
            };
            let key = w.text.chars().map(fold_char).fold(FNV_OFFSET, fnv);
            out.push(Token { key, start, end });
        }
        out
    }

    fn reference_normalise(text: &str) -> String {
        let mut out = String::new();
        let mut space = false;
        for c in text.chars().map(fold_char) {
            if c == ' ' {
                space = !out.is_empty();
                continue;
            }
            if space {
                out.push(' ');
                space = false;
            }
            out.push(c);
        }
        let is_edge = |c: char| c.is_whitespace() || (!c.is_alphanumeric() && c != ')' && c != '%');
        out.trim_matches(is_edge).to_owned()
    }

    #[test]
    fn fused_split_and_ascii_folding_agree_with_their_definitions() {
        let alphabet: Vec<char> =
            "aZ9 '-\u{2019}\u{2010}\u{2011}\u{2018}.,\u{a0}\u{e9}\u{c9}\u{130}\u{3b1}\
                                   \u{201c}\u{2013}\u{4e00}\u{1f600}\t\n\r\u{b})%\u{661}\u{2160}_\u{300}\u{23a}\u{2003}"
                .chars()
                .collect();
        let mut seed: u64 = 1;
        for _ in 0..20_000 {
            seed = splitmix64(seed);
            let mut pick = seed;
            let text: String = (0..seed % 12)
                .map(|_| {
                    pick = splitmix64(pick);
                    alphabet[(pick % alphabet.len() as u64) as usize]
                })
                .collect();
            assert_eq!(tokens(&text), reference_tokens(&text), "{text:?}");
            let normalised = reference_normalise(&text);
            assert_eq!(normalise(&text), normalised, "{text:?}");
            let mut hasher = rustc_hash::FxHasher::default();
            std::hash::Hash::hash(normalised.as_str(), &mut hasher);
            let expected = std::hash::Hasher::finish(&hasher).max(1);
            assert_eq!(normalised_hash(&text), expected, "{text:?}");
        }
    }

    #[test]
    fn token_keys_ignore_case_and_apostrophe_style() {
        let a = tokens("Don\u{2019}t STOP");
        let b = tokens("don't stop");
        assert_eq!(
            a.iter().map(|t| t.key).collect::<Vec<_>>(),
            b.iter().map(|t| t.key).collect::<Vec<_>>()
        );
    }
}
