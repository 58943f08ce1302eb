//! ## What it does
//! Flags an article that does not name its author.
//!
//! A byline is found in `<meta name="author">`, `article:author`, JSON-LD
//! (`author` or `creator` of an `Article`, `NewsArticle`, `BlogPosting`,
//! `ReportageNewsArticle`, ..., also inside `@graph`, as a list, as a nested
//! `Person` or `Organization`, or as an `@id` reference), microdata
//! (`itemprop="author"`), `rel="author"`, a link to an `/author/` page, an
//! element whose class or id says byline or author, or a visible "By NAME"
//! line under the headline. Comment areas, forms and related-story lists do
//! not count: their names are not the article's author.
//!
//! An author named only in a bio box at the end of the article (a class like
//! `author-bio` or `about-author`) is not a byline, since the reader meets it
//! after the story; the finding names them as a hint.
//!
//! Pages that are not articles are not checked. A page is an article when it
//! says so (`og:type=article`, a JSON-LD or microdata `Article` type), or has
//! a headline and running text and is not a list of stories (three or more
//! `article` elements).
//!
//! ## Why it matters
//! Readers judge a story by who wrote it, and search engines and aggregators
//! read the author from the markup: an article without a byline looks
//! anonymous everywhere it is shared.
//!
//! ## Example
//! ```html
//! <article><h1>Chiefs of US, Russian space agencies weigh in on ISS leak</h1>
//!   <p>...</p>
//!   <div class="author-bio"><h4>Jason Rhian</h4>...</div></article>
//! ```
//! Flags the `h1`: "no byline found; an author bio names Jason Rhian".
//!
//! ## Options

use crate::diagnostic::{Diagnostic, Severity};
use crate::document::Document;
use crate::rules::{FixAvailability, OptionsSchema, Rule, RuleContext, RuleMeta};

pub struct MissingByline;

static META: RuleMeta = RuleMeta {
    id: "missing-byline",
    default_severity: Severity::Warning,
    enabled_by_default: true,
    summary: "An article that does not name its author",
    fix: FixAvailability::None,
    source: include_str!("missing_byline.rs"),
    options: OptionsSchema::NONE,
};

impl Rule for MissingByline {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, doc: &Document, ctx: &RuleContext, out: &mut Vec<Diagnostic>) {
        let metadata = ctx.facts.metadata();
        if metadata.article.is_none() || !metadata.bylines.is_empty() {
            return;
        }
        let message = match metadata.bio_authors.first() {
            Some(bio) => format!("no byline found; an author bio names {}", bio.name),
            None => "no byline found".to_owned(),
        };
        // The finding points at the headline, else at the scope root's start
        // tag, else at the start of the file.
        let at = metadata
            .headline
            .and_then(|h1| doc.html.start_tag(h1))
            .or_else(|| doc.html.start_tag(doc.scope.root))
            .unwrap_or_default();
        let mut diagnostic = Diagnostic::new(META.id, ctx.severity, at, message).with_help(
            "name the author under the headline (\"By NAME\") and in \
                 <meta name=\"author\"> or the JSON-LD `author`",
        );
        if let Some(range) = metadata.bio_authors.first().and_then(|b| b.range) {
            diagnostic =
                diagnostic.with_related(range, "the author is named here, after the story");
        }
        out.push(diagnostic);
    }
}
