//! Shared machinery of the repeated-content rules (`duplicate-paragraph`,
//! `near-duplicate-paragraph`, `duplicate-sentence`): which blocks count as
//! prose, text normalisation, word tokens with hashed keys, a banded word-level
//! diff, and a MinHash/LSH index that finds near-duplicate candidates without
//! comparing every block with every other.
//!
//! Everything here is linear in the size of the page, or bounded by a
//! constant per block, so a page of tens of thousands of paragraphs costs
//! about as much as reading it.

use crate::diagnostic::Severity;
use crate::document::{Block, BlockKind, Document};
use crate::html::class_words;
use crate::source::TextRange;
use crate::text::words;
use ego_tree::NodeRef;
use rustc_hash::FxHashSet;
use rustc_hash::{FxHashMap, FxHasher};
use scraper::Node;
use scraper::node::Element;
use std::cell::OnceCell;
use std::hash::{Hash, Hasher};

/// The default `max-link-density` of the three rules: a block with more than
/// half of its letters inside links is navigation (a menu, a "related
/// stories" teaser), not prose a writer typed twice.
pub const DEFAULT_MAX_LINK_DENSITY: f64 = 0.5;

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

/// A word of a block, with a case- and apostrophe-insensitive key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Token {
    /// Hash of the lowercased word with typographic apostrophes folded.
    pub key: u64,
    /// Byte range of the word in the block text.
    pub start: usize,
    pub end: usize,
}

/// The words of `text` with their keys.
pub fn tokens(text: &str) -> Vec<Token> {
    words(text)
        .map(|w| {
            // FNV-1a over the folded characters: one multiply per character.
            let mut key: u64 = 0xcbf2_9ce4_8422_2325;
            for c in w.text.chars() {
                key = (key ^ u64::from(u32::from(fold_char(c)))).wrapping_mul(0x0100_0000_01b3);
            }
            Token {
                key,
                start: w.start,
                end: w.end,
            }
        })
        .collect()
}

/// Lowercases one character (its first lowercase mapping: enough for keys)
/// and folds quote and dash styles, so `don’t` and `don't`, `MS–09` and
/// `MS-09` are the same word.
fn fold_char(c: char) -> char {
    if c.is_ascii() {
        return if c.is_ascii_whitespace() {
            ' '
        } else {
            c.to_ascii_lowercase()
        };
    }
    match c {
        '\u{2018}' | '\u{2019}' | '\u{201a}' | '\u{201b}' | '\u{2032}' | '\u{b4}' => '\'',
        '\u{201c}' | '\u{201d}' | '\u{201e}' | '\u{201f}' | '\u{2033}' | '\u{ab}' | '\u{bb}' => '"',
        '\u{2010}' | '\u{2011}' | '\u{2012}' | '\u{2013}' | '\u{2014}' | '\u{2015}'
        | '\u{2212}' => '-',
        c if c.is_whitespace() => ' ',
        c => c.to_lowercase().next().unwrap_or(c),
    }
}

/// The text two blocks must share to be the same paragraph: lowercased, quote
/// and dash styles folded, whitespace (including no-break spaces) collapsed,
/// and quotes and punctuation trimmed from both ends, so `“Text.”` equals
/// `Text` but `a, b` does not equal `a b`.
pub fn normalise(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut space = false;
    for c in text.chars().map(fold_char) {
        if c == ' ' {
            space = !out.is_empty();
            continue;
        }
        if space {
            out.push(' ');
            space = false;
        }
        out.push(c);
    }
    let is_edge = |c: char| c.is_whitespace() || (!c.is_alphanumeric() && c != ')' && c != '%');
    out.trim_matches(is_edge).to_owned()
}

/// The element of a block and every element above it, innermost first.
fn block_and_ancestors<'d>(
    doc: &'d Document,
    block: &Block,
) -> impl Iterator<Item = &'d scraper::node::Element> + 'd {
    let node = doc.html.dom.tree.get(block.node);
    node.into_iter()
        .flat_map(|n| std::iter::once(n).chain(n.ancestors()))
        .filter_map(|n| n.value().as_element())
}

