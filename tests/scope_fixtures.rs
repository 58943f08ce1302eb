//! Article scope on small pages: which text copydesk lints, and which page
//! furniture it leaves alone. Fixtures are in `fixtures/scope/` (see its
//! README) and `fixtures/seed/`.

use copydesk::document::Document;
use copydesk::source::SourceFile;
use std::path::Path;

/// The built-in `[scope]` lists, read from the file the binary embeds.
fn default_lists() -> (Vec<String>, Vec<String>) {
    copydesk::config::default_scope_lists()
}

/// What copydesk lints on a page: its blocks' texts and the scope's reason.
struct Linted {
    blocks: Vec<String>,
    reason: String,
}

impl Linted {
    fn contains(&self, needle: &str) -> bool {
        self.blocks.iter().any(|b| b.contains(needle))
    }

    #[track_caller]
    fn assert_has(&self, needles: &[&str]) {
        for needle in needles {
            assert!(
                self.contains(needle),
                "`{needle}` should be linted; blocks: {:#?}\nreason: {}",
                self.blocks,
                self.reason
            );
        }
    }

    #[track_caller]
    fn assert_lacks(&self, needles: &[&str]) {
        for needle in needles {
            assert!(
                !self.contains(needle),
                "`{needle}` should not be linted; blocks: {:#?}\nreason: {}",
                self.blocks,
                self.reason
            );
        }
    }
}

fn lint_text(page: &str, content: &[String], exclude: &[String]) -> Linted {
    let source = SourceFile::from_text("t.html", page);
    let doc = Document::parse_scoped(&source, content, exclude).expect("parses");
    Linted {
        blocks: doc.blocks.iter().map(|b| b.text.clone()).collect(),
        reason: doc.scope.reason.clone(),
    }
}

fn lint_defaults(page: &str) -> Linted {
    let (content, exclude) = default_lists();
    lint_text(page, &content, &exclude)
}

fn fixture(path: &str) -> String {
    let full = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures")
        .join(path);
    std::fs::read_to_string(&full).unwrap_or_else(|e| panic!("{}: {e}", full.display()))
}

#[test]
fn seed_article_lints_the_article_and_not_the_site() {
    let linted = lint_defaults(&fixture("seed/article.html"));
    linted.assert_has(&[
        // h1, caption, body paragraphs, the blockquote's paragraphs.
        "Chiefs of US, Russian space agencies weigh in on ISS leak",
        "The Soyuz MS-09 spacecraft is launched with three members",
        "The Soyuz MS-09 spacecraft was launched with three members",
        "The heads of the Russian and U.S. space agencies issued a joint statement",
        "atop a Soyug-FG rocket",
        "cosmonaut Alexy Ovchinin.",
        "strike by a micrometeroid had been ruled out",
        // The author bio is prose the newsroom published, and it holds the
        // seed's doubled comma: linted.
        "Aviation Week & Space Technology,, The Mars Society",
    ]);
    linted.assert_lacks(&[
        // Header and nav menu.
        "Skip to content",
        "Launch Schedule",
        // Dateline: metadata, not prose.
        "September 14th, 2018",
        // Share buttons and the entry footer.
        "Share this:",
        "Twitter",
        "Posted in",
        // Related posts.
        "Related posts",
        "ISS crew patches leak in Soyuz orbital module",
        // Comment area and form.
        "Reader Comments",
        "Commenting Rules",
        "Post Comment",
        "Your email address will not be published",
        "Required fields",
        // Site footer.
        "Privacy Policy",
        "All rights reserved",
    ]);
    assert!(
        linted
            .reason
            .starts_with("matched content selector `article` ("),
        "{}",
        linted.reason
    );
}

#[test]
fn minified_seed_article_lints_the_same_text() {
    let pretty = lint_defaults(&fixture("seed/article.html"));
    let minified = lint_defaults(&fixture("seed/article.min.html"));
    assert_eq!(pretty.blocks, minified.blocks);
}

