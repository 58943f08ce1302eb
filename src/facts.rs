//! Page facts: what several rules need to know about one page, computed at
//! most once per page, on first use, and shared by every rule that asks.
//!
//! The lint run makes one [`PageFacts`] per page and hands it to each rule
//! through its context, as ruff's rules reach the `Checker`: rules ask, the
//! facts compute. No rule writes anything here and no rule reads another's
//! results, so a rule's findings never depend on which other rules ran or
//! in which order. Each fact is a pure function of the page (and of the
//! run's glossary and credit patterns, fixed when the facts are made).
//!
//! Rules asking with their own options (an image size limit, a near-miss
//! length) get the cached answer when it was computed with the same value,
//! and a fresh one otherwise.

use crate::attribution::{
    ContentImage, Credit, CreditPatterns, PageMetadata, content_images, image_credit, page_metadata,
};
use crate::document::Document;
use crate::glossary::{BlockText, Glossary, Lexicon, Match, MatchKind, MatchOptions};
use crate::repeats::Token;
use crate::source::TextRange;
use std::borrow::Cow;
use std::cell::{Cell, OnceCell};

/// What the rules know about one page, built lazily.
pub struct PageFacts<'d> {
    doc: &'d Document<'d>,
    glossary: &'d Glossary,
    credit_patterns: &'d CreditPatterns,
    english: OnceCell<bool>,
    metadata: OnceCell<PageMetadata>,
    /// The content images, with the `min_size` they were sorted by.
    images: OnceCell<(u32, Vec<ContentImage>)>,
    /// Glossary matches with near misses, and the `min_length` used.
    glossary_with_near: OnceCell<(usize, Vec<Match>)>,
    /// Glossary matches without near misses, when no search with them ran.
    glossary_exact: OnceCell<Vec<Match>>,
    /// Every block's words, split, case-folded and hashed once.
    tokens: OnceCell<PageTokens>,
    /// A hash of each block's normalised text, made on first ask (0: not
    /// yet made).
    normalised: OnceCell<Vec<Cell<u64>>>,
}

/// Every block's words in one array, with where each block's run starts:
/// one allocation per page rather than one per block, which on a page of a
/// million tiny paragraphs was most of the words' memory.
struct PageTokens {
    all: Vec<Token>,
    /// `all[starts[b]..starts[b + 1]]` are block `b`'s words.
    starts: Vec<u32>,
}

impl PageTokens {
    /// Block `block`'s words (none for an index past the last block).
    fn block(&self, block: usize) -> &[Token] {
        match (self.starts.get(block), self.starts.get(block + 1)) {
            (Some(&start), Some(&end)) => self.all.get(start as usize..end as usize).unwrap_or(&[]),
            _ => &[],
        }
    }
}

impl std::fmt::Debug for PageFacts<'_> {
    /// Which facts were computed so far (the page itself is not printed).
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PageFacts")
            .field("path", &self.doc.source.path)
            .field("english", &self.english.get())
            .field("metadata", &self.metadata.get().is_some())
            .field("images", &self.images.get().map(|(_, i)| i.len()))
            .field(
                "glossary_matches",
                &self.glossary_with_near.get().map(|(_, m)| m.len()),
            )
            .finish_non_exhaustive()
    }
}

impl<'d> PageFacts<'d> {
    /// Facts about `doc`, matched against `glossary`, with the built-in
    /// credit patterns.
    pub fn new(doc: &'d Document<'d>, glossary: &'d Glossary) -> Self {
        PageFacts {
            doc,
            glossary,
            credit_patterns: CreditPatterns::builtin(),
            english: OnceCell::new(),
            metadata: OnceCell::new(),
            images: OnceCell::new(),
            glossary_with_near: OnceCell::new(),
            glossary_exact: OnceCell::new(),
            tokens: OnceCell::new(),
            normalised: OnceCell::new(),
        }
    }

    /// The same facts with the run's configured credit patterns.
    pub fn with_credit_patterns(mut self, patterns: &'d CreditPatterns) -> Self {
        self.credit_patterns = patterns;
        self
    }

    /// The page these facts are about.
    pub fn doc(&self) -> &'d Document<'d> {
        self.doc
    }

    /// The words of block `block` (an index into `doc.blocks`), each with
    /// its byte range and its case-folded hash ([`crate::repeats::tokens`]):
    /// split once per page, for every rule that reads words. Empty for an
    /// index past the last block.
    ///
    /// A page's words are counted in `u32`: past four billion words (a page
    /// far over any size limit) the later blocks read as having none.
    pub fn tokens(&self, block: usize) -> &[Token] {
        let page = self.tokens.get_or_init(|| {
            let mut all = Vec::new();
            let mut starts = Vec::with_capacity(self.doc.blocks.len() + 1);
            starts.push(0);
            for b in &self.doc.blocks {
                let before = all.len();
                crate::repeats::tokens_into(&b.text, &mut all);
                let end = u32::try_from(all.len()).unwrap_or_else(|_| {
                    all.truncate(before);
                    starts.last().copied().unwrap_or_default()
                });
                starts.push(end);
            }
            all.shrink_to_fit();
            PageTokens { all, starts }
        });
        page.block(block)
    }

