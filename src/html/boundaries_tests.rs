//! Tests of the token boundaries and of plain markup read without the
//! tokenizer: ranges tile the page, and the tree is the one scraper builds.

use super::*;
use crate::html::outline::{first_difference, outline};

/// The source of every token html5ever emits for `page`.
fn tokens(page: &str) -> Vec<&str> {
    let tokenizer = tokenize(page, 0);
    let ranges = tokenizer.sink.ranges.borrow();
    ranges
        .iter()
        .map(|&(start, end)| &page[start as usize..end as usize])
        .collect()
}

#[test]
fn each_token_ends_where_the_input_queue_starts() {
    // If this fails, html5ever no longer consumes its input queue the way
    // positions rely on: do not loosen the test, fix `consumed`.
    let page = "<!DOCTYPE html><p class=\"a>b\">Hi &copy; b&notit;y<!-- c --></p>\r\nz";
    let seen = tokens(page);
    assert_eq!(seen.concat(), page, "tokens tile the page: {seen:?}");
    for token in [
        "<!DOCTYPE html>",
        "<p class=\"a>b\">",
        "&copy;",
        "&not",
        "<!-- c -->",
        "</p>",
        "\r",
    ] {
        assert!(seen.contains(&token), "{token:?} not in {seen:?}");
    }
    // A `<` that starts no tag is emitted once the next character is
    // read; that character is the next token's.
    assert_eq!(tokens("a < b"), ["a ", "<", " ", "b", ""]);
    assert_eq!(
        tokens("<script type=application/ld+json>x<y</script>"),
        [
            "<script type=application/ld+json>",
            "x",
            "<",
            "y",
            "</script>",
            ""
        ]
    );
}

#[test]
fn script_and_style_bodies_are_skipped_where_the_tokenizer_would_end_them() {
    // (page, the bodies skipped)
    let cases: [(&str, &[&str]); 10] = [
        (
            "<p>a</p><script>if (a<b) x = '<p>';</script><p>b</p>",
            &["if (a<b) x = '<p>';"],
        ),
        ("<style>p{}</STYLE ><p>b", &["p{}"]),
        // Not an end tag: the body goes on.
        ("<script>a</scripts>b</script\t><p>c", &["a</scripts>b"]),
        ("<style>a</style/>b<p>c", &["a"]),
        // JSON-LD is read; SVG's style holds elements; a script with
        // `<!--` may be escaped; no end tag: all parsed as before.
        ("<script type=\" Application/LD+JSON\">{}</script><p>x", &[]),
        ("<svg><style>a<b>c</b></style></svg><p>x", &[]),
        ("<script><!--<script>a</script>b--></script><p>x", &[]),
        ("<script>never ends", &[]),
        // In a table, and in a template.
        ("<table><script>a<b</script><tr><td>x", &["a<b"]),
        ("<template><style>a</style></template><p>x", &["a"]),
    ];
    for (page, skipped) in cases {
        let tokenizer = tokenize(page, 0);
        let ranges = tokenizer.sink.ranges.borrow().clone();
        let seen: Vec<&str> = ranges
            .iter()
            .map(|&(start, end)| &page[start as usize..end as usize])
            .collect();
        assert_eq!(seen.concat(), page, "ranges tile the page: {seen:?}");
        let (dom, _) = tokenizer.sink.builder.sink.finish();
        let plain = Html::parse_document(page);
        let difference = first_difference(&outline(&dom), &outline(&plain));
        assert_eq!(difference, None, "{page}");
        let mut bodies = Vec::new();
        for node in dom.tree.nodes() {
            if let Some(e) = node.value().as_element()
                && matches!(e.name(), "script" | "style")
            {
                let text: String = node
                    .children()
                    .filter_map(|c| c.value().as_text().map(|t| t.to_string()))
                    .collect();
                bodies.push(text);
            }
        }
        for body in skipped {
            assert!(
                seen.contains(body),
                "{body:?} not skipped in {page}: {seen:?}"
            );
            assert!(!bodies.contains(&body.to_string()), "{page}: {bodies:?}");
        }
        let kept = bodies.iter().filter(|b| !b.is_empty()).count();
        assert_eq!(
            kept + skipped.len(),
            bodies.len(),
            "{page}: bodies {bodies:?}"
        );
    }
}

#[test]
fn the_queue_is_measured_without_taking_it_apart() {
    // The front of the queue is a slice of the page buffer, so its
    // address gives the offset. The slow path is for the last few bytes
    // (a short slice is copied inline) and for the character the
    // tokenizer puts back after each reference.
    let page = "<p>some text &copy; more, and a <a href=x>link</a>.</p>\n".repeat(2_000);
    let tokenizer = tokenize(&page, 0);
    let slow = tokenizer.sink.slow_measures.get();
    let tokens = tokenizer.sink.ranges.borrow().len();
    assert!(tokens > 20_000, "{tokens} tokens");
    assert!(
        slow <= 2_000 + 4,
        "{slow} of {tokens} tokens measured the slow way"
    );
}

