//! Pair excuses: a repeat can be the template's design, seen only in where
//! the two copies sit relative to each other (two gallery captions, the full
//! and the truncated rendering of one text, a summary field quoting the
//! body, the same bullet in two parallel lists, two entries of reference
//! lists citing one work). Kept apart from the
//! per-block tests in [`super::excuses`] because these compare the two
//! copies' lineages below their nearest common ancestor.

use super::excuses::{has_class_word, is_reference, lineage};
use crate::document::{Block, BlockKind, Document};
use ego_tree::{NodeId, NodeRef};
use rustc_hash::{FxHashMap, FxHashSet};
use scraper::Node;
use std::cell::{OnceCell, RefCell};

/// Levels above a block searched for a caption container: a caption's text
/// sits in the caption element or a wrapper or two inside it
/// (`figcaption > span.caption`, `div.caption > div.caption-full > p`).
/// Deeper, a class naming captions describes a whole gallery or page.
pub const CAPTION_LEVELS: usize = 3;

/// Whether a block is a photo caption: a `figcaption` (block kind
/// [`BlockKind::Caption`]), or inside one, or in an element whose class or id
/// contains `caption` (`wp-caption-text`, `caption-full`, `c-picture__caption`)
/// within [`CAPTION_LEVELS`] levels.
pub fn is_caption(doc: &Document, block: &Block) -> bool {
    if block.kind == BlockKind::Caption {
        return true;
    }
    let Some(node) = doc.html.dom.tree.get(block.node) else {
        return false;
    };
    // The block's element and its ancestors up to the scope root, as
    // `lineage` gives them, without collecting them (asked for every block).
    std::iter::once(node)
        .chain(node.ancestors())
        .take_while(|n| n.id() != doc.scope.root)
        .take(CAPTION_LEVELS + 1)
        .filter_map(|n| n.value().as_element())
        .any(|e| {
            e.name() == "figcaption"
                || crate::html::attr(e, "class")
                    .into_iter()
                    .chain(crate::html::attr(e, "id"))
                    .any(|v| {
                        v.as_bytes()
                            .windows(7)
                            .any(|w| w.eq_ignore_ascii_case(b"caption"))
                    })
        })
}

/// Class words that mark one rendering of a text among several, of which
/// the reader sees one at a time: a full and a truncated caption, the mobile
/// and the desktop version of a standfirst, an expanded and a collapsed box.
pub const RENDERING_WORDS: &[&str] = &[
    "full",
    "truncated",
    "truncate",
    "short",
    "long",
    "abridged",
    "mobile",
    "desktop",
    "tablet",
    "expanded",
    "collapsed",
    "expand",
    "collapse",
];

/// Class words of a summary field: a standfirst, dek, lede or highlights box
/// that quotes the body on purpose, by the template's design.
pub const SUMMARY_WORDS: &[&str] = &[
    "summary",
    "standfirst",
    "dek",
    "deck",
    "lede",
    "lead",
    "highlights",
    "excerpt",
    "abstract",
    "subtitle",
    "subheadline",
    "tldr",
];

/// Largest summary field, in non-space characters: a standfirst or a few
/// highlight bullets.
pub const MAX_SUMMARY_CHARS: usize = 1_200;

/// Largest share of the article's text a summary field may hold. A larger
/// element with a summary word is a wrapper (Drupal names the article body
/// `field--type-text-with-summary`), and taking it for a summary would
/// excuse every repeat between the body and the rest of the page, short
/// articles included.
pub const MAX_SUMMARY_SHARE: f64 = 0.25;

/// Most DOM nodes [`holds_at_most`] visits before calling the element large.
const SUMMARY_VISIT_CAP: usize = 4_096;

/// Whether an element holds at most `limit` non-space characters of text.
/// Stops at the limit or after [`SUMMARY_VISIT_CAP`] nodes (an element that
/// big is no summary), so the cost is bounded.
fn holds_at_most(node: NodeRef<'_, Node>, limit: usize) -> bool {
    let mut count = 0usize;
    for (visited, n) in node.descendants().enumerate() {
        if visited >= SUMMARY_VISIT_CAP {
            return false;
        }
        if let Node::Text(text) = n.value() {
            count += text.chars().filter(|c| !c.is_whitespace()).count();
            if count > limit {
                return false;
            }
        }
    }
    true
}

/// The tests that excuse a pair of copies by where the two copies sit on
/// the page. Made once per page and rule run: the article's size, which the
/// summary test needs, is counted once, on first use.
/// Each pair is judged once: two paragraphs sharing thousands of sentences
/// ask about the same pair for each.
pub struct PairExcuses<'d, 'src> {
    doc: &'d Document<'src>,
    article_chars: OnceCell<usize>,
    judged: RefCell<FxHashMap<(BlockKey, BlockKey), Option<&'static str>>>,
}

