//! The credit rules on small pages: each place a credit or byline can be
//! found, positive and negative, and the exact position of each finding.

use copydesk::diagnostic::Severity;
use copydesk::document::Document;
use copydesk::rules::{Resources, RuleContext, find_rule};
use copydesk::source::SourceFile;

/// Runs one rule on a page; returns `(line, column, message)` per finding.
fn run_with(rule: &str, page: &str, options: &str) -> Vec<(usize, usize, String)> {
    let source = SourceFile::from_text("t.html", page);
    let doc = Document::parse(&source).expect("page parses");
    let options: toml::Table = toml::from_str(options).expect("options are TOML");
    let resources = Resources::default();
    let ctx = RuleContext {
        severity: Severity::Warning,
        options: &options,
        resources: &resources,
    };
    let mut out = Vec::new();
    find_rule(rule)
        .expect("rule exists")
        .check(&doc, &ctx, &mut out);
    out.iter()
        .map(|d| {
            let lc = source.line_column(d.range.start);
            (lc.line, lc.column, d.message.clone())
        })
        .collect()
}

fn run(rule: &str, page: &str) -> Vec<(usize, usize, String)> {
    run_with(rule, page, "")
}

fn fixture(path: &str) -> String {
    let full = format!("{}/fixtures/{path}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&full).unwrap_or_else(|e| panic!("{full}: {e}"))
}

/// An article wrapper around `body`, with a byline so only images matter.
fn article(body: &str) -> String {
    format!(
        "<html><head><meta property=\"og:type\" content=\"article\">\
         <meta name=\"author\" content=\"Jane Roe\"></head><body><article><h1>T</h1>\n{body}\n</article></body></html>"
    )
}

// --- the seed page -------------------------------------------------------

#[test]
fn seed_page_has_no_byline_and_names_the_bio_author() {
    let page = fixture("seed/article.html");
    let found = run("missing-byline", &page);
    assert_eq!(found.len(), 1, "{found:?}");
    let (line, column, message) = &found[0];
    // The h1 headline start tag.
    assert_eq!((*line, *column), (71, 6));
    assert_eq!(message, "no byline found; an author bio names Jason Rhian");
}

#[test]
fn seed_page_photo_is_credited() {
    let page = fixture("seed/article.html");
    assert_eq!(run("missing-image-credit", &page), vec![]);
    // The logo, the avatar are not content images; the photo has alt.
    assert_eq!(run("missing-alt-text", &page), vec![]);
}

// --- missing-image-credit --------------------------------------------------

#[test]
fn uncredited_figure_is_flagged_at_the_img_start_tag() {
    let page = fixture("credits/uncredited-figure.html");
    assert_eq!(
        run("missing-image-credit", &page),
        vec![
            (5, 3, "image `launch.jpg` has no credit".to_owned()),
            (13, 1, "image `lazy-photo.jpg` has no credit".to_owned()),
        ]
    );
    assert_eq!(
        run("missing-alt-text", &page),
        vec![(13, 1, "image `lazy-photo.jpg` has no alt text".to_owned())]
    );
}

#[test]
fn caption_credit_phrases_count() {
    for caption in [
        "Liftoff. Photo Credit: Sean Costello / SpaceFlight Insider",
        "Liftoff. Photo: NASA",
        "Liftoff. Image: Jane Roe",
        "Liftoff. Credit: Jane Roe",
        "Liftoff. Courtesy of the family",
        "Liftoff. \u{a9} 2018 Jane Roe",
        "Liftoff. (AP Photo/Evan Vucci)",
        "Liftoff in Houston. Jane Roe / Getty Images",
        "Liftoff in Houston. Reuters",
    ] {
        let page = article(&format!(
            "<figure><img src=\"/a/photo.jpg\" alt=\"x\"><figcaption>{caption}</figcaption></figure>"
        ));
        assert_eq!(run("missing-image-credit", &page), vec![], "{caption}");
    }
    // A mention of an agency is not a credit.
    let page = article(
        "<figure><img src=\"/a/photo.jpg\" alt=\"x\"><figcaption>NASA astronaut Serena \
         Aunon-Chancellor waves.</figcaption></figure>",
    );
    assert_eq!(run("missing-image-credit", &page).len(), 1);
}

#[test]
fn credit_element_next_to_the_image_counts() {
    let page = article(
        "<div class=\"photo\"><img src=\"/a/photo.jpg\" alt=\"x\"><span class=\"image-credit\">Jane Roe</span></div>",
    );
    assert_eq!(run("missing-image-credit", &page), vec![]);
    let page = article(
        "<p><img src=\"/a/photo.jpg\" alt=\"x\"></p><p class=\"lede\">Jane Roe went home.</p>",
    );
    assert_eq!(run("missing-image-credit", &page).len(), 1);
}

#[test]
fn credit_attributes_count() {
    let page = article("<img src=\"/a/photo.jpg\" alt=\"x\" data-credit=\"Jane Roe/Reuters\">");
    assert_eq!(run("missing-image-credit", &page), vec![]);
    let page = article("<img src=\"/a/photo.jpg\" alt=\"x\" data-id=\"42\">");
    assert_eq!(
        run("missing-image-credit", &page),
        vec![(2, 1, "image `photo.jpg` has no credit".to_owned())]
    );
}

#[test]
fn microdata_image_object_credit_counts() {
    let page = article(
        "<div itemscope itemtype=\"https://schema.org/ImageObject\"><img src=\"/a/photo.jpg\" alt=\"x\">\
         <meta itemprop=\"creditText\" content=\"Jane Roe\"></div>",
    );
    assert_eq!(run("missing-image-credit", &page), vec![]);
    let page = article(
        "<div itemscope itemtype=\"https://schema.org/ImageObject\"><img src=\"/a/photo.jpg\" alt=\"x\">\
         <meta itemprop=\"description\" content=\"A photo\"></div>",
    );
    assert_eq!(run("missing-image-credit", &page).len(), 1);
}

#[test]
fn json_ld_image_object_credit_counts_for_the_same_file_only() {
    let json = r#"<script type="application/ld+json">{"@context":"https://schema.org","@graph":[
        {"@type":"ImageObject","url":"https://x.test/a/photo.jpg","creditText":"Jane Roe"}]}</script>"#;
    let page = article(&format!("{json}<img src=\"/a/photo.jpg\" alt=\"x\">"));
    assert_eq!(run("missing-image-credit", &page), vec![]);
    let page = article(&format!("{json}<img src=\"/a/other.jpg\" alt=\"x\">"));
    assert_eq!(run("missing-image-credit", &page).len(), 1);
}

