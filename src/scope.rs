//! The article scope: which part of the page the text rules lint.
//!
//! Text rules must lint the article, not the site around it: a misspelled
//! menu item or a reader's comment is not the newsroom's mistake. Choosing the
//! scope has two steps.
//!
//! 1. **The root**, the container holding the article. The configured
//!    `content` selectors are tried in order; when one matches several
//!    elements (`article` also matches teaser cards on index pages) the match
//!    holding the most text wins, and matches with almost no text are skipped.
//!    When no selector gives a plausible match, a text-density score in the
//!    manner of Mozilla's Readability picks the container: paragraphs of
//!    prose vote for their parent and grandparents, link-heavy containers and
//!    containers whose class or id says "comment", "sidebar", "promo", ... are
//!    marked down. The page `body` is the last resort.
//! 2. **The exclusions**, subtrees inside the root that are page furniture:
//!    whatever matches the `exclude` selectors, plus built-in detection that
//!    needs no configuration (navigation, forms, hidden elements, and
//!    comment, share, newsletter, related-links, byline and ad widgets
//!    recognised by the words of their class and id).
//!
//! Everything here is a constant number of walks over the DOM, so linear in
//! the size of the page. Selectors are compiled once per distinct list
//! ([`ScopeSelectors::cached`]), not once per file.

use crate::html::ParsedHtml;
use crate::html::is_hidden;
use ego_tree::{NodeId, NodeRef};
use html5ever::{LocalName, local_name};
use rustc_hash::{FxHashMap, FxHashSet};
use scraper::node::Element;
use scraper::{ElementRef, Node, Selector};
use std::sync::{Arc, Mutex, OnceLock};

mod exclude;
mod hints;
mod needle;
mod stats;

use hints::{Hint, element_hint, is_furniture_only};
use stats::{Stats, count_visible, is_prose_block};

/// A content-selector match with fewer non-space characters than this is a
/// teaser card, a label or an empty wrapper, not an article. About two
/// sentences: a real article, even a news brief, is longer.
const MIN_CONTENT_CHARS: u32 = 200;

/// A prose block shorter than this (non-space characters) casts no vote in the
/// density score: menu items, buttons and labels are short (Readability uses 25).
const MIN_SCORED_CHARS: u32 = 25;

/// How many ancestors of a prose block receive part of its score. Articles
/// wrap paragraphs in a few layers of `div`s; the vote decays with distance.
const SCORE_ANCESTORS: usize = 5;

/// Which part of the page text rules lint.
#[derive(Debug, Clone)]
pub struct Scope {
    /// The container holding the article.
    pub root: NodeId,
    /// Subtrees inside the root that are not article text (navigation, forms, ...).
    pub excluded: FxHashSet<NodeId>,
    /// Why this container was chosen, for `copydesk blocks`.
    pub reason: String,
}

/// The `body` element, or the document root for a page without one.
fn body_or_root(html: &ParsedHtml) -> NodeId {
    let root = html.dom.tree.root();
    root.descendants()
        .find(|n| n.value().as_element().is_some_and(|e| e.name() == "body"))
        .map_or(root.id(), |n| n.id())
}

/// Elements whose content is never article text, by their interned name:
/// one integer comparison per name, for the walks that ask it of every
/// element of a page.
pub fn is_never_text(name: &LocalName) -> bool {
    matches!(
        *name,
        local_name!("script")
            | local_name!("style")
            | local_name!("noscript")
            | local_name!("template")
            | local_name!("head")
            | local_name!("title")
            | local_name!("svg")
            | local_name!("math")
            | local_name!("iframe")
            | local_name!("noembed")
            | local_name!("noframes")
            | local_name!("object")
            | local_name!("select")
            | local_name!("textarea")
            | local_name!("button")
            | local_name!("input")
    )
}

/// Chooses the container holding the article and the subtrees inside it that
/// are page furniture. `content` selectors are tried in order; `exclude`
/// selectors mark furniture. Selectors that fail to parse are ignored (the
/// configuration was validated; this never panics).
pub fn choose(html: &ParsedHtml, content: &[String], exclude: &[String]) -> Scope {
    ScopeSelectors::cached(content, exclude).choose(html)
}

