//! What the page walk asks of each element, read in one scan of its
//! attributes.
//!
//! The walk behind the byline facts visits every element of a page and
//! used to ask each one for `itemtype`, `class`, `id`, `itemprop`, `rel`,
//! `href` and whether it is hidden, one attribute scan per question, each
//! comparing names as strings (and scraper's `Element::attr` interning the
//! asked name on every call). Here each attribute's name is compared as an
//! interned atom (`local_name!`, one integer comparison) in a single scan.
//!
//! Every field holds the *first* attribute with that local name, as
//! [`crate::html::attr`] and `Element::attr` answer: the HTML parser keeps
//! one attribute per name, except in SVG and MathML, where `xlink:href`
//! and `href` (or `xlink:type` and `type`) share a local name.

use html5ever::{LocalName, local_name};
use scraper::node::Element;

/// The attributes of one element the page walk reads.
#[derive(Debug, Default, Clone, Copy)]
pub(crate) struct ElementAttrs<'a> {
    /// `class` and `id` in the element's attribute order (the first byline
    /// word is the first one found in that order).
    pub class_id: [Option<&'a str>; 2],
    pub itemtype: Option<&'a str>,
    pub itemprop: Option<&'a str>,
    pub rel: Option<&'a str>,
    pub href: Option<&'a str>,
    pub content: Option<&'a str>,
    /// [`crate::html::is_hidden`]: a `hidden` attribute,
    /// `aria-hidden="true"` or a style that hides.
    hidden: bool,
}

impl<'a> ElementAttrs<'a> {
    /// Reads `element`'s attributes in one scan.
    pub(crate) fn read(element: &'a Element) -> Self {
        let mut out = ElementAttrs::default();
        let first = |slot: &mut Option<&'a str>, value: &'a str| {
            if slot.is_none() {
                *slot = Some(value);
            }
        };
        for (name, value) in &element.attrs {
            let value: &'a str = value;
            match name.local {
                local_name!("class") | local_name!("id") => {
                    if let Some(slot) = out.class_id.iter_mut().find(|s| s.is_none()) {
                        *slot = Some(value);
                    }
                }
                local_name!("itemtype") => first(&mut out.itemtype, value),
                local_name!("itemprop") => first(&mut out.itemprop, value),
                local_name!("rel") => first(&mut out.rel, value),
                local_name!("href") => first(&mut out.href, value),
                local_name!("content") => first(&mut out.content, value),
                local_name!("hidden") => out.hidden = true,
                local_name!("aria-hidden") => {
                    out.hidden |= value.trim().eq_ignore_ascii_case("true");
                }
                local_name!("style") => out.hidden |= crate::html::style_hides(value),
                _ => {}
            }
        }
        out
    }

    /// [`crate::html::is_hidden`], from the scan.
    pub(crate) fn is_hidden(&self) -> bool {
        self.hidden
    }
}

/// Elements that end a line of text for the "By" walk: block elements and
/// `br` (a byline is often "By NAME<br>DATE").
pub(crate) fn breaks_line(name: &LocalName) -> bool {
    matches!(
        *name,
        local_name!("p")
            | local_name!("div")
            | local_name!("section")
            | local_name!("article")
            | local_name!("main")
            | local_name!("header")
            | local_name!("footer")
            | local_name!("li")
            | local_name!("ul")
            | local_name!("ol")
            | local_name!("dl")
            | local_name!("dt")
            | local_name!("dd")
            | local_name!("h1")
            | local_name!("h2")
            | local_name!("h3")
            | local_name!("h4")
            | local_name!("h5")
            | local_name!("h6")
            | local_name!("figure")
            | local_name!("figcaption")
            | local_name!("blockquote")
            | local_name!("address")
            | local_name!("table")
            | local_name!("tr")
            | local_name!("td")
            | local_name!("th")
            | local_name!("pre")
            | local_name!("hr")
            | local_name!("br")
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use scraper::Html;

    fn first_element(html: &str, name: &str, check: impl Fn(&Element)) {
        let page = Html::parse_document(html);
        let element = page
            .tree
            .nodes()
            .filter_map(|n| n.value().as_element())
            .find(|e| e.name() == name)
            .expect("element");
        check(element);
    }

    #[test]
    fn one_scan_answers_as_the_lookups_by_name() {
        let html = r#"<p id="x" class="a b" itemprop="author" rel="author"
            href="/author/j" content="J" itemtype="https://schema.org/Person">t</p>"#;
        first_element(html, "p", |e| {
            let a = ElementAttrs::read(e);
            let ids: Vec<&str> = a.class_id.iter().flatten().copied().collect();
            let by_name: Vec<&str> = e
                .attrs()
                .filter(|(n, _)| *n == "class" || *n == "id")
                .map(|(_, v)| v)
                .collect();
            assert_eq!(ids, by_name);
            assert_eq!(a.itemprop, e.attr("itemprop"));
            assert_eq!(a.rel, Some("author"));
            assert_eq!(a.href, Some("/author/j"));
            assert_eq!(a.content, Some("J"));
            assert_eq!(a.itemtype, e.attr("itemtype"));
            assert!(!a.is_hidden());
        });
    }

    #[test]
    fn hidden_as_the_html_helper_says() {
        for (html, hidden) in [
            (r#"<div hidden>t</div>"#, true),
            (r#"<div aria-hidden=" TRUE ">t</div>"#, true),
            (r#"<div aria-hidden="false">t</div>"#, false),
            (r#"<div style="display : none">t</div>"#, true),
            (r#"<div style="color: red">t</div>"#, false),
        ] {
            first_element(html, "div", |e| {
                assert_eq!(ElementAttrs::read(e).is_hidden(), hidden, "{html}");
                assert_eq!(crate::html::is_hidden(e), hidden, "{html}");
            });
        }
    }

    #[test]
    fn line_breaking_elements_by_atom() {
        for name in ["p", "div", "br", "hr", "h1", "td", "figcaption"] {
            assert!(breaks_line(&LocalName::from(name)), "{name}");
        }
        for name in ["span", "a", "b", "em", "x-custom"] {
            assert!(!breaks_line(&LocalName::from(name)), "{name}");
        }
    }
}
