//! The visible "By NAME" line near the headline: within the first
//! [`BY_LINE_LINES`] lines of text after the headline (see [`headline`]),
//! or after the start of the article scope on a page without one.
//!
//! The whole page is read, not the article scope's blocks: byline boxes
//! (`.byline`, `.article__author`, ...) are furniture to the text rules
//! and excluded from the scope, yet they are exactly where the "By" line
//! stands. Comments, related-story lists and other furniture (by
//! [`crate::attribution::vocabulary::is_furniture_token`]), navigation,
//! forms and invisible elements are skipped. Past those first lines only a
//! blog's signature ("Posted by NAME", "Written by NAME" under the post)
//! counts, ranked after the rest. Each line is read up to
//! [`MAX_LINE_CHARS`].
//!
//! [`ByLineWalk`] does not walk the page itself: the page walk of
//! [`super::page`] hands it each node as it opens and closes, so the page is
//! walked once for the page facts and the "By" line together.

use crate::attribution::element::{ElementAttrs, breaks_line};
use crate::attribution::names::{by_prefix, cut_at_separator, without_date};
use crate::attribution::vocabulary::TokenMarks;
use crate::document::Document;
use crate::scope::is_never_text;
use crate::source::TextRange;
use ego_tree::iter::Edge;
use ego_tree::{NodeId, NodeRef};
use html5ever::local_name;
use scraper::Node;
use scraper::node::Element;

/// A "By" line's name: its rank (lower is more trustworthy), the name, and
/// where it stands.
pub(crate) type ByLine = (u8, String, Option<TextRange>);

/// The state of the "By" walk between the nodes the page walk hands it.
pub(crate) struct ByLineWalk<'d> {
    doc: &'d Document<'d>,
    /// Where reading starts: after the headline closes (`after_close`), or
    /// at the scope root's start.
    start: NodeId,
    after_close: bool,
    /// The strict ancestors of `start`: before reading starts, only their
    /// subtrees hold anything for the walk.
    start_ancestors: Vec<NodeId>,
    collecting: bool,
    /// The root of the subtree being skipped, if any.
    skipping: Option<NodeId>,
    line: Line<'d>,
    lines: usize,
    late: bool,
    /// A bare "by" label whose name is printed on the next line.
    label: bool,
    found: Vec<ByLine>,
}

impl<'d> ByLineWalk<'d> {
    /// A walk about to read `doc` from the top, with the lines above the
    /// headline (see [`lines_above`]) already read.
    pub(crate) fn new(
        doc: &'d Document<'d>,
        headline: Option<NodeId>,
        marks: &mut TokenMarks<'d>,
    ) -> Self {
        let (start, after_close) = match headline {
            Some(h1) => (h1, true),
            None => (doc.scope.root, false),
        };
        let start_ancestors = doc
            .html
            .dom
            .tree
            .get(start)
            .map(|n| n.ancestors().map(|a| a.id()).collect())
            .unwrap_or_default();
        let mut walk = ByLineWalk {
            doc,
            start,
            after_close,
            start_ancestors,
            collecting: false,
            skipping: None,
            line: Line::default(),
            lines: 0,
            late: false,
            label: false,
            found: Vec::new(),
        };
        for above in headline
            .map(|h| lines_above(doc, h, marks))
            .unwrap_or_default()
        {
            by_line_of(doc, &above, &mut walk.label, &mut walk.found);
        }
        // The headline stands between a label above it and the text below.
        walk.label = false;
        walk
    }

    /// A node opens. `skips` says whether an element's subtree is not
    /// read (see [`skips_by_line_walk`]); it is asked only when it matters.
    pub(crate) fn open(&mut self, node: NodeRef<'d, Node>, skips: impl FnOnce() -> bool) {
        if !self.collecting {
            self.collecting = !self.after_close && node.id() == self.start;
            if !self.collecting {
                return;
            }
        }
        if self.skipping.is_some() {
            return;
        }
        match node.value() {
            Node::Text(text) => self.line.push(node.id(), &text.text),
            Node::Element(element) => {
                if skips() {
                    self.skipping = Some(node.id());
                    return;
                }
                if breaks_line(&element.name.local) {
                    self.end_line();
                }
            }
            _ => {}
        }
        self.note_lateness();
    }

