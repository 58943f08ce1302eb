//! A tree written out node by node, for checking that the tree copydesk
//! builds is the one scraper builds from the same page (tests, fuzzing).

use scraper::{Html, Node};

/// Every element (namespace, name, attributes in order) and every text, in
/// tree order. Left out, because copydesk builds them differently on
/// purpose: the text of style elements and of scripts other than JSON-LD
/// (skipped unread) and comments (one node without text for a run of them).
pub fn outline(dom: &Html) -> Vec<String> {
    let mut out = Vec::new();
    for node in dom.tree.root().descendants() {
        match node.value() {
            Node::Element(e) => {
                let mut line = format!("<{} {}", e.name.ns, e.name());
                for (name, value) in &e.attrs {
                    line += &format!(" {}:{}={:?}", name.ns, name.local, &**value);
                }
                out.push(line);
            }
            Node::Text(text) => {
                let skipped = node
                    .parent()
                    .and_then(|p| p.value().as_element())
                    .is_some_and(|e| match e.name() {
                        "style" => true,
                        "script" => !e
                            .attr("type")
                            .is_some_and(|t| t.trim().eq_ignore_ascii_case("application/ld+json")),
                        _ => false,
                    });
                if !skipped {
                    out.push(format!("{:?}", &**text));
                }
            }
            _ => {}
        }
    }
    out
}

/// Where two outlines first differ, described; `None` if they are equal.
pub fn first_difference(ours: &[String], theirs: &[String]) -> Option<String> {
    if ours == theirs {
        return None;
    }
    let at = ours.iter().zip(theirs).position(|(a, b)| a != b);
    let at = at.unwrap_or(ours.len().min(theirs.len()));
    Some(format!(
        "node {at}: {:?} against scraper's {:?}",
        ours.get(at),
        theirs.get(at)
    ))
}
