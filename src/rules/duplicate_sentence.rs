//! ## What it does
//! Flags a sentence of at least `min_words` words that the article has
//! already printed, in another block or earlier in the same one.
//!
//! ## Why it matters
//! Editing moves sentences around; a cut that was pasted but never deleted
//! leaves the same sentence in two places, often paragraphs apart where no
//! one reading the draft remembers the first. A reader of the published page
//! does, and wonders what else was not checked.
//!
//! ## Example
//! ```html
//! <p>The crew sealed the hole with epoxy and gauze on Thursday morning. Pressure has held since.</p>
//! <p>Mission control confirmed the repair. The crew sealed the hole with epoxy and gauze on Thursday morning.</p>
//! ```
//! Flags the second "The crew sealed the hole ..." with the first as
//! "first printed here".
//!
//! Sentences are compared by their words, ignoring case and punctuation.
//! When the two blocks holding the sentence are the same paragraph printed
//! twice (exactly, or with a few words changed), the paragraph rules report
//! it and this rule stays quiet. Headings, table cells, hidden copies, blocks
//! that are mostly links or figures, and questions (interviews repeat them)
//! are not reported; a sentence repeated by a pull quote (an element
//! whose class contains `pullquote`, `pull-quote` or `pull_quote`, or an
//! `aside`) is reported as info at most, since that is what pull quotes do.
//! The page-design excuses of `duplicate-paragraph` apply to sentences in
//! two different blocks: captions repeated among captions, alternate
//! renderings, summary fields quoting the body, items of two different
//! lists, reference lists and titles marked by class.
//!
//! ## Options

use crate::diagnostic::{Diagnostic, Severity};
use crate::document::{Block, Document};
use crate::repeats::{
    DEFAULT_MAX_FIGURE_SHARE, DEFAULT_MAX_LINK_DENSITY, NEAR_DUPLICATE_SIMILARITY,
};
use crate::repeats::{
    ExcusedBlocks, PairExcuses, Token, is_prose_kind, is_pull_quote, is_question, kind_noun,
    normalise, severity_for, word_diff,
};
use crate::rules::repeat_filters::{MAX_FIGURE_SHARE, MAX_LINK_DENSITY, filters};
use crate::rules::{
    FixAvailability, OptionKind, OptionSpec, OptionsSchema, Rule, RuleContext, RuleMeta,
    RuleOptions,
};
use rustc_hash::{FxHashMap, FxHasher};
use serde::{Deserialize, Serialize};
use std::hash::{Hash, Hasher};
use std::ops::Range;

/// Ten words: a full clause. Shorter sentences that repeat are mostly stock
/// phrases and sign-offs.
const DEFAULT_MIN_WORDS: usize = 10;

pub struct DuplicateSentence;

static META: RuleMeta = RuleMeta {
    id: "duplicate-sentence",
    default_severity: Severity::Warning,
    enabled_by_default: true,
    summary: "A sentence printed twice in the article",
    fix: FixAvailability::None,
    source: include_str!("duplicate_sentence.rs"),
    options: OptionsSchema::of::<DuplicateSentenceOptions>(),
};

/// `[rules.duplicate-sentence]` options (documented by their specs below).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, rename_all = "kebab-case", deny_unknown_fields)]
pub struct DuplicateSentenceOptions {
    pub min_words: usize,
    pub max_link_density: f64,
    pub max_figure_share: f64,
}

impl Default for DuplicateSentenceOptions {
    fn default() -> Self {
        DuplicateSentenceOptions {
            min_words: DEFAULT_MIN_WORDS,
            max_link_density: DEFAULT_MAX_LINK_DENSITY,
            max_figure_share: DEFAULT_MAX_FIGURE_SHARE,
        }
    }
}

