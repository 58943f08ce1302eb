//! Cuts a page into the pieces the parser is fed: markup runs and text runs.
//!
//! The parser is fed one piece at a time, and whatever the tree builder does
//! while a piece is being parsed is attributed to that piece (see
//! [`super::sink`]). Text pieces are what need exact positions, so every run of
//! text that is not only whitespace becomes its own piece; tags, comments and
//! whitespace between them are merged into markup pieces, because each fed piece
//! costs a parser call. The cutting only has to be good, not perfect: parsing is
//! correct however the input is cut, and positions are checked afterwards by
//! aligning decoded text with the source.

/// One start tag inside a markup piece: where it is and where its name is.
#[derive(Debug, Clone)]
pub struct StartTag {
    pub start: usize,
    pub end: usize,
    /// The tag name's byte range in the page (as written: compare ignoring case).
    pub name: (usize, usize),
}

impl StartTag {
    /// The tag name as written in the page.
    pub fn name<'a>(&self, page: &'a str) -> &'a str {
        page.get(self.name.0..self.name.1).unwrap_or("")
    }
}

/// Whether `name` (as written) is one of `list` (lowercase), ignoring case.
fn name_in(name: &[u8], list: &[&str]) -> bool {
    list.iter().any(|n| n.as_bytes().eq_ignore_ascii_case(name))
}

/// A piece of the page fed to the parser in one call.
#[derive(Debug, Clone)]
pub struct Chunk {
    pub start: usize,
    pub end: usize,
    /// True for a run of text between tags (not only whitespace).
    pub is_text: bool,
    /// Start tags in a markup piece, in source order.
    pub tags: Vec<StartTag>,
    /// Runs of whitespace between tags in a markup piece, in source order
    /// (the space between `</em> <b>` is text the reader sees).
    pub spaces: Vec<(usize, usize)>,
}

/// Elements whose content the tokenizer reads as raw text up to their end tag.
const RAW_TEXT: &[&str] = &[
    "script",
    "style",
    "textarea",
    "title",
    "xmp",
    "iframe",
    "noembed",
    "noframes",
    "noscript",
    "plaintext",
];

/// Elements that never nest: void elements and those a sibling closes.
const NON_NESTING: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track",
    "wbr", "p", "li", "dt", "dd", "option", "optgroup", "tr", "td", "th", "thead", "tbody",
    "tfoot", "a", "html", "head", "body", "rb", "rt", "rp",
];

/// The page cut into chunks, and an estimate of how deeply its elements nest.
pub struct Cut {
    pub chunks: Vec<Chunk>,
    pub max_depth: usize,
}

/// Cuts `text` into chunks covering it completely, in order.
pub fn cut(text: &str) -> Cut {
    let bytes = text.as_bytes();
    let mut chunks: Vec<Chunk> = Vec::with_capacity(bytes.len() / 64 + 1);
    let mut pos = 0;
    let (mut depth, mut max_depth) = (0usize, 0usize);
    while pos < bytes.len() {
        if bytes[pos] == b'<'
            && let Some(markup) = scan_markup(bytes, pos)
        {
            if let Some(tag) = &markup.tag {
                let self_closing = bytes[..markup.end].ends_with(b"/>");
                if !self_closing && !name_in(&bytes[tag.name.0..tag.name.1], NON_NESTING) {
                    depth += 1;
                    max_depth = max_depth.max(depth);
                }
            } else if bytes.get(pos + 1) == Some(&b'/') {
                let name_end = bytes[pos + 2..markup.end]
                    .iter()
                    .position(|b| !b.is_ascii_alphanumeric())
                    .map_or(markup.end, |p| pos + 2 + p);
                if !name_in(&bytes[pos + 2..name_end], NON_NESTING) {
                    depth = depth.saturating_sub(1);
                }
            }
            push_markup(&mut chunks, pos, markup.end, markup.tag);
            pos = markup.end;
            if let Some(name) = markup.raw_text_of {
                let end = if name == "plaintext" {
                    bytes.len()
                } else {
                    find_end_tag(bytes, pos, name.as_bytes()).unwrap_or(bytes.len())
                };
                // Its own piece, so its text (a `<title>` in the body, a
                // `<textarea>`) can be located like any other.
                if end > pos {
                    chunks.push(Chunk {
                        start: pos,
                        end,
                        is_text: true,
                        tags: Vec::new(),
                        spaces: Vec::new(),
                    });
                }
                pos = end;
            }
            continue;
        }
        // Text up to the next `<` that starts markup.
        let start = pos;
        pos = next_markup(bytes, pos + 1);
        let run = &bytes[start..pos];
        if run.iter().all(|b| b.is_ascii_whitespace()) {
            push_markup(&mut chunks, start, pos, None);
            if let Some(last) = chunks.last_mut() {
                last.spaces.push((start, pos));
            }
        } else {
            chunks.push(Chunk {
                start,
                end: pos,
                is_text: true,
                tags: Vec::new(),
                spaces: Vec::new(),
            });
        }
    }
    Cut { chunks, max_depth }
}

fn push_markup(chunks: &mut Vec<Chunk>, start: usize, end: usize, tag: Option<StartTag>) {
    match chunks.last_mut() {
        Some(last) if !last.is_text && last.end == start => {
            last.end = end;
            last.tags.extend(tag);
        }
        _ => chunks.push(Chunk {
            start,
            end,
            is_text: false,
            tags: tag.into_iter().collect(),
            spaces: Vec::new(),
        }),
    }
}