/// Whether a block is part of a pull quote: a passage the designer repeats on
/// purpose in large type. Recognised by an ancestor (or the block itself)
/// whose class contains `pullquote`, `pull-quote` or `pull_quote`, or by an
/// `aside` ancestor (a quote set aside from the text). Walks the ancestors
/// only, so it costs the depth of the block.
pub fn is_pull_quote(doc: &Document, block: &Block) -> bool {
    block_and_ancestors(doc, block).any(|e| {
        e.name() == "aside"
            || e.classes().any(|c| {
                let c = c.to_ascii_lowercase();
                c.contains("pullquote") || c.contains("pull-quote") || c.contains("pull_quote")
            })
    })
}

/// The severity of a finding: the configured one, lowered to info when
/// either copy is a pull quote (a deliberate repeat; worth a glance at most).
pub fn severity_for(configured: Severity, pull_quote: bool) -> Severity {
    if pull_quote {
        configured.min(Severity::Info)
    } else {
        configured
    }
}

/// Most DOM nodes [`link_density`] visits before giving up and calling the
/// block prose. Bounds the cost of a block that owns a huge subtree.
const LINK_DENSITY_VISIT_CAP: usize = 4_096;

/// The share (0 to 1) of a block's non-space characters that sit inside a
/// link. Menus and teaser lists are almost all link text; prose rarely is.
///
/// A block's text is one contiguous run of the page, so the text nodes that
/// make it are those whose source overlaps its range (a text node's extent
/// includes the layout whitespace around the words, the block's does not). Called only for blocks
/// that are about to be reported, so the cost is paid once per finding.
pub fn link_density(doc: &Document, block: &Block) -> f64 {
    let range = block.range();
    let Some(root) = doc.html.dom.tree.get(block.node) else {
        return 0.0;
    };
    let root_linked = root
        .ancestors()
        .any(|a| a.value().as_element().is_some_and(|e| e.name() == "a"));
    let (mut linked, mut total) = (0usize, 0usize);
    // Depth-first, with the "inside a link" flag carried down.
    let mut stack = vec![(root, root_linked)];
    let mut visited = 0usize;
    while let Some((node, in_link)) = stack.pop() {
        visited += 1;
        if visited > LINK_DENSITY_VISIT_CAP {
            break;
        }
        match node.value() {
            Node::Text(text) => {
                let inside = doc
                    .html
                    .text_map(node.id())
                    .and_then(|m| m.extent())
                    .is_some_and(|e| e.start < range.end && e.end > range.start);
                if inside {
                    let n = text.chars().filter(|c| !c.is_whitespace()).count();
                    total += n;
                    if in_link {
                        linked += n;
                    }
                }
            }
            Node::Element(element) => {
                // Everything from here on in document order is after the block.
                if doc
                    .html
                    .start_tag(node.id())
                    .is_some_and(|t| t.start >= range.end)
                {
                    continue;
                }
                let in_link = in_link || element.name() == "a";
                for child in node.children().rev() {
                    stack.push((child, in_link));
                }
            }
            _ => {}
        }
    }
    if total == 0 {
        0.0
    } else {
        linked as f64 / total as f64
    }
}

/// The default `max-figure-share`: recipes, schedules and tallies ("1 cup
/// spinach, 1 scoop ...", "Portion: 1 Green, 1 Red, 1 tsp.") repeat their
/// lines by design, and their words are figures far more often than prose's.
pub const DEFAULT_MAX_FIGURE_SHARE: f64 = 0.15;

/// The per-block tests that excuse a repeat, as configured.
#[derive(Debug, Clone, Copy)]
pub struct Filters {
    pub max_link_density: f64,
    pub max_figure_share: f64,
}

impl Filters {
    /// Whether a copy of a repeat is not prose a reader sees twice: hidden,
    /// table data, navigation, or a list of figures. Asked only for blocks
    /// that take part in a repeat, so the DOM walks are paid per finding.
    pub fn excuses(&self, doc: &Document, block: &Block, tokens: &[Token]) -> bool {
        figure_share(&block.text, tokens) > self.max_figure_share
            || is_hidden_or_tabular(doc, block)
            || is_reference(doc, block)
            || is_title_by_role(doc, block)
            || link_density(doc, block) > self.max_link_density
    }
}

/// The share of a block's words that are figures. A figure written with
/// separators ("19,000", "3.5") counts once, so prose quoting sums is not
/// mistaken for a table.
pub fn figure_share(text: &str, tokens: &[Token]) -> f64 {
    let is_figure = |t: &Token| text[t.start..t.end].chars().all(char::is_numeric);
    let (mut words, mut figures) = (0usize, 0usize);
    let mut previous: Option<&Token> = None;
    for token in tokens {
        let figure = is_figure(token);
        let continues = figure
            && previous.is_some_and(|p| {
                is_figure(p) && matches!(&text[p.end..token.start], "," | "." | "\u{a0}")
            });
        if !continues {
            words += 1;
            figures += usize::from(figure);
        }
        previous = Some(token);
    }
    if words == 0 {
        0.0
    } else {
        figures as f64 / words as f64
    }
}

