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
    /// An index with room for `blocks` blocks (at most [`MAX_INDEXED_BLOCKS`]
    /// of them entered), so a page's buckets are not rehashed as it grows.
    pub fn with_capacity(blocks: usize) -> Self {
        let entered = blocks.min(MAX_INDEXED_BLOCKS as usize);
        let mut index = CandidateIndex::default();
        index.buckets.reserve(entered * BANDS);
        index.links.reserve(entered * BANDS);
        index.met.reserve(blocks);
        index
    }

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

/// The seeds of the signature's hash functions. Hash function `i` of a
/// mixed word key `k` is bits 32..64 of `(k ^ xor[i]) * mul[i]` (64-bit
/// wrapping product); the seeds are kept split into 32-bit halves, because
/// those bits are `hi32(a_lo * m_lo) + a_hi * m_lo + a_lo * m_hi` (mod
/// 2^32) with `a = k ^ xor[i]`, `m = mul[i]`: three 32-bit multiplies,
/// which SSE2 vectorises four to a register, where a 64-bit multiply has
/// no vector instruction and is pieced together from the same three.
/// Measured: a fifth less time per row than the 64-bit form.
struct Seeds {
    xor_lo: [u32; SIGNATURE],
    xor_hi: [u32; SIGNATURE],
    mul_lo: [u32; SIGNATURE],
    mul_hi: [u32; SIGNATURE],
}

impl Seeds {
    fn get() -> &'static Seeds {
        static SEEDS: std::sync::OnceLock<Seeds> = std::sync::OnceLock::new();
        SEEDS.get_or_init(|| {
            let mut seeds = Seeds {
                xor_lo: [0; SIGNATURE],
                xor_hi: [0; SIGNATURE],
                mul_lo: [0; SIGNATURE],
                mul_hi: [0; SIGNATURE],
            };
            for i in 0..SIGNATURE {
                let n = i as u64;
                let (xor, mul) = (splitmix64(2 * n), splitmix64(2 * n + 1) | 1);
                seeds.xor_lo[i] = xor as u32;
                seeds.xor_hi[i] = (xor >> 32) as u32;
                seeds.mul_lo[i] = mul as u32;
                seeds.mul_hi[i] = (mul >> 32) as u32;
            }
            seeds
        })
    }

    /// Writes the [`SIGNATURE`] hashes of the word whose mixed key is
    /// `key` into `row`, each stored biased (see [`Biased`]).
    #[inline]
    fn fill_row(&self, key: u64, row: &mut [Biased; SIGNATURE]) {
        let (k_lo, k_hi) = (key as u32, (key >> 32) as u32);
        let halves = self
            .xor_lo
            .iter()
            .zip(&self.xor_hi)
            .zip(self.mul_lo.iter().zip(&self.mul_hi));
        for (slot, ((&x_lo, &x_hi), (&m_lo, &m_hi))) in row.iter_mut().zip(halves) {
            let (a_lo, a_hi) = (k_lo ^ x_lo, k_hi ^ x_hi);
            let carry = ((u64::from(a_lo) * u64::from(m_lo)) >> 32) as u32;
            let hash = carry
                .wrapping_add(a_hi.wrapping_mul(m_lo))
                .wrapping_add(a_lo.wrapping_mul(m_hi));
            *slot = bias(hash);
        }
    }
}

/// A hash stored as `hash ^ 0x8000_0000` read as signed: the order of the
/// signed values is the unsigned order of the hashes, and SSE2 compares
/// signed 32-bit integers only, so the minimum over unsigned values costs
/// two more instructions per register than over biased ones.
type Biased = i32;

fn bias(hash: u32) -> Biased {
    (hash ^ 0x8000_0000) as i32
}

fn unbias(value: Biased) -> u32 {
    (value as u32) ^ 0x8000_0000
}

/// Words whose hash rows [`minhash`] remembers, per thread (a power of
/// two; 2,048 rows of 400 bytes). Prose repeats its common words in every
/// block, and a remembered row costs a hundred comparisons instead of a
/// hundred multiplications.
const CACHED_WORDS: usize = 2048;

/// Signature values folded at once over a block's rows: five SSE2
/// registers of running minima that stay in registers across the rows (all
/// hundred would not fit, and spilled to the stack on every word).
const CHUNK: usize = 20;

/// The rows of [`CACHED_WORDS`] words, direct-mapped by their mixed key.
struct WordHashes {
    keys: Vec<u64>,
    rows: Vec<[Biased; SIGNATURE]>,
    /// Per row, the block ([`Self::block`]) that last took it into its
    /// signature: a word repeated in a block is folded in once.
    stamps: Vec<u32>,
    /// Counts the blocks signed on this thread (never 0 while signing).
    block: u32,
    /// The rows the current block folds in, reused between blocks.
    pending: Vec<u32>,
}

thread_local! {
    static WORD_HASHES: std::cell::RefCell<Option<Box<WordHashes>>> =
        const { std::cell::RefCell::new(None) };
}