/// The `content` and `exclude` selector lists, compiled.
pub struct ScopeSelectors {
    /// Each content selector with its source text, for the scope's reason.
    content: Vec<(String, Selector)>,
    /// Per content selector, what it needs on a page, if it is simple.
    needles: Vec<Option<needle::Needle>>,
    /// All valid exclude selectors, behind a cheap look at what each needs
    /// (this runs for every element in scope).
    exclude: Option<exclude::Exclude>,
}

/// Compiled selector lists by their source, so a run over thousands of pages
/// compiles each distinct list once. Bounded: a run has one list per
/// configuration directory, and a long-lived process with more simply
/// recompiles.
type Cache = Mutex<Vec<(Vec<String>, Vec<String>, Arc<ScopeSelectors>)>>;
const CACHE_ENTRIES: usize = 32;

impl ScopeSelectors {
    /// Compiles both lists; a selector that does not parse is skipped.
    pub fn compile(content: &[String], exclude: &[String]) -> ScopeSelectors {
        let content: Vec<(String, Selector)> = content
            .iter()
            .filter_map(|s| Some((s.clone(), Selector::parse(s).ok()?)))
            .collect();
        ScopeSelectors {
            needles: content.iter().map(|(s, _)| needle::needle(s)).collect(),
            content,
            exclude: exclude::Exclude::compile(exclude),
        }
    }

    /// The compiled lists for these sources, compiled on first use.
    pub fn cached(content: &[String], exclude: &[String]) -> Arc<ScopeSelectors> {
        static CACHE: OnceLock<Cache> = OnceLock::new();
        let cache = CACHE.get_or_init(|| Mutex::new(Vec::new()));
        // A poisoned lock only means another thread panicked mid-lookup; the
        // entries are still whole, so keep using them.
        let mut entries = cache.lock().unwrap_or_else(|e| e.into_inner());
        if let Some((_, _, compiled)) = entries
            .iter()
            .find(|(c, e, _)| c.as_slice() == content && e.as_slice() == exclude)
        {
            return Arc::clone(compiled);
        }
        let compiled = Arc::new(ScopeSelectors::compile(content, exclude));
        if entries.len() >= CACHE_ENTRIES {
            entries.remove(0);
        }
        entries.push((content.to_vec(), exclude.to_vec(), Arc::clone(&compiled)));
        compiled
    }

    /// Chooses the scope of one page.
    pub fn choose(&self, html: &ParsedHtml) -> Scope {
        let stats = Stats::collect(html);
        let (root, reason) = self.choose_root(html, &stats);
        let excluded = self.furniture(html, &stats, root);
        Scope {
            root,
            excluded,
            reason,
        }
    }

    fn choose_root(&self, html: &ParsedHtml, stats: &Stats) -> (NodeId, String) {
        let body = body_or_root(html);
        // One pass lists the elements holding each simple selector's needle;
        // those selectors are matched against their list alone, the others
        // walk the page.
        let needles: Vec<&needle::Needle> = self.needles.iter().flatten().collect();
        let mut holders = needle::holders(html, &needles).into_iter();
        for ((source, selector), needle) in self.content.iter().zip(&self.needles) {
            let matches: Box<dyn Iterator<Item = ElementRef>> = if needle.is_some() {
                let list = holders.next().unwrap_or_default();
                Box::new(
                    list.into_iter()
                        .filter_map(|id| html.dom.tree.get(id).and_then(ElementRef::wrap))
                        // As `Html::select`: not a detached element.
                        .filter(|e| e.parent().is_some() && selector.matches(e)),
                )
            } else {
                Box::new(html.dom.select(selector))
            };
            let mut count = 0usize;
            // Best by prose, doubled for the match holding the page's h1: the
            // article beats teaser cards (one short paragraph each) and link
            // lists, and the headline tips the balance against a box of
            // long excerpts. Raw text would prefer a "Most read" list.
            let mut best: Option<(ElementRef, u64)> = None;
            for element in matches {
                count += 1;
                let stat = stats.get(element.id());
                if stat.in_chrome || element_hint(element.value()) == Hint::Furniture {
                    // A comment (`article.comment`) or a card in a sidebar.
                    continue;
                }
                let rank = u64::from(stat.prose) << u64::from(stat.has_h1);
                if best.is_none_or(|(_, r)| rank > r) {
                    best = Some((element, rank));
                }
            }
            let Some((element, _)) = best else {
                continue;
            };
            let chars = stats.chars(element.id());
            if chars < MIN_CONTENT_CHARS {
                continue;
            }
            let of = if count > 1 {
                format!(", the most prose of {count} matches")
            } else {
                String::new()
            };
            return (
                element.id(),
                format!(
                    "matched content selector `{source}` ({} chars of text{of}): {}",
                    thousands(chars),
                    describe(element.value())
                ),
            );
        }
        if let Some(found) = density_candidate(html, stats) {
            return (
                found.node,
                format!(
                    "no content selector matched; highest text-density score ({:.1}) \
                     among {} candidates: {}",
                    found.score, found.candidates, found.description
                ),
            );
        }
        (
            body,
            "no content selector matched and no container holds prose: the page body".into(),
        )
    }

