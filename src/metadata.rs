//! Who wrote the article and who made its pictures, found anywhere on the page.
//!
//! Bylines are announced in many places and a page rarely uses only one:
//! `<meta name="author">`, `article:author`, JSON-LD (`author` of an `Article`,
//! `NewsArticle`, `BlogPosting`, ..., also inside `@graph`, as arrays, as nested
//! `Person`/`Organization` objects or as `@id` references), microdata
//! (`itemprop="author"`), `rel="author"` links, links to `/author/` pages,
//! elements whose class or id says *byline* or *author*, and a visible
//! "By NAME" line under the headline. An author named only in a bio box at the
//! end of the article is *not* a byline (a reader meets it after the story),
//! but it is remembered so the finding can name them.
//!
//! Photo credits are looked for around each content image: its caption, a
//! credit element next to it, `data-credit`-style attributes, microdata and
//! JSON-LD `ImageObject`s. What counts as a credit phrase is data
//! (`rules/credits.toml`), extendable per project.
//!
//! Everything here is one linear walk of the DOM (plus bounded look-arounds
//! per image), so it stays fast on huge pages.

use crate::document::{BlockKind, Document, is_never_text};
use crate::html::attr;
use crate::source::TextRange;
use ego_tree::iter::Edge;
use ego_tree::{NodeId, NodeRef};
use rustc_hash::{FxHashMap, FxHashSet};
use scraper::node::Element;
use scraper::{ElementRef, Node};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::fmt::Write as _;
use std::sync::OnceLock;

/// The built-in credit patterns, `rules/credits.toml`.
const CREDITS_TOML: &str = include_str!("../rules/credits.toml");

/// How many characters of an element's text are ever read: bylines and
/// credits are short, and capping keeps nested candidates linear.
const TEXT_LIMIT: usize = 600;

/// Phrases, agencies and class names that identify a photo credit.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct CreditPatterns {
    /// Phrases introducing a credit ("Photo Credit:", "Courtesy of", "©").
    #[serde(default)]
    pub markers: Vec<String>,
    /// Agency names, credited where a credit stands ("/ Getty Images", "(AP)").
    #[serde(default)]
    pub agencies: Vec<String>,
    /// Class, id, itemprop or attribute-name fragments marking a credit element.
    #[serde(default)]
    pub classes: Vec<String>,
    /// The agencies in capitals ("ASSOCIATED PRESS"), as credit lines
    /// print them; filled by `normalize`.
    #[serde(skip)]
    agencies_upper: Vec<String>,
    /// The lists compiled for multi-pattern search, built on first use.
    #[serde(skip)]
    search: OnceLock<Option<CreditSearch>>,
}

/// Markers and agencies compiled into Aho-Corasick automata, so a caption is
/// scanned once for all of them instead of once per pattern.
#[derive(Debug, Clone)]
struct CreditSearch {
    /// The lowercase markers, matched against lowercased text.
    markers: aho_corasick::AhoCorasick,
    /// `agencies` then `agencies_upper`, matched exactly.
    agencies: aho_corasick::AhoCorasick,
}

impl CreditPatterns {
    /// The patterns of `rules/credits.toml`. The file is embedded and checked by
    /// a test, so failing to parse it here cannot happen in a release; if it
    /// did, copydesk would find no credits rather than crash.
    pub fn builtin() -> &'static CreditPatterns {
        static BUILTIN: OnceLock<CreditPatterns> = OnceLock::new();
        BUILTIN.get_or_init(|| Self::parse(CREDITS_TOML).unwrap_or_default())
    }

    /// Parses a patterns file in the format of `rules/credits.toml`.
    pub fn parse(text: &str) -> Result<CreditPatterns, toml::de::Error> {
        let mut patterns: CreditPatterns = toml::from_str(text)?;
        patterns.normalize();
        Ok(patterns)
    }

    /// The built-in patterns plus a project's own.
    pub fn with_extra(markers: &[String], agencies: &[String], classes: &[String]) -> Self {
        let mut patterns = Self::builtin().clone();
        patterns.markers.extend(markers.iter().cloned());
        patterns.agencies.extend(agencies.iter().cloned());
        patterns.classes.extend(classes.iter().cloned());
        patterns.normalize();
        patterns
    }

    /// Markers and classes are compared in lower case; empty entries dropped.
    fn normalize(&mut self) {
        for list in [&mut self.markers, &mut self.classes] {
            for item in list.iter_mut() {
                *item = item.trim().to_lowercase();
            }
            list.retain(|m| !m.is_empty());
        }
        self.agencies.retain(|a| !a.trim().is_empty());
        self.agencies_upper = self
            .agencies
            .iter()
            .map(|a| a.to_uppercase())
            .filter(|upper| !self.agencies.contains(upper))
            .collect();
        // The lists changed: compile them again on next use.
        self.search = OnceLock::new();
    }

    /// The compiled search, or `None` if the patterns cannot be compiled
    /// (then the lists are scanned one pattern at a time).
    fn search(&self) -> Option<&CreditSearch> {
        self.search
            .get_or_init(|| {
                Some(CreditSearch {
                    markers: aho_corasick::AhoCorasick::new(&self.markers).ok()?,
                    agencies: aho_corasick::AhoCorasick::new(
                        self.agencies.iter().chain(&self.agencies_upper),
                    )
                    .ok()?,
                })
            })
            .as_ref()
    }

    /// Where the credit in `text` starts, if it has one: the earliest marker,
    /// or an agency name standing where a credit stands.
    pub fn find_credit(&self, text: &str) -> Option<usize> {
        let text = cap(text, TEXT_LIMIT * 4);
        let (marker, agency) = match self.search() {
            Some(search) => self.find_with(search, text),
            None => self.find_plainly(text),
        };
        let marker = [marker, trailing_via(text), trailing_slash_credit(text)]
            .into_iter()
            .flatten()
            .min();
        match (marker, agency) {
            (Some(m), Some(a)) => Some(m.min(credit_start_before(text, a))),
            (Some(m), None) => Some(m),
            (None, Some(a)) => Some(credit_start_before(text, a)),
            (None, None) => None,
        }
    }

    /// [`Self::find_with`] without automata: each pattern scanned in turn.
    fn find_plainly(&self, text: &str) -> (Option<usize>, Option<usize>) {
        let marker = self
            .markers
            .iter()
            .filter_map(|m| find_word(text, m, false).next())
            .min();
        let agency = self
            .agencies
            .iter()
            .chain(&self.agencies_upper)
            .flat_map(|a| {
                find_word(text, a, true).filter(|&at| agency_in_credit_position(text, at, a.len()))
            })
            .min();
        (marker, agency)
    }

    /// The earliest marker and the earliest agency in credit position, found
    /// in one pass of each automaton over the text.
    fn find_with(&self, search: &CreditSearch, text: &str) -> (Option<usize>, Option<usize>) {
        let lower = text.to_lowercase();
        let marker = if lower.len() == text.len() {
            search
                .markers
                .find_overlapping_iter(&lower)
                .filter(|m| word_bounded(text, m.start(), m.end(), &self.markers[m.pattern()]))
                .map(|m| m.start())
                .min()
        } else {
            // Lowercasing changed byte offsets (rare scripts): scan plainly.
            self.markers
                .iter()
                .filter_map(|m| find_word(text, m, false).next())
                .min()
        };
        let agency = search
            .agencies
            .find_overlapping_iter(text)
            .filter(|m| {
                let pattern = self
                    .agencies
                    .iter()
                    .chain(&self.agencies_upper)
                    .nth(m.pattern().as_usize())
                    .map_or("", String::as_str);
                word_bounded(text, m.start(), m.end(), pattern)
                    && agency_in_credit_position(text, m.start(), m.end() - m.start())
            })
            .map(|m| m.start())
            .min();
        (marker, agency)
    }

    /// Whether a class, id, itemprop or attribute name names a credit.
    pub fn names_credit(&self, value: &str) -> bool {
        value.split_ascii_whitespace().any(|token| {
            let token = token.to_ascii_lowercase();
            token
                .split(['-', '_', ':'])
                .any(|segment| self.classes.iter().any(|c| segment == c))
                || self
                    .classes
                    .iter()
                    .any(|c| c.len() > 6 && c != "source" && token.contains(c.as_str()))
        })
    }
}

/// Most words in a "via NAME" credit: "via iFixit", "via The Associated
/// Press"; more is a sentence ("via the highway to the new stadium").
const VIA_WORDS: usize = 5;

/// Where a closing "via NAME" credit starts: "... keyboard via iFixit".
/// The name is capitalised, at most [`VIA_WORDS`] words, and ends the text.
fn trailing_via(text: &str) -> Option<usize> {
    let trimmed = text.trim_end().trim_end_matches(['.', ')', ']']);
    let at = find_word(trimmed, "via", false).last()?;
    let name = trimmed[at + 3..].trim();
    let words = name.split_whitespace().count();
    // "via Reuters", "via iFixit": the name has a capital in its first word.
    let capitalised = name
        .split_whitespace()
        .next()
        .is_some_and(|w| w.chars().any(char::is_uppercase));
    (capitalised && (1..=VIA_WORDS).contains(&words) && !name.contains(['.', '!', '?']))
        .then_some(at)
}

