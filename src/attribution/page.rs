//! What a page says about itself: whether it is an article, who wrote it
//! (bylines, and authors named only in a bio box), and the image credits its
//! JSON-LD declares, all found in one walk of the whole DOM. The walk reads
//! each element's attributes once ([`ElementAttrs`]) and feeds the visible
//! "By" line search ([`ByLineWalk`]) as it goes, so the page is not walked
//! again for it.

use crate::attribution::by_line::{ByLineWalk, headline, skips_by_line_walk_with};
use crate::attribution::bylines::{element_bylines, may_carry_byline};
use crate::attribution::element::ElementAttrs;
use crate::attribution::json_ld::{self, LinkedImageCredit, is_article_type, schema_type};
use crate::attribution::names::{clean_name, looks_like_url};
use crate::attribution::text::text_of;
use crate::attribution::vocabulary::TokenMarks;
use crate::document::{BlockKind, Document};
use crate::html::attr;
use crate::source::TextRange;
use ego_tree::{NodeId, NodeRef};
use html5ever::local_name;
use rustc_hash::{FxHashMap, FxHashSet};
use scraper::Node;
use scraper::node::Element;
use serde::Serialize;

/// One place the page names its author.
#[derive(Debug, Clone, Serialize)]
pub struct Byline {
    /// The author's name as printed (prefixes like "By" removed).
    pub name: String,
    /// Where it came from, e.g. `meta name="author"`, `JSON-LD NewsArticle`.
    pub source: String,
    /// The element it came from, if it has a start tag.
    #[serde(skip)]
    pub range: Option<TextRange>,
    /// The value is a URL (e.g. a profile page), not a name.
    pub is_url: bool,
}

/// What the page says about itself: is it an article, who wrote it.
#[derive(Debug, Clone, Serialize)]
pub struct PageMetadata {
    /// The headline: the first `h1` in the article scope, else on the page.
    #[serde(skip)]
    pub headline: Option<NodeId>,
    /// Why the page is taken for an article, or `None` if it is not one.
    pub article: Option<String>,
    /// Why the page is not taken for an article (index pages).
    pub not_article: Option<String>,
    /// Bylines, most trustworthy first (names before URLs).
    pub bylines: Vec<Byline>,
    /// Authors named only in a bio box (not a byline).
    pub bio_authors: Vec<Byline>,
    /// Image credits declared in JSON-LD.
    pub linked_image_credits: Vec<LinkedImageCredit>,
    /// The first of `linked_image_credits` for each file name: each image
    /// of a page is looked up, not compared with every credit.
    #[serde(skip)]
    linked_by_file: FxHashMap<String, usize>,
}

impl PageMetadata {
    /// The first JSON-LD credit declared for the image file `file`.
    pub fn linked_image_credit(&self, file: &str) -> Option<&LinkedImageCredit> {
        self.linked_by_file
            .get(file)
            .and_then(|&i| self.linked_image_credits.get(i))
    }

    /// The byline a reader would be shown: the first one that is a name.
    pub fn best_byline(&self) -> Option<&Byline> {
        self.bylines
            .iter()
            .find(|b| !b.is_url)
            .or(self.bylines.first())
    }
}

/// Context bits while walking the DOM.
const IN_BIO: u8 = 1;
/// Comments, forms, related-story lists and widgets: names there are not the
/// article's author (a commenter, a teaser's byline, the comment form's
/// "author" field).
const IN_FURNITURE: u8 = 2;
const IN_COMMENT_SCHEMA: u8 = 4;