    /// The furniture subtrees inside `root`: topmost ones only, since the
    /// block walk skips an excluded element's whole subtree.
    fn furniture(&self, html: &ParsedHtml, stats: &Stats, root: NodeId) -> FxHashSet<NodeId> {
        let mut excluded = FxHashSet::default();
        let Some(root_ref) = html.dom.tree.get(root) else {
            return excluded;
        };
        let root_chars = stats.chars(root).max(1);
        let mut stack: Vec<NodeRef<Node>> = root_ref.children().collect();
        stack.reverse();
        while let Some(node) = stack.pop() {
            let Some(element) = ElementRef::wrap(node) else {
                continue;
            };
            if self.exclude.iter().any(|s| s.matches(&element))
                || is_builtin_furniture(element, stats, root_chars)
            {
                excluded.insert(node.id());
                continue;
            }
            let len = stack.len();
            stack.extend(node.children());
            stack[len..].reverse();
        }
        excluded
    }
}

/// Built-in furniture: what is not article prose on any site.
fn is_builtin_furniture(element_ref: ElementRef, stats: &Stats, root_chars: u32) -> bool {
    let element = element_ref.value();
    let node = element_ref.id();
    let count = stats.get(node);
    if !count.visited && is_hidden(element) {
        return true;
    }
    if stats.is_chrome(node, element) {
        return true;
    }
    // Words inside a sentence are never furniture by their class: a link
    // with `class="popup"` in a paragraph is part of the paragraph, and
    // dropping it would leave the sentence with a hole ("Or, , it was").
    if is_inline(element.name()) {
        return false;
    }
    // The headline is never furniture, nor is what holds most of the article.
    if count.has_h1 || count.chars.saturating_mul(2) > root_chars {
        return false;
    }
    if element.name() == "form" {
        return true;
    }
    // Lists and boxes of links ("Most popular", tag clouds, pagers): prose
    // has few links, Readability drops containers over half links too.
    if matches!(
        element.name(),
        "ul" | "ol" | "dl" | "div" | "section" | "table"
    ) && stats.link_density(node) > 0.5
    {
        return true;
    }
    match element_hint(element) {
        Hint::Furniture => true,
        // Bylines and datelines are short labels, not prose. An author bio
        // written in sentences is published prose the newsroom answers for
        // (the seed page's doubled comma is in one), so it stays linted.
        Hint::Metadata => {
            count.chars.saturating_mul(4) < root_chars && !holds_prose_sentence(element_ref)
        }
        Hint::Positive | Hint::Neutral => false,
    }
}

/// Phrasing elements: parts of a sentence, not boxes on the page.
fn is_inline(name: &str) -> bool {
    matches!(
        name,
        "a" | "span"
            | "em"
            | "strong"
            | "b"
            | "i"
            | "u"
            | "s"
            | "small"
            | "sup"
            | "sub"
            | "abbr"
            | "cite"
            | "code"
            | "time"
            | "mark"
            | "q"
            | "label"
            | "font"
            | "dfn"
            | "kbd"
            | "var"
            | "bdi"
            | "bdo"
            | "data"
            | "ins"
            | "del"
    )
}

