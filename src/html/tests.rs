//! Positions on small pages, one per pitfall of the parser: every character
//! of every text node must slice back to source that decodes to it, and every
//! start tag must slice back to exactly that tag.

use super::*;

/// Whether the source `raw` decodes to the text character `ch`.
fn decodes_to(raw: &str, ch: char) -> bool {
    raw.chars().eq([ch])
        || (ch == '\n' && (raw == "\r\n" || raw == "\r"))
        || (ch == '\u{FFFD}' && raw == "\0")
        || entities::decode_at(raw.as_bytes())
            .is_some_and(|(c, n, len)| len == raw.len() && c[..n].contains(&ch))
}

/// Parses `page` and checks every character of every text node that is
/// linted; returns the parse for further checks.
fn assert_all_text_located(page: &str) -> ParsedHtml {
    let parsed = ParsedHtml::parse(page).expect("parses");
    assert_eq!(parsed.approximate_text_bytes, 0, "approximate in {page:?}");
    for node in parsed.dom.tree.nodes() {
        let Node::Text(text) = node.value() else {
            continue;
        };
        let raw_text = node
            .parent()
            .and_then(|p| p.value().as_element().map(|e| e.name().to_owned()))
            .is_some_and(|n| {
                matches!(
                    n.as_str(),
                    "script" | "style" | "noscript" | "iframe" | "noembed" | "noframes"
                )
            });
        if raw_text {
            continue;
        }
        let map = parsed
            .text_map(node.id())
            .unwrap_or_else(|| panic!("no map for {:?} in {page:?}", &*text.text));
        for (offset, ch) in text.text.char_indices() {
            let range = map
                .char_range(offset, ch.len_utf8())
                .unwrap_or_else(|| panic!("no range for {ch:?} at {offset} in {:?}", &*text.text));
            let raw = &page[range.start..range.end];
            assert!(
                decodes_to(raw, ch),
                "{ch:?} at {offset} of {:?} mapped to {raw:?} in {page:?}",
                &*text.text
            );
        }
    }
    parsed
}

/// Every element's name and the source of its start tag, in tree order.
fn start_tags<'a>(parsed: &ParsedHtml, page: &'a str) -> Vec<(String, Option<&'a str>)> {
    parsed
        .dom
        .tree
        .nodes()
        .filter_map(|node| {
            let element = node.value().as_element()?;
            let range = parsed.start_tag(node.id());
            Some((
                element.name().to_owned(),
                range.map(|r| &page[r.start..r.end]),
            ))
        })
        .collect()
}

/// The text of every text node, in tree order.
fn texts(parsed: &ParsedHtml) -> Vec<String> {
    parsed
        .dom
        .tree
        .nodes()
        .filter_map(|n| n.value().as_text().map(|t| t.text.to_string()))
        .collect()
}

#[test]
fn text_positions_are_exact() {
    assert_all_text_located("<p>Hello &amp; good&#8217;bye &copy2018 caf\u{e9} \u{1F600}</p>");
    assert_all_text_located("<html><body>\r\n<p>line one\r\nline two\rthree</p></body></html>");
    assert_all_text_located("<table><tr>stray text<td>cell &lt;1&gt;</td></tr></table>");
    assert_all_text_located("<p>a<!-- comment -->b</p><pre>\nkept</pre><p>x < y &amp z</p>");
    assert_all_text_located("<b><i>bold</b>italic</i> after</p></div>");
}

#[test]
fn character_references_map_to_their_source() {
    let page = "<p>&nbsp;a&notit; &NotEqualTilde; &#x2019;&#X2019;&#150;&#0;&#; &#x; &; &amp</p>";
    let parsed = assert_all_text_located(page);
    assert!(texts(&parsed).iter().any(|t| t.contains("\u{ac}it;")));
    // At the very end of the page, and in a title (raw text with references).
    assert_all_text_located("<title>Tom &amp; Jerry</title><p>end &amp");
    assert_all_text_located("<p>end &notin");
}

#[test]
fn text_merged_across_an_ignored_tag_keeps_both_pieces() {
    let page = "<p>before</span>after</a> more</p></body> trailing </html> tail";
    let parsed = assert_all_text_located(page);
    assert!(texts(&parsed).contains(&"beforeafter more".to_string()));
}

#[test]
fn foster_parented_table_text_is_located() {
    let page = "<table> lost <b>bold</b> text<tr><td>cell</td> row text </tr></table>";
    let parsed = assert_all_text_located(page);
    let all = texts(&parsed).join("|");
    assert!(all.contains("lost") && all.contains("row text"), "{all}");
}

#[test]
fn dropped_characters_are_skipped() {
    // NUL is dropped in body text; the newline after <pre>, <textarea> and
    // <listing> is dropped, also as CRLF.
    assert_all_text_located("<p>a\0b</p><pre>\r\nkept</pre><textarea>\nt</textarea>");
    assert_all_text_located("<listing>\nl</listing><pre>\n\nsecond line</pre>");
    assert_all_text_located("<svg><text>a\0b</text></svg>");
}

#[test]
fn markup_the_tokenizer_reads_in_odd_ways_is_located() {
    // `<` read as text, then reconsumed as a tag; `</>` dropped silently;
    // a `<` that starts no tag; references right after it.
    let page = "<p>a <<b>bold</b> c</> d < e <&amp; f <\u{e9}</p>";
    let parsed = assert_all_text_located(page);
    assert!(start_tags(&parsed, page).contains(&("b".into(), Some("<b>"))));
}

