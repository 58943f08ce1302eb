//! The CSS-selector-like path each block is reported with
//! (`#story > p:nth-of-type(3)`), maintained incrementally by the block walk.
//!
//! Each element's position among same-named siblings is counted as the walk
//! meets it, so selectors cost no extra pass, and strings are only built for
//! elements that own a block. The counting stays linear on any page: an
//! element with thousands of differently named children (custom elements
//! `<x1>` … `<x80000>`, a hostile page) made the per-name list and the
//! later-sibling scan quadratic, 100 s for a 2 MB page; past a few names
//! both move to hash maps.

use ego_tree::{NodeId, NodeRef};
use rustc_hash::FxHashMap;
use scraper::Node;
use scraper::node::Element;

/// Distinct child names counted in a list before the list becomes a map:
/// real elements have a handful.
const FEW_NAMES: usize = 16;

/// Later siblings scanned for a name before the parent's children are
/// indexed by name once.
const SHORT_SCAN: usize = 64;

/// The path of the element being visited.
#[derive(Default)]
pub(super) struct SelectorPath<'a> {
    /// Each open element, outermost first, with its `nth-of-type` (0: not needed).
    steps: Vec<(NodeRef<'a, Node>, u32)>,
    /// For each open element, what the walk has seen of its children.
    children: Vec<Children<'a>>,
}

/// What the walk knows of one open element's children.
#[derive(Default)]
struct Children<'a> {
    /// How many children of each name were entered so far: a short list,
    /// moved to `counts_map` past [`FEW_NAMES`] names.
    counts: Vec<(&'a str, u32)>,
    counts_map: Option<FxHashMap<&'a str, u32>>,
    /// The last child element of each name, made when a sibling scan runs
    /// past [`SHORT_SCAN`].
    last_named: Option<FxHashMap<&'a str, NodeId>>,
}

impl<'a> Children<'a> {
    /// Counts one more child named `name`; returns its 1-based position
    /// among the entered children of that name.
    fn shown(&mut self, name: &'a str) -> u32 {
        if let Some(map) = &mut self.counts_map {
            let count = map.entry(name).or_insert(0);
            *count += 1;
            return *count;
        }
        if let Some((_, count)) = self.counts.iter_mut().find(|(n, _)| *n == name) {
            *count += 1;
            return *count;
        }
        self.counts.push((name, 1));
        if self.counts.len() > FEW_NAMES {
            self.counts_map = Some(self.counts.drain(..).collect());
        }
        1
    }

    /// Whether a later sibling of `node` (any element, entered or not) is
    /// also named `name`.
    fn has_later_named(&mut self, node: NodeRef<'a, Node>, name: &str) -> bool {
        if self.last_named.is_none() {
            let mut later = node.next_siblings();
            for sibling in later.by_ref().take(SHORT_SCAN) {
                if sibling
                    .value()
                    .as_element()
                    .is_some_and(|e| e.name() == name)
                {
                    return true;
                }
            }
            if later.next().is_none() {
                return false;
            }
            let Some(parent) = node.parent() else {
                return false;
            };
            let mut last = FxHashMap::default();
            for child in parent.children() {
                if let Some(element) = child.value().as_element() {
                    last.insert(element.name(), child.id());
                }
            }
            self.last_named = Some(last);
        }
        self.last_named
            .as_ref()
            .and_then(|last| last.get(name))
            .is_some_and(|&last| last != node.id())
    }
}

impl<'a> SelectorPath<'a> {
    pub(super) fn enter(&mut self, node: NodeRef<'a, Node>, element: &'a Element) {
        let name = element.name();
        let nth = match self.children.last_mut() {
            Some(children) => {
                let index = children.shown(name);
                if index > 1 || children.has_later_named(node, name) {
                    index
                } else {
                    0
                }
            }
            None => 0,
        };
        self.steps.push((node, nth));
        self.children.push(Children::default());
    }

    pub(super) fn leave(&mut self) {
        self.steps.pop();
        self.children.pop();
    }

    /// The path from the nearest ancestor with an id (or the top) to `node`.
    pub(super) fn selector_of(&self, node: NodeId) -> String {
        let end = self
            .steps
            .iter()
            .rposition(|(n, _)| n.id() == node)
            .map_or(self.steps.len(), |i| i + 1);
        let start = self.steps[..end]
            .iter()
            .rposition(|(n, _)| usable_id(n).is_some())
            .unwrap_or(0);
        let mut out = String::new();
        for (node, nth) in &self.steps[start..end] {
            if !out.is_empty() {
                out.push_str(" > ");
            }
            if let Some(id) = usable_id(node) {
                out.push('#');
                out.push_str(id);
                continue;
            }
            let Some(element) = node.value().as_element() else {
                continue;
            };
            out.push_str(element.name());
            if let Some(class) = element.classes().next() {
                out.push('.');
                out.push_str(class);
            }
            if *nth > 0 {
                out.push_str(&format!(":nth-of-type({nth})"));
            }
        }
        out
    }
}

fn usable_id<'a>(node: &NodeRef<'a, Node>) -> Option<&'a str> {
    let id = node.value().as_element()?.id()?;
    (!id.is_empty() && !id.contains(char::is_whitespace)).then_some(id)
}

#[cfg(test)]
mod tests {
    use crate::document::Document;
    use crate::source::SourceFile;

    fn selectors(page: &str) -> Vec<String> {
        let source = SourceFile::from_text("t.html", page);
        let doc = Document::parse(&source).expect("parses");
        doc.blocks.iter().map(|b| b.selector.clone()).collect()
    }

    /// The same selectors whether the counts are kept in the short list or
    /// in the maps: a parent with many kinds of children, one of them
    /// repeated far apart.
    #[test]
    fn many_child_names_give_the_same_selectors_as_few() {
        let few = selectors("<div id=a><x1><p>a</p></x1><x2><p>b</p></x2><x1><p>c</p></x1></div>");
        assert_eq!(
            few,
            [
                "#a > x1:nth-of-type(1) > p",
                "#a > x2 > p",
                "#a > x1:nth-of-type(2) > p"
            ]
        );
        let mut body = String::new();
        for i in 0..200 {
            body.push_str(&format!("<x{i}><p>item {i}</p></x{i}>"));
        }
        let many = selectors(&format!(
            "<div id=a>{body}<x5><p>again</p></x5><script>s</script></div>"
        ));
        assert_eq!(many.len(), 201);
        assert_eq!(many[0], "#a > x0 > p");
        assert_eq!(many[5], "#a > x5:nth-of-type(1) > p");
        assert_eq!(many[6], "#a > x6 > p");
        assert_eq!(many[199], "#a > x199 > p");
        assert_eq!(many[200], "#a > x5:nth-of-type(2) > p");
    }
}