/// Words a paragraph needs to count as prose rather than a label.
const PROSE_SENTENCE_WORDS: usize = 12;

/// Whether an element holds a paragraph of prose: a `p` of at least
/// [`PROSE_SENTENCE_WORDS`] words. Only asked of small metadata boxes.
fn holds_prose_sentence(element: ElementRef) -> bool {
    element.descendants().filter_map(ElementRef::wrap).any(|e| {
        e.value().name() == "p"
            && e.text().flat_map(str::split_whitespace).count() >= PROSE_SENTENCE_WORDS
    })
}

/// The container the density score prefers.
struct DensityChoice {
    node: NodeId,
    score: f64,
    candidates: usize,
    description: String,
}

/// Readability-style scoring: every prose block (a `p`, `pre`, `td` or
/// `blockquote`, or a `div` whose own text is prose) of at least
/// [`MIN_SCORED_CHARS`] scores 1 + its commas + one per 100 characters (at
/// most 3), added in full to its parent, half to its grandparent and a third
/// of the level to older ancestors. Each candidate starts from a bonus for its
/// tag and class/id words, and its total is scaled by (1 - link density).
/// Ancestors are only visited for scored blocks, each at most
/// [`SCORE_ANCESTORS`] levels up: linear in the page.
fn density_candidate(html: &ParsedHtml, stats: &Stats) -> Option<DensityChoice> {
    let mut scores: FxHashMap<NodeId, f64> = FxHashMap::default();
    // Prose characters of every scored block, to check the winner holds most of it.
    let mut total_prose: u64 = 0;
    let root = html.dom.tree.root();
    let mut stack: Vec<NodeRef<Node>> = vec![root];
    while let Some(node) = stack.pop() {
        let Some(element) = node.value().as_element() else {
            if matches!(node.value(), Node::Document | Node::Fragment) {
                stack.extend(node.children());
            }
            continue;
        };
        if stats.is_invisible(node.id(), element)
            || stats.is_chrome(node.id(), element)
            || (is_furniture_only(element) && !stats.get(node.id()).has_h1)
        {
            // Readability drops "unlikely candidates" before scoring too:
            // a long reader comment must not outscore a short article.
            continue;
        }
        stack.extend(node.children());
        // A prose block votes for its parent and older ancestors; text
        // sitting directly in a `div` is a paragraph of that `div`, so the
        // vote starts at the `div` itself.
        let (chars, first) = match element.name() {
            name if is_prose_block(name) => (stats.chars(node.id()), node.parent()),
            "div" | "section" => (own_text_chars(node), Some(node)),
            _ => continue,
        };
        if chars < MIN_SCORED_CHARS {
            continue;
        }
        let Some(first) = first else {
            continue;
        };
        // Count only blocks that cannot hold other blocks (`p`, a div's own
        // text), so prose inside a `td` or `blockquote` is not counted twice.
        if matches!(element.name(), "p" | "div" | "section") {
            total_prose += u64::from(chars);
        }
        let commas = stats.get(node.id()).commas;
        let score = 1.0 + f64::from(commas) + f64::from((chars / 100).min(3));
        let chain = std::iter::once(first).chain(first.ancestors());
        for (level, ancestor) in chain.take(SCORE_ANCESTORS).enumerate() {
            let Some(ancestor_element) = ancestor.value().as_element() else {
                break;
            };
            if matches!(ancestor_element.name(), "html" | "body") {
                break;
            }
            let divider = match level {
                0 => 1.0,
                1 => 2.0,
                n => n as f64 * 3.0,
            };
            let entry = scores
                .entry(ancestor.id())
                .or_insert_with(|| initial_score(ancestor_element));
            *entry += score / divider;
        }
    }
    let candidates = scores.len();
    let (node, score) = scores
        .iter()
        .map(|(&id, &score)| (id, score * (1.0 - stats.link_density(id))))
        .max_by(|a, b| a.1.total_cmp(&b.1))?;
    // Paragraphs sitting directly in `body` vote for no container; a winner
    // holding under half the page's prose means the article is the body.
    if u64::from(stats.chars(node)) * 2 < total_prose {
        return None;
    }
    let element = html.dom.tree.get(node)?.value().as_element()?;
    Some(DensityChoice {
        node,
        score,
        candidates,
        description: describe(element),
    })
}

