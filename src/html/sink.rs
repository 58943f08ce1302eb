//! The tree sink: builds scraper's DOM and records, for every element it
//! creates and every piece of text it appends, the source of the token being
//! processed at the time (set by [`super::boundaries`]). It also measures how
//! deep each element lands in the tree actually built, so a page cannot slip
//! past the depth limit by markup tricks (`<div/>` is not self-closing in
//! HTML, misnested formatting elements are reopened, and so on), and counts
//! the elements the parser invents, which a few bytes of misnested formatting
//! can multiply without end.

use super::node_index::node_index;
use super::{MAX_DEPTH, ParseError, max_implied_elements};
use ego_tree::NodeId;
use html5ever::interface::{ElementFlags, NodeOrText, QuirksMode, TreeSink};
use html5ever::tendril::StrTendril;
use html5ever::{Attribute, LocalName, QualName, local_name};
use scraper::node::Text;
use scraper::{Html, HtmlTreeSink, Node};
use std::borrow::Cow;
use std::cell::{Cell, Ref, RefCell};
use std::sync::LazyLock;

/// The name given for a node that is not an element.
static NO_NAME: LazyLock<QualName> =
    LazyLock::new(|| QualName::new(None, html5ever::ns!(), local_name!("")));

/// What the sink knows of an element: its depth in the tree (0 until it is
/// placed) and the source range of its own start tag (`tag_end == 0` for an
/// element the parser invented). Kept per node index; `element` is false in
/// the slots of other nodes.
#[derive(Debug, Clone, Copy, Default)]
pub struct ElementInfo {
    pub depth: u32,
    pub tag_start: u32,
    pub tag_end: u32,
    pub element: bool,
}

/// `len` bytes of text appended at byte `offset` of text node `node`, parsed
/// from somewhere in the source window `window_start..window_end` (the token
/// being processed, or for text the tree builder held back, the run of text
/// tokens before it).
#[derive(Debug, Clone, Copy)]
pub struct AppendedText {
    pub node: NodeId,
    pub offset: u32,
    pub len: u32,
    pub window_start: u32,
    pub window_end: u32,
}

/// Everything recorded while a page was parsed.
#[derive(Debug, Default)]
pub struct Recording {
    /// Indexed by node index (see [`node_index`]).
    pub elements: Vec<ElementInfo>,
    pub texts: Vec<AppendedText>,
    /// Why parsing stopped early, if it did.
    pub refused: Option<ParseError>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum TokenKind {
    Text,
    StartTag,
    Other,
}

/// The token the tree builder is processing and where it came from.
#[derive(Debug, Clone, Copy)]
struct CurrentToken {
    start: u32,
    end: u32,
    kind: TokenKind,
}

/// Scraper's sink plus the recording.
pub struct LocatingSink {
    inner: HtmlTreeSink,
    token: Cell<CurrentToken>,
    /// Name of the current start tag token.
    tag_name: RefCell<LocalName>,
    /// The element given the current start tag's range so far: when the tree
    /// builder creates several of that name for one tag (a reopened `<b>`
    /// before the new one), the last one created is the tag's own.
    tagged: Cell<Option<NodeId>>,
    /// Source of the latest run of consecutive text tokens: text the tree
    /// builder holds back (inside a table) is appended while the next token
    /// is processed, and came from this run.
    run: Cell<(u32, u32)>,
    elements: RefCell<Vec<ElementInfo>>,
    texts: RefCell<Vec<AppendedText>>,
    /// Elements created, and how many of them have a start tag of their own.
    created: Cell<usize>,
    tagged_count: Cell<usize>,
    /// How many elements the parser may invent for this page.
    implied_limit: usize,
    refused: Cell<Option<ParseError>>,
    /// The depth of the element placed last: about the size of the parser's
    /// stack of open elements, which most tokens make it scan.
    last_depth: Cell<u32>,
    /// The one node every `create_comment` returns (see [`Self::place_comment`]).
    comment: Cell<Option<NodeId>>,
}

impl LocatingSink {
    /// A sink for a page of `len` bytes (used to size the tables).
    pub fn new(len: usize) -> Self {
        // About one node per 20 bytes of HTML on the corpus pages, far fewer
        // on a page of prose: start at a quarter of that and let it grow,
        // rather than reserve 16 bytes per byte of a huge page up front.
        let elements = Vec::with_capacity(len / 64);
        // The tree's nodes likewise: growing the node vector from empty
        // copied it about a dozen times per page (1% of a corpus run).
        let mut document = Html::new_document();
        document.tree = ego_tree::Tree::with_capacity(Node::Document, len / 64);
        LocatingSink {
            inner: HtmlTreeSink::new(document),
            token: Cell::new(CurrentToken {
                start: 0,
                end: 0,
                kind: TokenKind::Other,
            }),
            tag_name: RefCell::new(LocalName::from("")),
            tagged: Cell::new(None),
            run: Cell::new((0, 0)),
            elements: RefCell::new(elements),
            texts: RefCell::new(Vec::with_capacity(len / 128)),
            created: Cell::new(0),
            tagged_count: Cell::new(0),
            implied_limit: max_implied_elements(len),
            refused: Cell::new(None),
            last_depth: Cell::new(0),
            comment: Cell::new(None),
        }
    }

