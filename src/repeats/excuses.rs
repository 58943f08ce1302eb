//! Per-block excuses: the tests that make one copy of a repeat not prose a
//! reader sees twice (hidden, tabular, navigation, a list of figures, a
//! reference list, a title by class), and the pull quote, which is repeated
//! on purpose and only lowers a finding's severity.
//!
//! Each test walks the block's ancestors or its own subtree, with a cap, and
//! is asked only for blocks that take part in a repeat, so the DOM walks are
//! paid per finding, not per block.

use super::tokens::Token;
use crate::diagnostic::Severity;
use crate::document::{Block, Document};
use crate::html::class_words;
use ego_tree::NodeRef;
use rustc_hash::FxHashMap;
use scraper::Node;
use scraper::node::Element;

/// The default `max-link-density` of the three rules: a block with more than
/// half of its letters inside links is navigation (a menu, a "related
/// stories" teaser), not prose a writer typed twice.
pub const DEFAULT_MAX_LINK_DENSITY: f64 = 0.5;

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
    ///
    /// A copy written in sentences is prose however many figures or links
    /// it holds: "... 71 kWh and 95 kWh of battery capacity, respectively"
    /// is a paragraph, "1 cup spinach, 1 cup strawberries" a list; a deals
    /// round-up of three linked sentences is a paragraph, a menu or a
    /// teaser line ("Read more: Tunisia sends ...") is not. A reference
    /// list excuses a repeat only among references (see
    /// [`super::pairs::PairExcuses`]): a body paragraph pasted into the
    /// footnotes is a slip.
    pub fn excuses(&self, doc: &Document, block: &Block, tokens: &[Token]) -> bool {
        (figure_share(&block.text, tokens) > self.max_figure_share
            && !written_in_sentences(&block.text, tokens))
            || is_hidden_or_tabular(doc, block)
            || is_title_by_role(doc, block)
            || (link_density(doc, block) > self.max_link_density
                && !linked_prose(&block.text, tokens))
    }
}

/// [`Filters::excuses`] judged at most once per block. One block can take
/// part in thousands of repeats (a sentence printed 8,000 times in one
/// paragraph), and judging it again for each made the rules quadratic in
/// the block's size.
pub struct ExcusedBlocks<'d, 'src> {
    doc: &'d Document<'src>,
    filters: Filters,
    /// Block index -> whether it is excused.
    judged: FxHashMap<usize, bool>,
}

impl<'d, 'src> ExcusedBlocks<'d, 'src> {
    pub fn new(doc: &'d Document<'src>, filters: Filters) -> Self {
        ExcusedBlocks {
            doc,
            filters,
            judged: FxHashMap::default(),
        }
    }

    /// Whether block `index` of the document is excused; `tokens` are its
    /// tokens (read only the first time the block is asked about).
    pub fn excuses(&mut self, index: usize, tokens: &[Token]) -> bool {
        let (doc, filters) = (self.doc, self.filters);
        *self.judged.entry(index).or_insert_with(|| {
            doc.blocks
                .get(index)
                .is_some_and(|block| filters.excuses(doc, block, tokens))
        })
    }
}