    /// Whether the walk reads anything inside the node that just opened:
    /// the page walk need not enter a subtree that neither it nor this
    /// walk reads (the node's [`Self::close`] is still due).
    pub(crate) fn reads_inside(&self, node: NodeId) -> bool {
        if self.collecting {
            self.skipping.is_none()
        } else {
            self.start_ancestors.contains(&node)
        }
    }

    /// A node closes.
    pub(crate) fn close(&mut self, node: NodeRef<'d, Node>) {
        if !self.collecting {
            self.collecting = self.after_close && node.id() == self.start;
            return;
        }
        if self.skipping == Some(node.id()) {
            self.skipping = None;
            return;
        }
        if self.skipping.is_none() && closing_breaks_line(node.value()) {
            self.end_line();
        }
        self.note_lateness();
    }

    /// The names found, once the whole page was handed over.
    pub(crate) fn finish(mut self) -> Vec<ByLine> {
        by_line_of(self.doc, &self.line, &mut self.label, &mut self.found);
        self.found
    }

    fn end_line(&mut self) {
        self.lines += by_line_of(self.doc, &self.line, &mut self.label, &mut self.found);
        self.line.reset();
    }

    fn note_lateness(&mut self) {
        if self.lines >= BY_LINE_LINES {
            self.late = true;
        }
        self.line.late = self.late;
    }
}

/// Lines of text read above the headline: a series or book title, a bare
/// "by" and the author's name often stand over a chapter's headline in the
/// same header ("Super Supportive / by / Sleyca / ONE HUNDRED TWO: ...").
const LINES_ABOVE: usize = 4;

/// The last [`LINES_ABOVE`] lines of text before the headline inside the
/// headline's parent element, split and skipped as the "By" walk does.
/// Bounded: the parent's subtree up to the headline, each line capped.
fn lines_above<'d>(
    doc: &'d Document,
    headline: NodeId,
    marks: &mut TokenMarks<'d>,
) -> Vec<Line<'d>> {
    let tree = &doc.html.dom.tree;
    let Some(parent) = tree
        .get(headline)
        .and_then(|h| h.parent())
        .filter(|p| p.value().is_element())
    else {
        return Vec::new();
    };
    let mut out: Vec<Line> = Vec::new();
    let mut line = Line::default();
    let mut skipping: Option<NodeId> = None;
    let end_line = |line: &mut Line<'d>, out: &mut Vec<Line<'d>>| {
        let done = std::mem::take(line);
        if !done.text.is_empty() {
            out.push(done);
            if out.len() > LINES_ABOVE {
                out.remove(0);
            }
        }
    };
    for edge in parent.traverse() {
        match edge {
            Edge::Open(node) => {
                if node.id() == headline {
                    break;
                }
                if skipping.is_some() {
                    continue;
                }
                match node.value() {
                    Node::Text(text) => line.push(node.id(), &text.text),
                    Node::Element(element)
                        if skips_by_line_walk(element, &ElementAttrs::read(element), marks) =>
                    {
                        skipping = Some(node.id());
                    }
                    Node::Element(element) if breaks_line(&element.name.local) => {
                        end_line(&mut line, &mut out);
                    }
                    _ => {}
                }
            }
            Edge::Close(node) => {
                if skipping == Some(node.id()) {
                    skipping = None;
                    continue;
                }
                if skipping.is_none() && closing_breaks_line(node.value()) {
                    end_line(&mut line, &mut out);
                }
            }
        }
    }
    end_line(&mut line, &mut out);
    out
}

