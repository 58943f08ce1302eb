//! A tree sink that builds scraper's DOM and records, for every element it
//! creates and every piece of text it appends, which input chunk was being
//! parsed at the time. `super::locate` turns that into exact source ranges.

use ego_tree::NodeId;
use html5ever::interface::{ElementFlags, NodeOrText, QuirksMode, TreeSink};
use html5ever::tendril::StrTendril;
use html5ever::{Attribute, QualName};
use scraper::{Html, HtmlTreeSink, Node};
use std::borrow::Cow;
use std::cell::{Cell, RefCell};

/// An element created while chunk `chunk` was fed.
#[derive(Debug)]
pub struct CreatedElement {
    pub node: NodeId,
    pub chunk: u32,
}

/// `len` bytes of text appended at byte `offset` of text node `node` while
/// chunk `chunk` was fed.
#[derive(Debug)]
pub struct AppendedText {
    pub node: NodeId,
    pub offset: u32,
    pub len: u32,
    pub chunk: u32,
}

#[derive(Debug, Default)]
pub struct Recording {
    pub elements: Vec<CreatedElement>,
    pub texts: Vec<AppendedText>,
}

/// Scraper's sink plus the recording.
pub struct LocatingSink {
    inner: HtmlTreeSink,
    pub current_chunk: Cell<u32>,
    recording: RefCell<Recording>,
}

impl LocatingSink {
    pub fn new() -> Self {
        LocatingSink {
            inner: HtmlTreeSink::new(Html::new_document()),
            current_chunk: Cell::new(0),
            recording: RefCell::new(Recording::default()),
        }
    }

    fn text_len(&self, node: NodeId) -> Option<usize> {
        let html = self.inner.0.borrow();
        match html.tree.get(node)?.value() {
            Node::Text(t) => Some(t.text.len()),
            _ => None,
        }
    }

    fn record_text(&self, node: Option<NodeId>, appended: usize) {
        let Some(node) = node else { return };
        let Some(len) = self.text_len(node) else {
            return;
        };
        self.recording.borrow_mut().texts.push(AppendedText {
            node,
            offset: (len - appended) as u32,
            len: appended as u32,
            chunk: self.current_chunk.get(),
        });
    }
}

impl TreeSink for LocatingSink {
    type Output = (Html, Recording);
    type Handle = NodeId;
    type ElemName<'a> = <HtmlTreeSink as TreeSink>::ElemName<'a>;

    fn finish(self) -> Self::Output {
        (self.inner.finish(), self.recording.into_inner())
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
        let node = self.inner.create_element(name, attrs, flags);
        self.recording.borrow_mut().elements.push(CreatedElement {
            node,
            chunk: self.current_chunk.get(),
        });
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
            node => self.inner.append(parent, node),
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
            node => self.inner.append_before_sibling(sibling, node),
        }
    }

    fn add_attrs_if_missing(&self, target: &NodeId, attrs: Vec<Attribute>) {
        self.inner.add_attrs_if_missing(target, attrs)
    }

    fn remove_from_parent(&self, target: &NodeId) {
        self.inner.remove_from_parent(target)
    }

    fn reparent_children(&self, node: &NodeId, new_parent: &NodeId) {
        self.inner.reparent_children(node, new_parent)
    }
}
