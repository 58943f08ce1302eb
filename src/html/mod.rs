//! HTML -> DOM with source positions.
//!
//! scraper (html5ever) builds the DOM but keeps no positions. We feed the
//! parser the page in chunks (markup runs and text runs, see [`chunks`]) through
//! a tree sink that records which chunk was being parsed when each element was
//! created and each piece of text appended ([`sink`]). Afterwards every text
//! node's decoded text is aligned with the raw source of its chunk, entity by
//! entity ([`align`]), giving an exact source range for every character; every
//! element with a start tag of its own gets that tag's range.
//!
//! Elements the parser invents (`html`, `head`, `body`, `tbody`, a reopened
//! `<b>`) have no start tag and no range: they are *synthetic*.

mod align;
pub mod chunks;
pub mod entities;
mod sink;

use crate::source::TextRange;
use ego_tree::NodeId;
use html5ever::tendril::{StrTendril, TendrilSink};
use rustc_hash::FxHashMap;
use scraper::{Html, Node};

pub use align::{Segment, TextMap};

/// An attribute's value, looked up by name without interning the name.
///
/// `scraper::node::Element::attr` turns the name into an atom (a perfect-hash
/// lookup) on every call; elements have a handful of attributes, so a scan
/// comparing strings is cheaper on the hot paths that ask every element.
pub fn attr<'a>(element: &'a scraper::node::Element, name: &str) -> Option<&'a str> {
    element
        .attrs()
        .find_map(|(key, value)| (key == name).then_some(value))
}

/// Hidden by the `hidden` attribute, `aria-hidden="true"` or an inline style
/// `display: none` / `visibility: hidden`. Stylesheets are not evaluated.
pub fn is_hidden(element: &scraper::node::Element) -> bool {
    // One pass over the attributes: this runs for every element of the page.
    for (name, value) in element.attrs() {
        match name {
            "hidden" => return true,
            "aria-hidden" if value.trim().eq_ignore_ascii_case("true") => return true,
            "style" if style_hides(value) => return true,
            _ => {}
        }
    }
    false
}

/// Whether an inline style says `display: none` or `visibility: hidden`.
fn style_hides(style: &str) -> bool {
    let contains = |needle: &[u8]| {
        style
            .as_bytes()
            .windows(needle.len())
            .any(|w| w.eq_ignore_ascii_case(needle))
    };
    // Most styles say neither word: no need to normalise them.
    if !contains(b"none") && !contains(b"hidden") {
        return false;
    }
    let style: String = style
        .chars()
        .filter(|c| !c.is_whitespace())
        .flat_map(char::to_lowercase)
        .collect();
    style.contains("display:none") || style.contains("visibility:hidden")
}

/// The words of an element's class and id, lowercased and split at `-`,
/// `_`, spaces and lower-to-upper case changes: `captionFull` gives
/// `caption`, `full`; `field--name-field-highlights` gives `highlights`.
pub fn class_words(element: &scraper::node::Element) -> Vec<String> {
    attr(element, "class")
        .into_iter()
        .chain(attr(element, "id"))
        .flat_map(split_words)
        .collect()
}

/// [`class_words`] of one attribute value.
pub fn split_words(text: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut current = String::new();
    let mut prev_lower = false;
    for c in text.chars() {
        if !c.is_alphanumeric() {
            if !current.is_empty() {
                words.push(std::mem::take(&mut current));
            }
            prev_lower = false;
            continue;
        }
        if c.is_uppercase() && prev_lower && !current.is_empty() {
            words.push(std::mem::take(&mut current));
        }
        prev_lower = c.is_lowercase();
        current.extend(c.to_lowercase());
    }
    if !current.is_empty() {
        words.push(current);
    }
    words
}

/// Pages whose elements nest deeper than this are refused.
pub const MAX_DEPTH: usize = 4096;

/// Why a page could not be parsed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ParseError {
    TooDeep(usize),
}

