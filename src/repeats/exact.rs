//! Exact repeats found by hash: the first block printing each normalised
//! text, without keeping the texts. A page of half a million paragraphs
//! kept half a million normalised strings alive for this; now it keeps one
//! `u64` per block, and normalises again only the pairs whose hashes meet.

use super::tokens::normalise;
use rustc_hash::FxHashMap;

/// The first block printing each normalised text, by its hash (see
/// [`crate::facts::PageFacts::normalised_hash`]).
#[derive(Default)]
pub struct FirstCopies {
    by_hash: FxHashMap<u64, usize>,
    /// Texts whose hash another text had first: a 64-bit collision, kept
    /// by text so the answer stays exact.
    collided: FxHashMap<String, usize>,
}

impl FirstCopies {
    /// Records block `index`, whose normalised text hashes to `hash`, and
    /// returns the earlier block printing the same normalised text, if one
    /// was recorded. `text_of` gives a block's (raw) text by index.
    pub fn first_or_insert<'t>(
        &mut self,
        hash: u64,
        index: usize,
        text_of: impl Fn(usize) -> &'t str,
    ) -> Option<usize> {
        let first = *self.by_hash.entry(hash).or_insert(index);
        if first == index {
            return None;
        }
        let text = normalise(text_of(index));
        if normalise(text_of(first)) == text {
            return Some(first);
        }
        let earlier = *self.collided.entry(text).or_insert(index);
        (earlier != index).then_some(earlier)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn colliding_hashes_are_told_apart_by_text() {
        let texts = [
            "One text here.",
            "Another text.",
            "one  TEXT here",
            "another text",
        ];
        let mut copies = FirstCopies::default();
        // Every text under one hash, as if all collided.
        let found: Vec<Option<usize>> = (0..texts.len())
            .map(|i| copies.first_or_insert(7, i, |j| texts[j]))
            .collect();
        assert_eq!(found, [None, None, Some(0), Some(1)]);
    }
}
