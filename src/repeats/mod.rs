//! What the repeated-content rules (`duplicate-paragraph`,
//! `near-duplicate-paragraph`, `duplicate-sentence`) share: a page analysis,
//! not a rule, so it sits below `rules/` and no rule imports another.
//!
//! One file per idea:
//! - [`tokens`]: words with hashed, case- and quote-folded keys, and the
//!   normalised text two exact copies share;
//! - [`exact`]: exact repeats found by hash of the normalised text;
//! - [`excuses`]: per-block tests that make a copy not prose a reader sees
//!   twice (hidden, tabular, navigation, figures, references, titles, pull
//!   quotes);
//! - [`pairs`]: tests that excuse a pair of copies by where the two sit on
//!   the page (gallery captions, renderings, summaries, parallel lists);
//! - [`templates`]: repeats that are the page's format, told from the text
//!   alone (lines from one template, questions);
//! - [`diff`]: a banded word-level diff, for similarity and hunks;
//! - [`minhash`]: a MinHash/LSH index that finds near-duplicate candidates
//!   without comparing every block with every other.
//!
//! Everything here is linear in the size of the page, or bounded by a
//! constant per block, so a page of tens of thousands of paragraphs costs
//! about as much as reading it.

use crate::document::BlockKind;

pub mod diff;
pub mod exact;
pub mod excuses;
pub mod minhash;
pub mod pairs;
pub mod templates;
pub mod tokens;

pub use diff::{Hunk, NEAR_DUPLICATE_SIMILARITY, WordDiff, word_diff, word_similarity};
pub use exact::FirstCopies;
pub use excuses::{
    DEFAULT_MAX_FIGURE_SHARE, DEFAULT_MAX_LINK_DENSITY, ExcusedBlocks, Filters, figure_share,
    is_hidden_or_tabular, is_pull_quote, is_reference, is_title_by_role, link_density,
    severity_for,
};
pub use minhash::CandidateIndex;
pub use pairs::{PairExcuses, is_caption};
pub use templates::{TemplateIndex, is_question, is_question_block};
pub use tokens::{
    Token, is_name_or_figure, normalise, normalised_hash, token_range, token_text, tokens,
    tokens_into,
};

/// Whether blocks of this kind are prose that can be printed twice by mistake.
///
/// Headings are left out: they are short labels ("Comments", "Related
/// posts") that pages repeat on purpose, in tables of contents, sticky
/// headers and section navigation. Table cells are left out: a column of
/// "Yes", "N/A" or a repeated team name is the table working as designed.
/// Paragraphs, captions, quotes, list items and loose text in containers
/// stay; list items and loose text are kept honest by the minimum length and
/// the link-density test, which filter schedules and menus.
pub fn is_prose_kind(kind: BlockKind) -> bool {
    matches!(
        kind,
        BlockKind::Paragraph
            | BlockKind::Caption
            | BlockKind::Quote
            | BlockKind::ListItem
            | BlockKind::Other
    )
}

/// How a block's kind reads in a message ("an earlier caption").
pub fn kind_noun(kind: BlockKind) -> &'static str {
    match kind {
        BlockKind::Caption => "caption",
        BlockKind::Quote => "quote",
        BlockKind::ListItem => "list item",
        BlockKind::Heading => "heading",
        BlockKind::Cell => "table cell",
        BlockKind::Paragraph | BlockKind::Other => "paragraph",
    }
}
