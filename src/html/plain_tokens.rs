//! Plain markup, read without html5ever's tokenizer.
//!
//! The tokenizer reads a page one character at a time through its state
//! machine, copying every tag name, attribute and run of text into buffers
//! of its own. Most of a page is the plainest markup there is: text with no
//! character references, and tags like `<div class="x" id=y>` whose names and
//! values need no decoding. For that markup the tokens are fixed by where a
//! few bytes sit, so [`scan`] finds them with a byte search and
//! [`super::boundaries`] hands them to the tree builder itself, as the
//! tokenizer would have, with text and values as slices of the page.
//!
//! The few character references that fill most pages (`&amp;`, `&quot;`,
//! `&lt;`, `&gt;`, `&nbsp;`, `&apos;` and numeric ones for printable
//! characters, each with its semicolon) decode the same wherever they
//! stand, and are decoded here ([`plain_ref`]). So are line ends: the
//! tokenizer reads a CR LF or a lone CR as one LF, in text, in values and
//! between attributes alike ([`decode_plain`]).
//!
//! [`scan`] answers only for markup it reads exactly as the tokenizer's data
//! state would, and stops at anything else: any other reference, a
//! NUL, a `<` that opens no tag, a comment or doctype, an attribute value
//! that ends oddly, a name with unusual characters, the end of the page. The
//! tokenizer then reads on from there. Whether the tokenizer would leave its
//! data state after a tag (`<title>`, `<script>`) is decided by the caller,
//! by name.

/// What the tokenizer's data state would read next.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Plain {
    /// Text up to `end`; `decode` if it holds [`plain_ref`]s or CRs
    /// ([`decode_plain`]).
    Text { end: usize, decode: bool },
    /// A tag (described in the [`PlainTag`] passed in) ending at this offset.
    Tag(usize),
    /// Nothing plain: leave the rest to the tokenizer.
    Stop,
}

/// A tag [`scan`] read: ranges of the page, names not yet lowercased.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct PlainTag {
    pub end_tag: bool,
    pub name: (usize, usize),
    pub self_closing: bool,
    /// The attributes in the order written (duplicates included: the
    /// tokenizer keeps the first).
    pub attrs: Vec<PlainAttr>,
}

/// An attribute [`scan`] read.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct PlainAttr {
    /// Where its name is written, not yet lowercased.
    pub name: (usize, usize),
    /// Where its value is written.
    pub value: (usize, usize),
    /// Whether the value holds [`plain_ref`]s or CRs ([`decode_plain`]).
    pub decode: bool,
}

/// The character a plain reference at the start of `raw` stands for, and
/// the reference's length: `&amp;`, `&quot;`, `&lt;`, `&gt;`, `&nbsp;`,
/// `&apos;`, or a decimal or hex reference to a printable character other
/// than a C1 control (which the tokenizer maps through Windows-1252) or a
/// noncharacter. All end with their semicolon, so they decode the same in
/// text and in attribute values.
pub fn plain_ref(raw: &[u8]) -> Option<(char, usize)> {
    const NAMED: [(&[u8], char); 6] = [
        (b"&amp;", '&'),
        (b"&quot;", '"'),
        (b"&lt;", '<'),
        (b"&gt;", '>'),
        (b"&nbsp;", '\u{a0}'),
        (b"&apos;", '\''),
    ];
    if raw.get(1) != Some(&b'#') {
        return NAMED
            .iter()
            .find(|(name, _)| raw.starts_with(name))
            .map(|&(name, ch)| (ch, name.len()));
    }
    let (digits, radix) = match raw.get(2) {
        Some(b'x' | b'X') => (3, 16),
        _ => (2, 10),
    };
    let mut value = 0u32;
    let mut i = digits;
    while let Some(digit) = raw.get(i).and_then(|&b| (b as char).to_digit(radix)) {
        value = value * radix + digit;
        i += 1;
        if i - digits > 6 {
            return None;
        }
    }
    if i == digits || raw.get(i) != Some(&b';') {
        return None;
    }
    let printable =
        matches!(value, 0x20..=0x7E | 0xA0..=0xD7FF | 0xE000..=0xFDCF | 0xFDF0..=0xFFFD);
    printable
        .then(|| char::from_u32(value))
        .flatten()
        .map(|ch| (ch, i + 1))
}

