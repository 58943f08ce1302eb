//! Per-element text statistics of a page, gathered in one post-order walk:
//! how much visible text, link text, prose and commas each subtree holds,
//! and which elements are site chrome. Choosing the root and the furniture
//! both read these, so the page is walked for them once.

use crate::html::node_index;
use crate::html::{ParsedHtml, is_hidden};
use ego_tree::{NodeId, NodeRef};
use scraper::Node;
use scraper::node::Element;

use super::{MIN_SCORED_CHARS, is_never_text};

/// Per-element text statistics, gathered in one post-order walk.
#[derive(Default, Clone, Copy)]
pub(super) struct Count {
    /// Non-space characters of visible text in the subtree.
    pub(super) chars: u32,
    /// Of those, characters inside links.
    pub(super) link_chars: u32,
    /// Commas (Latin and CJK) in the visible text: each one is a clause, a
    /// mark of prose rather than labels.
    pub(super) commas: u32,
    /// Whether the subtree holds an `h1` (the headline is never furniture).
    pub(super) has_h1: bool,
    /// Whether the element is inside (or is) a `nav`, `aside`, ... (see [`is_chrome`]).
    pub(super) in_chrome: bool,
    /// Characters of prose: paragraph-like blocks of at least
    /// [`MIN_SCORED_CHARS`] that are not mostly links. Teaser cards and link
    /// lists have little; articles have nearly all their text here.
    pub(super) prose: u32,
    /// Non-space characters of the text nodes directly inside the element.
    pub(super) own_chars: u32,
    /// Whether the walk entered the element: it is not invisible (see
    /// [`is_invisible`]) and no ancestor is. Later walks ask the
    /// element-level questions below only of elements without one.
    pub(super) visited: bool,
    /// Whether the element itself is chrome (see [`is_chrome`]).
    pub(super) chrome_self: bool,
}

/// Counts by node index (see [`node_index`]): a vector, not a hash map,
/// since every element of the page gets one.
pub(super) struct Stats {
    counts: Vec<Count>,
}

impl Stats {
    /// Walks the whole document once. Invisible subtrees (scripts, hidden
    /// elements) count zero.
    pub(super) fn collect(html: &ParsedHtml) -> Stats {
        let mut counts: Vec<Count> = Vec::new();
        let root = html.dom.tree.root();
        // (node, entering?)
        let mut stack: Vec<(NodeRef<Node>, bool)> = vec![(root, true)];
        // Open elements' running counts, innermost last.
        let mut open: Vec<Count> = vec![Count::default()];
        let mut in_link = 0u32;
        let mut in_chrome = 0u32;
        while let Some((node, entering)) = stack.pop() {
            match node.value() {
                Node::Text(text) if entering => {
                    let (chars, commas) = count_visible_and_commas(&text.text);
                    if let Some(top) = open.last_mut() {
                        top.chars += chars;
                        top.own_chars += chars;
                        top.commas += commas;
                        if in_link > 0 {
                            top.link_chars += chars;
                        }
                    }
                }
                Node::Element(element) if entering => {
                    if is_invisible(element) {
                        continue;
                    }
                    if element.name() == "a" {
                        in_link += 1;
                    }
                    let chrome_self = is_chrome(element);
                    if chrome_self {
                        in_chrome += 1;
                    }
                    open.push(Count {
                        has_h1: element.name() == "h1",
                        in_chrome: in_chrome > 0,
                        visited: true,
                        chrome_self,
                        ..Count::default()
                    });
                    stack.push((node, false));
                    for child in node.children().rev() {
                        stack.push((child, true));
                    }
                }
                Node::Element(element) => {
                    if element.name() == "a" {
                        in_link = in_link.saturating_sub(1);
                    }
                    let mut done = open.pop().unwrap_or_default();
                    if done.chrome_self {
                        in_chrome = in_chrome.saturating_sub(1);
                    }
                    let mostly_text = done.link_chars.saturating_mul(2) < done.chars;
                    if is_prose_block(element.name()) {
                        if done.chars >= MIN_SCORED_CHARS && mostly_text {
                            done.prose = done.chars;
                        }
                    } else if done.own_chars >= MIN_SCORED_CHARS && mostly_text {
                        done.prose += done.own_chars;
                    }
                    let index = node_index(node.id());
                    if counts.len() <= index {
                        counts.resize(index + 1, Count::default());
                    }
                    counts[index] = done;
                    if let Some(parent) = open.last_mut() {
                        parent.prose += done.prose;
                        parent.chars += done.chars;
                        parent.link_chars += done.link_chars;
                        parent.commas += done.commas;
                        parent.has_h1 |= done.has_h1;
                    }
                }
                Node::Document | Node::Fragment if entering => {
                    for child in node.children().rev() {
                        stack.push((child, true));
                    }
                }
                _ => {}
            }
        }
        Stats { counts }
    }