/// A site page around `container`: header, nav, sidebar and footer text that
/// must never be linted.
fn page_with(container_open: &str, container_close: &str) -> String {
    format!(
        "<!DOCTYPE html><html><head><title>t</title></head><body>\
         <div class=site-header><a href=/>Daily Example</a> <span>Menu of the day</span></div>\
         <nav><a href=/news>News section</a></nav>\
         <div class=wrapper>\
         <div class=promo-strip>Subscribe today for half price, every single week of the year.</div>\
         {container_open}<h2>Wind farm approved</h2>\
         <p>The offshore wind farm, the largest in the region, was approved on Monday after a two-year planning inquiry.</p>\
         <p>Construction of the forty turbines will begin next year and should finish within three years.</p>\
         <p>The operator says the farm will power about two hundred thousand homes once it is complete.</p>\
         {container_close}\
         <div class=sidebar-box><p>Weather: sunny spells with a light breeze from the west, and rain later.</p></div>\
         </div><div class=bottom>Daily Example, all rights reserved since 1901.</div></body></html>"
    )
}

#[test]
fn each_default_content_selector_finds_its_container() {
    let cases = [
        (
            "<div itemprop=articleBody>",
            "</div>",
            "[itemprop=articleBody]",
        ),
        ("<article>", "</article>", "article"),
        ("<main>", "</main>", "main"),
        ("<div role=main>", "</div>", "[role=main]"),
        ("<div class=entry-content>", "</div>", ".entry-content"),
        ("<div class=post-content>", "</div>", ".post-content"),
        ("<div class=article-body>", "</div>", ".article-body"),
        ("<div class=story-body>", "</div>", ".story-body"),
        ("<div id=content>", "</div>", "#content"),
    ];
    let (content, _) = default_lists();
    let listed: Vec<&str> = cases.iter().map(|c| c.2).collect();
    assert_eq!(
        content, listed,
        "a default content selector without a test here"
    );
    for (open, close, selector) in cases {
        let linted = lint_defaults(&page_with(open, close));
        linted.assert_has(&["Wind farm approved", "forty turbines"]);
        linted.assert_lacks(&[
            "Daily Example",
            "Menu of the day",
            "News section",
            "Subscribe today",
            "Weather",
        ]);
        assert!(
            linted
                .reason
                .starts_with(&format!("matched content selector `{selector}`")),
            "{selector}: {}",
            linted.reason
        );
    }
}

#[test]
fn without_a_matching_selector_text_density_finds_the_article() {
    let linted = lint_defaults(&fixture("scope/fallback.html"));
    linted.assert_has(&[
        "Notes on sourdough",
        "A sourdough starter is a culture",
        "A long, cool rise",
    ]);
    linted.assert_lacks(&[
        "Kitchen Notes",
        "Recipes",
        "Bread",
        "Lovely post",
        "since 2004",
    ]);
    assert!(
        linted.reason.contains("text-density score") && linted.reason.contains("div.post-body"),
        "{}",
        linted.reason
    );
}

#[test]
fn teaser_cards_do_not_win_over_the_article() {
    // `article` matches only three teaser cards of a few words each: too
    // little text to be the article, so the density score decides.
    let linted = lint_defaults(&fixture("scope/teasers.html"));
    linted.assert_has(&[
        "Council approves the new harbour plan",
        "The town council voted",
        "Work is expected to start next spring",
    ]);
    linted.assert_lacks(&[
        "Lifeboat crew",
        "Festival returns",
        "The Coast Gazette",
        "Sport",
    ]);
    assert!(linted.reason.contains("div#story"), "{}", linted.reason);
}

#[test]
fn the_article_with_most_prose_beats_teaser_cards_that_are_long_enough() {
    // Every card passes the minimum; the article holding real paragraphs wins.
    let card = "<article class=card><h3><a href=/x>Another story with a fairly long \
                headline that goes on</a></h3><p>Teaser text for another story that is \
                not this page's article but is long enough to count.</p></article>";
    let page = format!(
        "<body>{card}{card}<article class=full><h1>The real one</h1>\
         <p>First paragraph of the real article, with enough words in it to be prose, of course.</p>\
         <p>Second paragraph of the real article, again long enough, and with commas, too.</p>\
         <p>Third paragraph of the real article, so that it holds more prose than any card.</p>\
         </article>{card}</body>"
    );
    let linted = lint_defaults(&page);
    linted.assert_has(&["The real one", "Second paragraph"]);
    linted.assert_lacks(&["Teaser text", "Another story"]);
    assert!(linted.reason.contains("of 4 matches"), "{}", linted.reason);
}

#[test]
fn hidden_elements_are_not_linted() {
    let linted = lint_defaults(&fixture("scope/hidden.html"));
    linted.assert_has(&["The lighthouse reopens", "After two years", "lantern room"]);
    linted.assert_lacks(&["Draft paragraph", "Decorative", "Paywall", "Old version"]);
}