/// `raw` as the tokenizer reads it: every [`plain_ref`] decoded (`raw`
/// holds no other `&`), and each CR LF or lone CR made one LF.
pub fn decode_plain(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    let mut rest = raw;
    while let Some(at) = memchr::memchr2(b'&', b'\r', rest.as_bytes()) {
        out.push_str(&rest[..at]);
        let tail = &rest.as_bytes()[at..];
        let (ch, len) = match tail {
            [b'\r', b'\n', ..] => ('\n', 2),
            [b'\r', ..] => ('\n', 1),
            _ => plain_ref(tail).unwrap_or(('&', 1)),
        };
        out.push(ch);
        rest = &rest[at + len..];
    }
    out.push_str(rest);
    out
}

/// Whether every `&` in `value` starts a [`plain_ref`].
fn only_plain_refs(value: &[u8]) -> bool {
    memchr::memchr_iter(b'&', value).all(|at| plain_ref(&value[at..]).is_some())
}

/// HTML's whitespace in a tag, and CR, which the tokenizer reads as a LF.
fn is_space(byte: u8) -> bool {
    matches!(byte, b'\t' | b'\n' | b'\x0c' | b' ' | b'\r')
}

/// A byte [`scan`] accepts in a tag name: enough for every real element,
/// and nothing the tokenizer would treat specially.
fn is_tag_name_byte(byte: u8) -> bool {
    byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'_' | b':' | b'.')
}

/// A byte [`scan`] accepts in an attribute name: printable ASCII other than
/// what ends a name or what the tokenizer reports as an error in one.
fn is_attr_name_byte(byte: u8) -> bool {
    byte.is_ascii_graphic() && !matches!(byte, b'/' | b'>' | b'=' | b'"' | b'\'' | b'<')
}

/// Reads the plain token at `at` in `page`, where the tokenizer is in its
/// data state, filling `tag` if it is a tag. Never reads to the very end of
/// the page, so that the tokenizer is always left something to read.
pub fn scan(page: &[u8], at: usize, tag: &mut PlainTag) -> Plain {
    match page.get(at) {
        Some(b'<') => scan_tag(page, at, tag),
        Some(_) => scan_text(page, at),
        None => Plain::Stop,
    }
}

/// Text from `at` up to the next `<`, or up to anything in it the
/// tokenizer must decode.
fn scan_text(page: &[u8], at: usize) -> Plain {
    let mut from = at;
    let mut decode = false;
    let end = loop {
        let Some(found) = memchr::memchr3(b'<', b'&', b'\r', &page[from..]) else {
            return Plain::Stop;
        };
        let stop = from + found;
        if let Some(nul) = memchr::memchr(0, &page[from..stop]) {
            break from + nul;
        }
        // Most text ends at a `<`: only an `&` or a CR is read past.
        let past = match page[stop] {
            b'\r' => Some(1),
            b'&' => plain_ref(&page[stop..]).map(|(_, len)| len),
            _ => None,
        };
        match past {
            Some(len) => {
                decode = true;
                from = stop + len;
            }
            None => break stop,
        }
    };
    if end == at {
        Plain::Stop
    } else {
        Plain::Text { end, decode }
    }
}

/// The tag at `at` (a `<`), if it is plain.
fn scan_tag(page: &[u8], at: usize, tag: &mut PlainTag) -> Plain {
    let mut i = at + 1;
    tag.end_tag = page.get(i) == Some(&b'/');
    if tag.end_tag {
        i += 1;
    }
    if !page.get(i).is_some_and(u8::is_ascii_alphabetic) {
        return Plain::Stop;
    }
    let name_start = i;
    while page.get(i).is_some_and(|&b| is_tag_name_byte(b)) {
        i += 1;
    }
    tag.name = (name_start, i);
    tag.self_closing = false;
    tag.attrs.clear();
    let skip_spaces = |i: &mut usize| {
        let from = *i;
        while page.get(*i).is_some_and(|&b| is_space(b)) {
            *i += 1;
        }
        *i > from
    };
    if tag.end_tag {
        skip_spaces(&mut i);
        return closed(page, i);
    }
    // Whether whitespace separates what was read last from what follows:
    // an attribute name may only start after some.
    let mut separated = false;
    loop {
        // Before an attribute name.
        separated |= skip_spaces(&mut i);
        match page.get(i) {
            Some(b'>') => return closed(page, i),
            Some(b'/') => {
                tag.self_closing = true;
                return closed(page, i + 1);
            }
            Some(&b) if separated && is_attr_name_byte(b) => {}
            _ => return Plain::Stop,
        }
        let name_start = i;
        while page.get(i).is_some_and(|&b| is_attr_name_byte(b)) {
            i += 1;
        }
        let name = (name_start, i);
        separated = skip_spaces(&mut i);
        if page.get(i) != Some(&b'=') {
            // No value: `/`, `>` or (after whitespace) the next name follows.
            tag.attrs.push(PlainAttr {
                name,
                value: (i, i),
                decode: false,
            });
            continue;
        }
        i += 1;
        skip_spaces(&mut i);
        let value = match page.get(i) {
            Some(&quote @ (b'"' | b'\'')) => {
                let start = i + 1;
                let Some(len) = memchr::memchr(quote, &page[start..]) else {
                    return Plain::Stop;
                };
                let value = &page[start..start + len];
                if memchr::memchr(0, value).is_some() || !only_plain_refs(value) {
                    return Plain::Stop;
                }
                i = start + len + 1;
                (start, start + len)
            }
            Some(b'>') | None => return Plain::Stop,
            Some(_) => {
                let start = i;
                while let Some(&b) = page.get(i) {
                    match b {
                        b'>' => break,
                        _ if is_space(b) => break,
                        b'&' => match plain_ref(&page[i..]) {
                            Some((_, len)) => i += len,
                            None => return Plain::Stop,
                        },
                        b'"' | b'\'' | b'<' | b'=' | b'`' | 0 => return Plain::Stop,
                        _ => i += 1,
                    }
                }
                (start, i)
            }
        };
        let decode = memchr::memchr2(b'&', b'\r', &page[value.0..value.1]).is_some();
        tag.attrs.push(PlainAttr {
            name,
            value,
            decode,
        });
        separated = false;
    }
}

