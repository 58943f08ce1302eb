//! A bit filter over the first words of the glossary's `wrong` and accented
//! forms, so the matcher can tell, from one hash of a page word, that no
//! such form starts there: true of almost every word of a page, which then
//! costs no lowercasing into a buffer and no map lookups.
//!
//! Before any hashing, an ASCII word is checked against the first letters
//! and lengths of the ASCII keys (one table read): an ASCII word lowercased
//! or folded keeps its length and its first letter, and the keys are few,
//! so most words of a page end there.
//!
//! The filter holds the hash of each key (a [`super::lower`]ed or
//! [`super::fold`]ed first word). A page word may start a form only when its
//! `lower` or its `fold` is a key, so those two are hashed, character by
//! character without building them; for ASCII text both are plain ASCII
//! lowercasing, one hash. A set bit may be another key's (a false positive
//! costs the lookup it would have cost anyway); a clear bit is never wrong.

use super::fold::{fold_lowered_char, lower_char};

/// One bit per possible key hash, about sixteen bits per key.
#[derive(Debug)]
pub(super) struct FirstWords {
    bits: Vec<u64>,
    /// Per ASCII first byte, bit `n` set when an ASCII key starting with
    /// it has `n` bytes (bit [`LONG`]: that many or more).
    lengths: [u64; 128],
}

impl Default for FirstWords {
    fn default() -> Self {
        FirstWords {
            bits: Vec::new(),
            lengths: [0; 128],
        }
    }
}

/// The length bit that also stands for every longer key.
const LONG: usize = 63;

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
        let mut lengths = [0u64; 128];
        let hashes: Vec<u64> = keys
            .map(|k| {
                if let Some(&first) = k.as_bytes().first().filter(|_| k.is_ascii()) {
                    lengths[usize::from(first)] |= 1 << k.len().min(LONG);
                }
                k.bytes().fold(FNV_START, fnv)
            })
            .collect();
        let words = (hashes.len() / 4).max(1).next_power_of_two();
        let mut filter = FirstWords {
            bits: vec![0; words],
            lengths,
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
            // An ASCII word's lowercase and folded forms are ASCII, of its
            // length, starting with its first letter lowercased: only an
            // ASCII key of that first letter and length can be either.
            let Some(&first) = word.as_bytes().first() else {
                return self.holds(FNV_START);
            };
            let row = self.lengths[usize::from(first.to_ascii_lowercase())];
            if row >> word.len().min(LONG) & 1 == 0 {
                return false;
            }
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

    /// What [`FirstWords::may_start`] answered before the length table:
    /// the hashes alone.
    fn by_hashes_alone(filter: &FirstWords, word: &str) -> bool {
        let lowered = super::super::lower(word);
        let folded = super::super::fold(word);
        [lowered, folded]
            .iter()
            .any(|k| filter.holds(k.bytes().fold(FNV_START, fnv)))
    }

    #[test]
    fn the_length_table_rejects_only_words_no_key_can_be() {
        // Words over a small alphabet, so that many are keys in some case
        // or accent, and many share a key's hash bit or length.
        let alphabet = ['a', 'B', 'c', '\u{e9}', '-', '\'', 'Z', 'o'];
        let mut rng = super::super::TestWords::new(0x2545_f491_4f6c_dd1d);
        let mut word = |n: u64| rng.word(&alphabet, n);
        let long = "z".repeat(70);
        let mut keys: Vec<String> = (0..40).map(|i| word(1 + i % 7)).collect();
        keys.push(long.clone());
        let keys: Vec<String> = keys.iter().map(|k| super::super::fold(k)).collect();
        let filter = FirstWords::build(keys.iter().map(String::as_str));
        let mut tried = vec![long, "Z".repeat(80), String::new()];
        tried.extend(keys.iter().map(|k| k.to_uppercase()));
        tried.extend((0..20_000).map(|i| word(1 + i % 9)));
        let mut rejected = 0;
        for w in &tried {
            let lowered = super::super::lower(w);
            let is_key = keys.contains(&lowered) || keys.contains(&super::super::fold(w));
            let (now, before) = (filter.may_start(w), by_hashes_alone(&filter, w));
            assert!(now || !is_key, "{w}");
            assert!(before || !now, "{w}");
            rejected += usize::from(before && !now);
        }
        // The table settles words the hashes alone let through.
        assert!(rejected > 100, "{rejected}");
    }
}
