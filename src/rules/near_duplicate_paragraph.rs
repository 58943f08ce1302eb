//! ## What it does
//! Flags a paragraph, caption, quote or list item that repeats an earlier one
//! with a few words changed, and names the words that differ:
//! `paragraph nearly repeats an earlier caption (96% similar): "was" here, "is" there`.
//!
//! ## Why it matters
//! The commonest form of a repeated block is not an exact copy: a photo
//! caption is pasted into the body and then lightly edited ("is launched"
//! becomes "was launched"), or a paragraph survives twice across two rounds of
//! editing. Exact-match checks miss it, and so do readers of the draft, who
//! see two slightly different texts; the published page shows the repeat.
//!
//! ## Example
//! ```html
//! <figcaption>The Soyuz MS-09 spacecraft is launched with three members of the Expedition 56 crew.</figcaption>
//! <p>The Soyuz MS-09 spacecraft was launched with three members of the Expedition 56 crew.</p>
//! ```
//! Flags the paragraph, highlights "was" in it and "is" in the caption.
//!
//! Similarity is counted in words: one minus the number of words to insert,
//! delete or replace to turn one block into the other, divided by the longer
//! block's length. Blocks of 15 words or more may also differ in up to
//! three words whatever their similarity (a 16-word caption with three
//! words changed is 81% similar and still plainly one text), unless the
//! threshold is set above its default. Exact repeats are left to
//! `duplicate-paragraph`. The same
//! block kinds, minimum length, link-density and pull-quote rules apply as
//! there: headings, table cells, short blocks, menus, hidden copies and
//! lists of figures are never reported; pull quotes are reported as info at
//! most. Two copies that differ only in figures ("8 oz." here, "4 oz."
//! there; "item 22222", "item 33333") or only in names put in place of
//! names ("Faces Places is currently streaming on Netflix", "Princess Cyd
//! is currently streaming on Netflix") are a series written from one
//! template and are not reported, nor are two versions of a question put
//! to different guests (a block that is mostly its question; a paragraph
//! that merely ends on one, "... Wait, what?", is prose). The
//! page-design excuses of `duplicate-paragraph` apply too: captions
//! repeated among captions (a gallery), alternate renderings
//! (`caption-full`/`caption-truncated`, mobile/desktop), summary fields
//! quoting the body, items of two different lists, reference lists and
//! titles marked by class.
//!
//! Blocks are not compared pairwise: each is signed (MinHash over its words)
//! and only earlier blocks that share a signature band are scored, so the
//! cost grows with the length of the page, not its square.
//!
//! ## Options

use crate::diagnostic::{Diagnostic, Severity};
use crate::document::{Block, BlockKind, Document};
use crate::repeats::{
    CandidateIndex, ExcusedBlocks, FirstCopies, PairExcuses, TemplateIndex, Token, WordDiff,
    is_caption, is_name_or_figure, is_prose_kind, is_pull_quote, is_question_block, kind_noun,
    severity_for, token_range, token_text, tokens, word_diff, word_similarity,
};
use crate::repeats::{DEFAULT_MAX_FIGURE_SHARE, DEFAULT_MAX_LINK_DENSITY};
use crate::rules::repeat_filters::{MAX_FIGURE_SHARE, MAX_LINK_DENSITY, filters};
use crate::rules::{
    FixAvailability, OptionKind, OptionSpec, OptionsSchema, Rule, RuleContext, RuleMeta,
    RuleOptions,
};
use serde::{Deserialize, Serialize};

/// The default `threshold`, shared with `duplicate-sentence` through
/// [`crate::repeats::NEAR_DUPLICATE_SIMILARITY`], where it is explained.
pub const DEFAULT_THRESHOLD: f64 = crate::repeats::NEAR_DUPLICATE_SIMILARITY;
/// Ten words: below that a single changed word already drops a pair under
/// the threshold, and short lines ("Photo: Reuters") differ by design.
pub const DEFAULT_MIN_WORDS: usize = 10;
/// Differences spelled out in the message; the rest are counted.
const SHOWN_HUNKS: usize = 3;
/// Characters of one difference quoted in the message.
const QUOTED_CHARS: usize = 40;

pub struct NearDuplicateParagraph;

static META: RuleMeta = RuleMeta {
    id: "near-duplicate-paragraph",
    default_severity: Severity::Warning,
    enabled_by_default: true,
    summary: "A paragraph or caption printed twice with a few words changed",
    fix: FixAvailability::None,
    source: include_str!("near_duplicate_paragraph.rs"),
    options: OptionsSchema::of::<NearDuplicateParagraphOptions>(),
};

/// `[rules.near-duplicate-paragraph]` options (documented by their specs below).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, rename_all = "kebab-case", deny_unknown_fields)]
pub struct NearDuplicateParagraphOptions {
    pub threshold: f64,
    pub min_words: usize,
    pub max_link_density: f64,
    pub max_figure_share: f64,
}

