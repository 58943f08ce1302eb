//! What the HTML report shows of a page, taken from the parsed page while it
//! is still at hand: the article's text blocks (the ones the rules lint,
//! from [`crate::document`]) and, for every finding, where it sits in them.
//!
//! Findings are byte ranges of the source file; the report shows block
//! text. A range is placed, in this order of preference:
//!
//! 1. on the block characters whose source falls inside it (a word, a
//!    sentence, a whole paragraph);
//! 2. on a whole block, when it is the start tag of that block's element
//!    (`missing-byline` flags the headline's `<h1>` tag);
//! 3. as an element note between blocks, where the element stands in the
//!    page, when it is another element's start tag (an `<img>` without a
//!    credit: the note names its `src` and `alt`, and the text around it
//!    when the element is outside the article);
//! 4. otherwise (a comment, markup) as a note with the raw source excerpt.
//!
//! Built only for the HTML format and only for pages with findings; once
//! built, the page's source and DOM can be dropped.

use crate::diagnostic::Diagnostic;
use crate::document::{Block, BlockKind, Document};
use crate::source::TextRange;
use ego_tree::NodeId;
use rustc_hash::FxHashMap;
use scraper::Node;

/// Longest excerpt of element text or raw source shown in a note.
const EXCERPT_CHARS: usize = 200;

/// The article text of one page with the findings placed in it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PageText {
    /// The page's `<title>`, whitespace collapsed.
    pub title: Option<String>,
    /// Blocks and element notes, in page order.
    pub items: Vec<Item>,
}

/// One thing shown in the page's column.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Item {
    Block(TextBlock),
    Element(ElementNote),
}

/// A block of article text and the marks on it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TextBlock {
    pub kind: BlockKind,
    pub text: String,
    /// Sorted by start; may overlap.
    pub marks: Vec<Mark>,
}

/// A marked byte range of a block's text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Mark {
    pub start: usize,
    pub end: usize,
    /// Index into the file's diagnostics.
    pub diagnostic: usize,
    pub role: Role,
}

/// What a mark stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// The flagged text itself.
    Primary,
    /// The n-th related location ("first printed here").
    Related(usize),
    /// A sub-range to emphasise (the words that differ).
    Emphasis,
}

/// An element (or stretch of markup) a finding points at that is not
/// article text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ElementNote {
    /// The element's name (`img`), or `None` for raw source.
    pub tag: Option<String>,
    /// `src` (images, media) or `href` (links), as written in the page.
    pub src: Option<String>,
    pub alt: Option<String>,
    /// The element's text, or the raw source excerpt, shortened.
    pub excerpt: String,
    /// The findings pointing here, with the role of this place for each.
    pub marks: Vec<(usize, Role)>,
}

/// The page text for `doc`'s findings. `None` when there are none (the
/// report lists clean pages without their text).
pub fn page_text(doc: &Document, diagnostics: &[Diagnostic]) -> Option<PageText> {
    if diagnostics.is_empty() {
        return None;
    }
    let mut placer = Placer::new(doc);
    for (index, diagnostic) in diagnostics.iter().enumerate() {
        placer.place(diagnostic.range, index, Role::Primary);
        for (k, related) in diagnostic.related.iter().enumerate() {
            placer.place(related.range, index, Role::Related(k));
        }
        for &emphasis in &diagnostic.emphasis {
            placer.place_in_text(emphasis, index, Role::Emphasis);
        }
    }
    Some(placer.finish(title(doc)))
}

/// Where each block's characters come from, and the notes found so far.
struct Placer<'d> {
    doc: &'d Document<'d>,
    blocks: Vec<BlockSpan>,
    marks: Vec<Vec<Mark>>,
    /// Element notes by the source offset where they stand.
    notes: FxHashMap<usize, ElementNote>,
    /// Element start tags, sorted by start (built on first need).
    tags: Option<Vec<(TextRange, NodeId)>>,
    block_of_node: FxHashMap<NodeId, usize>,
}

/// A block's source extent and, per character, its text offset and source
/// range.
struct BlockSpan {
    low: usize,
    high: usize,
    chars: Vec<(usize, TextRange)>,
    /// Whether the characters' sources only move forward (nearly always:
    /// text out of source order comes from foster-parented table text), so
    /// a range is found by binary search, not by a scan of the block.
    in_order: bool,
}