/// The share of a block's words that are figures. A figure written with
/// separators ("19,000", "3.5") counts once, so prose quoting sums is not
/// mistaken for a table, and a citation mark ("[281]") is no word at all.
pub fn figure_share(text: &str, tokens: &[Token]) -> f64 {
    let is_figure = |t: &Token| text[t.range()].chars().all(char::is_numeric);
    let (mut words, mut figures) = (0usize, 0usize);
    let mut previous: Option<&Token> = None;
    for token in tokens.iter().filter(|t| !is_citation_mark(text, t)) {
        let figure = is_figure(token);
        let continues = figure
            && previous.is_some_and(|p| {
                is_figure(p) && matches!(&text[p.end()..token.start()], "," | "." | "\u{a0}")
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

/// Whether a token is a citation mark: a number in square brackets,
/// "[281]", as wikis and papers print them after a sentence.
fn is_citation_mark(text: &str, token: &Token) -> bool {
    text[token.range()].chars().all(|c| c.is_ascii_digit())
        && text[..token.start()].ends_with('[')
        && text[token.end()..].starts_with(']')
}

/// Short words that glue a sentence together. Prose is full of them; a list
/// of quantities or a schedule has almost none ("1 cup spinach, 1 cup
/// strawberries, 8 oz. almond milk").
const FUNCTION_WORDS: &[&str] = &[
    "a", "an", "the", "of", "in", "on", "at", "to", "for", "with", "by", "from", "and", "but",
    "or", "is", "are", "was", "were", "be", "been", "has", "have", "had", "that", "this", "it",
    "its", "as", "will", "would", "there", "their", "they", "he", "she", "we", "which", "who",
    "not", "than", "after", "before", "into", "about", "along",
];

/// Whether a block is written in sentences rather than listing figures:
/// its function words outnumber its figures (each figure counted once, as
/// in [`figure_share`]). "They'll have 71 kWh and 95 kWh of battery
/// capacity, respectively, along with 230 kW and 265 kW of power" is
/// prose; "Portion: 1 Green, 1 Red, 1 tsp." is not.
fn written_in_sentences(text: &str, tokens: &[Token]) -> bool {
    let words = tokens.iter().filter(|t| !is_citation_mark(text, t));
    let (mut glue, mut figures) = (0usize, 0usize);
    let mut previous_figure_end: Option<usize> = None;
    for token in words {
        let word = &text[token.range()];
        if word.chars().all(char::is_numeric) {
            let continues = previous_figure_end
                .is_some_and(|end| matches!(&text[end..token.start()], "," | "." | "\u{a0}"));
            if !continues {
                figures += 1;
            }
            previous_figure_end = Some(token.end());
            continue;
        }
        previous_figure_end = None;
        if FUNCTION_WORDS.iter().any(|f| word.eq_ignore_ascii_case(f)) {
            glue += 1;
        }
    }
    glue > figures
}

/// Fewest unlinked words, in two or more sentences, that make a link-dense
/// block prose: a deals round-up ("Monday's best deals include <a>various
/// MacBook models from $700</a>. You'll also find <a>...</a>.") links most
/// of its words but still talks between the links; a menu, a teaser list
/// or a call to action ("Subscribe to our channel!") does not.
const LINKED_PROSE_SENTENCES: usize = 2;

/// Whether a link-dense block reads as prose: two sentences or more, each
/// ended by a full stop, question or exclamation mark and followed by more
/// text, with function words among them (see [`FUNCTION_WORDS`]).
fn linked_prose(text: &str, tokens: &[Token]) -> bool {
    let text = text.trim_end();
    let inner_ends = text
        .char_indices()
        .filter(|&(i, c)| {
            matches!(c, '.' | '!' | '?')
                && text[i + 1..].starts_with(' ')
                && text[i + 1..]
                    .trim_start()
                    .starts_with(|n: char| n.is_uppercase())
        })
        .count();
    let closes = text.ends_with(['.', '!', '?']);
    inner_ends + usize::from(closes) >= LINKED_PROSE_SENTENCES && written_in_sentences(text, tokens)
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
pub(super) fn has_class_word(element: &Element, list: &[&str]) -> bool {
    class_words(element)
        .iter()
        .any(|w| list.contains(&w.as_str()))
}

/// The block's element and its ancestors inside the article, nearest first
/// (the article root itself is left out: its class describes the whole
/// article, not this copy). Costs the depth of the block.
pub(super) fn lineage<'a>(doc: &'a Document, block: &Block) -> Vec<NodeRef<'a, Node>> {
    let root = doc.scope.root;
    let Some(node) = doc.html.dom.tree.get(block.node) else {
        return Vec::new();
    };
    std::iter::once(node)
        .chain(node.ancestors())
        .take_while(|n| n.id() != root)
        .collect()
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

#[cfg(test)]
mod tests {
    use super::*;

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
}
