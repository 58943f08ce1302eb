//! Aligns the decoded text of each text node with the raw source it was parsed
//! from, so every decoded character knows its exact source bytes.
//!
//! The sink tells us which chunk was being fed when each piece of text was
//! appended. Usually the text came from that very chunk; the tree builder
//! sometimes holds text back (text directly inside a table is buffered until
//! the next tag), so earlier text chunks are tried too. Alignment walks decoded
//! and raw text together: equal characters map one to one, a character
//! reference or a CRLF maps as a unit, and the few characters the parser drops
//! (NUL, the newline after `<pre>`) are skipped.

use super::chunks::Chunk;
use super::entities;
use super::sink::AppendedText;
use crate::source::TextRange;
use ego_tree::NodeId;
use rustc_hash::FxHashMap;
use scraper::{Html, Node};

/// A run of a text node's text and the source bytes it came from. When
/// `atomic` is false the run is a byte-for-byte copy of the source; when true
/// (a character reference, a CRLF) every byte of it maps to the whole source run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Segment {
    pub text_start: u32,
    pub text_len: u32,
    pub source_start: u32,
    pub source_len: u32,
    pub atomic: bool,
}

/// Where each character of one text node came from.
#[derive(Debug, Clone, Default)]
pub struct TextMap {
    segments: Vec<Segment>,
}

impl TextMap {
    /// The source range of the character starting at byte `offset` of the
    /// node's text, `char_len` bytes long. `None` if that text has no position.
    pub fn char_range(&self, offset: usize, char_len: usize) -> Option<TextRange> {
        let idx = self
            .segments
            .partition_point(|s| (s.text_start as usize) <= offset);
        let seg = self.segments.get(idx.checked_sub(1)?)?;
        let rel = offset - seg.text_start as usize;
        if rel >= seg.text_len as usize {
            return None;
        }
        let start = seg.source_start as usize;
        Some(if seg.atomic {
            TextRange::new(start, start + seg.source_len as usize)
        } else {
            TextRange::new(start + rel, start + rel + char_len)
        })
    }

    /// The source range from the first to the last located character.
    pub fn extent(&self) -> Option<TextRange> {
        let first = self.segments.first()?;
        let last = self.segments.last()?;
        let start = first.source_start as usize;
        let end = (last.source_start + last.source_len) as usize;
        Some(TextRange::new(start.min(end), end.max(start)))
    }

    pub fn segments(&self) -> &[Segment] {
        &self.segments
    }
}

/// How many earlier text chunks to try when text did not come from the chunk
/// being fed (table text is held back until the next tag).
const LOOKBACK: usize = 4;

/// Builds the text map of every text node the sink recorded. Returns the maps
/// and the number of non-whitespace bytes whose position is approximate.
pub fn locate_texts(
    page: &str,
    dom: &Html,
    chunks: &[Chunk],
    appended: &[AppendedText],
) -> (FxHashMap<NodeId, TextMap>, usize) {
    let mut maps: FxHashMap<NodeId, TextMap> = FxHashMap::default();
    let mut cursors: Vec<usize> = chunks.iter().map(|c| c.start).collect();
    let mut approximate = 0usize;
    let mut i = 0;
    while i < appended.len() {
        // Merge consecutive appends to one node from one chunk.
        let first = &appended[i];
        let mut len = first.len as usize;
        let mut j = i + 1;
        while j < appended.len()
            && appended[j].node == first.node
            && appended[j].chunk == first.chunk
            && appended[j].offset as usize == first.offset as usize + len
        {
            len += appended[j].len as usize;
            j += 1;
        }
        i = j;
        let Some(node) = dom.tree.get(first.node) else {
            continue;
        };
        let Node::Text(text) = node.value() else {
            continue;
        };
        // Raw text that is never linted (scripts, styles, what the page shows
        // without scripting or frames): no need to locate it.
        let never_linted = node
            .parent()
            .and_then(|p| p.value().as_element().map(|e| e.name()))
            .is_some_and(|name| {
                matches!(
                    name,
                    "script" | "style" | "noscript" | "iframe" | "noembed" | "noframes"
                )
            });
        if never_linted {
            continue;
        }
        let start = first.offset as usize;
        let Some(decoded) = text.text.get(start..start + len) else {
            continue;
        };
        let map = maps.entry(first.node).or_default();
        approximate += locate_piece(
            page,
            chunks,
            &mut cursors,
            first.chunk as usize,
            decoded,
            start,
            &mut map.segments,
        );
    }
    (maps, approximate)
}