    /// A text token (characters or a NUL) from `start..end` is being processed.
    pub fn begin_text(&self, start: u32, end: u32) {
        let previous = self.token.replace(CurrentToken {
            start,
            end,
            kind: TokenKind::Text,
        });
        if previous.kind == TokenKind::Text {
            self.run.set((self.run.get().0, end));
        } else {
            self.run.set((start, end));
        }
    }

    /// A start tag named `name`, written at `start..end`, is being processed.
    pub fn begin_start_tag(&self, name: LocalName, start: u32, end: u32) {
        self.token.set(CurrentToken {
            start,
            end,
            kind: TokenKind::StartTag,
        });
        *self.tag_name.borrow_mut() = name;
        self.tagged.set(None);
    }

    /// Any other token (end tag, comment, doctype, end of file).
    pub fn begin_other(&self, start: u32, end: u32) {
        self.token.set(CurrentToken {
            start,
            end,
            kind: TokenKind::Other,
        });
    }

    /// The depth of the element placed last.
    pub fn last_depth(&self) -> u32 {
        self.last_depth.get()
    }

    /// Why the tree built is refused, once it is.
    pub fn refused(&self) -> Option<ParseError> {
        self.refused.get()
    }

    pub fn refuse(&self, why: ParseError) {
        if self.refused.get().is_none() {
            self.refused.set(Some(why));
        }
    }

    /// Where the text being appended now came from.
    fn text_window(&self) -> (u32, u32) {
        let token = self.token.get();
        if token.kind == TokenKind::Text {
            (token.start, token.end)
        } else {
            self.run.get()
        }
    }

    /// Whether an element created now, named `name`, is the current start tag's.
    fn is_current_tag(&self, name: &LocalName) -> bool {
        if self.token.get().kind != TokenKind::StartTag {
            return false;
        }
        let tag = self.tag_name.borrow();
        // Foreign elements get case-adjusted names (`foreignObject`), and
        // `<image>` becomes `img`.
        *name == *tag
            || name.eq_ignore_ascii_case(&tag)
            || (*name == local_name!("img") && *tag == local_name!("image"))
    }

    /// The depth of `node` in the tree: stored for elements, else counted up
    /// to the nearest ancestor that has one (the document is at depth 0, a
    /// template's contents one below the template).
    fn depth_of(&self, node: NodeId) -> u32 {
        let elements = self.elements.borrow();
        let stored = |id: NodeId| {
            elements
                .get(node_index(id))
                .filter(|info| info.element && info.depth > 0)
                .map(|info| info.depth)
        };
        if let Some(depth) = stored(node) {
            return depth;
        }
        let html = self.inner.0.borrow();
        let mut steps = 0u32;
        let mut current = html.tree.get(node);
        while let Some(n) = current {
            if let Some(depth) = stored(n.id()) {
                return depth.saturating_add(steps);
            }
            steps = steps.saturating_add(1);
            current = n.parent();
        }
        // Counted up to the document itself (one step too many).
        steps.saturating_sub(1)
    }