/// Whether a line is a bare byline label, its name on the next line:
/// `<span>by</span><h3><a href="/profile/338123">Sleyca</a></h3>`.
fn is_by_label(text: &str) -> bool {
    // The longest label is 11 bytes, and lower-casing only makes ASCII
    // letters of ASCII letters (and of the Kelvin sign, in no label).
    if text.trim().len() > 11 {
        return false;
    }
    matches!(
        text.trim().to_lowercase().as_str(),
        "by" | "by:" | "written by" | "written by:" | "posted by" | "posted by:"
    )
}

/// Ends a line of the "By" walk: records the name (rank, name, range) if
/// the line is a "By NAME" line, or the name line after a bare "by" label
/// (`label`, set here when the line is one). Returns 1 if the line held
/// any text, else 0.
fn by_line_of(
    doc: &Document,
    line: &Line,
    label: &mut bool,
    found: &mut Vec<(u8, String, Option<TextRange>)>,
) -> usize {
    if line.text.is_empty() {
        return 0;
    }
    let after_label = std::mem::replace(label, is_by_label(&line.text));
    if *label || line.chars > MAX_LINE_CHARS {
        return 1;
    }
    // The line after a bare label is the name itself, if it starts like one.
    let labelled = after_label
        && !line.late
        && line
            .text
            .chars()
            .next()
            .is_some_and(|c| c.is_uppercase() || (c.is_alphabetic() && !c.is_lowercase()));
    // Far from the headline only a blog's signature line counts:
    // "Posted by NAME" under the post. A bare "By NAME" there is a
    // quote's or a teaser's. (As with labels, ASCII case-folding is
    // lower-casing for these prefixes.)
    if line.late && !starts_with_signature(&line.text) {
        return 1;
    }
    let Some(name_at) = by_prefix(&line.text).or(labelled.then_some(0)) else {
        return 1;
    };
    let rest = &line.text[name_at..];
    let Some(name) = without_date(cut_at_separator(rest)) else {
        return 1;
    };
    let range = line.range(doc, name_at, name_at + name.len());
    let priority = if line.late { 6 } else { 5 };
    found.push((priority, name.to_owned(), range));
    1
}

/// Whether a line starts "posted by" or "written by", in any case.
fn starts_with_signature(text: &str) -> bool {
    ["posted by", "written by"].iter().any(|s| {
        text.get(..s.len())
            .is_some_and(|start| start.eq_ignore_ascii_case(s))
    })
}

/// How many lines of text after the headline are searched for a "By" line:
/// the byline sits under the headline, after at most a standfirst, a
/// dateline, a kicker or a photo caption.
const BY_LINE_LINES: usize = 8;

/// Characters of one line a byline may have; a longer line is prose. The
/// "By" walk keeps one character more, to know a line is longer, and reads
/// no further: most lines of a page are paragraphs.
const MAX_LINE_CHARS: usize = 160;

/// The page's headline: the first `h1` inside the article scope, else the
/// first on the page (templates often put the headline in a header above the
/// article body).
pub(crate) fn headline(doc: &Document) -> Option<NodeId> {
    let tree = &doc.html.dom.tree;
    let is_h1 = |n: &NodeRef<Node>| {
        n.value()
            .as_element()
            .is_some_and(|e| e.name.local == local_name!("h1"))
    };
    tree.get(doc.scope.root)
        .and_then(|root| root.descendants().find(is_h1))
        .or_else(|| tree.root().descendants().find(is_h1))
        .map(|h1| h1.id())
}

/// Whether the end tag of `node` ends a line (`<br>` has none: it broke
/// the line where it opened).
fn closing_breaks_line(node: &Node) -> bool {
    node.as_element()
        .is_some_and(|e| breaks_line(&e.name.local) && e.name.local != local_name!("br"))
}