/// Where a closing "(NAME / OUTLET)" credit starts: "... hundreds of
/// items. (Ellen M. Banner / The Seattle Times)", or a caption that is only
/// "NAME/OUTLET" ("Devindra Hardawar/AOL"), or a closing "(site.com)".
/// Both sides of the slash are short, capitalised and no sentence, and the
/// brackets end the text; "(and/or)" or "(km/h)" are not credits.
fn trailing_slash_credit(text: &str) -> Option<usize> {
    let trimmed = text.trim_end().trim_end_matches('.');
    let (open, inner) = match trimmed.strip_suffix(')') {
        Some(inner) => {
            let open = inner.rfind('(')?;
            (open, &inner[open + 1..])
        }
        // A caption that is nothing but "NAME/OUTLET".
        None => (0, trimmed),
    };
    if is_bare_domain(inner) && open > 0 {
        // "... campaign. (onmeth.com)": the source site.
        return Some(open);
    }
    let parts: Vec<&str> = inner.split('/').map(str::trim).collect();
    // Initials keep their dots ("Ellen M. Banner"); other sentence marks
    // say prose.
    let name_like = |part: &&str| {
        let words = part.split_whitespace().count();
        (1..=VIA_WORDS + 1).contains(&words)
            && part.chars().next().is_some_and(char::is_uppercase)
            && !part.contains(['!', '?', ';'])
            && !ends_a_sentence_inside(part)
    };
    // Two single words are a pair of labels ("Before/After"), not a name
    // and an outlet.
    let words: usize = parts.iter().map(|p| p.split_whitespace().count()).sum();
    (parts.len() >= 2 && words >= 3 && parts.iter().all(name_like)).then_some(open)
}

/// Whether a full stop ends a sentence before the last word: "Houston.
/// Jane Roe" does, the initial in "Ellen M. Banner" does not.
fn ends_a_sentence_inside(text: &str) -> bool {
    let words: Vec<&str> = text.split_whitespace().collect();
    words
        .iter()
        .take(words.len().saturating_sub(1))
        .any(|w| w.ends_with('.') && w.chars().count() > 2)
}

/// `text` cut to at most `limit` bytes, at a character boundary.
fn cap(text: &str, limit: usize) -> &str {
    if text.len() <= limit {
        return text;
    }
    let mut end = limit;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    &text[..end]
}

/// Byte offsets where `needle` occurs in `hay` as whole words (a needle that
/// starts or ends with punctuation, like "credit:" or "©", needs no boundary
/// on that side). Case-insensitive unless `exact`.
fn find_word<'a>(hay: &'a str, needle: &'a str, exact: bool) -> impl Iterator<Item = usize> + 'a {
    hay.char_indices().filter_map(move |(at, _)| {
        let end = matches_at(hay, at, needle, exact)?;
        word_bounded(hay, at, end, needle).then_some(at)
    })
}

/// Whether a match of `needle` at `at..end` stands as whole words: a needle
/// that starts (ends) with a letter or digit must not continue a word.
fn word_bounded(hay: &str, at: usize, end: usize, needle: &str) -> bool {
    let first_is_word = needle.chars().next().is_some_and(char::is_alphanumeric);
    let last_is_word = needle.chars().last().is_some_and(char::is_alphanumeric);
    let before_ok = !first_is_word
        || hay[..at]
            .chars()
            .next_back()
            .is_none_or(|c| !c.is_alphanumeric());
    let after_ok = !last_is_word
        || hay[end..]
            .chars()
            .next()
            .is_none_or(|c| !c.is_alphanumeric());
    before_ok && after_ok
}

/// If `needle` matches `hay` at `at`, the end of the match.
fn matches_at(hay: &str, at: usize, needle: &str, exact: bool) -> Option<usize> {
    let mut hay_chars = hay[at..].char_indices();
    for n in needle.chars() {
        let (_, h) = hay_chars.next()?;
        let same = if exact {
            h == n
        } else {
            h == n || h.to_lowercase().eq(n.to_lowercase())
        };
        if !same {
            return None;
        }
    }
    Some(hay_chars.next().map_or(hay.len(), |(i, _)| at + i))
}

/// An agency name is a credit after "/", "(", "|", ":", ",", a dash, "via" or
/// "by", before "/" or ")" ("NASA/JPL", "(AP)"), or as the last words of the
/// text. Anywhere else, including the start of a caption ("NASA astronaut
/// ..."), it is a mention.
fn agency_in_credit_position(text: &str, at: usize, len: usize) -> bool {
    let before = text[..at].trim_end();
    let after = text[at + len..].trim_start();
    let lower_before = before.to_lowercase();
    before.ends_with([
        '/', '(', '[', '|', ':', ',', ';', '-', '\u{2013}', '\u{2014}', '\u{a9}',
    ]) || lower_before.ends_with(" via")
        || lower_before.ends_with(" by")
        || after.is_empty()
        || after.starts_with(['/', ')', ']', '|'])
        || after.trim_end_matches(['.', ')', ']', ' ']).is_empty()
}

/// A credit introduced by an agency starts at the opening bracket or the
/// words after the last sentence end before it: "(AP Photo/Evan Vucci)"
/// starts at "(", "... Houston. Sean Costello / NASA" at "Sean".
fn credit_start_before(text: &str, agency_at: usize) -> usize {
    let before = &text[..agency_at];
    match before.rfind(['(', '[', '.', '|', '\u{2014}']) {
        Some(i) if matches!(before.as_bytes()[i], b'(' | b'[') => i,
        Some(i) => {
            let rest = &text[i + 1..];
            i + 1 + (rest.len() - rest.trim_start().len())
        }
        None => 0,
    }
}

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

/// A credit found for an image in a JSON-LD `ImageObject`.
#[derive(Debug, Clone, Serialize)]
pub struct LinkedImageCredit {
    /// The image's file name, to match it with an `img`.
    pub file: String,
    pub credit: String,
}

/// What the page says about itself: is it an article, who wrote it.
#[derive(Debug, Clone, Serialize)]
pub struct PageMetadata {
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
}

impl PageMetadata {
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

/// [`page_metadata`], computed once per page and shared by the rules that
/// need it.
pub fn shared_page_metadata<'d>(doc: &'d Document) -> &'d PageMetadata {
    doc.shared.page_metadata.get_or_init(|| page_metadata(doc))
}

/// Finds the article signals, bylines, bio authors and JSON-LD image credits
/// of a page in one walk of the whole DOM.
pub fn page_metadata(doc: &Document) -> PageMetadata {
    let mut found = Found::default();
    let root = doc.html.dom.tree.root();
    let headline = headline(doc);
    // The containers holding the headline or the article are the article's,
    // whatever their class says: `body.sidebar-primary`,
    // `div.content-with-sidebar` or Blogger's `div.widget.Blog` name the
    // layout, and taking them for furniture would hide every byline.
    let tree = &doc.html.dom.tree;
    let headline_path: FxHashSet<NodeId> = headline
        .into_iter()
        .chain(Some(doc.scope.root))
        .filter_map(|n| tree.get(n))
        .flat_map(|n| std::iter::once(n).chain(n.ancestors()))
        .map(|a| a.id())
        .collect();
    let mut stack: Vec<(NodeRef<Node>, u8)> = vec![(root, 0)];
    while let Some((node, mut flags)) = stack.pop() {
        let Node::Element(element) = node.value() else {
            if matches!(node.value(), Node::Document) {
                stack.extend(node.children().rev().map(|c| (c, flags)));
            }
            continue;
        };
        let name = element.name();
        let range = doc.html.start_tag(node.id());
        match name {
            "meta" => {
                found.meta(element, range);
                continue;
            }
            "script" => {
                if element
                    .attr("type")
                    .is_some_and(|t| t.trim().eq_ignore_ascii_case("application/ld+json"))
                {
                    found.json_ld(&text_of(node, usize::MAX), range);
                }
                continue;
            }
            "style" | "template" | "noscript" | "svg" => continue,
            "article" => found.article_elements += 1,
            "h1" => found.h1 += 1,
            "form" | "nav" => flags |= IN_FURNITURE,
            _ => {}
        }
        if let Some(itemtype) = attr(element, "itemtype") {
            let kind = schema_type(itemtype.split_ascii_whitespace().next().unwrap_or(""));
            if is_article_type(kind) {
                found.signal(format!("microdata itemtype {kind}"));
            }
            if kind == "Comment" {
                flags |= IN_COMMENT_SCHEMA;
            }
        }
        let tokens = class_and_id(element);
        if !headline_path.contains(&node.id()) && tokens.iter().any(|t| is_furniture_token(t)) {
            flags |= IN_FURNITURE;
        }
        if tokens.iter().any(|t| is_bio_token(t)) {
            flags |= IN_BIO;
        }
        if flags & (IN_FURNITURE | IN_COMMENT_SCHEMA) == 0 {
            found.element_byline(node, element, &tokens, flags & IN_BIO != 0, range);
        }
        stack.extend(node.children().rev().map(|c| (c, flags)));
    }
    found.visible_by_line(doc, headline);
    found.finish(doc)
}

/// What the walk collects before ordering.
#[derive(Default)]
struct Found {
    signals: Vec<String>,
    /// (priority, byline): lower priority sorts first.
    bylines: Vec<(u8, Byline)>,
    bio: Vec<Byline>,
    images: Vec<LinkedImageCredit>,
    article_elements: usize,
    h1: usize,
}

