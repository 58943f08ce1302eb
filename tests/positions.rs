//! Property tests of source positions: random pages built from random blocks
//! (entities, multi-byte text, inline markup, comments, CRLF, minified or
//! indented), and every character of every block maps back to source bytes
//! that decode to exactly that character. Then random tag soup, built from
//! the pieces the parser treats oddly, where every character of every text
//! node must do the same.

use copydesk::document::Document;
use copydesk::html::ParsedHtml;
use copydesk::html::entities::decode_at;
use copydesk::source::SourceFile;
use proptest::prelude::*;

/// A piece of inline content: its markup and the text it decodes to.
fn inline_piece() -> impl Strategy<Value = (String, String)> {
    prop_oneof![
        4 => prop::sample::select(vec![
            "launch", "Soyuz", "café", "naïve", "東京", "😀", "Roscosmos", "the", "Ovchinin", "ISS",
        ])
        .prop_map(|w| (w.to_string(), w.to_string())),
        1 => prop::sample::select(vec![
            ("&amp;", "&"),
            ("&#8217;", "\u{2019}"),
            ("&#x2019;", "\u{2019}"),
            ("&eacute;", "é"),
            ("&lt;", "<"),
            ("&quot;", "\""),
            ("&copy", "©"),
            ("&#150;", "\u{2013}"),
        ])
        .prop_map(|(raw, text)| (raw.to_string(), text.to_string())),
        1 => prop::sample::select(vec!["em", "strong", "a", "span", "b"])
            .prop_map(|tag| (format!("<{tag} class=\"x\">word</{tag}>"), "word".to_string())),
        1 => Just(("<!-- note -->".to_string(), String::new())),
    ]
}

fn separator() -> impl Strategy<Value = String> {
    prop::sample::select(vec![" ", "  ", "\n", "\r\n", "\t ", " <br> "]).prop_map(str::to_string)
}

/// One block element holding random inline content.
fn block() -> impl Strategy<Value = String> {
    let content = prop::collection::vec((inline_piece(), separator()), 1..12).prop_map(|pieces| {
        pieces
            .into_iter()
            .map(|((raw, _), sep)| format!("{raw}{sep}"))
            .collect::<String>()
    });
    (
        prop::sample::select(vec![
            "p",
            "li",
            "h2",
            "figcaption",
            "td",
            "blockquote",
            "div",
        ]),
        content,
    )
        .prop_map(|(tag, content)| match tag {
            "li" => format!("<ul><li>{content}</li></ul>"),
            "figcaption" => {
                format!("<figure><img src=a.jpg><figcaption>{content}</figcaption></figure>")
            }
            "td" => format!("<table><tr><td>{content}</td></tr></table>"),
            other => format!("<{other}>{content}</{other}>"),
        })
}

fn page() -> impl Strategy<Value = String> {
    (prop::collection::vec(block(), 1..8), prop::bool::ANY).prop_map(|(blocks, minified)| {
        let joiner = if minified { "" } else { "\n  " };
        format!(
            "<!doctype html><html lang=en><head><title>t</title></head><body>{joiner}{}{joiner}</body></html>",
            blocks.join(joiner)
        )
    })
}

/// Decodes the few entities the generator writes.
fn decode(raw: &str) -> Option<char> {
    let text = match raw {
        "&amp;" => "&",
        "&#8217;" | "&#x2019;" => "\u{2019}",
        "&eacute;" => "é",
        "&lt;" => "<",
        "&quot;" => "\"",
        "&copy" => "©",
        "&#150;" => "\u{2013}",
        other => {
            if let Some(number) = other.strip_prefix("&#").and_then(|n| n.strip_suffix(';')) {
                let code = match number.strip_prefix(['x', 'X']) {
                    Some(hex) => u32::from_str_radix(hex, 16).ok()?,
                    None => number.parse().ok()?,
                };
                return char::from_u32(code);
            }
            other
        }
    };
    let mut chars = text.chars();
    let first = chars.next()?;
    chars.next().is_none().then_some(first)
}

/// Every character of every block slices back to source that decodes to it.
fn assert_blocks_located(source: &SourceFile, stored_char: impl Fn(usize, usize) -> String) {
    let doc = Document::parse(source).expect("parses");
    for block in &doc.blocks {
        for (offset, ch) in block.text.char_indices() {
            let range = block.source_range(offset, offset + ch.len_utf8());
            let raw = stored_char(range.start, range.end);
            if ch == ' ' {
                let is_space = raw.chars().all(char::is_whitespace) && !raw.is_empty();
                assert!(
                    is_space || raw.starts_with("<br"),
                    "space mapped to {raw:?} in {:?}",
                    block.text
                );
            } else {
                assert_eq!(
                    decode(&raw),
                    Some(ch),
                    "{ch:?} at {offset} of {:?} mapped to {raw:?}",
                    block.text
                );
            }
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, .. ProptestConfig::default() })]

    #[test]
    fn utf8_pages_map_every_character_back(page in page()) {
        let source = SourceFile::from_text("p.html", page.clone());
        assert_blocks_located(&source, |s, e| page[s..e].to_string());
    }

    #[test]
    fn windows_1252_pages_map_every_character_to_stored_bytes(page in page()) {
        // Characters windows-1252 cannot store become entities, as a CMS would write them.
        let page = page
            .replace("東京", "&#26481;&#20140;")
            .replace('😀', "&#128512;")
            .replace("<html lang=en>", "<html lang=en><meta charset=windows-1252>");
        let (bytes, _, unmappable) = encoding_rs::WINDOWS_1252.encode(&page);
        prop_assume!(!unmappable);
        let bytes = bytes.into_owned();
        let source = SourceFile::from_bytes("p.html".into(), bytes.clone()).unwrap();
        assert_eq!(source.encoding, encoding_rs::WINDOWS_1252);
        assert_blocks_located(&source, |s, e| {
            let (s, e) = source.stored_range(copydesk::source::TextRange::new(s, e));
            let (text, _) = encoding_rs::WINDOWS_1252.decode_without_bom_handling(&bytes[s..e]);
            text.into_owned()
        });
    }
}