/// Whether a block is invisible to readers or sits in a table.
///
/// Hidden: an ancestor (or the block) with the `hidden` attribute,
/// `aria-hidden="true"`, an inline `display: none` / `visibility: hidden`,
/// or a class that hides it on some or all screens (`hidden`, `hidden-sm`,
/// `visible-xs`, `d-none`, `sr-only`, `visually-hidden`,
/// `screen-reader-text`, `...-truncated`). Pages print such copies for
/// search engines, screen readers or another screen size; the reader sees
/// one. Tabular: inside a `td` or `th`, where repeated values are the data.
pub fn is_hidden_or_tabular(doc: &Document, block: &Block) -> bool {
    block_and_ancestors(doc, block).any(|e| {
        if matches!(e.name(), "td" | "th") || crate::html::is_hidden(e) {
            return true;
        }
        e.classes().any(|c| {
            let c = c.to_ascii_lowercase();
            c == "hidden"
                || c == "invisible"
                || c.starts_with("hidden-")
                || c.starts_with("visible-")
                || c == "d-none"
                || c == "sr-only"
                || c == "visually-hidden"
                || c == "screen-reader-text"
                || c.ends_with("-truncated")
        })
    })
}

/// Whether any class or id word of `element` is in `list`.
fn has_class_word(element: &Element, list: &[&str]) -> bool {
    class_words(element)
        .iter()
        .any(|w| list.contains(&w.as_str()))
}

