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
/// the ones it holds (and with those of their other 19 bands), so only a
/// page of dozens of near-copies of one paragraph can lose a pairing. 16
/// rather than 32 halved the walks on a page of half a million look-alike
/// paragraphs (2.3 s of the rule's 4) and changed no finding on the corpus
/// or on eval seeds 1, 3 and 5.
const MAX_BUCKET: u32 = 16;
/// Candidates returned per block, those sharing the most bands first: at
/// most [`MAX_CANDIDATES`] of the up to [`BANDS`] × [`MAX_BUCKET`] blocks
/// met in its buckets are verified by a word diff. On a page where every
/// paragraph is alike (half a million "Paragraph N tells how the crew
/// ..."), each block meets the same few dozen, and this bound is what keeps
/// the rule linear. Ranking by bands shared rather than by whole
/// signatures (which are no longer kept) left the corpus's and the eval
/// kit's findings byte-identical, and so did 8 rather than 16 candidates
/// (eval seeds 1 to 5; a fifth of the time on that page).
const MAX_CANDIDATES: usize = 8;
/// Blocks entered in the index: later blocks are still looked up, against
/// these. Each entered block adds a key to each of its [`BANDS`] buckets,
/// about 20 × 16 bytes; on a page of half a million paragraphs the index
/// alone took 270 MB. The largest corpus page has a few thousand blocks, so
/// the cap only bounds hostile pages: there, a paragraph repeated after
/// the first 50,000 blocks is found if its first copy came before them.
const MAX_INDEXED_BLOCKS: u32 = 50_000;
/// The end of a bucket's chain in [`CandidateIndex::links`].
const NO_LINK: u32 = u32::MAX;

/// Finds, for each block in turn, earlier blocks that probably share most of
/// their words (Jaccard similarity of word sets), by locality-sensitive
/// hashing of MinHash signatures.
///
/// With 20 bands of 5 rows, two blocks whose word sets have a Jaccard
/// similarity of 0.75 (what a word-level similarity of about 0.85 implies)
/// become candidates with probability 0.99; unrelated prose (Jaccard about
/// 0.2) with probability under 0.01. Each block costs `O(words × 100)` to sign
/// and at most [`BANDS`] × [`MAX_BUCKET`] candidate look-ups.
///
/// Memory per block is a few words: buckets are chains in one array, not a
/// vector each, and signatures are not kept (candidates are ranked by how
/// many bands they share, which the look-ups count anyway).
#[derive(Default)]
pub struct CandidateIndex {
    /// Band key -> (newest link of the bucket's chain, blocks in it).
    buckets: FxHashMap<u64, (u32, u32)>,
    /// (block id, next link) of every bucket's chain.
    links: Vec<(u32, u32)>,
    /// Per block id: the id of the last block whose look-up met it, and in
    /// how many bands. Counting by stamp needs no per-query set.
    met: Vec<(u32, u32)>,
}

impl CandidateIndex {
    /// Signs a block (its token keys) and returns the ids of earlier inserted
    /// blocks that collide with it in some band, those colliding in the most
    /// bands first (ties: earliest first), at most [`MAX_CANDIDATES`]. The
    /// block is then inserted under the id returned by [`Self::len`] before
    /// the call.
    pub fn query_and_insert(&mut self, tokens: &[Token]) -> Vec<u32> {
        let signature = minhash(tokens);
        let Ok(id) = u32::try_from(self.met.len()) else {
            return Vec::new();
        };
        self.met.push((NO_LINK, 0));
        // The band keys and their buckets first, then the walks, then the
        // insertions: twenty independent look-ups in a table of millions
        // (a page of half a million paragraphs) overlap their cache misses
        // instead of waiting for each in turn.
        let keys: [u64; BANDS] = std::array::from_fn(|band| {
            let mut hasher = FxHasher::default();
            band.hash(&mut hasher);
            signature[band * ROWS..(band + 1) * ROWS].hash(&mut hasher);
            hasher.finish()
        });
        let heads: [(u32, u32); BANDS] = std::array::from_fn(|band| {
            self.buckets
                .get(&keys[band])
                .copied()
                .unwrap_or((NO_LINK, 0))
        });
        let mut candidates: Vec<u32> = Vec::new();
        for &(head, _) in &heads {
            let mut link = head;
            while let Some(&(c, next)) = self.links.get(link as usize) {
                if let Some(met) = self.met.get_mut(c as usize) {
                    if met.0 == id {
                        met.1 += 1;
                    } else {
                        *met = (id, 1);
                        candidates.push(c);
                    }
                }
                link = next;
            }
        }
        for key in keys {
            if id >= MAX_INDEXED_BLOCKS {
                break;
            }
            let bucket = self.buckets.entry(key).or_insert((NO_LINK, 0));
            if bucket.1 < MAX_BUCKET
                && let Ok(new) = u32::try_from(self.links.len())
            {
                self.links.push((id, bucket.0));
                *bucket = (new, bucket.1 + 1);
            }
        }
        // Ranked by one integer: bands shared (most first), then id.
        let bands = |c: u32| self.met.get(c as usize).map_or(0, |m| m.1);
        let mut scored: Vec<u64> = candidates
            .iter()
            .map(|&c| (u64::from(u32::MAX - bands(c)) << 32) | u64::from(c))
            .collect();
        if scored.len() > MAX_CANDIDATES {
            scored.select_nth_unstable(MAX_CANDIDATES);
            scored.truncate(MAX_CANDIDATES);
        }
        scored.sort_unstable();
        scored.into_iter().map(|s| s as u32).collect()
    }