/// Subtrees the "By" walk does not read: what a reader never sees as text,
/// navigation, sidebars and forms, hidden elements, and furniture such as
/// comments and related-story lists, whose "By" lines are other people's.
pub(crate) fn skips_by_line_walk<'d>(
    element: &Element,
    attrs: &ElementAttrs<'d>,
    marks: &mut TokenMarks<'d>,
) -> bool {
    skips_by_line_walk_with(element, attrs, || marks.furniture(attrs))
}

/// [`skips_by_line_walk`], with furniture said by `furniture` (the page
/// walk knows it for most elements already).
pub(crate) fn skips_by_line_walk_with(
    element: &Element,
    attrs: &ElementAttrs,
    furniture: impl FnOnce() -> bool,
) -> bool {
    let name = &element.name.local;
    is_never_text(name)
        || matches!(
            *name,
            local_name!("nav") | local_name!("aside") | local_name!("form")
        )
        || attrs.is_hidden()
        || furniture()
}

/// One line of visible text for the "By" walk: whitespace collapsed, with
/// the text nodes it was read from, so a name can be located in the source.
#[derive(Default)]
struct Line<'t> {
    text: String,
    /// The text pushed, in order: [`Line::range`] reads it again to find
    /// where characters came from, which only a found name needs.
    sources: Vec<(NodeId, &'t str)>,
    /// Whether to note each character's origin (only when read again).
    record: bool,
    /// Per character, when `record`: (byte offset in `text`, text node,
    /// byte offset in the node's text, UTF-8 length).
    origins: Vec<(usize, NodeId, usize, usize)>,
    pending_space: bool,
    /// Whether the line is past the first [`BY_LINE_LINES`] after the headline.
    late: bool,
    /// Characters in `text`.
    chars: usize,
    /// Whether the rest of the line is ignored (see [`Line::push`]).
    closed: bool,
}

impl<'t> Line<'t> {
    /// Empties the line for the next one, keeping its buffers: the walk
    /// ends a line at every block of the page.
    fn reset(&mut self) {
        self.text.clear();
        self.sources.clear();
        self.origins.clear();
        self.pending_space = false;
        self.late = false;
        self.chars = 0;
        self.closed = false;
    }

    pub(crate) fn push(&mut self, node: NodeId, text: &'t str) {
        if self.closed {
            return;
        }
        self.sources.push((node, text));
        for (offset, ch) in text.char_indices() {
            if ch.is_whitespace() {
                self.pending_space = !self.text.is_empty();
                continue;
            }
            if std::mem::take(&mut self.pending_space) {
                self.text.push(' ');
                self.chars += 1;
            }
            if self.record {
                self.origins
                    .push((self.text.len(), node, offset, ch.len_utf8()));
            }
            self.text.push(ch);
            self.chars += 1;
            if self.chars > MAX_LINE_CHARS || self.late_and_no_signature() {
                // The rest cannot change what [`by_line_of`] makes of the line.
                self.closed = true;
                return;
            }
        }
    }

    /// Whether the line is late and its start already rules out a
    /// signature ("posted by", "written by"): far from the headline nothing
    /// else counts, so the rest of the line need not be read.
    fn late_and_no_signature(&self) -> bool {
        self.late && self.text.len() >= 10 && !starts_with_signature(&self.text)
    }

    /// The source range of the bytes `start..end` of the line.
    fn range(&self, doc: &Document, start: usize, end: usize) -> Option<TextRange> {
        // The same pushes again, noting origins: the same text results.
        let mut again = Line {
            record: true,
            late: self.late,
            ..Line::default()
        };
        for &(node, text) in &self.sources {
            again.push(node, text);
        }
        let first = again.origins.iter().find(|o| o.0 >= start)?;
        let last = again.origins.iter().rev().find(|o| o.0 < end)?;
        let a = doc.html.text_map(first.1)?.char_range(first.2, first.3)?;
        let b = doc.html.text_map(last.1)?.char_range(last.2, last.3)?;
        Some(TextRange::new(a.start, b.end.max(a.start)))
    }
}