/// A candidate's starting score: Readability's tag bonuses and ±25 for
/// article-like or furniture-like class/id words.
fn initial_score(element: &Element) -> f64 {
    let tag = match element.name() {
        "div" | "article" | "main" => 5.0,
        "pre" | "td" | "blockquote" => 3.0,
        "address" | "ol" | "ul" | "dl" | "dd" | "dt" | "li" | "form" => -3.0,
        "h1" | "h2" | "h3" | "h4" | "h5" | "h6" | "th" => -5.0,
        _ => 0.0,
    };
    let hint = match element_hint(element) {
        Hint::Positive => 25.0,
        Hint::Furniture | Hint::Metadata => -25.0,
        Hint::Neutral => 0.0,
    };
    tag + hint
}

/// Non-space characters of the text nodes directly inside an element.
fn own_text_chars(node: NodeRef<Node>) -> u32 {
    node.children()
        .filter_map(|c| c.value().as_text().map(|t| count_visible(&t.text)))
        .sum()
}

/// `div#story.article-body`: the element as a short selector for the reason.
fn describe(element: &Element) -> String {
    let mut out = element.name().to_owned();
    if let Some(id) = element.id().filter(|id| !id.contains(char::is_whitespace)) {
        out.push('#');
        out.push_str(id);
    }
    for class in element.classes().take(2) {
        out.push('.');
        out.push_str(class);
    }
    out
}

/// 3412 -> "3,412".
fn thousands(n: u32) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn class_words_split_at_separators_and_case() {
        assert_eq!(crate::html::split_words("articleBody"), ["article", "body"]);
        assert_eq!(
            crate::html::split_words("sd-sharing_enabled  x"),
            ["sd", "sharing", "enabled", "x"]
        );
    }

    #[test]
    fn compiled_lists_are_cached_by_their_source() {
        let content = vec!["article".to_owned(), "[[bad".to_owned()];
        let exclude = vec![".x".to_owned()];
        let first = ScopeSelectors::cached(&content, &exclude);
        let again = ScopeSelectors::cached(&content, &exclude);
        assert!(Arc::ptr_eq(&first, &again));
        // The invalid selector is dropped, the valid ones kept.
        assert_eq!(first.content.len(), 1);
        assert!(first.exclude.is_some());
        let other = ScopeSelectors::cached(&content, &[]);
        assert!(!Arc::ptr_eq(&first, &other));
    }

    #[test]
    fn furniture_words_outrank_article_words() {
        let page = ParsedHtml::parse(
            "<div class=post-comments></div><div class=entry-content></div>\
             <div class=author-bio></div><div class=content-sidebar-wrap></div>",
        )
        .expect("parses");
        let hints: Vec<(Hint, bool)> = page
            .dom
            .tree
            .root()
            .descendants()
            .filter_map(|n| n.value().as_element())
            .filter(|e| e.name() == "div")
            .map(|e| (element_hint(e), is_furniture_only(e)))
            .collect();
        assert_eq!(
            hints,
            [
                (Hint::Furniture, false),
                (Hint::Positive, false),
                (Hint::Metadata, false),
                (Hint::Furniture, false),
            ]
        );
    }

    #[test]
    fn never_text_elements() {
        for name in [
            "script", "style", "template", "svg", "select", "textarea", "button", "input",
        ] {
            assert!(is_never_text(&LocalName::from(name)), "{name}");
        }
        for name in [
            "p",
            "div",
            "span",
            "a",
            "form",
            "nav",
            "figcaption",
            "x-custom",
        ] {
            assert!(!is_never_text(&LocalName::from(name)), "{name}");
        }
    }

    #[test]
    fn thousands_groups_digits() {
        assert_eq!(thousands(7), "7");
        assert_eq!(thousands(3412), "3,412");
        assert_eq!(thousands(1_234_567), "1,234,567");
    }
}