/// The block's element and its ancestors inside the article, nearest first
/// (the article root itself is left out: its class describes the whole
/// article, not this copy). Costs the depth of the block.
fn lineage<'a>(doc: &'a Document, block: &Block) -> Vec<NodeRef<'a, Node>> {
    let root = doc.scope.root;
    let Some(node) = doc.html.dom.tree.get(block.node) else {
        return Vec::new();
    };
    std::iter::once(node)
        .chain(node.ancestors())
        .take_while(|n| n.id() != root)
        .collect()
}

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
    block.kind == BlockKind::Caption
        || lineage(doc, block)
            .iter()
            .take(CAPTION_LEVELS + 1)
            .filter_map(|n| n.value().as_element())
            .any(|e| {
                e.name() == "figcaption"
                    || crate::html::attr(e, "class")
                        .into_iter()
                        .chain(crate::html::attr(e, "id"))
                        .any(|v| v.to_ascii_lowercase().contains("caption"))
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
pub struct PairExcuses<'d, 'src> {
    doc: &'d Document<'src>,
    article_chars: OnceCell<usize>,
}

impl<'d, 'src> PairExcuses<'d, 'src> {
    pub fn new(doc: &'d Document<'src>) -> Self {
        PairExcuses {
            doc,
            article_chars: OnceCell::new(),
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
        pair_excuse(self.doc, first, later, || {
            let share = (self.article_chars() as f64 * MAX_SUMMARY_SHARE) as usize;
            share.min(MAX_SUMMARY_CHARS)
        })
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
    if summary(branch_a) || summary(branch_b) {
        return Some("summary");
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

/// Class words of reference lists: citations, footnotes, bibliographies.
/// Entries cite the same work, author or publisher many times by design;
/// they are data, not prose.
pub const REFERENCE_WORDS: &[&str] = &[
    "references",
    "reflist",
    "refbegin",
    "footnotes",
    "endnotes",
    "citations",
    "bibliography",
];

/// Whether a block sits in a reference list (`ol.references`, `div.reflist`,
/// `#footnotes`), or is a `cite`.
pub fn is_reference(doc: &Document, block: &Block) -> bool {
    lineage(doc, block)
        .iter()
        .filter_map(|n| n.value().as_element())
        .any(|e| e.name() == "cite" || has_class_word(e, REFERENCE_WORDS))
}

/// Class words that name an element a title: a heading by role, styled
/// rather than tagged (`p.title` in a video player's splash and pause
/// screens). Headings are not compared, so neither are these.
pub const TITLE_WORDS: &[&str] = &["title", "headline", "heading", "hed"];

/// Whether a block is a title by its class and reads like one: no closing
/// full stop. A caption styled `c-picture__title` that is a full sentence
/// stays prose.
pub fn is_title_by_role(doc: &Document, block: &Block) -> bool {
    let reads_like_title = !block
        .text
        .trim_end_matches(|c: char| c.is_whitespace() || matches!(c, '"' | '\u{201d}' | ')'))
        .ends_with(['.', '\u{3002}']);
    reads_like_title
        && doc
            .html
            .dom
            .tree
            .get(block.node)
            .and_then(|n| {
                n.value()
                    .as_element()
                    .map(|e| has_class_word(e, TITLE_WORDS))
            })
            .unwrap_or(false)
}

/// Longest line, in words, that [`TemplateIndex`] treats as a possible
/// template: calls to action and availability notes are a sentence or two.
/// Longer blocks are never taken for templates, and cost nothing there.
pub const MAX_TEMPLATE_WORDS: usize = 40;

/// Whether a word is a slot of a template: a name (capitalised) or a figure.
pub fn is_name_or_figure(text: &str, token: &Token) -> bool {
    let word = &text[token.start..token.end];
    word.chars().next().is_some_and(char::is_uppercase) || word.chars().all(char::is_numeric)
}

/// Lines written from one template, where only a name or a figure changes
/// ("Vote for Olga on the last page!", "Vote for Dasha on the last page!";
/// "Faces Places is currently streaming on Netflix", "Princess Cyd is
/// currently streaming on Netflix"). Such a line printed twice is the
/// template repeated by design (once per section), not a slip.
///
/// Each short block is keyed once per run of names and figures in it: a hash
/// of the words before the run and the words after it. Two different texts
/// with a key in common differ only in that run. Prefix and suffix hashes
/// are running, so a block costs its length.
#[derive(Default)]
pub struct TemplateIndex {
    /// Slot key -> (hash of the first text seen with it, whether another
    /// text shares the key).
    slots: FxHashMap<u64, (u64, bool)>,
}

impl TemplateIndex {
    /// The slot keys of a block, with the hash of its whole text; none for
    /// blocks longer than [`MAX_TEMPLATE_WORDS`] (counted before tokenising,
    /// so long paragraphs cost one pass over their first words).
    fn keys(text: &str) -> (u64, Vec<u64>) {
        if words(text).nth(MAX_TEMPLATE_WORDS).is_some() {
            return (0, Vec::new());
        }
        let tokens = tokens(text);
        let mix = |h: u64, k: u64| splitmix64(h ^ k);
        let mut prefix = Vec::with_capacity(tokens.len() + 1);
        prefix.push(0x5150_u64);
        for t in &tokens {
            let last = prefix.last().copied().unwrap_or_default();
            prefix.push(mix(last, t.key));
        }
        let mut suffix = vec![0xa5a5_u64; tokens.len() + 1];
        for i in (0..tokens.len()).rev() {
            suffix[i] = mix(suffix[i + 1], tokens[i].key);
        }
        let whole = prefix.last().copied().unwrap_or_default();
        let mut keys = Vec::new();
        let mut i = 0;
        while i < tokens.len() {
            if !is_name_or_figure(text, &tokens[i]) {
                i += 1;
                continue;
            }
            let start = i;
            while i < tokens.len() && is_name_or_figure(text, &tokens[i]) {
                i += 1;
            }
            keys.push(mix(prefix[start], suffix[i].rotate_left(17)));
        }
        (whole, keys)
    }

    /// Records a block.
    pub fn insert(&mut self, text: &str) {
        let (whole, keys) = Self::keys(text);
        for key in keys {
            let slot = self.slots.entry(key).or_insert((whole, false));
            if slot.0 != whole {
                slot.1 = true;
            }
        }
    }

    /// Whether a recorded block has a sibling text that differs from it only
    /// in one run of names or figures.
    pub fn is_template(&self, text: &str) -> bool {
        let (_, keys) = Self::keys(text);
        keys.iter()
            .any(|k| self.slots.get(k).is_some_and(|&(_, varied)| varied))
    }
}

/// Whether a text is a question: it ends with `?` (before closing quotes).
/// Interviews and FAQs put the same question to each subject, so a repeated
/// question is the format, not a slip.
pub fn is_question(text: &str) -> bool {
    text.trim_end_matches(|c: char| {
        c.is_whitespace() || matches!(c, '"' | '\'' | '\u{201d}' | '\u{2019}' | '\u{bb}' | ')')
    })
    .ends_with(['?', '\u{ff1f}'])
}

/// One run of words that differs between two token sequences: `a` and `b`
/// are token index ranges (either may be empty: an insertion or a deletion).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hunk {
    pub a: std::ops::Range<usize>,
    pub b: std::ops::Range<usize>,
}

/// The word-level comparison of two blocks.
#[derive(Debug, Clone, PartialEq)]
pub struct WordDiff {
    /// `1 - edit distance / longer length`, in words.
    pub similarity: f64,
    pub hunks: Vec<Hunk>,
}

/// Largest banded table [`word_diff`] fills, in cells. Beyond it the pair is
/// declared dissimilar: only blocks thousands of words long with hundreds
/// of differences get there, and they are not near-duplicates anyone misses.
const MAX_DIFF_CELLS: usize = 4_000_000;

/// Compares two token sequences word by word, if their similarity can reach
/// `min_similarity`; `None` otherwise.
///
/// Common prefix and suffix are stripped first (a one-word change in a long
/// caption leaves a middle of one word), then the middle is aligned with a
/// Levenshtein table restricted to the diagonal band the threshold allows:
/// cost `O(middle × allowed edits)`, never the full product of the lengths.
pub fn word_diff(a: &[Token], b: &[Token], min_similarity: f64) -> Option<WordDiff> {
    let longest = a.len().max(b.len());
    if longest == 0 {
        return None;
    }
    let max_edits = ((1.0 - min_similarity.clamp(0.0, 1.0)) * longest as f64).floor() as usize;
    let prefix = a.iter().zip(b).take_while(|(x, y)| x.key == y.key).count();
    let suffix = a[prefix..]
        .iter()
        .rev()
        .zip(b[prefix..].iter().rev())
        .take_while(|(x, y)| x.key == y.key)
        .count();
    let ma = &a[prefix..a.len() - suffix];
    let mb = &b[prefix..b.len() - suffix];
    if ma.len().abs_diff(mb.len()) > max_edits {
        return None;
    }
    let band = 2 * max_edits + 1;
    if (ma.len() + 1).saturating_mul(band) > MAX_DIFF_CELLS {
        return None;
    }
    let (distance, ops) = banded_alignment(ma, mb, max_edits)?;
    let mut hunks = Vec::new();
    let (mut i, mut j) = (prefix, prefix);
    let mut open: Option<Hunk> = None;
    for op in ops {
        match op {
            Op::Match => {
                if let Some(h) = open.take() {
                    hunks.push(h);
                }
                i += 1;
                j += 1;
                continue;
            }
            Op::Substitute | Op::Delete | Op::Insert => {}
        }
        let hunk = open.get_or_insert(Hunk { a: i..i, b: j..j });
        if matches!(op, Op::Substitute | Op::Delete) {
            i += 1;
            hunk.a.end = i;
        }
        if matches!(op, Op::Substitute | Op::Insert) {
            j += 1;
            hunk.b.end = j;
        }
    }
    hunks.extend(open);
    Some(WordDiff {
        similarity: 1.0 - distance as f64 / longest as f64,
        hunks,
    })
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Op {
    Match,
    Substitute,
    /// A word of `a` missing from `b`.
    Delete,
    /// A word of `b` missing from `a`.
    Insert,
}

/// Levenshtein distance over words within `k` edits, and the edit script;
/// `None` when more than `k` edits are needed.
fn banded_alignment(a: &[Token], b: &[Token], k: usize) -> Option<(usize, Vec<Op>)> {
    const INF: u32 = u32::MAX / 2;
    let (n, m) = (a.len(), b.len());
    let width = 2 * k + 1;
    // Cell (i, j) lives at row i, column j + k - i (j in i-k ..= i+k).
    let at = |i: usize, j: usize| -> Option<usize> {
        let d = (j + k).checked_sub(i)?;
        (d < width && j <= m).then_some(i * width + d)
    };
    let mut table = vec![INF; (n + 1) * width];
    for j in 0..=m.min(k) {
        if let Some(c) = at(0, j) {
            table[c] = j as u32;
        }
    }
    for i in 1..=n {
        let lo = i.saturating_sub(k);
        let hi = (i + k).min(m);
        for j in lo..=hi {
            let Some(c) = at(i, j) else { continue };
            let mut best = INF;
            if j == 0 {
                best = i as u32;
            } else {
                if let Some(d) = at(i - 1, j - 1) {
                    best = best.min(table[d] + u32::from(a[i - 1].key != b[j - 1].key));
                }
                if let Some(l) = at(i, j - 1) {
                    best = best.min(table[l] + 1);
                }
            }
            if let Some(u) = at(i - 1, j) {
                best = best.min(table[u] + 1);
            }
            table[c] = best.min(INF);
        }
    }
    let distance = table[at(n, m)?] as usize;
    if distance > k {
        return None;
    }
    // Trace back from the end, preferring matches so hunks stay tight.
    let mut ops = Vec::with_capacity(n.max(m));
    let (mut i, mut j) = (n, m);
    while i > 0 || j > 0 {
        let here = table[at(i, j)?];
        if i > 0 && j > 0 {
            let same = a[i - 1].key == b[j - 1].key;
            if let Some(d) = at(i - 1, j - 1)
                && table[d] + u32::from(!same) == here
            {
                ops.push(if same { Op::Match } else { Op::Substitute });
                i -= 1;
                j -= 1;
                continue;
            }
        }
        if i > 0
            && let Some(u) = at(i - 1, j)
            && table[u] + 1 == here
        {
            ops.push(Op::Delete);
            i -= 1;
            continue;
        }
        if j > 0 {
            ops.push(Op::Insert);
            j -= 1;
            continue;
        }
        // Only reachable through the j == 0 column: deletions down to the origin.
        ops.push(Op::Delete);
        i -= 1;
    }
    ops.reverse();
    Some((distance, ops))
}

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
        candidates.sort_by_key(|c| (std::cmp::Reverse(agreement(c)), *c));
        candidates.truncate(MAX_CANDIDATES);
        self.signatures.push(signature);
        candidates
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
fn minhash(tokens: &[Token]) -> [u32; SIGNATURE] {
    static SEEDS: std::sync::OnceLock<[(u64, u64); SIGNATURE]> = std::sync::OnceLock::new();
    let seeds = SEEDS.get_or_init(|| {
        let mut seeds = [(0u64, 0u64); SIGNATURE];
        for (i, seed) in seeds.iter_mut().enumerate() {
            let i = i as u64;
            *seed = (splitmix64(2 * i), splitmix64(2 * i + 1) | 1);
        }
        seeds
    });
    let mut keys: Vec<u64> = tokens.iter().map(|t| splitmix64(t.key)).collect();
    keys.sort_unstable();
    keys.dedup();
    let mut signature = [u32::MAX; SIGNATURE];
    for key in keys {
        for (slot, (xor, mul)) in signature.iter_mut().zip(seeds) {
            let h = ((key ^ xor).wrapping_mul(*mul) >> 32) as u32;
            *slot = (*slot).min(h);
        }
    }
    signature
}

fn splitmix64(mut x: u64) -> u64 {
    x = x.wrapping_add(0x9e37_79b9_7f4a_7c15);
    x = (x ^ (x >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    x = (x ^ (x >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    x ^ (x >> 31)
}

/// The source range of tokens `range` of a block (empty range: an empty
/// source range at the place they would be).
pub fn token_range(block: &Block, tokens: &[Token], range: std::ops::Range<usize>) -> TextRange {
    match (
        tokens.get(range.start),
        range.end.checked_sub(1).and_then(|e| tokens.get(e)),
    ) {
        (Some(first), Some(last)) if range.start < range.end => {
            block.source_range(first.start, last.end)
        }
        _ => {
            let at = tokens
                .get(range.start)
                .map_or(block.text.len(), |t| t.start);
            block.source_range(at, at)
        }
    }
}

/// The text of tokens `range` of a block, as printed (for messages).
pub fn token_text<'b>(
    block: &'b Block,
    tokens: &[Token],
    range: std::ops::Range<usize>,
) -> &'b str {
    match (
        tokens.get(range.start),
        range.end.checked_sub(1).and_then(|e| tokens.get(e)),
    ) {
        (Some(first), Some(last)) if range.start < range.end => &block.text[first.start..last.end],
        _ => "",
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    fn keys(text: &str) -> Vec<Token> {
        tokens(text)
    }

    #[test]
    fn normalise_folds_case_quotes_dashes_space_and_end_punctuation() {
        assert_eq!(
            normalise("\u{201c}The  Crew\u{2019}s MS\u{2013}09\u{a0}flight.\u{201d}"),
            "the crew's ms-09 flight"
        );
        assert_eq!(normalise("a, b"), "a, b");
        assert_ne!(normalise("a, b"), normalise("a b"));
    }

    #[test]
    fn token_keys_ignore_case_and_apostrophe_style() {
        let a = keys("Don\u{2019}t STOP");
        let b = keys("don't stop");
        assert_eq!(
            a.iter().map(|t| t.key).collect::<Vec<_>>(),
            b.iter().map(|t| t.key).collect::<Vec<_>>()
        );
    }

    #[test]
    fn word_diff_finds_one_substitution_in_a_long_sentence() {
        let a = keys("the spacecraft is launched with three members of the crew");
        let b = keys("the spacecraft was launched with three members of the crew");
        let diff = word_diff(&a, &b, 0.8).expect("similar enough");
        assert!((diff.similarity - 0.9).abs() < 1e-9);
        assert_eq!(diff.hunks, vec![Hunk { a: 2..3, b: 2..3 }]);
    }

    #[test]
    fn word_diff_reports_insertions_and_deletions() {
        let a = keys("one two three four five six seven eight nine ten");
        let b = keys("one two four five six seven eight extra nine ten");
        let diff = word_diff(&a, &b, 0.7).expect("similar enough");
        assert_eq!(
            diff.hunks,
            vec![Hunk { a: 2..3, b: 2..2 }, Hunk { a: 8..8, b: 7..8 }]
        );
        assert!((diff.similarity - 0.8).abs() < 1e-9);
    }

    #[test]
    fn word_diff_gives_up_beyond_the_threshold() {
        let a = keys("one two three four five six seven eight nine ten");
        let b = keys("one two 3 4 5 six seven eight nine ten");
        assert!(word_diff(&a, &b, 0.8).is_none());
        assert!(word_diff(&a, &b, 0.7).is_some());
    }

    #[test]
    fn class_words_split_separators_and_camel_case() {
        let html = scraper::Html::parse_fragment(
            r#"<div class="field--name-field-highlights captionFull" id="c-picture__title"></div>"#,
        );
        let div = html
            .root_element()
            .descendants()
            .find_map(|n| {
                n.value()
                    .as_element()
                    .filter(|e| e.name() == "div")
                    .cloned()
            })
            .expect("div");
        assert_eq!(
            class_words(&div),
            [
                "field",
                "name",
                "field",
                "highlights",
                "caption",
                "full",
                "c",
                "picture",
                "title"
            ]
        );
    }

    #[test]
    fn template_lines_need_a_sibling_that_differs_in_a_name_or_figure() {
        let mut index = TemplateIndex::default();
        let olga = "Vote for Olga on the very last page of this article!";
        let dasha = "Vote for Dasha on the very last page of this article!";
        let jury = "The jury will announce the winner at a dinner in the city hall.";
        let other = "The jury will announce the winner at a lunch in the city hall.";
        for line in [olga, olga, jury, jury, other] {
            index.insert(line);
        }
        // Olga alone, printed twice, is no template yet.
        assert!(!index.is_template(olga));
        index.insert(dasha);
        assert!(index.is_template(olga));
        assert!(index.is_template(dasha));
        // "dinner" and "lunch" are not names: a change of meaning, not a slot.
        assert!(!index.is_template(jury));
    }

    #[test]
    fn template_index_ignores_long_blocks() {
        let long = |name: &str| format!("{name} {}", "said the budget would pass ".repeat(10));
        let mut index = TemplateIndex::default();
        index.insert(&long("Smith"));
        index.insert(&long("Jones"));
        assert!(!index.is_template(&long("Smith")));
    }

    #[test]
    fn minhash_candidates_find_near_copies_and_not_strangers() {
        let mut index = CandidateIndex::default();
        let first = keys(
            "The Soyuz MS-09 spacecraft is launched with three members of the \
             Expedition 56 crew bound for the International Space Station",
        );
        let stranger = keys(
            "Rogozin informed his American counterpart about a decision to \
             establish a commission to investigate the cause of the leak",
        );
        let copy = keys(
            "The Soyuz MS-09 spacecraft was launched with three members of the \
             Expedition 56 crew bound for the International Space Station",
        );
        assert!(index.query_and_insert(&first).is_empty());
        assert!(index.query_and_insert(&stranger).is_empty());
        assert_eq!(index.query_and_insert(&copy), vec![0]);
    }
}
