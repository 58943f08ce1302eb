//! Bytes to text: which encoding a file is in, and where each decoded
//! character's own bytes are in the file.
//!
//! `--fix` writes replacements over stored byte ranges, so a character's
//! range must hold its bytes and nothing else. Two kinds of bytes belong to
//! no character: the escape sequences of ISO-2022-JP, which only switch the
//! decoder's state, and the bytes a malformed sequence leaves pending before
//! the decoder gives up on it. Counting them as part of the next character
//! made a fix delete them (issue 14), so the table keeps the gap between one
//! character's end and the next one's start.

use encoding_rs::{DecoderResult, Encoding};

/// A file's bytes decoded: the text, the encoding, the BOM's length, and
/// (unless the text is the stored bytes) where each character is stored.
pub(super) struct Decoded {
    pub text: String,
    pub encoding: &'static Encoding,
    pub bom_len: usize,
    pub offsets: StoredOffsets,
}

/// Which encoding a file is in, and how long its BOM is: a BOM, then
/// `<meta charset>` or the `http-equiv` content type, then UTF-8 if the
/// bytes are valid UTF-8, then a guess from the bytes.
pub fn detect(bytes: &[u8]) -> (&'static Encoding, usize) {
    if let Some((encoding, bom_len)) = Encoding::for_bom(bytes) {
        return (encoding, bom_len);
    }
    if let Some(encoding) = sniff_meta_charset(bytes) {
        return (encoding, 0);
    }
    if std::str::from_utf8(bytes).is_ok() {
        return (encoding_rs::UTF_8, 0);
    }
    (guess(bytes), 0)
}

/// How much of an undeclared page the encoding guess reads: plenty of text
/// for any language, and a bound on the cost for a huge page (the guess is
/// made again on every `--fix` pass, to verify the fixed bytes).
const GUESS_PREFIX: usize = 1 << 20;

/// The encoding of a page that declares none and is not UTF-8, guessed from
/// its bytes by chardetng, the detector Firefox uses for such pages (it
/// replaced a fixed windows-1252 fallback, which turned every Shift_JIS,
/// GBK or windows-1251 page into mojibake). Never UTF-8 (the bytes are not)
/// and never ISO-2022-JP, as in browsers; windows-1252 when there is
/// nothing to tell by.
fn guess(bytes: &[u8]) -> &'static Encoding {
    let mut detector = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
    let whole = bytes.len() <= GUESS_PREFIX;
    detector.feed(&bytes[..bytes.len().min(GUESS_PREFIX)], whole);
    detector.guess(None, chardetng::Utf8Detection::Deny)
}

/// Decodes a file as [`detect`] says, with the table of stored offsets.
pub(super) fn decode(bytes: &[u8]) -> Decoded {
    let (encoding, bom_len) = detect(bytes);
    let body = &bytes[bom_len..];
    let (text, offsets) = match std::str::from_utf8(body) {
        Ok(text) if encoding == encoding_rs::UTF_8 => (text.to_owned(), StoredOffsets::default()),
        // Pure ASCII decodes to itself in every ASCII-compatible encoding:
        // the text is the bytes, and no table is needed (fixes are still
        // written in the page's encoding).
        Ok(text) if encoding.is_ascii_compatible() && text.is_ascii() => {
            (text.to_owned(), StoredOffsets::default())
        }
        // Not UTF-8, or declared UTF-8 but malformed (replacement characters).
        _ => decode_with_offsets(encoding, body),
    };
    Decoded {
        text,
        encoding,
        bom_len,
        offsets,
    }
}

/// The text [`decode`] gives, without the table: a fast check of what a
/// file decodes to (used to verify fixed bytes before they are written).
pub fn decode_text(bytes: &[u8]) -> (std::borrow::Cow<'_, str>, &'static Encoding) {
    let (encoding, bom_len) = detect(bytes);
    let (text, _) = encoding.decode_without_bom_handling(&bytes[bom_len..]);
    (text, encoding)
}

/// For files not stored as UTF-8: the byte offset in the file (after any BOM)
/// of every character boundary of the decoded text.
///
/// Entries are `(text offset, stored offset)`, sorted. A boundary has one entry
/// when the previous character ends where the next one starts; where bytes
/// that decode to nothing (an escape sequence) lie between them, it has two
/// with the same text offset: the previous character's end, then the next
/// one's start. The last text offset (the text's length) always has an entry.
///
/// Runs of characters that are one byte in the text and one byte in the file
/// (ASCII in any ASCII-compatible encoding) keep only their first entry,
/// marked `run`: inside a run, both offsets advance together. Without that a
/// windows-1252 page cost 8 bytes of table per character (400 MB for a 50 MB
/// page); with it, a mostly-ASCII page costs next to nothing.
#[derive(Debug, Default)]
pub(super) struct StoredOffsets {
    entries: Vec<Entry>,
}

