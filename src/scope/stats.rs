//! Per-element text statistics of a page, gathered in one post-order walk:
//! how much visible text, link text, prose and commas each subtree holds,
//! and which elements are site chrome. Choosing the root and the furniture
//! both read these, so the page is walked for them once.

use crate::html::node_index;
use crate::html::{ParsedHtml, hidden_and_role, is_hidden};
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
                    if is_never_text(&element.name.local) {
                        continue;
                    }
                    let name = element.name();
                    // Hidden or chrome: one pass over the attributes for both.
                    let (hidden, role) = hidden_and_role(element);
                    if hidden {
                        continue;
                    }
                    if name == "a" {
                        in_link += 1;
                    }
                    let chrome_self = is_chrome_tag(name) || is_chrome_role(role);
                    if chrome_self {
                        in_chrome += 1;
                    }
                    open.push(Count {
                        has_h1: name == "h1",
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

/// Non-space characters and commas (Latin and CJK) of a text, as
/// `char::is_whitespace` and `,` `，` `、` count them, in bytes: characters
/// are the bytes that do not continue a UTF-8 sequence. Bytes are counted
/// in blocks small enough for byte counters, which the compiler turns into
/// vector code; the few lead bytes of non-ASCII spaces and commas send the
/// text through [`unicode_spaces_and_commas`] too.
pub(super) fn count_visible_and_commas(text: &str) -> (u32, u32) {
    let bytes = text.as_bytes();
    let (mut spaces, mut commas, mut tails, mut leads) = (0usize, 0usize, 0usize, 0usize);
    for block in bytes.chunks(255) {
        let (mut s, mut c, mut t, mut l) = (0u8, 0u8, 0u8, 0u8);
        for &b in block {
            // ASCII whitespace: space and \t \n \x0b \x0c \r.
            s += u8::from(b == b' ' || b.wrapping_sub(b'\t') < 5);
            c += u8::from(b == b',');
            t += u8::from(b & 0xC0 == 0x80);
            l += u8::from(matches!(b, 0xC2 | 0xE1 | 0xE2 | 0xE3 | 0xEF));
        }
        spaces += usize::from(s);
        commas += usize::from(c);
        tails += usize::from(t);
        leads += usize::from(l);
    }
    if leads > 0 {
        let (s, c) = unicode_spaces_and_commas(bytes);
        spaces += s;
        commas += c;
    }
    let visible = bytes.len() - tails - spaces;
    let cap = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
    (cap(visible), cap(commas))
}

/// Non-ASCII whitespace (U+0085, U+00A0, U+1680, U+2000 to U+200A, U+2028,
/// U+2029, U+202F, U+205F, U+3000: Unicode's White_Space) and CJK commas
/// (U+FF0C, U+3001) in UTF-8 bytes.
fn unicode_spaces_and_commas(bytes: &[u8]) -> (usize, usize) {
    let (mut spaces, mut commas) = (0, 0);
    for (i, &b) in bytes.iter().enumerate() {
        if !matches!(b, 0xC2 | 0xE1 | 0xE2 | 0xE3 | 0xEF) {
            continue;
        }
        let next = |k: usize| bytes.get(i + k).copied().unwrap_or(0);
        match (b, next(1), next(2)) {
            (0xC2, 0x85 | 0xA0, _)
            | (0xE1, 0x9A, 0x80)
            | (0xE2, 0x80, 0x80..=0x8A | 0xA8 | 0xA9 | 0xAF)
            | (0xE2, 0x81, 0x9F)
            | (0xE3, 0x80, 0x80) => spaces += 1,
            (0xE3, 0x80, 0x81) | (0xEF, 0xBC, 0x8C) => commas += 1,
            _ => {}
        }
    }
    (spaces, commas)
}

/// Elements whose content a reader never sees as text: the same list the
/// block walk skips, plus elements hidden by attribute or inline style.
pub(super) fn is_invisible(element: &Element) -> bool {
    is_never_text(&element.name.local) || is_hidden(element)
}

/// Elements that are one paragraph of prose each.
pub(super) fn is_prose_block(name: &str) -> bool {
    matches!(name, "p" | "pre" | "td" | "blockquote")
}

/// Site chrome by its tag or ARIA role: navigation, sidebars, dialogs. Not
/// `form`: ASP.NET pages wrap the whole page in one; forms are furniture
/// only while they hold no article (see [`is_builtin_furniture`]).
pub(super) fn is_chrome(element: &Element) -> bool {
    is_chrome_tag(element.name()) || is_chrome_role(crate::html::attr(element, "role"))
}

fn is_chrome_tag(name: &str) -> bool {
    matches!(name, "nav" | "aside" | "button" | "dialog" | "menu")
}

fn is_chrome_role(role: Option<&str>) -> bool {
    matches!(
        role,
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

    /// What the byte counts must equal: a count by character.
    fn by_char(text: &str) -> (u32, u32) {
        let visible = text.chars().filter(|c| !c.is_whitespace()).count();
        let commas = text
            .chars()
            .filter(|c| matches!(c, ',' | '，' | '、'))
            .count();
        (visible as u32, commas as u32)
    }

    #[test]
    fn byte_counts_equal_character_counts() {
        // Every whitespace character, the commas, and neighbours of their
        // UTF-8 sequences that are not spaces.
        let spaces: String = (0..=0x3000u32)
            .filter_map(char::from_u32)
            .filter(|c| c.is_whitespace())
            .collect();
        assert_eq!(spaces.chars().count(), 25);
        let near = "\u{84}\u{a1}\u{1681}\u{200b}\u{2027}\u{2030}\u{205e}\u{3002}\u{ff0d}’“—é東";
        for text in [
            spaces.clone(),
            format!("a{spaces}b,{near}，x、y"),
            near.repeat(40),
            format!("{}{spaces}", "x ".repeat(200)),
        ] {
            assert_eq!(count_visible_and_commas(&text), by_char(&text), "{text:?}");
        }
    }
}