/// A tag closed by the `>` at `i`, if there is one and the page goes on.
fn closed(page: &[u8], i: usize) -> Plain {
    if page.get(i) == Some(&b'>') && i + 1 < page.len() {
        Plain::Tag(i + 1)
    } else {
        Plain::Stop
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What [`scan`] reads at the start of `page`: the token's source, and
    /// for a tag its name and attributes as written.
    fn read(page: &str) -> Option<(&str, Vec<(&str, &str)>)> {
        let mut tag = PlainTag::default();
        let slice = |(start, end): (usize, usize)| &page[start..end];
        match scan(page.as_bytes(), 0, &mut tag) {
            Plain::Stop => None,
            Plain::Text { end, .. } => Some((&page[..end], Vec::new())),
            Plain::Tag(end) => {
                let mut parts = vec![(slice(tag.name), if tag.end_tag { "end" } else { "start" })];
                if tag.self_closing {
                    parts.push(("/", ""));
                }
                parts.extend(tag.attrs.iter().map(|a| (slice(a.name), slice(a.value))));
                Some((&page[..end], parts))
            }
        }
    }

    /// A page, the source of the tag read at its start, and that tag's
    /// parts as [`read`] gives them.
    type Case = (
        &'static str,
        &'static str,
        &'static [(&'static str, &'static str)],
    );

    #[test]
    fn plain_tags_are_read_as_the_tokenizer_reads_them() {
        let cases: [Case; 12] = [
            ("<p>x", "<p>", &[("p", "start")]),
            ("</DIV >x", "</DIV >", &[("DIV", "end")]),
            ("<br/>x", "<br/>", &[("br", "start"), ("/", "")]),
            (
                "<img src=a.jpg alt=\"\" />x",
                "<img src=a.jpg alt=\"\" />",
                &[("img", "start"), ("/", ""), ("src", "a.jpg"), ("alt", "")],
            ),
            (
                "<a\thref = 'x y'\nHidden>x",
                "<a\thref = 'x y'\nHidden>",
                &[("a", "start"), ("href", "x y"), ("Hidden", "")],
            ),
            (
                "<input disabled />x",
                "<input disabled />",
                &[("input", "start"), ("/", ""), ("disabled", "")],
            ),
            // An unquoted value keeps its slashes; `>` in quotes is text.
            (
                "<a href=/x/ title=\"a>b\">x",
                "<a href=/x/ title=\"a>b\">",
                &[("a", "start"), ("href", "/x/"), ("title", "a>b")],
            ),
            (
                "<p id=a id=b>x",
                "<p id=a id=b>",
                &[("p", "start"), ("id", "a"), ("id", "b")],
            ),
            ("<x-y:z.w>x", "<x-y:z.w>", &[("x-y:z.w", "start")]),
            (
                "<a href=\"?a=1&amp;b=2\" title=x&#39;s>x",
                "<a href=\"?a=1&amp;b=2\" title=x&#39;s>",
                &[
                    ("a", "start"),
                    ("href", "?a=1&amp;b=2"),
                    ("title", "x&#39;s"),
                ],
            ),
            // CR is whitespace in a tag, and ends an unquoted value.
            (
                "<a\r\nhref=x\rid='a\r\nb'\r>x",
                "<a\r\nhref=x\rid='a\r\nb'\r>",
                &[("a", "start"), ("href", "x"), ("id", "a\r\nb")],
            ),
            ("</p\r\n>x", "</p\r\n>", &[("p", "end")]),
        ];
        for (page, source, parts) in cases {
            let (seen, seen_parts) = read(page).unwrap_or_else(|| panic!("{page:?} not read"));
            assert_eq!(seen, source, "{page:?}");
            assert_eq!(seen_parts, parts, "{page:?}");
        }
    }

    #[test]
    fn anything_the_tokenizer_reads_its_own_way_is_left_to_it() {
        for page in [
            // Other references and NUL, anywhere.
            "&copy; x<p>",
            "&amp x<p>",
            "&#150;<p>",
            "&#0;<p>",
            "&#x1F600;<p>",
            "\0<p>",
            "<a href=\"x&y\">x",
            "<a href=x&y>x",
            "<a href=x&copy;>x",
            "<a title='a\rb&copy;'>x",
            "<a title='a\r\0'>x",
            // Not a tag, or markup of another kind.
            "< p>",
            "<1>x",
            "<!-- c -->x",
            "<!DOCTYPE html>x",
            "<?php x ?>x",
            "</>x",
            "</ p>x",
            // Tags the tokenizer reads with an error, or oddly.
            "<p class=\"a\"id=\"b\">x",
            "<a b\"c>x",
            "<a =x>x",
            "<a href=>x",
            "<a href=x\"y>x",
            "<p/ >x",
            "</p/>x",
            "</p foo>x",
            "<p\u{e9}>x",
            "<p data-\u{e9}=1>x",
            "<p<b>x",
            // Where the page ends: the tokenizer always has something left.
            "<p>",
            "<p",
            "<a href=\"x",
            "text to the end",
        ] {
            assert_eq!(read(page), None, "{page:?} read as plain");
        }
        // Text stops before whatever it cannot decode.
        assert_eq!(read("ab&copy;<p>").map(|r| r.0), Some("ab"));
        assert_eq!(read("a&amp;b&copy;<p>").map(|r| r.0), Some("a&amp;b"));
        assert_eq!(read("a\r\nb&copy;<p>").map(|r| r.0), Some("a\r\nb"));
        assert_eq!(read("ab\0<p>").map(|r| r.0), Some("ab"));
        assert_eq!(read("caf\u{e9} <p>").map(|r| r.0), Some("caf\u{e9} "));
    }

    #[test]
    fn plain_references_decode_as_the_tokenizer_decodes_them() {
        let mut written: Vec<String> = ["amp", "quot", "lt", "gt", "nbsp", "apos", "copy", "ampx"]
            .iter()
            .map(|name| format!("&{name};"))
            .collect();
        for value in 0..0x11_000u32 {
            written.push(format!("&#{value};"));
            written.push(format!("&#x{value:X};"));
            written.push(format!("&#{value}"));
        }
        let mut plain = 0;
        for raw in &written {
            let Some((ch, len)) = plain_ref(raw.as_bytes()) else {
                continue;
            };
            plain += 1;
            let (decoded, count, decoded_len) =
                super::super::entities::decode_at(raw.as_bytes()).expect("a reference");
            assert_eq!((&decoded[..count], len), (&[ch][..], decoded_len), "{raw}");
            assert_eq!(len, raw.len(), "{raw}");
        }
        assert!(plain > 100_000, "{plain}");
        assert_eq!(
            decode_plain("a&amp;b &lt;c&gt; &#8217;&#x2019;&nbsp;"),
            "a&b <c> \u{2019}\u{2019}\u{a0}"
        );
    }

    #[test]
    fn line_ends_decode_as_the_tokenizer_reads_them() {
        assert_eq!(
            decode_plain("a\r\nb\rc\n\r\r\nd\r&amp;\r"),
            "a\nb\nc\n\n\nd\n&\n"
        );
        let mut tag = PlainTag::default();
        for (page, end) in [("\r\nx<p>", 3), ("a\rb\r\n<p>", 5), ("x<p>", 1)] {
            let decode = end != 1;
            assert_eq!(
                scan(page.as_bytes(), 0, &mut tag),
                Plain::Text { end, decode },
                "{page:?}"
            );
        }
        scan(b"<a x='1\r\n2' y=3 z='&amp;'>.", 0, &mut tag);
        let decode: Vec<bool> = tag.attrs.iter().map(|a| a.decode).collect();
        assert_eq!(decode, [true, false, true]);
    }
}