/// One boundary of [`StoredOffsets`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Entry {
    text: u32,
    stored: u32,
    /// Up to the next entry, every character is one byte in both.
    run: bool,
}

impl StoredOffsets {
    pub(super) fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Records a character (or unit of characters decoded from the same
    /// bytes) at `text` in the text, stored from byte `stored`. A unit that
    /// is one byte in both and continues a run needs no entry.
    fn push(&mut self, text: usize, stored: usize, one_to_one: bool) {
        let (text, stored) = (text as u32, stored as u32);
        if let Some(last) = self.entries.last()
            && one_to_one
            && last.run
            && text.wrapping_sub(last.text) == stored.wrapping_sub(last.stored)
        {
            return;
        }
        self.entries.push(Entry {
            text,
            stored,
            run: one_to_one,
        });
    }

    /// Records a boundary that starts no run (a character's end before a gap,
    /// the end of the text).
    fn push_boundary(&mut self, text: usize, stored: usize) {
        self.entries.push(Entry {
            text: text as u32,
            stored: stored as u32,
            run: false,
        });
    }

    /// Where the bytes of the character starting at `text_offset` start (at
    /// the end of the text: the end of the file). An offset inside a
    /// character gives that character's start.
    pub(super) fn start(&self, text_offset: usize) -> usize {
        let idx = self
            .entries
            .partition_point(|e| (e.text as usize) <= text_offset);
        let Some(e) = self.entries.get(idx.saturating_sub(1)) else {
            return 0;
        };
        if e.run && text_offset > e.text as usize {
            e.stored as usize + (text_offset - e.text as usize)
        } else {
            e.stored as usize
        }
    }

    /// Where the bytes of the character ending at `text_offset` end (at the
    /// start of the text: the start of the file). An offset inside a
    /// character gives that character's end.
    pub(super) fn end(&self, text_offset: usize) -> usize {
        let idx = self
            .entries
            .partition_point(|e| (e.text as usize) < text_offset);
        match (
            self.entries.get(idx),
            idx.checked_sub(1).map(|i| self.entries[i]),
        ) {
            (Some(e), _) if e.text as usize == text_offset => e.stored as usize,
            (_, Some(p)) if p.run => p.stored as usize + (text_offset - p.text as usize),
            (Some(e), _) => e.stored as usize,
            (None, _) => self.entries.last().map_or(0, |e| e.stored as usize),
        }
    }
}

/// Builds the decoded text and its [`StoredOffsets`] from what the decoder
/// writes, one call at a time.
struct TableBuilder<'a> {
    input: &'a [u8],
    text: String,
    table: StoredOffsets,
    /// Where the last character's bytes end.
    prev_end: usize,
    /// ISO-2022-JP: skip escape sequences before a character.
    escapes: bool,
    ascii_compatible: bool,
}

impl<'a> TableBuilder<'a> {
    fn new(encoding: &'static Encoding, input: &'a [u8]) -> Self {
        TableBuilder {
            input,
            text: String::with_capacity(input.len() + input.len() / 4),
            table: StoredOffsets::default(),
            prev_end: 0,
            escapes: encoding == encoding_rs::ISO_2022_JP,
            ascii_compatible: encoding.is_ascii_compatible(),
        }
    }

    /// Records the characters one call of the decoder wrote, from the bytes
    /// `start..end`, and returns the first byte not given to them. All but
    /// the last character may come from bytes a malformed sequence left
    /// pending; with `from_pending`, all of them do (the call read nothing
    /// new). Such bytes come back as ASCII characters, one byte each.
    fn push_output(
        &mut self,
        chars: &str,
        (mut start, end): (usize, usize),
        from_pending: bool,
    ) -> usize {
        let mut rest = chars;
        while let Some(ch) = rest.chars().next() {
            start = skip_escapes(self.input, start, end, self.escapes);
            let pending = from_pending || rest.len() > ch.len_utf8();
            let own_byte = start < end && self.input[start] == ch as u8;
            if !(pending && self.ascii_compatible && ch.is_ascii() && own_byte) {
                break;
            }
            self.push(&rest[..1], start, start + 1);
            start += 1;
            rest = &rest[1..];
        }
        if rest.is_empty() {
            return start;
        }
        self.push(rest, start, end);
        end
    }

