//! Bylines carried by elements (microdata, `rel=author`, author links,
//! byline classes, hCards) and the visible "By NAME" line near the headline.

use crate::attribution::names::{by_prefix, clean_name, cut_at_separator, without_date};
use crate::attribution::text::{TEXT_LIMIT, cap, text_of};
use crate::attribution::vocabulary::{TokenMarks, has_token};
use crate::document::Document;
use crate::html::attr;
use crate::scope::is_never_text;
use crate::source::TextRange;
use ego_tree::iter::Edge;
use ego_tree::{NodeId, NodeRef};
use scraper::Node;
use scraper::node::Element;

/// A name offered as the article's author, before cleaning: its rank (lower
/// is more trustworthy), the raw name, and where it came from.
pub(crate) type Candidate = (u8, String, String);

/// Bylines carried by an element: microdata, rel=author, author links,
/// byline/author classes (`byline_token`, the first of its class and id
/// words naming one, see [`TokenMarks::element`]).
pub(crate) fn element_bylines(
    node: NodeRef<Node>,
    element: &Element,
    byline_token: Option<&str>,
) -> Vec<Candidate> {
    let mut candidates: Vec<Candidate> = Vec::new();
    if has_token(attr(element, "itemprop"), "author") {
        let name = element
            .attr("content")
            .map(str::to_owned)
            .or_else(|| itemprop_name(node))
            .unwrap_or_else(|| text_of(node, TEXT_LIMIT));
        candidates.push((1, name, "itemprop=author".into()));
    }
    if has_token(attr(element, "rel"), "author") {
        let name = match element.name() {
            "a" => text_of(node, TEXT_LIMIT),
            _ => attr(element, "href").unwrap_or("").to_owned(),
        };
        candidates.push((2, name, "rel=author".into()));
    }
    if element.name() == "a"
        && attr(element, "href").is_some_and(|h| {
            let h = h.to_ascii_lowercase();
            h.contains("/author/") || h.contains("/authors/")
        })
    {
        candidates.push((
            3,
            text_of(node, TEXT_LIMIT),
            "link to an author page".into(),
        ));
    }
    if let Some(token) = byline_token {
        let text = text_of(node, TEXT_LIMIT);
        // A byline is short; a long text is a container that merely
        // holds one (its children are visited on their own).
        if text.chars().count() <= 120
            && let Some(name) = name_in_byline_box(node)
        {
            candidates.push((4, name, format!("element with class/id `{token}`")));
        }
    }
    candidates
}