impl Default for NearDuplicateParagraphOptions {
    fn default() -> Self {
        NearDuplicateParagraphOptions {
            threshold: DEFAULT_THRESHOLD,
            min_words: DEFAULT_MIN_WORDS,
            max_link_density: DEFAULT_MAX_LINK_DENSITY,
            max_figure_share: DEFAULT_MAX_FIGURE_SHARE,
        }
    }
}

impl RuleOptions for NearDuplicateParagraphOptions {
    const SPECS: &'static [OptionSpec] = &[
        OptionSpec {
            name: "threshold",
            kind: OptionKind::FRACTION,
            doc: "The similarity at or above which two blocks are reported. At 0.85 a \
                  20-word caption may differ in 3 words; two different paragraphs on one \
                  subject stay far below it.",
        },
        OptionSpec {
            name: "min-words",
            kind: OptionKind::at_least(1),
            doc: "Blocks with fewer words are never compared (one changed word in a short line \
                  is a different line).",
        },
        MAX_LINK_DENSITY,
        MAX_FIGURE_SHARE,
    ];
}

/// A block taking part in the comparison: its words are the page facts'
/// (`bare: None`), or the caption's words without its credit, a range of
/// the rule's own array. Nothing is copied per block.
struct Entry {
    block: usize,
    /// `(start, end)` in the bare words' array, for a caption's bare words.
    bare: Option<(u32, u32)>,
}

impl Rule for NearDuplicateParagraph {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, doc: &Document, ctx: &RuleContext, out: &mut Vec<Diagnostic>) {
        let options = ctx.options::<NearDuplicateParagraphOptions>();
        let threshold = options.threshold;
        let min_words = options.min_words.max(1);
        let filters = filters(options.max_link_density, options.max_figure_share);
        let mut excused_blocks = ExcusedBlocks::new(doc, filters);
        let pair_excuses = PairExcuses::new(doc);
        let credit_patterns = ctx.facts.credit_patterns();
        let mut exact = FirstCopies::default();
        let compared = (0..doc.blocks.len())
            .filter(|&b| {
                is_prose_kind(doc.blocks[b].kind) && ctx.facts.tokens(b).len() >= min_words
            })
            .count();
        let mut index = CandidateIndex::with_capacity(compared);
        // Entries in index order: entry `i` was inserted as candidate id `i`.
        let mut entries: Vec<Entry> = Vec::new();
        // The words of captions without their credits, for `Entry::bare`.
        let mut bare_words: Vec<Token> = Vec::new();
        // The page's template lines, for pairs admitted by the edit allowance.
        let mut templates = TemplateIndex::default();
        for (block_index, block) in doc.blocks.iter().enumerate() {
            if is_prose_kind(block.kind) {
                templates.insert_tokens(&block.text, ctx.facts.tokens(block_index));
            }
        }
        for (block_index, block) in doc.blocks.iter().enumerate() {
            if !is_prose_kind(block.kind) {
                continue;
            }
            let full = ctx.facts.tokens(block_index);
            if full.len() < min_words {
                continue;
            }
            // An exact repeat is duplicate-paragraph's finding; it would also
            // match everything its first copy matches.
            let hash = ctx.facts.normalised_hash(block_index);
            if exact
                .first_or_insert(hash, block_index, |b| &doc.blocks[b].text)
                .is_some()
            {
                continue;
            }
            // A caption with a credit is also compared without it: a caption
            // echoed into the body drops the credit ("... at dusk. Photo:
            // NAME"), and the credit's words would hide the echo.
            let mut bare: Option<Vec<Token>> = None;
            if block.kind == BlockKind::Caption || is_caption(doc, block) {
                let credit = credit_patterns
                    .find_credit(&block.text)
                    .filter(|&at| at > 0);
                bare = credit.and_then(|at| block.text.get(..at)).map(tokens);
            }
            let mut reported = false;
            // Variant 0 is the block's own words, 1 the caption without
            // its credit.
            for (variant, block_tokens) in [Some(full), bare.as_deref()]
                .into_iter()
                .flatten()
                .enumerate()
            {
                if block_tokens.len() < min_words {
                    continue;
                }
                let words_of = |e: &Entry| match &e.bare {
                    None => ctx.facts.tokens(e.block),
                    Some((start, end)) => bare_words
                        .get(*start as usize..*end as usize)
                        .unwrap_or(&[]),
                };
                let candidates = index.query_and_insert(block_tokens);
                // Each candidate is screened by its similarity alone; only
                // the best is diffed in full, for its differences.
                let best = candidates
                    .iter()
                    .filter_map(|&c| entries.get(c as usize))
                    .filter(|e| e.block != block_index)
                    .filter_map(|e| {
                        let first_tokens = words_of(e);
                        let needed =
                            pair_threshold(threshold, first_tokens.len(), block_tokens.len());
                        if !length_allows(first_tokens.len(), block_tokens.len(), needed) {
                            return None;
                        }
                        word_similarity(first_tokens, block_tokens, needed)
                            .filter(|&similarity| similarity >= needed)
                            .map(|similarity| (e, similarity, needed))
                    })
                    .max_by(|(x, sx, _), (y, sy, _)| {
                        // Most similar; among equals, the earliest copy.
                        sx.total_cmp(sy).then(y.block.cmp(&x.block))
                    })
                    .and_then(|(e, _, needed)| {
                        word_diff(words_of(e), block_tokens, needed).map(|diff| (e, diff))
                    });
                if let Some((first, diff)) = best {
                    let first_tokens = words_of(first);
                    let original = &doc.blocks[first.block];
                    // A caption and a body paragraph are never one template
                    // series: a caption echoed into the body with its first word
                    // changed ("Farmers take ...", "Growers take ...") is a slip,
                    // however capitalised the changed word is.
                    // Below the threshold (admitted by the edit allowance),
                    // a name put in place of a name says this is another
                    // item of a series with its wording varied ("X is
                    // currently streaming on Hulu ..."), not one text
                    // printed twice; at a block's start only where the page
                    // prints other lines of the series.
                    let slots = if diff.similarity >= threshold {
                        Some(Slots::All)
                    } else if templates.is_template(&original.text)
                        || templates.is_template(&block.text)
                    {
                        Some(Slots::Any)
                    } else {
                        Some(Slots::AnyInside)
                    };
                    let excused = (is_question_block(&block.text)
                        && is_question_block(&original.text))
                        || (is_caption(doc, original) == is_caption(doc, block)
                            && slots.is_some_and(|slots| {
                                slots_differ(
                                    slots,
                                    &diff,
                                    first_tokens,
                                    block_tokens,
                                    original,
                                    block,
                                )
                            }))
                        || excused_blocks.excuses(block_index, block_tokens)
                        || excused_blocks.excuses(first.block, first_tokens)
                        || pair_excuses.excuse(original, block).is_some();
                    if !excused && !reported {
                        reported = true;
                        out.push(report(
                            doc,
                            ctx,
                            (original, first_tokens),
                            (block, block_tokens),
                            &diff,
                        ));
                    }
                }
                // Captions' bare words are few; past four billion of them
                // a caption's bare entry is empty, and matches nothing.
                let bare = (variant > 0).then(|| {
                    let start = u32::try_from(bare_words.len()).ok();
                    bare_words.extend_from_slice(block_tokens);
                    match (start, u32::try_from(bare_words.len()).ok()) {
                        (Some(start), Some(end)) => (start, end),
                        _ => (0, 0),
                    }
                });
                entries.push(Entry {
                    block: block_index,
                    bare,
                });
            }
        }
    }
}

