//! Near-duplicate candidates without comparing every block with every
//! other: each block's word set is signed with MinHash, and blocks that
//! agree on a whole band of the signature (locality-sensitive hashing) are
//! candidates for the exact word diff in [`super::diff`].

use super::tokens::{Token, splitmix64};
use rustc_hash::{FxHashMap, FxHasher};
use std::hash::{Hash, Hasher};

/// MinHash signature length: [`BANDS`] bands of [`ROWS`] values.
const BANDS: usize = 20;
const ROWS: usize = 5;
const SIGNATURE: usize = BANDS * ROWS;
/// Blocks remembered per LSH bucket. A bucket that fills up holds blocks
/// that share most of their vocabulary; later blocks are still compared with
/// the ones it holds, so only a page of hundreds of near-copies loses any.
const MAX_BUCKET: usize = 32;
/// Candidates scored per block, best signature agreement first.
const MAX_CANDIDATES: usize = 16;

/// Finds, for each block in turn, earlier blocks that probably share most of
/// their words (Jaccard similarity of word sets), by locality-sensitive
/// hashing of MinHash signatures.
///
/// With 20 bands of 5 rows, two blocks whose word sets have a Jaccard
/// similarity of 0.75 (what a word-level similarity of about 0.85 implies)
/// become candidates with probability 0.99; unrelated prose (Jaccard about
/// 0.2) with probability under 0.01. Each block costs `O(words × 100)` to sign
/// and at most [`BANDS`] × [`MAX_BUCKET`] candidate look-ups.
#[derive(Default)]
pub struct CandidateIndex {
    buckets: FxHashMap<u64, Vec<u32>>,
    signatures: Vec<[u32; SIGNATURE]>,
}

impl CandidateIndex {
    /// Signs a block (its token keys) and returns the ids of earlier inserted
    /// blocks that collide with it in some band, most similar signature first.
    /// The block is then inserted under the id returned by [`Self::len`]
    /// before the call.
    pub fn query_and_insert(&mut self, tokens: &[Token]) -> Vec<u32> {
        let signature = minhash(tokens);
        let id = self.signatures.len() as u32;
        let mut candidates: Vec<u32> = Vec::new();
        for band in 0..BANDS {
            let mut hasher = FxHasher::default();
            band.hash(&mut hasher);
            signature[band * ROWS..(band + 1) * ROWS].hash(&mut hasher);
            let bucket = self.buckets.entry(hasher.finish()).or_default();
            candidates.extend_from_slice(bucket);
            if bucket.len() < MAX_BUCKET {
                bucket.push(id);
            }
        }
        candidates.sort_unstable();
        candidates.dedup();
        let agreement = |c: &u32| {
            self.signatures.get(*c as usize).map_or(0, |s| {
                s.iter().zip(&signature).filter(|(x, y)| x == y).count()
            })
        };
        // Each agreement counted once (up to BANDS * MAX_BUCKET of them),
        // and only the best few sorted: on a page of look-alike paragraphs
        // sorting by a recomputed key was most of the rule's time.
        let mut scored: Vec<(std::cmp::Reverse<usize>, u32)> = candidates
            .iter()
            .map(|c| (std::cmp::Reverse(agreement(c)), *c))
            .collect();
        if scored.len() > MAX_CANDIDATES {
            scored.select_nth_unstable(MAX_CANDIDATES);
            scored.truncate(MAX_CANDIDATES);
        }
        scored.sort_unstable();
        self.signatures.push(signature);
        scored.into_iter().map(|(_, c)| c).collect()
    }

    pub fn len(&self) -> usize {
        self.signatures.len()
    }

    pub fn is_empty(&self) -> bool {
        self.signatures.is_empty()
    }
}

/// MinHash of a block's word set: for each of [`SIGNATURE`] hash functions,
/// the smallest hash over its distinct words. Each word is mixed once
/// (splitmix64); hash function `i` is then one xor with a seed and one
/// multiply by an odd constant, keeping the high bits: cheap enough that
/// signing is a small share of the rule's time.
/// The seeds of the signature's hash functions, as two arrays (xors, then
/// multipliers) rather than pairs, so the loop over the slots vectorises.
struct Seeds {
    xors: [u64; SIGNATURE],
    muls: [u64; SIGNATURE],
}

fn minhash(tokens: &[Token]) -> [u32; SIGNATURE] {
    static SEEDS: std::sync::OnceLock<Seeds> = std::sync::OnceLock::new();
    let seeds = SEEDS.get_or_init(|| {
        let mut seeds = Seeds {
            xors: [0; SIGNATURE],
            muls: [0; SIGNATURE],
        };
        for i in 0..SIGNATURE {
            let n = i as u64;
            seeds.xors[i] = splitmix64(2 * n);
            seeds.muls[i] = splitmix64(2 * n + 1) | 1;
        }
        seeds
    });
    let mut keys: Vec<u64> = tokens.iter().map(|t| splitmix64(t.key)).collect();
    keys.sort_unstable();
    keys.dedup();
    let mut signature = [u32::MAX; SIGNATURE];
    for key in keys {
        for ((slot, xor), mul) in signature.iter_mut().zip(&seeds.xors).zip(&seeds.muls) {
            let h = ((key ^ xor).wrapping_mul(*mul) >> 32) as u32;
            *slot = (*slot).min(h);
        }
    }
    signature
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::repeats::tokens::tokens;

    #[test]
    fn minhash_candidates_find_near_copies_and_not_strangers() {
        let mut index = CandidateIndex::default();
        let first = tokens(
            "The Soyuz MS-09 spacecraft is launched with three members of the \
             Expedition 56 crew bound for the International Space Station",
        );
        let stranger = tokens(
            "Rogozin informed his American counterpart about a decision to \
             establish a commission to investigate the cause of the leak",
        );
        let copy = tokens(
            "The Soyuz MS-09 spacecraft was launched with three members of the \
             Expedition 56 crew bound for the International Space Station",
        );
        assert!(index.query_and_insert(&first).is_empty());
        assert!(index.query_and_insert(&stranger).is_empty());
        assert_eq!(index.query_and_insert(&copy), vec![0]);
    }
}