#[test]
fn built_in_furniture_is_excluded_even_with_empty_lists() {
    let page = "<body><article><h1>Title of the piece</h1>\
        <div class=byline>By Ann Writer</div>\
        <div class=post-date>3 March 2024</div>\
        <p>The body paragraph, which is prose and long enough to be the article, goes here in full.</p>\
        <div class=ad-slot>Advertisement</div>\
        <div class=newsletter-signup><p>Get our newsletter every morning in your inbox, free.</p></div>\
        <div class=social-links><a href=/t>Tweet</a></div>\
        <ul class=tag-list><li><a href=/t/a>Energy</a></li><li><a href=/t/b>Climate</a></li></ul>\
        <div id=comments><p>First! Great article, I agree with every word of it.</p></div>\
        <form><p>Leave a reply below.</p></form>\
        <aside><p>Pull quote repeated from the body.</p></aside>\
        <p>The last paragraph of the body, also prose, closes the article.</p>\
        </article></body>";
    // Empty content list: the density score chooses; empty exclude list: only
    // the built-in detection runs.
    let linted = lint_text(page, &[], &[]);
    linted.assert_has(&[
        "Title of the piece",
        "The body paragraph",
        "The last paragraph",
    ]);
    linted.assert_lacks(&[
        "Ann Writer",
        "3 March",
        "Advertisement",
        "newsletter",
        "Tweet",
        "Energy",
        "First!",
        "Leave a reply",
        "Pull quote",
    ]);
}

#[test]
fn a_form_wrapping_the_whole_page_is_not_furniture() {
    // ASP.NET WebForms pages put everything in one <form>.
    let page = "<body><form action=/x><div class=header><a href=/>Site</a></div>\
        <article><h1>Headline here</h1>\
        <p>The article paragraph is inside the page-wide form, as on ASP.NET sites, and is prose.</p>\
        <p>A second paragraph makes it an article rather than a label or a teaser card.</p></article>\
        </form></body>";
    let linted = lint_defaults(page);
    linted.assert_has(&[
        "Headline here",
        "The article paragraph",
        "A second paragraph",
    ]);
}

#[test]
fn user_lists_override_the_defaults() {
    let page = fixture("scope/overrides.html");
    // Defaults: `article` wins.
    let defaults = lint_defaults(&page);
    defaults.assert_has(&["Site-wide announcement"]);
    defaults.assert_lacks(&["The real story"]);
    // A publisher's own content and exclude selectors.
    let content = vec![".newsroom-story".to_owned()];
    let exclude = vec![".editor-note".to_owned()];
    let linted = lint_text(&page, &content, &exclude);
    linted.assert_has(&["The real story", "only this publisher uses"]);
    linted.assert_lacks(&["Site-wide announcement", "Editor's note"]);
    assert!(
        linted
            .reason
            .starts_with("matched content selector `.newsroom-story`"),
        "{}",
        linted.reason
    );
}

#[test]
fn invalid_selectors_are_ignored_not_fatal() {
    let page = fixture("scope/hidden.html");
    let bad = vec![
        "[[[".to_owned(),
        "p:nth-child(".to_owned(),
        "article".to_owned(),
    ];
    let linted = lint_text(&page, &bad, &bad[..2]);
    linted.assert_has(&["The lighthouse reopens"]);
}

#[test]
fn a_page_without_prose_falls_back_to_the_body() {
    let linted = lint_defaults("<body><div><a href=/a>Home</a></div><span>Hi</span></body>");
    assert!(linted.reason.contains("the page body"), "{}", linted.reason);
    linted.assert_has(&["Hi"]);
}

#[test]
fn links_and_spans_inside_a_sentence_are_never_furniture() {
    let page = "<html><body><article>\
        <p>Or, <a class=\"popup share\" href=\"#\">if he wanted anything</a>, it was to be rid of a table \
        that had stood in the office for years and years, and he said so often.</p>\
        <p>A second paragraph holds more of the story, so the article is plainly the article here.</p>\
        <div class=\"share\"><a href=\"#\">Share on Twitter</a></div>\
        </article></body></html>";
    let linted = lint_defaults(page);
    linted.assert_has(&["Or, if he wanted anything, it was to be rid of a table"]);
    linted.assert_lacks(&["Share on Twitter"]);
}
