//! The tree sink: builds scraper's DOM and records, for every element it
//! creates and every piece of text it appends, the source of the token being
//! processed at the time (set by [`super::boundaries`]). It also measures how
//! deep each element lands in the tree actually built, so a page cannot slip
//! past the depth limit by markup tricks (`<div/>` is not self-closing in
//! HTML, misnested formatting elements are reopened, and so on), and counts
//! the elements the parser invents, which a few bytes of misnested formatting
//! can multiply without end.

use super::{MAX_DEPTH, ParseError, max_implied_elements};
use ego_tree::NodeId;
use html5ever::interface::{ElementFlags, NodeOrText, QuirksMode, TreeSink};
use html5ever::tendril::StrTendril;
use html5ever::{Attribute, LocalName, QualName, local_name};
use rustc_hash::FxHashMap;
use scraper::{Html, HtmlTreeSink, Node};
use std::borrow::Cow;
use std::cell::{Cell, RefCell};

/// What the sink knows of an element: its depth in the tree and the source
/// range of its own start tag (`tag_end == 0` for an element the parser
/// invented).
#[derive(Debug, Clone, Copy)]
pub struct ElementInfo {
    pub depth: u32,
    pub tag_start: u32,
    pub tag_end: u32,
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
    pub elements: FxHashMap<NodeId, ElementInfo>,
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
    elements: RefCell<FxHashMap<NodeId, ElementInfo>>,
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
}

impl LocatingSink {
    /// A sink for a page of `len` bytes (used to size the tables).
    pub fn new(len: usize) -> Self {
        let mut elements = FxHashMap::default();
        // About one element per 40 bytes of HTML on the corpus pages.
        elements.reserve(len / 48);
        LocatingSink {
            inner: HtmlTreeSink::new(Html::new_document()),
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
        if let Some(info) = elements.get(&node) {
            return info.depth;
        }
        let html = self.inner.0.borrow();
        let mut steps = 0u32;
        let mut current = html.tree.get(node);
        while let Some(n) = current {
            if let Some(info) = elements.get(&n.id()) {
                return info.depth.saturating_add(steps);
            }
            steps = steps.saturating_add(1);
            current = n.parent();
        }
        // Counted up to the document itself (one step too many).
        steps.saturating_sub(1)
    }

    /// `node` now sits at `depth`; notes a page nested too deep.
    fn place(&self, node: NodeId, depth: u32) {
        if let Some(info) = self.elements.borrow_mut().get_mut(&node) {
            info.depth = depth;
            self.last_depth.set(depth);
            if depth as usize > MAX_DEPTH {
                self.refuse(ParseError::TooDeep(depth as usize));
            }
        }
    }

    /// Records text just appended to `text_node` (which now ends with it),
    /// unless its parent's text is never linted.
    fn record_text(&self, text_node: Option<NodeId>, appended: usize) {
        let Some(text_node) = text_node else { return };
        let len = {
            let html = self.inner.0.borrow();
            let Some(node) = html.tree.get(text_node) else {
                return;
            };
            let Node::Text(text) = node.value() else {
                return;
            };
            if node.parent().is_some_and(|p| never_linted(p.value())) {
                return;
            }
            text.text.len()
        };
        let (window_start, window_end) = self.text_window();
        self.texts.borrow_mut().push(AppendedText {
            node: text_node,
            offset: (len - appended) as u32,
            len: appended as u32,
            window_start,
            window_end,
        });
    }
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

    fn parse_error(&self, msg: Cow<'static, str>) {
        self.inner.parse_error(msg)
    }

    fn get_document(&self) -> NodeId {
        self.inner.get_document()
    }

    fn elem_name<'a>(&'a self, target: &'a NodeId) -> Self::ElemName<'a> {
        self.inner.elem_name(target)
    }

    fn create_element(&self, name: QualName, attrs: Vec<Attribute>, flags: ElementFlags) -> NodeId {
        let own_tag = self.is_current_tag(&name.local);
        let node = self.inner.create_element(name, attrs, flags);
        let mut info = ElementInfo {
            depth: 0,
            tag_start: 0,
            tag_end: 0,
        };
        let mut elements = self.elements.borrow_mut();
        if own_tag {
            let token = self.token.get();
            info.tag_start = token.start;
            info.tag_end = token.end;
            match self.tagged.replace(Some(node)) {
                Some(earlier) => {
                    if let Some(earlier) = elements.get_mut(&earlier) {
                        earlier.tag_end = 0;
                    }
                }
                None => self.tagged_count.set(self.tagged_count.get() + 1),
            }
        }
        elements.insert(node, info);
        let created = self.created.get() + 1;
        self.created.set(created);
        let implied = created - self.tagged_count.get();
        if implied > self.implied_limit {
            self.refuse(ParseError::TooManyImplied(implied));
        }
        node
    }

    fn create_comment(&self, text: StrTendril) -> NodeId {
        self.inner.create_comment(text)
    }

    fn create_pi(&self, target: StrTendril, data: StrTendril) -> NodeId {
        self.inner.create_pi(target, data)
    }

    fn append(&self, parent: &NodeId, child: NodeOrText<NodeId>) {
        match child {
            NodeOrText::AppendText(text) => {
                let appended = text.len();
                self.inner.append(parent, NodeOrText::AppendText(text));
                let last = self
                    .inner
                    .0
                    .borrow()
                    .tree
                    .get(*parent)
                    .and_then(|p| p.last_child())
                    .map(|c| c.id());
                self.record_text(last, appended);
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

    fn mark_script_already_started(&self, node: &NodeId) {
        self.inner.mark_script_already_started(node)
    }

    fn pop(&self, node: &NodeId) {
        self.inner.pop(node)
    }

    fn get_template_contents(&self, target: &NodeId) -> NodeId {
        self.inner.get_template_contents(target)
    }

    fn same_node(&self, x: &NodeId, y: &NodeId) -> bool {
        x == y
    }

    fn set_quirks_mode(&self, mode: QuirksMode) {
        self.inner.set_quirks_mode(mode)
    }

    fn append_before_sibling(&self, sibling: &NodeId, new_node: NodeOrText<NodeId>) {
        match new_node {
            NodeOrText::AppendText(text) => {
                let appended = text.len();
                self.inner
                    .append_before_sibling(sibling, NodeOrText::AppendText(text));
                let prev = self
                    .inner
                    .0
                    .borrow()
                    .tree
                    .get(*sibling)
                    .and_then(|s| s.prev_sibling())
                    .map(|c| c.id());
                self.record_text(prev, appended);
            }
            NodeOrText::AppendNode(node) => {
                self.inner
                    .append_before_sibling(sibling, NodeOrText::AppendNode(node));
                let depth = self.depth_of(*sibling);
                self.place(node, depth);
            }
        }
    }

    fn add_attrs_if_missing(&self, target: &NodeId, attrs: Vec<Attribute>) {
        self.inner.add_attrs_if_missing(target, attrs)
    }

    fn associate_with_form(
        &self,
        target: &NodeId,
        form: &NodeId,
        nodes: (&NodeId, Option<&NodeId>),
    ) {
        self.inner.associate_with_form(target, form, nodes)
    }

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

    fn is_mathml_annotation_xml_integration_point(&self, handle: &NodeId) -> bool {
        self.inner
            .is_mathml_annotation_xml_integration_point(handle)
    }

    fn set_current_line(&self, line_number: u64) {
        self.inner.set_current_line(line_number)
    }

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

    fn maybe_clone_an_option_into_selectedcontent(&self, option: &NodeId) {
        self.inner
            .maybe_clone_an_option_into_selectedcontent(option)
    }
}