    pub fn len(&self) -> usize {
        self.met.len()
    }

    pub fn is_empty(&self) -> bool {
        self.met.is_empty()
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

/// Words whose hash rows [`minhash`] remembers, per thread (a power of
/// two; 2,048 rows of 400 bytes). Prose repeats its common words in every
/// block, and a remembered row costs a hundred comparisons instead of a
/// hundred multiplications.
const CACHED_WORDS: usize = 2048;

/// The rows of [`CACHED_WORDS`] words, direct-mapped by their mixed key.
struct WordHashes {
    keys: Vec<u64>,
    rows: Vec<[u32; SIGNATURE]>,
}

thread_local! {
    static WORD_HASHES: std::cell::RefCell<Option<Box<WordHashes>>> =
        const { std::cell::RefCell::new(None) };
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
    let row = |key: u64| {
        let mut row = [0u32; SIGNATURE];
        for ((slot, xor), mul) in row.iter_mut().zip(&seeds.xors).zip(&seeds.muls) {
            *slot = ((key ^ xor).wrapping_mul(*mul) >> 32) as u32;
        }
        row
    };
    let mut signature = [u32::MAX; SIGNATURE];
    WORD_HASHES.with_borrow_mut(|cache| {
        let cache = cache.get_or_insert_with(|| {
            // Every entry starts as the word whose mixed key is 0, so an
            // entry's key always matches its row.
            Box::new(WordHashes {
                keys: vec![0; CACHED_WORDS],
                rows: vec![row(0); CACHED_WORDS],
            })
        });
        // The minimum over the words, repeats included: the same as over
        // the distinct words, without sorting them.
        for token in tokens {
            let key = splitmix64(token.key);
            let at = (key as usize) & (CACHED_WORDS - 1);
            if cache.keys[at] != key {
                cache.keys[at] = key;
                cache.rows[at] = row(key);
            }
            for (slot, h) in signature.iter_mut().zip(&cache.rows[at]) {
                *slot = (*slot).min(*h);
            }
        }
    });
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

    /// Past [`MAX_INDEXED_BLOCKS`], blocks are looked up but not entered:
    /// a copy of an early block is still found, the index stops growing.
    #[test]
    fn the_index_stops_growing_at_its_cap() {
        let mut index = CandidateIndex::default();
        let first = tokens("Soyuz MS-09 launched with three members of the Expedition 56 crew");
        assert!(index.query_and_insert(&first).is_empty());
        for n in 1..MAX_INDEXED_BLOCKS {
            // Distinct words per block: no two fillers are alike.
            let words = tokens(&format!("a{n} b{n} c{n} d{n} e{n} f{n} g{n} h{n}"));
            index.query_and_insert(&words);
        }
        let entries = index.links.len();
        let late = tokens("Rogozin informed his counterpart about a commission on the leak");
        index.query_and_insert(&late);
        assert_eq!(index.links.len(), entries, "nothing entered past the cap");
        assert!(index.query_and_insert(&late).is_empty());
        assert_eq!(index.query_and_insert(&first), vec![0]);
    }
}