    /// Records a unit of the decoded text: `chars`, decoded from the bytes
    /// `start..end`. Characters of one unit that decode from the same bytes
    /// (a few Big5 sequences give two code points) all start at `start`.
    fn push(&mut self, chars: &str, start: usize, end: usize) {
        if start != self.prev_end {
            self.table.push_boundary(self.text.len(), self.prev_end);
        }
        let one_to_one = chars.len() == 1 && end == start + 1;
        for ch in chars.chars() {
            self.table.push(self.text.len(), start, one_to_one);
            self.text.push(ch);
        }
        self.prev_end = end;
    }

    /// Records `input[start..end]`, all ASCII, as that many characters of
    /// one byte each: what [`Self::push`] would record one byte at a time
    /// (after the first, each continues the first one's run).
    fn push_ascii_run(&mut self, start: usize, end: usize) {
        let run = &self.input[start..end];
        let Ok(first) = std::str::from_utf8(&run[..1]) else {
            return;
        };
        self.push(first, start, start + 1);
        // ASCII is UTF-8 as it stands.
        self.text
            .push_str(std::str::from_utf8(&run[1..]).unwrap_or_default());
        self.prev_end = end;
    }

    fn finish(mut self) -> (String, StoredOffsets) {
        let (len, input_len) = (self.text.len(), self.input.len());
        if self.prev_end != input_len {
            self.table.push_boundary(len, self.prev_end);
        }
        self.table.push_boundary(len, input_len);
        (self.text, self.table)
    }
}

/// Decodes `input` (no BOM) with a non-UTF-8 encoding, or malformed UTF-8,
/// recording where each character's bytes are. Malformed sequences become
/// U+FFFD, exactly as [`Encoding::decode_without_bom_handling`] does.
pub(super) fn decode_with_offsets(
    encoding: &'static Encoding,
    input: &[u8],
) -> (String, StoredOffsets) {
    if encoding.is_single_byte() {
        return decode_single_byte(encoding, input);
    }
    let mut decoder = encoding.new_decoder_without_bom_handling();
    let mut builder = TableBuilder::new(encoding, input);
    // The first byte not yet given to a character or to a gap.
    let mut unit_start = 0usize;
    let mut buf = [0u8; 64];
    let mut at = 0usize;
    // Set after a malformed sequence that left bytes pending: the next call
    // gets no input, so what it writes comes from those bytes alone.
    let mut flush = false;
    // One byte at a time: the decoder says after which byte a character is
    // complete, and exactly which bytes a malformed sequence spans.
    loop {
        // Between characters an ASCII-compatible decoder holds nothing, and
        // an ASCII byte decodes to itself and leaves it so: a run of them
        // is copied as it stands (a page in GBK or Shift_JIS is mostly
        // markup), and the decoder never sees it.
        if builder.ascii_compatible && !flush && unit_start == at {
            let run = input[at..].iter().take_while(|b| b.is_ascii()).count();
            if run > 0 {
                builder.push_ascii_run(at, at + run);
                at += run;
                unit_start = at;
                continue;
            }
        }
        let end_of_input = at >= input.len();
        let last = end_of_input && !flush;
        let src = if end_of_input || flush {
            &[][..]
        } else {
            &input[at..at + 1]
        };
        let (result, read, written) =
            decoder.decode_to_utf8_without_replacement(src, &mut buf, last);
        let consumed = at + read;
        let out = std::str::from_utf8(&buf[..written]).unwrap_or_default();
        let from_pending = read == 0;
        flush = false;
        match result {
            DecoderResult::Malformed(bad, after) => {
                let mal_end = consumed.saturating_sub(after as usize).max(unit_start);
                let mal_start = mal_end.saturating_sub(bad as usize).max(unit_start);
                if !out.is_empty() {
                    // Characters completed before the malformed sequence.
                    builder.push_output(out, (unit_start, mal_start), from_pending);
                }
                builder.push("\u{FFFD}", mal_start, mal_end);
                unit_start = mal_end;
                flush = after > 0;
            }
            DecoderResult::InputEmpty | DecoderResult::OutputFull => {
                if !out.is_empty() {
                    unit_start = builder.push_output(out, (unit_start, consumed), from_pending);
                }
                if last && result == DecoderResult::InputEmpty {
                    break;
                }
            }
        }
        at = consumed;
    }
    builder.finish()
}

/// Every byte is one character in a single-byte encoding.
fn decode_single_byte(encoding: &'static Encoding, input: &[u8]) -> (String, StoredOffsets) {
    let (text, _) = encoding.decode_without_bom_handling(input);
    let text = text.into_owned();
    let mut table = StoredOffsets::default();
    for (byte, (offset, ch)) in text.char_indices().enumerate() {
        table.push(offset, byte, ch.is_ascii());
    }
    table.push_boundary(text.len(), input.len());
    (text, table)
}

