//! Aligns the decoded text of each text node with the raw source it was parsed
//! from, so every decoded character knows its exact source bytes.
//!
//! The sink tells us, for each piece of text appended, the window of source
//! it was parsed from: the token being processed, or the run of text tokens
//! the tree builder held back (text directly inside a table is buffered until
//! the next tag). Alignment walks decoded and raw text together: equal
//! characters map one to one, a character reference or a CRLF maps as a unit,
//! and what the parser drops (NUL, the newline after `<pre>`, whitespace it
//! ignores, a `</>`) is skipped.

use super::boundaries::DROPPED_MARKUP;
use super::entities;
use super::node_index::node_index;
use super::sink::AppendedText;
use crate::source::TextRange;
use ego_tree::NodeId;
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
#[derive(Debug, Clone, Copy)]
pub struct TextMap<'a> {
    segments: &'a [Segment],
}

impl<'a> TextMap<'a> {
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

    pub fn segments(&self) -> &'a [Segment] {
        self.segments
    }
}

/// The text maps of a page: every text node's segments, one after another,
/// found by node index.
#[derive(Debug, Default)]
pub struct TextMaps {
    segments: Vec<Segment>,
    /// Per node index: where its segments start, and how many there are.
    spans: Vec<(u32, u32)>,
}

impl TextMaps {
    pub fn get(&self, node: NodeId) -> Option<TextMap<'_>> {
        let &(start, len) = self.spans.get(node_index(node))?;
        if len == 0 {
            return None;
        }
        let segments = self.segments.get(start as usize..(start + len) as usize)?;
        Some(TextMap { segments })
    }

    /// Gathers the runs of segments (node index, start, end in `segments`)
    /// into one span per node. A node's runs are usually one after another;
    /// when text went to another node in between (foster-parented table
    /// text), its segments are copied together.
    fn from_runs(segments: Vec<Segment>, runs: &[(usize, usize, usize)]) -> TextMaps {
        let mut spans: Vec<(u32, u32)> = Vec::new();
        let mut interleaved = false;
        for (k, &(node, start, end)) in runs.iter().enumerate() {
            if spans.len() <= node {
                spans.resize(node + 1, (0, 0));
            }
            let span = &mut spans[node];
            let continues = k > 0 && runs[k - 1].0 == node;
            if span.1 > 0 && !continues {
                interleaved = true;
            }
            if span.1 == 0 {
                *span = (start as u32, (end - start) as u32);
            } else {
                span.1 += (end - start) as u32;
            }
        }
        if !interleaved {
            return TextMaps { segments, spans };
        }
        let mut order: Vec<&(usize, usize, usize)> = runs.iter().collect();
        order.sort_by_key(|run| run.0);
        let mut gathered = Vec::with_capacity(segments.len());
        spans.iter_mut().for_each(|span| *span = (0, 0));
        for &&(node, start, end) in &order {
            let span = &mut spans[node];
            if span.1 == 0 {
                span.0 = gathered.len() as u32;
            }
            span.1 += (end - start) as u32;
            gathered.extend_from_slice(&segments[start..end]);
        }
        TextMaps {
            segments: gathered,
            spans,
        }
    }
}

