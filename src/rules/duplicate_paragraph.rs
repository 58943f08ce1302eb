//! ## What it does
//! Flags a paragraph, caption, quote or list item whose text is the same as
//! an earlier one's: the same words in the same order, ignoring case,
//! whitespace, quote and dash styles, and punctuation at either end.
//!
//! ## Why it matters
//! Content management systems make it easy to print a block twice: a photo
//! caption pasted into the body as the first paragraph, a paragraph left
//! behind after a rewrite, a section pasted twice. Each copy reads fine on
//! its own, so nobody notices in the editor; the reader sees the repeat at
//! once.
//!
//! ## Example
//! ```html
//! <figure><img src="launch.jpg">
//!   <figcaption>The Soyuz MS-09 spacecraft is launched with three members of the crew.</figcaption>
//! </figure>
//! <p>The Soyuz MS-09 spacecraft is launched with three members of the crew.</p>
//! ```
//! Flags the paragraph, with the caption as "first printed here".
//!
//! Only prose counts: headings and table cells are labels that repeat by
//! design, blocks shorter than `min_words` ("Advertisement", "Share this",
//! "Read more") repeat as page furniture, and blocks that are mostly link
//! text are menus and teaser lists (unless written in sentences: a deals
//! round-up linking most of its words is still a paragraph). Copies the
//! reader cannot see (hidden by attribute, inline style or a
//! `hidden`/`sr-only`/`visible-xs`-style class: search-engine and
//! small-screen duplicates) and blocks inside tables are not reported
//! either, nor are repeated questions (an interview asks each guest the
//! same thing; a paragraph that merely ends on a question is prose). A repeat inside a pull quote (an
//! element whose class contains `pullquote`, `pull-quote` or `pull_quote`,
//! or an `aside`) is deliberate and reported as info at most. Blocks that
//! differ in a word or two are `near-duplicate-paragraph`'s job.
//!
//! Some repeats are the page's design, and are not reported either:
//! - a caption repeated by another caption: a gallery giving several photos
//!   one caption, or a slideshow printing the caption again in its control
//!   panel. The slip this rule is for is a caption printed again as body
//!   text, and that is still reported;
//! - two renderings of one text of which the reader sees one at a time: both
//!   copies inside elements whose classes say `full`/`truncated`,
//!   `short`/`long`, `mobile`/`desktop` or `expanded`/`collapsed`;
//! - a summary field quoting the body: a copy in a small element named
//!   `summary`, `standfirst`, `dek`, `lede`, `highlights`, ...;
//! - items of two different lists (the feature bullets of two products);
//!   an item repeated within one list is still reported;
//! - reference lists (`ol.references`, `.reflist`, `#footnotes`, `cite`) and
//!   titles marked by class (`p.title` with no closing full stop);
//! - a line written from a template in which only a name or a figure
//!   changes ("Vote for Olga on the last page!", "Vote for Dasha on the last
//!   page!"), printed once per section.
//!
//! ## Options

use crate::diagnostic::{Diagnostic, Severity};
use crate::document::Document;
use crate::repeats::{DEFAULT_MAX_FIGURE_SHARE, DEFAULT_MAX_LINK_DENSITY};
use crate::repeats::{
    ExcusedBlocks, FirstCopies, PairExcuses, TemplateIndex, is_prose_kind, is_pull_quote,
    is_question_block, kind_noun, severity_for,
};
use crate::rules::repeat_filters::{MAX_FIGURE_SHARE, MAX_LINK_DENSITY, filters};
use crate::rules::{
    FixAvailability, OptionKind, OptionSpec, OptionsSchema, Rule, RuleContext, RuleMeta,
    RuleOptions,
};
use serde::{Deserialize, Serialize};

/// Eight words: longer than any "Share this article on Facebook" widget
/// label, shorter than any real sentence-length caption or paragraph.
const DEFAULT_MIN_WORDS: usize = 8;

pub struct DuplicateParagraph;

static META: RuleMeta = RuleMeta {
    id: "duplicate-paragraph",
    default_severity: Severity::Warning,
    enabled_by_default: true,
    summary: "A paragraph or caption printed twice",
    fix: FixAvailability::None,
    source: include_str!("duplicate_paragraph.rs"),
    options: OptionsSchema::of::<DuplicateParagraphOptions>(),
};

/// `[rules.duplicate-paragraph]` options (documented by their specs below).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, rename_all = "kebab-case", deny_unknown_fields)]
pub struct DuplicateParagraphOptions {
    pub min_words: usize,
    pub max_link_density: f64,
    pub max_figure_share: f64,
}

impl Default for DuplicateParagraphOptions {
    fn default() -> Self {
        DuplicateParagraphOptions {
            min_words: DEFAULT_MIN_WORDS,
            max_link_density: DEFAULT_MAX_LINK_DENSITY,
            max_figure_share: DEFAULT_MAX_FIGURE_SHARE,
        }
    }
}

impl RuleOptions for DuplicateParagraphOptions {
    const SPECS: &'static [OptionSpec] = &[
        OptionSpec {
            name: "min-words",
            kind: OptionKind::at_least(1),
            doc: "Blocks with fewer words are never compared.",
        },
        MAX_LINK_DENSITY,
        MAX_FIGURE_SHARE,
    ];
}

impl Rule for DuplicateParagraph {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, doc: &Document, ctx: &RuleContext, out: &mut Vec<Diagnostic>) {
        let options = ctx.options::<DuplicateParagraphOptions>();
        let min_words = options.min_words.max(1);
        let filters = filters(options.max_link_density, options.max_figure_share);
        let mut excused = ExcusedBlocks::new(doc, filters);
        let pair_excuses = PairExcuses::new(doc);
        // Normalised text -> the first block printing it. One hash look-up per
        // block: linear in the page.
        let mut first_seen = FirstCopies::default();
        let mut templates = TemplateIndex::default();
        // (later, first) block indices of each repeat, judged once the whole
        // page is read: whether a line is a template depends on the lines
        // after it too.
        let mut repeats: Vec<(usize, usize)> = Vec::new();
        for (index, block) in doc.blocks.iter().enumerate() {
            if !is_prose_kind(block.kind) || ctx.facts.tokens(index).len() < min_words {
                continue;
            }
            templates.insert_tokens(&block.text, ctx.facts.tokens(index));
            let hash = ctx.facts.normalised_hash(index);
            if let Some(first) = first_seen.first_or_insert(hash, index, |b| &doc.blocks[b].text) {
                repeats.push((index, first));
            }
        }
        for (index, first) in repeats {
            let (block, original) = (&doc.blocks[index], &doc.blocks[first]);
            // The excuses are checked on the pair only, so their DOM walks
            // are paid per finding, not per block.
            if is_question_block(&block.text)
                || templates.is_template(&block.text)
                || excused.excuses(index, ctx.facts.tokens(index))
                || excused.excuses(first, ctx.facts.tokens(first))
                || pair_excuses.excuse(original, block).is_some()
            {
                continue;
            }
            let pull_quote = is_pull_quote(doc, block) || is_pull_quote(doc, original);
            let (here, there) = (kind_noun(block.kind), kind_noun(original.kind));
            let message = if here == there {
                format!("{here} repeats an earlier one word for word")
            } else {
                format!("{here} repeats an earlier {there} word for word")
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
                    block.range(),
                    message,
                )
                .with_selector(&block.selector)
                .with_related(original.range(), "first printed here")
                .with_help(help),
            );
        }
    }
}
