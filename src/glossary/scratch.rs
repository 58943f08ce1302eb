//! The per-page state of the near-miss search ([`super::near`]): what
//! it has learnt about the page so far, so that no page-wide work is done
//! twice and none is done before it is needed.
//!
//! - how often each spelling is printed (counted on first need, reading
//!   the blocks again one at a time);
//! - per word, what depends on the word alone (a glossary word? which
//!   glossary words are one edit away? known?), remembered because a page
//!   prints the same words again and again, and bounded so a page of
//!   millions of distinct words costs little memory;
//! - whether the page is English, asked once, and only if some word has a
//!   glossary word in reach.

use super::lexicon::Lexicon;
use super::matcher::{BlockText, tokenize_into};
use super::{Glossary, MatchOptions, is_glued};
use rustc_hash::{FxHashMap, FxHasher};
use std::cell::RefCell;
use std::hash::Hasher;

/// Per-page state of the near-miss search, built lazily: most pages have no
/// suspicious word at all.
pub(super) struct NearScratch<'s, 't> {
    /// The page's block count and texts, read again only to count words.
    count: usize,
    block: &'s dyn Fn(usize) -> BlockText<'t>,
    /// How often each spelling is printed in the page's prose
    /// (case-insensitive, by hash of the lowercased stem; words glued into
    /// handles and paths are not prose: "Design_Jeong").
    counts: Option<FxHashMap<u64, u32>>,
    /// What the search learnt about a word from the word alone (see
    /// [`Verdict`]), by its exact spelling: a page prints the same words
    /// again and again, and judging one costs word-list lookups and a
    /// fuzzy-index query.
    memo: FxHashMap<&'t str, Verdict>,
    /// Most words remembered at once; the memo is emptied when full, so a
    /// page of millions of distinct words costs bounded memory.
    memo_cap: usize,
    /// Reused buffer: the index candidates of the word being judged.
    pub(super) ids: Vec<u32>,
    /// Whether the page is English, asked on the first word that needs it.
    is_english: &'s dyn Fn() -> bool,
    english: Option<bool>,
    /// This thread's [`SEEN`] verdicts, taken for the page and given back
    /// when it is done: one thread-local access per page, not per word.
    seen: Seen,
}

/// What a page word is, judged without its context.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Verdict {
    /// A glossary word: never a near miss, nor its plural stem.
    glossary: bool,
    /// An English word, known name or inflection of one: asked only when
    /// it matters (most words have no glossary word in reach, and then it
    /// does not), `None` until then.
    known: Option<bool>,
    /// Glossary words one edit away that keep the word's first letter and
    /// digits: the only ones [`Glossary::judge_vocab_word`] can accept.
    ids: Box<[u32]>,
}

impl<'s, 't> NearScratch<'s, 't> {
    /// Words remembered per page by default: far more than an article's
    /// vocabulary, a few megabytes at most.
    pub(super) const MEMO_CAP: usize = 1 << 16;

    pub(super) fn new(
        count: usize,
        block: &'s dyn Fn(usize) -> BlockText<'t>,
        is_english: &'s dyn Fn() -> bool,
        memo_cap: usize,
    ) -> NearScratch<'s, 't> {
        NearScratch {
            count,
            block,
            counts: None,
            memo: FxHashMap::default(),
            memo_cap,
            ids: Vec::new(),
            is_english,
            english: None,
            seen: SEEN.with(|seen| seen.take()),
        }
    }

    /// `options` with `english` also requiring the page to be English
    /// (asked once per page, see [`Glossary::find_in_asking_english`]).
    pub(super) fn resolved(&mut self, options: &MatchOptions) -> MatchOptions {
        let is_english = self.is_english;
        let english = options.english && *self.english.get_or_insert_with(is_english);
        MatchOptions {
            english,
            ..options.clone()
        }
    }

    /// How often `word` is printed on the page, any case.
    pub(super) fn count(&mut self, word: &str) -> u32 {
        let (count, block) = (self.count, self.block);
        let counts = self.counts.get_or_insert_with(|| {
            let mut map = FxHashMap::default();
            let mut toks = Vec::new();
            for b in 0..count {
                let this = block(b);
                let text = this.text;
                tokenize_into(this, &mut toks);
                for t in toks.iter().filter(|t| !is_glued(text, t.start, t.end)) {
                    *map.entry(count_key(t.stem)).or_insert(0) += 1;
                }
            }
            map
        });
        counts.get(&count_key(word)).copied().unwrap_or(0)
    }