/// `signature[i] = min(signature[i], row[i])` for every slot.
#[inline]
fn fold(signature: &mut [Biased; SIGNATURE], row: &[Biased; SIGNATURE]) {
    for (slot, h) in signature.iter_mut().zip(row) {
        *slot = (*slot).min(*h);
    }
}

/// MinHash of a block's word set: for each of [`SIGNATURE`] hash functions,
/// the smallest hash over its distinct words. Each word is mixed once
/// (splitmix64); hash function `i` is then one xor with a seed and one
/// multiply by an odd constant, keeping the high bits (see [`Seeds`]).
///
/// Two passes: the first finds each distinct word's row (computing rows
/// the cache lacks), the second takes the minima [`CHUNK`] slots at a time
/// over those rows. The minimum over the distinct words is the minimum over
/// all of them, so skipping repeats changes nothing.
fn minhash(tokens: &[Token]) -> [u32; SIGNATURE] {
    let seeds = Seeds::get();
    let mut signature = [Biased::MAX; SIGNATURE];
    WORD_HASHES.with_borrow_mut(|cache| {
        let cache = cache.get_or_insert_with(|| {
            // Every entry starts as the word whose mixed key is 0, so an
            // entry's key always matches its row.
            let mut zero = [0; SIGNATURE];
            seeds.fill_row(0, &mut zero);
            Box::new(WordHashes {
                keys: vec![0; CACHED_WORDS],
                rows: vec![zero; CACHED_WORDS],
                stamps: vec![0; CACHED_WORDS],
                block: 0,
                pending: Vec::new(),
            })
        });
        cache.block = cache.block.wrapping_add(1);
        if cache.block == 0 {
            cache.stamps.fill(0);
            cache.block = 1;
        }
        let block = cache.block;
        let mut pending = std::mem::take(&mut cache.pending);
        pending.clear();
        for token in tokens {
            let key = splitmix64(token.key);
            let at = (key as usize) & (CACHED_WORDS - 1);
            let taken = cache.stamps[at] == block;
            if cache.keys[at] == key {
                if !taken {
                    cache.stamps[at] = block;
                    pending.push(at as u32);
                }
                continue;
            }
            if taken {
                // Two words of this block share the entry: the first one's
                // row is folded in now, before the second replaces it.
                fold(&mut signature, &cache.rows[at]);
            } else {
                cache.stamps[at] = block;
                pending.push(at as u32);
            }
            cache.keys[at] = key;
            seeds.fill_row(key, &mut cache.rows[at]);
        }
        for (chunk, minima) in signature.chunks_exact_mut(CHUNK).enumerate() {
            let columns = chunk * CHUNK..(chunk + 1) * CHUNK;
            let mut acc = [Biased::MAX; CHUNK];
            for &at in &pending {
                let Some(row) = cache.rows.get(at as usize) else {
                    continue;
                };
                for (a, h) in acc.iter_mut().zip(&row[columns.clone()]) {
                    *a = (*a).min(*h);
                }
            }
            for (m, a) in minima.iter_mut().zip(&acc) {
                *m = (*m).min(*a);
            }
        }
        cache.pending = pending;
    });
    signature.map(unbias)
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

    /// The signature by its definition: per hash function, the smallest
    /// `(mix(key) ^ xor) * mul >> 32` over the words, in 64-bit arithmetic.
    fn reference(tokens: &[Token]) -> [u32; SIGNATURE] {
        std::array::from_fn(|i| {
            let n = i as u64;
            let (xor, mul) = (splitmix64(2 * n), splitmix64(2 * n + 1) | 1);
            tokens
                .iter()
                .map(|t| ((splitmix64(t.key) ^ xor).wrapping_mul(mul) >> 32) as u32)
                .min()
                .unwrap_or(u32::MAX)
        })
    }

    #[test]
    fn signatures_match_their_definition_with_repeats_and_shared_entries() {
        let mut words = tokens("one two three four five six seven eight nine ten");
        // Two keys that share a cache entry, in one block and twice each.
        let slot = |k: u64| (splitmix64(k) as usize) & (CACHED_WORDS - 1);
        let first = 12_345u64;
        let second = (first + 1..)
            .find(|&k| slot(k) == slot(first))
            .expect("keys sharing an entry exist");
        let shared = [first, second, first, second];
        for (t, key) in words.iter_mut().zip(shared) {
            t.key = key;
        }
        assert_eq!(minhash(&words), reference(&words));
        // Again with the rows cached, and for texts with repeated words.
        assert_eq!(minhash(&words), reference(&words));
        for text in [
            "the crew of the station and the crew of the ship",
            "a",
            "",
            "Soyuz MS-09 launched with three members of the Expedition 56 crew",
        ] {
            let t = tokens(text);
            assert_eq!(minhash(&t), reference(&t), "{text:?}");
            assert_eq!(minhash(&t), reference(&t), "{text:?}, cached");
        }
        // Extreme keys: the 32-bit split must carry exactly as 64 bits do.
        for key in [0, 1, u64::MAX, u64::MAX - 1, 1 << 32, (1 << 32) - 1] {
            let mut t = tokens("x");
            t[0].key = key;
            assert_eq!(minhash(&t), reference(&t), "key {key}");
        }
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