/// One step of the page walk: a node to open, with its context bits and
/// whether the page facts read it (they skip scripts, styles, `svg`, ...),
/// or an element to close (the "By" walk reads lines between tags).
enum Step<'d> {
    Open(NodeRef<'d, Node>, u8, bool),
    Close(NodeRef<'d, Node>),
}

/// Finds the article signals, bylines, bio authors and JSON-LD image credits
/// of a page in one walk of the whole DOM, the visible "By" line
/// ([`ByLineWalk`]) read in the same walk.
pub fn page_metadata<'d>(doc: &'d Document<'d>) -> PageMetadata {
    let mut found = Found::default();
    let tree = &doc.html.dom.tree;
    let headline = headline(doc);
    // The containers holding the headline or the article are the article's,
    // whatever their class says: `body.sidebar-primary`,
    // `div.content-with-sidebar` or Blogger's `div.widget.Blog` name the
    // layout, and taking them for furniture would hide every byline.
    let headline_path: FxHashSet<NodeId> = headline
        .into_iter()
        .chain(Some(doc.scope.root))
        .filter_map(|n| tree.get(n))
        .flat_map(|n| std::iter::once(n).chain(n.ancestors()))
        .map(|a| a.id())
        .collect();
    let mut token_marks = TokenMarks::default();
    let mut by_lines = ByLineWalk::new(doc, headline, &mut token_marks);
    let mut stack: Vec<Step> = vec![Step::Open(tree.root(), 0, true)];
    while let Some(step) = stack.pop() {
        let (node, mut flags, read) = match step {
            Step::Open(node, flags, read) => (node, flags, read),
            Step::Close(node) => {
                by_lines.close(node);
                continue;
            }
        };
        let Node::Element(element) = node.value() else {
            // Text goes to the "By" walk; of the other nodes only the
            // document has children.
            by_lines.open(node, || false);
            let read_inside = read && matches!(node.value(), Node::Document);
            if read_inside || by_lines.reads_inside(node.id()) {
                stack.extend(
                    node.children()
                        .rev()
                        .map(|c| Step::Open(c, flags, read_inside)),
                );
            }
            continue;
        };
        let attrs = ElementAttrs::read(element);
        // Whether the element's class or id says furniture, when the facts
        // asked already (the "By" walk asks too).
        let mut furniture = None;
        let read_inside = read
            && found.element(
                doc,
                node,
                element,
                &attrs,
                &mut flags,
                (&mut token_marks, &mut furniture, &headline_path),
            );
        by_lines.open(node, || {
            skips_by_line_walk_with(element, &attrs, || {
                furniture.unwrap_or_else(|| token_marks.furniture(&attrs))
            })
        });
        if read_inside || by_lines.reads_inside(node.id()) {
            stack.push(Step::Close(node));
            stack.extend(
                node.children()
                    .rev()
                    .map(|c| Step::Open(c, flags, read_inside)),
            );
        } else {
            by_lines.close(node);
        }
    }
    for (priority, name, range) in by_lines.finish() {
        found.push(priority, &name, "visible \"By\" line".into(), range);
    }
    found.finish(doc, headline)
}

/// The class-word marks of the page and where the headline and article
/// stand, for [`Found::element`].
type Marking<'m, 'd> = (
    &'m mut TokenMarks<'d>,
    &'m mut Option<bool>,
    &'m FxHashSet<NodeId>,
);

/// What the walk collects before ordering.
#[derive(Default)]
struct Found {
    /// The first article signal found: the one the page is taken for an
    /// article by.
    signal: Option<String>,
    /// (priority, byline): lower priority sorts first.
    bylines: Vec<(u8, Byline)>,
    bio: Vec<Byline>,
    images: Vec<LinkedImageCredit>,
    article_elements: usize,
    h1: usize,
}

impl Found {
    fn signal(&mut self, why: String) {
        self.signal.get_or_insert(why);
    }