impl RuleOptions for DuplicateSentenceOptions {
    const SPECS: &'static [OptionSpec] = &[
        OptionSpec {
            name: "min-words",
            kind: OptionKind::at_least(1),
            doc: "Shorter sentences are never reported; stock phrases (\"Click here to subscribe to our \
                  newsletter\") repeat by design.",
        },
        MAX_LINK_DENSITY,
        MAX_FIGURE_SHARE,
    ];
}

/// Where a sentence was first printed: 20 bytes, one per distinct
/// sentence of the page (offsets fit: words are only read in a block's
/// first [`crate::repeats::tokens::MAX_BLOCK_BYTES`]).
#[derive(Clone, Copy)]
struct Seen {
    block: u32,
    /// Byte range of the sentence in the block text.
    span: (u32, u32),
    /// Token index range of the sentence in the block's tokens.
    words: (u32, u32),
}

impl Seen {
    fn new(block: usize, span: &Range<usize>, words: &Range<usize>) -> Option<Seen> {
        let n = |x: usize| u32::try_from(x).ok();
        Some(Seen {
            block: n(block)?,
            span: (n(span.start)?, n(span.end)?),
            words: (n(words.start)?, n(words.end)?),
        })
    }

    fn block(&self) -> usize {
        self.block as usize
    }

    fn span(&self) -> Range<usize> {
        self.span.0 as usize..self.span.1 as usize
    }

    fn words(&self) -> Range<usize> {
        self.words.0 as usize..self.words.1 as usize
    }
}

impl Rule for DuplicateSentence {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, doc: &Document, ctx: &RuleContext, out: &mut Vec<Diagnostic>) {
        let options = ctx.options::<DuplicateSentenceOptions>();
        let min_words = options.min_words.max(1);
        let filters = filters(options.max_link_density, options.max_figure_share);
        let mut excused = ExcusedBlocks::new(doc, filters);
        let pair_excuses = PairExcuses::new(doc);
        let mut first_seen: FxHashMap<u64, Seen> = FxHashMap::default();
        // Whether two blocks are the same paragraph; asked once per pair.
        let mut same_paragraph: FxHashMap<(usize, usize), bool> = FxHashMap::default();
        for (index, block) in doc.blocks.iter().enumerate() {
            if !is_prose_kind(block.kind) {
                continue;
            }
            let toks = ctx.facts.tokens(index);
            if toks.len() < min_words {
                continue;
            }
            for (span, words) in sentences(&block.text, toks) {
                if words.len() < min_words || is_question(&block.text[span.clone()]) {
                    continue;
                }
                let key = sentence_key(&toks[words.clone()]);
                let Some(seen) = first_seen.get(&key).copied() else {
                    if let Some(seen) = Seen::new(index, &span, &words) {
                        first_seen.insert(key, seen);
                    }
                    continue;
                };
                // Guard against hash collisions: the words must really match.
                let seen_tokens = ctx.facts.tokens(seen.block());
                let Some(seen_words) = seen_tokens.get(seen.words()) else {
                    continue;
                };
                let same_words = seen_words
                    .iter()
                    .map(|t| t.key)
                    .eq(toks[words.clone()].iter().map(|t| t.key));
                if !same_words {
                    continue;
                }
                let original = &doc.blocks[seen.block()];
                if seen.block() != index {
                    let duplicate = *same_paragraph
                        .entry((seen.block(), index))
                        .or_insert_with(|| whole_block_repeat(original, seen_tokens, block, toks));
                    if duplicate {
                        continue;
                    }
                }
                if excused.excuses(index, toks)
                    || (seen.block() != index
                        && (excused.excuses(seen.block(), seen_tokens)
                            || pair_excuses.excuse(original, block).is_some()))
                {
                    continue;
                }
                let pull_quote = is_pull_quote(doc, block) || is_pull_quote(doc, original);
                let message = if seen.block() == index {
                    format!(
                        "sentence repeats one printed earlier in the same {}",
                        kind_noun(block.kind)
                    )
                } else {
                    format!(
                        "sentence repeats one printed earlier in a {}",
                        kind_noun(original.kind)
                    )
                };
                let help = if pull_quote {
                    "a pull quote repeats text on purpose; check it still matches"
                } else {
                    "delete one of the copies"
                };
                out.push(
                    Diagnostic::new(
                        META.id,
                        severity_for(ctx.severity, pull_quote),
                        block.source_range(span.start, span.end),
                        message,
                    )
                    .with_selector(&block.selector)
                    .with_related(
                        original.source_range(seen.span().start, seen.span().end),
                        "first printed here",
                    )
                    .with_help(help),
                );
            }
        }
    }
}

