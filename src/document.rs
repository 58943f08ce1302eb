//! DOM -> Document: located text blocks, the unit the text rules see.
//!
//! A block is what a reader sees as one paragraph: a `p`, `li`, heading,
//! caption, quote, table cell, ..., or a run of text sitting directly in a
//! `div`/`section`. Inline markup (`a`, `em`, `span`, ...) is flattened into the
//! block, entities are decoded, whitespace is collapsed and `<br>` becomes a
//! space. Every byte of a block's text keeps the source range of the character
//! it came from, so a rule can flag one word and get its exact place in the file.

use crate::block_map::BlockMap;
use crate::html::{ParseError, ParsedHtml, Segment};
use crate::scope::{Scope, is_never_text};
use crate::source::{SourceFile, TextRange};
use ego_tree::{NodeId, NodeRef};
use scraper::Node;
use serde::Serialize;

mod selector_path;
use selector_path::SelectorPath;

/// What kind of element a block came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum BlockKind {
    Heading,
    Paragraph,
    Caption,
    ListItem,
    Quote,
    Cell,
    Other,
}

impl BlockKind {
    pub fn as_str(self) -> &'static str {
        match self {
            BlockKind::Heading => "heading",
            BlockKind::Paragraph => "paragraph",
            BlockKind::Caption => "caption",
            BlockKind::ListItem => "list-item",
            BlockKind::Quote => "quote",
            BlockKind::Cell => "cell",
            BlockKind::Other => "other",
        }
    }
}

/// A paragraph-like run of text with a map back to the source.
#[derive(Debug, Clone)]
pub struct Block {
    pub kind: BlockKind,
    /// The element the block came from.
    pub node: NodeId,
    /// Flattened text: entities decoded, inline markup removed, whitespace collapsed.
    pub text: String,
    /// CSS-selector-like path of the element, e.g. `#content > p:nth-of-type(3)`.
    pub selector: String,
    /// Where each character of `text` came from in the source.
    map: BlockMap,
    /// Byte ranges of `text` that are code (`code`, `kbd`, `samp`, `pre`, ...),
    /// which prose rules leave alone.
    code: Vec<(usize, usize)>,
}

impl Block {
    /// Whether the byte at `offset` of the text is inside code.
    pub fn is_code(&self, offset: usize) -> bool {
        let idx = self.code.partition_point(|&(start, _)| start <= offset);
        idx > 0 && offset < self.code[idx - 1].1
    }

    /// Whether any byte of `start..end` is inside code.
    pub fn overlaps_code(&self, start: usize, end: usize) -> bool {
        self.code.iter().any(|&(s, e)| s < end && start < e)
    }

    /// Source range of the byte range `start..end` of the block text.
    pub fn source_range(&self, start: usize, end: usize) -> TextRange {
        if self.map.is_empty() || self.text.is_empty() {
            return TextRange::default();
        }
        let start = start.min(self.text.len() - 1);
        if end <= start {
            return TextRange::empty(self.char_source(start).start);
        }
        let last = (end - 1).min(self.text.len() - 1);
        let (first, last) = (self.char_source(start), self.char_source(last));
        TextRange::new(first.start, last.end.max(first.start))
    }

    /// The source range of the character of the text that byte `offset`
    /// belongs to.
    fn char_source(&self, offset: usize) -> TextRange {
        let mut start = offset.min(self.text.len());
        while !self.text.is_char_boundary(start) {
            start -= 1;
        }
        let len = self.text[start..].chars().next().map_or(1, char::len_utf8);
        self.map.char_source(start, len)
    }

    /// Source range of the whole block text.
    pub fn range(&self) -> TextRange {
        self.source_range(0, self.text.len())
    }
}

/// Elements whose text is code or terminal output, not prose.
fn is_code(name: &str) -> bool {
    matches!(
        name,
        "code" | "kbd" | "samp" | "tt" | "var" | "pre" | "listing" | "xmp"
    )
}