    /// Reads one element for the page facts: article signals, `meta`,
    /// JSON-LD, microdata and the bylines it carries. Updates the context
    /// bits its children inherit, notes in `marking` whether its class or
    /// id says furniture (when asked), and says whether its children are
    /// read (not those of scripts, styles, `svg`, ...).
    fn element<'d>(
        &mut self,
        doc: &Document,
        node: NodeRef<'d, Node>,
        element: &'d Element,
        attrs: &ElementAttrs<'d>,
        flags: &mut u8,
        marking: Marking<'_, 'd>,
    ) -> bool {
        let (token_marks, furniture, headline_path) = marking;
        match element.name.local {
            local_name!("meta") => {
                self.meta(element, doc.html.start_tag(node.id()));
                return false;
            }
            local_name!("script") => {
                if attr(element, "type")
                    .is_some_and(|t| t.trim().eq_ignore_ascii_case("application/ld+json"))
                {
                    let range = doc.html.start_tag(node.id());
                    let ld = json_ld::read(&text_of(node, usize::MAX));
                    for kind in &ld.article_types {
                        self.signal(format!("JSON-LD {kind}"));
                    }
                    for (kind, name) in &ld.authors {
                        self.push(0, name, format!("JSON-LD {kind} author"), range);
                    }
                    self.images.extend(ld.image_credits);
                }
                return false;
            }
            local_name!("style")
            | local_name!("template")
            | local_name!("noscript")
            | local_name!("svg") => return false,
            local_name!("article") => self.article_elements += 1,
            local_name!("h1") => self.h1 += 1,
            local_name!("form") | local_name!("nav") => *flags |= IN_FURNITURE,
            _ => {}
        }
        if let Some(itemtype) = attrs.itemtype {
            let kind = schema_type(itemtype.split_ascii_whitespace().next().unwrap_or(""));
            if is_article_type(kind) {
                self.signal(format!("microdata itemtype {kind}"));
            }
            if kind == "Comment" {
                *flags |= IN_COMMENT_SCHEMA;
            }
        }
        // Inside furniture or a comment nothing is a byline, so the class
        // words need not be read.
        if *flags & (IN_FURNITURE | IN_COMMENT_SCHEMA) != 0 {
            return true;
        }
        let marks = token_marks.element(attrs);
        *furniture = Some(marks.furniture);
        if marks.furniture && !headline_path.contains(&node.id()) {
            *flags |= IN_FURNITURE;
        }
        if marks.bio {
            *flags |= IN_BIO;
        }
        if *flags & (IN_FURNITURE | IN_COMMENT_SCHEMA) == 0
            && may_carry_byline(element, attrs, marks.byline.as_deref())
        {
            let bylines = element_bylines(node, element, attrs, marks.byline.as_deref());
            if !bylines.is_empty() {
                let range = doc.html.start_tag(node.id());
                for (priority, name, source) in bylines {
                    if *flags & IN_BIO != 0 {
                        self.bio_author(&name, &source, range);
                    } else {
                        self.push(priority, &name, source, range);
                    }
                }
            }
        }
        true
    }

    fn push(&mut self, priority: u8, name: &str, source: String, range: Option<TextRange>) {
        let Some(name) = clean_name(name) else {
            return;
        };
        let is_url = looks_like_url(&name);
        let priority = if is_url { priority + 10 } else { priority };
        self.bylines.push((
            priority,
            Byline {
                name,
                source,
                range,
                is_url,
            },
        ));
    }

    /// An author named in a bio box: not a byline, but worth naming.
    fn bio_author(&mut self, name: &str, source: &str, range: Option<TextRange>) {
        if let Some(name) = clean_name(name) {
            self.bio.push(Byline {
                is_url: looks_like_url(&name),
                name,
                source: format!("author bio ({source})"),
                range,
            });
        }
    }

    fn meta(&mut self, element: &Element, range: Option<TextRange>) {
        let keys = attr(element, "name")
            .or_else(|| attr(element, "property"))
            .or_else(|| attr(element, "itemprop"))
            .unwrap_or("")
            .to_ascii_lowercase();
        let content = attr(element, "content").unwrap_or("").trim();
        if content.is_empty() {
            return;
        }
        // `property="dc:creator twitter:site_name"` names two properties.
        for key in keys.split_ascii_whitespace() {
            self.meta_property(key, content, range);
        }
    }

    fn meta_property(&mut self, key: &str, content: &str, range: Option<TextRange>) {
        match key {
            "og:type" if content.to_ascii_lowercase().starts_with("article") => {
                self.signal(format!("og:type={content}"));
            }
            "author" | "article:author" | "og:article:author" | "byl" | "dc.creator"
            | "dc:creator" | "dcterms.creator" | "sailthru.author" | "parsely-author"
            | "citation_author" | "article.author" | "cxenseparse:author" => {
                let source = format!("meta {key}");
                self.push(0, content, source, range);
            }
            _ => {}
        }
    }

    fn finish(mut self, doc: &Document, headline: Option<NodeId>) -> PageMetadata {
        self.bylines.sort_by_key(|(p, _)| *p);
        let bylines = first_of_each_name(self.bylines.into_iter().map(|(_, b)| b));
        let bio = first_of_each_name(self.bio.into_iter());
        let mut article = self.signal;
        let mut not_article = None;
        if article.is_none() {
            let prose: usize = doc
                .blocks
                .iter()
                .filter(|b| b.kind == BlockKind::Paragraph)
                .map(|b| b.text.len())
                .sum();
            if self.article_elements >= 3 {
                not_article = Some(format!(
                    "{} `article` elements: a list of stories",
                    self.article_elements
                ));
            } else if (self.h1 > 0 || self.article_elements == 1) && prose >= 1200 {
                article = Some(format!("a headline and {prose} bytes of paragraphs"));
            } else {
                not_article = Some("no article markup and little running text".into());
            }
        }
        PageMetadata {
            headline,
            article,
            not_article,
            bylines,
            bio_authors: bio,
            linked_by_file: first_index_by_file(&self.images),
            linked_image_credits: self.images,
        }
    }
}

/// Each file name's first position in `credits`.
fn first_index_by_file(credits: &[LinkedImageCredit]) -> FxHashMap<String, usize> {
    let mut first = FxHashMap::default();
    for (i, credit) in credits.iter().enumerate() {
        first.entry(credit.file.clone()).or_insert(i);
    }
    first
}

