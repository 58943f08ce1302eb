//! What a simple content selector needs on a page before it can match, so
//! a page without it is not walked for that selector at all.
//!
//! Choosing the scope tries the `content` selectors in order, each a walk of
//! every node of the page; on pages that match none of the first few (a
//! third of the corpus falls through all nine defaults) those walks cost
//! more than everything else scope does. One pass lists the elements
//! holding the tags, class tokens, ids and attribute names the selectors
//! could use; each simple selector is then matched against its list alone.
//! The lists are generous: they ignore case (quirks-mode pages match classes
//! and ids without it), and a selector without a needle walks the page.

use ego_tree::NodeId;
use scraper::Node;

use crate::html::ParsedHtml;

/// The one thing a simple selector (`article`, `.entry-content`, `#content`,
/// `[itemprop=articleBody]`) needs on an element.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Needle {
    Tag(String),
    Class(String),
    Id(String),
    Attr(String),
}

/// The needle of a selector's source, if it is one simple selector.
pub(super) fn needle(source: &str) -> Option<Needle> {
    let source = source.trim();
    let is_ident = |s: &str| {
        !s.is_empty()
            && s.bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
            && !s.starts_with(|c: char| c.is_ascii_digit())
    };
    if let Some(class) = source.strip_prefix('.') {
        return is_ident(class).then(|| Needle::Class(class.to_ascii_lowercase()));
    }
    if let Some(id) = source.strip_prefix('#') {
        return is_ident(id).then(|| Needle::Id(id.to_ascii_lowercase()));
    }
    if let Some(inner) = source.strip_prefix('[').and_then(|s| s.strip_suffix(']')) {
        let name = inner.split('=').next().unwrap_or_default().trim();
        // `[a~=b]`, `[a|=b]`, `[a^=b]` ... leave an operator on the name.
        return is_ident(name).then(|| Needle::Attr(name.to_ascii_lowercase()));
    }
    (is_ident(source) && source.bytes().all(|b| b.is_ascii_alphanumeric()))
        .then(|| Needle::Tag(source.to_ascii_lowercase()))
}

/// For each needle, the elements of the page holding it, in the order of
/// the parser's arena (the order `Html::select` visits them in), visible or
/// not, as selector matching sees them all. Every element a simple selector
/// matches holds its needle, so running the selector on these alone finds
/// exactly what a walk of the whole page would, in the same order.
pub(super) fn holders(html: &ParsedHtml, needles: &[&Needle]) -> Vec<Vec<NodeId>> {
    let mut found: Vec<Vec<NodeId>> = vec![Vec::new(); needles.len()];
    if needles.is_empty() {
        return found;
    }
    // The needles by kind, with their index: each attribute and class token
    // is compared with the needles of its kind only.
    let (mut tags, mut classes, mut ids, mut attrs) = (vec![], vec![], vec![], vec![]);
    for (i, needle) in needles.iter().enumerate() {
        match needle {
            Needle::Tag(t) => tags.push((i, t.as_str())),
            Needle::Class(c) => classes.push((i, c.as_str())),
            Needle::Id(d) => ids.push((i, d.as_str())),
            Needle::Attr(a) => attrs.push((i, a.as_str())),
        }
    }
    for node in html.dom.tree.nodes() {
        let Node::Element(element) = node.value() else {
            continue;
        };
        let name = element.name();
        // One look at the element's name and attributes for all needles; an
        // element holding a needle twice (`class="a A"`) is listed once.
        let mut hit = |i: usize| {
            if let Some(list) = found.get_mut(i)
                && list.last() != Some(&node.id())
            {
                list.push(node.id());
            }
        };
        for &(i, tag) in &tags {
            if name.eq_ignore_ascii_case(tag) {
                hit(i);
            }
        }
        for (attr, value) in element.attrs() {
            for &(i, a) in &attrs {
                if attr.eq_ignore_ascii_case(a) {
                    hit(i);
                }
            }
            if attr == "id" {
                for &(i, id) in &ids {
                    if value.eq_ignore_ascii_case(id) {
                        hit(i);
                    }
                }
            }
            if attr == "class" && !classes.is_empty() {
                for token in value.split_ascii_whitespace() {
                    for &(i, c) in &classes {
                        if token.eq_ignore_ascii_case(c) {
                            hit(i);
                        }
                    }
                }
            }
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn simple_selectors_have_needles_and_others_none() {
        assert_eq!(needle("article"), Some(Needle::Tag("article".into())));
        assert_eq!(
            needle(".Entry-content"),
            Some(Needle::Class("entry-content".into()))
        );
        assert_eq!(needle("#content"), Some(Needle::Id("content".into())));
        assert_eq!(
            needle("[itemprop=articleBody]"),
            Some(Needle::Attr("itemprop".into()))
        );
        assert_eq!(needle("[role=main]"), Some(Needle::Attr("role".into())));
        for complex in [
            "div.post",
            "article > p",
            "main, .x",
            "[class~=a]",
            "*",
            "1a",
        ] {
            assert_eq!(needle(complex), None, "{complex}");
        }
    }

    #[test]
    fn needles_are_found_whatever_their_case() {
        let page = ParsedHtml::parse(
            "<div ID=x class='a  Entry-Content entry-content'><ARTICLE hidden></ARTICLE></div>",
        )
        .expect("parses");
        let needles = [
            Needle::Tag("article".into()),
            Needle::Class("entry-content".into()),
            Needle::Id("X".to_ascii_lowercase()),
            Needle::Attr("hidden".into()),
            Needle::Tag("main".into()),
            Needle::Attr("itemprop".into()),
        ];
        let refs: Vec<&Needle> = needles.iter().collect();
        let found: Vec<usize> = holders(&page, &refs).iter().map(Vec::len).collect();
        assert_eq!(found, [1, 1, 1, 1, 0, 0]);
    }
}