/// Builds the text map of every text node the sink recorded. Returns the maps
/// and the number of non-whitespace bytes whose position is approximate.
///
/// Text is appended in source order, so one cursor walks the page: each run
/// of appends to one node from adjoining windows is aligned from the cursor
/// (or its window's start, if later) within its window.
pub fn locate_texts(page: &str, dom: &Html, appended: &[AppendedText]) -> (TextMaps, usize) {
    let mut segments: Vec<Segment> = Vec::with_capacity(appended.len() + appended.len() / 4);
    // (node index, first segment, end of segments) for each located piece.
    let mut runs: Vec<(usize, usize, usize)> = Vec::with_capacity(appended.len());
    let mut cursor = 0usize;
    let mut approximate = 0usize;
    let mut i = 0;
    while i < appended.len() {
        // Merge consecutive appends to one node from the same window (several
        // appends from one token, or from one run of text held back), and
        // those from an empty window just after it: the second character of
        // a reference (`&NotEqualTilde;`) is a token of its own, emitted with
        // the queue where it was after the first.
        let first = &appended[i];
        let (window_start, window_end) = (first.window_start, first.window_end);
        let mut len = first.len as usize;
        let mut j = i + 1;
        while let Some(next) = appended.get(j) {
            let same_window = next.window_start == window_start && next.window_end == window_end;
            let read_ahead = next.window_start == window_end && next.window_end == window_end;
            let joins = next.node == first.node
                && next.offset as usize == first.offset as usize + len
                && (same_window || read_ahead);
            if !joins {
                break;
            }
            len += next.len as usize;
            j += 1;
        }
        i = j;
        let Some(Node::Text(text)) = dom.tree.get(first.node).map(|n| n.value()) else {
            continue;
        };
        let start = first.offset as usize;
        let Some(decoded) = text.text.get(start..start + len) else {
            continue;
        };
        let node = node_index(first.node);
        // Segments of this node's previous piece, if it came just before,
        // may be extended; never those of another node.
        let floor = match runs.last() {
            Some(&(last, run_start, _)) if last == node => run_start,
            _ => segments.len(),
        };
        let mark = segments.len();
        let (window_start, window_end) = (window_start as usize, window_end as usize);
        let from = cursor.clamp(window_start, window_end);
        let mut out = Segments {
            all: &mut segments,
            floor,
        };
        // Text is usually parsed with character references decoded; raw
        // text (`<plaintext>`, `<xmp>`, CDATA) keeps them as written.
        let mut located = None;
        for mode in [Mode::Written, Mode::Exact, Mode::Literal] {
            out.all.truncate(mark);
            located = align(page, decoded, start, from, window_end, mode, &mut out);
            if located.is_some() {
                break;
            }
        }
        if let Some(end) = located {
            cursor = end;
        } else {
            // Nothing aligned exactly: align leniently, else map the whole
            // piece to its window.
            out.all.truncate(mark);
            if let Some(end) = align(
                page,
                decoded,
                start,
                from,
                window_end,
                Mode::Lenient,
                &mut out,
            ) {
                cursor = end;
            } else {
                out.all.truncate(mark);
                push_atomic(
                    &mut out,
                    start,
                    decoded.len(),
                    window_start,
                    window_end - window_start,
                );
            }
            approximate += decoded.bytes().filter(|b| !b.is_ascii_whitespace()).count();
        }
        match runs.last_mut() {
            Some(last) if last.0 == node => last.2 = segments.len(),
            _ => runs.push((node, mark, segments.len())),
        }
    }
    (TextMaps::from_runs(segments, &runs), approximate)
}

/// Segments being written for one node: those before `floor` belong to
/// other nodes and are never extended.
struct Segments<'a> {
    all: &'a mut Vec<Segment>,
    floor: usize,
}

fn push_atomic(out: &mut Segments, text_start: usize, text_len: usize, src: usize, src_len: usize) {
    out.all.push(Segment {
        text_start: text_start as u32,
        text_len: text_len as u32,
        source_start: src as u32,
        source_len: src_len as u32,
        atomic: true,
    });
}

/// How decoded text may differ from its source.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mode {
    /// Character references decoded; what the parser drops is skipped, and
    /// markup it drops (see [`DROPPED_MARKUP`]) where the text does not match.
    Written,
    /// The same, except that dropped markup is skipped before the text is
    /// matched: `<</><` is `<` and `<`, not `<<` and `/><`.
    Exact,
    /// As written, as in raw text: `&amp;` stays `&amp;`.
    Literal,
    /// References decoded, and any source that does not match skipped.
    Lenient,
}