impl std::fmt::Display for ParseError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ParseError::TooDeep(depth) => write!(
                f,
                "elements nest about {depth} deep, more than the {MAX_DEPTH} copydesk parses"
            ),
        }
    }
}

/// A parsed page: scraper's DOM plus source positions.
pub struct ParsedHtml {
    pub dom: Html,
    /// Start tag range of every element that has one in the source.
    start_tags: FxHashMap<NodeId, TextRange>,
    /// For every text node, where each of its characters came from.
    text_maps: FxHashMap<NodeId, TextMap>,
    /// Bytes of non-whitespace text whose position could only be approximated.
    pub approximate_text_bytes: usize,
}

impl ParsedHtml {
    /// Parses a page, recording positions. Never panics on any input; refuses
    /// pages nested deeper than [`MAX_DEPTH`], which html5ever parses in time
    /// quadratic in the depth (browsers cap the depth too: Blink at 512).
    pub fn parse(text: &str) -> Result<ParsedHtml, ParseError> {
        let chunks::Cut { chunks, max_depth } = chunks::cut(text);
        if max_depth > MAX_DEPTH {
            return Err(ParseError::TooDeep(max_depth));
        }
        let whole = StrTendril::from_slice(text);
        let sink = sink::LocatingSink::new();
        // Scripting on, as in a browser: `<noscript>` content is raw text,
        // never linted (it is what the page shows without JavaScript).
        let mut parser = html5ever::driver::parse_document(sink, Default::default());
        for (index, chunk) in chunks.iter().enumerate() {
            parser.tokenizer.sink.sink.current_chunk.set(index as u32);
            let piece = whole.subtendril(chunk.start as u32, (chunk.end - chunk.start) as u32);
            parser.process(piece);
        }
        let (dom, recording) = parser.finish();

        let start_tags = match_start_tags(text, &dom, &chunks, &recording.elements);
        let (text_maps, approximate_text_bytes) =
            align::locate_texts(text, &dom, &chunks, &recording.texts);
        Ok(ParsedHtml {
            dom,
            start_tags,
            text_maps,
            approximate_text_bytes,
        })
    }

    /// The source range of an element's start tag; `None` for synthetic elements.
    pub fn start_tag(&self, node: NodeId) -> Option<TextRange> {
        self.start_tags.get(&node).copied()
    }

    /// Where the characters of a text node came from.
    pub fn text_map(&self, node: NodeId) -> Option<&TextMap> {
        self.text_maps.get(&node)
    }

    /// The source extent of an element: from its start tag (or first located
    /// descendant) to the end of its last located descendant.
    pub fn element_extent(&self, node: NodeId) -> Option<TextRange> {
        let node_ref = self.dom.tree.get(node)?;
        let mut extent: Option<TextRange> = None;
        for descendant in node_ref.descendants() {
            let range = match descendant.value() {
                Node::Element(_) => self.start_tag(descendant.id()),
                Node::Text(_) => self.text_map(descendant.id()).and_then(TextMap::extent),
                _ => None,
            };
            if let Some(range) = range {
                extent = Some(extent.map_or(range, |e| e.cover(range)));
            }
        }
        extent
    }
}