impl BlockSpan {
    fn new(block: &Block) -> BlockSpan {
        let chars: Vec<(usize, TextRange)> = block
            .text
            .char_indices()
            .map(|(i, c)| (i, block.source_range(i, i + c.len_utf8())))
            .collect();
        let low = chars.iter().map(|(_, r)| r.start).min().unwrap_or(0);
        let high = chars.iter().map(|(_, r)| r.end).max().unwrap_or(0);
        let in_order = chars
            .windows(2)
            .all(|w| w[0].1.start <= w[1].1.start && w[0].1.end <= w[1].1.end);
        BlockSpan {
            low,
            high,
            chars,
            in_order,
        }
    }

    /// The text range of the characters whose source overlaps `range` (an
    /// empty range counts as the character it stands before).
    fn text_range(&self, range: TextRange, text_len: usize) -> Option<(usize, usize)> {
        let overlaps = |r: &TextRange| {
            if range.is_empty() {
                r.contains(range.start) || (r.start == range.start)
            } else {
                r.start < range.end && range.start < r.end
            }
        };
        let (first, last) = if self.in_order {
            let from = self
                .chars
                .partition_point(|(_, r)| r.end <= range.start && r.start < range.start);
            let hits = self.chars[from..]
                .iter()
                .take_while(|(_, r)| {
                    r.start < range.end || (range.is_empty() && r.start == range.start)
                })
                .filter(|(_, r)| overlaps(r))
                .count();
            if hits == 0 {
                return None;
            }
            (from, from + hits - 1)
        } else {
            let mut hits = self
                .chars
                .iter()
                .enumerate()
                .filter(|(_, (_, r))| overlaps(r));
            let (first, _) = hits.next()?;
            (first, hits.next_back().map_or(first, |(k, _)| k))
        };
        let start = self.chars[first].0;
        let end = self
            .chars
            .get(last + 1)
            .map_or(text_len, |(offset, _)| *offset);
        Some((start, end))
    }
}

impl<'d> Placer<'d> {
    fn new(doc: &'d Document<'d>) -> Placer<'d> {
        let blocks: Vec<BlockSpan> = doc.blocks.iter().map(BlockSpan::new).collect();
        let block_of_node = doc
            .blocks
            .iter()
            .enumerate()
            .map(|(i, b)| (b.node, i))
            .collect();
        Placer {
            doc,
            marks: vec![Vec::new(); blocks.len()],
            blocks,
            notes: FxHashMap::default(),
            tags: None,
            block_of_node,
        }
    }

    fn place(&mut self, range: TextRange, diagnostic: usize, role: Role) {
        if self.place_in_text(range, diagnostic, role) {
            return;
        }
        let Some((tag, node)) = self.element_at(range.start) else {
            self.raw_note(range, diagnostic, role);
            return;
        };
        if let Some(&block) = self.block_of_node.get(&node) {
            let end = self.doc.blocks[block].text.len();
            self.marks[block].push(Mark {
                start: 0,
                end,
                diagnostic,
                role,
            });
            return;
        }
        let doc = self.doc;
        self.notes
            .entry(tag.start)
            .or_insert_with(|| element_note(doc, node))
            .marks
            .push((diagnostic, role));
    }

    /// Marks the block text `range` covers; false when it covers none.
    fn place_in_text(&mut self, range: TextRange, diagnostic: usize, role: Role) -> bool {
        let mut placed = false;
        for (index, span) in self.blocks.iter().enumerate() {
            let near = if range.is_empty() {
                span.low <= range.start && range.start < span.high
            } else {
                span.low < range.end && range.start < span.high
            };
            if !near {
                continue;
            }
            let text_len = self.doc.blocks[index].text.len();
            if let Some((start, end)) = span.text_range(range, text_len) {
                self.marks[index].push(Mark {
                    start,
                    end,
                    diagnostic,
                    role,
                });
                placed = true;
            }
        }
        placed
    }

    /// The element whose start tag holds `offset`.
    fn element_at(&mut self, offset: usize) -> Option<(TextRange, NodeId)> {
        let html = &self.doc.html;
        let tags = self.tags.get_or_insert_with(|| {
            let mut tags: Vec<(TextRange, NodeId)> = html
                .dom
                .tree
                .nodes()
                .filter(|n| n.value().is_element())
                .filter_map(|n| html.start_tag(n.id()).map(|r| (r, n.id())))
                .collect();
            tags.sort_by_key(|(r, _)| (r.start, r.end));
            tags
        });
        let after = tags.partition_point(|(r, _)| r.start <= offset);
        let (range, node) = *tags.get(after.checked_sub(1)?)?;
        (offset < range.end.max(range.start + 1)).then_some((range, node))
    }

    fn raw_note(&mut self, range: TextRange, diagnostic: usize, role: Role) {
        let source = self.doc.source;
        let start = source.floor_char_boundary(range.start);
        let end = source.floor_char_boundary(range.end).max(start);
        self.notes
            .entry(start)
            .or_insert_with(|| ElementNote {
                tag: None,
                src: None,
                alt: None,
                excerpt: shorten(&source.text[start..end]),
                marks: Vec::new(),
            })
            .marks
            .push((diagnostic, role));
    }

    /// Blocks and notes in page order: a note goes before the first block
    /// that starts after it.
    fn finish(self, title: Option<String>) -> PageText {
        let mut notes: Vec<(usize, ElementNote)> = self.notes.into_iter().collect();
        notes.sort_by_key(|(at, _)| *at);
        let mut notes = notes.into_iter().peekable();
        let mut items = Vec::new();
        for ((block, span), mut marks) in self.doc.blocks.iter().zip(&self.blocks).zip(self.marks) {
            while let Some((_, note)) = notes.next_if(|(at, _)| *at < span.low) {
                items.push(Item::Element(note));
            }
            marks.sort_by_key(|m| (m.start, std::cmp::Reverse(m.end)));
            items.push(Item::Block(TextBlock {
                kind: block.kind,
                text: block.text.clone(),
                marks,
            }));
        }
        items.extend(notes.map(|(_, note)| Item::Element(note)));
        PageText { title, items }
    }
}