#[test]
fn decorative_images_are_exempt() {
    for img in [
        "<img src=\"/a/pixel.gif\" width=\"1\" height=\"1\">",
        "<img src=\"/icons/share.svg\" alt=\"Share\">",
        "<img class=\"avatar\" src=\"/a/jane.jpg\" alt=\"\">",
        "<img src=\"/a/site-logo.png\" alt=\"Logo\">",
        "<img class=\"emoji\" src=\"/a/1f600.png\" alt=\"smile\">",
        "<img src=\"/a/photo.jpg\" alt=\"\" role=\"presentation\">",
    ] {
        let page = article(img);
        assert_eq!(run("missing-image-credit", &page), vec![], "{img}");
    }
    // The size threshold is an option.
    let page = article("<img src=\"/a/photo.jpg\" alt=\"x\" width=\"150\" height=\"150\">");
    assert_eq!(run("missing-image-credit", &page).len(), 1);
    assert_eq!(
        run_with("missing-image-credit", &page, "min_size = 200"),
        vec![]
    );
}

#[test]
fn video_posters_and_picture_elements_are_images() {
    let page = article("<video poster=\"/a/poster.jpg\" src=\"/a/v.mp4\"></video>");
    assert_eq!(
        run("missing-image-credit", &page),
        vec![(2, 1, "image `poster.jpg` has no credit".to_owned())]
    );
    let page =
        article("<picture><source srcset=\"/a/p.webp\"><img src=\"/a/p.jpg\" alt=\"x\"></picture>");
    assert_eq!(
        run("missing-image-credit", &page),
        vec![(2, 37, "image `p.jpg` has no credit".to_owned())]
    );
}

#[test]
fn extra_patterns_from_config_extend_the_built_in_ones() {
    let page = article(
        "<figure><img src=\"/a/photo.jpg\" alt=\"x\"><figcaption>Bildnachweis Jane Roe</figcaption></figure>",
    );
    assert_eq!(run("missing-image-credit", &page).len(), 1);
    assert_eq!(
        run_with(
            "missing-image-credit",
            &page,
            "extra_patterns = [\"Bildnachweis\"]"
        ),
        vec![]
    );
}