    /// A hash of block `block`'s text as [`crate::repeats::normalise`]
    /// folds it for exact comparison, made once for the rules that compare
    /// paragraphs. Equal texts hash equal; a rule confirms equal hashes
    /// with [`crate::repeats::same_normalised`]. The texts are not kept:
    /// on a page of half a million paragraphs they doubled its memory.
    pub fn normalised_hash(&self, block: usize) -> u64 {
        let all = self
            .normalised
            .get_or_init(|| self.doc.blocks.iter().map(|_| Cell::new(0)).collect());
        match (all.get(block), self.doc.blocks.get(block)) {
            (Some(cell), Some(b)) => {
                if cell.get() == 0 {
                    cell.set(crate::repeats::normalised_hash(&b.text));
                }
                cell.get()
            }
            _ => 0,
        }
    }

    /// Whether the page is English enough for the English word lists to
    /// judge it: its `<html lang>` is absent, empty or English, and at least three
    /// quarters of its lowercase words of three letters or more are English
    /// words. The share catches pages that declare `lang="en"` but are
    /// written in German or Indonesian; real English prose scores well above
    /// 0.9.
    pub fn is_english(&self) -> bool {
        *self.english.get_or_init(|| english_share_high(self))
    }

    /// Bylines, headline, article signals and JSON-LD image credits.
    pub fn metadata(&self) -> &PageMetadata {
        self.metadata.get_or_init(|| page_metadata(self.doc))
    }

    /// The run's credit patterns: built-in plus the project's additions.
    pub fn credit_patterns(&self) -> &CreditPatterns {
        self.credit_patterns
    }

    /// The article's images, those `min_size` pixels or smaller exempt.
    pub fn content_images(&self, min_size: u32) -> Cow<'_, [ContentImage]> {
        let (size, images) = self
            .images
            .get_or_init(|| (min_size, content_images(self.doc, min_size)));
        if *size == min_size {
            Cow::Borrowed(images)
        } else {
            Cow::Owned(content_images(self.doc, min_size))
        }
    }

    /// The credit of a content image, if the page gives one.
    pub fn image_credit(&self, image: &ContentImage) -> Option<Credit> {
        image_credit(self.doc, image, self.credit_patterns, self.metadata())
    }

    /// Every glossary match in the page's blocks, with near misses (of words
    /// of at least `min_length` letters on the glossary's word alone, on
    /// English pages, see [`Self::is_english`]; shorter or non-English ones
    /// only where the page backs them), in block order.
    pub fn glossary_matches(&self, min_length: usize) -> Cow<'_, [Match]> {
        let (length, matches) = self
            .glossary_with_near
            .get_or_init(|| (min_length, self.search(min_length, true)));
        if *length == min_length {
            Cow::Borrowed(matches)
        } else {
            Cow::Owned(self.search(min_length, true))
        }
    }

    /// The glossary's `wrong` forms and accent-only variants on the page. They
    /// do not depend on near-miss settings, so a search made for
    /// [`Self::glossary_matches`] serves, and is not repeated.
    pub fn glossary_exact_matches(&self) -> impl Iterator<Item = &Match> {
        let all = match self.glossary_with_near.get() {
            Some((_, matches)) => matches,
            None => self
                .glossary_exact
                .get_or_init(|| self.search(MatchOptions::default().min_length, false)),
        };
        all.iter().filter(|m| m.kind != MatchKind::Near)
    }

    fn search(&self, min_length: usize, near: bool) -> Vec<Match> {
        if self.glossary.is_empty() {
            return Vec::new();
        }
        let options = MatchOptions {
            min_length,
            near,
            ..MatchOptions::default()
        };
        let blocks = &self.doc.blocks;
        let shared = self.tokens.get();
        // Near misses on the glossary's word alone need the English word
        // lists; elsewhere only the page's own evidence counts. Asked only
        // if some word comes within one edit of the glossary.
        self.glossary.find_in_asking_english(
            blocks.len(),
            |b| BlockText {
                text: blocks.get(b).map_or("", |block| block.text.as_str()),
                // Words another rule already split are read, not split again;
                // otherwise the matcher splits one block at a time, keeping
                // no page-wide word list alive for the glossary rules alone.
                words: shared.map(|page| page.block(b)),
            },
            &options,
            &|| self.is_english(),
        )
    }

    /// The words a glossary match flags, as printed in the block text.
    pub fn matched_text(&self, m: &Match) -> &'d str {
        self.doc
            .blocks
            .get(m.block)
            .and_then(|b| b.text.get(m.start..m.end))
            .unwrap_or_default()
    }

    /// Where a glossary match stands in the page.
    pub fn match_site(&self, m: &Match) -> Option<MatchSite<'d>> {
        let block = self.doc.blocks.get(m.block)?;
        let range = block.source_range(m.start, m.end);
        Some(MatchSite {
            range,
            selector: &block.selector,
            replaceable: self.doc.source.slice(range) == self.matched_text(m),
        })
    }

    /// " (in `Full Term`: note)" for a candidate term, whichever parts add
    /// something to the replacement itself.
    pub fn term_context(&self, term: u32, replacement: &str) -> String {
        let Some(term) = self.glossary.term(term) else {
            return String::new();
        };
        let full = (term.term != replacement).then(|| format!("in `{}`", term.term));
        let parts: Vec<String> = full.into_iter().chain(term.note.clone()).collect();
        if parts.is_empty() {
            String::new()
        } else {
            format!(" ({})", parts.join(": "))
        }
    }
}

