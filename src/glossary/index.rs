//! A SymSpell-style deletion index over the glossary's words.
//!
//! Every indexed word is stored under the hash of itself and of each of its
//! one-character deletions (all of a word's keys computed in one pass, see
//! `index_keys`). A query word looks up the same keys; two words
//! share a key exactly when they are within one insertion, deletion,
//! substitution or adjacent transposition of each other (plus a few pairs at
//! distance two, which the caller's exact distance check discards). Lookup
//! costs `len` probes whatever the glossary size, so a 100,000-term glossary
//! is as fast per word as a ten-term one; most probes of a page word end at
//! a bit filter (see `DeletionIndex::filter`) without touching the keys.
//!
//! Words longer than [`MAX_LETTERS`](super::typo::MAX_LETTERS) are neither indexed nor looked up:
//! a word has as many keys as characters, so a 100 KB glossary term or a
//! 300 KB blob in a page would cost the square of that; no name is that
//! long.
//!
//! Keys are 64-bit hashes in one sorted vector, not strings in a map: about
//! 14 bytes per key with the bucket table, and a hash collision only adds a
//! candidate the distance check rejects.

use crate::text::is_name_length;
use rustc_hash::FxHasher;
use std::hash::Hasher;

/// `(key hash, word id)` pairs sorted by key, keys and ids in separate
/// arrays (12 bytes a pair), with a table of where each range of keys
/// starts, so a lookup reads one table slot and a handful of neighbouring
/// keys instead of binary-searching the whole array: on a 100,000-term
/// glossary that is two cache misses per key rather than twenty.
#[derive(Debug, Default)]
pub(crate) struct DeletionIndex {
    keys: Vec<u64>,
    ids: Vec<u32>,
    /// `starts[b]..starts[b + 1]`: the keys whose top `bits` bits are `b`.
    starts: Vec<u32>,
    bits: u32,
    /// One bit per eight keys' worth of slots, set for each key's low bits:
    /// most keys of a page word are in no glossary word, and this small
    /// table says so without reading the bucket table and the keys.
    filter: Vec<u64>,
}

/// Most characters of a word the index holds or looks up (longer words
/// are neither, see [`is_name_length`]).
const MAX_CHARS: usize = crate::text::MAX_NAME_CHARS;

/// Multiplier of the index keys' polynomial hash (odd: no bits are lost).
const BASE: u64 = 0x0000_0100_0000_01b3;

/// Calls `key` with the index key of each one-character deletion of `word`
/// in order, then of `word` itself: two words within one edit share one.
/// The keys are a polynomial hash, so the deletion at `k` is
/// `prefix(k) * BASE^(n-1-k) + suffix(k+1)` and all of them cost one pass
/// over the word, not one per deletion. Words over [`MAX_CHARS`] have none.
fn index_keys(word: &str, mut key: impl FnMut(u64)) {
    let mut chars = [0u64; MAX_CHARS];
    let mut n = 0;
    for c in word.chars() {
        let Some(slot) = chars.get_mut(n) else {
            return;
        };
        // Plus one, so that no character hashes like nothing at all.
        *slot = u64::from(u32::from(c)) + 1;
        n += 1;
    }
    let mut pow = [1u64; MAX_CHARS + 1];
    for i in 1..=n {
        pow[i] = pow[i - 1].wrapping_mul(BASE);
    }
    // suffix[k]: the hash of chars[k..n].
    let mut suffix = [0u64; MAX_CHARS + 1];
    for k in (0..n).rev() {
        suffix[k] = chars[k]
            .wrapping_mul(pow[n - 1 - k])
            .wrapping_add(suffix[k + 1]);
    }
    let mut prefix = 0u64;
    for k in 0..n {
        key(finish(
            prefix
                .wrapping_mul(pow[n - 1 - k])
                .wrapping_add(suffix[k + 1]),
            n - 1,
        ));
        prefix = prefix.wrapping_mul(BASE).wrapping_add(chars[k]);
    }
    key(finish(prefix, n));
}