/// A visible "By NAME" line near the headline: within the first
/// [`BY_LINE_LINES`] lines of text after the headline (see [`headline`]),
/// or after the start of the article scope on a page without one.
///
/// The whole page is read, not the article scope's blocks: byline boxes
/// (`.byline`, `.article__author`, ...) are furniture to the text rules
/// and excluded from the scope, yet they are exactly where the "By" line
/// stands. Comments, related-story lists and other furniture (by
/// [`crate::attribution::vocabulary::is_furniture_token`]), navigation, forms and invisible elements are
/// skipped. Past those first lines only a blog's signature ("Posted by
/// NAME", "Written by NAME" under the post) counts, ranked after the
/// rest. One walk of the page, each line read up to [`MAX_LINE_CHARS`].
pub(crate) fn visible_by_lines<'d>(
    doc: &'d Document,
    headline: Option<NodeId>,
    marks: &mut TokenMarks<'d>,
) -> Vec<(u8, String, Option<TextRange>)> {
    let mut found = Vec::new();
    let tree = &doc.html.dom.tree;
    // Collect after the headline closes, or from the scope root's start.
    let (start, after_close) = match headline {
        Some(h1) => (h1, true),
        None => (doc.scope.root, false),
    };
    let mut collecting = false;
    let mut skipping: Option<NodeId> = None;
    let mut line = Line::default();
    let mut lines = 0usize;
    let mut late = false;
    // A bare "by" label whose name is printed on the next line.
    let mut label = false;
    for above in headline
        .map(|h| lines_above(doc, h, marks))
        .unwrap_or_default()
    {
        by_line_of(doc, &above, &mut label, &mut found);
    }
    // The headline stands between a label above it and the text below.
    label = false;
    for edge in tree.root().traverse() {
        match edge {
            Edge::Open(node) => {
                if !collecting {
                    collecting = !after_close && node.id() == start;
                    if !collecting {
                        continue;
                    }
                }
                if skipping.is_some() {
                    continue;
                }
                let Some(element) = node.value().as_element() else {
                    if let Node::Text(text) = node.value() {
                        line.push(node.id(), &text.text);
                    }
                    continue;
                };
                if skips_by_line_walk(element, marks) {
                    skipping = Some(node.id());
                    continue;
                }
                if breaks_line(element.name()) {
                    lines += by_line_of(doc, &line, &mut label, &mut found);
                    line.reset();
                }
            }
            Edge::Close(node) => {
                if !collecting {
                    collecting = after_close && node.id() == start;
                    continue;
                }
                if skipping == Some(node.id()) {
                    skipping = None;
                    continue;
                }
                if skipping.is_none() && closing_breaks_line(node.value()) {
                    lines += by_line_of(doc, &line, &mut label, &mut found);
                    line.reset();
                }
            }
        }
        if lines >= BY_LINE_LINES {
            late = true;
        }
        line.late = late;
    }
    by_line_of(doc, &line, &mut label, &mut found);
    found
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
                    Node::Element(element) if skips_by_line_walk(element, marks) => {
                        skipping = Some(node.id());
                    }
                    Node::Element(element) if breaks_line(element.name()) => {
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
    let is_h1 = |n: &NodeRef<Node>| n.value().as_element().is_some_and(|e| e.name() == "h1");
    tree.get(doc.scope.root)
        .and_then(|root| root.descendants().find(is_h1))
        .or_else(|| tree.root().descendants().find(is_h1))
        .map(|h1| h1.id())
}

/// Elements that end a line of text for the "By" walk: block elements and
/// `br` (a byline is often "By NAME<br>DATE").
/// Whether the end tag of `node` ends a line (`<br>` has none: it broke
/// the line where it opened).
fn closing_breaks_line(node: &Node) -> bool {
    node.as_element()
        .is_some_and(|e| breaks_line(e.name()) && e.name() != "br")
}

fn breaks_line(name: &str) -> bool {
    matches!(
        name,
        "p" | "div"
            | "section"
            | "article"
            | "main"
            | "header"
            | "footer"
            | "li"
            | "ul"
            | "ol"
            | "dl"
            | "dt"
            | "dd"
            | "h1"
            | "h2"
            | "h3"
            | "h4"
            | "h5"
            | "h6"
            | "figure"
            | "figcaption"
            | "blockquote"
            | "address"
            | "table"
            | "tr"
            | "td"
            | "th"
            | "pre"
            | "hr"
            | "br"
    )
}

/// Subtrees the "By" walk does not read: what a reader never sees as text,
/// navigation, sidebars and forms, hidden elements, and furniture such as
/// comments and related-story lists, whose "By" lines are other people's.
fn skips_by_line_walk<'d>(element: &'d Element, marks: &mut TokenMarks<'d>) -> bool {
    is_never_text(element.name())
        || matches!(element.name(), "nav" | "aside" | "form")
        || crate::html::is_hidden(element)
        || marks.furniture(element)
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

/// The name in a byline box (`.byline`, `.author`, ...): its first line of
/// text that is more than a "By" label, up to the first separator. Boxes put
/// the date on the next line (`By <b>NAME</b><br>March 25, 2015`), after a
/// bar or right after the name (see [`without_date`]); an hCard `fn` inside
/// the box is the name itself.
fn name_in_byline_box(node: NodeRef<Node>) -> Option<String> {
    // hCard: the formatted name of a `vcard` byline is its `fn` element.
    if let Some(name) = node.descendants().skip(1).take(200).find_map(|d| {
        let e = d.value().as_element()?;
        e.classes()
            .any(|c| c == "fn" || c == "p-name")
            .then(|| text_of(d, TEXT_LIMIT))
            .and_then(|t| clean_name(&t))
    }) {
        return Some(name);
    }
    let text = text_lines_of(node, TEXT_LIMIT);
    let line = text
        .lines()
        .map(str::trim)
        .find(|l| clean_name(l).is_some())?;
    let name = clean_name(line)?;
    without_date(cut_at_separator(&name)).map(str::to_owned)
}

/// Like [`text_of`], with a line break at each `br` and block element.
fn text_lines_of(node: NodeRef<Node>, limit: usize) -> String {
    let mut out = String::new();
    let mut skipping: Option<NodeId> = None;
    for edge in node.traverse() {
        if out.len() >= limit {
            break;
        }
        match edge {
            Edge::Open(n) => {
                if skipping.is_some() {
                    continue;
                }
                match n.value() {
                    Node::Text(t) => {
                        for word in t.text.split_whitespace() {
                            if !out.is_empty() && !out.ends_with('\n') {
                                out.push(' ');
                            }
                            out.push_str(word);
                        }
                    }
                    Node::Element(e) if matches!(e.name(), "script" | "style" | "template") => {
                        skipping = Some(n.id());
                    }
                    Node::Element(e) if breaks_line(e.name()) && !out.is_empty() => {
                        out.push('\n');
                    }
                    _ => {}
                }
            }
            Edge::Close(n) => {
                if skipping == Some(n.id()) {
                    skipping = None;
                }
            }
        }
    }
    out.truncate(cap(&out, limit).len());
    out
}

/// `itemprop="name"` inside an `itemprop="author"` scope, if any (bounded).
fn itemprop_name(node: NodeRef<Node>) -> Option<String> {
    node.descendants().skip(1).take(200).find_map(|d| {
        let e = d.value().as_element()?;
        has_token(attr(e, "itemprop"), "name").then(|| {
            attr(e, "content")
                .map(str::to_owned)
                .unwrap_or_else(|| text_of(d, TEXT_LIMIT))
        })
    })
}