/// The first byline of each name, ignoring ASCII case, in order: a set of
/// the names seen, not a scan of the kept list per byline (a page of
/// 40,000 author links took 19 s).
fn first_of_each_name(bylines: impl Iterator<Item = Byline>) -> Vec<Byline> {
    let mut seen: FxHashSet<String> = FxHashSet::default();
    bylines
        .filter(|b| seen.insert(b.name.to_ascii_lowercase()))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::SourceFile;

    fn page_metadata_of(html: &str) -> PageMetadata {
        let source = SourceFile::from_text("t.html", html);
        let doc = Document::parse(&source).expect("parses");
        page_metadata(&doc)
    }

    fn bylines(html: &str) -> Vec<(String, String)> {
        let source = SourceFile::from_text("t.html", html);
        let doc = Document::parse(&source).expect("parses");
        page_metadata(&doc)
            .bylines
            .into_iter()
            .map(|b| (b.name, b.source))
            .collect()
    }

    #[test]
    fn the_by_line_after_a_headline_the_facts_do_not_read_is_found() {
        // The page facts skip a `template`'s content; the "By" walk still
        // starts after the headline inside it, as a walk of its own did.
        let found = bylines(
            "<html><body><template><h1>Launch day</h1></template>\
             <p>By Jane Roe</p><p>The rocket left on time.</p></body></html>",
        );
        assert_eq!(
            found,
            [("Jane Roe".to_owned(), "visible \"By\" line".to_owned())]
        );
    }

    #[test]
    fn the_first_byline_of_each_name_is_kept_whatever_its_ascii_case() {
        let byline = |name: &str, source: &str| Byline {
            name: name.into(),
            source: source.into(),
            range: None,
            is_url: false,
        };
        let kept = first_of_each_name(
            [
                byline("Jane Roe", "meta author"),
                byline("JANE ROE", "visible"),
                byline("Émile Zola", "meta author"),
                byline("éMILE ZOLA", "visible"),
                byline("jane roe", "JSON-LD"),
            ]
            .into_iter(),
        );
        let names: Vec<(&str, &str)> = kept
            .iter()
            .map(|b| (b.name.as_str(), b.source.as_str()))
            .collect();
        // As `eq_ignore_ascii_case`: É and é are different letters to it.
        assert_eq!(
            names,
            [
                ("Jane Roe", "meta author"),
                ("Émile Zola", "meta author"),
                ("éMILE ZOLA", "visible")
            ]
        );
    }

    #[test]
    fn each_image_file_gets_its_first_json_ld_credit() {
        let metadata = page_metadata_of(
            "<html><head><script type=\"application/ld+json\">{\"@type\":\"NewsArticle\",\
             \"image\":[{\"@type\":\"ImageObject\",\"url\":\"https://x.org/a/1.jpg\",\
             \"creditText\":\"First\"},{\"@type\":\"ImageObject\",\
             \"url\":\"https://x.org/a/1.jpg\",\"creditText\":\"Second\"},\
             {\"@type\":\"ImageObject\",\"url\":\"https://x.org/b/2.jpg\",\
             \"creditText\":\"Other\"}]}</script></head><body><p>x</p></body></html>",
        );
        // As a scan of the list would answer: its first credit of the file.
        assert_eq!(metadata.linked_image_credits.len(), 3);
        for file in ["1.jpg", "2.jpg", "missing.jpg"] {
            let scanned = metadata
                .linked_image_credits
                .iter()
                .find(|c| c.file == file)
                .map(|c| &c.credit);
            let looked_up = metadata.linked_image_credit(file).map(|c| &c.credit);
            assert_eq!(looked_up, scanned, "{file}");
        }
        assert!(metadata.linked_image_credit("1.jpg").is_some());
    }

    #[test]
    fn controls_are_never_read_for_a_by_line() {
        // Text a reader never sees as prose (a button's label, a field's
        // content) is skipped like a script's.
        for control in [
            "<button>By Max Mustermann</button>",
            "<textarea>By Max Mustermann</textarea>",
            "<select><option>By Max Mustermann</option></select>",
        ] {
            let found = bylines(&format!(
                "<html><body><article><h1>Launch day</h1>{control}\
                 <p>The rocket left on time.</p></article></body></html>"
            ));
            assert_eq!(found, [], "{control}");
        }
    }

    #[test]
    fn furniture_hides_by_lines_and_element_bylines_alike() {
        let found = bylines(
            "<html><body><article><h1>Launch day</h1><p>By Jane Roe</p>\
             <p>The rocket left on time.</p></article>\
             <div class=\"comments\"><p>By Max Mustermann</p>\
             <a href=\"/author/max\">Max Mustermann</a></div></body></html>",
        );
        assert_eq!(
            found,
            [("Jane Roe".to_owned(), "visible \"By\" line".to_owned())]
        );
    }
}
