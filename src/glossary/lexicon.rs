//! The English and proper-name word lists (SCOWL, `rules/words/`), embedded.
//!
//! They are the main precision guard of the glossary rules: a word that is a
//! correct common English word or a known capitalised word is evidence that
//! the author meant that word, not a misspelled glossary term. Built once per
//! process on first use; the sets borrow the embedded text, nothing is copied.

use super::word_table::WordTable;
use rustc_hash::FxHashSet;
use std::borrow::Cow;
use std::sync::LazyLock;

#[cfg(test)]
static ENGLISH_TEXT: &str = include_str!("../../rules/words/english.txt");
static NAMES_TEXT: &str = include_str!("../../rules/words/names.txt");

/// Known words: lowercase English words and capitalised names.
pub struct Lexicon {
    /// Asked about nearly every word of a page: laid out for one cache
    /// miss per lookup.
    english: WordTable<'static>,
    names: FxHashSet<&'static str>,
}

/// The English list's slots as `build.rs` laid them out
/// (`word_slots::lay_out` over `english.txt`), and the words left out of them.
static ENGLISH_SLOTS: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/english_slots.bin"));
static ENGLISH_LONG: &str = include_str!(concat!(env!("OUT_DIR"), "/english_long.txt"));

static LEXICON: LazyLock<Lexicon> = LazyLock::new(|| Lexicon {
    english: english_table(),
    names: NAMES_TEXT.lines().collect(),
});

fn english_table() -> WordTable<'static> {
    let (slots, rest) = ENGLISH_SLOTS.as_chunks();
    debug_assert!(rest.is_empty());
    WordTable::from_layout(Cow::Borrowed(slots), ENGLISH_LONG.lines())
}

impl Lexicon {
    /// The shared, embedded lexicon.
    pub fn get() -> &'static Lexicon {
        &LEXICON
    }

    /// `lowercase` (already lowercased) is a common English word.
    pub fn is_english(&self, lowercase: &str) -> bool {
        self.english.contains(lowercase)
    }

    /// `word` is a known capitalised word (name, place, brand, acronym), as
    /// written or with only its first letter capitalised ("HAGUE" -> "Hague").
    pub fn is_name(&self, word: &str) -> bool {
        if self.names.contains(word) {
            return true;
        }
        // Already title case (the usual capitalised word): nothing else to try.
        if word.chars().next().is_some_and(char::is_uppercase)
            && word.chars().skip(1).all(|c| !c.is_uppercase())
        {
            return false;
        }
        let mut chars = word.chars();
        let Some(first) = chars.next() else {
            return false;
        };
        let titled: String = first
            .to_uppercase()
            .chain(chars.flat_map(char::to_lowercase))
            .collect();
        titled != word && self.names.contains(titled.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn knows_english_words_and_names() {
        let lex = Lexicon::get();
        assert!(lex.is_english("meteor"));
        assert!(!lex.is_english("micrometeroid"));
        assert!(lex.is_name("Hague"));
        assert!(lex.is_name("HAGUE"));
        assert!(!lex.is_name("Ovchinin"));
    }

    #[test]
    fn the_compiled_english_table_is_the_word_list_laid_out_now() {
        let now = WordTable::new(ENGLISH_TEXT.lines());
        let compiled = english_table();
        assert!(
            compiled.slots() == now.slots(),
            "build.rs laid the list out differently"
        );
        let (_, long) = super::super::word_slots::lay_out(ENGLISH_TEXT.lines());
        assert_eq!(ENGLISH_LONG.lines().collect::<Vec<_>>(), long);
        assert!(ENGLISH_TEXT.lines().all(|w| compiled.contains(w)));
        assert!(!compiled.contains("micrometeroid"));
    }
}
