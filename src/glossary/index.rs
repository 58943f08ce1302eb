//! A SymSpell-style deletion index over the glossary's words.
//!
//! Every indexed word is stored under the hash of itself and of each of its
//! one-character deletions. A query word looks up the same keys; two words
//! share a key exactly when they are within one insertion, deletion,
//! substitution or adjacent transposition of each other (plus a few pairs at
//! distance two, which the caller's exact distance check discards). Lookup
//! costs `len + 1` binary searches whatever the glossary size, so a
//! 100,000-term glossary is as fast per word as a ten-term one.
//!
//! Words longer than [`MAX_LETTERS`](super::typo::MAX_LETTERS) are neither indexed nor looked up:
//! a word has as many keys as characters, each hashed over the whole word,
//! so a 100 KB glossary term or a 300 KB blob in a page would cost the square
//! of that; no name is that long.
//!
//! Keys are 64-bit hashes in one sorted vector, not strings in a map: about
//! 12 bytes per key, and a hash collision only adds a candidate the distance
//! check rejects.

use crate::text::is_name_length;
use rustc_hash::FxHasher;
use std::hash::Hasher;

/// Sorted `(key hash, word id)` pairs.
#[derive(Debug, Default)]
pub(crate) struct DeletionIndex {
    entries: Vec<(u64, u32)>,
}

/// Hash of `word` (of `len` chars) without the character at `skip`.
fn key(word: &str, len: usize, skip: Option<usize>) -> u64 {
    let mut h = FxHasher::default();
    for (i, c) in word.chars().enumerate() {
        if Some(i) != skip {
            h.write_u32(c as u32);
        }
    }
    // Mix in the length so "ab" and "ba"-style prefix hashes do not collide.
    h.write_usize(len - usize::from(skip.is_some()));
    h.finish()
}

/// The key of `word` and of each of its one-character deletions: two words
/// within one edit share one of them. Quadratic in the word's length, so
/// callers bound it (see [`super::typo::MAX_LETTERS`]).
pub fn deletion_keys(word: &str) -> impl Iterator<Item = u64> + '_ {
    let n = word.chars().count();
    (0..=n).map(move |i| key(word, n, (i < n).then_some(i)))
}

impl DeletionIndex {
    /// Builds the index of `words` (already folded); ids are positions.
    pub(crate) fn build<'a>(words: impl Iterator<Item = (u32, &'a str)>) -> DeletionIndex {
        let mut entries = Vec::new();
        for (id, word) in words.filter(|(_, w)| is_name_length(w)) {
            entries.extend(deletion_keys(word).map(|k| (k, id)));
        }
        entries.sort_unstable();
        entries.dedup();
        DeletionIndex { entries }
    }

    /// Ids of the words that may be within one edit of `word` (a superset:
    /// verify with a real distance). Sorted, without duplicates.
    #[cfg(test)]
    pub(crate) fn candidates(&self, word: &str) -> Vec<u32> {
        let mut out = Vec::new();
        self.candidates_into(word, &mut out);
        out
    }

    /// [`DeletionIndex::candidates`] into a buffer the caller reuses across
    /// words (cleared first): no allocation per word once it has grown.
    /// Words longer than [`super::typo::MAX_LETTERS`] have none.
    pub(crate) fn candidates_into(&self, word: &str, out: &mut Vec<u32>) {
        out.clear();
        if !is_name_length(word) {
            return;
        }
        for k in deletion_keys(word) {
            let from = self.entries.partition_point(|&(e, _)| e < k);
            out.extend(
                self.entries[from..]
                    .iter()
                    .take_while(|&&(e, _)| e == k)
                    .map(|&(_, id)| id),
            );
        }
        out.sort_unstable();
        out.dedup();
    }

    pub(crate) fn len(&self) -> usize {
        self.entries.len()
    }
}

#[cfg(test)]
mod tests {
    use super::super::typo::MAX_LETTERS;
    use super::*;

    #[test]
    fn finds_every_single_edit() {
        let words = ["soyuz-fg", "micrometeoroid", "ovchinin"];
        let index = DeletionIndex::build(words.iter().enumerate().map(|(i, w)| (i as u32, *w)));
        assert_eq!(index.candidates("soyug-fg"), [0]); // substitution
        assert_eq!(index.candidates("micrometeroid"), [1]); // deletion
        assert_eq!(index.candidates("ovchinnin"), [2]); // insertion
        assert_eq!(index.candidates("ovhcinin"), [2]); // transposition
        assert!(index.candidates("ovchinnnin").is_empty()); // two edits
        assert!(index.candidates(&"soyuz".repeat(20)).is_empty()); // not a word
    }

    #[test]
    fn words_over_the_cap_are_neither_indexed_nor_looked_up() {
        let long = "a".repeat(MAX_LETTERS + 1);
        let index = DeletionIndex::build([(0, long.as_str())].into_iter());
        assert_eq!(index.len(), 0);
        let at_cap = "a".repeat(MAX_LETTERS);
        let index = DeletionIndex::build([(0, at_cap.as_str())].into_iter());
        assert_eq!(index.candidates(&at_cap[1..]), [0]);
        assert!(index.candidates(&long).is_empty());
    }
}