/// How many differences must be template slots for a pair to be a series.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Slots {
    /// Every one: what makes a pair at or above the threshold a series.
    All,
    /// At least one, on a page that prints other lines of the series.
    Any,
    /// At least one, not at the start of a block, where a capital says
    /// nothing ("Farmers take ..." / "Growers take ..." is an echo, but
    /// "... against Northport go on sale on Monday" / "... against
    /// Eastleigh go on sale on Thursday" are two announcements).
    AnyInside,
}

/// Whether every difference (`Slots::All`), or at least one
/// (`Slots::Any`, `Slots::AnyInside`), is a template slot: figures ("8
/// oz." here, "4 oz." there), or names put in place of names ("Princess
/// Cyd is currently streaming on Netflix", "Faces Places is currently
/// streaming on Netflix"). A series of items, days, servings or titles
/// written from one template, not a paragraph printed twice. A name
/// inserted or deleted is not a slot: it changes what the sentence says.
fn slots_differ(
    slots: Slots,
    diff: &WordDiff,
    first_tokens: &[Token],
    later_tokens: &[Token],
    first: &Block,
    later: &Block,
) -> bool {
    let all = |block: &Block, toks: &[Token], range: std::ops::Range<usize>, names: bool| {
        toks.get(range).is_some_and(|ts| {
            ts.iter().all(|t| {
                if names {
                    is_name_or_figure(&block.text, t)
                } else {
                    block.text[t.range()].chars().all(char::is_numeric)
                }
            })
        })
    };
    let is_slot = |h: &crate::repeats::Hunk| {
        let figures = all(first, first_tokens, h.a.clone(), false)
            && all(later, later_tokens, h.b.clone(), false);
        let names = !h.a.is_empty()
            && !h.b.is_empty()
            && all(first, first_tokens, h.a.clone(), true)
            && all(later, later_tokens, h.b.clone(), true);
        figures || names
    };
    match slots {
        Slots::All => !diff.hunks.is_empty() && diff.hunks.iter().all(is_slot),
        Slots::Any => diff.hunks.iter().any(is_slot),
        Slots::AnyInside => diff
            .hunks
            .iter()
            .any(|h| h.a.start > 0 && h.b.start > 0 && is_slot(h)),
    }
}

