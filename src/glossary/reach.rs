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
//! glossary's index are asked. Between the two, an ASCII word is compared
//! with the words of its first letter by the letters each has (one bit per
//! letter): one edit adds at most one letter the other lacks and drops at
//! most one, so a word whose letters differ more from every one of them
//! needs no index query, which costs a hash per letter.

use super::fold::{fold_lowered_char, lower_char, with_folded};
use super::index::DeletionIndex;
use super::shapes::Shapes;

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
    /// The words' letters by first letter and length.
    shapes: Shapes,
    index: DeletionIndex,
}

impl Default for LowercaseReach {
    fn default() -> Self {
        LowercaseReach {
            lengths: [0; 128],
            firsts: Vec::new(),
            shapes: Shapes::default(),
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
            shapes: Shapes::build(words.iter().copied()),
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
            if !self.shapes.may_be_near(word) {
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

    /// Whether `word` is one edit (a typing slip, as the matcher requires)
    /// from one of `words`, keeping its folded first letter.
    fn one_slip_from(word: &str, words: &[String]) -> bool {
        let folded = super::super::fold(word);
        words.iter().any(|w| {
            w.chars().next() == folded.chars().next()
                && super::super::typo::slip(&folded, w).is_some()
        })
    }

    #[test]
    fn the_letter_sets_never_rule_out_a_word_one_slip_away() {
        // Small alphabets, so that many words are one edit from another.
        let alphabet = ['a', 'b', 'c', 'd', 'E', '-', '\'', '\u{e9}', '7'];
        let mut rng = super::super::TestWords::new(0x9e37_79b9_7f4a_7c15);
        let mut word = |n: u64| rng.word(&alphabet, n);
        let words: Vec<String> = (0..30)
            .map(|i| super::super::fold(&word(4 + i % 5)))
            .collect();
        let reach = LowercaseReach::build(words.iter().map(String::as_str));
        let (mut reachable, mut ruled_out_by_sets) = (0, 0);
        for i in 0..30_000 {
            let w = word(3 + i % 7);
            let by_index = !{
                let mut ids = Vec::new();
                with_folded(&w, |f| reach.index.candidates_into(f, &mut ids));
                ids.is_empty()
            };
            if one_slip_from(&w, &words) {
                assert!(reach.may_reach(&w), "{w}");
                reachable += 1;
            }
            ruled_out_by_sets += usize::from(by_index && !reach.may_reach(&w));
        }
        assert!(reachable > 100, "{reachable}");
        assert!(ruled_out_by_sets > 40, "{ruled_out_by_sets}");
    }

    #[test]
    fn glossary_words_starting_with_other_characters_are_left_out() {
        let reach = LowercaseReach::build(["\u{3b1}lpha", "\u{f8}rsted"].into_iter());
        assert!(!reach.may_reach("alpha"));
        assert!(!reach.may_reach("orsted"));
    }
}