    /// Whether `word` is a glossary word ([`Glossary::verdict`]),
    /// remembered for the page; its candidate ids are left in `self.ids`.
    pub(super) fn verdict(&mut self, glossary: &Glossary, word: &'t str) -> bool {
        if let Some(v) = self.memo.get(word) {
            self.ids.clear();
            self.ids.extend_from_slice(&v.ids);
            return v.glossary;
        }
        if self.memo_cap == 0 {
            return glossary.verdict(word, &mut self.ids);
        }
        let is_glossary = self.seen.verdict(glossary, word, &mut self.ids);
        {
            if self.memo.len() >= self.memo_cap {
                self.memo.clear();
            }
            let v = Verdict {
                glossary: is_glossary,
                known: None,
                ids: self.ids.as_slice().into(),
            };
            self.memo.insert(word, v);
        }
        is_glossary
    }

    /// Whether `word` is known ([`Glossary::is_known`]), remembered with
    /// its verdict.
    pub(super) fn known(&mut self, glossary: &Glossary, word: &'t str) -> bool {
        if let Some(known) = self.memo.get(word).and_then(|v| v.known) {
            return known;
        }
        let known = glossary.is_known(word, Lexicon::get());
        if let Some(v) = self.memo.get_mut(word) {
            v.known = Some(known);
        }
        known
    }
}

impl Drop for NearScratch<'_, '_> {
    fn drop(&mut self) {
        let seen = std::mem::take(&mut self.seen);
        // During thread teardown the cache is gone already: nothing to keep.
        let _ = SEEN.try_with(|cell| cell.replace(seen));
    }
}

/// Most words [`SEEN`] holds per thread before it starts again: a few
/// megabytes.
const SEEN_CAP: usize = 1 << 17;

/// Verdicts (glossary word?, candidate ids) by spelling, for the glossary
/// with the id held.
#[derive(Default)]
struct Seen {
    owner: u64,
    words: FxHashMap<Box<str>, (bool, Box<[u32]>)>,
}

thread_local! {
    /// Verdicts this thread has already made on earlier pages: they depend
    /// on the word and the glossary alone, and most words of a page
    /// (common English words, the site's names) were on the pages before.
    /// A page's [`NearScratch`] holds them while it runs.
    static SEEN: RefCell<Seen> = RefCell::new(Seen::default());
}

impl Seen {
    /// [`Glossary::verdict`], remembered across the thread's pages.
    fn verdict(&mut self, glossary: &Glossary, word: &str, ids: &mut Vec<u32>) -> bool {
        if self.owner != glossary.id() {
            self.words.clear();
            self.owner = glossary.id();
        }
        if let Some((is_glossary, cached)) = self.words.get(word) {
            ids.clear();
            ids.extend_from_slice(cached);
            return *is_glossary;
        }
        let is_glossary = glossary.verdict(word, ids);
        if self.words.len() >= SEEN_CAP {
            self.words.clear();
        }
        self.words
            .insert(word.into(), (is_glossary, ids.as_slice().into()));
        is_glossary
    }
}