/// Mixes a polynomial hash and its length into a key whose every bit
/// depends on every character (the bucket takes the top bits, the filter
/// the low ones).
fn finish(hash: u64, len: usize) -> u64 {
    let mut x = hash ^ (len as u64).wrapping_mul(0x9e37_79b9_7f4a_7c15);
    x ^= x >> 33;
    x = x.wrapping_mul(0xff51_afd7_ed55_8ccd);
    x ^= x >> 33;
    x = x.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
    x ^ (x >> 33)
}

/// Spreads a key over all 64 bits (an odd multiplier, so a bijection and
/// equal keys stay equal), so that its top bits pick a bucket evenly.
fn spread(key: u64) -> u64 {
    key.wrapping_mul(0x9e37_79b9_7f4a_7c15)
}

/// The filter slot of a spread key, of `slots` (a power of two): its low
/// bits.
fn filter_slot(key: u64, slots: usize) -> usize {
    key as usize & slots.wrapping_sub(1)
}

/// The bucket of a spread key: its top `bits` bits.
fn bucket(key: u64, bits: u32) -> u64 {
    key.checked_shr(64 - bits).unwrap_or(0)
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
/// callers bound it (see [`super::typo::MAX_LETTERS`]). Not the index's own
/// keys (`index_keys`, linear): other rules group page words by these.
pub fn deletion_keys(word: &str) -> impl Iterator<Item = u64> + '_ {
    let n = word.chars().count();
    (0..=n).map(move |i| key(word, n, (i < n).then_some(i)))
}

impl DeletionIndex {
    /// Builds the index of `words` (already folded); ids are positions.
    pub(crate) fn build<'a>(words: impl Iterator<Item = (u32, &'a str)>) -> DeletionIndex {
        let mut entries = Vec::new();
        for (id, word) in words.filter(|(_, w)| is_name_length(w)) {
            index_keys(word, |k| entries.push((spread(k), id)));
        }
        entries.sort_unstable();
        entries.dedup();
        // About two keys per bucket; at most 2^28 buckets (a billion keys
        // would not fit in memory anyway).
        let bits = (usize::BITS - entries.len().leading_zeros())
            .saturating_sub(1)
            .min(28);
        let mut starts = Vec::with_capacity((1 << bits) + 1);
        let mut at = 0;
        for b in 0..(1u64 << bits) {
            while entries.get(at).is_some_and(|&(k, _)| bucket(k, bits) < b) {
                at += 1;
            }
            starts.push(u32::try_from(at).unwrap_or(u32::MAX));
        }
        starts.push(u32::try_from(entries.len()).unwrap_or(u32::MAX));
        let slots = entries.len().saturating_mul(8).max(64).next_power_of_two();
        let mut filter = vec![0u64; slots / 64];
        for &(k, _) in &entries {
            let slot = filter_slot(k, slots);
            filter[slot / 64] |= 1 << (slot % 64);
        }
        DeletionIndex {
            keys: entries.iter().map(|&(k, _)| k).collect(),
            ids: entries.iter().map(|&(_, id)| id).collect(),
            starts,
            bits,
            filter,
        }
    }

    /// Whether `key` (already spread) may be in the index: false only when
    /// it is not.
    fn may_hold(&self, key: u64) -> bool {
        let slot = filter_slot(key, self.filter.len() * 64);
        self.filter
            .get(slot / 64)
            .is_some_and(|bits| bits >> (slot % 64) & 1 == 1)
    }

    /// The positions in `keys` holding `key` (already spread).
    fn range_of(&self, key: u64) -> std::ops::Range<usize> {
        let b = bucket(key, self.bits) as usize;
        let (Some(&from), Some(&to)) = (self.starts.get(b), self.starts.get(b + 1)) else {
            return 0..0;
        };
        let in_bucket = self
            .keys
            .get(from as usize..to as usize)
            .unwrap_or_default();
        let first = in_bucket.partition_point(|&k| k < key);
        let count = in_bucket[first..].iter().take_while(|&&k| k == key).count();
        let first = from as usize + first;
        first..first + count
    }

    /// Ids of the words that may be within one edit of `word` and start
    /// with the same character (a superset: verify both). Sorted, without
    /// duplicates.
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
        if self.keys.is_empty() {
            return;
        }
        // The deletion of the first character is not looked up: a word one
        // edit from another with the same first character shares one of the
        // other keys with it (an edit at the front of "ssoyuz" is also one
        // at its second letter), and words with another first character are
        // never judged; on a large glossary that key alone brings dozens of
        // them ("tells" -> "ells" -> "bells", "cells", ...).
        let mut first = true;
        index_keys(word, |k| {
            if std::mem::take(&mut first) {
                return;
            }
            let k = spread(k);
            if self.may_hold(k) {
                let range = self.range_of(k);
                out.extend_from_slice(self.ids.get(range).unwrap_or_default());
            }
        });
        out.sort_unstable();
        out.dedup();
    }

    pub(crate) fn len(&self) -> usize {
        self.keys.len()
    }
}