fn element_note(doc: &Document, node: NodeId) -> ElementNote {
    let Some(node_ref) = doc.html.dom.tree.get(node) else {
        return ElementNote {
            tag: None,
            src: None,
            alt: None,
            excerpt: String::new(),
            marks: Vec::new(),
        };
    };
    let element = node_ref.value().as_element();
    let attr = |name: &str| {
        element
            .and_then(|e| e.attr(name))
            .map(|v| v.trim().to_owned())
            .filter(|v| !v.is_empty())
    };
    ElementNote {
        tag: element.map(|e| e.name().to_owned()),
        src: attr("src")
            .or_else(|| attr("data-src"))
            .or_else(|| attr("href")),
        alt: attr("alt"),
        excerpt: text_excerpt(doc, node),
        marks: Vec::new(),
    }
}

/// The first characters of an element's text, whitespace collapsed.
fn text_excerpt(doc: &Document, node: NodeId) -> String {
    let Some(node) = doc.html.dom.tree.get(node) else {
        return String::new();
    };
    let mut text = String::new();
    for descendant in node.descendants() {
        if let Node::Text(t) = descendant.value() {
            text.push_str(&t.text);
            text.push(' ');
            if text.len() > EXCERPT_CHARS * 4 {
                break;
            }
        }
    }
    shorten(&text)
}

/// Whitespace collapsed, at most [`EXCERPT_CHARS`] characters.
fn shorten(text: &str) -> String {
    let mut out = String::new();
    for (count, word) in text.split_whitespace().enumerate() {
        if count > 0 {
            out.push(' ');
        }
        out.push_str(word);
        if out.chars().count() > EXCERPT_CHARS {
            let cut: String = out.chars().take(EXCERPT_CHARS).collect();
            return format!("{cut}…");
        }
    }
    out
}