/// What a pair test reads of a block: its element and its kind.
type BlockKey = (NodeId, BlockKind);

impl<'d, 'src> PairExcuses<'d, 'src> {
    pub fn new(doc: &'d Document<'src>) -> Self {
        PairExcuses {
            doc,
            article_chars: OnceCell::new(),
            judged: RefCell::default(),
        }
    }

    /// Non-space characters of the article's blocks.
    fn article_chars(&self) -> usize {
        *self.article_chars.get_or_init(|| {
            self.doc
                .blocks
                .iter()
                .map(|b| b.text.chars().filter(|c| !c.is_whitespace()).count())
                .sum()
        })
    }

    /// Why a pair of copies is not a slip (a short name of the principle,
    /// for tests and debugging); `None` when nothing excuses it. Asked only
    /// for pairs about to be reported; each test costs the depth of the two
    /// blocks, and the summary test reads at most [`MAX_SUMMARY_CHARS`] of
    /// text per summary-named element.
    pub fn excuse(&self, first: &Block, later: &Block) -> Option<&'static str> {
        let key = ((first.node, first.kind), (later.node, later.kind));
        if let Some(&known) = self.judged.borrow().get(&key) {
            return known;
        }
        let found = pair_excuse(self.doc, first, later, || {
            let share = (self.article_chars() as f64 * MAX_SUMMARY_SHARE) as usize;
            share.min(MAX_SUMMARY_CHARS)
        });
        self.judged.borrow_mut().insert(key, found);
        found
    }
}

/// See [`PairExcuses::excuse`]; `summary_limit` gives the largest summary
/// field, in non-space characters, and is only called when a copy sits in an
/// element with a summary word.
fn pair_excuse(
    doc: &Document,
    first: &Block,
    later: &Block,
    summary_limit: impl Fn() -> usize,
) -> Option<&'static str> {
    let a = lineage(doc, first);
    let b = lineage(doc, later);
    // The branches below the nearest common ancestor: what holds one copy
    // and not the other. Without a common ancestor inside the article, the
    // whole lineages.
    let in_a: FxHashSet<_> = a.iter().map(|n| n.id()).collect();
    let common = b.iter().position(|n| in_a.contains(&n.id()));
    let (branch_b, branch_a) = match common {
        Some(i) => {
            let id = b[i].id();
            let j = a.iter().position(|n| n.id() == id).unwrap_or(a.len());
            (&b[..i], &a[..j])
        }
        None => (&b[..], &a[..]),
    };
    let marked = |branch: &[NodeRef<'_, Node>], list: &[&str]| {
        branch
            .iter()
            .filter_map(|n| n.value().as_element())
            .any(|e| has_class_word(e, list))
    };
    if is_caption(doc, first) && is_caption(doc, later) {
        return Some("gallery");
    }
    if marked(branch_a, RENDERING_WORDS) && marked(branch_b, RENDERING_WORDS) {
        return Some("renderings");
    }
    let summary = |branch: &[NodeRef<'_, Node>]| {
        branch.iter().any(|n| {
            n.value()
                .as_element()
                .is_some_and(|e| has_class_word(e, SUMMARY_WORDS))
                && holds_at_most(*n, summary_limit())
        })
    };
    // A summary field stands apart from the body it quotes. A paragraph
    // of the body's own run of paragraphs that the template marks for
    // voice assistants or teasers (`p#speakable-summary`, `p.lede`) is the
    // body's first paragraph, and printed again further down it is a slip.
    let one_run = branch_a.len() == 1 && branch_b.len() == 1;
    if !one_run && (summary(branch_a) || summary(branch_b)) {
        return Some("summary");
    }
    if is_reference(doc, first) && is_reference(doc, later) {
        return Some("references");
    }
    if parallel_lists(&a, &b) {
        return Some("lists");
    }
    None
}

/// Levels above a block searched for its list item (`li > p`, `li > div > p`).
const LIST_ITEM_LEVELS: usize = 2;

/// Whether two copies are items of two different lists: the feature bullets
/// of two product variants, the pros of two plans. Lists written side by
/// side share items by design; an item repeated within one list is a slip
/// and still reported.
fn parallel_lists(a: &[NodeRef<'_, Node>], b: &[NodeRef<'_, Node>]) -> bool {
    let list_of = |lineage: &[NodeRef<'_, Node>]| {
        lineage
            .iter()
            .take(LIST_ITEM_LEVELS + 1)
            .find(|n| n.value().as_element().is_some_and(|e| e.name() == "li"))
            .and_then(|li| li.parent())
            .filter(|p| {
                p.value()
                    .as_element()
                    .is_some_and(|e| matches!(e.name(), "ul" | "ol"))
            })
            .map(|p| p.id())
    };
    matches!((list_of(a), list_of(b)), (Some(x), Some(y)) if x != y)
}