#[cfg(test)]
mod tests {
    use super::super::typo::MAX_LETTERS;
    use super::*;

    #[test]
    fn each_deletion_key_is_the_key_of_the_word_without_that_character() {
        let key_of = |w: &str| {
            let mut last = None;
            index_keys(w, |k| last = Some(k));
            last
        };
        for word in ["soyuz-fg", "au\u{f1}\u{f3}n", "ab", "micrometeoroid"] {
            let mut keys = Vec::new();
            index_keys(word, |k| keys.push(k));
            let chars: Vec<char> = word.chars().collect();
            assert_eq!(keys.len(), chars.len() + 1, "{word}");
            for (k, key) in keys.iter().enumerate().take(chars.len()) {
                let mut deleted = chars.clone();
                deleted.remove(k);
                let deleted: String = deleted.into_iter().collect();
                assert_eq!(Some(*key), key_of(&deleted), "{word} without {k}");
            }
            assert_eq!(keys.last().copied(), key_of(word));
        }
        // Keys depend on order and length, not only on the letters.
        assert_ne!(key_of("ab"), key_of("ba"));
        assert_ne!(key_of("a"), key_of("\u{0}a"));
        // Over the cap a word has no keys at all.
        assert_eq!(key_of(&"a".repeat(MAX_CHARS + 1)), None);
    }

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
    fn a_large_index_finds_every_word_and_its_slips_through_the_buckets() {
        // Many distinct words, so the bucket table has thousands of slots.
        let words: Vec<String> = (0..3000u32)
            .map(|i| format!("w{}x{}", i * 7919 % 10007, i))
            .collect();
        let index = DeletionIndex::build(
            words
                .iter()
                .enumerate()
                .map(|(i, w)| (i as u32, w.as_str())),
        );
        assert!(index.starts.len() > 1000, "{}", index.starts.len());
        for (i, w) in words.iter().enumerate() {
            let id = i as u32;
            assert!(index.candidates(w).contains(&id), "{w}");
            assert!(index.candidates(&w[1..]).contains(&id), "{w}");
            assert!(index.candidates(&format!("{w}q")).contains(&id), "{w}");
        }
        assert!(index.candidates("zzzzzzzz").is_empty());
    }

    #[test]
    fn every_single_edit_that_keeps_the_first_letter_is_found() {
        let words = ["soyuz", "tells"];
        let index = DeletionIndex::build(words.iter().enumerate().map(|(i, w)| (i as u32, *w)));
        // An edit at the front that keeps the first letter.
        assert_eq!(index.candidates("ssoyuz"), [0]);
        assert_eq!(index.candidates("sosyuz"), [0]);
        assert_eq!(index.candidates("tels"), [1]);
        // Another first letter is never a candidate through the first key.
        assert!(index.candidates("bells").is_empty());
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