    pub(super) fn get(&self, node: NodeId) -> Count {
        self.counts
            .get(node_index(node))
            .copied()
            .unwrap_or_default()
    }

    /// [`is_invisible`], answered from the walk for the elements it entered.
    pub(super) fn is_invisible(&self, node: NodeId, element: &Element) -> bool {
        !self.get(node).visited && is_invisible(element)
    }

    /// [`is_chrome`], answered from the walk for the elements it entered.
    pub(super) fn is_chrome(&self, node: NodeId, element: &Element) -> bool {
        let count = self.get(node);
        if count.visited {
            count.chrome_self
        } else {
            is_chrome(element)
        }
    }

    pub(super) fn chars(&self, node: NodeId) -> u32 {
        self.get(node).chars
    }

    /// Share of the subtree's text that sits inside links.
    pub(super) fn link_density(&self, node: NodeId) -> f64 {
        let count = self.get(node);
        if count.chars == 0 {
            return 0.0;
        }
        f64::from(count.link_chars) / f64::from(count.chars)
    }
}

pub(super) fn count_visible(text: &str) -> u32 {
    count_visible_and_commas(text).0
}

/// Non-space characters and commas (Latin and CJK) of a text. ASCII text
/// (most text nodes) is counted in bytes, in blocks small enough for byte
/// counters, which the compiler turns into vector code; text with other
/// characters is counted again by character.
pub(super) fn count_visible_and_commas(text: &str) -> (u32, u32) {
    let (mut spaces, mut commas, mut high) = (0usize, 0usize, 0usize);
    for block in text.as_bytes().chunks(255) {
        let (mut s, mut c, mut h) = (0u8, 0u8, 0u8);
        for &b in block {
            // `char::is_whitespace` on ASCII: space and \t \n \x0b \x0c \r.
            s += u8::from(b == b' ' || b.wrapping_sub(b'\t') < 5);
            c += u8::from(b == b',');
            h += u8::from(b >= 0x80);
        }
        spaces += usize::from(s);
        commas += usize::from(c);
        high += usize::from(h);
    }
    let visible = if high == 0 {
        text.len() - spaces
    } else {
        commas = 0;
        let mut visible = 0usize;
        for c in text.chars() {
            visible += usize::from(!c.is_whitespace());
            commas += usize::from(matches!(c, ',' | '，' | '、'));
        }
        visible
    };
    let cap = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
    (cap(visible), cap(commas))
}

/// Elements whose content a reader never sees as text: the same list the
/// block walk skips, plus elements hidden by attribute or inline style.
pub(super) fn is_invisible(element: &Element) -> bool {
    is_never_text(element.name()) || is_hidden(element)
}

/// Elements that are one paragraph of prose each.
pub(super) fn is_prose_block(name: &str) -> bool {
    matches!(name, "p" | "pre" | "td" | "blockquote")
}

/// Site chrome by its tag or ARIA role: navigation, sidebars, dialogs. Not
/// `form`: ASP.NET pages wrap the whole page in one; forms are furniture
/// only while they hold no article (see [`is_builtin_furniture`]).
pub(super) fn is_chrome(element: &Element) -> bool {
    matches!(
        element.name(),
        "nav" | "aside" | "button" | "dialog" | "menu"
    ) || matches!(
        crate::html::attr(element, "role"),
        Some("navigation" | "complementary" | "contentinfo" | "banner" | "search" | "dialog")
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn visible_characters_and_commas_in_any_script() {
        assert_eq!(count_visible_and_commas(""), (0, 0));
        assert_eq!(count_visible_and_commas(" a, b,\tc\r\n\x0b\x0c"), (5, 2));
        assert_eq!(count_visible_and_commas("é, 東京、大阪，x\u{a0}y"), (10, 3));
        // Longer than one counting block.
        let long = "ab, ".repeat(300);
        assert_eq!(count_visible_and_commas(&long), (900, 300));
        let long = format!("{long}ü");
        assert_eq!(count_visible_and_commas(&long), (901, 300));
    }
}