/// Where a glossary match stands: what a finding about it points at.
#[derive(Debug, Clone, Copy)]
pub struct MatchSite<'d> {
    /// The flagged words in the source.
    pub range: TextRange,
    /// The selector of the block holding them.
    pub selector: &'d str,
    /// Whether the source of the range is exactly the flagged text (no
    /// markup or character references inside, which a replacement would
    /// destroy), so a fix may replace it.
    pub replaceable: bool,
}

fn english_share_high(facts: &PageFacts) -> bool {
    let doc = facts.doc;
    // An empty `lang` means "unknown", like none at all (HTML spec).
    let lang = doc.html.dom.root_element().value().attr("lang");
    if lang
        .is_some_and(|l| !l.trim().is_empty() && !l.trim().to_ascii_lowercase().starts_with("en"))
    {
        return false;
    }
    let lex = Lexicon::get();
    let (mut english, mut total) = (0usize, 0usize);
    let counted = |word: &str| {
        if word.is_ascii() {
            word.len() >= 3 && word.bytes().all(|b| b.is_ascii_lowercase())
        } else {
            word.chars().nth(2).is_some() && word.chars().all(crate::text::chars::is_lowercase)
        }
    };
    // The words another rule already split are read again; otherwise they
    // are split here a block at a time, so that a rule that needs only this
    // share (the glossary rules) does not keep every word of a huge page.
    match facts.tokens.get() {
        Some(page) => {
            // Each word is looked up as it comes: a page's frequent words
            // stay cached in the word list, and a map of the words already
            // seen cost more than the lookups it saved (measured over the
            // corpus).
            for (index, block) in doc.blocks.iter().enumerate() {
                for t in page.block(index) {
                    let word = block.text.get(t.range()).unwrap_or_default();
                    if counted(word) {
                        total += 1;
                        english += usize::from(lex.is_english(word));
                    }
                }
            }
        }
        None => {
            for block in &doc.blocks {
                for w in crate::text::words(&block.text).filter(|w| counted(w.text)) {
                    total += 1;
                    english += usize::from(lex.is_english(w.text));
                }
            }
        }
    }
    total == 0 || english * 4 >= total * 3
}

/// Which facts a lint run needed (tests and benchmarks check that a
/// switched-off rule costs nothing).
impl PageFacts<'_> {
    /// The names of the facts computed so far: `english`, `metadata`,
    /// `images`, `glossary`, `tokens`, `normalised`.
    pub fn computed(&self) -> Vec<&'static str> {
        let glossary =
            self.glossary_with_near.get().is_some() || self.glossary_exact.get().is_some();
        [
            ("english", self.english.get().is_some()),
            ("metadata", self.metadata.get().is_some()),
            ("images", self.images.get().is_some()),
            ("glossary", glossary),
            ("tokens", self.tokens.get().is_some()),
            ("normalised", self.normalised.get().is_some()),
        ]
        .into_iter()
        .filter_map(|(name, done)| done.then_some(name))
        .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::SourceFile;

    const PAGE: &str = "<html><body><article><h1>Launch</h1>\
        <img src=\"/a/big.jpg\" width=\"400\"><img src=\"/a/small.jpg\" width=\"150\">\
        <p>Text.</p></article></body></html>";

    fn exempt(images: &[ContentImage]) -> Vec<bool> {
        images.iter().map(|i| i.exempt.is_some()).collect()
    }

    #[test]
    fn images_asked_for_with_another_size_are_judged_by_that_size() {
        let source = SourceFile::from_text("t.html", PAGE);
        let doc = Document::parse(&source).unwrap();
        let glossary = Glossary::default();
        let facts = PageFacts::new(&doc, &glossary);
        assert_eq!(exempt(&facts.content_images(100)), [false, false]);
        assert_eq!(exempt(&facts.content_images(200)), [false, true]);
        assert!(matches!(facts.content_images(100), Cow::Borrowed(_)));
    }

    #[test]
    fn the_headline_is_part_of_the_metadata() {
        let source = SourceFile::from_text("t.html", PAGE);
        let doc = Document::parse(&source).unwrap();
        let glossary = Glossary::default();
        let facts = PageFacts::new(&doc, &glossary);
        let h1 = facts
            .metadata()
            .headline
            .and_then(|h| doc.html.start_tag(h));
        assert_eq!(h1.map(|r| source.slice(r)), Some("<h1>"));
    }
}