/// A parsed page: the DOM with positions, the article scope and its text blocks.
pub struct Document<'src> {
    pub source: &'src SourceFile,
    pub html: ParsedHtml,
    pub scope: Scope,
    pub blocks: Vec<Block>,
}

impl<'src> Document<'src> {
    /// Parses a page and extracts the text blocks of the whole body.
    pub fn parse(source: &'src SourceFile) -> Result<Document<'src>, ParseError> {
        Document::parse_scoped(source, &[], &[])
    }

    /// Parses a page and extracts the text blocks of its article scope,
    /// chosen with the `content` and `exclude` selectors (see [`crate::scope`]).
    pub fn parse_scoped(
        source: &'src SourceFile,
        content: &[String],
        exclude: &[String],
    ) -> Result<Document<'src>, ParseError> {
        let html = ParsedHtml::parse(&source.text)?;
        let scope = crate::scope::choose(&html, content, exclude);
        Ok(Document::with_scope(source, html, scope))
    }

    /// Extracts the blocks of `scope` from a parsed page.
    pub fn with_scope(source: &'src SourceFile, html: ParsedHtml, scope: Scope) -> Document<'src> {
        let blocks = extract_blocks(&html, &scope);
        Document {
            source,
            html,
            scope,
            blocks,
        }
    }
}

impl Document<'_> {
    /// The page's declared language (`<html lang>`), lowercased, if any.
    pub fn lang(&self) -> Option<String> {
        let root = self.html.dom.root_element();
        root.value()
            .attr("lang")
            .or_else(|| root.value().attr("xml:lang"))
            .map(|l| l.trim().to_ascii_lowercase())
            .filter(|l| !l.is_empty())
    }

    /// Whether the page is in English or says nothing about its language.
    pub fn is_english_or_undeclared(&self) -> bool {
        self.lang()
            .is_none_or(|l| l == "en" || l.starts_with("en-") || l.starts_with("en_"))
    }
}

/// The kind of block an element makes on its own, if it is a block element.
fn block_kind(name: &str) -> Option<BlockKind> {
    Some(match name {
        "p" => BlockKind::Paragraph,
        "li" | "dt" | "dd" => BlockKind::ListItem,
        "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => BlockKind::Heading,
        "figcaption" | "caption" => BlockKind::Caption,
        "blockquote" => BlockKind::Quote,
        "td" | "th" => BlockKind::Cell,
        "pre" => BlockKind::Other,
        _ => return None,
    })
}

/// Containers: elements that break the text flow without being blocks
/// themselves; text sitting directly in them forms anonymous blocks.
fn is_container(name: &str) -> bool {
    matches!(
        name,
        "html"
            | "body"
            | "div"
            | "section"
            | "article"
            | "main"
            | "header"
            | "footer"
            | "aside"
            | "nav"
            | "figure"
            | "form"
            | "fieldset"
            | "table"
            | "thead"
            | "tbody"
            | "tfoot"
            | "tr"
            | "ul"
            | "ol"
            | "dl"
            | "details"
            | "summary"
            | "address"
            | "center"
            | "hgroup"
            | "menu"
            | "legend"
            | "hr"
            | "picture"
            | "video"
            | "audio"
    )
}