/// Hash of a word lowercased, typographic apostrophes made ASCII: the page
/// counts' key, computed without allocating.
fn count_key(word: &str) -> u64 {
    let mut h = FxHasher::default();
    for c in word.chars().flat_map(crate::text::chars::to_lowercase) {
        let c = if matches!(c, '\u{2019}' | '\u{2018}') {
            '\''
        } else {
            c
        };
        h.write_u32(c as u32);
    }
    h.finish()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::glossary::MatchOptions;

    #[test]
    fn page_counts_ignore_case_and_apostrophe_style() {
        assert_eq!(count_key("Sony\u{2019}s"), count_key("sony's"));
        assert_ne!(count_key("Sony"), count_key("Sonny"));
    }

    /// A page that repeats its misspellings, in several blocks and cases.
    const REPEATING: [&str; 4] = [
        "The Soyug-FG rocket rode to orbit, and a Soyug-FG stage fell away.",
        "The Soyuz-FG is old. Cgina and China and China met; China said so.",
        "Micrometeroid strikes: a micrometeroid hit the Soyug-FG again.",
        "Sonys and the Sony's, as Cgina said to the Spnys fans in Chna.",
    ];

    fn repeating_glossary() -> Glossary {
        let terms = Glossary::parse("t.txt", "Soyuz-FG\nChina\nmicrometeoroid\nSony\n", false)
            .expect("glossary parses");
        Glossary::from_terms(terms)
    }

    #[test]
    fn the_memo_changes_no_match() {
        let g = repeating_glossary();
        let block = |b: usize| BlockText::plain(REPEATING.get(b).copied().unwrap_or(""));
        let options = MatchOptions::default();
        let without = g.find_with_memo(REPEATING.len(), &block, &options, &|| true, 0);
        let with = g.find_with_memo(
            REPEATING.len(),
            &block,
            &options,
            &|| true,
            NearScratch::MEMO_CAP,
        );
        // A memo of one word is emptied at almost every new word.
        let tiny = g.find_with_memo(REPEATING.len(), &block, &options, &|| true, 1);
        assert_eq!(with, without);
        assert_eq!(tiny, without);
        let found: Vec<&str> = without
            .iter()
            .map(|m| &REPEATING[m.block][m.start..m.end])
            .collect();
        // "micrometeroid" twice, never the term: another word, not a slip.
        assert_eq!(
            found,
            [
                "Soyug-FG", "Soyug-FG", "Cgina", "Soyug-FG", "Cgina", "Spny", "Chna"
            ]
        );
    }

    #[test]
    fn the_page_language_is_asked_once_and_only_when_a_word_is_in_reach() {
        let g = repeating_glossary();
        let asked = std::cell::Cell::new(0);
        let ask = |answer: bool| {
            let asked = &asked;
            move || {
                asked.set(asked.get() + 1);
                answer
            }
        };
        let options = MatchOptions::default();
        let clean = ["The crew checked the hatch seals and went on with the day."];
        let found =
            g.find_in_asking_english(1, |b| BlockText::plain(clean[b]), &options, &ask(true));
        assert!(found.is_empty());
        assert_eq!(asked.get(), 0);
        for english in [true, false] {
            asked.set(0);
            let block = |b: usize| REPEATING[b];
            let lazy = g.find_in_asking_english(
                REPEATING.len(),
                |b| BlockText::plain(block(b)),
                &options,
                &ask(english),
            );
            assert_eq!(asked.get(), 1);
            let eager = MatchOptions {
                english,
                ..MatchOptions::default()
            };
            assert_eq!(lazy, g.find_in(REPEATING.len(), block, &eager), "{english}");
        }
    }

    #[test]
    fn the_pages_shared_words_give_the_same_matches_as_splitting_again() {
        let g = repeating_glossary();
        let shared: Vec<_> = REPEATING
            .iter()
            .map(|t| crate::repeats::tokens(t))
            .collect();
        let options = MatchOptions::default();
        let with_shared = |b: usize| BlockText {
            text: REPEATING[b],
            words: Some(shared[b].as_slice()),
        };
        let found = g.find_in_asking_english(REPEATING.len(), with_shared, &options, &|| true);
        assert_eq!(
            found,
            g.find_in(REPEATING.len(), |b| REPEATING[b], &options)
        );
        assert_eq!(found.len(), 7);
    }

    #[test]
    fn verdicts_kept_from_earlier_pages_belong_to_their_glossary() {
        let china = repeating_glossary();
        let terms = Glossary::parse("t.txt", "Soyuz-FG\n", false).expect("glossary parses");
        let other = Glossary::from_terms(terms);
        assert_ne!(china.id(), other.id());
        let block = |b: usize| BlockText::plain(REPEATING.get(b).copied().unwrap_or(""));
        let mut ids = Vec::new();
        for g in [&china, &other, &china] {
            // A fresh page each time: only the thread's cache carries over.
            let mut page = NearScratch::new(REPEATING.len(), &block, &|| true, 8);
            for word in ["Cgina", "Soyug-FG", "China"] {
                assert_eq!(page.verdict(g, word), g.verdict(word, &mut ids), "{word}");
                assert_eq!(page.ids, ids, "{word}");
            }
        }
    }

    #[test]
    fn the_memo_remembers_each_word_once_and_stays_bounded() {
        let g = repeating_glossary();
        let block = |b: usize| BlockText::plain(REPEATING.get(b).copied().unwrap_or(""));
        let mut scratch = NearScratch::new(REPEATING.len(), &block, &|| true, 3);
        let mut ids = Vec::new();
        let lex = Lexicon::get();
        for word in ["China", "Cgina", "Cgina", "Soyug-FG"] {
            let fresh = g.verdict(word, &mut ids);
            assert_eq!(scratch.verdict(&g, word), fresh, "{word}");
            assert_eq!(scratch.ids, ids, "{word}");
            assert!(scratch.memo.len() <= 3);
        }
        assert_eq!(scratch.memo.len(), 3);
        assert!(scratch.memo["China"].glossary);
        assert!(!scratch.memo["Soyug-FG"].ids.is_empty());
        // Whether a word is known is asked only when needed, then kept.
        assert_eq!(scratch.memo["Soyug-FG"].known, None);
        assert!(!scratch.known(&g, "Soyug-FG"));
        assert_eq!(scratch.memo["Soyug-FG"].known, Some(false));
        assert_eq!(scratch.known(&g, "Soyug-FG"), g.is_known("Soyug-FG", lex));
        // Past the cap the memo starts again rather than growing.
        assert_eq!(scratch.verdict(&g, "Chna"), g.verdict("Chna", &mut ids));
        assert_eq!(scratch.memo.len(), 1);
    }
}