/// Elements created while a markup chunk was fed are matched, in order and by
/// name, with that chunk's start tags. An element with no matching tag was
/// invented by the parser.
fn match_start_tags(
    page: &str,
    dom: &Html,
    chunks: &[chunks::Chunk],
    created: &[sink::CreatedElement],
) -> FxHashMap<NodeId, TextRange> {
    let mut ranges = FxHashMap::with_capacity_and_hasher(created.len(), Default::default());
    let mut current_chunk = u32::MAX;
    let mut next_tag = 0usize;
    for element in created {
        if element.chunk != current_chunk {
            current_chunk = element.chunk;
            next_tag = 0;
        }
        let Some(chunk) = chunks.get(element.chunk as usize) else {
            continue;
        };
        let Some(name) = dom
            .tree
            .get(element.node)
            .and_then(|n| n.value().as_element().map(|e| e.name()))
        else {
            continue;
        };
        if let Some(found) = chunk.tags[next_tag.min(chunk.tags.len())..]
            .iter()
            .position(|t| t.name(page).eq_ignore_ascii_case(name))
        {
            let tag = &chunk.tags[next_tag + found];
            ranges.insert(element.node, TextRange::new(tag.start, tag.end));
            next_tag += found + 1;
        }
    }
    ranges
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every character of every text node maps to source bytes that decode to it.
    fn assert_all_text_located(page: &str) {
        let parsed = ParsedHtml::parse(page).unwrap();
        for node in parsed.dom.tree.nodes() {
            let Node::Text(text) = node.value() else {
                continue;
            };
            let in_raw_text = node
                .parent()
                .and_then(|p| p.value().as_element().map(|e| e.name().to_owned()))
                .is_some_and(|n| matches!(n.as_str(), "script" | "style" | "title" | "textarea"));
            if in_raw_text {
                continue;
            }
            let map = parsed.text_map(node.id()).expect("text node has a map");
            for (offset, ch) in text.text.char_indices() {
                let range = map.char_range(offset, ch.len_utf8()).unwrap_or_else(|| {
                    panic!("no range for {ch:?} at {offset} in {:?}", &*text.text)
                });
                let raw = &page[range.start..range.end];
                let ok = raw == ch.to_string()
                    || (ch == '\n' && (raw == "\r\n" || raw == "\r"))
                    || (raw.starts_with('&')
                        && entities::decode_at(raw.as_bytes())
                            .is_some_and(|(c, _, _)| c[0] == ch || c[1] == ch))
                    || ch.is_whitespace();
                assert!(ok, "{ch:?} mapped to {raw:?} in {page:?}");
            }
        }
    }

    #[test]
    fn text_positions_are_exact() {
        assert_all_text_located("<p>Hello &amp; good&#8217;bye &copy2018 caf\u{e9} \u{1F600}</p>");
        assert_all_text_located("<html><body>\r\n<p>line one\r\nline two</p></body></html>");
        assert_all_text_located("<table><tr>stray text<td>cell &lt;1&gt;</td></tr></table>");
        assert_all_text_located("<p>a<!-- comment -->b</p><pre>\nkept</pre><p>x < y &amp z</p>");
        assert_all_text_located("<b><i>bold</b>italic</i> after</p></div>");
    }

    #[test]
    fn start_tags_are_found_and_synthetic_elements_have_none() {
        let page = "<p class=\"a>b\">x</p><table><tr><td>c</td></tr></table>";
        let parsed = ParsedHtml::parse(page).unwrap();
        let mut seen = Vec::new();
        for node in parsed.dom.tree.nodes() {
            if let Some(el) = node.value().as_element() {
                let range = parsed.start_tag(node.id());
                seen.push((el.name().to_owned(), range.map(|r| &page[r.start..r.end])));
            }
        }
        assert!(seen.contains(&("p".into(), Some("<p class=\"a>b\">"))));
        assert!(seen.contains(&("td".into(), Some("<td>"))));
        assert!(seen.contains(&("tbody".into(), None)));
        assert!(seen.contains(&("body".into(), None)));
    }
}

#[cfg(test)]
mod depth_tests {
    use super::*;

    #[test]
    fn pages_nested_too_deep_are_refused_quickly() {
        let page = format!("{}x{}", "<div>".repeat(100_000), "</div>".repeat(100_000));
        assert_eq!(
            ParsedHtml::parse(&page).err(),
            Some(ParseError::TooDeep(100_000))
        );
        let page = format!("{}x", "<p>".repeat(100_000));
        assert!(ParsedHtml::parse(&page).is_ok());
    }
}