/// Words in which two blocks of [`EDIT_ALLOWANCE_MIN_WORDS`] words or more
/// may always differ. A 16-word caption echoed with three words changed
/// ("Farmers watch..." / "Growers watched...") is 81% similar, under the
/// default threshold, yet as plainly the same text as a long paragraph
/// with three changes; lowering the threshold for every length would let
/// long paragraphs about one subject through instead.
const EDIT_ALLOWANCE: usize = 3;
/// The shortest block the [`EDIT_ALLOWANCE`] applies to: in fewer words
/// three changes make another sentence ("Tickets go on sale Monday").
const EDIT_ALLOWANCE_MIN_WORDS: usize = 15;

/// The similarity a pair of blocks of `a` and `b` words must reach: the
/// configured threshold, or less for short blocks within the
/// [`EDIT_ALLOWANCE`]. A threshold set above the default is kept as set.
fn pair_threshold(threshold: f64, a: usize, b: usize) -> f64 {
    let (short, long) = (a.min(b), a.max(b));
    if threshold > DEFAULT_THRESHOLD || short < EDIT_ALLOWANCE_MIN_WORDS {
        return threshold;
    }
    // Rounded down to the edit count: 1 - 3/16 must admit 3 edits in 16.
    let allowance = 1.0 - EDIT_ALLOWANCE as f64 / long as f64 - 1e-9;
    threshold.min(allowance)
}

/// Whether two lengths can reach the threshold at all: the similarity is at
/// most `shorter / longer`.
fn length_allows(a: usize, b: usize, threshold: f64) -> bool {
    let (short, long) = (a.min(b), a.max(b));
    long > 0 && short as f64 / long as f64 >= threshold
}

/// The diagnostic for `later`, a near copy of `first`. In the diff, `a` is
/// the first copy and `b` the later one.
fn report(
    doc: &Document,
    ctx: &RuleContext,
    (first, first_tokens): (&Block, &[Token]),
    (later, later_tokens): (&Block, &[Token]),
    diff: &WordDiff,
) -> Diagnostic {
    let pull_quote = is_pull_quote(doc, later) || is_pull_quote(doc, first);
    let percent = (diff.similarity * 100.0).floor() as u32;
    let (here, there) = (kind_noun(later.kind), kind_noun(first.kind));
    let subject = if here == there {
        format!("{here} nearly repeats an earlier one ({percent}% similar)")
    } else {
        format!("{here} nearly repeats an earlier {there} ({percent}% similar)")
    };
    let mut differences: Vec<String> = diff
        .hunks
        .iter()
        .take(SHOWN_HUNKS)
        .map(|h| {
            format!(
                "{} here, {} there",
                quoted(token_text(later, later_tokens, h.b.clone())),
                quoted(token_text(first, first_tokens, h.a.clone()))
            )
        })
        .collect();
    if diff.hunks.len() > SHOWN_HUNKS {
        differences.push(format!(
            "and {} more differences",
            diff.hunks.len() - SHOWN_HUNKS
        ));
    }
    let message = if differences.is_empty() {
        format!("{subject}: the same words, with different punctuation")
    } else {
        format!("{subject}: {}", differences.join("; "))
    };
    let help = if pull_quote {
        "a pull quote repeats text on purpose; check it still matches"
    } else {
        "delete one of the copies, or rewrite one so it adds something"
    };
    let mut diagnostic = Diagnostic::new(
        META.id,
        severity_for(ctx.severity, pull_quote),
        later.range(),
        message,
    )
    .with_selector(&later.selector)
    .with_related(first.range(), "first printed here")
    .with_help(help);
    for hunk in &diff.hunks {
        for (block, toks, range) in [
            (later, later_tokens, hunk.b.clone()),
            (first, first_tokens, hunk.a.clone()),
        ] {
            if !range.is_empty() {
                diagnostic = diagnostic.with_emphasis(token_range(block, toks, range));
            }
        }
    }
    diagnostic
}

/// A difference as quoted in the message: `"was"`, `nothing` for a missing
/// word, cut with `…` when long.
fn quoted(text: &str) -> String {
    if text.is_empty() {
        return "nothing".to_owned();
    }
    if text.chars().count() <= QUOTED_CHARS {
        return format!("\"{text}\"");
    }
    let cut: String = text.chars().take(QUOTED_CHARS).collect();
    format!("\"{}…\"", cut.trim_end())
}