/// The start of a character's own bytes in `input[start..end]`: after the
/// ISO-2022-JP escape sequences that switched the decoder into the state
/// the character is written in (they decode to nothing).
fn skip_escapes(input: &[u8], mut start: usize, end: usize, escapes: bool) -> usize {
    // A character keeps at least one byte of its own.
    while escapes && start + 3 < end && iso_2022_jp_escape(&input[start..end]).is_some() {
        start += 3;
    }
    start
}

/// The states an ISO-2022-JP decoder can be switched into by an escape sequence.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Iso2022JpState {
    Ascii,
    Roman,
    Katakana,
    Jis0208,
}

impl Iso2022JpState {
    /// The escape sequence that switches into this state.
    pub fn escape(self) -> &'static [u8; 3] {
        match self {
            Iso2022JpState::Ascii => b"\x1b(B",
            Iso2022JpState::Roman => b"\x1b(J",
            Iso2022JpState::Katakana => b"\x1b(I",
            Iso2022JpState::Jis0208 => b"\x1b$B",
        }
    }
}

/// The state a valid ISO-2022-JP escape sequence at the start of `bytes`
/// switches to, or `None` if `bytes` does not start with one.
pub fn iso_2022_jp_escape(bytes: &[u8]) -> Option<Iso2022JpState> {
    match bytes.get(..3)? {
        b"\x1b(B" => Some(Iso2022JpState::Ascii),
        b"\x1b(J" => Some(Iso2022JpState::Roman),
        b"\x1b(I" => Some(Iso2022JpState::Katakana),
        b"\x1b$@" | b"\x1b$B" => Some(Iso2022JpState::Jis0208),
        _ => None,
    }
}

/// The state an ISO-2022-JP decoder is in after `bytes`: set by the last
/// valid escape sequence (ESC bytes are never text in ISO-2022-JP, and an
/// invalid escape leaves the state as it was).
pub fn iso_2022_jp_state_after(bytes: &[u8]) -> Iso2022JpState {
    let mut end = bytes.len();
    while let Some(at) = memchr::memrchr(0x1b, &bytes[..end]) {
        if let Some(state) = iso_2022_jp_escape(&bytes[at..]) {
            // An escape cut off by the end of `bytes` has not happened yet.
            if at + 3 <= bytes.len() {
                return state;
            }
        }
        end = at;
    }
    Iso2022JpState::Ascii
}

/// Finds `<meta charset=...>` or `<meta http-equiv="content-type" content="...; charset=...">`
/// in the first 4 KiB, as the HTML standard's prescan does (simplified).
fn sniff_meta_charset(bytes: &[u8]) -> Option<&'static Encoding> {
    let head = &bytes[..bytes.len().min(4096)];
    let lower: Vec<u8> = head.iter().map(|b| b.to_ascii_lowercase()).collect();
    let mut i = 0;
    while let Some(pos) = find(&lower[i..], b"<meta") {
        let start = i + pos;
        let end = lower[start..]
            .iter()
            .position(|&b| b == b'>')
            .map_or(lower.len(), |p| start + p);
        let tag = &lower[start..end];
        if let Some(p) = find(tag, b"charset") {
            let rest = &tag[p + 7..];
            let rest = trim_start(rest);
            if let Some(rest) = rest.strip_prefix(b"=") {
                let rest = trim_start(rest);
                let rest = rest.strip_prefix(b"\"").unwrap_or(rest);
                let rest = rest.strip_prefix(b"'").unwrap_or(rest);
                let label_end = rest
                    .iter()
                    .position(|b| matches!(b, b'"' | b'\'' | b';' | b' ' | b'/' | b'>'))
                    .unwrap_or(rest.len());
                if let Some(enc) = Encoding::for_label(&rest[..label_end]) {
                    // A page that says UTF-16 in a meta tag is really ASCII-compatible.
                    if enc == encoding_rs::UTF_16LE || enc == encoding_rs::UTF_16BE {
                        return Some(encoding_rs::UTF_8);
                    }
                    return Some(enc);
                }
            }
        }
        i = end;
        if i >= lower.len() {
            break;
        }
    }
    None
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

fn trim_start(mut s: &[u8]) -> &[u8] {
    while let Some((first, rest)) = s.split_first() {
        if first.is_ascii_whitespace() {
            s = rest;
        } else {
            break;
        }
    }
    s
}
