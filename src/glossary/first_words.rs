//! A bit filter over the first words of the glossary's `wrong` and accented
//! forms, so the matcher can tell, from one hash of a page word, that no
//! such form starts there: true of almost every word of a page, which then
//! costs no lowercasing into a buffer and no map lookups.
//!
//! The filter holds the hash of each key (a [`super::lower`]ed or
//! [`super::fold`]ed first word). A page word may start a form only when its
//! `lower` or its `fold` is a key, so those two are hashed, character by
//! character without building them; for ASCII text both are plain ASCII
//! lowercasing, one hash. A set bit may be another key's (a false positive
//! costs the lookup it would have cost anyway); a clear bit is never wrong.

use super::fold::{fold_lowered_char, lower_char};

/// One bit per possible key hash, about sixteen bits per key.
#[derive(Debug, Default)]
pub(super) struct FirstWords {
    bits: Vec<u64>,
}

const FNV_START: u64 = 0xcbf2_9ce4_8422_2325;

/// One byte into an FNV-1a hash.
fn fnv(h: u64, byte: u8) -> u64 {
    (h ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3)
}

/// One character's UTF-8 bytes into an FNV-1a hash.
fn char_hash(h: u64, c: char) -> u64 {
    c.encode_utf8(&mut [0; 4]).bytes().fold(h, fnv)
}

impl FirstWords {
    /// The filter of `keys` (already lowercased or folded).
    pub(super) fn build<'a>(keys: impl Iterator<Item = &'a str>) -> FirstWords {
        let hashes: Vec<u64> = keys.map(|k| k.bytes().fold(FNV_START, fnv)).collect();
        let words = (hashes.len() / 4).max(1).next_power_of_two();
        let mut filter = FirstWords {
            bits: vec![0; words],
        };
        for h in hashes {
            let (word, bit) = filter.slot(h);
            filter.bits[word] |= bit;
        }
        filter
    }

    /// The word and bit of a hash (the length is a power of two).
    fn slot(&self, h: u64) -> (usize, u64) {
        let spread = h.wrapping_mul(0x9e37_79b9_7f4a_7c15) >> 32;
        let word = (spread >> 6) as usize & (self.bits.len().wrapping_sub(1));
        (word, 1 << (spread & 63))
    }

    /// Whether some key may be `word` lowercased: false only when none is.
    pub(super) fn may_start(&self, word: &str) -> bool {
        if self.bits.is_empty() {
            return false;
        }
        if word.is_ascii() {
            let lowered = word.bytes().map(|b| b.to_ascii_lowercase());
            return self.holds(lowered.fold(FNV_START, fnv));
        }
        // Both spellings in one pass; an ASCII character is its own lower
        // and fold once lowercased, the rest take the tables.
        let (mut lowered, mut folded) = (FNV_START, FNV_START);
        for c in word.chars() {
            if c.is_ascii() {
                let b = c.to_ascii_lowercase() as u8;
                (lowered, folded) = (fnv(lowered, b), fnv(folded, b));
                continue;
            }
            for l in lower_char(c) {
                lowered = char_hash(lowered, l);
                folded = fold_lowered_char(l).fold(folded, char_hash);
            }
        }
        self.holds(lowered) || self.holds(folded)
    }

    /// Whether the bit of hash `h` is set.
    fn holds(&self, h: u64) -> bool {
        let (word, bit) = self.slot(h);
        self.bits.get(word).is_some_and(|w| w & bit != 0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_pass_in_any_case_and_accents_and_other_words_mostly_do_not() {
        let keys = ["aunon-chancellor", "bogota", "micrometeroid", "auñón"];
        let filter = FirstWords::build(keys.iter().copied());
        for word in ["Aunon-Chancellor", "BOGOTA", "bogota", "Micrometeroid"] {
            assert!(filter.may_start(word), "{word}");
        }
        // Other words pass when their lowercase or folded spelling is a key.
        assert!(filter.may_start("Auñón"));
        assert!(filter.may_start("AUÑÓN"));
        assert!(filter.may_start("Bogotá"));
        assert!(filter.may_start("Micrometeróid"));
        // The hashes agree with the spellings the keys were made from.
        for word in [
            "Auñón",
            "d\u{2019}Ivoire",
            "İstanbul",
            "Straße",
            "Aun\u{303}on",
        ] {
            let key = |k: &str| k.bytes().fold(FNV_START, fnv);
            let one = FirstWords::build([super::super::lower(word)].iter().map(String::as_str));
            let other = FirstWords::build([super::super::fold(word)].iter().map(String::as_str));
            assert!(one.may_start(word) && other.may_start(word), "{word}");
            assert!(one.holds(key(&super::super::lower(word))), "{word}");
        }
        // Two hashes each (lowercase and folded), so twice the false passes.
        let others = (0..1000).filter(|i| filter.may_start(&format!("wörd{i}")));
        assert!(others.count() < 200);
        let others = (0..1000).filter(|i| filter.may_start(&format!("word{i}")));
        assert!(others.count() < 100);
        assert!(!FirstWords::default().may_start("bogota"));
    }
}
