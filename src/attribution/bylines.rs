//! Bylines carried by elements (microdata, `rel=author`, author links,
//! byline classes, hCards). The visible "By NAME" line is [`super::by_line`].

use crate::attribution::element::{ElementAttrs, breaks_line};
use crate::attribution::names::{clean_name, cut_at_separator, without_date};
use crate::attribution::text::{TEXT_LIMIT, cap, text_of};
use crate::attribution::vocabulary::has_token;
use crate::html::attr;
use ego_tree::iter::Edge;
use ego_tree::{NodeId, NodeRef};
use html5ever::local_name;
use scraper::Node;
use scraper::node::Element;

/// A name offered as the article's author, before cleaning: its rank (lower
/// is more trustworthy), the raw name, and where it came from.
pub(crate) type Candidate = (u8, String, String);

/// Whether [`element_bylines`] can find anything on an element: it has an
/// `itemprop`, a `rel`, a byline class word or is a link. Asked of every
/// element outside furniture, so the search is not even called for most.
pub(crate) fn may_carry_byline(
    element: &Element,
    attrs: &ElementAttrs,
    byline_token: Option<&str>,
) -> bool {
    attrs.itemprop.is_some()
        || attrs.rel.is_some()
        || byline_token.is_some()
        || (attrs.href.is_some() && element.name.local == local_name!("a"))
}

/// Bylines carried by an element: microdata, rel=author, author links,
/// byline/author classes (`byline_token`, the first of its class and id
/// words naming one, see [`crate::attribution::vocabulary::TokenMarks::element`]).
/// `attrs` are the element's, read once by the page walk.
pub(crate) fn element_bylines(
    node: NodeRef<Node>,
    element: &Element,
    attrs: &ElementAttrs,
    byline_token: Option<&str>,
) -> Vec<Candidate> {
    let mut candidates: Vec<Candidate> = Vec::new();
    if has_token(attrs.itemprop, "author") {
        let name = attrs
            .content
            .map(str::to_owned)
            .or_else(|| itemprop_name(node))
            .unwrap_or_else(|| text_of(node, TEXT_LIMIT));
        candidates.push((1, name, "itemprop=author".into()));
    }
    let is_link = element.name.local == local_name!("a");
    if has_token(attrs.rel, "author") {
        let name = if is_link {
            text_of(node, TEXT_LIMIT)
        } else {
            attrs.href.unwrap_or("").to_owned()
        };
        candidates.push((2, name, "rel=author".into()));
    }
    if is_link && attrs.href.is_some_and(links_to_author_page) {
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

/// Whether a link's path has an `/author/` or `/authors/` folder (any
/// case). Every link of the article is asked, so the href is not
/// lower-cased into a new string: each `/` is looked at once.
fn links_to_author_page(href: &str) -> bool {
    let bytes = href.as_bytes();
    bytes.iter().enumerate().any(|(at, &b)| {
        b == b'/'
            && bytes
                .get(at + 1..at + 7)
                .is_some_and(|w| w.eq_ignore_ascii_case(b"author"))
            && (bytes.get(at + 7) == Some(&b'/')
                || bytes
                    .get(at + 7..at + 9)
                    .is_some_and(|w| w.eq_ignore_ascii_case(b"s/")))
    })
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
                    Node::Element(e) if breaks_line(&e.name.local) && !out.is_empty() => {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn author_page_links_as_lower_cased_contains_says() {
        for href in [
            "/author/jane",
            "https://x.com/Authors/jane-roe",
            "/AUTHOR/",
            "/authority/x",
            "/author",
            "/co-author/x",
            "/authorsx/",
            "author/x",
            "/é/author/x",
        ] {
            let lower = href.to_ascii_lowercase();
            assert_eq!(
                links_to_author_page(href),
                lower.contains("/author/") || lower.contains("/authors/"),
                "{href}"
            );
        }
    }
}