#[test]
fn a_leading_byte_order_mark_is_stripped_and_a_later_one_kept() {
    let page = "\u{FEFF}<p>x</p><script>s()</script>\u{FEFF}y";
    let parsed = assert_all_text_located(page);
    assert!(start_tags(&parsed, page).contains(&("p".into(), Some("<p>"))));
    assert!(texts(&parsed).contains(&"\u{FEFF}y".to_string()));
}

#[test]
fn start_tags_are_found_and_synthetic_elements_have_none() {
    let page = "<p class=\"a>b\" title='<p'>x</p><table><tr><td>c</td></tr></table>\
                <DIV ID=u>up</DIV><svg><foreignObject>f</foreignObject></svg><image src=i>\
                <b>1<p>2</b>3</p></p>";
    let parsed = assert_all_text_located(page);
    let seen = start_tags(&parsed, page);
    for expected in [
        ("p", Some("<p class=\"a>b\" title='<p'>")),
        ("td", Some("<td>")),
        ("tbody", None),
        ("body", None),
        ("html", None),
        ("head", None),
        ("div", Some("<DIV ID=u>")),
        ("foreignObject", Some("<foreignObject>")),
        ("img", Some("<image src=i>")),
        ("b", Some("<b>")),
    ] {
        let expected = (expected.0.to_string(), expected.1);
        assert!(seen.contains(&expected), "{expected:?} not in {seen:?}");
    }
    // The `b` reopened inside the second `p`, and the `p` that `</p>` implies.
    let bs: Vec<_> = seen.iter().filter(|(n, _)| n == "b").collect();
    assert_eq!(bs.len(), 2, "{seen:?}");
    assert!(bs.contains(&&("b".to_string(), None)));
    assert!(seen.contains(&("p".into(), None)));
}

#[test]
fn every_element_knows_its_depth() {
    let parsed = ParsedHtml::parse("<div><p><b>x</b></p></div><template><i>t</i></template>")
        .expect("parses");
    let depth_of = |name: &str| {
        parsed.dom.tree.nodes().find_map(|n| {
            let element = n.value().as_element()?;
            (element.name() == name).then(|| parsed.depth(n.id()))?
        })
    };
    assert_eq!(depth_of("html"), Some(1));
    assert_eq!(depth_of("div"), Some(3));
    assert_eq!(depth_of("b"), Some(5));
    // Inside a template's contents: one below the (document fragment) contents.
    assert_eq!(depth_of("template"), Some(3));
    assert_eq!(depth_of("i"), Some(5));
}

#[test]
fn pages_nested_too_deep_are_refused_whatever_the_markup() {
    let limit = Some(ParseError::TooDeep(MAX_DEPTH + 1));
    let nested = format!("{}x{}", "<div>".repeat(100_000), "</div>".repeat(100_000));
    assert_eq!(ParsedHtml::parse(&nested).err(), limit);
    // `/>` does not close an HTML element: these nest too.
    let slashed = format!("<p>x</p>{}", "<div/>".repeat(100_000));
    assert_eq!(ParsedHtml::parse(&slashed).err(), limit);
    // Formatting elements, reopened around text.
    let formatting = format!("{}x", "<b><i>".repeat(50_000));
    assert_eq!(ParsedHtml::parse(&formatting).err(), limit);
    // Tables in cells.
    let tables = "<table><tr><td>".repeat(5_000);
    assert!(ParsedHtml::parse(&tables).is_err());
    // Deep, but within the limit; and elements that close their sibling.
    let within = format!("{}x", "<div>".repeat(MAX_DEPTH - 3));
    assert!(ParsedHtml::parse(&within).is_ok());
    let paragraphs = format!("{}x", "<p>".repeat(100_000));
    assert!(ParsedHtml::parse(&paragraphs).is_ok());
}

#[test]
fn class_words_one_by_one_match_the_collected_list() {
    let page = ParsedHtml::parse(
        "<div class=\"post-Comments captionFull\" id=\"ÉtéBox_x\"></div>\
         <div class=\"field--name-field-highlights\" id=main></div><div></div>",
    )
    .expect("parses");
    let mut checked = 0;
    for element in page.dom.tree.nodes().filter_map(|n| n.value().as_element()) {
        let mut one_by_one = Vec::new();
        for_each_class_word(element, |w| one_by_one.push(w.to_owned()));
        assert_eq!(one_by_one, class_words(element));
        checked += usize::from(!one_by_one.is_empty());
    }
    assert_eq!(checked, 2);
}

/// A run of comments is one comment node, which still splits the text
/// around it as the comments did; text in tables, where the tree builder
/// moves comments and text about, is still located.
#[test]
fn a_run_of_comments_is_one_node_that_still_splits_text() {
    let page = format!(
        "<p>before{}after<!-- one -->end</p><table><!-- t --><tr><td>cell<!-- c --></td></tr></table>",
        "<!-- x --!>".repeat(10_000)
    );
    let parsed = assert_all_text_located(&page);
    let comments = parsed
        .dom
        .tree
        .nodes()
        .filter(|n| n.parent().is_some() && n.value().is_comment())
        .count();
    assert_eq!(comments, 4, "one node per run of comments");
    assert!(parsed.dom.tree.nodes().count() < 40, "no node per comment");
    let all = texts(&parsed);
    for piece in ["before", "after", "end", "cell"] {
        assert!(all.contains(&piece.to_string()), "{piece}: {all:?}");
    }
}