    /// `node` now sits at `depth`; notes a page nested too deep.
    fn place(&self, node: NodeId, depth: u32) {
        if let Some(info) = self.elements.borrow_mut().get_mut(node_index(node))
            && info.element
        {
            info.depth = depth;
            self.last_depth.set(depth);
            if depth as usize > MAX_DEPTH {
                self.refuse(ParseError::TooDeep(depth as usize));
            }
        }
    }

    /// Whether `node` is the placeholder [`TreeSink::create_comment`] returns.
    fn is_comment_placeholder(&self, node: NodeId) -> bool {
        self.comment.get() == Some(node)
    }

    /// Puts an (empty) comment node before `sibling`, or last in `parent`,
    /// unless a comment is already there.
    ///
    /// Nothing reads a comment's text from the tree (directives are read
    /// from the source), but a comment still splits the text around it into
    /// two nodes, so one node stands for a run of comments. Without this, a
    /// 10 MB page of `<!-- x --!>` held 900,000 comment nodes (300 MB).
    fn place_comment(&self, parent: NodeId, sibling: Option<NodeId>) {
        let mut html = self.inner.0.borrow_mut();
        let neighbour = match sibling {
            Some(sibling) => html.tree.get(sibling).and_then(|s| s.prev_sibling()),
            None => html.tree.get(parent).and_then(|p| p.last_child()),
        };
        if neighbour.is_some_and(|n| matches!(n.value(), Node::Comment(_))) {
            return;
        }
        let comment = Node::Comment(scraper::node::Comment {
            comment: StrTendril::new(),
        });
        match sibling {
            Some(sibling) => {
                if let Some(mut sibling) = html.tree.get_mut(sibling) {
                    sibling.insert_before(comment);
                }
            }
            None => {
                if let Some(mut parent) = html.tree.get_mut(parent) {
                    parent.append(comment);
                }
            }
        }
    }

    /// Notes that `len` bytes of text were added at `offset` of `text_node`.
    fn record_text(&self, text_node: NodeId, offset: usize, len: usize) {
        let (window_start, window_end) = self.text_window();
        self.texts.borrow_mut().push(AppendedText {
            node: text_node,
            offset: offset as u32,
            len: len as u32,
            window_start,
            window_end,
        });
    }
}

/// Appends `text` as the last child of `parent`, merged into the text node
/// already there as scraper's sink does (done here so that one borrow of the
/// tree both appends and finds where the text went; scraper's text type is
/// html5ever's tendril unless its `atomic` feature is on, which would fail
/// to compile here rather than misbehave). Returns that text node and where
/// the new text starts in it, unless `parent`'s text is never linted.
fn append_text(html: &mut Html, parent: NodeId, text: StrTendril) -> Option<(NodeId, usize)> {
    let mut parent = html.tree.get_mut(parent)?;
    let linted = !never_linted(parent.value());
    if let Some(mut last) = parent.last_child()
        && let Node::Text(existing) = last.value()
    {
        let offset = existing.text.len();
        existing.text.push_tendril(&text);
        return linted.then(|| (last.id(), offset));
    }
    let node = parent.append(Node::Text(Text { text })).id();
    linted.then_some((node, 0))
}

/// Inserts `text` just before `sibling`, merged into a text node there as
/// scraper's sink does; like [`append_text`] otherwise. Nothing happens if
/// `sibling` has no parent.
fn insert_text_before(
    html: &mut Html,
    sibling: NodeId,
    text: StrTendril,
) -> Option<(NodeId, usize)> {
    let mut sibling = html.tree.get_mut(sibling)?;
    let linted = !never_linted(sibling.parent()?.value());
    if let Some(mut previous) = sibling.prev_sibling()
        && let Node::Text(existing) = previous.value()
    {
        let offset = existing.text.len();
        existing.text.push_tendril(&text);
        return linted.then(|| (previous.id(), offset));
    }
    let node = sibling.insert_before(Node::Text(Text { text })).id();
    linted.then_some((node, 0))
}

/// Raw text that is never linted (scripts, styles, what the page shows
/// without scripting or frames): no need to locate it.
fn never_linted(node: &Node) -> bool {
    let Node::Element(element) = node else {
        return false;
    };
    matches!(
        element.name.local,
        local_name!("script")
            | local_name!("style")
            | local_name!("noscript")
            | local_name!("iframe")
            | local_name!("noembed")
            | local_name!("noframes")
    )
}

impl TreeSink for LocatingSink {
    type Output = (Html, Recording);
    type Handle = NodeId;
    type ElemName<'a> = <HtmlTreeSink as TreeSink>::ElemName<'a>;

