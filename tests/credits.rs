//! The credit rules on small pages: each place a credit or byline can be
//! found, positive and negative, and the exact position of each finding.

use copydesk::attribution::CreditPatterns;
use copydesk::diagnostic::Severity;
use copydesk::document::Document;
use copydesk::facts::PageFacts;
use copydesk::rules::{Resources, RuleContext, find_rule};
use copydesk::source::SourceFile;

/// Runs one rule on a page; returns `(line, column, message)` per finding.
fn run_with(rule: &str, page: &str, options: &str) -> Vec<(usize, usize, String)> {
    let source = SourceFile::from_text("t.html", page);
    let doc = Document::parse(&source).expect("page parses");
    let options: toml::Table = toml::from_str(options).expect("options are TOML");
    let resources = Resources::default();
    // The options given are also taken for `missing-image-credit`'s, whose
    // `extra-*` lists extend the run's credit patterns.
    let patterns = CreditPatterns::with_extras(&copydesk::lint::credit_extras(&options));
    let facts = PageFacts::new(&doc, &resources.glossary).with_credit_patterns(&patterns);
    let rule = find_rule(rule).expect("rule exists");
    let options = rule.meta().options.parse(&options).expect("valid options");
    let ctx = RuleContext {
        severity: Severity::Warning,
        options: &options,
        resources: &resources,
        facts: &facts,
    };
    let mut out = Vec::new();
    rule.check(&doc, &ctx, &mut out);
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
        run_with("missing-image-credit", &page, "min-size = 200"),
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
            "extra-patterns = [\"Bildnachweis\"]"
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
    let text = copydesk::attribution::describe(&doc, CreditPatterns::builtin());
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

// --- bylines on the whole page, whatever the article scope -----------------

/// The byline copydesk shows for `page` when `.byline` boxes are excluded
/// from the article scope, as the built-in configuration does.
fn best_byline_with_bylines_excluded(page: &str) -> Option<String> {
    let source = SourceFile::from_text("t.html", page);
    let doc = Document::parse_scoped(&source, &[], &[".byline".to_owned()]).expect("parses");
    copydesk::attribution::page_metadata(&doc)
        .best_byline()
        .map(|b| b.name.clone())
}

#[test]
fn a_by_line_in_a_box_excluded_from_the_scope_is_still_a_byline() {
    let page = fixture("credits/byline-box-outside-scope.html");
    assert_eq!(
        best_byline_with_bylines_excluded(&page).as_deref(),
        Some("Nathan Willis")
    );
    assert_eq!(run("missing-byline", &page), vec![]);
}

#[test]
fn layout_classes_on_the_headline_containers_do_not_hide_the_author() {
    // `sidebar-primary` on body names the layout, not a sidebar.
    let page = "<html><head><meta property=\"og:type\" content=\"article\"></head>\
        <body class=\"single sidebar-primary\"><article><div class=\"article__header\">\
        <h1>Getting lean</h1><div class=\"article__author\">By\n Scott Cunningham </div></div>\
        <p>Text of the story.</p></article></body></html>";
    assert_eq!(
        best_byline_with_bylines_excluded(page).as_deref(),
        Some("Scott Cunningham")
    );
    // A real sidebar's author line is not the article's.
    let page = "<html><head><meta property=\"og:type\" content=\"article\"></head>\
        <body><article><h1>Getting lean</h1><p>Text of the story.</p></article>\
        <div class=\"sidebar\"><span class=\"author\">Someone Else</span></div></body></html>";
    assert_eq!(best_byline_with_bylines_excluded(page), None);
}

#[test]
fn dates_next_to_the_name_are_not_part_of_it() {
    for (body, expected) in [
        (
            "<cite class=\"byline vcard\"><span>By </span><span class=\"fn\">GILLIAN MOHNEY</span>\
             <abbr>March 11, 2015 3:46 PM</abbr></cite>",
            Some("GILLIAN MOHNEY"),
        ),
        ("<p>By Jane Roe March 11, 2015</p>", Some("Jane Roe")),
        (
            "<div class=\"author-details\"><div><em>Last Updated:</em> January 7, 2025</div></div>",
            None,
        ),
        (
            "<span class=\"post-author\">rmb8090</span>",
            Some("rmb8090"),
        ),
        ("<p>Posted on March 30, 2015 by Admin</p>", Some("Admin")),
        (
            "<p>2/26/2015 7:11 AM PST BY TMZ STAFF</p>",
            Some("TMZ STAFF"),
        ),
        (
            "<ul><li>by \u{30e9}\u{30a4}\u{30c8}\u{30cf}\u{30a6}\u{30b9} \u{ff0f} 2016.12.01</li></ul>",
            Some("\u{30e9}\u{30a4}\u{30c8}\u{30cf}\u{30a6}\u{30b9}"),
        ),
        // A sentence with "by" in it is no byline.
        ("<p>The man was stabbed by Someone Unknown.</p>", None),
    ] {
        let page = byline_page("", body);
        let source = SourceFile::from_text("t.html", &page);
        let doc = Document::parse(&source).expect("parses");
        let found = copydesk::attribution::page_metadata(&doc)
            .best_byline()
            .map(|b| b.name.clone());
        assert_eq!(found.as_deref(), expected, "{body}");
    }
}

// --- which images are the article's photos -----------------------------------

#[test]
fn lazy_loading_placeholders_are_not_the_picture() {
    // The real picture is in a lazy attribute: it is checked, by its name.
    for img in [
        "<img src=\"/theme/images/lazyload-placeholder.png\" data-lazy-src=\"/a/real.jpg\" alt=\"x\">",
        "<img src=\"/v9/images/1x1-white.jpg\" data-original=\"/a/real.jpg\" alt=\"x\">",
        "<img src=\"/graphics/sr-loader.png\" data-srcset=\"/a/real.jpg 400w, /a/real-2x.jpg 800w\" alt=\"x\">",
        "<img src=\"data:image/gif;base64,R0lGOD\" data-srcset=\"https://cdn.test/upload/c_fill,w_80/real.jpg 80w\" alt=\"x\">",
    ] {
        assert_eq!(
            run("missing-image-credit", &article(img)),
            vec![(2, 1, "image `real.jpg` has no credit".to_owned())],
            "{img}"
        );
    }
    // Only a placeholder: nothing to credit.
    let page = article("<img src=\"/a/blank.gif\" width=\"800\" height=\"600\">");
    assert_eq!(run("missing-image-credit", &page), vec![]);
    // A photo whose name merely contains such a word is a photo.
    let page =
        article("<img src=\"/a/lazy-sunday.jpg\" alt=\"x\"><img src=\"/a/275221.jpg\" alt=\"y\">");
    assert_eq!(run("missing-image-credit", &page).len(), 2);
}

#[test]
fn inline_style_sizes_count_and_the_minimum_is_inclusive() {
    let page = article("<img src=\"/a/photo.jpg\" alt=\"x\" style=\"width: 80px; height: 80px\">");
    assert_eq!(run("missing-image-credit", &page), vec![]);
    let page = article("<img src=\"/a/photo.jpg\" alt=\"x\" width=\"100\" height=\"100\">");
    assert_eq!(run("missing-image-credit", &page), vec![]);
    let page = article("<img src=\"/a/photo.jpg\" alt=\"x\" style=\"width: 640px\">");
    assert_eq!(run("missing-image-credit", &page).len(), 1);
}

#[test]
fn images_linking_to_other_pages_are_teasers_not_photos() {
    let teaser = "<a href=\"/2019/11/another-story\"><img src=\"/a/teaser.jpg\"></a>";
    let page = article(teaser);
    assert_eq!(run("missing-image-credit", &page), vec![]);
    // Its alt text still matters: it is the link's only name.
    assert_eq!(
        run("missing-alt-text", &page),
        vec![(2, 34, "image `teaser.jpg` has no alt text".to_owned())]
    );
    // Links that open the picture itself keep it a photo.
    for link in [
        "/uploads/photo-full.jpg",
        "#lightbox",
        "/album/photo/470389413",
        "/?attachment_id=12",
    ] {
        let page = article(&format!(
            "<a href=\"{link}\"><img src=\"/a/photo.jpg\" alt=\"x\"></a>"
        ));
        assert_eq!(run("missing-image-credit", &page).len(), 1, "{link}");
    }
    // So does a link to the article itself (a featured image).
    let page = "<html><head><link rel=\"canonical\" href=\"https://x.test/2019/story/\">\
        <meta name=\"author\" content=\"Jane Roe\"></head><body><article><h1>T</h1>\
        <a href=\"http://www.x.test/2019/story\"><img src=\"/a/photo.jpg\" alt=\"x\"></a>\
        <p>Text.</p></article></body></html>";
    assert_eq!(run("missing-image-credit", page).len(), 1);
}

// --- where credits stand -----------------------------------------------------

#[test]
fn credits_in_the_styles_of_real_newsrooms_count() {
    for figure in [
        // Guardian
        "<figure><img src=\"/a/p.jpg\" alt=\"x\"><figcaption>Crowds in Houston. \
         Photograph: Jane Roe/Reuters</figcaption></figure>",
        // USA Today
        "<figure><img src=\"/a/p.jpg\" alt=\"x\"><figcaption>Crowds. (Photo: Jane Roe, USA TODAY)</figcaption></figure>",
        // Vox: the credit in a `cite` of the figure
        "<figure><span><img src=\"/a/p.jpg\" alt=\"x\"></span><span class=\"meta\">\
         <figcaption>Smog in Delhi.</figcaption><cite>Jane Roe/Hindustan Times</cite></span></figure>",
        // A credit span inside the caption
        "<figure><img src=\"/a/p.jpg\" alt=\"x\"><figcaption>Smog. <span class=\"credit\">Jane Roe</span></figcaption></figure>",
        // NYT: a bare label before the name
        "<figure><img src=\"/a/p.jpg\" alt=\"x\"><figcaption><span>Smog.</span>\
         <span><span>Credit</span>Jane Roe for The New York Times</span></figcaption></figure>",
        // Fox: the caption block next to the picture's wrapper
        "<div class=\"image-ct\"><div class=\"m\"><picture><img src=\"/a/p.jpg\" alt=\"x\"></picture></div>\
         <div class=\"caption\"><p>Smog. (Photo by Jane Roe/Getty Images)</p></div></div>",
        // Space.com: a plain span in the caption wrapper
        "<p><span class=\"wf_caption\"><a href=\"/a/p-big.jpg\"><img src=\"/a/p.jpg\" alt=\"x\"></a>\
         <span>The first map of Titan. (<a href=\"/x\">NASA/JPL-Caltech/ASU</a>)</span></span></p>",
        // Seattle Times, Engadget, "via", a source site, an agency in capitals
        "<figure><img src=\"/a/p.jpg\" alt=\"x\"><figcaption>Halibut on sale. (Ellen M. Banner / The Seattle Times)</figcaption></figure>",
        "<figure><img src=\"/a/p.jpg\" alt=\"x\"><figcaption><span>Devindra Hardawar/AOL</span></figcaption></figure>",
        "<p><img src=\"/a/p.jpg\" alt=\"x\"></p><center><em>The new keyboard via <a href=\"/x\">iFixit</a></em></center>",
        "<figure><img src=\"/a/p.jpg\" alt=\"x\"><figcaption>The campaign. (onmeth.com)</figcaption></figure>",
        "<div><a href=\"/gallery/1\"><img src=\"/a/p.jpg\" alt=\"x\"></a></div><span class=\"caption\">Jane Roe, ASSOCIATED PRESS</span>",
        // Daring Fireball
        "<p><img src=\"/a/p.jpg\" alt=\"x\"><br><em>Portrait by Jane Roe</em></p>",
        // In attributes: a data-caption or alt carrying the credit
        "<img src=\"/a/p.jpg\" alt=\"Representative image. (AFP file photo)\">",
        "<img src=\"/a/p.jpg\" alt=\"x\" data-caption=\"Halibut. (Ellen M. Banner / The Seattle Times)\">",
        // Wikipedia: the File: page credits the picture
        "<a href=\"/wiki/File:Map.png\" class=\"image\"><img src=\"/a/220px-Map.png\" alt=\"x\"></a>",
        // A long caption ends with its credit
        &format!(
            "<figure><img src=\"/a/p.jpg\" alt=\"x\"><figcaption>{} Credit: ESA</figcaption></figure>",
            "Functional areas of the module. ".repeat(30)
        ),
    ] {
        let page = article(figure);
        assert_eq!(run("missing-image-credit", &page), vec![], "{figure}");
    }
}

#[test]
fn sentences_that_look_like_credits_are_not() {
    for figure in [
        "<figure><img src=\"/a/p.jpg\" alt=\"x\"><figcaption>We drove there via the old \
         highway to the new stadium and back again.</figcaption></figure>",
        "<figure><img src=\"/a/p.jpg\" alt=\"x\"><figcaption>Speed limits (km/h)</figcaption></figure>",
        "<figure><img src=\"/a/p.jpg\" alt=\"x\"><figcaption>Before/After</figcaption></figure>",
        "<figure><img src=\"/a/p.jpg\" alt=\"x\"><figcaption>Light a Wish by OGE Group</figcaption></figure>",
        // Another image's caption is not this one's.
        "<div><img src=\"/a/p.jpg\" alt=\"x\"></div><figure><img src=\"/a/q.jpg\" alt=\"y\">\
         <figcaption>Photo: Jane Roe</figcaption></figure>",
    ] {
        let page = article(figure);
        assert_eq!(
            run("missing-image-credit", &page)
                .first()
                .map(|f| f.2.as_str()),
            Some("image `p.jpg` has no credit"),
            "{figure}"
        );
    }
}

#[test]
fn an_aria_label_names_an_image_as_alt_does() {
    let page = article("<img src=\"/a/photo.jpg\" aria-label=\"Traders on the floor\">");
    assert_eq!(run("missing-alt-text", &page), vec![]);
    let page = article("<img src=\"/a/photo.jpg\" title=\"Traders\">");
    assert_eq!(run("missing-alt-text", &page).len(), 1);
}

#[test]
fn blog_signatures_social_postings_and_article_wrappers_name_the_author() {
    // "Posted by NAME" under a blog post, however long the post.
    let long = "<p>Paragraph of the post.</p>".repeat(12);
    let page = byline_page("", &format!("{long}<p>Posted by Alon Zakai.</p>"));
    assert_eq!(run("missing-byline", &page), vec![]);
    // A bare "By" far from the headline is a quote's or a teaser's.
    let page = byline_page("", &format!("{long}<p>By Someone Quoted</p>"));
    assert_eq!(run("missing-byline", &page).len(), 1);
    // Tumblr: a SocialMediaPosting is an article with an author.
    let page = "<html><head><script type=\"application/ld+json\">{\"@type\":\"SocialMediaPosting\",\
        \"author\":\"mcupdate\"}</script></head><body><h1>Update</h1><p>Text.</p></body></html>";
    let source = SourceFile::from_text("t.html", page);
    let doc = Document::parse(&source).expect("parses");
    let meta = copydesk::attribution::page_metadata(&doc);
    assert_eq!(
        meta.best_byline().map(|b| b.name.as_str()),
        Some("mcupdate")
    );
    // Blogger wraps the post in `div.widget.Blog`: the article's container
    // is not furniture, so its author markup counts.
    let page = "<html><head><meta property=\"og:type\" content=\"article\"></head><body>\
        <h1>My blog</h1><div class=\"widget Blog\"><div class=\"post\"><h3>Post title</h3>\
        <div class=\"post-body\"><p>A post long enough to be the article, with several sentences \
        of running text so that it is chosen as the scope of the page, which it is.</p>\
        <p>More running text of the post, to make the article body clearly the densest part.</p></div>\
        <div class=\"post-footer\"><span class=\"post-author vcard\">\
        <span class=\"fn\" itemprop=\"author\"><span itemprop=\"name\">Andrew Zonenberg</span></span>\
        </span></div></div></div></body></html>";
    assert_eq!(run("missing-byline", page), vec![]);
}
