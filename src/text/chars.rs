//! What the word splitters ask of every character (is it a letter or digit,
//! upper or lower case, what is its lowercase), answered from one table for the first 12,288
//! code points: Latin, Greek, Cyrillic, Armenian, Hebrew, Arabic, the Indic
//! scripts and the punctuation block. The standard library answers those
//! questions for a non-ASCII character by searching its Unicode tables,
//! which made a page of Russian prose cost twice as much to lint as the
//! same length of English. Characters past the table take the standard
//! library's path, and the answers are the standard library's either way.
//!
//! The table is written at compile time by `build.rs` (see `text/char_entry.rs`),
//! so a run does not spend its start-up asking std about 12,288 characters.

use super::char_entry::{
    ALPHABETIC, LONG_LOWERCASE, LOWER_MASK, LOWERCASE, NUMERIC, UPPERCASE, WHITESPACE,
};
#[cfg(test)]
use super::char_entry::{TABLE_END, entry_of};

// `static TABLE: [u32; TABLE_END]`, one `char_entry::entry_of` per code point.
include!(concat!(env!("OUT_DIR"), "/char_table.rs"));

#[inline]
fn entry(c: char) -> Option<u32> {
    TABLE.get(c as usize).copied()
}

/// Whether `c`'s entry has any of `bits`; past the table, std's answer.
#[inline]
fn has(c: char, bits: u32, std: fn(char) -> bool) -> bool {
    match entry(c) {
        Some(e) => e & bits != 0,
        None => std(c),
    }
}

/// `c.is_alphanumeric()`, by table.
#[inline]
pub fn is_alphanumeric(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_alphanumeric();
    }
    has(c, ALPHABETIC | NUMERIC, char::is_alphanumeric)
}

/// `c.is_alphabetic()`, by table.
#[inline]
pub fn is_alphabetic(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_alphabetic();
    }
    has(c, ALPHABETIC, char::is_alphabetic)
}

/// `c.is_whitespace()`, by table.
#[inline]
pub fn is_whitespace(c: char) -> bool {
    has(c, WHITESPACE, char::is_whitespace)
}

/// The first character of `c`'s lowercase mapping (`İ` gives `i`), by table.
#[inline]
pub fn first_lowercase(c: char) -> char {
    if c.is_ascii() {
        return c.to_ascii_lowercase();
    }
    match entry(c).and_then(|e| char::from_u32(e & LOWER_MASK)) {
        Some(lower) => lower,
        None => c.to_lowercase().next().unwrap_or(c),
    }
}

/// `c.is_lowercase()`, by table.
#[inline]
pub fn is_lowercase(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_lowercase();
    }
    has(c, LOWERCASE, char::is_lowercase)
}

/// `c.is_uppercase()`, by table.
#[inline]
pub fn is_uppercase(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_uppercase();
    }
    has(c, UPPERCASE, char::is_uppercase)
}

/// `c.to_lowercase()`: the same characters, from the table when the
/// mapping is one character.
#[inline]
pub fn to_lowercase(c: char) -> Lowercase {
    if c.is_ascii() {
        return Lowercase::One(Some(c.to_ascii_lowercase()));
    }
    match entry(c) {
        Some(e) if e & LONG_LOWERCASE == 0 => Lowercase::One(char::from_u32(e & LOWER_MASK)),
        _ => Lowercase::Std(c.to_lowercase()),
    }
}

/// The characters of [`to_lowercase`].
#[derive(Debug, Clone)]
pub enum Lowercase {
    One(Option<char>),
    Std(std::char::ToLowercase),
}

impl Iterator for Lowercase {
    type Item = char;

    #[inline]
    fn next(&mut self) -> Option<char> {
        match self {
            Lowercase::One(c) => c.take(),
            Lowercase::Std(chars) => chars.next(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table_answers_as_the_standard_library_for_every_character() {
        // Every code point in the table, and a sample past it.
        let past = (TABLE_END..0x11_0000).step_by(97);
        for code in (0..TABLE_END).chain(past) {
            let Some(c) = char::from_u32(code) else {
                continue;
            };
            assert_eq!(is_alphanumeric(c), c.is_alphanumeric(), "{c:?}");
            assert_eq!(is_alphabetic(c), c.is_alphabetic(), "{c:?}");
            assert_eq!(is_whitespace(c), c.is_whitespace(), "{c:?}");
            let lower = c.to_lowercase().next().unwrap_or(c);
            assert_eq!(first_lowercase(c), lower, "{c:?}");
            assert_eq!(is_lowercase(c), c.is_lowercase(), "{c:?}");
            assert_eq!(is_uppercase(c), c.is_uppercase(), "{c:?}");
            assert!(to_lowercase(c).eq(c.to_lowercase()), "{c:?}");
        }
        for code in 0..TABLE_END {
            assert_eq!(TABLE[code as usize], entry_of(code), "U+{code:04X}");
        }
        assert_eq!(first_lowercase('Д'), 'д');
        assert_eq!(first_lowercase('\u{130}'), 'i');
        assert_eq!(to_lowercase('\u{130}').collect::<String>(), "i\u{307}");
        assert!(is_alphanumeric('٣') && !is_alphanumeric('\u{2019}'));
    }
}
