//! A bit filter over the first words of the glossary's `wrong` and accented
//! forms, so the matcher can tell, from one hash of a page word, that no
//! such form starts there: true of almost every word of a page, which then
//! costs no lowercasing into a buffer and no map lookups.
//!
//! Only ASCII words are filtered. For ASCII text the matcher's keys
//! ([`super::lower`] and [`super::fold`]) are plain ASCII lowercasing, so an
//! ASCII page word can only equal an ASCII key, and the filter holds the
//! hash of each ASCII key; a word with any other character is always let
//! through to the exact lookup. A set bit may be another key's (a false
//! positive costs the lookup it would have cost anyway); a clear bit is
//! never wrong.

/// One bit per possible key hash, about sixteen bits per key.
#[derive(Debug, Default)]
pub(super) struct FirstWords {
    bits: Vec<u64>,
}

/// FNV-1a over `bytes` lowercased as ASCII; `None` when a byte is not ASCII.
fn ascii_key_hash(bytes: &[u8]) -> Option<u64> {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in bytes {
        if !b.is_ascii() {
            return None;
        }
        h = (h ^ u64::from(b.to_ascii_lowercase())).wrapping_mul(0x0100_0000_01b3);
    }
    Some(h)
}

impl FirstWords {
    /// The filter of `keys` (already lowercased or folded).
    pub(super) fn build<'a>(keys: impl Iterator<Item = &'a str>) -> FirstWords {
        let hashes: Vec<u64> = keys.filter_map(|k| ascii_key_hash(k.as_bytes())).collect();
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
        match ascii_key_hash(word.as_bytes()) {
            Some(h) => {
                let (word, bit) = self.slot(h);
                self.bits.get(word).is_some_and(|w| w & bit != 0)
            }
            None => true,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_pass_in_any_case_and_other_ascii_words_mostly_do_not() {
        let keys = ["aunon-chancellor", "bogota", "micrometeroid", "auñón"];
        let filter = FirstWords::build(keys.iter().copied());
        for word in ["Aunon-Chancellor", "BOGOTA", "bogota", "Micrometeroid"] {
            assert!(filter.may_start(word), "{word}");
        }
        // Non-ASCII words are always let through to the exact lookup.
        assert!(filter.may_start("Auñón"));
        assert!(filter.may_start("d\u{2019}Ivoire"));
        let others = (0..1000).filter(|i| filter.may_start(&format!("word{i}")));
        assert!(others.count() < 100);
        assert!(!FirstWords::default().may_start("bogota"));
    }
}