/// Walks the scope in document order and builds blocks. Iterative, so deeply
/// nested pages cannot overflow the stack; linear in the size of the page.
fn extract_blocks(html: &ParsedHtml, scope: &Scope) -> Vec<Block> {
    let mut blocks = Vec::new();
    let Some(root) = html.dom.tree.get(scope.root) else {
        return blocks;
    };
    let mut builder = BlockBuilder::new(html);
    // Stack of (node, step) for an explicit depth-first walk: entering, or
    // leaving with what entering learnt of the element's name, so the
    // name is compared with the block and code lists once per element.
    let mut stack: Vec<(NodeRef<Node>, Step)> = vec![(root, Step::Enter)];
    // The block elements currently open, innermost last.
    let mut open: Vec<(NodeId, BlockKind)> = Vec::new();
    let mut selectors = SelectorPath::default();
    let mut code_depth = 0usize;
    while let Some((node, step)) = stack.pop() {
        match node.value() {
            Node::Text(text) if step == Step::Enter => {
                builder.push_text(node.id(), &text.text, code_depth > 0);
            }
            Node::Element(element) => {
                let name = element.name();
                if let Step::Leave { flow, code } = step {
                    if code {
                        code_depth = code_depth.saturating_sub(1);
                    }
                    if flow {
                        builder.finish(open.last().copied(), &selectors, &mut blocks);
                        open.pop();
                    }
                    selectors.leave();
                } else {
                    if node.id() != scope.root
                        && (is_never_text(&element.name.local)
                            || scope.excluded.contains(&node.id()))
                    {
                        continue;
                    }
                    let kind = block_kind(name);
                    if name == "br" {
                        builder.push_break(html.start_tag(node.id()));
                    }
                    let container = kind.is_none() && is_container(name);
                    let flow = kind.is_some() || container;
                    if flow {
                        // A new flow starts: finish the text collected so far.
                        builder.finish(open.last().copied(), &selectors, &mut blocks);
                    }
                    selectors.enter(node, element);
                    let code = is_code(name);
                    if code {
                        code_depth += 1;
                    }
                    if let Some(kind) = kind {
                        let kind = refine_kind(kind, &open);
                        open.push((node.id(), kind));
                    } else if container {
                        open.push((node.id(), BlockKind::Other));
                    }
                    stack.push((node, Step::Leave { flow, code }));
                    for child in node.children().rev() {
                        stack.push((child, Step::Enter));
                    }
                }
            }
            _ => {}
        }
    }
    builder.finish(open.last().copied(), &selectors, &mut blocks);
    blocks
}

/// Where the block walk is at an element.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Step {
    Enter,
    /// Leaving: whether the element starts a flow of text (a block or a
    /// container) and whether its text is code.
    Leave {
        flow: bool,
        code: bool,
    },
}

/// A paragraph inside a quote or a caption reads as part of it.
fn refine_kind(kind: BlockKind, open: &[(NodeId, BlockKind)]) -> BlockKind {
    if kind != BlockKind::Paragraph {
        return kind;
    }
    match open.last().map(|(_, k)| *k) {
        Some(BlockKind::Quote) => BlockKind::Quote,
        Some(BlockKind::Caption) => BlockKind::Caption,
        _ => kind,
    }
}

/// Collects flattened, whitespace-collapsed text and its source map.
struct BlockBuilder<'a> {
    html: &'a ParsedHtml,
    text: String,
    map: BlockMap,
    code: Vec<(usize, usize)>,
    /// A collapsed run of whitespace waiting for the next visible character.
    pending_space: Option<TextRange>,
}

impl<'a> BlockBuilder<'a> {
    fn new(html: &'a ParsedHtml) -> Self {
        BlockBuilder {
            html,
            text: String::new(),
            map: BlockMap::default(),
            code: Vec::new(),
            pending_space: None,
        }
    }

    fn push_text(&mut self, node: NodeId, text: &str, in_code: bool) {
        let mut segments = Segments {
            all: self.html.text_map(node).map_or(&[][..], |m| m.segments()),
            index: 0,
        };
        let code_start = self.text.len();
        let bytes = text.as_bytes();
        let mut offset = 0;
        while offset < bytes.len() {
            let Some(ch) = text[offset..].chars().next() else {
                break;
            };
            // Fast path: a run of visible characters copied from one stretch
            // of source is pushed at once (most of a page's text).
            if !crate::text::chars::is_whitespace(ch)
                && let Some(seg) = segments.containing(offset).filter(|s| !s.atomic)
                && let seg_end = ((seg.text_start + seg.text_len) as usize).min(bytes.len())
                && let end = visible_run_end(text, offset, seg_end)
                && end > offset
            {
                self.flush_space();
                self.text.push_str(&text[offset..end]);
                let source = seg.source_start as usize + (offset - seg.text_start as usize);
                self.map.push_copied(end - offset, source, ch.len_utf8());
                offset = end;
                continue;
            }
            let range = segments
                .char_range(offset, ch.len_utf8())
                .unwrap_or_default();
            offset += ch.len_utf8();
            if ch.is_whitespace() {
                // Collapse runs; a leading space is dropped, a trailing one never pushed.
                if self.pending_space.is_none() && !self.text.is_empty() {
                    self.pending_space = Some(range);
                }
                continue;
            }
            self.flush_space();
            self.text.push(ch);
            self.map.push(ch.len_utf8(), range);
        }
        if in_code && self.text.len() > code_start {
            match self.code.last_mut() {
                Some(last) if last.1 >= code_start => last.1 = self.text.len(),
                _ => self.code.push((code_start, self.text.len())),
            }
        }
    }