/// Walks `decoded` and `page[from..to]` together. Returns where the raw text
/// ended, or `None` if they do not match.
fn align(
    page: &str,
    decoded: &str,
    text_base: usize,
    from: usize,
    to: usize,
    mode: Mode,
    out: &mut Segments,
) -> Option<usize> {
    let d = decoded.as_bytes();
    let r = page.as_bytes();
    let (mut i, mut j) = (0usize, from);
    // A NUL in the source may have become U+FFFD or been dropped: it is
    // mapped first, and if the rest then fails to align, dropped instead.
    // Each entry: where the decoded and raw text were, and how many segments.
    let mut nuls: Vec<(usize, usize, usize)> = Vec::new();
    let mut backtracks = 0;
    macro_rules! fail {
        () => {
            match nuls.pop() {
                Some((at_i, at_j, segments)) if backtracks < MAX_BACKTRACKS => {
                    backtracks += 1;
                    out.all.truncate(segments);
                    i = at_i;
                    j = at_j + 1;
                    continue;
                }
                _ => return None,
            }
        };
    }
    while i < d.len() {
        if j >= to {
            fail!();
        }
        if mode == Mode::Exact
            && let Some(markup) = dropped_markup(&r[j..to])
        {
            j += markup;
            continue;
        }
        // Fast path: a run of plain characters is copied as is. Its cost is
        // the length matched, so skipping raw input stays linear.
        let same = plain_prefix(&d[i..], &r[j..to], mode == Mode::Exact);
        if same > 0 {
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
            && mode != Mode::Literal
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
            nuls.push((i, j, out.all.len()));
            push_atomic(out, text_base + i, 3, j, 1);
            i += 3;
            j += 1;
            continue;
        }
        if mode == Mode::Lenient || matches!(rb, b'\n' | b'\r' | 0 | b' ' | b'\t' | b'\x0c') {
            j += char_len;
            continue;
        }
        if matches!(mode, Mode::Exact | Mode::Written)
            && let Some(markup) = dropped_markup(&r[j..to])
        {
            j += markup;
            continue;
        }
        fail!();
    }
    Some(j)
}

/// The length of the markup dropped without a token that `raw` starts with.
fn dropped_markup(raw: &[u8]) -> Option<usize> {
    if !matches!(raw.first(), Some(b'<' | b']')) {
        return None;
    }
    DROPPED_MARKUP
        .iter()
        .find(|m| raw.starts_with(m))
        .map(|m| m.len())
}

/// How often one alignment may go back to drop a NUL it had mapped: a few
/// tries settle real pages, and the cap keeps hostile ones linear.
const MAX_BACKTRACKS: usize = 16;

fn push_identity(out: &mut Segments, text_start: usize, src: usize, len: usize) {
    let extendable = out.all.len() > out.floor;
    if let Some(last) = out.all.last_mut()
        && extendable
        && !last.atomic
        && (last.text_start + last.text_len) as usize == text_start
        && (last.source_start + last.source_len) as usize == src
    {
        last.text_len += len as u32;
        last.source_len += len as u32;
        return;
    }
    out.all.push(Segment {
        text_start: text_start as u32,
        text_len: len as u32,
        source_start: src as u32,
        source_len: len as u32,
        atomic: false,
    });
}

/// Length of the common prefix of decoded and raw text that holds no byte
/// the parser transforms (`&` may start a reference, CR becomes LF, NUL is
/// replaced or dropped) nor, if `stop_at_markup`, one that may start markup
/// the parser drops. Its cost is proportional to the length returned.
fn plain_prefix(decoded: &[u8], raw: &[u8], stop_at_markup: bool) -> usize {
    let same = common_prefix(decoded, raw);
    let same = memchr::memchr3(b'&', b'\r', 0, &raw[..same]).unwrap_or(same);
    if stop_at_markup {
        memchr::memchr2(b'<', b']', &raw[..same]).unwrap_or(same)
    } else {
        same
    }
}

/// Length of the common prefix of two byte strings, compared eight bytes at
/// a time.
fn common_prefix(a: &[u8], b: &[u8]) -> usize {
    let mut same = 0;
    for (x, y) in a.chunks_exact(8).zip(b.chunks_exact(8)) {
        let x = u64::from_le_bytes(std::array::from_fn(|k| x[k]));
        let y = u64::from_le_bytes(std::array::from_fn(|k| y[k]));
        let differ = x ^ y;
        if differ != 0 {
            return same + (differ.trailing_zeros() / 8) as usize;
        }
        same += 8;
    }
    same + a[same..]
        .iter()
        .zip(&b[same..])
        .take_while(|(x, y)| x == y)
        .count()
}

fn utf8_len(first: u8) -> usize {
    match first {
        0x00..=0x7F => 1,
        0xC0..=0xDF => 2,
        0xE0..=0xEF => 3,
        _ => 4,
    }
}