impl Found {
    fn signal(&mut self, why: String) {
        if !self.signals.contains(&why) {
            self.signals.push(why);
        }
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

    fn meta(&mut self, element: &Element, range: Option<TextRange>) {
        let keys = element
            .attr("name")
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

    fn json_ld(&mut self, text: &str, range: Option<TextRange>) {
        // Pages wrap JSON-LD in HTML comments or (//)<![CDATA[ ... ]]>: the
        // JSON is what lies between the first and the last bracket.
        let mut text = text.trim();
        while let Some(rest) = ["<![CDATA[", "<!--", "//"]
            .iter()
            .find_map(|prefix| text.strip_prefix(prefix))
        {
            text = rest.trim_start();
        }
        while let Some(rest) = ["]]>", "-->", "//"]
            .iter()
            .find_map(|suffix| text.strip_suffix(suffix))
        {
            text = rest.trim_end();
        }
        let (Some(first), Some(last)) = (text.find(['{', '[']), text.rfind(['}', ']'])) else {
            return;
        };
        if last < first {
            return;
        }
        let text = &text[first..=last];
        let Ok(value) = serde_json::from_str::<Value>(text) else {
            return;
        };
        // Every object in the document, iteratively (graphs nest freely).
        let mut objects = Vec::new();
        let mut stack = vec![&value];
        while let Some(v) = stack.pop() {
            match v {
                Value::Array(items) => stack.extend(items.iter()),
                Value::Object(map) => {
                    objects.push(map);
                    stack.extend(map.values());
                }
                _ => {}
            }
        }
        let by_id: FxHashMap<&str, &serde_json::Map<String, Value>> = objects
            .iter()
            .filter(|m| m.len() > 1)
            .filter_map(|m| Some((m.get("@id")?.as_str()?, *m)))
            .collect();
        for object in &objects {
            let types = json_types(object);
            if let Some(kind) = types.iter().copied().find(|t| is_article_type(t)) {
                self.signal(format!("JSON-LD {kind}"));
                let mut names = Vec::new();
                for key in ["author", "creator"] {
                    if let Some(author) = object.get(key) {
                        json_names(author, &by_id, 0, &mut names);
                    }
                }
                for name in names {
                    self.push(0, &name, format!("JSON-LD {kind} author"), range);
                }
            }
            if types
                .iter()
                .any(|t| matches!(*t, "ImageObject" | "Photograph"))
            {
                let url = ["contentUrl", "url"]
                    .iter()
                    .find_map(|k| object.get(*k).and_then(Value::as_str));
                let mut credits = Vec::new();
                for key in [
                    "creditText",
                    "copyrightHolder",
                    "creator",
                    "author",
                    "copyrightNotice",
                ] {
                    if let Some(v) = object.get(key) {
                        json_names(v, &by_id, 0, &mut credits);
                    }
                }
                if let (Some(url), Some(credit)) = (url, credits.into_iter().next()) {
                    self.images.push(LinkedImageCredit {
                        file: image_file_name(url).to_owned(),
                        credit,
                    });
                }
            }
        }
    }

    /// Bylines carried by an element: microdata, rel=author, author links,
    /// byline/author classes. Inside a bio box they are bio authors instead.
    fn element_byline(
        &mut self,
        node: NodeRef<Node>,
        element: &Element,
        tokens: &[std::borrow::Cow<'_, str>],
        in_bio: bool,
        range: Option<TextRange>,
    ) {
        let mut candidates: Vec<(u8, String, String)> = Vec::new();
        if has_token(attr(element, "itemprop"), "author") {
            let name = element
                .attr("content")
                .map(str::to_owned)
                .or_else(|| itemprop_name(node))
                .unwrap_or_else(|| text_of(node, TEXT_LIMIT));
            candidates.push((1, name, "itemprop=author".into()));
        }
        if has_token(attr(element, "rel"), "author") {
            let name = match element.name() {
                "a" => text_of(node, TEXT_LIMIT),
                _ => attr(element, "href").unwrap_or("").to_owned(),
            };
            candidates.push((2, name, "rel=author".into()));
        }
        if element.name() == "a"
            && attr(element, "href").is_some_and(|h| {
                let h = h.to_ascii_lowercase();
                h.contains("/author/") || h.contains("/authors/")
            })
        {
            candidates.push((
                3,
                text_of(node, TEXT_LIMIT),
                "link to an author page".into(),
            ));
        }
        if let Some(token) = tokens.iter().find(|t| is_byline_token(t)) {
            let text = text_of(node, TEXT_LIMIT);
            // A byline is short; a long text is a container that merely
            // holds one (its children are visited on their own).
            if text.chars().count() <= 120
                && let Some(name) = name_in_byline_box(node)
            {
                candidates.push((4, name, format!("element with class/id `{token}`")));
            }
        }
        for (priority, name, source) in candidates {
            if in_bio {
                if let Some(name) = clean_name(&name) {
                    self.bio.push(Byline {
                        is_url: looks_like_url(&name),
                        name,
                        source: format!("author bio ({source})"),
                        range,
                    });
                }
            } else {
                self.push(priority, &name, source, range);
            }
        }
    }

    /// A visible "By NAME" line near the headline: within the first
    /// [`BY_LINE_LINES`] lines of text after the headline (see [`headline`]),
    /// or after the start of the article scope on a page without one.
    ///
    /// The whole page is read, not the article scope's blocks: byline boxes
    /// (`.byline`, `.article__author`, ...) are furniture to the text rules
    /// and excluded from the scope, yet they are exactly where the "By" line
    /// stands. Comments, related-story lists and other furniture (by
    /// [`is_furniture_token`]), navigation, forms and invisible elements are
    /// skipped. Past those first lines only a blog's signature ("Posted by
    /// NAME", "Written by NAME" under the post) counts, ranked after the
    /// rest. One walk of the page, each line capped at [`LINE_LIMIT`] bytes.
    fn visible_by_line(&mut self, doc: &Document, headline: Option<NodeId>) {
        let tree = &doc.html.dom.tree;
        // Collect after the headline closes, or from the scope root's start.
        let (start, after_close) = match headline {
            Some(h1) => (h1, true),
            None => (doc.scope.root, false),
        };
        let mut collecting = false;
        let mut skipping: Option<NodeId> = None;
        let mut line = Line::default();
        let mut lines = 0usize;
        let mut late = false;
        for edge in tree.root().traverse() {
            match edge {
                Edge::Open(node) => {
                    if !collecting {
                        collecting = !after_close && node.id() == start;
                        if !collecting {
                            continue;
                        }
                    }
                    if skipping.is_some() {
                        continue;
                    }
                    let Some(element) = node.value().as_element() else {
                        if let Node::Text(text) = node.value() {
                            line.push(node.id(), &text.text);
                        }
                        continue;
                    };
                    if skips_by_line_walk(element) {
                        skipping = Some(node.id());
                        continue;
                    }
                    if breaks_line(element.name()) {
                        lines += self.by_line_of(doc, &mut line);
                    }
                }
                Edge::Close(node) => {
                    if !collecting {
                        collecting = after_close && node.id() == start;
                        continue;
                    }
                    if skipping == Some(node.id()) {
                        skipping = None;
                        continue;
                    }
                    if skipping.is_none()
                        && node
                            .value()
                            .as_element()
                            .is_some_and(|e| breaks_line(e.name()) && e.name() != "br")
                    {
                        lines += self.by_line_of(doc, &mut line);
                    }
                }
            }
            if lines >= BY_LINE_LINES {
                late = true;
            }
            line.late = late;
        }
        self.by_line_of(doc, &mut line);
    }

    /// Ends a line of the "By" walk: records the name if the line is a
    /// "By NAME" line. Returns 1 if the line held any text, else 0.
    fn by_line_of(&mut self, doc: &Document, line: &mut Line) -> usize {
        let line = std::mem::take(line);
        if line.text.is_empty() {
            return 0;
        }
        if line.text.chars().count() > 160 {
            return 1;
        }
        let Some(name_at) = by_prefix(&line.text) else {
            return 1;
        };
        // Far from the headline only a blog's signature line counts:
        // "Posted by NAME" under the post. A bare "By NAME" there is a
        // quote's or a teaser's.
        let lower = line.text.to_lowercase();
        if line.late && !(lower.starts_with("posted by") || lower.starts_with("written by")) {
            return 1;
        }
        let rest = &line.text[name_at..];
        let Some(name) = without_date(cut_at_separator(rest)) else {
            return 1;
        };
        let range = line.range(doc, name_at, name_at + name.len());
        let priority = if line.late { 6 } else { 5 };
        self.push(priority, name, "visible \"By\" line".into(), range);
        1
    }

    fn finish(mut self, doc: &Document) -> PageMetadata {
        self.bylines.sort_by_key(|(p, _)| *p);
        let mut bylines: Vec<Byline> = Vec::new();
        for (_, byline) in self.bylines {
            if !bylines
                .iter()
                .any(|b| b.name.eq_ignore_ascii_case(&byline.name))
            {
                bylines.push(byline);
            }
        }
        let mut bio: Vec<Byline> = Vec::new();
        for b in self.bio {
            if !bio.iter().any(|x| x.name.eq_ignore_ascii_case(&b.name)) {
                bio.push(b);
            }
        }
        let mut article = self.signals.first().cloned();
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
            article,
            not_article,
            bylines,
            bio_authors: bio,
            linked_image_credits: self.images,
        }
    }
}

/// How many lines of text after the headline are searched for a "By" line:
/// the byline sits under the headline, after at most a standfirst, a
/// dateline, a kicker or a photo caption.
const BY_LINE_LINES: usize = 8;

/// Bytes of one line kept by the "By" walk; longer lines are prose, not
/// bylines (over 160 characters is skipped), so the rest is not needed.
const LINE_LIMIT: usize = 800;

/// The page's headline: the first `h1` inside the article scope, else the
/// first on the page (templates often put the headline in a header above the
/// article body).
fn headline(doc: &Document) -> Option<NodeId> {
    let tree = &doc.html.dom.tree;
    let is_h1 = |n: &NodeRef<Node>| n.value().as_element().is_some_and(|e| e.name() == "h1");
    tree.get(doc.scope.root)
        .and_then(|root| root.descendants().find(is_h1))
        .or_else(|| tree.root().descendants().find(is_h1))
        .map(|h1| h1.id())
}

/// Elements that end a line of text for the "By" walk: block elements and
/// `br` (a byline is often "By NAME<br>DATE").
fn breaks_line(name: &str) -> bool {
    matches!(
        name,
        "p" | "div"
            | "section"
            | "article"
            | "main"
            | "header"
            | "footer"
            | "li"
            | "ul"
            | "ol"
            | "dl"
            | "dt"
            | "dd"
            | "h1"
            | "h2"
            | "h3"
            | "h4"
            | "h5"
            | "h6"
            | "figure"
            | "figcaption"
            | "blockquote"
            | "address"
            | "table"
            | "tr"
            | "td"
            | "th"
            | "pre"
            | "hr"
            | "br"
    )
}

/// Subtrees the "By" walk does not read: what a reader never sees as text,
/// navigation, sidebars and forms, hidden elements, and furniture such as
/// comments and related-story lists, whose "By" lines are other people's.
fn skips_by_line_walk(element: &Element) -> bool {
    is_never_text(element.name())
        || matches!(element.name(), "nav" | "aside" | "form")
        || crate::html::is_hidden(element)
        || class_and_id(element).iter().any(|t| is_furniture_token(t))
}

/// One line of visible text for the "By" walk: whitespace collapsed, with
/// where each character came from so a name can be located in the source.
#[derive(Default)]
struct Line {
    text: String,
    /// Per character: (byte offset in `text`, text node, byte offset in the
    /// node's text, UTF-8 length).
    origins: Vec<(usize, NodeId, usize, usize)>,
    pending_space: bool,
    /// Whether the line is past the first [`BY_LINE_LINES`] after the headline.
    late: bool,
}

impl Line {
    fn push(&mut self, node: NodeId, text: &str) {
        for (offset, ch) in text.char_indices() {
            if self.text.len() >= LINE_LIMIT {
                return;
            }
            if ch.is_whitespace() {
                self.pending_space = !self.text.is_empty();
                continue;
            }
            if std::mem::take(&mut self.pending_space) {
                self.text.push(' ');
            }
            self.origins
                .push((self.text.len(), node, offset, ch.len_utf8()));
            self.text.push(ch);
        }
    }

    /// The source range of the bytes `start..end` of the line.
    fn range(&self, doc: &Document, start: usize, end: usize) -> Option<TextRange> {
        let first = self.origins.iter().find(|o| o.0 >= start)?;
        let last = self.origins.iter().rev().find(|o| o.0 < end)?;
        let a = doc.html.text_map(first.1)?.char_range(first.2, first.3)?;
        let b = doc.html.text_map(last.1)?.char_range(last.2, last.3)?;
        Some(TextRange::new(a.start, b.end.max(a.start)))
    }
}

/// A byline's text up to the first separator: "Jane Doe | June 3",
/// "Jane Doe, Staff Writer", "Jane Doe - 5 min read" give "Jane Doe".
fn cut_at_separator(text: &str) -> &str {
    let end = text
        .find(['|', '\u{2022}', '\u{b7}', ',', '\u{ff0f}'])
        .or_else(|| text.find(" / "))
        .or_else(|| text.find(" - "))
        .or_else(|| text.find(" \u{2013} "))
        .or_else(|| text.find(" \u{2014} "))
        .unwrap_or(text.len());
    text[..end].trim()
}

/// A byline's name without the date or reading time printed after it:
/// names have no digits, so the name ends before the first word with one,
/// and a month name right before it goes too ("GILLIAN MOHNEY March 11, 2015"
/// gives "GILLIAN MOHNEY"). `None` when no name is left: a bare label such as
/// "Last Updated: January 7, 2025" next to an empty author slot.
fn without_date(text: &str) -> Option<&str> {
    const MONTHS: &[&str] = &[
        "jan",
        "january",
        "feb",
        "february",
        "mar",
        "march",
        "apr",
        "april",
        "may",
        "jun",
        "june",
        "jul",
        "july",
        "aug",
        "august",
        "sep",
        "sept",
        "september",
        "oct",
        "october",
        "nov",
        "november",
        "dec",
        "december",
    ];
    let words = word_spans(text);
    let cut = words
        .iter()
        .position(|&(s, e)| text[s..e].chars().any(|c| c.is_ascii_digit()))
        .unwrap_or(words.len());
    // A single word with digits is a handle ("rmb8090"), the name the site
    // prints for its author.
    if cut == 0 && words.len() == 1 {
        return clean_name(text).is_some().then_some(text.trim());
    }
    let mut keep = cut;
    if cut < words.len() {
        while keep > 0 {
            let (s, e) = words[keep - 1];
            let bare = text[s..e]
                .trim_matches(|c: char| !c.is_alphanumeric())
                .to_lowercase();
            if !(MONTHS.contains(&bare.as_str()) || bare == "on" || bare == "at") {
                break;
            }
            keep -= 1;
        }
    }
    let end = keep.checked_sub(1).map_or(0, |i| words[i].1);
    let name = text[..end].trim();
    (!name.ends_with(':') && clean_name(name).is_some()).then_some(name)
}

/// Byte ranges of the whitespace-separated words of `text`.
fn word_spans(text: &str) -> Vec<(usize, usize)> {
    let mut spans = Vec::new();
    let mut start = None;
    for (i, c) in text.char_indices() {
        match (c.is_whitespace(), start) {
            (true, Some(s)) => {
                spans.push((s, i));
                start = None;
            }
            (false, None) => start = Some(i),
            _ => {}
        }
    }
    if let Some(s) = start {
        spans.push((s, text.len()));
    }
    spans
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
                    Node::Element(e) if breaks_line(e.name()) && !out.is_empty() => {
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

/// The text after a "By" prefix that introduces a name: "By Jane Doe",
/// "Written by Jane Doe", "Posted by jdoe". Returns where the name starts.
fn by_prefix(text: &str) -> Option<usize> {
    let lower = text.to_lowercase();
    if lower.len() != text.len() {
        // Case mapping changed byte lengths; offsets would not line up.
        return None;
    }
    const PREFIXES: &[&str] = &[
        "by ",
        "by: ",
        "written by ",
        "posted by ",
        "words by ",
        "story by ",
        "reporting by ",
        "text by ",
    ];
    let end = match PREFIXES.iter().find(|p| lower.starts_with(*p)) {
        Some(prefix) => prefix.len(),
        // "Posted on March 30, 2015 by Admin", "2/26/2015 7:11 AM PST BY TMZ
        // STAFF": a dateline, then the name. The words before " by " must
        // hold a date (a digit) or say "posted", so "Photo by" or a sentence
        // ("Stabbed by a stranger") is not taken for a byline.
        None => {
            let by = lower.find(" by ")?;
            let before = &lower[..by];
            if !(before.contains(|c: char| c.is_ascii_digit()) || before.starts_with("posted")) {
                return None;
            }
            by + " by ".len()
        }
    };
    let at = end + (text[end..].len() - text[end..].trim_start().len());
    // A name starts with a capital ("by the way" is not a byline), or with a
    // letter of a script without case (Japanese, Chinese, ...).
    text[at..]
        .chars()
        .next()
        .is_some_and(|c| c.is_uppercase() || (c.is_alphabetic() && !c.is_lowercase()))
        .then_some(at)
}

/// A candidate's text as a name: whitespace collapsed, "By"/"Author:"
/// prefixes removed; `None` if nothing name-like is left.
pub fn clean_name(raw: &str) -> Option<String> {
    let collapsed = raw.split_whitespace().collect::<Vec<_>>().join(" ");
    let mut name = collapsed.as_str();
    loop {
        let lower = name.to_lowercase();
        if lower.len() != name.len() {
            break;
        }
        let stripped = [
            "written by",
            "posted by",
            "words by",
            "story by",
            "reported by",
            "by:",
            "by",
            "author:",
            "authors:",
            "author",
            "about the author",
        ]
        .iter()
        .find(|p| {
            lower.starts_with(*p)
                && lower[p.len()..]
                    .chars()
                    .next()
                    .is_none_or(|c| !c.is_alphanumeric())
        });
        match stripped {
            Some(p) => name = name[p.len()..].trim_start_matches([' ', ':', '\u{a0}']),
            None => break,
        }
    }
    let name =
        name.trim_matches(|c: char| c.is_whitespace() || matches!(c, '|' | ',' | '-' | '\u{2014}'));
    let letters = name.chars().filter(|c| c.is_alphabetic()).count();
    (letters >= 2 && name.chars().count() <= 200).then(|| name.to_owned())
}

fn looks_like_url(value: &str) -> bool {
    let lower = value.to_ascii_lowercase();
    lower.starts_with("http://") || lower.starts_with("https://") || lower.starts_with("www.")
}

/// Names in a JSON-LD author value: a string, a `Person`/`Organization` with
/// a `name`, an `@id` reference to one elsewhere in the graph, or a list.
fn json_names(
    value: &Value,
    by_id: &FxHashMap<&str, &serde_json::Map<String, Value>>,
    depth: usize,
    out: &mut Vec<String>,
) {
    if depth > 4 {
        return;
    }
    match value {
        Value::String(s) => out.push(s.clone()),
        Value::Array(items) => {
            for item in items {
                json_names(item, by_id, depth + 1, out);
            }
        }
        Value::Object(map) => {
            if let Some(name) = map.get("name") {
                json_names(name, by_id, depth + 1, out);
            } else if let Some(target) = map
                .get("@id")
                .and_then(Value::as_str)
                .and_then(|id| by_id.get(id))
                && target.contains_key("name")
            {
                json_names(&Value::Object((*target).clone()), by_id, depth + 1, out);
            }
        }
        _ => {}
    }
}

/// The `@type`s of a JSON-LD object, without `schema:` or URL prefixes.
fn json_types(object: &serde_json::Map<String, Value>) -> Vec<&str> {
    match object.get("@type") {
        Some(Value::String(s)) => vec![schema_type(s)],
        Some(Value::Array(items)) => items
            .iter()
            .filter_map(Value::as_str)
            .map(schema_type)
            .collect(),
        _ => Vec::new(),
    }
}

/// `http://schema.org/NewsArticle` or `schema:NewsArticle` -> `NewsArticle`.
fn schema_type(value: &str) -> &str {
    value.rsplit(['/', ':']).next().unwrap_or(value).trim()
}

/// schema.org types of a written story: `Article` and its subtypes
/// (`NewsArticle`, `ReportageNewsArticle`, `ScholarlyArticle`, ...),
/// `BlogPosting`, `LiveBlogPosting`, `SocialMediaPosting`, `Report`.
fn is_article_type(kind: &str) -> bool {
    // `SocialMediaPosting` (Tumblr) and `DiscussionForumPosting` are
    // subtypes of `Article` too.
    kind.ends_with("Article") || kind.ends_with("Posting") || kind == "Report"
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

fn has_token(value: Option<&str>, token: &str) -> bool {
    value.is_some_and(|v| {
        v.split_ascii_whitespace()
            .any(|t| t.eq_ignore_ascii_case(token))
    })
}

/// The element's class names and id, lower-cased.
fn class_and_id(element: &Element) -> Vec<std::borrow::Cow<'_, str>> {
    // Read the raw attributes: `Element::classes` interns every class name,
    // and this runs for every element of the page.
    let mut tokens = Vec::new();
    for (name, value) in element.attrs() {
        if name == "class" || name == "id" {
            tokens.extend(value.split_ascii_whitespace().map(|t| {
                if t.bytes().any(|b| b.is_ascii_uppercase()) {
                    std::borrow::Cow::Owned(t.to_ascii_lowercase())
                } else {
                    std::borrow::Cow::Borrowed(t)
                }
            }));
        }
    }
    tokens
}

/// Segments of a class/id token: `c-byline__author-name` -> c, byline, author, name.
fn segments(token: &str) -> impl Iterator<Item = &str> {
    token.split(['-', '_', ':', '.']).filter(|s| !s.is_empty())
}

/// A class or id naming the byline or the author: `byline`, `author`,
/// `post-author`, `entry-author`, `article__byline`, `authorName`, ...
fn is_byline_token(token: &str) -> bool {
    segments(token).any(|s| {
        // `byline`, `bylines`, `FeatureByline`, `storyByline`.
        s.contains("byline")
            || matches!(
                s,
                "author" | "authors" | "authorname" | "writer" | "autor" | "auteur"
            )
            || (s.ends_with("author") && s.len() <= 16)
    }) && !segments(token).any(|s| {
        matches!(
            s,
            "avatar"
                | "image"
                | "img"
                | "photo"
                | "pic"
                | "picture"
                | "bio"
                | "description"
                | "url"
        )
    })
}

/// A class or id of a bio box: `author-bio`, `about-author`, `author-box`.
fn is_bio_token(token: &str) -> bool {
    // `hasnt-bio`, `no-bio` say the opposite.
    if segments(token).any(|s| matches!(s, "hasnt" | "has" | "no" | "not" | "without")) {
        return false;
    }
    segments(token).any(|s| matches!(s, "bio" | "bios" | "biography" | "authorbio" | "authorbox"))
        || token.contains("about-author")
        || token.contains("about-the-author")
        || token.contains("aboutauthor")
        || token.contains("author-box")
        || token.contains("author-description")
}

/// Page furniture whose names are not the article's author.
fn is_furniture_token(token: &str) -> bool {
    segments(token).any(|s| {
        s.starts_with("comment")
            || matches!(
                s,
                "respond"
                    | "reply"
                    | "disqus"
                    | "related"
                    | "recommended"
                    | "recommendations"
                    | "popular"
                    | "trending"
                    | "sidebar"
                    | "widget"
                    | "outbrain"
                    | "taboola"
                    | "teaser"
                    | "teasers"
            )
    })
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

/// The last path segment of a URL, without query or fragment.
pub fn file_name(url: &str) -> &str {
    let url = url
        .split(['?', '#'])
        .next()
        .unwrap_or(url)
        .trim_end_matches('/');
    match url.rsplit('/').next() {
        Some(name) if !name.is_empty() => name,
        _ => url,
    }
}

/// File extensions of pictures.
const IMAGE_EXTENSIONS: &[&str] = &[
    "jpg", "jpeg", "png", "gif", "webp", "avif", "svg", "bmp", "tif", "tiff", "heic",
];

/// Whether a path segment names a picture file (`photo.jpg`, `x.JPEG`).
fn is_image_file(segment: &str) -> bool {
    segment
        .rsplit_once('.')
        .is_some_and(|(_, ext)| IMAGE_EXTENSIONS.iter().any(|e| ext.eq_ignore_ascii_case(e)))
}

/// The picture's file name in an image URL: the last path segment that is
/// a picture file, else one in the query (`image.php?src=/a/photo.jpg`),
/// else the last segment. Image CDNs put sizes after the file
/// (`.../Name.jpg/revision/latest/scale-to-width-down/627`).
pub fn image_file_name(url: &str) -> &str {
    let (path, query) = match url.split_once('?') {
        Some((path, query)) => (path, query),
        None => (url, ""),
    };
    let path = path.split('#').next().unwrap_or(path);
    if let Some(segment) = path.rsplit('/').find(|s| is_image_file(s)) {
        return segment;
    }
    if let Some(segment) = query
        .split(['&', '=', '/'])
        .rev()
        .find(|s| is_image_file(s))
    {
        return segment;
    }
    file_name(url)
}

// ---------------------------------------------------------------------------
// Images

/// An image a reader sees as part of the article.
#[derive(Debug, Clone, Serialize)]
pub struct ContentImage {
    #[serde(skip)]
    pub node: NodeId,
    /// The `img` (or `video`) start tag.
    #[serde(skip)]
    pub tag: Option<TextRange>,
    /// The image's file name (the lazy-loaded source if `src` is a placeholder).
    pub file: String,
    /// Why the image is not a published photo (icon, avatar, logo, tiny,
    /// placeholder, ...): neither rule checks it.
    pub exempt: Option<String>,
    /// Why the image is a teaser rather than the article's photo (it is a
    /// link to another page): it needs no credit, but still alt text, the
    /// link's only name for a screen reader.
    pub teaser: Option<String>,
    /// Whether the element has an `alt` attribute at all, or another
    /// accessible name (`aria-label`, `aria-labelledby`).
    pub has_alt: bool,
    /// A `video` poster rather than an `img` (posters have no `alt`).
    pub is_video: bool,
}

/// Where an image's credit was found.
#[derive(Debug, Clone, Serialize)]
pub struct Credit {
    pub text: String,
    pub source: String,
}

/// The images inside the article scope (not in excluded furniture), in
/// document order, with the ones that are not published photos marked
/// exempt (see [`exemption`]).
pub fn content_images(doc: &Document, min_size: u32) -> Vec<ContentImage> {
    let mut images = Vec::new();
    let Some(root) = doc.html.dom.tree.get(doc.scope.root) else {
        return images;
    };
    let page_url = page_url(doc);
    // (node, the href of the innermost enclosing link, if any)
    let mut stack: Vec<(NodeRef<Node>, Option<&str>)> = vec![(root, None)];
    while let Some((node, link)) = stack.pop() {
        let Some(element) = node.value().as_element() else {
            continue;
        };
        if node.id() != doc.scope.root && doc.scope.excluded.contains(&node.id()) {
            continue;
        }
        let mut link = link;
        match element.name() {
            "script" | "style" | "template" | "noscript" | "svg" | "head" => continue,
            "a" => link = attr(element, "href").or(link),
            "img" => {
                let source = image_source(element);
                images.push(describe_image(doc, node, element, source, min_size, |s| {
                    link_exemption(link, s, page_url.as_deref())
                }));
            }
            "video" => {
                let poster = ["poster", "data-poster", "data-postersrc", "data-poster-src"]
                    .iter()
                    .find_map(|a| attr(element, a).filter(is_real_source));
                if let Some(poster) = poster {
                    images.push(describe_image(
                        doc,
                        node,
                        element,
                        Some(poster.trim()),
                        min_size,
                        |s| link_exemption(link, s, page_url.as_deref()),
                    ));
                }
            }
            _ => {}
        }
        stack.extend(node.children().rev().map(|c| (c, link)));
    }
    images
}

/// The page's own address, from `<link rel="canonical">` or `og:url`, so a
/// featured image linking to its own article is not taken for a teaser.
fn page_url(doc: &Document) -> Option<String> {
    let head = doc
        .html
        .dom
        .root_element()
        .children()
        .filter_map(ElementRef::wrap)
        .find(|e| e.value().name() == "head")?;
    head.children().filter_map(ElementRef::wrap).find_map(|e| {
        let e = e.value();
        let canonical = e.name() == "link" && has_token(attr(e, "rel"), "canonical");
        let og = e.name() == "meta" && attr(e, "property") == Some("og:url");
        let url = if canonical {
            attr(e, "href")
        } else if og {
            attr(e, "content")
        } else {
            None
        };
        url.map(|u| u.trim().to_owned()).filter(|u| !u.is_empty())
    })
}

/// A URL without scheme, `www.`, query, fragment and trailing slash, to
/// compare two links to the same page.
fn comparable_url(url: &str) -> &str {
    let url = url.split(['?', '#']).next().unwrap_or(url);
    let url = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))
        .or_else(|| url.strip_prefix("//"))
        .unwrap_or(url);
    url.strip_prefix("www.")
        .unwrap_or(url)
        .trim_end_matches('/')
}

/// Why an image inside a link is not one of the article's photos: a picture
/// that is a link to another page is a teaser for another story, an ad, a
/// product or a profile link ("images inside links to other articles").
/// Links that open the picture itself (an image file, the same file in
/// another size, a `#` lightbox), links to the page itself, and links to
/// the picture's own page (a media, photo, gallery or attachment page, or a
/// wiki `File:` page) keep it a content image.
fn link_exemption(link: Option<&str>, source: Option<&str>, page: Option<&str>) -> Option<String> {
    let href = link?.trim();
    let lower = href.to_ascii_lowercase();
    if href.is_empty()
        || href.starts_with('#')
        || lower.starts_with("javascript:")
        || lower.starts_with("data:")
    {
        return None;
    }
    let target = file_name(href);
    if is_image_file(target) || is_image_file(image_file_name(href)) {
        return None;
    }
    if let Some(source) = source
        && comparable_url(source) == comparable_url(href)
    {
        return None;
    }
    if page.is_some_and(|p| comparable_url(p) == comparable_url(href)) {
        return None;
    }
    let path = lower.split(['?', '#']).next().unwrap_or(&lower);
    let own_page = [
        "/photo/",
        "/photos/",
        "/album/",
        "/gallery/",
        "/galleries/",
        "/media/",
        "/attachment/",
        "/image/",
        "/images/",
        "/file:",
        "/datei:",
        "/fichier:",
        "/archivo:",
        "/image:",
    ]
    .iter()
    .any(|p| path.contains(p))
        || lower.contains("attachment_id=");
    if own_page {
        return None;
    }
    Some("a link to another page (a teaser, an ad or a product)".into())
}

/// Whether an image URL is a real picture rather than a lazy-loading
/// placeholder: not a `data:` URI, no file stem word that only placeholders
/// use (placeholder, holder, blank, spacer, pixel, transparent, 1x1), and
/// not a stem made only of words such as lazy, loading, empty, missing,
/// grey, white, sizes and numbers (`lazy-loading-14x9.png`). A photo named
/// `lazy-sunday.jpg` is real.
fn is_real_source(url: &&str) -> bool {
    let url = url.trim();
    if url.is_empty() || url.to_ascii_lowercase().starts_with("data:") {
        return false;
    }
    let file = file_name(url).to_ascii_lowercase();
    let stem = file.rsplit_once('.').map_or(file.as_str(), |(s, _)| s);
    let strong = |w: &str| {
        matches!(
            w,
            "blank"
                | "spacer"
                | "pixel"
                | "transparent"
                | "1x1"
                | "lazyload"
                | "loader"
                | "spinner"
        ) || w.ends_with("placeholder")
            || w.ends_with("holder")
    };
    let weak_word = |w: &str| {
        matches!(
            w,
            "lazy"
                | "loading"
                | "empty"
                | "missing"
                | "grey"
                | "gray"
                | "white"
                | "black"
                | "dummy"
                | "clear"
                | "default"
                | "noimage"
                | "no"
                | "image"
                | "img"
        )
    };
    // Sizes and numbers go with the words; a stem of digits is a real
    // photo's id (`275221.jpg`).
    let weak = |w: &str| weak_word(w) || w.chars().all(|c| c.is_ascii_digit() || c == 'x');
    let placeholder = segments(stem).any(strong)
        || (segments(stem).any(|w| !matches!(w, "image" | "img") && weak_word(w))
            && segments(stem).all(weak));
    !placeholder
}

/// The real source of an `img`. Lazy loaders keep the picture in a `data-`
/// attribute and put a placeholder (a blank GIF, a `data:` URI, a grey
/// square) in `src`, so the lazy attributes (`data-src`, `data-srcset`, ...)
/// win; then `src`, then the first `srcset` candidate. `None` when only placeholders are left.
pub fn image_source(element: &Element) -> Option<&str> {
    // A srcset candidate is a URL (which may hold commas) then a
    // descriptor; the URL ends at the first whitespace.
    fn first_candidate(srcset: &str) -> Option<&str> {
        srcset
            .split_whitespace()
            .next()
            .map(|u| u.trim_end_matches(','))
    }
    for attr in [
        "data-src",
        "data-lazy-src",
        "data-original",
        "data-lazy",
        "data-url",
        "data-hi-res-src",
        "data-srcset",
        "data-lazy-srcset",
        "src",
        "srcset",
    ] {
        let value = crate::html::attr(element, attr).map(str::trim);
        let value = if attr.ends_with("srcset") {
            value.and_then(first_candidate)
        } else {
            value
        };
        if let Some(v) = value.filter(is_real_source) {
            return Some(v);
        }
    }
    None
}

fn describe_image(
    doc: &Document,
    node: NodeRef<Node>,
    element: &Element,
    source: Option<&str>,
    min_size: u32,
    link_exemption: impl FnOnce(Option<&str>) -> Option<String>,
) -> ContentImage {
    let file = source.map_or_else(
        || "(no source)".to_owned(),
        |s| image_file_name(s).to_owned(),
    );
    let exempt = exemption(element, source, min_size);
    let teaser = link_exemption(source);
    ContentImage {
        node: node.id(),
        tag: doc.html.start_tag(node.id()),
        file,
        exempt,
        teaser,
        // `aria-label` and `aria-labelledby` name the image for screen
        // readers as `alt` does.
        has_alt: ["alt", "aria-label", "aria-labelledby"]
            .iter()
            .any(|a| attr(element, a).is_some()),
        is_video: element.name() == "video",
    }
}

/// A length in CSS pixels from an attribute or inline style value: `120`,
/// `120px`, `120.5px`; `None` for percentages, `em`, `auto`, ...
fn pixels(value: &str) -> Option<u32> {
    let value = value.trim().to_ascii_lowercase();
    let number_end = value
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(value.len());
    let unit = value[number_end..].trim();
    if !(unit.is_empty() || unit == "px" || unit == "px !important") {
        return None;
    }
    let whole = value[..number_end].split('.').next().unwrap_or("");
    whole.parse().ok()
}

/// The `width` and `height` an image is shown at, by its attributes and its
/// inline style (the style wins, as in the browser).
fn declared_size(element: &Element) -> [Option<u32>; 2] {
    let mut size = [
        attr(element, "width").and_then(pixels),
        attr(element, "height").and_then(pixels),
    ];
    if let Some(style) = attr(element, "style") {
        for declaration in style.split(';') {
            let Some((property, value)) = declaration.split_once(':') else {
                continue;
            };
            match property.trim().to_ascii_lowercase().as_str() {
                "width" => size[0] = pixels(value).or(size[0]),
                "height" => size[1] = pixels(value).or(size[1]),
                _ => {}
            }
        }
    }
    size
}

/// Why an image is not a published photo needing a credit, if it is not:
/// no real source (only a lazy-loading placeholder), smaller than
/// `min_size` by its attributes or inline style, presentational or hidden,
/// or decorative by its class, source path or file name (icons, avatars,
/// logos, emoji, sprites, badges, tracking pixels, site theme assets).
fn exemption(element: &Element, source: Option<&str>, min_size: u32) -> Option<String> {
    let Some(source) = source else {
        return Some("no image source (only a placeholder)".into());
    };
    if let Some(small) = declared_size(element)
        .into_iter()
        .flatten()
        .find(|&s| s <= min_size)
    {
        return Some(format!("{small} px, at most {min_size} px"));
    }
    let role = attr(element, "role").unwrap_or("").to_ascii_lowercase();
    if matches!(role.as_str(), "presentation" | "none")
        && attr(element, "alt").is_none_or(|a| a.trim().is_empty())
    {
        return Some("presentational (empty alt, role=presentation)".into());
    }
    if element
        .attr("aria-hidden")
        .is_some_and(|v| v.eq_ignore_ascii_case("true"))
    {
        return Some("hidden from readers (aria-hidden)".into());
    }
    const DECORATIVE: &[&str] = &[
        "icon",
        "icons",
        "avatar",
        "avatars",
        "logo",
        "logos",
        "emoji",
        "smiley",
        "gravatar",
        "sprite",
        "badge",
        "pixel",
        "spacer",
        "tracking",
        "tracker",
        "beacon",
        "spinner",
        "loader",
        "wp-smiley",
        "favicon",
    ];
    for token in element.classes().chain(element.id()) {
        let token = token.to_ascii_lowercase();
        if let Some(word) = segments(&token).find(|s| DECORATIVE.contains(s)) {
            return Some(format!("decorative (class `{word}`)"));
        }
    }
    let lower = source.to_ascii_lowercase();
    let host_and_path = lower.split(['?', '#']).next().unwrap_or("");
    for word in [
        "gravatar.com",
        "/emoji/",
        "/icons/",
        "/avatars/",
        "/avatar/",
        "pixel",
        "/logos/",
        // Pictures of the site's theme or a plugin are its design, not
        // the story's photos.
        "/themes/",
        "/wp-content/plugins/",
    ] {
        if host_and_path.contains(word) {
            return Some(format!(
                "decorative (source path has `{}`)",
                word.trim_matches('/')
            ));
        }
    }
    let file = image_file_name(host_and_path);
    let stem = file.rsplit_once('.').map_or(file, |(s, _)| s);
    if let Some(word) = segments(stem).find(|s| {
        matches!(
            *s,
            "logo" | "icon" | "avatar" | "favicon" | "spacer" | "emoji" | "sprite"
        )
    }) {
        return Some(format!("decorative (file name has `{word}`)"));
    }
    None
}

/// How far up the tree the image's own block is looked for.
const IMAGE_BLOCK_LEVELS: usize = 6;

/// Nodes looked at per ancestor when measuring the image's block: captions
/// are small, and a container bigger than this is not the image's own.
const IMAGE_BLOCK_NODES: usize = 300;

/// The credit of a content image. In order: a credit attribute on the image
/// or its wrappers (`data-credit`, a `data-caption` or `title` or `alt` with
/// a credit phrase); a wiki `File:` link (the description page names author
/// and licence); the image's figure (any caption, credit or `cite` element
/// in it); the image's own block, the nearest ancestor holding text but no
/// other picture (a caption `div` around the `img`, a `p` holding the image
/// and its credit line); the elements right before and after that block;
/// schema.org microdata and JSON-LD `ImageObject`s.
pub fn image_credit(
    doc: &Document,
    image: &ContentImage,
    patterns: &CreditPatterns,
    metadata: &PageMetadata,
) -> Option<Credit> {
    let node = doc.html.dom.tree.get(image.node)?;
    if let Some(credit) = attribute_credit(node, patterns) {
        return Some(credit);
    }
    if let Some(credit) = wiki_file_link(node) {
        return Some(credit);
    }
    if let Some(container) = caption_container(node)
        && let Some(credit) = credit_inside(container, node.id(), patterns)
    {
        return Some(credit);
    }
    let block = image_block(node);
    if let Some(text_block) = block.text
        && let Some(credit) = credit_inside(text_block, node.id(), patterns)
    {
        return Some(credit);
    }
    // A credit line or caption right next to the image's block.
    let unit = block.unit;
    let neighbours = unit
        .prev_siblings()
        .filter(|s| s.value().is_element())
        .take(1)
        .chain(
            unit.next_siblings()
                .filter(|s| s.value().is_element())
                .take(2),
        );
    for sibling in neighbours {
        if let Some(credit) = credit_of_element(sibling, patterns, true) {
            return Some(credit);
        }
    }
    if let Some(credit) = microdata_credit(node) {
        return Some(credit);
    }
    metadata
        .linked_image_credits
        .iter()
        .find(|l| l.file == image.file)
        .map(|l| Credit {
            text: l.credit.clone(),
            source: "JSON-LD ImageObject".into(),
        })
}

/// A credit in the attributes of the image or its wrappers up to the
/// figure: a `data-` attribute named for a credit (`data-credit`,
/// `data-photographer`), or a `data-caption`, `title` or `alt` whose text
/// has a credit phrase ("Representative image. (AFP file photo)"). A credit
/// only in `alt` is not shown to sighted readers, but the rights holder is
/// named: the credit is misplaced, not missing.
fn attribute_credit(node: NodeRef<Node>, patterns: &CreditPatterns) -> Option<Credit> {
    for (depth, ancestor) in std::iter::once(node).chain(node.ancestors()).enumerate() {
        let element = ancestor.value().as_element()?;
        if depth > 0 && !is_image_wrapper(element) {
            return None;
        }
        for (name, value) in element.attrs() {
            let value = value.trim();
            if value.is_empty() || looks_like_url(value) {
                continue;
            }
            let Some(data_name) = name.strip_prefix("data-") else {
                continue;
            };
            if patterns.names_credit(data_name) {
                return Some(Credit {
                    text: value.to_owned(),
                    source: format!("attribute {name}"),
                });
            }
            if data_name.contains("caption")
                && let Some(at) = patterns.find_credit(value)
            {
                return Some(Credit {
                    text: value[at..].to_owned(),
                    source: format!("attribute {name}"),
                });
            }
        }
        for attr in ["title", "alt"] {
            if let Some(value) = crate::html::attr(element, attr)
                && let Some(at) = patterns.find_credit(value)
            {
                return Some(Credit {
                    text: value[at..].trim().to_owned(),
                    source: format!("attribute {attr}"),
                });
            }
        }
        if element.name() == "figure" {
            return None;
        }
    }
    None
}

/// A wiki image links to its `File:` description page, which names the
/// author and the licence: MediaWiki's way of crediting.
fn wiki_file_link(node: NodeRef<Node>) -> Option<Credit> {
    let link = node
        .ancestors()
        .take(3)
        .filter_map(|a| a.value().as_element())
        .find(|e| e.name() == "a")?;
    let href = attr(link, "href")?;
    let page = href
        .rsplit("/wiki/")
        .next()
        .filter(|_| href.contains("/wiki/"))?;
    let (namespace, _) = page.split_once(':')?;
    matches!(
        namespace.to_ascii_lowercase().as_str(),
        "file" | "image" | "datei" | "fichier" | "archivo" | "bestand" | "plik" | "ficheiro"
    )
    .then(|| Credit {
        text: href.to_owned(),
        source: "link to the image's wiki description page".into(),
    })
}

/// schema.org microdata: an `ImageObject` scope around the image with a
/// `creditText`, `copyrightHolder`, `creator`, `author` or `copyrightNotice`.
fn microdata_credit(node: NodeRef<Node>) -> Option<Credit> {
    for ancestor in node.ancestors().take(4) {
        let element = ancestor.value().as_element()?;
        if !element
            .attr("itemtype")
            .is_some_and(|t| matches!(schema_type(t.trim()), "ImageObject" | "Photograph"))
        {
            continue;
        }
        for d in ancestor.descendants().take(IMAGE_BLOCK_NODES) {
            let Some(e) = d.value().as_element() else {
                continue;
            };
            let prop = attr(e, "itemprop").unwrap_or("");
            if prop.split_ascii_whitespace().any(|p| {
                matches!(
                    p,
                    "creditText" | "copyrightHolder" | "creator" | "author" | "copyrightNotice"
                )
            }) {
                let text = e
                    .attr("content")
                    .map(str::to_owned)
                    .unwrap_or_else(|| text_of(d, TEXT_LIMIT));
                if !text.trim().is_empty() {
                    return Some(Credit {
                        text: text.trim().to_owned(),
                        source: format!("microdata itemprop={prop}"),
                    });
                }
            }
        }
    }
    None
}

/// Where an image's caption and credit can be, found by climbing from the
/// image through ancestors that hold no other picture.
struct ImageBlock<'a> {
    /// The largest such ancestor (or the image): its siblings are the
    /// elements right before and after the picture.
    unit: NodeRef<'a, Node>,
    /// The nearest such ancestor that holds text, if it holds little: the
    /// caption box around the image, or a short paragraph with the image
    /// and its credit line.
    text: Option<NodeRef<'a, Node>>,
}

/// Climbs from the image while the ancestor holds no other picture and
/// little text, never past `article`, `main`, `section` or `body`, at most
/// [`IMAGE_BLOCK_LEVELS`] levels, each measured within
/// [`IMAGE_BLOCK_NODES`] nodes (bounded work per image).
fn image_block(node: NodeRef<'_, Node>) -> ImageBlock<'_> {
    let mut block = ImageBlock {
        unit: node,
        text: None,
    };
    for ancestor in node.ancestors().take(IMAGE_BLOCK_LEVELS) {
        let Some(element) = ancestor.value().as_element() else {
            break;
        };
        if matches!(
            element.name(),
            "article" | "main" | "section" | "body" | "html" | "td" | "li"
        ) {
            break;
        }
        let Some((pictures, chars)) = measure(ancestor) else {
            break;
        };
        if pictures > 1 || chars > TEXT_LIMIT {
            break;
        }
        block.unit = ancestor;
        if chars > 0 && block.text.is_none() {
            block.text = Some(ancestor);
        }
    }
    block
}

/// Pictures (`img`, `video`, `picture`-less) and non-space text characters
/// in a subtree; `None` if it is bigger than [`IMAGE_BLOCK_NODES`] nodes.
fn measure(node: NodeRef<Node>) -> Option<(usize, usize)> {
    let (mut pictures, mut chars) = (0, 0);
    for (seen, d) in node.descendants().enumerate() {
        if seen >= IMAGE_BLOCK_NODES {
            return None;
        }
        match d.value() {
            Node::Element(e) if matches!(e.name(), "img" | "video") => pictures += 1,
            Node::Text(t) => chars += t.text.chars().filter(|c| !c.is_whitespace()).count(),
            _ => {}
        }
    }
    Some((pictures, chars))
}

/// Elements that wrap a single image without being its figure: a link,
/// `picture`, a span or div with an image-ish class.
fn is_image_wrapper(element: &Element) -> bool {
    matches!(
        element.name(),
        "a" | "picture" | "span" | "figure" | "div" | "p"
    ) && (matches!(element.name(), "a" | "picture" | "figure")
        || element.classes().any(|c| {
            let c = c.to_ascii_lowercase();
            [
                "image", "img", "photo", "media", "picture", "figure", "caption", "credit",
            ]
            .iter()
            .any(|w| c.contains(w))
        }))
}

/// The image's figure: the nearest `figure` ancestor, or a wrapper whose
/// class says caption or figure, within four levels.
fn caption_container(node: NodeRef<Node>) -> Option<NodeRef<Node>> {
    for ancestor in node.ancestors().take(4) {
        let element = ancestor.value().as_element()?;
        if matches!(element.name(), "article" | "main" | "body" | "section") {
            return None;
        }
        if element.name() == "figure"
            || element.classes().any(|c| {
                let c = c.to_ascii_lowercase();
                c.contains("caption") || c.contains("figure")
            })
        {
            return Some(ancestor);
        }
    }
    None
}

/// A credit inside the image's figure or block (not in the image itself):
/// any element there that is not another image's is the image's caption or
/// credit, so credit phrases count in all of them; a `cite` or an element
/// named for a credit counts by itself, and a bare label ("Credit",
/// "Photo") names the credit that follows it. Text sitting directly in the
/// container counts too.
fn credit_inside(
    container: NodeRef<Node>,
    image: NodeId,
    patterns: &CreditPatterns,
) -> Option<Credit> {
    let mut stack = vec![container];
    let mut budget = IMAGE_BLOCK_NODES;
    while let Some(n) = stack.pop() {
        budget = budget.checked_sub(1)?;
        if n.id() == image {
            continue;
        }
        if n.id() != container.id()
            && n.value().is_element()
            && let Some(credit) = credit_of_element(n, patterns, true)
        {
            return Some(credit);
        }
        stack.extend(n.children().rev().filter(|c| c.value().is_element()));
    }
    // Text directly in the container, after its elements were looked at.
    let own: String = container
        .children()
        .filter_map(|c| c.value().as_text().map(|t| t.text.trim().to_owned()))
        .filter(|t| !t.is_empty())
        .collect::<Vec<_>>()
        .join(" ");
    let at = patterns.find_credit(&own)?;
    Some(Credit {
        text: own[at..].to_owned(),
        source: "caption".into(),
    })
}

/// Bare labels that introduce the credit printed after them, in their own
/// element: `<span>Credit</span>Jane Roe for The Times`.
const CREDIT_LABELS: &[&str] = &[
    "credit",
    "credits",
    "photo",
    "photos",
    "photograph",
    "image",
    "picture",
    "illustration",
    "source",
    "foto",
];

/// The credit an element carries: a class/id/itemprop naming a credit with
/// text in it, a `cite` (the source of the work, by HTML's definition), a
/// bare credit label followed by a name, or a caption-like element whose
/// text has a credit phrase. `loose`: any short element whose text has a
/// credit phrase counts (elements of the image's own figure or block, and
/// the ones right next to it).
fn credit_of_element(
    node: NodeRef<Node>,
    patterns: &CreditPatterns,
    loose: bool,
) -> Option<Credit> {
    let element = node.value().as_element()?;
    if matches!(
        element.name(),
        "script" | "style" | "img" | "picture" | "source" | "video" | "noscript" | "template"
    ) {
        return None;
    }
    let naming = element
        .classes()
        .chain(element.id())
        .chain(attr(element, "itemprop"))
        .find(|v| patterns.names_credit(v));
    let is_caption = matches!(element.name(), "figcaption" | "caption")
        || element
            .classes()
            .any(|c| c.to_ascii_lowercase().contains("caption"));
    if naming.is_none() && !is_caption && !loose {
        return None;
    }
    // Another image's figure next to this one carries that image's credit.
    if element.name() == "figure"
        || node.descendants().skip(1).take(100).any(|d| {
            d.value()
                .as_element()
                .is_some_and(|e| matches!(e.name(), "img" | "picture" | "video" | "figure"))
        })
    {
        return None;
    }
    // Captions are read further: long ones end with the credit.
    let limit = if is_caption {
        TEXT_LIMIT * 4
    } else {
        TEXT_LIMIT
    };
    let text = text_of(node, limit);
    if text.is_empty() {
        return None;
    }
    let short = text.chars().count() <= 200;
    if let Some(name) = naming.filter(|_| short) {
        return Some(Credit {
            text,
            source: format!("credit element (`{name}`)"),
        });
    }
    if element.name() == "cite" && short {
        return Some(Credit {
            text,
            source: "`cite` by the image".into(),
        });
    }
    let label = text.trim_end_matches([':', ' ']).to_lowercase();
    if CREDIT_LABELS.contains(&label.as_str())
        && let Some(parent) = node.parent()
    {
        let whole = text_of(parent, TEXT_LIMIT);
        if whole.len() > text.len() + 1 {
            return Some(Credit {
                text: whole,
                source: format!("credit label `{text}`"),
            });
        }
    }
    if is_caption || naming.is_some() || text.chars().count() <= 300 {
        if let Some(at) = patterns.find_credit(&text) {
            return Some(Credit {
                text: text[at..].to_owned(),
                source: if is_caption {
                    "caption".into()
                } else {
                    format!("`{}` by the image", element.name())
                },
            });
        }
        if is_caption && is_bare_domain(&text) {
            return Some(Credit {
                text,
                source: "caption naming the source site".into(),
            });
        }
    }
    None
}

/// A caption that is only a site's domain ("topleftpixel.com") names
/// where the picture comes from.
fn is_bare_domain(text: &str) -> bool {
    let text = text.trim().trim_end_matches('/');
    let text = text
        .strip_prefix("https://")
        .or_else(|| text.strip_prefix("http://"))
        .unwrap_or(text);
    let Some((name, tld)) = text.rsplit_once('.') else {
        return false;
    };
    !text.contains(char::is_whitespace)
        && !name.is_empty()
        && (2..=12).contains(&tld.len())
        && tld.chars().all(|c| c.is_ascii_alphabetic())
}

// ---------------------------------------------------------------------------
// Description for `copydesk blocks --show-metadata`

/// A human-readable account of the byline and image credits copydesk found
/// on the page and where, for `copydesk blocks --show-metadata`.
pub fn describe(doc: &Document) -> String {
    let metadata = page_metadata(doc);
    let at = |range: Option<TextRange>| match range {
        Some(r) => {
            let lc = doc.source.line_column(r.start);
            format!(" at {}:{}", lc.line, lc.column)
        }
        None => String::new(),
    };
    let mut out = String::new();
    match (&metadata.article, &metadata.not_article) {
        (Some(why), _) => {
            let _ = writeln!(out, "article: yes ({why})");
        }
        (None, Some(why)) => {
            let _ = writeln!(out, "article: no ({why})");
        }
        (None, None) => {
            let _ = writeln!(out, "article: no");
        }
    }
    if metadata.bylines.is_empty() {
        let _ = writeln!(out, "byline: none found");
    }
    for byline in &metadata.bylines {
        let _ = writeln!(
            out,
            "byline: {} ({}{})",
            byline.name,
            byline.source,
            at(byline.range)
        );
    }
    for bio in &metadata.bio_authors {
        let _ = writeln!(out, "bio: {} ({}{})", bio.name, bio.source, at(bio.range));
    }
    let patterns = CreditPatterns::builtin();
    for image in content_images(doc, DEFAULT_MIN_IMAGE_SIZE) {
        let where_ = at(image.tag);
        if let Some(why) = image.exempt.as_ref().or(image.teaser.as_ref()) {
            let _ = writeln!(out, "image: {}{where_}: exempt, {why}", image.file);
        } else if let Some(credit) = image_credit(doc, &image, patterns, &metadata) {
            let _ = writeln!(
                out,
                "image: {}{where_}: credit \"{}\" ({})",
                image.file, credit.text, credit.source
            );
        } else {
            let _ = writeln!(out, "image: {}{where_}: no credit found", image.file);
        }
    }
    out
}

/// Images this many pixels wide or high or less (by attributes or inline
/// style) are decorative: 100 px is the size of thumbnails and avatars, and
/// no published photo is shown that small.
pub const DEFAULT_MIN_IMAGE_SIZE: u32 = 100;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn built_in_credit_patterns_parse() {
        let patterns = CreditPatterns::parse(CREDITS_TOML).unwrap();
        assert!(patterns.markers.contains(&"photo credit".to_owned()));
        assert!(patterns.agencies.contains(&"Getty Images".to_owned()));
        assert!(!CreditPatterns::builtin().classes.is_empty());
    }

    #[test]
    fn credit_phrases_are_found_where_credits_stand() {
        let p = CreditPatterns::builtin();
        let text = "The Soyuz launches. Photo Credit: Sean Costello / SpaceFlight Insider";
        assert_eq!(p.find_credit(text), text.find("Photo Credit"));
        let text = "President speaks in the Rose Garden. (AP Photo/Evan Vucci)";
        assert_eq!(p.find_credit(text), text.find("(AP"));
        let text = "Crowds gather in Houston. Jane Roe / Getty Images";
        assert_eq!(p.find_credit(text), text.find("Jane"));
        assert_eq!(p.find_credit("© 2018 Jane Roe"), Some(0));
        // Mentions are not credits.
        assert_eq!(
            p.find_credit("NASA astronaut Serena Aunon-Chancellor waves."),
            None
        );
        assert_eq!(
            p.find_credit("The photographer waited for the launch."),
            None
        );
        assert_eq!(p.find_credit("Snap happy"), None);
    }

    #[test]
    fn names_are_cleaned_of_by_prefixes() {
        assert_eq!(clean_name("  By   Jane Doe ").as_deref(), Some("Jane Doe"));
        assert_eq!(
            clean_name("Written by: Jane Doe").as_deref(),
            Some("Jane Doe")
        );
        assert_eq!(clean_name("Byron Smith").as_deref(), Some("Byron Smith"));
        assert_eq!(clean_name("By").as_deref(), None);
    }

    #[test]
    fn byline_tokens() {
        assert!(is_byline_token("byline"));
        assert!(is_byline_token("c-byline__author"));
        assert!(is_byline_token("entry-author"));
        assert!(is_byline_token("postauthor"));
        assert!(!is_byline_token("author-avatar"));
        assert!(!is_byline_token("authority"));
        assert!(is_bio_token("author-bio"));
        assert!(is_furniture_token("comment-form-author"));
    }
}