    /// Writes the collapsed space waiting before the next visible character.
    fn flush_space(&mut self) {
        if let Some(space) = self.pending_space.take() {
            self.text.push(' ');
            self.map.push(1, space);
        }
    }

    fn push_break(&mut self, tag: Option<TextRange>) {
        if self.pending_space.is_none() && !self.text.is_empty() {
            self.pending_space = Some(tag.unwrap_or_default());
        }
    }

    /// Ends the current run of text; if it holds anything, it becomes a block
    /// of the innermost open block element.
    fn finish(
        &mut self,
        owner: Option<(NodeId, BlockKind)>,
        selectors: &SelectorPath,
        out: &mut Vec<Block>,
    ) {
        self.pending_space = None;
        if self.text.is_empty() {
            return;
        }
        let Some((node, kind)) = owner else {
            self.text.clear();
            self.map.clear();
            self.code.clear();
            return;
        };
        // Copied out at their exact size, so the buffers keep their capacity
        // for the next block instead of growing from empty each time.
        let text = self.text.as_str().to_owned();
        let map = self.map.clone();
        let code = self.code.clone();
        self.text.clear();
        self.map.clear();
        self.code.clear();
        out.push(Block {
            kind,
            node,
            text,
            selector: selectors.selector_of(node),
            map,
            code,
        });
    }
}

/// An ASCII character that is not whitespace (as `char::is_whitespace`
/// counts it: with the vertical tab, unlike `u8::is_ascii_whitespace`).
fn is_visible_ascii(b: u8) -> bool {
    b.is_ascii() && !matches!(b, b' ' | b'\t' | b'\n' | b'\x0b' | b'\x0c' | b'\r')
}

/// Where the run of characters that are not whitespace from `offset` (a
/// character boundary) ends, at `limit` at the latest.
/// ASCII is tested by byte; other characters are decoded.
fn visible_run_end(text: &str, offset: usize, limit: usize) -> usize {
    let bytes = text.as_bytes();
    let mut at = offset;
    while at < limit {
        let b = bytes[at];
        if b.is_ascii() {
            if !is_visible_ascii(b) {
                break;
            }
            at += 1;
            continue;
        }
        match text[at..].chars().next() {
            Some(c) if !crate::text::chars::is_whitespace(c) && at + c.len_utf8() <= limit => {
                at += c.len_utf8()
            }
            _ => break,
        }
    }
    at
}

/// A text node's segments read in order: the text is walked front to back,
/// so the segment holding each offset is found by stepping, not searching.
struct Segments<'a> {
    all: &'a [Segment],
    /// The last segment starting at or before the offsets asked so far.
    index: usize,
}

