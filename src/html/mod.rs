//! HTML -> DOM with source positions.
//!
//! scraper (html5ever) builds the DOM but keeps no positions. We feed the
//! parser the whole page as one buffer, with a token sink of our own between
//! its tokenizer and tree builder that knows each token's source range
//! ([`boundaries`]), and a tree sink that attributes every element created and
//! every piece of text appended to the token being processed ([`sink`]).
//! Afterwards every text node's decoded text is aligned with the raw source it
//! came from, entity by entity ([`align`]), giving an exact source range for
//! every character; every element with a start tag of its own gets that tag's
//! range.
//!
//! Plain markup (text with nothing to decode, tags like `<div class="x">`)
//! is read by a byte scan of our own ([`plain_tokens`]) and handed to the
//! tree builder as the tokenizer would have: most of a page never goes
//! through html5ever's character-by-character tokenizer.
//!
//! The bodies of `<script>` (other than JSON-LD) and `<style>` elements are
//! taken out of the tokenizer's input unread ([`boundaries`]): nothing reads
//! them, and they are about half the bytes of a news page. In the tree these
//! elements are empty.
//!
//! Elements the parser invents (`html`, `head`, `body`, `tbody`, a reopened
//! `<b>`) have no start tag and no range: they are *synthetic*.
//!
//! html5ever takes time superlinear in some pages (deep nesting, misnested
//! formatting elements reopened over and over); the tree sink measures what
//! is actually built and the parse stops, with a [`ParseError`], once a
//! documented limit is passed.

mod align;
mod attrs;
mod boundaries;
pub mod entities;
mod names;
mod node_index;
pub mod outline;
mod plain_tokens;
mod sink;

use crate::source::TextRange;
use ego_tree::NodeId;
pub use node_index::node_index;
use scraper::{Html, Node};

pub use align::{Segment, TextMap};
pub use attrs::{
    attr, class_words, for_each_class_word, hidden_and_role, is_hidden, split_words, style_hides,
};

/// Pages whose elements nest deeper than this are refused. html5ever works in
/// time proportional to the depth of its stack of open elements for most
/// tags, and reopening misnested formatting elements in time proportional
/// to its square, so a page nested without limit parses in quadratic or
/// cubic time. Browsers cap the depth at the same 512 (Blink and WebKit);
/// the corpus pages nest at most 51 deep.
pub const MAX_DEPTH: usize = 512;

/// How many elements the parser may invent for a page of `len` bytes (a
/// reopened `<b>`, an implied `tbody`; not counting elements written as
/// tags). Misnested formatting elements are reopened around every piece of
/// text that follows, so a few bytes can make the parser build thousands of
/// elements, in time quadratic in their number. Real pages invent a few per
/// hundred kilobytes (the corpus: at most 11 in 244 KB); this allows one per
/// 16 bytes.
pub fn max_implied_elements(len: usize) -> usize {
    len / 16 + 10_000
}

/// How much work the parser may do for a page of `len` bytes, counted as
/// the depth of its stack of open elements summed over the tokens: html5ever
/// scans that stack for most tags, so a page that keeps it deep costs time
/// in proportion to depth times length. Real pages stay under 2 per byte
/// (the corpus: at most 1.2); this allows 32.
pub fn max_parse_work(len: usize) -> usize {
    len.saturating_mul(32).saturating_add(4_000_000)
}

/// Why a page could not be parsed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParseError {
    /// An element landed this deep in the tree built, past [`MAX_DEPTH`];
    /// parsing stopped there.
    TooDeep(usize),
    /// The parser had invented this many elements, past
    /// [`max_implied_elements`]; parsing stopped there.
    TooManyImplied(usize),
    /// The parser's work passed [`max_parse_work`]: elements nest deep for
    /// much of the page.
    TooMuchWork(usize),
    /// The page has this many bytes, more than the parser can address (4 GiB).
    TooLarge(usize),
}

impl std::fmt::Display for ParseError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ParseError::TooDeep(_) => write!(
                f,
                "elements nest more than {MAX_DEPTH} deep, deeper than copydesk parses"
            ),
            ParseError::TooManyImplied(count) => write!(
                f,
                "misnested markup made the parser invent {count} elements \
                 (reopened formatting elements), more than copydesk builds for a page this size"
            ),
            ParseError::TooMuchWork(_) => write!(
                f,
                "elements nest so deep over so much of the page that parsing it would take too long"
            ),
            ParseError::TooLarge(len) => {
                write!(
                    f,
                    "the page has {len} bytes, more than the 4 GiB copydesk parses"
                )
            }
        }
    }
}

/// A parsed page: scraper's DOM plus source positions.
pub struct ParsedHtml {
    pub dom: Html,
    /// Depth and start tag range of every element, by node index.
    elements: Vec<sink::ElementInfo>,
    /// For every text node, where each of its characters came from.
    text_maps: align::TextMaps,
    /// Bytes of non-whitespace text whose position could only be approximated.
    pub approximate_text_bytes: usize,
}

impl ParsedHtml {
    /// Parses a page, recording positions. Never panics on any input. Parses
    /// in time linear in the page: refuses, stopping as soon as a limit is
    /// passed, a page nested deeper than [`MAX_DEPTH`] in the tree built, one
    /// that makes the parser invent more than [`max_implied_elements`], or
    /// one that keeps it working past [`max_parse_work`].
    pub fn parse(text: &str) -> Result<ParsedHtml, ParseError> {
        if text.len() >= u32::MAX as usize {
            return Err(ParseError::TooLarge(text.len()));
        }
        // The tokenizer would drop a byte order mark at the start of every
        // `feed`, not only the first: strip it here, once.
        let origin = if text.starts_with('\u{FEFF}') { 3 } else { 0 };
        let (dom, recording) = boundaries::parse(&text[origin..], origin as u32);
        if let Some(why) = recording.refused {
            return Err(why);
        }
        let (text_maps, approximate_text_bytes) = align::locate_texts(text, &dom, &recording.texts);
        Ok(ParsedHtml {
            dom,
            elements: recording.elements,
            text_maps,
            approximate_text_bytes,
        })
    }

    /// The source range of an element's start tag; `None` for synthetic elements.
    pub fn start_tag(&self, node: NodeId) -> Option<TextRange> {
        let info = self.elements.get(node_index(node))?;
        (info.element && info.tag_end > 0)
            .then(|| TextRange::new(info.tag_start as usize, info.tag_end as usize))
    }

    /// How deep an element sits in the tree (the root element at 1).
    pub fn depth(&self, node: NodeId) -> Option<usize> {
        let info = self.elements.get(node_index(node))?;
        (info.element && info.depth > 0).then_some(info.depth as usize)
    }

    /// Where the characters of a text node came from.
    pub fn text_map(&self, node: NodeId) -> Option<TextMap<'_>> {
        self.text_maps.get(node)
    }

    /// The source extent of an element: from its start tag (or first located
    /// descendant) to the end of its last located descendant.
    pub fn element_extent(&self, node: NodeId) -> Option<TextRange> {
        let node_ref = self.dom.tree.get(node)?;
        let mut extent: Option<TextRange> = None;
        for descendant in node_ref.descendants() {
            let range = match descendant.value() {
                Node::Element(_) => self.start_tag(descendant.id()),
                Node::Text(_) => self.text_map(descendant.id()).and_then(|m| m.extent()),
                _ => None,
            };
            if let Some(range) = range {
                extent = Some(extent.map_or(range, |e| e.cover(range)));
            }
        }
        extent
    }
}

#[cfg(test)]
mod tests;