/// The text of the page's `<title>`.
fn title(doc: &Document) -> Option<String> {
    let title = doc
        .html
        .dom
        .tree
        .nodes()
        .find(|n| n.value().as_element().is_some_and(|e| e.name() == "title"))?;
    let text: String = title
        .children()
        .filter_map(|c| c.value().as_text().map(|t| t.text.to_string()))
        .collect();
    let text = shorten(&text);
    (!text.is_empty()).then_some(text)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::Severity;
    use crate::source::SourceFile;

    fn range_of(source: &SourceFile, needle: &str) -> TextRange {
        let start = source.text.find(needle).expect("needle in page");
        TextRange::new(start, start + needle.len())
    }

    fn blocks(page: &PageText) -> Vec<&TextBlock> {
        page.items
            .iter()
            .filter_map(|i| match i {
                Item::Block(b) => Some(b),
                Item::Element(_) => None,
            })
            .collect()
    }

    #[test]
    fn a_word_is_marked_in_the_block_text_through_entities() {
        let source = SourceFile::from_text(
            "a.html",
            "<title>T</title><p>Caf&eacute; the the <em>end</em></p>",
        );
        let doc = Document::parse(&source).expect("parses");
        let flagged = range_of(&source, "the the");
        let diagnostics = [Diagnostic::new(
            "repeated-word",
            Severity::Warning,
            flagged,
            "m",
        )];
        let page = page_text(&doc, &diagnostics).expect("has findings");
        assert_eq!(page.title.as_deref(), Some("T"));
        let block = blocks(&page)[0];
        assert_eq!(block.text, "Café the the end");
        let mark = block.marks[0];
        assert_eq!(&block.text[mark.start..mark.end], "the the");
        assert_eq!(mark.role, Role::Primary);
    }

    #[test]
    fn a_headline_tag_marks_the_whole_heading_and_an_image_gets_a_note() {
        let source = SourceFile::from_text(
            "a.html",
            "<body><h1 class=t>Headline</h1><p>Intro text here.</p>\
             <img src=\"https://example.org/a.jpg\" alt=\"A boat\"><p>After.</p></body>",
        );
        let doc = Document::parse(&source).expect("parses");
        let headline = range_of(&source, "<h1 class=t>");
        let image = range_of(
            &source,
            "<img src=\"https://example.org/a.jpg\" alt=\"A boat\">",
        );
        let diagnostics = [
            Diagnostic::new("missing-byline", Severity::Warning, headline, "no byline"),
            Diagnostic::new(
                "missing-image-credit",
                Severity::Warning,
                image,
                "no credit",
            ),
        ];
        let page = page_text(&doc, &diagnostics).expect("has findings");
        let kinds: Vec<&str> = page
            .items
            .iter()
            .map(|i| match i {
                Item::Block(b) => b.text.as_str(),
                Item::Element(_) => "<note>",
            })
            .collect();
        assert_eq!(kinds, ["Headline", "Intro text here.", "<note>", "After."]);
        let Item::Block(h1) = &page.items[0] else {
            panic!("a block first")
        };
        assert_eq!((h1.marks[0].start, h1.marks[0].end), (0, 8));
        let Item::Element(note) = &page.items[2] else {
            panic!("the note third")
        };
        assert_eq!(note.tag.as_deref(), Some("img"));
        assert_eq!(note.src.as_deref(), Some("https://example.org/a.jpg"));
        assert_eq!(note.alt.as_deref(), Some("A boat"));
        assert_eq!(note.marks, [(1, Role::Primary)]);
    }

    #[test]
    fn a_comment_becomes_a_raw_note_and_clean_pages_have_no_text() {
        let source = SourceFile::from_text(
            "a.html",
            "<p>One.</p><!-- copydesk-disable x --><p>Two.</p>",
        );
        let doc = Document::parse(&source).expect("parses");
        assert!(page_text(&doc, &[]).is_none());
        let comment = range_of(&source, "<!-- copydesk-disable x -->");
        let diagnostics = [Diagnostic::new(
            "unused-suppression",
            Severity::Info,
            comment,
            "m",
        )];
        let page = page_text(&doc, &diagnostics).expect("has findings");
        let Item::Element(note) = &page.items[1] else {
            panic!("the note between the blocks: {page:?}")
        };
        assert_eq!(note.tag, None);
        assert_eq!(note.excerpt, "<!-- copydesk-disable x -->");
    }

    #[test]
    fn thousands_of_findings_in_one_block_are_each_marked_on_their_words() {
        let body: String = (0..3000).map(|n| format!("word{n} the the ")).collect();
        let page = format!("<p>{body}</p>");
        let source = SourceFile::from_text("a.html", page.as_str());
        let doc = Document::parse(&source).expect("parses");
        let diagnostics: Vec<Diagnostic> = source
            .text
            .match_indices("the the")
            .map(|(at, m)| {
                let range = TextRange::new(at, at + m.len());
                Diagnostic::new("repeated-word", Severity::Warning, range, "m")
            })
            .collect();
        assert_eq!(diagnostics.len(), 3000);
        let page = page_text(&doc, &diagnostics).expect("has findings");
        let block = blocks(&page)[0];
        assert_eq!(block.marks.len(), 3000);
        for mark in &block.marks {
            assert_eq!(&block.text[mark.start..mark.end], "the the");
        }
    }
}
