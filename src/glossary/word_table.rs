//! A set of words laid out so that a lookup reads one cache line: the
//! English word list is asked about nearly every word of every page (the
//! page-language share, the known-word guards), and as a hash set of string
//! slices each lookup read a control byte, a slot and the word's text, three
//! cache misses in a table too big to stay cached.
//!
//! Each word of up to [`INLINE`] bytes is stored in its slot itself, padded
//! with zeros and followed by its length, in an open-addressing table at
//! most half full; the few longer words are kept in an ordinary set.

use rustc_hash::FxHashSet;

/// Longest word stored in a slot (the slot's last byte holds the length).
const INLINE: usize = 15;

type Slot = [u8; INLINE + 1];

/// An empty slot: no stored word has length zero.
const EMPTY: Slot = [0; INLINE + 1];

/// An exact set of words (see the module docs).
pub(super) struct WordTable<'w> {
    slots: Vec<Slot>,
    /// `slots.len() - 1` (a power of two).
    mask: usize,
    /// The empty word and words over [`INLINE`] bytes.
    long: FxHashSet<&'w str>,
}

/// The slot holding `word`, or `None` when it is empty or too long.
fn slot_of(word: &str) -> Option<Slot> {
    let bytes = word.as_bytes();
    if bytes.is_empty() || bytes.len() > INLINE {
        return None;
    }
    let mut slot = EMPTY;
    slot[..bytes.len()].copy_from_slice(bytes);
    slot[INLINE] = bytes.len() as u8;
    Some(slot)
}

impl<'w> WordTable<'w> {
    pub(super) fn new(words: impl Iterator<Item = &'w str>) -> WordTable<'w> {
        let words: Vec<&'w str> = words.collect();
        let size = (words.len() * 2).max(16).next_power_of_two();
        let mut table = WordTable {
            slots: vec![EMPTY; size],
            mask: size - 1,
            long: FxHashSet::default(),
        };
        for word in words {
            match slot_of(word) {
                Some(slot) => {
                    let mut at = table.home(&slot);
                    while table.slots[at] != EMPTY && table.slots[at] != slot {
                        at = (at + 1) & table.mask;
                    }
                    table.slots[at] = slot;
                }
                None => {
                    table.long.insert(word);
                }
            }
        }
        table
    }

    /// Where the search for `slot` starts.
    fn home(&self, slot: &Slot) -> usize {
        let half = |from: usize| {
            let mut eight = [0; 8];
            eight.copy_from_slice(&slot[from..from + 8]);
            u64::from_le_bytes(eight)
        };
        let h = (half(0).wrapping_mul(0x9e37_79b9_7f4a_7c15) ^ half(8))
            .wrapping_mul(0xff51_afd7_ed55_8ccd);
        (h >> 32) as usize & self.mask
    }

    pub(super) fn contains(&self, word: &str) -> bool {
        let Some(slot) = slot_of(word) else {
            return self.long.contains(word);
        };
        let mut at = self.home(&slot);
        // The table is at most half full, so an empty slot ends every search.
        loop {
            match self.slots.get(at) {
                Some(s) if *s == slot => return true,
                Some(s) if *s != EMPTY => at = (at + 1) & self.mask,
                _ => return false,
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn holds_exactly_its_words() {
        let words = [
            "meteor",
            "a",
            "ain't",
            "abb\u{e9}",
            "fifteen-letters",
            "sixteen-letters!",
            "incomprehensibilities",
            "",
        ];
        let table = WordTable::new(words.iter().copied());
        for word in words {
            assert!(table.contains(word), "{word:?}");
        }
        for word in [
            "meteors",
            "meteo",
            "Meteor",
            "a\0",
            "\0",
            "b",
            "abbe",
            "sixteen-letters?",
            "fifteen-letter",
        ] {
            assert!(!table.contains(word), "{word:?}");
        }
        let empty = WordTable::new(std::iter::empty());
        assert!(!empty.contains("meteor"));
        assert!(!empty.contains(""));
    }

    #[test]
    fn a_full_word_list_is_found_whole() {
        let words: Vec<String> = (0..5000).map(|i| format!("w{i}x")).collect();
        let table = WordTable::new(words.iter().map(String::as_str));
        assert!(words.iter().all(|w| table.contains(w)));
        assert!((0..5000).all(|i| !table.contains(&format!("w{i}y"))));
    }
}