/// Pieces the HTML parser treats in odd ways: stray and misnested tags,
/// tables (text foster-parented out of them), references with and without
/// `;`, CR, NUL, `</>`, comments closed oddly, raw text, foreign content.
fn soup_piece() -> impl Strategy<Value = &'static str> {
    prop::sample::select(vec![
        "word",
        "caf\u{e9}",
        "\u{6771}",
        " ",
        "  ",
        "\n",
        "\r",
        "\r\n",
        "\t",
        "\0",
        "<",
        "< ",
        "<<",
        ">",
        "&",
        "& ",
        "&amp;",
        "&amp",
        "&notit;",
        "&NotEqualTilde;",
        "&#8217;",
        "&#x;",
        "&#0;",
        "&#150;",
        "&#",
        "</>",
        "</",
        "<!-- c -->",
        "<!-- c --!>",
        "<!--",
        "-->",
        "<!>",
        "<?pi?>",
        "<p>",
        "</p>",
        "<b>",
        "</b>",
        "<i class=x>",
        "</i>",
        "<a href='<'>",
        "</a>",
        "<div/>",
        "</div>",
        "<table>",
        "</table>",
        "<tr>",
        "<td>",
        "</td>",
        "<caption>",
        "<select><option>o",
        "</select>",
        "<pre>",
        "<pre>\n",
        "</pre>",
        "<textarea>\r\nt",
        "</textarea>",
        "<listing>\n",
        "<title>t &amp; u</title>",
        "<script>s<p></script>",
        "<style>a{}</style>",
        "<xmp><b></xmp>",
        "<svg>",
        "</svg>",
        "<![CDATA[c]]>",
        "<math>",
        "<template>",
        "</template>",
        "</body>",
        "</html>",
        "<body x=1>",
        "<br/>",
        "</br>",
        "<image src=i>",
        "<frameset>",
        "<noscript>n</noscript>",
        "<plaintext>",
    ])
}

fn soup() -> impl Strategy<Value = String> {
    (prop::bool::ANY, prop::collection::vec(soup_piece(), 0..40)).prop_map(|(bom, pieces)| {
        let mut page = String::from(if bom { "\u{FEFF}" } else { "" });
        page.extend(pieces);
        page
    })
}

/// Whether the source `raw` decodes to the text character `ch`.
fn decodes_to(raw: &str, ch: char) -> bool {
    raw.chars().eq([ch])
        || (ch == '\n' && (raw == "\r\n" || raw == "\r"))
        || (ch == '\u{FFFD}' && raw == "\0")
        || decode_at(raw.as_bytes())
            .is_some_and(|(c, n, len)| len == raw.len() && c[..n].contains(&ch))
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2048, .. ProptestConfig::default() })]

    #[test]
    fn tag_soup_maps_every_start_tag_and_text_character_back(page in soup()) {
        let parsed = ParsedHtml::parse(&page).expect("small pages parse");
        prop_assert_eq!(parsed.approximate_text_bytes, 0);
        for node in parsed.dom.tree.nodes() {
            if let Some(element) = node.value().as_element()
                && let Some(range) = parsed.start_tag(node.id())
            {
                // The element's own start tag: `<name ... >` (a NUL in a
                // name becomes U+FFFD).
                let tag = page[range.start..range.end]
                    .to_ascii_lowercase()
                    .replace('\0', "\u{FFFD}");
                let name = match element.name() {
                    "img" if tag.starts_with("<image") => "image".to_string(),
                    name => name.to_ascii_lowercase(),
                };
                prop_assert!(
                    tag.starts_with(&format!("<{name}")) && tag.ends_with('>'),
                    "{} has start tag {:?}", element.name(), tag
                );
            }
            let Some(text) = node.value().as_text() else {
                continue;
            };
            let never_linted = node.parent().and_then(|p| p.value().as_element().map(|e| e.name().to_owned()))
                .is_some_and(|n| matches!(n.as_str(), "script" | "style" | "noscript" | "iframe" | "noembed" | "noframes"));
            if never_linted {
                continue;
            }
            let map = parsed.text_map(node.id());
            prop_assert!(map.is_some(), "no map for {:?}", &**text);
            for (offset, ch) in text.char_indices() {
                let range = map.and_then(|m| m.char_range(offset, ch.len_utf8()));
                prop_assert!(range.is_some(), "no range for {:?} at {} of {:?}", ch, offset, &**text);
                let range = range.unwrap_or_default();
                let raw = &page[range.start..range.end];
                prop_assert!(decodes_to(raw, ch), "{:?} at {} of {:?} mapped to {:?}", ch, offset, &**text, raw);
            }
        }
    }
}
