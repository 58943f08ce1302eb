//! Bounded text of DOM subtrees: bylines and credits are short, so an
//! element's text is read only up to a limit, which keeps nested candidates
//! (a byline box inside a header inside the article) linear.

use ego_tree::NodeRef;
use scraper::Node;

/// How many characters of an element's text are ever read: bylines and
/// credits are short, and capping keeps nested candidates linear.
pub(crate) const TEXT_LIMIT: usize = 600;

/// `text` cut to at most `limit` bytes, at a character boundary.
pub(crate) fn cap(text: &str, limit: usize) -> &str {
    if text.len() <= limit {
        return text;
    }
    let mut end = limit;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    &text[..end]
}

/// The text of a subtree (scripts and styles skipped), whitespace collapsed,
/// at most about `limit` bytes.
pub fn text_of(node: NodeRef<Node>, limit: usize) -> String {
    let mut out = String::new();
    let mut stack = vec![node];
    while let Some(n) = stack.pop() {
        if out.len() >= limit {
            break;
        }
        match n.value() {
            Node::Text(t) => {
                for word in t.text.split_whitespace() {
                    if !out.is_empty() {
                        out.push(' ');
                    }
                    out.push_str(word);
                }
            }
            // Scripts inside the element are not text; the element itself
            // may be a script whose text is wanted (JSON-LD).
            Node::Element(e)
                if n.id() != node.id() && matches!(e.name(), "script" | "style" | "template") => {}
            Node::Element(_) => stack.extend(n.children().rev()),
            _ => {}
        }
    }
    // Text of an element is the only user data here; script bodies are read
    // through the same function with no limit.
    if out.len() > limit {
        out.truncate(cap(&out, limit).len());
    }
    out
}