/// Pieces of markup, plain and otherwise, for random pages.
const PIECES: &[&str] = &[
    "<p>",
    "</p>",
    "<div class=\"a b\">",
    "</div>",
    "<DIV ID=x>",
    "<a href='u' href=v>",
    "</a>",
    "<img src=x alt=\"\">",
    "<br/>",
    "<br />",
    "<input disabled>",
    "<input Disabled />",
    "<p class=\"a\"id=\"b\">",
    "<a b = \"c\" >",
    "text ",
    "caf\u{e9} ",
    "\u{4e2d}\u{6587}",
    "&amp;",
    "&nbsp",
    "&#8217;",
    "a < b",
    "<",
    ">",
    "\r\n",
    "\n",
    "\r",
    "\0",
    " ",
    "<!-- c -->",
    "<!DOCTYPE html>",
    "<table>",
    "<tr>",
    "<td>",
    "</td>",
    "</table>",
    "<caption>",
    "<svg viewBox=\"0 0 1 1\">",
    "<path d=\"M0 0\"/>",
    "</svg>",
    "<math>",
    "<mi>",
    "</math>",
    "<title>t</title>",
    "<textarea>\nx</textarea>",
    "<script>x<p></script>",
    "<style>s</style>",
    "<noscript><p>n</p></noscript>",
    "<pre>\nx</pre>",
    "<b>",
    "</b>",
    "<i>",
    "</i>",
    "<span data-x=1 data-x=2>",
    "</span>",
    "<a href=x&y>",
    "<a href=\"x&amp;y\">",
    "<p/>",
    "</p/>",
    "</p foo>",
    "<p\tclass=x\n>",
    "<a href=>",
    "<a =x>",
    "<a b\"c>",
    "<x-y:z>",
    "<select>",
    "<option>o",
    "</select>",
    "<template>",
    "</template>",
    "<![CDATA[x]]>",
    "<image src=a>",
    "<meta charset=utf-8>",
    "<meta http-equiv=Content-Type content=\"text/html; charset=latin1\">",
    "<head>",
    "<body class=b>",
    "</body>",
    "</html>",
    "<html lang=en>",
    "<li>",
    "<ul>",
    "</ul>",
    "<h1>",
    "</h2>",
    "<form>",
    "</form>",
    "<iframe>i</iframe>",
    "<xmp>a<b</xmp>",
    "<A HREF=X>",
    "<p CLASS=\"Q\">",
    "</P >",
    "<frameset>",
    "<plaintext>",
    "<noembed>",
    "<figure>",
    "<figcaption>",
    "</figure>",
    "<listing>",
    "<button>",
    "<dd>",
    "<nobr>",
];

#[test]
fn plain_markup_builds_the_tree_the_tokenizer_would() {
    // A deterministic xorshift: the same pages on every run.
    let mut state = 0x9E37_79B9_7F4A_7C15_u64;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    let mut plain = 0;
    for _ in 0..3_000 {
        let len = 1 + next() % 40;
        let page: String = (0..len)
            .map(|_| PIECES[next() as usize % PIECES.len()])
            .collect();
        let tokenizer = tokenize(&page, 0);
        plain += tokenizer.sink.plain_read.get();
        let ranges = tokenizer.sink.ranges.borrow().clone();
        let seen: String = ranges
            .iter()
            .map(|&(start, end)| &page[start as usize..end as usize])
            .collect();
        assert_eq!(seen, page, "ranges tile the page");
        let (dom, _) = tokenizer.sink.builder.sink.finish();
        let expected = Html::parse_document(&page);
        let difference = first_difference(&outline(&dom), &outline(&expected));
        assert_eq!(difference, None, "{page:?}");
    }
    assert!(plain > 20_000, "only {plain} tokens read as plain markup");
}

#[test]
fn most_of_a_plain_page_is_read_without_the_tokenizer() {
    let page = "<div class=\"post\"><p>Some text, and a <a href=\"/x\">link</a>.</p>\n\
                <img src=\"a.jpg\" alt=\"A\"></div>\n"
        .repeat(100);
    let tokenizer = tokenize(&page, 0);
    let tokens = tokenizer.sink.ranges.borrow().len();
    let plain = tokenizer.sink.plain_read.get();
    assert!(
        plain + 5 >= tokens,
        "{plain} of {tokens} tokens read as plain"
    );
}