/// Locates one appended piece; returns how many of its non-whitespace bytes
/// could only be approximated.
fn locate_piece(
    page: &str,
    chunks: &[Chunk],
    cursors: &mut [usize],
    chunk: usize,
    decoded: &str,
    text_base: usize,
    out: &mut Vec<Segment>,
) -> usize {
    let Some(fed) = chunks.get(chunk) else {
        return 0;
    };
    // Whitespace between tags: the next run of spaces in the markup piece.
    if !fed.is_text && decoded.bytes().all(|b| b.is_ascii_whitespace()) {
        let cursor = cursors[chunk];
        match fed.spaces.iter().find(|&&(start, _)| start >= cursor) {
            Some(&(start, end)) => {
                push_atomic(out, text_base, decoded.len(), start, end - start);
                cursors[chunk] = end;
            }
            None => push_atomic(out, text_base, decoded.len(), fed.start, 0),
        }
        return 0;
    }
    let candidates = std::iter::once(chunk)
        .chain((chunk.saturating_sub(LOOKBACK)..chunk).rev())
        .filter(|&c| chunks[c].is_text || c == chunk);
    let mark = out.len();
    for candidate in candidates {
        let from = cursors[candidate];
        if let Some(end) = align(
            page,
            decoded,
            text_base,
            from,
            chunks[candidate].end,
            false,
            out,
        ) {
            cursors[candidate] = end;
            return 0;
        }
        out.truncate(mark);
    }
    // Nothing aligned exactly: align leniently against the chunk fed, else map
    // the whole piece to the chunk.
    let from = cursors[chunk].min(fed.end);
    if let Some(end) = align(page, decoded, text_base, from, fed.end, true, out) {
        cursors[chunk] = end;
    } else {
        out.truncate(mark);
        push_atomic(
            out,
            text_base,
            decoded.len(),
            fed.start,
            fed.end - fed.start,
        );
    }
    decoded.bytes().filter(|b| !b.is_ascii_whitespace()).count()
}

fn push_atomic(
    out: &mut Vec<Segment>,
    text_start: usize,
    text_len: usize,
    src: usize,
    src_len: usize,
) {
    out.push(Segment {
        text_start: text_start as u32,
        text_len: text_len as u32,
        source_start: src as u32,
        source_len: src_len as u32,
        atomic: true,
    });
}

/// Walks `decoded` and `page[from..to]` together. Returns where the raw text
/// ended, or `None` if they do not match. `lenient` skips any raw character
/// that does not match; otherwise only characters the parser drops.
fn align(
    page: &str,
    decoded: &str,
    text_base: usize,
    from: usize,
    to: usize,
    lenient: bool,
    out: &mut Vec<Segment>,
) -> Option<usize> {
    let d = decoded.as_bytes();
    let r = page.as_bytes();
    let (mut i, mut j) = (0usize, from);
    while i < d.len() {
        if j >= to {
            return None;
        }
        // Fast path: a run of plain characters is copied as is.
        let plain = memchr::memchr3(b'&', b'\r', 0, &r[j..to]).unwrap_or(to - j);
        if plain > 0 {
            let run = &r[j..j + plain];
            let same = common_prefix(&d[i..], run);
            // Only whole characters: back off to a char boundary of the run.
            let same = (0..=same)
                .rev()
                .find(|&n| page.is_char_boundary(j + n))
                .unwrap_or(0);
            if same > 0 {
                push_identity(out, text_base + i, j, same);
                i += same;
                j += same;
                continue;
            }
        }
        let rb = r[j];
        if rb == b'&'
            && let Some((chars, count, raw_len)) = entities::decode_at(&r[j..to])
        {
            let mut buf = [0u8; 8];
            let mut n = chars[0].encode_utf8(&mut buf).len();
            if count == 2 {
                n += chars[1].encode_utf8(&mut buf[n..]).len();
            }
            if d[i..].starts_with(&buf[..n]) {
                push_atomic(out, text_base + i, n, j, raw_len);
                i += n;
                j += raw_len;
                continue;
            }
        }
        if rb == b'\r' && d[i] == b'\n' {
            let raw_len = if j + 1 < to && r[j + 1] == b'\n' {
                2
            } else {
                1
            };
            push_atomic(out, text_base + i, 1, j, raw_len);
            i += 1;
            j += raw_len;
            continue;
        }
        let char_len = utf8_len(rb);
        if j + char_len <= to && d[i..].starts_with(&r[j..j + char_len]) {
            push_identity(out, text_base + i, j, char_len);
            i += char_len;
            j += char_len;
            continue;
        }
        if rb == 0 && d[i..].starts_with("\u{FFFD}".as_bytes()) {
            push_atomic(out, text_base + i, 3, j, 1);
            i += 3;
            j += 1;
            continue;
        }
        if lenient || matches!(rb, b'\n' | b'\r' | 0) {
            j += char_len;
            continue;
        }
        return None;
    }
    Some(j)
}

fn push_identity(out: &mut Vec<Segment>, text_start: usize, src: usize, len: usize) {
    if let Some(last) = out.last_mut()
        && !last.atomic
        && (last.text_start + last.text_len) as usize == text_start
        && (last.source_start + last.source_len) as usize == src
    {
        last.text_len += len as u32;
        last.source_len += len as u32;
        return;
    }
    out.push(Segment {
        text_start: text_start as u32,
        text_len: len as u32,
        source_start: src as u32,
        source_len: len as u32,
        atomic: false,
    });
}

/// Length of the common prefix of two byte strings.
fn common_prefix(a: &[u8], b: &[u8]) -> usize {
    a.iter().zip(b).take_while(|(x, y)| x == y).count()
}

fn utf8_len(first: u8) -> usize {
    match first {
        0x00..=0x7F => 1,
        0xC0..=0xDF => 2,
        0xE0..=0xEF => 3,
        _ => 4,
    }
}