struct Markup {
    end: usize,
    tag: Option<StartTag>,
    raw_text_of: Option<&'static str>,
}

/// Where the next `<` at or after `from` that starts markup is, or the end.
fn next_markup(bytes: &[u8], mut from: usize) -> usize {
    while let Some(found) = memchr::memchr(b'<', bytes.get(from..).unwrap_or_default()) {
        let at = from + found;
        if starts_markup(bytes, at) {
            return at;
        }
        from = at + 1;
    }
    bytes.len()
}

fn starts_markup(bytes: &[u8], pos: usize) -> bool {
    match bytes.get(pos + 1) {
        Some(b) if b.is_ascii_alphabetic() || *b == b'!' || *b == b'?' => true,
        Some(b'/') => bytes.get(pos + 2).is_some_and(|b| b.is_ascii_alphabetic()),
        _ => false,
    }
}

/// Scans the markup starting at `<` at `pos`, if it is markup.
fn scan_markup(bytes: &[u8], pos: usize) -> Option<Markup> {
    if !starts_markup(bytes, pos) {
        return None;
    }
    let next = bytes[pos + 1];
    if next == b'!' {
        let end = if bytes[pos..].starts_with(b"<!--") {
            find(bytes, pos + 4, b"-->").map_or(bytes.len(), |p| p + 3)
        } else {
            find(bytes, pos, b">").map_or(bytes.len(), |p| p + 1)
        };
        return Some(Markup {
            end,
            tag: None,
            raw_text_of: None,
        });
    }
    if next == b'?' || next == b'/' {
        let end = find(bytes, pos, b">").map_or(bytes.len(), |p| p + 1);
        return Some(Markup {
            end,
            tag: None,
            raw_text_of: None,
        });
    }
    // A start tag: name, then attributes, where a quoted value may hold `>`.
    let name_start = pos + 1;
    let mut i = name_start;
    while i < bytes.len()
        && !matches!(
            bytes[i],
            b' ' | b'\t' | b'\n' | b'\r' | b'\x0c' | b'/' | b'>'
        )
    {
        i += 1;
    }
    let name = (name_start, i);
    // Jump between the bytes that matter: `=` (a value may follow), `>`.
    while let Some(found) = memchr::memchr2(b'>', b'=', bytes.get(i..).unwrap_or_default()) {
        i += found;
        if bytes[i] == b'>' {
            break;
        }
        i += 1;
        while i < bytes.len() && bytes[i].is_ascii_whitespace() {
            i += 1;
        }
        if i < bytes.len() && (bytes[i] == b'"' || bytes[i] == b'\'') {
            let quote = bytes[i];
            i = memchr::memchr(quote, &bytes[i + 1..]).map_or(bytes.len(), |p| i + 1 + p + 1);
        }
    }
    let i = i.min(bytes.len());
    let end = (i + 1).min(bytes.len());
    let written = &bytes[name.0..name.1];
    let raw_text_of = RAW_TEXT
        .iter()
        .copied()
        .find(|raw| raw.as_bytes().eq_ignore_ascii_case(written));
    Some(Markup {
        end,
        tag: Some(StartTag {
            start: pos,
            end,
            name,
        }),
        raw_text_of,
    })
}

/// Finds `</name` (case-insensitive) at or after `from`.
fn find_end_tag(bytes: &[u8], from: usize, name: &[u8]) -> Option<usize> {
    let mut i = from;
    while let Some(p) = find(bytes, i, b"</") {
        let after = &bytes[p + 2..];
        if after.len() >= name.len() && after[..name.len()].eq_ignore_ascii_case(name) {
            return Some(p);
        }
        i = p + 2;
    }
    None
}

fn find(bytes: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    if from >= bytes.len() {
        return None;
    }
    memchr::memmem::find(&bytes[from..], needle).map(|p| from + p)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_runs_are_separate_and_markup_is_merged() {
        let page = "<html> <body><p class=\"a>b\">Hi &amp; you</p>\n<p>x < y</p></body>";
        let chunks = cut(page).chunks;
        let texts: Vec<&str> = chunks
            .iter()
            .filter(|c| c.is_text)
            .map(|c| &page[c.start..c.end])
            .collect();
        assert_eq!(texts, ["Hi &amp; you", "x < y"]);
        assert_eq!(chunks.last().unwrap().end, page.len());
        let tags: Vec<&str> = chunks[0].tags.iter().map(|t| t.name(page)).collect();
        assert_eq!(tags, ["html", "body", "p"]);
        assert_eq!(
            &page[chunks[0].tags[2].start..chunks[0].tags[2].end],
            "<p class=\"a>b\">"
        );
    }

    #[test]
    fn raw_text_is_its_own_piece() {
        let page = "<p>a</p><script>if (a<b) x = '<p>';</script><p>b</p>";
        let texts: Vec<&str> = cut(page)
            .chunks
            .iter()
            .filter(|c| c.is_text)
            .map(|c| &page[c.start..c.end])
            .collect();
        assert_eq!(texts, ["a", "if (a<b) x = '<p>';", "b"]);
    }
}