    fn finish(self) -> Self::Output {
        let recording = Recording {
            elements: self.elements.into_inner(),
            texts: self.texts.into_inner(),
            refused: self.refused.into_inner(),
        };
        (self.inner.finish(), recording)
    }

    #[inline]
    fn parse_error(&self, msg: Cow<'static, str>) {
        self.inner.parse_error(msg)
    }

    #[inline]
    fn get_document(&self) -> NodeId {
        self.inner.get_document()
    }

    #[inline]
    fn elem_name<'a>(&'a self, target: &'a NodeId) -> Self::ElemName<'a> {
        // As scraper's sink, but inlined into the tree builder's many scans
        // of its stack, and with no panic: the tree builder only asks about
        // elements, and gets an empty name for anything else.
        Ref::map(self.inner.0.borrow(), |html| {
            match html.tree.get(*target).map(|n| n.value()) {
                Some(Node::Element(element)) => &element.name,
                _ => &NO_NAME,
            }
        })
    }

    fn create_element(&self, name: QualName, attrs: Vec<Attribute>, flags: ElementFlags) -> NodeId {
        let own_tag = self.is_current_tag(&name.local);
        let node = self.inner.create_element(name, attrs, flags);
        let mut info = ElementInfo {
            element: true,
            ..ElementInfo::default()
        };
        let index = node_index(node);
        let mut elements = self.elements.borrow_mut();
        if elements.len() <= index {
            elements.resize(index + 1, ElementInfo::default());
        }
        if own_tag {
            let token = self.token.get();
            info.tag_start = token.start;
            info.tag_end = token.end;
            match self.tagged.replace(Some(node)) {
                Some(earlier) => {
                    if let Some(earlier) = elements.get_mut(node_index(earlier)) {
                        earlier.tag_end = 0;
                    }
                }
                None => self.tagged_count.set(self.tagged_count.get() + 1),
            }
        }
        elements[index] = info;
        drop(elements);
        let created = self.created.get() + 1;
        self.created.set(created);
        let implied = created - self.tagged_count.get();
        if implied > self.implied_limit {
            self.refuse(ParseError::TooManyImplied(implied));
        }
        node
    }

    /// One placeholder for every comment, never put in the tree itself:
    /// appending it places a comment node only where one is needed (see
    /// [`LocatingSink::place_comment`]).
    fn create_comment(&self, _text: StrTendril) -> NodeId {
        match self.comment.get() {
            Some(node) => node,
            None => {
                let node = self.inner.create_comment(StrTendril::new());
                self.comment.set(Some(node));
                node
            }
        }
    }

    #[inline]
    fn create_pi(&self, target: StrTendril, data: StrTendril) -> NodeId {
        self.inner.create_pi(target, data)
    }

    fn append(&self, parent: &NodeId, child: NodeOrText<NodeId>) {
        match child {
            NodeOrText::AppendText(text) => {
                let len = text.len();
                let appended = append_text(&mut self.inner.0.borrow_mut(), *parent, text);
                if let Some((node, offset)) = appended {
                    self.record_text(node, offset, len);
                }
            }
            NodeOrText::AppendNode(node) if self.is_comment_placeholder(node) => {
                self.place_comment(*parent, None);
            }
            NodeOrText::AppendNode(node) => {
                self.inner.append(parent, NodeOrText::AppendNode(node));
                let depth = self.depth_of(*parent).saturating_add(1);
                self.place(node, depth);
            }
        }
    }

