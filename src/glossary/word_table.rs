//! A set of words laid out so that a lookup reads one cache line: the
//! English word list is asked about nearly every word of every page (the
//! page-language share, the known-word guards), and as a hash set of string
//! slices each lookup read a control byte, a slot and the word's text, three
//! cache misses in a table too big to stay cached.
//!
//! Each word of up to `INLINE` (15) bytes is stored in its slot itself, padded
//! with zeros and followed by its length, in an open-addressing table at
//! most half full; the few longer words are kept in an ordinary set.
//!
//! The English list's table is laid out at compile time (`build.rs`, with
//! the layout in [`super::word_slots`]) and read from the binary as it
//! stands: building it took a third of a one-page run's start-up.

#[cfg(test)]
use super::word_slots::lay_out;
use super::word_slots::{EMPTY, Slot, home, slot_of};
use rustc_hash::FxHashSet;
use std::borrow::Cow;

/// An exact set of words (see the module docs).
pub(super) struct WordTable<'w> {
    slots: Cow<'w, [Slot]>,
    /// `slots.len() - 1` (a power of two).
    mask: usize,
    /// The empty word and words over `INLINE` bytes.
    long: FxHashSet<&'w str>,
}

impl<'w> WordTable<'w> {
    /// A table over `words`, laid out now (the shipped one is laid out by `build.rs`).
    #[cfg(test)]
    pub(super) fn new(words: impl Iterator<Item = &'w str>) -> WordTable<'w> {
        let (slots, long) = lay_out(words);
        WordTable::from_layout(Cow::Owned(slots), long.into_iter())
    }

    /// A table over slots laid out by [`lay_out`] (at compile time), and the
    /// words it left out of them.
    ///
    /// # Panics
    /// If the slots are not a power of two of them: `build.rs` wrote them wrong.
    pub(super) fn from_layout(
        slots: Cow<'w, [Slot]>,
        long: impl Iterator<Item = &'w str>,
    ) -> WordTable<'w> {
        assert!(slots.len().is_power_of_two(), "a word table's slots");
        WordTable {
            mask: slots.len() - 1,
            slots,
            long: long.collect(),
        }
    }

    pub(super) fn contains(&self, word: &str) -> bool {
        let Some(slot) = slot_of(word) else {
            return self.long.contains(word);
        };
        let mut at = home(&slot, self.mask);
        // The table is at most half full, so an empty slot ends every search.
        loop {
            match self.slots.get(at) {
                Some(s) if *s == slot => return true,
                Some(s) if *s != EMPTY => at = (at + 1) & self.mask,
                _ => return false,
            }
        }
    }

    /// The slots, to compare layouts in tests.
    #[cfg(test)]
    pub(super) fn slots(&self) -> &[Slot] {
        &self.slots
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