// --- missing-byline --------------------------------------------------------

/// An article with `head` markup and a body that has no byline of its own.
fn byline_page(head: &str, body: &str) -> String {
    format!(
        "<html><head><meta property=\"og:type\" content=\"article\">{head}</head>\
         <body><article><h1>Headline</h1>{body}<p>Text.</p></article></body></html>"
    )
}

#[test]
fn every_byline_source_counts() {
    for (head, body) in [
        ("<meta name=\"author\" content=\"Jane Roe\">", ""),
        (
            "<meta property=\"article:author\" content=\"https://facebook.com/jroe\">",
            "",
        ),
        (
            r#"<script type="application/ld+json">{"@type":"NewsArticle","author":{"@type":"Person","name":"Jane Roe"}}</script>"#,
            "",
        ),
        (
            r#"<script type="application/ld+json">{"@graph":[{"@type":"BlogPosting","author":{"@id":"_:jr"}},{"@type":"Person","@id":"_:jr","name":"Jane Roe"}]}</script>"#,
            "",
        ),
        (
            r#"<script type="application/ld+json">[{"@type":["ReportageNewsArticle"],"author":[{"@type":"Organization","name":"Staff"}]}]</script>"#,
            "",
        ),
        ("", "<a rel=\"author\" href=\"/jr\">Jane Roe</a>"),
        (
            "",
            "<span itemprop=\"author\" itemscope><span itemprop=\"name\">Jane Roe</span></span>",
        ),
        ("", "<div class=\"byline\">By Jane Roe</div>"),
        ("", "<span class=\"entry-author\">Jane Roe</span>"),
        ("", "<p>By Jane Roe | June 3</p>"),
    ] {
        let page = byline_page(head, body);
        assert_eq!(run("missing-byline", &page), vec![], "{head}{body}");
    }
}

#[test]
fn names_in_comments_forms_and_bios_are_not_bylines() {
    let page = byline_page(
        "",
        "<div class=\"comments\"><span class=\"comment-author\">Troll</span></div>\
         <form><p class=\"comment-form-author\"><input name=\"author\"></p></form>\
         <p>by the way, this is not a byline</p>",
    );
    assert_eq!(
        run("missing-byline", &page),
        vec![(1, 78, "no byline found".to_owned())]
    );
}

#[test]
fn pages_that_are_not_articles_are_not_checked() {
    let page = fixture("credits/no-byline-index.html");
    assert_eq!(run("missing-byline", &page), vec![]);
}

#[test]
fn describe_lists_bylines_and_credits() {
    let page = fixture("seed/article.html");
    let source = SourceFile::from_text("t.html", page);
    let doc = Document::parse(&source).expect("parses");
    let text = copydesk::metadata::describe(&doc);
    assert!(text.contains("article: yes (og:type=article)"), "{text}");
    assert!(text.contains("byline: none found"), "{text}");
    assert!(text.contains("bio: Jason Rhian"), "{text}");
    assert!(text.contains("soyuz-ms-09-launch.jpg at 79:"), "{text}");
    assert!(
        text.contains("credit \"Photo Credit: Sean Costello / SpaceFlight Insider\""),
        "{text}"
    );
}

// --- caption-credit-format -------------------------------------------------

#[test]
fn caption_credit_format_flags_credits_off_the_house_pattern() {
    assert!(
        !find_rule("caption-credit-format")
            .expect("exists")
            .meta()
            .enabled_by_default
    );
    let page = article(
        "<figure><img src=\"/a/a.jpg\" alt=\"x\"><figcaption>Liftoff. Photo: Sean Costello</figcaption></figure>\n\
         <figure><img src=\"/a/b.jpg\" alt=\"x\"><figcaption>Crew. Photo Credit: Sean Costello / SpaceFlight Insider</figcaption></figure>",
    );
    let found = run_with(
        "caption-credit-format",
        &page,
        "pattern = \"Photo Credit: {name} / {outlet}\"",
    );
    assert_eq!(
        found,
        vec![(
            2,
            58,
            "credit `Photo: Sean Costello` does not follow the house pattern `Photo Credit: {name} / {outlet}`"
                .to_owned()
        )]
    );
    // The seed's credit follows the default pattern.
    assert_eq!(
        run("caption-credit-format", &fixture("seed/article.html")),
        vec![]
    );
}