impl<'a> Segments<'a> {
    /// The last segment starting at or before `offset` (offsets must not
    /// decrease between calls).
    fn starting_by(&mut self, offset: usize) -> Option<&'a Segment> {
        while self
            .all
            .get(self.index + 1)
            .is_some_and(|s| s.text_start as usize <= offset)
        {
            self.index += 1;
        }
        self.all
            .get(self.index)
            .filter(|s| s.text_start as usize <= offset)
    }

    /// The segment holding the byte at `offset`, if any.
    fn containing(&mut self, offset: usize) -> Option<&'a Segment> {
        self.starting_by(offset)
            .filter(|s| offset < (s.text_start + s.text_len) as usize)
    }

    /// As [`crate::html::TextMap::char_range`], for offsets in order.
    fn char_range(&mut self, offset: usize, char_len: usize) -> Option<TextRange> {
        let seg = self.containing(offset)?;
        let start = seg.source_start as usize;
        let rel = offset - seg.text_start as usize;
        Some(if seg.atomic {
            TextRange::new(start, start + seg.source_len as usize)
        } else {
            TextRange::new(start + rel, start + rel + char_len)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn blocks_of(page: &str) -> Vec<(BlockKind, String)> {
        let source = SourceFile::from_text("t.html", page);
        let doc = Document::parse(&source).unwrap();
        doc.blocks
            .iter()
            .map(|b| (b.kind, b.text.clone()))
            .collect()
    }

    #[test]
    fn blocks_flatten_inline_markup_and_collapse_whitespace() {
        let blocks = blocks_of(
            "<body><h1>Title</h1><p>One <em>two</em>\n   three<br>four &amp; five</p>\
             <figure><img src=x><figcaption>Cap <b>tion</b></figcaption></figure>\
             <ul><li>a</li><li>b <ul><li>c</li></ul></li></ul>\
             <div>direct text<p>para</p>tail</div><script>var x;</script></body>",
        );
        assert_eq!(
            blocks,
            vec![
                (BlockKind::Heading, "Title".into()),
                (BlockKind::Paragraph, "One two three four & five".into()),
                (BlockKind::Caption, "Cap tion".into()),
                (BlockKind::ListItem, "a".into()),
                (BlockKind::ListItem, "b".into()),
                (BlockKind::ListItem, "c".into()),
                (BlockKind::Other, "direct text".into()),
                (BlockKind::Paragraph, "para".into()),
                (BlockKind::Other, "tail".into()),
            ]
        );
    }

    #[test]
    fn block_ranges_point_at_the_source_text() {
        let page = "<p>Caf\u{e9} &#8220;the the&#8221; end</p>";
        let source = SourceFile::from_text("t.html", page);
        let doc = Document::parse(&source).unwrap();
        let block = &doc.blocks[0];
        let at = block.text.find("the the").unwrap();
        let range = block.source_range(at, at + 7);
        assert_eq!(&page[range.start..range.end], "the the");
        let quote = block.text.find('\u{201c}').unwrap();
        let range = block.source_range(quote, quote + 3);
        assert_eq!(&page[range.start..range.end], "&#8220;");
    }

    #[test]
    fn selectors_use_ids_classes_and_positions() {
        let page = "<body><div id=main><p>a</p><p class=\"x y\">b</p></div></body>";
        let source = SourceFile::from_text("t.html", page);
        let doc = Document::parse(&source).unwrap();
        let selectors: Vec<&str> = doc.blocks.iter().map(|b| b.selector.as_str()).collect();
        assert_eq!(
            selectors,
            ["#main > p:nth-of-type(1)", "#main > p.x:nth-of-type(2)"]
        );
    }

    #[test]
    fn code_ranges_are_marked() {
        let source = SourceFile::from_text(
            "t.html",
            "<p>Run <code>cd ../x</code> now</p><pre>a..b</pre>",
        );
        let doc = Document::parse(&source).unwrap();
        let p = &doc.blocks[0];
        assert_eq!(p.text, "Run cd ../x now");
        assert!(!p.is_code(0));
        assert!(p.is_code(p.text.find("..").unwrap()));
        assert!(!p.is_code(p.text.find("now").unwrap()));
        assert!(doc.blocks[1].is_code(1));
    }

    #[test]
    fn deep_nesting_does_not_overflow() {
        let depth = crate::html::MAX_DEPTH - 10;
        let page = format!(
            "{}deep text{}",
            "<div>".repeat(depth),
            "</div>".repeat(depth)
        );
        let blocks = blocks_of(&page);
        assert_eq!(blocks.len(), 1);
    }
}
