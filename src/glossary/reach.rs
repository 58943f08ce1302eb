//! Which lowercase page words a glossary word could be misspelt as: a
//! filter that settles most words of a page with one table read, before any
//! folding, hashing or lookup.
//!
//! A lowercase word is never a near miss of a capitalised glossary word
//! (see [`super::near`]), and most glossary words are names, capitalised in
//! every form. So a lowercase page word can only be a near miss of the few
//! glossary words printed lowercase in some form ("micrometeoroid", the
//! "module" of "orbital module"), and only of those that start with its
//! first letter and are at most one letter longer or shorter. The filter
//! keeps, per ASCII first letter, the lengths such a word may have; a
//! clear bit proves the word is no near miss. Words it lets through are
//! looked up in a deletion index of those few glossary words alone, which
//! rules out nearly all the rest before the page's memo and the whole
//! glossary's index are asked.

use super::fold::{fold_lowered_char, lower_char, with_folded};
use super::index::DeletionIndex;

/// Longest word length the table holds; longer words are always let
/// through (no name is that long, and the matcher rejects them itself).
const MAX_LEN: usize = 63;

/// Per ASCII first byte, bit `n` set when a lowercase glossary word starting
/// with it is within one letter of length `n`; and a deletion index of just
/// those words, for the words the lengths let through.
#[derive(Debug)]
pub(super) struct LowercaseReach {
    lengths: [u64; 128],
    /// The words' first characters, sorted: a word whose folded first
    /// character is none of them keeps no glossary word's (checked for
    /// words the lengths do not cover).
    firsts: Vec<char>,
    index: DeletionIndex,
}

impl Default for LowercaseReach {
    fn default() -> Self {
        LowercaseReach {
            lengths: [0; 128],
            firsts: Vec::new(),
            index: DeletionIndex::default(),
        }
    }
}

impl LowercaseReach {
    /// The filter of `words` (folded glossary words that some form prints
    /// lowercase).
    pub(super) fn build<'a>(words: impl Iterator<Item = &'a str>) -> LowercaseReach {
        let words: Vec<&str> = words.collect();
        let mut reach = LowercaseReach {
            index: DeletionIndex::build(words.iter().enumerate().map(|(i, w)| (i as u32, *w))),
            firsts: words.iter().filter_map(|w| w.chars().next()).collect(),
            ..LowercaseReach::default()
        };
        reach.firsts.sort_unstable();
        reach.firsts.dedup();
        for &word in &words {
            // An ASCII page word keeps its first letter when folded, and
            // only a glossary word with that first letter is compared with
            // it: one with another first character never is.
            let Some(first) = word.chars().next().filter(char::is_ascii) else {
                continue;
            };
            let n = word.chars().count();
            let row = &mut reach.lengths[first as usize];
            for len in n.saturating_sub(1)..=n + 1 {
                *row |= 1u64.checked_shl(len.min(MAX_LEN) as u32).unwrap_or(0);
            }
        }
        reach
    }

    /// Whether `word` may be one edit from one of the words, keeping its
    /// first letter: false only when it is not. First by its first letter
    /// and length (ASCII words only: the folded length of others may
    /// differ), then by the deletion index (the same candidates the whole
    /// glossary's index gives, among these words).
    pub(super) fn may_reach(&self, word: &str) -> bool {
        if word.is_ascii() && word.len() < MAX_LEN {
            let Some(&first) = word.as_bytes().first() else {
                return false;
            };
            let row = self.lengths[usize::from(first.to_ascii_lowercase())];
            if row >> word.len() & 1 == 0 {
                return false;
            }
        } else {
            let first = word.chars().next();
            let folded = first.and_then(|c| lower_char(c).flat_map(fold_lowered_char).next());
            if folded.is_some_and(|f| self.firsts.binary_search(&f).is_err()) {
                return false;
            }
        }
        let mut ids = Vec::new();
        with_folded(word, |folded| self.index.candidates_into(folded, &mut ids));
        !ids.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lets_through_only_words_one_edit_from_a_lowercase_glossary_word() {
        let reach = LowercaseReach::build(["micrometeoroid", "module"].into_iter());
        // One edit from "module" or "micrometeoroid", keeping the first
        // letter (the glossary words themselves too: the matcher settles
        // those).
        for word in ["modul", "modules", "mdoule", "micrometeroid", "module"] {
            assert!(reach.may_reach(word), "{word}");
        }
        // Another first letter or length, or two edits away.
        for word in ["mode", "monument", "nodule", "soyuz", "", "mightily"] {
            assert!(!reach.may_reach(word), "{word}");
        }
        for word in ["models", "mxxxxxxxxxxxxxx", "micrometeorite"] {
            assert!(!reach.may_reach(word), "{word}");
        }
        // Accents are folded as the matcher folds them.
        assert!(reach.may_reach("m\u{f6}dule"));
        assert!(!reach.may_reach("m\u{f6}del"));
        let orbital = LowercaseReach::build(["orbital"].into_iter());
        assert!(orbital.may_reach("\u{f3}rbitl"));
        assert!(!reach.may_reach("\u{43c}odule"));
        assert!(!reach.may_reach("\u{e9}module"));
        assert!(!reach.may_reach(&"z".repeat(MAX_LEN)));
        assert!(!LowercaseReach::default().may_reach("module"));
    }

    #[test]
    fn glossary_words_starting_with_other_characters_are_left_out() {
        let reach = LowercaseReach::build(["\u{3b1}lpha", "\u{f8}rsted"].into_iter());
        assert!(!reach.may_reach("alpha"));
        assert!(!reach.may_reach("orsted"));
    }
}