/// Whether `later` is `first` printed again, exactly or nearly: the
/// paragraph rules report those, and a sentence finding would say it twice.
fn whole_block_repeat(
    first: &Block,
    first_tokens: &[Token],
    later: &Block,
    later_tokens: &[Token],
) -> bool {
    normalise(&first.text) == normalise(&later.text)
        || word_diff(first_tokens, later_tokens, NEAR_DUPLICATE_SIMILARITY)
            .is_some_and(|d| d.similarity >= NEAR_DUPLICATE_SIMILARITY)
}

/// A hash of a sentence's words (case and punctuation already folded out).
fn sentence_key(words: &[Token]) -> u64 {
    let mut hasher = FxHasher::default();
    for word in words {
        word.key.hash(&mut hasher);
    }
    hasher.finish()
}

/// Splits a block into sentences: each as its byte span in the text and the
/// range of its tokens.
///
/// A sentence ends at `.`, `!`, `?` or `…` (with any closing quotes or
/// brackets after it) followed by a space and a capital letter or an opening
/// quote, or at the end of the block. Abbreviations before a capital ("Dr.
/// Smith") split a sentence in two; both copies of a repeated sentence split
/// the same way, so repeats are still found.
fn sentences(text: &str, toks: &[Token]) -> Vec<(Range<usize>, Range<usize>)> {
    let bytes = text.as_bytes();
    let mut spans: Vec<Range<usize>> = Vec::new();
    let mut start = 0usize;
    let mut i = 0usize;
    // Stops are found with memchr: `.`, `!` and `?` are ASCII, and `…`
    // (three bytes) is the only other stop, looked for again only once the
    // scan has passed the last one found, so the whole search is linear.
    static ELLIPSIS: std::sync::LazyLock<memchr::memmem::Finder<'static>> =
        std::sync::LazyLock::new(|| memchr::memmem::Finder::new("\u{2026}"));
    let ellipsis = ELLIPSIS.needle().len();
    let mut next_ellipsis = ELLIPSIS.find(bytes);
    loop {
        if next_ellipsis.is_some_and(|at| at < i) {
            next_ellipsis = bytes
                .get(i..)
                .and_then(|rest| ELLIPSIS.find(rest))
                .map(|k| i + k);
        }
        let ascii = bytes
            .get(i..)
            .and_then(|rest| memchr::memchr3(b'.', b'!', b'?', rest))
            .map(|k| i + k);
        let (at, stop) = match (ascii, next_ellipsis) {
            (Some(a), Some(e)) if e < a => (e, ellipsis),
            (Some(a), _) => (a, 1),
            (None, Some(e)) => (e, ellipsis),
            (None, None) => break,
        };
        i = at;
        let mut end = i + stop;
        while let Some(d) = text.get(end..).and_then(|rest| rest.chars().next()) {
            if matches!(
                d,
                '.' | '!' | '?' | '"' | '\'' | ')' | ']' | '\u{201d}' | '\u{2019}' | '\u{bb}'
            ) {
                end += d.len_utf8();
            } else {
                break;
            }
        }
        i = end;
        let rest = &text[end..];
        let after_space = rest.trim_start();
        if after_space.len() == rest.len() && !rest.is_empty() {
            continue; // "3.5", "U.S.-led": no space after the stop.
        }
        let starts_sentence = after_space.chars().next().is_none_or(|n| {
            n.is_uppercase() || matches!(n, '"' | '\'' | '\u{201c}' | '\u{2018}' | '\u{ab}' | '(')
        });
        if starts_sentence {
            spans.push(start..end);
            start = end + (rest.len() - after_space.len());
        }
    }
    if start < text.len() {
        spans.push(start..text.len());
    }
    let mut out = Vec::with_capacity(spans.len());
    let mut next = 0usize;
    for span in spans {
        let first = next;
        while next < toks.len() && toks[next].start() < span.end {
            next += 1;
        }
        if next > first {
            out.push((span, first..next));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::repeats::tokens;

    fn split(text: &str) -> Vec<&str> {
        let toks = tokens(text);
        sentences(text, &toks)
            .into_iter()
            .map(|(span, _)| &text[span])
            .collect()
    }

    /// The splitter as first written, character by character: the
    /// definition the byte scan must agree with.
    fn reference_sentences(text: &str, toks: &[Token]) -> Vec<(Range<usize>, Range<usize>)> {
        let mut spans: Vec<Range<usize>> = Vec::new();
        let mut start = 0usize;
        let mut chars = text.char_indices().peekable();
        while let Some((i, c)) = chars.next() {
            if !matches!(c, '.' | '!' | '?' | '\u{2026}') {
                continue;
            }
            let mut end = i + c.len_utf8();
            while let Some(&(j, d)) = chars.peek() {
                if matches!(
                    d,
                    '.' | '!' | '?' | '"' | '\'' | ')' | ']' | '\u{201d}' | '\u{2019}' | '\u{bb}'
                ) {
                    end = j + d.len_utf8();
                    chars.next();
                } else {
                    break;
                }
            }
            let rest = &text[end..];
            let after_space = rest.trim_start();
            if after_space.len() == rest.len() && !rest.is_empty() {
                continue; // "3.5", "U.S.-led": no space after the stop.
            }
            let starts_sentence = after_space.chars().next().is_none_or(|n| {
                n.is_uppercase()
                    || matches!(n, '"' | '\'' | '\u{201c}' | '\u{2018}' | '\u{ab}' | '(')
            });
            if starts_sentence {
                spans.push(start..end);
                start = end + (rest.len() - after_space.len());
            }
        }
        if start < text.len() {
            spans.push(start..text.len());
        }
        let mut out = Vec::with_capacity(spans.len());
        let mut next = 0usize;
        for span in spans {
            let first = next;
            while next < toks.len() && toks[next].start() < span.end {
                next += 1;
            }
            if next > first {
                out.push((span, first..next));
            }
        }
        out
    }

    #[test]
    fn byte_scan_splits_as_the_character_scan_does() {
        let alphabet: Vec<char> =
            "aB .!?\u{2026}\"')]\u{201d}\u{2019}\u{bb}\u{201c}(\u{a0}\u{e9}\u{c9}\u{2003}3"
                .chars()
                .collect();
        let mut seed: u64 = 7;
        for _ in 0..20_000 {
            seed = crate::repeats::tokens::splitmix64(seed);
            let mut pick = seed;
            let text: String = (0..seed % 16)
                .map(|_| {
                    pick = crate::repeats::tokens::splitmix64(pick);
                    alphabet[(pick % alphabet.len() as u64) as usize]
                })
                .collect();
            let toks = tokens(&text);
            assert_eq!(
                sentences(&text, &toks),
                reference_sentences(&text, &toks),
                "{text:?}"
            );
        }
    }

    #[test]
    fn sentences_split_at_stops_before_capitals() {
        assert_eq!(
            split("It was 3.5 km. The U.S. team said “No.” Then it ended"),
            [
                "It was 3.5 km.",
                "The U.S. team said “No.”",
                "Then it ended"
            ]
        );
    }

    #[test]
    fn sentences_keep_lowercase_continuations() {
        assert_eq!(
            split("Ms. smith went home. Done."),
            ["Ms. smith went home.", "Done."]
        );
    }
}
