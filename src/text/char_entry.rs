//! The layout of one entry of the character table in [`super::chars`], and
//! how an entry is computed from the standard library's answers.
//!
//! `build.rs` includes this file to write the table at compile time (the
//! build script runs on the same standard library, so the answers are the
//! same), and the test in `chars` checks every entry against std again.

/// Code points below this have their answers in the table.
#[cfg_attr(not(test), allow(dead_code))] // build.rs writes the table
pub const TABLE_END: u32 = 0x3000;

pub const LOWER_MASK: u32 = (1 << 21) - 1;
pub const ALPHABETIC: u32 = 1 << 21;
pub const NUMERIC: u32 = 1 << 22;
pub const WHITESPACE: u32 = 1 << 23;
pub const LOWERCASE: u32 = 1 << 24;
pub const UPPERCASE: u32 = 1 << 25;
/// The lowercase mapping is more than one character (`İ`).
pub const LONG_LOWERCASE: u32 = 1 << 26;

/// The entry for `code`: the first character of its lowercase mapping (low
/// 21 bits) and its class bits. Surrogates hold no character: 0.
#[cfg_attr(not(test), allow(dead_code))] // build.rs writes the table
pub fn entry_of(code: u32) -> u32 {
    let Some(c) = char::from_u32(code) else {
        return 0;
    };
    let mut lower = c.to_lowercase();
    let mut entry = lower.next().unwrap_or(c) as u32;
    if lower.next().is_some() {
        entry |= LONG_LOWERCASE;
    }
    for (holds, bit) in [
        (c.is_lowercase(), LOWERCASE),
        (c.is_uppercase(), UPPERCASE),
        (c.is_alphabetic(), ALPHABETIC),
        (c.is_numeric(), NUMERIC),
        (c.is_whitespace(), WHITESPACE),
    ] {
        if holds {
            entry |= bit;
        }
    }
    entry
}
