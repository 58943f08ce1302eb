//! The `exclude` selectors, matched against every element inside the
//! article root, with a cheap look first at what each could match.
//!
//! The default list has about twenty selectors, and running all of them on
//! every element cost more than everything else the scope does. Most are
//! simple (`nav`, `.sr-only`, `#comments`, `[hidden]`): such a selector
//! needs one tag, class, id or attribute (its [`Needle`]), which one look
//! at the element's name and attributes rules out for nearly every element.
//! Those selectors run only on elements holding one of their needles; the
//! others run on every element. The needles ignore case, so they never
//! rule out an element a selector would match (quirks-mode pages match
//! classes and ids without case); the selectors still decide.

use scraper::node::Element;
use scraper::{ElementRef, Selector};

use super::needle::{Needle, needle};

/// The exclude list, split into simple selectors behind their needles and
/// the rest.
pub(super) struct Exclude {
    /// Selectors with a needle, as one list.
    simple: Option<Selector>,
    /// The needles of `simple`, by kind, lower-cased.
    tags: Vec<String>,
    classes: Vec<String>,
    ids: Vec<String>,
    attrs: Vec<String>,
    /// Selectors without a needle, as one list.
    other: Option<Selector>,
}

impl Exclude {
    /// Compiles the list; a selector that does not parse is skipped. `None`
    /// for a list with no valid selector.
    pub(super) fn compile(exclude: &[String]) -> Option<Exclude> {
        let valid: Vec<&str> = exclude
            .iter()
            .map(String::as_str)
            .filter(|s| Selector::parse(s).is_ok())
            .collect();
        if valid.is_empty() {
            return None;
        }
        let mut out = Exclude {
            simple: None,
            tags: Vec::new(),
            classes: Vec::new(),
            ids: Vec::new(),
            attrs: Vec::new(),
            other: None,
        };
        let (mut simple, mut other) = (Vec::new(), Vec::new());
        for source in valid {
            match needle(source) {
                Some(n) => {
                    simple.push(source);
                    match n {
                        Needle::Tag(t) => out.tags.push(t),
                        Needle::Class(c) => out.classes.push(c),
                        Needle::Id(i) => out.ids.push(i),
                        Needle::Attr(a) => out.attrs.push(a),
                    }
                }
                None => other.push(source),
            }
        }
        let join = |list: Vec<&str>| {
            (!list.is_empty())
                .then(|| Selector::parse(&list.join(", ")).ok())
                .flatten()
        };
        out.simple = join(simple);
        out.other = join(other);
        Some(out)
    }

    /// Whether any exclude selector matches `element`.
    pub(super) fn matches(&self, element: &ElementRef) -> bool {
        self.other.as_ref().is_some_and(|s| s.matches(element))
            || (self.may_match(element.value())
                && self.simple.as_ref().is_some_and(|s| s.matches(element)))
    }

    /// Whether the element holds one of the simple selectors' needles.
    fn may_match(&self, element: &Element) -> bool {
        let name = element.name();
        if self.tags.iter().any(|t| name.eq_ignore_ascii_case(t)) {
            return true;
        }
        element.attrs().any(|(attr, value)| {
            self.attrs.iter().any(|a| attr.eq_ignore_ascii_case(a))
                || (attr == "id" && self.ids.iter().any(|i| value.eq_ignore_ascii_case(i)))
                || (attr == "class"
                    && value
                        .split_ascii_whitespace()
                        .any(|token| self.classes.iter().any(|c| token.eq_ignore_ascii_case(c))))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::html::ParsedHtml;

    /// Which `div`/`nav`/`p` elements of `page` the list excludes, in order.
    fn excluded(list: &[&str], page: &str) -> Vec<bool> {
        let list: Vec<String> = list.iter().map(|s| (*s).to_owned()).collect();
        let exclude = Exclude::compile(&list).expect("valid list");
        let page = ParsedHtml::parse(page).expect("parses");
        page.dom
            .tree
            .root()
            .descendants()
            .filter_map(ElementRef::wrap)
            .filter(|e| matches!(e.value().name(), "div" | "nav" | "p"))
            .map(|e| exclude.matches(&e))
            .collect()
    }

    #[test]
    fn simple_and_complex_selectors_both_match() {
        let list = [
            "nav",
            ".sr-only",
            "#comments",
            "[hidden]",
            "div.promo > p",
            "[class~=x]",
            "[[bad",
        ];
        let page = "<!doctype html><nav></nav><div class='a sr-only'></div>\
                    <div id=comments></div><div hidden></div>\
                    <div class=promo><p>ad</p></div><div class='y x'></div>\
                    <div class=SR-ONLY></div><div id=other></div>";
        assert_eq!(
            excluded(&list, page),
            [true, true, true, true, false, true, true, false, false]
        );
    }

    #[test]
    fn the_needles_never_change_what_the_selectors_say() {
        // Quirks mode (no doctype) and standards mode, odd case everywhere:
        // the answer is the plain selector list's.
        let list = [".sr-only", "#comments", "NAV", "[Hidden]", "div > .x"];
        for page in [
            "<div class=SR-Only></div><div id=COMMENTS></div><nav></nav>\
             <div HIDDEN></div><div><p class=X></p></div>",
            "<!doctype html><div class=SR-Only></div><div id=COMMENTS></div>\
             <nav></nav><div HIDDEN></div><div><p class=X></p></div>",
        ] {
            let plain = Selector::parse(&list.join(", ")).expect("valid");
            let html = ParsedHtml::parse(page).expect("parses");
            let want: Vec<bool> = html
                .dom
                .tree
                .root()
                .descendants()
                .filter_map(ElementRef::wrap)
                .filter(|e| matches!(e.value().name(), "div" | "nav" | "p"))
                .map(|e| plain.matches(&e))
                .collect();
            assert_eq!(excluded(&list, page), want, "{page}");
            assert!(want.contains(&true));
        }
    }

    #[test]
    fn a_list_without_valid_selectors_is_none() {
        assert!(Exclude::compile(&["[[bad".to_owned()]).is_none());
        assert!(Exclude::compile(&[]).is_none());
    }
}