    fn append_based_on_parent_node(
        &self,
        element: &NodeId,
        prev_element: &NodeId,
        child: NodeOrText<NodeId>,
    ) {
        let has_parent = self
            .inner
            .0
            .borrow()
            .tree
            .get(*element)
            .is_some_and(|e| e.parent().is_some());
        if has_parent {
            self.append_before_sibling(element, child)
        } else {
            self.append(prev_element, child)
        }
    }

    fn append_doctype_to_document(
        &self,
        name: StrTendril,
        public_id: StrTendril,
        system_id: StrTendril,
    ) {
        self.inner
            .append_doctype_to_document(name, public_id, system_id)
    }

    #[inline]
    fn mark_script_already_started(&self, node: &NodeId) {
        self.inner.mark_script_already_started(node)
    }

    #[inline]
    fn pop(&self, node: &NodeId) {
        self.inner.pop(node)
    }

    #[inline]
    fn get_template_contents(&self, target: &NodeId) -> NodeId {
        self.inner.get_template_contents(target)
    }

    #[inline]
    fn same_node(&self, x: &NodeId, y: &NodeId) -> bool {
        x == y
    }

    #[inline]
    fn set_quirks_mode(&self, mode: QuirksMode) {
        self.inner.set_quirks_mode(mode)
    }

    fn append_before_sibling(&self, sibling: &NodeId, new_node: NodeOrText<NodeId>) {
        match new_node {
            NodeOrText::AppendText(text) => {
                let len = text.len();
                let inserted = insert_text_before(&mut self.inner.0.borrow_mut(), *sibling, text);
                if let Some((node, offset)) = inserted {
                    self.record_text(node, offset, len);
                }
            }
            NodeOrText::AppendNode(node) if self.is_comment_placeholder(node) => {
                let parent = self
                    .inner
                    .0
                    .borrow()
                    .tree
                    .get(*sibling)
                    .and_then(|s| s.parent())
                    .map(|p| p.id());
                if let Some(parent) = parent {
                    self.place_comment(parent, Some(*sibling));
                }
            }
            NodeOrText::AppendNode(node) => {
                self.inner
                    .append_before_sibling(sibling, NodeOrText::AppendNode(node));
                let depth = self.depth_of(*sibling);
                self.place(node, depth);
            }
        }
    }

    #[inline]
    fn add_attrs_if_missing(&self, target: &NodeId, attrs: Vec<Attribute>) {
        self.inner.add_attrs_if_missing(target, attrs)
    }

    #[inline]
    fn associate_with_form(
        &self,
        target: &NodeId,
        form: &NodeId,
        nodes: (&NodeId, Option<&NodeId>),
    ) {
        self.inner.associate_with_form(target, form, nodes)
    }

    #[inline]
    fn remove_from_parent(&self, target: &NodeId) {
        self.inner.remove_from_parent(target)
    }

    fn reparent_children(&self, node: &NodeId, new_parent: &NodeId) {
        self.inner.reparent_children(node, new_parent);
        // The moved children are one below their new parent (rare: only the
        // adoption agency moves children).
        let depth = self.depth_of(*new_parent).saturating_add(1);
        let children: Vec<NodeId> = self
            .inner
            .0
            .borrow()
            .tree
            .get(*new_parent)
            .map(|p| p.children().map(|c| c.id()).collect())
            .unwrap_or_default();
        for child in children {
            self.place(child, depth);
        }
    }

    #[inline]
    fn is_mathml_annotation_xml_integration_point(&self, handle: &NodeId) -> bool {
        self.inner
            .is_mathml_annotation_xml_integration_point(handle)
    }

    #[inline]
    fn set_current_line(&self, line_number: u64) {
        self.inner.set_current_line(line_number)
    }

    #[inline]
    fn allow_declarative_shadow_roots(&self, intended_parent: &NodeId) -> bool {
        self.inner.allow_declarative_shadow_roots(intended_parent)
    }

    fn attach_declarative_shadow(
        &self,
        location: &NodeId,
        template: &NodeId,
        attrs: &[Attribute],
    ) -> bool {
        self.inner
            .attach_declarative_shadow(location, template, attrs)
    }

    #[inline]
    fn maybe_clone_an_option_into_selectedcontent(&self, option: &NodeId) {
        self.inner
            .maybe_clone_an_option_into_selectedcontent(option)
    }
}
